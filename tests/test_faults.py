"""Fault injection: every fault × every collector against tests/faultserver.py, over loopback.

For each fault, one library scan (collect → store → evaluate → write every output, as `auditor
scan` does) runs every collector at once, each as the only channel of its own district, on a copy
of a store an earlier good scan filled. Each cell asserts: the scan ends within a bound; the
district is `incomplete`, never `fail` (or, for a harmless deviation the collector must tolerate,
exactly what the good scan saw); the channel's kind names the cause and the page says it in plain
Thai; the posts the good scan stored are unchanged; and no token appears in any file written.
A few faults also go through the real `auditor scan` command for its exit code.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import pytest

from auditor.audit import audit_stored_month, exit_code
from auditor.collect.scan import collect
from auditor.period import BANGKOK, parse_month
from auditor.registry import load_registry
from auditor.rules.ruleset import load_ruleset
from auditor.store import Store

from tests import faultserver as fs

MONTH = parse_month("2025-02")
CANARY = {"CANARY_FB": "EAAcanaryFBtoken0123456789abcdef", "CANARY_FB_PAGE": "EAAcanaryPAGEtoken0123456789ab",
          "CANARY_YT": "AIzacanaryYOUTUBEkey0123456789abc", "AUDITOR_INSTAGRAM_TOKEN": "IGcanaryINSTAtoken0123456789"}
SCAN_BOUND = 8.0  # seconds: channel budget 2.5 s, scan budget 5 s; anything near this is a hang
COLLECTORS = {  # district id → its one channel (TOML)
    "facebook": 'facebook = {{ page_id = "{page}", token_env = "CANARY_FB_PAGE" }}',
    "youtube-feed": 'youtube = {{ channel_id = "{feed}" }}',
    "youtube-api": 'youtube = {{ channel_id = "{api}" }}',
    "tiktok": 'tiktok = {{ handle = "@cdd_warin", links = [{links}] }}',
    "website-rest": 'website = {{ url = "{base}/wp/rest/", kind = "wordpress" }}',
    "website-rss": 'website = {{ url = "{base}/wp/rss/", kind = "rss" }}',
    "website-html": ('website = {{ url = "{base}/wp/html/", kind = "html", listing_url = "{base}/wp/html/news/{{page}}/", '
                     'selectors = {{ item = "article.post", link = "h2 a", title = "h2", date = "time" }} }}'),
}
GROUPS = {"facebook": "graph", "youtube-feed": "feed", "youtube-api": "ytapi", "tiktok": "oembed",
          "website-rest": "rest", "website-rss": "rss", "website-html": "listing"}
# fault → the kinds that name its cause ("ok": a deviation a collector must tolerate, reading the same posts)
EXPECTED = {
    "refused": {"network"}, "read_timeout": {"timeout"}, "trickle": {"budget"},
    # retry_later: after one 1 s wait, a second one no longer fits the channel's budget
    "retry_after_short": {"rate_limit", "retry_later"}, "retry_after_long": {"retry_later"}, "429": {"rate_limit"},
    "503": {"unavailable"}, "malformed": {"malformed"}, "truncated": {"malformed"}, "cut_connection": {"truncated"},
    "login_html": {"blocked"}, "login_xhtml": {"blocked"}, "forbidden_html": {"blocked"},
    "empty_next": {"partial", "malformed"}, "repeat_cursor": {"partial"},  # malformed: a listing page listing nothing
    "text_plain": {"ok"}, "latin1_header": {"ok"}, "invalid_utf8": {"malformed"}, "huge": {"too_large"},
    "graph_190": {"auth"}, "graph_4": {"retry_later"}, "graph_17": {"rate_limit"}, "graph_32": {"rate_limit"},
    "graph_613": {"rate_limit"}, "graph_100": {"config"},
}
# kind → what the district page must say (Thai, plain words)
WORDS = {
    "network": "เชื่อมต่อกับแพลตฟอร์มไม่ได้", "timeout": "หมดเวลา", "budget": "ใช้เวลาเก็บข้อมูลเกินเวลาที่กำหนด",
    "rate_limit": "จำกัดจำนวนครั้ง", "retry_later": "ลองใหม่หลังเวลา", "unavailable": "ขัดข้องชั่วคราว",
    "malformed": "ข้อมูลที่อ่านไม่ได้", "truncated": "ขาดกลางคัน", "blocked": "แทนข้อมูล",
    "too_large": "ใหญ่ผิดปกติ", "auth": "สิทธิ์เข้าถึงข้อมูล", "config": "ไม่พบเพจรหัส",
    "partial": "บางหน้า",
}


def applies(fault: str, collector: str) -> bool:
    groups = fs.FAULTS[fault]
    return groups is None or GROUPS[collector] in groups


def config_text(base: str) -> str:
    links = ", ".join(f'"https://www.tiktok.com/@cdd_warin/video/{v}"' for v in fs.TIKTOK_VIDEOS)
    offices = "".join(f"""
