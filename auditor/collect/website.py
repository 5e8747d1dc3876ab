"""Website collector: district WordPress sites (https://district.cdd.go.th/<slug>/).

Three ways in, tried in this order for `kind = "auto"` (the default):

1. the WordPress REST API (`wp-json/wp/v2/posts`), paged with X-WP-TotalPages;
2. the RSS2 feed (`feed/?paged=N`), when REST is off, blocked or answers HTML;
3. a plain HTML listing page, when the channel configures `listing_url` and `selectors`.

Channel options (auditor.toml, `website = { url = "...", ... }`):

* `kind`: "auto" | "wordpress" | "rss" | "html" (default "auto").
* `listing_url`: the listing page for "html" (may contain `{page}` for numbered pages).
* `selectors`: CSS selectors for "html": `{item, link, title, date, excerpt?}`, all but `item` relative
  to an item of the listing; and `body` (a selector or a list of them, tried in order; default
  `.entry-content`, `article`, `main`): the article text on an article page.

Hashtags usually close an article, so a listing's excerpt or an RSS feed in WordPress's "Summary"
mode (no `content:encoded`, a description ending in "[…]") cannot show them. For each such item of
the month the article page is read (same session) and its `body` replaces the excerpt. An article
that cannot be read keeps the excerpt and makes the channel *partial*: its hashtag rules become
unknown instead of failing on incomplete text. REST posts carry `content.rendered` and need no page.

post_id: `wp:<site>:<id>` whenever the WordPress post id is known — the REST `id`, or the RSS
`<guid>` that WordPress writes as `<site>/?p=<id>` — so a post keeps its id whether it was read
through REST or RSS. `<site>` is the configured site as host + path (`district.cdd.go.th/warin`,
lowercased, no trailing slash): the district sites are one WordPress Multisite whose sites each
number their posts from 1, so the bare id would collide across districts. Otherwise (a custom
guid, an HTML listing) the post_id is the permalink, which is site-scoped by itself.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode, urljoin

import feedparser
import requests
from bs4 import BeautifulSoup

from auditor.collect.base import Context
from auditor.codes import ChannelNote, Problem
from auditor.errors import CollectorError
from auditor.collect import http
from auditor.collect.http import MalformedBody, describe, json_body, looks_like_html, redact, text_body
from auditor.models import Account, Post
from auditor.period import BANGKOK, Month, from_thai_digits, parse_thai_datetime
from auditor.registry import Channel, Office, account_key
from auditor.text.thai import html_to_text

PLATFORM = "website"
KINDS = ("auto", "wordpress", "rss", "html")
PER_PAGE = 100
REST_FIELDS = "id,date,date_gmt,link,title,content"
# WordPress compares after/before with post_date in the *site's* time zone. A district site
# whose timezone setting was left at UTC would shift by 7 h, so ask for a day more on each
# side and filter on date_gmt here.
WINDOW_MARGIN = timedelta(days=1)
MAX_PAGES = 50
# modified_after, like after, is read in the site's time zone: a site left at UTC is 7 h behind Bangkok.
MODIFIED_MARGIN = timedelta(hours=8)
SELECTOR_KEYS = ("item", "link", "title", "date")
DEFAULT_BODY_SELECTORS = (".entry-content", "article", "main")
MAX_ARTICLES = 300  # article pages read per channel and month; more would be a runaway listing
# How WordPress and Thai themes end an excerpt: "[…]" (&#8230;), "...", "Read more", "อ่านต่อ".
_EXCERPT_END = re.compile(r"(?:\[\s*(?:…|\.{3})\s*\]|…|\.{3}|read more|continue reading|อ่านต่อ|อ่านเพิ่มเติม)\W*$", re.I)


class _ArticleUnread(Exception):
    """An article page could not give its body; the item keeps its excerpt."""


class _SourceFailed(Exception):
    """One way into a site (REST, RSS, HTML) failed; auto mode tries the next one."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


# --- URL builders -------------------------------------------------------------------------


def site_base(channel: Channel) -> str:
    """The site's base URL with exactly one trailing slash."""
    return channel.account.rstrip("/") + "/"


