r"""Text from the data made inert before it reaches Markdown: no tags, links, images or markup.

Measure labels, caveats and comparability notes are data; a label holding ``<script>`` or
``[x](javascript:...)`` must show as those characters, never act. HTML destinations use
``html.escape`` (tables, captions, alt text); Markdown ones use ``markdown_text``.

>>> markdown_text('<img src=x onerror=alert(1)> [x](javascript:alert(1)) *a*')
'&lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript\\:alert(1)) \\*a\\*'
>>> markdown_text("1. not a list"), markdown_text("Caveat: see https://x.example")
('1\\. not a list', 'Caveat: see https\\://x.example')
"""

from __future__ import annotations

import html
import re

# Emphasis, code, links and images (no '[' means no link), strikethrough, tables; a colon
# that starts a URL ('https://', 'javascript:x'), which a renderer would turn into a link.
_INLINE = re.compile(r"([\\`*_\[\]~|])|:(?=\S)")
_BLOCK = re.compile(r"^(#|[-+]|\d+(?=[.)]))")  # a heading or list item at the line's start


def markdown_text(text: object) -> str:
    """``text`` on one line, shown literally when rendered as Markdown."""
    one_line = " ".join(str(text).split())
    escaped = _INLINE.sub(lambda m: "\\" + (m.group(1) or ":"),
                          html.escape(one_line, quote=False))
    return _BLOCK.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit()
                      else "\\" + m.group(1), escaped)
