"""Values as a reader would write them, in the units of the indicator table.

>>> fmt(1234567.0, "gbp"), fmt(89.24, "percent", 0.05), fmt(12.8, "per_100k", 0.05)
('£1,234,567', '89.2%', '12.8 per 100,000')
"""

from __future__ import annotations

import functools
import math


@functools.lru_cache(maxsize=1024)  # a table holds few distinct precisions
def _decimals(precision: float) -> int:
    if precision <= 0:
        return 2
    return max(0, -math.floor(math.log10(precision * 2) + 1e-9))


def fmt(value: float, unit: str, precision: float = 0.0) -> str:
    """A value as a reader would write it: £1,234,567, 89.2%, 12.8 per 100,000, 1,234."""
    if value is None or value != value:  # NaN is the one value not equal to itself
        return "nothing"
    d = _decimals(precision) if precision else (0 if float(value).is_integer() else 1)
    if unit in ("gbp", "gbp_per_hour"):
        sign = "-" if value < 0 else ""
        amount = abs(value)
        if amount >= 1e6 and precision >= 5e4:
            return f"{sign}£{amount / 1e6:,.{max(0, _decimals(precision / 1e6))}f}m"
        text = f"{sign}£{amount:,.{min(d, 2)}f}"
        return text + (" an hour" if unit == "gbp_per_hour" else "")
    if unit in ("percent", "percent_change"):
        return f"{value:,.{min(d, 3)}f}%"
    if unit == "percentage_points":
        return f"{value:,.{min(d, 3)}f} percentage points"
    if unit == "per_100k":
        return f"{value:,.{min(d, 3)}f} per 100,000"
    if unit in ("years", "days", "hours", "minutes"):
        return f"{value:,.{min(d, 3)}f} {unit}"
    return f"{value:,.{min(d, 3)}f}"
