"""The scan orchestrator: every configured channel of the month, concurrently, saved channel by channel.

Workers fetch and normalize; the calling thread saves each finished channel in one store
transaction, so an interrupted scan keeps what it finished and a re-run only upserts.

Besides the configured channels, each office's listed post links (`links`) are scanned as link
channels, one per platform (account "links"), read by the platform's LinkReader.

Then the links the districts reported on the month's imported report sheet are scanned: each
reported link that no stored post matches and this run has not checked becomes part of a
"reported" link channel of the district and platform (account "reported"), read by the
platform's link reader. A reader that reads the post itself (TikTok through oEmbed; YouTube
when a Data API key is set) stores it like any collected post, so the engine evaluates it like
any other; every other link (Facebook, LINE, websites, …) is checked to open, a short link
followed to where it leads.

Every check a reader makes of a link (opens or not, HTTP status, where it ended) is kept in the
store with the channel. Reconciliation reads those checks offline: evaluating a month makes no
request, so `scan` and a later `check` of the same store reconcile the same way.

Time budgets (`[scan]` in auditor.toml, `Budget`): each channel has `channel_budget` seconds and
the whole scan `scan_budget`; http.py cuts every request to what is left, so a hung host holds a
worker for one channel budget at most, and a channel still unread when the scan's budget runs out
is reported with the kind `budget` (incomplete, never fail).
"""

from __future__ import annotations

import os
import re
import threading
import time
from pathlib import Path
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from urllib.parse import urlsplit

import requests

from auditor.collect import rescan
from auditor.collect.base import Collector, Context, LinkCollector
from auditor.collect.http import BudgetExceeded, check_budget, counting, deadline, make_session, unrecorded
from auditor.collect.platforms import LINK_READERS, collector_of, link_reader_of
from auditor.codes import ChannelNote, DataNote, Kind, Note
from auditor.errors import CollectorError
from auditor.models import ChannelStatus, Gone, LinkCheck, Post
from auditor.period import Month
from auditor.platforms import PLATFORMS
from auditor.redact import redact
from auditor.registry import REPORTED_ACCOUNT, Channel, Office, Registry, configured_channels, link_channels, link_platform
from auditor.text.garbled import garbled_reason

__all__ = ["collect", "collect_channel", "channels_to_scan", "configured_channels", "link_channels", "link_platform",
           "readable_platforms", "reported_channels", "replay_env", "env_names", "REPORTED_ACCOUNT", "NO_RECORDING"]
from auditor.store import ChannelMemo, Store

Progress = Callable[[dict], None]



@dataclass
class CollectResult:
    """What a scan found: the run id, every normalized post and each channel's status."""

    run_id: int
    posts: list[Post]
    statuses: list[ChannelStatus]
    warnings: list[str] = field(default_factory=list)  # the collectors' words, prefixed with the channel, for the log

    # each note of each channel as a note on the month's data (the overview lists them), with the
    # collector's words as its message: {code, params, message}
    notes: list[dict] = field(default_factory=list)
    # per channel: {office, platform, account, requests, reused} (reused: "" read, "unchanged" the
    # platform said so, "settled" not asked: the month ended and the channel was complete after it)
    requests: list[dict] = field(default_factory=list)


@dataclass
class ChannelOutcome:
    """One channel's result before it is stored."""

    status: ChannelStatus
    posts_with_raw: list[tuple[Post, dict]]
    warnings: list[str]
    gone: list[Gone] = field(default_factory=list)
    checks: list[LinkCheck] = field(default_factory=list)
    requests: int | None = None  # HTTP requests its collection sent (None: not collected)
    memo: dict | None = None  # what the next scan may reuse (complete channels only; rescan.py)
    collected_at: str | None = None
    reused: str = ""  # rescan.UNCHANGED or rescan.SETTLED when the stored posts stand


