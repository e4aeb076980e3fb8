"""Authority names as printed to canonical names.

>>> canonical_authority("LCC", paper_council="Leicestershire")
'Leicestershire'
"""

from __future__ import annotations

import re

CANONICAL = [
    "Leicester", "Leicestershire", "England", "East Midlands", "Peer group", "LLR", "Rutland",
    "Leicester and Leicestershire", "Leicestershire and Rutland",
    "Single tier and county councils",
]

ALIASES = {
    "leicester": "Leicester", "leicester city": "Leicester", "leicester city council": "Leicester",
    "the city": "Leicester", "city": "Leicester", "city council": "Leicester",
    "leicestershire": "Leicestershire", "leicestershire county council": "Leicestershire",
    "the county": "Leicestershire", "county": "Leicestershire", "county council": "Leicestershire",
    "england": "England", "national": "England", "national average": "England",
    "nat. ave.": "England", "nat. ave": "England", "nat ave": "England",
    "east midlands": "East Midlands", "region": "East Midlands", "regional": "East Midlands",
    "regional average": "East Midlands", "em": "East Midlands",
    "peer group": "Peer group", "peers": "Peer group", "comparator group": "Peer group",
    "comparator": "Peer group", "nearest neighbours": "Peer group",
    "cipfa nearest neighbours": "Peer group", "cipfa comparator group": "Peer group",
    "llr": "LLR", "leicester, leicestershire and rutland": "LLR",
    "leicester leicestershire and rutland": "LLR", "rutland": "Rutland",
    "leicester and leicestershire": "Leicester and Leicestershire",
    "leicestershire and rutland": "Leicestershire and Rutland",
    "single tier and county councils": "Single tier and county councils",
}

AMBIGUOUS = {"lcc": "'LCC' means Leicester City Council in the city's papers and Leicestershire "
                    "County Council in the county's"}


def canonical_authority(name: str, paper_council: str | None = None,
                        councils: frozenset[str] = frozenset()) -> str | None:
    """The canonical name, or None when ``name`` is not a known authority. ``councils`` are the
    councils registered in papers.csv, each canonical under its own name."""
    if name in councils:
        return name
    key = re.sub(r"\s+", " ", str(name)).strip().lower()
    if key in AMBIGUOUS:
        return paper_council if paper_council in ("Leicester", "Leicestershire") else None
    if key in ALIASES:
        return ALIASES[key]
    return None


def is_council(authority: str) -> bool:
    """True for the two councils compared; False for benchmarks and partnerships."""
    return authority in ("Leicester", "Leicestershire")
