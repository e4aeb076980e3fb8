"""What a report run must do: the parameters, what the outputs depend on, what to rerun, and
what the manifest says afterwards. Nothing here starts a kernel or writes a file.

A notebook reruns when its *run key* changes: a digest of every input file's content (raw data
by its path inside the raw folder, code by its path inside the package, the package versions),
of the notebook itself, and of its parameters. A notebook whose last run failed, or whose page
is missing, reruns too.

>>> merge({}, [Outcome("90_data_quality", "ran", 1.234, params={})], {"90_data_quality": "k"})
{'90_data_quality': {'key': 'k', 'status': 'ran', 'seconds': 1.23, 'error': '', 'parameters': {}}}
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from ..atomic import CURRENT, TMP, VERSIONS
from ..publish.params import NOTEBOOKS, ParameterError, known_measures, validate
from ..settings import ROOT, Settings
from .lock import ReportError

PACKAGES = ["pandas", "pandera", "pyarrow", "matplotlib", "seaborn", "papermill", "nbconvert",
            "nbformat", "openpyxl"]
# Folders a report must never be written into: their files are inputs, code or tests.
PROTECTED = ("data", "analysis", "notebooks", "tests")
PACKAGE = ROOT / "analysis"
LOCK_FILE = ROOT / "requirements.lock"  # the exact package versions the reports ran on


@dataclass
class Outcome:
    name: str
    status: str  # ran | skipped | failed
    seconds: float = 0.0
    error: str = ""
    params: dict = field(default_factory=dict)


# ---------------------------------------------------------------- what was asked
def resolve(names: list[str] | None, overrides: dict[str, Any]) -> dict[str, dict]:
    """Validated parameters for each chosen notebook; an override no chosen notebook takes, or
    any bad value, is an error before anything runs."""
    names = list(NOTEBOOKS) if not names else list(dict.fromkeys(names))
    unknown = [n for n in names if n not in NOTEBOOKS]
    if unknown:
        raise ParameterError(f"Unknown notebook(s) {', '.join(unknown)}. Choose from: "
                             f"{', '.join(NOTEBOOKS)}.")
    taken = {k for n in names for k in NOTEBOOKS[n]}
    stray = sorted(set(overrides) - taken)
    if stray:
        raise ParameterError(f"Unknown parameter(s) {', '.join(stray)} for "
                             f"{', '.join(names)}. They take: {', '.join(sorted(taken))}.")
    known = known_measures()
    return {n: validate(n, known_measures=known,
                        **{k: v for k, v in overrides.items() if k in NOTEBOOKS[n]})
            for n in names}


def check_timeouts(**seconds: int) -> None:
    """Each timeout (``start_timeout=60``) is a whole number of seconds, at least 1."""
    for name, value in seconds.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ReportError(f"--{name.replace('_', '-')} must be a whole number of seconds of "
                              f"at least 1, not {value!r}.")


def check_out_dir(out_dir: Path, settings: Settings) -> Path:
    """The output folder, refused when it is a file or inside the project's inputs, code or
    tests (its reports would then count as inputs, or overwrite committed files)."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"--out {out_dir} is a file, not a folder. Choose a folder (it is "
                          "created if it does not exist), e.g. reports/.")
    target = out_dir.resolve()
    guarded = [(ROOT / name).resolve() for name in PROTECTED]
    guarded += [settings.raw_dir.resolve(), settings.processed_dir.resolve()]
    for folder in guarded:
        if target == folder or target.is_relative_to(folder):
            raise ReportError(f"--out {out_dir} is inside {folder}, which holds the project's "
                              "data, code, notebooks or tests; reports written there would "
                              "become inputs or overwrite them. Choose a folder outside "
                              f"{', '.join(p + '/' for p in PROTECTED)}, e.g. reports/.")
    if target == ROOT.resolve():
        raise ReportError(f"--out {out_dir} is the repository itself. Choose a folder of its "
                          "own, e.g. reports/.")
    theirs = foreign(out_dir)
    if theirs:
        shown = ", ".join(theirs[:5]) + (f" and {len(theirs) - 5} more" if len(theirs) > 5
                                         else "")
        raise ReportError(f"--out {out_dir} holds files a report run did not write ({shown}); "
                          "a report would replace or remove them. Choose an empty folder, or "
                          "one an earlier report run made, e.g. reports/.")
    return out_dir


def foreign(out_dir: Path) -> list[str]:
    """What is in ``out_dir`` that a report run did not put there (nothing, for a folder that
    does not exist or is empty): runs write only their lock, their versions, ``current`` and
    links into it."""
    if not out_dir.is_dir():
        return []
    ours = []
    for entry in sorted(out_dir.iterdir()):
        link = os.readlink(entry) if entry.is_symlink() else ""
        if entry.name.startswith((".lock", ".versions")) or TMP.match(entry.name) \
                or (entry.name == CURRENT and link.startswith(f"{VERSIONS}/")) \
                or link.startswith(f"{CURRENT}/"):
            continue
        ours.append(entry.name)
    return ours


