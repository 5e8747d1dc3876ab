"""The HTTP layer: the one session factory (timeouts, bounded retries with backoff and jitter,
Retry-After, a User-Agent naming the tool, connection pooling, a body-size cap), the time budget
of the channel being collected, the collectors' GET that names a failed request, the readers of
a body by its platform's contract (UTF-8 JSON, a declared charset, an HTML page told apart), and
the check that a link still opens.

A scan gives each channel a deadline (`deadline()`, per thread): every request's timeouts are cut
to what is left of it, a back-off or a Retry-After that would pass it ends the request, and a body
that is still arriving when it passes is abandoned. So one hung or trickling host holds a worker
for at most the channel's budget. A host that has timed out twice in a scan is not asked again in
that scan (`HostNotAnswering`), so 25 district sites on one hung host cost two timeouts, not 25.
"""

from __future__ import annotations

import json
import re
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import requests
import webencodings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import InvalidHeader, ProtocolError, ReadTimeoutError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from auditor import __version__
from auditor.codes import Kind
from auditor.errors import CollectorError
from auditor.models import LinkCheck
from auditor.redact import SECRET_PARAMS, redact

__all__ = ["make_session", "get", "request_error", "describe", "verify_link", "link_answered", "redact", "SECRET_PARAMS",
           "RetryAfterTooLong", "ResponseTooLarge", "HostNotAnswering", "BudgetExceeded", "MalformedBody",
           "deadline", "time_left", "check_budget", "counting", "RequestCount", "retry_at", "json_body", "text_body", "looks_like_html", "USER_AGENT"]

# ASCII only: http.client encodes header values as latin-1, so Thai text here breaks every real request.
# No library versions: the cassettes record this header and must not change with the installed requests.
USER_AGENT = f"auditor/{__version__} (Click Chumchon campaign audit of Thai district offices' public posts; python-requests)"
DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, read (seconds)
# A worker waits at most this long on one Retry-After. Two minutes covers the short pauses servers
# ask for under load; longer asks (urllib3 would wait up to 6 hours) mean "come back later", and
# one channel must not hold a worker while the other districts wait.
RETRY_AFTER_CAP = 120
# No platform answer we read comes near this (a Graph page of 100 posts is ~200 KB); a bigger body
# is a runaway page or an attack on memory, not data.
MAX_BODY = 20 * 1024 * 1024
HUNG_AFTER = 2  # timeouts on one host after which the rest of the scan stops asking it
_local = threading.local()


class BudgetExceeded(Exception):
    """The channel's or the scan's time budget ran out; the channel stops where it is.

    Deliberately not a requests.RequestException: collectors turn those into per-request
    notes and go on, and this must end the channel whatever collector is running.
    """

    kind = Kind.BUDGET


