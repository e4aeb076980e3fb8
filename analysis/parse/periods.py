"""Printed periods to canonical labels with start and end dates.

>>> p = parse_period("23-2024")
>>> p.label, p.start.isoformat(), p.end.isoformat()
('2023/24', '2023-04-01', '2024-03-31')
>>> parse_period("Apr-Nov 2024").label
'Apr-Nov 2024'
>>> parse_period("last academic year", reported=date(2025, 5, 6)).label
'2023/24 academic year'
>>> undated(date(2025, 1, 20)).label, undated(date(2025, 1, 20), earlier=True).label
('undated (reported 20 Jan 2025)', 'undated, an earlier level (reported 20 Jan 2025)')
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date
    kind: str


@dataclass(frozen=True)
class PeriodRejection:
    reason: str


MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_name) if m})
MONTHS["sept"] = 9
MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
ABBR = [None] + [calendar.month_abbr[i] for i in range(1, 13)]


def _year(text: str, pivot_century: int = 2000) -> int:
    y = int(text)
    if y < 100:
        y += pivot_century if y < 70 else 1900
    return y


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def financial_year(start_year: int) -> Period:
    return Period(f"{start_year}/{(start_year + 1) % 100:02d}", date(start_year, 4, 1),
                  date(start_year + 1, 3, 31), "financial_year")


def _second_year_ok(first: int, second_text: str) -> bool:
    """True when the second part of 2023/24, 23/24, 24/5 or 23-2024 is the year after the first."""
    nxt = first + 1
    if len(second_text) == 4:
        return int(second_text) == nxt
    if len(second_text) == 2:
        return int(second_text) == nxt % 100
    return len(second_text) == 1 and int(second_text) == nxt % 10


def _months_in(month_a: int, month_b: int, year: int) -> tuple[date, date]:
    start_year = year if month_a <= month_b else year - 1
    return date(start_year, month_a, 1), _month_end(year, month_b)


def to_date(period: Period, reported: date) -> Period:
    """A period an observed figure cannot have covered in full, as it runs past the meeting that
    reported it: the part of it up to the meeting ('2024/25 academic year' in a January 2025
    paper is that year to date).

    >>> to_date(parse_period("2024/25 academic year"), date(2025, 1, 20)).label
    '2024/25 academic year, to 20 Jan 2025'
    """
    return Period(f"{period.label}, to {reported.day} {ABBR[reported.month]} {reported.year}",
                  period.start, reported, "range")


def undated(reported: date, earlier: bool = False) -> Period:
    """The honest period of a figure the paper prints without one: as reported at the meeting
    (or, for the 'from' of 'from 19 to 6 minutes', an earlier level). It is kept in the
    dataset but never rated, trended or compared."""
    when = f"reported {reported.day} {ABBR[reported.month]} {reported.year}"
    return Period(f"{EARLIER_LEVEL} ({when})" if earlier else f"undated ({when})",
                  reported, reported, "undated")


EARLIER_LEVEL = "undated, an earlier level"


def is_earlier_level(label: str) -> bool:
    """Whether an undated figure's period says it is the earlier level of a change ('from 19'
    in 'from 19 to 6 minutes'), which the current one replaces.

    >>> is_earlier_level(undated(date(2025, 1, 20), earlier=True).label)
    True
    """
    return label.startswith(EARLIER_LEVEL)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _relative(text: str, reported: date) -> Period | None:
    """'next 12 months', 'over the next 5 years', 'last academic year', placed by the date the
    paper was reported: the paper's own words give the period only relative to its meeting."""
    t = re.sub(r"\s+", " ", str(text)).strip().lower()
    m = re.fullmatch(r"(?:over |in |during )?(?:the )?next (\d+|twelve|five|ten) "
                     r"(months?|years?)", t)
    if m:
        n = {"twelve": 12, "five": 5, "ten": 10}.get(m.group(1)) or int(m.group(1))
        months = n * (12 if m.group(2).startswith("year") else 1)
        end = date.fromordinal(_add_months(reported, months).toordinal() - 1)
        return Period(f"next {n} {m.group(2)} from {reported.day} {ABBR[reported.month]} "
                      f"{reported.year}", reported, end, "range")
    if t in ("last academic year", "the last academic year", "the previous academic year"):
        current = reported.year if reported.month >= 9 else reported.year - 1
        y = current - 1
        return Period(f"{y}/{(y + 1) % 100:02d} academic year", date(y, 9, 1),
                      date(y + 1, 8, 31), "academic_year")
    return None


