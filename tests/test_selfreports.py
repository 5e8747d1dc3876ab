"""Self-reports in the audit: the report deadline, self-reported LINE posts, --as-of."""

import json
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from click.testing import CliRunner

from auditor.audit import audit_month
from auditor.rules.checks import MonthData
from auditor.cli import main
from auditor.period import BANGKOK, Month
from auditor.resources import bundled_dir
from auditor.rules.ruleset import load_ruleset
from auditor.selfreport.targets import load_targets
from tests.helpers import promo, write_jsonl

FEB = Month(2025, 2)


@dataclass(frozen=True)
class Row:
    submitted_at: datetime
    urls: tuple = ()
    title: str = "ประชาสัมพันธ์ Click ชุมชน ในกลุ่มไลน์"
    channel: str = "line"
    activity_date: date | None = date(2025, 2, 12)
    row: int = 2
    source: str = "reports.csv"
    district: str = "warin-chamrap"


@pytest.fixture(scope="module")
def ubon():
    return load_ruleset(bundled_dir("rules") / "click-chumchon-2568-ubon.yaml")


def rule(cards, rule_id, district="warin-chamrap"):
    card = next(d for d in cards["districts"] if d["district"] == district)
    return next(r for r in card["rules"] if r["rule"] == rule_id)


def data(rows=None, **kw):
    reports = None if rows is None else {"warin-chamrap": list(rows)}
    return MonthData(reports=reports, targets=load_targets().targets, **kw)


@pytest.mark.parametrize("submitted, verdict", [
    ("2025-03-15T23:59:59+07:00", "pass"),
    ("2025-03-15T16:59:59+00:00", "pass"),   # 23:59:59 Bangkok
    ("2025-03-15T17:00:00+00:00", "fail"),   # 00:00 on the 16th, Bangkok
    ("2025-03-16T08:00:00+07:00", "fail"),
])
def test_report_deadline_on_both_sides_of_the_day(registry, ubon, submitted, verdict):
    cards = audit_month([], registry, ubon, FEB, data=data([Row(datetime.fromisoformat(submitted))])).scorecards
    assert rule(cards, "report-deadline")["verdict"] == verdict


def test_deadline_day_is_a_parameter(registry):
    department = load_ruleset(bundled_dir("rules") / "click-chumchon-2568-ubon.yaml", {"report_deadline_day": 18})
    late_for_ubon = [Row(datetime(2025, 3, 17, 9, tzinfo=BANGKOK))]
    cards = audit_month([], registry, department, FEB, data=data(late_for_ubon)).scorecards
    assert rule(cards, "report-deadline")["verdict"] == "pass"
    assert department.rule("report-deadline").title_th == "รายงานผลภายในวันที่ 18 ของเดือนถัดไป"


def test_no_sheet_imported_is_unknown_and_a_missing_report_fails(registry, ubon):
    cards = audit_month([], registry, ubon, FEB, data=data(None)).scorecards
    assert rule(cards, "report-deadline")["verdict"] == "unknown"
    cards = audit_month([], registry, ubon, FEB, data=data([])).scorecards
    assert rule(cards, "report-deadline")["verdict"] == "fail"


@pytest.mark.parametrize("now, verdict", [
    (datetime(2025, 3, 10, 9, tzinfo=BANGKOK), "unknown"),     # audited before the deadline: not late yet
    (datetime(2025, 3, 15, 23, 59, tzinfo=BANGKOK), "unknown"),
    (datetime(2025, 3, 16, 0, 0, tzinfo=BANGKOK), "fail"),
])
def test_a_missing_report_is_late_only_after_the_deadline(registry, ubon, now, verdict):
    cards = audit_month([], registry, ubon, FEB, data=data([], now=now)).scorecards
    assert rule(cards, "report-deadline")["verdict"] == verdict


