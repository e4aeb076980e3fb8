"""Which catalogue measure a figure is: the words of its clause (or its row label and column
header), its heading and its list's lead-in, matched against each measure's label and
definition, rare words counting for more; an ASCOF code printed with it names its measure in
the framework of the figure's year; a measure in another unit than the one printed ranks lower.

>>> import pandas as pd
>>> m = MeasureMatcher(pd.DataFrame({"measure_id": ["wf_vacancy_rate", "budget_net"],
...     "theme": ["workforce", "budget"], "label": ["Vacancy rate", "Net budget"],
...     "unit": ["percent", "gbp"], "definition": ["Vacant posts as a share", "Net budget"],
...     "ascof_2016": ["", ""], "ascof_2023": ["", ""]}))
>>> m.suggest_many([Query((("The vacancy rate was 9.9%", 1.0),), "percent", "actual")])[0][0][0]
'wf_vacancy_rate'
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

BARE_UNITS = {"count", "ratio", "days", "years", "hours", "minutes", "gbp", "per_100k"}
OTHER_UNIT_WEIGHT = 0.05  # a measure in another unit than the one printed is rarely it
UNIT_FAMILY = {"percent": {"percent"}, "gbp": {"gbp", "gbp_per_hour"}, "per_100k": {"per_100k"},
               "years": {"years"}, "days": {"days"}, "hours": {"hours"},
               "minutes": {"minutes"}, "rank": {"rank", "count", "quartile"},
               "quartile": {"quartile", "rank", "count"}}
# Words that say whose, when or what kind a figure is, not which measure.
NOT_MEASURE_WORDS = set(
    "the a an of in on for to and or by with at from as is was were are be been this that these "
    "those which who than its their our there it into per over under all any each had has have "
    "not no but also more less higher lower increase decrease target targets aim forecast "
    "projected expected national england average regional region compared performance figure "
    "figures number numbers total year years month quarter report minutes agenda item council "
    "committee members noted reported stated p br adult adults social care asc".split())
SYNONYMS = {"concern": ("alert",), "alert": ("concern",), "dol": ("deprivation", "liberty"),
            "s42": ("section", "enquiry"), "overspent": ("overspend",), "homecare": ("home",),
            "domiciliary": ("home",), "dtoc": ("delayed", "transfer"), "underspend": (
                "overspend",), "underspent": ("overspend",), "surplu": ("overspend",),
            "deficit": ("overspend",)}
ASCOF = re.compile(r"\bASCOF\s+(\d[A-Z](?:\s*(?:pt|part)\.?\s*\w+|\(\w+\)|\d[a-z]?)?)", re.I)
WORD_CAP, DOC_CAP, LENGTH_POWER = 3.0, 2, 0.2  # what ranked the curated measures best


def _stem(word: str) -> str:
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def words(text: str) -> list[str]:
    """The words of ``text`` that can name a measure, stemmed ('admissions' is 'admission')."""
    out = []
    for w in re.findall(r"[a-z0-9]+", str(text).lower().replace("’", "'")):
        if w in NOT_MEASURE_WORDS or len(w) < 2 or w.isdigit():
            continue
        stem = _stem(w)
        out += [stem, *SYNONYMS.get(stem, ())]
    return out


def ascof_code(code: str) -> str:
    """A printed ASCOF code as compared: '1C pt 2a', '1C(2a)' and '1c2A' are '1C2A'."""
    return re.sub(r"PART|PT|[\s().]", "", code.upper())


@dataclass(frozen=True)
class Query:
    """What a figure's measure is looked up by: weighted texts, its printed unit, its value
    type, and whether its year is in the 2023/24 ASCOF framework (None: not known)."""

    parts: tuple[tuple[str, float], ...]
    unit: str | None
    value_type: str
    framework_2023: bool | None = None


class MeasureMatcher:
    """Ranks catalogue measures for each query."""

    def __init__(self, measures: pd.DataFrame | None):
        self.measures = measures if measures is not None else pd.DataFrame(
            columns=["measure_id", "theme", "label", "unit", "definition", "ascof_2016",
                     "ascof_2023"])
        m = self.measures
        self.ids = list(m["measure_id"])
        self.units = np.array(list(m["unit"]), dtype=object)
        self.themes = dict(zip(m["measure_id"], m["theme"], strict=True))
        self.unit_of = dict(zip(m["measure_id"], m["unit"], strict=True))
        docs = []
        for label, definition, mid in zip(m["label"], m["definition"], m["measure_id"],
                                          strict=True):
            doc = Counter()
            for w in words(label):
                doc[w] += 2
            for w in words(definition) + words(mid.replace("_", " ")):
                doc[w] += 1
            docs.append(doc)
        self.vocabulary = {w: i for i, w in enumerate(sorted({w for d in docs for w in d}))}
        counts = Counter(w for d in docs for w in d)
        idf = np.zeros(len(self.vocabulary))
        for w, i in self.vocabulary.items():
            idf[i] = math.log(len(docs) / (1 + counts[w])) + 1
        self.matrix = np.zeros((len(docs), len(self.vocabulary)))
        for j, doc in enumerate(docs):
            for w, n in doc.items():
                self.matrix[j, self.vocabulary[w]] = min(n, DOC_CAP) * idf[self.vocabulary[w]]
            self.matrix[j] /= max(1, sum(doc.values())) ** LENGTH_POWER
        self.codes: dict[tuple[str, str], int] = {}
        for column in ("ascof_2016", "ascof_2023"):
            for j, code in enumerate(m.get(column, [""] * len(m))):
                if code:
                    self.codes[(column, ascof_code(code))] = j

    def _vector(self, query: Query) -> np.ndarray:
        v = np.zeros(len(self.vocabulary))
        for text, weight in query.parts:
            for w in words(text):
                i = self.vocabulary.get(w)
                if i is not None:
                    v[i] = min(WORD_CAP, v[i] + weight)
        return v

    def _coded(self, query: Query) -> list[int]:
        """The measures an ASCOF code printed with the figure names, its framework's first."""
        found = []
        for text, _ in query.parts:
            for m in ASCOF.finditer(text):
                code = ascof_code(m.group(1))
                years = ["ascof_2016", "ascof_2023"] if query.framework_2023 is False else [
                    "ascof_2023", "ascof_2016"]
                found += [self.codes[(y, code)] for y in years if (y, code) in self.codes]
        return list(dict.fromkeys(found))

    def suggest_many(self, queries: list[Query], limit: int = 3
                     ) -> list[list[tuple[str, float]]]:
        """Up to ``limit`` (measure id, score) for each query, best first; scored in one
        matrix product."""
        if not self.ids or not queries:
            return [[] for _ in queries]
        scores = np.vstack([self._vector(q) for q in queries]) @ self.matrix.T
        ids = np.array(self.ids)
        out = []
        for row, query in zip(scores, queries, strict=True):
            wanted = UNIT_FAMILY.get(query.unit, BARE_UNITS if query.unit is None
                                     else {query.unit})
            fits = np.isin(self.units, list(wanted))
            if query.value_type == "change" and query.unit == "percent":
                fits[:] = True  # a percent change can be of any measure
            row = row * np.where(fits, 1.0, OTHER_UNIT_WEIGHT)
            for rank, j in enumerate(self._coded(query)):
                row[j] = row.max() + 100 - rank
            if not row.any():
                out.append([])
                continue
            best = np.lexsort((ids, -row))[:limit]
            out.append([(self.ids[i], round(float(row[i]), 1)) for i in best if row[i] > 0])
        return out
