"""No secret may sit in a cassette, an error message or stored evidence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from auditor.collect import facebook
from auditor.collect.base import Context
from auditor.errors import CollectorError
from auditor.models import ChannelStatus
from auditor.period import Month
from auditor.registry import Channel

ROOT = Path(__file__).resolve().parent.parent / "cassettes"
TOKEN = "EAAGsecretTOKEN1234567890abcdef"
PATTERNS = {
    "access_token in a query": re.compile(r"(?i)access_token(?:=|%3D)(?!REDACTED)[^&\s\"'\\]+"),
    "access_token in JSON": re.compile(r"(?i)[\"']access_token[\"']\s*:\s*[\"'](?!REDACTED)[^\"']+"),
    "input_token (debug_token)": re.compile(r"(?i)input_token(?:=|%3D)(?!REDACTED)[^&\s\"'\\]+"),
    "appsecret_proof": re.compile(r"(?i)appsecret_proof(?:=|%3D)(?!REDACTED)[^&\s\"'\\]+"),
    "Bearer token": re.compile(r"(?i)Bearer\s+(?!REDACTED)[A-Za-z0-9._~+/=-]{8,}"),
    "Google API key": re.compile(r"(?:key=)?AIza[0-9A-Za-z_-]{20,}"),
    # YouTube page tokens may start with EAA too ("pageToken=EAAaBlBUOkNESQ"); they are not secrets.
    "Facebook token": re.compile(r"(?<![Pp]ageToken=)(?<!PageToken\": \")EAA[A-Za-z0-9]{10,}"),
    # LINE channel access tokens (cassettes/line): long-lived ones are ~170 characters of base64
    "LINE channel access token": re.compile(r"[A-Za-z0-9+/]{120,}={0,2}"),
    "Authorization header": re.compile(r"(?im)^\s*authorization:\s*\n\s*-\s*(?!REDACTED)\S+"),
}


def cassette_files() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*") if p.is_file())


def test_there_are_cassettes():
    assert cassette_files(), f"no cassettes under {ROOT}"


@pytest.mark.parametrize("path", cassette_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_cassette_has_no_secret(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    found = [f"{name}: {m.group(0)[:40]}" for name, rx in PATTERNS.items() for m in rx.finditer(text)]
    assert not found, f"{path}: " + "; ".join(found)


def test_patterns_catch_what_they_should():
    leaky = (f'next=https://graph.facebook.com/x?access_token={TOKEN}&input_token={TOKEN}&appsecret_proof=abc123 "access_token": "abc" '
             'Bearer act.1234567890 key=AIzaSyA1234567890abcdefghijk ' + "Ab+/" * 43 + "=\n"
             "    headers:\n      Authorization:\n      - Basic dXNlcjpwYXNz\n")
    assert all(rx.search(leaky) for rx in PATTERNS.values())
    assert not PATTERNS["Facebook token"].search('pageToken=EAAaBlBUOkNESQ "nextPageToken": "EAAaBlBUOkNHUQ"')
    assert not any(rx.search("access_token=REDACTED Bearer REDACTED") for rx in PATTERNS.values())


def test_line_cassettes_are_checked_too():
    """The LINE push cassettes are among the files checked (their requests never hold the token)."""
    assert any(p.relative_to(ROOT).parts[0] == "line" for p in cassette_files())


def test_collector_error_never_carries_the_token():
    class Exploding:
        def get(self, url, params=None):
            raise requests.ConnectionError(f"cannot reach {url}?access_token={params['access_token']} ({params['access_token']})")

    ctx = Context(session=Exploding(), settings={}, env={"AUDITOR_FACEBOOK_TOKEN": TOKEN})
    with pytest.raises(CollectorError) as info:
        list(facebook.FacebookCollector().fetch(Channel("facebook", "1"), Month(2025, 2), ctx))
    assert info.value.kind == "network" and TOKEN not in str(info.value)


def test_stored_evidence_never_carries_the_token(store, make_post):
    post = make_post()
    raw = {"id": post.post_id, "paging": {"next": f"https://graph.facebook.com/v24.0/1/posts?access_token={TOKEN}"},
           "access_token": TOKEN}
    run = store.start_run("2025-02")
    store.save_channel(run, ChannelStatus("khemarat", "facebook", "1", "error", f"failed ?access_token={TOKEN}"), [(post, raw)])
    assert TOKEN not in "\n".join(store.conn.iterdump())
