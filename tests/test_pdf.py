"""PDFs and the embedded font, in a real headless Chromium with every Thai system font hidden.

FONTCONFIG_FILE points to a config that includes the system's and rejects every font that
covers Thai, so whatever Thai is drawn comes from the font the pages carry. (A config with no
font at all made Chromium 150 fail web-font loads at random and crash.) The PDFs are read
with poppler-utils (pdffonts, pdftotext, pdfinfo), as a district would copy text from them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.present.chromium import Chromium
from auditor.present.pdf import write_month_pdfs
from auditor.present.report import render_month
from sample_scorecards import sample_history, sample_scorecards

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdftoppm")
ARTIFACTS = Path(os.environ.get("AUDITOR_ARTIFACTS", Path(__file__).parent / ".artifacts")) / "screenshots"
if (CHROMIUM is None or not POPPLER) and os.environ.get("AUDITOR_REQUIRE_BROWSER"):
    raise RuntimeError("AUDITOR_REQUIRE_BROWSER is set but chromium or poppler-utils is missing: run .ci/install-chromium.sh")
if CHROMIUM is None or not POPPLER:
    pytest.skip("chromium or poppler-utils is not installed (run .ci/install-chromium.sh)", allow_module_level=True)

NO_THAI_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><pattern><patelt name="lang"><string>th</string></patelt></pattern></rejectfont></selectfont>
</fontconfig>
"""
MONTHS = ["2025-01", "2025-02"]


