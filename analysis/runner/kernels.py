"""Fresh kernels for the notebooks, each started one notebook ahead.

Every notebook runs in a kernel of its own that no other notebook has used, shut down when it
is done: no variable, import side effect or failure of one notebook can reach another. To save
the start-up, a worker that takes a kernel starts the next one at once, so that kernel's start
and imports overlap the notebook in hand. The imports every notebook makes (``WARM_MODULES``)
run while the kernel starts (ipykernel's ``exec_lines``), before it reports ready, so they
count against the start timeout, never a cell's; they bind no name and leave nothing in the
notebook's history or execution count.

Kernels talk over IPC sockets in a private temporary folder (no TCP port is opened, so no
kernel warns of unencrypted TCP), and each writes its own output to a log there, which is what
a run reports when a kernel dies or cannot start. A kernel watches its parent and exits when a
killed run leaves it behind (ipykernel's parent poller); its last words go to that log too.

>>> warm_up_line(("pandas", "matplotlib.pyplot"))
'import pandas, matplotlib.pyplot; del pandas, matplotlib'
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import pid_alive
from .lock import ReportError

if TYPE_CHECKING:
    from jupyter_client.manager import AsyncKernelManager

KERNEL = "asc-compare"  # installed into the venv by `make venv`; runs the project's interpreter
# What every notebook imports in its setup cell (and great_tables, which its tables use).
WARM_MODULES = ("analysis.publish.notebook", "analysis.explore", "great_tables")
# As nbclient starts its own kernels: no history database is written by a report run.
HISTORY = "--HistoryManager.hist_file=:memory:"
LAST_WORDS = 1500  # characters of a dead kernel's log shown in the summary
BROKEN_GRACE = 3  # seconds a kernel that printed a traceback while starting has to answer
FOLDER = "asc-kernels-"  # + the run's pid: each run's connection files and kernel logs


class KernelError(ReportError):
    """A kernel could not be started (the run is stopping, or the kernel failed)."""


def warm_up_line(modules: tuple[str, ...] = WARM_MODULES) -> str:
    """One statement that imports ``modules`` and unbinds the names it made."""
    roots = list(dict.fromkeys(m.split(".")[0] for m in modules))
    return f"import {', '.join(modules)}; del {', '.join(roots)}"


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


@functools.cache
def _manager_class():
    from jupyter_client.manager import AsyncKernelManager

    class OwnedKernelManager(AsyncKernelManager):
        """Remembers the clients it hands out (papermill's), because papermill leaves the
        client of a kernel it did not start connected: ``stop`` disconnects them."""

        def client(self, **kwargs):
            made = super().client(**kwargs)
            self.__dict__.setdefault("handed_out", []).append(made)
            return made

    return OwnedKernelManager


def sweep() -> None:
    """Remove the kernels' folders that killed runs left behind (their process is gone)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{FOLDER}*-*"):
        pid = folder.name[len(FOLDER):].split("-")[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


class Kernels:
    """The kernels of one run: ``take`` one per notebook (in the worker thread that runs it),
    ``stop`` it after. ``count`` is how many notebooks will ask, so that no kernel is started
    ahead for a notebook that is not there."""

    def __init__(self, count: int, cwd: Path, env: dict[str, str], name: str = KERNEL):
        self.name, self._cwd, self._env = name, str(cwd), env
        self._left, self._made = count, 0
        self._guard = threading.Lock()
        self._spare = threading.local()  # each worker's next kernel: used by that thread only
        self._live: dict[int, AsyncKernelManager] = {}
        self._stopping = False
        sweep()
        self._folder = Path(tempfile.mkdtemp(prefix=f"{FOLDER}{os.getpid()}-"))

    def __enter__(self) -> Kernels:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Kill any kernel still running, and remove the kernels' folder."""
        self.abort()
        shutil.rmtree(self._folder, ignore_errors=True)

    def take(self) -> AsyncKernelManager:
        """A fresh kernel (this worker's spare, else one started now); the next one starts at
        once if notebooks are still waiting for theirs."""
        km = getattr(self._spare, "km", None) or self._start(needed=True)
        try:
            self._spare.km = self._start(needed=False)
        except Exception:  # no spare: the next notebook's own start says what is wrong
            self._spare.km = None
        return km

    def release(self) -> None:
        """Stop this worker's unused spare, when it has no more notebooks."""
        km, self._spare.km = getattr(self._spare, "km", None), None
        if km is not None:
            self.stop(km)

    def wait_ready(self, km: AsyncKernelManager, timeout: int) -> None:
        """Return once ``km`` answers. A kernel that exits, or that has printed a traceback
        and still does not answer a few seconds later (a broken environment breaks its reply,
        not its process), fails at once with what it said, not after the whole ``timeout``."""
        from jupyter_core.utils import run_sync

        client = km.client()
        client.start_channels()
        try:
            deadline, broken_at = time.monotonic() + timeout, None
            while True:
                if not run_sync(km.is_alive)():
                    raise KernelError("The kernel exited while starting"
                                      + self._said(km))
                with contextlib.suppress(RuntimeError):  # not ready within the second
                    run_sync(client.wait_for_ready)(timeout=1)
                    return
                now = time.monotonic()
                if broken_at is None and "Traceback" in self.last_words(km):
                    broken_at = now
                if broken_at is not None and now - broken_at > BROKEN_GRACE:
                    raise KernelError("The kernel failed while starting" + self._said(km))
                if now > deadline:
                    raise KernelError(f"The kernel did not answer within {timeout}s"
                                      + self._said(km))
        finally:
            client.stop_channels()

    def _said(self, km: AsyncKernelManager) -> str:
        words = self.last_words(km).splitlines()
        return f"; the kernel said: {words[-1]}" if words else ""

    def stop(self, km: AsyncKernelManager) -> None:
        """Shut the kernel down now; a kernel that is already gone is no error."""
        from jupyter_core.utils import run_sync

        for client in km.__dict__.pop("handed_out", []):
            with contextlib.suppress(Exception):
                client.stop_channels()
                client.context.destroy()
        with contextlib.suppress(Exception):
            run_sync(km.shutdown_kernel)(now=True)
        with self._guard:
            self._live.pop(id(km), None)

    def abort(self) -> None:
        """Kill every kernel still running and start no more (a run that stops early)."""
        with self._guard:
            self._stopping, live = True, list(self._live.values())
            self._live.clear()
        for km in live:
            with contextlib.suppress(Exception):
                os.killpg(km.provisioner.pid, signal.SIGKILL)  # its own session (jupyter_client)

    def last_words(self, km: AsyncKernelManager | None) -> str:
        """The end of what the kernel printed (its error, when it died or did not start)."""
        log = getattr(km, "log_path", None)
        if log is None or not log.exists():
            return ""
        text = log.read_text(encoding="utf-8", errors="replace").strip()
        return text[-LAST_WORDS:]

    def _start(self, needed: bool) -> AsyncKernelManager | None:
        """Start a kernel (returns at once, while it boots); without ``needed``, only if a
        notebook is still waiting for one."""
        from jupyter_core.utils import run_sync

        with self._guard:
            if self._stopping:
                raise KernelError("The run is stopping; no kernel was started.")
            if not needed and self._left <= 0:
                return None
            self._left, self._made = self._left - 1, self._made + 1
            stem = self._folder / f"kernel-{self._made}"
        km = _manager_class()(kernel_name=self.name, transport="ipc",
                              connection_file=f"{stem}.json")
        km.log_path = stem.with_suffix(".log")
        with open(km.log_path, "wb") as log:  # the kernel keeps its own copy of the file
            run_sync(km.start_kernel)(cwd=self._cwd, env=self._env, stdout=log, stderr=log,
                                      extra_arguments=[HISTORY, "--IPKernelApp.exec_lines="
                                                       + warm_up_line()])
        with self._guard:
            self._live[id(km)] = km
            stopping = self._stopping
        if stopping:  # aborted while it started
            self.abort()
            raise KernelError("The run is stopping; no kernel was started.")
        return km
