"""The measure profile, the paper viewer and print: the chart plots what the tables list, a
cited line opens in view with the conversion's markup read as what it stands for, alt text
stays alt text, and a councillor's page holds no developer instructions or internal ids."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest

from analysis.compare.select import part_year_figure
from analysis.publish import plots
from analysis.publish.notebook import load
from analysis.publish.page import PRINT_CSS
from analysis.publish.viewer import STYLE, paper_page, shown_line

from .conftest import lines_of, needs_papers
from .test_notebook import committed, tagged

PAPERS = ("leicester-2025-04-30", "leicester-2025-05-06", "leicester-2025-06-26",
          "leicestershire-2017-03-07", "leicestershire-2025-01-20")
WHO = ["Leicester", "Leicestershire", "England", "East Midlands"]


def test_the_profile_chart_plots_every_figure_its_comparison_lists():
    ctx = load("05_explore")
    frame = ctx.data.compare(["wf_turnover_rate"], WHO[:2], WHO[2:])
    points = ctx.data.series("wf_turnover_rate", WHO)
    plotted = set(zip(points["authority"], points["period"], points["display"], strict=True))
    listed = frame[frame["block"] == "headline"]
    assert len(listed) == 4
    for _, r in listed.iterrows():  # the county's 2022/23 figure is independent sector only
        assert (r["authority"], r["period"], r["display"]) in plotted, r["authority"]
    county = points[(points["authority"] == "Leicestershire") & (points["period"] == "2022/23")]
    assert county["segment"].iloc[0] == "Leicestershire, independent sector only, published 2025"


def test_an_annual_rate_as_at_a_month_is_drawn_as_annual_not_part_year():
    points = load("05_explore").data.series("wf_turnover_rate", WHO)
    july = points[points["period"] == "Jul 2015"]
    assert len(july) == 2 and not july["part_year"].any()
    assert "under a year" not in " ".join(july["segment"])
    data = load("20_reablement").data
    frame = data.compare(["ascof_reablement_no_ongoing_need"], ["Leicestershire"], [])
    fig = data.ind.set_index("figure_id").loc[frame.iloc[0]["figure_id"]]
    assert frame.iloc[0]["period"] == "Apr-Nov 2024" and bool(part_year_figure(fig))
    assert "part of a year (Apr-Nov 2024)" in frame.iloc[0]["caveats"]


def test_a_cited_line_opens_below_no_fixed_header_and_in_view():
    assert not re.search(r"position:\s*(sticky|fixed)", STYLE)
    assert "scroll-margin-top" in STYLE


@needs_papers
@pytest.mark.parametrize("paper", PAPERS)
def test_the_viewer_reads_the_conversions_markup_as_what_it_stands_for(paper):
    lines = lines_of(paper)
    page = paper_page(paper, list(lines), "A council", "Pack")
    body = page.split("<main>")[1]
    for tag in ("p", "/p", "ul", "/ul", "ol", "/ol", "li"):
        assert not re.search(rf"&lt;{tag}(&gt;| )", body), tag
    assert "^[" not in body
    # a '**' left is the paper's own mark: on a line where it pairs with nothing
    for n, shown in enumerate(re.findall(r'<span class="line" id="L\d+">(.*?)</span>', body,
                                         re.S), start=1):
        if "**" in shown:
            assert lines[n - 1].count("**") % 2 == 1, (paper, n)
    assert "paragraph and list tags" in page.split("<main>")[0]


@needs_papers
def test_the_mtfs_amended_item_stars_are_kept_and_bold_is_bold():
    lines = lines_of("leicestershire-2025-01-20")
    body = paper_page("x", list(lines), "Leicestershire", "Pack").split("<main>")[1]
    line = dict(re.findall(r'<span class="line" id="L(\d+)"><a [^>]*>\d+</a>(.*?)</span>',
                           body, re.S))
    assert line["286"].startswith(" - ** - item included")  # the legend of the stars
    assert line["313"].startswith("**G7 Older People demand")
    assert line["700"].startswith("**")
    assert "<strong>new contacts</strong>" in line["765"]  # 002:765 '**new contacts**'
    assert "<strong>ADULTS AND COMMUNITIES OVERVIEW AND SCRUTINY</strong>" in line["206"]
    # anything else stays text
    assert shown_line("<script>x</script> **a** <b>c</b>") == \
        "&lt;script&gt;x&lt;/script&gt; <strong>a</strong> &lt;b&gt;c&lt;/b&gt;"


def test_alt_text_is_not_repeated_as_a_visible_paragraph():
    fig, _ = plt.subplots()
    page = plots.to_html(fig, "Outcomes (per cent). Bar chart in per cent: a 1%; b 2%.",
                         "Outcomes (per cent)")
    assert re.search(r"<figcaption>Outcomes \(per cent\)</figcaption>", page)
    chart = plots.rate_charts(load("00_briefing").data.compare(
        ["wf_vacancy_rate"], WHO[:2], WHO[2:]), "workforce", "Workforce")[0]
    caption = re.search(r"<figcaption>(.*?)</figcaption>", chart.html()).group(1)
    # the title is drawn in the chart: the caption names every source instead, in full
    assert caption.startswith("Sources: ") and "Workforce (per cent)" not in caption
    assert "…" not in caption and chart.alt.startswith("Workforce (per cent)")
    for source in chart_rows_sources(load("00_briefing").data, ["wf_vacancy_rate"]):
        assert source in caption


def chart_rows_sources(data, measures):
    frame = data.compare(measures, WHO[:2], WHO[2:])
    rows = frame[(frame["block"] == "headline") & frame["value"].notna()
                 & (frame["unit"] == "percent")]
    return {s for cell in rows["sources"] for s in cell.split("; ") if s}


def test_a_chart_is_one_scale_and_never_a_single_bar():
    data = load("50_other").data
    frame = data.compare(["ascof_permanent_admissions_18_64", "ascof_permanent_admissions_65_plus"],
                         WHO[:2], WHO[2:])
    charts = plots.rate_charts(frame, None, "Admissions")
    # 13.8 and 564 per 100,000 are not drawn on one axis
    assert len(charts) == 2 and all(": " in c.alt.split(". ")[0] for c in charts)
    one = data.compare(["ascof_permanent_admissions_65_plus"], ["Leicestershire"], [])
    assert plots.rate_charts(one, None, "Admissions") == []


def test_print_rules_break_no_word_and_keep_headings_with_what_follows():
    assert "table-layout: auto !important" in PRINT_CSS
    assert "hyphens: manual" in PRINT_CSS
    assert re.search(r"\.jp-MarkdownCell \{ break-after: avoid", PRINT_CSS)
    assert ".asc-table-notes { break-before: avoid;" in PRINT_CSS
    assert "tr.gt_group_heading_row { break-after: avoid;" in PRINT_CSS
    assert re.search(r"\.asc-sources \{ break-inside: avoid", PRINT_CSS)


def test_every_amount_on_every_page_lines_up_right_and_never_wraps_its_minus_sign():
    # the budgets' growth table printed '-' at a line's end and '£1,430,000' below it (G11)
    for name in ("30_budgets", "10_workforce", "50_other", "90_data_quality"):
        cells = re.findall(r'<td ([^>]*)>\s*(-£[\d,.]+[mk]?)\s*</td>', _committee_page(name))
        assert cells or name != "30_budgets"
        assert all("gt_right" in cls for cls, _ in cells), (name, cells[:3])
    assert re.search(r"td\.gt_right \{ white-space: nowrap; \}", PRINT_CSS)


@needs_papers
def test_the_profiles_excerpt_of_the_paper_is_the_one_committed(monkeypatch):
    # nbval ignores this cell's output (without the papers it is a note saying where the figure
    # is), so the committed excerpt is held to a fresh one here
    from analysis.publish.appendix import newest_printed
    from analysis.publish.notebook import Context
    cells = [c for c in committed("05_explore").cells if "ctx.excerpt(" in c.source]
    assert len(cells) == 1 and tagged(cells[0], "nbval-ignore-output")
    drawn: list[str] = []
    monkeypatch.setattr(Context, "_html", lambda self, body: drawn.append(body))
    ctx = load("05_explore")
    ctx.excerpt(newest_printed(ctx.data, ctx.params["measure"], ctx.params["authorities"]))
    assert drawn and drawn[0].startswith('<div class="asc-excerpt">')
    assert cells[0].outputs[0]["data"]["text/html"] == drawn[0]


def _committee_page(name: str) -> str:
    nb = committed(name)
    shown = []
    for c in nb.cells:
        if tagged(c, "explore") or tagged(c, "parameters"):
            continue
        if c.cell_type == "markdown":
            shown.append(c.source)
        shown += [o.get("data", {}).get("text/html", "") for o in c.get("outputs", [])]
    return "\n".join(shown)


def test_the_profile_page_holds_no_developer_instructions_or_internal_ids():
    page = _committee_page("05_explore")
    assert "Set `measure`" not in page and "from analysis import" not in page
    assert not re.search(r"\bwf_[a-z_]+\b", page.split('class="asc-sources"')[0])
    assert "Nothing to show here" not in page  # an empty section says what was found


def _boxes(fig):
    """The drawn extents of a figure's value labels, its legend and its axis labels."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
    fixed = [ax.xaxis.label.get_window_extent(renderer)]
    if ax.get_legend():
        fixed.append(ax.get_legend().get_window_extent(renderer))
    return labels, fixed