# ---------------------------------------------------------------- what the outputs depend on
def input_files(settings: Settings) -> dict[str, Path]:
    """Every file the reports depend on, by a name that does not depend on where it lives:
    raw data relative to its raw folder (the papers excepted: their sha256 is in papers.csv)
    and code relative to the package."""
    raw = settings.raw_dir.resolve()
    found = {}
    for f in raw.rglob("*"):
        rel = f.relative_to(raw)
        if f.is_file() and rel.parts[0] != "papers" and "__pycache__" not in rel.parts:
            found[f"raw/{rel.as_posix()}"] = f
    for f in PACKAGE.rglob("*.py"):
        found[f"analysis/{f.relative_to(PACKAGE).as_posix()}"] = f
    if LOCK_FILE.is_file():
        found["requirements.lock"] = LOCK_FILE
    return dict(sorted(found.items()))


def input_hashes(files: dict[str, Path]) -> dict[str, str]:
    return {name: hashlib.sha256(f.read_bytes()).hexdigest() for name, f in files.items()}


def digest(hashes: dict[str, str]) -> str:
    """One digest of named contents; a change of any content changes it.

    >>> digest({"a": "1"}) != digest({"a": "2"})
    True
    """
    h = hashlib.sha256()
    for name, sha in sorted(hashes.items()):
        h.update(f"{name}\0{sha}\n".encode())
    return h.hexdigest()


def run_key(name: str, params: dict, inputs_digest: str, notebook_dir: Path) -> str:
    h = hashlib.sha256(inputs_digest.encode())
    h.update(hashlib.sha256((Path(notebook_dir) / f"{name}.ipynb").read_bytes()).digest())
    h.update(json.dumps(params, sort_keys=True).encode())
    return h.hexdigest()


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown (git not available)"
    if out.returncode != 0:
        return "unknown (not a git checkout)"
    return out.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else "")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for p in PACKAGES:
        try:
            found[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            found[p] = "not installed"
    return found


# ---------------------------------------------------------------- what to run
def to_run(params: dict[str, dict], keys: dict[str, str], done: dict[str, dict],
           present: set[str], force: bool = False, pdf: bool = False) -> dict[str, dict]:
    """The notebooks to run: forced, changed, failed last time, or missing a page (or a PDF,
    when asked for) among the ``present`` files of the set.

    >>> to_run({"a": {}, "b": {}}, {"a": "k", "b": "k"}, {"a": {"key": "k", "status": "ran"},
    ...        "b": {"key": "old", "status": "ran"}}, {"a.html", "b.html"})
    {'b': {}}
    """
    def stale(n: str) -> bool:
        entry = done.get(n, {})
        return (force or entry.get("key") != keys[n] or entry.get("status") != "ran"
                or f"{n}.html" not in present or (pdf and f"{n}.pdf" not in present))
    return {n: p for n, p in params.items() if stale(n)}


def merge(done: dict, outcomes: list[Outcome], keys: dict[str, str]) -> dict[str, dict]:
    """The manifest's notebooks after this run: earlier entries, replaced by this run's; a
    failed notebook keeps the entry of its last good run (its appendix stays published)."""
    notebooks = {n: dict(e) for n, e in done.items()}
    for o in outcomes:
        if o.status == "skipped":
            continue
        entry = {"key": keys[o.name], "status": o.status, "seconds": round(o.seconds, 2),
                 "error": o.error, "parameters": o.params}
        before = done.get(o.name, {})
        if o.status == "failed":
            good = before if before.get("status") == "ran" else before.get("last_good")
            if good:
                entry["last_good"] = {k: v for k, v in good.items() if k != "last_good"}
        notebooks[o.name] = entry
    return dict(sorted(notebooks.items()))


def published(notebooks: dict[str, dict]) -> dict[str, dict]:
    """The parameters of every appendix the set shows: the run that produced it (a failed
    notebook's last good run).

    >>> published({"a": {"status": "ran", "parameters": {"x": 1}},
    ...            "b": {"status": "failed", "last_good": {"parameters": {"x": 2}}},
    ...            "c": {"status": "failed"}})
    {'a': {'x': 1}, 'b': {'x': 2}}
    """
    shown = {}
    for name, e in notebooks.items():
        run = e if e.get("status") == "ran" else e.get("last_good")
        if run:
            shown[name] = run["parameters"]
    return shown


def carried(notebooks: dict[str, dict], rerun: set[str]) -> list[str]:
    """The files of the earlier set this one keeps: every file of a notebook this run did not
    rerun, and the last good pages of one that failed now.

    >>> carried({"a": {"status": "ran"}, "b": {"status": "failed"}}, {"a", "b"})
    ['b.html', 'b.ipynb', 'b.pdf']
    """
    files = []
    for name, entry in notebooks.items():
        if entry["status"] == "ran" and name in rerun:
            continue
        files += [f"{name}.{ext}" for ext in ("html", "ipynb", "pdf")]
        if name not in rerun and entry["status"] == "failed":
            files.append(f"failed/{name}.ipynb")
    return files


def read_manifest(path: Path) -> tuple[dict, str]:
    """The earlier run's manifest, or {} with why it cannot be trusted (unreadable)."""
    if not path.exists():
        return {}, ""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}, f"{path} is unreadable"
    return (found, "") if isinstance(found, dict) else ({}, f"{path} is not a manifest")
