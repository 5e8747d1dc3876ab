"""The province's overrides: an append-only log in the store, applied by the engine as input data,
shown beside the machine's own verdict on the pages and in the exports."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
from click.testing import CliRunner

from auditor.audit import audit_month
from auditor.cli import main
from auditor.errors import StoreError, UsageError
from auditor.models import Override
from auditor.overrides import activity_district, add_override, revoke_override
from auditor.period import Month, thai_date
from auditor.present import words
from auditor.present.words import operator as operator_words
from auditor.present.export import overrides_table, posts_table
from auditor.present.views import build_district
from auditor.registry import default_config_path, load_registry
from auditor.resources import bundled_dir
from auditor.rules.checks import MonthData
from auditor.rules.ruleset import load_ruleset
from auditor.store import Store
from tests.helpers import activity, post, promo, write_jsonl

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT.parent / "shared" / "contracts" / "scorecards.schema.json").read_text(encoding="utf-8"))
FEB = Month(2025, 2)
WHEN = datetime(2025, 3, 3, 3, 0, tzinfo=timezone.utc)  # 3 มี.ค. 2568, Bangkok


@pytest.fixture(scope="module")
def registry():
    return load_registry(default_config_path())


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(bundled_dir("rules") / "click-chumchon-2568.yaml")


def entry(n, action, target, district=None, reason="ตรวจแล้วจากภาพถ่าย", by="พัฒนาการจังหวัด"):
    return Override(n, "2025-02", action, target, reason, by, WHEN, district)


def audit(posts, registry, ruleset, overrides=()):
    cards = audit_month(posts, registry, ruleset, FEB, districts=["warin-chamrap"],
                        data=MonthData(overrides=tuple(overrides))).scorecards
    jsonschema.Draft202012Validator(SCHEMA).validate(cards)
    return cards, cards["districts"][0]


def rule(card, rule_id):
    return next(r for r in card["rules"] if r["rule"] == rule_id)


def warin_month():
    """Warin: two promotions on two channels, one activity counted and one whose page tag is missing."""
    return [promo(1), promo(2, platform="website"), activity(3, "อบรมการสมัครร้านค้า Shop ชุมชน ให้ผู้ประกอบการ OTOP", day=5),
            activity(4, "ประชุมกำนันผู้ใหญ่บ้านชี้แจงการดาวน์โหลดแอป", day=20, tagged=False)]


# ---------------------------------------------------------------- the engine


def test_counting_a_rejected_activity_post_passes_the_rule_and_keeps_the_machine_verdict(registry, ruleset):
    cards, machine = audit(warin_month(), registry, ruleset)
    assert rule(machine, "activity-count")["verdict"] == "fail" and "override" not in rule(machine, "activity-count")
    cards, card = audit(warin_month(), registry, ruleset, [entry(7, "count", "facebook:4")])
    r = rule(card, "activity-count")
    assert (r["verdict"], r["observed"]) == ("pass", 2)
    assert r["override"]["machine_verdict"] == "fail" and r["override"]["machine_observed"] == 1
    assert [e["id"] for e in r["override"]["entries"]] == [7]
    assert card["verdict"] == "pass" and card["override"]["machine_verdict"] == "fail"
    p = next(p for p in card["posts"] if p["post_id"] == "4")
    assert p["counted"] is True and p["override"]["machine_counted"] is False and p["override"]["reason"] == "ตรวจแล้วจากภาพถ่าย"
    assert cards["overrides"] == [{**entry(7, "count", "facebook:4").to_dict(), "applied": True, "found": True, "status": "applied"}]
    assert "override" not in rule(card, "promotion-channels")  # a rule the override did not change


def test_rejecting_a_post_stops_it_counting(registry, ruleset):
    _, card = audit(warin_month(), registry, ruleset, [entry(1, "reject", "website:2", reason="โพสต์ซ้ำจากเดือนก่อน")])
    assert rule(card, "promotion-channels")["verdict"] == "fail"
    assert rule(card, "promotion-channels")["override"]["machine_verdict"] == "pass"


def test_the_later_of_two_decisions_on_one_post_holds(registry, ruleset):
    _, card = audit(warin_month(), registry, ruleset, [entry(1, "count", "facebook:4"), entry(2, "reject", "facebook:4")])
    assert next(p for p in card["posts"] if p["post_id"] == "4")["override"]["id"] == 2
    assert rule(card, "activity-count")["verdict"] == "fail"


def test_a_decision_a_later_one_replaced_is_superseded_not_missing(registry, ruleset):
    cards, card = audit(warin_month(), registry, ruleset, [entry(1, "count", "facebook:4"), entry(2, "reject", "facebook:4"),
                                                            entry(3, "count", "facebook:4", reason="ดูภาพอีกครั้ง")])
    by_id = {o["id"]: o for o in cards["overrides"]}
    for earlier in (1, 2):  # the post is there: superseded by the one that holds, never "matches nothing"
        assert by_id[earlier] | {"superseded_by": 3} == by_id[earlier]
        assert (by_id[earlier]["applied"], by_id[earlier]["found"], by_id[earlier]["status"]) == (False, True, "superseded")
    assert by_id[3]["status"] == "applied" and "superseded_by" not in by_id[3]
    assert not [w for w in cards["warnings"] if w["code"] == "override_not_applied"]
    waives = [entry(4, "waive", "activity-count", "warin-chamrap"), entry(5, "waive", "activity-count", "warin-chamrap")]
    cards, _ = audit(warin_month(), registry, ruleset, waives)
    assert [(o["id"], o["status"], o.get("superseded_by")) for o in cards["overrides"]] == [
        (4, "superseded", 5), (5, "applied", None)]
    log = overrides_table(cards)
    assert list(log["นำมาใช้"]) == ["ไม่ (รายการที่ 5 ตัดสินแทน)", "ใช่"]


def test_a_rule_card_lists_only_the_decisions_that_changed_its_inputs(registry, ruleset):
    """An assign of a post no rule counts (a promotion without its hashtags) is the district's, not
    activity-count's; the count of an activity post is activity-count's and promotion-posts'."""
    stray = post(9, "ชวนดาวน์โหลดแอป Click ชุมชน", district=None, platform="website")
    decisions = [entry(7, "count", "facebook:4"), entry(8, "assign", "website:9", "warin-chamrap")]
    cards, card = audit([*warin_month(), stray], registry, ruleset, decisions)
    assigned = next(p for p in card["posts"] if p["post_id"] == "9")
    assert (assigned["kind"], assigned["counted"]) == ("promotion", False)
    assert [e["id"] for e in card["override"]["entries"]] == [7, 8]  # the district's card names both
    assert [e["id"] for e in rule(card, "activity-count")["override"]["entries"]] == [7]
    assert [e["id"] for e in rule(card, "promotion-posts")["override"]["entries"]] == [7]
    # a waiver is its rule's; the rules it does not waive do not list it
    _, card = audit(warin_month(), registry, ruleset, [entry(5, "waive", "promotion-posts", "warin-chamrap"),
                                                       entry(6, "accept", "warin-chamrap-0220-1", "warin-chamrap")])
    assert [e["id"] for e in rule(card, "promotion-posts")["override"]["entries"]] == [5]
    assert [e["id"] for e in rule(card, "activity-count")["override"]["entries"]] == [6]


