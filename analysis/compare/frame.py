"""The comparison frame: one row per measure and council or benchmark, everything a page shows.

``comparison_frame`` answers, per measure: which figure each council is compared on (see
:mod:`.select`), how comparable the councils' figures are and why (:mod:`.comparability`), how
old each figure is, how it rates against a benchmark of its own period (:mod:`.ratings`), its
direction of travel within one series and the evidence for it (:mod:`.direction`), the paper's
own marker, the target, stated change, forecast and rank printed beside it, caveats and
sources. Every appendix table, chart, key message and export is built from it.

Each row is made by one builder, by what the papers print for it: a council's own figure
(``figure_row``), a figure for another footprint or scope where that is all there is
(``other_footprint_row``), a benchmark (``benchmark_row``), or nothing (``NOT_REPORTED``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..parse.periods import Period, is_earlier_level, parse_period
from ..sources.citations import cite_all
from ..sources.quotes import quoted
from .comparability import verdict
from .direction import direction, word_direction
from .markers import (
    BLANK,
    disagrees,
    marker_words,
    paper_comparison,
    paper_marker,
    rag,
    stated_direction,
)
from .ratings import rating_against_benchmark
from .select import (
    BENCHMARK_TYPES,
    HISTORICAL_YEARS,
    alongside,
    benchmark_for,
    choose_breakdown,
    choose_period,
    comparable_observations,
    council_rows,
    later_forecast,
    other_footprints,
    part_year_figure,
    years_between,
)
from .words import breakdown_words, period_inferred, shown, tool_note, unit_label

NOT_REPORTED = "not reported in the papers"
UNDATED = "undated"  # the block of a figure the papers print only without a period
FRAME_COLUMNS = [
    "measure_id", "measure", "theme", "kind", "unit", "unit_label", "polarity", "authority",
    "role", "block", "figure_id", "value", "precision", "display", "qualifier", "period",
    "period_start", "period_end", "value_type", "breakdown", "scope", "age_years",
    "comparability", "comparability_reason", "benchmark", "benchmark_value", "benchmark_display",
    "benchmark_period", "benchmark_gap_years", "rating", "rating_note", "direction",
    "direction_evidence", "paper_marker", "paper_rag", "marker_disagrees", "marker_elsewhere",
    "latest", "latest_held_for", "latest_locations", "period_inferred", "target",
    "change", "forecast", "rank", "caveats", "audit", "locations", "sources",
]
NUMERIC = ("value", "precision", "age_years", "benchmark_value", "benchmark_gap_years",
           "period_start", "period_end", "marker_disagrees")


@dataclass(frozen=True)
class Choice:
    """What every row of one comparison shares: who is compared, over which period, and
    against which papers."""
    councils: list[str]
    benchmarks: list[str]
    window: tuple[pd.Timestamp, pd.Timestamp] | None  # the period chosen, or None: the latest
    newest: pd.Timestamp  # the newest paper's meeting date, from which ages are counted
    audit_notes: dict[str, str]
    registry: pd.DataFrame
    # the observations printed without a period: said where nothing dated is, never compared
    undated: pd.DataFrame | None = None
    # the observations of quartile measures, each with the measure it ranks in ``ranks``
    quartiles: pd.DataFrame | None = None

    @property
    def reference(self) -> pd.Timestamp:
        """A figure older than three years before this is history, even the newest printed."""
        return self.window[1] if self.window else self.newest


UNDECIDED = {  # what an inconclusive check could not tell, in a reader's words
    "change vs levels": "whether the stated change matches the levels printed",
    "rate x base": "whether the rate and the counts printed with it agree",
    "conflicting versions": "which of the papers' versions of the figure is right",
}


def audit_by_observation(audit: pd.DataFrame | None, ind: pd.DataFrame,
                         questions: dict[str, str] | None = None) -> dict[str, str]:
    """Per observation, the most serious audit findings that touch it, a discrepancy in the
    audit's plain sentence ('the paper gives 89.9%, but 519 out of 582 is 89.2%'): every
    finding of that verdict, so a conflict is not hidden behind another discrepancy. A finding
    asked as a question for officers (``questions``: finding -> 'Q03') is named by it, as the
    data-quality page numbers it."""
    questions = questions or {}
    if audit is None or audit.empty:
        return {}
    observation = dict(zip(ind["figure_id"], ind["observation_id"], strict=True))
    order = {"discrepancy": 0, "inconclusive": 1}
    found: dict[str, tuple[int, list[str]]] = {}
    explained = audit["explanation"] if "explanation" in audit else audit["kind"]
    for ids, verdict_, finding, kind, said in zip(audit["figure_ids"], audit["verdict"],
                                                  audit["finding"], audit["kind"], explained,
                                                  strict=True):
        if verdict_ not in order:
            continue
        # a discrepancy in the audit's plain sentence; an inconclusive check (a long 'could
        # not have failed' story) by its kind, explained on the data-quality page
        where = (f"question {questions[finding]} for officers on the data-quality page"
                 if finding in questions else f"finding {finding} on the data-quality page")
        # an undecided check is said in words, not by its finding's id: the data-quality
        # page lists every one under one heading
        text = (f"audit discrepancy: {str(said).rstrip('.')} ({where})"
                if verdict_ == "discrepancy" else
                f"audit undecided: the printed rounding cannot tell "
                f"{UNDECIDED.get(kind, 'whether its check holds')} (the data-quality page "
                "lists it among the checks the printed rounding cannot decide)")
        for obs in dict.fromkeys(observation.get(fid) for fid in ids.split(";")):
            if not obs:
                continue
            rank, texts = found.get(obs, (len(order), []))
            if order[verdict_] < rank:
                found[obs] = (order[verdict_], [text])
            elif order[verdict_] == rank and text not in texts:
                texts.append(text)
    return {k: "; ".join(v) for k, (_, v) in found.items()}


def correction_caveats(flags: str) -> list[str]:
    """What a correction changed, in words: the figure (garbled or misprinted), or only the
    period it is dated to, which is then the dataset's inference from the paper's own text.

    >>> correction_caveats("period corrected (printed 'year to 31 August 2024': ...)")[0][:62]
    "period read from the paper's text (printed 'year to 31 August "
    >>> correction_caveats("corrected (printed 15: truncated ...); truncated")
    ['corrected from a garbled or misprinted figure (see corrections)']
    """
    out = []
    if re.search(r"(?<!period )\bcorrected \(", flags):
        out.append("corrected from a garbled or misprinted figure (see corrections)")
    period = re.search(r"period corrected \(printed '([^']*)'", flags)
    if period:
        out.append(f"period read from the paper's text (printed '{period.group(1)}'; an "
                   "inference by the dataset, not printed with the figure: see corrections)")
    return out


def figure_caveats(fig: pd.Series, info: pd.Series) -> list[str]:
    """What a reader must know about a council's figure before comparing it."""
    # a note about ASCOF codes belongs to the glossary and to trends, not to one year's figure
    note = info["comparability"]
    caveats = [tool_note(note)] if note and "framework" not in note else []
    # a caveat the paper itself prints about the figure, in its words (002:787)
    if printed := quoted(fig.get("every_note", ""), "caveat")[1]:
        caveats.append(f"the paper: '{'…' if printed[0].islower() else ''}{printed}'")
    if fig["breakdown"]:
        caveats.append(breakdown_words(fig["breakdown"]))
    caveats += correction_caveats(fig["flags"])
    if "inferred period" in fig["flags"]:
        caveats.append("period from the report's text, not the figure's own line")
    if part_year_figure(fig):
        caveats.append(f"part of a year ({fig['period']})")
    return caveats


