"""Every raw figure's printed text is on its cited line of its cited paper, and the build checks
it whenever the papers are there."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import settings

from analysis.dataset.build import build
from analysis.errors import DataError
from analysis.settings import ROOT
from analysis.sources.provenance import check_provenance

from .conftest import hypothesis_profile, needs_papers, now, papers_verdict

NODE = "tests/test_provenance.py::test_every_raw_figure_is_printed_on_its_cited_line"


def _edit_first_prose_raw(raw_dir, old: str, new: str):
    """Change the printed text of the first prose figure containing ``old``; its file and row."""
    path = sorted((raw_dir / "figures").glob("*-prose.csv"))[0]
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    i = int(df.index[df["raw"].str.contains(old, regex=False)][0])
    df.loc[i, "raw"] = df.loc[i, "raw"].replace(old, new)
    df.to_csv(path, index=False, lineterminator="\n")
    return path, i + 2, df.loc[i, "figure_id"]


@needs_papers
def test_every_raw_figure_is_printed_on_its_cited_line():
    result = check_provenance(now().raw_dir, now().paper_dirs())
    assert [str(p) for p in result.problems] == [] and result.missing == []


@needs_papers
def test_a_figure_edited_off_its_line_is_found_with_its_file_and_row(raw_copy):
    path, row, figure_id = _edit_first_prose_raw(raw_copy, "18,500", "18,600")
    problems = check_provenance(raw_copy, now().with_(raw_dir=raw_copy).paper_dirs()).problems
    assert [(p.path, p.row, p.figure_id) for p in problems] == [(str(path), row, figure_id)]
    assert "'an estimated 18,600 organisations' is not on line" in problems[0].problem


@needs_papers
def test_the_build_stops_on_a_figure_not_on_its_cited_line(raw_copy, tmp_path):
    path, row, figure_id = _edit_first_prose_raw(raw_copy, "18,500", "18,600")
    with pytest.raises(DataError, match=rf"{path.name}, row {row}, column 'raw': figure "
                       rf"{figure_id}: .* is not on line .*Copy 'raw' exactly as printed"):
        build(now().with_(raw_dir=raw_copy, processed_dir=tmp_path / "processed"))
    assert not (tmp_path / "processed" / "indicators.parquet").exists()


@needs_papers
def test_the_build_says_it_checked_provenance():
    result = build(now().with_(processed_dir=now().processed_dir))
    assert result.provenance == ("Every figure's text as printed was checked to be on the line "
                                 "it cites, in all 5 papers.")


def test_the_build_says_clearly_when_the_papers_are_not_there(raw_copy, tmp_path, monkeypatch):
    monkeypatch.delenv("ASC_PAPERS_DIR", raising=False)
    registry = raw_copy / "papers.csv"
    registry.write_text(registry.read_text().replace(".txt", "-absent.txt"))
    result = build(now().with_(raw_dir=raw_copy, processed_dir=tmp_path / "processed"))
    assert result.provenance.startswith("Provenance NOT checked: no paper text found")
    assert result.papers_missing and not result.papers_checked


def test_ci_fails_rather_than_skips_when_the_papers_are_missing():
    assert papers_verdict(True, {"CI": "true"}) is None
    assert papers_verdict(False, {"CI": "true"})[0] == "fail"
    assert papers_verdict(False, {})[0] == "skip"


def test_a_papers_test_under_ci_without_the_papers_fails_in_a_real_run(raw_copy):
    registry = raw_copy / "papers.csv"
    registry.write_text(registry.read_text().replace(".txt", "-absent.txt"))
    env = {k: v for k, v in os.environ.items() if k != "ASC_PAPERS_DIR"}
    env |= {"ASC_RAW_DIR": str(raw_copy), "CI": "true"}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", NODE]
    ci = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                        timeout=120)
    assert ci.returncode == 1 and "CI is set but the source papers not found" in ci.stdout


def test_an_unmarked_test_reading_a_paper_skips_without_the_papers(monkeypatch):
    # three page tests called lines_of without @needs_papers and failed on a clone without
    # the papers: reading a paper is what needs them, so lines_of itself asks
    from . import conftest
    monkeypatch.setattr(conftest, "PAPERS_PRESENT", False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="source papers not found"):
        conftest.lines_of("leicestershire-2025-01-20")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set but the source papers"):
        conftest.lines_of("leicestershire-2025-01-20")


def test_hypothesis_runs_a_derandomised_profile_under_ci():
    assert hypothesis_profile({"CI": "1"}) == "ci" and hypothesis_profile({}) == "default"
    assert settings.get_profile("ci").derandomize


@needs_papers
def test_a_figure_cited_one_line_off_is_not_on_its_line(raw_copy):
    """Provenance reads the cited line only: a figure moved to the line after the one it is
    printed on (a drift of one, as a page break in the text used to cause) is found."""
    path = raw_copy / "figures" / "leicestershire-2025-01-20-prose.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    i = int(df.index[df["raw"] == "a 7.6% increase"][0])  # printed on line 795 only
    df.loc[i, "line"] = str(int(df.loc[i, "line"]) + 1)
    df.to_csv(path, index=False, lineterminator="\n")
    problems = check_provenance(raw_copy, now().with_(raw_dir=raw_copy).paper_dirs()).problems
    assert [(p.figure_id, p.row) for p in problems] == [(df.loc[i, "figure_id"], i + 2)]
    assert "is not on line 796" in problems[0].problem


@needs_papers
def test_a_quote_in_a_note_not_on_the_figures_line_stops_the_build_naming_the_note(
        raw_copy, tmp_path):
    """A 'compared:' or 'stated:' quote is the paper's words: one edited off its line is an
    error naming the figure's file, row and note cell, and nothing is written."""
    path = next(p for p in sorted((raw_copy / "figures").glob("*-prose.csv"))
                if "slightly lower than the national rate of 566" in p.read_text())
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    i = int(df.index[df["note"].str.contains("national rate of 566", regex=False)][0])
    df.loc[i, "note"] = df.loc[i, "note"].replace("national rate of 566", "national rate of 560")
    df.to_csv(path, index=False, lineterminator="\n")
    problems = check_provenance(raw_copy, now().with_(raw_dir=raw_copy).paper_dirs()).problems
    assert [(p.path, p.row, p.column) for p in problems] == [(str(path), i + 2, "note")]
    assert "national rate of 560" in problems[0].problem
    with pytest.raises(DataError, match=rf"{path.name}, row {i + 2}, column 'note'"):
        build(now().with_(raw_dir=raw_copy, processed_dir=tmp_path / "processed"))
    assert not (tmp_path / "processed" / "indicators.parquet").exists()
