"""Reablement: outcomes of reablement and hospital discharge compared, their trends across the
ASCOF renumbering, and each council's own short-term support figures as printed."""

from __future__ import annotations

import pandas as pd

from ..tables import Appendix, Table, locations
from .theme import theme_appendix

LEAD = ("Outcomes of reablement and hospital discharge, and each council's own short-term "
        "support figures.")
TRENDS = ("ascof_reablement_no_ongoing_need", "ascof_home_91_days_after_discharge")


def trend_table(points: pd.DataFrame) -> Table | None:
    """A measure's series (:meth:`analysis.publish.data.Data.series`) as a table: every period
    printed, with its framework and whether it covers a year."""
    if points.empty:
        return None
    label = points["measure"].iloc[0]
    shown = points.assign(length=points["part_year"].map({True: "under a year",
                                                          False: "a year"}))[
        ["authority", "period", "value", "unit", "display", "framework", "length",
         "locations"]].rename(columns={"display": "figure", "length": "period length"})
    return Table(f"Trend: {label}", shown, hidden=("value", "unit"),
                 caption=f"{label}: every period printed",
                 notes=["A change of framework, or a part-year figure beside full years, breaks "
                        "the series."])


def short_term_support_table(data, authorities: list[str]) -> Table | None:
    """Each council's own short-term support and early action figures, as printed."""
    ind = data.ind
    early = ind[ind["measure_id"].str.startswith("reab_") & ind["authority"].isin(authorities)
                & (ind["figure_id"] == ind["observation_id"])]
    if early.empty:
        return None
    shown = early.assign(
        figure=early["raw"].str.replace("**", "", regex=False),  # as printed, qualifiers kept
        locations=locations(early))[
        ["authority", "measure_label", "breakdown", "period", "value_type", "value", "unit",
         "figure", "locations"]].rename(columns={"measure_label": "measure",
                                                  "figure": "as printed",
                                                  "value_type": "type"})
    return Table("Short-term support as printed", shown, hidden=("value", "unit"),
                 caption="Each council's own short-term support and early action figures, as "
                         "printed",
                 notes=["These are the councils' own measures, not ASCOF: they are not "
                        "comparable between the councils."])


def reablement(ctx) -> Appendix:
    p = ctx.params
    who = p["authorities"] + p["benchmarks"]
    return theme_appendix(ctx, p["measures"], "Reablement", LEAD).add(
        {f"trend {m}": trend_table(ctx.data.series(m, who)) for m in TRENDS}
        | {"short-term support": short_term_support_table(ctx.data, p["authorities"])})
