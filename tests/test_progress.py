"""A month in progress (--as-of before its end): districts are on track or behind, never failed."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from auditor.audit import EXIT_INCOMPLETE, EXIT_PASS, audit_month, exit_code
from auditor.cli import main
from auditor.period import BANGKOK, Month
from auditor.present import advice
from auditor.present.glance import at_a_glance
from auditor.present.views import build_district, build_overview
from auditor.registry import default_config_path, load_registry
from auditor.resources import bundled_dir
from auditor.rules.checks import MonthData
from auditor.rules.ruleset import load_ruleset
from tests.helpers import activity, promo, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT.parent / "shared" / "contracts" / "scorecards.schema.json").read_text(encoding="utf-8"))
FEB = Month(2025, 2)
AS_OF = datetime(2025, 2, 20, 23, 59, 59, tzinfo=BANGKOK)


@pytest.fixture(scope="module")
def registry():
    return load_registry(default_config_path())


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(bundled_dir("rules") / "click-chumchon-2568.yaml")


def on_track():
    """Warin by the 20th: two posts on two channels, two activities tagged."""
    return [promo(1, day=3), promo(2, platform="website", day=4),
            activity(3, "อบรมการสมัครร้านค้า Shop ชุมชน ให้ผู้ประกอบการ OTOP", day=5),
            activity(4, "ประชุมกำนันผู้ใหญ่บ้านชี้แจงการดาวน์โหลดแอป", day=12)]


def cards_for(posts, registry, ruleset, as_of=AS_OF, districts=("warin-chamrap", "khemarat")):
    cards = audit_month(posts, registry, ruleset, FEB, districts=list(districts),
                        data=MonthData(as_of=as_of)).scorecards
    jsonschema.Draft202012Validator(SCHEMA).validate(cards)  # the contract's verdicts only
    return cards, {d["district"]: d for d in cards["districts"]}


def test_before_the_month_ends_nobody_fails(registry, ruleset):
    cards, by = cards_for(on_track() + [promo(9, district="khemarat", day=6)], registry, ruleset)
    warin, khemarat = by["warin-chamrap"], by["khemarat"]
    assert (warin["verdict"], warin["progress"]) == ("incomplete", "on_track")
    assert {r["progress"] for r in warin["rules"]} == {"met"} and {r["verdict"] for r in warin["rules"]} == {"pass"}
    assert (khemarat["verdict"], khemarat["progress"]) == ("incomplete", "behind")
    behind = {r["rule"]: r for r in khemarat["rules"]}
    assert behind["promotion-posts"]["verdict"] == "unknown" and behind["promotion-posts"]["progress"] == "behind"
    assert behind["promotion-posts"]["todo"]["n"] == 1  # what is missing stays
    assert "fail" not in {r["verdict"] for d in cards["districts"] for r in d["rules"]}
    assert (cards["summary"]["on_track"], cards["summary"]["behind"], cards["summary"]["fail"]) == (1, 1, 0)


def test_behind_says_what_is_missing_and_the_days_left(registry, ruleset):
    _, by = cards_for([promo(9, district="khemarat", day=6)], registry, ruleset)
    khemarat = by["khemarat"]
    sentence = advice.missing_sentence(khemarat)
    assert sentence.startswith("ต้องโพสต์") and "เหลือเวลาอีก 8 วัน" in sentence and "ยังสรุปไม่ได้" not in sentence
    rule = next(r for r in khemarat["rules"] if r["rule"] == "promotion-posts")
    assert rule["missing_th"].startswith("ต้องโพสต์ประชาสัมพันธ์เพิ่มอีก")


def test_the_pages_show_on_track_and_behind_never_fail(registry, ruleset):
    cards, by = cards_for(on_track() + [promo(9, district="khemarat", day=6)], registry, ruleset)
    page = build_district(cards, by["khemarat"])
    assert page.verdict.code == "behind" and page.verdict.th.startswith("ยังไม่ครบเกณฑ์")
    assert {r.verdict.code for r in page.rules} >= {"behind"} and "fail" not in {r.verdict.code for r in page.rules}
    assert next(r for r in page.rules if r.verdict.code == "behind").missing.startswith("ยังขาด:")
    overview = build_overview(cards)
    assert {c.verdict.code: c.count for c in overview.counts} == {"on_track": "1", "behind": "1"}
    assert [g.verdict.code for g in at_a_glance(cards, overview).groups] == ["behind", "on_track"]


def test_exit_codes_of_a_month_in_progress(registry, ruleset):
    cards, _ = cards_for(on_track(), registry, ruleset, districts=("warin-chamrap",))
    assert exit_code(cards) == EXIT_PASS
    cards, _ = cards_for([promo(1)], registry, ruleset, districts=("warin-chamrap",))
    assert exit_code(cards) == EXIT_INCOMPLETE  # behind: never 1
    cards, _ = cards_for(on_track(), registry, ruleset, districts=("warin-chamrap",))
    cards["districts"][0]["rules"][0]["todo"] = {"code": "recheck", "kind": "note"}  # a channel not collected
    assert exit_code(cards) == EXIT_INCOMPLETE


def test_once_the_month_is_over_the_verdict_is_final(registry, ruleset):
    cards, by = cards_for([promo(9, district="khemarat", day=6)], registry, ruleset, as_of=None)
    assert by["khemarat"]["verdict"] == "fail" and "progress" not in by["khemarat"]
    assert "on_track" not in cards["summary"]


def test_check_as_of_exits_3_when_behind_and_0_on_track(tmp_path):
    behind = write_jsonl(tmp_path / "behind.jsonl", [promo(1, day=5)])
    args = ["check", "--month", "2025-02", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "none.db"),
            "--as-of", "2025-02-20", "--district", "warin-chamrap", "--quiet"]
    assert CliRunner().invoke(main, [*args, "--posts", str(behind)]).exit_code == 3
    ahead = write_jsonl(tmp_path / "ahead.jsonl", on_track())
    assert CliRunner().invoke(main, [*args, "--posts", str(ahead)]).exit_code == 0
    result = CliRunner().invoke(main, [*args[:-1], "--posts", str(ahead)])
    assert "ตามเกณฑ์ 1 · ยังไม่ครบ 0 อำเภอ" in result.output
