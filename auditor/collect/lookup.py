"""Online look-ups for setting up channels and checking a setup (`auditor channels import`, `auditor doctor`).

Each function makes one or two requests and returns plain data with a problem *code* (never a
sentence, never a token): the setup stage turns codes into findings, the presentation layer into
words. Request and response shapes: setup-and-delivery-apis.md §1.1–1.3 (Graph debug_token, page
look-ups), §2 (YouTube channels.list, canonical link), §3 (TikTok profile oEmbed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import quote, urlencode

import requests

from auditor.collect.facebook import facebook_settings
from auditor.collect.graph import code_of
from auditor.collect.http import unrecorded
from auditor.collect.links import oembed_url
from auditor.collect.youtube import RATE_LIMIT_REASONS, _api_error, api_url
from auditor.platforms.tiktok import profile_url
from auditor.platforms.youtube import CHANNEL_ID, channel_page_url

CLICK_PAGE_NAME = "Clickchumchon"  # facebook.com/Clickchumchon, the page activity posts must tag
READ_SCOPES = ("pages_read_engagement",)  # reading a page's posts; pages_read_user_content adds visitors' posts
_CANONICAL = re.compile(r"<link[^>]+rel=[\"']canonical[\"'][^>]+href=[\"']https://www\.youtube\.com/channel/(UC[0-9A-Za-z_-]{22})")
_CANONICAL_REV = re.compile(r"<link[^>]+href=[\"']https://www\.youtube\.com/channel/(UC[0-9A-Za-z_-]{22})[\"'][^>]+rel=[\"']canonical")
_IDENTIFIER = re.compile(r"<meta[^>]+itemprop=[\"']identifier[\"'][^>]+content=[\"'](UC[0-9A-Za-z_-]{22})")


@dataclass(frozen=True)
class Found:
    """A look-up's answer: the id and display name, or a problem code with its parameters."""

    account: str | None = None
    name: str = ""
    code: str | None = None
    params: dict = field(default_factory=dict, compare=False)

    @property
    def ok(self) -> bool:
        return self.account is not None and self.code is None


@dataclass(frozen=True)
class TokenInfo:
    """What debug_token says about a token (never the token itself)."""

    valid: bool
    type: str = ""
    expires_at: datetime | None = None  # None: never expires (expires_at 0)
    data_access_expires_at: datetime | None = None
    scopes: tuple[str, ...] = ()
    reach: frozenset[str] | None = None  # page ids the read scope is limited to; None: not limited
    profile_id: str = ""  # PAGE tokens: the page the token acts as
    error_code: int | None = None
    error_subcode: int | None = None


class LookupFailed(Exception):
    """A look-up could not be made or answered nonsense; `code` says which ("network", "bad_response")."""

    def __init__(self, code: str, status: int | None = None):
        super().__init__(code)
        self.code, self.status = code, status


# --- Graph API -------------------------------------------------------------------------------


def graph_url(settings: Mapping, path: str, **params) -> str:
    """{base_url}/{graph_version}/{path}?{params}; tokens are passed here and redacted wherever the URL is kept."""
    fb = facebook_settings(settings)
    return f"{fb['base_url'].rstrip('/')}/{fb['graph_version']}/{quote(path, safe='/')}?{urlencode(params)}"


def _get(session: requests.Session, url: str, **kwargs) -> requests.Response:
    """GET; a request that could not be made is LookupFailed: "network", or "no_recording" when a replay
    (`--replay DIR`) has no recording of it (vcrpy's own long message names a temporary cassette)."""
    try:
        return session.get(url, **kwargs)
    except requests.RequestException:
        raise LookupFailed("network") from None
    except Exception as exc:
        if unrecorded(exc):
            raise LookupFailed("no_recording") from None
        raise


def _json(session: requests.Session, url: str) -> tuple[int, dict]:
    resp = _get(session, url)
    return resp.status_code, _body(resp)


def _body(resp: requests.Response) -> dict:
    """The answer's JSON object; an answer that is not one (an HTML page, an empty 200) is a bad response."""
    try:
        body = resp.json()
    except ValueError:
        raise LookupFailed("bad_response", resp.status_code) from None
    if not isinstance(body, dict):
        raise LookupFailed("bad_response", resp.status_code)
    return body