@dataclass(frozen=True)
class Budget:
    """Time budgets and HTTP limits of a scan (`[scan]` in auditor.toml; seconds)."""

    channel: float = 180.0  # one channel, all its pages and retries
    scan: float = 1800.0  # the whole scan; channels not read by then are reported as "budget"
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    max_body_mb: float = 20.0

    @classmethod
    def from_settings(cls, table: Mapping | None) -> "Budget":
        """From registry.settings["scan"]: channel_budget, scan_budget and the HTTP limits."""
        names = {"channel_budget": "channel", "scan_budget": "scan"}
        return cls(**{names.get(k, k): v for k, v in dict(table or {}).items()})

    def session(self) -> requests.Session:
        """The scan's HTTP session with these timeouts, retries and body cap."""
        return make_session(retries=self.retries, backoff=self.backoff, timeout=(self.connect_timeout, self.read_timeout),
                            max_body=int(self.max_body_mb * 1024 * 1024))


def env_names(registry: Registry) -> list[str]:
    """Every environment variable the registry names for a token or key (settings and channels)."""
    names = {v for section in registry.settings.values() for k, v in section.items() if k.endswith("_env") and v}
    names |= {v for o in registry.offices for ch in o.channels for k, v in ch.options.items() if k.endswith("_env") and v}
    return sorted(n for n in names if isinstance(n, str))


def replay_env(registry: Registry) -> dict[str, str]:
    """Fake values for every token/key env var the registry names, so a replay needs no credentials."""
    return {name: f"replay-{name.lower()}" for name in env_names(registry)}


def channels_to_scan(registry: Registry, districts: Iterable[str] | None = None,
                     platforms: Iterable[str] | None = None) -> list[tuple[Office, Channel]]:
    """(office, channel) pairs to scan: configured channels, then link channels (registry.scanned_channels)."""
    return registry.scanned_channels(districts, platforms)


def collect(registry: Registry, month: Month, store: Store, *, session: requests.Session | None = None,
            env: Mapping[str, str] = os.environ, districts: Iterable[str] | None = None,
            platforms: Iterable[str] | None = None, workers: int = 8, per_host: int | None = None,
            progress: Progress | None = None, sleep: Callable[[float], None] = time.sleep,
            refresh: bool = False, now: datetime | None = None) -> CollectResult:
    """Scan every configured channel for the month, then the unmatched reported links, storing each channel as it finishes.

    A channel complete in an earlier scan of the month is asked conditionally, and not at all once
    the month has ended (as of `now`) and it was complete after the end (rescan.py); `refresh`
    reads every channel whole.

    progress, if given, receives dicts: {"event": "start", "total"} (sent again with a larger
    total when reported links are added), one {"event": "channel", ...} per finished channel
    (office, platform, account, status, message, posts, done, total, posts_total, errors) and
    {"event": "finish", ...}. The library never prints. per_host caps the channels collected at
    once on one host (None: by platform, Platform.per_host).
    """
    pairs = channels_to_scan(registry, districts, platforms)
    budget = Budget.from_settings(registry.settings.get("scan"))
    run_id = store.start_run(month, str(Path(registry.path).resolve()))
    scan = _Scan(registry, month, store, CollectResult(run_id, [], []), session or budget.session(), env,
                 _secrets(registry, env), per_host, sleep, progress or (lambda event: None), announced=len(pairs),
                 budget=budget, ends=time.monotonic() + budget.scan, memos=store.channel_memos(month), refresh=refresh,
                 now=now or datetime.now(timezone.utc))
    scan.emit({"event": "start", "run_id": run_id, "total": len(pairs)})
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="collect")
    try:
        scan.run(pool, pairs)
        scan.run(pool, reported_channels(registry, month, store, run_id, env, districts, platforms))
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        store.finish_run(run_id, "interrupted")
        raise
    pool.shutdown(wait=False, cancel_futures=True)  # a channel abandoned to the budget ends by its own deadline
    store.finish_run(run_id)
    result = scan.result
    result.statuses.sort(key=scan.submitted)  # the order channels were asked in, not the order they answered
    scan.emit({"event": "finish", "run_id": run_id, "done": len(result.statuses), "total": scan.total,
               "posts_total": len(result.posts), "errors": _errors(result)})
    return result


