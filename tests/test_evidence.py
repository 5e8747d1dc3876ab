"""Evidence packs: written from the store after the replayed demo, verified, and refused after one byte changes."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from auditor.cli import main
from auditor.store import Store

DEMO = Path(__file__).resolve().parent.parent / "cassettes" / "demo"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("evidence")
    db, out = root / "db.sqlite", root / "out"
    assert invoke("scan", "--month", "2025-02", "--replay", DEMO, "--db", db, "--out", out, "--quiet").exit_code == 1
    return root, db, out


@pytest.fixture
def pack(demo, tmp_path):
    _, db, _ = demo
    result = invoke("evidence", "--month", "2568-02", "--district", "warin-chamrap", "--db", db, "--out", tmp_path / "pack")
    assert result.exit_code == 0, result.output
    return tmp_path / "pack"


def test_a_pack_verifies(pack):
    result = invoke("evidence", "verify", pack)
    assert result.exit_code == 0, result.output
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["month"] == "2025-02" and {p["district"] for p in manifest["posts"]} == {"warin-chamrap"}
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((pack / name).read_bytes()).hexdigest() == digest


def test_each_post_has_its_payload_hash_capture_times_url_and_results(pack, demo):
    _, db, out = demo
    cards = json.loads((out / "2025-02" / "scorecards.json").read_text(encoding="utf-8"))
    warin = next(d for d in cards["districts"] if d["district"] == "warin-chamrap")
    collected = [p for p in warin["posts"] if not p["self_reported"]]
    folders = sorted(p.parent for p in pack.glob("warin-chamrap/*/record.json"))
    assert len(folders) == len(warin["posts"]) and collected
    with Store.open(db) as store:
        for card in collected:
            folder = pack / "warin-chamrap" / f"{card['platform']}-{card['post_id']}".replace(":", "_").replace("/", "_")
            record = json.loads((folder / "record.json").read_text(encoding="utf-8"))
            payload = json.loads((folder / "payload.json").read_text(encoding="utf-8"))
            assert payload == store.evidence(card["platform"], card["post_id"])
            assert (folder / "payload.sha256").read_text().split()[0] == card["evidence_sha256"] == record["evidence_sha256"]
            assert record["source_url"] == card["url"]
            assert record["capture"]["fetched_at"] == card["evidence_fetched_at"]
            assert (record["capture"]["first_seen"], record["capture"]["last_seen"]) == store.post_seen(card["platform"], card["post_id"])
            assert record["rule_results"]["post"]["checks"] == card["checks"]
            assert record["rule_results"]["district_month"]["verdict"] == warin["verdict"]
            assert record["overrides"] == []  # no decision about these posts


def test_a_posts_override_history_is_in_its_pack(demo, tmp_path):
    _, shared, out = demo
    db = tmp_path / "copy.sqlite"  # the shared store stays without decisions
    with sqlite3.connect(shared) as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    cards = json.loads((out / "2025-02" / "scorecards.json").read_text(encoding="utf-8"))
    card = next(p for d in cards["districts"] if d["district"] == "warin-chamrap" for p in d["posts"] if p["platform"] == "facebook")
    key = f"facebook:{card['post_id']}"
    with Store.open(db) as store:
        first = store.add_override("2025-02", "reject", key, "ภาพไม่ใช่กิจกรรมของอำเภอ", "สพจ.อุบลฯ")
        store.add_override("2025-02", "revoke", str(first.id), "ตรวจแล้วถูกต้อง", "สพจ.อุบลฯ", revokes=first.id)
        store.add_override("2025-02", "reject", "facebook:other", "อื่น", "สพจ.อุบลฯ")
    result = invoke("evidence", "--month", "2025-02", "--post", key, "--db", db, "--out", tmp_path / "one")
    assert result.exit_code == 0, result.output
    record = json.loads(next((tmp_path / "one").glob("*/*/record.json")).read_text(encoding="utf-8"))
    assert [(o["action"], o["reason"]) for o in record["overrides"]] == [
        ("reject", "ภาพไม่ใช่กิจกรรมของอำเภอ"), ("revoke", "ตรวจแล้วถูกต้อง")]


def test_one_changed_byte_fails_and_names_the_file(pack):
    payload = next(pack.glob("warin-chamrap/facebook-*/payload.json"))
    data = bytearray(payload.read_bytes())
    at = data.index(b'"id"') + 1
    data[at] = ord("I")  # "id" → "Id": one byte
    payload.write_bytes(bytes(data))
    result = invoke("evidence", "verify", pack)
    assert result.exit_code == 1
    name = payload.relative_to(pack).as_posix()
    assert f"{name}: changed" in result.output and "canonical SHA-256 differs" in result.output
    assert f"{name}: ไฟล์ถูกแก้ไข (ค่า SHA-256 ไม่ตรงกับ manifest)" in result.output  # Thai first, English beside
    assert f"{name}: ข้อมูลต้นฉบับไม่ตรงกับค่า SHA-256 ที่บันทึกไว้ใน payload.sha256" in result.output


def test_a_missing_file_fails(pack):
    next(pack.glob("warin-chamrap/*/record.json")).unlink()
    result = invoke("evidence", "verify", pack)
    assert result.exit_code == 1 and "record.json: missing" in result.output


def test_a_file_planted_in_the_pack_fails_and_is_named(pack):
    """A pack is what its manifest lists: a post folder added afterwards is not evidence."""
    planted = pack / "det-udom" / "facebook-999" / "payload.json"
    planted.parent.mkdir(parents=True)
    planted.write_text('{"id": "999", "message": "โพสต์ที่เพิ่มเข้ามาทีหลัง"}', encoding="utf-8")
    result = invoke("evidence", "verify", pack)
    assert result.exit_code == 1
    assert "det-udom/facebook-999/payload.json: ไฟล์นี้ไม่อยู่ในรายชื่อของ manifest" in result.output
    assert "det-udom/facebook-999/payload.json: not in the manifest" in result.output
    planted.unlink()
    planted.parent.rmdir()
    assert invoke("evidence", "verify", pack).exit_code == 0


def test_what_a_desktop_leaves_in_a_pack_is_not_planted(pack):
    """A pack opened on a Mac or unzipped on Windows still verifies."""
    for name in (".DS_Store", "det-udom/Thumbs.db", "__MACOSX/det-udom/._payload.json", "warin-chamrap/._record.json"):
        (pack / name).parent.mkdir(parents=True, exist_ok=True)
        (pack / name).write_bytes(b"\0\1")
    assert invoke("evidence", "verify", pack).exit_code == 0


def test_usage_errors(demo, tmp_path):
    _, db, _ = demo
    not_a_pack = invoke("evidence", "verify", tmp_path)  # no manifest: said plainly, no "[Errno 2]"
    assert not_a_pack.exit_code == 2 and "ไม่ใช่โฟลเดอร์ชุดหลักฐาน (ไม่มีไฟล์ manifest.json)" in not_a_pack.output
    assert "Errno" not in not_a_pack.output
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    broken = invoke("evidence", "verify", tmp_path)
    assert broken.exit_code == 2 and "ไม่ใช่ไฟล์ manifest ของชุดหลักฐาน" in broken.output
    assert invoke("evidence", "--db", db).exit_code == 2  # no --month
    missing = invoke("evidence", "--month", "2025-02", "--post", "nope", "--db", db, "--out", tmp_path / "p")
    assert missing.exit_code == 2 and "no post nope" in missing.output
    assert "ผลการตรวจเดือน กุมภาพันธ์ 2568 ที่บันทึกไว้ไม่มีโพสต์ nope" in missing.output
    assert invoke("evidence", "--month", "2025-05", "--db", db, "--out", tmp_path / "p").exit_code == 2


def test_one_post_by_platform_and_id(demo, tmp_path):
    _, db, out = demo
    cards = json.loads((out / "2025-02" / "scorecards.json").read_text(encoding="utf-8"))
    card = next(p for d in cards["districts"] for p in d["posts"] if p["platform"] == "website")
    result = invoke("evidence", "--month", "2025-02", "--post", f"website:{card['post_id']}", "--db", db, "--out", tmp_path / "one")
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "one" / "manifest.json").read_text(encoding="utf-8"))
    assert [(p["platform"], p["post_id"]) for p in manifest["posts"]] == [("website", card["post_id"])]
    assert invoke("evidence", "verify", tmp_path / "one").exit_code == 0


def test_the_district_page_shows_the_capture_time_beside_the_hash(demo):
    _, _, out = demo
    page = (out / "2025-02" / "districts" / "warin-chamrap.html").read_text(encoding="utf-8")
    assert "</code> · บันทึกเมื่อ " in page


def test_a_district_by_its_thai_name_and_a_typo_with_a_suggestion(demo, tmp_path):
    _, db, _ = demo
    result = invoke("evidence", "--month", "2025-02", "--district", "อำเภอวารินชำราบ", "--db", db, "--out", tmp_path / "p")
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "p" / "manifest.json").read_text(encoding="utf-8"))
    assert {p["district"] for p in manifest["posts"]} == {"warin-chamrap"}
    typo = invoke("evidence", "--month", "2025-02", "--district", "warinn", "--db", db, "--out", tmp_path / "q")
    assert typo.exit_code == 2 and "warin-chamrap" in typo.output
