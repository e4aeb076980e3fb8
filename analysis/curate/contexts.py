"""What is in force at a paper line: the heading and table header above it, the list lead-in it
continues, and the period the text above has set.

The period in force is the latest one set above the line: by a heading that prints one, by the
item's opening lines (a title or purpose that names the reporting period, before the first
figure), or by the periods the figures of the paragraph above were read for. A quarter or month
printed without its year ('Quarter Two') takes the year of the financial year then in force.

>>> lines = ["Performance Report Quarter 3 2017/18", "The scorecard related to Quarter Two.",
...          "Rates fell to 34.8%."]
>>> state = PeriodInForce()
>>> for n, line in enumerate(lines, start=1):
...     state.read_line(n, line, has_figures=n == 3)
>>> state.period.label
'2017/18 Q2'
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..parse.periods import Period
from .period_cues import REPORTING, financial_year_of, mentions
from .sentences import sentence_of, sentences

HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][^.!?]{2,118}$")
UNIT_LABEL = re.compile(r"\s*\(?£\s?'?(?:000|m|k)?\)?\s*|\s*%\s*")
LIST_ITEM = re.compile(r"^\s*(?:[•·▪●◦\-–*]|\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})[.)])\s+", re.I)
LEAD_IN = re.compile(r":\s*-?\s*$")
# A table printed with spaces: a short label, then two or more figures and nothing else.
MEETING = re.compile(r"\bmeeting\b|\bdate\b|\bheld\s+on\b|\b(?:mon|tues|wednes|thurs|fri)day\b",
                     re.I)
SPACE_ROW = re.compile(r"^\s*[A-Za-z][^\d£%:.]{0,40}?(?:\s+[-(]?£?\d[\d,.]*[km]?%?\)?){2,}\s*$")


@dataclass(frozen=True)
class LineContext:
    heading: str  # the nearest heading or table header above
    heading_line: int
    period: Period | None  # the nearest period printed in a heading or table header
    period_line: int
    header: list[str]  # cells of the table header above a table row, else []
    title: str = ""  # the first heading of five words or more: what the paper or page is about


def first_period(text: str) -> Period | None:
    """The first whole period printed in ``text`` (a partial or relative one is not)."""
    return next((m.period for m in mentions(text) if m.kind == "period"), None)


def year_named(text: str) -> Period | None:
    """The last financial or academic year that figure-less sentences name outright, not in
    a comparison (a calendar year there is often an event's, 'due to open in early 2024'): the
    period the paragraph's next figures are in (Newcastle: 'To set a balanced budget in
    2025-2026, we need to ...'), or None.

    >>> year_named("To set a balanced budget in 2025-2026, we need to raise income. ").label
    '2025/26'
    >>> year_named("Compared with 2023/24, we need to. ") is None
    True
    """
    found = [m for m in mentions(text) if m.kind == "period" and not m.comparison
             and m.period.kind in ("financial_year", "academic_year")
             and not re.search(r"\b(?:compared|than|from|since|against|with)\s+(?:the\s+)?$",
                               text[:m.start], re.I)]
    return found[-1].period if found else None


def contexts(lines: Sequence[str]) -> Iterator[LineContext]:
    """The heading, table header and period in force at each line."""
    heading, heading_line, period, period_line, header = "", 0, None, 0, []
    after_header, title = False, ""
    for n, line in enumerate(lines, start=1):
        yield LineContext(heading, heading_line, period, period_line,
                          header if "\t" in line else [], title)
        text = line.strip().strip("*").strip()
        if not text:
            continue
        if "\t" in line:
            cells = line.split("\t")
            numbers = [c for c in cells[1:] if re.search(r"\d", c) and not first_period(c)
                       and not UNIT_LABEL.fullmatch(c)
                       and re.fullmatch(r"[-+()£%.,\d\sm'k]+", c.strip())]
            labels = [c for c in cells if c.strip()]
            dated = any(first_period(c) or UNIT_LABEL.fullmatch(c) for c in labels)
            if not numbers and (len(labels) >= 2 or dated):  # a header: labels, periods, units
                if after_header and len(cells) == len(header):  # a second header row
                    cells = [f"{a.strip()} {b.strip()}".strip() for a, b in zip(
                        header, cells, strict=True)]
                header, after_header = cells, True
                heading, heading_line = " ".join(c.strip() for c in cells if c.strip()), n
                found = first_period(line)
                if found is not None:
                    period, period_line = found, n
            else:
                after_header = False
            continue
        after_header = False
        header = []
        if HEADING.match(text) and len(text.split()) <= 16:
            heading, heading_line = text, n
            title = title or (text if len(text.split()) >= 5 else "")
            found = first_period(text)
            if found is not None and found.kind != "date":  # a meeting date is no period
                period, period_line = found, n


# 'we face a difficult challenge this financial year ... in 2024-25', 'the forecast position
# for 2025-26', 'so far in 2023/24 the average is': the financial year a paper calls its own.
CURRENT_YEAR = re.compile(r"\b(?:this|the\s+current)\s+financial\s+year\b|\bforecast\s+(?:position|"
                          r"outturn)\s+for\b|\bso\s+far\s+(?:in|this)\b", re.I)


def current_year(lines: Sequence[str]) -> tuple[Period, int] | None:
    """(the financial year a paper calls current, the line saying so), or None: the year
    printed in the first sentence that names 'this financial year' or 'the forecast position
    for' a year, or in the sentence after it. A forecast printed with no period of its own is
    for that year.

    >>> current_year(["An overspend of £7.6m.", "A challenge this financial year. Funding in "
    ...               "2024-25 is £13bn less than in 2010/11."])[0].label
    '2024/25'
    """
    for n, line in enumerate(lines, start=1):
        for m in CURRENT_YEAR.finditer(line):
            s, e = sentence_of(line, m.start(), m.end())
            if e < len(line):  # '... this financial year. Funding in 2024-25 is ...'
                e = sentence_of(line, e + 1, e + 1)[1]
            years = [x.period for x in mentions(line[s:e])
                     if x.kind == "period" and x.period.kind == "financial_year"]
            if years:
                return max(years, key=lambda p: p.end), n
    return None


PLAN_SPAN = re.compile(r"\b(?:plan|strategy|vision|programme|framework|charter)\s*$", re.I)


@dataclass
class PeriodInForce:
    """The period prose above a line has set: by the item's opening lines, then by the periods
    each paragraph's figures were read for (the latest of them)."""

    period: Period | None = None
    line: int = 0
    seen_figures: bool = False
    opening: Period | None = None  # the reporting period the item's opening lines name
    opening_line: int = 0
    reported: Period | None = None  # the meeting's date, where the opening lines print it

    def read_line(self, n: int, line: str, has_figures: bool) -> None:
        """Before the first figure, a line naming a reporting period sets it."""
        if has_figures:
            self.seen_figures = True
        if self.seen_figures or "\t" in line:
            return
        for m in mentions(line):
            found = m.period if m.kind == "period" else None
            if self.reported is None and found is not None and found.kind == "date" \
                    and MEETING.search(line):
                self.reported = found
            if m.kind == "partial" and m.printed.startswith("Q"):
                fy = financial_year_of(self.period)
                found = None if fy is None else first_period(f"{m.printed} {fy.label}")
            if found is not None and found.kind == "multi_year" \
                    and PLAN_SPAN.search(line[:m.start]):
                continue  # 'the Council Plan 2022-2027': a plan's span, not what is reported
            if found is not None and found.kind in REPORTING:
                self.period, self.line = found, n
                self.opening, self.opening_line = found, n

    def figures_read(self, n: int, periods: list[Period | None]) -> None:
        """The paragraph's figures were read for ``periods``: the latest sets the period."""
        whole = [p for p in periods if p is not None]
        if whole:
            self.period, self.line = max(whole, key=lambda p: (p.end, p.start)), n

    def at(self, ctx: LineContext) -> Period | None:
        """The period in force: the heading's, or the text's if set later."""
        if ctx.period is not None and ctx.period_line >= self.line:
            return ctx.period
        return self.period or ctx.period

    def document(self, ctx: LineContext) -> Period | None:
        """The report's own period: its heading's, or its opening lines' if named later."""
        if ctx.period is not None and ctx.period_line >= self.opening_line:
            return ctx.period
        return self.opening or ctx.period


# A line that ends a sentence, clause or lead-in; a line that does not is wrapped prose when
# the next line opens in lower case, or when it is long and ends mid-phrase (a long heading
# ends on a noun: 'Minutes of the meeting held on 11 September 2019').
ENDS_SENTENCE = re.compile(r"[.!?;:]['’”\")]*\s*$")
MID_PHRASE = re.compile(r"(?:,|\b(?:and|or|but|the|a|an|of|to|for|in|on|at|by|with|from|was|"
                        r"were|is|are|be|been|has|have|had|that|which|than|as|its|their|our))\s*$",
                        re.I)
WRAP_WIDTH = 50  # characters: a shorter line without a stop is a heading or a label
CARRY = 240  # characters: the most of a wrapped sentence kept for the line that ends it


@dataclass
class Wrapped:
    """The start of a sentence a hard-wrapped paragraph carries onto the next line, so that a
    figure's cue words printed on the line above still govern it.

    >>> wrap = Wrapped()
    >>> for line in ["Including Public Health, the directorate-level forecast",
    ...              "outturn position was an overspend of £0.352m."]:
    ...     carried = wrap.before(line)
    ...     wrap.after(line)
    >>> carried
    'Including Public Health, the directorate-level forecast '
    """

    text: str = ""
    _last: str = field(default="", repr=False)

    def before(self, line: str) -> str:
        """The words of the sentence ``line`` continues from the lines above, or ''."""
        text = line.strip()
        if not self.text or not text or "\t" in line or LIST_ITEM.match(line):
            return ""
        if not text[0].islower() and not (len(self._last) >= WRAP_WIDTH
                                          and MID_PHRASE.search(self._last)):
            return ""
        return self.text + " "

    def after(self, line: str) -> None:
        text = line.strip()
        if not text or "\t" in line or ENDS_SENTENCE.search(text):
            self.text, self._last = "", text
            return
        carried = self.before(line)
        tail = text[sentences(text)[-1][0]:] if sentences(text) else text
        whole = tail == text
        self.text = ((carried if whole else "") + tail)[-CARRY:]
        self._last = text


@dataclass
class Blocks:
    """The list lead-in ('overspends of:') and the space-printed table header a line continues.

    >>> blocks = Blocks()
    >>> for line in ["Fees 2024/25 Home Nursing", "Band 2 £694 £766", "Band 3 £737 £805"]:
    ...     lead, header = blocks.before(line)
    ...     blocks.after(line, has_figures=line.startswith("Band"), period=None)
    >>> header
    'Fees 2024/25 Home Nursing'
    """

    lead_in: str = ""
    lead_period: Period | None = None
    table_header: str = ""
    _last: str = field(default="", repr=False)
    _last_had_figures: bool = field(default=True, repr=False)

    def before(self, line: str) -> tuple[str, str]:
        """(the lead-in a list item continues, the header a space-printed row is under)."""
        lead = self.lead_in if LIST_ITEM.match(line) else ""
        header = ""
        if SPACE_ROW.match(line):
            header = self.table_header or ("" if self._last_had_figures else self._last)
        return lead, header

    def after(self, line: str, has_figures: bool, period: Period | None, carried: str = ""
              ) -> None:
        """Read ``line`` (``carried``: the wrapped sentence it continues from above)."""
        text = line.strip()
        if not text:
            return
        _, header = self.before(line)
        if LEAD_IN.search(text):  # '3) That the following fee rates be approved:'
            text = carried + text  # '... a forecast overspend of £1.5m made up' / 'as follows:'
            # 'the revised budget for 2023/24 and the budget for 2024/25 ... which includes:'
            self.lead_in, self.lead_period = text, (year_named(text) or first_period(text)
                                                    or period)
        elif not LIST_ITEM.match(line):
            self.lead_in, self.lead_period = "", None
        self.table_header = header
        self._last, self._last_had_figures = text, has_figures
