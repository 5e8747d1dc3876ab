"""Text that was decoded wrongly on its way in: replacement characters, C1 controls, or Thai
UTF-8 read as Latin-1 / Windows-1252 ("à¸„à¸¥à¸´à¸"). Such text must never count or replace a good copy."""

from __future__ import annotations

import re

# UTF-8 Thai is E0 B8 xx / E0 B9 xx; read as Latin-1 or cp1252 that is "à¸" / "à¹" and one more character.
_THAI_AS_LATIN1 = re.compile("\u00e0[\u00b8\u00b9].")
_C1 = re.compile("[\u0080-\u009f]")


def garbled_reason(text: str) -> str | None:
    """Why `text` looks wrongly decoded, or None when it looks fine."""
    if "\ufffd" in text:
        return "its text holds replacement characters (\ufffd): the answer was not valid UTF-8"
    if _THAI_AS_LATIN1.search(text):
        return "its text is Thai decoded in a Western code page (mojibake such as 'à¸'): the answer's charset was misread"
    if _C1.search(text):
        return "its text holds C1 control characters: the answer's charset was misread"
    return None


def looks_garbled(text: str) -> bool:
    """True when `text` shows the marks of a wrong decoding (see garbled_reason)."""
    return garbled_reason(text or "") is not None
