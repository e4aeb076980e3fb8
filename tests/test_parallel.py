"""Work split over processes gives the same tables, in the same order, with the same errors,
as one process: the split is a speed choice that never changes a result."""

from __future__ import annotations

import threading

import pandas as pd
import pytest

from analysis.dataset.clean import clean_figures, load_raw
from analysis.errors import DataError
from analysis.parallel import _start_method, cores, in_parts, parts_for
from analysis.sources.figure_files import figure_files, load_figures

from .conftest import now


def test_parts_come_back_in_order_for_lists_and_frames():
    assert in_parts(sum, list(range(10)), parts=3) == [sum(range(3)), sum(range(3, 6)),
                                                        sum(range(6, 10))]
    frame = pd.DataFrame({"n": range(7)})
    assert [len(p) for p in in_parts(pd.DataFrame.copy, frame, parts=2)] == [3, 4]


def test_parts_are_one_per_share_and_at_most_a_core_each():
    assert parts_for(0, per_part=10) == 1
    assert parts_for(10**9, per_part=10) >= 1
    assert parts_for(25, per_part=10) == min(2, parts_for(10**9, per_part=1))


def test_one_thread_forks(monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert _start_method().get_start_method() == "fork"


def test_a_thread_alive_means_spawn_and_spawn_still_works():
    """The report runner has threads (so have pytest-xdist's workers): forking under them
    could copy a lock another thread holds."""
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        assert _start_method().get_start_method() == "spawn"
        assert in_parts(sum, [1, 2, 3, 4], parts=2) == [3, 7]
    finally:
        release.set()
        waiting.join()


@pytest.mark.skipif(cores() < 2, reason="one core: the work is never split")
def test_cleaning_in_parts_equals_cleaning_in_one():
    raw = load_raw(now().raw_dir)
    assert parts_for(len(raw.figures), len(raw.figures) // 2) == 2
    one = clean_figures(raw, rows_per_process=10**9)
    split = clean_figures(raw, rows_per_process=len(raw.figures) // 2)
    for whole, parts in zip(one, split, strict=True):
        pd.testing.assert_frame_equal(whole, parts)


def test_reading_in_parts_equals_reading_in_one():
    files = figure_files(now().figures_dir)
    whole = load_figures(files, bytes_per_process=10**12)
    pd.testing.assert_frame_equal(whole, load_figures(files, bytes_per_process=1))


def test_the_first_bad_file_is_the_error_however_the_files_are_split(raw_copy):
    files = figure_files(raw_copy / "figures")
    for bad in (files[-1], files[len(files) // 2]):
        lines = bad.read_text(encoding="utf-8").splitlines(keepends=True)
        bad.write_text("".join(lines[:2] + ["not,a,figure,row\n"] + lines[2:]), encoding="utf-8")
    for split in (10**12, 1):
        with pytest.raises(DataError) as error:
            load_figures(files, bytes_per_process=split)
        assert files[len(files) // 2].name in str(error.value)
        assert files[-1].name not in str(error.value)
