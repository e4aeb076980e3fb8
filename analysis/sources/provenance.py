"""Every raw figure's printed text must appear on its cited line of its cited paper, and so
must the paper's words its note quotes (a stated direction or comparison) and every CQC
assessment step's words (and its 'as at' date, where a line gives it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import PaperError
from ..tables_io import ROW_COLUMN, SOURCE_PATH
from .assessments import as_at_words, load_assessments
from .figure_files import figure_files, load_figures
from .minutes import load_minutes
from .papers import find_paper, load_registry, paper_text_lines, sha256_of
from .quotes import quoted_words


@dataclass(frozen=True)
class Misplaced:
    """A figure (or CQC step) whose text is not where its row says it is printed."""
    path: str
    row: int
    figure_id: str  # the figure's id, or "CQC step 'site visit'"
    problem: str
    column: str = "raw"  # the cell to correct: the words, or a step's as_at_line
    fix: str = "Copy 'raw' exactly as printed on the cited line, or correct 'line'"

    def __str__(self) -> str:
        return f"{Path(self.path).name}, row {self.row}: {self.figure_id}: {self.problem}"


@dataclass(frozen=True)
class Provenance:
    problems: list[Misplaced] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)   # paper ids whose figures were checked
    missing: list[str] = field(default_factory=list)   # paper ids whose text was not found
    looked: list[Path] = field(default_factory=list)   # the folders searched for the papers

    def summary(self) -> str:
        if not self.checked:
            return ("Provenance NOT checked: no paper text found (looked in "
                    f"{', '.join(map(str, self.looked))}).")
        n = len(self.checked)
        text = (f"Every figure's text as printed was checked to be on the line it cites, in "
                f"{'the one paper' if n == 1 else f'all {n} papers'}")
        if self.missing:
            text += (f"; NOT checked for {len(self.missing)} whose text was not found: "
                     f"{', '.join(self.missing)}")
        return text + "."


def verified_paper(paper, dirs: list[Path], registry_path: Path) -> tuple[Path, str] | None:
    """The registered paper's file and sha256, or None when it cannot be found; a file whose
    text changed since it was registered is a PaperError saying what to do."""
    try:
        path = find_paper(paper.file_name, dirs)
    except PaperError:
        return None
    actual = sha256_of(path)
    if actual != paper.sha256:
        raise PaperError(
            f"{path} has sha256 {actual}, but {registry_path} registers {paper.sha256} for "
            f"'{paper.paper_id}'. The paper text changed since its figures were curated: "
            "restore the original, or re-curate its figures and update the registry's sha256.")
    return path, actual


def check_provenance(raw_dir: Path, dirs: list[Path], *, figures: pd.DataFrame | None = None,
                     registry: pd.DataFrame | None = None) -> Provenance:
    """Check the figures of every paper whose text can be found (a changed paper is a
    PaperError); the papers that cannot be found are listed, not guessed at."""
    raw_dir = Path(raw_dir)
    registry = load_registry(raw_dir / "papers.csv") if registry is None else registry
    figures = load_figures(figure_files(raw_dir / "figures")) if figures is None else figures
    steps = load_assessments(raw_dir / "assessments.csv", registry)
    minutes = load_minutes(raw_dir / "minutes.csv", registry)
    problems, checked, missing = [], [], []
    for paper in registry.itertuples():
        found = verified_paper(paper, dirs, raw_dir / "papers.csv")
        if found is None:
            missing.append(paper.paper_id)
            continue
        path, actual = found
        lines = paper_text_lines(path, actual)
        checked.append(paper.paper_id)
        for record in figures[figures["paper_id"] == paper.paper_id].to_dict("records"):
            n = int(record["line"])
            where = (str(record.get(SOURCE_PATH, raw_dir / "figures")),
                     int(record.get(ROW_COLUMN, 0)), record["figure_id"])
            if n > len(lines):
                problems.append(Misplaced(*where, f"line {n} is past the end of "
                                          f"{paper.file_name} ({len(lines)} lines)"))
            elif record["raw"] not in lines[n - 1]:
                problems.append(Misplaced(*where, f"{record['raw']!r} is not on line {n} of "
                                          f"{paper.file_name}"))
            else:
                problems += [Misplaced(*where, f"the note quotes {quote!r}, which is not on "
                                       f"line {n} of {paper.file_name}", column="note",
                                       fix="Quote in 'note' the paper's words exactly as "
                                           "printed on the figure's line")
                             for quote in quoted_words(record["note"])
                             if quote not in lines[n - 1]]
        problems += misplaced_steps(steps[steps["paper_id"] == paper.paper_id], lines,
                                    paper.file_name, raw_dir / "assessments.csv")
        problems += misdated_minutes(minutes[minutes["paper_id"] == paper.paper_id], lines,
                                     paper.file_name, raw_dir / "minutes.csv")
    return Provenance(problems, checked, missing, list(dirs))


def misplaced_steps(steps: pd.DataFrame, lines: list[str], file_name: str,
                    path: Path) -> list[Misplaced]:
    """The assessment steps of one paper whose words are not on their line, or whose 'as at'
    date is not on ``as_at_line``."""
    out = []
    for step in steps.to_dict("records"):
        where = (str(path), int(step[ROW_COLUMN]), f"CQC step '{step['stage']}'")
        checks = [(int(step["line"]), [step["raw"]], "raw",
                   "Copy 'raw' exactly as printed on the cited line, or correct 'line'")]
        if step["as_at_line"]:
            checks.append((int(step["as_at_line"]), as_at_words(step["as_at"]), "as_at_line",
                           "Give in 'as_at_line' the line that prints the 'as_at' date (the "
                           "minuted meeting's), or correct 'as_at'"))
        for n, words, column, fix in checks:
            if n > len(lines):
                out.append(Misplaced(*where, f"line {n} is past the end of {file_name} "
                                     f"({len(lines)} lines)", column, fix))
            elif not all(w in lines[n - 1] for w in words):
                out.append(Misplaced(*where, f"{' '.join(words)!r} is not on line {n} of "
                                     f"{file_name}", column, fix))
    return out


def misdated_minutes(minutes: pd.DataFrame, lines: list[str], file_name: str,
                     path: Path) -> list[Misplaced]:
    """The minutes of one pack whose meeting's day and month (in any case: 'THURSDAY, 13 MARCH
    2025') are not on their ``date_line``, or whose lines run past the paper's end."""
    out = []
    for row in minutes.to_dict("records"):
        where = (str(path), int(row[ROW_COLUMN]), f"minutes of {row['meeting_date']:%d %b %Y}")
        words = as_at_words(row["meeting_date"])
        if max(row["last_line"], row["date_line"]) > len(lines):
            out.append(Misplaced(*where, f"line {max(row['last_line'], row['date_line'])} is "
                                 f"past the end of {file_name} ({len(lines)} lines)",
                                 "last_line", "Give lines inside the paper."))
        elif not all(w.lower() in lines[row["date_line"] - 1].lower() for w in words):
            out.append(Misplaced(*where, f"{' '.join(words)!r} is not on line "
                                 f"{row['date_line']} of {file_name}", "date_line",
                                 "Give in 'date_line' the line that prints the minuted "
                                 "meeting's date, or correct 'meeting_date'"))
    return out

