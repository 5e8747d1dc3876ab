"""The orchestrator: channel selection, statuses, warnings, progress events, replay env, a cassette scan."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from auditor.collect.scan import channels_to_scan, collect, configured_channels, link_channels, replay_env
from auditor.collect import facebook
from auditor.collect.platforms import COLLECTORS
from auditor.errors import CollectorError
from auditor.collect.http import make_session
from auditor.models import Account
from auditor.period import BANGKOK, Month
from auditor.registry import Channel, Office, Registry
from tests.helpers import new_post

FEB = Month(2025, 2)
TOKEN = "EAAGsecretTOKEN1234567890"
CASSETTES = Path(__file__).resolve().parent.parent / "cassettes" / "facebook"


class Scripted:
    """A fake collector whose behaviour per account is scripted: 'ok', 'bad-item', 'fail', 'crash', 'partial'."""

    platform = "facebook"

    def fetch(self, channel, month, ctx):
        mode = channel.account
        yield {"id": f"{mode}_1"}
        if mode == "fail":
            raise CollectorError("facebook", mode, "access token expired", kind="auth")
        if mode == "crash":
            raise RuntimeError(f"boom https://graph.facebook.com/x?access_token={TOKEN} {TOKEN}")
        if mode == "partial":
            ctx.mark_partial("stopped_after_pages", "stopped after 50 pages", n=50)
        yield {"id": f"{mode}_2", "bad": mode == "bad-item"}

    def to_post(self, raw, channel, office):
        if raw.get("bad"):
            raise KeyError("created_time")
        return new_post(post_id=raw["id"], url="https://www.facebook.com/" + raw["id"], account=Account(channel.account),
                        published_at=datetime(2025, 2, 3, tzinfo=BANGKOK), text="",
                        district=office.id if office.is_district else None, collected_at=None, collector=None)


def office(oid: str, *channels: Channel, kind: str = "district") -> Office:
    return Office(oid, oid, oid, kind, (f"#{oid}",), channels)


@pytest.fixture
def scripted(monkeypatch):
    monkeypatch.setitem(COLLECTORS, "facebook", Scripted())


@pytest.fixture
def registry(make_registry) -> Registry:
    """Offices whose scripted Facebook pages succeed, skip an item, fail, crash or stop part-way."""
    return make_registry(
        office("province", Channel("facebook", "ok"), kind="province"),
        office("a", Channel("facebook", "bad-item"), Channel("line", "@a")),
        office("b", Channel("facebook", "fail", {"token_env": "FB_B"})),
        office("c", Channel("facebook", "crash")),
        office("d", Channel("facebook", "partial"), Channel("website", "https://d.cdd.go.th/")),
        settings={"facebook": {"token_env": "FB"}, "youtube": {"api_key_env": "YT_KEY"}})


def by_office(result):
    return {(s.office, s.platform): s for s in result.statuses}


def test_the_collectors_agree_with_the_platform_table():
    from auditor.collect.platforms import check_table

    assert check_table() == []
    assert isinstance(COLLECTORS["facebook"], facebook.FacebookCollector)


def test_channels_to_scan_filters_but_keeps_the_province(registry):
    pairs = channels_to_scan(registry, districts=["a"], platforms=["facebook"])
    assert [(o.id, c.account) for o, c in pairs] == [("province", "ok"), ("a", "bad-item")]
    assert len(channels_to_scan(registry)) == 6  # LINE is self-reported: never scanned


def test_statuses_warnings_and_posts(scripted, store, monkeypatch, registry):
    monkeypatch.delitem(COLLECTORS, "website", raising=False)
    result = collect(registry, FEB, store, env={"FB": TOKEN}, workers=4)
    status = by_office(result)
    assert status[("province", "facebook")].status == "ok"
    assert status[("a", "facebook")].status == "ok" and "bad-item_2 skipped: KeyError" in status[("a", "facebook")].message
    assert ("a", "line") not in status  # self-reported through the report sheet, not collected
    assert status[("b", "facebook")].status == "error" and status[("b", "facebook")].message == "access token expired"
    assert status[("c", "facebook")].status == "error" and status[("c", "facebook")].message.startswith("unexpected RuntimeError: boom")
    assert status[("d", "facebook")].status == "partial" and "50 pages" in status[("d", "facebook")].message
    # beside the collector's words, the codes the reports are worded from
    assert status[("b", "facebook")].kind == "auth" and status[("c", "facebook")].kind == "bug"
    assert status[("c", "facebook")].params == {"error": "RuntimeError"}
    assert status[("d", "facebook")].kind == "partial"
    assert [n.to_dict() for n in status[("d", "facebook")].notes] == [{"code": "stopped_after_pages", "params": {"n": 50}}]
    assert [n.code for n in status[("a", "facebook")].notes] == ["item_skipped"]
    assert status[("d", "website")].status == "error"
    assert TOKEN not in repr(result.statuses) and TOKEN not in repr(result.warnings)
    # posts found before a failure are kept as evidence; the channel is still an error
    assert sorted(p.post_id for p in result.posts) == ["bad-item_1", "crash_1", "fail_1", "ok_1", "ok_2", "partial_1", "partial_2"]
    assert store.count_posts() == 7 and len(store.latest_statuses(FEB)) == 6
    assert next(p for p in result.posts if p.post_id == "ok_1").district is None
    assert all(p.collected_at is not None for p in result.posts)  # stamped by the scan; to_post stays pure
    assert store.runs(FEB)[-1]["status"] == "done"


def test_a_channel_fixed_in_the_config_leaves_no_stale_error(scripted, store, make_registry):
    """Scan 1 reads a bad page id (error); the config is fixed and scan 2 reads the right page:
    the district is judged on the right page only."""
    from auditor.audit import audit_month, stored_statuses
    from auditor.rules.ruleset import load_ruleset

    before = make_registry(office("b", Channel("facebook", "fail")), settings={})
    after = make_registry(office("b", Channel("facebook", "ok")), settings={})
    collect(before, FEB, store, env={}, workers=1)
    collect(after, FEB, store, env={}, workers=1)
    assert [(s.account, s.status) for s in stored_statuses(store, after, FEB)] == [("ok", "ok")]
    card = audit_month([], after, load_ruleset(), FEB, statuses=stored_statuses(store, after, FEB)).scorecards["districts"][0]
    assert card["errors"] == [] and card["verdict"] == "fail"  # no posts: failed, not incomplete


def test_progress_events(scripted, store, registry):
    events = []
    collect(registry, FEB, store, env={}, districts=["a", "b"], platforms=["facebook"], workers=2, progress=events.append)
    assert events[0] == {"event": "start", "run_id": 1, "total": 3}
    channels = [e for e in events if e["event"] == "channel"]
    assert [e["done"] for e in channels] == [1, 2, 3]
    assert events[-1]["event"] == "finish" and events[-1]["errors"] == 1 and events[-1]["posts_total"] == 4


def test_office_links_become_one_link_channel_per_platform(make_registry):
    links = ("https://vm.tiktok.com/ZS1/", "https://www.facebook.com/x/posts/1", "https://youtu.be/abcdefghijk",
             "https://www.tiktok.com/@a/video/1", "https://www.instagram.com/p/CxA/")
    office = Office("a", "a", "a", "district", ("#a",), (Channel("tiktok", "@a", {"links": [links[3]]}),), links)
    channels = {c.platform: c for c in link_channels(office)}
    assert set(channels) == {"tiktok", "facebook", "youtube", "instagram"}  # even without a channel of that platform
    assert channels["tiktok"].option("links") == [links[0]]  # the TikTok channel reads its own link
    assert all(c.account == "links" for c in channels.values())
    reg = make_registry(office, settings={})
    assert ("a", "facebook", "links") in configured_channels(reg) and ("a", "tiktok", "@a") in configured_channels(reg)


def test_replay_env_names_every_token_variable(registry):
    env = replay_env(registry)
    assert set(env) == {"FB", "FB_B", "YT_KEY"} and all(env.values())


def test_scan_from_facebook_cassette(store, replay_vcr, make_registry):

    reg = make_registry(office("mueang-ubon-ratchathani", Channel("facebook", "104512345678901")),
                        settings={"facebook": {"graph_version": "v24.0", "base_url": "https://graph.facebook.com",
                                               "token_env": "FB"}})
    with replay_vcr(CASSETTES).use_cassette("paging.yaml"):
        result = collect(reg, FEB, store, session=make_session(retries=0), env={"FB": TOKEN}, sleep=lambda s: None)
    assert [s.status for s in result.statuses] == ["ok"]
    assert len(result.posts) == 5  # six items in the window, one is a cover-photo story
    assert len(store.posts_for_month(FEB)) == 3
    assert TOKEN not in "\n".join(store.conn.iterdump())


DEMO = Path(__file__).resolve().parent.parent / "cassettes" / "demo"
DEMO_VERDICTS = {
    "pass": {"mueang-ubon-ratchathani", "khong-chiam", "khemarat", "na-chaluai", "buntharik", "muang-sam-sip",
             "warin-chamrap", "phibun-mangsahan", "samrong", "sirindhorn", "na-yia", "sawang-wirawong"},
    "incomplete": {"det-udom"},
}


def test_demo_replays_every_channel_with_the_designed_verdicts(store, replay_vcr, tmp_path):
    from auditor.audit import audit_month, replay_cassette
    from auditor.registry import load_registry
    from auditor.rules.ruleset import load_ruleset

    from auditor.selfreport.imports import import_reports

    reg = load_registry(DEMO / "auditor.toml")
    import_reports(DEMO / "reports-2025-02.csv", FEB, store, reg)  # the scan checks the links reported on it
    merged = replay_cassette(DEMO, tmp_path / "demo.yaml")
    with replay_vcr(tmp_path).use_cassette(merged.name) as cassette:
        result = collect(reg, FEB, store, session=make_session(retries=0), env=replay_env(reg), workers=1,
                         sleep=lambda s: None)
        assert cassette.all_played
    assert len(reg.districts) == 25
    bad = {(s.office, s.platform): s.status for s in result.statuses if s.status != "ok"}
    assert bad == {("det-udom", "facebook"): "error"}
    cards = audit_month(store.posts_for_month(FEB), reg, load_ruleset(), FEB, statuses=store.latest_statuses(FEB)).scorecards
    verdicts = {d["district"]: d["verdict"] for d in cards["districts"]}
    assert {d for d, v in verdicts.items() if v == "pass"} == DEMO_VERDICTS["pass"]
    assert {d for d, v in verdicts.items() if v == "incomplete"} == DEMO_VERDICTS["incomplete"]
    assert cards["summary"]["fail"] == 12


def test_per_host_limits_follow_the_platforms_rate_limits():
    from auditor.collect.scan import host_limits
    from auditor.platforms import PLATFORMS

    settings = {"facebook": {"base_url": "https://graph.facebook.com"}, "instagram": {"base_url": "https://graph.facebook.com"}}
    channels = [Channel("facebook", "1"), Channel("instagram", "2"), Channel("website", "https://district.cdd.go.th/a/"),
                Channel("website", "https://district.cdd.go.th/b/"), Channel("tiktok", "@x", {"link_channel": True})]
    limits = host_limits(channels, settings)
    assert limits["graph.facebook.com"] == PLATFORMS["facebook"].per_host >= 8  # Graph limits calls per app and page, not connections
    assert limits["district.cdd.go.th"] == PLATFORMS["website"].per_host == 4  # one government server for every district site
    assert host_limits(channels, settings, per_host=2) == dict.fromkeys(limits, 2)


class _Slow(Scripted):
    """Holds each channel a moment and records how many are in flight at once."""

    def __init__(self):
        import threading

        self.lock, self.now, self.most = threading.Lock(), 0, 0

    def fetch(self, channel, month, ctx):
        import time

        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)
        time.sleep(0.05)
        with self.lock:
            self.now -= 1
        yield {"id": f"{channel.account}_1"}


def test_eight_workers_collect_eight_graph_pages_at_once(store, monkeypatch):
    slow = _Slow()
    monkeypatch.setitem(COLLECTORS, "facebook", slow)
    reg = Registry("test.toml", {}, {"facebook": {"token_env": "FB"}},
                   [office(f"d{i}", Channel("facebook", f"p{i}")) for i in range(24)])
    collect(reg, FEB, store, env={"FB": "x"}, workers=8)
    assert slow.most == 8
    slow.most = 0
    collect(reg, FEB, store, env={"FB": "x"}, workers=8, per_host=3, refresh=True)  # Feb has ended: read again
    assert slow.most == 3
