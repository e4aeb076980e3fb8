"""A theme appendix from its comparison frame: the comparison, ratings and history tables, the
sentences on what is not reported, and the appendix they make.

Each function takes the frame (:func:`analysis.compare.frame.comparison_frame`) and returns a
:class:`Table` (None when the frame has no rows for it), so a notebook shows exactly what the
workbook holds:

>>> from analysis.explore import compare
>>> frame = compare(["wf_vacancy_rate", "wf_turnover_rate"])
>>> table = ratings_table(frame, "Workforce ratings")
>>> list(table.view["council"]), history_table(frame, "Workforce history") is None
(['Leicester', 'Leicestershire', 'Leicester', 'Leicestershire'], True)
"""

from __future__ import annotations

import pandas as pd

from ...compare.frame import NOT_REPORTED
from ...compare.messages import key_messages
from ...compare.ratings import RULE
from ...compare.select import RATABLE_GAP_DAYS
from ...compare.words import breakdown_words, caveat_parts, dated, lower_first
from ...sources.citations import cite, locations_in
from ..tables import Appendix, Table, sentence_for_missing

YEARS_OLD = ("Years old: from the end of the figure's period to the newest paper in the set "
             "(or to the end of the period chosen).")
HISTORY_NOTE = ("These figures' periods ended more than three years before the newest paper (or "
                "the period chosen), or before a newer figure of the same measure, so they are "
                "not compared with newer ones; each is rated only against a benchmark printed "
                "for its own period.")
PRINTED = ("headline", "historical", "other footprint", "undated")


def _cell(r: pd.Series) -> str:
    """A comparison cell: the figure, its period, and the part it covers where it is not the
    whole (a job role, a sector), so two parts are not read as like for like."""
    part = breakdown_words(r["breakdown"]) if isinstance(r["breakdown"], str) else ""
    when = f"{r['period']}, {part}" if part else r["period"]
    if r["block"] == "not reported":
        return NOT_REPORTED
    if r["block"] == "historical":
        return f"only older figures (newest {r['display']}, {when}): see history"
    if r["block"] == "undated":  # in no ratings row, so its source is named here
        return f"{r['display']}, {when}: neither compared nor rated ({r['sources']})"
    if r["block"] == "other footprint":
        return f"{r['display']} ({r['period']}), {r['caveats']}"
    return f"{r['display']} ({when})"


def _measure_name(r: pd.Series) -> str:
    return f"{r['measure']} ({r['unit_label']})"


HELD_FOR = {"shared period": "so that the councils are compared for the same period",
            "benchmark period": "so that each is of a period for which the papers print a "
                                "benchmark or national position (the other council prints no "
                                "figure of that period)"}


def _newer_note(rows: pd.DataFrame) -> list[str]:
    """Notes naming the councils' newer figures left out, each with the true reason: the
    councils share an older period, or only the older one has a benchmark beside it."""
    newer = rows[(rows["role"] == "council") & (rows["latest"].fillna("") != "")
                 & (rows["block"] == "headline")]
    return [f"Newer figures are printed but not used here, {HELD_FOR[why]}: " + "; ".join(
                f"{r['authority']} {lower_first(r['measure'])} {r['latest']}"
                for _, r in group.iterrows()) + "."
            for why, group in newer.groupby("latest_held_for", sort=True)]


def comparison_table(frame: pd.DataFrame, title: str) -> Table | None:
    """Measures down, councils and benchmarks across; each cell the figure and its period;
    how comparable the councils' figures are, and why."""
    printed = frame.groupby("measure_id")["block"].transform(lambda b: b.isin(PRINTED).any())
    rows = frame[printed]
    if rows.empty:
        return None
    who = list(dict.fromkeys(rows["authority"]))
    view = []
    for _, group in rows.groupby("measure_id", sort=False):
        first = group.iloc[0]
        cells = {r["authority"]: _cell(r) for _, r in group.iterrows()}
        view.append({"measure": _measure_name(first)}
                    | {a: cells.get(a, NOT_REPORTED) for a in who}
                    | {"how comparable": f"{first['comparability']}: "
                                         f"{first['comparability_reason']}"})
    data = rows.assign(_unit=rows["unit"])[
        ["measure", "unit_label", "authority", "role", "block", "value", "display", "period",
         "age_years", "value_type", "comparability", "comparability_reason", "rating",
         "direction", "sources", "_unit"]].rename(columns={"unit_label": "unit"})
    width = f"{max(8, 50 // max(1, len(who)))}%"
    return Table(title, data, view=pd.DataFrame(view), locations=None, notes=_newer_note(rows),
                 widths={"measure": "24%", "how comparable": "22%"} | dict.fromkeys(who, width),
                 caption=f"{title}: each council's figure and its period, benchmarks beside "
                         "them, and how comparable the councils' figures are",
                 units={"value": "by row (see unit)"})


