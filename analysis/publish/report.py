"""The headless report runner: papermill in parallel kernels, code-free HTML, tables, manifest.

    python -m analysis report [NOTEBOOK ...] [-p NAME VALUE ...] [--force] [--pdf] [--jobs N]
                              [--timeout SECONDS] [--start-timeout SECONDS] [--out FOLDER]

Parameters are validated for every notebook before any kernel starts. A run with nothing
changed does no work; a failing or timed-out notebook does not stop the others and is kept,
failing cell marked, in ``failed/``. The whole report set (every appendix, the workbook, the
index, the manifest) is staged as a new version and published in one switch of
``reports/current``: a reader sees the old set or the new one, never a mix (analysis/atomic.py).
One run at a time per output folder: ``.lock`` records its owner, and a lock whose owner has
died is taken over.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import html
import json
import multiprocessing
import multiprocessing.util
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import paths
from ..atomic import clean, commit_version, live, pid_alive, stage_version, writing
from ..errors import AnalysisError, OutputError, output_error
from . import kernels, zygote
from .cells import safe_frame
from .params import (
    APPENDIX_DIR,
    NOTEBOOKS,
    STATIC_TABLES,
    ParameterError,
    known_measures,
    validate,
)

if TYPE_CHECKING:  # the page, workbook and appendix code loads only when a run has work to do
    from .appendix import Appendix
    from .index import Entry

NOTEBOOK_DIR = paths.ROOT / "notebooks"
HANDED = ".appendices"  # in the staged set: each kernel's appendix, read back, then removed
KERNEL = "asc-compare"  # installed into the venv by `make venv`; runs the project's interpreter
CELL_TIMEOUT = 600      # seconds per cell; the slowest real notebook takes about 3 s in all
START_TIMEOUT = 60      # seconds for a kernel to start
PACKAGES = ["pandas", "pandera", "pyarrow", "matplotlib", "seaborn", "papermill", "nbconvert",
            "nbformat", "openpyxl"]
NETWORK = re.compile(r"""<link\b[^>]*href\s*=\s*["']?(?:https?:)?//[^>]*>""", re.I)
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.I | re.S)
# Folders a report must never be written into: their files are inputs, code or tests.
PROTECTED = ("data", "analysis", "notebooks", "tests")
LEGACY = ("manifest.json", "index.html", "tables.xlsx", "tables", "failed", "papers")


class ReportError(AnalysisError):
    """The report run could not start or finish; the message says what to do."""


@dataclass
class Outcome:
    name: str
    status: str  # ran | skipped | failed
    seconds: float = 0.0
    error: str = ""
    params: dict = field(default_factory=dict)


# ---------------------------------------------------------------- parameters
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


