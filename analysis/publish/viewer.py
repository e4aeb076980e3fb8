"""The papers as read-only pages, one anchor per line: a citation opens the line it cites.

``reports/papers/<paper_id>.html`` shows the converted text of a paper, line by line, each line
numbered and addressable (``#L775``); the line a link points to is highlighted (CSS
``:target``), so a reader sees the sentence a figure came from in one click, offline.

The conversion to text left some markup in the lines: paragraph tags (``<p>``, with or without
a style), list tags (``<ul>``, ``<ol>``, ``<li>``), italics, underlining and small print (``<i>``,
``<u>``, ``<small>``, markdown ``*…*``), markdown bold (``**…**``, on one line or opening one
line and closing the next) and footnotes (``^[IR 5]``). The viewer shows each as what it stands
for (a paragraph break within the line, italics, bold, a superscript note), and says so in its
header. A ``**`` that pairs with none is shown as printed: it may be the paper's own mark (the
MTFS's "** amended item" stars, 002:286) or the conversion's; any other markup is shown as
text, escaped.

>>> page = paper_page("p", ["first line", "a <b>tag</b> and 89.9%"], "Leicestershire", "Pack")
>>> '<span class="line" id="L2">' in page and "&lt;b&gt;tag&lt;/b&gt;" in page
True
>>> print(shown_line("<p>A **new contact**</p> <p>is <i>one</i></p>"))
A <strong>new contact</strong>
is <em>one</em>
>>> shown_line("**G7 Older People demand"), shown_line("Strategy^[LR 33] aims *to* help")
('**G7 Older People demand', 'Strategy<sup>[LR 33]</sup> aims <em>to</em> help')
>>> shown_line('<p style="opacity: 0.5;">DRAFT'), shown_line('Plan <ul style="x">Started')
('DRAFT', 'Plan Started')
>>> shown_line(chr(9).join(["1.", "We plan earlier", '<ul style="x">Started']))
'1.    We plan earlier    Started'
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

STYLE = """<style>
body { font: 13px/1.45 "DejaVu Sans Mono", monospace; margin: 0; color: #111; }
header { font: 14px sans-serif; padding: 10px 14px; background: #f6f7f9;
  border-bottom: 1px solid #ccc; }
header h1 { font-size: 15px; margin: 0 0 4px 0; }
/* no fixed header: a cited line opens at the top of the window, a little below its edge */
.line { display: block; white-space: pre-wrap; padding: 0 14px 0 5.5em; text-indent: -4.5em;
  scroll-margin-top: 3em; }
.line a.n { display: inline-block; width: 4em; color: #666; text-decoration: none;
  text-indent: 0; }
.line:target { background: #fff3b0; outline: 2px solid #e69f00; }
</style>"""
# the conversion's markup, escaped, and what it stands for
MARKUP = [(re.compile(r"(?:^|\s*)&lt;/p&gt;\s*&lt;p&gt;\s*"), "\n"),
          (re.compile(r"&lt;/?p(?: .*?)?&gt;"), ""),
          # a list tag after a tab (a table's cell) keeps the tab's spaces: one space goes
          (re.compile(r" ?&lt;/?(?:ul|ol|li)(?: .*?)?&gt;"), " "),
          (re.compile(r"&lt;(i|u|small)&gt;(.*?)&lt;/\1&gt;"), r"<em>\2</em>"),
          (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), r"<strong>\1</strong>"),
          (re.compile(r"(?<![*\w])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?![*\w])"), r"<em>\1</em>"),
          (re.compile(r"\^\[([^\]]+)\]"), r"<sup>[\1]</sup>")]
# bold that opens at the start of one line and closes at the end of the next
OPENS, CLOSES = re.compile(r"^\s*\*\*(?=\S)"), re.compile(r"(?<=\S)\*\*\s*$")
CLEANED = ("Markup the conversion left in the text is shown as what it stands for: paragraph "
           "and list tags as breaks or spaces, ** as bold, italic and underlined text in "
           "italics, footnotes as superscript; a ** that pairs with no other is shown as "
           "printed (a mark of the paper's own, such as the MTFS's amended items, or one the "
           "conversion left).")


def _unpaired(text: str) -> bool:
    return text.count("**") % 2 == 1


def two_line_bold(lines: Sequence[str]) -> list[str]:
    """Lines with a bold run over two lines (``**PLACE: … Street,`` then ``Leicester**``)
    closed on each, so each reads as bold; a lone ``**`` (the MTFS's star mark) is untouched.

    >>> two_line_bold(["**PLACE: Hall,", "Leicester**", "**G7 demand", "G8"])
    ['**PLACE: Hall,**', '**Leicester**', '**G7 demand', 'G8']
    """
    out = list(lines)
    for n in range(len(out) - 1):
        first, second = out[n], out[n + 1]
        if (_unpaired(first) and _unpaired(second) and OPENS.search(first)
                and CLOSES.search(second) and not OPENS.search(second)):
            out[n], out[n + 1] = first.rstrip() + "**", "**" + second.lstrip()
    return out


def shown_line(text: str) -> str:
    """One line of a paper, escaped, with the conversion's markup (``MARKUP``) as it reads."""
    out = html.escape(text.replace(chr(9), "    "))
    for pattern, replacement in MARKUP:
        out = pattern.sub(replacement, out)
    return out.strip("\n") if out.strip() else out


def paper_page(paper_id: str, lines: Sequence[str], name: str, title: str) -> str:
    """One paper's text as HTML with a numbered, linkable, escaped line per line."""
    body = "\n".join(
        f'<span class="line" id="L{n}"><a class="n" href="#L{n}">{n}</a>'
        f"{shown_line(text)}</span>"
        for n, text in enumerate(two_line_bold(lines), start=1))
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(name)}: paper text</title>{STYLE}</head><body>"
            f"<header><h1>{html.escape(name)}: {html.escape(title)}</h1>"
            "The paper as converted to plain text, read-only; tables are shown as tab-separated "
            f"lines. {CLEANED}</header><main>\n{body}\n</main></body>"
            "</html>")


def anchors(page: str) -> set[int]:
    """The line numbers a rendered paper page can be linked to."""
    return {int(n) for n in re.findall(r'<span class="line" id="L(\d+)">', page)}