@dataclass
class _Scan:
    """One scan's shared state: where results go, the per-host limits, the progress total."""

    registry: Registry
    month: Month
    store: Store
    result: CollectResult
    session: requests.Session
    env: Mapping[str, str]
    secrets: list[str]
    per_host: int | None
    sleep: Callable[[float], None]
    emit: Progress
    announced: int = 0  # the total the last "start" event gave
    total: int = 0
    limits: dict[str, threading.Semaphore] = field(default_factory=dict)
    budget: Budget = field(default_factory=Budget)
    ends: float | None = None  # time.monotonic() when the scan's budget runs out
    memos: dict[tuple[str, str, str], ChannelMemo] = field(default_factory=dict)  # the month's earlier scans
    refresh: bool = False
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    order: dict[tuple[str, str, str], int] = field(default_factory=dict)  # channel -> when it was submitted

    def submitted(self, status: ChannelStatus) -> int:
        """A channel status's place in the order the channels were submitted."""
        return self.order.get((status.office, status.platform, status.account), len(self.order))

    def run(self, pool: ThreadPoolExecutor, pairs: list[tuple[Office, Channel]]) -> None:
        """Collect these channels concurrently; the calling thread stores each as it finishes."""
        for office, channel in pairs:
            self.order.setdefault((office.id, channel.platform, channel.account), len(self.order))
        self.total += len(pairs)
        if self.total > self.announced:  # a second batch (reported links): the progress total grows
            self.announced = self.total
            self.emit({"event": "start", "run_id": self.result.run_id, "total": self.total})
        for host, limit in host_limits([c for _, c in pairs], self.registry.settings, self.per_host).items():
            self.limits.setdefault(host, threading.Semaphore(limit))
        jobs = {pool.submit(self.job, office, channel): (office, channel) for office, channel in pairs}
        pending = set(jobs)
        while pending:
            # A request ends by its deadline; the grace covers a worker between two checks.
            left = None if self.ends is None else self.ends - time.monotonic() + BUDGET_GRACE
            done, pending = wait(pending, timeout=None if left is None else max(left, 0), return_when=FIRST_COMPLETED)
            for future in done:
                _record(self.store, self.result, future.result(), self.total, self.emit)
            if not done:  # the scan's budget is spent and these still hang: report them, do not wait
                for future in pending:
                    future.cancel()
                    _record(self.store, self.result, _out_of_budget(*jobs[future], self.secrets), self.total, self.emit)
                return

    def job(self, office: Office, channel: Channel) -> ChannelOutcome:
        memo = self.memos.get((office.id, channel.platform, channel.account))
        last = rescan.previous(memo, channel, self.refresh)
        if rescan.settled(last, self.month, self.now):
            return _reused(memo, rescan.SETTLED, 0, memo.collected_at)
        with self.limits[_host(channel, self.registry.settings)]:
            ctx = Context(session=self.session, settings=self.registry.settings, env=self.env, sleep=self.sleep,
                          collected_at=datetime.now(timezone.utc), previous=last)
            ends = time.monotonic() + self.budget.channel
            with deadline(ends if self.ends is None else min(ends, self.ends)), counting() as count:
                outcome = collect_channel(office, channel, self.month, ctx, self.secrets)
        return _finished(outcome, ctx, channel, memo, count.n)


def _finished(outcome: ChannelOutcome, ctx: Context, channel: Channel, memo: ChannelMemo | None,
              requests: int) -> ChannelOutcome:
    """The outcome with its request count and, when complete, what the next scan may reuse; a channel
    the platform said is unchanged keeps its stored posts and reads as its last complete scan did."""
    collected_at = ctx.collected_at.isoformat(timespec="seconds")
    if outcome.status.status == "ok" and ctx.unchanged and memo is not None:
        return _reused(memo, rescan.UNCHANGED, requests, collected_at, rescan.memo_of(ctx, channel))
    outcome.requests, outcome.collected_at = requests, collected_at
    if outcome.status.status == "ok":
        outcome.memo = {**rescan.memo_of(ctx, channel), "warnings": outcome.warnings}
    return outcome


