"""The build: raw data to validated processed data, written atomically and deterministically."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..atomic import write_atomic, write_set
from ..errors import DataError, PaperError
from ..settings import AUDIT_CSV, INDICATORS_CSV, INDICATORS_PARQUET, REJECTS_CSV, Settings
from ..sources.provenance import Provenance, check_provenance, verified_paper
from . import csv_files
from .clean import clean_figures, load_raw, validate_outputs
from .label_checks import label_problems

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    raw_rows: int
    indicators: pd.DataFrame
    rejects: pd.DataFrame
    papers_checked: list[str]
    papers_missing: list[str]
    seconds: float
    provenance: str = ""  # what was checked against the papers, in a sentence
    derived: dict[str, pd.DataFrame] = field(default_factory=dict)


def check_paper_hashes(papers: pd.DataFrame, settings: Settings) -> tuple[list[str], list[str]]:
    """Verify every paper that can be found; a changed paper is an error, a missing one is not."""
    checked, missing = [], []
    dirs, raw_dir = settings.paper_dirs(), settings.raw_dir
    for row in papers.itertuples():
        found = verified_paper(row, dirs, Path(raw_dir) / "papers.csv")
        (missing if found is None else checked).append(row.paper_id)
    return checked, missing


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    write_atomic(path, lambda tmp: df.to_parquet(tmp, index=False, engine="pyarrow"))


def write_csv(df: pd.DataFrame, path: Path) -> None:
    write_atomic(path, lambda tmp: csv_files.write_csv(df, tmp))


# Names the processed set holds (audit.csv only when the audit is built with it).
OWNED = (INDICATORS_PARQUET, INDICATORS_CSV, REJECTS_CSV, AUDIT_CSV)
Derived = dict[str, Callable[[pd.DataFrame, pd.DataFrame, Settings], pd.DataFrame]]


def build(settings: Settings, *, derived: Derived | None = None) -> BuildResult:
    """Clean the raw figures of ``settings.raw_dir`` into indicators.parquet/.csv and
    rejects.csv in ``settings.processed_dir``,
    with each ``derived`` table (name -> function of the indicators and rejects, e.g. the
    audit) beside them. The files are replaced as one set (see analysis/atomic.py): a failed or
    killed build leaves the earlier set whole, and the next build removes what it left
    behind."""
    start = time.perf_counter()
    raw = load_raw(settings.raw_dir)
    # The papers' hashes and every figure's text on its cited line, for each paper found.
    provenance = check_provenance(settings.raw_dir, settings.paper_dirs(), figures=raw.figures,
                                  registry=raw.papers)
    if provenance.problems:
        raise provenance_error(provenance)
    checked, missing = provenance.checked, provenance.missing
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5
                                          else "")
        log.warning("Provenance NOT checked for %d paper(s) whose text was not found (%s): put "
                    "the texts in data/raw/papers/ or set ASC_PAPERS_DIR.", len(missing), shown)
    indicators, rejects = clean_figures(raw)
    raw_rows, measures = len(raw.figures), raw.measures
    del raw  # every raw row is now an indicator or a reject: the audit needs the memory
    indicators, rejects = validate_outputs(indicators, rejects)
    extra = {name: make(indicators, rejects, settings) for name, make in (derived or {}).items()}

    for problem in label_problems(indicators, measures).itertuples():
        log.warning("%s: %s; check its value type in the figure file", problem.figure_id,
                    problem.problem)

    def write(staged: Path) -> None:
        write_parquet(indicators, staged / INDICATORS_PARQUET)
        write_csv(indicators, staged / INDICATORS_CSV)
        write_csv(rejects, staged / REJECTS_CSV)
        for name, table in extra.items():
            write_csv(table, staged / name)

    write_set(Path(settings.processed_dir), write, owned=OWNED, setting="ASC_PROCESSED_DIR")
    return BuildResult(raw_rows, indicators, rejects, checked, missing,
                       time.perf_counter() - start, provenance.summary(), extra)


def provenance_error(provenance: Provenance) -> DataError:
    """The first figure not printed on its cited line, as a build error naming file and row."""
    first = provenance.problems[0]
    more = len(provenance.problems) - 1
    what = first.figure_id if first.figure_id.startswith("CQC step") else \
        f"figure {first.figure_id}"
    return DataError(first.path, f"{what}: {first.problem}", row=first.row,
                     column=first.column,
                     fix=f"{first.fix}; nothing was written" + (
                         f" ({more} more such row(s): `python -m analysis provenance` lists "
                         "them all)" if more else "") + ".")


def load_indicators(path: Path) -> pd.DataFrame:
    """The processed indicator table; tells the user to build it when it is missing."""
    if not Path(path).exists():
        raise PaperError(f"{path} does not exist yet. Run `make data` (or `python -m analysis "
                         "build`) first.")
    return pd.read_parquet(path)
