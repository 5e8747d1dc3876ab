"""The collector interface: one file per platform, registered in COLLECTORS.

A collector turns one configured channel into raw platform items for the audited month
(`fetch`, which pages and raises CollectorError on failure) and each raw item into the one
normalized Post record (`to_post`, pure). After that nothing knows which API a post came from.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import requests

from auditor.models import Post
from auditor.period import Month
from auditor.registry import Channel, Office


@dataclass
class Context:
    """What a collector may use: the HTTP session, platform settings, the environment for tokens."""

    session: requests.Session
    settings: Mapping[str, dict]
    env: Mapping[str, str]
    warnings: list[str] = field(default_factory=list)
    partial: bool = False  # set when some of the month may be missing (e.g. a 15-entry feed)
    sleep: Callable[[float], None] = time.sleep  # rate-limit back-off; replays and tests pass a no-op

    def mark_partial(self, message: str) -> None:
        self.partial = True
        self.warnings.append(message)


class Collector(Protocol):
    platform: str

    def fetch(self, channel: Channel, month: Month, ctx: Context) -> Iterator[dict]:
        """Yield raw items for the month (with a margin); follow paging; raise CollectorError."""

    def to_post(self, raw: dict, channel: Channel, office: Office) -> Post | None:
        """Pure: one raw item → Post, or None when the item is not a publication (e.g. a cover-photo story)."""


COLLECTORS: dict[str, Collector] = {}


def register(collector: Collector) -> Collector:
    """Add a collector instance to the registry; a platform may be registered once."""
    if collector.platform in COLLECTORS:
        raise ValueError(f"collector for {collector.platform!r} is already registered")
    COLLECTORS[collector.platform] = collector
    return collector
