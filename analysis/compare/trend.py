"""A measure over time: one observation per period per authority, with the breaks marked.

A series breaks where the ASCOF framework changed (codes renumbered in 2023; the 2016/17 pack's
figures are another framework's), where the length of the period changes (a part-year beside
full years is not a point on the same line), and, for Skills for Care estimates, between the
publications the papers quote (each year's estimates are revised: a ``vintage``).
"""

from __future__ import annotations

import pandas as pd

from ..sources.citations import cite_all
from .select import BENCHMARK_TYPES, comparable_observations, framework, part_year_figure
from .words import breakdown_words, shown, unit_label

SERIES_COLUMNS = ["measure_id", "measure", "unit_label", "authority", "breakdown", "period",
                  "period_start",
                  "period_end", "value", "precision", "unit", "display", "framework",
                  "part_year", "vintage", "segment", "locations", "sources"]


def whole_or_only_breakdown(rows: pd.DataFrame) -> pd.DataFrame:
    """Per authority and period, its whole figure; where it prints none, its figure for a
    breakdown when it prints just one (the county's turnover for 2022/23 is for the
    independent sector only), as the comparison tables show it. Several breakdowns and no whole
    (job roles) are not one figure, and are left to the tables."""
    whole = rows[rows["breakdown"] == ""]
    seen = set(zip(whole["authority"], whole["period"], strict=True))
    unseen = pd.Series([(a, p) not in seen for a, p in zip(
        rows["authority"], rows["period"], strict=True)], index=rows.index, dtype=bool)
    parts = rows[(rows["breakdown"] != "") & unseen]
    single = parts.groupby(["authority", "period"])["breakdown"].transform("nunique") == 1
    return pd.concat([whole, parts[single]])


def series(ind: pd.DataFrame, measures: pd.DataFrame, measure: str,
           authorities: list[str], registry: pd.DataFrame | None = None) -> pd.DataFrame:
    """Observed levels of ``measure`` for ``authorities``, oldest first, with the measure's
    label and unit words (for a chart's title and axis); ``segment`` names the
    stretch of one unbroken series each point belongs to, in a reader's words; ``sources``
    cites each point's paper and line (given the paper ``registry``)."""
    info = measures.set_index("measure_id").loc[measure]
    obs = comparable_observations(ind)
    rows = obs[(obs["measure_id"] == measure) & obs["authority"].isin(authorities)
               & (obs["scope"] == info["scope"]) & obs["value_type"].isin(BENCHMARK_TYPES)]
    rows = whole_or_only_breakdown(rows)
    if rows.empty:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    rows = rows.sort_values(["authority", "period_end", "precision", "figure_id"],
                            kind="mergesort").drop_duplicates(["authority", "period"])
    part = part_year_figure(rows)
    frameworks = [f"{framework(r)} framework" if info["ascof_2016"] or info["ascof_2023"]
                  else "" for _, r in rows.iterrows()]
    vintage = rows["meeting_date"].dt.year.astype(str) if info["series_note"] else \
        pd.Series("", index=rows.index)
    out = rows.assign(display=[shown(r) for _, r in rows.iterrows()], framework=frameworks,
                      part_year=part, vintage=vintage, measure=info["label"],
                      unit_label=unit_label(info))
    out["segment"] = (out["authority"] + out["breakdown"].map(
                          lambda b: f", {breakdown_words(b)}" if b else "")
                      + out["framework"].map(lambda f: f", {f}" if f else "")
                      + out["part_year"].map({True: ", under a year", False: ""})
                      + out["vintage"].map(lambda v: f", published {v}" if v else ""))
    out["sources"] = [cite_all(x, registry) for x in out["locations"]] if registry is not None \
        else out["locations"]
    return out[SERIES_COLUMNS].reset_index(drop=True)
