"""Collectors that start from post links or thin APIs: TikTok (oEmbed) and Instagram (Graph API),
and the link reader that only checks a listed link still opens (`ExistenceReader`, for every
platform whose posts cannot be read from a link).

TikTok has no listing API open to us, so the channel lists the video URLs to read:
`tiktok = { handle = "@x", links = [...] }`. Each video is read through oEmbed (one request
per video, no key). oEmbed returns no date, so the publish time comes from the video id:
TikTok ids are snowflake-like and `id >> 32` is the creation time in unix seconds. That is
community knowledge, not documented by TikTok. A video TikTok itself refuses (a 4xx but 429 with
TikTok's JSON envelope) is gone: reported, and a copy stored by an earlier scan is no longer
counted. A 4xx HTML page (a firewall's 403) or a 200 that is not oEmbed JSON fails the channel.

Instagram: with a token (the environment variable named by `[instagram] token_env`), the
account's media are listed through the Graph API; without one, listed links are only checked
(nothing countable comes out) and the channel is marked partial.

Office links: TikTok links are read like a TikTok channel's (oEmbed gives the caption).
Facebook and Instagram links are only checked (a GET must answer 2xx): their oEmbed may not be
used for analysis (platform-formats.md §7) and a single post cannot be read without a token.
YouTube links are read in youtube.py.

Each answer about a link (oEmbed's, a link check's) is handed to the scan with `Context.mark_checked`,
so the store knows which links open and which are dead; reconciliation uses that offline. A short
link only checked (fb.watch, facebook.com/share, lin.ee) is first followed to where it leads: its
check's final_url is that address, so reconciliation can match it without asking the network.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode, urljoin

import requests

from auditor.collect.base import Context
from auditor.collect.graph import graph_kind
from auditor.collect.http import (MalformedBody, json_body, link_answered, looks_like_html, redact, request_error,
                                  verify_link)
from auditor.codes import ChannelNote, Kind, Problem
from auditor.errors import CollectorError
from auditor.models import Account, LinkCheck, Post
from auditor.period import BANGKOK, Month
from auditor.platforms.instagram import INSTAGRAM
from auditor.platforms.tiktok import TIKTOK, canonical_video_url, is_short_link, video_id as _video_id
from auditor.registry import Channel, Office
from auditor.text.urls import link_or_none, resolve

TIKTOK_DEFAULTS = dict(TIKTOK.settings)
INSTAGRAM_DEFAULTS = dict(INSTAGRAM.settings)
MAX_REDIRECTS = 5
IG_FIELDS = "id,caption,timestamp,permalink,media_type"
IG_PAGE_SIZE = 50
IG_MAX_PAGES = 40
# The Graph API's since/until filter is only a way to fetch less; a day of margin on each
# side, and the month is checked on `timestamp` here.
IG_MARGIN = timedelta(days=1)


def _section(settings: Mapping, name: str, defaults: dict) -> dict:
    """Accept either the whole settings map (ctx.settings) or the platform's own table."""
    section = settings.get(name, settings) if isinstance(settings, Mapping) else {}
    return {**defaults, **{k: v for k, v in section.items() if v}}


def _district(office: Office | None) -> str | None:
    return office.id if office is not None and office.is_district else None


# --- generic link check --------------------------------------------------------------------


def check_exists(url: str, ctx: Context) -> LinkCheck | None:
    """verify_link, kept as the scan's check of the link; a link that does not open reported as dead.

    A check that could not be made (no answer, a 5xx, a limit, a login wall) is not kept, so an
    earlier scan's check stands, and is noted: failing to check is not a dead link. It does not make
    the channel partial: such a link is only checked, never read for a post, so nothing countable
    is missing (a LINE link no check says is dead counts as reported). None then."""
    check = verify_link(ctx.session, url)
    if not link_answered(check):
        _not_checked(ctx, url, check.status)
        return None
    ctx.mark_checked(check)
    if not check.ok:
        ctx.mark_dead(url, f"HTTP {check.status}")
    return check


def _not_checked(ctx: Context, url: str, status: int | None, *, partial: bool = False) -> None:
    """A link check that could not be made; partial when the link stood for a post to read."""
    cause = f"HTTP {status}" if status else "unreachable"
    mark = ctx.mark_partial if partial else ctx.note
    mark(ChannelNote.LINK_NOT_CHECKED, f"link not checked: {url} ({cause}); checked again next scan", url=url, cause=cause)


