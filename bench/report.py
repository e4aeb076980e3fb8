"""Benchmark the full regeneration against the plain alternative, and the no-change rerun.

Run: .venv/bin/python bench/report.py
The plain alternative is what a user would otherwise script: for each notebook, the papermill
command line, then `jupyter nbconvert --to html --no-input`, one after the other.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.publish.params import NOTEBOOKS  # noqa: E402
from analysis.runner.kernels import KERNEL  # noqa: E402

BIN = Path(sys.executable).parent


def timed(cmd: list[str], **kw) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, **kw)
    return time.perf_counter() - start


def floor(notebooks: int, jobs: int) -> tuple[float, float]:
    """What no runner can beat: per notebook a kernel start plus the imports every notebook
    needs, shared over the workers. Returns (seconds for one, the floor for all)."""
    from jupyter_client.manager import KernelManager

    with tempfile.TemporaryDirectory() as tmp:  # over IPC, as the runner's kernels
        start = time.perf_counter()
        manager = KernelManager(kernel_name=KERNEL, transport="ipc",
                                connection_file=f"{tmp}/kernel.json")
        manager.start_kernel()
        client = manager.client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=120)
            client.execute_interactive("import pandas, matplotlib, seaborn", timeout=120)
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
        one = time.perf_counter() - start
    return one, one * notebooks / jobs


def main() -> None:
    os.environ["ASC_STATIC_TABLES"] = "1"  # the appendices' static tables, as the runner does
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "reports"
        runner = [sys.executable, "-c", "import sys; from pathlib import Path; "
                  "from analysis.runner.run import run; run(out_dir=Path(sys.argv[1]), "
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
    jobs = 2
    one, least = floor(len(NOTEBOOKS), jobs)
    n = len(NOTEBOOKS)
    print(f"{'run':<66}{'seconds':>9}")
    print(f"{f'analysis report (build, audit, {n} notebooks, pages, workbook)':<66}{full:>9.1f}")
    print(f"{'naive: papermill CLI then nbconvert CLI per notebook, in sequence':<66}"
          f"{plain:>9.1f}")
    print(f"{f'floor: kernel start + pandas/matplotlib/seaborn ({one:.2f} s) x {n} / {jobs}':<66}"
          f"{least:>9.1f}")
    print(f"{'analysis report again, nothing changed':<66}{rerun:>9.1f}")
    print(f"full / naive: {full / plain:.2f} (target at most 0.30); full / floor: "
          f"{full / least:.1f}x (aim at most 2x); no-change rerun {rerun:.2f} s (target under 1 s)")


if __name__ == "__main__":
    main()
