"""The words quoted as evidence for a label (a row's period, a value type) are on the cited line.

Table specs cite "002:796 '14,910 hours of volunteering ...'"; curated rows cite "per line 782:
'By the end of November 2024 ...'". A quote with '...' is checked fragment by fragment.
"""

from __future__ import annotations

import re
import tomllib

import pytest

from analysis.parse.figures import normalise_text
from analysis.sources.figure_files import figure_files, load_figures
from analysis.sources.papers import load_registry

from .conftest import lines_of, needs_papers, now

TABLE_QUOTE = re.compile(r"(\d{3}):(\d+) '([^']+)'")
NOTE_QUOTE = re.compile(r"per line (\d+): '([^']+)'")


def fragments(quote: str) -> list[str]:
    return [f.strip(" .;,") for f in re.split(r"\.\.\.|…", quote) if f.strip(" .;,")]


def missing(line: str, quote: str) -> list[str]:
    """Fragments of ``quote`` not on ``line``, both read as a reader sees them (no markup)."""
    flat = normalise_text(line)
    return [f for f in fragments(quote) if normalise_text(f) not in flat]


def table_quotes() -> list[tuple[str, int, str]]:
    spec = tomllib.loads(now().tables_toml.read_text(encoding="utf-8"))
    registry = load_registry(now().papers_csv)
    prefix = {row.file_name[:3]: row.paper_id for row in registry.itertuples()}
    found = []
    for table in spec["table"]:
        for entry in table.get("labels", []):
            for file, line, quote in TABLE_QUOTE.findall(entry.get("evidence", "")):
                found.append((prefix[file], int(line), quote))
    return found


def note_quotes() -> list[tuple[str, int, str]]:
    figures = load_figures(figure_files(now().figures_dir))
    return [(row.paper_id, int(line), quote) for row in figures.itertuples()
            for line, quote in NOTE_QUOTE.findall(row.note)]


def test_quotes_are_found():
    assert len(table_quotes()) >= 15 and len(note_quotes()) >= 50
    assert missing("a 7.6% increase in total loans, including 801,413 e-loans, 153,096 more",
                   "7.6% increase in total loans ... 801,413 e-loans") == []
    assert missing("a 7.6% increase", "a 7.9% increase") == ["a 7.9% increase"]


@needs_papers
@pytest.mark.parametrize("source", ["tables.toml labels", "figure notes"])
def test_every_quoted_evidence_is_on_its_cited_line(source):
    quotes = table_quotes() if source == "tables.toml labels" else note_quotes()
    problems = []
    for paper_id, line, quote in quotes:
        lines = lines_of(paper_id)
        if not 1 <= line <= len(lines):
            problems.append(f"{paper_id}:{line} is not a line of the paper")
            continue
        absent = missing(lines[line - 1], quote)
        if absent:
            problems.append(f"{paper_id}:{line} does not print {absent[0]!r}")
    assert not problems, "\n".join(problems[:20])
