"""`auditor line-ids`: a small webhook receiver that tells a province its LINE group ids.

When the bot is invited to a group, LINE posts a `join` event to the channel's webhook URL; every
later message in the group carries the group id too (developers.line.biz/en/docs/messaging-api/
group-chats/). Each request is checked before anything is read from it: X-Line-Signature must be
the base64 HMAC-SHA256 of the raw body keyed with the channel secret (developers.line.biz/en/docs/
messaging-api/verify-webhook-signature/); a request that fails gets 401 and is not parsed. The
SDK's WebhookParser does the check and the parsing. Events are de-duplicated on webhookEventId
(LINE redelivers).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_BODY = 1 << 20


@dataclass(frozen=True)
class SourceId:
    """An id a webhook event carried: kind 'group', 'room' or 'user', from event type `event`."""

    kind: str
    id: str
    event: str


def source_ids(payload: dict) -> list[SourceId]:
    """The group, room and user ids of a verified webhook body's events (join, message, …)."""
    out = []
    for event in payload.get("events") or []:
        source = event.get("source") or {}
        for kind, key in (("group", "groupId"), ("room", "roomId"), ("user", "userId")):
            if source.get(key):
                out.append(SourceId(kind, source[key], event.get("type", "")))
    return out


def verify_and_parse(secret: str, body: bytes, signature: str) -> dict | None:
    """The webhook body as JSON when its signature is right, else None (the SDK's validator:
    HMAC-SHA256 over the raw body with the channel secret, compared in constant time)."""
    from linebot.v3 import WebhookParser
    from linebot.v3.exceptions import InvalidSignatureError

    try:
        text = body.decode("utf-8")
        WebhookParser(secret).parse(text, signature or "")
        return json.loads(text)
    except (InvalidSignatureError, UnicodeDecodeError, ValueError):
        return None


def make_server(host: str, port: int, secret: str, on_ids: Callable[[list[SourceId]], None],
                on_rejected: Callable[[], None] = lambda: None) -> ThreadingHTTPServer:
    """An HTTP server (call serve_forever) that answers LINE's webhook POSTs: 200 and `on_ids`
    for a signed body; 401 for a bad or missing signature (or a body that cannot be read), with
    `on_rejected`; 413 for a body over 1 MiB."""
    seen: set[str] = set()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                return self._answer(413)
            body = self.rfile.read(length)
            payload = verify_and_parse(secret, body, self.headers.get("X-Line-Signature", ""))
            if payload is None:
                on_rejected()
                return self._answer(401)
            self._answer(200)  # LINE wants an answer within seconds: reply first
            fresh = [e for e in payload.get("events") or [] if e.get("webhookEventId") not in seen]
            seen.update(e.get("webhookEventId") for e in fresh)
            ids = source_ids({"events": fresh})
            if ids:
                on_ids(ids)

        def _answer(self, status: int) -> None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:  # the command prints the ids, not an access log
            pass

    return ThreadingHTTPServer((host, port), Handler)
