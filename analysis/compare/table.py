"""Comparison tables, ratings against benchmarks, direction of travel, trends and coverage.

Rating rule (documented, tested): counts and sums are never rated (they follow the size of the
area). For rates, a council's figure is *similar* to a benchmark when the gap is
within the two figures' printed precision plus a margin of 1 percentage point for percentages
(2.5% of the benchmark for other units); outside that it is *better* or *worse* according to
the measure's polarity (*higher* / *lower* for neutral measures). Direction of travel uses the
same rule against the same authority's previous period: *improved*, *similar* or *worse*.
"""

from __future__ import annotations

import pandas as pd

from ..dataset.units import fmt
from ..read.periods import Period, parse_period

NOT_REPORTED = "not reported in the papers"
FRAMEWORK_CHANGE = 2020  # papers before this year use the 2016/17 ASCOF framework
MAX_PERIOD_GAP = pd.Timedelta(days=400)  # rate against a benchmark only within about a year
COUNCIL_TYPES = ("actual",)
BENCHMARK_TYPES = ("benchmark", "actual")
PERCENT_UNITS = ("percent", "percentage_points")
SIZE_UNITS = ("count", "gbp", "hours")  # totals: only rates compare across areas


def margin(unit: str, benchmark: float) -> float:
    return 1.0 if unit in PERCENT_UNITS else 0.025 * abs(benchmark)


def judge_gap(value: float, other: float, precision: float, unit: str, polarity: str,
              words: tuple[str, str, str]) -> str:
    """One of ``words`` (better, similar, worse): polarity-aware, precision-respecting."""
    tolerance = precision + margin(unit, other)
    gap = value - other
    if abs(gap) <= tolerance:
        return words[1]
    higher = gap > 0
    if polarity == "neutral":
        return "higher" if higher else "lower"
    good = higher if polarity == "higher_better" else not higher
    return words[0] if good else words[2]


def _candidates(ind: pd.DataFrame, measure: str, authority: str, breakdown: str,
                types: tuple[str, ...]) -> pd.DataFrame:
    rows = ind[(ind["measure_id"] == measure) & (ind["authority"] == authority)
               & (ind["breakdown"] == breakdown) & ind["value_type"].isin(types)
               & (ind["period_kind"] != "undated")  # an undated figure is never compared
               & (ind["figure_id"] == ind["observation_id"])]  # one row per observation
    return best_first(rows)


def best_first(rows: pd.DataFrame) -> pd.DataFrame:
    """Latest period first; within a period the most exact printing: a table cell before prose,
    finer precision, a printed period before an inferred one, the newest paper."""
    order = rows.assign(
        _prose=rows["figure_id"].str.contains(r"\.p\d", regex=True),
        _inferred=rows["flags"].str.contains("inferred period"),
        _corrected=rows["flags"].str.contains("corrected"))
    order = order.sort_values(
        ["period_end", "_prose", "precision", "_inferred", "_corrected", "meeting_date",
         "source_line", "figure_id"],
        ascending=[False, True, True, True, True, False, True, True], kind="mergesort")
    return order.drop(columns=["_prose", "_inferred", "_corrected"])


def pick(ind: pd.DataFrame, measure: str, authority: str, period: str = "latest",
         breakdown: str = "", types: tuple[str, ...] = COUNCIL_TYPES) -> pd.Series | None:
    """The figure for one cell: the latest period, or the latest within ``period`` (so
    '2016/17' finds a year-to-date April-December 2016 figure); the most exact printing."""
    rows = _candidates(ind, measure, authority, breakdown, types)
    if period != "latest":
        chosen = parse_period(period)
        if not isinstance(chosen, Period):
            raise ValueError(f"not a period: {period!r}")
        rows = rows[(rows["period_start"] >= pd.Timestamp(chosen.start))
                    & (rows["period_end"] <= pd.Timestamp(chosen.end))]
    return None if rows.empty else rows.iloc[0]


def previous(ind: pd.DataFrame, row: pd.Series) -> pd.Series | None:
    """The same series' figure for the latest period that ended before ``row``'s began,
    published under the same framework (a renumbered or redefined measure is not a trend)."""
    rows = _candidates(ind, row["measure_id"], row["authority"], row["breakdown"],
                       (row["value_type"],))
    rows = rows[(rows["period_end"] < row["period_start"])
                & ((rows["meeting_date"].dt.year < FRAMEWORK_CHANGE)
                   == (row["meeting_date"].year < FRAMEWORK_CHANGE))]
    return None if rows.empty else rows.iloc[0]


