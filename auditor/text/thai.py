"""Thai text, normalized once: invisible characters, comparison keys, hashtag extraction.

Follows the matching policy of the project's hashtag research (README, "Hashtag policy"):
tags are found on the text as written (minus invisible characters), reported as written,
and compared through a key = drop default-ignorables → NFKC → casefold → NFKC → Thai
reorder (sara am recomposed, tone marks after vowels) → repeated marks collapsed.
"""

from __future__ import annotations

import html
import importlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import regex

# Invisible format characters that Word, copy-paste and PDF extraction leave in Thai text: the
# one list the project uses (hashtags, URLs, report sheets). Deleted before tokenizing (policy
# §6.2); directly before a hash sign they become a space, because there they were acting as a
# separator between two tags.
INVISIBLE = ("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f"
             "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))
_INVISIBLE_RUN = regex.compile(f"[{INVISIBLE}]+")
_ANY_INVISIBLE = re.compile(f"[{INVISIBLE}]")  # (stdlib `re` finds a character class several times faster)
_INVISIBLE_BEFORE_HASH = regex.compile(f"[{INVISIBLE}]+(?=[#＃﹟])")
_DEFAULT_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}+")
_REPEATED_MARK = regex.compile(r"(\p{Mn})\1+")
_FULLWIDTH = regex.compile(r"[\uff01-\uff5e]+")

HASH_SIGNS = "#＃﹟"
# Letters, marks and digits continue a tag; at least one letter or mark is required so
# '#16' and '#๒๕๖๘' are not tags. '#' followed by VS16 or a keycap is an emoji, not a tag.
_TAG = regex.compile(
    r"[#＃﹟](?![\ufe0f\u20e3])([\p{L}\p{M}\p{Nd}_·]*[\p{L}\p{M}][\p{L}\p{M}\p{Nd}_·]*)"
)
# _TAG with everything scan() needs found in the same pass (the one pattern the text path runs):
#   group 1 'glued': set (empty) when the character before the hash sign continues a word, so
#     platforms do not link the tag (UAX #31: a letter, mark, digit, '_' or hash sign; VS15/VS16,
#     marks that only choose an emoji's look, do not glue);
#   group 2 the tag body (_TAG's, written possessively: it never gives characters back);
#   group 3 the word after it when only spaces separate them ('#คลิก ชุมชน').
# Not tags: '&#…' (an HTML entity such as '&#x0E04;') and a body running into '://'.
_TAG_SCAN = regex.compile(
    r"(?:(?<=[#＃﹟\p{L}\p{M}\p{Nd}_])(?<![\ufe0e\ufe0f])()|)(?<!&)[#＃﹟](?![\ufe0f\u20e3])"
    r"(?=[\p{Nd}_·]*[\p{L}\p{M}])([\p{L}\p{M}\p{Nd}_·]++)(?!://)"
    r"(?:(?=[ \t\u00a0]+([\p{L}\p{M}\p{Nd}_·]+))|)"
)

_TLDS = "com|net|org|info|biz|th|io|co|me|ly|gl|be|tv|app|page|link|to|gov|edu|asia|site|online"
# A URL runs to the next space: twitter-text's URL regex stops at the first Thai character of
# a path and would turn '/#คลิกชุมชน' into a tag. It may start right after Thai text
# ('เว็บไซต์cdd.go.th/…'): Thai has no spaces between words, so only Latin letters, digits and
# '_@#.-' before it mean it is not a URL start ('#tag.com', 'name@cdd.go.th').
_URL = regex.compile(
    rf"(?i)(?:(?<![a-z0-9+.\-])[a-z][a-z0-9+.\-]*://|(?<![a-z0-9_.\-])www\."
    rf"|(?<![a-z0-9_@#.\-])(?:[a-z0-9\-]+\.)+(?:{_TLDS})(?![a-z0-9\-]))\S*"
)
# Every URL alternative needs a '.' or a ':', and a URL never spans a space (\S*, the pattern's
# own idea of a space): only the words around those marks are searched (most of a Thai text has
# neither), and a word holds at most one URL, since a URL runs to the word's end.
_URL_MARK = regex.compile(r"[.:]")
# Every URL alternative starts with one of these (Latin letters as the pattern's (?i) folds them,
# digits, '-'): a word's leading Thai cannot start one, so the URL search starts past it.
_URL_START = regex.compile(r"(?i)[a-z0-9\-]")
_SPACE = regex.compile(r"\s")
_SPACE_BEFORE = regex.compile(r"\s", regex.REVERSE)
_HTML_TAG = regex.compile(r"<[^>]+>")

