"""Importers: report-form sheets and monthly figures (CSV/XLSX), the store tables, the demo sheets."""

from __future__ import annotations

import csv
from datetime import date, datetime, timezone
from pathlib import Path

import openpyxl
import pytest

from auditor.errors import InputError
from auditor.selfreport.imports import (
    DistrictIndex,
    import_figures,
    import_reports,
    normalize_channel,
    parse_sheet_date,
    parse_sheet_datetime,
    read_figures,
    read_report_sheet,
    split_urls,
)
from auditor.period import BANGKOK
from auditor.registry import load_registry
from auditor.store import Store

DEMO = Path(__file__).resolve().parent.parent / "cassettes" / "demo"
HEADERS = ["ประทับเวลา", "อำเภอ", "วันที่จัดกิจกรรม", "ชื่อกิจกรรม", "ช่องทาง", "ลิงก์"]
FB = "https://www.facebook.com/104500000000005/posts/122000000000500"


@pytest.fixture(scope="module")
def registry():
    return load_registry(DEMO / "auditor.toml")


def write_csv(path: Path, rows: list[list], headers=HEADERS, encoding="utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list], headers=HEADERS) -> Path:
    book = openpyxl.Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def row(district="อำเภอเขมราฐ", when="2025-03-10 14:22:05", activity="2025-02-13", title="อบรม OTOP",
        channel="Facebook", links=FB) -> list:
    return [when, district, activity, title, channel, links]


# --- dates ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "2025-02-25", "25/02/2568", "25/2/2568", "25/2/2025", "25-02-2568", "25 กุมภาพันธ์ 2568", "25 ก.พ. 2568",
    "25 ก.พ. 68", "25 กพ 2568", "๒๕/๐๒/๒๕๖๘", "๒๕ กุมภาพันธ์ ๒๕๖๘", "วันที่ 25 กุมภาพันธ์ พ.ศ. 2568",
    "2025-02-25 14:22:05", "25/2/2568 9:30", "25/2/2025, 14:22:05", "2568-02-25",
])
def test_every_date_form(text):
    assert parse_sheet_date(text) == date(2025, 2, 25)


def test_timestamps_are_bangkok_unless_they_say_otherwise():
    assert parse_sheet_datetime("2025-03-10 14:22:05") == datetime(2025, 3, 10, 14, 22, 5, tzinfo=BANGKOK)
    assert parse_sheet_datetime("10/3/2568 14.22 น.") == datetime(2025, 3, 10, 14, 22, tzinfo=BANGKOK)
    assert parse_sheet_datetime(datetime(2025, 3, 10, 14, 22)) == datetime(2025, 3, 10, 14, 22, tzinfo=BANGKOK)
    utc = parse_sheet_datetime("2025-03-10T07:22:05Z")
    assert utc == datetime(2025, 3, 10, 14, 22, 5, tzinfo=BANGKOK) and utc.tzinfo == timezone.utc
    # An aware time late in the UTC day is the next day in Bangkok.
    assert parse_sheet_date("2025-02-24T20:00:00+00:00") == date(2025, 2, 25)


def test_excel_cells_and_serials():
    assert parse_sheet_date(date(2025, 2, 25)) == date(2025, 2, 25)
    assert parse_sheet_date(datetime(2025, 2, 25, 0, 0)) == date(2025, 2, 25)
    assert parse_sheet_date(45713.0) == date(2025, 2, 25)


@pytest.mark.parametrize("text, problem", [
    ("2/25/2025", "day first"), ("31/02/2568", "no such date"), ("25/02/1325", "neither"), ("เมื่อวาน", "not a date"),
])
def test_bad_dates_say_why(text, problem):
    with pytest.raises(ValueError, match=problem):
        parse_sheet_date(text)


# --- districts, channels, URLs ------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "khemarat", "เขมราฐ", "อำเภอเขมราฐ", "อ.เขมราฐ", "อ. เขมราฐ", "สำนักงานพัฒนาชุมชนอำเภอเขมราฐ", "สพอ.เขมราฐ",
    "Khemarat", "KHEMARAT district", " อำเภอเขมราฐ จังหวัดอุบลราชธานี ",
])
def test_district_name_forms(registry, text):
    assert DistrictIndex(registry).resolve(text) == "khemarat"


