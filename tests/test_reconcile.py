"""reconcile: reported links against one district's collected post dicts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from auditor.audit import audit_stored_month, load_month_data, stored_statuses
from auditor.collect.scan import collect, readable_platforms
from auditor.models import Gone, LinkCheck
from auditor.collect.http import make_session
from auditor.models import SelfReport
from auditor.models import ChannelStatus
from auditor.period import BANGKOK, Month
from auditor.present.phrase import phrase_reconciliation
from auditor.collect.http import verify_link
from auditor.selfreport.reconcile import ReportedLink, first_check, stored_checks, stored_resolver
from auditor.selfreport.reconcile import reconcile as reconcile_codes
from auditor.registry import Channel, Office
from auditor.rules.ruleset import load_ruleset
from auditor.text.urls import normalize_url, resolve
from scripts.cassettes import reconcile as gen

ROOT = Path(__file__).resolve().parents[1]


def reconcile(*args, **kwargs):
    """reconcile, with its codes worded (reason_th, reason_en, notes) as scorecards.json words them."""
    result = reconcile_codes(*args, **kwargs)
    phrase_reconciliation(result.to_dict())
    return result
PAGE = "104512345678901"


def post(platform, post_id, url, *, counted=True, kind="activity", notes=()):
    return {"platform": platform, "post_id": post_id, "url": url, "counted": counted, "kind": kind, "note_codes": list(notes)}


POSTS = [
    post("facebook", f"{PAGE}_111", "https://www.facebook.com/cddkhemarat/posts/111"),
    post("facebook", f"{PAGE}_222", f"https://www.facebook.com/{PAGE}/posts/222", counted=False,
         notes=[{"code": "missing_hashtags", "params": {"tags": ["#คลิกชุมชน"]}}]),
    post("youtube", "Ab3dE5gH7jK", "https://www.youtube.com/watch?v=Ab3dE5gH7jK"),
    post("website", "wp:7", "https://khemarat.cdd.go.th/ข่าว/คลิกชุมชน/", kind="promotion"),
    post("facebook", f"{PAGE}_333", f"https://www.facebook.com/{PAGE}/posts/333"),
    post("facebook", f"{PAGE}_444", f"https://www.facebook.com/{PAGE}/posts/444", counted=False, kind="unrelated"),
]


def rows(*urls: str) -> list[ReportedLink]:
    return [ReportedLink("khemarat", url, title=f"กิจกรรม {i}", channel="Facebook", activity_date=date(2025, 2, i),
                         row=i, source="form.xlsx") for i, url in enumerate(urls, start=1)]


def checker(answers: dict):
    """verify(url) from a dict url -> status (None: unreachable); records the URLs asked."""
    asked = []

    def verify(url):
        asked.append(url)
        status = answers[url]
        return LinkCheck(url, status is not None and 200 <= status < 300, status, url)

    verify.asked = asked
    return verify


def test_matched_counted_is_verified_and_unmatched_posts_are_unreported():
    result = reconcile(rows("https://m.facebook.com/CDDKhemarat/posts/111?mibextid=x", "https://youtu.be/Ab3dE5gH7jK?si=q",
                            "khemarat.cdd.go.th/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/%E0%B8%84%E0%B8%A5%E0%B8%B4%E0%B8%81"
                            "%E0%B8%8A%E0%B8%B8%E0%B8%A1%E0%B8%8A%E0%B8%99"), POSTS)
    assert [(v["row"], v["platform"], v["post_id"]) for v in result.verified] == [
        (1, "facebook", f"{PAGE}_111"), (2, "youtube", "Ab3dE5gH7jK"), (3, "website", "wp:7")]
    assert result.verified[0] == {"url": "https://m.facebook.com/CDDKhemarat/posts/111?mibextid=x", "title": "กิจกรรม 1",
                                  "row": 1, "platform": "facebook", "post_id": f"{PAGE}_111",
                                  "post_url": "https://www.facebook.com/cddkhemarat/posts/111", "self_reported": False}
    # The not-counted post and post 333 were not reported; the unrelated post is not listed.
    assert result.unreported == [
        {"platform": "facebook", "post_id": f"{PAGE}_222", "url": f"https://www.facebook.com/{PAGE}/posts/222", "counted": False},
        {"platform": "facebook", "post_id": f"{PAGE}_333", "url": f"https://www.facebook.com/{PAGE}/posts/333", "counted": True},
    ]
    assert result.problems == [] and result.self_reported == []


def test_a_vanity_url_matches_a_post_collected_under_the_numeric_page():
    result = reconcile(rows("https://www.facebook.com/cddkhemarat/posts/333"), POSTS)
    assert [v["post_id"] for v in result.verified] == [f"{PAGE}_333"]


def test_matched_but_not_counted_is_a_problem_with_the_post_notes():
    result = reconcile(rows(f"https://www.facebook.com/permalink.php?story_fbid=222&id={PAGE}"), POSTS)
    (problem,) = result.problems
    assert problem["code"] == "not_counted" and problem["reason_th"] == "พบโพสต์แล้ว แต่ไม่นับ"
    assert (problem["platform"], problem["post_id"], problem["notes"]) == ("facebook", f"{PAGE}_222", ["ขาดแฮชแท็ก #คลิกชุมชน"])
    assert problem["note_codes"] == [{"code": "missing_hashtags", "params": {"tags": ["#คลิกชุมชน"]}}]
    assert result.verified == []


def test_unmatched_links_are_checked_dead_or_alive():
    verify = checker({gen.TIKTOK_DEAD: 404, "https://khemarat.cdd.go.th/news/9/": 200, "https://gone.example.org/x": None})
    result = reconcile(rows(gen.TIKTOK_DEAD + "?is_from_webapp=1", "https://khemarat.cdd.go.th/news/9/",
                            "https://gone.example.org/x"), POSTS, verify=verify)
    dead, alive, unreachable = result.problems
    assert (dead["code"], dead["reason_th"], dead["reason_en"], dead["status"]) == (
        "dead", "ลิงก์เปิดไม่ได้ (HTTP 404)", "dead link (HTTP 404)", 404)
    assert dead["platform"] == "tiktok"
    assert alive["code"] == "not_collected"
    assert alive["reason_th"] == "เปิดได้ แต่ไม่พบในข้อมูลที่เก็บ (ตรวจแฮชแท็กไม่ได้)"
    assert unreachable["reason_th"] == "ลิงก์เปิดไม่ได้ (เชื่อมต่อไม่ได้)" and "status" not in unreachable
    # Canonical URLs are checked: tracking parameters dropped.
    assert verify.asked[0] == gen.TIKTOK_DEAD


def test_without_a_checker_unmatched_links_are_not_found():
    (problem,) = reconcile(rows("https://khemarat.cdd.go.th/news/9"), POSTS).problems
    assert problem["code"] == "not_found" and problem["platform"] == "website"


def test_live_line_links_are_self_reported():
    result = reconcile(rows(gen.LINE_URL + "?utm_source=copyshare"), POSTS, verify=checker({gen.LINE_URL: 200}))
    assert result.self_reported == [{
        "url": gen.LINE_URL + "?utm_source=copyshare", "title": "กิจกรรม 1", "row": 1, "platform": "line",
        "activity_date": "2025-02-01", "post_id": gen.LINE_POST, "canonical": gen.LINE_URL, "link_checked": True,
        "code": "self_reported", "params": {}, "reason_th": "LINE ตรวจอัตโนมัติไม่ได้ และเกณฑ์ชุดนี้ไม่นับโพสต์ที่รายงานเอง",
        "reason_en": "LINE cannot be read automatically and this ruleset does not count self-reported posts"}]
    assert result.problems == []


def test_dead_line_links_are_problems_and_unchecked_ones_are_flagged():
    dead = reconcile(rows(gen.LINE_URL), POSTS, verify=checker({gen.LINE_URL: 404}))
    assert [p["code"] for p in dead.problems] == ["dead"] and dead.self_reported == []
    unchecked = reconcile(rows(gen.LINE_URL), POSTS)
    assert unchecked.self_reported[0]["link_checked"] is False


@pytest.mark.parametrize("url", ["", "ไม่มีลิงก์", "ftp://cdd.go.th/x", None])
def test_a_malformed_url_is_a_problem_and_the_run_goes_on(url):
    result = reconcile(rows(url, "https://youtu.be/Ab3dE5gH7jK"), POSTS, verify=checker({}))
    (problem,) = result.problems
    assert (problem["row"], problem["code"], problem["reason_th"], problem["reason_en"]) == (1, "invalid_url", "URL ไม่ถูกต้อง", "invalid URL")
    assert [v["row"] for v in result.verified] == [2]


def test_a_checker_that_fails_on_one_url_does_not_stop_the_district():
    def verify(url):
        raise RuntimeError("boom")

    result = reconcile(rows("https://khemarat.cdd.go.th/news/9", "https://youtu.be/Ab3dE5gH7jK"), POSTS, verify=verify)
    assert [p["code"] for p in result.problems] == ["check_failed"]
    assert result.problems[0]["reason_en"] == "the link could not be checked (RuntimeError)"
    assert len(result.verified) == 1


def test_the_same_post_reported_twice_is_a_duplicate():
    result = reconcile(rows("https://youtu.be/Ab3dE5gH7jK", "https://www.youtube.com/shorts/Ab3dE5gH7jK"), POSTS)
    assert [v["row"] for v in result.verified] == [1]
    assert result.problems[0]["code"] == "duplicate" and result.problems[0]["reason_th"] == "ลิงก์ซ้ำกับแถว 1"


def test_short_links_are_resolved_before_matching_and_only_when_needed():
    resolved = []

    def resolve_link(link):
        resolved.append(link.canonical)
        return normalize_url(gen.tiktok_video(gen.TIKTOK_VIDEO))

    posts = POSTS + [post("tiktok", gen.TIKTOK_VIDEO, gen.tiktok_video(gen.TIKTOK_VIDEO))]
    result = reconcile(rows(gen.TIKTOK_SHORT, "https://youtu.be/Ab3dE5gH7jK"), posts, resolve_link=resolve_link)
    assert [v["post_id"] for v in result.verified] == [gen.TIKTOK_VIDEO, "Ab3dE5gH7jK"]
    assert resolved == [gen.TIKTOK_SHORT]


def test_the_final_url_of_a_link_check_is_matched_too():
    def verify(url):
        return LinkCheck(url, True, 200, gen.tiktok_video(gen.TIKTOK_VIDEO))

    posts = [post("tiktok", gen.TIKTOK_VIDEO, gen.tiktok_video(gen.TIKTOK_VIDEO))]
    result = reconcile(rows(gen.TIKTOK_SHORT), posts, verify=verify)
    assert [v["post_id"] for v in result.verified] == [gen.TIKTOK_VIDEO]
    assert result.unreported == []


def test_a_district_end_to_end_through_cassettes(replay_vcr):
    """Facebook share link and vm.tiktok.com resolved, a dead TikTok video, a live LINE VOOM post."""
    posts = [
        post("facebook", f"{PAGE}_555", gen.FB_TARGET),
        post("tiktok", gen.TIKTOK_VIDEO, gen.tiktok_video(gen.TIKTOK_VIDEO), counted=False, notes=[{"code": "missing_hashtags", "params": {"tags": ["#คลิกชุมชน"]}}]),
        post("youtube", "Ab3dE5gH7jK", "https://www.youtube.com/watch?v=Ab3dE5gH7jK", kind="promotion"),
    ]
    reported = rows(gen.FB_SHARE + "?mibextid=WC7FNe", gen.TIKTOK_SHORT, gen.TIKTOK_DEAD, gen.LINE_URL)
    vcr_ = replay_vcr(ROOT / "cassettes" / "reconcile")
    with vcr_.use_cassette("district.yaml") as cass:
        session = make_session(retries=0)
        result = reconcile(reported, posts, resolve_link=lambda link: resolve(session, link),
                           verify=lambda url: verify_link(session, url))
        assert cass.all_played
    assert [(v["row"], v["post_id"]) for v in result.verified] == [(1, f"{PAGE}_555")]
    assert [(p["row"], p["code"]) for p in result.problems] == [(2, "not_counted"), (3, "dead")]
    assert [s["post_id"] for s in result.self_reported] == [gen.LINE_POST]
    assert result.unreported == [{"platform": "youtube", "post_id": "Ab3dE5gH7jK",
                                  "url": "https://www.youtube.com/watch?v=Ab3dE5gH7jK", "counted": True}]
    assert result.to_dict()["verified"] == result.verified


def test_a_link_reported_twice_is_checked_once():
    verify = checker({"https://khemarat.cdd.go.th/news/9": 404})
    result = reconcile(rows("https://khemarat.cdd.go.th/news/9", "khemarat.cdd.go.th/news/9?utm_source=x"), POSTS, verify=verify)
    assert [p["code"] for p in result.problems] == ["dead", "duplicate"]
    assert verify.asked == ["https://khemarat.cdd.go.th/news/9"]


def test_a_line_link_matches_the_self_reported_post_built_from_it():
    link = normalize_url(gen.LINE_URL)
    self_post = post("line", link.key, "", kind="activity")
    result = reconcile(rows(gen.LINE_URL + "?utm_source=copyshare"), [self_post])
    assert [(v["platform"], v["post_id"]) for v in result.verified] == [("line", link.key)]
    assert result.self_reported == [] and result.unreported == []


# --- what the scans learned: stored link checks and gone posts, used offline --------------------

def stored(store, *checks, gone=()):
    run = store.start_run("2025-02")
    store.save_channel(run, ChannelStatus("khemarat", "tiktok", "@cdd_khemarat", "ok"), [], gone, list(checks))
    return stored_checks(store)


def test_offline_a_link_the_scan_found_dead_is_dead(store):
    verify = stored(store, LinkCheck(gen.TIKTOK_DEAD, False, 400, gen.TIKTOK_DEAD))
    (problem,) = reconcile(rows(gen.TIKTOK_DEAD + "?is_from_webapp=1&sender_device=pc"), POSTS, verify=verify).problems
    assert (problem["code"], problem["reason_th"], problem["status"]) == ("dead", "ลิงก์เปิดไม่ได้ (HTTP 400)", 400)


def test_offline_a_stored_post_marked_gone_is_dead(store, make_post):
    post = make_post(platform="tiktok", post_id=gen.TIKTOK_VIDEO, url=gen.tiktok_video(gen.TIKTOK_VIDEO),
                     links=(gen.TIKTOK_SHORT,))
    run = store.start_run("2025-02")
    store.save_channel(run, ChannelStatus("khemarat", "tiktok", "@cdd_khemarat", "ok"), [(post, {"id": post.post_id})])
    verify = stored(store, gone=[Gone(gen.tiktok_video(gen.TIKTOK_VIDEO), "HTTP 404", gen.TIKTOK_VIDEO)])
    dead = reconcile(rows(gen.TIKTOK_SHORT, gen.tiktok_video(gen.TIKTOK_VIDEO)), [], verify=verify).problems
    assert [(p["code"], p["reason_th"]) for p in dead] == [("dead", "ลิงก์เปิดไม่ได้ (HTTP 404)")] * 2


def test_offline_a_link_no_scan_checked_stays_not_checked(store):
    verify = stored(store, LinkCheck(gen.TIKTOK_DEAD, False, 400, gen.TIKTOK_DEAD))
    (problem,) = reconcile(rows(gen.tiktok_video("7471000000000000001")), POSTS, verify=verify).problems
    assert (problem["code"], problem["reason_th"]) == ("not_found", "ไม่พบในข้อมูลที่เก็บ (ยังไม่ได้ตรวจลิงก์)")


def test_offline_a_stored_redirect_leads_to_the_collected_post(store):
    video = gen.tiktok_video(gen.TIKTOK_VIDEO)
    verify = stored(store, LinkCheck(gen.TIKTOK_SHORT, True, 200, video))
    result = reconcile(rows(gen.TIKTOK_SHORT), [post("tiktok", gen.TIKTOK_VIDEO, video)], verify=verify)
    assert [v["post_id"] for v in result.verified] == [gen.TIKTOK_VIDEO]


def test_stored_checks_come_first_and_the_network_only_for_unchecked_links(store):
    live = checker({"https://khemarat.cdd.go.th/news/9": 200})
    verify = first_check(stored(store, LinkCheck(gen.TIKTOK_DEAD, False, 400, gen.TIKTOK_DEAD)), live)
    result = reconcile(rows(gen.TIKTOK_DEAD, "https://khemarat.cdd.go.th/news/9"), POSTS, verify=verify)
    assert [p["code"] for p in result.problems] == ["dead", "not_collected"]
    assert live.asked == ["https://khemarat.cdd.go.th/news/9"]
    assert first_check(None, None) is None


# --- reported links the scan reads (TikTok through oEmbed) ---------------------------------------

FEB = Month(2025, 2)
WARIN = Office("warin-chamrap", "วารินชำราบ", "Warin Chamrap", "district", ("#สำนักงานพัฒนาชุมชนอำเภอวารินชำราบ",))
REPORTED = (gen.links.video_url(gen.REPORTED_LIVE) + "?is_from_webapp=1", gen.REPORTED_SHORT,
            gen.links.video_url(gen.REPORTED_DEAD), gen.REPORTED_FACEBOOK)


def report_sheet(store, urls=REPORTED):
    store.save_self_reports([SelfReport("2025-02", "warin-chamrap", datetime(2025, 3, 5, 9, tzinfo=BANGKOK), date(2025, 2, 11),
                                        "ประชาสัมพันธ์ Click ชุมชน", "tiktok", (url,), row, "reports.csv", f"k{row}")
                             for row, url in enumerate(urls, start=2)])


def scan_reported(store, replay_vcr, registry, cassette="reported.yaml"):
    with replay_vcr(ROOT / "cassettes" / "reconcile").use_cassette(cassette) as cass:
        # refresh: each call reads its cassette, even for a month already complete
        result = collect(registry, FEB, store, session=make_session(retries=0), env={}, workers=1, refresh=True)
    return result, cass


def audit(store, registry, tmp_path):
    data, _ = load_month_data(registry, FEB, store, targets=False)
    return audit_stored_month(store, registry, load_ruleset(), FEB, tmp_path / "out", data=data).scorecards["districts"][0]


def test_a_reported_tiktok_link_is_read_stored_evaluated_and_verified(store, replay_vcr, tmp_path, make_registry):
    registry = make_registry(WARIN, settings=gen.links.SETTINGS)
    report_sheet(store)
    result, cass = scan_reported(store, replay_vcr, registry)
    assert cass.all_played  # the Facebook link no reader can read is checked to open
    assert [(s.platform, s.account, s.status) for s in result.statuses] == [("tiktok", "reported", "ok"),
                                                                            ("facebook", "reported", "ok")]
    posts = {p.post_id: p for p in store.stored_posts()}
    assert set(posts) == {gen.REPORTED_LIVE, gen.REPORTED_SHORT_VIDEO}
    live = posts[gen.REPORTED_LIVE]
    assert (live.district, live.collector) == ("warin-chamrap", "tiktok/oembed (reported link)")
    card = audit(store, registry, tmp_path)
    counted = {p["post_id"]: p for p in card["posts"]}
    assert all(p["counted"] and p["evidence_sha256"] for p in counted.values()) and set(counted) == set(posts)
    rec = card["reconciliation"]
    assert [(v["row"], v["post_id"]) for v in rec["verified"]] == [(2, gen.REPORTED_LIVE), (3, gen.REPORTED_SHORT_VIDEO)]
    assert [(p["row"], p["code"], p["reason_th"]) for p in rec["problems"]] == [
        (4, "dead", "ลิงก์เปิดไม่ได้ (HTTP 404)"), (5, "not_collected", "เปิดได้ แต่ไม่พบในข้อมูลที่เก็บ (ตรวจแฮชแท็กไม่ได้)")]
    assert card["warnings"] == [{"platform": "tiktok", "account": "reported",
                                 "message": f"dead link: {REPORTED[2]} (HTTP 404)", "kind": "", "params": {},
                                 "notes": [{"code": "dead_link", "params": {"url": REPORTED[2], "cause": "HTTP 404"}}]}]


def test_reading_reported_links_again_adds_nothing_and_skips_what_is_stored(store, replay_vcr, tmp_path, make_registry):
    registry = make_registry(WARIN, settings=gen.links.SETTINGS)
    report_sheet(store)
    scan_reported(store, replay_vcr, registry)
    posts, checks = store.count_posts(), store.count_link_checks()
    _, cass = scan_reported(store, replay_vcr, registry)
    assert cass.play_count == 2  # only the dead video and the unread Facebook post are asked again; the read ones are stored
    assert (store.count_posts(), store.count_link_checks()) == (posts, checks) == (2, 5)
    assert [p["code"] for p in audit(store, registry, tmp_path)["reconciliation"]["problems"]] == ["dead", "not_collected"]


def test_a_reported_link_a_channel_already_checked_is_not_read_twice(store, replay_vcr, tmp_path, make_registry):
    listed = Channel("tiktok", "@cdd_warin", {"links": [gen.links.video_url(gen.REPORTED_DEAD)]})
    registry = make_registry(replace(WARIN, channels=(listed,)), settings=gen.links.SETTINGS)
    report_sheet(store, [gen.links.video_url(gen.REPORTED_DEAD)])
    result, cass = scan_reported(store, replay_vcr, registry)
    assert cass.play_count == 1 and [s.account for s in result.statuses] == ["@cdd_warin"]
    assert store.latest_statuses(FEB)[-1] == ChannelStatus("warin-chamrap", "tiktok", "reported", "ok")  # nothing left to read
    (problem,) = audit(store, registry, tmp_path)["reconciliation"]["problems"]
    assert (problem["code"], problem["status"]) == ("dead", 404)


def test_links_no_reader_can_read_are_checked_by_the_scan_and_reconciled_without_a_request(store, replay_vcr, tmp_path,
                                                                                              make_registry, make_post, request):
    """A Facebook share link (followed to the post it stands for), a live and a deleted LINE VOOM post
    and a gone web page: the scan checks them and stores what it learned; evaluating the month then
    matches and judges them from the store alone, with every HTTP request refused."""
    registry = make_registry(WARIN, settings=gen.links.SETTINGS)
    shared = make_post(post_id="pfbid02WarinShared", url=gen.CHECKED_TARGET, district="warin-chamrap",
                       text="ชวนใช้ Click ชุมชน " + " ".join(f"#{t}" for t in gen.PROMOTION_TAGS),
                       published_at=datetime(2025, 2, 11, 10, tzinfo=BANGKOK))
    store.save_channel(store.start_run(FEB), ChannelStatus("warin-chamrap", "facebook", "cddwarin", "ok"),
                       [(shared, {"id": shared.post_id})])
    report_sheet(store, [gen.CHECKED_SHARE, gen.LINE_URL, gen.LINE_DEAD_URL, gen.WEB_GONE])
    result, cass = scan_reported(store, replay_vcr, registry, "reported_checks.yaml")
    assert cass.all_played
    assert {(s.platform, s.account, s.status) for s in result.statuses} == {
        ("facebook", "reported", "ok"), ("line", "reported", "ok"), ("website", "reported", "ok")}
    assert store.link_check(gen.CHECKED_SHARE).final_url == gen.CHECKED_TARGET

    request.getfixturevalue("no_http")
    card = audit(store, registry, tmp_path)
    rec = card["reconciliation"]
    assert [(v["row"], v["platform"], v["post_id"]) for v in rec["verified"]] == [(2, "facebook", shared.post_id)]
    assert [(s["row"], s["post_id"], s["link_checked"]) for s in rec["self_reported"]] == [(3, gen.LINE_POST, True)]
    assert [(p["row"], p["code"], p["reason_th"]) for p in rec["problems"]] == [
        (4, "dead", "ลิงก์เปิดไม่ได้ (HTTP 404)"), (5, "dead", "ลิงก์เปิดไม่ได้ (HTTP 404)")]


def test_evaluation_makes_no_http_request(store, make_registry, no_http, tmp_path):
    """With every HTTP request refused, a month whose reported links no scan checked is still
    evaluated: those links are "not checked", nothing is asked."""
    registry = make_registry(WARIN, settings=gen.links.SETTINGS)
    report_sheet(store, [gen.FB_SHARE, gen.LINE_URL, "https://district.cdd.go.th/warinchamrap/news-1/"])
    rec = audit(store, registry, tmp_path)["reconciliation"]
    assert [(p["row"], p["code"]) for p in rec["problems"]] == [(2, "not_found"), (4, "not_found")]
    assert [(s["row"], s["link_checked"]) for s in rec["self_reported"]] == [(3, False)]


def test_stored_resolver_follows_a_short_link_only_to_an_address_that_needs_no_resolving():
    share, target = normalize_url(gen.FB_SHARE), normalize_url(gen.FB_TARGET)
    checks = {gen.FB_SHARE: LinkCheck(gen.FB_SHARE, True, 200, gen.FB_TARGET),
              "https://vm.tiktok.com/ZSkHm4r7P/": LinkCheck(gen.TIKTOK_SHORT, False, None, gen.TIKTOK_SHORT)}
    resolve_link = stored_resolver(checks.get)
    assert resolve_link(share) == target
    assert resolve_link(normalize_url(gen.TIKTOK_SHORT)) == normalize_url(gen.TIKTOK_SHORT)  # ended where it began
    assert resolve_link(normalize_url(gen.TIKTOK_T)) == normalize_url(gen.TIKTOK_T)  # never checked
    assert stored_resolver(None) is None


def test_only_platforms_whose_links_can_be_read_are_fetched(make_registry):
    registry = make_registry(WARIN, settings={"youtube": {"api_key_env": "YT"}})
    assert readable_platforms(registry, {}) == {"tiktok"}
    assert readable_platforms(registry, {"YT": "key"}) == {"tiktok", "youtube"}


def test_a_reported_link_that_could_not_be_read_makes_its_rules_unknown_until_a_later_run_reads_it(store, make_registry):
    registry = make_registry(WARIN, settings=gen.links.SETTINGS)
    failed = ChannelStatus("warin-chamrap", "tiktok", "reported", "error", "oEmbed unavailable (HTTP 503), try later")
    store.save_channel(store.start_run(FEB), failed, [])
    assert stored_statuses(store, registry, FEB) == [failed]
    store.save_channel(store.start_run(FEB), ChannelStatus("warin-chamrap", "tiktok", "reported", "ok"), [])
    assert stored_statuses(store, registry, FEB) == []  # nothing to say: not listed among the channels



def test_first_check_asks_about_each_link_once():
    asked = []

    def online(url):
        asked.append(url)
        return LinkCheck(url, True, 200, url)

    verify = first_check(lambda url: None, online)
    assert verify("https://a").ok and verify("https://a").ok and verify("https://b").ok
    assert asked == ["https://a", "https://b"]
