"""X (Twitter): not collected and not configurable; links are recognised so they are not taken for websites."""

from __future__ import annotations

from auditor.platforms.base import Link, Platform, UrlParts, rebuild, strip_slash


def parse_url(p: UrlParts) -> Link:
    return Link("x", f"x:x.com{strip_slash(p.path)}", rebuild("x.com", p.path, {}))


X = Platform(id="x", label_th="X", label_en="X", short="X", hosts=("x.com", "twitter.com"), parse_url=parse_url,
             collected=False)
