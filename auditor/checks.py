"""Check functions, registered by name and referenced from the ruleset YAML.

Three registries: classifiers (is a post related? an activity?), post checks (hashtags, page
tag) and monthly checks (counts per district). Each function is small and pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import regex

from auditor import thai
from auditor.hashtags import NearMiss, Requirement, check_tags, nearly_has
from auditor.models import Post
from auditor.registry import Office

PLATFORM_TH = {
    "facebook": "Facebook", "website": "เว็บไซต์", "youtube": "YouTube", "tiktok": "TikTok",
    "instagram": "Instagram", "line": "LINE", "x": "X", "other": "อื่น ๆ",
}


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

    def counted(self, kinds=("promotion", "activity")) -> list[EvaluatedPost]:
        return [p for p in self.posts if p.counted and p.kind in kinds]


@dataclass(frozen=True)
class MonthlyOutcome:
    passed: bool
    observed: object
    required: object
    detail: str  # Thai sentence: what was seen
    missing: str = ""  # Thai phrase: what is still needed ('' when passed)
    extra: dict = field(default_factory=dict)


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
    note = () if tagged else ("ไม่ได้แท็กเพจ Click ชุมชน (facebook.com/Clickchumchon) (the Click ชุมชน page is not tagged)",)
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
    """Counted posts on at least `min` distinct platforms."""
    platforms = sorted({p.post.platform for p in dm.counted(params.get("kinds", ("promotion", "activity")))})
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