@lru_cache(maxsize=65536)  # periods are labels: every paper prints the same few thousand
def parse_period(text: str, context: Period | None = None, *,
                 reported: date | None = None) -> Period | PeriodRejection:
    """Read a printed period; ``context`` (e.g. the table's financial year) places bare months;
    ``reported`` (the meeting date) places periods the paper gives relative to itself.

    Spans written 'A to B' (Oct-23 to Sep-24, 1 April to 31 August 2024, 2022/23 to 2023/24)
    run from the start of A to the end of B; a trailing bracket that does not parse is ignored.

    >>> parse_period("Oct-23 to Sep-24").label
    'Oct 2023 to Sep 2024'
    >>> parse_period("year ending 31 March 2024").label
    '12 months to Mar 2024'
    """
    if reported is not None and text:
        relative = _relative(text, reported)
        if relative is not None:
            return relative
    result = _parse_single(text, context)
    if isinstance(result, Period) or text is None:
        return result
    tidy = re.sub(r"\bc\.\s*", "", re.sub(r"\s+", " ", str(text)).strip())
    for read in COMPOUND_READERS:
        found = read(tidy, str(text), context)
        if found is not None:
            return found
    return result


# ---- compound forms: each reads one way of printing a period built from simpler ones, and
# returns None when the text is not printed its way (the next one is tried).
def _tidied(t: str, text: str, context: Period | None) -> Period | None:
    """'c. 2023/24', or a period broken over lines: read again once tidied."""
    if t == text.strip():
        return None
    retry = parse_period(t, context)
    return retry if isinstance(retry, Period) else None


def _with_bracket(t: str, text: str, context: Period | None) -> Period | None:
    """'2023/24 (provisional)': a trailing bracket that is not itself a period is ignored."""
    bracket = re.fullmatch(r"(.+?)\s*\(([^()]*)\)", t)
    outer = parse_period(bracket.group(1), context) if bracket else None
    return outer if isinstance(outer, Period) else None


def _year_ending(t: str, text: str, context: Period | None) -> Period | PeriodRejection | None:
    """'year ending 31 March 2024', 'the 12 months to Nov-24'."""
    m = re.fullmatch(r"(?:the )?(?:year|12 months) (?:ending|ended|to) (.+)", t, re.I)
    end = _parse_single(m.group(1), context) if m else None
    if not isinstance(end, Period):
        return None
    return parse_period(f"12 months to {end.end.day} {calendar.month_name[end.end.month]} "
                        f"{end.end.year}")


def _by_year(t: str, text: str, context: Period | None) -> Period | None:
    """'by 2030', 'to 2027': a target's calendar year."""
    m = re.fullmatch(r"(?:to|by) (\d{4})", t, re.I)
    if not m:
        return None
    y = int(m.group(1))
    return Period(f"by {y}", date(y, 1, 1), date(y, 12, 31), "calendar_year")


def _span(t: str, text: str, context: Period | None) -> Period | None:
    """'A to B', '1 April - 31 August 2024' and 'Sep 2020-Jan 2021': from the start of A to
    the end of B, A taking B's year (or the one before) when it prints none.

    >>> parse_period("Sep 2020-Jan 2021").label
    'Sep 2020 to Jan 2021'
    """
    span = re.fullmatch(r"(.+?)\s+to\s+(.+)", t, re.I) or re.fullmatch(
        r"(\d{1,2}\s+[A-Za-z]+)\s*-\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4})", t) or re.fullmatch(
        r"([A-Za-z]+\s+\d{4})\s*-\s*([A-Za-z]+\s+\d{4})", t)
    end = _parse_single(span.group(2), context) if span else None
    if not isinstance(end, Period):
        return None
    first = span.group(1)
    start = _parse_single(first, context)
    if not isinstance(start, Period) and not re.search(r"\d{4}|\d{2}$", first):
        start = _parse_single(f"{first} {end.end.year}", context)
        if isinstance(start, Period) and start.start > end.end:
            start = _parse_single(f"{first} {end.end.year - 1}", context)
    if isinstance(start, Period) and start.start <= end.end:
        return Period(f"{start.label} to {end.label}", start.start, end.end, "range")
    return None


def _months_to_short_year(t: str, text: str,
                          context: Period | None) -> Period | PeriodRejection | None:
    """'12 months to Nov-24'."""
    m = re.fullmatch(r"(\d+) months to (" + MONTH + r")\s*-\s*(\d{2})", t, re.I)
    if not m:
        return None
    return parse_period(f"{m.group(1)} months to {m.group(2)} {_year(m.group(3))}")


