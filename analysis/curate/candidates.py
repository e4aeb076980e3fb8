"""Candidate figures for a new paper: every printed number no figure file covers yet, proposed
as a draft row in the prose-figure format for a curator to accept, correct or skip.

The tool proposes and the analyst decides: the parse comes from ``parse_figure``; the
authority, period, value type and scope from the words of the figure's own sentence
(``rows``), whose names of councils, regions and groups are read through the registers; the
measures from fuzzy matching; every proposal is named as one.

>>> lines = ["Reablement 2023/24", "Of those discharged, 85.3% (1,206 out of 1,414) were at home,"
...          " against 82% in England."]
>>> drafts, skipped = find_candidates(lines, "leicestershire-x", "Leicestershire")
>>> drafts[["line", "raw", "proposed_value", "proposed_unit", "proposed_authority",
...         "proposed_period"]].values.tolist()
[[2, '85.3% (1,206 out of 1,414)', 85.3, 'percent', 'Leicestershire', '2023/24'], \
[2, '82%', 82.0, 'percent', 'England', '2023/24']]
>>> skipped[["line", "raw", "reason"]].values.tolist()
[[1, '2023', 'date or period'], [1, '24', 'date or period']]
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from ..atomic import write_atomic
from ..guards import check_output_file
from ..parse.authorities import Authorities
from ..parse.figures import Figure
from ..settings import INTERIM
from .contexts import Blocks, PeriodInForce, Wrapped, contexts, current_year, first_period
from .measure_match import MeasureMatcher, Query
from .rows import DRAFT_COLUMNS, REVIEW_COLUMNS, Context, Reader, line_rows, printed_periods
from .sentences import sentence_of
from .spans import Span, line_spans, printed_at
from .unit_words import proposed_unit

__all__ = ["DRAFT_COLUMNS", "REVIEW_COLUMNS", "find_candidates", "summary", "draft_paths",
           "write_drafts", "number_draft", "curated_ranges"]
NON_FIGURE_COLUMNS = ["paper_id", "line", "raw", "reason", "context"]
PROGRESS_FROM = 500  # lines: smaller papers finish before a bar is worth drawing


def _covered(span: Span, line_no: int, curated: dict[int, list[tuple[int, int]]]) -> bool:
    return any(s < span.end and span.start < e for s, e in curated.get(line_no, []))


def curated_ranges(figures: pd.DataFrame | None, lines: Sequence[str]) -> dict[int, list[
        tuple[int, int]]]:
    """Line number -> (start, end) of every occurrence of a curated raw on its line."""
    out: dict[int, list[tuple[int, int]]] = {}
    if figures is None or figures.empty:
        return out
    for line_no, raw in zip(figures["line"].astype(int), figures["raw"], strict=True):
        if not 1 <= line_no <= len(lines) or not raw:
            continue
        text = lines[line_no - 1]
        out.setdefault(line_no, []).extend(printed_at(text, raw))
    return out


def list_authority(line: str, has_figures: bool, cues, current: str) -> str:
    """The authority a list's heading line names ('East of England:'), kept over the list's
    items ('- 2020-2021: 25.5%') and dropped at any other line; '' when none.

    >>> from analysis.parse.authorities import Authorities
    >>> cues = Reader.of("p", "Norfolk", Authorities.of([{"council": "Norfolk", "kind":
    ...     "county", "region": "East of England", "aliases": ""}])).cues
    >>> list_authority("East of England:", False, cues, "")
    'East of England'
    >>> list_authority("- 2021-2022: 25.5%", True, cues, "East of England")
    'East of England'
    >>> list_authority("How well we are doing:", False, cues, "East of England")
    ''
    """
    name = line.strip().rstrip(":").strip()
    if line.strip().endswith(":") and not has_figures:
        found = [a for s, e, a in cues.find(name) if s == 0 and e == len(name)]
        return found[0] if found else ""
    return current if re.match(r"\s*[-•*]\s", line) else ""


def _alone(council: str) -> Authorities:
    """The register when none is given: the paper's council alone, its region unknown."""
    return Authorities.of([{"council": council, "kind": "unitary", "region": "", "aliases": ""}])


