"""Generate cassettes/website/*.yaml: district WordPress sites read through REST, RSS and HTML.

Run from the repo root: `python -m scripts.cassettes.website`. Deterministic: every date is fixed
around the audited month February 2025 (Bangkok), with posts on both sides of its edges:
00:30 Bangkok on 1 Feb 2025 is 2025-01-31T17:30:00Z (in), 23:30 Bangkok on 31 Jan is
2025-01-31T16:30:00Z (out), 00:30 Bangkok on 1 Mar is 2025-02-28T17:30:00Z (out).
Bodies follow the shapes in platform-formats.md §3 (WP REST posts, WP core RSS2 template).
Listing pages and "Summary" feeds carry excerpts ending in "[…]"; the hashtags close the article
pages, which a theme wraps in <div class="entry-content"> beside a sidebar tag cloud.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

from auditor.collect.website import PER_PAGE, listing_url, rest_url, rss_url
from auditor.period import Month
from auditor.registry import Channel
from scripts.cassettes.common import interaction, write_cassette

OUT = Path("cassettes/website")
MONTH = Month(2025, 2)
HOST = "https://district.cdd.go.th"
BKK = timedelta(hours=7)
HTML = "text/html; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"

NO_ROUTE = {"code": "rest_no_route", "message": "No route was found matching the URL and request method.", "data": {"status": 404}}
FORBIDDEN = {"code": "rest_forbidden", "message": "Only authenticated users can access the REST API.", "data": {"status": 401}}
INVALID_PAGE = {"code": "rest_post_invalid_page_number",
                "message": "The page number requested is larger than the number of pages available.", "data": {"status": 400}}
NOT_FOUND_PAGE = "<!DOCTYPE html><html lang=\"th\"><head><title>ไม่พบหน้าที่ต้องการ</title></head><body><h1>404</h1></body></html>"
BLOCKED_PAGE = ("<!DOCTYPE html><html><head><title>Access denied</title></head>"
                "<body><h1>Access denied</h1><p>REST API is restricted by the site's security plugin.</p></body></html>")
UNAVAILABLE_PAGE = "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body>Service Unavailable</body></html>"


def channel(slug: str, **options) -> Channel:
    return Channel("website", f"{HOST}/{slug}/", options)


def slug_of(title: str) -> str:
    # WordPress stores Thai slugs percent-encoded UTF-8 (lower-case hex).
    return quote(title.split(" ")[0], safe="").lower()


def wp_post(site: str, post_id: int, gmt: datetime, title: str, content: str) -> dict:
    local = gmt + BKK
    return {
        "id": post_id,
        "date": local.isoformat(),
        "date_gmt": gmt.isoformat(),
        "link": f"{site}{local:%Y/%m/%d}/{slug_of(title)}/",
        "title": {"rendered": title},
        "content": {"rendered": content, "protected": False},
    }


def generated_posts(site: str, first_id: int, start: datetime, count: int, step: timedelta) -> list[dict]:
    titles = ("ประชุมคณะกรรมการหมู่บ้าน", "ส่งเสริมอาชีพกลุ่มสตรี", "ตลาดนัดชุมชน", "อบรมการตลาดออนไลน์")
    return [
        wp_post(site, first_id + i, start + i * step, f"{titles[i % 4]} ครั้งที่ {i + 1}",
                f"<p>กิจกรรม{titles[i % 4]} #คลิกชุมชน #พัฒนาชุมชน</p>\n")
        for i in range(count)
    ]


def rest_page(ch: Channel, page: int, posts: list, *, total: int | None, pages: int | None) -> dict:
    headers = {}
    if total is not None:
        headers = {"X-WP-Total": total, "X-WP-TotalPages": pages,
                   "Access-Control-Expose-Headers": "X-WP-Total, X-WP-TotalPages"}
        if page < pages:
            headers["Link"] = f'<{rest_url(ch, MONTH, page + 1)}>; rel="next"'
    return interaction(rest_url(ch, MONTH, page), body=posts, headers=headers)


def rss_link(site: str, gmt: datetime, title: str) -> str:
    return f"{site}{gmt + BKK:%Y/%m/%d}/{slug_of(title)}/"


def rss_item(site: str, post_id: int, gmt: datetime, title: str, content: str | None, *, guid: str | None = None,
             description: str | None = None) -> str:
    """One WP core RSS2 item; content None is "Summary" mode (no content:encoded)."""
    encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content is not None else ""
    return (
        "<item>"
        f"<title>{title}</title>"
        f"<link>{rss_link(site, gmt, title)}</link>"
        "<dc:creator><![CDATA[admin]]></dc:creator>"
        f"<pubDate>{gmt:%a, %d %b %Y %H:%M:%S} +0000</pubDate>"
        "<category><![CDATA[ข่าวประชาสัมพันธ์]]></category><category><![CDATA[คลิกชุมชน]]></category>"
        f"<guid isPermaLink=\"false\">{guid or f'{site}?p={post_id}'}</guid>"
        f"<description><![CDATA[{description or title} [&#8230;]]]></description>"
        f"{encoded}<slash:comments>0</slash:comments>"
        "</item>"
    )


def rss_feed(site: str, items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">'
        "<channel><title>สำนักงานพัฒนาชุมชนอำเภอ</title>"
        f'<atom:link href="{site}feed/" rel="self" type="application/rss+xml"/>'
        f"<link>{site.rstrip('/')}</link><lastBuildDate>Sat, 01 Mar 2025 02:00:02 +0000</lastBuildDate>"
        "<language>th</language>" + "".join(items) + "</channel></rss>"
    )


def wordpress_paging() -> list[dict]:
    """Warin: 103 posts over two REST pages; 101 of them fall in February Bangkok time."""
    ch = channel("warin")
    site = ch.account
    edge_in = wp_post(site, 50001, datetime(2025, 1, 31, 17, 30), "ส่งเสริมอาชีพกลุ่มสตรี &#8211; บ้านหนองแวง",
                      "<p>วันที่ 1 กุมภาพันธ์ 2568 &#8230; <strong>#คลิก</strong>ชุมชน #พัฒนาชุมชน&nbsp;"
                      '<a href="https://district.cdd.go.th/warin/">สพอ.วารินชำราบ</a></p>\n')
    edge_out = wp_post(site, 50000, datetime(2025, 1, 31, 16, 30), "ปิดงานเดือนมกราคม", "<p>#คลิกชุมชน</p>\n")
    body = generated_posts(site, 50002, datetime(2025, 2, 1, 2, 0), PER_PAGE - 2, timedelta(hours=6))
    page2 = [
        wp_post(site, 50200, datetime(2025, 2, 27, 3, 0), "ตลาดนัดชุมชน ปลายเดือน", "<p>#คลิกชุมชน</p>\n"),
        wp_post(site, 50201, datetime(2025, 2, 28, 16, 59), "สรุปงานเดือนกุมภาพันธ์", "<p>#คลิกชุมชน</p>\n"),
        wp_post(site, 50202, datetime(2025, 2, 28, 17, 30), "เปิดงานเดือนมีนาคม", "<p>#คลิกชุมชน</p>\n"),
    ]
    return [
        rest_page(ch, 1, [edge_out, edge_in] + body, total=PER_PAGE + 3, pages=2),
        rest_page(ch, 2, page2, total=PER_PAGE + 3, pages=2),
    ]


def wordpress_invalid_page() -> list[dict]:
    """Sirindhorn: a cache strips X-WP-* headers; page 2 answers rest_post_invalid_page_number."""
    ch = channel("sirindhorn")
    posts = generated_posts(ch.account, 70000, datetime(2025, 2, 1, 1, 0), PER_PAGE, timedelta(hours=6))
    return [
        rest_page(ch, 1, posts, total=None, pages=None),
        interaction(rest_url(ch, MONTH, 2), status=400, body=INVALID_PAGE),
    ]


SUMMARY_ONLY_GMT = datetime(2025, 2, 10, 3, 0)


def rss_only() -> list[dict]:
    """Det Udom: REST says rest_no_route; the feed has two pages, the second reaches January.
    One item has no content:encoded: its article page is read."""
    ch = channel("det-udom")
    site = ch.account
    page1 = [
        rss_item(site, 61012, datetime(2025, 3, 1, 2, 0), "ประชุมประจำเดือนมีนาคม", "<p>#คลิกชุมชน</p>"),
        rss_item(site, 61011, datetime(2025, 2, 28, 17, 30), "เปิดงานเดือนมีนาคม", "<p>#คลิกชุมชน</p>"),
    ] + [
        rss_item(site, 61010 - i, datetime(2025, 2, 27, 3, 0) - timedelta(days=2 * i), f"ข่าวกิจกรรมที่ {8 - i}",
                 f"<p>กิจกรรม <strong>#คลิก</strong>ชุมชน &amp; #พัฒนาชุมชน ครั้งที่ {8 - i}</p>")
        for i in range(8)
    ]
    page2 = [
        rss_item(site, 61002, SUMMARY_ONLY_GMT, "ตลาดนัดชุมชน", None),  # "Summary" mode: no content:encoded
        rss_item(site, 61001, datetime(2025, 2, 5, 3, 0), "อบรมการตลาดออนไลน์", "<p>#คลิกชุมชน</p>"),
        rss_item(site, 61000, datetime(2025, 2, 2, 3, 0), "ส่งเสริมอาชีพ", "<p>#คลิกชุมชน</p>"),
        rss_item(site, 60999, datetime(2025, 1, 31, 17, 30), "เปิดงานเดือนกุมภาพันธ์", "<p>#คลิกชุมชน</p>"),
        rss_item(site, 60998, datetime(2025, 1, 31, 16, 30), "ปิดงานเดือนมกราคม", "<p>#คลิกชุมชน</p>"),
    ]
    return [
        interaction(rest_url(ch, MONTH, 1), status=404, body=NO_ROUTE),
        interaction(rss_url(ch, 1), body=rss_feed(site, page1), content_type=RSS),
        interaction(rss_url(ch, 2), body=rss_feed(site, page2), content_type=RSS),
        article(rss_link(site, SUMMARY_ONLY_GMT, "ตลาดนัดชุมชน"), "ตลาดนัดชุมชน", "10 ก.พ. 2568",
                "<p>ตลาดนัดชุมชน ณ ลานวัด</p><p>#คลิกชุมชน #พัฒนาชุมชน</p>"),
    ]


def rest_blocked() -> list[dict]:
    """Trakan Phuet Phon: a security plugin answers REST with HTML 200; the feed's page 2 is a 404."""
    ch = channel("trakan")
    site = ch.account
    items = [
        rss_item(site, 80005 - i, datetime(2025, 2, 20, 4, 0) - timedelta(days=3 * i), f"ข่าวพัฒนาชุมชน {5 - i}",
                 f"<p>#คลิกชุมชน ข่าวที่ {5 - i}</p>")
        for i in range(4)
    ] + [rss_item(site, 0, datetime(2025, 2, 3, 4, 0), "ข่าวพัฒนาชุมชน 1", "<p>#คลิกชุมชน ข่าวที่ 1</p>",
                  guid=f"{site}news/trakan-0001")]
    return [
        interaction(rest_url(ch, MONTH, 1), body=BLOCKED_PAGE, content_type=HTML),
        interaction(rss_url(ch, 1), body=rss_feed(site, items), content_type=RSS),
        interaction(rss_url(ch, 2), status=404, body=NOT_FOUND_PAGE, content_type=HTML),
    ]


