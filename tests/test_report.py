"""HTML report: gold files, escaping, links, Thai labels and digits.

Gold files live in tests/gold/2025-02/ and hold the pages rendered from
tests/sample_scorecards.py after scrub() blanks the generation time, versions and the inlined
stylesheet (templates/_style.css is reviewed as a file of its own; a style change should not
rewrite every gold page).
After an intended change to templates or view-models, regenerate and review the diff:

    AUDITOR_UPDATE_GOLD=1 python -m pytest tests/test_report.py -q
    git diff tests/gold/
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import astuple
from datetime import date
from fnmatch import fnmatch
from pathlib import Path

import pytest

from auditor.present import views
from auditor.present.report import build_pages, environment, render_month
from auditor.resources import bundled_dir
from sample_scorecards import sample_history, sample_scorecards

GOLD = Path(__file__).parent / "gold" / "2025-02"
GOLD_PAGES = [
    "index.html",
    "districts/warin-chamrap.html",
    "districts/det-udom.html",
    "districts/khong-chiam.html",
    "districts/khueang-nai.html",
    "districts/lao-suea-kok.html",
]
MONTHS = ["2025-01", "2025-02"]


def scrub(html: str) -> str:
    """Blank what changes from run to run or release to release: generation time, versions, CSS."""
    html = re.sub(r'(<span class="gen">)[^<]*(</span>)', r"\1[generated]\2", html)
    html = re.sub(r"(<style>\n).*?(</style>)", r"\1[_style.css]\n\2", html, flags=re.S)
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
        overview, glance, _ = build_pages(sc)
        pages.append(scrub(environment().get_template("index.html").render(page=overview, glance=glance)))
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
        # the one url() allowed is the embedded font's data: URI
        assert not re.search(r'<link\b|@import|url\((?!"data:font/woff2;base64,)|<[a-zA-Z][^>]*\ssrc=', html), page.name
        assert "default-src 'none'" in html  # CSP: nothing may load or run even if forwarded
        assert "font-src data:;" in html and html.count('@font-face { font-family: "AuditorSarabun"') == 2  # regular and bold
        assert ".calendar .ch.no" in html  # the stylesheet is inlined (the gold files scrub it)


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
            "แก้โพสต์กิจกรรม 1 โพสต์บน Facebook ให้แท็กเพจ Click ชุมชน "
            "และจัดกิจกรรมเพิ่มอีก 1 กิจกรรม แล้วโพสต์บน Facebook พร้อมแท็กเพจ Click ชุมชน</p>") in html
    assert "ไม่ได้แท็กเพจ Click ชุมชน" in html
    assert 'href="../../2025-01/districts/warin-chamrap.html"' in html
    assert 'href="../index.html"' in html


def test_incomplete_banner_names_the_channel(site):
    html = read(site, "districts/khong-chiam.html")
    assert "ยังสรุปผลไม่ได้ เพราะตรวจสอบ Facebook ไม่ได้ (สิทธิ์เข้าถึงข้อมูลหมดอายุ" in html
    assert "Session has expired" in html  # the original message, secondary


def test_near_miss_and_missing_hashtags(site):
    html = read(site, "districts/khueang-nai.html")
    assert ('พบ <span class="tag">#คลิกชุม<mark>ซ</mark>น</span> — หมายถึง <span class="tag">#คลิกชุม<mark>ช</mark>น</span> '
            'ใช่ไหม? <span class="en">(did you mean)</span> · สะกดผิด: ซ แทน ช') in html
    assert '<span class="tag missing">#บำบัดทุกข์บำรุงสุข</span>' in html
    # the reasons count the near miss instead of repeating it, and do not call the misspelt tag missing
    assert "<li>ขาดแฮชแท็ก #บำบัดทุกข์บำรุงสุข</li><li>แฮชแท็กเขียนไม่ตรง 1 แท็ก (ดูหัวข้อ “เขียนคล้ายแต่ไม่ตรง”)</li>" in html
    assert html.count("#คลิกชุม<mark>ซ</mark>น") == 1


def test_calendar_and_dates_are_buddhist_era(site):
    html = read(site, "districts/warin-chamrap.html")
    assert html.count('class="day ') == 6 + 28  # Feb 2025 starts on a Saturday
    assert "22 ก.พ. 2568" in html
    assert "2025-02-22" not in html.replace("2025-02-22T", "")  # activity dates shown in BE
    assert 'title="22 ก.พ. 2568: Facebook 1 โพสต์ (ไม่นับ)"' in html


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
    ("https://", False),
    ("https://?q=1", False),
    ("https://[::1/x", False),  # urlsplit refuses an unclosed bracket
    ("https://[::1]/x", True),
    ("https://bad\u2100host.example/x", False),  # a host whose NFKC form holds a '/' (urlsplit refuses it)
    ("https://ตำบล.example/x", True),
    ("https://example.com:8080", True),
    ("http://a.b#top", True),
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
        "ต้องโพสต์ประชาสัมพันธ์เพิ่มอีก 1 ครั้ง ในช่องทางอื่นที่ไม่ใช่ Facebook "
        "และจัดกิจกรรมเพิ่มอีก 2 กิจกรรม แล้วโพสต์บน Facebook พร้อมแท็กเพจ Click ชุมชน")


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
    # no kind (a scorecard stored before kinds): a plain Thai cause, and the original message beside it
    assert "เก็บข้อมูลจากช่องทางนี้ไม่สำเร็จ" in html and "HTTP 429 Too Many Requests" in html
    assert "3 ก.พ. 2568" in html


def test_as_of_note(tmp_path):
    sc = copy.deepcopy(sample_scorecards())
    sc["as_of"] = "2025-02-20T12:00:00+07:00"
    render_month(sc, tmp_path)
    html = (tmp_path / "districts" / "warin-chamrap.html").read_text(encoding="utf-8")
    assert "ข้อมูล ณ 20 ก.พ. 2568 12:00 น. — เดือนยังไม่สิ้นสุด" in html
    assert 'class="day future"' in html


# ------------------------------------------------------------------ what the reader is told to do


def district_of(sc: dict, district_id: str) -> dict:
    return next(d for d in sc["districts"] if d["district"] == district_id)


@pytest.mark.parametrize("district_id, sentence", [
    # activities held and posted, but their posts do not tag the page: fix the posts, hold nothing new
    ("tan-sum", "ต้องแก้โพสต์กิจกรรม 2 โพสต์บน Facebook ให้แท็กเพจ Click ชุมชน"),
    # tagged, but the activity hashtag is missing (don-mot-daeng) or glued to the tag before (lao-suea-kok)
    ("don-mot-daeng", "ต้องแก้โพสต์กิจกรรม 1 โพสต์บน Facebook ให้มีแฮชแท็กครบ"),
    ("lao-suea-kok", "ต้องแก้โพสต์กิจกรรม 1 โพสต์บน Facebook ให้มีแฮชแท็กครบ"),
    # too few activities found
    ("nam-khun", "ต้องจัดกิจกรรมเพิ่มอีก 1 กิจกรรม แล้วโพสต์บน Facebook พร้อมแท็กเพจ Click ชุมชน"),
])
def test_activity_advice_tells_fixing_posts_from_holding_activities(district_id, sentence):
    assert views.missing_sentence(district_of(sample_scorecards(), district_id), views.Fmt()) == sentence


def test_activity_advice_names_both_problems_and_activities_without_a_facebook_post():
    posts = [
        {"platform": "facebook", "post_id": "1", "kind": "activity", "counted": False, "page_tagged": False,
         "missing_hashtags": ["#กิจกรรมขับเคลื่อนClickชุมชน"]},
        {"platform": "website", "post_id": "w1", "kind": "activity", "counted": True},
    ]
    district = {"verdict": "fail", "posts": posts, "rules": [
        {"rule": "activity-count", "verdict": "fail", "observed": 0, "required": 3,
         "todo": {"code": "more_activities", "n": 3, "platforms": ["facebook"], "params": {"platform": "facebook"}}}],
        "activities": [{"activity_id": "a", "counted": False, "posts": ["facebook:1"]},
                       {"activity_id": "b", "counted": False, "posts": ["website:w1"]}]}
    assert views.missing_sentence(district, views.Fmt()) == (
        "ต้องแก้โพสต์กิจกรรม 1 โพสต์บน Facebook ให้แท็กเพจ Click ชุมชนและมีแฮชแท็กครบ "
        "โพสต์กิจกรรมที่จัดแล้ว 1 กิจกรรมบน Facebook พร้อมแท็กเพจ Click ชุมชน "
        "และจัดกิจกรรมเพิ่มอีก 1 กิจกรรม แล้วโพสต์บน Facebook พร้อมแท็กเพจ Click ชุมชน")


def test_activity_lines_say_why_and_link_the_post(site):
    html = read(site, "districts/tan-sum.html")
    assert "โพสต์ Facebook ไม่นับ: ไม่ได้แท็กเพจ Click ชุมชน · <a href=\"#tan-sum-post-" in html
    assert "โพสต์ใน Facebook 1 โพสต์" in html
    khueang = read(site, "districts/khueang-nai.html")
    assert "โพสต์ใน Facebook 2 โพสต์<br>" in khueang  # one activity, two Facebook posts: the channel once


@pytest.fixture(scope="module")
def ubon(registry):
    from auditor.rules.ruleset import load_ruleset

    return registry, load_ruleset(bundled_dir("rules") / "click-chumchon-2568-ubon.yaml")


def report_card(ubon, submitted, now=None) -> dict:
    """warin-chamrap's scorecard with the given report submission (None: no report)."""
    from datetime import datetime

    from auditor.audit import audit_month
    from auditor.rules.checks import MonthData
    from auditor.models import SelfReport
    from auditor.period import BANGKOK, Month
    from auditor.selfreport.targets import load_targets

    rows = [] if submitted is None else [SelfReport("2025-02", "warin-chamrap", submitted, None, "รายงาน", "facebook",
                                                    (), 2, "reports.csv", "k")]
    data = MonthData(reports={"warin-chamrap": rows}, targets=load_targets().targets,
                     now=now or datetime(2025, 4, 1, tzinfo=BANGKOK))
    registry, ruleset = ubon
    cards = audit_month([], registry, ruleset, Month(2025, 2), data=data).scorecards
    return district_of(cards, "warin-chamrap")


