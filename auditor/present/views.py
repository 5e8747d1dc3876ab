"""View models for the HTML report, built from a scorecards dict (scorecards.schema.json).

Templates receive these dataclasses and compute nothing: every label, number, date and link
is prepared here, already in Thai (English secondary) and with Thai digits when asked.
Only the contract's required fields are relied on; every other field is read with a default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from difflib import SequenceMatcher
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import regex

from auditor.codes import Note
from auditor.platforms import PLATFORMS
from auditor.registry import REPORTED_ACCOUNT
from auditor.present import advice, words
from auditor.present.advice import post_key as _post_key, post_problems
from auditor.present.words import VERDICTS, Verdict, verdict
from auditor.period import BANGKOK, THAI_MONTHS_SHORT, Month, parse_month, parse_timestamp, thai_date, to_thai_digits

TREND_MONTHS = 6
WEEKDAYS_TH = ("อา", "จ", "อ", "พ", "พฤ", "ศ", "ส")  # Sunday first, as Thai wall calendars


# ---------------------------------------------------------------- labels


# platform id → (label, short code for the calendar), from the platform table, in its order
CHANNELS = {p.id: (p.label_th, p.short) for p in PLATFORMS.values()}
_CHANNEL_ORDER = {platform: i for i, platform in enumerate(CHANNELS)}

KINDS = words.POST_KINDS

# group 1: what keeps its digits (a URL, a hashtag, a long id); otherwise a run of other text
_KEEP_DIGITS = re.compile(r"(https?://\S+|#\S+|\d{8,})|[^h#\d]+|\d+|.", re.S)
_CONTROL = re.compile(r"[\x00-\x20\x7f]")
# the usual post link, which safe_href passes without taking it apart: http(s), then a host of
# ASCII letters, digits, dots, hyphens and a port (urlsplit would find the same scheme and host)
_PLAIN_WEB_URL = re.compile(r"https?://[A-Za-z0-9.:-]+(?:[/?#]|\Z)")


def channel_label(platform: str) -> str:
    if platform not in CHANNELS:  # "*": a channel that cannot be told
        return words.platform_label(platform)
    return CHANNELS[platform][0]


def channel_short(platform: str) -> str:
    return CHANNELS.get(platform, (platform or "?", platform or "?"))[1]


def safe_href(url: str | None) -> str | None:
    """The URL when a browser may follow it (http or https with a host), otherwise None.

    Anything else (javascript:, data:, relative paths, URLs with spaces or control
    characters that browsers would silently strip) is shown as text, never linked.
    """
    if not isinstance(url, str) or not url or _CONTROL.search(url):
        return None
    if _PLAIN_WEB_URL.match(url):
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def account_label(platform: str, account: str, name: str = "", *, district_name: str = "",
                  self_reported: bool = False) -> str:
    """Who published a post: the page or account name, never a bare numeric Facebook id."""
    if self_reported:
        return words.page("self_reported_by", name=district_name) if district_name else words.page("self_reported")
    if name:
        return name
    if account == REPORTED_ACCOUNT:
        return words.page("reported_links")
    if platform == "facebook" and str(account).isdigit():
        return words.page("facebook_id", account=account)
    return account or ""


def page_tag_status(value, kind: str | None, platform: str | None) -> "Status":
    """A post's page-tag status: the one label pages and the XLSX export both use."""
    if value is True:
        return PAGE_TAGGED
    if kind != "activity" and (value is False or platform == "facebook"):
        return PAGE_TAG_OPTIONAL
    if value is False:
        return PAGE_NOT_TAGGED
    return NO_PAGE_TAGS


# ---------------------------------------------------------------- formatting


@dataclass(frozen=True)
class Fmt:
    """Number and date formatting for one rendering (Thai digits optional, local time zone)."""

    thai_digits: bool = False
    tz: ZoneInfo = BANGKOK

    def text(self, value: str) -> str:
        """Thai digits when asked, except inside links, hashtags and ids (8+ digits), which are copied."""
        if not self.thai_digits or not value:
            return value
        return _KEEP_DIGITS.sub(lambda m: m.group(0) if m.group(1) else to_thai_digits(m.group(0)), value)

    def num(self, value) -> str:
        if value is None or value == "":
            return "–"
        if isinstance(value, (list, tuple, set)):
            value = len(value)
        return self.text(str(value))

    def when(self, iso: str | None) -> datetime | None:
        if not iso:
            return None
        # a post's time is read for its date, its time, its calendar day and its order: parse it once
        return _local_time(iso, self.tz) if isinstance(iso, str) else _parse_local(iso, self.tz)

    def date(self, iso: str | None) -> str:
        """'14 ก.พ. 2568' from an RFC 3339 timestamp or a plain 'YYYY-MM-DD' date."""
        when = self.when(iso)
        if when is not None:
            return _day_label(when.date(), self.thai_digits)
        try:
            return _day_label(date.fromisoformat(str(iso)), self.thai_digits)
        except ValueError:
            return iso or "–"

    def time(self, iso: str | None) -> str:
        when = self.when(iso)
        return self.clock(when) if when else ""

    def clock(self, when: datetime) -> str:
        """'09:30 น.' of a local time."""
        return _clock_label(when.hour, when.minute, self.thai_digits)

    def datetime(self, iso: str | None) -> str:
        when = self.when(iso)
        return f"{self.date(iso)} {self.time(iso)}" if when else (iso or "–")

    def month(self, month: Month) -> str:
        return self.text(month.thai_label)

    def month_short(self, month: Month) -> str:
        """'ก.พ.' (the trend's column; the full label goes in the hover title)."""
        return THAI_MONTHS_SHORT[month.month - 1]


def _parse_local(iso, tz: ZoneInfo) -> datetime | None:
    """An RFC 3339 timestamp as local time in tz; None when it is not one."""
    try:
        return parse_timestamp(iso).astimezone(tz)
    except (ValueError, AttributeError, TypeError):
        return None


_local_time = lru_cache(maxsize=1 << 16)(_parse_local)