LISTING_SELECTORS = {"item": "article.post", "link": "h2.entry-title a", "title": "h2.entry-title",
                     "date": "span.posted-on", "excerpt": "div.entry-summary"}
KHUEANG_NAI_SELECTORS = {**LISTING_SELECTORS, "body": "div.entry-content"}
# A sidebar widget every page of the theme shows: reading the whole page would credit it to each article.
SIDEBAR = ('<aside id="secondary" class="widget-area"><section class="widget widget_tag_cloud"><h2>ป้ายกำกับ</h2>'
           '<a href="/tag/click/">#คลิกชุมชน</a> <a href="/tag/cdd/">#พัฒนาชุมชน</a></section></aside>')


def listing_page(items: list[tuple[str, str, str, str]]) -> str:
    articles = "".join(
        f'<article class="post"><h2 class="entry-title"><a href="{href}">{title}</a></h2>'
        f'<div class="entry-meta"><span class="posted-on">{date}</span></div>'
        f'<div class="entry-summary"><p>{body}</p></div></article>'
        for href, title, date, body in items
    )
    return f'<!DOCTYPE html><html lang="th"><body><main id="main">{articles}</main>{SIDEBAR}</body></html>'


def article_page(title: str, date: str, body: str, *, wrapper: str = "entry-content") -> str:
    """A theme's single-article page: title, date, the body in <div class="{wrapper}">, a sidebar."""
    return (
        f'<!DOCTYPE html><html lang="th"><head><meta charset="UTF-8"><title>{title}</title>'
        "<script>var cdd_theme = {\"tags\": \"#คลิกชุมชน\"};</script></head><body>"
        f'<main id="main"><article class="post"><header><h1 class="entry-title">{title}</h1>'
        f'<span class="posted-on">{date}</span></header><div class="{wrapper}">{body}</div></article></main>'
        f"{SIDEBAR}</body></html>"
    )


