"""The papers as read-only pages, one anchor per line: a citation opens the line it cites.

``reports/papers/<paper_id>.html`` shows the converted text of a paper, line by line, each line
numbered and addressable (``#L775``); the line a link points to is highlighted (CSS
``:target``), so a reader sees the sentence a figure came from in one click, offline.

>>> page = paper_page("p", ["first line", "a <b>tag</b> and 89.9%"], "Leicestershire", "Pack")
>>> '<span class="line" id="L2">' in page and "&lt;b&gt;tag&lt;/b&gt;" in page
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence

STYLE = """<style>
body { font: 13px/1.45 "DejaVu Sans Mono", monospace; margin: 0; color: #111; }
header { font: 14px sans-serif; padding: 10px 14px; background: #f6f7f9;
  border-bottom: 1px solid #ccc; position: sticky; top: 0; }
.line { display: block; white-space: pre-wrap; padding: 0 14px 0 5.5em; text-indent: -4.5em; }
.line a.n { display: inline-block; width: 4em; color: #666; text-decoration: none;
  text-indent: 0; }
.line:target { background: #fff3b0; outline: 2px solid #e69f00; }
@media print { header { position: static; } }
</style>"""


def paper_page(paper_id: str, lines: Sequence[str], name: str, title: str) -> str:
    """One paper's text as HTML with a numbered, linkable, escaped line per line."""
    body = "\n".join(
        f'<span class="line" id="L{n}"><a class="n" href="#L{n}">{n}</a>'
        f"{html.escape(text.replace(chr(9), '    '))}</span>"
        for n, text in enumerate(lines, start=1))
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(name)}: paper text</title>{STYLE}</head><body>"
            f"<header><strong>{html.escape(name)}</strong>: {html.escape(title)}<br>"
            "The paper as converted to plain text, read-only; tables are shown as tab-separated "
            f"lines. Paper id {html.escape(paper_id)}.</header><main>\n{body}\n</main></body>"
            "</html>")


def anchors(page: str) -> set[int]:
    """The line numbers a rendered paper page can be linked to."""
    import re
    return {int(n) for n in re.findall(r'<span class="line" id="L(\d+)">', page)}
