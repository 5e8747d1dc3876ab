"""Facebook pages: Graph API collector (auditor/collect/facebook.py); post URLs in all their pasted forms.

Facebook object ids (the X in a page-post id P_X, photo, video and reel ids) are global, so
every numeric Facebook form also carries the alternative key "facebook:id/X": a vanity URL
/{username}/posts/X then meets a post collected as P_X.
"""

from __future__ import annotations

from collections.abc import Mapping

import re

from auditor.platforms.base import (
    NUMERIC, AccountRef, Link, Platform, UrlParts, on_hosts, pasted_url, rebuild, segments, strip_slash,
)

HOSTS = ("facebook.com", "fb.com", "l.facebook.com", "lm.facebook.com", "fb.watch", "fb.me")
_PAGE_NAME = re.compile(r"^@?([A-Za-z0-9.\-]{3,80})$")
# A page without a username shows as /p/<Name>-<id>/ or (older) /<Name>-<id>/: the id is the number at the end.
_TRAILING_ID = re.compile(r"(?:^|-)(\d{5,})$")
# First path segments that are never a page: a pasted post, group or share link names no page by itself,
# and Facebook's own sections (events, search, marketplace, …) name none at all.
_POSTS = ("share", "watch", "photo", "photo.php", "photos", "permalink.php", "story.php", "stories", "reel", "reels",
          "videos", "video.php", "sharer", "sharer.php")
_SECTIONS = ("events", "login", "login.php", "hashtag", "marketplace", "gaming", "search", "help", "settings",
             "privacy", "policies", "business", "ads", "messages", "notifications", "friends", "bookmarks", "home.php",
             "dialog", "plugins", "l.php", "fundraisers", "live", "media", "notes", "saved", "memories", "pg", "p",
             "people", "pages", "profile.php")
_NOT_PAGES = {"groups": "facebook_group", **dict.fromkeys(_POSTS, "not_a_page_url"),
              **dict.fromkeys(_SECTIONS, "not_a_page")}


def _fb(key: str, path: str, query: Mapping[str, str] | None = None, *, alt: tuple[str, ...] = (),
        resolving: bool = False) -> Link:
    return Link("facebook", f"facebook:{key}", rebuild("www.facebook.com", path, query or {}), resolving, alt)


def _fb_id(object_id: str, path: str, query: Mapping[str, str] | None = None) -> Link | None:
    return _fb(f"id/{object_id}", path, query) if NUMERIC.match(object_id or "") else None


def parse_url(p: UrlParts) -> Link | str | None:
    """Every pasted form of a Facebook post link; a redirect wrapper gives the address it wraps."""
    if p.host == "fb.watch":
        return _fb_watch(p)
    wrapped = _redirect_target(p)
    if wrapped or p.host in ("l.facebook.com", "lm.facebook.com"):
        return wrapped
    seg, q, path = segments(p.path), p.query, strip_slash(p.path)
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
    if NUMERIC.match(page) and NUMERIC.match(story):
        return _fb(f"{page}_{story}", path, query, alt=(f"facebook:id/{story}",))
    return _fb_id(story, path, query) or _fb(f"story/{page}/{story}", path, query)


def _fb_page_path(seg: list[str]) -> Link | None:
    """/{page}/posts/{id|pfbid}, /{page}/videos/[slug/]{id}, /{page}/photos/[album/]{id}."""
    if len(seg) < 3:
        return None
    page, section, last = seg[0], seg[1], seg[-1]
    if section == "posts" and last.startswith("pfbid"):
        return _fb(last, f"/{page}/posts/{last}")
    if section == "posts" and NUMERIC.match(last):
        alt = (f"facebook:id/{last}",)
        if NUMERIC.match(page):
            return _fb(f"{page}_{last}", f"/{page}/posts/{last}", alt=alt)
        return _fb(f"name/{page.lower()}/{last}", f"/{page}/posts/{last}", alt=alt)
    if section in ("videos", "photos"):
        return _fb_id(last, f"/{page}/{section}/{last}")
    return None


def _redirect_target(p: UrlParts) -> str | None:
    """l.facebook.com/l.php?u=… and /login?next=… wrap the address that matters."""
    target = p.query.get("u") if p.host in ("l.facebook.com", "lm.facebook.com") else p.query.get("next")
    if target and p.path.rstrip("/") in ("/l.php", "/login", "/login.php") and "//" in target:
        return target
    return None


