"""A paper line's sentences, and which figure of a sentence a cue word belongs to.

A cue ('in England', 'a target of', 'in 2021/22') describes one figure: the one nearest it in
its clause. Words such as 'against', 'compared with' or 'whereas' end a clause, so a cue past
them belongs to the figure on their side.

>>> line = "Turnover was 29.1%, compared with 32.4% in England. Vacancies were 9.9%."
>>> [line[s:e] for s, e in sentences(line)]
['Turnover was 29.1%, compared with 32.4% in England.', 'Vacancies were 9.9%.']
>>> figures = [(13, 18), (34, 39)]
>>> owner(figures, [13, 34], 40, 50, line, before=1.0, after=1.5)  # 'in England' follows 32.4%
1
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache

COMPARED = r"\b(?:against|compared (?:with|to)|versus|vs\.?|whereas|while|but|yet)\b|[;(]"
# '... has saved £381m and is forecast to need to save a further £62.8m': a cue after a new
# verb of the subject describes the figures that follow it, not the one before.
NEW_PREDICATE = re.compile(r"\band\s+(?:is|are|was|were|has|have|had|will|would)\b", re.I)
REACH = 60  # characters: the farthest a cue word sits from the figure it describes
# A stop that ends a sentence: not after 'No.', 'para.' or 'c.' and not inside '3.5'.
_STOP = re.compile(r"(?<!\bNo)(?<!\bno)(?<!\bpara)(?<!\bp)(?<!\bc)(?<!\bapprox)(?<!\bvs)"
                   r"[.;!?](?=\s+[A-Z0-9(\"'‘“£•·-]|\s*$)")


@lru_cache(maxsize=256)
def _bounds(line: str) -> tuple[tuple[tuple[int, int], ...], list[int]]:
    out, start = [], 0
    for m in _STOP.finditer(line):
        out.append((start, m.end()))
        start = m.end()
        while start < len(line) and line[start].isspace():
            start += 1
    if start < len(line):
        out.append((start, len(line)))
    return tuple(out), [s for s, _ in out]


def sentences(line: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of a prose line, its stop included."""
    return _bounds(line)[0]


def sentence_starts(line: str) -> list[int]:
    """Where each sentence of ``sentences(line)`` starts (for a bisect)."""
    return _bounds(line)[1]


def sentence_of(line: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence (or, on a table line, the cell) of ``line`` holding
    line[start:end]."""
    if "\t" in line:
        s = line.rfind("\t", 0, start) + 1
        e = line.find("\t", end)
        return s, len(line) if e < 0 else e
    bounds, starts = _bounds(line)
    i = max(0, bisect.bisect_right(starts, start) - 1)
    s, e = bounds[i] if bounds else (0, len(line))
    while e < end and i + 1 < len(bounds):  # a figure printed across a stop: '£1.5m. 2'
        i += 1
        e = bounds[i][1]
    return s, max(e, end)


def owner(figures: Sequence[tuple[int, int]], starts: Sequence[int], start: int, end: int,
          text: str, *, before: float, after: float, reach: int = REACH) -> int | None:
    """The index of the figure (``figures``: (start, end) in order, ``starts`` their starts)
    that a cue at text[start:end] describes: the nearest within ``reach`` and the same clause,
    a gap to a figure before the cue weighed by ``before`` and to one after it by ``after``."""
    best, score = None, None
    i = bisect.bisect_left(starts, start)
    for j in range(max(0, i - 3), min(len(figures), i + 3)):
        s, e = figures[j]
        if e <= start:
            gap, lo, hi, weight = start - e, e, start, before
            if NEW_PREDICATE.search(text, lo, hi):
                continue
        elif s >= end:
            gap, lo, hi, weight = s - end, end, s, after
        else:
            return j  # the cue is printed inside the figure's span
        if gap > reach or re.search(COMPARED, text[lo:hi], re.I):
            continue
        if score is None or gap * weight < score:
            best, score = j, gap * weight
    return best
