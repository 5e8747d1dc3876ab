"""Generate the replayable demo under cassettes/demo/ (run: python -m scripts.make_demo).

Writes cassettes/demo/auditor.toml (the 25 Ubon districts and the provincial office of the
bundled default, with demo channel ids) and one constructed cassette per channel for
February 2025 (2568). `auditor scan --month 2025-02 --replay cassettes/demo` replays them.

The month is built so the scorecards show every outcome: districts that pass, districts that
fail for the usual reasons (missing or misspelled hashtags, no page tag, one channel, one event
posted twice, posts just outside the month), one activity cross-posted on Facebook and the
district's website (one activity, counted once), and one incomplete district whose Facebook
token expired. Deterministic: fixed ids and dates, nothing read from the clock.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from auditor.collect.facebook import FIELDS, first_page_url
from auditor.collect.links import oembed_url
from auditor.collect.website import listing_url, rest_url, rss_url
from auditor.collect.youtube import feed_url
from auditor.period import BANGKOK, Month, thai_date
from auditor.registry import Channel, Office, default_config_path, load_registry
from auditor.collect.replay import scrub_text
from scripts.cassettes.common import interaction, write_cassette
from scripts.cassettes.website import KHUEANG_NAI_SELECTORS, NO_ROUTE, article, excerpt, listing_page, rss_feed, rss_item

OUT = Path("cassettes/demo")
MONTH = Month(2025, 2)
CLICK_PAGE_ID = "100064810338135"
FAKE_TOKEN = "EAABdemoPAGEtoken0123456789"  # written only redacted (scrub_text)
SETTINGS = {
    "facebook": {"graph_version": "v24.0", "base_url": "https://graph.facebook.com", "token_env": "AUDITOR_FACEBOOK_TOKEN"},
    "youtube": {"feed_base_url": "https://www.youtube.com", "api_base_url": "https://www.googleapis.com/youtube/v3",
                "api_key_env": "AUDITOR_YOUTUBE_KEY"},
    "tiktok": {"oembed_url": "https://www.tiktok.com/oembed"},
    "instagram": {"base_url": "https://graph.facebook.com", "token_env": "AUDITOR_INSTAGRAM_TOKEN"},
}

# --- Thai text ------------------------------------------------------------------------------

ACTIVITY_TAGS = "#คลิกชุมชน #Clickชุมชน #กรมการพัฒนาชุมชน #กระทรวงมหาดไทย #กิจกรรมขับเคลื่อนClickชุมชน"
PROMOTION_TAGS = "#คลิกชุมชน #Clickชุมชน #กรมการพัฒนาชุมชน #กระทรวงมหาดไทย #บำบัดทุกข์บำรุงสุข #กิจกรรมขับเคลื่อนClickชุมชน"
MISSPELLED = ACTIVITY_TAGS.replace("#คลิกชุมชน", "#คลิกชุมซน")
ZERO_WIDTH = ACTIVITY_TAGS.replace("#กรมการพัฒนาชุมชน", "#กรมการ\u200bพัฒนาชุมชน")
DECOMPOSED_PROMOTION = PROMOTION_TAGS.replace("\u0e33", "\u0e4d\u0e32")  # sara am typed as nikhahit + sara aa
NO_BLESSING = PROMOTION_TAGS.replace(" #บำบัดทุกข์บำรุงสุข", "")
NO_MINISTRY = PROMOTION_TAGS.replace(" #กระทรวงมหาดไทย", "")

ACTIVITIES = (
    "ประชุมประจำเดือนกำนันผู้ใหญ่บ้าน ชี้แจงการดาวน์โหลดและใช้งานแอปพลิเคชัน ณ ห้องประชุมที่ว่าการอำเภอ{name}",
    "อบรมผู้ประกอบการ OTOP อำเภอ{name} เรื่องการเปิดร้านค้าออนไลน์ Shop ชุมชน ถ่ายภาพสินค้าและตั้งราคา",
    "ลงพื้นที่หมู่บ้านเศรษฐกิจพอเพียง อำเภอ{name} แนะนำกลุ่มอาชีพทอผ้าให้ลงทะเบียนสินค้า",
    "จัดกิจกรรมส่งเสริมการตลาดสินค้าชุมชน ลดราคาพิเศษในงานกาชาด อำเภอ{name} สั่งซื้อออนไลน์ได้ทันที",
)
PROMOTIONS = (
    "ชวนพี่น้องชาวอำเภอ{name} ดาวน์โหลดแอป Click ชุมชน ซื้อสินค้าชุมชนคุณภาพดีได้ทุกที่ทุกเวลา",
    "สินค้าเด่นอำเภอ{name} ประจำสัปดาห์ ผ้าไหมมัดหมี่และข้าวหอมมะลิ สั่งได้ที่ Click ชุมชน",
)
PROVINCE_PROMOTION = "สำนักงานพัฒนาชุมชนจังหวัดอุบลราชธานี ชวนทุกครัวเรือนช้อปสินค้าชุมชนออนไลน์ผ่าน Click ชุมชน"
WEB_TITLES = (
    "สพอ.{name} ประชาสัมพันธ์ช่องทางจำหน่ายสินค้า OTOP ผ่าน Click ชุมชน",
    "แนะนำแพลตฟอร์ม Click ชุมชน สำหรับผู้ประกอบการอำเภอ{name}",
)
WEB_ACTIVITY_TITLE = "ข่าวกิจกรรมสำนักงานพัฒนาชุมชนอำเภอ{name}"
VIDEO_TITLES = (
    "วิธีสมัครร้านค้าบน Click ชุมชน | สพอ.{name}",
    "รีวิวสินค้าชุมชนอำเภอ{name} บนแอป Click ชุมชน",
)


# --- what each district posted ------------------------------------------------------------------

@dataclass
class Item:
    """One post/article/video planned for a channel: local time, text template, options."""

    when: datetime
    kind: str  # activity | promotion | photo | story | unrelated
    index: int = 0
    tags: str | None = None
    page_tag: bool = True
    office_tag: str | None = None  # replaces the district's own office hashtag
    office: str | None = None  # for province posts: the district named


def day(d: int, hour: int = 10, month: int = 2) -> datetime:
    return datetime(2025, month, d, hour, 0, tzinfo=BANGKOK)


def A(d, index, **kw) -> Item:
    return Item(d if isinstance(d, datetime) else day(d), "activity", index, **kw)


def P(d, index, **kw) -> Item:
    return Item(d if isinstance(d, datetime) else day(d, 14), "promotion", index, **kw)


FIRST_FEB_0030 = datetime(2025, 2, 1, 0, 30, tzinfo=BANGKOK)
FIRST_MAR_0030 = datetime(2025, 3, 1, 0, 30, tzinfo=BANGKOK)


@dataclass
class Plan:
    fb: list[Item] = field(default_factory=list)
    web: list[Item] | None = None
    yt: list[Item] | None = None
    tiktok: list[Item] | None = None
    fb_mode: str = "ok"  # ok | expired | rate_limit | paged
    expect: str = "pass"
    web_kind: str = "wordpress"  # wordpress | rss (REST has no route) | html (a listing page)


PLANS = {
    # The meeting of 5 Feb is also on the website that afternoon: one activity, counted once.
    "mueang-ubon-ratchathani": Plan([A(5, 0), A(12, 1), P(3, 0)], web=[P(18, 0), A(day(5, 15), 0)]),
    "si-mueang-mai": Plan([P(4, 0, tags=NO_BLESSING), A(10, 0, page_tag=False), A(17, 1, page_tag=False)], expect="fail"),
    "khong-chiam": Plan([A(6, 2), A(19, 0)], yt=[P(14, 0)]),
    "khueang-nai": Plan([A(7, 0, tags=MISSPELLED), A(21, 1, tags=MISSPELLED)], web=[P(11, 0)], expect="fail"),
    "khemarat": Plan([A(4, 1), A(13, 3), P(24, 1, tags=DECOMPOSED_PROMOTION, office_tag="decomposed")], web=[P(9, 1)],
                     web_kind="html"),
    "det-udom": Plan(fb_mode="expired", web=[P(6, 0), P(20, 1)], yt=[P(15, 1)], expect="incomplete", web_kind="rss"),
    "na-chaluai": Plan([A(5, 1), A(18, 2)], web=[P(10, 0)], fb_mode="rate_limit"),
    "nam-yuen": Plan([A(12, 0), A(FIRST_MAR_0030, 2), P(FIRST_MAR_0030, 0)], web=[P(14, 1)], expect="fail"),
    "buntharik": Plan([A(FIRST_FEB_0030, 0), A(16, 1, tags=ZERO_WIDTH)], web=[P(22, 0)]),
    "trakan-phuet-phon": Plan([P(3, 0), P(17, 1)], tiktok=[P(9, 0)], expect="fail"),  # two channels, no activity
    "kut-khaopun": Plan([], expect="fail"),
    "muang-sam-sip": Plan([A(3, 3), A(11, 2)], yt=[P(20, 0)]),
    "warin-chamrap": Plan([A(6, 0), P(13, 0), A(24, 1)], web=[P(8, 1)], yt=[P(27, 1)], fb_mode="paged"),
    "phibun-mangsahan": Plan([A(9, 1), A(22, 0)], web=[P(15, 0)]),
    "tan-sum": Plan([A(8, 0, page_tag=False), A(20, 1, page_tag=False), P(12, 0)], web=[P(25, 1)], expect="fail"),
    "pho-sai": Plan([A(10, 1), A(day(11, 16), 1), P(4, 1)], web=[P(12, 0)], expect="fail"),  # one event posted twice
    "samrong": Plan([A(2, 2), A(26, 3)], web=[P(16, 1)]),
    "don-mot-daeng": Plan([A(7, 1, office_tag="#สำนักงานพัฒนาชุมชนอำเภอสำโรง"), A(21, 2, office_tag="#สำนักงานพัฒนาชุมชนอำเภอสำโรง")],
                          web=[P(13, 0)], expect="fail"),
    "sirindhorn": Plan([A(5, 3), A(19, 1)], yt=[P(12, 1)], tiktok=[P(21, 1), Item(day(24), "deleted")]),
    "thung-si-udom": Plan([A(14, 0)], web=[P(18, 1, tags=NO_MINISTRY)], expect="fail"),
    "na-yia": Plan([A(6, 1)], web=[P(17, 0)]),  # its second activity is on the provincial page
    "na-tan": Plan([Item(day(5), "photo"), Item(day(8), "story"), P(15, 0)], expect="fail"),
    "lao-suea-kok": Plan([A(9, 2, tags="glued"), A(23, 0, tags="glued")], web=[P(11, 1)], expect="fail"),
    "sawang-wirawong": Plan([A(4, 0), A(25, 2)], web=[P(14, 1)], yt=[P(19, 0)]),
    "nam-khun": Plan([Item(day(10), "unrelated"), Item(day(20), "unrelated", 1)], expect="fail"),
}
PROVINCE_FB = [
    A(23, 3, office="na-yia"),
    Item(day(1, 9), "promotion", 1, office="province"),
]
EXPIRED_TOKEN_ENV = "FB_TOKEN_DET_UDOM"


# --- channel ids ---------------------------------------------------------------------------------

def page_id(n: int) -> str:
    return f"1045{n:011d}"


def site_url(office: Office) -> str:
    return f"https://district.cdd.go.th/{office.id.replace('-', '')}/"


def youtube_id(office: Office) -> str:
    return "UC" + hashlib.sha256(office.id.encode()).hexdigest()[:22]


def channels(n: int, office: Office, plan: Plan | None) -> dict[str, dict]:
    out = {"facebook": {"page_id": page_id(n)}}
    if plan and plan.fb_mode == "expired":
        out["facebook"]["token_env"] = EXPIRED_TOKEN_ENV
    if plan and plan.web is not None:
        out["website"] = {"url": site_url(office)}
        if plan.web_kind == "html":
            out["website"].update(kind="html", listing_url=f"{site_url(office)}category/news/page/{{page}}/",
                                  selectors=KHUEANG_NAI_SELECTORS)
    if plan and plan.yt is not None:
        out["youtube"] = {"channel_id": youtube_id(office)}
    if plan and plan.tiktok is not None:
        handle = tiktok_handle(office)
        out["tiktok"] = {"handle": "@" + handle, "links": [tiktok_video_url(handle, item, i) for i, item in enumerate(plan.tiktok)]}
    return out


def tiktok_handle(office: Office) -> str:
    return "cdd_" + office.id.replace("-", "")


def tiktok_video_id(item: Item, seq: int) -> str:
    """A TikTok-style id: the creation time (unix seconds) in the high 32 bits."""
    return str((int(item.when.timestamp()) << 32) | (0x1A2B3C + seq))


def tiktok_video_url(handle: str, item: Item, seq: int) -> str:
    return f"https://www.tiktok.com/@{handle}/video/{tiktok_video_id(item, seq)}"


# --- text -----------------------------------------------------------------------------------------

def district_name(office: Office) -> str:
    return office.name_th


def hashtags(item: Item, office: Office) -> str:
    base = item.tags or (ACTIVITY_TAGS if item.kind == "activity" else PROMOTION_TAGS)
    own = office.office_hashtags[0]
    if item.office_tag == "decomposed":
        own = own.replace("\u0e33", "\u0e4d\u0e32")
    elif item.office_tag:
        own = item.office_tag
    if base == "glued":  # no space before the office tag: one long tag, the office tag is missing
        return ACTIVITY_TAGS + own
    return f"{base} {own}"


def caption(item: Item, office: Office) -> tuple[str, list[dict]]:
    """A Facebook message and its message_tags."""
    name = district_name(office)
    if not office.is_district:
        return f"{PROVINCE_PROMOTION}\n\n{PROMOTION_TAGS} {office.office_hashtags[0]}", []
    if item.kind == "unrelated":
        return ("ประชุมประจำเดือนข้าราชการอำเภอ" + name + " #พัฒนาชุมชน", []) if item.index == 0 else \
               ("ขอแสดงความยินดีกับกองทุนหมู่บ้านดีเด่น อำเภอ" + name, [])
    body = (ACTIVITIES if item.kind == "activity" else PROMOTIONS)[item.index].format(name=name)
    if item.kind != "activity":
        return f"{body}\n\n{hashtags(item, office)}", []
    if not item.page_tag:
        return f"{body} ร่วมกับ @Clickchumchon\n\n{hashtags(item, office)}", []
    head = f"{body} ร่วมกับ "
    tag = {"id": CLICK_PAGE_ID, "name": "คลิกชุมชน", "type": "page", "offset": len(head), "length": 9}
    return f"{head}คลิกชุมชน\n\n{hashtags(item, office)}", [tag]


def utc(when: datetime) -> datetime:
    return when.astimezone(timezone.utc)


# --- Facebook -------------------------------------------------------------------------------------

def graph_body(body: dict) -> str:
    return scrub_text(json.dumps(body, ensure_ascii=True))


def fb_item(pid: str, seq: int, item: Item, office: Office) -> dict:
    created = utc(item.when).strftime("%Y-%m-%dT%H:%M:%S+0000")
    post_id = f"{pid}_122{seq:012d}"
    raw = {"id": post_id, "created_time": created, "updated_time": created,
           "permalink_url": f"https://www.facebook.com/{pid}/posts/122{seq:012d}", "status_type": "added_photos"}
    photo = {"data": [{"type": "album", "title": "ภาพกิจกรรม", "url": f"https://www.facebook.com/photo/?fbid=9{seq:014d}",
                       "target": {"id": f"9{seq:014d}", "url": f"https://www.facebook.com/photo/?fbid=9{seq:014d}"}}]}
    if item.kind == "story":
        return {**raw, "story": f"สำนักงานพัฒนาชุมชนอำเภอ{office.name_th} updated their cover photo.", "attachments": photo}
    if item.kind == "photo":
        return {**raw, "attachments": photo}
    message, tags = caption(item, office)
    raw["message"] = message
    if tags:
        raw["message_tags"] = tags
    if item.kind == "promotion":
        raw["status_type"] = "shared_story"
        raw["attachments"] = {"data": [{"type": "share", "title": "Click ชุมชน",
                                        "url": "https://l.facebook.com/l.php?u=https%3A%2F%2Fclick.cdd.go.th%2F&h=AT1demo",
                                        "target": {"url": "https://click.cdd.go.th/"}}]}
    else:
        raw["attachments"] = photo
    return raw


def fb_interactions(channel: Channel, items: list[dict], mode: str) -> list[dict]:
    first = first_page_url(SETTINGS, channel, MONTH)
    ok = {"data": items, "paging": {"cursors": {"before": "QVFIUmRlbW8", "after": "QVFIUmRlbW9"}}}
    if mode == "expired":
        return [interaction(first, status=400, body=graph_body({"error": {
            "message": "Error validating access token: Session has expired on Friday, 31-Jan-25 03:00:00 PST. "
                       "The current time is Saturday, 01-Mar-25 10:12:09 PST.",
            "type": "OAuthException", "code": 190, "error_subcode": 463, "fbtrace_id": "AdemoExp190"}}))]
    if mode == "rate_limit":
        usage = json.dumps({channel.account: [{"type": "pages", "call_count": 100, "total_cputime": 22, "total_time": 31,
                                               "estimated_time_to_regain_access": 0}]})
        limited = graph_body({"error": {
            "message": "(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, "
                       "please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
            "type": "OAuthException", "code": 80001, "is_transient": True, "fbtrace_id": "AdemoRate801"}})
        return [interaction(first, status=400, body=limited, headers={"X-Business-Use-Case-Usage": usage}),
                interaction(first, body=graph_body(ok))]
    if mode == "paged":
        base = f"https://graph.facebook.com/v24.0/{channel.account}/posts"
        page2 = f"{base}?access_token={FAKE_TOKEN}&fields={FIELDS}&limit=100&after=QVFIUmRlbW9QMg"
        page3 = f"{base}?access_token={FAKE_TOKEN}&fields={FIELDS}&limit=100&after=QVFIUmRlbW9QMw"
        return [interaction(first, body=graph_body({"data": items[:2], "paging": {"next": page2}})),
                interaction(page2, body=graph_body({"data": [], "paging": {"next": page3}})),
                interaction(page3, body=graph_body({"data": items[2:]}))]
    return [interaction(first, body=graph_body(ok))]


# --- website and YouTube --------------------------------------------------------------------------

def wp_post(office: Office, n: int, seq: int, item: Item) -> dict:
    name = district_name(office)
    when = item.when
    wp_id = 1000 + n * 10 + seq
    if item.kind == "activity":  # the Facebook post's event, written up as a news item
        title = WEB_ACTIVITY_TITLE.format(name=name)
        body = f"{ACTIVITIES[item.index].format(name=name)} ร่วมกับ Click ชุมชน"
    else:
        title = WEB_TITLES[item.index].format(name=name)
        body = PROMOTIONS[item.index].format(name=name)
    return {
        "id": wp_id,
        "date": when.strftime("%Y-%m-%dT%H:%M:%S"),
        "date_gmt": utc(when).strftime("%Y-%m-%dT%H:%M:%S"),
        "link": f"{site_url(office)}{when:%Y/%m/%d}/news-{wp_id}/",
        "title": {"rendered": title},
        "content": {"rendered": f"<p>{body}</p>\n<p>{hashtags(item, office)}</p>\n", "protected": False},
    }


def web_interactions(office: Office, n: int, items: list[Item], kind: str = "wordpress") -> list[dict]:
    channel = Channel("website", site_url(office))
    posts = [wp_post(office, n, i, item) for i, item in enumerate(items)]
    if kind == "rss":
        return rss_interactions(office, channel, posts)
    if kind == "html":
        return html_interactions(office, posts)
    return [interaction(rest_url(channel, MONTH, 1), body=json.dumps(posts, ensure_ascii=False),
                        headers={"X-WP-Total": len(posts), "X-WP-TotalPages": 1})]


JANUARY_GMT = datetime(2025, 1, 28, 3, 0)  # an older item: shows paging stops at the month's start


def first_paragraph(post: dict) -> str:
    """The opening of a post's body, without its closing hashtags: what an excerpt shows."""
    return re.sub(r"</?p>", "", post["content"]["rendered"].split("</p>", 1)[0])


