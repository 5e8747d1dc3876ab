"""The records the stages hand each other: Post (post.schema.json), which flows collect → store →
evaluate → render, and the smaller records beside it: a channel's status, what a link check or a
platform said about a link, and the districts' self-reports and figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from auditor.codes import Note
from auditor.period import parse_timestamp
from auditor.platforms import PLATFORMS as _TABLE

PLATFORMS = tuple(_TABLE)  # platform ids, in the table's order
PLATFORM_TH = {p.id: p.label_th for p in _TABLE.values()}


@dataclass(frozen=True)
class Account:
    id: str
    name: str = ""
    url: str = ""


@dataclass(frozen=True)
class PageTag:
    id: str
    name: str = ""


@dataclass
class Post:
    """One publication on one channel, as every collector hands it to the rule engine."""

    platform: str
    post_id: str
    url: str
    account: Account
    published_at: datetime
    text: str
    district: str | None = None
    page_tags: tuple[PageTag, ...] = ()
    links: tuple[str, ...] = ()
    collected_at: datetime | None = None
    collector: str | None = None
    # An addition to the contract (it allows extra fields): the collector could read only part of
    # the text (a website excerpt whose article page could not be read), so hashtags may be missed.
    text_partial: bool = False
    # Not part of the contract: set by a collector when the post was reported by the
    # district itself rather than read from the platform (LINE and other channels).
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.platform, self.post_id)

    @classmethod
    def from_dict(cls, data: dict) -> "Post":
        """Build from a contract-shaped dict; raises ValueError naming the field that is wrong."""
        if not isinstance(data, dict):
            raise ValueError("(line): expected a JSON object")
        for name in ("platform", "post_id", "url", "account", "published_at", "text"):
            if name not in data:
                raise ValueError(f"{name}: required field is missing")
        platform = data["platform"]
        if platform not in PLATFORMS:
            raise ValueError(f"platform: {platform!r} is not one of {', '.join(PLATFORMS)}")
        for name in ("post_id", "url", "text", "published_at"):
            if not isinstance(data[name], str):
                raise ValueError(f"{name}: expected a string, got {type(data[name]).__name__}")
        if not data["post_id"]:
            raise ValueError("post_id: must not be empty")
        account = data["account"]
        if not isinstance(account, dict):
            raise ValueError(f"account: expected an object such as {{\"id\": \"104512345678901\"}}, got {type(account).__name__}")
        if not isinstance(account.get("id"), str):
            raise ValueError("account.id: required string is missing")
        try:
            published = parse_timestamp(data["published_at"])
        except ValueError as exc:
            raise ValueError(f"published_at: {exc}") from None
        collected = data.get("collected_at")
        try:
            collected_at = parse_timestamp(collected) if collected is not None else None
        except ValueError as exc:
            raise ValueError(f"collected_at: {exc}") from None
        links = data.get("links") or ()
        if links and (not isinstance(links, list) or not all(isinstance(x, str) for x in links)):
            raise ValueError("links: expected an array of URL strings")
        district = data.get("district")
        if district is not None and not isinstance(district, str):
            raise ValueError("district: expected a string or null")
        page_tags = data.get("page_tags")
        # positional, in the fields' order: a posts file builds tens of thousands of them
        return cls(platform, data["post_id"], data["url"],
                   _shared(Account, account["id"], account.get("name") or "", account.get("url") or ""), published,
                   data["text"], district or None, _page_tags(page_tags) if page_tags else (), tuple(links),
                   collected_at, data.get("collector"), data.get("text_partial") is True)

    def to_dict(self) -> dict:
        """The contract form (post.schema.json)."""
        out: dict = {
            "platform": self.platform,
            "post_id": self.post_id,
            "url": self.url,
            "account": {k: v for k, v in (("id", self.account.id), ("name", self.account.name), ("url", self.account.url)) if v or k == "id"},
            "district": self.district,
            "published_at": self.published_at.isoformat(),
            "text": self.text,
            "page_tags": [{"id": t.id, "name": t.name} if t.name else {"id": t.id} for t in self.page_tags],
            "links": list(self.links),
        }
        if self.collected_at:
            out["collected_at"] = self.collected_at.isoformat()
        if self.collector:
            out["collector"] = self.collector
        if self.text_partial:
            out["text_partial"] = True
        return out


def _page_tags(items: list) -> tuple[PageTag, ...]:
    if not isinstance(items, list):
        raise ValueError("page_tags: expected an array")
    tags = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise ValueError(f"page_tags[{i}].id: required string is missing")
        tags.append(_shared(PageTag, item["id"], item.get("name") or ""))
    return tuple(tags)


def _shared(record: type, *fields):
    """A frozen record (Account, PageTag) shared by every post that names the same one: a month's
    tens of thousands of posts come from a few thousand accounts and tag the same few pages."""
    if all(field.__class__ is str for field in fields):
        return _interned(record, fields)
    return record(*fields)  # a field that is not text (a dict no contract checked): a record of its own


@lru_cache(maxsize=1 << 14)
def _interned(record: type, fields: tuple):
    return record(*fields)


@dataclass(frozen=True)
class ChannelStatus:
    """How collecting one channel went: 'ok', 'partial' (some of the month may be missing) or 'error'.

    `message` is the collector's own words (English, for logs and as the original); `kind`
    (auditor.codes.Kind), `params` and `notes` (codes.Note) are what reports are worded from.
    """

    office: str
    platform: str
    account: str
    status: str
    message: str = ""
    kind: str = ""
    params: dict = field(default_factory=dict, compare=False, hash=False)
    notes: tuple[Note, ...] = ()

    @property
    def complete(self) -> bool:
        return self.status == "ok"

    @property
    def missing_at_most(self) -> int | None:
        """At most how many posts the channel may lack (params["missing_at_most"]: a posts file's unread
        lines, one post each); None when nobody can tell (a channel that could not be collected)."""
        n = self.params.get("missing_at_most")
        return n if isinstance(n, int) and not isinstance(n, bool) else None


@dataclass(frozen=True)
class LinkCheck:
    """What a request on a submitted link found: ok is True for a final 2xx answer."""

    url: str
    ok: bool
    status: int | None  # None when the host could not be reached
    final_url: str
    cause: str = ""  # why a dead link is dead when no HTTP status says it (e.g. the Data API lists no such video)


@dataclass(frozen=True)
class Gone:
    """A post the platform no longer shows; post_id is None when only the link is known."""

    url: str
    cause: str
    post_id: str | None = None


@dataclass(frozen=True)
class SelfReport:
    """One activity or post a district reported through the monthly form."""

    month: str  # YYYY-MM, as given to the import
    district: str  # registry id
    submitted_at: datetime  # aware
    activity_date: date | None
    title: str
    channel: str  # a platform id (models.PLATFORMS), "other" when the row does not say
    urls: tuple[str, ...]
    row: int  # as Excel shows it: the header is row 1
    source: str  # file name
    key: str  # sha256 of the normalized content; the same report imported twice has one key


@dataclass(frozen=True)
class Figure:
    """One monthly figure of one district (e.g. app_downloads = 120)."""

    month: str
    district: str
    metric: str  # one of selfreport.imports.METRICS
    value: int
    row: int
    source: str


@dataclass(frozen=True)
class Override:
    """One entry of the province's judgment log (append-only): a decision over the machine's
    verdict for one month, or the revocation of an earlier entry (action 'revoke', `revokes`).

    target: a post ('platform:post_id') for count, reject and assign; an activity id for
    accept; a monthly rule id for waive; the revoked entry's id (as text) for revoke.
    district: the district a post is assigned to, or the district whose rule is waived.
    """

    id: int
    month: str  # YYYY-MM
    action: str  # codes.OverrideAction
    target: str
    reason: str
    by: str
    at: datetime  # when it was recorded (aware, UTC)
    district: str | None = None
    revokes: int | None = None

    @property
    def post_key(self) -> tuple[str, str] | None:
        """(platform, post_id) of a post override; None for other actions."""
        if self.action not in ("count", "reject", "assign"):
            return None
        platform, _, post_id = self.target.partition(":")
        return (platform, post_id)

    def to_dict(self) -> dict:
        """As scorecards.json carries it (the `at` time in RFC 3339)."""
        out = {"id": self.id, "action": self.action, "target": self.target, "district": self.district,
               "reason": self.reason, "by": self.by, "at": self.at.isoformat(timespec="seconds")}
        if self.revokes is not None:
            out["revokes"] = self.revokes
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "Override":
        return cls(int(data["id"]), str(data.get("month", "")), str(data["action"]), str(data["target"]),
                   str(data.get("reason", "")), str(data.get("by", "")), parse_timestamp(str(data["at"])),
                   data.get("district"), data.get("revokes"))
