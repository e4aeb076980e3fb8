"""The comparison frame: one row per measure and council or benchmark, everything a page shows.

``comparison_frame`` answers, per measure: which figure each council is compared on (see
:mod:`.select`), how comparable the councils' figures are and why (``comparability``: like for
like, comparable with caveats, not comparable), how old each figure is, how it rates against a
benchmark of its own period (:mod:`.ratings`), its direction of travel within one series and
the evidence for it, the paper's own marker, the target, stated change, forecast and rank
printed beside it, caveats and sources. Every appendix table, chart, key message and export is
built from it.
"""

from __future__ import annotations

import pandas as pd

from ..dataset.units import fmt
from ..sources.citations import cite_all
from .markers import disagrees, paper_marker, rag
from .ratings import ratable, rate
from .select import (
    HISTORICAL_YEARS,
    RATABLE_GAP_DAYS,
    alongside,
    benchmark_for,
    choose_breakdown,
    choose_period,
    comparable_observations,
    council_rows,
    framework,
    other_footprints,
    years_between,
)

NOT_REPORTED = "not reported in the papers"
LIKE, CAVEATS, NOT_COMPARABLE = "like for like", "comparable with caveats", "not comparable"
UNIT_WORDS = {"percent": "%", "count": "number", "gbp": "£", "per_100k": "per 100,000 population",
              "years": "years", "days": "days", "hours": "hours", "minutes": "minutes",
              "gbp_per_hour": "£ an hour", "ratio": "score", "rank": "rank",
              "quartile": "national quartile", "percent_change": "% change",
              "percentage_points": "percentage points"}
QUALIFIER_WORDS = {"approximately": "around", "estimated": "an estimated", "over": "over",
                   "more than": "more than", "under": "under", "less than": "less than",
                   "nearly": "nearly", "up to": "up to", "at least": "at least",
                   "at most": "at most", "between": "between"}
FRAME_COLUMNS = [
    "measure_id", "measure", "theme", "kind", "unit", "unit_label", "polarity", "authority",
    "role", "block", "figure_id", "value", "precision", "display", "qualifier", "period",
    "period_start", "period_end", "value_type", "breakdown", "scope", "age_years",
    "comparability", "comparability_reason", "benchmark", "benchmark_value", "benchmark_display",
    "benchmark_period", "benchmark_gap_years", "rating", "rating_note", "direction",
    "direction_evidence", "paper_marker", "paper_rag", "marker_disagrees", "latest", "target",
    "change",
    "forecast", "rank", "caveats", "audit", "locations", "sources",
]


def unit_label(info: pd.Series) -> str:
    return info["unit_label"] or UNIT_WORDS.get(info["unit"], info["unit"])


def shown(row: pd.Series | dict) -> str:
    """A figure as a reader writes it, with its qualifier: 'over 10,500', 'around 15,450'."""
    if row["qualifier"] == "between" and pd.notna(row.get("lower")):
        return (f"{fmt(row['lower'], row['unit'], row['precision'])} to "
                f"{fmt(row['upper'], row['unit'], row['precision'])}")
    words = QUALIFIER_WORDS.get(row["qualifier"], "")
    return f"{words} {fmt(row['value'], row['unit'], row['precision'])}".strip()


def breakdown_words(breakdown: str) -> str:
    """'sector: independent' as 'independent sector only'."""
    if not breakdown:
        return ""
    dimension, _, value = breakdown.partition(": ")
    return f"{value} {dimension} only" if dimension in ("sector", "service") else \
        f"{dimension} {value} only"


def _audit_by_observation(audit: pd.DataFrame | None, ind: pd.DataFrame) -> dict[str, str]:
    """Per observation, the most serious audit finding that touches it, in words."""
    if audit is None or audit.empty:
        return {}
    observation = dict(zip(ind["figure_id"], ind["observation_id"], strict=True))
    order = {"discrepancy": 0, "inconclusive": 1}
    found: dict[str, tuple[int, str]] = {}
    for ids, verdict, finding, kind in zip(audit["figure_ids"], audit["verdict"],
                                           audit["finding"], audit["kind"], strict=True):
        if verdict not in order:
            continue
        for fid in ids.split(";"):
            obs = observation.get(fid)
            text = f"audit {verdict}: {kind} (finding {finding})"
            if obs and (obs not in found or order[verdict] < found[obs][0]):
                found[obs] = (order[verdict], text)
    return {k: v for k, (_, v) in found.items()}


