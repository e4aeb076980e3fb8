"""Numeric tables from the papers' tab-separated lines, driven by ``data/raw/tables.toml``.

Each table spec says where a table is, what its rows and columns mean; every cell of a value
column on a data row becomes one raw figure row (even a cell that holds no figure, which the
cleaner then rejects with a reason). Lines in a table's range that are neither data rows nor
declared as skippable stop the extraction: nothing is dropped silently.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import paths
from ..atomic import write_atomic
from ..errors import ExtractError
from ..parse.figures import normalise_text
from ..parse.periods import Period, financial_year, parse_period
from .figure_files import FIGURE_COLUMNS
from .papers import load_registry, paper_lines

COMPARATOR_RULES = [
    # (pattern on the cell's label text, authority, value_type)
    (re.compile(r"nat(?:ional)?\.?\s*ave", re.I), "England", "benchmark"),
    (re.compile(r"milestone", re.I), None, "milestone"),
    (re.compile(r"target", re.I), None, "target"),
    (re.compile(r"position as at", re.I), None, "target"),
]
FY_IN_TEXT = re.compile(r"\b(\d{2}/\d{2}|\d{4}/\d{2})\b")
MONTH_NAMES = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
MONTHS_IN_TEXT = re.compile(r"\b(?:" + MONTH_NAMES + r")[a-z]*\s*-\s*(?:" + MONTH_NAMES
                            + r")[a-z]*\b")
MONTH_YEAR_IN_TEXT = re.compile(r"\b(?:end of )?([A-Z][a-z]+ \d{4}|[A-Z][a-z]{2}-\d{2})\b")
DATE_IN_TEXT = re.compile(r"\b(\d{1,2}\s*(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8}\s+\d{4})\b")


@dataclass
class Column:
    index: int
    name: str
    role: str = "value"  # value | comparator | rank_or_benchmark
    period: str = ""
    measure_id: str = ""
    value_type: str = ""
    unit_hint: str | None = None
    note: str = ""
    period_source: str = "printed"  # 'context' when the table prints no period of its own


@dataclass
class TableSpec:
    id: str
    paper_id: str
    first_line: int
    last_line: int
    title: str
    authority: str
    value_type: str
    label_columns: list[int]
    columns: list[Column]
    unit_hint: str = ""
    measure_id: str = ""
    breakdown: str = ""
    rows: dict[str, str] = field(default_factory=dict)
    skip_pattern: str = r"^$"
    group_pattern: str = ""
    ref_column: int | None = None
    note_columns: dict[int, str] = field(default_factory=dict)
    row_groups: dict[int, str] = field(default_factory=dict)
    row_labels: dict[int, str] = field(default_factory=dict)
    cells: list[dict] = field(default_factory=list)
    labels: list[dict] = field(default_factory=list)
    scope: str = ""
    note: str = ""
    # the basis the paper states for the whole table, elsewhere than its rows:
    # { line = 261, quote = "no pay or price inflation" }, kept in every cell's note
    basis: dict = field(default_factory=dict)


def load_specs(path: Path = paths.TABLES_TOML) -> list[TableSpec]:
    """Every table spec in the TOML file."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ExtractError(f"{path}: not valid TOML ({exc}). Fix the syntax and rerun.") from None
    specs = []
    for i, t in enumerate(data.get("table", []), start=1):
        try:
            columns = [Column(**c) for c in t.pop("columns")]
            label_columns = t.pop("label_columns", [t.pop("label_column", 0)])
            rows = t.pop("rows", {})
            note_columns = {int(k): v for k, v in t.pop("note_columns", {}).items()}
            row_groups = {int(k): v for k, v in t.pop("row_groups", {}).items()}
            row_labels = {int(k): v for k, v in t.pop("row_labels", {}).items()}
            t["labels"] = t.pop("labels", [])
            specs.append(TableSpec(columns=columns, label_columns=label_columns, rows=rows,
                                   note_columns=note_columns, row_groups=row_groups,
                                   row_labels=row_labels, **t))
        except (TypeError, KeyError) as exc:
            raise ExtractError(f"{path}: table #{i} ({t.get('id', '?')}) is malformed: {exc}. "
                               "See the other tables for the expected keys.") from None
    ids = [s.id for s in specs]
    dupes = sorted({x for x in ids if ids.count(x) > 1})
    if dupes:
        raise ExtractError(f"{path}: duplicate table id(s) {', '.join(dupes)}; make them unique.")
    return specs


def clean_label(text: str) -> str:
    """A row label without HTML tags, footnote stars or surrounding spaces."""
    return normalise_text(text).strip("* ").strip()