def also_printed_words(printed: str, registry: pd.DataFrame) -> list[str]:
    """Where the same figure is printed rounded otherwise, one caveat per value printed.

    >>> registry = pd.DataFrame({"paper_id": ["p"], "council": ["Leicester"],
    ...     "committee": ["Adult Social Care Scrutiny Commission"],
    ...     "meeting_date": [pd.Timestamp("2025-06-26")]})
    >>> also_printed_words("15,500@p:352;15,500@p:360", registry)[0][-60:]
    '26 Jun 2025, lines 352 and 360, which agrees within rounding'
    """
    where: dict[str, dict[str, list[str]]] = {}
    for item in filter(None, printed.split(";")):
        value, location = item.rsplit("@", 1)
        where.setdefault(value, {}).setdefault(location.rsplit(":", 1)[0], []).append(location)
    # one caveat each: the papers joined by 'and', as a caveats cell splits at '; '
    return [f"printed as {value} at "
            + " and ".join(cite_all(";".join(lines), registry) for lines in papers.values())
            + ", which agrees within rounding" for value, papers in where.items()]


# A target stated against a level the paper names ('<773 Position as at 31 st Mar 2024') is
# shown in its words: 'less than 773' alone drops what the 773 is.
RELATIVE_TARGET = re.compile(r"\b(?:position|as\s+at|baseline|level)\b", re.I)


