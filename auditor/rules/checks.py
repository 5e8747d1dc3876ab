"""Check functions, registered by name and referenced from the ruleset YAML.

Three registries: classifiers (is a post related? an activity?), post checks (hashtags, page
tag) and monthly checks (counts per district). Each function is small and pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

import regex

from auditor.codes import Detail, Limit, Note, PostNote, Todo, TodoCode, TodoKind
from auditor.text import thai
from auditor.text.hashtags import NearMiss, Requirement, check_tags, nearly_has
from auditor.models import Post
from auditor.period import Month, thai_date
from auditor.registry import Office

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)


def instant(when: datetime) -> int:
    """An aware time as microseconds since the epoch: its order and exact differences as whole
    numbers (comparing datetimes asks each one's UTC-offset object)."""
    return (when - _EPOCH) // _MICROSECOND


@dataclass
class PostView:
    """A post as the checks see it: scanned once, with the district it is attributed to."""

    post: Post
    scan: thai.Scan
    office: Office
    _prose: str | None = field(default=None, repr=False)
    # when it was published, in microseconds since the epoch: the order of published_at, compared as
    # whole numbers (each post's time has its own UTC-offset object, which a datetime comparison asks)
    instant: int = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        self.instant = instant(self.post.published_at)

    @property
    def prose(self) -> str:
        """The normalized text outside hashtags and URLs (thai.prose_key), keyed when first asked for:
        a post that carries a Click ชุมชน tag and reports no activity may never need it."""
        if self._prose is None:
            self._prose = thai.prose_key(self.scan.prose)
        return self._prose


@dataclass(frozen=True)
class PostFinding:
    ok: bool
    missing: tuple[str, ...] = ()
    near_misses: tuple[NearMiss, ...] = ()
    notes: tuple[Note, ...] = ()
    page_tagged: bool | None = None


@dataclass
class EvaluatedPost:
    view: PostView
    kind: str
    counted: bool
    findings: dict[str, PostFinding] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    activity_id: str | None = None
    override: object = None  # models.Override that decided whether it counts (count / reject / assign)
    machine: dict | None = None  # what the machine decided before the override: {counted, kind}

    @property
    def post(self) -> Post:
        return self.view.post

    @property
    def page_tagged(self) -> bool | None:
        values = [f.page_tagged for f in self.findings.values() if f.page_tagged is not None]
        return all(values) if values else None


@dataclass
class Activity:
    id: str
    posts: list[EvaluatedPost]
    override: object = None  # models.Override of the province accepting it on other evidence

    def counted_on(self, platform: str) -> bool:
        return self.override is not None or self.machine_counted_on(platform)

    def machine_counted_on(self, platform: str) -> bool:
        return any(p.counted and p.post.platform == platform for p in self.posts)


@dataclass
class DistrictMonth:
    office: Office
    posts: list[EvaluatedPost]
    activities: list[Activity]
    data: "MonthData | None" = None

    @property
    def month_data(self) -> "MonthData":
        return self.data or MonthData()

    def counted(self, kinds=("promotion", "activity"), self_reported: bool = True) -> list[EvaluatedPost]:
        return [p for p in self.posts if p.counted and p.kind in kinds
                and (self_reported or not p.post.extra.get("self_reported"))]


@dataclass(frozen=True)
class MonthlyOutcome:
    passed: bool
    observed: object
    required: object
    detail: Note  # what was seen
    todo: Todo | None = None  # what is still needed (None when passed); its kind says todo, fact or note
    extra: dict = field(default_factory=dict)
    unknown: bool = False  # the data the rule needs was never imported, or the deadline has not come
    # what the rule counted: post keys (platform, post_id) and activity ids. An override of one of
    # them changed the rule's inputs (the rule card lists it); not written to scorecards.json.
    inputs: frozenset = field(default=frozenset(), compare=False)


@dataclass
class MonthData:
    """What a month knows besides posts. None means "not imported for this month"."""

    month: Month | None = None
    reports: dict[str, list] | None = None  # district → SelfReport rows
    figures: dict[str, dict[str, int]] | None = None  # district → metric → value
    targets: dict | None = None  # district → targets.Targets
    as_of: datetime | None = None
    now: datetime | None = None  # when the audit runs: a report not yet due is not late
    overrides: tuple = ()  # models.Override: the province's effective decisions for the month
    targets_source: str = ""  # the targets file's name, for "no target for this district"
    carried: dict[str, dict[str, str]] = field(default_factory=dict)  # district → metric → month its running total is from

    @property
    def in_progress(self) -> bool:
        """Audited before the month ended (--as-of): nothing not yet met is a failure yet."""
        return self.as_of is not None and (self.month is None or self.as_of < self.month.end)


CLASSIFIERS: dict[str, Callable[[PostView, dict], bool]] = {}
POST_CHECKS: dict[str, Callable[[PostView, dict], PostFinding]] = {}
MONTHLY_CHECKS: dict[str, Callable[[DistrictMonth, dict], MonthlyOutcome]] = {}


def _registrar(registry: dict, name: str):
    def add(fn):
        if name in registry:
            raise ValueError(f"check {name!r} is already registered")
        registry[name] = fn
        return fn
    return add


def classifier(name: str):
    return _registrar(CLASSIFIERS, name)


def post_check(name: str):
    return _registrar(POST_CHECKS, name)


def monthly_check(name: str):
    return _registrar(MONTHLY_CHECKS, name)


# --- classifiers -------------------------------------------------------------------------

@classifier("related")
def related(view: PostView, params: dict) -> bool:
    """Carries (or nearly carries) one of the Click ชุมชน tags, or names Click ชุมชน in its text."""
    if any(nearly_has(view.scan, tag) for tag in params["tags"]):
        return True
    return bool(_names_pattern(tuple(params["names"])).search(view.prose))


@lru_cache(maxsize=64)
def _names_pattern(names: tuple[str, ...]) -> regex.Pattern:
    """Any of the names in a prose key, spaces inside them optional; compiled once per ruleset."""
    return regex.compile("|".join(regex.escape(thai.key(n)).replace(r"\ ", r"\s*") for n in names))


@classifier("activity-keywords")
def activity_keywords(view: PostView, params: dict) -> bool:
    """Its text outside hashtags reports an event (meeting, training, field visit …)."""
    return any(map(view.prose.__contains__, _keys(tuple(params["keywords"]))))  # (no generator frame per keyword)


@lru_cache(maxsize=64)
def _keys(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(thai.key(w) for w in words)


# --- post checks -------------------------------------------------------------------------

@post_check("required-hashtags")
def required_hashtags(view: PostView, params: dict) -> PostFinding:
    """Every listed tag is present and linked; with office_tag, one of the district's office tags too."""
    office_tags = tuple(view.office.office_hashtags) if params.get("office_tag") else ()
    tags, scan = tuple(params["tags"]), view.scan
    if scan.tag_lines is None:
        return _tag_finding(scan, _requirements(tags, office_tags))
    # a district's posts repeat its block of tags: checked once per distinct block
    key = (scan.tag_lines, tags, office_tags)
    found = _FINDINGS_BY_TAG_LINES.get(key)
    if found is None:
        if len(_FINDINGS_BY_TAG_LINES) >= _FINDINGS_KEPT:
            _FINDINGS_BY_TAG_LINES.clear()
        found = _FINDINGS_BY_TAG_LINES[key] = _tag_finding(scan, _requirements(tags, office_tags))
    return found


# (tag lines, listed tags, office tags) → the finding: a finding depends on a post's tags (and
# not their offsets), which its tag lines decide (thai.Scan.tag_lines); findings are frozen
_FINDINGS_BY_TAG_LINES: dict[tuple, PostFinding] = {}
_FINDINGS_KEPT = 65536


def _tag_finding(scan: thai.Scan, requirements: tuple[Requirement, ...]) -> PostFinding:
    """required-hashtags' finding for a scan's tags."""
    result = check_tags(scan, requirements)
    return PostFinding(result.ok, result.missing, result.near_misses, result.notes)


@lru_cache(maxsize=4096)  # one list per district, not per post
def _requirements(tags: tuple[str, ...], office_tags: tuple[str, ...]) -> tuple[Requirement, ...]:
    """The listed tags, then the district's office tag (any of its accepted spellings) if asked for."""
    office = (Requirement(office_tags[0], office_tags),) if office_tags else ()
    return _listed(tags) + office


@lru_cache(maxsize=64)  # the ruleset's listed tags are the same for every district: built once
def _listed(tags: tuple[str, ...]) -> tuple[Requirement, ...]:
    return tuple(Requirement(t, (t,)) for t in tags)


@post_check("page-tagged")
def page_tagged(view: PostView, params: dict) -> PostFinding:
    """The platform's own tagging (Facebook message_tags of type page) names the Click ชุมชน page."""
    ids = _page_ids(tuple(params["page_ids"]))
    return _PAGE_TAGGED if any(t.id in ids for t in view.post.page_tags) else _PAGE_NOT_TAGGED


# the two findings page-tagged gives (frozen, shared by every post)
_PAGE_TAGGED = PostFinding(True, page_tagged=True)
_PAGE_NOT_TAGGED = PostFinding(False, notes=(Note(PostNote.PAGE_NOT_TAGGED),), page_tagged=False)


@lru_cache(maxsize=64)
def _page_ids(page_ids: tuple) -> frozenset[str]:
    """The page ids as strings, built once per ruleset rather than for every post."""
    return frozenset(str(i) for i in page_ids)


# --- monthly checks ----------------------------------------------------------------------

@monthly_check("min-counted-posts")
def min_counted_posts(dm: DistrictMonth, params: dict) -> MonthlyOutcome:
    """At least `min` counted posts of the given kinds."""
    counted = dm.counted(params.get("kinds", ("promotion", "activity")))
    n, need = len(counted), params["min"]
    todo = None if n >= need else Todo(TodoCode.MORE_POSTS, need - n)
    return MonthlyOutcome(n >= need, n, need, Note(Detail.POSTS_COUNTED, {"n": n, "need": need}), todo,
                          inputs=frozenset(p.post.key for p in counted))


@monthly_check("min-platforms")
def min_platforms(dm: DistrictMonth, params: dict) -> MonthlyOutcome:
    """Counted posts on at least `min` distinct platforms (self-reported ones when include_self_reported)."""
    counted = dm.counted(params.get("kinds", ("promotion", "activity")), params.get("include_self_reported", True))
    platforms = sorted({p.post.platform for p in counted})
    n, need = len(platforms), params["min"]
    todo = None if n >= need else Todo(TodoCode.MORE_CHANNELS, need - n, tuple(platforms), {"need": need})
    detail = Note(Detail.PLATFORMS_COUNTED, {"platforms": platforms, "n": n, "need": need})
    return MonthlyOutcome(n >= need, n, need, detail, todo, {"platforms": platforms},
                          inputs=frozenset(p.post.key for p in counted))


@monthly_check("min-activities")
def min_activities(dm: DistrictMonth, params: dict) -> MonthlyOutcome:
    """At least `min` distinct activities, each with a counted post on `platform` (page tag included)."""
    platform = params.get("platform", "facebook")
    counted = [a for a in dm.activities if a.counted_on(platform)]
    done = [a.id for a in counted]
    n, need = len(done), params["min"]
    todo = None if n >= need else Todo(TodoCode.MORE_ACTIVITIES, need - n, (platform,), {"platform": platform})
    detail = Note(Detail.ACTIVITIES_COUNTED, {"platform": platform, "n": n, "found": len(dm.activities), "need": need})
    posts = {p.post.key for a in counted for p in a.posts if p.counted and p.post.platform == platform}
    return MonthlyOutcome(n >= need, n, need, detail, todo, {"activities": done}, inputs=frozenset(posts | set(done)))


# --- self-reports and targets (switched on by ruleset editions) --------------------------

def _deadline(month: Month, day: int) -> datetime:
    """The end of day `day` of the month after `month`, local time."""
    nxt = month.next().start
    return nxt.replace(day=day) + timedelta(days=1) - timedelta(microseconds=1)


@monthly_check("report-submitted")
def report_submitted(dm: DistrictMonth, params: dict) -> MonthlyOutcome:
    """The district's report for the month reached the province by day N of the following month."""
    data = dm.month_data
    deadline = _deadline(data.month, int(params["day"]))
    day = thai_date(deadline)
    due, on = f"ภายใน {day}", {"deadline": deadline.date().isoformat()}
    if data.reports is None:
        return MonthlyOutcome(False, None, due, Note(Detail.REPORTS_NOT_IMPORTED),
                              Todo(TodoCode.IMPORT_REPORTS, kind=TodoKind.NOTE), unknown=True)
    times = sorted(r.submitted_at for r in data.reports.get(dm.office.id, [])
                   if data.as_of is None or r.submitted_at <= data.as_of)
    if times:
        sent = {**on, "sent": times[0].astimezone(deadline.tzinfo).date().isoformat()}
        if times[0] <= deadline:
            return MonthlyOutcome(True, thai_date(times[0]), due, Note(Detail.REPORT_ON_TIME, sent))
        # what the district missed cannot be done any more: the to-do says what happened (a fact)
        late = {**sent, "late": (times[0].astimezone(deadline.tzinfo).date() - deadline.date()).days}
        return MonthlyOutcome(False, thai_date(times[0]), due, Note(Detail.REPORT_LATE, late),
                              Todo(TodoCode.REPORT_LATE, params=late, kind=TodoKind.FACT))
    now = data.as_of or data.now
    if now is not None and now <= deadline:
        return MonthlyOutcome(False, None, due, Note(Detail.REPORT_NOT_DUE, on), Todo(TodoCode.SEND_REPORT, params=on),
                              unknown=True)
    return MonthlyOutcome(False, "ไม่ได้ส่ง", due, Note(Detail.REPORT_MISSING, on),
                          Todo(TodoCode.REPORT_MISSING, params=on, kind=TodoKind.FACT))


def _figure(dm: DistrictMonth, metric: str) -> int | None:
    figures = dm.month_data.figures
    return None if figures is None else figures.get(dm.office.id, {}).get(metric)


def _no_figure(label: str, metric: str) -> MonthlyOutcome:
    return MonthlyOutcome(False, None, None, Note(Detail.FIGURE_NOT_IMPORTED, {"label": label}),
                          Todo(TodoCode.IMPORT_FIGURES, params={"label": label}, kind=TodoKind.NOTE), {"metric": metric},
                          unknown=True)


def _still_to_do(params: dict, short: int) -> Todo | None:
    """A figure short of its target; the ruleset's `todo_th` ('…เพิ่มอีก {n} ราย') words it when given."""
    if short <= 0:
        return None
    label = params.get("label_th", params["metric"])
    return Todo(TodoCode.RAISE_FIGURE, short, params={"label": label, "todo_th": params.get("todo_th") or ""})


@monthly_check("figure-at-least-target")
def figure_at_least_target(dm: DistrictMonth, params: dict) -> MonthlyOutcome:
    """An imported figure reaches the district's target (sign-ups: 1% of OTOP operators; downloads: a
    share of the group). A district with no target row, or a figure above what can be (more sign-ups
    than operators, more downloads than the group), is not judged and says so."""
    metric, label = params["metric"], params.get("label_th", params["metric"])
    value = _figure(dm, metric)
    if value is None:
        return _no_figure(label, metric)
    targets = (dm.month_data.targets or {}).get(dm.office.id)
    if targets is None:
        table = Path(dm.month_data.targets_source).name if dm.month_data.targets_source else ""
        on = {"label": label, "value": value, "table": table}
        return MonthlyOutcome(False, value, None, Note(Detail.FIGURE_NO_TARGET, on),
                              Todo(TodoCode.ADD_TARGET, params={"label": label, "table": table}, kind=TodoKind.NOTE),
                              {"metric": metric}, unknown=True)
    shop = params["target"] == "shop_signups"
    limit, limit_of = (targets.otop_operators, Limit.OPERATORS) if shop else (targets.download_group, Limit.GROUP)
    if value > limit:
        on = {"label": label, "value": value, "limit": limit, "limit_of": str(limit_of)}
        return MonthlyOutcome(False, value, None, Note(Detail.FIGURE_IMPOSSIBLE, on),
                              Todo(TodoCode.CHECK_FIGURE, params=on, kind=TodoKind.NOTE), {"metric": metric}, unknown=True)
    need = targets.shop_signups if shop else targets.downloads_required(params.get("share", 0.8))
    return _against(dm, params, value, need, Detail.FIGURE_VS_TARGET)


@monthly_check("figure-at-least")
def figure_at_least(dm: DistrictMonth, params: dict) -> MonthlyOutcome:
    """An imported figure reaches a fixed minimum (CDD พาเที่ยว: 10 places)."""
    value = _figure(dm, params["metric"])
    if value is None:
        return _no_figure(params.get("label_th", params["metric"]), params["metric"])
    return _against(dm, params, value, params["min"], Detail.FIGURE_VS_MIN)


def _against(dm: DistrictMonth, params: dict, value: int, need: int, code: str) -> MonthlyOutcome:
    """A figure against what is needed; a running total carried from an earlier month says so."""
    metric, label = params["metric"], params.get("label_th", params["metric"])
    carried = dm.month_data.carried.get(dm.office.id, {}).get(metric)
    extra = {"metric": metric, **({"carried_from": carried} if carried else {})}
    on = {"label": label, "value": value, "need": need}
    detail = Note(Detail.FIGURE_CARRIED, {**on, "from_month": carried}) if carried else Note(code, on)
    return MonthlyOutcome(value >= need, value, need, detail, _still_to_do(params, need - value), extra)
