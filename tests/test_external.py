"""Scoring the candidate finder on a held-out folder (bench/candidates.py --external DIR)."""

from __future__ import annotations

import csv

import pytest

from analysis.curate.candidates import find_candidates
from analysis.curate.external import ANSWER_COLUMNS, read_folder, score_folder, summary
from analysis.errors import DataError
from analysis.parse.authorities import Authorities

TEXT = ("Adult social care 2023/24\n"
        "In 2023/24, 62% of people were at home, up from 58% in 2022/23, against 60% in England.\n"
        "Waiting times fell by 12% to 19 days. Page 4 lists the two schemes.\n")
ANSWERS = [  # file, council, line, raw, value, unit, period, authority, value_type, measure
    ("a.txt", "Sheffield", 2, "62%", 62, "percent", "2023/24", "Sheffield", "actual", "m_home"),
    ("a.txt", "Sheffield", 2, "58%", 58, "percent", "2022/23", "Sheffield", "actual", "m_home"),
    ("a.txt", "Sheffield", 2, "60%", 60, "percent", "2023/24", "England", "benchmark", "m_home"),
    ("a.txt", "Sheffield", 3, "12%", 12, "percent", "2023/24", "Sheffield", "change", "new:x"),
    ("a.txt", "Sheffield", 3, "19 days", 19, "days", "2023/24", "Sheffield", "actual", "m_wait"),
]


def folder_with(tmp_path, answers=ANSWERS):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text(TEXT, encoding="utf-8")
    with open(tmp_path / "answers.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(ANSWER_COLUMNS)
        for file, council, line, raw, value, unit, period, who, vt, measure in answers:
            w.writerow([file, council, "metropolitan borough", "Yorkshire and The Humber",
                        "https://example.org", line, raw, value, unit, period, who, vt, measure,
                        ""])
    (tmp_path / "councils.csv").write_text(
        "council,kind,region,aliases\nSheffield,metropolitan borough,Yorkshire and The Humber,"
        "Sheffield City Council\n", encoding="utf-8")
    (tmp_path / "halves.csv").write_text("council,half\nSheffield,development\n",
                                         encoding="utf-8")
    return tmp_path


def test_every_answer_is_scored_on_the_candidate_that_overlaps_it(tmp_path):
    folder = read_folder(folder_with(tmp_path))
    authorities = Authorities.from_frames(folder.councils)

    def find(lines, paper_id, council):
        return find_candidates(lines, paper_id, council, authorities=authorities)[0]
    scores, proposals = score_folder(folder, find, {"m_home", "m_wait"}, authorities)
    assert scores["found"].all() and scores["value_right"].all()
    assert scores["period_right"].tolist() == [True, True, True, True, True]
    assert scores["authority_right"].all() and scores["value_type_right"].all()
    assert scores["measure_known"].tolist() == [True, True, True, False, True]
    assert set(proposals.loc[~proposals["is_figure"], "raw"]) == {"two"}  # 'Page 4' is skipped
    table = summary(scores, proposals).set_index(["half", "metric"])
    assert table.loc[("development", "value and unit"), "pct"] == 100.0
    assert table.loc[("development", "not figures, number words aside"), "pct"] == 0.0


def test_an_answer_naming_a_missing_text_or_line_is_refused_with_the_file(tmp_path):
    bad = [("b.txt", *ANSWERS[0][1:])]
    with pytest.raises(DataError, match="b.txt"):
        read_folder(folder_with(tmp_path, bad))


def test_an_answer_past_the_end_of_its_text_is_refused(tmp_path):
    bad = [(*ANSWERS[0][:2], 9, *ANSWERS[0][3:])]
    with pytest.raises(DataError, match="line 9 is past the end of a.txt"):
        read_folder(folder_with(tmp_path, bad))


def test_registering_councils_for_a_run_adds_them_without_writing_the_register():
    base = Authorities.of([{"council": "Leicester", "kind": "city", "region": "East Midlands",
                            "aliases": ""}])
    more = base.with_councils([{"council": "Sheffield", "kind": "metropolitan borough",
                                "region": "Yorkshire and The Humber", "aliases": ""}])
    assert more.council_names == ("Leicester", "Sheffield") and base.council_names == (
        "Leicester",)
    assert more.names_in("Sheffield")["regional"] == "Yorkshire and The Humber"