def test_district_forms_with_sara_am_and_mueang(registry):
    index = DistrictIndex(registry)
    assert index.resolve("อำเภอน\u0e4d\u0e49\u0e32ยืน") == "nam-yuen"  # sara am typed as nikhahit + sara aa
    assert index.resolve("อำเภอเมือง") == "mueang-ubon-ratchathani"
    assert index.resolve("Mueang Ubon Ratchathani") == "mueang-ubon-ratchathani"
    for bad in ("กันทรลักษ์", "province", "สำนักงานพัฒนาชุมชนจังหวัดอุบลราชธานี"):
        with pytest.raises(ValueError, match="unknown district"):
            index.resolve(bad)


@pytest.mark.parametrize("label, channel", [
    ("Facebook", "facebook"), ("เฟซบุ๊ก", "facebook"), ("เพจ", "facebook"), ("เพจ Facebook สำนักงาน", "facebook"),
    ("เว็บไซต์", "website"), ("Website", "website"), ("Line", "line"), ("ไลน์", "line"), ("LINE OA", "line"),
    ("LINE VOOM", "line"), ("TikTok", "tiktok"), ("ติ๊กต็อก", "tiktok"), ("YouTube", "youtube"), ("ยูทูบ", "youtube"),
    ("Instagram", "instagram"), ("IG", "instagram"), ("ร้านค้าออนไลน์", "other"), ("วิทยุชุมชน", "other"),
])
def test_channel_labels(label, channel):
    assert normalize_channel(label, ()) == channel


def test_channel_from_links_when_blank_or_ambiguous():
    assert normalize_channel("", ["https://youtu.be/abcdefghijk"]) == "youtube"
    assert normalize_channel("", ["https://district.cdd.go.th/khemarat/2025/02/09/news-1050/"]) == "website"
    assert normalize_channel("Facebook, YouTube", ["https://youtu.be/abcdefghijk"]) == "youtube"
    assert normalize_channel("", [FB, "https://youtu.be/abcdefghijk"]) == "other"


def test_multi_url_cells():
    cell = f"{FB}\nhttps://youtu.be/abcdefghijk, m.facebook.com/1/posts/2 ; www.x.go.th/a\n{FB}"
    links, broken = split_urls(cell)
    assert links == (FB, "https://youtu.be/abcdefghijk", "https://m.facebook.com/1/posts/2", "https://www.x.go.th/a")
    assert broken == []
    assert split_urls("ดูได้ที่ https://a.cdd.go.th/xhttps://b.cdd.go.th/y ครับ")[0] == ("https://a.cdd.go.th/x",
                                                                                       "https://b.cdd.go.th/y")
    assert split_urls("ดูในเพจ") == ((), [])


# --- report sheets ----------------------------------------------------------------------------

def test_reads_a_form_export(tmp_path, registry):
    path = write_csv(tmp_path / "form.csv", [
        row(),
        row("อ.เมือง", "10/3/2568 9:00", "๕ กุมภาพันธ์ ๒๕๖๘", " ชวน  ดาวน์โหลด ", "LINE OA",
            "https://linevoom.line.me/post/1170000000000000001\nyoutu.be/abcdefghijk"),
    ])
    result = read_report_sheet(path, "2025-02", registry)
    assert result.errors == [] and result.warnings == []
    first, second = result.reports
    assert (first.month, first.district, first.channel, first.urls, first.row, first.source) == \
           ("2025-02", "khemarat", "facebook", (FB,), 2, "form.csv")
    assert first.submitted_at == datetime(2025, 3, 10, 14, 22, 5, tzinfo=BANGKOK)
    assert first.activity_date == date(2025, 2, 13) and first.title == "อบรม OTOP"
    assert (second.district, second.activity_date, second.title, second.channel, second.row) == \
           ("mueang-ubon-ratchathani", date(2025, 2, 5), "ชวน ดาวน์โหลด", "line", 3)
    assert second.urls == ("https://linevoom.line.me/post/1170000000000000001", "https://youtu.be/abcdefghijk")
    assert len(first.key) == 64 and first.key != second.key


def test_bad_rows_are_reported_by_row_number_and_skipped(tmp_path, registry):
    path = write_csv(tmp_path / "form.csv", [
        row(),
        row(district="กันทรลักษ์"),
        row(links=""),
        ["", "", "", "", "", ""],  # a blank row is no row at all, but keeps its number
        row(when="เมื่อวาน"),
        row(activity="31/02/2568"),
        row(links="ดูในเพจ"),
        row(district=""),
        row(title="last"),
    ])
    result = read_report_sheet(path, "2025-02", registry)
    assert [r.row for r in result.reports] == [2, 10]
    assert [(e.row, str(e)) for e in result.errors] == [
        (3, "form.csv:3: อำเภอ: 'กันทรลักษ์': unknown district (not in the registry)"),
        (4, "form.csv:4: ลิงก์: no URL given"),
        (6, "form.csv:6: ประทับเวลา: 'เมื่อวาน': not a date (expected e.g. 2025-02-25, 25/02/2568, 25 กุมภาพันธ์ 2568)"),
        (7, "form.csv:7: วันที่จัดกิจกรรม: '31/02/2568': no such date or time (day is out of range for month)"),
        (8, "form.csv:8: ลิงก์: no URL in 'ดูในเพจ'"),
        (9, "form.csv:9: อำเภอ: empty"),
    ]