def footnoted(cells: list[str]) -> tuple[list[str], list[str]]:
    """Caveats that several rows share become numbered notes under the table, so each row
    keeps only what is its own: ('see note 1; part of a year', ['Note 1: ...']).

    >>> footnoted(["a long shared caveat; own", "a long shared caveat"])
    (['see note 1; own', 'see note 1'], ['Note 1: a long shared caveat.'])
    """
    parts = [caveat_parts(c) for c in cells]
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
    if not r["benchmark"]:  # one printed without a period is named in the rating's note
        return "none dated" if "printed without a period" in r["rating_note"] else \
            "none printed"
    shown = f"{r['benchmark']} {r['benchmark_display']} ({r['benchmark_period']})"
    if r["benchmark_gap_years"] and r["benchmark_gap_years"] * 365.25 > RATABLE_GAP_DAYS:
        return f"none within about a year of it (the nearest printed is {shown}, not rated)"
    return shown


def _joined(*parts: str) -> str:
    return "; ".join(x for x in parts if x)


def _ratings_view(rows: pd.DataFrame) -> pd.DataFrame:
    """What a reader sees of each council figure's rating, direction, marker and caveats."""
    each = [r for _, r in rows.iterrows()]
    return pd.DataFrame({
        "measure": [_measure_name(r) for r in each],
        "council": rows["authority"],
        "figure": rows["display"] + " (" + rows["period"] + ")",
        "years old": rows["age_years"].map(lambda v: f"{v:g}"),
        "benchmark": [_benchmark_cell(r) for r in each],
        "rating": [_joined(r["rating"], r["rating_note"]) or "not rated" for r in each],
        "direction of travel": [f"{r['direction']}: {r['direction_evidence']}"
                                if r["direction"] else "not given" for r in each],
        "the paper's own marker": [_joined(r["paper_marker"], r["paper_rag"] and
                                           f"RAG {r['paper_rag']}") or r["marker_elsewhere"]
                                   or "none" for r in each],
        "also printed": [_joined(r["latest"] and f"newer: {r['latest']}", r["target"],
                                 r["change"], r["forecast"], r["rank"]) for r in each],
        "caveats": [_joined(r["caveats"], r["audit"]) for r in each],
        # a newer figure named in 'also printed' is cited with the figure's own lines
        "locations": [";".join(locations_in(r["locations"], r["latest_locations"]))
                      for r in each],
    })


def ratings_table(frame: pd.DataFrame, title: str, block: str = "headline") -> Table | None:
    """Per council figure: its age, the benchmark of its period and the rating, the direction
    of travel and its evidence, the paper's own marker, what is printed beside it, caveats."""
    rows = frame[(frame["role"] == "council") & (frame["block"] == block)]
    if rows.empty:
        return None
    view = _ratings_view(rows)
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
                 # the long cells (direction, caveats) get the width, so rows stay short
                 widths={"measure": "10%", "council": "7%", "figure": "7%", "years old": "4%",
                         "benchmark": "8%", "rating": "9%", "direction of travel": "13%",
                         "the paper's own marker": "8%", "also printed": "8%",
                         "caveats": "18%", "source": "8%"},
                 caption=f"{title}: {what}",
                 notes=shared + [RULE if block == "headline" else HISTORY_NOTE, YEARS_OLD],
                 units={"value": "by row (see unit)", "benchmark_value": "by row (see unit)"})


def history_table(frame: pd.DataFrame, title: str) -> Table | None:
    """The ratings table of the figures shown apart as history (more than three years old)."""
    return ratings_table(frame, title, "historical")


