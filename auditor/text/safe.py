"""Text that every output format can hold.

Post text comes from platforms and posts files as any Python string: a lone surrogate
("\\ud800", legal in JSON escapes, not in UTF-8) makes a UTF-8 write fail, and a C0 control
character (other than tab, line feed and carriage return) is refused by XLSX (openpyxl raises
IllegalCharacterError) and is a parse error in HTML. Outputs pass their values through
`scrub` first: surrogates become U+FFFD (a visible "something was here"), control characters
are dropped.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


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
