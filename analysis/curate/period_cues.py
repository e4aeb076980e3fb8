"""When a figure is for: the periods printed in its sentence, and which figure each belongs to.

A period printed just after a figure ('680 in 22/23') or just before it in its clause ('In
2022/23 7,204 referrals') is that figure's. One a comparison names ('up on 2022/23', 'higher
than in 2018/19', 'since 2019') is not the figure's. A period printed in the sentence that no
figure took is the sentence's; a change or a target with none of its own takes the period of the
figure before it ('860, 35.2% less than'). A relative period ('last year') is the period in
force; a forward span ('over the next two years') is no period at all; a quarter or month
without its year takes the year of the financial year in force, else is proposed as printed.

>>> text = "It rose from 672 in 20/21 to 1270 in 21/22, up on 2019/20."
>>> [label for _, label, _ in read_periods(text, [(8, 16), (26, 33)], ["", ""], None)]
['2020/21', '2021/22']
>>> text = "In 2022/23, 7,204 were received, 238 fewer than in 2021/22."
>>> [label for _, label, _ in read_periods(text, [(12, 17), (33, 43)], ["", "level"], None)]
['2022/23', '2022/23']
"""

from __future__ import annotations

import bisect
import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..parse.figures import FY_OR_MONTH, is_period
from ..parse.periods import MONTH, MONTHS, Period, financial_year, parse_period

NEAR = 80  # characters: how far from a figure a period printed beside it may sit
REPORTING = {"financial_year", "quarter", "multi_year", "range", "academic_year"}
_NUM = {"one": 1, "two": 2, "three": 3, "four": 4}
_FY = r"(?:19|20)\d{2}\s*[/-]\s*\d{2,4}"
_Q = r"(?:q|qtr\.?\s*|quarter\s*)([1-4]|one|two|three|four)\b"
EXTENDED = [  # (kind, pattern): read before the plain periods, which they contain
    ("month_range", re.compile(  # 'October to December 2023', 'between April 2023 and March 2024'
        r"\b(?:(?P<between>between)\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(" + MONTH + r")(?:\s+("
        r"(?:19|20)\d{2}))?\s*(?:to|-|–|(?(between)and|(?!x)x))\s*(?:\d{1,2}(?:st|nd|rd|th)?\s+)?("
        + MONTH + r")\s+((?:19|20)\d{2})\b", re.I)),
    ("quarter", re.compile(r"\b" + _Q + r"\s*(?:of\s+|,\s*|\s)\s*(" + _FY + r")", re.I)),
    ("fy_quarter", re.compile(r"\b(" + _FY + r")\s*,?\s*" + _Q, re.I)),
    ("months_to", re.compile(r"\b(\d{1,2}|twelve)[- ]months?(?:\s+period)?\s+(?:to|ending|ended)\s+"
                             r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(" + MONTH + r")\s+((?:19|20)\d{2})",
                             re.I)),
    ("year_to", re.compile(r"\b(?:the\s+)?(?:financial\s+)?year\s+(?:to|ending|ended)\s+"
                           r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(" + MONTH + r")\s+((?:19|20)\d{2})",
                           re.I)),
    ("fy_period", re.compile(r"\b(?:period|month)\s+(\d{1,2})\b(?:\s*(?:of\s+|,\s*)?(" + _FY
                             + r"))?", re.I)),
    ("from_april", re.compile(r"\bfrom\s+(?:1(?:st)?\s+)?april\s+((?:19|20)\d{2})\b", re.I)),
    ("end_of", re.compile(r"\b(?:as\s+(?:at|of)\s+)?(?:the\s+)?end\s+of\s+(" + MONTH
                          + r")(?:\s+((?:19|20)\d{2}))?", re.I)),
    ("forward", re.compile(
        r"\b(?:over|in|during|within|for)\s+the\s+(?:next|coming|following)\s+(?:\d{1,2}|two|"
        r"three|four|five|six|ten|twelve)\s+(?:years?|months?)\b|\bin\s+(?:\d{1,2}|two|three|"
        r"four|five|ten)\s+years?['’]?\s+time\b|\b(?:next|the\s+coming)\s+(?:financial\s+)?"
        r"year\b", re.I)),
    # 'since the start of the vaccination programme, 217 staff': a span from an event
    ("since_event", re.compile(r"\bsince\s+(?:the\s+)?(?:start|beginning|launch|introduction|"
                               r"opening|outset)\s+of\b[^,.;:\d]{0,50}", re.I)),
    ("prior", re.compile(
        r"\ba\s+year\s+(?:earlier|before|previously|ago)\b|^previously\b|(?<=[.;]\s)previously\b|\bthe\s+(?:previous|preceding|prior)"
        r"\s+(?:financial\s+)?year\b|\bthe\s+year\s+before\b|\b(?:the\s+)?same\s+(?:period|"
        r"quarter|month|time|point)\s+(?:last|the\s+previous|a)\s+year\b|\b(?:at\s+)?this\s+(?:point|"
        r"time|stage)\s+last\s+year\b|\blast\s+year(?=\s*\()|"  # 'lower than last year (43%)'
        r"(?:(?<=than\s)|(?<=from\s)|(?<=on\s))last\s+(?:financial\s+)?year\b", re.I)),
    ("relative", re.compile(
        r"\b(?:last|this|the\s+(?:current|previous|last|same|past))\s+(?:financial\s+|calendar\s+"
        r")?(?:year|quarter|month)\b|\byear[- ]to[- ]date\b|\bin[- ]year\b|\b(?:the\s+)?(?:"
        r"previous|last|past|preceding)\s+(?:\d{1,2}|twelve)\s+months\b|\b(?:\d{1,2}|two|three|"
        r"four|five|six|eighteen)\s+(?:years?|months?)\s+ago\b", re.I)),
    ("numeric_date", re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d{2})\b")),
    ("now", re.compile(r"\bcurrently\b|\bat\s+present\b|\bat\s+the\s+moment\b|"
                       r"\bpresently\b", re.I)),
    ("partial_quarter", re.compile(r"\b" + _Q, re.I)),
    ("partial_month", re.compile(r"\b(?:in|at|during|for|by|of|since|from)\s+(" + MONTH
                                 + r")(?![\w-]|\s*['’]?\d)", re.I)),
]
COMPARISON = re.compile(
    r"(?:\bcompared\s+(?:to|with)|\bthan|\b(?:up|down|increases?|decreases?|rises?|falls?|"
    r"improvements?|reductions?|changes?)\)?(?:\s+(?:of|by)\s+\S+)?\s+(?:on|from)|\bsince|\bversus|\bvs\.?|\bagainst|"
    r"\bprevious|\bprior\s+to)\b\s*(?:[\w'’]+\s+){0,6}$", re.I)
