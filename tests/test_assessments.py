"""The CQC assessment register: each step's words on its cited line, refused when malformed,
and the briefing's sentences computed from it, not typed."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis.errors import DataError
from analysis.publish.appendix import assessment_messages, assessment_table
from analysis.publish.notebook import load
from analysis.sources.assessments import load_assessments
from analysis.sources.papers import load_registry
from analysis.sources.provenance import check_provenance

from .conftest import lines_of, needs_papers, now

COUNCILS = ["Leicester", "Leicestershire"]


@pytest.fixture(scope="module")
def data():
    return load("00_briefing").data


def _edit(raw_dir, old: str, new: str):
    path = raw_dir / "assessments.csv"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return path


@needs_papers
def test_both_site_visits_are_where_the_papers_print_them(data):
    """Back-test: 000:192 (the minutes of 13 Mar 2025) and 002:1025 print the two visits."""
    visits = data.assessments[data.assessments["stage"] == "site visit"].set_index("council")
    assert visits.loc["Leicester", ["when", "status"]].tolist() == ["Feb 2025", "done"]
    assert visits.loc["Leicestershire", ["when", "status"]].tolist() == [
        "week of 24 Feb 2025", "planned"]
    for council, row in visits.iterrows():
        assert row["raw"] in lines_of(row["paper_id"])[int(row["line"]) - 1], council
    assert "13th March" in lines_of("leicester-2025-05-06")[89 - 1]


@needs_papers
def test_a_step_edited_off_its_line_or_its_date_is_found_with_its_row(raw_copy):
    _edit(raw_copy, "had a visit from the CQC in February 2025",
          "had a visit from the CQC in January 2025")
    path = _edit(raw_copy, "2025-05-06,88,", "2025-05-07,88,")  # the first of three such rows
    problems = check_provenance(raw_copy, now().with_(raw_dir=raw_copy).paper_dirs()).problems
    found = sorted((p.row, p.figure_id, p.problem[:40]) for p in problems)
    assert [(row, what) for row, what, _ in found] == [
        (7, "CQC step 'site visit'"), (9, "CQC step 'draft report'")]
    assert all(p.path == str(path) for p in problems)
    assert "'7 May' is not on line 88" in " ".join(p.problem for p in problems)


@pytest.mark.parametrize(("old", "new", "column", "says"), [
    ("Leicester,site visit,done", "Leicester,site visited,done", "stage", "site visited"),
    ("Leicester,site visit,done", "Leicester,site visit,finished", "status", "finished"),
    (",2025-03-13,89,leicester-2025-05-06,192", ",13 Mar 2025,89,leicester-2025-05-06,192",
     "as_at", "13 Mar 2025"),
    (",2025-03-13,89,leicester-2025-05-06,192", ",2025-03-13,89,leicestershire-2025-01-20,192",
     "council", "is Leicestershire's paper, not Leicester's"),
])
def test_a_malformed_step_is_refused_naming_its_row_and_column(raw_copy, old, new, column, says):
    path = _edit(raw_copy, old, new)
    with pytest.raises(DataError, match=says) as error:
        load_assessments(path, load_registry(raw_copy / "papers.csv"))
    assert error.value.column == column and error.value.row == 7


def test_the_sentences_follow_the_register_not_typed_text(data):
    said = assessment_messages(data, COUNCILS)
    assert said[0].startswith("Leicester's CQC site visit: Feb 2025 (done, as at 13 Mar 2025).")
    assert "publication: awaited (summer 2025)" in said[0]
    assert said[-1].startswith("No paper in the set prints a CQC rating for either council")
    rated = data.assessments.iloc[[0]].assign(
        stage="rating", status="done", when="Good", as_at=pd.Timestamp("2025-09-01"))
    later = dataclasses.replace(data, assessments=pd.concat([data.assessments, rated]))
    said = assessment_messages(later, COUNCILS)
    assert not any("No paper in the set prints a CQC rating" in s for s in said)
    assert "as at 1 Sep 2025: rating: done (Good)" in said[0]
    nothing = dataclasses.replace(data, assessments=data.assessments.iloc[0:0])
    assert assessment_table(nothing, COUNCILS) is None
    assert assessment_messages(nothing, ["Leicester"]) == [
        "Leicester's papers in this set report nothing on its CQC assessment."]


def test_the_briefing_shows_every_step_with_its_line(data):
    table = assessment_table(data, COUNCILS)
    assert len(table.data) == len(data.assessments)
    assert table.data["locations"].str.fullmatch(r"[a-z0-9-]+:\d+").all()
    assert set(table.data["council"]) == set(COUNCILS)


def test_a_council_with_no_later_paper_is_said_not_to_be_followed_up(data):
    """Leicestershire's newest paper (20 Jan 2025) plans a site visit for 24 Feb 2025; the set
    runs to 26 Jun 2025 but holds no later Leicestershire paper, and the page says so."""
    said = assessment_messages(data, COUNCILS)
    county = next(s for s in said if s.startswith("Leicestershire's"))
    assert "No later paper of Leicestershire's is in the set" in county
    city = next(s for s in said if s.startswith("Leicester's"))
    assert "No later paper" not in city


@needs_papers
def test_the_build_stops_on_a_wrong_as_at_date_naming_that_cell(raw_copy, tmp_path):
    from analysis.dataset.build import build
    path = _edit(raw_copy, "2025-03-13,89,leicester-2025-05-06,192,Leicester City",
                 "2025-03-14,89,leicester-2025-05-06,192,Leicester City")
    with pytest.raises(DataError, match=r"CQC step 'site visit': '14 March' is not on line 89"
                       r".*as_at_line") as error:
        build(now().with_(raw_dir=raw_copy, processed_dir=tmp_path / "processed"))
    assert error.value.column == "as_at_line" and error.value.row == 7
    assert str(path) in str(error.value)
    assert not (tmp_path / "processed" / "indicators.parquet").exists()


def test_a_missing_register_is_an_error_naming_it_not_no_steps(raw_copy):
    (raw_copy / "assessments.csv").unlink()
    with pytest.raises(DataError, match="assessments.csv"):
        load_assessments(raw_copy / "assessments.csv")
