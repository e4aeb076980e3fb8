"""The verdict rule: can the papers' own arithmetic be confirmed, and does a difference matter?

Each printed figure carries its precision, half a unit of its last printed digit (85.3% is
±0.05; "around 15,000" ±500; a £000 cell ±£500). A check's tolerance is the precision of the
printed figure plus the precision its inputs carry into the arithmetic. The verdicts:

- ``ok``: the arithmetic agrees exactly;
- ``ok (rounding)``: it agrees within the tolerance;
- ``inconclusive``: it agrees, but only because the tolerance is at least half the quantity
  tested, so the check could not have failed (a stated "-4%" change against levels of "1,000"
  and "950": the rounding of "1,000" alone is ±500). Not a pass: ask for unrounded figures;
- ``immaterial``: a real difference, but under 0.01% of the figure (and under £1,000 for money);
- ``discrepancy``: a difference beyond the tolerance that matters: a question for officers.

A figure printed as a bound ("over 10,500", "<773") agrees with anything on its side of the bound.

>>> judge(-4.0, -5.0, 48.0, quantity=4.0).verdict
'inconclusive'
>>> judge(238_872_400.0, 238_873_000.0, 501.0, unit="gbp").verdict
'immaterial'
>>> judge(89.9, 89.18, 0.05, quantity=89.9).verdict
'discrepancy'
"""

from __future__ import annotations

from dataclasses import dataclass

from ..dataset.schemas import MONEY_UNITS
from ..parse.figure_words import ABOVE, BELOW

VERDICTS = ["ok", "ok (rounding)", "inconclusive", "immaterial", "discrepancy"]
PASSED = ("ok", "ok (rounding)")
LOWER_BOUNDS = set(ABOVE)  # the qualifiers that make a figure a bound, as the reader reads them
UPPER_BOUNDS = set(BELOW)
INCONCLUSIVE_SHARE = 0.5  # tolerance at least half the quantity tested: the check cannot fail
MATERIAL_SHARE = 1e-4  # 0.01% of the figure
MATERIAL_MONEY = 1_000.0  # and, for money, £1,000


@dataclass(frozen=True)
class Outcome:
    verdict: str
    difference: float


def immaterial(difference: float, base: float, unit: str = "") -> bool:
    """True for a difference too small to put to officers: under 0.01% of the figure, and
    under £1,000 when the figure is money."""
    small = abs(difference) <= MATERIAL_SHARE * abs(base)
    if unit in MONEY_UNITS:
        small = small and abs(difference) < MATERIAL_MONEY
    return small


def cannot_fail(tolerance: float, quantity: float | None) -> bool:
    """True when the tolerance is comparable to the quantity tested: at least half of it. A
    quantity of zero is tested exactly (a £0 total fails if any part is not £0)."""
    return bool(quantity) and tolerance > 0 and tolerance >= INCONCLUSIVE_SHARE * abs(quantity)


def judge(printed: float, expected: float, tolerance: float, qualifier: str = "", *,
          quantity: float | None = None, unit: str = "") -> Outcome:
    """The verdict for a printed figure against the arithmetic's ``expected`` value.
    ``quantity`` is what the check tests (a stated change, a total, a percentage); by default
    the printed figure itself."""
    quantity = printed if quantity is None else quantity
    difference = printed - expected
    scale = max(1.0, abs(expected), abs(printed))
    if qualifier in LOWER_BOUNDS | UPPER_BOUNDS:
        ok = expected >= printed - tolerance if qualifier in LOWER_BOUNDS else \
            expected <= printed + tolerance
        if not ok:
            return Outcome("discrepancy", difference)
        return Outcome("inconclusive" if cannot_fail(tolerance, quantity) else "ok", 0.0)
    if abs(difference) <= tolerance + 1e-9 * scale:
        if cannot_fail(tolerance, quantity):
            return Outcome("inconclusive", difference)
        exact = abs(difference) <= 1e-9 * scale
        return Outcome("ok" if exact else "ok (rounding)", 0.0 if exact else difference)
    if immaterial(difference, max(abs(printed), abs(expected)), unit):
        return Outcome("immaterial", difference)
    return Outcome("discrepancy", difference)


def worst(outcomes: list[Outcome]) -> Outcome:
    """The outcome a reader most needs to see: the most serious verdict, then the largest
    difference; of equals, the first.

    >>> worst([Outcome("ok", 0.0), Outcome("discrepancy", -4.0), Outcome("discrepancy", 4.0)])
    Outcome(verdict='discrepancy', difference=-4.0)
    """
    return max(outcomes, key=lambda o: (VERDICTS.index(o.verdict), abs(o.difference)))