def printed_beside(obs: pd.DataFrame, fig: pd.Series, stated: pd.Series | None) -> dict:
    """The target, stated change, forecast and rank printed for the figure's series and period."""
    out = {}
    for value_type in ("target", "change", "forecast", "rank"):
        other = stated if value_type == "change" else alongside(obs, fig, value_type)
        if other is not None:
            what = other["raw"] if value_type == "rank" else shown(other)
            if value_type == "target" and RELATIVE_TARGET.search(other["raw"]):
                what = f"'{other['raw']}'"  # '<773 Position as at 31 st Mar 2024': its words
            out[value_type] = f"{value_type} {what} ({other['period']})"
    if "forecast" not in out and (later := later_forecast(obs, fig)) is not None:
        out["forecast"] = f"forecast {shown(later)} ({later['period']}, a later year; not rated)"
    return out


def quartile_beside(obs: pd.DataFrame, fig: pd.Series, quartiles: pd.DataFrame | None) -> str:
    """Where the figure stands nationally, as printed for its own period: the council's quartile
    (a measure whose catalogue ``quartile_of`` is this one) and the quartile thresholds printed
    as benchmarks ('nationally: top 25% (2023/24); England top 25% threshold: at least 41%
    (2023/24)', 002:787), else ''."""
    same_period = lambda rows: (rows["period_start"] == fig["period_start"]) & (  # noqa: E731
        rows["period_end"] == fig["period_end"])
    parts = []
    if quartiles is not None:
        own = quartiles[(quartiles["ranks"] == fig["measure_id"])
                        & (quartiles["authority"] == fig["authority"])
                        & (quartiles["breakdown"] == fig["breakdown"]) & same_period(quartiles)]
        parts += [f"nationally: {r['raw']} ({r['period']})" for _, r in own.iterrows()]
    bands = obs[(obs["measure_id"] == fig["measure_id"]) & obs["value_type"].isin(BENCHMARK_TYPES)
                & obs["breakdown"].str.startswith("quartile: ") & same_period(obs)]
    for _, r in bands.iterrows():
        band = r["breakdown"].removeprefix("quartile: ")
        band += "" if "quartile" in band or "threshold" in band else " quartile"
        parts.append(f"{r['authority']} {band}: {r['raw']} ({r['period']})")  # the paper's words
    return "; ".join(parts)


def markers_of(obs: pd.DataFrame, fig: pd.Series) -> str:
    """The paper's notes for this measure and period, on whichever of its lines prints it."""
    same = obs[(obs["paper_id"] == fig["paper_id"]) & (obs["measure_id"] == fig["measure_id"])
               & (obs["authority"] == fig["authority"]) & (obs["breakdown"] == fig["breakdown"])
               & (obs["period"] == fig["period"])]
    return " | ".join(dict.fromkeys([fig["all_notes"], *same["all_notes"]]))


