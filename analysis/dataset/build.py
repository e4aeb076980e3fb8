"""The build: raw data to validated processed data, written atomically and deterministically."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import paths
from ..atomic import write_atomic
from ..errors import PaperError
from ..read.papers import find_paper, sha256_of
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


def check_paper_hashes(papers: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Verify every paper that can be found; a changed paper is an error, a missing one is not."""
    checked, missing = [], []
    for row in papers.itertuples():
        try:
            path = find_paper(row.file_name)
        except PaperError:
            missing.append(row.paper_id)
            continue
        actual = sha256_of(path)
        if actual != row.sha256:
            raise PaperError(
                f"{path} has sha256 {actual}, but {paths.PAPERS_CSV} registers {row.sha256} for "
                f"'{row.paper_id}'. The paper changed since its figures were curated: restore "
                "the original text, or re-curate its figures and update the registry.")
        checked.append(row.paper_id)
    return checked, missing


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    write_atomic(path, lambda tmp: df.to_parquet(tmp, index=False, engine="pyarrow"))


def write_csv(df: pd.DataFrame, path: Path) -> None:
    write_atomic(path, lambda tmp: df.to_csv(tmp, index=False, lineterminator="\n",
                                             date_format="%Y-%m-%d"))


def build(raw_dir: Path = paths.RAW, out_dir: Path = paths.PROCESSED) -> BuildResult:
    """Clean the raw figures into indicators.parquet/.csv and rejects.csv under ``out_dir``."""
    start = time.perf_counter()
    raw = load_raw(raw_dir)
    checked, missing = check_paper_hashes(raw.papers)
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5
                                          else "")
        log.warning("%d paper(s) not found, sha256 not checked: %s", len(missing), shown)
    indicators, rejects = clean_figures(raw)
    indicators, rejects = validate_outputs(indicators, rejects)
    for problem in label_problems(indicators, raw.measures).itertuples():
        log.warning("%s: %s; check its value type in the figure file", problem.figure_id,
                    problem.problem)
    out_dir = Path(out_dir)
    write_parquet(indicators, out_dir / paths.INDICATORS_PARQUET.name)
    write_csv(indicators, out_dir / paths.INDICATORS_CSV.name)
    write_csv(rejects, out_dir / paths.REJECTS_CSV.name)
    return BuildResult(len(raw.figures), indicators, rejects, checked, missing,
                       time.perf_counter() - start)


def load_indicators(path: Path = paths.INDICATORS_PARQUET) -> pd.DataFrame:
    """The processed indicator table; tells the user to build it when it is missing."""
    if not Path(path).exists():
        raise PaperError(f"{path} does not exist yet. Run `make data` (or `python -m analysis "
                         "build`) first.")
    return pd.read_parquet(path)
