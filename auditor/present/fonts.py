"""The fonts every page and PDF carries inside it, so Thai renders with no font installed.

auditor/data/fonts/ holds WOFF2 subsets of Sarabun (regular and bold, SIL OFL 1.1; the open
version of the government's TH Sarabun: Thai, Latin, punctuation) with the ✓ ✗ ● of Noto Sans
Symbols 2 (OFL) merged in, built by scripts/build_fonts.py. They are embedded as data: URIs,
which the pages' Content-Security-Policy allows with `font-src data:`. The CSS family name is the
project's own, so a system font called Sarabun can never take its place.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TEXT_FAMILY = "AuditorSarabun"


@dataclass(frozen=True)
class Face:
    family: str
    weight: int
    file: str


FACES = (
    Face(TEXT_FAMILY, 400, "sarabun-400.woff2"),
    Face(TEXT_FAMILY, 700, "sarabun-700.woff2"),
)


def font_bytes(name: str) -> bytes:
    """The bytes of one bundled font file (auditor/data/fonts/NAME)."""
    return resources.files("auditor.data").joinpath("fonts", name).read_bytes()


def _face_css(face: Face) -> str:
    data = base64.b64encode(font_bytes(face.file)).decode("ascii")
    return (f"@font-face {{ font-family: \"{face.family}\"; font-style: normal; font-weight: {face.weight};"
            f" font-display: block; src: url(\"data:font/woff2;base64,{data}\") format(\"woff2\"); }}")


@lru_cache(maxsize=1)
def font_faces_css() -> str:
    """The @font-face rules of the embedded fonts (about 55 KB of base64), computed once."""
    return "\n".join(_face_css(face) for face in FACES) + "\n"
