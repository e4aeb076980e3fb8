"""Where a command may write a file or folder the user names: never over what it did not make.

The project's code, tests, notebooks and raw evidence are never written into, with or without
``--force``. An existing file is replaced only when this tool wrote it (its first line is the
header the tool writes) or when the user says ``--force``; anything that is not a plain file
(a folder, a device, a pipe) is never replaced.

>>> from pathlib import Path
>>> check_output_file(Path("/tmp/asc-guard-doctest-new.csv"), header="a,b", option="--out")
PosixPath('/tmp/asc-guard-doctest-new.csv')
"""

from __future__ import annotations

from pathlib import Path

from .errors import AnalysisError
from .settings import ROOT, Settings

# Folders of the repository no command writes into: the code, its tests, notebooks and tools.
PROJECT_FOLDERS = ("analysis", "tests", "notebooks", "tools", "bench", "docs", ".ci", ".git")


class OutputPathError(AnalysisError):
    """A file or folder named for output would overwrite something the tool does not own."""


def protected_folders(settings: Settings | None = None) -> list[Path]:
    """The folders no output may go into: code, tests, notebooks, the raw and processed data."""
    settings = settings or Settings()
    folders = [ROOT / name for name in PROJECT_FOLDERS] + [ROOT / "data" / "raw",
                                                             settings.raw_dir,
                                                             settings.processed_dir]
    return [f.resolve() for f in folders]


def inside_protected(target: Path, settings: Settings | None = None) -> Path | None:
    """The protected folder ``target`` lies in (at any depth), or None; the repository's own
    top-level files (README.md, Makefile, ...) count as inside the repository.

    >>> inside_protected(ROOT / "data" / "raw" / "figures" / "x.csv") == (ROOT / "data" / "raw")
    True
    >>> inside_protected(ROOT / "data" / "interim" / "x.csv") is None
    True
    """
    resolved = Path(target).resolve()
    if resolved.parent == ROOT.resolve() and resolved.exists():  # README.md, Makefile, ...
        return ROOT.resolve()
    for folder in protected_folders(settings):
        if resolved == folder or resolved.is_relative_to(folder):
            return folder
    return None


def first_line(path: Path) -> str:
    """The first line of a text file, '' when it cannot be read as text."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.readline().rstrip("\r\n")
    except (OSError, UnicodeDecodeError):
        return ""


def check_output_file(path: Path, *, header: str, option: str, force: bool = False,
                      settings: Settings | None = None) -> Path:
    """``path`` if a command may write it; else an error saying why and what to do.

    ``header`` is the first line the command writes, which marks a file as its own.
    """
    path = Path(path)
    folder = inside_protected(path, settings)
    if folder is not None:
        raise OutputPathError(f"{option} {path} is inside {folder}, which holds the project's "
                              "code, tests, notebooks or data; nothing is written there. Choose "
                              "a file elsewhere (the default is data/interim/).")
    if not path.exists() and not path.is_symlink():
        return path
    if not path.is_file():
        raise OutputPathError(f"{option} {path} exists and is not a plain file; nothing was "
                              "written. Choose a new file name.")
    if not force and first_line(path) != header:
        raise OutputPathError(f"{option} {path} already exists and was not written by this "
                              "command; nothing was written. Choose a new file name, or add "
                              "--force to replace it.")
    return path
