"""Benchmark the build: wall time and peak memory for the real data and a 100x synthetic copy.

Run: .venv/bin/python bench/build.py [--scale 100]
Each build runs in a fresh subprocess so its peak resident memory is its own.
"""

from __future__ import annotations

import argparse
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

from analysis.settings import ROOT, Settings  # noqa: E402

CHILD = """
import json, resource, sys, time
from pathlib import Path
from analysis.dataset.build import build
start = time.perf_counter()
settings = Settings.from_env().with_(raw_dir=Path(sys.argv[1]), processed_dir=Path(sys.argv[2]))
result = build(settings)
print(json.dumps({"seconds": time.perf_counter() - start, "raw_rows": result.raw_rows,
                  "indicators": len(result.indicators), "rejects": len(result.rejects),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def synthetic_raw(dest: Path, scale: int) -> Path:
    """data/raw copied ``scale`` times over: each copy is a new 'paper' with new ids."""
    shutil.copytree(Settings.from_env().raw_dir, dest,
                    ignore=shutil.ignore_patterns("papers", "figures"))
    (dest / "figures").mkdir()
    registry = pd.read_csv(Settings.from_env().papers_csv, dtype=str, keep_default_na=False)
    figures = {p: pd.read_csv(p, dtype=str, keep_default_na=False)
               for p in sorted(Settings.from_env().figures_dir.glob("*.csv"))}
    corrections = pd.read_csv(Settings.from_env().corrections_csv, dtype=str, keep_default_na=False)
    steps = pd.read_csv(Settings.from_env().raw_dir / "assessments.csv", dtype=str,
                        keep_default_na=False)
    minutes = pd.read_csv(Settings.from_env().raw_dir / "minutes.csv", dtype=str,
                          keep_default_na=False)
    papers, fixes, copies, minuted = [], [], [], []
    for k in range(scale):
        suffix = f"-s{k:03d}"
        reg = registry.copy()
        reg["paper_id"] += suffix
        reg["file_name"] = reg["file_name"].str.replace(".txt", f"{suffix}.txt", regex=False)
        papers.append(reg)
        fix = corrections.copy()
        fix["figure_id"] = fix["figure_id"].str.replace(r"^([a-z0-9\-]+)\.", rf"\g<1>{suffix}.",
                                                        regex=True)
        fixes.append(fix)
        copies.append(steps.assign(paper_id=steps["paper_id"] + suffix))
        minuted.append(minutes.assign(paper_id=minutes["paper_id"] + suffix))
        for path, df in figures.items():
            copy = df.copy()
            copy["figure_id"] = copy["figure_id"].str.replace(
                r"^([a-z0-9\-]+)\.", rf"\g<1>{suffix}.", regex=True)
            copy["paper_id"] += suffix
            copy.to_csv(dest / "figures" / path.name.replace(".csv", f"{suffix}.csv"),
                        index=False)
    pd.concat(papers).to_csv(dest / "papers.csv", index=False)
    pd.concat(fixes).to_csv(dest / "corrections.csv", index=False)
    pd.concat(copies).to_csv(dest / "assessments.csv", index=False)
    pd.concat(minuted).to_csv(dest / "minutes.csv", index=False)
    return dest


def run_build(raw_dir: Path, out_dir: Path) -> dict:
    return run_child(CHILD, str(raw_dir), str(out_dir), what=f"build of {raw_dir}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        real = run_build(Settings.from_env().raw_dir, tmp / "out-real")
        t0 = time.perf_counter()
        raw = synthetic_raw(tmp / "raw-synthetic", args.scale)
        made = time.perf_counter() - t0
        big = run_build(raw, tmp / "out-synthetic")
    print(f"{'data set':<22}{'raw rows':>10}{'indicators':>12}{'rejects':>9}{'seconds':>9}"
          f"{'peak MiB':>10}")
    for name, r in (("bundled (5 papers)", real), (f"synthetic x{args.scale}", big)):
        print(f"{name:<22}{r['raw_rows']:>10,}{r['indicators']:>12,}{r['rejects']:>9,}"
              f"{r['seconds']:>9.2f}{r['peak_mib']:>10.0f}")
    per_row_real = real["seconds"] / real["raw_rows"] * 1e6
    per_row_big = big["seconds"] / big["raw_rows"] * 1e6
    print(f"time per raw row: {per_row_real:.0f} µs bundled, {per_row_big:.0f} µs synthetic "
          f"(ratio {per_row_big / per_row_real:.2f}; 1.0 = linear growth)")
    print(f"(making the synthetic data took {made:.1f}s, not counted)")


if __name__ == "__main__":
    main()
