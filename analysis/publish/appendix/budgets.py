"""Budgets: each council's adult social care budget as its papers print it, the tables of
:mod:`.budget_tables` for each council, the totals side by side, and what they say."""

from __future__ import annotations

import re

import pandas as pd

from ...compare.frame import NOT_REPORTED
from ...compare.select import HISTORICAL_YEARS
from ...compare.words import dated, tool_note
from ...dataset.units import fmt
from ...sources.citations import locations_in, meeting
from ..tables import Appendix, Table, locations
from .budget_tables import (
    bridge_table,
    budget_rows,
    capital_table,
    funding_table,
    gross_income_net_table,
    growth_table,
    savings_table,
    service_lines_table,
    transfers,
    year_basis,
)

LEAD = ("Each council's adult social care budget as its papers print it: the medium-term "
        "bridge, gross and net, service lines, growth, savings and capital.")
TOTALS_NOTE = ("The councils' totals are not on the same basis, and the papers print no "
               "population for either council, so no figure per head can be given: a smaller "
               "total does not mean a council spends less per person.")


def budget_status(r: pd.Series, own: pd.DataFrame | None = None) -> str:
    """Whether a budget was printed before its year began (proposed or provisional, still to
    be set) or during it (the budget then in force, which may already hold the year's own
    changes: Leicestershire's 2024/25 column is its original budget updated for in-year
    transfers, 002:254-256, 278)."""
    if r["meeting_date"] < r["period_start"]:
        return f"proposed or provisional: printed {meeting(r['meeting_date'].date())}, before " \
               "the year began"
    moved = pd.DataFrame() if own is None else transfers(own)
    moved = moved[(moved["period"] == r["period"]) & (moved["breakdown"] == "")] \
        if len(moved) else moved
    if len(moved):  # the paper says the year's transfers are in it (002:278)
        m = moved.iloc[0]
        return (f"in force: printed {meeting(r['meeting_date'].date())}, during the year, and "
                f"updated for the budget transfers made in it ('{m['raw']}', line "
                f"{m['source_line']})")
    return (f"in force: printed {meeting(r['meeting_date'].date())}, during the year (the "
            "paper does not say whether it holds changes made in the year)")


def _totals_of(data, council: str) -> list[dict]:
    """A council's newest adult social care totals (net, or the approved total), at most two."""
    own = budget_rows(data, council)
    net = own[(own["measure_id"] == "budget_net") & (own["breakdown"] == "")
              & (own["scope"] == "adult social care")]
    approved = own[own["measure_id"] == "budget_approved_total"]
    net = net[net["figure_id"] == net["observation_id"]]
    picked = pd.concat([net, approved]).sort_values(["period_end", "figure_id"],
                                                    ascending=[False, True])
    if picked.empty:
        return [{"council": council, "period": "", "value": None, "budget": NOT_REPORTED,
                 "what it is": "", "status": "", "basis": "", "locations": ""}]
    basis = data.measures.set_index("measure_id")["comparability"]
    return [{"council": council, "period": dated(r["period"], r["flags"]), "value": r["value"],
             "budget": millions(r["value"]),
             "what it is": r["measure_label"] + department_total(own, r),
             "status": budget_status(r, own),
             "basis": tool_note(basis[r["measure_id"]]) or r["note"],
             "locations": f"{r['paper_id']}:{r['source_line']}"}
            for _, r in picked.drop_duplicates(["measure_id", "period"]).head(2).iterrows()]


def department_total(own: pd.DataFrame, r: pd.Series) -> str:
    """Where an adult social care net budget is a department's lines only, the department's
    own total for the year as the paper prints it, and what else it holds (Leicestershire's
    £227.5m of adult social care lines, 002:647, within the department's £233.7m with
    Communities and Wellbeing, 002:659), so a reader checking the paper finds both; ''
    otherwise."""
    if r["measure_id"] != "budget_net" or r["scope"] != "adult social care":
        return ""
    same = own[(own["measure_id"] == "budget_net") & (own["breakdown"] == "")
               & (own["period"] == r["period"]) & (own["paper_id"] == r["paper_id"])]
    whole = same[same["scope"] == "adults and communities department"]
    other = same[~same["scope"].isin(["adult social care", "adults and communities department"])]
    if whole.empty:
        return ""
    w = whole.sort_values("source_line").iloc[-1]
    also = ", ".join(dict.fromkeys(other["scope"])) if len(other) else "other services"
    return (f" of the adult social care lines; the department's net total, with {also}, is "
            f"{millions(w['value'])} (line {w['source_line']})")


def millions(value: float) -> str:
    """An amount in £ million to one decimal, the one money format of a column of totals
    printed some in millions and some to the pound.

    >>> millions(227507587.0), millions(178900000.0)
    ('£227.5m', '£178.9m')
    """
    return f"£{value / 1e6:,.1f}m"


