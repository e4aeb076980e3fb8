"""Every printed number on a paper line, and the spans of text that print one figure.

A *printed number* is a run of digits (with thousands commas and a decimal point) or a number
word ("two", "a quarter", "one in four", "ranked third highest"). A *span* is the stretch of the
line one figure row would cite as its ``raw``: the number with its qualifier ("around"), change
words ("increased by"), unit ("%", "£", "m", "years", "per 100,000") and any figure printed with
it ("85.3% (1,206 out of 1,414)", "10.8%/1,700 jobs", "165 or 2.1% more", "1-1.5%").
"from 19 to 6 minutes" gives two spans, "from 19" and "to 6 minutes", one per level.

>>> [s.raw for s in figure_spans("It was 85.3% (1,206 out of 1,414) in 2023/24, up from 80%.")]
['85.3% (1,206 out of 1,414)', 'from 80%']
>>> [s.raw for s in figure_spans("call waiting times had reduced from 19 to 6 minutes")]
['from 19', 'to 6 minutes']
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..parse.figures import QUALIFIERS
from .nonfigures import Marked, non_figure_ranges, reason_for

DIGITS = re.compile(r"(?<![\d])\d+(?:[.,]\d+)*")
_WORD_NUMBER = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
                r"sixty|seventy|eighty|ninety|hundred|a hundred|a thousand")
_FRACTION = (r"(?:a|one|two|three)[- ](?:quarters?|thirds?|fifths?)|half|a half|one half|"
             r"(?:a|one)[- ]fifth")
_ORDINAL = (r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth")
WORDS = re.compile(
    r"(?<![\w-])(?:(?:ranked\s+)?(?:the\s+)?(?:" + _ORDINAL + r")\s+(?:highest|lowest|best|worst)"
    r"|ranked\s+(?:the\s+)?(?:highest|lowest|best|worst)"
    r"|(?:top|bottom|upper|lower)\s+(?:quartile|25\s?%)"
    r"|(?:" + _WORD_NUMBER + r"|\d{1,2})\s+in\s+(?:every\s+)?"
    r"(?:two|three|four|five|six|ten|\d{1,2})(?![\d/-])"
    r"|(?:more\s+than\s+)?doubled|(?:" + _FRACTION + r")"
    r"|(?:" + _WORD_NUMBER + r")(?:\s+(?:thousand|million|billion))?)(?![\w-])", re.I)

SCALE = r"(?:\s?(?:k|m|bn|mn)\b|\s?(?:thousands?|millions?|billions?)\b)"
UNIT = (r"(?:\s?%|\s?per\s?cent\b|\s?percent\b|\s+(?:years?|yrs|days?|hours?|hrs|minutes?|mins|"
        r"weeks?|months?)\b|\s?p\b(?!/)|\s+pence\b|\s+(?:an|per)\s+hour\b)")
# A figure printed in brackets after another: '(43%)', '(1,206 out of 1,414)', '(- 7%)', and
# '(538 out of 611' where the paper's text stops.
_INNER = (r"(?:(?:approx\.?|around|about|c\.|just|some|over|under|nearly) )?(?:[-+] ?)?£?\d[\d,.]*"
          r"(?:k|m|bn)?(?: ?%)?(?: (?:out of|of the|of) [\d,.]+)?(?: [a-z][a-z.]*){0,2}")
BRACKET = re.compile(r" ?\(\s*" + _INNER + r"\s*\)| ?\(\s*" + _INNER + r"$")
RATE = r"(?:\s+[a-z]+){0,3}?\s+per\s+(?:100,000|100k|100 000)(?!\d|[,.]\d)"
CHANGE_BEFORE = (r"(?:increased|decreased|reduced|fallen|fell|rose|risen|grew|grown|dropped|"
                 r"declined|went\s+up|went\s+down|up|down|increase|decrease|reduce|rise|fall)"
                 r"\s+by|(?:an?\s+)?(?:increase|decrease|reduction|rise|fall|drop|growth|decline|"
                 r"change|improvement)\s+of")
DIRECTION_AFTER = r"\s+(?:more|fewer|less|higher|lower|above|below|increase|decrease|reduction)\b"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    raw: str
    reason: str = ""  # why it is not a figure; '' for a candidate


def number_tokens(line: str) -> list[tuple[int, int]]:
    """(start, end) of every printed number on ``line``, in order; a number word inside a
    digit's span is not counted twice.

    >>> line = "Two-thirds (66%) of 1,414 people"
    >>> [line[s:e] for s, e in number_tokens(line)]
    ['Two-thirds', '66', '1,414']
    """
    words = [(m.start(), m.end()) for m in WORDS.finditer(line)]
    with_digits = [(s, e) for s, e in words if re.search(r"\d", line[s:e])]  # '1 in 4'
    tokens = [(m.start(), m.end()) for m in DIGITS.finditer(line)
              if not any(s <= m.start() and m.end() <= e for s, e in with_digits)]
    for s, e in words:
        if (s, e) in with_digits or not any(ts < e and s < te for ts, te in tokens):
            tokens.append((s, e))
    return sorted(tokens)


CORE = re.compile(r"(?:\d+(?:[.,]\d+)*(?:(?<=0)s\b|(?<=1)st\b|(?<=2)nd\b|(?<=3)rd\b|th\b)?|"
                  + WORDS.pattern + r")(?:" + SCALE
                  + r")?(?:" + UNIT + r")?(?:" + RATE + r")?", re.I)
# A sign or pound sign printed before the number: '-62,964', '£5.9m', '+25%', '(- 7%)'.
BEFORE = re.compile(r"(?:(?<=\()[-+]\s|(?<![\w-])[-+]|£\s?)+$")


def _core(line: str, pos: int) -> re.Match | None:
    """A number at ``pos`` with its scale and unit."""
    return CORE.match(line, pos)


PREFIX_REACH = 120  # characters: longer than any qualifier or change phrase before a number


def _prefix_start(line: str, start: int, spans_before: list[Span]) -> int:
    """Where the span starts once its qualifier or change words before the number are in; 'to'
    after a span that starts 'from' ('from 19 to 6 minutes')."""
    # Only the words just before the number can belong to it: a window keeps a line of many
    # figures linear.
    lo = max(0, start - PREFIX_REACH)
    before = line[lo:start]
    last = next((s for s in reversed(spans_before) if not s.reason), None)
    if last is not None and re.match(r"from\b", last.raw, re.I):  # past '2021/22' if need be
        to = re.search(r"\bto\s+$", before)
        if to and lo + to.start() >= spans_before[-1].end:
            return lo + to.start()
    m = re.search(r"(?:\b(?:" + CHANGE_BEFORE + r")\s+)$", before, re.I)
    if m:
        return lo + m.start()
    low = line[:start].lower() if lo == 0 else " " + before.lower()
    for phrase, _ in QUALIFIERS:
        candidate = phrase + " " if phrase[0].isalpha() else phrase
        for form in (candidate, phrase):
            if low.endswith(form) and (len(low) == len(form) or not phrase[0].isalpha()
                                       or not low[-len(form) - 1].isalnum()):
                return start - len(form)
    if re.match(r"\d*0s\b", line[start:start + 8]):
        loose = re.search(r"\b(?:high|low|mid|early|late)\s+$", before, re.I)
        if loose:
            return lo + loose.start()  # 'high 30s%'
    m = re.search(r"\bfrom\s+$", before, re.I)
    return lo + m.start() if m else start


def _attached(line: str, end: int, first: str) -> int:
    """The end of the span once figures printed with the first are in: brackets, slashes,
    'or', ranges and 'out of'."""
    rest = line[end:]
    bracket = BRACKET.match(rest)
    if bracket and WORDS.search(first):
        bracket = None  # 'Just over two-thirds (21,510)': a share and a count, two rows
    if bracket:
        return end + bracket.end()
    slash = re.match(r" ?/ ?(?:[-+] ?)?£?\d[\d,.]*(?:" + SCALE + r")?(?: ?%)?"
                     r"(?: [a-z]+)?", rest)
    score = re.match(r"/\d{1,2}(?![\d,.%/])", rest)
    if score and re.search(r"\d$", first):
        return end + score.end()  # a score: 4/5, 6.16/10
    if slash:
        return end + slash.end()
    percent_first = "%" in first
    either = re.match(r" or (?:just\s+|around\s+|about\s+)?(?:[-+]\s?)?£?\d[\d,.]*"
                      r"(?P<pct>\s?%)?", rest)
    if either and bool(either.group("pct")) != percent_first:
        return end + either.end()
    rng = re.match(r" ?(?:-|–|to) ?(?:£ ?)?\d[\d,.]*(?:" + SCALE + r")?(?:" + UNIT + r")?",
                   rest)
    starts_from = re.match(r"\s*from\b", first, re.I)
    # '60% to 6.7 patients': a percent then a bare number is a change and a level, not a range
    unlike = percent_first and rng is not None and "%" not in rng.group(0)
    # 'fell by 40 to 2,310': a change, then the level it reached, not a range
    reached = re.match(r"(?:" + CHANGE_BEFORE + r")\s", first, re.I) and re.match(r"\s?to\b",
                                                                                   rest)
    if rng and not unlike and not reached and not (starts_from and re.match(r"\s?to\b", rest)):
        return end + rng.end()
    return end  # '10,000 out of 15,500' without a percent: two figures, two spans


def figure_spans(line: str) -> list[Span]:
    """The candidate figure spans of one line (not the non-figures; see ``line_spans``)."""
    return [s for s in line_spans(line) if not s.reason]


def line_spans(line: str) -> list[Span]:
    """Every printed number of ``line`` in exactly one span: figure spans, and each number a
    rule marks as a non-figure as its own span with the reason. Table lines (tab-separated) are
    read cell by cell: a span never crosses a tab."""
    ranges = non_figure_ranges(line)
    spans: list[Span] = []
    offset = 0
    for cell in line.split("\t"):
        spans += _cell_spans(line, offset, offset + len(cell), ranges)
        offset += len(cell) + 1
    return spans


def _cell_spans(line: str, lo: int, hi: int, ranges) -> list[Span]:
    cell = line[:hi]  # positions stay the line's; nothing past the cell is seen
    spans: list[Span] = []
    taken_to = lo
    tokens = number_tokens(line[lo:hi])
    if lo or hi < len(line):  # a table cell printed 'Nil' is a zero
        nil = re.fullmatch(r"\s*(nil)\s*", line[lo:hi], re.I)
        tokens += [nil.span(1)] if nil else []
    starts = [s for s, _ in tokens]
    for start, end in tokens:
        start, end = start + lo, end + lo
        if start < taken_to:
            continue
        why = reason_for(start, end, ranges)
        if why:
            spans.append(Span(start, end, line[start:end], why))
            taken_to = end
            continue
        span = _figure_at(cell, start, end, ranges, taken_to, spans)
        inside = tokens[bisect.bisect_right(starts, span.start - lo):
                        bisect.bisect_left(starts, span.end - lo)]
        cut = [e + lo for s, e in inside if span.end < e + lo]
        if cut:  # a span never ends inside a number
            span = Span(span.start, max(cut), line[span.start:max(cut)])
        spans.append(span)
        taken_to = span.end
    return spans


def _figure_at(line: str, start: int, end: int, ranges, floor: int,
               spans_before: list[Span]) -> Span:
    core = _core(line, start)
    core_end = max(end, core.end()) if core else end
    sign = BEFORE.search(line, max(floor, start - 12), start)
    begin = sign.start() if sign else start
    if "\t" in line and start > floor and line[start - 1] == "Q" and (
            start - 1 == floor or not line[start - 2].isalnum()):
        begin = start - 1  # a quartile cell: 'Q2'

    begin = max(floor, _prefix_start(line, begin, spans_before))
    stop = _attached(line, core_end, line[begin:core_end])
    stop = _trim_into_rules(line, core_end, stop, ranges)
    alone = stop == core_end
    after = re.match(DIRECTION_AFTER, line[stop:], re.I)
    if after:
        stop += after.end()
    if alone and begin > floor and line[begin - 1] == "(" and line[stop:stop + 1] == ")":
        begin, stop = begin - 1, stop + 1  # '(£25.8m)', '(11.0%)': the brackets are printed
    return Span(begin, stop, line[begin:stop])


def _trim_into_rules(line: str, core_end: int, stop: int, ranges) -> int:
    """An attachment never swallows a date, period or reference: '80% (2023/24)' is 80%."""
    near = ranges.near(core_end, stop + 1) if isinstance(ranges, Marked) else ranges
    for s, e, _ in near:
        if core_end <= s < stop or core_end < e <= stop:
            return core_end
    return stop


def numbers_in_spans(line: str) -> list[tuple[int, int, Span]]:
    """Every printed number of ``line`` as (start, end, the span that holds it).

    >>> line = "85.3% (1,206 out of 1,414) in 2023/24"
    >>> [(line[s:e], span.reason or span.raw) for s, e, span in numbers_in_spans(line)]
    [('85.3', '85.3% (1,206 out of 1,414)'), ('1,206', '85.3% (1,206 out of 1,414)'), \
('1,414', '85.3% (1,206 out of 1,414)'), ('2023', 'date or period'), ('24', 'date or period')]
    """
    spans = line_spans(line)
    tokens = number_tokens(line) + [(s.start, s.end) for s in spans
                                    if s.raw.strip().lower() == "nil"]
    out, first = [], 0
    for start, end in sorted(set(tokens)):
        while first < len(spans) and spans[first].end < end:  # spans are in order, apart
            first += 1
        holder = next((s for s in spans[first:first + 2] if s.start <= start and end <= s.end),
                      None)
        if holder is None:  # never expected: every number is in a span (a test checks)
            holder = Span(start, end, line[start:end])
        out.append((start, end, holder))
    return out


def printed_at(line: str, raw: str) -> list[tuple[int, int]]:
    """(start, end) of each printing of ``raw`` on ``line`` that does not cut a number: '2' is
    not printed inside '2025'.

    >>> printed_at("1. CQC report 2. Budget 2025", "2")
    [(14, 15)]
    """
    if not raw:
        return []
    before = r"(?<![\d.,])" if raw[0].isdigit() else ""
    after = r"(?![\d]|[.,]\d)" if raw[-1].isdigit() else ""
    return [(m.start(), m.end()) for m in re.finditer(before + re.escape(raw) + after, line)]
