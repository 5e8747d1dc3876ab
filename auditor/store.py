"""The SQLite store: posts (upserted), raw evidence, scan runs, channel statuses, link checks and scorecards.

Each channel is saved in one transaction, so a scan killed half-way keeps every channel it
finished and a re-run upserts instead of duplicating. A post the platform later reports
deleted or private is marked gone (gone_at, gone_reason): it stays as evidence but is no longer
one of the month's posts; seeing it again clears the mark. `seen` records which run collected
which post, so a scan can tell how many posts it saw just outside its month. `link_checks` keeps
the latest thing a scan learned about each link (opens or not, HTTP status), one row per link
key, so reconciliation knows which reported links are dead without asking the network again.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sqlite3
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import NamedTuple

import filelock
from isal import isal_zlib

from auditor.codes import UsageCode
from auditor.errors import StoreBusy, StoreError
from auditor.heap import collector_paused
from auditor.codes import Note
from auditor.models import ChannelStatus, Figure, Gone, LinkCheck, Override, Post, SelfReport
from auditor.period import Month
from auditor.redact import redact, redact_payload
from auditor.text.garbled import looks_garbled
from auditor.text.safe import json_bytes

DEFAULT_PATH = Path("auditor-data") / "auditor.db"
STATUSES = ("ok", "partial", "error")
SCORECARDS_LEVEL = 1  # ISA-L's levels are 0-3; 1 was the fastest on a nationwide month (0 compresses less, no faster)
SUMMARY_VERSION = 1  # PRAGMA user_version once month_summary holds every stored month

SCHEMA = """
CREATE TABLE IF NOT EXISTS posts (
    platform TEXT NOT NULL,
    post_id TEXT NOT NULL,
    district TEXT,
    account_id TEXT NOT NULL,
    published_ts REAL NOT NULL,
    data TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    gone_at TEXT,
    gone_reason TEXT,
    PRIMARY KEY (platform, post_id)
);
CREATE INDEX IF NOT EXISTS posts_published ON posts (published_ts);
CREATE TABLE IF NOT EXISTS seen (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    platform TEXT NOT NULL,
    post_id TEXT NOT NULL,
    PRIMARY KEY (run_id, platform, post_id)
);
CREATE TABLE IF NOT EXISTS evidence (
    platform TEXT NOT NULL,
    post_id TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    raw TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    PRIMARY KEY (platform, post_id, sha256)
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    month TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    config TEXT,
    pid INTEGER,
    host TEXT
);
CREATE TABLE IF NOT EXISTS channel_status (
    run_id INTEGER NOT NULL REFERENCES runs (id),
    office TEXT NOT NULL,
    platform TEXT NOT NULL,
    account TEXT NOT NULL,
    status TEXT NOT NULL,
    message TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT '',
    params TEXT,
    notes TEXT,
    requests INTEGER,
    memo TEXT,
    collected_at TEXT,
    PRIMARY KEY (run_id, office, platform, account)
);
CREATE TABLE IF NOT EXISTS link_checks (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    ok INTEGER NOT NULL,
    status INTEGER,
    final_url TEXT,
    cause TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    run_id INTEGER NOT NULL REFERENCES runs (id)
);
CREATE TABLE IF NOT EXISTS scorecards (
    month TEXT PRIMARY KEY,
    data BLOB NOT NULL,  -- zlib-compressed JSON (JSON text in stores made before)
    saved_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS month_summary (
    month TEXT NOT NULL,
    district TEXT NOT NULL,
    name TEXT NOT NULL,
    verdict TEXT NOT NULL,
    rules TEXT NOT NULL,
    posts INTEGER NOT NULL,
    channels TEXT NOT NULL,
    activities INTEGER NOT NULL,
    activities_found INTEGER NOT NULL,
    kpis TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (month, district)
);
CREATE TABLE IF NOT EXISTS month_meta (
    month TEXT PRIMARY KEY,
    as_of TEXT,
    ruleset TEXT NOT NULL,
    rules_meta TEXT NOT NULL,
    province TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    posts_file TEXT  -- the posts file the month was evaluated from (check --posts), NULL: the store's posts
);
CREATE TABLE IF NOT EXISTS self_reports (
    key TEXT NOT NULL UNIQUE,
    month TEXT NOT NULL,
    district TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    activity_date TEXT,
    title TEXT NOT NULL,
    channel TEXT NOT NULL,
    urls TEXT NOT NULL,
    row INTEGER NOT NULL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS self_reports_month ON self_reports (month, district);
CREATE TABLE IF NOT EXISTS figures (
    month TEXT NOT NULL,
    district TEXT NOT NULL,
    metric TEXT NOT NULL,
    value INTEGER NOT NULL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    UNIQUE (month, district, metric)
);
-- The province's judgment log: append-only. Revoking is a new row naming the revoked one.
CREATE TABLE IF NOT EXISTS overrides (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    month TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    district TEXT,
    reason TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revokes INTEGER UNIQUE REFERENCES overrides (id)
);
CREATE INDEX IF NOT EXISTS overrides_month ON overrides (month);
CREATE TRIGGER IF NOT EXISTS overrides_no_update BEFORE UPDATE ON overrides
    BEGIN SELECT RAISE(ABORT, 'overrides are append-only: revoke an entry instead'); END;
CREATE TRIGGER IF NOT EXISTS overrides_no_delete BEFORE DELETE ON overrides
    BEGIN SELECT RAISE(ABORT, 'overrides are append-only: revoke an entry instead'); END;
-- REPLACE (and INSERT OR REPLACE) deletes the row it conflicts with without firing the DELETE
-- trigger (recursive_triggers is off): an entry naming an existing id, or revoking an entry
-- already revoked, is refused before it can replace anything.
CREATE TRIGGER IF NOT EXISTS overrides_no_replace BEFORE INSERT ON overrides
    WHEN EXISTS (SELECT 1 FROM overrides WHERE id = NEW.id OR revokes = NEW.revokes)
    BEGIN SELECT RAISE(ABORT, 'overrides are append-only: revoke an entry instead'); END;
CREATE TABLE IF NOT EXISTS sends (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    month TEXT NOT NULL,
    as_of TEXT,
    office TEXT NOT NULL,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    answer TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    sent_at TEXT NOT NULL,
    attached INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sends_content ON sends (channel, recipient, sha256, status);
"""
# A table added after the first release (sends, for `auditor notify`) needs no migration entry:
# SCHEMA's CREATE TABLE IF NOT EXISTS adds it to an older database when it is opened.
# Columns added after a table was first released: (table, column, definition). Added to older
# databases when they are opened.
MIGRATIONS = (
    ("posts", "gone_at", "TEXT"),
    ("posts", "gone_reason", "TEXT"),
    ("runs", "config", "TEXT"),
    # codes.Kind of a channel's status, its parameters and notes (JSON); rows stored before have none
    ("channel_status", "kind", "TEXT NOT NULL DEFAULT ''"),
    ("channel_status", "params", "TEXT"),
    ("channel_status", "notes", "TEXT"),
    ("runs", "pid", "INTEGER"),
    ("runs", "host", "TEXT"),
    # re-scans: the requests a channel's collection made, what its next scan may reuse (validators,
    # the way in; JSON) and when it was collected (UTC ISO)
    ("channel_status", "requests", "INTEGER"),
    ("channel_status", "memo", "TEXT"),
    ("channel_status", "collected_at", "TEXT"),
    # the posts file a month's outputs were evaluated from (`check --posts`: its posts are not stored)
    ("month_meta", "posts_file", "TEXT"),
    # whether an e-mail carried its PDF (1), so a send without one does not stand for one with it
    ("sends", "attached", "INTEGER NOT NULL DEFAULT 0"),
)


def _status(office, platform, account, status, message, kind, params, notes) -> ChannelStatus:
    """A stored channel status; rows written before kinds and notes were kept have none."""
    return ChannelStatus(office, platform, account, status, message, kind or "", json.loads(params or "{}"),
                         tuple(Note.from_dict(n) for n in json.loads(notes or "[]")))


class Send(NamedTuple):
    """One notification to one recipient, as recorded: status 'sent' or 'failed', and the
    service's answer (an SMTP reply, LINE's sent message ids or error; never a credential)."""

    month: str
    as_of: str | None
    office: str
    channel: str  # "email" or "line"
    recipient: str
    sha256: str  # of the message's content
    status: str
    answer: str
    attempts: int
    sent_at: str = ""
    attached: bool = False  # an e-mail that carried its PDF
class MonthRow(NamedTuple):
    """One district's month in the summary table: what the trend, the overview's chart and the
    fiscal-year summary read, instead of the month's full scorecards."""

    month: str
    district: str
    name: str
    verdict: str
    rules: dict  # rule id → verdict
    posts: int  # counted posts
    channels: dict  # platform → counted posts
    activities: int  # counted activities
    activities_found: int
    kpis: dict  # metric → {rule, verdict, value, need, carried_from}


def _month_row(row: tuple) -> MonthRow:
    month, district, name, verdict, rules, posts, channels, activities, found, kpis = row
    return MonthRow(month, district, name, verdict, json.loads(rules), posts, json.loads(channels), activities, found,
                    json.loads(kpis))


def month_rows(month: str, scorecards: dict) -> list[MonthRow]:
    """The summary rows of a month's scorecards document, one per district."""
    districts = scorecards.get("districts")
    return [_district_row(month, d) for d in districts if isinstance(d, dict) and "district" in d] \
        if isinstance(districts, list) else []


def _district_row(month: str, d: dict) -> MonthRow:
    posts = d.get("posts") or []
    channels = d.get("channels")
    if channels is None:  # scorecards stored before per-platform counts were kept
        channels = {}
        for p in posts:
            if p.get("counted"):
                channels[p.get("platform", "")] = channels.get(p.get("platform", ""), 0) + 1
    activities = d.get("activities") or []
    rules = d.get("rules") or []
    return MonthRow(str(month), d["district"], d.get("name", d["district"]), d.get("verdict", ""),
                    {r.get("rule"): r.get("verdict") for r in rules}, sum(channels.values()), channels,
                    sum(1 for a in activities if a.get("counted", True)), len(activities),
                    {kpi["metric"]: kpi for r in rules if (kpi := _kpi(r))})


def _kpi(rule: dict) -> dict | None:
    """A figure rule's value and target; rules stored before they named their metric are known by their id."""
    if not str(rule.get("check", "")).startswith("figure-"):
        return None
    params = (rule.get("detail_note") or {}).get("params") or {}

    def whole(value):
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    return {"metric": rule.get("metric") or str(rule.get("rule", "")).replace("-", "_"), "rule": rule.get("rule"),
            "verdict": rule.get("verdict"), "value": whole(params.get("value", rule.get("observed"))),
            "need": whole(params.get("need", rule.get("required"))), "carried_from": rule.get("carried_from")}


def _summary_statements(month: str, scorecards: dict, now: str) -> list[tuple[str, tuple]]:
    """Replace the summary rows of the districts a scorecards document holds, and its month's meta."""
    month = str(month)
    rows = month_rows(month, scorecards)
    statements = [("DELETE FROM month_summary WHERE month = ? AND district = ?", (month, r.district)) for r in rows]
    statements += [(f"INSERT INTO month_summary ({', '.join(MonthRow._fields)}, saved_at) VALUES ({', '.join('?' * 11)})",
                    (r.month, r.district, r.name, r.verdict, json.dumps(r.rules), r.posts, json.dumps(r.channels),
                     r.activities, r.activities_found, json.dumps(r.kpis, ensure_ascii=False), now)) for r in rows]
    meta = (month, scorecards.get("as_of"), json.dumps(scorecards.get("ruleset") or {}, ensure_ascii=False),
            json.dumps(scorecards.get("rules_meta") or [], ensure_ascii=False),
            json.dumps(scorecards.get("province") or {}, ensure_ascii=False), now, scorecards.get("posts_file"))
    statements.append(("INSERT OR REPLACE INTO month_meta (month, as_of, ruleset, rules_meta, province, saved_at, posts_file)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?)", meta))
    return statements


def _compressed(data: bytes) -> bytes:
    """A scorecards document as stored: its JSON in the zlib format (a tenth of the 40 MB of a
    nationwide month). ISA-L (isal) writes the same format as zlib six times as fast at
    its level 1, and a little smaller than zlib's level 1: any zlib reads it, and stores
    written by zlib read as before."""
    return isal_zlib.compress(data, SCORECARDS_LEVEL)


def _scorecards(data: str | bytes) -> dict:
    """A stored scorecards document: zlib-format JSON (_compressed, or zlib's own in older stores),
    or JSON text as stores before them kept it."""
    return json.loads(isal_zlib.decompress(data) if isinstance(data, bytes) else data)


class ChannelMemo(NamedTuple):
    """A channel's latest scan of a month as a re-scan reads it (collected_at: UTC ISO, or None for a
    row stored before re-scans were cheap; memo: None unless it was complete)."""

    status: ChannelStatus
    collected_at: str | None
    memo: dict | None
    requests: int | None


class StoredCheck(NamedTuple):
    """The latest check of a link a scan made (LinkCheck-like: ok, status, final_url)."""

    url: str
    ok: bool
    status: int | None
    final_url: str | None
    cause: str
    checked_at: str
    run_id: int | None


def link_key(url: str) -> str:
    """The key a link check is stored under: the post link's normalized key, else the URL itself (tokens redacted)."""
    return link_keys(url)[0]


def link_keys(url: str) -> tuple[str, ...]:
    """Every key a link can be found under (the key, then alternatives such as facebook:id/X); tokens redacted."""
    from auditor.text.urls import InvalidURL, normalize_url

    url = redact(str(url))
    try:
        return normalize_url(url).keys
    except InvalidURL:
        return (url,)


def _alive(pid: int | None, host: str | None) -> bool:
    """Whether the process that started a run may still be running it (no pid: a run of an older version)."""
    if pid is None:
        return False
    if host != socket.gethostname():
        return True  # another machine's process cannot be asked; its run stays 'running'
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def canonical_json(raw) -> str:
    """The stored form of a raw payload (redacted, keys sorted): what evidence_sha256 hashes."""
    return sorted_compact_json(redact_payload(raw))


def sorted_compact_json(value) -> str:
    """Compact JSON with sorted keys and Thai kept as written: the text a payload's SHA-256 is of."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class Store:
    """One SQLite database file. Safe to share between threads: writes are serialized."""

    def __init__(self, path: str | Path = DEFAULT_PATH):
        self.path = Path(path)
        self._lock = threading.RLock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.create_function("garbled", 1, lambda text: looks_garbled(text or ""), deterministic=True)
            self._migrate()
            self.conn.executescript(SCHEMA)
            self._backfill_summary()
        except sqlite3.Error as exc:
            if getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")):
                raise StoreError(f"{self.path}: the store cannot be written ({exc})", code=UsageCode.STORE_NOT_WRITABLE,
                                 path=str(self.path), error=str(exc)) from None
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot open the store: {exc}") from None
        self.abandoned: list[dict] = self._mark_abandoned_runs()

    def _migrate(self) -> None:
        """Add the MIGRATIONS columns an older database lacks; a no-op on a new or current one."""
        for table, column, definition in MIGRATIONS:
            columns = {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}
            if columns and column not in columns:
                self.conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")

    @classmethod
    def open(cls, path: str | Path = DEFAULT_PATH) -> "Store":
        """Open (creating it and its parent directories if needed) the store at path."""
        return cls(path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self, statements) -> int | None:
        """Run (sql, params) pairs in one transaction; nothing is kept if any fails. Returns the last rowid."""
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                cursor = None
                for sql, params in statements:
                    cursor = self.conn.execute(sql, params)
                self.conn.execute("COMMIT")
                return cursor.lastrowid if cursor else None
            except BaseException as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"{self.path}: write failed: {exc}") from None
                raise

    def _read(self, sql: str, params=()) -> list[tuple]:
        with self._lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: read failed: {exc}") from None

    # Runs and channels

    def start_run(self, month: Month | str, config: str | None = None) -> int:
        """Record the start of a scan of a month (and the config file it reads); return its run id."""
        return self._write([("INSERT INTO runs (month, started_at, status, config, pid, host) VALUES (?, ?, 'running', ?, ?, ?)",
                             (str(month), _now(), config, os.getpid(), socket.gethostname()))])

    def _mark_abandoned_runs(self) -> list[dict]:
        """Mark 'interrupted' every run still 'running' whose process is gone (killed, or the machine
        stopped); return them, oldest first. A run of a live process, here or on another host, is left alone."""
        rows = self._read("SELECT id, month, started_at, pid, host FROM runs WHERE status = 'running' ORDER BY id")
        dead = [dict(id=i, month=m, started_at=s) for i, m, s, pid, host in rows if not _alive(pid, host)]
        if dead:
            self._write([("UPDATE runs SET status = 'interrupted' WHERE id = ? AND status = 'running'", (r["id"],))
                         for r in dead])
        return dead

    def last_config(self, month: Month | str) -> str | None:
        """The config file the month's latest scan read, or None."""
        rows = self._read("SELECT config FROM runs WHERE month = ? AND config IS NOT NULL ORDER BY id DESC LIMIT 1",
                          (str(month),))
        return rows[0][0] if rows else None

    def finish_run(self, run_id: int, status: str = "done") -> None:
        """Mark a run finished ('done', or e.g. 'interrupted')."""
        self._write([("UPDATE runs SET finished_at = ?, status = ? WHERE id = ?", (_now(), status, run_id))])

    def save_channel(self, run_id: int, status: ChannelStatus, posts_with_raw: list[tuple[Post, dict]],
                     gone: Iterable[Gone] = (), checks: Iterable[LinkCheck] = (), *, requests: int | None = None,
                     memo: dict | None = None, collected_at: str | None = None) -> None:
        """Store one channel's status, posts, raw payloads, gone links and link checks in one transaction,
        with the requests its collection made and, for a complete one, what a re-scan may reuse (`memo`)."""
        if status.status not in STATUSES:
            raise ValueError(f"channel status must be one of {', '.join(STATUSES)}, not {status.status!r}")
        now = _now()
        statements = [(
            "INSERT OR REPLACE INTO channel_status (run_id, office, platform, account, status, message, kind, params, notes,"
            " requests, memo, collected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (run_id, status.office, status.platform, status.account, status.status, redact(status.message),
             str(status.kind or ""), redact(json.dumps(status.params, ensure_ascii=False)),
             redact(json.dumps([n.to_dict() for n in status.notes], ensure_ascii=False)), requests,
             redact(json.dumps(memo, ensure_ascii=False, sort_keys=True)) if memo is not None else None, collected_at),
        )]
        for post, raw in posts_with_raw:
            statements.append(_upsert_post(post, now))
            statements.append(_insert_evidence(post, raw, now))
            statements.append(("INSERT OR IGNORE INTO seen (run_id, platform, post_id) VALUES (?, ?, ?)",
                               (run_id, post.platform, post.post_id)))
        statements += [_mark_gone(status.platform, g, now) for g in gone]
        statements += [_upsert_check(check, run_id, now) for check in checks]
        self._write(statements)

    def latest_statuses(self, month: Month | str) -> list[ChannelStatus]:
        """Each channel's status from the latest run of the month that scanned it (every channel
        ever scanned; audit.stored_statuses keeps those the config lists now)."""
        rows = self._read("""
            SELECT cs.office, cs.platform, cs.account, cs.status, cs.message, cs.kind, cs.params, cs.notes
            FROM channel_status cs JOIN runs r ON r.id = cs.run_id
            WHERE r.month = ? AND cs.run_id = (
                SELECT MAX(c2.run_id) FROM channel_status c2 JOIN runs r2 ON r2.id = c2.run_id
                WHERE r2.month = r.month AND c2.office = cs.office AND c2.platform = cs.platform AND c2.account = cs.account)
            ORDER BY cs.office, cs.platform, cs.account""", (str(month),))
        return [_status(*row) for row in rows]

    def channel_memos(self, month: Month | str) -> dict[tuple[str, str, str], "ChannelMemo"]:
        """(office, platform, account) → the latest scan of the month that collected the channel: its
        status, when, what the next scan may reuse and the requests it made."""
        rows = self._read("""
            SELECT cs.office, cs.platform, cs.account, cs.status, cs.message, cs.kind, cs.params, cs.notes,
                   cs.collected_at, cs.memo, cs.requests
            FROM channel_status cs JOIN runs r ON r.id = cs.run_id
            WHERE r.month = ? AND cs.run_id = (
                SELECT MAX(c2.run_id) FROM channel_status c2 JOIN runs r2 ON r2.id = c2.run_id
                WHERE r2.month = r.month AND c2.office = cs.office AND c2.platform = cs.platform AND c2.account = cs.account)""",
            (str(month),))
        return {tuple(row[:3]): ChannelMemo(_status(*row[:8]), row[8], json.loads(row[9]) if row[9] else None, row[10])
                for row in rows}

    def runs(self, month: Month | str | None = None) -> list[dict]:
        """Runs, oldest first, optionally of one month."""
        sql, params = "SELECT id, month, started_at, finished_at, status FROM runs", ()
        if month is not None:
            sql, params = sql + " WHERE month = ?", (str(month),)
        keys = ("id", "month", "started_at", "finished_at", "status")
        return [dict(zip(keys, row)) for row in self._read(sql + " ORDER BY id", params)]

    # Posts and evidence

    def posts_for_month(self, month: Month) -> list[Post]:
        """Stored posts published within the month (local time of the month, Bangkok by default), gone ones left out."""
        rows = self._read(
            """SELECT data FROM posts WHERE published_ts >= ? AND published_ts < ? AND gone_at IS NULL
               ORDER BY published_ts, platform, post_id""",
            (month.start.timestamp(), month.end.timestamp()))
        return [Post.from_dict(json.loads(data)) for (data,) in rows]

    def posts_outside_month(self, month: Month) -> list[Post]:
        """Posts the month's scans collected that were published outside it (the collectors' margin)."""
        rows = self._read(
            """SELECT data FROM posts p WHERE (published_ts < ? OR published_ts >= ?) AND gone_at IS NULL AND EXISTS (
                   SELECT 1 FROM seen s JOIN runs r ON r.id = s.run_id
                   WHERE r.month = ? AND s.platform = p.platform AND s.post_id = p.post_id)
               ORDER BY published_ts, platform, post_id""",
            (month.start.timestamp(), month.end.timestamp(), str(month)))
        return [Post.from_dict(json.loads(data)) for (data,) in rows]

    def post_gone(self, platform: str, post_id: str) -> tuple[str, str] | None:
        """(gone_at, reason) of a stored post the platform no longer shows, or None."""
        rows = self._read("SELECT gone_at, gone_reason FROM posts WHERE platform = ? AND post_id = ? AND gone_at IS NOT NULL",
                          (platform, post_id))
        return rows[0] if rows else None

    def post_seen(self, platform: str, post_id: str) -> tuple[str, str] | None:
        """(first_seen, last_seen) of a stored post, or None."""
        rows = self._read("SELECT first_seen, last_seen FROM posts WHERE platform = ? AND post_id = ?", (platform, post_id))
        return rows[0] if rows else None

    def post_key_by_url(self, url: str) -> tuple[str, str] | None:
        """(platform, post_id) of the stored post with this link, or None."""
        rows = self._read("SELECT platform, post_id FROM posts WHERE json_extract(data, '$.url') = ? LIMIT 1", (url,))
        return tuple(rows[0]) if rows else None

    def evidence_sha256(self, platform: str, post_id: str) -> str | None:
        """SHA-256 of the latest raw payload stored for a post."""
        rows = self._read("SELECT sha256 FROM evidence WHERE platform = ? AND post_id = ? ORDER BY fetched_at DESC, rowid DESC LIMIT 1",
                          (platform, post_id))
        return rows[0][0] if rows else None

    def evidence(self, platform: str, post_id: str) -> dict | None:
        """The latest raw payload stored for a post (redacted), or None."""
        rows = self._read("SELECT raw FROM evidence WHERE platform = ? AND post_id = ? ORDER BY fetched_at DESC, rowid DESC LIMIT 1",
                          (platform, post_id))
        return json.loads(rows[0][0]) if rows else None

    def evidence_captured(self, platform: str, post_id: str) -> tuple[str, str] | None:
        """(sha256, fetched_at) of the latest raw payload stored for a post, or None."""
        rows = self._read("SELECT sha256, fetched_at FROM evidence WHERE platform = ? AND post_id = ?"
                          " ORDER BY fetched_at DESC, rowid DESC LIMIT 1", (platform, post_id))
        return rows[0] if rows else None

    def evidence_versions(self, platform: str, post_id: str) -> list[tuple[str, str, str]]:
        """(sha256, raw, fetched_at) of every payload stored for a post (redacted), oldest first."""
        return self._read("SELECT sha256, raw, fetched_at FROM evidence WHERE platform = ? AND post_id = ?"
                          " ORDER BY fetched_at, rowid", (platform, post_id))

    def post(self, platform: str, post_id: str) -> Post | None:
        """One stored post (gone or not), or None."""
        rows = self._read("SELECT data FROM posts WHERE platform = ? AND post_id = ?", (platform, post_id))
        return Post.from_dict(json.loads(rows[0][0])) if rows else None

    def stored_posts(self) -> list[Post]:
        """Every stored post of any month, gone ones left out."""
        rows = self._read("SELECT data FROM posts WHERE gone_at IS NULL ORDER BY published_ts, platform, post_id")
        return [Post.from_dict(json.loads(data)) for (data,) in rows]

    def gone_posts(self) -> list[tuple[Post, str]]:
        """(post, reason) of every stored post the platform no longer shows."""
        rows = self._read("SELECT data, gone_reason FROM posts WHERE gone_at IS NOT NULL ORDER BY platform, post_id")
        return [(Post.from_dict(json.loads(data)), reason or "") for data, reason in rows]

    def count_posts(self) -> int:
        """Number of distinct stored posts."""
        return self._read("SELECT COUNT(*) FROM posts")[0][0]

    # Link checks

    def link_check(self, url: str) -> StoredCheck | None:
        """The latest stored check of a link, found under any of its keys (any pasted form), or None."""
        keys = link_keys(url)
        rows = self._read(f"""SELECT url, ok, status, final_url, cause, checked_at, run_id FROM link_checks
                              WHERE key IN ({", ".join("?" * len(keys))}) ORDER BY checked_at DESC, rowid DESC LIMIT 1""", keys)
        if not rows:
            return None
        url_, ok, status, final_url, cause, checked_at, run_id = rows[0]
        return StoredCheck(url_, bool(ok), status, final_url, cause, checked_at, run_id)

    def checked_keys(self, run_id: int) -> set[str]:
        """The keys of the links a run checked."""
        return {key for (key,) in self._read("SELECT key FROM link_checks WHERE run_id = ?", (run_id,))}

    def count_link_checks(self) -> int:
        """Number of links with a stored check."""
        return self._read("SELECT COUNT(*) FROM link_checks")[0][0]

    # Scorecards and the per-month summary

    @collector_paused()  # a summary row per district, beside a month's scorecards and posts that are no garbage
    def save_scorecards(self, month: str, scorecards: dict, data: bytes | None = None) -> None:
        """Keep the scorecards JSON of a month (replacing an earlier one), for `auditor report`,
        `notify` and evidence packs, and its districts' rows in the month summary (what history reads).

        `data` is the document's compact JSON when the caller has it already (the bytes written
        to scorecards.json): a nationwide month is not dumped a second time."""
        if data is None:
            data = json_bytes(scorecards)
        now = _now()
        self._write([("INSERT OR REPLACE INTO scorecards (month, data, saved_at) VALUES (?, ?, ?)",
                      (str(month), _compressed(data), now)),
                     *_summary_statements(month, scorecards, now)])

    def load_scorecards(self, month: str) -> dict | None:
        """The scorecards JSON saved for a month, or None."""
        rows = self._read("SELECT data FROM scorecards WHERE month = ?", (str(month),))
        return _scorecards(rows[0][0]) if rows else None

    def months_present(self) -> list[str]:
        """YYYY-MM of every month with a run or saved results, oldest first."""
        rows = self._read("SELECT month FROM runs UNION SELECT month FROM scorecards UNION SELECT month FROM month_meta"
                          " ORDER BY month")
        return [month for (month,) in rows]

    def month_summary(self, first: str, last: str) -> list[MonthRow]:
        """The summary rows of the months first..last (YYYY-MM, inclusive), by month then district."""
        rows = self._read(f"SELECT {', '.join(MonthRow._fields)} FROM month_summary WHERE month >= ? AND month <= ?"
                          " ORDER BY month, rowid", (str(first), str(last)))
        return [_month_row(row) for row in rows]

    def month_verdicts(self, before: str, months: int) -> dict[str, dict[str, str]]:
        """month → district → verdict of the `months` stored months before `before` (for the trend)."""
        wanted = [m for (m,) in self._read("SELECT DISTINCT month FROM month_summary WHERE month < ? ORDER BY month DESC"
                                           " LIMIT ?", (str(before), months))]
        out: dict[str, dict[str, str]] = {m: {} for m in sorted(wanted)}
        if wanted:
            for month, district, verdict in self._read(
                    f"SELECT month, district, verdict FROM month_summary WHERE month IN ({', '.join('?' * len(wanted))})"
                    " ORDER BY rowid", wanted):
                out[month][district] = verdict
        return out

    def month_meta(self, month: str) -> dict | None:
        """What a month's summary rows need beside them: as_of, ruleset, rules_meta, province, and the
        posts file its outputs were evaluated from (None: the store's posts, or a store older than that); or None."""
        rows = self._read("SELECT as_of, ruleset, rules_meta, province, posts_file FROM month_meta WHERE month = ?",
                          (str(month),))
        if not rows:
            return None
        as_of, ruleset, rules_meta, province, posts_file = rows[0]
        return {"month": str(month), "as_of": as_of, "ruleset": json.loads(ruleset), "rules_meta": json.loads(rules_meta),
                "province": json.loads(province), "posts_file": posts_file}

    def _backfill_summary(self) -> None:
        """Summary rows for months whose scorecards were stored before the summary table existed,
        read one month at a time. Runs once: PRAGMA user_version records it."""
        if self.conn.execute("PRAGMA user_version").fetchone()[0] >= SUMMARY_VERSION:
            return
        done = {m for (m,) in self.conn.execute("SELECT month FROM month_meta")}
        for (month,) in self.conn.execute("SELECT month FROM scorecards ORDER BY month").fetchall():
            if month not in done:
                (data, saved_at), = self.conn.execute("SELECT data, saved_at FROM scorecards WHERE month = ?", (month,))
                self._write(_summary_statements(month, _scorecards(data), saved_at))
        self.conn.execute(f"PRAGMA user_version = {SUMMARY_VERSION}")

    # Self-reports and figures (imported sheets)

    def _count_changes(self, statements) -> int:
        """Run statements in one transaction; return how many rows they inserted or changed."""
        with self._lock:
            before = self.conn.total_changes
            self._write(statements)
            return self.conn.total_changes - before

    def save_self_reports(self, reports: list[SelfReport]) -> int:
        """Add self-reports in one transaction; one already stored (same key) is left alone. Returns the number added."""
        now = _now()
        return self._count_changes([(
            """INSERT OR IGNORE INTO self_reports
               (key, month, district, submitted_at, activity_date, title, channel, urls, row, source, imported_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (r.key, r.month, r.district, r.submitted_at.isoformat(), r.activity_date.isoformat() if r.activity_date else None,
             r.title, r.channel, json.dumps(list(r.urls), ensure_ascii=False), r.row, r.source, now),
        ) for r in reports])

    def self_reports(self, month: Month | str) -> list[SelfReport]:
        """The self-reports imported for a month, by district, submission time and row."""
        rows = self._read("""SELECT month, district, submitted_at, activity_date, title, channel, urls, row, source, key
                             FROM self_reports WHERE month = ? ORDER BY district, submitted_at, source, row""", (str(month),))
        return [SelfReport(m, d, datetime.fromisoformat(sub), date.fromisoformat(act) if act else None, title, channel,
                           tuple(json.loads(urls)), row, source, key)
                for m, d, sub, act, title, channel, urls, row, source, key in rows]

    def has_self_reports(self, month: Month | str) -> bool:
        """True when any self-report was imported for the month."""
        return bool(self._read("SELECT 1 FROM self_reports WHERE month = ? LIMIT 1", (str(month),)))

    def save_figures(self, figures: list[Figure]) -> int:
        """Store figures in one transaction, replacing a month's earlier value. Returns how many were new or changed."""
        now = _now()
        return self._count_changes([(
            """INSERT INTO figures (month, district, metric, value, source, imported_at) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (month, district, metric) DO UPDATE SET
                   value = excluded.value, source = excluded.source, imported_at = excluded.imported_at
               WHERE value != excluded.value""",
            (f.month, f.district, f.metric, f.value, f.source, now),
        ) for f in figures])

    def figures(self, month: Month | str) -> dict[str, dict[str, int]]:
        """district → metric → value of a month's imported figures."""
        out: dict[str, dict[str, int]] = {}
        for district, metric, value in self._read(
                "SELECT district, metric, value FROM figures WHERE month = ? ORDER BY district, metric", (str(month),)):
            out.setdefault(district, {})[metric] = value
        return out

    def figures_before(self, month: Month | str, metrics) -> dict[str, dict[str, tuple[str, int]]]:
        """district → metric → (month, value) of the latest figure imported for a month before `month`."""
        metrics = list(metrics)
        if not metrics:
            return {}
        rows = self._read(f"""
            SELECT f.district, f.metric, f.month, f.value FROM figures f
            WHERE f.month < ? AND f.metric IN ({", ".join("?" * len(metrics))}) AND f.month = (
                SELECT MAX(g.month) FROM figures g WHERE g.month < ? AND g.district = f.district AND g.metric = f.metric)
            ORDER BY f.district, f.metric""", (str(month), *metrics, str(month)))
        out: dict[str, dict[str, tuple[str, int]]] = {}
        for district, metric, earlier, value in rows:
            out.setdefault(district, {})[metric] = (earlier, value)
        return out

    def has_figures(self, month: Month | str) -> bool:
        """True when any figure was imported for the month."""
        return bool(self._read("SELECT 1 FROM figures WHERE month = ? LIMIT 1", (str(month),)))

    # The province's overrides (append-only)

    def add_override(self, month: Month | str, action: str, target: str, reason: str, by: str, *,
                     district: str | None = None, revokes: int | None = None) -> Override:
        """Append one entry to the judgment log and return it (with its id and time)."""
        now = _now()
        rowid = self._write([(
            """INSERT INTO overrides (month, action, target, district, reason, decided_by, created_at, revokes)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            (str(month), str(action), target, district, reason, by, now, revokes))])
        return self.override(rowid)

    def override(self, override_id: int) -> Override | None:
        """One entry of the judgment log, or None."""
        rows = self._read(f"SELECT {_OVERRIDE_COLUMNS} FROM overrides WHERE id = ?", (int(override_id),))
        return _override(*rows[0]) if rows else None

    def overrides(self, month: Month | str | None = None) -> list[Override]:
        """Every entry of the judgment log (revocations included), oldest first, optionally of one month."""
        sql, params = f"SELECT {_OVERRIDE_COLUMNS} FROM overrides", ()
        if month is not None:
            sql, params = sql + " WHERE month = ?", (str(month),)
        return [_override(*row) for row in self._read(sql + " ORDER BY id", params)]

    def effective_overrides(self, month: Month | str) -> list[Override]:
        """The month's decisions that no later entry revokes, oldest first: what evaluation applies."""
        entries = self.overrides(month)
        revoked = {o.revokes for o in entries if o.revokes is not None}
        return [o for o in entries if o.revokes is None and o.id not in revoked]


    # Notifications

    def record_send(self, send: Send) -> None:
        """Record one send (sent or failed) with the service's answer, tokens redacted."""
        self._write([("""INSERT INTO sends (month, as_of, office, channel, recipient, sha256, status, answer, attempts, sent_at,
                                            attached)
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                      (send.month, send.as_of, send.office, send.channel, send.recipient, send.sha256, send.status,
                       redact(send.answer), send.attempts, send.sent_at or _now(), int(send.attached)))])

    def was_sent(self, channel: str, recipient: str, sha256: str, attached: bool = False, legacy: tuple[str, ...] = ()
                 ) -> bool:
        """True when this content already went to this recipient on this channel (with its PDF,
        when `attached`: a message sent without one does not stand for one that has it), or a send
        recorded before `attached` existed has one of the `legacy` digests (the caller's older names
        for the same content; whether they carried the PDF is part of what they hashed)."""
        marks = ", ".join("?" * len(legacy))
        return bool(self._read("SELECT 1 FROM sends WHERE channel = ? AND recipient = ? AND status = 'sent'"
                               f" AND ((sha256 = ? AND attached >= ?) OR sha256 IN ({marks})) LIMIT 1",
                               (channel, recipient, sha256, int(attached), *legacy)))

    def sends(self, month: Month | str | None = None) -> list[Send]:
        """Recorded sends, oldest first, optionally of one month."""
        sql, params = ("SELECT month, as_of, office, channel, recipient, sha256, status, answer, attempts, sent_at, attached"
                       " FROM sends"), ()
        if month is not None:
            sql, params = sql + " WHERE month = ?", (str(month),)
        return [Send(*row[:-1], bool(row[-1])) for row in self._read(sql + " ORDER BY id", params)]

_OVERRIDE_COLUMNS = "id, month, action, target, reason, decided_by, created_at, district, revokes"


def _override(id_, month, action, target, reason, by, created_at, district, revokes) -> Override:
    return Override(id_, month, action, target, reason, by, datetime.fromisoformat(created_at), district, revokes)



def _upsert_post(post: Post, now: str) -> tuple[str, tuple]:
    return (
        """INSERT INTO posts (platform, post_id, district, account_id, published_ts, data, first_seen, last_seen)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (platform, post_id) DO UPDATE SET
               district = excluded.district, account_id = excluded.account_id, published_ts = excluded.published_ts,
               data = CASE WHEN garbled(json_extract(excluded.data, '$.text')) AND NOT garbled(json_extract(posts.data, '$.text'))
                           THEN posts.data ELSE excluded.data END,
               last_seen = excluded.last_seen, gone_at = NULL, gone_reason = NULL""",
        # Redacted like the evidence: a token in a link or URL must not reach the database. A garbled
        # copy (mojibake) never replaces a clean one; the scan reports why it skipped it.
        (post.platform, post.post_id, post.district, post.account.id, post.published_at.timestamp(),
         json.dumps(redact_payload(post.to_dict()), ensure_ascii=False), now, now),
    )


def _mark_gone(platform: str, gone: Gone, now: str) -> tuple[str, tuple]:
    """Mark the stored post behind a gone link: by post_id when known, else by its url or one of its links."""
    return (
        """UPDATE posts SET gone_at = ?, gone_reason = ?
           WHERE platform = ? AND gone_at IS NULL AND (post_id = ? OR json_extract(posts.data, '$.url') = ? OR EXISTS (
               SELECT 1 FROM json_each(posts.data, '$.links') WHERE json_each.value = ?))""",
        (now, redact(gone.cause), platform, gone.post_id or "", gone.url, gone.url),
    )


def _upsert_check(check: LinkCheck, run_id: int, now: str) -> tuple[str, tuple]:
    """One row per link key: a later check of the same link (any pasted form) replaces the earlier one."""
    return (
        """INSERT INTO link_checks (key, url, ok, status, final_url, cause, checked_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET url = excluded.url, ok = excluded.ok, status = excluded.status,
               final_url = excluded.final_url, cause = excluded.cause, checked_at = excluded.checked_at, run_id = excluded.run_id""",
        (link_key(check.url), redact(check.url), int(bool(check.ok)), check.status,
         redact(check.final_url) if check.final_url else None, redact(check.cause or ""), now, run_id),
    )


def _insert_evidence(post: Post, raw: dict, now: str) -> tuple[str, tuple]:
    text = canonical_json(raw)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return (
        """INSERT INTO evidence (platform, post_id, sha256, raw, fetched_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (platform, post_id, sha256) DO UPDATE SET fetched_at = excluded.fetched_at""",
        (post.platform, post.post_id, digest, text, now),
    )


# --- one run at a time --------------------------------------------------------------------

LOCK_SUFFIX = ".lock"


def lock_path(db_path: str | Path) -> Path:
    """The lock file beside a store: auditor.db → auditor.db.lock."""
    db = Path(db_path)
    return db.with_name(db.name + LOCK_SUFFIX)


@contextmanager
def store_lock(db_path: str | Path, wait: float):
    """Hold the store's lock for a whole run (scan, check, report, import), so that two runs on one
    store never overlap: a timer's run and a person's, or two timers. Waits up to `wait` seconds
    for another run to finish, then raises StoreBusy. An operating-system lock (filelock: flock
    on Linux, msvcrt on Windows) is let go when its process dies, so a killed run leaves no stale lock."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(path, timeout=max(wait, 0))
    try:
        lock.acquire()
    except filelock.Timeout:
        raise StoreBusy(f"{db_path}: another auditor run is using this store (lock {path}); "
                        f"waited {wait:g} s. Try again when it has finished.", code=UsageCode.STORE_BUSY,
                        path=str(db_path), lock=str(path), wait=f"{wait:g}") from None
    try:
        yield path
    finally:
        lock.release()