def test_assigning_an_unattributed_post_gives_it_to_the_district(registry, ruleset):
    stray = post(9, "ชวนดาวน์โหลดแอป Click ชุมชน #คลิกชุมชน #Clickชุมชน", district=None, platform="website")
    cards, card = audit([promo(1), stray], registry, ruleset)
    assert [u["post_id"] for u in cards["unattributed"]] == ["9"]
    cards, card = audit([promo(1), stray], registry, ruleset, [entry(3, "assign", "website:9", "warin-chamrap")])
    assert cards["unattributed"] == []
    assigned = next(p for p in card["posts"] if p["post_id"] == "9")
    assert assigned["override"]["action"] == "assign" and assigned["override"]["machine_district"] is None


def test_accepting_an_activity_counts_it(registry, ruleset):
    cards, card = audit(warin_month(), registry, ruleset)
    pending = next(a for a in card["activities"] if not a["counted"])
    _, card = audit(warin_month(), registry, ruleset, [entry(4, "accept", pending["activity_id"], "warin-chamrap")])
    accepted = next(a for a in card["activities"] if a["activity_id"] == pending["activity_id"])
    assert accepted["counted"] is True and accepted["override"]["machine_counted"] is False
    assert rule(card, "activity-count")["verdict"] == "pass"


def test_waiving_a_rule_passes_it_for_that_district_month_only(registry, ruleset):
    cards, card = audit([promo(1)], registry, ruleset, [entry(5, "waive", "activity-count", "warin-chamrap", reason="น้ำท่วม")])
    r = rule(card, "activity-count")
    assert r["verdict"] == "pass" and r["override"]["machine_verdict"] == "fail" and r["todo"] is None
    assert [e["reason"] for e in r["override"]["entries"]] == ["น้ำท่วม"]
    assert rule(card, "promotion-posts")["verdict"] == "fail"  # other rules keep the machine's verdict
    line = next(r for r in build_district(cards, card).rules if r.adjusted)
    assert line.adjusted.action == "ยกเว้นเกณฑ์นี้สำหรับอำเภอวารินชำราบ" and line.adjusted.machine == "เครื่องตรวจ: ✗ ไม่ผ่าน (0/2)"


