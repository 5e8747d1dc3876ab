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


def test_objects_frozen_on_purpose_stay_frozen(monkeypatch):
    """The pause's end never unfreezes what someone froze (an exports child's inherited month).
    Watched through gc.unfreeze itself: the freeze count can drop on its own while the block runs
    (another thread of the test process freeing a frozen object), so comparing counts was flaky."""
    gc.enable()
    gc.freeze()
    unfrozen = []
    try:
        monkeypatch.setattr(gc, "unfreeze", lambda: unfrozen.append(gc.get_freeze_count()))
        with collector_paused():
            [[i] for i in range(100)]
        assert unfrozen == [] and gc.get_freeze_count() > 0
    finally:
        monkeypatch.undo()
        gc.unfreeze()


def test_cycles_made_in_pause_after_pause_are_collected_without_being_asked():
    """A process that runs pause after pause (months audited one after another, the test suite) and
    does little in between: what each pause moved to the oldest generation is never counted by the
    collector's own trigger for a full collection, so the cycles made in the pauses must not wait
    for one forever (on a real month's outputs: ~30,000 garbage objects a 2,000-post month)."""
    import weakref

    class Node:
        pass

    gc.enable()
    gc.collect()
    first = None
    for _ in range(12):
        with collector_paused():
            node = Node()
            node.me = node  # a cycle only the collector can free
            first = first or weakref.ref(node)
            kept = [[] for _ in range(200_000)]  # what a month's pass holds while it runs
            del node
        del kept
    assert first() is None


def test_a_command_line_process_freezes_what_is_alive_at_exit_and_a_test_runner_is_left_alone(runner):
    """The `auditor` script's hook runs at exit (after the command); CliRunner's main(args) never
    registers it, so the test process's heap stays collectable."""
    import subprocess
    import sys

    from auditor.cli import main

    probe = ("import atexit, gc, sys\n"
             "atexit.register(lambda: print('frozen at exit:', gc.get_freeze_count() > 0))\n"
             "from auditor.cli import main\n"
             "sys.argv = ['auditor', '--version']\n"
             "main()\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "frozen at exit: True" in done.stdout
    before = gc.get_freeze_count()
    assert runner.invoke(main, ["--version"]).exit_code == 0
    assert gc.get_freeze_count() == before


def test_a_command_line_run_closes_its_store_before_the_exit_freezes_what_is_alive(tmp_path):
    """A store left open at exit keeps its write-ahead log beside the database (a copy of a.db
    alone would miss what the run saved): the command closes it when it ends."""
    import subprocess
    import sys

    from auditor.store import Store

    db = tmp_path / "a.db"
    Store.open(db).close()
    probe = f"import sys\nfrom auditor.cli import main\nsys.argv = ['auditor', 'override', 'list', '--json', '--db', {str(db)!r}]\nmain()\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("a.db-")) == []
