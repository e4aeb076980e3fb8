"""Curation coverage: every printed number is curated, skipped with a reason, or unaccounted."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest

from analysis.cli import main
from analysis.curate.curation import (
    check_skips,
    coverage_table,
    load_skips,
    printed_numbers,
    rule_counts,
)
from analysis.errors import DataError
from analysis.settings import ROOT
from analysis.sources.figure_files import figure_files, load_figures
from analysis.sources.papers import load_registry, paper_lines
from tests.conftest import needs_papers, now

LINES = ["112. ANNUAL REPORT 2023/24 COMPLAINTS",
         "- There had been 57 formal complaints, of which 19 were upheld.",
         "- Complaints were classified between levels 1-13 and 3 teams reviewed them."]


def test_each_printed_number_is_curated_listed_ruled_or_unaccounted():
    figures = pd.DataFrame({"line": ["2"], "raw": ["57 formal complaints"]})
    skips = pd.DataFrame({"line": ["3"], "raw": ["3 teams"], "reason": ["not a figure: staffing "
                                                                       "detail"]})
    numbers = printed_numbers(LINES, "p", figures, skips)
    got = numbers[["number", "status", "reason"]].values.tolist()
    assert got == [["112", "skipped by rule", "agenda numbering"],
                   ["2023", "skipped by rule", "year in a title"],
                   ["24", "skipped by rule", "year in a title"],
                   ["57", "curated", ""], ["19", "unaccounted", ""],
                   ["1", "skipped by rule", "reference to a numbered part"],
                   ["13", "skipped by rule", "reference to a numbered part"],
                   ["3", "skipped by list", "not a figure: staffing detail"]]
    table = coverage_table(numbers)
    assert table.loc["p"].tolist() == [8, 1, 5, 1, 1]


def test_a_skip_not_printed_on_its_line_is_an_error_naming_the_file_and_row(tmp_path):
    path = tmp_path / "skips.csv"
    path.write_text("paper_id,line,raw,reason\np,2,57 formal complaints,not a figure\n"
                    "p,3,99 teams,not a figure\n")
    skips = load_skips(path)
    with pytest.raises(DataError, match=r"skips.csv, row 3, column 'raw'.*'99 teams' is not "
                       "printed on line 3"):
        check_skips(skips, {"p": LINES}, path)


def test_a_skip_without_a_reason_is_refused(tmp_path):
    path = tmp_path / "skips.csv"
    path.write_text("paper_id,line,raw,reason\np,2,57,\n")
    with pytest.raises(DataError, match="reason"):
        load_skips(path)


@needs_papers
def test_the_committed_skips_are_printed_on_their_lines_with_reasons():
    skips = load_skips(now().skips_csv)
    registry = load_registry(now().papers_csv)
    check_skips(skips, {pid: paper_lines(pid, registry, now().paper_dirs())
                        for pid in registry["paper_id"]}, now().skips_csv)
    assert (skips["reason"].str.len() >= 3).all()


@pytest.fixture(scope="module")
def bundled_numbers() -> pd.DataFrame:
    registry = load_registry(now().papers_csv)
    figures = load_figures(figure_files(now().figures_dir))
    skips = load_skips(now().skips_csv)
    lines_of = {pid: paper_lines(pid, registry, now().paper_dirs()) for pid in registry["paper_id"]}
    check_skips(skips, lines_of, now().skips_csv)
    return pd.concat([printed_numbers(lines, pid, figures.loc[figures["paper_id"] == pid],
                                      skips.loc[skips["paper_id"] == pid])
                      for pid, lines in lines_of.items()], ignore_index=True)


@needs_papers
def test_every_bundled_paper_adds_up_and_has_no_unaccounted_number(bundled_numbers):
    """Issue 13: every printed number of every bundled paper is a curated figure or a skip with
    a reason (a rule or skips.csv); a new number left unaccounted fails here with its line."""
    table = coverage_table(bundled_numbers)
    assert (table["printed"] == table[["curated", "skipped_by_rule", "skipped_by_list",
                                       "unaccounted"]].sum(axis=1)).all()
    assert set(table.index) == set(load_registry(now().papers_csv)["paper_id"])
    open_numbers = bundled_numbers.loc[bundled_numbers["status"] == "unaccounted"]
    assert open_numbers.empty, "unaccounted numbers:\n" + "\n".join(
        f"{r.paper_id} line {r.line}: {r.number!r} ... {r.context} ..."
        for r in open_numbers.head(20).itertuples())
    assert (table["unaccounted"] == 0).all()
    assert (table["curated"] > 0).all()


@needs_papers
def test_every_curated_figure_counts_as_curated(bundled_numbers):
    figures = load_figures(figure_files(now().figures_dir))
    curated = bundled_numbers.loc[bundled_numbers["status"] == "curated"]
    curated_lines = set(zip(curated["paper_id"], curated["line"], strict=True))
    digits = figures.loc[figures["raw"].str.contains(r"\d")]
    missing = [f for f in digits.itertuples() if (f.paper_id, int(f.line)) not in curated_lines]
    assert not missing


@needs_papers
def test_rule_counts_name_every_reason(bundled_numbers):
    counts = rule_counts(bundled_numbers)
    assert counts["numbers"].sum() == bundled_numbers["status"].str.startswith("skipped").sum()
    assert {"date", "paragraph number", "agenda numbering", "page number", "phone number",
            "year in a title"} <= set(counts["reason"])


@needs_papers
def test_the_command_prints_the_table_and_passes_strict_on_the_bundled_data(tmp_path, capsys):
    out = tmp_path / "open.csv"
    assert main(["coverage", "--limit", "2", "--csv", str(out), "--strict"]) == 0
    text = capsys.readouterr().out
    assert "unaccounted" in text and "leicestershire-2025-01-20" in text
    listed = pd.read_csv(out)
    assert listed.empty and "status" in listed.columns
    assert now().skips_csv.exists()


@needs_papers
def test_strict_fails_and_lists_a_number_whose_skip_is_removed(raw_copy, tmp_path):
    """With one skip dropped from a copy of data/raw, its number is unaccounted again: --strict
    exits 1 and the list names its paper and line."""
    skips = raw_copy / "skips.csv"
    rows = skips.read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = next(r for r in rows if r.startswith("leicester-2025-06-26,226,"))
    skips.write_text("".join(r for r in rows if r is not dropped), encoding="utf-8")
    out = tmp_path / "open.csv"
    env = dict(os.environ, ASC_RAW_DIR=str(raw_copy))
    proc = subprocess.run([sys.executable, "-m", "analysis", "coverage", "--csv", str(out),
                           "--strict"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "--strict: 1 printed numbers unaccounted" in proc.stderr
    listed = pd.read_csv(out, dtype=str)
    assert listed[["paper_id", "line", "number"]].values.tolist() == [
        ["leicester-2025-06-26", "226", "10"]]
