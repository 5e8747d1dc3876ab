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