def test_a_late_report_says_what_happened_not_an_impossible_deadline(ubon):
    from datetime import datetime

    from auditor.period import BANGKOK

    card = report_card(ubon, datetime(2025, 3, 20, 9, tzinfo=BANGKOK))
    rule = next(r for r in card["rules"] if r["rule"] == "report-deadline")
    assert rule["missing_th"] == "ส่งรายงานช้า 5 วัน (ส่ง 20 มี.ค. 2568 กำหนด 15 มี.ค. 2568)"
    sentence = views.missing_sentence(card, views.Fmt())
    assert sentence.startswith("ต้อง") and "นอกจากนี้ส่งรายงานช้า 5 วัน (ส่ง 20 มี.ค. 2568 กำหนด 15 มี.ค. 2568)" in sentence
    assert "ส่งรายงานให้ทัน" not in sentence and "ต้องส่งรายงานช้า" not in sentence
    line = next(r for r in views.build_district({"month": "2025-02", **{}}, card).rules if r.title_th.startswith("รายงาน"))
    assert line.missing == "ส่งรายงานช้า 5 วัน (ส่ง 20 มี.ค. 2568 กำหนด 15 มี.ค. 2568)"  # no 'ยังขาด:' before a fact


def test_a_missing_report_past_and_before_the_deadline(ubon):
    from datetime import datetime

    from auditor.period import BANGKOK

    past = next(r for r in report_card(ubon, None)["rules"] if r["rule"] == "report-deadline")
    assert past["missing_th"] == "ยังไม่ส่งรายงาน (เลยกำหนด 15 มี.ค. 2568 แล้ว)"
    early = report_card(ubon, None, now=datetime(2025, 3, 3, tzinfo=BANGKOK))
    assert next(r for r in early["rules"] if r["rule"] == "report-deadline")["verdict"] == "unknown"
    assert "ส่งรายงานภายใน 15 มี.ค. 2568" in views.missing_sentence(early, views.Fmt())


