"""The setup tools: pasted values normalized, look-ups against recorded answers, the channels import
editing auditor.toml in place, each doctor line, and the whole path from a fresh clone."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest
import tomllib

from auditor.cli import main
from auditor.collect import lookup
from auditor.collect.http import make_session
from auditor.errors import ConfigError
from auditor.platforms import PLATFORMS
from auditor.present.words import setup as words
from auditor.registry import default_config_path, load_registry, registry_from_text
from auditor.rules.ruleset import load_ruleset
from auditor.setup import doctor
from auditor.setup.channels import Online, import_channels, read_value, sheet_columns
from auditor.setup.findings import Finding
from scripts.cassettes import setup as gen

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "cassettes" / "setup-cases"
BUNDLE = ROOT / "cassettes" / "setup"
SETTINGS = gen.SETTINGS
NOW = datetime(2025, 2, 28, tzinfo=timezone.utc)


# --- pasted values → ids, offline ----------------------------------------------------------------

@pytest.mark.parametrize("platform,pasted,account,lookup_kind", [
    ("facebook", "104512345678901", "104512345678901", None),
    ("facebook", "https://www.facebook.com/cddwarin", "cddwarin", "page_name"),
    ("facebook", "facebook.com/cddwarin/?ref=bookmarks", "cddwarin", "page_name"),
    ("facebook", "bangrak.district", "bangrak.district", "page_name"),
    ("facebook", "https://m.facebook.com/profile.php?id=61550000000000&mibextid=abc", "61550000000000", "page_id"),
    ("facebook", "https://www.facebook.com/people/สพอ-วาริน/61550000000001/", "61550000000001", "page_id"),
    ("facebook", "https://web.facebook.com/104500000000001?mibextid=ZbWKwL", "104500000000001", None),
    ("youtube", "UCe586c60efa64ca2beb598f", "UCe586c60efa64ca2beb598f", None),
    ("youtube", "https://www.youtube.com/channel/UCe586c60efa64ca2beb598f/videos", "UCe586c60efa64ca2beb598f", None),
    ("youtube", "@cddwarin", "@cddwarin", "handle"),
    ("youtube", "https://www.youtube.com/@cddwarin/featured", "@cddwarin", "handle"),
    ("youtube", "https://youtube.com/c/CDDWarin", "https://www.youtube.com/c/CDDWarin", "custom_url"),
    ("youtube", "https://www.youtube.com/user/cddwarin", "https://www.youtube.com/user/cddwarin", "username"),
    ("tiktok", "https://www.tiktok.com/@cdd_warin?lang=th", "@cdd_warin", None),
    ("tiktok", "https://www.tiktok.com/@cdd_warin/video/7470000000000000000", "@cdd_warin", None),
    ("tiktok", "cdd_warin", "@cdd_warin", None),
    ("website", "https://district.cdd.go.th/warinchamrap/category/news/", "https://district.cdd.go.th/warinchamrap/", None),
    ("website", "district.cdd.go.th/warinchamrap", "https://district.cdd.go.th/warinchamrap/", None),
    ("website", "https://district.cdd.go.th/warinchamrap/2025/02/14/otop-news/", "https://district.cdd.go.th/warinchamrap/", None),
    ("website", "http://www.example.go.th/index.php?option=news", "http://www.example.go.th/", None),
    ("instagram", "17841400000000000", "17841400000000000", None),
    ("instagram", "https://www.instagram.com/cddwarin/", "@cddwarin", "instagram_user_id"),
    ("line", "https://line.me/R/ti/p/@cddwarin", "@cddwarin", None),
    ("line", "https://page.line.me/cddwarin", "@cddwarin", None),
    ("threads", "https://www.threads.net/@cddwarin", "@cddwarin", None),
])
def test_a_pasted_value_becomes_the_id_or_what_to_look_up(platform, pasted, account, lookup_kind):
    ref = PLATFORMS[platform].parse_account(pasted)
    assert (ref.account, ref.lookup, ref.problem) == (account, lookup_kind, None)


@pytest.mark.parametrize("platform,pasted,problem", [
    ("facebook", "https://www.facebook.com/groups/123456", "facebook_group"),
    ("facebook", "https://www.facebook.com/share/p/1AbCdEf/", "not_a_page_url"),
    ("youtube", "https://youtu.be/abcdefghijk", "video_not_channel"),
    ("youtube", "https://www.youtube.com/watch?v=abcdefghijk", "video_not_channel"),
    ("tiktok", "https://vm.tiktok.com/ZMabc123/", "short_link"),
    ("line", "https://lin.ee/AbCdEf", "short_link"),
    ("website", "not a web address", "unrecognized"),
])
def test_a_value_that_cannot_be_an_account_is_a_problem(platform, pasted, problem):
    assert PLATFORMS[platform].parse_account(pasted).problem == problem


def test_every_configurable_platform_reads_pasted_values():
    assert all(p.parse_account is not None for p in PLATFORMS.values() if p.configurable)
    assert [c.key for c in sheet_columns() if c.key in PLATFORMS] == [p.id for p in PLATFORMS.values() if p.configurable]


def test_an_address_in_the_wrong_column_is_named():
    cell = read_value(PLATFORMS["website"], "https://www.facebook.com/cddwarin", None)
    assert cell.accounts is None and cell.problems[0][:2] == ("other_platform_url", {"value": "https://www.facebook.com/cddwarin", "other": "facebook"})


# --- config validation ---------------------------------------------------------------------------

CONFIG = """\
# the province's registry: this comment must survive an import
[province]
id = "t"
name_th = "ทดสอบ"
name_en = "Test"

