"""Rebuild the embedded fonts in auditor/data/fonts/ from their published packages.

The pages and PDFs carry their fonts inside them (WOFF2 data: URIs), so Thai renders on a
machine with no Thai font. The files are subsets, kept small because every page embeds them:

    sarabun-400.woff2, sarabun-700.woff2   Sarabun Regular and Bold (SIL OFL 1.1), from the PyPI
                                            package fontpkg-sarabun (the Google Fonts build):
                                            Thai, Basic Latin, Latin-1 and the punctuation the
                                            pages use, with every OpenType layout feature (the
                                            Thai marks need ccmp/mark/mkmk); plus ✓ ✗ ● from
                                            Noto Sans Symbols 2 (SIL OFL 1.1, npm package
                                            @fontsource/noto-sans-symbols-2), which Sarabun lacks

The symbols are merged into each file rather than shipped as a second font: Chromium loads a
fallback web font only when it first meets one of its characters, which was too late for a
print to PDF (the marks came out as boxes).

Usage (fonttools with brotli: pip install 'fonttools[woff]'):

    pip download --no-deps -d /tmp/f fontpkg-sarabun && unzip -o /tmp/f/*.whl -d /tmp/f
    (cd /tmp/f && npm pack @fontsource/noto-sans-symbols-2 && tar xzf fontsource-noto-sans-symbols-2-*.tgz)
    python scripts/build_fonts.py --sarabun /tmp/f/fontpkg_sarabun \
        --symbols /tmp/f/package/files/noto-sans-symbols-2-symbols-400-normal.woff2
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent.parent / "auditor" / "data" / "fonts"

# Basic Latin, Latin-1, Thai, general punctuation (dashes, quotes, bullet, ellipsis), arrows,
# the baht sign and the minus sign.
TEXT_UNICODES = "U+0020-007E,U+00A0-00FF,U+0E01-0E5B,U+2010-2027,U+2030-203A,U+2190-2193,U+0E3F,U+2212"
SYMBOL_UNICODES = "U+2713,U+2717,U+25CF"


def cut(source: Path, target: Path, unicodes: str) -> Path:
    """Subset `source` to `unicodes` with all layout features, as a plain TrueType file."""
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]  # keep the copyright and licence records
    options.notdef_outline = True
    options.drop_tables += ["vhea", "vmtx"]  # vertical metrics: Sarabun has none, so they cannot be merged
    font = subset.load_font(str(source), options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=subset.parse_unicodes(unicodes))
    sub.subset(font)
    font.flavor = None
    subset.save_font(font, str(target), options)
    return target


def build(text: Path, symbols: Path, target: Path, work: Path) -> int:
    """Sarabun's subset with the symbols merged in, written as WOFF2; return its size."""
    merged = Merger().merge([str(cut(text, work / "text.ttf", TEXT_UNICODES)),
                             str(cut(symbols, work / "symbols.ttf", SYMBOL_UNICODES))])
    merged.flavor = "woff2"
    merged.save(str(target))
    assert ord("ก") in TTFont(str(target)).getBestCmap() and ord("✓") in TTFont(str(target)).getBestCmap()
    return target.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sarabun", type=Path, required=True, help="the unpacked fontpkg_sarabun folder")
    parser.add_argument("--symbols", type=Path, required=True, help="Noto Sans Symbols 2 symbols subset (woff2)")
    args = parser.parse_args()
    FONTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        for weight, name in ((400, "Regular"), (700, "Bold")):
            size = build(args.sarabun / "files" / f"Sarabun-{name}.ttf", args.symbols, FONTS / f"sarabun-{weight}.woff2", Path(work))
            print(f"sarabun-{weight}.woff2: {size} bytes")
    shutil.copyfile(args.sarabun / "LICENSE", FONTS / "OFL.txt")
    licence = args.symbols.parent.parent / "LICENSE"
    if licence.is_file():
        shutil.copyfile(licence, FONTS / "OFL-NotoSansSymbols2.txt")


if __name__ == "__main__":
    main()
