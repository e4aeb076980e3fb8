"""Memory handed back before forking workers, and kept between allocations while the audit
runs.

A forked worker starts with its parent's resident pages. Memory the parent has freed but its
allocators still hold (Python's heap, glibc's arenas, Arrow's pool) stays resident in the parent
and is counted again in every worker's peak, so it is released first: at 150 councils this
keeps ``python -m analysis audit`` under 2 GiB a process.

The opposite holds while the audit works: its check families allocate and free blocks of tens
of megabytes over and over, and glibc hands each such block back to the system when it is
freed and faults it in page by page when the next one is made. ``freed_memory_kept`` keeps up
to ``KEPT_BYTES`` of freed memory for reuse while it is open: at 150 councils about a second
less for the audit (8.6-9.1 s against 9.9-10.1 s, interleaved), its peak unchanged. (The
build was measured too, and gained nothing for a peak 150 MiB higher, so it does not use it.)
"""

from __future__ import annotations

import ctypes
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def release_unused_memory() -> None:
    """Collect garbage and return the freed memory to the operating system (Linux only for
    glibc's part; elsewhere a no-op beyond the collection)."""
    gc.collect()
    try:
        import pyarrow
        pyarrow.default_memory_pool().release_unused()
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        pass
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # another C library (musl): nothing to trim
            pass


# mallopt(3) parameters, and glibc's defaults
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
DEFAULT_THRESHOLD = 128 * 1024
KEPT_BYTES = 256 * 1024 * 1024   # freed memory kept at the top of the heap for reuse
HEAP_BLOCK_BYTES = 32 * 1024 * 1024  # blocks up to this size come from the heap, not mmap


def _glibc():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc if hasattr(libc, "mallopt") else None
    except OSError:  # another C library (musl): leave its allocator alone
        return None


@contextmanager
def freed_memory_kept() -> Iterator[None]:
    """While open, glibc keeps freed memory (up to ``KEPT_BYTES``) for the next allocation
    instead of returning it and faulting it in again; on close, its thresholds are set back to
    their defaults and the free memory is returned. Worker processes forked inside inherit it;
    one opened inside another does nothing. Elsewhere than glibc, a no-op."""
    global _KEEPING
    libc = _glibc()
    if libc is None or _KEEPING:  # elsewhere, or inside another (the build's audit)
        yield
        return
    libc.mallopt(M_MMAP_THRESHOLD, HEAP_BLOCK_BYTES)
    libc.mallopt(M_TRIM_THRESHOLD, KEPT_BYTES)
    _KEEPING = True
    try:
        yield
    finally:
        _KEEPING = False
        libc.mallopt(M_TRIM_THRESHOLD, DEFAULT_THRESHOLD)
        libc.mallopt(M_MMAP_THRESHOLD, DEFAULT_THRESHOLD)
        libc.malloc_trim(0)


_KEEPING = False