[[offices]]
id = "{district}"
name_th = "ทดสอบ{i}"
name_en = "Test {i}"
office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอทดสอบ{i}"]
[offices.channels]
{channel.format(base=base, links=links, page=fs.PAGE_ID, feed=fs.FEED_CHANNEL, api=fs.API_CHANNEL)}
""" for i, (district, channel) in enumerate(COLLECTORS.items()))
    return f"""[province]
id = "test"
name_th = "ทดสอบ"
name_en = "Test"

[ruleset.parameters]
# Activities need a Facebook channel, which most of these districts lack: that rule would fail
# whatever the collectors do. The two promotion rules fail on one channel's posts and depend on
# every channel, so a channel that could not be read turns them (and the district) unknown.
min_activities = 0

[scan]
channel_budget = 2.5
scan_budget = 5.0
connect_timeout = 0.5
read_timeout = 0.3
retries = 1
backoff = 0.01
max_body_mb = 1

[facebook]
base_url = "{base}/graph"
token_env = "CANARY_FB"

[youtube]
feed_base_url = "{base}/yt"
api_base_url = "{base}/ytapi"
api_key_env = "CANARY_YT"

[tiktok]
oembed_url = "{base}/tiktok/oembed"
{offices}"""


@dataclass
class Run:
    """One scan's outcome as the tests look at it."""

    seconds: float
    kinds: dict[str, str]  # district → kind ("ok" when collected)
    retry_at: dict[str, str | None]
    messages: dict[str, str]
    verdicts: dict[str, str]
    exit_code: int
    posts: dict[tuple[str, str], dict]
    folder: Path


def scan(folder: Path, config: Path, db: Path) -> Run:
    registry = load_registry(config)
    ruleset = load_ruleset(None, registry.ruleset_parameters)
    start = time.monotonic()
    with Store.open(db) as store:
        statuses = collect(registry, MONTH, store, env=CANARY, workers=8, per_host=8, refresh=True).statuses
        seconds = time.monotonic() - start
        result = audit_stored_month(store, registry, ruleset, MONTH, folder / "out")
        stored = {s.office: s for s in store.latest_statuses(MONTH)}
    assert {s.office: (s.status, s.kind, s.params) for s in statuses} == \
        {o: (s.status, s.kind, s.params) for o, s in stored.items()}  # the store keeps what the scan said
    cards = {d["district"]: d["verdict"] for d in result.scorecards["districts"]}
    return Run(seconds, {s.office: s.kind or "ok" for s in statuses}, {s.office: s.params.get("retry_at") for s in statuses},
               {s.office: s.message for s in statuses}, cards, exit_code(result.scorecards), stored_posts(db), folder)


def stored_posts(db: Path) -> dict[tuple[str, str], dict]:
    """Every stored post as the engine reads it (collected_at aside: a re-read post is the same post)."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT platform, post_id, data, gone_at FROM posts").fetchall()
    conn.close()
    return {(p, i): {**{k: v for k, v in json.loads(d).items() if k != "collected_at"}, "gone": g is not None}
            for p, i, d, g in rows}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """The server, the config pointing at it, the good scan's store and a per-fault cache of runs."""
    server = fs.FaultServer()
    root = tmp_path_factory.mktemp("faults")
    config = root / "auditor.toml"
    config.write_text(config_text(server.base), encoding="utf-8")
    good = scan(root / "good", config, root / "good.db")
    shutil.copy(root / "good.db", root / "good-copy.db")  # closed store: WAL checkpointed into the file
    yield {"server": server, "config": config, "root": root, "good": good, "runs": {}}
    server.stop()


