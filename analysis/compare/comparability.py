"""How comparable the councils' figures for one measure are, and why, in three verdicts.

*Like for like*: the same measure, breakdown and period. *Comparable with caveats*: different
periods within three years, a breakdown, a part-year figure beside a full year. *Not
comparable*: a council prints nothing, the measure is a total that follows the size of the
area, or one council's newest figure is more than three years older than the other's. With one
council, the verdict is about its benchmark instead.
"""

from __future__ import annotations

from .ratings import ratable
from .select import HISTORICAL_YEARS, years_between
from .words import breakdown_words

LIKE, CAVEATS, NOT_COMPARABLE = "like for like", "comparable with caveats", "not comparable"


def nothing_dated(rows: list[dict]) -> str:
    """Why councils without a dated figure cannot be compared: they print none, or print one
    only without a period.

    >>> nothing_dated([{"authority": "Leicester", "block": "not reported"}])
    "Leicester's papers print no figure for this measure"
    >>> nothing_dated([{"authority": "Leicester", "block": "undated"}])
    "Leicester's papers print this figure only without a period"
    """
    reasons = []
    for undated, what in ((False, "no figure for this measure"),
                          (True, "this figure only without a period")):
        who = [r["authority"] for r in rows if (r.get("block") == "undated") == undated]
        if who:
            reasons.append(f"{' and '.join(who)}'s papers print {what}")
    return "; ".join(reasons)


def against_benchmark(row: dict | None, council: dict, unit: str) -> tuple[str, str]:
    """The verdict for one council's figure (``row``, None when it has no dated one), which can
    only be compared with a benchmark."""
    if row is None:
        return NOT_COMPARABLE, nothing_dated([council])
    if not ratable(unit):
        return NOT_COMPARABLE, "a total follows the size of the area"
    if not row.get("benchmark"):
        return NOT_COMPARABLE, row.get("rating_note") or "no benchmark printed"
    if row.get("benchmark_period") == row["period"] and row.get("rating"):
        return LIKE, f"benchmark printed for the same period ({row['period']})"
    return CAVEATS, row.get("rating_note") or "benchmark for another period"


def caveats_between(have: list[dict]) -> list[str]:
    """What separates the councils' figures: periods, breakdowns, a part-year figure."""
    spans = {(r["period_start"], r["period_end"]) for r in have}
    gap = years_between(max(r["period_end"] for r in have), min(r["period_end"] for r in have))
    reasons = []
    if len(spans) > 1:
        reasons.append("different periods (" + ", ".join(f"{r['authority']} {r['period']}"
                                                         for r in have) + f"; {gap:g} years apart)")
    if len({r["breakdown"] for r in have}) > 1 or any(r["breakdown"] for r in have):
        dims = " or ".join(sorted({r["breakdown"].partition(": ")[0] for r in have
                                   if r["breakdown"]}))
        reasons.append("; ".join(f"{r['authority']}: "
                                 + (breakdown_words(r["breakdown"]) if r["breakdown"] else
                                    f"{dims} not stated in the paper") for r in have))
    if any("part of a year" in r["caveats"] for r in have) and len(spans) > 1:
        reasons.append("a part-year figure beside a full year")
    inferred = [r["authority"] for r in have if r.get("period_inferred") is True]
    if inferred:
        reasons.append(f"{' and '.join(inferred)}: the period is read from the report's text "
                       "(the tool's reading), not printed with the figure")
    return reasons


def verdict(rows: list[dict], unit: str, councils: list[str]) -> tuple[str, str]:
    """The verdict and its reason for the councils' ``rows`` of one measure."""
    have = [r for r in rows if r.get("figure_id") and r["block"] in ("headline", "historical")]
    if len(councils) == 1:
        return against_benchmark(have[0] if have else None, rows[0], unit)
    missing = [r for r in rows if r not in have]
    if missing:
        return NOT_COMPARABLE, nothing_dated(missing)
    if not ratable(unit):  # and whatever else separates the figures, so size is not the
        # only reason a reader is given (two services' counts over different spans, 20_reablement)
        return NOT_COMPARABLE, "; ".join(
            ["a total follows the size of each council's area; the papers print no population "
             "to put it per head", *caveats_between(have)])
    gap = years_between(max(r["period_end"] for r in have), min(r["period_end"] for r in have))
    if gap > HISTORICAL_YEARS:
        old = min(have, key=lambda r: r["period_end"])
        parts = [c for c in caveats_between(have) if not c.startswith("different periods")]
        return NOT_COMPARABLE, "; ".join(
            [f"{old['authority']}'s newest figure is for {old['period']}, {gap:g} years before "
             "the other council's", *parts])
    reasons = caveats_between(have)
    if reasons:
        return CAVEATS, "; ".join(reasons)
    return LIKE, f"same measure, breakdown and period ({have[0]['period']})"
