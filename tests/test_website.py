"""Website collector: WordPress REST paging, RSS and HTML fallbacks, article pages, Thai dates, errors."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
import requests

from auditor.collect.base import Context
from auditor.collect.platforms import COLLECTORS
from auditor.audit import audit_month
from auditor.collect.scan import collect as scan
from auditor.collect.website import (_telling_kind, body_selectors, looks_like_excerpt, parse_thai_date, read_article, rest_url, rss_url,
                                       wp_post_id)
from auditor.errors import CollectorError
from auditor.present import words
from auditor.collect.http import make_session
from auditor.period import BANGKOK, Month
from auditor.registry import Channel, Office
from auditor.rules.ruleset import load_ruleset
from tests.helpers import cassettes
from scripts.cassettes.website import KHUEANG_NAI_SELECTORS, LISTING_SELECTORS, MISSING_SELECTORS, MULTISITE_SLUGS

ROOT = Path(__file__).resolve().parents[1]

FIXTURES = Path(__file__).parent / "fixtures"
FEB = Month(2025, 2)
HOST = "https://district.cdd.go.th"
OFFICE = Office("warin-chamrap", "วารินชำราบ", "Warin Chamrap", "district", ("#พัฒนาชุมชนวารินชำราบ",))
collector = COLLECTORS["website"]

VCR = cassettes(ROOT / "cassettes" / "website")


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
    # No content:encoded for this item: its article page was read instead of the "[…]" description.
    assert summary_only.text == "ตลาดนัดชุมชน\nตลาดนัดชุมชน ณ ลานวัด\n#คลิกชุมชน #พัฒนาชุมชน"
    assert all(p.collector == "website/rss" for p in posts)
    assert "#คลิกชุมชน & #พัฒนาชุมชน" in posts[0].text
    assert any("rest_no_route" in w for w in context.warnings)
    assert not context.partial


def test_rest_answering_html_falls_back_to_rss_and_feed_404_ends():
    context = ctx()
    posts = collect("rest_blocked", Channel("website", f"{HOST}/trakan/"), context)
    assert len(posts) == 5
    assert context.warnings == ["read through the RSS feed (REST API: answered an HTML page (text/html; charset=UTF-8), "
                                "not JSON: a login, consent or firewall page)"]
    # A guid that is not WordPress's ?p=<id> form: the permalink is the id.
    custom = next(p for p in posts if not p.post_id.startswith("wp:"))
    assert custom.post_id == custom.url and custom.url.startswith(f"{HOST}/trakan/2025/02/03/")


def test_html_listing_with_buddhist_era_dates():
    ch = Channel("website", f"{HOST}/khueang-nai/",
                 {"kind": "html", "listing_url": f"{HOST}/khueang-nai/category/news/page/{{page}}/", "selectors": KHUEANG_NAI_SELECTORS})
    context = ctx()
    posts = collect("html_listing", ch, context)  # all_played: the February items' article pages, no others
    assert [p.url.rsplit("/", 2)[-2] for p in posts] == ["103", "102", "101"]
    assert posts[0].published_at == datetime(2025, 2, 28, tzinfo=BANGKOK)
    assert posts[2].published_at == datetime(2025, 2, 5, 9, 30, tzinfo=BANGKOK)
    assert posts[0].post_id == f"{HOST}/khueang-nai/news/103/"
    assert not context.partial and not context.warnings


def test_html_listing_reads_the_hashtags_at_the_end_of_each_article():
    """The listing's excerpts end in "[…]"; the text is the title and the article body (div.entry-content)."""
    ch = Channel("website", f"{HOST}/khueang-nai/",
                 {"kind": "html", "listing_url": f"{HOST}/khueang-nai/category/news/page/{{page}}/", "selectors": KHUEANG_NAI_SELECTORS})
    posts = collect("html_listing", ch)
    assert posts[0].text == "สรุปงานเดือนกุมภาพันธ์\nสรุปผลการดำเนินงานเดือนกุมภาพันธ์\n#คลิกชุมชน & #พัฒนาชุมชน"
    assert posts[2].text == "อบรมอาชีพ\nอบรมอาชีพให้กลุ่มสตรี Click ชุมชน\n#คลิกชุมชน"
    assert posts[2].links == ("https://click.cdd.go.th/",)
    # An article without hashtags stays without: the sidebar's tag cloud and the page's scripts are not its text.
    assert posts[1].text == "ตลาดนัดชุมชน\nตลาดนัดชุมชนประจำเดือน ณ ที่ว่าการอำเภอ"