CHANGE = re.compile(r"\b(?:up|down|increas\w*|decreas\w*|ris\w*|rose|f[ae]ll\w*|reduc\w*|"
                    r"improv\w*|higher|lower|more|fewer|less|growth|grew)\b", re.I)
# Between two figures: words that make the second another period's ('12.1% last year, up
# from 9.8%') or a new sentence's subject.
SEPARATES = re.compile(r"\b(?:than|compared|against|from|since|versus|vs|previous|prior|last|"
                       r"before|earlier|ago|whereas|while|but|however)\b|[.;(]", re.I)
# '71.2% (2022/23: 68.9%)': a period with a colon labels the figure after it.
LABELS = re.compile(r"\s*:\s*[-+(£]?\d")
# '1,020 people ..., of whom 310': a part takes the period of the whole it is part of.
PART_OF = re.compile(r"\b(?:of\s+(?:whom|which|these|those|them)|including|includes|"
                     r"comprising|made\s+up\s+of)\b[^;:]*$", re.I)
# Relative periods a meeting's date places: the financial year it falls in, or the one before.
FISCAL = re.compile(r"financial\s+year|year[- ]to[- ]date|in[- ]year|"
                    r"(?:last|previous|past|current)\s+year", re.I)
LEGISLATION = re.compile(r"\b(?:Act|Regulations|Order)\s+$")
CLAUSE_BREAK = re.compile(r"[;:]")
# 'Since 2010 the council has saved £381m': the year a span to now starts, not the figure's.
SPAN_START = re.compile(r"\bsince\s+$", re.I)
# A period after a figure and a new clause ('71%, and in Q4 ...') is the next clause's.
NEW_CLAUSE = re.compile(r"[;:]|,\s*(?:and|but|while|whereas|although|with|then)\b", re.I)
# Between a change and the level it reaches: 'rose by 12% to 1,050 in 2022/23'.
TO_LEVEL = re.compile(r"\s*(?:,\s*)?(?:to|reaching|to\s+reach)\s+(?:a\s+total\s+of\s+|"
                      r"around\s+|about\s+|approximately\s+)?", re.I)
