"""What the terminal tells an operator comes from one catalog, Thai first with English beside.

Every operator code (auditor.codes: ConfigCode, UsageCode, InputCode, RowCode) has Thai and
English wording; the errors the library raises carry the code and every parameter their words
need; the commands print Thai first; --district takes Thai names and suggests the closest one.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor import codes
from auditor.cli import main
from auditor.errors import ConfigError, InputError, UsageError
from auditor.period import parse_month_arg
from auditor.present import words
from auditor.present.words import operator
from auditor.present.words.setup import FINDINGS
from auditor.registry import load_registry, registry_from_text
from auditor.selfreport.imports import read_figures, read_report_sheet
from tests.helpers import promo, write_jsonl

ROOT = Path(__file__).parent.parent
OPERATOR_TABLES = {codes.ConfigCode: operator.CONFIG, codes.UsageCode: operator.USAGE, codes.InputCode: operator.INPUT,
                   codes.RowCode: operator.ROWS, codes.PackProblem: operator.PACK_PROBLEMS,
                   codes.Reevaluation: operator.REEVALUATION, codes.OverrideStatus: operator.OVERRIDE_STATUS,
                   codes.LineCode: operator.LINE_PROBLEMS}


def _thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def _literal(template: str) -> str:
    return "".join(text for text, *_ in string.Formatter().parse(template))


@pytest.mark.parametrize("enum", OPERATOR_TABLES, ids=lambda e: e.__name__)
def test_every_operator_code_has_thai_and_english(enum):
    table = OPERATOR_TABLES[enum]
    assert [m.value for m in enum if m not in table] == []
    for member in enum:
        th, en = table[member]
        assert _thai(_literal(th)), (member, th)
        assert en.strip() and not _thai(_literal(en)), (member, en)
        operator.say(member, {})  # fills from no parameters without raising


def test_every_line_the_commands_print_has_thai_and_english():
    for name, (th, en) in {**operator.LINES, **operator.HEADINGS}.items():
        assert _thai(_literal(th)) and en.strip() and not _thai(_literal(en)), name


@pytest.fixture
def strict(monkeypatch):
    """A parameter a template names but the error did not carry fails the test instead of showing '?'."""
    def missing(self, key):
        raise AssertionError(f"parameter {key!r} missing")

    monkeypatch.setattr(words.Shown, "__missing__", missing)


OFFICE = '[[offices]]\nid = "a"\nname_th = "ก"\nname_en = "A"\noffice_hashtags = ["#ก"]\n'
BAD_CONFIGS = [
    ("[province\n", codes.ConfigCode.NOT_TOML),
    (OFFICE + "chanels = {}\n", codes.ConfigCode.UNKNOWN_KEY),
    (OFFICE + "zzz = 1\n", codes.ConfigCode.UNKNOWN_KEY),
    (OFFICE + 'channels = { facebook = { page_id = "1", token = "x" } }\n', codes.ConfigCode.SECRET),
    (OFFICE + 'channels = { facebook = "https://www.facebook.com/cddwarin" }\n', codes.ConfigCode.ID_NEEDED),
    (OFFICE + 'channels = { facebook = "https://www.facebook.com/104500000000001" }\n', codes.ConfigCode.ID_NEEDED),
    (OFFICE + 'channels = { website = "district.cdd.go.th/x" }\n', codes.ConfigCode.URL_NEEDED),
    (OFFICE + 'channels = { myspace = "x" }\n', codes.ConfigCode.UNKNOWN_PLATFORM),
    (OFFICE + 'notify = { email = ["not-an-address"] }\n', codes.ConfigCode.CONTACT),
    (OFFICE + 'notify = { line = ["U123"] }\n', codes.ConfigCode.CONTACT),
    (OFFICE + 'links = "https://x.y"\n', codes.ConfigCode.WRONG_TYPE),
    (OFFICE + OFFICE, codes.ConfigCode.DUPLICATE_ID),
    (OFFICE.replace('["#ก"]', "[]"), codes.ConfigCode.NO_OFFICE_HASHTAG),
    (OFFICE.replace('["#ก"]', '["ก"]'), codes.ConfigCode.HASHTAGS),
    (OFFICE.replace('name_en = "A"\n', ""), codes.ConfigCode.MISSING),
    (OFFICE + 'kind = "amphoe"\n', codes.ConfigCode.OFFICE_KIND),
    ("[province]\nreport_deadline_day = 31\n" + OFFICE, codes.ConfigCode.DEADLINE_DAY),
    ("[province]\ntimezone = \"UTC\"\n" + OFFICE, codes.ConfigCode.TIMEZONE),
    ("[reports]\nreport_base_url = \"ftp://x\"\n" + OFFICE, codes.ConfigCode.BASE_URL),
    ("[province]\n", codes.ConfigCode.NO_OFFICES),
]


@pytest.mark.parametrize("text, code", BAD_CONFIGS, ids=[c.value + str(i) for i, (_, c) in enumerate(BAD_CONFIGS)])
def test_config_errors_carry_their_code_and_every_parameter(strict, text, code):
    with pytest.raises(ConfigError) as caught:
        registry_from_text("auditor.toml", text)
    exc = caught.value
    assert exc.code == code
    th, en = operator.error(exc)
    assert th.startswith("auditor.toml") or "auditor.toml" in th
    assert _thai(th) and not _thai(_literal(operator.CONFIG[code][1]))
    # the catalog's English says what the library's message says
    assert en == str(exc), (en, str(exc))


def test_a_missing_config_file_is_worded(strict, tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_registry(tmp_path / "nope.toml")
    th, en = operator.error(caught.value)
    assert th.startswith("ไม่พบไฟล์ตั้งค่า") and en == str(caught.value)


@pytest.mark.parametrize("value, code", [("2025-13", codes.UsageCode.MONTH_NUMBER), ("2025-2", codes.UsageCode.MONTH_DIGITS),
                                         ("feb", codes.UsageCode.MONTH_FORMAT), ("1899-02", codes.UsageCode.MONTH_YEAR)])
def test_bad_months_are_worded(strict, value, code):
    with pytest.raises(UsageError) as caught:
        parse_month_arg(value)
    assert caught.value.code == code
    th, _ = operator.error(caught.value)
    assert _thai(th) and value in th


def test_an_uncoded_error_is_shown_under_its_heading():
    """A plain message (a newer check that has no code yet) keeps working: Thai heading, English message."""
    th, en = operator.error(ConfigError("auditor.toml: scan.retries: expected a whole number"))
    assert th == "ไฟล์ตั้งค่าไม่ถูกต้อง: auditor.toml: scan.retries: expected a whole number"
    assert en == "auditor.toml: scan.retries: expected a whole number"


def test_import_problems_are_worded_with_file_row_and_column(strict, tmp_path, registry):
    sheet = tmp_path / "form.csv"
    sheet.write_text("อำเภอ,ประทับเวลา,วันที่จัดกิจกรรม,ลิงก์\n"
                     "วาลินชำราบ,1/2/2568,,https://www.facebook.com/1/posts/2\n"
                     "เขมราฐ,32/2/2568,,https://www.facebook.com/1/posts/3\n"
                     "เขมราฐ,2/2/2568,,ดูในเพจ\n"
                     "เขมราฐ,2/2/2568,1/3/2568,https://www.facebook.com/1/posts/4 www.\n", encoding="utf-8")
    result = read_report_sheet(sheet, "2025-02", registry)
    said = [operator.problem(e) for e in result.errors]
    assert [e.code for e in result.errors] == [codes.RowCode.UNKNOWN_DISTRICT, codes.RowCode.BAD_DATE, codes.RowCode.NO_URL]
    assert said[0][0] == "form.csv:2: อำเภอ: “วาลินชำราบ” ไม่ใช่อำเภอในไฟล์ตั้งค่า หมายถึง “อำเภอวารินชำราบ” (warin-chamrap) หรือไม่"
    assert said[0][1].endswith("unknown district (not in the registry) (did you mean warin-chamrap?)")
    assert said[2][0] == "form.csv:4: ลิงก์: ไม่พบลิงก์ใน “ดูในเพจ”"
    warnings = [operator.problem(w)[0] for w in result.warnings]
    assert "form.csv:5: วันที่จัดกิจกรรม: วันที่ 1 มี.ค. 2568 อยู่นอกเดือน กุมภาพันธ์ 2568 (ยังนับไว้ในเดือน กุมภาพันธ์ 2568)" in warnings


def test_figure_problems_are_worded(strict, tmp_path, registry):
    sheet = tmp_path / "figures.csv"
    sheet.write_text("อำเภอ,ดาวน์โหลดแอป\nเขมราฐ,-3\nเขมราฐ,1.5\nเขมราฐ,4\nเขมราฐ,5\n", encoding="utf-8")
    result = read_figures(sheet, "2025-02", registry)
    assert [operator.problem(e)[0] for e in result.errors] == [
        "figures.csv:2: ดาวน์โหลดแอป: “-3” ติดลบ", "figures.csv:3: ดาวน์โหลดแอป: “1.5” ไม่ใช่จำนวนเต็ม"]
    assert [operator.problem(w)[0] for w in result.warnings] == ["figures.csv:5: อำเภอ khemarat มีอีกแถวหนึ่ง (แถว 4) ใช้ค่าของแถว 5"]


def test_a_sheet_without_the_needed_columns_is_worded(strict, tmp_path, registry):
    sheet = tmp_path / "form.csv"
    sheet.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_report_sheet(sheet, "2025-02", registry)
    th, en = operator.error(caught.value)
    assert th.startswith("form.csv: ไม่พบคอลัมน์ submitted_at (หัวคอลัมน์ที่รับ: ประทับเวลา") and "'a', 'b'" in th
    assert en == str(caught.value)


# --- the commands -------------------------------------------------------------------------------


def _lines(result) -> list[str]:
    return result.output.splitlines()


def test_errors_print_thai_first_then_english(tmp_path):
    bad = tmp_path / "auditor.toml"
    bad.write_text(OFFICE + "chanels = {}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--month", "2025-02", "--config", str(bad), "--posts", "x.jsonl"])
    assert result.exit_code == 2
    th, en = _lines(result)[-2:]
    assert th.startswith("ข้อผิดพลาด: ") and "ไม่รู้จักชื่อนี้" in th and "“channels”" in th
    assert en == f"Error: {bad}: offices[0] (a).chanels: unknown key (did you mean 'channels'?)"


def test_a_bad_month_is_worded_without_a_usage_dump():
    result = CliRunner().invoke(main, ["check", "--month", "2568-2", "--posts", "x.jsonl"])
    assert result.exit_code == 2
    assert _lines(result) == ["ข้อผิดพลาด: เดือน “2568-2”: ให้เขียนเลขเดือนสองหลัก เช่น 2568-02",
                              "Error: month '2568-2': write the month with two digits, e.g. 2568-02 (YYYY-MM)"]


@pytest.mark.parametrize("name", ["วารินชำราบ", "อำเภอวารินชำราบ", "อ.วารินชําราบ", " วารินชำราบ ", "warin-chamrap", "Warin Chamrap"])
def test_district_takes_thai_names(tmp_path, name):
    posts = write_jsonl(tmp_path / "posts.jsonl", [promo(1)])
    result = CliRunner().invoke(main, ["check", "--month", "2025-02", "--posts", str(posts), "--out", str(tmp_path / "o"),
                                       "--db", str(tmp_path / "none.db"), "--district", name, "--json"])
    cards = json.loads(result.stdout)
    assert [d["district"] for d in cards["districts"]] == ["warin-chamrap"]


@pytest.mark.parametrize("command", [["check", "--posts", "x.jsonl"], ["scan"]])
@pytest.mark.parametrize("typo", ["วาลินชำราบ", "วารินชำราบx", "warinn", "warin-chamrab"])
def test_a_misspelt_district_suggests_the_closest(tmp_path, command, typo):
    result = CliRunner().invoke(main, [*command, "--month", "2025-02", "--db", str(tmp_path / "a.db"), "--district", typo])
    assert result.exit_code == 2
    th, en = _lines(result)[-2:]
    assert th.startswith(f"ข้อผิดพลาด: ไม่พบอำเภอ “{typo}” หมายถึง อำเภอวารินชำราบ (warin-chamrap) หรือไม่")
    assert en.startswith(f"Error: unknown district id(s): {typo} (did you mean warin-chamrap (วารินชำราบ)?)")
    assert not (tmp_path / "a.db").exists()  # refused before anything was opened


def test_a_district_nothing_like_any_is_refused_without_a_guess(tmp_path):
    result = CliRunner().invoke(main, ["check", "--month", "2025-02", "--posts", "x.jsonl", "--district", "atlantis"])
    assert result.exit_code == 2 and "หมายถึง" not in result.output and "unknown district id(s): atlantis" in result.output


def test_setup_guide_explains_every_doctor_line_that_needs_doing():
    """docs/setup-th.md lists each doctor finding that comes with a fix (✗, ? or !), by its code."""
    guide = (ROOT / "docs" / "setup-th.md").read_text(encoding="utf-8")
    missing = [code for code, (_, _, fix) in FINDINGS.items() if fix and f"`{code}`" not in guide]
    assert missing == []
    assert "auditor channels template" in guide and "auditor channels import" in guide and "auditor doctor" in guide

