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

import pandas as pd

SAME_LABELS = ["measure_id", "authority", "breakdown", "scope", "period", "value_type", "unit"]
SAME_FIGURE = ["paper_id", "measure_id", "authority", "breakdown", "scope", "value_type", "unit"]
ORDER = ["meeting_date", "paper_id", "source_line", "figure_id"]


class _Groups:
    """Union-find over row positions: occurrences joined into observations."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _overlap(a: pd.Series, b: pd.Series) -> bool:
    if "undated" in (a["period_kind"], b["period_kind"]):
        return True
    return a["period_start"] <= b["period_end"] and b["period_start"] <= a["period_end"]


def _agree(a: pd.Series, b: pd.Series) -> bool:
    """The two printed values are one value within their printed precision."""
    return abs(a["value"] - b["value"]) <= a["precision"] + b["precision"] + 1e-9 * max(
        1.0, abs(a["value"]))


def _same_counts(a: pd.Series, b: pd.Series) -> bool:
    for col in ("numerator", "denominator"):
        if pd.notna(a[col]) and pd.notna(b[col]) and a[col] != b[col]:
            return False
    return True


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
    rows = ind.sort_values(ORDER, kind="mergesort").reset_index()
    groups = _Groups(len(rows))
    for key, one_period in ((SAME_LABELS, True), (SAME_FIGURE, False)):
        for _, same in rows.groupby(key, sort=False, dropna=False):
            if len(same) < 2:
                continue
            records = same.to_dict("index")
            positions = list(records)
            for k, i in enumerate(positions):
                for j in positions[k + 1:]:
                    a, b = records[i], records[j]
                    if not one_period and not _overlap(a, b):
                        continue
                    if _agree(a, b) and _same_counts(a, b):
                        groups.join(i, j)
    rows["_group"] = [groups.find(i) for i in range(len(rows))]
    best = _precision_rank(rows).drop_duplicates("_group").set_index("_group")
    rows["observation_id"] = rows["_group"].map(best["figure_id"])
    rep_period = rows["_group"].map(best["period"])
    repeat = rows["observation_id"] != rows["figure_id"]
    note = pd.Series("", index=rows.index)
    note[repeat] = "same figure as " + rows.loc[repeat, "observation_id"]
    other_period = repeat & (rep_period != rows["period"])
    note[other_period] += (", whose period (" + rep_period[other_period]
                           + ") the paper states more precisely")
    rows["flags"] = ["; ".join(x for x in (f, n) if x) for f, n in zip(rows["flags"], note,
                                                                         strict=True)]
    out = rows.set_index("index").drop(columns=["_group", "_sentence_period"])
    out.index.name = None
    columns = [c for c in ind.columns if c != "_sentence_period"]
    if "observation_id" not in columns:
        columns.append("observation_id")
    return out.loc[ind.index, columns]


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
