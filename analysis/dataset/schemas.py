"""The raw and processed schemas, declared once and checked at every boundary."""

from __future__ import annotations

import pandera.pandas as pa

from ..parse.figure_words import QUARTILE_ORDERS as QUARTILE_ORDER_WORDS
from ..sources.figure_files import FIGURE_ID, SCOPES, VALUE_TYPES, _nonempty, _text

THEMES = ["workforce", "reablement", "budget", "safeguarding", "other"]
UNITS = ["percent", "gbp", "count", "per_100k", "years", "days", "hours", "minutes", "gbp_per_hour",
         "ratio", "rank", "quartile"]
POLARITIES = ["higher_better", "lower_better", "neutral"]
# One sign convention per measure. 'positive' and 'negative' are conventions for money, which
# a budget table prints negative by accounting habit: the value is a magnitude whatever sign is
# printed (a saving of £1.8m, income of £152.3m). 'signed' measures carry a meaningful sign,
# explained in their definition (a net budget, a growth rate); 'as printed' keeps the printed
# sign of any other figure (a share, a rate, a count). Stated changes (value type 'change') are
# always signed by their direction.
SIGNS = ["positive", "negative", "signed", "as printed"]
MAGNITUDE_SIGNS = ("positive", "negative")
MONEY_UNITS = ("gbp", "gbp_per_hour")
# Which way a measure numbers its quartiles: 1 is the top quartile, or 1 is the bottom one.
QUARTILE_ORDERS = ["", *QUARTILE_ORDER_WORDS]
FOOTPRINTS = ["council", "benchmark", "wider footprint", "other council"]
PERIOD_KINDS = ["financial_year", "academic_year", "quarter", "month", "date", "range",
                "multi_year", "calendar_year", "undated"]
INDICATOR_UNITS = UNITS + ["percent_change", "percentage_points"]

MEASURE_COLUMNS = ["measure_id", "theme", "label", "unit", "polarity", "definition",
                   "source_family", "ascof_2016", "ascof_2023", "comparability", "sign", "scope",
                   "unit_label", "kind", "rate_measure", "series_note", "quartile_order",
                   "quartile_of", "mistaken_for"]
# administrative: counts about the council's own paperwork (inspection cases, plan milestones)
KINDS = ["outcome", "process", "activity", "workforce", "money", "administrative"]
CORRECTION_COLUMNS = ["figure_id", "field", "corrected", "reason", "evidence", "origin"]
ORIGINS = ["conversion", "paper"]  # garbled by the conversion to text, or printed so by the council

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
        "sign": pa.Column(str, pa.Check.isin(SIGNS)),
        "scope": pa.Column(str, pa.Check.isin(SCOPES)),
        "unit_label": _text,
        "kind": pa.Column(str, pa.Check.isin(KINDS)),
        "rate_measure": _text,
        "series_note": _text,
        "quartile_order": pa.Column(str, pa.Check.isin(QUARTILE_ORDERS)),
        "quartile_of": _text,
        "mistaken_for": _text,
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
        "origin": pa.Column(str, pa.Check.isin(ORIGINS)),
    },
    strict="filter", name="corrections",
)

INDICATOR_COLUMNS = [
    "figure_id", "paper_id", "council", "meeting_date", "source_file", "source_line", "locator",
    "authority", "footprint", "theme", "measure_id", "measure_label", "breakdown", "scope",
    "period", "period_start", "period_end", "period_kind", "value_type", "value", "printed_value",
    "precision", "unit", "lower", "upper", "numerator", "denominator", "qualifier", "raw", "flags",
    "observation_id", "note",
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
        "footprint": pa.Column(str, pa.Check.isin(FOOTPRINTS)),
        "theme": pa.Column(str, pa.Check.isin(THEMES)),
        "measure_id": _nonempty,
        "measure_label": _nonempty,
        "breakdown": _text,
        "scope": pa.Column(str, pa.Check.isin(SCOPES)),
        "period": _nonempty,
        "period_start": pa.Column("datetime64[ns]"),
        "period_end": pa.Column("datetime64[ns]"),
        "period_kind": pa.Column(str, pa.Check.isin(PERIOD_KINDS)),
        "value_type": pa.Column(str, pa.Check.isin(VALUE_TYPES)),
        "value": pa.Column(float, pa.Check(lambda s: s.notna() & ~s.isin([float("inf"),
                                                                           float("-inf")]))),
        "printed_value": pa.Column(float),
        "precision": pa.Column(float, pa.Check.ge(0)),
        "unit": pa.Column(str, pa.Check.isin(INDICATOR_UNITS)),
        "lower": pa.Column(float, nullable=True),
        "upper": pa.Column(float, nullable=True),
        "numerator": pa.Column(float, nullable=True),
        "denominator": pa.Column(float, nullable=True),
        "qualifier": _text,
        "raw": _nonempty,
        "flags": _text,
        "observation_id": pa.Column(str, pa.Check.str_matches(FIGURE_ID)),
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
