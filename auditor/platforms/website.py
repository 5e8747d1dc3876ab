"""District websites: WordPress REST, RSS or an HTML listing (auditor/collect/website.py).

Any host no other platform claims is a website: its links are keyed by host, path and query.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from auditor.platforms.base import Link, Platform, UrlParts, rebuild, strip_slash


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


WEBSITE = Platform(
    id="website", label_th="เว็บไซต์", label_en="Website", short="เว็บ",
    primary_key="url", account_keys=("url",), channel_keys=("url", "kind", "listing_url", "selectors", "name"),
    settings={}, parse_url=parse_url, account_key=site_key, account_is_url=True,
    report_labels=("website", "web", "เว็บไซต์", "เว็บไซด์", "เวบไซต์", "เว็บ", "เว็ป"),
)
