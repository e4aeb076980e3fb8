"""Candidate figures for a new paper: every printed number no figure file covers yet, proposed
as a draft row in the prose-figure format for a curator to accept, correct or skip.

The tool proposes and the analyst decides: the parse comes from ``numbers.parse_figure``, the
period from ``periods.parse_period``, the authority from ``authorities``; the rest (value type,
measures) are cue words and fuzzy matching, and every proposal is named as one.

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

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process, utils
from tqdm import tqdm

from .. import paths
from ..atomic import write_atomic
from ..guards import check_output_file
from ..parse.authorities import canonical_authority
from ..parse.figures import FY_OR_MONTH, Figure, Rejection, is_period, parse_figure
from ..parse.periods import Period, parse_period
from ..sources.figure_files import FIGURE_COLUMNS
from .spans import Span, line_spans, number_tokens, printed_at

REVIEW_COLUMNS = [
    "decision", "position", "context", "proposed_value", "proposed_unit", "proposed_qualifier",
    "numerator", "denominator", "lower", "upper", "unreadable", "proposed_period",
    "proposed_period_source", "period_from", "proposed_authority", "proposed_value_type",
    "proposed_measure_1", "measure_score_1", "proposed_measure_2", "measure_score_2",
    "proposed_measure_3", "measure_score_3", "proposed_theme",
]
DRAFT_COLUMNS = FIGURE_COLUMNS + REVIEW_COLUMNS
NON_FIGURE_COLUMNS = ["paper_id", "line", "raw", "reason", "context"]
PROGRESS_FROM = 500  # lines: smaller papers finish before a bar is worth drawing

# Cue words, nearest first: whose figure it is, when the sentence names someone else.
AUTHORITY_CUES = [
    (r"\bnational(?:ly)?\b|\bengland\b|\bnational average\b|\bnat\.? ave\.?", "England"),
    (r"\beast midlands\b|\bregional(?:ly)?\b|\bthe region\b|\bregion's\b", "East Midlands"),
    (r"\bcomparators?\b|\bpeers?\b|\bnearest neighbours\b|\bcipfa\b|\bsimilar councils\b",
     "Peer group"),
    (r"\bLLR\b|\bleicester,? leicestershire and rutland\b", "LLR"),
    (r"\brutland\b", "Rutland"),
    (r"\bleicestershire\b|\bthe county\b|\bcounty council\b", "Leicestershire"),
    (r"\bleicester(?: city)?\b(?!shire)|\bthe city\b|\bcity council\b", "Leicester"),
    (r"\bLCC\b", "LCC"),
]
# Value types by cue words; the first family whose words are near the number wins.
VALUE_TYPE_CUES = [
    ("target", r"\btargets?\b|\baim(?:s|ing)? (?:to|for)\b|\bthreshold\b|\bambition\b"),
    ("milestone", r"\bmilestones?\b|\btrajectory\b"),
    ("forecast", r"\bforecasts?\b|\bprojected outturn\b|\boutturn\b|\bforecasting\b"),
    ("projection", r"\bby 20[3-5]\d\b|\bprojections?\b|\bprojected\b|\bwill (?:need|be needed|"
                   r"rise|increase|grow)\b|\bexpected to (?:rise|grow|increase)\b"),
    ("rank", r"\branked\b|\bquartile\b|\b(?:highest|lowest)\b|\bposition\b"),
    ("benchmark", r"\b(?:national|regional|england|peer|comparator)\s+(?:average|mean|median|"
                  r"figure|rate)\b|\baverage (?:for|in|across) (?:england|the east midlands)\b|"
                  r"\bbenchmark"),
    ("budget", r"\bbudgets?\b|\bsavings?\b|\bgrowth\b|\ballocat\w+|\bfunding\b|\bspend\b|"
               r"\bcosts?\b|\bincome\b|\bmtfs\b|\b£'?000\b"),
]
CHANGE_WORDS = (r"increas\w*|decreas\w*|reduc\w*|fall\w*|fell|ris\w*|rose|grew|grow\w*|drop\w*|"
                r"declin\w*|more|fewer|higher|lower|up|down|saving")
CUE_BEFORE, CUE_AFTER = 45, 25  # characters: 'a target of 20%', '20% target'
# How far from a number its cue words, and the numbers that compete for them, are read: a cue
# owns a number at most CUE_BEFORE + 15 characters away, and the numbers nearer the cue than
# this one lie within as far again.
REACH = 3 * (CUE_BEFORE + 15)
COMPARED = r"\b(?:against|compared (?:with|to)|versus|vs\.?|whereas|while|but)\b|[;(]"
UNIT_LABEL = re.compile(r"\s*\(?£\s?'?(?:000|m|k)?\)?\s*|\s*%\s*")
HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][^.!?]{2,118}$")
COUNT_LIKE = {"count", "ratio", "rank", "quartile"}
UNIT_HINT_OF = {"percent": "%", "gbp": "£", "per_100k": "per 100k", "years": "years",
                "days": "days", "hours": "hours", "minutes": "minutes"}


@dataclass(frozen=True)
class LineContext:
    heading: str  # the nearest heading or table header above
    heading_line: int
    period: Period | None  # the nearest period printed in a heading or table header
    period_line: int
    header: list[str]  # cells of the table header above a table row, else []


@lru_cache(maxsize=1024)
def _period_in(text: str) -> Period | None:
    """The first period printed in ``text`` (a financial year, month, span of months)."""
    for m in FY_OR_MONTH.finditer(text):
        if not is_period(m.group(0), text[m.end():]):
            continue
        longer = re.match(r"\s*(?:-|to)\s*" + FY_OR_MONTH.pattern, text[m.end():], re.I)
        for candidate in ([m.group(0) + longer.group(0)] if longer else []) + [m.group(0)]:
            period = parse_period(candidate.strip())
            if isinstance(period, Period):
                return period
    for m in re.finditer(r"\b(?:19|20)\d{2}\b", text):
        period = parse_period(m.group(0))
        if isinstance(period, Period):
            return period
    return None


@lru_cache(maxsize=256)
def _periods_printed(text: str) -> tuple[tuple[int, Period], ...]:
    """Each place ``text`` prints a year or period, with the period read from there on; read
    once per sentence, however many figures it holds."""
    found = []
    for m in list(FY_OR_MONTH.finditer(text)) + list(re.finditer(r"\b(?:19|20)\d{2}\b", text)):
        period = _period_in(text[m.start():])
        if period is not None:
            found.append((m.start(), period))
    return tuple(found)


def _nearest_period(text: str, at: int) -> Period | None:
    """The period printed nearest position ``at`` of ``text`` (the first of two as near)."""
    best, distance = None, None
    for start, period in _periods_printed(text):
        d = abs(start - at)
        if distance is None or d < distance:
            best, distance = period, d
    return best


@lru_cache(maxsize=256)
def _sentence_bounds(line: str) -> tuple[list[int], list[int]]:
    """Where the sentences of a prose line start, and where each ends (its stop)."""
    starts = [0] + [m.end() for m in re.finditer(r"(?<=[.;!?])\s+(?=[A-Z(\"'])", line)]
    ends = [m.start() for m in re.finditer(r"[.;!?](?:\s|$)", line)]
    return starts, ends


def _sentence(line: str, span: Span) -> tuple[int, int]:
    """Bounds of the sentence (or table cell) of ``line`` that holds ``span``."""
    if "\t" in line:
        start = line.rfind("\t", 0, span.start) + 1
        end = line.find("\t", span.end)
        return start, len(line) if end < 0 else end
    starts, ends = _sentence_bounds(line)
    start = starts[bisect.bisect_right(starts, span.start) - 1]
    after = bisect.bisect_left(ends, span.end)
    return start, (ends[after] + 1 if after < len(ends) else len(line))


def context_phrase(line: str, span: Span, ctx: LineContext, width: int = 90) -> str:
    """The words around the span: its clause in prose; row label, column header and heading in a
    table."""
    if "\t" in line:
        cells = line.split("\t")
        index = line[: span.start].count("\t")
        label = next((c for c in cells if re.search(r"[A-Za-z]{3}", c)), "")
        column = ctx.header[index] if index < len(ctx.header) else ""
        parts = [p.strip() for p in (label, column, ctx.heading) if p and p.strip()]
        return " | ".join(dict.fromkeys(parts))
    s, e = _sentence(line, span)
    left = line[max(s, span.start - width): span.start]
    right = line[span.end: min(e, span.end + width // 2)]
    if span.start - width > s:
        left = left.split(" ", 1)[-1]
    return re.sub(r"\s+", " ", (left + line[span.start:span.end] + right)).strip()


def _authority(text: str, at: int, end: int, council: str) -> str:
    """The authority named for the number at text[at:end]: a cue word ('in England', 'the
    national average of', 'East Midlands') belongs to the number nearest it, counting numbers
    before the cue a little nearer ('43% in East Midlands'); a cue past 'against' or 'compared
    with' belongs to the comparator. Else the paper's own council. Only the words within a
    cue's reach of the number are read."""
    lo = max(0, at - REACH)
    text, at, end = text[lo:end + REACH], at - lo, end - lo
    numbers = number_tokens(text)
    best, distance = council, None
    for pattern, name in AUTHORITY_CUES:
        for m in re.finditer(pattern, text, 0 if name in ("LLR", "LCC") else re.I):
            owner = _owner(numbers, m.start(), m.end(), text)
            if owner is None or not (at <= owner[0] < end):
                continue
            d = abs(owner[0] - m.start())
            if distance is None or d < distance:
                found = canonical_authority(name, council)
                best, distance = (found or name), d
    return best


def _owner(numbers: list[tuple[int, int]], start: int, end: int, text: str
           ) -> tuple[int, int] | None:
    """The number a cue at text[start:end] describes, within reach and the same clause."""
    best, score = None, None
    for s, e in numbers:
        if e <= start:
            gap, between, weight = start - e, text[e:start], 1.0
        elif s >= end:
            gap, between, weight = s - end, text[end:s], 1.5
        else:
            continue
        if gap > CUE_BEFORE + 15 or re.search(COMPARED, between, re.I):
            continue
        if score is None or gap * weight < score:
            best, score = (s, e), gap * weight
    return best


def _value_type(sentence: str, span_at: tuple[int, int], raw: str, fig: Figure | None,
                table_money: bool, authority: str, council: str) -> str:
    """The value type whose cue words sit nearest the number (within a few words before it or
    just after it); a figure printed with change words is a change."""
    start, end = span_at
    printed = re.sub(r"\b(?:more|less|fewer) than\b|\bup to\b", " ", raw, flags=re.I)
    if fig is not None and fig.direction != 0 and re.search(
            r"\b(?:" + CHANGE_WORDS + r")\b", printed, re.I):
        return "change"
    if fig is not None and fig.unit == "percent" and re.match(r"\(?\s*[-+]\s?\d", printed):
        return "change"  # '+25%', '-33%/-60,000 jobs': a signed percentage is a change
    lo = max(0, start - REACH)  # cue words count only within a few words of the number
    sentence, start, end = sentence[lo:end + REACH], start - lo, end - lo
    best, distance = None, None
    for value_type, pattern in VALUE_TYPE_CUES:
        if value_type == "budget" and not ((fig is not None and fig.unit == "gbp")
                                           or table_money):
            continue
        for m in re.finditer(pattern, sentence, re.I):
            if m.end() <= start:
                d = start - m.end()
                ok = d <= CUE_BEFORE
            elif m.start() >= end:
                d = m.start() - end
                ok = d <= CUE_AFTER
            else:
                d, ok = 0, True
            if ok and (distance is None or d < distance):
                best, distance = value_type, d
    if best is not None:
        return best
    if fig is not None and fig.unit in ("rank", "quartile"):
        return "rank"
    if authority != council and authority not in ("LLR", "Leicester and Leicestershire"):
        return "benchmark"
    if table_money:
        return "budget"
    return "actual"


def _hint_from_header(header_cell: str) -> str:
    cell = header_cell.replace("’", "'")
    if re.search(r"£\s?'?000|£k\b|\(£000\)", cell):
        return "£000"
    if re.search(r"£\s?m\b|£\s?million", cell, re.I):
        return "£m"
    if "£" in cell:
        return "£"
    if "%" in cell:
        return "%"
    return ""


def _header_cell(line: str, span: Span, header: list[str]) -> str:
    """The header cell over the span's column; a header with fewer cells than the row is
    aligned on the right (row labels and codes sit left of the figures)."""
    cells = line.split("\t")
    column = line[: span.start].count("\t")
    if header and len(header) < len(cells):
        column -= len(cells) - len(header)
    return header[column] if 0 <= column < len(header) else ""


def _parses(raw: str, hint: str, table: bool, money_table: bool) -> list[tuple[str, Figure |
                                                                              Rejection]]:
    """One parse per figure the span prints: two for '14,353 (43%)' (a count and a percent),
    each with the unit_hint that picks it, as the curation rules ask."""
    first = parse_figure(raw, hint or None, accounting=money_table, prose=not table)
    out = [(hint, first)]
    if hint or not isinstance(first, Figure):
        return out
    for other in ("%", "count"):
        alt = parse_figure(raw, other, prose=not table)
        if isinstance(alt, Figure) and "attached figure chosen by unit_hint" in alt.flags:
            primary = "count" if first.unit is None else UNIT_HINT_OF.get(first.unit, "")
            return [(primary, first), (other, alt)]
    return out


def _proposed_value(fig: Figure, value_type: str) -> float:
    """The value as the cleaner would give it: a change signed by its words or sign."""
    if value_type == "change":
        direction = fig.direction or (-1 if fig.value < 0 else 1 if "plus sign" in fig.flags
                                      else 0)
        if direction:
            return abs(fig.value) * direction
    return fig.value


UNIT_CUES = [("per_100k", r"per\s*100,?000|per\s*100k|per\s*100 000"),
             ("days", r"\bdays?\b"), ("years", r"\byears?\b|\baverage age\b|\bage of\b"),
             ("hours", r"\bhours?\b"), ("minutes", r"\bminutes?\b|\bmins\b"),
             ("ratio", r"\bratio\b|\bscore\b")]


def _proposed_unit(fig: Figure, value_type: str, phrase: str, measure_units: list[str]) -> str:
    """The indicator table's unit for this figure, as the build would give it: a percentage
    in a change is a percent change (unless printed as points); a bare number is a count unless
    its context names another unit that one of the suggested measures is measured in."""
    if fig.unit == "percent" and value_type == "change":
        return "percentage_points" if "point" in phrase.lower() else "percent_change"
    if fig.unit is None:
        if any(f.startswith("score out of") for f in fig.flags):
            return "ratio"
        for unit, pattern in UNIT_CUES:
            if unit in measure_units and re.search(pattern, phrase, re.I):
                return unit
        return "count"
    if fig.unit == "gbp" and "gbp_per_hour" in measure_units[:1] and abs(fig.value) < 100:
        return "gbp_per_hour"
    return fig.unit


BARE_UNITS = {"count", "ratio", "days", "years", "hours", "minutes", "gbp", "per_100k"}
OTHER_UNIT_WEIGHT = 0.7  # a measure in another unit than the one printed is a worse fit
UNIT_FAMILY = {"percent": {"percent"}, "gbp": {"gbp", "gbp_per_hour"}, "per_100k": {"per_100k"},
               "years": {"years"}, "days": {"days"}, "hours": {"hours"},
               "minutes": {"minutes"}, "rank": {"rank", "count", "quartile"},
               "quartile": {"quartile", "rank", "count"}}


class MeasureMatcher:
    """Ranks catalogue measures by how well label and definition match a phrase (rapidfuzz),
    preferring measures in the figure's printed unit."""

    def __init__(self, measures: pd.DataFrame | None):
        self.measures = measures if measures is not None else pd.DataFrame(
            columns=["measure_id", "theme", "label", "unit", "definition"])
        self.ids = list(self.measures["measure_id"])
        self.units = list(self.measures["unit"])
        self.themes = dict(zip(self.measures["measure_id"], self.measures["theme"], strict=True))
        self.unit_of = dict(zip(self.measures["measure_id"], self.measures["unit"], strict=True))
        self.texts = [utils.default_process(f"{label} {definition}") for label, definition in
                      zip(self.measures["label"], self.measures["definition"], strict=True)]
        self.labels = [utils.default_process(label) for label in self.measures["label"]]

    def suggest_many(self, items: list[tuple[str, Figure | None, str]], limit: int = 3
                     ) -> list[list[tuple[str, float]]]:
        """Up to ``limit`` (measure id, score) for each (phrase, figure, value type), best first.
        Scored in one batch: a paper's candidates share one rapidfuzz matrix."""
        if not self.ids or not items:
            return [[] for _ in items]
        queries = [utils.default_process(re.sub(r"[\d£%,.]+", " ", phrase))
                   for phrase, _, _ in items]
        unique = sorted(set(queries))
        # Half how well the words match label and definition, half how well the label alone
        # appears in the phrase: the mix ranked the curated measure best on the bundled papers.
        matrix = 0.5 * (process.cdist(unique, self.texts, scorer=fuzz.token_set_ratio,
                                      workers=-1)
                        + process.cdist(unique, self.labels, scorer=fuzz.partial_ratio,
                                        workers=-1))
        row_of = {q: i for i, q in enumerate(unique)}
        units = np.array(self.units)
        out = []
        for query, (_, fig, value_type) in zip(queries, items, strict=True):
            if not query.strip():
                out.append([])
                continue
            printed = fig.unit if fig is not None else None
            wanted = UNIT_FAMILY.get(printed, BARE_UNITS if printed is None else {printed})
            fits = np.isin(units, list(wanted))
            if value_type == "change" and printed == "percent":
                fits[:] = True  # a percent change can be of any measure
            scores = matrix[row_of[query]] * np.where(fits, 1.0, OTHER_UNIT_WEIGHT)
            best = np.lexsort((np.array(self.ids), -scores))[:limit]
            out.append([(self.ids[i], round(float(scores[i]), 1)) for i in best])
        return out


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


def _contexts(lines: Sequence[str]):
    """The heading, table header and period in force at each line."""
    heading, heading_line, period, period_line, header = "", 0, None, 0, []
    after_header = False
    for n, line in enumerate(lines, start=1):
        yield LineContext(heading, heading_line, period, period_line,
                          header if "\t" in line else [])
        text = line.strip().strip("*").strip()
        if not text:
            continue
        if "\t" in line:
            cells = line.split("\t")
            numbers = [c for c in cells[1:] if re.search(r"\d", c) and not _period_in(c)
                       and not UNIT_LABEL.fullmatch(c)
                       and re.fullmatch(r"[-+()£%.,\d\sm'k]+", c.strip())]
            labels = [c for c in cells if c.strip()]
            dated = any(_period_in(c) or UNIT_LABEL.fullmatch(c) for c in labels)
            if not numbers and (len(labels) >= 2 or dated):  # a header: labels, periods, units
                if after_header and len(cells) == len(header):  # a second header row
                    cells = [f"{a.strip()} {b.strip()}".strip() for a, b in zip(
                        header, cells, strict=True)]
                header, after_header = cells, True
                heading, heading_line = " ".join(c.strip() for c in cells if c.strip()), n
                found = _period_in(line)
                if found is not None:
                    period, period_line = found, n
            else:
                after_header = False
            continue
        after_header = False
        header = []
        if HEADING.match(text) and len(text.split()) <= 16:
            heading, heading_line = text, n
            found = _period_in(text)
            if found is not None and found.kind != "date":  # a meeting date is no period
                period, period_line = found, n


def find_candidates(lines: Sequence[str], paper_id: str, council: str,
                    measures: pd.DataFrame | None = None, figures: pd.DataFrame | None = None,
                    progress: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Draft figure rows for every printed number on ``lines`` that ``figures`` (the paper's
    curated rows) do not cover, and the numbers recognised as non-figures, with reasons."""
    matcher = MeasureMatcher(measures)
    curated = curated_ranges(figures, lines)
    drafts, skipped = [], []
    show = progress and len(lines) >= PROGRESS_FROM
    contexts = _contexts(lines)
    for n, line in enumerate(tqdm(lines, desc=f"candidates {paper_id}", unit="line",
                                  disable=not show), start=1):
        ctx = next(contexts)
        if not re.search(r"\d|[A-Za-z]", line):
            continue
        for span in line_spans(line):
            if span.reason:
                s, e = _sentence(line, span)
                skipped.append({"paper_id": paper_id, "line": n, "raw": span.raw,
                                "reason": span.reason,
                                "context": re.sub(r"\s+", " ", line[s:e]).strip()[:160]})
                continue
            if _covered(span, n, curated):
                continue
            drafts += _draft_rows(line, n, span, ctx, paper_id, council)
    suggestions = matcher.suggest_many([(row["context"], fig, row["value_type"])
                                        for row, fig in drafts])
    rows = [_with_measures(row, fig, found, matcher)
            for (row, fig), found in zip(drafts, suggestions, strict=True)]
    draft = pd.DataFrame(rows, columns=DRAFT_COLUMNS)
    return number_draft(draft, paper_id, figures), pd.DataFrame(skipped,
                                                                columns=NON_FIGURE_COLUMNS)


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


def _draft_rows(line: str, n: int, span: Span, ctx: LineContext, paper_id: str, council: str
                ) -> list[tuple[dict, Figure | None]]:
    """The draft rows of one span (two for '14,353 (43%)'), measures still to be proposed."""
    table = "\t" in line
    header_cell = _header_cell(line, span, ctx.header) if table else ""
    lone = table and re.fullmatch(r"\s*" + re.escape(span.raw) + r"\s*", line[
        line.rfind("\t", 0, span.start) + 1: (line.find("\t", span.end) + 1 or len(line) + 1) - 1])
    hint = _hint_from_header(header_cell) if lone else ""
    if lone and not hint and ctx.header:
        units = {_hint_from_header(c) for c in ctx.header} - {""}
        hint = units.pop() if len(units) == 1 else ""  # every column in the same unit
    money_table = table and (hint in ("£000", "£m", "£") or "£" in line or any(
        _hint_from_header(c).startswith("£") for c in ctx.header))
    phrase = context_phrase(line, span, ctx)
    s, e = _sentence(line, span)
    sentence = line[s:e]
    at = span.start - s
    authority = _authority(sentence, at, at + len(span.raw), council)
    period, source, where = _propose_period(line, span, ctx, header_cell, sentence, at)
    rows = []
    for unit_hint, fig in _parses(span.raw, hint, table, money_table):
        figure = fig if isinstance(fig, Figure) else None
        where_in = (0, len(phrase)) if table else (span.start - s, span.end - s)
        value_type = _value_type(phrase if table else sentence, where_in, span.raw, figure,
                                 money_table,
                                 authority, council)
        if value_type == "budget" and table and figure is not None and figure.unit != "gbp":
            # the build reads budget rows as accounts: '(11.0%)' is minus 11%
            refig = parse_figure(span.raw, unit_hint or None, accounting=True, prose=False)
            figure = refig if isinstance(refig, Figure) else figure
        row = {c: "" for c in DRAFT_COLUMNS}
        row.update({
            "paper_id": paper_id, "line": n, "locator": ctx.heading[:80] or f"line {n}",
            "raw": span.raw, "position": span.start, "authority": authority,
            "period": period, "period_source": source, "value_type": value_type,
            "unit_hint": unit_hint, "context": phrase,
            "proposed_period": period, "proposed_period_source": source, "period_from": where,
            "proposed_authority": authority, "proposed_value_type": value_type,
        })
        if figure is not None:
            row.update({
                "proposed_value": _proposed_value(figure, value_type),
                "proposed_qualifier": figure.qualifier or "",
                "numerator": figure.numerator, "denominator": figure.denominator,
                "lower": figure.lower, "upper": figure.upper,
            })
        else:
            row["unreadable"] = fig.reason
        rows.append((row, figure))
    return rows


def _with_measures(row: dict, fig: Figure | None, suggestions: list[tuple[str, float]],
                   matcher: MeasureMatcher) -> dict:
    """The row with its proposed measures, and the unit the best of them gives a bare number."""
    out = dict(row)
    for k, (mid, score) in enumerate(suggestions, start=1):
        out[f"proposed_measure_{k}"], out[f"measure_score_{k}"] = mid, score
    out["measure_id"] = out["proposed_measure_1"]
    out["proposed_theme"] = matcher.themes.get(out["proposed_measure_1"], "")
    if fig is not None:
        units = [matcher.unit_of[mid] for mid, _ in suggestions]
        out["proposed_unit"] = _proposed_unit(fig, row["value_type"], row["context"], units)
    return out


def _propose_period(line: str, span: Span, ctx: LineContext, header_cell: str, sentence: str,
                    at: int) -> tuple[str, str, str]:
    """(label, printed|context, where it was read) for the period a figure is proposed for."""
    if "\t" in line:
        for text, where in ((header_cell, "the column header"), (line, "the table row")):
            found = _period_in(text) if text else None
            if found is not None:
                return found.label, "printed" if where == "the table row" else "context", \
                    f"proposed from {where}"
    else:
        found = _nearest_period(sentence, at)
        if found is not None:
            return found.label, "printed", "proposed from the sentence"
        found = _nearest_period(line, span.start)
        if found is not None and found.kind != "date":
            return found.label, "context", "proposed from the paragraph"
    if ctx.period is not None:
        return ctx.period.label, "context", f"proposed from the heading on line {ctx.period_line}"
    return "", "context", "no period found: give one"


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
    draft = Path(out) if out is not None else paths.INTERIM / f"{paper_id}-candidates.csv"
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
