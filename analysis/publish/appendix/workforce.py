"""Workforce: Skills for Care estimates of each council's adult social care workforce, and the
councils' own staff figures, compared; and every figure by the year and paper that printed it."""

from __future__ import annotations

from ...dataset.units import fmt
from ..tables import Appendix, Table, locations
from .theme import theme_appendix

LEAD = ("Skills for Care estimates of each council's adult social care workforce, and the "
        "councils' own staff figures.")


def vintages_table(data, authorities: list[str], measures: list[str]) -> Table | None:
    """Every workforce figure as printed, by year and the paper that printed it (Skills for
    Care revises its estimates each year)."""
    ind = data.ind
    rows = ind[ind["authority"].isin(authorities) & ind["measure_id"].isin(measures)
               & (ind["value_type"] == "actual") & (ind["figure_id"] == ind["observation_id"])
               & (ind["period_kind"] != "undated")]
    if rows.empty:
        return None
    shown = rows.assign(
        published=rows["paper_id"].map(data.paper_name),
        figure=[fmt(v, u, p) for v, u, p in zip(rows["value"], rows["unit"], rows["precision"],
                                               strict=True)],
        locations=locations(rows))[
        ["authority", "measure_label", "breakdown", "period", "value", "unit", "figure",
         "published", "locations"]].rename(columns={"measure_label": "measure"}).sort_values(
        ["authority", "measure", "breakdown", "period"], kind="mergesort")
    return Table("Workforce figures by year and paper", shown, hidden=("value", "unit"),
                 caption="Every workforce figure as printed, by year and the paper that printed "
                         "it",
                 notes=["Skills for Care revises its estimates each year, so figures from "
                        "different years' publications are not a clean time series."])


def workforce(ctx) -> Appendix:
    p = ctx.params
    return theme_appendix(ctx, p["measures"], "Workforce", LEAD).add(
        {"vintages": vintages_table(ctx.data, p["authorities"], p["measures"])})
