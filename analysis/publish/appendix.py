"""What each appendix shows, built once so a notebook, its page and the workbook agree.

Every builder takes a notebook context (validated parameters and the data) and returns an
:class:`Appendix`: its title, its key messages and its tables, each table built from the
comparison frame (:func:`analysis.compare.frame.comparison_frame`) or, for budgets and data
quality, from the figures themselves. Nothing here is typed in: every sentence is computed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from ..audit import finding_table
from ..audit import questions as ask_questions
from ..compare.coverage import coverage
from ..compare.frame import NOT_REPORTED, comparison_frame
from ..compare.messages import key_messages
from ..compare.occurrences import occurrences
from ..compare.ratings import RULE
from ..compare.select import RATABLE_GAP_DAYS
from ..compare.trend import series
from ..dataset.units import fmt
from ..sources.citations import meeting
from .tables import Table, sentence_for_missing

BRIEFING = ["wf_vacancy_rate", "wf_turnover_rate", "wf_relevant_qualification_share",
            "ascof_reablement_no_ongoing_need", "ascof_home_91_days_after_discharge",
            "safeguarding_risk_reduced_or_removed", "ascof_feel_safe",
            "ascof_direct_payments_users"]


@dataclass
class Appendix:
    title: str
    lead: str
    messages: list[str]
    tables: dict[str, Table]
    notes: dict[str, list[str]] = field(default_factory=dict)  # sentences by section
    frame: pd.DataFrame | None = None


# ---------------------------------------------------------------- from the comparison frame
def frame_for(ctx, measure_ids: list[str]) -> pd.DataFrame:
    p = ctx.params
    return comparison_frame(ctx.ind, ctx.measures, measure_ids, p["authorities"],
                            p["benchmarks"], p["period"], ctx.audit, ctx.registry)


def _cell(r: pd.Series) -> str:
    if r["block"] == "not reported":
        return NOT_REPORTED
    if r["block"] == "historical":
        return f"only older figures (newest {r['display']}, {r['period']}): see history"
    if r["block"] == "other footprint":
        return f"{r['display']} ({r['period']}), {r['caveats']}"
    return f"{r['display']} ({r['period']})"


def _measure_name(r: pd.Series) -> str:
    return f"{r['measure']} ({r['unit_label']})"


def comparison_table(frame: pd.DataFrame, title: str) -> Table | None:
    """Measures down, councils and benchmarks across; each cell the figure and its period;
    how comparable the councils' figures are, and why."""
    printed = frame.groupby("measure_id")["block"].transform(
        lambda b: (b.isin(["headline", "historical", "other footprint"])).any())
    rows = frame[printed]
    if rows.empty:
        return None
    who = list(dict.fromkeys(rows["authority"]))
    view = []
    for _, group in rows.groupby("measure_id", sort=False):
        first = group.iloc[0]
        record = {"measure": _measure_name(first)}
        cells = {r["authority"]: _cell(r) for _, r in group.iterrows()}
        record |= {a: cells.get(a, NOT_REPORTED) for a in who}
        record["how comparable"] = f"{first['comparability']}: {first['comparability_reason']}"
        view.append(record)
    data = rows.assign(_unit=rows["unit"])[
        ["measure", "unit_label", "authority", "role", "block", "value", "display", "period",
         "age_years", "value_type", "comparability", "comparability_reason", "rating",
         "direction", "sources", "_unit"]].rename(columns={"unit_label": "unit"})
    width = f"{max(8, 50 // max(1, len(who)))}%"
    newer = rows[(rows["role"] == "council") & (rows["latest"].fillna("") != "")
                 & (rows["block"] == "headline")]
    notes = [("Newer figures are printed but not used here, so that the councils are compared "
              "for the same period: " + "; ".join(
                  f"{r['authority']} {r['measure'][:1].lower() + r['measure'][1:]} "
                  f"{r['latest']}" for _, r in newer.iterrows()) + ".")] if len(newer) else []
    return Table(title, data, view=pd.DataFrame(view), locations=None, notes=notes,
                 widths={"measure": "24%", "how comparable": "22%"} | dict.fromkeys(who, width),
                 caption=f"{title}: each council's figure and its period, benchmarks beside "
                         "them, and how comparable the councils' figures are",
                 units={"value": "by row (see unit)"})


YEARS_OLD = ("Years old: from the end of the figure's period to the newest paper in the set "
             "(or to the end of the period chosen).")


def footnoted(cells: list[str]) -> tuple[list[str], list[str]]:
    """Caveats that several rows share become numbered notes under the table, so each row
    keeps only what is its own: ('see note 1; part of a year', ['Note 1: ...']).

    >>> footnoted(["a long shared caveat; own", "a long shared caveat"])
    (['see note 1; own', 'see note 1'], ['Note 1: a long shared caveat.'])
    """
    parts = [[p for p in c.split("; ") if p] for c in cells]
    counts: dict[str, int] = {}
    for row in parts:
        for p in dict.fromkeys(row):
            counts[p] = counts.get(p, 0) + 1
    shared = [p for p in counts if counts[p] > 1 and len(p) > 12]
    number = {p: i for i, p in enumerate(shared, start=1)}
    out = ["; ".join(f"see note {number[p]}" if p in number else p for p in row)
           for row in parts]
    return out, [f"Note {number[p]}: {p}." for p in shared]


