"""Strict CSV reading: a malformed file stops with its name and line, never loses a row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import tables_io
from analysis.dataset.clean import load_raw
from analysis.errors import DataError
from analysis.tables_io import read_csv_checked


def _write(tmp_path: Path, text: str) -> Path:
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


def _outcome(path: Path, columns: list[str]):
    """What reading gives: the frame, or the error's message, file and row."""
    try:
        return read_csv_checked(path, columns, keep_row=True)
    except DataError as exc:
        return (str(exc), exc.path, exc.row)


def _same(quick, careful) -> None:
    if isinstance(careful, pd.DataFrame):
        assert isinstance(quick, pd.DataFrame), quick
        pd.testing.assert_frame_equal(quick, careful)
    else:
        assert not isinstance(quick, pd.DataFrame), quick
        assert quick == careful


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
def test_the_quick_reading_gives_what_the_careful_one_gives(tmp_path_factory, body, lf_end):
    """On any text: the same rows, lines and strings, or the same error (the quick reading
    hands anything unusual to the careful one)."""
    path = tmp_path_factory.mktemp("csv") / "figures.csv"
    path.write_bytes(("a,b\n" + body + ("\n" if lf_end else "")).encode("utf-8"))
    quick = _outcome(path, ["a", "b"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tables_io, "_read_quickly", lambda *args: None)
        careful = _outcome(path, ["a", "b"])
    _same(quick, careful)


@pytest.mark.parametrize("body", ['x,"y\n', 'x,y\nz,"w\n', 'x,"y\nz\n', 'x,"y\n\n'])
def test_a_line_break_inside_a_quote_is_never_read_quickly(tmp_path, body):
    """A quote left open at the end of the file keeps the final line break in the last cell,
    and leaves as many records as lines: the careful reading must still name it."""
    path = tmp_path / "figures.csv"
    path.write_bytes(("a,b\n" + body).encode("utf-8"))
    assert tables_io._read_quickly(path.read_text(), ["a", "b"]) is None
    quick = _outcome(path, ["a", "b"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tables_io, "_read_quickly", lambda *args: None)
        _same(quick, _outcome(path, ["a", "b"]))


def test_the_real_figure_files_are_read_quickly_and_as_carefully(monkeypatch):
    """Every committed figures file takes the quick reading, and gives the careful result."""
    from analysis.sources.figure_files import FIGURE_COLUMNS, figure_files
    calls = []
    real = tables_io._read_quickly
    monkeypatch.setattr(tables_io, "_read_quickly",
                        lambda *a: calls.append(real(*a) is not None) or real(*a))
    files = figure_files()
    quick = [read_csv_checked(p, FIGURE_COLUMNS, keep_row=True) for p in files]
    assert calls == [True] * len(files)
    monkeypatch.setattr(tables_io, "_read_quickly", lambda *args: None)
    for path, frame in zip(files, quick, strict=True):
        pd.testing.assert_frame_equal(frame, read_csv_checked(path, FIGURE_COLUMNS,
                                                              keep_row=True), obj=path.name)