class RetryAfterTooLong(requests.RequestException):
    """The server asked for a wait longer than RETRY_AFTER_CAP (or the time budget) before a retry; the request was abandoned."""

    kind = Kind.RETRY_LATER

    def __init__(self, *args, retry_at: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.retry_at = retry_at


class ResponseTooLarge(requests.RequestException):
    """The body was longer than the session's max_body; it was abandoned unread."""

    kind = Kind.TOO_LARGE


class HostNotAnswering(requests.ConnectionError):
    """The host timed out HUNG_AFTER times in this scan; it is not asked again until the next scan."""

    kind = Kind.TIMEOUT


class MalformedBody(ValueError):
    """A body that is not what the platform documents (not UTF-8, not JSON, wrong shape)."""

    kind = Kind.MALFORMED


class _RetryAfterTooLong(Exception):
    """Raised inside urllib3 and turned into RetryAfterTooLong by the adapter.

    Deliberately neither an OSError nor a urllib3 error: urllib3 swallows MaxRetryError when
    raise_on_status is off, and requests rewraps those two families as ConnectionError.
    """

    def __init__(self, message: str, retry_at: datetime):
        super().__init__(message)
        self.retry_at = retry_at


class _BudgetOut(Exception):
    """Raised inside urllib3 when a retry would pass the deadline; the adapter raises BudgetExceeded."""


@contextmanager
def deadline(at: float | None):
    """Within the block, this thread's requests end by time.monotonic() == at (None: no deadline)."""
    previous = getattr(_local, "deadline", None)
    _local.deadline = at
    try:
        yield
    finally:
        _local.deadline = previous


class RequestCount:
    """How many requests this thread sent inside a `counting()` block (each retry counts)."""

    def __init__(self):
        self.n = 0


@contextmanager
def counting():
    """Count the requests this thread sends within the block (a scan counts each channel's)."""
    previous = getattr(_local, "count", None)
    _local.count = counter = RequestCount()
    try:
        yield counter
    finally:
        _local.count = previous


def _counted() -> None:
    counter = getattr(_local, "count", None)
    if counter is not None:
        counter.n += 1


def time_left() -> float | None:
    """Seconds left of this thread's deadline, or None when it has none."""
    at = getattr(_local, "deadline", None)
    return None if at is None else at - time.monotonic()


def check_budget(what: str = "") -> None:
    """Raise BudgetExceeded when this thread's deadline has passed."""
    left = time_left()
    if left is not None and left <= 0:
        raise BudgetExceeded(f"the time budget for this channel ran out{' ' + what if what else ''}; "
                             "what was read before is kept, run the scan again later")


def retry_at(seconds: float) -> datetime:
    """The UTC time `seconds` from now, to the minute (rounded up): when a platform asks us to come back."""
    at = datetime.now(timezone.utc) + timedelta(seconds=seconds)
    return (at + timedelta(seconds=59)).replace(second=0, microsecond=0)


def try_again_after(at: datetime) -> str:
    """The tail of a log message whose channel may be collected again from `at` (the reports word retry_at)."""
    return f"try again after {at.astimezone(timezone.utc).isoformat(timespec='minutes')}"


class _Retry(Retry):
    """urllib3's Retry, but a Retry-After beyond RETRY_AFTER_CAP or the time budget ends the request
    instead of sleeping, and a back-off never sleeps past the deadline."""

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        wait = self._retry_after(response)
        left = time_left()
        if wait is not None and (wait > RETRY_AFTER_CAP or (left is not None and wait >= left)):
            response.drain_conn()
            host, path = getattr(_pool, "host", "the server"), urlsplit(url or "").path or "/"
            limit = f"the {RETRY_AFTER_CAP} s this tool waits" if wait > RETRY_AFTER_CAP else "this channel's time budget"
            at = retry_at(wait)
            raise _RetryAfterTooLong(
                f"{host} answered HTTP {response.status} and asked to wait {wait:.0f} s (Retry-After) before "
                f"retrying {path}, more than {limit}; gave up on this request, {try_again_after(at)}", at)
        if left is not None and left <= 0:
            raise _BudgetOut()
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        _counted()  # urllib3 sends the request again
        return retry

    def sleep(self, response=None) -> None:
        left = time_left()
        if left is not None:
            wait = self._retry_after(response) if response is not None else None
            if (wait if wait is not None else self.get_backoff_time()) >= left:
                raise _BudgetOut()
        super().sleep(response)

    def _retry_after(self, response) -> float | None:
        if response is None or not self.respect_retry_after_header:
            return None
        try:
            return self.get_retry_after(response)
        except InvalidHeader:
            return None  # malformed: urllib3's own sleep reports it (requests.InvalidHeader)


def _capped(timeout, left: float | None):
    if left is None:
        return timeout
    left = max(left, 0.001)
    if isinstance(timeout, tuple):
        return tuple(left if t is None else min(t, left) for t in timeout)
    return left if timeout is None else min(timeout, left)


class _TimeoutAdapter(HTTPAdapter):
    """Applies a default timeout (cut to the time budget) to every request; reads bodies with a size
    cap and the deadline; names timeouts and abandoned waits; stops asking a host that keeps hanging."""

    def __init__(self, *args, timeout=DEFAULT_TIMEOUT, max_body: int = MAX_BODY, **kwargs):
        self.timeout = timeout
        self.max_body = max_body
        self.hung: dict[str, int] = {}
        super().__init__(*args, **kwargs)

    def send(self, request, **kwargs):
        check_budget()
        host = urlsplit(request.url).netloc.lower()
        if self.hung.get(host, 0) >= HUNG_AFTER:
            raise HostNotAnswering(f"{host} did not answer in time {self.hung[host]} times earlier in this scan; "
                                   "not asked again until the next scan", request=request)
        kwargs["timeout"] = _capped(kwargs.get("timeout") or self.timeout, time_left())
        _counted()
        stream = kwargs.get("stream")
        kwargs["stream"] = True
        try:
            resp = super().send(request, **kwargs)
        except _RetryAfterTooLong as exc:
            raise RetryAfterTooLong(str(exc), retry_at=exc.retry_at, request=request) from None
        except _BudgetOut:
            raise BudgetExceeded(f"the time budget for this channel ran out while waiting to retry {host}; "
                                 "what was read before is kept, run the scan again later") from None
        except requests.ConnectionError as exc:
            # requests reports read timeouts that used up the retries as ConnectionError; say what happened.
            if isinstance(getattr(exc.args[0] if exc.args else None, "reason", None), ReadTimeoutError):
                self._hung(host)
                raise requests.ReadTimeout(exc.args[0], request=request) from None
            if isinstance(exc, requests.ConnectTimeout):
                self._hung(host)
            raise
        except requests.Timeout:
            self._hung(host)
            raise
        self.hung.pop(host, None)
        if not stream:
            self._read_body(resp, host)
        return resp

    def _hung(self, host: str) -> None:
        self.hung[host] = self.hung.get(host, 0) + 1

    def _read_body(self, resp: requests.Response, host: str) -> None:
        """Read the whole body now, at most max_body bytes and within the deadline."""
        chunks, size = [], 0
        try:
            for chunk in _chunks(resp.raw):
                size += len(chunk)
                if size > self.max_body:
                    resp.raw.close()
                    raise ResponseTooLarge(f"{host} sent more than {self.max_body // 1024} KB; the answer was abandoned "
                                           "unread", request=resp.request, response=resp)
                chunks.append(chunk)
                check_budget(f"while {host} was still sending its answer")
        except ReadTimeoutError as exc:
            self._hung(host)
            raise requests.ReadTimeout(exc, request=resp.request) from None
        except ProtocolError as exc:
            raise requests.exceptions.ChunkedEncodingError(
                f"{host} cut its answer off after {size} bytes ({exc})", request=resp.request) from None
        except BudgetExceeded:
            resp.raw.close()
            raise
        resp._content = b"".join(chunks)
        resp._content_consumed = True
        resp.close()


def _chunks(raw):
    """A body as each receive brings it (urllib3's read1), not in 64 KB reads (stream): a host trickling
    a byte at a time meets the deadline check instead of filling one read for minutes. A replayed
    response (vcrpy's, not urllib3's) has no network to wait for and is streamed."""
    if isinstance(raw, BaseHTTPResponse):
        while chunk := raw.read1(64 * 1024, decode_content=True):
            yield chunk
    else:
        yield from raw.stream(64 * 1024, decode_content=True)


def make_session(*, retries: int = 3, backoff: float = 1.0, timeout=DEFAULT_TIMEOUT, pool: int = 16,
                 max_body: int = MAX_BODY) -> requests.Session:
    """A requests.Session with the project's retry, timeout, body-size and User-Agent policy.

    Retries cover connection errors, read timeouts, 429 and 5xx with exponential backoff plus
    jitter; Retry-After is honoured up to RETRY_AFTER_CAP seconds (and within the time budget),
    and a longer one raises RetryAfterTooLong. When the retries run out, the last response is
    returned for the caller to judge. Errors the platforms send with 4xx JSON bodies (Graph API
    rate limits come back as 400/403) are left to the collectors, which read the body.
    """
    retry = _Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        backoff_jitter=backoff / 2,  # urllib3 >= 2
        backoff_max=60,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        raise_on_status=False,
    )
    session = requests.Session()
    adapter = _TimeoutAdapter(max_retries=retry, timeout=timeout, max_body=max_body, pool_connections=pool,
                              pool_maxsize=pool)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def unrecorded(exc: BaseException) -> bool:
    """A replay (`--replay DIR`, vcrpy record mode none) had no recording of the request. Told by name, so
    the library does not import vcrpy for every run."""
    return type(exc).__name__ == "CannotOverwriteExistingCassetteException"