[[offices]]
id = "warin-chamrap"
name_th = "วารินชำราบ"
name_en = "Warin Chamrap"
office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอวารินชำราบ"]
channels = {{ facebook = {{ page_id = "{page}", token_env = "FB_TOKEN_WARIN" }} }}

[[offices]]
id = "not-in-the-sheet"   # an office the sheet does not list
name_th = "อื่น"
name_en = "Other"
office_hashtags = ["#อื่น"]
channels = {{ youtube = "UCe586c60efa64ca2beb598f" }}
"""


def test_the_config_refuses_a_page_url_and_says_what_to_put(tmp_path):
    with pytest.raises(ConfigError, match=r"page_id: 'https://www.facebook.com/104500000000001' is a web address.*put '104500000000001'"):
        registry_from_text(tmp_path / "auditor.toml", CONFIG.format(page="https://www.facebook.com/104500000000001"))
    with pytest.raises(ConfigError, match=r"web address.*auditor channels import"):
        registry_from_text(tmp_path / "auditor.toml", CONFIG.format(page="https://www.facebook.com/cddwarin"))


def test_notify_contacts_are_validated(tmp_path):
    good = CONFIG.format(page="1") + 'notify = { email = ["a@b.go.th"], line = ["C0123456789abcdef0123456789abcdef"] }\n'
    office = registry_from_text(tmp_path / "a.toml", good).get("not-in-the-sheet")
    assert office.notify_email == ("a@b.go.th",) and office.notify_line == ("C0123456789abcdef0123456789abcdef",)
    with pytest.raises(ConfigError, match=r"notify.email: 'a@b' is not valid"):
        registry_from_text(tmp_path / "a.toml", CONFIG.format(page="1") + 'notify = { email = ["a@b"] }\n')
    with pytest.raises(ConfigError, match=r"notify.line: 'Uabc' is not valid"):
        registry_from_text(tmp_path / "a.toml", CONFIG.format(page="1") + 'notify = { line = ["Uabc"] }\n')


# --- look-ups against recorded answers -----------------------------------------------------------

def _replayed(replay_vcr, name: str):
    return replay_vcr(CASES).use_cassette(f"{name}.yaml")


def test_debug_token_reads_validity_expiry_scopes_and_reach(replay_vcr):
    with _replayed(replay_vcr, "debug_token_page"):
        info = lookup.debug_token(make_session(retries=0), SETTINGS, gen.FAKE_TOKEN)
    assert info.valid and info.type == "PAGE" and info.profile_id == "104512345678901"
    assert info.expires_at is None and info.data_access_expires_at == datetime.fromtimestamp(1767139200, timezone.utc)
    assert info.reach == {"104512345678901"} and "pages_read_engagement" in info.scopes


def test_debug_token_reads_an_invalid_token_answered_with_200(replay_vcr):
    with _replayed(replay_vcr, "debug_token_invalid"):
        info = lookup.debug_token(make_session(retries=0), SETTINGS, gen.FAKE_TOKEN)
    assert not info.valid and (info.error_code, info.error_subcode) == (190, 460)


@pytest.mark.parametrize("name,status,code", [
    ("debug_token_page", "ok", "token_ok"),
    ("debug_token_invalid", "fail", "token_invalid"),
    ("debug_token_garbage", "fail", "token_invalid"),
    ("debug_token_no_read_scope", "fail", "token_scope_missing"),
    ("debug_token_expiring", "warn", "token_expires_soon"),
])
def test_each_token_line(replay_vcr, name, status, code):
    online = Online(make_session(retries=0), SETTINGS, {"AUDITOR_FACEBOOK_TOKEN": gen.FAKE_TOKEN})
    with _replayed(replay_vcr, name):
        [finding] = doctor.TokenChecks(online, NOW).check("AUDITOR_FACEBOOK_TOKEN")
    assert (finding.status, finding.code) == (status, code)
    assert gen.FAKE_TOKEN not in json.dumps(finding.as_dict())


def test_a_token_expiring_within_14_days_names_the_buddhist_era_date(replay_vcr):
    online = Online(make_session(retries=0), SETTINGS, {"T": gen.FAKE_TOKEN})
    with _replayed(replay_vcr, "debug_token_expiring"):
        [finding] = doctor.TokenChecks(online, NOW).check("T")
    th, en, fix = words.finding_words(finding.code, finding.params)
    assert "10 มี.ค. 2568" in th and "(อีก 10 วัน)" in th and "2025-03-10" in en and "10 มี.ค. 2568" in fix
    with _replayed(replay_vcr, "debug_token_expiring"):  # the day after, it has expired
        [late] = doctor.TokenChecks(online, gen.EXPIRES_SOON + timedelta(days=1)).check("T")
    assert (late.status, late.code) == ("fail", "token_expired")


def test_a_missing_token_is_a_failure_naming_the_variable():
    [finding] = doctor.TokenChecks(Online(None, SETTINGS, {}), NOW).check("AUDITOR_FACEBOOK_TOKEN")
    assert (finding.status, finding.code, finding.params) == ("fail", "token_missing", {"env": "AUDITOR_FACEBOOK_TOKEN"})


@pytest.mark.parametrize("name,expected", [
    ("bangrak.district", ("104512345678901", "สำนักงานเขตบางรัก", None)),
    ("bangrak.distrikt", (None, "", "page_name_unknown")),
    ("104599999999999", (None, "", "page_not_visible")),
])
def test_page_lookups(replay_vcr, name, expected):
    with _replayed(replay_vcr, "graph_lookups"):
        found = lookup.facebook_page(make_session(retries=0), SETTINGS, gen.FAKE_TOKEN, name)
    assert (found.account, found.name, found.code) == expected


@pytest.mark.parametrize("key,kind,name,expected", [
    ("FAKEKEY", "handle", "@bangrakdistrict", ("UCa1b2c3d4e5f6g7h8i9j0kL", None)),
    ("FAKEKEY", "username", "bangrakold", (None, "channel_not_found")),  # HTTP 200 without items
    ("FAKEKEY", "handle", "@badkey", (None, "api_key_invalid")),
    ("", "handle", "@cddnokey", ("UCz9y8x7w6v5u4t3s2r1q0pA", None)),  # no key: the page's canonical link
    ("", "custom_url", "ConsentWall", (None, "channel_id_not_on_page")),
    ("", "username", "gone", (None, "channel_not_found")),
])
def test_youtube_lookups(replay_vcr, key, kind, name, expected):
    with _replayed(replay_vcr, "youtube_lookups"):
        found = lookup.youtube_channel(make_session(retries=0), SETTINGS, key, kind, name)
    assert (found.account, found.code) == expected


def test_tiktok_profile_lookups(replay_vcr):
    with _replayed(replay_vcr, "tiktok_lookups"):
        session = make_session(retries=0)
        found = lookup.tiktok_profile(session, SETTINGS, "@bangrak.district")
        missing = lookup.tiktok_profile(session, SETTINGS, "@no_such_handle_x")
    assert (found.account, found.name) == ("@bangrak.district", "สำนักงานเขตบางรัก")
    assert missing.code == "tiktok_not_found"


# --- the import ---------------------------------------------------------------------------------

def _sheet(tmp_path, rows: list[dict]) -> Path:
    columns = sheet_columns()
    book = openpyxl.Workbook()
    book.active.append([c.header for c in columns])
    for row in rows:  # as the template pre-fills them, with the office's hashtags
        row = {"office_hashtags": "#สำนักงานพัฒนาชุมชนอำเภอวารินชำราบ", **row}
        book.active.append([row.get(c.key, "") for c in columns])
    path = tmp_path / "channels.xlsx"
    book.save(path)
    return path


def test_import_keeps_comments_options_and_offices_the_sheet_does_not_list(tmp_path, replay_vcr):
    text = CONFIG.format(page="cddwarin")
    config = tmp_path / "auditor.toml"
    config.write_text(text, encoding="utf-8")
    sheet = _sheet(tmp_path, [{"id": "warin-chamrap", "facebook": "https://www.facebook.com/bangrak.district",
                               "youtube": "https://youtu.be/abcdefghijk", "notify_email": "cdd@example.go.th"}])
    online = Online(make_session(retries=0), SETTINGS, {"AUDITOR_FACEBOOK_TOKEN": gen.FAKE_TOKEN})
    with _replayed(replay_vcr, "graph_lookups"):
        result = import_channels(sheet, load_registry(config), text, online)
    assert "# the province's registry: this comment must survive an import" in result.text
    assert "# an office the sheet does not list" in result.text
    data = tomllib.loads(result.text)
    warin, other = data["offices"]
    assert warin["channels"]["facebook"] == {"page_id": "104512345678901", "token_env": "FB_TOKEN_WARIN"}
    assert "youtube" not in warin["channels"] and warin["notify"] == {"email": ["cdd@example.go.th"]}
    assert other["channels"] == {"youtube": "UCe586c60efa64ca2beb598f"}
    [problem] = result.errors
    assert (problem.row, problem.code, problem.severity) == (2, "video_not_channel", "error")
    from auditor.present.setup import problem_line
    assert problem_line(problem).startswith("channels.xlsx:2: YouTube: “https://youtu.be/abcdefghijk” เป็นลิงก์คลิป")


def test_without_a_token_a_page_name_is_kept_and_flagged(tmp_path):
    text = CONFIG.format(page="104500000000013")
    config = tmp_path / "auditor.toml"
    config.write_text(text, encoding="utf-8")
    sheet = _sheet(tmp_path, [{"id": "warin-chamrap", "facebook": "https://www.facebook.com/cddwarin"},
                              {"id": "no-such-office", "facebook": "1"}])
    result = import_channels(sheet, load_registry(config), text, Online(None, SETTINGS, {}))
    assert tomllib.loads(result.text)["offices"][0]["channels"]["facebook"]["page_id"] == "cddwarin"
    assert [(p.row, p.code, p.severity) for p in result.problems] == [
        (2, "page_name_unverified", "warning"), (3, "unknown_office", "error")]


def test_a_cell_that_cannot_be_used_leaves_the_config_as_it_was(tmp_path):
    text = CONFIG.format(page="104500000000013")
    config = tmp_path / "auditor.toml"
    config.write_text(text, encoding="utf-8")
    sheet = _sheet(tmp_path, [{"id": "warin-chamrap", "facebook": "104500000000099\nhttps://www.facebook.com/groups/1",
                               "notify_line": "not-a-line-id"}])
    result = import_channels(sheet, load_registry(config), text, None)
    assert result.text == text and not result.changes
    assert [(p.code, p.column) for p in result.problems] == [("facebook_group", "Facebook"),
                                                            ("bad_line", "แจ้งผลทาง LINE (group/user id)")]


# --- doctor, line by line --------------------------------------------------------------------------

def test_offline_lines(tmp_path):
    registry = load_registry(default_config_path())
    ubon = load_ruleset(ROOT / "rules" / "click-chumchon-2568-ubon.yaml")
    lines = doctor.check_config(registry)
    assert lines[0].code == "config_ok" and {f.code for f in lines[1:]} == {"no_channels"}
    assert [f.status for f in lines if f.office == "warin-chamrap"] == ["fail"]
    assert [f.status for f in lines if f.office == "province"] == ["warn"]
    assert doctor.check_targets(ubon, registry)[0].code == "targets_ok"
    assert doctor.check_ruleset(ubon, registry)[0].code == "ruleset_ok"
    bad = registry_from_text(tmp_path / "a.toml", CONFIG.format(page="1") + '[reports.columns]\nsubmited_at = "x"\n')
    assert [f.code for f in doctor.check_report_columns(bad)] == ["columns_invalid", "columns_ok"]


def test_each_word_entry_formats_without_a_missing_field():
    for code in words.FINDINGS:
        th, en, _ = words.finding_words(code, {"env": "E", "account": "a"})
        assert th and en
    for code in words.PROBLEMS:
        assert all(words.problem_words(code, {"value": "v"}))


def test_findings_refuse_an_unknown_status():
    with pytest.raises(ValueError):
        Finding(None, "config", "maybe", "x")


# --- from a fresh clone: template, fill in, import, doctor -----------------------------------------

def test_from_a_fresh_clone_to_the_doctor_table_and_setup_html(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["channels", "template", "--out", "channels.xlsx"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook("channels.xlsx")
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["รหัสสำนักงาน (id)", "สำนักงาน (office)", "Facebook"] and book.sheetnames[1] == words.HELP_SHEET
    demo = load_registry(ROOT / "cassettes" / "demo" / "auditor.toml")
    keys = [c.key for c in sheet_columns()]
    for number, row in enumerate(sheet.iter_rows(min_row=2), start=0):
        office = demo.get(row[0].value)
        for key, value in gen.sample_cells(office, number).items():
            row[keys.index(key)].value = value
    book.save("channels.xlsx")

    result = runner.invoke(main, ["channels", "import", "channels.xlsx", "--replay", str(BUNDLE)])
    assert result.exit_code == 0, result.output
    written = load_registry("auditor.toml")
    warin = written.get("warin-chamrap")
    assert {c.platform: c.account for c in warin.channels} == {
        "facebook": "104500000000013", "website": "https://district.cdd.go.th/warinchamrap/",
        "youtube": "UCc6240e0a2a1a8076d2505e"}
    assert all({c.platform: c.account for c in written.get(o.id).channels} == {c.platform: c.account for c in o.channels}
               for o in demo.offices)
    assert "# Channels are empty where unknown." in Path("auditor.toml").read_text(encoding="utf-8")

    result = runner.invoke(main, ["doctor", "--config", "auditor.toml", "--replay", str(BUNDLE), "--out", "out"])
    assert result.exit_code == 1, result.output
    out = result.output
    assert "ยังไม่พร้อม: ต้องแก้ 3 รายการ" in out and "replay-auditor" not in out
    html = Path("out/setup.html").read_text(encoding="utf-8")
    assert "ตรวจความพร้อมการตั้งค่า" in html and "โทเค็น AUDITOR_FACEBOOK_TOKEN ใช้ได้" in html and "replay-" not in html

    result = runner.invoke(main, ["doctor", "--config", "auditor.toml", "--replay", str(BUNDLE), "--out", "out", "--json",
                                  "--write-modes"])
    report = json.loads(result.output[result.output.index("{"):])
    failed = {(f["office"], f["platform"], f["code"]) for f in report["findings"] if f["status"] == "fail"}
    assert failed == {("si-mueang-mai", "facebook", "posts_permission_missing"),
                      ("khemarat", "website", "website_unreadable"),
                      ("nam-khun", "facebook", "page_not_granted")}
    assert {"office": "khueang-nai", "url": "https://district.cdd.go.th/khueangnai/", "kind": "rss"} in report["website_modes"]
    assert next(f for f in report["findings"] if f["code"] == "click_page_ok")["params"]["actual"] == gen.CLICK_PAGE_ID
    kinds = {c.account: c.option("kind") for o in load_registry("auditor.toml").offices for c in o.channels
             if c.platform == "website"}
    assert kinds["https://district.cdd.go.th/khueangnai/"] == "rss" and kinds["https://district.cdd.go.th/detudom/"] == "wordpress"
    assert kinds["https://district.cdd.go.th/khemarat/"] is None


def test_doctor_refuses_a_bad_config_with_exit_2(tmp_path, runner):
    config = tmp_path / "auditor.toml"
    config.write_text(CONFIG.format(page="https://www.facebook.com/cddwarin"), encoding="utf-8")
    result = runner.invoke(main, ["doctor", "--config", str(config), "--out", str(tmp_path)])
    assert result.exit_code == 2 and "is a web address" in result.output
