"""Key messages: a few plain-English sentences computed from a comparison frame, never typed.

In order: whether any like-for-like comparison between the councils is possible and how they
compare on it; the largest gaps against benchmarks; what cannot be compared and why; the main
caveat. Each sentence is built from the frame's rows, so a change in the data changes it.
"""

from __future__ import annotations

import pandas as pd

from .comparability import CAVEATS, LIKE, NOT_COMPARABLE, nothing_dated
from .ratings import rate
from .words import caveat_parts, covers_only, lower_first

MAX_LISTED = 12
PLAIN = {  # an audit finding's kind in a councillor's words
    "conflicting versions": "the papers print different values for the same figure",
    "percent vs counts": "a percentage does not match the counts printed with it",
    "conflicting periods": "the papers give the same figure different periods",
    "parts vs whole": "parts do not add up to the total printed",
    "rate x base": "a rate does not match the base it is printed with",
    "change vs levels": "a stated change does not match the levels printed",
    "percent vs amounts": "a percentage does not match the amounts printed with it",
    "table arithmetic": "a table's rows do not add up to the total it prints",
    "split": "the parts of a split do not add up to the whole printed",
}


def _names(items: list[str]) -> str:
    items = list(dict.fromkeys(items))
    if len(items) > MAX_LISTED:
        return ", ".join(items[:MAX_LISTED]) + f" and {len(items) - MAX_LISTED} more"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _between(rows: pd.DataFrame) -> str:
    """'Leicester 7.5% (2022/23) against Leicestershire 8.5% (2022/23, independent sector
    only): lower' for the two councils' figures of one measure."""
    a, b = rows.iloc[0], rows.iloc[1]
    word = rate(a["value"], b["value"], a["precision"], b["precision"], a["unit"],
                a["polarity"], ("better", "similar", "worse"))
    if a["polarity"] == "neutral" or word == "similar":
        relation = {"similar": "similar to", "higher": "higher than", "lower": "lower than"}[
            word if word in ("similar", "higher", "lower") else
            ("higher" if a["value"] > b["value"] else "lower")]
    else:
        relation = {"better": "better than", "worse": "worse than"}[word]
    scope = lambda r: f", {covers_only(r['caveats'])}" if covers_only(r["caveats"]) else ""  # noqa: E731
    return (f"{lower_first(a['measure'])}: {a['authority']} {a['display']} ({a['period']}"
            f"{scope(a)}) is {relation} {b['authority']} {b['display']} ({b['period']}"
            f"{scope(b)})")


def _against(r: pd.Series) -> str:
    when = "" if r["benchmark_period"] == r["period"] else f" ({r['benchmark_period']})"
    return (f"{r['authority']}'s {lower_first(r['measure'])} {r['display']} ({r['period']}) "
            f"against {r['benchmark']} {r['benchmark_display']}{when}, {r['rating']}")


def _gaps(councils_rows: pd.DataFrame) -> list[str]:
    """The largest gaps to a benchmark, in percentage points (rates in other units are not
    ranked against them), and each council's worst-rated figure, so no council is only ever
    shown at its best."""
    rated = councils_rows[councils_rows["rating"].isin(["better", "worse"])
                          & (councils_rows["block"] == "headline")].copy()
    if rated.empty:
        return []
    out = []
    points = rated[rated["unit"] == "percent"].assign(
        gap=lambda d: (d["value"] - d["benchmark_value"]).abs())
    top = points.sort_values(["gap", "measure_id"], ascending=[False, True]).head(3)
    if not top.empty:
        out.append("Largest gaps to a benchmark, in percentage points: " + "; ".join(
            f"{_against(r)} ({r['gap']:.1f} points)" for _, r in top.iterrows()) + ".")
    worst = []
    for _, rows in rated[rated["rating"] == "worse"].groupby("authority", sort=True):
        if not (top["rating"].eq("worse") & top["authority"].eq(rows["authority"].iloc[0])).any():
            gap = (rows["value"] - rows["benchmark_value"]).abs() / rows["benchmark_value"].abs()
            worst.append(_against(rows.loc[gap.idxmax()]))
    if worst:
        out.append("Also worse than a benchmark: " + "; ".join(worst) + ".")
    return out


def _main_caveat(councils_rows: pd.DataFrame) -> list[str]:
    """What most limits the comparison, in this order: figures covering part of a year, a
    discrepancy the audit found (in plain words), a caveat several figures share. A breakdown
    ('independent sector only') is already said with the comparison, and a period taken from the
    report's text is a detail: neither is the main caveat. The measures the councils are
    compared on come first: a caveat of a figure no other council's is set beside does not
    limit the comparison."""
    shown = councils_rows[councils_rows["block"] == "headline"]
    both = shown.groupby("measure_id")["authority"].transform("nunique") > 1
    compared = bool(both.any())
    if compared:
        shown = shown[both]
    caveats = shown["caveats"].map(caveat_parts).explode().fillna("")
    minor = ("no direction", "the paper's stated", "period from the report", "printed as ")
    caveats = caveats[(caveats.str.len() > 0) & ~caveats.str.startswith(minor)
                      & ~caveats.str.endswith(" only")]
    part = shown[shown["caveats"].str.contains("part of a year")]
    if len(part):
        r = part.iloc[0]
        more = f" and {len(part) - 1} more" if len(part) > 1 else ""
        return [f"Main caveat: {r['authority']}'s figure for {lower_first(r['measure'])} "
                f"covers part of a year ({r['period']}){more}; "
                + ("a part-year figure is not compared with a full year." if compared else
                   "it is not like a full year's figure.")]
    audited = shown[shown["audit"].str.contains("discrepancy")]
    if not audited.empty:
        r = audited.iloc[0]
        kind = next((k for k in PLAIN if k in r["audit"]), "")
        return [f"Main caveat: for {r['authority']}'s {lower_first(r['measure'])}, "
                f"{PLAIN.get(kind, 'the audit found a discrepancy')} (see the data-quality "
                "appendix)."]
    common = caveats.str.replace(r" \(.*\)$", "", regex=True).value_counts()
    if not common.empty:
        return [f"Main caveat: {common.index[0]}"
                + (f" ({common.iloc[0]} of the figures above)." if common.iloc[0] > 1 else ".")]
    return []


