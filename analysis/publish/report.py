"""The headless report runner: papermill in parallel kernels, code-free HTML, tables, manifest.

    python -m analysis report [NOTEBOOK ...] [-p NAME VALUE ...] [--force] [--pdf] [--jobs N]

Parameters are validated for every notebook before any kernel starts. Outputs are written to a
staging folder and moved into ``reports/`` only when complete; a run with nothing changed does
no work; a failing notebook does not stop the others and is kept, failing cell marked, in
``reports/failed/``. One run at a time: a second run waits for nothing and stops with a message.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import html
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from .. import paths
from ..errors import AnalysisError
from .params import NOTEBOOKS, ParameterError, validate

NOTEBOOK_DIR = paths.ROOT / "notebooks"
PACKAGES = ["pandas", "pandera", "pyarrow", "matplotlib", "seaborn", "papermill", "nbconvert",
            "nbformat", "openpyxl"]
NETWORK = re.compile(r"""<(script|link)\b[^>]*(?:src|href)\s*=\s*["']https?://[^"']*["'][^>]*>"""
                     r"""(?:\s*</script>)?""", re.I)


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
    from ..dataset.catalogue import load_measures

    names = list(NOTEBOOKS) if not names else names
    unknown = [n for n in names if n not in NOTEBOOKS]
    if unknown:
        raise ParameterError(f"Unknown notebook(s) {', '.join(unknown)}. Choose from: "
                             f"{', '.join(NOTEBOOKS)}.")
    taken = {k for n in names for k in NOTEBOOKS[n]}
    stray = sorted(set(overrides) - taken)
    if stray:
        raise ParameterError(f"Unknown parameter(s) {', '.join(stray)} for "
                             f"{', '.join(names)}. They take: {', '.join(sorted(taken))}.")
    known = set(load_measures()["measure_id"])
    return {n: validate(n, known_measures=known,
                        **{k: v for k, v in overrides.items() if k in NOTEBOOKS[n]})
            for n in names}


# ---------------------------------------------------------------- what the outputs depend on
def _digest_files(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(str(f.relative_to(paths.ROOT)).encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def input_files() -> list[Path]:
    raw = [p for p in paths.RAW.rglob("*") if p.is_file() and "papers" not in p.parts]
    code = list((paths.ROOT / "analysis").rglob("*.py"))
    return raw + code


def run_key(name: str, params: dict, inputs_digest: str) -> str:
    notebook = NOTEBOOK_DIR / f"{name}.ipynb"
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


# ---------------------------------------------------------------- one notebook
def execute(name: str, params: dict, staging: str) -> Outcome:
    """Run one notebook with papermill into ``staging`` (in a worker process)."""
    import papermill as pm

    start = time.perf_counter()
    out = Path(staging) / f"{name}.ipynb"
    try:
        pm.execute_notebook(str(NOTEBOOK_DIR / f"{name}.ipynb"), str(out), parameters=params,
                            kernel_name="python3", cwd=str(NOTEBOOK_DIR), progress_bar=False,
                            log_output=False, request_save_on_cell_execute=False)
    except Exception as exc:  # papermill's execution error, a dead kernel, a timeout
        lines = str(exc).strip().splitlines()
        message = lines[-1] if lines else type(exc).__name__
        if not out.exists():  # the kernel died before papermill could save: keep the source
            _save_failed_copy(NOTEBOOK_DIR / f"{name}.ipynb", out, message)
        return Outcome(name, "failed", time.perf_counter() - start, message, params)
    return Outcome(name, "ran", time.perf_counter() - start, params=params)


def _save_failed_copy(source: Path, out: Path, message: str) -> None:
    import nbformat
    from nbformat.v4 import new_markdown_cell

    nb = nbformat.read(source, as_version=4)
    nb.cells.insert(0, new_markdown_cell(f"**This notebook failed before it could be saved:** "
                                         f"{message}"))
    nbformat.write(nb, out)


def to_html(notebook: Path, stamp: str) -> str:
    """Code-free, self-contained HTML: no input cells, no script or style from the network."""
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
    body = NETWORK.sub("", body)
    banner = (f'<div style="font:12px sans-serif;color:#333;border-bottom:1px solid #ccc;'
              f'padding:6px 12px;margin-bottom:8px">{html.escape(stamp)}</div>')
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner, body, count=1)


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
def export_tables(params: dict[str, dict], staging: Path) -> dict[str, pd.DataFrame]:
    """Every comparison table of every notebook: CSVs and one workbook."""
    from .notebook import load

    tables: dict[str, pd.DataFrame] = {}
    for name, p in params.items():
        ctx = load(name, **p)
        for title, table in ctx.tables.items():
            tables[f"{name} - {title}"] = table
    (staging / "tables").mkdir(exist_ok=True)
    sheets = []
    with pd.ExcelWriter(staging / "tables.xlsx", engine="openpyxl") as xl:
        for i, (title, table) in enumerate(tables.items(), start=1):
            slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
            flat = table if isinstance(table.index, pd.RangeIndex) else table.reset_index()
            flat.to_csv(staging / "tables" / f"{slug}.csv", index=False, lineterminator="\n")
            sheet = re.sub(r"[\[\]:*?/\\]", "-", f"{i:02d} {title}")[:31]
            flat.to_excel(xl, sheet_name=sheet, index=False)
            sheets.append({"sheet": sheet, "table": title, "csv": f"tables/{slug}.csv"})
    pd.DataFrame(sheets).to_csv(staging / "tables" / "contents.csv", index=False,
                                lineterminator="\n")
    return tables


def index_html(outcomes: list[Outcome], stamp: str) -> str:
    rows = []
    for o in outcomes:
        link = (f'<a href="{o.name}.html">{o.name}</a>' if o.status != "failed"
                else f'{o.name} (failed: see failed/{o.name}.ipynb)')
        params = html.escape(json.dumps(o.params, sort_keys=True))
        rows.append(f"<tr><td>{link}</td><td>{o.status}</td><td><code>{params}</code></td></tr>")
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Adult social "
            "care comparison: reports</title></head><body style=\"font-family:sans-serif\">"
            "<h1>Leicester and Leicestershire adult social care: appendices</h1>"
            f"<p>{html.escape(stamp)}</p><table border=\"1\" cellpadding=\"4\">"
            "<tr><th>appendix</th><th>status</th><th>parameters</th></tr>"
            + "".join(rows) + "</table><p>Tables: <a href=\"tables.xlsx\">tables.xlsx</a> and "
            "<a href=\"tables/contents.csv\">CSV files</a>. Run details: "
            "<a href=\"manifest.json\">manifest.json</a>.</p></body></html>")


# ---------------------------------------------------------------- the run
@contextlib.contextmanager
def exclusive(out_dir: Path):
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = open(out_dir / ".lock", "w")  # noqa: SIM115 - held for the whole run
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()
        raise ReportError(f"Another report run is writing {out_dir}; wait for it to finish "
                          "and run again.") from None
    try:
        yield
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()


def run(names: list[str] | None = None, overrides: dict[str, Any] | None = None, *,
        force: bool = False, pdf: bool = False, jobs: int = 2, out_dir: Path = paths.REPORTS,
        progress: bool = True) -> list[Outcome]:
    """Regenerate the chosen appendices; returns what happened to each.

    Everything is written to a staging folder first; only a complete set is moved into
    ``out_dir``, one rename per file, so an interrupted or failing run leaves the previous
    reports as they were.
    """
    params = resolve(names, overrides or {})
    chromium = find_chromium() if pdf else None
    if pdf and chromium is None:
        raise ReportError("--pdf needs Chromium, which is not installed. Install it "
                          "(apt-get install chromium) or run without --pdf.")
    out_dir = Path(out_dir)
    try:
        with exclusive(out_dir):
            for stale in out_dir.glob(".staging-*"):  # left by a run that was killed
                shutil.rmtree(stale, ignore_errors=True)
            return _run_locked(params, force, chromium, jobs, out_dir, progress)
    except OSError as exc:
        where = exc.filename or out_dir
        raise ReportError(f"Could not write {where}: {exc.strerror or exc}. Make {out_dir} "
                          "writable or free some disk space, then rerun; the reports already "
                          "there are unchanged.") from None


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
                out_dir: Path, progress: bool) -> list[Outcome]:
    from ..audit import audit as run_audit
    from ..dataset.build import build

    digest = _digest_files(input_files())
    manifest_path = out_dir / "manifest.json"
    done = _previous_manifest(manifest_path).get("notebooks", {})
    keys = {n: run_key(n, p, digest) for n, p in params.items()}
    todo = {n: p for n, p in params.items() if force or done.get(n, {}).get("key") != keys[n]
            or done.get(n, {}).get("status") != "ran" or not (out_dir / f"{n}.html").exists()}
    if chromium:
        todo |= {n: p for n, p in params.items() if not (out_dir / f"{n}.pdf").exists()}
    outcomes = [Outcome(n, "skipped", params=p) for n, p in params.items() if n not in todo]
    if not todo:
        return outcomes
    build(derived={paths.AUDIT_CSV.name: run_audit})
    staging = out_dir / f".staging-{os.getpid()}"
    staging.mkdir(parents=True)
    try:
        outcomes += _execute_all(todo, staging, jobs, progress)
        stamp = (f"Generated by analysis {_version()} at commit {git_commit()} from the "
                 f"bundled data (inputs sha256 {digest[:16]}).")
        for o in outcomes:
            if o.status == "ran":
                page = to_html(staging / f"{o.name}.ipynb", stamp + " Parameters: "
                               + json.dumps(o.params, sort_keys=True))
                (staging / f"{o.name}.html").write_text(page, encoding="utf-8")
                if chromium:
                    to_pdf(staging / f"{o.name}.html", staging / f"{o.name}.pdf", chromium)
        export_tables(params, staging)
        notebooks = done | {o.name: {"key": keys[o.name], "status": o.status,
                                     "seconds": round(o.seconds, 2), "error": o.error,
                                     "parameters": o.params}
                            for o in outcomes if o.status != "skipped"}
        manifest = {
            "git_commit": git_commit(),
            "inputs_sha256": {str(f.relative_to(paths.ROOT)):
                              hashlib.sha256(f.read_bytes()).hexdigest()
                              for f in sorted(input_files())},
            "versions": versions(), "notebooks": notebooks,
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True),
                                               encoding="utf-8")
        listed = [Outcome(n, v.get("status", "skipped"), params=v.get("parameters", {}))
                  for n, v in notebooks.items()]
        (staging / "index.html").write_text(index_html(listed, stamp), encoding="utf-8")
        _publish(staging, out_dir, outcomes)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return outcomes


def _version() -> str:
    from .. import __version__
    return __version__


def _execute_all(todo: dict[str, dict], staging: Path, jobs: int, progress: bool) -> list:
    from tqdm import tqdm

    outcomes = []
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(execute, n, p, str(staging)): n for n, p in todo.items()}
        bar = tqdm(total=len(futures), desc="notebooks", unit="nb", disable=not progress,
                   file=sys.stderr)
        for future in as_completed(futures):
            outcomes.append(future.result())
            bar.update(1)
        bar.close()
    return sorted(outcomes, key=lambda o: o.name)


def _publish(staging: Path, out_dir: Path, outcomes: list[Outcome]) -> None:
    """Move finished files into place one rename at a time (failures go to failed/); the
    manifest and index go last, so they never describe files that are not there."""
    (out_dir / "failed").mkdir(exist_ok=True)
    (out_dir / "tables").mkdir(exist_ok=True)
    for o in outcomes:
        if o.status == "failed":
            src = staging / f"{o.name}.ipynb"
            if src.exists():
                os.replace(src, out_dir / "failed" / f"{o.name}.ipynb")
        elif o.status == "ran":
            for ext in ("ipynb", "html", "pdf"):
                src = staging / f"{o.name}.{ext}"
                if src.exists():
                    os.replace(src, out_dir / f"{o.name}.{ext}")
            stale = out_dir / "failed" / f"{o.name}.ipynb"
            if stale.exists():
                stale.unlink()
    for f in (staging / "tables").glob("*.csv"):
        os.replace(f, out_dir / "tables" / f.name)
    for name in ("tables.xlsx", "manifest.json", "index.html"):
        os.replace(staging / name, out_dir / name)


def summary(outcomes: list[Outcome]) -> str:
    lines = [f"  {o.name:18s} {o.status:8s} {o.seconds:6.1f}s  {o.error}".rstrip()
             for o in sorted(outcomes, key=lambda o: o.name)]
    ran = sum(o.status == "ran" for o in outcomes)
    failed = [o.name for o in outcomes if o.status == "failed"]
    head = (f"{ran} ran, {len(outcomes) - ran - len(failed)} up to date, {len(failed)} failed.")
    if failed:
        head += " Failed notebooks are kept in reports/failed/ with the failing cell marked."
    if not ran and not failed:
        head = "Nothing changed: every report is up to date (use --force to rerun)."
    return "\n".join([head] + lines)