# Text made only of these characters, with none of _PROSE_REORDERED in it, is its own prose key
# once case-folded: NFKC and casefold leave them alone (but sara am, which NFKC splits into
# nikhahit + sara aa and the Thai reorder joins again), they are not default-ignorable, and no
# canonical reordering, reorder_vowels pattern or mark collapse applies. Phinthu, lakkhangyao and
# a lone nikhahit are left to the full path (rare, and each touches a reorder rule). Explicit
# character lists let stdlib `re` run the check, several times faster here than `regex`.
_PROSE_PLAIN = "\t\n\r\x20-\x7e\u0e01-\u0e39\u0e3f-\u0e44\u0e46-\u0e4c\u0e4e-\u0e5b"
_PLAIN_MARKS = "ัิีึืุู็่้๊๋์๎"  # the nonspacing marks (Mn) among them
_TONES, _VOWEL_MARKS = "่้๊๋", "ัิีึื็ุู"
_PROSE_OTHER = re.compile(f"[^{_PROSE_PLAIN}]")
_PROSE_REORDERED = re.compile(
    f"(?=[เ{_TONES}์ะาำ{_PLAIN_MARKS}])(?:"  # (the lookahead lets `re` skip most positions fast)
    "เเ"  # two sara e: sara ae
    f"|[{_TONES}][{_VOWEL_MARKS}]"  # a tone before the vowel it belongs after (before sara am is fine)
    f"|์[{_TONES}์{_VOWEL_MARKS}ำ]"  # a thanthakhat before a tone or vowel
    f"|[ะาำ][{_TONES}]"  # a tone after a following vowel
    f"|([{_PLAIN_MARKS}])\\1)"  # a repeated mark
)


def remove_invisible(text: str) -> str:
    """The text without invisible characters (INVISIBLE)."""
    return text.translate(_DROP_INVISIBLE)


def strip_invisible(text: str) -> tuple[str, list[int]]:
    """Remove invisible characters; return the clean text and where (in it) each removal happened."""
    if _ANY_INVISIBLE.search(text) is None:  # most texts: nothing to do
        return text, []
    text = _INVISIBLE_BEFORE_HASH.sub(" ", text)
    pieces, removed, pos = [], [], 0
    for m in _INVISIBLE_RUN.finditer(text):
        start, end = m.span()
        pieces.append(text[pos:start])
        at = start - len(removed)  # the offset in the clean text
        removed.extend([at] * (end - start))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces), removed


@lru_cache(maxsize=65536)  # tags repeat across posts: each distinct one is keyed once
def key(text: str) -> str:
    """The comparison key of a tag or phrase (hash signs dropped). key(key(x)) == key(x)."""
    k = _key(_DEFAULT_IGNORABLE.sub("", text).lstrip(HASH_SIGNS))
    # PyThaiNLP's reorder is not idempotent on stacked marks ('่ื้ึ', repeated ๅ, a Latin combining
    # mark before Thai marks): a second pass may move them again. Keys are cached per distinct tag,
    # so settling to a fixed point costs one more pass per tag, not per post.
    for _ in range(4):
        again = _key(_DEFAULT_IGNORABLE.sub("", k).lstrip(HASH_SIGNS))
        if again == k:
            break
        k = again
    return k


