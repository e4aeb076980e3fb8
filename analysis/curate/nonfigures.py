"""Printed numbers that are not figures: dates, times, page and paragraph numbers, references.

Each rule marks stretches of a paper line with a reason. A number inside a marked stretch is not
a candidate figure; ``coverage`` counts it as skipped by that rule. The rules are deliberately
narrow (a test runs them over every curated figure's line and checks none of the figures is
hidden by them): when in doubt, a number stays a candidate and the curator decides.

>>> line = "DATE: TUESDAY, 6 MAY 2025 (Pages 9 - 40)"
>>> ranges = non_figure_ranges(line)
>>> reason_for(15, 16, ranges), reason_for(34, 36, ranges)
('date', 'page number')
"""

from __future__ import annotations

import re

from ..parse.figures import FY_OR_MONTH, is_period

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
          r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"\d{1,2}\s*(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"

# Words that, before a number, make it the name of a numbered part of a document or scheme.
PART_WORDS = (
    r"items?|minutes?|agenda\s+items?|paragraphs?|paras?\.?|sections?|appendix|appendices|"
    r"annex(?:e|es)?|tables?|figures?|charts?|graphs?|chapters?|recommendations?|"
    r"standing\s+orders?|rules?|options?|phases?|stages?|priorit(?:y|ies)|actions?|steps?|"
    r"levels?|tiers?|objectives?|aims?|outcomes?|themes?|slides?|questions?|parts?|schedules?|"
    r"clauses?|regulations?|version|no\.|cohort|workstream|pillar|module|ward|lot|articles?|pt\.?|"
    r"pathways?|grade|bands?|projects?|IR|1R|years?(?=\s+[1-9](?![\d,.%/]))"
)
# Title words: a year after one of these names a document, not a period a figure is for.
TITLE_WORDS = (r"strategy|plan|act|report|framework|programme|review|survey|refresh|policy|"
               r"statement|vision|mtfs|budget|accounts|regulations|guidance|census|"
               r"assessment|charter|agenda|delivery\s+plan|business\s+plan|white\s+paper")

