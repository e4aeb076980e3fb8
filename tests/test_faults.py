"""Faults a scheduled run meets: a dead kernel, a killed run, two runs at once, a folder that
cannot be written, a full disk, hostile parameters. Earlier good outputs must survive each."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill as pm
import pytest

from analysis.atomic import write_text_atomic
from analysis.publish.params import ParameterError
from analysis.runner import execute, export, lock, plan
from analysis.runner import run as run_module
from analysis.runner.kernels import KERNEL
from analysis.runner.run import run, summary
from analysis.settings import ROOT, Settings

from .conftest import now

NB = ROOT / "notebooks"
CLI = [sys.executable, "-m", "analysis", "report", "--quiet"]


def fingerprint(folder: Path) -> dict[str, str]:
    """What a reader sees: every file under the stable names (links followed), by content."""
    found = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name == "current":
            continue
        files = [entry] if entry.is_file() else sorted(entry.rglob("*"))
        found |= {str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
                  for f in files if f.is_file()}
    return found


def staging(out: Path) -> list[Path]:
    return list(out.glob(".versions/.staging-*"))


@pytest.fixture(scope="module")
def good_reports(tmp_path_factory) -> Path:
    """One complete, good run of the data-quality appendix."""
    out = tmp_path_factory.mktemp("reports")
    proc = subprocess.run(CLI + ["90_data_quality", "--out", str(out)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "[IPKernelApp]" not in proc.stderr, proc.stderr  # no kernel talks over the run
    return out


def with_notebooks(folder: Path) -> Settings:
    return now().with_(notebooks_dir=folder)


def test_a_dead_kernel_fails_its_notebook_only(tmp_path, monkeypatch):
    folder = tmp_path / "nb"
    folder.mkdir()
    for name in ("10_workforce", "90_data_quality"):
        shutil.copy(NB / f"{name}.ipynb", folder)
    nb = nbformat.read(folder / "10_workforce.ipynb", as_version=4)
    nb.cells[2].source = "import os\nos._exit(1)"
    nbformat.write(nb, folder / "10_workforce.ipynb")
    outcomes = run(["10_workforce", "90_data_quality"], settings=with_notebooks(folder),
                   out_dir=tmp_path / "out", progress=False)
    status = {o.name: o.status for o in outcomes}
    assert status == {"10_workforce": "failed", "90_data_quality": "ran"}
    assert "Kernel died" in outcomes[0].error
    assert (tmp_path / "out" / "failed" / "10_workforce.ipynb").exists()
    assert (tmp_path / "out" / "90_data_quality.html").exists()


def test_a_kernel_that_cannot_start_fails_fast_with_its_own_error(tmp_path, fake_steps,
                                                                  monkeypatch):
    # An invalid SOURCE_DATE_EPOCH breaks IPython's reply to kernel_info, not its process.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not-a-date")
    [outcome] = run(["90_data_quality"], out_dir=tmp_path / "out", progress=False,
                    build=fake_steps["build"], start_timeout=300)
    assert outcome.status == "failed" and outcome.seconds < 150, outcome
    assert "failed while starting" in outcome.error and "'not-a-date'" in outcome.error


def _wait_for_staging(out: Path, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if staging(out):
            return
        if proc.poll() is not None:
            pytest.fail("the run ended before it started staging")
        time.sleep(0.1)
    pytest.fail("the run never started staging")


def test_a_killed_run_leaves_earlier_reports_intact_and_a_rerun_recovers(good_reports):
    before = fingerprint(good_reports)
    proc = subprocess.Popen(CLI + ["90_data_quality", "--force", "--out", str(good_reports)],
                            cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _wait_for_staging(good_reports, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert fingerprint(good_reports) == before
    rerun = subprocess.run(CLI + ["90_data_quality", "--out", str(good_reports)],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert not staging(good_reports)
    assert fingerprint(good_reports) == before  # nothing had changed, so nothing was redone


def test_two_runs_at_once_the_second_is_refused_and_the_first_completes(good_reports):
    first = subprocess.Popen(CLI + ["90_data_quality", "--force", "--out", str(good_reports)],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    _wait_for_staging(good_reports, first)
    second = subprocess.run(CLI + ["90_data_quality", "--force", "--out", str(good_reports)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert second.returncode == 2
    assert f"Another report run (pid {first.pid}) is writing" in second.stderr
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert (good_reports / "90_data_quality.html").exists()


@pytest.mark.parametrize(("module", "target", "error", "words"), [
    (export, "write_tables", OSError(28, "No space left on device"),
     "the disk holding {out} is full"),
    (run_module, "commit_version", PermissionError(13, "Permission denied",
                                                   "reports/index.html"),
     "Make {out} writable, or set --out to another folder"),
])
def test_a_full_disk_or_unwritable_folder_is_a_clear_error_and_damages_nothing(
        good_reports, monkeypatch, module, target, error, words, fake_steps):
    before = fingerprint(good_reports)

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(module, target, fail)
    with pytest.raises(lock.ReportError, match="Cannot write .*The reports already there "
                       "are unchanged; rerun when it is fixed") as exc:
        run(["90_data_quality"], force=True, out_dir=good_reports, progress=False,
            **fake_steps)
    assert words.format(out=good_reports) in str(exc.value)
    assert fingerprint(good_reports) == before
    assert not staging(good_reports)


def test_a_corrupt_manifest_means_rerunning_every_notebook_as_it_says(tmp_path, fake_steps,
                                                                     capsys):
    out = tmp_path / "out"
    run(["90_data_quality"], out_dir=out, progress=False, **fake_steps)
    (out / "current" / "manifest.json").write_text("{not json", encoding="utf-8")
    outcomes = run(["90_data_quality"], out_dir=out, progress=False, **fake_steps)
    assert "rerunning every notebook" in capsys.readouterr().err
    assert {o.name for o in outcomes if o.status == "ran"} == set(plan.NOTEBOOKS)
    assert (out / "manifest.json").read_text().startswith("{")
    contents = (out / "tables" / "contents.csv").read_text(encoding="utf-8-sig")
    assert all(name in contents for name in plan.NOTEBOOKS)  # the whole workbook, not one


HOSTILE = ['2025/26"); import os; os.system("touch HACKED") #', "2025/26\nimport os",
           "'; DROP TABLE reports; --", "{{7*7}}", "../../etc/passwd"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_are_refused_as_parameters(value):
    with pytest.raises(ParameterError, match="budget_year"):
        plan.resolve(["30_budgets"], {"budget_year": value})
    with pytest.raises(ParameterError, match="authorities"):
        plan.resolve(["10_workforce"], {"authorities": [value]})


def test_a_hostile_string_reaches_a_notebook_only_as_data(tmp_path):
    marker = tmp_path / "HACKED"
    value = f'x"); open({str(marker)!r}, "w").close(); ("'
    with pytest.raises(pm.PapermillExecutionError, match="ParameterError"):
        pm.execute_notebook(str(NB / "30_budgets.ipynb"), str(tmp_path / "out.ipynb"),
                            parameters={"budget_year": value}, kernel_name=KERNEL,
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
    proc = subprocess.run([sys.executable, "-m", "analysis", "build"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert f"{bad.name}, row {len(lines) + 1}, column 'figure_id': duplicate figure id" in \
        proc.stderr
    assert (out / "indicators.csv").read_text() == "earlier good output\n"


# ---------------------------------------------------------------- a killed main process
def children_of(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (from /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - found
        found |= frontier
    return found


def command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(
            errors="ignore")
    except OSError:
        return ""


def open_files(pid: int) -> set[str]:
    found = set()
    for fd in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            found.add(os.path.realpath(fd))
        except OSError:
            continue
    return found


def alive(pids: set[int]) -> set[int]:
    return {p for p in pids if Path(f"/proc/{p}").exists()
            and "zombie" not in Path(f"/proc/{p}/status").read_text(errors="ignore").lower()}


def test_killing_only_the_main_process_leaves_no_kernel_and_no_stuck_lock(good_reports,
                                                                        tmp_path):
    before = fingerprint(good_reports)
    terminal = tmp_path / "terminal.txt"  # what the user's terminal shows, kernels' words too
    proc = subprocess.Popen(CLI + ["90_data_quality", "--force", "--out", str(good_reports)],
                            cwd=ROOT, stdout=terminal.open("wb"), stderr=subprocess.STDOUT)
    workers: set[int] = set()
    try:
        deadline, kernels = time.time() + 60, set()
        while time.time() < deadline and not kernels:  # wait until a kernel is running
            workers = children_of(proc.pid)
            kernels = {p for p in workers if "ipykernel" in command_of(p)}
            time.sleep(0.1)
        assert kernels, "the run never started a kernel"
        held = str((good_reports / ".lock").resolve())
        assert {p for p in workers if held in open_files(p)} == set(), "a kernel holds the lock"
        os.kill(proc.pid, signal.SIGKILL)  # the main pid only, as cron and CI time-outs do
        proc.wait(timeout=30)
        deadline = time.time() + 20
        while alive(workers) and time.time() < deadline:
            time.sleep(0.2)
        assert alive(workers) == set(), "kernels outlived the run"
        shown = terminal.read_text(errors="replace")
        assert "Parent appears" not in shown and "Traceback" not in shown, shown
    finally:  # whatever happened, leave no process of ours behind
        proc.kill()
        proc.wait(timeout=30)
        for pid in alive(workers):
            if sys.executable in command_of(pid):
                os.kill(pid, signal.SIGKILL)
    assert fingerprint(good_reports) == before
    rerun = subprocess.run(CLI + ["90_data_quality", "--out", str(good_reports)],
                           cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert not staging(good_reports)
    from analysis.runner.kernels import FOLDER, sweep
    sweep()  # as the next run that starts kernels does
    assert not list(Path(tempfile.gettempdir()).glob(f"{FOLDER}{proc.pid}-*"))


HOLD_LOCK = """
import fcntl, sys, time
lock = open(sys.argv[1], "a+")
fcntl.flock(lock, fcntl.LOCK_EX)
lock.seek(0); lock.truncate(); lock.write(sys.argv[2]); lock.flush()
print("held", flush=True)
time.sleep(120)
"""


@pytest.fixture
def lock_holder(tmp_path):
    """Start a process holding ``tmp_path/.lock`` that records the given owner."""
    procs = []

    def start(owner: str) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path / ".lock"),
                                 owner], stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "held"
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        proc.kill()
        proc.wait()


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_lock_whose_owner_died_is_taken_over_though_a_stray_still_holds_it(tmp_path,
                                                                             lock_holder):
    lock_holder(f"{_dead_pid()} 12345\n")  # a kernel of a killed run, holding its lock
    with lock.exclusive(tmp_path):
        assert (tmp_path / ".lock").read_text().split()[0] == str(os.getpid())


def test_a_lock_of_a_live_run_is_refused_naming_its_pid(tmp_path, lock_holder):
    holder = lock_holder("")
    (tmp_path / ".lock").write_text(f"{holder.pid} {lock.start_time(holder.pid)}\n")
    with pytest.raises(lock.ReportError, match=rf"Another report run \(pid {holder.pid}\)"):
        with lock.exclusive(tmp_path):
            pass


def test_a_reused_pid_does_not_keep_a_dead_runs_lock(tmp_path, lock_holder):
    lock_holder(f"{os.getpid()} 1\n")  # a live pid, but not the process that took the lock
    with lock.exclusive(tmp_path):
        pass


# ---------------------------------------------------------------- a cell that never finishes
def test_a_cell_that_never_finishes_times_out_and_is_kept_failed_with_the_cell_marked(
        tmp_path, monkeypatch):
    folder = tmp_path / "nb"
    folder.mkdir()
    shutil.copy(NB / "90_data_quality.ipynb", folder)
    nb = nbformat.read(folder / "90_data_quality.ipynb", as_version=4)
    # Before the setup cell, so that only the trivial parameter cells run ahead of it: a cold
    # import on a slow machine must not be what times out.
    setup = next(i for i, c in enumerate(nb.cells) if "import setup" in c.source)
    nb.cells.insert(setup, nbformat.v4.new_code_cell("import time\ntime.sleep(3600)"))
    nbformat.write(nb, folder / "90_data_quality.ipynb")
    out = tmp_path / "out"
    start = time.time()
    outcomes = run(["90_data_quality"], settings=with_notebooks(folder), out_dir=out,
                   progress=False, timeout=5)
    assert time.time() - start < 60
    [outcome] = outcomes
    assert outcome.status == "failed"
    assert "('import time') did not finish within 5s" in outcome.error
    assert "--timeout" in outcome.error
    failed = nbformat.read(out / "failed" / "90_data_quality.ipynb", as_version=4)
    marked = [c for c in failed.cells if any(o.get("ename") == "CellTimeoutError"
                                             for o in c.get("outputs", []))]
    assert [c.source for c in marked] == ["import time\ntime.sleep(3600)"]
    assert failed.cells[0].cell_type == "markdown" and "timed out" in failed.cells[0].source
    assert "did not finish within 5s" in summary(outcomes, out)


class NoKernels:
    """Kernels for a papermill that is not really called."""
    name = KERNEL

    def take(self):
        return "a kernel"

    def wait_ready(self, km, timeout):
        pass

    def stop(self, km):
        pass


def test_the_timeouts_reach_papermill(tmp_path, monkeypatch):
    import papermill
    seen = {}
    monkeypatch.setattr(papermill, "execute_notebook", lambda *a, **k: seen.update(k))
    job = execute.Job("90_data_quality", {}, NB / "90_data_quality.ipynb",
                      tmp_path / "90_data_quality.ipynb", timeout=7, start_timeout=9)
    assert execute.execute_notebook(job, NoKernels()).status == "ran"
    assert (seen["execution_timeout"], seen["start_timeout"]) == (7, 9)
    assert (seen["kernel_name"], seen["km"]) == (KERNEL, "a kernel")


def test_the_default_timeouts_are_generous_and_options_override_them():
    assert execute.CELL_TIMEOUT >= 600 and execute.START_TIMEOUT >= 60
    from analysis.cli import main
    with pytest.raises(SystemExit):
        main(["report", "--timeout", "soon"])


@pytest.mark.parametrize("option", ["--timeout", "--start-timeout"])
def test_a_timeout_below_one_second_is_refused(option, capsys):
    from analysis.cli import main
    assert main(["report", "90_data_quality", option, "0", "--out", "/tmp/x-unused"]) == 2
    assert f"{option} must be a whole number of seconds" in capsys.readouterr().err


# ---------------------------------------------------------------- warm kernels, one per notebook
ISOLATION_CELL = """import sys
assert "leaked" not in globals(), "a variable leaked from another notebook's kernel"
assert not {"analysis", "great_tables"} & set(globals()), "the warm-up bound a name"
assert "great_tables" in sys.modules, "the kernel was not warmed up"
from ipykernel.kernelapp import IPKernelApp
assert IPKernelApp.instance().transport == "ipc", "the kernel talks over TCP"
leaked = 1"""


def _kernel_pids(tag: str) -> set[int]:
    """The kernels whose environment carries ``tag``: this test's alone, though another test
    run (an xdist worker beside this one) starts kernels of its own."""
    found, marker = set(), f"ASC_TEST_RUN={tag}".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes()
                if b"ipykernel_launcher" in command \
                        and marker in (entry / "environ").read_bytes().split(b"\0"):
                    found.add(int(entry.name))
            except OSError:
                pass
    return found


@pytest.fixture
def run_tag(monkeypatch) -> str:
    """A mark in the environment that this test's runs, and so their kernels, inherit."""
    tag = f"{os.getpid()}-{time.time_ns()}"
    monkeypatch.setenv("ASC_TEST_RUN", tag)
    return tag