def _benchmark_cell(r: pd.Series) -> str:
    """The benchmark a figure was rated against, or why there is none for its period."""
    if not r["benchmark"]:
        return "none printed"
    shown = f"{r['benchmark']} {r['benchmark_display']} ({r['benchmark_period']})"
    if r["benchmark_gap_years"] and r["benchmark_gap_years"] * 365.25 > RATABLE_GAP_DAYS:
        return f"none for this period (the nearest is {shown})"
    return shown


def ratings_table(frame: pd.DataFrame, title: str, block: str = "headline") -> Table | None:
    """Per council figure: its age, the benchmark of its period and the rating, the direction
    of travel and its evidence, the paper's own marker, what is printed beside it, caveats."""
    rows = frame[(frame["role"] == "council") & (frame["block"] == block)]
    if rows.empty:
        return None
    view = pd.DataFrame({
        "measure": [_measure_name(r) for _, r in rows.iterrows()],
        "council": rows["authority"],
        "figure": rows["display"] + " (" + rows["period"] + ")",
        "years old": rows["age_years"].map(lambda v: f"{v:g}"),
        "benchmark": [_benchmark_cell(r) for _, r in rows.iterrows()],
        "rating": [("; ".join(x for x in (r["rating"], r["rating_note"]) if x)) or "not rated"
                   for _, r in rows.iterrows()],
        "direction of travel": [f"{r['direction']}: {r['direction_evidence']}"
                                if r["direction"] else "not given" for _, r in rows.iterrows()],
        "the paper's own marker": [
            "; ".join(x for x in (r["paper_marker"], f"RAG {r['paper_rag']}" if r["paper_rag"]
                                  else "") if x) or "none" for _, r in rows.iterrows()],
        "also printed": ["; ".join(x for x in (r["latest"] and f"newer: {r['latest']}",
                                              r["target"], r["change"], r["forecast"],
                                              r["rank"]) if x) for _, r in rows.iterrows()],
        "caveats": ["; ".join(x for x in (r["caveats"], r["audit"]) if x)
                    for _, r in rows.iterrows()],
        "locations": rows["locations"],
    })
    view["caveats"], shared = footnoted(list(view["caveats"]))
    data = rows.assign(_unit=rows["unit"])[
        ["measure", "unit_label", "authority", "value", "display", "period", "age_years",
         "value_type", "benchmark", "benchmark_value", "benchmark_period",
         "benchmark_gap_years", "rating", "rating_note", "direction", "direction_evidence",
         "paper_marker", "paper_rag", "marker_disagrees", "target", "change", "forecast",
         "rank", "latest", "caveats", "audit", "sources", "_unit"]].rename(
        columns={"unit_label": "unit", "authority": "council"})
    what = "figures more than three years old, shown apart" if \
        block == "historical" else "ratings, direction of travel and the papers' own markers"
    return Table(title, data, view=view, locations="locations",
                 widths={"measure": "13%", "council": "8%", "figure": "8%", "years old": "5%",
                         "benchmark": "9%", "rating": "7%", "direction of travel": "9%",
                         "the paper's own marker": "7%", "also printed": "9%",
                         "caveats": "13%", "source": "12%"},
                 caption=f"{title}: {what}",
                 notes=shared + ([RULE.replace("*", "")] if block == "headline" else [
                     "These figures' periods ended more than three years before the newest "
                     "paper (or the period chosen), or before a newer figure of the same "
                     "measure, so they are not compared with newer ones; each is rated only "
                     "against a benchmark printed for its own period."]) + [YEARS_OLD],
                 units={"value": "by row (see unit)", "benchmark_value": "by row (see unit)"})


def missing_sentences(frame: pd.DataFrame) -> list[str]:
    """One sentence per council listing what its papers print nothing on."""
    out = []
    for council, rows in frame[(frame["role"] == "council")
                               & (frame["block"] == "not reported")].groupby(
            "authority", sort=False):
        names = [m[0].lower() + m[1:] for m in rows["measure"]]
        out.append(sentence_for_missing(names, council))
    return out


def theme(ctx, measure_ids: list[str], title: str, lead: str) -> Appendix:
    frame = frame_for(ctx, measure_ids)
    tables = {}
    for name, table in (("comparison", comparison_table(frame, f"{title} comparison")),
                        ("ratings", ratings_table(frame, f"{title} ratings")),
                        ("history", ratings_table(frame, f"{title} history", "historical"))):
        if table is not None:
            tables[name] = table
    return Appendix(title, lead, key_messages(frame, ctx.params["authorities"]), tables,
                    {"not reported": missing_sentences(frame)}, frame)


