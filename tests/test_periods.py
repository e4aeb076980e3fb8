"""Printed periods to canonical labels with start and end dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.parse.periods import Period, PeriodRejection, financial_year, parse_period

CASES = [
    ("2023/24", "2023/24", date(2023, 4, 1), date(2024, 3, 31)),
    ("23/24", "2023/24", date(2023, 4, 1), date(2024, 3, 31)),
    ("2023-24", "2023/24", date(2023, 4, 1), date(2024, 3, 31)),
    ("23-2024", "2023/24", date(2023, 4, 1), date(2024, 3, 31)),
    ("24/5", "2024/25", date(2024, 4, 1), date(2025, 3, 31)),
    ("14/15", "2014/15", date(2014, 4, 1), date(2015, 3, 31)),
    ("Apr-Nov 2024", "Apr-Nov 2024", date(2024, 4, 1), date(2024, 11, 30)),
    ("Nov-24", "Nov 2024", date(2024, 11, 1), date(2024, 11, 30)),
    ("End of November 2023", "Nov 2023", date(2023, 11, 1), date(2023, 11, 30)),
    ("31st Mar 2024", "31 Mar 2024", date(2024, 3, 31), date(2024, 3, 31)),
    ("31 st Mar 2024", "31 Mar 2024", date(2024, 3, 31), date(2024, 3, 31)),
    ("2024/25 (academic year)", "2024/25 academic year", date(2024, 9, 1), date(2025, 8, 31)),
    ("12 months to 31 August 2024", "12 months to Aug 2024", date(2023, 9, 1),
     date(2024, 8, 31)),
    ("2024/25 Q1", "2024/25 Q1", date(2024, 4, 1), date(2024, 6, 30)),
    ("2016-20", "2016-2020", date(2016, 1, 1), date(2020, 12, 31)),
    ("2025/26-2028/29", "2025/26-2028/29", date(2025, 4, 1), date(2029, 3, 31)),
    ("2040", "2040", date(2040, 1, 1), date(2040, 12, 31)),
    ("Mar-23", "Mar 2023", date(2023, 3, 1), date(2023, 3, 31)),
]


@pytest.mark.parametrize(("printed", "label", "start", "end"), CASES)
def test_printed_periods_get_canonical_labels_and_dates(printed, label, start, end):
    period = parse_period(printed)
    assert isinstance(period, Period), period
    assert (period.label, period.start, period.end) == (label, start, end)


def test_bare_months_are_placed_in_the_financial_year_of_their_column():
    period = parse_period("Apr-Dec", financial_year(2015))
    assert (period.start, period.end) == (date(2015, 4, 1), date(2015, 12, 31))


@pytest.mark.parametrize("printed", ["2023/25", "Apr-Dec", "sometime soon", "", "31 Feb 2024"])
def test_unreadable_periods_are_rejected_with_a_reason(printed):
    result = parse_period(printed)
    assert isinstance(result, PeriodRejection) and result.reason


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_a_period_or_a_reason(text):
    result = parse_period(text)
    if isinstance(result, Period):
        assert result.start <= result.end
    else:
        assert result.reason


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1990, max_value=2060))
def test_every_financial_year_spelling_agrees(y):
    expected = financial_year(y)
    short = f"{y % 100:02d}/{(y + 1) % 100:02d}"
    for text in (f"{y}/{(y + 1) % 100:02d}", f"{y}-{(y + 1) % 100:02d}", short):
        assert parse_period(text) == expected


SPANS = [
    ("Oct-23 to Sep-24", "Oct 2023 to Sep 2024", date(2023, 10, 1), date(2024, 9, 30)),
    ("1 April to 31 August 2024", "1 Apr 2024 to 31 Aug 2024", date(2024, 4, 1),
     date(2024, 8, 31)),
    ("2022/23 to 2023/24", "2022/23 to 2023/24", date(2022, 4, 1), date(2024, 3, 31)),
    ("year ending March 2023", "12 months to Mar 2023", date(2022, 4, 1), date(2023, 3, 31)),
    ("year to 31 August 2024", "12 months to Aug 2024", date(2023, 9, 1), date(2024, 8, 31)),
    ("12 months to c. Sep-24", "12 months to Sep 2024", date(2023, 10, 1), date(2024, 9, 30)),
    ("31 May-14 July 2024", "31 May 2024 to 14 Jul 2024", date(2024, 5, 31), date(2024, 7, 14)),
    ("2024/25 P9", "2024/25 P9 (year to date)", date(2024, 4, 1), date(2024, 12, 31)),
    ("Aug-Nov 2024 (academic year 2024/25)", "Aug-Nov 2024", date(2024, 8, 1),
     date(2024, 11, 30)),
    ("to 2035", "by 2035", date(2035, 1, 1), date(2035, 12, 31)),
]


@pytest.mark.parametrize(("printed", "label", "start", "end"), SPANS)
def test_spans_run_from_the_start_of_one_period_to_the_end_of_another(printed, label, start,
                                                                      end):
    test_printed_periods_get_canonical_labels_and_dates(printed, label, start, end)


@pytest.mark.parametrize("printed", ["next 12 months", "ten-year accommodation plan",
                                     "last academic year"])
def test_relative_periods_are_rejected_not_guessed(printed):
    assert isinstance(parse_period(printed), PeriodRejection)
