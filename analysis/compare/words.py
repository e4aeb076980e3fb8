"""Figures, units and breakdowns in a reader's words, as every table, chart and message says them.

>>> shown({"qualifier": "over", "value": 10500.0, "unit": "count", "precision": 0.5})
'over 10,500'
>>> breakdown_words("sector: independent"), breakdown_words("age: 65+")
('independent sector only', 'age 65+ only')
>>> breakdown_words("scope: LCC adults and communities department")
'LCC adults and communities department only'
>>> caveat_parts("part of a year (Apr-Nov 2024); period read (printed 'Q1'; an inference)")
['part of a year (Apr-Nov 2024)', "period read (printed 'Q1'; an inference)"]
>>> tool_note("Collection ended in 2020")
"Collection ended in 2020 (the tool's note)"
"""

from __future__ import annotations

import re

import pandas as pd

from ..dataset.units import fmt

UNIT_WORDS = {"percent": "%", "count": "number", "gbp": "£", "per_100k": "per 100,000 population",
              "years": "years", "days": "days", "hours": "hours", "minutes": "minutes",
              "gbp_per_hour": "£ an hour", "ratio": "score", "rank": "rank",
              "quartile": "national quartile", "percent_change": "% change",
              "percentage_points": "percentage points"}
QUALIFIER_WORDS = {"approximately": "around", "estimated": "an estimated", "over": "over",
                   "more than": "more than", "under": "under", "less than": "less than",
                   "nearly": "nearly", "up to": "up to", "at least": "at least",
                   "at most": "at most", "between": "between"}


def unit_label(info: pd.Series) -> str:
    """A measure's unit as its axis and tables name it: the catalogue's words, else the unit's."""
    return info["unit_label"] or UNIT_WORDS.get(info["unit"], info["unit"])


def shown(row: pd.Series | dict) -> str:
    """A figure as a reader writes it, with its qualifier: 'over 10,500', 'around 15,450'."""
    if row["qualifier"] == "between" and pd.notna(row.get("lower")):
        return (f"{fmt(row['lower'], row['unit'], row['precision'])} to "
                f"{fmt(row['upper'], row['unit'], row['precision'])}")
    words = QUALIFIER_WORDS.get(row["qualifier"], "")
    return f"{words} {fmt(row['value'], row['unit'], row['precision'])}".strip()


def breakdown_words(breakdown: str) -> str:
    """'sector: independent' as 'independent sector only'."""
    if not breakdown:
        return ""
    dimension, _, value = breakdown.partition(": ")
    if dimension == "scope":  # 'scope: LCC adults and communities department'
        return f"{value} only"
    return f"{value} {dimension} only" if dimension in ("sector", "service") else \
        f"{dimension} {value} only"


def period_inferred(flags: str) -> bool:
    """Whether the dataset took a figure's period from the report's text rather than the
    figure's own line: inferred from its context, or re-read (a period correction).

    >>> period_inferred("inferred period"), period_inferred("period corrected (printed 'x')")
    (True, True)
    >>> period_inferred("corrected (printed 15: ...)")
    False
    """
    return bool(re.search(r"\binferred period\b|\bperiod corrected\b", flags or ""))


def dated(period: str, flags: str) -> str:
    """A figure's period as a table without a caveat column shows it: marked where the
    dataset took it from the report's text, not the figure's own line.

    >>> dated("2018/19", "inferred period"), dated("2024/25", "")
    ("2018/19 (inferred from the report's text)", '2024/25')
    """
    return f"{period} (inferred from the report's text)" if period_inferred(flags) else period


TOOL_NOTE = " (the tool's note)"


def tool_note(text: str) -> str:
    """A note from the measure catalogue (data/raw/measures.csv), marked as the tool's own, so
    a reader never takes it for something a paper states; '' stays ''."""
    return f"{text}{TOOL_NOTE}" if text else ""


def lower_first(text: str) -> str:
    """A label inside a sentence: its first letter lower-case, unless it starts an acronym.

    >>> lower_first("Staff turnover rate"), lower_first("ASC Ombudsman cases upheld")
    ('staff turnover rate', 'ASC Ombudsman cases upheld')
    """
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def caveat_parts(caveats: str) -> list[str]:
    """A caveats cell's notes: split at '; ' outside brackets, so a note that quotes or cites
    with a semicolon inside its brackets stays whole."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(caveats):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and caveats.startswith("; ", i):
            parts.append(caveats[start:i])
            start = i + 2
    parts.append(caveats[start:])
    return [p for p in parts if p]


def covers_only(caveats: str) -> str:
    """The caveat that says a figure covers part of what the measure does ('independent sector
    only'), or ''.

    >>> covers_only("sector independent only; period from the report's text")
    'sector independent only'
    """
    return next((p for p in caveat_parts(caveats) if p.endswith(" only")), "")
