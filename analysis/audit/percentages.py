"""Percent against counts: a printed percentage against its own printed numerator and
denominator ('89.9% (519 out of 582)': 519 / 582 is 89.2%)."""

from __future__ import annotations

import pandas as pd

from ..dataset.units import fmt
from .rows import check_row, records
from .rule import judge
from .sentences import explain


def percent_vs_counts(ind: pd.DataFrame) -> list[dict]:
    """A check of every percentage printed with its counts (not one written out in words).

    >>> from analysis.audit.examples import indicators
    >>> ind = indicators({"figure_id": "p.p1", "unit": "percent", "value": 89.9,
    ...     "precision": 0.05, "numerator": 519, "denominator": 582})
    >>> percent_vs_counts(ind)[0]["explanation"]
    'The paper gives 89.9%, but 519 out of 582 is 89.2%.'
    """
    rows = ind[(ind["unit"] == "percent") & ind["numerator"].notna() & ind["denominator"].notna()
               & (ind["denominator"] > 0) & ~ind["flags"].str.contains("from words")]
    return [_percent_check(r) for r in records(rows)]


def _percent_check(r: dict) -> dict:
    expected = 100 * r["numerator"] / r["denominator"]
    outcome = judge(r["value"], expected, r["precision"], r["qualifier"], unit="percent")
    printed = fmt(r["value"], "percent", r["precision"])
    exp = fmt(expected, "percent", r["precision"])
    counts = f"{r['numerator']:,.0f} out of {r['denominator']:,.0f}"
    text = explain(outcome, f"{printed} matches {counts} ({exp}",
                   f"The paper gives {printed}, but {counts} is {exp}.", [r])
    return check_row(f"percent:{r['figure_id']}", "percent vs counts", [r],
                     f"{printed} ({counts})", exp, outcome, r["precision"], r["value"], text)