def marker_elsewhere(obs: pd.DataFrame, fig: pd.Series) -> str:
    """Where the figure's paper marks another figure of its series, not this one: 'none for
    this figure; ▼ not as good as last year (the paper's key) is printed for 33.9% (30 Nov
    2024)' (002:954 marks the newer figure
    of its row), so 'none' is not read as the paper printing no marker; where that figure's cell
    is blank, that it is; '' otherwise."""
    papers = {loc.rsplit(":", 1)[0] for loc in fig["locations"].split(";") if loc}
    row = obs[obs["paper_id"].isin(papers) & (obs["measure_id"] == fig["measure_id"])
              & (obs["authority"] == fig["authority"]) & (obs["breakdown"] == fig["breakdown"])
              & (obs["period"] != fig["period"])]
    blank = ""
    for _, other in row.iterrows():
        marker, glyph = paper_marker(other["all_notes"])
        # a forecast is named as one, so the marked figure is not read as an outturn
        what = " ".join(filter(None, ["" if other["value_type"] == "actual"
                                      else other["value_type"], shown(other)]))
        if glyph and marker in ("improved", "similar", "worse"):
            return (f"none for this figure; {marker_words(marker, glyph)} is printed for "
                    f"{what} ({other['period']})")
        if marker == BLANK and not blank:  # 002:943: the row's one marker cell, for 2024/25
            blank = f"none for this figure; {BLANK} for {what} ({other['period']})"
    return blank


def figure_row(obs: pd.DataFrame, info: pd.Series, fig: pd.Series, choice: Choice) -> dict:
    """A council's own figure: its age, rating, direction, what is printed beside it, the
    paper's marker, audit findings, caveats and sources."""
    row = {"figure_id": fig["figure_id"], "value": fig["value"], "precision": fig["precision"],
           "display": shown(fig), "qualifier": fig["qualifier"], "period": fig["period"],
           "period_start": fig["period_start"], "period_end": fig["period_end"],
           "value_type": fig["value_type"], "breakdown": fig["breakdown"],
           "scope": fig["scope"], "age_years": years_between(choice.newest, fig["period_end"]),
           "period_inferred": period_inferred(fig["flags"]),
           "locations": fig["locations"], "sources": cite_all(fig["locations"], choice.registry)}
    caveats = figure_caveats(fig, info)
    row |= rating_against_benchmark(obs, info, fig, choice.benchmarks, choice.window)
    if not row.get("benchmark") and choice.undated is not None:
        undated = choice.undated[(choice.undated["measure_id"] == info.name)
                                 & choice.undated["authority"].isin(choice.benchmarks)
                                 & choice.undated["value_type"].isin(BENCHMARK_TYPES)]
        if not undated.empty:  # 'England 78%' is printed, for no period it says
            b = undated.iloc[0]
            row["rating_note"] = (f"not rated: the {b['authority']} figure, {shown(b)}, is "
                                  "printed without a period")
            if said := paper_comparison(fig.get("every_note", "")):  # the paper's own words
                row["rating_note"] += f"; the paper says '{said}'"
    stated = alongside(obs, fig, "change")
    row["direction"], row["direction_evidence"], more = direction(obs, fig, info, stated)
    caveats += more
    row |= printed_beside(obs, fig, stated)
    row["rank"] = "; ".join(filter(None, [row.get("rank", ""),
                                          quartile_beside(obs, fig, choice.quartiles)]))
    notes = markers_of(obs, fig)
    marker, glyph = paper_marker(notes)
    # words are about the figure they are noted on, whichever line (not only a dashboard's)
    stated, words = stated_direction(f"{notes} | {fig['every_note']}")
    # words, not a printed symbol: evidence of direction, beside any in-year marker a
    # dashboard prints in its own column (004:1425 marks delays ↓ in the year; para 20
    # says they are higher than last year)
    if stated:
        # the paper's words give the direction, never contradicted by the tool's reading of
        # the levels (002:768: 'down from 37 (5%)' is a fall, though 5% to 3% is within the
        # allowance); why none could be computed is then beside the point
        said = f"the paper says '{words}'"
        word = word_direction(stated, info)
        if row["direction"] and row["direction"] != word:
            said += f" (the tool's reading of the levels: {row['direction']}, " \
                    f"{row['direction_evidence']})"
        elif row["direction"]:
            said = f"{row['direction_evidence']}; {said}"
        row["direction"], row["direction_evidence"] = word, said
        caveats = [c for c in caveats if not c.startswith("no direction of travel")]
    row |= {"paper_marker": marker_words(marker, glyph), "paper_rag": rag(notes),
            "marker_disagrees": disagrees(row["direction"], marker),
            "marker_elsewhere": "" if marker else marker_elsewhere(obs, fig)}
    if row["marker_disagrees"]:
        caveats.append(f"the paper's own marker ({marker}) disagrees with the direction here")
    row["audit"] = choice.audit_notes.get(fig["observation_id"], "")
    row["caveats"] = "; ".join(dict.fromkeys(c for c in caveats if c))
    return row


