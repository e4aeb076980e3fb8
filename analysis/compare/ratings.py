"""The rating rule, in exact decimal arithmetic so a gap on the band's edge is always 'similar'.

A council's figure is *similar* to another figure (a benchmark, or its own previous period) when
the gap between them is no more than both figures' printed precision plus a margin: 1 percentage
point for percentages, 2.5% of the other figure for other rates. Beyond that it is *better* or
*worse* according to the measure's polarity (*higher* or *lower* when the measure has none).
Counts and sums of money are never rated: they follow the size of the area.

>>> rate(89.9, 88.8, 0.05, 0.05, "percent", "higher_better")   # 1.1 is exactly the band
'similar'
>>> rate(85.3, 81.6, 0.05, 0.05, "percent", "higher_better")
'better'
>>> rate(12.8, 15.2, 0.05, 0.05, "per_100k", "lower_better")
'better'
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from .markers import paper_comparison
from .select import RATABLE_GAP_DAYS, benchmark_for, benchmark_to_rate, years_between
from .words import breakdown_words, shown, unit_label

PERCENT_UNITS = ("percent", "percentage_points")
SIZE_UNITS = ("count", "gbp", "hours")  # totals that follow the size of the area
MARGIN_POINTS = Decimal("1")
MARGIN_SHARE = Decimal("0.025")
RULE = ("A council is rated similar to a benchmark when the gap between them is no more than "
        "both figures' printed precision (half a unit of the last digit printed) plus 1 "
        "percentage point for percentages, or 2.5% of the benchmark for other rates; otherwise "
        "better or worse according to whether a higher figure is better for that measure. "
        "Counts and money are never rated, because they follow the size of the area; figures "
        "more than about a year apart are never rated against each other.")


def exact(value: float) -> Decimal:
    """A float as the decimal it was printed as (85.3 is Decimal('85.3'), not 85.29999...)."""
    return Decimal(repr(float(value)))


def band(other: float, precision: float, other_precision: float, unit: str) -> Decimal:
    """How far apart two figures may be and still be 'similar'."""
    margin = MARGIN_POINTS if unit in PERCENT_UNITS else MARGIN_SHARE * abs(exact(other))
    return exact(precision) + exact(other_precision) + margin


def rate(value: float, other: float, precision: float, other_precision: float, unit: str,
         polarity: str, words: tuple[str, str, str] = ("better", "similar", "worse")) -> str:
    """One of ``words`` (better, similar, worse) for ``value`` against ``other``."""
    gap = exact(value) - exact(other)
    if abs(gap) <= band(other, precision, other_precision, unit):
        return words[1]
    if polarity == "neutral":
        return "higher" if gap > 0 else "lower"
    good = (gap > 0) == (polarity == "higher_better")
    return words[0] if good else words[2]


def similar_because(fig: pd.Series, bench: pd.Series, gap_word: str = "gap") -> str:
    """Why two different figures are rated similar, with the allowance worked out, so the
    rating is not read as the paper's own word (004:435 calls 7 sickness days 'lower than'
    the region's 8). A direction of travel calls its gap the change, against the earlier
    figure.

    The gap is in the measure's own unit words (the catalogue's ``unit_label``, so a rate per
    100,000 people aged 65+ is not called one per 100,000 population).

    >>> said = similar_because({"value": 7.0, "unit": "days", "precision": 0.5,
    ...                         "unit_label": "days a year per worker"},
    ...                        {"value": 8.0, "precision": 0.5})
    >>> said.split(", is within")[0]
    "similar by the tool's rule: the gap, 1 day a year per worker"
    >>> said.split(", is within")[1]
    ' the allowance of 1.2'
    """
    gap = abs(exact(fig["value"]) - exact(bench["value"]))
    percent = fig["unit"] in PERCENT_UNITS
    unit = "points" if percent else unit_label(
        {"unit": fig["unit"], "unit_label": fig.get("unit_label", "")})
    first, _, rest = unit.partition(" ")
    if gap == 1 and first.endswith("s"):  # 1 day, 1 admission per 100,000 people aged 65+
        unit = " ".join(filter(None, [first[:-1], rest]))
    mine, theirs = exact(fig["precision"]), exact(bench["precision"])
    margin = MARGIN_POINTS if percent else MARGIN_SHARE * abs(exact(bench["value"]))
    # how the allowance is made up is the rule's note under the table, not every cell's
    return (f"similar by the tool's rule: the {gap_word}, {_plain(gap)} {unit}, is within the "
            f"allowance of {_plain(mine + theirs + margin)}")


def _plain(number: Decimal) -> str:
    """A decimal as a reader writes it: two places at most, no trailing zeros."""
    return f"{number.quantize(Decimal('0.01')).normalize():f}"


def ratable(unit: str) -> bool:
    """Rates and shares can be compared across areas; counts and money cannot."""
    return unit not in SIZE_UNITS


def other_benchmarks(obs: pd.DataFrame, info: pd.Series, fig: pd.Series,
                     benchmarks: list[str]) -> str:
    """Where none of the benchmarks chosen is printed for a measure, those the papers do print
    beside this figure's breakdown and period (Leicestershire's new contacts against its peer
    group, 002:766), so 'no benchmark printed' is never said where one is; '' when none is."""
    rows = obs[(obs["measure_id"] == info.name) & (obs["value_type"] == "benchmark")
               & ~obs["authority"].isin(benchmarks) & (obs["breakdown"] == fig["breakdown"])
               & (obs["period_start"] == fig["period_start"])
               & (obs["period_end"] == fig["period_end"])]
    if rows.empty:
        return ""
    named = "; ".join(f"{r['authority']} {shown(r)} ({r['period']})" for _, r in
                      rows.sort_values(["authority", "figure_id"]).iterrows())
    chosen = " or ".join(benchmarks) if benchmarks else "no benchmark"
    return (f"not rated: {chosen} is not printed for it; the paper prints {named}, which "
            "this page does not rate (add it to the benchmarks to rate against it)")


def rating_against_benchmark(obs: pd.DataFrame, info: pd.Series, fig: pd.Series,
                             benchmarks: list[str],
                             period: tuple[pd.Timestamp, pd.Timestamp] | None) -> dict:
    """The benchmark ``fig`` is rated against (authority, value, period, gap in years), its
    rating, and a note saying why it is not rated or what to bear in mind."""
    bench = benchmark_to_rate(obs, info.name, benchmarks, fig, period)
    if bench is None:
        if period is not None and any(benchmark_for(obs, info.name, b, fig, None) is not None
                                      for b in benchmarks):
            return {"rating_note": "not rated: no benchmark is printed for the period chosen"}
        return {"rating_note": other_benchmarks(obs, info, fig, benchmarks)
                or "no benchmark printed for this measure"}
    gap = years_between(bench["period_end"], fig["period_end"])
    out = {"benchmark": bench["authority"], "benchmark_value": bench["value"],
           "benchmark_display": shown(bench), "benchmark_period": bench["period"],
           "benchmark_gap_years": gap}
    if not ratable(fig["unit"]):
        return out | {"rating_note": "not rated: a total follows the size of the area"}
    if abs((bench["period_end"] - fig["period_end"]).days) > RATABLE_GAP_DAYS:
        return out | {"rating_note": f"not rated: the {bench['authority']} figure is for "
                                     f"{bench['period']}, {gap:g} years from this one"}
    out["rating"] = rate(fig["value"], bench["value"], fig["precision"], bench["precision"],
                         fig["unit"], info["polarity"])
    notes = []
    if bench["period"] != fig["period"]:
        notes.append(f"benchmark is for {bench['period']}")
    if bench["breakdown"] != fig["breakdown"]:
        notes.append(f"benchmark covers {breakdown_words(bench['breakdown']) or 'all sectors'}")
    if out["rating"] == "similar" and fig["value"] != bench["value"]:
        notes.append(similar_because(fig, bench))
    if said := paper_comparison(fig.get("every_note", "")):
        notes.append(f"the paper says '{said}'")
    if notes:
        out["rating_note"] = "; ".join(notes)
    return out
