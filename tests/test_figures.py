"""Figures the province can trust: limits from the district's own targets, running totals that never
fall (carried forward and marked), each province's own targets and printed totals."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from auditor.audit import audit_month, load_month_data
from auditor.cli import main
from auditor.codes import DataNote, Detail, TodoCode
from auditor.period import BANGKOK, Month
from auditor.registry import load_registry
from auditor.resources import bundled_dir
from auditor.rules.ruleset import load_ruleset
from auditor.selfreport.imports import import_figures, read_figures
from auditor.selfreport.targets import default_targets_path, load_targets

DEMO = Path(__file__).resolve().parent.parent / "cassettes" / "demo"
HEADERS = ["อำเภอ", "สมัครร้านค้า Shop ชุมชน", "ดาวน์โหลดแอป", "CDD พาเที่ยว"]
FEB, MAR = Month(2025, 2), Month(2025, 3)
NOW = datetime(2025, 4, 20, tzinfo=BANGKOK)


@pytest.fixture(scope="module")
def registry():
    return load_registry(DEMO / "auditor.toml")


@pytest.fixture(scope="module")
def ubon():
    return load_ruleset(bundled_dir("rules") / "click-chumchon-2568-ubon.yaml")


def figures_csv(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADERS, *rows])
    return path


def rule(cards: dict, rule_id: str, district: str = "warin-chamrap") -> dict:
    card = next(d for d in cards["districts"] if d["district"] == district)
    return next(r for r in card["rules"] if r["rule"] == rule_id)


def audit(registry, ruleset, store, month=MAR):
    data, warnings = load_month_data(registry, month, store, now=NOW)
    return audit_month([], registry, ruleset, month, data=data, warnings=warnings, districts=["warin-chamrap"]).scorecards


# --- limits from the district's targets row ---------------------------------------------------

def test_downloads_above_the_target_group_are_refused_by_row(tmp_path, registry):
    # warin-chamrap: target group 196 (seed row 13)
    path = figures_csv(tmp_path / "figures.csv", [["วารินชำราบ", "2", "999", "10"], ["เขมราฐ", "1", "100", "3"]])
    result = read_figures(path, "2025-02", registry, targets=load_targets().targets)
    assert [str(e) for e in result.errors] == [
        "figures.csv:2: ดาวน์โหลดแอป: 999 is more than the district's 196 people in the download target group"]
    assert {f.district for f in result.figures} == {"khemarat"}


def test_signups_above_the_districts_otop_operators_are_refused(tmp_path, registry, store):
    # khemarat: 61 OTOP operators
    path = figures_csv(tmp_path / "figures.csv", [["เขมราฐ", "62", "100", "3"]])
    summary = import_figures(path, "2025-02", store, registry)
    assert [str(e) for e in summary.errors] == [
        "figures.csv:2: สมัครร้านค้า Shop ชุมชน: 62 is more than the district's 61 OTOP operators"]
    assert not store.has_figures("2025-02")


def test_a_stored_impossible_figure_is_not_judged(registry, ubon, store):
    from auditor.models import Figure

    store.save_figures([Figure("2025-03", "warin-chamrap", "app_downloads", 999, 2, "old.csv")])
    r = rule(audit(registry, ubon, store), "app-downloads")
    assert r["verdict"] == "unknown" and r["detail_note"]["code"] == Detail.FIGURE_IMPOSSIBLE
    assert r["todo"]["code"] == TodoCode.CHECK_FIGURE and "196" in r["missing_th"]


# --- running totals -------------------------------------------------------------------------------

def test_a_falling_running_total_is_a_warning_naming_both_months(tmp_path, registry, ubon, store):
    import_figures(figures_csv(tmp_path / "feb.csv", [["วารินชำราบ", "2", "180", "12"]]), "2025-02", store, registry)
    summary = import_figures(figures_csv(tmp_path / "mar.csv", [["วารินชำราบ", "2", "50", "12"]]), "2025-03", store, registry)
    assert summary.warnings == ["mar.csv:2: ดาวน์โหลดแอป: 50 for 2025-03 is below 180 for 2025-02, but it is a running "
                                "total (the 2025-02 figure is carried forward until corrected)"]
    cards = audit(registry, ubon, store)
    fell = [w for w in cards["warnings"] if w["code"] == DataNote.FIGURE_FELL]
    assert [w["params"] for w in fell] == [{"district": "warin-chamrap", "metric": "app_downloads", "month": "2025-03",
                                            "previous_month": "2025-02", "value": 50, "previous": 180}]
    assert "2025-03" in fell[0]["message"] and "2025-02" in fell[0]["message"]
    from auditor.codes import Note
    from auditor.present import words
    th = words.data_note(Note.from_dict(fell[0]), {"warin-chamrap": "วารินชำราบ"})
    assert "อำเภอวารินชำราบ มีนาคม 2568 เป็น 50 ลดลงจาก 180 เมื่อกุมภาพันธ์ 2568" in th
    r = rule(cards, "app-downloads")
    assert (r["observed"], r["verdict"], r["carried_from"]) == (180, "pass", "2025-02")


def test_a_month_without_a_running_total_carries_the_last_one_forward_marked(tmp_path, registry, ubon, store):
    import_figures(figures_csv(tmp_path / "feb.csv", [["วารินชำราบ", "2", "160", "12"]]), "2025-02", store, registry)
    import_figures(figures_csv(tmp_path / "mar.csv", [["วารินชำราบ", "3", "", ""]]), "2025-03", store, registry)
    cards = audit(registry, ubon, store)
    downloads, places, signups = (rule(cards, r) for r in ("app-downloads", "travel-places", "shop-signups"))
    assert (downloads["observed"], downloads["verdict"], downloads["carried_from"]) == (160, "pass", "2025-02")
    assert downloads["detail_note"]["code"] == Detail.FIGURE_CARRIED
    assert "ยกยอดจากกุมภาพันธ์ 2568" in downloads["detail"]
    assert (places["observed"], places["carried_from"]) == (12, "2025-02")
    assert signups["observed"] == 3 and "carried_from" not in signups  # sign-ups are per month, never carried


# --- each province its own targets ------------------------------------------------------------------

SISAKET = """
[province]
id = "sisaket"
name_th = "ศรีสะเกษ"
name_en = "Sisaket"

