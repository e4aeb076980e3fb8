"""Labels the printed words contradict: a target, forecast or stated change curated as a level,
or a position at the end of a month curated as the whole month.

The cleaner itself relabels what the printed figure shows beyond doubt (a rank printed as
"ranked third highest", a percentage change on a count). These checks catch the rest for the
curator: a row whose own text says "target", "forecast", "by 2035" or "increased by" but whose
value type says it is an observed level. A measure defined as a gap against a target or
milestone ("85% of its target installations", "4,000 more loans than the milestone") is a level.

>>> import pandas as pd
>>> ind = pd.DataFrame({"figure_id": ["a.p0001", "a.p0002"], "measure_id": ["m", "m"],
...                     "value_type": ["actual", "target"],
...                     "raw": ["increased by 750", "a target of 20%"],
...                     "period": ["2023/24"] * 2, "period_kind": ["financial_year"] * 2})
>>> measures = pd.DataFrame({"measure_id": ["m"], "label": ["Posts"], "definition": ["All posts"]})
>>> label_problems(ind, measures)["problem"].tolist()
["'increased by 750' reads as a stated change, but its value type is 'actual'"]
"""

from __future__ import annotations

import re

import pandas as pd

from ..sources.table_cells import MONTH_NAMES

LEVELS = ("actual", "benchmark")
FUTURE = re.compile(r"\b(?:targets?|forecasts?|milestones?|projected|projections?|by 20\d\d|"
                    r"will (?:be|need|reach|rise|fall))\b", re.I)
CHANGE = re.compile(r"\b(?:increase|decrease|reduction|rise|fall|drop|growth)\w*\s+(?:of|by)\b|"
                    r"\b(?:increased|decreased|rose|fell|grew|dropped)\s+by\b|"
                    r"\b(?:more|fewer|higher|lower|less)\s+than\s+(?:the|last|in)\b", re.I)
MONTH_END = re.compile(r"\bend of (?:" + MONTH_NAMES + r")", re.I)  # 'at end of Nov-24'
GAP_MEASURE = re.compile(r"target|milestone|\bgap\b|\babove\b|\bbelow\b", re.I)


def label_problems(ind: pd.DataFrame, measures: pd.DataFrame) -> pd.DataFrame:
    """Rows whose printed text contradicts their value type, with the reason."""
    about = measures.set_index("measure_id")
    gap = (about["label"] + " " + about["definition"]).str.contains(GAP_MEASURE)
    levels = ind[ind["value_type"].isin(LEVELS) & ~ind["measure_id"].map(gap).fillna(False)]
    change = levels["raw"].str.contains(CHANGE)
    future = ~change & levels["raw"].str.contains(FUTURE)
    said = "'" + levels["raw"] + "' reads as "
    is_type = ", but its value type is '" + levels["value_type"] + "'"
    problems = pd.concat([said[change] + "a stated change" + is_type[change],
                          said[future] + "a target, forecast or projection" + is_type[future],
                          month_end_problems(ind)])
    return pd.DataFrame({"figure_id": ind.loc[problems.index, "figure_id"],
                         "problem": problems}).sort_index().reset_index(drop=True)


def month_end_problems(ind: pd.DataFrame) -> pd.Series:
    """Rows printed as a position at the end of a month ('at end of Nov-24') but dated as the
    whole month: a count of people waiting at a month's end is a point in time, and a whole-month
    period would stop it joining the same figure printed 'as at the end of November 2024'.

    >>> ind = pd.DataFrame({"raw": ["20 (3% of total waiting at end of Nov-24)", "690 in Sep"],
    ...                     "period": ["Nov 2024", "Sep 2024"], "period_kind": ["month"] * 2})
    >>> month_end_problems(ind).str.slice(-51).tolist()
    ["at the end of a month, but its period is 'Nov 2024'"]
    """
    whole = ind[(ind["period_kind"] == "month") & ind["raw"].str.contains(MONTH_END)]
    return ("'" + whole["raw"] + "' reads as a position at the end of a month, but its period "
            "is '" + whole["period"] + "'")
