"""TikTok oEmbed and Instagram Graph collectors, and the generic link check."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from datetime import datetime, timezone
from pathlib import Path

import pytest

from auditor.present import words
from tests.helpers import cassettes

from auditor.audit import audit_month, stored_statuses
from auditor.collect.scan import collect as collect_all
from auditor.collect.base import Context
from auditor.collect.platforms import COLLECTORS
from auditor.models import Gone
from auditor.collect.http import verify_link
from auditor.collect.links import ExistenceReader, _dead_short_link, oembed_url, snowflake_time
from auditor.platforms.tiktok import canonical_video_url, is_short_link
from auditor.errors import CollectorError
from auditor.collect.http import make_session
from auditor.models import ChannelStatus
from auditor.period import BANGKOK, Month
from auditor.registry import Channel, Office, Registry
from auditor.rules.ruleset import load_ruleset
from scripts.cassettes import links as gen

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
FEB = Month(2025, 2)
OFFICE = Office("warin-chamrap", "วารินชำราบ", "Warin Chamrap", "district", ())
tiktok, instagram = COLLECTORS["tiktok"], COLLECTORS["instagram"]

VCR = cassettes(ROOT / "cassettes" / "links")


def ctx(env: dict | None = None) -> Context:
    return Context(session=make_session(retries=0), settings=gen.SETTINGS, env=env or {})


def collect(collector, cassette: str, channel: Channel, context: Context) -> list:
    with VCR.use_cassette(f"{cassette}.yaml") as cass:
        raws = list(collector.fetch(channel, FEB, context))
        assert cass.all_played
    return [collector.to_post(raw, channel, OFFICE) for raw in raws]


def test_snowflake_time_and_url_helpers():
    assert snowflake_time(gen.VIDEO_OK) == datetime(2025, 2, 14, 3, 25, 41, tzinfo=timezone.utc)
    assert snowflake_time(7560000000000000000).year == 2025
    assert oembed_url(gen.SETTINGS, "https://www.tiktok.com/@a/video/1") == (
        "https://www.tiktok.com/oembed?url=https%3A%2F%2Fwww.tiktok.com%2F%40a%2Fvideo%2F1"
    )
    assert canonical_video_url("https://m.tiktok.com/@a/video/12?lang=th#x") == "https://www.tiktok.com/@a/video/12"
    assert canonical_video_url("https://www.tiktok.com/@a") is None
    assert is_short_link("https://vm.tiktok.com/ZS1/") and is_short_link("https://www.tiktok.com/t/ZT1/")


def test_tiktok_links_read_dead_ones_reported_not_counted():
    context = ctx()
    channel = Channel("tiktok", "@cdd_warin", {"links": gen.TIKTOK_LINKS})
    posts = collect(tiktok, "tiktok", channel, context)
    assert [p.post_id for p in posts] == [gen.VIDEO_OK, gen.VIDEO_EDGE]  # January video never requested
    ok, edge = posts
    assert ok.text == "ลงพื้นที่ส่งเสริมอาชีพ 🎉 #คลิกชุมชน #พัฒนาชุมชน"
    assert ok.published_at == datetime(2025, 2, 14, 10, 25, 41, tzinfo=BANGKOK)
    assert ok.account.id == "@cdd_warin" and ok.district == "warin-chamrap" and ok.collector == "tiktok/oembed"
    # The short link was resolved; both forms are kept so a submitted link can be matched.
    assert edge.url == gen.video_url(gen.VIDEO_EDGE) and gen.SHORT_OK in edge.links
    assert edge.published_at == datetime(2025, 2, 1, 0, 30, tzinfo=BANGKOK)
    assert context.warnings == [f"dead link: {gen.TIKTOK_LINKS[1]} (HTTP 404)", f"dead link: {gen.SHORT_DEAD} (HTTP 404)"]
    assert not context.partial
    # TikTok said so itself: both are gone (the dead video by its id, the short link by its URL).
    assert [(g.url, g.post_id) for g in context.gone] == [(gen.TIKTOK_LINKS[1], gen.VIDEO_DEAD), (gen.SHORT_DEAD, None)]


def test_tiktok_429_is_rate_limit():
    with pytest.raises(CollectorError) as info:
        collect(tiktok, "tiktok_rate_limit", Channel("tiktok", "@cdd_warin", {"links": [gen.video_url(gen.VIDEO_OK)]}), ctx())
    assert info.value.kind == "rate_limit" and str(info.value).startswith("tiktok @cdd_warin: ")


def test_instagram_pages_through_empty_page_until_next_is_absent():
    context = ctx({"AUDITOR_INSTAGRAM_TOKEN": "TOKEN"})
    posts = collect(instagram, "instagram", Channel("instagram", gen.IG_USER), context)
    assert [p.published_at for p in posts] == [datetime(2025, 2, 14, 10, 25, 41, tzinfo=BANGKOK),
                                               datetime(2025, 2, 1, 0, 30, tzinfo=BANGKOK)]
    assert posts[0].text == "ตลาดนัดชุมชน #คลิกชุมชน #พัฒนาชุมชน" and posts[1].text == ""  # no caption key
    assert posts[0].url == "https://www.instagram.com/p/CxWarin0002/" and posts[0].collector == "instagram/graph"


def test_instagram_expired_token_is_auth_and_redacted():
    with pytest.raises(CollectorError) as info:
        collect(instagram, "instagram_token_expired", Channel("instagram", gen.IG_USER), ctx({"AUDITOR_INSTAGRAM_TOKEN": "TOKEN"}))
    assert info.value.kind == "auth" and "Graph API error 190" in str(info.value) and "TOKEN" not in str(info.value)


def test_instagram_handle_with_token_is_config_error():
    with pytest.raises(CollectorError) as info:
        list(instagram.fetch(Channel("instagram", "cdd_warin"), FEB, ctx({"AUDITOR_INSTAGRAM_TOKEN": "TOKEN"})))
    assert info.value.kind == "config"
    assert words.channel_cause(info.value.kind, info.value.params) == \
        "ต้องตั้งค่ารหัสผู้ใช้ Instagram แบบตัวเลข (user_id) ใน auditor.toml ไม่ใช่ชื่อบัญชี"


def test_instagram_without_token_checks_links_and_is_partial():
    context = ctx()
    channel = Channel("instagram", "cdd_warin", {"links": [gen.IG_LINK_OK, gen.IG_LINK_GONE]})
    assert collect(instagram, "instagram_links", channel, context) == []
    assert context.partial
    assert f"dead link: {gen.IG_LINK_GONE} (HTTP 404)" in context.warnings
    assert any("AUDITOR_INSTAGRAM_TOKEN" in w for w in context.warnings)


def test_verify_link():
    with VCR.use_cassette("instagram_links.yaml"):
        session = make_session(retries=0)
        ok, gone = verify_link(session, gen.IG_LINK_OK), verify_link(session, gen.IG_LINK_GONE)
    assert (ok.ok, ok.status, ok.final_url) == (True, 200, gen.IG_LINK_OK)
    assert (gone.ok, gone.status) == (False, 404)


def test_cassettes_hold_no_tokens():
    for path in (ROOT / "cassettes" / "links").glob("*.yaml"):
        assert "TOKEN" not in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize("name, platform", [("tiktok_oembed.json", "tiktok"), ("ig_media.json", "instagram")])
def test_to_post_from_stored_payloads(name, platform):
    stored = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    post = COLLECTORS[platform].to_post(stored["raw"], Channel(platform, stored["channel"]), OFFICE)
    assert post.to_dict() == stored["post"]


# --- an office's listed links, and a video that dies between two scans ---------------------------

@pytest.fixture
def links_office(make_registry):
    """links_office(*channels, links=()): Warin Chamrap with these channels and listed links."""
    def build(*channels: Channel, links: tuple[str, ...] = ()) -> Registry:
        office = Office("warin-chamrap", "วารินชำราบ", "Warin Chamrap", "district", ("#สำนักงานพัฒนาชุมชนอำเภอวารินชำราบ",),
                        channels, links)
        return make_registry(office, settings=gen.SETTINGS)

    return build


def scan(reg: Registry, cassette: str, store, env: dict | None = None):
    with VCR.use_cassette(f"{cassette}.yaml") as cass:
        # vcrpy patches per thread; refresh: each call reads its cassette, even for a month already complete
        result = collect_all(reg, FEB, store, session=make_session(retries=0), env=env or {}, workers=1, refresh=True)
    return result, cass


def test_every_listed_office_link_is_verified_without_a_channel(store, links_office):
    """Links in `links` are checked on every platform; TikTok and (with a key) YouTube are read."""
    result, cass = scan(links_office(links=tuple(gen.OFFICE_LINKS)), "office_links", store, {gen.YT_KEY_ENV: "KEY"})
    assert cass.play_count == 6  # every link requested once; the keyless watch-page check is not needed
    status = {s.platform: s for s in result.statuses}
    assert set(status) == {"tiktok", "facebook", "instagram", "youtube"}
    assert all(s.status == "ok" and s.account == "links" for s in status.values())
    assert status["facebook"].message == f"dead link: {gen.FB_LINK_GONE} (HTTP 404)"
    assert f"dead link: https://www.youtube.com/watch?v={gen.YT_VIDEO_GONE}" in status["youtube"].message
    assert f"warin-chamrap facebook links: dead link: {gen.FB_LINK_GONE} (HTTP 404)" in result.warnings
    posts = {p.platform: p for p in store.posts_for_month(FEB)}
    assert set(posts) == {"tiktok", "youtube"}  # Facebook and Instagram: existence only, nothing counted
    assert posts["tiktok"].post_id == gen.VIDEO_OK and posts["tiktok"].district == "warin-chamrap"
    assert posts["youtube"].post_id == gen.YT_VIDEO_OK and posts["youtube"].text.startswith("แนะนำ Click ชุมชน #คลิกชุมชน\n")
    assert posts["youtube"].published_at == datetime(2025, 2, 12, 10, tzinfo=BANGKOK)


def test_the_scan_keeps_what_it_learned_about_each_link(store, links_office):
    """Every link a reader asked about is stored with its answer, for reconciliation offline."""
    scan(links_office(links=tuple(gen.OFFICE_LINKS)), "office_links", store, {gen.YT_KEY_ENV: "KEY"})
    gone, live = store.link_check(gen.FB_LINK_GONE), store.link_check(gen.FB_LINK_OK + "?mibextid=x")
    assert (gone.ok, gone.status, live.ok, live.status) == (False, 404, True, 200)
    assert store.link_check(f"https://youtu.be/{gen.YT_VIDEO_GONE}").cause.startswith("the Data API lists no such video")
    assert store.link_check(gen.video_url(gen.VIDEO_OK)).ok
    assert store.link_check(f"https://youtu.be/{gen.YT_VIDEO_OK}") is None  # read, not checked: it is a stored post


def test_youtube_link_without_a_key_is_only_checked():
    context = ctx()
    with VCR.use_cassette("office_links.yaml") as cass:
        raw = COLLECTORS["youtube"].read_link(f"https://youtu.be/{gen.YT_VIDEO_OK}", Channel("youtube", "links"), FEB, context)
        assert cass.play_count == 1
    assert raw is None and context.warnings == []
    COLLECTORS["youtube"].read_link("https://www.youtube.com/@cddwarin", Channel("youtube", "links"), FEB, context)
    assert context.warnings == ["not a YouTube video link: https://www.youtube.com/@cddwarin"]


def test_a_video_found_dead_later_is_kept_as_evidence_but_no_longer_counted(store, links_office):
    reg = links_office(Channel("tiktok", "@cdd_warin", {"links": [gen.video_url(gen.VIDEO_OK)]}))
    scan(reg, "tiktok", store)
    assert [p.post_id for p in store.posts_for_month(FEB)] == [gen.VIDEO_OK]
    result, _ = scan(reg, "tiktok_removed", store)
    assert result.posts == [] and store.posts_for_month(FEB) == []
    assert store.post_gone("tiktok", gen.VIDEO_OK)[1] == "HTTP 404"
    assert store.evidence("tiktok", gen.VIDEO_OK)["video_id"] == gen.VIDEO_OK and store.count_posts() == 1
    cards = audit_month(store.posts_for_month(FEB), reg, load_ruleset(), FEB, statuses=stored_statuses(store, reg, FEB)).scorecards
    card = cards["districts"][0]
    assert card["posts"] == [] and card["channels"] == {}
    assert card["warnings"] == [{"platform": "tiktok", "account": "@cdd_warin",
                                 "message": f"dead link: {gen.video_url(gen.VIDEO_OK)} (HTTP 404)", "kind": "", "params": {},
                                 "notes": [{"code": "dead_link", "params": {"url": gen.video_url(gen.VIDEO_OK), "cause": "HTTP 404"}}]}]
    scan(reg, "tiktok", store)  # up again (made public): counted again
    assert [p.post_id for p in store.posts_for_month(FEB)] == [gen.VIDEO_OK] and store.post_gone("tiktok", gen.VIDEO_OK) is None


def test_a_dead_short_link_marks_the_post_stored_under_it(store):
    raw = {"_source": "oembed", "video_id": gen.VIDEO_EDGE, "url": gen.video_url(gen.VIDEO_EDGE),
           "submitted_url": gen.SHORT_OK, "oembed": {}}
    post = tiktok.to_post(raw, Channel("tiktok", "@cdd_warin"), OFFICE)
    status = ChannelStatus("warin-chamrap", "tiktok", "@cdd_warin", "ok")
    run = store.start_run(FEB)
    store.save_channel(run, status, [(post, raw)])
    store.save_channel(run, status, [], [Gone(gen.SHORT_OK, "HTTP 404")])
    assert store.post_gone("tiktok", gen.VIDEO_EDGE)[1] == "HTTP 404"


# --- a link check that could not be made is not a dead link -----------------------------------


class _LinkHost(BaseHTTPRequestHandler):
    """Answers /status/N with HTTP N (a login page for 403), for the link checks below."""

    def do_GET(self):  # noqa: N802 - http.server's name
        status = int(self.path.rsplit("/", 1)[-1])
        body = b"<html><body>Log in to continue</body></html>" if status == 403 else b"{}"
        self.send_response(status)
        self.send_header("Content-Type", "text/html" if status == 403 else "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def link_host():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _LinkHost)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/status"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("status", [200, 404, 410])
def test_a_link_the_host_answers_for_is_checked(link_host, status):
    context, url = ctx(), f"{link_host}/{status}"
    ExistenceReader("line").read_link(url, Channel("line", "reported", {}), FEB, context)
    assert [(c.url, c.ok, c.status) for c in context.checks] == [(url, status == 200, status)]
    assert not context.partial
    assert [n.code for n in context.notes] == ([] if status == 200 else ["dead_link"])


@pytest.mark.parametrize("status", [403, 429, 500, 503])
def test_a_link_check_that_could_not_be_made_is_not_a_dead_link(link_host, status):
    """A 5xx, a limit or a login wall says nothing of the link: nothing is kept (an earlier check
    stands) and it is noted. The channel stays complete: a link only checked is never read for a
    post, so nothing countable is missing (a district site behind a firewall would otherwise leave
    every rule on it unknown every month)."""
    context, url = ctx(), f"{link_host}/{status}"
    ExistenceReader("line").read_link(url, Channel("line", "reported", {}), FEB, context)
    assert context.checks == [] and not context.partial
    assert [(n.code, n.params) for n in context.notes] == [("link_not_checked", {"url": url, "cause": f"HTTP {status}"})]
    assert not any("dead link" in w for w in context.warnings)


def test_an_unreachable_host_is_not_a_dead_link():
    context, url = ctx(), f"http://127.0.0.1:{_closed_port()}/post/1"
    ExistenceReader("facebook").read_link(url, Channel("facebook", "reported", {}), FEB, context)
    assert context.checks == [] and not context.partial
    assert [n.params["cause"] for n in context.notes] == ["unreachable"]


def test_a_tiktok_short_link_whose_host_fails_is_not_dead(link_host):
    """The short link's redirect answered 503: TikTok or the way to it failed, the video may be there
    and may count, so the channel is partial (its rules unknown, never failed for it)."""
    context = ctx()
    _dead_short_link(context, "https://vt.tiktok.com/ZSabc/", 503)
    assert context.checks == [] and context.gone == [] and context.partial
    _dead_short_link(context, "https://vt.tiktok.com/ZSgone/", 404)
    assert [(c.url, c.ok) for c in context.checks] == [("https://vt.tiktok.com/ZSgone/", False)]
    assert [g.url for g in context.gone] == ["https://vt.tiktok.com/ZSgone/"]


def test_reconciliation_of_an_unchecked_line_link_is_self_reported_not_dead():
    """With no check kept, a reported LINE VOOM post counts as self-reported, unchecked, as when no
    scan ran; it is never reported dead because its host failed."""
    from auditor.selfreport.reconcile import ReportedLink, reconcile

    item = ReportedLink("thung-si-udom", "https://linevoom.line.me/post/1170000000000000002", row=2)
    result = reconcile([item], [], verify=lambda url: None)
    assert [p["code"] for p in result.problems] == []
    assert [s["link_checked"] for s in result.self_reported] == [False]
