"""What notebooks call: hostile text from the data stays inert on every path to the page, and a
chosen period the papers do not print is said, not left as an empty table."""

from __future__ import annotations

import ast
import html
import re
from dataclasses import replace
from html.parser import HTMLParser

import IPython.display
import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest
from nbconvert.filters.markdown import markdown2html

from analysis.compare.messages import key_messages
from analysis.publish import plots
from analysis.publish.appendix import BUILDERS, comparison_table, ratings_table
from analysis.publish.notebook import NOTHING, load
from analysis.publish.params import NOTEBOOKS, defaults
from analysis.publish.plots import rate_charts, trend_chart
from analysis.publish.tables import Table, render_html
from analysis.runner.export import notebook_title
from analysis.settings import ROOT

HOSTILE = ['<script>alert("x")</script>', '<img src=x onerror=alert(1)>',
           '<a href="javascript:alert(1)">click</a>', "[click](javascript:alert(1))", "see https://evil.example/",
           '" onload="alert(1)', "<svg onload=alert(1)>", "![x](https://evil.example/x.png)"]


class Markup(HTMLParser):
    """Every tag and attribute in a page, to find anything that could act."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def live(self) -> list[str]:
        found = []
        for tag, attrs in self.tags:
            if tag in ("script", "iframe", "object", "embed", "svg"):
                found.append(f"<{tag}>")
            if tag == "a" and not re.fullmatch(r"\.\./reports/papers/[\w.-]+\.html#L\d+",
                                               attrs.get("href") or ""):
                found.append(f"<a> to {attrs.get('href')}")  # only links to a paper's line
            if tag == "img" and not attrs.get("src", "").startswith("data:image/png;base64,"):
                found.append("<img> from outside the page")
            found += [f"{tag} {k}=" for k in attrs if k.startswith("on")]
            found += [f"{tag} {k}={v}" for k, v in attrs.items()
                      if (v or "").strip().lower().startswith("javascript:")]
        return found


@pytest.fixture
def shown(monkeypatch) -> list[str]:
    """Everything the notebook helpers display, as the HTML a reader's page would hold."""
    pages: list[str] = []

    def display(*objs, raw=False, **kwargs):
        for obj in objs:
            if isinstance(obj, IPython.display.Markdown):
                pages.append(markdown2html(obj.data))
            elif isinstance(obj, IPython.display.HTML):
                pages.append(obj.data)

    monkeypatch.setattr(IPython.display, "display", display)
    return pages


@pytest.fixture(scope="module")
def workforce():
    return load("10_workforce")


def _hostile(ctx, text: str):
    """The context with ``text`` in every measure's label and caveat."""
    data = ctx.data
    measures = data.measures.assign(label=data.measures["label"] + " " + text,
                                    comparability=text)
    ind = data.ind.assign(measure_label=data.ind["measure_label"] + " " + text)
    return replace(ctx, data=replace(data, measures=measures, ind=ind))


@pytest.mark.parametrize("text", HOSTILE)
def test_a_note_shows_hostile_text_literally(shown, workforce, text):
    workforce.note(f"Caveat: {text}")
    assert Markup(shown[0]).live() == []
    assert f"Caveat: {text}" in html.unescape(shown[0])  # shown, not swallowed


@pytest.mark.parametrize("text", HOSTILE)
def test_labels_and_caveats_from_the_catalogue_stay_inert_in_charts_and_notes(shown, workforce,
                                                                              text):
    ctx = _hostile(workforce, text)
    p = ctx.params
    frame = ctx.data.compare(p["measures"], p["authorities"], p["benchmarks"])
    ctx.show(rate_charts(frame, title="Rates"))
    ctx.show(trend_chart(ctx.data.series("wf_turnover_rate", p["authorities"])))
    ctx.messages(key_messages(frame, p["authorities"]))
    ctx.show([comparison_table(frame, "Comparison"), ratings_table(frame, "Ratings")])
    ctx.glossary(frame)
    assert any("../reports/papers/" in page for page in shown)
    assert len(shown) >= 5  # the charts, the trend, the messages and the tables
    assert any(text in html.unescape(page) for page in shown)  # shown, not swallowed
    for page in shown:
        assert Markup(page).live() == [], page[:300]


@pytest.mark.parametrize("text", HOSTILE)
def test_table_cells_headers_and_captions_are_escaped(shown, workforce, text):
    data = pd.DataFrame({text: [text, "£1"], "locations": ["", ""]})
    workforce.show(Table(f"Title {text}", data, caption=f"Caption {text}",
                         notes=[f"Note {text}"]))
    page = shown[0]
    assert Markup(page).live() == []
    assert page.count("&lt;") >= 4 * text.count("<")
    assert f"Caption {text}" in html.unescape(page) and f"Note {text}" in html.unescape(page)


def test_nothing_to_show_is_said_not_left_blank(shown, workforce):
    workforce.show(None)
    workforce.show([None, None])
    workforce.show([])
    assert len(shown) == 3 and all(NOTHING.split(":")[0] in page for page in shown)


@pytest.mark.parametrize("text", HOSTILE)
def test_chart_alt_text_and_caption_cannot_break_out_of_the_image(text):
    fig, _ = plt.subplots()
    page = plots.to_html(fig, f"Chart of {text}")
    tags = Markup(page).tags
    assert [t for t, _ in tags] == ["figure", "img", "figcaption"]
    assert set(tags[1][1]) == {"src", "alt", "style"} and tags[1][1]["alt"] == f"Chart of {text}"
    assert Markup(page).live() == []


