"""vcrpy configuration shared by the tests and by `auditor scan --replay DIR`.

Secrets are filtered from query strings, headers and response bodies (Graph API echoes the
access token inside paging.next). Matching happens after filtering, so a live request that
carries a real token still matches its redacted recording.
"""

from __future__ import annotations

import re
from pathlib import Path

import vcr

from auditor.collect.http import SECRET_PARAMS

FILTERED_HEADERS = ("authorization", "cookie", "set-cookie", "x-api-key")
_BODY_SECRET = re.compile(r"(?i)((?:access_token|appsecret_proof|key)(?:=|%3D))([^&\"'\s\\]+)")
_BODY_BEARER = re.compile(r"(?i)(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}")


def scrub_text(text: str) -> str:
    """Redact tokens inside a response body."""
    text = _BODY_SECRET.sub(lambda m: m.group(1) + "REDACTED", text)
    return _BODY_BEARER.sub(r"\1REDACTED", text)


def _scrub_response(response: dict) -> dict:
    body = response.get("body", {}).get("string")
    if isinstance(body, bytes):
        try:
            response["body"]["string"] = scrub_text(body.decode("utf-8")).encode("utf-8")
        except UnicodeDecodeError:
            pass
    elif isinstance(body, str):
        response["body"]["string"] = scrub_text(body)
    return response


def make_vcr(cassette_dir: str | Path, record_mode: str = "none") -> vcr.VCR:
    """A VCR that replays (record_mode 'none': any unrecorded request fails) from cassette_dir."""
    return vcr.VCR(
        cassette_library_dir=str(cassette_dir),
        record_mode=record_mode,
        match_on=("method", "scheme", "host", "port", "path", "query"),
        filter_query_parameters=list(SECRET_PARAMS),
        filter_headers=list(FILTERED_HEADERS),
        before_record_response=_scrub_response,
        decode_compressed_response=True,
    )