def _own_figure(r: pd.Series) -> str:
    """'service users who feel safe 72.2% (2023/24), similar to England 71.1% (2023/24)'."""
    said = f"{lower_first(r['measure'])} {r['display']} ({r['period']})"
    if r["rating"] in ("better", "similar", "worse"):
        word = {"better": "better than", "similar": "similar to", "worse": "worse than"}
        said += (f", {word[r['rating']]} {r['benchmark']} {r['benchmark_display']} "
                 f"({r['benchmark_period']})")
    return said


def _silent(councils_rows: pd.DataFrame, councils: list[str]) -> list[str]:
    """The councils whose papers print none of the frame's measures."""
    printed = set(councils_rows.loc[councils_rows["block"] != "not reported", "authority"])
    return [c for c in councils if c not in printed
            and (councils_rows["authority"] == c).any()]


def key_messages(frame: pd.DataFrame, councils: list[str]) -> list[str]:
    """Three to six sentences for the top of an appendix."""
    councils_rows = frame[frame["role"] == "council"]
    messages = []
    both = " and ".join(councils)
    if len(councils) > 1:
        by_measure = councils_rows.groupby("measure_id", sort=False)
        like = [g for _, g in by_measure if g["comparability"].iloc[0] == LIKE]
        caveated = [g for _, g in by_measure if g["comparability"].iloc[0] == CAVEATS]
        total = councils_rows["measure_id"].nunique()
        these = "this measure" if total == 1 else f"these {total} measures"
        if like:
            count = "It" if total == 1 else f"{len(like)} of {these}"
            messages.append(f"{count} can be compared like for like between {both}: "
                            + "; ".join(_between(g) for g in like) + ".")
        else:
            none = "This measure cannot" if total == 1 else f"None of {these} can"
            messages.append(f"{none} be compared like for like between {both} from these "
                            "papers.")
        if caveated:
            def why(g):  # the breakdown is already named beside each figure
                reason = g["comparability_reason"].iloc[0]
                return "" if reason.endswith("only") and "period" not in reason else \
                    f" ({reason})"
            messages.append(f"{len(caveated)} can be compared with caveats: " + "; ".join(
                f"{_between(g)}{why(g)}" for g in caveated[:3]) + ".")
    silent = _silent(councils_rows, councils)
    if silent:
        shown = [c for c in councils if c not in silent]
        messages.append(f"{_names(silent)}'s papers in this set print none of "
                        + ("this measure" if councils_rows["measure_id"].nunique() == 1
                           else f"these {councils_rows['measure_id'].nunique()} measures")
                        + (f", so only {_names(shown)}'s figures are shown" if shown else "")
                        + f": a comparison needs a paper from {_names(silent)} that reports "
                        "them.")
        for council in shown:
            own = councils_rows[(councils_rows["authority"] == council)
                                & (councils_rows["block"] == "headline")]
            if not own.empty:
                messages.append(f"{council}'s figures: " + "; ".join(
                    _own_figure(r) for _, r in own.head(4).iterrows())
                    + (f"; and {len(own) - 4} more in the tables below" if len(own) > 4
                       else "") + ".")
    messages += _gaps(councils_rows)
    not_comparable = councils_rows[(councils_rows["comparability"] == NOT_COMPARABLE)
                                   & ~councils_rows["comparability_reason"].isin(
                                       [nothing_dated([{"authority": c}]) for c in silent])]
    if not not_comparable.empty:
        reasons = not_comparable.drop_duplicates("measure_id").groupby(
            not_comparable.drop_duplicates("measure_id")["comparability_reason"].str.replace(
                r"'s newest figure is for .*", "'s newest figure is too old", regex=True),
            sort=False)["measure"].agg(list)
        parts = [f"{_names([lower_first(m) for m in measures])} ({reason})"
                 for reason, measures in reasons.items()]
        messages.append("Cannot be compared: " + "; ".join(parts) + ".")
    historical = councils_rows[councils_rows["block"] == "historical"]
    if not historical.empty:
        oldest = historical.sort_values("period_end").iloc[0]
        # each is the newest figure of its measure: 'as early as' would read as its oldest
        many = historical["measure_id"].nunique() > 1
        messages.append(f"Main caveat: {_names(sorted(set(historical['authority'])))}'s newest "
                        f"figures for {_names([lower_first(m) for m in historical['measure']])} "
                        "are more than three years old ("
                        + (f"the oldest is for {oldest['period']}" if many else
                           f"for {oldest['period']}")
                        + f", {oldest['age_years']:g} years before the newest paper); they are "
                        "shown apart, as history, not compared.")
    else:
        messages += _main_caveat(councils_rows)
    return messages[:6]
