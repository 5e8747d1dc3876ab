"""The CLI: exit codes and messages for good and bad input; output valid against the contract."""

import json
from pathlib import Path

import click
import jsonschema
import pytest

from auditor.audit import exit_code
from auditor.cli import main
from tests.helpers import activity, promo, write_jsonl

CONTRACTS = Path(__file__).resolve().parents[2] / "shared" / "contracts"
# The department's three rules: the bundled registry selects Ubon's edition, whose report and
# target rules stay unknown without imported data, so posts-only tests name the base edition.
BASE_RULES = str(Path(__file__).resolve().parents[1] / "rules" / "click-chumchon-2568.yaml")


@pytest.fixture
def compliant(tmp_path):
    posts = [promo(1), promo(2, platform="website"), activity(3, "อบรมผู้ประกอบการ OTOP", day=5),
             activity(4, "ประชุมคณะทำงาน", day=20)]
    return write_jsonl(tmp_path / "posts.jsonl", posts)


def run(runner, *args):
    return runner.invoke(main, list(args), catch_exceptions=False)


def test_check_writes_valid_scorecards_and_exits_0_when_all_pass(runner, compliant, tmp_path):
    result = run(runner, "check", "--month", "2568-02", "--posts", str(compliant), "--out", str(tmp_path / "out"),
                 "--district", "warin-chamrap", "--rules", BASE_RULES)
    assert result.exit_code == 0, result.output
    cards = json.loads((tmp_path / "out" / "2025-02" / "scorecards.json").read_text(encoding="utf-8"))
    schema = json.loads((CONTRACTS / "scorecards.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(cards)
    assert [d["verdict"] for d in cards["districts"]] == ["pass"]
    assert "วารินชำราบ" in result.output and "ผ่าน" in result.output


def test_scorecards_json_is_compact_unless_pretty(runner, compliant, tmp_path):
    texts = {}
    for flag in ((), ("--pretty",)):
        out = tmp_path / ("pretty" if flag else "compact")
        result = run(runner, "check", "--month", "2025-02", "--posts", str(compliant), "--out", str(out),
                     "--district", "warin-chamrap", "--rules", BASE_RULES, "--quiet", *flag)
        assert result.exit_code == 0, result.output
        texts[bool(flag)] = (out / "2025-02" / "scorecards.json").read_text(encoding="utf-8")
    assert texts[False].count("\n") == 1 and "วารินชำราบ" in texts[False]
    assert '\n  "districts": [' in texts[True]
    compact, pretty = json.loads(texts[False]), json.loads(texts[True])
    compact.pop("generated_at"), pretty.pop("generated_at")
    assert compact == pretty


def test_the_schema_checks_date_time_formats():
    """Without rfc3339-validator, jsonschema skips 'format: date-time' silently; make sure it does not."""
    assert not jsonschema.FormatChecker().conforms("2025-02-01 00:00", "date-time")


def test_check_exits_1_when_a_district_fails(runner, compliant, tmp_path):
    result = run(runner, "check", "--month", "2025-02", "--posts", str(compliant), "--out", str(tmp_path), "--quiet",
                 "--rules", BASE_RULES)
    assert result.exit_code == 1 and result.output == ""
    cards = json.loads((tmp_path / "2025-02" / "scorecards.json").read_text(encoding="utf-8"))
    assert len(cards["districts"]) == 25 and cards["summary"]["pass"] == 1


def test_exit_code_3_when_none_failed_but_some_are_incomplete():
    assert exit_code({"districts": [{"verdict": "pass"}, {"verdict": "incomplete"}]}) == 3
    assert exit_code({"districts": [{"verdict": "fail"}, {"verdict": "incomplete"}]}) == 1
    assert exit_code({"districts": [{"verdict": "pass"}]}) == 0


@pytest.mark.parametrize("month", ["2025-13", "Feb-2025", "25-02", "2025-2"])
def test_bad_month_is_a_usage_error(runner, compliant, month):
    result = run(runner, "check", "--month", month, "--posts", str(compliant))
    assert result.exit_code == 2
    assert "YYYY-MM" in result.output or "01 to 12" in result.output


def test_missing_posts_file(runner, tmp_path):
    result = run(runner, "check", "--month", "2025-02", "--posts", str(tmp_path / "nope.jsonl"))
    assert result.exit_code == 2 and "nope.jsonl: posts file not found" in result.output


def test_malformed_lines_are_reported_and_skipped(runner, tmp_path):
    path = tmp_path / "posts.jsonl"
    write_jsonl(path, [promo(1), {"platform": "facebook"}, promo(2, platform="website"),
                       {**promo(3).to_dict(), "published_at": "2025-02-10T10:00:00"},
                       {**promo(4).to_dict(), "district": "atlantis"}, {**promo(5).to_dict(), "platform": "myspace"}])
    with path.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    result = runner.invoke(main, ["check", "--month", "2025-02", "--posts", str(path), "--out", str(tmp_path),
                                  "--district", "warin-chamrap"])
    out = result.output
    for fragment in [f"{path}:2: post_id: required field is missing",f"{path}:4: published_at: date-time has no UTC offset", f"{path}:5: district: unknown district id 'atlantis'",
                     f"{path}:6: platform: 'myspace' is not one of", f"{path}:7: (line): not valid JSON"]:
        assert fragment in out, fragment
    cards = json.loads((tmp_path / "2025-02" / "scorecards.json").read_text(encoding="utf-8"))
    assert cards["summary"]["skipped_lines"] == 5
    assert cards["districts"][0]["rules"][0]["observed"] == 2  # the good lines were used


def test_unknown_district_option(runner, compliant):
    result = run(runner, "check", "--month", "2025-02", "--posts", str(compliant), "--district", "atlantis")
    assert result.exit_code == 2 and "unknown district id(s): atlantis" in result.output


def test_broken_config_names_file_district_and_key(runner, compliant, make_registry):
    bad = make_registry.file(replace={'name_en = "Khemarat"\n': ""})
    result = run(runner, "check", "--month", "2025-02", "--posts", str(compliant), "--config", str(bad))
    assert result.exit_code == 2
    assert f"{bad}: offices[5] (khemarat).name_en: required string is missing" in " ".join(result.output.split())
    make_registry.file("[[offices]\n")
    result = run(runner, "check", "--month", "2025-02", "--posts", str(compliant), "--config", str(bad))
    assert result.exit_code == 2 and "not valid TOML" in result.output
    assert "ตรวจเครื่องหมายคำพูด วงเล็บ และเครื่องหมาย =" in result.output


def test_a_key_given_twice_in_the_config_is_named_as_such(runner, compliant, tmp_path):
    config = tmp_path / "auditor.toml"
    config.write_text('[registry]\nprovince = "ubon"\nprovince = "ubon"\n', encoding="utf-8")
    result = run(runner, "check", "--month", "2025-02", "--posts", str(compliant), "--config", str(config))
    assert result.exit_code == 2 and "ที่บรรทัด 3" in result.output
    assert "ซ้ำกับที่มีอยู่แล้วข้างบน" in result.output and "ตรวจเครื่องหมายคำพูด" not in result.output


@pytest.mark.parametrize("replacement", ["office_hashtags = []\n", ""])
def test_a_district_without_office_hashtags_is_refused(runner, compliant, make_registry, replacement):
    # without one the office-tag requirement would silently vanish for that district
    bad = make_registry.file(replace={'office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอเขมราฐ"]\n': replacement})
    result = run(runner, "check", "--month", "2025-02", "--posts", str(compliant), "--config", str(bad))
    assert result.exit_code == 2
    assert f"{bad}: offices[5] (khemarat).office_hashtags: a district needs at least one" in " ".join(result.output.split())


def test_the_provincial_office_may_have_no_office_hashtag(make_registry):
    registry = make_registry(replace={'office_hashtags = ["#สำนักงานพัฒนาชุมชนจังหวัดอุบลราชธานี"]\n': ""})
    assert registry.get("province").office_hashtags == ()


def test_json_flag_prints_scorecards(runner, compliant, tmp_path):
    result = run(runner, "check", "--month", "2025-02", "--posts", str(compliant), "--out", str(tmp_path), "--json",
                 "--district", "warin-chamrap")
    assert json.loads(result.stdout)["districts"][0]["district"] == "warin-chamrap"


def test_rules_command_runs_the_examples(runner):
    result = run(runner, "rules")
    assert result.exit_code == 0 and "examples hold" in result.output and "activity-count" in result.output


def _commands(group=main, prefix=()):
    """Every command, subcommands of groups (override add, channels import, …) included."""
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_every_command_has_help(runner):
    for names, command in _commands():
        result = run(runner, *names, "--help")
        assert result.exit_code == 0 and command.help, " ".join(names)


def test_every_command_is_documented_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for names, _ in _commands():
        assert f"auditor {' '.join(names)}" in readme, f"README does not document 'auditor {' '.join(names)}'"


def test_an_output_folder_that_cannot_be_written_is_a_clear_error(runner, compliant, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the output folder should go", encoding="utf-8")
    result = run(runner, "check", "--month", "2025-02", "--posts", str(compliant), "--out", str(blocker / "out"))
    assert result.exit_code == 2
    assert "not-a-folder" in result.output and "Traceback" not in result.output


def test_quiet_scan_prints_only_errors(demo_scan):
    """--quiet: no table, no progress, no warnings; rows the demo sheet cannot use and the channel
    that could not be collected are still reported (each Thai, then the English for logs)."""
    result = demo_scan.result  # the session's replay of the demo ran with --quiet
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    pairs = [(th.split(": ")[0], en.split(": ")[0]) for th, en in zip(lines[::2], lines[1::2])]
    assert len(lines) % 2 == 0 and set(pairs) == {("ข้ามแถว", "  skipped"), ("เก็บข้อมูลไม่ได้", "  not collected")}, lines


@pytest.mark.parametrize("content, says", [("", "the file is empty"), ("{not json}\n", "1 line skipped"), ("{not json}\n{\n", "2 lines skipped")])
def test_a_posts_file_with_no_usable_post_is_an_input_error(runner, tmp_path, content, says):
    path = tmp_path / "posts.jsonl"
    path.write_text(content, encoding="utf-8")
    result = run(runner, "check", "--month", "2025-02", "--posts", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and f"posts.jsonl: no usable post ({says})" in result.output


def test_report_before_any_scan_says_what_to_run(runner, tmp_path):
    result = run(runner, "report", "--month", "2025-02", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "run 'auditor scan --month 2025-02' first" in result.output
    assert "--posts" not in result.output


def test_check_without_config_uses_the_config_of_the_last_scan(runner, demo_copy, tmp_path, monkeypatch, no_http):
    """After the replayed demo, `auditor check` re-judges with the demo's registry, not the bundled one,
    and agrees with the scan (the same verdicts, the same reconciliation of the reported links) without
    making a single HTTP request."""
    demo = Path(__file__).resolve().parents[1] / "cassettes" / "demo"
    monkeypatch.chdir(tmp_path)
    checked = runner.invoke(main, ["check", "--month", "2025-02", "--json", "--db", str(demo_copy.db),
                                   "--out", str(tmp_path / "out")])
    assert f"using the config of the last scan of 2025-02: {demo / 'auditor.toml'}" in checked.stderr
    scanned, rechecked = demo_copy.cards, json.loads(checked.stdout)
    verdicts = [{d["district"]: d["verdict"] for d in cards["districts"]} for cards in (scanned, rechecked)]
    assert verdicts[0] == verdicts[1] and "incomplete" in verdicts[1].values()
    reconciled = [{d["district"]: d.get("reconciliation") for d in cards["districts"]} for cards in (scanned, rechecked)]
    assert reconciled[0] == reconciled[1] and any(reconciled[0].values())


def test_replaying_a_month_the_bundle_did_not_record_is_a_clear_error(runner, tmp_path, monkeypatch):
    demo = Path(__file__).resolve().parents[1] / "cassettes" / "demo"
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["scan", "--month", "2025-03", "--replay", str(demo), "--quiet"])
    assert result.exit_code == 2
    assert f"{demo}: no recordings for 2025-03" in result.output and "Traceback" not in result.output


def test_a_scan_with_no_channel_configured_says_so(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    empty = tmp_path / "replay"
    empty.mkdir()
    result = runner.invoke(main, ["scan", "--month", "2025-02", "--replay", str(empty), "--district", "warin-chamrap"])
    assert "lists no channel" in result.stderr


def test_a_templates_folder_replaces_bundled_templates_by_name(runner, compliant, tmp_path):
    own = tmp_path / "templates"
    own.mkdir()
    (own / "_footer.html").write_text("<footer>สำนักงานพัฒนาชุมชนจังหวัดอุบลราชธานี · {{ page.meta.generated }}</footer>\n",
                                      encoding="utf-8")
    out = tmp_path / "out"
    result = run(runner, "check", "--month", "2025-02", "--posts", str(compliant), "--out", str(out),
                 "--district", "warin-chamrap", "--templates", str(own), "--rules", BASE_RULES)
    assert result.exit_code == 0, result.output
    page = (out / "2025-02" / "districts" / "warin-chamrap.html").read_text(encoding="utf-8")
    assert "<footer>สำนักงานพัฒนาชุมชนจังหวัดอุบลราชธานี" in page
    assert "อำเภอวารินชำราบ" in page  # the other templates still come from the bundle


def test_pdf_without_a_browser_says_so_and_still_writes_the_pages(runner, compliant, tmp_path, monkeypatch):
    monkeypatch.setattr("auditor.present.chromium.shutil.which", lambda name: None)
    monkeypatch.delenv("AUDITOR_CHROMIUM", raising=False)
    result = run(runner, "check", "--month", "2025-02", "--posts", str(compliant), "--out", str(tmp_path), "--quiet", "--pdf")
    assert result.exit_code == 1  # the verdict's exit code: some districts fail
    assert "error: --pdf: headless Chromium is not installed" in result.output and "No PDF was written" in result.output
    assert (tmp_path / "2025-02" / "index.html").is_file() and (tmp_path / "2025-02" / "scorecards.xlsx").is_file()
    assert not list((tmp_path / "2025-02").rglob("*.pdf"))


@pytest.mark.parametrize("args, thai, english", [
    (["scan"], "ข้อผิดพลาด: ยังไม่ได้ระบุ --month ซึ่งคำสั่งนี้ต้องใช้", "Error: Missing option '--month'."),
    (["scan", "--month", "2025-02", "--platfrom", "x"], "ข้อผิดพลาด: คำสั่งนี้ไม่มีตัวเลือก --platfrom หมายถึง --platform หรือไม่",
     "Error: No such option '--platfrom'. Did you mean '--platform'?"),
    (["scan", "--month", "2025-02", "--replay", "no/such/dir"], "ข้อผิดพลาด: ค่าของ --replay ใช้ไม่ได้",
     "Error: Invalid value for '--replay': Directory 'no/such/dir' does not exist."),
    (["scna"], "ข้อผิดพลาด: ไม่มีคำสั่ง scna หมายถึง scan หรือไม่", "Error: No such command 'scna'. Did you mean 'scan'?"),
    (["--bogus"], "ข้อผิดพลาด: คำสั่งนี้ไม่มีตัวเลือก --bogus", "Error: No such option '--bogus'."),
    (["override", "ad"], "ข้อผิดพลาด: ไม่มีคำสั่ง ad หมายถึง add หรือไม่", "Error: No such command 'ad'. Did you mean 'add'?"),
    (["evidence", "verify"], "ข้อผิดพลาด: ยังไม่ได้ระบุ DIRECTORY ซึ่งคำสั่งนี้ต้องใช้", "Error: Missing argument 'DIRECTORY'."),
])
def test_usage_errors_are_said_thai_first_with_clicks_english_and_the_help(runner, args, thai, english):
    result = runner.invoke(main, args, prog_name="auditor")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    at = lines.index(thai)
    assert lines[at + 1] == english and lines[at + 2].startswith("ดูวิธีใช้: auditor") and "--help" in lines[at + 2]


def test_shell_completion_is_not_stopped_by_an_unknown_command_name(runner):
    """Completion parses resiliently: a word that is no command yet completes to nothing, no error."""
    env = {"_AUDITOR_COMPLETE": "bash_complete", "COMP_WORDS": "auditor scna --mo", "COMP_CWORD": "2"}
    result = runner.invoke(main, [], env=env, prog_name="auditor")
    assert result.exit_code == 0 and result.exception is None and "Error" not in result.output
    env = {"_AUDITOR_COMPLETE": "bash_complete", "COMP_WORDS": "auditor sc", "COMP_CWORD": "1"}
    assert "scan" in runner.invoke(main, [], env=env, prog_name="auditor").output