def budget_totals_table(data, councils: list[str], year: str) -> Table:
    """Each council's adult social care budget total as printed, with what it covers; where a
    council's two years sit side by side, what differs in their basis, in the paper's words."""
    totals = pd.DataFrame([row for council in councils for row in _totals_of(data, council)])
    two = [c for c, n in totals.dropna(subset=["value"])["council"].value_counts().items()
           if n > 1]
    basis = [f"{c}: {note}" for c in two for note in year_basis(data, c)]
    return Table("Adult social care budget totals", totals, hidden=("value",),
                 units={"value": "gbp"},
                 caption=f"Each council's adult social care budget total as printed (£ million, "
                         f"to one decimal; the exact figure is in the workbook), with its basis "
                         f"({year} where printed)", notes=[TOTALS_NOTE, *basis])


def council_tables(data, council: str, year: str) -> dict[str, Table]:
    """The budget tables a council's papers print, by name, in the order a page shows them."""
    tables = {"bridge": bridge_table(data, council),
              "gross income net": gross_income_net_table(data, council, year),
              "service lines": service_lines_table(data, council, year),
              "growth": growth_table(data, council), "savings": savings_table(data, council),
              "capital": capital_table(data, council), "funding": funding_table(data, council)}
    return {name: table for name, table in tables.items() if table is not None}


def other_amounts_table(data, council: str, year: str) -> Table | None:
    """The council's budget-theme figures that none of its budget tables shows
    (:func:`council_tables` for ``year``), of every kind (a budget, an actual, a forecast, a
    projection): amounts its papers print in their text, or in a table of their own, such as
    Leicester's £5.9m for extra care (000:318). Each once, as printed, marked as history under
    the pages' three-year rule; None when every figure is in a table."""
    tables = [t for t in [*council_tables(data, council, year).values(),
                          budget_totals_table(data, [council], year)] if t is not None]
    table_lines = {loc for table in tables for loc in table_rows_cite(table)}
    quoted_lines = {loc for table in tables for loc in cited(table) - table_rows_cite(table)}
    shown = set().union(*(shown_amounts(table) for table in tables))
    ind = data.ind
    # the safeguarding boards' budgets are on their own page
    rows = ind[(ind["authority"] == council) & (ind["theme"] == "budget")]
    at = rows["paper_id"] + ":" + rows["source_line"].astype(str)
    # A paper's table row is shown when a table cites its line (a service line by its net),
    # and so is a line a table's note quotes; an amount in prose only when a table prints its
    # value against its line (004:180's £3m shortfall is not shown by the savings of the same
    # sentence).
    in_prose = ~rows["figure_id"].str.contains(r"\.t", regex=True)
    amount_shown = pd.Series([(a, round(float(v))) in shown for a, v in zip(
        at, rows["value"], strict=True)], index=rows.index, dtype=bool)
    tabled = rows[at.isin(quoted_lines) | amount_shown.where(in_prose, at.isin(table_lines))]
    # a restatement is of an amount a table prints, not of one a shown line also holds (the
    # demand-led gross 288,704,143 of a service line shown by its net)
    printed = rows[amount_shown]
    rows = rows[~rows["observation_id"].isin(set(tabled["observation_id"]))
                & (rows["figure_id"] == rows["observation_id"])]
    again = rows.apply(lambda r: restates(r, printed), axis=1).astype(bool) if len(rows) else \
        pd.Series(dtype=bool)
    restated, rows = rows[again], rows[~again]
    if rows.empty:
        return None
    rows = rows.sort_values(["period_end", "paper_id", "source_line", "figure_id"],
                            ascending=[False, True, True, True], kind="mergesort")
    old = (data.newest - rows["period_end"]).dt.days > HISTORICAL_YEARS * 365.25
    detail = rows["breakdown"].str.split(": ", n=1).str[-1]
    view = pd.DataFrame({
        "item": [f"{m}: {d}" if d else m for m, d in zip(rows["measure_label"], detail,
                                                          strict=True)],
        "kind": rows["value_type"],
        "period": [dated(p, f) for p, f in zip(rows["period"], rows["flags"], strict=True)],
        "value": rows["value"],
        "_unit": rows["unit"],
        "amount": [fmt(v, u) for v, u in zip(rows["value"], rows["unit"], strict=True)],
        "as printed": rows["raw"],
        "history": old.map({True: "history: more than three years old", False: "current"}),
        "locations": locations(rows)})
    return Table(f"{council} other amounts", view.reset_index(drop=True),
                 hidden=("value", "_unit"), units={"value": "by row (see unit)"},
                 widths={"item": "26%", "period": "13%", "history": "13%"},
                 caption=f"{council}'s other budget figures: those its papers print that none "
                         "of the tables above shows, newest first",
                 notes=["Each is as printed, on its own line, with its kind as the paper "
                        "prints it (a budget, an actual, a forecast or a projection); an "
                        "amount without a year is dated by the meeting that reported it (for "
                        "minutes, the meeting they record). None is compared with the other "
                        "council's."] + ([
                     f"Not repeated here: {len(restated)} amounts that restate, rounded, a "
                     "figure of the tables above (" + ", ".join(
                         f"'{r['raw']}', line {r['source_line']}" for _, r in
                         restated.sort_values("source_line").iterrows()) + ")."]
                     if len(restated) else []))


