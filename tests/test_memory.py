"""Freed memory kept while the audit runs, and glibc's thresholds set back after it."""

from __future__ import annotations

import pytest

from analysis import memory


class FakeLibc:
    """Records the allocator settings it is given, as glibc's mallopt and malloc_trim take
    them."""

    def __init__(self):
        self.calls: list[tuple] = []

    def mallopt(self, parameter: int, value: int) -> int:
        self.calls.append(("mallopt", parameter, value))
        return 1

    def malloc_trim(self, pad: int) -> int:
        self.calls.append(("malloc_trim", pad))
        return 1


@pytest.fixture
def libc(monkeypatch):
    fake = FakeLibc()
    monkeypatch.setattr(memory, "_glibc", lambda: fake)
    return fake


def test_freed_memory_is_kept_inside_and_the_defaults_come_back_after(libc):
    with memory.freed_memory_kept():
        assert libc.calls == [("mallopt", memory.M_MMAP_THRESHOLD, memory.HEAP_BLOCK_BYTES),
                              ("mallopt", memory.M_TRIM_THRESHOLD, memory.KEPT_BYTES)]
    assert libc.calls[2:] == [("mallopt", memory.M_TRIM_THRESHOLD, memory.DEFAULT_THRESHOLD),
                              ("mallopt", memory.M_MMAP_THRESHOLD, memory.DEFAULT_THRESHOLD),
                              ("malloc_trim", 0)]


def test_the_defaults_come_back_when_the_work_fails(libc):
    with pytest.raises(RuntimeError), memory.freed_memory_kept():
        raise RuntimeError("a check family failed")
    assert libc.calls[-1] == ("malloc_trim", 0)
    assert ("mallopt", memory.M_TRIM_THRESHOLD, memory.DEFAULT_THRESHOLD) in libc.calls
    assert not memory._KEEPING


def test_one_inside_another_leaves_the_outer_one_in_charge(libc):
    with memory.freed_memory_kept():
        with memory.freed_memory_kept():
            pass
        assert len(libc.calls) == 2  # the inner one neither set nor reset anything
    assert len(libc.calls) == 5


def test_without_glibc_nothing_is_touched(monkeypatch):
    monkeypatch.setattr(memory, "_glibc", lambda: None)
    with memory.freed_memory_kept():
        assert not memory._KEEPING


def test_the_audit_keeps_freed_memory_while_it_runs(libc, monkeypatch):
    """The audit runs its families inside, and the build's audit inside the build's."""
    import pandas as pd

    import analysis.audit as audit_module
    seen = []
    monkeypatch.setattr(audit_module, "run_families",
                        lambda *a: seen.append(memory._KEEPING) or (
                            pd.DataFrame(columns=audit_module.CHECK_COLUMNS), []))

    from analysis.dataset.schemas import INDICATOR_COLUMNS
    audit_module.audit(pd.DataFrame(columns=INDICATOR_COLUMNS), {}, known_ids=set(),
                       corrections=pd.DataFrame(columns=["figure_id", "origin"]))
    assert seen == [True] and not memory._KEEPING


def test_the_real_glibc_accepts_the_settings():
    """mallopt returns 0 for a setting it refuses (a threshold beyond its limits): these are
    ones it takes."""
    libc = memory._glibc()
    if libc is None:
        pytest.skip("not glibc")
    try:
        assert libc.mallopt(memory.M_MMAP_THRESHOLD, memory.HEAP_BLOCK_BYTES) == 1
        assert libc.mallopt(memory.M_TRIM_THRESHOLD, memory.KEPT_BYTES) == 1
    finally:
        libc.mallopt(memory.M_TRIM_THRESHOLD, memory.DEFAULT_THRESHOLD)
        libc.mallopt(memory.M_MMAP_THRESHOLD, memory.DEFAULT_THRESHOLD)