def test_activity_outside_the_month_is_a_warning_not_an_error(tmp_path, registry):
    path = write_csv(tmp_path / "form.csv", [row(activity="1/3/2568"), row(when="2025-01-30 10:00:00", activity="")])
    result = read_report_sheet(path, "2568-02", registry)
    assert len(result.reports) == 2 and result.errors == []
    assert result.reports[1].activity_date is None
    assert result.warnings == [
        "form.csv:2: วันที่จัดกิจกรรม: activity date 2025-03-01 is outside 2025-02 (kept for 2025-02)",
        "form.csv:3: ประทับเวลา: submitted 2025-01-30T10:00:00+07:00, before 2025-02 began (kept for 2025-02)",
    ]


def test_configurable_columns(tmp_path, registry):
    headers = ["เวลาส่งรายงาน", "ชื่อสำนักงาน", "เรื่อง", "ลิงก์ผลงาน (Facebook/เว็บไซต์/YouTube)"]
    path = write_csv(tmp_path / "custom.csv", [["2025-03-02 08:00:00", "Khemarat", "อบรม", FB]], headers=headers)
    columns = {"submitted_at": "เวลาส่งรายงาน", "district": ["ชื่อสำนักงาน"], "title": "เรื่อง"}
    result = read_report_sheet(path, "2025-02", registry, columns=columns)
    assert result.errors == []
    report = result.reports[0]
    assert (report.district, report.title, report.urls, report.activity_date, report.channel) == \
           ("khemarat", "อบรม", (FB,), None, "facebook")
    with pytest.raises(InputError, match="columns.colour: unknown field"):
        read_report_sheet(path, "2025-02", registry, columns={"colour": "สี"})


def test_missing_column_names_file_column_and_headers_found(tmp_path, registry):
    path = write_csv(tmp_path / "form.csv", [row()[:5]], headers=HEADERS[:5])
    with pytest.raises(InputError) as info:
        read_report_sheet(path, "2025-02", registry)
    message = str(info.value)
    assert message.startswith("form.csv: missing column urls (one of: ลิงก์, ลิงก์ผลงาน, URL")
    assert "headers found: 'ประทับเวลา', 'อำเภอ', 'วันที่จัดกิจกรรม', 'ชื่อกิจกรรม', 'ช่องทาง'" in message


def test_unreadable_inputs(tmp_path, registry):
    with pytest.raises(InputError, match="file not found"):
        read_report_sheet(tmp_path / "nope.csv", "2025-02", registry)
    (tmp_path / "form.ods").write_text("x")
    with pytest.raises(InputError, match="unsupported file type '.ods'"):
        read_report_sheet(tmp_path / "form.ods", "2025-02", registry)
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(InputError, match="empty"):
        read_report_sheet(tmp_path / "empty.csv", "2025-02", registry)
    (tmp_path / "broken.xlsx").write_text("not a zip")
    with pytest.raises(InputError, match="not a readable XLSX"):
        read_report_sheet(tmp_path / "broken.xlsx", "2025-02", registry)


def test_cp874_csv_is_read_with_a_warning(tmp_path, registry):
    path = write_csv(tmp_path / "tis620.csv", [row()], encoding="cp874")
    result = read_report_sheet(path, "2025-02", registry)
    assert [r.district for r in result.reports] == ["khemarat"] and result.reports[0].title == "อบรม OTOP"
    assert result.warnings == ["tis620.csv: not UTF-8 (byte 0); read as Thai Windows cp874 (TIS-620)"]


def test_utf8_with_and_without_bom_give_the_same_reports(tmp_path, registry):
    with_bom = read_report_sheet(write_csv(tmp_path / "a.csv", [row()]), "2025-02", registry)
    without = read_report_sheet(write_csv(tmp_path / "b.csv", [row()], encoding="utf-8"), "2025-02", registry)
    assert with_bom.reports[0].key == without.reports[0].key and without.warnings == []


