"""Pausing Python's cyclic garbage collector around bulk work.

Parsing a 100,000-row roster allocates a few million small containers that all stay alive;
every ~700 allocations the collector runs, and its full passes walk the whole growing heap.
That took more than half of an import's time. These objects hold no reference cycles
(reference counting frees them), so collecting is pointless while the batch runs.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Disable the cyclic collector inside the block; nested use keeps the outer state."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
