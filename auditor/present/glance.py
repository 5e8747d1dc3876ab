"""The overview read at a glance: districts grouped by verdict, how many fail each rule, a small
chart of the verdicts per stored month, and the links a forwarded page needs to work alone.

Built beside views.build_overview (whose rows it regroups) and handed to the templates as
prepared values: the chart's geometry is computed here, the SVG template only draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.period import BE_OFFSET, parse_month
from auditor.present.views import VERDICTS, DistrictRow, Fmt, Overview, Verdict, rule_columns

GROUP_ORDER = ("fail", "behind", "incomplete", "on_track", "pass")  # what needs acting on first
CHART_ORDER = ("fail", "incomplete", "pass")  # final verdicts of each stored month
CHART_MONTHS = 6
TOP_FAILURES = 3


@dataclass
class DistrictGroup:
    verdict: Verdict
    heading: str  # 'ไม่ผ่าน 20 อำเภอ'
    rows: list[DistrictRow]


@dataclass
class RuleFailure:
    rule: str
    title_th: str
    title_en: str
    fails: int
    text: str  # 'ไม่ผ่าน 14 อำเภอ' or 'ผ่านทุกอำเภอ'
    unknown: str  # 'ตรวจไม่ได้ 2 อำเภอ' or ''
    share: int  # per cent of the districts that fail it (the bar's width)


@dataclass
class ChartSegment:
    css: str
    y: int
    height: int
    title: str  # 'ก.พ. 68: ไม่ผ่าน 20 อำเภอ'


@dataclass
class ChartBar:
    x: int
    label: str  # 'ก.พ. 68'
    label_x: int
    segments: list[ChartSegment]


@dataclass
class TrendChart:
    width: int
    height: int
    baseline: int
    label_y: int
    bars: list[ChartBar]
    summary: str  # the chart in words, for screen readers


@dataclass
class Glance:
    groups: list[DistrictGroup]
    rule_failures: list[RuleFailure]
    top_failures: list[RuleFailure] = field(default_factory=list)  # for the printed cover
    chart: TrendChart | None = None
    districts_total: str = ""
    table_span: int = 1  # columns of the district table (its group headings span them all)


def district_groups(overview: Overview, fmt: Fmt) -> list[DistrictGroup]:
    """The overview's rows grouped failing first, then incomplete, then passing (registry order within)."""
    groups = []
    for code in GROUP_ORDER:
        rows = [r for r in overview.rows if r.verdict.code == code]
        if rows:
            groups.append(DistrictGroup(VERDICTS[code], f"{VERDICTS[code].th} {fmt.num(len(rows))} อำเภอ", rows))
    other = [r for r in overview.rows if r.verdict.code not in GROUP_ORDER]
    if other:
        groups.append(DistrictGroup(VERDICTS["none"], f"{VERDICTS['none'].th} {fmt.num(len(other))} อำเภอ", other))
    return groups


def rule_failures(sc: dict, fmt: Fmt) -> list[RuleFailure]:
    """One line per monthly rule: how many districts fail it, most failed first."""
    districts = sc.get("districts") or []
    lines = []
    for column in rule_columns(sc):
        rules = [r for d in districts for r in d.get("rules") or [] if r.get("rule") == column.rule]
        verdicts = [VERDICTS["behind"].code if r.get("progress") == "behind" else r.get("verdict") for r in rules]
        fails, unknown = verdicts.count("fail"), verdicts.count("unknown")
        text = f"ไม่ผ่าน {fmt.num(fails)} อำเภอ" if fails else "ไม่มีอำเภอที่ไม่ผ่าน"
        if verdicts.count("behind"):  # a month in progress: nobody fails yet
            fails = verdicts.count("behind")
            text = f"{VERDICTS['behind'].th} {fmt.num(fails)} อำเภอ"
        lines.append(RuleFailure(column.rule, fmt.text(column.title_th), column.title_en, fails, text,
                                 f"ตรวจไม่ได้ {fmt.num(unknown)} อำเภอ" if unknown else "",
                                 round(100 * fails / len(districts)) if districts else 0))
    return sorted(lines, key=lambda line: -line.fails)  # stable: ties keep the ruleset's order


def _month_counts(verdicts) -> dict[str, int]:
    verdicts = list(verdicts)
    return {code: verdicts.count(code) for code in CHART_ORDER}


def trend_chart(sc: dict, history: dict | None, fmt: Fmt) -> TrendChart | None:
    """Stacked bars of pass / fail / incomplete districts for the stored months up to this one.
    history: month → district → verdict (the store's month summary)."""
    current = sc["month"]
    months = sorted(m for m in (history or {}) if m < current)[-(CHART_MONTHS - 1):] + [current]
    if len(months) < 2:
        return None
    counts = {m: _month_counts([d.get("verdict") for d in sc.get("districts") or []] if m == current
                               else history[m].values()) for m in months}
    top = max(sum(c.values()) for c in counts.values()) or 1
    bar, gap, plot, left = 30, 18, 84, 6
    bars, words = [], []
    for i, m in enumerate(months):
        month = parse_month(m)
        label = f"{fmt.month_short(month)} {fmt.num(str(month.year + BE_OFFSET)[-2:])}"
        x, y, segments = left + i * (bar + gap), 4 + plot, []
        for code in ("pass", "incomplete", "fail"):  # failing on top, where the eye lands
            n = counts[m][code]
            if n:
                h = max(round(plot * n / top), 2)
                y -= h
                segments.append(ChartSegment(VERDICTS[code].css, y, h, f"{label}: {VERDICTS[code].th} {fmt.num(n)} อำเภอ"))
        bars.append(ChartBar(x, label, x + bar // 2, segments))
        words.append(f"{label} " + " ".join(f"{VERDICTS[c].th} {fmt.num(counts[m][c])}" for c in CHART_ORDER))
    width = left * 2 + len(months) * (bar + gap) - gap
    return TrendChart(width, plot + 26, 4 + plot, plot + 20, bars, "ผลรายเดือน: " + " · ".join(words))


def at_a_glance(sc: dict, overview: Overview, *, history: dict | None = None, thai_digits: bool = False) -> Glance:
    """Everything the overview's summary needs, from the scorecards and the built overview."""
    fmt = Fmt(thai_digits)
    failures = rule_failures(sc, fmt)
    return Glance(
        groups=district_groups(overview, fmt),
        rule_failures=failures,
        top_failures=[f for f in failures if f.fails][:TOP_FAILURES],
        chart=trend_chart(sc, history, fmt),
        districts_total=fmt.num(len(overview.rows)),
        table_span=6 + len(overview.columns) + (1 if overview.trend_labels else 0),
    )


def standalone_links(meta, month: str, base_url: str | None, target: str = "index.html") -> None:
    """Make a page work when forwarded alone: with `report_base_url` its link to the overview
    (and to other months) is absolute; without it the link is marked as working only from the
    report folder. `meta` is a views.PageMeta; sets its overview_href and overview_note."""
    if base_url:
        root = f"{base_url.rstrip('/')}/"
        meta.overview_href = f"{root}{month}/{target}"
        for link in meta.month_links:
            link.href = root + link.href.lstrip("./")  # '../../2025-01/districts/x.html' → '2025-01/…' 
        meta.overview_note = ""
    else:
        meta.overview_href = f"{meta.root}{target}"
        meta.overview_note = "ลิงก์นี้ใช้ได้เมื่อเปิดไฟล์จากโฟลเดอร์รายงาน"

