"""What the audit reads besides the indicators: the declared checks, the corrections and the
raw figure ids (a check naming an id no raw file holds is a mistake in checks.toml)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from ..errors import AnalysisError


class AuditSpecError(AnalysisError):
    """data/raw/checks.toml names a figure or measure that does not exist."""


def load_checks(path: Path) -> dict:
    """The declared checks (``checks.toml``): sums, equalities, splits, parts, formulas and the
    counts a percentage prints beside itself."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AuditSpecError(f"{path} is missing; restore it from git.") from None
    except tomllib.TOMLDecodeError as exc:
        raise AuditSpecError(f"{path} is not valid TOML ({exc}); fix the syntax.") from None


def load_corrections(path: Path) -> pd.DataFrame:
    """The recorded corrections (``corrections.csv``), validated."""
    from ..dataset.schemas import CORRECTION_COLUMNS, CORRECTIONS_SCHEMA
    from ..tables_io import read_csv_checked, validate
    return validate(CORRECTIONS_SCHEMA, read_csv_checked(path, CORRECTION_COLUMNS), path)


def raw_figure_ids(raw_dir: Path) -> set[str]:
    """Every figure id in the raw figures files (rejected ones included). Only the id column
    is read (the build has checked these files); a file that does not read cleanly goes
    through the strict reader, which says what is wrong with it."""
    from ..sources.figure_files import figure_files, load_figures
    files = figure_files(Path(raw_dir) / "figures")
    try:
        return {fid for f in files for fid in pd.read_csv(
            f, usecols=["figure_id"], dtype=str, keep_default_na=False)["figure_id"].tolist()}
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError):
        return set(load_figures(files)["figure_id"])
