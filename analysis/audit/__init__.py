"""The papers' own arithmetic: checks over the indicators, their verdicts and the findings.

``audit(ind)`` runs every check and returns one row per check (see ``AUDIT_COLUMNS``) with its
verdict (:mod:`.rule`), a ``finding`` id shared by checks that raise the same question in
several places, and the ``origin`` of any problem (:mod:`.findings`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import paths
from .checks import (
    CHECK_COLUMNS,
    KINDS,
    AuditSpecError,
    changes_vs_levels,
    conflicting_periods,
    conflicting_versions,
    formulas,
    garbled,
    load_checks,
    parts_vs_whole,
    percent_vs_counts,
    periods_out_of_context,
    splits,
    table_arithmetic,
)
from .findings import assign_findings, finding_table, questions
from .rule import PASSED, VERDICTS, judge

AUDIT_COLUMNS = CHECK_COLUMNS[:-1] + ["origin", "finding", "explanation"]

__all__ = ["AUDIT_COLUMNS", "KINDS", "VERDICTS", "AuditSpecError", "audit", "audit_of_build",
           "finding_table",
           "judge", "load_checks", "questions", "summary"]


def raw_figure_ids(raw_dir: Path | None = None) -> set[str]:
    """Every figure id in the raw figures files (rejected ones included). Only the id column
    is read (the build has checked these files); a file that does not read cleanly goes
    through the strict reader, which says what is wrong with it."""
    from ..sources.figure_files import figure_files, load_figures
    files = figure_files(paths.FIGURES_DIR if raw_dir is None else Path(raw_dir) / "figures")
    try:
        return {fid for f in files for fid in pd.read_csv(
            f, usecols=["figure_id"], dtype=str, keep_default_na=False)["figure_id"].tolist()}
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError):
        return set(load_figures(files)["figure_id"])


def audit_of_build(ind: pd.DataFrame, rejects: pd.DataFrame) -> pd.DataFrame:
    """The audit as a build runs it (``build(derived=...)``): the build put every raw figure in
    the indicators or the rejects, so their ids are the raw ids and no raw file is read again."""
    return audit(ind, known_ids=set(ind["figure_id"].tolist())
                 | set(rejects["figure_id"].tolist()))


def load_corrections(path: Path = paths.CORRECTIONS_CSV) -> pd.DataFrame:
    from ..dataset.schemas import CORRECTION_COLUMNS, CORRECTIONS_SCHEMA
    from ..tables_io import read_csv_checked, validate
    return validate(CORRECTIONS_SCHEMA, read_csv_checked(path, CORRECTION_COLUMNS), path)


def _families(ind: pd.DataFrame, checks: dict, known: set[str], not_run: list[str]) -> tuple:
    """Every family of checks, in the order their rows are listed; each reads only the
    indicators and the declared checks."""
    return (lambda: percent_vs_counts(ind), lambda: table_arithmetic(ind, checks, known, not_run),
            lambda: splits(ind, checks), lambda: parts_vs_whole(ind, checks),
            lambda: changes_vs_levels(ind), lambda: conflicting_versions(ind, checks),
            lambda: conflicting_periods(ind), lambda: formulas(ind, checks),
            lambda: garbled(ind), lambda: periods_out_of_context(ind))


FAMILY_COUNT = len(_families(pd.DataFrame(), {}, set(), []))


def _family(i: int, ind: pd.DataFrame, checks: dict, known: set[str]
            ) -> tuple[pd.DataFrame, list]:
    """The rows of check family ``i`` as a table (a worker hands a table back far faster than
    as many dicts), and the checks it could not run."""
    not_run: list[str] = []
    return pd.DataFrame(_families(ind, checks, known, not_run)[i](), columns=CHECK_COLUMNS), \
        not_run


PARALLEL_ROWS = 40_000  # above this, the families run in forked worker processes
# Family numbers by their time at 150 councils (bench/scale.py): conflicting versions, changes
# against levels, conflicting periods, garbled, splits, formulas, parts, ... A wrong order is
# only slower, never different.
LONGEST_FIRST = (5, 4, 6, 8, 2, 7, 3, 0, 1, 9)
_FORKED: tuple[pd.DataFrame, dict, set[str]] | None = None  # what the workers inherit


def _forked_family(i: int) -> tuple[pd.DataFrame, list]:
    assert _FORKED is not None
    return _family(i, *_FORKED)


def run_families(ind: pd.DataFrame, checks: dict, known: set[str]
                 ) -> tuple[pd.DataFrame, list]:
    """Every family's rows, in order, as one table, and the checks not run. A large table's
    families run side by side in forked workers (each a pure function of the indicators), so
    the rows are the same, in the same order."""
    global _FORKED
    import os
    workers = min(os.cpu_count() or 1, 4)
    if len(ind) > PARALLEL_ROWS and workers > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from ..memory import release_unused_memory
        release_unused_memory()  # else each worker's peak counts the parent's freed memory
        _FORKED = (ind, checks, known)
        try:
            with ProcessPoolExecutor(max_workers=workers,
                                     mp_context=multiprocessing.get_context("fork")) as pool:
                # the longest first, so that no long family starts last on a busy core
                done = dict(zip(LONGEST_FIRST, pool.map(_forked_family, LONGEST_FIRST),
                                strict=True))
            parts = [done[i] for i in range(FAMILY_COUNT)]
        finally:
            _FORKED = None
    else:
        parts = [_family(i, ind, checks, known) for i in range(FAMILY_COUNT)]
    tables = [rows for rows, _ in parts if len(rows)] or [parts[0][0]]
    return pd.concat(tables, ignore_index=True), [n for _, skipped in parts for n in skipped]


def audit(ind: pd.DataFrame, checks: dict | None = None, known_ids: set[str] | None = None,
          corrections: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every check over the indicator table; one row per check, deterministic order."""
    from ..memory import freed_memory_kept
    # the body in this frame, not a helper's: the caller's unsorted table is freed below
    with freed_memory_kept():
        checks = load_checks() if checks is None else checks
        known = raw_figure_ids() | set(ind["figure_id"]) if known_ids is None else known_ids
        corrections = load_corrections() if corrections is None else corrections
        ind = ind.sort_values("figure_id", kind="mergesort").reset_index(drop=True)
        df, not_run = run_families(ind, checks, known)
        df["kind"] = pd.Categorical(df["kind"], categories=KINDS, ordered=True)
        df = df.sort_values(["kind", "check_id"], kind="mergesort").reset_index(drop=True)
        df["kind"] = df["kind"].astype(str)
        dupes = df.loc[df["check_id"].duplicated(), "check_id"].tolist()
        if dupes:
            raise AuditSpecError(f"check ids {dupes[:3]} occur twice; make the ids in checks.toml "
                                 "unique.")
        df = assign_findings(df, ind, corrections)[AUDIT_COLUMNS]
        df.attrs["not_run"] = not_run
        return df


