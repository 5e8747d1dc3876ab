"""Instagram professional accounts: Graph API collector (auditor/collect/links.py); post and reel links."""

from __future__ import annotations

from auditor.platforms.base import (
    NUMERIC, AccountRef, Link, Platform, UrlParts, handle, handle_ref, on_hosts, pasted_url, rebuild, segments, strip_slash,
)


def parse_url(p: UrlParts) -> Link:
    """/p/CODE/, /reel/CODE/, /tv/CODE/ and the newer /{user}/p/CODE/, keyed by the shortcode."""
    seg = segments(p.path)
    for i, s in enumerate(seg[:2]):
        if s in ("p", "reel", "reels", "tv") and i + 1 < len(seg):
            code = seg[i + 1]
            kind = "reel" if s == "reels" else s
            return Link("instagram", f"instagram:{code}", f"https://www.instagram.com/{kind}/{code}/")
    return Link("instagram", f"instagram:path{strip_slash(p.path).lower()}", rebuild("www.instagram.com", p.path, {}))


def parse_account(value: str) -> AccountRef:
    """The numeric Instagram user id, else a handle or profile URL kept as `handle` (the Graph API needs the id)."""
    value = value.strip()
    if NUMERIC.match(value):
        return AccountRef(value)
    parts = pasted_url(value) if "/" in value else None
    if parts is not None and not on_hosts(parts, ("instagram.com", "instagr.am")):
        return AccountRef(problem="not_platform_url")
    seg = segments(parts.path) if parts is not None else [value]
    ref = handle_ref(seg[0]) if seg and seg[0] not in ("p", "reel", "reels", "tv") else AccountRef(problem="not_a_profile_url")
    return AccountRef(ref.account, key="handle", lookup="instagram_user_id", name=ref.account) if ref.account else ref


INSTAGRAM = Platform(
    id="instagram", label_th="Instagram", label_en="Instagram", short="IG",
    primary_key="user_id", account_keys=("user_id", "handle"),
    channel_keys=("user_id", "handle", "links", "token_env", "name"),
    settings={"base_url": "https://graph.facebook.com", "token_env": "AUDITOR_INSTAGRAM_TOKEN", "graph_version": "v24.0"},
    hosts=("instagram.com", "instagr.am"),
    parse_url=parse_url, account_key=handle, parse_account=parse_account,
    report_labels=("instagram", "ig", "อินสตาแกรม", "ไอจี"),
    per_host=16,  # the Graph API, as Facebook's (platforms/facebook.py)
)
