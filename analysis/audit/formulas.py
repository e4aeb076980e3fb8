"""Formulas (rate x base): a printed rate, product or sum against the printed figures it is
made of ('a vacancy rate of 7.1%' against 950 vacancies in 15,450 posts). checks.toml's
[[formula]] declares the result, its inputs and the kind of arithmetic."""

from __future__ import annotations

import pandas as pd

from ..dataset.units import fmt
from .rows import LEVEL_TYPES, check_row, records
from .rule import Outcome, judge
from .sentences import capital, explain, who

SAME_CONTEXT = ["paper_id", "authority", "scope", "period", "value_type"]


def levels(ind: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The measure's levels with no breakdown: the figures a formula relates."""
    return ind[(ind["measure_id"] == measure) & ind["value_type"].isin(LEVEL_TYPES)
               & (ind["breakdown"] == "")]


def nearest_inputs(results: pd.DataFrame, inputs: pd.DataFrame) -> dict[str, dict]:
    """For each result, the input of the same paper, authority, scope, period and value type
    printed nearest to it (the same line first, then the earlier line, then the lower id), as
    a record keyed by the result's figure id."""
    pairs = results[["figure_id", "source_line", *SAME_CONTEXT]].merge(
        inputs, on=SAME_CONTEXT, suffixes=("_result", ""))
    if pairs.empty:
        return {}
    pairs = pairs.assign(_d=(pairs["source_line"] - pairs["source_line_result"]).abs())
    pairs = pairs.sort_values(["figure_id_result", "_d", "source_line", "figure_id"],
                              kind="mergesort").drop_duplicates("figure_id_result")
    return dict(zip(pairs["figure_id_result"].tolist(), records(pairs[list(inputs.columns)]),
                    strict=True))


def formulas(ind: pd.DataFrame, checks: dict) -> list[dict]:
    """A check of every printed result of a declared formula whose inputs are all printed.

    >>> from analysis.audit.examples import indicators
    >>> ind = indicators({"figure_id": "p.p1", "measure_id": "rate", "value": 7.1,
    ...     "unit": "percent", "precision": 0.05}, {"figure_id": "p.p2", "measure_id": "gaps",
    ...     "value": 950, "raw": "950"}, {"figure_id": "p.p3", "measure_id": "posts",
    ...     "value": 15_450, "raw": "15,450"})
    >>> spec = {"formula": [{"result": "rate", "inputs": ["gaps", "posts"], "kind": "ratio",
    ...                      "scale": 100, "description": "vacancies over posts"}]}
    >>> row, = formulas(ind, spec)
    >>> row["verdict"], row["expected"]
    ('discrepancy', '6.1%')
    """
    out = []
    for spec in checks.get("formula", []):
        results = levels(ind, spec["result"])
        inputs = [nearest_inputs(results, levels(ind, m)) for m in spec["inputs"]]
        for r in records(results):
            picked = [found.get(r["figure_id"]) for found in inputs]
            if all(p is not None for p in picked):
                row = _formula_check(spec, r, picked)
                if row is not None:
                    out.append(row)
    return out


def expected_and_carried(kind: str, xs: list[float], ps: list[float], scale: float = 1
                         ) -> tuple[float, float] | None:
    """What a formula of the printed inputs ``xs`` gives, and the rounding their precisions
    ``ps`` carry into it; None for a ratio over zero.

    >>> [round(x, 4) for x in expected_and_carried("ratio", [950, 15_450], [0.5, 0.5], 100)]
    [6.1489, 0.0034]
    """
    if kind == "ratio":
        if xs[1] == 0:
            return None
        return (scale * xs[0] / xs[1],
                scale * (ps[0] / abs(xs[1]) + abs(xs[0]) * ps[1] / xs[1] ** 2))
    if kind == "product":
        return xs[0] * xs[1], abs(xs[1]) * ps[0] + abs(xs[0]) * ps[1]
    return sum(xs), sum(ps)


def _formula_check(spec: dict, r: dict, picked: list[dict]) -> dict | None:
    found = expected_and_carried(spec["kind"], [p["value"] for p in picked],
                                 [p["precision"] for p in picked], spec.get("scale", 1))
    if found is None:
        return None
    expected, carried = found
    tolerance = float(r["precision"] + carried)
    unit = r["unit"]
    outcome = judge(r["value"], expected, tolerance, r["qualifier"], quantity=r["value"],
                    unit=unit)
    uncertain = spec.get("uncertain_basis", "")
    if uncertain and outcome.verdict == "discrepancy":
        # the paper's rate may rest on another base than the figures beside it
        outcome = Outcome("inconclusive", outcome.difference)
    printed, exp = fmt(r["value"], unit, r["precision"]), fmt(expected, unit, r["precision"])
    shown = ", ".join(p["raw"] for p in picked)
    subject = who(r)
    figures = [r] + picked
    differ = (f"The paper gives {subject} as {printed}, but {spec['description']} from "
              f"the figures it prints ({shown}) gives {exp}.")
    if uncertain and outcome.verdict == "inconclusive":
        text = (f"{differ.rstrip('.')}; but {uncertain}, so the check confirms nothing:"
                " ask which base the rate uses.")
    else:
        text = explain(outcome, f"{capital(subject)}: {printed} agrees with "
                       f"{spec['description']} ({shown} gives {exp})", differ, figures)
    return check_row(f"formula:{spec['result']}:{r['figure_id']}", "rate x base", figures,
                     printed, exp, outcome, tolerance, r["value"], text)