def test_unknown_rules_are_listed_with_spaces_around_latin_names():
    district = {"verdict": "incomplete", "rules": [
        {"rule": "shop-signups", "verdict": "unknown", "short_th": "Shop ชุมชน"},
        {"rule": "app-downloads", "verdict": "unknown", "short_th": "ดาวน์โหลดแอป"},
        {"rule": "travel-places", "verdict": "unknown", "short_th": "CDD พาเที่ยว"}]}
    assert views.missing_sentence(district, views.Fmt()) == (
        "ยังสรุปผลไม่ได้ เพราะยังไม่มีข้อมูลเรื่อง Shop ชุมชน ดาวน์โหลดแอป และ CDD พาเที่ยว")


# ------------------------------------------------------------------ plain words for collector messages


@pytest.mark.parametrize("kind, params, thai, never", [
    # a YouTube feed answering 404 is an outage (youtube.py: kind unavailable), not a missing account
    ("unavailable", {}, "ระบบปลายทางขัดข้องชั่วคราว", "ไม่พบบัญชี"),
    ("config", {"problem": "ig_user_id"}, "รหัสผู้ใช้ Instagram แบบตัวเลข (user_id)", "ไม่สำเร็จ"),
    ("config", {"problem": "website_kind", "value": "blog", "kinds": ["auto", "wordpress", "rss", "html"]},
     "ค่า kind ของเว็บไซต์ใน auditor.toml ต้องเป็น auto, wordpress, rss, html ไม่ใช่ “blog”", "ไม่สำเร็จ"),
    ("config", {"problem": "html_listing"}, "listing_url และ selectors", "ไม่สำเร็จ"),
    ("config", {"problem": "page_id", "account": "1045"}, "ตรวจสอบรหัสเพจ (ตัวเลข) ใน auditor.toml", "ไม่สำเร็จ"),
    ("auth", {"problem": "key_invalid", "env": "YOUTUBE_API_KEY"}, "คีย์ YouTube Data API ในตัวแปร YOUTUBE_API_KEY", "เพจ"),
    ("auth", {"problem": "token_expired", "env": "FB_TOKEN"}, "สิทธิ์เข้าถึงข้อมูลหมดอายุ", "ไม่สำเร็จ"),
    ("auth", {"problem": "token_missing", "env": "FB_TOKEN"}, "ยังไม่ได้ตั้งค่าสิทธิ์เข้าถึงข้อมูล (token) ของช่องทางนี้ ในตัวแปร FB_TOKEN", "หมดอายุ"),
    ("rate_limit", {"retry_after": 30}, "จำกัดจำนวนครั้ง", "ไม่พบ"),
    # the platform said when to come back: Bangkok time, Buddhist-Era date
    ("retry_later", {"retry_at": "2025-02-28T17:35+00:00"}, "ลองใหม่หลังเวลา 00:35 น. (1 มี.ค. 2568)", "ไม่สำเร็จ"),
    ("budget", {}, "ใช้เวลาเก็บข้อมูลเกินเวลาที่กำหนด", "ไม่พบ"),
    ("blocked", {}, "หน้าเข้าสู่ระบบ หน้าขอความยินยอม หรือไฟร์วอลล์", "ไม่พบ"),
    ("not_found", {}, "ไม่พบบัญชีหรือหน้านี้", "ขัดข้อง"),
    ("", {}, "เก็บข้อมูลจากช่องทางนี้ไม่สำเร็จ", "ไม่พบ"),  # stored before kinds existed
])
def test_channel_causes_are_worded_from_the_kind(kind, params, thai, never):
    from auditor.present.advice import status_cause

    cause = status_cause({"platform": "youtube", "kind": kind, "params": params, "message": "HTTP 404 not found"})
    assert thai in cause and never not in cause, cause