def _comparator(cell: str, column: Column, spec: TableSpec) -> tuple[str, str, str, str]:
    """Authority, value type, period and note for a dashboard's comparator cell."""
    text = normalise_text(cell)
    for pattern, authority, value_type in COMPARATOR_RULES:
        if pattern.search(text):
            period = column.period
            date_m = DATE_IN_TEXT.search(text) if value_type != "target" else None
            fy_m = FY_IN_TEXT.search(text)
            my_m = MONTH_YEAR_IN_TEXT.search(text)
            if date_m:
                period = date_m.group(1)
            elif fy_m:
                period = fy_m.group(1) + (" (academic year)" if "academic" in text.lower() else "")
            elif my_m:
                period = my_m.group(1)
            label = re.sub(r"^[<>]?\s*[\d.,]+\s*(?:k|m|%)?\s*(?:per 100k pop\.?)?\s*", "", text,
                           flags=re.I)
            return authority or spec.authority, value_type, period, f"comparator: {label}"
    return spec.authority, column.value_type or spec.value_type, column.period, ""


def _placing_year(column_period: str) -> Period | None:
    """The financial year that places a bare month range ('Apr-November', '(Apr-Dec)') printed
    in a cell of this column."""
    period = parse_period(column_period)
    if not isinstance(period, Period):
        return None
    if period.kind == "financial_year":
        return period
    start = period.start
    return financial_year(start.year if start.month >= 4 else start.year - 1)


def stated_period(text: str, column_period: str) -> str:
    """The period a cell or row label states for itself ('58.4% (14/15)', '9.5 Average
    Apr-November', '736 End of November 2024'), or '' when it states none or the column's own.

    >>> stated_period("9.5 Average Apr-November", "Apr-Dec 2016")
    'Apr-Nov 2016'
    >>> stated_period("58.4% (14/15)", "2015/16"), stated_period("5.6 Average (Apr-Mar)", "2015/16")
    ('14/15', '')
    >>> stated_period("736 End of November 2024", "Apr-Nov 2024")
    '30 November 2024'
    """
    text = normalise_text(text)
    bracket = re.search(r"\((\d{2}/\d{2}|\d{4}/\d{2})\)", text)
    if bracket:
        return bracket.group(1)
    months = MONTHS_IN_TEXT.search(text)
    if months:
        context = parse_period(column_period)
        placed = parse_period(months.group(0), _placing_year(column_period))
        if isinstance(placed, Period) and isinstance(context, Period) and (
                placed.start, placed.end) != (context.start, context.end):
            return placed.label
        return ""
    end = re.search(r"end of ((?:" + MONTH_NAMES + r")[a-z]* \d{4}|(?:" + MONTH_NAMES
                    + r")-\d{2})", text, re.I)
    if not end:
        return ""
    month = parse_period(end.group(1))  # a position at the end of a month is a date
    return f"{month.end.day} {month.end:%B %Y}" if isinstance(month, Period) else end.group(1)


def _cell_period(cell: str, column: Column, label: str = "") -> tuple[str, str]:
    """The period a value cell (or, failing that, its row label) states for itself, else the
    column's; and a note saying so."""
    for text, where in ((cell, "cell"), (label, "row label")):
        own = stated_period(text, column.period)
        if own:
            if re.search(r"end of", normalise_text(text), re.I):
                return own, f"{where} states its own period (position at the end of {own})"
            return own, f"{where} states its own period ({own})"
    return column.period, ""


def _breakdown(spec: TableSpec, group: str, label: str, ref: str) -> str:
    if not spec.breakdown:
        return ""
    text = spec.breakdown.format(group=group, label=label, ref=ref)
    text = re.sub(r"\s+", " ", text).replace(" >  ", " > ").strip()
    text = re.sub(r"^(\w[\w ]*): > ", r"\1: ", text)
    return text


LABEL_KEYS = {"period", "value_type", "scope", "authority", "breakdown"}


def _label_map(spec: TableSpec) -> dict[tuple[int, int], dict]:
    """(line, column) -> the labels the paper gives a cell other than its table's: entries in
    ``labels`` name ``lines`` (a list, or ``[first, last]`` with ``range = true``), optionally
    ``columns`` (default: every value column), and any of period, value_type, scope and
    authority; a period or value type needs ``evidence``, the paper's words."""
    out = {}
    all_columns = [c.index for c in spec.columns]
    for i, entry in enumerate(spec.labels, start=1):
        given = LABEL_KEYS & set(entry)
        try:
            lines = list(entry["lines"])
            if entry.get("range"):
                lines = list(range(lines[0], lines[1] + 1))
        except (KeyError, IndexError, TypeError):
            lines = None
        if not lines or not given:
            raise ExtractError(f"Table '{spec.id}': labels entry #{i} needs 'lines' and one of "
                               f"{', '.join(sorted(LABEL_KEYS))}. See the note in tables.toml.")
        if given & {"period", "value_type"} and not entry.get("evidence"):
            raise ExtractError(f"Table '{spec.id}': labels entry #{i} sets "
                               f"{', '.join(sorted(given))} without 'evidence'. Quote the "
                               "paper's words that give it.")
        for n in lines:
            for c in entry.get("columns", all_columns):
                out[(n, c)] = entry
    return out


