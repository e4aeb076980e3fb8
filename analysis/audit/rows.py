"""A check's row in the audit: the columns, and the figures it names.

Every family of checks returns a list of these rows (see ``check_row``), each naming the
printed figures it compares, where they are printed and its verdict.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from .rule import Outcome

CHECK_COLUMNS = ["check_id", "kind", "figure_ids", "locations", "papers", "measure_id",
                 "printed", "expected", "difference", "tolerance", "quantity", "verdict",
                 "explanation"]
LEVEL_TYPES = {"actual", "benchmark"}  # the value types a level (not a change) is printed as


def is_dated_level(ind: pd.DataFrame) -> pd.Series:
    """True for the figures that are levels (not changes) of a dated period: two undated
    figures need not be of one period ('risen from 36% to 39%')."""
    return (ind["value_type"] != "change") & (ind["period_kind"] != "undated")


def records(frame: pd.DataFrame) -> list[dict]:
    """The rows of ``frame`` as dicts of Python values, as ``frame.to_dict("records")`` gives
    them.

    >>> records(pd.DataFrame({"a": ["x", "y"], "b": [1.5, 2.0]}))
    [{'a': 'x', 'b': 1.5}, {'a': 'y', 'b': 2.0}]
    """
    columns = list(frame.columns)
    return [dict(zip(columns, values, strict=True))
            for values in zip(*(_python_values(frame[c]) for c in columns), strict=True)]


def _python_values(column: pd.Series) -> list:
    """A column's cells as Python objects, text and dates made once per distinct value and
    shared by the rows that hold it: half a million rows (150 councils) hold a few thousand
    labels and periods, and an object per cell doubled the memory of the records."""
    if not (isinstance(column.dtype, pd.StringDtype) or column.dtype.kind == "M"):
        return column.tolist()
    codes, distinct = pd.factorize(column, use_na_sentinel=False)
    return np.asarray(distinct.tolist(), dtype=object)[codes].tolist()


def groups(rows: pd.DataFrame, key: list[str]) -> Iterator[list[dict]]:
    """The rows of each group of ``key`` as records: groups in the order of their key, rows
    in the frame's order (as ``rows.groupby(key)`` gives them, missing keys included). Each
    group's records are made as it is reached.

    >>> frame = pd.DataFrame({"k": ["b", "a", "b"], "v": [1, 2, 3]})
    >>> [[r["v"] for r in group] for group in groups(frame, ["k"])]
    [[2], [1, 3]]
    """
    columns = list(rows.columns)
    values = [_python_values(rows[c]) for c in columns]
    members: dict[int, list[int]] = {}
    for row, number in enumerate(rows.groupby(key, sort=True, dropna=False).ngroup().tolist()):
        members.setdefault(number, []).append(row)
    for number in sorted(members):
        yield [dict(zip(columns, [v[row] for v in values], strict=True))
               for row in members[number]]


def check_row(check_id: str, kind: str, figures: list[dict], printed: str, expected: str,
              outcome: Outcome, tolerance: float, quantity: float, explanation: str) -> dict:
    """One check: the ``figures`` (indicator records) it compares, what was printed and what
    the arithmetic expects, and its verdict.

    >>> row = check_row("percent:p.p1", "percent vs counts", [{"figure_id": "p.p1",
    ...     "source_file": "p.txt", "source_line": 7, "paper_id": "p", "measure_id": "m"}],
    ...     "89.9%", "89.2%", Outcome("discrepancy", 0.7), 0.05, 89.9, "Off.")
    >>> row["locations"], row["verdict"]
    ('p.txt:7', 'discrepancy')
    """
    return {
        "check_id": check_id, "kind": kind,
        "figure_ids": ";".join(r["figure_id"] for r in figures),
        "locations": ";".join(f"{r['source_file']}:{r['source_line']}" for r in figures),
        "papers": ";".join(dict.fromkeys(r["paper_id"] for r in figures)),
        "measure_id": ";".join(dict.fromkeys(r["measure_id"] for r in figures)),
        "printed": printed, "expected": expected, "difference": float(outcome.difference),
        "tolerance": float(tolerance), "quantity": float(abs(quantity)),
        "verdict": outcome.verdict, "explanation": explanation,
    }
