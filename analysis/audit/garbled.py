"""Garbled figures: figures the conversion of a paper to text truncated or garbled, corrected
with evidence (corrections.csv), or flagged truncated with no correction yet."""

from __future__ import annotations

import re

import pandas as pd

from ..dataset.units import fmt
from .rows import check_row, records
from .rule import Outcome


def garbled(ind: pd.DataFrame) -> list[dict]:
    """A check (always to be read) of every figure flagged truncated or corrected: one per
    observation and printed text, so a garbled figure two packs reprint is one question.

    >>> from analysis.audit.examples import indicators
    >>> ind = indicators({"figure_id": "p.p1", "value": 15, "raw": "around 15, in 2023/24",
    ...                   "flags": "truncated"})
    >>> row, = garbled(ind)
    >>> row["verdict"], row["explanation"].split(", which ")[1]
    ('discrepancy', 'looks truncated, and no correction has been recorded.')
    """
    flagged = ind[ind["flags"].str.contains(r"\btruncated\b|\bcorrected\b", regex=True)]
    kind = flagged["flags"].str.extract(r"(period corrected|corrected)", expand=False)
    key = flagged["observation_id"] + "\0" + flagged["raw"] + "\0" + kind.fillna("truncated")
    return [_garbled_check(group) for group in records_by(flagged, key)]


def records_by(frame: pd.DataFrame, key: pd.Series) -> list[list[dict]]:
    """The rows of ``frame`` as record lists, one per value of ``key``, in first-seen order."""
    rows = records(frame)
    grouped: dict[str, list[dict]] = {}
    for k, r in zip(key, rows, strict=True):
        grouped.setdefault(k, []).append(r)
    return list(grouped.values())


def where_printed(rows: list[dict]) -> str:
    """'line 57', or where a figure is printed in several papers, each paper's line.

    >>> where_printed([{"source_line": 57, "paper_id": "a", "council": "Leicester",
    ...                 "meeting_date": pd.Timestamp("2025-04-30")},
    ...                {"source_line": 1125, "paper_id": "b", "council": "Leicester",
    ...                 "meeting_date": pd.Timestamp("2025-05-06")}])
    "line 57 of Leicester's paper of 30 Apr 2025 and line 1125 of Leicester's paper of 6 May 2025"
    """
    if len({r["paper_id"] for r in rows}) == 1:
        lines = [str(r["source_line"]) for r in rows]
        return f"line {lines[0]}" if len(lines) == 1 else f"lines {', '.join(lines)}"
    return " and ".join(f"line {r['source_line']} of {r['council']}'s paper of "
                        f"{r['meeting_date'].day} {r['meeting_date']:%b %Y}" for r in rows)


EVIDENCE = "the evidence is in the data-quality appendix, under Corrections applied"


def _garbled_check(rows: list[dict]) -> dict:
    r, where = rows[0], where_printed(rows)
    period = re.search(r"period corrected \(printed '([^']*)'", r["flags"])
    if period:  # the dataset's reading of the paper, not a period any line prints for it
        text = (f"On {where} the paper dates '{r['raw']}' as {period.group(1)}; the dataset "
                f"dates it {r['period']}, its own inference from the paper's text (the "
                f"reasoning and the lines it rests on: {EVIDENCE}).")
    elif "corrected" in r["flags"]:
        text = (f"The paper prints '{r['raw']}' on {where}, which is garbled or truncated; "
                f"the dataset uses {fmt(r['value'], r['unit'])} ({EVIDENCE}).")
    else:
        text = (f"The paper prints '{r['raw']}' on {where}, which looks truncated, and no "
                "correction has been recorded.")
    return check_row(f"garbled:{r['figure_id']}", "corrected figure", rows, r["raw"],
                     fmt(r["value"], r["unit"]), Outcome("discrepancy", 0.0), 0.0, r["value"],
                     text)
