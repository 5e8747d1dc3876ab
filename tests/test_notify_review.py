"""`auditor notify` after review: messages say what was stored (a month in progress reads
`progress`; an --as-of must be the stored one), a PDF is attached only when printed from the same
scorecards as the text, the "already sent" identity is the text a person reads, one LINE retry key
per message and run, SMTP set-up faults stop the channel at once, LINE-only recipients are not sent
to their e-mail. Real local SMTP (aiosmtpd) and the loopback LINE server of test_notify."""

from __future__ import annotations

import email
import hashlib
import email.policy
import json
import re
import shutil
import socket
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from auditor.cli import main
from auditor.codes import SendProblem
from auditor.notify.run import Options, notify_month
from auditor.period import Month
from auditor.present.pdf import current_pdfs, record_printed, scorecards_key
from auditor.registry import load_registry
from auditor.store import Store
from tests.test_notify import DEMO, TOKEN, LineServer, Sink, free_port, line_server, smtp  # noqa: F401 (fixtures)

KHEMARAT_TRAVEL = "ต้องบันทึกแหล่งท่องเที่ยวใน CDD พาเที่ยวเพิ่มอีก 3 แห่ง"


def scan(tmp: Path, *args) -> None:
    result = CliRunner().invoke(main, ["scan", "--month", "2025-02", "--replay", str(DEMO), "--out", str(tmp / "out"),
                                       "--db", str(tmp / "auditor.db"), "--quiet", *args])
    assert result.exit_code in (1, 3), result.output


def local_config(tmp: Path, smtp_port: int, line_url: str, *, base_url: bool = False, extra=lambda c: c) -> str:
    """The demo's config sending to the local servers (no SMTP login)."""
    config = (DEMO / "auditor.toml").read_text(encoding="utf-8")
    config = (config.replace('host = "smtp.example.go.th"', 'host = "127.0.0.1"')
              .replace("port = 587", f"port = {smtp_port}").replace('security = "starttls"', 'security = "none"')
              .replace('user = "auditor@example.go.th"\n', "")
              .replace('api_base_url = "https://api.line.me"', f'api_base_url = "{line_url}"'))
    if base_url:
        config = config.replace("[ruleset]", '[reports]\nreport_base_url = "https://report.example.go.th/click"\n\n[ruleset]')
    path = tmp / "auditor.toml"
    path.write_text(extra(config), encoding="utf-8")
    return str(path)


def notify(tmp: Path, *args, env=None):
    env = {"AUDITOR_LINE_TOKEN": TOKEN, **(env or {})}
    return CliRunner().invoke(main, ["notify", "--month", "2025-02", "--out", str(tmp / "out"), "--db", str(tmp / "auditor.db"),
                                     *args], env=env, catch_exceptions=False)


def eml(tmp: Path, office: str, recipient: str) -> email.message.EmailMessage:
    path = tmp / "out" / "2025-02" / "notify" / "email" / f"{office}--{recipient}.eml"
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def text(msg) -> str:
    return msg.get_body(("plain",)).get_content()


