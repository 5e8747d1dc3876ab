"""The command line: each command opens its inputs, calls one library function, and turns a
library error into a clear message and exit code. Only this module talks to the terminal."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from auditor import __version__
from auditor.audit import EXIT_USAGE, audit_month, month_dir, write_scorecards
from auditor.errors import AuditorError
from auditor.period import Month, parse_month
from auditor.posts_io import read_posts
from auditor.registry import Registry, load_registry
from auditor.ruleset import load_ruleset

VERDICT_MARK = {"pass": "✓ ผ่าน", "fail": "✗ ไม่ผ่าน", "incomplete": "? ไม่ครบ", "unknown": "?"}
VERDICT_STYLE = {"pass": "green", "fail": "red", "incomplete": "yellow", "unknown": "yellow"}
DEFAULT_OUT = "auditor-data/reports"


class AuditorClickError(click.ClickException):
    """A usage, config or input error: exit code 2."""

    exit_code = EXIT_USAGE


def _fail(exc: Exception) -> AuditorClickError:
    return AuditorClickError(str(exc))


def _month(ctx, param, value) -> Month | None:
    if value is None:
        return None
    try:
        return parse_month(value)
    except AuditorError as exc:
        raise click.BadParameter(str(exc)) from None


month_option = click.option("--month", "month", required=True, callback=_month, metavar="YYYY-MM",
                            help="Month to audit, Gregorian (2025-02) or Buddhist Era (2568-02); Asia/Bangkok calendar.")
config_option = click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
                             help="District registry (auditor.toml). Default: ./auditor.toml, else the bundled Ubon Ratchathani registry.")
rules_option = click.option("--rules", "rules_path", type=click.Path(dir_okay=False), default=None,
                            help="Ruleset YAML. Default: the bundled rules/click-chumchon-2568.yaml.")
out_option = click.option("--out", "out_dir", type=click.Path(file_okay=False), default=DEFAULT_OUT, show_default=True,
                          help="Output directory; results go to OUT/YYYY-MM/.")
quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
json_option = click.option("--json", "as_json", is_flag=True, help="Print scorecards.json to stdout (for scripts) instead of the table.")
district_option = click.option("--district", "districts", multiple=True, metavar="ID",
                               help="Only this district (repeatable). Ids as in the registry, e.g. warin-chamrap.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def main():
    """Audit Click ชุมชน publicity of district Community Development offices and write monthly scorecards.

    Exit codes: 0 every district passed; 1 at least one district failed; 3 none failed but some
    are incomplete (a channel could not be collected); 2 usage, config or input error.
    """


@main.command()
@month_option
@click.option("--posts", "posts_path", type=click.Path(dir_okay=False), required=True,
              help="Posts file: JSON Lines, one Post (post.schema.json) per line.")
@config_option
@rules_option
@out_option
@district_option
@quiet_option
@json_option
def check(month, posts_path, config_path, rules_path, out_dir, districts, quiet, as_json):
    """Evaluate a posts file for a month and write OUT/YYYY-MM/scorecards.json.

    Every channel is treated as collected. Bad lines are reported as FILE:LINE: field: problem
    and skipped; the rest are used.
    """
    registry, ruleset = _load(config_path, rules_path, districts)
    try:
        posts_file = read_posts(posts_path, {o.id for o in registry.offices})
    except AuditorError as exc:
        raise _fail(exc) from None
    for line_error in posts_file.errors:
        click.echo(f"skipped {line_error}", err=True)
    result = audit_month(posts_file.posts, registry, ruleset, month, districts=list(districts) or None,
                         line_errors=posts_file.errors)
    result.written.append(write_scorecards(result.scorecards, month_dir(out_dir, month)))
    _finish(result, quiet, as_json)


@main.command()
@rules_option
@config_option
def rules(rules_path, config_path):
    """List a ruleset's rules and run its inline examples (exit 1 when an example fails)."""
    from auditor.examples import run_examples

    registry, ruleset = _load(config_path, rules_path, ())
    console = Console()
    console.print(f"{ruleset.id} v{ruleset.version}: {ruleset.title_th} ({ruleset.path})", highlight=False)
    for rule in (*ruleset.post_rules, *ruleset.monthly_rules):
        console.print(f"  {rule.scope:7} {rule.id:20} {rule.title_th}", highlight=False)
    results = run_examples(ruleset, registry)
    failed = [r for r in results if not r.ok]
    for r in failed:
        console.print(f"[red]example failed[/] {r.rule}[{r.index}]: {r.message}", highlight=False)
    console.print(f"{len(results) - len(failed)} of {len(results)} examples hold", highlight=False)
    sys.exit(1 if failed else 0)


def _load(config_path, rules_path, districts) -> tuple[Registry, object]:
    try:
        registry = load_registry(config_path)
        ruleset = load_ruleset(rules_path, registry.ruleset_parameters)
    except AuditorError as exc:
        raise _fail(exc) from None
    unknown = [d for d in districts if d not in {o.id for o in registry.districts}]
    if unknown:
        raise AuditorClickError(f"unknown district id(s): {', '.join(unknown)} (see {registry.path}; e.g. {registry.districts[0].id})")
    return registry, ruleset


def _finish(result, quiet: bool, as_json: bool) -> None:
    cards = result.scorecards
    if as_json:
        click.echo(json.dumps(cards, ensure_ascii=False, indent=2))
    elif not quiet:
        Console().print(summary_table(cards))
        s = cards["summary"]
        click.echo(f"ผ่าน {s['pass']} · ไม่ผ่าน {s['fail']} · ข้อมูลไม่ครบ {s['incomplete']} อำเภอ | "
                   f"posts {s['posts']}, unattributed {s['unattributed']}, outside month {s['outside_month']}, "
                   f"skipped lines {s['skipped_lines']}")
        for path in result.written:
            click.echo(f"wrote {path}")
    sys.exit(result.exit_code)


def summary_table(cards: dict) -> Table:
    """One row per district: verdict and each monthly rule as observed/required."""
    table = Table(title=f"Click ชุมชน — {cards.get('month_label_th', cards['month'])}", show_lines=False)
    table.add_column("อำเภอ / District")
    table.add_column("ผล")
    for meta in cards.get("rules_meta", []):
        table.add_column(meta.get("short_th") or meta["rule"], justify="right")
    table.add_column("errors", justify="right")
    for d in cards["districts"]:
        cells = [f"[{VERDICT_STYLE[r['verdict']]}]{r.get('observed')}/{r.get('required')}[/]" for r in d["rules"]]
        table.add_row(d["name"], f"[{VERDICT_STYLE[d['verdict']]}]{VERDICT_MARK[d['verdict']]}[/]", *cells,
                      str(len(d["errors"])) if d["errors"] else "")
    return table
