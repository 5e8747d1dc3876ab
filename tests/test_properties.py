"""Property tests (hypothesis): the Thai normalizer and tag extractor, the posts reader, both
importers and the config loader hold their promises for thousands of generated inputs, and
bad input only ever ends as the documented error or a line/row skip, never a traceback."""

from __future__ import annotations

import codecs
import json
import tempfile
import unicodedata
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from auditor.errors import ConfigError, InputError
from auditor.codes import InputCode
from auditor.posts_io import read_posts
from auditor.registry import load_registry
from auditor.selfreport import imports
from auditor.text import thai

FAST = dict(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
WORK = Path(tempfile.mkdtemp(prefix="auditor-properties-"))  # one folder: hypothesis runs many examples per test

HASHES = "#＃﹟"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Alphabets as strings (hypothesis samples them fast): the Thai block but ๅ (lakkhangyao, see
# below), some Latin that case-folds oddly, separators and the hash signs.
THAI = "".join(chr(c) for c in range(0x0E01, 0x0E5C) if unicodedata.category(chr(c)) != "Cn" and c != 0x0E45)
LATIN = "abcABCxyzß019_"  # not İ: see the third xfail below
TAG_CHARS = "".join(c for c in THAI + LATIN if unicodedata.category(c)[0] in "LMN")  # ๏, ฿, ๚ end a tag
LETTERS = "".join(c for c in TAG_CHARS if unicodedata.category(c)[0] == "L")
WORD = st.builds(lambda first, rest: first + rest, st.sampled_from(LETTERS), st.text(TAG_CHARS, max_size=11))
POST_TEXT = st.text(THAI + LATIN + " \n.,/:" + HASHES, max_size=60)


# --- thai.key -------------------------------------------------------------------------------

@settings(max_examples=2000, **FAST)
@given(POST_TEXT)
@example("่ื้ึ")  # stacked marks that PyThaiNLP's reorder moves again on a second pass
def test_key_is_idempotent(text):
    k = thai.key(text)
    assert thai.key(k) == k


@settings(phases=[Phase.explicit], **FAST)
@given(st.text())
@example("\u200b#คลิกชุมชน")
@example("\ufeff＃Clickชุมชน")
def test_key_is_idempotent_with_an_invisible_character_before_the_hash(text):
    assert thai.key(thai.key(text)) == thai.key(text)


@settings(phases=[Phase.explicit], **FAST)
@given(st.text())
@example("ๅๅๅ")
@example("กๅๅ")
def test_key_is_idempotent_with_repeated_lakkhangyao(text):
    assert thai.key(thai.key(text)) == thai.key(text)


@settings(phases=[Phase.explicit], **FAST)
@given(st.text())
@example("İะ่")
def test_key_is_idempotent_with_a_latin_combining_mark_before_thai_marks(text):
    assert thai.key(thai.key(text)) == thai.key(text)


@settings(max_examples=1000, **FAST)
@given(WORD, WORD, st.sampled_from(INVISIBLE))
def test_an_invisible_character_inside_a_word_does_not_change_its_key(left, right, mark):
    assert thai.key(left + mark + right) == thai.key(left + right)


# --- thai.scan (the extractor) --------------------------------------------------------------

@settings(max_examples=2000, **FAST)
@given(st.one_of(POST_TEXT, st.text(max_size=80)))
def test_scan_never_fails_and_its_tags_point_into_the_cleaned_text(text):
    result = thai.scan(text)
    clean, _ = thai.strip_invisible(text)
    assert len(result.prose) == len(clean)
    for tag in (*result.tags, *result.unlinked):
        assert tag.text.startswith("#") and tag.key == thai.key(tag.text)
        assert 0 <= tag.start < tag.end <= len(clean) and clean[tag.start] in HASHES
    assert not {t.key for t in result.unlinked} & result.keys()


@settings(max_examples=1000, **FAST)
@given(st.lists(WORD, min_size=1, max_size=6), st.sampled_from([" ", "\n", "  ", " \u00a0"]))
def test_every_tag_of_a_post_made_of_tags_is_found(words, sep):
    text = sep.join("#" + w for w in words)
    assert {thai.key(w) for w in words} <= thai.scan(text).keys()


@settings(max_examples=1000, **FAST)
@given(POST_TEXT, st.data())
def test_an_invisible_character_not_before_a_hash_sign_changes_no_key(text, data):
    spots = [i for i in range(len(text) + 1) if i == len(text) or text[i] not in HASHES]
    i = data.draw(st.sampled_from(spots))
    mark = data.draw(st.sampled_from(INVISIBLE))
    assert thai.scan(text[:i] + mark + text[i:]).keys() == thai.scan(text).keys()


# --- posts reader ---------------------------------------------------------------------------

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
JSONISH = st.one_of(SCALARS, st.lists(SCALARS, max_size=3), st.dictionaries(st.sampled_from(["id", "name", "url", ""]), SCALARS,
                                                                            max_size=3))
GOOD_POST = {"platform": "facebook", "post_id": "104_1", "url": "https://www.facebook.com/104/posts/1",
             "account": {"id": "104"}, "published_at": "2025-02-14T10:00:00+07:00", "text": "#คลิกชุมชน"}
FIELDS = [*GOOD_POST, "district", "page_tags", "links", "collected_at", "collector", "text_partial"]
TIMES = st.one_of(st.datetimes(timezones=st.just(timezone.utc)).map(lambda d: d.isoformat()), st.text(max_size=30))


def post_lines():
    """A good post with some fields replaced by anything, or a line of anything."""
    changed = st.dictionaries(st.sampled_from(FIELDS), st.one_of(JSONISH, TIMES), max_size=4)
    as_json = changed.map(lambda c: json.dumps({**GOOD_POST, **c}, ensure_ascii=False).encode("utf-8", "surrogatepass"))
    return st.one_of(as_json, JSONISH.map(lambda v: json.dumps(v).encode()), st.binary(max_size=40).filter(lambda b: b"\n" not in b))


# The codecs each encoding a refused posts file is named in may be read with, and its byte-order marks.
NAMED = {"utf-16": (("utf-16-le", "utf-16-be"), (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)),
         "utf-32": (("utf-32-le", "utf-32-be"), (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)),
         "cp874": (("cp874",), ())}


def decodes(raw: bytes, codec: str) -> bool:
    try:
        raw.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def is_in(raw: bytes, encoding: str) -> bool:
    """The file starts with the encoding's byte-order mark, or reads whole in it (either byte order)."""
    codec_names, marks = NAMED[encoding]
    return raw.startswith(marks) or any(decodes(raw, c) for c in codec_names)


@settings(max_examples=800, **FAST)
@given(st.lists(post_lines(), min_size=1, max_size=5))
@example([json.dumps({**GOOD_POST, "text": "ชวนดาวน์โหลด"}, ensure_ascii=False).encode("cp874")])
@example([codecs.BOM_UTF16_LE + json.dumps(GOOD_POST).encode("utf-16-le")])
@example([b"\xff\xfe{\x00"])  # a UTF-16 mark, then half a character
def test_the_posts_reader_reads_or_skips_every_line_never_raises(lines):
    path = WORK / "posts.jsonl"
    path.write_bytes(b"\n".join(lines))
    try:
        result = read_posts(path, {"khemarat"})
    except InputError as exc:  # a file that is not UTF-8 and is in another encoding is refused, and only such a file
        raw = path.read_bytes()
        assert exc.code == InputCode.NOT_UTF8 and not decodes(raw, "utf-8") and is_in(raw, exc.params["encoding"])
        return
    numbered = [n for n, line in enumerate(lines, 1) if line.strip()]
    assert sorted([e.line for e in result.errors]) == sorted(set(e.line for e in result.errors))
    assert len(result.posts) + len(result.errors) == len(numbered)
    assert all(str(e).startswith(f"{path}:{e.line}: ") for e in result.errors)
    for post in result.posts:  # whatever was accepted can be used downstream
        post.published_at.astimezone(timezone.utc)
        assert all(isinstance(u, str) for u in post.links)


# --- importers --------------------------------------------------------------------------------

CELLS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                  st.datetimes(), st.dates(), st.sampled_from(["25/02/2568", "๒๕ ก.พ. ๖๘", "2025-02-25 10:30", "1,234", "12.0"]))


@settings(max_examples=2000, **FAST)
@given(CELLS)
def test_cell_parsers_raise_only_value_error(value):
    for parse in (imports.parse_count, imports.parse_sheet_datetime, imports.parse_sheet_date):
        try:
            result = parse(value)
        except ValueError:
            continue
        if isinstance(result, datetime):
            assert result.tzinfo is not None and 1900 <= result.astimezone(timezone.utc).year <= 2200
        elif isinstance(result, date):
            assert 1900 <= result.year <= 2200
        else:
            assert isinstance(result, int) and 0 <= result <= imports.MAX_COUNT


@pytest.fixture(scope="module")
def demo_registry():
    return load_registry(Path(__file__).resolve().parent.parent / "cassettes" / "demo" / "auditor.toml")


CSV_CELL = st.one_of(st.text(st.characters(exclude_characters='"\r\n,', exclude_categories=("Cs",)), max_size=25),
                     st.sampled_from(["เขมราฐ", "อ.วารินชำราบ", "25/02/2568 10:30", "2025-02-25T10:00:00+07:00",
                                      "9999-12-31T23:59:59-05:00", "https://www.facebook.com/1/posts/2", "12", "-1",
                                      "12345678901234567890123", ""]))


@settings(max_examples=300, **FAST)
@given(st.lists(st.lists(CSV_CELL, min_size=3, max_size=3), min_size=1, max_size=4))
def test_a_report_sheet_is_read_or_refused_never_raises(demo_registry, rows):
    path = WORK / "reports.csv"
    path.write_text("ประทับเวลา,อำเภอ,ลิงก์\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    try:
        result = imports.read_report_sheet(path, "2025-02", demo_registry)
    except InputError as exc:
        assert str(exc).startswith(f"{path.name}: ") or str(exc).startswith(f"{path}: ")
        return
    assert len(result.reports) + len(result.errors) == sum(1 for r in rows if any(c.strip() for c in r))


@settings(max_examples=300, **FAST)
@given(st.lists(st.lists(CSV_CELL, min_size=2, max_size=2), min_size=1, max_size=4))
def test_a_figures_sheet_is_read_or_refused_never_raises(demo_registry, rows):
    path = WORK / "figures.csv"
    path.write_text("อำเภอ,ดาวน์โหลดแอป\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    try:
        result = imports.read_figures(path, "2025-02", demo_registry)
    except InputError:
        return
    rows_used = {f.row for f in result.figures} | {e.row for e in result.errors}
    assert all(0 <= f.value <= imports.MAX_COUNT for f in result.figures)
    assert rows_used <= set(range(2, len(rows) + 2))


# --- config loader ----------------------------------------------------------------------------

TOKEN = "EAABwzLixnjYBO7ZCZBfake1234TOKENvalue5678"
TOML_SCALARS = st.one_of(st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                         st.text(max_size=15), st.sampled_from(["https://x.go.th/", "AUDITOR_FB", TOKEN, "#แท็ก", "@cdd"]))
TOML_FLAT = st.one_of(TOML_SCALARS, st.lists(TOML_SCALARS, max_size=2))
TOML_VALUES = st.one_of(TOML_FLAT, st.dictionaries(st.sampled_from(["page_id", "links", "token_env", "url", "kind", "selectors",
                                                                    "item", "x"]), TOML_FLAT, max_size=3))
SECTION_KEYS = {"province": ["id", "name_th", "timezone", "report_deadline_day"], "facebook": ["token_env", "base_url"],
                "youtube": ["api_key_env"], "ruleset": ["file"], "reports": ["columns"], "targets": ["file"]}
OFFICE_KEYS = ["id", "name_th", "name_en", "kind", "office_hashtags", "links", "channels", "nme"]
CHANNELS = st.dictionaries(st.sampled_from(["facebook", "website", "tiktok", "youtube", "instagram", "line", "myspace"]),
                           TOML_VALUES, max_size=3)


def toml(value) -> str:
    """A value as TOML (inline); strings as JSON strings, which TOML reads the same."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return "{ " + ", ".join(f"{json.dumps(k)} = {toml(v)}" for k, v in value.items()) + " }"


OFFICE = st.fixed_dictionaries(
    {"id": st.sampled_from(["warin-chamrap", "", "khemarat"]), "name_th": st.sampled_from(["วารินชำราบ", ""]),
     "name_en": st.just("Warin Chamrap"), "office_hashtags": st.sampled_from([["#สำนักงานพัฒนาชุมชนอำเภอวารินชำราบ"], [], "#x"])},
    optional={"channels": CHANNELS, "links": TOML_VALUES, "kind": st.sampled_from(["district", "province", "amphoe"]),
              "nme": TOML_SCALARS})


@settings(max_examples=700, **FAST)
@given(st.fixed_dictionaries({}, optional={name: st.dictionaries(st.sampled_from(keys), TOML_VALUES, max_size=3)
                                           for name, keys in SECTION_KEYS.items()}),
       st.lists(OFFICE, min_size=0, max_size=2))
def test_the_config_loader_accepts_or_refuses_never_raises(sections, offices):
    lines = []
    for name, table in sections.items():
        lines += [f"[{name}]"] + [f"{k} = {toml(v)}" for k, v in table.items()]
    for office in offices:
        lines += ["[[offices]]"] + [f"{k} = {toml(v)}" for k, v in office.items()]
    path = WORK / "auditor.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
    try:
        registry = load_registry(path)
    except ConfigError as exc:
        assert str(exc).startswith(f"{path}: ") and TOKEN not in str(exc)
        return
    for office in registry.offices:
        for channel in office.channels:
            assert TOKEN not in str(channel.options.get("token_env", ""))
            assert isinstance(channel.options.get("links", []), list)
