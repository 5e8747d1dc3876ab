"""The fiscal-year summary (1 October – 30 September): per district and rule, months passed,
failed and incomplete; counted posts and activities; the KPI figures over the year; a province
total row; a ranking; and one history page per district.

Built only from the store's month summary (store.MonthRow, one row per district and month, and
each month's meta): no month's scorecards are loaded or evaluated again. Totals are computed
here once (`year_results`), and the HTML view-models and the XLSX both read them, so the two
always agree.

Sign-ups are counted per month (their targets add up over the months); downloads and places are
running totals (selfreport.imports.CUMULATIVE_METRICS): the year shows the latest figure
against the latest target.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from auditor import __version__
from auditor.period import BE_OFFSET, Month, parse_month
from auditor.present.views import Fmt, PageMeta, channel_label
from auditor.present.words import (METRIC_LABELS, VERDICTS, YEAR, YEAR_COLUMNS, YEAR_KPI_HEADS, YEAR_SHEETS, Verdict,
                                   fill, verdict)
from auditor.selfreport.imports import CUMULATIVE_METRICS, METRICS

FINAL = ("pass", "fail", "incomplete")


@dataclass
class Tally:
    """Months (or a rule's months) by outcome; `in_progress` are months audited before their end."""

    passed: int = 0
    failed: int = 0
    incomplete: int = 0
    in_progress: int = 0

    def add(self, code: str | None, in_progress: bool = False) -> None:
        if in_progress or code not in FINAL + ("unknown",):
            self.in_progress += 1
        elif code == "pass":
            self.passed += 1
        elif code == "fail":
            self.failed += 1
        else:
            self.incomplete += 1

    def __iadd__(self, other: "Tally") -> "Tally":
        self.passed += other.passed
        self.failed += other.failed
        self.incomplete += other.incomplete
        self.in_progress += other.in_progress
        return self


@dataclass
class Kpi:
    """A figure over the year: running totals the latest value and target, monthly ones summed."""

    metric: str
    value: int | None = None
    need: int | None = None
    month: str | None = None  # running totals: the month the value is from
    carried_from: str | None = None

    @property
    def share(self) -> int | None:
        """Per cent of the target reached (rounded down), or None without both numbers."""
        return (100 * self.value // self.need) if self.value is not None and self.need else None


@dataclass
class DistrictYear:
    id: str
    name: str
    months: dict  # 'YYYY-MM' → store.MonthRow
    tally: Tally
    rules: dict[str, Tally]
    posts: int
    activities: int
    kpis: dict[str, Kpi]
    rank: int = 0


@dataclass
class YearResults:
    year: int  # Gregorian year the fiscal year ends in
    months: list[Month]
    in_progress: set[str]  # months audited before their end (as_of)
    rules: list[dict]  # rules_meta of the latest stored month: rule, title_th, title_en, short_th
    districts: list[DistrictYear]  # ranked
    total: DistrictYear
    province: dict = field(default_factory=dict)
    ruleset: dict = field(default_factory=dict)

    @property
    def label_be(self) -> int:
        return self.year + BE_OFFSET


def year_results(year: int, months: list[Month], rows: list, metas: dict[str, dict]) -> YearResults:
    """Totals of a fiscal year from its month-summary rows (any order) and each month's meta."""
    in_progress = {m for m, meta in metas.items() if meta and meta.get("as_of")}
    latest = metas[max(metas)] if metas else {}
    by_district: dict[str, dict] = {}
    names: dict[str, str] = {}
    for row in sorted(rows, key=lambda r: r.month):
        by_district.setdefault(row.district, {})[row.month] = row
        names[row.district] = row.name
    rules = [r for r in latest.get("rules_meta") or []]
    districts = [_district_year(d, names[d], ms, rules, in_progress) for d, ms in by_district.items()]
    _rank(districts)
    return YearResults(year, months, in_progress, rules, sorted(districts, key=lambda d: (d.rank, d.name)),
                       _province_total(districts, rules), latest.get("province") or {}, latest.get("ruleset") or {})


def _district_year(district: str, name: str, months: dict, rules: list[dict], in_progress: set[str]) -> DistrictYear:
    tally, by_rule = Tally(), {r["rule"]: Tally() for r in rules}
    for month, row in months.items():
        tally.add(row.verdict, month in in_progress)
        for rule, code in row.rules.items():
            by_rule.setdefault(rule, Tally()).add(code, month in in_progress)
    return DistrictYear(district, name, months, tally, by_rule, sum(r.posts for r in months.values()),
                        sum(r.activities for r in months.values()), {m: _kpi(m, months) for m in METRICS})


def _kpi(metric: str, months: dict) -> Kpi:
    figures = [(month, row.kpis[metric]) for month, row in sorted(months.items()) if metric in row.kpis]
    if metric in CUMULATIVE_METRICS:
        known = [(month, k) for month, k in figures if k.get("value") is not None]
        if not known:
            return Kpi(metric, need=figures[-1][1].get("need") if figures else None)
        month, k = known[-1]
        return Kpi(metric, k["value"], k.get("need"), month, k.get("carried_from"))
    values = [k["value"] for _, k in figures if k.get("value") is not None]
    needs = [k["need"] for _, k in figures if k.get("need") is not None]
    return Kpi(metric, sum(values) if values else None, sum(needs) if needs else None)


def _rank(districts: list[DistrictYear]) -> None:
    """Most months passed first, then fewest failed, most rule-months passed, most counted posts;
    equal keys share a rank (1, 2, 2, 4)."""
    def key(d: DistrictYear):
        return (-d.tally.passed, d.tally.failed, -sum(t.passed for t in d.rules.values()), -d.posts)

    ordered = sorted(districts, key=key)
    for i, d in enumerate(ordered):
        d.rank = ordered[i - 1].rank if i and key(ordered[i - 1]) == key(d) else i + 1


def _province_total(districts: list[DistrictYear], rules: list[dict]) -> DistrictYear:
    """The province: every district-month's outcome, and the districts' figures against the sum
    of the districts' own targets."""
    tally, by_rule = Tally(), {r["rule"]: Tally() for r in rules}
    for d in districts:
        tally += d.tally
        for rule, t in d.rules.items():
            by_rule.setdefault(rule, Tally())
            by_rule[rule] += t
    kpis = {}
    for metric in METRICS:
        values = [d.kpis[metric].value for d in districts if d.kpis[metric].value is not None]
        needs = [d.kpis[metric].need for d in districts if d.kpis[metric].need is not None]
        kpis[metric] = Kpi(metric, sum(values) if values else None, sum(needs) if needs else None)
    return DistrictYear("", YEAR["province_total"][0], {}, tally, by_rule, sum(d.posts for d in districts),
                        sum(d.activities for d in districts), kpis)


# ---------------------------------------------------------------- view-models for the pages


@dataclass
class YearRow:
    rank: str
    name: str
    name_en: str
    href: str
    months: list[str]  # passed, failed, incomplete, in progress
    rules: list[str]  # per rule '✓3 ✗1 ?0'
    posts: str
    activities: str
    kpis: list[str]  # per metric '150 / 157 (95%)'
    is_total: bool = False
    tally: str = ""  # the months as one cell: '✓3 ✗1 ?0', and the months still in progress when any


@dataclass
class YearPage:
    meta: PageMeta
    heading: str
    period: str  # 'ต.ค. 2567 – ก.ย. 2568'
    province: str
    covered: str  # which months are stored
    rule_heads: list[tuple[str, str]]  # (short Thai, title)
    kpi_heads: list[tuple[str, str]]  # (Thai, English)
    rows: list[YearRow]
    total: YearRow
    legend: str
    notes: list[str]


@dataclass
class MonthCell:
    label: str
    title: str
    verdict: Verdict


@dataclass
class Bar:
    x: int
    y: int
    height: int
    css: str
    title: str


@dataclass
class CountsChart:
    width: int
    height: int
    baseline: int
    label_y: int
    bars: list[Bar]
    labels: list[tuple[int, str]]  # (x, month label)
    summary: str


@dataclass
class MonthLine:
    label: str
    verdict: Verdict
    posts: str
    channels: str
    activities: str
    kpis: list[str]


@dataclass
class DistrictYearPage:
    meta: PageMeta
    id: str
    heading: str
    period: str
    rank: str
    cells: list[MonthCell]
    chart: CountsChart
    lines: list[MonthLine]
    kpi_heads: list[tuple[str, str]]
    totals: YearRow
    legend: str


def _period(results: YearResults, fmt: Fmt) -> str:
    first, last = results.months[0], results.months[-1]
    return f"{fmt.month_short(first)} {fmt.num(first.year + BE_OFFSET)} – {fmt.month_short(last)} {fmt.num(last.year + BE_OFFSET)}"


def _meta(results: YearResults, fmt: Fmt, title: str, root: str, generated: datetime) -> PageMeta:
    ruleset = results.ruleset.get("id", "") + (f" v{results.ruleset['version']}" if results.ruleset.get("version") else "")
    note = ""
    if results.in_progress:
        months = ", ".join(fmt.month(parse_month(m)) for m in sorted(results.in_progress))
        note = fill(YEAR["in_progress_note"], {"months": months})
    return PageMeta(title=title, month_label=fill(YEAR["fiscal_year"], {"year": fmt.num(results.label_be)}), month_id=f"fy{results.label_be}",
                    generated=fmt.datetime(generated.isoformat(timespec="seconds")), tool_version=__version__,
                    ruleset=ruleset, as_of_note=note, root=root)


def _kpi_text(k: Kpi, fmt: Fmt) -> str:
    if k.value is None:
        return "–" if k.need is None else f"– / {fmt.num(k.need)}"
    text = fmt.num(k.value) if k.need is None else f"{fmt.num(k.value)} / {fmt.num(k.need)}"
    if k.share is not None:
        text += f" ({fmt.num(k.share)}%)"
    return text


def _tally_text(t: Tally, fmt: Fmt) -> str:
    return f"✓{fmt.num(t.passed)} ✗{fmt.num(t.failed)}" + (f" ?{fmt.num(t.incomplete)}" if t.incomplete else "")


def _row(d: DistrictYear, results: YearResults, fmt: Fmt, href: str, total: bool = False) -> YearRow:
    t = d.tally
    return YearRow(rank="" if total else fmt.num(d.rank), name=d.name, name_en=YEAR["province_total"][1] if total else "",
                   href=href, months=[fmt.num(t.passed), fmt.num(t.failed), fmt.num(t.incomplete), fmt.num(t.in_progress)],
                   rules=[_tally_text(d.rules.get(r["rule"], Tally()), fmt) for r in results.rules],
                   posts=fmt.num(d.posts), activities=fmt.num(d.activities),
                   kpis=[_kpi_text(d.kpis[m], fmt) for m in METRICS], is_total=total, tally=_months_text(t, fmt))


def _months_text(t: Tally, fmt: Fmt) -> str:
    text = f"✓{fmt.num(t.passed)} ✗{fmt.num(t.failed)} ?{fmt.num(t.incomplete)}"
    return text + (fill(YEAR["in_progress_count"], {"count": fmt.num(t.in_progress)}) if t.in_progress else "")


def kpi_heads() -> list[tuple[str, str]]:
    return [YEAR_KPI_HEADS.get(m, METRIC_LABELS.get(m, (m, m))) for m in METRICS]


def build_year(results: YearResults, *, thai_digits: bool = False, generated: datetime | None = None) -> YearPage:
    """The fiscal year's overview page: one ranked row per district, then the province's total."""
    fmt, generated = Fmt(thai_digits), generated or datetime.now(timezone.utc)
    title = fill(YEAR["title"], {"year": fmt.num(results.label_be)})
    stored = [m for m in results.months if any(str(m) in d.months for d in results.districts)]
    covered = (fill(YEAR["covered"], {"count": fmt.num(len(stored)), "months": ", ".join(fmt.month_short(m) for m in stored)})
               if stored else YEAR["covered_none"][0])
    name = (results.province or {}).get("name_th")
    return YearPage(
        meta=_meta(results, fmt, title, "", generated), heading=title, period=_period(results, fmt),
        province=fill(YEAR["province"], {"name": name}) if name else "", covered=covered,
        rule_heads=[(fmt.text(r.get("short_th") or r["rule"]), fmt.text(r.get("title_th", ""))) for r in results.rules],
        kpi_heads=kpi_heads(), rows=[_row(d, results, fmt, f"districts/{d.id}.html") for d in results.districts],
        total=_row(results.total, results, fmt, "", total=True), legend=fmt.text(YEAR["legend"][0]),
        notes=[fmt.text(YEAR["ranking_note"][0]), fmt.text(YEAR["total_note"][0])],
    )


def build_district_year(results: YearResults, d: DistrictYear, *, thai_digits: bool = False,
                        generated: datetime | None = None) -> DistrictYearPage:
    """One district's year: its months as a row of verdicts, its counts as a small chart, a table."""
    fmt, generated = Fmt(thai_digits), generated or datetime.now(timezone.utc)
    cells, lines = [], []
    for m in results.months:
        row = d.months.get(str(m))
        v = VERDICTS["none"] if row is None else (VERDICTS["unknown"] if str(m) in results.in_progress else verdict(row.verdict))
        label = f"{fmt.month_short(m)} {fmt.num(str(m.year + BE_OFFSET)[-2:])}"
        shown = YEAR["in_progress"][0] if row is not None and str(m) in results.in_progress else v.th
        cells.append(MonthCell(label, f"{fmt.month(m)}: {shown}", v))
        if row is not None:
            lines.append(MonthLine(fmt.month(m), v, fmt.num(row.posts),
                                   " · ".join(f"{channel_label(p)} {fmt.num(n)}" for p, n in row.channels.items() if n) or "–",
                                   fmt.num(row.activities), [_month_kpi(row.kpis.get(k), fmt) for k in METRICS]))
    title = fill(YEAR["district_title"], {"name": d.name, "year": fmt.num(results.label_be)})
    return DistrictYearPage(
        meta=_meta(results, fmt, title, "../", generated), id=d.id, heading=title, period=_period(results, fmt),
        rank=fill(YEAR["rank"], {"rank": fmt.num(d.rank), "count": fmt.num(len(results.districts))}), cells=cells,
        chart=counts_chart(results.months, d.months, fmt), lines=lines, kpi_heads=kpi_heads(),
        totals=_row(d, results, fmt, ""), legend=fmt.text(YEAR["legend"][0]),
    )


def _month_kpi(k: dict | None, fmt: Fmt) -> str:
    if not k or k.get("value") is None:
        return "–"
    text = fmt.num(k["value"]) + (f" / {fmt.num(k['need'])}" if k.get("need") is not None else "")
    return text + (YEAR["carried"][0] if k.get("carried_from") else "")


def counts_chart(months: list[Month], rows: dict, fmt: Fmt) -> CountsChart:
    """Counted posts and activities per month, side by side, as bars (SVG drawn by the template)."""
    top = max([1] + [max(r.posts, r.activities) for r in rows.values()])
    slot, bar, plot, left = 40, 14, 80, 6
    bars, labels, words = [], [], []
    for i, m in enumerate(months):
        x = left + i * slot
        label = fmt.month_short(m)
        labels.append((x + bar, label))
        row = rows.get(str(m))
        if row is None:
            continue
        for j, (n, css, what) in enumerate(((row.posts, "posts", YEAR["posts"][0]),
                                            (row.activities, "acts", YEAR["activities"][0]))):
            h = round(plot * n / top) if n else 0
            bars.append(Bar(x + j * (bar + 1), 4 + plot - h, h, css, f"{fmt.month(m)}: {what} {fmt.num(n)}"))
        words.append(fill(YEAR["chart_month"], {"month": label, "posts": fmt.num(row.posts),
                                                "activities": fmt.num(row.activities)}))
    width = left * 2 + len(months) * slot
    return CountsChart(width, plot + 24, 4 + plot, plot + 18, bars, labels,
                       fill(YEAR["chart"], {"months": " · ".join(words) or YEAR["chart_empty"][0]}))


# ---------------------------------------------------------------- the XLSX


def year_sheets(results: YearResults) -> dict[str, list[dict]]:
    """The XLSX's sheets as rows: the year per district (ranked, then the province's total) and every month."""
    summary = [_summary_row(d, results) for d in results.districts] + [_summary_row(results.total, results)]
    months = [_month_row(d, month, row, results) for d in results.districts for month, row in sorted(d.months.items())]
    return {YEAR_SHEETS["summary"]: summary, YEAR_SHEETS["months"]: months}


def _month_row(d: DistrictYear, month: str, row, results: YearResults) -> dict:
    c = YEAR_COLUMNS
    line = {c["month"]: month, c["month_be"]: parse_month(month).thai_label, c["district_id"]: d.id, c["district"]: d.name,
            c["verdict"]: YEAR["in_progress"][0] if month in results.in_progress else verdict(row.verdict).th,
            c["verdict_code"]: row.verdict, YEAR["posts"][0]: row.posts, YEAR["activities"][0]: row.activities,
            YEAR["activities_found"][0]: row.activities_found}
    for m in METRICS:
        k, metric = row.kpis.get(m) or {}, METRIC_LABELS[m][0]
        line[c["reached"].format(metric=metric)] = k.get("value")
        line[c["target"].format(metric=metric)] = k.get("need")
        line[c["carried_from"].format(metric=metric)] = k.get("carried_from") or ""
    return line


def _summary_row(d: DistrictYear, results: YearResults) -> dict:
    c = YEAR_COLUMNS
    row = {c["rank"]: d.rank or None, c["district_id"]: d.id, c["district"]: d.name, c["passed"]: d.tally.passed,
           c["failed"]: d.tally.failed, c["incomplete"]: d.tally.incomplete, c["in_progress"]: d.tally.in_progress}
    for r in results.rules:
        t, rule = d.rules.get(r["rule"], Tally()), r.get("short_th") or r["rule"]
        row[c["rule_passed"].format(rule=rule)] = t.passed
        row[c["rule_failed"].format(rule=rule)] = t.failed
        row[c["rule_incomplete"].format(rule=rule)] = t.incomplete
    row[YEAR["posts"][0]], row[YEAR["activities"][0]] = d.posts, d.activities
    for m in METRICS:
        k, metric = d.kpis[m], METRIC_LABELS[m][0]
        row[c["reached"].format(metric=metric)], row[c["target"].format(metric=metric)] = k.value, k.need
    return row


def write_year_xlsx(results: YearResults, path: Path) -> Path:
    """summary-<BE year>.xlsx: the sheets of year_sheets, written as the monthly workbook is (whole
    numbers stay whole, header frozen and filtered, widths to fit, the file whole or not at all)."""
    from auditor.present.export import rows_sheet, write_xlsx

    return write_xlsx(path, {name: rows_sheet(rows, whole_numbers=True) for name, rows in year_sheets(results).items()})
