"""Choosing the figures to set side by side: the best comparable figure per measure and council.

Only observations are compared (one per figure however often it was printed), never an undated
figure, and only a council's own adult social care figure as its value (a children's board or
an LLR-wide figure is shown, labelled, only where it is all the papers print). Per measure:

- **breakdown**: the whole first; where a council prints only a breakdown (a sector, an age
  band), the same breakdown for every council if they share one, else its own with a caveat;
- **period**: the newest period every council reports, unless that is more than three years
  older than the newest figure; else each council's newest;
- **benchmark**: the one printed for the council's own period (the 2017 pack's East Midlands
  turnover for the county's year), else the nearest in time.
"""

from __future__ import annotations

import pandas as pd

from .words import shown

HISTORICAL_YEARS = 3
RATABLE_GAP_DAYS = 400  # figures more than about a year apart are never rated against each other
COUNCIL_TYPES = ("actual",)
BENCHMARK_TYPES = ("benchmark", "actual")
MARKED_TYPES = ("actual", "forecast")  # what a dashboard row's progress marker can be about
FRAMEWORK_CHANGE = 2020  # papers before this year use the 2016/17 ASCOF framework


def comparable_observations(ind: pd.DataFrame, dated: bool = True) -> pd.DataFrame:
    """The observations a comparison may use: one row per observation (its representative
    occurrence, with every occurrence's locations in ``locations``), only the dated ones
    unless ``dated`` is False."""
    order = ind.sort_values(["meeting_date", "paper_id", "source_line", "figure_id"],
                            kind="mergesort")
    where = order["paper_id"] + ":" + order["source_line"].astype(str)
    locations = where.groupby(order["observation_id"], sort=False).agg(";".join)
    # a dashboard row's arrow or RAG is the paper's judgement of that row's newest figure
    notes = order[newest_on_its_line(order)].groupby(
        "observation_id", sort=False)["note"].agg(" | ".join)
    # a paper's own comparison with a benchmark is about the figure, on whichever line
    every_note = order.groupby("observation_id", sort=False)["note"].agg(" | ".join)
    reps = ind[(ind["figure_id"] == ind["observation_id"])
               & ((ind["period_kind"] != "undated") | (not dated))]
    return reps.assign(locations=reps["observation_id"].map(locations),
                       all_notes=reps["observation_id"].map(notes).fillna(""),
                       every_note=reps["observation_id"].map(every_note).fillna(""),
                       also_printed=reps["observation_id"].map(
                           printed_otherwise(order).to_dict()).astype(object).fillna(""))


def printed_otherwise(ind: pd.DataFrame) -> pd.Series:
    """Per observation, its printings of another value than its representative's, as
    'shown@paper:line' joined by ';': the same figure rounded differently (003:352 prints
    15,500 for the posts 001:41 prints as around 15,450), which a citation must not hide.

    >>> rows = pd.DataFrame({"figure_id": ["a", "b", "c"], "observation_id": ["a"] * 3,
    ...     "value": [15450.0, 15450.0, 15500.0], "qualifier": ["approximately", "", ""],
    ...     "unit": ["count"] * 3, "precision": [5.0, 5.0, 50.0],
    ...     "paper_id": ["p", "p", "q"], "source_line": [41, 57, 352]})
    >>> printed_otherwise(rows).to_dict()
    {'a': '15,500@q:352'}
    """
    value = ind["observation_id"].map(ind.set_index("figure_id")["value"])
    other = ind[ind["value"] != value]
    if other.empty:
        return pd.Series(dtype=str)
    printed = [f"{shown(r)}@{r['paper_id']}:{r['source_line']}" for _, r in other.iterrows()]
    return pd.Series(printed, index=other.index).groupby(other["observation_id"]).agg(";".join)