def test_an_override_for_a_post_that_is_gone_is_reported_not_dropped(registry, ruleset):
    cards, _ = audit(warin_month(), registry, ruleset, [entry(6, "count", "facebook:404")])
    assert cards["overrides"][0]["found"] is False and cards["overrides"][0]["applied"] is False
    note = next(w for w in cards["warnings"] if w["code"] == "override_not_applied")
    assert note["params"] == {"id": 6, "action": "count", "target": "facebook:404", "district": ""}
    from auditor.codes import Note
    th = words.data_note(Note.from_dict(note))
    assert "รายการที่ 6" in th and "ให้นับโพสต์นี้" in th and "ไม่ได้นำมาใช้" in th


# ---------------------------------------------------------------- the store's log


def test_the_log_is_append_only_and_revoking_adds_an_entry(store, registry, ruleset, make_post):
    store.save_channel(store.start_run("2025-02"), _ok(), [(make_post(post_id="p1", district="warin-chamrap"), {"id": "p1"})])
    first = add_override(store, registry, ruleset, FEB, "count", "facebook:p1", reason="ตรวจแล้ว", by="สมชาย")
    assert [o.id for o in store.effective_overrides(FEB)] == [first.id]
    revocation = revoke_override(store, first.id, reason="ผิดพลาด", by="สมหญิง")
    assert revocation.revokes == first.id and store.effective_overrides(FEB) == []
    assert [o.action for o in store.overrides(FEB)] == ["count", "revoke"]
    for sql in ("UPDATE overrides SET reason = 'x'", "DELETE FROM overrides"):
        with pytest.raises(StoreError, match="append-only"):
            store._write([(sql, ())])
    with pytest.raises(UsageError, match="already revoked"):
        revoke_override(store, first.id, reason="อีกครั้ง", by="สมหญิง")


@pytest.mark.parametrize("action, target, district, message", [
    ("count", "facebook:nope", None, "no such post"),
    ("count", "nope", None, "platform:post_id"),
    ("waive", "no-such-rule", "warin-chamrap", "not a monthly rule"),
    ("waive", "activity-count", None, "--district is required"),
    ("assign", "facebook:p1", "atlantis", "unknown district"),
    ("accept", "atlantis-0210-1", None, "not an activity id"),
    ("approve", "facebook:p1", None, "expected one of count"),
    ("count", "facebook:p1", "warin-chamrap", "only for assign, accept and waive"),
    ("count", "https://www.facebook.com/nope/posts/1", None, "no stored post has this link"),
])
def test_a_bad_decision_is_refused_and_nothing_stored(store, registry, ruleset, make_post, action, target, district, message):
    store.save_channel(store.start_run("2025-02"), _ok(), [(make_post(post_id="p1"), {"id": "p1"})])
    with pytest.raises(UsageError, match=message) as refused:
        add_override(store, registry, ruleset, FEB, action, target, reason="r", by="b", district=district)
    th, en = operator_words.error(refused.value)  # worded from its code, Thai first, never the bare heading
    assert refused.value.code and not th.startswith(operator_words.HEADINGS["UsageError"][0])
    assert any("\u0e00" <= c <= "\u0e7f" for c in th) and en
    with pytest.raises(UsageError, match="--reason"):
        add_override(store, registry, ruleset, FEB, "count", "facebook:p1", reason=" ", by="b")
    assert store.overrides() == []


