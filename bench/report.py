"""Benchmark the full regeneration against the plain alternative, and the no-change rerun.

Run: .venv/bin/python bench/report.py
The plain alternative is what a user would otherwise script: for each notebook, the papermill
command line, then `jupyter nbconvert --to html --no-input`, one after the other.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.publish.params import NOTEBOOKS  # noqa: E402
from analysis.publish.report import KERNEL  # noqa: E402

BIN = Path(sys.executable).parent


def timed(cmd: list[str], **kw) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, **kw)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        runner = [sys.executable, "-c", "import sys; from pathlib import Path; "
                  "from analysis.publish.report import run; run(out_dir=Path(sys.argv[1]), "
                  "force=sys.argv[2] == 'force', progress=False)", str(out)]
        full = timed(runner + ["force"], cwd=ROOT)
        rerun = timed(runner + ["again"], cwd=ROOT)
        plain = 0.0
        for name in NOTEBOOKS:
            executed = Path(tmp) / f"{name}.ipynb"
            plain += timed([str(BIN / "papermill"), "-k", KERNEL, "--cwd", "notebooks",
                            f"notebooks/{name}.ipynb", str(executed)], cwd=ROOT)
            plain += timed([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input",
                            str(executed)], cwd=ROOT)
    print(f"{'run':<58}{'seconds':>9}")
    print(f"{'analysis report (build, audit, 6 notebooks, HTML, tables)':<58}{full:>9.1f}")
    print(f"{'plain papermill + nbconvert per notebook, in sequence':<58}{plain:>9.1f}")
    print(f"{'analysis report again, nothing changed':<58}{rerun:>9.1f}")
    print(f"ratio plain / runner: {plain / full:.2f}; no-change rerun is "
          f"{full / rerun:.0f}x faster than a full run")


if __name__ == "__main__":
    main()
