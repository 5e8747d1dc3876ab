"""YouTube channels: feed and Data API collector (auditor/collect/youtube.py); watch, youtu.be, shorts and live links."""

from __future__ import annotations

import re

from auditor.platforms.base import Link, Platform, UrlParts, rebuild, segments, strip_slash

_YT_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


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


def id_keys(post_id: str) -> set[str]:
    return {f"youtube:{post_id}"}


YOUTUBE = Platform(
    id="youtube", label_th="YouTube", label_en="YouTube", short="YT",
    primary_key="channel_id", account_keys=("channel_id",), channel_keys=("channel_id", "name"),
    settings={"feed_base_url": "https://www.youtube.com", "api_base_url": "https://www.googleapis.com/youtube/v3",
              "api_key_env": "AUDITOR_YOUTUBE_KEY"},
    hosts=("youtube.com", "youtube-nocookie.com", "youtu.be"),
    parse_url=parse_url, id_keys=id_keys,
    report_labels=("youtube", "ยูทูบ", "ยูทูป", "yt"),
    reads_links=True,  # through the Data API, when a key is set
)