def other_footprint_row(obs: pd.DataFrame, info: pd.Series, council: str,
                        registry: pd.DataFrame) -> dict | None:
    """Where a council prints nothing of its own: a figure for another scope or a wider
    footprint naming its area (a children's board, LLR), labelled as such; else None."""
    other = other_footprints(obs, info.name, council)
    other = other[(other["scope"] != info["scope"]) | (other["footprint"] != "council")]
    if other.empty:
        return None
    o = other.iloc[0]
    return {"block": "other footprint", "figure_id": o["figure_id"], "value": o["value"],
            "precision": o["precision"], "display": shown(o), "period": o["period"],
            "period_end": o["period_end"], "value_type": o["value_type"], "scope": o["scope"],
            "locations": o["locations"], "sources": cite_all(o["locations"], registry),
            "caveats": f"covers {o['authority']} ({o['scope']}), not {council}'s own adult "
                       "social care"}


def undated_row(choice: Choice, info: pd.Series, authority: str, role: str) -> dict | None:
    """A figure the papers print for this measure and authority only without a period, chosen
    by the rules a dated one is (a council's own level in the measure's scope, a benchmark's;
    the whole, not a part), the newest paper's current level: shown as printed, so the reader
    is not told it is missing, but never compared or rated (its period is unknown). None when
    there is none, or when a period is chosen (an undated figure cannot be said to be of it)."""
    if choice.undated is None or choice.window is not None:
        return None
    if role == "council":
        rows = council_rows(choice.undated, info.name, authority, info["scope"], None)
        if rows.empty:  # a forecast is never the current level, but saying 'nothing' is false
            rows = council_rows(choice.undated, info.name, authority, info["scope"], None,
                                value_types=("forecast",))
    else:
        rows = choice.undated[(choice.undated["measure_id"] == info.name)
                              & (choice.undated["authority"] == authority)
                              & choice.undated["value_type"].isin(BENCHMARK_TYPES)]
    rows = rows[rows["breakdown"] == ""]  # a part, shown alone, would read as the whole
    if rows.empty:
        return None
    current = rows.assign(_earlier=rows["period"].map(is_earlier_level))
    o = current.sort_values(["_earlier", "meeting_date", "figure_id"],
                            ascending=[True, False, True]).iloc[0]
    return {"block": UNDATED, "figure_id": o["figure_id"], "value": o["value"],
            "precision": o["precision"], "display": shown(o), "period": o["period"],
            "value_type": o["value_type"], "breakdown": o["breakdown"], "scope": o["scope"],
            "locations": o["locations"], "sources": cite_all(o["locations"], choice.registry),
            "caveats": forecast_words(o) + "printed without a period, so neither compared nor "
                                           "rated"}


def forecast_words(o: pd.Series) -> str:
    """'recorded as a forecast; ', said to be the dataset's reading where the figure's own
    words do not call it one (003:288's 'just over 20,000 contacts received'); else ''."""
    if o["value_type"] != "forecast":
        return ""
    if re.search(r"forecast|project|expect", o["raw"], re.I):
        return "recorded as a forecast; "
    return ("recorded as a forecast (the dataset's reading of the report, not the paper's "
            "word); ")


