"""Occurrences to observations: one figure printed several times is one observation.

The indicator table keeps one row per printed occurrence. A comparison, a trend or a count needs
observations: one per authority, measure, breakdown, scope, period and value type, however often
the papers print it. Two occurrences are one observation when

- they carry the same labels and values that agree within their printed precision (a reprinted
  report; "£386.0m" in the text and £386,000,218 in the appendix; 59% and 59.3%), or
- they come from one paper with the same measure, authority, breakdown, scope, value type and
  unit, values that agree within their printed precision (and the same counts, where both print
  counts), for periods that overlap or where one is undated: one figure printed twice under
  different headings (89.9% "of the 582 people discharged between June and August" in the text,
  the same 89.9% under an April-November dashboard heading), or one estimate quoted twice.

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
ORDER = ["meeting_date", "paper_id", "source_line", "figure_id"]


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


def _key(rows: pd.DataFrame, columns: list[str]) -> np.ndarray:
    return rows.groupby(columns, sort=False, dropna=False).ngroup().to_numpy()


def _agreeing_runs(rows: pd.DataFrame, key: np.ndarray) -> np.ndarray:
    """Within each key, values whose printed ranges [value - precision, value + precision]
    overlap, transitively: a sweep over the sorted ranges. Returns, per row, the position of
    the first row (in sort order) of its run, which is its root."""
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


def _counts_key(rows: pd.DataFrame) -> pd.Series:
    both = rows["numerator"].notna() & rows["denominator"].notna()
    return (rows["numerator"].astype(str) + "/" + rows["denominator"].astype(str)).where(
        both, "")


def _same_paper_pairs(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of rows of one paper, one measure, authority, breakdown, scope, type and unit,
    whose periods differ but overlap (or one is undated) and whose values and counts agree."""
    cols = SAME_FIGURE + ["period", "period_start", "period_end", "period_kind", "value",
                          "precision", "numerator", "denominator"]
    left = rows[cols].assign(_i=np.arange(len(rows)))
    sizes = left.groupby(SAME_FIGURE, sort=False, dropna=False)["_i"].transform("size")
    left = left[sizes > 1]
    pairs = left.merge(left, on=SAME_FIGURE, suffixes=("", "_b"))
    pairs = pairs[pairs["_i"] < pairs["_i_b"]]
    undated = (pairs["period_kind"] == "undated") | (pairs["period_kind_b"] == "undated")
    overlap = undated | ((pairs["period_start"] <= pairs["period_end_b"])
                         & (pairs["period_start_b"] <= pairs["period_end"]))
    agree = (pairs["value"] - pairs["value_b"]).abs() <= (
        pairs["precision"] + pairs["precision_b"]
        + 1e-9 * np.maximum(1, pairs["value"].abs()))
    counts = pd.Series(True, index=pairs.index)
    for col in ("numerator", "denominator"):
        counts &= (pairs[col].isna() | pairs[f"{col}_b"].isna()
                   | (pairs[col] == pairs[f"{col}_b"]))
    keep = pairs[(pairs["period"] != pairs["period_b"]) & overlap & agree & counts]
    return keep["_i"].to_numpy(), keep["_i_b"].to_numpy()


def _precision_rank(rows: pd.DataFrame) -> pd.DataFrame:
    """Best representative first: a dated period, the finest printed precision, a period stated
    in a sentence, a printed period, the shortest span, then the earliest printing."""
    span = (rows["period_end"] - rows["period_start"]).dt.days
    return rows.assign(
        _undated=rows["period_kind"] == "undated",
        _not_sentence=~rows["_sentence_period"],
        _inferred=rows["flags"].str.contains("inferred period", regex=False),
        _span=span,
    ).sort_values(["_undated", "precision", "_not_sentence", "_inferred", "_span"] + ORDER,
                  kind="mergesort")


def assign_observations(ind: pd.DataFrame) -> pd.DataFrame:
    """``ind`` with ``observation_id`` set and each repeat flagged 'same figure as <id>'.
    Needs a boolean ``_sentence_period`` column (the period was printed in the figure's own
    sentence); it is dropped from the result."""
    if ind.empty:
        return ind.drop(columns=["_sentence_period"], errors="ignore").assign(
            observation_id=pd.Series(dtype=str))
    # Only the columns the grouping reads: the frame itself is copied once, at the end.
    needed = list(dict.fromkeys(SAME_LABELS + SAME_FIGURE + ORDER + [
        "period_start", "period_end", "period_kind", "value", "precision", "numerator",
        "denominator", "flags", "_sentence_period"]))
    rows = ind[needed].sort_values(ORDER, kind="mergesort").reset_index()
    # same labels and period: runs of agreeing values, kept apart where counts differ
    counts = _counts_key(rows)
    parent = _agreeing_runs(rows, _key(rows.assign(_c=counts), SAME_LABELS + ["_c"]))
    # a row printing no counts joins the run of rows that print them, when only one agrees
    loose = _agreeing_runs(rows, _key(rows, SAME_LABELS))
    summary = pd.DataFrame({"loose": loose, "tight": parent, "counted": (counts != "")
                            .to_numpy()})
    counted = summary[summary["counted"]].groupby("loose")["tight"].agg(["nunique", "first"])
    single = counted.loc[counted["nunique"] == 1, "first"]
    bare = summary[~summary["counted"] & summary["loose"].isin(single.index)]
    a = bare.index.to_numpy()
    b = bare["loose"].map(single).to_numpy()
    # one paper, overlapping periods: one figure printed under two headings
    pa, pb = _same_paper_pairs(rows)
    rows["_group"] = _union(parent, np.r_[a, pa].astype(np.int64),
                            np.r_[b, pb].astype(np.int64))
    best = _precision_rank(rows).drop_duplicates("_group").set_index("_group")
    rows["observation_id"] = rows["_group"].map(best["figure_id"])
    rep_period = rows["_group"].map(best["period"])
    repeat = rows["observation_id"] != rows["figure_id"]
    note = pd.Series("", index=rows.index)
    note[repeat] = "same figure as " + rows.loc[repeat, "observation_id"]
    other_period = repeat & (rep_period != rows["period"])
    note[other_period] += (", whose period (" + rep_period[other_period]
                           + ") the paper states more precisely")
    flags = pd.Series(["; ".join(x for x in (f, n) if x)
                       for f, n in zip(rows["flags"], note, strict=True)],
                      index=rows["index"].to_numpy(), dtype=ind["flags"].dtype)
    observation = pd.Series(rows["observation_id"].to_numpy(), index=rows["index"].to_numpy(),
                            dtype=ind["figure_id"].dtype)
    columns = [c for c in ind.columns if c != "_sentence_period"]
    if "observation_id" not in columns:
        columns.append("observation_id")
    out = ind.assign(flags=flags.reindex(ind.index), observation_id=observation
                     .reindex(ind.index))
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
