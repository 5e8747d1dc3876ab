"""Facebook Pages through the Graph API: a page's own posts (/{page-id}/posts) for the audited month.

Reference: platform-formats §1. Errors are told apart by the Graph `error.code`, never by the
HTTP status; paging follows `paging.next` verbatim until it is absent.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit, urlunsplit

import requests

from auditor.collect.base import Context
from auditor.collect.graph import (
    RATE_LIMIT_CODES, RATE_LIMITS, TOKEN_PROBLEMS, TRANSIENT_CODES, graph_kind, code_of as _code,
)
from auditor.codes import ChannelNote, Kind, Problem
from auditor.errors import CollectorError
from auditor.collect.http import MalformedBody, describe, json_body, looks_like_html, redact, retry_at, time_left, try_again_after
from auditor.models import Account, PageTag, Post
from auditor.period import BANGKOK, Month, parse_timestamp
from auditor.platforms.facebook import FACEBOOK
from auditor.registry import Channel, Office

PLATFORM = "facebook"
COLLECTOR_NAME = "facebook-graph"
FIELDS = ("id,created_time,updated_time,message,message_tags,story,permalink_url,status_type,"
          "attachments{type,url,title,description,target}")
DEFAULTS = dict(FACEBOOK.settings)
LIGHT_FIELDS = "id,updated_time"  # a re-scan's first page: enough to see whether anything changed
# A post updated this close before the last scan may have been updated after it by Facebook's clock.
CLOCK_SKEW = timedelta(minutes=10)
# since/until filter on updated_time and results are ranked (§1.3), so ask wider and filter here.
MARGIN = timedelta(days=3)
PAGE_LIMIT = 100  # the documented maximum; more is an error
MAX_PAGES = 50
MAX_RETRIES = 3
BASE_BACKOFF = 2.0  # seconds, doubled on each retry
# Platform usage headers carry no estimate; at 100% the hour's budget is spent and a quick retry
# only spends more, so start the doubling from here instead (30, 60, 120 s).
SPENT_BACKOFF = 30.0
MAX_WAIT = 300.0  # seconds; when Facebook estimates longer, give up on the channel at once
USAGE_HEADERS = ("X-Business-Use-Case-Usage", "X-App-Usage", "X-Page-Usage")
PLATFORM_USAGE_HEADERS = ("X-App-Usage", "X-Page-Usage")
SMALLEST_LIMIT = 10
def facebook_settings(settings: Mapping) -> dict:
    """The [facebook] table with defaults, from registry.settings or from the table itself."""
    table = settings.get(PLATFORM) if isinstance(settings.get(PLATFORM), Mapping) else settings
    return {**DEFAULTS, **{k: v for k, v in table.items() if v}}


def first_page_url(settings: Mapping, channel: Channel, month: Month, fields: str = FIELDS) -> str:
    """The first /posts request for a page and month, without the access token.

    `settings` is registry.settings (or its "facebook" table). Derived from the month only,
    never from the clock, so cassettes replay. `fields`: LIGHT_FIELDS for a re-scan's first look.
    """
    fb = facebook_settings(settings)
    query = urlencode({
        "fields": fields,
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
        """Yield raw Graph post objects created within the month plus a margin of MARGIN each side.

        Follows paging.next verbatim, past empty pages, and stops when it is absent or when a
        page holds only posts created before the window.
        """
        call = _Call(channel, token_env_name(ctx.settings, channel), ctx)
        if ctx.previous is not None and unchanged(call.get(first_page_url(ctx.settings, channel, month, LIGHT_FIELDS)),
                                                  ctx.previous.collected_at):
            ctx.mark_unchanged()
            return
        low, high = month.start - MARGIN, month.end + MARGIN
        url = first_page_url(ctx.settings, channel, month)
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            seen.add(url)
            body = call.get(url)
            yield from (item for item in body["data"] if _within(item, low, high, ctx))
            url = (body.get("paging") or {}).get("next")
            if not url or _all_before(body["data"], low):
                return
            if url in seen:  # a cursor that does not move would loop until MAX_PAGES
                ctx.mark_partial(ChannelNote.REPEATED_PAGE, "stopped after the platform repeated a page (the same "
                                 "paging.next); older posts of the month may be missing")
                return
        ctx.mark_partial(ChannelNote.STOPPED_AFTER_PAGES, f"stopped after {MAX_PAGES} pages; older posts of the month may be missing", n=MAX_PAGES)

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
            collector=COLLECTOR_NAME,
        )


def unchanged(light_page: dict, since: datetime) -> bool:
    """True when a first page of `id,updated_time` of the month's window shows nothing updated since
    the channel's last complete scan. since/until filter on updated_time (platform-formats §1.3) and
    a page holds 100 posts, more than a district page posts in a month, so a new or edited post of
    the window is on it; a full page with more after it, or an empty one with a next link, says nothing."""
    items, more = light_page["data"], bool((light_page.get("paging") or {}).get("next"))
    if not items or len(items) >= PAGE_LIMIT:
        return not more
    times = [_time(item, "updated_time") for item in items]
    return all(t is not None for t in times) and max(times) < since - CLOCK_SKEW


class _Call:
    """Authenticated GETs for one channel: token lookup, rate-limit retries, error mapping."""

    def __init__(self, channel: Channel, env_var: str, ctx: Context):
        self.channel, self.env_var, self.session, self.sleep = channel, env_var, ctx.session, ctx.sleep
        self.token = ctx.env.get(env_var) or ""
        if not self.token:
            raise self.error(f"no access token: set the environment variable {env_var}", "auth",
                             problem=Problem.TOKEN_MISSING, env=env_var)

    def error(self, message: str, kind: str, **params) -> CollectorError:
        return CollectorError(PLATFORM, self.channel.account, self.safe(message), kind=kind, params=params)

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
            wait, left = backoff_seconds(resp.headers, attempt), time_left()
            if _code(error) not in RATE_LIMIT_CODES | TRANSIENT_CODES or attempt >= MAX_RETRIES or wait > MAX_WAIT:
                raise self.graph_error(error, resp.headers, tries=attempt + 1, http_status=resp.status_code)
            if left is not None and wait >= left:  # waiting would outlast this channel's time budget
                raise self.graph_error(error, resp.headers, tries=attempt + 1, http_status=resp.status_code, budget=True)
            if _too_much_data(error):
                url = smaller_page(url)
            self.sleep(wait)
            attempt += 1

    def _send(self, url: str) -> requests.Response:
        # paging.next already carries the token; add it only to URLs that do not.
        params = None if "access_token" in parse_qs(urlsplit(url).query) else {"access_token": self.token}
        try:
            return self.session.get(url, params=params)
        except requests.RequestException as exc:
            kind, what, params = describe(exc)
            raise self.error(f"request failed: {what}; check the network and run the scan again later", kind, **params) from None

    def _json(self, resp: requests.Response, url: str) -> dict:
        try:
            body = json_body(resp)
        except MalformedBody as exc:
            raise self._not_json(resp, url, str(exc)) from None
        if not isinstance(body, dict):
            raise self.error(f"unexpected response: a JSON {type(body).__name__}, not an object (HTTP {resp.status_code})", "bad_response")
        if "error" in body and not isinstance(body["error"], dict):
            raise self.error(f"unexpected error value (HTTP {resp.status_code}): {str(body['error'])[:200]}", "bad_response")
        return body

    def _not_json(self, resp: requests.Response, url: str, problem: str) -> CollectorError:
        """A body that is not the Graph API's JSON, told apart by what answered: a proxy's 429 or
        5xx page, a login/consent/firewall page, or a broken answer."""
        status, content_type = resp.status_code, resp.headers.get("Content-Type") or "no Content-Type"
        if status == 429:
            return self.error(f"HTTP 429 Too Many Requests (not a Graph error) from {url}; rate limit, run the scan again later",
                              Kind.RATE_LIMIT)
        if status >= 500:
            return self.error(f"HTTP {status}: Facebook or a proxy in between is unavailable (a server error page, not the "
                              f"Graph API's JSON) from {url}; run the scan again later", Kind.UNAVAILABLE)
        if looks_like_html(resp):
            return self.error(f"HTTP {status}: an HTML page ({content_type}) answered instead of the Graph API's JSON, "
                              f"a login, consent or firewall page; check base_url in auditor.toml and the network ({url})",
                              Kind.BLOCKED)
        return self.error(f"HTTP {status}: malformed answer, {problem} ({content_type}) from {url}; run the scan again later",
                          Kind.MALFORMED)

    def _checked(self, body: dict, resp: requests.Response, url: str) -> dict:
        if not isinstance(body.get("data"), list) or not isinstance(body.get("paging", {}), dict):
            raise self.error(f"malformed answer (HTTP {resp.status_code}): no 'data' list from {url}", Kind.MALFORMED)
        return body

    def graph_error(self, error: dict, headers, tries: int = 1, http_status: int = 400, budget: bool = False) -> CollectorError:
        """Map a Graph error envelope to a CollectorError a person can act on; `budget` when the
        back-off it asks for would outlast the channel's time budget."""
        code, sub = _code(error), error.get("error_subcode")
        said = f"(Graph {code}{'/' + str(sub) if sub else ''}: {error.get('message', '')})"
        kind = graph_kind(error, http_status)
        if kind == "auth":
            problem = TOKEN_PROBLEMS.get(sub, "Facebook refused it")
            return self.error(f"access token expired or invalid ({problem}); issue a new Page or system-user token "
                              f"for this page and store it in the environment variable {self.env_var} {said}", kind,
                              problem=Problem.TOKEN_EXPIRED if sub == 463 else Problem.TOKEN_INVALID, env=self.env_var)
        if kind == "rate_limit" and code in RATE_LIMIT_CODES:
            return self._rate_limited(code, headers, tries, said)
        if budget:
            return self.error(f"Facebook had a temporary problem and the back-off would outlast this channel's time budget; "
                              f"run the scan again later {said}", Kind.UNAVAILABLE)
        if kind == "unavailable" and code in TRANSIENT_CODES:
            return self.error(f"Facebook had a temporary problem and still failed after {tries} "
                              f"{'try' if tries == 1 else 'tries'}; run the scan again later {said}", kind)
        if kind == "config":
            return self.error(f"bad page id in config: {self.channel.account!r} does not exist or is not visible "
                              f"to this token; check the page's numeric id in auditor.toml {said}", kind,
                              problem=Problem.PAGE_ID, account=self.channel.account)
        if kind == "permission":
            return self.error(f"missing permission: the token in {self.env_var} cannot read this page's posts; give it "
                              "pages_read_engagement and pages_read_user_content, or use an app or system-user token "
                              f"of an app approved for Page Public Content Access {said}", kind, env=self.env_var)
        return self.error("Graph API refused the request; check this page's id and the [facebook] settings "
                          f"(graph_version) in auditor.toml, then try again {said}", kind)

    def _rate_limited(self, code: int, headers, tries: int, said: str) -> CollectorError:
        wait = regain_minutes(headers)
        if wait:  # Facebook said when: the channel is incomplete until then, "try again after HH:MM"
            at = retry_at(wait * 60)
            return self.error(f"rate limited: {RATE_LIMITS[code]} is used up; Facebook estimates access returns in {wait} min, "
                              f"longer than this tool waits for one page; {try_again_after(at)} {said}", Kind.RETRY_LATER,
                              retry_at=at.isoformat(timespec="minutes"), retry_after=wait)
        return self.error(f"rate limited: {RATE_LIMITS[code]} is used up; gave up on this page after "
                          f"{tries} {'try' if tries == 1 else 'tries'}, run the scan again later {said}", Kind.RATE_LIMIT)


