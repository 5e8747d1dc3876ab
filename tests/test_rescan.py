"""Re-scans cost little: a second scan of an unchanged month asks each channel once (conditionally)
and reuses its stored posts; a changed channel is read again; a month that has ended and was
complete is not asked at all unless refreshed. Against tests/faultserver.py over loopback, which
honours conditional requests and counts what it is asked."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone

import pytest
from click.testing import CliRunner

from auditor.audit import audit_stored_month
from auditor.cli import main
from auditor.collect.scan import collect
from auditor.registry import load_registry
from auditor.rules.ruleset import load_ruleset
from auditor.store import Store

from tests import faultserver as fs
from tests.test_faults import CANARY, MONTH, config_text, stored_posts

OPEN = datetime(2025, 2, 20, tzinfo=timezone.utc)  # "now" for a month still in progress
# Link channels read each listed link (TikTok oEmbed has no validators): the one channel allowed more.
LINK_CHANNELS = {"tiktok"}
GROUPS_OF = {"facebook": "graph", "youtube-feed": "feed", "website-rest": "rest", "website-rss": "rss"}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    server = fs.FaultServer()
    root = tmp_path_factory.mktemp("rescan")
    config = root / "auditor.toml"
    config.write_text(config_text(server.base), encoding="utf-8")
    with Store.open(root / "first.db") as store:
        first = collect(load_registry(config), MONTH, store, env=CANARY, now=OPEN)
    yield {"server": server, "config": config, "root": root, "first": first}
    server.stop()


def rescan(lab, name: str, **kwargs):
    """A copy of the first scan's store scanned again: (result, verdicts, stored posts, requests the server saw)."""
    db = lab["root"] / f"{name}.db"
    shutil.copy(lab["root"] / "first.db", db)
    registry = load_registry(lab["config"])
    before = lab["server"].requests
    with Store.open(db) as store:
        result = collect(registry, MONTH, store, env=CANARY, **kwargs)
        cards = audit_stored_month(store, registry, load_ruleset(None, registry.ruleset_parameters), MONTH,
                                   lab["root"] / name).scorecards
    verdicts = {d["district"]: (d["verdict"], [r["verdict"] for r in d["rules"]]) for d in cards["districts"]}
    return result, verdicts, stored_posts(db), lab["server"].requests - before


def by_office(result) -> dict[str, dict]:
    return {r["office"]: r for r in result.requests}


def test_the_first_scan_counts_its_requests_per_channel(lab):
    first = lab["first"]
    counts = {r["office"]: r["requests"] for r in first.requests}
    assert counts["facebook"] == 2 and counts["website-rest"] == 2 and counts["youtube-feed"] == 1  # pages read
    assert counts["youtube-api"] == 4  # feed, channels, two playlist pages
    assert all(r["reused"] == "" for r in first.requests)
    assert {s.status for s in first.statuses} == {"ok"}


def test_a_second_scan_of_an_unchanged_month_asks_each_channel_once(lab):
    reference = rescan(lab, "reference", refresh=True, now=OPEN)  # everything read again: the same month
    result, verdicts, posts, asked = rescan(lab, "unchanged", now=OPEN)
    rows = by_office(result)
    assert all(r["requests"] <= 1 for office, r in rows.items() if office not in LINK_CHANNELS), rows
    assert {o for o, r in rows.items() if r["reused"] == "unchanged"} == set(rows) - LINK_CHANNELS
    assert asked == sum(r["requests"] for r in result.requests)  # the counts are what the server saw
    assert posts == reference[2] and verdicts == reference[1]
    assert {s.status for s in result.statuses} == {"ok"}


def test_a_changed_channel_is_read_again(lab):
    lab["server"].changed = set(GROUPS_OF.values())
    try:
        result, _, posts, _ = rescan(lab, "changed", now=OPEN)
    finally:
        lab["server"].changed = set()
    rows = by_office(result)
    for office in GROUPS_OF:
        assert rows[office]["reused"] == "", rows[office]  # read again (a feed's 200 is its one request)
    assert rows["youtube-api"]["reused"] == "unchanged" and rows["website-html"]["reused"] == "unchanged"
    new = {key for key in posts if key not in stored_posts(lab["root"] / "first.db")}
    assert len(new) == len(GROUPS_OF)  # each changed channel's new post is stored
    assert {posts[key]["district"] for key in new} == set(GROUPS_OF)


def test_an_ended_complete_month_is_not_asked_unless_refreshed(lab):
    # The first scan ran after the month's end by the clock (collected_at), so it settled the month.
    result, verdicts, posts, asked = rescan(lab, "settled")
    assert asked == 0 and {(r["requests"], r["reused"]) for r in result.requests} == {(0, "settled")}
    refreshed, refreshed_verdicts, refreshed_posts, asked_again = rescan(lab, "refreshed", refresh=True)
    assert asked_again == sum(r["requests"] for r in refreshed.requests) > len(refreshed.requests)
    assert all(r["reused"] == "" for r in refreshed.requests)
    assert refreshed_posts == posts and refreshed_verdicts == verdicts


def test_settled_channels_keep_their_status(lab, tmp_path):
    shutil.copy(lab["root"] / "first.db", tmp_path / "first.db")
    with Store.open(tmp_path / "first.db") as store:
        before = {(s.office, s.platform): s for s in store.latest_statuses(MONTH)}
        collect(load_registry(lab["config"]), MONTH, store, env=CANARY)
        after = {(s.office, s.platform): s for s in store.latest_statuses(MONTH)}
    assert after == before


def test_a_changed_config_reads_the_channel_whole(lab, tmp_path):
    shutil.copy(lab["root"] / "first.db", tmp_path / "first.db")
    config = tmp_path / "auditor.toml"
    config.write_text(lab["config"].read_text(encoding="utf-8").replace('kind = "rss"', 'kind = "auto"'), encoding="utf-8")
    with Store.open(tmp_path / "first.db") as store:
        result = collect(load_registry(config), MONTH, store, env=CANARY, now=OPEN)
    assert by_office(result)["website-rss"]["reused"] == ""
    assert by_office(result)["website-rest"]["reused"] == "unchanged"


def test_the_cli_reports_requests_and_takes_refresh(lab, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, value in CANARY.items():
        monkeypatch.setenv(name, value)
    args = ["scan", "--month", str(MONTH), "--config", str(lab["config"]), "--db", str(tmp_path / "a.db"),
            "--out", str(tmp_path / "out")]
    runner = CliRunner()
    first = runner.invoke(main, args)
    assert first.exit_code in (1, 3), first.output
    assert "requests" in first.stderr and "facebook 2" in first.stderr
    second = runner.invoke(main, args)
    assert "0 requests" in second.stderr and "--refresh" in second.stderr
    before = lab["server"].requests
    third = runner.invoke(main, args + ["--refresh"])
    assert third.exit_code == first.exit_code and lab["server"].requests > before
