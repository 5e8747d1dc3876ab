"""The HTTP session factory against a real server on 127.0.0.1: User-Agent, retries, Retry-After, timeouts.

Cassettes replay above http.client, so they cannot catch a header that fails to encode or a retry
policy that never fires; these tests send real requests over loopback.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
import urllib3.util.retry

from auditor.collect.http import RETRY_AFTER_CAP, USER_AGENT, MalformedBody, RetryAfterTooLong, make_session, text_body


@dataclass
class Reply:
    status: int = 200
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering, to provoke a read timeout


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a handler still sleeping past a timeout must not hold up the test

    def handle_error(self, request, client_address):
        pass  # the client hung up on a slow reply: expected in the timeout tests


@contextmanager
def serve(*replies: Reply):
    """A server answering with `replies` in order (the last one repeats); yields (base URL, seen requests)."""
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            reply = replies[min(len(seen), len(replies) - 1)]
            seen.append(dict(self.headers))
            time.sleep(reply.delay)
            body = b'{"ok": true}'
            self.send_response(reply.status)
            for name, value in {"Content-Length": str(len(body)), **reply.headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    server.timeout = 2
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/v24.0/1045/posts", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=2)


def timed_get(session: requests.Session, url: str) -> tuple[requests.Response, float]:
    start = time.monotonic()
    resp = session.get(url)
    return resp, time.monotonic() - start


def test_user_agent_is_ascii_names_the_tool_and_is_sent():
    USER_AGENT.encode("ascii")  # http.client sends headers as latin-1; ASCII is safe everywhere
    assert USER_AGENT.startswith("auditor/") and "Click Chumchon" in USER_AGENT
    with serve(Reply()) as (url, seen):
        resp = make_session(retries=0).get(url)
    assert resp.status_code == 200 and resp.json() == {"ok": True}
    assert seen[0]["User-Agent"] == USER_AGENT


def test_429_is_retried_after_the_retry_after_seconds():
    with serve(Reply(429, {"Retry-After": "1"}), Reply()) as (url, seen):
        resp, elapsed = timed_get(make_session(retries=2, backoff=0), url)
    assert resp.status_code == 200 and len(seen) == 2
    assert 0.9 <= elapsed < 2.5


def test_503_twice_then_ok_is_retried():
    with serve(Reply(503), Reply(503), Reply()) as (url, seen):
        resp, elapsed = timed_get(make_session(retries=3, backoff=0.01), url)
    assert resp.status_code == 200 and len(seen) == 3
    assert elapsed < 1.5


def test_retries_are_bounded_and_end_in_an_error():
    with serve(Reply(503)) as (url, seen):
        resp, elapsed = timed_get(make_session(retries=2, backoff=0.01), url)
    assert len(seen) == 3  # the first try and two retries, no more
    assert resp.status_code == 503 and elapsed < 1.5
    with pytest.raises(requests.HTTPError, match="503"):
        resp.raise_for_status()


def test_retry_after_beyond_the_cap_gives_up_at_once(monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(urllib3.util.retry.time, "sleep", slept.append)  # a regression fails fast, not in an hour
    with serve(Reply(429, {"Retry-After": "3600"}), Reply()) as (url, seen):
        with pytest.raises(RetryAfterTooLong) as info:
            make_session(retries=3, backoff=0).get(url)
    assert len(seen) == 1 and not [s for s in slept if s > 0]
    message = str(info.value)
    assert "3600 s" in message and f"{RETRY_AFTER_CAP} s" in message and "/v24.0/1045/posts" in message
    assert isinstance(info.value, requests.RequestException)  # collectors' existing handlers catch it


def test_read_timeout_is_retried():
    with serve(Reply(delay=0.6), Reply()) as (url, seen):
        resp, elapsed = timed_get(make_session(retries=1, backoff=0, timeout=(1.0, 0.2)), url)
    assert resp.status_code == 200 and len(seen) == 2
    assert elapsed < 1.5


def test_read_timeout_raises_when_retries_are_spent():
    with serve(Reply(delay=0.6)) as (url, seen):
        start = time.monotonic()
        with pytest.raises(requests.ReadTimeout, match="(?i)read timed out"):
            make_session(retries=1, backoff=0, timeout=(1.0, 0.2)).get(url)
    assert len(seen) == 2 and time.monotonic() - start < 1.5


# --- a body's charset as the document declares it ----------------------------------------------

THAI = "ข่าวประชาสัมพันธ์ #คลิกชุมชน"


def _answer(body: bytes, content_type: str) -> requests.Response:
    resp = requests.Response()
    resp.status_code, resp._content = 200, body
    resp.headers["Content-Type"] = content_type
    return resp


@pytest.mark.parametrize("content_type, prefix", [
    ("text/html; charset=windows-874", b""),
    ("application/rss+xml", b'<?xml version="1.0" encoding="windows-874"?>'),
    ("text/html", b'<meta charset="tis-620">'),
    ("text/html", b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-11">'),
])
def test_a_thai_page_in_windows_874_is_read_by_any_of_its_labels(content_type, prefix):
    """Thai sites declare 'windows-874', a label browsers know (WHATWG) and Python's codecs do not."""
    body = prefix + THAI.encode("cp874")
    assert text_body(_answer(body, content_type)) == prefix.decode("ascii") + THAI


@pytest.mark.parametrize("content_type", ["text/html", "text/html; charset=utf-8", "text/html; charset=no-such-thing"])
def test_a_body_that_is_not_utf8_and_declares_nothing_that_fits_is_malformed(content_type):
    with pytest.raises(MalformedBody):
        text_body(_answer(THAI.encode("cp874"), content_type))
