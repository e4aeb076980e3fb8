"""Held-out recall of the candidate finder on the bundled papers.

For each paper, `candidates` runs as if nothing were curated; each curated figure (every row the
build turned into an indicator) is then looked for among the candidates on its line.
Printed per paper: figures found (target >= 99%), value and unit read as the build reads them
(target >= 95%), the curated measure among the three suggestions, and the exact same span.

With --line-figures N ..., it times the finder instead on one line printing N figures (a
pathological table flattened onto one line), which must grow linearly.

With --external DIR, it scores the finder instead on papers no one here wrote: DIR holds
texts/*.txt, answers.csv, councils.csv (registered for the run only) and optionally halves.csv
(bench/heldout/ holds the answers for the held-out set of issue 26; its texts are not ours to
commit). Printed per half: value and unit, period, authority, value type, the measure among
three (where the catalogue has it) and the share of proposed rows that are not figures, each
beside its target; --list METRIC N lists N answers that metric got wrong.

Run: .venv/bin/python bench/candidates.py [--misses N] [--wrong N] [--line-figures 1000 4000]
     .venv/bin/python bench/candidates.py --external DIR [--list period 20] [--not-figures N]
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
from analysis.settings import ROOT, Settings  # noqa: E402
from analysis.sources.papers import load_registry, paper_lines  # noqa: E402
from analysis.sources.registers import load_authorities  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=10, help="curated figures not found to list")
    parser.add_argument("--wrong", type=int, default=10, help="figures read differently to list")
    parser.add_argument("--line-figures", type=int, nargs="*", metavar="N",
                        help="time the finder on one line of N figures instead")
    parser.add_argument("--external", type=Path, metavar="DIR",
                        help="score the finder on a held-out folder instead")
    parser.add_argument("--list", nargs=2, metavar=("METRIC", "N"), action="append",
                        help="with --external: N answers the metric (value, period, authority, "
                        "value_type, measure) got wrong")
    parser.add_argument("--half", help="with --external: only this half's misses are listed")
    parser.add_argument("--not-figures", type=int, default=0, metavar="N",
                        help="with --external: list N proposed rows that are not figures")
    args = parser.parse_args(argv)
    if args.line_figures:
        return line_figures(args.line_figures)
    if args.external:
        return external(args)
    start = time.perf_counter()
    settings = Settings.from_env()
    result = build(settings)
    registry = load_registry(settings.papers_csv)
    papers = {r.paper_id: (paper_lines(r.paper_id, registry, settings.paper_dirs()), r.council)
              for r in registry.itertuples()}
    table, scores = held_out(papers, result.indicators, load_measures(settings.measures_csv),
                             load_authorities(settings.raw_dir))
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


def external(args: argparse.Namespace) -> int:
    """The held-out scores, per half, beside the targets."""
    from analysis.curate.candidates import find_candidates
    from analysis.curate.external import read_folder, score_folder, summary
    start = time.perf_counter()
    folder = read_folder(args.external)
    measures = load_measures(Settings.from_env().measures_csv)
    authorities = load_authorities(Settings.from_env().raw_dir).with_councils(
        folder.councils.to_dict("records"))

    def find(lines, paper_id, council):
        return find_candidates(lines, paper_id, council, measures,
                               authorities=authorities)[0]
    scores, proposals = score_folder(folder, find, set(measures["measure_id"]), authorities)
    table = summary(scores, proposals)
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.to_string(index=False))
    print(f"({len(folder.texts)} texts, {len(scores)} answers, {len(proposals)} proposed rows; "
          f"{time.perf_counter() - start:.1f}s)")
    columns = {"value": "value_right", "period": "period_right",
               "authority": "authority_right", "value_type": "value_type_right",
               "measure": "measure_right"}
    for metric, n in args.list or []:
        wrong = scores.loc[~scores[columns[metric]]]
        if metric == "measure":
            wrong = wrong.loc[wrong["measure_known"]]
        if args.half:
            wrong = wrong.loc[wrong["half"] == args.half]
        print(f"\n{metric} wrong: {len(wrong)}")
        for row in wrong.head(int(n)).itertuples():
            print(f"  {row.file}:{row.line} {row.raw!r} want {row.wanted}\n"
                  f"      got {row.proposed}")
    if args.not_figures:
        rows = proposals.loc[~proposals["is_figure"]]
        if args.half:
            rows = rows.loc[rows["half"] == args.half]
        print(f"\nProposed rows that are not figures: {len(rows)}")
        for row in rows.head(args.not_figures).itertuples():
            print(f"  {row.file}:{row.line} {row.raw!r}  ... {row.context[:100]}")
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
