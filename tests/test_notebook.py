"""What notebooks call: hostile text from the data stays inert on every path to the page, and a
chosen period the papers do not print is said, not left as an empty table."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import IPython.display
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from nbconvert.filters.markdown import markdown2html

from analysis.publish import plots
from analysis.publish.notebook import load
from analysis.publish.tables import Table

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


def _hostile_catalogue(ctx, text: str):
    measures = ctx.measures.copy()
    measures["label"] = measures["label"] + " " + text
    measures["comparability"] = text
    ctx.measures = measures
    ctx.ind = ctx.ind.assign(measure_label=ctx.ind["measure_label"] + " " + text)
    return ctx


@pytest.mark.parametrize("text", HOSTILE)
def test_a_note_shows_hostile_text_literally(shown, workforce, text):
    workforce.note(f"Caveat: {text}")
    assert Markup(shown[0]).live() == []
    assert f"Caveat: {text}" in html.unescape(shown[0])  # shown, not swallowed


@pytest.mark.parametrize("text", HOSTILE)
def test_labels_and_caveats_from_the_catalogue_stay_inert_in_charts_and_notes(shown, text):
    ctx = _hostile_catalogue(load("10_workforce"), text)
    ctx.bars(title="Rates")
    ctx.trend("wf_turnover_rate")
    ctx.messages()
    ctx.show("comparison")
    ctx.show("ratings")
    assert any("../reports/papers/" in page for page in shown)
    assert len(shown) >= 5  # the chart, the trend, the messages and the table
    assert any(text in html.unescape(page) for page in shown)  # shown, not swallowed
    for page in shown:
        assert Markup(page).live() == [], page[:300]


@pytest.mark.parametrize("text", HOSTILE)
def test_table_cells_headers_and_captions_are_escaped(shown, workforce, text):
    data = pd.DataFrame({text: [text, "£1"], "locations": ["", ""]})
    workforce.appendix.tables["t"] = Table(f"Title {text}", data, caption=f"Caption {text}",
                                           notes=[f"Note {text}"])
    workforce.show("t")
    page = shown[0]
    assert Markup(page).live() == []
    assert page.count("&lt;") >= 4 * text.count("<")
    assert f"Caption {text}" in html.unescape(page) and f"Note {text}" in html.unescape(page)


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
