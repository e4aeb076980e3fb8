"""The exploration API on the real data: find, figures, series, compare, source, plot."""

from __future__ import annotations

import pytest

from analysis import explore
from analysis.explore import ExploreError

from .conftest import needs_papers


def test_find_matches_labels_definitions_and_codes_in_any_case():
    found = explore.find("TURNOVER")
    assert found["measure_id"].iloc[0] == "wf_turnover_rate"
    assert "Leicester" in found["authorities"].iloc[0] and found["figures"].iloc[0] > 10
    assert "ascof_reablement_no_ongoing_need" in set(explore.find("2A")["measure_id"])
    assert explore.find("zzzz qqqq").empty


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
    fig, alt = explore.series("ascof_feel_safe", ["Leicestershire", "England"]).pipe(
        explore.plot_series)
    assert "Line chart" in alt and "72.2%" in alt


def test_compare_is_the_appendices_frame():
    frame = explore.compare(["wf_vacancy_rate"])
    assert {"comparability", "rating", "direction", "sources"} <= set(frame.columns)


@pytest.mark.parametrize("call", [lambda: explore.figures("turnover_rat"),
                                  lambda: explore.series("wf_turnovr_rate")])
def test_an_unknown_measure_is_a_clear_error_listing_close_matches(call):
    with pytest.raises(ExploreError, match="No measure .*Close matches: .*wf_turnover_rate"):
        call()


def test_an_unknown_authority_or_figure_is_a_clear_error():
    with pytest.raises(ExploreError, match="No figures for authority 'Atlantis'"):
        explore.figures(authority="Atlantis")
    with pytest.raises(ExploreError, match="No figure 'nope'"):
        explore.source("nope")


@needs_papers
def test_source_shows_the_lines_around_a_figure_with_the_figure_marked():
    text = explore.source("leicestershire-2025-01-20.p0127")
    head, *lines = text.splitlines()
    assert head.endswith("(figure at line 775)")
    marked = [line for line in lines if line.startswith(">>")]
    assert len(marked) == 1 and "[[89.9% (519 of the 582" in marked[0]
    assert "<mark>" in explore.source("leicestershire-2025-01-20.p0127", as_html=True)