@lru_cache(maxsize=2048)
def _clock_label(hour: int, minute: int, thai_digits: bool) -> str:
    """Fmt.clock of one minute of the day: a month's posts share its 1,440 minutes."""
    return Fmt(thai_digits).text(words.page("clock", hh=hour, mm=minute))


@lru_cache(maxsize=1024)
def _day_label(day: date, thai_digits: bool) -> str:
    """'14 ก.พ. 2568' of a local date (every post and calendar cell of a day shares it)."""
    return thai_date(day, thai_digits=thai_digits)


# ---------------------------------------------------------------- shared pieces


@dataclass
class PageMeta:
    """What base.html needs: title, month, provenance line and the path back to the overview."""

    title: str
    month_label: str
    month_id: str
    generated: str
    tool_version: str
    ruleset: str
    as_of_note: str
    root: str  # relative prefix from this page to the month folder ('' or '../')
    month_links: list["MonthLink"] = field(default_factory=list)
    overview_href: str = ""  # the province overview: absolute with report_base_url (glance.standalone_links)
    overview_note: str = ""  # without it: 'works when opened from the report folder'


@dataclass
class MonthLink:
    label: str
    href: str
    current: bool


@dataclass
class RuleCell:
    verdict: Verdict
    text: str  # 'observed/required'
    title: str  # for screen readers and hover: the rule's Thai title and numbers
    label: str  # the column's Thai title (shown beside the value on phones)
    adjusted: str = ""  # 'ปรับโดยจังหวัด' when the province's override changed it (the mark beside the value)


@dataclass(frozen=True)
class Adjusted:
    """The province's decision beside the machine's own verdict, as pages show both."""

    text: str  # 'ปรับโดยจังหวัด: <reason> (<who>, <Buddhist-Era date>)'
    machine: str  # 'เครื่องตรวจ: ✗ ไม่ผ่าน (1/2)'
    action: str = ""  # 'ให้นับโพสต์นี้'


def adjusted_rule(r: dict, fmt: "Fmt", districts: dict[str, str] | None = None) -> Adjusted | None:
    """A rule an override changed (a waiver, or posts and activities the province decided on)."""
    o = r.get("override")
    if not isinstance(o, dict):
        return None
    machine = words.machine_verdict(o.get("machine_verdict"))
    if isinstance(o.get("machine_observed"), int) and isinstance(r.get("required"), int):
        machine += f" ({o['machine_observed']}/{r['required']})"
    entries = o.get("entries") or []
    actions = " · ".join(dict.fromkeys(words.override_action(e, districts) for e in entries))
    return Adjusted(fmt.text(" · ".join(words.override_line(e) for e in entries)), fmt.text(machine), actions)


def adjusted_item(item: dict, fmt: "Fmt", districts: dict[str, str] | None = None) -> Adjusted | None:
    """A post or an activity the province counted, rejected, assigned or accepted."""
    o = item.get("override")
    if not isinstance(o, dict):
        return None
    return Adjusted(fmt.text(words.override_line(o)), words.machine_counted(o.get("machine_counted")),
                    words.override_action(o, districts))


@dataclass
class RuleColumn:
    rule: str
    title_th: str
    title_en: str
    required: str
    short_th: str  # column header ('โพสต์'); the full title goes in the hover text
    short_en: str


@dataclass
class TrendCell:
    label: str  # 'ก.พ.'
    title: str  # 'กุมภาพันธ์ 2568: ผ่าน'
    verdict: Verdict


@dataclass
class CountBox:
    verdict: Verdict
    count: str


def _meta(sc: dict, fmt: Fmt, title: str, root: str, month_links: list[MonthLink]) -> PageMeta:
    month = parse_month(sc["month"])
    ruleset = sc.get("ruleset") or {}
    rs = ruleset.get("id", "")
    if ruleset.get("version"):
        rs += f" v{ruleset['version']}"
    as_of = sc.get("as_of")
    note = ""
    if as_of:
        note = words.page("as_of", time=fmt.datetime(as_of))
    return PageMeta(
        title=title,
        month_label=fmt.month(month),
        month_id=str(month),
        generated=fmt.datetime(sc.get("generated_at")),
        tool_version=str(sc.get("tool_version", "")),
        ruleset=rs,
        as_of_note=note,
        root=root,
        month_links=month_links,
    )


def _month_links(current: str, months_present, fmt: Fmt, target: str, up: str) -> list[MonthLink]:
    """Links to the same page of the other rendered months (sibling folders ../YYYY-MM/)."""
    months = sorted({*months_present, current}) if months_present else []
    if len(months) < 2:
        return []
    return [MonthLink(fmt.month(parse_month(m)), f"{up}{m}/{target}", m == current) for m in months]


def rule_columns(sc: dict) -> list[RuleColumn]:
    """Monthly rules in the engine's column order (rules_meta), else in order of first appearance."""
    meta = list(sc.get("rules_meta") or [])
    seen = {m.get("rule") for m in meta}
    for d in sc.get("districts", []):
        for r in d.get("rules", []):
            if r.get("rule") not in seen:
                seen.add(r.get("rule"))
                meta.append({k: r.get(k) for k in ("rule", "title_th", "title_en", "required")})
    return [
        RuleColumn(
            rule=m["rule"],
            title_th=m.get("title_th") or m["rule"],
            title_en=m.get("title_en") or "",
            required=str(m.get("required", "")),
            short_th=m.get("short_th") or m.get("title_th") or m["rule"],
            short_en=m.get("short_en") or m.get("title_en") or "",
        )
        for m in meta
    ]