def newer_rated(obs: pd.DataFrame, info: pd.Series, newer: pd.Series, choice: Choice) -> str:
    """A council's newer figure, left out so that the councils share a period, rated against a
    benchmark printed for its own period where there is one (', better than England 9.9%
    (2023/24)'), by the same rule as every rating; else ''."""
    rated = rating_against_benchmark(obs, info, newer, choice.benchmarks, choice.window)
    if not rated.get("rating") or rated["benchmark_period"] != newer["period"]:
        return ""
    word = "similar to" if rated["rating"] == "similar" else f"{rated['rating']} than"
    return (f", {word} {rated['benchmark']} {rated['benchmark_display']} "
            f"({rated['benchmark_period']})")


def council_row(obs: pd.DataFrame, info: pd.Series, council: str, fig: pd.Series | None,
                candidates: pd.DataFrame | None, newest_for_measure: pd.Timestamp | None,
                choice: Choice, shared_period: bool = False) -> dict:
    """A council's row: its own figure (headline, or history when too old), else another
    footprint's, else not reported. A newer figure left out is named with why: the councils
    share an older period (``shared_period``), or a benchmark is printed for the older one."""
    if fig is None:
        return other_footprint_row(obs, info, council, choice.registry) or undated_row(
            choice, info, council, "council") or {"block": "not reported",
                                                  "display": NOT_REPORTED}
    row = figure_row(obs, info, fig, choice)
    latest = candidates.iloc[0]
    if latest["figure_id"] != fig["figure_id"]:
        row["latest"] = f"{shown(latest)} ({latest['period']})" + newer_rated(
            obs, info, latest, choice)
        row["latest_held_for"] = "shared period" if shared_period else "benchmark period"
        row["latest_locations"] = latest["locations"]  # cited where the newer one is named
    old = max((newest_for_measure - fig["period_end"]).days,
              (choice.reference - fig["period_end"]).days) > HISTORICAL_YEARS * 365.25
    return row | {"block": "historical" if old else "headline"}


def benchmark_row(obs: pd.DataFrame, info: pd.Series, name: str, anchor: pd.Series | None,
                  choice: Choice) -> dict:
    """A benchmark beside the councils' figures: of their period where printed, history when
    more than three years from them."""
    b = benchmark_for(obs, info.name, name, anchor, choice.window)
    if b is None:
        return undated_row(choice, info, name, "benchmark") or {"block": "not reported",
                                                                "display": NOT_REPORTED}
    far = anchor is not None and abs((anchor["period_end"] - b["period_end"]).days) > \
        HISTORICAL_YEARS * 365.25
    return {"block": "historical" if far else "headline", "figure_id": b["figure_id"],
            "value": b["value"], "precision": b["precision"], "display": shown(b),
            "qualifier": b["qualifier"], "period": b["period"],
            "period_start": b["period_start"], "period_end": b["period_end"],
            "value_type": b["value_type"], "breakdown": b["breakdown"], "scope": b["scope"],
            "age_years": years_between(choice.newest, b["period_end"]),
            "locations": b["locations"], "sources": cite_all(b["locations"], choice.registry),
            "caveats": breakdown_words(b["breakdown"])}


def measure_rows(obs: pd.DataFrame, info: pd.Series, choice: Choice) -> list[dict]:
    """One measure's rows: each council on the breakdown and period chosen for all of them,
    with the comparability verdict, then each benchmark."""
    measure = info.name
    base = {"measure_id": measure, "measure": info["label"], "theme": info["theme"],
            "kind": info["kind"], "unit": info["unit"], "unit_label": unit_label(info),
            "polarity": info["polarity"]}
    rows = {c: council_rows(obs, measure, c, info["scope"], choice.window)
            for c in choice.councils}
    breakdown = choose_breakdown(rows)
    # the periods a benchmark is printed for, a national quartile's threshold among them
    # (002:787's '41% and above' places the 2023/24 46% in England's top quarter)
    bench_rows = obs[(obs["measure_id"] == measure) & obs["authority"].isin(choice.benchmarks)]
    bench_spans = set(zip(bench_rows["period_start"], bench_rows["period_end"], strict=True))
    candidates = {c: r[r["breakdown"] == breakdown[c]] for c, r in rows.items()
                  if c in breakdown}
    picked = choose_period(candidates, bench_spans)
    newest = max((f["period_end"] for f in picked.values()), default=None)
    shared = len(picked) > 1 and len({(f["period_start"], f["period_end"])
                                      for f in picked.values()}) == 1
    councils = [base | {"authority": c, "role": "council"}
                | council_row(obs, info, c, picked.get(c), candidates.get(c), newest, choice,
                              shared)
                for c in choice.councils]
    comparability, reason = verdict(councils, info["unit"], choice.councils)
    for r in councils:
        r["comparability"], r["comparability_reason"] = comparability, reason
    anchor = next((picked[c] for c in choice.councils if c in picked), None)
    return councils + [base | {"authority": name, "role": "benchmark"}
                       | benchmark_row(obs, info, name, anchor, choice)
                       for name in choice.benchmarks]


