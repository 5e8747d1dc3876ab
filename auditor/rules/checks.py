"""Check functions, registered by name and referenced from the ruleset YAML.

Three registries: classifiers (is a post related? an activity?), post checks (hashtags, page
tag) and monthly checks (counts per district). Each function is small and pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import regex

from auditor.text import thai
from auditor.text.hashtags import NearMiss, Requirement, check_tags, nearly_has
from auditor.models import PLATFORM_TH, Post
from auditor.period import Month, thai_date
from auditor.registry import Office



@dataclass
class PostView:
    """A post as the checks see it: scanned once, with the district it is attributed to."""

    post: Post
    scan: thai.Scan
    office: Office
    prose: str  # normalized text outside hashtags and URLs


@dataclass(frozen=True)
class PostFinding:
    ok: bool
    missing: tuple[str, ...] = ()
    near_misses: tuple[NearMiss, ...] = ()
    notes: tuple[str, ...] = ()
    page_tagged: bool | None = None


@dataclass
class EvaluatedPost:
    view: PostView
    kind: str
    counted: bool
    findings: dict[str, PostFinding] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    activity_id: str | None = None

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

    def counted_on(self, platform: str) -> bool:
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
    detail: str  # Thai sentence: what was seen
    missing: str = ""  # Thai phrase: what is still needed ('' when passed)
    extra: dict = field(default_factory=dict)
    unknown: bool = False  # the data the rule needs was never imported, or the deadline has not come
    # what `missing` is: "todo" (what the district must still do, 'ต้อง…'), "fact" (what happened and
    # cannot be undone, e.g. a late report) or "note" (for the province: import data, check again)
    missing_kind: str = "todo"


@dataclass
class MonthData:
    """What a month knows besides posts. None means "not imported for this month"."""

    month: Month | None = None
    reports: dict[str, list] | None = None  # district → SelfReport rows
    figures: dict[str, dict[str, int]] | None = None  # district → metric → value
    targets: dict | None = None  # district → targets.Targets
    as_of: datetime | None = None
    now: datetime | None = None  # when the audit runs: a report not yet due is not late


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
    names = [regex.escape(thai.key(n)).replace(r"\ ", r"\s*") for n in params["names"]]
    return bool(regex.search("|".join(names), view.prose))


@classifier("activity-keywords")
def activity_keywords(view: PostView, params: dict) -> bool:
    """Its text outside hashtags reports an event (meeting, training, field visit …)."""
    return any(thai.key(k) in view.prose for k in params["keywords"])


# --- post checks -------------------------------------------------------------------------

@post_check("required-hashtags")
def required_hashtags(view: PostView, params: dict) -> PostFinding:
    """Every listed tag is present and linked; with office_tag, one of the district's office tags too."""
    reqs = [Requirement(t, (t,)) for t in params["tags"]]
    if params.get("office_tag") and view.office.office_hashtags:
        reqs.append(Requirement(view.office.office_hashtags[0], view.office.office_hashtags))
    result = check_tags(view.scan, reqs)
    return PostFinding(result.ok, result.missing, result.near_misses, result.notes)


@post_check("page-tagged")
def page_tagged(view: PostView, params: dict) -> PostFinding:
    """The platform's own tagging (Facebook message_tags of type page) names the Click ชุมชน page."""
    ids = {str(i) for i in params["page_ids"]}
    tagged = any(t.id in ids for t in view.post.page_tags)
    note = () if tagged else ("ไม่ได้แท็กเพจ Click ชุมชน (facebook.com/Clickchumchon)",)
    return PostFinding(tagged, notes=note, page_tagged=tagged)


# --- monthly checks ----------------------------------------------------------------------

@monthly_check("min-counted-posts")
def min_counted_posts(dm: DistrictMonth, params: dict) -> MonthlyOutcome:
    """At least `min` counted posts of the given kinds."""
    n, need = len(dm.counted(params.get("kinds", ("promotion", "activity")))), params["min"]
    missing = "" if n >= need else f"ต้องโพสต์ที่ถูกต้องเพิ่มอีก {need - n} ครั้ง"
    return MonthlyOutcome(n >= need, n, need, f"โพสต์ที่ผ่านเกณฑ์ {n} ครั้ง (ต้องการอย่างน้อย {need})", missing)


@monthly_check("min-platforms")
def min_platforms(dm: DistrictMonth, params: dict) -> MonthlyOutcome:
    """Counted posts on at least `min` distinct platforms (self-reported ones when include_self_reported)."""
    counted = dm.counted(params.get("kinds", ("promotion", "activity")), params.get("include_self_reported", True))
    platforms = sorted({p.post.platform for p in counted})
    n, need = len(platforms), params["min"]
    names = ", ".join(PLATFORM_TH.get(p, p) for p in platforms) or "ไม่มี"
    missing = ""
    if n < need:
        others = f"ที่ไม่ใช่ {names} " if platforms else " "
        missing = f"ต้องโพสต์ในช่องทางอื่น{others}เพิ่มอีก {need - n} ช่องทาง"
    return MonthlyOutcome(n >= need, n, need, f"ช่องทางที่มีโพสต์ผ่านเกณฑ์: {names} ({n} จาก {need} ช่องทาง)", missing,
                          {"platforms": platforms})


