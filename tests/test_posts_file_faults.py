"""A posts file (check --posts) is a collection: a line that cannot be read is a post not collected.

Its district's rules that would fail and that the line could change are unknown (incomplete, exit 3),
never failed; its page and the overview say which line of which file. A line is one post at most: a
rule short of more than the lines that may be its district's still fails. A line that names no
district may be any district's. The lines are one status per district and platform, whatever their
number or accounts. A file saved as a whole in another encoding is refused (exit 2) with
one message naming the file and the fix; per-line messages are Thai first, and capped.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from auditor import posts_io
from auditor.audit import audit_month, skipped_line_statuses, unread_lines
from auditor.cli import main
from auditor.codes import DataNote, Kind, LineCode, Note
from auditor.models import ChannelStatus
from auditor.period import parse_month
from auditor.posts_io import LineError, foreign_encoding, read_posts
from auditor.rules.engine import evaluate
from auditor.rules.ruleset import load_ruleset
from auditor.present import words
from auditor.present.words import operator

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "tests" / "data" / "independent" / "posts-2025-02.jsonl"
BASE_RULES = ROOT / "rules" / "click-chumchon-2568.yaml"  # the department's rules: on posts only
SCHEMA = json.loads((ROOT.parent / "shared" / "contracts" / "scorecards.schema.json").read_text(encoding="utf-8"))
FEB = parse_month("2025-02")
PHIBUN = "phibun-mangsahan"


def lines() -> list[str]:
    return SOURCE.read_text(encoding="utf-8").splitlines()


def edited(tmp_path, number: int, edit) -> Path:
    """The independent posts file with line `number` (1-based) replaced by edit(its dict) (a dict, or raw text)."""
    out = lines()
    new = edit(json.loads(out[number - 1]))
    out[number - 1] = new if isinstance(new, str) else json.dumps(new, ensure_ascii=False)
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def without(key):
    return lambda d: {k: v for k, v in d.items() if k != key}


def check(tmp_path, posts: Path, *extra):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["check", "--month", "2025-02", "--posts", str(posts), "--out", str(out),
                                       "--db", str(tmp_path / "none.db"), "--rules", str(BASE_RULES), *extra])
    cards = out / "2025-02" / "scorecards.json"
    return result, (json.loads(cards.read_text(encoding="utf-8")) if cards.exists() else None), out / "2025-02"


def district(cards: dict, district_id: str) -> dict:
    return next(d for d in cards["districts"] if d["district"] == district_id)


# ---------------------------------------------------------------- a skipped line is data not collected


def test_the_file_as_written_passes_phibun(tmp_path):
    """The baseline the tests below break: every line read, Phibun Mangsahan passes."""
    result, cards, _ = check(tmp_path, SOURCE, "--district", PHIBUN)
    assert result.exit_code == 0 and district(cards, PHIBUN)["verdict"] == "pass"


@pytest.mark.parametrize("edit", [without("published_at"), lambda d: {**d, "published_at": "7 ก.พ. 2568"},
                                  lambda d: json.dumps(d, ensure_ascii=False)[:150]],  # cut off: not JSON
                         ids=["no-time", "bad-time", "cut-off"])
def test_an_unreadable_line_makes_its_district_incomplete_not_failed(tmp_path, edit):
    result, cards, folder = check(tmp_path, edited(tmp_path, 7, edit), "--district", PHIBUN)
    card = district(cards, PHIBUN)
    assert card["verdict"] == "incomplete" and result.exit_code == 3, result.output  # was fail, exit 1
    activities = next(r for r in card["rules"] if r["rule"] == "activity-count")
    assert activities["verdict"] == "unknown" and activities["observed"] == 1
    assert [b["platform"] for b in activities["blocked"]] == ["facebook"]  # the account, where the line still has it
    [error] = card["errors"]
    assert error["kind"] == Kind.POSTS_FILE and error["params"]["lines"] == [7] and error["params"]["n"] == 1
    page = (folder / "districts" / f"{PHIBUN}.html").read_text(encoding="utf-8")
    assert "อ่านบรรทัดที่ 7 ของไฟล์โพสต์" in page and "posts.jsonl" in page
    overview = (folder / "index.html").read_text(encoding="utf-8")
    assert "ไฟล์โพสต์" in overview and "บรรทัดที่ 7" in overview and str(tmp_path / "posts.jsonl") in overview
    jsonschema.validate(cards, SCHEMA)


@pytest.mark.parametrize("join", [lambda a, b: a + b, lambda a, b: f"[{a}, {b}]"], ids=["two-files-joined", "json-array"])
def test_a_line_holding_two_posts_may_close_a_shortfall_of_two(tmp_path, join):
    """`cat a.jsonl b.jsonl` with no newline at the end of a.jsonl puts two posts on one line (and a
    JSON array holds several): the line may be two posts, whichever districts they are, so a district
    two activities short that passes without the line is not failed for it."""
    out = lines()
    warin = [i for i, line in enumerate(out) if json.loads(line).get("district") == "warin-chamrap"]
    result, cards, _ = check(tmp_path, SOURCE, "--district", "warin-chamrap")
    assert district(cards, "warin-chamrap")["verdict"] == "pass"
    first, second = warin[:2]
    kept = [line for i, line in enumerate(out) if i not in (first, second)]
    path = tmp_path / "joined.jsonl"
    path.write_text("\n".join(kept + [join(out[first], out[second])]) + "\n", encoding="utf-8")
    result, cards, _ = check(tmp_path, path, "--district", "warin-chamrap")
    card = district(cards, "warin-chamrap")
    assert card["verdict"] != "fail" and result.exit_code == 3, result.output
    assert card["errors"][0]["params"]["missing_at_most"] == 2


def appended(tmp_path, *extra: str) -> Path:
    """The independent posts file with these raw lines after its own."""
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(lines() + list(extra)) + "\n", encoding="utf-8")
    return path


# Without any bad line: the districts that fail and by how much their failing rules are short (to-do n).
SHORT_BY_ONE = {"khong-chiam", "khueang-nai", "det-udom"}  # every failing rule one short
SHORT_BY_TWO = "si-mueang-mai"  # promotion posts, channels and activities each two short


def test_the_districts_the_tests_below_rely_on_fail_as_stated(tmp_path):
    result, cards, _ = check(tmp_path, SOURCE)
    for d in cards["districts"]:
        shortfalls = {r["todo"]["n"] for r in d["rules"] if r["verdict"] == "fail"}
        assert (shortfalls == {1}) == (d["district"] in SHORT_BY_ONE), d["district"]
    assert {r["todo"]["n"] for r in district(cards, SHORT_BY_TWO)["rules"]} == {2}
    assert result.exit_code == 1


def test_a_line_naming_no_district_rescues_only_the_districts_it_could(tmp_path):
    """One line is one post at most: a district two posts, channels or activities short still fails.
    (Before, one such line made every failing district of the province incomplete.)"""
    result, cards, folder = check(tmp_path, appended(tmp_path, '{"this is not": a post'))
    verdicts = {d["district"]: d["verdict"] for d in cards["districts"]}
    assert {d for d, v in verdicts.items() if v == "incomplete"} == SHORT_BY_ONE
    assert verdicts[SHORT_BY_TWO] == "fail" and result.exit_code == 1
    assert verdicts["warin-chamrap"] == "pass"  # a district that passes without the line still passes
    codes = [w["code"] for w in cards["warnings"]]
    assert DataNote.POSTS_FILE_LINES in codes and DataNote.POSTS_FILE_ANY_DISTRICT in codes
    page = (folder / "districts" / "det-udom.html").read_text(encoding="utf-8")
    assert "เพราะตรวจสอบโพสต์ที่ไม่ทราบช่องทางไม่ได้" in page and "ไม่ได้บอกว่าเป็นของอำเภอใด" in page
    failed = next(r for r in district(cards, SHORT_BY_TWO)["rules"] if r["rule"] == "activity-count")
    assert failed["verdict"] == "fail" and failed["todo"]["n"] == 2 and "blocked" not in failed
    jsonschema.validate(cards, SCHEMA)


def test_as_many_lines_naming_no_district_as_a_shortfall_leave_it_undecided(tmp_path):
    result, cards, _ = check(tmp_path, appended(tmp_path, '{"this is not": a post', '{"nor": this'))
    verdicts = {d["district"]: d["verdict"] for d in cards["districts"]}
    assert "fail" not in verdicts.values() and verdicts[SHORT_BY_TWO] == "incomplete" and result.exit_code == 3
    [error] = district(cards, SHORT_BY_TWO)["errors"]  # the two lines: one status, not one per line
    assert error["platform"] == "*" and error["params"]["n"] == 2 and error["params"]["lines"] == [len(lines()) + 1, len(lines()) + 2]


def test_a_line_whose_platform_cannot_be_read_blocks_every_channel_rule_of_its_district(tmp_path):
    """Cut off right after its district: the lines could be on any platform. Khemarat is two
    activities short: two lines may close that, one may not."""
    cut = '{"district": "khemarat", "post_id": "x", "text": "ชวนดาวน์'
    result, cards, _ = check(tmp_path, appended(tmp_path, cut, cut), "--district", "khemarat")
    card = district(cards, "khemarat")
    assert card["verdict"] == "incomplete" and result.exit_code == 3
    assert all(r["verdict"] == "unknown" and r["blocked"] == [{"platform": "*", "account": ""}] for r in card["rules"])
    assert card["errors"][0]["params"]["unattributed"] is False
    result, cards, _ = check(tmp_path, appended(tmp_path, cut), "--district", "khemarat")
    rules = {r["rule"]: r["verdict"] for r in district(cards, "khemarat")["rules"]}
    assert rules == {"promotion-posts": "unknown", "promotion-channels": "unknown", "activity-count": "fail"}
    assert result.exit_code == 1


@pytest.mark.parametrize("platform", ["Facebook", "fb", "facebook.com"])
def test_a_line_on_a_platform_not_in_the_table_may_be_on_any(tmp_path, platform):
    """Read whole but refused for its platform: its post may be on any channel, not on one called "Facebook"."""
    result, cards, _ = check(tmp_path, edited(tmp_path, 7, lambda d: {**d, "platform": platform}), "--district", PHIBUN)
    card = district(cards, PHIBUN)
    assert card["verdict"] == "incomplete" and result.exit_code == 3, result.output  # was fail, exit 1
    activities = next(r for r in card["rules"] if r["rule"] == "activity-count")
    assert activities["verdict"] == "unknown" and activities["blocked"] == [{"platform": "*", "account": ""}]


@pytest.mark.parametrize("name", ["Phibun-Mangsahan", "PHIBUN MANGSAHAN", "อำเภอพิบูลมังสาหาร", "phibun-mangsaham"])
def test_a_line_naming_its_district_as_people_write_it_is_that_districts(tmp_path, name):
    """Its account is not in the registry and its text has no office hashtag: the district field alone
    says whose it is, read as --district reads one (case, Thai name, a near miss), not taken for
    another province's post."""
    def renamed(d):
        text = d["text"].replace("#สำนักงานพัฒนาชุมชนอำเภอพิบูลมังสาหาร", "")
        return {**d, "district": name, "account": {"id": "someone-else"}, "text": text}
    result, cards, _ = check(tmp_path, edited(tmp_path, 7, renamed), "--district", PHIBUN)
    assert "ข้ามบรรทัด" in result.output
    card = district(cards, PHIBUN)
    assert card["verdict"] == "incomplete" and result.exit_code == 3, result.output  # was fail, exit 1
    assert card["errors"][0]["params"]["lines"] == [7]


