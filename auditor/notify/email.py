"""E-mail over SMTP with the standard library: one EmailMessage per recipient (Thai subject and
body, encoded by email.policy.default: RFC 2047 headers, UTF-8 text), the PDF attached.

smtplib and email are made for exactly this and need no package; the SMTP class is only extended
to keep the server's reply to DATA (`250 … queued as …`), which is the answer the store records.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from auditor.codes import SendProblem
from auditor.notify.base import Permanent, Transient
from auditor.registry import EmailSettings


def build_email(subject: str, body: str, sender: str, recipient: str, attachment: Path | None = None) -> EmailMessage:
    """The message for one recipient; the PDF (when given) attached under its own ASCII file name."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = recipient
    msg.set_content(body, cte="quoted-printable")  # survives servers without 8BITMIME
    if attachment is not None:
        msg.add_attachment(attachment.read_bytes(), maintype="application", subtype="pdf", filename=attachment.name)
    return msg


def stamp(msg: EmailMessage, sender: str) -> EmailMessage:
    """Date and Message-ID, added only when the message is really sent (they are not content)."""
    domain = sender.rsplit("@", 1)[-1].strip("> ") or None
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=domain)
    return msg


class _KeepsReply:
    """Keeps the server's reply to DATA, which smtplib's send_message does not return."""

    last_reply: tuple[int, bytes] | None = None

    def data(self, msg):
        self.last_reply = super().data(msg)
        return self.last_reply


class _SMTP(_KeepsReply, smtplib.SMTP):
    pass


class _SMTPS(_KeepsReply, smtplib.SMTP_SSL):
    pass


def send_email(settings: EmailSettings, password: str | None, msg: EmailMessage) -> str:
    """Send one message; return the server's answer. Raises Transient or Permanent: a server that
    cannot be reached (refused, unknown host, no answer) is Transient UNREACHABLE (a network blip
    passes: it is tried again, and only when every try failed does it stop the channel); a set-up
    fault (TLS, no STARTTLS, no AUTH, a refused login) is Permanent with its own SendProblem, as
    every try and every other message of the run would meet it too (base.STOPS_CHANNEL)."""
    smtp = _open(settings)
    with smtp:
        if settings.user:
            _login(smtp, settings, password)
        return _send(smtp, msg)


def _open(settings: EmailSettings) -> smtplib.SMTP:
    """The connection, greeted (and switched to TLS when asked)."""
    server = {"server": f"{settings.host}:{settings.port}"}
    try:
        return _connect(settings)
    except (ssl.SSLError, ssl.CertificateError) as exc:  # before OSError: both are OSErrors
        raise Permanent(SendProblem.TLS, f"{type(exc).__name__}: {exc}", {**server, "detail": str(exc)[:200]}) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise Permanent(SendProblem.NO_STARTTLS, str(exc), {**server, "detail": str(exc)[:200]}) from None
    except smtplib.SMTPResponseException as exc:  # a greeting other than 220: the server is there, not ready
        _raise_for(exc.smtp_code, exc.smtp_error)
    except OSError as exc:  # refused, unknown host, unreachable, no greeting (closed, or none within the timeout)
        raise Transient(SendProblem.UNREACHABLE, f"{type(exc).__name__}: {exc}",
                        {**server, "setting": "[notify.email] host, port, security", "detail": str(exc)[:200] or type(exc).__name__}
                        ) from None


def _login(smtp: smtplib.SMTP, settings: EmailSettings, password: str | None) -> None:
    server = {"server": f"{settings.host}:{settings.port}"}
    try:
        smtp.login(settings.user, password or "")
    except smtplib.SMTPAuthenticationError as exc:
        raise Permanent(SendProblem.AUTH, _reply(exc), _params(exc.smtp_code, exc.smtp_error)) from None
    except smtplib.SMTPNotSupportedError as exc:  # "SMTP AUTH extension not supported by server."
        raise Permanent(SendProblem.SMTP_NO_AUTH, str(exc), {**server, "detail": str(exc)[:200]}) from None
    except smtplib.SMTPResponseException as exc:
        _raise_for(exc.smtp_code, exc.smtp_error)
    except smtplib.SMTPServerDisconnected as exc:
        raise Transient(SendProblem.NETWORK, f"{type(exc).__name__}: {exc}", {"detail": str(exc)[:200]}) from None
    except smtplib.SMTPException as exc:  # "No suitable authentication method found."
        raise Permanent(SendProblem.SMTP_NO_AUTH, str(exc), {**server, "detail": str(exc)[:200]}) from None
    except OSError as exc:
        raise Transient(SendProblem.NETWORK, f"{type(exc).__name__}: {exc}", {"detail": str(exc)[:200]}) from None


def _send(smtp: smtplib.SMTP, msg: EmailMessage) -> str:
    try:
        refused = smtp.send_message(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        _raise_for(code, text)
    except smtplib.SMTPResponseException as exc:
        _raise_for(exc.smtp_code, exc.smtp_error)
    except OSError as exc:  # smtplib's errors too: disconnected or timed out while sending
        raise Transient(SendProblem.NETWORK, f"{type(exc).__name__}: {exc}", {"detail": str(exc)[:200]}) from None
    if refused:
        raise Permanent(SendProblem.REJECTED, f"refused: {refused}", _params(*next(iter(refused.values()))))
    code, text = smtp.last_reply or (250, b"")
    return f"{code} {text.decode('utf-8', 'replace')}".strip()


def _connect(settings: EmailSettings) -> smtplib.SMTP:
    context = ssl.create_default_context()  # certificates are verified
    if settings.security == "ssl":
        return _SMTPS(settings.host, settings.port, timeout=settings.timeout, context=context)
    smtp = _SMTP(settings.host, settings.port, timeout=settings.timeout)
    if settings.security == "starttls":
        try:
            smtp.starttls(context=context)
        except BaseException:
            smtp.close()
            raise
    return smtp


def _params(code, text) -> dict:
    detail = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return {"status": code, "detail": detail[:200]}


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_params(exc.smtp_code, exc.smtp_error)['detail']}"


def _raise_for(code: int, text) -> None:
    """SMTP 4xx replies are temporary (try again); 5xx are final."""
    params = _params(code, text)
    answer = f"{code} {params['detail']}"
    if 400 <= code < 500:
        raise Transient(SendProblem.UNAVAILABLE, answer, params)
    raise Permanent(SendProblem.REJECTED, answer, params)