def article_interactions(posts: list[dict]) -> list[dict]:
    """Each post's article page: the hashtags close its body, as on the districts' real sites."""
    return [article(p["link"], p["title"]["rendered"], html_listing_date(p["date_gmt"]), p["content"]["rendered"])
            for p in posts]


def rss_interactions(office: Office, channel: Channel, posts: list[dict]) -> list[dict]:
    """An RSS-only site: the REST route is missing, the feed (in WordPress's "Summary" mode: excerpts,
    no content:encoded) carries the month newest first, and each article page has the full text."""
    site = site_url(office)
    # The feed names each post by the same permalink as the site (and the districts' reports) do.
    items = [re.sub(r"<link>[^<]*</link>", f"<link>{p['link']}</link>",
                    rss_item(site, p["id"], datetime.fromisoformat(p["date_gmt"]), p["title"]["rendered"], None,
                             description=first_paragraph(p)))
             for p in reversed(posts)]
    items.append(rss_item(site, 900, JANUARY_GMT, "ข่าวเดือนมกราคม", None, description="ประชุมประจำเดือนมกราคม"))
    return [interaction(rest_url(channel, MONTH, 1), status=404, body=NO_ROUTE),
            interaction(rss_url(channel, 1), body=rss_feed(site, items), content_type="application/rss+xml; charset=UTF-8"),
            *article_interactions(posts)]


