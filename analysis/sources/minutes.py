"""The minutes an agenda pack carries (``minutes.csv``): which of its lines record an earlier
meeting, and that meeting's date.

A figure in the minutes of 13 March, printed in the pack for 6 May, was reported on 13 March:
an undated figure there is 'undated (reported 13 Mar 2025)', and the month it may run to is
March's. The provenance check finds the meeting's day and month on ``date_line``.

>>> from analysis.settings import Settings
>>> minutes = load_minutes(Settings().raw_dir / "minutes.csv")
>>> pack = minuted_ranges(minutes, "leicester-2025-05-06")
>>> reported_at(pack, 201)
datetime.date(2025, 3, 13)
>>> reported_at(pack, 1107) is None
True
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..errors import DataError
from ..tables_io import ROW_COLUMN, read_csv_checked, validate

MINUTES_COLUMNS = ["paper_id", "first_line", "last_line", "meeting_date", "date_line"]
_line = pa.Column(str, pa.Check.str_matches(r"^[1-9]\d*$"))
MINUTES_SCHEMA = pa.DataFrameSchema(
    {"paper_id": pa.Column(str, pa.Check.str_length(min_value=1)),
     "first_line": _line, "last_line": _line,
     "meeting_date": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
     "date_line": _line},
    strict="filter", name="minutes")


def load_minutes(path: Path, registry: pd.DataFrame | None = None) -> pd.DataFrame:
    """minutes.csv, validated: each range runs forward, records a meeting before its pack's
    and, with ``registry``, belongs to a registered paper. The file is required (a header
    alone means no pack carries minutes)."""
    path = Path(path)
    df = validate(MINUTES_SCHEMA, read_csv_checked(path, MINUTES_COLUMNS, keep_row=True), path)
    for column in ("first_line", "last_line", "date_line"):
        df[column] = df[column].astype(int)
    df["meeting_date"] = pd.to_datetime(df["meeting_date"])
    packs = None if registry is None else registry.set_index("paper_id")["meeting_date"]
    for row in df.to_dict("records"):
        where = {"row": int(row[ROW_COLUMN])}
        if row["last_line"] < row["first_line"]:
            raise DataError(path, f"last_line {row['last_line']} is before first_line "
                            f"{row['first_line']}", column="last_line", **where,
                            fix="Give the minutes' first and last lines in order.")
        if packs is None:
            continue
        if row["paper_id"] not in packs:
            raise DataError(path, f"paper '{row['paper_id']}' is not in papers.csv",
                            column="paper_id", **where,
                            fix="Use a paper_id from data/raw/papers.csv.")
        if row["meeting_date"] >= pd.Timestamp(packs[row["paper_id"]]):
            raise DataError(path, f"minutes of {row['meeting_date']:%d %b %Y} cannot be of a "
                            f"meeting on or after their pack's ({packs[row['paper_id']]})",
                            column="meeting_date", **where,
                            fix="Give the date of the meeting the minutes record.")
    return df


Ranges = tuple[tuple[int, int, date], ...]


def minuted_ranges(minutes: pd.DataFrame, paper_id: str) -> Ranges:
    """(first line, last line, meeting date) of each set of minutes ``paper_id`` carries."""
    rows = minutes[minutes["paper_id"] == paper_id]
    return tuple((int(r.first_line), int(r.last_line), r.meeting_date.date())
                 for r in rows.itertuples())


def reported_at(ranges: Ranges, line: int) -> date | None:
    """The date of the meeting whose minutes hold ``line``, or None."""
    return next((when for first, last, when in ranges if first <= line <= last), None)
