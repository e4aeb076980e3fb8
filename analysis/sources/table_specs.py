"""Table specifications (``data/raw/tables.toml``): where each numeric table of a paper is and
what its rows, columns and cells mean."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ExtractError


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
    # { line = 261, quote = "no pay or price inflation" } (or a list of them), kept in every
    # cell's note
    basis: dict | list = field(default_factory=dict)


def load_specs(path: Path) -> list[TableSpec]:
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


LABEL_KEYS = {"period", "value_type", "scope", "authority", "breakdown"}


def label_map(spec: TableSpec) -> dict[tuple[int, int], dict]:
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


