"""The tables each appendix shows, built once so a notebook and the report's exports agree."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..compare.table import NOT_REPORTED, comparison, coverage, coverage_periods, trend, wide
from ..dataset.units import fmt

HEADLINES = ["wf_vacancy_rate", "wf_turnover_rate", "wf_relevant_qualification_share",
             "ascof_reablement_no_ongoing_need", "ascof_home_91_days_after_discharge",
             "safeguarding_risk_reduced_or_removed", "ascof_feel_safe",
             "ascof_direct_payments_users"]


def _shown(table: pd.DataFrame) -> pd.DataFrame:
    cols = ["measure", "authority", "display", "rating", "rated_against", "direction",
            "previous", "caveats", "source"]
    out = table.reindex(columns=cols).fillna("").reset_index(drop=True)
    return out.rename(columns={"display": "value (period)", "rated_against": "rated against",
                               "previous": "previous period"})


def briefing(ctx) -> dict[str, pd.DataFrame]:
    p = ctx.params
    table = comparison(ctx.ind, ctx.measures, HEADLINES, p["authorities"], p["benchmarks"],
                       p["period"], ctx.audit)
    bad = ctx.audit[ctx.audit["verdict"] == "discrepancy"]
    by_kind = bad.groupby("kind").size().rename("discrepancies").reset_index()
    return {
        "headline comparison": wide(table),
        "headline ratings": _shown(table[table["role"] == "council"]),
        "coverage by theme (number of measures reported)": coverage(ctx.ind, p["authorities"]),
        "budget totals": budget_totals(ctx),
        "audit discrepancies by kind": by_kind,
    }


def budget_totals(ctx) -> pd.DataFrame:
    """Each council's adult social care budget total as printed, with what it covers."""
    rows = []
    for authority in ctx.params["authorities"]:
        ind = ctx.ind[(ctx.ind["authority"] == authority) & (ctx.ind["value_type"] == "budget")]
        net = ind[(ind["measure_id"] == "budget_net") & (ind["breakdown"] == "")
                  & (ind["scope"] == "adult social care")]
        approved = ind[ind["measure_id"] == "budget_approved_total"]
        pick = pd.concat([net, approved]).sort_values("period_end", ascending=False)
        if pick.empty:
            rows.append({"authority": authority, "adult social care budget": NOT_REPORTED})
            continue
        for _, r in pick.drop_duplicates(["measure_id", "period"]).iterrows():
            basis = ctx.measures.set_index("measure_id").loc[r["measure_id"], "comparability"]
            rows.append({"authority": authority, "period": r["period"],
                         "adult social care budget": fmt(r["value"], "gbp"),
                         "what it is": r["measure_label"], "basis": basis or r["breakdown"],
                         "source": f"{r['source_file']}:{r['source_line']}"})
    return pd.DataFrame(rows).fillna("")


def theme_comparison(ctx) -> dict[str, pd.DataFrame]:
    p = ctx.params
    table = comparison(ctx.ind, ctx.measures, p["measures"], p["authorities"], p["benchmarks"],
                       p["period"], ctx.audit)
    return {
        "comparison": wide(table),
        "ratings and caveats": _shown(table[table["role"] == "council"]),
        "periods reported": coverage_periods(ctx.ind, p["measures"],
                                             p["authorities"] + p["benchmarks"]),
    }


def workforce(ctx) -> dict[str, pd.DataFrame]:
    tables = theme_comparison(ctx)
    ind = ctx.ind
    vintages = ind[(ind["authority"].isin(ctx.params["authorities"]))
                   & ind["measure_id"].isin(ctx.params["measures"])
                   & (ind["breakdown"] == "") & (ind["value_type"] == "actual")]
    vintages = vintages.assign(vintage=vintages["period"] + " (" + vintages["paper_id"] + ")")
    grid = vintages.pivot_table(index="measure_label", columns="vintage", values="value",
                                aggfunc="first")
    tables["both vintages (values as printed, by paper)"] = grid.apply(lambda col: col.map(
        lambda v: "" if pd.isna(v) else f"{v:,.10g}")).rename_axis(index="measure", columns=None)
    return tables


def reablement(ctx) -> dict[str, pd.DataFrame]:
    tables = theme_comparison(ctx)
    who = ctx.params["authorities"] + ctx.params["benchmarks"]
    for measure in ("ascof_reablement_no_ongoing_need", "ascof_home_91_days_after_discharge"):
        series = trend(ctx.ind, ctx.measures, measure, who)
        label = ctx.label(measure)
        tables[f"trend: {label}"] = series.assign(
            value=[fmt(v, u) for v, u in zip(series["value"], series["unit"], strict=True)]
        ).drop(columns=["period_end", "unit"])
    early = ctx.ind[ctx.ind["measure_id"].str.startswith("reab_")
                    & ctx.ind["authority"].isin(ctx.params["authorities"])]
    tables["early action and short-term support (as printed)"] = early.assign(
        value=[fmt(v, u, p) for v, u, p in zip(early["value"], early["unit"], early["precision"],
                                              strict=True)],
        source=early["source_file"] + ":" + early["source_line"].astype(str))[
        ["authority", "measure_label", "breakdown", "period", "value", "source"]].rename(
        columns={"measure_label": "measure"}).reset_index(drop=True)
    return tables