def test_a_near_miss_in_the_district_field_does_not_outweigh_the_account(make_registry):
    """'warin-chamrab' is near warin-chamrap, but the line's account is Phibun Mangsahan's page: the
    account says for sure whose post it is, the near miss only guesses."""
    registry = make_registry(replace={PHIBUN_OFFICE: PHIBUN_OFFICE.replace("channels = {}", 'channels = { facebook = "104500000000099" }')})
    line = LineError("p.jsonl", 3, "m", LineCode.MISSING, {},
                     {"platform": "facebook", "account": "104500000000099", "district": "warin-chamrab"})
    near_only = LineError("p.jsonl", 4, "m", LineCode.MISSING, {}, {"platform": "facebook", "district": "warin-chamrab"})
    groups = unread_lines([line, near_only], registry, FEB)
    assert {key: [e.line for e in errors] for key, errors in groups.items()} == {
        (PHIBUN, "facebook"): [3], ("warin-chamrap", "facebook"): [4]}


def test_many_unreadable_lines_are_one_status_per_district_and_platform(registry):
    """300 lines from 300 accounts no district owns (the nationwide case): each district gets one status
    per platform the lines may be on, with their count and the first line numbers; the scorecards do
    not grow with the number of lines or accounts."""
    posts = read_posts(SOURCE).posts

    def broken(n: int, platform: str = "facebook") -> list[LineError]:
        return [LineError("p.jsonl", 1000 + i, "m", LineCode.NOT_JSON, {},
                          {"platform": platform, "account": f"99990000{i:05d}"}) for i in range(n)]

    unread = unread_lines(broken(300) + broken(5, "Facebook"), registry, FEB)
    statuses = skipped_line_statuses(unread, registry)
    assert len(statuses) == 2 * len(registry.districts)
    by_platform = {s.platform: s.params for s in statuses if s.office == PHIBUN}
    assert by_platform["facebook"]["n"] == 300 and by_platform["facebook"]["lines"] == list(range(1000, 1020))
    assert by_platform["facebook"]["more"] == 280 and by_platform["*"]["n"] == 5
    assert {s.account for s in statuses} == {""}

    def size(n: int) -> int:
        cards = audit_month(posts, registry, load_ruleset(BASE_RULES), FEB, line_errors=broken(n)).scorecards
        assert all(len(d["errors"]) == 1 for d in cards["districts"])
        return len(json.dumps(cards, ensure_ascii=False))
    assert size(300) - size(30) < 500  # a line number or two more wide, never a status per account


