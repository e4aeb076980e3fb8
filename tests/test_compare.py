"""Comparison tables, the rating rule, direction of travel, trends and coverage."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.compare.table import (
    NOT_REPORTED,
    comparison,
    coverage,
    judge_gap,
    previous,
    trend,
    wide,
)
from analysis.dataset.build import build
from analysis.dataset.catalogue import load_measures

WORDS = ("better", "similar", "worse")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed")
    return build(out_dir=out).indicators, load_measures()


@pytest.mark.parametrize(("value", "other", "precision", "unit", "polarity", "expected"), [
    (71.9, 71.1, 0.1, "percent", "higher_better", "similar"),   # within 1 point + precision
    (88.8, 79.4, 0.1, "percent", "higher_better", "better"),
    (564, 566.0, 0.55, "per_100k", "lower_better", "similar"),   # within 2.5%
    (582, 566.0, 0.55, "per_100k", "lower_better", "worse"),
    (16.9, 24.8, 0.1, "percent", "lower_better", "better"),
    (34, 25, 1, "percent", "neutral", "higher"),
])
def test_rating_rule_respects_polarity_and_precision(value, other, precision, unit, polarity,
                                                     expected):
    assert judge_gap(value, other, precision, unit, polarity, WORDS) == expected


def test_a_council_that_publishes_nothing_says_so(data):
    ind, measures = data
    table = comparison(ind, measures, ["ascof_reablement_no_ongoing_need"],
                       ["Leicester", "Leicestershire"], ["England"])
    grid = wide(table)
    assert grid.loc["No need for ongoing services after reablement", "Leicester"] == NOT_REPORTED
    assert grid.loc["No need for ongoing services after reablement", "England"] == \
        "79.4% (2023/24)"


def test_every_cell_shows_its_period_and_source(data):
    ind, measures = data
    table = comparison(ind, measures, ["wf_vacancy_rate", "wf_turnover_rate"], ["Leicester"],
                       ["England", "East Midlands"])
    reported = table[table["display"] != NOT_REPORTED]
    assert reported["display"].str.contains(r"\(.+\)$").all()
    assert reported["source"].str.match(r"^\d{3}_[0-9a-f]+\.txt:\d+$").all()


def test_ratings_are_not_made_across_distant_periods(data):
    ind, measures = data
    table = comparison(ind, measures, ["wf_turnover_rate"], ["Leicestershire"], ["England"])
    row = table[table["authority"] == "Leicestershire"].iloc[0]
    assert pd.isna(row["rating"]) and "not rated" in row["caveats"]


def test_direction_of_travel_stays_within_one_framework(data):
    ind, measures = data
    table = comparison(ind, measures, ["ascof_reablement_no_ongoing_need"], ["Leicestershire"],
                       ["England"])
    row = table[table["authority"] == "Leicestershire"].iloc[0]
    assert row["previous"] == "89.6% (2023/24)"  # not the 2016 dashboard's figure
    assert row["direction"] == "similar"


def test_a_chosen_period_finds_figures_within_it(data):
    ind, measures = data
    table = comparison(ind, measures, ["ascof_reablement_no_ongoing_need"], ["Leicestershire"],
                       [], period="2016/17")
    assert table.iloc[0]["display"] == "80.5% (Apr-Dec 2016)"


def test_trend_joins_renumbered_codes_with_a_visible_break(data):
    ind, measures = data
    series = trend(ind, measures, "ascof_reablement_no_ongoing_need", ["Leicestershire"])
    assert list(series["period"]) == ["2015/16", "Apr-Dec 2016", "2023/24", "Apr-Nov 2024"]
    assert list(series["framework"]) == ["2016/17 framework 2D"] * 2 + \
        ["2023/24 framework 2A"] * 2


def test_coverage_shows_the_lopsided_papers(data):
    ind, _ = data
    grid = coverage(ind, ["Leicester", "Leicestershire"])
    assert grid.loc["safeguarding", "Leicester"] == 0
    assert grid.loc["safeguarding", "Leicestershire"] > 0
    assert grid.loc["workforce", "Leicester"] > 0


# ---------------------------------------------------------------- assertions that bite
@pytest.mark.parametrize(("measure", "authority", "rating", "direction"), [
    ("wf_vacancy_rate", "Leicester", "better", "similar"),          # lower is better
    ("wf_turnover_rate", "Leicester", "better", "improved"),        # lower is better
    ("ascof_feel_safe", "Leicestershire", "better", "improved"),    # higher is better
    ("ascof_reablement_no_ongoing_need", "Leicestershire", "better", "similar"),
])
def test_real_ratings_follow_each_measures_polarity(data, measure, authority, rating,
                                                    direction):
    ind, measures = data
    table = comparison(ind, measures, [measure], [authority], ["England"])
    row = table[table["authority"] == authority].iloc[0]
    assert (row["rating"], row["direction"]) == (rating, direction)


def test_a_year_to_date_figure_and_a_different_length_previous_period_carry_caveats(data):
    ind, measures = data
    table = comparison(ind, measures, ["ascof_reablement_no_ongoing_need"], ["Leicestershire"],
                       ["England"])
    caveats = table[table["authority"] == "Leicestershire"].iloc[0]["caveats"]
    assert "benchmark is for 2023/24, figure for Apr-Nov 2024" in caveats
    assert "previous period (2023/24) is of a different length" in caveats


def _series(*rows: tuple[str, str, str, str, float]) -> pd.DataFrame:
    """Indicator rows of one measure: (figure id, period start, period end, meeting, value)."""
    return pd.DataFrame([{
        "figure_id": fid, "measure_id": "m", "authority": "Leicestershire", "breakdown": "",
        "value_type": "actual", "flags": "", "precision": 0.05, "source_line": 1,
        "period": start[:4], "period_start": pd.Timestamp(start), "period_end": pd.Timestamp(end),
        "meeting_date": pd.Timestamp(meeting), "value": value, "unit": "percent",
        "period_kind": "financial_year"} for fid, start, end, meeting, value in rows])


def test_no_direction_of_travel_across_the_framework_change_and_one_within_it():
    ind = _series(("p.t0001c1", "2018-04-01", "2019-03-31", "2019-12-01", 80.0),
                  ("q.t0001c1", "2019-04-01", "2020-03-31", "2020-01-15", 82.0),
                  ("r.t0001c1", "2020-04-01", "2021-03-31", "2021-01-15", 84.0))
    assert previous(ind, ind.iloc[1]) is None            # 2019 paper and 2020 paper: two frameworks
    assert previous(ind, ind.iloc[2])["figure_id"] == "q.t0001c1"  # 2020 and 2021: one
