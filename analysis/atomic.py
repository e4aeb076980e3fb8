"""Atomic writes: an earlier good output is replaced whole or not at all.

One file is written beside its target and renamed over it (``write_atomic``). A *set* of files
that must change together (the processed tables; a report set) lives in versions:
``folder/.versions/<id>/`` holds one complete set, ``folder/current`` links to the live one,
and each ``folder/<name>`` links to ``current/<name>``, so readers keep stable paths. A writer
stages a whole new version and switches ``current`` in one rename: a reader sees the old set
or the new one, never a mix, and a killed writer leaves only a staging folder that the next
writer removes.

New files get the usual mode (0644 under the common umask 022), as any program's output would.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .errors import output_error

CURRENT = "current"
VERSIONS = ".versions"
STAGING = ".staging-"
VERSION = re.compile(r"^\d+-\d+$")
# .<name>.<pid>-<token>.tmp from write_atomic; .<name>.<8 chars>.tmp from the older mkstemp.
TMP = re.compile(r"^\..+\.(?:(?P<pid>\d+)-[0-9a-f]{8}|[a-z0-9_]{8})\.tmp$")


def _token() -> str:
    return secrets.token_hex(4)


def pid_alive(pid: int) -> bool:
    """True when a process with this id exists (whoever owns it)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _new_file(path: Path) -> None:
    """Create an empty ``path`` with mode 0666 less the umask (mkstemp would give 0600)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))


def write_atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it over ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}-{_token()}.tmp"
    _new_file(tmp)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(path: Path, text: str) -> None:
    write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def link_or_copy(src: Path, dest: Path) -> None:
    """``dest`` as a hard link to ``src`` (a version keeping an earlier one's file costs no
    space, and the file is never edited in place), or a copy across file systems."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


# ---------------------------------------------------------------- sets of files
def current_version(folder: Path) -> Path | None:
    """The folder holding the live set, or None when ``folder`` has no versions yet."""
    link = Path(folder) / CURRENT
    if not link.is_symlink():
        return None
    return (Path(folder) / os.readlink(link)).resolve()


def live(folder: Path) -> Path:
    """Where to read a consistent set from: the live version, else ``folder`` itself."""
    return current_version(folder) or Path(folder)


def stage_version(folder: Path) -> Path:
    """A new, empty folder for the next version of ``folder``'s set."""
    versions = Path(folder) / VERSIONS
    versions.mkdir(parents=True, exist_ok=True)
    staged = versions / f"{STAGING}{os.getpid()}-{_token()}"
    staged.mkdir()
    return staged


def _link(target: str, at: Path) -> None:
    """Point the symlink ``at`` to ``target`` in one rename, whatever was there before."""
    if at.is_symlink() and os.readlink(at) == target:
        return
    tmp = at.parent / f".{at.name}.{os.getpid()}-{_token()}.tmp"
    os.symlink(target, tmp)
    if at.is_dir() and not at.is_symlink():  # a folder from the older per-file layout
        shutil.rmtree(at)
    os.replace(tmp, at)


def commit_version(folder: Path, staged: Path, owned: Iterable[str] = (),
                   newest: int = 0) -> Path:
    """Make ``staged`` the live set in one rename, link each of its entries at
    ``folder/<name>``, and remove links to entries it no longer has (and any ``owned`` name it
    does not hold); then keep the live set and the one before it, or the ``newest`` sets.
    Returns the version folder."""
    folder = Path(folder)
    previous = current_version(folder)
    version = staged.parent / f"{time.time_ns()}-{os.getpid()}"
    os.rename(staged, version)
    _link(f"{VERSIONS}/{version.name}", folder / CURRENT)
    names = {p.name for p in version.iterdir()}
    for name in sorted(names):
        _link(f"{CURRENT}/{name}", folder / name)
    for entry in folder.iterdir():
        if entry.name in names or entry.name == CURRENT or entry.name.startswith("."):
            continue
        ours = entry.is_symlink() and os.readlink(entry).startswith(f"{CURRENT}/")
        if ours or entry.name in owned:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    clean(folder, keep={version, previous}, newest=newest)
    return version


def kept_versions(folder: Path) -> list[Path]:
    """The complete versions under ``folder/.versions``, oldest first (a version is named
    ``<time_ns>-<pid>`` when it is published)."""
    versions = Path(folder) / VERSIONS
    if not versions.is_dir():
        return []
    found = [v for v in versions.iterdir() if v.is_dir() and VERSION.match(v.name)]
    return sorted(found, key=lambda v: tuple(int(x) for x in v.name.split("-")))


def clean(folder: Path, keep: set[Path | None] | None = None, newest: int = 0) -> list[Path]:
    """Remove what killed writers left behind (staging folders and temporary files of
    processes that are gone) and versions other than the live one and those in ``keep`` (or,
    when ``newest`` is given, other than the ``newest`` most recent). Returns what was
    removed."""
    folder = Path(folder)
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    live_now = current_version(folder)
    versions = folder / VERSIONS
    for place in (folder, versions, live_now):
        if place is None or not place.is_dir():
            continue
        for entry in place.iterdir():
            m = TMP.match(entry.name)
            if m and (m.group("pid") is None or not pid_alive(int(m.group("pid")))):
                entry.unlink(missing_ok=True)
                removed.append(entry)
    if versions.is_dir():
        keep = {p for p in (keep or {live_now}) if p is not None} | {live_now}
        if newest > 0:
            keep = {live_now} | {v.resolve() for v in kept_versions(folder)[-newest:]}
        for entry in versions.iterdir():
            if entry.name.startswith(STAGING):
                pid = int(entry.name[len(STAGING):].split("-")[0] or 0)
                if pid_alive(pid):
                    continue
            elif entry.resolve() in keep or not entry.is_dir():
                continue
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def write_set(folder: Path, write: Callable[[Path], None], owned: Iterable[str] = (),
              setting: str = "") -> Path:
    """Stage a complete new set with ``write(staged_folder)`` and make it live; on any failure
    the live set is untouched and the staging folder removed. An OSError becomes an
    OutputError naming ``folder`` (and ``setting``, the variable that moves it)."""
    folder = Path(folder)
    with writing(folder, setting):
        clean(folder)
        staged = stage_version(folder)
        try:
            write(staged)
            return commit_version(folder, staged, owned)
        finally:
            if staged.exists():
                shutil.rmtree(staged, ignore_errors=True)


def write_in_set(folder: Path, name: str, write: Callable[[Path], None],
                 setting: str = "") -> None:
    """Add or replace one file of the live set (an audit of the live indicators, say)."""
    folder = Path(folder)
    with writing(folder, setting):
        version = current_version(folder)
        if version is None:
            write_atomic(folder / name, write)
            return
        write_atomic(version / name, write)
        _link(f"{CURRENT}/{name}", folder / name)


@contextlib.contextmanager
def writing(folder: Path, setting: str = "") -> Iterator[None]:
    """Turn an OSError while writing under ``folder`` into an OutputError saying what to do."""
    try:
        yield
    except OSError as exc:
        raise output_error(exc, Path(folder), setting) from None
