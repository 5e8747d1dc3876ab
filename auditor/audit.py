"""Library entry points the CLI calls: audit a month from posts, write the outputs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from auditor.engine import evaluate, to_scorecards
from auditor.models import ChannelStatus, Post
from auditor.period import Month
from auditor.posts_io import LineError
from auditor.registry import Registry
from auditor.ruleset import Ruleset

EXIT_PASS, EXIT_FAIL, EXIT_USAGE, EXIT_INCOMPLETE = 0, 1, 2, 3


@dataclass
class MonthAudit:
    scorecards: dict
    line_errors: list[LineError] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return exit_code(self.scorecards)


def audit_month(posts: list[Post], registry: Registry, ruleset: Ruleset, month: Month, *,
                statuses: list[ChannelStatus] | None = None, districts: list[str] | None = None,
                line_errors: list[LineError] | None = None, as_of: datetime | None = None,
                evidence=None) -> MonthAudit:
    """Evaluate posts for a month and build the scorecards document."""
    ev = evaluate(posts, registry, ruleset, month, statuses, districts)
    cards = to_scorecards(ev, as_of=as_of, skipped_lines=len(line_errors or []), evidence=evidence)
    return MonthAudit(cards, list(line_errors or []))


def month_dir(out_dir: str | Path, month: Month) -> Path:
    return Path(out_dir) / str(month)


def write_scorecards(scorecards: dict, directory: Path) -> Path:
    """Write scorecards.json (UTF-8, Thai unescaped) into the month's directory."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "scorecards.json"
    path.write_text(json.dumps(scorecards, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def exit_code(scorecards: dict) -> int:
    """0 every district passed, 1 a district failed, 3 none failed but some are incomplete."""
    verdicts = {d["verdict"] for d in scorecards["districts"]}
    if "fail" in verdicts:
        return EXIT_FAIL
    return EXIT_INCOMPLETE if "incomplete" in verdicts else EXIT_PASS


def write_outputs(scorecards: dict, directory: Path, *, store=None, thai_digits: bool = False) -> list[Path]:
    """scorecards.json, the HTML pages and the CSV/XLSX exports for one month; keep a copy in the store."""
    from auditor.export import write_exports
    from auditor.report import render_month

    written = [write_scorecards(scorecards, directory)]
    history, months = {}, [scorecards["month"]]
    if store is not None:
        store.save_scorecards(scorecards["month"], scorecards)
        months = store.months_present()
        history = {m: cards for m in months if m < scorecards["month"] and (cards := store.load_scorecards(m))}
    written += render_month(scorecards, directory, history=history, months_present=months, thai_digits=thai_digits)
    written += write_exports(scorecards, directory)
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