def check_out_dir(out_dir: Path) -> Path:
    """The output folder, refused when it is a file or inside the project's inputs, code or
    tests (its reports would then count as inputs, or overwrite committed files)."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise ReportError(f"--out {out_dir} is a file, not a folder. Choose a folder (it is "
                          "created if it does not exist), e.g. reports/.")
    target = out_dir.resolve()
    guarded = [(paths.ROOT / name).resolve() for name in PROTECTED]
    guarded += [paths.RAW.resolve(), paths.PROCESSED.resolve()]
    for folder in guarded:
        if target == folder or target.is_relative_to(folder):
            raise ReportError(f"--out {out_dir} is inside {folder}, which holds the project's "
                              "data, code, notebooks or tests; reports written there would "
                              "become inputs or overwrite them. Choose a folder outside "
                              f"{', '.join(p + '/' for p in PROTECTED)}, e.g. reports/.")
    if target == paths.ROOT.resolve():
        raise ReportError(f"--out {out_dir} is the repository itself. Choose a folder of its "
                          "own, e.g. reports/.")
    return out_dir


# ---------------------------------------------------------------- what the outputs depend on
def input_files() -> dict[str, Path]:
    """Every file the reports depend on, by a name that does not depend on where it lives:
    raw data relative to its raw folder (the papers excepted: their sha256 is in papers.csv)
    and code relative to the package."""
    raw = paths.RAW.resolve()
    package = (paths.ROOT / "analysis").resolve()
    found = {}
    for f in raw.rglob("*"):
        rel = f.relative_to(raw)
        if f.is_file() and rel.parts[0] != "papers" and "__pycache__" not in rel.parts:
            found[f"raw/{rel.as_posix()}"] = f
    for f in package.rglob("*.py"):
        found[f"analysis/{f.relative_to(package).as_posix()}"] = f
    lock = paths.ROOT / "requirements.lock"  # the exact package versions the reports ran on
    if lock.is_file():
        found["requirements.lock"] = lock
    return dict(sorted(found.items()))


def input_hashes(files: dict[str, Path]) -> dict[str, str]:
    return {name: hashlib.sha256(f.read_bytes()).hexdigest() for name, f in files.items()}


def digest(hashes: dict[str, str]) -> str:
    h = hashlib.sha256()
    for name, sha in sorted(hashes.items()):
        h.update(f"{name}\0{sha}\n".encode())
    return h.hexdigest()


def run_key(name: str, params: dict, inputs_digest: str, notebook_dir: Path | None = None) -> str:
    notebook = Path(notebook_dir or NOTEBOOK_DIR) / f"{name}.ipynb"
    h = hashlib.sha256(inputs_digest.encode())
    h.update(hashlib.sha256(notebook.read_bytes()).digest())
    h.update(json.dumps(params, sort_keys=True).encode())
    return h.hexdigest()


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.ROOT, capture_output=True,
                             text=True, timeout=10)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=paths.ROOT, capture_output=True, text=True, timeout=10)
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


# ---------------------------------------------------------------- the kernel
def check_kernel(name: str = KERNEL) -> None:
    """The kernel ``name`` must exist and run this interpreter: a kernel found by name alone
    could be any Python (a user's own 'python3', say) without the project's packages."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(name)
    except NoSuchKernel:
        raise ReportError(f"The Jupyter kernel '{name}' is not installed. Run `make venv`, or "
                          f"`{sys.executable} -m ipykernel install --sys-prefix --name {name}`, "
                          "then rerun.") from None
    runs = spec.argv[0] if spec.argv else ""
    if os.path.abspath(runs) != os.path.abspath(sys.executable):
        raise ReportError(f"The Jupyter kernel '{name}' ({spec.resource_dir}) runs {runs}, not "
                          f"this project's Python ({sys.executable}). Remove that kernelspec "
                          "or run `make venv` to reinstall the project's, then rerun.")


# ---------------------------------------------------------------- one notebook (in a worker)
def kernel_environment(staging: str) -> dict[str, str]:
    """What a notebook's kernel adds to its worker's environment: appendix tables stay static
    HTML, and the kernel leaves its appendix in the staged set."""
    return {STATIC_TABLES: "1", APPENDIX_DIR: str(Path(staging) / HANDED)}


def _kernel_environment(staging: str) -> None:
    os.environ.update(kernel_environment(staging))


_WAITING: Any = None  # in a worker: the run's count of notebooks not yet started (shared)


def _worker_start(parent: int, staging: str | None = None, notebook_dir: str | None = None,
                  waiting: Any = None) -> None:
    """In a (forked) worker: let go of the run's lock, which the fork copied, and exit as soon
    as the run that started it is gone (a kill -9 of its pid, say), so no worker outlives it
    or keeps the folder locked; the worker's kernel sees its own parent go and exits too.
    With ``staging``, start the worker's first spare kernel now (see kernels.py)."""
    global _WAITING
    for fd in _HELD:
        with contextlib.suppress(OSError):
            os.close(fd)

    def watch():
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)
    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
    if staging is not None and notebook_dir is not None:
        _WAITING = waiting
        _kernel_environment(staging)
        multiprocessing.util.Finalize(None, kernels.drop_spare, exitpriority=10)
        kernels.keep_spare(KERNEL, notebook_dir)


def _start_next_spare(kernel: str, notebook_dir: str) -> None:
    """A notebook is starting: if others are still waiting, warm this worker's next kernel."""
    if _WAITING is None:
        return
    with _WAITING.get_lock():
        _WAITING.value -= 1
        left = _WAITING.value
    if left > 0:
        kernels.keep_spare(kernel, notebook_dir)


