"""YouTube collector: the channel's Atom feed, and the Data API v3 when the feed is not enough.

The feed needs no key but lists only the 15 newest videos. When those do not reach back to
the start of the audited month, the month may be incomplete:

* with an API key (the environment variable named by `[youtube] api_key_env` is set), the
  uploads playlist is read through the Data API instead (channels → playlistItems, 1 unit a page);
* without one, the feed's videos are used and the channel is marked partial, so the engine
  reports rules that depend on the whole month as unknown.

Settings read (`[youtube]` in auditor.toml): feed_base_url, api_base_url, api_key_env.
Channel: `youtube = { channel_id = "UC..." }` (the account is the UC… id).

A video link an office lists (`links`) is read with the Data API (`videos?part=snippet&id=…`,
1 unit) when a key is set: no item means the video was deleted or made private, so it is gone.
Without a key the link is only checked to open (a GET of the watch page).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from urllib.parse import urlencode

import requests

from auditor.collect.base import Context
from auditor.collect.links import check_exists
from auditor.codes import ChannelNote, Problem
from auditor.errors import CollectorError
from auditor.collect import http
from auditor.collect.http import MalformedBody, json_body, looks_like_html
from auditor.models import Account, Post
from auditor.period import BANGKOK, Month, parse_timestamp
from auditor.platforms.youtube import YOUTUBE as _PLATFORM
from auditor.registry import Channel, Office

PLATFORM = "youtube"
FEED_LIMIT = 15
API_PAGE_SIZE = 50
MAX_API_PAGES = 40
DEFAULTS = dict(_PLATFORM.settings)
NS = {"atom": "http://www.w3.org/2005/Atom", "yt": "http://www.youtube.com/xml/schemas/2015",
      "media": "http://search.yahoo.com/mrss/"}
RATE_LIMIT_REASONS = {"quotaExceeded", "rateLimitExceeded", "dailyLimitExceeded", "userRateLimitExceeded"}
AUTH_REASONS = {"keyInvalid", "keyExpired", "API_KEY_INVALID", "API_KEY_SERVICE_BLOCKED", "forbidden",
                "accessNotConfigured", "ipRefererBlocked", "SERVICE_DISABLED"}


def _section(settings: Mapping) -> Mapping:
    """Accept either the whole settings map (ctx.settings) or its [youtube] table."""
    section = settings.get("youtube", settings) if isinstance(settings, Mapping) else {}
    return {**DEFAULTS, **{k: v for k, v in section.items() if v}}


def feed_url(settings: Mapping, channel: Channel) -> str:
    """The channel's Atom feed: {feed_base_url}/feeds/videos.xml?channel_id=UC…"""
    return f"{_section(settings)['feed_base_url'].rstrip('/')}/feeds/videos.xml?channel_id={channel.account}"


def api_url(settings: Mapping, endpoint: str, **params) -> str:
    """A Data API v3 URL, e.g. api_url(s, "playlistItems", part="snippet", playlistId="UU…", key=K).

    Parameters whose value is None are left out (no pageToken on the first page).
    """
    query = urlencode([(k, v) for k, v in params.items() if v is not None], safe=",")
    return f"{_section(settings)['api_base_url'].rstrip('/')}/{endpoint}?{query}"


def _get(ctx: Context, channel: Channel, url: str, headers: dict | None = None) -> requests.Response:
    return http.get(ctx.session, url, platform=PLATFORM, account=channel.account, headers=headers)


# --- feed ---------------------------------------------------------------------------------


def _text(el, path: str) -> str:
    return (el.findtext(path, default="", namespaces=NS) or "").strip()


def _feed_entry(entry, channel: Channel) -> dict:
    video_id = _text(entry, "yt:videoId") or _text(entry, "atom:id").removeprefix("yt:video:")
    link = next((l.get("href") for l in entry.findall("atom:link", NS) if l.get("rel", "alternate") == "alternate"), "")
    return {
        "_source": "feed",
        "video_id": video_id,
        # Entry-level yt:channelId keeps the UC prefix; the feed-level one drops it.
        "channel_id": _text(entry, "yt:channelId") or channel.account,
        "author": _text(entry, "atom:author/atom:name"),
        "title": _text(entry, "atom:title") or _text(entry, "media:group/media:title"),
        "description": _text(entry, "media:group/media:description"),
        "url": link or f"https://www.youtube.com/watch?v={video_id}",
        "published": _text(entry, "atom:published"),
    }


