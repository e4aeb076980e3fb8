r"""Reading committed CSV files strictly: every problem names the file, row and column.

>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "papers.csv"
>>> _ = path.write_text('paper_id,title\nleicester-2025-04-30,"Workforce, 2025-30"\n')
>>> read_csv_checked(path, ["paper_id", "title"], keep_row=True).to_dict("records")
[{'paper_id': 'leicester-2025-04-30', 'title': 'Workforce, 2025-30', '_row': 2}]
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from .errors import DataError
from .settings import ROOT

ROW_COLUMN = "_row"
SOURCE_PATH = "_path"


def read_csv_checked(path: Path, columns: list[str], *, keep_row: bool = False) -> pd.DataFrame:
    """All cells as strings; header must be exactly ``columns``; ``_row`` is the file line."""
    path = Path(path)
    if not path.is_file():
        raise missing_file(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise DataError(path, f"is not UTF-8 (byte {exc.start}, near line {line})", row=line,
                        fix="Save the file as UTF-8 and rerun.") from None
    # Physical lines are split on line breaks only (str.splitlines would also split on form
    # feeds and U+2028 inside a cell), so reader.line_num is the line a text editor shows.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(path, "is empty", fix=f"Give it the header: {','.join(columns)}.") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing column(s) {', '.join(missing)}")
        if extra:
            parts.append(f"unexpected column(s) {', '.join(extra)}")
        raise DataError(path, "; ".join(parts), row=1,
                        fix=f"The header must be: {','.join(columns)}.")
    records, rows = _records(path, reader, header, text)
    df = pd.DataFrame(records, columns=header, dtype=str)[columns]
    if keep_row:
        df[ROW_COLUMN] = rows
    return df


def _records(path: Path, reader, header: list[str], text: str) -> tuple[list, list[int]]:
    """The records one at a time, each checked, with the line each is on."""
    records, rows = [], []
    try:
        start = reader.line_num + 1
        for record in reader:
            cells = "".join(record)
            if reader.line_num != start or "\n" in cells or "\r" in cells:
                # An unbalanced quote makes the reader swallow the following lines into one
                # cell, and the swallowed figures would vanish without a word.
                raise DataError(path, f"a cell runs over lines {start}-{reader.line_num} (an "
                                "unbalanced double quote, or a line break inside a cell)",
                                row=start, fix="Close the quote, or write the cell on one "
                                "line, and rerun.")
            if not cells.strip():
                raise DataError(path, "blank line", row=reader.line_num,
                                fix="Delete the blank line.")
            if len(record) != len(header):
                raise DataError(path, f"has {len(record)} fields where the header has "
                                f"{len(header)}", row=reader.line_num,
                                fix="Quote any cell that contains a comma, or add the missing "
                                "cells.")
            records.append(record)
            rows.append(reader.line_num)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(path, f"is not valid CSV ({exc})", row=reader.line_num) from None
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    lines = breaks + (not text.endswith(("\n", "\r")))
    if len(records) != lines - 1:
        raise DataError(path, f"has {lines - 1} data lines but {len(records)} records were read",
                        fix="Look for an unbalanced double quote and rerun.")
    return records, rows


def missing_file(path: Path) -> DataError:
    """The error for a raw file that is not there, saying which folder is missing if it is."""
    folder = path.parent
    env = os.environ.get("ASC_RAW_DIR")
    if not folder.is_dir():
        if env and folder.resolve().is_relative_to(Path(env).resolve()):
            fix = (f"ASC_RAW_DIR is set to {env}, which does not exist: point it at a folder "
                   "holding papers.csv, measures.csv, corrections.csv and figures/, or unset it "
                   "to use data/raw/.")
        else:
            fix = "Create the folder, or restore it from git if it is the committed data/raw/."
        return DataError(folder, "folder not found", fix=fix)
    if path.resolve().is_relative_to(ROOT):
        return DataError(path, "file not found", fix="Restore it from git (`git checkout -- "
                         f"{path.resolve().relative_to(ROOT)}`) "
                         "or create it.")
    return DataError(path, "file not found", fix="Restore or create it.")


def validate(schema: pa.DataFrameSchema, df: pd.DataFrame, path: Path | str,
             fix: str = "Correct the file and rerun.") -> pd.DataFrame:
    """Validate ``df``; on failure raise a DataError naming the file, row and column."""
    bookkeeping = [c for c in df.columns if c.startswith("_")]
    try:
        checked = schema.validate(df.drop(columns=bookkeeping), lazy=True)
        return checked.join(df[bookkeeping]) if bookkeeping else checked
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        first = cases.iloc[0]
        column = first.get("column")
        column = None if pd.isna(column) else str(column)
        row = None
        index = first.get("index")
        if index is not None and not pd.isna(index) and ROW_COLUMN in df.columns:
            try:
                row = int(df.loc[index, ROW_COLUMN])
                if SOURCE_PATH in df.columns:
                    path = df.loc[index, SOURCE_PATH]
            except (KeyError, ValueError, TypeError):
                row = None
        check = first.get("check")
        more = f" ({len(cases) - 1} more problem(s) after this one)" if len(cases) > 1 else ""
        raise DataError(path, f"value {first.get('failure_case')!r} fails {check}{more}",
                        row=row, column=column, fix=fix) from None
