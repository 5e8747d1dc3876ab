"""The Graph API's error envelope, read once for Facebook pages and Instagram accounts: which
kind of failure each error code means (Graph API "Handling errors"; platform-formats.md §1.8)."""

from __future__ import annotations

RATE_LIMITS = {  # Graph error code → whose budget ran out (§1.8)
    4: "the app's request limit (shared by every page the app reads)",
    17: "the request limit of the user behind the token",
    32: "this page's request limit",
    613: "a custom rate limit on this endpoint",
    80001: "this page's Business Use Case call budget",
    80002: "this Instagram account's Business Use Case call budget",
}
RATE_LIMIT_CODES = frozenset(RATE_LIMITS)
TRANSIENT_CODES = frozenset({1, 2})  # unknown error / service unavailable: retry with backoff (§1.8)
PERMISSION_CODES = frozenset({10, 283, *range(200, 300)})
TOKEN_PROBLEMS = {  # Graph 190 subcodes (§1.8)
    463: "it has expired",
    460: "it was invalidated: the person who issued it changed their password or Facebook reset the session",
    458: "the app is not installed for the person who issued it",
    459: "the person who issued it must pass a Facebook checkpoint first",
    467: "it is not a valid token",
}


def graph_kind(error: dict, http_status: int) -> str:
    """The kind of failure a Graph error envelope means: auth, rate_limit, unavailable, config,
    permission or error."""
    code = code_of(error)
    if code == 190:
        return "auth"
    if code in RATE_LIMIT_CODES or http_status == 429:
        return "rate_limit"
    if code in TRANSIENT_CODES:
        return "unavailable"
    if code == 100 and missing_object(error):
        return "config"
    if code in PERMISSION_CODES or (code == 100 and access_setup(error)):
        return "permission"
    return "unavailable" if http_status >= 500 else "error"


def missing_object(error: dict) -> bool:
    """Code 100 that means "no such object (or not visible)", not any invalid parameter."""
    return error.get("error_subcode") == 33 or "unsupported get request" in str(error.get("message", "")).lower()


def access_setup(error: dict) -> bool:
    """Code 100 about how the app authenticates, e.g. "(#100) Pages Public Content Access requires ... app secret proof"."""
    message = str(error.get("message", "")).lower()
    return "public content access" in message or "app secret proof" in message or "appsecret_proof" in message


def code_of(error: dict) -> int | None:
    try:
        return int(error.get("code"))
    except (TypeError, ValueError):
        return None
