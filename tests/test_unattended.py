"""Unattended months: --month previous/current from a fixed clock (Bangkok time), and one run at a
time per store (a real lock file, tested with two processes)."""

import os
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import period
from auditor.cli import main
from auditor.errors import StoreBusy, UsageError
from auditor.period import Month, month_from_clock, parse_month_arg
from auditor.store import lock_path, store_lock

ROOT = Path(__file__).resolve().parents[1]


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize("now, current, previous", [
    (utc(2025, 3, 20, 3, 0), Month(2025, 3), Month(2025, 2)),
    # 16:59 UTC on 31 Jan is 23:59 in Bangkok: still January
    (utc(2025, 1, 31, 16, 59), Month(2025, 1), Month(2024, 12)),
    # 17:00 UTC on the last day is already 00:00 on the 1st in Bangkok: the next month
    (utc(2025, 1, 31, 17, 0), Month(2025, 2), Month(2025, 1)),
    (utc(2025, 12, 31, 17, 0), Month(2026, 1), Month(2025, 12)),
])
def test_previous_and_current_follow_the_bangkok_calendar(now, current, previous):
    assert month_from_clock("current", now) == current
    assert month_from_clock("previous", now) == previous
    assert parse_month_arg("เดือนก่อน", now) == previous and parse_month_arg(" Current ", now) == current


def test_a_month_argument_still_takes_gregorian_and_buddhist_era_years():
    assert parse_month_arg("2568-02") == parse_month_arg("2025-02") == Month(2025, 2)
    with pytest.raises(UsageError, match="previous"):
        parse_month_arg("last")


def test_the_cli_reads_the_clock_for_month_previous(monkeypatch, tmp_path):
    """report --month previous at 17:30 UTC on 28 Feb 2025 (00:30 on 1 March in Bangkok) asks for February."""
    monkeypatch.setattr(period, "clock", lambda: utc(2025, 2, 28, 17, 30))
    db = tmp_path / "auditor.db"
    db.write_bytes(b"")  # an empty file is an empty SQLite database
    result = CliRunner().invoke(main, ["report", "--month", "previous", "--db", str(db), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "no scorecards stored for 2025-02" in result.output


def test_a_second_lock_on_a_store_waits_then_gives_up(tmp_path):
    db = tmp_path / "auditor.db"
    with store_lock(db, 0) as held:
        assert held == lock_path(db) == tmp_path / "auditor.db.lock"
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="another auditor run is using this store"):
            with store_lock(db, 0.3):
                pass
        assert time.monotonic() - started >= 0.25  # it waited, boundedly
    with store_lock(db, 0):  # released: the next run gets it at once
        pass


HOLDER = """
import sys, time
from pathlib import Path
from auditor.store import store_lock
with store_lock(sys.argv[1], 0):
    Path(sys.argv[2]).write_text("held")
    time.sleep(float(sys.argv[3]))
"""


def _hold_lock(db: Path, seconds: float, tmp_path: Path) -> subprocess.Popen:
    """Another process holds the store's lock for `seconds`; returns once it has it."""
    ready = tmp_path / "ready"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db), str(ready), str(seconds)], cwd=ROOT)
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert holder.poll() is None and time.monotonic() < deadline, "the lock holder did not start"
        time.sleep(0.05)
    return holder


def test_a_run_on_a_store_another_process_holds_exits_4_and_leaves_the_store_alone(tmp_path):
    db = tmp_path / "auditor.db"
    holder = _hold_lock(db, 20, tmp_path)
    try:
        env = {**os.environ, "AUDITOR_LOCK_WAIT": "0.5"}
        busy = subprocess.run([sys.executable, "-m", "auditor", "scan", "--month", "2025-02", "--db", str(db),
                               "--out", str(tmp_path / "out"), "--quiet"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    finally:
        holder.kill()
        holder.wait()
    assert busy.returncode == 4, busy.stderr
    assert "another auditor run is using this store" in busy.stderr and "auditor.db.lock" in busy.stderr
    assert not db.exists() and not (tmp_path / "out").exists()  # nothing was done


def test_a_run_waits_for_the_other_to_finish_then_proceeds(tmp_path):
    db = tmp_path / "auditor.db"
    holder = _hold_lock(db, 1.5, tmp_path)
    try:
        started = time.monotonic()
        waited = subprocess.run([sys.executable, "-m", "auditor", "--lock-wait", "60", "scan", "--month", "2025-02",
                                 "--db", str(db), "--out", str(tmp_path / "out"), "--quiet"],
                                cwd=tmp_path, capture_output=True, text=True, timeout=180)
    finally:
        holder.wait(timeout=60)
    assert waited.returncode == 3, waited.stderr  # the bundled registry has no channels: incomplete
    assert time.monotonic() - started >= 1.0
    assert (tmp_path / "out" / "2025-02" / "scorecards.json").is_file()


def test_a_mid_month_timer_run_audits_the_current_month_as_of_now(monkeypatch, tmp_path):
    """The 20th's warning run: --month current --as-of now, at 08:00 in Bangkok (01:00 UTC)."""
    import json

    from tests.helpers import promo, write_jsonl

    monkeypatch.setattr(period, "clock", lambda: utc(2025, 2, 20, 1, 0))
    posts = write_jsonl(tmp_path / "posts.jsonl", [promo(1, day=5), promo(2, day=20, hour=9)])
    result = CliRunner().invoke(main, ["check", "--month", "current", "--as-of", "now", "--posts", str(posts),
                                       "--out", str(tmp_path / "out"), "--db", str(tmp_path / "none.db"),
                                       "--district", "warin-chamrap", "--json"])
    cards = json.loads(result.stdout)
    assert cards["month"] == "2025-02" and cards["as_of"] == "2025-02-20T08:00:00+07:00"
    card = cards["districts"][0]
    assert [p["post_id"] for p in card["posts"]] == ["1"]  # 09:00 on the 20th is after the run
    assert card["days_left"] == 8


def test_a_run_closes_its_store_before_it_lets_the_lock_go(tmp_path, monkeypatch):
    """The next run, which waits for the lock, must never open a store still being closed (its
    write-ahead log being checkpointed)."""
    import filelock

    from auditor.store import Store

    db = tmp_path / "auditor.db"
    Store.open(db).close()
    events, close, release = [], Store.close, filelock.BaseFileLock.release

    def closing(self):
        events.append("store closed")
        return close(self)

    def releasing(self, *args, **kwargs):
        events.append("lock released")
        return release(self, *args, **kwargs)

    monkeypatch.setattr(Store, "close", closing)
    monkeypatch.setattr(filelock.BaseFileLock, "release", releasing)
    # a month the store has not audited: refused after the store was opened under the lock
    result = CliRunner().invoke(main, ["report", "--month", "2025-02", "--db", str(db), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert events[0] == "store closed" and "lock released" in events
