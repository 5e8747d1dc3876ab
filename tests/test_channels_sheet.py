"""The channels sheet filled in as a district clerk fills it: the address forms browsers show
(Facebook /p/Name-ID/, a website's news page, a TikTok video), characters pasted along with them,
and look-ups a replay bundle has no recording of."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
import tomllib

from auditor.cli import main
from auditor.errors import ConfigError
from auditor.platforms import PLATFORMS
from auditor.present.words.operator import error as config_words
from auditor.present.setup import change_line, problem_line
from auditor.registry import load_registry, registry_from_text
from auditor.setup.channels import Online, import_channels, sheet_columns

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "cassettes" / "setup"
NO_TOKEN = Online(None, {}, {})
HASHTAGS = {"na-tan": "#สำนักงานพัฒนาชุมชนอำเภอนาตาล", "nam-khun": "#สำนักงานพัฒนาชุมชนอำเภอน้ำขุ่น"}

CONFIG = """\
[province]
id = "t"
name_th = "ทดสอบ"
name_en = "Test"

[[offices]]
id = "na-tan"
name_th = "นาตาล"
name_en = "Na Tan"
office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอนาตาล"]
channels = {}

[[offices]]
id = "nam-khun"
name_th = "น้ำขุ่น"
name_en = "Nam Khun"
office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอน้ำขุ่น"]
channels = {}
"""


def _import(tmp_path, rows: list[dict], online: Online | None = NO_TOKEN, config: str = CONFIG):
    path = tmp_path / "auditor.toml"
    path.write_text(config, encoding="utf-8")
    columns = sheet_columns()
    book = openpyxl.Workbook()
    book.active.append([c.header for c in columns])
    for row in rows:  # as the template pre-fills them, with the office's hashtags
        row = {"office_hashtags": HASHTAGS.get(row["id"], "#สำนักงาน"), **row}
        book.active.append([row.get(c.key, "") for c in columns])
    sheet = tmp_path / "channels.xlsx"
    book.save(sheet)
    result = import_channels(sheet, load_registry(path), config, online)
    return result, {o["id"]: o for o in tomllib.loads(result.text)["offices"]}


# --- 1. Facebook addresses of pages without a username ----------------------------------------------

@pytest.mark.parametrize("pasted,account,lookup", [
    ("https://www.facebook.com/p/พช.นาตาล-100064000000022/", "100064000000022", "page_id"),
    ("https://www.facebook.com/p/%E0%B8%9E%E0%B8%8A.%E0%B8%99%E0%B8%B2%E0%B8%95%E0%B8%B2%E0%B8%A5-100064000000022/?locale=th_TH",
     "100064000000022", "page_id"),
    ("https://www.facebook.com/ชื่อเพจ-104500000000013/", "104500000000013", "page_id"),
    ("https://m.facebook.com/CDD-Na-Tan-104500000000013/about/", "104500000000013", "page_id"),
    ("https://www.facebook.com/pg/cddnatan/posts/", "cddnatan", "page_name"),
    ("https://www.facebook.com/pages/category/Government-Organization/CDD-Na-Tan-104500000000013/", "104500000000013", "page_id"),
    ("https://www.facebook.com/pages/พช.นาตาล/104500000000013", "104500000000013", "page_id"),
])
def test_a_page_without_a_username_gives_the_number_at_the_end(pasted, account, lookup):
    ref = PLATFORMS["facebook"].parse_account(pasted)
    assert (ref.account, ref.lookup, ref.problem) == (account, lookup, None)


@pytest.mark.parametrize("pasted,problem", [
    ("https://www.facebook.com/p/", "not_a_page"),
    ("https://www.facebook.com/p/พช.นาตาล/", "not_a_page"),
    ("https://www.facebook.com/pg/", "not_a_page"),
    ("https://www.facebook.com/events/1234567890/", "not_a_page"),
    ("https://www.facebook.com/marketplace/item/1234567890/", "not_a_page"),
    ("https://www.facebook.com/hashtag/คลิกชุมชน", "not_a_page"),
    ("https://www.facebook.com/groups/cddubon/", "facebook_group"),
    ("https://www.facebook.com/watch/?v=1234567890", "not_a_page_url"),
    ("https://www.facebook.com/story.php?story_fbid=1&id=104500000000013", "not_a_page_url"),
    ("https://www.facebook.com/permalink.php?story_fbid=1&id=104500000000013", "not_a_page_url"),
    ("https://www.facebook.com/photo/?fbid=1234567890", "not_a_page_url"),
    ("https://www.facebook.com/reel/1234567890", "not_a_page_url"),
    ("https://www.facebook.com/share/p/1AbCdEf/", "not_a_page_url"),
    ("https://www.facebook.com/พัฒนาชุมชนนาตาล/", "page_name_invalid"),
])
def test_an_address_that_names_no_page_is_refused_with_its_reason(pasted, problem):
    assert PLATFORMS["facebook"].parse_account(pasted).problem == problem


def test_two_districts_pasting_p_addresses_get_their_own_pages(tmp_path):
    result, offices = _import(tmp_path, [
        {"id": "na-tan", "facebook": "https://www.facebook.com/p/พช.นาตาล-100064000000022/"},
        {"id": "nam-khun", "facebook": "https://www.facebook.com/p/พช.น้ำขุ่น-100064000000025/"}])
    assert offices["na-tan"]["channels"]["facebook"] == {"page_id": "100064000000022"}
    assert offices["nam-khun"]["channels"]["facebook"] == {"page_id": "100064000000025"}
    assert [p.code for p in result.problems] == ["page_id_unverified", "page_id_unverified"]


# --- 2. invisible characters pasted with an address ---------------------------------------------------

def test_invisible_characters_pasted_with_a_value_are_dropped(tmp_path):
    result, offices = _import(tmp_path, [
        {"id": "na-tan", "facebook": "facebook.com/104500000000005\u200b",
         "website": "\ufeffhttps://district.cdd.go.th/natan/\u200e", "notify_email": "natan@example.go.th\u200b\u2060"}])
    na_tan = offices["na-tan"]
    assert na_tan["channels"]["facebook"] == {"page_id": "104500000000005"}
    assert na_tan["channels"]["website"] == {"url": "https://district.cdd.go.th/natan/"}
    assert na_tan["notify"] == {"email": ["natan@example.go.th"]}
    assert result.problems == []
    registry_from_text(tmp_path / "auditor.toml", result.text)  # what was written loads


def test_the_config_refuses_an_email_holding_an_invisible_character_and_says_so(tmp_path):
    text = CONFIG + 'notify = { email = ["natan@example.go.th\u200b"] }\n'
    with pytest.raises(ConfigError, match=r"invisible character \(U\+200B\)") as caught:
        registry_from_text(tmp_path / "auditor.toml", text)
    th, en = config_words(caught.value)
    assert "มีอักขระที่มองไม่เห็น U+200B" in th and "U+200B" in en
    staff = CONFIG.replace("[[offices]]", '[notify]\nstaff = { email = ["boss@example.go.th\ufeff"] }\n\n[[offices]]', 1)
    with pytest.raises(ConfigError, match=r"invisible character \(U\+FEFF\)"):
        registry_from_text(tmp_path / "auditor.toml", staff)


# --- 3. any page of a website → its home page ---------------------------------------------------------

@pytest.mark.parametrize("pasted,root,note", [
    ("https://district.cdd.go.th/warinchamrap/ประชุมประจำเดือน-กุมภาพันธ์-2568/", "https://district.cdd.go.th/warinchamrap/", None),
    ("https://district.cdd.go.th/warinchamrap/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%8A%E0%B8%B8%E0%B8%A1/",
     "https://district.cdd.go.th/warinchamrap/", None),
    ("https://district.cdd.go.th/warinchamrap/ข่าวกิจกรรม/ประชุม/", "https://district.cdd.go.th/warinchamrap/", None),
    ("https://district.cdd.go.th/mueangubonratchathani/?p=1234", "https://district.cdd.go.th/mueangubonratchathani/", None),
    ("district.cdd.go.th/khemarat/2025/02/14/otop-news/", "https://district.cdd.go.th/khemarat/", None),
    ("https://sites.google.com/view/cddkhueangnai/หน้าแรก", "https://sites.google.com/view/cddkhueangnai/", None),
    ("https://ubonratchathani.cdd.go.th/2025/02/14/ข่าว/", "https://ubonratchathani.cdd.go.th/", "site_root_cut"),
    ("http://www.example.go.th/index.php?option=news", "http://www.example.go.th/", "site_root_cut"),
    ("https://www.example.go.th/", "https://www.example.go.th/", None),
])
def test_any_page_of_a_site_is_cut_to_its_home_page(pasted, root, note):
    ref = PLATFORMS["website"].parse_account(pasted)
    assert (ref.account, ref.problem, ref.note) == (root, None, note)


@pytest.mark.parametrize("pasted", ["https://district.cdd.go.th/", "https://district.cdd.go.th/wp-json/wp/v2/posts",
                                    "https://district.cdd.go.th/?p=12", "https://sites.google.com/view/"])
def test_the_shared_network_itself_is_no_office_site(pasted):
    assert PLATFORMS["website"].parse_account(pasted).problem == "no_site_in_address"


def test_changes_and_problems_show_thai_addresses_as_read(tmp_path):
    encoded = "https://sites.google.com/view/%E0%B8%99%E0%B8%B2%E0%B8%95%E0%B8%B2%E0%B8%A5/"
    assert change_line("na-tan", "website", "", encoded) == "na-tan: website: - → https://sites.google.com/view/นาตาล/"
    assert change_line("na-tan", "website", "https://x.go.th/%FF/", "") == "na-tan: website: https://x.go.th/%FF/ → -"
    result, offices = _import(tmp_path, [{"id": "na-tan", "website": "https://www.natan.go.th/ข่าว/ประชุม/"}])
    assert offices["na-tan"]["channels"]["website"] == {"url": "https://www.natan.go.th/"}
    [note] = result.problems
    assert (note.code, note.severity) == ("site_root_cut", "warning")
    assert "“https://www.natan.go.th/ข่าว/ประชุม/”" in problem_line(note)


# --- 4. a TikTok video link in the TikTok column ------------------------------------------------------

def test_a_tiktok_video_link_keeps_its_account_and_lists_the_video(tmp_path):
    pasted = "https://www.tiktok.com/@cdd_natan/video/7470000000000000000?is_from_webapp=1&sender_device=pc"
    result, offices = _import(tmp_path, [{"id": "na-tan", "tiktok": pasted}])
    video = "https://www.tiktok.com/@cdd_natan/video/7470000000000000000"
    assert offices["na-tan"]["channels"]["tiktok"] == {"handle": "@cdd_natan", "links": [video]}
    [note] = result.problems
    assert (note.code, note.severity) == ("video_link_listed", "warning") and "เพิ่มคลิปนี้" in problem_line(note)
    assert ("na-tan", "tiktok links", "", video) in result.changes
    again, offices = _import(tmp_path, [{"id": "na-tan", "tiktok": f"@cdd_natan\n{pasted}"}], config=result.text)
    assert again.text == result.text and not again.changes  # listed once, whatever is pasted again


def test_a_second_video_is_added_to_the_listed_ones(tmp_path):
    first, _ = _import(tmp_path, [{"id": "na-tan", "tiktok": "https://www.tiktok.com/@cdd_natan/video/7470000000000000001"}])
    _, offices = _import(tmp_path, [{"id": "na-tan", "tiktok": "https://www.tiktok.com/@cdd_natan/video/7470000000000000002"}],
                         config=first.text)
    assert offices["na-tan"]["channels"]["tiktok"]["links"] == [
        "https://www.tiktok.com/@cdd_natan/video/7470000000000000001", "https://www.tiktok.com/@cdd_natan/video/7470000000000000002"]


# --- 5. a replay bundle without the recording ----------------------------------------------------------

def test_import_replayed_without_a_recording_names_the_address(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("sheet.csv").write_text("รหัสสำนักงาน (id),Facebook,YouTube\n"
                                 "na-tan,https://www.facebook.com/cddnotrecorded,@notrecorded\n", encoding="utf-8")
    result = runner.invoke(main, ["channels", "import", "sheet.csv", "--replay", str(BUNDLE)])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "cassette" not in result.output.lower()
    assert "sheet.csv:2: Facebook: ค้นหา “https://www.facebook.com/cddnotrecorded” ไม่ได้: ชุดบันทึก (--replay)" in result.output
    assert "sheet.csv:2: YouTube: ค้นหา “@notrecorded” ไม่ได้" in result.output


def test_doctor_replayed_without_a_recording_marks_the_channel_unchecked(tmp_path, runner):
    config = tmp_path / "auditor.toml"
    config.write_text(CONFIG.replace("channels = {}", 'channels = { website = "https://district.cdd.go.th/notrecorded/", '
                                     'tiktok = "@notrecorded" }', 1), encoding="utf-8")
    result = runner.invoke(main, ["doctor", "--config", str(config), "--replay", str(BUNDLE), "--out", str(tmp_path), "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output[result.output.index("{"):])
    unchecked = {(f["platform"], f["code"]) for f in report["findings"] if f["office"] == "na-tan"}
    assert unchecked == {("website", "not_recorded"), ("tiktok", "not_recorded")}
    assert {f["status"] for f in report["findings"] if f["code"] == "not_recorded"} == {"unknown"}


# --- 6. which office a row is, and what the import says ------------------------------------------------

def test_a_row_without_an_id_is_the_office_its_name_says(tmp_path):
    result, offices = _import(tmp_path, [{"id": "", "name_th": "นาตาล (แถวใหม่)", "facebook": "104500000000022"},
                                         {"id": "", "name_th": "อำเภอน้ำขุ่น", "facebook": "104500000000025"}])
    assert offices["na-tan"]["channels"]["facebook"] == {"page_id": "104500000000022"}
    assert offices["nam-khun"]["channels"]["facebook"] == {"page_id": "104500000000025"}
    assert [(p.code, p.severity, p.params["id"]) for p in result.problems] == [
        ("office_by_name", "warning", "na-tan"), ("office_by_name", "warning", "nam-khun")]
    assert "ใช้ชื่อ “นาตาล (แถวใหม่)” เป็นสำนักงาน na-tan" in problem_line(result.problems[0])


def test_an_unknown_or_missing_id_names_the_row_and_the_closest_office(tmp_path):
    result, offices = _import(tmp_path, [{"id": "na-taan", "facebook": "104500000000022"},
                                         {"id": "", "name_th": "นาตาน", "facebook": "104500000000022"},
                                         {"id": "", "name_th": "", "facebook": "104500000000022"}])
    assert offices["na-tan"]["channels"] == {} and result.rows == 0
    lines = [problem_line(p) for p in result.errors]
    assert [p.code for p in result.errors] == ["unknown_office", "office_id_missing", "office_id_missing"]
    assert "ไม่มีสำนักงานรหัส “na-taan” ในไฟล์ตั้งค่า หมายถึง อำเภอนาตาล (na-tan) หรือไม่" in lines[0]
    assert "(did you mean na-tan?)" in lines[0]
    assert "แถวนี้ไม่มีรหัสสำนักงาน (ชื่อสำนักงาน “นาตาน”) หมายถึง อำเภอนาตาล (na-tan) หรือไม่" in lines[1]
    assert lines[2].startswith("channels.xlsx:4: รหัสสำนักงาน (id): แถวนี้ไม่มีรหัสสำนักงาน แถวนี้ไม่ได้ใช้")


def test_a_second_row_of_one_office_is_refused_not_allowed_to_undo_the_first(tmp_path):
    result, offices = _import(tmp_path, [{"id": "na-tan", "facebook": "104500000000022"},
                                         {"id": "", "name_th": "นาตาล", "facebook": ""}])
    assert offices["na-tan"]["channels"]["facebook"] == {"page_id": "104500000000022"}
    [problem] = result.problems
    assert (problem.row, problem.code, problem.params) == (3, "office_twice", {"id": "na-tan", "first": 2})


@pytest.mark.parametrize("cell", ["natan@example.go.th，boss@example.go.th", "natan@example.go.th และ boss@example.go.th",
                                  "natan@example.go.th、boss@example.go.th", "natan@example.go.th หรือ boss@example.go.th",
                                  "natan@example.go.th；boss@example.go.th", "natan@example.go.th\u00a0and boss@example.go.th"])
def test_two_addresses_split_however_they_are_separated(tmp_path, cell):
    result, offices = _import(tmp_path, [{"id": "na-tan", "notify_email": cell}])
    assert offices["na-tan"]["notify"] == {"email": ["natan@example.go.th", "boss@example.go.th"]} and not result.problems


def test_the_summary_counts_errors_and_warnings_apart_and_shows_a_cp874_sheet(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("auditor.toml").write_text(CONFIG, encoding="utf-8")
    header = ",".join(c.header for c in sheet_columns() if c.key in ("id", "name_th", "facebook", "office_hashtags"))
    rows = [header, f"na-tan,นาตาล,https://www.facebook.com/cddnatan,{HASHTAGS['na-tan']}",
            f"nam-khun,น้ำขุ่น,https://www.facebook.com/groups/1,{HASHTAGS['nam-khun']}"]
    Path("sheet.csv").write_bytes("\r\n".join(rows).encode("cp874"))
    result = runner.invoke(main, ["channels", "import", "sheet.csv"])
    assert result.exit_code == 1, result.output
    assert "sheet.csv: not UTF-8 (byte 0); read as Thai Windows cp874 (TIS-620)" in result.output
    assert "ต้องแก้ 1 รายการ (ไม่ได้ใช้), ข้อควรดู 2 รายการ (ใช้แล้ว)" in result.output  # the group; the name and the encoding
    assert "1 errors (not used), 2 warnings (used)" in result.output


def test_a_site_set_by_hand_to_a_folder_is_not_cut_when_the_template_is_imported_again(tmp_path):
    config = CONFIG.replace("channels = {}", 'channels = { website = { url = "https://www.natan.go.th/cdd/", kind = "rss" } }', 1)
    result, offices = _import(tmp_path, [{"id": "na-tan", "website": "https://www.natan.go.th/cdd/"}], config=config)
    assert result.text == config and not result.problems
    result, offices = _import(tmp_path, [{"id": "na-tan", "website": "https://www.natan.go.th/cdd/ข่าว/"}], config=config)
    assert offices["na-tan"]["channels"]["website"] == {"url": "https://www.natan.go.th/", "kind": "rss"}
    assert [p.code for p in result.problems] == ["site_root_cut"]
