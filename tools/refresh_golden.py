"""Rewrite tests/golden/audit.csv from the bundled data, after a deliberate change to what the
audit finds or says (a new check, a reworded explanation). An optimisation must never need it:
tests/test_golden.py fails when the audit's rows, verdicts or explanations change.

Run: .venv/bin/python tools/refresh_golden.py   (or `make golden`), then review the diff.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.audit import audit  # noqa: E402
from analysis.dataset.build import build  # noqa: E402
from analysis.settings import Settings  # noqa: E402

GOLDEN = ROOT / "tests" / "golden" / "audit.csv"


def golden_audit():
    with tempfile.TemporaryDirectory() as tmp:
        return audit(build(Settings.from_env().with_(processed_dir=Path(tmp))).indicators)


if __name__ == "__main__":
    golden_audit().to_csv(GOLDEN, index=False, lineterminator="\n")
    print(f"wrote {GOLDEN}: review `git diff {GOLDEN.relative_to(ROOT)}` before committing")