def read_feed(channel: Channel, ctx: Context) -> list[dict] | None:
    """All entries of the channel feed (at most 15, newest first) as raw dicts; None when the feed
    answered 304 Not Modified to the validators of the channel's last complete scan."""
    url = feed_url(ctx.settings, channel)
    resp = _get(ctx, channel, url, ctx.conditional(url))
    if ctx.keep_validators(url, resp):
        return None
    if resp.status_code == 429:
        raise CollectorError(PLATFORM, channel.account, "feed rate limit (HTTP 429), try later", kind="rate_limit")
    if resp.status_code in (401, 403) or (resp.status_code == 200 and looks_like_html(resp)):
        raise CollectorError(PLATFORM, channel.account, f"feed answered an HTML page (HTTP {resp.status_code}) instead of the "
                             "Atom feed: a consent, login or firewall page, try later", kind="blocked")
    if resp.status_code != 200:
        # The feed has had outages answering 404 "That's an error" pages or 5xx for channels
        # that exist; that says nothing about the channel being gone.
        raise CollectorError(PLATFORM, channel.account, f"feed unavailable (HTTP {resp.status_code}), try later", kind="unavailable")
    return [_feed_entry(e, channel) for e in _feed_root(resp, channel).findall("atom:entry", NS)]


def _feed_root(resp: requests.Response, channel: Channel):
    """The feed's root element, checked for what YouTube documents: an Atom <feed> of a channel (the
    YouTube namespace's channel id) whose entries carry a video id and a date. Anything else (an
    XHTML page is well-formed XML too) is malformed, never a feed with 0 entries."""
    def malformed(problem: str) -> CollectorError:
        return CollectorError(PLATFORM, channel.account, f"feed malformed: {problem}, try later", kind="malformed")

    try:
        root = ET.fromstring(resp.content)  # expat: the declared encoding, strictly (invalid UTF-8 is an error)
    except ET.ParseError as exc:
        raise malformed(f"not an Atom feed ({exc})") from None
    if root.tag != f"{{{NS['atom']}}}feed":
        raise malformed(f"the document is <{root.tag}>, not an Atom feed")
    if root.find("yt:channelId", NS) is None and not _text(root, "atom:id").startswith("yt:channel:"):
        raise malformed("an Atom feed without the YouTube channel id")
    for entry in root.findall("atom:entry", NS):
        if not (_text(entry, "yt:videoId") or _text(entry, "atom:id").startswith("yt:video:")) or not _text(entry, "atom:published"):
            raise malformed("an entry without a video id or a published date")
    return root


def _published(raw: dict):
    try:
        return parse_timestamp(raw.get("published") or "")
    except ValueError:
        return None


def _covers(entries: list[dict], month: Month) -> bool:
    """True when the feed surely holds every video of the month."""
    if len(entries) < FEED_LIMIT:
        return True  # the whole channel fits in the feed
    dates = [d for d in map(_published, entries) if d is not None]
    return bool(dates) and min(dates) <= month.start


# --- Data API ------------------------------------------------------------------------------


def _api_body(resp: requests.Response, channel: Channel) -> dict:
    """A 200 answer of the Data API: a JSON object of a youtube# kind whose items, if any, are a list."""
    try:
        data = json_body(resp)
    except MalformedBody as exc:
        blocked = looks_like_html(resp)
        raise CollectorError(PLATFORM, channel.account, "Data API answered an HTML page instead of JSON: a login, consent or "
                             "firewall page, try later" if blocked else f"Data API answer malformed: {exc}",
                             kind="blocked" if blocked else "malformed") from None
    if not isinstance(data, dict) or not str(data.get("kind", "")).startswith("youtube#") \
            or not isinstance(data.get("items", []), list):
        raise CollectorError(PLATFORM, channel.account, "Data API answer malformed: not a youtube# list response", kind="malformed")
    return data


def _google_error(resp: requests.Response) -> dict:
    """Google's JSON error envelope ({"error": {...}}), or {} when the body is something else."""
    try:
        error = json_body(resp).get("error", {})
    except (ValueError, AttributeError):
        return {}
    return error if isinstance(error, dict) else {}


def _api_error(resp: requests.Response) -> tuple[list[str], str]:
    """(reasons, message) from Google's error envelope: errors[].reason and details[].reason."""
    error = _google_error(resp)
    reasons = [e.get("reason", "") for e in error.get("errors", []) if isinstance(e, dict)]
    reasons += [d.get("reason", "") for d in error.get("details", []) if isinstance(d, dict)]
    reasons = [r for r in reasons if r] or ([error["status"]] if error.get("status") else [])
    # Google puts HTML (<a>, <code>) in its messages.
    message = html.unescape(re.sub(r"<[^>]+>", "", str(error.get("message", "")))).strip()
    return reasons, message


