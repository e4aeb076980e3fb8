"""The budget tables, each as its council's paper prints it: the medium-term bridge, gross and
net, service lines, and the growth, savings and capital programmes (amounts in pounds)."""

from __future__ import annotations

import pandas as pd

from ...dataset.units import fmt
from ..tables import Table, locations

BRIDGE = [("budget_prior_year", "original prior-year budget", False),
          ("budget_transfers", "add transfers and adjustments", False),
          ("budget_subtotal", "sub total", True),
          ("budget_growth_in_year", "add growth", False),
          ("budget_savings_in_year", "less savings", False),
          ("budget_net", "net budget", True)]
TYPES = {"Inc": "income", "Eff": "efficiency", "SR": "service reduction"}


def budget_rows(data, council: str, observations: bool = False) -> pd.DataFrame:
    """A council's budget figures: every printing (a table is shown as its paper prints it),
    or one row per observation for totals set beside other councils'."""
    ind = data.ind
    rows = ind[(ind["authority"] == council) & (ind["value_type"] == "budget")]
    return rows[rows["figure_id"] == rows["observation_id"]] if observations else rows


def _pounds(v: float) -> str:
    """Whole pounds, one format for every amount of a budget table (a figure read from £4.1m
    is 4,100,000, not 4,100,000.0)."""
    return fmt(float(round(v)), "gbp")


def stated_basis(rows: pd.DataFrame) -> list[str]:
    """The basis a paper states for these figures (kept in their notes), as table notes."""
    found = rows["note"].str.extractall(r"basis \(line (\d+)\): '([^']*)'").dropna()
    return [f"The paper's basis for these figures (line {line}): \"{quote}\""
            for line, quote in dict.fromkeys(map(tuple, found.values.tolist()))]


def bridge_table(data, council: str) -> Table | None:
    """A council's medium-term financial strategy bridge, year by year, as its paper prints it."""
    rows = budget_rows(data, council)
    rows = rows[(rows["scope"] == "adults and communities department")
                & (rows["breakdown"] == "") & rows["figure_id"].str.contains(r"\.t02", regex=True)
                & rows["measure_id"].isin([m for m, _, _ in BRIDGE])]
    if rows.empty:
        return None
    # the bridge's own lines: a summary elsewhere in the paper reprints its net budget
    rows = rows.sort_values("source_line", kind="mergesort").drop_duplicates(
        ["measure_id", "period"])
    table = pd.DataFrame([{"item": label, "period": r["period"], "value": r["value"],
                          "total": total, "locations": f"{r['paper_id']}:{r['source_line']}"}
                         for m, label, total in BRIDGE
                         for _, r in rows[rows["measure_id"] == m].iterrows()])
    periods = sorted(table["period"].unique())
    view = table.pivot_table(index="item", columns="period", values="value", aggfunc="first",
                             sort=False).reindex([label for _, label, _ in BRIDGE])
    view = view.apply(lambda c: c.map(lambda v: "" if pd.isna(v) else _pounds(v)))
    view = view.reset_index().assign(total=[t for _, _, t in BRIDGE])
    return Table(f"{council} budget bridge", table, view=view[["item"] + periods + ["total"]],
                 emphasis="total", locations=None, units={"value": "gbp"},
                 caption=f"{council}'s Adults and Communities net budget, year by year "
                         "(medium-term financial strategy, £)",
                 notes=["Growth and savings here are each year's change, not the cumulative "
                        "totals of the growth and savings appendices; savings are shown as "
                        "amounts saved."] + stated_basis(rows))


def gross_income_net_table(data, council: str, year: str) -> Table | None:
    """A council's gross spending, income and net budget for ``year``, whole department and
    adult social care."""
    rows = budget_rows(data, council)
    rows = rows[(rows["breakdown"] == "") & (rows["period"] == year)
                & rows["measure_id"].isin(["budget_employees", "budget_running_expenses",
                                           "budget_internal_income", "budget_gross",
                                           "budget_external_income", "budget_net"])
                & rows["scope"].isin(["adult social care", "adults and communities department"])]
    rows = rows[rows["figure_id"].str.contains(r"\.t0[56]", regex=True)]
    if rows.empty:
        return None
    table = rows.assign(what=rows["scope"].map({"adult social care": "adult social care",
                                               "adults and communities department":
                                               "whole department"}),
                       amount=rows["value"].map(_pounds),
                       locations=locations(rows))[
        ["what", "measure_label", "period", "value", "amount", "locations"]].rename(
        columns={"measure_label": "line"})
    view = table.pivot_table(index="line", columns="what", values="amount", aggfunc="first",
                             sort=False).reset_index()
    lines = table.groupby("what")["locations"].first()
    view = view.rename(columns={w: f"{w} (line {lines[w].rsplit(':', 1)[1]})"
                                for w in lines.index})
    return Table(f"{council} gross, income and net {year}", table, view=view, locations=None,
                 units={"value": "gbp"},
                 caption=f"{council}'s {year} budget: gross spending, income and net (£)",
                 notes=["Income is shown as an amount received (the appendix prints it as a "
                        "negative column); internal income keeps the appendix's sign."])


