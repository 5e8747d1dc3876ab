"""Facebook Pages through the Graph API: a page's own posts (/{page-id}/posts) for the audited month.

Reference: platform-formats §1. Errors are told apart by the Graph `error.code`, never by the
HTTP status; paging follows `paging.next` verbatim until it is absent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlencode, urlsplit

import requests

from auditor.collectors.base import Context, register
from auditor.errors import CollectorError
from auditor.http import redact
from auditor.models import Account, PageTag, Post
from auditor.period import BANGKOK, Month, parse_timestamp
from auditor.registry import Channel, Office

PLATFORM = "facebook"
COLLECTOR_NAME = "facebook-graph"
FIELDS = ("id,created_time,updated_time,message,message_tags,story,permalink_url,status_type,"
          "attachments{type,url,title,description,target}")
DEFAULTS = {"graph_version": "v24.0", "base_url": "https://graph.facebook.com", "token_env": "AUDITOR_FACEBOOK_TOKEN"}
# since/until filter on updated_time and results are ranked (§1.3), so ask wider and filter here.
MARGIN = timedelta(days=3)
PAGE_LIMIT = 100  # the documented maximum; more is an error
MAX_PAGES = 50
MAX_RETRIES = 3
BASE_BACKOFF = 2.0  # seconds, doubled on each retry
MAX_WAIT = 300.0  # seconds; when Facebook estimates longer, give up on the channel at once
USAGE_HEADERS = ("X-Business-Use-Case-Usage", "X-App-Usage", "X-Page-Usage")
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, 80001})
PERMISSION_CODES = frozenset({10, 283, *range(200, 300)})



def facebook_settings(settings: Mapping) -> dict:
    """The [facebook] table with defaults, from registry.settings or from the table itself."""
    table = settings.get(PLATFORM) if isinstance(settings.get(PLATFORM), Mapping) else settings
    return {**DEFAULTS, **{k: v for k, v in table.items() if v}}


def first_page_url(settings: Mapping, channel: Channel, month: Month) -> str:
    """The first /posts request for a page and month, without the access token.

    `settings` is registry.settings (or its "facebook" table). Derived from the month only,
    never from the clock, so cassettes replay.
    """
    fb = facebook_settings(settings)
    query = urlencode({
        "fields": FIELDS,
        "since": int((month.start - MARGIN).timestamp()),
        "until": int((month.end + MARGIN).timestamp()),
        "limit": PAGE_LIMIT,
    })
    return f"{fb['base_url'].rstrip('/')}/{fb['graph_version']}/{channel.account}/posts?{query}"


def token_env_name(settings: Mapping, channel: Channel) -> str:
    """The environment variable holding the token for a page: the channel's token_env, else the platform's."""
    return channel.option("token_env") or facebook_settings(settings)["token_env"]


class FacebookCollector:
    """Reads a page's own posts with a Page or system-user token."""

    platform = PLATFORM

    def fetch(self, channel: Channel, month: Month, ctx: Context) -> Iterator[dict]:
        """Yield raw Graph post objects created within the month plus a margin of MARGIN each side."""
        call = _Call(channel, token_env_name(ctx.settings, channel), ctx)
        low, high = month.start - MARGIN, month.end + MARGIN
        url = first_page_url(ctx.settings, channel, month)
        for _ in range(MAX_PAGES):
            body = call.get(url)
            for item in body["data"]:
                if _within(item, low, high, ctx):
                    yield item
            url = (body.get("paging") or {}).get("next")
            if not url:
                return
        ctx.mark_partial(f"stopped after {MAX_PAGES} pages; older posts of the month may be missing")

    def to_post(self, raw: dict, channel: Channel, office: Office) -> Post | None:
        """One Graph post object → Post; None for items Facebook wrote itself (story without message)."""
        post_id = raw.get("id")
        if not isinstance(post_id, str) or not post_id:
            raise ValueError("Graph item has no id")
        message = raw.get("message") or ""
        if not message and raw.get("story"):
            # "X updated their cover photo" and similar: Facebook's text, not a publication.
            return None
        created = raw.get("created_time")
        if not isinstance(created, str):
            raise ValueError(f"post {post_id}: created_time is missing")
        return Post(
            platform=PLATFORM,
            post_id=post_id,
            url=raw.get("permalink_url") or f"https://www.facebook.com/{post_id}",
            account=Account(channel.account, channel.option("name") or office.name_th,
                            f"https://www.facebook.com/{channel.account}"),
            published_at=parse_timestamp(created).astimezone(BANGKOK),
            text=message,
            district=office.id if office.is_district else None,
            page_tags=page_tags(raw.get("message_tags")),
            links=attachment_links(raw.get("attachments")),
            collected_at=datetime.now(timezone.utc),
            collector=COLLECTOR_NAME,
        )


