"""What readers get: pages with titles, dates and followable sources; the paper viewer; a
workbook of typed cells with a contents sheet; CSVs Excel reads; tables rendered safely."""

from __future__ import annotations

import re
from datetime import date

import openpyxl
import pandas as pd
import pytest

from analysis.publish.appendix import BUILDERS
from analysis.publish.notebook import load
from analysis.publish.page import decorate, parameters_in_words
from analysis.publish.tables import Table, render_html, source_links
from analysis.publish.viewer import anchors, paper_page
from analysis.publish.workbook import Sheet, sheet_names, write_csvs, write_workbook
from analysis.sources.papers import load_registry

from .conftest import lines_of, needs_papers, now

REGISTRY = load_registry(now().papers_csv)


@pytest.fixture(scope="module")
def appendices():
    return {name: BUILDERS[name](load(name)) for name in BUILDERS}


def test_every_appendix_has_a_title_messages_and_tables(appendices):
    for name, app in appendices.items():
        assert app.title and app.lead, name
        assert 2 <= len(app.messages) <= 6, name
        assert app.tables, name


def test_no_internal_ids_in_reader_facing_tables(appendices):
    ids = re.compile(r"\b(?:wf|ascof|sg|reab|budget)_[a-z0-9_]+\b|\.p\d{4}\b|\.t\d{4}c\d")
    for name, app in appendices.items():
        for title, table in app.tables.items():
            page = render_html(table, REGISTRY)
            text = re.sub(r"<[^>]+>", " ", page)
            text = re.sub(r"#t-[a-z0-9-]+", " ", text)  # the table's own CSS id
            assert not ids.search(text), (name, title, ids.search(text).group(0))
            assert not re.search(r"\d{3}_[0-9a-f]{16}\.txt", text), (name, title)


def test_a_source_is_a_citation_linked_to_its_line():
    links = source_links("leicestershire-2025-01-20:775;leicestershire-2025-01-20:942",
                         REGISTRY)
    assert links.startswith("Leicestershire, 20 Jan 2025, lines ")  # full names under Sources
    assert 'href="../reports/papers/leicestershire-2025-01-20.html#L775">775</a>' in links


def test_table_cells_from_data_are_escaped():
    data = pd.DataFrame({"measure": ["<script>alert(1)</script>"], "value": ["<b>1</b>"],
                         "locations": ["leicestershire-2025-01-20:775"]})
    page = render_html(Table("t", data, caption="<img src=x onerror=alert(1)>"), REGISTRY)
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "<b>1</b>" not in page and "onerror=alert(1)>" not in page


def test_totals_are_marked_and_groups_shown(appendices):
    lines = appendices["30_budgets"].tables["Leicestershire service lines"]
    page = render_html(lines, REGISTRY)
    assert lines.data["total"].sum() >= 8
    assert page.count("font-weight: bold") >= lines.data["total"].sum()
    assert "Care Pathway - Operational Commissioning" in page


def test_a_council_with_no_budget_tables_is_said(appendices):
    messages = appendices["30_budgets"].messages
    said = [m for m in messages if "print no budget tables" in m]
    assert said == ["Leicester's papers print no budget tables (only a total and 2 other amounts "
                    "in their text), so service lines, growth and savings cannot be compared."]
    # not Leicestershire's, it does; Leicester's only table is of its other amounts
    assert [k for k in appendices["30_budgets"].tables if k.startswith("Leicester ")] == [
        "Leicester other amounts"]


# ---------------------------------------------------------------- the page
HOSTILE = '</style><script>alert("x")</script>'


def test_a_hostile_title_or_parameter_cannot_break_out_of_the_page_banner_or_print_rules():
    page = decorate("<html><head><title>n</title></head><body><p>x</p></body></html>",
                    "Workforce " + HOSTILE, {"authorities": [HOSTILE], "period": "latest"},
                    REGISTRY, date(2025, 3, 31), date(2026, 12, 1), {})
    assert "<script>" not in page and page.count("</style>") == page.count("<style>")
    banner = page.split('<div class="asc-banner">')[1]
    assert "&lt;script&gt;" in banner.split("</h1>")[0]  # the title, shown as text
    assert banner.count("&lt;script&gt;") == 2  # and the parameter


def test_a_page_has_a_title_a_date_its_papers_and_its_parameters_in_words():
    page = decorate("<html><head><title>Notebook</title></head><body><p>x</p></body></html>",
                    "Workforce", {"authorities": ["Leicester", "Leicestershire"],
                                  "period": "latest", "measures": ["wf_vacancy_rate"]},
                    REGISTRY, date(2025, 3, 31), date(2026, 12, 1), {"wf_vacancy_rate":
                                                                    "Vacancy rate"})
    assert "<title>Workforce</title>" in page and "<title>Notebook" not in page
    assert "Generated 1 Dec 2026" in page
    assert "newest outcome or activity figure runs to 31 Mar 2025" in page
    assert "Leicestershire Adults and Communities Overview and Scrutiny, 20 Jan 2025" in page
    assert "Councils: Leicester and Leicestershire" in page and "Vacancy rate" in page
    assert "wf_vacancy_rate" not in page.split("<body>")[1]
    assert "@page { size: A4" in page and "counter(page)" in page
    assert "@page wide { size: A4 landscape; }" in page


