"""`auditor notify`: the replayed demo's messages through a real local SMTP server (aiosmtpd) and
a loopback LINE server; LINE's formats from a cassette; retries; the signed webhook of line-ids."""

from __future__ import annotations

import base64
import email
import email.policy
import hashlib
import hmac
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from auditor.cli import main
from auditor.codes import SendProblem
from auditor.collect.replay import make_vcr
from auditor.notify import line
from auditor.notify.base import Permanent
from auditor.notify.run import Options, notify_month
from auditor.notify.webhook import make_server
from auditor.period import Month
from auditor.registry import LineSettings, load_registry
from auditor.store import Store

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "cassettes" / "demo"
TOKEN = "lineTOKENsecret0123456789abcdefXYZ"
SECRET = "0123456789abcdef0123456789abcdef"
DISTRICT_LINE_GROUPS = 13  # every other district of the demo, by its place in the registry


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """aiosmtpd handler: keeps every message it accepts."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 2.0.0 Ok: queued as DEMO1"


class LineServer:
    """A loopback stand-in for api.line.me: records pushes, answers from a script (default 200)."""

    def __init__(self, port: int = 0):
        self.pushes: list[tuple[dict, dict]] = []
        self.script: list[int] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                outer.pushes.append((dict(self.headers), body))
                status = outer.script.pop(0) if outer.script else 200
                answer = ({"sentMessages": [{"id": str(len(outer.pushes)), "quoteToken": "q"}]} if status == 200
                          else {"message": "The API rate limit has been exceeded. Try again later."} if status == 429
                          else {"message": "Internal server error"})
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("x-line-request-id", f"req-{len(outer.pushes)}")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def groups(self) -> list[str]:
        return [body["to"] for _, body in self.pushes]


@pytest.fixture(scope="module")
def smtp():
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield sink, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def line_server():
    server = LineServer()
    yield server
    server.server.shutdown()


@pytest.fixture(scope="module")
def demo(tmp_path_factory, smtp, line_server):
    """The replayed demo month, and a copy of its config that sends to the local servers."""
    tmp = tmp_path_factory.mktemp("notify")
    base = ["--out", str(tmp / "out"), "--db", str(tmp / "auditor.db")]
    scanned = CliRunner().invoke(main, ["scan", "--month", "2025-02", "--replay", str(DEMO), *base, "--quiet"])
    assert scanned.exit_code == 1, scanned.output
    config = (DEMO / "auditor.toml").read_text(encoding="utf-8")
    config = (config.replace('host = "smtp.example.go.th"', 'host = "127.0.0.1"')
              .replace("port = 587", f"port = {smtp[1]}").replace('security = "starttls"', 'security = "none"')
              .replace('user = "auditor@example.go.th"\n', "")
              .replace('api_base_url = "https://api.line.me"', f'api_base_url = "{line_server.url}"'))
    config = config.replace("[ruleset]", '[reports]\nreport_base_url = "https://report.example.go.th/click"\n\n[ruleset]')
    (tmp / "auditor.toml").write_text(config, encoding="utf-8")
    return {"tmp": tmp, "base": base, "config": str(tmp / "auditor.toml")}


def notify(demo, *args, env=None):
    env = {"AUDITOR_LINE_TOKEN": TOKEN, **(env or {})}
    return CliRunner().invoke(main, ["notify", "--month", "2025-02", *demo["base"], *args], env=env, catch_exceptions=False)


def test_dry_run_lists_25_district_messages_and_one_province_message_and_sends_nothing(demo, smtp, line_server):
    result = notify(demo, "--dry-run", "--no-pdf")  # the demo's own config (smtp.example.go.th): nothing is sent
    assert result.exit_code == 0, result.output
    assert "26 messages (25 districts, 1 province)" in result.output
    assert result.output.count("• [Click ชุมชน] อำเภอ") == 25 and result.output.count("• [Click ชุมชน] สรุปผลจังหวัด") == 1
    folder = demo["tmp"] / "out" / "2025-02" / "notify"
    assert len(list((folder / "email").glob("*.eml"))) == 26
    pushes = json.loads((folder / "line.json").read_text(encoding="utf-8"))
    assert len(pushes) == DISTRICT_LINE_GROUPS + 1
    assert pushes[0]["url"] == "https://api.line.me/v2/bot/message/push"
    assert set(pushes[0]["body"]) == {"to", "messages", "notificationDisabled"} and pushes[0]["body"]["messages"][0]["type"] == "text"
    warin = email.message_from_bytes((folder / "email" / "warin-chamrap--warin-chamrap@example.go.th.eml").read_bytes(),
                                     policy=email.policy.default)
    assert warin["Subject"].startswith("[Click ชุมชน] อำเภอวารินชำราบ กุมภาพันธ์ 2568")
    assert not smtp[0].messages and not line_server.pushes
    with Store.open(demo["tmp"] / "auditor.db") as store:
        assert store.sends("2025-02") == []


def test_send_delivers_every_message_once_and_a_second_run_delivers_none(demo, smtp, line_server):
    sink, _ = smtp
    first = notify(demo, "--config", demo["config"], "--no-pdf")
    assert first.exit_code == 0, first.output
    assert len(sink.messages) == 26
    assert len(line_server.pushes) == DISTRICT_LINE_GROUPS + 1
    headers, body = line_server.pushes[0]
    assert headers["Authorization"] == f"Bearer {TOKEN}" and len(headers["X-Line-Retry-Key"]) == 36
    assert body["messages"][0]["text"].endswith("/2025-02/districts/mueang-ubon-ratchathani.html")

    khemarat = next(m for m in sink.messages if m["To"] == "khemarat@example.go.th")
    assert "=?utf-8?" in khemarat.as_string().split("Subject:", 1)[1][:40]  # RFC 2047 on the wire
    assert khemarat["Subject"] == "[Click ชุมชน] อำเภอเขมราฐ กุมภาพันธ์ 2568: ✗ ไม่ผ่าน – ต้องทำ 1 เรื่อง"
    text = khemarat.get_body(("plain",)).get_content()
    assert "✗ ไม่ผ่าน" in text and "1. ต้องบันทึกแหล่งท่องเที่ยวใน CDD พาเที่ยวเพิ่มอีก 3 แห่ง" in text
    assert "https://report.example.go.th/click/2025-02/districts/khemarat.html" in text
    staff = next(m for m in sink.messages if m["To"] == "ubon-staff@example.go.th")
    assert "ไม่ผ่าน 14 อำเภอ · ข้อมูลไม่ครบ 1 อำเภอ · ผ่าน 10 อำเภอ" in staff.get_body(("plain",)).get_content()
    assert "เกณฑ์ที่ไม่ผ่านมากที่สุด" in staff.get_body(("plain",)).get_content()

    with Store.open(demo["tmp"] / "auditor.db") as store:
        sends = store.sends("2025-02")
    assert len(sends) == 26 + DISTRICT_LINE_GROUPS + 1 and {s.status for s in sends} == {"sent"}
    assert any(s.answer.startswith("250 2.0.0 Ok") for s in sends if s.channel == "email")
    assert all(TOKEN not in s.answer for s in sends)

    second = notify(demo, "--config", demo["config"], "--no-pdf")
    assert second.exit_code == 0, second.output
    assert len(sink.messages) == 26 and len(line_server.pushes) == DISTRICT_LINE_GROUPS + 1
    assert "0 sent, 0 failed, 40 already sent" in second.output

    again = notify(demo, "--config", demo["config"], "--no-pdf", "--district", "khemarat", "--resend")
    assert again.exit_code == 0 and len(sink.messages) == 27 and sink.messages[-1]["To"] == "khemarat@example.go.th"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.browser
@pytest.mark.skipif((CHROMIUM is None or not shutil.which("pdftotext")) and not os.environ.get("AUDITOR_REQUIRE_BROWSER"),
                    reason="chromium or poppler-utils is not installed")
def test_the_district_pdf_is_printed_when_missing_and_attached(demo, smtp, line_server):
    sink, _ = smtp
    before, pushes = len(sink.messages), len(line_server.pushes)
    result = notify(demo, "--config", demo["config"], "--district", "khong-chiam")
    assert result.exit_code == 0, result.output
    assert (demo["tmp"] / "out" / "2025-02" / "districts" / "khong-chiam.pdf").is_file()
    mail = sink.messages[before]
    assert len(sink.messages) == before + 1 and mail["To"] == "khong-chiam@example.go.th"
    assert "แนบไฟล์ PDF ของรายงานมาพร้อมนี้ (khong-chiam.pdf)" in mail.get_body(("plain",)).get_content()
    (pdf,) = [part for part in mail.iter_attachments()]
    assert pdf.get_content_type() == "application/pdf" and pdf.get_filename() == "khong-chiam.pdf"
    data = pdf.get_content()
    assert data.startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    assert "โขงเจียม" in text
    assert len(line_server.pushes) == pushes  # the LINE text did not change: not sent again


def test_a_failing_send_is_retried_then_reported_and_never_stops_the_others(demo, smtp, line_server, tmp_path):
    registry = load_registry(demo["config"])
    with Store.open(demo["tmp"] / "auditor.db") as store:
        cards = store.load_scorecards("2025-02")
        db = Store.open(tmp_path / "fresh.db")
    waits = []
    options = Options(demo["tmp"] / "out" / "2025-02", ["warin-chamrap", "si-mueang-mai"], attach=False, sleep=waits.append)
    line_server.script[:] = [500, 429, 200]  # warin-chamrap's group: two failures, then accepted
    report = notify_month(cards, registry, db, Month(2025, 2), options, env={"AUDITOR_LINE_TOKEN": TOKEN})
    warin = next(r for r in report.results if r.channel == "line")
    assert warin.status == "sent" and warin.outcome.attempts == 3 and len(waits) == 2 and waits[1] > waits[0]
    keys = {h["X-Line-Retry-Key"] for h, _ in line_server.pushes[-3:]}
    assert len(keys) == 1  # every retry carries the same retry key

    line_server.script[:] = [500, 500, 500]
    report = notify_month(cards, registry, db, Month(2025, 2), Options(options.directory, ["warin-chamrap"], attach=False,
                                                                      resend=True, sleep=lambda s: None),
                          env={"AUDITOR_LINE_TOKEN": TOKEN})
    statuses = {r.channel: r for r in report.results}
    assert statuses["line"].status == "failed" and statuses["line"].outcome.problem == SendProblem.UNAVAILABLE
    assert statuses["email"].status == "sent" and report.exit_code == 1
    assert [s.status for s in db.sends("2025-02") if s.channel == "line"][-1] == "failed"
    db.close()


def test_missing_line_token_is_a_config_error_before_anything_is_sent(demo, smtp):
    before = len(smtp[0].messages)
    result = CliRunner().invoke(main, ["notify", "--month", "2025-02", *demo["base"], "--config", demo["config"], "--resend"],
                                env={"AUDITOR_LINE_TOKEN": ""})
    assert result.exit_code == 2 and "AUDITOR_LINE_TOKEN" in result.output
    assert len(smtp[0].messages) == before


def test_line_push_answers_in_the_documented_format(tmp_path):
    """200 gives the sent message id; 409 (retry key already accepted) counts as sent; 400 and the
    monthly quota are final, with LINE's message and details."""
    settings, sent = LineSettings(), []
    recorder = make_vcr(ROOT / "cassettes" / "line", "none")
    recorder.register_matcher("keep", lambda live, recorded: sent.append(live))  # the request the SDK made
    with recorder.use_cassette("push.yaml", match_on=(*recorder.match_on, "keep")):
        key = "123e4567-e89b-12d3-a456-426614174000"
        answer = line.push_text(settings, TOKEN, "C0123456789abcdef0123456789abcdef", "ok", key)
        assert answer.startswith("200 ") and "461230966842064897" in answer
        request = sent[0]
        assert json.loads(request.body) == line.push_body("C0123456789abcdef0123456789abcdef", "ok")
        # the bearer token is filtered before matching (and recording); the loopback test sees it sent
        assert request.headers["X-Line-Retry-Key"] == key and "Authorization" not in request.headers
        again = line.push_text(settings, TOKEN, "C0123456789abcdef0123456789abcdef", "ok", key)
        assert again.startswith("409 ") and "x-line-accepted-request-id=3b5f1d2e" in again
        with pytest.raises(Permanent) as bad:
            line.push_text(settings, TOKEN, "Cbad", "ok", key)
        assert bad.value.problem == SendProblem.REJECTED and "to: Failed to send messages" in bad.value.answer
        with pytest.raises(Permanent) as quota:
            line.push_text(settings, TOKEN, "C0123456789abcdef0123456789abcdef", "ok", key)
        assert quota.value.problem == SendProblem.QUOTA
    assert TOKEN not in (ROOT / "cassettes" / "line" / "push.yaml").read_text(encoding="utf-8")


