"""Every code the stages hand each other has Thai and English words, and advice follows checks, not rule ids.

The sets of codes come from the code itself (the enums of auditor.codes, the kinds the
collectors raise, the verdicts the engine gives), as sqlite-utils tests that every command is
documented: a new code without words fails here, not on a district's page.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import auditor
from auditor import codes
from auditor.audit import audit_month
from auditor.period import Month
from auditor.present import advice, words
from auditor.present.words import notify as notify_words
from auditor.resources import bundled_dir
from auditor.rules.ruleset import load_ruleset
from tests.helpers import post, promo

TABLES = {
    codes.Kind: words.KINDS,
    codes.Problem: words.PROBLEMS,
    codes.ChannelNote: words.CHANNEL_NOTES,
    codes.PostNote: words.POST_NOTES,
    codes.NearReason: words.NEAR_MISSES,
    codes.Detail: words.DETAILS,
    codes.TodoCode: words.TODOS,
    codes.DataNote: words.DATA_NOTES,
    codes.Reason: words.REASONS,
    codes.Unattributed: words.UNATTRIBUTED,
    codes.OverrideAction: words.OVERRIDE_ACTIONS,
    codes.SendProblem: notify_words.SEND_PROBLEMS,
    codes.Limit: words.LIMITS,
}


def _thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def test_every_enum_of_codes_has_a_table():
    enums = {v for v in vars(codes).values() if isinstance(v, type) and issubclass(v, codes.StrEnum) and v is not codes.StrEnum}
    operator_codes = {codes.ConfigCode, codes.UsageCode, codes.InputCode, codes.RowCode,  # tests/test_operator_words.py
                      codes.PackProblem, codes.Reevaluation, codes.OverrideStatus, codes.LineCode}
    assert enums - {codes.TodoKind} == set(TABLES) | operator_codes


@pytest.mark.parametrize("enum", TABLES, ids=lambda e: e.__name__)
def test_every_code_has_thai_and_english(enum):
    table = TABLES[enum]
    missing = [m.value for m in enum if m not in table]
    assert not missing, f"{enum.__name__} without words: {missing}"
    for member in enum:
        th, en = table[member]
        literal = "".join(text for text, *_ in string.Formatter().parse(th))
        assert _thai(th) or not any(ch.isalpha() for ch in literal), (member, th)  # Thai, or only placeholders
        assert en.strip() and not _thai(en.replace("Click ชุมชน", "").replace("ฯ", "")), (member, en)
        for template in (th, en):  # valid templates: they fill from any parameters without raising
            list(string.Formatter().parse(template))
            words.fill((template, template), {})


def test_verdicts_cover_what_the_engine_gives():
    for code in ("pass", "fail", "unknown", "incomplete"):
        v = words.verdict(code)
        assert v.code == code and _thai(v.th) and v.en and v.symbol


def _collector_kinds() -> set[str]:
    """Every kind a collector or the orchestrator names: kind=…, kind = …, self.error(…, kind), _status_kind's returns."""
    found = set()
    for path in (Path(auditor.__file__).parent / "collect").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "kind" and isinstance(node.value, ast.Constant):
                found.add(node.value.value)
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.endswith("kind") for t in node.targets) \
                    and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                found.add(node.value.value)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "error" \
                    and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant):
                found.add(node.args[1].value)
            elif isinstance(node, ast.FunctionDef) and node.name.endswith("_kind"):
                found |= {r.value.value for r in ast.walk(node) if isinstance(r, ast.Return) and isinstance(r.value, ast.Constant)}
    return found


def test_every_kind_a_collector_raises_is_a_documented_kind_with_words():
    kinds = _collector_kinds()
    assert {"auth", "rate_limit", "unavailable", "config", "not_found"} <= kinds  # the scan of the source works
    assert kinds - {"auto"} <= {k.value for k in codes.Kind}, kinds - {k.value for k in codes.Kind}


def test_a_youtube_feed_404_reads_as_an_outage_not_a_missing_account():
    cause = words.channel_cause(codes.Kind.UNAVAILABLE, {})
    assert "ขัดข้องชั่วคราว" in cause and "ไม่พบบัญชี" not in cause


# ---------------------------------------------------------------- advice follows the check, not the rule id


def test_a_new_rule_reusing_a_check_gets_thai_advice_without_code(tmp_path, registry):
    import yaml

    base = bundled_dir("rules") / "click-chumchon-2568.yaml"
    edition = {"extends": str(base), "id": "click-chumchon-test", "version": "1", "monthly": [{
        "id": "five-posts", "short": {"th": "ห้าโพสต์", "en": "five"},
        "title": {"th": "เผยแพร่อย่างน้อยเดือนละ 5 ครั้ง", "en": "At least 5 counted posts"},
        "check": "min-counted-posts", "params": {"min": 5, "kinds": ["promotion", "activity"]}, "depends_on": "*"}]}
    path = tmp_path / "edition.yaml"
    path.write_text(yaml.safe_dump(edition, allow_unicode=True), encoding="utf-8")
    ruleset = load_ruleset(path)
    posts = [promo(1), promo(2, platform="website")]
    card = audit_month(posts, registry, ruleset, Month(2025, 2)).scorecards["districts"]
    card = next(d for d in card if d["district"] == "warin-chamrap")
    rule = next(r for r in card["rules"] if r["rule"] == "five-posts")
    assert rule["verdict"] == "fail" and rule["todo"]["code"] == "more_posts" and rule["check"] == "min-counted-posts"
    assert rule["missing_th"] == "ต้องโพสต์ประชาสัมพันธ์เพิ่มอีก 3 ครั้ง"
    assert "ต้องโพสต์ประชาสัมพันธ์เพิ่มอีก 3 ครั้ง" in advice.todo_lines(card)
    assert "โพสต์ประชาสัมพันธ์เพิ่มอีก 3 ครั้ง" in advice.missing_sentence(card)
    assert "five-posts" not in advice.missing_sentence(card)  # never the rule id in place of advice


def test_todo_lines_say_each_thing_once_and_facts_last(registry):
    ruleset = load_ruleset()
    posts = [promo(1), post(2, "ประชุม ไม่มีแท็ก")]
    card = next(d for d in audit_month(posts, registry, ruleset, Month(2025, 2)).scorecards["districts"]
                if d["district"] == "warin-chamrap")
    lines = advice.todo_lines(card)
    assert lines[0] == "ต้องโพสต์ประชาสัมพันธ์เพิ่มอีก 1 ครั้ง ในช่องทางอื่นที่ไม่ใช่ Facebook"  # posts and channels: one line
    assert all(line.startswith("ต้อง") for line in lines) and len(lines) == 2