# ---------------------------------------------------------------- the briefing
def briefing(ctx) -> Appendix:
    app = theme(ctx, BRIEFING, "Headline measures",
                "Where Leicester and Leicestershire can be compared from their papers, how "
                "they compare, and where they cannot.")
    app.title = "Briefing: Leicester and Leicestershire adult social care"
    councils = ctx.params["authorities"]
    grid = coverage(ctx.ind, ctx.measures, councils, ctx.newest)
    app.tables["coverage"] = Table(
        "Coverage by theme", grid, locations=None,
        caption="Coverage: distinct measures each council's papers report for its own adult "
                "social care, current (within three years of the newest paper) and older only",
        notes=["Not counted: figures for other bodies (a children's board), wider footprints "
               "(LLR) and services outside adult social care (libraries, heritage, adult "
               "learning)."])
    app.tables["budget totals"] = budget_totals(ctx)
    findings = finding_table(ctx.audit)
    problems = findings[~findings["verdict"].isin(["ok", "ok (rounding)"])]
    summary = problems.groupby(["kind", "verdict", "origin"]).size().rename(
        "findings").reset_index()
    summary["origin"] = summary["origin"].map({"paper": "the paper (a question for officers)",
                                               "conversion": "the conversion to text"})
    app.tables["audit"] = Table("Audit findings", summary, locations=None,
                                caption="The audit of the papers' own arithmetic: findings "
                                        "that are not a pass, by kind and whose error")
    return app


# ---------------------------------------------------------------- workforce and reablement
def workforce(ctx) -> Appendix:
    app = theme(ctx, ctx.params["measures"], "Workforce",
                "Skills for Care estimates of each council's adult social care workforce, and "
                "the councils' own staff figures.")
    vintages = ctx.ind[ctx.ind["authority"].isin(ctx.params["authorities"])
                       & ctx.ind["measure_id"].isin(ctx.params["measures"])
                       & (ctx.ind["value_type"] == "actual")
                       & (ctx.ind["figure_id"] == ctx.ind["observation_id"])
                       & (ctx.ind["period_kind"] != "undated")]
    if not vintages.empty:
        data = vintages.assign(
            published=vintages["paper_id"].map(lambda p: ctx.paper_name(p)),
            figure=[fmt(v, u, p) for v, u, p in zip(vintages["value"], vintages["unit"],
                                                   vintages["precision"], strict=True)],
            locations=vintages["paper_id"] + ":" + vintages["source_line"].astype(str))[
            ["authority", "measure_label", "breakdown", "period", "value", "unit", "figure",
             "published", "locations"]].rename(columns={"measure_label": "measure"}).sort_values(
            ["authority", "measure", "breakdown", "period"], kind="mergesort")
        app.tables["vintages"] = Table(
            "Workforce figures by year and paper", data, hidden=("value", "unit"),
            caption="Every workforce figure as printed, by year and the paper that printed it",
            notes=["Skills for Care revises its estimates each year, so figures from different "
                   "years' publications are not a clean time series."])
    return app


def reablement(ctx) -> Appendix:
    app = theme(ctx, ctx.params["measures"], "Reablement",
                "Outcomes of reablement and hospital discharge, and each council's own "
                "short-term support figures.")
    who = ctx.params["authorities"] + ctx.params["benchmarks"]
    for measure in ("ascof_reablement_no_ongoing_need", "ascof_home_91_days_after_discharge"):
        points = series(ctx.ind, ctx.measures, measure, who)
        if points.empty:
            continue
        label = ctx.label(measure)
        app.tables[f"trend {measure}"] = Table(
            f"Trend: {label}", points.assign(
                length=points["part_year"].map({True: "under a year", False: "a year"}))[
                ["authority", "period", "value", "unit", "display", "framework", "length",
                 "locations"]].rename(columns={"display": "figure", "length": "period length"}),
            hidden=("value", "unit"), caption=f"{label}: every period printed",
            notes=["A change of framework, or a part-year figure beside full years, breaks "
                   "the series."])
    early = ctx.ind[ctx.ind["measure_id"].str.startswith("reab_")
                    & ctx.ind["authority"].isin(ctx.params["authorities"])
                    & (ctx.ind["figure_id"] == ctx.ind["observation_id"])]
    if not early.empty:
        data = early.assign(
            figure=early["raw"].str.replace("**", "", regex=False),  # as printed, qualifiers kept
            locations=early["paper_id"] + ":" + early["source_line"].astype(str))[
            ["authority", "measure_label", "breakdown", "period", "value_type", "value", "unit",
             "figure", "locations"]].rename(columns={"measure_label": "measure",
                                                      "figure": "as printed",
                                                      "value_type": "type"})
        app.tables["short-term support"] = Table(
            "Short-term support as printed", data, hidden=("value", "unit"),
            caption="Each council's own short-term support and early action figures, as "
                    "printed",
            notes=["These are the councils' own measures, not ASCOF: they are not comparable "
                   "between the councils."])
    return app