def test_a_shortfall_larger_than_the_lines_that_may_close_it_fails(registry):
    """In the engine: statuses that say how many posts they lack at most (a posts file's lines) leave a
    count rule undecided only when together they could close its shortfall; a channel that could not
    be collected (size unknown) always does."""
    ruleset = load_ruleset(BASE_RULES)  # 2 posts, on 2 channels, and 2 activities on Facebook

    def verdicts(*statuses):
        [d] = evaluate([], registry, ruleset, FEB, list(statuses), [PHIBUN]).districts
        return {r.rule.id: r.verdict for r in d.rules}

    def lines_on(platform: str, n: int) -> ChannelStatus:
        return ChannelStatus(PHIBUN, platform, "", "partial", "x", Kind.POSTS_FILE,
                             {"file": "p", "lines": list(range(1, n + 1)), "n": n, "missing_at_most": n})

    assert verdicts() == dict.fromkeys(["promotion-posts", "promotion-channels", "activity-count"], "fail")
    assert verdicts(lines_on("*", 1)) == verdicts()  # each is two short
    assert set(verdicts(lines_on("*", 2)).values()) == {"unknown"}
    assert verdicts(lines_on("facebook", 1), lines_on("youtube", 1)) == {  # 1 + 1 may be the 2 posts on 2 channels
        "promotion-posts": "unknown", "promotion-channels": "unknown", "activity-count": "fail"}  # activities: Facebook's only
    unknown_size = ChannelStatus(PHIBUN, "facebook", "104500000000099", "error", "timeout", Kind.TIMEOUT)
    assert set(verdicts(unknown_size, lines_on("*", 1)).values()) == {"unknown"}


