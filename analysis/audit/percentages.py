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
    # the percents printed with counts, by paper, measure and authority: looked up per check
    printed: dict[tuple, list[dict]] = {}
    for o in records(ind[(ind["unit"] == "percent") & ind["numerator"].notna()]):
        printed.setdefault((o["paper_id"], o["measure_id"], o["authority"]), []).append(o)
    return [_percent_check(r, printed) for r in records(rows)]


def _elsewhere(r: dict, printed: dict[tuple, list[dict]]) -> str:
    """Where a mismatched percent's counts are printed again with the figure they do give, in
    the same paper ('35.6% (1,723 out of 5,081)' at 002:780, whose counts 002:782 prints with
    33.9% for Nov 2024, and 002:954 prints 35.6% with 1,795 out of 5,043): '' when they are
    not."""
    same = [o for o in printed.get((r["paper_id"], r["measure_id"], r["authority"]), [])
            if o["figure_id"] != r["figure_id"]]
    theirs = [o for o in same if (o["numerator"], o["denominator"]) == (
        r["numerator"], r["denominator"]) and o["period"] != r["period"]]
    if not theirs:
        return ""
    t = theirs[0]
    said = (f" Those counts are printed with {fmt(t['value'], 'percent', t['precision'])} for "
            f"{t['period']} at line {int(t['source_line'])}")
    own = [o for o in same if o["period"] == r["period"] and o["value"] == r["value"]
           and o["numerator"] != r["numerator"]]
    if own:
        o = own[0]
        said += (f", and {fmt(r['value'], 'percent', r['precision'])} for {r['period']} with "
                 f"{o['numerator']:,.0f} out of {o['denominator']:,.0f} at line "
                 f"{int(o['source_line'])}, which agree")
    return said + "."


def _percent_check(r: dict, printed_: dict[tuple, list[dict]] | None = None) -> dict:
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
