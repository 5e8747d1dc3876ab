"""The garbage collector during a month's big passes.

Evaluating a month, building its scorecards and rendering its pages allocate millions of small
objects (views, findings, notes, card dicts, escaped strings) that reference counting frees on
its own. Every few thousand allocations Python's cyclic collector would walk every object of the
process, a nationwide month's posts and scorecards included, and find nothing to collect: about a
third of a nationwide month's evaluation and a fifth of its rendering. When the pause ends, what
the block made and kept (the month) goes straight to the oldest generation, as it would after a
few collections: otherwise the first allocation after the pause would walk all of it at once.
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
            _keep_as_old()
            gc.enable()


# Objects moved to the oldest generation since the last full collection after which one is run
# here: the collector's own trigger (a quarter more survivors of its younger generations than the
# last full collection kept) never counts them, so in a process that runs pause after pause with
# little in between (months audited in a loop, the test suite) the cycles made in the pauses
# would wait for a full collection forever. One CLI run moves ~0.6 M (a nationwide month).
MOVED_BEFORE_FULL_COLLECTION = 1_000_000
_moved = 0
_full_collections = 0


def _keep_as_old() -> None:
    """Move every object the collector tracks to its oldest generation and start the youngest
    count afresh (freeze then unfreeze: two list merges, no walk). A cycle among them is still
    found by the next full collection, run here once MOVED_BEFORE_FULL_COLLECTION objects have been
    moved since the last one. Skipped when something in the process has frozen objects on purpose
    (an exports child keeps its inherited month frozen): unfreezing would undo it."""
    global _moved, _full_collections
    if gc.get_freeze_count() != 0:
        return
    full = gc.get_stats()[-1]["collections"]
    if full != _full_collections:  # the collector ran one itself: count afresh
        _full_collections, _moved = full, 0
    _moved += gc.get_count()[0]  # (the youngest generation's count: what the block made and kept)
    if _moved >= MOVED_BEFORE_FULL_COLLECTION:
        gc.collect()
        return
    gc.freeze()
    gc.unfreeze()


def skip_final_collections() -> None:
    """Called at the exit of a command-line process (an atexit hook, auditor.cli): freeze every
    object still alive, so that the interpreter's last collections, which walk every tracked object
    while it shuts down, skip them. After a nationwide month that walk took ~0.45 s (0.04 s after a
    province month) to free nothing the process's end does not free anyway. Python promises no
    finalizer for an object alive at exit; every file the command wrote is closed by then, and the
    interpreter still flushes stdout and stderr. Never for a process that goes on (the tests)."""
    gc.freeze()