def test_chart_labels_never_overlap_each_other_the_legend_or_the_axis_label():
    data = load("05_explore").data
    for measure in ("wf_turnover_rate", "ascof_reablement_no_ongoing_need",
                    "ascof_home_91_days_after_discharge"):
        chart = plots.trend_chart(data.series(measure, WHO))
        labels, fixed = _boxes(chart.figure)
        assert labels, measure
        for i, a in enumerate(labels):
            assert not any(a.overlaps(b) for b in labels[i + 1:]), measure
            assert not any(a.overlaps(b) for b in fixed), measure
        assert not fixed[0].overlaps(fixed[1]), measure  # the legend clears the axis label
        plt.close(chart.figure)
    frame = data.compare(["wf_vacancy_rate", "wf_turnover_rate"], WHO[:2], WHO[2:])
    for chart in plots.rate_charts(frame, "workforce", "Workforce"):
        labels, _ = _boxes(chart.figure)
        assert len(labels) >= 6
        for i, a in enumerate(labels):
            assert not any(a.overlaps(b) for b in labels[i + 1:])
        plt.close(chart.figure)


def test_no_bar_chart_label_overlaps_another_on_any_page():
    """The workforce chart wrapped 'Direct care workforce with a relevant qualification
    (higher is better)' beside each bar into the next bar's label. Every page's bar charts:
    no two tick labels, group headings or value labels overlap."""
    from analysis.publish.appendix import BRIEFING
    from analysis.publish.params import NOTEBOOKS, Param
    data = load("00_briefing").data
    pages = [NOTEBOOKS[n].get("measures", Param(list, [], "")).default for n in NOTEBOOKS]
    checked = 0
    for ids in [BRIEFING, *filter(None, pages)]:
        for chart in plots.rate_charts(data.compare(ids, WHO[:2], WHO[2:])):
            fig = chart.figure
            fig.canvas.draw()
            renderer = fig.canvas.get_renderer()
            ax = fig.axes[0]
            boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
            boxes += [t.get_window_extent(renderer) for t in ax.get_yticklabels()
                      if t.get_text()]
            for i, a in enumerate(boxes):
                assert not any(a.overlaps(b) for b in boxes[i + 1:]), chart.caption
            checked += 1
            plt.close(fig)
    assert checked >= 5


def test_a_heading_before_a_wide_table_goes_to_its_landscape_page():
    """The workforce PDF left 'History' alone on a portrait page before its landscape table:
    on every page, the heading (and note) cells before a wide table are marked to print with
    it."""
    from analysis.publish.page import CELL, PRINT_CSS, with_wide_leads
    from analysis.runner.export import to_html
    from analysis.settings import ROOT
    assert ".jp-Cell.asc-wide-lead { page: wide; }" in PRINT_CSS
    for name in ("10_workforce", "40_safeguarding"):
        parts = with_wide_leads(to_html(ROOT / "notebooks" / f"{name}.ipynb")).split(CELL)
        wide = [i for i, p in enumerate(parts) if 'class="asc-table wide"' in p]
        assert len(wide) >= 2, name
        for i in wide:
            before = parts[i - 1]
            assert before.startswith("asc-wide-lead") or "<figure" in before, (name, i)
            assert "asc-wide-lead" in parts[i - 1] + parts[i - 2], (name, i)
