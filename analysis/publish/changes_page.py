"""What changed since the last report set, as a reader sees it: the index's summary, a page of
every change with its citation, and a one-line banner on each appendix that changed. Every text
from the data is escaped.

>>> import pandas as pd
>>> changes = pd.DataFrame([{"change": "rating changed", "measure_id": "m",
...     "measure": "Vacancy <rate>", "authority": "Leicester", "period": "2023/24",
...     "before": "similar", "after": "worse", "figure_id": "p.p1",
...     "source": "Leicester, 30 Apr 2025, line 4", "appendix": "10_workforce"}])
>>> since = "the report set of 1 Dec 2026"
>>> "Vacancy &lt;rate&gt;" in changes_page(changes, since, "6 Dec 2026", {})
True
>>> summary_section(changes, since)[:80]
'<section class="asc-changes"><h2>What changed since the report set of 1 Dec 2026'
"""

from __future__ import annotations

import html
import re

import pandas as pd

from .changes import counts, headline
from .index import STYLE

NO_COMPARISON = "no comparison available"
FIRST_SET = "this is the first report set here, so there is no previous set to compare it with"
BANNER = "asc-changed"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


# Each kind of change in a reader's words, one and several.
PLAIN_KINDS = {
    "added": ("figure added", "figures added"), "removed": ("figure removed", "figures removed"),
    "revised": ("figure revised", "figures revised"),
    "relabelled": ("figure relabelled", "figures relabelled"),
    "replaced": ("figure replaced by another period's", "figures replaced by another period's"),
    "rating changed": ("rating changed", "ratings changed"),
    "direction changed": ("direction of travel changed", "directions of travel changed"),
    "comparability changed": ("comparability changed", "comparabilities changed"),
    "caveat changed": ("caveat reworded", "caveats reworded"),
    "message changed": ("key message reworded", "key messages reworded"),
    "question added": ("question for officers added", "questions for officers added"),
    "question resolved": ("question for officers resolved", "questions for officers resolved"),
}


def _counts(changes: pd.DataFrame) -> str:
    """'2 key messages reworded, 1 rating changed'."""
    return ", ".join(f"{n} {PLAIN_KINDS[kind][n != 1]}" for kind, n in counts(changes).items())


def _what(r: pd.Series) -> str:
    if r["change"] == "message changed":
        return "Key message " + ("reworded" if r["before"] and r["after"] else
                                 "added" if r["after"] else "dropped")
    if r["change"].startswith("question"):
        return "Question for officers " + r["change"].split()[-1]
    return f"{r['measure']}, {r['authority']}" + (f" ({r['period']})" if r["period"] else "")


# What an empty side of a change of rating, direction or comparability means.
NONE = {"rating changed": "not rated", "direction changed": "no direction",
        "comparability changed": "not assessed"}


def reworded(before: str, after: str, context: int = 2) -> tuple[str, str]:
    """The words of a reworded sentence that changed, with a little context either side.

    >>> for part in reworded("So Leicester 7.5% is similar to Leicestershire 8.5% (2022/23).",
    ...                      "So Leicester 7.5% is better than Leicestershire 9.5% (2022/23)."):
    ...     print(part)
    … 7.5% is similar to Leicestershire 8.5% (2022/23).
    … 7.5% is better than Leicestershire 9.5% (2022/23).
    """
    import difflib

    old, new = before.split(), after.split()
    blocks = [b for b in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
              if b[0] != "equal"]
    if not blocks:
        return before, after
    (_, i1, _, j1, _), (_, _, i2, _, j2) = blocks[0], blocks[-1]
    def part(words: list[str], start: int, end: int) -> str:
        lo, hi = max(0, start - context), min(len(words), end + context)
        return ("… " if lo else "") + " ".join(words[lo:hi]) + (" …" if hi < len(words) else "")
    return part(old, i1, i2), part(new, j1, j2)


