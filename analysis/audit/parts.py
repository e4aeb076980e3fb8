"""Parts against the whole: counts by category printed with their whole (on one line, for
one authority, period and value type) must add up to it. checks.toml's [[parts]] declares the
measure, the dimension of its parts and any categories that are not parts."""

from __future__ import annotations

import pandas as pd

from ..dataset.units import fmt
from .rows import check_row, groups
from .rule import judge
from .sentences import capital, explain, who
from .splits import PRINTED_TOGETHER, by_dimension


def parts_vs_whole(ind: pd.DataFrame, checks: dict) -> list[dict]:
    """A check of every whole printed with enough of its parts: the whole is the figure with
    no breakdown, else the first by another dimension.

    >>> from analysis.audit.examples import indicators
    >>> ind = indicators({"figure_id": "p.p1", "measure_id": "c", "value": 100,
    ...     "raw": "100 contacts"}, *[{"figure_id": f"p.p{i}", "measure_id": "c",
    ...     "breakdown": f"channel: {name}", "value": v}
    ...     for i, (name, v) in enumerate([("phone", 60), ("email", 30)], start=2)])
    >>> row, = parts_vs_whole(ind, {"parts": [{"measure": "c", "dimension": "channel"}]})
    >>> row["verdict"], row["expected"]
    ('discrepancy', '90')
    """
    out = []
    for spec in checks.get("parts", []):
        rows = by_dimension(ind[ind["measure_id"] == spec["measure"]])
        excluded = set(spec.get("exclude", []))
        for group in groups(rows, PRINTED_TOGETHER):
            parts = [r for r in group if r["dimension"] == spec["dimension"]
                     and r["category"] not in excluded]
            wholes = [r for r in group if r["dimension"] != spec["dimension"]]
            if len(parts) >= spec.get("min_parts", 2) and wholes:
                whole = sorted(wholes, key=lambda r: r["breakdown"] != "")[0]
                out.append(_parts_check(spec, whole, parts))
    return out


def _parts_check(spec: dict, whole: dict, parts: list[dict]) -> dict:
    expected = float(sum(r["value"] for r in parts))
    tolerance = float(whole["precision"] + sum(r["precision"] for r in parts))
    unit = whole["unit"]
    outcome = judge(whole["value"], expected, tolerance, whole["qualifier"],
                    quantity=whole["value"], unit=unit)
    exp = fmt(expected, unit)
    subject = who(whole)
    figures = [whole] + parts
    text = explain(
        outcome, f"{capital(subject)}: the parts by {spec['dimension']} add up to "
        f"{exp}, consistent with {whole['raw']}",
        f"The paper gives {subject} as {fmt(whole['value'], unit)}, but its parts by "
        f"{spec['dimension']} add up to {exp}.", figures)
    return check_row(f"parts:{spec['measure']}:{whole['figure_id']}", "parts vs whole",
                     figures, whole["raw"], exp, outcome, tolerance, whole["value"], text)