# Between an amount and the budget it is set against: the same year's ('an overspend of £2.3m
# against a net budget of £145.6m').
AGAINST_BUDGET = re.compile(r"^\s*(?:\([^)]*\)\s*)?,?\s*against\s+(?:a|an|the|its)\s+"
                            r"(?:[\w-]+\s+){0,3}(?:budget|allocation)\s+of\s+"
                            r"(?:around\s+|about\s+)?$", re.I)
# Between two figures of one list: 'and', 'or' or a comma, a few words, no comparison.
LIST_JOIN = re.compile(r"(?:(?!\b(?:than|compared|against|from|since|whereas|while|but)\b)"
                       r"[^;:.%£\d])*?\b(?:and|or)\b[^;:.%£\d]*|\s*,\s*(?:and\s+)?", re.I)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    kind: str  # 'period', 'partial' (no year), 'relative', 'forward', 'since_event', 'now'
    period: Period | None
    printed: str  # what to propose for a partial mention the year of which is unknown
    comparison: bool = False


def _quarter(n: str, fy: str) -> Period | None:
    q = _NUM.get(n.lower()) or int(n)
    found = parse_period(f"Q{q} " + re.sub(r"\s+", "", fy))
    return found if isinstance(found, Period) else None


def _month_end(month: str, year: int) -> Period:
    m = MONTHS[month.lower().rstrip(".")]
    day = date(year, m, calendar.monthrange(year, m)[1])
    return Period(f"{day.day} {calendar.month_abbr[m]} {year}", day, day, "date")


def _extended(kind: str, m: re.Match) -> Mention:
    g = m.groups()
    if kind == "quarter":
        return Mention(m.start(), m.end(), "period", _quarter(g[0], g[1]), "")
    if kind == "fy_quarter":
        return Mention(m.start(), m.end(), "period", _quarter(g[1], g[0]), "")
    if kind in ("months_to", "year_to"):
        n = "12" if kind == "year_to" or g[0].lower() == "twelve" else g[0]
        month, year = (g[1], g[2]) if kind == "months_to" else (g[0], g[1])
        found = parse_period(f"{n} months to {month} {year}")
        return Mention(m.start(), m.end(), "period",
                       found if isinstance(found, Period) else None, "")
    if kind == "month_range":
        first, year, last, end_year = g[1], g[2], g[3], g[4]
        text = (f"{first[:3]} {year} to {last[:3]} {end_year}" if year
                else f"{first} to {last} {end_year}")
        found = parse_period(text)
        return Mention(m.start(), m.end(), "period",
                       found if isinstance(found, Period) else None, "")
    if kind == "fy_period":
        if int(g[0]) > 12:
            return Mention(m.start(), m.end(), "period", None, "")
        if g[1]:
            found = parse_period(re.sub(r"\s+", "", g[1]) + f" P{int(g[0])}")
            return Mention(m.start(), m.end(), "period",
                           found if isinstance(found, Period) else None, "")
        return Mention(m.start(), m.end(), "partial", None, f"P{int(g[0])}")
    if kind == "from_april":
        return Mention(m.start(), m.end(), "period", financial_year(int(g[0])), "")
    if kind == "end_of":
        if g[1]:
            return Mention(m.start(), m.end(), "period", _month_end(g[0], int(g[1])), "")
        return Mention(m.start(), m.end(), "partial", None, f"end {g[0][:3].title()}")
    if kind == "partial_quarter":
        return Mention(m.start(), m.end(), "partial", None, f"Q{_NUM.get(g[0].lower()) or g[0]}")
    if kind == "partial_month":
        month = calendar.month_abbr[MONTHS[g[0].lower().rstrip(".")]]
        return Mention(m.start() + m.group(0).index(g[0]), m.end(), "partial", None, month)
    if kind == "numeric_date":
        try:
            day = date(int(g[2]), int(g[1]), int(g[0]))
        except ValueError:
            return Mention(m.start(), m.end(), "period", None, "")
        label = f"{day.day} {calendar.month_abbr[day.month]} {day.year}"
        return Mention(m.start(), m.end(), "period", Period(label, day, day, "date"), "")
    return Mention(m.start(), m.end(), kind, None, m.group(0))


