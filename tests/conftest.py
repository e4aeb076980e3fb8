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