@monthly_check("min-activities")
def min_activities(dm: DistrictMonth, params: dict) -> MonthlyOutcome:
    """At least `min` distinct activities, each with a counted post on `platform` (page tag included)."""
    platform = params.get("platform", "facebook")
    done = [a.id for a in dm.activities if a.counted_on(platform)]
    n, need = len(done), params["min"]
    missing = "" if n >= need else f"ต้องจัดกิจกรรมและโพสต์บน {PLATFORM_TH.get(platform, platform)} พร้อมแท็กเพจ Click ชุมชน เพิ่มอีก {need - n} กิจกรรม"
    detail = f"กิจกรรมที่โพสต์บน {PLATFORM_TH.get(platform, platform)} ครบเกณฑ์ {n} กิจกรรม จากที่พบ {len(dm.activities)} (ต้องการ {need})"
    return MonthlyOutcome(n >= need, n, need, detail, missing, {"activities": done})


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
    due = f"ภายใน {day}"
    if data.reports is None:
        return MonthlyOutcome(False, None, due, "ยังไม่ได้นำเข้าแบบรายงานของเดือนนี้",
                              "นำเข้าแบบรายงาน (auditor import-reports)", unknown=True, missing_kind="note")
    times = sorted(r.submitted_at for r in data.reports.get(dm.office.id, [])
                   if data.as_of is None or r.submitted_at <= data.as_of)
    if times and times[0] <= deadline:
        return MonthlyOutcome(True, thai_date(times[0]), due, f"ส่งรายงานเมื่อ {thai_date(times[0])} ทันกำหนด (ภายใน {day})")
    # what the district missed cannot be done any more: missing says what happened (a fact)
    if times:
        sent = thai_date(times[0])
        late = (times[0].astimezone(deadline.tzinfo).date() - deadline.date()).days
        return MonthlyOutcome(False, sent, due, f"ส่งรายงานเมื่อ {sent} ช้ากว่ากำหนด {late} วัน (กำหนด {day})",
                              f"ส่งรายงานช้า {late} วัน (ส่ง {sent} กำหนด {day})", missing_kind="fact")
    now = data.as_of or data.now
    if now is not None and now <= deadline:
        return MonthlyOutcome(False, None, due, f"ยังไม่ส่งรายงาน (ยังไม่ถึงกำหนด {day})", f"ต้องส่งรายงานภายใน {day}",
                              unknown=True)
    return MonthlyOutcome(False, "ไม่ได้ส่ง", due, f"ไม่พบรายงานของอำเภอ (กำหนดส่ง {day})",
                          f"ยังไม่ส่งรายงาน (เลยกำหนด {day} แล้ว)", missing_kind="fact")


def _figure(dm: DistrictMonth, metric: str) -> int | None:
    figures = dm.month_data.figures
    return None if figures is None else figures.get(dm.office.id, {}).get(metric)


def _no_figure(label: str) -> MonthlyOutcome:
    return MonthlyOutcome(False, None, None, f"ยังไม่ได้นำเข้าตัวเลข{label}ของเดือนนี้",
                          f"นำเข้าตัวเลข{label} (auditor import-figures)", unknown=True, missing_kind="note")


def _still_to_do(params: dict, short: int) -> str:
    """'ต้อง…' phrase for a figure short of its target; `todo_th` is a verb phrase with {n}."""
    if short <= 0:
        return ""
    todo = params.get("todo_th") or params.get("label_th", params["metric"]) + "เพิ่มอีก {n}"
    return "ต้อง" + todo.format(n=short)


@monthly_check("figure-at-least-target")
def figure_at_least_target(dm: DistrictMonth, params: dict) -> MonthlyOutcome:
    """An imported figure reaches the district's target (sign-ups: 1% of OTOP operators; downloads: a share of the group)."""
    value, label = _figure(dm, params["metric"]), params.get("label_th", params["metric"])
    targets = (dm.month_data.targets or {}).get(dm.office.id)
    if value is None or targets is None:
        return _no_figure(label)
    need = targets.shop_signups if params["target"] == "shop_signups" else targets.downloads_required(params.get("share", 0.8))
    return MonthlyOutcome(value >= need, value, need, f"{label} {value} (เป้าหมาย {need})", _still_to_do(params, need - value))


@monthly_check("figure-at-least")
def figure_at_least(dm: DistrictMonth, params: dict) -> MonthlyOutcome:
    """An imported figure reaches a fixed minimum (CDD พาเที่ยว: 10 places)."""
    value, label, need = _figure(dm, params["metric"]), params.get("label_th", params["metric"]), params["min"]
    if value is None:
        return _no_figure(label)
    return MonthlyOutcome(value >= need, value, need, f"{label} {value} (ต้องการอย่างน้อย {need})", _still_to_do(params, need - value))
