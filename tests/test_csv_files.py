"""The processed CSVs hold exactly the table: every cell reads back as it was, quotes, commas,
line breaks, -0.0, missing values and dates included."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.pandas import column, data_frames, range_indexes

from analysis.dataset import csv_files

# Cells an analyst's table can hold, with the characters CSV must quote or double.
CELL_TEXT = st.text(st.sampled_from(list('ab ,"\n;é£%\t-0') + ["\u2013", "\u200b"]),
                    min_size=1, max_size=8)
FLOATS = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                   st.sampled_from([0.0, -0.0, 1e-5, 1e16, 0.1 + 0.2, 1206.0, 85.3, -1780000.0]))
DATES = st.one_of(st.none(), st.dates(min_value=pd.Timestamp("1990-01-01").date(),
                                      max_value=pd.Timestamp("2040-12-31").date()))


@given(data_frames([column("text", elements=CELL_TEXT, dtype=object),
                    column("value", elements=FLOATS, dtype=float),
                    column("line", elements=st.integers(-10**12, 10**12), dtype="int64"),
                    column("when", elements=DATES, dtype="datetime64[ns]"),
                    column('a "quoted", name', elements=CELL_TEXT, dtype=object)],
                   index=range_indexes(max_size=30)))
def test_a_written_table_reads_back_cell_for_cell(tmp_path_factory, frame):
    path = tmp_path_factory.mktemp("csv") / "table.csv"
    frame = frame.astype({"text": str, 'a "quoted", name': str})
    csv_files.write_csv(frame, path)
    back = pd.read_csv(path, dtype={"text": str, 'a "quoted", name': str},
                       keep_default_na=False, na_values={"value": [""], "when": [""]},
                       parse_dates=["when"]).astype({"when": "datetime64[ns]"})
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)
    assert (back["value"].map(lambda v: str(v)) == frame["value"].map(lambda v: str(v))).all()
    assert path.read_bytes().count(b"\r") == 0