def test_a_partial_channel_says_what_its_notes_say():
    from auditor.present.advice import status_cause

    item = {"status": "partial", "kind": "partial",
            "notes": [{"code": "feed_latest_only", "params": {"n": 15, "env": "YOUTUBE_API_KEY"}}]}
    assert status_cause(item) == "ฟีดแสดงได้เฉพาะ 15 วิดีโอล่าสุด อาจมีวิดีโอของเดือนนี้ที่ตรวจไม่ถึง"


def test_a_channel_that_stopped_on_a_repeated_page_says_so():
    from auditor.present.advice import status_cause

    item = {"status": "partial", "kind": "partial", "notes": [{"code": "repeated_page", "params": {"page": 2}}]}
    assert status_cause(item) == "อ่านได้เพียงบางหน้า (แพลตฟอร์มส่งหน้าเดิมซ้ำ) โพสต์ของเดือนนี้อาจตกหล่น"


@pytest.mark.parametrize("notes", [
    [{"code": "read_through", "params": {"source": "rss", "failed": ["wordpress"]}}],
    [{"code": "read_through", "params": {"source": "html", "failed": ["wordpress", "rss"]}}],
    [{"code": "item_skipped", "params": {"item": "12"}}],
    [{"code": "something_new", "params": {}}],
    [],
])
def test_a_note_about_a_collected_channel_never_reads_as_a_failure(notes):
    note = views.channel_note_text({"notes": notes})
    assert note and not any(word in note for word in ("ไม่พบบัญชี", "ไม่สำเร็จ", "ขัดข้อง")), note


