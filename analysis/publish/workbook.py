"""The workbook and CSVs an analyst opens: typed cells, number formats, a contents sheet.

Every appendix table becomes one sheet and one CSV with the same columns: values as numbers
(with £, % or count formats), the unit, period and value type in their own columns, and the
source as a citation a reader can follow. A Contents sheet comes first; sheet names are short,
unique and cut at a word, the full title in the sheet's first row and on Contents; the header
row (the second) is bold and frozen, columns are sized, filters are on. CSVs are UTF-8
with a byte-order mark so Excel shows £ and – correctly. No text cell can run as a formula.
"""

from __future__ import annotations

import numbers
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from ..sources.citations import cite_all
from .cells import safe_frame, spreadsheet_safe
from .tables import Table, slug

FORMATS = {"gbp": '£#,##0;-£#,##0', "gbp_per_hour": '£#,##0.00', "percent": '0.0"%"',
           "percent_change": '+0.0"%";-0.0"%"', "percentage_points": '+0.0" pts";-0.0" pts"',
           "count": '#,##0', "per_100k": '#,##0.0', "days": '0.0', "years": '0.0',
           "hours": '#,##0', "minutes": '0', "years_old": '0.0'}
MAX_WIDTH = 60
FIRST_ROW = 3  # a table sheet: its full title in row 1, the column names in row 2, then data


@dataclass(frozen=True)
class Sheet:
    appendix: str        # the appendix's title
    notebook: str        # e.g. 00_briefing
    table: Table


def number_format(unit: str, value: float) -> str:
    """The cell format for a value: its unit's, with as many decimals as the value has (a
    printed 37% shows as 37%, 7.5% as 7.5%).

    >>> number_format("percent", 37.0), number_format("percent", 7.5), number_format("gbp", 5.0)
    ('0"%"', '0.0"%"', '£#,##0;-£#,##0')
    """
    base = FORMATS[unit]
    if "0.0" not in base:
        return base
    decimals = next((d for d in range(3) if round(value, d) == round(value, 6)), 3)
    return base.replace("0.0", "0." + "0" * decimals if decimals else "0")


SHEET_NAME = 31  # the most characters Excel allows in a sheet name


def fitted(text: str, room: int) -> str:
    """``text`` in at most ``room`` characters, cut at a word and marked '…' when cut.

    >>> fitted("Leicestershire service lines 2025/26", 24)
    'Leicestershire service…'
    """
    if len(text) <= room:
        return text
    out = ""
    for word in text.split():
        if len(out) + bool(out) + len(word) > room - 1:
            break
        out = f"{out} {word}".strip()
    return (out or text[:room - 1]) + "…"


def sheet_names(sheets: list[Sheet]) -> list[str]:
    """Short unique names, numbered and cut at a word: '01 Headline measures comparison'
    (Excel allows 31 characters; the full title is on the Contents sheet and in the sheet's
    first row)."""
    names = []
    for i, s in enumerate(sheets, start=1):
        base = " ".join(re.sub(r"[\[\]:*?/\\']", " ", s.table.title).split())
        prefix = f"{i:02d} "
        names.append(prefix + fitted(base, SHEET_NAME - len(prefix)))
    return names


def export_frame(table: Table, registry: pd.DataFrame) -> pd.DataFrame:
    """The table's data as exported: bookkeeping columns dropped, sources as citations."""
    data = table.data.reset_index(drop=True).copy()
    where = table.locations or ("locations" if "locations" in data.columns else None)
    if where and where in data.columns:
        data["source"] = [cite_all(str(v), registry) if v else "" for v in data[where]]
        data = data.drop(columns=[where])
    if table.emphasis and table.emphasis in data.columns:  # so a SUM can leave totals out
        data[table.emphasis] = data[table.emphasis].map({True: "total", False: "item"})
        data = data.rename(columns={table.emphasis: "row"})
    keep = [c for c in data.columns if not str(c).startswith("_")]
    return data[keep]


def _unit_of(table: Table, column: str, row: pd.Series) -> str:
    unit = table.units.get(column, "")
    if unit.startswith("by row") and "_unit" in table.data.columns:
        return str(row.get("_unit", ""))
    return unit