def _api_get(ctx: Context, channel: Channel, url: str) -> dict | None:
    """The JSON body, or None for playlistNotFound; raises CollectorError for everything else."""
    resp = _get(ctx, channel, url)
    if resp.status_code == 200:
        return _api_body(resp, channel)
    if not _google_error(resp) and (resp.status_code in (401, 403) or looks_like_html(resp)) and resp.status_code < 500 \
            and resp.status_code != 429:
        raise CollectorError(PLATFORM, channel.account, f"Data API answered HTTP {resp.status_code} with an HTML page, not "
                             "Google's JSON: a login, consent or firewall page, try later", kind="blocked")
    reasons, message = _api_error(resp)
    if "playlistNotFound" in reasons:
        return None  # a channel that never uploaded has no uploads playlist
    if RATE_LIMIT_REASONS.intersection(reasons) or resp.status_code == 429:
        kind = "rate_limit"
    elif AUTH_REASONS.intersection(reasons) or resp.status_code == 401:
        kind = "auth"
    elif resp.status_code >= 500:
        kind = "unavailable"
    else:
        kind = "not_found" if resp.status_code == 404 else "error"
    detail = "/".join(reasons) or "no error reason"
    params = {"problem": Problem.KEY_INVALID, "env": _section(ctx.settings)["api_key_env"]} if kind == "auth" else {}
    raise CollectorError(PLATFORM, channel.account, f"Data API HTTP {resp.status_code} {detail}: {message}".rstrip(": "),
                         kind=kind, params=params)


def _uploads_playlist(ctx: Context, channel: Channel, key: str) -> str:
    data = _api_get(ctx, channel, api_url(ctx.settings, "channels", part="contentDetails", id=channel.account, key=key)) or {}
    items = data.get("items") or []
    if not items:
        raise CollectorError(PLATFORM, channel.account, "Data API knows no channel with this id", kind="not_found")
    return items[0].get("contentDetails", {}).get("relatedPlaylists", {}).get("uploads") or "UU" + channel.account[2:]


def _api_items(channel: Channel, month: Month, ctx: Context, key: str) -> Iterator[dict]:
    """Uploads of the month, newest first, paging until a video is older than the month."""
    playlist = _uploads_playlist(ctx, channel, key)
    token, seen = None, set()
    for _ in range(MAX_API_PAGES):
        url = api_url(ctx.settings, "playlistItems", part="snippet,contentDetails", playlistId=playlist,
                      maxResults=API_PAGE_SIZE, pageToken=token, key=key)
        data = _api_get(ctx, channel, url)
        if data is None:
            return
        reached_before = False
        for item in data.get("items") or []:
            # snippet.publishedAt is when the video was added to the playlist; private and
            # deleted videos have no videoPublishedAt at all.
            when = _api_published(item)
            if when is None:
                continue
            if when < month.start:
                reached_before = True
            elif month.contains(when):
                yield {"_source": "api", **item}
        token = data.get("nextPageToken")
        if reached_before or not token:
            return
        if token in seen:  # a page token that does not move would loop until MAX_API_PAGES
            ctx.mark_partial(ChannelNote.REPEATED_PAGE, "stopped after the platform repeated a page (the same "
                             "nextPageToken); older videos of the month may be missing")
            return
        seen.add(token)
    ctx.mark_partial(ChannelNote.STOPPED_AFTER_PAGES, f"stopped after {MAX_API_PAGES} pages; older videos of the month may "
                     "be missing", n=MAX_API_PAGES)


def _api_published(item: dict):
    try:
        return parse_timestamp((item.get("contentDetails") or {}).get("videoPublishedAt") or "")
    except ValueError:
        return None


# --- listed video links -------------------------------------------------------------------


def video_id_of(url: str) -> str | None:
    """The video id of a watch, youtu.be, shorts or live link; None for other YouTube pages."""
    from auditor.text.urls import link_or_none

    link = link_or_none(url)
    if link is None:
        return None
    key = link.key.removeprefix("youtube:")
    return key if link.platform == PLATFORM and link.is_post and re.fullmatch(r"[A-Za-z0-9_-]{11}", key) else None


