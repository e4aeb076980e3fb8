"""Held-out recall of the candidate finder on the bundled papers.

For each paper, `candidates` runs as if nothing were curated; each curated figure (every row the
build turned into an indicator) is then looked for among the candidates on its line.
Printed per paper: figures found (target >= 99%), value and unit read as the build reads them
(target >= 95%), the curated measure among the three suggestions, and the exact same span.

With --line-figures N ..., it times the finder instead on one line printing N figures (a
pathological table flattened onto one line), which must grow linearly.

Run: .venv/bin/python bench/candidates.py [--misses N] [--wrong N] [--line-figures 1000 4000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.curate.recall import held_out  # noqa: E402
from analysis.dataset.build import build  # noqa: E402
from analysis.dataset.catalogue import load_measures  # noqa: E402
from analysis.sources.papers import load_registry, paper_lines  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=10, help="curated figures not found to list")
    parser.add_argument("--wrong", type=int, default=10, help="figures read differently to list")
    parser.add_argument("--line-figures", type=int, nargs="*", metavar="N",
                        help="time the finder on one line of N figures instead")
    args = parser.parse_args(argv)
    if args.line_figures:
        return line_figures(args.line_figures)
    start = time.perf_counter()
    result = build()
    registry = load_registry()
    papers = {r.paper_id: (paper_lines(r.paper_id, registry), r.council)
              for r in registry.itertuples()}
    table, scores = held_out(papers, result.indicators, load_measures())
    seconds = time.perf_counter() - start
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table[["curated", "found", "found_pct", "read_right", "read_right_pct",
                     "measure_suggested", "measure_suggested_pct", "same_span",
                     "same_span_pct"]].to_string())
        print("\nOther proposals (% of curated figures whose candidate proposes what the curator"
              " chose):")
        print(table[["authority_right_pct", "value_type_right_pct",
                     "period_right_pct"]].to_string())
    print(f"({seconds:.1f}s including the build)")
    misses = scores.loc[~scores["found"]]
    print(f"\nNot found: {len(misses)}")
    for row in misses.head(args.misses).itertuples():
        print(f"  {row.figure_id} line {row.line}: {row.raw!r}")
    wrong = scores.loc[scores["found"] & ~scores["read_right"]]
    merged = wrong.merge(result.indicators[["figure_id", "value", "unit"]], on="figure_id")
    print(f"\nFound but read differently: {len(wrong)}")
    for row in merged.head(args.wrong).itertuples():
        print(f"  {row.figure_id} line {row.line}: {row.raw!r} is {row.value:g} {row.unit}; "
              f"candidates {row.candidates!r}")
    return 0


def line_figures(sizes: list[int]) -> int:
    """Seconds to draft one line of N percentages, and per figure (flat when linear)."""
    from analysis.curate.candidates import find_candidates
    for n in sizes:
        line = "Rates were " + ", ".join(f"{i % 97 + 1}.{i % 10}%" for i in range(n)) + "."
        start = time.perf_counter()
        drafts, _ = find_candidates(["Reablement 2023/24", line], "leicester-x", "Leicester",
                                    progress=False)
        seconds = time.perf_counter() - start
        print(f"{n:6d} figures on one line: {seconds:6.2f}s ({1e3 * seconds / n:.2f} ms a "
              f"figure, {len(drafts)} drafted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
