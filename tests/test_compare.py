"""Like for like: the comparison frame on the real data and on small fixtures where the answer
flips; the rating rule at its edge; direction of travel only within one series."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.compare.comparability import CAVEATS, NOT_COMPARABLE
from analysis.compare.coverage import coverage
from analysis.compare.frame import NOT_REPORTED, comparison_frame
from analysis.compare.markers import paper_marker
from analysis.compare.messages import key_messages
from analysis.compare.ratings import rate
from analysis.compare.trend import series
from analysis.dataset.build import build
from analysis.dataset.catalogue import load_measures
from analysis.sources.papers import load_registry

from .conftest import now

COUNCILS = ["Leicester", "Leicestershire"]
BENCHMARKS = ["England", "East Midlands"]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    built = build(now().with_(processed_dir=tmp_path_factory.mktemp("processed")))
    return built.indicators, load_measures(now().measures_csv)


def frame(data, measures, councils=COUNCILS, period="latest"):
    ind, catalogue = data
    return comparison_frame(ind, catalogue, measures, councils, BENCHMARKS, period)


def row(f: pd.DataFrame, measure: str, authority: str) -> pd.Series:
    return f[(f["measure_id"] == measure) & (f["authority"] == authority)].iloc[0]


# ---------------------------------------------------------------- the rating rule
@pytest.mark.parametrize(("value", "other", "unit", "polarity", "expected"), [
    (89.9, 88.8, "percent", "higher_better", "similar"),   # gap 1.1 = band 1 + 0.05 + 0.05
    (89.95, 88.8, "percent", "higher_better", "better"),   # just outside
    (0.3, 1.4, "percent", "lower_better", "similar"),      # 1.1 in floats is 1.0999999...
    (564, 566.0, "per_100k", "lower_better", "similar"),   # within 2.5% of the benchmark
    (582, 566.0, "per_100k", "lower_better", "worse"),
    (34, 25, "percent", "neutral", "higher"),
])
def test_the_band_edge_is_exact_and_polarity_is_respected(value, other, unit, polarity,
                                                          expected):
    assert rate(value, other, 0.05, 0.05, unit, polarity) == expected


def test_floats_would_get_the_edge_wrong():
    assert 89.9 - 88.8 > 0.05 + 0.05 + 1  # why the rule uses decimals


# ---------------------------------------------------------------- choosing the figures
def test_a_breakdown_figure_is_chosen_with_its_caveat_not_reported_as_missing(data):
    f = frame(data, ["wf_vacancy_rate"])
    county = row(f, "wf_vacancy_rate", "Leicestershire")
    assert county["display"] == "8.5%" and county["period"] == "2022/23"
    assert county["breakdown"] == "sector: independent"
    assert "independent sector only" in county["caveats"]
    assert county["comparability"] == CAVEATS
    city = row(f, "wf_vacancy_rate", "Leicester")
    assert city["period"] == "2022/23"  # the period both councils print, not the city's newest
    # the newer figure, rated against the England figure of its own year (001:304)
    assert city["latest"] == "7.1% (2023/24), better than England 8.3% (2023/24)"
    assert (county["benchmark"], county["benchmark_display"]) == ("England", "9.9%")


def test_a_benchmark_printed_for_the_councils_own_period_is_preferred(data):
    f = frame(data, ["wf_turnover_rate"], ["Leicestershire"])
    county = row(f, "wf_turnover_rate", "Leicestershire")
    assert county["period"] == "2022/23" and county["rating"] == "worse"
    old = frame(data, ["wf_sickness_days_per_worker"])
    history = row(old, "wf_sickness_days_per_worker", "Leicestershire")
    assert history["block"] == "historical" and history["period"] == "Jul 2015"
    # rated against the East Midlands figure the 2017 pack prints for its own year
    assert (history["benchmark"], history["benchmark_period"]) == ("East Midlands", "Jul 2015")
    assert history["comparability"] == NOT_COMPARABLE


def test_a_full_year_beside_a_benchmark_of_its_year_beats_a_newer_part_year(data):
    f = frame(data, ["ascof_reablement_no_ongoing_need"])
    county = row(f, "ascof_reablement_no_ongoing_need", "Leicestershire")
    assert (county["period"], county["display"]) == ("2023/24", "89.6%")
    assert county["benchmark_period"] == "2023/24" and county["rating"] == "better"
    assert county["latest"] == "88.8% (Apr-Nov 2024)"


def test_a_snapshot_at_the_end_of_a_benchmarks_year_is_rated_against_it_not_a_newer_one(data):
    # 002:789: 72.7% at the end of March 2024 beside England's 58.8%; 76.2% by November is newer
    f = frame(data, ["annual_review_share"])
    county = row(f, "annual_review_share", "Leicestershire")
    assert (county["display"], county["period"]) == ("72.7%", "31 Mar 2024")
    assert (county["benchmark_display"], county["benchmark_period"]) == ("58.8%", "2023/24")
    assert county["latest"].startswith("76.2% (30 Nov 2024)")
    gaps = next(m for m in key_messages(f, COUNCILS) if m.startswith("Largest gaps"))
    assert "72.7% (31 Mar 2024) against England 58.8% (2023/24), better (13.9 points)" in gaps


def test_a_figure_printed_without_a_period_is_shown_as_such_never_as_missing(data):
    # 002:1264: carers' direct payments 'above the national averages of 89% and 78%', no year
    measures = ["ascof_direct_payments_carers", "csc_average_call_wait_minutes",
                "contacts_received", "population_ethnicity_share"]
    f = frame(data, measures)
    england = row(f, "ascof_direct_payments_carers", "England")
    assert (england["block"], england["display"]) == ("undated", "78%")
    assert england["locations"] == "leicestershire-2025-01-20:1264"
    assert not england["rating"] and not row(f, "ascof_direct_payments_carers",
                                             "Leicestershire")["rating"]
    # 002:149: call waits 'reduced from 19 to 6 minutes ... below the target set at 10
    # minutes', no period: the current level is shown, not the earlier one or the target
    county = row(f, "csc_average_call_wait_minutes", "Leicestershire")
    assert (county["block"], county["display"]) == ("undated", "6 minutes")
    assert county["comparability"] == NOT_COMPARABLE
    assert county["comparability_reason"] == ("Leicester's papers print no figure for this "
                                              "measure; Leicestershire's papers print this "
                                              "figure only without a period")
    # chosen by the rules a dated figure is: one ethnic group's share is not its whole
    # population's; 'just over 20,000 contacts received' (003:288) is printed without a
    # period: shown, never as nothing, and never rated
    contacts = row(f, "contacts_received", "Leicester")
    assert (contacts["block"], contacts["display"]) == ("undated", "over 20,000")
    assert "printed without a period" in contacts["caveats"] and not contacts["rating"]
    assert row(f, "population_ethnicity_share", "Leicester")["block"] == "not reported"
    # an undated figure cannot be said to be of a period chosen
    assert not (frame(data, measures, period="2023/24")["block"] == "undated").any()


def test_every_figure_shows_its_age_and_old_ones_go_to_history(data):
    f = frame(data, ["wf_female_share"])
    city, county = row(f, "wf_female_share", "Leicester"), row(f, "wf_female_share",
                                                               "Leicestershire")
    assert city["block"] == "headline" and county["block"] == "historical"
    assert county["age_years"] > 9 and city["age_years"] < 2
    assert "years before" in county["comparability_reason"]


def test_nothing_printed_is_said_plainly(data):
    f = frame(data, ["ascof_feel_safe"])
    city = row(f, "ascof_feel_safe", "Leicester")
    assert city["display"] == NOT_REPORTED and city["block"] == "not reported"
    assert city["comparability"] == NOT_COMPARABLE
    assert city["comparability_reason"] == "Leicester's papers print no figure for this measure"


def test_a_target_is_never_a_value_and_appears_in_its_own_column(data):
    f = frame(data, ["delayed_transfers_asc"], ["Leicestershire"])
    county = row(f, "delayed_transfers_asc", "Leicestershire")
    assert county["value_type"] == "actual" and county["value"] == 9.5
    assert county["target"] == "target 5.0 (2016/17)"
    councils = frame(data, ["ascof_reablement_no_ongoing_need", "wf_turnover_rate",
                            "ascof_direct_payments_users"])
    assert set(councils.loc[councils["role"] == "council", "value_type"]) <= {"actual", ""}


def test_a_rank_is_shown_as_a_rank(data):
    f = frame(data, ["ascof_reablement_no_ongoing_need"], ["Leicestershire"], period="2015/16")
    county = row(f, "ascof_reablement_no_ongoing_need", "Leicestershire")
    assert county["period"] == "2015/16" and county["rank"].startswith("rank Q2")


def test_one_figure_printed_twice_is_one_observation_in_the_frame(data):
    ind, catalogue = data
    f = comparison_frame(ind, catalogue, ["ascof_home_91_days_after_discharge"],
                         ["Leicestershire"], BENCHMARKS, "Jun-Aug 2024")
    county = row(f, "ascof_home_91_days_after_discharge", "Leicestershire")
    assert county["figure_id"] == "leicestershire-2025-01-20.p0127"
    assert county["locations"].count(";") == 1  # the text and the dashboard, one figure


# ---------------------------------------------------------------- direction of travel
def test_part_year_against_full_year_gives_no_direction(data):
    f = frame(data, ["ascof_reablement_no_ongoing_need"], ["Leicestershire"],
              period="2024/25")
    county = row(f, "ascof_reablement_no_ongoing_need", "Leicestershire")
    assert county["period"] == "Apr-Nov 2024" and county["direction"] == ""
    assert "different length of time" in county["caveats"]


def test_skills_for_care_vintages_are_not_a_direction_but_a_stated_change_is_shown(data):
    f = frame(data, ["wf_posts_total"], ["Leicester"])
    city = row(f, "wf_posts_total", "Leicester")
    assert city["direction"] == "higher"
    assert city["direction_evidence"].startswith("the paper: 'increased by 750")


def _fixture(levels, stated=None):
    """Two periods of one measure for one council, and optionally a stated change."""
    ind, measures = build_fixture(levels, stated)
    return comparison_frame(ind, measures, ["ascof_feel_safe"], ["Leicestershire"], [],
                            registry=load_registry(now().papers_csv))


def build_fixture(levels, stated):
    measures = load_measures(now().measures_csv)
    rows = []
    for i, (period, start, end, value, *meeting) in enumerate(levels, start=1):
        rows.append({"figure_id": f"leicestershire-2025-01-20.p900{i}", "value": value,
                     "period": period, "period_start": pd.Timestamp(start),
                     "period_end": pd.Timestamp(end), "value_type": "actual", "raw": f"{value}%"}
                    | ({"meeting_date": pd.Timestamp(meeting[0])} if meeting else {}))
    if stated is not None:
        rows.append({"figure_id": "leicestershire-2025-01-20.p9009", "value": stated,
                     "period": f"{levels[0][0]} to {levels[-1][0]}",
                     "period_start": pd.Timestamp(levels[0][1]),
                     "period_end": pd.Timestamp(levels[-1][2]), "value_type": "change",
                     "raw": "an increase of 3 points"})
    common = {"paper_id": "leicestershire-2025-01-20", "council": "Leicestershire",
              "meeting_date": pd.Timestamp("2025-01-20"), "source_file": "002_x.txt",
              "source_line": 1, "locator": "x", "authority": "Leicestershire",
              "footprint": "council", "theme": "safeguarding", "measure_id": "ascof_feel_safe",
              "measure_label": "Service users who feel safe", "breakdown": "",
              "scope": "adult social care", "period_kind": "financial_year", "precision": 0.05,
              "unit": "percent", "lower": None, "upper": None, "numerator": None,
              "denominator": None, "qualifier": "", "flags": "", "note": ""}
    ind = pd.DataFrame([common | r for r in rows])
    ind["printed_value"] = ind["value"]
    ind["observation_id"] = ind["figure_id"]
    return ind, measures


def test_direction_of_travel_within_one_series():
    f = _fixture([("2022/23", "2022-04-01", "2023-03-31", 65.0),
                  ("2023/24", "2023-04-01", "2024-03-31", 72.2)])
    county = row(f, "ascof_feel_safe", "Leicestershire")
    assert county["direction"] == "improved"
    assert county["direction_evidence"] == "from 65.0% (2022/23) to 72.2% (2023/24)"


def test_a_stated_change_is_never_contradicted():
    f = _fixture([("2022/23", "2022-04-01", "2023-03-31", 72.0),
                  ("2023/24", "2023-04-01", "2024-03-31", 65.0)], stated=3.0)
    county = row(f, "ascof_feel_safe", "Leicestershire")
    assert county["direction"] == "improved"   # the paper says it rose; the levels say fell
    assert county["direction_evidence"].startswith("the paper:")
    assert "the paper's stated change is used" in county["caveats"]


def test_a_direction_from_the_papers_own_change_carries_no_caveat_saying_there_is_none(data):
    # 002:768: 736 waiting at the end of November, '21 fewer'; the figure before it (Sep 2024)
    # is of another length, so no direction is computed, but the paper's own change gives one
    county = row(frame(data, ["assessment_waiting_count"]), "assessment_waiting_count",
                 "Leicestershire")
    assert county["direction"] == "improved" and "21 fewer" in county["direction_evidence"]
    assert "no direction of travel" not in county["caveats"]


@pytest.mark.parametrize(("meetings", "direction"), [
    (("2019-12-01", "2020-01-15"), ""),          # the 2016/17 and 2023/24 frameworks
    (("2020-01-15", "2021-01-15"), "improved"),  # one framework
])
def test_no_direction_of_travel_across_the_framework_change_and_one_within_it(meetings,
                                                                             direction):
    f = _fixture([("2018/19", "2018-04-01", "2019-03-31", 65.0, meetings[0]),
                  ("2019/20", "2019-04-01", "2020-03-31", 72.2, meetings[1])])
    assert row(f, "ascof_feel_safe", "Leicestershire")["direction"] == direction


@pytest.mark.parametrize(("measure", "authority", "rating"), [
    ("wf_vacancy_rate", "Leicester", "better"),            # lower is better: 7.50% v 9.9%
    ("wf_turnover_rate", "Leicester", "better"),           # lower is better: 18.6% v 28.3%
    ("wf_turnover_rate", "Leicestershire", "worse"),       # 35.2% v 28.3%
    ("ascof_reablement_no_ongoing_need", "Leicestershire", "better"),  # higher: 89.6% v 79.4%
    ("ascof_feel_safe", "Leicestershire", "similar"),      # 72.2% v 71.1%: within the band
])
def test_real_ratings_follow_each_measures_polarity(data, measure, authority, rating):
    ind, catalogue = data
    f = comparison_frame(ind, catalogue, [measure], [authority], ["England"])
    assert row(f, measure, authority)["rating"] == rating


def test_a_benchmark_of_another_period_is_said_beside_the_rating(data):
    county = row(frame(data, ["annual_review_share"], ["Leicestershire"]), "annual_review_share",
                 "Leicestershire")
    assert (county["period"], county["benchmark_period"]) == ("31 Mar 2024", "2023/24")
    assert county["rating"] and county["rating_note"].startswith("benchmark is for 2023/24;")


def test_a_chosen_period_without_a_benchmark_says_so_rather_than_none_printed(data):
    f = frame(data, ["ascof_reablement_no_ongoing_need"], ["Leicestershire"], "2024/25")
    county = row(f, "ascof_reablement_no_ongoing_need", "Leicestershire")
    assert county["period"] == "Apr-Nov 2024" and county["rating"] == ""
    assert county["rating_note"] == "not rated: no benchmark is printed for the period chosen"


# ---------------------------------------------------------------- markers, messages, coverage
def test_the_papers_own_markers_are_read_and_lost_ones_said():
    assert paper_marker("progress: ▼") == ("worse", "▼")
    assert paper_marker("progress: none printed")[0] == "blank in the paper's dashboard"
    assert paper_marker("progress: none printed | progress: ▼") == ("worse", "▼")
    assert paper_marker("measure code: Local") == ("", "")


def test_a_dashboard_rows_marker_reaches_its_figure_past_a_target_for_the_year_ahead(data):
    # 004:1425 prints 'R ↓' beside 9.5 (Apr-Nov 2016); the row's target 5.0 is for 2016/17,
    # later than the figure, and must not take the marker from it
    county = row(frame(data, ["delayed_transfers_asc"]), "delayed_transfers_asc",
                 "Leicestershire")
    assert (county["display"], county["paper_marker"], county["paper_rag"]) == (
        "9.5", "↓ declining during the year (the paper's key)", "red")
    # 004:1414 prints 'G ↑' for 11.3% (Apr-Dec 2016): the 2015/16 figure and its rank on the
    # same row do not carry it
    old = frame(data, ["ascof_ld_employment"], period="2015/16")
    assert row(old, "ascof_ld_employment", "Leicestershire")["paper_marker"] == ""


def test_key_messages_flip_when_the_data_flips(data):
    ind, catalogue = data
    both = ind[ind["measure_id"] == "wf_turnover_rate"].copy()
    city = both[(both["authority"] == "Leicester") & (both["period"] == "2022/23")].iloc[0]
    twin = city.copy()
    twin["figure_id"] = twin["observation_id"] = "leicestershire-2025-01-20.p9990"
    twin["authority"], twin["paper_id"] = "Leicestershire", "leicestershire-2025-01-20"
    twin["value"], twin["printed_value"] = 30.0, 30.0
    like = pd.concat([ind, twin.to_frame().T.astype(ind.dtypes)], ignore_index=True)
    before = key_messages(comparison_frame(ind, catalogue, ["wf_turnover_rate"], COUNCILS,
                                           BENCHMARKS), COUNCILS)
    # 001:302 prints 18.6% with no year: its 2022/23 is the dataset's reading of the section,
    # which the comparison must say; printed with the figure, the pair is like for like
    inferred = comparison_frame(like, catalogue, ["wf_turnover_rate"], COUNCILS, BENCHMARKS)
    assert "the period is read from the report's text (the tool's reading)" in \
        inferred.iloc[0]["comparability_reason"]
    like["flags"] = like["flags"].str.replace("inferred period", "", regex=False)
    after = key_messages(comparison_frame(like, catalogue, ["wf_turnover_rate"], COUNCILS,
                                          BENCHMARKS), COUNCILS)
    assert before[0].startswith("This measure cannot be compared like for like")
    assert after[0].startswith("It can be compared like for like")
    assert "Leicester 18.6% (2022/23) is better than Leicestershire 30.0% (2022/23)" in after[0]


def test_a_council_printing_none_of_a_pages_measures_is_said_once_not_listed(data):
    """Leicester's three papers print no safeguarding figure: the key messages say so in one
    sentence, and say what a comparison needs, instead of listing every measure as 'cannot be
    compared'. Give Leicester one figure and the sentence goes."""
    ind, catalogue = data
    ids = ["ascof_feel_safe", "sg_alerts", "sg_enquiries"]
    said = key_messages(comparison_frame(ind, catalogue, ids, COUNCILS, BENCHMARKS), COUNCILS)
    assert ("Leicester's papers in this set print none of these 3 measures, so only "
            "Leicestershire's figures are shown") in " ".join(said)
    assert not any("Leicester's papers print no figure" in s for s in said)
    # the council that does print them is quoted, its figures with their periods and ratings
    shown = next(s for s in said if s.startswith("Leicestershire's figures: "))
    assert "(2023/24), similar to England 71.1% (2023/24)" in shown
    county = ind[(ind["measure_id"] == "sg_alerts") & (ind["authority"] == "Leicestershire")]
    twin = county.iloc[[0]].assign(figure_id="leicester-2025-06-26.p9990",
                                   observation_id="leicester-2025-06-26.p9990",
                                   authority="Leicester", paper_id="leicester-2025-06-26")
    some = pd.concat([ind, twin.astype(ind.dtypes)], ignore_index=True)
    said = " ".join(key_messages(comparison_frame(some, catalogue, ids, COUNCILS, BENCHMARKS),
                                 COUNCILS))
    assert "print none of" not in said
    assert "Leicester's papers print no figure for this measure" in said


