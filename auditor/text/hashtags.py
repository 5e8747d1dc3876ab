"""Matching a post's hashtags against required ones, and finding near misses.

A requirement is satisfied only by a linked tag whose key equals one of its alternatives.
Near misses (typos, a tag split by a space, a tag glued to following text, an unlinked tag,
a prefix or suffix fragment) are reported with the tag they probably meant and never counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from auditor.codes import Note, PostNote
from auditor.text import thai


@dataclass(frozen=True)
class Requirement:
    """One required hashtag; any alternative satisfies it (e.g. a district's accepted office tags)."""

    label: str  # shown when missing
    alternatives: tuple[str, ...]
    keys: tuple[str, ...] = field(init=False, repr=False, compare=False)  # each alternative's key
    written: tuple[str, ...] = field(init=False, repr=False, compare=False)  # each as written, without '#'

    def __post_init__(self):
        object.__setattr__(self, "keys", tuple(thai.key(a) for a in self.alternatives))
        object.__setattr__(self, "written", tuple(a.lstrip("#") for a in self.alternatives))


@dataclass(frozen=True)
class NearMiss:
    found: str
    expected: str
    reason: str  # a codes.NearReason: typo | split | glued | abbreviation | unlinked | truncated (a prefix or suffix fragment)

    def to_dict(self) -> dict:
        return {"found": self.found, "expected": self.expected, "reason": self.reason}


@dataclass(frozen=True)
class TagCheck:
    """The outcome of checking one post's tags against a requirement list."""

    present: tuple[str, ...]  # required labels satisfied
    missing: tuple[str, ...]
    near_misses: tuple[NearMiss, ...]
    notes: tuple[Note, ...]  # informational: invisible characters, case differs

    @property
    def ok(self) -> bool:
        return not self.missing


def max_distance(required_key: str) -> int:
    """Edit distance still called a typo: 2, or 3 for tags of 12 characters or more."""
    return 3 if len(required_key) >= 12 else 2


def check_tags(scan: thai.Scan, requirements: list[Requirement]) -> TagCheck:
    """Which requirements the linked tags satisfy; near misses for the rest."""
    by_key = scan.by_key
    present, missing, notes, used = [], [], [], set()
    for req in requirements:
        for k in req.keys:  # the first alternative the post carries
            if (hit := by_key.get(k)) is not None:
                break
        else:
            missing.append(req)
            continue
        present.append(req.label)
        used.add(hit.key)
        if hit.invisible:
            notes.append(Note(PostNote.TAG_INVISIBLE, {"tag": hit.text}))
        elif hit.text[1:] not in req.written:
            notes.append(Note(PostNote.TAG_VARIANT, {"tag": hit.text, "label": req.label}))
    near = ()
    if missing:
        candidates = [t for t in scan.tags if t.key not in used] + list(scan.unlinked)
        labels = {r.label for r in missing}  # a requirement sharing a missing one's label is missing too
        near = _near_misses(candidates, [r for r in requirements if r.label in labels])
    return TagCheck(tuple(present), tuple(r.label for r in missing), tuple(near), tuple(notes))


def _near_misses(candidates: list[thai.Hashtag], missing: list[Requirement]) -> list[NearMiss]:
    """Every candidate tag that is probably a failed attempt at a missing requirement."""
    out = []
    for tag in candidates:
        best = None
        for req in missing:
            for alt, alt_key in zip(req.alternatives, req.keys):
                found = classify_near_miss(tag, alt_key)
                if found and (best is None or found[1] < best[1]):
                    best = (found[0], found[1], alt)
        if best:
            shown = f"{tag.text} {tag.following}" if best[0] == "split" else tag.text
            out.append(NearMiss(shown, best[2], best[0]))
    return out


def classify_near_miss(tag: thai.Hashtag, wanted: str) -> tuple[str, int] | None:
    """(reason, rank) when a tag is probably a failed attempt at `wanted`, else None. Lower rank wins."""
    return _classify(tag.key, tag.linked, tag.text, tag.following, wanted)


@lru_cache(maxsize=65536)  # the same few tags meet the same few required ones in post after post
def _classify(k: str, linked: bool, text: str, following: str, wanted: str) -> tuple[str, int] | None:
    if not linked and k == wanted:
        return ("unlinked", 0)
    if following and k and wanted.startswith(k) and thai.key(text + following).startswith(wanted):
        return ("split", 1)
    if k == wanted + "ฯ":
        return ("abbreviation", 2)
    if len(k) > len(wanted) and k.startswith(wanted):
        return ("glued", 2)
    dist = Levenshtein.distance(k, wanted, score_cutoff=max_distance(wanted))
    if dist <= max_distance(wanted):
        return ("typo", 3 + dist)
    if len(k) >= max(3, int(len(wanted) * 0.6)) and len(k) < len(wanted) and (wanted.startswith(k.rstrip("ฯ"))):
        return ("truncated", 7)
    if _is_suffix_fragment(k, wanted):
        return ("truncated", 8)
    return None


# A suffix fragment (policy §6.9: '#พัฒนาชุมชนอำเภอวารินชำราบ' for the office tag) must keep
# 2/3 of the tag and 8 characters: the tail of a Thai compound is often a word used as a tag on
# purpose ('#ชุมชน', '#พัฒนาชุมชน' of '#กรมการพัฒนาชุมชน', '#อำเภอวารินชำราบ', a place name).
SUFFIX_MIN_SHARE = 2 / 3
SUFFIX_MIN_CHARS = 8


def _is_suffix_fragment(k: str, wanted: str) -> bool:
    long_enough = len(k) >= max(SUFFIX_MIN_CHARS, len(wanted) * SUFFIX_MIN_SHARE)
    return long_enough and len(k) < len(wanted) and wanted.endswith(k)


def nearly_has(scan: thai.Scan, tag: str) -> bool:
    """True when the post carries `tag`, linked or not, or a near miss of it."""
    wanted = thai.key(tag)
    if wanted in scan.by_key:  # carried and linked: the usual case
        return True
    return any(t.key == wanted or classify_near_miss(t, wanted) for t in (*scan.tags, *scan.unlinked))