# ---------------------------------------------------------------- safeguarding
def safeguarding(ctx) -> Appendix:
    app = theme(ctx, ctx.params["measures"], "Safeguarding",
                "Safeguarding outcomes first, then activity (alerts, enquiries, conversion), "
                "and the safeguarding boards' budgets.")
    boards = ctx.ind[ctx.ind["measure_id"].isin(["sg_board_budget", "sg_board_contribution"])]
    if not boards.empty:
        data = boards.assign(amount=[fmt(v, "gbp") for v in boards["value"]],
                             locations=boards["paper_id"] + ":"
                             + boards["source_line"].astype(str))[
            ["authority", "measure_label", "breakdown", "scope", "period", "value", "amount",
             "locations"]].rename(columns={"measure_label": "measure"})
        app.tables["boards"] = Table(
            "Safeguarding board budgets", data, hidden=("value",),
            caption="Safeguarding board budgets and contributions (£), with what each covers",
            notes=["The boards cover Leicestershire and Rutland; the children's board's "
                   "budget is not adult social care and is shown for context only."],
            units={"value": "gbp"})
    return app


# ---------------------------------------------------------------- budgets
BRIDGE = [("budget_prior_year", "original prior-year budget", False),
          ("budget_transfers", "add transfers and adjustments", False),
          ("budget_subtotal", "sub total", True),
          ("budget_growth_in_year", "add growth", False),
          ("budget_savings_in_year", "less savings", False),
          ("budget_net", "net budget", True)]
TYPES = {"Inc": "income", "Eff": "efficiency", "SR": "service reduction"}


def _budget_rows(ctx, council: str, observations: bool = False) -> pd.DataFrame:
    """A council's budget figures: every printing (a table is shown as its paper prints it),
    or one row per observation for totals set beside other councils'."""
    ind = ctx.ind
    rows = ind[(ind["authority"] == council) & (ind["value_type"] == "budget")]
    return rows[rows["figure_id"] == rows["observation_id"]] if observations else rows


def _pounds(v: float) -> str:
    return fmt(v, "gbp")


def stated_basis(rows: pd.DataFrame) -> list[str]:
    """The basis a paper states for these figures (kept in their notes), as table notes."""
    found = rows["note"].str.extract(r"basis \(line (\d+)\): '([^']*)'").dropna()
    return [f"The paper's basis for these figures (line {line}): \"{quote}\""
            for line, quote in dict.fromkeys(map(tuple, found.values.tolist()))]


def mtfs_bridge(ctx, council: str) -> Table | None:
    rows = _budget_rows(ctx, council)
    rows = rows[(rows["scope"] == "adults and communities department")
                & (rows["breakdown"] == "") & rows["figure_id"].str.contains(r"\.t02", regex=True)
                & rows["measure_id"].isin([m for m, _, _ in BRIDGE])]
    if rows.empty:
        return None
    # the bridge's own lines: a summary elsewhere in the paper reprints its net budget
    rows = rows.sort_values("source_line", kind="mergesort").drop_duplicates(
        ["measure_id", "period"])
    data = pd.DataFrame([{"item": label, "period": r["period"], "value": r["value"],
                          "total": total, "locations": f"{r['paper_id']}:{r['source_line']}"}
                         for m, label, total in BRIDGE
                         for _, r in rows[rows["measure_id"] == m].iterrows()])
    periods = sorted(data["period"].unique())
    view = data.pivot_table(index="item", columns="period", values="value", aggfunc="first",
                            sort=False).reindex([label for _, label, _ in BRIDGE])
    view = view.apply(lambda c: c.map(lambda v: "" if pd.isna(v) else _pounds(v)))
    view = view.reset_index().assign(total=[t for _, _, t in BRIDGE])
    return Table(f"{council} budget bridge", data, view=view[["item"] + periods + ["total"]],
                 emphasis="total", locations=None, units={"value": "gbp"},
                 caption=f"{council}'s Adults and Communities net budget, year by year "
                         "(medium-term financial strategy, £)",
                 notes=["Growth and savings here are each year's change, not the cumulative "
                        "totals of the growth and savings appendices; savings are shown as "
                        "amounts saved."] + stated_basis(rows))


def gross_income_net(ctx, council: str, year: str) -> Table | None:
    rows = _budget_rows(ctx, council)
    rows = rows[(rows["breakdown"] == "") & (rows["period"] == year)
                & rows["measure_id"].isin(["budget_employees", "budget_running_expenses",
                                           "budget_internal_income", "budget_gross",
                                           "budget_external_income", "budget_net"])
                & rows["scope"].isin(["adult social care", "adults and communities department"])]
    rows = rows[rows["figure_id"].str.contains(r"\.t0[56]", regex=True)]
    if rows.empty:
        return None
    data = rows.assign(what=rows["scope"].map({"adult social care": "adult social care",
                                               "adults and communities department":
                                               "whole department"}),
                       amount=rows["value"].map(_pounds),
                       locations=rows["paper_id"] + ":" + rows["source_line"].astype(str))[
        ["what", "measure_label", "period", "value", "amount", "locations"]].rename(
        columns={"measure_label": "line"})
    view = data.pivot_table(index="line", columns="what", values="amount", aggfunc="first",
                            sort=False).reset_index()
    lines = data.groupby("what")["locations"].first()
    view = view.rename(columns={w: f"{w} (line {lines[w].rsplit(':', 1)[1]})"
                                for w in lines.index})
    return Table(f"{council} gross, income and net {year}", data, view=view, locations=None,
                 units={"value": "gbp"},
                 caption=f"{council}'s {year} budget: gross spending, income and net (£)",
                 notes=["Income is shown as an amount received (the appendix prints it as a "
                        "negative column); internal income keeps the appendix's sign."])


