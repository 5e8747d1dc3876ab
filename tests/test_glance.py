"""The overview at a glance: grouping, failures per rule, the month chart, standalone links."""

from __future__ import annotations

import pytest

from auditor.errors import ConfigError
from auditor.present.glance import at_a_glance, standalone_links, trend_chart
from auditor.present.report import build_pages
from auditor.present.views import Fmt, build_overview
from auditor.registry import load_registry
from sample_scorecards import sample_history, sample_scorecards


def test_groups_failing_then_incomplete_then_passing():
    sc = sample_scorecards()
    glance = at_a_glance(sc, build_overview(sc))
    assert [(g.verdict.code, len(g.rows), g.heading) for g in glance.groups] == [
        ("fail", 20, "ไม่ผ่าน 20 อำเภอ"), ("incomplete", 2, "ข้อมูลไม่ครบ 2 อำเภอ"), ("pass", 3, "ผ่าน 3 อำเภอ")]
    first = [r.id for r in glance.groups[0].rows][:2]
    order = [d["district"] for d in sc["districts"] if d["verdict"] == "fail"][:2]
    assert first == order  # registry order within a group


def test_a_line_per_rule_most_failed_first():
    sc = sample_scorecards()
    lines = at_a_glance(sc, build_overview(sc)).rule_failures
    fails = {line.rule: sum(1 for d in sc["districts"] for r in d["rules"] if r["rule"] == line.rule and r["verdict"] == "fail")
             for line in lines}
    assert [line.fails for line in lines] == sorted(fails.values(), reverse=True)
    assert lines[0].text == f"ไม่ผ่าน {lines[0].fails} อำเภอ" and lines[0].share == round(100 * lines[0].fails / 25)


def test_chart_counts_each_stored_month():
    sc, history = sample_scorecards(), sample_history()
    chart = trend_chart(sc, history, Fmt())
    assert [b.label for b in chart.bars] == ["ก.ย. 67", "พ.ย. 67", "ธ.ค. 67", "ม.ค. 68", "ก.พ. 68"]  # Oct was never audited
    last = {s.css: s.title for s in chart.bars[-1].segments}
    assert last == {"v-pass": "ก.พ. 68: ผ่าน 3 อำเภอ", "v-incomplete": "ก.พ. 68: ข้อมูลไม่ครบ 2 อำเภอ",
                    "v-fail": "ก.พ. 68: ไม่ผ่าน 20 อำเภอ"}
    assert all(s.y >= 0 and s.y + s.height <= chart.baseline for b in chart.bars for s in b.segments)
    assert trend_chart(sc, {}, Fmt()) is None  # one month is no trend


def test_links_are_absolute_with_report_base_url_and_marked_without():
    sc = sample_scorecards()
    _, _, pages = build_pages(sc, months_present=["2025-01", "2025-02"], base_url="https://cdd.example.go.th/auditor")
    meta = pages[0].meta
    assert meta.overview_href == "https://cdd.example.go.th/auditor/2025-02/index.html" and meta.overview_note == ""
    assert meta.month_links[0].href == f"https://cdd.example.go.th/auditor/2025-01/districts/{pages[0].id}.html"
    _, _, pages = build_pages(sc)
    assert pages[0].meta.overview_href == "../index.html" and "โฟลเดอร์รายงาน" in pages[0].meta.overview_note


def test_report_base_url_is_a_known_key_and_must_be_a_web_address(tmp_path):
    base = ('[[offices]]\nid = "warin"\nname_th = "วารินชำราบ"\nname_en = "Warin"\n'
            'office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอวารินชำราบ"]\n')
    good = tmp_path / "good.toml"
    good.write_text('[reports]\nreport_base_url = "https://cdd.example.go.th/auditor/"\n' + base, encoding="utf-8")
    assert load_registry(good).report_base_url == "https://cdd.example.go.th/auditor"
    bad = tmp_path / "bad.toml"
    bad.write_text('[reports]\nreport_base_url = "file:///srv/reports"\n' + base, encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.toml: reports.report_base_url: expected an http\(s\) URL"):
        load_registry(bad)
