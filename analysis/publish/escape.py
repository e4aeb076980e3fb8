r"""Text from the data made inert before it reaches Markdown: no tags, links, images or markup.

Measure labels, caveats and comparability notes are data; a label holding ``<script>`` or
``[x](javascript:...)`` must show as those characters, never act. HTML destinations use
``html.escape`` (tables, captions, alt text); Markdown ones use ``markdown_text``.

>>> markdown_text('<img src=x onerror=alert(1)> [x](javascript:alert(1)) *a*')
'&lt;img src=x onerror=alert\\(1\\)&gt; \\[x\\]\\(javascript\\:alert\\(1\\)\\) \\*a\\*'
>>> markdown_text("1. not a list")
'1\\. not a list'
"""

from __future__ import annotations

import html
import re

_INLINE = re.compile(r"([\\`*_\[\](){}!|~#:])")  # emphasis, code, links, images, tables, URLs
_BLOCK = re.compile(r"^([-+]|\d+(?=[.)]))")       # a list item at the start of the line


def markdown_text(text: object) -> str:
    """``text`` on one line, shown literally when rendered as Markdown."""
    one_line = " ".join(str(text).split())
    escaped = _INLINE.sub(r"\\\1", html.escape(one_line, quote=False))
    return _BLOCK.sub(lambda m: m.group(1) + "\\" if m.group(1)[0].isdigit()
                      else "\\" + m.group(1), escaped)
