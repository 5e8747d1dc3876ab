"""The province's ruleset parameters are what the pages say and what scorecards.json records."""

from __future__ import annotations

from auditor.audit import audit_month
from auditor.period import Month
from auditor.present import advice
from auditor.registry import default_config_path, load_registry
from auditor.resources import bundled_dir
from auditor.rules.ruleset import load_ruleset
from tests.helpers import promo

FEB = Month(2025, 2)


def _ruleset(overrides=None, edition="click-chumchon-2568.yaml"):
    return load_ruleset(bundled_dir("rules") / edition, overrides)


def test_titles_follow_the_effective_parameters():
    ruleset = _ruleset({"min_posts": 5, "min_channels": 3, "min_activities": 4})
    titles = {r.id: (r.title_th, r.title_en) for r in ruleset.monthly_rules}
    assert titles["promotion-posts"] == ("เผยแพร่ประชาสัมพันธ์อย่างน้อยเดือนละ 5 ครั้ง", "At least 5 counted posts a month")
    assert "อย่างน้อย 3 ช่องทาง" in titles["promotion-channels"][0]
    assert titles["activity-count"][0].startswith("จัดกิจกรรมอย่างน้อยเดือนละ 4 กิจกรรม")
    default = {r.id: r.title_th for r in _ruleset().monthly_rules}
    assert default["promotion-posts"] == "เผยแพร่ประชาสัมพันธ์อย่างน้อยเดือนละ 2 ครั้ง"


def test_the_ubon_edition_writes_shares_as_percentages():
    titles = {r.id: r for r in _ruleset({"download_share": 0.9, "min_travel_places": 12},
                                        "click-chumchon-2568-ubon.yaml").monthly_rules}
    assert titles["app-downloads"].title_th.endswith("อย่างน้อยร้อยละ 90")
    assert "(≥ 90%)" in titles["app-downloads"].title_en
    assert "อย่างน้อย 12 แห่ง" in titles["travel-places"].title_th
    default = {r.id: r for r in _ruleset(edition="click-chumchon-2568-ubon.yaml").monthly_rules}
    assert default["app-downloads"].title_th.endswith("ร้อยละ 80")


def test_scorecards_record_the_ruleset_and_every_overridden_parameter():
    registry = load_registry(default_config_path())
    ruleset = _ruleset({"min_posts": 5, "min_channels": 2})  # 2 is the edition's own value: not an override
    cards = audit_month([promo(1), promo(2)], registry, ruleset, FEB, districts=["warin-chamrap"]).scorecards
    assert cards["ruleset"] == {"id": "click-chumchon-2568", "version": "1"}
    assert cards["parameters_overridden"] == [{"name": "min_posts", "value": 5, "default": 2}]
    rule = next(r for r in cards["districts"][0]["rules"] if r["rule"] == "promotion-posts")
    assert rule["title_th"] == "เผยแพร่ประชาสัมพันธ์อย่างน้อยเดือนละ 5 ครั้ง"
    assert (rule["observed"], rule["required"], rule["verdict"]) == (2, 5, "fail")
    assert "เพิ่มอีก 3 ครั้ง" in " ".join(advice.todo_lines(cards["districts"][0]))
    meta = next(m for m in cards["rules_meta"] if m["rule"] == "promotion-posts")
    assert meta["required"] == 5 and "5 ครั้ง" in meta["title_th"]


def test_no_override_records_an_empty_list():
    registry = load_registry(default_config_path())
    cards = audit_month([promo(1)], registry, _ruleset(), FEB, districts=["warin-chamrap"]).scorecards
    assert cards["parameters_overridden"] == []
