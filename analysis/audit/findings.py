"""Findings: one question per issue, with every place it was printed, and whose error it is.

A reprinted report (the 6 May pack reprints the 30 April workforce report) or a figure printed
twice in one paper makes the same check twice. Checks of one kind over the same observations
(see :mod:`analysis.dataset.observations`) are one finding and share its ``finding`` id.

``origin`` says whose error a finding is: ``conversion`` when a figure was garbled or truncated
by the conversion of the paper to text (a data-preparation note, not a question to officers),
``paper`` when the council printed it so (a question to officers). Checks that pass have none.
"""

from __future__ import annotations

import pandas as pd

from .rows import groups
from .rule import PASSED, VERDICTS


def conversion_figures(ind: pd.DataFrame, corrections: pd.DataFrame) -> set[str]:
    """Figures whose printed text the conversion to text garbled: corrected with origin
    'conversion', or flagged truncated with no correction."""
    converted = set(corrections.loc[corrections["origin"] == "conversion", "figure_id"])
    truncated = ind["flags"].str.contains(r"\btruncated\b") & ~ind["flags"].str.contains(
        r"\bcorrected\b")
    return converted | set(ind.loc[truncated, "figure_id"])


def assign_findings(checks: pd.DataFrame, ind: pd.DataFrame,
                    corrections: pd.DataFrame) -> pd.DataFrame:
    """``checks`` with ``finding`` (shared by duplicates, numbered in check order) and
    ``origin``."""
    observation = dict(zip(ind["figure_id"].tolist(), ind["observation_id"].tolist(),
                           strict=True))
    garbled = conversion_figures(ind, corrections)
    signatures, origins = [], []
    for kind, ids, verdict in zip(checks["kind"].tolist(), checks["figure_ids"].tolist(),
                                  checks["verdict"].tolist(), strict=True):
        figures = ids.split(";")
        signatures.append((kind, tuple(sorted({observation.get(f, f) for f in figures}))))
        if verdict in PASSED:
            origins.append("")
        else:
            origins.append("conversion" if any(f in garbled for f in figures) else "paper")
    numbers: dict[tuple, str] = {}
    for signature in signatures:
        numbers.setdefault(signature, f"F{len(numbers) + 1:03d}")
    out = checks.copy()
    out["finding"] = [numbers[s] for s in signatures]
    out["origin"] = origins
    return out


FINDING_COLUMNS = ["finding", "kind", "verdict", "origin", "locations", "checks", "explanation"]


def finding_table(audit_df: pd.DataFrame) -> pd.DataFrame:
    """One row per finding, in finding-id order: the kind, verdict, origin and explanation of
    its first most serious check, every location it was printed at (in check order, each
    once) and how many checks it has.

    >>> checks = pd.DataFrame({"finding": ["F002", "F001", "F002"], "kind": ["a", "b", "a"],
    ...     "verdict": ["ok", "ok", "discrepancy"], "origin": ["", "", "paper"],
    ...     "locations": ["x:1;x:2", "y:4", "x:2;x:3"], "explanation": ["one", "two", "three"]})
    >>> finding_table(checks)[["finding", "verdict", "locations", "checks"]].values.tolist()
    [['F001', 'ok', 'y:4', 1], ['F002', 'discrepancy', 'x:1;x:2;x:3', 2]]
    """
    rows = []
    for checks in groups(audit_df, ["finding"]):
        top = max(checks, key=lambda check: VERDICTS.index(check["verdict"]))
        places = dict.fromkeys(p for check in checks for p in check["locations"].split(";"))
        rows.append({"finding": top["finding"], "kind": top["kind"], "verdict": top["verdict"],
                     "origin": top["origin"], "locations": ";".join(places),
                     "checks": len(checks), "explanation": top["explanation"]})
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def questions(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings that share a printed line are one question for officers (one paragraph against
    another: its alerts, enquiries and rate are three findings but one question). Returns one
    row per question: ``question`` (Q01...), its ``findings``, kinds, every location and the
    explanations joined.

    >>> f = pd.DataFrame({"finding": ["F1", "F2", "F3"], "kind": ["a", "b", "a"],
    ...     "locations": ["x:1;x:9", "x:9", "y:4"], "explanation": ["one.", "two.", "three."]})
    >>> questions(f)[["question", "findings"]].values.tolist()
    [['Q01', 'F1, F2'], ['Q02', 'F3']]
    """
    columns = ["question", "findings", "kinds", "locations", "explanation"]
    if findings.empty:
        return pd.DataFrame(columns=columns)
    parent = list(range(len(findings)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_at: dict[str, int] = {}
    for i, locations in enumerate(findings["locations"]):
        for place in locations.split(";"):
            j = first_at.setdefault(place, i)
            parent[root(i)] = root(j)
    # one group per question, in the order of each question's first finding
    grouped = pd.DataFrame({
        "_question": [root(i) for i in range(len(findings))],
        **{c: findings[c].tolist() for c in ("finding", "kind", "locations", "explanation")},
    }).groupby("_question", sort=False)
    table = grouped.agg(
        findings=("finding", ", ".join),
        kinds=("kind", lambda kinds: ", ".join(dict.fromkeys(kinds))),
        locations=("locations", lambda places: ";".join(dict.fromkeys(";".join(places)
                                                                     .split(";")))),
        explanation=("explanation", " ".join)).reset_index(drop=True)
    table.insert(0, "question", [f"Q{n:02d}" for n in range(1, len(table) + 1)])
    return table[columns]
