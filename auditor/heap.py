"""The garbage collector during a month's big passes.

Evaluating a month, building its scorecards and rendering its pages allocate millions of small
objects (views, findings, notes, card dicts, escaped strings) that reference counting frees on
its own. Every few thousand allocations Python's cyclic collector would walk every object of the
process, a nationwide month's posts and scorecards included, and find nothing to collect: about a
third of a nationwide month's evaluation and a fifth of its rendering.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a block (or, as `@collector_paused()`, a function),
    then leave it as it was: a caller that had paused it keeps it paused."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
