"""One real headless-browser check: the pages open from disk, render Thai, run nothing.

Needs Debian's chromium (.ci/install-chromium.sh installs it). Screenshots at 1280 px and
375 px go to tests/.artifacts/screenshots/ (git-ignored) or $AUDITOR_ARTIFACTS; the path is
printed (pytest -s shows it) so a person can look at them.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.present.report import render_month
from sample_scorecards import sample_history, sample_scorecards

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
ARTIFACTS = Path(os.environ.get("AUDITOR_ARTIFACTS", Path(__file__).parent / ".artifacts")) / "screenshots"
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
]
# Console lines Chromium prints for page errors: uncaught exceptions, CSP refusals
# (a script, handler or request that slipped through would be refused and logged).
CONSOLE_ERROR = re.compile(r"CONSOLE.*|Uncaught|Refused to", re.I)
MIN_WINDOW = 500  # headless Chromium widens a narrower --window-size to this

if CHROMIUM is None and os.environ.get("AUDITOR_REQUIRE_BROWSER"):
    raise RuntimeError("AUDITOR_REQUIRE_BROWSER is set but chromium is missing: run .ci/install-chromium.sh")
if CHROMIUM is None:
    pytest.skip("chromium is not installed (run .ci/install-chromium.sh)", allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "2025-02"
    render_month(sample_scorecards(), out, history=sample_history(), months_present=["2025-01", "2025-02"])
    return out


def run_chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()],
        capture_output=True, text=True, timeout=60,
    )


def console_errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if CONSOLE_ERROR.search(line)]


PAGES = [
    ("index.html", ["วารินชำราบ", "เมืองอุบลราชธานี", "เดชอุดม", "กุมภาพันธ์ 2568"]),
    ("districts/det-udom.html", ["อำเภอเดชอุดม", "ต้องโพสต์เพิ่มอีก 1 ครั้ง", "ไม่นับ"]),
    ("districts/warin-chamrap.html", ["อำเภอวารินชำราบ", "จัดกิจกรรมเพิ่มอีก 1 กิจกรรม", "แท็กเพจ"]),
]


@pytest.mark.parametrize("name,thai", PAGES, ids=[p[0] for p in PAGES])
def test_page_renders_thai_and_runs_nothing(site, tmp_path, name, thai):
    page = site / name
    result = run_chromium(page, tmp_path / "profile", "--dump-dom")
    dom = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<body" in dom, "Chromium returned no DOM"
    assert console_errors(result.stderr) == []
    for text in thai:
        assert text in dom, f"{text!r} not in the rendered DOM of {name}"
    # The hostile payloads would set the title or a body attribute, or add elements.
    title = re.search(r"<title>(.*?)</title>", dom, re.S).group(1)
    assert "PWNED" not in title
    assert "data-pwned" not in re.search(r"<body[^>]*>", dom).group(0)
    assert not re.search(r"<(script|img)\b", dom, re.I)
    # the one drawing is the overview's month chart (inline SVG, no script)
    assert len(re.findall(r"<svg\b", dom, re.I)) == (name == "index.html") == dom.count('<svg class="trend-chart"')
    assert 'href="javascript:' not in dom.lower()


def test_hostile_text_is_shown_as_text(site, tmp_path):
    result = run_chromium(site / "districts" / "det-udom.html", tmp_path / "profile", "--dump-dom")
    assert "&lt;script&gt;document.title=" in result.stdout
    assert "javascript:document.title='PWNED-URL'" in result.stdout  # visible, not linked


@pytest.mark.parametrize("width,height", [(1280, 2200), (375, 2600)])
def test_screenshots(site, tmp_path, width, height):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name in ("index.html", "districts/warin-chamrap.html", "districts/det-udom.html", "districts/khong-chiam.html"):
        shot = ARTIFACTS / f"{name.replace('/', '-').removesuffix('.html')}-{width}.png"
        page, window = site / name, width
        if width < MIN_WINDOW:  # framed at the phone's width, as layout_width does
            page, window = framed(site / name, tmp_path, width, height), MIN_WINDOW
        result = run_chromium(page, tmp_path / f"profile-{width}", f"--window-size={window},{height}", f"--screenshot={shot}")
        assert result.returncode == 0, result.stderr[-2000:]
        assert shot.stat().st_size > 10_000
        assert console_errors(result.stderr) == []
    print(f"\nscreenshots ({width} px): {ARTIFACTS}")


# ------------------------------------------------------------------ paper


def print_pdf(page: Path, pdf: Path, profile: Path) -> list[tuple[float, float]]:
    """Print a page to PDF as a reader's browser would (A4 from the page's @page rules, no browser
    header or footer); return each sheet's (width, height) in points."""
    result = run_chromium(page, profile, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    assert result.returncode == 0, result.stderr[-2000:]
    data = pdf.read_bytes()
    sheets = len(re.findall(rb"/Type\s*/Page\b(?!s)", data))
    boxes = [tuple(float(x) for x in box.split()[2:]) for box in re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data)]
    assert sheets and len(boxes) == sheets, f"cannot read the sheets of {pdf}"
    return boxes