def test_a_report_sent_after_the_as_of_time_is_not_yet_seen(registry, ubon):
    as_of = datetime(2025, 2, 20, 23, 59, tzinfo=BANGKOK)
    rows = [Row(datetime(2025, 2, 25, 9, tzinfo=BANGKOK))]
    cards = audit_month([], registry, ubon, FEB, data=data(rows, as_of=as_of)).scorecards
    assert rule(cards, "report-deadline")["verdict"] == "unknown"


@pytest.mark.parametrize("url", [
    "https://line.me/R/ti/p/@cddwarin",          # add-friend link
    "https://page.line.me/cddwarin",             # account page
    "https://linevoom.line.me/user/_dQwErTy",     # a VOOM profile, not a post
    "https://lin.ee/AbCdEfG",                    # short link, not resolved
])
def test_line_links_that_are_not_posts_do_not_count(registry, ubon, url):
    rows = [Row(datetime(2025, 3, 10, tzinfo=BANGKOK), urls=(url,))]
    cards = audit_month([promo(1)], registry, ubon, FEB, data=data(rows)).scorecards
    assert rule(cards, "promotion-channels")["observed"] == 1
    card = next(d for d in cards["districts"] if d["district"] == "warin-chamrap")
    assert not [p for p in card["posts"] if p["platform"] == "line"]
    assert [p["code"] for p in card["reconciliation"]["problems"]] == ["not_a_post"]


def test_self_reported_line_post_counts_toward_channels_and_is_marked(registry, ubon):
    rows = [Row(datetime(2025, 3, 10, tzinfo=BANGKOK), urls=("https://linevoom.line.me/post/1170000000000000001",))]
    posts = [promo(1), promo(2)]
    cards = audit_month(posts, registry, ubon, FEB, data=data(rows)).scorecards
    assert rule(cards, "promotion-channels")["observed"] == 2
    card = next(d for d in cards["districts"] if d["district"] == "warin-chamrap")
    line = [p for p in card["posts"] if p["platform"] == "line"]
    assert line and line[0]["self_reported"] and line[0]["counted"] and "อำเภอรายงานเอง" in line[0]["notes"][0]
    assert [v["url"] for v in card["reconciliation"]["verified"]] == ["https://linevoom.line.me/post/1170000000000000001"]
    assert card["reconciliation"]["verified"][0]["self_reported"]
    assert len(card["reconciliation"]["unreported"]) == 2  # the two Facebook posts were not reported


def test_ruleset_can_refuse_self_reported_posts(registry):
    strict = load_ruleset(bundled_dir("rules") / "click-chumchon-2568-ubon.yaml", {"count_self_reported": False})
    rows = [Row(datetime(2025, 3, 10, tzinfo=BANGKOK), urls=("https://linevoom.line.me/post/1170000000000000001",))]
    cards = audit_month([promo(1)], registry, strict, FEB, data=data(rows)).scorecards
    assert rule(cards, "promotion-channels")["observed"] == 1


def test_a_line_link_a_scan_found_dead_does_not_count_offline(registry, ubon):
    url = "https://linevoom.line.me/post/1170000000000000009"
    rows = [Row(datetime(2025, 3, 10, tzinfo=BANGKOK), urls=(url,))]

    class Dead:
        ok, status, final_url, cause = False, 404, None, ""

    stored = {url: Dead()}  # what reconcile.stored_checks would answer; None for links no scan checked
    cards = audit_month([promo(1)], registry, ubon, FEB, data=data(rows), checks=stored.get).scorecards
    assert rule(cards, "promotion-channels")["observed"] == 1
    card = next(d for d in cards["districts"] if d["district"] == "warin-chamrap")
    assert [(p["code"], p["reason_th"]) for p in card["reconciliation"]["problems"]] == [("dead", "ลิงก์เปิดไม่ได้ (HTTP 404)")]
    cards = audit_month([promo(1)], registry, ubon, FEB, data=data(rows), checks={}.get).scorecards  # not checked
    assert rule(cards, "promotion-channels")["observed"] == 2


