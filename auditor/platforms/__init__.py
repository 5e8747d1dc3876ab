"""The platform table: every platform the auditor knows, one record each (auditor/platforms/<id>.py).

Everything else derives from it: config validation (channel and section keys), `--platform`
choices, URL → platform, account-id comparison, report-sheet channel labels, labels on the
pages, which posts `Post.from_dict` accepts. Collectors and link readers are attached in
auditor/collect/platforms.py. To add a platform: declare it in a new module here, add it to
the import list and to ALL below.
"""

from __future__ import annotations

from collections.abc import Iterable

from auditor.platforms.base import Link, Platform, UrlParts
from auditor.platforms.facebook import FACEBOOK
from auditor.platforms.instagram import INSTAGRAM
from auditor.platforms.line import LINE
from auditor.platforms.other import OTHER
from auditor.platforms.threads import THREADS
from auditor.platforms.tiktok import TIKTOK
from auditor.platforms.website import WEBSITE
from auditor.platforms.x import X
from auditor.platforms.youtube import YOUTUBE

__all__ = ["Link", "Platform", "UrlParts", "PLATFORMS", "build_table", "get", "for_host", "known_host"]


def build_table(platforms: Iterable[Platform]) -> dict[str, Platform]:
    """id → Platform, in the given order (the pages list channels in it); a duplicate id is refused."""
    table: dict[str, Platform] = {}
    for platform in platforms:
        if platform.id in table:
            raise ValueError(f"platform {platform.id!r} is declared twice")
        table[platform.id] = platform
    return table


# The order is the pages' order of channels: Facebook first, "other" last.
PLATFORMS: dict[str, Platform] = build_table([FACEBOOK, WEBSITE, YOUTUBE, TIKTOK, INSTAGRAM, LINE, THREADS, X, OTHER])


def get(platform_id: str) -> Platform:
    """The platform with this id; KeyError naming the known ones."""
    try:
        return PLATFORMS[platform_id]
    except KeyError:
        raise KeyError(f"unknown platform {platform_id!r} (known: {', '.join(PLATFORMS)})") from None


def for_host(host: str) -> Platform | None:
    """The platform a host belongs to: one of its declared hosts or a subdomain of one (linevoom.line.me)."""
    host = host.lower()
    for platform in PLATFORMS.values():
        if any(host == h or host.endswith("." + h) for h in platform.hosts):
            return platform
    return None


def known_host(host: str) -> bool:
    return for_host(host) is not None
