"""Store: upserts keep first_seen, statuses per latest run, scorecards, and interrupted scans."""

from __future__ import annotations

from datetime import datetime, timezone

import json
import sqlite3
import zlib

import pytest

from auditor import store as store_module
from auditor.collect.scan import collect
from auditor.collect.platforms import COLLECTORS
from auditor.models import Gone, LinkCheck
from auditor.errors import StoreError
from auditor.codes import Note
from auditor.models import Account, ChannelStatus
from tests.helpers import new_post
from auditor.period import BANGKOK, Month
from auditor.registry import Channel, Office, Registry
from auditor.store import Store

FEB = Month(2025, 2)
TOKEN = "EAAGsecretTOKEN1234567890"


def ok(office="khemarat", account="104512345678901", status="ok", message="") -> ChannelStatus:
    return ChannelStatus(office, "facebook", account, status, message)


@pytest.fixture
def clock(monkeypatch):
    times = iter(f"2025-03-01T00:00:{s:02d}+00:00" for s in range(60))
    monkeypatch.setattr(store_module, "_now", lambda: next(times))


def test_open_creates_parent_dirs(tmp_path):
    with Store.open(tmp_path / "a" / "b" / "auditor.db") as s:
        assert s.count_posts() == 0
    assert (tmp_path / "a" / "b" / "auditor.db").exists()


def test_open_error_names_the_path(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="file"):
        Store.open(tmp_path / "file" / "auditor.db")


def test_edit_updates_text_and_keeps_first_seen(store, make_post, clock):
    run = store.start_run(FEB)
    post = make_post(text="first version")
    store.save_channel(run, ok(), [(post, {"id": post.post_id, "message": "first version"})])
    first_sha = store.evidence_sha256("facebook", post.post_id)
    edited = make_post(post_id=post.post_id, text="edited version #คลิกชุมชน")
    store.save_channel(run, ok(), [(edited, {"id": post.post_id, "message": "edited version #คลิกชุมชน"})])
    assert store.count_posts() == 1
    assert [p.text for p in store.posts_for_month(FEB)] == ["edited version #คลิกชุมชน"]
    first_seen, last_seen = store.post_seen("facebook", post.post_id)
    assert first_seen < last_seen
    assert store.evidence_sha256("facebook", post.post_id) not in (None, first_sha)


def test_posts_for_month_uses_bangkok_boundaries(store, make_post):
    inside = make_post(published_at=datetime(2025, 1, 31, 17, 30, tzinfo=timezone.utc))  # 00:30 1 Feb Bangkok
    after = make_post(published_at=datetime(2025, 2, 28, 17, 30, tzinfo=timezone.utc))  # 00:30 1 Mar Bangkok
    before = make_post(published_at=datetime(2025, 1, 31, 23, 59, tzinfo=BANGKOK))
    store.save_channel(store.start_run(FEB), ok(), [(p, {"id": p.post_id}) for p in (inside, after, before)])
    assert [p.post_id for p in store.posts_for_month(FEB)] == [inside.post_id]
    assert [p.post_id for p in store.posts_for_month(Month(2025, 3))] == [after.post_id]
    assert store.posts_for_month(FEB)[0] == inside


def test_evidence_is_redacted(store, make_post):
    post = make_post()
    raw = {"id": post.post_id, "access_token": TOKEN,
           "next": f"https://graph.facebook.com/v24.0/1/posts?access_token={TOKEN}&after=x",
           "encoded": f"u=https%3A%2F%2Fx%3Faccess_token%3D{TOKEN}"}
    store.save_channel(store.start_run(FEB), ok(message=f"boom access_token={TOKEN}"), [(post, raw)])
    dump = "\n".join(store.conn.iterdump())
    assert TOKEN not in dump
    assert store.evidence("facebook", post.post_id)["id"] == post.post_id
    assert len(store.evidence_sha256("facebook", post.post_id)) == 64


def test_latest_statuses_per_channel_from_latest_run(store):
    first = store.start_run(FEB)
    store.save_channel(first, ok("khemarat", status="error", message="token"), [])
    store.save_channel(first, ok("warin-chamrap", account="2"), [])
    store.finish_run(first)
    second = store.start_run(FEB)
    store.save_channel(second, ok("khemarat"), [])  # a re-scan of one district only
    store.save_channel(store.start_run(Month(2025, 3)), ok("khemarat", status="partial"), [])
    statuses = store.latest_statuses(FEB)
    assert [(s.office, s.status) for s in statuses] == [("khemarat", "ok"), ("warin-chamrap", "ok")]
    assert store.runs(FEB)[0]["status"] == "done" and store.runs(FEB)[1]["status"] == "running"


