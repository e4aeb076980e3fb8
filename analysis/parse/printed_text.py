"""The text of a printed figure as a reader sees it, and the periods printed in it.

>>> from analysis.parse.figure_words import FY_OR_MONTH
>>> normalise_text("41.3 years\u00a0"), mask_periods("18.5 in 2022/23", FY_OR_MONTH)
('41.3 years', '18.5 in        ')
"""

from __future__ import annotations

import html
import re
import unicodedata

from .figure_words import NUMBER_PAIR


class _Visible(dict):
    """``str.translate``'s table for ``_visible``: each character kept as itself or dropped,
    decided the first time it is seen."""

    def __missing__(self, code: int) -> int | None:
        ch = chr(code)
        kept = ch.isspace() or unicodedata.category(ch) not in ("Cf", "Cc")
        self[code] = code if kept else None
        return self[code]


VISIBLE = _Visible()


def _visible(text: str) -> str:
    """``text`` without invisible characters (NUL, zero-width spaces, soft hyphens, other
    Unicode format and control characters), which would otherwise split a figure from its
    scale word; whitespace controls (tab, newline) stay, as spaces are unified later."""
    return text.translate(VISIBLE)


TAG = re.compile(r"<[^>]+>")
SPACES = re.compile(r"\s+")
DASHES_AND_SPACES = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2014": "-", "\xa0": " ",
                                   "\u202f": " "})


def normalise_text(raw: str) -> str:
    r"""Strip invisible characters, HTML tags and entities and markdown bold; unify dashes and
    spaces.

    >>> normalise_text("66.4% <small>23/24 Nat. Ave.</small>"), normalise_text("Over **6,200**")
    ('66.4% 23/24 Nat. Ave.', 'Over 6,200')
    >>> normalise_text("around 1.84\u200b million\x00 posts")
    'around 1.84 million posts'
    """
    text = _visible(html.unescape(TAG.sub(" ", _visible(str(raw)))))
    text = text.replace("**", "").translate(DASHES_AND_SPACES)
    return SPACES.sub(" ", text).strip()


def is_period(token: str, after: str) -> bool:
    """False for look-alikes of a period: '18-22%' is a range, '4/5' a score.

    >>> is_period("15/16", ""), is_period("18-22", "%")
    (True, False)
    """
    pair = NUMBER_PAIR.fullmatch(token.strip())
    if pair is None:
        return True
    if after.lstrip().startswith("%"):
        return False
    first, second = int(pair.group(1)), pair.group(3)
    return int(second) == (first + 1) % (10 ** len(second)) or (
        len(second) == 4 and int(second) == (first % 100) + 2001)


def mask_periods(text: str, pattern: re.Pattern) -> str:
    """``text`` with every period-like match of ``pattern`` blanked out, keeping positions.

    >>> from analysis.parse.figure_words import TAIL_PERIODS
    >>> mask_periods("Position as at 31 st Mar 2024", TAIL_PERIODS).rstrip()
    'Position as at'
    """
    return pattern.sub(lambda m: " " * len(m.group(0)) if is_period(
        m.group(0), text[m.end():]) else m.group(0), text)


