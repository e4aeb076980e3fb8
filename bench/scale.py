"""Scale: many councils, ten years of papers each, through build, audit and one notebook.

Run: .venv/bin/python bench/scale.py [--councils 150] [--years 10]
Each synthetic council's papers are the five real papers' figures, renamed to that council
(its own figures only: a city paper's 'Leicester' figures and a county paper's 'Leicestershire'
figures both become 'Council 001'), dated one year apart; benchmarks (England, East Midlands)
keep their names. Every stage runs in its own process so peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))

from child import run_child  # noqa: E402

from analysis import paths  # noqa: E402

STAGE = """
import json, resource, sys, time
start = time.perf_counter()
stage = sys.argv[1]
if stage == "build":
    from analysis.dataset.build import build
    n = build().raw_rows
elif stage == "audit":
    from analysis.audit.checks import audit, load_checks
    from analysis.dataset.build import load_indicators
    from analysis import paths
    spec = {k: v for k, v in load_checks().items() if k in ("split", "parts", "formula")}
    from analysis.atomic import write_in_set
    checks = audit(load_indicators(), spec)
    write_in_set(paths.PROCESSED, paths.AUDIT_CSV.name,
                 lambda tmp: checks.to_csv(tmp, index=False))
    n = len(checks)
else:
    import papermill as pm
    from analysis import paths
    pm.execute_notebook(str(paths.ROOT / "notebooks" / "10_workforce.ipynb"), sys.argv[2],
                        parameters={"authorities": ["Council 001", sys.argv[3]]},
                        kernel_name="asc-compare", cwd=str(paths.ROOT / "notebooks"),
                        progress_bar=False)
    n = 1
print(json.dumps({"n": n, "seconds": time.perf_counter() - start,
                  "peak_mib": max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024}))
"""


def make_raw(dest: Path, councils: int, years: int) -> tuple[int, int]:
    """A raw-data folder of ``councils`` x ``years`` papers; returns (papers, figure rows)."""
    shutil.copytree(paths.RAW, dest, ignore=shutil.ignore_patterns("papers", "figures"))
    (dest / "figures").mkdir()
    registry = pd.read_csv(paths.PAPERS_CSV, dtype=str, keep_default_na=False)
    figures = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False)
                         for p in sorted(paths.FIGURES_DIR.glob("*.csv"))])
    papers, rows = [], 0
    for c in range(1, councils + 1):
        name = f"Council {c:03d}"
        frames = []
        for y in range(years):
            real = registry.iloc[y % len(registry)]
            pid = f"c{c:03d}-y{y:02d}-{real['paper_id']}"
            date = pd.Timestamp(real["meeting_date"]) + pd.DateOffset(years=y // len(registry))
            papers.append(real.to_dict() | {"paper_id": pid, "council": name,
                                            "meeting_date": f"{date:%Y-%m-%d}",
                                            "file_name": f"{pid}.txt"})
            own = figures[figures["paper_id"] == real["paper_id"]].copy()
            own["figure_id"] = own["figure_id"].str.replace(real["paper_id"], pid, regex=False)
            own["paper_id"] = pid
            own.loc[own["authority"] == real["council"], "authority"] = name
            frames.append(own)
        council_rows = pd.concat(frames)
        rows += len(council_rows)
        council_rows.to_csv(dest / "figures" / f"council-{c:03d}.csv", index=False)
    pd.DataFrame(papers).to_csv(dest / "papers.csv", index=False)
    # the declared table checks name the real papers' cells; keep the generic declarations
    (dest / "checks.toml").write_text(generic_checks(), encoding="utf-8")
    pd.DataFrame(columns=["figure_id", "field", "corrected", "reason", "evidence"]).to_csv(
        dest / "corrections.csv", index=False)
    return len(papers), rows


def generic_checks() -> str:
    from analysis.audit.checks import load_checks

    lines = []
    for kind in ("split", "parts", "formula"):
        for spec in load_checks().get(kind, []):
            lines.append(f"[[{kind}]]")
            lines += [f"{k} = {json.dumps(v)}" for k, v in spec.items()]
            lines.append("")
    return "\n".join(lines)


def stage(name: str, env: dict, *extra: str) -> dict:
    return run_child(STAGE, name, *extra, what=name, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--councils", type=int, default=150)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        n_papers, n_rows = make_raw(tmp / "raw", args.councils, args.years)
        made = time.perf_counter() - t0
        env = os.environ | {"ASC_RAW_DIR": str(tmp / "raw"),
                            "ASC_PROCESSED_DIR": str(tmp / "processed")}
        results = {"build": stage("build", env), "audit": stage("audit", env),
                   "notebook 10_workforce": stage("notebook", env, str(tmp / "out.ipynb"),
                                                  f"Council {args.councils:03d}")}
    print(f"{args.councils} councils x {args.years} years = {n_papers:,} papers, "
          f"{n_rows:,} raw figure rows (made in {made:.1f}s, not counted)")
    print(f"{'stage':<24}{'items':>10}{'seconds':>10}{'peak MiB':>10}")
    for name, r in results.items():
        print(f"{name:<24}{r['n']:>10,}{r['seconds']:>10.1f}{r['peak_mib']:>10.0f}")


if __name__ == "__main__":
    main()
