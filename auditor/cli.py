"""The command line: each command opens its inputs, calls one library function, and turns a
library error into a clear message and exit code. Only this module talks to the terminal."""

from __future__ import annotations

import atexit
import difflib
import functools
import json
import os
import re
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from auditor import __version__, heap
from auditor.audit import (
    EXIT_BUSY, EXIT_USAGE, audit_month, audit_stored_month, load_month_data, month_dir, replay_cassette, write_outputs, write_pdfs,
)
from auditor.errors import AuditorError, StoreBusy
from auditor.period import Month, parse_month, parse_month_arg
from auditor.codes import LINES_SHOWN, UsageCode
from auditor.platforms import PLATFORMS
from auditor.posts_io import read_posts
from auditor.present.words import operator
from auditor.registry import Registry, load_registry
from auditor.rules.ruleset import load_ruleset

if TYPE_CHECKING:  # rich is imported by the commands that draw a table or a progress bar
    from rich.table import Table

VERDICT_STYLE = {"pass": "green", "fail": "red", "incomplete": "yellow", "unknown": "yellow", "on_track": "green",
                 "behind": "yellow"}
DEFAULT_OUT = "auditor-data/reports"
DEFAULT_DB = "auditor-data/auditor.db"
DEFAULT_LOCK_WAIT = 60  # seconds a run waits for another run on the same store to finish
PLATFORM_CHOICES = tuple(p.id for p in PLATFORMS.values() if p.configurable)  # the platforms a config can list


class AuditorClickError(click.ClickException):
    """A usage, config or input error: exit code 2. Shown Thai first, the English on its own line."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, english: str | None = None):
        super().__init__(message)
        self.english = english

    def show(self, file=None) -> None:
        th, en = operator.LINES["error"]
        click.echo(f"{th}: {self.message}", file=file, err=file is None)
        if self.english and self.english != self.message:
            click.echo(f"{en}: {self.english}", file=file, err=file is None)


class BusyClickError(AuditorClickError):
    """Another run holds the store: exit code 4, distinct from the audit's verdicts and from bad input."""

    exit_code = EXIT_BUSY


def _said(code: str, **params) -> AuditorClickError:
    """The usage error of an operator code (auditor.codes.UsageCode), worded by the catalog."""
    return AuditorClickError(*operator.say(code, params))


def _echo_pair(label: str, th: str, en: str) -> None:
    """A message on stderr, Thai first; the English on the next line, for logs and scripts."""
    th_label, en_label = operator.LINES[label]
    if th == en:
        click.echo(f"{th_label} ({en_label}): {en}", err=True)
    else:
        click.echo(f"{th_label}: {th}\n  {en_label}: {en}", err=True)


def _locked(creates_store: bool):
    """Run a command holding its store's lock (--db), so that two runs on one store never overlap.
    Commands that only read an existing store take no lock when there is none (nothing to protect,
    and no folder is created for it)."""
    def wrap(command):
        @functools.wraps(command)
        def run(*args, **kwargs):
            db_path = kwargs["db_path"]
            if not creates_store and not Path(db_path).is_file():
                return command(*args, **kwargs)  # the store module (sqlite3, filelock) is not even imported
            from auditor.store import store_lock

            ctx = click.get_current_context()
            wait = ctx.find_root().params.get("lock_wait", DEFAULT_LOCK_WAIT)
            try:
                # held until the command's context closes, after the store it opened is closed
                # (_open_store's call_on_close, run first): the next run never meets a closing store
                ctx.with_resource(store_lock(db_path, wait))
            except StoreBusy as exc:
                raise BusyClickError(*operator.error(exc)) from None
            return command(*args, **kwargs)
        return run
    return wrap


def _fail(exc: Exception) -> AuditorClickError:
    return AuditorClickError(*operator.error(exc))


def _month(ctx, param, value) -> Month | None:
    if value is None:
        return None
    try:
        return parse_month_arg(value)
    except AuditorError as exc:
        raise _fail(exc) from None


month_option = click.option("--month", "month", required=True, callback=_month, metavar="YYYY-MM",
                            help="Month to audit, Gregorian (2025-02) or Buddhist Era (2568-02); Asia/Bangkok calendar. "
                                 "'previous' or 'current' take the month from the clock, Bangkok time (for timers).")
config_option = click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                             help="District registry (auditor.toml). Default: ./auditor.toml, else the bundled Ubon Ratchathani registry.")
rules_option = click.option("--rules", "rules_path", type=click.Path(dir_okay=False), default=None,
                            help="Ruleset YAML. Default: the edition auditor.toml names ([ruleset] file), else the bundled click-chumchon-2568.yaml.")
out_option = click.option("--out", "out_dir", type=click.Path(file_okay=False), default=DEFAULT_OUT, show_default=True,
                          help="Output directory; results go to OUT/YYYY-MM/.")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
as_of_option = click.option("--as-of", "as_of", metavar="DATE", default=None,
                            help="Audit a month in progress as of DATE (YYYY-MM-DD, Gregorian or Buddhist Era, meaning the end of that day Bangkok time; an RFC 3339 time; or 'now'); pages list what is still to do and the days left.")
templates_option = click.option("--templates", "templates_dir", type=click.Path(file_okay=False, exists=True), default=None,
                                help="A folder of templates that replace the bundled ones of the same name (e.g. _footer.html).")
pretty_option = click.option("--pretty", is_flag=True, help="Indent scorecards.json for reading (default: compact).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print scorecards.json to stdout (for scripts) instead of the table.")
db_option = click.option("--db", "db_path", type=click.Path(dir_okay=False), default=DEFAULT_DB, show_default=True,
                          help="SQLite store of posts, evidence, scan runs and scorecards.")
pdf_option = click.option("--pdf", "pdf", is_flag=True,
                          help="Also write districts/<id>.pdf and province.pdf (A4, embedded Thai font) with headless Chromium; about a second a page.")
sheet_option = click.option("--sheet", default=None, help="XLSX sheet name (default: the first sheet).")
district_option = click.option("--district", "districts", multiple=True, metavar="ID|NAME",
                               help="Only this district (repeatable): its id as in the registry (warin-chamrap) or its "
                                    "Thai name, with or without อำเภอ (วารินชำราบ, อำเภอวารินชำราบ). scan collects only "
                                    "its channels and check --posts evaluates only it; a stored month is always "
                                    "re-evaluated whole, so the other districts' results stay.")


class _ThaiUsageError(click.UsageError):
    """click's usage error said Thai first: what is wrong, click's own English beneath it, then
    where the help is. Exit code 2, as click's."""

    def __init__(self, original: click.UsageError):
        super().__init__(original.format_message(), original.ctx)
        self.original = original

    def show(self, file=None) -> None:
        err = file is None  # click's own show writes to stderr unless given a file
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), file=file, err=err)
        th_label, en_label = operator.LINES["error"]
        command = self.ctx.command_path if self.ctx is not None else "auditor"
        help_th, help_en = operator.line("usage_help", command=command)
        click.echo(f"{th_label}: {_usage_words(self.original)}\n{en_label}: {self.original.format_message()}\n"
                   f"{help_th} ({help_en})", file=file, err=err)


def _param_name(param: click.Parameter) -> str:
    """'--month' for an option, 'DIRECTORY' for an argument, as the usage line shows them."""
    return param.human_readable_name if isinstance(param, click.Argument) else " / ".join(param.opts)


def _usage_words(exc: click.UsageError) -> str:
    """The Thai of a click usage error, from its kind and the option it names (click says the English)."""
    if isinstance(exc, click.MissingParameter) and exc.param is not None:
        return operator.line("usage_missing", option=_param_name(exc.param))[0]
    if isinstance(exc, click.NoSuchOption):
        th = operator.line("usage_no_such_option", option=exc.option_name)[0]
        if exc.possibilities:
            th += " " + operator.line("usage_did_you_mean", options=", ".join(sorted(exc.possibilities)))[0]
        return th
    if isinstance(exc, _NoSuchCommand):
        th = operator.line("usage_no_such_command", command=exc.name)[0]
        if exc.possibilities:
            th += " " + operator.line("usage_did_you_mean", options=", ".join(exc.possibilities))[0]
        return th
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        return operator.line("usage_bad_value", option=_param_name(exc.param))[0]
    return operator.line("usage_other")[0]


