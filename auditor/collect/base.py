"""The collector interface: one file per platform, registered in COLLECTORS.

A collector turns one configured channel into raw platform items for the audited month
(`fetch`, which pages and raises CollectorError on failure) and each raw item into the one
normalized Post record (`to_post`, pure). After that nothing knows which API a post came from.

The post links an office lists in auditor.toml (`links`) are read by a LinkReader, registered
per platform in LINK_READERS: `read_link` checks one link and returns a raw item when the
platform lets us read the post, or None (checked only, dead, or outside the month). The
orchestrator scans them as link channels (account "links"), one per office and platform,
through LinkCollector.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import requests

from auditor.codes import ChannelNote, Note
from auditor.models import Post
from auditor.period import Month
from auditor.registry import Channel, Office


@dataclass(frozen=True)
class LinkCheck:
    """What a request on a submitted link found: ok is True for a final 2xx answer."""

    url: str
    ok: bool
    status: int | None  # None when the host could not be reached
    final_url: str
    cause: str = ""  # why a dead link is dead when no HTTP status says it (e.g. the Data API lists no such video)


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


@dataclass(frozen=True)
class Gone:
    """A post the platform no longer shows; post_id is None when only the link is known."""

    url: str
    cause: str
    post_id: str | None = None


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


COLLECTORS: dict[str, Collector] = {}
LINK_READERS: dict[str, LinkReader] = {}
LINKS_ACCOUNT = "links"  # the account of a link channel: an office's listed links on one platform


def register(collector: Collector) -> Collector:
    """Add a collector instance to the registry; a platform may be registered once."""
    if collector.platform in COLLECTORS:
        raise ValueError(f"collector for {collector.platform!r} is already registered")
    COLLECTORS[collector.platform] = collector
    return collector


def register_link_reader(reader: LinkReader) -> LinkReader:
    """Add a link reader to LINK_READERS; a platform may be registered once."""
    if reader.platform in LINK_READERS:
        raise ValueError(f"link reader for {reader.platform!r} is already registered")
    LINK_READERS[reader.platform] = reader
    return reader


def link_channel(platform: str, urls: list[str]) -> Channel:
    """The channel that stands for an office's listed links on one platform."""
    return Channel(platform, LINKS_ACCOUNT, {"links": list(urls), "link_channel": True})


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
