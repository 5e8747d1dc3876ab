"""The embedded fonts: shipped as package data with their licences, and inlined in every page."""

from __future__ import annotations

import base64
import re

from auditor.present.fonts import FACES, font_bytes, font_faces_css


def test_fonts_ship_with_their_licences():
    for face in FACES:
        assert font_bytes(face.file)[:4] == b"wOF2", face.file
        assert 5_000 < len(font_bytes(face.file)) < 60_000, f"{face.file}: a subset, kept small"
    assert "SIL Open Font License" in font_bytes("OFL.txt").decode("utf-8")
    assert "Sarabun Project Authors" in font_bytes("OFL.txt").decode("utf-8")
    assert "SIL Open Font License" in font_bytes("OFL-NotoSansSymbols2.txt").decode("utf-8")


def test_font_faces_embed_regular_and_bold_as_data_uris():
    css = font_faces_css()
    faces = re.findall(r'@font-face \{ font-family: "AuditorSarabun"; font-style: normal; font-weight: (\d+);'
                       r'.*?url\("data:font/woff2;base64,([A-Za-z0-9+/=]+)"\) format\("woff2"\); \}', css)
    assert [w for w, _ in faces] == ["400", "700"]
    for (_, data), face in zip(faces, FACES):
        assert base64.b64decode(data) == font_bytes(face.file)