def html_listing_date(gmt: str) -> str:
    """'9 ก.พ. 2568': the Buddhist-Era short date a Thai listing page prints."""
    return thai_date(datetime.fromisoformat(gmt).replace(tzinfo=timezone.utc))


def html_interactions(office: Office, posts: list[dict]) -> list[dict]:
    """A plain HTML site: a listing page of excerpts with Thai Buddhist-Era dates, read with CSS
    selectors, and the article pages that carry the hashtags."""
    rows = [(p["link"], p["title"]["rendered"], html_listing_date(p["date_gmt"]), excerpt(first_paragraph(p)))
            for p in reversed(posts)]
    rows.append((f"{site_url(office)}news/900/", "ข่าวเดือนมกราคม", "28 ม.ค. 2568", excerpt("ประชุมประจำเดือนมกราคม")))
    channel = Channel("website", site_url(office), {"listing_url": f"{site_url(office)}category/news/page/{{page}}/"})
    return [interaction(listing_url(channel, 1), body=listing_page(rows), content_type="text/html; charset=UTF-8"),
            *article_interactions(posts)]


def yt_entry(office: Office, channel_id: str, seq: int, item: Item) -> str:
    name = district_name(office)
    video_id = hashlib.sha256(f"{office.id}-{seq}".encode()).hexdigest()[:11]
    title = VIDEO_TITLES[item.index].format(name=name)
    description = f"{PROMOTIONS[item.index].format(name=name)}\n{hashtags(item, office)}"
    stamp = utc(item.when).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return f"""
 <entry>
  <id>yt:video:{video_id}</id>
  <yt:videoId>{video_id}</yt:videoId>
  <yt:channelId>{channel_id}</yt:channelId>
  <title>{escape(title)}</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v={video_id}"/>
  <author><name>สพอ.{escape(name)}</name><uri>https://www.youtube.com/channel/{channel_id}</uri></author>
  <published>{stamp}</published>
  <updated>{stamp}</updated>
  <media:group>
   <media:title>{escape(title)}</media:title>
   <media:content url="https://www.youtube.com/v/{video_id}?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
   <media:description>{escape(description)}</media:description>
  </media:group>
 </entry>"""