def test_read_through_names_the_sources_in_thai():
    note = views.channel_note_text({"notes": [{"code": "read_through", "params": {"source": "html", "failed": ["wordpress", "rss"]}}]})
    assert note == "อ่านผ่าน หน้ารวมข่าวของเว็บไซต์ แทน REST API และ RSS (ไม่กระทบผล)"


def test_collection_note_on_the_page_is_plain_thai(site):
    html = read(site, "districts/det-udom.html")
    assert ": อ่านผ่าน RSS แทน REST API (ไม่กระทบผล)" in html
    assert "ไม่พบบัญชีหรือหน้านี้" not in html


def test_overview_data_notes_are_thai_first(site):
    html = read(site, "index.html")
    notes = html[html.index('class="data-notes"'):]
    notes = notes[:notes.index("</section>")]
    assert ("<li>ตารางเป้าหมายในหนังสือ แถว 4 (เขื่องใน) พิมพ์ยอดรวมกลุ่มเป้าหมายดาวน์โหลดแอป 183 "
            "แต่รวมตามช่องได้ 187 — ใช้ 187<br><span class=\"en\">ubon-districts.csv seed row 4") in notes
    assert "แต่รวมรายอำเภอได้ 31 — ใช้ตัวเลขรายอำเภอ" in notes
    assert "อำเภอเดชอุดม · เว็บไซต์ (" in notes and "อ่านผ่าน RSS แทน REST API (ไม่กระทบผล)" in notes
    assert '<li class="en">' not in notes


def test_data_note_sign_up_row_and_older_text():
    from auditor.codes import DataNote, Note
    from auditor.present import words

    note = Note(DataNote.SEED_SIGNUPS, {"file": "ubon-districts.csv", "row": "7", "district": "na-chaluai", "printed": 2,
                                        "operators": 65, "target": 1})
    shown = views.data_note(note.to_dict(), {"na-chaluai": "นาจะหลวย"})
    assert shown.th == ("ตารางเป้าหมายในหนังสือ แถว 7 (นาจะหลวย) พิมพ์เป้าหมายสมัคร Shop ชุมชน 2 "
                        "แต่ร้อยละ 1 ของผู้ประกอบการ OTOP 65 ราย (อย่างน้อย 1) คือ 1 — ใช้ 1")
    assert shown.en == words.data_note(note, lang=words.EN) == (
        "ubon-districts.csv seed row 7 (na-chaluai): sign-up target prints 2 but 1% of 65 operators (min 1) is 1; using 1")
    other = views.data_note("something else entirely", {})  # a scorecard stored before notes had codes
    assert other.en == "something else entirely" and other.th == words.UNKNOWN_DATA_NOTE[0]


# ------------------------------------------------------------------ near misses, English, accounts


