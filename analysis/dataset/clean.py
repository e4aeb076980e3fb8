"""Raw figure rows to the tidy indicator table and the rejects, never dropping a row silently."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..errors import DataError
from ..parse.authorities import canonical_authority
from ..sources.figure_files import FIGURE_COLUMNS, figure_files, load_figures
from ..sources.papers import load_registry
from ..tables_io import ROW_COLUMN, SOURCE_PATH, read_csv_checked, validate
from .catalogue import load_measures
from .observations import assign_observations
from .ordering import in_order, stable_order
from .row_rules import CLEANED, Correction, Lookups, clean_row, footprint
from .schemas import (
    CORRECTION_COLUMNS,
    CORRECTIONS_SCHEMA,
    INDICATOR_COLUMNS,
    INDICATORS_SCHEMA,
    REJECT_COLUMNS,
    REJECTS_SCHEMA,
)
from .simple_columns import clean_simple


@dataclass(frozen=True)
class RawData:
    papers: pd.DataFrame
    measures: pd.DataFrame
    figures: pd.DataFrame
    corrections: pd.DataFrame
    corrections_path: Path = paths.CORRECTIONS_CSV  # named in errors about a correction


def load_raw(raw_dir: Path = paths.RAW) -> RawData:
    """The committed raw data, each file checked against its schema."""
    raw_dir = Path(raw_dir)
    papers = load_registry(raw_dir / "papers.csv")
    measures = load_measures(raw_dir / "measures.csv")
    figures = load_figures(figure_files(raw_dir / "figures"))
    corrections_path = raw_dir / "corrections.csv"
    corrections = validate(CORRECTIONS_SCHEMA,
                           read_csv_checked(corrections_path, CORRECTION_COLUMNS, keep_row=True),
                           corrections_path)
    check_references(figures, papers, measures, corrections, corrections_path)
    return RawData(papers, measures, figures, corrections, corrections_path)


def _fail(row: pd.Series, column: str, problem: str, fix: str) -> DataError:
    return DataError(row[SOURCE_PATH], problem, row=int(row[ROW_COLUMN]), column=column, fix=fix)


def check_references(figures: pd.DataFrame, papers: pd.DataFrame, measures: pd.DataFrame,
                     corrections: pd.DataFrame, corrections_path: Path) -> None:
    """Duplicate ids, unknown papers, measures and authorities, dangling corrections: all errors."""
    dup = figures["figure_id"].duplicated(keep="first")
    if dup.any():
        row = figures.loc[dup].iloc[0]
        first = figures.loc[figures["figure_id"] == row["figure_id"]].iloc[0]
        raise _fail(row, "figure_id", f"duplicate figure id '{row['figure_id']}' (first at "
                    f"{Path(first[SOURCE_PATH]).name} row {first[ROW_COLUMN]})",
                    "Give every figure its own id.")
    known_papers = set(papers["paper_id"])
    bad = figures.loc[~figures["paper_id"].isin(known_papers)]
    if not bad.empty:
        raise _fail(bad.iloc[0], "paper_id", f"unknown paper id '{bad.iloc[0]['paper_id']}'",
                    f"Use an id from {paths.PAPERS_CSV.name} or register the paper there.")
    # the id before its last '.', as str.rsplit(".", 1)[0] reads it (vectorised)
    prefix_ok = figures["figure_id"].str.replace(r"\.[^.]*$", "", regex=True) \
        == figures["paper_id"]
    if not prefix_ok.all():
        row = figures.loc[~prefix_ok].iloc[0]
        raise _fail(row, "figure_id", f"figure id '{row['figure_id']}' does not start with its "
                    f"paper id '{row['paper_id']}.'", "Rename the id.")
    known_measures = set(measures["measure_id"])
    bad = figures.loc[~figures["measure_id"].isin(known_measures)]
    if not bad.empty:
        row = bad.iloc[0]
        raise _fail(row, "measure_id", f"unknown measure id '{row['measure_id']}'",
                    f"Add it to {paths.MEASURES_CSV.name} or use an existing id.")
    councils = dict(zip(papers["paper_id"], papers["council"], strict=True))
    registered = frozenset(councils.values())
    pairs = figures[["authority", "paper_id"]].drop_duplicates()
    unknown = [(a, p) for a, p in pairs.itertuples(index=False)
               if canonical_authority(a, councils[p], registered) is None]
    if unknown:
        authority, paper_id = unknown[0]
        row = figures.loc[(figures["authority"] == authority)
                          & (figures["paper_id"] == paper_id)].iloc[0]
        raise _fail(row, "authority", f"unknown authority '{row['authority']}'",
                    "Use a canonical name (Leicester, Leicestershire, England, East Midlands, "
                    "Peer group, LLR, Rutland, ...) or add an alias in "
                    "analysis/parse/authorities.py.")
    ids = set(figures["figure_id"].tolist())  # a set probe: isin on Arrow strings is slow
    dangling = corrections.loc[[fid not in ids for fid in corrections["figure_id"]]]
    if not dangling.empty:
        row = dangling.iloc[0]
        raise DataError(corrections_path, f"correction for figure '{row['figure_id']}', which "
                        "no figures file contains", row=int(row[ROW_COLUMN]), column="figure_id",
                        fix="Fix the id or delete the correction.")


IDENTITY = ["figure_id", "paper_id", "source_file", "source_line", "locator", "measure_id",
            "authority", "raw"]
INDICATOR_ROW = IDENTITY + CLEANED + ["footprint", "observation_id"]
REJECT_ROW = IDENTITY + ["period", "value_type", "reason"]


PARALLEL_ROWS = 40_000  # above this, rows are cleaned in worker processes, a slice at a time
SLICE_ROWS = 20_000     # rows per task: a worker holds only one slice's rows as Python objects


def _clean_rows(rows: list, papers: dict, measures: dict, corrections: dict,
                registered: frozenset) -> tuple[list[tuple], list[tuple], list[int]]:
    """Indicator rows (as INDICATOR_ROW) and reject rows (as REJECT_ROW), as tuples: a row of
    a dataset this size is cheaper to build and to turn into columns as a tuple than as a
    dict; and the positions in ``rows`` of the indicator rows."""
    indicators, rejects, kept = [], [], []
    for at, row in enumerate(rows):
        paper = papers[row.paper_id]
        authority = canonical_authority(row.authority, paper["council"], registered)
        identity = (row.figure_id, row.paper_id, paper["file_name"], int(row.line), row.locator,
                    row.measure_id, authority, row.raw)
        cleaned = clean_row(row, paper, measures[row.measure_id], corrections)
        if isinstance(cleaned, str):
            rejects.append(identity + (row.period, row.value_type, cleaned))
        else:
            indicators.append(identity + cleaned + (footprint(authority, registered), ""))
            kept.append(at)
    return indicators, rejects, kept


def _columns(rows: list[tuple], names: list[str]) -> dict[str, list]:
    """Rows of tuples as named columns."""
    if not rows:
        return {name: [] for name in names}
    return dict(zip(names, map(list, zip(*rows, strict=True)), strict=True))


Row = namedtuple("Row", FIGURE_COLUMNS)


def _rows(figures: pd.DataFrame) -> list[Row]:
    """The raw rows as tuples with named fields, read column by column (fast for Arrow
    strings)."""
    return [Row(*values) for values in zip(*(figures[c].tolist() for c in FIGURE_COLUMNS),
                                            strict=True)]


def _clean_frames(figures: pd.DataFrame, look: Lookups) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One slice of raw rows cleaned into (indicators, rejects) frames, columns typed: compact
    to hand back from a worker, unlike a list of dicts. Bare figures are cleaned column by
    column (:mod:`.simple_columns`), the rest row by row, and the indicators keep the raw
    rows' order."""
    simple_at, simple = clean_simple(figures, look)
    rest = np.setdiff1d(np.arange(len(figures)), simple_at, assume_unique=True)
    indicators, rejects, kept = _clean_rows(_rows(figures.iloc[rest]), look.papers,
                                            look.measures, look.corrections, look.registered)
    by_row = _typed_indicators(_columns(indicators, INDICATOR_ROW))
    if not len(simple_at):
        return by_row, _frame_rejects(rejects)
    ind = pd.concat([_typed_indicators(simple), by_row] if len(by_row) else
                    [_typed_indicators(simple)], ignore_index=True)
    order = np.argsort(np.concatenate([simple_at, rest[np.asarray(kept, dtype=np.int64)]]),
                       kind="stable")
    return ind.take(order).reset_index(drop=True), _frame_rejects(rejects)


