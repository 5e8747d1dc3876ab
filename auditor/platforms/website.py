"""District websites: WordPress REST, RSS or an HTML listing (auditor/collect/website.py).

Any host no other platform claims is a website: its links are keyed by host, path and query.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from auditor.platforms.base import AccountRef, Link, Platform, UrlParts, pasted_url, rebuild, segments, strip_slash

# Hosts that serve many sites, each under its own leading path segments: the number of segments that
# name one site. The district offices' sites are one WordPress Multisite with a sub-directory per
# district (district.cdd.go.th/warinchamrap/, README "Collecting"); Google Sites puts each site under
# /view/<name>/ (or the classic /site/<name>/). Any other host is one site at its root: the provincial
# sites (ubonratchathani.cdd.go.th) and the offices' own domains.
MULTISITE_HOSTS = {"district.cdd.go.th": 1, "sites.google.com": 2}
# First segments that are the network's own pages, not a site's name (district.cdd.go.th/wp-json/, /feed/).
_NOT_SITES = {"category", "tag", "author", "feed", "wp-json", "wp-admin", "wp-content", "wp-includes", "page",
              "index.php", "wp-login.php", "archives", "search", "comments", "files"}


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


def site_root(parts: UrlParts) -> str | None:
    """The home page of the site a page belongs to (https, with a slash): the host's root, or on a host
    serving many sites the leading segments naming the site; None when the address names no one site
    (the network's own root, district.cdd.go.th/)."""
    depth = MULTISITE_HOSTS.get(parts.host, 0)
    kept = segments(parts.path)[:depth]
    if len(kept) < depth or any(seg.lower() in _NOT_SITES or "." in seg for seg in kept):
        return None
    return rebuild(parts.raw_host, "/" + "".join(seg + "/" for seg in kept), {})


def parse_account(value: str) -> AccountRef:
    """A website as pasted: any page of it → the site's home page (https unless the URL says http).
    A page below the root of a host that is not known to serve many sites is cut to the host with a
    note, since a site installed in a folder of that host would be cut too."""
    parts = pasted_url(value)
    if parts is None:
        return AccountRef(problem="unrecognized")
    root = site_root(parts)
    if root is None:
        return AccountRef(problem="no_site_in_address")
    if value.strip().startswith("http://"):
        root = root.replace("https://", "http://", 1)
    cut = parts.host not in MULTISITE_HOSTS and (segments(parts.path) or parts.query)
    return AccountRef(root, note="site_root_cut" if cut else None)


WEBSITE = Platform(
    id="website", label_th="เว็บไซต์", label_en="Website", short="เว็บ",
    primary_key="url", account_keys=("url",), channel_keys=("url", "kind", "listing_url", "selectors", "name"),
    settings={}, parse_url=parse_url, account_key=site_key, account_is_url=True, parse_account=parse_account,
    report_labels=("website", "web", "เว็บไซต์", "เว็บไซด์", "เวบไซต์", "เว็บ", "เว็ป"),
)
