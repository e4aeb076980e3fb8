"""The audit of the bundled data is pinned: any change to its rows, verdicts, differences or
explanations (an optimisation that changes an answer, say) fails here. A deliberate change is
recorded with `make golden` and reviewed as a diff of tests/golden/audit.csv."""

from __future__ import annotations

import io

import pandas as pd

from analysis.audit import audit
from analysis.dataset.build import build
from analysis.settings import ROOT

from .conftest import now


def test_the_audit_of_the_bundled_data_is_unchanged(tmp_path):
    golden = ROOT / "tests" / "golden" / "audit.csv"
    fresh = audit(build(now().with_(processed_dir=tmp_path)).indicators)
    buffer = io.StringIO()
    fresh.to_csv(buffer, index=False, lineterminator="\n")
    expected = pd.read_csv(golden, keep_default_na=False, dtype=str)
    got = pd.read_csv(io.StringIO(buffer.getvalue()), keep_default_na=False, dtype=str)
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected), "checks added or lost: run `make golden` if deliberate"
    changed = (got != expected).any(axis=1)
    assert not changed.any(), ("the audit changed for "
                               f"{got.loc[changed, 'check_id'].head(5).tolist()}: run "
                               "`make golden` and review the diff if the change is deliberate")