PHIBUN_OFFICE = ('id = "phibun-mangsahan"\nname_th = "พิบูลมังสาหาร"\nname_en = "Phibun Mangsahan"\n'
                 'office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอพิบูลมังสาหาร"]\nchannels = {}')


def test_a_skipped_line_names_its_district_by_account_or_by_text(make_registry):
    registry = make_registry(replace={PHIBUN_OFFICE: PHIBUN_OFFICE.replace("channels = {}", 'channels = { facebook = "104500000000099" }')})
    by_account = LineError("p.jsonl", 3, "m", LineCode.MISSING, {}, {"platform": "facebook", "account": "104500000000099"})
    by_text = LineError("p.jsonl", 4, "m", LineCode.MISSING, {}, {"text": "ชวนโหลดแอป #สำนักงานพัฒนาชุมชนอำเภอเขมราฐ"})
    nothing = LineError("p.jsonl", 5, "m", LineCode.NOT_JSON, {}, {})
    groups = unread_lines([by_account, by_text, nothing], registry, FEB)
    assert {key: [e.line for e in errors] for key, errors in groups.items()} == {
        (PHIBUN, "facebook"): [3], ("khemarat", "*"): [4], (None, "*"): [5]}


def test_a_line_that_cannot_change_the_month_blocks_nothing(registry):
    """Its time is readable and in another month; or it was read whole and belongs outside the registry."""
    january = LineError("p.jsonl", 1, "m", LineCode.INVALID, {}, {"district": PHIBUN, "published_at": "2025-01-31T09:00:00+07:00"})
    elsewhere = LineError("p.jsonl", 2, "m", LineCode.UNKNOWN_DISTRICT, {}, {"district": "mueang-chiang-mai",
                                                                              "platform": "facebook", "account": "cdd.cm"})
    assert unread_lines([january, elsewhere], registry, FEB) == {}


