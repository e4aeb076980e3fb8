"""One measure, everywhere: every printed occurrence with its source and audit findings, the
comparison and ratings, the audit's checks that touch it, and (in the notebook) its trend."""

from __future__ import annotations

import re

import pandas as pd

from ...audit import finding_table
from ...compare.messages import key_messages
from ...compare.occurrences import occurrences
from ..tables import Appendix, Table, locations
from .theme import comparison_table, missing_sentences, ratings_table

FIGURE_ID = re.compile(r"\b[a-z]+-\d{4}-\d{2}-\d{2}\.(?:p\d{4}|t\d{4}c\d+)\b")
PASSED = ("ok", "ok (rounding)")


def readable_ids(text: str, data) -> str:
    """Figure ids in a flag ('same figure as leicester-2025-04-30.p0012') as the paper and
    line a reader can follow."""
    def cite_of(m: re.Match) -> str:
        where = data.locations_of(m.group(0))
        if not where:
            return m.group(0)
        paper, line = where.rsplit(":", 1)
        return f"{data.paper_name(paper)}, line {line}"
    return FIGURE_ID.sub(cite_of, text)


def printed_figures(data, measure: str, authorities: list[str]) -> pd.DataFrame:
    """Every printed occurrence of ``measure`` for ``authorities``, oldest paper first, with its
    source and the audit findings that touch it (:func:`analysis.compare.occurrences`)."""
    ind = data.ind
    rows = ind[(ind["measure_id"] == measure) & ind["authority"].isin(authorities)]
    printed = occurrences(rows, data.audit, data.registry)
    return printed.assign(caveats=printed["caveats"].map(lambda f: readable_ids(f, data)))


def others_printed(data, measure: str, authorities: list[str]) -> int:
    """How many printings of ``measure`` are for authorities other than ``authorities``."""
    ind = data.ind
    return int(((ind["measure_id"] == measure) & ~ind["authority"].isin(authorities)).sum())


def figures_table(printed: pd.DataFrame, label: str, others: int = 0) -> Table | None:
    """The printed occurrences as a table: as printed, with period, type, caveats, source;
    ``others``, the printings for authorities not chosen, said under it."""
    if printed.empty:
        return None
    who = " and ".join(dict.fromkeys(printed["authority"]))
    shown = printed.assign(
        locations=locations(printed))[
        ["authority", "period", "value_type", "raw", "breakdown", "caveats", "audit",
         "locations"]].rename(columns={"raw": "as printed", "value_type": "type",
                                       "audit": "audit findings"})
    return Table(f"{label}: every printed figure", shown,
                 caption=f"Every figure the papers print of {label.lower()} for {who}, "
                         "oldest paper first, as printed, with its period, type and source",
                 notes=[f"The papers print {others} more figure{'s' if others != 1 else ''} "
                        "of it for other authorities, not listed here."] if others else [],
                 widths={"as printed": "14%", "caveats": "22%", "audit findings": "14%"})


def checks_touching(data, printed: pd.DataFrame) -> pd.DataFrame:
    """The audit's checks that touch any of the printed figures."""
    ids = set(printed["figure_id"])
    return data.audit[data.audit["figure_ids"].map(lambda f: bool(ids & set(str(f).split(";"))))]


def audit_table(data, touching: pd.DataFrame, label: str) -> Table | None:
    """The findings of the checks that touch the measure, passes included."""
    if touching.empty:
        return None
    found = finding_table(touching)
    return Table(f"{label}: audit", found.assign(
        locations=found["locations"].map(data.paper_lines))[
        ["finding", "kind", "verdict", "explanation", "locations"]],
        caption=f"The audit's checks that touch {label.lower()}, passes included")


def profile_messages(printed: pd.DataFrame, touching: pd.DataFrame, frame: pd.DataFrame,
                     label: str, councils: list[str], who: list[str]) -> list[str]:
    """How often and where the measure is printed, how the councils compare on it, and how
    the audit's checks of it came out."""
    papers = printed["paper_id"].nunique()
    messages = [f"The papers print {len(printed)} figures of {label.lower()} for "
                f"{', '.join(sorted(set(printed['authority']))) or 'none of those chosen'}: "
                f"{printed['observation_id'].nunique()} distinct figures in {papers} "
                f"paper{'s' if papers != 1 else ''}."] if len(printed) else [
        f"The papers print no figure of {label.lower()} for {', '.join(who)}."]
    messages += key_messages(frame, councils)
    if not touching.empty:
        bad = touching[~touching["verdict"].isin(PASSED)]
        messages.append(f"The audit checked these figures {len(touching)} times: "
                        f"{len(touching) - len(bad)} hold, {len(bad)} do not or cannot be "
                        "decided (see the audit table).")
    return messages


def newest_printed(data, measure: str, councils: list[str]) -> str | None:
    """The id of the councils' figure of ``measure`` for the newest period printed (an
    actual before a target or forecast; of equal periods, the newest paper's last line), to
    show in its paper; None when they print none."""
    ind = data.ind
    rows = ind[(ind["measure_id"] == measure) & ind["authority"].isin(councils)
               & (ind["period_kind"] != "undated")]
    if rows.empty:
        return None
    rows = rows[rows["value_type"] == "actual"] if (rows["value_type"] == "actual").any() \
        else rows
    return rows.sort_values(["period_end", "meeting_date", "source_line"]).iloc[-1]["figure_id"]


def profile(ctx) -> Appendix:
    """Everything the papers print on one measure, with every source."""
    p, data = ctx.params, ctx.data
    label = data.label(p["measure"])
    who = p["authorities"] + p["benchmarks"]
    printed = printed_figures(data, p["measure"], who)
    frame = data.compare([p["measure"]], p["authorities"], p["benchmarks"], p["period"])
    touching = checks_touching(data, printed)
    app = Appendix(f"Measure profile: {label}",
                   f"Everything the papers print on {label.lower()}, with every source.",
                   profile_messages(printed, touching, frame, label, p["authorities"], who),
                   {}, {"not reported": missing_sentences(frame, data)}, frame)
    others = others_printed(data, p["measure"], who)
    return app.add({"figures": figures_table(printed, label, others),
                    "comparison": comparison_table(frame, f"{label}: comparison"),
                    "ratings": ratings_table(frame, f"{label}: ratings"),
                    "audit": audit_table(data, touching, label)})