def as_sent(url: str) -> str:
    """The URL as the client sends it: urllib3 upper-cases WordPress's lower-case %-escapes."""
    return re.sub(r"%[0-9a-f]{2}", lambda m: m.group().upper(), url)


def article(url: str, title: str, date: str, body: str, **kw) -> dict:
    return interaction(as_sent(url), body=article_page(title, date, body, **kw), content_type=HTML)


def excerpt(text: str) -> str:
    return f"{text} [&hellip;]"


def html_listing() -> list[dict]:
    """Khueang Nai: kind = "html"; Buddhist-Era Thai dates; page 2 reaches January.

    The listing shows excerpts; the hashtags are only in the article pages of the three February
    items (news/102's article has none: a true fail, however the sidebar's tag cloud reads).
    """
    ch = channel("khueang-nai", kind="html", listing_url=f"{HOST}/khueang-nai/category/news/page/{{page}}/",
                 selectors=KHUEANG_NAI_SELECTORS)
    page1 = [
        ("/khueang-nai/news/105/", "ประชุมเดือนมีนาคม", "๓ มี.ค. ๖๘", excerpt("ประชุมประจำเดือน")),
        ("/khueang-nai/news/104/", "เปิดงานเดือนมีนาคม", "1 มีนาคม 2568", excerpt("เปิดงาน")),
        ("/khueang-nai/news/103/", "สรุปงานเดือนกุมภาพันธ์", "28 กุมภาพันธ์ 2568", excerpt("สรุปผลการดำเนินงาน")),
        ("/khueang-nai/news/102/", "ตลาดนัดชุมชน", "14 ก.พ. 68", excerpt("ตลาดนัดชุมชนประจำเดือน")),
    ]
    page2 = [
        ("/khueang-nai/news/101/", "อบรมอาชีพ", "๕ ก.พ. ๒๕๖๘ เวลา ๐๙.๓๐ น.", excerpt("อบรมอาชีพ")),
        ("/khueang-nai/news/100/", "ปิดงานเดือนมกราคม", "31 มกราคม 2568", excerpt("ปิดงาน")),
    ]
    return [
        interaction(listing_url(ch, 1), body=listing_page(page1), content_type=HTML),
        interaction(listing_url(ch, 2), body=listing_page(page2), content_type=HTML),
        article(f"{HOST}/khueang-nai/news/103/", "สรุปงานเดือนกุมภาพันธ์", "28 กุมภาพันธ์ 2568",
                "<p>สรุปผลการดำเนินงานเดือนกุมภาพันธ์</p><p><strong>#คลิก</strong>ชุมชน &amp; #พัฒนาชุมชน</p>"),
        article(f"{HOST}/khueang-nai/news/102/", "ตลาดนัดชุมชน", "14 ก.พ. 68", "<p>ตลาดนัดชุมชนประจำเดือน ณ ที่ว่าการอำเภอ</p>"),
        article(f"{HOST}/khueang-nai/news/101/", "อบรมอาชีพ", "๕ ก.พ. ๒๕๖๘",
                '<p>อบรมอาชีพให้กลุ่มสตรี <a href="https://click.cdd.go.th/">Click ชุมชน</a></p><p>#คลิกชุมชน</p>'),
    ]


