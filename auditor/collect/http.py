"""The HTTP layer: the one session factory (timeouts, bounded retries with backoff and jitter,
Retry-After, a User-Agent naming the tool, connection pooling), the collectors' GET that names
a network failure, and the check that a link still opens."""

from __future__ import annotations

from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import InvalidHeader, ReadTimeoutError
from urllib3.util.retry import Retry

from auditor import __version__
from auditor.errors import CollectorError
from auditor.models import LinkCheck
from auditor.redact import SECRET_PARAMS, redact

__all__ = ["make_session", "get", "verify_link", "redact", "SECRET_PARAMS", "RetryAfterTooLong", "USER_AGENT"]

# ASCII only: http.client encodes header values as latin-1, so Thai text here breaks every real request.
# No library versions: the cassettes record this header and must not change with the installed requests.
USER_AGENT = f"auditor/{__version__} (Click Chumchon campaign audit of Thai district offices' public posts; python-requests)"
DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, read (seconds)
# A worker waits at most this long on one Retry-After. Two minutes covers the short pauses servers
# ask for under load; longer asks (urllib3 would wait up to 6 hours) mean "come back later", and
# one channel must not hold a worker while the other districts wait.
RETRY_AFTER_CAP = 120


class RetryAfterTooLong(requests.RequestException):
    """The server asked for a wait longer than RETRY_AFTER_CAP before a retry; the request was abandoned."""


class _RetryAfterTooLong(Exception):
    """Raised inside urllib3 and turned into RetryAfterTooLong by the adapter.

    Deliberately neither an OSError nor a urllib3 error: urllib3 swallows MaxRetryError when
    raise_on_status is off, and requests rewraps those two families as ConnectionError.
    """


class _Retry(Retry):
    """urllib3's Retry, but a Retry-After beyond RETRY_AFTER_CAP ends the request instead of sleeping."""

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        wait = self._retry_after(response)
        if wait is not None and wait > RETRY_AFTER_CAP:
            response.drain_conn()
            host, path = getattr(_pool, "host", "the server"), urlsplit(url or "").path or "/"
            raise _RetryAfterTooLong(
                f"{host} answered HTTP {response.status} and asked to wait {wait:.0f} s (Retry-After) before "
                f"retrying {path}, more than the {RETRY_AFTER_CAP} s this tool waits; gave up on this request, "
                "run it again later")
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def _retry_after(self, response) -> float | None:
        if response is None or not self.respect_retry_after_header:
            return None
        try:
            return self.get_retry_after(response)
        except InvalidHeader:
            return None  # malformed: urllib3's own sleep reports it (requests.InvalidHeader)


class _TimeoutAdapter(HTTPAdapter):
    """Applies a default timeout to every request that does not set its own; names timeouts and abandoned waits."""

    def __init__(self, *args, timeout=DEFAULT_TIMEOUT, **kwargs):
        self.timeout = timeout
        super().__init__(*args, **kwargs)

    def send(self, request, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        try:
            return super().send(request, **kwargs)
        except _RetryAfterTooLong as exc:
            raise RetryAfterTooLong(str(exc), request=request) from None
        except requests.ConnectionError as exc:
            # requests reports read timeouts that used up the retries as ConnectionError; say what happened.
            if isinstance(getattr(exc.args[0] if exc.args else None, "reason", None), ReadTimeoutError):
                raise requests.ReadTimeout(exc.args[0], request=request) from None
            raise


def make_session(*, retries: int = 3, backoff: float = 1.0, timeout=DEFAULT_TIMEOUT, pool: int = 16) -> requests.Session:
    """A requests.Session with the project's retry, timeout and User-Agent policy.

    Retries cover connection errors, read timeouts, 429 and 5xx with exponential backoff plus
    jitter; Retry-After is honoured up to RETRY_AFTER_CAP seconds, and a longer one raises
    RetryAfterTooLong. When the retries run out, the last response is returned for the caller
    to judge. Errors the platforms send with 4xx JSON bodies (Graph API rate limits come back
    as 400/403) are left to the collectors, which read the body.
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
    adapter = _TimeoutAdapter(max_retries=retry, timeout=timeout, pool_connections=pool, pool_maxsize=pool)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


def get(session: requests.Session, url: str, *, platform: str, account: str) -> requests.Response:
    """GET through the session; a request that cannot be made becomes a CollectorError (kind
    "network") naming the URL, tokens redacted. The caller judges the answer's status."""
    try:
        return session.get(url)
    except requests.RequestException as exc:
        raise CollectorError(platform, account, f"cannot reach {redact(url)}: {type(exc).__name__}", kind="network") from None


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