def yt_interactions(office: Office, items: list[Item]) -> list[dict]:
    channel_id = youtube_id(office)
    older = Item(day(20, 9, month=1), "promotion", 1)  # January: shows the feed reaches back before the month
    entries = "".join(yt_entry(office, channel_id, i, item) for i, item in enumerate([*items, older]))
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">
 <link rel="self" href="https://www.youtube.com/feeds/videos.xml?channel_id={channel_id}"/>
 <id>yt:channel:{channel_id[2:]}</id>
 <yt:channelId>{channel_id[2:]}</yt:channelId>
 <title>สพอ.{escape(district_name(office))}</title>
 <author><name>สพอ.{escape(district_name(office))}</name><uri>https://www.youtube.com/channel/{channel_id}</uri></author>
 <published>2021-06-01T02:00:00+00:00</published>{entries}
</feed>
"""
    url = feed_url(SETTINGS, Channel("youtube", channel_id))
    return [interaction(url, body=feed, content_type="application/atom+xml; charset=UTF-8")]


def tiktok_interactions(office: Office, items: list[Item]) -> list[dict]:
    handle = tiktok_handle(office)
    out = []
    for seq, item in enumerate(items):
        url = tiktok_video_url(handle, item, seq)
        if item.kind == "deleted":
            out.append(interaction(oembed_url(SETTINGS, url), status=400, body={"code": 400, "message": "Something went wrong",
                                                                              "status_msg": "", "type": "error"}))
            continue
        caption_text = f"{PROMOTIONS[item.index].format(name=district_name(office))} {hashtags(item, office)}"
        anchors = " ".join(f'<a title="{t[1:]}" target="_blank" href="https://www.tiktok.com/tag/{t[1:]}">{t}</a>'
                           for t in hashtags(item, office).split())
        video_id = tiktok_video_id(item, seq)
        out.append(interaction(oembed_url(SETTINGS, url), body={
            "version": "1.0", "type": "video", "title": caption_text,
            "author_url": f"https://www.tiktok.com/@{handle}", "author_name": f"พัฒนาชุมชนอำเภอ{district_name(office)}",
            "html": f'<blockquote class="tiktok-embed" cite="{url}" data-video-id="{video_id}"> <section> <p>'
                    f'{escape(PROMOTIONS[item.index].format(name=district_name(office)))} {anchors}</p> </section> </blockquote>',
            "provider_url": "https://www.tiktok.com", "provider_name": "TikTok", "author_unique_id": handle,
            "embed_product_id": video_id, "embed_type": "video"}))
    return out


# --- config ---------------------------------------------------------------------------------------

# Sample recipients for `auditor notify` (example.go.th addresses, made-up LINE group ids): every
# office gets an e-mail address, every other district and the province staff a LINE group too.
NOTIFY = {
    "staff": {"email": ["ubon-staff@example.go.th"], "line": ["C" + hashlib.md5(b"demo:staff").hexdigest()]},
    "email": {"host": "smtp.example.go.th", "port": 587, "security": "starttls", "user": "auditor@example.go.th",
              "password_env": "AUDITOR_SMTP_PASSWORD", "from": "ระบบตรวจ Click ชุมชน สพจ.อุบลราชธานี <auditor@example.go.th>"},
    "line": {"token_env": "AUDITOR_LINE_TOKEN", "channel_secret_env": "AUDITOR_LINE_CHANNEL_SECRET",
             "api_base_url": "https://api.line.me"},
}


def demo_contacts(n: int, office: Office) -> dict:
    """An office's sample `notify` table: an e-mail address, and a LINE group for every other district."""
    contacts = {"email": [f"{office.id}@example.go.th"]}
    if office.is_district and n % 2:
        contacts["line"] = ["C" + hashlib.md5(f"demo:{office.id}".encode()).hexdigest()]
    return contacts if office.is_district else {}

def toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def toml_table(values: dict) -> str:
    parts = []
    for key, value in values.items():
        rendered = toml_table(value) if isinstance(value, dict) else toml_str(value) if isinstance(value, str) else str(value)
        if isinstance(value, list):
            rendered = "[" + ", ".join(toml_str(v) for v in value) + "]"
        parts.append(f"{key} = {rendered}")
    return "{ " + ", ".join(parts) + " }" if parts else "{}"


def config_text(province: dict, offices: list[tuple[Office, dict]]) -> str:
    lines = [
        "# Demo registry for `auditor scan --month 2025-02 --replay cassettes/demo` (generated by",
        "# scripts/make_demo.py; do not edit by hand). Channel ids are demo values, not real pages.",
        f"# The Click ชุมชน page is tagged with the demo id CLICK_PAGE_ID = \"{CLICK_PAGE_ID}\"",
        "# (the ruleset's click_page_ids). Replay sets fake values for every *_env variable.",
        "",
        "[province]",
        *(f"{k} = {toml_str(v) if isinstance(v, str) else v}" for k, v in province.items()),
        "",
        "# Ubon's edition adds the report deadline and the targets; the replay imports",
        "# reports-2025-02.csv and figures-2025-02.csv from this folder.",
        "[ruleset]",
        'file = "click-chumchon-2568-ubon.yaml"',
        "",
    ]
    for name, section in SETTINGS.items():
        lines += [f"[{name}]", *(f"{k} = {toml_str(v)}" for k, v in section.items()), ""]
    lines += ["# Who `auditor notify` writes to: the province staff get the overview; each office's own",
              "# recipients are its `notify` below. Passwords and tokens only through the *_env variables.",
              "[notify]", f"staff = {toml_table(NOTIFY['staff'])}", ""]
    for name in ("email", "line"):
        lines += [f"[notify.{name}]", *(f"{k} = {toml_str(v) if isinstance(v, str) else v}" for k, v in NOTIFY[name].items()), ""]
    for n, (office, chans) in enumerate(offices):
        lines += [
            "[[offices]]",
            f"id = {toml_str(office.id)}",
            *([f"kind = {toml_str(office.kind)}"] if not office.is_district else []),
            f"name_th = {toml_str(office.name_th)}",
            f"name_en = {toml_str(office.name_en)}",
            f"office_hashtags = [{', '.join(toml_str(t) for t in office.office_hashtags)}]",
            f"channels = {toml_table(chans)}",
            *([f"notify = {toml_table(demo_contacts(n, office))}"] if demo_contacts(n, office) else []),
            "",
        ]
    return "\n".join(lines)