@pytest.fixture(scope="module")
def no_thai_fonts(tmp_path_factory):
    """Hide Thai system fonts from Chromium (and from fc-list, which proves it)."""
    conf = tmp_path_factory.mktemp("fontconfig") / "fonts.conf"
    conf.write_text(NO_THAI_FONTS, encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    listed = subprocess.run(["fc-list", ":lang=th", "family"], env=env, capture_output=True, text=True).stdout
    assert listed.strip() == "", f"Thai fonts still visible: {listed}"
    old = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(conf)  # write_month_pdfs starts its own browser
    yield env
    if old is None:
        del os.environ["FONTCONFIG_FILE"]
    else:
        os.environ["FONTCONFIG_FILE"] = old


@pytest.fixture(scope="module")
def month(tmp_path_factory, no_thai_fonts) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "2025-02"
    render_month(sample_scorecards(), out, history=sample_history(), months_present=MONTHS)
    written = write_month_pdfs(sample_scorecards(), out, history=sample_history(), months_present=MONTHS)
    assert len(written) == len(sample_scorecards()["districts"]) + 1
    return out


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def pages(pdf: Path) -> list[str]:
    return run("pdftotext", "-layout", str(pdf), "-").split("\f")[:-1]


def sizes(pdf: Path) -> list[tuple[int, int]]:
    info = run("pdfinfo", "-f", "1", "-l", "999", str(pdf))
    return [(round(float(w)), round(float(h))) for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+)", info)]


def test_district_pdf_embeds_sarabun_and_copies_thai_correctly(month):
    pdf = month / "districts" / "warin-chamrap.pdf"
    fonts = run("pdffonts", str(pdf))
    assert re.search(r"\+Sarabun-Regular +CID TrueType +Identity-H +yes +yes +yes", fonts), fonts
    assert re.search(r"\+Sarabun-Bold .* yes +yes +yes", fonts), fonts
    text = run("pdftotext", str(pdf), "-")
    # sara am and sara aa: one WeasyPrint build swapped them in the text it put in its PDFs
    for words in ("อำเภอวารินชำราบ", "บำบัดทุกข์บำรุงสุข", "จัดกิจกรรมเพิ่มอีก 1 กิจกรรม", "ลงชื่อ", "ผู้ตรวจสอบ"):
        assert words in text, words
    assert "ชำราบ" in text and "ชาราบ" not in text and "ชํา" not in text


def test_district_pdf_is_a4_with_its_name_and_page_numbers_on_every_page(month):
    for pdf in (month / "districts").glob("*.pdf"):
        texts, boxes = pages(pdf), sizes(pdf)
        assert set(boxes) == {(595, 842)}, pdf.name
        name = re.search(r"อำเภอ(\S+) · ผลการตรวจการประชาสัมพันธ์ Click ชุมชน · กุมภาพันธ์ 2568", texts[0]).group(1)
        for i, page in enumerate(texts, start=1):
            assert f"อำเภอ{name} · ผลการตรวจการประชาสัมพันธ์ Click ชุมชน" in page, (pdf.name, i)
            assert f"หน้า {i} / {len(texts)}" in page, (pdf.name, i)


def test_province_pdf_cover_then_overview_then_every_district(month):
    pdf = month / "province.pdf"
    texts, boxes = pages(pdf), sizes(pdf)
    cover = texts[0]
    assert "สรุป 25 อำเภอ" in cover and "อำเภอที่ไม่ผ่าน แยกตามเกณฑ์" in cover
    assert re.search(r"ไม่ผ่าน 20 อำเภอ · จัดกิจกรรม", cover)  # the rule most often failed comes first
    assert "สร้างเมื่อ" in cover and "ผลการตรวจเมืองอุบล" not in cover
    assert "ผลรายอำเภอ" not in cover  # the table starts on the next sheet
    landscape = [i for i, box in enumerate(boxes) if box == (842, 595)]
    assert landscape == list(range(len(landscape))) and 2 <= len(landscape) <= 3
    assert len(boxes) == len(landscape) + 25  # one portrait sheet per district in the sample
    firsts = [re.search(r"อำเภอ(\S+) · ผลการตรวจการ", t).group(1) for t in texts[len(landscape):]]
    assert firsts[:3] == ["เมืองอุบลราชธานี", "ศรีเมืองใหม่", "โขงเจียม"]
    assert all(f"หน้า {i} / {len(texts)}" in t for i, t in enumerate(texts, start=1))
    # the overview lists the failing districts first
    table = "\n".join(texts[1:len(landscape)])
    assert table.index("ไม่ผ่าน 20 อำเภอ") < table.index("ข้อมูลไม่ครบ 2 อำเภอ") < table.index("ผ่าน 3 อำเภอ")
    # no near-empty last sheet of the overview: it ends with the sign-off, after real content
    last = texts[len(landscape) - 1]
    assert "ลงชื่อ" in last and len(last.split("\n")) > 15


WIDTHS = """(() => {
  const span = document.createElement('span');
  document.body.append(span);
  const width = (text, font) => { span.style.font = font; span.textContent = text; return span.getBoundingClientRect().width; };
  const body = getComputedStyle(document.body).fontFamily;
  return {
    family: body,
    loaded: document.fonts.check('16px AuditorSarabun', 'อำเภอ'),
    thai: ['ก', 'ม', 'ไ', 'ำ', 'ฬ'].map(c => width(c.repeat(20), '16px ' + body)),
    tofu: width('ก'.repeat(20), '16px "no such font"'),
    marks: ['✓', '✗'].map(c => width(c.repeat(20), '16px ' + body)),
  };
})()"""


@pytest.mark.parametrize("name", ["districts/warin-chamrap.html", "index.html"])
def test_pages_draw_thai_from_the_embedded_font(month, no_thai_fonts, name):
    with Chromium(env=no_thai_fonts) as browser:
        m = browser.evaluate(month / name, WIDTHS)
    assert m["family"].startswith("AuditorSarabun,") and m["loaded"] is True
    # real glyphs differ in width (ไ is narrow, ม wide); boxes from no font are all alike
    assert len({round(w) for w in m["thai"]}) >= 3, m
    assert all(abs(w - m["tofu"]) > 1 for w in m["thai"][:2]), m
    assert all(w > 0 for w in m["marks"]), m


def test_screenshots_with_thai_fonts_hidden(month, no_thai_fonts):
    """Pictures for a person to look at (pytest -s prints where): the overview at 1280 and 375 px,
    a district page, and the first sheets of the province's and a district's PDF (pdftoppm).
    That the Thai in them is real glyphs is asserted by width in the test above."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with Chromium(env=no_thai_fonts) as browser:
        shots = [browser.screenshot(month / "index.html", ARTIFACTS / "nothai-index-1280.png", 1280),
                 browser.screenshot(month / "index.html", ARTIFACTS / "nothai-index-375.png", 375),
                 browser.screenshot(month / "districts/warin-chamrap.html", ARTIFACTS / "nothai-warin-chamrap-1280.png", 1280)]
    for pdf, name in ((month / "province.pdf", "province-pdf-page1"), (month / "districts/warin-chamrap.pdf", "warin-chamrap-pdf-page1")):
        run("pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(ARTIFACTS / name))
        shots.append(ARTIFACTS / f"{name}.png")
    for shot in shots:
        assert shot.stat().st_size > 20_000, shot
    print(f"\nscreenshots with Thai fonts hidden: {ARTIFACTS}")


def test_overview_fits_1280_px_and_phone_lists_failing_first(month, no_thai_fonts):
    with Chromium(env=no_thai_fonts) as browser:
        wide = browser.evaluate(month / "index.html", "[document.documentElement.scrollWidth, "
                                "document.querySelector('.table-wrap').scrollWidth, document.querySelector('.table-wrap').clientWidth]")
        phone = browser.evaluate(month / "index.html", """[...document.querySelectorAll('table.districts tbody tr')]
            .filter(tr => tr.getBoundingClientRect().height > 0).slice(0, 4).map(tr => tr.className + ' ' + tr.offsetHeight)""",
                                 width=375)
    assert wide[0] <= 1280 and wide[1] <= wide[2], f"the table scrolls sideways at 1280 px: {wide}"
    assert phone[0].startswith("group-head") and all(r.startswith("r-fail") for r in phone[1:]), phone
    assert all(int(r.split()[-1]) < 200 for r in phone[1:]), f"phone cards are not compact: {phone}"


def words_with_tops(pdf: Path, page: int) -> list[tuple[float, str]]:
    """(top in points, text) of each word pdftotext finds on one page."""
    xml = run("pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    return [(float(top), word) for top, word in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([^<]*)</word>', xml)]


def test_no_stray_marks_at_the_foot_of_a_sheet(month):
    """Thai marks stacked over a vowel stand above the line; with no room for them in a table cell
    or list item, Chromium left the marks of the row (or repeated header, or item) that moved to
    the next sheet at the foot of this one, just above the page number."""
    pdf = month / "province.pdf"
    for page in range(1, len(sizes(pdf)) + 1):
        words = words_with_tops(pdf, page)
        footer = max(top for top, word in words if word == "หน้า")
        stray = [word for top, word in words if footer - 12 < top and top < footer - 0.5]
        assert stray == [], f"page {page}: {stray}"