class _NoSuchCommand(click.UsageError):
    """A command name that is not one of the group's, with the close ones."""

    def __init__(self, ctx: click.Context, name: str, commands: list[str]):
        self.name, self.possibilities = name, difflib.get_close_matches(name, commands, n=3)
        maybe = f" Did you mean {', '.join(repr(c) for c in self.possibilities)}?" if self.possibilities else ""
        super().__init__(f"No such command {name!r}.{maybe}", ctx)


class _Group(click.Group):
    """Turns an operating-system error (a folder that cannot be written, a full disk) into a
    one-line message naming the file, with the usage exit code, instead of a traceback; says
    click's usage errors Thai first. Its subgroups (override, channels, evidence) are the same."""

    group_class = type

    def main(self, args=None, *rest, **kwargs):
        """Run the command line; a run from the process's own argv (args None: the `auditor`
        script, python -m auditor, not a test's runner) ends the process, so its heap is left to the
        exit rather than walked once more (heap.skip_final_collections)."""
        if args is None:
            atexit.register(heap.skip_final_collections)
        return super().main(args, *rest, **kwargs)

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:  # an option of the group itself (auditor --bogus)
            raise exc if isinstance(exc, _ThaiUsageError) else _ThaiUsageError(exc) from None

    def resolve_command(self, ctx, args):
        name = args[0] if args else ""
        known = self.get_command(ctx, name) is not None or (
            ctx.token_normalize_func is not None and self.get_command(ctx, ctx.token_normalize_func(name)) is not None)
        if name and not name.startswith("-") and not known and not ctx.resilient_parsing:  # completion parses resiliently
            raise _NoSuchCommand(ctx, name, self.list_commands(ctx))
        return super().resolve_command(ctx, args)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            if isinstance(exc, _ThaiUsageError):
                raise
            raise _ThaiUsageError(exc) from None
        except OSError as exc:
            if not exc.filename:  # e.g. a requests error (also an OSError): not a file problem
                raise
            raise _said(UsageCode.FILE_ERROR, path=exc.filename, error=exc.strerror or str(exc)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
@click.option("--lock-wait", "lock_wait", type=click.FloatRange(0), default=DEFAULT_LOCK_WAIT, show_default=True,
              envvar="AUDITOR_LOCK_WAIT", metavar="SECONDS",
              help="How long a command waits for another run on the same store (--db) to finish before giving up with exit code 4.")
def main(lock_wait):
    """Audit Click ชุมชน publicity of district Community Development offices and write monthly scorecards.

    Exit codes: 0 every district passed; 1 at least one district failed; 3 none failed but some
    are incomplete (a channel could not be collected or was never configured); 2 usage, config or
    input error; 4 another run was using the same store (nothing was done).
    """


@main.command()
@month_option
@click.option("--posts", "posts_path", type=click.Path(dir_okay=False), default=None,
              help="Posts file: JSON Lines, one Post (post.schema.json) per line. Without it, the posts stored by earlier scans are re-evaluated (no network).")
@config_option
@rules_option
@out_option
@db_option
@district_option
@as_of_option
@templates_option
@pdf_option
@pretty_option
@quiet_option
@json_option
@_locked(creates_store=False)
def check(month, posts_path, config_path, rules_path, out_dir, db_path, districts, as_of, templates_dir, pdf, pretty,
          quiet, as_json):
    """Evaluate a month's posts and write OUT/YYYY-MM/: scorecards.json, HTML pages, CSV and XLSX.

    With --posts every channel is treated as collected; bad lines are reported as
    FILE:LINE: field: problem and skipped, the rest are used (a file with no usable line is an
    error). Without --posts the store's posts and each channel's last collection status are
    used, with the config file the month's last scan read unless --config says otherwise.
    """
    as_of = _as_of(as_of, month)  # refused before anything is read
    tidies = []  # what rewriting the outputs did with the month's PDFs
    if posts_path:
        registry, ruleset = _load(config_path, rules_path, districts)
        districts = _district_ids(registry, districts)
        posts_file = _read_posts_file(posts_path, registry)
        store = _open_store(db_path) if Path(db_path).is_file() else None  # imported reports and figures, if any
        data, warnings = _month_data(registry, ruleset, month, store, as_of)
        _echo_warnings(warnings, quiet)
        result = audit_month(posts_file.posts, registry, ruleset, month, districts=list(districts) or None,
                             line_errors=posts_file.errors, data=data, warnings=warnings, posts_file=posts_path)
        # with an existing store the month is kept there too, for the trend and `auditor report`
        result.written += write_outputs(result.scorecards, month_dir(out_dir, month), store=store, templates=templates_dir,
                                        base_url=registry.report_base_url, pretty=pretty, on_pdfs=tidies.append)
    else:
        store = _open_store(db_path, must_exist=True)
        if not store.runs(month):  # nothing was looked at: every district would "fail" on no posts
            raise _said(UsageCode.NEVER_SCANNED, path=db_path, month=str(month))
        registry, ruleset = _load(config_path or _scanned_config(store, month, quiet), rules_path, districts)
        districts = _district_ids(registry, districts)
        data, warnings = _month_data(registry, ruleset, month, store, as_of)
        _echo_warnings(warnings, quiet)
        # The store keeps one scorecards document per month: a stored month is always re-evaluated
        # whole, so --district (checked above) never shrinks it to one district.
        result = audit_stored_month(store, registry, ruleset, month, out_dir, data=data, warnings=warnings,
                                    templates=templates_dir, pretty=pretty, on_pdfs=tidies.append)
    if pdf:
        result.written += _pdfs(result.scorecards, month_dir(out_dir, month), store, registry.report_base_url, templates_dir)
    _echo_pdf_tidy(tidies, month, month_dir(out_dir, month), result.written if pdf else [])
    _finish(result, quiet, as_json)


def _read_posts_file(path: str, registry):
    """The posts file's valid lines; its bad lines reported; no valid line at all is an input error."""
    try:
        posts_file = read_posts(path, {o.id for o in registry.offices})
    except AuditorError as exc:
        raise _fail(exc) from None
    for line_error in posts_file.errors[:LINES_SHOWN]:  # then a count: a file saved wrongly is one message, not thousands
        _echo_pair("skipped_line", *operator.skipped_line(line_error))
    if len(posts_file.errors) > LINES_SHOWN:
        rest = [e.line for e in posts_file.errors[LINES_SHOWN:]]
        _echo_pair("skipped_line", *operator.line("more_lines", path=path, n=len(rest),
                                                  lines=f"{rest[0]}–{rest[-1]}" if len(rest) > 1 else str(rest[0])))
    if not posts_file.posts:
        raise _said(UsageCode.NO_USABLE_POST, path=path, skipped=len(posts_file.errors))
    return posts_file


def _scanned_config(store, month: Month, quiet: bool) -> str | None:
    """The config the month's last scan read, when no --config is given and ./auditor.toml differs:
    re-checking stored posts against another registry would silently change the verdicts."""
    scanned = store.last_config(month)
    if not scanned or not Path(scanned).is_file():
        return None
    local = Path("auditor.toml")
    if local.is_file() and local.resolve() != Path(scanned):
        _echo_pair("warning", *operator.line("other_config", month=str(month), path=scanned))
        return None
    if not quiet:
        th, en = operator.line("scanned_config", month=str(month), path=scanned)
        click.echo(f"{th}\n  ({en})", err=True)
    return scanned


@main.command()
@month_option
@config_option
@rules_option
@out_option
@db_option
@district_option
@click.option("--platform", "platforms", multiple=True, type=click.Choice(PLATFORM_CHOICES), help="Only this platform (repeatable).")
@click.option("--workers", type=click.IntRange(1, 64), default=8, show_default=True, help="Channels collected at once.")
@click.option("--per-host", type=click.IntRange(1, 64), default=None,
              help="Channels collected at once on one host (default by platform: 16 on the Graph API, whose limits count calls per app and page, 4 elsewhere).")
@click.option("--replay", "replay_dir", type=click.Path(file_okay=False, exists=True), default=None,
              help="Replay the recordings in DIR instead of the network (no credentials needed); uses DIR/auditor.toml unless --config. The bundled demo: --replay cassettes/demo.")
@click.option("--refresh", is_flag=True,
              help="Read every channel whole: no conditional requests, and a month that has ended is asked again "
                   "even where its channels were complete in the last scan.")
@as_of_option
@templates_option
@pdf_option
@pretty_option
@quiet_option
@json_option
@_locked(creates_store=True)
def scan(month, config_path, rules_path, out_dir, db_path, districts, platforms, workers, per_host, replay_dir, refresh,
         as_of, templates_dir, pdf, pretty, quiet, as_json):
    """Collect every configured channel for the month, store the posts, evaluate and write the scorecards.

    Tokens come from the environment variables the config names (token_env, api_key_env),
    never from files. A channel that cannot be collected is reported and makes the rules
    that depend on it unknown (district incomplete), never failed.
    """
    from auditor.collect.scan import NO_RECORDING, collect, replay_env

    as_of = _as_of(as_of, month)  # refused before anything is imported or collected
    if replay_dir and not config_path and (Path(replay_dir) / "auditor.toml").is_file():
        config_path = str(Path(replay_dir) / "auditor.toml")
    registry, ruleset = _load(config_path, rules_path, districts)
    districts = _district_ids(registry, districts)
    store = _open_store(db_path)
    env = {**os.environ, **replay_env(registry)} if replay_dir else os.environ
    if replay_dir:
        _import_bundled_sheets(Path(replay_dir), month, store, registry, quiet)
    with ExitStack() as stack:
        if replay_dir:
            workers = 1  # vcrpy patches globally; one worker keeps replay deterministic
            stack.enter_context(_replaying(Path(replay_dir), stack))
        progress = stack.enter_context(_progress(quiet or as_json))
        try:
            collected = collect(registry, month, store, env=env, districts=list(districts) or None,
                                platforms=list(platforms) or None, workers=workers, per_host=per_host, progress=progress,
                                refresh=refresh,
                                # recorded rate-limit answers need no real waiting when replayed
                                sleep=(lambda seconds: None) if replay_dir else time.sleep)
        except AuditorError as exc:
            raise _fail(exc) from None
    unrecorded = [s for s in collected.statuses if s.message == NO_RECORDING]
    if replay_dir and unrecorded:
        raise _said(UsageCode.NO_RECORDINGS, path=replay_dir, month=str(month), missing=len(unrecorded),
                    total=len(collected.statuses))
    if not collected.statuses:
        _echo_pair("warning", *operator.line("no_channel", path=registry.path))
    data, warnings = _month_data(registry, ruleset, month, store, as_of)
    _echo_warnings(_collected_warnings(collected) + warnings, quiet, registry)
    _echo_channel_errors(collected.statuses, registry)
    if not (quiet or as_json):
        _echo_requests(collected.requests)
    # The scan checked the reported links; evaluation reads those checks and makes no request.
    # --district/--platform narrow what is collected; the month is re-evaluated whole from the store,
    # so the other districts' results stay and every output is rewritten complete.
    tidies = []  # what rewriting the outputs did with the month's PDFs
    result = audit_stored_month(store, registry, ruleset, month, out_dir, data=data,
                                warnings=warnings, templates=templates_dir,
                                pretty=pretty, on_pdfs=tidies.append)
    if pdf:
        result.written += _pdfs(result.scorecards, month_dir(out_dir, month), store, registry.report_base_url, templates_dir)
    _echo_pdf_tidy(tidies, month, month_dir(out_dir, month), result.written if pdf else [])
    _finish(result, quiet, as_json)


@main.command()
@month_option
@out_option
@db_option
@click.option("--thai-digits", is_flag=True, help="Write numbers and dates in Thai digits (๑๒๓).")
@templates_option
@pdf_option
@pretty_option
@_locked(creates_store=False)
def report(month, out_dir, db_path, thai_digits, templates_dir, pdf, pretty):
    """Re-render the HTML pages and exports of a month from the store (no network).

    Links to the overview are absolute when the config the month's last scan read sets
    [reports] report_base_url."""
    store = _open_store(db_path, must_exist=True, what_to_do=f"run 'auditor scan --month {month}' first (or pass --db)")
    cards = store.load_scorecards(str(month))
    if cards is None:
        raise _said(UsageCode.NO_SCORECARDS, path=db_path, month=str(month))
    if {o.id for o in store.effective_overrides(month)} != {o["id"] for o in cards.get("overrides") or []}:
        _echo_pair("warning", *operator.line("overrides_changed", month=str(month)))
    runs = store.runs(month)
    if runs and runs[-1]["status"] == "interrupted":
        _echo_pair("warning", *operator.line("scan_interrupted", month=str(month), run=runs[-1]["id"],
                                             when=runs[-1]["started_at"]))
    base_url = _scanned_base_url(store, month)
    tidies = []  # what rewriting the outputs did with the month's PDFs
    written = write_outputs(cards, month_dir(out_dir, month), store=store, thai_digits=thai_digits,
                            templates=templates_dir, base_url=base_url, pretty=pretty, on_pdfs=tidies.append)
    printed = _pdfs(cards, month_dir(out_dir, month), store, base_url, templates_dir, thai_digits=thai_digits) if pdf else []
    _echo_pdf_tidy(tidies, month, month_dir(out_dir, month), printed)
    _echo_written(written + printed)


def _scanned_base_url(store, month: Month) -> str | None:
    """report_base_url of the config the month's last scan read, if that file is still there."""
    scanned = store.last_config(month)
    if not scanned or not Path(scanned).is_file():
        return None
    try:
        return load_registry(scanned).report_base_url
    except AuditorError:
        return None


def _echo_pdf_tidy(tidies: list, month: Month, folder: Path, written: list[Path]) -> None:
    """Say how many of the month's PDFs rewriting the outputs removed (printed from other
    scorecards) or left unvouched for (never attached), and how to print them again; unless
    --pdf has just printed them again."""
    printed = {Path(p).resolve() for p in written if Path(p).suffix == ".pdf"}

    def left(names: list[str]) -> list[str]:  # those --pdf did not print again (a browser that failed midway)
        return [n for n in names if (folder / n).resolve() not in printed]

    for tidy in tidies:
        removed, unknown = left(tidy.removed), left(tidy.unknown)
        if tidy.removed:
            again = "pdf_again" if removed else "pdf_reprinted"
            again_th, again_en = operator.line(again, month=str(month))
            _echo_pair("warning", *operator.line("pdfs_removed", n=len(tidy.removed), folder=folder,
                                                 again_th=again_th, again_en=again_en))
        if unknown:
            again_th, again_en = operator.line("pdf_again", month=str(month))
            _echo_pair("warning", *operator.line("pdfs_unknown", n=len(unknown), folder=folder,
                                                 again_th=again_th, again_en=again_en))


def _pdfs(cards: dict, directory: Path, store, base_url: str | None, templates_dir, thai_digits: bool = False) -> list[Path]:
    """The month's PDFs; without a browser, say so and go on (the HTML and exports are written)."""
    from auditor.present.chromium import ChromiumError, ChromiumMissing

    try:
        return write_pdfs(cards, directory, store=store, thai_digits=thai_digits, templates=templates_dir, base_url=base_url)
    except (ChromiumMissing, ChromiumError) as exc:
        cause_th, cause_en = operator.error(exc)
        th, en = operator.line("pdf_skipped", cause_th=cause_th, cause_en=cause_en, folder=directory)
        click.echo(f"{th}\n{en}", err=True)
        return []


@main.group()
def override():
    """The province's decisions over the machine's verdicts, kept in an append-only log in the store.

    Each decision (count or reject a post, assign a post to a district, accept an activity,
    waive a rule for one district-month) records why (--reason) and who decided (--by). Every
    scan, check and re-evaluation applies the month's decisions; the pages show them beside the
    machine's own verdict. Revoking adds an entry; nothing is ever deleted.
    """


def _override_options(fn):
    for option in reversed((config_option, rules_option, db_option, out_option)):
        fn = option(fn)
    return fn


@override.command("add")
@click.argument("action", type=click.Choice(["count", "reject", "assign", "accept", "waive"]))
@click.argument("target")
@month_option
@click.option("--district", default=None, metavar="ID|NAME",
              help="The district (its id or Thai name). assign: the one the post belongs to; waive: the one whose "
                   "rule is waived; accept: optional, read from the activity id.")
@click.option("--reason", required=True, help="Why the province decided so (shown on the pages).")
@click.option("--by", "by", required=True, help="Who decided (a name or position; shown on the pages).")
@_override_options
@_locked(creates_store=False)
def override_add(action, target, month, district, reason, by, config_path, rules_path, db_path, out_dir):
    """Record a decision for a month and re-evaluate the month from the store.

    TARGET is a post (platform:post_id, as in scorecards.json, or its link) for count, reject
    and assign; an activity id (e.g. warin-chamrap-0210-1) for accept; a monthly rule id
    (e.g. activity-count) for waive.
    """
    from auditor.overrides import add_override

    store = _open_store(db_path, must_exist=True, what_to_do=f"run 'auditor scan --month {month}' first (or pass --db)")
    registry, ruleset = _load(config_path or _scanned_config(store, month, quiet=True), rules_path, ())
    district = _district_ids(registry, (district,))[0] if district else None
    try:
        entry = add_override(store, registry, ruleset, month, action, target, reason=reason, by=by, district=district)
    except AuditorError as exc:
        raise _fail(exc) from None
    names = {o.id: o.name_th for o in registry.districts}
    click.echo("{} ({})".format(*operator.override_recorded(entry.to_dict(), names)))
    _reevaluate(store, registry, ruleset, month, out_dir, entry.id)


@override.command("revoke")
@click.argument("override_id", type=int)
@click.option("--reason", required=True, help="Why the decision no longer holds.")
@click.option("--by", "by", required=True, help="Who decided.")
@_override_options
@_locked(creates_store=False)
def override_revoke(override_id, reason, by, config_path, rules_path, db_path, out_dir):
    """Revoke an earlier decision (a new entry names it) and re-evaluate its month from the store."""
    from auditor.overrides import revoke_override

    store = _open_store(db_path, must_exist=True, what_to_do="nothing to revoke")
    try:
        entry = revoke_override(store, override_id, reason=reason, by=by)
    except AuditorError as exc:
        raise _fail(exc) from None
    month = parse_month(entry.month)
    click.echo("{} ({})".format(*operator.line("override_revoked", id=override_id, by=entry.id)))
    registry, ruleset = _load(config_path or _scanned_config(store, month, quiet=True), rules_path, ())
    _reevaluate(store, registry, ruleset, month, out_dir)


@override.command("list")
@click.option("--month", "month", callback=_month, default=None, metavar="YYYY-MM", help="Only this month (default: every month).")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the judgment log as JSON (for scripts) instead of the table.")
def override_list(month, db_path, as_json):
    """List the judgment log: every decision and revocation, with its status."""
    from auditor.overrides import log_status

    store = _open_store(db_path, must_exist=True, what_to_do="no overrides yet")
    entries = store.overrides(month)
    status = log_status(entries)  # superseding and revoking stay within a month
    listed = [{**o.to_dict(), "month": o.month, **status[o.id]} for o in entries]
    if as_json:
        click.echo(json.dumps(listed, ensure_ascii=False, indent=2))
        return
    if not entries:
        click.echo("{} ({})".format(*(operator.line("no_overrides_month", month=str(month)) if month
                                      else operator.line("no_overrides"))))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="{} ({})".format(*operator.line("override_list_title")))
    for th, en in operator.OVERRIDE_COLUMNS.values():
        table.add_column(f"{th} ({en})")
    for entry in listed:
        table.add_row(*operator.override_row(entry).values())
    console = Console() if Console().is_terminal else Console(width=160)
    console.print(table)


