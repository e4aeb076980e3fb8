"""The notebooks under papermill, each in a fresh kernel: executed, or failed with the cause
marked.

A notebook that raises is saved as papermill saves it, the failing cell marked; a cell that
runs past ``timeout`` is stopped and marked the same way; a kernel that dies or cannot start
fails its notebook only, with what the kernel last said. A failed notebook is saved with the
outputs its cells had made. ``Notebooks`` runs them in worker threads: papermill drives each
kernel, a process of its own, so a thread per notebook is enough.
"""

from __future__ import annotations

import functools
import html
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from .kernels import KernelError, Kernels
from .plan import Outcome

CELL_TIMEOUT = 600      # seconds per cell; the slowest real notebook takes about 3 s in all
START_TIMEOUT = 60      # seconds for a kernel to start


@dataclass(frozen=True)
class Job:
    """One notebook to run: ``source`` executed with ``params`` into ``out``."""
    name: str
    params: dict
    source: Path
    out: Path
    timeout: int = CELL_TIMEOUT
    start_timeout: int = START_TIMEOUT
    ready: Callable[[], None] = lambda: None  # returns once the data is built


Execute = Callable[[Job, Kernels], Outcome]  # what run() calls for each notebook


def execute_notebook(job: Job, kernels: Kernels) -> Outcome:
    """Run ``job`` with papermill in a kernel taken from ``kernels`` (stopped after)."""
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError

    start = time.perf_counter()

    def failed(message: str) -> Outcome:
        if not job.out.exists():  # the kernel died before papermill could save: keep the source
            _save_failed_copy(job.source, job.out, message)
        return Outcome(job.name, "failed", time.perf_counter() - start, message, job.params)

    try:
        km = kernels.take()
    except KernelError as exc:
        return failed(str(exc))
    try:
        job.ready()  # the kernel boots meanwhile
        kernels.wait_ready(km, job.start_timeout)
        start = time.perf_counter()
        # No cwd: papermill would change this process's folder, which every thread shares
        # (the kernel was started in the notebooks' folder).
        pm.execute_notebook(str(job.source), str(job.out), parameters=job.params,
                            kernel_name=kernels.name, engine_name=_engine(), progress_bar=False,
                            log_output=False, request_save_on_cell_execute=False,
                            execution_timeout=job.timeout, start_timeout=job.start_timeout,
                            km=km, keep_at=str(job.out))
    except KernelError as exc:  # it died or broke while starting: said at once
        return failed(str(exc))
    except CellTimeoutError:
        return failed(_mark_timeout(job.out, job.timeout) if job.out.exists() else
                      f"a cell did not finish within {job.timeout}s")
    except pm.PapermillExecutionError as exc:  # a cell raised: papermill marked it
        return failed(f"{exc.ename}: {exc.evalue}")
    except Exception as exc:  # a dead kernel, a slow start
        lines = str(exc).strip().splitlines()
        said = kernels.last_words(km).splitlines()
        return failed((lines[-1] if lines else type(exc).__name__)
                      + (f"; the kernel said: {said[-1]}" if said else ""))
    finally:
        kernels.stop(km)
    return Outcome(job.name, "ran", time.perf_counter() - start, params=job.params)


@functools.cache
def _engine() -> str:
    """papermill's own engine, but one that saves the notebook when a cell times out or the
    kernel dies (papermill would then keep it in memory only), instead of after every cell."""
    from papermill.engines import NBClientEngine, papermill_engines

    class SavedOnFailure(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, keep_at=None, **kwargs):
            try:
                return super().execute_managed_notebook(nb_man, kernel_name, **kwargs)
            except Exception:
                nb_man.output_path = keep_at  # papermill saves it as it finishes
                raise

    papermill_engines.register("asc-saved-on-failure", SavedOnFailure)
    return "asc-saved-on-failure"


class Notebooks:
    """The notebooks of one run, in ``workers`` threads, each driving a kernel of its own.

    The threads start with the block, so that their first kernels boot while the data is
    built; a notebook runs once ``start`` says the data is there, and ``start``'s ``page``
    exports it as it finishes. Leaving the block early (an error, Ctrl-C) kills every kernel.
    """

    def __init__(self, jobs: list[Job], execute: Execute, kernels: Kernels, workers: int,
                 progress: bool = True):
        self._queue = [replace(j, ready=self._data_ready) for j in reversed(jobs)]
        self._execute, self._kernels, self._workers = execute, kernels, workers
        self._progress, self._total = progress, len(jobs)
        self._done: list[Outcome] = []
        self._guard, self._ready = threading.Lock(), threading.Event()
        self._page: Callable[[Job], None] | None = None
        self._stopping = False

    def __enter__(self) -> Notebooks:
        self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="notebook")
        self._futures = [self._pool.submit(self._work) for _ in range(self._workers)]
        return self

    def start(self, page: Callable[[Job], None]) -> None:
        """The data is built: run the notebooks, ``page`` exporting each that ran."""
        from tqdm import tqdm

        self._bar = tqdm(total=self._total, desc="notebooks", unit="nb",
                         disable=not self._progress, file=sys.stderr)
        self._page = page
        self._ready.set()

    def outcomes(self) -> list[Outcome]:
        """What happened to each notebook, once every one has finished."""
        for future in as_completed(self._futures):
            future.result()
        self._bar.close()
        return sorted(self._done, key=lambda o: o.name)

    def __exit__(self, kind, *_) -> None:
        if kind is not None:
            with self._guard:
                self._queue.clear()
                self._stopping = True
            self._ready.set()
            self._kernels.abort()
        self._pool.shutdown(wait=True)
        self._kernels.close()

    def _data_ready(self) -> None:
        self._ready.wait()
        if self._stopping:
            raise KernelError("The run is stopping; the notebook was not run.")

    def _work(self) -> None:
        try:
            while True:
                with self._guard:
                    if not self._queue:
                        return
                    job = self._queue.pop()
                outcome = self._execute(job, self._kernels)
                self._data_ready()  # a stand-in execute may not have waited
                if outcome.status == "ran":
                    self._page(job)
                with self._guard:
                    self._done.append(outcome)
                self._bar.update(1)
        except KernelError:
            return  # the run is stopping
        finally:
            self._kernels.release()


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
