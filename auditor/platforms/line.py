"""LINE official accounts: no reading API, so posts are self-reported through the report sheet.

LINE VOOM post links (linevoom.line.me/post/ID) are posts; account pages, add-friend links
(line.me/R/ti/p/@id, page.line.me/…) and unresolved lin.ee links are not.
"""

from __future__ import annotations

from auditor.platforms.base import AccountRef, Link, Platform, UrlParts, handle, handle_ref, pasted_url, rebuild, segments, strip_slash


def parse_url(p: UrlParts) -> Link | None:
    seg = segments(p.path)
    if p.host == "lin.ee":
        # Usually an add-friend link; a post only once resolved to linevoom.line.me/post/ID.
        return Link("line", f"line:lin.ee/{seg[0]}", f"https://lin.ee/{seg[0]}", True, is_post=False) if seg else None
    if p.host == "linevoom.line.me" and len(seg) >= 2 and seg[0] == "post":
        return Link("line", f"line:{seg[1]}", f"https://linevoom.line.me/post/{seg[1]}")
    return Link("line", f"line:{p.host}{strip_slash(p.path)}", rebuild(p.host, p.path, p.query), is_post=False)


def id_keys(post_id: str) -> set[str]:
    return {post_id} if post_id.startswith("line:") else set()  # self-reported posts carry their link key as id


def parse_account(value: str) -> AccountRef:
    """An official account as pasted: @id, line.me/R/ti/p/@id, page.line.me/id → '@id'.
    A lin.ee short link hides the id: a problem to fix by hand."""
    parts = pasted_url(value) if "/" in value else None
    if parts is None:
        return handle_ref(value)
    seg = segments(parts.path)
    if parts.host == "lin.ee":
        return AccountRef(problem="short_link")
    if parts.host not in ("line.me", "page.line.me") or not seg:
        return AccountRef(problem="not_platform_url")
    return handle_ref(seg[-1].lstrip("~"))


LINE = Platform(
    id="line", label_th="LINE", label_en="LINE", short="LINE",
    primary_key="oa_id", account_keys=("oa_id",), channel_keys=("oa_id", "name"),
    hosts=("line.me", "lin.ee"),
    parse_url=parse_url, account_key=handle, id_keys=id_keys, parse_account=parse_account,
    report_labels=("line", "ไลน์", "lineoa", "ไลน์โอเอ", "linevoom", "ไลน์วูม", "lineofficial", "lineofficialaccount"),
    collected=False,
)
