"""Finding a measure by what an analyst would type: its words, its definition or an ASCOF code.

>>> from analysis.dataset.catalogue import load_measures
>>> from analysis.settings import Settings
>>> import pandas as pd
>>> nothing = pd.DataFrame(columns=["measure_id", "figure_id", "authority", "period"])
>>> found = find_measures(nothing, load_measures(Settings().measures_csv), "turnover")
>>> found["measure_id"].iloc[0]
'wf_turnover_rate'

The analyst's words need not be the label's, nor in its order: each word (plural or tense
folded) is looked for anywhere in a measure's label, definition and id.

>>> find_measures(nothing, load_measures(Settings().measures_csv),
...               "delayed discharge")["measure_id"].iloc[0]
'delayed_discharges_nctr'
"""

from __future__ import annotations

import re

import pandas as pd

MATCH_AT_LEAST = 75  # out of 100: below this a fuzzy match is more noise than help
NEAREST = 3  # measures named when nothing matches
STOP_WORDS = frozenset({"a", "an", "and", "the", "of", "in", "on", "for", "to", "by", "with",
                        "per", "or", "at", "from", "how", "many", "number", "is", "are"})


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
    score = score.combine(word_scores(query, measures, everything), max)
    counts = ind.groupby("measure_id").agg(
        figures=("figure_id", "size"),
        authorities=("authority", lambda s: ", ".join(sorted(set(s)))),
        periods=("period", lambda s: ", ".join(dict.fromkeys(sorted(set(s))))))
    found = measures.assign(score=score).join(counts, on="measure_id")
    found["figures"] = found["figures"].fillna(0).astype(int)
    ranked = found.sort_values(["score", "figures", "measure_id"], ascending=[False, False, True])
    out = ranked[ranked["score"] >= MATCH_AT_LEAST].head(limit)
    out = out[["measure_id", "label", "theme", "unit", "ascof_2016", "ascof_2023", "figures",
               "authorities", "periods", "score"]].fillna("").reset_index(drop=True)
    if out.empty:
        near = ", ".join(f"{r.measure_id} ({r.label})" for r in ranked.head(NEAREST).itertuples())
        out.attrs["note"] = (f"No measure matches '{text}' (a score of {MATCH_AT_LEAST} or more);"
                             f" the nearest are {near}.")
    return out


def stem(word: str) -> str:
    """A word with its plural or tense folded, as compared.

    >>> [stem(w) for w in ["carers", "discharges", "delayed", "waiting", "waits", "overspend"]]
    ['carer', 'disch', 'delay', 'wait', 'wait', 'overs']
    """
    word = re.sub(r"(?<=\w{3})(?:ing|ed|es|s)$", "", word.lower())
    return word[:5]


def word_scores(query: str, measures: pd.DataFrame, everything: pd.Series) -> pd.Series:
    """Out of 95 (below a match of the whole phrase), the share of the query's words (stop
    words aside) found anywhere in each measure's text, more when they are in its label: words
    found only in a definition or id stay below ``MATCH_AT_LEAST``. 0 for a query of stop
    words."""
    words = {stem(w) for w in re.findall(r"[a-z0-9]+", query) if w not in STOP_WORDS}
    if not words:
        return pd.Series(0.0, index=measures.index)

    def share(texts: pd.Series) -> pd.Series:
        stems = texts.str.lower().str.findall(r"[a-z0-9]+").map(lambda ws: {stem(w) for w in ws})
        return stems.map(lambda found: len(words & found) / len(words))
    return (95 * share(everything.str.replace("_", " "))
            * (0.75 + 0.25 * share(measures["label"]))).round(1)