def _academic_year_to(t: str, text: str, context: Period | None) -> Period | None:
    """Part of an academic year: '2024/25 academic year to Nov 2024'."""
    m = re.fullmatch(r"(\d{4}/\d{2}) academic year to (.+)", t, re.I)
    if not m:
        return None
    year, end = _parse_single(f"{m.group(1)} academic year"), _parse_single(m.group(2))
    if isinstance(year, Period) and isinstance(end, Period) and year.start <= end.end <= year.end:
        return Period(f"{year.label} to {ABBR[end.end.month]} {end.end.year}", year.start,
                      end.end, "range")
    return None


def _financial_period(t: str, text: str, context: Period | None) -> Period | None:
    """'2024/25 P6': a budget monitoring period, the year to the end of its month."""
    m = re.fullmatch(r"(\d{4}/\d{2}) P(\d{1,2})", t)
    fy = _parse_single(m.group(1)) if m else None
    if not isinstance(fy, Period) or not 1 <= int(m.group(2)) <= 12:
        return None
    n = int(m.group(2))
    end_month = (3 + n - 1) % 12 + 1
    end_year = fy.start.year + (1 if end_month < 4 else 0)
    return Period(f"{fy.label} P{n} (year to date)", fy.start, _month_end(end_year, end_month),
                  "range")


COMPOUND_READERS = (_tidied, _with_bracket, _year_ending, _by_year, _span,
                    _months_to_short_year, _academic_year_to, _financial_period)


# ---- single periods: each reader takes the printed text reduced to its core.
@dataclass(frozen=True)
class Printed:
    """A printed period: as printed, lower-cased without its lead-in ('as at', 'end of'), and
    its core (without 'academic year' or 'to date'), with the table's period for context."""

    text: str
    low: str
    core: str
    context: Period | None


def _printed(text: str, context: Period | None) -> Printed:
    raw = re.sub(r"<[^>]+>", " ", str(text))
    t = re.sub(r"\s+", " ", raw.replace("\u2013", "-").replace("\u2014", "-")).strip()
    t = re.sub(r"(\d)\s*(st|nd|rd|th)\b", r"\1", t)
    t = re.sub(r"\b(\d{1,2}) (st|nd|rd|th)\b", r"\1", t)
    low = t.lower().strip(" .,()")
    low = re.sub(r"^(?:as at|at|in|during|for|end of|by|the year|year|position as at)\s+", "",
                 low)
    low = re.sub(r"^(?:the )?(?:end of|start of)\s+", "", low)
    core = re.sub(r"\(?academic year\)?", "", low).strip(" ()")
    core = re.sub(r"\s*\(?\bto date\)?$", "", core).strip()
    return Printed(str(text), low, core, context)


def _academic_year(p: Printed) -> Period | None:
    """'2023/24 academic year': September to August."""
    m = re.fullmatch(r"(\d{4}|\d{2})\s*[/-]\s*(\d{1,4})", p.core) if "academic" in p.low else None
    if not m or not _second_year_ok(_year(m.group(1)), m.group(2)):
        return None
    y = _year(m.group(1))
    return Period(f"{y}/{(y + 1) % 100:02d} academic year", date(y, 9, 1), date(y + 1, 8, 31),
                  "academic_year")


def _financial_year_or_quarter(p: Printed) -> Period | PeriodRejection | None:
    """'2024/25', '23-2024', '2024/25 Q1', 'Q1 2024/25'; '2023/25' is refused."""
    m = re.fullmatch(r"(?:q([1-4])\s+)?(\d{4}|\d{2})\s*[/-]\s*(\d{1,4})"
                     r"(?:\s+(?:q|quarter\s*)([1-4]))?", p.core)
    if not m:
        return None
    if not _second_year_ok(_year(m.group(2)), m.group(3)):
        return (PeriodRejection(f"'{p.text}' looks like a financial year but the years are not "
                                "consecutive") if "/" in p.core else None)
    fy = financial_year(_year(m.group(2)))
    q = m.group(1) or m.group(4)
    if not q:
        return fy
    sm = 4 + 3 * (int(q) - 1)
    sy = fy.start.year + (1 if sm > 12 else 0)
    sm = (sm - 1) % 12 + 1
    return Period(f"{fy.label} Q{q}", date(sy, sm, 1), _month_end(sy, sm + 2), "quarter")


