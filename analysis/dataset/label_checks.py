"""Labels the printed words contradict: a target, forecast or stated change curated as a level.

The cleaner itself relabels what the printed figure shows beyond doubt (a rank printed as
"ranked third highest", a percentage change on a count). These checks catch the rest for the
curator: a row whose own text says "target", "forecast", "by 2035" or "increased by" but whose
value type says it is an observed level. A measure defined as a gap against a target or
milestone ("85% of its target installations", "4,000 more loans than the milestone") is a level.

>>> import pandas as pd
>>> ind = pd.DataFrame({"figure_id": ["a.p0001", "a.p0002"], "measure_id": ["m", "m"],
...                     "value_type": ["actual", "target"],
...                     "raw": ["increased by 750", "a target of 20%"]})
>>> measures = pd.DataFrame({"measure_id": ["m"], "label": ["Posts"], "definition": ["All posts"]})
>>> label_problems(ind, measures)["problem"].tolist()
["'increased by 750' reads as a stated change, but its value type is 'actual'"]
"""

from __future__ import annotations

import re

import pandas as pd

LEVELS = ("actual", "benchmark")
FUTURE = re.compile(r"\b(?:targets?|forecasts?|milestones?|projected|projections?|by 20\d\d|"
                    r"will (?:be|need|reach|rise|fall))\b", re.I)
CHANGE = re.compile(r"\b(?:increase|decrease|reduction|rise|fall|drop|growth)\w*\s+(?:of|by)\b|"
                    r"\b(?:increased|decreased|rose|fell|grew|dropped)\s+by\b|"
                    r"\b(?:more|fewer|higher|lower|less)\s+than\s+(?:the|last|in)\b", re.I)
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
                          said[future] + "a target, forecast or projection" + is_type[future]])
    return pd.DataFrame({"figure_id": levels.loc[problems.index, "figure_id"],
                         "problem": problems}).sort_index().reset_index(drop=True)
