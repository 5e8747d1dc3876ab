"""Post URLs as districts paste them → one stable key per post.

`normalize_url` turns any pasted form of a post link (mobile hosts, tracking parameters,
short links, Thai slugs encoded or not) into a `Link` whose `key` is the same for every form
of the same post. `post_keys` gives every key under which a collected post can be found, so a
reported link matches a collected post when their key sets meet.

Each platform's own URL forms are parsed by its record in the platform table (auditor/platforms/):
the host picks the platform, a host no platform claims is a website.

Short links (fb.watch, /share/…, vm.tiktok.com, lin.ee) hide the post: `needs_resolving` is
set and `resolve` follows their redirects.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from typing import TYPE_CHECKING

from auditor.errors import AuditorError
from auditor.platforms import PLATFORMS, for_host, known_host
from auditor.platforms.base import Link, UrlParts
from auditor.text.thai import remove_invisible

if TYPE_CHECKING:  # requests costs ~0.1 s to import; only resolve() needs it, at collection
    import requests

__all__ = ["InvalidURL", "Link", "normalize_url", "link_or_none", "link_keys_of", "split_urls", "post_keys",
           "keys_for", "resolve"]
TRACKING_PARAMS = {"fbclid", "gclid", "si", "igsh", "igshid", "_r", "_t", "is_from_webapp", "sender_device",
                   "mibextid", "ref", "rdid", "share_url", "feature", "app", "pp"}
MAX_HOPS = 5
RESOLVE_TIMEOUT = (5.0, 15.0)
REDIRECTS = (301, 302, 303, 307, 308)
HEAD_REFUSED = (400, 403, 405, 501)
_HOST_PREFIXES = ("www.", "m.", "web.", "mobile.", "mbasic.", "touch.", "music.")
_TRAILING = ".,;:!?'\"”’)]}>»…"
_URL_SEPARATORS = re.compile(r"[\s,;|]+|(?<=\S)(?=https?://)")


class InvalidURL(AuditorError, ValueError):
    """A reported URL cannot be read as a web address."""


# --- entry points -----------------------------------------------------------------------


def normalize_url(url: str) -> Link:
    """The Link for a pasted URL; raises InvalidURL when it is not a web address."""
    parts = _split(url)
    platform = for_host(parts.host)
    found = platform.parse_url(parts) if platform is not None and platform.parse_url else None
    if isinstance(found, str):  # a redirect wrapper: the address it wraps is the link
        try:
            return normalize_url(found)
        except InvalidURL:
            found = None
    return found or PLATFORMS["website"].parse_url(parts)


def link_or_none(url: str) -> Link | None:
    """normalize_url for places where an unreadable URL simply has no link (never raises)."""
    try:
        return normalize_url(url)
    except InvalidURL:
        return None


def link_keys_of(url: str) -> tuple[str, ...]:
    """The keys a URL can be matched under; none for an unreadable URL."""
    link = link_or_none(url)
    return link.keys if link else ()


def split_urls(text: str) -> list[str]:
    """The URLs in one form cell: separated by spaces, commas, new lines, or glued together."""
    tokens = _URL_SEPARATORS.split(text or "")
    return [t for t in tokens if _looks_like_url(t)]


def _looks_like_url(token: str) -> bool:
    try:
        normalize_url(token)
    except InvalidURL:
        return False
    bare = token.lower().lstrip("<([{“‘\"'")
    return bare.startswith(("http://", "https://", "www.")) or "/" in bare


def post_keys(post) -> set[str]:
    """Every key under which a collected Post can be found (URL forms and platform ids)."""
    return keys_for(post.platform, post.post_id, post.url)


def keys_for(platform: str, post_id: str | None, url: str | None) -> set[str]:
    """post_keys from plain fields (platform, post_id, url), e.g. a scorecard post dict."""
    keys: set[str] = set()
    if url:
        keys.update(link_keys_of(url))
    keys.update(_id_keys(platform, str(post_id or "")))
    return keys


def resolve(session: requests.Session, link: Link) -> Link:
    """Follow a short link's redirects (HEAD, GET when HEAD is refused; at most 5 hops).

    Returns the Link of the first address that no longer needs resolving, or the given
    link unchanged when the chain ends elsewhere (dead link, no redirect, too many hops).
    """
    if not link.needs_resolving:
        return link
    current = link.canonical
    for _ in range(MAX_HOPS):
        location = _next_hop(session, current)
        if location is None:
            return link
        current = urljoin(current, location)
        try:
            found = normalize_url(current)
        except InvalidURL:
            return link
        if not found.needs_resolving:
            return found
    return link


# --- parsing ----------------------------------------------------------------------------


def _clean(url: str) -> str:
    if not isinstance(url, str):
        raise InvalidURL(f"not text: {url!r}")
    text = remove_invisible(url).strip().lstrip("<([{“‘\"'")
    while text and text[-1] in _TRAILING and not _balanced_paren(text):
        text = text[:-1]
    if not text or any(c.isspace() for c in text):
        raise InvalidURL(f"not a URL: {url!r}")
    if text.startswith("//"):
        return "https:" + text
    return text if "://" in text else "https://" + text


def _balanced_paren(text: str) -> bool:
    # Keep a closing ")" that closes one opened in the URL (Wikipedia-style slugs).
    return text.endswith(")") and text.count("(") >= text.count(")")


def _split(url: str) -> UrlParts:
    text = _clean(url)
    try:
        parts = urlsplit(text)
        host = _ascii_host((parts.hostname or "").rstrip("."))
    except ValueError:
        raise InvalidURL(f"not a web address: {url!r}") from None
    if parts.scheme.lower() not in ("http", "https") or not _valid_host(host):
        raise InvalidURL(f"not a web address: {url!r}")
    path = unicodedata.normalize("NFC", unquote(parts.path)) or "/"
    query = {k: v for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")}
    return UrlParts(_short_host(host), host, path, query)


def _short_host(host: str) -> str:
    """Drop www. everywhere, and m./web./mobile./… on the platforms that have such mirrors."""
    for prefix in _HOST_PREFIXES:
        rest = host[len(prefix):]
        if host.startswith(prefix) and (prefix == "www." or known_host(rest)):
            return rest
    return host


def _ascii_host(host: str) -> str:
    """Thai domain names (IDN) in their punycode form, so both spellings give one key."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(host) from None


def _valid_host(host: str) -> bool:
    if "." not in host or host.startswith(".") or ".." in host:
        return False
    return all(c.isalnum() or c in "-." for c in host)


# --- ids of collected posts -------------------------------------------------------------


def _id_keys(platform: str, post_id: str) -> set[str]:
    # Website ids (wp:123) are site-scoped, Instagram ids are media ids not in any URL: only the
    # URL identifies those posts (their platforms declare no id keys).
    known = PLATFORMS.get(platform)
    return known.id_keys(post_id) if post_id and known is not None else set()


def _next_hop(session: requests.Session, url: str) -> str | None:
    """The Location a URL redirects to, or None (not a redirect, unreachable)."""
    import requests

    try:
        resp = session.head(url, allow_redirects=False, timeout=RESOLVE_TIMEOUT)
    except requests.RequestException:
        resp = None
    if resp is None or resp.status_code in HEAD_REFUSED:
        try:
            resp = session.get(url, allow_redirects=False, stream=True, timeout=RESOLVE_TIMEOUT)
            resp.close()
        except requests.RequestException:
            return None
    if resp.status_code in REDIRECTS:
        return resp.headers.get("Location") or None
    return None
