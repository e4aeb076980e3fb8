"""Warm kernels for the report runner: every notebook still gets a fresh kernel of its own,
but started ahead of time, with the heavy imports already done.

A report worker keeps one spare kernel. When it takes a notebook it takes the spare and, if
notebooks are still waiting, starts the next spare at once, so that kernel start and imports
overlap the work in hand (and, for the first spares, the parent's build and audit). A kernel
runs one notebook and is then shut down: no variable, import side effect or failure of one
notebook can reach another.

In a report run the kernels are forked from the kernel zygote (zygote.py), which did the
imports once; the warm-up below is then instant, and is what a kernel started the ordinary
way (no zygote) does instead.

The imports run while the kernel starts (ipykernel's ``exec_lines``), before it reports ready,
so their time counts against the start timeout, never a cell's; they bind no name in the
notebook's namespace and leave nothing in its history or execution count.

>>> warm_up_line(("pandas", "matplotlib.pyplot"))
'import pandas, matplotlib.pyplot; del pandas, matplotlib'
"""

from __future__ import annotations

import contextlib
import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jupyter_client.manager import AsyncKernelManager

# What every notebook imports in its setup cell (and great_tables, which its tables use).
WARM_MODULES = ("analysis.publish.notebook", "analysis.explore", "great_tables")
# As nbclient starts its own kernels: no history database is written by a report run.
HISTORY = "--HistoryManager.hist_file=:memory:"

_spare: AsyncKernelManager | None = None
_zygote_socket: str | None = None  # set by use_zygote: kernels are forked from it


def warm_up_line(modules: tuple[str, ...] = WARM_MODULES) -> str:
    """One statement that imports ``modules`` and unbinds the names it made."""
    roots = list(dict.fromkeys(m.split(".")[0] for m in modules))
    return f"import {', '.join(modules)}; del {', '.join(roots)}"


@functools.cache
def _manager_class():
    from jupyter_client.manager import AsyncKernelManager

    class OwnedKernelManager(AsyncKernelManager):
        """Remembers the clients it hands out (nbclient's, papermill's), because a client of
        a kernel it did not start is left connected: ``stop`` disconnects them."""

        def client(self, **kwargs):
            made = super().client(**kwargs)
            self.__dict__.setdefault("handed_out", []).append(made)
            return made

        def format_kernel_cmd(self, extra_arguments=None):
            cmd = super().format_kernel_cmd(extra_arguments)
            if _zygote_socket is None:
                return cmd
            from .zygote import launch_command

            return launch_command(cmd, _zygote_socket)

    return OwnedKernelManager


def start(kernel_name: str, cwd: str) -> AsyncKernelManager:
    """Start a kernel (it inherits this process's environment) importing ``WARM_MODULES``;
    returns at once, while the kernel boots."""
    from jupyter_core.utils import run_sync

    km = _manager_class()(kernel_name=kernel_name)
    run_sync(km.start_kernel)(cwd=cwd, extra_arguments=[
        HISTORY, f"--IPKernelApp.exec_lines={warm_up_line()}"])
    return km


def stop(km: AsyncKernelManager) -> None:
    """Shut the kernel down now; a kernel that is already gone is no error."""
    from jupyter_core.utils import run_sync

    for client in km.__dict__.pop("handed_out", []):
        with contextlib.suppress(Exception):
            client.stop_channels()
            client.context.destroy()
    with contextlib.suppress(Exception):
        run_sync(km.shutdown_kernel)(now=True)


def use_zygote(socket_path: str | None) -> None:
    """Fork this process's kernels from the zygote listening at ``socket_path`` (None: start
    each from the kernelspec's command)."""
    global _zygote_socket
    _zygote_socket = socket_path


def keep_spare(kernel_name: str, cwd: str) -> None:
    """Start this process's spare kernel (stopping any earlier one)."""
    global _spare
    drop_spare()
    try:
        _spare = start(kernel_name, cwd)
    except Exception:  # no spare: the notebook's own kernel start then reports what is wrong
        _spare = None


def take_spare(kernel_name: str) -> AsyncKernelManager | None:
    """The spare kernel, if there is a live one for ``kernel_name``; it is the caller's now."""
    global _spare
    km, _spare = _spare, None
    if km is None:
        return None
    from jupyter_core.utils import run_sync

    if km.kernel_name != kernel_name or not run_sync(km.is_alive)():
        stop(km)
        return None
    return km


def drop_spare() -> None:
    """Stop the spare kernel, if any (when a worker exits)."""
    global _spare
    km, _spare = _spare, None
    if km is not None:
        stop(km)