def table_rows_cite(table: Table) -> set[str]:
    """The 'paper:line' locations a table's rows cite."""
    return set(locations_in(*table.data["locations"]))


def shown_amounts(table: Table) -> set[tuple[str, int]]:
    """The ('paper:line', rounded value) pairs a table's rows show: each row's amounts against
    the lines it cites."""
    columns = [c for c in table.units if c in table.data
               and pd.api.types.is_numeric_dtype(table.data[c])]
    out = set()
    for _, row in table.data.iterrows():
        values = {round(float(row[c])) for c in columns if pd.notna(row[c])}
        out |= {(loc, v) for loc in locations_in(row.get("locations")) for v in values}
    return out


def cited(table: Table) -> set[str]:
    """The 'paper:line' locations a table cites: its rows', and the lines its notes name
    ('(line 278)') in the paper its rows are from."""
    rows = table_rows_cite(table)
    papers = {loc.rsplit(":", 1)[0] for loc in rows}
    named = {n for note in table.notes for n in re.findall(r"\(line (\d+)\)", note)}
    return rows | {f"{p}:{n}" for p in papers for n in named} if len(papers) == 1 else rows


def restates(row: pd.Series, tabled: pd.DataFrame) -> bool:
    """Whether ``row`` prints, rounded, a figure a table shows: the same measure, period and
    unit, and a value within both printings' rounding ('£205.4m' beside the service lines'
    £205,370,000; not gross 'circa £289m' beside a net figure)."""
    same = tabled[(tabled["measure_id"] == row["measure_id"]) & (tabled["period"] == row["period"])
                  & (tabled["unit"] == row["unit"])]
    return bool(((same["value"].abs() - abs(row["value"])).abs()
                 <= same["precision"] + row["precision"]).any())


def _bridge_message(data, council: str) -> str:
    """How a council's net budget moves across its medium-term strategy, or ''."""
    bridge = bridge_table(data, council)
    if bridge is None:
        return ""
    net = bridge.data[bridge.data["item"] == "net budget"].sort_values("period")
    if len(net) < 2:
        return ""
    first, last = net.iloc[0], net.iloc[-1]
    paper = bridge.data["locations"].iloc[0].rsplit(":", 1)[0]
    printed = data.ind.loc[data.ind["paper_id"] == paper, "meeting_date"].iloc[0]
    return (f"{council}'s Adults and Communities net budget goes from "
            f"{fmt(first['value'], 'gbp')} in {first['period']} to {fmt(last['value'], 'gbp')} "
            f"in {last['period']} in its medium-term financial strategy printed "
            f"{meeting(printed.date())}: proposed and provisional budgets, as it was printed "
            "before those years began."
            + "".join(f" {n}" for n in bridge.notes if n.startswith("The paper's basis")))


def budget_messages(data, councils: list[str], year: str) -> list[str]:
    """What the budget tables say: each medium-term bridge, the totals as printed and on what
    basis, and which councils print no budget tables."""
    messages = [m for m in (_bridge_message(data, c) for c in councils) if m]
    totals = budget_totals_table(data, councils, year).data.dropna(subset=["value"])
    if len(totals):
        messages.append("Adult social care totals (£ million, to one decimal): " + "; ".join(
            f"{r['council']} {r['budget']} ({r['period']}, {r['what it is'].lower()}; "
            f"{r['status'].split(':')[0]})"
            for _, r in totals.drop_duplicates("council").iterrows())
            + ". They are not on one basis and the papers print no population, so they are "
            "not compared per head.")
    for council in (c for c in councils if not council_tables(data, c, year)):
        others = other_amounts_table(data, council, year)
        extra = f" and {len(others.data)} other amounts in their text" if others else ""
        messages.append(f"{council}'s papers print no budget tables (only a total{extra}), so "
                        "service lines, growth and savings cannot be compared.")
    return messages


def budgets(ctx) -> Appendix:
    p = ctx.params
    tables = {f"{council} {name}": table for council in p["authorities"]
              for name, table in council_tables(ctx.data, council, p["budget_year"]).items()}
    tables |= {f"{council} other amounts": other_amounts_table(ctx.data, council,
                                                               p["budget_year"])
               for council in p["authorities"]}
    tables = {name: table for name, table in tables.items() if table is not None}
    tables["totals"] = budget_totals_table(ctx.data, p["authorities"], p["budget_year"])
    return Appendix("Budgets", LEAD, budget_messages(ctx.data, p["authorities"],
                                                     p["budget_year"]), tables)