def test_xlsx_cells_and_sheet_choice(tmp_path, registry):
    path = write_xlsx(tmp_path / "form.xlsx", [
        [datetime(2025, 3, 10, 14, 22, 5), "เขมราฐ", datetime(2025, 2, 13), "อบรม OTOP", "Facebook", FB],
        [None, None, None, None, None, None],
        [datetime(2025, 3, 11, 9, 0), "ไม่มี", datetime(2025, 2, 14), "x", "Facebook", FB],
    ])
    result = read_report_sheet(path, "2025-02", registry)
    assert [(r.row, r.submitted_at, r.activity_date) for r in result.reports] == \
           [(2, datetime(2025, 3, 10, 14, 22, 5, tzinfo=BANGKOK), date(2025, 2, 13))]
    assert [e.row for e in result.errors] == [4]
    with pytest.raises(InputError, match="no sheet 'Form responses'"):
        read_report_sheet(path, "2025-02", registry, sheet="Form responses")


# --- store and idempotence ----------------------------------------------------------------------

def test_reimport_adds_nothing_twice(tmp_path, store, registry):
    path = write_csv(tmp_path / "form.csv", [row(), row(title="อีกกิจกรรม"), row()])  # the third repeats the first
    first = import_reports(path, "2025-02", store, registry)
    assert (first.added, first.duplicates) == (2, 1)
    again = import_reports(path, "2025-02", store, registry)
    assert (again.added, again.duplicates) == (0, 3)
    assert len(store.self_reports("2025-02")) == 2


def test_csv_then_xlsx_of_the_same_data_adds_nothing(tmp_path, store, registry):
    csv_path = write_csv(tmp_path / "form.csv", [row(activity="13/2/2568")])
    xlsx_path = write_xlsx(tmp_path / "form.xlsx", [
        [datetime(2025, 3, 10, 14, 22, 5), "อำเภอเขมราฐ", datetime(2025, 2, 13), "อบรม OTOP", "Facebook", FB]])
    assert import_reports(csv_path, "2025-02", store, registry).added == 1
    assert import_reports(xlsx_path, "2025-02", store, registry).added == 0


def test_self_reports_round_trip(tmp_path, store, registry):
    path = write_csv(tmp_path / "form.csv", [row(links=f"{FB} https://youtu.be/abcdefghijk"), row(activity="")])
    read = read_report_sheet(path, "2025-02", registry).reports
    assert not store.has_self_reports("2025-02")
    assert store.save_self_reports(read) == 2
    assert sorted(store.self_reports("2025-02"), key=lambda r: r.row) == read
    assert store.has_self_reports("2025-02") and not store.has_self_reports("2025-03")
    assert store.self_reports("2025-03") == []


def test_schema_is_idempotent_for_existing_databases(tmp_path, registry):
    db = tmp_path / "auditor.db"
    path = write_csv(tmp_path / "form.csv", [row()])
    with Store.open(db) as s:
        import_reports(path, "2025-02", s, registry)
    with Store.open(db) as s:
        assert len(s.self_reports("2025-02")) == 1


# --- figures ----------------------------------------------------------------------------------

FIGURE_HEADERS = ["อำเภอ", "สมัครร้านค้า Shop ชุมชน", "ดาวน์โหลดแอป", "CDD พาเที่ยว"]


def test_figures(tmp_path, registry):
    path = write_csv(tmp_path / "figures.csv", [
        ["เขมราฐ", "2", "110", "7"],
        ["อำเภอน้ำยืน", "", "๙๐", "1,234"],
        ["ตาลชุม", "", "", ""],
        ["นาตาล", "1.5", "50", "2"],
        ["นาเยีย", "1", "-3", "10"],
        ["ไม่มี", "1", "1", "1"],
        ["สิรินธร", "ห้า", "1", "1"],
    ], headers=FIGURE_HEADERS)
    result = read_figures(path, "2025-02", registry)
    got = {(f.district, f.metric): (f.value, f.row) for f in result.figures}
    assert got == {("khemarat", "shop_signups"): (2, 2), ("khemarat", "app_downloads"): (110, 2),
                   ("khemarat", "travel_places"): (7, 2), ("nam-yuen", "app_downloads"): (90, 3),
                   ("nam-yuen", "travel_places"): (1234, 3)}
    assert [str(e) for e in result.errors] == [
        "figures.csv:5: สมัครร้านค้า Shop ชุมชน: '1.5': not a whole number",
        "figures.csv:6: ดาวน์โหลดแอป: '-3': negative",
        "figures.csv:7: อำเภอ: 'ไม่มี': unknown district (not in the registry)",
        "figures.csv:8: สมัครร้านค้า Shop ชุมชน: 'ห้า': not a whole number",
    ]


