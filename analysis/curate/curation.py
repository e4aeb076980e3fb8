"""Curation coverage: every printed number in a paper is a curated figure, a declared skip, or
unaccounted for.

A printed number is *curated* when a figure row of its line prints it (the number lies inside
the row's raw text on that line), *skipped by list* when ``data/raw/skips.csv`` names it with a
reason, *skipped by rule* when a non-figure rule (``nonfigures``) recognises it, and otherwise
*unaccounted*: the curator's to-do list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from ..errors import DataError
from ..settings import Settings
from ..sources.figure_files import ID
from ..tables_io import ROW_COLUMN, read_csv_checked, validate
from .spans import numbers_in_spans, printed_at

SKIP_COLUMNS = ["paper_id", "line", "raw", "reason"]
SKIPS_SCHEMA = pa.DataFrameSchema(
    {
        "paper_id": pa.Column(str, pa.Check.str_matches(ID)),
        "line": pa.Column(str, pa.Check.str_matches(r"^[1-9]\d*$")),
        "raw": pa.Column(str, pa.Check.str_length(min_value=1)),
        "reason": pa.Column(str, pa.Check.str_length(min_value=3)),
    },
    strict="filter", name="skips",
)
NUMBER_COLUMNS = ["paper_id", "line", "position", "number", "span", "status", "reason",
                  "context"]
STATUSES = ["curated", "skipped by list", "skipped by rule", "unaccounted"]


def load_skips(path: Path) -> pd.DataFrame:
    """The declared skips, validated: paper_id, line, raw (as printed on that line), reason."""
    df = read_csv_checked(path, SKIP_COLUMNS, keep_row=True)
    return validate(SKIPS_SCHEMA, df, path)


def check_skips(skips: pd.DataFrame, lines_of: dict[str, Sequence[str]],
                path: Path) -> None:
    """Every skip names a registered paper and is printed on its line, else a DataError."""
    for row in skips.to_dict("records"):
        where = int(row[ROW_COLUMN]) if ROW_COLUMN in row else None
        if row["paper_id"] not in lines_of:
            raise DataError(path, f"unknown paper id '{row['paper_id']}'", row=where,
                            column="paper_id", fix="Use an id from papers.csv.")
        lines = lines_of[row["paper_id"]]
        n = int(row["line"])
        if n > len(lines) or row["raw"] not in lines[n - 1]:
            raise DataError(path, f"{row['raw']!r} is not printed on line {n} of "
                            f"{row['paper_id']}", row=where, column="raw",
                            fix="Copy the number exactly as printed on that line.")


def _ranges(frame: pd.DataFrame | None, lines: Sequence[str]) -> dict[int, list[tuple[int, int,
                                                                                     str]]]:
    """Line -> (start, end, reason) of every occurrence of each row's raw text on its line."""
    out: dict[int, list[tuple[int, int, str]]] = {}
    if frame is None or frame.empty:
        return out
    reasons = frame["reason"] if "reason" in frame else [""] * len(frame)
    for n, raw, why in zip(frame["line"].astype(int), frame["raw"], reasons, strict=True):
        if 1 <= n <= len(lines) and raw:
            out.setdefault(n, []).extend((s, e, why) for s, e in printed_at(lines[n - 1], raw))
    return out


def _inside(start: int, end: int, found: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    return next((r for r in found if r[0] < end and start < r[1]), None)


def printed_numbers(lines: Sequence[str], paper_id: str, figures: pd.DataFrame | None = None,
                    skips: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per printed number of the paper with its status and, for skips, the reason.

    >>> printed_numbers(["Page 3: 85.3% (1,206 out of 1,414)"], "x")[["number", "status"]] \\
    ...     .values.tolist()
    [['3', 'skipped by rule'], ['85.3', 'unaccounted'], ['1,206', 'unaccounted'], \
['1,414', 'unaccounted']]
    """
    curated = _ranges(figures, lines)
    listed = _ranges(skips, lines)
    rows = []
    for n, line in enumerate(lines, start=1):
        if not re.search(r"\d|[A-Za-z]", line):
            continue
        for start, end, span in numbers_in_spans(line):
            if _inside(start, end, curated.get(n, [])):
                status, why = "curated", ""
            elif (hit := _inside(start, end, listed.get(n, []))) is not None:
                status, why = "skipped by list", hit[2]
            elif span.reason:
                status, why = "skipped by rule", span.reason
            else:
                status, why = "unaccounted", ""
            rows.append({"paper_id": paper_id, "line": n, "position": start,
                         "number": line[start:end], "span": span.raw, "status": status,
                         "reason": why,
                         "context": re.sub(r"\s+", " ", line[max(0, start - 60): end + 40])})
    return pd.DataFrame(rows, columns=NUMBER_COLUMNS)


def coverage_table(numbers: pd.DataFrame) -> pd.DataFrame:
    """Per paper: printed numbers, curated, skipped by rule, skipped by list, unaccounted."""
    counts = pd.crosstab(numbers["paper_id"], numbers["status"]).reindex(
        columns=STATUSES, fill_value=0)
    table = pd.DataFrame({
        "printed": counts.sum(axis=1), "curated": counts["curated"],
        "skipped_by_rule": counts["skipped by rule"],
        "skipped_by_list": counts["skipped by list"], "unaccounted": counts["unaccounted"],
    })
    table.index.name = "paper_id"
    return table


def rule_counts(numbers: pd.DataFrame) -> pd.DataFrame:
    """How many printed numbers each skip reason accounts for, by rule and by list."""
    skipped = numbers.loc[numbers["status"].str.startswith("skipped")]
    return skipped.groupby(["status", "reason"]).size().rename("numbers").reset_index() \
        .sort_values(["status", "numbers"], ascending=[True, False], kind="mergesort") \
        .reset_index(drop=True)


def every_printed_number(settings: Settings) -> pd.DataFrame:
    """Every printed number of every registered paper, each with its status (curated, skipped
    by list or by rule, unaccounted); the skips are checked against their lines first."""
    from ..sources.figure_files import figure_files, load_figures
    from ..sources.papers import load_registry, paper_lines
    registry = load_registry(settings.papers_csv)
    figures = load_figures(figure_files(settings.figures_dir))
    skips = load_skips(settings.skips_csv)
    dirs = settings.paper_dirs()
    lines_of = {pid: paper_lines(pid, registry, dirs) for pid in registry["paper_id"]}
    check_skips(skips, lines_of, settings.skips_csv)
    return pd.concat([printed_numbers(lines, pid, figures.loc[figures["paper_id"] == pid],
                                      skips.loc[skips["paper_id"] == pid])
                      for pid, lines in lines_of.items()], ignore_index=True)
