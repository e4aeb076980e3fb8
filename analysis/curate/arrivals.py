"""A new paper arriving: what a report run tells the curator before it regenerates.

A paper file in one of the papers folders that ``papers.csv`` does not register, or a
registered paper with no curated figure rows yet, is one the reports cannot show. The report
run says so, a line or two per paper, with the next commands (draft the figures with
``candidates``, then check what is still unaccounted for with ``coverage``); it does not stop.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from ..settings import Settings


def unregistered(registry: pd.DataFrame, dirs: list[Path]) -> list[Path]:
    """Paper files (``*.txt``) in ``dirs`` that the registry knows neither by name nor by
    sha256 (a registered paper copied under another name is not new)."""
    names, shas = set(registry["file_name"]), set(registry["sha256"])
    found, seen = [], set()
    for folder in dirs:
        for path in sorted(Path(folder).glob("*.txt")) if Path(folder).is_dir() else []:
            if path.name in names or path.name in seen:
                continue
            seen.add(path.name)
            if hashlib.sha256(path.read_bytes()).hexdigest() not in shas:
                found.append(path)
    return found


def uncurated(registry: pd.DataFrame, curated: set[str]) -> pd.DataFrame:
    """Registered papers no figure row cites (``curated``: the paper ids figure rows cite).

    >>> reg = pd.DataFrame({"paper_id": ["a", "b"], "title": ["A", "B"]})
    >>> uncurated(reg, {"a"})["paper_id"].tolist()
    ['b']
    """
    return registry[~registry["paper_id"].isin(curated)]


def arrivals(settings: Settings) -> list[str]:
    """What to do about each paper the reports cannot show yet (nothing when there is none)."""
    from ..sources.figure_files import figure_files
    from ..sources.papers import load_registry

    registry = load_registry(settings.papers_csv)
    lines = []
    for path in unregistered(registry, settings.paper_dirs()):
        lines.append(f"New paper {path} is not registered in {settings.papers_csv}. Draft its "
                     f"figures: python -m analysis candidates --file {path} --council COUNCIL; "
                     "register it, move the accepted rows into data/raw/figures/, then run "
                     "python -m analysis coverage.")
    curated = set()
    for f in figure_files(settings.figures_dir):
        curated |= set(pd.read_csv(f, usecols=["paper_id"], dtype=str)["paper_id"])
    for _, r in uncurated(registry, curated).iterrows():
        lines.append(f"Paper {r['paper_id']} ({r['title']}) is registered but has no curated "
                     f"figures: python -m analysis candidates {r['paper_id']}, review the "
                     "draft in data/interim/, then python -m analysis coverage.")
    return lines