def write_csvs(sheets: list[Sheet], folder: Path, registry: pd.DataFrame) -> list[str]:
    """One UTF-8 (with BOM) CSV per table; returns the file names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for s in sheets:
        name = f"{s.notebook}-{slug(s.table.title)}.csv"
        safe_frame(export_frame(s.table, registry)).to_csv(
            folder / name, index=False, encoding="utf-8-sig", lineterminator="\r\n")
        names.append(name)
    return names


CHANGES = "Changes"  # the sheet of what changed since the previous set


def write_workbook(path: Path, sheets: list[Sheet], registry: pd.DataFrame,
                   generated: date, provenance: str,
                   changes: tuple[pd.DataFrame | None, str] = (None, "")) -> list[str]:
    """``tables.xlsx``: Contents first, then what changed (``changes``: the changes and the
    sheet's heading, or None and why there are none to show; no sheet without a heading), then
    one formatted sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    contents = book.active
    contents.title = "Contents"
    names = sheet_names(sheets)
    header = ["sheet", "table", "appendix", "what it shows", "units", "notes"]
    contents.append(header)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE6F0")
    if changes[1]:
        contents.append([CHANGES, "What changed", "", spreadsheet_safe(changes[1]), "", ""])
        contents.cell(row=2, column=1).hyperlink = f"#'{CHANGES}'!A1"
    for sheet, name in zip(sheets, names, strict=True):
        units = sorted({u for u in sheet.table.units.values() if u}) or ["as labelled"]
        contents.append([spreadsheet_safe(v) for v in (
            name, sheet.table.title, sheet.appendix, sheet.table.caption,
            ", ".join(units), " ".join(sheet.table.notes))])
        cell = contents.cell(row=contents.max_row, column=1)
        cell.hyperlink = f"#'{name}'!A1"
        cell.font = Font(color="0000EE", underline="single")
    contents.append([])
    contents.append([f"Generated {generated:%d %B %Y}. {provenance}"])
    if changes[1]:
        _changes_sheet(book, *changes, bold, fill)
    for sheet, name in zip(sheets, names, strict=True):
        ws = book.create_sheet(name)
        data = export_frame(sheet.table, registry)
        raw = sheet.table.data.reset_index(drop=True)
        ws.append([spreadsheet_safe(sheet.table.caption or sheet.table.title)])
        ws.cell(row=1, column=1).font = Font(bold=True, size=12)
        ws.append([spreadsheet_safe(str(c)) for c in data.columns])
        for i, row in data.iterrows():
            values = []
            for value in row.to_numpy():
                if isinstance(value, float) and pd.isna(value):
                    values.append(None)
                elif isinstance(value, pd.Timestamp):
                    values.append(value.date())
                else:
                    values.append(spreadsheet_safe(value))
            ws.append(values)
            for j, column in enumerate(data.columns, start=1):
                unit = _unit_of(sheet.table, column, raw.loc[i]) if column in \
                    sheet.table.units else ""
                number = isinstance(row[column], numbers.Number) and not isinstance(
                    row[column], bool)
                if unit in FORMATS and number:
                    ws.cell(row=i + FIRST_ROW, column=j).number_format = number_format(
                        unit, row[column])
        _style(ws, data, bold, fill, Alignment, get_column_letter, header_row=2)
    _style(contents, pd.DataFrame(columns=header), bold, fill, Alignment, get_column_letter,
           widths=[26, 40, 34, 70, 20, 60])
    book.properties.title = "Leicester and Leicestershire adult social care: appendix tables"
    book.properties.creator = "analysis (asc-compare)"
    book.properties.description = f"Generated {generated:%d %B %Y}. {provenance}"
    book.properties.subject = "Tables of the comparison appendices, from the councils' papers"
    book.save(path)
    return names


def _changes_sheet(book, changes: pd.DataFrame | None, heading: str, bold, fill) -> None:
    """The Changes sheet: its heading, then one row per change (the columns of changes.csv)."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    ws = book.create_sheet(CHANGES)
    ws.append([spreadsheet_safe(heading)])
    ws["A1"].font = bold
    if changes is None:
        return
    ws.append([str(c) for c in changes.columns])
    for cell in ws[2]:
        cell.font, cell.fill = bold, fill
    for row in safe_frame(changes).itertuples(index=False):
        ws.append(list(row))
    ws.freeze_panes = "A3"
    if len(changes):
        ws.auto_filter.ref = f"A2:{get_column_letter(len(changes.columns))}{ws.max_row}"
    for j, width in enumerate([20, 24, 34, 16, 12, 30, 30, 30, 60, 18], start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
        for cells in ws.iter_rows(min_row=3, min_col=j, max_col=j):
            cells[0].alignment = Alignment(wrap_text=width >= 30, vertical="top")


def _style(ws, data: pd.DataFrame, bold, fill, Alignment, get_column_letter,
           widths: list[int] | None = None, header_row: int = 1) -> None:
    for cell in ws[header_row]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = f"A{header_row + 1}"
    if ws.max_row > header_row and ws.max_column > 0:
        ws.auto_filter.ref = f"A{header_row}:{get_column_letter(ws.max_column)}{ws.max_row}"
    for j in range(1, ws.max_column + 1):
        if widths:
            width = widths[j - 1] if j - 1 < len(widths) else 20
        else:
            column = data.columns[j - 1]
            longest = max([len(str(column))] + [len(str(v)) for v in data[column].head(200)])
            width = min(MAX_WIDTH, max(8, longest + 2))
        ws.column_dimensions[get_column_letter(j)].width = width
        if width >= MAX_WIDTH:
            for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                for cell in row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