@pytest.fixture(scope="module")
def midmonth(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("midmonth")
    scan(tmp, "--as-of", "2025-02-20")
    return tmp


@pytest.fixture(scope="module")
def wholemonth(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wholemonth")
    scan(tmp)
    return tmp


# ---------------------------------------------------------------- a month in progress reads `progress`


def test_a_month_in_progress_is_told_on_track_or_behind_with_its_as_of_and_each_to_do_once(midmonth):
    result = notify(midmonth, "--dry-run", "--no-pdf")
    assert result.exit_code == 0, result.output
    assert "ข้อมูลไม่ครบ" not in result.output  # no subject calls a month in progress incomplete
    behind = eml(midmonth, "khemarat", "khemarat@example.go.th")
    assert behind["Subject"] == "[Click ชุมชน] อำเภอเขมราฐ กุมภาพันธ์ 2568: … ยังไม่ครบเกณฑ์ (เดือนยังไม่สิ้นสุด) – ต้องทำ 2 เรื่อง"
    body = text(behind)
    assert "ข้อมูล ณ 20 ก.พ. 2568 23:59 น." in body and "เหลือเวลาอีก 8 วันในเดือนนี้" in body
    assert body.count("บันทึกแหล่งท่องเที่ยวใน CDD พาเที่ยวเพิ่มอีก 3 แห่ง") == 1  # the to-do, not again as a sentence
    assert f"1. {KHEMARAT_TRAVEL}" in body and "Behind" in body
    on_track = eml(midmonth, "mueang-ubon-ratchathani", "mueang-ubon-ratchathani@example.go.th")
    assert on_track["Subject"].startswith("[Click ชุมชน] อำเภอเมืองอุบลราชธานี กุมภาพันธ์ 2568: → ทำได้ตามเกณฑ์แล้ว")

    province = eml(midmonth, "province", "ubon-staff@example.go.th")
    overview = text(province)
    assert "(ข้อมูล ณ 20 ก.พ. 2568): ตามเกณฑ์ 6 · ยังไม่ครบเกณฑ์ 19 อำเภอ" in province["Subject"]
    assert "ทำได้ตามเกณฑ์แล้ว 6 อำเภอ · ยังไม่ครบเกณฑ์ 19 อำเภอ (ทั้งหมด 25 อำเภอ)" in overview
    assert "ข้อมูล ณ 20 ก.พ. 2568 23:59 น." in overview
    assert "ยังไม่ครบเกณฑ์ 17 อำเภอ" in overview and "ไม่ผ่าน" not in overview
    assert re.search(r"อำเภอที่ยังไม่ครบเกณฑ์: .*เขมราฐ", overview) and "เมืองอุบลราชธานี" not in overview.split("ยังไม่ครบเกณฑ์: ")[1]

    pushes = json.loads((midmonth / "out" / "2025-02" / "notify" / "line.json").read_text(encoding="utf-8"))
    khemarat = next(p["body"]["messages"][0]["text"] for p in pushes if p["office"] == "khemarat")
    assert "… ยังไม่ครบเกณฑ์" in khemarat and "ข้อมูลไม่ครบ" not in khemarat and khemarat.count("แหล่งท่องเที่ยว") == 1


def test_notify_as_of_must_be_the_stored_instant(midmonth, wholemonth):
    same = notify(midmonth, "--dry-run", "--no-pdf", "--as-of", "2568-02-20")  # the scan's as-of, in Buddhist Era
    assert same.exit_code == 0, same.output
    other = notify(midmonth, "--dry-run", "--no-pdf", "--as-of", "2025-02-21")
    assert other.exit_code == 2 and "20 ก.พ. 2568" in other.output and "ไม่ต้องใส่ --as-of" in other.output

    whole = notify(wholemonth, "--dry-run", "--no-pdf", "--as-of", "2568-02-20")  # notify-th.md §5 used to show this
    assert whole.exit_code == 2 and "ผลตรวจทั้งเดือน" in whole.output and "whole month" in whole.output
    assert not (wholemonth / "out" / "2025-02" / "notify").exists()
    result = notify(wholemonth, "--dry-run", "--no-pdf")
    body = text(eml(wholemonth, "khemarat", "khemarat@example.go.th"))
    assert result.exit_code == 0 and "✗ ไม่ผ่าน" in body
    assert "ข้อมูล ณ" not in body and "เหลือเวลา" not in body and "ยังไม่สิ้นสุด" not in body


def test_a_dry_run_warns_of_the_credentials_a_real_send_would_lack(wholemonth):
    result = CliRunner().invoke(main, ["notify", "--month", "2025-02", "--out", str(wholemonth / "out"),
                                       "--db", str(wholemonth / "auditor.db"), "--dry-run", "--no-pdf"],
                                env={"AUDITOR_LINE_TOKEN": "", "AUDITOR_SMTP_PASSWORD": ""})
    assert result.exit_code == 0
    assert "การส่งจริงจะหยุดก่อนส่ง: ยังไม่ได้ตั้งค่ารหัสผ่านหรือ token ในตัวแปร AUDITOR_LINE_TOKEN" in result.output
    assert "AUDITOR_SMTP_PASSWORD is not set" in result.output


# ---------------------------------------------------------------- stale PDFs


def fake_pdf(directory: Path, office: str, cards: dict, data: bytes = b"%PDF-1.4 printed from these scorecards") -> Path:
    """A PDF as present.pdf records it (the browser is tested in test_the_final_pdf_replaces_the_mid_month_one)."""
    path = directory / ("province.pdf" if office == "province" else f"districts/{office}.pdf")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    record_printed(directory, [path], scorecards_key(cards))
    return path


def test_pdfs_of_other_scorecards_are_removed_when_outputs_are_rewritten_and_never_attached(tmp_path):
    scan(tmp_path, "--as-of", "2025-02-20")
    folder = tmp_path / "out" / "2025-02"
    with Store.open(tmp_path / "auditor.db") as store:
        pdf = fake_pdf(folder, "khemarat", store.load_scorecards("2025-02"))
    result = CliRunner().invoke(main, ["report", "--month", "2025-02", "--out", str(tmp_path / "out"),
                                       "--db", str(tmp_path / "auditor.db")])
    assert result.exit_code == 0 and pdf.is_file()  # the same scorecards: the PDF still says what the pages say
    old = fake_pdf(folder, "khong-chiam", {"month": "2025-02", "generated_at": "earlier"})  # printed from other ones
    mine = folder / "districts" / "notes.txt"
    mine.write_text("not ours")
    CliRunner().invoke(main, ["report", "--month", "2025-02", "--out", str(tmp_path / "out"), "--db", str(tmp_path / "auditor.db")])
    assert pdf.is_file() and not old.exists() and mine.is_file()

    scan(tmp_path)  # the final scan, without --pdf
    assert not pdf.exists()  # the mid-month PDF is not left beside the final pages

    with Store.open(tmp_path / "auditor.db") as store:
        final = store.load_scorecards("2025-02")
        stale = fake_pdf(folder, "khemarat", {**final, "generated_at": "another evaluation"})
        registry = load_registry(DEMO / "auditor.toml")
        report = notify_month(final, registry, store, Month(2025, 2), Options(folder, ["khemarat"], dry_run=True),
                              env={}, make_pdfs=None)  # no browser on this machine
    (message,) = report.messages
    assert stale.is_file() and not message.attachment.attached and report.pdf_problem == "no_browser"
    assert "ไม่มีไฟล์ PDF แนบมา (เครื่องที่ส่งไม่มีโปรแกรมสร้าง PDF)" in message.body


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None or not shutil.which("pdftotext"), reason="chromium or poppler-utils is not installed")
def test_the_final_pdf_replaces_the_mid_month_one(tmp_path, smtp, line_server):
    sink, port = smtp
    config = local_config(tmp_path, port, line_server.url)
    scan(tmp_path, "--as-of", "2025-02-20")
    before = len(sink.messages)
    assert notify(tmp_path, "--config", config, "--district", "khemarat").exit_code == 0
    scan(tmp_path)
    assert notify(tmp_path, "--config", config, "--district", "khemarat").exit_code == 0
    mid, final = sink.messages[before], sink.messages[-1]
    assert len(sink.messages) == before + 2 and final["Subject"].endswith("✗ ไม่ผ่าน – ต้องทำ 1 เรื่อง")

    def pdf_text(msg) -> str:
        (pdf,) = list(msg.iter_attachments())
        return subprocess.run(["pdftotext", "-", "-"], input=pdf.get_content(), capture_output=True, check=True).stdout.decode()

    assert "20 ก.พ. 2568" in pdf_text(mid)
    final_pdf = pdf_text(final)
    assert "ไม่ผ่าน" in final_pdf and "20 ก.พ. 2568" not in final_pdf and "ยังไม่ครบเกณฑ์" not in final_pdf
    with Store.open(tmp_path / "auditor.db") as store:
        assert "districts/khemarat.pdf" in current_pdfs(tmp_path / "out" / "2025-02", scorecards_key(store.load_scorecards("2025-02")))


# ---------------------------------------------------------------- what counts as already sent


def test_a_message_sent_with_its_pdf_is_not_sent_again_without_it(tmp_path, smtp, line_server):
    sink, port = smtp
    registry = load_registry(local_config(tmp_path, port, line_server.url))
    scan(tmp_path)
    folder = tmp_path / "out" / "2025-02"
    env, month, both = {"AUDITOR_LINE_TOKEN": TOKEN}, Month(2025, 2), ["khemarat", "khong-chiam"]
    before, pushes = len(sink.messages), len(line_server.pushes)

    def run(attach: bool):
        with Store.open(tmp_path / "auditor.db") as store:  # make_pdfs=None: a machine without a browser
            return notify_month(store.load_scorecards("2025-02"), registry, store, month,
                                Options(folder, both, attach=attach), env=env, make_pdfs=None)

    assert run(attach=False).count("sent") == 4 and len(sink.messages) == before + 2
    with Store.open(tmp_path / "auditor.db") as store:
        fake_pdf(folder, "khemarat", store.load_scorecards("2025-02"))
    # khemarat's mail said no PDF was attached: now that there is one, it goes again, with it;
    # khong-chiam's would go without one again (no browser): the same message, not sent twice
    second = run(attach=True)
    assert [(r.office, r.channel) for r in second.results if r.status == "sent"] == [("khemarat", "email")]
    assert list(sink.messages[-1].iter_attachments())[0].get_filename() == "khemarat.pdf"
    # a rerun without PDFs (--no-pdf, or no browser) sends nothing already read: the text is the same
    third = run(attach=False)
    assert third.count("sent") == 0 and third.count("skipped") == 4
    assert len(sink.messages) == before + 3 and len(line_server.pushes) == pushes + 2  # LINE went once


OLD_SENDS = """CREATE TABLE sends (id INTEGER PRIMARY KEY AUTOINCREMENT, month TEXT NOT NULL, as_of TEXT, office TEXT NOT NULL,
    channel TEXT NOT NULL, recipient TEXT NOT NULL, sha256 TEXT NOT NULL, status TEXT NOT NULL, answer TEXT NOT NULL,
    attempts INTEGER NOT NULL, sent_at TEXT NOT NULL);
CREATE INDEX sends_content ON sends (channel, recipient, sha256, status);"""


def old_sha(content) -> str:
    """How sends were named before sends.attached: the sorted JSON of what went."""
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def test_sends_recorded_before_the_upgrade_still_count(wholemonth, tmp_path, smtp, line_server):
    sink, port = smtp
    registry = load_registry(local_config(tmp_path, port, line_server.url))
    with Store.open(wholemonth / "auditor.db") as store:
        cards = store.load_scorecards("2025-02")
    for office in ("khemarat", "khong-chiam", "det-udom"):
        if office != "khong-chiam":  # khong-chiam's goes without: no browser
            fake_pdf(tmp_path, office, cards)
    three, month = ["khemarat", "khong-chiam", "det-udom"], Month(2025, 2)
    with Store.open(tmp_path / "scratch.db") as scratch:
        messages = {m.office: m for m in notify_month(cards, registry, scratch, month, Options(tmp_path, three, dry_run=True),
                                                      env={}).messages}
    rows = []
    for office, m in messages.items():
        # det-udom's mail went without its PDF before: it goes again, with it
        pdf = m.attachment.path if office == "khemarat" else ""
        rows.append((office, "email", f"{office}@example.go.th", old_sha({"subject": m.subject, "body": m.body, "attachment": pdf})))
    for office in ("khemarat", "khong-chiam"):
        group = registry.get(office).notify.line[0]
        rows.append((office, "line", group, old_sha([{"type": "text", "text": messages[office].line_text}])))
    old = sqlite3.connect(tmp_path / "sends.db")  # a store written by the version before
    old.executescript(OLD_SENDS)
    old.executemany("INSERT INTO sends (month, as_of, office, channel, recipient, sha256, status, answer, attempts, sent_at)"
                    " VALUES ('2025-02', NULL, ?, ?, ?, ?, 'sent', '250 ok', 1, '2025-03-01T08:00:00Z')", rows)
    old.commit()
    old.close()
    mails, pushes = len(sink.messages), len(line_server.pushes)
    with Store.open(tmp_path / "sends.db") as store:
        report = notify_month(cards, registry, store, month, Options(tmp_path, three), env={"AUDITOR_LINE_TOKEN": TOKEN})
    assert {(r.office, r.channel): r.status for r in report.results} == {
        ("khemarat", "email"): "skipped", ("khemarat", "line"): "skipped",
        ("khong-chiam", "email"): "skipped", ("khong-chiam", "line"): "skipped", ("det-udom", "email"): "sent"}
    assert len(line_server.pushes) == pushes and len(sink.messages) == mails + 1
    assert list(sink.messages[-1].iter_attachments())[0].get_filename() == "det-udom.pdf"


# ---------------------------------------------------------------- LINE retry key


def test_a_resend_keeps_one_retry_key_across_its_retries(wholemonth, smtp, line_server, tmp_path):
    registry = load_registry(local_config(tmp_path, smtp[1], line_server.url))
    with Store.open(wholemonth / "auditor.db") as store:
        cards = store.load_scorecards("2025-02")
    db = Store.open(tmp_path / "sends.db")
    options = Options(tmp_path, ["warin-chamrap"], resend=True, attach=False, sleep=lambda s: None)
    start = len(line_server.pushes)
    line_server.script[:] = [500, 503, 200]
    first = notify_month(cards, registry, db, Month(2025, 2), options, env={"AUDITOR_LINE_TOKEN": TOKEN}).results
    line_server.script[:] = [500, 200]
    notify_month(cards, registry, db, Month(2025, 2), options, env={"AUDITOR_LINE_TOKEN": TOKEN})
    db.close()
    keys = [h["X-Line-Retry-Key"] for h, _ in line_server.pushes[start:]]
    assert [r.status for r in first if r.channel == "line"] == ["sent"] and len(keys) == 5
    assert len(set(keys[:3])) == 1 and len(set(keys[3:])) == 1  # each run: one key on all its retries
    assert keys[0] != keys[3]  # --resend: a new key per run, so LINE does not answer 409


# ---------------------------------------------------------------- SMTP set-up faults


THREE = ["--district", "khemarat", "--district", "khong-chiam", "--district", "det-udom"]


def only_email(config: str) -> str:
    """No LINE ids: the test is about e-mail."""
    return re.sub(r', line = \[[^]]*\]', "", config)


@pytest.fixture
def quick_backoff(monkeypatch):
    """Waits of 0.05 s, 0.1 s between tries instead of 2 s, 4 s (the real sleep, shortened)."""
    monkeypatch.setattr("auditor.notify.base.BACKOFF", 0.05)


def test_an_unreachable_smtp_server_is_tried_three_times_and_the_rest_not_tried(wholemonth, tmp_path, line_server,
                                                                                  quick_backoff):
    listening = socket.socket()  # answers no greeting: each connection waits the whole timeout
    listening.bind(("127.0.0.1", 0))
    listening.listen(8)
    shutil.copy(wholemonth / "auditor.db", tmp_path / "auditor.db")
    config = local_config(tmp_path, listening.getsockname()[1], line_server.url,
                          extra=lambda c: only_email(c).replace('[notify.line]', 'timeout = 0.3\n\n[notify.line]'))
    try:
        started = time.monotonic()
        result = notify(tmp_path, "--config", config, "--no-pdf", *THREE)
        elapsed = time.monotonic() - started
    finally:
        listening.close()
    assert result.exit_code == 1 and elapsed < 2.5, (elapsed, result.output)  # 3 timeouts for the first, none after
    assert "เชื่อมต่อ 127.0.0.1:" in result.output and "ลอง 3 ครั้งแล้ว" in result.output and "ไม่ได้ลองส่ง" in result.output
    assert "อีเมล: หยุดส่งหลังรายการแรกที่ส่งไม่สำเร็จ อีก 2 รายการไม่ได้ลองส่ง" in result.output
    with Store.open(tmp_path / "auditor.db") as store:
        sends = store.sends("2025-02")
    assert [(s.status, s.attempts) for s in sends] == [("failed", 3), ("failed", 0), ("failed", 0)]

    closed = free_port()  # nothing listens: refused at once, three times
    config = local_config(tmp_path, closed, line_server.url, extra=only_email)
    started = time.monotonic()
    again = notify(tmp_path, "--config", config, "--no-pdf", *THREE)
    assert again.exit_code == 1 and time.monotonic() - started < 1.5 and again.output.count("ไม่ได้ลองส่ง") >= 2
    with Store.open(tmp_path / "auditor.db") as store:
        assert [s.attempts for s in store.sends("2025-02")[3:]] == [3, 0, 0]


def test_a_mail_server_down_for_a_moment_gets_every_mail(wholemonth, tmp_path, line_server):
    """A blip: the first connection is refused (nothing listens yet); the server is up by the retry."""
    port, sink, started = free_port(), Sink(), []
    registry = load_registry(local_config(tmp_path, port, line_server.url, extra=only_email))

    def wait(seconds: float) -> None:
        if not started:
            started.append(Controller(sink, hostname="127.0.0.1", port=port))
            started[0].start()

    with Store.open(wholemonth / "auditor.db") as store:
        cards = store.load_scorecards("2025-02")
    try:
        with Store.open(tmp_path / "sends.db") as db:
            report = notify_month(cards, registry, db, Month(2025, 2), Options(tmp_path, ["khemarat", "khong-chiam", "det-udom"],
                                  attach=False, sleep=wait), env={})
    finally:
        if started:
            started[0].stop()
    assert [(r.status, r.outcome.attempts) for r in report.results] == [("sent", 2), ("sent", 1), ("sent", 1)]
    assert len(sink.messages) == 3


def test_a_line_api_down_for_a_moment_gets_every_push(wholemonth, tmp_path, smtp):
    port, servers = free_port(), []
    registry = load_registry(local_config(tmp_path, smtp[1], f"http://127.0.0.1:{port}",
                                          extra=lambda c: re.sub(r'email = \[[^]]*\], ', "", c)))

    def wait(seconds: float) -> None:
        if not servers:
            servers.append(LineServer(port))

    with Store.open(wholemonth / "auditor.db") as store:
        cards = store.load_scorecards("2025-02")
    try:
        with Store.open(tmp_path / "sends.db") as db:
            report = notify_month(cards, registry, db, Month(2025, 2), Options(tmp_path, ["khemarat", "khong-chiam"],
                                  attach=False, sleep=wait), env={"AUDITOR_LINE_TOKEN": TOKEN})
    finally:
        if servers:
            servers[0].server.shutdown()
    assert [(r.channel, r.status, r.outcome.attempts) for r in report.results] == [("line", "sent", 2), ("line", "sent", 1)]
    assert len(servers[0].pushes) == 2


def test_an_smtp_server_without_login_is_a_set_up_fault_not_retried(wholemonth, tmp_path, line_server):
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())  # aiosmtpd offers no AUTH without TLS
    controller.start()
    try:
        shutil.copy(wholemonth / "auditor.db", tmp_path / "auditor.db")
        config = local_config(tmp_path, controller.port, line_server.url,
                              extra=lambda c: only_email(c).replace('password_env =', 'user = "auditor@example.go.th"\npassword_env ='))
        started = time.monotonic()
        result = notify(tmp_path, "--config", config, "--no-pdf", *THREE, env={"AUDITOR_SMTP_PASSWORD": "app-password"})
    finally:
        controller.stop()
    assert result.exit_code == 1 and time.monotonic() - started < 2  # no 2 s + 4 s of retries
    assert "ไม่เปิดให้เข้าสู่ระบบ (AUTH)" in result.output and 'security = "starttls"' in result.output
    assert "เชื่อมต่อระบบปลายทางไม่ได้" not in result.output and not sink.messages
    with Store.open(tmp_path / "auditor.db") as store:
        assert [s.attempts for s in store.sends("2025-02")] == [1, 0, 0]


# ---------------------------------------------------------------- LINE-only recipients


def test_a_line_only_recipient_is_not_told_the_pdf_came_by_email(wholemonth, tmp_path, line_server):
    shutil.copy(wholemonth / "auditor.db", tmp_path / "auditor.db")

    def line_only(config: str) -> str:
        return config.replace('notify = { email = ["khemarat@example.go.th"], line', 'notify = { line')

    config = local_config(tmp_path, free_port(), line_server.url, extra=line_only)
    result = notify(tmp_path, "--config", config, "--dry-run", "--no-pdf", "--district", "khemarat", "--district", "khong-chiam")
    assert result.exit_code == 0, result.output
    pushes = {p["office"]: p["body"]["messages"][0]["text"] for p in
              json.loads((tmp_path / "out" / "2025-02" / "notify" / "line.json").read_text(encoding="utf-8"))}
    assert pushes["khemarat"].endswith("สอบถามรายละเอียดได้ที่สำนักงานพัฒนาชุมชนจังหวัดอุบลราชธานี")
    assert "อีเมล" not in pushes["khemarat"]
    assert pushes["khong-chiam"].endswith("รายละเอียดส่งทางอีเมลของสำนักงาน")  # --no-pdf: no PDF to speak of