def test_a_status_on_any_platform_leaves_rules_on_imported_data_alone(registry):
    """A posts file's line whose platform cannot be read blocks the rules on channels, not those on
    imported reports or figures (depends_on: [])."""
    ruleset = load_ruleset(ROOT / "rules" / "click-chumchon-2568-ubon.yaml")  # with rules on imported data
    status = ChannelStatus(PHIBUN, "*", "", "partial", "x", Kind.POSTS_FILE, {"file": "p", "lines": [1], "n": 1})
    ev = evaluate([], registry, ruleset, FEB, [status], [PHIBUN])
    by_rule = {r.rule.id: r for r in ev.districts[0].rules}
    on_channels = [r for r in by_rule.values() if r.rule.depends_on]
    on_data = [r for r in by_rule.values() if not r.rule.depends_on]
    assert on_channels and on_data
    assert all(r.verdict == "unknown" and r.blocked == (("*", ""),) for r in on_channels)
    assert all(not r.blocked for r in on_data)


def test_the_overview_note_caps_the_line_numbers(registry):
    errors = [LineError("p.jsonl", n, "m", LineCode.NOT_JSON, {}, {}) for n in range(1, 31)]
    cards = audit_month([], registry, load_ruleset(), FEB, line_errors=errors).scorecards
    [note] = [w for w in cards["warnings"] if w["code"] == DataNote.POSTS_FILE_LINES]
    assert note["params"] == {"file": "p.jsonl", "lines": list(range(1, 21)), "n": 30, "more": 10}
    assert "(บรรทัดที่ 1, 2, 3" in words.data_note(Note.from_dict(note)) and "20 และอีก 10 บรรทัด)" in words.data_note(Note.from_dict(note))
    assert note["message"].startswith("posts file p.jsonl: 30 line(s) could not be read (line 1, 2,") and "20 and 10 more)" in note["message"]
    assert cards["summary"]["skipped_lines"] == 30


# ---------------------------------------------------------------- the terminal: Thai first, capped, one message for a foreign file


def test_a_skipped_line_is_told_in_thai_first_then_english(tmp_path):
    result, _, _ = check(tmp_path, edited(tmp_path, 7, without("published_at")), "--district", PHIBUN)
    assert f"ข้ามบรรทัด: {tmp_path / 'posts.jsonl'}:7: published_at: ไม่มีช่องนี้" in result.output
    assert f"  skipped: {tmp_path / 'posts.jsonl'}:7: published_at: required field is missing" in result.output


def test_a_json_error_says_at_once(tmp_path):
    result, _, _ = check(tmp_path, edited(tmp_path, 7, lambda d: json.dumps(d, ensure_ascii=False)[:150]), "--district", PHIBUN)
    assert "Unterminated string starting at column" in result.output and "at at" not in result.output
    assert "ข้อความในเครื่องหมายคำพูดไม่มีเครื่องหมายปิด" in result.output


def test_the_skipped_lines_listed_are_capped(tmp_path):
    path = tmp_path / "posts.jsonl"
    path.write_text("\n".join(lines()[:1] + ["{broken"] * 45) + "\n", encoding="utf-8")
    result, _, _ = check(tmp_path, path)
    assert result.output.count("ข้ามบรรทัด:") == 21  # 20 lines, then the rest in one
    assert "และอีก 25 บรรทัดที่อ่านไม่ได้ ในช่วงบรรทัดที่ 22–46" in result.output