def execute(name: str, params: dict, staging: str, notebook_dir: str, kernel: str = KERNEL,
            timeout: int = CELL_TIMEOUT, start_timeout: int = START_TIMEOUT,
            publish: tuple[Setting, str | None] | None = None) -> Outcome:
    """Run one notebook with papermill into ``staging``; with ``publish`` (the set's shared
    setting and Chromium, if any), write its page (and PDF) there too, in this worker."""
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError

    start = time.perf_counter()
    _kernel_environment(staging)
    source = Path(notebook_dir) / f"{name}.ipynb"
    out = Path(staging) / f"{name}.ipynb"
    km = kernels.take_spare(kernel)  # None: papermill starts the kernel itself
    _start_next_spare(kernel, notebook_dir)
    try:
        # Saved as each cell runs, so a timed-out notebook keeps the outputs it had.
        pm.execute_notebook(str(source), str(out), parameters=params, kernel_name=kernel,
                            cwd=str(notebook_dir), progress_bar=False, log_output=False,
                            request_save_on_cell_execute=True, execution_timeout=timeout,
                            start_timeout=start_timeout, km=km)
    except CellTimeoutError:
        message = _mark_timeout(out, timeout) if out.exists() else \
            f"a cell did not finish within {timeout}s"
        if not out.exists():
            _save_failed_copy(source, out, message)
        return Outcome(name, "failed", time.perf_counter() - start, message, params)
    except Exception as exc:  # papermill's execution error, a dead kernel, a slow start
        lines = str(exc).strip().splitlines()
        message = lines[-1] if lines else type(exc).__name__
        if not out.exists():  # the kernel died before papermill could save: keep the source
            _save_failed_copy(source, out, message)
        return Outcome(name, "failed", time.perf_counter() - start, message, params)
    finally:
        if km is not None:  # one notebook per kernel: papermill leaves a given kernel running
            kernels.stop(km)
    if publish is not None:
        shared, chromium = publish
        page = Path(staging) / f"{name}.html"
        page.write_text(appendix_page(out, params, shared), encoding="utf-8")
        if chromium:
            to_pdf(page, page.with_suffix(".pdf"), chromium)
    return Outcome(name, "ran", time.perf_counter() - start, params=params)


def _mark_timeout(out: Path, timeout: int) -> str:
    """Mark the cell that timed out in the saved notebook, as papermill marks a failing one;
    returns the message naming it."""
    import nbformat
    from nbformat.v4 import new_markdown_cell, new_output

    nb = nbformat.read(out, as_version=4)
    started = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
               and c.get("metadata", {}).get("papermill", {}).get("start_time")]
    index = started[-1] if started else 0
    cell = nb.cells[index]
    first = (cell.source.strip().splitlines() or [""])[0][:60]
    message = (f"cell {index + 1} ({first!r}) did not finish within {timeout}s; raise the limit "
               "with --timeout SECONDS or make the cell faster")
    cell.outputs = [o for o in cell.get("outputs", []) if o.get("output_type") != "error"] + [
        new_output("error", ename="CellTimeoutError", evalue=message, traceback=[message])]
    cell.metadata.setdefault("papermill", {})["exception"] = True
    banner = new_markdown_cell(f'<span style="color:red; font-size:2em">Execution timed out at '
                               f"cell {index + 1}</span>\n\n{html.escape(message, quote=False)}")
    banner.metadata["tags"] = ["papermill-error-cell-tag"]
    nb.cells.insert(0, banner)
    nbformat.write(nb, out)
    return message


def _save_failed_copy(source: Path, out: Path, message: str) -> None:
    import nbformat
    from nbformat.v4 import new_markdown_cell

    nb = nbformat.read(source, as_version=4)
    nb.cells.insert(0, new_markdown_cell(f"**This notebook failed before it could be saved:** "
                                         f"{html.escape(message)}"))
    nbformat.write(nb, out)


def to_html(notebook: Path) -> str:
    """Code-free, self-contained HTML: no input cells, no script at all (the appendices need
    none, and an inline script can still fetch from the network), no style from the network."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:  # machine-readable records are for tests, not readers
        if cell.get("outputs"):
            cell.outputs = [o for o in cell.outputs
                            if "application/vnd.asc-compare.record+json" not in o.get("data", {})]
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    return NETWORK.sub("", SCRIPT.sub("", body))


def generated_on() -> date:
    """Today, or the date in SOURCE_DATE_EPOCH (for byte-identical rebuilds of a past set)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return datetime.fromtimestamp(int(epoch), tz=UTC).date() if epoch.isdigit() else date.today()


def appendix_page(notebook: Path, params: dict, setting: Setting) -> str:
    """The executed notebook as the page a reader gets: title, banner, print rules."""
    import nbformat

    from .page import decorate

    title = nbformat.read(notebook, as_version=4).metadata.get("title", notebook.stem)
    return decorate(to_html(notebook), title, params, setting.registry, setting.newest_figure,
                    setting.generated, setting.labels, setting.provenance)


