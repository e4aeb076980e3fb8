"""Benchmark the audit: wall time and peak memory on the bundled data and a synthetic copy.

Run: .venv/bin/python bench/audit.py [--scale 20]
The synthetic copies repeat every paper under new ids, so the generic checks (percentages,
conflicting versions, changes, splits, formulas) grow with them; declared table checks in
checks.toml name the real figures only and so stay constant.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from build import synthetic_raw  # noqa: E402
from child import run_child  # noqa: E402

from analysis.settings import ROOT, Settings  # noqa: E402

CHILD = """
import json, resource, sys, time
from pathlib import Path
from analysis.audit import audit, load_checks
from analysis.dataset.build import build
settings = Settings.from_env().with_(raw_dir=Path(sys.argv[1]), processed_dir=Path(sys.argv[2]))
result = build(settings)
spec = load_checks(settings.checks_toml)
if sys.argv[3] == "synthetic":  # declared table checks name the real papers' figures only
    spec = {k: v for k, v in spec.items() if k in ("split", "parts", "formula")}
start, cpu = time.perf_counter(), time.process_time()
checks = audit(result.indicators, spec)
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu,
                  "indicators": len(result.indicators),
                  "checks": len(checks),
                  "discrepancies": int((checks["verdict"] == "discrepancy").sum()),
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(raw_dir: Path, out_dir: Path, kind: str) -> dict:
    return run_child(CHILD, str(raw_dir), str(out_dir), kind, what=f"audit of {raw_dir}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        real = run(Settings.from_env().raw_dir, tmp / "out-real", "bundled")
        big = run(synthetic_raw(tmp / "raw", args.scale), tmp / "out-synthetic", "synthetic")
    print(f"{'data set':<22}{'indicators':>12}{'checks':>9}{'discrep.':>10}{'audit s':>9}"
          f"{'peak MiB':>10}")
    for name, r in (("bundled (5 papers)", real), (f"synthetic x{args.scale}", big)):
        print(f"{name:<22}{r['indicators']:>12,}{r['checks']:>9,}{r['discrepancies']:>10,}"
              f"{r['seconds']:>9.2f}{r['cpu']:>7.2f}{r['peak_mib']:>10.0f}")
    print("(peak memory includes the build that feeds the audit; cpu s is the audit's own "
          "processor time, less swayed by a busy machine)")


if __name__ == "__main__":
    main()
