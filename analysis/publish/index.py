"""The front door of a report set: what each appendix is, when it was made, from which papers.

>>> import pandas as pd
>>> registry = pd.DataFrame({"paper_id": ["p"], "council": ["Leicester"],
...     "committee": ["Adult Social Care Scrutiny Commission"], "meeting_date": ["2025-05-06"],
...     "title": ["Agenda pack"], "file_name": ["000_x.txt"]})
>>> page = index_page([Entry("00_briefing", "Briefing", "Where they compare.", "ran", "")],
...                   registry, date(2026, 12, 1), "commit abc")
>>> "<title>" in page and 'href="00_briefing.html"' in page and "6 May 2025" in page
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

import pandas as pd

from ..sources.citations import meeting, paper_name

STYLE = """<style>
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 960px; margin: 24px auto;
  color: #111; line-height: 1.45; padding: 0 12px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 22px; }
.stamp { color: #333; font-size: 13px; }
ul.appendices li { margin: 8px 0; }
.asc-changes { border-left: 4px solid #E69F00; background: #fff8e6; padding: 2px 14px;
  margin: 14px 0; } .asc-changes li { margin: 5px 0; }
.failed { color: #a00000; font-weight: bold; }
a { color: #0b4f8a; }
</style>"""


@dataclass(frozen=True)
class Entry:
    name: str
    title: str
    lead: str
    status: str       # ran | skipped | failed
    error: str
    note: str = ""    # what else a reader must know: out of date, tables not exported
    last_good: bool = False  # a failed appendix whose last good run is still published


def index_page(entries: list[Entry], registry: pd.DataFrame, generated: date,
               provenance: str, pdf: bool = False, papers: frozenset[str] | None = None,
               changes: str = "") -> str:
    """index.html: what changed since the previous set (``changes``, a section already
    escaped), the appendices with a line each, what failed in words, the papers, the workbook
    and the paper texts (``papers``: those with a viewer page; None, every one)."""
    items = []
    for e in entries:
        title, note = html.escape(e.title), (f" <em>{html.escape(e.note)}</em>" if e.note
                                             else "")
        failed = (f'<a href="failed/{html.escape(e.name)}.ipynb">the failed notebook</a>, '
                  "failing cell marked")
        if e.status == "failed" and not e.last_good:
            items.append(f'<li><span class="failed">{title}: not produced this time.</span> '
                         f"{html.escape(e.error)} See {failed}.{note}</li>")
            continue
        extra = f' (<a href="{html.escape(e.name)}.pdf">PDF</a>)' if pdf else ""
        link = (f'<a href="{html.escape(e.name)}.html"><strong>{title}</strong></a>{extra}: '
                f"{html.escape(e.lead)}")
        if e.status == "failed":
            link = (f'<span class="failed">{title}: this run failed</span> '
                    f"({html.escape(e.error)}; see {failed}). The appendix shown is from its "
                    f"last good run: {link}")
        items.append(f"<li>{link}{note}</li>")
    failed = [e for e in entries if e.status == "failed"]
    warning = (f'<p class="failed">{len(failed)} of {len(entries)} appendices failed this run: '
               f"{html.escape(', '.join(e.title for e in failed))}.</p>") if failed else ""
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Leicester "
            "and Leicestershire adult social care: comparison appendices</title>"
            f"{STYLE}</head><body><main><h1>Leicester and Leicestershire adult social care: "
            "comparison appendices</h1>"
            f'<p class="stamp">Generated {meeting(generated)} from the councils\' own committee '
            f"papers. {html.escape(provenance)}</p>{warning}{changes}"
            f'<h2>Appendices</h2><ul class="appendices">{"".join(items)}</ul>'
            "<h2>Tables</h2><p>Every table of every appendix, with numbers as numbers: "
            '<a href="tables.xlsx">tables.xlsx</a> (a Contents sheet first) and the same tables '
            'as CSV files (<a href="tables/contents.csv">tables/contents.csv</a> lists them). '
            'How this set was made: '
            '<a href="manifest.json">manifest.json</a>.</p>'
            f"<h2>The papers</h2>{paper_list(registry, papers)}</main></body></html>")


def paper_list(registry: pd.DataFrame, papers: frozenset[str] | None = None) -> str:
    """The papers the set was built from, each linked to its viewer page when it has one; when
    some texts were not found, what that means and where to put them, said once."""
    shown = set(registry["paper_id"]) if papers is None else papers
    items = ""
    for _, r in registry.sort_values("meeting_date").iterrows():
        name = html.escape(paper_name(r["paper_id"], registry))
        if r["paper_id"] in shown:
            name = f'<a href="papers/{html.escape(r["paper_id"])}.html">{name}</a>'
        items += f"<li>{name}: {html.escape(r['title'])}</li>"
    missing = len(registry) - len(shown & set(registry["paper_id"]))
    if not missing:
        return f"<p>Each figure's source links to its line in these texts.</p><ul>{items}</ul>"
    which = ("The papers' texts were" if missing == len(registry) else
             f"The text of {missing} of the {len(registry)} papers was")
    return (f'<p class="failed">{which} not found, so their figures were not checked against '
            "the lines they cite (Provenance NOT checked) and their sources are cited by line "
            "without a link to the paper viewer. Put the agenda packs, converted to plain "
            "text, in data/raw/papers/ (or set ASC_PAPERS_DIR to the folder that holds them) "
            f"and rerun to check them and link every source.</p><ul>{items}</ul>")
