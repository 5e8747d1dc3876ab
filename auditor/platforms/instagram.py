"""Instagram professional accounts: Graph API collector (auditor/collect/links.py); post and reel links."""

from __future__ import annotations

from auditor.platforms.base import Link, Platform, UrlParts, handle, rebuild, segments, strip_slash


def parse_url(p: UrlParts) -> Link:
    """/p/CODE/, /reel/CODE/, /tv/CODE/ and the newer /{user}/p/CODE/, keyed by the shortcode."""
    seg = segments(p.path)
    for i, s in enumerate(seg[:2]):
        if s in ("p", "reel", "reels", "tv") and i + 1 < len(seg):
            code = seg[i + 1]
            kind = "reel" if s == "reels" else s
            return Link("instagram", f"instagram:{code}", f"https://www.instagram.com/{kind}/{code}/")
    return Link("instagram", f"instagram:path{strip_slash(p.path).lower()}", rebuild("www.instagram.com", p.path, {}))


INSTAGRAM = Platform(
    id="instagram", label_th="Instagram", label_en="Instagram", short="IG",
    primary_key="user_id", account_keys=("user_id", "handle"),
    channel_keys=("user_id", "handle", "links", "token_env", "name"),
    settings={"base_url": "https://graph.facebook.com", "token_env": "AUDITOR_INSTAGRAM_TOKEN", "graph_version": "v24.0"},
    hosts=("instagram.com", "instagr.am"),
    parse_url=parse_url, account_key=handle,
    report_labels=("instagram", "ig", "อินสตาแกรม", "ไอจี"),
)