@dataclass(frozen=True)
class Setting:
    """What every page of one report set shares."""
    registry: pd.DataFrame
    newest_figure: date
    generated: date
    labels: dict[str, str]
    provenance: str


def setting(provenance: str) -> Setting:
    from ..dataset.catalogue import load_measures
    from ..sources.papers import load_registry
    from .notebook import newest_figure

    ind = pd.read_parquet(live(paths.PROCESSED) / paths.INDICATORS_PARQUET.name)
    measures = load_measures()
    return Setting(load_registry(), newest_figure(ind).date(), generated_on(),
                   dict(zip(measures["measure_id"], measures["label"], strict=True)), provenance)


def write_papers(folder: Path, registry: pd.DataFrame) -> None:
    """Every paper as a read-only page with a numbered anchor per line (what sources link to)."""
    from ..sources.citations import paper_name
    from ..sources.papers import paper_lines
    from .viewer import paper_page

    folder.mkdir()
    for _, r in registry.iterrows():
        (folder / f"{r['paper_id']}.html").write_text(
            paper_page(r["paper_id"], paper_lines(r["paper_id"], registry),
                       paper_name(r["paper_id"], registry), r["title"]), encoding="utf-8")


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(html_path: Path, pdf_path: Path, chromium: str) -> None:
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf_path}", html_path.as_uri()],
                   check=True, capture_output=True, timeout=120)


# ---------------------------------------------------------------- tables
def collect_appendices(params: dict[str, dict], handed: Path | None = None
                       ) -> tuple[dict[str, Appendix], dict[str, str]]:
    """Every notebook's appendix (its title, lead and tables) with its parameters: the one its
    kernel built in this run (left in ``handed``), else built here; a notebook whose appendix
    cannot be built is listed with the reason instead."""
    import pickle

    from .notebook import load

    built: dict[str, Appendix] = {}
    problems: dict[str, str] = {}
    for name, p in params.items():
        mine = handed / f"{name}.pickle" if handed else None
        if mine is not None and mine.is_file():  # written by this run's own kernel
            with open(mine, "rb") as f:
                built[name] = pickle.load(f)
            continue
        try:
            built[name] = load(name, **p).appendix
        except AnalysisError as exc:
            problems[name] = str(exc)
    return built, problems


def write_tables(appendices: dict[str, Appendix], folder: Path, setting: Setting) -> list[str]:
    """``tables.xlsx`` and one CSV per table in ``tables/``, every text cell safe to open in a
    spreadsheet, numbers as numbers."""
    from .workbook import Sheet, write_csvs, write_workbook

    sheets, seen = [], set()
    for name, a in sorted(appendices.items()):
        for table in a.tables.values():
            key = (table.title, table.data.to_csv())  # the briefing repeats a theme's table
            if key not in seen:
                seen.add(key)
                sheets.append(Sheet(a.title, name, table))
    names = write_workbook(folder / "tables.xlsx", sheets, setting.registry, setting.generated,
                           setting.provenance)
    files = write_csvs(sheets, folder / "tables", setting.registry)
    contents = pd.DataFrame({"file": files, "sheet": names,
                             "table": [s.table.title for s in sheets],
                             "appendix": [s.appendix for s in sheets],
                             "what it shows": [s.table.caption for s in sheets]},
                            columns=["file", "sheet", "table", "appendix", "what it shows"])
    safe_frame(contents).to_csv(folder / "tables" / "contents.csv", index=False,
                                encoding="utf-8-sig", lineterminator="\r\n")
    return names


def notebook_title(name: str) -> str:
    """The title a notebook gives its appendix (its metadata), or its name."""
    import nbformat

    path = NOTEBOOK_DIR / f"{name}.ipynb"
    return nbformat.read(path, as_version=4).metadata.get("title", name) if path.exists() \
        else name


def index_entries(notebooks: dict[str, dict], appendices: dict[str, Appendix],
                  current_key: dict[str, str], problems: dict[str, str]) -> list[Entry]:
    """A line of the front page for each appendix in the set, with what is wrong with it."""
    from .index import Entry

    entries = []
    for name, e in notebooks.items():
        a = appendices.get(name)
        notes = []
        if current_key.get(name) and e.get("key") != current_key[name]:
            notes.append("Out of date: its inputs changed since it ran; rerun it.")
        if name in problems:
            notes.append(f"Its tables were not exported: {problems[name]}")
        entries.append(Entry(name, a.title if a else notebook_title(name), a.lead if a else "",
                             e.get("status", ""), e.get("error", ""), " ".join(notes),
                             bool(e.get("last_good"))))
    return entries


