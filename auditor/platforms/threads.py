"""Threads (Meta): self-reported through the report sheet, like LINE; links only checked to open.

A post link is threads.net/@user/post/CODE (threads.com too); profile pages are not posts.
"""

from __future__ import annotations

from auditor.platforms.base import AccountRef, Link, Platform, UrlParts, handle, handle_ref, on_hosts, pasted_url, segments


def parse_url(p: UrlParts) -> Link:
    seg = segments(p.path)
    if len(seg) >= 3 and seg[0].startswith("@") and seg[1] == "post":
        return Link("threads", f"threads:{seg[2]}", f"https://www.threads.net/{seg[0]}/post/{seg[2]}")
    return Link("threads", f"threads:path/{'/'.join(seg).lower()}", f"https://www.threads.net/{'/'.join(seg)}",
                is_post=False)


def id_keys(post_id: str) -> set[str]:
    return {post_id} if post_id.startswith("threads:") else set()  # self-reported posts carry their link key as id


def parse_account(value: str) -> AccountRef:
    """@handle, handle or threads.net/@handle → '@handle'."""
    parts = pasted_url(value) if "/" in value else None
    if parts is None:
        return handle_ref(value)
    if not on_hosts(parts, ("threads.net", "threads.com")):
        return AccountRef(problem="not_platform_url")
    seg = segments(parts.path)
    return handle_ref(seg[0]) if seg and seg[0].startswith("@") else AccountRef(problem="unrecognized")


THREADS = Platform(
    id="threads", label_th="Threads", label_en="Threads", short="TH",
    primary_key="handle", account_keys=("handle",), channel_keys=("handle", "name"),
    hosts=("threads.net", "threads.com"), parse_url=parse_url, account_key=handle, id_keys=id_keys,
    parse_account=parse_account, report_labels=("threads", "เธรดส์", "เธรด", "เทรด"),
    collected=False,
)
