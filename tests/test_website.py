"""Website collector: WordPress REST paging, RSS and HTML fallbacks, Thai dates, errors."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from auditor.collectors.base import COLLECTORS, Context
from auditor.collect import collect as scan
from auditor.collectors.website import parse_thai_date, rest_url, rss_url, wp_post_id
from auditor.errors import CollectorError
from auditor.http import make_session
from auditor.period import BANGKOK, Month
from auditor.registry import Channel, Office, Registry
from scripts.cassettes.website import KHUEANG_NAI_SELECTORS, MULTISITE_SLUGS

ROOT = Path(__file__).resolve().parents[1]

FIXTURES = Path(__file__).parent / "fixtures"
FEB = Month(2025, 2)
HOST = "https://district.cdd.go.th"
OFFICE = Office("warin-chamrap", "วารินชำราบ", "Warin Chamrap", "district", ("#พัฒนาชุมชนวารินชำราบ",))
collector = COLLECTORS["website"]

VCR = None


@pytest.fixture(autouse=True)
def _cassettes(replay_vcr):
    """The shared replay config (conftest's replay_vcr) on cassettes/website/."""
    global VCR
    VCR = replay_vcr(ROOT / "cassettes" / "website")


def ctx() -> Context:
    # retries=0: a recorded 5xx must come back once, not be retried against the cassette.
    return Context(session=make_session(retries=0), settings={}, env={})


def collect(cassette: str, channel: Channel, context: Context | None = None) -> list:
    context = context or ctx()
    with VCR.use_cassette(f"{cassette}.yaml") as cass:
        raws = list(collector.fetch(channel, FEB, context))
        assert cass.all_played, "every recorded request should be made"
    return [collector.to_post(raw, channel, OFFICE) for raw in raws]


def test_rest_url_is_naive_bangkok_with_margin():
    url = rest_url(Channel("website", f"{HOST}/warin"), FEB, 2)
    assert url.startswith(f"{HOST}/warin/wp-json/wp/v2/posts?")
    assert "after=2025-01-31T00:00:00&before=2025-03-02T00:00:00" in url
    assert "per_page=100&page=2&orderby=date&order=asc&_fields=id,date,date_gmt,link,title,content" in url


def test_rss_url_pages():
    ch = Channel("website", f"{HOST}/warin/")
    assert rss_url(ch, 1) == f"{HOST}/warin/feed/"
    assert rss_url(ch, 3) == f"{HOST}/warin/feed/?paged=3"


def test_rest_pages_and_month_window():
    posts = collect("wordpress_paging", Channel("website", f"{HOST}/warin/"))
    assert len(posts) == 101  # 103 returned; 23:30 on 31 Jan and 00:30 on 1 Mar are outside
    ids = {p.post_id for p in posts}
    warin = "wp:district.cdd.go.th/warin:"
    assert f"{warin}50001" in ids and f"{warin}50201" in ids
    assert f"{warin}50000" not in ids and f"{warin}50202" not in ids
    first = next(p for p in posts if p.post_id == f"{warin}50001")
    assert first.published_at == datetime(2025, 2, 1, 0, 30, tzinfo=BANGKOK)
    assert first.published_at.isoformat() == "2025-02-01T00:30:00+07:00"
    assert first.text.startswith("ส่งเสริมอาชีพกลุ่มสตรี – บ้านหนองแวง\n")
    assert "#คลิกชุมชน #พัฒนาชุมชน" in first.text  # <strong>#คลิก</strong>ชุมชน joined, entities decoded
    assert first.account.id == f"{HOST}/warin/"
    assert first.district == "warin-chamrap"
    assert first.collector == "website/wordpress"
    assert first.links == (f"{HOST}/warin/",)


def test_rest_invalid_page_number_ends_paging():
    posts = collect("wordpress_invalid_page", Channel("website", f"{HOST}/sirindhorn/", {"kind": "wordpress"}))
    assert len(posts) == 100


def test_rest_no_route_falls_back_to_rss_pages():
    context = ctx()
    posts = collect("rss_only", Channel("website", f"{HOST}/det-udom/"), context)
    ids = [p.post_id.removeprefix("wp:district.cdd.go.th/det-udom:") for p in posts]
    assert len(ids) == 12  # page 2 reaches January, so no page 3 is asked for
    assert "60999" in ids and "60998" not in ids and "61011" not in ids
    summary_only = posts[ids.index("61002")]
    assert summary_only.text.startswith("ตลาดนัดชุมชน\nตลาดนัดชุมชน")  # description used when content:encoded is absent
    assert all(p.collector == "website/rss" for p in posts)
    assert "#คลิกชุมชน & #พัฒนาชุมชน" in posts[0].text
    assert any("rest_no_route" in w for w in context.warnings)


def test_rest_answering_html_falls_back_to_rss_and_feed_404_ends():
    context = ctx()
    posts = collect("rest_blocked", Channel("website", f"{HOST}/trakan/"), context)
    assert len(posts) == 5
    assert context.warnings == ["read through the RSS feed (REST API: answered text/html; charset=UTF-8, not JSON)"]
    # A guid that is not WordPress's ?p=<id> form: the permalink is the id.
    custom = next(p for p in posts if not p.post_id.startswith("wp:"))
    assert custom.post_id == custom.url and custom.url.startswith(f"{HOST}/trakan/2025/02/03/")


def test_html_listing_with_buddhist_era_dates():
    ch = Channel("website", f"{HOST}/khueang-nai/",
                 {"kind": "html", "listing_url": f"{HOST}/khueang-nai/category/news/page/{{page}}/", "selectors": KHUEANG_NAI_SELECTORS})
    posts = collect("html_listing", ch)
    assert [p.url.rsplit("/", 2)[-2] for p in posts] == ["103", "102", "101"]
    assert posts[0].published_at == datetime(2025, 2, 28, tzinfo=BANGKOK)
    assert posts[2].published_at == datetime(2025, 2, 5, 9, 30, tzinfo=BANGKOK)
    assert posts[0].text == "สรุปงานเดือนกุมภาพันธ์\n#คลิกชุมชน & #พัฒนาชุมชน"
    assert posts[0].post_id == f"{HOST}/khueang-nai/news/103/"


def test_auto_falls_back_to_html_when_rest_and_rss_fail():
    context = ctx()
    ch = Channel("website", f"{HOST}/buntharik/", {"listing_url": f"{HOST}/buntharik/", "selectors": KHUEANG_NAI_SELECTORS})
    posts = collect("auto_to_html", ch, context)
    assert [p.post_id for p in posts] == [f"{HOST}/buntharik/news/12/"]
    assert "(REST API: answered HTTP 401 rest_forbidden; RSS feed: answered HTTP 404)" in context.warnings[0]


def test_rest_5xx_is_unavailable_error():
    with pytest.raises(CollectorError) as info:
        with VCR.use_cassette("errors.yaml", allow_playback_repeats=True):
            list(collector.fetch(Channel("website", f"{HOST}/na-yia/", {"kind": "wordpress"}), FEB, ctx()))
    assert info.value.kind == "unavailable"
    assert info.value.platform == "website" and info.value.account == f"{HOST}/na-yia/"
    assert str(info.value) == f"website {HOST}/na-yia/: REST API: answered HTTP 503"


def test_every_source_failing_names_each():
    with pytest.raises(CollectorError) as info:
        with VCR.use_cassette("errors.yaml", allow_playback_repeats=True):
            list(collector.fetch(Channel("website", f"{HOST}/phibun/"), FEB, ctx()))
    assert info.value.kind == "not_found"
    assert "REST API: answered HTTP 401 rest_forbidden" in str(info.value)
    assert "RSS feed: answered HTTP 404" in str(info.value)


def test_html_kind_without_selectors_is_config_error():
    with pytest.raises(CollectorError) as info:
        list(collector.fetch(Channel("website", f"{HOST}/x/", {"kind": "html"}), FEB, ctx()))
    assert info.value.kind == "config"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("14 กุมภาพันธ์ 2568", datetime(2025, 2, 14, tzinfo=BANGKOK)),
        ("14 ก.พ. 68", datetime(2025, 2, 14, tzinfo=BANGKOK)),
        ("วันที่ ๑๔ ก.พ. ๒๕๖๘ เวลา ๑๐.๓๐ น.", datetime(2025, 2, 14, 10, 30, tzinfo=BANGKOK)),
        ("5 มี.ค. 2568 08:05", datetime(2025, 3, 5, 8, 5, tzinfo=BANGKOK)),
        ("1 ม.ค. 68", datetime(2025, 1, 1, tzinfo=BANGKOK)),
        ("3 มีนาคม พ.ศ. 2568", datetime(2025, 3, 3, tzinfo=BANGKOK)),
        ("2025-01-31T17:30:00Z", datetime(2025, 2, 1, 0, 30, tzinfo=BANGKOK)),
        ("2025-02-14", datetime(2025, 2, 14, tzinfo=BANGKOK)),
        ("30 ก.พ. 2568", None),
        ("ไม่มีวันที่", None),
    ],
)
def test_parse_thai_date(text, expected):
    assert parse_thai_date(text) == expected


