"""Every raw figure's printed text must appear on its cited line of its cited paper."""

from __future__ import annotations

from .formats import figure_files, load_figures
from .papers import load_registry, paper_lines


def check_provenance() -> list[str]:
    """Problems found (empty when every figure is where it says it is)."""
    registry = load_registry()
    figures = load_figures(figure_files())
    problems = []
    for paper_id, group in figures.groupby("paper_id", sort=True):
        lines = paper_lines(paper_id, registry)
        for row in group.itertuples():
            n = int(row.line)
            if n > len(lines):
                problems.append(f"{row.figure_id}: line {n} is past the end of the paper "
                                f"({len(lines)} lines)")
            elif row.raw not in lines[n - 1]:
                problems.append(f"{row.figure_id}: {row.raw!r} is not on line {n}")
    return problems
