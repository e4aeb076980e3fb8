"""Held-out recall: run the candidate finder on a paper as if nothing were curated, and score it
against the figures curators did type.

A curated figure is *found* when a candidate on its line overlaps its printed text; *read right*
when one of those candidates proposes the value and unit the build gave it; its measure is
*suggested* when the curated measure is among that candidate's three proposals.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from ..parse.authorities import Authorities
from .candidates import find_candidates
from .spans import printed_at

SCORE_COLUMNS = ["figure_id", "line", "raw", "found", "read_right", "measure_suggested",
                 "same_span", "authority_right", "value_type_right", "period_right",
                 "candidates"]


METRICS = ["found", "read_right", "measure_suggested", "same_span", "authority_right",
           "value_type_right", "period_right"]


def _same(a, b) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    except (TypeError, ValueError):
        return False


def score_paper(lines: Sequence[str], drafts: pd.DataFrame, curated: pd.DataFrame
                ) -> pd.DataFrame:
    """One row per curated figure (columns figure_id, line, raw, printed_value, unit,
    measure_id, authority, value_type, period)."""
    by_line: dict[int, list[tuple[tuple[int, int], dict]]] = {}
    for row in drafts.to_dict("records"):
        start = int(row["position"])
        by_line.setdefault(int(row["line"]), []).append(((start, start + len(row["raw"])), row))
    out = []
    for fig in curated.itertuples(index=False):
        n = int(fig.line)
        spots = printed_at(lines[n - 1], fig.raw) if 1 <= n <= len(lines) else []
        hits = [row for (s, e), row in by_line.get(n, [])
                if any(s < fe and fs < e for fs, fe in spots)]
        measures = {row[f"proposed_measure_{k}"] for row in hits for k in (1, 2, 3)}
        out.append({
            "figure_id": fig.figure_id, "line": n, "raw": fig.raw, "found": bool(hits),
            # as printed: the build then applies the chosen measure's sign convention
            "read_right": any(_same(r["proposed_value"], fig.printed_value)
                              and r["proposed_unit"] == fig.unit for r in hits),
            "measure_suggested": fig.measure_id in measures,
            "same_span": any(r["raw"] == fig.raw for r in hits),
            "authority_right": any(r["proposed_authority"] == fig.authority for r in hits),
            "value_type_right": any(r["proposed_value_type"] == fig.value_type for r in hits),
            "period_right": any(r["proposed_period"] == fig.period for r in hits),
            "candidates": " | ".join(dict.fromkeys(
                f"{r['raw']} = {r['proposed_value']} {r['proposed_unit']}".strip() for r in hits)),
        })
    return pd.DataFrame(out, columns=SCORE_COLUMNS)


def held_out(papers: dict[str, tuple[Sequence[str], str]], indicators: pd.DataFrame,
             measures: pd.DataFrame, authorities: Authorities | None = None
             ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per-paper recall table and the per-figure scores. ``papers`` maps paper id to (lines,
    council); ``indicators`` is the build's table (value and unit after cleaning);
    ``authorities`` the registers the papers' authority names are read through."""
    scores = []
    for paper_id, (lines, council) in papers.items():
        drafts, _ = find_candidates(lines, paper_id, council, measures,
                                    authorities=authorities)
        curated = indicators.loc[indicators["paper_id"] == paper_id].rename(
            columns={"source_line": "line"})
        scored = score_paper(lines, drafts, curated)
        scored.insert(0, "paper_id", paper_id)
        scores.append(scored)
    scores = pd.concat(scores, ignore_index=True)
    table = scores.groupby("paper_id", sort=True).agg(
        curated=("figure_id", "size"), found=("found", "sum"), read_right=("read_right", "sum"),
        measure_suggested=("measure_suggested", "sum"), same_span=("same_span", "sum"),
        authority_right=("authority_right", "sum"), value_type_right=("value_type_right", "sum"),
        period_right=("period_right", "sum"))
    total = table.sum().to_frame("all papers").T
    table = pd.concat([table, total])
    for col in METRICS:
        table[f"{col}_pct"] = (100 * table[col] / table["curated"]).round(1)
    return table, scores
