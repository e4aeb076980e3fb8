"""Data quality: do the papers agree with themselves? The audit's findings as questions for
officers, the conversion's garbles, the checks the printed rounding cannot decide, every
rejected figure by reason and every correction, each table from the finding table
(:func:`analysis.audit.finding_table`, one row per finding)."""

from __future__ import annotations

import pandas as pd

from ...audit import finding_table
from ...dataset.units import fmt
from ..tables import Appendix, Table

TITLE = "Data quality: do the papers agree with themselves?"
LEAD = "The papers' own arithmetic, checked: questions for officers, notes and rejects."
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
PASSED = ("ok", "ok (rounding)")


def asked(findings: pd.DataFrame) -> pd.DataFrame:
    """The discrepancies the papers themselves print (not the conversion's)."""
    return findings[(findings["verdict"] == "discrepancy") & (findings["origin"] == "paper")]


def _listing(data, rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"finding": rows["finding"], "kind": rows["kind"],
                         "what the papers print": rows["explanation"],
                         "locations": rows["locations"].map(data.paper_lines)})


def at_stake(data, findings: pd.DataFrame) -> pd.DataFrame:
    """Per finding, what is at stake: the largest difference its checks found, in percentage
    points for a percentage, else in the figure's own unit and as a share of it; and a score
    to rank by (points, or per cent of the figure). A period or a reading to confirm has no
    difference, and ranks last.

    >>> from analysis.publish.notebook import load
    >>> data = load("90_data_quality").data
    >>> stake = at_stake(data, asked(finding_table(data.audit))).set_index("finding")
    >>> stake.loc["F327", "at stake"], stake.loc["F324", "at stake"]
    ('3.0 percentage points', '4 (0.5% of 868)')
    """
    unit = dict(zip(data.measures["measure_id"], data.measures["unit"], strict=True))
    checks = data.audit[data.audit["finding"].isin(set(findings["finding"]))]
    rows = []
    for finding, group in checks.groupby("finding", sort=False):
        top = group.loc[group["difference"].abs().idxmax()]
        gap, size = abs(float(top["difference"])), abs(float(top["quantity"] or 0))
        kind = unit.get(str(top["measure_id"]).split(";")[0], "")
        if not gap:
            said, score = "none in the figures: which is meant", -1.0
        elif kind in ("percent", "percentage_points"):
            said, score = f"{gap:.1f} percentage points", gap
        else:
            share = gap / size * 100 if size else 0.0
            amount = fmt(gap, "gbp") if kind == "gbp" else f"{gap:,.0f}"
            said, score = f"{amount} ({share:.1f}% of {size:,.0f})", share
        rows.append({"finding": finding, "at stake": said, "_score": score})
    return pd.DataFrame(rows, columns=["finding", "at stake", "_score"])


def questions_table(data, findings: pd.DataFrame) -> Table:
    """Discrepancies in the papers' own figures as questions for officers, the most material
    first (the points or share of the figure at stake); findings on the same printed figure
    are one question (002:1493's 43% is both another version of 787's 46% and not the rate
    its own counts give)."""
    found = asked(findings).merge(at_stake(data, asked(findings)), on="finding", how="left")
    found = found.sort_values(["_score", "finding"], ascending=[False, True], kind="mergesort")
    rows = [_one_question(found.loc[group]) for group in _same_figures(data.audit, found)]
    return Table("Questions for officers", pd.DataFrame({
        "question": [f"Q{n:02d}" for n in range(1, len(rows) + 1)],
        "finding": [r["finding"] for r in rows], "at stake": [r["at stake"] for r in rows],
        "what the papers print": [r["explanation"] for r in rows],
        "to ask": [r["to ask"] for r in rows],
        "locations": [data.paper_lines(r["locations"]) for r in rows]}),
        caption="Discrepancies in the papers' own figures, as questions for officers: one "
                "question per printed figure, the most material first (the percentage "
                "points, or the share of the figure, at stake)",
        widths={"question": "6%", "finding": "6%", "at stake": "12%",
                "what the papers print": "42%", "to ask": "16%"})