def period_window(period: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The start and end of a period label ('2023/24'), or None for 'latest'."""
    if period == "latest":
        return None
    chosen = parse_period(period)
    if not isinstance(chosen, Period):
        raise ValueError(f"not a period: {period!r}")
    return pd.Timestamp(chosen.start), pd.Timestamp(chosen.end)


def comparison_frame(ind: pd.DataFrame, measures: pd.DataFrame, measure_ids: list[str],
                     councils: list[str], benchmarks: list[str], period: str = "latest",
                     audit: pd.DataFrame | None = None,
                     registry: pd.DataFrame | None = None,
                     questions: dict[str, str] | None = None) -> pd.DataFrame:
    """The tidy comparison frame (``FRAME_COLUMNS``) for the chosen councils, benchmarks and
    period ('latest' or a period label such as '2023/24')."""
    if registry is None:  # the environment's registry, read now
        from ..settings import Settings
        from ..sources.papers import load_registry
        registry = load_registry(Settings.from_env().papers_csv)
    every = comparable_observations(ind, dated=False)
    ranks = measures.set_index("measure_id")["quartile_of"]
    ranks = ranks[ranks.isin(measure_ids)]
    quartiles = every[every["measure_id"].isin(ranks.index)]
    quartiles = quartiles.assign(ranks=quartiles["measure_id"].map(ranks))
    every = every[every["measure_id"].isin(measure_ids)]
    printed_otherwise = every.set_index("figure_id")["also_printed"]
    choice = Choice(list(councils), list(benchmarks), period_window(period),
                    pd.Timestamp(registry["meeting_date"].max()),
                    audit_by_observation(audit, ind, questions), registry,
                    every[every["period_kind"] == "undated"], quartiles)
    every = every[every["period_kind"] != "undated"]
    every = every[every["measure_id"].isin(measure_ids)]
    # a few hundred rows, filtered and sorted hundreds of times: plain Python strings take and
    # compare far faster than Arrow ones at this size (the values are the same)
    every = every.astype({c: object for c in every.columns
                          if pd.api.types.is_string_dtype(every[c].dtype)})
    every = every.assign(disputed=every["observation_id"].map(
        lambda o: choice.audit_notes.get(o, "").startswith("audit discrepancy")))
    # every lookup is within one measure: each reads only that measure's few rows
    by_measure = dict(tuple(every.groupby("measure_id", sort=False)))
    catalogue = measures.set_index("measure_id")
    rows = [row for m in measure_ids
            for row in measure_rows(by_measure.get(m, every.iloc[0:0]), catalogue.loc[m], choice)]
    frame = pd.DataFrame(rows).reindex(columns=FRAME_COLUMNS)
    frame["marker_disagrees"] = frame["marker_disagrees"].fillna(False).astype(bool)
    text = [c for c in FRAME_COLUMNS if c not in NUMERIC]
    frame[text] = frame[text].astype(object).fillna("")
    # every row's citations lead to its lines: say where a line prints the figure otherwise
    frame["caveats"] = ["; ".join(filter(None, [caveats, *also_printed_words(
        printed_otherwise.get(figure, "") if figure else "", registry)]))
        for caveats, figure in zip(frame["caveats"], frame["figure_id"], strict=True)]
    return frame
