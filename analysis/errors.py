"""One exception hierarchy; every message says what is wrong, where, and what to do."""

from __future__ import annotations


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
        super().__init__(f"{where}: {problem}. {fix}")


class PaperError(AnalysisError):
    """A source paper is missing or no longer matches the registry."""


class ExtractError(AnalysisError):
    """A table specification does not match the paper it describes."""


class PaperTextError(PaperError):
    """A paper file cannot be read as plain UTF-8 text (binary, another encoding, empty)."""
