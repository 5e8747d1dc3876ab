"""Secrets out of everything that is kept or shown: tokens and keys are redacted from URLs,
messages and raw payloads before they reach a log, the store, a cassette or a report."""

from __future__ import annotations

import re

SECRET_PARAMS = ("access_token", "input_token", "appsecret_proof", "key", "client_secret", "token")
_SECRET_QS = re.compile(r"(?i)\b(" + "|".join(SECRET_PARAMS) + r")=([^&\s\"'#]+)")
_BEARER = re.compile(r"(?i)\b(Bearer)\s+[A-Za-z0-9._~+/=-]+")
# URL-encoded inside another URL (l.php?u=...%3Faccess_token%3D...): no word boundary before it.
_ENCODED_SECRET = re.compile(r"(?i)(" + "|".join(SECRET_PARAMS) + r")%3D[^&%\s\"']+")


def redact(text: str) -> str:
    """Remove tokens and keys from a URL or message before it reaches a log, the store or a report."""
    text = _SECRET_QS.sub(lambda m: f"{m.group(1)}=REDACTED", str(text))
    return _BEARER.sub(r"\1 REDACTED", text)


def redact_payload(value):
    """A copy of a raw payload with tokens removed: secret keys blanked, secret query parameters redacted."""
    if isinstance(value, dict):
        return {k: "REDACTED" if str(k).lower() in SECRET_PARAMS else redact_payload(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact_payload(v) for v in value]
    if isinstance(value, str):
        return _ENCODED_SECRET.sub(lambda m: f"{m.group(1)}%3DREDACTED", redact(value))
    return value
