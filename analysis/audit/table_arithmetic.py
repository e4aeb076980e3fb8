"""Table arithmetic: the sums and equalities checks.toml declares (totals, column identities,
the same figure in several tables).

These work on the figures as their table prints them (``printed_value``: income negative where
the table prints it so). A check naming a figure that was rejected in cleaning is not run, and
is listed in ``not_run``: a sum without one of its parts would mislead.
"""

from __future__ import annotations

import pandas as pd

from ..dataset.units import fmt
from .inputs import AuditSpecError
from .rows import check_row, records
from .rule import judge
from .sentences import explain, gap_words
from .versions import versions


def table_arithmetic(ind: pd.DataFrame, checks: dict, known: set[str],
                     not_run: list[str] | None = None) -> list[dict]:
    """Every declared sum, then every declared equality.

    >>> from analysis.audit.examples import indicators
    >>> ind = indicators({"figure_id": "p.t0003c1", "value": 30}, {"figure_id": "p.t0001c1",
    ...     "value": 10}, {"figure_id": "p.t0002c1", "value": 22})
    >>> spec = {"sum": [{"id": "s", "description": "Total", "total": "p.t0003c1",
    ...                  "parts": ["p.t0001c1", "p.t0002c1"]}]}
    >>> table_arithmetic(ind, spec, set(ind["figure_id"]))[0]["explanation"]
    'Total: the paper prints 30, but the parts add up to 32, a difference of 2 (6.7% of 30).'
    """
    not_run = [] if not_run is None else not_run
    sums = [(spec, triple) for spec in checks.get("sum", []) for triple in sum_triples(spec, known)]
    named = {i for _, (total, parts, _) in sums for i in [total, *parts]} | {
        i for spec in checks.get("equal", []) for i in spec["figures"]}
    by_id = {r["figure_id"]: r for r in records(ind[ind["figure_id"].isin(named)])}
    out = []
    for spec, (total, parts, label) in sums:
        found = _lookup(by_id, [total] + parts, spec["id"], known, not_run)
        if found is not None:
            out.append(_sum_check(spec, found, label))
    effective = summed_precision(by_id, [triple for _, triple in sums])
    for spec in checks.get("equal", []):
        found = _lookup(by_id, spec["figures"], spec["id"], known, not_run)
        if found is not None:
            figures = [r | {"precision": effective[r["figure_id"]]} for r in found]
            out.append(versions(figures, f"equal:{spec['id']}", "table arithmetic",
                                spec["description"]))
    return out


def _sum_check(spec: dict, found: list[dict], label: str) -> dict:
    total, parts = found[0], found[1:]
    expected = float(sum(p["printed_value"] for p in parts))
    printed_value = float(total["printed_value"])
    tolerance = float(total["precision"] + sum(p["precision"] for p in parts))
    unit = total["unit"]
    outcome = judge(printed_value, expected, tolerance, total["qualifier"],
                    quantity=printed_value, unit=unit)
    printed = fmt(printed_value, unit, total["precision"])
    exp = fmt(expected, unit, min([total["precision"]] + [p["precision"] for p in parts]))
    where = f" ({label})" if label else ""
    text = explain(
        outcome, f"{spec['description']}{where}: {printed} = {exp}",
        f"{spec['description']}{where}: the paper prints {printed}, but the parts add up "
        f"to {exp}, a difference of {gap_words(outcome.difference, printed_value, unit)}.",
        found)
    suffix = f":{label.replace(' ', '')}" if label else ""
    return check_row(f"sum:{spec['id']}{suffix}", "table arithmetic", found, printed, exp,
                     outcome, tolerance, printed_value, text)


def _cell(paper_id: str, line: int, column: int) -> str:
    return f"{paper_id}.t{line:04d}c{column}"


def _grid(spec: dict) -> list[tuple[str, list[str], str]]:
    """(total id, part ids, label) triples for a grid-form sum: a total line over part lines
    in each of some columns, or a total column over part columns on each of some lines."""
    paper = spec["paper_id"]
    if "total_line" in spec:
        return [(_cell(paper, spec["total_line"], c),
                 [_cell(paper, n, c) for n in spec["part_lines"]], f"column {c}")
                for c in spec["columns"]]
    first, last = spec["lines"]
    return [(_cell(paper, n, spec["total_column"]),
             [_cell(paper, n, c) for c in spec["part_columns"]], f"line {n}")
            for n in range(first, last + 1)]


def sum_triples(spec: dict, known: set[str]) -> list[tuple[str, list[str], str]]:
    """The (total, parts, label) of a sum spec; in a grid, empty cells print nothing.

    >>> sum_triples({"total": "p.t3c1", "parts": ["p.t1c1", "p.t2c1"]}, set())
    [('p.t3c1', ['p.t1c1', 'p.t2c1'], '')]
    """
    if "paper_id" not in spec:
        return [(spec["total"], list(spec["parts"]), "")]
    return [(total, [i for i in parts if i in known], label)
            for total, parts, label in _grid(spec) if total in known]


def _lookup(by_id: dict[str, dict], ids: list[str], check_id: str, known: set[str],
            not_run: list[str]) -> list[dict] | None:
    """The records of ``ids``; None (and a note in ``not_run``) when one was rejected in
    cleaning."""
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise AuditSpecError(f"check '{check_id}' in checks.toml names figure(s) "
                             f"{', '.join(unknown)} that no raw figures file contains; fix the "
                             "id or the line and column numbers.")
    rejected = [i for i in ids if i not in by_id]
    if rejected:
        not_run.append(f"{check_id}: {', '.join(rejected)} could not be read (see "
                       "rejects.csv)")
        return None
    return [by_id[i] for i in ids]


def summed_precision(by_id: dict[str, dict], triples: list[tuple[str, list[str], str]]
                     ) -> dict[str, float]:
    """Precision of every figure (``by_id``: records by figure id) as another table sees it: a
    printed sub-total that is itself the sum (``triples``) of rounded figures carries their
    rounding as well as its own (an MTFS total of £000 cells can be £1,500 from the exact sum
    of the pounds behind it).

    >>> cells = {i: {"precision": 500.0} for i in ("t", "a", "b")}
    >>> summed_precision(cells, [("t", ["a", "b"], "")])["t"]
    1500.0
    """
    precision = {i: r["precision"] for i, r in by_id.items()}
    effective = dict(precision)
    for _ in range(5):  # totals of totals: a few passes reach every level
        changed = False
        for total, parts, _label in triples:
            if total not in precision or any(p not in precision for p in parts):
                continue
            value = precision[total] + sum(effective[p] for p in parts)
            if value > effective[total]:
                effective[total], changed = value, True
        if not changed:
            break
    return effective