def describe(exc: requests.RequestException) -> tuple[str, str, dict]:
    """(kind, what happened, params) for a request that failed: a codes.Kind, the exception named
    (tokens redacted) and, when the server said when to come back, {"retry_at": ISO UTC}."""
    kind = getattr(exc, "kind", None)
    if kind is None:
        if isinstance(exc, requests.Timeout):
            kind = Kind.TIMEOUT
        elif isinstance(exc, requests.exceptions.ChunkedEncodingError):
            kind = Kind.TRUNCATED
        else:
            kind = Kind.NETWORK
    told = kind in (Kind.RETRY_LATER, Kind.TOO_LARGE, Kind.TRUNCATED) or isinstance(exc, HostNotAnswering)
    at = getattr(exc, "retry_at", None)
    params = {"retry_at": at.isoformat(timespec="minutes")} if at else {}
    return kind, redact(f"{type(exc).__name__}{': ' + str(exc) if told else ''}"), params


def request_error(exc: requests.RequestException, platform: str, account: str, what: str) -> CollectorError:
    """A CollectorError for a request that could not be made: `what` (e.g. "cannot reach URL") and
    the cause, with its kind and parameters (describe)."""
    kind, said, params = describe(exc)
    return CollectorError(platform, account, f"{what}: {said}", kind=kind, params=params)


