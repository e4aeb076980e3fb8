"""Changes against levels: a stated change ('a 7.9% fall', 'increased by 750') against the
two printed levels it connects, the two ends of an 'A to B' period, else the same period a
year earlier and the change's own period."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dataset.units import fmt
from ..parse.periods import Period, parse_period
from .rows import LEVEL_TYPES, check_row, records
from .rule import judge
from .sentences import explain, who

SERIES = ["measure_id", "authority", "breakdown", "scope"]


def _first_level(changes: pd.DataFrame, levels: pd.DataFrame, change_on: list[str],
                 level_on: list[str]) -> dict[str, int]:
    """For each change, the printed level it matches on the given columns: from its own paper
    first, then the earliest printing. The level's row (``_row``), by the change's figure id."""
    pairs = changes[["figure_id", "paper_id", *change_on]].merge(
        levels, left_on=change_on, right_on=level_on, suffixes=("_change", ""))
    pairs = pairs.assign(_other=pairs["paper_id"] != pairs["paper_id_change"])
    pairs = pairs.sort_values(["figure_id_change", "_other", "meeting_date", "source_line",
                               "figure_id"], kind="mergesort").drop_duplicates("figure_id_change")
    return dict(zip(pairs["figure_id_change"].tolist(), pairs["_row"].tolist(), strict=True))


def _with_ends(changes: pd.DataFrame) -> pd.DataFrame:
    """``changes`` with the periods of the levels each connects: ``_from`` and ``_to`` for an
    'A to B' period (``_span``), else the change's own period a year earlier (``_start``,
    ``_end``) and ``_to``, the change's own period."""
    ends = changes["period"].str.split(" to ", n=1)
    spans = pd.Series([len(e) == 2 and all(isinstance(parse_period(x), Period) for x in e)
                       for e in ends], index=changes.index, dtype=bool)
    return changes.assign(
        _from=ends.str[0].where(spans, ""), _to=ends.str[-1].where(spans, changes["period"]),
        _start=changes["period_start"] - pd.DateOffset(years=1),
        _end=changes["period_end"] - pd.DateOffset(years=1), _span=spans)


def changes_vs_levels(ind: pd.DataFrame) -> list[dict]:
    """A check of every stated change whose two levels are printed.

    >>> from analysis.audit.examples import indicators
    >>> ind = indicators({"figure_id": "p.p1", "value": 750, "value_type": "change",
    ...     "raw": "increased by 750"}, {"figure_id": "p.p2", "value": 15_450},
    ...     {"figure_id": "p.p3", "value": 14_700, "period": "2022/23",
    ...      "period_start": pd.Timestamp("2022-04-01"),
    ...      "period_end": pd.Timestamp("2023-03-31")})
    >>> row, = changes_vs_levels(ind)
    >>> row["verdict"], row["figure_ids"]
    ('ok', 'p.p1;p.p3;p.p2')
    """
    changes = ind[ind["value_type"] == "change"]
    if changes.empty:
        return []
    # what a level is matched and ordered by, and its row: the check reads the whole row
    is_level = ind["value_type"].isin(LEVEL_TYPES).to_numpy()
    levels = ind.loc[is_level, SERIES + ["period", "period_start", "period_end", "paper_id",
                                         "meeting_date", "source_line", "figure_id"]]
    levels = levels.assign(_row=np.flatnonzero(is_level))
    changes = _with_ends(changes)
    spans = changes[changes["_span"]]
    dated = changes[~changes["_span"]]
    before = _first_level(spans, levels, SERIES + ["_from"], SERIES + ["period"]) | \
        _first_level(dated, levels, SERIES + ["_start", "_end"],
                     SERIES + ["period_start", "period_end"])
    after = _first_level(changes, levels, SERIES + ["_to"], SERIES + ["period"])
    rows = sorted(set(before.values()) | set(after.values()))
    level = dict(zip(rows, records(ind.iloc[rows]), strict=True))
    out = []
    for c in records(changes):
        if c["figure_id"] in before and c["figure_id"] in after:
            row = _change_check(c, level[before[c["figure_id"]]], level[after[c["figure_id"]]])
            if row is not None:
                out.append(row)
    return out


def _change_check(c: dict, level_from: dict, level_to: dict) -> dict | None:
    a, b = level_from["value"], level_to["value"]
    pa, pb = level_from["precision"], level_to["precision"]
    if c["unit"] == "percent_change":
        if a == 0:
            return None
        expected = 100 * (b - a) / a
        carried = 100 * (pb / abs(a) + abs(b) * pa / a ** 2)
    else:
        expected, carried = b - a, pa + pb
    tolerance = float(c["precision"] + carried)
    unit = c["unit"]
    outcome = judge(c["value"], expected, tolerance, c["qualifier"], quantity=c["value"],
                    unit=unit)
    printed, exp = fmt(c["value"], unit, c["precision"]), fmt(expected, unit, c["precision"])
    level_unit = level_to["unit"]
    levels_text = (f"{fmt(a, level_unit, pa)} ({level_from['period']}) to "
                   f"{fmt(b, level_unit, pb)} ({level_to['period']})")
    subject = who(level_to)
    figures = [c, level_from, level_to]
    text = explain(
        outcome, f"The stated change of {printed} in {subject} matches the printed levels, "
        f"{levels_text}",
        f"The paper states a change of {printed} ('{c['raw']}') in {subject}, but the "
        f"printed levels, {levels_text}, give {exp}.", figures)
    return check_row(f"change:{c['figure_id']}", "change vs levels", figures, printed, exp,
                     outcome, tolerance, c["value"], text)