# --- main -----------------------------------------------------------------------------------------

def build() -> dict[Path, list[dict] | str]:
    """Every output file (relative to OUT): cassette interactions or the config text."""
    registry = load_registry(default_config_path())
    missing = {o.id for o in registry.districts} ^ set(PLANS)
    if missing:
        raise SystemExit(f"PLANS and the bundled registry disagree on: {', '.join(sorted(missing))}")
    files: dict[Path, list[dict] | str] = {}
    offices = []
    for n, office in enumerate(registry.offices):
        plan = PLANS.get(office.id)
        chans = channels(n, office, plan)
        offices.append((office, chans))
        fb_channel = Channel("facebook", chans["facebook"]["page_id"])
        planned = plan.fb if plan else PROVINCE_FB
        items = [fb_item(fb_channel.account, n * 100 + i, item, _post_office(registry, office, item))
                 for i, item in enumerate(planned)]
        files[Path("facebook") / f"{office.id}.yaml"] = fb_interactions(fb_channel, items, plan.fb_mode if plan else "ok")
        if plan and plan.web is not None:
            files[Path("website") / f"{office.id}.yaml"] = web_interactions(office, n, plan.web, plan.web_kind)
        if plan and plan.yt is not None:
            files[Path("youtube") / f"{office.id}.yaml"] = yt_interactions(office, plan.yt)
        if plan and plan.tiktok is not None:
            files[Path("tiktok") / f"{office.id}.yaml"] = tiktok_interactions(office, plan.tiktok)
    files[Path("auditor.toml")] = config_text(registry.province, offices)
    return files


def _post_office(registry, office: Office, item: Item) -> Office:
    """Whose hashtag and name a post carries: a province post may be about one district."""
    return registry.get(item.office) if item.office else office


def expected_verdicts() -> dict[str, str]:
    """The verdict each district is built to get."""
    return {district: plan.expect for district, plan in PLANS.items()}


def main() -> None:
    for rel, content in build().items():
        path = OUT / rel
        if isinstance(content, str):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        else:
            write_cassette(path, content)
    print(f"wrote {OUT}/auditor.toml and cassettes for {len(PLANS) + 1} offices")


if __name__ == "__main__":
    main()
