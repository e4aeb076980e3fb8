"""Numeric tables from the papers' tab-separated lines, driven by ``data/raw/tables.toml``.

Each table spec says where a table is, what its rows and columns mean; every cell of a value
column on a data row becomes one raw figure row (even a cell that holds no figure, which the
cleaner then rejects with a reason). Lines in a table's range that are neither data rows nor
declared as skippable stop the extraction: nothing is dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..atomic import write_atomic
from ..errors import ExtractError
from ..parse.figures import normalise_text
from ..settings import Settings
from .figure_files import FIGURE_COLUMNS
from .papers import load_registry, paper_lines
from .table_cells import breakdown_text, cell_period, clean_label, comparator_labels
from .table_specs import Column, TableSpec, label_map, load_specs

__all__ = ["Column", "TableSpec", "compare_with_committed", "extract_all", "extract_table",
           "load_specs", "write_table_figures"]


@dataclass
class Row:
    """One data row of a table: its line, cells, label and what every cell of it shares."""
    n: int
    line: str
    cells: list[str]
    label: str
    group: str
    measure: str
    ref: str
    notes: list[str]


@dataclass
class Uses:
    """The spec's cell overrides and label entries that matched a cell (each must match one)."""
    overrides: set = field(default_factory=set)
    labels: set = field(default_factory=set)


def basis_note(spec: TableSpec, lines: tuple[str, ...]) -> str:
    """The note quoting the basis the paper states for the whole table (one quote, or a list
    of them: each year's basis where two years differ), each checked on its line."""
    quotes = spec.basis if isinstance(spec.basis, list) else [spec.basis] if spec.basis else []
    notes = []
    for basis in quotes:
        where, quote = int(basis.get("line", 0)), str(basis.get("quote", ""))
        if not quote or not 0 < where <= len(lines) or quote not in lines[where - 1]:
            raise ExtractError(f"Table '{spec.id}': its basis quote {quote!r} is not on line "
                               f"{where} of paper '{spec.paper_id}'. Quote the paper's words "
                               "exactly, with the line they are printed on.")
        notes.append(f"basis (line {where}): '{quote}'")
    return "; ".join(notes)


def row_label(spec: TableSpec, n: int, cells: list[str]) -> str:
    """The row's label: the spec's for this line, else the first label column that has one."""
    label = spec.row_labels.get(n, "")
    for i in spec.label_columns:
        if label:
            break
        if i < len(cells) and clean_label(cells[i]):
            label = clean_label(cells[i])
    return label


def row_notes(spec: TableSpec, cells: list[str], basis: str) -> list[str]:
    """The notes every cell of the row carries: the table's, its basis, its note columns."""
    notes = [x for x in (spec.note, basis) if x]
    for i, name in spec.note_columns.items():
        if i < len(cells) and clean_label(cells[i]):
            notes.append(f"{name}: {clean_label(cells[i])}")
        elif "progress" in name:  # the dashboard has a marker here; none survived
            notes.append(f"{name}: none printed")
    return notes


def data_rows(spec: TableSpec, lines: tuple[str, ...]) -> list[Row]:
    """The table's data rows, each with its group heading; a line the spec neither maps nor
    skips is an error."""
    skip = re.compile(spec.skip_pattern)
    group_re = re.compile(spec.group_pattern) if spec.group_pattern else None
    basis = basis_note(spec, lines)
    group, rows = "", []
    for n in range(spec.first_line, spec.last_line + 1):
        line = lines[n - 1]
        cells = line.split("\t")
        label = row_label(spec, n, cells)
        heading = group_re.search(line.strip()) if group_re is not None else None
        if heading:
            group = clean_label(heading.group(1))
            continue
        group = spec.row_groups.get(n, group)
        if "\t" not in line or skip.search(line):  # tables are tab-separated lines
            continue
        if spec.rows and label not in spec.rows:
            raise ExtractError(
                f"{spec.paper_id} line {n} (table '{spec.id}'): row label {label!r} is "
                "neither mapped in [table.rows] nor matched by skip_pattern. Map it to a "
                "measure or skip it explicitly in tables.toml.")
        ref = clean_label(cells[spec.ref_column]) if spec.ref_column is not None and \
            spec.ref_column < len(cells) else ""
        rows.append(Row(n, line, cells, label, group, spec.rows.get(label, ""), ref,
                        row_notes(spec, cells, basis)))
    return rows


def column_labels(spec: TableSpec, col: Column, cell: str, label: str) -> dict:
    """Authority, value type, period and note of a cell, by its column's role."""
    authority, value_type, period, note = spec.authority, col.value_type or \
        spec.value_type, col.period, ""
    if col.role == "comparator":
        authority, value_type, period, note = comparator_labels(cell, col, spec)
    elif col.role == "rank_or_benchmark":
        if re.search(r"national average", normalise_text(cell), re.I):
            authority, value_type, note = "England", "benchmark", "comparator: national average"
        else:
            value_type, note = "rank", "quartile among English councils"
        period, period_note = cell_period(cell, col, label)
        note = "; ".join(x for x in (note, period_note) if x)
    elif col.role == "value":
        period, note = cell_period(cell, col, label)
    return {"authority": authority, "value_type": value_type, "period": period, "note": note,
            "period_source": col.period_source, "scope": spec.scope}