def _reevaluate(store, registry, ruleset, month: Month, out_dir: str, entry_id: int | None = None) -> None:
    """Re-evaluate the month from the store so the pages show the log; say what to run when it cannot
    (never evaluated, or evaluated from a posts file the store does not keep: its outputs stay)."""
    from auditor.overrides import not_reevaluated, reevaluate

    pending = not_reevaluated(store, month)
    if pending is not None:
        _echo_pair("warning", *operator.not_reevaluated(pending))
        return
    tidies = []  # a decision changes the scorecards: the month's PDFs of the old ones are removed
    try:
        result = reevaluate(store, registry, ruleset, month, out_dir, on_pdfs=tidies.append)
    except AuditorError as exc:
        raise _fail(exc) from None
    entry = next((o for o in result.scorecards.get("overrides") or [] if o["id"] == entry_id), None)
    if entry is not None and not entry["found"]:
        _echo_pair("warning", *operator.line("override_not_found", id=entry_id, month=str(month)))
    _echo_pdf_tidy(tidies, month, month_dir(out_dir, month), [])
    _echo_written(result.written)


@main.command()
@click.option("--fiscal-year", "fiscal_year", required=True, metavar="YEAR",
              help="Fiscal year (1 October – 30 September) by the year it ends: Buddhist Era 2568 or Gregorian 2025.")
