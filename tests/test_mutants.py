"""The mutation run's own bookkeeping: a mutant whose text has moved is reported, not applied."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.settings import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from mutants import MARKER, Mutant, environment, run_mutant, stop_leftovers  # noqa: E402


@pytest.fixture
def copy(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\ny = 1\n")
    return tmp_path


@pytest.mark.parametrize(("old", "status"), [("z = 3", "stale"), ("= 1", "ambiguous")])
def test_a_mutant_whose_text_is_missing_or_repeated_is_reported_not_applied(copy, old, status):
    mutant = Mutant("m", "a.py", old, "boom", "test", ("tests/none.py",))
    assert run_mutant(mutant, copy, {})[0] == status
    assert (copy / "a.py").read_text() == "x = 1\ny = 1\n"


def test_a_mutant_for_a_file_that_is_gone_is_stale(copy):
    assert run_mutant(Mutant("m", "gone.py", "x", "y", "t", ()), copy, {})[0] == "stale"



def test_a_process_a_mutant_run_leaves_in_a_session_of_its_own_is_stopped(tmp_path):
    # A kernel starts in its own session, out of reach of the pytest session's kill.
    env = {**os.environ, MARKER: str(tmp_path)}
    orphan = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], env=env,
                              start_new_session=True)
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        assert stop_leftovers(env) == 1
        orphan.wait(timeout=10)
        time.sleep(0.2)
        assert bystander.poll() is None, "a process of another run was stopped"
    finally:
        for proc in (orphan, bystander):
            proc.kill()
            proc.wait()


def test_every_process_of_a_mutant_run_carries_the_marker(tmp_path):
    assert environment(tmp_path)[MARKER] == str(tmp_path)
    assert Path(environment(tmp_path)["PYTHONPATH"]) == tmp_path