def history_note(frame: pd.DataFrame, ind: pd.DataFrame) -> list[str]:
    """What the history section says when it has no table: that no figure compared is more
    than three years old, and which older figures the papers print for the same measures and
    councils (left out because newer ones are compared), so 'nothing older' is never said
    where the papers print it.

    >>> from analysis.explore import compare, load
    >>> note = history_note(compare(["wf_turnover_rate"]), load().ind)
    >>> "Leicestershire" in note[1] and "2015" in note[1]
    True
    """
    councils = frame[frame["role"] == "council"]
    if (councils["block"] == "historical").any():
        return []
    shown = set(councils["figure_id"])
    older = ind[ind["measure_id"].isin(set(councils["measure_id"]))
                & ind["authority"].isin(set(councils["authority"]))
                & (ind["value_type"] == "actual") & (ind["period_kind"] != "undated")
                & ~ind["observation_id"].isin(shown)]
    cut = councils.dropna(subset=["period_end"]).groupby("measure_id")["period_end"].min()
    older = older[older["period_end"] < older["measure_id"].map(cut)]
    first = ("No council figure compared above ended more than three years before the newest "
             "paper, so none is shown apart as history.")
    if older.empty:
        return [first + " The papers print no older figures of these measures for "
                + " or ".join(dict.fromkeys(councils["authority"])) + "."]
    each = []
    for label, rows in older.sort_values("period_end").groupby("measure_label", sort=False):
        who = "; ".join(f"{a}: {', '.join(dict.fromkeys(_period_and_part(r)))}"
                        for a, r in rows.groupby("authority", sort=True))
        each.append(f"{lower_first(label)} ({who})")
    return [first, "The papers also print older figures, not compared because a newer figure "
            "of the same measure is: " + "; ".join(each) + ". Every printed figure is in the "
            "dataset the pages are made from, and the measure profile appendix shows all of "
            "one measure's figures."]


def _period_and_part(rows: pd.DataFrame) -> list[str]:
    """Each figure's period, with the part it covers where it is not the whole ('2015, LCC
    adults and communities department only'), so a narrower figure is not read as the
    measure's whole."""
    return [f"{p}, {breakdown_words(b)}" if b else p
            for p, b in zip(rows["period"], rows["breakdown"], strict=True)]


def missing_sentences(frame: pd.DataFrame, data) -> list[str]:
    """One sentence per council listing what its papers print nothing on, and, where its papers
    print another measure's figures under one of those names, which (:func:`named_like`)."""
    out = []
    for council, rows in frame[(frame["role"] == "council")
                               & (frame["block"] == "not reported")].groupby(
            "authority", sort=False):
        names = [lower_first(m) for m in rows["measure"]]
        out.append(" ".join(filter(None, [sentence_for_missing(names, council), *(
            named_like(data, m, council) for m in dict.fromkeys(rows["measure_id"]))])))
    return out


def named_like(data, measure_id: str, authority: str) -> str:
    """The figures ``authority``'s papers print under ``measure_id``'s name that count another
    measure (the catalogue's ``mistaken_for``), so that 'prints nothing on' is not read as
    contradicting the paper; '' when there are none.

    >>> from analysis.explore import load
    >>> named_like(load(), "wf_vacancies", "Leicestershire")[:68]
    'What its papers print under a name like vacant posts counts leavers '
    """
    others = data.measures.loc[data.measures["mistaken_for"] == measure_id, "measure_id"]
    rows = data.ind[data.ind["measure_id"].isin(others) & (data.ind["authority"] == authority)]
    if rows.empty:
        return ""
    rows = rows.sort_values(["period_end", "figure_id"], ascending=[False, True])
    first, more = rows.iloc[0], rows["observation_id"].nunique() - 1
    return (f"What its papers print under a name like {lower_first(data.label(measure_id))} "
            f"counts {lower_first(first['measure_label'])} instead: '{first['raw']}' "
            f"({dated(first['period'], first['flags']) or 'undated'}; "
            f"{cite(first['paper_id'], first['source_line'], data.registry)})"
            + (f" and {more} more like it" if more else "")
            + ", a measure of its own in the dataset.")


def theme_appendix(ctx, measures: list[str], title: str, lead: str) -> Appendix:
    """A theme's appendix from the comparison frame of ``measures`` for the notebook's
    councils, benchmarks and period: key messages, the comparison, ratings and history."""
    p = ctx.params
    frame = ctx.data.compare(measures, p["authorities"], p["benchmarks"], p["period"])
    app = Appendix(title, lead, key_messages(frame, p["authorities"]), {},
                   {"not reported": missing_sentences(frame, ctx.data),
                    "history": history_note(frame, ctx.data.ind)}, frame)
    return app.add({"comparison": comparison_table(frame, f"{title} comparison"),
                    "ratings": ratings_table(frame, f"{title} ratings"),
                    "history": history_table(frame, f"{title} history")})