def auto_to_html() -> list[dict]:
    """Buntharik: REST forbidden (401), no feed (404), a configured listing page (default body selectors)."""
    ch = channel("buntharik", listing_url=f"{HOST}/buntharik/", selectors=LISTING_SELECTORS)
    items = [
        ("/buntharik/news/12/", "ส่งเสริมอาชีพ", "20 ก.พ. 2568", excerpt("ส่งเสริมอาชีพ")),
        ("/buntharik/news/11/", "ประชุมหมู่บ้าน", "31 ม.ค. 2568", excerpt("ประชุมหมู่บ้าน")),
    ]
    return [
        interaction(rest_url(ch, MONTH, 1), status=401, body=FORBIDDEN),
        interaction(rss_url(ch, 1), status=404, body=NOT_FOUND_PAGE, content_type=HTML),
        interaction(listing_url(ch, 1), body=listing_page(items), content_type=HTML),
        article(f"{HOST}/buntharik/news/12/", "ส่งเสริมอาชีพ", "20 ก.พ. 2568", "<p>ส่งเสริมอาชีพ #คลิกชุมชน</p>"),
    ]


MISSING_SELECTORS = {**LISTING_SELECTORS, "body": ["div.td-post-content", "div.entry-content"]}


def article_missing() -> list[dict]:
    """Na Tan: articles read with two configured body selectors (tried in order, no defaults):
    one page answers 404, one theme has neither selector, two are read (one through each)."""
    ch = channel("na-tan", kind="html", listing_url=f"{HOST}/na-tan/news/", selectors=MISSING_SELECTORS)
    items = [
        ("/na-tan/news/4/", "ส่งเสริมการตลาด", "25 ก.พ. 2568", excerpt("ส่งเสริมการตลาด")),
        ("/na-tan/news/3/", "ตลาดนัดชุมชน", "20 ก.พ. 2568", excerpt("ตลาดนัดชุมชน #คลิกชุมชน")),
        ("/na-tan/news/2/", "อบรมอาชีพ", "12 ก.พ. 2568", excerpt("อบรมอาชีพ")),
        ("/na-tan/news/1/", "ประชุมหมู่บ้าน", "3 ก.พ. 2568", excerpt("ประชุมหมู่บ้าน")),
        ("/na-tan/news/0/", "ปิดงานเดือนมกราคม", "30 ม.ค. 2568", excerpt("ปิดงาน")),
    ]
    return [
        interaction(listing_url(ch, 1), body=listing_page(items), content_type=HTML),
        article(f"{HOST}/na-tan/news/4/", "ส่งเสริมการตลาด", "25 ก.พ. 2568", "<p>ส่งเสริมการตลาด #คลิกชุมชน</p>", wrapper="post-body"),
        interaction(f"{HOST}/na-tan/news/3/", status=404, body=NOT_FOUND_PAGE, content_type=HTML),
        article(f"{HOST}/na-tan/news/2/", "อบรมอาชีพ", "12 ก.พ. 2568", "<p>อบรมอาชีพ #คลิกชุมชน</p>", wrapper="td-post-content"),
        article(f"{HOST}/na-tan/news/1/", "ประชุมหมู่บ้าน", "3 ก.พ. 2568", "<p>ประชุมหมู่บ้าน #คลิกชุมชน</p>"),
    ]