def test_each_notebook_runs_in_a_warm_kernel_of_its_own_and_none_is_left_running(
        tmp_path, monkeypatch, run_tag):
    folder = tmp_path / "nb"
    folder.mkdir()
    names = ["30_budgets", "40_safeguarding", "90_data_quality"]
    for name in names:
        nb = nbformat.read(NB / f"{name}.ipynb", as_version=4)
        setup = next(i for i, c in enumerate(nb.cells) if "ctx = setup(" in c.source)
        nb.cells.insert(setup, nbformat.v4.new_code_cell(ISOLATION_CELL))
        nbformat.write(nb, folder / f"{name}.ipynb")
    before = _kernel_pids(run_tag)
    # Two workers, three notebooks: one worker runs two (the second in the spare it started
    # with the first), and a spare left unused must be stopped.
    outcomes = run(names, settings=with_notebooks(folder), out_dir=tmp_path / "out",
                   progress=False, jobs=2)
    assert [(o.status, o.error) for o in outcomes] == [("ran", "")] * 3
    for name in names:
        executed = nbformat.read(tmp_path / "out" / f"{name}.ipynb", as_version=4)
        counts = [c.execution_count for c in executed.cells if c.cell_type == "code"]
        assert counts == list(range(1, len(counts) + 1))  # the warm-up left no trace
    deadline = time.time() + 10
    while _kernel_pids(run_tag) - before and time.time() < deadline:
        time.sleep(0.2)
    assert not _kernel_pids(run_tag) - before, "a (spare) kernel outlived the run"


