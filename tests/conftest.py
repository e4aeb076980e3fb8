"""Shared fixtures: the real papers when present, tiny raw-data trees for error cases.

Under CI (the variable ``CI`` set), Hypothesis runs a fixed, derandomised profile so a failure
reproduces, and a test that needs the source papers fails instead of skipping when they are
missing: CI must never pass by checking nothing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from analysis import paths
from analysis.read.papers import papers_available

PAPERS_PRESENT = papers_available()
MISSING_PAPERS = ("source papers not found (looked in $ASC_PAPERS_DIR, data/raw/papers/, "
                  "../shared/papers/); copy them there to run provenance and extraction checks")

settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)


def hypothesis_profile(environ=os.environ) -> str:
    """The Hypothesis profile for this environment: 'ci' when CI is set, else the default."""
    return "ci" if environ.get("CI") else "default"


settings.load_profile(hypothesis_profile())


def papers_verdict(present: bool, environ=os.environ) -> tuple[str, str] | None:
    """What a test that needs the papers does when they are missing: ('fail' | 'skip', why)."""
    if present:
        return None
    if environ.get("CI"):
        return "fail", "CI is set but the " + MISSING_PAPERS
    return "skip", MISSING_PAPERS


@pytest.fixture
def papers_required():
    verdict = papers_verdict(PAPERS_PRESENT)
    if verdict is not None:
        action, why = verdict
        (pytest.fail if action == "fail" else pytest.skip)(why)


needs_papers = pytest.mark.usefixtures("papers_required")


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw to break on purpose."""
    dest = tmp_path / "raw"
    shutil.copytree(paths.RAW, dest, ignore=shutil.ignore_patterns("papers"))
    return dest
