"""`auditor notify`: send a stored month's messages to the districts and the province staff.

For each message (present.messages: a district's to-do, the province's overview) and each of its
recipients (registry: an office's `notify`, `[notify] staff`), the content's sha256 is compared
with the sends the store recorded: the same content never goes to the same recipient twice unless
`resend`. Each send is tried with bounded backoff and recorded (sent or failed, with the
service's answer); one that fails never stops the others, except that a channel whose set-up
fails (a server that cannot be reached in any try, TLS, login: base.STOPS_CHANNEL) is not tried again in
the run, its remaining sends recorded as not tried. A dry run writes what would be sent
(OUT/M/notify/email/*.eml and OUT/M/notify/line.json) and sends nothing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

from auditor.codes import Note, SendProblem
from auditor.notify import email as mail
from auditor.notify import line
from auditor.notify.base import STOPS_CHANNEL, Outcome, with_retries
from auditor.period import Month
from auditor.present.pdf import PROVINCE_PDF, current_pdfs, district_pdf, scorecards_key
from auditor.present.messages import PROVINCE, Attachment, Message, district_message, province_message
from auditor.registry import Contacts, Registry
from auditor.store import Send

EMAIL, LINE = "email", "line"
EXIT_SENT, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


@dataclass
class SendResult:
    """One message to one recipient: 'sent', 'failed', 'skipped' (sent before) or 'would_send' (dry run)."""

    office: str
    channel: str
    recipient: str
    status: str
    outcome: Outcome | None = None


@dataclass
class NotifyReport:
    messages: list[Message]
    results: list[SendResult] = field(default_factory=list)
    unaddressed: list[Message] = field(default_factory=list)
    pdf_problem: str = ""  # a PDF_MISSING key when PDFs could not be made
    written: list[Path] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def not_tried(self) -> dict[str, int]:
        """channel → how many sends were not tried because the channel failed for good earlier."""
        out: dict[str, int] = {}
        for r in self.results:
            if r.outcome is not None and r.outcome.problem == SendProblem.NOT_TRIED:
                out[r.channel] = out.get(r.channel, 0) + 1
        return out

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.count("failed") else EXIT_SENT


@dataclass
class Options:
    """How to run: the month's folder, a filter, and the switches of the command. The messages
    describe the stored scorecards, as of when they were audited (see stored_as_of_agrees)."""

    directory: Path  # OUT/YYYY-MM
    districts: list[str] | None = None
    dry_run: bool = False
    resend: bool = False
    attach: bool = True
    attempts: int = 3
    sleep: Callable[[float], None] = time.sleep


def stored_as_of_agrees(cards: dict, as_of: datetime | None) -> bool:
    """Whether an --as-of names the instant the stored scorecards were audited at (or is absent):
    the messages say what was stored, so another instant would put words over a verdict that is
    not theirs (a whole month's verdict as 'the month is not over', days left that are not)."""
    if as_of is None:
        return True
    stored = cards.get("as_of")
    return bool(stored) and datetime.fromisoformat(stored) == as_of


def recipients(registry: Registry, office: str) -> Contacts:
    """Who gets an office's message: a district's `notify`; for the province, `[notify] staff`
    and the `notify` of the provincial office(s), without duplicates."""
    if office != PROVINCE:
        return registry.get(office).notify if registry.has(office) else Contacts()
    found = [registry.notify.staff, *(o.notify for o in registry.offices if not o.is_district)]
    return Contacts(tuple(dict.fromkeys(a for c in found for a in c.email)),
                    tuple(dict.fromkeys(i for c in found for i in c.line)))


def message_offices(cards: dict, options: Options) -> list[str]:
    """Whose messages the run sends: each district (all, or options.districts), then the province
    (only without a district filter: the overview is about every district)."""
    offices = [d["district"] for d in cards.get("districts") or []
               if options.districts is None or d["district"] in options.districts]
    return offices + ([PROVINCE] if options.districts is None else [])


def preflight(registry: Registry, offices: list[str], env: Mapping[str, str]) -> list[Note]:
    """What keeps the configured channels from sending at all (missing SMTP host or sender,
    credentials not in the environment) for these offices' messages: config errors before a real
    send, which sends nothing then; warnings in a dry run (it sends nothing anyway, but the real
    run would stop)."""
    wanted = [recipients(registry, office) for office in offices]
    problems = []
    settings = registry.notify.email
    if any(c.email for c in wanted):
        missing = [name for name, value in (("host", settings.host), ("from", settings.sender)) if not value]
        if missing:
            problems.append(Note(SendProblem.NO_TRANSPORT, {"missing": ", ".join(missing)}))
        if settings.user and settings.password_env and not env.get(settings.password_env):
            problems.append(Note(SendProblem.NO_CREDENTIAL, {"env": settings.password_env}))
    if any(c.line for c in wanted) and not env.get(registry.notify.line.token_env):
        problems.append(Note(SendProblem.NO_CREDENTIAL, {"env": registry.notify.line.token_env}))
    return problems


def build_messages(cards: dict, registry: Registry, options: Options,
                   attachments: Mapping[str, Attachment] | None = None) -> list[Message]:
    """The month's messages: one per district (all, or options.districts), then the province's
    (only when no district filter is given: the overview is about every district)."""
    attachments = attachments or {}
    out = [district_message(cards, d, base_url=registry.report_base_url, attachment=attachments.get(d["district"]),
                            by_email=bool(recipients(registry, d["district"]).email))
           for d in cards.get("districts") or [] if options.districts is None or d["district"] in options.districts]
    if options.districts is None:
        out.append(province_message(cards, base_url=registry.report_base_url, attachment=attachments.get(PROVINCE),
                                    by_email=bool(recipients(registry, PROVINCE).email)))
    return out


def attachment_path(office: str) -> str:
    return PROVINCE_PDF if office == PROVINCE else district_pdf(office)


def prepare_attachments(offices: list[str], directory: Path, make_pdfs, attach: bool, cards: dict
                        ) -> tuple[dict[str, Attachment], str]:
    """Each office's PDF from the report folder, printed again with `make_pdfs` (ids of districts,
    whether the province's is needed) when it is missing, was printed from other scorecards
    than `cards`, or is not vouched for by the manifest (present.pdf.scorecards_key): a PDF always says what the text says.
    Without a browser the messages go without attachment and say why; a stale PDF is never
    attached. Returns (attachments, the problem's PDF_MISSING key or '')."""
    if not attach:
        return {o: Attachment(attachment_path(o), False, "not_asked") for o in offices}, "not_asked"
    key = scorecards_key(cards)
    current = current_pdfs(directory, key, [attachment_path(o) for o in offices])
    stale = [o for o in offices if attachment_path(o) not in current]
    problem = ""
    if stale and make_pdfs is not None:
        problem = make_pdfs({o for o in stale if o != PROVINCE}, PROVINCE in stale) or ""
        current |= current_pdfs(directory, key, [attachment_path(o) for o in stale])
    elif stale:
        problem = "no_browser"
    out = {}
    for office in offices:
        ok = attachment_path(office) in current
        out[office] = Attachment(attachment_path(office), ok, "" if ok else (problem or "browser_failed"))
    return out, problem


def content_hash(channel: str, message: Message) -> str:
    """sha256 of what identifies a message as its recipient reads it (Message.email_key and
    line_key): the subject and text, not whether the PDF came along (the PDF is printed from the
    same scorecards as the text, so it says nothing the text does not), nor the PDF's bytes, which
    carry a creation time. Whether the PDF was attached is recorded beside it (Send.attached)."""
    content = message.email_key if channel == EMAIL else message.line_key
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def legacy_hashes(channel: str, message: Message, with_pdf: bool) -> tuple[str, ...]:
    """The sha256 under which sends recorded before the identity above (and sends.attached)
    named this message, so an upgraded store does not send it again: the sorted JSON of
    {subject, body, attachment: its path, or '' when none went} for e-mail, of the push's
    messages for LINE. An old e-mail stands for this one when it carried the PDF, or when this
    one carries none."""
    if channel == LINE:
        return (_legacy_sha(line.push_body("", message.line_text)["messages"]),)
    path = message.attachment.path if message.attachment is not None else ""
    paths = [path] if with_pdf else list(dict.fromkeys(["", path]))
    return tuple(_legacy_sha({"subject": message.subject, "body": message.body, "attachment": p}) for p in paths)


def _legacy_sha(content) -> str:
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def attached(channel: str, message: Message) -> bool:
    """Whether this send carries the message's PDF."""
    return channel == EMAIL and message.attachment is not None and message.attachment.attached


def notify_month(cards: dict, registry: Registry, store, month: Month, options: Options, *,
                 env: Mapping[str, str], make_pdfs=None, on_result: Callable[[Message, SendResult], None] | None = None
                 ) -> NotifyReport:
    """Send (or, in a dry run, write) every message of the month to its recipients; record each send."""
    addressed = [o for o in message_offices(cards, options) if recipients(registry, o)]
    attachments, problem = prepare_attachments(addressed, options.directory, make_pdfs, options.attach, cards)
    messages = build_messages(cards, registry, options, attachments)
    report = NotifyReport(messages, pdf_problem=problem if addressed else "")
    sender = _Sender(registry, store, month, options, env, cards.get("as_of"))
    if options.dry_run:
        shutil.rmtree(options.directory / "notify", ignore_errors=True)
    for message in messages:
        contacts = recipients(registry, message.office)
        if not contacts:
            report.unaddressed.append(message)
            continue
        for channel, recipient in [(EMAIL, a) for a in contacts.email] + [(LINE, i) for i in contacts.line]:
            result = sender.send(message, channel, recipient)
            report.results.append(result)
            if on_result:
                on_result(message, result)
    if options.dry_run:
        report.written = sender.write_dry_run()
    return report


class _Sender:
    """Sends one message to one recipient on one channel, or skips or records it."""

    def __init__(self, registry: Registry, store, month: Month, options: Options, env: Mapping[str, str],
                 stored_as_of: str | None):
        self.registry, self.store, self.month, self.options, self.env = registry, store, month, options, env
        self.as_of = stored_as_of
        self.down: dict[str, Outcome] = {}  # channel → the failure that stopped it for this run
        self.emails: list[tuple[str, str, EmailMessage]] = []
        self.pushes: list[dict] = []

    def send(self, message: Message, channel: str, recipient: str) -> SendResult:
        digest, with_pdf = content_hash(channel, message), attached(channel, message)
        if not self.options.resend and self.store.was_sent(channel, recipient, digest, with_pdf,
                                                           legacy_hashes(channel, message, with_pdf)):
            return SendResult(message.office, channel, recipient, "skipped")
        if self.options.dry_run:
            self._keep(message, channel, recipient, digest)
            return SendResult(message.office, channel, recipient, "would_send")
        if channel in self.down:
            outcome = Outcome(False, f"not tried: {self.down[channel].answer}", 0, SendProblem.NOT_TRIED,
                              {"first": self.down[channel].problem})
        else:
            # one retry key per message and run, the same on each retry (LINE runs a key once)
            key = line.retry_key(recipient, digest, self.options.resend) if channel == LINE else ""
            outcome = with_retries(lambda: self._attempt(message, channel, recipient, key),
                                   attempts=self.options.attempts, sleep=self.options.sleep)
            if not outcome.sent and outcome.problem in STOPS_CHANNEL:
                self.down[channel] = outcome
        self.store.record_send(Send(str(self.month), self.as_of, message.office, channel, recipient, digest,
                                    "sent" if outcome.sent else "failed", outcome.answer, outcome.attempts,
                                    attached=with_pdf))
        return SendResult(message.office, channel, recipient, "sent" if outcome.sent else "failed", outcome)

    def _attempt(self, message: Message, channel: str, recipient: str, key: str) -> str:
        if channel == EMAIL:
            settings = self.registry.notify.email
            msg = mail.stamp(self._email(message, recipient), settings.sender)
            return mail.send_email(settings, self.env.get(settings.password_env) if settings.password_env else None, msg)
        settings = self.registry.notify.line
        return line.push_text(settings, self.env.get(settings.token_env, ""), recipient, message.line_text, key)

    def _email(self, message: Message, recipient: str) -> EmailMessage:
        pdf = self.options.directory / message.attachment.path if message.attachment and message.attachment.attached else None
        sender = self.registry.notify.email.sender or "auditor@localhost"
        return mail.build_email(message.subject, message.body, sender, recipient, pdf)

    def _keep(self, message: Message, channel: str, recipient: str, digest: str) -> None:
        if channel == EMAIL:
            self.emails.append((message.office, recipient, self._email(message, recipient)))
        else:
            self.pushes.append({"office": message.office, "url": self.registry.notify.line.api_base_url + line.PUSH_PATH,
                                "x_line_retry_key": line.retry_key(recipient, digest),
                                "body": line.push_body(recipient, message.line_text)})

    def write_dry_run(self) -> list[Path]:
        """OUT/M/notify/email/<office>--<recipient>.eml and OUT/M/notify/line.json."""
        folder, written = self.options.directory / "notify", []
        for office, recipient, msg in self.emails:
            path = folder / "email" / f"{office}--{_safe(recipient)}.eml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(msg.as_bytes())
            written.append(path)
        if self.pushes:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / "line.json"
            path.write_text(json.dumps(self.pushes, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            written.append(path)
        return written


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "@.-_" else "_" for c in name)