def service_lines(ctx, council: str, year: str) -> Table | None:
    rows = _budget_rows(ctx, council)
    lines = rows[(rows["measure_id"] == "budget_net") & (rows["period"] == year)
                 & rows["figure_id"].str.contains(r"\.t0[56]\d\dc8", regex=True)]
    if lines.empty:
        return None
    lines = lines.sort_values("source_line", kind="mergesort")
    part = lines["breakdown"].str.replace("budget line: ", "", regex=False).str.split(" > ")
    whole = {"adult social care": "Adult Social Care",
             "communities and wellbeing": "Communities and Wellbeing",
             "adults and communities department": "Adults and Communities"}
    data = lines.assign(
        group=[p[0] if len(p) > 1 else (whole.get(s, "") if not b else b)
               for p, b, s in zip(part, lines["breakdown"], lines["scope"], strict=True)],
        service=[p[-1] if b else ("TOTAL ASC" if s == "adult social care" else
                                  "TOTAL C&W" if s == "communities and wellbeing" else
                                  "TOTAL ADULTS & COMMUNITIES")
                 for p, b, s in zip(part, lines["breakdown"], lines["scope"], strict=True)],
        statutory=lines["note"].str.extract(r"statutory flag[^:]*: ([SDB])")[0].fillna(""),
        net=lines["value"].map(_pounds), scope_=lines["scope"],
        locations=lines["paper_id"] + ":" + lines["source_line"].astype(str))
    data["total"] = data["service"].str.upper().str.startswith("TOTAL")
    data = data[["group", "service", "statutory", "value", "net", "scope_", "total",
                 "locations"]].rename(columns={"scope_": "scope"})
    return Table(f"{council} service lines {year}", data, group="group", emphasis="total",
                 hidden=("value", "scope"), units={"value": "gbp"},
                 widths={"service": "50%", "statutory": "12%", "net": "20%", "line": "10%"},
                 caption=f"{council}'s net revenue budget {year} by service line (£); totals "
                         "in bold",
                 notes=["S statutory, D discretionary, B both, as the appendix marks them. "
                        "Communities and Wellbeing (libraries, heritage, adult learning) is part "
                        "of the department but not adult social care."])


def _item_table(ctx, council: str, measure: str, title: str, caption: str,
                notes: list[str]) -> Table | None:
    rows = _budget_rows(ctx, council)
    rows = rows[(rows["measure_id"] == measure) & rows["figure_id"].str.contains(r"\.t")]
    if rows.empty:
        return None
    item = rows["breakdown"].str.split(": ", n=1).str[1].fillna("")
    total_label = {"adult social care": "Total adult social care",
                   "communities and wellbeing": "Total communities and wellbeing",
                   "adults and communities department": "Total department"}
    data = rows.assign(
        item=[i if i else total_label.get(s, "Total") for i, s in zip(item, rows["scope"],
                                                                     strict=True)],
        type=rows["note"].str.extract(r"type \([^)]*\): (\w+)")[0].map(TYPES).fillna(""),
        total=item == "",
        locations=rows["paper_id"] + ":" + rows["source_line"].astype(str))
    data = data[["item", "type", "period", "value", "total", "scope", "locations"]]
    view = data.pivot_table(index=["item", "type", "total"], columns="period", values="value",
                            aggfunc="first", sort=False)
    view = view.apply(lambda c: c.map(lambda v: "" if pd.isna(v) else _pounds(v))).reset_index()
    if not view["type"].astype(bool).any():
        view = view.drop(columns="type")
    return Table(title, data, view=view, emphasis="total", locations=None,
                 units={"value": "gbp"}, caption=caption, notes=notes)


def budget_status(r: pd.Series) -> str:
    """Whether a budget was printed before its year began (proposed or provisional, still to
    be set) or once it had begun (the budget set for the year)."""
    if r["meeting_date"] < r["period_start"]:
        return f"proposed or provisional: printed {meeting(r['meeting_date'].date())}, before " \
               "the year began"
    return "set for the year: printed once the year had begun"


