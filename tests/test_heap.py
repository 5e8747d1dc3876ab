"""The collector pause used around a month's big passes leaves the collector as it found it."""

import gc

import pytest

from auditor.heap import collector_paused


@pytest.fixture(autouse=True)
def restore_collector():
    enabled = gc.isenabled()
    yield
    (gc.enable if enabled else gc.disable)()


def test_a_block_runs_paused_and_the_collector_comes_back_even_after_an_error():
    gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_caller_that_had_paused_the_collector_keeps_it_paused():
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_as_a_decorator_each_call_pauses_and_resumes():
    gc.enable()

    @collector_paused()
    def state():
        return gc.isenabled()

    assert state() is False and state() is False  # a fresh pause per call, not a spent generator
    assert gc.isenabled()


def test_what_a_pause_kept_is_old_and_cycles_made_in_it_are_still_collected():
    import weakref

    class Node:
        pass

    gc.enable()
    gc.collect()
    with collector_paused():
        kept = [[i] for i in range(1000)]
        a, b = Node(), Node()
        a.other, b.other = b, a  # a cycle only the collector can free
        gone = weakref.ref(a)
        del a, b
    assert gc.get_count()[0] < 100  # the youngest generation starts afresh: no walk of `kept` pending
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert gone() is None and len(kept) == 1000


def test_objects_frozen_on_purpose_stay_frozen():
    gc.enable()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            [[i] for i in range(100)]
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