def rest_url(channel: Channel, month: Month, page: int, fields: str = REST_FIELDS, extra: tuple = ()) -> str:
    """The REST posts URL for one page of the month; after/before are naive Bangkok local time."""
    after = (month.start - WINDOW_MARGIN).astimezone(BANGKOK).replace(tzinfo=None)
    before = (month.end + WINDOW_MARGIN).astimezone(BANGKOK).replace(tzinfo=None)
    query = urlencode(
        [
            ("after", after.isoformat()),
            ("before", before.isoformat()),
            ("per_page", PER_PAGE),
            ("page", page),
            ("orderby", "date"),
            ("order", "asc"),
            ("_fields", fields),
            *extra,
        ],
        safe=":,",
    )
    return f"{site_base(channel)}wp-json/wp/v2/posts?{query}"


def modified_url(channel: Channel, month: Month, since: datetime) -> str:
    """The month's first REST page, only posts modified after `since` (WordPress 5.7+ `modified_after`,
    compared like `after` with the site's local time, hence naive Bangkok time and a margin), ids only."""
    after = (since - MODIFIED_MARGIN).astimezone(BANGKOK).replace(tzinfo=None).isoformat(timespec="seconds")
    return rest_url(channel, month, 1, fields="id", extra=(("modified_after", after),))


def rss_url(channel: Channel, page: int) -> str:
    """The RSS2 feed URL; page 1 is the plain feed, later pages use ?paged=N."""
    feed = f"{site_base(channel)}feed/"
    return feed if page <= 1 else f"{feed}?paged={page}"


def listing_url(channel: Channel, page: int) -> str:
    """The HTML listing URL of a page ({page} in listing_url is replaced; otherwise one page)."""
    template = channel.option("listing_url") or ""
    return template.replace("{page}", str(page))


# --- Thai dates on HTML listings --------------------------------------------------------------


def parse_thai_date(text: str) -> datetime | None:
    """A Bangkok datetime from a listing's date text, or None: a Thai date anywhere in it
    (period.parse_thai_datetime), else a <time datetime="2025-02-14T10:00:00+07:00"> value."""
    try:  # an exact time with its offset first
        exact = datetime.fromisoformat(from_thai_digits(text or "").strip().replace("Z", "+00:00"))
    except ValueError:
        exact = None
    if exact is not None and exact.tzinfo is not None:
        return exact.astimezone(BANGKOK)
    try:
        return parse_thai_datetime(text, anywhere=True)
    except ValueError:
        return None


# --- HTTP helpers ---------------------------------------------------------------------------


def _get(ctx: Context, channel: Channel, url: str, headers: dict | None = None) -> requests.Response:
    return http.get(ctx.session, url, platform=PLATFORM, account=channel.account, headers=headers)


def _is_json(resp: requests.Response) -> bool:
    return "json" in resp.headers.get("Content-Type", "").lower()


def _wp_error_code(resp: requests.Response) -> str:
    if not _is_json(resp):
        return ""
    try:
        data = resp.json()
    except ValueError:
        return ""
    return str(data.get("code", "")) if isinstance(data, dict) else ""


def _status_kind(status: int, resp: requests.Response | None = None) -> str:
    if status == 429:
        return "rate_limit"
    if status in (401, 403):
        # WordPress's own refusal is JSON (rest_forbidden); an HTML page is a firewall or login wall.
        return "blocked" if resp is not None and looks_like_html(resp) else "auth"
    if status == 404:
        return "not_found"
    return "unavailable" if status >= 500 else "bad_response"


def _html_note(resp: requests.Response) -> str:
    """For a refusal (401/403) that is an HTML page: say it is a login or firewall page, not WordPress."""
    return " with an HTML page (a login, consent or firewall page)" if _status_kind(resp.status_code, resp) == "blocked" else ""


def _parse_gmt(value: str) -> datetime | None:
    """WordPress date_gmt ('2025-01-31T17:30:00', UTC without 'Z') as an aware Bangkok datetime."""
    try:
        naive = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return naive.replace(tzinfo=timezone.utc).astimezone(BANGKOK)


def _parse_pubdate(value: str) -> datetime | None:
    """RSS pubDate ('Fri, 31 Jan 2025 17:30:00 +0000', always GMT in WordPress) in Bangkok time."""
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(BANGKOK)


# --- the three sources ----------------------------------------------------------------------