def budgets(ctx) -> dict[str, pd.DataFrame]:
    year = ctx.params["budget_year"]
    ind = ctx.ind[ctx.ind["authority"].isin(ctx.params["authorities"])
                  & (ctx.ind["value_type"] == "budget")]
    lines = ind[(ind["measure_id"] == "budget_net") & (ind["period"] == year)
                & ind["breakdown"].str.startswith("budget line: ")
                & ind["figure_id"].str.contains(r"\.t0[56]\d\dc8", regex=True)]
    service = lines.assign(
        service=lines["breakdown"].str.replace("budget line: ", "", regex=False),
        statutory=lines["note"].str.extract(r"statutory flag[^:]*: ([SDB])")[0].fillna(""),
        net=[fmt(v, "gbp") for v in lines["value"]])[["authority", "service", "statutory", "net"]]
    tables = {f"net revenue budget {year} by service line": service.reset_index(drop=True)}
    for measure, name in (("budget_growth", "growth"), ("budget_savings", "savings"),
                          ("budget_capital", "capital programme")):
        rows = ind[(ind["measure_id"] == measure) & (ind["figure_id"].str.contains(r"\.t"))]
        if rows.empty:
            tables[f"{name} by year"] = pd.DataFrame({"note": [NOT_REPORTED]})
            continue
        rows = rows.assign(item=rows["breakdown"].str.split(": ", n=1).str[1])
        grid = rows.pivot_table(index="item", columns="period", values="value",
                                aggfunc="first", sort=False)
        tables[f"{name} by year (£, cumulative from 2024/25)" if measure != "budget_capital"
               else f"{name} by year (£)"] = grid.apply(
            lambda col: col.map(lambda v: "" if pd.isna(v) else fmt(v, "gbp"))).rename_axis(
            index="item", columns=None)
    tables["adult social care budget totals side by side"] = budget_totals(ctx)
    return tables


def safeguarding(ctx) -> dict[str, pd.DataFrame]:
    tables = theme_comparison(ctx)
    boards = ctx.ind[ctx.ind["measure_id"].isin(["sg_board_budget", "sg_board_contribution"])]
    tables["safeguarding board budgets 2017/18"] = boards.assign(
        amount=[fmt(v, "gbp") for v in boards["value"]],
        source=boards["source_file"] + ":" + boards["source_line"].astype(str))[
        ["authority", "measure_label", "breakdown", "period", "amount", "source"]].rename(
        columns={"measure_label": "measure"}).reset_index(drop=True)
    counts = coverage(ctx.ind, ctx.params["authorities"])
    tables["evidence available by council (measures reported)"] = counts
    return tables


def data_quality(ctx) -> dict[str, pd.DataFrame]:
    audit = ctx.audit
    bad = audit[audit["verdict"] == "discrepancy"]
    questions = bad.assign(question=[_question(k, e) for k, e in zip(bad["kind"],
                                                                     bad["explanation"],
                                                                     strict=True)])
    questions = questions.assign(locations=questions["locations"].str.replace(";", "; "))
    tables = {
        "scrutiny questions": questions[["kind", "question", "locations"]].reset_index(drop=True),
        "checks run by kind and verdict": pd.crosstab(audit["kind"], audit["verdict"]),
        "rejected figures by reason": ctx.rejects.assign(
            reason=ctx.rejects["reason"].str.replace(r"'.*'", "'…'", regex=True))
        .groupby("reason").size().rename("figures").sort_values(ascending=False).reset_index(),
        "corrections applied": ctx.corrections,
    }
    if ctx.params["show_passed"]:
        tables["checks that passed"] = audit[audit["verdict"] != "discrepancy"][
            ["kind", "explanation", "verdict"]].reset_index(drop=True)
    return tables


def _question(kind: str, explanation: str) -> str:
    ask = {"percent vs counts": "Which figure is right, and what is the correct percentage?",
           "table arithmetic": "Which figure should the committee rely on?",
           "split": "What is missing from, or double-counted in, this breakdown?",
           "parts vs whole": "What accounts for the difference between the parts and the total?",
           "change vs levels": "Which of the figures is out of date?",
           "conflicting versions": "Which version is current, and why do they differ?",
           "rate x base": "How was the rate calculated, and on what base?",
           "corrected figure": "Can officers confirm the figure intended?",
           "period out of context": "Which period does this figure cover?"}
    return f"{explanation} {ask.get(kind, '')}".strip()


BUILDERS: dict[str, Callable] = {
    "00_briefing": briefing, "10_workforce": workforce, "20_reablement": reablement,
    "30_budgets": budgets, "40_safeguarding": safeguarding, "90_data_quality": data_quality,
}