def _direction(obs: pd.DataFrame, fig: pd.Series, info: pd.Series,
               stated: pd.Series | None) -> tuple[str, str, list[str]]:
    """Direction of travel, its evidence and any caveat: within one series only; the paper's
    own stated change, where it prints one, is the evidence and is never contradicted."""
    words = ("improved", "similar", "worse")
    caveats: list[str] = []
    stated_word = ""
    if stated is not None and stated["value"] != 0:
        up = stated["value"] > 0
        # a change between revised estimates (Skills for Care) is reported, never judged
        stated_word = ("higher" if up else "lower") if info["polarity"] == "neutral" or \
            info["series_note"] else words[0 if up == (info["polarity"] == "higher_better")
                                           else 2]
    computed, evidence = "", ""
    if info["series_note"]:
        caveats.append("no direction computed: " + info["series_note"].split(":")[0].split(
            ", so")[0])
    else:
        before = obs[(obs["measure_id"] == fig["measure_id"]) & (obs["authority"] ==
                     fig["authority"]) & (obs["breakdown"] == fig["breakdown"])
                     & (obs["scope"] == fig["scope"]) & (obs["value_type"] == fig["value_type"])
                     & (obs["period_end"] < fig["period_start"])]
        before = before[[framework(r) == framework(fig) for _, r in before.iterrows()]]
        if not before.empty:
            prev = before.sort_values(["period_end", "figure_id"], ascending=[False, True]).iloc[0]
            length = [(r["period_end"] - r["period_start"]).days for r in (prev, fig)]
            if abs(length[0] - length[1]) > 0.1 * max(length):
                caveats.append(f"no direction of travel: the previous figure ({prev['period']}) "
                               f"covers a different length of time from {fig['period']}")
            else:
                computed = rate(fig["value"], prev["value"], fig["precision"],
                                prev["precision"], fig["unit"], info["polarity"], words)
                if info["polarity"] == "neutral" and computed not in ("similar",):
                    computed = "higher" if fig["value"] > prev["value"] else "lower"
                evidence = f"from {shown(prev)} ({prev['period']}) to {shown(fig)} " \
                           f"({fig['period']})"
    if stated_word:
        if computed and computed != stated_word and computed != "similar":
            caveats.append(f"the paper's stated change is used, not the printed levels "
                           f"({evidence})")
        revised = " against its revised estimate of the year before" if info["series_note"] \
            else ""
        return stated_word, f"the paper: '{stated['raw']}' ({stated['period']}){revised}", \
            caveats
    return computed, evidence, caveats


def _benchmark(obs: pd.DataFrame, measure: str, benchmarks: list[str], fig: pd.Series,
               window) -> pd.Series | None:
    """The benchmark to rate against: the first (in the order asked) printed for the figure's
    own period, else the first printed within about a year, else the nearest."""
    found = [(b, benchmark_for(obs, measure, b, fig, window)) for b in benchmarks]
    found = [(b, r) for b, r in found if r is not None]
    if not found:
        return None
    for test in (lambda r: r["period_start"] == fig["period_start"]
                 and r["period_end"] == fig["period_end"],
                 lambda r: abs((r["period_end"] - fig["period_end"]).days) <= RATABLE_GAP_DAYS):
        for _, r in found:
            if test(r):
                return r
    return min(found, key=lambda br: abs((br[1]["period_end"] - fig["period_end"]).days))[1]


