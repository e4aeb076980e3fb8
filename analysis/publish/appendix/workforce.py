"""Workforce: Skills for Care estimates of each council's adult social care workforce, and the
councils' own staff figures, compared; and every figure by the year and paper that printed it."""

from __future__ import annotations

from ...compare.words import tool_note
from ...dataset.units import fmt
from ..tables import Appendix, Table, locations
from .theme import theme_appendix

LEAD = ("Skills for Care estimates of each council's adult social care workforce, and the "
        "councils' own staff figures.")


def vintages_table(data, authorities: list[str], measures: list[str]) -> Table | None:
    """The councils' own dated workforce figures, each once however often it was printed, by
    year and the paper that printed it (Skills for Care revises its estimates each year); the
    caption says what is left out, so it never claims every figure."""
    ind = data.ind
    mine = ind[ind["authority"].isin(authorities) & ind["measure_id"].isin(measures)]
    rows = mine[(mine["value_type"] == "actual") & (mine["period_kind"] != "undated")
                & (mine["figure_id"] == mine["observation_id"])]
    if rows.empty:
        return None
    reprints = ((mine["value_type"] == "actual") & (mine["period_kind"] != "undated")
                & (mine["figure_id"] != mine["observation_id"])).sum()
    other = (mine["value_type"] != "actual").sum()
    undated = ((mine["value_type"] == "actual") & (mine["period_kind"] == "undated")).sum()
    shown = rows.assign(
        published=rows["paper_id"].map(data.paper_name),
        figure=[fmt(v, u, p) for v, u, p in zip(rows["value"], rows["unit"], rows["precision"],
                                               strict=True)],
        locations=locations(rows))[
        ["authority", "measure_label", "breakdown", "period", "value", "unit", "figure",
         "published", "locations"]].rename(columns={"measure_label": "measure"}).sort_values(
        ["authority", "measure", "breakdown", "period"], kind="mergesort")
    left = [f"{n} {what}" for n, what in ((reprints, "reprints of a figure listed"),
                                           (undated, "undated figures"),
                                           (other, "targets, forecasts or changes")) if n]
    # the paper is named in the source column: 'published' is kept for the workbook only
    return Table("Workforce figures by year and paper", shown,
                 hidden=("value", "unit", "published"),
                 caption=f"The {len(rows)} dated figures of this page's workforce measures the "
                         f"papers print for {' and '.join(authorities)}, each once, by year and "
                         "the paper that printed it"
                         + (f" (not listed: {', '.join(left)})" if left else ""),
                 notes=[tool_note("Skills for Care revises its estimates each year, so "
                                  "figures from different years' publications are not a "
                                  "clean time series") + "."])


def workforce(ctx) -> Appendix:
    p = ctx.params
    return theme_appendix(ctx, p["measures"], "Workforce", LEAD).add(
        {"vintages": vintages_table(ctx.data, p["authorities"], p["measures"])})