def extract_table(spec: TableSpec, lines: tuple[str, ...]) -> list[dict]:
    """Raw figure rows for one table; raises ExtractError on any line it cannot account for.

    A table's header states one period per column, but a row may have its own: a cell or row
    label that prints a period overrides the column's, and ``labels`` entries in the spec give
    the period or value type the paper's text states for named rows (with its words as
    evidence). ``scope`` (or a ``labels`` entry's scope) says what the figures are about when it
    is not the authority's adult social care.
    """
    if spec.last_line > len(lines):
        raise ExtractError(f"Table '{spec.id}' ends at line {spec.last_line} but paper "
                           f"'{spec.paper_id}' has {len(lines)} lines. Fix tables.toml.")
    basis = ""
    if spec.basis:
        where, quote = int(spec.basis.get("line", 0)), str(spec.basis.get("quote", ""))
        if not quote or not 0 < where <= len(lines) or quote not in lines[where - 1]:
            raise ExtractError(f"Table '{spec.id}': its basis quote {quote!r} is not on line "
                               f"{where} of paper '{spec.paper_id}'. Quote the paper's words "
                               "exactly, with the line they are printed on.")
        basis = f"basis (line {where}): '{quote}'"
    skip = re.compile(spec.skip_pattern)
    group_re = re.compile(spec.group_pattern) if spec.group_pattern else None
    overrides = {(c["line"], c["column"]): c for c in spec.cells}
    used_overrides = set()
    label_overrides = _label_map(spec)
    used_labels = set()
    group = ""
    out: list[dict] = []
    for n in range(spec.first_line, spec.last_line + 1):
        line = lines[n - 1]
        cells = line.split("\t")
        label = spec.row_labels.get(n, "")
        if not label:
            for i in spec.label_columns:
                if i < len(cells) and clean_label(cells[i]):
                    label = clean_label(cells[i])
                    break
        if group_re is not None:
            gm = group_re.search(line.strip())
            if gm:
                group = clean_label(gm.group(1))
                continue
        if n in spec.row_groups:
            group = spec.row_groups[n]
        if "\t" not in line or skip.search(line):  # tables are tab-separated lines
            continue
        if spec.rows:
            if label not in spec.rows:
                raise ExtractError(
                    f"{spec.paper_id} line {n} (table '{spec.id}'): row label {label!r} is "
                    "neither mapped in [table.rows] nor matched by skip_pattern. Map it to a "
                    "measure or skip it explicitly in tables.toml.")
            row_measure = spec.rows[label]
        else:
            row_measure = ""
        ref = clean_label(cells[spec.ref_column]) if spec.ref_column is not None and \
            spec.ref_column < len(cells) else ""
        notes = [x for x in (spec.note, basis) if x]
        for i, name in spec.note_columns.items():
            if i < len(cells) and clean_label(cells[i]):
                notes.append(f"{name}: {clean_label(cells[i])}")
            elif "progress" in name:  # the dashboard has a marker here; none survived
                notes.append(f"{name}: none printed")
        for col in spec.columns:
            cell = cells[col.index].strip() if col.index < len(cells) else ""
            override = overrides.get((n, col.index))
            if override is not None:
                used_overrides.add((n, col.index))
            parts = override["parts"] if override else [{}]
            for k, part in enumerate(parts, start=1):
                raw = part.get("raw", cell)
                if raw and raw not in line:
                    raise ExtractError(f"{spec.paper_id} line {n}: override raw {raw!r} is not on "
                                       "the line. Copy it verbatim from the paper.")
                if not raw:
                    continue  # an empty cell prints no figure
                authority, value_type, period = spec.authority, col.value_type or \
                    spec.value_type, col.period
                cell_note = ""
                if col.role == "comparator":
                    authority, value_type, period, cell_note = _comparator(cell, col, spec)
                elif col.role == "rank_or_benchmark":
                    if re.search(r"national average", normalise_text(cell), re.I):
                        authority, value_type, cell_note = "England", "benchmark", \
                            "comparator: national average"
                    else:
                        value_type = "rank"
                        cell_note = "quartile among English councils"
                    period, pnote = _cell_period(cell, col, label)
                    cell_note = "; ".join(x for x in (cell_note, pnote) if x)
                elif col.role == "value":
                    period, cell_note = _cell_period(cell, col, label)
                period_source, scope = col.period_source, spec.scope
                stated = label_overrides.get((n, col.index))
                if stated is not None:
                    used_labels.add((n, col.index))
                    scope = stated.get("scope", scope)
                    authority = stated.get("authority", authority)
                    value_type = stated.get("value_type", value_type)
                    if "period" in stated:
                        period = stated["period"]
                        period_source = stated.get("source", "context")
                    if "evidence" in stated:
                        given = " and ".join(k.replace("_", " ") for k in ("period", "value_type")
                                             if k in stated)
                        cell_note = "; ".join(x for x in (
                            cell_note, f"{given} from the paper, not the table: "
                            f"{stated['evidence']}") if x)
                measure = part.get("measure_id") or col.measure_id or \
                    (row_measure if row_measure != "data" else "") or spec.measure_id
                if not measure:
                    raise ExtractError(f"{spec.paper_id} line {n}, column {col.index}: no "
                                       "measure_id for this cell. Map the row or the column.")
                figure_id = f"{spec.paper_id}.t{n:04d}c{col.index}" + (
                    f"x{k}" if override else "")
                out.append({
                    "figure_id": figure_id,
                    "paper_id": spec.paper_id,
                    "line": str(n),
                    "locator": f"{spec.title}: row '{label or '(unlabelled)'}', column "
                               f"'{col.name}'",
                    "raw": raw,
                    "authority": part.get("authority", authority),
                    "measure_id": measure,
                    "breakdown": part.get("breakdown", stated.get(
                        "breakdown", _breakdown(spec, group, label, ref)) if stated else
                        _breakdown(spec, group, label, ref)),
                    "scope": part.get("scope", scope),
                    "period": part.get("period", period),
                    "period_source": part.get("period_source", period_source),
                    "value_type": part.get("value_type", value_type),
                    "unit_hint": part.get("unit_hint", col.unit_hint if col.unit_hint is not None
                                          else spec.unit_hint),
                    "note": "; ".join(x for x in notes + [cell_note, col.note,
                                                          part.get("note", "")] if x),
                })
    unused_labels = set(label_overrides) - used_labels
    if unused_labels:
        raise ExtractError(f"Table '{spec.id}': labels for {sorted(unused_labels)} match no "
                           "data cell. Check their line and column numbers.")
    unused = set(overrides) - used_overrides
    if unused:
        raise ExtractError(f"Table '{spec.id}': cell overrides {sorted(unused)} match no data "
                           "cell. Check their line and column numbers.")
    return out


