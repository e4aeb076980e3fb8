"""Stable orders on ranks are the orders sort_values gives."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from analysis.dataset.ordering import stable_order

ROWS = st.lists(st.tuples(st.sampled_from(["b", "a", "é", "A", "a-2", "a.10", "a.9", ""]),
                          st.integers(-3, 3),
                          st.sampled_from(["2024-03-31", "2023-01-01", "2024-03-31"])),
                max_size=25)

KEYS = (["paper"], ["paper", "line"], ["when", "paper", "line"], ["line", "when"])


def _frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["paper", "line", "when"]).astype(
        {"paper": "str", "line": "int64"})
    frame["when"] = pd.to_datetime(frame["when"])
    return frame


@given(ROWS)
def test_the_rank_order_is_the_mergesort_order(rows):
    frame = _frame(rows)
    for keys in KEYS:
        expected = frame.sort_values(keys, kind="mergesort").index.to_numpy()
        assert stable_order(frame, keys).tolist() == expected.tolist(), keys


@given(ROWS)
def test_rows_are_in_order_exactly_when_the_stable_order_leaves_them_in_place(rows):
    from analysis.dataset.ordering import in_order
    frame = _frame(rows)
    for keys in KEYS:
        identity = stable_order(frame, keys).tolist() == list(range(len(frame)))
        assert in_order(frame, keys) == identity, keys
        assert in_order(frame.take(stable_order(frame, keys)), keys), keys


def test_a_column_that_is_not_text_is_never_taken_as_in_order():
    """Objects that are not strings (here numbers, whose text order is not their order) make
    in_order say no, and the caller sorts: a wrong 'already sorted' would be silent."""
    from analysis.dataset.ordering import in_order
    frame = pd.DataFrame({"mixed": pd.Series([9, 10, 11], dtype=object)})
    assert not in_order(frame, ["mixed"])
    assert in_order(pd.DataFrame({"line": [9, 10, 11]}), ["line"])