def _rest_items(channel: Channel, month: Month, ctx: Context) -> Iterator[dict]:
    """REST posts of the month, paging until X-WP-TotalPages (or a short page without it)."""
    seen: dict[tuple, int] = {}
    for page in range(1, MAX_PAGES + 1):
        resp = _get(ctx, channel, rest_url(channel, month, page))
        code = _wp_error_code(resp)
        if resp.status_code == 400 and code == "rest_post_invalid_page_number":
            return  # asked one page too far: the end, not an error
        if resp.status_code != 200:
            detail = f" {code}" if code else ""
            raise _SourceFailed(f"answered HTTP {resp.status_code}{detail}{_html_note(resp)}", _status_kind(resp.status_code, resp))
        data = _rest_page(resp)
        ids = tuple(item["id"] for item in data)
        if ids and ids in seen:
            ctx.mark_partial(ChannelNote.REPEATED_PAGE, f"REST API: stopped after the site repeated a page (page {page} is "
                             f"page {seen[ids]} again); posts of the month may be missing", page=page)
            return
        seen.setdefault(ids, page)
        for item in data:
            when = _parse_gmt(item.get("date_gmt"))
            if when is not None and month.contains(when):
                yield {"_source": "wordpress", **item}
        total = resp.headers.get("X-WP-TotalPages", "").strip()
        # Some caching proxies drop the X-WP-* headers; then a short page is the last one.
        if (page >= int(total)) if total.isdigit() else (len(data) < PER_PAGE):
            return
        if not data:
            ctx.mark_partial(ChannelNote.EMPTY_PAGE, f"REST API: page {page} was empty although X-WP-TotalPages says "
                             f"{total}; posts of the month may be missing", page=page, total=int(total))
            return
    ctx.mark_partial(ChannelNote.STOPPED_AFTER_PAGES, f"stopped after {MAX_PAGES} pages; older posts of the month may be missing",
                     n=MAX_PAGES)


_REST_KEYS = {"id": int, "date_gmt": str, "title": dict, "content": dict}


def _rest_page(resp: requests.Response) -> list[dict]:
    """A page of REST posts, checked for the documented shape: a JSON list of post objects with id,
    date_gmt, title.rendered and content.rendered. Security plugins answer HTML with status 200."""
    if looks_like_html(resp):
        raise _SourceFailed(f"answered an HTML page ({resp.headers.get('Content-Type') or 'no Content-Type'}), not JSON: "
                            "a login, consent or firewall page", "blocked")
    try:
        data = json_body(resp)
    except MalformedBody as exc:
        raise _SourceFailed(f"answer malformed: {exc}", "malformed") from None
    if not isinstance(data, list):
        raise _SourceFailed("answer malformed: not a list of posts", "malformed")
    for item in data:
        if not isinstance(item, dict) or any(not isinstance(item.get(k), t) for k, t in _REST_KEYS.items()) \
                or not isinstance(item["title"].get("rendered"), str) or not isinstance(item["content"].get("rendered"), str):
            raise _SourceFailed("answer malformed: a post without id, date_gmt, title.rendered or content.rendered", "malformed")
    return data


def _rss_entry(entry) -> dict:
    content = entry.get("content") or []
    body = content[0].get("value", "") if content else entry.get("summary", "")
    return {
        "_source": "rss",
        "guid": entry.get("id", ""),
        "link": entry.get("link", ""),
        "title": entry.get("title", ""),
        "pubDate": entry.get("published", ""),
        "content": body,
        "body_from": "content" if content else "description",  # no content:encoded: "Summary" mode
    }


def _rss_items(channel: Channel, month: Month, ctx: Context) -> Iterator[dict]:
    """Feed items of the month, paging with ?paged=N until a page reaches back before the month."""
    seen: set[str] = set()
    for page in range(1, MAX_PAGES + 1):
        resp = _get(ctx, channel, rss_url(channel, page))
        if resp.status_code == 404 and page > 1:
            return  # WordPress answers 404 past the last feed page
        if resp.status_code != 200:
            raise _SourceFailed(f"answered HTTP {resp.status_code}{_html_note(resp)}", _status_kind(resp.status_code, resp))
        if page == 1:
            ctx.keep_validators(rss_url(channel, 1), resp)
        feed = _feed(resp)
        if not feed.entries:
            return
        items = [_rss_entry(e) for e in feed.entries]
        keys = {i["guid"] or i["link"] for i in items}
        if keys <= seen:  # the site ignores ?paged and repeats page 1: older posts cannot be reached
            ctx.mark_partial(ChannelNote.REPEATED_PAGE, f"RSS feed: stopped after the site repeated a page (?paged={page} is "
                             "an earlier page again); older posts of the month may be missing", page=page)
            return
        seen |= keys
        dates = [_parse_pubdate(i["pubDate"]) for i in items]
        for item, when in zip(items, dates):
            if when is not None and month.contains(when):
                yield item
        known = [d for d in dates if d is not None]
        if not known or min(known) < month.start:
            return
    ctx.mark_partial(ChannelNote.STOPPED_AFTER_PAGES, f"stopped after {MAX_PAGES} pages; older posts of the month may be missing",
                     n=MAX_PAGES)


