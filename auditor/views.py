"""View models for the HTML report, built from a scorecards dict (scorecards.schema.json).

Templates receive these dataclasses and compute nothing: every label, number, date and link
is prepared here, already in Thai (English secondary) and with Thai digits when asked.
Only the contract's required fields are relied on; every other field is read with a default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from auditor.models import PLATFORM_TH
from auditor.reconcile import REASONS
from auditor.period import BANGKOK, THAI_MONTHS_SHORT, Month, parse_month, parse_timestamp, thai_date, to_thai_digits

TREND_MONTHS = 6
WEEKDAYS_TH = ("อา", "จ", "อ", "พ", "พฤ", "ศ", "ส")  # Sunday first, as Thai wall calendars


# ---------------------------------------------------------------- labels


@dataclass(frozen=True)
class Verdict:
    """A verdict as shown: a symbol and words, so colour is never the only signal."""

    code: str
    symbol: str
    th: str
    en: str

    @property
    def css(self) -> str:
        return f"v-{self.code}"


VERDICTS = {
    "pass": Verdict("pass", "✓", "ผ่าน", "Pass"),
    "fail": Verdict("fail", "✗", "ไม่ผ่าน", "Fail"),
    "incomplete": Verdict("incomplete", "?", "ข้อมูลไม่ครบ", "Incomplete"),
    "unknown": Verdict("unknown", "?", "ตรวจไม่ได้", "Could not check"),
    "none": Verdict("none", "–", "ไม่มีข้อมูล", "No data"),
}

# platform id → (label, short code for the calendar); labels are the engine's (models.PLATFORM_TH)
_SHORT = {"facebook": "FB", "website": "เว็บ", "youtube": "YT", "tiktok": "TT", "instagram": "IG",
          "line": "LINE", "x": "X", "other": "อื่น"}
CHANNELS = {p: (PLATFORM_TH[p], _SHORT[p]) for p in PLATFORM_TH}

KINDS = {
    "promotion": ("โพสต์ประชาสัมพันธ์", "Promotion"),
    "activity": ("โพสต์กิจกรรม", "Activity"),
    "unrelated": ("ไม่เกี่ยวกับ Click ชุมชน", "Unrelated"),
}

NEAR_MISS_REASONS = {
    "typo": "สะกดผิด",
    "split": "มีช่องว่างคั่นกลาง",
    "glued": "เขียนติดกับคำหรือแฮชแท็กอื่น",
    "unlinked": "ไม่เป็นลิงก์แฮชแท็ก",
    "truncated": "เขียนไม่ครบ",
    "abbreviation": "ย่อด้วย ฯ แทนการเขียนเต็ม",
}

# Substrings of collector messages (lower-cased) → the same cause in plain Thai words.
ERROR_CAUSES = (
    (("dead link",), "ลิงก์โพสต์เปิดไม่ได้ (ถูกลบ ตั้งเป็นส่วนตัว หรือพิมพ์ผิด) จึงไม่นับ"),
    (("only the latest 15",), "ฟีดแสดงได้เฉพาะ 15 วิดีโอล่าสุด อาจมีวิดีโอของเดือนนี้ที่ตรวจไม่ถึง"),
    (("expired", "session has expired"), "สิทธิ์เข้าถึงข้อมูลหมดอายุ ต้องขอสิทธิ์ใหม่จากผู้ดูแลเพจ"),
    (("rate limit", "too many", "429", "quota"), "แพลตฟอร์มจำกัดจำนวนครั้งที่อ่านข้อมูล อ่านได้ไม่ครบ ต้องลองใหม่ภายหลัง"),
    (("invalid token", "invalid oauth", "access token"), "สิทธิ์เข้าถึงข้อมูลใช้ไม่ได้ ต้องขอสิทธิ์ใหม่จากผู้ดูแลเพจ"),
    (("permission", "forbidden", "403", "not authorized"), "ไม่ได้รับอนุญาตให้อ่านข้อมูลของบัญชีนี้"),
    (("not found", "404", "does not exist"), "ไม่พบบัญชีหรือหน้านี้ ตรวจสอบที่อยู่ที่ตั้งค่าไว้"),
    (("timed out", "timeout"), "เชื่อมต่อนานเกินไปจนหมดเวลา"),
    (("connection", "dns", "unreachable", "ssl"), "เชื่อมต่อกับแพลตฟอร์มไม่ได้"),
    (("500", "502", "503", "server error", "temporary problem", "retryaftertoolong"),
     "ระบบปลายทางขัดข้องชั่วคราว ต้องลองใหม่ภายหลัง"),
)

_THAI = re.compile(r"[\u0E00-\u0E7F]")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def channel_label(platform: str) -> str:
    return CHANNELS.get(platform, (platform or "?", platform or "?"))[0]


def channel_short(platform: str) -> str:
    return CHANNELS.get(platform, (platform or "?", platform or "?"))[1]


def verdict(code: str | None) -> Verdict:
    return VERDICTS.get(code or "none", VERDICTS["unknown"])


def safe_href(url: str | None) -> str | None:
    """The URL when a browser may follow it (http or https with a host), otherwise None.

    Anything else (javascript:, data:, relative paths, URLs with spaces or control
    characters that browsers would silently strip) is shown as text, never linked.
    """
    if not isinstance(url, str) or not url or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def plain_error(message: str) -> str:
    """A collector message in plain Thai; Thai messages pass through unchanged."""
    if _THAI.search(message or ""):
        return message
    low = (message or "").lower()
    for needles, thai in ERROR_CAUSES:
        if any(n in low for n in needles):
            return thai
    return "เก็บข้อมูลจากช่องทางนี้ไม่สำเร็จ"


# ---------------------------------------------------------------- formatting


@dataclass(frozen=True)
class Fmt:
    """Number and date formatting for one rendering (Thai digits optional, local time zone)."""

    thai_digits: bool = False
    tz: ZoneInfo = BANGKOK

    def text(self, value: str) -> str:
        return to_thai_digits(value) if self.thai_digits else value

    def num(self, value) -> str:
        if value is None or value == "":
            return "–"
        if isinstance(value, (list, tuple, set)):
            value = len(value)
        return self.text(str(value))

    def when(self, iso: str | None) -> datetime | None:
        try:
            return parse_timestamp(iso).astimezone(self.tz) if iso else None
        except (ValueError, AttributeError, TypeError):
            return None

    def date(self, iso: str | None) -> str:
        """'14 ก.พ. 2568' from an RFC 3339 timestamp or a plain 'YYYY-MM-DD' date."""
        when = self.when(iso)
        if when is None:
            try:
                when = date.fromisoformat(str(iso))
            except ValueError:
                return iso or "–"
        return thai_date(when, self.tz, thai_digits=self.thai_digits)

    def time(self, iso: str | None) -> str:
        when = self.when(iso)
        return self.text(f"{when:%H:%M} น.") if when else ""

    def datetime(self, iso: str | None) -> str:
        when = self.when(iso)
        return f"{self.date(iso)} {self.time(iso)}" if when else (iso or "–")

    def month(self, month: Month) -> str:
        return self.text(month.thai_label)

    def month_short(self, month: Month) -> str:
        """'ก.พ.' (the trend's column; the full label goes in the hover title)."""
        return THAI_MONTHS_SHORT[month.month - 1]


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
        note = f"ข้อมูล ณ {fmt.datetime(as_of)} — เดือนยังไม่สิ้นสุด ผลอาจเปลี่ยนได้"
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
    v = verdict(rule.get("verdict"))
    observed, required = rule.get("observed"), rule.get("required")
    # Counts read as '3/2'; a date or a missing figure is shown alone (the deadline is in the title).
    text = f"{fmt.num(observed)}/{fmt.num(required)}" if isinstance(required, int) else fmt.num(observed)
    return RuleCell(v, text, f"{column.title_th}: {v.th} ({text})", column.short_th)


# ---------------------------------------------------------------- the missing-sentence


def _count_needed(rule: dict) -> int | None:
    try:
        return max(int(rule.get("required")) - int(rule.get("observed")), 1)
    except (TypeError, ValueError):
        return None


def _other_platforms(rule: dict) -> str:
    names = [channel_label(p) for p in rule.get("platforms") or []]
    if len(names) > 1:
        return "ในช่องทางอื่นที่ไม่ใช่ " + ", ".join(names[:-1]) + " หรือ " + names[-1]
    return "ในช่องทางอื่นที่ไม่ใช่ " + names[0] if names else "ในช่องทางอื่นอีกช่องทาง"


def _missing_phrase(rule: dict) -> str:
    """What is still missing for one failed rule, without the leading 'ต้อง'.

    Known rules are phrased here from their numbers so the sentence reads the same for
    every district; other rules use the engine's missing_th.
    """
    n, rid = _count_needed(rule), rule.get("rule", "")
    if rid == "promotion-posts" and n:
        return f"โพสต์ประชาสัมพันธ์เพิ่มอีก {n} ครั้ง"
    if rid == "promotion-channels" and n:
        if not rule.get("platforms"):
            return f"โพสต์ประชาสัมพันธ์ใน {rule.get('required')} ช่องทางที่ต่างกัน"
        return f"โพสต์เพิ่มอีก {n} ครั้ง {_other_platforms(rule)}"
    if rid == "activity-count" and n:
        return f"จัดกิจกรรมเพิ่มอีก {n} กิจกรรม"
    given = (rule.get("missing_th") or "").strip()
    if given:
        return given.removeprefix("ต้อง").strip()
    return f"ทำให้ผ่านเกณฑ์ “{rule.get('title_th') or rid}”"


def _promotion_phrase(posts: dict, channels: dict) -> str:
    """Both promotion rules failed: one post on a new channel can fix both, so say it once."""
    try:
        n_posts = int(posts.get("required")) - int(posts.get("observed"))
        n_channels = int(channels.get("required")) - int(channels.get("observed"))
    except (TypeError, ValueError):
        return " ".join(_missing_phrase(r) for r in (posts, channels))
    total = max(n_posts, n_channels, 1)
    if not channels.get("platforms"):
        return f"โพสต์ประชาสัมพันธ์เพิ่มอีก {total} ครั้ง ใน {channels.get('required')} ช่องทางที่ต่างกัน"
    where = _other_platforms(channels)
    if total > n_channels:
        return f"โพสต์ประชาสัมพันธ์เพิ่มอีก {total} ครั้ง โดยอย่างน้อย {max(n_channels, 1)} ครั้ง{where}"
    return f"โพสต์ประชาสัมพันธ์เพิ่มอีก {total} ครั้ง {where}"


def _unchecked(district: dict) -> list[tuple[str, str]]:
    """(channel, plain cause) for each channel that could not be collected."""
    out: dict[str, str] = {}
    for err in district.get("errors") or []:
        out.setdefault(channel_label(err.get("platform", "")), plain_error(err.get("message", "")))
    for st in district.get("channel_status") or []:
        if st.get("status") in ("error", "partial"):
            out.setdefault(channel_label(st.get("platform", "")), plain_error(st.get("message", "")))
    return list(out.items())


def _join_th(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return " ".join(parts[:-1]) + " และ" + parts[-1]


def missing_sentence(district: dict, fmt: Fmt) -> str:
    """ONE Thai sentence: what the district still has to do this month (or why we cannot tell)."""
    rules = district.get("rules") or []
    failed = {r.get("rule"): r for r in rules if r.get("verdict") == "fail"}
    phrases = []
    if "promotion-posts" in failed and "promotion-channels" in failed:
        phrases.append(_promotion_phrase(failed.pop("promotion-posts"), failed.pop("promotion-channels")))
    phrases += [_missing_phrase(r) for r in rules if r.get("rule") in failed]
    sentence = "ต้อง" + _join_th(phrases) if phrases else ""
    unchecked = _unchecked(district)
    unknown = any(r.get("verdict") == "unknown" for r in rules)
    if unknown or (district.get("verdict") == "incomplete" and unchecked):
        tail = _unknown_tail(unchecked, [r for r in rules if r.get("verdict") == "unknown"])
        sentence = f"{sentence} ส่วนข้ออื่นยังสรุปไม่ได้ เพราะ{tail}" if sentence else f"ยังสรุปผลไม่ได้ เพราะ{tail}"
    if not sentence:
        sentence = "ทำครบทุกเกณฑ์ของเดือนนี้แล้ว"
    if district.get("days_left") is not None and district.get("verdict") != "pass":
        sentence += f" (เหลือเวลาอีก {district['days_left']} วันในเดือนนี้)"
    return fmt.text(sentence)


def _unknown_tail(unchecked: list[tuple[str, str]], unknown_rules: list[dict]) -> str:
    """Why some rules cannot be decided: a channel that could not be read, or data not in yet."""
    if len(unchecked) == 1:
        return f"ตรวจสอบ {unchecked[0][0]} ไม่ได้ ({unchecked[0][1]})"
    if unchecked:
        return f"ตรวจสอบ {' และ '.join(c for c, _ in unchecked)} ไม่ได้"
    names = [r.get("short_th") or r.get("title_th") or r.get("rule", "") for r in unknown_rules]
    return f"ยังไม่มีข้อมูลเรื่อง{' และ'.join(names)}" if names else "ข้อมูลบางส่วนยังไม่ครบ"


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
    warnings: list[str] = field(default_factory=list)  # about the data itself (e.g. the seed's totals)


def channel_summary(district: dict, fmt: Fmt) -> str:
    """'Facebook 3 · เว็บไซต์ 1' from the counted posts per platform (or all posts when absent)."""
    return " · ".join(channel_counts(district, fmt)) or "ไม่มีโพสต์"


def channel_counts(district: dict, fmt: Fmt) -> list[str]:
    """['Facebook 3', 'เว็บไซต์ 1']."""
    counts = district.get("channels")
    if counts is None:
        counts = {}
        for p in district.get("posts") or []:
            counts[p.get("platform", "")] = counts.get(p.get("platform", ""), 0) + 1
    return [f"{channel_label(p)} {fmt.num(n)}" for p, n in _platform_order(counts) if n]


def _platform_order(counts: dict) -> list[tuple[str, int]]:
    order = list(CHANNELS)
    return sorted(counts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))


def _activity_summary(district: dict, fmt: Fmt) -> str:
    """'พบ 2 · นับได้ 1' (activities found this month, and those that count)."""
    acts = district.get("activities") or []
    counted = sum(1 for a in acts if a.get("counted", True))
    if not acts:
        return "ไม่พบ"
    return f"พบ {fmt.num(len(acts))} · นับได้ {fmt.num(counted)}"


def _trend(district_id: str, month: Month, current: str, history: dict, fmt: Fmt) -> list[TrendCell]:
    months = [month]
    for _ in range(TREND_MONTHS - 1):
        months.insert(0, months[0].previous())
    cells = []
    for m in months:
        if m == month:
            code = current
        else:
            sc = history.get(str(m)) or {}
            code = next((d.get("verdict") for d in sc.get("districts", []) if d.get("district") == district_id), None)
        v = verdict(code)
        cells.append(TrendCell(fmt.month_short(m), f"{fmt.month(m)}: {v.th}", v))
    return cells


def build_overview(sc: dict, *, history: dict | None = None, months_present=(), thai_digits: bool = False) -> Overview:
    """The province overview page: one row per district, counts, trend and other months."""
    fmt = Fmt(thai_digits)
    month = parse_month(sc["month"])
    history = {k: v for k, v in (history or {}).items() if k < str(month)}
    columns = rule_columns(sc)
    rows = []
    for d in sc.get("districts", []):
        by_rule = {r.get("rule"): r for r in d.get("rules") or []}
        n_err = len(d.get("errors") or [])
        rows.append(DistrictRow(
            id=d["district"],
            name=d["name"],
            name_en=d.get("name_en", ""),
            href=f"districts/{d['district']}.html",
            verdict=verdict(d["verdict"]),
            cells=[_rule_cell(by_rule.get(c.rule), c, fmt) for c in columns],
            channels=channel_counts(d, fmt) or ["ไม่มีโพสต์"],
            activities=_activity_summary(d, fmt),
            errors=fmt.num(n_err) if n_err else "–",
            has_errors=bool(n_err),
            trend=_trend(d["district"], month, d["verdict"], history, fmt) if history else [],
            missing=missing_sentence(d, fmt),
        ))
    tally = {code: sum(1 for d in sc.get("districts", []) if d["verdict"] == code) for code in ("pass", "fail", "incomplete")}
    n_posts = sum(len(d.get("posts") or []) for d in sc.get("districts", []))
    unattributed = sc.get("unattributed") or []
    totals = f"{fmt.num(len(rows))} อำเภอ · โพสต์ที่ตรวจ {fmt.num(n_posts)} โพสต์"
    if unattributed:
        totals += f" · ระบุอำเภอไม่ได้ {fmt.num(len(unattributed))} โพสต์"
    return Overview(
        meta=_meta(sc, fmt, f"ผลการตรวจ Click ชุมชน {fmt.month(month)}", "", _month_links(str(month), months_present, fmt, "index.html", "../")),
        province="จังหวัดอุบลราชธานี",
        counts=[CountBox(VERDICTS[c], fmt.num(n)) for c, n in tally.items()],
        totals=totals,
        columns=columns,
        rows=rows,
        trend_labels=[c.label for c in rows[0].trend] if rows and history else [],
        unattributed=[_unattributed(u, fmt) for u in unattributed],
        warnings=list(sc.get("warnings") or []),
    )


def _unattributed(u: dict, fmt: Fmt) -> UnattributedPost:
    return UnattributedPost(
        date=fmt.date(u.get("published_at")),
        channel=channel_label(u.get("platform", "")),
        href=safe_href(u.get("url")),
        url=u.get("url", ""),
        reason=u.get("reason", ""),
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
    missing: str


@dataclass
class CalendarDay:
    day: str  # '' for the blank cells before day 1
    entries: list[str]  # 'FB 2'
    label: str  # for screen readers: '14 ก.พ. 2568: Facebook 2 โพสต์'
    css: str  # 'blank', 'has', 'none', 'future'


@dataclass
class Status:
    symbol: str
    text: str
    css: str


@dataclass
class NearMiss:
    found: str
    expected: str
    reason: str


@dataclass
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
    hashtags: list[str]
    missing_hashtags: list[str]
    unlinked: list[str]
    near_misses: list[NearMiss]
    page_tag: Status
    activity: str
    activity_href: str
    counted: Status
    reasons: list[str]
    warnings: list[str]
    evidence: str
    self_reported: bool


@dataclass
class ActivityLine:
    anchor: str
    label: str
    date: str
    title: str
    counted: Status
    posts: list[str]  # 'Facebook', 'เว็บไซต์'


@dataclass
class ErrorLine:
    channel: str
    account: str
    plain: str
    original: str


@dataclass(frozen=True)
class LinkLine:
    href: str | None
    url: str
    label: str  # title or channel
    note: str  # why it is in this list, in Thai


@dataclass
class Reconciliation:
    verified: list[LinkLine]
    problems: list[LinkLine]
    unreported: list[LinkLine]


def _reconciliation(d: dict) -> Reconciliation | None:
    """The three lists of reported and found links (present when a report sheet was imported)."""
    rec = d.get("reconciliation")
    if rec is None:
        return None

    def line(x: dict, note: str) -> LinkLine:
        url = x.get("post_url") or x.get("url") or ""
        label = x.get("title") or channel_label(x.get("platform", ""))
        row = f"แถว {x['row']} · " if x.get("row") else ""
        return LinkLine(safe_href(url), url, label, row + note)

    problems = [line(x, x.get("reason_th") or x.get("reason_en") or "") for x in rec.get("problems", [])]
    # LINE links the ruleset does not count (self_reported_platforms leaves LINE out)
    problems += [line(x, REASONS["self_reported"][0]) for x in rec.get("self_reported", [])]
    return Reconciliation(
        verified=[line(x, "นับจากรายงานของอำเภอ (LINE ตรวจอัตโนมัติไม่ได้)" if x.get("self_reported") else "ตรวจพบและผ่านเกณฑ์")
                  for x in rec.get("verified", [])],
        problems=problems,
        unreported=[line(x, "นับแล้ว" if x.get("counted") else "ยังไม่ผ่านเกณฑ์") for x in rec.get("unreported", [])],
    )


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
    legend: list[tuple[str, str]]  # (short code, channel name) for the calendar
    activities: list[ActivityLine]
    posts: list[PostCard]
    post_count: str
    errors: list[ErrorLine]
    notices: list[ErrorLine]  # channels collected, with something to say (e.g. a dead link)
    reconciliation: Reconciliation | None = None


def _calendar(d: dict, month: Month, as_of: str | None, fmt: Fmt) -> list[CalendarDay]:
    per_day: dict[date, dict[str, int]] = {}
    for p in d.get("posts") or []:
        when = fmt.when(p.get("published_at"))
        if when and month.contains(when):
            bucket = per_day.setdefault(when.date(), {})
            bucket[p.get("platform", "")] = bucket.get(p.get("platform", ""), 0) + 1
    limit = fmt.when(as_of)
    days = month.days()
    cells = [CalendarDay("", [], "", "blank") for _ in range((days[0].weekday() + 1) % 7)]
    for day in days:
        counts = _platform_order(per_day.get(day, {}))
        entries = [f"{channel_short(p)} {fmt.num(n)}" for p, n in counts]
        spoken = ", ".join(f"{channel_label(p)} {fmt.num(n)} โพสต์" for p, n in counts) or "ไม่มีโพสต์"
        css = "has" if entries else ("future" if limit and day > limit.date() else "none")
        cells.append(CalendarDay(fmt.num(day.day), entries, f"{thai_date(day, thai_digits=fmt.thai_digits)}: {spoken}", css))
    return cells


def _legend(d: dict) -> list[tuple[str, str]]:
    platforms = {p.get("platform", "") for p in d.get("posts") or []}
    return [(channel_short(p), channel_label(p)) for p, _ in _platform_order(dict.fromkeys(platforms, 1))]


def _page_tag(value, kind: str | None, platform: str | None) -> Status:
    if value is True:
        return Status("✓", "แท็กเพจ Click ชุมชนแล้ว", "ok")
    if kind != "activity" and (value is False or platform == "facebook"):
        return Status("–", "ไม่ได้แท็กเพจ (โพสต์ประชาสัมพันธ์ไม่บังคับแท็ก)", "na")
    if value is False:
        return Status("✗", "ไม่ได้แท็กเพจ Click ชุมชน", "bad")
    return Status("–", "ช่องทางนี้ไม่มีการแท็กเพจ", "na")


def _post_card(p: dict, anchor: str, acts: dict[str, tuple[str, str]], fmt: Fmt) -> PostCard:
    kind = KINDS.get(p.get("kind"), (p.get("kind", ""), ""))[0]
    act_label, act_anchor = acts.get(p.get("activity_id") or "", ("", ""))
    if p.get("activity_id") and not act_label:
        act_label = p["activity_id"]
    counted = p.get("counted")
    reasons = list(p.get("notes") or [])
    return PostCard(
        anchor=anchor,
        date=fmt.date(p.get("published_at")),
        time=fmt.time(p.get("published_at")),
        channel=channel_label(p.get("platform", "")),
        account=p.get("account_name") or p.get("account") or "",
        href=safe_href(p.get("url")),
        url=p.get("url", ""),
        kind=kind,
        excerpt=p.get("excerpt", ""),
        hashtags=list(p.get("hashtags") or []),
        missing_hashtags=list(p.get("missing_hashtags") or []),
        unlinked=list(p.get("unlinked") or []),
        near_misses=[
            NearMiss(n.get("found", ""), n.get("expected", ""), NEAR_MISS_REASONS.get(n.get("reason", ""), ""))
            for n in p.get("near_misses") or []
        ],
        page_tag=_page_tag(p.get("page_tagged"), p.get("kind"), p.get("platform")),
        activity=act_label,
        activity_href=f"#{act_anchor}" if act_anchor else "",
        counted=Status("✓", "นับแล้ว", "ok") if counted else Status("✗", "ไม่นับ", "bad"),
        reasons=reasons if not counted else [],
        warnings=list(p.get("warnings") or []),
        evidence=p.get("evidence_sha256") or "",
        self_reported=bool(p.get("self_reported")),
    )


def _activities(d: dict, fmt: Fmt) -> tuple[list[ActivityLine], dict[str, tuple[str, str]]]:
    lines, index = [], {}
    for i, a in enumerate(d.get("activities") or [], start=1):
        label, anchor = fmt.text(f"กิจกรรมที่ {i}"), f"{d['district']}-act-{i}"
        index[a.get("activity_id", "")] = (f"{label} · {fmt.date(a.get('date'))}" if a.get("date") else label, anchor)
        counted = a.get("counted", True)
        lines.append(ActivityLine(
            anchor=anchor,
            label=label,
            date=fmt.date(a["date"]) if a.get("date") else "",
            title=a.get("title", ""),
            counted=Status("✓", "นับแล้ว", "ok") if counted else Status("✗", "ไม่นับ", "bad"),
            posts=[channel_label(str(ref).split(":", 1)[0]) for ref in a.get("posts") or []],
        ))
    return lines, index


def _date_key(iso: str | None) -> str:
    try:
        return parse_timestamp(iso).astimezone(BANGKOK).isoformat() if iso else ""
    except ValueError:
        return str(iso)


def build_district(sc: dict, d: dict, *, months_present=(), thai_digits: bool = False, root: str = "../") -> DistrictPage:
    """One district's page: banner sentence, rules, calendar strip, activities, every post, errors."""
    fmt = Fmt(thai_digits)
    month = parse_month(sc["month"])
    activities, act_index = _activities(d, fmt)
    posts = sorted(d.get("posts") or [], key=lambda p: (_date_key(p.get("published_at")), p.get("platform", ""), str(p.get("post_id", ""))))
    links = _month_links(str(month), months_present, fmt, f"districts/{d['district']}.html", "../" + root)
    return DistrictPage(
        meta=_meta(sc, fmt, f"{d['name']} — ผลการตรวจ Click ชุมชน {fmt.month(month)}", root, links),
        id=d["district"],
        name=d["name"],
        name_en=d.get("name_en", ""),
        verdict=verdict(d["verdict"]),
        sentence=missing_sentence(d, fmt),
        rules=[_rule_line(r, fmt) for r in d.get("rules") or []],
        weekdays=WEEKDAYS_TH,
        calendar=_calendar(d, month, sc.get("as_of"), fmt),
        channels=channel_summary(d, fmt),
        activities=activities,
        posts=[_post_card(p, f"{d['district']}-post-{i}", act_index, fmt) for i, p in enumerate(posts, start=1)],
        legend=_legend(d),
        post_count=fmt.num(len(posts)),
        errors=[
            ErrorLine(channel_label(e.get("platform", "")), e.get("account", ""), plain_error(e.get("message", "")), e.get("message", ""))
            for e in d.get("errors") or []
        ],
        notices=[
            ErrorLine(channel_label(e.get("platform", "")), e.get("account", ""), plain_error(e.get("message", "")), e.get("message", ""))
            for e in d.get("warnings") or []
        ],
        reconciliation=_reconciliation(d),
    )


def _rule_line(r: dict, fmt: Fmt) -> RuleLine:
    v = verdict(r.get("verdict"))
    return RuleLine(
        title_th=r.get("title_th") or r.get("rule", ""),
        title_en=r.get("title_en", ""),
        verdict=v,
        observed=fmt.num(r.get("observed")),
        required=fmt.num(r.get("required")),
        detail=r.get("detail", ""),
        missing=fmt.text(_missing_phrase(r)) if r.get("verdict") == "fail" else "",
    )