def rss_summary() -> list[dict]:
    """Muang Sam Sip: REST off, the feed is in "Summary" mode; the articles carry the hashtags.

    One theme has no .entry-content: the default selectors fall back to <article>.
    """
    ch = channel("muang-sam-sip")
    site = ch.account
    posts = [
        (62003, datetime(2025, 2, 24, 3, 0), "ตลาดนัดชุมชน", "entry-content"),
        (62002, datetime(2025, 2, 14, 3, 0), "อบรมการตลาดออนไลน์", "post-text"),
        (62001, datetime(2025, 2, 3, 3, 0), "ส่งเสริมอาชีพ", "entry-content"),
        (62000, datetime(2025, 1, 30, 3, 0), "ปิดงานเดือนมกราคม", "entry-content"),
    ]
    items = [rss_item(site, pid, gmt, title, None, description=f"กิจกรรม{title}") for pid, gmt, title, _ in posts]
    return [
        interaction(rest_url(ch, MONTH, 1), status=404, body=NO_ROUTE),
        interaction(rss_url(ch, 1), body=rss_feed(site, items), content_type=RSS),
    ] + [
        article(rss_link(site, gmt, title), title, f"{gmt:%d/%m/%Y}", f"<p>กิจกรรม{title} ประจำเดือน</p><p>#คลิกชุมชน #พัฒนาชุมชน</p>",
                wrapper=wrapper)
        for _, gmt, title, wrapper in posts if gmt >= datetime(2025, 1, 31, 17, 0)
    ]


