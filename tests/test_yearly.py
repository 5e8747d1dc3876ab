"""History without reloading it: the store's month summary (written by every scan and check, backfilled
from older stores), the overview's trend read from it, and the fiscal-year summary built on it."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.period import Month, fiscal_year
from auditor.selfreport.imports import CUMULATIVE_METRICS
from auditor.store import Store

DEMO = Path(__file__).resolve().parent.parent / "cassettes" / "demo"
MONTHS = ("2025-01", "2025-02", "2025-03")


def invoke(*args) -> object:
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    """The replayed demo month, and two months checked from posts files derived from it (fewer posts each,
    shifted a month back and forth), in one store."""
    root = tmp_path_factory.mktemp("year")
    db, out = root / "db.sqlite", root / "out"
    assert invoke("scan", "--month", "2025-02", "--replay", DEMO, "--db", db, "--out", out, "--quiet").exit_code == 1
    with Store.open(db) as store:
        posts = store.posts_for_month(Month(2025, 2))
    for month, days, drop in (("2025-01", -31, 2), ("2025-03", 28, 3)):
        path = root / f"posts-{month}.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for i, post in enumerate(posts):
                if i % drop:
                    data = post.to_dict()
                    data["post_id"] += f"-{month}"
                    data["published_at"] = (post.published_at + timedelta(days=days)).isoformat()
                    fh.write(json.dumps(data, ensure_ascii=False) + "\n")
        result = invoke("check", "--month", month, "--posts", path, "--config", DEMO / "auditor.toml", "--db", db,
                        "--out", out, "--quiet")
        assert result.exit_code == 1, result.output
    result = invoke("summary", "--fiscal-year", "2568", "--db", db, "--out", out)
    assert result.exit_code == 0, result.output
    cards = {m: json.loads((out / m / "scorecards.json").read_text(encoding="utf-8")) for m in MONTHS}
    return root, db, out / "fy2568", cards


def sheet(path: Path, name: str) -> list[dict]:
    rows = list(openpyxl.load_workbook(path, read_only=True)[name].iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def test_fiscal_years_in_both_eras():
    assert fiscal_year("2568") == fiscal_year("2025") == fiscal_year("๒๕๖๘")
    year, months = fiscal_year("2568")
    assert (year, str(months[0]), str(months[-1]), len(months)) == (2025, "2024-10", "2025-09", 12)


def test_the_summary_totals_are_the_monthly_results(year):
    _, _, folder, cards = year
    rows = {r["รหัสอำเภอ"]: r for r in sheet(folder / "summary-2568.xlsx", "สรุปปีงบประมาณ")}
    districts = [d["district"] for d in cards["2025-02"]["districts"]]
    assert len(districts) == 25 and set(districts) <= set(rows)
    for district in districts:
        months = [next(d for d in cards[m]["districts"] if d["district"] == district) for m in MONTHS]
        row = rows[district]
        verdicts = [d["verdict"] for d in months]
        assert (row["เดือนที่ผ่าน"], row["เดือนที่ไม่ผ่าน"], row["เดือนที่ข้อมูลไม่ครบ"]) == (
            verdicts.count("pass"), verdicts.count("fail"), verdicts.count("incomplete")), district
        assert row["โพสต์ที่นับได้"] == sum(sum(d["posts"][i]["counted"] for i in range(len(d["posts"]))) for d in months)
        assert row["กิจกรรมที่นับได้"] == sum(sum(1 for a in d["activities"] if a["counted"]) for d in months)
        for rule in cards["2025-02"]["rules_meta"]:
            got = [r["verdict"] for d in months for r in d["rules"] if r["rule"] == rule["rule"]]
            assert (row[f"{rule['short_th']}: ผ่าน"], row[f"{rule['short_th']}: ไม่ผ่าน"],
                    row[f"{rule['short_th']}: ตรวจไม่ได้"]) == (got.count("pass"), got.count("fail"), got.count("unknown"))
        figures = {r["rule"]: r for r in months[1]["rules"]}  # the demo's figures are February's
        assert row["ผู้ดาวน์โหลดแอป: ทำได้"] == figures["app-downloads"]["observed"]
        signups = [r["observed"] for d in months for r in d["rules"] if r["rule"] == "shop-signups" and r["observed"] is not None]
        assert row["ร้านค้าที่สมัคร Shop ชุมชน: ทำได้"] == (sum(signups) if signups else None)
    total = rows[None] if None in rows else next(r for r in rows.values() if r["อำเภอ"] == "รวมทั้งจังหวัด")
    assert total["เดือนที่ไม่ผ่าน"] == sum(c["summary"]["fail"] for c in cards.values())
    assert total["เดือนที่ผ่าน"] == sum(c["summary"]["pass"] for c in cards.values())
    assert total["โพสต์ที่นับได้"] == sum(rows[d]["โพสต์ที่นับได้"] for d in districts)
    need = sum(r["required"] or 0 for d in cards["2025-02"]["districts"] for r in d["rules"] if r["rule"] == "app-downloads")
    assert total["ผู้ดาวน์โหลดแอป: เป้าหมาย"] == need  # the province's own targets: the districts' summed


def test_the_ranking_puts_most_months_passed_first(year):
    _, _, folder, _ = year
    rows = [r for r in sheet(folder / "summary-2568.xlsx", "สรุปปีงบประมาณ") if r["อันดับ"]]
    assert [r["อันดับ"] for r in rows] == sorted(r["อันดับ"] for r in rows) and rows[0]["อันดับ"] == 1
    passed = [r["เดือนที่ผ่าน"] for r in rows]
    assert passed == sorted(passed, reverse=True)


def test_the_months_sheet_carries_the_running_totals_forward(year):
    _, _, folder, cards = year
    march = {r["รหัสอำเภอ"]: r for r in sheet(folder / "summary-2568.xlsx", "รายเดือน") if r["เดือน"] == "2025-03"}
    feb = {d["district"]: {r["rule"]: r for r in d["rules"]} for d in cards["2025-02"]["districts"]}
    warin = march["warin-chamrap"]
    assert "app_downloads" in CUMULATIVE_METRICS
    assert warin["ผู้ดาวน์โหลดแอป: ทำได้"] == feb["warin-chamrap"]["app-downloads"]["observed"]
    assert warin["ผู้ดาวน์โหลดแอป: ยกยอดจาก"] == "2025-02"


def test_the_pages_are_thai_first_with_a_district_history_and_an_inline_chart(year):
    _, _, folder, _ = year
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "ปีงบประมาณ 2568" in index and "ต.ค. 2567 – ก.ย. 2568" in index and "รวมทั้งจังหวัด" in index
    assert "<script" not in index and "font-src data:" in index
    page = (folder / "districts" / "warin-chamrap.html").read_text(encoding="utf-8")
    assert page.count('<li class="v-') == 12 and "<svg" in page and "<script" not in page
    assert 'href="districts/warin-chamrap.html"' in index


def test_the_summary_reads_no_scorecards(year, tmp_path):
    """The summary needs only the month summary: with every stored scorecards JSON removed it is the same."""
    root, db, folder, _ = year
    copy = tmp_path / "copy.sqlite"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with sqlite3.connect(copy) as conn:
        conn.execute("DELETE FROM scorecards")
    out = tmp_path / "out"
    assert invoke("summary", "--fiscal-year", "2025", "--db", copy, "--out", out).exit_code == 0
    assert sheet(out / "fy2568" / "summary-2568.xlsx", "สรุปปีงบประมาณ") == sheet(folder / "summary-2568.xlsx", "สรุปปีงบประมาณ")


def test_an_older_store_is_backfilled_once_from_its_scorecards(year, tmp_path):
    root, db, _, cards = year
    old = tmp_path / "old.sqlite"
    with sqlite3.connect(db) as src, sqlite3.connect(old) as dst:
        src.backup(dst)
    with sqlite3.connect(old) as conn:  # as a store written before the summary table existed
        conn.execute("DROP TABLE month_summary")
        conn.execute("DROP TABLE month_meta")
        conn.execute("PRAGMA user_version = 0")
    with Store.open(old) as store:
        rows = store.month_summary("2024-10", "2025-09")
        assert {r.month for r in rows} == set(MONTHS) and len(rows) == 75
        warin = next(r for r in rows if r.month == "2025-02" and r.district == "warin-chamrap")
        card = next(d for d in cards["2025-02"]["districts"] if d["district"] == "warin-chamrap")
        assert (warin.verdict, warin.posts) == (card["verdict"], sum(card["channels"].values()))
        assert store.month_verdicts("2025-03", 5) == {m: {d["district"]: d["verdict"] for d in cards[m]["districts"]}
                                                      for m in ("2025-01", "2025-02")}


def test_the_overview_trend_comes_from_the_month_summary(year):
    _, _, _, cards = year
    root = year[0]
    march = (root / "out" / "2025-03" / "index.html").read_text(encoding="utf-8")
    assert "trend-chart" in march  # three stored months: the chart is drawn
    assert "ก.พ. 68: ไม่ผ่าน" in march


def test_summary_usage_errors(tmp_path):
    assert invoke("summary", "--fiscal-year", "2568", "--db", tmp_path / "none.db").exit_code == 2
    Store.open(tmp_path / "empty.db").close()
    result = invoke("summary", "--fiscal-year", "68x", "--db", tmp_path / "empty.db")
    assert result.exit_code == 2 and "fiscal year '68x'" in result.output and "ปีงบประมาณ" in result.output
    # a mistyped year is named before the store is looked for
    typo = invoke("summary", "--fiscal-year", "abc", "--db", tmp_path / "none.db")
    assert typo.exit_code == 2 and "fiscal year 'abc'" in typo.output


def test_a_year_with_no_stored_month_says_so(year, tmp_path):
    _, db, _, _ = year
    result = invoke("summary", "--fiscal-year", "2542", "--db", db, "--out", tmp_path / "out")
    assert result.exit_code == 0 and "no month of fiscal year 2542 BE" in result.output
    assert "ปีงบประมาณ 2542 (เดือน ตุลาคม 2541 ถึงเดือน กันยายน 2542)" in result.output  # Thai months, Buddhist Era


def test_a_check_reads_no_earlier_months_scorecards(year, tmp_path, monkeypatch):
    """Writing a month's pages takes its trend from the month summary: loading any stored scorecards fails here."""
    root, db, _, _ = year
    copy = tmp_path / "copy.sqlite"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)

    def refuse(self, month):
        raise AssertionError(f"scorecards of {month} loaded")

    monkeypatch.setattr(Store, "load_scorecards", refuse)
    result = invoke("check", "--month", "2025-03", "--posts", root / "posts-2025-03.jsonl", "--config",
                    DEMO / "auditor.toml", "--db", copy, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 1, result.output
    page = (tmp_path / "out" / "2025-03" / "index.html").read_text(encoding="utf-8")
    assert "ก.พ. 68: ไม่ผ่าน" in page and "ม.ค. 68: ไม่ผ่าน" in page


def test_a_month_audited_before_it_ended_is_counted_as_in_progress_on_the_district_page(tmp_path):
    db, out = tmp_path / "db.sqlite", tmp_path / "out"
    scan = invoke("scan", "--month", "2025-02", "--as-of", "2025-02-20", "--replay", DEMO, "--db", db, "--out", out, "--quiet")
    assert scan.exit_code == 3, scan.output
    assert invoke("summary", "--fiscal-year", "2568", "--db", db, "--out", out).exit_code == 0
    page = (out / "fy2568" / "districts" / "warin-chamrap.html").read_text(encoding="utf-8")
    assert '<td class="tally">✓0 ✗0 ?0 · ระหว่างเดือน 1</td>' in page  # the year's row counts the month somewhere
    index = (out / "fy2568" / "index.html").read_text(encoding="utf-8")
    assert "ยังไม่สิ้นเดือนเมื่อตรวจ" in index
