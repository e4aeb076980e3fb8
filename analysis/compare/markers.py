"""The papers' own judgement: the progress arrows and RAG ratings their dashboards print.

The 2025 dashboard marks progress against last year (▲ improved, ◀▶ similar, ▼ not as good;
legend at 002:864-880); the 2017 dashboard marks in-year progress (↑ ↔ ↓) and a RAG rating
against its target (004:1460-1478, Appendix C). The table extraction keeps them in each cell's
note ('progress: ▲', 'RAG: G; in-year progress: ↑'). A dashboard row whose marker cell is
blank in the text says so, and no more: the text cannot say whether the paper printed none.
A paper that states a figure's direction in words only, with no figure for the earlier period
('similar to the average wait in September 2023', 002:1249), is curated as 'stated: similar
'...'' in the note and shown as the direction the paper states, in its words: the marker
column is for printed symbols only. A paper's own comparison with a benchmark ('slightly lower
than the national rate of 566', 002:778) is curated as 'compared: lower '...'' and shown beside
the tool's rating, so a reader sees both.

>>> paper_marker("measure code: ASCOF 2A; progress: ▲")
('improved', '▲')
>>> paper_marker("measure code: Local; RAG: R; in-year progress: ↓")
('worse', '↓')
>>> rag("measure code: Local; RAG: A; in-year progress: ↔")
'amber'
>>> stated_direction("average wait; stated: similar 'similar to the wait in September 2023'")
('similar', 'similar to the wait in September 2023')
"""

from __future__ import annotations

import re

from ..sources.quotes import quoted

PROGRESS = {"▲": "improved", "↑": "improved", "◀▶": "similar", "↔": "similar", "▼": "worse",
            "↓": "worse"}
RAG = {"G": "green", "A": "amber", "R": "red"}
# What each glyph means, in the paper's own key: the 2025 dashboard compares with last year
# (002:874-885), the 2017 one with earlier in the year (004:1470-1478); neither is a rating.
KEY = {"▲": "improved on last year", "◀▶": "similar to last year",
       "▼": "not as good as last year", "↑": "improving during the year",
       "↔": "neither improving nor declining during the year", "↓": "declining during the year"}


def marker_words(marker: str, glyph: str) -> str:
    """A marker as a reader sees it: its glyph and the paper's key for it.

    >>> marker_words("worse", "▼")
    "▼ not as good as last year (the paper's key)"
    """
    if glyph in KEY:
        return f"{glyph} {KEY[glyph]} (the paper's key)"
    return f"{marker} {glyph}".strip()
_PROGRESS = re.compile(r"(?:in-year )?progress: ([^;|]+)")
_RAG = re.compile(r"\bRAG: ([GAR])\b")
BLANK = "blank in the paper's dashboard"
DIRECTIONS = ("improved", "similar", "worse", "higher", "lower")


def paper_marker(note: str) -> tuple[str, str]:
    """(direction, glyph) of the marker a dashboard cell prints, from its note: 'improved',
    'similar', 'worse', 'not applicable' (the paper prints N/A), 'blank in the paper's
    dashboard' (a marker column, but no glyph in its cell), or '' where the row has no marker
    column. A legible marker is preferred when the note joins several printings.

    >>> paper_marker("progress: none printed | stated: lower 'down from 37 (5%)'")
    ("blank in the paper's dashboard", '')
    """
    found = [m.group(1).strip() for m in _PROGRESS.finditer(note or "")]
    glyph = next((g for g in found if g != "none printed"), "")  # a legible one first
    if not found:
        return "", ""
    if not glyph:
        return BLANK, ""
    if glyph in PROGRESS:
        return PROGRESS[glyph], glyph
    if glyph.upper() == "N/A":
        return "not applicable", glyph
    return "unreadable", glyph


def stated_direction(note: str) -> tuple[str, str]:
    """(direction, the paper's words) where a paper states a figure's direction in words,
    curated as ``stated: lower '...'``; ('', '') otherwise.

    >>> stated_direction("progress: none printed | stated: lower 'down from 37 (5%)'")
    ('lower', 'down from 37 (5%)')
    """
    word, words = quoted(note, "stated")
    return (word, words) if word in DIRECTIONS else ("", "")


def paper_comparison(note: str) -> str:
    """The words in which a paper compares a figure with a benchmark, curated as
    ``compared: lower '...'`` in its note, or ''.

    >>> paper_comparison("compared: lower 'slightly lower than the national rate of 566'")
    'slightly lower than the national rate of 566'
    """
    return quoted(note, "compared")[1]


def rag(note: str) -> str:
    """The dashboard's RAG rating against its target, in words, or ''."""
    m = _RAG.search(note or "")
    return RAG[m.group(1)] if m else ""


def disagrees(ours: str, theirs: str) -> bool:
    """True when the tool's direction of travel and the paper's own marker point different
    ways (one says improved, the other worse)."""
    return {ours, theirs} == {"improved", "worse"}