def _key(s: str) -> str:
    """NFKC → casefold → NFKC → Thai reorder → repeated marks collapsed (ignorables already out)."""
    if s.isascii():  # NFKC, the Thai reorder and the marks change nothing here
        return s.casefold()
    s = unicodedata.normalize("NFKC", s).casefold()
    if not unicodedata.is_normalized("NFKC", s):  # casefold seldom leaves NFKC
        s = unicodedata.normalize("NFKC", s)
    recomposed = s.replace("\u0e4d\u0e32", "\u0e33")  # NFKC split sara am; the reorder joins it again
    if not _reorder_may_change(recomposed):  # most texts: no PyThaiNLP import, no pass of its patterns
        return recomposed
    s = _thai_reorder()(s)  # recomposes sara am and puts tone marks after vowels
    return _REPEATED_MARK.sub(r"\1", s)


@lru_cache(maxsize=1)
def _thai_reorder():
    """PyThaiNLP's reorder_vowels with its patterns compiled once: the function passes pattern
    strings to re.sub, whose cache lookup cost more than the substitutions on every post's prose.
    Falls back to the function itself if a PyThaiNLP release keeps its pairs elsewhere. Built on
    first use: importing PyThaiNLP costs about a sixth of a second, and only a text that
    _reorder_may_change gets here (a province's month may have none)."""
    from pythainlp.util import reorder_vowels

    pairs = getattr(importlib.import_module("pythainlp.util.normalize"), "_REORDER_PAIRS", None)
    if not pairs:
        return reorder_vowels
    compiled = [(re.compile(pattern), repl) for pattern, repl in pairs]

    def reorder(text: str) -> str:
        for pattern, repl in compiled:
            text = pattern.sub(repl, text)
        return text
    return reorder


def display(tag_body: str) -> str:
    """A tag as written, with only full-width Latin and '＃' folded to ASCII."""
    return "#" + _FULLWIDTH.sub(lambda m: unicodedata.normalize("NFKC", m.group()), tag_body)


def html_to_text(markup: str) -> str:
    """Web input: strip tags and unescape entities (policy §6.1). Block tags become line breaks."""
    markup = regex.sub(r"(?i)<\s*(br|/p|/div|/h[1-6]|/li)\b[^>]*>", "\n", markup)
    return html.unescape(_HTML_TAG.sub("", markup)).replace("\u00a0", " ")


def blank_urls(text: str) -> str:
    """Replace every URL with spaces of the same length, so offsets stay valid."""
    if "." not in text and ":" not in text:  # str's own search, much faster than a pattern's
        return text
    pieces, pos, at = [], 0, 0
    while mark := _URL_MARK.search(text, at):
        before, after = _SPACE_BEFORE.search(text, 0, mark.start()), _SPACE.search(text, mark.end())
        start, at = before.end() if before else 0, after.start() if after else len(text)
        first = _URL_START.search(text, start, at)  # (the URL pattern tries each position slowly)
        url = first and _URL.search(text, first.start(), at)  # the word around the mark; lookbehinds still see before it
        if url:
            pieces += (text[pos:url.start()], " " * (url.end() - url.start()))
            pos = url.end()
    return "".join(pieces) + text[pos:] if pieces else text


class Hashtag(NamedTuple):
    """One hashtag found in a text (a named tuple: a post has several, made in the hot loop)."""

    text: str  # as written, '#'-prefixed, invisible characters removed
    key: str
    start: int  # offsets in the cleaned text
    end: int
    linked: bool = True  # False: glued to the character before it, platforms do not link it
    invisible: bool = False  # invisible characters were removed from inside it
    following: str = ""  # the word after it when only spaces separate them ('#คลิก ชุมชน')


@dataclass(frozen=True)
class Scan:
    """What a text holds: linked hashtags, unlinked ones, and the prose around them."""

    tags: tuple[Hashtag, ...]
    unlinked: tuple[Hashtag, ...]
    prose: str  # the text with hashtags and URLs blanked, for keyword searches
    invisible_count: int

    # one linked tag per key, the best copy (best_copies by key); scan() passes it, having the tags at hand
    by_key: dict[str, Hashtag] | None = field(default=None, compare=False, repr=False)
    # a text scanned line by line: the lines that hold its tags, in order. Two such scans with the
    # same tag_lines have the same tags but for their offsets, so whatever is worked out from the
    # tags alone (a tag check) can be reused. None: scanned whole (invisible characters removed).
    tag_lines: tuple[str, ...] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if self.by_key is None:
            object.__setattr__(self, "by_key", best_copies(self.tags, by=_key_of))

    def keys(self) -> set[str]:
        return {t.key for t in self.tags}