# ---------------------------------------------------------------- the webhook


def signed(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


JOIN = json.dumps({"destination": "U4f1e2d3c4b5a69788796a5b4c3d2e1f0", "events": [{
    "type": "join", "mode": "active", "timestamp": 1760427941000,
    "source": {"type": "group", "groupId": "Cb0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f"},
    "replyToken": "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA", "webhookEventId": "01JA8Z3Q6M4N7P2R5S8T1V3W6X",
    "deliveryContext": {"isRedelivery": False}}]}, ensure_ascii=False).encode()


def post(url: str, body: bytes, signature: str | None) -> int:
    headers = {"Content-Type": "application/json", **({"X-Line-Signature": signature} if signature else {})}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, body, headers), timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_webhook_accepts_a_signed_request_and_refuses_a_wrong_signature():
    found, rejected = [], []
    server = make_server("127.0.0.1", 0, SECRET, found.extend, lambda: rejected.append(1))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        assert post(url, JOIN, signed(JOIN, "another-secret")) == 401
        assert post(url, JOIN, None) == 401
        assert found == [] and len(rejected) == 2
        assert post(url, JOIN, signed(JOIN)) == 200
        assert post(url, JOIN, signed(JOIN)) == 200  # a redelivery: printed once
        verify = b'{"destination":"U4f1e2d3c4b5a69788796a5b4c3d2e1f0","events":[]}'  # the console's Verify button
        assert post(url, verify, signed(verify)) == 200
    finally:
        server.shutdown()
        server.server_close()
    assert [(f.kind, f.id, f.event) for f in found] == [("group", "Cb0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f", "join")]


