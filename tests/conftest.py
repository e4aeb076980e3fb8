"""Shared fixtures: the real papers when present, tiny raw-data trees for error cases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis import paths
from analysis.read.papers import papers_available

PAPERS_PRESENT = papers_available()
needs_papers = pytest.mark.skipif(
    not PAPERS_PRESENT,
    reason="source papers not found (looked in $ASC_PAPERS_DIR, data/raw/papers/, "
           "../shared/papers/); copy them there to run provenance and extraction checks",
)


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw to break on purpose."""
    dest = tmp_path / "raw"
    shutil.copytree(paths.RAW, dest, ignore=shutil.ignore_patterns("papers"))
    return dest


@pytest.fixture(scope="session")
def paper_lines_all() -> list[str]:
    """Every line of every bundled paper (the test is skipped without the papers)."""
    if not PAPERS_PRESENT:
        pytest.skip("source papers not found")
    from analysis.read.papers import load_registry, paper_lines
    registry = load_registry()
    return [line for pid in registry["paper_id"] for line in paper_lines(pid, registry)]
