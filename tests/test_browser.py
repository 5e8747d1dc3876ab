"""One real headless-browser check: the pages open from disk, render Thai, run nothing.

Needs Debian's chromium (.ci/install-chromium.sh installs it). Screenshots at 1280 px and
375 px go to tests/.artifacts/screenshots/ (git-ignored) or $AUDITOR_ARTIFACTS; the path is
printed (pytest -s shows it) so a person can look at them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from auditor.report import render_month
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
    assert not re.search(r"<(script|img|svg)\b", dom, re.I)
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
        result = run_chromium(site / name, tmp_path / f"profile-{width}", f"--window-size={width},{height}", f"--screenshot={shot}")
        assert result.returncode == 0, result.stderr[-2000:]
        assert shot.stat().st_size > 10_000
        assert console_errors(result.stderr) == []
    print(f"\nscreenshots ({width} px): {ARTIFACTS}")
