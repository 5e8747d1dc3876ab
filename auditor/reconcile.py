"""Match the links a district reported on the monthly form with the posts collected for it.

`reconcile(reported, posts)` takes the form rows of ONE district and that district's scorecard
post dicts, and sorts every reported URL into:

* verified: reported, collected and counted;
* problems: not counted, not found, dead, malformed or reported twice (each with a stable
  `code`, a short Thai reason and an English one);
* self_reported: live LINE links (LINE has no reading API; the engine counts them as posts the
  district reported itself);

and lists in `unreported` the related posts (kind != "unrelated") no reported URL matched.
Network checks are optional callables, so the matching itself stays pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from auditor.urls import InvalidURL, Link, keys_for, normalize_url, resolve

ResolveLink = Callable[[Link], Link]
Verify = Callable[[str], object]  # url -> LinkCheck-like (ok, status, final_url)

REASONS = {
    "invalid_url": ("URL ไม่ถูกต้อง", "invalid URL"),
    "duplicate": ("ลิงก์ซ้ำกับแถว {other}", "same post as row {other}"),
    "not_counted": ("พบโพสต์แล้ว แต่ไม่นับ", "found, but not counted"),
    "dead": ("ลิงก์เปิดไม่ได้ ({status})", "dead link ({status})"),
    "not_collected": ("เปิดได้ แต่ไม่พบในข้อมูลที่เก็บ (ตรวจแฮชแท็กไม่ได้)",
                      "opens, but not among the collected posts (hashtags not checked)"),
    "not_found": ("ไม่พบในข้อมูลที่เก็บ (ยังไม่ได้ตรวจลิงก์)", "not among the collected posts (link not checked)"),
    "check_failed": ("ตรวจลิงก์ไม่ได้", "the link could not be checked"),
}


@dataclass(frozen=True)
class ReportedLink:
    """One URL from one row of a district's self-report form."""

    district: str
    url: str
    title: str = ""
    channel: str = ""
    activity_date: date | None = None
    row: int = 0
    source: str = ""


@dataclass
class Reconciliation:
    """The outcome for one district, as lists of report-ready dicts."""

    verified: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    unreported: list[dict] = field(default_factory=list)
    self_reported: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The four lists under their names (JSON-ready)."""
        return {"verified": self.verified, "problems": self.problems,
                "unreported": self.unreported, "self_reported": self.self_reported}


def reconcile(reported: list[ReportedLink], posts: list[dict], *,
              resolve_link: ResolveLink | None = None, verify: Verify | None = None) -> Reconciliation:
    """Sort one district's reported links against its collected post dicts.

    resolve_link(link) follows short links; verify(url) checks that a link opens. Both are
    optional; without them unmatched links are reported as not found (LINE links as
    self-reported, unchecked). One bad URL never stops the run: it becomes a problem.
    """
    index = _index(posts)
    out = Reconciliation()
    seen: dict[str, int] = {}  # post identity → first row that reported it
    matched: set[tuple[str, str]] = set()
    for item in reported:
        _reconcile_one(item, index, seen, matched, out, resolve_link, verify)
    out.unreported = [
        {"platform": p.get("platform"), "post_id": p.get("post_id"), "url": p.get("url"), "counted": bool(p.get("counted"))}
        for p in posts if p.get("kind") != "unrelated" and _identity(p) not in matched
    ]
    return out


def online(session) -> dict:
    """reconcile's network keyword arguments over one HTTP session: reconcile(r, p, **online(s))."""
    from auditor.collectors.links import verify_link

    return {"resolve_link": lambda link: resolve(session, link), "verify": lambda url: verify_link(session, url)}


# --- one reported URL -------------------------------------------------------------------