def check_where_it_leads(url: str, ctx: Context) -> None:
    """check_exists, a short link first followed to the address it stands for: the short link's own
    check then ends there (final_url) and says whether that address opens."""
    link = link_or_none(url)
    target = resolve(ctx.session, link) if link is not None and link.needs_resolving else None
    if target is None or target.key == link.key:
        check_exists(url, ctx)
        return
    check = check_exists(target.canonical, ctx)
    if check is not None:
        ctx.mark_checked(LinkCheck(url, check.ok, check.status, target.canonical))


# --- TikTok --------------------------------------------------------------------------------


def oembed_url(settings: Mapping, url: str) -> str:
    """{oembed_url}?url=<video url>."""
    return f"{_section(settings, 'tiktok', TIKTOK_DEFAULTS)['oembed_url']}?{urlencode({'url': url})}"


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


def _dead_short_link(ctx: Context, url: str, status: int | None) -> None:
    if not link_answered(LinkCheck(url, False, status, url)):
        # TikTok or the way to it failed, not the link: a video that may count was not read
        _not_checked(ctx, url, status, partial=True)
        return
    ctx.mark_checked(LinkCheck(url, False, status, url))
    if status in (404, 410):
        ctx.mark_gone(url, f"HTTP {status}")  # TikTok says the short link leads nowhere; a 403 may be a firewall
    else:
        ctx.mark_dead(url, f"HTTP {status}" if status else "unreachable")


def _oembed_checked(ctx: Context, submitted: str, url: str, ok: bool, status: int) -> None:
    """oEmbed's answer is the check of both the submitted link (a short one ends at the video) and the video's URL."""
    ctx.mark_checked(LinkCheck(submitted, ok, status, url))
    if submitted != url:
        ctx.mark_checked(LinkCheck(url, ok, status, url))


def _tiktok_says_no(resp: requests.Response) -> bool:
    """A 4xx that is TikTok's own answer about the video: its small JSON envelope with a code or
    message (platform-formats §4.1). An HTML 403 from a firewall or proxy is no such answer."""
    try:
        body = json_body(resp)
    except MalformedBody:
        return False
    return isinstance(body, dict) and ("message" in body or "code" in body or "status_msg" in body)


def _oembed_payload(resp: requests.Response, channel: Channel) -> dict:
    """A 200 oEmbed answer, checked for the documented shape (a JSON object with the caption in
    `title` and the embed `html`); a login wall or a broken body fails the channel."""
    try:
        payload = json_body(resp)
    except MalformedBody as exc:
        if looks_like_html(resp):
            raise CollectorError("tiktok", channel.account, "oEmbed answered an HTML page (HTTP 200) instead of JSON: a login, "
                                 "consent or firewall page, try later", kind=Kind.BLOCKED) from None
        raise CollectorError("tiktok", channel.account, f"oEmbed answer malformed: {exc}", kind=Kind.MALFORMED) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("title"), str) or not isinstance(payload.get("html", ""), str):
        raise CollectorError("tiktok", channel.account, "oEmbed answer malformed: not an oEmbed object with a title",
                             kind=Kind.MALFORMED)
    return payload


def _tiktok_links(channel: Channel) -> list[str]:
    return list(dict.fromkeys(u.strip() for u in channel.option("links") or [] if isinstance(u, str)))


