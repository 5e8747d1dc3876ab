"""HTML report: gold files, escaping, links, Thai labels and digits.

Gold files live in tests/gold/2025-02/ and hold the pages rendered from
tests/sample_scorecards.py after scrub() blanks the generation time and versions.
After an intended change to templates or view-models, regenerate and review the diff:

    AUDITOR_UPDATE_GOLD=1 python -m pytest tests/test_report.py -q
    git diff tests/gold/
"""

from __future__ import annotations

import copy
import os
import re
from fnmatch import fnmatch
from pathlib import Path

import pytest

from auditor import views
from auditor.report import environment, render_month
from auditor.resources import bundled_dir
from sample_scorecards import sample_history, sample_scorecards

GOLD = Path(__file__).parent / "gold" / "2025-02"
GOLD_PAGES = [
    "index.html",
    "districts/warin-chamrap.html",
    "districts/det-udom.html",
    "districts/khong-chiam.html",
    "districts/khueang-nai.html",
]
MONTHS = ["2025-01", "2025-02"]


def scrub(html: str) -> str:
    """Blank what changes from run to run or release to release: generation time, versions."""
    html = re.sub(r'(<span class="gen">)[^<]*(</span>)', r"\1[generated]\2", html)
    return re.sub(r'(<span class="ver">)[^<]*(</span>)', r"\1[version]\2", html)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "2025-02"
    render_month(sample_scorecards(), out, history=sample_history(), months_present=MONTHS)
    return out


