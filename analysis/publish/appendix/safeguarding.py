"""Safeguarding: outcomes first, then activity (alerts, enquiries, conversion), compared; and the
safeguarding boards' budgets."""

from __future__ import annotations

from ...dataset.units import fmt
from ..tables import Appendix, Table, locations
from .theme import theme_appendix

LEAD = ("Safeguarding outcomes first, then activity (alerts, enquiries, conversion), and the "
        "safeguarding boards' budgets.")


def boards_table(data) -> Table | None:
    """The safeguarding boards' budgets and the contributions to them, with what each covers."""
    ind = data.ind
    boards = ind[ind["measure_id"].isin(["sg_board_budget", "sg_board_contribution"])]
    if boards.empty:
        return None
    shown = boards.assign(amount=[fmt(v, "gbp") for v in boards["value"]],
                          locations=locations(boards))[
        ["authority", "measure_label", "breakdown", "scope", "period", "value", "amount",
         "locations"]].rename(columns={"measure_label": "measure"})
    return Table("Safeguarding board budgets", shown, hidden=("value",),
                 caption="Safeguarding board budgets and contributions (£), with what each "
                         "covers",
                 notes=["The boards cover Leicestershire and Rutland; the children's board's "
                        "budget is not adult social care and is shown for context only."],
                 units={"value": "gbp"})


def safeguarding(ctx) -> Appendix:
    return theme_appendix(ctx, ctx.params["measures"], "Safeguarding", LEAD).add(
        {"boards": boards_table(ctx.data)})