[ruleset]
file = "click-chumchon-2568-ubon.yaml"
{targets}
[[offices]]
id = "kantharalak"
name_th = "กันทรลักษ์"
name_en = "Kantharalak"
office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอกันทรลักษ์"]

[[offices]]
id = "khukhan"
name_th = "ขุขันธ์"
name_en = "Khukhan"
office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอขุขันธ์"]
"""


def sisaket(tmp_path: Path, targets: str = "") -> Path:
    path = tmp_path / "sisaket.toml"
    path.write_text(SISAKET.format(targets=targets), encoding="utf-8")
    return path


def test_another_province_gets_none_of_ubons_targets_or_printed_totals(tmp_path, ubon, store):
    registry = load_registry(sisaket(tmp_path))
    figures = figures_csv(tmp_path / "figures.csv", [["กันทรลักษ์", "2", "150", "12"]])
    import_figures(figures, "2025-03", store, registry)
    data, warnings = load_month_data(registry, MAR, store, now=NOW)
    assert [w.code for w in warnings] == [DataNote.NO_TARGETS]
    cards = audit_month([], registry, ubon, MAR, data=data, warnings=warnings).scorecards
    assert not any(w["code"].startswith("seed_") for w in cards["warnings"])
    r = rule(cards, "app-downloads", "kantharalak")
    assert r["verdict"] == "unknown" and r["detail_note"]["code"] == Detail.FIGURE_NO_TARGET
    assert r["todo"]["code"] == TodoCode.ADD_TARGET and "นำเข้า" not in r["missing_th"]
    # no figure imported at all for the other district: that one still says to import
    assert rule(cards, "app-downloads", "khukhan")["todo"]["code"] == TodoCode.IMPORT_FIGURES


def test_a_province_reads_its_own_printed_totals(tmp_path, ubon, store):
    table = tmp_path / "sisaket-districts.csv"
    rows = default_targets_path().read_text(encoding="utf-8-sig").splitlines()
    table.write_text("\n".join([rows[0], "1,kantharalak,กันทรลักษ์,Kantharalak,150,2,1,1,1,1,10,100,114"]) + "\n",
                     encoding="utf-8")
    (tmp_path / "sisaket-districts.totals.toml").write_text('province = "sisaket"\nshop_signups_target_total = 5\n',
                                                            encoding="utf-8")
    registry = load_registry(sisaket(tmp_path, '[targets]\nfile = "sisaket-districts.csv"\n'))
    _, warnings = load_month_data(registry, MAR, store, now=NOW)
    assert [(w.code, w.params) for w in warnings] == [(DataNote.SEED_TOTAL, {"printed": 5, "total": 2})]
    data = load_month_data(registry, MAR, store, now=NOW)[0]
    assert set(data.targets) == {"kantharalak"}


def test_import_figures_command_prints_each_problem_as_file_and_row(tmp_path, runner):
    path = figures_csv(tmp_path / "figures.csv", [["วารินชำราบ", "2", "999", "10"], ["เขมราฐ", "1", "100", "3"]])
    result = runner.invoke(main, ["import-figures", str(path), "--month", "2025-02", "--config", str(DEMO / "auditor.toml"),
                                  "--db", str(tmp_path / "db.sqlite")])
    assert result.exit_code == 0, result.output
    assert "figures.csv:2: ดาวน์โหลดแอป: 999 is more than" in result.output
    assert "figures.csv:2: ดาวน์โหลดแอป: 999 มากกว่าจำนวนกลุ่มเป้าหมายการดาวน์โหลดแอปของอำเภอ (196)" in result.output


def test_import_figures_command_words_a_falling_running_total_in_thai(tmp_path, runner):
    common = ["--config", str(DEMO / "auditor.toml"), "--db", str(tmp_path / "db.sqlite")]
    feb = figures_csv(tmp_path / "feb.csv", [["วารินชำราบ", "2", "180", "12"]])
    assert runner.invoke(main, ["import-figures", str(feb), "--month", "2025-02", *common]).exit_code == 0
    mar = figures_csv(tmp_path / "mar.csv", [["วารินชำราบ", "2", "50", "12"]])
    result = runner.invoke(main, ["import-figures", str(mar), "--month", "2025-03", *common])
    assert result.exit_code == 0, result.output
    assert "mar.csv:2: ดาวน์โหลดแอป: 50 ของเดือน มีนาคม 2568 น้อยกว่า 180 ของเดือน กุมภาพันธ์ 2568 แต่เป็นยอดสะสม" in result.output
