"""Outputs change whole or not at all: single files, sets of files (the processed tables), the
leftovers of killed writers, file modes, and messages when a folder cannot be written."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import atomic, cli
from analysis.atomic import clean, current_version, write_atomic, write_set
from analysis.dataset.build import build
from analysis.errors import OutputError
from analysis.settings import ROOT

from .conftest import now

SET = ["indicators.csv", "indicators.parquet", "rejects.csv"]


def visible(folder: Path) -> dict[str, str]:
    """What a reader sees: each stable name and the hash of what it opens."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_outputs_get_the_usual_mode_not_0600(tmp_path, umask_022):
    out = tmp_path / "processed"
    build(now().with_(processed_dir=out))
    for name in SET:
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o644, name
    assert stat.S_IMODE(current_version(out).stat().st_mode) == 0o755
    write_atomic(tmp_path / "one.txt", lambda tmp: tmp.write_text("x"))
    assert stat.S_IMODE((tmp_path / "one.txt").stat().st_mode) == 0o644


def test_the_processed_set_is_replaced_whole(tmp_path, monkeypatch):
    out = tmp_path / "processed"
    build(now().with_(processed_dir=out))
    before = visible(out)
    from analysis.dataset import build as build_module
    real = build_module.write_csv

    def fail_on_rejects(df, path):
        if path.name == "rejects.csv":
            raise OSError(errno.EIO, "Input/output error", str(path))
        real(df, path)

    monkeypatch.setattr(build_module, "write_csv", fail_on_rejects)
    with pytest.raises(OutputError, match="Input/output error"):
        build(now().with_(processed_dir=out))
    assert visible(out) == before and sorted(before) == SET
    assert [p.name for p in (out / ".versions").iterdir()] == [current_version(out).name]


KILL_MID_SET = """
import os, signal, sys
from pathlib import Path
from analysis.dataset import csv_files
from analysis.dataset.build import build
from analysis.settings import Settings
real = csv_files.write_csv
def write_csv(df, path, *a, **k):
    if Path(path).name.startswith(".indicators.csv."):
        real(df, path, *a, **k)
        os.kill(os.getpid(), signal.SIGKILL)  # killed with parquet new and the csv half-done
    return real(df, path, *a, **k)
csv_files.write_csv = write_csv
build(Settings.from_env().with_(processed_dir=Path(sys.argv[1])))
"""


def test_a_killed_build_leaves_the_old_set_and_the_next_build_cleans_up(tmp_path):
    out = tmp_path / "processed"
    build(now().with_(processed_dir=out))
    before = visible(out)
    proc = subprocess.run([sys.executable, "-c", KILL_MID_SET, str(out)], cwd=ROOT,
                          capture_output=True, timeout=120)
    assert proc.returncode == -9
    assert visible(out) == before
    leftovers = [p for p in (out / ".versions").rglob("*") if ".staging-" in str(p)]
    assert leftovers, "the kill should have left a staging folder to clean"
    build(now().with_(processed_dir=out))
    assert not [p for p in (out / ".versions").iterdir() if p.name.startswith(".staging-")]
    assert not [p for p in out.rglob("*.tmp")]


def test_leftovers_of_dead_writers_are_removed_and_a_live_writers_kept(tmp_path):
    gone, me = dead_pid(), os.getpid()
    stale = [tmp_path / f".indicators.csv.{gone}-0123abcd.tmp",
             tmp_path / ".indicators.csv.k2j3_4g5.tmp",  # the older mkstemp naming
             tmp_path / ".versions" / f".staging-{gone}-0123abcd"]
    kept = [tmp_path / f".rejects.csv.{me}-0123abcd.tmp",
            tmp_path / ".versions" / f".staging-{me}-0123abcd"]
    (tmp_path / ".versions").mkdir()
    for p in stale + kept:
        p.mkdir() if ".staging-" in p.name else p.write_text("partial")
    removed = clean(tmp_path)
    assert sorted(removed) == sorted(stale)
    assert all(p.exists() for p in kept)


def test_readers_keep_stable_paths_and_an_older_flat_folder_is_taken_over(tmp_path):
    out = tmp_path / "processed"
    out.mkdir()
    for name in SET + ["audit.csv"]:
        (out / name).write_text("from the older per-file layout\n")
    build(now().with_(processed_dir=out))
    assert all((out / n).is_symlink() for n in SET) and not (out / "audit.csv").exists()
    assert (out / "indicators.csv").read_text().startswith("figure_id,")


def test_a_set_can_gain_and_lose_files(tmp_path):
    write_set(tmp_path, lambda d: [(d / n).write_text(n) for n in ("a", "b")])
    write_set(tmp_path, lambda d: [(d / n).write_text(n) for n in ("b", "c")])
    assert visible(tmp_path) == {n: hashlib.sha256(n.encode()).hexdigest() for n in "bc"}
    assert not os.path.lexists(tmp_path / "a")


UNWRITABLE = "Make {folder} writable, or set ASC_PROCESSED_DIR to another folder. Nothing " \
    "there was changed."


@pytest.mark.parametrize(("command", "error", "words"), [
    ("build", PermissionError(errno.EACCES, "Permission denied"), UNWRITABLE),
    ("build", OSError(errno.EROFS, "Read-only file system"), "Make {folder} writable"),
    ("build", OSError(errno.ENOSPC, "No space left on device"), "the disk holding {folder} is "
     "full. Free some space there"),
    ("audit", PermissionError(errno.EACCES, "Permission denied"), UNWRITABLE),
])
def test_build_and_audit_on_an_unwritable_or_full_folder_say_which_and_what_to_do(
        command, error, words, monkeypatch, capsys):
    folder = now().processed_dir

    def refuse(where):
        error.filename = str(where / ".versions")
        raise error

    monkeypatch.setattr(atomic, "stage_version", refuse)
    assert cli.main([command]) == 2
    err = capsys.readouterr().err
    assert f"error: Cannot write {folder / '.versions'}" in err
    assert words.format(folder=folder) in err and "Traceback" not in err


def test_a_processed_path_that_is_a_file_says_so(tmp_path):
    target = tmp_path / "processed"
    target.write_text("a file")
    env = os.environ | {"ASC_PROCESSED_DIR": str(target)}
    proc = subprocess.run([sys.executable, "-m", "analysis", "build"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{target} is a file, not a folder" in proc.stderr