def _reused(memo: ChannelMemo, why: str, requests: int, collected_at: str | None, fresh: dict | None = None) -> ChannelOutcome:
    """A channel whose stored posts stand: its last complete status and log words, nothing new to store."""
    kept = {**memo.memo, **(fresh or {}), "warnings": memo.memo.get("warnings") or []}
    return ChannelOutcome(rescan.reused_status(memo), [], list(kept["warnings"]), requests=requests, memo=kept,
                          collected_at=collected_at, reused=why)


BUDGET_GRACE = 2.0  # seconds


def _out_of_budget(office: Office, channel: Channel, secrets: Iterable[str]) -> ChannelOutcome:
    message = "the scan's time budget ran out before this channel was read; run the scan again later"
    status = ChannelStatus(office.id, channel.platform, channel.account, "error", _clean(message, secrets), Kind.BUDGET)
    return ChannelOutcome(status, [], [])


_ENV_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")


def _secrets(registry: Registry, env: Mapping[str, str]) -> list[str]:
    """Token values to remove from every message: those in the named variables, and any *_env
    "name" that is no variable name at all (a token pasted into token_env by mistake)."""
    pasted = [name for name in env_names(registry) if not _ENV_NAME.fullmatch(name)]
    return [env[name] for name in env_names(registry) if env.get(name)] + pasted


# --- the districts' reported links ------------------------------------------------------------


def readable_platforms(registry: Registry, env: Mapping[str, str]) -> set[str]:
    """Platforms whose link reader reads a post (its text) from the link alone with these settings and
    credentials (TikTok through oEmbed; YouTube when a Data API key is set). Other links can only be
    checked to open."""
    return {p.id for p in PLATFORMS.values()
            if p.reads_links and (reader := link_reader_of(p.id)) and reader.reads_posts(registry.settings, env)}


def reported_channels(registry: Registry, month: Month, store: Store, run_id: int, env: Mapping[str, str],
                      districts: Iterable[str] | None = None,
                      platforms: Iterable[str] | None = None) -> list[tuple[Office, Channel]]:
    """One "reported" link channel per district and platform, holding the reported links that no
    stored post matches and this run has not checked: read where the platform's reader can
    (readable_platforms), else checked to open. A district and platform with nothing left to read
    gets an "ok" status at once, so an earlier run's error on those links no longer counts."""
    wanted_d = set(districts) if districts is not None else None
    wanted_p = set(LINK_READERS) & (set(platforms) if platforms is not None else set(LINK_READERS))
    by_district = _reported_links(store, month, wanted_p)
    known = _known_keys(store, run_id, month) if by_district else set()
    out = []
    for office in registry.districts:
        if wanted_d is not None and office.id not in wanted_d:
            continue
        for platform, links in by_district.get(office.id, {}).items():
            unread = [url for url, keys in links if not known & keys]
            if unread:
                out.append((office, Channel(platform, REPORTED_ACCOUNT, {"links": unread, "link_channel": True, "reported": True})))
            else:
                store.save_channel(run_id, ChannelStatus(office.id, platform, REPORTED_ACCOUNT, "ok"), [])
    return out


def _reported_links(store: Store, month: Month, wanted: set[str]) -> dict[str, dict[str, list[tuple[str, set[str]]]]]:
    """district → platform → [(url, its keys)] of the month's reported links on the wanted platforms,
    once each: post links, and on a platform whose links are only checked every link (whether an
    account page or a short link opens, and where it leads, is for reconciliation to know)."""
    from auditor.text.urls import link_or_none

    out: dict[str, dict[str, list[tuple[str, set[str]]]]] = {}
    seen: set[tuple[str, str]] = set()
    for report in store.self_reports(month) if wanted else ():
        for link, url in ((link_or_none(u), u) for u in report.urls):
            if (link and link.platform in wanted and (link.is_post or not PLATFORMS[link.platform].reads_links)
                    and (report.district, link.key) not in seen):
                seen.add((report.district, link.key))
                out.setdefault(report.district, {}).setdefault(link.platform, []).append((url, set(link.keys)))
    return out


