"""A paper's lines are counted as an editor counts them, by every part that cites a line."""

from __future__ import annotations

import subprocess

import pandas as pd

from analysis.cli import main
from analysis.publish.viewer import anchors, paper_page
from analysis.sources.papers import read_paper_text

# What pdftotext prints: a form feed where each page ends, before the next page's first line.
PAGES = ("Leicester City Council\nAdult social care\n\f2. Performance\nThere were 57 formal "
         "complaints.\n\f3. Workforce\r\nTurnover was 21.6% in 2023/24.\n")


def grep_line(path, text: str) -> int:
    out = subprocess.run(["grep", "-n", text, str(path)], capture_output=True, text=True,
                         check=True).stdout
    return int(out.split(":", 1)[0])


def test_form_feeds_are_page_breaks_not_lines(tmp_path):
    paper = tmp_path / "pack.txt"
    paper.write_text(PAGES, encoding="utf-8", newline="")
    lines = read_paper_text(paper)
    assert len(lines) == 6 and lines[2] == "2. Performance" and "\r" not in lines[4]
    for text in ("57 formal", "21.6%"):
        at = grep_line(paper, text)
        assert text in lines[at - 1]


def test_the_viewer_and_candidates_cite_the_line_grep_finds(tmp_path, capsys):
    paper = tmp_path / "pack.txt"
    paper.write_text(PAGES, encoding="utf-8", newline="")
    page = paper_page("p", read_paper_text(paper), "Leicester", "Pack")
    assert max(anchors(page)) == 6
    out = tmp_path / "draft.csv"
    assert main(["candidates", "--file", str(paper), "--council", "Leicester", "--quiet",
                 "--out", str(out)]) == 0
    draft = pd.read_csv(out, dtype=str)
    lines = dict(zip(draft["raw"], draft["line"].astype(int), strict=True))
    assert lines["57"] == grep_line(paper, "57 formal")
    assert lines["21.6%"] == grep_line(paper, "21.6%")
