"""The paper registry: finding paper files, checking their hashes, reading their lines."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..errors import PaperError, PaperTextError
from ..settings import ENV
from ..tables_io import read_csv_checked, validate

REGISTRY_COLUMNS = ["paper_id", "council", "committee", "meeting_date", "title", "file_name",
                    "sha256"]


def load_registry(path: Path) -> pd.DataFrame:
    """The paper registry, one row per paper."""
    df = read_csv_checked(path, REGISTRY_COLUMNS)
    from .figure_files import PAPERS_SCHEMA
    return validate(PAPERS_SCHEMA, df, path)


def find_paper(file_name: str, dirs: list[Path]) -> Path:
    """The first copy of ``file_name`` in the paper directories (``Settings.paper_dirs``); else a
    PaperError saying where to put it."""
    for d in dirs:
        candidate = Path(d) / file_name
        if candidate.is_file():
            return candidate
    looked = ", ".join(str(d) for d in dirs)
    raise PaperError(
        f"Paper {file_name} not found (looked in {looked}). Copy the agenda pack text into "
        f"data/raw/papers/ or set {ENV['papers_dir']} to the folder that holds it."
    )


def papers_available(registry: pd.DataFrame, dirs: list[Path]) -> bool:
    """True when every registered paper can be found."""
    try:
        for name in registry["file_name"]:
            find_paper(name, dirs)
    except PaperError:
        return False
    return True


def sha256_of(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def verify_paper(paper_id: str, registry: pd.DataFrame, dirs: list[Path]) -> Path:
    """The path of a registered paper whose text still matches its registered sha256."""
    row = registry.loc[registry["paper_id"] == paper_id]
    if row.empty:
        raise PaperError(f"Paper id '{paper_id}' is not in the paper registry (papers.csv). "
                         "Add it to the registry first.")
    row = row.iloc[0]
    path = find_paper(row["file_name"], dirs)
    actual = sha256_of(path)
    if actual != row["sha256"]:
        raise PaperError(
            f"{path} has sha256 {actual}, but the paper registry (papers.csv) registers "
            f"{row['sha256']} for '{paper_id}'. The paper text changed since its figures were "
            "curated: restore the original, or re-curate its figures and update the registry's "
            "sha256."
        )
    return path


def read_paper_text(path: Path) -> tuple[str, ...]:
    """The lines of a plain-text paper. A file that is binary, not UTF-8 or empty is a
    PaperTextError naming the file and how to fix it.

    >>> import tempfile; p = Path(tempfile.mkdtemp()) / "pack.txt"
    >>> _ = p.write_bytes("Spend of \xa35m".encode("cp1252"))
    >>> read_paper_text(p)
    Traceback (most recent call last):
    ...
    analysis.errors.PaperTextError: ... is not UTF-8 text (byte 0xa3 on line 1 ...
    """
    path = Path(path)
    if not path.is_file():
        raise PaperTextError(f"{path}: no such file. Check the path, or copy the agenda pack "
                             "text there.")
    data = path.read_bytes()
    if b"\x00" in data[:65536]:
        raise PaperTextError(
            f"{path} is not a text file (it holds NUL bytes, as a PDF, Word or zip file does). "
            "Convert the agenda pack to plain UTF-8 text first (e.g. `pdftotext -layout "
            "pack.pdf pack.txt`) and use the .txt file.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PaperTextError(
            f"{path} is not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line} cannot be "
            "read; Windows-1252 text, as Word saves it, looks like this). Convert it, e.g. "
            f"`iconv -f cp1252 -t utf-8 {path.name} > {path.stem}-utf8.txt`, and use the "
            "converted file (register its sha256, not the original's).") from None
    if not text.strip():
        raise PaperTextError(f"{path} is empty: it holds no text. Check that the conversion "
                             "of the agenda pack produced text, then rerun.")
    return split_lines(text.lstrip("\ufeff"))


def split_lines(text: str) -> tuple[str, ...]:
    r"""A paper's lines as an editor, ``grep -n`` and ``sed -n`` count them: only a line feed
    ends a line (CRLF counts once). A form feed, which PDF-to-text conversion prints where a
    page ends, is a page break inside a line, not a line of its own, and is dropped from the
    text; so a cited line number never drifts by one per page. (``str.splitlines`` would also
    break at form feeds, vertical tabs and Unicode separators.)

    >>> split_lines("end of page one\n\fStart of page two\r\nlast")
    ('end of page one', 'Start of page two', 'last')
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(line.removesuffix("\r").replace("\f", "") for line in lines)


@lru_cache(maxsize=16)
def _lines(path_str: str, sha: str) -> tuple[str, ...]:
    return read_paper_text(Path(path_str))


def paper_text_lines(path: Path, sha: str) -> tuple[str, ...]:
    """The lines of the paper at ``path`` whose sha256 is ``sha`` (cached by both)."""
    return _lines(str(path), sha)


def paper_lines(paper_id: str, registry: pd.DataFrame, dirs: list[Path]) -> tuple[str, ...]:
    """The lines of a verified paper (index 0 is line 1), found in ``dirs``."""
    path = verify_paper(paper_id, registry, dirs)
    return _lines(str(path), sha256_of(path))