def newest_on_its_line(ind: pd.DataFrame) -> pd.Series:
    """Whether each printing is of the newest period its line prints for the same measure and
    authority. A dashboard prints one progress arrow or RAG per row, for the row's current
    figure (002:954 prints '▼' beside 33.9% for 2024/25 and 35.6% for 2023/24): the older
    figure on the row does not carry it, nor does a target, rank or benchmark on the row
    (004:1425: 'R ↓' beside 9.5 for Apr-Nov 2016, whose target 5.0 is for 2016/17). A forecast
    can be the row's current figure (002:943 forecasts 2024/25 beside 2023/24's actual).

    >>> rows = pd.DataFrame({"paper_id": ["p"] * 3, "source_line": [954] * 3,
    ...     "measure_id": ["dp"] * 3, "authority": ["C"] * 3,
    ...     "value_type": ["actual", "actual", "target"],
    ...     "period_end": pd.to_datetime(["2024-11-30", "2024-03-31", "2025-03-31"])})
    >>> list(newest_on_its_line(rows))
    [True, False, False]
    """
    key = ["paper_id", "source_line", "measure_id", "authority"]
    actual = ind["period_end"].where(ind["value_type"].isin(MARKED_TYPES))
    return actual.notna() & (actual == actual.groupby([ind[k] for k in key]).transform("max"))


def framework(row: pd.Series) -> str:
    """Which ASCOF framework a figure was published under: codes were renumbered in 2023."""
    return "2016/17" if row["meeting_date"].year < FRAMEWORK_CHANGE else "2023/24"


PART_YEAR_DAYS = 330  # a span shorter than this is part of a year (Apr-Nov is 243 days)


def part_year(start, end):
    """Whether a period from ``start`` to ``end`` (timestamps, or series of them) covers only
    part of a year: a year to date, not a full year or a year ending on a date.

    >>> part_year(pd.Timestamp("2024-04-01"), pd.Timestamp("2024-11-30"))
    True
    >>> part_year(pd.Timestamp("2023-04-01"), pd.Timestamp("2024-03-31"))
    False
    """
    gap = end - start
    days = gap.dt.days if isinstance(gap, pd.Series) else gap.days
    return days < PART_YEAR_DAYS


def part_year_figure(fig):
    """Whether a figure (a row, or a frame of them) covers part of a year: a range shorter than
    a year ('Apr-Nov 2024'). A month or a date is when a figure was measured, not its span:
    Skills for Care's turnover 'as at July 2015' is a rate over the year to then.

    >>> part_year_figure(pd.DataFrame({"period_kind": ["range", "month"],
    ...     "period_start": pd.to_datetime(["2024-04-01", "2015-07-01"]),
    ...     "period_end": pd.to_datetime(["2024-11-30", "2015-07-31"])})).tolist()
    [True, False]
    """
    return (fig["period_kind"] == "range") & part_year(fig["period_start"], fig["period_end"])


def years_between(a: pd.Timestamp, b: pd.Timestamp) -> float:
    return round(abs((a - b).days) / 365.25, 1)


def _latest_first(rows: pd.DataFrame) -> pd.DataFrame:
    """Newest period first; within a period the finest printing, then one the audit does not
    dispute, then a printed period."""
    disputed = rows["disputed"] if "disputed" in rows else False
    return rows.assign(_inferred=rows["flags"].str.contains("inferred period"),
                       _disputed=disputed).sort_values(
        ["period_end", "precision", "_disputed", "_inferred", "meeting_date", "figure_id"],
        ascending=[False, True, True, True, False, True], kind="mergesort").drop(
        columns=["_inferred", "_disputed"])


def council_rows(obs: pd.DataFrame, measure: str, council: str, scope: str,
                 period: tuple[pd.Timestamp, pd.Timestamp] | None,
                 value_types: tuple[str, ...] = COUNCIL_TYPES) -> pd.DataFrame:
    """A council's own figures for a measure: its authority, its adult social care (the
    measure's own scope), observed levels (or ``value_types``), within the chosen period."""
    rows = obs[(obs["measure_id"] == measure) & (obs["authority"] == council)
               & (obs["footprint"] == "council") & (obs["scope"] == scope)
               & obs["value_type"].isin(value_types)]
    return _latest_first(within(rows, period))


def within(rows: pd.DataFrame, period: tuple[pd.Timestamp, pd.Timestamp] | None) -> pd.DataFrame:
    if period is None:
        return rows
    return rows[(rows["period_start"] >= period[0]) & (rows["period_end"] <= period[1])]


