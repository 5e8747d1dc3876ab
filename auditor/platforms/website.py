"""District websites: WordPress REST, RSS or an HTML listing (auditor/collect/website.py).

Any host no other platform claims is a website: its links are keyed by host, path and query.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import re

from auditor.platforms.base import AccountRef, Link, Platform, UrlParts, pasted_url, rebuild, segments, strip_slash

# Path segments where a WordPress site's own pages begin: the site root is what comes before them
# (district.cdd.go.th/warinchamrap/category/news/ → district.cdd.go.th/warinchamrap/).
_WP_ROUTES = {"category", "tag", "author", "feed", "wp-json", "wp-admin", "wp-content", "page", "index.php",
              "archives", "search", "comments"}
_DATE_SEGMENT = re.compile(r"^\d{4}$")


def parse_url(p: UrlParts) -> Link:
    path = strip_slash(p.path)
    query = "?" + urlencode(sorted(p.query.items())) if p.query else ""
    return Link("website", f"website:{p.host}{path}{query}", rebuild(p.raw_host, p.path, p.query))


def site_key(account_id: str) -> str:
    """'https://www.District.cdd.go.th/Warin/' and 'district.cdd.go.th/warin' are one site."""
    s = account_id
    parts = urlsplit(s if "://" in s else "https://" + s)
    host = parts.netloc.lower().removeprefix("www.")
    return host + parts.path.rstrip("/").lower()


def site_root(parts: UrlParts) -> str:
    """The site's root: the path before WordPress's own routes (/category/, /2025/, /feed/, …), with a slash."""
    kept = []
    for seg in segments(parts.path):
        if seg.lower() in _WP_ROUTES or _DATE_SEGMENT.match(seg) or "." in seg and seg.lower().endswith((".php", ".html", ".htm")):
            break
        kept.append(seg)
    path = "/" + "/".join(kept) + ("/" if kept else "")
    return rebuild(parts.raw_host, path, {})


def parse_account(value: str) -> AccountRef:
    """A website as pasted: any page of it → the site root (https unless the URL says http)."""
    parts = pasted_url(value)
    if parts is None:
        return AccountRef(problem="unrecognized")
    root = site_root(parts)
    return AccountRef(root.replace("https://", "http://", 1) if value.strip().startswith("http://") else root)


WEBSITE = Platform(
    id="website", label_th="เว็บไซต์", label_en="Website", short="เว็บ",
    primary_key="url", account_keys=("url",), channel_keys=("url", "kind", "listing_url", "selectors", "name"),
    settings={}, parse_url=parse_url, account_key=site_key, account_is_url=True, parse_account=parse_account,
    report_labels=("website", "web", "เว็บไซต์", "เว็บไซด์", "เวบไซต์", "เว็บ", "เว็ป"),
)
