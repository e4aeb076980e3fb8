"""Shared fixtures: the real papers when present, tiny raw-data trees for error cases.

Under CI (the variable ``CI`` set), Hypothesis runs a fixed, derandomised profile so a failure
reproduces, and a test that needs the source papers fails instead of skipping when they are
missing: CI must never pass by checking nothing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings


def worker_processed_dir(environ=os.environ) -> str | None:
    """Under pytest-xdist (``make test`` runs two workers), a processed folder of this worker's
    own: a build in one worker would otherwise replace, and clean away, the data/processed set a
    notebook in the other is reading. Every path is read from the environment when it is used
    (``now()``), and the worker's kernels and commands inherit it."""
    worker = environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return None
    return tempfile.mkdtemp(prefix=f"asc-processed-{worker}-")


WORKER_PROCESSED = worker_processed_dir()
if WORKER_PROCESSED:
    os.environ["ASC_PROCESSED_DIR"] = WORKER_PROCESSED

from analysis.settings import Settings  # noqa: E402
from analysis.sources.papers import load_registry, papers_available  # noqa: E402


def now() -> Settings:
    """The settings the environment gives now: each test reads its paths when it runs."""
    return Settings.from_env()


def pytest_unconfigure(config):
    if WORKER_PROCESSED:
        shutil.rmtree(WORKER_PROCESSED, ignore_errors=True)


PAPERS_PRESENT = papers_available(load_registry(now().papers_csv),
                                  now().paper_dirs())
MISSING_PAPERS = ("source papers not found (looked in $ASC_PAPERS_DIR, data/raw/papers/, "
                  "../shared/papers/); copy them there to run provenance and extraction checks")

# Generating a frame of random cells, or one example, is slow on a loaded machine; that is not
# what any test measures (speed is measured in bench/): deadlines and the slow-input check are off.
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Notebooks run by the tests show static tables, as in the appendices (not itables).
os.environ.setdefault("ASC_STATIC_TABLES", "1")


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


def require_papers() -> None:
    """Skip the calling test (fail it under CI) when the papers are missing."""
    verdict = papers_verdict(PAPERS_PRESENT)
    if verdict is not None:
        action, why = verdict
        (pytest.fail if action == "fail" else pytest.skip)(why)


@pytest.fixture(scope="session")  # session: set up before any module fixture that reads a paper
def papers_required():
    require_papers()


needs_papers = pytest.mark.usefixtures("papers_required")


@pytest.fixture(scope="session")
def session_build():
    """data/processed/ built once, with its audit, for runs that do not rebuild it."""
    from analysis.audit import audit_of_build
    from analysis.dataset.build import build
    return build(now(), derived={now().audit_csv.name: audit_of_build})


@pytest.fixture(scope="session")
def processed_with_audit(session_build) -> Path:
    return now().processed_dir


@pytest.fixture
def fake_steps(session_build):
    """Stand-ins for ``run(..., **fake_steps)``, for tests of what the runner decides and
    publishes, not of what a notebook computes: ``execute`` takes the committed notebook (which
    holds its outputs) as executed, without a kernel, and ``build`` reports the session's
    build instead of rebuilding."""
    from analysis.runner.plan import Outcome
    from analysis.runner.run import Built

    def execute(job, kernels):
        shutil.copy(job.source, job.out)
        return Outcome(job.name, "ran", 0.1, params=job.params)

    built = Built(session_build.provenance, frozenset(session_build.papers_checked))
    return {"execute": execute, "build": lambda settings: built}


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of data/raw to break on purpose."""
    dest = tmp_path / "raw"
    shutil.copytree(now().raw_dir, dest, ignore=shutil.ignore_patterns("papers"))
    return dest


def lines_of(paper_id: str) -> tuple[str, ...]:
    """The lines of one bundled paper, found where the settings look; a test that reads them
    is skipped (failed under CI) without the papers, whether or not it is marked."""
    require_papers()
    from analysis.sources.papers import load_registry, paper_lines
    return paper_lines(paper_id, load_registry(now().papers_csv), now().paper_dirs())


@pytest.fixture(scope="session")
def paper_lines_all() -> list[str]:
    """Every line of every bundled paper (the test is skipped without the papers)."""
    if not PAPERS_PRESENT:
        pytest.skip("source papers not found")
    from analysis.sources.papers import load_registry, paper_lines
    registry = load_registry(now().papers_csv)
    dirs = now().paper_dirs()
    return [line for pid in registry["paper_id"] for line in paper_lines(pid, registry, dirs)]
