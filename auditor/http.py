"""The one HTTP session factory: timeouts, bounded retries with backoff and jitter, Retry-After,
a User-Agent naming the tool, connection pooling, and secret redaction for logs and messages."""

from __future__ import annotations

import re

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from auditor import __version__

USER_AGENT = f"auditor/{__version__} (Click ชุมชน district audit; python-requests)"
DEFAULT_TIMEOUT = (5.0, 30.0)  # connect, read (seconds)
SECRET_PARAMS = ("access_token", "appsecret_proof", "key", "client_secret", "token")
_SECRET_QS = re.compile(r"(?i)\b(" + "|".join(SECRET_PARAMS) + r")=([^&\s\"'#]+)")
_BEARER = re.compile(r"(?i)\b(Bearer)\s+[A-Za-z0-9._~+/=-]+")


class _TimeoutAdapter(HTTPAdapter):
    """Applies a default timeout to every request that does not set its own."""

    def __init__(self, *args, timeout=DEFAULT_TIMEOUT, **kwargs):
        self.timeout = timeout
        super().__init__(*args, **kwargs)

    def send(self, request, **kwargs):
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


def make_session(*, retries: int = 3, backoff: float = 1.0, timeout=DEFAULT_TIMEOUT, pool: int = 16) -> requests.Session:
    """A requests.Session with the project's retry, timeout and User-Agent policy.

    Retries cover connection errors, 429 and 5xx with exponential backoff plus jitter;
    Retry-After is honoured. Errors the platforms send with 4xx JSON bodies (Graph API
    rate limits come back as 400/403) are left to the collectors, which read the body.
    """
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        backoff_jitter=backoff / 2,
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


def redact(text: str) -> str:
    """Remove tokens and keys from a URL or message before it reaches a log, the store or a report."""
    text = _SECRET_QS.sub(lambda m: f"{m.group(1)}=REDACTED", str(text))
    return _BEARER.sub(r"\1 REDACTED", text)
