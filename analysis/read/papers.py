"""The paper registry: finding paper files, checking their hashes, reading their lines."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import PaperError
from ..tables_io import read_csv_checked, validate

REGISTRY_COLUMNS = ["paper_id", "council", "committee", "meeting_date", "title", "file_name",
                    "sha256"]


def load_registry(path: Path = paths.PAPERS_CSV) -> pd.DataFrame:
    """The paper registry, one row per paper."""
    df = read_csv_checked(path, REGISTRY_COLUMNS)
    from .formats import PAPERS_SCHEMA
    return validate(PAPERS_SCHEMA, df, path)


def find_paper(file_name: str, dirs: list[Path] | None = None) -> Path:
    """The first copy of ``file_name`` in the paper directories; else a PaperError saying where
    to put it."""
    dirs = paths.paper_dirs() if dirs is None else dirs
    for d in dirs:
        candidate = Path(d) / file_name
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(d) for d in dirs)
    raise PaperError(
        f"Paper {file_name} not found (looked in {looked}). Copy the agenda pack text into "
        f"data/raw/papers/ or set {paths.PAPERS_ENV} to the folder that holds it."
    )


def papers_available(dirs: list[Path] | None = None) -> bool:
    """True when every registered paper can be found."""
    try:
        for name in load_registry()["file_name"]:
            find_paper(name, dirs)
    except PaperError:
        return False
    return True


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def verify_paper(paper_id: str, registry: pd.DataFrame | None = None) -> Path:
    """The path of a registered paper whose text still matches its registered sha256."""
    registry = load_registry() if registry is None else registry
    row = registry.loc[registry["paper_id"] == paper_id]
    if row.empty:
        raise PaperError(f"Paper id '{paper_id}' is not in {paths.PAPERS_CSV}. Add it to the "
                         "registry first.")
    row = row.iloc[0]
    path = find_paper(row["file_name"])
    actual = sha256_of(path)
    if actual != row["sha256"]:
        raise PaperError(
            f"{path} has sha256 {actual}, but {paths.PAPERS_CSV} registers {row['sha256']} for "
            f"'{paper_id}'. The paper text changed since its figures were curated: restore the "
            "original, or re-curate its figures and update the registry's sha256."
        )
    return path


@lru_cache(maxsize=16)
def _lines(path_str: str, sha: str) -> tuple[str, ...]:
    return tuple(Path(path_str).read_text(encoding="utf-8").splitlines())


def paper_text_lines(path: Path, sha: str) -> tuple[str, ...]:
    """The lines of the paper at ``path`` whose sha256 is ``sha`` (cached by both)."""
    return _lines(str(path), sha)


def paper_lines(paper_id: str, registry: pd.DataFrame | None = None) -> tuple[str, ...]:
    """The lines of a verified paper (index 0 is line 1)."""
    path = verify_paper(paper_id, registry)
    return _lines(str(path), sha256_of(path))
