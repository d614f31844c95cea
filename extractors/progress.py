"""Pages read so far, for a progress bar: two counters in shared memory that forked
readers (extractors.isolate, extractors.parallel) inherit and the parent reads while
they work. Only a display: counts from parallel readers may race, so the parent fills
the bar when the document is done."""

from __future__ import annotations

import multiprocessing

# Made at import, in the parent, before any reader forks: a child sees the same memory.
_DONE = multiprocessing.get_context("fork").RawValue("q", 0)
_TOTAL = multiprocessing.get_context("fork").RawValue("q", 0)


def start(total: int) -> None:
    _DONE.value, _TOTAL.value = 0, total


def page_read() -> None:
    _DONE.value += 1


def pages() -> tuple[int, int]:
    """(read, of): (0, 0) before a paged document starts."""
    return _DONE.value, _TOTAL.value
