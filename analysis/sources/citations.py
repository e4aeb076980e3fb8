"""Sources as a reader cites them: the council's committee, the meeting date and the line.

>>> import pandas as pd
>>> registry = pd.DataFrame({"paper_id": ["p"], "council": ["Leicestershire"],
...     "committee": ["Adults and Communities Overview and Scrutiny Committee"],
...     "meeting_date": ["2025-01-20"], "title": ["Agenda pack"], "file_name": ["002_x.txt"]})
>>> cite("p", 775, registry)
'Leicestershire Adults and Communities Overview and Scrutiny, 20 Jan 2025, line 775'
>>> paper_name("p", registry)
'Leicestershire Adults and Communities Overview and Scrutiny, 20 Jan 2025'
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

SHORTER = [(r"\s+Committee$", ""), (r"\s+Commission$", " Commission")]


def committee_name(committee: str) -> str:
    """'Adults and Communities Overview and Scrutiny Committee' reads as 'Adults and
    Communities Overview and Scrutiny' in a citation."""
    for pattern, repl in SHORTER:
        committee = re.sub(pattern, repl, committee)
    return committee


def meeting(day: str | date) -> str:
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{d.day} {d:%b %Y}"


def paper_name(paper_id: str, registry: pd.DataFrame) -> str:
    """The council, committee and meeting date of a paper: how a reader names it."""
    row = registry.set_index("paper_id").loc[paper_id]
    return f"{row['council']} {committee_name(row['committee'])}, {meeting(row['meeting_date'])}"


def short_name(paper_id: str, registry: pd.DataFrame) -> str:
    """'Leicestershire, 20 Jan 2025': the council and meeting date, enough to tell the papers
    apart in a table (the full name when one council has two papers on one day)."""
    row = registry.set_index("paper_id").loc[paper_id]
    same = registry[(registry["council"] == row["council"])
                    & (registry["meeting_date"] == row["meeting_date"])]
    if len(same) > 1:
        return paper_name(paper_id, registry)
    return f"{row['council']}, {meeting(row['meeting_date'])}"


def cite(paper_id: str, line: int, registry: pd.DataFrame) -> str:
    """A citation a reader can follow: paper, meeting date and line."""
    return f"{paper_name(paper_id, registry)}, line {int(line)}"


def locations_in(*cells) -> list[str]:
    """The 'paper:line' locations of ';'-joined cells, in order and each once (an empty or
    missing cell holds none).

    >>> locations_in("p:775;p:942", None, "p:942;q:3")
    ['p:775', 'p:942', 'q:3']
    """
    return list(dict.fromkeys(loc for cell in cells if isinstance(cell, str)
                              for loc in cell.split(";") if loc))


def cite_all(locations: str, registry: pd.DataFrame) -> str:
    """'p:775;p:942' as one citation per paper: 'Leicestershire ..., 20 Jan 2025, lines 775
    and 942'."""
    by_paper: dict[str, list[int]] = {}
    for item in filter(None, locations.split(";")):
        paper, line = item.rsplit(":", 1)
        by_paper.setdefault(paper, []).append(int(line))
    parts = []
    for paper, lines in by_paper.items():
        lines = sorted(set(lines))
        where = f"line {lines[0]}" if len(lines) == 1 else \
            "lines " + ", ".join(map(str, lines[:-1])) + f" and {lines[-1]}"
        parts.append(f"{paper_name(paper, registry)}, {where}")
    return "; ".join(parts)


def excerpt(paper_id: str, line: int, printed: str, registry: pd.DataFrame, dirs: list,
            around: int = 2) -> tuple[str, list[tuple[int, str, bool]]]:
    """The paper's lines around ``line``: a heading naming them, and (number, text, is the
    figure's line) for each, the printed figure bracketed [[like this]] on its own line."""
    from .papers import paper_lines

    lines = paper_lines(paper_id, registry, dirs)
    first, last = max(1, line - around), min(len(lines), line + around)
    head = f"{paper_name(paper_id, registry)}, lines {first}-{last} (figure at line {line})"
    body = [(k, lines[k - 1].replace(printed, f"[[{printed}]]", 1) if k == line
             else lines[k - 1], k == line) for k in range(first, last + 1)]
    return head, body


def excerpt_html(head: str, body: list[tuple[int, str, bool]]) -> str:
    """An excerpt as escaped HTML, the figure highlighted, long lines wrapped."""
    import html

    rows = "\n".join(f"{'&gt;&gt;' if mark else '  '} {k:>5}  {html.escape(text)}"
                     for k, text, mark in body)
    return (f'<div class="asc-excerpt"><strong>{html.escape(head)}</strong><pre style="'
            f'white-space:pre-wrap">{rows}</pre></div>').replace("[[", "<mark>").replace(
        "]]", "</mark>")