def test_figures_from_xlsx_numbers_and_english_headers(tmp_path, registry):
    path = write_xlsx(tmp_path / "figures.xlsx", [["khemarat", 2, 110.0], ["na-tan", 1, 2.5]],
                      headers=["district", "shop_signups", "app_downloads"])
    result = read_figures(path, "2025-02", registry)
    assert [(f.district, f.metric, f.value) for f in result.figures] == [
        ("khemarat", "shop_signups", 2), ("khemarat", "app_downloads", 110)]
    assert [e.row for e in result.errors] == [3]


def test_figures_need_a_metric_column(tmp_path, registry):
    path = write_csv(tmp_path / "figures.csv", [["เขมราฐ", "3"]], headers=["อำเภอ", "หมายเหตุ"])
    with pytest.raises(InputError, match="figures.csv: no figure column found .*headers found: อำเภอ, หมายเหตุ"):
        read_figures(path, "2025-02", registry)


def test_figures_replace_on_reimport(tmp_path, store, registry):
    first = write_csv(tmp_path / "figures.csv", [["เขมราฐ", "2", "110", "7"], ["นาตาล", "0", "50", ""]],
                      headers=FIGURE_HEADERS)
    summary = import_figures(first, "2025-02", store, registry)
    assert (summary.added, summary.duplicates) == (5, 0)
    assert import_figures(first, "2025-02", store, registry).added == 0
    second = write_csv(tmp_path / "figures-fixed.csv", [["เขมราฐ", "3", "110", ""], ["นาตาล", "", "", "4"]],
                       headers=FIGURE_HEADERS)
    summary = import_figures(second, "2025-02", store, registry)
    assert (summary.added, summary.duplicates) == (2, 1)
    assert store.figures("2025-02") == {"khemarat": {"shop_signups": 3, "app_downloads": 110, "travel_places": 7},
                                        "na-tan": {"shop_signups": 0, "app_downloads": 50, "travel_places": 4}}
    assert store.has_figures("2025-02") and not store.has_figures("2025-03") and store.figures("2025-03") == {}


def test_duplicate_district_rows_warn(tmp_path, registry):
    path = write_csv(tmp_path / "figures.csv", [["เขมราฐ", "2", "", ""], ["Khemarat", "3", "", ""]],
                     headers=FIGURE_HEADERS)
    result = read_figures(path, "2025-02", registry)
    assert result.warnings == ["figures.csv:3: district khemarat also in row 2; row 3 used"]


# --- the demo sheets ----------------------------------------------------------------------------

DEMO_ERRORS = [
    (39, "อำเภอ: 'อำเภอกันทรลักษ์': unknown district (not in the registry)"),
    (70, "ลิงก์: no URL in 'รูปภาพกิจกรรมส่งในไลน์กลุ่มแล้ว'"),
]


@pytest.mark.parametrize("name", ["reports-2025-02.csv", "reports-2025-02.xlsx"])
def test_demo_report_sheet_has_exactly_the_planned_errors(registry, name):
    result = read_report_sheet(DEMO / name, "2025-02", registry)
    assert [(e.row, e.message) for e in result.errors] == DEMO_ERRORS
    assert len(result.reports) == 78
    districts = {r.district for r in result.reports}
    assert len(districts) == 24 and "kut-khaopun" not in districts
    late = {r.district for r in result.reports if r.submitted_at >= datetime(2025, 3, 16, tzinfo=BANGKOK)}
    assert late == {"nam-khun", "na-tan"}
    line = {r.district for r in result.reports if r.channel == "line"}
    assert line == {"si-mueang-mai", "thung-si-udom", "na-yia"}
    assert [w.split(": ", 1)[0] for w in result.warnings] == [f"{name}:54", f"{name}:55"]  # Nam Yuen's 1 March posts


def test_demo_csv_then_xlsx_adds_nothing(store, registry):
    assert import_reports(DEMO / "reports-2025-02.csv", "2025-02", store, registry).added == 78
    summary = import_reports(DEMO / "reports-2025-02.xlsx", "2025-02", store, registry)
    assert (summary.added, summary.duplicates) == (0, 78)


