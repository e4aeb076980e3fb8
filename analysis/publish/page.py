"""An exported appendix as a committee paper: a real title, what it was built from, print rules.

``decorate`` takes the code-free HTML nbconvert exports and adds what a clerk attaching it to a
committee pack needs: a ``<title>``; a banner with the generation date, the papers it was built
from (committee, meeting date, title) and the newest figure's period, and the parameters in
words; A4 print rules (page numbers, a running title, wide tables on landscape pages, headings
kept with what follows, nothing clipped); and links into the bundled paper texts.
"""

from __future__ import annotations

import html
import re
from datetime import date

import pandas as pd

from ..sources.citations import meeting, paper_name

PRINT_CSS = """
<style>
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
  @top-left { content: "{title}"; font: 8pt sans-serif; color: #444; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif;
    white-space: nowrap; }
  @bottom-left { content: "{stamp}"; font: 7pt sans-serif; color: #444; } }
@page wide { size: A4 landscape; }
body { max-width: 1180px; margin: 0 auto; font-family: "DejaVu Sans", Arial, sans-serif; }
.asc-banner { font: 12px sans-serif; color: #222; border-bottom: 1px solid #bbb;
  padding: 8px 12px; margin-bottom: 8px; background: #f6f7f9; }
.asc-banner h1 { font-size: 15px; margin: 0 0 4px 0; }
.asc-banner ul { margin: 2px 0 2px 18px; padding: 0; }
figure.asc-table { margin: 6px 0 14px 0; }
figure.asc-table.wide { page: wide; }
/* great_tables fixes the layout when columns have widths: auto lets a column grow to its
   longest word, so no word is broken; only a token longer than the page wraps */
figure.asc-table table { width: 100% !important; table-layout: auto !important; }
figure.asc-table td, figure.asc-table th { overflow-wrap: break-word; word-break: normal;
  hyphens: manual; vertical-align: top; }
figure.asc-table th { overflow-wrap: normal; }
h1, h2, h3, figcaption, .gt_heading { hyphens: manual; overflow-wrap: normal; }
/* a link in running text or a table cell is underlined, not told apart by colour alone */
figure.asc-table a, .asc-messages a, .asc-note a, .asc-sources a {
  text-decoration: underline !important; }
/* a paper's lines quoted in full: wrapped at spaces, never cut at the edge or mid-word */
.asc-excerpt pre { white-space: pre-wrap !important; word-break: normal !important;
  overflow-wrap: break-word !important; overflow: visible !important; }
figure.asc-chart { margin: 8px 0; break-inside: avoid; }
figure.asc-chart figcaption { font-size: 11px; color: #333; }
.asc-table-notes p { font-size: 12px; color: #333; margin: 3px 0; }
/* a glossary's heading and lead stay on the page of its table */
.asc-glossary summary, .asc-glossary > p { break-after: avoid; page-break-after: avoid; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
tr, figure.asc-chart img, .asc-messages li { break-inside: avoid; page-break-inside: avoid; }
figure.asc-table td.gt_right { white-space: nowrap; }
/* a table's group heading row stays with the rows under it */
figure.asc-table tr.gt_group_heading_row { break-after: avoid; page-break-after: avoid; }
.asc-glossary table { border-collapse: collapse; font-size: 12px; }
.asc-glossary td, .asc-glossary th { border: 1px solid #ccc; padding: 2px 6px;
  text-align: left !important; }
@media print {
  body { max-width: none; font-size: 10pt; }
  /* flex layout keeps a table from starting its own (landscape) page and clips wide ones */
  .jp-Notebook, .jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea, .jp-OutputArea-child,
  .jp-OutputArea-output, .jp-RenderedHTMLCommon { display: block !important;
    width: auto !important; }
  .jp-Collapser, .jp-OutputPrompt, .jp-InputPrompt { display: none !important; }
  /* a heading or lead text stays on the page of what it introduces */
  .jp-MarkdownCell { break-after: avoid !important; page-break-after: avoid !important; }
  /* an output may run on to the next page: no nearly blank page before a long one */
  .jp-Cell, .jp-OutputArea, .jp-OutputArea-child, .jp-OutputArea-output,
  .asc-messages { break-inside: auto !important; page-break-inside: auto !important; }
  .jp-OutputArea-output, .jp-RenderedHTMLCommon, .jp-Cell, .jp-OutputArea,
  figure.asc-table > div { overflow: visible !important; max-width: none !important; }
  figure.asc-table { font-size: 8pt; }
  /* a table's notes, after it: kept together, and with the table's last rows */
  .asc-table-notes { break-before: avoid; page-break-before: avoid; }
  /* a wide table's cell, and the heading and note cells just before it, go on its
     landscape page together: a heading is never left alone at the foot of a portrait one */
  .jp-Cell:has(figure.asc-table.wide), .jp-Cell.asc-wide-lead { page: wide; }
  /* the short sources block is not split, leaving its last line alone on a page */
  .asc-sources { break-inside: avoid; page-break-inside: avoid; }
  .asc-glossary { display: block; }
  .asc-banner details { display: none; }  /* the papers are listed under Sources */
  .asc-glossary summary { list-style: none; }
  a { color: inherit; text-decoration: none; }
}
</style>
"""
PARAM_WORDS = {"authorities": "Councils", "benchmarks": "Benchmarks", "period": "Period",
               "budget_year": "Budget year", "measures": "Measures",
               "show_passed": "Checks that passed", "measure": "Measure",
               "search": "Measure looked up by the words"}