def _moved(r, short: bool = False, was: bool = True) -> str:
    """How a change moved, in words: 'now worse (was similar)'; a reworded key message
    whole as it now reads, and (``short``) only the words that changed of what it read, or
    (not ``was``) not what it read."""
    if r["change"] in NONE:
        return f"now {r['after'] or NONE[r['change']]} (was {r['before'] or NONE[r['change']]})"
    if r["change"] == "caveat changed":  # only the words that changed: caveats run long
        if not (r["before"] and r["after"]):
            return f"now “{r['after']}”" if r["after"] else f"dropped: “{r['before']}”"
        before, after = reworded(r["before"], r["after"])
        return f"now “{after}” (was “{before}”)"
    if r["before"] and r["after"]:
        if r["change"] == "message changed":
            before = reworded(r["before"], r["after"])[0] if short else r["before"]
            return f"now reads “{r['after']}”" + (f" (it read “{before}”)" if was else "")
        return f"now {r['after']} (was {r['before']})"
    return (f"“{r['after']}”" if r["change"] == "message changed" else r["after"]) \
        if r["after"] else f"no longer shown: {r['before']}"


def merged(changes: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """The same change shown in several appendices (the briefing repeats a theme's figures) as
    one row, its ``appendix`` the appendices' titles."""
    keys = [c for c in changes.columns if c not in ("appendix", "source")]
    named = changes.assign(appendix=changes["appendix"].map(lambda n: titles.get(n, n)))
    return named.groupby(keys, sort=False, as_index=False).agg(
        appendix=("appendix", "; ".join), source=("source", "first"))[list(changes.columns)]


def _line(r, where: bool = False, source: bool = False) -> str:
    """One change as a list item: kind, what, [where], how it moved, (its source)."""
    shown = f" ({r['appendix']})" if where else ""
    cited = (f'<br><span class="stamp">{html.escape(r["source"])}</span>'
             if source and r["source"] else "")
    kind = "" if r["change"] in ("message changed", "question added", "question resolved") \
        else f", {PLAIN_KINDS[r['change']][0]}"
    return (f"<li><strong>{html.escape(_what(r))}</strong>{html.escape(shown)}"
            f"{html.escape(kind)}: {html.escape(_moved(r))}{cited}</li>")


def _scope(compared: list[str], not_compared: list[str], titles: dict[str, str]) -> str:
    """Which appendices were compared, when a run rebuilt only some."""
    if not not_compared:
        return ""
    def names(ns: list[str]) -> str:
        return html.escape(", ".join(titles.get(n, n) for n in ns) or "none")
    return (f'<p class="stamp">Compared: the appendices this run rebuilt ({names(compared)}). '
            f"Not rebuilt, so not compared: {names(not_compared)}.</p>")


def summary_section(changes: pd.DataFrame | None, since: str | None, most: int = 5,
                    reason: str = FIRST_SET, titles: dict[str, str] | None = None,
                    compared: list[str] = (), not_compared: list[str] = (),
                    papers: list[str] = ()) -> str:
    """The index's opening section: counts by kind, the papers new or changed since (named),
    and the changes a reader hears first (key messages and ratings); with no previous set
    (``since`` None), why not."""
    titles = titles or {}
    if since is None or changes is None:
        return (f'<section class="asc-changes"><h2>What changed</h2><p>No comparison '
                f"available: {html.escape(reason)}.</p></section>")
    scope = _scope(list(compared), list(not_compared), titles)
    news = (f"<p>Since then: {html.escape('; '.join(papers))}. Each change to "
            f"{'its' if len(papers) == 1 else 'their'} figures names the paper on "
            '<a href="changes.html">changes.html</a>.</p>') if papers else ""
    if changes.empty:
        return (f'<section class="asc-changes"><h2>What changed since {html.escape(since)}'
                f"</h2><p>Nothing the appendices show has changed.</p>{news}{scope}</section>")
    listed = headline(merged(changes, titles), most)
    more = ("<p>The key messages and ratings that changed come first:</p>"
            if len(listed) < len(changes) else "")
    items = "".join(_line(r, where=True) for _, r in listed.iterrows())
    return (f'<section class="asc-changes"><h2>What changed since {html.escape(since)}</h2><p>'
            f"{_plural(len(changes), 'change')}: {html.escape(_counts(changes))}. "
            f'Every change, with its source: <a href="changes.html">changes.html</a> '
            f'(also <a href="changes.csv">changes.csv</a>).</p>{news}{more}<ul>{items}</ul>'
            f"{scope}"
            "</section>")


def changes_page(changes: pd.DataFrame | None, since: str | None, generated: str,
                 titles: dict[str, str], reason: str = FIRST_SET, compared: list[str] = (),
                 not_compared: list[str] = ()) -> str:
    """changes.html: every change, by appendix, with the figure's citation (or, with no
    previous set, why there is no comparison)."""
    if since is None or changes is None:
        heading, head, body = "What changed", (f"<p>No comparison available: "
                                               f"{html.escape(reason)}.</p>"), []
    else:
        heading = f"What changed since {html.escape(since)}"
        body = []
        for name, rows in changes.groupby("appendix", sort=True):
            items = "".join(_line(r, source=True) for _, r in rows.iterrows())
            title = html.escape(titles.get(name, name))
            body.append(f'<h2 id="{html.escape(name)}"><a href="{html.escape(name)}.html">'
                        f"{title}</a></h2><ul>{items}</ul>")
        head = (f"<p>{_plural(len(changes), 'change')} since "
                f"{html.escape(since)}: {html.escape(_counts(changes))}.</p>" if len(changes)
                else f"<p>Nothing the appendices show has changed since {html.escape(since)}."
                "</p>") + _scope(list(compared), list(not_compared), titles)
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
            f"{heading}</title>{STYLE}</head><body><h1>{heading}</h1><p class=\"stamp\">Report "
            f"set of {html.escape(generated)}; <a href=\"index.html\">all appendices</a>; the "
            'same list as a table: <a href="changes.csv">changes.csv</a>.</p>'
            f"{head}{''.join(body)}</body></html>")