def test_a_tag_glued_to_the_one_before_says_what_is_wrong_once(site):
    html = read(site, "districts/lao-suea-kok.html")
    assert ('พบ <span class="tag">#กิจกรรมขับเคลื่อนClickชุมชน</span> — ติดกับข้อความหรือแฮชแท็กก่อนหน้า '
            "ต้องเว้นวรรคก่อน #</li>") in html
    card = html[html.index('<dt>เขียนคล้ายแต่ไม่ตรง</dt>'):]
    card = card[:card.index("</article>")]
    assert "ใช่ไหม?" not in card
    assert card.count("ต้องเว้นวรรคก่อน #") == 1  # listed twice by the engine, shown once; no 'unlinked' row again
    assert "แฮชแท็กที่ไม่เป็นลิงก์" not in card


@pytest.mark.parametrize("found, expected, advice, marked", [
    ("#คลิกชุมซน", "#คลิกชุมชน", "สะกดผิด: ซ แทน ช", ("ซ", "ช")),
    ("#คลิกชุมชนน", "#คลิกชุมชน", "สะกดผิด: เกิน “น”", ("น", None)),
    ("#กรมการพัฒนา", "#กรมการพัฒนาชุมชน", "เขียนไม่ครบ: ขาด “ชุมชน”", (None, "ชุมชน")),
])
def test_near_miss_marks_what_differs(found, expected, advice, marked):
    n = views._near_miss({"found": found, "expected": expected,
                          "reason": "truncated" if len(found) < len(expected) else "typo"})
    assert not n.same and n.advice == advice
    assert [p.text for p in n.found if p.changed] == ([marked[0]] if marked[0] else [])
    assert [p.text for p in n.expected if p.changed] == ([marked[1]] if marked[1] else [])
    assert "".join(p.text for p in n.found) == found and "".join(p.text for p in n.expected) == expected


ENGLISH_ASIDES = ("(missing hashtags)", "(near miss", "(the Click ชุมชน page", "(self-reported)", "(figure not imported)",
                  "(no Click ชุมชน content)", "(page not tagged)", "(missing required hashtags)")


def test_english_asides_stay_out_of_thai_sentences(site):
    for page in [site / "index.html", *(site / "districts").glob("*.html")]:
        html = page.read_text(encoding="utf-8")
        for aside in ENGLISH_ASIDES:
            assert aside not in html, (page.name, aside)


def test_self_reported_post_names_the_district_in_thai(site):
    html = read(site, "districts/nam-yuen.html")
    assert '<p class="account">อำเภอน้ำยืน (รายงานเอง)</p>' in html


def test_facebook_pages_are_named_never_a_bare_id(site):
    html = read(site, "districts/khong-chiam.html")
    assert '<strong>เพจ Facebook (id ' in html  # no post carries the page's name: say what the number is
    district = {"district": "x", "name": "เอ็กซ์", "verdict": "incomplete", "errors": [
        {"platform": "facebook", "account": "1045", "message": "HTTP 503"}],
        "posts": [{"platform": "facebook", "post_id": "1", "account": "1045", "account_name": "สพอ.เอ็กซ์",
                   "published_at": "2025-02-03T10:00:00+07:00", "counted": True, "kind": "promotion"}],
        "rules": [{"rule": "activity-count", "verdict": "unknown", "observed": 0, "required": 2,
                   "detail_note": {"code": "activities_counted", "params": {"platform": "facebook", "n": 0, "found": 0, "need": 2}},
                   "blocked": [{"platform": "facebook", "account": "104500000000006"}, {"platform": "facebook", "account": "1045"}]}]}
    page = views.build_district({"month": "2025-02"}, district)
    assert page.errors[0].source == "Facebook (สพอ.เอ็กซ์)"
    assert page.rules[0].detail == ("กิจกรรมที่โพสต์บน Facebook ครบเกณฑ์ 0 กิจกรรม จากที่พบ 0 (ต้องการ 2) — ยังสรุปไม่ได้ "
                                    "เพราะเก็บข้อมูลไม่ครบ: เพจ Facebook (id 104500000000006), Facebook (สพอ.เอ็กซ์)")


