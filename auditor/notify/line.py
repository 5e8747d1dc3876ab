"""LINE Messaging API push through the official SDK (line-bot-sdk v3, linebot.v3.messaging).

POST {api_base_url}/v2/bot/message/push with the channel access token as a bearer token and an
X-Line-Retry-Key, so a retried request is executed once: LINE answers 409 to a key it has already
accepted, which counts as sent (developers.line.biz/en/docs/messaging-api/retrying-api-request/).
5xx, timeouts and the rate limit are retried with the same key; 400, 401, 403 and the monthly
quota ("You have reached your monthly limit.") are final. LINE carries no PDF: the text gives
the link instead.
"""

from __future__ import annotations

import json
import uuid

from auditor.codes import SendProblem
from auditor.notify.base import Permanent, Transient
from auditor.registry import LineSettings

PUSH_PATH = "/v2/bot/message/push"
TIMEOUT = (10, 30)  # connect, read seconds
QUOTA_MESSAGE = "monthly limit"


def push_body(to: str, text: str) -> dict:
    """The push request's JSON body, as the API reference documents it (one text message; the
    SDK sends notificationDisabled, whose default is false, too)."""
    return {"to": to, "messages": [{"type": "text", "text": text}], "notificationDisabled": False}


def retry_key(recipient: str, sha256: str, resend: bool = False) -> str:
    """The X-Line-Retry-Key: derived from the recipient and the content, so a rerun within LINE's
    retry window that finds the push already accepted gets 409 instead of a second delivery;
    a fresh random key when the operator asks to send again (--resend). Made once per message
    and run, and sent on each of that run's retries (reference §4.1: retry with the same key)."""
    if resend:
        return str(uuid.uuid4())
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"auditor:line:{recipient}:{sha256}"))


def push_text(settings: LineSettings, token: str, to: str, text: str, key: str) -> str:
    """Push one text message; return LINE's answer (status, request id, sent message ids).
    Raises Transient or Permanent."""
    from linebot.v3.messaging import ApiClient, ApiException, Configuration, MessagingApi, PushMessageRequest, TextMessage

    configuration = Configuration(access_token=token)
    configuration.retries = 0  # retries are ours (notify.base), with the same retry key
    try:
        with ApiClient(configuration) as client:
            api = MessagingApi(client)
            api.line_base_path = settings.api_base_url  # the SDK's host; configurable for proxies and test servers
            response = api.push_message_with_http_info(PushMessageRequest(to=to, messages=[TextMessage(text=text)]),
                                                       x_line_retry_key=key, _request_timeout=TIMEOUT)
    except ApiException as exc:
        return _answer_error(exc)
    except Exception as exc:  # urllib3's connection, timeout and protocol errors
        if type(exc).__module__.startswith(("urllib3", "socket", "ssl")) or isinstance(exc, OSError):
            _raise_network(exc, settings)
        raise
    ids = [m.id for m in (response.data.sent_messages or [])] if response.data else []
    return f"{response.status_code} x-line-request-id={_header(response.headers, 'x-line-request-id')} sentMessages={ids}"


def _raise_network(exc: Exception, settings: LineSettings) -> None:
    """No connection at all (refused, unknown host, connect timeout): Transient UNREACHABLE, tried
    again (a blip passes), stopping the channel only when every try failed (base.STOPS_CHANNEL);
    a failure once connected (read timeout, reset): Transient NETWORK."""
    from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

    reason = getattr(exc, "reason", None) or exc  # urllib3 wraps it in MaxRetryError
    detail = f"{type(reason).__name__}: {reason}"
    if isinstance(reason, (NewConnectionError, ConnectTimeoutError)):
        raise Transient(SendProblem.UNREACHABLE, detail, {"server": settings.api_base_url, "setting": "[notify.line] api_base_url",
                                                          "detail": str(reason)[:200]}) from None
    raise Transient(SendProblem.NETWORK, detail, {"detail": str(reason)[:200]}) from None


def _header(headers, name: str) -> str:
    return (headers or {}).get(name) or (headers or {}).get(name.title()) or ""


def _answer_error(exc) -> str:
    """A 409 means the retry key was accepted before: sent. Everything else raises."""
    status, body = exc.status, (exc.body.decode("utf-8", "replace") if isinstance(exc.body, bytes) else exc.body or "")
    message = _message(body)
    answer = f"{status} {message}".strip()
    if status == 409:
        return f"{answer} x-line-accepted-request-id={_header(exc.headers, 'x-line-accepted-request-id')}"
    params = {"status": status, "detail": message[:200]}
    if status == 429 and QUOTA_MESSAGE in message.lower():
        raise Permanent(SendProblem.QUOTA, answer, params)
    if status == 429:
        raise Transient(SendProblem.RATE_LIMIT, answer, params)
    if status is None or status >= 500:
        raise Transient(SendProblem.UNAVAILABLE, answer, params)
    raise Permanent(SendProblem.AUTH if status == 401 else SendProblem.REJECTED, answer, params)


def _message(body: str) -> str:
    """LINE's error body is {"message": "...", "details": [{"message", "property"}]}."""
    try:
        data = json.loads(body)
    except (ValueError, TypeError):
        return (body or "")[:200]
    if not isinstance(data, dict):
        return str(data)[:200]
    details = "; ".join(f"{d.get('property', '')}: {d.get('message', '')}" for d in data.get("details") or [] if isinstance(d, dict))
    return (data.get("message", "") + (f" ({details})" if details else "")).strip()