@pytest.mark.parametrize("pasted", [
    "https://m.facebook.com/{page}/posts/{n}?mibextid=Nif5oz&rdid=AbC",  # the phone's share button
    "https://web.facebook.com/{page}/posts/{n}/",
])
def test_a_post_link_as_copied_from_a_phone_finds_the_stored_post(store, registry, ruleset, make_post, pasted):
    post = make_post()
    store.save_channel(store.start_run("2025-02"), _ok(), [(post, {"id": post.post_id})])
    page, n = post.url.rstrip("/").split("/")[-3], post.url.rstrip("/").split("/")[-1]
    entry = add_override(store, registry, ruleset, FEB, "count", pasted.format(page=page, n=n), reason="r", by="b")
    assert entry.target == f"facebook:{post.post_id}"


_COLUMNS = "month, action, target, reason, decided_by, created_at"
_VALUES = "'2025-02', 'reject', 'facebook:x', 'rewritten', 'b', '2025-03-01'"


@pytest.mark.parametrize("sql", [
    f"REPLACE INTO overrides (id, {_COLUMNS}) VALUES (1, {_VALUES})",
    f"INSERT OR REPLACE INTO overrides (id, {_COLUMNS}) VALUES (1, {_VALUES})",
    f"INSERT INTO overrides (id, {_COLUMNS}) VALUES (1, {_VALUES}) ON CONFLICT (id) DO UPDATE SET reason = 'rewritten'",
    f"INSERT OR IGNORE INTO overrides (id, {_COLUMNS}) VALUES (1, {_VALUES})",
    # a second revocation of entry 1 would replace the first (revokes is UNIQUE)
    f"REPLACE INTO overrides ({_COLUMNS}, revokes) VALUES ({_VALUES}, 1)",
])
def test_the_log_cannot_be_rewritten_by_replacing_an_entry(tmp_path, sql):
    """REPLACE deletes the row it conflicts with without firing the DELETE trigger; a BEFORE INSERT
    trigger refuses it, in a store opened before that trigger existed too."""
    path = tmp_path / "log.db"
    with Store.open(path) as store:
        first = store.add_override(FEB, "count", "facebook:p1", "ตรวจแล้ว", "สมชาย")
        store.add_override(FEB, "revoke", str(first.id), "ผิด", "สมหญิง", revokes=first.id)
    with sqlite3.connect(path) as conn:  # a store made before the trigger existed
        conn.execute("DROP TRIGGER overrides_no_replace")
    Store.open(path).close()  # opening it creates the trigger, as the other triggers are
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(sql)
    conn.close()
    with Store.open(path) as store:
        assert [(o.id, o.action, o.reason) for o in store.overrides()] == [(1, "count", "ตรวจแล้ว"), (2, "revoke", "ผิด")]
        assert store.add_override(FEB, "reject", "facebook:p1", "ใหม่", "สมชาย").id == 3  # appending still works


def test_an_older_store_gains_the_log_when_opened(tmp_path):
    path = tmp_path / "old.db"
    Store.open(path).close()
    with sqlite3.connect(path) as conn:  # a store written before the log existed
        conn.execute("DROP TABLE overrides")
    with Store.open(path) as store:
        assert store.overrides() == []


def test_activity_ids_name_their_district(registry):
    assert activity_district(registry, "warin-chamrap-0210-1") == "warin-chamrap"
    assert activity_district(registry, "na-yia-0301-2") == "na-yia"


def _ok():
    from auditor.models import ChannelStatus
    return ChannelStatus("warin-chamrap", "facebook", "acct", "ok")


# ---------------------------------------------------------------- pages and exports