def test_reported_but_not_counted_says_why_and_links_the_card(site):
    html = read(site, "districts/khueang-nai.html")
    assert ("แถว 13 · พบโพสต์แล้ว แต่ไม่นับ: #คลิกชุมซน สะกดผิด (ที่ถูกคือ #คลิกชุมชน) · ขาดแฮชแท็ก #บำบัดทุกข์บำรุงสุข"
            ' · <a class="to-post" href="#khueang-nai-post-5">') in html
    assert 'id="khueang-nai-post-5"' in html


def test_calendar_tells_counted_from_not_counted_without_colour(site):
    html = read(site, "districts/khueang-nai.html")
    assert '<span class="ch no">FB\u00a01 ✗</span>' in html and '<span class="ch ok">FB\u00a02 ✓</span>' in html
    assert "✓ นับแล้ว · ✗ ไม่นับ" in html


def test_one_page_tag_label_for_pages_and_exports(site, tmp_path):
    from auditor.present.export import posts_table

    sc = sample_scorecards()
    table = posts_table(sc)
    fb_promo = table[(table["ช่องทาง"] == "Facebook") & (table["ประเภท"] == "โพสต์ประชาสัมพันธ์")]
    assert set(fb_promo["แท็กเพจ"]) == {"ไม่ได้แท็กเพจ (โพสต์ประชาสัมพันธ์ไม่บังคับแท็ก)"}
    assert "ไม่ได้แท็กเพจ (โพสต์ประชาสัมพันธ์ไม่บังคับแท็ก)" in read(site, "districts/warin-chamrap.html")
    assert "ไม่มีระบบแท็ก" not in set(table["แท็กเพจ"])


# ------------------------------------------------------------------ Thai digits everywhere


def _visible_numbers(html: str) -> list[str]:
    """Arabic digits a reader sees, leaving out what is copied, not counted: links, ids, hashes,
    hashtags, quoted post text and report titles, and the scrubbed provenance line."""
    html = re.sub(r"<style>.*?</style>|<head>.*?</head>", "", html, flags=re.S)
    html = re.sub(r'<(p|span) class="(excerpt|url|rec-url|hash|unsafe-url|ver|gen|en)">.*?</\1>', "", html, flags=re.S)
    html = re.sub(r"<code[^>]*>.*?</code>|<a [^>]*>https?://[^<]*</a>|<strong>[^<]*</strong> —", "", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"https?://\S+|#\S+|\bid \d+|\bA4\b|SHA-256", "", text)
    return re.findall(r"\S*[0-9]\S*", text)


def test_thai_digits_reach_every_number(site, tmp_path):
    assert len(_visible_numbers(read(site, "districts/khueang-nai.html"))) > 20  # the check sees Arabic digits
    render_month(sample_scorecards(), tmp_path, history=sample_history(), months_present=MONTHS, thai_digits=True)
    for name in ("index.html", "districts/warin-chamrap.html", "districts/khueang-nai.html", "districts/det-udom.html"):
        html = (tmp_path / name).read_text(encoding="utf-8")
        assert _visible_numbers(html) == [], name
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "ตัวเลข “๓/๒” = ทำได้ ๓ จากเกณฑ์ ๒" in index
    assert "เกณฑ์รายเดือน: เผยแพร่ประชาสัมพันธ์อย่างน้อยเดือนละ ๒ ครั้ง" in index
    assert "แถว ๔ (เขื่องใน)" in index
    khueang = (tmp_path / "districts" / "khueang-nai.html").read_text(encoding="utf-8")
    assert "แถว ๑๓ ·" in khueang and "(๒)</h3>" in khueang