@config_option
@db_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=DEFAULT_OUT, show_default=True,
              help="Output directory; the summary goes to OUT/fy<YEAR>/ (Buddhist Era).")
@click.option("--thai-digits", is_flag=True, help="Write numbers and dates in Thai digits (๑๒๓).")
@templates_option
def summary(fiscal_year, config_path, db_path, out_dir, thai_digits, templates_dir):
    """Write a fiscal year's summary: OUT/fy<YEAR>/index.html (every district ranked: months passed,
    failed and incomplete, per rule; counted posts and activities; the KPI figures; the province's
    total), districts/<id>.html (its months and counts) and summary-<YEAR>.xlsx.

    Read from the store's per-month summary of every scanned or checked month (no network, no
    month evaluated again). With --config only the districts it lists are shown."""
    from auditor.audit import write_year_summary
    from auditor.period import fiscal_year as fiscal_months

    try:
        year, months = fiscal_months(fiscal_year)  # a mistyped year is refused before the store is opened
    except AuditorError as exc:
        raise _fail(exc) from None
    store = _open_store(db_path, must_exist=True, what_to_do="scan or check the year's months first (or pass --db)")
    if not any(store.runs(str(m)) for m in months):
        _echo_pair("warning", *operator.line("fiscal_year_empty", year=year + 543, first=str(months[0]),
                                             last=str(months[-1])))
    districts = [o.id for o in _load(config_path, None, ())[0].districts] if config_path else None
    try:
        written = write_year_summary(store, fiscal_year, out_dir, thai_digits=thai_digits, templates=templates_dir,
                                     districts=districts)
    except AuditorError as exc:
        raise _fail(exc) from None
    _echo_written(written)


@main.group(invoke_without_command=True)
@click.option("--month", "month", callback=_month,
              metavar="YYYY-MM", help="The stored month whose posts to pack (Gregorian or Buddhist Era).")