def test_auto_falls_back_to_html_when_rest_and_rss_fail():
    context = ctx()
    ch = Channel("website", f"{HOST}/buntharik/", {"listing_url": f"{HOST}/buntharik/", "selectors": LISTING_SELECTORS})
    posts = collect("auto_to_html", ch, context)
    assert [p.post_id for p in posts] == [f"{HOST}/buntharik/news/12/"]
    assert posts[0].text == "ส่งเสริมอาชีพ\nส่งเสริมอาชีพ #คลิกชุมชน"  # no selectors.body: .entry-content by default
    assert "(REST API: answered HTTP 401 rest_forbidden; RSS feed: answered HTTP 404)" in context.warnings[0]
    assert not context.partial


def test_rss_summary_feed_reads_each_article_of_the_month():
    """A feed in "Summary" mode has no content:encoded: each February item's article page is read."""
    context = ctx()
    posts = collect("rss_summary", Channel("website", f"{HOST}/muang-sam-sip/"), context)
    assert [p.post_id.rsplit(":", 1)[1] for p in posts] == ["62003", "62002", "62001"]
    assert all(p.text.endswith("\n#คลิกชุมชน #พัฒนาชุมชน") for p in posts), [p.text for p in posts]
    assert "#" not in posts[1].text.split("\n")[0]  # a theme without .entry-content: read through <article>
    assert not context.partial


ARTICLE_MISSING = Channel("website", f"{HOST}/na-tan/",
                          {"kind": "html", "listing_url": f"{HOST}/na-tan/news/", "selectors": MISSING_SELECTORS})


def test_an_article_that_cannot_be_read_keeps_the_excerpt_and_makes_the_channel_partial():
    context = ctx()
    posts = collect("article_missing", ARTICLE_MISSING, context)
    texts = {p.url.rsplit("/", 2)[-2]: p.text for p in posts}
    assert texts == {
        "4": "ส่งเสริมการตลาด\nส่งเสริมการตลาด […]",  # neither configured selector: the excerpt is kept
        "3": "ตลาดนัดชุมชน\nตลาดนัดชุมชน #คลิกชุมชน […]",  # 404: the excerpt is kept
        "2": "อบรมอาชีพ\nอบรมอาชีพ #คลิกชุมชน",  # read through the first configured selector
        "1": "ประชุมหมู่บ้าน\nประชุมหมู่บ้าน #คลิกชุมชน",  # read through the second
    }
    assert context.partial
    assert {p.url.rsplit("/", 2)[-2]: p.text_partial for p in posts} == {"4": True, "3": True, "2": False, "1": False}
    unread = "article not read, kept its excerpt (hashtags may be missing): "
    assert context.warnings == [
        f"{unread}{HOST}/na-tan/news/4/: no body matched div.td-post-content | div.entry-content",
        f"{unread}{HOST}/na-tan/news/3/: HTTP 404",
    ]


def test_a_partial_website_makes_dependent_rules_unknown_not_failed(store, make_registry):
    """Na Tan's unread articles may hold the hashtags: the rules on its posts are unknown, not failed.

    (activity-count depends on Facebook only, which this office lacks: it may still fail.)"""
    office = Office("na-tan", "นาตาล", "Na Tan", "district", ("#พัฒนาชุมชนนาตาล",), (ARTICLE_MISSING,))
    registry = make_registry(office, settings={})
    with VCR.use_cassette("article_missing.yaml") as cass:
        result = scan(registry, FEB, store, session=make_session(retries=0), env={}, workers=1)
        assert cass.all_played
    assert [(s.status, "news/3/" in s.message) for s in result.statuses] == [("partial", True)]
    cards = audit_month(store.posts_for_month(FEB), registry, load_ruleset(), FEB, statuses=store.latest_statuses(FEB)).scorecards
    rules = {r["rule"]: r["verdict"] for r in cards["districts"][0]["rules"]}
    assert rules["promotion-posts"] == rules["promotion-channels"] == "unknown"
    # the post cards say why a hashtag may look missing
    unread = [p for p in cards["districts"][0]["posts"] if p["url"].endswith("/news/3/")]
    assert unread and any("อ่านได้เฉพาะบทคัดย่อ" in n for n in unread[0]["notes"])


class _FakeSession:
    """Answers every GET with one prepared response, or raises the given error."""

    def __init__(self, answer):
        self.answer = answer

    def get(self, url, **kwargs):
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def _html_response(body: bytes, content_type: str) -> requests.Response:
    resp = requests.Response()
    resp.status_code, resp._content = 200, body
    resp.headers["Content-Type"] = content_type
    resp.encoding = requests.utils.get_encoding_from_headers(resp.headers)
    return resp


