"""Headless Chromium driven over its DevTools pipe: print pages to PDF, take screenshots.

One browser prints every page of a run (a process per page costs about two seconds each), and
each page is printed or shot only once its embedded fonts are ready (`document.fonts.ready`),
which the `--screenshot` switch does not wait for. The DevTools protocol is spoken over
`--remote-debugging-pipe` (JSON messages ending in NUL, commands on the browser's fd 3, answers
on its fd 4), so no port is opened. A client library would bring its own browser download
(Playwright) or a driver binary (Selenium + chromedriver) for the four commands used here.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from auditor import files
from auditor.codes import UsageCode
from auditor.errors import AuditorError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
    "--remote-debugging-pipe",
)

# After a frame has laid the page out (which starts loading the fonts it needs), wait for
# them, let two frames paint with them, and say how each face ended.
FONTS_LOADED = """new Promise(done => requestAnimationFrame(() => done()))
  .then(() => document.fonts.ready)
  .then(() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))))
  .then(() => [...document.fonts].map(f => f.family + ' ' + f.weight + ': ' + f.status).join('; '))"""


class ChromiumMissing(AuditorError):
    """No headless Chromium was found to print PDFs with."""


class ChromiumError(AuditorError):
    """Chromium stopped, timed out or refused a page."""


def find_chromium(explicit: str | None = None) -> str | None:
    """The browser to use: `explicit`, else $AUDITOR_CHROMIUM, else chromium on the PATH."""
    for name in (explicit, os.environ.get("AUDITOR_CHROMIUM"), *CANDIDATES):
        if name and (found := shutil.which(name)):
            return found
    return None


class Chromium:
    """A headless browser for one batch of pages; use as a context manager."""

    def __init__(self, executable: str | None = None, *, timeout: float = 60, env: dict | None = None):
        self.executable = find_chromium(executable)
        if self.executable is None:
            raise ChromiumMissing("headless Chromium is not installed (Debian: apt-get install chromium), "
                                  "or set AUDITOR_CHROMIUM to the browser's path", code=UsageCode.CHROMIUM_MISSING)
        self.timeout, self.env = timeout, env
        self._next_id, self._buffer, self._events = 0, b"", []

    def __enter__(self) -> "Chromium":
        self._profile = tempfile.TemporaryDirectory(prefix="auditor-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire():  # in the child, before exec: the pipe ends become fds 3 and 4
            # Moved above 9 first, so neither end is overwritten when it already is fd 3 or 4.
            high_r, high_w = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)  # dup2's copies are inheritable: they, and only they, survive exec
            os.dup2(high_w, 4)
            os.close(high_r)
            os.close(high_w)

        # Not pass_fds=(3, 4): the parent's fds 3 and 4 may be closed (or another file, such as the
        # store's lock), which made Popen fail with EBADF. Every other fd is non-inheritable (PEP 446).
        self._process = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self._profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire, close_fds=False, env=self.env,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        return self

    def __exit__(self, *exc) -> None:
        try:
            self._send("Browser.close", timeout=5)
        except (ChromiumError, OSError):
            pass
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._to_browser)
        os.close(self._from_browser)
        self._profile.cleanup()

    # ------------------------------------------------------------------ pages

    def pdf(self, page: Path, target: Path) -> Path:
        """Print `page` (a local HTML file) to `target` with its own @page sizes and margins."""
        result = self._with_page(page, None, "Page.printToPDF", {
            "printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False,
        })
        return files.write_bytes(target, base64.b64decode(result["data"]))

    def screenshot(self, page: Path, target: Path, width: int, height: int | None = None) -> Path:
        """A PNG of `page` at `width` CSS pixels (a phone below 500), the whole page unless `height`."""
        result = self._with_page(page, (width, height), "Page.captureScreenshot", {"format": "png"})
        return files.write_bytes(target, base64.b64decode(result["data"]))

    def evaluate(self, page: Path, expression: str, width: int = 1280) -> object:
        """The value of a JavaScript expression in `page` once its fonts are loaded (for tests:
        the page's own policy lets no script run; the DevTools protocol is not bound by it)."""
        result = self._with_page(page, (width, 800), "Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result.get("result", {}).get("value")

    def _with_page(self, page: Path, viewport: tuple[int, int | None] | None, method: str, params: dict) -> dict:
        target = self._send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self._send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            if viewport:
                self._viewport(session, viewport[0], (viewport[1] or 800) + 1)
            self._send("Page.enable", session=session)
            self._send("Page.navigate", {"url": Path(page).resolve().as_uri()}, session=session)
            self._wait_event("Page.loadEventFired", session)
            self._fonts_loaded(session, page)
            if viewport:
                # Resizing now makes a fresh layout and frame with the loaded fonts: without it a
                # screenshot could show the frame painted while the font was still loading (no text).
                height = viewport[1] or self._send("Page.getLayoutMetrics", session=session)["cssContentSize"]["height"]
                self._viewport(session, viewport[0], int(height))
                self._fonts_loaded(session, page)
            return self._send(method, params, session=session)
        finally:
            self._send("Target.closeTarget", {"targetId": target})

    def _fonts_loaded(self, session: str, page: Path) -> None:
        answer = self._send("Runtime.evaluate", {"expression": FONTS_LOADED, "awaitPromise": True,
                                                 "returnByValue": True}, session=session)
        faces = str(answer.get("result", {}).get("value", ""))
        if "error" in faces or "exceptionDetails" in answer:
            raise ChromiumError(f"{page}: an embedded font did not load ({faces or answer['exceptionDetails'].get('text')})")

    def _viewport(self, session: str, width: int, height: int) -> None:
        self._send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1,
                                                          "mobile": width < 500}, session=session)

    # ------------------------------------------------------------------ protocol

    def _send(self, method: str, params: dict | None = None, *, session: str | None = None,
              timeout: float | None = None) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            answer = self._read(deadline, method)
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise ChromiumError(f"chromium: {method}: {answer['error'].get('message')}")
                return answer.get("result", {})
            self._events.append(answer)

    def _wait_event(self, name: str, session: str) -> dict:
        deadline = time.monotonic() + self.timeout
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == name and event.get("sessionId") == session:
                    return self._events.pop(i)
            self._events.append(self._read(deadline, name))

    def _read(self, deadline: float, waiting_for: str) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise ChromiumError(f"chromium: no answer to {waiting_for} within {self.timeout:.0f} s")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise ChromiumError(f"chromium stopped (exit code {self._process.poll()}) while waiting for {waiting_for}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)
