"""YouTube channels: feed and Data API collector (auditor/collect/youtube.py); watch, youtu.be, shorts and live links."""

from __future__ import annotations

import re
from urllib.parse import quote

from auditor.platforms.base import AccountRef, Link, Platform, UrlParts, on_hosts, pasted_url, rebuild, segments, strip_slash

_YT_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
CHANNEL_ID = re.compile(r"^UC[0-9A-Za-z_-]{22}$")
_HANDLE = re.compile(r"^@[\w.\-·]{3,30}$")
HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be")
_VIDEO_PATHS = ("watch", "shorts", "live", "embed", "v", "e", "playlist")


def _yt(video_id: str) -> Link | None:
    if not _YT_ID.match(video_id or ""):
        return None
    return Link("youtube", f"youtube:{video_id}", f"https://www.youtube.com/watch?v={video_id}")


def parse_url(p: UrlParts) -> Link:
    """A video link (watch?v=, youtu.be/, shorts/, live/, embed/) keyed by its video id; other pages by path."""
    seg = segments(p.path)
    if p.host == "youtu.be":
        return (_yt(seg[0]) if seg else None) or Link("youtube", f"youtube:path{strip_slash(p.path)}",
                                                      rebuild("youtu.be", p.path, {}))
    link = None
    if seg[:1] == ["watch"]:
        link = _yt(p.query.get("v", ""))
    elif len(seg) >= 2 and seg[0] in ("shorts", "live", "embed", "v", "e"):
        link = _yt(seg[1])
    return link or Link("youtube", f"youtube:path{strip_slash(p.path)}", rebuild("www.youtube.com", p.path, p.query))


def channel_page_url(lookup: str, name: str) -> str:
    """The public page of a channel named by a handle, a legacy username or a custom URL: its
    canonical link names the UC… id (AccountRef.lookup is 'handle', 'username' or 'custom_url')."""
    path = {"handle": "@" + name.lstrip("@"), "username": f"user/{name}", "custom_url": f"c/{name}"}[lookup]
    return f"https://www.youtube.com/{quote(path, safe='/@')}"


def id_keys(post_id: str) -> set[str]:
    return {f"youtube:{post_id}"}


def parse_account(value: str) -> AccountRef:
    """A channel as pasted: its UC… id, /channel/UC…, an @handle (bare or as a URL), /c/name,
    /user/name or a legacy youtube.com/name. Everything but the id is looked up online."""
    value = value.strip()
    if CHANNEL_ID.match(value):
        return AccountRef(value)
    if value.startswith("@"):
        return AccountRef(value, lookup="handle", name=value) if _HANDLE.match(value) else AccountRef(problem="not_a_handle")
    parts = pasted_url(value)
    if parts is None:
        return AccountRef(problem="unrecognized")
    if not on_hosts(parts, HOSTS):
        return AccountRef(problem="not_platform_url")
    seg = segments(parts.path)
    if parts.host == "youtu.be" or (seg and seg[0] in _VIDEO_PATHS):
        return AccountRef(problem="video_not_channel")
    if len(seg) >= 2 and seg[0] == "channel":
        return AccountRef(seg[1]) if CHANNEL_ID.match(seg[1]) else AccountRef(problem="unrecognized")
    if seg and seg[0].startswith("@"):
        return AccountRef(seg[0], lookup="handle", name=seg[0])
    if len(seg) >= 2 and seg[0] in ("c", "user"):
        kind = "username" if seg[0] == "user" else "custom_url"
        return AccountRef(f"https://www.youtube.com/{seg[0]}/{seg[1]}", lookup=kind, name=seg[1])
    if len(seg) == 1:
        return AccountRef(f"https://www.youtube.com/{seg[0]}", lookup="custom_url", name=seg[0])
    return AccountRef(problem="unrecognized")


YOUTUBE = Platform(
    id="youtube", label_th="YouTube", label_en="YouTube", short="YT",
    primary_key="channel_id", account_keys=("channel_id",), channel_keys=("channel_id", "name"),
    settings={"feed_base_url": "https://www.youtube.com", "api_base_url": "https://www.googleapis.com/youtube/v3",
              "api_key_env": "AUDITOR_YOUTUBE_KEY"},
    hosts=HOSTS, parse_url=parse_url, id_keys=id_keys, parse_account=parse_account,
    report_labels=("youtube", "ยูทูบ", "ยูทูป", "yt"),
    reads_links=True,  # through the Data API, when a key is set
)