def graph_problem(error: dict) -> tuple[str, dict]:
    """A Graph error envelope as a problem code: alias unknown (803), no such page or no access (100/33),
    token (190), permission (10, 2xx), else a generic failure."""
    code, subcode = code_of(error), error.get("error_subcode")
    params = {"graph_code": code, "graph_subcode": subcode}
    if code == 803:
        return "page_name_unknown", params
    if code == 100 and (subcode == 33 or "does not exist" in str(error.get("message", ""))):
        return "page_not_visible", params
    if code == 190:
        return "token_rejected", params
    if code in (10, 200, 283) or (code is not None and 200 <= code < 300):
        return "permission_missing", params
    return "graph_error", params


def facebook_page(session: requests.Session, settings: Mapping, token: str, page: str) -> Found:
    """GET /{page}?fields=id,name: a page name, URL number or id → its numeric Graph id and name."""
    status, body = _json(session, graph_url(settings, page, fields="id,name", access_token=token))
    if "error" in body:
        code, params = graph_problem(body["error"] or {})
        return Found(code=code, params={**params, "page": page})
    if not str(body.get("id", "")).isdigit():
        raise LookupFailed("bad_response", status)
    return Found(str(body["id"]), str(body.get("name", "")))


def facebook_posts_readable(session: requests.Session, settings: Mapping, token: str, page_id: str) -> Found:
    """GET /{page}/posts?fields=id&limit=1: can the token read the page's posts (what a scan does)?"""
    _, body = _json(session, graph_url(settings, f"{page_id}/posts", fields="id", limit=1, access_token=token))
    if "error" in body:
        code, params = graph_problem(body["error"] or {})
        return Found(code=code, params={**params, "page": page_id})
    return Found(page_id)


def debug_token(session: requests.Session, settings: Mapping, token: str, app_token: str = "") -> TokenInfo:
    """GET /debug_token?input_token=…: validity, expiry, scopes and the pages a token reaches.

    access_token is the app token (APP_ID|APP_SECRET) when one is configured, else the token
    itself. An invalid token still answers HTTP 200, the error inside `data`.
    """
    _, body = _json(session, graph_url(settings, "debug_token", input_token=token, access_token=app_token or token))
    if "error" in body:  # the call itself was refused (e.g. no usable access_token)
        error = body["error"] or {}
        return TokenInfo(False, error_code=code_of(error), error_subcode=error.get("error_subcode"))
    data = body.get("data")
    if not isinstance(data, dict):
        raise LookupFailed("bad_response")
    error = data.get("error") or {}
    return TokenInfo(
        valid=data.get("is_valid") is True,
        type=str(data.get("type", "")),
        expires_at=_unix(data.get("expires_at")),
        data_access_expires_at=_unix(data.get("data_access_expires_at")),
        scopes=tuple(data.get("scopes") or ()),
        reach=_reach(data),
        profile_id=str(data.get("profile_id", "")),
        error_code=code_of(error) if error else None,
        error_subcode=error.get("subcode") or error.get("error_subcode"),
    )


def _unix(value) -> datetime | None:
    """Graph's unix seconds; 0 or absent means never."""
    try:
        seconds = int(value or 0)
    except (TypeError, ValueError):
        return None
    return datetime.fromtimestamp(seconds, tz=timezone.utc) if seconds > 0 else None


def _reach(data: dict) -> frozenset[str] | None:
    """The page ids the read scope is granted for (granular_scopes target_ids); None when not limited."""
    for grant in data.get("granular_scopes") or []:
        if isinstance(grant, dict) and grant.get("scope") in READ_SCOPES and grant.get("target_ids") is not None:
            return frozenset(str(t) for t in grant["target_ids"])
    return None


# --- YouTube ----------------------------------------------------------------------------------