def _video_item(ctx: Context, channel: Channel, url: str, video_id: str, key: str) -> dict | None:
    data = _api_get(ctx, channel, api_url(ctx.settings, "videos", part="snippet", id=video_id, key=key)) or {}
    items = data.get("items") or []
    if not items:
        ctx.mark_gone(url, "the Data API lists no such video: deleted or private", post_id=video_id)
        return None
    return {"_source": "video", **items[0]}


class YouTubeCollector:
    """YouTube channels: feed first, Data API when the feed cannot cover the month and a key is set."""

    platform = PLATFORM

    def reads_posts(self, settings: Mapping, env: Mapping[str, str]) -> bool:
        """A video link is read through the Data API, so only when a key is set; else it is only checked."""
        return bool(env.get(_section(settings)["api_key_env"]))

    def fetch(self, channel: Channel, month: Month, ctx: Context) -> Iterator[dict]:
        """Yield raw feed entries or playlist items of the month; mark partial when only the feed could be read."""
        key_env = _section(ctx.settings)["api_key_env"]
        key = ctx.env.get(key_env) or ""
        try:
            entries = read_feed(channel, ctx)
        except CollectorError:
            if not key:
                raise
            yield from _api_items(channel, month, ctx, key)
            return
        if entries is None:  # 304: the feed, hence the channel's latest videos, did not change
            ctx.mark_unchanged()
            return
        if not _covers(entries, month):
            if key:
                yield from _api_items(channel, month, ctx, key)
                return
            ctx.mark_partial(
                ChannelNote.FEED_LATEST_ONLY, f"the feed lists only the latest {FEED_LIMIT} videos and they do not reach "
                f"back to {month.start:%Y-%m-%d}; set {key_env} to a Data API key to read the whole month",
                n=FEED_LIMIT, env=key_env)
        for raw in entries:
            when = _published(raw)
            if when is not None and month.contains(when):
                yield raw

    def read_link(self, url: str, channel: Channel, month: Month, ctx: Context) -> dict | None:
        """A listed video link: its Data API item when a key is set and it is of the month, else only checked."""
        video_id = video_id_of(url)
        if video_id is None:
            ctx.note(ChannelNote.NOT_A_VIDEO_LINK, f"not a YouTube video link: {url}", url=url, platform=PLATFORM)
            return None
        key = ctx.env.get(_section(ctx.settings)["api_key_env"]) or ""
        if not key:
            check_exists(f"https://www.youtube.com/watch?v={video_id}", ctx)
            return None
        raw = _video_item(ctx, channel, url, video_id, key)
        when = _video_published(raw) if raw else None
        return raw if when is not None and month.contains(when) else None

    def to_post(self, raw: dict, channel: Channel, office: Office | None) -> Post | None:
        """A feed entry, playlist item or video → Post (text = title + description)."""
        fields = _fields(raw, channel)
        if fields is None or not fields[0] or fields[1] is None:
            return None
        video_id, when, title, description, channel_id, author = fields
        return Post(
            platform=PLATFORM,
            post_id=video_id,
            url=raw.get("url") or f"https://www.youtube.com/watch?v={video_id}",
            account=Account(id=channel_id, name=author, url=f"https://www.youtube.com/channel/{channel_id}"),
            published_at=when.astimezone(BANGKOK),
            text=f"{title}\n{description}".strip(),
            district=office.id if office is not None and office.is_district else None,
            collector=f"youtube/{raw['_source']}",
        )


def _fields(raw: dict, channel: Channel) -> tuple | None:
    """(video id, published, title, description, channel id, author) of a feed entry, an uploads
    playlist item (videoPublishedAt) or a videos.list item (snippet.publishedAt); None otherwise."""
    source, snippet = raw.get("_source"), raw.get("snippet") or {}
    if source == "feed":
        return (raw.get("video_id"), _published(raw), raw.get("title", ""), raw.get("description", ""),
                raw.get("channel_id") or channel.account, raw.get("author", ""))
    if source == "api":
        return ((raw.get("contentDetails") or {}).get("videoId"), _api_published(raw), snippet.get("title", ""),
                snippet.get("description", ""), snippet.get("videoOwnerChannelId") or snippet.get("channelId") or channel.account,
                snippet.get("videoOwnerChannelTitle") or snippet.get("channelTitle", ""))
    if source == "video":
        return (raw.get("id"), _video_published(raw), snippet.get("title", ""), snippet.get("description", ""),
                snippet.get("channelId", ""), snippet.get("channelTitle", ""))
    return None


def _video_published(raw: dict):
    try:
        return parse_timestamp((raw.get("snippet") or {}).get("publishedAt") or "")
    except ValueError:
        return None


YOUTUBE = YouTubeCollector()