def test_print_out_of_many_districts_is_split_in_parts(tmp_path, monkeypatch):
    from auditor.present import report

    monkeypatch.setattr(report, "PRINT_PER_FILE", 10)
    cards = sample_scorecards()
    written = {p.name for p in render_month(cards, tmp_path)}
    n = len(cards["districts"])
    parts = sorted(p for p in written if p.startswith("print-"))
    assert len(parts) == -(-n // 10) and "print.html" in written
    index = (tmp_path / "print.html").read_text(encoding="utf-8")
    assert all(f'href="{p}"' in index for p in parts) and 'class="sheet"' not in index
    sheets = sum((tmp_path / p).read_text(encoding="utf-8").count('<table class="sheet"') for p in parts)
    assert sheets == n
    assert 'href="print.html"' in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_rendering_leaves_the_garbage_collector_as_it_was(tmp_path):
    """render_month pauses the cyclic collector while it renders, and only then."""
    import gc

    render_month(sample_scorecards(), tmp_path / "on")
    assert gc.isenabled()
    gc.disable()
    try:
        render_month(sample_scorecards(), tmp_path / "off")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_print_pages_show_each_district_as_its_own_page_does(tmp_path):
    """The district's audit is rendered once: its page and the print page carry the same fragment."""
    render_month(sample_scorecards(), tmp_path, history=sample_history(), months_present=MONTHS)
    printed = (tmp_path / "print.html").read_text(encoding="utf-8")
    for page in (tmp_path / "districts").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        start = html.index('<article class="district"')
        fragment = html[start:html.index("</main>", start)].rstrip()
        assert fragment.endswith("</article>") and fragment in printed, page.name


def test_cached_pieces_are_rendered_once_per_value_and_still_escaped():
    """`value|cached(macro)` gives the macro's own output, escaped as ever, reused for an equal value."""
    from auditor.present import report

    env = environment()
    tags = env.from_string('{% macro tags(items) %}{% for h in items %}<b>{{ h }}</b>{% endfor %}{% endmacro %}').module.tags
    page = env.from_string("{{ a|cached(tags) }}|{{ b|cached(tags) }}|{{ c|cached(tags) }}")
    assert page.render(tags=tags, a=("#x", "<i>"), b=("#x", "<i>"), c=("#y",)) == \
        "<b>#x</b><b>&lt;i&gt;</b>|<b>#x</b><b>&lt;i&gt;</b>|<b>#y</b>"
    assert report._cached(("#x", "<i>"), tags) is report._cached(("#x", "<i>"), tags)


def test_print_parts_are_written_with_the_pages_of_their_districts(tmp_path, monkeypatch):
    """Districts go one print file at a time; the paths come back in the order the layout lists them."""
    from auditor.present import report

    monkeypatch.setattr(report, "PRINT_PER_FILE", 10)
    cards = sample_scorecards()
    written = [p.relative_to(tmp_path).as_posix() for p in render_month(cards, tmp_path)]
    ids = [d["district"] for d in cards["districts"]]
    parts = [f"print-{n}.html" for n in range(1, -(-len(ids) // 10) + 1)]
    assert written == ["index.html", *(f"districts/{i}.html" for i in ids), *parts, "print.html"]



FEB_14 = date(2025, 2, 14)
ONE_FB = ((("facebook", True), 12),)


@pytest.mark.parametrize("cached,args,variants", [
    ("_clock_label", (9, 30, False), [(10, 30, False), (9, 31, False), (9, 30, True)]),
    ("_calendar_day", (FEB_14, ONE_FB, False, False),
     [(date(2025, 2, 15), ONE_FB, False, False), (FEB_14, ((("website", True), 12),), False, False),
      (FEB_14, ((("facebook", False), 12),), False, False), (FEB_14, ((("facebook", True), 13),), False, False),
      (FEB_14, ONE_FB, False, True)]),
    ("_calendar_day", (FEB_14, (), False, False), [(FEB_14, (), True, False)]),
    ("_channel_posts", ((("facebook", 12),), False),
     [((("website", 12),), False), ((("facebook", 13),), False), ((("facebook", 12),), True)]),
])
def test_view_model_caches_are_keyed_by_everything_they_read(cached, args, variants):
    """A cached view-model piece is the uncached work's result, and changes with each of its inputs
    (a key part dropped would hand one day's, one district's or one setting's words to another)."""
    cache = getattr(views, cached)

    def value(x):  # calendar days compare by identity: compare their fields
        return x if isinstance(x, str) else astuple(x)

    shown = value(cache(*args))
    assert shown == value(cache.__wrapped__(*args))
    for other in variants:
        assert value(cache(*other)) != shown, other