def _rule_cell(rule: dict | None, column: RuleColumn, fmt: Fmt) -> RuleCell:
    if rule is None:
        return RuleCell(VERDICTS["none"], "–", column.title_th, column.short_th)
    v = words.shown_verdict(rule)
    observed, required = rule.get("observed"), rule.get("required")
    # Counts read as '3/2'; a date or a missing figure is shown alone (the deadline is in the title).
    text = f"{fmt.num(observed)}/{fmt.num(required)}" if isinstance(required, int) else fmt.num(observed)
    adjusted = adjusted_rule(rule, fmt)
    title = f"{column.title_th}: {v.th} ({text})" + (f" — {adjusted.text} · {adjusted.machine}" if adjusted else "")
    return RuleCell(v, text, title, column.short_th, words.OVERRIDE_COLUMN[0] if adjusted else "")


# ---------------------------------------------------------------- the missing-sentence


def missing_sentence(district: dict, fmt: Fmt) -> str:
    """ONE Thai sentence: what the district still has to do this month (or why we cannot tell)."""
    return advice.missing_sentence(district, fmt)


# ---------------------------------------------------------------- what kept a post from counting


def unique_near_misses(p: dict) -> list[dict]:
    """Each near miss once per post (a tag can be reported by two checks)."""
    seen = {}
    for n in p.get("near_misses") or []:
        seen.setdefault((n.get("found", ""), n.get("expected", "")), n)
    return list(seen.values())


def _hashtag_problem(p: dict) -> str:
    near = unique_near_misses(p)
    parts = []
    for n in near:
        reason = words.near_miss_advice(n.get("reason", ""))
        if n.get("found") == n.get("expected") or n.get("reason") in ("unlinked", "glued", "split"):
            parts.append(words.page("near_miss", found=n.get("found"), advice=reason))
        else:
            parts.append(words.page("near_miss_expected", found=n.get("found"), advice=reason, expected=n.get("expected")))
    missing = _unexplained_missing(p, near)
    if missing:
        parts.append(words.page("missing_tags", list=" ".join(missing)))
    return " · ".join(parts) or words.page("tags_incomplete")


def _unexplained_missing(p: dict, near: list[dict]) -> list[str]:
    """Missing tags no near miss accounts for (a misspelt or glued tag was written, not left out)."""
    explained = {n.get("expected") for n in near}
    return [t for t in p.get("missing_hashtags") or [] if t not in explained]


_PROBLEM_WORDS = {"unrelated": words.page("unrelated"), "page_tag": words.page("page_not_tagged")}


def why_not_counted(p: dict) -> str:
    """A short Thai reason a post did not count ('' when it counted)."""
    parts = []
    for code in post_problems(p):
        if code == "hashtags":
            parts.append(_hashtag_problem(p))
        elif code == "other":
            parts.append(" · ".join(post_notes(p)) or words.page("not_compliant"))
        else:
            parts.append(_PROBLEM_WORDS[code])
    return " · ".join(parts)


def post_notes(p: dict, *, leave_out: tuple[str, ...] = ()) -> list[str]:
    """A post's notes in Thai, from its note codes (scorecards stored before them: their text)."""
    if "note_codes" not in p:
        return [str(n) for n in p.get("notes") or []]
    # left out before a Note is made of them: a card leaves out most of its post's notes
    kept = [n for n in p.get("note_codes") or () if _note_code(n) not in leave_out] if leave_out else p.get("note_codes")
    return list(dict.fromkeys(_post_note(n) for n in words.notes_of(kept)))


def _note_code(note) -> str:
    """The code of a note as stored ({code, params}) or of a Note (what words.notes_of reads)."""
    return note.code if isinstance(note, Note) else str(note.get("code", ""))


@lru_cache(maxsize=4096)
def _post_note(note: Note) -> str:
    """words.post_note, worded once per distinct note (a month repeats a few notes thousands of times)."""
    return words.post_note(note)


# ---------------------------------------------------------------- province overview


@dataclass
class DistrictRow:
    id: str
    name: str
    name_en: str
    href: str
    verdict: Verdict
    cells: list[RuleCell]
    channels: list[str]
    activities: str
    errors: str
    has_errors: bool
    trend: list[TrendCell]
    missing: str


@dataclass
class UnattributedPost:
    date: str
    channel: str
    href: str | None
    url: str
    reason: str
    excerpt: str


def _province(sc: dict) -> str:
    """'จังหวัด…' from the registry's province name the scorecards carry; empty in older scorecards."""
    name = (sc.get("province") or {}).get("name_th") or ""
    return words.page("province", name=name) if name else ""


@dataclass
class Overview:
    meta: PageMeta
    province: str
    counts: list[CountBox]
    totals: str
    columns: list[RuleColumn]
    rows: list[DistrictRow]
    trend_labels: list[str]
    unattributed: list[UnattributedPost]
    warnings: list["DataNote"] = field(default_factory=list)  # about the data itself (e.g. the seed's totals)
    rule_summary: str = ""  # 'เกณฑ์รายเดือน: …' under the heading
    legend_numbers: str = ""  # how to read '3/2'
    trend_heading: str = ""


@dataclass(frozen=True)
class DataNote:
    """A note about the month's data: a Thai sentence, the original English kept secondary."""

    th: str
    en: str


def data_note(item, districts: dict[str, str], names: dict[str, str] | None = None) -> DataNote:
    """One overview note on the month's data, Thai first with its English. districts maps ids to
    Thai names; names maps accounts to page names. Scorecards stored before notes had codes keep
    their text as the English."""
    if not isinstance(item, dict) or "code" not in item:
        return DataNote(words.UNKNOWN_DATA_NOTE[0], str(item))
    note = Note.from_dict(item)

    def source(platform: str, account: str) -> str:
        return _source(platform, account, (names or {}).get(account, ""))

    return DataNote(words.data_note(note, districts, source),
                    item.get("message") or words.data_note(note, districts, lang=words.EN))


def _source(platform: str, account: str, name: str = "") -> str:
    """'Facebook (สพอ.เดชอุดม)', 'เพจ Facebook (id 1045…)', 'เว็บไซต์ (https://…)'."""
    label = account_label(platform, account, name)
    if not label or (platform == "facebook" and label == words.page("facebook_id", account=account)):
        return label or channel_label(platform)
    return f"{channel_label(platform)} ({label})"


