"""What each council publishes: current measures by theme, from its own adult social care figures.

A measure counts as *current* for a council when the papers print a dated figure for it within
three years of the newest paper; older figures are history, counted apart. Figures about other
bodies (a children's board), other footprints (LLR) and services outside adult social care
(libraries) are not a council's adult social care and are not counted.
"""

from __future__ import annotations

import pandas as pd

from .select import HISTORICAL_YEARS

THEME_NAMES = {"workforce": "workforce", "reablement": "reablement", "budget": "budgets",
               "safeguarding": "safeguarding",
               "other": "other adult social care (outcomes, assessments, carers, activity)"}


def coverage(ind: pd.DataFrame, measures: pd.DataFrame, councils: list[str],
             newest: pd.Timestamp) -> pd.DataFrame:
    """Current and historical-only measures per theme and council (one row per theme)."""
    scope = measures.set_index("measure_id")["scope"]
    rows = ind[ind["authority"].isin(councils) & (ind["footprint"] == "council")
               & (ind["scope"] == ind["measure_id"].map(scope))
               & (ind["period_kind"] != "undated") & (ind["value_type"] != "change")]
    rows = rows.assign(current=(newest - rows["period_end"]).dt.days
                       <= HISTORICAL_YEARS * 365.25)
    out = []
    for theme, name in THEME_NAMES.items():
        record = {"theme": name}
        for council in councils:
            mine = rows[(rows["theme"] == theme) & (rows["authority"] == council)]
            now = set(mine.loc[mine["current"], "measure_id"])
            record[f"{council}: current"] = len(now)
            record[f"{council}: older only"] = len(set(mine["measure_id"]) - now)
        out.append(record)
    return pd.DataFrame(out)
