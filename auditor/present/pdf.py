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
from dataclasses import dataclass, field
from pathlib import Path

from auditor import files
from auditor.present.chromium import Chromium
from auditor.present.report import _write, build_pages, district_bodies, environment
from auditor.text.safe import scrubbed_json

# Which scorecards each PDF of the month folder was printed from (OUT/YYYY-MM/pdfs.json):
# {"districts/<id>.pdf": {"scorecards": <scorecards_key>, "sha256": <the PDF's own sha256>,
#  "size": <bytes>, "mtime_ns": <its modification time>}}. A PDF is current when printed from these
# scorecards and still that file (same size and time, or else same sha256: hashed only then).
# A PDF the manifest does not vouch for (printed before manifests existed, or changed since) is
# kept, since nothing says it is wrong and there may be no browser to print it again, but never
# attached; one printed from other scorecards is removed.
MANIFEST = "pdfs.json"
PROVINCE_PDF = "province.pdf"


@dataclass
class Tidy:
    """What drop_stale found among the month's PDFs (paths relative to the month folder)."""

    removed: list[str] = field(default_factory=list)  # printed from other scorecards: deleted
    unknown: list[str] = field(default_factory=list)  # no record of what they were printed from: kept

    def __bool__(self) -> bool:
        return bool(self.removed or self.unknown)


def write_month_pdfs(scorecards: dict, out_dir: Path, *, history=None, months_present=(), thai_digits: bool = False,
                     templates: str | Path | None = None, base_url: str | None = None,
                     chromium: str | None = None, only=None, province: bool = True) -> list[Path]:
    """Print every district's PDF (or those whose ids are in `only`) and the province's (unless
    province=False); return the paths written.

    The HTML made for paper is written to a temporary folder and printed there; only the PDFs
    are kept. Raises ChromiumMissing (before anything is printed) when no browser is found.
    """
    out_dir, env = Path(out_dir), environment(str(templates) if templates else None)
    scorecards, data = scrubbed_json(scorecards)  # printed from what the store and the pages hold
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
                    written.append(browser.pdf(html, out_dir / district_pdf(page.id)))
            if province:
                html = _write(env, work / "province.html", "pdf_province.html", page=overview, glance=glance, districts=pages,
                             bodies=bodies)
                written.append(browser.pdf(html, out_dir / PROVINCE_PDF))
    finally:  # those printed before a failure are current too
        record_printed(out_dir, written, scorecards_key(scorecards, data))
    return written


def scorecards_key(scorecards: dict, data: bytes | None = None) -> str:
    """What identifies one evaluation of a month: the sha256 of the compact JSON of its scorecards
    as the outputs and the store keep them, scrubbed (text.safe.scrubbed_json), so the document
    before scrubbing, after it and as loaded from the store all have one key. `data`: that JSON
    (compact, scrubbed) when the caller has it. A re-evaluation changes it, if only by generated_at."""
    return hashlib.sha256(data if data is not None else scrubbed_json(scorecards)[1]).hexdigest()


def district_pdf(district_id: str) -> str:
    """Where a district's PDF is, relative to the month folder (the province's: PROVINCE_PDF)."""
    return f"districts/{district_id}.pdf"


def month_pdfs(out_dir: Path) -> list[str]:
    """The PDFs this module writes that are in the month folder now, relative to it."""
    out_dir = Path(out_dir)
    found = sorted(p.relative_to(out_dir).as_posix() for p in (out_dir / "districts").glob("*.pdf"))
    return found + ([PROVINCE_PDF] if (out_dir / PROVINCE_PDF).is_file() else [])


def current_pdfs(out_dir: Path, key: str, relatives: list[str] | None = None) -> set[str]:
    """Those of `relatives` (default: every PDF of the month) that exist and were printed from the
    scorecards whose key is `key`. Reads the manifest once."""
    current, _stale, _unknown = _sort(Path(out_dir), key, _manifest(out_dir), relatives)
    return set(current)


def drop_stale(out_dir: Path, key: str) -> Tidy:
    """Remove the month's PDFs printed from other scorecards than `key` (a person opening the
    folder must not find last run's verdict beside this run's pages); keep, and report, those
    the manifest does not vouch for. Returns what it removed and what it kept unvouched."""
    out_dir = Path(out_dir)
    manifest = _manifest(out_dir)
    before = json.dumps(manifest, sort_keys=True)
    current, stale, unknown = _sort(out_dir, key, manifest, None)  # refreshes the times of files found unchanged
    for rel in stale:
        (out_dir / rel).unlink(missing_ok=True)
    kept = {rel: manifest[rel] for rel in current}
    if json.dumps(kept, sort_keys=True) != before:
        _save_manifest(out_dir, kept)
    return Tidy(stale, unknown)


def record_printed(out_dir: Path, paths: list[Path], key: str) -> None:
    """Note in the manifest that these PDFs were printed from the scorecards `key`."""
    if not paths:
        return
    out_dir = Path(out_dir)
    manifest = _manifest(out_dir)
    for path in map(Path, paths):
        stat = path.stat()
        manifest[path.relative_to(out_dir).as_posix()] = {"scorecards": key, "sha256": _file_sha256(path),
                                                          "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    _save_manifest(out_dir, manifest)


def _sort(out_dir: Path, key: str, manifest: dict, relatives: list[str] | None
          ) -> tuple[list[str], list[str], list[str]]:
    """(current, stale: printed from other scorecards, unknown: not vouched for) among the PDFs
    that exist."""
    current, stale, unknown = [], [], []
    for rel in month_pdfs(out_dir) if relatives is None else relatives:
        path, entry = out_dir / rel, manifest.get(rel)
        if not path.is_file():
            continue
        if not isinstance(entry, dict) or not _unchanged(path, entry):
            unknown.append(rel)
        else:
            (current if entry.get("scorecards") == key else stale).append(rel)
    return current, stale, unknown


def _unchanged(path: Path, entry: dict) -> bool:
    """Whether the file is still the one the entry recorded: the same size and modification time
    (no read), or else the same sha256 (an entry written before sizes were kept, a copied folder);
    then the entry takes the file's size and time, so the next look needs no read either."""
    stat = path.stat()
    if entry.get("size") == stat.st_size and entry.get("mtime_ns") == stat.st_mtime_ns:
        return True
    if entry.get("sha256") != _file_sha256(path):
        return False
    entry.update(size=stat.st_size, mtime_ns=stat.st_mtime_ns)
    return True


def _manifest(out_dir: Path) -> dict:
    try:
        data = json.loads((Path(out_dir) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none, or unreadable: no PDF is vouched for (kept, never attached)
    return data if isinstance(data, dict) else {}


def _save_manifest(out_dir: Path, manifest: dict) -> None:
    if manifest:
        files.write_text(Path(out_dir) / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    else:
        (Path(out_dir) / MANIFEST).unlink(missing_ok=True)


def _file_sha256(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