def account_names(sc: dict) -> dict[str, str]:
    """Account id → the page or account name its posts carry (for errors, which carry only the id)."""
    return {p["account"]: p["account_name"] for d in sc.get("districts", []) for p in d.get("posts") or []
            if p.get("account") and p.get("account_name") and not p.get("self_reported")}


def channel_summary(district: dict, fmt: Fmt) -> str:
    """'Facebook 3 · เว็บไซต์ 1' from the counted posts per platform (or all posts when absent)."""
    return " · ".join(channel_counts(district, fmt)) or words.page("no_posts")


def channel_counts(district: dict, fmt: Fmt) -> list[str]:
    """['Facebook 3', 'เว็บไซต์ 1']."""
    counts = district.get("channels")
    if counts is None:
        counts = {}
        for p in district.get("posts") or []:
            counts[p.get("platform", "")] = counts.get(p.get("platform", ""), 0) + 1
    return [f"{channel_label(p)} {fmt.num(n)}" for p, n in _platform_order(counts) if n]


def _channel_rank(platform: str) -> tuple[int, str]:
    """Channels in the order of CHANNELS (Facebook first), unknown ones after, by name."""
    return (_CHANNEL_ORDER.get(platform, 99), platform)


def _platform_order(counts: dict) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda kv: _channel_rank(kv[0]))


def _activity_summary(district: dict, fmt: Fmt) -> str:
    """'พบ 2 · นับได้ 1' (activities found this month, and those that count)."""
    acts = district.get("activities") or []
    counted = sum(1 for a in acts if a.get("counted", True))
    if not acts:
        return words.page("activities_none")
    return words.page("activities", found=fmt.num(len(acts)), counted=fmt.num(counted))


def _trend(district_id: str, month: Month, current: str, history: dict, fmt: Fmt) -> list[TrendCell]:
    months = [month]
    for _ in range(TREND_MONTHS - 1):
        months.insert(0, months[0].previous())
    cells = []
    for m in months:
        if m == month:
            code = current
        else:
            code = (history.get(str(m)) or {}).get(district_id)
        v = verdict(code)
        cells.append(TrendCell(fmt.month_short(m), f"{fmt.month(m)}: {v.th}", v))
    return cells


def build_overview(sc: dict, *, history: dict | None = None, months_present=(), thai_digits: bool = False) -> Overview:
    """The province overview page: one row per district, counts, trend and other months."""
    fmt = Fmt(thai_digits)
    month = parse_month(sc["month"])
    history = {k: v for k, v in (history or {}).items() if k < str(month)}
    columns = [replace(c, title_th=fmt.text(c.title_th)) for c in rule_columns(sc)]
    rows = []
    for d in sc.get("districts", []):
        by_rule = {r.get("rule"): r for r in d.get("rules") or []}
        n_err = len(d.get("errors") or [])
        rows.append(DistrictRow(
            id=d["district"],
            name=d["name"],
            name_en=d.get("name_en", ""),
            href=f"districts/{d['district']}.html",
            verdict=words.shown_verdict(d),
            cells=[_rule_cell(by_rule.get(c.rule), c, fmt) for c in columns],
            channels=channel_counts(d, fmt) or [words.page("no_posts")],
            activities=_activity_summary(d, fmt),
            errors=fmt.num(n_err) if n_err else "–",
            has_errors=bool(n_err),
            trend=_trend(d["district"], month, words.shown_verdict(d).code, history, fmt) if history else [],
            missing=missing_sentence(d, fmt),
        ))
    codes = ("on_track", "behind") if any(d.get("progress") for d in sc.get("districts", [])) else ("pass", "fail", "incomplete")
    tally = {code: sum(1 for d in sc.get("districts", []) if words.shown_verdict(d).code == code) for code in codes}
    n_posts = sum(len(d.get("posts") or []) for d in sc.get("districts", []))
    unattributed = sc.get("unattributed") or []
    totals = words.page("totals", districts_n=fmt.num(len(rows)), posts=fmt.num(n_posts))
    if unattributed:
        totals += words.page("totals_unattributed", posts=fmt.num(len(unattributed)))
    return Overview(
        meta=_meta(sc, fmt, words.page("overview_title", month_label=fmt.month(month)), "", _month_links(str(month), months_present, fmt, "index.html", "../")),
        province=_province(sc),
        counts=[CountBox(VERDICTS[c], fmt.num(n)) for c, n in tally.items()],
        totals=totals,
        columns=columns,
        rows=rows,
        trend_labels=[c.label for c in rows[0].trend] if rows and history else [],
        unattributed=[_unattributed(u, fmt) for u in unattributed],
        warnings=[replace(n, th=fmt.text(n.th)) for n in _data_notes(sc)],
        rule_summary=words.page("rule_summary", titles=" · ".join(c.title_th for c in columns)),
        legend_numbers=fmt.text(words.page("legend_numbers")),
        trend_heading=fmt.text(words.page("trend_heading", count=TREND_MONTHS)),
    )


def _data_notes(sc: dict) -> list[DataNote]:
    districts = {d["district"]: d["name"] for d in sc.get("districts", [])}
    names = account_names(sc)
    return [data_note(w, districts, names) for w in sc.get("warnings") or []]


def unattributed_reason(u: dict) -> str:
    """Why a post was given to no district, in Thai (older scorecards: their reason text)."""
    if u.get("reason_code"):
        return words.unattributed(u["reason_code"], u.get("reason_params"))
    return u.get("reason", "")


def _unattributed(u: dict, fmt: Fmt) -> UnattributedPost:
    return UnattributedPost(
        date=fmt.date(u.get("published_at")),
        channel=channel_label(u.get("platform", "")),
        href=safe_href(u.get("url")),
        url=u.get("url", ""),
        reason=fmt.text(unattributed_reason(u)),
        excerpt=u.get("excerpt", ""),
    )


# ---------------------------------------------------------------- district page