# ---------------------------------------------------------------- one run at a time
_HELD: list[int] = []  # file descriptors of the locks this process holds (workers close them)
def _start_time(pid: int) -> str:
    """The kernel's start time of process ``pid`` (tells a reused pid from its owner)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def _owner(handle) -> tuple[int, str] | None:
    handle.seek(0)
    parts = handle.read().split()
    if not parts or not parts[0].isdigit():
        return None
    return int(parts[0]), parts[1] if len(parts) > 1 else ""


def _owner_alive(owner: tuple[int, str] | None) -> bool:
    if owner is None:
        return False
    pid, started = owner
    return pid_alive(pid) and (not started or _start_time(pid) in ("", started))


@contextlib.contextmanager
def exclusive(out_dir: Path):
    """Hold ``out_dir/.lock`` for the run. The file records the owner's pid; a lock still held
    after its owner died (by something the owner started) is taken over by replacing the file,
    so a killed run never blocks the next one."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / ".lock"
    # Every taker holds the guard while it takes the lock and writes its pid, so no one ever
    # reads an owner that is being written.
    with open(out_dir / ".lock.guard", "a") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        try:
            handle = _take(path, out_dir)
        finally:
            fcntl.flock(guard, fcntl.LOCK_UN)
    _HELD.append(handle.fileno())
    try:
        yield
    finally:
        _HELD.remove(handle.fileno())
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _take(path: Path, out_dir: Path):
    for _ in range(3):
        handle = open(path, "a+")  # noqa: SIM115 - held for the whole run
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            owner = _owner(handle)
            handle.close()
            if _owner_alive(owner):
                raise ReportError(f"Another report run (pid {owner[0]}) is writing {out_dir}; "
                                  "wait for it to finish and run again.") from None
            fresh = path.with_name(f".lock.{os.getpid()}.new")
            fresh.write_text("")
            os.replace(fresh, path)  # the dead owner's strays keep the old file, not the lock
            continue
        if not path.exists() or os.fstat(handle.fileno()).st_ino != path.stat().st_ino:
            handle.close()
            continue
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()} {_start_time(os.getpid())}\n")
        handle.flush()
        return handle
    raise ReportError(f"Could not take {path}; remove it if no report run is going, and rerun.")


# ---------------------------------------------------------------- the run
def run(names: list[str] | None = None, overrides: dict[str, Any] | None = None, *,
        force: bool = False, pdf: bool = False, jobs: int = 2, out_dir: Path = paths.REPORTS,
        progress: bool = True, timeout: int = CELL_TIMEOUT,
        start_timeout: int = START_TIMEOUT) -> list[Outcome]:
    """Regenerate the chosen appendices; returns what happened to each.

    Everything is staged as a new version of the report set and published in one switch, so
    an interrupted or failing run leaves the previous reports as they were. ``timeout`` bounds
    each cell and ``start_timeout`` each kernel start, in seconds.
    """
    out_dir = check_out_dir(out_dir)
    for option, value in (("--timeout", timeout), ("--start-timeout", start_timeout)):
        if not isinstance(value, int) or value < 1:
            raise ReportError(f"{option} must be a whole number of seconds of at least 1, not "
                              f"{value!r}.")
    params = resolve(names, overrides or {})
    chromium = find_chromium() if pdf else None
    if pdf and chromium is None:
        raise ReportError("--pdf needs Chromium, which is not installed. Install it "
                          "(apt-get install chromium) or run without --pdf.")
    check_kernel()
    try:
        with exclusive(out_dir):
            return _run_locked(params, force, chromium, jobs, out_dir, progress,
                               (timeout, start_timeout))
    except OutputError:
        raise  # already names its folder (the processed data, say)
    except OSError as exc:
        raise ReportError(f"{output_error(exc, out_dir, '--out')} The reports already there "
                          "are unchanged; rerun when it is fixed.") from None


