"""No cell of the exported tables runs as a formula in a spreadsheet: one guard, both formats."""

from __future__ import annotations

import csv
from datetime import date

import openpyxl
import pandas as pd
import pytest

from analysis.publish.appendix import Appendix
from analysis.publish.cells import safe_frame, spreadsheet_safe
from analysis.publish.tables import Table
from analysis.runner.export import Setting, write_tables
from analysis.sources.papers import load_registry

from .conftest import now

FORMULAS = ['=HYPERLINK("https://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A2)",
            "\t=1", "\r=1", "=cmd|' /C calc'!A0"]
NUMBERS = ["-£1,780,000", "-5", "+2.5%", "-0.5", "£1,900,000", "-£25.8m"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_a_spreadsheet_would_run_is_made_inert(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", NUMBERS + ["Leicester", "", "not reported", 5, -3.2, None])
def test_numbers_and_ordinary_text_are_left_alone(value):
    assert spreadsheet_safe(value) == value


def test_column_names_are_guarded_too():
    out = safe_frame(pd.DataFrame({"=1+1": ["a"], "ok": ["@x"]}))
    assert list(out.columns) == ["'=1+1", "ok"] and out.loc[0, "ok"] == "'@x"


@pytest.fixture
def exported(tmp_path):
    hostile = pd.DataFrame({"measure": FORMULAS, "value": NUMBERS + ["1"]})
    table = Table("Comparison", hostile, caption="=HYPERLINK(\"x\")", locations=None)
    appendix = Appendix("Workforce", "lead", [], {"comparison": table})
    setting = Setting(load_registry(now().papers_csv), date(2025, 3, 31), date(2026, 12, 1), {},
                      "@provenance")
    write_tables({"10_workforce": appendix}, tmp_path, setting)
    return tmp_path


def test_the_csv_export_holds_no_live_formula(exported):
    with open(exported / "tables" / "10_workforce-comparison.csv", newline="",
              encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    cells = [c for row in rows[1:] for c in row]
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")
            and c not in NUMBERS] == []
    assert [r[0] for r in rows[1:]] == ["'" + t for t in FORMULAS]  # a CR stays inside its cell
    assert [r[1] for r in rows[1:]] == NUMBERS + ["1"]


def test_the_workbook_holds_no_formula_cell(exported):
    book = openpyxl.load_workbook(exported / "tables.xlsx")
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert book.worksheets[0]["D2"].value == "'=HYPERLINK(\"x\")"  # the contents sheet too
    sheet = book.worksheets[1]
    # XML reads a carriage return back as a line feed; the cell is text either way.
    assert [r[0].value for r in sheet.iter_rows(min_row=3)] == [
        "'" + t.replace("\r", "\n") for t in FORMULAS]
