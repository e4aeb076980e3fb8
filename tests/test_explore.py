"""The exploration API on the real data: find, figures, series, compare, source, plot; its
arguments read as the notebooks' parameters are; one loader for it and the notebooks."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from analysis import explore
from analysis.atomic import live
from analysis.dataset.build import build
from analysis.explore import ExploreError
from analysis.publish.data import load_data, stale
from analysis.publish.notebook import load
from analysis.publish.params import ParameterError

from .conftest import needs_papers, now


def test_find_matches_labels_definitions_and_codes_in_any_case():
    found = explore.find("TURNOVER")
    assert found["measure_id"].iloc[0] == "wf_turnover_rate"
    assert "Leicester" in found["authorities"].iloc[0] and found["figures"].iloc[0] > 10
    assert "ascof_reablement_no_ongoing_need" in set(explore.find("2A")["measure_id"])
    with pytest.warns(UserWarning, match=r"No measure matches 'zzzz qqqq'.* the nearest are "
                      r"\w+ \("):
        assert explore.find("zzzz qqqq").empty


@pytest.mark.parametrize(("words", "measure"), [
    ("overspend", "budget_overspend"), ("delayed discharge", "delayed_discharges_nctr"),
    ("carers", "ascof_carers_included_consulted"), ("budget gap", "budget_funding_gap"),
    ("people waiting for assessment", "assessment_waiting_count"),
    ("section 42", "sg_enquiries"), ("use of reserves", "budget_reserves_use")])
def test_find_takes_a_policy_analysts_words(words, measure):
    found = explore.find(words)
    assert measure in set(found["measure_id"].head(5)), found["measure_id"].tolist()


def test_figures_lists_every_printing_with_a_readable_source_and_audit_findings():
    rows = explore.figures("wf_vacancy_rate", authority="Leicester")
    assert len(rows) > rows["observation_id"].nunique()  # the 6 May pack reprints 30 April
    assert rows["source"].str.match(r"Leicester Adult Social Care Scrutiny Commission, \d+ "
                                    r"\w{3} 2025, line \d+").all()
    seven = rows[rows["value"] == 7.1]
    # 7.1% against 950 of 15,450: the base the rate uses is not stated, so undecided
    assert seven["audit"].str.contains("inconclusive").all()
    assert explore.figures(theme="safeguarding", authority="Leicester").empty  # none printed


def test_series_has_one_point_per_period_and_marks_a_framework_break():
    points = explore.series("ascof_reablement_no_ongoing_need", ["Leicestershire"])
    assert not points.duplicated(["authority", "period"]).any()
    assert {"2016/17 framework", "2023/24 framework"} <= set(points["framework"])
    both = explore.series("wf_turnover_rate", ["Leicester", "Leicestershire"])
    assert set(both["authority"]) == {"Leicester", "Leicestershire"}


def test_series_merges_a_figure_printed_twice():
    printed = explore.figures("wf_vacancy_rate", authority="Leicester")
    points = explore.series("wf_vacancy_rate", ["Leicester"])
    assert len(points) == printed["observation_id"].nunique() < len(printed)


def test_plot_series_draws_with_alt_text():
    fig, alt, caption = explore.series("ascof_feel_safe", ["Leicestershire", "England"]).pipe(
        explore.plot_series)
    assert alt.startswith("Service users who feel safe, every period printed. Line chart")
    assert "72.2%" in alt
    # the caption cites every line the points come from, each paper once
    assert caption == ("Sources: Leicestershire Adults and Communities Overview and Scrutiny, "
                       "20 Jan 2025, lines 786, 960 and 1485.")


def test_compare_is_the_appendices_frame():
    frame = explore.compare(["wf_vacancy_rate"])
    assert {"comparability", "rating", "direction", "sources"} <= set(frame.columns)


@pytest.mark.parametrize("call", [lambda: explore.figures("turnover_rat"),
                                  lambda: explore.series("wf_turnovr_rate"),
                                  lambda: explore.compare(["wf_turnover"])])
def test_an_unknown_measure_is_a_clear_error_listing_close_matches(call):
    with pytest.raises(ParameterError, match="unknown measure id.*Close matches: "
                                             ".*wf_turnover_rate.*explore.find"):
        call()


def test_an_unknown_authority_or_figure_is_a_clear_error():
    with pytest.raises(ParameterError, match="'authority' has unknown value.*'Atlantis'"):
        explore.figures(authority="Atlantis")
    with pytest.raises(ExploreError, match="No figure 'nope'"):
        explore.source("nope")


# ---------------------------------------------------------------- arguments as the data spells them
def test_a_council_in_any_case_and_a_period_written_with_a_hyphen_find_the_figures():
    canonical = explore.figures("wf_turnover_rate", authority="Leicester", period="2023/24")
    assert len(canonical) == 4
    pd.testing.assert_frame_equal(
        explore.figures("wf_turnover_rate", authority="leicester", period="2023-24"), canonical)
    pd.testing.assert_frame_equal(explore.compare(["wf_vacancy_rate"], ["leicester "]),
                                  explore.compare(["wf_vacancy_rate"], ["Leicester"]))


@pytest.mark.parametrize(("call", "message"), [
    (lambda: explore.figures(authority="Leicstershire"),
     r"explore.figures: 'authority' has unknown value\(s\) 'Leicstershire'. Close matches: "
     r"'Leicstershire': Leicestershire"),
    (lambda: explore.compare(["wf_vacancy_rate"], ["Leicester", "Leicestr"]),
     r"compare: 'authorities' .*'Leicestr': Leicester"),
    (lambda: explore.compare(["wf_vacancy_rate"], benchmarks=["england", "Wales"]),
     r"'benchmarks' has unknown value\(s\) 'Wales'"),
    (lambda: explore.compare(["wf_vacancy_rate"], period="last year"),
     r"'last year' is not a period"),
    (lambda: explore.series("wf_turnover_rate", ["Leicester", "Engand"]),
     r"'Engand': England"),
    (lambda: explore.figures(theme="work force"), r"Close matches: 'work force': workforce"),
])
def test_a_misspelt_argument_is_an_error_naming_the_close_matches(call, message):
    with pytest.raises(ParameterError, match=message):
        call()


def test_an_authority_the_papers_print_nothing_for_is_empty_not_an_error():
    assert explore.series("wf_turnover_rate", ["Peer group"]).empty
    assert explore.figures(authority="Rutland", theme="workforce").empty


# ---------------------------------------------------------------- one loader
def test_exploration_and_the_notebooks_read_the_same_loaded_data():
    assert explore.load() is load("10_workforce").data


def test_one_rule_rebuilds_a_processed_set_older_than_the_raw_data(raw_copy, tmp_path):
    settings = now().with_(raw_dir=raw_copy, processed_dir=tmp_path / "processed")
    build(settings)  # without its audit, as `make data` builds it
    assert not stale(settings.processed_dir, raw_copy)
    first = load_data(settings)
    assert not (live(settings.processed_dir) / "audit.csv").exists()
    assert len(first.audit) > 100  # audited in memory instead
    assert load_data(settings) is first  # one version of the set is read once
    built = (live(settings.processed_dir) / "indicators.parquet").stat().st_mtime
    os.utime(raw_copy / "corrections.csv", (built + 0.5, built + 0.5))  # edited after the build
    assert stale(settings.processed_dir, raw_copy)
    again = load_data(settings)
    assert again is not first and not stale(settings.processed_dir, raw_copy)
    assert (live(settings.processed_dir) / "audit.csv").exists()  # rebuilt with its audit
    assert list(again.audit["finding"]) == list(first.audit["finding"])
    assert list(again.audit["verdict"]) == list(first.audit["verdict"])


@needs_papers
def test_source_shows_the_lines_around_a_figure_with_the_figure_marked():
    text = explore.source("leicestershire-2025-01-20.p0127")
    head, *lines = text.splitlines()
    assert head.endswith("(figure at line 775)")
    marked = [line for line in lines if line.startswith(">>")]
    assert len(marked) == 1 and "[[89.9% (519 of the 582" in marked[0]
    assert "<mark>" in explore.source("leicestershire-2025-01-20.p0127", as_html=True)