def _known_keys(store: Store, run_id: int, month: Month) -> set[str]:
    """Keys of the month's stored posts, those the month's scans saw just outside it included (URL,
    id and links), and of every link this run has checked. Other months' posts cannot count here,
    so they are not read: the store grows every month."""
    from auditor.store import link_keys
    from auditor.text.urls import post_keys

    keys = store.checked_keys(run_id)
    for post in store.posts_for_month(month) + store.posts_outside_month(month):
        keys |= post_keys(post)
        keys.update(key for url in post.links for key in link_keys(url))
    return keys


def _record(store: Store, result: CollectResult, outcome: ChannelOutcome, total: int, emit: Progress) -> None:
    store.save_channel(result.run_id, outcome.status, outcome.posts_with_raw, outcome.gone, outcome.checks,
                       requests=outcome.requests, memo=outcome.memo, collected_at=outcome.collected_at)
    result.statuses.append(outcome.status)
    result.posts.extend(post for post, _ in outcome.posts_with_raw)
    result.warnings.extend(outcome.warnings)
    s = outcome.status
    result.notes += [{**Note(DataNote.CHANNEL, {"office": s.office, "platform": s.platform, "account": s.account,
                                               "note": n.to_dict()}).to_dict(), "message": message}
                     for n, message in zip(s.notes, outcome.warnings)]
    s = outcome.status
    result.requests.append({"office": s.office, "platform": s.platform, "account": s.account,
                            "requests": outcome.requests, "reused": outcome.reused})
    emit({"event": "channel", "office": s.office, "platform": s.platform, "account": s.account,
          "status": s.status, "message": s.message, "posts": len(outcome.posts_with_raw),
          "requests": outcome.requests, "reused": outcome.reused,
          "done": len(result.statuses), "total": total, "posts_total": len(result.posts), "errors": _errors(result)})


def _errors(result: CollectResult) -> int:
    return sum(1 for s in result.statuses if s.status == "error")


def collect_channel(office: Office, channel: Channel, month: Month, ctx: Context,
                    secrets: Iterable[str] = ()) -> ChannelOutcome:
    """Fetch and normalize one channel; never raises for collector failures, it reports them in the status."""
    def outcome(status: str, message: str, items: list[tuple[Post, dict]], kind: str = "",
                params: dict | None = None) -> ChannelOutcome:
        status = ChannelStatus(office.id, channel.platform, channel.account, status, _clean(message, secrets), kind,
                               _clean_params(params or {}, secrets),
                               tuple(Note(n.code, _clean_params(n.params, secrets)) for n in ctx.notes))
        return ChannelOutcome(status, items, _prefixed(office, channel, ctx.warnings, secrets), list(ctx.gone),
                              list(ctx.checks))

    collector = collector_for(channel)
    if collector is None:  # channels_to_scan leaves self-reported platforms out; a caller may not
        return outcome("error", f"no collector for platform {channel.platform}", [], Kind.NO_COLLECTOR,
                       {"platform": channel.platform})
    items: list[tuple[Post, dict]] = []
    try:
        check_budget()
        for raw in collector.fetch(channel, month, ctx):
            _normalize(collector, raw, channel, office, ctx, items)
    except CollectorError as exc:
        return outcome("error", exc.cause, items, exc.kind, exc.params)
    except BudgetExceeded as exc:
        return outcome("error", str(exc), items, exc.kind)
    except Exception as exc:  # a collector bug must not stop the scan of other channels
        message = _unexpected(exc)
        kind = Kind.NO_RECORDING if message == NO_RECORDING else Kind.BUG
        return outcome("error", message, items, kind, {} if kind == Kind.NO_RECORDING else {"error": type(exc).__name__})
    return outcome("partial" if ctx.partial else "ok", "; ".join(ctx.warnings), items, Kind.PARTIAL if ctx.partial else "")


