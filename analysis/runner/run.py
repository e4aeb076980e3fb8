"""The headless report run: build and audit the data, run the notebooks, export the pages and
tables, and publish the whole set at once.

    python -m analysis report [NOTEBOOK ...] [-p NAME VALUE ...] [--force] [--pdf] [--jobs N]
                              [--timeout SECONDS] [--start-timeout SECONDS] [--out FOLDER]

Parameters are validated for every notebook before any kernel starts. A run with nothing
changed does no work; a failing or timed-out notebook does not stop the others and is kept,
failing cell marked, in ``failed/``. The whole report set (every appendix, the workbook, the
index, the manifest) is staged as a new version and published in one switch of
``reports/current``: a reader sees the old set or the new one, never a mix (analysis/atomic.py);
the last ``ASC_KEEP_SETS`` sets are kept. Each set says what changed since the one it replaces
(changelog.py). One run at a time per output folder (lock.py).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import __version__
from ..atomic import clean, commit_version, link_or_copy, live, stage_version, writing
from ..errors import OutputError, output_error
from ..settings import Settings
from . import export, plan
from .execute import CELL_TIMEOUT, START_TIMEOUT, Execute, Job, Notebooks, execute_notebook
from .kernels import Kernels, check_kernel
from .lock import ReportError, exclusive
from .plan import Outcome

if TYPE_CHECKING:  # the change log needs pandas, which a run with nothing to do never loads
    from . import changelog


@dataclass(frozen=True)
class Built:
    """What the build tells the pages: its provenance sentence ('Every figure's text as
    printed was checked to be on the line it cites, in all 5 papers.', or 'Provenance NOT
    checked: ...') and the papers whose text it found."""
    provenance: str
    papers: frozenset[str]


def build_and_audit(settings: Settings) -> Built:
    """data/processed/ rebuilt as one set, with its audit, exactly as `audit` builds it."""
    from ..audit import audit_of_build
    from ..dataset.build import build

    result = build(settings, derived={settings.audit_csv.name: audit_of_build})
    return Built(result.provenance, frozenset(result.papers_checked))


@dataclass(frozen=True)
class Options:
    settings: Settings
    out_dir: Path
    force: bool
    chromium: str | None
    jobs: int
    progress: bool
    timeout: int
    start_timeout: int


def run(names: list[str] | None = None, overrides: dict[str, Any] | None = None, *,
        settings: Settings | None = None, out_dir: Path | None = None, force: bool = False,
        pdf: bool = False, jobs: int = 2, progress: bool = True, timeout: int = CELL_TIMEOUT,
        start_timeout: int = START_TIMEOUT, execute: Execute = execute_notebook,
        build: Any = build_and_audit) -> list[Outcome]:
    """Regenerate the chosen appendices (all by default) into ``out_dir`` (the settings'
    reports folder); returns what happened to each. ``execute`` runs one notebook and
    ``build`` builds the data (tests pass stand-ins)."""
    settings = settings or Settings.from_env()
    out_dir = plan.check_out_dir(out_dir or settings.reports_dir, settings)
    plan.check_timeouts(timeout=timeout, start_timeout=start_timeout)
    params = plan.resolve(names, overrides or {})
    chromium = export.find_chromium() if pdf else None
    if pdf and chromium is None:
        raise ReportError("--pdf needs Chromium, which is not installed. Install it "
                          "(apt-get install chromium) or run without --pdf.")
    try:
        with exclusive(out_dir):
            return _run(params, Options(settings, out_dir, force, chromium, jobs, progress,
                                        timeout, start_timeout), execute, build)
    except OutputError:
        raise  # already names its folder (the processed data, say)
    except OSError as exc:
        raise ReportError(f"{output_error(exc, out_dir, '--out')} The reports already there "
                          "are unchanged; rerun when it is fixed.") from None


@dataclass(frozen=True)
class Plan:
    previous: Path           # the live set (or the empty folder)
    done: dict[str, dict]    # its manifest's notebooks
    keys: dict[str, str]     # each chosen notebook's run key now
    todo: dict[str, dict]    # the notebooks to run, with their parameters
    hashes: dict[str, str]   # every input file's sha256
    base: changelog.Baseline | None  # what the new set is compared with (None: no work)

    @property
    def inputs(self) -> str:
        return plan.digest(self.hashes)


def _plan(params: dict[str, dict], o: Options) -> tuple[Plan, list[Outcome]]:
    """What this run must do, and the notebooks it skips."""
    with writing(o.out_dir, "--out"):
        clean(o.out_dir, newest=o.settings.keep_sets)  # what killed runs left behind
    previous = live(o.out_dir)
    manifest, unreadable = plan.read_manifest(previous / "manifest.json")
    if unreadable:
        print(f"warning: {unreadable}; rerunning every notebook instead of trusting it",
              file=sys.stderr)
        params = plan.resolve(None, {}) | params
    hashes = plan.input_hashes(plan.input_files(o.settings))
    done = manifest.get("notebooks", {})
    keys = {n: plan.run_key(n, p, plan.digest(hashes), o.settings.notebooks_dir)
            for n, p in params.items()}
    # What a reader can open: in the live set and still linked from the folder.
    present = ({p.name for p in previous.iterdir() if (o.out_dir / p.name).exists()}
               if previous.is_dir() else set())
    todo = plan.to_run(params, keys, done, present, o.force, o.chromium is not None)
    base = None
    if todo:
        from . import changelog
        base = changelog.baseline(previous, manifest, unreadable)
    return (Plan(previous, done, keys, todo, hashes, base),
            [Outcome(n, "skipped", params=p) for n, p in params.items() if n not in todo])


def short_commit(commit: str) -> str:
    """A commit as a reader quotes it: seven characters, still saying when the code had
    uncommitted changes or was not a checkout.

    >>> short_commit("954d3f52aa0e1 (with uncommitted changes)"), short_commit("unknown (x)")
    ('954d3f5, with uncommitted changes', 'unknown (x)')
    """
    if commit.startswith("unknown"):
        return commit
    return commit[:7] + (", with uncommitted changes" if "uncommitted" in commit else "")


def _run(params: dict[str, dict], o: Options, execute: Execute, build) -> list[Outcome]:
    """The pipeline, in the folder this run holds."""
    p, skipped = _plan(params, o)
    if not p.todo:
        return skipped
    check_kernel()
    staged = stage_version(o.out_dir)
    try:
        with _notebooks(p.todo, staged, execute, o) as running:   # their kernels boot meanwhile
            built = build(o.settings)                                       # build, audit
            commit = plan.git_commit()
            # a stamp a reader can quote to have the same pages made again: the tool's
            # version and commit, and a fingerprint of the data it read
            shared = export.setting(o.settings, f"Made by the comparison tool, version "
                                    f"{__version__} (code {short_commit(commit)}, data "
                                    f"{p.inputs[:8]}).", built.papers)
            # The exports run beside the notebooks, so a worker goes straight on to the next.
            with ThreadPoolExecutor(1, thread_name_prefix="exports") as beside:
                tables = beside.submit(_tables, staged, _shown_if_all_run(p), set(p.todo),
                                       shared, p.base, o.settings)
                pages = []
                running.start(lambda job: pages.append(beside.submit(
                    export.write_page, staged, job.name, job.params, shared, o.chromium)))
                outcomes = sorted(skipped + running.outcomes(), key=lambda x: x.name)
                for page in pages:                                          # notebooks, pages
                    page.result()
        now = plan.merge(p.done, outcomes, p.keys)
        _keep(staged, p.previous, outcomes, now)                            # failed, carried
        ran = {x.name for x in outcomes if x.status == "ran"}
        log = _export(staged, now, ran, tables.result(), shared, built, p, o)  # tables, index
        (staged / "manifest.json").write_text(json.dumps(
            {"git_commit": commit, "inputs_sha256": p.hashes, "versions": plan.versions(),
             "notebooks": now} | log, indent=2, sort_keys=True), encoding="utf-8")
        commit_version(o.out_dir, staged, newest=o.settings.keep_sets)      # publish
    finally:
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
    return outcomes


def _notebooks(todo: dict[str, dict], staged: Path, execute: Execute,
               o: Options) -> Notebooks:
    """The notebooks to run, in ``o.jobs`` threads, each executed into ``staged``."""
    jobs = [Job(n, p, o.settings.notebooks_dir / f"{n}.ipynb", staged / f"{n}.ipynb",
                o.timeout, o.start_timeout) for n, p in todo.items()]
    env = os.environ | o.settings.with_(static_tables=True).environment()
    kernels = Kernels(len(jobs), o.settings.notebooks_dir, env)
    return Notebooks(jobs, execute, kernels, max(1, min(o.jobs, len(jobs))), o.progress)


def _keep(staged: Path, previous: Path, outcomes: list[Outcome], now: dict[str, dict]) -> None:
    """Failed notebooks into failed/, and the earlier set's files this set keeps."""
    (staged / "failed").mkdir()
    for outcome in outcomes:
        if outcome.status == "failed" and (staged / f"{outcome.name}.ipynb").exists():
            os.replace(staged / f"{outcome.name}.ipynb",
                       staged / "failed" / f"{outcome.name}.ipynb")
    for rel in plan.carried(now, {x.name for x in outcomes if x.status != "skipped"}):
        src, dest = previous / rel, staged / rel
        if src.is_file() and not dest.exists():
            link_or_copy(src, dest)


def _shown_if_all_run(p: Plan) -> dict[str, dict]:
    """The appendices the set will show if every notebook of this run succeeds."""
    return plan.published(plan.merge(p.done, [Outcome(n, "ran", params=q)
                                              for n, q in p.todo.items()], p.keys))


class Tables(NamedTuple):
    params: dict[str, dict]   # of every appendix in the set
    rebuilt: set[str]         # the appendices this run rebuilt
    appendices: dict
    problems: dict[str, str]  # appendices whose tables could not be built, and why
    facts: Any                # the set's facts (a DataFrame)
    log: changelog.Log        # what changed since the previous set


def _tables(staged: Path, params: dict[str, dict], rebuilt: set[str], shared: export.Setting,
            base: changelog.Baseline, settings: Settings) -> Tables:
    """The appendices, what changed in those rebuilt, and the workbook and CSVs (built while
    the notebooks run)."""
    from . import changelog

    appendices, problems = export.build_appendices(params, settings)
    compared = sorted(n for n in rebuilt if n in appendices)
    facts = changelog.set_facts(appendices, compared, sorted(params), base)
    log = changelog.compare(base, facts, compared, sorted(params), shared.registry,
                            shared.generated.isoformat())
    export.write_tables(appendices, staged, shared, log.sheet())
    return Tables(params, rebuilt, appendices, problems, facts, log)


def _export(staged: Path, now: dict[str, dict], ran: set[str], ahead: Tables,
            shared: export.Setting, built: Built, p: Plan, o: Options) -> dict:
    """The paper viewer, the workbook and CSVs of every appendix in the set (made again when a
    failed notebook leaves its last good run in the set), the change log and the index;
    returns what the manifest records of the change log."""
    from . import changelog

    if built.papers:
        export.write_papers(staged / "papers", shared.registry, built.papers,
                            o.settings.paper_dirs())
    if ahead.params != plan.published(now) or ahead.rebuilt != ran:
        shutil.rmtree(staged / "tables", ignore_errors=True)
        ahead = _tables(staged, plan.published(now), ran, shared, p.base, o.settings)
    appendices, problems = ahead.appendices, ahead.problems
    for name, why in problems.items():
        print(f"warning: the tables of {name} were not exported ({why}); index.html says "
              "so. Rerun it to bring it up to date.", file=sys.stderr)
    keys = {n: plan.run_key(n, e["parameters"], p.inputs, o.settings.notebooks_dir)
            for n, e in now.items() if (o.settings.notebooks_dir / f"{n}.ipynb").exists()}
    entries = export.index_entries(now, appendices, keys, problems, o.settings.notebooks_dir)
    titles = {e.name: e.title for e in entries}

    def reprint(name: str) -> None:  # the PDF of a page that now carries its banner
        if o.chromium:
            export.to_pdf(staged / f"{name}.html", staged / f"{name}.pdf", o.chromium)
    section = changelog.write(staged, ahead.log, ahead.facts, p.base, titles, ran, reprint)
    export.write_index(staged, entries, shared, built.provenance, section)
    return changelog.manifest_fields(staged, ahead.log, shared.generated.isoformat(),
                                     shared.registry)


def summary(outcomes: list[Outcome], out_dir: Path) -> str:
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