def fault_run(lab, fault: str) -> Run:
    """The scan with `fault` served (once per fault; every collector's cell reads it)."""
    if fault not in lab["runs"]:
        folder = lab["root"] / fault
        folder.mkdir()
        shutil.copy(lab["root"] / "good-copy.db", folder / "auditor.db")
        lab["server"].set(fault)
        try:
            lab["runs"][fault] = scan(folder, lab["config"], folder / "auditor.db")
        finally:
            lab["server"].set("none")
    return lab["runs"][fault]


def test_the_good_scan_reads_every_collector(lab):
    good = lab["good"]
    assert good.kinds == {d: "ok" for d in COLLECTORS}, good.messages
    by_district: dict[str, int] = {}
    for post in good.posts.values():
        by_district[post["district"]] = by_district.get(post["district"], 0) + 1
    assert by_district == {"facebook": 3, "youtube-feed": 3, "youtube-api": 3, "tiktok": 2, "website-rest": 3,
                           "website-rss": 3, "website-html": 3}
    assert all("คลิกชุมชน" in p["text"] for p in good.posts.values())
    assert set(good.verdicts.values()) == {"fail"}  # one channel each: never 2 platforms; failing is the baseline


CELLS = [(f, c) for f in fs.FAULTS for c in COLLECTORS if applies(f, c)]


@pytest.mark.parametrize("fault,collector", CELLS, ids=[f"{f}-{c}" for f, c in CELLS])
def test_fault(lab, fault, collector):
    run, good = fault_run(lab, fault), lab["good"]
    assert run.seconds < SCAN_BOUND
    kind, message = run.kinds[collector], run.messages[collector]
    assert kind in EXPECTED[fault], f"{collector} under {fault}: kind {kind!r}: {message}"
    ours = {k: v for k, v in good.posts.items() if v["district"] == collector}
    after = {k: run.posts[k] for k in ours}
    assert after == ours  # nothing the good scan stored was changed, garbled or marked gone
    if kind == "ok":
        assert run.verdicts[collector] == good.verdicts[collector]
        return
    assert run.verdicts[collector] == "incomplete"
    page = (run.folder / "out" / str(MONTH) / "districts" / f"{collector}.html").read_text(encoding="utf-8")
    assert WORDS[kind] in page, f"{collector} under {fault}: the page does not say {WORDS[kind]!r} ({message})"
    if kind == "retry_later":  # when to come back, on the page in Bangkok time
        at = datetime.fromisoformat(run.retry_at[collector]).astimezone(BANGKOK)
        assert f"ลองใหม่หลังเวลา {at:%H:%M} น." in page


@pytest.mark.parametrize("fault", list(fs.FAULTS))
def test_no_token_in_any_file_written(lab, fault):
    run = fault_run(lab, fault)
    leaks = [(path.name, name) for path in run.folder.rglob("*") if path.is_file()
             for name, secret in CANARY.items() if _holds(path.read_bytes(), secret)]
    leaks += [("messages", name) for name, secret in CANARY.items() for m in run.messages.values() if secret in m]
    assert not leaks


def _holds(data: bytes, secret: str) -> bool:
    return secret.encode() in data or quote(secret).encode() in data


def test_exit_code_is_3_when_nothing_failed_but_a_channel_could_not_be_read(lab):
    run = fault_run(lab, "503")
    assert set(run.verdicts.values()) == {"incomplete"} and run.exit_code == 3


@pytest.mark.parametrize("fault", ["refused", "retry_after_long", "login_xhtml"])
def test_auditor_scan_command_exits_3_and_says_why(lab, fault, runner, tmp_path):
    """The real command on a store the good scan filled: exit 3, the cause on stderr, no token anywhere."""
    from auditor.cli import main

    shutil.copy(lab["root"] / "good-copy.db", tmp_path / "auditor.db")
    lab["server"].set(fault)
    try:
        result = runner.invoke(main, ["scan", "--month", "2025-02", "--config", str(lab["config"]), "--db",
                                      str(tmp_path / "auditor.db"), "--out", str(tmp_path / "out"), "--refresh"], env=CANARY)
    finally:
        lab["server"].set("none")
    assert result.exit_code == 3, result.output
    assert not [name for name, secret in CANARY.items() if secret in result.output]
    assert not [p for p in tmp_path.rglob("*") if p.is_file() for s in CANARY.values() if _holds(p.read_bytes(), s)]
