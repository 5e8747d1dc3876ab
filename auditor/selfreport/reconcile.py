"""Match the links a district reported on the monthly form with the posts collected for it.

`reconcile(reported, posts)` takes the form rows of ONE district and that district's scorecard
post dicts, and sorts every reported URL into:

* verified: reported, collected and counted;
* problems: not counted, not found, dead, malformed or reported twice (each with a stable
  `code`, a codes.Reason, and its `params`; the presentation words them);
* self_reported: live LINE links (LINE has no reading API; the engine counts them as posts the
  district reported itself);

and lists in `unreported` the related posts (kind != "unrelated") no reported URL matched.
Link checks are optional callables, so the matching itself stays pure. Evaluation makes no
request: `stored_checks(store)` answers from what the scans learned (a link check, or a stored
post marked gone), and `stored_resolver` follows a short link to where its check ended. A check
of None means "not checked".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from auditor.codes import Reason
from auditor.models import LinkCheck
from auditor.period import BANGKOK, parse_timestamp, thai_date
from auditor.text.urls import InvalidURL, Link, keys_for, link_keys_of, link_or_none, normalize_url, post_keys

ResolveLink = Callable[[Link], Link]
Verify = Callable[[str], object]  # url -> LinkCheck-like (ok, status, final_url, cause), or None: not checked

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
    run = _Run(_index(posts), resolve_link, verify)
    for item in reported:
        run.add(item)
    out = run.out
    out.unreported = [
        {"platform": p.get("platform"), "post_id": p.get("post_id"), "url": p.get("url"), "counted": bool(p.get("counted"))}
        for p in posts if p.get("kind") != "unrelated" and _identity(p) not in run.matched
    ]
    return out


def stored_resolver(verify: Verify | None) -> ResolveLink | None:
    """reconcile's resolve_link from link checks: a short link leads where the scan's check of it
    ended (its final_url), when that is an address that needs no resolving; else it stays as it is."""
    if verify is None:
        return None

    def resolve_link(link: Link) -> Link:
        final = getattr(verify(link.canonical), "final_url", None)
        target = link_or_none(final) if final and final != link.canonical else None
        return target if target is not None and not target.needs_resolving else link

    return resolve_link


def stored_checks(store) -> Verify:
    """reconcile's verify over the store: the latest check a scan made of the link, else a stored
    post with that link that the platform no longer shows (dead), else None (not checked)."""
    gone = _gone_index(store.gone_posts())

    def verify(url: str):
        check = store.link_check(url)
        if check is not None:
            return check
        return next((gone[key] for key in link_keys_of(url) if key in gone), None)

    return verify


def first_check(*verifies: Verify | None) -> Verify | None:
    """A verify asking each given one in turn until one has checked the link (None when none is
    given). Answers are remembered: the self-reported posts, resolution and reconciliation ask
    about the same links."""
    present = [v for v in verifies if v is not None]
    if not present:
        return None
    answers: dict[str, object] = {}

    def verify(url: str):
        if url not in answers:
            answers[url] = next((check for v in present if (check := v(url)) is not None), None)
        return answers[url]

    return verify


def _gone_index(gone: list) -> dict[str, LinkCheck]:
    """Link key → a dead check, for each stored post marked gone (by its URL, id and links)."""
    index: dict[str, LinkCheck] = {}
    for post, reason in gone:
        check = LinkCheck(post.url, False, None, post.url, reason or "gone")
        for key in post_keys(post) | {k for url in post.links for k in link_keys_of(url)}:
            index.setdefault(key, check)
    return index


# --- one reported URL -------------------------------------------------------------------


class _Run:
    """The state of one reconcile: the post index, what was seen and matched, the lists."""

    def __init__(self, index: dict[str, dict], resolve_link: ResolveLink | None, verify: Verify | None):
        self.index, self.resolve_link, self.verify = index, resolve_link, verify
        self.out = Reconciliation()
        self.seen: dict[object, int] = {}  # post identity or link key → first row that reported it
        self.matched: set[tuple[str, str]] = set()

    def add(self, item: ReportedLink) -> None:
        """Sort one reported URL into verified, problems or self_reported."""
        try:
            link = normalize_url(item.url)
        except InvalidURL:
            self.out.problems.append(_problem(item, "invalid_url"))
            return
        if self._duplicate(item, link, _lookup(link, self.index)):
            return  # before any request: the same link twice is not checked twice
        try:
            link, post, check = self._find(link)
        except Exception as exc:  # noqa: BLE001 - a checker failing on one URL must not stop the district
            self.out.problems.append(_problem(item, "check_failed", platform=link.platform, detail=type(exc).__name__))
            return
        if self._duplicate(item, link, post):
            return
        self.seen[_identity(post) if post is not None else link.key] = item.row
        if post is not None:
            self.matched.add(_identity(post))
            _add_found(item, post, self.out)
        else:
            _add_unfound(item, link, check, self.out)

    def _duplicate(self, item: ReportedLink, link: Link, post: dict | None) -> bool:
        first = self.seen.get(_identity(post) if post is not None else link.key)
        if first is not None:
            self.out.problems.append(_problem(item, "duplicate", platform=link.platform, other=first))
        return first is not None

    def _find(self, link: Link):
        """(link, matched post or None, link check or None), resolving and checking only when needed."""
        post = _lookup(link, self.index)
        if post is None and self.resolve_link is not None and link.needs_resolving:
            link = self.resolve_link(link)
            post = _lookup(link, self.index)
        if post is not None or self.verify is None:
            return link, post, None
        check = self.verify(link.canonical)
        redirected = _final_link(check, link)
        found = _lookup(redirected, self.index) if redirected is not None else None
        return (redirected, found, check) if found is not None else (link, None, check)


def _final_link(check, link: Link) -> Link | None:
    """The Link of where a live check ended up, when that differs from where it started."""
    final = getattr(check, "final_url", None)
    if not getattr(check, "ok", False) or not final or final == link.canonical:
        return None
    return link_or_none(final)


def _add_found(item: ReportedLink, post: dict, out: Reconciliation) -> None:
    where = {"platform": post.get("platform"), "post_id": post.get("post_id")}
    if post.get("outside_month"):
        out.problems.append(_problem(item, "outside_month", detail=post.get("published_at"), **where,
                                     post_url=post.get("url")))
    elif post.get("counted"):
        out.verified.append({"url": item.url, "title": item.title, "row": item.row, **where, "post_url": post.get("url"),
                             "self_reported": bool(post.get("self_reported"))})
    else:
        out.problems.append(_problem(item, "not_counted", **where, post_url=post.get("url"),
                                     note_codes=list(post.get("note_codes") or [])))


def _add_unfound(item: ReportedLink, link: Link, check, out: Reconciliation) -> None:
    if check is not None and not getattr(check, "ok", False):
        out.problems.append(_problem(item, "dead", platform=link.platform, status=getattr(check, "status", None),
                                     detail=_dead_detail(check)))
    elif link.platform == "line" and not link.is_post:
        out.problems.append(_problem(item, "not_a_post", platform="line"))
    elif link.platform == "line":
        out.self_reported.append(_self_reported(item, link, checked=check is not None))
    else:
        out.problems.append(_problem(item, "not_collected" if check is not None else "not_found", platform=link.platform))


def _dead_detail(check) -> str | None:
    """'HTTP 404', or the cause a scan gave (e.g. 'HTTP 400' of a post marked gone); None: unreachable."""
    status, cause = getattr(check, "status", None), getattr(check, "cause", "") or ""
    if status:
        return f"HTTP {status}"
    return cause if cause and "unreachable" not in cause else None


def _self_reported(item: ReportedLink, link: Link, *, checked: bool) -> dict:
    return {"url": item.url, "title": item.title, "row": item.row, "platform": "line",
            "activity_date": item.activity_date.isoformat() if item.activity_date else None,
            "post_id": link.key.removeprefix("line:"), "canonical": link.canonical, "link_checked": checked,
            "code": str(Reason.SELF_REPORTED), "params": {}}


def _problem(item: ReportedLink, code: str, *, detail: str | None = None, other: int | None = None, **extra) -> dict:
    """A reported link that is not verified: its code (codes.Reason) and the parameters it is worded from."""
    params = {"other": other} if code == Reason.DUPLICATE else {"when": detail} if code == Reason.OUTSIDE_MONTH else {"detail": detail}
    found = {k: v for k, v in extra.items() if v is not None}
    return {"url": item.url, "title": item.title, "row": item.row, "code": str(Reason(code)), "params": params, **found}


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