def transfers(rows: pd.DataFrame) -> pd.DataFrame:
    """The budget transfers made during a year, as the paper's text states them (002:278-281),
    not the bridge table's column of them."""
    return rows[(rows["measure_id"] == "budget_transfers")
                & ~rows["figure_id"].str.contains(r"\.t", regex=True)]


def year_basis(data, council: str) -> list[str]:
    """What differs in the basis of two years' budgets, in the paper's words: the basis it
    states for its figures and the budget transfers made during the earlier year, each
    figure as printed with its line, so a change of basis never reads as a cut."""
    rows = budget_rows(data, council)
    notes = stated_basis(rows)
    for period, group in transfers(rows).groupby("period", sort=True):
        each = [f"{b.split(': ', 1)[1] if b else 'in total'}: {raw} (line {line})"
                for b, raw, line in zip(group["breakdown"], group["raw"],
                                        group["source_line"], strict=True)]
        notes.append(f"Budget transfers made during {period}, as the paper prints them: "
                     + "; ".join(each) + ".")
    return notes


def service_lines_table(data, council: str, year: str) -> Table | None:
    """A council's net revenue budget for ``year`` by service line, totals marked, beside the
    previous year's where the table prints it, with the change."""
    rows = budget_rows(data, council)
    lines = rows[(rows["measure_id"] == "budget_net") & (rows["period"] == year)
                 & rows["figure_id"].str.contains(r"\.t0[56]\d\dc8", regex=True)]
    if lines.empty:
        return None
    lines = lines.sort_values("source_line", kind="mergesort")
    before = rows[(rows["measure_id"] == "budget_net")
                  & rows["figure_id"].str.contains(r"\.t0[56]\d\dc0", regex=True)]
    prior = dict(zip(before["source_line"], before["value"], strict=False))
    prior_year = before["period"].iloc[0] if len(before) else ""
    part = lines["breakdown"].str.replace("budget line: ", "", regex=False).str.split(" > ")
    whole = {"adult social care": "Adult Social Care",
             "communities and wellbeing": "Communities and Wellbeing",
             "adults and communities department": "Adults and Communities"}
    table = lines.assign(
        group=[p[0] if len(p) > 1 else (whole.get(s, "") if not b else b)
               for p, b, s in zip(part, lines["breakdown"], lines["scope"], strict=True)],
        service=[p[-1] if b else ("TOTAL ASC" if s == "adult social care" else
                                  "TOTAL C&W" if s == "communities and wellbeing" else
                                  "TOTAL ADULTS & COMMUNITIES")
                 for p, b, s in zip(part, lines["breakdown"], lines["scope"], strict=True)],
        statutory=lines["note"].str.extract(r"statutory flag[^:]*: ([SDB])")[0].fillna(""),
        net=lines["value"].map(_pounds), scope_=lines["scope"],
        locations=locations(lines))
    table["total"] = table["service"].str.upper().str.startswith("TOTAL")
    columns = ["group", "service", "statutory", "value", "net", "scope_", "total", "locations"]
    hidden, notes = ["value", "scope"], []
    if prior_year:
        table["prior_value"] = table["source_line"].map(prior)
        table["change_value"] = table["value"] - table["prior_value"]
        table[f"net {prior_year}"] = table["prior_value"].map(
            lambda v: "" if pd.isna(v) else _pounds(v))
        table["change"] = table["change_value"].map(
            lambda v: "" if pd.isna(v) else ("+" if v > 0 else "") + _pounds(v))
        columns = columns[:4] + ["prior_value", "change_value", f"net {prior_year}", "net",
                                 "change"] + columns[5:]
        hidden += ["prior_value", "change_value"]
        notes = [f"The change is the {year} net budget less the {prior_year} one, as the "
                 "table prints both."] + year_basis(data, council)
    table = table.rename(columns={"net": f"net {year}"} if prior_year else {})
    columns = [f"net {year}" if c == "net" and prior_year else c for c in columns]
    table = table[columns].rename(columns={"scope_": "scope"})
    return Table(f"{council} service lines {year}", table, group="group", emphasis="total",
                 hidden=tuple(hidden),
                 # the shown amounts too, so they line up on the right and never wrap
                 units={"value": "gbp", "prior_value": "gbp", "change_value": "gbp"}
                 | dict.fromkeys([c for c in columns if c.startswith("net ")] + ["change"],
                                 "gbp"),
                 widths={"service": "40%", "statutory": "9%", "line": "8%"},
                 caption=f"{council}'s net revenue budget {year} by service line (£)"
                         + (f", beside {prior_year} and the change" if prior_year else "")
                         + "; totals in bold",
                 notes=["S statutory, D discretionary, B both, as the appendix marks them. "
                        "Communities and Wellbeing (libraries, heritage, adult learning) is part "
                        "of the department but not adult social care.", *notes])


