"""Collectors that start from post links or thin APIs: TikTok (oEmbed) and Instagram (Graph API),
plus `verify_link`, the generic "does this URL still answer" check.

TikTok has no listing API open to us, so the channel lists the video URLs to read:
`tiktok = { handle = "@x", links = [...] }`. The orchestrator may add the office's own
`links` as the channel option `office_links`; only TikTok URLs among them are used. Each
video is read through oEmbed (one request per video, no key). oEmbed returns no date, so the
publish time comes from the video id: TikTok ids are snowflake-like and `id >> 32` is the
creation time in unix seconds. That is community knowledge, not documented by TikTok.

Instagram: with a token (the environment variable named by `[instagram] token_env`), the
account's media are listed through the Graph API; without one, listed links are only checked
(nothing countable comes out) and the channel is marked partial.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

import requests
from bs4 import BeautifulSoup

from auditor.collectors.base import Context, register
from auditor.errors import CollectorError
from auditor.http import redact
from auditor.models import Account, Post
from auditor.period import BANGKOK, Month
from auditor.registry import Channel, Office

TIKTOK_DEFAULTS = {"oembed_url": "https://www.tiktok.com/oembed"}
INSTAGRAM_DEFAULTS = {"base_url": "https://graph.facebook.com", "token_env": "AUDITOR_INSTAGRAM_TOKEN", "graph_version": "v24.0"}
SHORT_HOSTS = {"vm.tiktok.com", "vt.tiktok.com"}
TIKTOK_HOSTS = SHORT_HOSTS | {"tiktok.com", "www.tiktok.com", "m.tiktok.com"}
MAX_REDIRECTS = 5
IG_FIELDS = "id,caption,timestamp,permalink,media_type"
IG_PAGE_SIZE = 50
IG_MAX_PAGES = 40
# The Graph API's since/until filter is only a way to fetch less; a day of margin on each
# side, and the month is checked on `timestamp` here.
IG_MARGIN = timedelta(days=1)
_VIDEO = re.compile(r"^/@([^/]+)/(video|photo)/(\d+)")


def _section(settings: Mapping, name: str, defaults: dict) -> dict:
    """Accept either the whole settings map (ctx.settings) or the platform's own table."""
    section = settings.get(name, settings) if isinstance(settings, Mapping) else {}
    return {**defaults, **{k: v for k, v in section.items() if v}}


def _district(office: Office | None) -> str | None:
    return office.id if office is not None and office.is_district else None


# --- generic link check --------------------------------------------------------------------


@dataclass(frozen=True)
class LinkCheck:
    """What a GET on a submitted link found: ok is True for a final 2xx answer."""

    url: str
    ok: bool
    status: int | None  # None when the host could not be reached
    final_url: str


def verify_link(session: requests.Session, url: str) -> LinkCheck:
    """GET a URL (following redirects, body not read) and report whether it still answers."""
    try:
        resp = session.get(url, allow_redirects=True, stream=True)
    except requests.RequestException:
        return LinkCheck(url, False, None, url)
    try:
        return LinkCheck(url, 200 <= resp.status_code < 300, resp.status_code, resp.url or url)
    finally:
        resp.close()


# --- TikTok --------------------------------------------------------------------------------


def oembed_url(settings: Mapping, url: str) -> str:
    """{oembed_url}?url=<video url>."""
    return f"{_section(settings, 'tiktok', TIKTOK_DEFAULTS)['oembed_url']}?{urlencode({'url': url})}"


def is_tiktok_url(url: str) -> bool:
    return urlsplit(url).netloc.lower() in TIKTOK_HOSTS


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


def snowflake_time(video_id: str | int) -> datetime:
    """The creation time encoded in a TikTok id (id >> 32 = unix seconds; undocumented, community knowledge)."""
    return datetime.fromtimestamp(int(video_id) >> 32, tz=timezone.utc)


