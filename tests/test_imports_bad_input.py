"""Report sheets and figures: every malformed cell is a row-numbered skip, a file that cannot be
read whole is an input error (exit 2), never a traceback or a silent 'nothing imported'."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from auditor.codes import InputCode
from auditor.cli import main
from auditor.errors import InputError
from auditor.registry import load_registry
from auditor.selfreport.imports import read_figures, read_report_sheet
from auditor.store import Store

DEMO = Path(__file__).resolve().parent.parent / "cassettes" / "demo"
REPORT_HEADER = "ประทับเวลา,อำเภอ,ลิงก์\n"
FIGURES_HEADER = "อำเภอ,ดาวน์โหลดแอป\n"
FB = "https://www.facebook.com/104500000000005/posts/122000000000500"


@pytest.fixture(scope="module")
def registry():
    return load_registry(DEMO / "auditor.toml")


def sheet(tmp_path, text: str, name="sheet.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("stamp, problem", [
    ("9999-12-31T23:59:59-05:00", "year 9999 is out of range"),  # was OverflowError
    ("0001-01-01T00:00:00+07:00", "year 1 is out of range"),
    ("2568-02-20T10:00:00+07:00", "a Buddhist-Era year?"),  # was accepted as the year 2568
])
def test_an_impossible_timestamp_skips_its_row(tmp_path, registry, stamp, problem):
    path = sheet(tmp_path, REPORT_HEADER + f"{stamp},เขมราฐ,{FB}\n2025-02-20 10:00,เขมราฐ,{FB}\n")
    result = read_report_sheet(path, "2025-02", registry)
    assert len(result.reports) == 1 and [e.row for e in result.errors] == [2]
    assert str(result.errors[0]).startswith(f"sheet.csv:2: ประทับเวลา: '{stamp}': ") and problem in str(result.errors[0])


def test_a_year_9999_date_cell_in_a_workbook_skips_its_row(tmp_path, registry):
    book = openpyxl.Workbook()
    book.active.append(["ประทับเวลา", "อำเภอ", "ลิงก์"])
    book.active.append([datetime(9999, 12, 31, 23, 0), "เขมราฐ", FB])
    book.active.append([datetime(2025, 2, 20, 10, 0), "เขมราฐ", FB])
    book.save(tmp_path / "form.xlsx")
    result = read_report_sheet(tmp_path / "form.xlsx", "2025-02", registry)
    assert len(result.reports) == 1 and "year 9999 is out of range" in str(result.errors[0])


@pytest.mark.parametrize("value, problem", [
    ("12345678901234567890123", "too large for a monthly count"),  # was OverflowError in SQLite
    ("1e300", "not a whole number"),
    ("nan", "not a whole number"),
    ("-3", "negative"),
])
def test_an_impossible_figure_skips_its_row(tmp_path, registry, store, value, problem):
    path = sheet(tmp_path, FIGURES_HEADER + f"เขมราฐ,{value}\nวารินชำราบ,120\n")
    result = read_figures(path, "2025-02", registry)
    assert [(f.district, f.value) for f in result.figures] == [("warin-chamrap", 120)]
    assert str(result.errors[0]).startswith("sheet.csv:2: ดาวน์โหลดแอป: ") and problem in str(result.errors[0])
    assert store.save_figures(result.figures) == 1


def test_a_23_digit_xlsx_number_is_refused_not_rounded(tmp_path, registry):
    book = openpyxl.Workbook()
    book.active.append(["อำเภอ", "ดาวน์โหลดแอป"])
    book.active.append(["เขมราฐ", 1.2345678901234568e22])
    book.save(tmp_path / "figures.xlsx")
    result = read_figures(tmp_path / "figures.xlsx", "2025-02", registry)
    assert not result.figures and "too large" in str(result.errors[0])


def cut_workbook(tmp_path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["อำเภอ", "ดาวน์โหลดแอป"])
    for i in range(2000):
        book.active.append(["เขมราฐ", i])
    whole = io.BytesIO()
    book.save(whole)
    cut = io.BytesIO()
    with zipfile.ZipFile(whole) as zin, zipfile.ZipFile(cut, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data)
    path = tmp_path / "figures.xlsx"
    path.write_bytes(cut.getvalue())
    return path


def test_a_workbook_whose_sheet_xml_is_cut_in_half_is_refused_whole(tmp_path, registry):
    with pytest.raises(InputError) as info:  # was xml.etree ParseError
        read_figures(cut_workbook(tmp_path), "2025-02", registry)
    assert str(info.value).startswith(f"{tmp_path / 'figures.xlsx'}: sheet 'Sheet' is damaged after row ")
    assert "nothing was imported" in str(info.value)
    assert info.value.code == InputCode.DAMAGED_SHEET and info.value.params["sheet"] == "Sheet"
    from auditor.present.words import operator
    th, _ = operator.error(info.value)
    assert "แผ่นงาน “Sheet” เสียหายหลังแถวที่" in th and "ให้ส่งออก (export) แผ่นงานนี้ใหม่" in th


@pytest.mark.parametrize("command, header", [("import-reports", REPORT_HEADER), ("import-figures", FIGURES_HEADER)])
def test_a_sheet_with_only_a_header_is_an_input_error(tmp_path, runner, command, header):
    path = sheet(tmp_path, header + ",,\n")  # a blank row counts as none
    db = tmp_path / "auditor.db"
    result = runner.invoke(main, [command, str(path), "--month", "2025-02", "--config", str(DEMO / "auditor.toml"),
                                  "--db", str(db)])
    assert result.exit_code == 2, result.output  # was exit 0: "0 added"
    assert "sheet.csv: only a header row, no data rows; nothing to import" in result.output
    assert "sheet.csv: มีแต่แถวหัวตาราง ไม่มีข้อมูล ยังไม่ได้นำเข้าข้อมูลใด ๆ" in result.output


def test_a_cut_workbook_is_exit_2_and_stores_nothing(tmp_path, runner):
    db = tmp_path / "auditor.db"
    result = runner.invoke(main, ["import-figures", str(cut_workbook(tmp_path)), "--month", "2025-02",
                                  "--config", str(DEMO / "auditor.toml"), "--db", str(db)])
    assert result.exit_code == 2 and "damaged" in result.output and "Traceback" not in result.output
    with Store.open(db) as store:
        assert not store.has_figures("2025-02")
