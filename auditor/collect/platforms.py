"""Which collector and link reader serve each platform of the platform table: an explicit import
list and two dicts (as pre-commit's all_languages.py), no discovery by import side effects.

A platform the table declares `collected=False` (LINE, Threads: self-reported through the report
sheet) has no collector and its channels are never scanned. A platform without a reader of its
own gets an ExistenceReader: its listed links are checked to open, never read.
"""

from __future__ import annotations

from auditor.collect import facebook, links, website, youtube
from auditor.collect.base import Collector, LinkReader
from auditor.platforms import PLATFORMS


def _checked(table: dict, what: str) -> dict:
    for platform_id, handler in table.items():
        if platform_id not in PLATFORMS:
            raise ValueError(f"{what} for {platform_id!r}, which the platform table does not declare")
        if handler.platform != platform_id:
            raise ValueError(f"{what} for {platform_id!r} says it serves {handler.platform!r}")
    return table


COLLECTORS: dict[str, Collector] = _checked({
    "facebook": facebook.COLLECTOR,
    "website": website.COLLECTOR,
    "youtube": youtube.YOUTUBE,
    "tiktok": links.TIKTOK_COLLECTOR,
    "instagram": links.INSTAGRAM_COLLECTOR,
}, "collector")

# Readers of listed post links; every other platform's links are only checked to open.
LINK_READERS: dict[str, LinkReader] = _checked({
    "youtube": youtube.YOUTUBE,
    "tiktok": links.TIKTOK_COLLECTOR,
    **{p.id: links.ExistenceReader(p.id) for p in PLATFORMS.values() if not p.reads_links},
}, "link reader")


def collector_of(platform_id: str) -> Collector | None:
    """The platform's collector; None for a self-reported platform (never scanned) or an unknown one."""
    return COLLECTORS.get(platform_id)


def link_reader_of(platform_id: str) -> LinkReader | None:
    return LINK_READERS.get(platform_id)


def check_table() -> list[str]:
    """What disagrees between the platform table and the collectors: a collected platform without a
    collector, a self-reported one with one, a platform reading links without a reader that does."""
    problems = []
    for p in PLATFORMS.values():
        if p.collected and p.configurable and p.id not in COLLECTORS:
            problems.append(f"{p.id}: declared collected but has no collector")
        if not p.collected and p.id in COLLECTORS:
            problems.append(f"{p.id}: declared self-reported but has a collector")
        if p.reads_links and p.id not in LINK_READERS:
            problems.append(f"{p.id}: declared to read posts from links but has no link reader")
    return problems
