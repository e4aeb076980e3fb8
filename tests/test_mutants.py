"""The mutation run's own bookkeeping: a mutant whose text has moved is reported, not applied."""

from __future__ import annotations

import sys

import pytest

from analysis.settings import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from mutants import Mutant, run_mutant  # noqa: E402


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