def _multi_year(p: Printed) -> Period | None:
    """'2016-20', '2016-2020', '2025/26-2028/29'."""
    m = re.fullmatch(r"(\d{4})/\d{2}\s*-\s*(\d{4})/(\d{2})", p.core)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        return Period(f"{a}/{(a + 1) % 100:02d}-{b}/{(b + 1) % 100:02d}", date(a, 4, 1),
                      date(b + 1, 3, 31), "multi_year")
    m = re.fullmatch(r"(\d{4})\s*-\s*(\d{4}|\d{2})", p.core)
    if not m:
        return None
    a = int(m.group(1))
    b = int(m.group(2)) if len(m.group(2)) == 4 else (a // 100) * 100 + int(m.group(2))
    return Period(f"{a}-{b}", date(a, 1, 1), date(b, 12, 31), "multi_year") if b > a + 1 else None


def _months_to(p: Printed) -> Period | None:
    """'12 months to 31 August 2024'."""
    m = re.fullmatch(r"(?:the )?(\d+) months (?:to|ending) (?:\d{1,2} )?(" + MONTH + r") (\d{4})",
                     p.core)
    if not m:
        return None
    n, mon, y = int(m.group(1)), MONTHS[m.group(2).rstrip(".")], int(m.group(3))
    start_index = y * 12 + mon - n  # zero-based month index of the first month
    start = date(start_index // 12, start_index % 12 + 1, 1)
    return Period(f"{n} months to {ABBR[mon]} {y}", start, _month_end(y, mon), "range")


def _a_date(p: Printed) -> Period | PeriodRejection | None:
    """'31 Mar 2024', '31st March 2024'; '31 June 2024' is refused."""
    m = re.fullmatch(r"(\d{1,2}) (" + MONTH + r"),? (\d{4})", p.core)
    if not m:
        return None
    d, mon, y = int(m.group(1)), MONTHS[m.group(2).rstrip(".")], int(m.group(3))
    try:
        day = date(y, mon, d)
    except ValueError:
        return PeriodRejection(f"'{p.text}' is not a real date")
    return Period(f"{day.day} {ABBR[day.month]} {day.year}", day, day, "date")


def _month_range(p: Printed) -> Period | PeriodRejection | None:
    """'Apr-Nov 2024'; 'Apr-Dec' only within a financial year's table."""
    m = re.fullmatch(r"(" + MONTH + r")\s*(?:-|to)\s*(" + MONTH + r")(?:\s*(\d{4}|\d{2}))?",
                     p.core)
    if not m:
        return None
    a, b = MONTHS[m.group(1).rstrip(".")], MONTHS[m.group(2).rstrip(".")]
    if m.group(3):
        y = _year(m.group(3))
    elif p.context is not None and p.context.kind == "financial_year":
        y = p.context.start.year if b >= 4 else p.context.start.year + 1
    else:
        return PeriodRejection(f"'{p.text}' has no year and no financial year to place it in")
    start, end = _months_in(a, b, y)
    return Period(f"{ABBR[a]}-{ABBR[b]} {y}", start, end, "range")


def _a_month(p: Printed) -> Period | None:
    """'Nov-24', 'Nov 2024', 'November 2024'."""
    m = re.fullmatch(r"(" + MONTH + r")\s*[- ]?\s*'?(\d{4}|\d{2})", p.core)
    if not m:
        return None
    mon, y = MONTHS[m.group(1).rstrip(".")], _year(m.group(2))
    return Period(f"{ABBR[mon]} {y}", date(y, mon, 1), _month_end(y, mon), "month")


def _calendar_year(p: Printed) -> Period | None:
    """'2024'."""
    if not re.fullmatch(r"\d{4}", p.core):
        return None
    y = int(p.core)
    return Period(str(y), date(y, 1, 1), date(y, 12, 31), "calendar_year")


SINGLE_READERS = (_academic_year, _financial_year_or_quarter, _multi_year, _months_to, _a_date,
                  _month_range, _a_month, _calendar_year)


def _parse_single(text: str, context: Period | None = None) -> Period | PeriodRejection:
    """One period, not a span: the first reader whose way of printing it matches."""
    if text is None or not str(text).strip():
        return PeriodRejection("no period given")
    printed = _printed(text, context)
    for read in SINGLE_READERS:
        found = read(printed)
        if found is not None:
            return found
    return PeriodRejection(f"cannot read the period '{text}'")