def _feed(resp: requests.Response):
    """The RSS page parsed by feedparser from text decoded here (UTF-8, else the declared charset),
    so one bad byte cannot make feedparser re-decode the whole feed in a Windows code page. Any
    feedparser `bozo` (malformed XML, a feed cut mid-way) fails the source: the items before the
    error are not the month."""
    if looks_like_html(resp):
        raise _SourceFailed("answered an HTML page, not a feed: a login, consent or firewall page", "blocked")
    try:
        text = text_body(resp)
    except MalformedBody as exc:
        raise _SourceFailed(f"feed malformed: {exc}", "malformed") from None
    text = re.sub(r"^(\s*<\?xml[^>]*?)\s+encoding\s*=\s*[\"'][^\"']*[\"']", r"\1", text)  # now text, not bytes
    feed = feedparser.parse(text.encode("utf-8"), response_headers={"content-type": "application/rss+xml; charset=utf-8"})
    if feed.bozo or not feed.version:
        problem = getattr(feed, "bozo_exception", None) or "not an RSS or Atom feed"
        raise _SourceFailed(f"feed malformed: {type(problem).__name__ if not isinstance(problem, str) else problem}: {problem}",
                            "malformed")
    return feed


def _has_listing(channel: Channel) -> bool:
    selectors = channel.option("selectors")
    return bool(channel.option("listing_url")) and isinstance(selectors, dict) and all(selectors.get(k) for k in SELECTOR_KEYS)


def _scrape_item(el, selectors: dict, page_url: str) -> dict | None:
    link_el = el.select_one(selectors["link"])
    if link_el is not None and not link_el.get("href"):
        link_el = link_el.find("a", href=True)
    date_el = el.select_one(selectors["date"])
    if link_el is None or date_el is None:
        return None
    title_el = el.select_one(selectors["title"])
    excerpt_el = el.select_one(selectors["excerpt"]) if selectors.get("excerpt") else None
    return {
        "_source": "html",
        "link": urljoin(page_url, link_el["href"]),
        "title": title_el.get_text(" ", strip=True) if title_el else "",
        "date_text": date_el.get("datetime") or date_el.get_text(" ", strip=True),
        "body_html": excerpt_el.decode_contents() if excerpt_el else "",
        "body_from": "listing",
    }


def _html_items(channel: Channel, month: Month, ctx: Context) -> Iterator[dict]:
    """Items of a listing page whose Thai date falls in the month."""
    if not _has_listing(channel):
        raise CollectorError(PLATFORM, channel.account, "kind 'html' needs listing_url and selectors {item, link, title, date}", kind="config",
                             params={"problem": Problem.HTML_LISTING})
    selectors = channel.option("selectors")
    paged = "{page}" in channel.option("listing_url")
    seen: dict[tuple, int] = {}
    for page in range(1, (MAX_PAGES if paged else 1) + 1):
        url = listing_url(channel, page)
        resp = _get(ctx, channel, url)
        if resp.status_code == 404 and page > 1:
            return
        if resp.status_code != 200:
            raise _SourceFailed(f"answered HTTP {resp.status_code}{_html_note(resp)}", _status_kind(resp.status_code, resp))
        if page == 1:
            ctx.keep_validators(url, resp)
        soup = _listing_soup(resp)
        elements = soup.select(selectors["item"])
        if not elements and page == 1:
            form = soup.find("form") is not None
            raise _SourceFailed(f"no item matched selectors.item {selectors['item']!r} on the first page: "
                                + ("a login, consent or firewall page answered" if form else "the page layout changed"),
                                "blocked" if form else "malformed")
        if not elements:
            return
        links = tuple(str(el) for el in elements)
        if links in seen:
            ctx.mark_partial(ChannelNote.REPEATED_PAGE, f"HTML listing: stopped after the site repeated a page (page {page} "
                             f"is page {seen[links]} again); older posts of the month may be missing", page=page)
            return
        seen[links] = page
        oldest = None
        for el in elements:
            item = _scrape_item(el, selectors, url)
            when = parse_thai_date(item["date_text"]) if item else None
            if when is None:
                ctx.note(ChannelNote.ITEM_SKIPPED, f"listing item without a readable link or date on {url}", item=url)
                continue
            oldest = when if oldest is None else min(oldest, when)
            if month.contains(when):
                yield item
        if oldest is None or oldest < month.start:
            return
    if paged:
        ctx.mark_partial(ChannelNote.STOPPED_AFTER_PAGES, f"stopped after {MAX_PAGES} pages; older posts of the month may be "
                         "missing", n=MAX_PAGES)


