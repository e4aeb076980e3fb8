"""Whose figure it is: the names of authorities printed in a sentence, read through the
registers (``Authorities.names_in``), and the figure each name belongs to.

>>> from analysis.parse.authorities import Authorities
>>> a = Authorities.of([{"council": "Rotherham", "kind": "metropolitan borough",
...                      "region": "Yorkshire and The Humber", "aliases": "RMBC"}])
>>> cues = AuthorityCues.of(a, "Rotherham")
>>> text = "RMBC was 29.1%, compared with 32.4% regionally and 28.3% across England."
>>> cues.authorities(text, [(9, 14), (30, 35), (50, 55)])
['Rotherham', 'Yorkshire and The Humber', 'England']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..parse.authorities import OWN, Authorities, key
from .sentences import owner

# '43% in England': a name after a figure is usually its own; 'the region's rate was 40%': a
# possessive name's figure follows it.
BEFORE, AFTER = 1.0, 1.5
TIED = 30.0  # a name tied to the figure after it reaches back to one before only when touching
# 'Suffolk achieved 84%', 'the England average of 80%': a name its verb or 'of' ties to the
# figure after it, as a possessive does.
LEADS = re.compile(r"\s*(?:average\s+|rate\s+|figure\s+)?(?:of|was|were|is|are|stood\s+at|"
                   r"achieved|reached|recorded|reported|had|has|saw)\s+(?:a\s+|an\s+)?[^\s\w]?\d",
                   re.I)
# Names that begin like an authority's and are not one: 'the National Living Wage'.
NOT_AUTHORITIES = ("national living wage", "national minimum wage", "national insurance",
                   "national health service", "national institute")


def _pattern(name: str) -> str:
    words = [re.escape(w) for w in re.split(r"[\s-]+", name.strip()) if w]
    return r"[\s-]+".join(words)


def _compile(names: list[str], flags: int) -> re.Pattern | None:
    if not names:
        return None
    alternatives = "|".join(_pattern(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(r"(?<![\w-])(?:" + alternatives + r")(?![\w-]*\w)", flags)


@dataclass(frozen=True)
class AuthorityCues:
    """The authority names one council's papers may print, as two patterns: common words
    ('the county', 'national') in any case, proper names and acronyms ('Reading', 'LLR') as
    registered or in capitals, so the verb 'reading' is not Reading."""

    council: str
    named: dict[str, str]  # key(printed name) -> authority
    any_case: re.Pattern | None
    exact: re.Pattern | None

    @classmethod
    def of(cls, authorities: Authorities, council: str) -> AuthorityCues:
        names = {**authorities.names_in(council), **{n: "" for n in NOT_AUTHORITIES}}
        proper = [n for n in names if n[:1].isupper() and not key(n).startswith("the ")]
        common = [n for n in names if n not in proper]
        exact = proper + [n.upper() for n in proper if n.upper() != n]
        return cls(council, {key(n): a for n, a in names.items()}, _compile(common, re.I),
                   _compile(exact, 0))

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, authority) of every authority name printed in ``text``."""
        found = []
        for pattern in (self.any_case, self.exact):
            if pattern is None:
                continue
            for m in pattern.finditer(text):
                name = self.named.get(key(re.sub(r"[\s-]+", " ", m.group(0))))
                if name:
                    found.append((m.start(), m.end(), name))
        found.sort()
        return [f for i, f in enumerate(found)  # a name inside a longer one is the longer's
                if not any(s <= f[0] and f[1] <= e and (s, e) != f[:2]
                           for s, e, _ in found[max(0, i - 2): i + 3])]

    def authorities(self, text: str, figures: Sequence[tuple[int, int]],
                    default: str = "") -> list[str]:
        """The authority of each figure (``figures``: (start, end) in ``text``, in order): the
        nearest name it owns, else the only name its sentence opens with ('National (2015/16)
        service users ... 86.9 percent'), else ``default`` (a list's heading, 'East of
        England:'), else the paper's own council."""
        found = self.find(text)
        opener = found[0][2] if len(found) == 1 and not text[:found[0][0]].strip(" -•*(") \
            and key(text[found[0][0]:found[0][1]]) not in OWN else ""
        out: list[tuple[int | None, str]] = [(None, opener or default or self.council)
                                             for _ in figures]
        starts = [s for s, _ in figures]
        for k, (start, end, name) in enumerate(found):
            if k + 1 < len(found) and found[k + 1][0] - end <= 2 and key(text[start:end]) in OWN:
                continue  # 'our statistical neighbours': 'our' is part of the next name
            possessive = re.match(r"['’]s\b", text[end:end + 3])
            before, after = (3 * AFTER, BEFORE) if possessive else (BEFORE, AFTER)
            if LEADS.match(text[end:end + 40]):
                before, after = TIED, BEFORE
            i = owner(figures, starts, start, end, text, before=before, after=after)
            if i is None:
                continue
            s, e = figures[i]
            d = start - e if e <= start else max(0, s - end)
            if out[i][0] is None or d < out[i][0]:
                out[i] = (d, name)
        return [name for _, name in out]
