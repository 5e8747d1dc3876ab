"""Nothing looked at is never non-compliance: rules on platforms a district has no channel on are
unknown (`not_configured`), a month never scanned is not re-checked, and the bundled registry runs
the Ubon edition."""

import json

import pytest
from click.testing import CliRunner

from auditor.audit import configured_platforms
from auditor.cli import main
from auditor.registry import default_config_path, load_registry
from auditor.codes import TodoCode
from auditor.rules.engine import evaluate
from auditor.rules.ruleset import load_ruleset
from auditor.period import Month
from tests.helpers import promo

FEB = Month(2025, 2)
NOT_CONFIGURED = TodoCode.NOT_CONFIGURED  # "not_configured"


@pytest.fixture(scope="module")
def registry():
    return load_registry(default_config_path())


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


def verdicts(ev, district="warin-chamrap"):
    d = next(d for d in ev.districts if d.office.id == district)
    return d.verdict, {r.rule.id: (r.verdict, _why(r.verdict, r.todo and r.todo.code)) for r in d.rules}


def _why(verdict, code):
    """An undecided rule's reason code ('' for a decided rule)."""
    return str(code or "") if verdict == "unknown" else ""


def test_a_district_without_any_channel_is_incomplete_not_failed(registry, ruleset):
    ev = evaluate([], registry, ruleset, FEB, [], configured={"warin-chamrap": set()})
    verdict, rules = verdicts(ev)
    assert verdict == "incomplete"
    assert set(rules.values()) == {("unknown", NOT_CONFIGURED)}


def test_only_rules_on_unconfigured_platforms_are_unknown(registry, ruleset):
    """A website but no Facebook page: the post rules can fail, the Facebook activity rule cannot."""
    ev = evaluate([promo(1, platform="website")], registry, ruleset, FEB, [],
                  configured={"warin-chamrap": {"website"}})
    verdict, rules = verdicts(ev)
    assert rules == {"promotion-posts": ("fail", ""), "promotion-channels": ("fail", ""),
                     "activity-count": ("unknown", NOT_CONFIGURED)}
    assert verdict == "fail"


def test_a_rule_that_passes_passes_whatever_was_configured(registry, ruleset):
    posts = [promo(1), promo(2, platform="website")]
    ev = evaluate(posts, registry, ruleset, FEB, [], configured={"warin-chamrap": set()})
    assert verdicts(ev)[1]["promotion-posts"] == ("pass", "")


def test_a_posts_file_counts_every_channel_as_configured(registry, ruleset):
    ev = evaluate([], registry, ruleset, FEB)  # configured=None: not judged
    assert verdicts(ev) == ("fail", {"promotion-posts": ("fail", ""), "promotion-channels": ("fail", ""),
                                     "activity-count": ("fail", "")})


def test_configured_platforms_come_from_a_districts_own_channels_and_links(tmp_path):
    config = tmp_path / "auditor.toml"
    config.write_text(default_config_path().read_text(encoding="utf-8").replace(
        'id = "warin-chamrap"\nname_th = "วารินชำราบ"\nname_en = "Warin Chamrap"\n'
        'office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอวารินชำราบ"]\nchannels = {}',
        'id = "warin-chamrap"\nname_th = "วารินชำราบ"\nname_en = "Warin Chamrap"\n'
        'office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอวารินชำราบ"]\n'
        'links = ["https://www.tiktok.com/@cdd_warin/video/7470000000000000000"]\n'
        'channels = { facebook = { page_id = "104500000000013" } }'), encoding="utf-8")
    platforms = configured_platforms(load_registry(config))
    assert platforms["warin-chamrap"] == {"facebook", "tiktok"}
    assert platforms["khemarat"] == set() and "province" not in platforms


def test_a_scan_with_the_bundled_registry_and_no_channels_exits_3_every_district_not_configured(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["scan", "--month", "2025-02", "--out", str(out), "--db", str(tmp_path / "a.db"),
                                       "--quiet"], catch_exceptions=False)
    assert result.exit_code == 3, result.output
    cards = json.loads((out / "2025-02" / "scorecards.json").read_text(encoding="utf-8"))
    assert cards["ruleset"]["id"] == "click-chumchon-2568-ubon"  # the bundled registry selects Ubon's edition
    assert len(cards["districts"]) == 25 and {d["verdict"] for d in cards["districts"]} == {"incomplete"}
    for d in cards["districts"]:
        codes = {r["rule"]: (r.get("todo") or {}).get("code") for r in d["rules"]}
        assert codes["promotion-posts"] == codes["activity-count"] == NOT_CONFIGURED, d["district"]
        assert codes["report-deadline"] != NOT_CONFIGURED  # imported data, not a channel
    page = (out / "2025-02" / "districts" / "khemarat.html").read_text(encoding="utf-8")
    assert "ยังไม่ได้ตั้งค่าช่องทาง" in page and "[offices.channels]" in page and "ไม่ผ่าน" not in page


def test_check_of_a_month_never_scanned_refuses_unless_given_posts(tmp_path):
    runner, db = CliRunner(), str(tmp_path / "a.db")
    scanned = runner.invoke(main, ["scan", "--month", "2025-02", "--db", db, "--out", str(tmp_path), "--quiet"])
    assert scanned.exit_code == 3
    result = runner.invoke(main, ["check", "--month", "2025-03", "--db", db, "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "2025-03 was never scanned" in result.output and "--posts" in result.output
    assert not (tmp_path / "out").exists()
    again = runner.invoke(main, ["check", "--month", "2025-02", "--db", db, "--out", str(tmp_path / "out"), "--quiet"])
    assert again.exit_code == 3  # a scanned month re-checks as before