def _listing_soup(resp: requests.Response) -> BeautifulSoup:
    """A listing page, decoded strictly (see _soup) and whole: a page cut before </html> would list
    only the items before the cut."""
    try:
        text = text_body(resp)
    except MalformedBody as exc:
        raise _SourceFailed(f"page malformed: {exc}", "malformed") from None
    if "</html" not in text[-4096:].lower():
        raise _SourceFailed("page malformed: cut off before </html>", "malformed")
    return BeautifulSoup(text, "html.parser")


_SOURCES = {"wordpress": ("REST API", _rest_items), "rss": ("RSS feed", _rss_items), "html": ("HTML listing", _html_items)}


# --- article pages, for items that carry only an excerpt ------------------------------------


_BODY_KEY = {"rss": "content", "html": "body_html"}


def _soup(resp: requests.Response) -> BeautifulSoup:
    """A page decoded as UTF-8, else its declared charset (http.text_body), never guessed: requests
    would take ISO-8859-1 for a header without a charset and turn Thai into mojibake."""
    try:
        return BeautifulSoup(text_body(resp), "html.parser")
    except MalformedBody as exc:
        raise _ArticleUnread(str(exc)) from None


def looks_like_excerpt(markup: str) -> bool:
    """True for an excerpt: empty, ending like WordPress's "[…]" or "Read more", or with a more-link."""
    text = html_to_text(markup or "").strip()
    return not text or bool(_EXCERPT_END.search(text)) or "more-link" in (markup or "")


def _needs_article(item: dict) -> bool:
    if item.get("_source") == "html":
        return True
    return item.get("_source") == "rss" and (item.get("body_from") == "description" or looks_like_excerpt(item.get("content", "")))


def body_selectors(channel: Channel) -> tuple[str, ...]:
    """The CSS selectors tried in order for an article's body: `selectors.body`, else the defaults."""
    selectors = channel.option("selectors")
    configured = selectors.get("body") if isinstance(selectors, dict) else None
    if not configured:
        return DEFAULT_BODY_SELECTORS
    return (configured,) if isinstance(configured, str) else tuple(configured)


def _article_soup(ctx: Context, url: str) -> BeautifulSoup:
    if not url.startswith(("http://", "https://")):
        raise _ArticleUnread("no link to the article")
    try:
        resp = ctx.session.get(url)
    except requests.RequestException as exc:
        raise _ArticleUnread(f"cannot reach it: {describe(exc)[1]}") from None
    content_type = resp.headers.get("Content-Type", "")
    if resp.status_code != 200:
        raise _ArticleUnread(f"HTTP {resp.status_code}")
    if not looks_like_html(resp):
        raise _ArticleUnread(f"answered {content_type or 'no Content-Type'}, not HTML")
    return _soup(resp)


def _select_body(soup: BeautifulSoup, selectors: tuple[str, ...]) -> str:
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    for selector in selectors:
        element = soup.select_one(selector)
        if element is not None and element.get_text(strip=True):
            return element.decode_contents()
    raise _ArticleUnread(f"no body matched {' | '.join(selectors)}")


def read_article(ctx: Context, channel: Channel, url: str) -> str | None:
    """The body (HTML) of an article page, or None: then the channel is partial, naming the URL."""
    try:
        return _select_body(_article_soup(ctx, url), body_selectors(channel))
    except _ArticleUnread as exc:
        ctx.mark_partial(ChannelNote.ARTICLE_NOT_READ,
                         f"article not read, kept its excerpt (hashtags may be missing): {redact(url) or '(no link)'}: {exc}",
                         url=redact(url))
        return None


