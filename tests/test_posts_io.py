"""The posts reader: every malformed value in a line is a line-numbered skip, never a traceback."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor import period, posts_io
from auditor.period import parse_timestamp
from auditor.posts_io import read_posts
from auditor.text.safe import scrub_text

ROOT = Path(__file__).resolve().parents[1]
GOOD = {"platform": "facebook", "post_id": "104_1", "url": "https://www.facebook.com/104/posts/1",
        "account": {"id": "104"}, "published_at": "2025-02-14T10:00:00+07:00", "text": "ชวนดาวน์โหลดแอป #คลิกชุมชน"}


def read_lines(tmp_path, *records):
    path = tmp_path / "posts.jsonl"
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records),
                    encoding="utf-8")
    return read_posts(path)


@pytest.mark.parametrize("change, message", [
    ({"links": 5}, "links: expected an array, got a number"),  # was TypeError
    ({"links": "https://x"}, "links: expected an array, got a string"),
    ({"links": [5]}, "links[0]: expected a string, got a number"),
    ({"collected_at": 5}, "collected_at: expected a string, got a number"),  # was AttributeError
    ({"published_at": "9999-12-31T23:59:59-05:00"}, "published_at: year 9999 is out of range"),  # was OverflowError later
    ({"published_at": "0001-01-01T00:00:00+07:00"}, "published_at: year 1 is out of range"),
    ({"published_at": "2568-02-14T10:00:00+07:00"}, "a Buddhist-Era year?"),
    ({"collected_at": "9999-12-31T23:59:59+00:00"}, "collected_at: year 9999 is out of range"),
    ({"account": {"id": "104", "name": 5}}, "account.name: expected a string, got a number"),
    ({"page_tags": [{"id": "1", "name": ["x"]}]}, "page_tags[0].name: expected a string, got an array"),
    ({"collector": 5}, "collector: expected a string, got a number"),
    ({"district": 5}, "district: expected a string or null, got a number"),
    ({"platform": "myspace"}, "platform: 'myspace' is not one of facebook"),
    ({"post_id": ""}, "post_id: must not be empty"),
    ({"platform": 10**30}, "platform: 1000000000000000000000000000000 is not one of"),  # orjson reads it as a float
])
def test_a_malformed_value_skips_its_line_naming_the_field(tmp_path, change, message):
    result = read_lines(tmp_path, GOOD, {**GOOD, "post_id": "104_2", **change})
    assert [p.post_id for p in result.posts] == ["104_1"]
    assert len(result.errors) == 1 and str(result.errors[0]).startswith(f"{tmp_path / 'posts.jsonl'}:2: ")
    assert message in str(result.errors[0])


@pytest.mark.parametrize("line", ["[1, 2]", "5", "null", '"text"', "[" * 100_000])
def test_a_line_that_is_not_an_object_is_skipped(tmp_path, line):
    result = read_lines(tmp_path, line, GOOD)
    assert len(result.posts) == 1 and result.errors[0].line == 1


def test_the_missing_field_is_named(tmp_path):
    result = read_lines(tmp_path, {k: v for k, v in GOOD.items() if k != "url"})
    assert str(result.errors[0]).endswith(":1: url: required field is missing")


def test_a_long_bad_value_is_not_echoed_whole(tmp_path):
    result = read_lines(tmp_path, {**GOOD, "platform": "x" * 5000})
    assert len(str(result.errors[0])) < 300


def test_a_lone_surrogate_in_a_line_is_read_and_scrubbed_at_export(tmp_path):
    result = read_lines(tmp_path, '{"platform": "facebook", "post_id": "1", "url": "u", "account": {"id": "1"}, '
                                  '"published_at": "2025-02-14T10:00:00+07:00", "text": "ok \\ud800 \\u0000 ไทย"}')
    assert not result.errors and result.posts[0].text == "ok \ud800 \x00 ไทย"
    assert scrub_text(result.posts[0].text) == "ok \ufffd  ไทย"


def test_the_bundled_contract_is_the_published_one():
    shared = ROOT.parent / "shared" / "contracts" / "post.schema.json"
    bundled = ROOT / "auditor" / "data" / "post.schema.json"
    assert json.loads(bundled.read_text(encoding="utf-8")) == json.loads(shared.read_text(encoding="utf-8"))


def test_a_byte_order_mark_is_dropped_and_a_bad_byte_is_counted_after_it(tmp_path):
    path = tmp_path / "posts.jsonl"
    good = json.dumps(GOOD, ensure_ascii=False).encode("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + good + b"\n" + b"\xef\xbb\xbf{\"a\": \"\xff\"}\n" + b"{\"a\": \"\xff\"}\n")
    result = read_posts(path)
    assert [p.post_id for p in result.posts] == ["104_1"]
    # the offsets "utf-8-sig" gave: after the mark on line 2, from the line's start on line 3
    assert [(e.line, e.message) for e in result.errors] == [(2, "(line): not UTF-8 (byte 7)"),
                                                          (3, "(line): not UTF-8 (byte 7)")]


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5)
                           | st.sampled_from(["facebook", "x", ""]),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["id", "name", "url"]),
                                                                                        inner, max_size=3), max_leaves=6)
FIELDS = st.sampled_from(["platform", "post_id", "url", "account", "district", "published_at", "text", "page_tags",
                          "links", "collected_at", "collector", "other"])


@settings(max_examples=300, deadline=None, database=None)
@given(st.dictionaries(FIELDS, JSON_VALUES, max_size=4), st.lists(FIELDS, max_size=2))
def test_the_compiled_contract_decides_as_jsonschema_does(changes, dropped):
    """The fast yes/no (jsonschema-rs) and jsonschema agree on every line, good or bad."""
    data = {k: v for k, v in {**GOOD, "page_tags": [{"id": "1"}], "links": ["u"], **changes}.items() if k not in dropped}
    assert posts_io._conforms(data) == (posts_io._validator().is_valid(data))
    assert (posts_io.contract_problem(data) is None) == posts_io._validator().is_valid(data)


LINE_EDITS = st.lists(st.tuples(st.integers(0, 400), st.binary(max_size=3)), max_size=2)


@settings(max_examples=300, deadline=None, database=None)
@given(st.dictionaries(FIELDS, JSON_VALUES, max_size=4), st.lists(FIELDS, max_size=2), st.booleans(), LINE_EDITS)
def test_the_quick_way_reads_a_line_as_the_careful_way_does(changes, dropped, ascii_only, edits):
    """orjson + the compiled check either give the very Post the json module + jsonschema path
    gives, or step aside for it (which then words the problem); good, bad or broken lines alike."""
    data = {k: v for k, v in {**GOOD, "page_tags": [{"id": "1", "name": "Click ชุมชน"}], **changes}.items() if k not in dropped}
    line = json.dumps(data, ensure_ascii=ascii_only).encode("utf-8")
    for at, replacement in edits:  # a byte or three overwritten: broken JSON, broken UTF-8, a changed value
        line = line[:at] + replacement + line[at + len(replacement):]
    quick = posts_io._quick_post(line)
    try:
        careful = posts_io._parse_line(line)
    except ValueError:
        careful = None
    assert quick is None or (quick == careful and quick.account == careful.account
                             and quick.published_at.utcoffset() == careful.published_at.utcoffset())
    if not edits:  # a line as a collector writes it: the quick way is no stricter
        assert (quick is None) == (careful is None)


def test_a_good_line_goes_the_quick_way():
    assert posts_io._quick_post(json.dumps({**GOOD, "links": ["https://x.invalid/a"]}).encode()) is not None


_ANY_TIME = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                         timezones=st.none() | st.timezones() | st.sampled_from([timezone.utc, timezone(timedelta(hours=7))]))


@settings(max_examples=500, deadline=None, database=None)
@given(st.one_of(_ANY_TIME.map(datetime.isoformat), _ANY_TIME.map(lambda t: t.isoformat(sep=" ", timespec="minutes")),
                 _ANY_TIME.map(lambda t: t.isoformat().replace("+00:00", "Z")), _ANY_TIME.map(lambda t: f" {t.isoformat()}\n"),
                 _ANY_TIME.map(lambda t: t.isoformat().replace("+00:00", "z")), st.text(max_size=30), st.integers()))
def test_a_post_time_read_the_usual_way_is_the_one_parse_timestamp_reads(text):
    """parse_timestamp (fromisoformat first) accepts and refuses what the full RFC 3339 reading does, with the same words."""
    try:
        expected = period._parse_rfc3339(text)
    except ValueError as exc:
        with pytest.raises(ValueError, match=re.escape(str(exc))):
            parse_timestamp(text)
        return
    got = parse_timestamp(text)
    assert got == expected and got.utcoffset() == expected.utcoffset() and got.replace(tzinfo=None) == expected.replace(tzinfo=None)


def test_a_line_nested_deep_enough_to_exhaust_the_contract_check_is_a_skipped_line(tmp_path):
    """A value nested just shallow enough for the json module but too deep for jsonschema to walk
    (which depth that is depends on the stack) is a line-numbered skip, never a RecursionError."""
    deep = [json.dumps(GOOD)[:-1] + f', "{field}": ' + "[" * n + "]" * n + "}"
            for n in range(700, 1000, 3) for field in ("links", "page_tags")]
    result = read_lines(tmp_path, GOOD, *deep)
    assert len(result.posts) == 1 and [e.line for e in result.errors] == list(range(2, len(deep) + 2))
    assert {re.sub(r"\[0\].*", "", e.message) for e in result.errors} <= {"links", "page_tags", "(line): JSON nested too deeply"}