def scan(text: str) -> Scan:
    """Find the hashtags in a post's text (plain text; run html_to_text first for web pages).

    A line break ends every tag, URL and following word, so each line is scanned on its own
    (_scan_line, cached: a district's block of tags and a cross-posted caption recur across
    posts) and the lines' tags are put together with offsets in the whole text. A text with
    invisible characters is scanned whole (_scan_whole), where the removals decide which tags
    had one inside. Tags are kept once per text as written, the first copy without invisible
    characters inside winning (policy §6.6), unlinked copies of a linked tag dropped."""
    clean, removed = strip_invisible(text)
    if removed:
        return _scan_whole(clean, removed)
    linked: dict[str, Hashtag] = {}
    unlinked: list[Hashtag] = []
    proses, tag_lines, offset = [], [], 0
    for line in clean.split("\n"):
        part = _scan_line(line)
        proses.append(part.prose)
        if part.tags:
            tag_lines.append(line)
        for shown, tag_key, start, end, is_linked, following in part.tags:
            if not is_linked:
                unlinked.append(tuple.__new__(Hashtag, (shown, tag_key, start + offset, end + offset, False, False, following)))
            elif shown not in linked:  # (no invisible characters: the first copy wins)
                linked[shown] = tuple.__new__(Hashtag, (shown, tag_key, start + offset, end + offset, True, False, following))
        offset += len(line) + 1
    return _scan_result(linked, unlinked, "\n".join(proses), 0, tuple(tag_lines))


class _LineScan(NamedTuple):
    """One line of a text: its prose (tags and URLs blanked) and its tags as
    (shown, key, start, end, linked, following), offsets in the line."""

    prose: str
    tags: tuple[tuple[str, str, int, int, bool, str], ...]


def _scan_text(text: str) -> _LineScan:
    """One pass of _TAG_SCAN over a text without invisible characters, URLs blanked."""
    searchable = blank_urls(text)
    first = _first_hash_sign(searchable)
    if first < 0:  # half of a month's lines (captions): no tag to look for
        return _LineScan(searchable, ())
    tags, prose, pos = [], [], 0
    for m in _TAG_SCAN.finditer(searchable, first):  # (its lookbehinds still see the text before)
        start, end = m.span()
        prose += (searchable[pos:start], " " * (end - start))
        pos = end
        glued, body, following = m.groups()
        tags.append((*_shown_and_key(body), start, end, glued is None, following or ""))
    return _LineScan("".join(prose) + searchable[pos:] if pos else searchable, tuple(tags))


# a line of a text: the recurring lines stay; a month of unique captions passes through
_scan_line = lru_cache(maxsize=4096)(_scan_text)


def _first_hash_sign(text: str) -> int:
    """Where the first hash sign of a text is (every tag starts at one), -1 if it has none; 0 when it
    has a full-width or small one (rare: the scan then starts at the beginning)."""
    if "＃" in text or "﹟" in text:
        return 0
    return text.find("#")


def _scan_whole(clean: str, removed: list[int]) -> Scan:
    """scan() of a text from which invisible characters were removed (at `removed`, offsets in
    `clean`): the whole text in one pass, a tag with a removal inside it marked invisible (a
    linked copy without one wins). Also the reference that the line-by-line way is tested against
    (tests/test_properties.py)."""
    whole = _scan_text(clean)
    linked: dict[str, Hashtag] = {}
    unlinked: list[Hashtag] = []
    # (tuple.__new__ rather than Hashtag(...): the generated __new__ is a Python call per tag)
    for shown, tag_key, start, end, is_linked, following in whole.tags:
        inside = any(start < r < end for r in removed)
        tag = tuple.__new__(Hashtag, (shown, tag_key, start, end, is_linked, inside, following))
        if not is_linked:
            unlinked.append(tag)
        elif (seen := linked.get(shown)) is None or (seen.invisible and not inside):
            linked[shown] = tag
    return _scan_result(linked, unlinked, whole.prose, len(removed))


