"""Every page of a report set, checked for accessibility in a real browser: axe-core in the
system Chromium (tools/axe: node, puppeteer-core), no serious or critical violation. Skipped
where Chromium or node is absent, and failing instead where CI is set (a CI run must check)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from analysis.runner import export
from analysis.runner.run import run
from analysis.settings import ROOT

from .conftest import needs_papers, now

AXE = ROOT / "tools" / "axe"


def tools_or_skip() -> tuple[str, str]:
    """The Chromium and node to check with; a skip where either is missing, a failure in CI."""
    chromium, node, npm = export.find_chromium(), shutil.which("node"), shutil.which("npm")
    if chromium and node and npm:
        return chromium, node
    missing = ", ".join(n for n, p in (("chromium", chromium), ("node", node), ("npm", npm))
                        if not p)
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {missing} is missing: install it (apt-get install chromium "
                    "nodejs npm) so the accessibility check runs")
    pytest.skip(f"needs {missing} for the axe-core check (apt-get install chromium nodejs npm)")


def installed(npm: str) -> None:
    """tools/axe's packages as its package-lock.json pins them (npm ci), once."""
    stamp = AXE / "node_modules" / ".package-lock.json"
    lock = AXE / "package-lock.json"
    if stamp.exists() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=AXE, check=True,
                   capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def report_set(tmp_path_factory):
    chromium, node = tools_or_skip()
    installed(shutil.which("npm"))
    out = tmp_path_factory.mktemp("axe-reports")
    outcomes = run(None, settings=now(), out_dir=out, progress=False)
    assert all(o.status == "ran" for o in outcomes), [(o.name, o.status) for o in outcomes]
    return out, chromium, node


@needs_papers
def test_every_page_of_the_report_set_has_no_serious_or_critical_axe_violation(report_set):
    out, chromium, node = report_set
    pages = sorted(out.glob("*.html")) + sorted((out / "papers").glob("*.html"))
    assert len(pages) >= 13  # the index, seven appendices, five papers
    done = subprocess.run([node, str(AXE / "check.js"), chromium, *map(str, pages)],
                          capture_output=True, text=True, timeout=900)
    lines = [json.loads(x) for x in done.stdout.splitlines() if x.startswith("{")]
    assert lines and lines[-1].get("pages") == len(pages), done.stderr[-2000:]
    serious = [v for v in lines[:-1] if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    assert done.returncode == 0, done.stderr[-2000:]
