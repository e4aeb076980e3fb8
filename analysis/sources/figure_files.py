"""The formats the read stage produces: the paper registry and the raw figure files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from ..errors import DataError
from ..parallel import in_parts, parts_for
from ..tables_io import SOURCE_PATH, read_csv_checked, validate

ID = r"^[a-z0-9][a-z0-9_\-]*$"
FIGURE_ID = r"^[a-z0-9\-]+\.(p\d{4}|t\d{4}c\d+(?:x\d+)?)$"

# What a figure is about, when it is not the authority's adult social care (see data/raw/README).
SCOPES = ["adult social care", "adults and communities department", "children's services",
          "adults and children",
          "communities and wellbeing", "whole council", "health and care system",
          "better care fund pool", "labour market", "population"]
VALUE_TYPES = ["actual", "forecast", "projection", "target", "milestone", "benchmark", "budget",
               "change", "rank"]

_text = pa.Column(str)
_nonempty = pa.Column(str, pa.Check.str_length(min_value=1))

FIGURE_COLUMNS = ["figure_id", "paper_id", "line", "locator", "raw", "authority", "measure_id",
                  "breakdown", "scope", "period", "period_source", "value_type", "unit_hint",
                  "note"]

PAPERS_SCHEMA = pa.DataFrameSchema(
    {
        "paper_id": pa.Column(str, [pa.Check.str_matches(ID)], unique=True),
        "council": _nonempty,
        "committee": _nonempty,
        "meeting_date": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$")),
        "title": _nonempty,
        "file_name": pa.Column(str, pa.Check.str_length(min_value=1), unique=True),
        "sha256": pa.Column(str, pa.Check.str_matches(r"^[0-9a-f]{64}$")),
    },
    strict="filter", name="papers",
)

FIGURES_SCHEMA = pa.DataFrameSchema(
    {
        "figure_id": pa.Column(str, pa.Check.str_matches(FIGURE_ID)),
        "paper_id": pa.Column(str, pa.Check.str_matches(ID)),
        "line": pa.Column(str, pa.Check.str_matches(r"^[1-9]\d*$")),
        "locator": _nonempty,
        "raw": _nonempty,
        "authority": _nonempty,
        "measure_id": _nonempty,
        "breakdown": pa.Column(str, pa.Check(
            lambda s: (s == "") | s.str.contains(": ", regex=False),
            error="breakdown must be empty or 'dimension: value'")),
        "scope": pa.Column(str, pa.Check.isin([""] + SCOPES)),
        "period": _text,
        "period_source": pa.Column(str, pa.Check.isin(["printed", "context"])),
        "value_type": pa.Column(str, pa.Check.isin(VALUE_TYPES)),
        "unit_hint": pa.Column(str, pa.Check.isin(["", "£000", "£m", "£", "%", "count", "per 100k",
                                                   "years", "days", "hours", "minutes"])),
        "note": _text,
    },
    strict="filter", name="figures",
)


def figure_files(figures_dir: Path) -> list[Path]:
    return sorted(Path(figures_dir).glob("*.csv"))


def _read_figure_file(path: Path) -> pd.DataFrame:
    df = read_csv_checked(path, FIGURE_COLUMNS, keep_row=True)
    df[SOURCE_PATH] = str(path)
    return df


def _read_figure_files(paths: list[Path]) -> list[pd.DataFrame]:
    return [_read_figure_file(path) for path in paths]


# The bytes of figure files a process of its own is worth: about 100,000 rows (bench/scale.py:
# 150 councils' 175 MB of figure files, read in two parts).
BYTES_PER_PROCESS = 32_000_000


def load_figures(files: list[Path], *, bytes_per_process: int = BYTES_PER_PROCESS
                 ) -> pd.DataFrame:
    """Every raw figure row, validated, with its file and row for error messages; the first
    file (in order) that cannot be read is the error, however the files are split."""
    size = sum(path.stat().st_size for path in files if path.is_file())
    frames = [frame for part in in_parts(_read_figure_files, list(files),
                                         parts=parts_for(size, bytes_per_process))
              for frame in part]
    if not frames:
        raise DataError("the figures folder", "holds no figure files",
                        fix="Run `python -m analysis extract` and restore the curated *-prose.csv "
                        "files from git.")
    # One validation over every file: the error still names the file and row that failed.
    figures = validate(FIGURES_SCHEMA, pd.concat(frames, ignore_index=True),
                       Path(files[0]).parent)
    return figures.assign(**{c: python_strings(figures[c])
                             for c in FIGURE_COLUMNS + [SOURCE_PATH]})


def python_strings(column: pd.Series) -> pd.Series:
    """``column`` held as Python strings (object dtype), as the cleaning reads the raw rows, one
    at a time; each distinct text is one string, which the rows share.

    >>> python_strings(pd.Series(["Leicester", "England", "Leicester"])).tolist()
    ['Leicester', 'England', 'Leicester']
    """
    codes, texts = pd.factorize(column)
    return pd.Series(np.asarray(texts, dtype=object)[codes], index=column.index,
                     name=column.name, dtype=object)
