"""Command line: python -m analysis build | audit [--strict] | report [NOTEBOOK ...] [-p NAME VALUE]
[--force] [--pdf] [--timeout SECONDS] [--start-timeout SECONDS] [--out FOLDER] | changes
[--since DATE_OR_SET] [--all] | extract [--check]
| provenance | candidates PAPER [--file PATH] [--out FILE] | coverage [--all] [--csv FILE]
[--strict]."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import AnalysisError
from .settings import ENV, Settings


def _cmd_build(args: argparse.Namespace) -> int:
    from .dataset.build import build
    s: Settings = args.settings
    result = build(s)
    print(f"Built {len(result.indicators)} indicators and {len(result.rejects)} rejects from "
          f"{result.raw_rows} raw figure rows in {result.seconds:.2f}s.")
    print(f"Wrote {s.indicators_parquet}, {s.indicators_csv.name} and {s.rejects_csv.name}.")
    print(result.provenance)
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from .audit import audit_of_build, summary
    from .dataset.build import build
    s: Settings = args.settings
    result = build(s, derived={s.audit_csv.name: audit_of_build})
    checks = result.derived[s.audit_csv.name]
    print(result.provenance)
    print(summary(checks))
    print(f"Wrote {s.audit_csv}.")
    discrepancies = checks.loc[checks["verdict"] == "discrepancy", "finding"].nunique()
    if args.strict and discrepancies:
        print(f"--strict: {discrepancies} findings are discrepancies; see {s.audit_csv}.",
              file=sys.stderr)
        return 1
    return 0


def _say_arrivals(settings: Settings) -> None:
    """Papers the reports cannot show yet, and what to do (the run goes on regardless)."""
    from .curate.arrivals import arrivals
    try:
        lines = arrivals(settings)
    except (AnalysisError, OSError, ValueError) as exc:  # the run itself reports bad files
        lines = [f"(could not check for new papers: {exc})"]
    for line in lines:
        print(f"note: {line}", file=sys.stderr)


def _cmd_report(args: argparse.Namespace) -> int:
    from .publish.params import parse_cli_value
    from .runner.run import run, summary
    out = args.out or args.settings.reports_dir
    overrides = {name: parse_cli_value(value) for name, value in args.param or []}
    _say_arrivals(args.settings)
    try:
        outcomes = run(args.notebooks, overrides, settings=args.settings, force=args.force,
                       pdf=args.pdf, jobs=args.jobs, progress=not args.quiet, out_dir=out,
                       timeout=args.timeout, start_timeout=args.start_timeout)
    except KeyboardInterrupt:
        print(f"Interrupted: the reports in {out}/ are as they were, and the lock is released.",
              file=sys.stderr)
        return 130
    print(summary(outcomes, out))
    print(f"Reports in {out}/ (open index.html).")
    return 1 if any(o.status == "failed" for o in outcomes) else 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from .sources.extraction import compare_with_committed, extract_all, write_table_figures
    s: Settings = args.settings
    frames = extract_all(s)
    if args.check:
        problems = compare_with_committed(frames, s.figures_dir)
        for p in problems:
            print(p)
        print("Table figures match the papers." if not problems else
              f"{len(problems)} difference(s): run `python -m analysis extract` and review the "
              "diff.")
        return 1 if problems else 0
    for path in write_table_figures(frames, s.figures_dir):
        print(f"Wrote {path}")
    return 0


def _cmd_provenance(args: argparse.Namespace) -> int:
    from .sources.provenance import check_provenance
    s: Settings = args.settings
    result = check_provenance(s.raw_dir, s.paper_dirs())
    for p in result.problems[:50]:
        print(p)
    print(result.summary())
    if result.missing:
        print(f"error: paper text not found for {', '.join(result.missing)}; copy the papers "
              f"into {s.raw_dir / 'papers'} or set {ENV['papers_dir']}.", file=sys.stderr)
        return 2
    print("Every raw figure is printed on its cited line." if not result.problems else
          f"{len(result.problems)} figure(s) not found on their cited line.")
    return 1 if result.problems else 0


def _cmd_candidates(args: argparse.Namespace) -> int:
    from .curate.candidates import draft_paths, find_candidates, summary, write_drafts
    from .curate.drafting import paper_to_draft
    from .dataset.catalogue import load_measures
    from .sources.figure_files import figure_files, load_figures
    from .sources.papers import load_registry, paper_lines, read_paper_text
    from .sources.registers import load_authorities
    s: Settings = args.settings
    registry = load_registry(s.papers_csv)
    authorities = load_authorities(s.raw_dir)

    def figures_of(paper_id: str):
        every = load_figures(figure_files(s.figures_dir))
        return every.loc[every["paper_id"] == paper_id]
    draft = paper_to_draft(args.paper, args.file, args.council, registry=registry,
                           authorities=authorities, councils_csv=s.raw_dir / "councils.csv",
                           papers_csv=s.papers_csv,
                           read_lines=lambda pid: paper_lines(pid, registry, s.paper_dirs()),
                           read_file=read_paper_text, figures_of=figures_of)
    draft_path, skipped_path = draft_paths(draft.paper_id, args.out, force=args.force)
    drafts, non_figures = find_candidates(draft.lines, draft.paper_id, draft.council,
                                          load_measures(s.measures_csv), draft.figures,
                                          progress=not args.quiet, authorities=authorities)
    write_drafts(drafts, non_figures, draft_path, skipped_path)
    covered = "" if draft.figures is None else \
        f" ({len(draft.figures)} figure rows already curated)"
    print(f"{draft.paper_id}: {len(draft.lines)} lines, {draft.council}'s paper{covered}.")
    print(summary(drafts, non_figures))
    print(f"Wrote {draft_path} and {skipped_path.name}. Review the draft, then move accepted "
          f"rows (the columns up to 'note') into data/raw/figures/{draft.paper_id}-prose.csv.")
    return 0


def _cmd_coverage(args: argparse.Namespace) -> int:
    from .atomic import write_atomic
    from .curate import curation as cov
    from .guards import check_output_file
    numbers = cov.every_printed_number(args.settings)
    table = cov.coverage_table(numbers)
    print(table.to_string())
    print("\nSkip reasons:")
    print(cov.rule_counts(numbers).to_string(index=False))
    open_numbers = numbers.loc[numbers["status"] == "unaccounted"]
    shown = open_numbers if args.all else open_numbers.groupby("paper_id").head(args.limit)
    for paper_id, group in shown.groupby("paper_id", sort=True):
        total = int(table.loc[paper_id, "unaccounted"])
        print(f"\n{paper_id}: {total} unaccounted" + ("" if args.all or total <= args.limit
                                                       else f" (first {args.limit}; --all "
                                                       "for every one)"))
        for row in group.itertuples():
            print(f"  line {row.line}: {row.span!r}  ... {row.context} ...")
    if args.csv:
        check_output_file(args.csv, header=",".join(open_numbers.columns), option="--csv",
                          force=args.force)
        write_atomic(args.csv, lambda tmp: open_numbers.to_csv(tmp, index=False,
                                                               lineterminator="\n"))
        print(f"\nWrote {len(open_numbers)} unaccounted numbers to {args.csv}.")
    if args.strict and len(open_numbers):
        print(f"--strict: {len(open_numbers)} printed numbers unaccounted for.", file=sys.stderr)
        return 1
    return 0


def _cmd_changes(args: argparse.Namespace) -> int:
    from .runner.changelog import since_summary
    from .sources.papers import load_registry
    s: Settings = args.settings
    out = args.out or s.reports_dir
    print(since_summary(out, args.since, args.all, load_registry(s.papers_csv)))
    if args.since is None and (out / "changes.csv").exists():
        print(f"Every change, with its source: {out / 'changes.html'} (and changes.csv).")
    return 0


def _report_parser(sub) -> None:
    from .runner.execute import CELL_TIMEOUT, START_TIMEOUT
    p = sub.add_parser("report", help="run the notebooks and write reports/ (HTML, tables, "
                       "manifest)")
    p.add_argument("notebooks", nargs="*", help="notebook names (default: all), e.g. 10_workforce")
    p.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="a notebook parameter, as papermill takes it, e.g. -p period 2016/17 "
                   "or -p authorities '[Leicester]'")
    p.add_argument("--force", action="store_true", help="rerun even if nothing changed")
    p.add_argument("--pdf", action="store_true", help="also print each appendix to PDF "
                   "(needs Chromium)")
    p.add_argument("--jobs", type=int, default=2, help="notebooks to run at once (default 2)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--out", type=Path, help="output folder (default: reports/, or "
                   "$ASC_REPORTS_DIR)")
    p.add_argument("--timeout", type=int, default=CELL_TIMEOUT, metavar="SECONDS",
                   help=f"longest any one cell may run (default {CELL_TIMEOUT})")
    p.add_argument("--start-timeout", type=int, default=START_TIMEOUT, metavar="SECONDS",
                   help=f"longest a kernel may take to start (default {START_TIMEOUT})")
    p.set_defaults(func=_cmd_report)
    p = sub.add_parser("changes", help="what changed in the live report set since the one it "
                       "replaced (or since a kept set)")
    p.add_argument("--since", metavar="DATE_OR_SET", help="compare with the kept report set of "
                   "this date (YYYY-MM-DD, the newest of that day) or this version name (see "
                   "reports/.versions/)")
    p.add_argument("--all", action="store_true", help="list every change, with its source")
    p.add_argument("--out", type=Path, help="the reports folder (default: reports/, or "
                   "$ASC_REPORTS_DIR)")
    p.set_defaults(func=_cmd_changes)


def _curation_parsers(sub) -> None:
    p = sub.add_parser("candidates", help="draft figure rows for every printed number no figure "
                       "file covers yet (to data/interim/)")
    p.add_argument("paper", nargs="?", help="a paper id registered in data/raw/papers.csv")
    p.add_argument("--file", type=Path, help="a plain-text paper not yet registered")
    p.add_argument("--council", help="whose paper an unregistered --file is: a council "
                   "registered in data/raw/councils.csv, by its name or an alias (e.g. "
                   "Leicester)")
    p.add_argument("--out", type=Path, help="the draft CSV (default: data/interim/"
                   "<paper>-candidates.csv); non-figures go beside it")
    p.add_argument("--force", action="store_true", help="replace an existing --out file this "
                   "command did not write")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_candidates)
    p = sub.add_parser("coverage", help="per paper: printed numbers curated, skipped (with "
                       "reasons) and unaccounted for")
    p.add_argument("--all", action="store_true", help="list every unaccounted number")
    p.add_argument("--limit", type=int, default=15, help="unaccounted numbers listed per paper "
                   "(default 15)")
    p.add_argument("--csv", type=Path, help="write every unaccounted number to this CSV")
    p.add_argument("--force", action="store_true", help="replace an existing --csv file this "
                   "command did not write")
    p.add_argument("--strict", action="store_true", help="exit 1 if any number is unaccounted")
    p.set_defaults(func=_cmd_coverage)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="clean raw figures into data/processed/").set_defaults(
        func=_cmd_build)
    p = sub.add_parser("audit", help="build, then check the papers' arithmetic and consistency")
    p.add_argument("--strict", action="store_true",
                   help="exit non-zero when any check finds a discrepancy")
    p.set_defaults(func=_cmd_audit)
    _report_parser(sub)
    p = sub.add_parser("extract", help="regenerate data/raw/figures/*-tables.csv from the papers")
    p.add_argument("--check", action="store_true",
                   help="compare a fresh extraction with the committed files; write nothing")
    p.set_defaults(func=_cmd_extract)
    sub.add_parser("provenance", help="check every raw figure against its paper line") \
        .set_defaults(func=_cmd_provenance)
    _curation_parsers(sub)
    args = parser.parse_args(argv)
    try:
        args.settings = Settings.from_env()  # read once, here, and passed down
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(message)s")  # each message says what it is and what to do
    if not args.verbose:  # the report's summary says what failed, with the kernel's words
        logging.getLogger("papermill").setLevel(logging.CRITICAL)
    try:
        return args.func(args)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