# a yes/no parameter in a reader's words: (when true, when false)
BOOL_WORDS = {"show_passed": ("listed", "counted in the key messages, not listed")}


def _listing(items: list[str]) -> str:
    items = [str(i) for i in items]
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def parameters_in_words(params: dict, labels: dict[str, str]) -> str:
    """'Councils: Leicester and Leicestershire; Benchmarks: England and East Midlands; Period:
    the newest each council prints, or an older one ...' (measure ids as their names)."""
    parts = []
    for key, value in params.items():
        name = PARAM_WORDS.get(key, key.replace("_", " ").capitalize())
        if key == "period" and value == "latest":
            shown = ("the newest each council prints, or an older one where it matches the "
                     "other council's or a benchmark's period (named under each table)")
        elif key == "measures":  # a long list is the comparison table's first column
            shown = _listing([labels.get(m, m) for m in value]) if len(value) <= 3 else \
                f"{len(value)}, each named in the comparison table"
        elif key == "measure":
            shown = labels.get(value, value) or "the best match of the search words"
        elif isinstance(value, bool):
            shown = BOOL_WORDS.get(key, ("yes", "no"))[0 if value else 1]
        elif isinstance(value, list):
            shown = _listing(value)
        else:
            shown = str(value)
        parts.append(f"{name}: {shown}")
    return "; ".join(parts)


def banner(title: str, params: dict, registry: pd.DataFrame, newest_figure: date,
           generated: date, labels: dict[str, str]) -> str:
    papers = "".join(f"<li>{html.escape(paper_name(r['paper_id'], registry))}: "
                     f"{html.escape(r['title'])}</li>" for _, r in
                     registry.sort_values("meeting_date").iterrows())
    return (f'<div class="asc-banner"><h1>{html.escape(title)}</h1>'
            f"<div>Generated {meeting(generated)} from the councils' committee papers; the "
            f"newest outcome or activity figure runs to {meeting(newest_figure)}.</div>"
            f"<div>{html.escape(parameters_in_words(params, labels))}</div>"
            f"<details><summary>The papers</summary><ul>{papers}</ul></details></div>")


def css_text(text: str) -> str:
    r"""Text for a quoted CSS ``content`` string inside a <style> element: quotes, backslashes
    and '<' (which could close the element) as CSS escapes.

    >>> css_text('a "b" </style>')
    'a \\22 b\\22  \\3c /style>'
    """
    return "".join(f"\\{ord(c):x} " if c in '"\\<' else c for c in text)


CELL = '<div class="jp-Cell '


def with_wide_leads(page: str) -> str:
    """The heading and note cells just before a wide table's cell marked ``asc-wide-lead``, so
    print puts them on its landscape page (a heading is never left alone at a page's foot).

    >>> cells = ('<div class="jp-Cell jp-MarkdownCell"><h2>History</h2></div>'
    ...          '<div class="jp-Cell jp-CodeCell"><figure class="asc-table wide"></figure></div>')
    >>> with_wide_leads(cells).count("asc-wide-lead")
    1
    """
    parts = page.split(CELL)
    for i in range(1, len(parts)):
        if 'class="asc-table wide"' not in parts[i]:
            continue
        for j in (i - 1, i - 2):  # the cells before it that print no table or chart
            if j < 1 or "<figure" in parts[j] or (j == i - 2 and "<figure" in parts[i - 1]):
                break
            if j == i - 2 and not parts[j].startswith("jp-MarkdownCell"):
                break
            parts[j] = "asc-wide-lead " + parts[j]
    return CELL.join(parts)


def decorate(page: str, title: str, params: dict, registry: pd.DataFrame, newest_figure: date,
             generated: date, labels: dict[str, str], provenance: str = "") -> str:
    """The exported page with its title, banner, print rules and local paper links."""
    stamp = f"Generated {meeting(generated)}. {provenance}".strip()
    css = PRINT_CSS.replace("{title}", css_text(title)).replace("{stamp}", css_text(stamp))
    page = re.sub(r"<title>.*?</title>", f"<title>{html.escape(title)}</title>", page,
                  count=1, flags=re.S)
    if "<title>" not in page:
        page = page.replace("<head>", f"<head><title>{html.escape(title)}</title>", 1)
    page = page.replace("</head>", css + "</head>", 1)
    page = with_wide_leads(page)
    top = banner(title, params, registry, newest_figure, generated, labels)
    page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + top, page, count=1)
    page = page.replace('<details class="asc-glossary">', '<details class="asc-glossary" open>')
    return page.replace('href="../reports/papers/', 'href="papers/')