A4_PORTRAIT, A4_LANDSCAPE = (595, 842), (842, 595)


def a4(boxes) -> set[tuple[int, int]]:
    return {(round(w), round(h)) for w, h in boxes}


def test_print_all_is_one_sheet_per_district(site, tmp_path):
    """print.html: a usual district (the sample's have up to 6 posts) on one A4 sheet of its own;
    every sheet carries the district's name at its head and the generation line at its foot."""
    districts = len(list((site / "districts").glob("*.html")))
    boxes = print_pdf(site / "print.html", tmp_path / "print.pdf", tmp_path / "profile")
    assert a4(boxes) == {A4_PORTRAIT}
    assert len(boxes) == districts, f"{len(boxes)} sheets for {districts} districts"
    html = (site / "print.html").read_text(encoding="utf-8")
    heads = re.findall(r'<thead hidden><tr><td><p class="sheet-name"><span>อำเภอ([^ <]+) ', html)
    assert len(heads) == districts and "วารินชำราบ" in heads
    assert html.count('<tfoot hidden><tr><td><footer class="provenance">') == districts


def test_district_with_many_posts_takes_two_sheets(tmp_path):
    """Many posts do not fit one sheet: that district takes more, the others one each."""
    sc = sample_scorecards()
    district = next(d for d in sc["districts"] if d["district"] == "warin-chamrap")
    posts = district["posts"]
    for n in range(1, 4):
        for p in posts[:]:
            q = copy.deepcopy(p)
            q["url"] = f"{q['url']}?copy={n}"
            posts.append(q)
    assert len(posts) >= 15
    out = tmp_path / "2025-02"
    render_month(sc, out)
    boxes = print_pdf(out / "print.html", tmp_path / "print.pdf", tmp_path / "profile")
    assert len(sc["districts"]) + 1 <= len(boxes) <= len(sc["districts"]) + 2


def test_district_page_prints_on_one_sheet(site, tmp_path):
    for name in ("districts/warin-chamrap.html", "districts/det-udom.html", "districts/khueang-nai.html"):
        boxes = print_pdf(site / name, tmp_path / "district.pdf", tmp_path / "profile")
        assert a4(boxes) == {A4_PORTRAIT} and len(boxes) == 1, name


def test_overview_prints_on_landscape(site, tmp_path):
    """The overview's table is wider than A4 portrait: it is printed on landscape sheets."""
    boxes = print_pdf(site / "index.html", tmp_path / "index.pdf", tmp_path / "profile")
    assert a4(boxes) == {A4_LANDSCAPE}
    assert len(boxes) <= 3


# ------------------------------------------------------------------ phone width

PHONE = 375


def framed(page: Path, tmp_path: Path, width: int, height: int = 900, script: str = "") -> Path:
    """A host page showing `page` in a frame `width` px wide: headless Chromium makes no window
    narrower than MIN_WINDOW, so a phone's layout is only had inside a frame."""
    host = tmp_path / f"host-{page.parent.name}-{page.stem}-{width}.html"
    host.write_text(
        f'<!doctype html><title>-</title><body style="margin:0"><iframe id="f" src="{page.as_uri()}" '
        f'style="width:{width}px;height:{height}px;border:0"></iframe>{script}</body>', encoding="utf-8")
    return host


def layout_width(page: Path, tmp_path: Path, width: int = PHONE) -> int:
    """The page's scrollWidth when laid out `width` px wide (in a frame, see framed)."""
    host = framed(page, tmp_path, width, script='<script>document.getElementById("f").onload = function () {'
                  ' document.title = "width:" + this.contentDocument.documentElement.scrollWidth; };</script>')
    result = run_chromium(host, tmp_path / "profile-phone", "--allow-file-access-from-files", "--virtual-time-budget=5000",
                          "--window-size=1280,1000", "--dump-dom")
    found = re.search(r"<title>width:(\d+)</title>", result.stdout)
    assert found, result.stderr[-2000:]
    return int(found.group(1))


@pytest.fixture(scope="module")
def year_site(demo_scan, tmp_path_factory) -> Path:
    from click.testing import CliRunner

    from auditor.cli import main

    out = tmp_path_factory.mktemp("year-site")
    result = CliRunner().invoke(main, ["summary", "--fiscal-year", "2568", "--db", str(demo_scan.db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "fy2568"


def test_no_page_is_wider_than_a_phone(site, year_site, tmp_path):
    """A district officer reads the pages on a phone: nothing may push them sideways (wide tables
    scroll inside their own box). The year chart was fixed at 492 px and cut the last months off."""
    pages = [site / "index.html", site / "districts" / "det-udom.html", site / "districts" / "warin-chamrap.html",
             year_site / "index.html", year_site / "districts" / "warin-chamrap.html"]
    assert {page.relative_to(page.parents[1]).as_posix(): layout_width(page, tmp_path) for page in pages} == {
        page.relative_to(page.parents[1]).as_posix(): PHONE for page in pages}
