"""Post URLs as districts paste them → one stable key per post.

`normalize_url` turns any pasted form of a post link (mobile hosts, tracking parameters,
short links, Thai slugs encoded or not) into a `Link` whose `key` is the same for every form
of the same post. `post_keys` gives every key under which a collected post can be found, so a
reported link matches a collected post when their key sets meet.

Facebook object ids (the X in a page-post id P_X, photo, video and reel ids) are global, so
every numeric Facebook form also carries the alternative key "facebook:id/X": a vanity URL
/{username}/posts/X then meets a post collected as P_X.

Short links (fb.watch, /share/…, vm.tiktok.com, lin.ee) hide the post: `needs_resolving` is
set and `resolve` follows their redirects.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit

import requests

from auditor.collect.links import canonical_video_url, is_short_link
from auditor.errors import AuditorError

LINK_PLATFORMS = ("facebook", "youtube", "tiktok", "instagram", "line", "website", "other")
TRACKING_PARAMS = {"fbclid", "gclid", "si", "igsh", "igshid", "_r", "_t", "is_from_webapp", "sender_device",
                   "mibextid", "ref", "rdid", "share_url", "feature", "app", "pp"}
MAX_HOPS = 5
RESOLVE_TIMEOUT = (5.0, 15.0)
REDIRECTS = (301, 302, 303, 307, 308)
HEAD_REFUSED = (400, 403, 405, 501)
_HOST_PREFIXES = ("www.", "m.", "web.", "mobile.", "mbasic.", "touch.", "music.")
_TRAILING = ".,;:!?'\"”’)]}>»…"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
_NUMERIC = re.compile(r"^\d+$")
_YT_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_URL_SEPARATORS = re.compile(r"[\s,;|]+|(?<=\S)(?=https?://)")


class InvalidURL(AuditorError, ValueError):
    """A reported URL cannot be read as a web address."""


@dataclass(frozen=True)
class Link:
    """A post link reduced to its platform and a key that is stable across URL forms."""

    platform: str
    key: str
    canonical: str
    needs_resolving: bool = False
    alt_keys: tuple[str, ...] = ()
    is_post: bool = True  # False for account, add-friend and unresolved short LINE links

    @property
    def keys(self) -> tuple[str, ...]:
        """The key first, then the alternatives."""
        return (self.key, *self.alt_keys)


@dataclass(frozen=True)
class _Parts:
    host: str  # lowercased, without www./m./web./… prefixes
    raw_host: str  # lowercased, as given
    path: str  # percent-decoded, NFC
    query: dict[str, str]  # tracking parameters removed


# --- entry points -----------------------------------------------------------------------


def normalize_url(url: str) -> Link:
    """The Link for a pasted URL; raises InvalidURL when it is not a web address."""
    parts = _split(url)
    for handler in _HANDLERS.get(parts.host, ()):
        link = handler(parts)
        if link is not None:
            return link
    if parts.host == "line.me" or parts.host.endswith(".line.me"):
        return _line_other(parts)
    if parts.host in ("x.com", "twitter.com"):
        return Link("other", f"other:x.com{_strip_slash(parts.path)}", _rebuild("x.com", parts.path, {}))
    return _website(parts)


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
    text = url.translate(_INVISIBLE).strip().lstrip("<([{“‘\"'")
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


def _split(url: str) -> _Parts:
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
    return _Parts(_short_host(host), host, path, query)


def _short_host(host: str) -> str:
    """Drop www. everywhere, and m./web./mobile./… on the platforms that have such mirrors."""
    for prefix in _HOST_PREFIXES:
        rest = host[len(prefix):]
        if host.startswith(prefix) and (prefix == "www." or rest in _HANDLERS):
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


def _strip_slash(path: str) -> str:
    return path.rstrip("/")


def _rebuild(host: str, path: str, query: Mapping[str, str]) -> str:
    encoded = quote(path, safe="/:@!$&'()*+,;=-._~")
    return f"https://{host}{encoded}" + (f"?{urlencode(sorted(query.items()))}" if query else "")


def _segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


# --- Facebook ---------------------------------------------------------------------------


def _fb(key: str, path: str, query: Mapping[str, str] | None = None, *, alt: tuple[str, ...] = (),
        resolving: bool = False) -> Link:
    return Link("facebook", f"facebook:{key}", _rebuild("www.facebook.com", path, query or {}), resolving, alt)


def _fb_id(object_id: str, path: str, query: Mapping[str, str] | None = None) -> Link | None:
    return _fb(f"id/{object_id}", path, query) if _NUMERIC.match(object_id or "") else None


def _facebook(p: _Parts) -> Link | None:
    seg, q, path = _segments(p.path), p.query, _strip_slash(p.path)
    if path in ("/permalink.php", "/story.php") and q.get("story_fbid"):
        return _fb_story(q.get("id", ""), q["story_fbid"])
    if path in ("/photo.php", "/photo") and q.get("fbid"):
        return _fb_id(q["fbid"], "/photo/", {"fbid": q["fbid"]})
    if seg[:1] == ["watch"] and q.get("v"):
        return _fb_id(q["v"], "/watch/", {"v": q["v"]})
    if seg[:1] == ["share"] and len(seg) >= 2:
        code = "/".join(seg[1:])
        return _fb(f"share/{code}", f"/share/{code}/", resolving=True)
    if seg[:1] == ["reel"] and len(seg) >= 2:
        return _fb_id(seg[1], f"/reel/{seg[1]}")
    if path == "/profile.php" and q.get("id"):
        return _fb(f"page/{q['id']}", "/profile.php", {"id": q["id"]})
    return _fb_page_path(seg) or _fb(f"path/{path.strip('/').lower()}", p.path)


def _fb_story(page: str, story: str) -> Link:
    path, query = "/permalink.php", {"story_fbid": story, "id": page}
    if story.startswith("pfbid"):
        return _fb(story, path, query)
    if _NUMERIC.match(page) and _NUMERIC.match(story):
        return _fb(f"{page}_{story}", path, query, alt=(f"facebook:id/{story}",))
    return _fb_id(story, path, query) or _fb(f"story/{page}/{story}", path, query)


def _fb_page_path(seg: list[str]) -> Link | None:
    """/{page}/posts/{id|pfbid}, /{page}/videos/[slug/]{id}, /{page}/photos/[album/]{id}."""
    if len(seg) < 3:
        return None
    page, section, last = seg[0], seg[1], seg[-1]
    if section == "posts" and last.startswith("pfbid"):
        return _fb(last, f"/{page}/posts/{last}")
    if section == "posts" and _NUMERIC.match(last):
        alt = (f"facebook:id/{last}",)
        if _NUMERIC.match(page):
            return _fb(f"{page}_{last}", f"/{page}/posts/{last}", alt=alt)
        return _fb(f"name/{page.lower()}/{last}", f"/{page}/posts/{last}", alt=alt)
    if section in ("videos", "photos"):
        return _fb_id(last, f"/{page}/{section}/{last}")
    return None


def _facebook_redirect(p: _Parts) -> Link | None:
    """l.facebook.com/l.php?u=… and /login?next=… wrap the address that matters."""
    target = p.query.get("u") if p.host in ("l.facebook.com", "lm.facebook.com") else p.query.get("next")
    if target and p.path.rstrip("/") in ("/l.php", "/login", "/login.php"):
        try:
            return normalize_url(target)
        except InvalidURL:
            return None
    return None


def _fb_watch(p: _Parts) -> Link | None:
    code = p.path.strip("/")
    return Link("facebook", f"facebook:fbwatch/{code}", f"https://fb.watch/{code}/", True) if code else None


# --- YouTube, TikTok, Instagram, LINE ---------------------------------------------------


def _yt(video_id: str) -> Link | None:
    if not _YT_ID.match(video_id or ""):
        return None
    return Link("youtube", f"youtube:{video_id}", f"https://www.youtube.com/watch?v={video_id}")


def _youtube(p: _Parts) -> Link:
    seg = _segments(p.path)
    link = None
    if seg[:1] == ["watch"]:
        link = _yt(p.query.get("v", ""))
    elif len(seg) >= 2 and seg[0] in ("shorts", "live", "embed", "v", "e"):
        link = _yt(seg[1])
    return link or Link("youtube", f"youtube:path{_strip_slash(p.path)}", _rebuild("www.youtube.com", p.path, p.query))


def _youtu_be(p: _Parts) -> Link:
    seg = _segments(p.path)
    return (_yt(seg[0]) if seg else None) or Link("youtube", f"youtube:path{_strip_slash(p.path)}",
                                                  _rebuild("youtu.be", p.path, {}))


def _tiktok(p: _Parts) -> Link:
    url = _rebuild("www.tiktok.com", p.path, {})
    canonical = canonical_video_url(url)
    if canonical:
        return Link("tiktok", f"tiktok:{canonical.rsplit('/', 1)[1]}", canonical)
    seg = _segments(p.path)
    if len(seg) == 2 and seg[0] == "v" and _NUMERIC.match(seg[1].removesuffix(".html")):
        video = seg[1].removesuffix(".html")  # the old mobile share form m.tiktok.com/v/ID.html
        return Link("tiktok", f"tiktok:{video}", f"https://m.tiktok.com/v/{video}.html")
    if is_short_link(url) and len(seg) >= 2:
        return Link("tiktok", f"tiktok:short/{seg[1]}", f"https://www.tiktok.com/t/{seg[1]}/", True)
    return Link("tiktok", f"tiktok:path{_strip_slash(p.path).lower()}", url)


def _tiktok_short(p: _Parts, host: str) -> Link | None:
    seg = _segments(p.path)
    if not seg:
        return None
    return Link("tiktok", f"tiktok:short/{seg[0]}", f"https://{host}/{seg[0]}/", True)


def _instagram(p: _Parts) -> Link:
    seg = _segments(p.path)
    # /p/CODE/, /reel/CODE/, /tv/CODE/ and the newer /{user}/p/CODE/.
    for i, s in enumerate(seg[:2]):
        if s in ("p", "reel", "reels", "tv") and i + 1 < len(seg):
            code = seg[i + 1]
            kind = "reel" if s == "reels" else s
            return Link("instagram", f"instagram:{code}", f"https://www.instagram.com/{kind}/{code}/")
    return Link("instagram", f"instagram:path{_strip_slash(p.path).lower()}", _rebuild("www.instagram.com", p.path, {}))


def _linevoom(p: _Parts) -> Link | None:
    seg = _segments(p.path)
    if len(seg) >= 2 and seg[0] == "post":
        return Link("line", f"line:{seg[1]}", f"https://linevoom.line.me/post/{seg[1]}")
    return None


def _line_other(p: _Parts) -> Link:
    # An account page, an add-friend link (line.me/R/ti/p/@id, page.line.me/…): not a post.
    return Link("line", f"line:{p.host}{_strip_slash(p.path)}", _rebuild(p.host, p.path, p.query), is_post=False)


def _lin_ee(p: _Parts) -> Link | None:
    seg = _segments(p.path)
    if not seg:
        return None
    # Usually an add-friend link; a post only once resolved to linevoom.line.me/post/ID.
    return Link("line", f"line:lin.ee/{seg[0]}", f"https://lin.ee/{seg[0]}", True, is_post=False)


def _website(p: _Parts) -> Link:
    path = _strip_slash(p.path)
    query = "?" + urlencode(sorted(p.query.items())) if p.query else ""
    return Link("website", f"website:{p.host}{path}{query}", _rebuild(p.raw_host, p.path, p.query))


# --- ids of collected posts -------------------------------------------------------------


def _id_keys(platform: str, post_id: str) -> set[str]:
    if not post_id:
        return set()
    if platform == "facebook":
        return _fb_id_keys(post_id)
    if platform in ("youtube", "tiktok"):
        return {f"{platform}:{post_id}"}
    if platform == "line" and post_id.startswith("line:"):
        return {post_id}  # self-reported LINE posts carry their link key as id
    # Website ids (wp:123) are site-scoped, Instagram ids are media ids not in any URL:
    # only the URL identifies those posts.
    return set()


def _fb_id_keys(post_id: str) -> set[str]:
    page, _, story = post_id.partition("_")
    if story and _NUMERIC.match(story):
        return {f"facebook:{post_id}", f"facebook:id/{story}"}
    if _NUMERIC.match(post_id):
        return {f"facebook:id/{post_id}"}
    return {f"facebook:{post_id}"}


def _next_hop(session: requests.Session, url: str) -> str | None:
    """The Location a URL redirects to, or None (not a redirect, unreachable)."""
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


_HANDLERS = {
    "facebook.com": (_facebook_redirect, _facebook),
    "fb.com": (_facebook_redirect, _facebook),
    "l.facebook.com": (_facebook_redirect,),
    "lm.facebook.com": (_facebook_redirect,),
    "fb.watch": (_fb_watch,),
    "youtube.com": (_youtube,),
    "youtube-nocookie.com": (_youtube,),
    "youtu.be": (_youtu_be,),
    "tiktok.com": (_tiktok,),
    "vm.tiktok.com": (lambda p: _tiktok_short(p, "vm.tiktok.com"),),
    "vt.tiktok.com": (lambda p: _tiktok_short(p, "vt.tiktok.com"),),
    "instagram.com": (_instagram,),
    "instagr.am": (_instagram,),
    "linevoom.line.me": (_linevoom,),
    "lin.ee": (_lin_ee,),
}
