"""More councils than two: the pipeline is not tied to Leicester and Leicestershire.

A small synthetic set (bench/scale.py builds the full 150 councils x 10 years) goes through
build, audit and a comparison notebook naming councils the papers never mention.
"""

from __future__ import annotations

import re
import sys

import nbformat
import papermill as pm
import pytest

from analysis.audit import audit
from analysis.dataset.build import build
from analysis.runner.kernels import KERNEL
from analysis.settings import ROOT

from .conftest import now

sys.path.insert(0, str(ROOT / "bench"))
from scale import generic_checks, make_raw  # noqa: E402


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    root = tmp_path_factory.mktemp("scale")
    papers, rows = make_raw(root / "raw", councils=4, years=5)
    return root, papers, rows


def test_build_and_audit_cover_every_synthetic_council(synthetic):
    root, papers, rows = synthetic
    result = build(now().with_(raw_dir=root / "raw", processed_dir=root / "processed"))
    assert papers == 20 and result.raw_rows == rows
    assert len(result.indicators) + len(result.rejects) == rows
    assert {f"Council {c:03d}" for c in range(1, 5)} <= set(result.indicators["authority"])
    import tomllib
    checks = audit(result.indicators, tomllib.loads(generic_checks()))
    assert checks["papers"].str.contains("c004-").any()


def test_a_notebook_compares_councils_beyond_the_two(synthetic, tmp_path, monkeypatch):
    root, _, _ = synthetic
    monkeypatch.setenv("ASC_RAW_DIR", str(root / "raw"))
    monkeypatch.setenv("ASC_PROCESSED_DIR", str(root / "processed-nb"))
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(ROOT / "notebooks" / "10_workforce.ipynb"), str(out),
                        parameters={"authorities": ["Council 001", "Council 004"]},
                        kernel_name=KERNEL, cwd=str(ROOT / "notebooks"),
                        progress_bar=False)
    html = "".join(o.get("data", {}).get("text/html", "")
                   for c in nbformat.read(out, as_version=4).cells for o in c.get("outputs", []))
    assert re.search(r"<th[^>]*>Council 001</th>", html)
    assert re.search(r"<th[^>]*>Council 004</th>", html)
    assert not re.search(r"<th[^>]*>Leicester</th>", html)