@pytest.mark.parametrize("name", ["wp_rest_post.json", "wp_rss_item.json", "wp_html_item.json"])
def test_to_post_from_stored_payloads(name):
    stored = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    channel = Channel("website", stored["channel"])
    post = collector.to_post(stored["raw"], channel, OFFICE)
    assert post.to_dict() == stored["post"]


def test_wp_post_id_is_scoped_to_the_site():
    assert wp_post_id(Channel("website", f"{HOST}/Warin"), 51) == "wp:district.cdd.go.th/warin:51"
    assert wp_post_id(Channel("website", "https://www.district.cdd.go.th/warin/"), "51") == "wp:district.cdd.go.th/warin:51"
    assert wp_post_id(Channel("website", f"{HOST}/khemarat/"), 51) != wp_post_id(Channel("website", f"{HOST}/warin/"), 51)


def test_two_multisite_districts_with_the_same_post_id_are_two_posts(store):
    """District sites of one Multisite number their posts separately: post 51 of each is its own post."""
    offices = [Office(slug, slug, slug, "district", (f"#{slug}",), (Channel("website", f"{HOST}/{slug}/"),))
               for slug in MULTISITE_SLUGS]
    with VCR.use_cassette("multisite.yaml") as cass:
        result = scan(Registry("t.toml", {}, {}, offices), FEB, store, session=make_session(retries=0), env={}, workers=1)
        assert cass.all_played
    assert [s.status for s in result.statuses] == ["ok", "ok"]
    stored = store.posts_for_month(FEB)
    assert store.count_posts() == 2
    assert {(p.district, p.post_id) for p in stored} == {
        (slug, f"wp:district.cdd.go.th/{slug}:51") for slug in MULTISITE_SLUGS}
    assert all(slug in p.text for p in stored for slug in [p.district])


def test_to_post_ignores_unknown_source():
    assert collector.to_post({"_source": "other"}, Channel("website", f"{HOST}/x/"), OFFICE) is None
