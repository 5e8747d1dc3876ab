"""The collector interface: one file per platform, attached to its platform in auditor/collect/platforms.py.

A collector turns one configured channel into raw platform items for the audited month
(`fetch`, which pages and raises CollectorError on failure) and each raw item into the one
normalized Post record (`to_post`, pure). After that nothing knows which API a post came from.

The post links an office lists in auditor.toml (`links`) are read by a LinkReader, registered
per platform in auditor/collect/platforms.py: `read_link` checks one link and returns a raw item when the
platform lets us read the post, or None (checked only, dead, or outside the month). The
orchestrator scans them as link channels (account "links"), one per office and platform,
through LinkCollector.
"""

from __future__ import annotations

import time
from datetime import datetime
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import requests

from auditor.codes import ChannelNote, Note
from auditor.models import Gone, LinkCheck, Post
from auditor.period import Month
from auditor.registry import LINKS_ACCOUNT, Channel, Office, link_channel

__all__ = ["Context", "Previous", "Collector", "LinkReader", "LinkCollector", "LINKS_ACCOUNT", "link_channel"]


@dataclass(frozen=True)
class Previous:
    """What the channel's last complete scan left for a re-scan: when it was collected, the
    validators each URL answered with ({url: {"etag", "last_modified"}}) and the way in it used
    (a website's "wordpress", "rss" or "html")."""

    collected_at: datetime
    validators: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    source: str = ""


@dataclass
class Context:
    """What a collector may use: the HTTP session, platform settings, the environment for tokens."""

    session: requests.Session
    settings: Mapping[str, dict]
    env: Mapping[str, str]
    warnings: list[str] = field(default_factory=list)  # the collector's own words, for the log
    notes: list[Note] = field(default_factory=list)  # the same, as codes, for the reports
    gone: list[Gone] = field(default_factory=list)  # links the platform says are deleted or private
    checks: list[LinkCheck] = field(default_factory=list)  # what requests learned about links, for the store
    partial: bool = False  # set when some of the month may be missing (e.g. a 15-entry feed)
    sleep: Callable[[float], None] = time.sleep  # rate-limit back-off; replays and tests pass a no-op
    collected_at: datetime | None = None  # when the scan collected the channel, stamped on its posts
    previous: Previous | None = None  # the last complete scan of the channel; None: read it all
    validators: dict[str, dict[str, str]] = field(default_factory=dict)  # what this scan's answers carried
    source: str = ""  # the way in this scan used, when a platform has several
    unchanged: bool = False  # the platform said nothing changed since `previous`: its stored posts stand

    def conditional(self, url: str) -> dict[str, str]:
        """If-None-Match / If-Modified-Since for `url` from the last complete scan (RFC 9110 §13.1)."""
        known = (self.previous.validators.get(url) if self.previous else None) or {}
        headers = {"If-None-Match": known.get("etag"), "If-Modified-Since": known.get("last_modified")}
        return {k: v for k, v in headers.items() if v}

    def keep_validators(self, url: str, resp: requests.Response) -> bool:
        """Remember the ETag and Last-Modified of an answer for the next scan; True when the answer
        was 304 Not Modified (then the earlier validators stand unless it sent new ones)."""
        earlier = (self.previous.validators.get(url) if self.previous else None) or {}
        fresh = {"etag": resp.headers.get("ETag"), "last_modified": resp.headers.get("Last-Modified")}
        fresh = {k: v for k, v in fresh.items() if v}
        not_modified = resp.status_code == 304 and bool(earlier)
        if fresh or not_modified:
            self.validators[url] = {**earlier, **fresh} if not_modified else fresh
        return not_modified

    def mark_unchanged(self) -> None:
        """Nothing changed since the last complete scan: the stored posts stand and the channel is complete."""
        self.unchanged = True

    def note(self, code: str, message: str, **params) -> None:
        """Something to know about the channel: `message` for the log, the code for the reports."""
        self.warnings.append(message)
        self.notes.append(Note(code, params))

    def mark_partial(self, code: str, message: str, **params) -> None:
        """Some of the month may be missing: dependent rules become unknown."""
        self.partial = True
        self.note(code, message, **params)

    def mark_checked(self, check: LinkCheck) -> None:
        """What a request learned about a link; the scan stores it so reconciliation can use it later."""
        self.checks.append(check)

    def mark_dead(self, url: str, cause: str) -> None:
        """A link that does not open: reported, not counted. The store keeps any earlier copy.

        A dead link no reader recorded a check for (e.g. a video the Data API does not list) is
        kept as one.
        """
        self.note(ChannelNote.DEAD_LINK, f"dead link: {url} ({cause})", url=url, cause=cause)
        if not any(c.url == url for c in self.checks):
            self.checks.append(LinkCheck(url, False, None, url, cause))

    def mark_gone(self, url: str, cause: str, post_id: str | None = None) -> None:
        """A link the platform itself says is deleted or private: reported, and a post stored
        from it earlier (same post_id, url or link) is marked gone and no longer counted."""
        self.mark_dead(url, cause)
        self.gone.append(Gone(url, cause, post_id))


class Collector(Protocol):
    platform: str

    def fetch(self, channel: Channel, month: Month, ctx: Context) -> Iterator[dict]:
        """Yield raw items for the month (with a margin); follow paging; raise CollectorError."""

    def to_post(self, raw: dict, channel: Channel, office: Office) -> Post | None:
        """Pure: one raw item → Post, or None when the item is not a publication (e.g. a cover-photo story)."""


class LinkReader(Protocol):
    platform: str

    def read_link(self, url: str, channel: Channel, month: Month, ctx: Context) -> dict | None:
        """One listed post link → a raw item for to_post, or None (checked only, dead, outside the month)."""

    def to_post(self, raw: dict, channel: Channel, office: Office) -> Post | None:
        """Pure: one raw item from read_link → Post."""

    def reads_posts(self, settings: Mapping[str, dict], env: Mapping[str, str]) -> bool:
        """True when, with these settings and credentials, read_link reads a post's text (not only checks it opens)."""


class LinkCollector:
    """A Collector over a link channel: each listed link is read by the platform's LinkReader."""

    def __init__(self, reader: LinkReader):
        self.reader = reader
        self.platform = reader.platform

    def fetch(self, channel: Channel, month: Month, ctx: Context) -> Iterator[dict]:
        """Yield what the reader could read of each listed link."""
        for url in channel.option("links") or []:
            raw = self.reader.read_link(url, channel, month, ctx)
            if raw is not None:
                yield raw

    def to_post(self, raw: dict, channel: Channel, office: Office) -> Post | None:
        return self.reader.to_post(raw, channel, office)