def test_latest_status_of_each_channel_ever_scanned(store):
    """A channel not re-scanned keeps its latest status; audit.stored_statuses drops channels no longer configured."""
    first = store.start_run(FEB)
    store.save_channel(first, ok("khemarat", account="999", status="error", message="(#100) bad page id"), [])
    store.save_channel(first, ok("warin-chamrap", account="2", status="error", message="timeout"), [])
    second = store.start_run(FEB)
    store.save_channel(second, ok("khemarat", account="104512345678901"), [])
    statuses = store.latest_statuses(FEB)
    assert [(s.office, s.account, s.status) for s in statuses] == [
        ("khemarat", "104512345678901", "ok"), ("khemarat", "999", "error"),
        ("warin-chamrap", "2", "error")]  # not re-scanned: its latest stands


def test_gone_post_is_kept_as_evidence_and_left_out_until_seen_again(store, make_post):
    post = make_post()
    store.save_channel(store.start_run(FEB), ok(), [(post, {"id": post.post_id})])
    store.save_channel(store.start_run(FEB), ok(), [], [Gone(post.url, "HTTP 404", post.post_id)])
    assert store.posts_for_month(FEB) == [] and store.count_posts() == 1
    assert store.post_gone("facebook", post.post_id)[1] == "HTTP 404"
    assert store.evidence("facebook", post.post_id) == {"id": post.post_id}
    store.save_channel(store.start_run(FEB), ok(), [], [Gone("https://elsewhere/", "HTTP 404")])  # matches nothing
    store.save_channel(store.start_run(FEB), ok(), [(post, {"id": post.post_id})])
    assert store.posts_for_month(FEB) == [post] and store.post_gone("facebook", post.post_id) is None


def test_link_checks_keep_the_latest_per_link_and_are_found_by_any_pasted_form(store, clock):
    page = "https://www.facebook.com/104512345678901/posts/122"
    first = store.start_run(FEB)
    store.save_channel(first, ok(), [], checks=[LinkCheck(page, True, 200, page), LinkCheck("not a url", False, None, "x")])
    store.save_channel(first, ok(), [], checks=[LinkCheck(page + "?fbclid=abc", True, 200, page)])  # same link again
    assert store.count_link_checks() == 2 and store.checked_keys(first) == {"facebook:104512345678901_122", "not a url"}
    second = store.start_run(FEB)
    store.save_channel(second, ok(), [], checks=[LinkCheck("m.facebook.com/permalink.php?story_fbid=122&id=104512345678901",
                                                          False, 404, page)])
    assert store.count_link_checks() == 2 and store.checked_keys(first) == {"not a url"}
    check = store.link_check("https://web.facebook.com/104512345678901/posts/122/")
    assert (check.ok, check.status, check.run_id) == (False, 404, second)
    assert store.link_check("https://www.facebook.com/104512345678901/posts/999") is None


def test_link_checks_are_redacted(store):
    url = f"https://example.org/post/1?access_token={TOKEN}"
    store.save_channel(store.start_run(FEB), ok(), [], checks=[LinkCheck(url, False, 500, url, f"boom key={TOKEN}")])
    assert TOKEN not in "\n".join(store.conn.iterdump())


def test_stored_and_gone_posts(store, make_post):
    kept, dropped = make_post(), make_post(published_at=datetime(2024, 12, 1, tzinfo=BANGKOK))
    store.save_channel(store.start_run(FEB), ok(), [(p, {"id": p.post_id}) for p in (kept, dropped)])
    store.save_channel(store.start_run(FEB), ok(), [], [Gone(dropped.url, "HTTP 404")])
    assert store.stored_posts() == [kept] and store.gone_posts() == [(dropped, "HTTP 404")]