def _fb_watch(p: UrlParts) -> Link | None:
    code = p.path.strip("/")
    return Link("facebook", f"facebook:fbwatch/{code}", f"https://fb.watch/{code}/", True) if code else None


def id_keys(post_id: str) -> set[str]:
    """A Graph post id P_X is found as itself and as the object X."""
    page, _, story = post_id.partition("_")
    if story and NUMERIC.match(story):
        return {f"facebook:{post_id}", f"facebook:id/{story}"}
    if NUMERIC.match(post_id):
        return {f"facebook:id/{post_id}"}
    return {f"facebook:{post_id}"}


def parse_account(value: str) -> AccountRef:
    """A page as pasted: its numeric id, a page URL (vanity, profile.php?id=, /p/<Name>-<id>/, /<Name>-<id>/,
    /people/…/id, /pages/[category/…/]…id, /pg/<name>/…) or a vanity name. Names are looked up online
    (GET /{name}?fields=id,name); a number read from an address is kept but confirmed online too, since it
    may not be the Graph page id of a New Pages Experience page."""
    value = value.strip()
    if NUMERIC.match(value):
        return AccountRef(value)
    parts = pasted_url(value) if "/" in value or value.lower().startswith(("facebook.", "fb.")) else None
    if parts is None:  # a bare name, dots allowed (bangrak.district)
        match = _PAGE_NAME.match(value)
        return AccountRef(match.group(1), lookup="page_name", name=match.group(1)) if match else AccountRef(problem="unrecognized")
    if not on_hosts(parts, HOSTS):
        return AccountRef(problem="not_platform_url")
    if strip_slash(parts.path) == "/profile.php" and NUMERIC.match(parts.query.get("id", "")):
        return _from_address(parts.query["id"])
    return _page_in_path(segments(parts.path))


def _page_in_path(seg: list[str]) -> AccountRef:
    """The page a facebook.com path names: /{name|id}/…, /pg/{name}/…, /p/{Name}-{id}/, /people|pages/…/{id}."""
    first = seg[0].lower() if seg else ""
    if first == "pg" and len(seg) > 1:  # the old page-tab form /pg/<name>/posts/
        return _page_in_path(seg[1:])
    if first in ("p", "people", "pages"):
        found = next((m.group(1) for s in reversed(seg[1:]) if (m := _TRAILING_ID.search(s))), None)
        return _from_address(found) if found else AccountRef(problem="not_a_page")
    if not seg or first in _NOT_PAGES:
        return AccountRef(problem=_NOT_PAGES.get(first, "not_a_page_url"))
    if NUMERIC.match(seg[0]):
        return AccountRef(seg[0])
    if match := _TRAILING_ID.search(seg[0]):
        return _from_address(match.group(1))
    if _PAGE_NAME.match(seg[0]):
        return AccountRef(seg[0], lookup="page_name", name=seg[0])
    return AccountRef(problem="page_name_invalid")  # a Thai title without the page's number: not a username


def _from_address(number: str) -> AccountRef:
    return AccountRef(number, lookup="page_id", name=number)


FACEBOOK = Platform(
    id="facebook", label_th="Facebook", label_en="Facebook", short="FB",
    primary_key="page_id", account_keys=("page_id",), channel_keys=("page_id", "token_env", "name"),
    settings={"graph_version": "v24.0", "base_url": "https://graph.facebook.com", "token_env": "AUDITOR_FACEBOOK_TOKEN",
              # optional: APP_ID|APP_SECRET for `auditor doctor`'s debug_token (else each token checks itself)
              "app_token_env": ""},
    hosts=HOSTS, parse_url=parse_url, id_keys=id_keys, parse_account=parse_account,
    report_labels=("facebook", "fb", "เฟซบุ๊ก", "เฟซบุ๊ค", "เฟสบุ๊ก", "เฟสบุ๊ค", "เฟซ", "เพจ", "page", "แฟนเพจ"),
    # The Graph API limits calls per app (Platform rate limits, per hour) and per page (Business Use
    # Case limits, 4,800 calls per engaged user per 24 h), not connections: concurrency only spends
    # the same budget sooner, and the collector backs off on the usage headers. So a scan's limit on
    # graph.facebook.com is the session's connection pool (collect/http.make_session, 16).
    per_host=16,
)