@click.option("--district", "district", metavar="ID|NAME", default=None, help="Only this district's posts (its id or Thai name).")
@click.option("--post", "post", metavar="ID", default=None, help="Only this post (its id, or platform:id).")
@db_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Folder for the pack. Default: auditor-data/evidence/YYYY-MM.")
@click.pass_context
def evidence(ctx, month, district, post, db_path, out_dir):
    """Write an evidence pack of a stored month's posts: per post a folder with the raw payload as
    readable JSON, its SHA-256 (as the district page shows it), the capture times, the source URL,
    the rule results and the override history; a manifest.json and SHA256SUMS over every file.

    `auditor evidence verify DIR` re-checks a pack: exit 0 when every file matches, 1 naming the
    file that does not, 2 when DIR is not a pack."""
    if ctx.invoked_subcommand:
        return
    from auditor.present.evidence import PackError, write_pack

    if month is None:
        raise click.UsageError("Missing option '--month' (or run 'auditor evidence verify DIR').")
    store = _open_store(db_path, must_exist=True, what_to_do=f"run 'auditor scan --month {month}' first (or pass --db)")
    cards = store.load_scorecards(str(month))
    if cards is None:
        raise _said(UsageCode.NO_SCORECARDS, path=db_path, month=str(month))
    if district:  # an id or a Thai name, as on the other commands, against the config the month was scanned with
        try:
            registry = load_registry(_scanned_config(store, month, quiet=True))
        except AuditorError as exc:
            raise _fail(exc) from None
        district = _district_ids(registry, (district,))[0]
    out = Path(out_dir) if out_dir else Path(DEFAULT_OUT).parent / "evidence" / str(month)
    try:
        written = write_pack(store, cards, out, district=district, post=post)
    except PackError as exc:
        raise _fail(exc) from None
    click.echo("\n".join(operator.line("evidence_written", files=len(written), out=str(out))))


@evidence.command("verify")
@click.argument("directory", type=click.Path(file_okay=False))
def evidence_verify(directory):
    """Re-check an evidence pack: every file against manifest.json, every payload against its SHA-256.
    Exit 0 when all match, 1 naming each file that does not, 2 when DIRECTORY is not a pack."""
    from auditor.present.evidence import PackError, verify_pack

    try:
        result = verify_pack(Path(directory))
    except PackError as exc:
        raise _fail(exc) from None
    for mismatch in result.mismatches:
        click.echo("\n".join(f"{Path(directory)}/{said}" for said in operator.pack_problem(mismatch)), err=True)
    if not result.ok:
        raise SystemExit(1)
    click.echo("\n".join(operator.line("evidence_verified", directory=str(directory), files=result.files)))


@main.command("import-reports")
@click.argument("path", type=click.Path(dir_okay=False))
@month_option
@config_option
@db_option
@sheet_option
@_locked(creates_store=True)
def import_reports_command(path, month, config_path, db_path, sheet):
    """Import the monthly report sheet (CSV or XLSX exported from the online form) into the store.

    Columns are matched by their headers (ประทับเวลา, อำเภอ, วันที่จัดกิจกรรม, ชื่อกิจกรรม, ช่องทาง,
    ลิงก์ and English aliases; configurable under [reports.columns] in auditor.toml). Bad rows are
    reported by row number and skipped; re-importing the same rows adds nothing twice.
    """
    from auditor.selfreport.imports import import_reports

    _run_import(import_reports, path, month, config_path, db_path, sheet, "reports")


@main.command("import-figures")
@click.argument("path", type=click.Path(dir_okay=False))
@month_option
@config_option
@db_option
@sheet_option
@_locked(creates_store=True)
def import_figures_command(path, month, config_path, db_path, sheet):
    """Import the month's figures per district (Shop ชุมชน sign-ups, app downloads, CDD พาเที่ยว places).

    A figure imported again for the same month and district replaces the old one.
    """
    from auditor.selfreport.imports import import_figures

    _run_import(import_figures, path, month, config_path, db_path, sheet, "figures")


def _run_import(importer, path, month, config_path, db_path, sheet, what: str) -> None:
    registry, _ = _load(config_path, None, ())
    store = _open_store(db_path)
    try:
        summary = importer(path, month, store, registry, _columns_for(registry, what), sheet=sheet)
    except AuditorError as exc:
        raise _fail(exc) from None
    _echo_skipped(summary)
    if summary.errors and not summary.added and not summary.duplicates:
        raise _said(UsageCode.NO_USABLE_ROW, path=path, skipped=len(summary.errors))
    th, en = operator.line("imported", path=path, what=what, added=summary.added, duplicates=summary.duplicates,
                           skipped=len(summary.errors), month=str(month))
    click.echo(f"{th}\n  ({en})")


def _columns_for(registry, what: str) -> dict | None:
    """The configured headers of one kind of sheet ("reports" or "figures")."""
    return (registry.report_columns if what == "reports" else registry.figure_columns) or None


def _import_bundled_sheets(folder: Path, month: Month, store, registry, quiet: bool) -> None:
    """A replay folder may carry the month's report sheet and figures (reports-YYYY-MM.csv,
    figures-YYYY-MM.csv); import them, idempotently, so a replayed audit is complete."""
    from auditor.selfreport.imports import import_figures, import_reports

    for importer, what in ((import_reports, "reports"), (import_figures, "figures")):
        path = folder / f"{what}-{month}.csv"
        if path.is_file():
            try:
                summary = importer(path, month, store, registry, _columns_for(registry, what))
            except AuditorError as exc:
                raise _fail(exc) from None
            _echo_skipped(summary, quiet)


def _echo_warnings(warnings: list, quiet: bool, registry: Registry | None = None) -> None:
    """Notes on the data (dead links, partial feeds, the seed's inconsistent totals) and an import's
    warnings, on stderr: Thai, then English (a collector's note keeps the collector's own English)."""
    from auditor.codes import Note
    from auditor.present import words

    names = {o.id: o.name_th for o in registry.districts} if registry else None
    if not quiet:
        for warning in warnings:
            if isinstance(warning, tuple):  # (a channel's Note, the collector's message)
                _echo_pair("warning", words.data_note(warning[0], names), warning[1])
            elif isinstance(warning, Note):
                _echo_pair("warning", words.data_note(warning, names), words.data_note(warning, lang=words.EN))
            else:
                _echo_pair("warning", *operator.problem(warning))


def _echo_channel_errors(statuses, registry: Registry) -> None:
    """Each channel the scan could not collect (an expired token, a site down), on stderr even with
    --quiet: an error, and one a person must act on; the table only counts them."""
    from auditor.present import words

    names = {o.id: o.name_th for o in registry.districts}
    for status in statuses:
        if status.status == "error":
            _echo_pair("not_collected", words.channel_error(status, names), words.channel_error(status, lang=words.EN))


def _collected_warnings(collected) -> list:
    """The collectors' warnings: those that carry a note as (Note, message), the rest as they are."""
    from auditor.codes import Note

    noted = [(Note.from_dict(n), n["message"]) for n in collected.notes if n.get("message")]
    said = {message for _, message in noted}
    return noted + [w for w in collected.warnings if w not in said]


def _echo_skipped(summary, quiet: bool = False) -> None:
    """An import's skipped rows (always) and warnings (unless quiet), on stderr."""
    for error in summary.errors:
        _echo_pair("skipped", *operator.problem(error))
    _echo_warnings(summary.warnings, quiet)


def _month_data(registry, ruleset, month: Month, store, as_of):
    try:
        return load_month_data(registry, month, store, as_of, targets=ruleset.uses_targets)
    except AuditorError as exc:
        raise _fail(exc) from None


_AS_OF_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _as_of(text: str | None, month: Month):
    """--as-of: a date (Gregorian or Buddhist Era, Thai digits too) means the end of that day,
    Bangkok time; an RFC 3339 time is taken as is; 'now' is the clock (for timers). It must fall
    in or after the month."""
    if text is None:
        return None
    from datetime import datetime, time, timedelta

    from auditor import period
    from auditor.period import from_thai_digits, parse_thai_date, parse_timestamp

    plain = from_thai_digits(text.strip())
    if plain.lower() == "now":
        when = period.clock().astimezone(month.tz)
    elif _AS_OF_DATE.match(plain):
        try:
            day = parse_thai_date(plain)
        except ValueError as exc:
            raise _said(UsageCode.AS_OF_DATE, value=text, error=str(exc)) from None
        when = datetime.combine(day + timedelta(days=1), time(), month.tz) - timedelta(microseconds=1)
    else:
        try:
            when = parse_timestamp(plain)
        except ValueError:
            raise _said(UsageCode.AS_OF_FORMAT, value=text) from None
    if when < month.start:
        raise _said(UsageCode.AS_OF_BEFORE, value=text, month=str(month))
    return when if when < month.end else None  # the month is over: a full audit