def test_an_article_without_a_charset_header_is_decoded_by_its_meta_tag():
    page = '<html><head><meta charset="UTF-8"></head><body><div class="entry-content">งาน #คลิกชุมชน</div></body></html>'
    context = Context(session=_FakeSession(_html_response(page.encode(), "text/html")), settings={}, env={})
    assert read_article(context, Channel("website", f"{HOST}/x/"), f"{HOST}/x/news/1/") == "งาน #คลิกชุมชน"


def test_an_unreachable_article_makes_the_channel_partial():
    context = Context(session=_FakeSession(requests.ConnectionError("down")), settings={}, env={})
    assert read_article(context, Channel("website", f"{HOST}/x/"), f"{HOST}/x/news/1/") is None
    assert context.partial and context.warnings[0].endswith(f"{HOST}/x/news/1/: cannot reach it: ConnectionError")


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
    # REST refused, and the site has no feed: reported as refused, not as "check the address"
    assert (info.value.kind, info.value.params) == ("auth", {"problem": "site_refused"})
    assert "REST API: answered HTTP 401 rest_forbidden" in str(info.value)
    assert "RSS feed: answered HTTP 404" in str(info.value)


@pytest.mark.parametrize("kinds, reported", [
    (["malformed", "not_found"], "malformed"),  # REST answered garbage, there is no feed
    (["not_found", "timeout"], "timeout"),
    (["not_found", "not_found", "not_found"], "not_found"),  # no way in at all: the address may be wrong
    (["unavailable", "malformed"], "unavailable"),  # the first way in that failed for a reason
])
def test_a_site_failing_every_way_is_reported_by_the_telling_failure(kinds, reported):
    assert _telling_kind(kinds) == reported


def test_html_kind_without_selectors_is_config_error():
    with pytest.raises(CollectorError) as info:
        list(collector.fetch(Channel("website", f"{HOST}/x/", {"kind": "html"}), FEB, ctx()))
    assert info.value.kind == "config"
    assert "listing_url และ selectors" in words.channel_cause(info.value.kind, info.value.params)


def test_an_unknown_kind_is_a_config_error_that_says_which_values_are_allowed():
    with pytest.raises(CollectorError) as info:
        list(collector.fetch(Channel("website", f"{HOST}/x/", {"kind": "blog"}), FEB, ctx()))
    assert info.value.kind == "config"
    assert words.channel_cause(info.value.kind, info.value.params) == \
        "ค่า kind ของเว็บไซต์ใน auditor.toml ต้องเป็น auto, wordpress, rss, html ไม่ใช่ “blog”"


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


@pytest.mark.parametrize(
    "markup, excerpt",
    [
        ("ตลาดนัดชุมชน [&#8230;]", True),
        ("<p>ตลาดนัดชุมชน [&hellip;]</p>", True),
        ("ตลาดนัดชุมชน ...", True),
        ('<p>ตลาดนัดชุมชน <a class="more-link" href="/x/">Continue reading <span>ตลาดนัด</span></a></p>', True),
        ("ตลาดนัดชุมชน Read More »", True),
        ("ตลาดนัดชุมชน อ่านต่อ", True),
        ("", True),
        ("<p>ตลาดนัดชุมชน</p><p>#คลิกชุมชน #พัฒนาชุมชน</p>", False),
    ],
)
def test_looks_like_excerpt(markup, excerpt):
    assert looks_like_excerpt(markup) is excerpt


def test_body_selectors_default_and_configured():
    assert body_selectors(Channel("website", f"{HOST}/x/")) == (".entry-content", "article", "main")
    assert body_selectors(Channel("website", f"{HOST}/x/", {"selectors": {"body": "div.post"}})) == ("div.post",)
    assert body_selectors(Channel("website", f"{HOST}/x/", {"selectors": {"body": ["a", "b"]}})) == ("a", "b")


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


def test_two_multisite_districts_with_the_same_post_id_are_two_posts(store, make_registry):
    """District sites of one Multisite number their posts separately: post 51 of each is its own post."""
    offices = [Office(slug, slug, slug, "district", (f"#{slug}",), (Channel("website", f"{HOST}/{slug}/"),))
               for slug in MULTISITE_SLUGS]
    with VCR.use_cassette("multisite.yaml") as cass:
        result = scan(make_registry(*offices, settings={}), FEB, store, session=make_session(retries=0), env={}, workers=1)
        assert cass.all_played
    assert [s.status for s in result.statuses] == ["ok", "ok"]
    stored = store.posts_for_month(FEB)
    assert store.count_posts() == 2
    assert {(p.district, p.post_id) for p in stored} == {
        (slug, f"wp:district.cdd.go.th/{slug}:51") for slug in MULTISITE_SLUGS}
    assert all(slug in p.text for p in stored for slug in [p.district])


def test_to_post_ignores_unknown_source():
    assert collector.to_post({"_source": "other"}, Channel("website", f"{HOST}/x/"), OFFICE) is None