@dataclass
class RuleLine:
    title_th: str
    title_en: str
    verdict: Verdict
    observed: str
    required: str
    detail: str
    missing: str  # 'ยังขาด: …' for a to-do, or what happened (a late report); '' when passed
    adjusted: Adjusted | None = None


@dataclass(frozen=True)
class CalendarEntry:
    text: str  # 'FB 1 ✓' (counted) or 'FB 1 ✗' (not counted): the symbol, not only the colour
    css: str  # 'ok' or 'no'


# shared by every district with the same posts that day (_calendar_day makes one per distinct day);
# compared by identity, which makes it a cheap key for the template's `cached` filter
@dataclass(frozen=True, eq=False)
class CalendarDay:
    day: str  # '' for the blank cells before day 1
    entries: tuple[CalendarEntry, ...]
    label: str  # for screen readers: '14 ก.พ. 2568: Facebook 2 โพสต์ (นับแล้ว)'
    css: str  # 'blank', 'has' (some post counted), 'uncounted' (posts, none counted), 'none', 'future'


@dataclass(frozen=True, eq=False)  # the few constants below, compared by identity (a cheap `cached` key)
class Status:
    symbol: str
    text: str
    css: str


# every card and activity line shares these (one of each, not one per post)
COUNTED, NOT_COUNTED = Status(*words.POST_COUNTED[True][:2], "ok"), Status(*words.POST_COUNTED[False][:2], "bad")
PAGE_TAGGED = Status(*words.PAGE_TAG["tagged"][:2], "ok")
PAGE_TAG_OPTIONAL = Status(*words.PAGE_TAG["optional"][:2], "na")
PAGE_NOT_TAGGED = Status(*words.PAGE_TAG["missing"][:2], "bad")
NO_PAGE_TAGS = Status(*words.PAGE_TAG["none"][:2], "na")


@dataclass(frozen=True)
class Part:
    """A piece of a hashtag; `changed` pieces differ from the other spelling and are marked."""

    text: str
    changed: bool


@dataclass(frozen=True)  # shared: one per distinct misspelling (_marked_near_miss)
class NearMiss:
    found: tuple[Part, ...]
    expected: tuple[Part, ...]
    same: bool  # both read the same (a tag glued to the one before): say what is wrong, not "did you mean"
    advice: str  # 'สะกดผิด: ซ แทน ช', 'ติดกับข้อความหรือแฮชแท็กก่อนหน้า ต้องเว้นวรรคก่อน #'


@dataclass(slots=True)  # a month has tens of thousands: slots keep each small
class PostCard:
    anchor: str
    date: str
    time: str
    channel: str
    account: str
    href: str | None
    url: str
    kind: str
    excerpt: str
    # tuples: hashable, so the template can render each distinct one once (the `cached` filter)
    hashtags: tuple[str, ...]
    missing_hashtags: tuple[str, ...]
    unlinked: tuple[str, ...]
    near_misses: tuple[NearMiss, ...]
    page_tag: Status
    activity: str
    activity_href: str
    counted: Status
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    evidence: str
    self_reported: bool
    adjusted: Adjusted | None = None
    captured: str = ""  # when the payload behind the hash was fetched


@dataclass(slots=True)
class ActivityLine:
    anchor: str
    label: str
    date: str
    title: str
    counted: Status
    posts: str  # 'Facebook 2 โพสต์ · เว็บไซต์ 1 โพสต์'
    why: str = ""  # why it does not count, when it does not
    why_href: str = ""  # its Facebook post's card
    adjusted: Adjusted | None = None


@dataclass
class ErrorLine:
    source: str  # 'Facebook (สพอ.เดชอุดม)', 'เพจ Facebook (id 1045…)', 'เว็บไซต์ (https://…)'
    plain: str
    original: str


@dataclass(frozen=True)
class LinkLine:
    href: str | None
    url: str
    label: str  # title or channel
    note: str  # why it is in this list, in Thai
    post_href: str = ""  # the post's card on this page, when it was found


@dataclass
class RecSection:
    symbol: str
    title_th: str
    title_en: str
    count: str
    items: list[LinkLine]


def reconciliation_reason(x: dict) -> str:
    """Why a reported link is listed, in Thai, from its code (older scorecards: their reason_th)."""
    if "params" in x and x.get("code"):
        return words.reason(x["code"], x.get("params"))
    return x.get("reason_th") or x.get("reason_en") or ""


def _reconciliation(d: dict, posts: dict[str, dict], anchors: dict[str, str], fmt: Fmt) -> list[RecSection] | None:
    """The three lists of reported and found links (present when a report sheet was imported);
    posts: the district's posts by key (post_key)."""
    rec = d.get("reconciliation")
    if rec is None:
        return None

    def line(x: dict, note: str) -> LinkLine:
        url = x.get("post_url") or x.get("url") or ""
        label = x.get("title") or channel_label(x.get("platform", ""))
        row = fmt.text(words.page("report_row", row=x["row"])) if x.get("row") else ""
        key = _post_key(x)
        return LinkLine(safe_href(url), url, label, row + fmt.text(note), f"#{anchors[key]}" if key in anchors else "")

    def problem(x: dict) -> LinkLine:
        note = reconciliation_reason(x)
        post = posts.get(_post_key(x))
        if x.get("code") == "not_counted":
            why = why_not_counted(post) if post else " · ".join(post_notes(x))
            note = f"{note}: {why}" if why else note
        return line(x, note)

    def unreported(x: dict) -> LinkLine:
        post = posts.get(_post_key(x))
        why = why_not_counted(post) if post and not x.get("counted") else ""
        if x.get("counted"):
            return line(x, COUNTED.text)
        return line(x, words.page("not_yet_compliant_why", why=why) if why else words.page("not_yet_compliant"))

    verified = [line(x, words.page("counted_from_report") if x.get("self_reported") else words.page("found_compliant"))
                for x in rec.get("verified", [])]
    problems = [problem(x) for x in rec.get("problems", [])]
    # LINE links the ruleset does not count (self_reported_platforms leaves LINE out)
    problems += [line(x, reconciliation_reason(x)) for x in rec.get("self_reported", [])]
    found = [unreported(x) for x in rec.get("unreported", [])]
    return [
        RecSection("✓", *words.PAGE["reported_verified"], fmt.num(len(verified)), verified),
        RecSection("✗", *words.PAGE["reported_problem"], fmt.num(len(problems)), problems),
        RecSection("?", *words.PAGE["found_unreported"], fmt.num(len(found)), found),
    ]