def budget_totals(ctx) -> Table:
    """Each council's adult social care budget total as printed, with what it covers."""
    rows, year = [], ctx.params.get("budget_year", "2025/26")
    for council in ctx.params["authorities"]:
        own = _budget_rows(ctx, council)
        net = own[(own["measure_id"] == "budget_net") & (own["breakdown"] == "")
                  & (own["scope"] == "adult social care")]
        approved = own[own["measure_id"] == "budget_approved_total"]
        net = net[net["figure_id"] == net["observation_id"]]
        picked = pd.concat([net, approved]).sort_values(["period_end", "figure_id"],
                                                        ascending=[False, True])
        if picked.empty:
            rows.append({"council": council, "period": "", "value": None,
                         "budget": NOT_REPORTED, "what it is": "", "status": "", "basis": "",
                         "locations": ""})
            continue
        for _, r in picked.drop_duplicates(["measure_id", "period"]).head(2).iterrows():
            basis = ctx.measures.set_index("measure_id").loc[r["measure_id"], "comparability"]
            rows.append({"council": council, "period": r["period"], "value": r["value"],
                         "budget": fmt(r["value"], "gbp", r["precision"]),
                         "what it is": r["measure_label"], "status": budget_status(r),
                         "basis": basis or r["note"],
                         "locations": f"{r['paper_id']}:{r['source_line']}"})
    data = pd.DataFrame(rows)
    return Table("Adult social care budget totals", data, hidden=("value",),
                 units={"value": "gbp"},
                 caption=f"Each council's adult social care budget total as printed (£), with "
                         f"its basis ({year} where printed)",
                 notes=["The councils' totals are not on the same basis, and the papers print "
                        "no population for either council, so no figure per head can be given: "
                        "a smaller total does not mean a council spends less per person."])


def budgets(ctx) -> Appendix:
    year = ctx.params["budget_year"]
    tables: dict[str, Table] = {}
    messages: list[str] = []
    for council in ctx.params["authorities"]:
        for name, table in (
                ("bridge", mtfs_bridge(ctx, council)),
                ("gross income net", gross_income_net(ctx, council, year)),
                ("service lines", service_lines(ctx, council, year)),
                ("growth", _item_table(
                    ctx, council, "budget_growth", f"{council} growth",
                    f"{council}'s growth by item and year (£, cumulative from the 2024/25 base);"
                    " totals in bold",
                    ["Negative growth items offset costs (extra income, demand management)."])),
                ("savings", _item_table(
                    ctx, council, "budget_savings", f"{council} savings",
                    f"{council}'s savings by item, type and year (£, cumulative from the "
                    "2024/25 base); totals in bold",
                    ["Types as the appendix classifies them: efficiency, income, service "
                     "reduction. Savings are amounts saved (the appendix prints them as "
                     "negative figures)."])),
                ("capital", _item_table(
                    ctx, council, "budget_capital", f"{council} capital",
                    f"{council}'s capital programme by scheme and year (£)", []))):
            if table is not None:
                tables[f"{council} {name}"] = table
    tables["totals"] = budget_totals(ctx)
    years = {t.title: t for t in tables.values()}
    with_tables = [c for c in ctx.params["authorities"]
                   if any(k.startswith(c) for k in tables)]
    without = [c for c in ctx.params["authorities"] if c not in with_tables]
    for council in with_tables:
        bridge = years.get(f"{council} budget bridge")
        if bridge is not None:
            net = bridge.data[bridge.data["item"] == "net budget"].sort_values("period")
            if len(net) > 1:
                first, last = net.iloc[0], net.iloc[-1]
                printed = ctx.ind.loc[ctx.ind["paper_id"] == bridge.data["locations"].iloc[0]
                                      .rsplit(":", 1)[0], "meeting_date"].iloc[0]
                messages.append(f"{council}'s Adults and Communities net budget goes from "
                                f"{_pounds(first['value'])} in {first['period']} to "
                                f"{_pounds(last['value'])} in {last['period']} in its "
                                f"medium-term financial strategy printed {meeting(printed.date())}"
                                ": proposed and provisional budgets, as it was printed before "
                                "those years began."
                                + "".join(f" {n}" for n in bridge.notes
                                          if n.startswith("The paper's basis")))
    totals = tables["totals"].data.dropna(subset=["value"])
    if len(totals):
        messages.append("Adult social care totals as printed: " + "; ".join(
            f"{r['council']} {r['budget']} ({r['period']}, {r['what it is'].lower()}; "
            f"{r['status'].split(':')[0]})"
            for _, r in totals.drop_duplicates("council").iterrows())
            + ". They are not on one basis and the papers print no population, so they are "
            "not compared per head.")
    if without:
        messages.append(f"{' and '.join(without)}'s papers print no budget tables (only a "
                        "total), so service lines, growth and savings cannot be compared.")
    lead = ("Each council's adult social care budget as its papers print it: the medium-term "
            "bridge, gross and net, service lines, growth, savings and capital.")
    return Appendix("Budgets", lead, messages, tables)