RULES: list[tuple[str, re.Pattern]] = [
    ("HTML markup", re.compile(r"<[^<>]{0,300}>")),
    ("unit label", re.compile(r"£\s?['’]?000\b|£k\b")),
    ("email or web address", re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+", re.I)),
    # Leicester City Council's internal extensions are printed '37 2249' or 'Ext. 37 2249'.
    ("phone number", re.compile(
        r"(?<![\d,.])(?:\+44\s?|0)\d{3,4}\s?\d{3}\s?\d{3,4}(?![\d,]|\.\d)|\b0800\s?\d{3}\s?\d{3,4}\b|"
        r"(?<![\d,.£])\b0\d{2}\s\d{4}\s\d{4}\b|"  # '020 8314 9446', '023 8083 2430'
        r"\bExt(?:ension)?\.?\s*\d{2}\s?\d{4}\b|(?<![\d,.£])\b37\s\d{4}\b(?![\d,.%])", re.I)),
    ("postcode or address", re.compile(
        r"\b[A-Z]{1,2}\d{1,2}[A-Z]?\s+\d[A-Z]{2}\b|"
        r"\b\d{1,4}\s+(?:[A-Z][a-z]+\s+){1,2}(?:Street|Road|Lane|Avenue|Way|Place|Close|Drive)\b|"
        r"\b\d{1,2}\s+Floor\b|\bRoom\s+[A-Z]?\.?\d+(?:\.\d+)?\b|"
        r"\bRooms\s+\d{1,2}(?:\s*(?:&|and|,)\s*\d{1,2})+\b")),
    ("time", re.compile(
        r"\b\d{1,2}[.:]\d{2}\s*(?:to|-|–)\s*\d{1,2}[.:]\d{2}\s*(?:am|pm)\b|"
        r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?![a-z])|\b\d{1,2}:\d{2}\b", re.I)),
    ("page number", re.compile(
        r"\bpages?\s+\d+(?:\s*(?:-|to|and|of|&)\s*\d+)*|\bp\.\s?\d+\b|^\s*\d{1,3}\s*$|"
        r"(?:\.{2,}|…)\s*\d{1,3}\s*$", re.I)),
    ("date", re.compile(
        r"(?:\b|(?<=day))(?:" + _WEEKDAY + r",?\s+)?" + _DAY + r"\s+(?:of\s+)?" + _MONTH  # MONDAY19
        + r"(?:,?\s+\d{4})?"
        r"(?:\s*(?:-|to)\s*" + _DAY + r"\s+" + _MONTH + r"(?:,?\s+\d{4})?)?(?![\w%])|"
        r"\b" + _MONTH + r"\s+" + _DAY + r",?\s+\d{4}\b|"
        r"\b(?:0?[1-9]|[12]\d|3[01])([/.])(?:0?[1-9]|1[0-2])\1(?:\d{4}|\d{2})\b", re.I)),
    ("date or period", re.compile(
        r"\bevery\s+(?:\d{1,2}|two|three|four|six|twelve)\s+(?:years?|months?|weeks?)\b|"
        r"\b(?:next|last|past|previous|first|coming|over\s+the)\s+(?:\d{1,2}(?:\s*[-–]\s*\d{1,2})?|"
        r"two|three|four|five|six|ten|twelve)[- ](?:years?|months?|weeks?)\b|"
        r"\(\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+months?\)|"
        r"\b\d{1,2}\s+months?\s+(?:to|ending|ended|up to)\b|\b(?:last|past|previous|preceding|"
        r"next|first|rolling|same)\s+\d{1,2}[- ]months?\b|\b\d{1,2}-month\s+period\b|"
        r"\bquarter\s+(?:[1-4]|one|two|three|four)\b|\b(?:1st|2nd|3rd|4th)\s+quarter\b|"
        r"\b(?:period|month)\s+(?:[1-9]|1[0-2])\b(?!,\d|[\d%]|\.\d)|"
        r"\b(?:\d{1,2}|one|two|three|four|five|six|twelve|eighteen)\s+(?:months?|weeks?|years?)\s+"
        r"(?:prior|before|ago|earlier)\b|"
        r"\b(?:\d{1,2}|one|two|three|four|five|six|ten)\s+years?\s+ago\b|"  # 'two years ago'
        r"\b(?:\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+months\s+"
        r"(?:from|between)\s+" + _MONTH + r"(?!\w)", re.I)),
    ("year in a title", re.compile(
        r"\b(?:One|Two|Three|Four|Five|Ten|Twenty|\d{1,2})[- ]Year\s+(?:[A-Z]\w+\s+)*"
        r"(?:Plan|Strategy|Programme|Vision|Review|Framework)\b")),
    ("reference to a numbered part", re.compile(
        r"(?:\b|(?<=\d))(?:" + PART_WORDS + r")(?:\s+|(?<=\.))"  # '2.3Table 5', 'para.4.1'
        r"(?:(?:no\.?|number):?\s*)?['‘]?\d+(?:\.\d+)*[a-z]?"
        r"(?:\(\w+\))*(?:\s*(?:-|–|to|and|,|&|/)\s*\d+(?:\.\d+)*[a-z]?(?:\(\w+\))*)*"
        r"(?!,\d|[\d%£])", re.I)),
    ("reference to a numbered part", re.compile(  # 'Appendix one', 'Section Two'
        r"\b(?:appendix|appendices|annex(?:e)?|sections?|chapters?|phases?|stages?|parts?|"
        r"tables?|schedules?)\s+(?:one|two|three|four|five|six|seven|eight|nine|ten)\b", re.I)),
    ("age band", re.compile(
        r"\b(?:aged?|ages)\s+(?:between\s+|under\s+|over\s+|up\s+to\s+)?\d{1,3}"
        r"(?:\s*(?:-|–|to|and)\s*\d{1,3})?\s*\+?|\b(?:turns?|turned|turning)\s+\d{2}\b|"
        r"(?<!average )\bage\s+of\s+\d{1,3}\b(?!\s+years?\s+old|\.\d)|"
        r"\b\d{1,2}\s+or\s+\d{1,2}\s+year[- ]olds?\b|\b\d{2}-plus\b|"
        r"\bthose\s+(?:under|over)\s+\d{2}\b|\b(?:under|over)\s+\d{2}\s+years?\s+old\b|"
        r"\b0\s+to\s+25\b|\b\d{2}\s*[-–]\s*\d{2}\s+age\s+(?:group|band|range)|"
        r"\((?:1[4-9]|2\d)\s*[-–]\s*(?:1[5-9]|[2-6]\d)(?:\s+years)?\)|"
        r"\b\d{1,3}\s*(?:-|–|to)\s*\d{1,3}\s*(?:year[- ]olds?|years?\s+old)|"
        r"\b\d{2}\s?\+(?!\d)|\b(?:over|under)[- ]\d{2}s\b|"
        r"\b\d{2}\s+and\s+(?:over|above|older)\b", re.I)),
    ("part of a measure's name", re.compile(
        r"\b91\s+days\s+(?:after|following|later)\b|\bafter\s+91\s+days\b|\breablement\s+91\s+days\b|"
        r"(?<!\d\s)(?<![\d,.])\bper\s+100,?000\b|"
        # a waiting measure's threshold: '310 had waited more than 6 months'
        r"\b(?:wait(?:ed|ing|s)?(?:\s+for)?|outstanding(?:\s+for)?|open\s+for|seen|completed|"
        r"started|allocated|reviewed)\s+(?:more\s+than|over|longer\s+than|in\s+excess\s+of|"
        r"at\s+least|within|under|less\s+than)\s+(?:\d{1,3}|one|two|three|four|six|twelve)"
        r"\s+(?:days?|weeks?|months?|hours?)\b|\bout\s+of\s+(?:a\s+)?max(?:imum)?\s+of\s+\d+"
        r"\b", re.I)),
    # a numbered resolution inside a line: 'RESOLVED: 1. To note ... 2. To note ...'
    ("paragraph number", re.compile(r"(?<=[.:]\s)\d{1,2}\.(?=\s+(?:To|That)\b)")),
    # ... in a paragraph run on from the one before: 'of Report: 1.1 To summarise', '. 3.1 The'
    ("paragraph number", re.compile(
        r"(?<=[.:]\s)\d{1,2}\.\d{1,2}"
        r"(?=\s+(?!(?:Million|Billion|Thousand|Bn|M|K)\b)[A-Z][a-z])")),
    ("file size", re.compile(r"\b\d+(?:\.\d+)?\s*(?:KB|MB|GB|kB|Kb|Mb)\b")),
    ("staffing ratio", re.compile(r"(?<![\d:.])\b\d{1,2}:\d\b(?![\d:])")),
    ("indicator or legislation code", re.compile(
        r"\b(?:NI|PI|KPI|BVPI|PAF|ASCOF|SAC)\s?\d+[A-Za-z]?(?:\(\w+\))?(?![\w%])|"
        r"\bpoints?\s+\d+\.\d+(?:\s*(?:and|,|&)\s*\d+\.\d+)*|"
        r"\b\d{1,2}\.\d{1,2}(?=\s*[“\"‘][A-Z])")),
    ("part of an indicator's name", re.compile(  # point 1.3 “... within 6 months”
        r"(?<=\d\.\d)\s*“[^”]{0,240}”|(?<=\d\.\d\d)\s*“[^”]{0,240}”")),
    ("duration used as a name", re.compile(
        r"\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty[- ]four)"
        r"[- ](?:years?|months?|weeks?|days?|hours?)(?:['’]s?)?[- ](?:[a-z]+[- ]){0,3}?(?:"
        r"strateg(?:y|ies)|plans?|course|contracts?|pilot|projects?|"
        r"deal|agreement|settlement|service|support|cover|care|rota|placements?|packages?|"
        r"commitment|approach|vision|partnership|investment|funding|scheme|offer|"
        r"(?:progress\s+)?reports?|reviews?|updates?)\b|"
        r"\b\d{1,2}[- ]hours?\s+a\s+day\b", re.I)),
    ("code or name", re.compile(
        r"\b24/7\b|\b1:1\b|\bs\d{2,3}\b|\b[A-Za-z]+-\d+\b|"
        r"\b[A-Z]{1,5}/\d{1,4}(?:/\d{1,4})+\b|"  # a report's code: 'CT/19/106'
        r"\b(?:3rd|third)\s+sector\b|\ba\s+third[- ]part(?:y|ies)\b|"
        r"\bASCOF\s+\d[A-Z]\w*(?:\(\w+\))?|"
        r"\b\d[A-Z](?:\(\w+\))?(?![\w%])|\b(?!Q[1-4]\b)[A-Z]{1,5}\d+[A-Za-z]?\b|\b[A-Z]\.\d+\b|"
        r"(?i:\b(?:3|three)\s+conversations\b|\b3Cs\b)")),  # the '3 Conversations' model
    ("footnote marker", re.compile(r"(?<=[a-z\)][a-z\)])\d{1,2}(?=[\s.,;:]|$)|\[\d{1,2}\]|"
                                   r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+")),
    # 'structured into four sections', 'three options were considered', 'Board (5)'
    ("a document's or meeting's structure", re.compile(
        r"\b(?:into|in|of|has|had|with|contains?|sets?\s+out|made|raised|asked|considered)\s+"
        r"(?:the\s+following\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+"
        r"(?:(?:key|main|separate|further|specific|broad|distinct)\s+)?(?:sections?|parts?|"
        r"chapters?|appendices|items?|options?|recommendations?|questions?|themes?|"
        r"workstreams?|headings?|strands?|pillars?|points?|comments?|elements?)\b|"
        r"\b(?:Board|Committee|Commission|Panel|Cabinet)\s*\(\d{1,2}\)", re.I)),
    ("the word 'one', not a count", re.compile(
        r"\bone(?=\s+(?:of|another|off|way|point|stop|team|voice|approach|system|workforce|"
        r"council|front\s+door|place|to\s+one|for|support|role|response|form)\b)|\bno\s+one\b|"
        r"(?-i:\bOne\s+(?=[A-Z][a-z]+\s+[a-z]))|"  # a name: 'the One Croydon programme'

        r"\bone-(?:off|to-one|stop)\b|\bone\s+or\s+more\b|"
        r"\b(?:a|the|each|every|any|this|that)\s+one\b", re.I)),
]

LIST_NUMBER = re.compile(
    r"^\s*(?:[-•*]\s*)?(?:\(?(?P<dotted>\d{1,2}(?:\.\d{1,2})+\.?)(?=\s+[A-Z(\"'‘*<])"
    r"|(?P<glued>\d{1,2}(?:\.\d{1,2})*\.?)(?=[A-Z][a-z]{2,})"  # '3.2The council', '12Minutes''
    r"|(?P<long>\d{1,3})(?=\s+[A-Z][a-z]*\s+\S+(?:\s+\S+){8,})"
    r"|(?P<agenda>\d{1,3})(?=\s+[A-Z(].*\b(?:PDF|pdf\s+icon)\b)"
    r"|(?P<starred>\d{1,2})(?=\*\*)|(?P<question>Q\d{1,2})(?=\s+[A-Z])"
    r"|(?P<titled>\d{1,2})(?=\s+[A-Z][a-z]+(?:\s+[A-Za-z&,'’()-]+){0,7}\s*:?\s*$)"
    r"|(?P<plain>\(?\d{1,3}[A-Za-z]?[.)])(?=\s|\t)|(?P<tabbed>\d{1,2}(?:\.\d{1,2})+[a-z]?)(?=\t))")
PERIOD_SPAN = re.compile(
    r"\b(?:19|20)\d{2}\s*/\s*\d{2}\s*-\s*(?:19|20)\d{2}\s*/\s*\d{2}\b|"  # 2025/26-2028/29
    r"\b(?:19|20)\d{2}\s*[-–]\s*(?:(?:19|20)\d{2}|\d{2})\b(?!\s*%)|"    # 2016-20, 2019-2022
    r"\b\d{2}\s*-\s*(?:19|20)\d{2}\b|"                                   # 23-2024
    r"(?<![\d.,£])(?:19|20)\d{2}\s*/\s*\d{2}(?![\d/]|\s*%)|"  # 2023/25, 'forthcoming2024/25or'
    r"(?<![\d.,£])\b(?:19|20)\d{2}\.\d{2}\b(?![\d%])|"        # '2006.07'

    r"\b(?:19|20)\d{2}/\d\b(?![\d%.,/])|"                                 # 2024/5
    r"\b(?:19|20)\d{2}\b(?![\d,.]*\s*%)(?!,\d)|\bQ[1-4]\b(?=\s+(?:19|20)\d{2})|"
    r"(?<=\b(?:19|20)\d{2}/\d{2}\s)P\d{1,2}\b")
TITLE_BEFORE = re.compile(r"\b(?:" + TITLE_WORDS + r")\s*(?:\([^)]*\)\s*)?[-:]?\s*$", re.I)


# '17/19 Quarter 1 Budget Monitoring', '64/09 APOLOGIES': a minute's number and year, at the
# start of its heading; '22/23 Budget' (consecutive years) is a financial year.
MINUTE = re.compile(r"^\s*(\d{1,3})/(\d{2})(?=\s+[A-Z])")
QUARTER = re.compile(r"(?<![\w-])Q[1-4](?![\w%])")
SUB_PARAGRAPH = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{1,2}\b|\b\d\.\d(?![km]\b)[a-z]\b")


def _list_number(line: str) -> list[tuple[int, int, str]]:
    """The number of a numbered paragraph, heading, list item, minute or question starting the
    line, and sub-paragraph numbers (4.5.1, 2.1a) anywhere on it."""
    found = [(m.start(), m.end(), "paragraph number") for m in SUB_PARAGRAPH.finditer(line)]
    minute = MINUTE.match(line)
    if minute and (int(minute[2]) - int(minute[1])) % 100 != 1:
        found.append((minute.start(1), minute.end(2), "minute number"))
    m = LIST_NUMBER.match(line) if "\t" not in line or re.match(r"^\s*\d", line) else None
    if not m:
        return found
    group = next(g for g in ("dotted", "glued", "agenda", "long", "starred", "question",
                             "titled", "plain", "tabbed") if m.group(g))
    after = line[m.end():].strip()
    letters = re.sub(r"[^A-Za-z]", "", after)
    shouting = len(letters) >= 4 and letters.isupper()
    reason = "agenda numbering" if (group == "plain" and shouting) or group == "agenda" \
        else "paragraph number"
    return found + [(m.start(group), m.end(group), reason)]


def _periods(line: str) -> list[tuple[int, int, str]]:
    found = []
    for pattern in (PERIOD_SPAN, FY_OR_MONTH):
        for m in pattern.finditer(line):
            after = line[m.end():]
            if pattern is FY_OR_MONTH and (not is_period(m.group(0), after)
                                           or re.match(r"\s?%|,\d", after)):
                continue  # 'December 95% of users' is a percentage
            title = TITLE_BEFORE.search(line[max(0, m.start() - 80): m.start()])
            found.append((m.start(), m.end(), "year in a title" if title else "date or period"))
    return found


class Marked(list):
    """(start, end, reason) stretches of one line, in rule order, indexed by position: each
    look-up reads only the stretches near it, so a line of many numbers stays linear."""

    BLOCK = 64  # characters

    def _blocks(self) -> dict[int, list[int]]:
        if not hasattr(self, "_index"):
            index: dict[int, list[int]] = {}
            for k, (s, e, _) in enumerate(self):
                for b in range(s // self.BLOCK, max(s, e - 1) // self.BLOCK + 1):
                    index.setdefault(b, []).append(k)
            self._index = index
        return self._index

    def near(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """The stretches that may overlap [lo, hi], in rule order."""
        blocks = self._blocks()
        found = {k for b in range(lo // self.BLOCK, max(lo, hi - 1) // self.BLOCK + 1)
                 for k in blocks.get(b, ())}
        return [self[k] for k in sorted(found)]


def non_figure_ranges(line: str) -> Marked:
    """(start, end, reason) for every stretch of ``line`` a rule marks as not a figure; earlier
    rules win where stretches overlap."""
    marked: list[tuple[int, int, str]] = _list_number(line)
    if "\t" not in line:  # in prose 'Q1' is a quarter; in a table cell it may be a quartile
        marked += [(m.start(), m.end(), "date or period") for m in QUARTER.finditer(line)]
    for reason, pattern in RULES:
        marked += [(m.start(), m.end(), reason) for m in pattern.finditer(line)
                   if m.end() > m.start()]
        if reason == "date":  # periods after dates, so '6 May 2025' stays a date
            marked += _periods(line)
    return Marked(marked)


def reason_for(start: int, end: int, ranges: list[tuple[int, int, str]]) -> str:
    """The reason of the first marked stretch that holds line[start:end], else ''."""
    near = ranges.near(start, end) if isinstance(ranges, Marked) else ranges
    for s, e, why in near:
        if s <= start and end <= e:
            return why
    return ""
