"""Finding a measure by what an analyst would type: its words, its definition or an ASCOF code.

>>> from analysis.dataset.catalogue import load_measures
>>> from analysis.settings import Settings
>>> import pandas as pd
>>> found = find_measures(pd.DataFrame(columns=["measure_id", "figure_id", "authority",
...                                             "period"]), load_measures(Settings().measures_csv),
...                       "turnover")
>>> found["measure_id"].iloc[0]
'wf_turnover_rate'
"""

from __future__ import annotations

import pandas as pd

MATCH_AT_LEAST = 75  # out of 100: below this a fuzzy match is more noise than help


def find_measures(ind: pd.DataFrame, measures: pd.DataFrame, text: str,
                  limit: int = 10) -> pd.DataFrame:
    """Measures whose label, definition or ASCOF codes match ``text`` (fuzzy, any case), with
    how many figures each has, which authorities and which periods."""
    from rapidfuzz import fuzz, process
    query = text.lower().strip()
    everything = (measures["label"] + " | " + measures["definition"] + " | "
                  + measures["ascof_2016"] + " " + measures["ascof_2023"] + " | "
                  + measures["measure_id"]).str.lower()
    label = process.cdist([query], list(measures["label"].str.lower()),
                          scorer=fuzz.partial_ratio)[0]
    anywhere = process.cdist([query], list(everything), scorer=fuzz.partial_ratio)[0]
    # a match in the label counts for more than one in the definition; an ASCOF code exactly
    score = pd.Series(0.6 * label + 0.4 * anywhere, index=measures.index).round(1)
    code = query.upper().removeprefix("ASCOF").strip()
    exact = (measures["ascof_2016"].str.upper() == code) | (measures["ascof_2023"].str.upper()
                                                           == code)
    score[exact] = 100.0
    counts = ind.groupby("measure_id").agg(
        figures=("figure_id", "size"),
        authorities=("authority", lambda s: ", ".join(sorted(set(s)))),
        periods=("period", lambda s: ", ".join(dict.fromkeys(sorted(set(s))))))
    found = measures.assign(score=score).join(counts, on="measure_id")
    found["figures"] = found["figures"].fillna(0).astype(int)
    out = found[found["score"] >= MATCH_AT_LEAST].sort_values(["score", "figures", "measure_id"],
                                                  ascending=[False, False, True]).head(limit)
    return out[["measure_id", "label", "theme", "unit", "ascof_2016", "ascof_2023", "figures",
                "authorities", "periods", "score"]].fillna("").reset_index(drop=True)
