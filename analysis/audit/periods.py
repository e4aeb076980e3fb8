"""Periods: one figure printed with two different periods in one paper, and an outturn for a
period that had not begun when its paper was written."""

from __future__ import annotations

import pandas as pd

from ..dataset.units import fmt
from .rows import LEVEL_TYPES, check_row, groups, is_dated_level, records
from .rule import Outcome

SAME_FIGURE = ["paper_id", "measure_id", "authority", "breakdown", "scope", "value_type", "unit",
               "value"]
DISTINCTIVE = 3  # a value printed with three significant digits rarely recurs by chance


def significant_digits(value: float) -> int:
    """How many significant digits a value is printed with (to six at most).

    >>> significant_digits(15_700.0), significant_digits(9.0), significant_digits(0.25)
    (3, 1, 2)
    """
    return len(f"{abs(value):.6g}".replace(".", "").lstrip("0").rstrip("0"))


def conflicting_periods(ind: pd.DataFrame) -> list[dict]:
    """One figure printed with two different periods in one paper (a Skills for Care estimate
    dated July 2016 in one section and July 2015 in another). Only values printed with enough
    digits that a coincidence is unlikely, on different lines, that are not already one
    observation.

    >>> from analysis.audit.examples import indicators
    >>> ind = indicators({"figure_id": "p.p1", "value": 15_700, "period": "Jul 2016",
    ...     "period_kind": "month", "source_line": 256}, {"figure_id": "p.p2",
    ...     "value": 15_700, "period": "Jul 2015", "period_kind": "month", "source_line": 435})
    >>> [row["printed"] for row in conflicting_periods(ind)]
    ['Jul 2016 / Jul 2015']
    """
    ind = ind.reset_index(drop=True)
    # which rows are printings of one figure, decided on the figure, its line and period
    candidates = ind.loc[is_dated_level(ind) & (ind["value"].map(significant_digits)
                                                >= DISTINCTIVE),
                         SAME_FIGURE + ["source_line", "observation_id", "period"]]
    # a table row printing one value in several years' columns is not one figure
    per_line = candidates.groupby(SAME_FIGURE + ["source_line"], dropna=False)["observation_id"]
    candidates = candidates[per_line.transform("nunique") == 1].drop_duplicates(
        SAME_FIGURE + ["observation_id"])
    same = candidates.groupby(SAME_FIGURE, dropna=False)
    enough = ((same["observation_id"].transform("size") > 1)
              & (same["source_line"].transform("nunique") > 1)
              & (same["period"].transform("nunique") > 1))
    rows = ind.loc[candidates.index[enough]].sort_values("source_line", kind="mergesort")
    return [_periods_check(printings) for printings in groups(rows, SAME_FIGURE)]


def _periods_check(printings: list[dict]) -> dict:
    first = printings[0]
    # the paper's own words for each printing: the measure's label may name it otherwise
    shown = "; ".join(f"'{r['raw']}' for {r['period']} at line {r['source_line']}"
                      for r in printings)
    text = (f"The paper prints the same figure for {first['authority']}, "
            f"{fmt(first['value'], first['unit'], first['precision'])} (the dataset's "
            f"{first['measure_label'].lower()}), with different periods ({shown}): is it one "
            "figure with two dates, or two figures?")
    return check_row(f"periods:{first['figure_id']}", "conflicting periods", printings,
                     " / ".join(r["period"] for r in printings), "one period",
                     Outcome("discrepancy", 0.0), 0.0, first["value"], text)


def periods_out_of_context(ind: pd.DataFrame) -> list[dict]:
    """An actual figure (a level or a change) for a period that had not begun when the paper
    was written.

    >>> from analysis.audit.examples import indicators
    >>> ind = indicators({"figure_id": "p.p1", "value": 5, "period": "2025/26",
    ...     "period_start": pd.Timestamp("2025-04-01")})
    >>> [row["expected"] for row in periods_out_of_context(ind)]
    ['on or before 2025-01-20']
    """
    rows = ind[ind["value_type"].isin(LEVEL_TYPES | {"change"})
               & (ind["period_start"] > ind["meeting_date"])]
    out = []
    for r in records(rows):
        text = (f"'{r['raw']}' is given as an outturn for {r['period']}, which had not begun "
                f"when the paper was written ({r['meeting_date']:%d %B %Y}): check the period.")
        out.append(check_row(f"period:{r['figure_id']}", "period out of context", [r],
                             r["period"], f"on or before {r['meeting_date']:%Y-%m-%d}",
                             Outcome("discrepancy", 0.0), 0.0, r["value"], text))
    return out
