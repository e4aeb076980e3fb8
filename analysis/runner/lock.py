"""One report run at a time per output folder, and a killed run never blocks the next.

``out/.lock`` records its owner (pid and the kernel's start time of that pid). A second run
while the owner lives is refused, naming the pid; a lock whose owner has died is taken over,
even when a stray process of the dead run still holds the old file open.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from ..atomic import pid_alive
from ..errors import AnalysisError


class ReportError(AnalysisError):
    """The report run could not start or finish; the message says what to do."""


def start_time(pid: int) -> str:
    """The kernel's start time of process ``pid`` (tells a reused pid from its owner).

    >>> start_time(os.getpid()).isdigit(), start_time(-1)
    (True, '')
    """
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
    return pid_alive(pid) and (not started or start_time(pid) in ("", started))


@contextlib.contextmanager
def exclusive(out_dir: Path):
    """Hold ``out_dir/.lock`` for the run."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    # Every taker holds the guard while it takes the lock and writes its pid, so no one ever
    # reads an owner that is being written.
    with open(out_dir / ".lock.guard", "a") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        try:
            handle = _take(out_dir / ".lock", out_dir)
        finally:
            fcntl.flock(guard, fcntl.LOCK_UN)
    try:
        yield
    finally:
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
        handle.write(f"{os.getpid()} {start_time(os.getpid())}\n")
        handle.flush()
        return handle
    raise ReportError(f"Could not take {path}; remove it if no report run is going, and rerun.")