def other_footprints(obs: pd.DataFrame, measure: str, council: str) -> pd.DataFrame:
    """What the papers print for a measure beyond a council's own adult social care: another
    scope (a children's board) or a wider footprint naming the council's area (LLR)."""
    rows = obs[(obs["measure_id"] == measure) & obs["value_type"].isin(COUNCIL_TYPES)
               & (((obs["authority"] == council) & (obs["footprint"] == "council"))
                  | ((obs["footprint"] == "wider footprint")
                     & obs["authority"].str.contains(council.split()[0], regex=False)))]
    return _latest_first(rows)


def choose_breakdown(rows: dict[str, pd.DataFrame]) -> dict[str, str]:
    """The breakdown each council's figure is taken at. A council is compared on its whole
    figure where it has a current one (within three years of the newest figure for the
    measure); failing that on a current breakdown ('independent sector only'); failing that on
    its newest, which goes to the historical block. Where the councils' current figures share a
    breakdown and one of them has no current whole, all are taken at that breakdown: like for
    like."""
    present = {c: r for c, r in rows.items() if not r.empty}
    if not present:
        return {}
    newest = max(r["period_end"].max() for r in present.values())
    current = {c: r[(newest - r["period_end"]).dt.days <= HISTORICAL_YEARS * 365.25]
               for c, r in present.items()}
    chosen = {}
    for council, r in present.items():
        now = current[council]
        pool = now if not now.empty else r
        if (pool["breakdown"] == "").any():
            chosen[council] = ""
        else:
            counts = pool["breakdown"].value_counts()
            chosen[council] = sorted(counts[counts == counts.max()].index)[0]
    parts = {b for b in chosen.values() if b}
    if len(parts) == 1:
        part = parts.pop()
        if all((current[c]["breakdown"] == part).any() for c in present):
            return dict.fromkeys(present, part)
    return chosen


def _recent(spans, newest: pd.Timestamp) -> list:
    return [s for s in spans if (newest - s[1]).days <= HISTORICAL_YEARS * 365.25]


def benchmarked(span: tuple, benchmark_spans: set) -> bool:
    """Whether a benchmark is printed for this span: the same span, or, for a figure dated to
    one day, a benchmark period ending that day (the share reviewed 'at the end of March 2024'
    is the national 2023/24 share's like-for-like pair).

    >>> year = (pd.Timestamp("2023-04-01"), pd.Timestamp("2024-03-31"))
    >>> benchmarked((pd.Timestamp("2024-03-31"),) * 2, {year})
    True
    >>> benchmarked((pd.Timestamp("2024-11-30"),) * 2, {year})
    False
    """
    return span in benchmark_spans or (
        span[0] == span[1] and any(end == span[1] for _, end in benchmark_spans))


def _newest(spans, preferred: set) -> tuple:
    """The newest span, preferring one a benchmark is printed for."""
    return max(spans, key=lambda s: (benchmarked(s, preferred), s[1], s[0]))


def choose_period(rows: dict[str, pd.DataFrame],
                  benchmark_spans: set | None = None) -> dict[str, pd.Series]:
    """The figure each council is compared on: the newest period they all report (when it is
    within three years of the newest figure), else each council's own; in both cases a period
    a benchmark is printed for wins over a newer one it is not (a full 2023/24 beside England's
    2023/24 rather than April-November 2024 beside nothing)."""
    preferred = benchmark_spans or set()
    present = {c: r for c, r in rows.items() if not r.empty}
    if not present:
        return {}

    def at(r: pd.DataFrame, span: tuple) -> pd.Series:
        return r[(r["period_start"] == span[0]) & (r["period_end"] == span[1])].iloc[0]

    spans = {c: set(zip(r["period_start"], r["period_end"], strict=True))
             for c, r in present.items()}
    newest = max(r["period_end"].max() for r in present.values())
    if len(present) > 1:
        common = _recent(set.intersection(*spans.values()), newest)
        if common:
            span = _newest(common, preferred)
            return {c: at(r, span) for c, r in present.items()}
    chosen = {}
    for c, r in present.items():
        recent = _recent(spans[c], r["period_end"].max())
        chosen[c] = at(r, _newest(recent, preferred)) if recent else r.iloc[0]
    return chosen


