"""What a table cell says of itself: its comparator, the period it states, its breakdown."""

from __future__ import annotations

import re

from ..parse.figures import normalise_text
from ..parse.periods import Period, financial_year, parse_period
from .table_specs import Column, TableSpec

COMPARATOR_RULES = [
    # (pattern on the cell's label text, authority, value_type)
    (re.compile(r"nat(?:ional)?\.?\s*ave", re.I), "England", "benchmark"),
    (re.compile(r"milestone", re.I), None, "milestone"),
    (re.compile(r"target", re.I), None, "target"),
    (re.compile(r"position as at", re.I), None, "target"),
]
FY_IN_TEXT = re.compile(r"\b(\d{2}/\d{2}|\d{4}/\d{2})\b")
MONTH_NAMES = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
MONTHS_IN_TEXT = re.compile(r"\b(?:" + MONTH_NAMES + r")[a-z]*\s*-\s*(?:" + MONTH_NAMES
                            + r")[a-z]*\b")
MONTH_YEAR_IN_TEXT = re.compile(r"\b(?:end of )?([A-Z][a-z]+ \d{4}|[A-Z][a-z]{2}-\d{2})\b")
DATE_IN_TEXT = re.compile(r"\b(\d{1,2}\s*(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\s+\d{4})\b")


def clean_label(text: str) -> str:
    """A row label without HTML tags, footnote stars or surrounding spaces."""
    return normalise_text(text).strip("* ").strip()


def comparator_labels(cell: str, column: Column, spec: TableSpec) -> tuple[str, str, str, str]:
    """Authority, value type, period and note for a dashboard's comparator cell."""
    text = normalise_text(cell)
    for pattern, authority, value_type in COMPARATOR_RULES:
        if pattern.search(text):
            period = column.period
            date_m = DATE_IN_TEXT.search(text) if value_type != "target" else None
            fy_m = FY_IN_TEXT.search(text)
            my_m = MONTH_YEAR_IN_TEXT.search(text)
            if date_m:
                period = date_m.group(1)
            elif fy_m:
                period = fy_m.group(1) + (" (academic year)" if "academic" in text.lower() else "")
            elif my_m:
                period = my_m.group(1)
            label = re.sub(r"^[<>]?\s*[\d.,]+\s*(?:k|m|%)?\s*(?:per 100k pop\.?)?\s*", "", text,
                           flags=re.I)
            return authority or spec.authority, value_type, period, f"comparator: {label}"
    return spec.authority, column.value_type or spec.value_type, column.period, ""


def _placing_year(column_period: str) -> Period | None:
    """The financial year that places a bare month range ('Apr-November', '(Apr-Dec)') printed
    in a cell of this column."""
    period = parse_period(column_period)
    if not isinstance(period, Period):
        return None
    if period.kind == "financial_year":
        return period
    start = period.start
    return financial_year(start.year if start.month >= 4 else start.year - 1)


def stated_period(text: str, column_period: str) -> str:
    """The period a cell or row label states for itself ('58.4% (14/15)', '9.5 Average
    Apr-November', '736 End of November 2024'), or '' when it states none or the column's own.

    >>> stated_period("9.5 Average Apr-November", "Apr-Dec 2016")
    'Apr-Nov 2016'
    >>> stated_period("58.4% (14/15)", "2015/16"), stated_period("5.6 Average (Apr-Mar)", "2015/16")
    ('14/15', '')
    >>> stated_period("736 End of November 2024", "Apr-Nov 2024")
    '30 November 2024'
    """
    text = normalise_text(text)
    bracket = re.search(r"\((\d{2}/\d{2}|\d{4}/\d{2})\)", text)
    if bracket:
        return bracket.group(1)
    months = MONTHS_IN_TEXT.search(text)
    if months:
        context = parse_period(column_period)
        placed = parse_period(months.group(0), _placing_year(column_period))
        if isinstance(placed, Period) and isinstance(context, Period) and (
                placed.start, placed.end) != (context.start, context.end):
            return placed.label
        return ""
    end = re.search(r"end of ((?:" + MONTH_NAMES + r")[a-z]* \d{4}|(?:" + MONTH_NAMES
                    + r")-\d{2})", text, re.I)
    if not end:
        return ""
    month = parse_period(end.group(1))  # a position at the end of a month is a date
    return f"{month.end.day} {month.end:%B %Y}" if isinstance(month, Period) else end.group(1)


def cell_period(cell: str, column: Column, label: str = "") -> tuple[str, str]:
    """The period a value cell (or, failing that, its row label) states for itself, else the
    column's; and a note saying so."""
    for text, where in ((cell, "cell"), (label, "row label")):
        own = stated_period(text, column.period)
        if own:
            if re.search(r"end of", normalise_text(text), re.I):
                return own, (f"{where} states its own period (a position at the end of a "
                             f"month: {own})")
            return own, f"{where} states its own period ({own})"
    return column.period, ""


def breakdown_text(spec: TableSpec, group: str, label: str, ref: str) -> str:
    if not spec.breakdown:
        return ""
    text = spec.breakdown.format(group=group, label=label, ref=ref)
    text = re.sub(r"\s+", " ", text).replace(" >  ", " > ").strip()
    text = re.sub(r"^(\w[\w ]*): > ", r"\1: ", text)
    return text