def _with_articles(items: list[dict], channel: Channel, ctx: Context) -> list[dict]:
    """Items whose excerpt is replaced by their article's body where it could be read."""
    todo = sum(1 for item in items if _needs_article(item))
    if todo > MAX_ARTICLES:
        ctx.mark_partial(ChannelNote.EXCERPTS_ONLY, f"{todo} items carry only an excerpt; read the first {MAX_ARTICLES} article pages",
                         n=todo, read=MAX_ARTICLES)
    out, read = [], 0
    for item in items:
        body = None
        if _needs_article(item) and read < MAX_ARTICLES:
            read += 1
            body = read_article(ctx, channel, item.get("link", ""))
        out.append(item if body is None else {**item, _BODY_KEY[item["_source"]]: body, "body_from": "article"})
    return out


# --- normalization --------------------------------------------------------------------------


_WP_ID_IN_GUID = re.compile(r"[?&]p=(\d+)(?:&|$)")
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.I)


def _join(title: str, body: str) -> str:
    return f"{title.strip()}\n{body.strip()}".strip()


def _hrefs(markup: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(h for h in _HREF.findall(markup or "") if h.startswith(("http://", "https://"))))


def _account(channel: Channel) -> Account:
    return Account(id=site_base(channel), url=site_base(channel))


def _district(office: Office | None) -> str | None:
    return office.id if office is not None and office.is_district else None


def wp_post_id(channel: Channel, wp_id: int | str) -> str:
    """The site-scoped id of a WordPress post: wp:<host><path>:<id>."""
    return f"wp:{account_key(PLATFORM, site_base(channel))}:{wp_id}"


def _rss_post_id(raw: dict, channel: Channel) -> str:
    match = _WP_ID_IN_GUID.search(raw.get("guid") or "")
    return wp_post_id(channel, match.group(1)) if match else (raw.get("link") or raw.get("guid") or "")


# --- which way in works (auditor doctor) -------------------------------------------------------


def probe_rest_url(channel: Channel) -> str:
    """One post id from the REST API: enough to know the route answers JSON, whatever the month."""
    return f"{site_base(channel)}wp-json/wp/v2/posts?per_page=1&_fields=id"


def detect_kind(channel: Channel, ctx: Context) -> tuple[str | None, list[tuple[str, str]]]:
    """The first way in that works, in the collector's order ("wordpress", "rss", "html"), and why
    each earlier one failed as (kind, reason) pairs; None when none works."""
    failures: list[tuple[str, str]] = []
    for kind, probe in (("wordpress", _probe_rest), ("rss", _probe_rss), ("html", _probe_listing)):
        if kind == "html" and not _has_listing(channel):
            continue
        try:
            probe(channel, ctx)
        except _SourceFailed as exc:
            failures.append((kind, str(exc)))
            continue
        except CollectorError as exc:
            if exc.kind == "network":
                raise  # the site could not be reached: nothing is known about its ways in
            failures.append((kind, exc.cause))
            continue
        return kind, failures
    return None, failures


def _probe_rest(channel: Channel, ctx: Context) -> None:
    resp = _get(ctx, channel, probe_rest_url(channel))
    if resp.status_code != 200:
        raise _SourceFailed(f"HTTP {resp.status_code}", _status_kind(resp.status_code))
    if not _is_json(resp):
        raise _SourceFailed("HTML, not JSON", "bad_response")
    try:
        ok = isinstance(resp.json(), list)
    except ValueError:
        ok = False
    if not ok:
        raise _SourceFailed("not a list of posts", "bad_response")


def _probe_rss(channel: Channel, ctx: Context) -> None:
    resp = _get(ctx, channel, rss_url(channel, 1))
    if resp.status_code != 200:
        raise _SourceFailed(f"HTTP {resp.status_code}", _status_kind(resp.status_code))
    if "html" in resp.headers.get("Content-Type", "").lower() or not feedparser.parse(resp.content).version:
        raise _SourceFailed("not a feed", "bad_response")


def _probe_listing(channel: Channel, ctx: Context) -> None:
    url = listing_url(channel, 1)
    resp = _get(ctx, channel, url)
    if resp.status_code != 200:
        raise _SourceFailed(f"HTTP {resp.status_code}", _status_kind(resp.status_code))
    if not _soup(resp).select(channel.option("selectors")["item"]):
        raise _SourceFailed("no item matches selectors.item", "bad_response")


