"""Which paper the `candidates` command drafts, and whose it is.

A registered paper is read from the papers' folders and is its registered council's; a text
file not yet registered is ``--council``'s (a registered council, by its name or an alias, in
any case), or, without one, the one registered council whose names it prints most.

>>> from analysis.parse.authorities import Authorities
>>> a = Authorities.of([
...     {"council": "Leicester", "kind": "city", "region": "East Midlands",
...      "aliases": "Leicester City Council"},
...     {"council": "Leicestershire", "kind": "county", "region": "East Midlands",
...      "aliases": "Leicestershire County Council"}])
>>> guess_council(["Leicestershire County Council", "Adults and Communities"], a)
'Leicestershire'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import PaperError
from ..parse.authorities import Authorities
from ..sources.registers import registered_council


@dataclass(frozen=True)
class Draft:
    """What to draft: the paper's id, its council, its lines and its curated figures (None for
    a paper not yet registered)."""

    paper_id: str
    council: str
    lines: tuple[str, ...]
    figures: pd.DataFrame | None


def paper_id_of(path: Path) -> str:
    """An id for an unregistered text file, from its name: 'New Pack.txt' is 'new-pack'."""
    return re.sub(r"[^a-z0-9\-]+", "-", path.stem.lower()).strip("-") or "paper"


def guess_council(lines: Sequence[str], authorities: Authorities) -> str | None:
    """The registered council whose own names (not 'the council', which every paper prints)
    the text prints most, when one does; None when none does or two tie."""
    text = "\n".join(lines)
    counts = {}
    for council in authorities.council_names:
        names = [n for n in authorities.aliases_of(council)
                 if n[:1].isupper() and not n.lower().startswith("the ")]
        pattern = r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in sorted(
            names, key=len, reverse=True)) + r")(?![\w-]*\w)"
        counts[council] = len(re.findall(pattern, text)) if names else 0
    best = max(counts.values(), default=0)
    found = [c for c, k in counts.items() if k == best and k > 0]
    return found[0] if len(found) == 1 else None


def paper_to_draft(paper: str | None, file: Path | None, council: str | None, *,
                   registry: pd.DataFrame, authorities: Authorities, councils_csv: Path,
                   papers_csv: Path, read_lines, read_file, figures_of) -> Draft:
    """The paper the command names: ``paper`` (a registered id) or ``file`` (a text file),
    its council (``council``, else the registered one, else guessed) and its curated figures.
    ``read_lines(paper_id)``, ``read_file(path)`` and ``figures_of(paper_id)`` read them."""
    known = registry.set_index("paper_id")["council"].to_dict()
    if paper is None and file is None:
        raise PaperError(f"Name a registered paper id (see {papers_csv}) or pass --file PATH "
                         "for a text file not yet registered.")
    paper_id = paper if paper is not None else paper_id_of(file)
    if file is None:
        if paper_id not in known:
            raise PaperError(f"Paper id '{paper_id}' is not in {papers_csv}. Register it "
                             "there first (paper_id, council, committee, meeting_date, title, "
                             "file_name, sha256), or pass --file PATH to draft candidates from "
                             "a text file not yet registered.")
        lines = tuple(read_lines(paper_id))
    else:
        lines = tuple(read_file(file))
    if council is not None:
        council = registered_council(council, authorities, councils_csv)
    else:
        council = known.get(paper_id) or guess_council(lines, authorities)
    if council is None:
        raise PaperError(f"Cannot tell whose paper {file} is: it names no registered council "
                         f"more than the others. Pass --council NAME (one of "
                         f"{', '.join(authorities.council_names)}), or register the council "
                         f"in {councils_csv} first.")
    figures = figures_of(paper_id) if paper_id in known else None
    return Draft(paper_id, council, lines, figures)