def test_as_of_audits_a_month_in_progress(tmp_path):
    path = write_jsonl(tmp_path / "posts.jsonl", [promo(1, day=5), promo(2, day=25)])
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["check", "--month", "2025-02", "--posts", str(path), "--out", str(out), "--db", str(tmp_path / "none.db"),
               "--as-of", "2025-02-20", "--district", "warin-chamrap", "--json"])
    cards = json.loads(result.stdout)  # warnings (the seed's targets) go to stderr
    assert cards["as_of"].startswith("2025-02-20T23:59:59")
    card = cards["districts"][0]
    assert card["days_left"] == 8
    assert [p["post_id"] for p in card["posts"]] == ["1"]  # the 25th is after the as-of time


@pytest.mark.parametrize("value, message", [("20/02/2025", "expected YYYY-MM-DD"), ("2025-01-20", "before the audited month")])
def test_bad_as_of_is_refused(tmp_path, value, message):
    from click.testing import CliRunner
    path = write_jsonl(tmp_path / "posts.jsonl", [promo(1)])
    result = CliRunner().invoke(main, ["check", "--month", "2025-02", "--posts", str(path), "--as-of", value])
    assert result.exit_code == 2 and message in result.output


def test_a_reported_post_published_outside_the_month_says_so(registry, ubon):
    """Like the demo's 00:30 posts on 1 March: found, but outside February in Bangkok time."""
    march = promo(9, when=datetime(2025, 3, 1, 0, 30, tzinfo=BANGKOK))
    rows = [Row(datetime(2025, 3, 10, tzinfo=BANGKOK), urls=(march.url,))]
    cards = audit_month([promo(1), march], registry, ubon, FEB, data=data(rows)).scorecards
    card = next(d for d in cards["districts"] if d["district"] == "warin-chamrap")
    problem, = card["reconciliation"]["problems"]
    assert problem["code"] == "outside_month" and "1 มี.ค. 2568 00:30 น." in problem["reason_th"]
    assert [u["post_id"] for u in card["reconciliation"]["unreported"]] == ["1"]
    assert cards["summary"]["outside_month"] == 1


@pytest.mark.parametrize("value", ["2568-02-20", "๒๕๖๘-๐๒-๒๐", "2025-02-20T23:59:59.999999+07:00"])
def test_as_of_in_buddhist_era_and_thai_digits(tmp_path, value):
    path = write_jsonl(tmp_path / "posts.jsonl", [promo(1, day=5), promo(2, day=25)])
    result = CliRunner().invoke(main, ["check", "--month", "2025-02", "--posts", str(path), "--out", str(tmp_path / "o"),
                                       "--db", str(tmp_path / "none.db"), "--as-of", value, "--district", "warin-chamrap", "--json"])
    cards = json.loads(result.stdout)
    assert cards["as_of"].startswith("2025-02-20T23:59:59")
    assert cards["summary"]["outside_month"] == 0  # the 25th is not yet, not outside the month


@pytest.mark.parametrize("value, message", [("", "expected YYYY-MM-DD"), ("2025-02-30", "not a real date")])
def test_as_of_that_is_no_date_is_refused(tmp_path, value, message):
    path = write_jsonl(tmp_path / "posts.jsonl", [promo(1)])
    result = CliRunner().invoke(main, ["check", "--month", "2025-02", "--posts", str(path), "--as-of", value])
    assert result.exit_code == 2 and message in result.output


def test_a_late_report_is_a_fact_and_a_report_not_yet_due_a_to_do(registry, ubon):
    late = audit_month([], registry, ubon, FEB, data=data([Row(datetime(2025, 3, 20, 9, tzinfo=BANGKOK))])).scorecards
    assert (rule(late, "report-deadline")["verdict"], rule(late, "report-deadline")["missing_kind"]) == ("fail", "fact")
    early = audit_month([], registry, ubon, FEB, data=data([], now=datetime(2025, 3, 3, tzinfo=BANGKOK))).scorecards
    assert (rule(early, "report-deadline")["verdict"], rule(early, "report-deadline")["missing_kind"]) == ("unknown", "todo")
    nothing = audit_month([], registry, ubon, FEB, data=data(None)).scorecards
    assert rule(nothing, "report-deadline")["missing_kind"] == "note"