def _too_much_data(error: dict) -> bool:
    # Code 1 "Please reduce the amount of data you're asking for" (seen on long /posts pages).
    return _code(error) == 1 and "reduce the amount of data" in str(error.get("message", ""))


def smaller_page(url: str) -> str:
    """The same request asking for half as many posts a page (never below SMALLEST_LIMIT)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    limit = next((int(v) for k, v in query if k == "limit" and v.isdigit()), PAGE_LIMIT)
    query = [(k, v) for k, v in query if k != "limit"] + [("limit", str(max(SMALLEST_LIMIT, limit // 2)))]
    return urlunsplit(parts._replace(query=urlencode(query)))


def _within(item: dict, low: datetime, high: datetime, ctx: Context) -> bool:
    created = _created(item)
    if created is None:
        item_id = item.get("id", "?") if isinstance(item, dict) else "?"
        ctx.note(ChannelNote.ITEM_SKIPPED, f"item {item_id}: missing or bad created_time, skipped", item=str(item_id))
        return False
    return low <= created <= high


def _all_before(items: list, low: datetime) -> bool:
    """True when a non-empty page's newest created_time is before `low`: paging further only goes back in time.

    Time-based next links drop `since` (§1.7), so without this stop paging walks the page's whole
    history. The newest post decides, not the oldest: results are ranked, and one old pinned or
    comment-bumped post on a page must not end the month early. An empty page says nothing.
    """
    dates = [_created(item) for item in items]
    dates = [d for d in dates if d is not None]
    return bool(dates) and max(dates) < low


def _created(item) -> datetime | None:
    return _time(item, "created_time")


def _time(item, key: str) -> datetime | None:
    try:
        return parse_timestamp(item[key])
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def regain_minutes(headers) -> int:
    """The longest estimated_time_to_regain_access (minutes) in the usage headers; 0 when unknown."""
    return int(max(_header_numbers(headers, USAGE_HEADERS, ("estimated_time_to_regain_access",)), default=0))


def backoff_seconds(headers, attempt: int) -> float:
    """Seconds to wait before retry `attempt` (0-based), from the usage headers (§1.9).

    Facebook's own estimate (BUC estimated_time_to_regain_access) when it gives one; else an
    exponential backoff that starts at SPENT_BACKOFF when X-App-Usage or X-Page-Usage is at 100%.
    """
    base = SPENT_BACKOFF if usage_percent(headers, PLATFORM_USAGE_HEADERS) >= 100 else BASE_BACKOFF
    return max(regain_minutes(headers) * 60.0, base * 2 ** attempt)


def usage_percent(headers, names=USAGE_HEADERS) -> float:
    """The highest call_count / total_cputime / total_time percentage in the named headers; 0 when unknown."""
    return max(_header_numbers(headers, names, ("call_count", "total_cputime", "total_time")), default=0.0)


def _header_numbers(headers, names, keys) -> list[float]:
    """Every number under one of `keys`, at any depth, in the JSON usage headers `names` (§1.9)."""
    found: list[float] = []
    for name in names:
        try:
            _collect(json.loads(headers.get(name) or "null"), keys, found)
        except ValueError:
            continue  # a malformed header says nothing
    return found


def _collect(value, keys, found: list[float]) -> None:
    inner = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in inner:
        if key in keys and isinstance(item, (int, float)):
            found.append(float(item))
        else:
            _collect(item, keys, found)


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


COLLECTOR = FacebookCollector()