def _council_record(obs, ind_obs, info, fig, benchmarks, window, newest, audit_notes,
                    registry) -> dict:
    record = {"figure_id": fig["figure_id"], "value": fig["value"], "precision": fig["precision"],
              "display": shown(fig), "qualifier": fig["qualifier"], "period": fig["period"],
              "period_start": fig["period_start"], "period_end": fig["period_end"],
              "value_type": fig["value_type"], "breakdown": fig["breakdown"],
              "scope": fig["scope"], "age_years": years_between(newest, fig["period_end"]),
              "locations": fig["locations"], "sources": cite_all(fig["locations"], registry)}
    # a note about ASCOF codes belongs to the glossary and to trends, not to one year's figure
    note = info["comparability"]
    caveats = [note] if note and "framework" not in note else []
    if fig["breakdown"]:
        caveats.append(breakdown_words(fig["breakdown"]))
    if "corrected" in fig["flags"]:
        caveats.append("corrected from a garbled or misprinted figure (see corrections)")
    if "inferred period" in fig["flags"]:
        caveats.append("period from the report's text, not the figure's own line")
    if fig["period_kind"] == "range" and (fig["period_end"] - fig["period_start"]).days < 330:
        caveats.append(f"part of a year ({fig['period']})")
    bench = _benchmark(obs, info.name, benchmarks, fig, window)
    if bench is not None:
        gap = years_between(bench["period_end"], fig["period_end"])
        record |= {"benchmark": bench["authority"], "benchmark_value": bench["value"],
                   "benchmark_display": shown(bench),
                   "benchmark_period": bench["period"], "benchmark_gap_years": gap}
        aligned = abs((bench["period_end"] - fig["period_end"]).days) <= RATABLE_GAP_DAYS
        if not ratable(fig["unit"]):
            record["rating_note"] = "not rated: a total follows the size of the area"
        elif not aligned:
            record["rating_note"] = (f"not rated: the {bench['authority']} figure is for "
                                     f"{bench['period']}, {gap:g} years from this one")
        else:
            record["rating"] = rate(fig["value"], bench["value"], fig["precision"],
                                    bench["precision"], fig["unit"], info["polarity"])
            if bench["period"] != fig["period"]:
                record["rating_note"] = f"benchmark is for {bench['period']}"
            if bench["breakdown"] != fig["breakdown"]:
                record["rating_note"] = "; ".join(x for x in (
                    record.get("rating_note", ""), f"benchmark covers "
                    f"{breakdown_words(bench['breakdown']) or 'all sectors'}") if x)
    elif window is not None and any(benchmark_for(obs, info.name, b, fig, None) is not None
                                    for b in benchmarks):
        record["rating_note"] = "not rated: no benchmark is printed for the period chosen"
    else:
        record["rating_note"] = "no benchmark printed for this measure"
    stated = alongside(ind_obs, fig, "change")
    record["direction"], record["direction_evidence"], more = _direction(obs, fig, info, stated)
    caveats += more
    for value_type in ("target", "change", "forecast", "rank"):
        other = stated if value_type == "change" else alongside(ind_obs, fig, value_type)
        if other is not None:
            what = other["raw"] if value_type == "rank" else shown(other)
            record[value_type] = f"{value_type} {what} ({other['period']})"
    # the paper's marker for this measure and period, on whichever of its lines prints it
    same = obs[(obs["paper_id"] == fig["paper_id"]) & (obs["measure_id"] == fig["measure_id"])
               & (obs["authority"] == fig["authority"]) & (obs["breakdown"] == fig["breakdown"])
               & (obs["period"] == fig["period"])]
    notes = " | ".join(dict.fromkeys([fig["all_notes"], *same["all_notes"]]))
    marker, glyph = paper_marker(notes)
    record |= {"paper_marker": f"{marker} {glyph}".strip(), "paper_rag": rag(notes),
               "marker_disagrees": disagrees(record["direction"], marker)}
    if record["marker_disagrees"]:
        caveats.append(f"the paper's own marker ({marker}) disagrees with the direction here")
    record["audit"] = audit_notes.get(fig["observation_id"], "")
    record["caveats"] = "; ".join(dict.fromkeys(c for c in caveats if c))
    return record