def _resolve(ctx: Context, url: str) -> tuple[str | None, int | None]:
    """Follow a short link's redirects by hand until a canonical video URL; (url, failing status)."""
    current = url
    for _ in range(MAX_REDIRECTS):
        try:
            # Not following automatically: the canonical video page itself is heavy and
            # often blocked for scripts; only its address is needed.
            resp = ctx.session.get(current, allow_redirects=False)
        except requests.RequestException:
            return None, None
        location = resp.headers.get("Location")
        if resp.status_code not in (301, 302, 303, 307, 308) or not location:
            return None, resp.status_code
        current = urljoin(current, location)
        if canonical_video_url(current):
            return canonical_video_url(current), None
    return None, None


def _tiktok_links(channel: Channel) -> list[str]:
    own = [u for u in channel.option("links") or [] if isinstance(u, str)]
    office = [u for u in channel.option("office_links") or [] if isinstance(u, str) and is_tiktok_url(u)]
    return list(dict.fromkeys(u.strip() for u in own + office))


def _tag_hints(markup: str) -> list[str]:
    """Hashtags as TikTok itself delimited them: the anchors to /tag/… in the oEmbed html."""
    soup = BeautifulSoup(markup or "", "html.parser")
    return [a.get("title") or a.get_text().lstrip("#") for a in soup.find_all("a", href=True) if "/tag/" in a["href"]]


class TikTokCollector:
    """TikTok videos listed in the config, read one by one through oEmbed."""

    platform = "tiktok"

    def fetch(self, channel: Channel, month: Month, ctx: Context) -> Iterator[dict]:
        """Yield oEmbed payloads of the listed videos created in the month; dead links become warnings."""
        for submitted in _tiktok_links(channel):
            url = canonical_video_url(submitted)
            if url is None and is_short_link(submitted):
                url, status = _resolve(ctx, submitted)
                if url is None:
                    ctx.warnings.append(f"dead link: {submitted} (HTTP {status or 'unreachable'})")
                    continue
            if url is None:
                ctx.warnings.append(f"not a TikTok video link: {submitted}")
                continue
            video_id = _VIDEO.match(urlsplit(url).path).group(3)
            if not month.contains(snowflake_time(video_id)):
                continue
            payload = self._oembed(ctx, channel, submitted, url)
            if payload is not None:
                yield {"_source": "oembed", "url": url, "submitted_url": submitted, "video_id": video_id, "oembed": payload}

    def _oembed(self, ctx: Context, channel: Channel, submitted: str, url: str) -> dict | None:
        try:
            resp = ctx.session.get(oembed_url(ctx.settings, url))
        except requests.RequestException as exc:
            raise CollectorError("tiktok", channel.account, f"cannot reach oEmbed: {type(exc).__name__}", kind="network") from None
        if resp.status_code == 429:
            raise CollectorError("tiktok", channel.account, "oEmbed rate limit (HTTP 429), try later", kind="rate_limit")
        if resp.status_code >= 500:
            raise CollectorError("tiktok", channel.account, f"oEmbed unavailable (HTTP {resp.status_code}), try later", kind="unavailable")
        if resp.status_code != 200:
            # Deleted, private, region-blocked: the link is dead, the collection is not broken.
            ctx.warnings.append(f"dead link: {submitted} (HTTP {resp.status_code})")
            return None
        try:
            payload = resp.json()
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            ctx.warnings.append(f"oEmbed answered no JSON for {submitted}")
            return None
        return payload

    def to_post(self, raw: dict, channel: Channel, office: Office | None) -> Post | None:
        """An oEmbed payload → Post (text = caption; published_at from the video id)."""
        payload, video_id = raw.get("oembed") or {}, raw.get("video_id")
        if raw.get("_source") != "oembed" or not video_id:
            return None
        handle = payload.get("author_unique_id")
        return Post(
            platform="tiktok",
            post_id=str(video_id),
            url=raw.get("url", ""),
            account=Account(id=f"@{handle}" if handle else channel.account, name=payload.get("author_name", ""),
                            url=payload.get("author_url", "")),
            published_at=snowflake_time(video_id).astimezone(BANGKOK),
            text=payload.get("title", ""),
            district=_district(office),
            links=tuple(dict.fromkeys(u for u in (raw.get("submitted_url"), raw.get("url")) if u)),
            collector="tiktok/oembed",
            extra={"tiktok_hashtags": _tag_hints(payload.get("html", ""))},
        )


# --- Instagram -----------------------------------------------------------------------------


