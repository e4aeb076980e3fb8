"""Garbled figures: figures the conversion of a paper to text truncated or garbled, corrected
with evidence (corrections.csv), or flagged truncated with no correction yet."""

from __future__ import annotations

import re

import pandas as pd

from ..dataset.units import fmt
from .rows import check_row, records
from .rule import Outcome


def garbled(ind: pd.DataFrame) -> list[dict]:
    """A check (always to be read) of every figure flagged truncated or corrected.

    >>> from analysis.audit.examples import indicators
    >>> ind = indicators({"figure_id": "p.p1", "value": 15, "raw": "around 15, in 2023/24",
    ...                   "flags": "truncated"})
    >>> row, = garbled(ind)
    >>> row["verdict"], row["explanation"].split(", which ")[1]
    ('discrepancy', 'looks truncated, and no correction has been recorded.')
    """
    flagged = ind[ind["flags"].str.contains(r"\btruncated\b|\bcorrected\b", regex=True)]
    return [_garbled_check(r) for r in records(flagged)]


def _garbled_check(r: dict) -> dict:
    where = f"line {r['source_line']}"
    period = re.search(r"period corrected \(printed '([^']*)'", r["flags"])
    if period:
        text = (f"On {where} the paper dates '{r['raw']}' as {period.group(1)}, but its own "
                f"text elsewhere gives {r['period']}; the dataset uses {r['period']} (the "
                "evidence is under Corrections applied).")
    elif "corrected" in r["flags"]:
        text = (f"The paper prints '{r['raw']}' on {where}, which is garbled or truncated; "
                f"the dataset uses {fmt(r['value'], r['unit'])} (the evidence is under "
                "Corrections applied).")
    else:
        text = (f"The paper prints '{r['raw']}' on {where}, which looks truncated, and no "
                "correction has been recorded.")
    return check_row(f"garbled:{r['figure_id']}", "corrected figure", [r], r["raw"],
                     fmt(r["value"], r["unit"]), Outcome("discrepancy", 0.0), 0.0, r["value"],
                     text)
