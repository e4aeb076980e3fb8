"""Fuzzing the cleaning library: every input is read or rejected with a reason, never a crash."""

from __future__ import annotations

import math

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.dataset.clean import RawData, clean_figures, load_raw
from analysis.parse.figures import Figure, Rejection, parse_figure
from analysis.parse.periods import Period, PeriodRejection, parse_period
from analysis.sources.figure_files import FIGURE_COLUMNS

from .conftest import now

QUALIFIERS = ["", "around ", "over ", "approximately ", "<", "less than ", "an estimated ",
              "just over ", "up to ", "c. ", "nearly "]
SUFFIXES = ["", "%", " %", "k", "m", " million", "bn", " per 100k Pop.", " days", " years",
            " pence", " people", " (1,206 out of 1,414)", " (43%)", "/1,700 jobs", " or 2.1% more",
            " increase", " reduction", "-62%", " (14/15)", " End of November 2024", ","]
WORDS = ["a quarter", "one-third (34%)", "N/A", "Due May -17", "Nil", "-0", "ranked second "
         "lowest", "bottom quartile", "1 in 4", "seven", "Maintain 15/16", "(£25.8m)", "Q4"]

numbers = st.one_of(
    st.integers(min_value=-10**9, max_value=10**9).map(lambda n: f"{n:,}"),
    st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda x: f"{x:.2f}"),
    st.integers(min_value=0, max_value=999).map(str),
)
figure_like = st.builds(
    lambda q, sign, cur, n, suf, wrap: (f"({q}{sign}{cur}{n}{suf})" if wrap
                                        else f"{q}{sign}{cur}{n}{suf}"),
    st.sampled_from(QUALIFIERS), st.sampled_from(["", "-", "+"]), st.sampled_from(["", "£"]),
    numbers, st.sampled_from(SUFFIXES), st.booleans())
printed = st.one_of(figure_like, st.sampled_from(WORDS), st.text(max_size=40))
hints = st.sampled_from([None, "£000", "£m", "£", "%", "count", "per 100k", "days", "bogus"])


@settings(max_examples=3_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(printed, hints, st.booleans(), st.booleans())
def test_thousands_of_printed_figures_are_read_or_rejected_with_a_reason(text, hint, accounting,
                                                                         prose):
    result = parse_figure(text, hint, accounting=accounting, prose=prose)
    if isinstance(result, Rejection):
        assert result.reason.strip()
    else:
        assert isinstance(result, Figure)
        assert math.isfinite(result.value) and result.precision >= 0


period_like = st.one_of(
    st.builds(lambda y, sep, w: f"{y}{sep}{(y + 1) % 100 if w else y + 1}",
              st.integers(1990, 2060), st.sampled_from(["/", "-", " to "]), st.booleans()),
    st.builds(lambda m, y: f"{m}-{y:02d}", st.sampled_from(["Jan", "Apr", "Nov", "Sept", "Xyz"]),
              st.integers(0, 99)),
    st.builds(lambda a, b: f"{a} to {b}", st.sampled_from(["1 April", "Oct-23", "2022/23"]),
              st.sampled_from(["31 August 2024", "Sep-24", "2023/24", "soon"])),
    st.text(max_size=30))


@settings(max_examples=3_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(period_like)
def test_thousands_of_printed_periods_are_read_or_rejected_with_a_reason(text):
    result = parse_period(text)
    if isinstance(result, Period):
        assert result.start <= result.end and result.label
    else:
        assert isinstance(result, PeriodRejection) and result.reason


BASE = load_raw(now().raw_dir)
row_values = st.fixed_dictionaries({
    "raw": printed,
    "period": period_like,
    "unit_hint": st.sampled_from(["", "£000", "£m", "£", "%", "count", "per 100k"]),
    "value_type": st.sampled_from(["actual", "forecast", "target", "benchmark", "budget",
                                   "change", "rank"]),
    "measure_id": st.sampled_from(sorted(BASE.measures["measure_id"])[:60]),
})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row_values, min_size=1, max_size=12))
def test_generated_csv_rows_become_indicators_or_rejects_never_a_crash(rows):
    template = BASE.figures.iloc[0]
    records = []
    for i, values in enumerate(rows):
        record = {c: template[c] for c in FIGURE_COLUMNS} | values
        record["figure_id"] = f"{template['paper_id']}.p{9000 + i:04d}"
        records.append(record)
    figures = pd.DataFrame(records, columns=FIGURE_COLUMNS)
    raw = RawData(BASE.papers, BASE.measures, figures, BASE.corrections.iloc[0:0], BASE.authorities)
    indicators, rejects = clean_figures(raw)
    assert len(indicators) + len(rejects) == len(figures)
    assert (rejects["reason"].str.len() > 0).all()
    assert indicators["value"].map(math.isfinite).all()