def read(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


# ------------------------------------------------------------------ gold files


@pytest.mark.parametrize("name", GOLD_PAGES)
def test_gold(site, name):
    actual = scrub(read(site, name))
    gold = GOLD / name
    if os.environ.get("AUDITOR_UPDATE_GOLD"):
        gold.parent.mkdir(parents=True, exist_ok=True)
        gold.write_text(actual, encoding="utf-8")
    assert gold.exists(), f"no gold file {gold}; run with AUDITOR_UPDATE_GOLD=1 to create it"
    assert actual == gold.read_text(encoding="utf-8"), f"{name} differs from {gold} (AUDITOR_UPDATE_GOLD=1 to accept)"


def test_scrub_hides_time_and_version():
    sc = sample_scorecards()
    pages = []
    for stamp, version in (("2025-03-01T02:15:00Z", "0.1.0"), ("2026-01-09T11:00:00Z", "9.9.9")):
        sc["generated_at"], sc["tool_version"] = stamp, version
        overview = views.build_overview(sc)
        pages.append(scrub(environment().get_template("index.html").render(page=overview)))
    assert pages[0] == pages[1]


# ------------------------------------------------------------------ what gets written


def test_writes_overview_districts_and_print_page(site):
    sc = sample_scorecards()
    assert (site / "index.html").is_file()
    assert (site / "print.html").is_file()
    assert sorted(p.stem for p in (site / "districts").glob("*.html")) == sorted(d["district"] for d in sc["districts"])


def test_returns_every_path(tmp_path):
    written = render_month(sample_scorecards(), tmp_path)
    assert len(written) == 25 + 2
    assert all(p.is_file() for p in written)


def test_pages_are_self_contained(site):
    for page in [site / "index.html", site / "print.html", *(site / "districts").glob("*.html")]:
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html
        assert not re.search(r"<link\b|@import|url\(|<[a-zA-Z][^>]*\ssrc=", html), page.name
        assert "default-src 'none'" in html  # CSP: nothing may load or run even if forwarded


def test_templates_ship_as_package_data():
    """pyproject packages templates/*.html and *.css only: no subfolders, nothing else."""
    folder = bundled_dir("templates")
    files = [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert files
    for p in files:
        assert p.parent == folder, f"{p} is in a subfolder and would not be packaged"
        assert fnmatch(p.name, "*.html") or fnmatch(p.name, "*.css"), f"{p.name} would not be packaged"


def test_one_environment_with_autoescape():
    env = environment()
    assert env is environment()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    assert "thai_digits" in env.filters


# ------------------------------------------------------------------ overview


def test_overview_rows_counts_and_links(site):
    html = read(site, "index.html")
    assert html.count('<tr class="r-') == 25
    assert 'href="districts/warin-chamrap.html">วารินชำราบ</a>' in html
    assert 'href="../2025-01/index.html">มกราคม 2568</a>' in html
    assert "กุมภาพันธ์ 2568" in html
    for symbol, words in (("✓", "ผ่าน"), ("✗", "ไม่ผ่าน"), ("?", "ข้อมูลไม่ครบ")):
        assert f'<span class="sym" aria-hidden="true">{symbol}</span> {words}' in html
    counts = re.findall(r'<span class="n">(\d+)</span>', html)
    assert counts == ["3", "20", "2"]


def test_overview_trend_has_six_months(site):
    html = read(site, "index.html")
    row = html[html.index('id="warin') if 'id="warin' in html else html.index("วารินชำราบ</a>"):]
    trend = row[row.index('class="trend-cells"'):row.index("</td>", row.index('class="trend-cells"'))]
    assert trend.count('class="t ') == 6
    assert "ต.ค." in trend and "ไม่มีข้อมูล" in trend  # October 2024 was never audited


def test_no_trend_without_history(tmp_path):
    render_month(sample_scorecards(), tmp_path)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "ย้อนหลัง 6 เดือน" not in html
    assert "เดือนอื่น" not in html  # no other months given


# ------------------------------------------------------------------ district page


def test_warin_banner_sentence(site):
    html = read(site, "districts/warin-chamrap.html")
    assert ('<p class="sentence">ต้องโพสต์เพิ่มอีก 1 ครั้ง ในช่องทางอื่นที่ไม่ใช่ Facebook '
            "และจัดกิจกรรมเพิ่มอีก 1 กิจกรรม</p>") in html
    assert "ไม่ได้แท็กเพจ Click ชุมชน" in html
    assert 'href="../../2025-01/districts/warin-chamrap.html"' in html
    assert 'href="../index.html"' in html


def test_incomplete_banner_names_the_channel(site):
    html = read(site, "districts/khong-chiam.html")
    assert "ยังสรุปผลไม่ได้ เพราะตรวจสอบ Facebook ไม่ได้ (สิทธิ์เข้าถึงข้อมูลหมดอายุ" in html
    assert "Session has expired" in html  # the original message, secondary


def test_near_miss_and_missing_hashtags(site):
    html = read(site, "districts/khueang-nai.html")
    assert "พบ <span class=\"tag\">#คลิกชุมซน</span> — หมายถึง <span class=\"tag\">#คลิกชุมชน</span> ใช่ไหม?" in html
    assert '<span class="tag missing">#บำบัดทุกข์บำรุงสุข</span>' in html
    assert "ขาดแฮชแท็ก #คลิกชุมชน" in html


def test_calendar_and_dates_are_buddhist_era(site):
    html = read(site, "districts/warin-chamrap.html")
    assert html.count('class="day ') == 6 + 28  # Feb 2025 starts on a Saturday
    assert "22 ก.พ. 2568" in html
    assert "2025-02-22" not in html.replace("2025-02-22T", "")  # activity dates shown in BE
    assert 'title="22 ก.พ. 2568: Facebook 1 โพสต์"' in html


def test_evidence_hash_shown(site):
    sc = sample_scorecards()
    post = next(d for d in sc["districts"] if d["district"] == "warin-chamrap")["posts"][0]
    assert post["evidence_sha256"] in read(site, "districts/warin-chamrap.html")


# ------------------------------------------------------------------ hostile input


def test_hostile_text_is_escaped(site):
    html = read(site, "districts/det-udom.html")
    assert "&lt;script&gt;document.title=" in html
    assert "<script" not in html
    assert not re.search(r"<img\b", html)
    assert not re.search(r"<svg\b", html)
    assert "&lt;b onmouseover=" in html
    assert 'href="javascript:' not in html.lower()
    assert '<span class="unsafe-url">javascript:document.title=&#39;PWNED-URL&#39;</span>' in html


@pytest.mark.parametrize("url,ok", [
    ("https://www.facebook.com/1/posts/2", True),
    ("http://district.cdd.go.th/?p=1", True),
    ("HTTPS://EXAMPLE.COM/", True),
    ("javascript:alert(1)", False),
    (" javascript:alert(1)", False),
    ("java\tscript:alert(1)", False),
    ("JaVaScRiPt:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox", False),
    ("//evil.example/x", False),
    ("/relative", False),
    ("https:/no-host", False),
    ("", False),
    (None, False),
])
def test_safe_href(url, ok):
    assert (views.safe_href(url) is not None and views.safe_href(url) == url) is ok


# ------------------------------------------------------------------ Thai digits, sentences, sparse input


def test_thai_digits(tmp_path):
    render_month(sample_scorecards(), tmp_path, thai_digits=True)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "กุมภาพันธ์ ๒๕๖๘" in index
    assert '<span class="n">๒๐</span>' in index
    assert "๓/๒" in index
    district = (tmp_path / "districts" / "warin-chamrap.html").read_text(encoding="utf-8")
    assert "เพิ่มอีก ๑ ครั้ง" in district
    assert "๒๒ ก.พ. ๒๕๖๘" in district
    assert "https://www.facebook.com/" in district  # URLs keep their digits


def test_missing_sentence_merges_promotion_rules():
    sc = sample_scorecards()
    khemarat = next(d for d in sc["districts"] if d["district"] == "khemarat")
    assert views.missing_sentence(khemarat, views.Fmt()) == (
        "ต้องโพสต์ประชาสัมพันธ์เพิ่มอีก 1 ครั้ง ในช่องทางอื่นที่ไม่ใช่ Facebook และจัดกิจกรรมเพิ่มอีก 2 กิจกรรม")


def test_missing_sentence_falls_back_to_engine_phrase():
    district = {"verdict": "fail", "rules": [
        {"rule": "report-deadline", "verdict": "fail", "missing_th": "ต้องส่งรายงานภายในวันที่ 15"},
        {"rule": "activity-count", "verdict": "fail"},
    ]}
    assert views.missing_sentence(district, views.Fmt()) == "ต้องส่งรายงานภายในวันที่ 15 และทำให้ผ่านเกณฑ์ “activity-count”"


def test_contract_minimum_renders(tmp_path):
    """Only the schema's required fields: every page still renders."""
    sc = {
        "schema": "auditor.scorecards/1", "month": "2025-02", "timezone": "Asia/Bangkok",
        "ruleset": {"id": "click-chumchon-2568"}, "generated_at": "2025-03-01T00:00:00Z",
        "districts": [{
            "district": "na-tan", "name": "นาตาล", "verdict": "incomplete",
            "rules": [{"rule": "promotion-posts", "verdict": "unknown"}],
            "posts": [{"platform": "x", "post_id": "1", "url": "https://x.com/a/status/1",
                       "published_at": "2025-02-03T01:00:00Z", "kind": "promotion", "counted": False}],
            "errors": [{"platform": "x", "message": "HTTP 429 Too Many Requests"}],
        }],
    }
    render_month(sc, tmp_path)
    html = (tmp_path / "districts" / "na-tan.html").read_text(encoding="utf-8")
    assert "อำเภอนาตาล" in html
    assert "แพลตฟอร์มจำกัดจำนวนครั้งที่อ่านข้อมูล" in html
    assert "3 ก.พ. 2568" in html


def test_as_of_note(tmp_path):
    sc = copy.deepcopy(sample_scorecards())
    sc["as_of"] = "2025-02-20T12:00:00+07:00"
    render_month(sc, tmp_path)
    html = (tmp_path / "districts" / "warin-chamrap.html").read_text(encoding="utf-8")
    assert "ข้อมูล ณ 20 ก.พ. 2568 12:00 น. — เดือนยังไม่สิ้นสุด" in html
    assert 'class="day future"' in html