# ---------------------------------------------------------------- periods the papers do not print
def test_a_chosen_period_with_no_figures_is_said_with_the_years_that_exist():
    gaps = load("10_workforce", period="2010-11").period_gaps()
    assert len(gaps) == 1
    assert gaps[0].startswith("The papers print no figures for the period 2010/11")
    assert "2023/24" in gaps[0]


def test_a_budget_year_with_no_budget_is_said_with_the_years_that_exist():
    gaps = load("30_budgets", budget_year="2019-20").period_gaps()
    assert gaps == ["The papers print no net budget for 2019/20 for Leicester, Leicestershire. "
                    "Budget years they do print: 2028/29, 2027/28, 2026/27, 2025/26, 2024/25."]


@pytest.mark.parametrize(("notebook", "params"), [
    ("30_budgets", {"budget_year": "2025-26"}), ("20_reablement", {"period": "2016/17"}),
    ("10_workforce", {}),
])
def test_a_period_the_papers_print_brings_no_note(notebook, params):
    assert load(notebook, **params).period_gaps() == []


def test_setup_shows_the_gap_in_the_notebook(shown):
    from analysis.publish.notebook import setup
    setup("30_budgets", budget_year="2019/20")
    assert any("no net budget for 2019/20" in page for page in shown)


# ---------------------------------------------------------------- the notebooks as sources
NOTEBOOK_DIR = ROOT / "notebooks"
THEMES = ["00_briefing", "05_explore", "10_workforce", "20_reablement", "40_safeguarding",
          "50_other"]


def committed(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK_DIR / f"{name}.ipynb", as_version=4)


def tagged(cell, tag: str) -> bool:
    return tag in cell.get("metadata", {}).get("tags", [])


def literals(source: str) -> dict:
    """The names a parameters cell binds, each to its literal value."""
    found = {}
    for node in ast.parse(source).body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, ast.dump(node)
        found[node.targets[0].id] = ast.literal_eval(node.value)
    return found


def test_there_is_one_notebook_for_each_schema_and_no_other():
    assert sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb")) == sorted(NOTEBOOKS)


@pytest.mark.parametrize("name", list(NOTEBOOKS))
def test_the_parameters_cell_declares_exactly_its_schema_with_the_defaults(name):
    cells = [c for c in committed(name).cells if tagged(c, "parameters")]
    assert len(cells) == 1, "one cell tagged 'parameters'"
    declared = literals(cells[0].source)
    assert list(declared) == list(NOTEBOOKS[name])  # the same names, in the schema's order
    assert declared == defaults(name)


@pytest.mark.parametrize("name", list(NOTEBOOKS))
def test_the_cell_after_the_parameters_validates_all_of_them(name):
    cells = committed(name).cells
    first = next(i for i, c in enumerate(cells) if tagged(c, "parameters"))
    call = next(n for n in ast.walk(ast.parse(cells[first + 1].source))
                if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "setup")
    assert ast.literal_eval(call.args[0]) == name
    assert {k.arg: k.value.id for k in call.keywords} == {k: k for k in NOTEBOOKS[name]}


@pytest.mark.parametrize("name", list(NOTEBOOKS))
def test_a_notebook_defines_no_function_or_class_of_its_own(name):
    for cell in committed(name).cells:
        if cell.cell_type == "code":
            defined = [type(n).__name__ for n in ast.walk(ast.parse(cell.source))
                       if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
                                     | ast.Lambda)]
            assert not defined, (name, cell.source)


@pytest.mark.parametrize("name", THEMES)
def test_a_theme_notebook_builds_its_comparison_frame_in_plain_sight(name):
    cells = committed(name).cells
    built = [c for c in cells if c.cell_type == "code" and "frame = compare(" in c.source]
    assert len(built) == 1 and not tagged(built[0], "explore")  # the page needs it too
    shown = [c for c in cells if tagged(c, "explore") and c.source.startswith("frame[")]
    assert shown, "an explore cell shows the frame"
    assert "text/html" in shown[0].outputs[0]["data"]  # a DataFrame, as pandas shows it
    for column in ("measure", "authority", "display", "period", "comparability",
                   "comparability_reason", "rating", "direction", "sources"):
        assert f'"{column}"' in shown[0].source


def _page_outputs(nb) -> str:
    """What a notebook shows on its committee page: the outputs of cells not for exploring."""
    return "".join(o.get("data", {}).get("text/html", "") for c in nb.cells
                   if not tagged(c, "explore") for o in c.get("outputs", []))


@pytest.mark.parametrize("name", list(NOTEBOOKS))
def test_a_notebook_shows_exactly_the_tables_of_its_appendix_in_the_workbook(name):
    nb = committed(name)
    page = _page_outputs(nb)
    ctx = load(name)
    app, registry = BUILDERS[name](ctx), ctx.data.registry
    for table in app.tables.values():
        assert render_html(table, registry) in page, (name, table.title)
    interactive = sum(c.source.count("ctx.interactive(") for c in nb.cells
                      if not tagged(c, "explore"))
    assert page.count('<figure class="asc-table') == len(app.tables) + interactive
    messages = "".join(f"<li>{html.escape(m)}</li>" for m in app.messages)
    assert messages in page  # the key messages the index and the page share
    # the page banner, the index and the workbook take the title from the heading a reader sees
    assert app.title.startswith(notebook_title(NOTEBOOK_DIR / f"{name}.ipynb"))  # profile: +measure
    assert all(not tagged(c, "explore") for c in nb.cells
               if "ctx.show(" in c.source or "ctx.messages(" in c.source)