def json_body(resp: requests.Response):
    """The body as JSON, decoded as UTF-8 (RFC 8259; every platform here documents UTF-8).

    Never requests' guess from the Content-Type: text/plain without a charset would decode Thai
    as ISO-8859-1. Raises MalformedBody naming what is wrong.
    """
    try:
        text = resp.content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MalformedBody(f"the answer is not valid UTF-8 (byte {exc.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        what = "empty" if not text.strip() else "cut off" if exc.pos >= len(text.rstrip()) else "not JSON"
        raise MalformedBody(f"the answer is {what} ({exc.msg} at character {exc.pos})") from None


_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)


def looks_like_html(resp: requests.Response) -> bool:
    """True for an HTML or XHTML page (a login wall, consent page, firewall or error page), by
    Content-Type or by how the body starts, whatever status it came with."""
    content_type = (resp.headers.get("Content-Type") or "").lower()
    return "html" in content_type or bool(_HTML_START.match(resp.content[:2048]))


_DECLARED = re.compile(rb"""(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])([A-Za-z0-9_.:-]+)""", re.I)


def text_body(resp: requests.Response) -> str:
    """A feed or page body as text: UTF-8 when the bytes are UTF-8 (what WordPress and YouTube send),
    else the charset the header or the document declares (a Thai site in windows-874). Never a guess:
    a body that is neither raises MalformedBody instead of turning Thai into mojibake."""
    raw = resp.content
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
    header = requests.utils.get_encoding_from_headers({"content-type": resp.headers.get("Content-Type", "")}) \
        if "charset" in resp.headers.get("Content-Type", "").lower() else None
    found = _DECLARED.search(raw[:4096])
    for declared in filter(None, (header, found.group(1).decode("ascii") if found else None)):
        # Labels as browsers read them (the WHATWG Encoding Standard, through webencodings): Thai
        # sites declare "windows-874", which Python's codecs do not know, and "tis-620" means it too.
        encoding = webencodings.lookup(declared)
        if encoding is None or encoding.name == "utf-8":
            continue
        try:
            return raw.decode(encoding.codec_info.name)
        except UnicodeDecodeError:
            continue
    raise MalformedBody(f"the answer is not valid UTF-8 (byte {bad}) and declares no other charset that fits")


def get(session: requests.Session, url: str, *, platform: str, account: str,
        headers: dict | None = None) -> requests.Response:
    """GET through the session; a request that cannot be made becomes a CollectorError naming the
    URL and the cause (describe: network, timeout, truncated, too_large, retry_later), tokens
    redacted. The caller judges the answer's status. `headers`: e.g. a conditional request's."""
    try:
        return session.get(url, headers=headers or None)
    except requests.RequestException as exc:
        raise request_error(exc, platform, account, f"cannot reach {redact(url)}") from None


# What a host answers about a link, not about the way to it: 2xx (it opens) or a 4xx naming the
# link (404, 410, 400 …). No answer, a 5xx, a limit (429), a slow client (408, 425) or a wall
# (401, 403, 407: a login page or a firewall in between) says nothing of the link.
_WAY_STATUSES = frozenset({401, 403, 407, 408, 425, 429})


def link_answered(check: LinkCheck) -> bool:
    """True when the check's answer speaks of the link itself (it opened, or the host said it is not
    there); False when the check could not be made, and the link is neither live nor dead."""
    status = check.status
    return check.ok or (status is not None and status < 500 and status not in _WAY_STATUSES)


def verify_link(session: requests.Session, url: str) -> LinkCheck:
    """GET a URL (following redirects, body not read) and report whether it still answers."""
    try:
        resp = session.get(url, allow_redirects=True, stream=True)
    except requests.RequestException:
        return LinkCheck(url, False, None, url)
    try:
        return LinkCheck(url, 200 <= resp.status_code < 300, resp.status_code, resp.url or url)
    finally:
        resp.close()
