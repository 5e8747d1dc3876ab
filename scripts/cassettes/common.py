"""Writing constructed cassettes in vcrpy's format.

No network is reachable where this project is built, so recordings are constructed from the
platforms' documented request and response shapes (README, "Recordings"). Each generator
builds request URLs with the collectors' own URL functions, so replay matches exactly what the
code sends. Secrets never appear: URLs are written already filtered (no access_token/key).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import yaml

from auditor.collect.http import SECRET_PARAMS, USER_AGENT

REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 400: "Bad Request", 401: "Unauthorized",
           403: "Forbidden", 404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error",
           503: "Service Unavailable"}


def strip_secrets(url: str) -> str:
    """The URL as vcrpy stores it after filter_query_parameters."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in SECRET_PARAMS]
    return urlunsplit(parts._replace(query=urlencode(query)))


def interaction(url: str, *, status: int = 200, body: str | bytes | dict | list = "",
                content_type: str = "application/json; charset=UTF-8", headers: dict | None = None,
                method: str = "GET") -> dict:
    if isinstance(body, (dict, list)):
        body = json.dumps(body, ensure_ascii=False)
    resp_headers = {"Content-Type": [content_type]}
    for name, value in (headers or {}).items():
        resp_headers[name] = [str(value)]
    return {
        "request": {"body": None, "headers": {"User-Agent": [USER_AGENT]}, "method": method, "uri": strip_secrets(url)},
        "response": {
            "status": {"code": status, "message": REASONS.get(status, "")},
            "headers": resp_headers,
            "body": {"string": body},
        },
    }


def write_cassette(path: str | Path, interactions: list[dict]) -> Path:
    """Write a vcrpy v1 cassette (YAML, UTF-8, Thai kept readable)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"interactions": interactions, "version": 1}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100000), encoding="utf-8")
    return path
