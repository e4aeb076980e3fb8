"""Occurrences to observations: one figure printed several times is one observation.

The indicator table keeps one row per printed occurrence. A comparison, a trend or a count needs
observations: one per authority, measure, breakdown, scope, period and value type, however often
the papers print it. Two occurrences are one observation when

- they carry the same labels and values that agree within their printed precision (a reprinted
  report; "£386.0m" in the text and £386,000,218 in the appendix; 59% and 59.3%), or
- they come from one paper with the same measure, authority, breakdown, scope, value type and
  unit, values that can be one number rounded two ways (their printed ranges overlap, not merely
  touch) and the same counts, where both print counts, for periods that overlap or where one is
  undated: one figure printed twice under different headings (89.9% "of the 582 people
  discharged between June and August" in the text, the same 89.9% under an April-November
  dashboard heading), or one estimate quoted twice. Two estimates for different spans are two
  figures (a 17% rise over 2009-14 and an 18% rise over 2009-15), and a stated change is never
  joined across spans: its span is what it measures.

Every occurrence gets ``observation_id``, the figure id of the occurrence that represents the
observation: a dated one, then the most precise printing, then the one whose period the paper
states most precisely (a sentence before a table header, a printed period before an inferred
one, the shorter span), then the earliest printing.

>>> import pandas as pd
>>> rows = pd.DataFrame({
...     "figure_id": ["a.p0001", "a.t0942c5"], "paper_id": ["a", "a"],
...     "meeting_date": pd.to_datetime(["2025-01-20"] * 2), "source_line": [775, 942],
...     "measure_id": ["home_91"] * 2, "authority": ["Leicestershire"] * 2,
...     "breakdown": ["", ""], "scope": ["adult social care"] * 2, "value_type": ["actual"] * 2,
...     "unit": ["percent"] * 2, "value": [89.9, 89.9], "numerator": [519.0, 519.0],
...     "denominator": [582.0, 582.0], "period": ["Jun-Aug 2024", "Apr-Nov 2024"],
...     "period_kind": ["range", "range"],
...     "period_start": pd.to_datetime(["2024-06-01", "2024-04-01"]),
...     "period_end": pd.to_datetime(["2024-08-31", "2024-11-30"]),
...     "precision": [0.05, 0.05], "flags": ["", ""], "_sentence_period": [True, False]})
>>> assign_observations(rows)[["figure_id", "observation_id"]].values.tolist()
[['a.p0001', 'a.p0001'], ['a.t0942c5', 'a.p0001']]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SAME_LABELS = ["measure_id", "authority", "breakdown", "scope", "period", "value_type", "unit"]
SAME_FIGURE = ["paper_id", "measure_id", "authority", "breakdown", "scope", "value_type", "unit"]
# Two printings of one figure with counts are the same observation only with the same counts.
SAME_COUNTS = SAME_LABELS + ["counted", "counted_numerator", "counted_denominator"]
ORDER = ["meeting_date", "paper_id", "source_line", "figure_id"]


def assign_observations(ind: pd.DataFrame) -> pd.DataFrame:
    """``ind`` with ``observation_id`` set and each repeat flagged 'same figure as <id>'.
    Needs a boolean ``_sentence_period`` column (the period was printed in the figure's own
    sentence); it is dropped from the result."""
    if ind.empty:
        return ind.drop(columns=["_sentence_period"], errors="ignore").assign(
            observation_id=pd.Series(dtype=str))
    rows = _in_printing_order(ind)
    # same labels and period: runs of agreeing values, kept apart where counts differ
    tight = _agreeing_runs(rows, SAME_COUNTS)
    bare, joined = _bare_joins(rows, tight, _agreeing_runs(rows, SAME_LABELS))
    # one paper, overlapping periods: one figure printed under two headings
    first, second = _same_paper_pairs(rows)
    group = _union(tight, np.r_[bare, first].astype(np.int64),
                   np.r_[joined, second].astype(np.int64))
    best = _best_of_each(rows, group)
    # back in ind's order: where each row's representative sits in ind
    position = rows["position"].to_numpy()
    rep = np.empty(len(ind), dtype=np.int64)
    rep[position] = position[best]
    return _with_observation_ids(ind, rep)


def _in_printing_order(ind: pd.DataFrame) -> pd.DataFrame:
    """``ind`` in printing order (``ORDER``), with each row's ``position`` in ``ind`` and the
    facts the grouping reads: undated, inferred period, and the counts of a row printing both."""
    counted = ind["numerator"].notna() & ind["denominator"].notna()
    rows = ind.assign(
        position=np.arange(len(ind)), undated=ind["period_kind"] == "undated",
        inferred=ind["flags"].str.contains("inferred period", regex=False), counted=counted,
        counted_numerator=ind["numerator"].where(counted),
        counted_denominator=ind["denominator"].where(counted))
    return rows.sort_values(ORDER, kind="mergesort").reset_index(drop=True)


def _key(rows: pd.DataFrame, columns: list[str]) -> np.ndarray:
    return rows.groupby(columns, sort=False, dropna=False).ngroup().to_numpy()


def _agreeing_runs(rows: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """Within each group of equal ``columns``, values whose printed ranges [value - precision,
    value + precision] overlap, transitively: a sweep over the sorted ranges. Returns, per row,
    the position of the first row (in ``rows``' order) of its run, which is its root."""
    key = _key(rows, columns)
    value = rows["value"].to_numpy()
    eps = 1e-9 * np.maximum(1.0, np.abs(value))
    lo = value - rows["precision"].to_numpy() - eps
    hi = value + rows["precision"].to_numpy() + eps
    order = np.lexsort((np.arange(len(rows)), lo, key))
    k, low, high = key[order], lo[order], hi[order]
    reach = pd.Series(high).groupby(k).cummax().to_numpy()
    before = np.r_[-np.inf, reach[:-1]]
    start = np.r_[True, k[1:] != k[:-1]] | (low > before)
    run = np.cumsum(start) - 1
    members = pd.Series(order).groupby(run).transform("min").to_numpy()
    out = np.empty(len(rows), dtype=np.int64)
    out[order] = members  # each row points at the smallest position in its run
    return out


def _bare_joins(rows: pd.DataFrame, tight: np.ndarray,
                loose: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A row printing no counts joins the run of rows that print them, when only one run of
    them agrees with it: the pairs (row, root of that run)."""
    summary = pd.DataFrame({"loose": loose, "tight": tight, "counted": rows["counted"]})
    counted = summary[summary["counted"]].groupby("loose")["tight"].agg(["nunique", "first"])
    single = counted.loc[counted["nunique"] == 1, "first"]
    bare = summary[~summary["counted"] & summary["loose"].isin(single.index)]
    return bare.index.to_numpy(), bare["loose"].map(single).to_numpy()


def _same_paper_pairs(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of rows of one paper, one measure, authority, breakdown, scope, type and unit,
    whose periods differ but overlap (or one is undated) and whose values and counts agree."""
    left = rows[["period", "undated", "period_start", "period_end", "value", "precision",
                 "numerator", "denominator", "value_type"]].assign(_k=_key(rows, SAME_FIGURE),
                                                                   _i=np.arange(len(rows)))
    left = left[left.groupby("_k", sort=False)["_i"].transform("size").to_numpy() > 1]
    pairs = left.merge(left, on="_k", suffixes=("", "_b"))
    pairs = pairs[pairs["_i"] < pairs["_i_b"]]
    overlap = pairs["undated"] | pairs["undated_b"] | (
        (pairs["period_start"] <= pairs["period_end_b"])
        & (pairs["period_start_b"] <= pairs["period_end"]))
    # one number rounded two ways: 17 and 18 (each ±0.5) only touch, at 17.5, so are two
    eps = 1e-9 * np.maximum(1, pairs["value"].abs())
    agree = (pairs["value"] - pairs["value_b"]).abs() <= np.maximum(
        pairs["precision"] + pairs["precision_b"] - eps, eps)
    spans = pairs["undated"] | pairs["undated_b"] | (pairs["value_type"] != "change")
    counts = pd.Series(True, index=pairs.index)
    for col in ("numerator", "denominator"):
        counts &= (pairs[col].isna() | pairs[f"{col}_b"].isna()
                   | (pairs[col] == pairs[f"{col}_b"]))
    keep = pairs[(pairs["period"] != pairs["period_b"]) & overlap & agree & counts & spans]
    return keep["_i"].to_numpy(), keep["_i_b"].to_numpy()


def _roots(parent: np.ndarray) -> np.ndarray:
    """Every node's root in a forest given as parent pointers (pointer jumping)."""
    while True:
        nxt = parent[parent]
        if np.array_equal(nxt, parent):
            return parent
        parent = nxt


def _union(parent: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``parent`` with each pair (a[i], b[i]) joined; roots are the smallest node."""
    parent = parent.copy()
    for i, j in zip(a.tolist(), b.tolist(), strict=True):
        while parent[i] != i:
            i = parent[i]
        while parent[j] != j:
            j = parent[j]
        if i != j:
            parent[max(i, j)] = min(i, j)
    return _roots(parent)


def _best_of_each(rows: pd.DataFrame, group: np.ndarray) -> np.ndarray:
    """Each row's group's representative (a position in ``rows``): a dated period, the finest
    printed precision, a period stated in a sentence, a printed period, the shortest span, then
    the earliest printing (the rows are in printing order)."""
    span = (rows["period_end"] - rows["period_start"]).dt.days.to_numpy()
    ranked = np.lexsort((np.arange(len(rows)), span, rows["inferred"].to_numpy(),
                         ~rows["_sentence_period"].to_numpy(), rows["precision"].to_numpy(),
                         rows["undated"].to_numpy()))
    groups, firsts = np.unique(group[ranked], return_index=True)
    best = np.empty(len(rows), dtype=np.int64)
    best[groups] = ranked[firsts]
    return best[group]


def _with_observation_ids(ind: pd.DataFrame, rep: np.ndarray) -> pd.DataFrame:
    """``ind`` with each row's observation id (the figure id of row ``rep``) and, on a repeat,
    the flag naming it (and its more precise period, where that differs)."""
    figure_id = ind["figure_id"].to_numpy(dtype=object)
    observation_id = figure_id[rep]
    repeat = rep != np.arange(len(ind))
    periods = ind["period"].to_numpy(dtype=object)
    other_period = repeat & (periods[rep] != periods)
    note = np.full(len(ind), "", dtype=object)
    note[repeat] = "same figure as " + observation_id[repeat]
    note[other_period] = (note[other_period] + ", whose period (" + periods[rep[other_period]]
                          + ") the paper states more precisely")
    old = ind["flags"].to_numpy(dtype=object)
    joined = np.where(note == "", old, np.where(old == "", note, old + "; " + note))
    columns = [c for c in ind.columns if c != "_sentence_period"]
    if "observation_id" not in columns:
        columns.append("observation_id")
    out = ind.assign(flags=pd.Series(joined, index=ind.index, dtype=ind["flags"].dtype),
                     observation_id=pd.Series(observation_id, index=ind.index,
                                              dtype=ind["figure_id"].dtype))
    return out[columns]


def observations(ind: pd.DataFrame) -> pd.DataFrame:
    """One row per observation: the representative occurrence, with every occurrence's figure id
    and source (``file:line``) listed in ``occurrences`` and ``sources``."""
    reps = ind[ind["figure_id"] == ind["observation_id"]]
    grouped = ind.sort_values(ORDER, kind="mergesort").groupby("observation_id", sort=False)
    listed = grouped.agg(occurrences=("figure_id", ";".join),
                         sources=("source_line", lambda s: ";".join(
                             f"{f}:{n}" for f, n in zip(ind.loc[s.index, "source_file"], s,
                                                        strict=True))),
                         printed=("figure_id", "size"))
    return reps.join(listed, on="observation_id").reset_index(drop=True)
