"""TikTok: videos read one by one through oEmbed (auditor/collect/links.py); video and short links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from auditor.platforms.base import (
    NUMERIC, AccountRef, Link, Platform, UrlParts, handle, handle_ref, on_hosts, pasted_url, rebuild, segments, strip_slash,
)

SHORT_HOSTS = {"vm.tiktok.com", "vt.tiktok.com"}
TIKTOK_HOSTS = SHORT_HOSTS | {"tiktok.com", "www.tiktok.com", "m.tiktok.com"}
_VIDEO = re.compile(r"^/@([^/]+)/(video|photo)/(\d+)")


def profile_url(handle: str) -> str:
    """https://www.tiktok.com/@handle, with or without the @ as pasted."""
    return f"https://www.tiktok.com/@{handle.lstrip('@')}"


def is_short_link(url: str) -> bool:
    """vm.tiktok.com/…, vt.tiktok.com/… and www.tiktok.com/t/… redirect to the canonical video URL."""
    parts = urlsplit(url)
    return parts.netloc.lower() in SHORT_HOSTS or parts.path.startswith("/t/")


def canonical_video_url(url: str) -> str | None:
    """https://www.tiktok.com/@user/video/<id> without query or fragment, or None when not a video link."""
    parts = urlsplit(url)
    match = _VIDEO.match(parts.path)
    if parts.netloc.lower() not in TIKTOK_HOSTS or not match:
        return None
    return urlunsplit(("https", "www.tiktok.com", match.group(0), "", ""))


def video_id(url: str) -> str | None:
    """The video id of a canonical or pasted video URL."""
    match = _VIDEO.match(urlsplit(url).path)
    return match.group(3) if match else None


def parse_url(p: UrlParts) -> Link | None:
    """Video links keyed by video id; short links (vm./vt.tiktok.com, /t/…) to be resolved."""
    seg = segments(p.path)
    if p.host in SHORT_HOSTS:
        return Link("tiktok", f"tiktok:short/{seg[0]}", f"https://{p.host}/{seg[0]}/", True) if seg else None
    url = rebuild("www.tiktok.com", p.path, {})
    canonical = canonical_video_url(url)
    if canonical:
        return Link("tiktok", f"tiktok:{canonical.rsplit('/', 1)[1]}", canonical)
    if len(seg) == 2 and seg[0] == "v" and NUMERIC.match(seg[1].removesuffix(".html")):
        video = seg[1].removesuffix(".html")  # the old mobile share form m.tiktok.com/v/ID.html
        return Link("tiktok", f"tiktok:{video}", f"https://m.tiktok.com/v/{video}.html")
    if is_short_link(url) and len(seg) >= 2:
        return Link("tiktok", f"tiktok:short/{seg[1]}", f"https://www.tiktok.com/t/{seg[1]}/", True)
    return Link("tiktok", f"tiktok:path{strip_slash(p.path).lower()}", url)


def id_keys(post_id: str) -> set[str]:
    return {f"tiktok:{post_id}"}


def parse_account(value: str) -> AccountRef:
    """A profile as pasted: @handle, handle, or a profile URL (tiktok.com/@handle) → '@handle'. A video URL
    (tiktok.com/@handle/video/ID) gives its account too, and the video itself as a link to list on the
    channel (TikTok channels are read from their listed links), with a note saying so. Short links
    (vm.tiktok.com/…) name a video whose account is unknown offline: a problem to fix by hand."""
    parts = pasted_url(value) if "/" in value else None
    if parts is None:
        return handle_ref(value)
    if not on_hosts(parts, ("tiktok.com",)):
        return AccountRef(problem="not_platform_url")
    seg = segments(parts.path)
    if parts.host in SHORT_HOSTS or seg[:1] == ["t"]:
        return AccountRef(problem="short_link")
    if not seg or not seg[0].startswith("@"):
        return AccountRef(problem="unrecognized")
    ref = handle_ref(seg[0])
    video = canonical_video_url(rebuild("www.tiktok.com", parts.path, {}))
    if ref.problem or not video:
        return ref
    return AccountRef(ref.account, note="video_link_listed", links=(video,))


TIKTOK = Platform(
    id="tiktok", label_th="TikTok", label_en="TikTok", short="TT",
    primary_key="handle", account_keys=("handle",), channel_keys=("handle", "links", "name"),
    settings={"oembed_url": "https://www.tiktok.com/oembed"},
    hosts=("tiktok.com", "vm.tiktok.com", "vt.tiktok.com"),
    parse_url=parse_url, account_key=handle, id_keys=id_keys, parse_account=parse_account,
    report_labels=("tiktok", "ติ๊กต็อก", "ติ๊กต๊อก", "ติกต็อก", "ติ๊กตอก"),
    reads_links=True,  # oEmbed gives the caption
)