def test_the_page_and_the_exports_show_the_decision_beside_the_machine_verdict(registry, ruleset):
    cards, card = audit(warin_month(), registry, ruleset, [entry(7, "count", "facebook:4", reason="แท็กเพจในรูปภาพ")])
    page = build_district(cards, card)
    line = next(r for r in page.rules if r.title_th.startswith("จัดกิจกรรม"))
    assert line.adjusted.text == "ปรับโดยจังหวัด: แท็กเพจในรูปภาพ (พัฒนาการจังหวัด, 3 มี.ค. 2568)"
    assert line.adjusted.machine == "เครื่องตรวจ: ✗ ไม่ผ่าน (1/2)"
    assert line.verdict.code == "pass"
    card_view = next(p for p in page.posts if p.adjusted)
    assert card_view.adjusted.machine == "เครื่องตรวจ: ✗ ไม่นับ" and card_view.counted.symbol == "✓"
    assert page.machine == "เครื่องตรวจ: ✗ ไม่ผ่าน"
    posts = posts_table(cards)
    row = posts[posts["รหัสโพสต์"] == "4"].iloc[0]
    assert "แท็กเพจในรูปภาพ" in row["ปรับโดยจังหวัด"] and row["ผลเครื่องตรวจ"] == "ไม่นับ"
    log = overrides_table(cards)
    assert list(log["รหัสการปรับ"]) == ["count"] and list(log["นำมาใช้"]) == ["ใช่"]


# ---------------------------------------------------------------- the replayed demo, end to end


DISTRICT = "khueang-nai"  # both of its activity posts lack the page tag: activity-count 0/2


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("override-demo")
    scan = ["scan", "--month", "2025-02", "--replay", str(ROOT / "cassettes" / "demo"),
            "--out", str(tmp / "out"), "--db", str(tmp / "db"), "--quiet"]
    runner = CliRunner()
    assert runner.invoke(main, scan, catch_exceptions=False).exit_code == 1
    return {"tmp": tmp, "scan": scan, "runner": runner, "common": ["--db", str(tmp / "db"), "--out", str(tmp / "out")]}