def _item_table(data, council: str, measure: str, title: str, caption: str,
                notes: list[str]) -> Table | None:
    rows = budget_rows(data, council)
    rows = rows[(rows["measure_id"] == measure) & rows["figure_id"].str.contains(r"\.t")]
    if rows.empty:
        return None
    item = rows["breakdown"].str.split(": ", n=1).str[1].fillna("")
    total_label = {"adult social care": "Total adult social care",
                   "communities and wellbeing": "Total communities and wellbeing",
                   "adults and communities department": "Total department"}
    table = rows.assign(
        item=[i if i else total_label.get(s, "Total") for i, s in zip(item, rows["scope"],
                                                                     strict=True)],
        type=rows["note"].str.extract(r"type \([^)]*\): (\w+)")[0].map(TYPES).fillna(""),
        total=item == "",
        locations=locations(rows))
    table = table[["item", "type", "period", "value", "total", "scope", "locations"]]
    view = table.pivot_table(index=["item", "type", "total"], columns="period", values="value",
                             aggfunc="first", sort=False)
    view = view.apply(lambda c: c.map(lambda v: "" if pd.isna(v) else _pounds(v))).reset_index()
    if not view["type"].astype(bool).any():
        view = view.drop(columns="type")
    return Table(title, table, view=view, emphasis="total", locations=None,
                 units={"value": "gbp"}, caption=caption, notes=notes)


def growth_table(data, council: str) -> Table | None:
    """A council's growth by item and year, cumulative from the 2024/25 base."""
    return _item_table(
        data, council, "budget_growth", f"{council} growth",
        f"{council}'s growth by item and year (£, cumulative from the 2024/25 base); totals in "
        "bold", ["Negative growth items offset costs (extra income, demand management)."])


def savings_table(data, council: str) -> Table | None:
    """A council's savings by item, type and year, cumulative from the 2024/25 base."""
    return _item_table(
        data, council, "budget_savings", f"{council} savings",
        f"{council}'s savings by item, type and year (£, cumulative from the 2024/25 base); "
        "totals in bold",
        ["Types as the appendix classifies them: efficiency, income, service reduction. Savings "
         "are amounts saved (the appendix prints them as negative figures)."])


def capital_table(data, council: str) -> Table | None:
    """A council's capital programme by scheme and year."""
    return _item_table(data, council, "budget_capital", f"{council} capital",
                       f"{council}'s capital programme by scheme and year (£)", [])


FUNDING = ("budget_grant", "budget_bcf_allocation")  # grants and the Better Care Fund


def funding_table(data, council: str) -> Table | None:
    """The funding a council's papers print: grants and its Better Care Fund allocations, each
    as printed, with its scope and year."""
    rows = budget_rows(data, council)
    rows = rows[rows["measure_id"].isin(FUNDING)]
    if rows.empty:
        return None
    item = rows["breakdown"].str.split(": ", n=1).str[-1]
    whole, part = item.str.split(" > ", n=1).str[0], item.str.split(" > ", n=1).str[1]
    # a part ('£22.9m of the NHS minimum allocation') goes under the fund it is part of
    lines = {(w.lower(), p): line for w, p, line, is_part in zip(
        whole, rows["period"], rows["source_line"], part.notna(), strict=True) if not is_part}
    under = [lines.get((w.lower(), p), line) for w, p, line in zip(
        whole, rows["period"], rows["source_line"], strict=True)]
    rows = rows.assign(item_=item.where(part.isna(), "of which: " + part.fillna("")),
                       under_=under, is_part_=part.notna()).sort_values(
        ["period_end", "under_", "is_part_", "source_line"], kind="mergesort")
    shown = rows.assign(
        source_=rows["measure_label"], item=rows["item_"],
        amount=rows["value"].map(_pounds), locations=locations(rows))[
        ["source_", "item", "scope", "period", "value", "amount", "raw", "locations"]].rename(
        columns={"source_": "kind of funding", "raw": "as printed"})
    notes = (["An 'of which' row is part of the fund above it, not further money."]
             if rows["is_part_"].any() else [])
    return Table(f"{council} funding", shown, hidden=("value",), units={"value": "gbp"},
                 caption=f"{council}'s funding as its papers print it: grants and Better Care "
                         "Fund allocations (£), with what each covers and its year", notes=notes)