def test_old_database_gains_the_gone_columns_once(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.execute("""CREATE TABLE posts (platform TEXT NOT NULL, post_id TEXT NOT NULL, district TEXT,
                   account_id TEXT NOT NULL, published_ts REAL NOT NULL, data TEXT NOT NULL,
                   first_seen TEXT NOT NULL, last_seen TEXT NOT NULL, PRIMARY KEY (platform, post_id))""")
    old.execute("INSERT INTO posts VALUES ('facebook', '1_2', 'khemarat', '1', 1739500000, ?, 'a', 'a')",
                ('{"platform": "facebook", "post_id": "1_2", "url": "u", "account": {"id": "1"}, '
                 '"published_at": "2025-02-14T09:26:40+07:00", "text": "x"}',))
    old.commit()
    old.close()
    for _ in range(2):  # opening again changes nothing
        with Store.open(path) as s:
            assert [p.post_id for p in s.posts_for_month(FEB)] == ["1_2"] and s.post_gone("facebook", "1_2") is None


def test_old_channel_statuses_read_without_kinds_and_new_ones_keep_theirs(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.executescript("""
        CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, month TEXT NOT NULL, started_at TEXT NOT NULL,
                           finished_at TEXT, status TEXT NOT NULL);
        CREATE TABLE channel_status (run_id INTEGER NOT NULL, office TEXT NOT NULL, platform TEXT NOT NULL,
                                     account TEXT NOT NULL, status TEXT NOT NULL, message TEXT NOT NULL,
                                     PRIMARY KEY (run_id, office, platform, account));
        INSERT INTO runs VALUES (1, '2025-02', 'a', 'b', 'done');
        INSERT INTO channel_status VALUES (1, 'khemarat', 'facebook', '1045', 'error', 'HTTP 503');""")
    old.commit()
    old.close()
    with Store.open(path) as s:
        (before,) = s.latest_statuses(FEB)
        assert (before.status, before.message, before.kind, before.params, before.notes) == ("error", "HTTP 503", "", {}, ())
        note = Note("feed_latest_only", {"n": 15, "env": "YT_KEY"})
        s.save_channel(s.start_run(FEB), ChannelStatus("khemarat", "facebook", "1045", "partial", "only 15", "partial",
                                                       {"url": "https://x/?access_token=SECRET"}, (note,)), [])
        (after,) = s.latest_statuses(FEB)
        assert (after.kind, after.notes) == ("partial", (note,)) and "SECRET" not in str(after.params)


def test_posts_outside_month_are_those_the_months_scans_saw(store, make_post):
    after = make_post(published_at=datetime(2025, 2, 28, 17, 30, tzinfo=timezone.utc))  # 00:30 1 Mar Bangkok
    inside = make_post()
    march_only = make_post(published_at=datetime(2025, 3, 2, tzinfo=BANGKOK))
    store.save_channel(store.start_run(FEB), ok(), [(p, {"id": p.post_id}) for p in (after, inside)])
    store.save_channel(store.start_run(Month(2025, 3)), ok(), [(march_only, {"id": march_only.post_id})])
    assert store.posts_outside_month(FEB) == [after]
    assert store.posts_outside_month(Month(2025, 3)) == []


def test_bad_status_is_refused(store):
    with pytest.raises(ValueError, match="status"):
        store.save_channel(store.start_run(FEB), ok(status="fine"), [])


def test_scorecards_and_months_present(store):
    assert store.load_scorecards("2025-01") is None
    store.save_scorecards("2025-01", {"districts": {"khemarat": {"score": 3}}, "thai": "ผ่าน"})
    store.save_scorecards("2025-01", {"districts": {"khemarat": {"score": 4}}})
    store.start_run(FEB)
    assert store.load_scorecards("2025-01") == {"districts": {"khemarat": {"score": 4}}}
    assert store.months_present() == ["2025-01", "2025-02"]


def test_scorecards_are_kept_compressed_and_a_copy_stored_as_text_still_reads(tmp_path):
    path = tmp_path / "old.db"
    cards = {"month": "2025-01", "districts": [{"district": "khemarat", "name": "เขมราฐ", "verdict": "pass"}]}
    old = sqlite3.connect(path)  # a store from before: the scorecards JSON as text, no summary table yet
    old.execute("CREATE TABLE scorecards (month TEXT PRIMARY KEY, data TEXT NOT NULL, saved_at TEXT NOT NULL)")
    old.execute("INSERT INTO scorecards VALUES ('2025-01', ?, '2025-02-01T00:00:00+00:00')", (json.dumps(cards),))
    old.commit()
    old.close()
    with Store.open(path) as store:
        assert store.load_scorecards("2025-01") == cards
        assert store.month_verdicts("2025-02", 3) == {"2025-01": {"khemarat": "pass"}}  # backfilled from the text
        store.save_scorecards("2025-02", {**cards, "month": "2025-02"})
        assert store.load_scorecards("2025-02") == {**cards, "month": "2025-02"}
        (data,), = store.conn.execute("SELECT data FROM scorecards WHERE month = '2025-02'")
        assert json.loads(zlib.decompress(data)) == {**cards, "month": "2025-02"}



def test_scorecards_compressed_by_zlib_in_an_older_store_still_read(tmp_path):
    """Stores written before ISA-L kept zlib's own stream; the stream ISA-L writes is the same format."""
    cards = {"month": "2025-01", "districts": [{"district": "khemarat", "name": "เขมราฐ", "verdict": "pass"}]}
    with Store.open(tmp_path / "zlib.db") as store:
        store.save_scorecards("2025-01", cards)
        store.conn.execute("UPDATE scorecards SET data = ? WHERE month = '2025-01'",
                           (zlib.compress(json.dumps(cards).encode(), 1),))
        assert store.load_scorecards("2025-01") == cards


def test_channel_save_is_one_transaction(store, make_post, monkeypatch):
    posts = [make_post() for _ in range(3)]
    real = store_module.canonical_json
    calls = iter(range(10))

    def flaky(raw):
        if next(calls) == 2:
            raise RuntimeError("disk gone")
        return real(raw)

    monkeypatch.setattr(store_module, "canonical_json", flaky)
    with pytest.raises(RuntimeError):
        store.save_channel(store.start_run(FEB), ok(), [(p, {"id": p.post_id}) for p in posts])
    assert store.count_posts() == 0 and store.latest_statuses(FEB) == []


# An interrupted scan: a fake collector for six district pages, killed after two channels.

class FakeFacebook:
    platform = "facebook"

    def fetch(self, channel, month, ctx):
        for n in range(3):
            yield {"id": f"{channel.account}_{n}", "day": n + 1}

    def to_post(self, raw, channel, office):
        return new_post(post_id=raw["id"], url=f"https://www.facebook.com/{raw['id']}", account=Account(channel.account),
                        published_at=datetime(2025, 2, raw["day"], 9, tzinfo=BANGKOK), text="ประชุม #คลิกชุมชน",
                        district=office.id, collected_at=None, collector=None)


@pytest.fixture
def six_pages(make_registry) -> Registry:
    """Six districts with one Facebook page each."""
    return make_registry(*(Office(f"d{i}", f"อำเภอ{i}", f"D{i}", "district", (f"#อำเภอ{i}",), (Channel("facebook", f"10{i}"),))
                           for i in range(6)), settings={"facebook": {"token_env": "FB"}})


def test_interrupted_scan_loses_nothing_and_rerun_has_no_duplicates(store, monkeypatch, six_pages):
    monkeypatch.setitem(COLLECTORS, "facebook", FakeFacebook())
    seen = []

    def killer(event):
        if event["event"] == "channel":
            seen.append(event["office"])
            if len(seen) == 2:
                raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        collect(six_pages, FEB, store, env={}, workers=1, progress=killer)
    assert store.count_posts() == 6  # the two saved channels, three posts each
    assert {s.office for s in store.latest_statuses(FEB)} == set(seen)
    assert store.runs(FEB)[0]["status"] == "interrupted"

    result = collect(six_pages, FEB, store, env={}, workers=3)
    # the month has ended: the two channels saved complete are not asked again, the four others are read
    assert store.count_posts() == 18 and len(result.posts) == 12
    assert sorted(r["office"] for r in result.requests if r["reused"] == "settled") == sorted(seen)
    result = collect(six_pages, FEB, store, env={}, workers=3, refresh=True)
    assert store.count_posts() == 18 and len(result.posts) == 18
    assert len(store.posts_for_month(FEB)) == 18
    assert len(store.latest_statuses(FEB)) == 6


def test_an_older_database_gains_the_sends_table_and_records_sends(tmp_path):
    from auditor.store import Send

    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE scorecards (month TEXT PRIMARY KEY, data TEXT NOT NULL, saved_at TEXT NOT NULL)")
    old.commit()
    old.close()
    with Store.open(path) as store:
        assert store.sends() == [] and not store.was_sent("email", "a@example.go.th", "ab12")
        store.record_send(Send("2025-02", None, "khemarat", "email", "a@example.go.th", "ab12", "failed",
                               "421 try later access_token=SECRET123", 3))
        assert not store.was_sent("email", "a@example.go.th", "ab12")  # a failed send does not count
        store.record_send(Send("2025-02", None, "khemarat", "email", "a@example.go.th", "ab12", "sent", "250 ok", 1))
        assert store.was_sent("email", "a@example.go.th", "ab12") and not store.was_sent("line", "a@example.go.th", "ab12")
        assert [s.status for s in store.sends("2025-02")] == ["failed", "sent"]
        assert "SECRET123" not in store.sends()[0].answer


@pytest.mark.parametrize("name", ["SQLITE_CANTOPEN", "SQLITE_READONLY_DIRECTORY", "SQLITE_READONLY"])
def test_a_store_sqlite_may_not_write_is_said_to_be_read_only_not_broken(tmp_path, monkeypatch, name, runner):
    """A store in a read-only folder (SQLite cannot make its -wal file) is not damaged: the message
    says so and what to do, Thai first, exit 2."""
    import sqlite3

    from auditor.cli import main

    def refused(*args, **kwargs):
        error = sqlite3.OperationalError("unable to open database file")
        error.sqlite_errorname = name
        raise error

    Store.open(tmp_path / "auditor.db").close()
    monkeypatch.setattr("auditor.store.sqlite3.connect", refused)
    result = runner.invoke(main, ["summary", "--fiscal-year", "2568", "--db", str(tmp_path / "auditor.db"),
                                  "--out", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "อ่านได้อย่างเดียว" in result.output and "ฐานข้อมูลไม่ได้เสียหาย" in result.output
    assert "the store is not damaged" in result.output and "มีปัญหา" not in result.output