def youtube_channel(session: requests.Session, settings: Mapping, key: str, lookup: str, name: str) -> Found:
    """A handle, legacy username or custom URL → the UC… channel id.

    With a Data API key: channels?part=id,snippet&forHandle= (handles and custom URLs, which are
    mostly handles now) or forUsername= (legacy /user/ names). Without one, or when the API finds
    nothing for a custom URL: the channel page's <link rel="canonical" href=".../channel/UC…">.
    """
    if key:
        param = {"username": "forUsername"}.get(lookup, "forHandle")
        value = name if param == "forUsername" else "@" + name.lstrip("@")
        found = _youtube_api_lookup(session, settings, key, **{param: value})
        if found.ok or lookup != "custom_url":
            return found
    return youtube_canonical(session, channel_page_url(lookup, name))


def _youtube_api_lookup(session: requests.Session, settings: Mapping, key: str, **filters) -> Found:
    url = api_url(settings, "channels", part="id,snippet", **filters, key=key)
    resp = _get(session, url)
    if resp.status_code != 200:
        return Found(code=youtube_problem(resp), params={"status": resp.status_code})
    items = _body(resp).get("items") or []  # no match: HTTP 200 without an items key
    if not items:
        return Found(code="channel_not_found", params=dict(filters))
    return Found(items[0]["id"], (items[0].get("snippet") or {}).get("title", ""))


def youtube_problem(resp: requests.Response) -> str:
    """The Data API's error reasons as a code: key invalid, quota, or a generic API error."""
    reasons, _ = _api_error(resp)
    if {"keyInvalid", "API_KEY_INVALID", "keyExpired"} & set(reasons):
        return "api_key_invalid"
    if RATE_LIMIT_REASONS & set(reasons):
        return "api_quota"
    if {"accessNotConfigured", "SERVICE_DISABLED", "API_KEY_SERVICE_BLOCKED", "forbidden"} & set(reasons):
        return "api_not_enabled"
    return "api_error"


def youtube_canonical(session: requests.Session, page_url: str) -> Found:
    """The UC… id from a channel page's canonical link (or its itemprop identifier)."""
    resp = _get(session, page_url, headers={"Accept-Language": "th,en;q=0.8"})
    if resp.status_code == 404:
        return Found(code="channel_not_found", params={"url": page_url})
    if resp.status_code != 200:
        return Found(code="channel_page_unavailable", params={"url": page_url, "status": resp.status_code})
    match = _CANONICAL.search(resp.text) or _CANONICAL_REV.search(resp.text) or _IDENTIFIER.search(resp.text)
    if not match or not CHANNEL_ID.match(match.group(1)):
        return Found(code="channel_id_not_on_page", params={"url": page_url})  # e.g. a consent page
    return Found(match.group(1))


def youtube_channels(session: requests.Session, settings: Mapping, key: str, ids: list[str],
                     part: str = "id,snippet") -> tuple[dict[str, str], str | None]:
    """channels?part=id,snippet&id=a,b,… (at most 50 a call): id → title of those that exist, and a problem code."""
    titles: dict[str, str] = {}
    for start in range(0, len(ids), 50):
        url = api_url(settings, "channels", part=part, id=",".join(ids[start:start + 50]), maxResults=50, key=key)
        resp = _get(session, url)
        if resp.status_code != 200:
            return titles, youtube_problem(resp)
        for item in _body(resp).get("items") or []:
            titles[item["id"]] = (item.get("snippet") or {}).get("title", "")
    return titles, None


# --- TikTok -----------------------------------------------------------------------------------


def tiktok_profile(session: requests.Session, settings: Mapping, handle: str) -> Found:
    """oEmbed of https://www.tiktok.com/@handle: the display name when the public profile exists.

    Profile oEmbed is not documented by TikTok (only creator-profile embeds are); unknown handles
    were recorded answering HTTP 400.
    """
    profile = profile_url(handle)
    resp = _get(session, oembed_url(settings, profile))
    if resp.status_code in (400, 404):
        return Found(code="tiktok_not_found", params={"handle": handle, "status": resp.status_code})
    if resp.status_code != 200:
        return Found(code="tiktok_unavailable", params={"handle": handle, "status": resp.status_code})
    return Found("@" + handle.lstrip("@"), str(_body(resp).get("author_name", "")))