# ---------------------------------------------------------------- data quality
QUESTIONS = {"percent vs counts": "Which figure is right, and what is the correct percentage?",
             "table arithmetic": "Which figure should the committee rely on?",
             "split": "What is missing from, or double-counted in, this breakdown?",
             "parts vs whole": "What accounts for the difference between the parts and the "
                               "total?",
             "change vs levels": "Which of the figures is out of date?",
             "conflicting versions": "Which version is current, and why do they differ?",
             "conflicting periods": "Which period does this figure cover?",
             "rate x base": "How was the rate calculated, and on what base?",
             "corrected figure": "Can officers confirm the figure intended?",
             "period out of context": "Which period does this figure cover?"}


def data_quality(ctx) -> Appendix:
    findings = finding_table(ctx.audit)
    questions = findings[(findings["verdict"] == "discrepancy") & (findings["origin"] == "paper")]
    prep = findings[(findings["verdict"] == "discrepancy") & (findings["origin"] == "conversion")]
    unsure = findings[findings["verdict"] == "inconclusive"]

    def paper_lines(x: str) -> str:
        return ";".join(f"{ctx.paper_of_file(f)}:{n}" for f, n in (i.rsplit(":", 1)
                                                                    for i in x.split(";")))

    def listing(rows: pd.DataFrame, ask: bool) -> pd.DataFrame:
        return pd.DataFrame({
            "finding": rows["finding"], "kind": rows["kind"],
            "what the papers print": rows["explanation"],
            "question": [QUESTIONS.get(k, "") if ask else "" for k in rows["kind"]],
            "locations": rows["locations"].map(paper_lines),
        })

    asked = ask_questions(questions)
    tables = {
        "questions": Table("Questions for officers", pd.DataFrame({
            "question": asked["question"], "findings": asked["findings"],
            "what the papers print": asked["explanation"],
            "to ask": [" ".join(dict.fromkeys(QUESTIONS.get(k, "") for k in kinds.split(", ")))
                       for kinds in asked["kinds"]],
            "locations": asked["locations"].map(paper_lines)}),
            caption="Discrepancies in the papers' own figures, as questions for officers: "
                    "findings printed on the same lines are one question",
            widths={"question": "7%", "findings": "9%", "what the papers print": "44%",
                    "to ask": "18%"}),
        "conversion": Table("Data-preparation notes", listing(prep, False).drop(
            columns="question"), caption="Figures garbled when the papers were converted to "
                                         "text: corrected with evidence, not a question for "
                                         "officers"),
        "inconclusive": Table("Checks the printed rounding cannot decide",
                              listing(unsure, False).drop(columns="question"),
                              caption="Checks the papers' rounding cannot decide: ask for the "
                                      "unrounded figures"),
        "by kind": Table("Findings by kind and verdict", pd.crosstab(
            findings["kind"], findings["verdict"]).reset_index(), locations=None,
            caption="Every finding of the audit, by kind of check and verdict"),
        "rejected": Table("Rejected figures by reason", ctx.rejects.assign(
            reason=ctx.rejects["reason"].str.replace(r"'.*'", "'…'", regex=True))
            .groupby("reason").size().rename("figures").sort_values(ascending=False)
            .reset_index(), locations=None,
            caption="Printed figures that could not be used, by reason"),
        "corrections": Table("Corrections applied", ctx.corrections.assign(
            locations=ctx.corrections["figure_id"].map(ctx.locations_of))[
            ["figure_id", "field", "corrected", "reason", "origin", "locations"]].rename(
            columns={"figure_id": "figure"}), hidden=("figure",),
            caption="Corrections applied to garbled, truncated or misprinted figures, with "
                    "evidence"),
    }
    if ctx.params["show_passed"]:
        passed = findings[findings["verdict"].isin(["ok", "ok (rounding)"])]
        tables["passed"] = Table("Checks that passed", listing(passed, False).drop(
            columns="question"), caption="Findings that passed")
    counts = findings["verdict"].value_counts()
    prep_words = "comes" if len(prep) == 1 else "come"
    messages = [
        f"These are automated consistency checks of the papers' own figures, not an audit of "
        f"the councils: {len(ctx.audit)} checks, {len(findings)} findings once repeats of one "
        f"issue are merged: {counts.get('discrepancy', 0)} discrepancies, "
        f"{counts.get('inconclusive', 0)} that the printed rounding cannot decide and "
        f"{counts.get('ok', 0) + counts.get('ok (rounding)', 0)} that hold.",
        f"{len(asked)} questions for officers ({len(questions)} discrepancies the papers "
        f"printed so; findings on the same lines are one question); {len(prep)} "
        f"{prep_words} from the conversion of the papers to text and "
        f"{'is' if len(prep) == 1 else 'are'} corrected with evidence.",
    ]
    council_of = dict(zip(ctx.registry["paper_id"], ctx.registry["council"], strict=True))
    per = ctx.audit.assign(council=ctx.audit["papers"].map(
        lambda p: ", ".join(sorted({council_of.get(x, x) for x in str(p).split(";")}))))
    parts = []
    for council, rows in per.groupby("council", sort=True):
        bad = rows.loc[rows["verdict"] == "discrepancy", "finding"].nunique()
        parts.append(f"{council}'s papers: {len(rows)} checks, {bad} "
                     f"discrepanc{'y' if bad == 1 else 'ies'} "
                     f"({bad / max(1, rows['finding'].nunique()):.0%} of their findings)")
    messages.append("By council, as the number of checks follows how many figures a paper "
                    "prints: " + "; ".join(parts) + ".")
    if len(questions):
        kinds = questions["kind"].value_counts()
        messages.append("Most common: " + ", ".join(f"{k} ({n})" for k, n in kinds.head(3)
                                                     .items()) + ".")
    lead = "The papers' own arithmetic, checked: questions for officers, notes and rejects."
    return Appendix("Data quality: do the papers agree with themselves?", lead, messages,
                    tables)


