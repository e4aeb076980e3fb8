"""Key messages: a few plain-English sentences computed from a comparison frame, never typed.

In order: whether any like-for-like comparison between the councils is possible and how they
compare on it; the largest gaps against benchmarks; what cannot be compared and why; the main
caveat. Each sentence is built from the frame's rows, so a change in the data changes it.
"""

from __future__ import annotations

import pandas as pd

from .frame import CAVEATS, LIKE, NOT_COMPARABLE
from .ratings import rate

MAX_LISTED = 6


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


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
    scope = lambda r: f", {r['caveats'].split('; ')[0]}" if "only" in r["caveats"] else ""  # noqa: E731
    return (f"{_lower_first(a['measure'])}: {a['authority']} {a['display']} ({a['period']}"
            f"{scope(a)}) is {relation} {b['authority']} {b['display']} ({b['period']}"
            f"{scope(b)})")


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
    rated = councils_rows[councils_rows["rating"].isin(["better", "worse"])
                          & (councils_rows["block"] == "headline")].copy()
    if not rated.empty:
        rated["gap"] = [abs(v - b) / max(abs(b), 1e-9) for v, b in zip(
            rated["value"], rated["benchmark_value"], strict=True)]
        top = rated.sort_values(["gap", "measure_id"], ascending=[False, True]).head(3)
        messages.append("Largest gaps against benchmarks of the same period: " + "; ".join(
            f"{r['authority']}'s {_lower_first(r['measure'])} {r['display']} ({r['period']}) "
            f"against {r['benchmark']} {r['benchmark_display']}, {r['rating']}"
            for _, r in top.iterrows()) + ".")
    not_comparable = councils_rows[councils_rows["comparability"] == NOT_COMPARABLE]
    if not not_comparable.empty:
        reasons = not_comparable.drop_duplicates("measure_id").groupby(
            not_comparable.drop_duplicates("measure_id")["comparability_reason"].str.replace(
                r"'s newest figure is for .*", "'s newest figure is too old", regex=True),
            sort=False)["measure"].agg(list)
        parts = [f"{_names([_lower_first(m) for m in measures])} ({reason})"
                 for reason, measures in reasons.items()]
        messages.append("Cannot be compared: " + "; ".join(parts) + ".")
    historical = councils_rows[councils_rows["block"] == "historical"]
    if not historical.empty:
        oldest = historical.sort_values("period_end").iloc[0]
        messages.append(f"Main caveat: {_names(sorted(set(historical['authority'])))}'s figures "
                        f"for {_names([_lower_first(m) for m in historical['measure']])} date "
                        f"from as early as {oldest['period']} ({oldest['age_years']:g} years "
                        "before the newest paper); they are shown apart, as history, not "
                        "compared.")
    else:
        audited = councils_rows[councils_rows["audit"].str.contains("discrepancy")
                                & (councils_rows["block"] == "headline")]
        caveats = councils_rows["caveats"].str.split("; ").explode()
        caveats = caveats[(caveats.str.len() > 0) & ~caveats.str.startswith("no direction")]
        if not audited.empty:
            r = audited.iloc[0]
            messages.append(f"Main caveat: the audit of the papers' own figures found a "
                            f"{r['audit'].removeprefix('audit ')} for {r['authority']}'s "
                            f"{_lower_first(r['measure'])}; see the data-quality appendix.")
        elif not caveats.empty:
            messages.append(f"Main caveat: {caveats.value_counts().index[0]}.")
    return messages[:6]
