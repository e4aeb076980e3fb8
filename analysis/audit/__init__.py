"""The papers' own arithmetic: checks over the indicators, their verdicts and the findings.

``audit(ind)`` runs every family of checks and returns one row per check (see
``AUDIT_COLUMNS``) with its verdict (:mod:`.rule`), a ``finding`` id shared by checks that raise
the same question in several places, and the ``origin`` of any problem (:mod:`.findings`).
Every check compares a printed figure with what the arithmetic of other printed figures gives;
apart from table arithmetic (:mod:`.table_arithmetic`), values are compared in each measure's
sign convention, so a saving printed as £400k in the text and (400) in a table agrees.
"""

from __future__ import annotations

import pandas as pd

from ..settings import Settings
from .changes import changes_vs_levels
from .findings import assign_findings, finding_table, questions
from .formulas import formulas
from .garbled import garbled
from .inputs import AuditSpecError, load_checks, load_corrections, raw_figure_ids
from .parts import parts_vs_whole
from .percentages import percent_vs_counts
from .periods import conflicting_periods, periods_out_of_context
from .rows import CHECK_COLUMNS
from .rule import PASSED, VERDICTS, judge
from .splits import splits
from .table_arithmetic import table_arithmetic
from .versions import conflicting_versions

# The kinds of check, in the order the audit lists them.
KINDS = ["percent vs counts", "table arithmetic", "split", "parts vs whole", "change vs levels",
         "conflicting versions", "conflicting periods", "rate x base", "corrected figure",
         "period out of context"]
AUDIT_COLUMNS = CHECK_COLUMNS[:-1] + ["origin", "finding", "explanation"]

__all__ = ["AUDIT_COLUMNS", "KINDS", "VERDICTS", "AuditSpecError", "audit", "audit_of_build",
           "finding_table", "judge", "load_checks", "questions", "raw_figure_ids", "summary"]


def checks_of_every_family(ind: pd.DataFrame, checks: dict, known: set[str],
                           not_run: list[str]) -> list[dict]:
    """The rows of every family of checks, one kind after another; a declared check that
    cannot be run is noted in ``not_run``."""
    return [*percent_vs_counts(ind), *table_arithmetic(ind, checks, known, not_run),
            *splits(ind, checks), *parts_vs_whole(ind, checks), *changes_vs_levels(ind),
            *conflicting_versions(ind, checks), *conflicting_periods(ind),
            *formulas(ind, checks), *garbled(ind), *periods_out_of_context(ind)]


def audit(ind: pd.DataFrame, checks: dict | None = None, known_ids: set[str] | None = None,
          corrections: pd.DataFrame | None = None, *,
          settings: Settings | None = None) -> pd.DataFrame:
    """Every check over the indicator table: one row per check, by kind and check id (the
    same whatever the order of ``ind``). ``checks``, ``known_ids`` (every raw figure id) and
    ``corrections`` are read from the settings' raw folder (the environment's unless given)
    unless given. ``attrs["not_run"]`` lists the declared checks that name a rejected figure."""
    if checks is None or known_ids is None or corrections is None:
        settings = settings or Settings.from_env()
    checks = load_checks(settings.checks_toml) if checks is None else checks
    known = raw_figure_ids(settings.raw_dir) | set(ind["figure_id"]) if known_ids is None \
        else known_ids
    corrections = load_corrections(settings.corrections_csv) if corrections is None \
        else corrections
    ind = ind.sort_values("figure_id", kind="mergesort").reset_index(drop=True)
    not_run: list[str] = []
    df = pd.DataFrame(checks_of_every_family(ind, checks, known, not_run),
                      columns=CHECK_COLUMNS)
    df = df.sort_values(["kind", "check_id"], key=_in_kind_order,
                        kind="mergesort").reset_index(drop=True)
    dupes = df.loc[df["check_id"].duplicated(), "check_id"].tolist()
    if dupes:
        raise AuditSpecError(f"check ids {dupes[:3]} occur twice; make the ids in checks.toml "
                             "unique.")
    df = assign_findings(df, ind, corrections)[AUDIT_COLUMNS]
    df.attrs["not_run"] = not_run
    return df


def _in_kind_order(column: pd.Series) -> pd.Series:
    return column.map(KINDS.index) if column.name == "kind" else column


def audit_of_build(ind: pd.DataFrame, rejects: pd.DataFrame, settings: Settings
                   ) -> pd.DataFrame:
    """The audit as a build runs it (``build(settings, derived=...)``): the build put every raw
    figure in the indicators or the rejects, so their ids are the raw ids and no raw file is
    read again."""
    return audit(ind, known_ids=set(ind["figure_id"].tolist())
                 | set(rejects["figure_id"].tolist()), settings=settings)


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
