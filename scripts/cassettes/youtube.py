"""Generate cassettes/youtube/*.yaml: channel feeds (www.youtube.com) and the Data API (www.googleapis.com).

Run from the repo root: `python -m scripts.cassettes.youtube`. Deterministic; the audited month is
February 2025 (Bangkok). Feed XML follows platform-formats.md §2.1 (feed-level yt:channelId without
the UC prefix, entry-level with it; newest first; at most 15 entries), API bodies §2.2.
The API key is stripped from recorded URLs (vcrpy filters `key`), as in a real recording.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

from auditor.collect.youtube import API_PAGE_SIZE, DEFAULTS, api_url, feed_url
from auditor.registry import Channel
from scripts.cassettes.common import interaction, write_cassette

OUT = Path("cassettes/youtube")
SETTINGS = {"youtube": dict(DEFAULTS)}
KEY = "TEST-KEY"  # never recorded: strip_secrets drops it, as vcrpy's filter does on replay
ATOM = "text/xml; charset=UTF-8"
UTC = timezone.utc
TITLES = ("ส่งเสริมอาชีพกลุ่มสตรี", "ตลาดนัดชุมชน", "ประชุมคณะกรรมการหมู่บ้าน", "อบรมการตลาดออนไลน์")

# "UC" + 22 characters, like real channel ids.
CHANNELS = {
    "partial": "UCwarinChamrapCdd0000001",
    "covers": "UCdetUdomCdd000000000002",
    "api": "UCkhueangNaiCdd000000003",
    "quota": "UCbuntharikCdd0000000004",
    "key_invalid": "UCphibunCdd0000000000005",
    "no_uploads": "UCsirindhornCdd000000006",
    "gone": "UCnaYiaCdd00000000000007",
}


def channel(name: str) -> Channel:
    return Channel("youtube", CHANNELS[name])


def video_id(n: int) -> str:
    return f"Vid{n:08d}ab"  # 11 characters, like real ids


def entry(channel_id: str, n: int, published: datetime, *, shorts: bool = False, bare: bool = False) -> str:
    vid, title = video_id(n), f"{TITLES[n % 4]} #คลิกชุมชน"
    href = f"https://www.youtube.com/shorts/{vid}" if shorts else f"https://www.youtube.com/watch?v={vid}"
    description = f"กิจกรรมวันที่ {published.day} #คลิกชุมชน #พัฒนาชุมชน\nรายละเอียด & ภาพกิจกรรม"
    # Some real entries lack yt:channelId, media:title and media:description.
    channel_el = "" if bare else f"<yt:channelId>{channel_id}</yt:channelId>"
    media = (
        f"<media:group><media:content url=\"https://www.youtube.com/v/{vid}?version=3\" type=\"application/x-shockwave-flash\" width=\"640\" height=\"390\"/>"
        f"<media:thumbnail url=\"https://i2.ytimg.com/vi/{vid}/hqdefault.jpg\" width=\"480\" height=\"360\"/></media:group>"
        if bare else
        f"<media:group><media:title>{escape(title)}</media:title>"
        f"<media:content url=\"https://www.youtube.com/v/{vid}?version=3\" type=\"application/x-shockwave-flash\" width=\"640\" height=\"390\"/>"
        f"<media:thumbnail url=\"https://i2.ytimg.com/vi/{vid}/hqdefault.jpg\" width=\"480\" height=\"360\"/>"
        f"<media:description>{escape(description)}</media:description>"
        "<media:community><media:starRating count=\"3\" average=\"5.00\" min=\"1\" max=\"5\"/>"
        "<media:statistics views=\"120\"/></media:community></media:group>"
    )
    return (
        f"<entry><id>yt:video:{vid}</id><yt:videoId>{vid}</yt:videoId>{channel_el}"
        f"<title>{escape(title)}</title><link rel=\"alternate\" href=\"{href}\"/>"
        f"<author><name>พัฒนาชุมชนอำเภอ</name><uri>https://www.youtube.com/channel/{channel_id}</uri></author>"
        f"<published>{published.isoformat()}</published>"
        f"<updated>{(published + timedelta(hours=5)).isoformat()}</updated>{media}</entry>"
    )


def feed(channel_id: str, entries: list[str]) -> str:
    short = channel_id[2:]  # feed-level ids drop the UC prefix
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns="http://www.w3.org/2005/Atom">'
        f'<link rel="self" href="http://www.youtube.com/feeds/videos.xml?channel_id={channel_id}"/>'
        f"<id>yt:channel:{short}</id><yt:channelId>{short}</yt:channelId><title>พัฒนาชุมชนอำเภอ</title>"
        f'<link rel="alternate" href="https://www.youtube.com/channel/{channel_id}"/>'
        f"<author><name>พัฒนาชุมชนอำเภอ</name><uri>https://www.youtube.com/channel/{channel_id}</uri></author>"
        "<published>2019-03-01T02:11:09+00:00</published>" + "".join(entries) + "</feed>"
    )


def late_feed(name: str, first: int) -> dict:
    """15 videos from 28 Feb back to 14 Feb: the feed does not reach 1 Feb."""
    cid = CHANNELS[name]
    times = [datetime(2025, 2, 28, 10, 0, tzinfo=UTC) - timedelta(days=i) for i in range(15)]
    return interaction(feed_url(SETTINGS, channel(name)), body=feed(cid, [entry(cid, first + i, t) for i, t in enumerate(times)]),
                       content_type=ATOM)


def feed_partial() -> list[dict]:
    return [late_feed("partial", 100)]


def feed_covers() -> list[dict]:
    """15 entries from 3 Mar back to 20 Jan, with entries on both sides of 1 Feb 00:00 Bangkok."""
    cid = CHANNELS["covers"]
    times = [
        datetime(2025, 3, 3, 2, 0, tzinfo=UTC),
        datetime(2025, 2, 28, 17, 30, tzinfo=UTC),  # 00:30 on 1 Mar Bangkok: out
        datetime(2025, 2, 28, 16, 59, 59, tzinfo=UTC),  # 23:59:59 on 28 Feb Bangkok: in
    ] + [datetime(2025, 2, 25, 3, 0, tzinfo=UTC) - timedelta(days=2 * i) for i in range(10)] + [
        datetime(2025, 1, 31, 17, 30, tzinfo=UTC),  # 00:30 on 1 Feb Bangkok: in
        datetime(2025, 1, 31, 16, 59, 59, tzinfo=UTC),  # 23:59:59 on 31 Jan Bangkok: out
    ]
    entries = [entry(cid, 200 + i, t, shorts=(i == 3), bare=(i == 4)) for i, t in enumerate(times)]
    return [interaction(feed_url(SETTINGS, channel("covers")), body=feed(cid, entries), content_type=ATOM)]


def channels_body(channel_id: str) -> dict:
    return {
        "kind": "youtube#channelListResponse", "etag": "c1h2a3n4",
        "pageInfo": {"totalResults": 1, "resultsPerPage": 5},
        "items": [{"kind": "youtube#channel", "etag": "e5t6a7g8", "id": channel_id,
                   "contentDetails": {"relatedPlaylists": {"likes": "", "uploads": "UU" + channel_id[2:]}}}],
    }


def playlist_item(channel_id: str, n: int, published: datetime | None) -> dict:
    vid = video_id(n)
    title = "Private video" if published is None else f"{TITLES[n % 4]} #คลิกชุมชน"
    snippet = {
        "publishedAt": (published or datetime(2025, 2, 20, tzinfo=UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "channelId": channel_id,
        "title": title,
        "description": "" if published is None else "กิจกรรม #คลิกชุมชน #พัฒนาชุมชน",
        "channelTitle": "พัฒนาชุมชนอำเภอเขื่องใน",
        "playlistId": "UU" + channel_id[2:],
        "position": n,
        "resourceId": {"kind": "youtube#video", "videoId": vid},
    }
    details = {"videoId": vid}
    if published is not None:
        snippet |= {"videoOwnerChannelTitle": "พัฒนาชุมชนอำเภอเขื่องใน", "videoOwnerChannelId": channel_id}
        details["videoPublishedAt"] = published.strftime("%Y-%m-%dT%H:%M:%SZ")
    return {"kind": "youtube#playlistItem", "etag": f"pi{n}", "id": f"UExpdGVt{n:06d}", "snippet": snippet, "contentDetails": details}


def playlist_url(name: str, token: str | None = None) -> str:
    return api_url(SETTINGS, "playlistItems", part="snippet,contentDetails", playlistId="UU" + CHANNELS[name][2:],
                   maxResults=API_PAGE_SIZE, pageToken=token, key=KEY)


def api_paging() -> list[dict]:
    """Feed does not reach 1 Feb; the Data API pages until a video is older than February."""
    cid = CHANNELS["api"]
    start = datetime(2025, 3, 6, 3, 0, tzinfo=UTC)
    page1 = [playlist_item(cid, 300 + i, start - timedelta(hours=12 * i)) for i in range(API_PAGE_SIZE - 1)]
    page1.insert(10, playlist_item(cid, 399, None))  # a private video: no videoPublishedAt
    page2 = [playlist_item(cid, 349 + i, start - timedelta(hours=12 * (49 + i))) for i in range(API_PAGE_SIZE)]
    body = {"kind": "youtube#playlistItemListResponse", "etag": "q1w2e3r4",
            "pageInfo": {"totalResults": 214, "resultsPerPage": API_PAGE_SIZE}}
    return [
        late_feed("api", 280),
        interaction(api_url(SETTINGS, "channels", part="contentDetails", id=cid, key=KEY), body=channels_body(cid)),
        interaction(playlist_url("api"), body=body | {"nextPageToken": "EAAaBlBUOkNESQ", "items": page1}),
        interaction(playlist_url("api", "EAAaBlBUOkNESQ"),
                    body=body | {"nextPageToken": "EAAaBlBUOkNHUQ", "prevPageToken": "EAEaBlBUOkNESQ", "items": page2}),
    ]


QUOTA = {"error": {"code": 403, "message": "The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.",
                   "errors": [{"message": "The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.",
                               "domain": "youtube.quota", "reason": "quotaExceeded"}]}}
KEY_INVALID = {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
                         "errors": [{"message": "API key not valid. Please pass a valid API key.", "domain": "global", "reason": "badRequest"}],
                         "status": "INVALID_ARGUMENT",
                         "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "API_KEY_INVALID",
                                      "domain": "googleapis.com", "metadata": {"service": "youtube.googleapis.com"}}]}}
PLAYLIST_NOT_FOUND = {"error": {"code": 404, "message": "The playlist identified with the request's <code>playlistId</code> parameter cannot be found.",
                                "errors": [{"message": "The playlist identified with the request's <code>playlistId</code> parameter cannot be found.",
                                            "domain": "youtube.playlistItem", "reason": "playlistNotFound", "location": "playlistId",
                                            "locationType": "parameter"}]}}
ERROR_PAGE = ("<!DOCTYPE html><html lang=en><meta charset=utf-8><title>Error 404 (Not Found)!!1</title>"
              "<p><b>404.</b> <ins>That’s an error.</ins><p>The requested URL <code>/feeds/videos.xml</code> was not found on this server. "
              "<ins>That’s all we know.</ins></html>")


def api_quota() -> list[dict]:
    cid = CHANNELS["quota"]
    return [late_feed("quota", 400),
            interaction(api_url(SETTINGS, "channels", part="contentDetails", id=cid, key=KEY), status=403, body=QUOTA)]


def api_key_invalid() -> list[dict]:
    cid = CHANNELS["key_invalid"]
    return [late_feed("key_invalid", 500),
            interaction(api_url(SETTINGS, "channels", part="contentDetails", id=cid, key=KEY), status=400, body=KEY_INVALID)]


def feed_404_api_no_uploads() -> list[dict]:
    """The feed is down (404 page); the API says the channel has no uploads playlist."""
    cid = CHANNELS["no_uploads"]
    return [
        interaction(feed_url(SETTINGS, channel("no_uploads")), status=404, body=ERROR_PAGE, content_type="text/html; charset=UTF-8"),
        interaction(api_url(SETTINGS, "channels", part="contentDetails", id=cid, key=KEY), body=channels_body(cid)),
        interaction(playlist_url("no_uploads"), status=404, body=PLAYLIST_NOT_FOUND),
    ]


def feed_404() -> list[dict]:
    return [interaction(feed_url(SETTINGS, channel("gone")), status=404, body=ERROR_PAGE, content_type="text/html; charset=UTF-8")]


SCENARIOS = {
    "feed_partial": feed_partial,
    "feed_covers": feed_covers,
    "api_paging": api_paging,
    "api_quota": api_quota,
    "api_key_invalid": api_key_invalid,
    "feed_404_api_no_uploads": feed_404_api_no_uploads,
    "feed_404": feed_404,
}


def main() -> None:
    for name, build in SCENARIOS.items():
        print(write_cassette(OUT / f"{name}.yaml", build()))


if __name__ == "__main__":
    main()
