"""The CQC's assessment of each council's adult social care, step by step as its papers report
it (:mod:`analysis.sources.assessments`): a table with every step's words and line, and the
sentences that say where each council stood in its newest paper. Context, never a rating.

>>> from analysis.explore import load
>>> assessment_messages(load(), ["Leicester", "Leicestershire"])[0][:74]
"Leicester's CQC site visit: Feb 2025 (done, as at 13 Mar 2025). Its newest"
"""

from __future__ import annotations

import pandas as pd

from ...sources.citations import meeting
from ..tables import Table


def _step(r: pd.Series) -> str:
    return f"{r['stage']}: {r['status']}" + (f" ({r['when']})" if r["when"] else "")


def assessment_messages(data, councils: list[str]) -> list[str]:
    """Per council, its site visit and the steps its newest report gives; then whether any
    paper prints a rating. Computed from the register, so a new paper's steps change them."""
    steps = data.assessments
    out = []
    for council in councils:
        own = steps[steps["council"] == council]
        if own.empty:
            out.append(f"{council}'s papers in this set report nothing on its CQC assessment.")
            continue
        visit = own[own["stage"] == "site visit"]
        said = [] if visit.empty else [
            f"{council}'s CQC site visit: {visit.iloc[-1]['when']} ({visit.iloc[-1]['status']}, "
            f"as at {meeting(visit.iloc[-1]['as_at'].date())})."]
        newest = own[own["as_at"] == own["as_at"].max()]
        said.append(("Its newest" if said else f"{council}'s newest") + " paper reports, as at "
                    f"{meeting(newest['as_at'].iloc[0].date())}: "
                    + "; ".join(_step(r) for _, r in newest.iterrows()) + ".")
        last_paper = data.registry.loc[data.registry["council"] == council, "meeting_date"].max()
        if pd.Timestamp(last_paper) < data.newest:  # its planned steps may have happened since
            said.append(f"No later paper of {council}'s is in the set (the newest paper is of "
                        f"{meeting(data.newest.date())}), so these papers cannot say whether "
                        "the planned steps took place.")
        out.append(" ".join(said))
    rated = steps[steps["council"].isin(councils) & (steps["stage"] == "rating")]
    if rated.empty and not steps[steps["council"].isin(councils)].empty:
        out.append("No paper in the set prints a CQC rating for "
                   + ("either council" if len(councils) == 2 else "these councils")
                   + ", so none is compared here.")
    return out


def assessment_table(data, councils: list[str]) -> Table | None:
    """Every step of the councils' CQC assessments that their papers report, oldest report
    first, with the words printed and the line; None when the papers report none."""
    steps = data.assessments[data.assessments["council"].isin(councils)]
    if steps.empty:
        return None
    view = pd.DataFrame({
        "council": steps["council"], "step": steps["stage"], "status": steps["status"],
        "when": steps["when"].replace("", "not given"),
        "as at": [meeting(d.date()) for d in steps["as_at"]],
        "the paper's words": steps["raw"],
        "locations": steps["paper_id"] + ":" + steps["line"]})
    return Table("CQC assessment", view.reset_index(drop=True),
                 caption="CQC assessment of adult social care: each step as the councils' "
                         "papers report it, and the date each paper reports it at",
                 notes=assessment_messages(data, councils)
                 + ["'As at' is the meeting the paper reports: for minutes, the meeting they "
                    "record. A step is context from the papers, not a rating."],
                 widths={"council": "11%", "step": "13%", "status": "9%",
                         "when": "13%", "as at": "11%",
                         "the paper's words": "36%"})
