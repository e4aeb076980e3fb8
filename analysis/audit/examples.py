"""Small indicator tables for examples and tests: each row names what it is about, and every
other column takes a neutral default (Leicestershire, 2023/24, an actual count, ±0.5)."""

from __future__ import annotations

import pandas as pd

from ..dataset.schemas import INDICATOR_COLUMNS


def indicators(*rows: dict) -> pd.DataFrame:
    """An indicator table of ``rows``; ``printed_value`` follows ``value`` and each figure is
    an observation of its own unless a row says otherwise.

    >>> indicators({"figure_id": "p.p1", "value": 868})[["figure_id", "value", "period"]]
      figure_id  value   period
    0      p.p1    868  2023/24
    """
    base = {c: "" for c in INDICATOR_COLUMNS} | {
        "paper_id": "p", "council": "Leicestershire", "source_file": "x.txt", "source_line": 1,
        "authority": "Leicestershire", "footprint": "council", "theme": "other",
        "measure_label": "Thing", "scope": "adult social care", "raw": "a figure",
        "period": "2023/24", "period_start": pd.Timestamp("2023-04-01"),
        "period_end": pd.Timestamp("2024-03-31"), "period_kind": "financial_year",
        "meeting_date": pd.Timestamp("2025-01-20"), "value_type": "actual", "unit": "count",
        "precision": 0.5, "numerator": None, "denominator": None, "lower": None, "upper": None}
    full = [base | {"printed_value": r.get("value"), "observation_id": r["figure_id"]} | r
            for r in rows]
    return pd.DataFrame(full, columns=INDICATOR_COLUMNS)
