"""The briefing: the headline measures of every theme, what each council publishes, the budget
totals and the audit's findings, on one page."""

from __future__ import annotations

from ...audit import finding_table
from ...compare.coverage import coverage
from ..tables import Appendix, Table
from .assessment import assessment_table
from .budgets import budget_totals_table
from .theme import theme_appendix

BRIEFING = ["wf_vacancy_rate", "wf_turnover_rate", "wf_relevant_qualification_share",
            "ascof_reablement_no_ongoing_need", "ascof_home_91_days_after_discharge",
            "safeguarding_risk_reduced_or_removed", "ascof_feel_safe",
            "ascof_direct_payments_users", "contacts_received"]
BUDGET_YEAR = "2025/26"  # the year the briefing's budget totals are captioned for
TITLE = "Briefing: Leicester and Leicestershire adult social care"
LEAD = ("Where Leicester and Leicestershire can be compared from their papers, how they compare, "
        "and where they cannot.")


def coverage_table(data, councils: list[str]) -> Table:
    """Distinct measures each council's papers report for its own adult social care, by
    theme: current (within three years of the newest paper) and older only."""
    return Table(
        "Coverage by theme", coverage(data.ind, data.measures, councils, data.newest),
        locations=None,
        caption="Coverage: distinct measures each council's papers report for its own adult "
                "social care, current (within three years of the newest paper) and older only",
        notes=["Not counted: figures for other bodies (a children's board), wider footprints "
               "(LLR) and services outside adult social care (libraries, heritage, adult "
               "learning)."])


def audit_summary_table(data) -> Table:
    """The audit's findings that are not a pass, counted by kind, verdict and whose error."""
    findings = finding_table(data.audit)
    problems = findings[~findings["verdict"].isin(["ok", "ok (rounding)"])]
    summary = problems.groupby(["kind", "verdict", "origin"]).size().rename(
        "findings").reset_index()
    summary["origin"] = summary["origin"].map({"paper": "the paper (a question for officers)",
                                               "conversion": "the conversion to text"})
    return Table("Audit findings", summary, locations=None,
                 caption="The audit of the papers' own arithmetic: findings that are not a "
                         "pass, by kind and whose error")


def briefing(ctx) -> Appendix:
    p = ctx.params
    app = theme_appendix(ctx, BRIEFING, "Headline measures", LEAD).add({
        "coverage": coverage_table(ctx.data, p["authorities"]),
        "cqc": assessment_table(ctx.data, p["authorities"]),
        "budget totals": budget_totals_table(ctx.data, p["authorities"], BUDGET_YEAR),
        "audit": audit_summary_table(ctx.data)})
    app.title = TITLE
    return app
