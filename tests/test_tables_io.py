"""Strict CSV reading: a malformed file stops with its name and line, never loses a row."""

from __future__ import annotations

import csv
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.dataset.clean import load_raw
from analysis.errors import DataError
from analysis.tables_io import read_csv_checked


def _write(tmp_path, text: str):
    path = tmp_path / "figures.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_an_unbalanced_quote_is_an_error_naming_the_line_not_a_lost_row(tmp_path):
    # Read loosely, the quote swallows line 3 into a cell: two records, both of the right width.
    path = _write(tmp_path, 'a,b\n1,"x\n2,y"\n3,z\n')
    with pytest.raises(DataError, match=r"figures.csv, row 2: a cell runs over lines 2-3"):
        read_csv_checked(path, ["a", "b"])


def test_a_line_break_inside_a_quoted_cell_is_an_error(tmp_path):
    path = _write(tmp_path, 'a,b\n1,"two\nlines"\n')
    with pytest.raises(DataError, match="row 2: a cell runs over lines 2-3"):
        read_csv_checked(path, ["a", "b"])


def test_an_unbalanced_quote_to_the_end_of_the_file_is_an_error(tmp_path):
    path = _write(tmp_path, 'a,b\n1,2\n3,"x\n4,5\n')
    with pytest.raises(DataError, match="row 3"):
        read_csv_checked(path, ["a", "b"])


def test_a_well_formed_file_keeps_every_row_and_its_line(tmp_path):
    path = _write(tmp_path, 'a,b\r\n1,"x, quoted"\r\n2,y')
    df = read_csv_checked(path, ["a", "b"], keep_row=True)
    assert list(df["b"]) == ["x, quoted", "y"] and list(df["_row"]) == [2, 3]


def test_a_form_feed_inside_a_cell_does_not_split_the_line(tmp_path):
    path = _write(tmp_path, "a,b\n1,x\x0cy\n2,z\n")
    df = read_csv_checked(path, ["a", "b"], keep_row=True)
    assert list(df["_row"]) == [2, 3]


def test_a_swallowed_figure_row_stops_the_build(raw_copy):
    """The red-team case: a quote opened in one row's last cell and closed at the end of the
    next row; every record still has the right number of fields."""
    path = sorted((raw_copy / "figures").glob("*-prose.csv"))[0]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    k = next(i for i in range(1, len(lines) - 1)
             if lines[i].rstrip("\n").endswith(",") and '"' not in lines[i + 1])
    lines[k] = lines[k].rstrip("\n") + '"\n'
    lines[k + 1] = lines[k + 1].rstrip("\n") + '"\n'
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match=rf"{path.name}, row {k + 1}: a cell runs over"):
        load_raw(raw_copy)


def test_a_missing_raw_folder_says_so_and_names_the_variable(tmp_path, monkeypatch):
    missing = tmp_path / "nowhere"
    monkeypatch.setenv("ASC_RAW_DIR", str(missing))
    with pytest.raises(DataError) as exc:
        load_raw(missing)
    message = str(exc.value)
    assert f"{missing}: folder not found" in message and "ASC_RAW_DIR" in message
    assert "git checkout" not in message


# The characters that break CSV files: quotes, separators, line ends, blanks, a BOM.
CSV_TEXT = st.lists(st.sampled_from(list('ab,"\n\r \t\x0c\x1c\u2028é\ufeff')
                                    + ['""', ',,', "a,b\n"]), max_size=30).map("".join)


CELL = st.text(st.sampled_from(list('ab ,"\t\x0c\x1c\u2028é\ufeff')), max_size=6)
WRITTEN_CELL = st.one_of(
    CELL.filter(lambda c: not set(c) & set(',"')),               # as is
    CELL.map(lambda c: '"' + c.replace('"', '""') + '"'),         # quoted as CSV quotes
    st.tuples(CELL, CELL).map(lambda p: f'"{p[0]}"{p[1]}'),       # text after a closing quote
    CELL)                                                          # anything, even broken
ROW = st.one_of(st.lists(WRITTEN_CELL, min_size=2, max_size=2),   # the header's width, or not
                st.lists(WRITTEN_CELL, min_size=1, max_size=3)).map(",".join)
ROWS = st.lists(st.one_of(ROW, ROW, ROW, st.just("")), max_size=6)
CSV_BODY = st.one_of(CSV_TEXT, ROWS.map("\n".join))


@given(CSV_BODY, st.booleans())
def test_any_text_is_read_whole_or_stops_with_the_file_and_a_reason(tmp_path_factory, body,
                                                                     lf_end):
    """On any text: every data line is one row, each with its line number, or a DataError
    naming the file; never a frame with a row lost or swallowed."""
    path = tmp_path_factory.mktemp("csv") / "figures.csv"
    text = "a,b\n" + body + ("\n" if lf_end else "")
    path.write_bytes(text.encode("utf-8"))
    try:
        df = read_csv_checked(path, ["a", "b"], keep_row=True)
    except DataError as exc:
        assert exc.path == path and str(path) in str(exc)
        return
    lines = len(re.findall(r"\r\n|\r|\n", text)) + (not text.endswith(("\n", "\r")))
    assert list(df["_row"]) == list(range(2, lines + 1))
    assert all(isinstance(cell, str) for column in ("a", "b") for cell in df[column])


@given(st.lists(st.tuples(CELL, CELL).filter(lambda r: any(c.strip() for c in r)), max_size=8))
def test_what_a_csv_writer_writes_is_read_back_cell_for_cell(tmp_path_factory, rows):
    path = tmp_path_factory.mktemp("csv") / "figures.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows([("a", "b"), *rows])
    df = read_csv_checked(path, ["a", "b"])
    assert list(df.itertuples(index=False, name=None)) == rows


@pytest.mark.parametrize("body", ['x,"y\n', 'x,y\nz,"w\n', 'x,"y\nz\n', 'x,"y\n\n'])
def test_a_quote_left_open_to_the_end_of_the_file_names_its_row(tmp_path, body):
    """A quote left open at the end of the file keeps the final line break in the last cell,
    and leaves as many records as lines: the reading must still name it."""
    path = tmp_path / "figures.csv"
    path.write_bytes(("a,b\n" + body).encode("utf-8"))
    with pytest.raises(DataError) as caught:
        read_csv_checked(path, ["a", "b"])
    assert caught.value.path == path and caught.value.row is not None