def _verdict(records: list[dict], info: pd.Series, councils: list[str]) -> tuple[str, str]:
    """How comparable the councils' figures for one measure are, and why."""
    have = [r for r in records if r.get("figure_id") and r["block"] in ("headline",
                                                                         "historical")]
    missing = [r["authority"] for r in records if r not in have]
    if len(councils) == 1:
        r = have[0] if have else None
        if r is None:
            return NOT_COMPARABLE, f"{councils[0]}'s papers print no figure for this measure"
        if not ratable(info["unit"]):
            return NOT_COMPARABLE, "a total follows the size of the area"
        if not r.get("benchmark"):
            return NOT_COMPARABLE, "no benchmark printed"
        if r.get("benchmark_period") == r["period"] and r.get("rating"):
            return LIKE, f"benchmark printed for the same period ({r['period']})"
        return CAVEATS, r.get("rating_note") or "benchmark for another period"
    if missing:
        return NOT_COMPARABLE, f"{' and '.join(missing)}'s papers print no figure for this " \
                               "measure"
    if not ratable(info["unit"]):
        return NOT_COMPARABLE, ("a total follows the size of each council's area; the papers "
                                "print no population to put it per head")
    ends = [r["period_end"] for r in have]
    gap = years_between(max(ends), min(ends))
    if gap > HISTORICAL_YEARS:
        old = min(have, key=lambda r: r["period_end"])
        return NOT_COMPARABLE, (f"{old['authority']}'s newest figure is for {old['period']}, "
                                f"{gap:g} years before the other council's")
    reasons = []
    if len({(r["period_start"], r["period_end"]) for r in have}) > 1:
        reasons.append("different periods (" + ", ".join(f"{r['authority']} {r['period']}"
                                                         for r in have) + f"; {gap:g} years apart)")
    if len({r["breakdown"] for r in have}) > 1 or any(r["breakdown"] for r in have):
        dims = " or ".join(sorted({r["breakdown"].partition(": ")[0] for r in have
                                   if r["breakdown"]}))
        reasons.append("; ".join(f"{r['authority']}: "
                                 + (breakdown_words(r["breakdown"]) if r["breakdown"] else
                                    f"{dims} not stated in the paper") for r in have))
    if any("part of a year" in r["caveats"] for r in have) and \
            len({(r["period_start"], r["period_end"]) for r in have}) > 1:
        reasons.append("a part-year figure beside a full year")
    if reasons:
        return CAVEATS, "; ".join(reasons)
    return LIKE, f"same measure, breakdown and period ({have[0]['period']})"