# ---------------------------------------------------------------- one measure, everywhere
FIGURE_ID = re.compile(r"\b[a-z]+-\d{4}-\d{2}-\d{2}\.(?:p\d{4}|t\d{4}c\d+)\b")


def readable_ids(text: str, ctx) -> str:
    """Figure ids in a flag ('same figure as leicester-2025-04-30.p0012') as the paper and
    line a reader can follow."""
    def cite_of(m: re.Match) -> str:
        where = ctx.locations_of(m.group(0))
        if not where:
            return m.group(0)
        paper, line = where.rsplit(":", 1)
        return f"{ctx.paper_name(paper)}, line {line}"
    return FIGURE_ID.sub(cite_of, text)

def profile(ctx) -> Appendix:
    """Everything the papers print on one measure: every occurrence with its source and audit
    findings, the comparison, and (in the notebook) the trend."""
    measure = ctx.params["measure"]
    info = ctx.measures.set_index("measure_id").loc[measure]
    who = ctx.params["authorities"] + ctx.params["benchmarks"]
    rows = ctx.ind[(ctx.ind["measure_id"] == measure) & ctx.ind["authority"].isin(who)]
    printed = occurrences(rows, ctx.audit, ctx.registry)
    printed["caveats"] = printed["caveats"].map(lambda f: readable_ids(f, ctx))
    frame = frame_for(ctx, [measure])
    label = info["label"]
    tables = {}
    if not printed.empty:
        tables["figures"] = Table(
            f"{label}: every printed figure", printed.assign(
                locations=printed["paper_id"] + ":" + printed["source_line"].astype(str))[
                ["authority", "period", "value_type", "raw", "breakdown", "caveats", "audit",
                 "locations"]].rename(columns={"raw": "as printed", "value_type": "type",
                                               "audit": "audit findings"}),
            caption=f"Every figure the papers print for {label.lower()}, oldest paper first, "
                    "as printed, with its period, type and source",
            widths={"as printed": "14%", "caveats": "22%", "audit findings": "14%"})
    for name, table in (("comparison", comparison_table(frame, f"{label}: comparison")),
                        ("ratings", ratings_table(frame, f"{label}: ratings"))):
        if table is not None:
            tables[name] = table
    ids = set(rows["figure_id"])
    touching = ctx.audit[ctx.audit["figure_ids"].map(
        lambda f: bool(ids & set(str(f).split(";"))))]
    if not touching.empty:
        found = finding_table(touching)
        tables["audit"] = Table(f"{label}: audit", found.assign(locations=found[
            "locations"].map(lambda x: ";".join(f"{ctx.paper_of_file(f)}:{n}" for f, n in (
                i.rsplit(":", 1) for i in x.split(";")))))[
            ["finding", "kind", "verdict", "explanation", "locations"]],
            caption=f"The audit's checks that touch {label.lower()}, passes included")
    papers = printed["paper_id"].nunique()
    messages = [f"The papers print {len(printed)} figures of {label.lower()} for "
                f"{', '.join(sorted(set(printed['authority']))) or 'none of those chosen'}: "
                f"{printed['observation_id'].nunique()} distinct figures in {papers} "
                f"paper{'s' if papers != 1 else ''}."] if len(printed) else [
        f"The papers print no figure of {label.lower()} for {', '.join(who)}."]
    messages += key_messages(frame, ctx.params["authorities"])
    if not touching.empty:
        bad = touching[~touching["verdict"].isin(["ok", "ok (rounding)"])]
        messages.append(f"The audit checked these figures {len(touching)} times: "
                        f"{len(touching) - len(bad)} hold, {len(bad)} do not or cannot be "
                        "decided (see the audit table).")
    return Appendix(f"Measure profile: {label}", f"Everything the papers print on "
                    f"{label.lower()}, with every source.", messages, tables,
                    {"not reported": missing_sentences(frame)}, frame)


def clean_title(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()


BUILDERS: dict[str, Callable] = {
    "00_briefing": briefing, "10_workforce": workforce, "20_reablement": reablement,
    "30_budgets": budgets, "40_safeguarding": safeguarding, "90_data_quality": data_quality,
    "05_explore": profile,
}
