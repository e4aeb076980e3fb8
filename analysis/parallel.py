"""Work split over processes, when there is enough of it to pay for them.

``in_parts`` is the package's one parallel helper: a pure function run on contiguous parts of a
list or a frame, each part in a process of its own, the results in order. A process with one
thread forks its workers (nothing to import again, no lock another thread could hold); one
with more (the report runner's) spawns them fresh, which re-imports the main module: a script
that builds 100,000 rows or more needs the ``if __name__ == "__main__":`` guard.
``parts_for`` says how many parts a piece of work is worth. The bundled data (under two
thousand rows) never starts a process; 150 councils' papers (bench/scale.py) do, where a
side-by-side run showed it pays.

>>> in_parts(len, list(range(10)), parts=1)
[10]
>>> parts_for(1_816, per_part=100_000)
1
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

import pandas as pd

Result = TypeVar("Result")


def cores() -> int:
    """The processor cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _start_method():
    single = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if single else "spawn")


def parts_for(size: int, per_part: int) -> int:
    """The parts a piece of work of ``size`` is worth: one per ``per_part``, at most a core each."""
    return max(1, min(cores(), size // max(1, per_part)))


def in_parts(function: Callable[..., Result], items: Sequence | pd.DataFrame, *args,
             parts: int) -> list[Result]:
    """``function(part, *args)`` for each of ``parts`` contiguous parts of ``items``, in order:
    here when ``parts`` is 1, else one process each. ``function`` must be importable by name (a
    module-level function) and its arguments picklable; the first part to raise (in order)
    raises here."""
    if parts <= 1 or len(items) <= 1:
        return [function(items, *args)]
    bounds = [len(items) * k // parts for k in range(parts + 1)]
    take = items.iloc if isinstance(items, pd.DataFrame) else items
    pieces = [take[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    with ProcessPoolExecutor(parts, mp_context=_start_method()) as pool:
        return list(pool.map(function, pieces, *([arg] * parts for arg in args)))
