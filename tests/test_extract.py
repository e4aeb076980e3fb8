"""The papers' numeric tables, extracted by code, match what is committed."""

from __future__ import annotations

import pytest

from analysis.errors import ExtractError
from analysis.settings import Settings
from analysis.sources.extraction import (
    compare_with_committed,
    extract_all,
    extract_table,
    load_specs,
)

from .conftest import lines_of, needs_papers


@needs_papers
def test_reextracting_the_tables_reproduces_the_committed_figures():
    assert compare_with_committed(extract_all(Settings()), Settings().figures_dir) == []


@needs_papers
def test_every_budget_cell_of_the_revenue_table_is_extracted():
    spec = next(s for s in load_specs(Settings().tables_toml) if s.id == "lcs25-revenue-budget")
    rows = extract_table(spec, lines_of(spec.paper_id))
    # 50 data rows x 7 value columns: every printed cell is a figure.
    assert len(rows) == 50 * 7
    total = [r for r in rows if r["figure_id"].endswith("t0659c8")][0]
    assert total["raw"] == "233,703,000"
    # the department total is the whole of the department, not one of its lines
    assert (total["breakdown"], total["scope"]) == ("", "adults and communities department")
    line = [r for r in rows if r["figure_id"].endswith("t0651c8")][0]  # Libraries Operational
    assert line["scope"] == "communities and wellbeing"


@needs_papers
def test_an_unmapped_row_stops_the_extraction():
    spec = next(s for s in load_specs(Settings().tables_toml) if s.id == "lcs25-dashboard")
    spec.rows = {k: v for k, v in spec.rows.items() if k != "Heritage visits"}
    with pytest.raises(ExtractError, match="line 903.*'Heritage visits'"):
        extract_table(spec, lines_of(spec.paper_id))


@needs_papers
def test_a_cell_override_must_quote_the_paper():
    spec = next(s for s in load_specs(Settings().tables_toml) if s.id == "lcs25-dashboard")
    spec.cells = [{"line": 943, "column": 5, "parts": [{"raw": "13 per 100k"}]}]
    with pytest.raises(ExtractError, match="not on the line"):
        extract_table(spec, lines_of(spec.paper_id))


@needs_papers
def test_a_tables_stated_basis_is_quoted_from_its_line_into_every_cell():
    from dataclasses import replace

    spec = next(s for s in load_specs(Settings().tables_toml) if s.id == "lcs25-mtfs-summary")
    lines = lines_of(spec.paper_id)
    rows = extract_table(spec, lines)
    assert all("basis (line 261): 'Detailed service budgets have been compiled on the basis of "
               "no pay or price inflation" in r["note"] for r in rows)
    with pytest.raises(ExtractError, match="not on line 260"):
        extract_table(replace(spec, basis={"line": 260, "quote": spec.basis["quote"]}), lines)