def test_coverage_counts_current_own_adult_social_care_measures(data):
    ind, catalogue = data
    grid = coverage(ind, catalogue, COUNCILS, pd.Timestamp("2025-06-26")).set_index("theme")
    assert grid.loc["safeguarding", "Leicester: current"] == 0
    assert grid.loc["safeguarding", "Leicestershire: current"] > 5
    assert grid.loc["workforce", "Leicestershire: older only"] > grid.loc[
        "workforce", "Leicestershire: current"]
    assert not any("communities" in t for t in grid.index)  # libraries are not counted


def test_a_series_breaks_at_a_framework_change_and_a_part_year(data):
    ind, catalogue = data
    points = series(ind, catalogue, "ascof_reablement_no_ongoing_need", ["Leicestershire"])
    assert {"2016/17 framework", "2023/24 framework"} <= set(points["framework"])
    assert points.loc[points["period"] == "Apr-Nov 2024", "part_year"].all()
    assert points["segment"].nunique() >= 3


def test_key_messages_rank_gaps_in_points_and_show_each_councils_worst(data):
    from analysis.publish.appendix import BRIEFING

    ind, catalogue = data
    f = comparison_frame(ind, catalogue, BRIEFING, COUNCILS, BENCHMARKS)
    messages = key_messages(f, COUNCILS)
    gaps = next(m for m in messages if m.startswith("Largest gaps"))
    points = [float(x) for x in re.findall(r"\((\d+\.\d) points\)", gaps)]
    assert points == sorted(points, reverse=True) and len(points) == 3
    councils = f[(f["role"] == "council") & (f["block"] == "headline")]
    for council in councils.loc[councils["rating"] == "worse", "authority"].unique():
        assert any(f"{council}'s" in m and "worse" in m for m in messages), council