def find_candidates(lines: Sequence[str], paper_id: str, council: str,
                    measures: pd.DataFrame | None = None, figures: pd.DataFrame | None = None,
                    progress: bool = False, *, authorities: Authorities | None = None
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draft figure rows for every printed number on ``lines`` that ``figures`` (the paper's
    curated rows) do not cover, and the numbers recognised as non-figures, with reasons.
    ``authorities`` (the registers) say how ``council``'s papers name it, its region and the
    authorities it is compared with."""
    reader = Reader.of(paper_id, council, authorities or _alone(council))
    matcher = MeasureMatcher(measures)
    curated = curated_ranges(figures, lines)
    drafts, skipped = [], []
    show = progress and len(lines) >= PROGRESS_FROM
    line_contexts = contexts(lines)
    state, blocks, wrap = PeriodInForce(), Blocks(), Wrapped()
    current = current_year(lines)
    year, year_from = (None, "") if current is None else (
        current[0], f"the year line {current[1]} calls the current financial year")
    heading_authority = ""  # 'East of England:' over its list of '- 2020-2021: 25.5%'
    above = None  # the context of that heading's line
    for n, line in enumerate(tqdm(lines, desc=f"candidates {paper_id}", unit="line",
                                  disable=not show), start=1):
        ctx = next(line_contexts)
        if not re.search(r"\d|[A-Za-z]", line):
            continue
        spans = line_spans(line)
        has_figures = any(not s.reason for s in spans)
        carried = wrap.before(line)
        state.read_line(n, line, has_figures)
        lead, header = blocks.before(line)
        in_force = state.at(ctx)
        where = (f"the heading on line {ctx.period_line}" if in_force is ctx.period else
                 f"the text above (line {state.line})")
        heading_authority = list_authority(line, has_figures, reader.cues, heading_authority)
        if heading_authority and line.strip().endswith(":"):
            # the list's heading says whose; the heading above it, of what ('Norfolk:' then
            # 'East of England:' under one measure's heading: the measure's, not 'Norfolk:')
            if above is None or not list_authority(ctx.heading, False, reader.cues, ""):
                above = ctx
        elif heading_authority:
            ctx = replace(ctx, heading=above.heading, heading_line=above.heading_line)
        context = Context(ctx, in_force, where, state.document(ctx), state.reported, lead,
                          blocks.lead_period if lead else None, header, heading_authority,
                          year, year_from, carried)
        for span in spans:
            if span.reason:
                s, e = sentence_of(line, span.start, span.end)
                s = max(s, span.start - 120)  # a window: a line of many numbers stays linear
                skipped.append({"paper_id": paper_id, "line": n, "raw": span.raw,
                                "reason": span.reason,
                                "context": re.sub(r"\s+", " ", line[s:min(e, s + 400)]
                                                  ).strip()[:160]})
        rows = line_rows(line, n, reader, context, spans) if has_figures else []
        if "\t" not in line and not header:
            state.figures_read(n, printed_periods(rows))
        blocks.after(line, has_figures, _latest(rows) or in_force, carried)
        wrap.after(line)
        drafts += [(r, fig, unit_from) for r, fig, unit_from in rows if not _covered(
            Span(r["position"], r["position"] + len(r["raw"]), r["raw"]), n, curated)]
    suggestions = matcher.suggest_many([_query(row, fig, unit_from)
                                        for row, fig, unit_from in drafts])
    rows = [_with_measures(row, fig, unit_from, found, matcher)
            for (row, fig, unit_from), found in zip(drafts, suggestions, strict=True)]
    draft = pd.DataFrame(rows, columns=DRAFT_COLUMNS)
    return number_draft(draft, paper_id, figures), pd.DataFrame(skipped,
                                                                columns=NON_FIGURE_COLUMNS)


def _period_of(row: dict):
    return first_period(row["period"]) if row["period"] else None


def _query(row: dict, fig: Figure | None, unit_from: dict) -> Query:
    """What the row's measure is looked up by; its year says which ASCOF framework its codes
    are from (2023/24 from April 2023)."""
    period = _period_of(row)
    framework = None if period is None else period.end.year * 12 + period.end.month > 2023 * 12 + 3
    return Query(unit_from["topic"], fig.unit if fig is not None else None, row["value_type"],
                 framework)


def _latest(rows: list[tuple[dict, Figure | None, dict]]):
    periods = [p for p in (_period_of(r) for r, _, _ in rows) if p is not None]
    return max(periods, key=lambda p: (p.end, p.start), default=None)


def _with_measures(row: dict, fig: Figure | None, unit_from: dict,
                   suggestions: list[tuple[str, float]], matcher: MeasureMatcher) -> dict:
    """The row with its proposed measures, and the unit the best of them gives a bare number."""
    out = dict(row)
    for k, (mid, score) in enumerate(suggestions, start=1):
        out[f"proposed_measure_{k}"], out[f"measure_score_{k}"] = mid, score
    out["measure_id"] = out["proposed_measure_1"]
    out["proposed_theme"] = matcher.themes.get(out["proposed_measure_1"], "")
    if fig is not None:
        units = [matcher.unit_of[mid] for mid, _ in suggestions]
        out["proposed_unit"] = proposed_unit(fig, row["value_type"], measure_units=units,
                                             **{k: v for k, v in unit_from.items()
                                                if k != "topic"})
    return out

def number_draft(draft: pd.DataFrame, paper_id: str, figures: pd.DataFrame | None
                 ) -> pd.DataFrame:
    """Figure ids continuing after the paper's highest curated prose id."""
    used = [] if figures is None else [
        int(m.group(1)) for m in figures["figure_id"].map(
            lambda i: re.search(r"\.p(\d{4})$", i)) if m]
    first = max(used, default=0) + 1
    out = draft.copy()
    out["figure_id"] = [f"{paper_id}.p{first + i:04d}" for i in range(len(out))]
    return out


def summary(drafts: pd.DataFrame, non_figures: pd.DataFrame) -> str:
    """Candidates found, by proposed theme, and the non-figures set aside."""
    lines = [f"{len(drafts)} candidate rows ({drafts['line'].nunique() if len(drafts) else 0} "
             f"lines); {len(non_figures)} printed numbers set aside as non-figures."]
    if len(drafts):
        themes = drafts["proposed_theme"].replace("", "(no measure)").value_counts()
        lines.append("By proposed theme: " + ", ".join(f"{t} {c}" for t, c in themes.items()))
    if len(non_figures):
        reasons = non_figures["reason"].value_counts()
        lines.append("Non-figures: " + ", ".join(f"{r} {c}" for r, c in reasons.items()))
    return "\n".join(lines)




def draft_paths(paper_id: str, out: Path | None = None, *,
                force: bool = False) -> tuple[Path, Path]:
    """Where the draft and its non-figures go: data/interim/<paper>-candidates.csv and
    <paper>-candidates-non-figures.csv, or ``out`` and a sibling. Never into the project's code,
    tests or raw evidence, and never over a file this command did not write unless ``force``
    (:mod:`analysis.guards`)."""
    draft = Path(out) if out is not None else INTERIM / f"{paper_id}-candidates.csv"
    skipped = draft.with_name(f"{draft.stem}-non-figures{draft.suffix or '.csv'}")
    for path, columns in ((draft, DRAFT_COLUMNS), (skipped, NON_FIGURE_COLUMNS)):
        check_output_file(path, header=",".join(columns), option="--out", force=force)
    return draft, skipped


def write_drafts(drafts: pd.DataFrame, non_figures: pd.DataFrame, draft_path: Path,
                 skipped_path: Path) -> None:
    """Both files written whole or not at all."""
    for frame, path in ((drafts, draft_path), (non_figures, skipped_path)):
        write_atomic(path, lambda tmp, frame=frame: frame.to_csv(tmp, index=False,
                                                                 lineterminator="\n"))
