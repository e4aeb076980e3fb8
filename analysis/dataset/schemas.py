"""The raw and processed schemas, declared once and checked at every boundary."""

from __future__ import annotations

import pandera.pandas as pa

from ..read.formats import FIGURE_ID, VALUE_TYPES, _nonempty, _text

THEMES = ["workforce", "reablement", "budget", "safeguarding", "other"]
UNITS = ["percent", "gbp", "count", "per_100k", "years", "days", "hours", "minutes", "gbp_per_hour",
         "ratio", "rank", "quartile"]
POLARITIES = ["higher_better", "lower_better", "neutral"]
INDICATOR_UNITS = UNITS + ["percent_change", "percentage_points"]

MEASURE_COLUMNS = ["measure_id", "theme", "label", "unit", "polarity", "definition",
                   "source_family", "ascof_2016", "ascof_2023", "comparability"]
CORRECTION_COLUMNS = ["figure_id", "field", "corrected", "reason", "evidence"]

MEASURES_SCHEMA = pa.DataFrameSchema(
    {
        "measure_id": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$"), unique=True),
        "theme": pa.Column(str, pa.Check.isin(THEMES)),
        "label": _nonempty,
        "unit": pa.Column(str, pa.Check.isin(UNITS)),
        "polarity": pa.Column(str, pa.Check.isin(POLARITIES)),
        "definition": _nonempty,
        "source_family": _nonempty,
        "ascof_2016": _text,
        "ascof_2023": _text,
        "comparability": _text,
    },
    strict="filter", name="measures",
)

CORRECTIONS_SCHEMA = pa.DataFrameSchema(
    {
        "figure_id": pa.Column(str, pa.Check.str_matches(FIGURE_ID)),
        "field": pa.Column(str, pa.Check.isin(["value", "period"])),
        "corrected": _nonempty,
        "reason": _nonempty,
        "evidence": pa.Column(str, pa.Check.str_matches(r"^\S+:\d+(;\s*\S+:\d+)*$")),
    },
    strict="filter", name="corrections",
)

INDICATOR_COLUMNS = [
    "figure_id", "paper_id", "council", "meeting_date", "source_file", "source_line", "locator",
    "authority", "theme", "measure_id", "measure_label", "breakdown", "period", "period_start",
    "period_end", "period_kind", "value_type", "value", "precision", "unit", "lower", "upper",
    "numerator", "denominator", "qualifier", "raw", "flags", "note",
]

INDICATORS_SCHEMA = pa.DataFrameSchema(
    {
        "figure_id": pa.Column(str, pa.Check.str_matches(FIGURE_ID), unique=True),
        "paper_id": pa.Column(str),
        "council": _nonempty,
        "meeting_date": pa.Column("datetime64[ns]"),
        "source_file": pa.Column(str, pa.Check.str_matches(r".+\.txt$")),
        "source_line": pa.Column(int, pa.Check.ge(1)),
        "locator": _nonempty,
        "authority": _nonempty,
        "theme": pa.Column(str, pa.Check.isin(THEMES)),
        "measure_id": _nonempty,
        "measure_label": _nonempty,
        "breakdown": _text,
        "period": _nonempty,
        "period_start": pa.Column("datetime64[ns]"),
        "period_end": pa.Column("datetime64[ns]"),
        "period_kind": _nonempty,
        "value_type": pa.Column(str, pa.Check.isin(VALUE_TYPES)),
        "value": pa.Column(float, pa.Check(lambda s: s.notna() & ~s.isin([float("inf"),
                                                                           float("-inf")]))),
        "precision": pa.Column(float, pa.Check.ge(0)),
        "unit": pa.Column(str, pa.Check.isin(INDICATOR_UNITS)),
        "lower": pa.Column(float, nullable=True),
        "upper": pa.Column(float, nullable=True),
        "numerator": pa.Column(float, nullable=True),
        "denominator": pa.Column(float, nullable=True),
        "qualifier": _text,
        "raw": _nonempty,
        "flags": _text,
        "note": _text,
    },
    checks=[pa.Check(lambda df: (df["period_start"] <= df["period_end"]),
                     error="period_start after period_end")],
    strict=True, ordered=True, name="indicators",
)

REJECT_COLUMNS = ["figure_id", "paper_id", "source_file", "source_line", "locator", "measure_id",
                  "authority", "period", "value_type", "raw", "reason"]

REJECTS_SCHEMA = pa.DataFrameSchema(
    {c: pa.Column(int if c == "source_line" else str) for c in REJECT_COLUMNS}
    | {"reason": _nonempty},
    strict=True, ordered=True, name="rejects",
)