def _same_figures(audit: pd.DataFrame, found: pd.DataFrame) -> list[list]:
    """``found``'s index in groups of findings that share a printed figure, in order: each
    finding joins the first (most material) group it shares a figure with."""
    figures = audit.groupby("finding")["figure_ids"].agg(
        lambda ids: frozenset(i for v in ids for i in str(v).split(";") if i))
    groups: list[tuple[set, list]] = []
    for index, finding in found["finding"].items():
        mine = figures.get(finding, frozenset())
        group = next((g for g in groups if g[0] & mine), None)
        if group is None:
            groups.append((set(mine), [index]))
        else:
            group[0].update(mine)
            group[1].append(index)
    return [indices for _, indices in groups]


def _one_question(rows: pd.DataFrame) -> dict:
    """One question from one or more findings on the same figure, the most material first."""
    unique = lambda texts: " ".join(dict.fromkeys(t for t in texts if t))  # noqa: E731
    return {"finding": ", ".join(rows["finding"]), "at stake": rows["at stake"].iloc[0],
            "explanation": unique(rows["explanation"]),
            "to ask": unique(rows["kind"].map(lambda k: QUESTIONS.get(k, ""))),
            "locations": ";".join(dict.fromkeys(
                loc for v in rows["locations"] for loc in str(v).split(";") if loc))}


def conversion_table(data, findings: pd.DataFrame) -> Table | None:
    """Figures garbled when the papers were converted to text, corrected with evidence; None
    when no correction is marked as the conversion's."""
    prep = findings[(findings["verdict"] == "discrepancy") & (findings["origin"] == "conversion")]
    if prep.empty:
        return None
    return Table("Data-preparation notes", _listing(data, prep),
                 caption="Figures garbled when the papers were converted to text: corrected "
                         "with evidence, not a question for officers")


def no_conversion_note(data) -> list[str]:
    """What to say when no figure is the conversion's: how many corrections there are, and
    that each is of a figure as its paper prints it (so asked as a question above)."""
    n = len(data.corrections)
    return [f"No figure is marked as garbled by the conversion of the papers to text: the {n} "
            f"correction{'s' if n != 1 else ''} applied {'are' if n != 1 else 'is'} of "
            "figures as the papers print them, each asked above as a question for officers."]


def inconclusive_table(data, findings: pd.DataFrame) -> Table:
    """Checks the papers' rounding cannot decide: the unrounded figures would."""
    return Table("Checks the printed rounding cannot decide",
                 _listing(data, findings[findings["verdict"] == "inconclusive"]),
                 caption="Checks the papers' rounding cannot decide: ask for the unrounded "
                         "figures")


def passed_table(data, findings: pd.DataFrame) -> Table:
    """The findings whose checks hold."""
    return Table("Checks that passed", _listing(data, findings[findings["verdict"].isin(PASSED)]),
                 caption="Findings that passed")


def by_kind_table(findings: pd.DataFrame) -> Table:
    """Every finding, counted by kind of check and verdict."""
    return Table("Findings by kind and verdict", pd.crosstab(
        findings["kind"], findings["verdict"]).reset_index(), locations=None,
        caption="Every finding of the audit, by kind of check and verdict")


def rejected_table(rejects: pd.DataFrame) -> Table:
    """Printed figures that could not be used, counted by reason (quoted text elided)."""
    reason = rejects["reason"].str.replace(r"'.*'", "'…'", regex=True)
    # reasons that differ only in spelling ('Due May -17', 'Due May 17') are one reason
    key = reason.str.lower().str.replace(r"[^a-z0-9]+", "", regex=True)
    shown = reason.groupby(key).agg(lambda r: r.value_counts().index[0])
    counts = key.value_counts().rename("figures").rename_axis("key").reset_index().assign(
        reason=lambda f: f["key"].map(shown))[["reason", "figures"]]
    return Table("Rejected figures by reason", counts, locations=None,
                 caption="Printed figures that could not be used, by reason")


