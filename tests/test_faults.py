"""Faults a scheduled run meets: a dead kernel, a killed run, two runs at once, a folder that
cannot be written, a full disk, hostile parameters. Earlier good outputs must survive each."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from analysis import paths
from analysis.atomic import write_text_atomic
from analysis.publish import report
from analysis.publish.params import ParameterError

NB = paths.ROOT / "notebooks"
CLI = [sys.executable, "-m", "analysis", "report", "--quiet"]


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".lock" not in p.name}


@pytest.fixture(scope="module")
def good_reports(tmp_path_factory) -> Path:
    """One complete, good run of the data-quality appendix."""
    out = tmp_path_factory.mktemp("reports")
    proc = subprocess.run(CLI + ["90_data_quality", "--out", str(out)], cwd=paths.ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return out


def fake_execute(todo, staging, jobs, progress):
    """Stand-in for the kernels: the committed notebooks already hold their outputs."""
    for name in todo:
        shutil.copy(NB / f"{name}.ipynb", Path(staging) / f"{name}.ipynb")
    return [report.Outcome(n, "ran", 0.1, params=p) for n, p in todo.items()]


def test_a_dead_kernel_fails_its_notebook_only(tmp_path, monkeypatch):
    folder = tmp_path / "nb"
    folder.mkdir()
    for name in ("10_workforce", "90_data_quality"):
        shutil.copy(NB / f"{name}.ipynb", folder)
    nb = nbformat.read(folder / "10_workforce.ipynb", as_version=4)
    nb.cells[2].source = "import os\nos._exit(1)"
    nbformat.write(nb, folder / "10_workforce.ipynb")
    monkeypatch.setattr(report, "NOTEBOOK_DIR", folder)
    outcomes = report.run(["10_workforce", "90_data_quality"], out_dir=tmp_path / "out",
                          progress=False)
    status = {o.name: o.status for o in outcomes}
    assert status == {"10_workforce": "failed", "90_data_quality": "ran"}
    assert (tmp_path / "out" / "failed" / "10_workforce.ipynb").exists()


def _wait_for_staging(out: Path, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if list(out.glob(".staging-*")):
            return
        if proc.poll() is not None:
            pytest.fail("the run ended before it started staging")
        time.sleep(0.1)
    pytest.fail("the run never started staging")


def test_a_killed_run_leaves_earlier_reports_intact_and_a_rerun_recovers(good_reports):
    before = fingerprint(good_reports)
    proc = subprocess.Popen(CLI + ["90_data_quality", "--force", "--out", str(good_reports)],
                            cwd=paths.ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _wait_for_staging(good_reports, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert fingerprint(good_reports) == before
    rerun = subprocess.run(CLI + ["90_data_quality", "--out", str(good_reports)],
                           cwd=paths.ROOT, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert not list(good_reports.glob(".staging-*"))
    assert fingerprint(good_reports) == before  # nothing had changed, so nothing was redone


def test_two_runs_at_once_the_second_is_refused_and_the_first_completes(good_reports):
    first = subprocess.Popen(CLI + ["90_data_quality", "--force", "--out", str(good_reports)],
                             cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    _wait_for_staging(good_reports, first)
    second = subprocess.run(CLI + ["90_data_quality", "--force", "--out", str(good_reports)],
                            cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert second.returncode == 2
    assert "Another report run is writing" in second.stderr
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert (good_reports / "90_data_quality.html").exists()


@pytest.mark.parametrize(("target", "error"), [
    ("export_tables", OSError(28, "No space left on device")),
    ("_publish", PermissionError(13, "Permission denied", "reports/index.html")),
])
def test_a_full_disk_or_unwritable_folder_is_a_clear_error_and_damages_nothing(
        good_reports, monkeypatch, target, error):
    before = fingerprint(good_reports)
    monkeypatch.setattr(report, "_execute_all", fake_execute)

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(report, target, fail)
    with pytest.raises(report.ReportError, match="Could not write .*rerun; the reports already "
                       "there are unchanged"):
        report.run(["90_data_quality"], force=True, out_dir=good_reports, progress=False)
    assert fingerprint(good_reports) == before
    assert not list(good_reports.glob(".staging-*"))


def test_a_corrupt_manifest_means_rerun_not_crash(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "_execute_all", fake_execute)
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    outcomes = report.run(["90_data_quality"], out_dir=tmp_path, progress=False)
    assert [o.status for o in outcomes] == ["ran"]
    assert (tmp_path / "manifest.json").read_text().startswith("{")


HOSTILE = ['2025/26"); import os; os.system("touch HACKED") #', "2025/26\nimport os",
           "'; DROP TABLE reports; --", "{{7*7}}", "../../etc/passwd"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_are_refused_as_parameters(value):
    with pytest.raises(ParameterError, match="budget_year"):
        report.resolve(["30_budgets"], {"budget_year": value})
    with pytest.raises(ParameterError, match="authorities"):
        report.resolve(["10_workforce"], {"authorities": [value]})


def test_a_hostile_string_reaches_a_notebook_only_as_data(tmp_path):
    marker = tmp_path / "HACKED"
    value = f'x"); open({str(marker)!r}, "w").close(); ("'
    with pytest.raises(pm.PapermillExecutionError, match="ParameterError"):
        pm.execute_notebook(str(NB / "30_budgets.ipynb"), str(tmp_path / "out.ipynb"),
                            parameters={"budget_year": value}, kernel_name="python3",
                            cwd=str(NB), progress_bar=False)
    assert not marker.exists()


def test_an_interrupted_atomic_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "indicators.csv"
    write_text_atomic(target, "good\n")

    def boom(tmp):
        tmp.write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    from analysis.atomic import write_atomic
    with pytest.raises(OSError):
        write_atomic(target, boom)
    assert target.read_text() == "good\n"
    assert [p.name for p in tmp_path.iterdir()] == ["indicators.csv"]


def test_build_command_names_the_bad_row_and_exits_non_zero(raw_copy, tmp_path):
    bad = sorted((raw_copy / "figures").glob("*-prose.csv"))[0]
    lines = bad.read_text(encoding="utf-8").splitlines(keepends=True)
    bad.write_text("".join(lines + [lines[1]]), encoding="utf-8")
    out = tmp_path / "processed"
    out.mkdir()
    (out / "indicators.csv").write_text("earlier good output\n", encoding="utf-8")
    env = os.environ | {"ASC_RAW_DIR": str(raw_copy), "ASC_PROCESSED_DIR": str(out)}
    proc = subprocess.run([sys.executable, "-m", "analysis", "build"], cwd=paths.ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert f"{bad.name}, row {len(lines) + 1}, column 'figure_id': duplicate figure id" in \
        proc.stderr
    assert (out / "indicators.csv").read_text() == "earlier good output\n"