def test_line_ids_command_prints_the_group_id_of_a_signed_join(tmp_path):
    config = tmp_path / "auditor.toml"
    config.write_text((DEMO / "auditor.toml").read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "AUDITOR_LINE_CHANNEL_SECRET": SECRET}
    process = subprocess.Popen([sys.executable, "-m", "auditor", "line-ids", "--port", "0", "--exit-after", "1",
                                "--config", str(config)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        first = process.stdout.readline()
        port = int(first.split("http://127.0.0.1:")[1].split("/")[0])
        assert post(f"http://127.0.0.1:{port}/", JOIN, "bm90IGEgc2lnbmF0dXJl") == 401
        assert post(f"http://127.0.0.1:{port}/", JOIN, signed(JOIN)) == 200
        out, err = process.communicate(timeout=20)
    finally:
        process.kill() if process.poll() is None else None
    assert process.returncode == 0, err
    assert "กลุ่ม: Cb0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f (group id: Cb0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f) [join]" in out
    assert "ลายเซ็นไม่ถูกต้อง" in err


def test_line_ids_without_the_channel_secret_is_a_config_error(tmp_path):
    result = CliRunner().invoke(main, ["line-ids", "--config", str(DEMO / "auditor.toml")],
                                env={"AUDITOR_LINE_CHANNEL_SECRET": ""})
    assert result.exit_code == 2 and "AUDITOR_LINE_CHANNEL_SECRET" in result.output