def corrections_table(data) -> Table:
    """Every correction applied to a garbled, truncated or misprinted figure, with evidence."""
    c = data.corrections
    # a period re-read is the dataset's inference from the paper's text, and says so
    reason = c["reason"].where(c["field"] != "period",
                               "the dataset's reading of the paper's text: " + c["reason"])
    return Table("Corrections applied", c.assign(
        reason=reason, locations=c["figure_id"].map(data.locations_of))[
        ["figure_id", "field", "corrected", "reason", "origin", "locations"]].rename(
        columns={"figure_id": "figure"}), hidden=("figure",),
        caption="Corrections applied to garbled, truncated or misprinted figures, with evidence")


def _by_council(data) -> str:
    """Checks and discrepancies per council, as a share of its findings."""
    council_of = dict(zip(data.registry["paper_id"], data.registry["council"], strict=True))
    per = data.audit.assign(council=data.audit["papers"].map(
        lambda p: ", ".join(sorted({council_of.get(x, x) for x in str(p).split(";")}))))
    parts = []
    for council, rows in per.groupby("council", sort=True):
        bad = rows.loc[rows["verdict"] == "discrepancy", "finding"].nunique()
        parts.append(f"{council}'s papers: {len(rows)} checks, {bad} "
                     f"discrepanc{'y' if bad == 1 else 'ies'} "
                     f"({bad / max(1, rows['finding'].nunique()):.0%} of their findings)")
    return ("By council, as the number of checks follows how many figures a paper prints: "
            + "; ".join(parts) + ".")


def _most_common(kinds: pd.Series) -> str:
    """The commonest kinds, every kind tied with the third included, most first then by name."""
    counts = kinds.value_counts()
    counts = counts.sort_index().sort_values(ascending=False, kind="mergesort")
    shown = counts[counts >= counts.iloc[min(2, len(counts) - 1)]]
    return ", ".join(f"{k} ({n})" for k, n in shown.items())


def quality_messages(data, findings: pd.DataFrame, questions: pd.DataFrame) -> list[str]:
    """How many checks ran and what they found, the questions (counted as the table lists
    them), by council, the most common kinds of discrepancy (counted as the kind table)."""
    counts = findings["verdict"].value_counts()
    found = asked(findings)
    discrepancies = findings[findings["verdict"] == "discrepancy"]
    prep = discrepancies[discrepancies["origin"] == "conversion"]
    messages = [
        f"These are automated consistency checks of the papers' own figures, not an audit of "
        f"the councils: {len(data.audit)} checks, {len(findings)} findings once repeats of one "
        f"issue are merged: {counts.get('discrepancy', 0)} discrepancies, "
        f"{counts.get('inconclusive', 0)} that the printed rounding cannot decide and "
        f"{counts.get('ok', 0) + counts.get('ok (rounding)', 0)} that hold.",
        f"{len(questions)} questions for officers, the most material first: the "
        f"{len(found)} discrepancies in figures as the papers print them, with the findings "
        "on one printed figure asked as one question"
        + (f"; {len(prep)} more {'is' if len(prep) == 1 else 'are'} the conversion's to text, "
           "corrected with evidence" if len(prep) else "") + ".",
        _by_council(data)]
    if len(discrepancies):
        messages.append("Most common kinds of discrepancy: "
                        + _most_common(discrepancies["kind"]) + ".")
    return messages


def data_quality(ctx) -> Appendix:
    data = ctx.data
    findings = finding_table(data.audit)
    tables = {"questions": questions_table(data, findings),
              "conversion": conversion_table(data, findings),
              "inconclusive": inconclusive_table(data, findings),
              "by kind": by_kind_table(findings), "rejected": rejected_table(data.rejects),
              "corrections": corrections_table(data)}
    tables = {name: t for name, t in tables.items() if t is not None}
    if ctx.params["show_passed"]:
        tables["passed"] = passed_table(data, findings)
    return Appendix(TITLE, LEAD, quality_messages(data, findings, tables["questions"].data),
                    tables)