def test_demo_figures(registry):
    result = read_figures(DEMO / "figures-2025-02.csv", "2025-02", registry)
    assert result.errors == [] and result.warnings == []
    districts = {f.district for f in result.figures}
    assert len(districts) == 24 and "kut-khaopun" not in districts
    assert len(result.figures) == 72


def test_each_sheet_kind_has_its_own_configured_columns(tmp_path, make_registry):
    """[reports.columns] and [figures.columns] live side by side; neither breaks the other import."""
    from click.testing import CliRunner

    from auditor.cli import main
    from auditor.registry import default_config_path

    config = make_registry.file(default_config_path().read_text(encoding="utf-8") + '\n[reports.columns]\nsubmitted_at = '
                                '"เวลาส่ง"\n\n[figures.columns]\ntravel_places = "จำนวนแหล่งท่องเที่ยว"\n')
    figures = write_csv(tmp_path / "figures.csv", [["เขมราฐ", "7"]], headers=["อำเภอ", "จำนวนแหล่งท่องเที่ยว"])
    db = str(tmp_path / "a.db")
    result = CliRunner().invoke(main, ["import-figures", str(figures), "--month", "2025-02", "--config", str(config), "--db", db])
    assert result.exit_code == 0, result.output
    assert Store.open(db).figures("2025-02") == {"khemarat": {"travel_places": 7}}
    reports = write_csv(tmp_path / "reports.csv", [["2025-03-02 08:00:00", "เขมราฐ", FB]], headers=["เวลาส่ง", "อำเภอ", "ลิงก์"])
    result = CliRunner().invoke(main, ["import-reports", str(reports), "--month", "2025-02", "--config", str(config), "--db", db])
    assert result.exit_code == 0 and "1 reports added" in result.output, result.output


def test_a_sheet_imported_under_the_wrong_month_can_be_imported_under_the_right_one(tmp_path, store, registry):
    path = write_csv(tmp_path / "form.csv", [row()])
    assert import_reports(path, "2025-03", store, registry).added == 1
    again = import_reports(path, "2025-02", store, registry)
    assert (again.added, again.duplicates) == (1, 0)
    assert len(store.self_reports("2025-02")) == 1


def test_a_workbook_whose_first_sheet_is_not_the_form_says_which_sheets_there_are(tmp_path, registry):
    book = openpyxl.Workbook()
    book.active.title = "สรุป"
    book.active.append(["total", 3])
    form = book.create_sheet("การตอบกลับแบบฟอร์ม 1")
    form.append(HEADERS)
    form.append(row())
    book.save(tmp_path / "form.xlsx")
    with pytest.raises(InputError) as info:
        read_report_sheet(tmp_path / "form.xlsx", "2025-02", registry)
    message = str(info.value)
    assert message.startswith("form.xlsx [สรุป]: missing column")
    assert "การตอบกลับแบบฟอร์ม 1" in message and "--sheet" in message
    assert len(read_report_sheet(tmp_path / "form.xlsx", "2025-02", registry, sheet="การตอบกลับแบบฟอร์ม 1").reports) == 1


def test_an_import_with_no_usable_row_is_an_input_error(tmp_path):
    from click.testing import CliRunner

    from auditor.cli import main

    path = write_csv(tmp_path / "form.csv", [row(district="อำเภอไม่มีจริง")])
    result = CliRunner().invoke(main, ["import-reports", str(path), "--month", "2025-02", "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 2 and "form.csv: no usable row (1 rows skipped); nothing was imported" in result.output


def test_a_district_written_with_its_own_province_is_found(tmp_path):
    """The province suffixes come from the registry, not from Ubon's name."""
    from auditor.registry import load_registry
    from auditor.selfreport.imports import DistrictIndex

    config = tmp_path / "auditor.toml"
    config.write_text('[province]\nid = "sisaket"\nname_th = "ศรีสะเกษ"\nname_en = "Si Sa Ket"\n\n'
                      '[[offices]]\nid = "kantharalak"\nname_th = "กันทรลักษ์"\nname_en = "Kantharalak"\n'
                      'office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอกันทรลักษ์"]\n', encoding="utf-8")
    index = DistrictIndex(load_registry(config))
    for written in ("อำเภอกันทรลักษ์ จังหวัดศรีสะเกษ", "อ.กันทรลักษ์ จ.ศรีสะเกษ", "สพอ.กันทรลักษ์ จ.ศรีฯ"):
        assert index.resolve(written) == "kantharalak", written
    with pytest.raises(ValueError):
        index.resolve("กันทรลักษ์ จังหวัดอุบลราชธานี")  # another province's suffix is not stripped