@dataclass
class DistrictPage:
    meta: PageMeta
    id: str
    name: str
    name_en: str
    verdict: Verdict
    sentence: str
    rules: list[RuleLine]
    weekdays: tuple[str, ...]
    calendar: list[CalendarDay]
    channels: str
    legend: str  # how to read the calendar: 'FB = Facebook · … · ✓ นับแล้ว · ✗ ไม่นับ'
    activities: list[ActivityLine]
    posts: list[PostCard]
    post_count: str
    errors: list[ErrorLine]
    notices: list[ErrorLine]  # channels collected, with something to say (e.g. a dead link)
    reconciliation: list[RecSection] | None = None
    machine: str = ""  # 'เครื่องตรวจ: ✗ ไม่ผ่าน' when the province's overrides changed the district's verdict


def _calendar(d: dict, month: Month, as_of: str | None, fmt: Fmt) -> list[CalendarDay]:
    per_day: dict[date, dict[tuple[str, bool], int]] = {}
    start, end = month.start, month.end
    for p in d.get("posts") or []:
        when = fmt.when(p.get("published_at"))
        if when and start <= when < end:
            bucket = per_day.setdefault(when.date(), {})
            key = (p.get("platform", ""), bool(p.get("counted")))
            bucket[key] = bucket.get(key, 0) + 1
    limit = fmt.when(as_of)
    days = _month_days(month)
    cells = [_BLANK_DAY] * ((days[0].weekday() + 1) % 7)
    for day in days:
        future = bool(limit) and day > limit.date()
        counts = per_day.get(day)
        cells.append(_calendar_day(day, _calendar_order(counts) if counts else (), future, fmt.thai_digits))
    return cells


_BLANK_DAY = CalendarDay("", (), "", "blank")


@lru_cache(maxsize=4096)
def _calendar_day(day: date, counts: tuple[tuple[tuple[str, bool], int], ...], future: bool,
                  thai_digits: bool) -> CalendarDay:
    """One day's cell from its (platform, counted) post counts: built once for all the districts
    whose posts that day were the same (most days of most districts: one or two posts). Keyed by
    the plain flag, not a Fmt, whose dataclass hash runs in Python for each of a month's cells."""
    fmt = Fmt(thai_digits)
    # a narrow cell may wrap before the symbol, never between the channel and its number
    entries = tuple(CalendarEntry(f"{channel_short(p)}\u00a0{fmt.num(n)} {'✓' if ok else '✗'}", "ok" if ok else "no")
                    for (p, ok), n in counts)
    spoken = ", ".join(words.page("calendar_posts", channel=channel_label(p), count=fmt.num(n),
                                  counted=(COUNTED if ok else NOT_COUNTED).text)
                       for (p, ok), n in counts) or words.page("no_posts")
    if entries:
        css = "has" if any(ok for (_, ok), _ in counts) else "uncounted"
    else:
        css = "future" if future else "none"
    return CalendarDay(fmt.num(day.day), entries, f"{_day_label(day, fmt.thai_digits)}: {spoken}", css)


@lru_cache(maxsize=64)
def _month_days(month: Month) -> tuple[date, ...]:
    return tuple(month.days())


def _calendar_order(counts: dict[tuple[str, bool], int]) -> tuple[tuple[tuple[str, bool], int], ...]:
    """(platform, counted) cells: channel order, counted before not counted."""
    if len(counts) == 1:  # most days with posts: nothing to order
        return tuple(counts.items())
    return tuple(sorted(counts.items(), key=lambda kv: (*_channel_rank(kv[0][0]), not kv[0][1])))


def _legend(d: dict) -> str:
    platforms = {p.get("platform", "") for p in d.get("posts") or []}
    if not platforms:
        return ""
    codes = [f"{channel_short(p)} = {channel_label(p)}" for p, _ in _platform_order(dict.fromkeys(platforms, 1))]
    marks = [f"{status.symbol} {status.text}" for status in (COUNTED, NOT_COUNTED)]
    return " · ".join(codes + [words.page("calendar_count"), *marks])


def _graphemes(text: str) -> list[str]:
    return regex.findall(r"\X", text or "")


def _near_miss(n: dict) -> NearMiss:
    """A near miss with the differing characters marked, so a phone reader sees the difference."""
    return _marked_near_miss(n.get("found", ""), n.get("expected", ""), n.get("reason", ""))


