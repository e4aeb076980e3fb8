"""A figure in the minutes of an earlier meeting, printed in a later pack, was reported at the
meeting the minutes record (issue 25: 'reported 6 May 2025' was given to figures minuted on
13 March)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.dataset.build import build
from analysis.errors import DataError
from analysis.sources.minutes import load_minutes, minuted_ranges, reported_at
from analysis.sources.papers import load_registry
from analysis.sources.provenance import check_provenance

from .conftest import lines_of, needs_papers, now


@needs_papers
def test_every_pack_holding_minutes_registers_them():
    """Each registered set of minutes opens with its meeting's heading and lies inside a
    pack whose meeting is later; every pack whose text minutes a meeting is registered."""
    registry = load_registry(now().papers_csv)
    minutes = load_minutes(now().raw_dir / "minutes.csv", registry)
    assert len(minutes) == 4
    for row in minutes.itertuples():
        text = lines_of(row.paper_id)
        opening = " ".join(text[row.first_line - 1:row.date_line]).lower()
        assert "minutes of" in opening, row.paper_id
    for paper in registry.itertuples():
        text = lines_of(paper.paper_id)
        heads = [n for n, line in enumerate(text, 1) if line.lower().startswith("minutes of")]
        assert all(reported_at(minuted_ranges(minutes, paper.paper_id), n) for n in heads), \
            paper.paper_id


def test_an_undated_figure_in_the_minutes_is_reported_at_the_minuted_meeting(processed_with_audit):
    ind = pd.read_parquet(processed_with_audit / "indicators.parquet")
    pack = ind[ind["paper_id"] == "leicester-2025-05-06"]
    minuted = pack[pack["source_line"].between(145, 336) & (pack["period_kind"] == "undated")]
    later = pack[(pack["source_line"] > 336) & (pack["period_kind"] == "undated")]
    assert len(minuted) >= 5 and len(later) >= 5
    assert set(minuted["period"]) == {"undated (reported 13 Mar 2025)"}
    assert not later["period"].str.contains("13 Mar 2025").any()
    county = ind[(ind["paper_id"] == "leicestershire-2025-01-20")
                 & ind["source_line"].between(69, 200) & (ind["period_kind"] == "undated")]
    assert county["period"].str.endswith("(reported 4 Nov 2024)").all() and len(county) >= 3


def _edit_minutes(raw_dir, old: str, new: str):
    path = raw_dir / "minutes.csv"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return path


@needs_papers
def test_a_minuted_date_not_on_its_date_line_stops_the_build_naming_that_cell(raw_copy, tmp_path):
    path = _edit_minutes(raw_copy, "145,336,2025-03-13,148", "145,336,2025-03-12,148")
    problems = check_provenance(raw_copy, now().with_(raw_dir=raw_copy).paper_dirs()).problems
    assert [(p.path, p.row, p.column) for p in problems] == [(str(path), 4, "date_line")]
    with pytest.raises(DataError, match=r"minutes.csv, row 4, column 'date_line'"):
        build(now().with_(raw_dir=raw_copy, processed_dir=tmp_path / "processed"))
    assert not (tmp_path / "processed" / "indicators.parquet").exists()


def test_minutes_of_a_meeting_after_their_pack_are_refused(raw_copy):
    _edit_minutes(raw_copy, "145,336,2025-03-13,148", "145,336,2025-05-13,148")
    with pytest.raises(DataError, match=r"row 4, column 'meeting_date'.*the meeting the minutes"):
        load_minutes(raw_copy / "minutes.csv", load_registry(raw_copy / "papers.csv"))


def test_a_missing_minutes_register_is_an_error_naming_it(raw_copy, tmp_path):
    (raw_copy / "minutes.csv").unlink()
    with pytest.raises(DataError, match="minutes.csv"):
        build(now().with_(raw_dir=raw_copy, processed_dir=tmp_path / "processed"))