def media_url(settings: Mapping, user_id: str, month: Month, token: str) -> str:
    """First page of /{ig-user-id}/media for the month (since/until with a day of margin)."""
    s = _section(settings, "instagram", INSTAGRAM_DEFAULTS)
    query = urlencode([
        ("fields", IG_FIELDS),
        ("since", int((month.start - IG_MARGIN).timestamp())),
        ("until", int((month.end + IG_MARGIN).timestamp())),
        ("limit", IG_PAGE_SIZE),
        ("access_token", token),
    ], safe=",")
    return f"{s['base_url'].rstrip('/')}/{s['graph_version']}/{user_id}/media?{query}"


def _graph_error(channel: Channel, resp: requests.Response) -> CollectorError:
    try:
        error = resp.json().get("error", {})
    except (ValueError, AttributeError):
        error = {}
    code = error.get("code")
    if code == 190:
        kind = "auth"
    elif code in (4, 17, 32, 613, 80001, 80002) or resp.status_code == 429:
        kind = "rate_limit"
    elif code == 10 or (isinstance(code, int) and 200 <= code <= 299):
        kind = "auth"
    elif code == 100:
        kind = "not_found"
    else:
        kind = "unavailable" if resp.status_code >= 500 else "error"
    message = redact(error.get("message") or f"HTTP {resp.status_code}")
    return CollectorError("instagram", channel.account, f"Graph API error {code}: {message}" if code else message, kind=kind)


def _ig_time(raw: dict) -> datetime | None:
    try:
        # '2025-02-14T03:25:41+0000': %z reads the offset without a colon.
        return datetime.strptime(raw.get("timestamp") or "", "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None


class InstagramCollector:
    """Instagram professional accounts through the Graph API; links only checked without a token."""

    platform = "instagram"

    def fetch(self, channel: Channel, month: Month, ctx: Context) -> Iterator[dict]:
        """Yield the month's media (paging.next followed verbatim), or verify listed links without a token."""
        s = _section(ctx.settings, "instagram", INSTAGRAM_DEFAULTS)
        token = ctx.env.get(s["token_env"]) or ""
        if not token:
            self._verify_only(channel, ctx, s["token_env"])
            return
        if not channel.account.isdigit():
            raise CollectorError("instagram", channel.account, "the Graph API needs the numeric Instagram user id (user_id), not a handle", kind="config")
        url: str | None = media_url(ctx.settings, channel.account, month, token)
        for _ in range(IG_MAX_PAGES):
            if not url:
                return
            try:
                resp = ctx.session.get(url)
            except requests.RequestException as exc:
                raise CollectorError("instagram", channel.account, f"cannot reach the Graph API: {type(exc).__name__}", kind="network") from None
            if resp.status_code != 200:
                raise _graph_error(channel, resp)
            data = resp.json()
            for item in data.get("data") or []:
                when = _ig_time(item)
                if when is not None and month.contains(when):
                    yield {"_source": "graph", **item}
            # An empty page may still carry paging.next: only its absence ends the listing.
            url = (data.get("paging") or {}).get("next")

    def _verify_only(self, channel: Channel, ctx: Context, token_env: str) -> None:
        links = [u for u in channel.option("links") or [] if isinstance(u, str)]
        for url in links:
            check = verify_link(ctx.session, url)
            if not check.ok:
                ctx.warnings.append(f"dead link: {url} (HTTP {check.status or 'unreachable'})")
        ctx.mark_partial(
            f"no token in {token_env}, posts cannot be listed"
            + (f"; {len(links)} listed link(s) checked" if links else "")
        )

    def to_post(self, raw: dict, channel: Channel, office: Office | None) -> Post | None:
        """A Graph media item → Post (text = caption)."""
        when = _ig_time(raw)
        if raw.get("_source") != "graph" or when is None or not raw.get("id"):
            return None
        return Post(
            platform="instagram",
            post_id=str(raw["id"]),
            url=raw.get("permalink", ""),
            account=Account(id=channel.account, name=raw.get("username", "")),
            published_at=when.astimezone(BANGKOK),
            text=raw.get("caption", ""),
            district=_district(office),
            collector="instagram/graph",
        )


register(TikTokCollector())
register(InstagramCollector())
