"""Splits: shares of one whole printed together (one paper, line, authority, period and value
type) must add up to 100%. Which measures are splits, and of which categories, checks.toml's
[[split]] declares."""

from __future__ import annotations

import pandas as pd

from ..dataset.units import fmt
from .rows import check_row, groups
from .rule import judge
from .sentences import explain, lower_first

PRINTED_TOGETHER = ["paper_id", "source_line", "authority", "period", "value_type"]


def by_dimension(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with the ``dimension`` and ``category`` their breakdown names ('sector: NHS'
    is category 'NHS' by 'sector'; no breakdown, no dimension).

    >>> by_dimension(pd.DataFrame({"breakdown": ["sector: NHS", ""]}))[
    ...     ["dimension", "category"]].values.tolist()
    [['sector', 'NHS'], ['', '']]
    """
    split = [breakdown.partition(": ") for breakdown in rows["breakdown"].tolist()]
    return rows.assign(dimension=[d for d, _, _ in split], category=[c for _, _, c in split])


def splits(ind: pd.DataFrame, checks: dict) -> list[dict]:
    """A check of every declared split's shares printed together, by each dimension.

    >>> from analysis.audit.examples import indicators
    >>> ind = indicators(*[{"figure_id": f"p.p{i}", "measure_id": "s", "unit": "percent",
    ...     "breakdown": f"sector: {name}", "value": v}
    ...     for i, (name, v) in enumerate([("a", 50), ("b", 30), ("c", 15)])])
    >>> splits(ind, {"split": [{"measure": "s"}]})[0]["explanation"]
    "Leicestershire's thing for 2023/24 (by sector) add up to 95% (50% + 30% + 15%), not 100%."
    """
    out = []
    for spec in checks.get("split", []):
        rows = by_dimension(ind[ind["measure_id"] == spec["measure"]])
        rows = rows[rows["dimension"] != ""]
        for group in groups(rows, PRINTED_TOGETHER + ["dimension"]):
            if "categories" in spec and {r["category"] for r in group} != set(spec["categories"]):
                continue
            if len(group) >= spec.get("min_parts", 2):
                out.append(_split_check(spec, group))
    return out


def _split_check(spec: dict, group: list[dict]) -> dict:
    total = float(sum(r["value"] for r in group))
    tolerance = float(sum(r["precision"] for r in group))
    outcome = judge(total, 100.0, tolerance, quantity=100.0, unit="percent")
    first = group[0]
    terms = " + ".join(fmt(r["value"], "percent", r["precision"]) for r in group)
    subject = (f"{first['authority']}'s {lower_first(first['measure_label'])} for "
               f"{first['period']} (by {first['dimension']})")
    shown = fmt(total, "percent", min(r["precision"] for r in group))
    text = explain(outcome, f"{subject} add up to {shown}",
                   f"{subject} add up to {shown} ({terms}), not 100%.", group)
    return check_row(f"split:{spec['measure']}:{first['figure_id']}", "split", group,
                     f"{terms} = {shown}", "100%", outcome, tolerance, 100.0, text)
