"""Processed tables to CSV, byte for byte what pandas' ``to_csv`` writes (ISO dates, no index,
LF line ends, quotes only where a cell needs them). The cells are formatted a column at a time
with Arrow's string kernels, as ``to_csv`` (a cell at a time) takes a third of the 150-council
build; a frame with a column of another kind (a timezone, categories, mixed objects) or a
carriage return in a cell is written by ``to_csv`` itself. ``write_csv`` is the one entry.

>>> import pandas as pd
>>> print(csv_text(pd.DataFrame({"a": [1.5, 2.0], "when": pd.to_datetime(["2024-03-31"] * 2)})))
a,when
1.5,2024-03-31
2.0,2024-03-31
<BLANKLINE>
>>> frame = pd.DataFrame({"note": ['say "hi", then go', "plain"], "n": [1, 2]})
>>> print(arrow_csv_text(frame), end="")
note,n
"say ""hi"", then go",1
plain,2
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

OPTIONS = {"index": False, "lineterminator": "\n", "date_format": "%Y-%m-%d"}
BLOCK_ROWS = 50_000  # rows formatted at a time: bounds the memory the text takes

_TEXT = pa.large_string()
_QUOTE, _EMPTY, _COMMA, _NEWLINE = (pa.scalar(s, _TEXT) for s in ('"', "", ",", "\n"))


class _Unsupported(Exception):
    """A column this writer cannot format exactly as ``to_csv`` would."""


def csv_text(df: pd.DataFrame, header: bool = True) -> str:
    return df.to_csv(None, header=header, **OPTIONS)


def _formatted_once(values: np.ndarray, fmt) -> pa.Array:
    """``fmt`` applied to each distinct value only (a column repeats its dates and values).
    Values are told apart by their bits, so -0.0 is not 0.0."""
    bits = values.view(np.int64)
    distinct, where = np.unique(bits, return_inverse=True)
    return pa.array(fmt(distinct.view(values.dtype)), _TEXT).take(pa.array(where.ravel()))


def _floats(values: np.ndarray) -> np.ndarray:
    text = values.astype(str)  # as to_csv formats floats: shortest repr, '1e-05', 'inf'
    text[np.isnan(values)] = ""
    return text


def _dates(values: np.ndarray) -> np.ndarray:
    text = pd.DatetimeIndex(values).strftime(OPTIONS["date_format"]).to_numpy(dtype=object)
    text[pd.isna(values)] = ""
    return text


def _strings(series: pd.Series) -> pa.Array:
    try:
        text = pa.array(series.array, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        raise _Unsupported(series.name) from None
    if not (pa.types.is_string(text.type) or pa.types.is_large_string(text.type)
            or pa.types.is_null(text.type)):
        raise _Unsupported(series.name)
    text = pc.fill_null(text.cast(_TEXT), "")
    if pc.any(pc.match_substring(text, "\r")).as_py():
        raise _Unsupported(series.name)  # Python's csv quotes a lone CR in some versions only
    needs_quotes = pc.match_substring_regex(text, '[,"\n]')
    if pc.any(needs_quotes).as_py():
        quoted = pc.binary_join_element_wise(_QUOTE, pc.replace_substring(text, '"', '""'),
                                             _QUOTE, _EMPTY)
        text = pc.if_else(needs_quotes, quoted, text)
    return text


def _column_text(series: pd.Series) -> pa.Array:
    kind = series.dtype.kind if isinstance(series.dtype, np.dtype) else None
    if kind == "f":
        return _formatted_once(series.to_numpy(), _floats)
    if kind in ("i", "u"):
        return pa.array(series.to_numpy().astype(str), _TEXT)
    if kind == "b":
        return pa.array(np.where(series.to_numpy(), "True", "False"), _TEXT)
    if kind == "M":
        return _formatted_once(series.to_numpy(), _dates)
    if kind == "O" or isinstance(series.dtype, pd.StringDtype):
        return _strings(series)
    raise _Unsupported(series.name)


def _block_bytes(block: pd.DataFrame) -> memoryview:
    cells = [_column_text(block[c]) for c in block.columns]
    if len(cells) == 1:  # csv quotes an empty cell that is a whole line, so it reads back
        cells[0] = pc.if_else(pc.equal(cells[0], _EMPTY), pa.scalar('""', _TEXT), cells[0])
    lines = pc.binary_join_element_wise(*cells, _COMMA)
    lines = pc.binary_join_element_wise(lines, _EMPTY, _NEWLINE)  # each line ends in LF
    line = pa.concat_arrays(lines.chunks) if isinstance(lines, pa.ChunkedArray) else lines
    offsets = np.frombuffer(line.buffers()[1], dtype=np.int64)[line.offset:
                                                                 line.offset + len(line) + 1]
    return memoryview(line.buffers()[2])[offsets[0]:offsets[-1]]


def _blocks(df: pd.DataFrame) -> Iterator[memoryview]:
    """The data lines of ``df``, formatted a block of rows at a time, in order."""
    for start in range(0, len(df), BLOCK_ROWS):
        yield _block_bytes(df.iloc[start:start + BLOCK_ROWS])


def _arrow_write(df: pd.DataFrame, out) -> None:
    if len(set(df.columns)) != len(df.columns) or not all(isinstance(c, str) for c in df.columns):
        raise _Unsupported("columns")
    out.write(csv_text(df.iloc[:0]).encode("utf-8"))  # the header exactly as to_csv quotes it
    for block in _blocks(df):
        out.write(block)


def arrow_csv_text(df: pd.DataFrame) -> str:
    """``csv_text(df)`` by the Arrow formatting (for tests and doctests)."""
    buffer = io.BytesIO()
    _arrow_write(df, buffer)
    return buffer.getvalue().decode("utf-8")


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """``df`` to ``path`` as CSV (ISO dates, no index, LF line ends), as ``to_csv`` writes it."""
    try:
        with open(path, "wb") as out:
            _arrow_write(df, out)
    except _Unsupported:
        df.to_csv(path, **OPTIONS)
