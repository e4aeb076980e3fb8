"""What kind of figure it is: the value-type cue words of a sentence and the figure each governs.

A cue ('a target of', 'forecast', 'savings') makes a value type of the one figure it belongs to,
never of every figure in the sentence; a target or aim stated as a clause ('the aim is to
reduce ... by 60% to 6.7') governs the figures of that clause. A figure with change words
('increased by', 'a 9% uplift', '35% less than', 'rates rise by 8.1%') is a change. A figure
of a benchmark authority (England, a region, a peer group) is a benchmark; the council's own
figure printed beside one stays its actual.

>>> text = "Waiting lists stood at 301 against a target of 200, and rose by 5%."
>>> value_types(text, [(23, 26), (47, 50), (64, 66)], ["count", "count", "percent"],
...             ["council"] * 3, [False] * 3)
['actual', 'target', 'change']
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from .sentences import owner

BEFORE, AFTER = 1.5, 1.0  # 'a target of 20%': a cue usually comes before its figure
TARGET = re.compile(r"\btargets?\b(?<!on target)|\baim(?:s|ed|ing)?\b(?=\s+(?:to|for|is|was|of|"
                    r"are)\b)|\bambitions?\b|\bplan(?:s|ned|ning)?\s+to\b|\bplanned\b|"
                    r"\bthreshold\b|\bgoal\b|\b(?:yet|still)\s+to\s+be\s+(?:delivered|achieved|"
                    r"secured|found|identified|made)\b", re.I)
EXPLICIT_TARGET = re.compile(r"\btargets?\b|\baim(?:s|ed)?\b|\bambitions?\b|\bgoal\b", re.I)
NOT_TARGET = re.compile(r"\bon\s+target\b|\btarget\s+(?:group|audience|population|date)\b", re.I)
FAMILIES = [  # the first family whose cue is nearest the figure wins
    ("milestone", re.compile(r"\bmilestones?\b|\btrajectory\b", re.I)),
    ("projection", re.compile(r"\bby\s+20[3-5]\d\b|\bprojections?\s+(?:to|for)\s+20[3-5]\d\b|"
                              r"\bwill\s+(?:need|be\s+needed|rise|increase|grow)\b|\bexpected\s+"
                              r"to\s+(?:rise|grow|increase)\b|\bover\s+the\s+next\b", re.I)),
    # not 'estimated': 'an estimated 18,500 organisations' is Skills for Care's actual count
    ("forecast", re.compile(r"\bforecast(?:s|ed|ing)?\b|\bprojected\b|\bprojections?\b|"
                            r"\bprojecting\b|\bpredict(?:ed|ing|ion)\b|\bexpect(?:s|ed|ing)?\b|"
                            r"\banticipated\b|\bhoped\b|\blikely\s+to\b|\bon\s+track\s+to\b|"
                            r"\bfull[- ]year\s+(?:effect|forecast|position)\b", re.I)),
    ("rank", re.compile(r"\branked\b|\branks?\b|\branking\b|\bquartile\b|\bposition\b|"
                        r"\b(?:highest|lowest)\b", re.I)),
    ("budget", re.compile(r"\bbudgets?\b|\bsavings?\b|\bgrowth\b|\ballocat\w+|\bfunding\b|"
                          r"(?<!over )(?<!under )(?<!over-)(?<!under-)\bspend\b|"  # not over spend
                          r"\bcosts?\b|\bincome\b|\bmtfs\b|£'?000\b|\bcontributions?\b|"
                          r"\bgrants?\b|\bfees?\b|\brates?\b|\buplifts?\b|\bproposed\b|"
                          r"\bapproved\b|\bprecept\b|\bprovided\b|\binvest(?:ed|ment)\b|"
                          r"\bfunds?\b|\bcapital\b", re.I)),
]
OVERSPEND = re.compile(r"\b(?:over|under)[- ]?spen(?:d|ds|ding|t)\b|\bvariances?\b|\bdeficit\b|"
                       r"\bsurplus\b|\bpressures\b", re.I)
# '£7.6m overspend ... £5.8m of this is due to ...': a part shares the kind of its whole.
PART_OF_LAST = re.compile(r"^\s*(?:of\s+(?:this|which|that|these|those|it)|thereof)\b", re.I)
FINAL = re.compile(r"\bfinal\b|\boutturn\b|\byear[- ]end\b|\bactual\b", re.I)
_DONE = r"achieved|delivered|realised"  # savings already made: the actual of their years
ACHIEVED = re.compile(rf"\b(?:{_DONE}|made|secured)\b", re.I)  # after 'savings'
# ... and as the verb of a figure: 'has saved £381m', 'successfully saved more than £6m'
# ('made' and 'secured' are too common elsewhere: 'made up of', 'secured funding')
SAVED = re.compile(rf"\b(?:saved|{_DONE})\b", re.I)
# 'the delivery of savings of £1.6m', 'to deliver £181.7m of savings over the last 16 years'.
DELIVERY_OF = re.compile(r"\b(?:delivery|achievement)\s+of\b[^.;:£\d]{0,40}$", re.I)
IN_THE_PAST = re.compile(r"\bover\s+the\s+(?:last|past)\b|\bsince\s+(?:19|20)\d\d\b|"
                         r"\bto\s+date\b|\blast\s+year\b", re.I)
# A clause a target states: 'the aim is to reduce ...', 'targets for year 2 are to ...'
GOVERNS = re.compile(r"^(?:\s+[\w'’()]+){0,4}?\s+(?:is|was|are|were)\s+to\b", re.I)
STOP = re.compile(r"[;.](?:\s|$)")
CHANGE_LIST = re.compile(r"(?:\s+(?:for|in|on|of)\s+[a-z][^.;:\d%£]{0,40}?)?\s*(?:,\s*and|,|and|or)"
                         r"\s+(?:by\s+)?$", re.I)
FURTHER = re.compile(r"\b(?:a\s+further|another|an\s+additional|an\s+extra)\s+$", re.I)
# Between the parts of a list of amounts: a few words, then 'and', a comma or 'with' ('£9.4m
# of schemes proposed, with £4m for a school and £5m for supported living').
PARTS = re.compile(r"^[^.;:%£\d]{0,60}?(?:\band|,|\bwith|\bincluding|\()\s*(?:[A-Z][^.;:%£\d]"
                   r"{0,50}?)?$")
# A series of amounts after the first: '£62.8m over the next three years - £21.3m next year
# rising to £23.5m in 2026-27 and then £18m in 2027-28'.
SERIES = re.compile(r"^[^.;:%£]{0,40}?(?:\s[-–—]|\brising\s+to|\bfalling\s+to|\bthen)\s*$", re.I)
# A clause that names a kind of figure and prints none: its cue governs the next clause's
# figures ('significant growth was planned; £5.6m within Children's Services and £2.3m ...').
CLAUSE_LEAD = re.compile(r":\s*")  # a ';' ends a sentence: see rows.clause_before
_ROUGHLY = (r"(?:an?\s+)?(?:average\s+of\s+|(?:more|less)\s+than\s+|up\s+to\s+|around\s+|"
            r"about\s+|some\s+|over\s+|nearly\s+|almost\s+)?")
CHANGE_VERB = re.compile(
    r"\b(?:increas|decreas|reduc|rais|cut|uplift|grow|grew|ris|rose|fall|fell|drop|declin|"
    r"improv)\w*\b[^.;:]{0,80}?\bby\s+" + _ROUGHLY + r"$|"
    r"\b(?:increase|decrease|reduction|rise|fall|drop|growth|improvement|uplift|change)s?\s+of\s+"
    + _ROUGHLY + r"$|(?:^|[.;:)]\s*)(?:increase|decrease|reduce|raise|uplift|cut)\s+$", re.I)
# ', up 5% on 2020-21' (not 'up from 61%', the level it rose from)
UP_DOWN = re.compile(r"(?:^|[,;(]\s*|\b(?:was|were|is|are)\s+)(?:up|down)\s+$", re.I)
CHANGE_AFTER = re.compile(
    r"^\s*(?:(?:,|and|or)\s*[-+]?\d[\d,.]*\s*%?\s*)*"  # '(14.4% and 21.8% increases)'
    r"(?:(?!(?:is|was|are|were|an?|the|of|in|on|for|to|and|or|be|been)\b)[a-z]+\s+)?"
    r"(?:uplifts?|increases?|rises?|reductions?|decreases?|improvements?|growth|falls?|drops?|"
    r"declines?)\b|^\s*(?:(?:percentage\s+)?points?\s+)?(?:less|more|fewer|higher|lower|greater|"
    r"up|down)\s+(?:than|on|from)\b",
    re.I)
CHANGE_WORDS = (r"increas\w*|decreas\w*|reduc\w*|fall\w*|fell|ris\w*|rose|grew|grow\w*|drop\w*|"
                r"declin\w*|more|fewer|higher|lower|up|down|saving|less")


def is_change(text: str, start: int, end: int, raw: str, signed: bool, money: bool = False
              ) -> bool:
    """True when the figure at text[start:end] is printed as a change: with change words in
    its span, a sign, 'by' after a change verb before it, or a change noun after it ('£2.5m
    growth' is budget growth, not a change)."""
    printed = re.sub(r"\b(?:more|less|fewer) than\b|\bup to\b", " ", raw, flags=re.I)
    if signed or re.search(r"\b(?:" + CHANGE_WORDS + r")\b", printed, re.I):
        return True
    after = CHANGE_AFTER.match(text[end:end + 40])
    if after and money and after.group(0).strip().lower().endswith("growth"):
        after = None
    up_down = UP_DOWN.search(text[max(0, start - 20):start]) and not re.match(
        r"from\b", raw, re.I)
    return bool(CHANGE_VERB.search(text[max(0, start - 140):start]) or after or up_down)


def _targets(text: str, figures: Sequence[tuple[int, int]], starts: list[int]) -> set[int]:
    """The figures a target, aim, ambition or plan governs."""
    out: set[int] = set()
    for m in TARGET.finditer(text):
        if NOT_TARGET.search(text[max(0, m.start() - 3):m.end() + 12]):
            continue
        if GOVERNS.match(text[m.end():m.end() + 60]):
            stop = STOP.search(text, m.end())
            end = stop.start() if stop else len(text)
            first = bisect.bisect_left(starts, m.end())
            out |= set(range(first, bisect.bisect_left(starts, end)))
            continue
        i = owner(figures, starts, m.start(), m.end(), text, before=BEFORE, after=AFTER)
        if i is not None:
            out.add(i)
    return out


def _cued(text: str, figures: Sequence[tuple[int, int]], starts: list[int], money: list[bool],
          units: Sequence[str | None]) -> list[str | None]:
    """The value type of the nearest cue each figure owns, or None."""
    best: list[tuple[float, str] | None] = [None] * len(figures)
    final = bool(FINAL.search(text))
    cues = [(value_type, m) for value_type, pattern in FAMILIES for m in pattern.finditer(text)]
    if not final:
        cues += [("forecast", m) for m in OVERSPEND.finditer(text)]
    cues += [("actual", m) for m in SAVED.finditer(text)]
    for value_type, m in cues:
        i = owner(figures, starts, m.start(), m.end(), text, before=BEFORE, after=AFTER)
        if i is None or (value_type == "budget" and not money[i]) or (
                value_type == "rank" and units[i] in ("percent", "gbp")):
            continue  # 'the highest percentage ... 62%' is a share, not a rank
        if value_type == "budget" and re.match(r"savings?", m.group(0), re.I) and (
                ACHIEVED.search(text[m.start():m.end() + 30])
                or DELIVERY_OF.search(text[max(0, m.start() - 50):m.start()])
                or IN_THE_PAST.search(text[m.start():m.end() + 40])):
            continue  # savings achieved are the year's actual
        s, e = figures[i]
        d = m.start() - e if e <= m.start() else max(0, s - m.end())
        forecast_over_span = best[i] is not None and {value_type, best[i][1]} == {
            "forecast", "projection"}
        if forecast_over_span:
            # 'is forecast to need to save £62.8m over the next three years': the verb says
            # what kind of figure it is; the span only says when
            best[i] = (min(d, best[i][0]), "forecast")
        elif best[i] is None or d < best[i][0]:
            best[i] = (d, value_type)
    return [b[1] if b else None for b in best]


def value_types(text: str, figures: Sequence[tuple[int, int]], units: Sequence[str | None],
                kinds: Sequence[str], signed: Sequence[bool], raws: Sequence[str] | None = None,
                table: bool = False) -> list[str]:
    """The value type of each figure (``figures``: (start, end) in ``text``, in order;
    ``units`` their printed units; ``kinds`` their authorities' kinds ('council', 'benchmark',
    'partnership'); ``signed`` whether each is printed with a sign). In a table (``text`` the
    row label, column header and heading) a change printed in the cell comes first: a
    'Target' column names what the other columns are compared with."""
    raws = raws or [text[s:e] for s, e in figures]
    starts = [s for s, _ in figures]
    money = [u == "gbp" for u in units]
    targets = _targets(text, figures, starts)
    cued = _cued(text, figures, starts, money, units)
    out = []
    for i, (s, e) in enumerate(figures):
        change = is_change(text, s, e, raws[i], signed[i], money[i])
        if table and change:
            out.append("change")
        elif i in targets:
            out.append("target")
        elif change:
            out.append("change")
        elif cued[i] is not None:
            out.append(cued[i])
        elif units[i] in ("rank", "quartile"):
            out.append("rank")
        elif kinds[i] == "benchmark":
            out.append("benchmark")
        elif i and out[i - 1] == "change" and units[i] == units[i - 1] \
                and CHANGE_LIST.match(text[figures[i - 1][1]:s]):
            out.append("change")  # 'rise by 5.5% for home care and 6% for residential care'
        elif i and FURTHER.search(text[max(0, s - 30):s]):
            out.append(out[i - 1])  # 'savings of £7.5m ..., with a further £4.0m in 2025/26'
        elif i and money[i] and money[i - 1] and out[i - 1] in ("budget", "forecast", "target") \
                and (PARTS.match(text[figures[i - 1][1]:s]) or PART_OF_LAST.match(text[e:])
                     or SERIES.match(text[figures[i - 1][1]:s])):
            out.append(out[i - 1])  # the parts of a list of amounts share its kind
        elif (led := _clause_lead(text, s, starts, money[i])) is not None:
            out.append(led)
        else:
            out.append("actual")
    return out


def _clause_lead(text: str, start: int, starts: list[int], money: bool) -> str | None:
    """The value type the clause before a figure's own names, when that clause prints no
    figure and the figure's clause begins after its ':' (a ';' ends a sentence: the clause
    before one is read by ``rows.clause_before``)."""
    breaks = [m.end() for m in CLAUSE_LEAD.finditer(text, 0, start)]
    if not breaks:
        return None
    lead_end = breaks[-1]
    lead_start = breaks[-2] if len(breaks) > 1 else 0
    if any(lead_start <= s < lead_end for s in starts):
        return None
    return lead_in_type(text[lead_start:lead_end], money)


def lead_in_type(text: str, money: bool) -> str | None:
    """The value type the words of a list's lead-in ('a projected overspend of:', 'the
    following fee rates be approved:') give its items, or None."""
    budget = dict(FAMILIES)["budget"]
    if TARGET.search(text) and not NOT_TARGET.search(text) and not (
            money and budget.search(text) and not EXPLICIT_TARGET.search(text)):
        return "target"  # 'growth was planned: £5.6m ...' is budgeted growth, not a target
    if not FINAL.search(text) and OVERSPEND.search(text):
        return "forecast"
    for value_type, pattern in FAMILIES:
        if pattern.search(text) and (value_type != "budget" or money):
            return value_type
    return None
