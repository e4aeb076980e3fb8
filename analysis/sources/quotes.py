"""The paper's words a figure's note quotes: a direction the paper states ('stated: lower
'down from 37 (5%)''), its comparison with a benchmark ('compared: lower 'slightly lower
than the national rate of 566'') or a caveat it prints about the figure ('caveat: printed 'A
safeguarding alert can include any concern for welfare''). The provenance check finds each on
the figure's line."""

from __future__ import annotations

import re

# A quote runs to the closing quote before the next note ('; ...', ' | ...'), a bracketed
# remark ('(no figure printed ...)') or the end, so it may hold the paper's own quotes.
QUOTED = re.compile(r"\b(stated|compared|caveat): (\w+) '(.+?)'(?=;|\s\||\s\((?![\d£])|$)")


def quoted_words(note: str) -> list[str]:
    """Every quote a note's ``stated:`` or ``compared:`` holds: words the paper prints on the
    figure's line.

    >>> quoted_words("stated: lower 'down from 37 (5%)'; compared: lower 'below the 9.9%'")
    ['down from 37 (5%)', 'below the 9.9%']
    """
    return [words for _, _, words in QUOTED.findall(note or "")]


def quoted(note: str, kind: str) -> tuple[str, str]:
    """The first ``kind`` ('stated' or 'compared') quote in a note, as (its word, the quote),
    or ('', '').

    >>> quoted("stated: lower 'down from 37 (5%)' | compared: lower 'below 566'", "compared")
    ('lower', 'below 566')
    """
    return next(((word, words) for k, word, words in QUOTED.findall(note or "") if k == kind),
                ("", ""))
