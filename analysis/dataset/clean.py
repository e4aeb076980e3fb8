"""Raw figure rows to the tidy indicator table and the rejects, never dropping a row silently."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path

import pandas as pd

from ..errors import DataError
from ..parallel import in_parts, parts_for
from ..parse.authorities import Authorities
from ..settings import INDICATORS_PARQUET, REJECTS_CSV
from ..sources.figure_files import figure_files, load_figures
from ..sources.minutes import MINUTES_COLUMNS, load_minutes, minuted_ranges
from ..sources.papers import load_registry
from ..sources.registers import check_paper_councils, load_authorities
from ..tables_io import ROW_COLUMN, SOURCE_PATH, read_csv_checked, validate
from .catalogue import load_measures
from .observations import assign_observations
from .row_rules import Correction, Lookups, clean_row, row_authority
from .schemas import (
    CORRECTION_COLUMNS,
    CORRECTIONS_SCHEMA,
    INDICATOR_COLUMNS,
    INDICATORS_SCHEMA,
    REJECT_COLUMNS,
    REJECTS_SCHEMA,
)


@dataclass(frozen=True)
class RawData:
    papers: pd.DataFrame
    measures: pd.DataFrame
    figures: pd.DataFrame
    corrections: pd.DataFrame
    authorities: Authorities  # councils.csv and footprints.csv
    corrections_path: Path = Path("corrections.csv")  # named in errors about a correction
    minutes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=MINUTES_COLUMNS))  # the lines of a pack that minute an earlier meeting


def load_raw(raw_dir: Path) -> RawData:
    """The committed raw data, each file checked against its schema."""
    raw_dir = Path(raw_dir)
    papers = load_registry(raw_dir / "papers.csv")
    authorities = load_authorities(raw_dir)
    check_paper_councils(papers, authorities, raw_dir / "papers.csv", raw_dir / "councils.csv")
    measures = load_measures(raw_dir / "measures.csv")
    figures = load_figures(figure_files(raw_dir / "figures"))
    corrections_path = raw_dir / "corrections.csv"
    corrections = validate(CORRECTIONS_SCHEMA,
                           read_csv_checked(corrections_path, CORRECTION_COLUMNS, keep_row=True),
                           corrections_path)
    check_references(figures, papers, measures, corrections, corrections_path, authorities)
    minutes = load_minutes(raw_dir / "minutes.csv", papers)
    return RawData(papers, measures, figures, corrections, authorities, corrections_path,
                   minutes)


def _fail(row: pd.Series, column: str, problem: str, fix: str) -> DataError:
    return DataError(row[SOURCE_PATH], problem, row=int(row[ROW_COLUMN]), column=column, fix=fix)


def check_references(figures: pd.DataFrame, papers: pd.DataFrame, measures: pd.DataFrame,
                     corrections: pd.DataFrame, corrections_path: Path,
                     authorities: Authorities) -> None:
    """Duplicate ids, unknown papers, measures and authorities, dangling corrections: all errors."""
    dup = figures["figure_id"].duplicated(keep="first")
    if dup.any():
        row = figures.loc[dup].iloc[0]
        first = figures.loc[figures["figure_id"] == row["figure_id"]].iloc[0]
        raise _fail(row, "figure_id", f"duplicate figure id '{row['figure_id']}' (first at "
                    f"{Path(first[SOURCE_PATH]).name} row {first[ROW_COLUMN]})",
                    "Give every figure its own id.")
    bad = figures.loc[~figures["paper_id"].isin(papers["paper_id"])]
    if not bad.empty:
        raise _fail(bad.iloc[0], "paper_id", f"unknown paper id '{bad.iloc[0]['paper_id']}'",
                    "Use an id from papers.csv or register the paper there.")
    prefix_ok = pd.Series([figure_id.rsplit(".", 1)[0] == paper_id for figure_id, paper_id
                           in zip(figures["figure_id"], figures["paper_id"], strict=True)],
                          index=figures.index, dtype=bool)
    if not prefix_ok.all():
        row = figures.loc[~prefix_ok].iloc[0]
        raise _fail(row, "figure_id", f"figure id '{row['figure_id']}' does not start with its "
                    f"paper id '{row['paper_id']}.'", "Rename the id.")
    bad = figures.loc[~figures["measure_id"].isin(measures["measure_id"])]
    if not bad.empty:
        row = bad.iloc[0]
        raise _fail(row, "measure_id", f"unknown measure id '{row['measure_id']}'",
                    "Add it to measures.csv or use an existing id.")
    councils = dict(zip(papers["paper_id"], papers["council"], strict=True))
    pairs = figures[["authority", "paper_id"]].drop_duplicates()
    unknown = [(a, p) for a, p in pairs.itertuples(index=False)
               if authorities.canonical(a, councils[p]) is None]
    if unknown:
        authority, paper_id = unknown[0]
        row = figures.loc[(figures["authority"] == authority)
                          & (figures["paper_id"] == paper_id)].iloc[0]
        raise _fail(row, "authority", f"unknown authority '{row['authority']}'",
                    f"Use a registered name ({', '.join(authorities.names[:6])}, ...) or add "
                    "the name to an authority's aliases in councils.csv or footprints.csv.")
    printed = set(figures["figure_id"])
    dangling = corrections.loc[[figure_id not in printed for figure_id in corrections["figure_id"]]]
    if not dangling.empty:
        row = dangling.iloc[0]
        raise DataError(corrections_path, f"correction for figure '{row['figure_id']}', which "
                        "no figures file contains", row=int(row[ROW_COLUMN]), column="figure_id",
                        fix="Fix the id or delete the correction.")


def lookups(raw: RawData) -> Lookups:
    """What cleaning a row looks up: its paper, measure and corrections, and the councils."""
    papers = raw.papers.set_index("paper_id").to_dict("index")
    for paper in papers.values():
        paper["_meeting"] = date.fromisoformat(paper["meeting_date"])
    for paper_id, paper in papers.items():
        paper["_minutes"] = minuted_ranges(raw.minutes, paper_id)
    corrections = {(c["figure_id"], c["field"]): Correction(c["corrected"], c["reason"],
                                                            int(c[ROW_COLUMN]),
                                                            raw.corrections_path)
                   for c in raw.corrections.to_dict("records")}
    return Lookups(papers, raw.measures.set_index("measure_id").to_dict("index"), corrections,
                   frozenset(raw.papers["council"]), raw.authorities)


# What clean_row gives: the indicator table's columns but observation_id, then the flag
# observations read (see row_rules.clean_row).
CLEANED = [c for c in INDICATOR_COLUMNS if c != "observation_id"] + ["_sentence_period"]
DATES = ["meeting_date", "period_start", "period_end"]
NUMBERS = ["value", "printed_value", "precision", "lower", "upper", "numerator", "denominator"]


# The raw rows a process of its own is worth (below them, the cleaning runs in one process):
# bench/scale.py, 150 councils' 544,800 rows, cleaned in two parts.
ROWS_PER_PROCESS = 100_000


def clean_figures(raw: RawData, *, rows_per_process: int = ROWS_PER_PROCESS) -> tuple[
        pd.DataFrame, pd.DataFrame]:
    """Indicators and rejects from the raw figures, each in paper, line and figure id order;
    len(raw) == len(indicators) + len(rejects)."""
    parts = in_parts(clean_part, raw.figures, lookups(raw),
                     parts=parts_for(len(raw.figures), rows_per_process))
    ind = pd.concat([part[0] for part in parts], ignore_index=True)
    rej = pd.concat([part[1] for part in parts], ignore_index=True)
    del parts  # the parts are copied: the observations need the memory (150 councils)
    ind, rej = sort_rows(ind), sort_rows(rej)
    if len(ind) + len(rej) != len(raw.figures):
        raise AssertionError(f"{len(raw.figures)} raw rows but {len(ind)} indicators + "
                             f"{len(rej)} rejects")
    return assign_observations(ind), rej


def clean_part(figures: pd.DataFrame, look: Lookups) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Raw figure rows cleaned by ``clean_row``: the indicators and the rejects, in the rows'
    order, in the processed tables' types."""
    fields = itemgetter(*CLEANED)  # a row's named fields, in the table's order
    indicators, rejects = [], []
    for row in figures.itertuples(index=False):
        cleaned = clean_row(row, look)
        if isinstance(cleaned, str):
            rejects.append(reject_row(row, look, cleaned))
        else:
            indicators.append(fields(cleaned))
    return typed_indicators(indicators), typed_rejects(rejects)