@pytest.mark.parametrize("encoding, named", [("cp874", "TIS-620"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"),
                                             ("utf-32", "UTF-32")])
def test_a_file_saved_in_another_encoding_is_refused_whole(tmp_path, encoding, named):
    path = tmp_path / "posts.jsonl"
    path.write_bytes(("\n".join(lines()) + "\n").encode(encoding, errors="replace"))  # cp874 lacks a few characters
    result, cards, _ = check(tmp_path, path)
    assert result.exit_code == 2 and cards is None
    assert "ข้ามบรรทัด" not in result.output and len(result.output.splitlines()) == 2
    assert str(path) in result.output and "บันทึกไฟล์เป็น UTF-8" in result.output and named in result.output


def test_a_utf8_file_with_one_foreign_line_skips_only_that_line(tmp_path):
    path = tmp_path / "posts.jsonl"
    out = [line.encode("utf-8") for line in lines()]
    out[6] = lines()[6].encode("cp874", errors="replace")
    path.write_bytes(b"\n".join(out) + b"\n")
    assert foreign_encoding(path.read_bytes()) is None
    result = read_posts(path)
    assert [(e.line, e.code) for e in result.errors] == [(7, LineCode.NOT_UTF8)]
    assert result.errors[0].clues["district"] == PHIBUN  # the ASCII keys still tell whose it was


def test_foreign_encodings_are_told_apart():
    text = '{"text": "ชวนดาวน์โหลด"}\n'
    assert foreign_encoding(text.encode("utf-8")) is None
    assert foreign_encoding(text.encode("cp874")) == "cp874"
    assert foreign_encoding(codecs.BOM_UTF16_BE + text.encode("utf-16-be")) == "utf-16"
    assert foreign_encoding(text.encode("utf-16-le")) == "utf-16"
    assert foreign_encoding(b'{"a": "\xff"}\n') is None  # not cp874 either: a broken line, skipped alone
    escaped = json.dumps({"text": "ชวนดาวน์โหลด"}).encode() + b"\n"  # ASCII only: Thai as \\u escapes
    assert foreign_encoding(escaped * 3 + text.encode("cp874")) is None  # one line in three: skipped alone
    assert foreign_encoding(b"\x00") is None and foreign_encoding(b'{"a": "\x00"}') is None  # NULs, but not UTF-16 text


def test_every_line_code_is_worded_from_its_params(tmp_path):
    """Each way a line breaks is coded by the reader and worded in Thai by the catalog, FILE:LINE first."""
    good = json.loads(lines()[0])
    bad = ['{"a": ', "[1]", json.dumps(without("url")(good)), json.dumps({**good, "links": 5}),
           json.dumps({**good, "platform": "myspace"}), json.dumps({**good, "post_id": ""}),
           json.dumps({**good, "published_at": "2568-02-14T10:00:00+07:00"}), json.dumps({**good, "district": "nowhere"}),
           "[" * 100_000]
    path = tmp_path / "posts.jsonl"
    path.write_bytes("\n".join(bad).encode("utf-8") + b"\n\xff\n")
    errors = read_posts(path, {"warin-chamrap"}).errors
    assert [e.code for e in errors] == [LineCode.NOT_JSON, LineCode.NOT_OBJECT, LineCode.MISSING, LineCode.WRONG_TYPE,
                                        LineCode.NOT_ONE_OF, LineCode.EMPTY, LineCode.BAD_TIME, LineCode.UNKNOWN_DISTRICT,
                                        LineCode.TOO_DEEP, LineCode.NOT_UTF8]
    for e in errors:
        th, en = operator.skipped_line(e)
        assert th.startswith(f"{path}:{e.line}: ") and any("\u0e00" <= c <= "\u0e7f" for c in th) and "?" not in th, th
        assert en == str(e) and operator.fill(operator.LINE_PROBLEMS[e.code], e.params, "en") == e.message


def test_a_good_file_pays_nothing_for_bad_lines(tmp_path, monkeypatch):
    """The bench reads 26,000 good lines: no clue is sought and no encoding is guessed unless a line was skipped."""
    def never(*args):
        raise AssertionError("called on a good file")

    monkeypatch.setattr(posts_io, "clues", never)
    monkeypatch.setattr(posts_io, "foreign_encoding", never)
    assert len(read_posts(SOURCE).posts) == len(lines())
