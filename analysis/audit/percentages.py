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
    others = ind[(ind["unit"] == "percent") & ind["numerator"].notna()]
    return [_percent_check(r, others) for r in records(rows)]


def _elsewhere(r: dict, printed: pd.DataFrame) -> str:
    """Where a mismatched percent's counts are printed again with the figure they do give, in
    the same paper ('35.6% (1,723 out of 5,081)' at 002:780, whose counts 002:954 prints with
    33.9% for Nov 2024, and 35.6% with 1,795 out of 5,043): '' when they are not."""
    same = printed[(printed["paper_id"] == r["paper_id"]) & (printed["measure_id"]
                   == r["measure_id"]) & (printed["authority"] == r["authority"])
                   & (printed["figure_id"] != r["figure_id"])]
    theirs = same[(same["numerator"] == r["numerator"]) & (same["denominator"]
                  == r["denominator"]) & (same["period"] != r["period"])]
    if theirs.empty:
        return ""
    t = theirs.iloc[0]
    said = (f" Those counts are printed with {fmt(t['value'], 'percent', t['precision'])} for "
            f"{t['period']} at line {int(t['source_line'])}")
    own = same[(same["period"] == r["period"]) & (same["value"] == r["value"])
               & (same["numerator"] != r["numerator"])]
    if not own.empty:
        o = own.iloc[0]
        said += (f", and {fmt(r['value'], 'percent', r['precision'])} for {r['period']} with "
                 f"{o['numerator']:,.0f} out of {o['denominator']:,.0f} at line "
                 f"{int(o['source_line'])}, which agree")
    return said + "."


def _percent_check(r: dict, printed_: pd.DataFrame | None = None) -> dict:
    expected = 100 * r["numerator"] / r["denominator"]
    outcome = judge(r["value"], expected, r["precision"], r["qualifier"], unit="percent")
    printed = fmt(r["value"], "percent", r["precision"])
    exp = fmt(expected, "percent", r["precision"])
    counts = f"{r['numerator']:,.0f} out of {r['denominator']:,.0f}"
    text = explain(outcome, f"{printed} matches {counts} ({exp}",
                   f"The paper gives {printed}, but {counts} is {exp}."
                   + ("" if printed_ is None else _elsewhere(r, printed_)), [r])
    return check_row(f"percent:{r['figure_id']}", "percent vs counts", [r],
                     f"{printed} ({counts})", exp, outcome, r["precision"], r["value"], text)