def unchanged(channel: Channel, month: Month, ctx: Context) -> bool:
    """One request to learn that nothing changed since the channel's last complete scan, through the
    way in it used: REST with `modified_after` listing nothing, or the feed's or listing's first page
    answering 304 Not Modified. False (read it all) on any other answer."""
    last = ctx.previous
    if last is None or last.source not in _SOURCES or (last.source == "html" and not _has_listing(channel)):
        return False
    if last.source == "wordpress":
        resp = _get(ctx, channel, modified_url(channel, month, last.collected_at))
        try:
            return resp.status_code == 200 and _rest_page(resp) == []
        except _SourceFailed:
            return False
    url = rss_url(channel, 1) if last.source == "rss" else listing_url(channel, 1)
    return ctx.keep_validators(url, _get(ctx, channel, url, ctx.conditional(url)))



def _telling_kind(kinds: list[str]) -> str:
    """The kind a site's failure is reported with: the first way in that failed for a reason other
    than not being there. A site whose REST answer was malformed and that has no RSS feed is
    malformed, not "not found" (which would send the user to check a right address)."""
    return next((kind for kind in kinds if kind != "not_found"), kinds[0] if kinds else "error")

class WebsiteCollector:
    """District websites: WordPress REST, then RSS, then a configured HTML listing."""

    platform = PLATFORM

    def fetch(self, channel: Channel, month: Month, ctx: Context) -> Iterator[dict]:
        """Yield the month's raw items (dicts tagged with `_source`), falling back as configured;
        an item that carries only an excerpt gets its article page's body (`body_from = "article"`)."""
        kind = channel.option("kind", "auto")
        if kind not in KINDS:
            raise CollectorError(PLATFORM, channel.account, f"kind must be one of {', '.join(KINDS)}, not {kind!r}", kind="config",
                                 params={"problem": Problem.WEBSITE_KIND, "value": str(kind), "kinds": list(KINDS)})
        order = [kind] if kind != "auto" else ["wordpress", "rss"] + (["html"] if _has_listing(channel) else [])
        if ctx.previous is not None and ctx.previous.source in order and unchanged(channel, month, ctx):
            ctx.source = ctx.previous.source
            ctx.mark_unchanged()
            return
        failures: list[str] = []
        failed: list[str] = []
        kinds: list[str] = []
        for source in order:
            label, read = _SOURCES[source]
            try:
                # Buffer one source completely, so a failure on page 3 does not leave
                # half a month from REST followed by the whole month again from RSS.
                items = list(read(channel, month, ctx))
            except _SourceFailed as exc:
                failures.append(f"{label}: {exc}")
                failed.append(source)
                kinds.append(exc.kind)
                continue
            ctx.source = source
            if failures:
                ctx.note(ChannelNote.READ_THROUGH, f"read through the {label} ({'; '.join(failures)})",
                         source=source, failed=failed)
            yield from _with_articles(items, channel, ctx)
            return
        kind = _telling_kind(kinds)
        params = {"problem": Problem.SITE_REFUSED} if kind == "auth" else {}
        raise CollectorError(PLATFORM, channel.account, "; ".join(failures), kind=kind, params=params)

    def to_post(self, raw: dict, channel: Channel, office: Office | None) -> Post | None:
        """One REST post, RSS item or listing item → Post (text = title + plain-text body)."""
        source = raw.get("_source")
        if source == "wordpress":
            when = _parse_gmt(raw.get("date_gmt"))
            title = html_to_text((raw.get("title") or {}).get("rendered", ""))
            content = (raw.get("content") or {}).get("rendered", "")
            post_id, url, collector = wp_post_id(channel, raw["id"]), raw.get("link", ""), "website/wordpress"
        elif source == "rss":
            when = _parse_pubdate(raw.get("pubDate", ""))
            title, content = html_to_text(raw.get("title", "")), raw.get("content", "")
            post_id, url, collector = _rss_post_id(raw, channel), raw.get("link") or raw.get("guid", ""), "website/rss"
        elif source == "html":
            when = parse_thai_date(raw.get("date_text", ""))
            title, content = raw.get("title", ""), raw.get("body_html", "")
            post_id, url, collector = raw.get("link", ""), raw.get("link", ""), "website/html"
        else:
            return None
        if when is None or not post_id:
            return None
        return Post(
            platform=PLATFORM,
            post_id=post_id,
            url=url,
            account=_account(channel),
            published_at=when,
            text=_join(title, html_to_text(content)),
            district=_district(office),
            links=_hrefs(content),
            collector=collector,
            text_partial=raw.get("body_from") != "article" and _needs_article(raw),
        )


COLLECTOR = WebsiteCollector()
