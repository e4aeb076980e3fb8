"""The CSV writer writes the bytes ``to_csv`` writes, for the real tables and for any
frame of the kinds it formats; any other frame is written by ``to_csv`` itself."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.pandas import column, data_frames, range_indexes

from analysis.dataset import csv_files
from analysis.dataset.clean import clean_figures, load_raw

from .conftest import now

# Cells an analyst's table can hold, with the characters CSV must quote or double.
CELL_TEXT = st.text(st.sampled_from(list('ab ,"\n;é£%\t-0') + ["\u2013", "\u200b"]),
                    max_size=8)
FLOATS = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                   st.sampled_from([0.0, -0.0, 1e-5, 1e16, 0.1 + 0.2, 1206.0, 85.3, -1780000.0]))
DATES = st.one_of(st.none(), st.datetimes(min_value=pd.Timestamp("1990-01-01").to_pydatetime(),
                                          max_value=pd.Timestamp("2040-12-31").to_pydatetime()))


@pytest.fixture(scope="module")
def cleaned():
    return clean_figures(load_raw(now().raw_dir))


def test_the_real_tables_are_written_as_to_csv_writes_them(cleaned, tmp_path, monkeypatch):
    """Indicators and rejects, over many blocks (the last one short)."""
    monkeypatch.setattr(csv_files, "BLOCK_ROWS", 333)
    for table in cleaned:
        big = pd.concat([table] * 3, ignore_index=True)
        csv_files.write_csv(big, tmp_path / "written.csv")
        big.to_csv(tmp_path / "pandas.csv", **csv_files.OPTIONS)
        assert (tmp_path / "written.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()
        assert csv_files.arrow_csv_text(big) == csv_files.csv_text(big)  # not the fallback


@given(data_frames([column("text", elements=CELL_TEXT, dtype=object),
                    column("value", elements=FLOATS, dtype=float),
                    column("line", elements=st.integers(-10**12, 10**12), dtype="int64"),
                    column("when", elements=DATES, dtype="datetime64[ns]"),
                    column("kept", elements=st.booleans(), dtype=bool),
                    column('a "quoted", name', elements=CELL_TEXT, dtype=object)],
                   index=range_indexes(max_size=30)))
def test_any_frame_of_these_kinds_gets_the_bytes_of_to_csv(frame):
    frame["text_str"] = frame["text"].astype("str")  # pandas' Arrow-backed strings as well
    assert csv_files.arrow_csv_text(frame) == csv_files.csv_text(frame)


@given(st.lists(st.one_of(st.none(), CELL_TEXT), max_size=12))
def test_missing_strings_are_written_empty(cells):
    frame = pd.DataFrame({"text": pd.Series(cells, dtype=object)})
    assert csv_files.arrow_csv_text(frame) == csv_files.csv_text(frame)


@pytest.mark.parametrize("frame", [
    pd.DataFrame({"text": ["a\rb", "c"]}),                       # a lone carriage return
    pd.DataFrame({"mixed": ["a", 1, 2.5]}),                      # objects that are not text
    pd.DataFrame({"kind": pd.Categorical(["x", "y", "x"])}),
    pd.DataFrame({"when": pd.to_datetime(["2024-03-31"]).tz_localize("Europe/London")}),
    pd.DataFrame({"n": pd.array([1, None], dtype="Int64")}),
    pd.DataFrame([[1, 2]], columns=["same", "same"]),
], ids=["carriage-return", "mixed-objects", "categorical", "timezone", "nullable-int",
        "repeated-column"])
def test_other_frames_are_written_by_to_csv_itself(frame, tmp_path):
    csv_files.write_csv(frame, tmp_path / "out.csv")
    frame.to_csv(tmp_path / "pandas.csv", **csv_files.OPTIONS)
    assert (tmp_path / "out.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()
    with pytest.raises(csv_files._Unsupported):
        csv_files.arrow_csv_text(frame)


def test_an_empty_frame_is_its_header():
    frame = pd.DataFrame({"a": pd.Series([], dtype=float), "b": pd.Series([], dtype=object)})
    assert csv_files.arrow_csv_text(frame) == csv_files.csv_text(frame) == "a,b\n"


def test_floats_are_formatted_once_per_distinct_value_and_put_back_in_place():
    """-0.0 equals 0.0, but to_csv prints them differently."""
    values = np.array([2.5, np.nan, 2.5, -0.0, 0.0, -0.0])
    assert csv_files._formatted_once(values, csv_files._floats).to_pylist() == [
        "2.5", "", "2.5", "-0.0", "0.0", "-0.0"]
