"""What a platform is, as plain data: the Platform record, and the Link a post URL reduces to.

A Platform declares everything the stages below the collectors need to know about one platform
(labels, config keys, hosts and URL parser, how account ids compare); its collector and link
reader, if any, are attached in auditor/collect/platforms.py. Nothing here does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

NUMERIC = re.compile(r"^\d+$")
HANDLE = re.compile(r"^@?([A-Za-z0-9_.]{2,30})$")
_HOST_PREFIXES = ("www.", "m.", "web.", "mobile.", "mbasic.")


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
class UrlParts:
    """A pasted URL split for the platforms' parsers."""

    host: str  # lowercased, without www./m./web./… prefixes
    raw_host: str  # lowercased, as given
    path: str  # percent-decoded, NFC
    query: dict[str, str]  # tracking parameters removed


@dataclass(frozen=True)
class AccountRef:
    """What a value pasted into a channel cell (a URL, a name, an id) says about the account.

    account: the value to store (the id when known offline, else the best offline value);
    key: the channel key it goes under (None: the platform's primary key); lookup: what must
    still be resolved online ("page_name", "page_id", "handle", "username", "custom_url") and
    name the name to look up; problem: a code when the value cannot be an account of this
    platform (e.g. "video_not_channel"); the import reports it by row and column. note: a code
    when the value is used but something of it was left out or guessed (e.g. "site_root_cut"):
    the import shows it as a warning. links: post links the value also named (a TikTok video
    address pasted for its account), to be listed on the channel.
    """

    account: str = ""
    key: str | None = None
    lookup: str | None = None
    name: str = ""
    problem: str | None = None
    note: str | None = None
    links: tuple[str, ...] = ()


# A platform's account parser: a pasted cell value → AccountRef, offline.
AccountParser = Callable[[str], AccountRef]


def pasted_url(text: str) -> UrlParts | None:
    """A pasted web address split into parts (scheme optional, www./m./web. dropped); None when it is not one."""
    text = text.strip()
    if "://" not in text:
        if "/" not in text and "." not in text.split("?")[0]:
            return None
        text = "https://" + text
    parts = urlsplit(text)
    raw_host = (parts.hostname or "").lower()
    if "." not in raw_host or " " in text:
        return None
    host = raw_host
    for prefix in _HOST_PREFIXES:
        host = host.removeprefix(prefix)
    return UrlParts(host, raw_host, unquote(parts.path), dict(parse_qsl(parts.query)))


def on_hosts(parts: UrlParts, hosts: tuple[str, ...]) -> bool:
    return any(parts.host == h or parts.host.endswith("." + h) for h in hosts)


def handle_ref(text: str) -> AccountRef:
    """'@name' or 'name' as a handle '@name'; a problem when it holds other characters."""
    match = HANDLE.match(text.strip())
    return AccountRef("@" + match.group(1)) if match else AccountRef(problem="not_a_handle")


# A platform's URL parser: the Link of a URL on one of its hosts, None when the URL is not one of
# its forms (it is then read as a website page), or a str: another URL the first one wraps (a
# redirect such as l.facebook.com/l.php?u=…), to be read in its place.
UrlParser = Callable[[UrlParts], "Link | str | None"]


def same(account_id: str) -> str:
    """Account ids compared as written (numeric page ids, YouTube channel ids)."""
    return account_id


def handle(account_id: str) -> str:
    """'@CDD_Warin' and 'cdd_warin' are one account."""
    return account_id.lstrip("@").lower()


def no_id_keys(post_id: str) -> set[str]:
    return set()


@dataclass(frozen=True)
class Platform:
    """One platform: what the config, the URL reader, the store, the importers and the pages know of it.

    primary_key: the key of a channel table that holds the account id (None: not a configurable
    channel); account_keys: keys tried in turn for the account id (primary_key first);
    channel_keys: every key a channel table may hold; settings: the keys of the platform's
    [section] with their defaults (None: the config has no such section); hosts: hosts whose
    links belong to the platform, subdomains included; report_labels: how
    report sheets name the channel (compared lowercased, spaces removed); reads_links: its
    link reader can read a post's text from a link (others are only checked to open);
    collected: a collector lists the channel's posts (False: self-reported through the report
    sheet, the channel is never scanned); parse_account: reads a pasted channel value (URL, name or
    id) offline, for `auditor channels import`; per_host: how many of its channels a scan collects
    at once on one host (what the platform's own limits allow; see each platform's file).
    """

    id: str
    label_th: str
    label_en: str
    short: str
    primary_key: str | None = None
    account_keys: tuple[str, ...] = ()
    channel_keys: tuple[str, ...] = ()
    settings: Mapping[str, str] | None = None
    hosts: tuple[str, ...] = ()
    parse_url: UrlParser | None = None
    account_key: Callable[[str], str] = same
    id_keys: Callable[[str], set[str]] = no_id_keys
    account_is_url: bool = False
    report_labels: tuple[str, ...] = ()
    reads_links: bool = False
    collected: bool = True
    parse_account: AccountParser | None = None
    # Websites (one government WordPress server for every district), YouTube (its feed host
    # publishes no limit; the Data API counts quota units per day) and TikTok's oEmbed: polite.
    per_host: int = 4

    @property
    def configurable(self) -> bool:
        """A channel of this platform can be listed under [offices.channels]."""
        return self.primary_key is not None


def rebuild(host: str, path: str, query: Mapping[str, str]) -> str:
    """An https URL from parts, the path percent-encoded and the query sorted."""
    encoded = quote(path, safe="/:@!$&'()*+,;=-._~")
    return f"https://{host}{encoded}" + (f"?{urlencode(sorted(query.items()))}" if query else "")


def segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def strip_slash(path: str) -> str:
    return path.rstrip("/")