def _same_length(a: pd.Series, b: pd.Series) -> bool:
    days = [(r["period_end"] - r["period_start"]).days for r in (a, b)]
    return abs(days[0] - days[1]) <= 0.1 * max(days)


def comparison(ind: pd.DataFrame, measures: pd.DataFrame, measure_ids: list[str],
               authorities: list[str], benchmarks: list[str], period: str = "latest",
               audit: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per measure and authority or benchmark: the value, its period and source, the
    rating against the first benchmark that reports the measure, direction of travel and
    caveats. A council that publishes nothing gets a row saying so."""
    catalogue = measures.set_index("measure_id")
    flagged = _audit_flags(audit)
    out = []
    for measure in measure_ids:
        info = catalogue.loc[measure]
        bench_rows = {b: pick(ind, measure, b, period, types=BENCHMARK_TYPES) for b in benchmarks}
        reference = next(((b, r) for b, r in bench_rows.items() if r is not None), None)
        for who in authorities + benchmarks:
            is_council = who in authorities
            row = pick(ind, measure, who, period) if is_council else bench_rows[who]
            record = {"measure_id": measure, "measure": info["label"], "theme": info["theme"],
                      "unit": info["unit"], "polarity": info["polarity"], "authority": who,
                      "role": "council" if is_council else "benchmark"}
            if row is None:
                out.append(record | {"display": NOT_REPORTED})
                continue
            caveats = _caveats(row, info, flagged)
            record |= {"period": row["period"], "value": row["value"], "unit": row["unit"],
                       "value_type": row["value_type"], "figure_id": row["figure_id"],
                       "source": f"{row['source_file']}:{row['source_line']}",
                       "display": f"{fmt(row['value'], row['unit'], row['precision'])} "
                                  f"({row['period']})"}
            if is_council and reference is not None:
                b_name, b_row = reference
                if row["unit"] in SIZE_UNITS:
                    caveats.append(f"not rated: a {row['unit'] if row['unit'] != 'gbp' else 'sum'}"
                                   " depends on the size of the area")
                elif abs(b_row["period_end"] - row["period_end"]) > MAX_PERIOD_GAP:
                    caveats.append(f"not rated: the {b_name} benchmark is for "
                                   f"{b_row['period']}, the figure for {row['period']}")
                else:
                    record["rating"] = judge_gap(
                        row["value"], b_row["value"], row["precision"] + b_row["precision"],
                        row["unit"], info["polarity"], ("better", "similar", "worse"))
                    record["rated_against"] = f"{b_name} {b_row['period']}"
                    if b_row["period"] != row["period"]:
                        caveats.append(f"benchmark is for {b_row['period']}, figure for "
                                       f"{row['period']}")
            if is_council:
                before = previous(ind, row)
                if before is not None and row["unit"] in SIZE_UNITS and not _same_length(
                        before, row):
                    caveats.append(f"no direction of travel: the previous figure "
                                   f"({before['period']}) covers a different length of time")
                    before = None
                if before is not None:
                    record["direction"] = judge_gap(
                        row["value"], before["value"], row["precision"] + before["precision"],
                        row["unit"], info["polarity"], ("improved", "similar", "worse"))
                    shown = fmt(before["value"], before["unit"], before["precision"])
                    record["previous"] = f"{shown} ({before['period']})"
                    if before["period_kind"] != row["period_kind"]:
                        caveats.append(f"previous period ({before['period']}) is of a "
                                       "different length")
            record["caveats"] = "; ".join(dict.fromkeys(caveats))
            out.append(record)
    columns = ["measure_id", "measure", "theme", "authority", "role", "display", "period",
               "value", "unit", "value_type", "rating", "rated_against", "direction",
               "previous", "caveats", "figure_id", "source", "polarity"]
    return pd.DataFrame(out).reindex(columns=columns)


def wide(table: pd.DataFrame) -> pd.DataFrame:
    """Measures down, authorities across; each cell the value with its period, or a note."""
    order = list(dict.fromkeys(table["authority"]))
    grid = table.pivot_table(index="measure", columns="authority", values="display",
                             aggfunc="first", sort=False)
    return grid.reindex(columns=order).fillna(NOT_REPORTED)


def _audit_flags(audit: pd.DataFrame | None) -> dict[str, str]:
    if audit is None or audit.empty:
        return {}
    bad = audit[audit["verdict"] == "discrepancy"]
    flags: dict[str, str] = {}
    for ids, kind in zip(bad["figure_ids"], bad["kind"], strict=True):
        for fid in ids.split(";"):
            flags.setdefault(fid, kind)
    return flags


def _caveats(row: pd.Series, info: pd.Series, flagged: dict[str, str]) -> list[str]:
    caveats = []
    if info["comparability"]:
        caveats.append(info["comparability"])
    if row["authority"] == "LLR":
        caveats.append("LLR-wide figure, not one council's")
    if "corrected" in row["flags"]:
        caveats.append("corrected from a garbled print (see corrections.csv)")
    if "inferred period" in row["flags"]:
        caveats.append("period inferred from context")
    if row["figure_id"] in flagged:
        kind = flagged[row["figure_id"]]
        caveats.append(f"audit found a discrepancy involving this figure ({kind})")
    return caveats


def framework_of(row: pd.Series, measures: pd.DataFrame) -> str:
    """Which ASCOF framework (and code) a figure was published under, for trend breaks."""
    info = measures.set_index("measure_id").loc[row["measure_id"]]
    if row["meeting_date"].year < 2020:
        return f"2016/17 framework {info['ascof_2016']}".strip() if info["ascof_2016"] else \
            "earlier definition"
    return f"2023/24 framework {info['ascof_2023']}".strip() if info["ascof_2023"] else \
        "current definition"


def trend(ind: pd.DataFrame, measures: pd.DataFrame, measure: str,
          authorities: list[str]) -> pd.DataFrame:
    """Actual figures over time for each authority, one per period (newest paper wins), with
    the framework each was published under; a change of framework is a break in the series."""
    rows = ind[(ind["measure_id"] == measure) & ind["authority"].isin(authorities)
               & (ind["breakdown"] == "") & ind["value_type"].isin(BENCHMARK_TYPES)]
    rows = best_first(rows).drop_duplicates(["authority", "period"])
    if rows.empty:
        return pd.DataFrame(columns=["authority", "period", "period_end", "value", "unit",
                                     "framework", "source"])
    out = rows.assign(framework=[framework_of(r, measures) for _, r in rows.iterrows()],
                      source=rows["source_file"] + ":" + rows["source_line"].astype(str))
    return out[["authority", "period", "period_end", "value", "unit", "framework", "source"]] \
        .sort_values(["authority", "period_end"]).reset_index(drop=True)


def coverage(ind: pd.DataFrame, authorities: list[str]) -> pd.DataFrame:
    """Measures each authority reports, by theme: a count of distinct measures and periods."""
    rows = ind[ind["authority"].isin(authorities) & (ind["value_type"] != "change")]
    grid = rows.groupby(["theme", "authority"])["measure_id"].nunique().unstack(fill_value=0)
    grid = grid.reindex(columns=authorities, fill_value=0)
    themes = ["workforce", "reablement", "budget", "safeguarding", "other"]
    return grid.reindex(themes, fill_value=0).rename_axis(index="theme", columns=None)


def coverage_periods(ind: pd.DataFrame, measure_ids: list[str],
                     authorities: list[str]) -> pd.DataFrame:
    """For each measure and authority, the periods the papers report (or a note)."""
    rows = ind[ind["measure_id"].isin(measure_ids) & ind["authority"].isin(authorities)
               & (ind["breakdown"] == "") & (ind["value_type"] != "change")]
    rows = rows.sort_values("period_end")
    grid = rows.groupby(["measure_label", "authority"], sort=False)["period"].agg(
        lambda s: ", ".join(dict.fromkeys(s))).unstack()
    labels = ind.drop_duplicates("measure_id").set_index("measure_id")["measure_label"]
    order = [labels[m] for m in measure_ids if m in labels.index]
    return grid.reindex(index=order, columns=authorities).astype(object).fillna(NOT_REPORTED) \
        .rename_axis(index="measure", columns=None)