class _Taken:
    """Stretches of a text already read, for overlap checks in logarithmic time."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e)
        return any(self.ends[j] > s for j in range(max(0, i - 2), i))

    def add(self, s: int, e: int) -> None:
        i = bisect.bisect_left(self.starts, s)
        self.starts.insert(i, s)
        self.ends.insert(i, e)


def _plain(text: str, taken: _Taken) -> list[Mention]:
    """The financial years, months, dates and years printed outside the ``taken`` stretches."""
    out = []
    candidates = [(m.start(), m.end()) for m in FY_OR_MONTH.finditer(text)]
    candidates += [(m.start(), m.end()) for m in re.finditer(r"\b(?:19|20)\d{2}\b", text)]
    for s, e in sorted(candidates, key=lambda c: (c[0], -c[1])):
        if taken.overlaps(s, e) or (out and out[-1].end > s):
            continue
        token, after = text[s:e], text[e:e + 60]
        if not is_period(token, after) or re.match(r"\s?%|[,.]\d", after):
            continue
        longer = re.match(r"\s*(?:-|–|to)\s*(?:" + FY_OR_MONTH.pattern + r"|(?:19|20)\d{2}\b)",
                          after, re.I)
        for end in ([e + longer.end()] if longer else []) + [e]:
            found = parse_period(text[s:end].strip())
            if isinstance(found, Period):
                out.append(Mention(s, end, "period", found, ""))
                break
    return out


@lru_cache(maxsize=256)
def mentions(text: str) -> tuple[Mention, ...]:
    """Every period printed in ``text``, in order; those named for a comparison marked."""
    found: list[Mention] = []
    taken = _Taken()
    for kind, pattern in EXTENDED:
        for m in pattern.finditer(text):
            if not taken.overlaps(m.start(), m.end()):
                found.append(_extended(kind, m))
                taken.add(m.start(), m.end())
    found += _plain(text, taken)
    found = [f for f in found if not (f.kind == "period" and f.period is None)
             and not LEGISLATION.search(text[max(0, f.start - 14):f.start])]
    return tuple(sorted(found, key=lambda f: f.start))


def _is_comparison(text: str, mention: Mention, floor: int) -> bool:
    before = text[max(floor, mention.start - 60):mention.start]
    if re.search(r"\bfrom\s+$", before, re.I) and floor and not (
            mention.period is not None and mention.period.kind == "financial_year"
            and re.match(r"april", text[mention.start:mention.end], re.I)):
        return True  # '21.8% increases) from Quarter 1': the level it changed from
    return bool(COMPARISON.search(before))


def _compares(text: str, m: Mention, figures: Sequence[tuple[int, int]], ends: list[int]
              ) -> bool:
    """Whether a mention no figure took names a comparison, read from the figure before it."""
    j = bisect.bisect_right(ends, m.start) - 1
    if j < 0:
        return _is_comparison(text, m, 0)
    return _is_comparison(text, m, ends[j]) or _change_on(text, *figures[j], m)


def _change_on(text: str, start: int, end: int, mention: Mention) -> bool:
    """'an increase of 6.2% on 2022/23', 'down 4% on last year': the year a change is
    measured on is the comparison's."""
    return bool(re.fullmatch(r"\s*(?:on|over|from)\s+(?:the\s+)?", text[end:mention.start], re.I)
                and CHANGE.search(text[max(0, start - 30):end]))


Reading = tuple[Period | None, str, str]  # (period, label to propose, where it was read)