def summary(audit_df: pd.DataFrame) -> str:
    """A few lines for the terminal: findings by verdict and origin, discrepancies by paper and
    kind, and checks that could not be run."""
    table = finding_table(audit_df)
    counts = table["verdict"].value_counts().reindex(VERDICTS, fill_value=0)
    lines = [f"{len(audit_df)} checks run, {len(table)} findings: "
             + ", ".join(f"{n} {v}" for v, n in counts.items())]
    problems = table[~table["verdict"].isin(PASSED)]
    if not problems.empty:
        by_origin = problems.groupby(["verdict", "origin"]).size()
        lines.append("Findings that are not a pass, by origin: " + "; ".join(
            f"{v} from {'the conversion to text' if o == 'conversion' else 'the paper'}: {n}"
            for (v, o), n in by_origin.items()))
    bad = table[table["verdict"] == "discrepancy"]
    if not bad.empty:
        first_paper = bad["locations"].str.split(":").str[0]
        papers = dict(zip(audit_df["locations"].str.split(":").str[0], audit_df["papers"].str
                          .split(";").str[0], strict=False))
        grouped = bad.assign(paper=first_paper.map(papers)).groupby(["paper", "kind"]).size()
        lines.append("Discrepancies (findings) by paper and kind:")
        for (paper, kind), n in grouped.items():
            lines.append(f"  {paper:28s} {kind:22s} {n}")
    for note in audit_df.attrs.get("not_run", []):
        lines.append(f"Not run: {note}")
    return "\n".join(lines)
