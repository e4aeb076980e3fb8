"""What changed since the last report set, as a reader sees it: the index's summary, a page of
every change with its citation, and a one-line banner on each appendix that changed. Every text
from the data is escaped.

>>> import pandas as pd
>>> changes = pd.DataFrame([{"change": "rating changed", "measure_id": "m",
...     "measure": "Vacancy <rate>", "authority": "Leicester", "period": "2023/24",
...     "before": "similar", "after": "worse", "figure_id": "p.p1",
...     "source": "Leicester, 30 Apr 2025, line 4", "appendix": "10_workforce"}])
>>> "Vacancy &lt;rate&gt;" in changes_page(changes, "1 Dec 2026", "6 Dec 2026", {})
True
>>> summary_section(changes, "1 Dec 2026")[:60]
'<h2>What changed since 1 Dec 2026</h2><p>1 change: 1 rating '
"""

from __future__ import annotations

import html

import pandas as pd

from .changes import counts, headline
from .index import STYLE

NO_COMPARISON = "no comparison available"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _counts(changes: pd.DataFrame) -> str:
    return ", ".join(f"{n} {kind}" for kind, n in counts(changes).items())


def _line(r: pd.Series) -> str:
    what = f"{r['measure']}, {r['authority']}" if r["measure"] else "Key message"
    if r["change"].startswith("question"):
        what = "Question for officers"
    if r["before"] and r["after"]:
        moved = f"{r['before']} → {r['after']}"
    else:
        moved = r["after"] or f"no longer shown: {r['before']}"
    return (f"<li><strong>{html.escape(r['change'])}</strong>: {html.escape(what)}"
            f"{' (' + html.escape(r['period']) + ')' if r['period'] else ''}: "
            f"{html.escape(moved)}</li>")


def summary_section(changes: pd.DataFrame | None, since: str | None, most: int = 5) -> str:
    """The index's opening section: counts by kind and the changes a reader hears first."""
    if since is None:
        return ("<h2>What changed</h2><p>This is the first report set here, or the previous "
                f"one could not be read ({NO_COMPARISON}): there is nothing to compare it "
                "with.</p>")
    if changes is None or changes.empty:
        return (f"<h2>What changed since {html.escape(since)}</h2><p>Nothing the appendices "
                "show has changed.</p>")
    items = "".join(_line(r) for _, r in headline(changes, most).iterrows())
    return (f"<h2>What changed since {html.escape(since)}</h2><p>"
            f"{_plural(len(changes), 'change')}: {html.escape(_counts(changes))}. "
            f'Every change, with its source: <a href="changes.html">changes.html</a> '
            f'(also <a href="changes.csv">changes.csv</a>).</p><ul>{items}</ul>')


def changes_page(changes: pd.DataFrame, since: str, generated: str,
                 titles: dict[str, str]) -> str:
    """changes.html: every change, by appendix, with the figure's citation."""
    body = []
    for name, rows in changes.groupby("appendix", sort=True):
        items = "".join(
            _line(r)[:-5] + (f"<br><span class=\"stamp\">{html.escape(r['source'])}</span>"
                             if r["source"] else "") + "</li>"
            for _, r in rows.iterrows())
        title = html.escape(titles.get(name, name))
        body.append(f'<h2><a href="{html.escape(name)}.html">{title}</a></h2><ul>{items}</ul>')
    head = (f"<p>{_plural(len(changes), 'change')} since the report set of "
            f"{html.escape(since)}: {html.escape(_counts(changes))}.</p>" if len(changes)
            else f"<p>Nothing the appendices show has changed since {html.escape(since)}.</p>")
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>What changed "
            f"since {html.escape(since)}</title>{STYLE}</head><body><h1>What changed since "
            f"{html.escape(since)}</h1><p class=\"stamp\">Report set of "
            f"{html.escape(generated)}; <a href=\"index.html\">all appendices</a>.</p>{head}"
            f"{''.join(body)}</body></html>")


def banner(changes: pd.DataFrame, since: str) -> str:
    """The one line an appendix that changed carries at its top."""
    return (f'<p class="asc-changed" style="border-left:4px solid #E69F00;padding:4px 10px;'
            f'background:#fff8e6">Changed since the report set of {html.escape(since)}: '
            f"{html.escape(_counts(changes))}. "
            '<a href="changes.html">What changed</a>.</p>')