def read_periods(text: str, figures: Sequence[tuple[int, int]], kinds: Sequence[str],
                 in_force: Period | None, document: Period | None = None,
                 reported: Period | None = None) -> list[Reading]:
    """The period of each figure (``figures``: (start, end) in ``text``, in order). ``kinds``
    says what each figure is: 'level' (a change or target, described by the figure
    before it), 'benchmark' (a level whose comparison clause may print its own period),
    'earlier' (the 'from' of 'from 19 to 6'), or ''. ``in_force`` is the period in force above
    the sentence; ``document`` the report's own ('currently' means as at it); ``reported`` the
    meeting's date, which places 'the current financial year' when nothing else does."""
    # a benchmark is a level too, but a period in its own comparison clause is its own ('higher
    # than the 2020-21 average for our comparator authorities (14.7)')
    benchmark = [k == "benchmark" for k in kinds]
    kinds = ["level" if k == "benchmark" else k for k in kinds]
    found = mentions(text)
    at = [m.start for m in found]
    ends = [e for _, e in figures]
    own: list[Mention | None] = [None] * len(figures)
    used: set[int] = set()
    for i, (s, e) in enumerate(figures):  # printed just after the figure
        nxt = figures[i + 1][0] if i + 1 < len(figures) else len(text)
        k = bisect.bisect_left(at, e)
        if k < len(found) and found[k].start <= min(nxt, e + NEAR) \
                and not NEW_CLAUSE.search(text[e:found[k].start]) \
                and not _is_comparison(text, found[k], e) \
                and not _change_on(text, s, e, found[k]) \
                and not LABELS.match(text, found[k].end):
            own[i] = found[k]
            used.add(k)
    for i, (s, _) in enumerate(figures):  # printed just before it, in its clause
        prev = figures[i - 1][1] if i else 0
        k = bisect.bisect_right(at, s) - 1
        if own[i] is None and k >= 0 and k not in used and prev <= found[k].start \
                and found[k].end <= s and s - found[k].end <= NEAR \
                and not CLAUSE_BREAK.search(text[found[k].end:s].lstrip(":")) \
                and not (SPAN_START.search(text, 0, found[k].start)
                         and found[k].period is not None and found[k].period.kind != "range") \
                and not (kinds[i] == "level" and not benchmark[i]
                         and _is_comparison(text, found[k], prev)):
            own[i] = found[k]  # 'compared to 2023/24, where 5% ...': the comparison's own
            used.add(k)
    for i in range(len(figures) - 2):  # 'an increase of 57% from 3064 in 16/17 to 4815 in 17/18'
        if own[i] is None and kinds[i] == "level" and kinds[i + 1] == "earlier" \
                and own[i + 2] is not None and not text[figures[i][1]:figures[i + 1][0]].strip():
            own[i] = own[i + 2]
    for i in range(len(figures) - 2, -1, -1):  # '21% and 14.04% as of December 2016'
        between = text[figures[i][1]:figures[i + 1][0]]
        if own[i] is None and own[i + 1] is not None and kinds[i] != "earlier" and (
                LIST_JOIN.fullmatch(between)
                or (kinds[i] == "level" and TO_LEVEL.fullmatch(between))):
            own[i] = own[i + 1]  # or 'rose by 12% to 1,050 in 2022/23': the level's year
    free = [m for k, m in enumerate(found) if k not in used and m.kind == "period"
            and m.period.kind != "date" and not _compares(text, m, figures, ends)]
    free_at = [m.start for m in free]
    out: list[Reading] = []
    earlier = [kind == "earlier" for kind in kinds]  # and figures of the year before
    for i, (s, _) in enumerate(figures):
        m = own[i] or (None if kinds[i] == "earlier" else _nearest(free, free_at, s))
        if m is not None:
            j = _described(earlier, out, i) if m.kind == "prior" else None
            base = out[j][0] if j is not None and out[j][0] is not None else in_force
            out.append(_resolve(m, base, document, reported))
            # 'lower than last year (43%)': a comparison's figure, which no later one describes
            earlier[i] = earlier[i] or (m.kind == "prior" and _is_comparison(text, m, 0))
        elif kinds[i] == "earlier":
            out.append((None, "", "an earlier level: give its period"))
        elif kinds[i] == "level" and (j := _described(earlier, out, i)) is not None:
            out.append((out[j][0], out[j][1], "the figure it describes"))
        elif i and out[i - 1][1] and PART_OF.search(text[figures[i - 1][1]:figures[i][0]]):
            out.append((out[i - 1][0], out[i - 1][1], "the figure it is part of"))
        elif (j := _described(earlier, out, i)) is not None and out[j][0] is not None \
                and (not SEPARATES.search(text[figures[j][1]:figures[i][0]])
                     or AGAINST_BUDGET.match(text[figures[j][1]:figures[i][0]])) \
                and not re.match(r"\s*(?:before|earlier|previously)\b", text[figures[i][1]:]):
            out.append((out[j][0], out[j][1], "its sentence's period"))
        else:
            out.append((None, "", ""))
    return out


