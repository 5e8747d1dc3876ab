"""PDFs of a month: one per district (districts/<id>.pdf) and one for the province
(province.pdf: the cover summary, the overview, then every district), A4, printed by headless
Chromium from pages made for paper (templates pdf_district.html and pdf_province.html).

Why Chromium rather than WeasyPrint: both shape Thai with HarfBuzz, but text copied from
WeasyPrint's PDFs read สำนักงาน as สำนักงำน (sara am and sara aa swapped in the ToUnicode map,
see shared/reference/setup-and-delivery-apis.md §6.1), so a district could not search or
paste its own to-do list; Chromium's extracts correctly. Chromium is also already needed by
the browser tests and supports page margin boxes (page numbers, the district's name on every
page) since version 131. WeasyPrint would add Pango and a dozen Python packages; Chromium adds
none, and is only needed when PDFs are asked for (--pdf).

The pages carry Sarabun inside them (present/fonts.py), so the PDFs embed it with no system font.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

from auditor import files
from auditor.present.chromium import Chromium
from auditor.present.report import _write, build_pages, district_bodies, environment
from auditor.text.safe import json_bytes

# Which scorecards each PDF of the month folder was printed from (OUT/YYYY-MM/pdfs.json):
# {"districts/<id>.pdf": {"scorecards": <scorecards_key>, "sha256": <the PDF's own sha256>}}.
# A PDF is current only when both match: printed from these scorecards, and still that file.
MANIFEST = "pdfs.json"
PROVINCE_PDF = "province.pdf"


def write_month_pdfs(scorecards: dict, out_dir: Path, *, history=None, months_present=(), thai_digits: bool = False,
                     templates: str | Path | None = None, base_url: str | None = None,
                     chromium: str | None = None, only=None, province: bool = True) -> list[Path]:
    """Print every district's PDF (or those whose ids are in `only`) and the province's (unless
    province=False); return the paths written.

    The HTML made for paper is written to a temporary folder and printed there; only the PDFs
    are kept. Raises ChromiumMissing (before anything is printed) when no browser is found.
    """
    out_dir, env = Path(out_dir), environment(str(templates) if templates else None)
    overview, glance, pages = build_pages(scorecards, history=history, months_present=months_present,
                                          thai_digits=thai_digits, base_url=base_url)
    browser = Chromium(chromium)
    # each district's audit rendered once, for its own PDF and the province's
    bodies = district_bodies(env, [page for page in pages if province or only is None or page.id in only])
    written = []
    try:
        with tempfile.TemporaryDirectory(prefix="auditor-pdf-") as work, browser:
            work = Path(work)
            for page in pages:
                if only is None or page.id in only:
                    html = _write(env, work / f"{page.id}.html", "pdf_district.html", page=page, body=bodies[page.id])
                    written.append(browser.pdf(html, out_dir / "districts" / f"{page.id}.pdf"))
            if province:
                html = _write(env, work / "province.html", "pdf_province.html", page=overview, glance=glance, districts=pages,
                             bodies=bodies)
                written.append(browser.pdf(html, out_dir / PROVINCE_PDF))
    finally:  # those printed before a failure are current too
        record_printed(out_dir, written, scorecards_key(scorecards))
    return written


def scorecards_key(scorecards: dict, data: bytes | None = None) -> str:
    """What identifies one evaluation of a month: the sha256 of its scorecards' compact JSON (the
    bytes the store keeps; `data` when the caller has them). A re-evaluation (scan, check,
    override) changes it, if only by generated_at."""
    return hashlib.sha256(data if data is not None else json_bytes(scorecards)).hexdigest()


def month_pdfs(out_dir: Path) -> list[str]:
    """The PDFs this module writes that are in the month folder now, relative to it."""
    out_dir = Path(out_dir)
    found = sorted(p.relative_to(out_dir).as_posix() for p in (out_dir / "districts").glob("*.pdf"))
    return found + ([PROVINCE_PDF] if (out_dir / PROVINCE_PDF).is_file() else [])


def is_current(out_dir: Path, relative: str, key: str) -> bool:
    """Whether OUT/M/<relative> exists and was printed from the scorecards whose key is `key`."""
    path = Path(out_dir) / relative
    entry = _manifest(out_dir).get(relative)
    return (path.is_file() and isinstance(entry, dict) and entry.get("scorecards") == key
            and entry.get("sha256") == _file_sha256(path))


def drop_stale(out_dir: Path, key: str) -> list[Path]:
    """Remove the month's PDFs not printed from the scorecards `key` (a person opening the folder
    must not find last run's verdict beside this run's pages); return those removed."""
    out_dir = Path(out_dir)
    stale = [rel for rel in month_pdfs(out_dir) if not is_current(out_dir, rel, key)]
    for rel in stale:
        (out_dir / rel).unlink(missing_ok=True)
    manifest = _manifest(out_dir)
    kept = {rel: entry for rel, entry in manifest.items() if rel not in stale and (out_dir / rel).is_file()}
    if kept != manifest:
        _save_manifest(out_dir, kept)
    return [out_dir / rel for rel in stale]


def record_printed(out_dir: Path, paths: list[Path], key: str) -> None:
    """Note in the manifest that these PDFs were printed from the scorecards `key`."""
    if not paths:
        return
    out_dir = Path(out_dir)
    manifest = _manifest(out_dir)
    for path in paths:
        manifest[Path(path).relative_to(out_dir).as_posix()] = {"scorecards": key, "sha256": _file_sha256(Path(path))}
    _save_manifest(out_dir, manifest)


def _manifest(out_dir: Path) -> dict:
    try:
        data = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none, or unreadable: every PDF counts as stale
    return data if isinstance(data, dict) else {}


def _save_manifest(out_dir: Path, manifest: dict) -> None:
    if manifest:
        files.write_text(Path(out_dir) / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    else:
        (Path(out_dir) / MANIFEST).unlink(missing_ok=True)


def _file_sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