def _open_store(db_path: str, must_exist: bool = False, what_to_do: str = "run 'auditor scan' first, or pass --posts FILE"):
    from auditor.store import Store

    if must_exist and not Path(db_path).is_file():
        raise _said(UsageCode.NO_STORE, path=db_path, todo=what_to_do, posts="--posts" in what_to_do)
    try:
        store = Store.open(db_path)
    except AuditorError as exc:
        raise _fail(exc) from None
    # closed when the command ends, not left to the interpreter's exit (which leaves what is alive
    # then frozen, heap.skip_final_collections): a closed store has checkpointed its write-ahead log
    click.get_current_context().call_on_close(store.close)
    for run in store.abandoned:  # found (and marked) when the store was opened
        _echo_pair("warning", *operator.line("scan_abandoned", month=run["month"], run=run["id"], when=run["started_at"]))
    return store


def _replaying(directory: Path, stack: ExitStack):
    from auditor.collect.replay import make_vcr

    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="auditor-replay-")))
    cassette = replay_cassette(directory, tmp / "replay.yaml")
    return make_vcr(tmp, "none").use_cassette(cassette.name)


def _progress(silent: bool):
    """A rich progress bar on stderr fed by the collector's progress events."""
    if silent:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    class _Bar:
        def __enter__(self):
            self.progress = Progress(TextColumn("{} ({})".format(*operator.LINES["collecting"])), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.fields[status]}"), TimeElapsedColumn(),
                                     console=Console(stderr=True), transient=False)
            self.progress.__enter__()
            self.task = self.progress.add_task("scan", total=None, status="")
            return self.update

        def update(self, event: dict):
            if event.get("event") == "start":
                self.progress.update(self.task, total=event["total"])
            elif event.get("event") == "channel":
                self.progress.update(self.task, completed=event["done"],
                                     status=operator.line("progress", posts=event["posts_total"], errors=event["errors"])[0])

        def __exit__(self, *exc):
            return self.progress.__exit__(*exc)

    return _Bar()


@main.command()
@month_option
@as_of_option
@click.option("--district", "districts", multiple=True, metavar="ID|NAME",
              help="Only this district's message (repeatable; its id or Thai name); the province message is then not sent.")
@click.option("--dry-run", is_flag=True, help="Send nothing: print each message's subject and recipients and write the messages to OUT/YYYY-MM/notify/ (.eml files, line.json).")
@click.option("--resend", is_flag=True, help="Send even to recipients who already received the same content.")
@click.option("--no-pdf", "no_pdf", is_flag=True, help="Send the e-mails without the PDF (no browser needed); the link stays.")
@config_option
@out_option
@db_option
@_locked(creates_store=False)  # two notify runs at once could both find a message unsent
def notify(month, as_of, districts, dry_run, resend, no_pdf, config_path, out_dir, db_path):
    """Send each district its to-do and the province staff the overview, by e-mail and LINE.

    Reads the month's stored scorecards (run 'auditor scan' or 'check' first; nothing is
    re-evaluated) and the recipients in auditor.toml (an office's notify = { email, line },
    [notify] staff), by default the config the month's last scan read. Every send is recorded:
    the same content never goes to the same recipient twice unless --resend. Exit codes: 0 all
    sent (or nothing to send), 1 some sends failed, 2 usage or config error. The messages say what
    was stored, as of when it was audited: --as-of, if given, must be that instant.
    """
    from auditor.notify.run import Options, message_offices, notify_month, preflight, stored_as_of_agrees

    as_of_text, as_of = as_of, _as_of(as_of, month)
    store = _open_store(db_path, must_exist=True, what_to_do=f"run 'auditor scan --month {month}' first (or pass --db)")
    cards = store.load_scorecards(str(month))
    if cards is None:
        raise _said(UsageCode.NO_SCORECARDS, path=db_path, month=str(month))
    if not stored_as_of_agrees(cards, as_of):
        raise _said(UsageCode.NOTIFY_AS_OF_OTHER if cards.get("as_of") else UsageCode.NOTIFY_AS_OF_WHOLE,
                    value=as_of_text, month=str(month), when=cards.get("as_of"))
    try:
        registry = load_registry(config_path or _scanned_config(store, month, quiet=False))
    except AuditorError as exc:
        raise _fail(exc) from None
    districts = _district_ids(registry, districts)  # ids or Thai names; a typo names the closest district
    options = Options(month_dir(out_dir, month), list(districts) or None, dry_run=dry_run, resend=resend, attach=not no_pdf)
    env = os.environ
    problems = preflight(registry, message_offices(cards, options), env)
    if problems and not dry_run:
        raise AuditorClickError("; ".join(_send_problem(p.code, p.params) for p in problems) + f" ({registry.path})")
    for p in problems:  # a dry run sends nothing, but says what the real run would lack
        _echo_pair("warning", *_dry_preflight(p.code, p.params))
    report = notify_month(cards, registry, store, month, options, env=env, make_pdfs=_pdf_maker(cards, options, store, registry),
                          on_result=_echo_send())
    _echo_notify_summary(report, dry_run, options.directory)
    sys.exit(report.exit_code)


def _pdf_maker(cards: dict, options, store, registry):
    """Prints the PDFs a notification lacks; returns '' or why it could not (words.notify.PDF_MISSING)."""
    from auditor.present.chromium import ChromiumError, ChromiumMissing

    def make(district_ids: set[str], province: bool) -> str:
        try:
            write_pdfs(cards, options.directory, store=store, base_url=registry.report_base_url,
                       only=district_ids, province=province)
        except ChromiumMissing:
            return "no_browser"
        except ChromiumError:
            return "browser_failed"
        return ""

    return make


def _say(pair: tuple[str, str], params: dict | None = None) -> str:
    """Thai first, English beside, for the operator."""
    from auditor.present.words import EN, fill

    thai, english = fill(pair, params), fill(pair, params, EN)
    return thai if thai == english else f"{thai} ({english})"


def _send_problem(code: str, params: dict) -> str:
    from auditor.present.words.notify import SEND_PROBLEMS
    from auditor.present.words import EN, TH, say

    return f"{say(SEND_PROBLEMS, code, params, TH)} ({say(SEND_PROBLEMS, code, params, EN)})"


def _dry_preflight(code: str, params: dict) -> tuple[str, str]:
    from auditor.present.words.notify import OPERATOR, SEND_PROBLEMS
    from auditor.present.words import EN, TH, fill, say

    return tuple(fill(OPERATOR["dry_preflight"], {"problem": say(SEND_PROBLEMS, code, params, lang)}, lang)
                 for lang in (TH, EN))


def _echo_send():
    """Prints each send as it happens, under its message's subject."""
    from auditor.present.words.notify import CHANNELS, OPERATOR

    shown: set[str] = set()

    def echo(message, result) -> None:
        if message.office not in shown:
            shown.add(message.office)
            click.echo(f"• {message.subject}")
        line = f"    {_say(OPERATOR[result.status])} · {_say(CHANNELS[result.channel])} → {result.recipient}"
        if result.outcome is not None and not result.outcome.sent:
            line += f": {_send_problem(result.outcome.problem, result.outcome.params)}"
        click.echo(line, err=result.status == "failed")

    return echo