def reject_row(row, look: Lookups, reason: str) -> dict:
    """A raw row that cannot be used, with where it was printed and the reason."""
    paper = look.papers[row.paper_id]
    return {"figure_id": row.figure_id, "paper_id": row.paper_id,
            "source_file": paper["file_name"], "source_line": int(row.line),
            "locator": row.locator, "measure_id": row.measure_id,
            "authority": row_authority(row, paper, look.authorities), "period": row.period,
            "value_type": row.value_type, "raw": row.raw, "reason": reason}


def typed_indicators(rows: list[tuple]) -> pd.DataFrame:
    """Indicator rows (the fields named in ``CLEANED``) as a frame in the processed table's
    types, with ``_sentence_period`` last; ``observation_id`` is left empty."""
    df = pd.DataFrame(rows, columns=CLEANED)
    df["observation_id"] = ""
    df = df[INDICATOR_COLUMNS + ["_sentence_period"]]
    df["_sentence_period"] = df["_sentence_period"].astype(bool)
    for col in DATES:
        df[col] = pd.to_datetime(df[col]).astype("datetime64[ns]")
    for col in NUMBERS:
        df[col] = pd.to_numeric(df[col], errors="raise").astype("float64")
    df["source_line"] = df["source_line"].astype("int64")
    return _text(df, [c for c in INDICATOR_COLUMNS if c not in DATES + NUMBERS + ["source_line"]])