def extract_all(specs: list[TableSpec] | None = None) -> dict[str, pd.DataFrame]:
    """Raw table figures per paper id, in line order."""
    specs = load_specs() if specs is None else specs
    registry = load_registry()
    by_paper: dict[str, list[dict]] = {}
    for spec in specs:
        lines = paper_lines(spec.paper_id, registry)
        by_paper.setdefault(spec.paper_id, []).extend(extract_table(spec, lines))
    frames = {}
    for paper_id, rows in by_paper.items():
        df = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
        df = df.sort_values(["figure_id"], key=lambda s: s.map(_id_sort_key)).reset_index(drop=True)
        dupes = df.loc[df["figure_id"].duplicated(), "figure_id"].tolist()
        if dupes:
            raise ExtractError(f"Tables in '{paper_id}' overlap: figure ids {dupes[:5]} occur "
                               "twice. Make the table line ranges disjoint.")
        frames[paper_id] = df
    return frames


def _id_sort_key(figure_id: str) -> tuple:
    m = re.search(r"\.t(\d+)c(\d+)(?:x(\d+))?$", figure_id)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)) if m else (0, 0, 0)


def tables_path(paper_id: str) -> Path:
    return paths.FIGURES_DIR / f"{paper_id}-tables.csv"


def write_tables(frames: dict[str, pd.DataFrame]) -> list[Path]:
    """Write each paper's table figures atomically; returns the paths written."""
    written = []
    for paper_id, df in sorted(frames.items()):
        path = tables_path(paper_id)
        write_atomic(path, lambda tmp, df=df: df.to_csv(tmp, index=False, lineterminator="\n"))
        written.append(path)
    return written


def compare_with_committed(frames: dict[str, pd.DataFrame]) -> list[str]:
    """Differences between a fresh extraction and the committed table CSVs (empty when equal)."""
    problems = []
    for paper_id, fresh in sorted(frames.items()):
        path = tables_path(paper_id)
        if not path.exists():
            problems.append(f"{path} is missing; run `python -m analysis extract`.")
            continue
        committed = pd.read_csv(path, dtype=str, keep_default_na=False)
        if list(committed.columns) != list(fresh.columns) or len(committed) != len(fresh):
            problems.append(f"{path}: {len(committed)} committed rows vs {len(fresh)} extracted.")
            continue
        diff = (committed != fresh.astype(str)).any(axis=1)
        for i in diff[diff].index[:10]:
            problems.append(f"{path} row {i + 2} ({fresh.at[i, 'figure_id']}) differs from a "
                            "fresh extraction.")
    return problems
