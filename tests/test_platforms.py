"""The platform table: every consumer derives from it, so a platform added to it is known everywhere."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import datetime

import pytest

from auditor import platforms
from auditor.audit import audit_month, load_month_data, stored_statuses
from auditor.cli import main
from auditor.collect.platforms import LINK_READERS, check_table
from auditor.collect.scan import channels_to_scan, collect
from auditor.models import PLATFORM_TH, PLATFORMS, Account, Post, SelfReport
from auditor.period import BANGKOK, Month
from auditor.platforms.base import Platform
from auditor.present.views import channel_label, channel_short
from auditor.resources import bundled_dir
from auditor.rules.ruleset import load_ruleset
from auditor.selfreport.imports import normalize_channel
from auditor.text.urls import normalize_url

FEB = Month(2025, 2)
TABLE = list(platforms.PLATFORMS.values())

CONFIG = """\
[province]
id = "test"
name_th = "ทดสอบ"
name_en = "Test"

[[offices]]
id = "warin-chamrap"
name_th = "วารินชำราบ"
name_en = "Warin Chamrap"
office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอวารินชำราบ"]
[offices.channels]
"""


@pytest.fixture
def with_channels(make_registry):
    """with_channels(toml): the registry of one district with these [offices.channels] lines."""
    return lambda channels: make_registry(text=CONFIG + channels)


def test_a_duplicate_platform_id_is_refused():
    with pytest.raises(ValueError, match="'line' is declared twice"):
        platforms.build_table([platforms.get("line"), platforms.get("facebook"), platforms.get("line")])


def test_the_collectors_and_readers_match_the_table():
    assert check_table() == []
    assert set(LINK_READERS) == set(platforms.PLATFORMS)  # every platform's links are at least checked


@pytest.mark.parametrize("p", TABLE, ids=lambda p: p.id)
def test_every_consumer_knows_every_platform(p: Platform, make_post, store):
    assert p.id in PLATFORMS and PLATFORM_TH[p.id] == p.label_th
    assert (channel_label(p.id), channel_short(p.id)) == (p.label_th, p.short)
    post = make_post(platform=p.id, post_id="1", url="https://example.org/1", account=Account("a"),
                     published_at=datetime(2025, 2, 3, tzinfo=BANGKOK), text="t", district=None)
    assert Post.from_dict(post.to_dict()) == post
    store.save_channel(store.start_run(FEB), _ok(p.id), [(post, {"id": "1"})])
    assert store.posts_for_month(FEB) == [post]  # the store reads back what it wrote
    for label in p.report_labels:
        assert normalize_channel(label) == p.id
    for host in p.hosts:
        assert platforms.for_host(host) is p and platforms.for_host("sub." + host) is p


@pytest.mark.parametrize("p", [p for p in TABLE if p.configurable], ids=lambda p: p.id)
def test_every_configurable_platform_is_accepted_by_the_config_and_the_cli(p: Platform, with_channels):
    value = "https://example.org/site/" if p.account_is_url else "@acct"
    registry = with_channels(f'{p.id} = {{ {p.primary_key} = "{value}" }}\n')
    assert [(c.platform, c.account) for c in registry.offices[0].channels] == [(p.id, value)]
    scan = main.commands["scan"]
    choices = next(o for o in scan.params if o.name == "platforms").type.choices
    assert p.id in choices
    scanned = [c.platform for _, c in channels_to_scan(registry)]
    assert scanned == ([p.id] if p.collected else [])  # a self-reported platform is never scanned


def _ok(platform: str):
    from auditor.models import ChannelStatus

    return ChannelStatus("warin-chamrap", platform, "a", "ok")


def test_a_line_channel_as_the_readme_writes_it_is_not_an_error(with_channels, store):
    """`line = { oa_id = … }` is self-reported: never scanned, so it never fails a month nor makes it incomplete."""
    registry = with_channels('line = { oa_id = "@cddwarin" }\n')
    result = collect(registry, FEB, store, env={})
    assert result.statuses == [] and stored_statuses(store, registry, FEB) == []
    ruleset = load_ruleset(None)
    data, _ = load_month_data(registry, FEB, store, targets=False)
    audit = audit_month([], registry, ruleset, FEB, statuses=stored_statuses(store, registry, FEB), data=data)
    assert audit.scorecards["districts"][0]["channel_status"] == []
    assert audit.exit_code == 1  # no posts: it fails on the rules, not on a LINE collection error


# --- Threads: the platform added to show what adding one takes ---------------------------------


def test_threads_links_and_labels():
    link = normalize_url("https://www.threads.net/@cdd_warin/post/C3xYz12AbCd?xmt=abc")
    assert (link.platform, link.key, link.is_post) == ("threads", "threads:C3xYz12AbCd", True)
    assert normalize_url("threads.com/@cdd_warin/post/C3xYz12AbCd").key == link.key
    assert normalize_url("https://www.threads.net/@cdd_warin").is_post is False
    assert normalize_channel("เธรดส์") == "threads" and normalize_channel("", ["https://www.threads.net/@a/post/X"]) == "threads"


def test_threads_posts_are_self_reported_when_the_edition_counts_them(with_channels):
    registry = with_channels('threads = { handle = "@cdd_warin" }\n')
    assert channels_to_scan(registry) == []
    ruleset = load_ruleset(bundled_dir("rules") / "click-chumchon-2568-ubon.yaml",
                           {"self_reported_platforms": ["line", "threads"]})
    row = SelfReport("2025-02", "warin-chamrap", datetime(2025, 2, 20, tzinfo=BANGKOK), None, "ชวนใช้ Click ชุมชน",
                     "threads", ("https://www.threads.net/@cdd_warin/post/C3xYz12AbCd",), 2, "form.csv", "k")
    data, _ = load_month_data(registry, FEB, targets=False)
    data.reports = {"warin-chamrap": [row]}
    cards = audit_month([], registry, ruleset, FEB, data=data).scorecards
    posts = cards["districts"][0]["posts"]
    assert [(p["platform"], p["self_reported"]) for p in posts] == [("threads", True)]


# --- a platform added to the table is known everywhere, with no other change -------------------

_ADD_MASTODON = textwrap.dedent("""
    import json, sys, tempfile
    from pathlib import Path
    from auditor import platforms
    from auditor.platforms.base import Link, Platform, handle

    def parse(p):
        return Link("mastodon", "mastodon:" + p.path.strip("/"), "https://mastodon.social" + p.path)

    platforms.PLATFORMS["mastodon"] = Platform(
        id="mastodon", label_th="มาสโตดอน", label_en="Mastodon", short="MD", primary_key="handle",
        account_keys=("handle",), channel_keys=("handle", "name"), hosts=("mastodon.social",), parse_url=parse,
        account_key=handle, report_labels=("mastodon", "มาสโตดอน"), collected=False)

    from datetime import datetime
    from auditor.cli import main
    from auditor.collect.platforms import LINK_READERS
    from auditor.models import Account, Post
    from auditor.period import BANGKOK
    from auditor.present.views import channel_label
    from auditor.registry import load_registry
    from auditor.selfreport.imports import normalize_channel
    from auditor.text.urls import normalize_url

    config = Path(tempfile.mkdtemp()) / "auditor.toml"
    config.write_text(sys.stdin.read() + 'mastodon = { handle = "@CDD" }\\n', encoding="utf-8")
    office = load_registry(config).offices[0]
    post = Post("mastodon", "1", "https://mastodon.social/@cdd/1", Account("@cdd"), datetime(2025, 2, 3, tzinfo=BANGKOK), "")
    print(json.dumps({
        "config": [c.platform for c in office.channels],
        "round_trip": Post.from_dict(post.to_dict()) == post,
        "label": channel_label("mastodon"),
        "choice": "mastodon" in next(o for o in main.commands["scan"].params if o.name == "platforms").type.choices,
        "url": normalize_url("https://mastodon.social/@cdd/1").platform,
        "sheet": normalize_channel("มาสโตดอน"),
        "reader": "mastodon" in LINK_READERS,
    }))
""")


def test_a_platform_added_to_the_table_is_known_everywhere():
    """Config validation, Post.from_dict, page labels, --platform choices, URLs, report sheets and
    link checks all learn a new platform from its record alone (in a fresh interpreter, so the
    derived tables are built after it was added)."""
    done = subprocess.run([sys.executable, "-c", _ADD_MASTODON], input=CONFIG, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"config": ["mastodon"], "round_trip": True, "label": "มาสโตดอน",
                                       "choice": True, "url": "mastodon", "sheet": "mastodon", "reader": True}