def comparison_frame(ind: pd.DataFrame, measures: pd.DataFrame, measure_ids: list[str],
                     councils: list[str], benchmarks: list[str], period: str = "latest",
                     audit: pd.DataFrame | None = None,
                     registry: pd.DataFrame | None = None) -> pd.DataFrame:
    """The tidy comparison frame (``FRAME_COLUMNS``) for the chosen councils, benchmarks and
    period ('latest' or a period label such as '2023/24')."""
    from ..parse.periods import Period, parse_period
    from ..sources.papers import load_registry

    registry = load_registry() if registry is None else registry
    newest = pd.Timestamp(registry["meeting_date"].max())
    window = None
    if period != "latest":
        chosen = parse_period(period)
        if not isinstance(chosen, Period):
            raise ValueError(f"not a period: {period!r}")
        window = (pd.Timestamp(chosen.start), pd.Timestamp(chosen.end))
    # a figure older than three years before the newest paper (or the end of the period
    # chosen) is history, even when it is the newest the papers print for its measure
    reference = window[1] if window else newest
    audit_notes = _audit_by_observation(audit, ind)
    every = comparable_observations(ind)
    every = every[every["measure_id"].isin(measure_ids)]
    # a few hundred rows, filtered and sorted hundreds of times: plain Python strings take and
    # compare far faster than Arrow ones at this size (the values are the same)
    every = every.astype({c: object for c in every.columns
                          if pd.api.types.is_string_dtype(every[c].dtype)})
    every = every.assign(disputed=every["observation_id"].map(
        lambda o: audit_notes.get(o, "").startswith("audit discrepancy")))
    # every lookup below is within one measure: each reads only that measure's few rows
    by_measure = dict(tuple(every.groupby("measure_id", sort=False)))
    catalogue = measures.set_index("measure_id")
    out = []
    for measure in measure_ids:
        obs = by_measure.get(measure, every.iloc[0:0])
        info = catalogue.loc[measure]
        base = {"measure_id": measure, "measure": info["label"], "theme": info["theme"],
                "kind": info["kind"], "unit": info["unit"], "unit_label": unit_label(info),
                "polarity": info["polarity"]}
        rows = {c: council_rows(obs, measure, c, info["scope"], window) for c in councils}
        breakdown = choose_breakdown(rows)
        bench_rows = obs[(obs["measure_id"] == measure) & obs["authority"].isin(benchmarks)]
        bench_spans = set(zip(bench_rows["period_start"], bench_rows["period_end"],
                              strict=True))
        candidates = {c: r[r["breakdown"] == breakdown[c]] for c, r in rows.items()
                      if c in breakdown}
        picked = choose_period(candidates, bench_spans)
        newest_for_measure = max((f["period_end"] for f in picked.values()), default=None)
        records = []
        for council in councils:
            fig = picked.get(council)
            record = base | {"authority": council, "role": "council"}
            if fig is None:
                other = other_footprints(obs, measure, council)
                other = other[(other["scope"] != info["scope"])
                              | (other["footprint"] != "council")]
                if other.empty:
                    records.append(record | {"block": "not reported", "display": NOT_REPORTED})
                else:
                    o = other.iloc[0]
                    records.append(record | {
                        "block": "other footprint", "figure_id": o["figure_id"],
                        "value": o["value"], "precision": o["precision"], "display": shown(o),
                        "period": o["period"], "period_end": o["period_end"],
                        "value_type": o["value_type"], "scope": o["scope"],
                        "locations": o["locations"],
                        "sources": cite_all(o["locations"], registry),
                        "caveats": f"covers {o['authority']} ({o['scope']}), not "
                                   f"{council}'s own adult social care"})
                continue
            record |= _council_record(obs, obs, info, fig, benchmarks, window, newest,
                                      audit_notes, registry)
            latest = candidates[council].iloc[0]
            if latest["figure_id"] != fig["figure_id"]:
                record["latest"] = f"{shown(latest)} ({latest['period']})"
            old = max((newest_for_measure - fig["period_end"]).days,
                      (reference - fig["period_end"]).days) > HISTORICAL_YEARS * 365.25
            record["block"] = "historical" if old else "headline"
            records.append(record)
        verdict, reason = _verdict(records, info, councils)
        for r in records:
            r["comparability"], r["comparability_reason"] = verdict, reason
        out += records
        anchor = next((picked[c] for c in councils if c in picked), None)
        for name in benchmarks:
            b = benchmark_for(obs, measure, name, anchor, window)
            record = base | {"authority": name, "role": "benchmark"}
            if b is None:
                out.append(record | {"block": "not reported", "display": NOT_REPORTED})
                continue
            far = anchor is not None and abs((anchor["period_end"] - b["period_end"]).days) > \
                HISTORICAL_YEARS * 365.25
            out.append(record | {
                "block": "historical" if far else "headline", "figure_id": b["figure_id"],
                "value": b["value"],
                "precision": b["precision"], "display": shown(b), "qualifier": b["qualifier"],
                "period": b["period"], "period_start": b["period_start"],
                "period_end": b["period_end"], "value_type": b["value_type"],
                "breakdown": b["breakdown"], "scope": b["scope"],
                "age_years": years_between(newest, b["period_end"]),
                "locations": b["locations"], "sources": cite_all(b["locations"], registry),
                "caveats": breakdown_words(b["breakdown"])})
    frame = pd.DataFrame(out).reindex(columns=FRAME_COLUMNS)
    for col in ("marker_disagrees",):
        frame[col] = frame[col].fillna(False).astype(bool)
    text = [c for c in FRAME_COLUMNS if c not in ("value", "precision", "age_years",
                                                  "benchmark_value",
                                                  "benchmark_gap_years", "period_start",
                                                  "period_end", "marker_disagrees")]
    frame[text] = frame[text].astype(object).fillna("")
    return frame