@lru_cache(maxsize=4096)
def _marked_near_miss(found: str, expected: str, reason: str) -> NearMiss:
    """_near_miss of one (found, expected, reason): the same misspelling recurs across posts,
    and its marking (a grapheme diff) is worked out once."""
    advice = words.near_miss_advice(reason)
    if found == expected:
        return NearMiss((Part(found, False),), (Part(expected, False),), True, advice)
    a, b = _graphemes(found), _graphemes(expected)
    fparts, eparts, changes = [], [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        x, y = "".join(a[i1:i2]), "".join(b[j1:j2])
        if x:
            fparts.append(Part(x, op != "equal"))
        if y:
            eparts.append(Part(y, op != "equal"))
        if op == "replace":
            changes.append(words.page("diff_instead", wrote=x, wanted=y))
        elif op == "delete":
            changes.append(words.page("diff_extra", wrote=x))
        elif op == "insert":
            changes.append(words.page("diff_missing", wanted=y))
    if reason in ("typo", "truncated", "abbreviation") and changes:
        advice = f"{advice}: {', '.join(changes)}"
    return NearMiss(tuple(fparts), tuple(eparts), False, advice)


def _post_card(p: dict, anchor: str, acts: dict[str, tuple[str, str]], d: dict, fmt: Fmt,
               district: dict[str, str]) -> PostCard:
    """One post's card; district maps the district's id to its name (for an override's wording)."""
    get = p.get
    platform, kind, activity_id, counted = get("platform", ""), get("kind"), get("activity_id"), get("counted")
    act_label, act_anchor = acts.get(activity_id or "", ("", ""))
    if activity_id and not act_label:
        act_label = activity_id
    # most posts have no near miss, no unlinked tag, no warning: nothing to work out for them
    near = unique_near_misses(p) if get("near_misses") else []
    unlinked = get("unlinked")
    if unlinked and near:
        shown = {n.get("found") for n in near}
        unlinked = [t for t in unlinked if t not in shown]
    day, time = _post_time(get("published_at"), fmt)
    return PostCard(
        anchor=anchor,
        date=day,
        time=time,
        channel=channel_label(platform),
        account=account_label(platform, get("account") or "", get("account_name") or "",
                              district_name=d.get("name", ""), self_reported=bool(get("self_reported"))),
        href=safe_href(get("url")),
        url=get("url", ""),
        kind=KINDS.get(kind, (get("kind", ""), ""))[0],
        excerpt=get("excerpt", ""),
        hashtags=tuple(get("hashtags") or ()),
        missing_hashtags=tuple(get("missing_hashtags") or ()),
        unlinked=tuple(unlinked or ()),
        near_misses=tuple(map(_near_miss, near)),
        page_tag=page_tag_status(get("page_tagged"), kind, platform),
        activity=act_label,
        activity_href=f"#{act_anchor}" if act_anchor else "",
        counted=COUNTED if counted else NOT_COUNTED,
        reasons=tuple([fmt.text(r) for r in _card_reasons(p, near)]) if not counted else (),
        warnings=tuple([fmt.text(str(w)) for w in get("warnings")]) if get("warnings") else (),
        evidence=get("evidence_sha256") or "",
        self_reported=bool(get("self_reported")),
        adjusted=adjusted_item(p, fmt, district) if "override" in p else None,
        captured=fmt.datetime(p["evidence_fetched_at"]) if get("evidence_fetched_at") else "",
    )


def _post_time(published, fmt: Fmt) -> tuple[str, str]:
    """A card's date and time of day ('14 ก.พ. 2568', '09:30 น.')."""
    if isinstance(published, str):
        return _stamp_labels(published, fmt.thai_digits, fmt.tz)
    return fmt.date(published), fmt.time(published)


@lru_cache(maxsize=1 << 16)
def _stamp_labels(published: str, thai_digits: bool, tz: ZoneInfo) -> tuple[str, str]:
    """_post_time of one timestamp, worked out once (posts share their minutes; the parsed time is
    _local_time's, which the calendar and the cards' order read too)."""
    when = _local_time(published, tz)
    if when is None:
        return Fmt(thai_digits, tz).date(published), ""
    return _day_label(when.date(), thai_digits), _clock_label(when.hour, when.minute, thai_digits)


def _card_reasons(p: dict, near: list[dict]) -> list[str]:
    """Why a post did not count, for its card: each near miss is shown (marked) in its own row,
    so here it is only counted, and a tag written but glued or misspelt is not called missing."""
    reasons = []
    if "page_tag" in post_problems(p):
        reasons.append(words.page("page_not_tagged"))
    missing = _unexplained_missing(p, near)
    if missing:
        reasons.append(words.page("missing_tags", list=" ".join(missing)))
    if near:
        reasons.append(words.page("tags_misspelt", count=len(near)))
    # what the rows above already say: the missing tags, the page tag, each near miss
    said = ("missing_hashtags",) * ("missing_hashtags" in p) + ("page_not_tagged",) * (p.get("page_tagged") is False)
    return reasons + post_notes(p, leave_out=(*said, "near_miss"))


def _activities(d: dict, posts: dict[str, dict], anchors: dict[str, str],
                fmt: Fmt) -> tuple[list[ActivityLine], dict[str, tuple[str, str]]]:
    """The district's activity lines, and activity id → (label, anchor) for the post cards.
    posts: the district's posts by key (post_key)."""
    lines, index = [], {}
    for i, a in enumerate(d.get("activities") or [], start=1):
        label, anchor = fmt.text(words.page("activity_n", n=i)), f"{d['district']}-act-{i}"
        day = fmt.date(a["date"]) if a.get("date") else ""
        index[a.get("activity_id", "")] = (f"{label} · {day}" if day else label, anchor)
        counted = a.get("counted", True)
        line = ActivityLine(
            anchor=anchor,
            label=label,
            date=day,
            title=a.get("title", ""),
            counted=COUNTED if counted else NOT_COUNTED,
            posts=_activity_channels(a, fmt),
            adjusted=adjusted_item(a, fmt) if "override" in a else None,
        )
        if not counted:
            line.why, line.why_href = _activity_why(a, posts, anchors, fmt)
        lines.append(line)
    return lines, index


def _activity_channels(activity: dict, fmt: Fmt) -> str:
    """'Facebook 2 โพสต์ · เว็บไซต์ 1 โพสต์': each channel once, with its number of posts."""
    counts: dict[str, int] = {}
    for ref in activity.get("posts") or []:
        platform = str(ref).split(":", 1)[0]
        counts[platform] = counts.get(platform, 0) + 1
    return _channel_posts(tuple(counts.items()), fmt.thai_digits)


@lru_cache(maxsize=1024)
def _channel_posts(counts: tuple[tuple[str, int], ...], thai_digits: bool) -> str:
    """_activity_channels of one set of counts: a month's activities have a few dozen of them."""
    fmt = Fmt(thai_digits)
    return " · ".join(words.page("channel_posts", channel=channel_label(p), count=fmt.num(n))
                      for p, n in _platform_order(dict(counts)))


def _activity_why(activity: dict, posts: dict[str, dict], anchors: dict[str, str], fmt: Fmt) -> tuple[str, str]:
    best = advice.closest_post(activity, posts)
    if best is None:
        return words.page("no_tagged_facebook"), ""
    why = why_not_counted(posts[best])
    said = words.page("facebook_not_counted_why", why=why) if why else words.page("facebook_not_counted")
    return fmt.text(said), f"#{anchors[best]}" if best in anchors else ""


def _post_order(p: dict) -> tuple[str, str, str]:
    """Cards in time order (Bangkok), then by channel and post id."""
    return _date_key(p.get("published_at")), p.get("platform", ""), str(p.get("post_id", ""))


def _date_key(iso: str | None) -> str:
    if not iso:
        return ""
    if isinstance(iso, str):
        return _stamp_key(iso)
    return str(iso)


@lru_cache(maxsize=1 << 16)
def _stamp_key(iso: str) -> str:
    """A timestamp's sort key: its Bangkok time in ISO form (the text itself when it is not one)."""
    when = _local_time(iso, BANGKOK)
    return when.isoformat() if when else iso


def channel_note_text(item: dict) -> str:
    """What to know about a channel that WAS collected, in plain Thai: never worded as a failure."""
    return words.channel_notes(words.notes_of(item.get("notes"))) or words.UNKNOWN_NOTE[0]


def _error_lines(items: list[dict], names: dict[str, str], plain) -> list[ErrorLine]:
    return [ErrorLine(_source(e.get("platform", ""), e.get("account", ""), names.get(e.get("account", ""), "")),
                      plain(e), e.get("message", "")) for e in items or []]


def build_district(sc: dict, d: dict, *, months_present=(), thai_digits: bool = False, root: str = "../") -> DistrictPage:
    """One district's page: banner sentence, rules, calendar strip, activities, every post, errors."""
    fmt = Fmt(thai_digits)
    month = parse_month(sc["month"])
    by_key = {_post_key(p): p for p in d.get("posts") or []}
    posts = sorted(d.get("posts") or [], key=_post_order)
    keys = [_post_key(p) for p in posts]
    anchors = {key: f"{d['district']}-post-{i}" for i, key in enumerate(keys, start=1)}
    activities, act_index = _activities(d, by_key, anchors, fmt)
    names = account_names({"districts": [d]})
    district = {d["district"]: d.get("name", "")}
    links = _month_links(str(month), months_present, fmt, f"districts/{d['district']}.html", "../" + root)
    return DistrictPage(
        meta=_meta(sc, fmt, words.page("district_title", name=d["name"], month_label=fmt.month(month)), root, links),
        id=d["district"],
        name=d["name"],
        name_en=d.get("name_en", ""),
        verdict=words.shown_verdict(d),
        sentence=missing_sentence(d, fmt),
        rules=[_rule_line(r, d, names, fmt) for r in d.get("rules") or []],
        weekdays=WEEKDAYS_TH,
        calendar=_calendar(d, month, sc.get("as_of"), fmt),
        channels=channel_summary(d, fmt),
        activities=activities,
        posts=[_post_card(p, anchors[key], act_index, d, fmt, district) for p, key in zip(posts, keys)],
        legend=_legend(d),
        post_count=fmt.num(len(posts)),
        errors=[replace(e, plain=fmt.text(e.plain)) for e in _error_lines(d.get("errors"), names, advice.status_cause)],
        notices=[replace(e, plain=fmt.text(e.plain)) for e in _error_lines(d.get("warnings"), names, channel_note_text)],
        reconciliation=_reconciliation(d, by_key, anchors, fmt),
        machine=_machine_district(d),
    )


def _machine_district(d: dict) -> str:
    """The machine's verdict for the district when the province's overrides changed it."""
    o = d.get("override")
    if not isinstance(o, dict) or o.get("machine_verdict") in (None, d.get("verdict")):
        return ""
    return words.machine_verdict(o["machine_verdict"])


def rule_detail(r: dict, names: dict[str, str]) -> str:
    """What a rule's check saw, and the channels whose collection leaves it undecided (by page name)."""
    if not r.get("detail_note"):
        return r.get("detail", "")
    text = words.detail(Note.from_dict(r["detail_note"]))
    blocked = [_channel_name(b.get("platform", ""), b.get("account", ""), names) for b in r.get("blocked") or []]
    return text + words.fill(words.BLOCKED, {"channels": ", ".join(blocked)}) if blocked else text


def _channel_name(platform: str, account: str, names: dict[str, str]) -> str:
    """'Facebook (สพอ.เดชอุดม)', 'เพจ Facebook (id …)': a channel by its page's name where known."""
    return _source(platform, account, names.get(account, ""))


def rule_missing(r: dict, d: dict, names: dict[str, str]) -> str:
    """'ยังขาด: …' for a failed rule's to-do, what happened for a fact, a due to-do for an undecided rule."""
    kind = advice.todo_kind(r)
    if r.get("verdict") == "fail" or r.get("progress") == "behind":
        phrase = advice.missing_phrase(r, d)
        return phrase if kind == "fact" else words.page("still_missing", phrase=phrase)
    if r.get("verdict") == "unknown" and kind == "todo":
        return words.page("must", phrase=advice.join(advice.todo_phrases(r, d)))
    if advice.not_configured(r):  # the fix is the province's: say it on the rule itself
        return advice.join(advice.todo_phrases(r, d))
    return ""


def _rule_line(r: dict, d: dict, names: dict[str, str], fmt: Fmt) -> RuleLine:
    v = words.shown_verdict(r)
    return RuleLine(
        title_th=fmt.text(r.get("title_th") or r.get("rule", "")),
        title_en=r.get("title_en", ""),
        verdict=v,
        observed=fmt.num(r.get("observed")),
        required=fmt.num(r.get("required")),
        detail=fmt.text(rule_detail(r, names)),
        missing=fmt.text(rule_missing(r, d, names)),
        adjusted=adjusted_rule(r, fmt, {d["district"]: d.get("name", "")}),
    )
