"""The sentences that explain a check: who the figure is about, and what its verdict means.

>>> row = {"measure_label": "Vacancy rate", "breakdown": "", "authority": "Leicester",
...        "period": "2023/24"}
>>> who(row)
"Leicester's vacancy rate for 2023/24"
"""

from __future__ import annotations

from ..dataset.units import fmt
from .rule import Outcome


def lower_first(text: str) -> str:
    """A label inside a sentence: 'Vacancy rate' -> 'vacancy rate'."""
    return text[:1].lower() + text[1:]


def capital(text: str) -> str:
    """A sentence's first word: 'leicester's ...' -> 'Leicester's ...'."""
    return text[:1].upper() + text[1:]


def who(row: dict) -> str:
    """Whose figure, of what and when: "Leicester's vacancy rate (sector: NHS) for 2023/24"."""
    part = f" ({row['breakdown']})" if row["breakdown"] else ""
    return f"{row['authority']}'s {lower_first(row['measure_label'])}{part} for {row['period']}"


def nearest(precision: float, unit: str) -> str:
    """How a figure printed as ±``precision`` was rounded, in words.

    >>> nearest(500, "count"), nearest(0.05, "percent")
    ('the nearest 1,000', 'the nearest 0.1 percentage points')
    """
    step = 2 * precision
    if unit in ("percent", "percent_change", "percentage_points"):
        return f"the nearest {step:g} percentage point{'s' if step != 1 else ''}"
    return f"the nearest {fmt(step, unit)}"


def coarsest(figures: list[dict]) -> str:
    """Which printed figure is too rounded to decide the check (the first of the coarsest)."""
    if not figures:
        return "the printed figures are rounded"
    r = max(figures, key=lambda x: x["precision"])
    return f"'{r['raw']}' ({r['period']}) is rounded to {nearest(r['precision'], r['unit'])}"


def explain(outcome: Outcome, agree: str, differ: str, figures: list[dict]) -> str:
    """The sentence for a verdict: ``agree`` (without its full stop) when the arithmetic holds,
    ``differ`` when it does not; an inconclusive check names the figure too rounded to decide.

    >>> explain(Outcome("ok (rounding)", 0.01), "85.3% matches 1,206 out of 1,414", "", [])
    '85.3% matches 1,206 out of 1,414, within rounding.'
    """
    if outcome.verdict == "inconclusive":
        # the figures agree, or differ by less than the rounding: either way no test at all
        said = agree if abs(outcome.difference) < 1e-9 else differ.rstrip(".")
        return (f"{said}; but {coarsest(figures)}, so the check could not have failed and "
                "confirms nothing: ask for the unrounded figures.")
    if outcome.verdict == "immaterial":
        return f"{differ.rstrip('.')}: an immaterial difference (under 0.01% of the figure)."
    if outcome.verdict == "discrepancy":
        return differ
    within = ", within rounding" if outcome.verdict == "ok (rounding)" else ""
    return f"{agree}{within}."


def gap_words(difference: float, base: float, unit: str) -> str:
    """A difference in proportion: percentage points for percentages, else the amount and its
    share of the figure.

    >>> gap_words(1.6, 35.6, "percent"), gap_words(-451, 33438, "count")
    ('1.6 percentage points', '451 (1.3% of 33,438)')
    """
    if unit in ("percent", "percentage_points"):
        return f"{abs(difference):,.{1 if abs(difference) % 1 else 0}f} percentage points"
    amount = fmt(abs(difference), unit)
    if not base:
        return amount
    return f"{amount} ({abs(difference) / abs(base):.1%} of {fmt(abs(base), unit)})"
