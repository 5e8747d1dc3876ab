"""Library entry points the CLI calls: audit a month from posts, write the outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from auditor import files
from auditor.codes import LINES_SHOWN, DataNote, Kind, LineCode, Note, TodoCode
from auditor.heap import collector_paused
from auditor.rules.checks import MonthData
from auditor.selfreport.imports import CUMULATIVE_METRICS
from auditor.rules.engine import evaluate, to_scorecards
from auditor.models import Account, ChannelStatus, Post
from auditor.period import BANGKOK, Month, parse_timestamp
from auditor.platforms import PLATFORMS as PLATFORM_TABLE
from auditor.posts_io import LineError
from auditor.registry import REPORTED_ACCOUNT, Registry, configured_channels
from auditor.rules.ruleset import Ruleset
from auditor.text.safe import scrubbed_json

EXIT_PASS, EXIT_FAIL, EXIT_USAGE, EXIT_INCOMPLETE, EXIT_BUSY = 0, 1, 2, 3, 4


@dataclass
class MonthAudit:
    scorecards: dict
    line_errors: list[LineError] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return exit_code(self.scorecards)


@collector_paused()
def audit_month(posts: list[Post], registry: Registry, ruleset: Ruleset, month: Month, *,
                statuses: list[ChannelStatus] | None = None, districts: list[str] | None = None,
                line_errors: list[LineError] | None = None, data: MonthData | None = None,
                evidence=None, checks=None, warnings: list | None = None,
                configured: dict[str, set[str]] | None = None, posts_file: str | Path | None = None) -> MonthAudit:
    """Evaluate posts for a month and build the scorecards document.

    data carries the month's imported self-reports and figures, targets and --as-of; checks is
    what the scans learned about links (reconcile.stored_checks: url -> check or None). Nothing
    here makes a request: a link no scan checked is "not checked". warnings are notes on the
    month's data: codes.Note (the target table's) or {code, params, message} dicts (a scan's
    channel notes). configured maps each district to the platforms it has a channel on
    (configured_platforms); None (a posts file) does not judge configuration. posts_file names the
    file the posts were read from (`check --posts`): scorecards.json says so, and so does the store,
    which does not keep those posts (an override cannot re-evaluate the month from it).

    The engine and reconciliation hand over codes; the message fields of scorecards.json
    (detail, missing_th, notes, reasons) are worded from them by auditor.present.phrase.
    """
    from auditor.present.phrase import data_notes, phrase_scorecards
    from auditor.selfreport.reconcile import first_check, stored_resolver

    data = data or MonthData()
    verify = first_check(checks)
    links = {"verify": verify, "resolve_link": stored_resolver(verify)}
    posts = list(posts) + self_reported_posts(data, ruleset, month, verify)
    unread = unread_lines(line_errors or [], registry, month)
    if unread:  # lines of the posts file not read are posts not collected: their districts' rules undecided
        statuses = list(statuses or []) + skipped_line_statuses(unread, registry)
    ev = evaluate(posts, registry, ruleset, month, statuses, districts, data, configured)
    cards = to_scorecards(ev, as_of=data.as_of, skipped_lines=len(line_errors or []), evidence=evidence)
    notes = list(warnings or []) + skipped_line_notes(line_errors or [], unread) + [_not_applied(o) for o in ev.not_applied]
    cards["warnings"] = data_notes(notes)
    cards["province"] = {k: registry.province[k] for k in ("id", "name_th", "name_en") if k in registry.province}
    if posts_file is not None:
        cards["posts_file"] = Path(posts_file).name  # its name only: the document is published
    outside = [_outside_dict(p) for p in posts if not month.contains(p.published_at)]
    for card in cards["districts"]:
        _reconcile_card(card, data, links, outside)
        if data.as_of:
            card["days_left"] = max(0, (month.end - data.as_of).days)  # whole days after the as-of instant
    phrase_scorecards(cards)
    return MonthAudit(cards, list(line_errors or []))


class LineGroup(NamedTuple):
    """Where a posts file's unread lines may belong: a district (None: they name none, so any district)
    and a platform id ("*": not known, so any platform)."""

    district: str | None
    platform: str


def unread_lines(line_errors: list[LineError], registry: Registry, month: Month) -> dict[LineGroup, list[LineError]]:
    """A posts file's skipped lines that may bear on the month, by the district and platform they may be on.

    A line stands for the district it names: its district (as people write one: an id or a Thai or
    English name in any case, or near one), else its account's office, else the office hashtag or
    name in its text; on its platform when that is a platform id ("*" otherwise: any). Lines that
    name no district may be any district's. Left out: a line whose time is readable and outside the
    month (it cannot change the month), and one read whole whose district is none of the registry's,
    nor near one, and which points at none that is (another province's post).
    """
    if not line_errors:
        return {}
    district_of = _district_finder(registry)
    groups: dict[LineGroup, list[LineError]] = {}
    for e in line_errors:
        if _outside(e.clues, month):
            continue
        district = district_of(e.clues)
        if district is None and e.code == LineCode.UNKNOWN_DISTRICT:
            continue
        groups.setdefault(LineGroup(district, _platform_of(e.clues)), []).append(e)
    return groups


def skipped_line_statuses(unread: dict[LineGroup, list[LineError]], registry: Registry) -> list[ChannelStatus]:
    """Skipped lines as channels not fully collected (Kind.POSTS_FILE), so that the rules they could
    change are unknown, never failed: failing to read a post is not the district's doing. One status
    per district and platform however many lines or accounts; it says how many lines (one post each
    at most), so a rule short of more than that still fails (engine._may_close)."""
    named: dict[str, dict[str, list[LineError]]] = {}
    anywhere: dict[str, list[LineError]] = {}
    for group, errors in unread.items():
        (anywhere if group.district is None else named.setdefault(group.district, {}))[group.platform] = errors
    everyone = {platform: _unread_params(errors, True) for platform, errors in anywhere.items()}  # worked out once
    statuses = []
    for office in registry.districts:
        own = named.get(office.id, {})
        for platform in sorted(own.keys() | anywhere.keys(), key=_platform_order):
            params = (everyone[platform] if platform not in own
                      else _unread_params(own[platform] + anywhere.get(platform, []), platform in anywhere))
            statuses.append(_unread_status(office.id, platform, params))
    return statuses


def _outside(clues: dict, month: Month) -> bool:
    """The line's time is readable and outside the month."""
    try:
        return not month.contains(parse_timestamp(clues["published_at"]))
    except (KeyError, ValueError):
        return False


def _platform_of(clues: dict) -> str:
    """The platform id a skipped line names; "*" when it names none the platform table knows
    ("Facebook", "fb": what its post is on cannot be told)."""
    platform = clues.get("platform")
    return platform if platform in PLATFORM_TABLE else "*"


def _platform_order(platform: str) -> int:
    return list(PLATFORM_TABLE).index(platform) if platform in PLATFORM_TABLE else len(PLATFORM_TABLE)


def _district_finder(registry: Registry):
    """clues -> the district a skipped line names, as the engine would attribute its post; None if none.
    Its district is read as --district and the report sheets read one (DistrictIndex), once per value."""
    from auditor.rules.attribution import Attributor
    from auditor.selfreport.imports import DistrictIndex

    attributor, index = Attributor(registry), DistrictIndex(registry)
    named = lru_cache(maxsize=None)(lambda value: _named_district(index, value))
    near = lru_cache(maxsize=None)(index.closest)

    def district_of(clues: dict) -> str | None:
        value = clues.get("district") or ""
        if value and (found := named(value)):
            return found
        if found := _account_district(registry, _platform_of(clues), clues.get("account") or ""):
            return found
        if value and (found := near(value)):  # a guess: after what the account says for sure
            return found
        found = attributor.attribute_text(clues["text"]) if clues.get("text") else None
        return found.district if found is not None else None
    return district_of


def _named_district(index, value: str) -> str | None:
    """The registry's district a line's district field names exactly (id, Thai or English name, any case)."""
    try:
        return index.resolve(value)
    except ValueError:
        return None


def _account_district(registry: Registry, platform: str, account: str) -> str | None:
    """The district whose channel the account is: on the line's platform, or on any when it is not known."""
    if not account:
        return None
    offices = {registry.office_for_account(p, account) for p in ([platform] if platform != "*" else PLATFORM_TABLE)}
    districts = {o.id for o in offices if o is not None and o.is_district}
    return districts.pop() if len(districts) == 1 else None


def _lines_params(errors: list[LineError]) -> dict:
    """The file, the first LINES_SHOWN line numbers, how many lines and how many more than shown."""
    lines = sorted(e.line for e in errors)
    return {"file": errors[0].path, "lines": lines[:LINES_SHOWN], "n": len(lines), "more": max(0, len(lines) - LINES_SHOWN)}


def _unread_params(errors: list[LineError], anywhere: bool) -> dict:
    """A posts-file status's params: its lines; how many posts they may hold (one a line, unless a
    line holds several); whether some name no district."""
    params = _lines_params(errors)
    return {**params, "missing_at_most": sum(e.clues.get("posts", 1) for e in errors), "unattributed": anywhere}


def _unread_status(office: str, platform: str, params: dict) -> ChannelStatus:
    message = (f"{params['n']} line(s) of the posts file {params['file']} could not be read "
               f"(line {', '.join(map(str, params['lines']))}{'…' if params['more'] else ''})")
    return ChannelStatus(office, platform, "", "partial", message, Kind.POSTS_FILE, params)


def skipped_line_notes(line_errors: list[LineError], unread: dict[LineGroup, list[LineError]]) -> list[Note]:
    """The overview's notes on a posts file's skipped lines: which file and lines, and those that
    name no district (a district that did not pass may then be incomplete)."""
    if not line_errors:
        return []
    notes = [Note(DataNote.POSTS_FILE_LINES, _lines_params(line_errors))]
    anywhere = [e for group, errors in unread.items() if group.district is None for e in errors]
    if anywhere:
        notes.append(Note(DataNote.POSTS_FILE_ANY_DISTRICT, _lines_params(anywhere)))
    return notes


def _not_applied(o) -> Note:
    """A note for the overview: an override whose post, activity or rule is not in the month (kept, not dropped)."""
    return Note(DataNote.OVERRIDE_NOT_APPLIED, {"id": o.id, "action": str(o.action), "target": o.target,
                                                "district": o.district or ""})


def audit_stored_month(store, registry: Registry, ruleset: Ruleset, month: Month, out_dir: Path, *,
                       districts: list[str] | None = None, data: MonthData | None = None,
                       warnings: list | None = None,
                       templates: str | Path | None = None, pretty: bool = False, on_pdfs=None) -> MonthAudit:
    """Audit the posts and channel statuses the store holds for the month and write every output
    (write_outputs, which calls `on_pdfs` when it removed or kept PDFs of other scorecards).

    Posts the month's scans saw just outside the month are passed too: the engine leaves them
    out and counts them (summary.outside_month), so the reader sees they were seen and excluded.
    """
    from auditor.selfreport.reconcile import stored_checks

    posts = store.posts_for_month(month) + store.posts_outside_month(month)
    statuses = stored_statuses(store, registry, month)
    result = audit_month(posts, registry, ruleset, month, statuses=statuses,
                         districts=districts, data=data, evidence=lambda p: store.evidence_captured(p.platform, p.post_id),
                         checks=stored_checks(store), warnings=list(warnings or []) + channel_notes(statuses),
                         configured=configured_platforms(registry))
    result.written += write_outputs(result.scorecards, month_dir(out_dir, month), store=store, templates=templates,
                                    base_url=registry.report_base_url, pretty=pretty, on_pdfs=on_pdfs)
    return result


def stored_statuses(store, registry: Registry, month: Month) -> list[ChannelStatus]:
    """The latest status of each channel the config lists now (channels since removed do not count),
    and of each district's reported links when reading them failed or found something to say. A
    channel a scan collects that no scan of the month has read (a scan narrowed by --district or
    --platform, a channel added since) is not collected (Kind.NOT_SCANNED): its rules are unknown,
    never failed for want of posts nobody looked for."""
    wanted = configured_channels(registry)
    districts = {o.id for o in registry.districts}
    statuses = [s for s in store.latest_statuses(month) if (s.office, s.platform, s.account) in wanted
                or (s.account == REPORTED_ACCOUNT and s.office in districts and (not s.complete or s.message))]
    read = {(s.office, s.platform, s.account) for s in statuses}
    return statuses + [ChannelStatus(office.id, channel.platform, channel.account, "error", kind=Kind.NOT_SCANNED)
                       for office, channel in registry.scanned_channels()
                       if (office.id, channel.platform, channel.account) in wanted - read]


def channel_notes(statuses: list[ChannelStatus]) -> list:
    """The month's channels' notes as notes on its data, each once. They come from the stored
    statuses, so a scan, a narrowed scan, a second scan and a `check` list the same ones; a note a
    district's reported-link channel repeats (a dead link its own channel found too) is left out."""
    seen, out = set(), []
    for s in sorted(statuses, key=lambda s: s.account == REPORTED_ACCOUNT):
        for note in s.notes:
            key = (s.office, s.platform, note.code, repr(sorted(note.params.items())))
            if key not in seen:
                seen.add(key)
                out.append(Note(DataNote.CHANNEL, {"office": s.office, "platform": s.platform, "account": s.account,
                                                   "note": note.to_dict()}))
    return out


def configured_platforms(registry: Registry) -> dict[str, set[str]]:
    """District id → the platforms it has a channel on (its listed post links included). The
    provincial office's channels are not a district's: a district with none of its own was not looked at."""
    out: dict[str, set[str]] = {o.id: set() for o in registry.districts}
    for office, platform, _ in configured_channels(registry):
        if office in out:
            out[office].add(platform)
    return out


def load_month_data(registry: Registry, month: Month, store=None, as_of: datetime | None = None,
                    now: datetime | None = None, targets: bool = True) -> tuple[MonthData, list[str]]:
    """The month's imported reports and figures (None where nothing was imported), targets, and warnings.

    `now` is when the audit runs (default: the clock): a report whose deadline has not come is
    not yet late. With targets=False (a ruleset without target rules) the targets table is not
    read, so its warnings do not distract.
    """
    from auditor.selfreport.targets import TargetTable, targets_for

    table = targets_for(registry) if targets else TargetTable({}, [], "")
    reports = figures = None
    if store is not None and store.has_self_reports(month):
        reports = {}
        for r in store.self_reports(month):
            reports.setdefault(r.district, []).append(r)
    if store is not None and store.has_figures(month):
        figures = store.figures(month)
    warnings = list(table.warnings)
    if targets and not table.source:
        warnings.append(Note(DataNote.NO_TARGETS, {"province": registry.province.get("name_th", "")}))
    carried = {}
    if store is not None:
        figures, carried, notes = running_totals(figures, store.figures_before(month, CUMULATIVE_METRICS), str(month))
        warnings += notes
    now = now or datetime.now(month.tz)
    overrides = tuple(store.effective_overrides(month)) if store is not None else ()
    return MonthData(month, reports, figures, table.targets, as_of, now, overrides, table.source, carried), warnings


def running_totals(figures: dict | None, earlier: dict, month: str) -> tuple[dict | None, dict, list[Note]]:
    """Running totals (CUMULATIVE_METRICS) against each district's latest earlier month: a month
    without one carries the earlier total forward (marked); one below it cannot be right, so the
    earlier total is carried forward too, with a note naming both months."""
    carried: dict[str, dict[str, str]] = {}
    notes = []
    out = {d: dict(values) for d, values in (figures or {}).items()}
    for district, metrics in earlier.items():
        for metric, (previous_month, previous) in metrics.items():
            value = out.get(district, {}).get(metric)
            params = {"district": district, "metric": metric, "month": month, "previous_month": previous_month}
            if value is not None and value < previous:
                notes.append(Note(DataNote.FIGURE_FELL, {**params, "value": value, "previous": previous}))
            if value is None or value < previous:
                out.setdefault(district, {})[metric] = previous
                carried.setdefault(district, {})[metric] = previous_month
    return (out if out or figures is not None else None), carried, notes


def self_reported_posts(data: MonthData, ruleset: Ruleset, month: Month, verify=None) -> list[Post]:
    """Report rows whose links point at a channel with no reading API (LINE) become self-reported posts.

    With `verify` (a scan's stored check), a link that does not open is left out, and
    reconciliation lists it as a problem; a link nobody checked is taken as the district's evidence.
    """
    from auditor.text.urls import link_or_none

    platforms = set(ruleset.parameters.get("self_reported_platforms", ()))
    out = []
    for district, rows in (data.reports or {}).items():
        for r in rows:
            for link in filter(None, map(link_or_none, r.urls)):
                if link.platform in platforms and link.is_post and _alive(link.canonical, verify):
                    out.append(_self_post(district, r, link, month))
    return out


def _alive(url: str, verify) -> bool:
    if verify is None:
        return True
    try:
        check = verify(url)
    except Exception:  # could not check: the district's evidence stands, as offline
        return True
    return check is None or bool(check.ok)


def _self_post(district: str, report, link, month: Month) -> Post:
    day = report.activity_date
    when = datetime(day.year, day.month, day.day, 12, tzinfo=BANGKOK) if day else None
    if when is None or not month.contains(when):
        when = month.start.replace(hour=12)  # the row is about this month; its date is not
    post = Post(platform=link.platform, post_id=link.key, url=link.canonical,
                account=Account(f"{district}:self-reported", "รายงานเองโดยอำเภอ"), published_at=when, text=report.title,
                district=district, collector="self-report")
    post.extra["self_reported"] = True
    return post


def _outside_dict(post: Post) -> dict:
    """A post seen outside the audited month, as reconcile matches it (never 'unreported')."""
    return {"platform": post.platform, "post_id": post.post_id, "url": post.url, "kind": "unrelated",
            "counted": False, "outside_month": True, "published_at": post.published_at.isoformat()}


def _reconcile_card(card: dict, data: MonthData, links: dict, outside: list[dict] = ()) -> None:
    """The three lists a district page shows: reported and verified, reported but not found or
    not compliant, found but not reported. Only when a report sheet was imported. A reported link
    to a post published outside the month (e.g. 00:30 on the 1st of the next month) says so."""
    from auditor.selfreport.reconcile import ReportedLink, reconcile

    if data.reports is None:
        return
    reported = [ReportedLink(card["district"], url, r.title, r.channel, r.activity_date, r.row, r.source)
                for r in data.reports.get(card["district"], []) for url in r.urls]
    card["reconciliation"] = reconcile(reported, card["posts"] + list(outside), **links).to_dict()


def month_dir(out_dir: str | Path, month: Month) -> Path:
    return Path(out_dir) / str(month)


def write_scorecards(scorecards: dict, directory: Path, pretty: bool = False) -> Path:
    """Write scorecards.json (UTF-8, Thai unescaped, text no output can hold scrubbed) into the
    month's directory: compact, or indented with pretty (three times slower and twice the size on
    a nationwide month)."""
    return write_json_bytes(directory, scrubbed_json(scorecards, _indent(pretty))[1])


def _indent(pretty: bool) -> int | None:
    return 2 if pretty else None


def write_json_bytes(directory: Path, data: bytes) -> Path:
    """scorecards.json, whole or not at all, ending in a newline (written after the data: a
    nationwide month's 40 MB are not copied to add it)."""
    path = Path(directory) / "scorecards.json"
    with files.atomic_file(path) as fh:
        fh.write(data)
        fh.write(b"\n")
    return path


def exit_code(scorecards: dict) -> int:
    """0 every district passed, 1 a district failed, 3 none failed but some are incomplete.
    A month in progress (--as-of) never exits 1: 0 every district on track and fully collected,
    3 some district behind, or a channel not collected or not configured."""
    if any(d.get("progress") for d in scorecards["districts"]):
        unseen = (TodoCode.RECHECK, TodoCode.NOT_CONFIGURED)
        behind = any(d.get("progress") == "behind" or d.get("errors")
                     or any((r.get("todo") or {}).get("code") in unseen for r in d.get("rules") or [])
                     for d in scorecards["districts"])
        return EXIT_INCOMPLETE if behind else EXIT_PASS
    verdicts = {d["verdict"] for d in scorecards["districts"]}
    if "fail" in verdicts:
        return EXIT_FAIL
    return EXIT_INCOMPLETE if "incomplete" in verdicts else EXIT_PASS


@collector_paused()
def write_outputs(scorecards: dict, directory: Path, *, store=None, thai_digits: bool = False,
                  templates: str | Path | None = None, base_url: str | None = None,
                  pretty: bool = False, on_pdfs=None) -> list[Path]:
    """scorecards.json (indented with pretty), the HTML pages and the CSV/XLSX exports for one month; keep a copy in the store.
    The month's PDFs that were printed from other scorecards are removed, and those with no
    record of what they were printed from are kept (present.pdf.drop_stale); when there were
    any, `on_pdfs` is called with what was found (a present.pdf.Tidy).

    Each file is written whole or not at all (auditor.files); text that no output format can hold
    (a lone surrogate, a control character in a post) is scrubbed first (auditor.text.safe).
    On a large month the exports are written by a child process meanwhile (_exports_in_child),
    which has ended when this returns. The cyclic collector is paused throughout (auditor.heap):
    the month's documents are no garbage, and walking them found nothing to free.
    """
    from auditor.present.export import export_paths, write_exports
    from auditor.present.pdf import drop_stale, scorecards_key
    from auditor.present.report import render_month

    scorecards, data = scrubbed_json(scorecards, _indent(pretty))  # walked only when something needs scrubbing
    child = _start_exports_child(scorecards, directory) if _exports_in_child(scorecards) else None
    try:
        written = [write_json_bytes(directory, data)]
        if store is not None:
            store.save_scorecards(scorecards["month"], scorecards, None if pretty else data)
        # PDFs printed from other scorecards are removed, not left beside the new pages: --pdf
        # (or notify) prints them again from these
        tidy = drop_stale(directory, scorecards_key(scorecards, None if pretty else data))
        if tidy and on_pdfs is not None:
            on_pdfs(tidy)
        history, months = stored_history(scorecards, store)
        written += render_month(scorecards, directory, history=history, months_present=months, thai_digits=thai_digits,
                                templates=templates, base_url=base_url)
        exported = child is not None and _finished(child)
    except BaseException:
        _stop(child)
        raise
    # A child that failed is not asked why: writing the exports here raises the error exactly as
    # a run without a child does (or writes them, if the cause has passed).
    return written + (export_paths(directory) if exported else write_exports(scorecards, directory))


EXPORTS_CHILD_MIN_POSTS = 5000  # below it, the exports take less than forking and waiting cost


def _exports_in_child(scorecards: dict) -> bool:
    """Whether to write the exports in a forked child while this process renders the HTML: a large
    month, on Linux (fork), in a process with no other thread (a fork copies only the forking
    thread, so a lock another thread held, e.g. by a scan's collectors, would stay held forever)."""
    if sum(len(d.get("posts") or ()) for d in scorecards.get("districts", [])) < EXPORTS_CHILD_MIN_POSTS:
        return False  # decided before multiprocessing is imported, which a small month never needs
    import multiprocessing
    import sys
    import threading

    return (sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def _start_exports_child(scorecards: dict, directory: Path):
    """A forked child process writing the CSV/XLSX exports (the scorecards are inherited, not copied)."""
    import multiprocessing

    child = multiprocessing.get_context("fork").Process(target=_exports_child, args=(scorecards, directory),
                                                        name="auditor-exports", daemon=True)
    child.start()
    return child


def _exports_child(scorecards: dict, directory: Path) -> None:
    """The child's work: exit 0 when both files are written, 1 on any error (auditor.files has
    then removed its temporary file; the parent raises the error itself)."""
    import gc
    import signal
    import sys

    from auditor.present.export import write_exports

    signal.signal(signal.SIGTERM, _exit_on_signal)  # stopped by the parent: still leave no temporary file
    gc.freeze()  # the inherited month is never garbage: collections need not walk (and copy) its pages
    try:
        write_exports(scorecards, directory)
    except BaseException:
        sys.exit(1)


def _exit_on_signal(signum, frame):
    raise SystemExit(1)


def _finished(child) -> bool:
    """Wait for the exports child (reaping it); whether it wrote both files."""
    child.join()
    return child.exitcode == 0


def _stop(child) -> None:
    """Stop the exports child, if any, and reap it (its temporary file is removed on the way out)."""
    if child is not None:
        child.terminate()
        child.join()


def stored_history(scorecards: dict, store=None) -> tuple[dict[str, dict[str, str]], list[str]]:
    """Earlier months' verdicts (month → district → verdict, from the store's month summary, for the
    trend) and every month the store holds (for the links). No earlier scorecards are loaded."""
    from auditor.present.views import TREND_MONTHS

    if store is None:
        return {}, [scorecards["month"]]
    return store.month_verdicts(scorecards["month"], TREND_MONTHS - 1), store.months_present()


def write_pdfs(scorecards: dict, directory: Path, *, store=None, thai_digits: bool = False,
               templates: str | Path | None = None, base_url: str | None = None, only=None,
               province: bool = True) -> list[Path]:
    """districts/<id>.pdf (every district, or those in `only`) and province.pdf (unless
    province=False) for one month (raises ChromiumMissing without a browser)."""
    from auditor.present.pdf import write_month_pdfs

    history, months = stored_history(scorecards, store)
    return write_month_pdfs(scorecards, directory, history=history, months_present=months, thai_digits=thai_digits,
                            templates=templates, base_url=base_url, only=only, province=province)


def year_results(store, year: str | int, districts: list[str] | None = None):
    """A fiscal year's totals (present.yearly.YearResults) from the store's month summary only;
    with `districts`, only theirs."""
    from auditor.period import fiscal_year
    from auditor.present.yearly import year_results as totals

    gregorian, months = fiscal_year(year)
    rows = [r for r in store.month_summary(str(months[0]), str(months[-1])) if districts is None or r.district in districts]
    metas = {m: meta for m in sorted({r.month for r in rows}) if (meta := store.month_meta(m))}
    return totals(gregorian, months, rows, metas)


def write_year_summary(store, year: str | int, out_dir: str | Path, *, thai_digits: bool = False,
                       templates: str | Path | None = None, districts: list[str] | None = None) -> list[Path]:
    """OUT/fy<BE year>/: index.html, districts/<id>.html and summary-<BE year>.xlsx of a fiscal year."""
    from auditor.present.report import render_year
    from auditor.present.yearly import write_year_xlsx

    results = year_results(store, year, districts)
    directory = Path(out_dir) / f"fy{results.label_be}"
    written = render_year(results, directory, thai_digits=thai_digits, templates=templates)
    written.append(write_year_xlsx(results, directory / f"summary-{results.label_be}.xlsx"))
    return written


def replay_cassette(directory: Path, into: Path) -> Path:
    """Merge every recording under `directory` into one cassette file, so a scan replays them all."""
    import yaml

    interactions = []
    for path in sorted(directory.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        interactions.extend(data.get("interactions", []) if isinstance(data, dict) else [])
    into.write_text(yaml.safe_dump({"interactions": interactions, "version": 1}, allow_unicode=True), encoding="utf-8")
    return into
