"""One exception hierarchy; every message says what is wrong, where, and what to do."""

from __future__ import annotations

import errno
from pathlib import Path


class AnalysisError(Exception):
    """Base of every error this package raises on purpose."""


class DataError(AnalysisError):
    """A raw data file is malformed: names the file, row and column."""

    def __init__(self, path, problem: str, *, row: int | None = None, column: str | None = None,
                 fix: str = "Correct the file and rerun."):
        where = str(path)
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column '{column}'"
        self.path, self.row, self.column = path, row, column
        self.problem, self.fix = problem, fix
        super().__init__(f"{where}: {problem}. {fix}")

    def __reduce__(self):  # whole across processes (a worker reading a file that fails)
        return _data_error, (self.path, self.problem, self.row, self.column, self.fix)


def _data_error(path, problem: str, row: int | None, column: str | None, fix: str) -> DataError:
    return DataError(path, problem, row=row, column=column, fix=fix)


class PaperError(AnalysisError):
    """A source paper is missing or no longer matches the registry."""


class ExtractError(AnalysisError):
    """A table specification does not match the paper it describes."""


class PaperTextError(PaperError):
    """A paper file cannot be read as plain UTF-8 text (binary, another encoding, empty)."""


class SettingsError(AnalysisError):
    """An ``ASC_*`` setting has a value it cannot take: names the variable and what to give."""


class OutputError(AnalysisError):
    """An output folder cannot be written: names the folder and what to do."""


def output_error(exc: OSError, folder: Path, setting: str = "") -> OutputError:
    """A true message for an OSError met while writing under ``folder``."""
    where = Path(exc.filename) if exc.filename else Path(folder)
    moved = f", or set {setting} to another folder" if setting else ""
    kept = " Nothing there was changed."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(f"Cannot write {where}: {exc.strerror}. Make {folder} writable"
                           f"{moved}.{kept}")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(f"Cannot write {where}: the disk holding {folder} is full. Free some "
                           f"space there{moved}.{kept}")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and not Path(folder).is_dir():
        return OutputError(f"Cannot write {where}: {folder} is a file, not a folder. Choose a "
                           f"folder{moved}.")
    return OutputError(f"Cannot write {where}: {exc.strerror or exc}. Check {folder}{moved}."
                       f"{kept}")