def _scan_result(linked: dict[str, Hashtag], unlinked: list[Hashtag], prose: str, invisible_count: int,
                 tag_lines: tuple[str, ...] | None = None) -> Scan:
    """The Scan of a text's linked tags (one per spelling) and unlinked ones, in text order."""
    tags = tuple(linked.values())
    by_key = {t.key: t for t in tags}
    if len(by_key) < len(tags):  # two spellings of one key
        by_key = best_copies(tags, by=_key_of)
    if unlinked:  # an unlinked copy of a linked tag adds nothing
        unlinked = best_copies(t for t in unlinked if t.key not in by_key).values()
    return Scan(tags, tuple(unlinked), prose, invisible_count, by_key, tag_lines)


@lru_cache(maxsize=65536)
def _shown_and_key(body: str) -> tuple[str, str]:
    """A tag body's display form and key, computed once per distinct body."""
    return display(body), key(body)


def _key_of(tag: Hashtag) -> str:
    return tag.key


def best_copies(tags, by=lambda t: t.text) -> dict[str, Hashtag]:
    """One tag per `by` value (the text as written, or the key), in order of first appearance
    (policy §6.6). A clean copy wins over one that had invisible characters inside: the post
    already carries the tag as it should, so no 'retype it' note is needed."""
    best: dict[str, Hashtag] = {}
    for t in tags:
        k = by(t)
        if k not in best or (best[k].invisible and not t.invisible):
            best[k] = t
    return best


def normalize_prose(text: str) -> str:
    """Text for keyword search: invisible characters out, NFKC + casefold, Thai marks ordered."""
    return prose_key(strip_invisible(text)[0])


def prose_key(clean: str) -> str:
    """normalize_prose of a text already without invisible characters (a Scan's prose): the key of
    the whole text, not cached (each post's prose is keyed once, and would crowd out the tags).
    Most prose is plain Thai and ASCII (see _PROSE_PLAIN), whose key is the text case-folded."""
    if not _needs_full_key(clean):
        return clean.lstrip(HASH_SIGNS).casefold()
    return _full_prose_key(clean)


# Nikhahit and lakkhangyao: the characters of PyThaiNLP's reorder pairs that _PROSE_PLAIN leaves out.
_REORDER_ONLY = re.compile("[\u0e4d\u0e45]")


def _reorder_may_change(text: str) -> bool:
    """Whether PyThaiNLP's reorder_vowels or the mark collapse may change an NFKC text whose sara
    am is recomposed. Its pairs only move Thai vowels, tones, nikhahit and lakkhangyao: without
    nikhahit or lakkhangyao, and with none of the _PROSE_REORDERED sequences or repeated marks,
    no pair matches, whatever other characters (Latin, Cyrillic look-alikes, emoji) the text holds."""
    return (_REORDER_ONLY.search(text) is not None or _PROSE_REORDERED.search(text) is not None
            or _REPEATED_MARK.search(text) is not None)


def _needs_full_key(text: str) -> bool:
    """Whether the text may hold something NFKC, the Thai reorder or the mark collapse would
    change: a character outside _PROSE_PLAIN, or one of the _PROSE_REORDERED sequences. False
    means the text (case-folded) is already its own key past those steps."""
    return _PROSE_OTHER.search(text) is not None or any(map(_word_reordered, text.split()))


@lru_cache(maxsize=65536)  # a campaign's captions are made of recurring words: each is searched once
def _word_reordered(word: str) -> bool:
    """Whether a word holds one of the _PROSE_REORDERED sequences (none of their characters is a
    space, so a text holds one only inside one of its words)."""
    return _PROSE_REORDERED.search(word) is not None


def _full_prose_key(clean: str) -> str:
    """prose_key the long way, for any text."""
    return _key(_DEFAULT_IGNORABLE.sub("", unicodedata.normalize("NFC", clean)).lstrip(HASH_SIGNS))