def errors() -> list[dict]:
    """Na Yia: REST 503 (kind = "wordpress"); Phibun: REST 401 and no feed, no listing."""
    na_yia, phibun = channel("na-yia", kind="wordpress"), channel("phibun")
    return [
        interaction(rest_url(na_yia, MONTH, 1), status=503, body=UNAVAILABLE_PAGE, content_type=HTML),
        interaction(rest_url(phibun, MONTH, 1), status=401, body=FORBIDDEN),
        interaction(rss_url(phibun, 1), status=404, body=NOT_FOUND_PAGE, content_type=HTML),
    ]


MULTISITE_SLUGS = ("warinchamrap", "khemarat")


def multisite() -> list[dict]:
    """Two district sites of one WordPress Multisite: each numbers its posts, both have a post 51."""
    out = []
    for slug in MULTISITE_SLUGS:
        ch = channel(slug)
        post = wp_post(ch.account, 51, datetime(2025, 2, 10, 3, 0), f"ข่าวสำนักงาน {slug}",
                       f"<p>ชวนดาวน์โหลดแอป Click ชุมชน ({slug}) #คลิกชุมชน</p>\n")
        out.append(rest_page(ch, 1, [post], total=1, pages=1))
    return out


SCENARIOS = {
    "wordpress_paging": wordpress_paging,
    "wordpress_invalid_page": wordpress_invalid_page,
    "rss_only": rss_only,
    "rest_blocked": rest_blocked,
    "html_listing": html_listing,
    "auto_to_html": auto_to_html,
    "article_missing": article_missing,
    "rss_summary": rss_summary,
    "errors": errors,
    "multisite": multisite,
}


def main() -> None:
    for name, build in SCENARIOS.items():
        print(write_cassette(OUT / f"{name}.yaml", build()))


if __name__ == "__main__":
    main()