def banner(changes: pd.DataFrame, since: str, name: str, most: int = 2) -> str:
    """The one line an appendix that changed carries at its top (the page's own header says
    when it was made): what changed first, how many changes of each kind, and where to read
    them all."""
    # a reworded message by the words that changed only: the page's own messages follow
    first = "; ".join(f"{_what(r)}" + ("" if r["change"] == "message changed" else
                                        f", {PLAIN_KINDS[r['change']][0]}")
                      + (f": now “{reworded(r['before'], r['after'])[1]}”"
                         if r["change"] == "message changed" and r["before"] and r["after"]
                         else f": {_moved(r, short=True, was=False)}")
                      for _, r in headline(changes, most).iterrows())
    more = f"; and {len(changes) - most} more" if len(changes) > most else ""
    return (f'<p class="{BANNER}" style="border-left:4px solid #E69F00;padding:4px 10px;'
            f'background:#fff8e6;font:13px sans-serif"><strong>Changed since '
            f"{html.escape(since)}</strong> ({html.escape(_counts(changes))}): "
            f"{html.escape(first)}{more}{'' if (first + more).endswith(('.', '.”')) else '.'} "
            f'<a href="changes.html#{html.escape(name)}">Every change, with its source</a>.</p>')


def with_banner(page: str, line: str) -> str:
    """The appendix page with ``line`` just below its title banner (or at the top of its
    body), replacing a banner it already has.

    >>> with_banner('<body><div class="asc-banner"><h1>T</h1></div><p>x</p>', "<p>B</p>")
    '<body><div class="asc-banner"><h1>T</h1></div><p>B</p><p>x</p>'
    """
    page = re.sub(rf'<p class="{BANNER}"[^>]*>.*?</p>', "", page, count=1, flags=re.S)
    top = page.find('<div class="asc-banner">')
    if top >= 0:
        end = _closing_div(page, top)
        return page[:end] + line + page[end:]
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + line, page, count=1)


def _closing_div(page: str, start: int) -> int:
    """Where the <div> opened at ``start`` ends (just after its </div>)."""
    depth, pos = 0, start
    for m in re.finditer(r"<div\b|</div>", page[start:]):
        depth += 1 if m.group(0) == "<div" else -1
        pos = start + m.end()
        if depth == 0:
            return pos
    return pos


def summary_text(changes: pd.DataFrame | None, since: str | None, reason: str = FIRST_SET,
                 most: int = 5, every: bool = False) -> str:
    """The index's summary for a terminal: counts by kind, then the changes a reader hears
    first (every change with ``every``)."""
    if since is None or changes is None:
        return f"What changed: no comparison available: {reason}."
    if changes.empty:
        return f"What changed since {since}: nothing the appendices show has changed."
    shown = changes if every else headline(changes, most)
    lines = [f"What changed since {since}: {_plural(len(changes), 'change')} "
             f"({_counts(changes)})."]
    lines += [f"  {r['change']}: {_what(r)} [{r['appendix']}]: {_moved(r, short=not every)}"
              + (f"\n      {r['source']}" if every and r["source"] else "")
              for _, r in shown.iterrows()]
    if len(shown) < len(changes):
        lines.append(f"  ... and {len(changes) - len(shown)} more (--all lists every one).")
    return "\n".join(lines)