def typed_rejects(rows: list[dict]) -> pd.DataFrame:
    """Reject rows (as ``reject_row`` gives them) as a frame in the rejects table's types."""
    df = pd.DataFrame.from_records(rows, columns=REJECT_COLUMNS)
    df["source_line"] = df["source_line"].astype("int64")
    return _text(df, [c for c in REJECT_COLUMNS if c != "source_line"])


def _text(df: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """``df`` with ``columns`` as pandas' text columns, a missing cell as ''."""
    return df.assign(**{c: df[c].fillna("").astype(str) for c in columns})


SORT_KEYS = ["paper_id", "source_line", "figure_id"]


def sort_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Deterministic order: paper, line, figure id; ties keep their order (a stable sort).

    >>> df = pd.DataFrame({"paper_id": ["b", "a", "a"], "source_line": [1, 9, 2],
    ...                    "figure_id": ["b.p1", "a.p9", "a.p2"]})
    >>> sort_rows(df)["figure_id"].tolist()
    ['a.p2', 'a.p9', 'b.p1']
    """
    return df.sort_values(SORT_KEYS, kind="mergesort").reset_index(drop=True)


def validate_outputs(ind: pd.DataFrame, rej: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The processed tables against their schemas, before anything is written. A failure here
    is a fault in the cleaning code, not in the raw data."""
    fix = ("Nothing was written. This is a fault in analysis/dataset/clean.py, not in data/raw: "
           "report it with this message.")
    return (validate(INDICATORS_SCHEMA, ind, INDICATORS_PARQUET, fix),
            validate(REJECTS_SCHEMA, rej, REJECTS_CSV, fix))
