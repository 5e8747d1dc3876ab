"""The README's main command: the bundled demo replays offline and shows what a reader needs."""

import json
from pathlib import Path

import jsonschema
import pytest

from auditor.store import Store

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = ROOT.parent / "shared" / "contracts"


@pytest.fixture(scope="module")
def demo(demo_scan, tmp_path_factory):
    """The session's replayed demo, and a second replay over a copy of its store (a re-run must add nothing)."""
    with Store.open(demo_scan.db) as store:
        after_first = (store.count_posts(), store.count_link_checks())
    again = demo_scan.copy_to(tmp_path_factory.mktemp("demo-again"))
    second = again.rescan()
    return {"first": demo_scan.result, "second": second, "cards": demo_scan.cards, "again": again,
            "page": lambda name: demo_scan.page(f"districts/{name}"), "after_first": after_first}


def by_id(cards):
    return {d["district"]: d for d in cards["districts"]}


def test_demo_runs_offline_and_validates(demo):
    assert demo["first"].exit_code == 1  # some districts fail
    schema = json.loads((CONTRACTS / "scorecards.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(demo["cards"])
    assert len(demo["cards"]["districts"]) == 25


def test_running_twice_keeps_the_same_posts_and_link_checks(demo):
    assert demo["second"].exit_code == demo["first"].exit_code == 1
    with Store.open(demo["again"].db) as store:
        assert (store.count_posts(), store.count_link_checks()) == demo["after_first"]
    assert all(demo["after_first"])
    verdicts = [{d["district"]: d["verdict"] for d in cards["districts"]} for cards in (demo["cards"], demo["again"].cards)]
    assert verdicts[0] == verdicts[1]


def test_the_replayed_demo_lists_the_reported_tiktok_the_scan_found_dead(demo):
    """Sirindhorn reports its deleted TikTok video; its channel's oEmbed answered 400 during the scan."""
    problems = by_id(demo["cards"])["sirindhorn"]["reconciliation"]["problems"]
    assert [(p["code"], p["platform"], p["reason_th"]) for p in problems] == [("dead", "tiktok", "ลิงก์เปิดไม่ได้ (HTTP 400)")]
    page = demo["page"]("sirindhorn.html")
    assert "ลิงก์เปิดไม่ได้ (HTTP 400)" in page and "ยังไม่ได้ตรวจลิงก์" not in page


def test_demo_has_a_pass_a_fail_and_an_incomplete_district_for_visible_reasons(demo):
    cards = by_id(demo["cards"])
    verdicts = {d["verdict"] for d in cards.values()}
    assert verdicts == {"pass", "fail", "incomplete"}
    det = cards["det-udom"]
    assert det["verdict"] == "incomplete"
    assert [r["rule"] for r in det["rules"] if r["verdict"] == "unknown"] == ["activity-count"]
    assert det["errors"][0]["platform"] == "facebook" and "token" in det["errors"][0]["message"]
    page = demo["page"]("det-udom.html")
    assert "ยังสรุปผลไม่ได้" in page and "Facebook" in page
    failing = cards["nam-khun"]
    assert failing["verdict"] == "fail"
    page = demo["page"]("nam-khun.html")
    assert "ต้อง" in page  # the banner says what is missing


def test_demo_shows_reconciliation_and_target_rules(demo):
    cards = by_id(demo["cards"])
    rule_ids = {r["rule"] for r in cards["warin-chamrap"]["rules"]}
    assert {"report-deadline", "shop-signups", "app-downloads", "travel-places"} <= rule_ids
    lists = {k: sum(len(d.get("reconciliation", {}).get(k, [])) for d in cards.values())
             for k in ("verified", "problems", "unreported")}
    assert all(lists.values()), lists
    late = {d for d, c in cards.items() for r in c["rules"] if r["rule"] == "report-deadline" and r["verdict"] == "fail"}
    assert {"nam-khun", "na-tan", "kut-khaopun"} <= late
    line = [p for p in cards["si-mueang-mai"]["posts"] if p["platform"] == "line"]
    assert line and line[0]["self_reported"]
    assert {"code": "seed_total", "params": {"printed": 30, "total": 31},
            "message": "the seed prints a sign-up target total of 30 but the district rows sum to 31; using the rows"} \
        in demo["cards"]["warnings"]  # the seed's printed total disagrees with its rows


def test_demo_covers_rss_only_and_plain_html_sites(demo):
    cards = by_id(demo["cards"])
    assert any("read through the RSS feed" in w["message"] and w["params"]["note"]["code"] == "read_through"
               for w in demo["cards"]["warnings"])
    rss = [p for p in cards["det-udom"]["posts"] if p["platform"] == "website"]
    html = [p for p in cards["khemarat"]["posts"] if p["platform"] == "website"]
    assert len(rss) == 2 and all(p["counted"] for p in rss)
    assert len(html) == 1 and html[0]["published_at"].startswith("2025-02-09")  # a Buddhist-Era date on the page


def test_demo_groups_a_cross_posted_activity_once(demo):
    """The meeting posted on Facebook and written up on the website is one activity, counted once."""
    cards = by_id(demo["cards"])
    spans = [a for d in cards.values() for a in d["activities"]
             if {p.split(":", 1)[0] for p in a["posts"]} == {"facebook", "website"}]
    assert [a["activity_id"] for a in spans] == ["mueang-ubon-ratchathani-0205-1"] and spans[0]["counted"]
    rule = next(r for r in cards["mueang-ubon-ratchathani"]["rules"] if r["rule"] == "activity-count")
    assert rule["observed"] == 2  # three activity posts, two activities


def test_demo_counts_the_posts_it_saw_outside_the_month(demo):
    """Nam Yuen's two posts at 00:30 on 1 March were collected (the page is read with a margin) and left out."""
    assert demo["cards"]["summary"]["outside_month"] == 2
    assert all(not p["published_at"].startswith("2025-03") for d in demo["cards"]["districts"] for p in d["posts"])


def test_a_channel_that_could_not_be_collected_is_named_on_stderr_even_when_quiet(demo):
    """det-udom's page token expired: the table only counts it, so the scan says which channel and
    what to do (an alert mail of a timer carries stderr), Thai first, no token."""
    stderr = demo["first"].stderr
    assert ("เก็บข้อมูลไม่ได้: อำเภอเดชอุดม · Facebook (104500000000006): สิทธิ์เข้าถึงข้อมูลหมดอายุ "
            "ต้องขอสิทธิ์ใหม่จากผู้ดูแลเพจ") in stderr
    assert "  not collected: det-udom facebook 104500000000006: access token expired" in stderr
    assert stderr.count("เก็บข้อมูลไม่ได้:") == 1  # only the channel in error; partial ones are warnings


def test_the_notes_on_the_data_do_not_depend_on_the_command_that_wrote_them(demo, tmp_path):
    """The overview's notes come from the stored channel statuses: a second scan (whose reported-link
    channel re-asks sirindhorn's dead TikTok link), a narrowed scan and a `check` list what the first
    scan listed, each once."""
    from tests.conftest import scan_demo
    from click.testing import CliRunner

    from auditor.cli import main

    def notes(cards):
        return [(w["code"], w["params"]) for w in cards["warnings"]]

    first = notes(demo["cards"])
    assert [p["note"]["code"] for c, p in first if c == "channel"] == ["read_through", "dead_link"]
    assert notes(demo["again"].cards) == first
    narrowed = demo["again"].copy_to(tmp_path / "narrowed")
    assert scan_demo(narrowed.folder, "--district", "det-udom").exit_code == 1
    assert notes(narrowed.cards) == first
    result = CliRunner().invoke(main, ["check", "--month", "2025-02", "--db", str(narrowed.db), "--out", str(narrowed.out),
                                       "--quiet"])
    assert result.exit_code == 1, result.output
    assert notes(narrowed.cards) == first