def test_a_kernel_starts_one_notebook_ahead_only_for_a_notebook_still_waiting(run_tag):
    from analysis.runner.kernels import Kernels

    env = os.environ | {"ASC_STATIC_TABLES": "1"}
    before = _kernel_pids(run_tag)
    with Kernels(2, NB, env) as kernels:
        first = kernels.take()
        assert len(_kernel_pids(run_tag) - before) == 2  # this one and the next, ahead
        kernels.stop(first)
        second = kernels.take()  # the spare; no third: no notebook waits for one
        assert len(_kernel_pids(run_tag) - before) == 1
        kernels.stop(second)
        kernels.release()
    deadline = time.time() + 10
    while _kernel_pids(run_tag) - before and time.time() < deadline:
        time.sleep(0.2)
    assert not _kernel_pids(run_tag) - before


def test_a_build_that_fails_leaves_no_kernel_running(
        raw_copy, tmp_path, run_tag):
    figures = sorted((raw_copy / "figures").glob("*.csv"))[0]
    figures.write_text(figures.read_text(encoding="utf-8") + ",,,\n", encoding="utf-8")
    env = os.environ | {"ASC_RAW_DIR": str(raw_copy), "ASC_PROCESSED_DIR": str(tmp_path / "p")}
    before = _kernel_pids(run_tag)
    proc = subprocess.run(CLI + ["--force", "--out", str(tmp_path / "out")], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "blank line" in proc.stderr, proc.stderr
    deadline = time.time() + 10
    while _kernel_pids(run_tag) - before and time.time() < deadline:
        time.sleep(0.2)
    assert not _kernel_pids(run_tag) - before, "a kernel outlived the failed run"


def test_ctrl_c_says_so_in_one_line_keeps_the_reports_and_stops_every_kernel(
        good_reports, run_tag):
    before, kernels = fingerprint(good_reports), _kernel_pids(run_tag)
    proc = subprocess.Popen(CLI + ["90_data_quality", "30_budgets", "--force", "--out",
                                   str(good_reports)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not _kernel_pids(run_tag) - kernels and time.time() < deadline:
        time.sleep(0.1)
    assert _kernel_pids(run_tag) - kernels, "the run never started a kernel"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    said = [line for line in err.strip().splitlines()  # a clone without the papers says so
            if not line.startswith("Provenance NOT checked")]
    assert said == [f"Interrupted: the reports in {good_reports}/ are as "
                    "they were, and the lock is released."]
    assert fingerprint(good_reports) == before and not staging(good_reports)
    deadline = time.time() + 10
    while _kernel_pids(run_tag) - kernels and time.time() < deadline:
        time.sleep(0.2)
    assert not _kernel_pids(run_tag) - kernels, "a kernel outlived the interrupted run"
    with lock.exclusive(good_reports):
        pass
