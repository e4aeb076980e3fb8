"""Safeguarding: outcomes first, then activity (alerts, enquiries, conversion), compared; and the
safeguarding boards' budgets."""

from __future__ import annotations

from ...compare.select import HISTORICAL_YEARS
from ...dataset.units import fmt
from ..tables import Appendix, Table, locations
from .theme import theme_appendix

LEAD = ("Safeguarding outcomes first, then activity (alerts, enquiries, conversion), and the "
        "safeguarding boards' budgets.")


def boards_table(data) -> Table | None:
    """The safeguarding boards' budgets and the contributions to them, with what each covers,
    each marked as history when its year ended more than three years before the newest paper
    (the pages' own rule)."""
    ind = data.ind
    boards = ind[ind["measure_id"].isin(["sg_board_budget", "sg_board_contribution"])]
    if boards.empty:
        return None
    old = (data.newest - boards["period_end"]).dt.days > HISTORICAL_YEARS * 365.25
    shown = boards.assign(amount=[fmt(v, "gbp") for v in boards["value"]],
                          history=old.map({True: "history: more than three years old",
                                           False: "current"}),
                          locations=locations(boards))[
        ["authority", "measure_label", "breakdown", "scope", "period", "value", "amount",
         "history", "locations"]].rename(columns={"measure_label": "measure"})
    wider = sorted(set(boards.loc[boards["footprint"] == "wider footprint", "authority"]))
    other = sorted(set(boards["scope"]) - {"adult social care"})
    notes = [f"The boards' figures cover {' and '.join(wider)}, as the paper prints them."
             ] if wider else []
    if other:
        notes.append(f"Figures for {' and '.join(other)} are not adult social care and are "
                     "shown for context only.")
    if old.all():
        notes.append(f"Every figure here is for {', '.join(dict.fromkeys(boards['period']))}, "
                     "more than three years before the newest paper: history, not the boards' "
                     "current budgets.")
    return Table("Safeguarding board budgets", shown, hidden=("value",),
                 caption="Safeguarding board budgets and contributions (£), with what each "
                         "covers and whether it is history",
                 notes=notes, units={"value": "gbp"})


def safeguarding(ctx) -> Appendix:
    return theme_appendix(ctx, ctx.params["measures"], "Safeguarding", LEAD).add(
        {"boards": boards_table(ctx.data)})
