"""The rule engine: posts (+ each channel's collection status) → per-district monthly verdicts.

Rules pass, fail or are unknown; districts pass, fail or are incomplete. A rule that did not
pass is `unknown`, not `fail`, when a channel it depends on could not be (fully) collected:
failures to collect are not non-compliance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import re
from bisect import bisect_left
from collections import defaultdict
from datetime import date, datetime, timezone
from functools import cached_property, lru_cache

import regex

from auditor import __version__
from auditor.text import thai
from auditor.rules.attribution import Attribution, Attributor
from auditor.rules.judgment import Judgment
from auditor.codes import Detail, Note, OverrideAction, OverrideStatus, PostNote, Todo, TodoCode, TodoKind
from auditor.heap import collector_paused
from auditor.rules.checks import (
    CLASSIFIERS, MONTHLY_CHECKS, POST_CHECKS, Activity, DistrictMonth, EvaluatedPost,
    MonthData, MonthlyOutcome, PostFinding, PostView, instant,
)
from auditor.models import ChannelStatus, Post
from auditor.period import BANGKOK, BE_OFFSET, Month, from_thai_digits
from auditor.registry import Office, Registry
from auditor.rules.ruleset import Rule, Ruleset

SCHEMA_ID = "auditor.scorecards/1"


@dataclass
class RuleResult:
    rule: Rule
    verdict: str  # pass | fail | unknown
    outcome: MonthlyOutcome
    detail: Note
    todo: Todo | None = None  # what is still needed; None when passed
    blocked: tuple[tuple[str, str], ...] = ()  # (platform, account) of channels not collected that leave it unknown
    override: object = None  # models.Override waiving the rule for the district-month
    machine: "RuleResult | None" = None  # the machine's own result, where an override changed it
    progress: str | None = None  # a month in progress: 'met' or 'behind' (a verdict it would fail now)


@dataclass
class DistrictResult:
    office: Office
    month_view: DistrictMonth
    rules: list[RuleResult]
    statuses: list[ChannelStatus]
    in_progress: bool = False
    applied: list = field(default_factory=list)  # the overrides applied in the district
    machine_verdict: str | None = None  # set when an override touches the district

    @property
    def verdict(self) -> str:
        """pass / fail / incomplete; a month in progress is never final: incomplete (see progress)."""
        verdicts = {r.verdict for r in self.rules}
        if "fail" in verdicts:
            return "fail"
        return "incomplete" if "unknown" in verdicts or self.in_progress else "pass"

    @property
    def progress(self) -> str | None:
        """A month in progress: 'behind' when a rule is not yet met, else 'on_track'; None otherwise."""
        if not self.in_progress:
            return None
        return "behind" if any(r.progress == "behind" for r in self.rules) else "on_track"


@dataclass
class Unattributed:
    post: Post
    attribution: Attribution


@dataclass
class Evaluation:
    month: Month
    ruleset: Ruleset
    districts: list[DistrictResult]
    unattributed: list[Unattributed] = field(default_factory=list)
    outside_month: int = 0
    data: MonthData | None = None
    overrides: list = field(default_factory=list)  # the effective overrides of the month
    not_applied: list = field(default_factory=list)  # those whose post, activity or rule was not found
    superseded: dict = field(default_factory=dict)  # override id -> the later one deciding the same thing


@collector_paused()
def evaluate(posts: list[Post], registry: Registry, ruleset: Ruleset, month: Month,
             statuses: list[ChannelStatus] | None = None, districts: list[str] | None = None,
             data: MonthData | None = None, configured: dict[str, set[str]] | None = None) -> Evaluation:
    """Evaluate a month. `statuses` lists each collected channel (None: everything was collected);
    `data` carries imported self-reports, figures, targets, an as-of time for a month in progress
    and the province's overrides (a district they touch is also evaluated without them, so the
    machine's own verdict stays visible); `configured` maps each district to the platforms it has a
    channel on (None: not judged, as for a posts file): a rule none of whose platforms is configured
    is unknown (not_configured), never failed."""
    data = data or MonthData()
    data.month = month
    judgment = Judgment.of(data.overrides)
    attributor = Attributor(registry)
    known = {o.id for o in registry.districts}
    by_district: dict[str, list[PostView]] = {o.id: [] for o in registry.districts}
    machine_by: dict[str, list[PostView]] = {o.id: [] for o in registry.districts}
    unattributed, outside, seen = [], 0, {}
    moved: set[str] = set()  # districts a post was assigned into or out of by the province
    for post in _unique(posts):
        if not month.contains(post.published_at):
            outside += 1
            continue
        if data.as_of and post.published_at > data.as_of:
            continue  # published after the as-of time: not yet part of this audit
        scan = thai.scan(post.text)
        who = attributor.attribute(post, scan)
        district = seen[post.key] = judgment.district_of(post.key, who.district, known)
        machine_view = None
        if who.district is not None:
            machine_view = PostView(post, scan, registry.get(who.district))
            machine_by[who.district].append(machine_view)
        if district is None:
            unattributed.append(Unattributed(post, who))
            continue
        # one view (and one prose key) per post unless the province moved it to another district
        if district == who.district:
            view = machine_view
        else:
            view = PostView(post, scan, registry.get(district))
            moved.update(d for d in (district, who.district) if d is not None)
        by_district[district].append(view)
    results = []
    statuses_of = _statuses_by_office(statuses or [], registry.shared_office_ids)
    for office in registry.districts:
        if districts and office.id not in districts:
            continue
        platforms = None if configured is None else configured.get(office.id, set())
        mine = statuses_of(office.id)
        result = _evaluate_district(office, by_district[office.id], ruleset, mine, data, judgment, platforms)
        if judgment.in_district(office.id) or office.id in moved:
            machine = _evaluate_district(office, machine_by[office.id], ruleset, mine, data, Judgment(), platforms)
            _compare(result, machine, judgment.in_district(office.id))
        results.append(result)
    ev = Evaluation(month, ruleset, results, unattributed, outside, data)
    ev.overrides = judgment.all
    ev.not_applied = judgment.not_applied(seen, {d.office.id for d in results})
    ev.superseded = judgment.superseded
    return ev


def _compare(result: "DistrictResult", machine: "DistrictResult", applied: list) -> None:
    """Keep the machine's verdicts beside the province's where they differ (or a rule was waived)."""
    result.applied = applied
    result.machine_verdict = machine.verdict
    by_rule = {r.rule.id: r for r in machine.rules}
    for r in result.rules:
        m = by_rule.get(r.rule.id)
        if m is not None and (m.verdict != r.verdict or r.override is not None or m.outcome.observed != r.outcome.observed):
            r.machine = m


def _unique(posts: list[Post]) -> list[Post]:
    """One post per (platform, post_id), and per (platform, url): the last one read wins (an edit
    supersedes). The url guards against one post stored under two ids (an id format that changed,
    a site read once through REST and once through its listing)."""
    by_key = {p.key: p for p in posts}
    by_url = {(p.platform, p.url or p.post_id): p for p in by_key.values()}
    return list(by_url.values())


def _statuses_by_office(statuses: list[ChannelStatus], shared: frozenset[str]):
    """office id -> its channels' statuses and the shared offices' (the provincial office's), in the
    order given. Indexed once rather than filtered per district: a posts file's unread lines may give
    every district statuses of its own."""
    own: dict[str, list[tuple[int, ChannelStatus]]] = defaultdict(list)
    common: list[tuple[int, ChannelStatus]] = []
    for i, s in enumerate(statuses):
        (common if s.office in shared else own[s.office]).append((i, s))

    def of(office_id: str) -> list[ChannelStatus]:
        pairs = own.get(office_id, [])
        merged = sorted(pairs + common, key=lambda pair: pair[0]) if pairs and common else pairs or common
        return [s for _, s in merged]
    return of


def _evaluate_district(office: Office, views: list[PostView], ruleset: Ruleset, mine: list[ChannelStatus],
                       data: MonthData, judgment: Judgment, configured: set[str] | None = None) -> DistrictResult:
    """A district's month; `mine`: the statuses of its channels and of the shared offices'."""
    views.sort(key=lambda v: (v.instant, v.post.platform, v.post.post_id))
    posts = [_judged(evaluate_post(v, ruleset), judgment, office.id) for v in views]
    activities = group_activities(office.id, posts, ruleset.parameters)
    for a in activities:
        if a.id in judgment.accept:
            a.override = judgment.mark(judgment.accept[a.id], office.id)
    dm = DistrictMonth(office, posts, activities, data)
    rules = [_judged_rule(_monthly(rule, dm, mine, configured, data.in_progress), judgment, office.id) for rule in ruleset.monthly_rules]
    return DistrictResult(office, dm, rules, mine, data.in_progress)


def _judged(p: EvaluatedPost, judgment: Judgment, district: str) -> EvaluatedPost:
    """A post the province counted or rejected; an unrelated post it counts is a promotion post."""
    key = p.post.key
    o = judgment.posts.get(key)
    if key in judgment.assign and judgment.applied.get(judgment.assign[key].id) == district:
        machine = judgment.machine_district.get(key)  # None: the machine gave it to no district, so never counted it
        p.override, p.machine = judgment.assign[key], {"counted": p.counted and machine is not None, "kind": p.kind,
                                                       "district": machine}
    if o is None:
        return p
    p.override, p.machine = judgment.mark(o, district), {"counted": p.counted, "kind": p.kind}
    p.counted = o.action == OverrideAction.COUNT
    if p.counted and p.kind == "unrelated":
        p.kind = "promotion"
    return p


def _judged_rule(r: RuleResult, judgment: Judgment, district: str) -> RuleResult:
    """A rule the province waived for this district-month passes; the machine's result is kept."""
    o = judgment.waive.get((district, r.rule.id))
    if o is None:
        return r
    waived = RuleResult(r.rule, "pass", r.outcome, r.detail, None, (), judgment.mark(o, district), progress=r.progress and "met")
    waived.machine = r
    return waived


def evaluate_post(view: PostView, ruleset: Ruleset) -> EvaluatedPost:
    """Classify one post (unrelated / promotion / activity) and run the post checks that apply."""
    if view.post.extra.get("self_reported"):
        return _self_reported(view, ruleset)
    related = ruleset.classify["related"]
    if not CLASSIFIERS[related["check"]](view, related["params"]):
        return EvaluatedPost(view, "unrelated", False, notes=[Note(PostNote.UNRELATED)])
    activity = ruleset.classify["activity"]
    kind = "activity" if CLASSIFIERS[activity["check"]](view, activity["params"]) else "promotion"
    findings = {}
    for rule in ruleset.post_rules:
        if kind in rule.applies_to and (not rule.platforms or view.post.platform in rule.platforms):
            findings[rule.id] = _run_post_check(rule, view)
    counted = all(f.ok for f in findings.values())
    notes = _post_notes(findings)
    if view.post.text_partial and not counted:
        notes.append(Note(PostNote.TEXT_PARTIAL))
    return EvaluatedPost(view, kind, counted, findings, notes)


def _self_reported(view: PostView, ruleset: Ruleset) -> EvaluatedPost:
    """A post on a channel with no reading API, reported by the district with its link as evidence.
    Its hashtags cannot be read; the ruleset decides whether it counts."""
    activity = ruleset.classify["activity"]
    kind = "activity" if CLASSIFIERS[activity["check"]](view, activity["params"]) else "promotion"
    counted = bool(ruleset.parameters.get("count_self_reported", True))
    return EvaluatedPost(view, kind, counted, {}, [Note(PostNote.SELF_REPORTED)])


def _run_post_check(rule: Rule, view: PostView) -> PostFinding:
    try:
        return POST_CHECKS[rule.check](view, rule.params)
    except Exception as exc:  # a crashing check is recorded, the run goes on
        return PostFinding(False, notes=(Note(PostNote.CHECK_CRASHED, {"rule": rule.id, "error": f"{type(exc).__name__}: {exc}"}),))


def _post_notes(findings: dict[str, PostFinding]) -> list[Note]:
    notes = []
    for f in findings.values():
        if f.missing:
            notes.append(Note(PostNote.MISSING_HASHTAGS, {"tags": list(f.missing)}))
        notes += [Note(PostNote.NEAR_MISS, nm.to_dict()) for nm in f.near_misses]
        notes.extend(f.notes)
    return list(dict.fromkeys(notes)) if len(notes) > 1 else notes  # (hashing a Note is a Python call)


# --- activities: which activity posts report the same event ------------------------------
#
# District offices write formulaic captions ("อบรมกลุ่มอาชีพ ตำบล…"), so raw text similarity
# merges distinct events. Two posts are one event when, within the window, (1) they name no
# different place (ตำบล/ต./บ้าน + name) and no different number (ครั้งที่ 1 vs 2, หมู่ที่ 5 vs 7):
# one post's places and numbers are all found in the other; and (2) the shorter post's
# distinctive words — what is left without hashtags, URLs, boilerplate and Thai stopwords — are
# mostly (activity_similarity %) in the other, the shorter having at least activity_min_words
# of them. A caption too short for that is one event with another only if its words are
# the same and it was posted the same day. A post joins an earlier group only if it is the same
# event as every post in it: no chaining A~B, B~C through a weak link.

# 'บ้าน' starts a village name unless it ends a word (ผู้ใหญ่บ้าน, ลูกบ้าน, ใกล้บ้าน, เจ้าบ้าน).
_PLACE = regex.compile(r"(?:ตำบล ?|(?<![\p{L}\p{M}])ต\. ?|(?<!ผู้ใหญ่|ลูก|ใกล้|เจ้า)บ้าน)([^\s\d\p{P}\p{S}]+)")
_NUMBER = regex.compile(r"\d{1,3}(?:,\d{3})+|\d+")  # '2,000' is one number
_LETTER = regex.compile(r"\p{L}")
_LETTERS = regex.compile(r"[\p{L}\p{M}]+")
_THAI_DIGIT = re.compile("[๐-๙]")


@dataclass(frozen=True)
class EventPrint:
    """What identifies the event an activity post reports: its time and numbers, found for every
    post (they decide which groups it could join), and its places and distinctive text, found
    when it is first compared with another post (about two posts in five never are)."""

    when: datetime
    numbers: frozenset[int]
    source: str  # the post's prose key, Thai digits as Arabic ones: what places and text come from
    boilerplate: tuple[str, ...] = ()  # the campaign's phrases (_boilerplate), taken out of text
    features: str = "trigrams"
    # microseconds since the epoch (exact differences, as datetime subtraction gives): the post's
    # PostView.instant, compared with every open group's posts
    micros: int | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if self.micros is None:
            object.__setattr__(self, "micros", instant(self.when))

    @cached_property
    def places(self) -> frozenset[str]:
        """The places it names (ตำบล/ต./บ้าน + name: _PLACE's one group)."""
        return frozenset(_PLACE.findall(self.source))

    @cached_property
    def text(self) -> str:
        """The source without boilerplate and numbers."""
        text = self.source
        for phrase in self.boilerplate:
            text = text.replace(phrase, " ")
        return _NUMBER.sub(" ", text)

    @cached_property
    def day(self) -> date:
        """The Bangkok day (only short captions are compared by day: worked out when first asked for)."""
        return self.when.astimezone(BANGKOK).date()

    @cached_property
    def words(self) -> frozenset[str]:
        """The distinctive parts compared: character trigrams of each run of letters (a run shorter
        than three is kept whole), or with activity_features: words, PyThaiNLP's words without
        stopwords. Trigrams need no dictionary (loading it costs about a second a process) and
        group the same posts on Thai captions, which have no spaces between words."""
        if self.features == "words":
            return _segmented(self.text)
        return _trigrams(self.text)

    @property
    def min_parts(self) -> int:
        """How many parts activity_min_words asks for: a word is about three trigrams."""
        return 1 if self.features == "words" else 3


@lru_cache(maxsize=1024)  # about 10 kB each
def _trigrams(text: str) -> frozenset[str]:
    """Character trigrams of each run of letters of a print's text; cached: with numbers and
    boilerplate out, a campaign's captions recur across posts and districts (cross-posts, templates)."""
    return frozenset().union(*map(_run_trigrams, _LETTERS.findall(text)))


@lru_cache(maxsize=16384)  # a month's captions are made of a few thousand distinct runs
def _run_trigrams(run: str) -> frozenset[str]:
    """The trigrams of one run of letters (a run shorter than three is kept whole)."""
    return frozenset({run[i:i + 3] for i in range(max(1, len(run) - 2))})


def _segmented(text: str) -> frozenset[str]:
    from pythainlp.corpus import thai_stopwords
    from pythainlp.tokenize import word_tokenize

    stop = thai_stopwords()
    words = word_tokenize(text, engine="newmm", keep_whitespace=False)
    return frozenset(w for w in words if _LETTER.search(w) and w not in stop)


def group_activities(district: str, posts: list[EvaluatedPost], params: dict) -> list[Activity]:
    """Activity posts about the same event (cross-posted, re-posted, edited) share one activity.

    Posts are taken in time order and compared only with the groups still open: a group whose
    first post is more than the window before the new one can take no more posts (every member
    must be within the window), so each post meets the few groups of the last days, not the month.
    Of those, only the groups whose first post's numbers and the new post's could be one event
    (_NumberIndex) are compared: a busy district posts many events a day, with their dates.
    """
    max_days = params.get("activity_max_days_apart", 3)
    groups: list[list[EvaluatedPost]] = []
    prints: list[list[EventPrint]] = []  # each group's posts' prints, in the same order
    index = _NumberIndex()
    first_open = 0
    shared = _campaign_phrases(params)
    for p in sorted((p for p in posts if p.kind == "activity"), key=lambda p: p.view.instant):
        new = event_print(p.view, params, shared)
        while first_open < len(groups) and _days_apart(new, prints[first_open][0]) > max_days:
            first_open += 1
        candidates = index.candidates(new.numbers, first_open, len(groups))
        scores = {i: _group_score(new, prints[i], params) for i in candidates}
        joinable = [i for i, score in scores.items() if score is not None]
        if joinable:  # the best-matching group; the earlier one on a tie
            best = max(joinable, key=lambda i: (scores[i], -i))
            groups[best].append(p)
            prints[best].append(new)
        else:
            index.add(len(groups), new.numbers)
            groups.append([p])
            prints.append([new])
    return _name_activities(district, groups)


class _NumberIndex:
    """The groups a new post could join, judged on numbers alone. Two posts are one event only if
    one's numbers are all the other's (_within), and a group takes a post only if it is the same
    event as every member, the first included; so a group is a candidate only if its first post
    names no number, or names all of the new post's (it is under the new post's rarest number in
    `naming`), or names only numbers of the new post (it is under one of them in `keyed`)."""

    def __init__(self):
        self.naming: dict[int, list[int]] = defaultdict(list)  # number → groups (ascending) whose first post names it
        self.keyed: dict[int, list[int]] = defaultdict(list)  # number → groups filed under it: one of their numbers
        self.without: list[int] = []  # groups whose first post names no number

    def add(self, group: int, numbers: frozenset[int]) -> None:
        if not numbers:
            self.without.append(group)
            return
        for n in numbers:
            self.naming[n].append(group)
        self.keyed[self._rarest(numbers)].append(group)

    def candidates(self, numbers: frozenset[int], first_open: int, count: int) -> list[int]:
        """The open groups (first_open … count - 1) the post with these numbers could join, ascending."""
        if not numbers:
            return list(range(first_open, count))
        found = set(_open(self.naming.get(self._rarest(numbers), []), first_open))
        for n in numbers:
            found.update(_open(self.keyed.get(n, []), first_open))
        found.update(_open(self.without, first_open))
        return sorted(found)

    def _rarest(self, numbers: frozenset[int]) -> int:
        """The number named by the fewest groups (any one would do; the rarest keeps lists short)."""
        return min(numbers, key=lambda n: (len(self.naming.get(n, ())), n))


def _open(groups: list[int], first_open: int) -> list[int]:
    """The groups of an ascending list that are still open."""
    return groups[bisect_left(groups, first_open):]


def _group_score(new: EventPrint, group: list[EventPrint], params: dict) -> float | None:
    """Mean score against every post of a group (complete linkage); None when one is another event."""
    total = 0.0
    for old in group:
        score = same_event(new, old, params)
        if score is None:  # one other event is enough: the rest need not be compared
            return None
        total += score
    return total / len(group)


def _days_apart(a: EventPrint, b: EventPrint) -> float:
    """(a.when - b.when) in days, as timedelta.total_seconds() / 86400 computes it."""
    return (a.micros - b.micros) / 10**6 / 86400


def same_event(a: EventPrint, b: EventPrint, params: dict) -> float | None:
    """0–100 when two activity posts report the same event, None when they do not."""
    if abs(_days_apart(a, b)) > params.get("activity_max_days_apart", 3) or _differ(a, b):
        return None
    small, large = (a.words, b.words) if len(a.words) <= len(b.words) else (b.words, a.words)
    if len(small) < params.get("activity_min_words", 3) * a.min_parts:
        return 100.0 if small and small == large and a.day == b.day else None
    score = 100 * len(small & large) / len(small)
    return score if score >= params.get("activity_similarity", 80) else None


def _differ(a: EventPrint, b: EventPrint) -> bool:
    """Each names a place or number the other does not: two events (a website version adding
    the date keeps the Facebook post's places and numbers, so it does not differ)."""
    return not _within(a, b) and not _within(b, a)


def _within(x: EventPrint, y: EventPrint) -> bool:
    """x's numbers are all y's, and each of x's places is one of y's or a longer or shorter form of one."""
    if not x.numbers <= y.numbers:
        return False
    if x.places <= y.places:  # the usual case: the same places, or none
        return True
    return all(any(p.startswith(q) or q.startswith(p) for q in y.places) for p in x.places)


def event_print(view: PostView, params: dict, shared: tuple | None = None) -> EventPrint:
    """The distinctive words, places and numbers of an activity post's text (hashtags and URLs
    are already out of view.prose). `shared` is _campaign_phrases(params), if already at hand."""
    boilerplate, click_names, features = shared or _campaign_phrases(params)
    text = view.prose
    if _THAI_DIGIT.search(text):  # (str.translate is slow on Thai text: only when needed)
        text = from_thai_digits(text)
    numbers = frozenset(map(_number, _NUMBER.findall(text)))
    return EventPrint(view.post.published_at, numbers, text, _boilerplate(boilerplate, view.office.name_th, click_names),
                      features, view.instant)


def _campaign_phrases(params: dict) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """The ruleset's boilerplate phrases, Click ชุมชน names and print features, as event_print
    takes them (read once per district rather than per post)."""
    return (tuple(params.get("activity_boilerplate", ())), tuple(params.get("click_names", ())),
            params.get("activity_features", "trigrams"))


@lru_cache(maxsize=4096)  # a month's posts name the same few numbers (years, rounds, villages)
def _number(digits: str) -> int:
    """Years compare in their short Buddhist-Era form: a website writes 2568 where Facebook wrote 68."""
    n = int(digits.replace(",", ""))
    if 2490 <= n <= 2650:
        return n - 2500
    if 1950 <= n <= 2100:
        return n + BE_OFFSET - 2500
    return n


@lru_cache(maxsize=256)
def _boilerplate(phrases: tuple[str, ...], office_name: str, click_names: tuple[str, ...]) -> tuple[str, ...]:
    """Words every post of the campaign shares, normalized like the prose, longest first."""
    keyed = {_phrase_key(p) for p in (*phrases, office_name, *click_names)}
    return tuple(sorted((p for p in keyed if p.strip()), key=len, reverse=True))


@lru_cache(maxsize=1024)  # the campaign's phrases are every district's: keyed once, not per district
def _phrase_key(phrase: str) -> str:
    return thai.normalize_prose(phrase)


def _name_activities(district: str, groups: list[list[EvaluatedPost]]) -> list[Activity]:
    groups.sort(key=lambda g: min(map(_post_instant, g)))
    out, per_day = [], {}
    for group in groups:
        day = min(group, key=_post_instant).post.published_at.astimezone(BANGKOK).strftime("%m%d")
        per_day[day] = per_day.get(day, 0) + 1
        activity = Activity(f"{district}-{day}-{per_day[day]}", group)
        for p in group:
            p.activity_id = activity.id
        out.append(activity)
    return out


def _post_instant(p: EvaluatedPost) -> int:
    """A post's publication time as a whole number (PostView.instant), for ordering."""
    return p.view.instant


def _monthly(rule: Rule, dm: DistrictMonth, statuses: list[ChannelStatus],
             configured: set[str] | None = None, in_progress: bool = False) -> RuleResult:
    """A monthly rule's result. In a month in progress a rule not yet met is not failed: it is
    undecided (unknown, contract-valid) and 'behind', its to-do kept for the days left."""
    result = _monthly_verdict(rule, dm, statuses, configured)
    if not in_progress:
        return result
    if result.verdict == "pass":
        result.progress = "met"
    elif result.verdict == "fail":
        result.verdict, result.progress = "unknown", "behind"
    return result


def _monthly_verdict(rule: Rule, dm: DistrictMonth, statuses: list[ChannelStatus],
                     configured: set[str] | None = None) -> RuleResult:
    try:
        outcome = MONTHLY_CHECKS[rule.check](dm, rule.params)
    except Exception as exc:  # recorded as unknown; the other rules still run
        outcome = MonthlyOutcome(False, None, rule.params.get("min"), Note(Detail.RULE_CRASHED, {"error": f"{type(exc).__name__}: {exc}"}))
        return RuleResult(rule, "unknown", outcome, outcome.detail)
    if outcome.passed:
        return RuleResult(rule, "pass", outcome, outcome.detail)
    if outcome.unknown:
        return RuleResult(rule, "unknown", outcome, outcome.detail, outcome.todo)
    if _not_configured(rule, configured):  # nothing was looked at: never a fail
        todo = Todo(TodoCode.NOT_CONFIGURED, params={"platforms": list(rule.depends_on)}, kind=TodoKind.NOTE)
        return RuleResult(rule, "unknown", outcome, outcome.detail, todo)
    blockers = [s for s in statuses if not s.complete and _blocks(s, rule)]
    if not blockers or not _may_close(outcome.todo, blockers):
        return RuleResult(rule, "fail", outcome, outcome.detail, outcome.todo)
    blocked = tuple((s.platform, s.account) for s in blockers)
    recheck = Todo(TodoCode.RECHECK, params={"channels": [list(b) for b in blocked]}, kind=TodoKind.NOTE)
    return RuleResult(rule, "unknown", outcome, outcome.detail, recheck, blocked)


def _blocks(status: ChannelStatus, rule: Rule) -> bool:
    """Whether a channel not (fully) collected leaves the rule undecided: it is on a platform the rule
    depends on ("*": any). A status on platform "*" (a posts file's line whose platform cannot be
    read) may be any channel's: it leaves every rule on channels undecided, not those on imported data."""
    if not rule.depends_on:
        return False
    return "*" in rule.depends_on or status.platform in rule.depends_on or status.platform == "*"


# To-dos whose n one more post lowers by one at most: a post, a distinct channel, an activity.
_ONE_PER_POST = frozenset({TodoCode.MORE_POSTS, TodoCode.MORE_CHANNELS, TodoCode.MORE_ACTIVITIES})


def _may_close(todo: Todo | None, blockers: list[ChannelStatus]) -> bool:
    """Whether the posts not collected could make up the rule's shortfall. A channel that could not
    be collected may lack any number of posts: it may. Statuses that each say how many posts they
    lack at most (a posts file's unread lines: one post each) may only if together they are at least
    the shortfall: a district short of 5 activities is not rescued by 2 unread lines."""
    if todo is None or todo.n is None or todo.code not in _ONE_PER_POST:
        return True
    sizes = [s.missing_at_most for s in blockers]
    return None in sizes or sum(sizes) >= todo.n


def _not_configured(rule: Rule, configured: set[str] | None) -> bool:
    """The district has no channel on any platform the rule depends on ("*": no channel at all).
    Rules on imported data (depends_on: []) are not about channels; None: not judged (a posts file)."""
    if configured is None or not rule.depends_on:
        return False
    if "*" in rule.depends_on:
        return not configured
    return not configured & set(rule.depends_on)


# --- scorecards.json ---------------------------------------------------------------------

@collector_paused()
def to_scorecards(ev: Evaluation, *, as_of: datetime | None = None, skipped_lines: int = 0,
                  evidence=None, generated_at: datetime | None = None) -> dict:
    """The scorecards document (scorecards.schema.json plus documented extra fields)."""
    evidence = evidence or (lambda post: None)
    applied = {o.id for d in ev.districts for o in d.applied} | {o.id for d in ev.districts for r in d.rules
                                                                  if r.override is not None for o in [r.override]}
    decided = [o for o in ev.overrides if o.id in applied]
    districts = [_district_card(d, evidence, decided) for d in ev.districts]
    counts = {v: sum(1 for d in districts if d["verdict"] == v) for v in ("pass", "fail", "incomplete")}
    if ev.data is not None and ev.data.in_progress:
        counts.update({p: sum(1 for d in districts if d.get("progress") == p) for p in ("on_track", "behind")})
    missing = {o.id for o in ev.not_applied}
    return {
        "schema": SCHEMA_ID,
        "month": str(ev.month),
        "month_label_th": ev.month.thai_label,
        "timezone": str(ev.month.tz.key),
        "as_of": as_of.isoformat() if as_of else None,
        "ruleset": {"id": ev.ruleset.id, "version": ev.ruleset.version},
        # the province's [ruleset.parameters] that differ from the edition's: {name, value, default}
        "parameters_overridden": ev.ruleset.overridden_parameters(),
        "generated_at": (generated_at or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "tool_version": __version__,
        "summary": {**counts, "districts": len(districts), "posts": sum(len(d["posts"]) for d in districts),
                    "unattributed": len(ev.unattributed), "outside_month": ev.outside_month,
                    "skipped_lines": skipped_lines},
        "rules_meta": [{"rule": r.id, "title_th": r.title_th, "title_en": r.title_en, "short_th": r.short_th,
                        "short_en": r.short_en, "required": r.params.get("min")}
                       for r in ev.ruleset.monthly_rules],
        "districts": districts,
        "unattributed": [_unattributed(u) for u in ev.unattributed],
        # the province's effective overrides of the month; applied: it changed something evaluated here
        "overrides": [_override_entry(o, applied, missing, ev.superseded) for o in ev.overrides],
    }


def _override_entry(o, applied: set[int], missing: set[int], superseded: dict[int, int]) -> dict:
    """One effective decision of the month with where it stands (codes.OverrideStatus): applied, found
    (its post, activity or rule is in the month) and, when a later decision on the same thing holds,
    superseded_by."""
    status = (OverrideStatus.APPLIED if o.id in applied else OverrideStatus.SUPERSEDED if o.id in superseded
              else OverrideStatus.NOT_FOUND if o.id in missing else OverrideStatus.NOT_EVALUATED)
    entry = {**o.to_dict(), "applied": o.id in applied, "found": o.id not in missing, "status": str(status)}
    if o.id in superseded:
        entry["superseded_by"] = superseded[o.id]
    return entry


def _district_card(d: DistrictResult, evidence, decided: list = ()) -> dict:
    counted = [p for p in d.month_view.posts if p.counted]
    channels: dict[str, int] = {}
    for p in counted:
        channels[p.post.platform] = channels.get(p.post.platform, 0) + 1
    return {
        "district": d.office.id,
        "name": d.office.name_th,
        "name_en": d.office.name_en,
        "verdict": d.verdict,
        **({"progress": d.progress} if d.progress else {}),
        **({"override": {"machine_verdict": d.machine_verdict, "entries": [o.to_dict() for o in d.applied]}}
           if d.applied else {}),
        "rules": [_rule_card(r, decided) for r in d.rules],
        "channels": channels,
        "activities": [_activity_card(a) for a in d.month_view.activities],
        "posts": [_post_card(p, evidence) for p in d.month_view.posts],
        "errors": [_status_card(s, message=s.message or s.status) for s in d.statuses if not s.complete],
        "warnings": [_status_card(s) for s in d.statuses if s.complete and (s.message or s.notes)],
        "channel_status": [_status_card(s, status=s.status) for s in d.statuses],
    }


def _status_card(s: ChannelStatus, **fields) -> dict:
    """A channel's status in a scorecard: the collector's message, its kind, params and notes."""
    return {"platform": s.platform, "account": s.account, "message": s.message, **fields, "kind": str(s.kind or ""),
            "params": dict(s.params), "notes": [n.to_dict() for n in s.notes]}


def _rule_card(r: RuleResult, decided: list = ()) -> dict:
    """A rule's result with its codes: detail_note (what was seen) and todo (what is still needed).
    The worded fields (detail, missing_th, missing_kind) are added by the presentation (present.phrase).
    decided: the month's overrides that were applied; the card lists those that changed this rule."""
    card = {"rule": r.rule.id, "check": r.rule.check, "verdict": r.verdict, "observed": r.outcome.observed,
            "required": r.outcome.required, "title_th": r.rule.title_th, "title_en": r.rule.title_en,
            "short_th": r.rule.short_th, "detail_note": r.detail.to_dict(),
            "todo": r.todo.to_dict() if r.todo else None}
    if r.blocked:
        card["blocked"] = [{"platform": p, "account": a} for p, a in r.blocked]
    if r.progress:
        card["progress"] = r.progress
    if r.override is not None or r.machine is not None:
        entries = _rule_entries(r, decided)
        card["override"] = {"machine_verdict": r.machine.verdict if r.machine else r.verdict,
                            "machine_observed": r.machine.outcome.observed if r.machine else r.outcome.observed,
                            "machine_todo": r.machine.todo.to_dict() if r.machine and r.machine.todo else None,
                            "entries": [o.to_dict() for o in entries]}
    card.update(r.outcome.extra)
    return card


def _rule_entries(r: RuleResult, decided: list) -> list:
    """The decisions that changed a rule's inputs: its waiver, and those on a post or an activity the
    rule counts as the province or the machine saw it (a post counted, rejected or assigned; an
    activity accepted). A decision on a post the rule never counts is not the rule's."""
    inputs = r.outcome.inputs | (r.machine.outcome.inputs if r.machine is not None else frozenset())
    changed = [o for o in decided if o.action != OverrideAction.WAIVE and (o.post_key or o.target) in inputs]
    return ([r.override] if r.override is not None else []) + changed


def _activity_card(a: Activity) -> dict:
    first = min(a.posts, key=_post_instant)
    card = {"activity_id": a.id, "date": first.post.published_at.astimezone(BANGKOK).date().isoformat(),
            "counted": a.counted_on("facebook"),
            "posts": [f"{p.post.platform}:{p.post.post_id}" for p in a.posts], "title": excerpt(first.post.text, 80)}
    if a.override is not None:
        card["override"] = {**a.override.to_dict(), "machine_counted": a.machine_counted_on("facebook")}
    return card


def _post_card(p: EvaluatedPost, evidence) -> dict:
    post, scan = p.post, p.view.scan
    missing, near, checks = _findings_fields(p.findings)
    card = {
        "platform": post.platform, "post_id": post.post_id, "url": post.url,
        "published_at": post.published_at.astimezone(BANGKOK).isoformat(),
        "kind": p.kind, "counted": p.counted,
        "hashtags": [t.text for t in scan.tags], "missing_hashtags": missing,
        "near_misses": near, "page_tagged": p.page_tagged if post.platform == "facebook" else None,
        "activity_id": p.activity_id, "note_codes": [n.to_dict() for n in p.notes],
        "account": post.account.id, "account_name": post.account.name, "excerpt": excerpt(post.text),
        "unlinked": [t.text for t in scan.unlinked],
        "checks": checks,
    }
    card.update(_evidence(evidence(post)))
    card["self_reported"] = bool(post.extra.get("self_reported"))
    if p.override is not None:
        card["override"] = {**p.override.to_dict(), **{f"machine_{k}": v for k, v in p.machine.items()}}
    return card


def _findings_fields(findings: dict[str, PostFinding]) -> tuple[list[str], list[dict], dict[str, str]]:
    """A post card's missing tags (once each), near misses and each check's pass/fail, in one pass."""
    missing, near, checks = [], [], {}
    for rule_id, f in findings.items():
        checks[rule_id] = "pass" if f.ok else "fail"
        if f.missing:
            missing += f.missing
        if f.near_misses:
            near += [nm.to_dict() for nm in f.near_misses]
    return (list(dict.fromkeys(missing)) if len(missing) > 1 else missing), near, checks


def _evidence(found) -> dict:
    """The evidence fields of a post card: `found` is a sha256, or (sha256, fetched_at), or None."""
    if isinstance(found, (tuple, list)):
        return {"evidence_sha256": found[0], "evidence_fetched_at": found[1]}
    return {"evidence_sha256": found}


def _unattributed(u: Unattributed) -> dict:
    post = u.post
    return {"platform": post.platform, "post_id": post.post_id, "url": post.url,
            "published_at": post.published_at.isoformat(), "account": post.account.id,
            "reason_code": str(u.attribution.reason), "reason_params": dict(u.attribution.params),
            "excerpt": excerpt(post.text)}


def excerpt(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