def _reconcile_one(item, index, seen, matched, out, resolve_link, verify) -> None:
    try:
        link = normalize_url(item.url)
    except InvalidURL:
        out.problems.append(_problem(item, "invalid_url"))
        return
    try:
        link, post, check = _find(link, index, resolve_link, verify)
    except Exception as exc:  # noqa: BLE001 - a checker failing on one URL must not stop the district
        out.problems.append(_problem(item, "check_failed", platform=link.platform, detail=type(exc).__name__))
        return
    identity = _identity(post) if post is not None else link.key
    if identity in seen:
        out.problems.append(_problem(item, "duplicate", platform=link.platform, other=seen[identity]))
        return
    seen[identity] = item.row
    if post is not None:
        matched.add(identity)
        _add_found(item, post, out)
    else:
        _add_unfound(item, link, check, out)


def _find(link: Link, index: dict, resolve_link, verify):
    """(link, matched post or None, link check or None), resolving and checking only when needed."""
    post = _lookup(link, index)
    if post is None and resolve_link is not None and link.needs_resolving:
        link = resolve_link(link)
        post = _lookup(link, index)
    if post is not None or verify is None:
        return link, post, None
    check = verify(link.canonical)
    final = getattr(check, "final_url", None)
    if getattr(check, "ok", False) and final and final != link.canonical:
        try:
            redirected = normalize_url(final)
        except InvalidURL:
            redirected = None
        found = _lookup(redirected, index) if redirected is not None else None
        if found is not None:
            return redirected, found, check
    return link, None, check


def _add_found(item: ReportedLink, post: dict, out: Reconciliation) -> None:
    where = {"platform": post.get("platform"), "post_id": post.get("post_id")}
    if post.get("counted"):
        out.verified.append({"url": item.url, "title": item.title, "row": item.row, **where, "post_url": post.get("url")})
    else:
        out.problems.append(_problem(item, "not_counted", **where, post_url=post.get("url"), notes=list(post.get("notes") or [])))


def _add_unfound(item: ReportedLink, link: Link, check, out: Reconciliation) -> None:
    if check is not None and not getattr(check, "ok", False):
        status = getattr(check, "status", None)
        out.problems.append(_problem(item, "dead", platform=link.platform, status=status,
                                     detail=f"HTTP {status}" if status else None))
    elif link.platform == "line":
        out.self_reported.append(_self_reported(item, link, checked=check is not None))
    else:
        out.problems.append(_problem(item, "not_collected" if check is not None else "not_found", platform=link.platform))


def _self_reported(item: ReportedLink, link: Link, *, checked: bool) -> dict:
    return {"url": item.url, "title": item.title, "row": item.row, "platform": "line",
            "activity_date": item.activity_date.isoformat() if item.activity_date else None,
            "post_id": link.key.removeprefix("line:"), "canonical": link.canonical, "link_checked": checked}


def _problem(item: ReportedLink, code: str, *, detail: str | None = None, other: int | None = None, **extra) -> dict:
    thai, english = REASONS[code]
    if code == "dead":
        status_th, status_en = (detail, detail) if detail else ("เชื่อมต่อไม่ได้", "unreachable")
        thai, english = thai.format(status=status_th), english.format(status=status_en)
    elif code == "duplicate":
        thai, english = thai.format(other=other), english.format(other=other)
    elif detail:
        english = f"{english} ({detail})"
    found = {k: v for k, v in extra.items() if v is not None}
    return {"url": item.url, "title": item.title, "row": item.row, "code": code,
            "reason_th": thai, "reason_en": english, **found}


# --- the collected posts ----------------------------------------------------------------


def _identity(post: dict) -> tuple[str, str]:
    return (str(post.get("platform")), str(post.get("post_id")))


def _index(posts: list[dict]) -> dict[str, dict]:
    """key → post; when two posts share a key, a counted one wins."""
    index: dict[str, dict] = {}
    for post in posts:
        for key in keys_for(post.get("platform", ""), post.get("post_id"), post.get("url")):
            current = index.get(key)
            if current is None or (post.get("counted") and not current.get("counted")):
                index[key] = post
    return index


def _lookup(link: Link, index: dict[str, dict]) -> dict | None:
    for key in link.keys:
        if key in index:
            return index[key]
    return None
