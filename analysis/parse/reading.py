"""What reading a printed figure gives, a Figure or a Rejection, and the rules every figure
obeys however it was printed: its precision (half a unit of its last printed digit) and the
unit and scale its context states (``apply_unit_hint``).

>>> apply_unit_hint(Figure(51.5, precision=0.05), "£m", printed_scale=False).value
51500000.0
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .figure_words import ABOVE, APPROXIMATE, BELOW, UNIT_HINTS


class Figure(NamedTuple):
    """A printed figure as read (immutable: change a field with ``fig._replace(value=...)``)."""

    value: float
    unit: str | None = None
    qualifier: str | None = None
    numerator: float | None = None
    denominator: float | None = None
    lower: float | None = None
    upper: float | None = None
    direction: int = 0
    flags: tuple[str, ...] = ()
    precision: float = 0.0  # half a unit of the last printed digit, in the value's units


@dataclass(frozen=True)
class Rejection:
    reason: str


def printed_precision(number: str, qualifier: str | None = None, prose: bool = False) -> float:
    """Half a unit of the last printed digit. A whole number with a qualifier such as 'around',
    or in running text ending in two or more zeros (600, 12,000, £400,000), is taken as rounded
    at its last non-zero digit.

    >>> printed_precision("85.3"), printed_precision("15,450")
    (0.05, 0.5)
    >>> printed_precision("15,000", "approximately")
    500.0
    """
    digits = number.replace(",", "")
    if "." in digits:
        return 0.5 * 10 ** -len(digits.split(".")[1])
    trailing = len(digits) - len(digits.rstrip("0"))
    if len(digits) > 1 and (qualifier in APPROXIMATE or (prose and trailing >= 2)):
        return 0.5 * 10 ** min(trailing, len(digits) - 1)
    return 0.5


def bounds(qualifier: str | None, value: float, lower: float | None,
           upper: float | None) -> tuple[float | None, float | None]:
    """A figure printed as a bound ('over 6,200', '<773', 'over half') is its own lower or
    upper bound.

    >>> bounds("over", 6200.0, None, None), bounds("less than", 773.0, None, None)
    ((6200.0, None), (None, 773.0))
    """
    if lower is None and qualifier in BELOW:
        return lower, value
    if lower is None and qualifier in ABOVE:
        return value, upper
    return lower, upper


def scaled(fig: Figure, unit: str, factor: float) -> Figure:
    """``fig`` in ``unit``, its value, bounds and precision multiplied by ``factor``, to 12
    significant figures (no printed figure has more), so binary noise is not stored.

    >>> f = scaled(Figure(8.3, "gbp", precision=0.05), "gbp", 1e6)
    >>> f.value, f.precision
    (8300000.0, 50000.0)
    """
    def mul(x):
        return None if x is None else float(f"{x * factor:.12g}")
    return Figure(mul(fig.value), unit, fig.qualifier, fig.numerator, fig.denominator,
                  mul(fig.lower), mul(fig.upper), fig.direction, fig.flags,
                  mul(fig.precision))


def apply_unit_hint(fig: Figure, unit_hint: str | None, *,
                    printed_scale: bool) -> Figure | Rejection:
    """Give a bare figure the unit and scale its context states (a £000 table, a % column);
    ``printed_scale`` says whether the figure printed its own scale ('£2.7m' in a £m column).

    >>> apply_unit_hint(Figure(1780.0, precision=0.5), "£000", printed_scale=False).precision
    500.0
    >>> apply_unit_hint(Figure(85.0, "percent"), "£000", printed_scale=False).reason
    'printed as percent but unit_hint says £000'
    """
    if not unit_hint:
        return fig
    if unit_hint not in UNIT_HINTS:
        return Rejection(f"unknown unit_hint '{unit_hint}' (use one of {', '.join(UNIT_HINTS)})")
    unit, factor = UNIT_HINTS[unit_hint]
    if fig.unit is None:
        given = scaled(fig, unit, factor)
        if unit_hint == "£":  # whole-pound table cells: ±£1 (pence rounding either way)
            given = given._replace(precision=max(given.precision, 1.0))
        return given
    if fig.unit != unit:
        return Rejection(f"printed as {fig.unit} but unit_hint says {unit_hint}")
    if unit == "gbp" and not printed_scale and factor != 1.0:
        return scaled(fig, unit, factor)  # "£2.7" in a column headed £m
    return fig


def hinted(fig: Figure | Rejection, unit_hint: str | None) -> Figure | Rejection:
    """``fig`` under ``unit_hint`` when it printed no scale of its own; a rejection as it is."""
    return apply_unit_hint(fig, unit_hint, printed_scale=False) if isinstance(fig, Figure) \
        else fig