_FORKED: tuple[pd.DataFrame, Lookups] | None = None  # what forked workers inherit, not pickle


def _clean_slice(bounds: tuple[int, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A slice cleaned and put in order in a worker: when the slices hold whole papers in
    paper order, their concatenation is in order and the parent need not sort it again."""
    assert _FORKED is not None
    figures, look = _FORKED
    ind, rej = _clean_frames(figures.iloc[bounds[0]:bounds[1]], look)
    return sort_rows(ind), sort_rows(rej)


def slice_bounds(paper_ids: pd.Series, size: int) -> list[tuple[int, int]]:
    """Row ranges of about ``size`` rows that end where the paper changes (a slice holds a
    paper's run of rows whole), so that sorted slices of papers in order join up in order.

    >>> slice_bounds(pd.Series(["a", "a", "a", "b", "c", "c"]), 2)
    [(0, 3), (3, 6)]
    """
    codes = pd.factorize(paper_ids)[0]
    changes = np.flatnonzero(codes[1:] != codes[:-1]) + 1  # the first row of each run
    bounds, start, n = [], 0, len(codes)
    while start < n:
        at = np.searchsorted(changes, start + size)  # the first run starting at or after
        end = int(changes[at]) if at < len(changes) else n
        bounds.append((start, end))
        start = end
    return bounds


def lookups(raw: RawData) -> Lookups:
    """What cleaning a row looks up: its paper, measure and corrections, and the councils."""
    papers = raw.papers.set_index("paper_id").to_dict("index")
    for paper in papers.values():
        paper["_meeting"] = date.fromisoformat(paper["meeting_date"])
    return Lookups(papers, raw.measures.set_index("measure_id").to_dict("index"),
                   {(figure_id, field): Correction(corrected, reason, int(row),
                                                   raw.corrections_path)
                    for figure_id, field, corrected, reason, row in zip(
                        *(raw.corrections[c] for c in ("figure_id", "field", "corrected",
                                                       "reason", ROW_COLUMN)), strict=True)},
                   frozenset(raw.papers["council"]))


def clean_figures(raw: RawData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Indicators and rejects from the raw figures; len(raw) == len(indicators) + len(rejects).
    Large inputs are cleaned in forked worker processes, which read the raw rows from the
    memory they inherit and hand back typed frames; the result is the same, in the same order."""
    global _FORKED
    import os
    look = lookups(raw)
    n = len(raw.figures)
    workers = min(os.cpu_count() or 1, 4)
    if n > PARALLEL_ROWS and workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        _FORKED = (raw.figures, look)
        try:
            with ProcessPoolExecutor(max_workers=workers,
                                     mp_context=multiprocessing.get_context("fork")) as pool:
                parts = list(pool.map(_clean_slice,
                                      slice_bounds(raw.figures["paper_id"], SLICE_ROWS)))
        finally:
            _FORKED = None
        ind, rej = (pd.concat([p[k] for p in parts if len(p[k])] or [parts[0][k]],
                              ignore_index=True) for k in (0, 1))
        del parts
    else:
        ind, rej = _clean_frames(raw.figures, look)
    ind, rej = sort_rows(ind), sort_rows(rej)
    if len(ind) + len(rej) != n:
        raise AssertionError(f"{n} raw rows but {len(ind)} indicators + {len(rej)} rejects")
    return assign_observations(ind), rej


def _typed_indicators(columns: dict) -> pd.DataFrame:
    """Indicator columns (named as INDICATOR_ROW) as a frame in the processed table's types."""
    df = pd.DataFrame(columns)[INDICATOR_COLUMNS + ["_sentence_period"]]
    df["_sentence_period"] = df["_sentence_period"].astype(bool)
    for col in ("meeting_date", "period_start", "period_end"):
        df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
    for col in ("value", "printed_value", "precision", "lower", "upper", "numerator",
                "denominator"):
        df[col] = pd.to_numeric(df[col], errors="raise").astype("float64")
    df["source_line"] = df["source_line"].astype("int64")
    for col in INDICATOR_COLUMNS:
        if df[col].dtype == object or str(df[col].dtype).startswith(("str", "string")):
            df[col] = df[col].fillna("").astype(str)
    return df


def _frame_rejects(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(_columns(rows, REJECT_ROW))[REJECT_COLUMNS]
    df["source_line"] = df["source_line"].astype("int64")
    for col in REJECT_COLUMNS:
        if col != "source_line":
            df[col] = df[col].fillna("").astype(str)
    return df


SORT_KEYS = ["paper_id", "source_line", "figure_id"]


def sort_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Deterministic order: paper, line, figure id; ties keep their order (a stable sort).

    The order of ``sort_values(SORT_KEYS, kind="mergesort")``, computed on ranks
    (:mod:`.ordering`).

    >>> df = pd.DataFrame({"paper_id": ["b", "a", "a"], "source_line": [1, 9, 2],
    ...                    "figure_id": ["b.p1", "a.p9", "a.p2"]})
    >>> sort_rows(df)["figure_id"].tolist()
    ['a.p2', 'a.p9', 'b.p1']
    """
    if in_order(df, SORT_KEYS):  # as the workers' sorted slices usually join up
        return df.reset_index(drop=True)
    return df.take(stable_order(df, SORT_KEYS)).reset_index(drop=True)


def validate_outputs(ind: pd.DataFrame, rej: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The processed tables against their schemas, before anything is written. A failure here
    is a fault in the cleaning code, not in the raw data."""
    fix = ("Nothing was written. This is a fault in analysis/dataset/clean.py, not in data/raw: "
           "report it with this message.")
    return (validate(INDICATORS_SCHEMA, ind, paths.INDICATORS_PARQUET, fix),
            validate(REJECTS_SCHEMA, rej, paths.REJECTS_CSV, fix))