def _echo_notify_summary(report, dry_run: bool, directory: Path) -> None:
    from auditor.present.words.notify import CHANNELS, OPERATOR, PDF_MISSING

    for message in report.unaddressed:
        click.echo(f"• {message.subject}\n    {_say(OPERATOR['no_recipient'])}")
    for channel, n in report.not_tried().items():
        click.echo("warning: " + _say(OPERATOR["channel_down"], {"channel": CHANNELS[channel][0],
                                                                   "channel_en": CHANNELS[channel][1], "n": n}), err=True)
    if report.pdf_problem and report.pdf_problem != "not_asked":
        click.echo("warning: " + _say(OPERATOR["pdf_missing"], {"why": _say(PDF_MISSING[report.pdf_problem])}), err=True)
    districts = sum(1 for m in report.messages if not m.is_province)
    counts = {"n_messages": len(report.messages), "n_districts": districts, "n_province": len(report.messages) - districts,
              "n_sent": report.count("sent"), "n_failed": report.count("failed"), "n_skipped": report.count("skipped"),
              "n_unaddressed": len(report.unaddressed), "n_sends": report.count("would_send"), "folder": f"{directory}/notify/"}
    click.echo(_say(OPERATOR["dry_summary" if dry_run else "summary"], counts))


@main.command("line-ids")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (put an HTTPS proxy or tunnel in front).")
@click.option("--exit-after", type=click.IntRange(1), default=None, help="Stop after printing this many ids.")
@config_option
def line_ids(port, host, exit_after, config_path):
    """Print the LINE group, room and user ids that reach the bot's webhook.

    Point the Messaging API channel's webhook URL at this server, invite the bot to the
    district's LINE group: the join event prints the group id (C…) to put in the office's
    notify = { line = [...] }. Each request's X-Line-Signature is checked with the channel secret
    from the variable [notify.line] channel_secret_env names; a request that fails is refused (401).
    """
    from auditor.notify.webhook import make_server
    from auditor.present.words.notify import OPERATOR, SOURCE_KINDS

    try:
        settings = load_registry(config_path).notify.line
    except AuditorError as exc:
        raise _fail(exc) from None
    secret = os.environ.get(settings.channel_secret_env)
    if not secret:
        raise AuditorClickError(_send_problem("no_credential", {"env": settings.channel_secret_env}))
    printed = []

    def on_ids(ids) -> None:
        for found in ids:
            kind = SOURCE_KINDS.get(found.kind, (found.kind, found.kind))
            click.echo(_say(OPERATOR["line_id"], {"kind": kind[0], "kind_en": kind[1], "id": found.id}) + f" [{found.event}]")
            printed.append(found)
        if exit_after and len(printed) >= exit_after:
            threading.Thread(target=server.shutdown, daemon=True).start()

    server = make_server(host, port, secret, on_ids, lambda: click.echo(_say(OPERATOR["rejected_signature"]), err=True))
    click.echo(_say(OPERATOR["listening"], {"host": host, "port": server.server_address[1]}))
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command()
@rules_option
@config_option
def rules(rules_path, config_path):
    """List a ruleset's rules and run its inline examples (exit 1 when an example fails)."""
    from auditor.rules.examples import run_examples

    from rich.console import Console

    registry, ruleset = _load(config_path, rules_path, ())
    console = Console()
    console.print(f"{ruleset.id} v{ruleset.version}: {ruleset.title_th} ({ruleset.path})", highlight=False)
    for rule in (*ruleset.post_rules, *ruleset.monthly_rules):
        console.print(f"  {rule.scope:7} {rule.id:20} {rule.title_th}", highlight=False)
    results = run_examples(ruleset, registry)
    failed = [r for r in results if not r.ok]
    failed_th, failed_en = operator.line("example_failed")
    for r in failed:
        console.print(f"[red]{failed_th} ({failed_en})[/] {r.rule}[{r.index}]: {r.message}", highlight=False)
    held_th, held_en = operator.line("examples_hold", held=len(results) - len(failed), total=len(results))
    console.print(f"{held_th}\n{held_en}", highlight=False)
    sys.exit(1 if failed else 0)


def _load(config_path, rules_path, districts) -> tuple[Registry, object]:
    try:
        registry = load_registry(config_path)
        path = rules_path or _edition(registry)
        source = f"{registry.path}: ruleset.parameters"
        ruleset = load_ruleset(path, registry.ruleset_parameters, source)
        day = registry.province.get("report_deadline_day")
        if day and "report_deadline_day" in ruleset.parameters and "report_deadline_day" not in registry.ruleset_parameters:
            ruleset = load_ruleset(path, {**registry.ruleset_parameters, "report_deadline_day": day}, source)
    except AuditorError as exc:
        raise _fail(exc) from None
    _district_ids(registry, districts)  # refused before anything else is read
    return registry, ruleset


def _district_ids(registry: Registry, values) -> tuple[str, ...]:
    """--district values as registry ids: an id, or a Thai (or English) name with or without อำเภอ
    (Thai normalization as the report sheets'); an unknown one is refused naming the closest district."""
    from auditor.selfreport.imports import DistrictIndex

    index, ids, unknown = DistrictIndex(registry), [], []
    for value in values:
        try:
            ids.append(index.resolve(value))
        except ValueError:
            unknown.append(value)
    if unknown:
        close = {v: index.closest(v) for v in unknown}
        raise _said(UsageCode.UNKNOWN_DISTRICT, values=unknown, path=registry.path, example=registry.districts[0].id,
                    suggestions={v: c for v, c in close.items() if c}, names={o.id: o.name_th for o in registry.districts})
    return tuple(dict.fromkeys(ids))


def _edition(registry: Registry):
    """The ruleset the config selects ([ruleset] file): a path next to the config, or a bundled edition name."""
    from auditor.resources import bundled_dir

    if not registry.ruleset_file:
        return None
    local = registry.resolve(registry.ruleset_file)
    return local if local.is_file() else bundled_dir("rules") / registry.ruleset_file


def _finish(result, quiet: bool, as_json: bool) -> None:
    cards = result.scorecards
    if as_json:
        click.echo(json.dumps(cards, ensure_ascii=False, indent=2))
    elif not quiet:
        from rich.console import Console

        console = Console()
        if not console.is_terminal:
            console = Console(width=140)  # piped or redirected: do not squeeze the table into 80 columns
        console.print(summary_table(cards))
        s = cards["summary"]
        th, en = operator.line("summary_in_progress" if "on_track" in s else "summary", **s)
        click.echo(f"{th}\n({en})")
        _echo_written(result.written)
    sys.exit(result.exit_code)


def _echo_requests(rows: list[dict]) -> None:
    """The scan's requests on stderr: the total, what was reused, then per office each channel's count."""
    total = sum(r["requests"] or 0 for r in rows)
    unchanged = sum(1 for r in rows if r["reused"] == "unchanged")
    settled = sum(1 for r in rows if r["reused"] == "settled")
    _echo_pair("requests", *operator.line("requests_summary", total=total, channels=len(rows),
                                          unchanged=unchanged, settled=settled))
    offices: dict[str, list[str]] = {}
    for r in rows:
        if r["requests"]:  # a link channel (listed or reported links) is named as such
            name = f"{r['platform']} {r['account']}" if r["account"] in ("links", "reported") else r["platform"]
            offices.setdefault(r["office"], []).append(f"{name} {r['requests']}")
    for office, counts in offices.items():
        click.echo(f"  {office}: {' · '.join(counts)}", err=True)


def _echo_written(paths: list[Path]) -> None:
    if not paths:
        return
    folder = paths[0].parent
    index = folder / "index.html"
    opened = index in paths
    th, en = operator.line("wrote", n=len(paths), folder=folder, open_th=f" เปิดดูที่ {index}" if opened else "",
                           open_en=f" — open {index}" if opened else "")
    click.echo(f"{th} ({en})")


def _cell(rule: dict) -> str:
    """observed/required when both are counts, else the verdict's symbol (dates, missing data)."""
    observed, required = rule.get("observed"), rule.get("required")
    if isinstance(observed, int) and isinstance(required, int):
        return f"{observed}/{required}"
    from auditor.present import words

    return words.verdict(rule["verdict"]).symbol