def benchmark_for(obs: pd.DataFrame, measure: str, benchmark: str, figure: pd.Series | None,
                  period: tuple[pd.Timestamp, pd.Timestamp] | None) -> pd.Series | None:
    """The benchmark figure to set beside ``figure``: its breakdown if printed (else the
    whole), the same period if printed, else the nearest in time; the newest when there is no
    council figure."""
    rows = obs[(obs["measure_id"] == measure) & (obs["authority"] == benchmark)
               & obs["value_type"].isin(BENCHMARK_TYPES)]
    rows = within(rows, period)
    if rows.empty:
        return None
    if figure is None:
        whole = rows[rows["breakdown"] == ""]
        return _latest_first(whole if not whole.empty else rows).iloc[0]
    same = rows[rows["breakdown"] == figure["breakdown"]]
    rows = same if not same.empty else rows[rows["breakdown"] == ""]
    if rows.empty:
        return None
    gap = (rows["period_end"] - figure["period_end"]).abs().dt.days
    exact = (rows["period_start"] == figure["period_start"]) & (
        rows["period_end"] == figure["period_end"])
    ranked = rows.assign(_exact=~exact, _gap=gap).sort_values(
        ["_exact", "_gap", "precision", "figure_id"], kind="mergesort")
    return ranked.drop(columns=["_exact", "_gap"]).iloc[0]


def alongside(ind: pd.DataFrame, figure: pd.Series, value_type: str) -> pd.Series | None:
    """A target, forecast, stated change or rank printed for the same series and period as
    ``figure`` (a change ending in its period; a target or forecast for a period containing
    it)."""
    rows = ind[(ind["measure_id"] == figure["measure_id"])
               & (ind["authority"] == figure["authority"])
               & (ind["breakdown"] == figure["breakdown"]) & (ind["scope"] == figure["scope"])
               & (ind["value_type"] == value_type) & (ind["period_kind"] != "undated")
               & (ind["figure_id"] == ind["observation_id"])]
    if rows.empty:
        return None
    if value_type == "change":
        ends = rows["period"].str.split(" to ").str[-1]
        match = rows[(ends == figure["period"]) | ((rows["period_end"] == figure["period_end"])
                                                   & (rows["period_start"] < figure["period_end"]))]
    elif value_type == "rank":
        match = rows[(rows["period_start"] == figure["period_start"])
                     & (rows["period_end"] == figure["period_end"])]
    else:
        match = rows[(rows["period_start"] <= figure["period_start"])
                     & (rows["period_end"] >= figure["period_end"])]
    if match.empty:
        return None
    return match.sort_values(["precision", "figure_id"], kind="mergesort").iloc[0]


def benchmark_to_rate(obs: pd.DataFrame, measure: str, benchmarks: list[str], figure: pd.Series,
                      period: tuple[pd.Timestamp, pd.Timestamp] | None) -> pd.Series | None:
    """The benchmark to rate ``figure`` against: the first (in the order asked) printed for
    the figure's own period, else the first printed within about a year, else the nearest."""
    found = [r for r in (benchmark_for(obs, measure, b, figure, period) for b in benchmarks)
             if r is not None]
    if not found:
        return None
    for test in (lambda r: r["period_start"] == figure["period_start"]
                 and r["period_end"] == figure["period_end"],
                 lambda r: abs((r["period_end"] - figure["period_end"]).days)
                 <= RATABLE_GAP_DAYS):
        for r in found:
            if test(r):
                return r
    return min(found, key=lambda r: abs((r["period_end"] - figure["period_end"]).days))


def later_forecast(ind: pd.DataFrame, figure: pd.Series) -> pd.Series | None:
    """A forecast of the same series for the year after ``figure``'s ('582 per 100k' for
    2024/25 beside 564 for 2023/24, 002:944), the nearest first; None when none is printed."""
    rows = ind[(ind["measure_id"] == figure["measure_id"])
               & (ind["authority"] == figure["authority"])
               & (ind["breakdown"] == figure["breakdown"]) & (ind["scope"] == figure["scope"])
               & (ind["value_type"] == "forecast") & (ind["period_kind"] != "undated")
               & (ind["figure_id"] == ind["observation_id"])
               & (ind["period_start"] > figure["period_end"])
               & (ind["period_start"]
                  <= figure["period_end"] + pd.Timedelta(days=RATABLE_GAP_DAYS))]
    return None if rows.empty else rows.sort_values(
        ["period_end", "figure_id"], kind="mergesort").iloc[0]

