"""Generate cassettes/links/*.yaml: TikTok oEmbed (www.tiktok.com, vm.tiktok.com) and Instagram
Graph media (graph.facebook.com), plain link checks, and an office's listed links on every platform.

Run from the repo root: `python -m scripts.cassettes.links`. Deterministic; the audited month is
February 2025 (Bangkok). TikTok ids are built so that id >> 32 is the wanted unix time.
Bodies follow platform-formats.md §4.1 (oEmbed) and §5 (IG media); tokens are never recorded.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from auditor.collect.links import INSTAGRAM_DEFAULTS, TIKTOK_DEFAULTS, media_url, oembed_url
from auditor.collect.youtube import DEFAULTS as YOUTUBE_DEFAULTS
from auditor.collect.youtube import api_url
from auditor.period import Month
from scripts.cassettes.common import interaction, write_cassette

OUT = Path("cassettes/links")
MONTH = Month(2025, 2)
SETTINGS = {"tiktok": dict(TIKTOK_DEFAULTS), "instagram": dict(INSTAGRAM_DEFAULTS), "youtube": dict(YOUTUBE_DEFAULTS)}
HANDLE = "cdd_warin"
IG_USER = "17841400000000001"
HTML = "text/html; charset=utf-8"


def tiktok_id(when: datetime, low: int) -> str:
    return str((int(when.timestamp()) << 32) | low)


UTC = timezone.utc
VIDEO_OK = tiktok_id(datetime(2025, 2, 14, 3, 25, 41, tzinfo=UTC), 0x2A5F31)
VIDEO_DEAD = tiktok_id(datetime(2025, 2, 20, 5, 0, tzinfo=UTC), 0x11C0DE)
VIDEO_EDGE = tiktok_id(datetime(2025, 1, 31, 17, 30, tzinfo=UTC), 0x0BEEF1)  # 00:30 on 1 Feb Bangkok
VIDEO_JANUARY = tiktok_id(datetime(2025, 1, 15, tzinfo=UTC), 0x000001)  # outside: never requested


def video_url(video_id: str, handle: str = HANDLE) -> str:
    return f"https://www.tiktok.com/@{handle}/video/{video_id}"


SHORT_OK = "https://vm.tiktok.com/ZSjA1b2C3/"
SHORT_DEAD = "https://www.tiktok.com/t/ZTdEaD404/"
TIKTOK_LINKS = [video_url(VIDEO_OK), video_url(VIDEO_DEAD) + "?is_from_webapp=1&sender_device=pc", SHORT_OK,
                video_url(VIDEO_JANUARY), SHORT_DEAD]


def tag_anchor(tag: str) -> str:
    return f'<a title="{tag}" target="_blank" href="https://www.tiktok.com/tag/{quote(tag)}">#{tag}</a>'


def oembed_body(video_id: str, caption_html: str, caption: str) -> dict:
    url = video_url(video_id)
    return {
        "version": "1.0", "type": "video", "title": caption,
        "author_url": f"https://www.tiktok.com/@{HANDLE}", "author_name": "พัฒนาชุมชนอำเภอวารินชำราบ",
        "width": "100%", "height": "100%",
        "html": (f'<blockquote class="tiktok-embed" cite="{url}" data-video-id="{video_id}" style="max-width: 605px;min-width: 325px;" > '
                 f'<section> <a target="_blank" title="@{HANDLE}" href="https://www.tiktok.com/@{HANDLE}?refer=embed">@{HANDLE}</a> '
                 f'<p>{caption_html}</p> <a target="_blank" title="♬ original sound - {HANDLE}" '
                 f'href="https://www.tiktok.com/music/original-sound-{int(video_id) + 1}?refer=embed">♬ original sound - {HANDLE}</a> '
                 '</section> </blockquote> <script async src="https://www.tiktok.com/embed.js"></script>'),
        "thumbnail_width": 720, "thumbnail_height": 1280,
        "thumbnail_url": "https://p16-sign-sg.tiktokcdn.com/obj/tos-alisg-p-0037/abc?x-expires=1739600000&x-signature=sig",
        "provider_url": "https://www.tiktok.com", "provider_name": "TikTok",
        "author_unique_id": HANDLE, "embed_product_id": video_id, "embed_type": "video",
    }


def tiktok() -> list[dict]:
    """A Thai caption, a deleted video (404 JSON), a short link that redirects, a dead short link."""
    ok = oembed_body(VIDEO_OK, f"ลงพื้นที่ส่งเสริมอาชีพ 🎉 {tag_anchor('คลิกชุมชน')} {tag_anchor('พัฒนาชุมชน')}",
                     "ลงพื้นที่ส่งเสริมอาชีพ 🎉 #คลิกชุมชน #พัฒนาชุมชน")
    edge = oembed_body(VIDEO_EDGE, f"เปิดเดือนกุมภาพันธ์ {tag_anchor('คลิกชุมชน')}", "เปิดเดือนกุมภาพันธ์ #คลิกชุมชน")
    return [
        interaction(oembed_url(SETTINGS, video_url(VIDEO_OK)), body=ok),
        interaction(oembed_url(SETTINGS, video_url(VIDEO_DEAD)), status=404,
                    body={"code": 404, "message": "Something went wrong", "data": {}}),
        interaction(SHORT_OK, status=301, body="", content_type=HTML,
                    headers={"Location": video_url(VIDEO_EDGE) + "?_r=1&_t=ZS-8tHbXk2a1Bc"}),
        interaction(oembed_url(SETTINGS, video_url(VIDEO_EDGE)), body=edge),
        interaction(SHORT_DEAD, status=404, body="<html><body>Page not available</body></html>", content_type=HTML),
    ]


def tiktok_rate_limit() -> list[dict]:
    return [interaction(oembed_url(SETTINGS, video_url(VIDEO_OK)), status=429,
                        body={"code": 429, "message": "Too many requests", "data": {}}, headers={"Retry-After": "60"})]


def ig_item(n: int, when: str, caption: str | None) -> dict:
    item = {"id": f"1789000000000{n:04d}", "media_type": "IMAGE", "timestamp": when,
            "permalink": f"https://www.instagram.com/p/CxWarin{n:04d}/"}
    if caption is not None:  # empty fields are left out, not null
        item["caption"] = caption
    return item


def instagram() -> list[dict]:
    """Three pages: items, an empty page that still has paging.next, the last page."""
    first = media_url(SETTINGS, IG_USER, MONTH, "TOKEN")
    base = f"{INSTAGRAM_DEFAULTS['base_url']}/{INSTAGRAM_DEFAULTS['graph_version']}/{IG_USER}/media"
    page2 = f"{base}?fields=id%2Ccaption%2Ctimestamp%2Cpermalink%2Cmedia_type&limit=50&access_token=REDACTED&after=QVFIUmFiYzEyMw"
    page3 = f"{base}?fields=id%2Ccaption%2Ctimestamp%2Cpermalink%2Cmedia_type&limit=50&access_token=REDACTED&after=QVFIUmRlZjQ1Ng"
    return [
        interaction(first, body={
            "data": [ig_item(3, "2025-03-01T01:00:00+0000", "เดือนมีนาคม #คลิกชุมชน"),
                     ig_item(2, "2025-02-14T03:25:41+0000", "ตลาดนัดชุมชน #คลิกชุมชน #พัฒนาชุมชน")],
            "paging": {"cursors": {"before": "QVFIUmJlZm9yZQ", "after": "QVFIUmFiYzEyMw"}, "next": page2}}),
        interaction(page2, body={"data": [], "paging": {"cursors": {"before": "QVFIUmFiYzEyMw", "after": "QVFIUmRlZjQ1Ng"}, "next": page3}}),
        interaction(page3, body={
            "data": [ig_item(1, "2025-01-31T17:30:00+0000", None),
                     ig_item(0, "2025-01-31T16:30:00+0000", "ปิดเดือนมกราคม #คลิกชุมชน")],
            "paging": {"cursors": {"before": "QVFIUmRlZjQ1Ng", "after": "QVFIUmVuZA"}}}),
    ]


def instagram_token_expired() -> list[dict]:
    return [interaction(media_url(SETTINGS, IG_USER, MONTH, "TOKEN"), status=400, body={"error": {
        "message": "Error validating access token: Session has expired on Friday, 14-Feb-25 03:00:00 PST. "
                   "The current time is Friday, 14-Feb-25 05:12:09 PST.",
        "type": "OAuthException", "code": 190, "error_subcode": 463, "fbtrace_id": "AbCdEfGhIjK"}})]


IG_LINK_OK = "https://www.instagram.com/p/CxWarin0002/"
IG_LINK_GONE = "https://www.instagram.com/p/CxGone00000/"


def instagram_links() -> list[dict]:
    """No token: listed links are only checked."""
    return [
        interaction(IG_LINK_OK, body="<!DOCTYPE html><html><head><title>Instagram</title></head><body></body></html>", content_type=HTML),
        interaction(IG_LINK_GONE, status=404, body="<!DOCTYPE html><html><body>Sorry, this page isn't available.</body></html>",
                    content_type=HTML),
    ]


def tiktok_removed() -> list[dict]:
    """A later scan: the video read in `tiktok` was deleted since (oEmbed 404)."""
    return [interaction(oembed_url(SETTINGS, video_url(VIDEO_OK)), status=404,
                        body={"code": 404, "message": "Something went wrong", "data": {}})]


# An office's listed links (`links` in auditor.toml), no channel on any of these platforms.
FB_LINK_OK = "https://www.facebook.com/cddwarin/posts/pfbid02WarinDemoPost1"
FB_LINK_GONE = "https://www.facebook.com/cddwarin/posts/pfbid02WarinGonePost"
YT_VIDEO_OK, YT_VIDEO_GONE = "WarinVid001", "WarinGone01"
YT_KEY_ENV = YOUTUBE_DEFAULTS["api_key_env"]
OFFICE_LINKS = [video_url(VIDEO_OK), FB_LINK_OK, FB_LINK_GONE, IG_LINK_OK,
                f"https://youtu.be/{YT_VIDEO_OK}?si=share", f"https://www.youtube.com/watch?v={YT_VIDEO_GONE}"]


def yt_video(video_id: str) -> dict:
    """A videos.list item (snippet.publishedAt is the publish time there)."""
    return {"kind": "youtube#video", "etag": "e1", "id": video_id, "snippet": {
        "publishedAt": "2025-02-12T03:00:00Z", "channelId": "UCwarin0000000000000000", "channelTitle": "สพอ.วารินชำราบ",
        "title": "แนะนำ Click ชุมชน #คลิกชุมชน", "description": "ชวนดาวน์โหลดแอป #คลิกชุมชน #พัฒนาชุมชน"}}


def yt_videos(items: list[dict]) -> dict:
    return {"kind": "youtube#videoListResponse", "etag": "e0", "items": items,
            "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)}}


def office_links() -> list[dict]:
    """TikTok read through oEmbed, YouTube through the Data API (one video deleted), Facebook and
    Instagram only checked to open (one Facebook post removed), plus a watch page for the keyless check."""
    ok = oembed_body(VIDEO_OK, f"ลงพื้นที่ส่งเสริมอาชีพ 🎉 {tag_anchor('คลิกชุมชน')}", "ลงพื้นที่ส่งเสริมอาชีพ 🎉 #คลิกชุมชน")
    page = "<!DOCTYPE html><html><head><title>Facebook</title></head><body></body></html>"
    return [
        interaction(oembed_url(SETTINGS, video_url(VIDEO_OK)), body=ok),
        interaction(FB_LINK_OK, body=page, content_type=HTML),
        interaction(FB_LINK_GONE, status=404, body="<!DOCTYPE html><html><body>This content isn't available</body></html>",
                    content_type=HTML),
        interaction(IG_LINK_OK, body="<!DOCTYPE html><html><head><title>Instagram</title></head><body></body></html>",
                    content_type=HTML),
        interaction(api_url(SETTINGS, "videos", part="snippet", id=YT_VIDEO_OK, key="KEY"), body=yt_videos([yt_video(YT_VIDEO_OK)])),
        interaction(api_url(SETTINGS, "videos", part="snippet", id=YT_VIDEO_GONE, key="KEY"), body=yt_videos([])),
        interaction(f"https://www.youtube.com/watch?v={YT_VIDEO_OK}", body="<!DOCTYPE html><html><title>YouTube</title></html>",
                    content_type=HTML),
    ]


SCENARIOS = {
    "tiktok": tiktok,
    "tiktok_removed": tiktok_removed,
    "office_links": office_links,
    "tiktok_rate_limit": tiktok_rate_limit,
    "instagram": instagram,
    "instagram_token_expired": instagram_token_expired,
    "instagram_links": instagram_links,
}


def main() -> None:
    for name, build in SCENARIOS.items():
        print(write_cassette(OUT / f"{name}.yaml", build()))


if __name__ == "__main__":
    main()
