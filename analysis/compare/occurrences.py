"""Every printed occurrence of a figure, with a source a reader can follow and the audit
findings that touch it: what an analyst exploring a measure reads first.

>>> import pandas as pd
>>> from analysis.settings import Settings
>>> from analysis.sources.papers import load_registry
>>> ind = pd.DataFrame({"figure_id": ["leicester-2025-05-06.t0001c1"], "measure_id": ["m"],
...     "measure_label": ["M"], "authority": ["Leicester"], "breakdown": [""], "value": [1.0],
...     "unit": ["percent"], "period": ["2023/24"], "value_type": ["actual"], "qualifier": [""],
...     "raw": ["1%"], "flags": [""], "observation_id": ["leicester-2025-05-06.t0001c1"],
...     "paper_id": ["leicester-2025-05-06"], "source_line": [12],
...     "meeting_date": [pd.Timestamp("2025-05-06")]})
>>> checks = pd.DataFrame({"figure_ids": ["leicester-2025-05-06.t0001c1"],
...     "verdict": ["discrepancy"], "finding": ["F1"]})
>>> row = occurrences(ind, checks, load_registry(Settings().papers_csv)).iloc[0]
>>> row["source"], row["audit"]
('Leicester Adult Social Care Scrutiny Commission, 6 May 2025, line 12', 'discrepancy (F1)')
"""

from __future__ import annotations

import pandas as pd

from ..sources.citations import cite

COLUMNS = ["figure_id", "measure_id", "measure", "authority", "breakdown", "value", "unit",
           "period", "value_type", "qualifier", "raw", "caveats", "source", "audit",
           "observation_id", "paper_id", "source_line"]
PASSED = ("ok", "ok (rounding)")


def findings_by_figure(checks: pd.DataFrame) -> dict[str, list[str]]:
    """Each figure's audit results that are not a pass, as 'verdict (finding)'."""
    touched: dict[str, list[str]] = {}
    for ids, verdict, finding in zip(checks["figure_ids"], checks["verdict"],
                                     checks["finding"], strict=True):
        if verdict not in PASSED:
            for f in str(ids).split(";"):
                touched.setdefault(f, []).append(f"{verdict} ({finding})")
    return touched


def occurrences(rows: pd.DataFrame, checks: pd.DataFrame,
                registry: pd.DataFrame) -> pd.DataFrame:
    """``rows`` of the indicators, oldest paper first, each with its citation and findings."""
    touched = findings_by_figure(checks)
    out = rows.assign(
        measure=rows["measure_label"], caveats=rows["flags"],
        source=[cite(p, n, registry) for p, n in zip(rows["paper_id"], rows["source_line"],
                                                      strict=True)],
        audit=rows["figure_id"].map(lambda f: "; ".join(dict.fromkeys(touched.get(f, [])))))
    return out.sort_values(["meeting_date", "paper_id", "source_line", "figure_id"],
                           kind="mergesort")[COLUMNS].reset_index(drop=True)