def summary_table(cards: dict) -> Table:
    """One row per district: verdict and each monthly rule as observed/required."""
    from rich.table import Table

    table = Table(title=f"Click ชุมชน — {cards.get('month_label_th', cards['month'])}", show_lines=False)
    table.add_column("อำเภอ", no_wrap=True)
    table.add_column("ผล", no_wrap=True)
    for meta in cards.get("rules_meta", []):
        table.add_column(meta.get("short_th") or meta["rule"], justify="right")
    table.add_column(operator.LINES["errors_column"][0], justify="right")
    from auditor.present import words

    for d in cards["districts"]:
        cells = [f"[{VERDICT_STYLE[words.shown_verdict(r).code]}]{_cell(r)}[/]" for r in d["rules"]]
        shown = words.shown_verdict(d)
        table.add_row(d["name"], f"[{VERDICT_STYLE[shown.code]}]{shown.mark}[/]", *cells,
                      str(len(d["errors"])) if d["errors"] else "")
    return table


# --- setting up: the channels sheet and `auditor doctor` ------------------------------------------
# Kept together in their own block: each command opens its inputs and calls auditor.setup; the
# words are in auditor/present/words/setup.py.


@main.group()
def channels():
    """Fill in each office's channels from a spreadsheet: `template` writes it, `import` reads it back."""


@channels.command("template")
@config_option
@click.option("--out", "out_path", type=click.Path(dir_okay=False), default="channels.xlsx", show_default=True,
              help="The XLSX file to write.")
def channels_template(config_path, out_path):
    """Write an XLSX with one row per office (Thai headers), filled in from the current config.

    Paste each office's page, website, YouTube, TikTok, Instagram and LINE addresses, its
    hashtags and whom to notify, then run `auditor channels import FILE`.
    """
    from auditor.present.setup import write_template

    try:
        registry = load_registry(config_path)
    except AuditorError as exc:
        raise _fail(exc) from None
    path = write_template(registry, out_path)
    click.echo(f"เขียนแบบฟอร์มช่องทาง {len(registry.offices)} สำนักงาน: {path} (wrote the channels template)")


@channels.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@config_option
@click.option("--sheet", default=None, help="XLSX sheet name (default: the first sheet).")
@click.option("--replay", "replay_dir", type=click.Path(file_okay=False, exists=True), default=None,
              help="Answer the look-ups from the recordings in DIR instead of the network (fake tokens).")
def channels_import(path, config_path, sheet, replay_dir):
    """Read a filled-in channels sheet (XLSX or CSV) and write the channels into auditor.toml.

    Pasted addresses become the ids the collectors need (Facebook page names are looked up with
    the token, YouTube handles with the key or the channel page). Comments, settings and offices
    the sheet does not list are kept. A value that cannot be used is reported as
    FILE:ROW: column: problem and leaves that cell's channel as it was. Writes --config F, else
    ./auditor.toml (started from the bundled registry when missing).
    """
    from auditor.present.setup import change_line, problem_line
    from auditor.present.words import setup as words
    from auditor.registry import default_config_path, registry_from_text
    from auditor.setup.channels import import_channels, save_config

    target = Path(config_path or "auditor.toml")
    source = target if target.is_file() else default_config_path()
    try:
        text = source.read_text(encoding="utf-8")
        registry = registry_from_text(target, text)
        with _online_setup(registry, replay_dir) as online:
            result = import_channels(path, registry, text, online, sheet=sheet)
    except AuditorError as exc:
        raise _fail(exc) from None
    _echo_warnings(result.file_notes, False)  # e.g. a CSV read as Thai Windows cp874
    for problem in result.problems:
        click.echo(problem_line(problem), err=True)
    for office, field, old, new in result.changes:
        click.echo(change_line(office, field, old, new))
    if result.changes or not target.is_file():
        save_config(target, result.text)
    counts = dict(rows=result.rows, changes=len(result.changes), resolved=len(result.resolved), path=target,
                  errors=len(result.errors), warnings=len(result.warnings) + len(result.file_notes))
    click.echo(words.IMPORT_SUMMARY.format(**counts) + " | " + words.IMPORT_SUMMARY_EN.format(**counts))
    sys.exit(1 if result.errors else 0)


@main.command()
@config_option
@rules_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default=DEFAULT_OUT, show_default=True,
              help="Folder for setup.html.")
@click.option("--replay", "replay_dir", type=click.Path(file_okay=False, exists=True), default=None,
              help="Replay the recordings in DIR instead of the network (fake tokens); uses DIR/auditor.toml unless --config.")
@click.option("--write-modes", is_flag=True, help="Write each website's detected way in (kind = wordpress/rss/html) into the config.")
@templates_option
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON (for scripts) instead of the table.")
def doctor(config_path, rules_path, out_dir, replay_dir, write_modes, templates_dir, as_json):
    """Check the whole setup before a month is audited: config, ruleset, tokens, every page, site,
    channel and handle, the targets and the report-sheet columns.

    Prints one line per office and channel (✓ ready, ! check, ✗ fix, ? could not check) with the
    fix, and writes OUT/setup.html. Exit codes: 0 ready for a full audit; 1 something to fix or
    unchecked; 2 usage or config error. Tokens never appear in the output.
    """
    from datetime import datetime

    from auditor.period import BANGKOK
    from auditor.present.setup import doctor_page, render_setup
    from auditor.setup.doctor import run_doctor

    if replay_dir and not config_path and (Path(replay_dir) / "auditor.toml").is_file():
        config_path = str(Path(replay_dir) / "auditor.toml")
    registry, ruleset = _load(config_path, rules_path, ())
    with _online_setup(registry, replay_dir) as online:
        report = run_doctor(registry, ruleset, online, now=datetime.now(BANGKOK))
    page = doctor_page(report, registry)
    written = render_setup(page, out_dir, templates_dir)
    if write_modes:
        _write_modes(registry, report)
    if as_json:
        rows = [vars(r) | {"status_th": r.status_th} for r in page.rows]
        click.echo(json.dumps(report.as_dict() | {"rows": rows, "setup_html": str(written)}, ensure_ascii=False, indent=2))
    else:
        _doctor_table(page)
        click.echo(page.summary + "\n" + "{} ({})".format(*operator.line("wrote_one", path=written)))
    sys.exit(0 if report.ready else 1)


def _online_setup(registry, replay_dir):
    """The session, settings and environment look-ups use; replayed from DIR's recordings when given."""
    from contextlib import contextmanager

    from auditor.collect.http import make_session
    from auditor.collect.scan import replay_env
    from auditor.setup.channels import Online

    @contextmanager
    def opened():
        with ExitStack() as stack:
            env = dict(os.environ)
            if replay_dir:
                env |= replay_env(registry)
                stack.enter_context(_replaying(Path(replay_dir), stack))
            yield Online(make_session(retries=0 if replay_dir else 2), registry.settings, env)

    return opened()


def _write_modes(registry, report) -> None:
    from auditor.present.words import setup as words
    from auditor.setup.channels import save_config
    from auditor.setup.doctor import apply_modes

    text, changed = apply_modes(Path(registry.path).read_text(encoding="utf-8"), report.modes)
    if changed:
        save_config(registry.path, text)
    click.echo(words.MODES_WRITTEN.format(count=len(changed), path=registry.path))


def _doctor_table(page) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not console.is_terminal:
        console = Console(width=160)
    table = Table(title=page.meta.title, show_lines=False)
    from auditor.present.words import setup as words

    for header in words.DOCTOR_COLUMNS:
        table.add_column(header, overflow="fold")
    style = {"ok": "green", "warn": "yellow", "fail": "red", "unknown": "yellow"}
    for r in page.rows:
        topic = r.topic_th + (f" {r.account}" if r.account else "")
        table.add_row(r.office, topic, f"[{style[r.status]}]{r.mark} {r.status_th}[/]", f"{r.text_th} ({r.text_en})", r.fix_th)
    console.print(table, highlight=False)