class TikTokCollector:
    """TikTok videos listed in the config, read one by one through oEmbed."""

    platform = "tiktok"

    def reads_posts(self, settings: Mapping, env: Mapping[str, str]) -> bool:
        """oEmbed needs no key: a video link is always read."""
        return True

    def fetch(self, channel: Channel, month: Month, ctx: Context) -> Iterator[dict]:
        """Yield oEmbed payloads of the listed videos created in the month; dead links become warnings."""
        for submitted in _tiktok_links(channel):
            raw = self.read_link(submitted, channel, month, ctx)
            if raw is not None:
                yield raw

    def read_link(self, submitted: str, channel: Channel, month: Month, ctx: Context) -> dict | None:
        """One video link → its oEmbed payload, or None (dead, not a video, created outside the month)."""
        url = canonical_video_url(submitted)
        if url is None and is_short_link(submitted):
            url, status = _resolve(ctx, submitted)
            if url is None:
                _dead_short_link(ctx, submitted, status)
                return None
        if url is None:
            ctx.note(ChannelNote.NOT_A_VIDEO_LINK, f"not a TikTok video link: {submitted}", url=submitted, platform="tiktok")
            return None
        video_id = _video_id(url)
        if not month.contains(snowflake_time(video_id)):
            return None
        payload = self._oembed(ctx, channel, submitted, url, video_id)
        if payload is None:
            return None
        return {"_source": "oembed", "url": url, "submitted_url": submitted, "video_id": video_id, "oembed": payload}

    def _oembed(self, ctx: Context, channel: Channel, submitted: str, url: str, video_id: str) -> dict | None:
        try:
            resp = ctx.session.get(oembed_url(ctx.settings, url))
        except requests.RequestException as exc:
            raise request_error(exc, "tiktok", channel.account, "cannot reach oEmbed") from None
        if resp.status_code == 429:
            raise CollectorError("tiktok", channel.account, "oEmbed rate limit (HTTP 429), try later", kind="rate_limit")
        if resp.status_code >= 500:
            raise CollectorError("tiktok", channel.account, f"oEmbed unavailable (HTTP {resp.status_code}), try later", kind="unavailable")
        if resp.status_code != 200:
            if not _tiktok_says_no(resp):
                raise CollectorError("tiktok", channel.account, f"oEmbed answered HTTP {resp.status_code} with an HTML page, "
                                     "not TikTok's JSON: a firewall or block page in between; no video was marked gone, "
                                     "try later", kind=Kind.BLOCKED)
            # Deleted, private, region-blocked, and TikTok itself says so: the video is gone, the collection is not broken.
            _oembed_checked(ctx, submitted, url, False, resp.status_code)
            ctx.mark_gone(submitted, f"HTTP {resp.status_code}", post_id=video_id)
            return None
        payload = _oembed_payload(resp, channel)
        _oembed_checked(ctx, submitted, url, True, resp.status_code)
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
    error = error if isinstance(error, dict) else {}
    code = error.get("code")
    message = redact(error.get("message") or f"HTTP {resp.status_code}")
    params = {"problem": Problem.TOKEN_INVALID} if code == 190 else {}
    return CollectorError("instagram", channel.account, f"Graph API error {code}: {message}" if code else message,
                          kind=graph_kind(error, resp.status_code), params=params)


def _ig_page(resp: requests.Response, channel: Channel) -> dict:
    """A 200 page of media, checked for the Graph API's shape: a JSON object with a `data` list."""
    try:
        data = json_body(resp)
    except MalformedBody as exc:
        blocked = looks_like_html(resp)
        raise CollectorError("instagram", channel.account, "an HTML page answered instead of the Graph API's JSON: a login, "
                             "consent or firewall page, try later" if blocked else f"Graph API answer malformed: {exc}",
                             kind=Kind.BLOCKED if blocked else Kind.MALFORMED) from None
    if not isinstance(data, dict) or not isinstance(data.get("data"), list) or not isinstance(data.get("paging", {}), dict):
        raise CollectorError("instagram", channel.account, "Graph API answer malformed: no 'data' list", kind=Kind.MALFORMED)
    return data


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
            raise CollectorError("instagram", channel.account, "the Graph API needs the numeric Instagram user id (user_id), not a handle",
                                 kind="config", params={"problem": Problem.IG_USER_ID})
        url: str | None = media_url(ctx.settings, channel.account, month, token)
        for _ in range(IG_MAX_PAGES):
            if not url:
                return
            try:
                resp = ctx.session.get(url)
            except requests.RequestException as exc:
                raise request_error(exc, "instagram", channel.account, "cannot reach the Graph API") from None
            if resp.status_code != 200:
                raise _graph_error(channel, resp)
            data = _ig_page(resp, channel)
            for item in data.get("data") or []:
                when = _ig_time(item)
                if when is not None and month.contains(when):
                    yield {"_source": "graph", **item}
            # An empty page may still carry paging.next: only its absence ends the listing.
            url = (data.get("paging") or {}).get("next")

    def _verify_only(self, channel: Channel, ctx: Context, token_env: str) -> None:
        links = [u for u in channel.option("links") or [] if isinstance(u, str)]
        for url in links:
            check_exists(url, ctx)
        ctx.mark_partial(
            ChannelNote.NO_TOKEN_LINKS_ONLY, f"no token in {token_env}, posts cannot be listed"
            + (f"; {len(links)} listed link(s) checked" if links else ""), env=token_env, links=len(links))

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


# --- office links that can only be checked ----------------------------------------------------


class ExistenceReader:
    """Listed links of a platform whose posts cannot be read one by one: only checked to open."""

    def __init__(self, platform: str):
        self.platform = platform

    def read_link(self, url: str, channel: Channel, month: Month, ctx: Context) -> None:
        """GET the link (a short one where it leads); a dead one is reported (an unauthenticated GET is
        not proof enough to mark a post gone)."""
        check_where_it_leads(url, ctx)

    def to_post(self, raw: dict, channel: Channel, office: Office | None) -> None:
        return None

    def reads_posts(self, settings: Mapping, env: Mapping[str, str]) -> bool:
        return False


TIKTOK_COLLECTOR = TikTokCollector()
INSTAGRAM_COLLECTOR = InstagramCollector()
