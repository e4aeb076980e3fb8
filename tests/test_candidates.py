"""The candidate finder and the `candidates` command, on real paper lines and bad input."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.cli import main
from analysis.curate.candidates import DRAFT_COLUMNS, find_candidates
from analysis.dataset.catalogue import load_measures
from analysis.settings import ROOT
from analysis.sources.figure_files import FIGURE_COLUMNS, figure_files, load_figures
from tests.conftest import lines_of, needs_papers, now

MEASURES = load_measures(now().measures_csv)


def drafts_of(*lines: str, council: str = "Leicestershire") -> pd.DataFrame:
    return find_candidates(list(lines), "leicestershire-2025-01-20", council, MEASURES)[0]


def test_the_draft_is_in_the_prose_figure_format_with_review_columns_after_it():
    assert DRAFT_COLUMNS[: len(FIGURE_COLUMNS)] == FIGURE_COLUMNS
    for column in ("decision", "context", "proposed_value", "proposed_unit", "proposed_qualifier",
                   "numerator", "denominator", "lower", "upper", "unreadable", "proposed_period",
                   "proposed_authority", "proposed_value_type", "proposed_measure_1",
                   "measure_score_1", "proposed_measure_3"):
        assert column in DRAFT_COLUMNS


def test_a_percentage_with_its_counts_is_read_with_numerator_denominator_and_period():
    line = ("9. During 2023/24, the proportion in Leicestershire was 85.3% (1,206 out of 1,414), "
            "slightly higher than in 2022/23")
    row = drafts_of(line).iloc[0]
    assert (row.raw, row.proposed_value, row.proposed_unit) == ("85.3% (1,206 out of 1,414)",
                                                                85.3, "percent")
    assert (row.numerator, row.denominator) == (1206.0, 1414.0)
    assert (row.proposed_period, row.proposed_period_source) == ("2023/24", "printed")
    assert row.proposed_authority == "Leicestershire" and row.decision == ""


def test_cue_words_propose_the_authority_and_a_benchmark():
    line = ("Turnover was 29.1%, compared with 32.4% in East Midlands and 28.3% across "
            "England.")
    got = drafts_of(line, council="Leicester")[["raw", "proposed_authority",
                                                "proposed_value_type"]].values.tolist()
    assert got == [["29.1%", "Leicester", "actual"], ["32.4%", "East Midlands", "benchmark"],
                   ["28.3%", "England", "benchmark"]]


def test_lcc_means_the_papers_own_council():
    line = "LCC had 714 admissions per 100,000 population"
    assert drafts_of(line, council="Leicestershire").iloc[0].proposed_authority == \
        "Leicestershire"
    assert drafts_of(line, council="Leicester").iloc[0].proposed_authority == "Leicester"


def test_a_change_is_signed_by_its_words_and_paired_figures_get_a_row_each():
    line = "filled posts decreased by 400 (-3%) between 2021/22 and 2022/23"
    got = drafts_of(line)[["raw", "unit_hint", "proposed_value", "proposed_unit",
                           "proposed_value_type"]].values.tolist()
    assert got == [["decreased by 400 (-3%)", "count", -400.0, "count", "change"],
                   ["decreased by 400 (-3%)", "%", -3.0, "percent_change", "change"]]


def test_targets_and_unreadable_figures_are_proposed_with_reasons():
    rows = drafts_of("the call abandonment rate target of 20% was met; National averages for "
                     "conversion rates were in the high 30s%")
    assert rows.iloc[0].proposed_value_type == "target"
    assert "loosely" in rows.iloc[1].unreadable and rows.iloc[1].proposed_value == ""


def test_table_cells_take_the_unit_and_period_of_their_column_header():
    lines = ["\t2025/26 £'000\t2026/27 £'000", "Original prior year budget\t228,677\t233,703",
             "Less proposed savings (Appendix C)\t(3,390)\t(2,370)"]
    got = drafts_of(*lines)[["raw", "proposed_value", "proposed_unit", "proposed_period",
                             "proposed_value_type"]].values.tolist()
    assert got == [["228,677", 228677000.0, "gbp", "2025/26", "budget"],
                   ["233,703", 233703000.0, "gbp", "2026/27", "budget"],
                   ["(3,390)", -3390000.0, "gbp", "2025/26", "budget"],
                   ["(2,370)", -2370000.0, "gbp", "2026/27", "budget"]]


def test_measures_are_suggested_three_at_a_time_best_first():
    row = drafts_of("The vacancy rate for adult social care was 9.9% in 2023/24").iloc[0]
    suggested = [row.proposed_measure_1, row.proposed_measure_2, row.proposed_measure_3]
    assert "wf_vacancy_rate" in suggested
    assert row.measure_score_1 >= row.measure_score_2 >= row.measure_score_3
    assert row.measure_id == row.proposed_measure_1 and row.proposed_theme == "workforce"


LINES = st.lists(st.sampled_from(
    ["85.3% (1,206 out of 1,414)", " in 2023/24", " a quarter", " £5.9m", "\t(3,390)", " two ",
     " decreased by 400 (-3%)", " England", " target of 20%", " 6 May 2025", " 1-1.5%", "x",
     " from 19 to 6 minutes", "\t", "Page 4", " 0116 454 4151", "12"]), max_size=12).map("".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=4))
def test_every_candidate_raw_is_printed_on_its_line_at_its_position(lines):
    drafts, non_figures = find_candidates(lines, "x", "Leicester")
    for row in drafts.itertuples():
        line = lines[row.line - 1]
        assert line[row.position: row.position + len(row.raw)] == row.raw
    for row in non_figures.itertuples():
        assert row.raw in lines[row.line - 1]


@needs_papers
def test_curated_figures_are_not_offered_again():
    paper_id = "leicester-2025-06-26"
    lines = lines_of(paper_id)
    figures = load_figures(figure_files(now().figures_dir))
    mine = figures.loc[figures["paper_id"] == paper_id]
    fresh, _ = find_candidates(lines, paper_id, "Leicester", MEASURES)
    left, _ = find_candidates(lines, paper_id, "Leicester", MEASURES, mine)
    assert len(left) < len(fresh)
    for fig in mine.itertuples():
        line = lines[int(fig.line) - 1]
        start = line.find(fig.raw)
        on_line = left.loc[left["line"] == int(fig.line)]
        assert not any(p < start + len(fig.raw) and start < p + len(r)
                       for p, r in zip(on_line["position"], on_line["raw"], strict=True))
    assert left["figure_id"].iloc[0] == f"{paper_id}.p{len(mine) + 1:04d}"


# ---------------------------------------------------------------- the command and bad input

def run(args: list[str], capsys) -> tuple[int, str]:
    code = main(["candidates", "--quiet", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("content, says", [
    (b"%PDF-1.4\x00\x01\x02 binary", "is not a text file"),
    ("Spend was \xa35.9m in 2024/25".encode("cp1252"), "is not UTF-8 text"),
    (b"  \n\n", "is empty"),
])
def test_a_file_that_is_not_usable_text_is_refused_naming_it_and_nothing_is_written(
        tmp_path, capsys, content, says):
    paper = tmp_path / "new-pack.txt"
    paper.write_bytes(content)
    out = tmp_path / "out" / "draft.csv"
    code, text = run(["--file", str(paper), "--council", "Leicester", "--out", str(out)], capsys)
    assert code == 2 and says in text and str(paper) in text
    assert not out.parent.exists()


def test_an_unregistered_paper_without_a_file_is_refused_saying_what_to_do(tmp_path, capsys):
    out = tmp_path / "draft.csv"
    code, text = run(["leicester-2031-01-01", "--out", str(out)], capsys)
    assert code == 2 and "leicester-2031-01-01" in text and "--file" in text
    assert not out.exists()


def test_a_draft_is_never_written_into_data_raw(tmp_path, capsys):
    paper = tmp_path / "pack.txt"
    paper.write_text("Leicester City Council\nThere were 57 formal complaints.\n")
    inside = now().raw_dir / "draft.csv"
    code, text = run(["--file", str(paper), "--out", str(inside)], capsys)
    assert code == 2 and "nothing is written there" in text
    assert not (now().raw_dir / "draft.csv").exists()


def test_an_unregistered_file_is_drafted_with_its_non_figures_beside_it(tmp_path, capsys):
    paper = tmp_path / "New Pack.txt"
    paper.write_text("Leicester City Council\nDATE: 6 MAY 2025\nThere were 57 formal "
                     "complaints, of which 19 were upheld.\n", encoding="utf-8")
    out = tmp_path / "draft.csv"
    code, text = run(["--file", str(paper), "--out", str(out)], capsys)
    assert code == 0 and "2 candidate rows" in text
    draft = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert draft["raw"].tolist() == ["57", "19"]
    assert set(draft["paper_id"]) == {"new-pack"} and set(draft["authority"]) == {"Leicester"}
    skipped = pd.read_csv(tmp_path / "draft-non-figures.csv", dtype=str)
    assert set(skipped["reason"]) == {"date"}


@needs_papers
def test_the_command_honours_asc_raw_dir(raw_copy, tmp_path):
    """With the paper's prose figures removed from a copy of data/raw, every prose figure comes
    back as a candidate."""
    (raw_copy / "figures" / "leicester-2025-06-26-prose.csv").unlink()
    out = tmp_path / "draft.csv"
    env = dict(os.environ, ASC_RAW_DIR=str(raw_copy))
    proc = subprocess.run([sys.executable, "-m", "analysis", "candidates", "leicester-2025-06-26",
                           "--quiet", "--out", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    draft = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert draft["figure_id"].iloc[0] == "leicester-2025-06-26.p0001"
    prose = pd.read_csv(now().figures_dir / "leicester-2025-06-26-prose.csv",
                        dtype=str)
    lines = set(draft["line"].astype(int))
    assert set(prose["line"].astype(int)) <= lines


LINE_SHAPES = {  # lines of many figures, as a table flattened onto one line prints them
    "one list of percentages": lambda n: "Rates were " + ", ".join(
        f"{i % 97 + 1}%" for i in range(n)) + ".",
    "many sentences with periods, targets and benchmarks": lambda n: " ".join(
        f"In 20{10 + i % 15}/{11 + i % 15} it was {i % 90}%, a target of 5% against 4% in "
        "England." for i in range(n)),
    "one sentence of figures, years and comparisons": lambda n: ", ".join(
        f"{i % 90}% in {2000 + i % 25}/{1 + i % 25:02d} compared to the target"
        for i in range(n)),
}


@pytest.mark.parametrize("shape", list(LINE_SHAPES))
def test_a_line_of_many_figures_is_read_in_linear_work(shape):
    """Each figure's cue words, periods, competing numbers and non-figure rules are read from
    a window around it or looked up by position, never from the whole line (the red team's
    4,000 figures on one line took 265 s): four times the figures take about four times the
    work, not sixteen. The work is counted (lines of Python run, under sys.settrace), not
    timed, so a busy machine cannot fail it; the time is in bench/candidates.py."""
    import sys

    def work(n):
        line, steps = LINE_SHAPES[shape](n), 0

        def count(frame, event, arg):
            nonlocal steps
            steps += event == "line"
            return count
        sys.settrace(count)
        try:
            find_candidates(["Reablement 2023/24", line], "leicester-x", "Leicester")
        finally:
            sys.settrace(None)
        return steps
    small, large = work(100), work(400)
    assert large < 6 * small, (small, large)


# ---------------------------------------------------------------- whose paper it is

@pytest.mark.parametrize(("given", "council"), [
    ("Leicester", "Leicester"), ("leicester", "Leicester"),
    ("LEICESTERSHIRE COUNTY COUNCIL", "Leicestershire"), ("Rutland County Council", "Rutland"),
])
def test_council_names_a_registered_council_in_any_case_or_by_an_alias(tmp_path, capsys, given,
                                                                         council):
    paper = tmp_path / "pack.txt"
    paper.write_text("There were 57 formal complaints.\n", encoding="utf-8")
    out = tmp_path / "draft.csv"
    code, text = run(["--file", str(paper), "--council", given, "--out", str(out)], capsys)
    assert code == 0, text
    assert set(pd.read_csv(out, dtype=str)["authority"]) == {council}


@pytest.mark.parametrize(("given", "says"), [
    ("Narnia", "no registered council is called 'Narnia'"),
    ("Leics", "close: Leicester, Leicestershire"),
    ("LCC", "names more than one registered council"),
])
def test_an_unregistered_council_is_refused_with_close_matches_and_how_to_register_it(
        tmp_path, capsys, given, says):
    paper = tmp_path / "pack.txt"
    paper.write_text("There were 57 formal complaints.\n", encoding="utf-8")
    out = tmp_path / "draft.csv"
    code, text = run(["--file", str(paper), "--council", given, "--out", str(out)], capsys)
    assert code == 2 and says in text and "councils.csv" in text
    assert not out.exists()


def test_an_unregistered_file_naming_no_registered_council_is_refused(tmp_path, capsys):
    paper = tmp_path / "pack.txt"
    paper.write_text("Narnia Council\nThere were 57 formal complaints.\n", encoding="utf-8")
    out = tmp_path / "draft.csv"
    code, text = run(["--file", str(paper), "--out", str(out)], capsys)
    assert code == 2 and "--council" in text and "councils.csv" in text
    assert not out.exists()


def test_an_unregistered_file_is_guessed_only_among_registered_names_and_aliases():
    from analysis.curate.drafting import guess_council
    from tests.test_reading import AUTHORITIES
    assert guess_council(["Devon County Council", "Adults Committee"], AUTHORITIES) == "Devon"
    assert guess_council(["Sheffield City Council", "Sheffield and Barnsley"], AUTHORITIES) \
        == "Sheffield"
    assert guess_council(["Narnia Council", "the council"], AUTHORITIES) is None
    assert guess_council(["Devon and Sheffield"], AUTHORITIES) is None  # a tie is no guess