def _previous_manifest(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        print(f"warning: {path} is unreadable; rerunning every notebook instead of trusting it",
              file=sys.stderr)
        return {}


def _run_locked(params: dict[str, dict], force: bool, chromium: str | None, jobs: int,
                out_dir: Path, progress: bool, timeouts: tuple[int, int]) -> list[Outcome]:
    with writing(out_dir, "--out"):
        clean(out_dir)  # what killed runs left behind
    hashes = input_hashes(input_files())
    inputs = digest(hashes)
    previous = live(out_dir)
    done = _previous_manifest(previous / "manifest.json").get("notebooks", {})
    notebook_dir = NOTEBOOK_DIR
    keys = {n: run_key(n, p, inputs, notebook_dir) for n, p in params.items()}
    todo = {n: p for n, p in params.items() if force or done.get(n, {}).get("key") != keys[n]
            or done.get(n, {}).get("status") != "ran" or not (previous / f"{n}.html").exists()}
    if chromium:
        todo |= {n: p for n, p in params.items() if not (previous / f"{n}.pdf").exists()}
    outcomes = [Outcome(n, "skipped", params=p) for n, p in params.items() if n not in todo]
    if not todo:
        return outcomes
    from ..audit import audit_of_build  # pandas and pandera: only when there is work
    from ..dataset.build import build

    staged = stage_version(out_dir)
    (staged / HANDED).mkdir()
    try:
        with _workers(len(todo), staged, jobs, str(notebook_dir)) as pool:
            # The report rebuilds data/processed/ (one whole set, like `build`) before its
            # notebooks run, so they and the exported tables read the same data; the workers'
            # first kernels warm up meanwhile (they import code, never data).
            build(derived={paths.AUDIT_CSV.name: audit_of_build})
            provenance = (f"Made with analysis {_version()} at commit {git_commit()} from the "
                          f"bundled data (inputs sha256 {inputs[:16]}).")
            shared = setting(provenance)
            outcomes += _execute_all(todo, staged, jobs, progress, str(notebook_dir), timeouts,
                                     (shared, chromium), pool)
        (staged / "failed").mkdir()
        for o in outcomes:
            if o.status == "ran" and not (staged / f"{o.name}.html").exists():
                page = appendix_page(staged / f"{o.name}.ipynb", o.params, shared)
                (staged / f"{o.name}.html").write_text(page, encoding="utf-8")
            if o.status == "ran" and chromium and not (staged / f"{o.name}.pdf").exists():
                to_pdf(staged / f"{o.name}.html", staged / f"{o.name}.pdf", chromium)
            elif o.status == "failed" and (staged / f"{o.name}.ipynb").exists():
                os.replace(staged / f"{o.name}.ipynb", staged / "failed" / f"{o.name}.ipynb")
        write_papers(staged / "papers", shared.registry)
        notebooks = _merge(done, outcomes, keys)
        _carry_forward(previous, staged, notebooks, {o.name for o in outcomes
                                                     if o.status != "skipped"})
        fresh = {o.name for o in outcomes if o.status == "ran"}
        for name in set(os.listdir(staged / HANDED)) - {f"{n}.pickle" for n in fresh}:
            os.remove(staged / HANDED / name)  # a failed notebook's: not its last good run's
        appendices, problems = collect_appendices(
            {n: e["parameters"] for n, e in notebooks.items() if e["status"] == "ran"}
            | {n: e["last_good"]["parameters"] for n, e in notebooks.items()
               if e["status"] == "failed" and e.get("last_good")}, staged / HANDED)
        shutil.rmtree(staged / HANDED)  # not part of the published set
        for name, why in problems.items():
            print(f"warning: the tables of {name} were not exported ({why}); index.html says "
                  "so. Rerun it to bring it up to date.", file=sys.stderr)
        write_tables(appendices, staged, shared)
        manifest = {"git_commit": git_commit(), "inputs_sha256": hashes,
                    "versions": versions(), "notebooks": notebooks}
        (staged / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True),
                                              encoding="utf-8")
        now = {n: run_key(n, e["parameters"], inputs, notebook_dir) for n, e in notebooks.items()
               if (notebook_dir / f"{n}.ipynb").exists() and n in NOTEBOOKS}
        from .index import index_page

        entries = index_entries(notebooks, appendices, now, problems)
        pdfs = all((staged / f"{e.name}.pdf").exists() for e in entries if e.status != "failed")
        (staged / "index.html").write_text(
            index_page(entries, shared.registry, shared.generated, provenance,
                       pdf=bool(entries) and pdfs), encoding="utf-8")
        commit_version(out_dir, staged, owned=LEGACY + tuple(
            f"{n}.{ext}" for n in NOTEBOOKS for ext in ("html", "ipynb", "pdf")))
    finally:
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
    return outcomes