def test_parameters_read_as_words():
    words = parameters_in_words({"benchmarks": ["England"], "show_passed": False,
                                 "budget_year": "2025/26"}, {})
    assert words == ("Benchmarks: England; Checks that passed: counted in the key messages, not "
                     "listed; Budget year: 2025/26")
    # more than three measures are counted, not listed: the comparison table names them
    many = parameters_in_words({"measures": ["a", "b", "c", "d"]}, {"a": "A"})
    assert many == "Measures: 4, each named in the comparison table"
    assert parameters_in_words({"measures": ["a", "b"]}, {"a": "A", "b": "B"}) == \
        "Measures: A and B"


@needs_papers
def test_the_paper_viewer_has_an_anchor_for_every_line_and_escapes_the_text():

    lines = lines_of("leicestershire-2025-01-20")
    page = paper_page("leicestershire-2025-01-20", lines, "x", "y")
    assert anchors(page) == set(range(1, len(lines) + 1))
    assert ":target" in page and "<u>Care Pathway" not in page


# ---------------------------------------------------------------- the workbook and CSVs
@pytest.fixture(scope="module")
def book(appendices, tmp_path_factory):
    folder = tmp_path_factory.mktemp("book")
    sheets = [Sheet(app.title, name, t) for name, app in appendices.items()
              for t in app.tables.values()]
    evil = pd.DataFrame({"text": ['=HYPERLINK("http://x","click")', "+1+1", "@SUM(A1)"],
                         "value": [1.0, 2.0, 3.0]})
    sheets.append(Sheet("Test", "99_test", Table("Formula-like text", evil, locations=None,
                                                units={"value": "count"})))
    names = write_workbook(folder / "tables.xlsx", sheets, REGISTRY, date(2026, 12, 1),
                           "commit abc")
    csvs = write_csvs(sheets, folder / "tables", REGISTRY)
    return folder, sheets, names, csvs


def test_the_workbook_opens_on_a_contents_sheet_listing_every_sheet(book):
    folder, sheets, names, _ = book
    wb = openpyxl.load_workbook(folder / "tables.xlsx")
    assert wb.sheetnames[0] == "Contents" and wb.sheetnames[1:] == names
    listed = [r[0] for r in wb["Contents"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert set(names) <= set(listed)
    assert len(set(names)) == len(names) and all(len(n) <= 31 for n in names)
    assert wb.properties.title.startswith("Leicester and Leicestershire")


def test_value_cells_are_numbers_with_formats(book):
    folder, sheets, names, _ = book
    wb = openpyxl.load_workbook(folder / "tables.xlsx")
    i = next(k for k, s in enumerate(sheets)
             if s.table.title.startswith("Leicestershire service lines"))
    ws = wb[names[i]]
    assert ws["A1"].value == sheets[i].table.caption  # the full title, in the first row
    header = [c.value for c in ws[2]]
    col = header.index("value") + 1
    cells = [ws.cell(row=r, column=col) for r in range(3, ws.max_row + 1)]
    assert all(isinstance(c.value, int | float) for c in cells)
    assert {c.number_format for c in cells} == {"£#,##0;-£#,##0"}
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref.startswith("A2:")
    assert ws["A1"].font.bold and ws["A2"].font.bold
    numbers = 0
    for sheet in wb.worksheets[1:]:  # every value column holds numbers, never text
        header = [c.value for c in sheet[2]]
        for name in ("value", "benchmark_value"):
            if name in header:
                values = [sheet.cell(row=r, column=header.index(name) + 1).value
                          for r in range(3, sheet.max_row + 1)]
                assert all(v is None or isinstance(v, int | float) for v in values), sheet.title
                numbers += sum(isinstance(v, int | float) for v in values)
    assert numbers > 400


def test_formula_like_text_stays_text_in_the_workbook_and_csv(book):
    folder, sheets, names, csvs = book
    ws = openpyxl.load_workbook(folder / "tables.xlsx")[names[-1]]
    assert [ws.cell(row=r, column=1).value for r in range(3, 6)] == [
        "'=HYPERLINK(\"http://x\",\"click\")", "'+1+1", "'@SUM(A1)"]
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in range(3, 6))
    text = (folder / "tables" / csvs[-1]).read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text


def test_csvs_start_with_a_byte_order_mark(book):
    folder, _, _, csvs = book
    for name in csvs:
        assert (folder / "tables" / name).read_bytes()[:3] == b"\xef\xbb\xbf"


def test_sheet_names_are_short_and_unique_even_for_long_titles():
    long = Table("A very long title that goes on and on beyond the limit", pd.DataFrame())
    names = sheet_names([Sheet("a", "n", long)] * 3)
    assert len(set(names)) == 3 and all(len(n) <= 31 for n in names)
    assert names[0] == "01 A very long title that goes…"  # cut at a word, and said to be cut