def test_a_forecast_the_paper_does_not_call_one_is_said_to_be_the_datasets_reading():
    from analysis.compare.frame import forecast_words
    said = forecast_words(pd.Series({"value_type": "forecast", "raw": "over 14,000"}))
    assert said.startswith("recorded as a forecast (the dataset's reading")
    assert forecast_words(pd.Series({"value_type": "forecast", "raw": "24/5 forecast 14,380"})
                          ) == "recorded as a forecast; "
    assert forecast_words(pd.Series({"value_type": "actual", "raw": "20,000"})) == ""


def test_the_main_caveat_is_of_a_measure_the_councils_are_compared_on(data):
    """The briefing compares the councils on vacancy and turnover rates; the county's part-year
    risk-reduced figure (Apr-Nov 2024, 002:961) is set beside no Leicester figure, so it is not
    what limits the comparison. On a page of one council's figures it still may be."""
    ind, catalogue = data
    ids = ["wf_vacancy_rate", "wf_turnover_rate", "safeguarding_risk_reduced_or_removed"]
    frame = comparison_frame(ind, catalogue, ids, COUNCILS, BENCHMARKS)
    said = " ".join(m for m in key_messages(frame, COUNCILS) if m.startswith("Main caveat"))
    assert "risk was reduced" not in said
    alone = comparison_frame(ind, catalogue, ids[2:], COUNCILS, BENCHMARKS)
    caveat = [m for m in key_messages(alone, COUNCILS) if m.startswith("Main caveat")]
    assert caveat and "covers part of a year (Apr-Nov 2024)" in caveat[0]
    assert "not like a full year's figure" in caveat[0]