def _described(earlier: Sequence[bool], out: list[Reading], i: int) -> int | None:
    """The figure before figure ``i`` that a change, target or benchmark describes: the
    nearest with a period that is not an earlier level ('from 19', 'last year (43%)')."""
    return next((j for j in range(i - 1, -1, -1) if not earlier[j] and out[j][1]), None)


def _nearest(free: list[Mention], at: list[int], pos: int) -> Mention | None:
    k = bisect.bisect_left(at, pos)
    near = [m for m in free[max(0, k - 1):k + 1]]
    return min(near, key=lambda m: abs(m.start - pos), default=None)


def _resolve(m: Mention, in_force: Period | None, document: Period | None,
             reported: Period | None = None) -> Reading:
    """A mention as a period: a relative one is the period in force; a quarter or month
    without its year is placed in the financial year in force, else proposed as printed."""
    if m.kind == "period":
        return m.period, m.period.label, "the sentence"
    if m.kind == "forward":
        return None, "", f"a forward span ('{m.printed}'): give its years"
    if m.kind == "since_event":
        return None, "", f"a span since an event ('{m.printed.strip()}'): give when it began"
    if m.kind == "now":
        if document is None:
            return None, "", f"'{m.printed}': as at the meeting; give its date"
        return document, document.label, f"'{m.printed}', read as the report's period"
    if m.kind == "prior":
        before = year_before(in_force)
        if before is None:
            return None, "", f"'{m.printed}': give the year before the figure's"
        return before, before.label, f"'{m.printed}', read as the year before {in_force.label}"
    if m.kind == "relative":
        if in_force is None and reported is not None and FISCAL.search(m.printed):
            fy = financial_year_of(reported)
            if re.match(r"(?:the\s+)?(?:last|previous|past)\b", m.printed, re.I):
                fy = financial_year(fy.start.year - 1)
            return fy, fy.label, f"'{m.printed}', read against the meeting's date"
        if in_force is None:
            return None, "", f"'{m.printed}': give the year the paper means"
        if "financial" in m.printed.lower():
            fy = financial_year_of(in_force)
            return fy, fy.label, f"'{m.printed}', read as the financial year in force"
        return in_force, in_force.label, f"'{m.printed}', read as the period in force"
    fy = financial_year_of(in_force)
    if fy is None:
        return None, m.printed, f"'{m.printed}' is printed without its year: give it"
    if m.printed.startswith("Q"):
        found = _quarter(m.printed[1:], fy.label)
        return found, found.label, "a quarter of the financial year in force"
    if m.printed.startswith("P"):
        found = parse_period(f"{fy.label} {m.printed}")
        return found, found.label, "a period of the financial year in force"
    month = m.printed.split()[-1]
    found = _month_end(month, fy.start.year + (MONTHS[month.lower()] < 4))
    return found, found.label, "a month of the financial year in force"


def year_before(period: Period | None) -> Period | None:
    """The same period a year earlier ('the previous year' of a figure's), or None.

    >>> [year_before(parse_period(t)).label for t in ("2023/24", "Q2 2023/24", "31 Mar 2024")]
    ['2022/23', '2022/23 Q2', '31 Mar 2023']
    """
    if period is None:
        return None
    label = re.sub(r"\b((?:19|20)\d{2})/(\d{2})\b",
                   lambda m: f"{int(m[1]) - 1}/{int(m[2]) - 1:02d}", period.label)
    label = re.sub(r"(?<![/\d])((?:19|20)\d{2})\b(?!/)", lambda m: str(int(m[1]) - 1), label)
    found = parse_period(label.replace(" (year to date)", ""))
    return found if isinstance(found, Period) else None


def financial_year_of(period: Period | None) -> Period | None:
    """The financial year a period lies in (the one its end falls in), or None."""
    if period is None:
        return None
    if period.kind == "financial_year":
        return period
    end = period.end
    return financial_year(end.year if end.month >= 4 else end.year - 1)
