"""The raw and processed schemas, declared once and checked at every boundary."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .errors import DataError
from .tables_io import ROW_COLUMN, SOURCE_PATH

THEMES = ["workforce", "reablement", "budget", "safeguarding", "other"]
UNITS = ["percent", "gbp", "count", "per_100k", "years", "days", "hours", "minutes", "gbp_per_hour",
         "ratio", "rank", "quartile"]
POLARITIES = ["higher_better", "lower_better", "neutral"]
VALUE_TYPES = ["actual", "forecast", "projection", "target", "milestone", "benchmark", "budget",
               "change", "rank"]
INDICATOR_UNITS = UNITS + ["percent_change", "percentage_points"]

ID = r"^[a-z0-9][a-z0-9_\-]*$"
FIGURE_ID = r"^[a-z0-9\-]+\.(p\d{4}|t\d{4}c\d+(?:x\d+)?)$"

FIGURE_COLUMNS = ["figure_id", "paper_id", "line", "locator", "raw", "authority", "measure_id",
                  "breakdown", "period", "period_source", "value_type", "unit_hint", "note"]
MEASURE_COLUMNS = ["measure_id", "theme", "label", "unit", "polarity", "definition",
                   "source_family", "ascof_2016", "ascof_2023", "comparability"]
CORRECTION_COLUMNS = ["figure_id", "field", "corrected", "reason", "evidence"]

_text = pa.Column(str)
_nonempty = pa.Column(str, pa.Check.str_length(min_value=1))

PAPERS_SCHEMA = pa.DataFrameSchema(
    {
        "paper_id": pa.Column(str, [pa.Check.str_matches(ID)], unique=True),
        "council": _nonempty,
        "committee": _nonempty,
        "meeting_date": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
        "title": _nonempty,
        "file_name": pa.Column(str, pa.Check.str_length(min_value=1), unique=True),
        "sha256": pa.Column(str, pa.Check.str_matches(r"^[0-9a-f]{64}$")),
    },
    strict="filter", name="papers",
)

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

FIGURES_SCHEMA = pa.DataFrameSchema(
    {
        "figure_id": pa.Column(str, pa.Check.str_matches(FIGURE_ID)),
        "paper_id": pa.Column(str, pa.Check.str_matches(ID)),
        "line": pa.Column(str, pa.Check.str_matches(r"^[1-9]\d*$")),
        "locator": _nonempty,
        "raw": _nonempty,
        "authority": _nonempty,
        "measure_id": _nonempty,
        "breakdown": pa.Column(str, pa.Check(
            lambda s: (s == "") | s.str.contains(": ", regex=False),
            error="breakdown must be empty or 'dimension: value'")),
        "period": _text,
        "period_source": pa.Column(str, pa.Check.isin(["printed", "context"])),
        "value_type": pa.Column(str, pa.Check.isin(VALUE_TYPES)),
        "unit_hint": pa.Column(str, pa.Check.isin(["", "£000", "£m", "£", "%", "count", "per 100k",
                                                   "years", "days", "hours", "minutes"])),
        "note": _text,
    },
    strict="filter", name="figures",
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


def validate(schema: pa.DataFrameSchema, df: pd.DataFrame, path: Path | str,
             fix: str = "Correct the file and rerun.") -> pd.DataFrame:
    """Validate ``df``; on failure raise a DataError naming the file, row and column."""
    bookkeeping = [c for c in df.columns if c.startswith("_")]
    try:
        checked = schema.validate(df.drop(columns=bookkeeping), lazy=True)
        return checked.join(df[bookkeeping]) if bookkeeping else checked
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        first = cases.iloc[0]
        column = first.get("column")
        column = None if pd.isna(column) else str(column)
        row = None
        index = first.get("index")
        if index is not None and not pd.isna(index) and ROW_COLUMN in df.columns:
            try:
                row = int(df.loc[index, ROW_COLUMN])
                if SOURCE_PATH in df.columns:
                    path = df.loc[index, SOURCE_PATH]
            except (KeyError, ValueError, TypeError):
                row = None
        check = first.get("check")
        more = f" ({len(cases) - 1} more problem(s) after this one)" if len(cases) > 1 else ""
        raise DataError(path, f"value {first.get('failure_case')!r} fails {check}{more}",
                        row=row, column=column, fix=fix) from None