NO_RECORDING = "no recording of this request in the replay bundle"


def _unexpected(exc: Exception) -> str:
    # vcrpy (--replay, record mode none) refuses a request it has no recording of; say so plainly
    # instead of its multi-line message with a temporary cassette path.
    if unrecorded(exc):
        return NO_RECORDING
    return f"unexpected {type(exc).__name__}: {exc}"


def collector_for(channel: Channel) -> Collector | None:
    """The platform's collector, or for a link channel its LinkReader wrapped as a collector."""
    if channel.option("link_channel"):
        reader = link_reader_of(channel.platform)
        return LinkCollector(reader) if reader is not None else None
    return collector_of(channel.platform)


def _normalize(collector: Collector, raw: dict, channel: Channel, office: Office, ctx: Context,
               items: list[tuple[Post, dict]]) -> None:
    try:
        post = collector.to_post(raw, channel, office)
    except Exception as exc:  # one bad item is reported and skipped; the channel goes on
        item_id = raw.get("id", "?") if isinstance(raw, dict) else "?"
        ctx.note(ChannelNote.ITEM_SKIPPED, f"item {item_id} skipped: {type(exc).__name__}: {exc}", item=str(item_id))
        return
    garbled = garbled_reason(post.text) if post is not None else None
    if garbled:
        # Mojibake or replacement characters: the body was decoded wrongly somewhere. Never store it
        # over a good copy, never count it; the channel is partial so its rules are unknown.
        ctx.mark_partial(ChannelNote.GARBLED_ITEM, f"item {post.post_id} skipped: {garbled}", item=post.post_id)
        return
    if post is not None and channel.option("reported"):
        post = replace(post, collector=f"{post.collector or channel.platform} (reported link)")
    if post is not None and post.collected_at is None:
        post = replace(post, collected_at=ctx.collected_at)
    if post is not None:
        items.append((post, raw))


def _clean(message: str, secrets: Iterable[str]) -> str:
    message = redact(message)
    for secret in secrets:
        message = message.replace(secret, "REDACTED")
    return message


def _clean_params(params: dict, secrets: Iterable[str]) -> dict:
    """Parameters as stored: strings redacted like messages (a URL may carry a token)."""
    return {k: _clean(v, secrets) if isinstance(v, str) else v for k, v in params.items()}


def _prefixed(office: Office, channel: Channel, warnings: list[str], secrets: Iterable[str]) -> list[str]:
    return [_clean(f"{office.id} {channel.platform} {channel.account}: {w}", secrets) for w in warnings]


def host_limits(channels: Iterable[Channel], settings: Mapping[str, dict], per_host: int | None = None) -> dict[str, int]:
    """How many channels may be collected at once on each host: per_host when given, else by
    platform (Platform.per_host); a host two platforms share gets the smaller limit."""
    limits: dict[str, int] = {}
    for channel in channels:
        limit = per_host or PLATFORMS[channel.platform].per_host
        host = _host(channel, settings)
        limits[host] = min(limits.get(host, limit), limit)
    return limits


def _host(channel: Channel, settings: Mapping[str, dict]) -> str:
    """The host a channel's requests go to, for the per-host concurrency limit."""
    if channel.account.startswith(("http://", "https://")):
        return urlsplit(channel.account).netloc.lower()
    section = settings.get(channel.platform) or {}
    for key in ("base_url", "feed_base_url", "oembed_url", "api_base_url"):
        if section.get(key):
            return urlsplit(section[key]).netloc.lower()
    # Link channels of a platform with an API (TikTok oEmbed, YouTube) share that API's limit
    # whatever host their links name; website links are checked on their own site.
    if channel.option("link_channel") and channel.platform == "website":
        return urlsplit(channel.option("links")[0]).netloc.lower()
    return channel.platform
