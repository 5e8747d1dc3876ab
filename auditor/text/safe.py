"""Text that every output format can hold.

Post text comes from platforms and posts files as any Python string: a lone surrogate
("\\ud800", legal in JSON escapes, not in UTF-8) makes a UTF-8 write fail, and a C0 control
character (other than tab, line feed and carriage return) is refused by XLSX (openpyxl raises
IllegalCharacterError) and is a parse error in HTML. Outputs pass their values through
`scrub` first: surrogates become U+FFFD (a visible "something was here"), control characters
are dropped.

Walking a nationwide month's scorecards (3.4 million values) in Python costs more than writing
them, and almost never changes anything. So `scrubbed_json` dumps the document once and walks it
only when the dump shows something to scrub, and the exports scrub cell by cell (`scrub_text`
passes a printable string at C speed).
"""

from __future__ import annotations

import json
import re

import orjson

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"
# How a character scrub drops shows in JSON text (orjson's and the json module's alike): C0
# controls escaped as \u00XX, \b or \f, and DEL as itself. A lone surrogate cannot be dumped
# as UTF-8 at all. An escaped backslash before "b" or "f" is a false alarm: it costs a walk.
# One regular expression for the escapes (it skips to each backslash at C speed: four times as
# fast as looking for each escape in turn on a nationwide month's 40 MB), a byte search for DEL.
_CONTROL_ESCAPE = re.compile(rb"\\(?:u00|[bf])")
_DEL = b"\x7f"


def scrub_text(text: str) -> str:
    """The text with lone surrogates replaced by U+FFFD and control characters (but tab, LF, CR) dropped."""
    if text.isprintable():  # the usual case, checked at C speed
        return text
    return _CONTROL.sub("", _SURROGATE.sub(REPLACEMENT, text))


def scrub(value):
    """A copy of a JSON-like value (dicts, lists, strings) whose every string, keys included, is scrubbed."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub(v) for v in value]
    return value


def scrubbed_json(value, indent: int | None = None) -> tuple[object, bytes]:
    """scrub(value) and its JSON as UTF-8 (Thai unescaped; compact, or indented by `indent`).

    The value is dumped once; only when the dump fails on a lone surrogate or shows a control
    character is it scrubbed and dumped again. A clean value comes back as itself, not a copy.
    """
    try:
        data = _dumps(value, indent)
    except (UnicodeEncodeError, orjson.JSONEncodeError):  # a lone surrogate; anything else fails again below
        data = None
    if data is None or _shows_control(data):
        value = scrub(value)
        data = _dumps(value, indent)
    return value, data


def _shows_control(data: bytes) -> bool:
    """Whether dumped JSON may hold a character scrub drops (see _CONTROL_ESCAPE)."""
    return _DEL in data or _CONTROL_ESCAPE.search(data) is not None


def json_bytes(value) -> bytes:
    """Compact JSON of value as UTF-8 for a machine to read back (the store's copy): control
    characters stay, escaped as JSON escapes them; only a lone surrogate, which UTF-8 cannot
    hold, makes it the scrubbed value's JSON."""
    try:
        return _dumps(value, None)
    except orjson.JSONEncodeError:
        return scrubbed_json(value)[1]


def _dumps(value, indent: int | None) -> bytes:
    """Compact JSON through orjson (five times the json module's speed, the same bytes for a
    scorecards document: no spaces, UTF-8, non-string keys as strings); indented through json."""
    if indent is None:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
    return json.dumps(value, ensure_ascii=False, indent=indent).encode("utf-8")
