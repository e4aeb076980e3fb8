"""Strict CSV reading: a malformed file stops with its name and line, never loses a row."""

from __future__ import annotations

from pathlib import Path

import pytest

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
