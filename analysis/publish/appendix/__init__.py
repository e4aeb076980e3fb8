"""What each appendix shows, built once so a notebook, its page and the workbook agree.

A notebook builds its appendix in plain sight: the comparison frame (or, for budgets and data
quality, the figures and the audit's findings), then each table, chart and sentence through the
named functions of these modules. ``BUILDERS[name](ctx)`` calls the same functions on the same
frames to make the :class:`Appendix` the workbook and the report's index are written from (a
test holds each notebook to it). Nothing here is typed in: every sentence is computed.

- :mod:`.theme`: the comparison, ratings and history tables of any comparison frame;
- :mod:`.briefing`, :mod:`.workforce`, :mod:`.reablement`, :mod:`.safeguarding`: the theme
  appendices and the tables of their own;
- :mod:`.assessment`: the CQC's assessment of each council, step by step (the briefing);
- :mod:`.other`: the measures that fit no theme (direct payments, admissions, waits, reviews);
- :mod:`.budgets` (with :mod:`.budget_tables`), :mod:`.data_quality`, :mod:`.profile`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..tables import Appendix, Table
from .assessment import assessment_messages, assessment_table
from .briefing import BRIEFING, audit_summary_table, briefing, coverage_table
from .budget_tables import (
    bridge_table,
    capital_table,
    funding_table,
    gross_income_net_table,
    growth_table,
    savings_table,
    service_lines_table,
)
from .budgets import budget_messages, budget_totals_table, budgets, other_amounts_table
from .data_quality import (
    by_kind_table,
    conversion_table,
    corrections_table,
    data_quality,
    inconclusive_table,
    no_conversion_note,
    passed_table,
    quality_messages,
    questions_table,
    rejected_table,
)
from .other import other
from .profile import (
    audit_table,
    checks_touching,
    figures_table,
    newest_printed,
    others_printed,
    printed_figures,
    profile,
    profile_messages,
)
from .reablement import reablement, short_term_support_table, trend_table
from .safeguarding import boards_table, safeguarding
from .theme import (
    comparison_table,
    history_note,
    history_table,
    missing_sentences,
    ratings_table,
)
from .workforce import vintages_table, workforce

BUILDERS: dict[str, Callable[..., Appendix]] = {
    "00_briefing": briefing, "05_explore": profile, "10_workforce": workforce,
    "20_reablement": reablement, "30_budgets": budgets, "40_safeguarding": safeguarding,
    "50_other": other, "90_data_quality": data_quality,
}

__all__ = [
    "BRIEFING", "BUILDERS", "Appendix", "Table", "assessment_messages", "assessment_table",
    "audit_summary_table", "audit_table",
    "boards_table", "bridge_table", "budget_messages", "budget_totals_table", "by_kind_table",
    "capital_table", "checks_touching", "comparison_table", "conversion_table",
    "corrections_table", "no_conversion_note", "coverage_table", "figures_table", "funding_table",
    "gross_income_net_table",
    "growth_table", "history_note", "history_table", "inconclusive_table", "missing_sentences",
    "newest_printed", "other_amounts_table", "others_printed", "passed_table", "printed_figures",
    "profile_messages",
    "quality_messages",
    "questions_table", "ratings_table", "rejected_table", "savings_table",
    "service_lines_table", "short_term_support_table", "trend_table", "vintages_table",
]