class _Call:
    """Authenticated GETs for one channel: token lookup, rate-limit retries, error mapping."""

    def __init__(self, channel: Channel, env_var: str, ctx: Context):
        self.channel, self.env_var, self.session, self.sleep = channel, env_var, ctx.session, ctx.sleep
        self.token = ctx.env.get(env_var) or ""
        if not self.token:
            raise self.error(f"no access token: set the environment variable {env_var}", "auth")

    def error(self, message: str, kind: str) -> CollectorError:
        return CollectorError(PLATFORM, self.channel.account, self.safe(message), kind=kind)

    def safe(self, text: str) -> str:
        text = redact(text)
        return text.replace(self.token, "REDACTED") if getattr(self, "token", "") else text

    def get(self, url: str) -> dict:
        """GET one page, retrying rate limits a bounded number of times; return the JSON body."""
        attempt = 0
        while True:
            resp = self._send(url)
            body = self._json(resp, url)
            error = body.get("error")
            if error is None:
                return self._checked(body, resp, url)
            wait = backoff_seconds(resp.headers, attempt)
            if _code(error) not in RATE_LIMIT_CODES or attempt >= MAX_RETRIES or wait > MAX_WAIT:
                raise self.graph_error(error, resp.headers)
            self.sleep(wait)
            attempt += 1

    def _send(self, url: str) -> requests.Response:
        # paging.next already carries the token; add it only to URLs that do not.
        params = None if "access_token" in parse_qs(urlsplit(url).query) else {"access_token": self.token}
        try:
            return self.session.get(url, params=params)
        except requests.RequestException as exc:
            raise self.error(f"request failed: {type(exc).__name__}: {exc}", "network") from None

    def _json(self, resp: requests.Response, url: str) -> dict:
        try:
            body = resp.json()
        except ValueError:
            kind = resp.headers.get("Content-Type", "no content type")
            raise self.error(f"response is not JSON (HTTP {resp.status_code}, {kind}) from {url}", "bad_response") from None
        if not isinstance(body, dict):
            raise self.error(f"unexpected response: a JSON {type(body).__name__}, not an object (HTTP {resp.status_code})", "bad_response")
        if "error" in body and not isinstance(body["error"], dict):
            raise self.error(f"unexpected error value (HTTP {resp.status_code}): {str(body['error'])[:200]}", "bad_response")
        return body

    def _checked(self, body: dict, resp: requests.Response, url: str) -> dict:
        if not isinstance(body.get("data"), list):
            raise self.error(f"unexpected response (HTTP {resp.status_code}): no 'data' list from {url}", "bad_response")
        return body

    def graph_error(self, error: dict, headers) -> CollectorError:
        """Map a Graph error envelope to a CollectorError a person can act on."""
        code, sub = _code(error), error.get("error_subcode")
        said = f"(Graph {code}{'/' + str(sub) if sub else ''}: {error.get('message', '')})"
        if code == 190:
            return self.error(f"access token expired or invalid — renew the token for this page (env {self.env_var}) {said}", "auth")
        if code in RATE_LIMIT_CODES:
            wait = regain_minutes(headers)
            hint = f"; Facebook estimates access returns in {wait} min" if wait else ""
            return self.error(f"rate limited; gave up on this page for now, try again later{hint} {said}", "rate_limit")
        if code == 100:
            return self.error(f"bad page id in config: {self.channel.account!r} does not exist or is not visible to this token {said}", "config")
        if code in PERMISSION_CODES:
            return self.error(f"missing permission: the token lacks pages_read_engagement / Page Public Content Access for this page {said}", "permission")
        return self.error(f"Graph API error {said}", "error")


def _code(error: dict) -> int | None:
    try:
        return int(error.get("code"))
    except (TypeError, ValueError):
        return None


def _within(item: dict, low: datetime, high: datetime, ctx: Context) -> bool:
    try:
        created = parse_timestamp(item["created_time"])
    except (KeyError, TypeError, ValueError, AttributeError):
        ctx.warnings.append(f"item {item.get('id', '?')}: missing or bad created_time, skipped")
        return False
    return low <= created <= high


def regain_minutes(headers) -> int:
    """The longest estimated_time_to_regain_access (minutes) in the usage headers; 0 when unknown."""
    found = [0]
    for name in USAGE_HEADERS:
        try:
            _collect_regain(json.loads(headers.get(name) or "null"), found)
        except ValueError:
            continue  # a malformed header says nothing
    return max(found)


def _collect_regain(value, found: list[int]) -> None:
    if isinstance(value, dict):
        minutes = value.get("estimated_time_to_regain_access")
        if isinstance(minutes, (int, float)):
            found.append(int(minutes))
        for inner in value.values():
            _collect_regain(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _collect_regain(inner, found)


def backoff_seconds(headers, attempt: int) -> float:
    """Seconds to wait before retry `attempt` (0-based): the header's estimate, at least an exponential backoff."""
    return max(regain_minutes(headers) * 60.0, BASE_BACKOFF * 2 ** attempt)


def page_tags(message_tags) -> tuple[PageTag, ...]:
    """Tagged pages from message_tags: an array, or the old dict keyed by offset (§1.5)."""
    if isinstance(message_tags, dict):
        entries = [e for group in message_tags.values() for e in (group if isinstance(group, list) else [group])]
    else:
        entries = message_tags if isinstance(message_tags, list) else []
    tags, seen = [], set()
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("type") != "page":
            continue
        name, tag_id = str(entry.get("name") or ""), str(entry.get("id") or "")
        if tag_id and not name.startswith("#") and tag_id not in seen:
            seen.add(tag_id)
            tags.append(PageTag(tag_id, name))
    return tuple(tags)


def attachment_links(attachments) -> tuple[str, ...]:
    """The url of every attachment, with Facebook's l.facebook.com redirect unwrapped."""
    data = attachments.get("data") if isinstance(attachments, dict) else None
    links: list[str] = []
    for item in data if isinstance(data, list) else []:
        url = item.get("url") if isinstance(item, dict) else None
        if isinstance(url, str) and url:
            url = _unwrap(url)
            if url not in links:
                links.append(url)
    return tuple(links)


def _unwrap(url: str) -> str:
    parts = urlsplit(url)
    if parts.netloc in ("l.facebook.com", "lm.facebook.com") and parts.path == "/l.php":
        target = parse_qs(parts.query).get("u")
        if target:
            return target[0]
    return url


register(FacebookCollector())