def _merge(done: dict, outcomes: list[Outcome], keys: dict[str, str]) -> dict[str, dict]:
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


def _carry_forward(previous: Path, staged: Path, notebooks: dict[str, dict],
                   rerun: set[str]) -> None:
    """Bring the earlier version's files for every notebook this run did not replace."""
    for name, entry in notebooks.items():
        kinds = [] if entry["status"] == "ran" and name in rerun else ["html", "ipynb", "pdf"]
        if name not in rerun and entry["status"] == "failed":
            kinds.append("failed")
        for ext in kinds:
            rel = f"failed/{name}.ipynb" if ext == "failed" else f"{name}.{ext}"
            src, dest = previous / rel, staged / rel
            if src.is_file() and not dest.exists():
                try:
                    os.link(src, dest)  # same folder tree: a link, not a copy
                except OSError:
                    shutil.copy2(src, dest)


def _version() -> str:
    from .. import __version__
    return __version__


# Optional packages that cost far more to import than this process uses them: rfc3987_syntax
# (pulled in by jupyter-events) builds a grammar at import, 1.2 s of every run, so that
# jsonschema can check "iri" formats, which neither nbformat's schema nor its validation uses.
SLOW_OPTIONAL = ("rfc3987_syntax",)


def skip_slow_optional_imports() -> None:
    """Make ``SLOW_OPTIONAL`` look absent to this process (their importers handle that), unless
    something already imported them."""
    for name in SLOW_OPTIONAL:
        sys.modules.setdefault(name, None)


@contextlib.contextmanager
def _workers(count: int, staging: Path, jobs: int, notebook_dir: str):
    """The pool of worker processes, started at once so that each worker's first kernel warms
    up while the parent builds. Forked (quick to start, and a script calling run() needs no
    __main__ guard); each closes its copy of the lock and dies with the run (_worker_start)."""
    context = multiprocessing.get_context("fork")
    waiting = context.Value("i", count)
    with zygote.running(KERNEL, notebook_dir, os.environ | kernel_environment(str(staging))) \
            as forks_kernels:
        # imported once here (while the zygote imports), inherited by every worker
        skip_slow_optional_imports()
        import nbclient.exceptions  # noqa: F401
        import papermill  # noqa: F401

        kernels.use_zygote(forks_kernels)  # the workers inherit it
        try:
            with ProcessPoolExecutor(max_workers=max(1, min(jobs, count)), mp_context=context,
                                     initializer=_worker_start,
                                     initargs=(os.getpid(), str(staging), notebook_dir,
                                               waiting)) as pool:
                pool.submit(int)  # a forked pool starts all its workers on the first task
                yield pool
        finally:
            kernels.use_zygote(None)


def _execute_all(todo: dict[str, dict], staging: Path, jobs: int, progress: bool,
                 notebook_dir: str, timeouts: tuple[int, int],
                 publish: tuple[Setting, str | None] | None, pool: ProcessPoolExecutor) -> list:
    from tqdm import tqdm

    outcomes = []
    futures = {pool.submit(execute, n, p, str(staging), notebook_dir, KERNEL, *timeouts,
                           publish): n for n, p in todo.items()}
    bar = tqdm(total=len(futures), desc="notebooks", unit="nb", disable=not progress,
               file=sys.stderr)
    for future in as_completed(futures):
        outcomes.append(future.result())
        bar.update(1)
    bar.close()
    return sorted(outcomes, key=lambda o: o.name)


def summary(outcomes: list[Outcome], out_dir: Path = paths.REPORTS) -> str:
    lines = [f"  {o.name:18s} {o.status:8s} {o.seconds:6.1f}s  {o.error}".rstrip()
             for o in sorted(outcomes, key=lambda o: o.name)]
    ran = sum(o.status == "ran" for o in outcomes)
    failed = [o.name for o in outcomes if o.status == "failed"]
    head = (f"{ran} ran, {len(outcomes) - ran - len(failed)} up to date, {len(failed)} failed.")
    if failed:
        head += (f" Failed notebooks are kept in {Path(out_dir) / 'failed'}/ with the failing "
                 "cell marked.")
    if not ran and not failed:
        head = "Nothing changed: every report is up to date (use --force to rerun)."
    return "\n".join([head] + lines)