def stated_labels(labels: dict, stated: dict) -> dict:
    """The cell's labels with those the paper's text states for it (a ``labels`` entry)."""
    out = dict(labels, scope=stated.get("scope", labels["scope"]),
               authority=stated.get("authority", labels["authority"]),
               value_type=stated.get("value_type", labels["value_type"]))
    if "period" in stated:
        out["period"], out["period_source"] = stated["period"], stated.get("source", "context")
    if "evidence" in stated:
        given = " and ".join(k.replace("_", " ") for k in ("period", "value_type")
                             if k in stated)
        out["note"] = "; ".join(x for x in (labels["note"], f"{given} from the paper, not the "
                                            f"table: {stated['evidence']}") if x)
    return out


def figure_row(spec: TableSpec, row: Row, col: Column, k: int, part: dict, raw: str,
               labels: dict, stated: dict | None, override: bool) -> dict:
    """One raw figure row, in the figure files' columns."""
    measure = part.get("measure_id") or col.measure_id or \
        (row.measure if row.measure != "data" else "") or spec.measure_id
    if not measure:
        raise ExtractError(f"{spec.paper_id} line {row.n}, column {col.index}: no "
                           "measure_id for this cell. Map the row or the column.")
    breakdown = breakdown_text(spec, row.group, row.label, row.ref)
    if stated:
        breakdown = stated.get("breakdown", breakdown)
    return {
        "figure_id": f"{spec.paper_id}.t{row.n:04d}c{col.index}" + (f"x{k}" if override else ""),
        "paper_id": spec.paper_id,
        "line": str(row.n),
        "locator": f"{spec.title}: row '{row.label or '(unlabelled)'}', column '{col.name}'",
        "raw": raw,
        "authority": part.get("authority", labels["authority"]),
        "measure_id": measure,
        "breakdown": part.get("breakdown", breakdown),
        "scope": part.get("scope", labels["scope"]),
        "period": part.get("period", labels["period"]),
        "period_source": part.get("period_source", labels["period_source"]),
        "value_type": part.get("value_type", labels["value_type"]),
        "unit_hint": part.get("unit_hint", col.unit_hint if col.unit_hint is not None
                              else spec.unit_hint),
        "note": "; ".join(x for x in row.notes + [labels["note"], col.note,
                                                  part.get("note", "")] if x),
    }


def cell_rows(spec: TableSpec, row: Row, col: Column, overrides: dict, stated_of: dict,
              uses: Uses) -> list[dict]:
    """The figure rows of one cell: one, or one per part its override lists (a cell printing
    two figures); none for an empty cell."""
    cell = row.cells[col.index].strip() if col.index < len(row.cells) else ""
    override = overrides.get((row.n, col.index))
    if override is not None:
        uses.overrides.add((row.n, col.index))
    stated = stated_of.get((row.n, col.index))
    out = []
    for k, part in enumerate(override["parts"] if override else [{}], start=1):
        raw = part.get("raw", cell)
        if raw and raw not in row.line:
            raise ExtractError(f"{spec.paper_id} line {row.n}: override raw {raw!r} is not on "
                               "the line. Copy it verbatim from the paper.")
        if not raw:
            continue  # an empty cell prints no figure
        labels = column_labels(spec, col, cell, row.label)
        if stated is not None:
            uses.labels.add((row.n, col.index))
            labels = stated_labels(labels, stated)
        out.append(figure_row(spec, row, col, k, part, raw, labels, stated,
                              override is not None))
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
    overrides = {(c["line"], c["column"]): c for c in spec.cells}
    stated_of = label_map(spec)
    uses = Uses()
    out = [figure for row in data_rows(spec, lines) for col in spec.columns
           for figure in cell_rows(spec, row, col, overrides, stated_of, uses)]
    if set(stated_of) - uses.labels:
        raise ExtractError(f"Table '{spec.id}': labels for {sorted(set(stated_of) - uses.labels)}"
                           " match no data cell. Check their line and column numbers.")
    if set(overrides) - uses.overrides:
        raise ExtractError(f"Table '{spec.id}': cell overrides "
                           f"{sorted(set(overrides) - uses.overrides)} match no data cell. Check "
                           "their line and column numbers.")
    return out


def extract_all(settings: Settings, specs: list[TableSpec] | None = None
                ) -> dict[str, pd.DataFrame]:
    """Raw table figures per paper id, in line order."""
    specs = load_specs(settings.tables_toml) if specs is None else specs
    registry = load_registry(settings.papers_csv)
    by_paper: dict[str, list[dict]] = {}
    for spec in specs:
        lines = paper_lines(spec.paper_id, registry, settings.paper_dirs())
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


def tables_path(figures_dir: Path, paper_id: str) -> Path:
    return Path(figures_dir) / f"{paper_id}-tables.csv"


def write_table_figures(frames: dict[str, pd.DataFrame], figures_dir: Path) -> list[Path]:
    """Write each paper's table figures atomically; returns the paths written."""
    written = []
    for paper_id, df in sorted(frames.items()):
        path = tables_path(figures_dir, paper_id)
        write_atomic(path, lambda tmp, df=df: df.to_csv(tmp, index=False, lineterminator="\n"))
        written.append(path)
    return written


def compare_with_committed(frames: dict[str, pd.DataFrame], figures_dir: Path) -> list[str]:
    """Differences between a fresh extraction and the committed table CSVs (empty when equal)."""
    problems = []
    for paper_id, fresh in sorted(frames.items()):
        path = tables_path(figures_dir, paper_id)
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