def _district(tmp) -> dict:
    cards = json.loads((tmp / "out" / "2025-02" / "scorecards.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(cards)
    return next(d for d in cards["districts"] if d["district"] == DISTRICT)


def test_demo_override_turns_activity_count_to_pass_survives_a_scan_and_revokes(demo):
    runner, tmp, common = demo["runner"], demo["tmp"], demo["common"]
    before = _district(tmp)
    assert rule(before, "activity-count")["verdict"] == "fail"
    rejected = [p for p in before["posts"] if p["kind"] == "activity" and not p["counted"]]
    assert len(rejected) == 2  # activity-count needs 2: each rejected activity post is counted by one decision
    ids = []
    for p in rejected:
        result = runner.invoke(main, ["override", "add", "count", f"facebook:{p['post_id']}", "--month", "2568-02",
                                      "--reason", "แท็กเพจแล้ว เห็นในภาพหน้าจอ", "--by", "นายสมชาย ใจดี", *common])
        assert result.exit_code == 0, result.output
        assert result.output.startswith("บันทึกการปรับโดยจังหวัดแล้ว เป็นรายการที่ ")  # Thai first, then English
        ids.append(int(re.search(r"\(override (\d+) recorded: count facebook:", result.output).group(1)))
    assert "wrote" in result.output
    after = _district(tmp)
    r = rule(after, "activity-count")
    assert (r["verdict"], r["observed"], r["override"]["machine_verdict"]) == ("pass", 2, "fail")

    assert runner.invoke(main, demo["scan"], catch_exceptions=False).exit_code == 1  # other districts still fail
    assert rule(_district(tmp), "activity-count")["verdict"] == "pass"  # survives a second scan

    listed = runner.invoke(main, ["override", "list", "--month", "2025-02", "--db", str(tmp / "db"), "--json"])
    assert [(o["id"], o["action"], o["revoked_by"]) for o in json.loads(listed.output)] == [(i, "count", None) for i in ids]

    page = (tmp / "out" / "2025-02" / "districts" / f"{DISTRICT}.html").read_text(encoding="utf-8")
    assert "ปรับโดยจังหวัด: แท็กเพจแล้ว เห็นในภาพหน้าจอ (นายสมชาย ใจดี," in page
    assert "เครื่องตรวจ: ✗ ไม่ผ่าน (0/2)" in page and "เครื่องตรวจ: ✗ ไม่นับ" in page
    assert "ปรับโดยจังหวัด" in (tmp / "out" / "2025-02" / "index.html").read_text(encoding="utf-8")
    assert not pd.read_excel(tmp / "out" / "2025-02" / "scorecards.xlsx", sheet_name=words.OVERRIDE_SHEET).empty

    result = runner.invoke(main, ["override", "revoke", str(ids[0]), "--reason", "ภาพไม่ชัด", "--by", "นางสาวสมหญิง", *common])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"ยกเลิกการปรับรายการที่ {ids[0]} แล้ว (การยกเลิกบันทึกเป็นรายการที่ {ids[1] + 1}) "
                                    f"(override {ids[0]} revoked by entry {ids[1] + 1})")
    restored = rule(_district(tmp), "activity-count")
    assert (restored["verdict"], restored["observed"]) == ("fail", 1)  # the machine's verdict is back
    listed = json.loads(runner.invoke(main, ["override", "list", "--db", str(tmp / "db"), "--json"]).output)
    assert [o["revoked_by"] for o in listed][:1] == [ids[1] + 1] and listed[-1]["revokes"] == ids[0]


def test_demo_override_of_an_unknown_post_is_refused(demo):
    result = demo["runner"].invoke(main, ["override", "add", "count", "facebook:1_2", "--month", "2025-02",
                                          "--reason", "r", "--by", "b", *demo["common"]])
    assert result.exit_code == 2 and "no such post" in result.output
    assert "facebook:1_2: ไม่พบโพสต์นี้ในฐานข้อมูล สั่ง `auditor scan` ของเดือนนั้นก่อน" in result.output


def test_report_warns_when_the_log_changed_since_the_month_was_evaluated(demo):
    tmp = demo["tmp"]
    with Store.open(tmp / "db") as store:
        post = next(p for p in store.posts_for_month(FEB) if p.platform == "website")
        store.add_override(FEB, "reject", f"website:{post.post_id}", "ทดสอบ", "ผู้ทดสอบ")  # bypasses re-evaluation
    result = demo["runner"].invoke(main, ["report", "--month", "2025-02", *demo["common"]])
    assert result.exit_code == 0 and "overrides of 2025-02 changed" in result.output


def test_an_override_re_evaluates_a_mid_month_run_as_of_its_own_date(tmp_path):
    """Re-evaluation reads the month's as_of from the store's month meta: a run made on the 20th stays a
    run of the 20th (on track / behind), never turned into a final verdict by an override."""
    common = ["--db", str(tmp_path / "db"), "--out", str(tmp_path / "out")]
    runner = CliRunner()
    scan = ["scan", "--month", "2025-02", "--as-of", "2025-02-20", "--replay", str(ROOT / "cassettes" / "demo"),
            "--quiet", *common]
    assert runner.invoke(main, scan, catch_exceptions=False).exit_code == 3
    stored = json.loads((tmp_path / "out" / "2025-02" / "scorecards.json").read_text(encoding="utf-8"))
    post = next(p for d in stored["districts"] for p in d["posts"] if p["platform"] == "website")
    result = runner.invoke(main, ["override", "add", "reject", f"website:{post['post_id']}", "--month", "2025-02",
                                  "--reason", "ซ้ำกับโพสต์เดิม", "--by", "ผู้ทดสอบ", *common])
    assert result.exit_code == 0, result.output
    again = json.loads((tmp_path / "out" / "2025-02" / "scorecards.json").read_text(encoding="utf-8"))
    assert again["as_of"] == stored["as_of"] and again["as_of"].startswith("2025-02-20")
    assert {d["verdict"] for d in again["districts"]} <= {"incomplete"}
    assert all(d.get("progress") in ("on_track", "behind") for d in again["districts"])


def test_the_district_a_post_is_assigned_out_of_keeps_its_machine_verdict(registry, ruleset):
    # the province moves Warin's website post to another district: Warin is also evaluated as
    # the machine saw it, so the page shows the verdict that changed
    _, card = audit(warin_month(), registry, ruleset, [entry(5, "assign", "website:2", "khemarat")])
    assert "2" not in {p["post_id"] for p in card["posts"]}
    r = rule(card, "promotion-channels")
    assert r["verdict"] == "fail" and r["override"]["machine_verdict"] == "pass"


def test_demo_override_that_could_never_apply_is_refused_before_anything_is_written(demo):
    runner, tmp, common = demo["runner"], demo["tmp"], demo["common"]
    with Store.open(tmp / "db") as store:
        before = store.overrides()
        post_id = next(p.post_id for p in store.posts_for_month(FEB) if p.platform == "website")
    result = runner.invoke(main, ["override", "add", "reject", f"website:{post_id}", "--month", "2025-01",
                                  "--reason", "r", "--by", "b", *common])
    assert result.exit_code == 2
    assert "เผยแพร่เมื่อ" in result.output and "(เดือน กุมภาพันธ์ 2568) ไม่ใช่เดือน มกราคม 2568" in result.output
    assert "not in 2025-01" in result.output and "--month 2025-02" in result.output
    result = runner.invoke(main, ["override", "add", "accept", f"{DISTRICT}-0299-9", "--month", "2025-02",
                                  "--reason", "r", "--by", "b", *common])
    near = [a["activity_id"] for a in _district(tmp)["activities"]]
    assert result.exit_code == 2 and near and f"no such activity in 2025-02 (nearest of the district: {near[0]}" in result.output
    assert result.output.startswith(f"ข้อผิดพลาด: ไม่พบกิจกรรม “{DISTRICT}-0299-9” ในผลการตรวจเดือน กุมภาพันธ์ 2568")
    with Store.open(tmp / "db") as store:
        assert store.overrides() == before


def test_override_list_is_thai_first_with_buddhist_era_dates_and_says_superseded(tmp_path):
    db = tmp_path / "db"
    with Store.open(db) as store:
        first = store.add_override(FEB, "waive", "activity-count", "ฝนตก", "สมชาย", district="warin-chamrap")
        store.add_override(FEB, "waive", "activity-count", "น้ำท่วม", "สมหญิง", district="warin-chamrap")
        store.add_override(FEB, "reject", "facebook:9", "ซ้ำ", "สมชาย")
        store.add_override(FEB, "revoke", "3", "ไม่ซ้ำ", "สมหญิง", revokes=3)
        at = first.at
    runner = CliRunner()
    listed = json.loads(runner.invoke(main, ["override", "list", "--db", str(db), "--json"]).output)
    assert [(o["id"], o["status"], o["revoked_by"], o["superseded_by"]) for o in listed] == [
        (1, "superseded", None, 2), (2, "in_effect", None, None), (3, "revoked", 4, None), (4, "revocation", None, None)]
    assert set(listed[0]) >= {"id", "action", "target", "district", "reason", "by", "at", "month", "revoked_by"}
    table = runner.invoke(main, ["override", "list", "--db", str(db)]).output
    assert "การปรับโดยจังหวัด (province overrides)" in table and "สถานะ (status)" in table
    assert f"{at.astimezone(timezone.utc).year + 543}" in table and at.date().isoformat() not in table
    assert "ไม่มีผล: รายการที่ 2" in table and "มีผล (in effect)" in table and "กุมภาพันธ์ 2568" in table
    rows = [operator_words.override_row(o) for o in listed]  # the table's cells (it wraps them to the terminal)
    assert [(r["action"], r["status"]) for r in rows] == [
        ("ยกเว้นเกณฑ์ (waive)", "ไม่มีผล: รายการที่ 2 ตัดสินเรื่องเดียวกันภายหลัง (superseded by 2)"),
        ("ยกเว้นเกณฑ์ (waive)", "มีผล (in effect)"), ("ไม่นับโพสต์ (reject)", "ยกเลิกแล้วโดยรายการที่ 4 (revoked by 4)"),
        ("ยกเลิกรายการ (revoke)", "ยกเลิกรายการที่ 3 (revokes 3)")]
    assert rows[0]["recorded"] == thai_date(at) and rows[0]["month"] == "กุมภาพันธ์ 2568"
    empty = runner.invoke(main, ["override", "list", "--month", "2025-01", "--db", str(db)]).output
    assert empty.startswith("ยังไม่มีการปรับโดยจังหวัดสำหรับเดือน มกราคม 2568 (no overrides for 2025-01)")


def test_an_override_on_a_month_made_from_a_posts_file_is_kept_and_the_month_left_as_it_was(tmp_path):
    """check --posts does not store its posts: re-evaluating the month from the store would show none.
    The decision is recorded; the operator is told to run check --posts again, which applies it."""
    db, out = tmp_path / "db", tmp_path / "out"
    Store.open(db).close()  # a store (of imported figures, say) that keeps the month's results
    posts = write_jsonl(tmp_path / "posts-feb.jsonl", warin_month())
    check = ["check", "--month", "2025-02", "--posts", str(posts), "--db", str(db), "--out", str(out), "--quiet"]
    runner = CliRunner()
    assert runner.invoke(main, check, catch_exceptions=False).exit_code == 1
    written = (out / "2025-02" / "scorecards.json").read_bytes()
    with Store.open(db) as store:
        assert store.month_meta("2025-02")["posts_file"] == "posts-feb.jsonl"
        summary = store.month_summary("2025-02", "2025-02")
    add = ["override", "add", "waive", "activity-count", "--district", "warin-chamrap", "--month", "2025-02",
           "--reason", "น้ำท่วม", "--by", "สมชาย", "--db", str(db), "--out", str(out)]
    result = runner.invoke(main, add)
    assert result.exit_code == 0, result.output
    th = "บันทึกไว้แล้ว แต่ยังไม่ได้ตรวจเดือน กุมภาพันธ์ 2568 ใหม่ เพราะผลการตรวจเดือนนี้สร้างจากไฟล์โพสต์ (posts-feb.jsonl)"
    assert th in result.output and result.output.index(th) < result.output.index("was evaluated from a posts file")
    assert "auditor check --month 2025-02 --posts posts-feb.jsonl" in result.output
    assert (out / "2025-02" / "scorecards.json").read_bytes() == written  # nothing stored is lost
    with Store.open(db) as store:
        assert store.month_summary("2025-02", "2025-02") == summary and len(store.overrides()) == 1
        assert store.load_scorecards("2025-02")["summary"]["posts"] == 4
    revoked = runner.invoke(main, ["override", "revoke", "1", "--reason", "r", "--by", "b", "--db", str(db), "--out", str(out)])
    assert revoked.exit_code == 0 and "--posts posts-feb.jsonl" in revoked.output
    assert (out / "2025-02" / "scorecards.json").read_bytes() == written
    assert runner.invoke(main, add).exit_code == 0
    assert runner.invoke(main, check, catch_exceptions=False).exit_code == 1  # running it again applies the decision
    warin = json.loads((out / "2025-02" / "scorecards.json").read_text(encoding="utf-8"))["districts"]
    waived = rule(next(d for d in warin if d["district"] == "warin-chamrap"), "activity-count")
    assert waived["verdict"] == "pass" and waived["override"]["machine_verdict"] == "fail"


def test_a_store_made_before_month_meta_named_the_posts_file_knows_the_month_had_no_scan(tmp_path):
    from auditor.overrides import not_reevaluated

    db = tmp_path / "db"
    with Store.open(db) as store:
        store.save_scorecards("2025-02", {"month": "2025-02", "districts": [], "posts_file": "p.jsonl"})
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE month_meta DROP COLUMN posts_file")
    with Store.open(db) as store:  # the column comes back empty: the month has no scan, so a posts file made it
        assert store.month_meta("2025-02")["posts_file"] is None
        note = not_reevaluated(store, FEB)
        assert (note.code, note.params) == ("override_posts_file", {"month": "2025-02", "file": ""})
        assert "--posts FILE" in operator_words.not_reevaluated(note)[0]
        assert not_reevaluated(store, Month(2025, 3)).code == "override_no_outputs"
