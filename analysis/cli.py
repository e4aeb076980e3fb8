"""Command line: python -m analysis build | audit [--strict] | report [NOTEBOOK ...] [-p NAME VALUE]
[--force] [--pdf] [--timeout SECONDS] [--start-timeout SECONDS] [--out FOLDER] | extract [--check]
| provenance."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import paths
from .errors import AnalysisError


def _cmd_build(args: argparse.Namespace) -> int:
    from .dataset.build import build
    result = build()
    print(f"Built {len(result.indicators)} indicators and {len(result.rejects)} rejects from "
          f"{result.raw_rows} raw figure rows in {result.seconds:.2f}s.")
    print(f"Wrote {paths.INDICATORS_PARQUET}, {paths.INDICATORS_CSV.name} and "
          f"{paths.REJECTS_CSV.name}.")
    print(result.provenance)
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from .audit import audit, summary
    from .dataset.build import build
    result = build(derived={paths.AUDIT_CSV.name: audit})
    checks = result.derived[paths.AUDIT_CSV.name]
    print(result.provenance)
    print(summary(checks))
    print(f"Wrote {paths.AUDIT_CSV}.")
    discrepancies = int((checks["verdict"] == "discrepancy").sum())
    if args.strict and discrepancies:
        print(f"--strict: {discrepancies} discrepancies; see {paths.AUDIT_CSV}.",
              file=sys.stderr)
        return 1
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .publish.params import parse_cli_value
    from .publish.report import run, summary
    overrides = {name: parse_cli_value(value) for name, value in args.param or []}
    outcomes = run(args.notebooks, overrides, force=args.force, pdf=args.pdf, jobs=args.jobs,
                   progress=not args.quiet, out_dir=args.out, timeout=args.timeout,
                   start_timeout=args.start_timeout)
    print(summary(outcomes, args.out))
    print(f"Reports in {args.out}/ (open index.html).")
    return 1 if any(o.status == "failed" for o in outcomes) else 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from .read.extract import compare_with_committed, extract_all, write_tables
    frames = extract_all()
    if args.check:
        problems = compare_with_committed(frames)
        for p in problems:
            print(p)
        print("Table figures match the papers." if not problems else
              f"{len(problems)} difference(s): run `python -m analysis extract` and review the "
              "diff.")
        return 1 if problems else 0
    for path in write_tables(frames):
        print(f"Wrote {path}")
    return 0


def _cmd_provenance(args: argparse.Namespace) -> int:
    from .read.provenance import check_provenance
    result = check_provenance()
    for p in result.problems[:50]:
        print(p)
    print(result.summary())
    if result.missing:
        print(f"error: paper text not found for {', '.join(result.missing)}; copy the papers "
              f"into {paths.RAW / 'papers'} or set {paths.PAPERS_ENV}.", file=sys.stderr)
        return 2
    print("Every raw figure is printed on its cited line." if not result.problems else
          f"{len(result.problems)} figure(s) not found on their cited line.")
    return 1 if result.problems else 0


def main(argv: list[str] | None = None) -> int:
    from .publish.report import CELL_TIMEOUT, START_TIMEOUT
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="clean raw figures into data/processed/").set_defaults(
        func=_cmd_build)
    p = sub.add_parser("audit", help="build, then check the papers' arithmetic and consistency")
    p.add_argument("--strict", action="store_true",
                   help="exit non-zero when any check finds a discrepancy")
    p.set_defaults(func=_cmd_audit)
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
    p.add_argument("--out", type=Path, default=paths.REPORTS,
                   help="output folder (default: reports/)")
    p.add_argument("--timeout", type=int, default=CELL_TIMEOUT, metavar="SECONDS",
                   help=f"longest any one cell may run (default {CELL_TIMEOUT})")
    p.add_argument("--start-timeout", type=int, default=START_TIMEOUT, metavar="SECONDS",
                   help=f"longest a kernel may take to start (default {START_TIMEOUT})")
    p.set_defaults(func=_cmd_report)
    p = sub.add_parser("extract", help="regenerate data/raw/figures/*-tables.csv from the papers")
    p.add_argument("--check", action="store_true",
                   help="compare a fresh extraction with the committed files; write nothing")
    p.set_defaults(func=_cmd_extract)
    sub.add_parser("provenance", help="check every raw figure against its paper line") \
        .set_defaults(func=_cmd_provenance)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(message)s")
    try:
        return args.func(args)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
