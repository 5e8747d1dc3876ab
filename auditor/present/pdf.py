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

import tempfile
from pathlib import Path

from auditor.present.chromium import Chromium
from auditor.present.report import _write, build_pages, district_bodies, environment


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
    with tempfile.TemporaryDirectory(prefix="auditor-pdf-") as work, browser:
        work = Path(work)
        for page in pages:
            if only is None or page.id in only:
                html = _write(env, work / f"{page.id}.html", "pdf_district.html", page=page, body=bodies[page.id])
                written.append(browser.pdf(html, out_dir / "districts" / f"{page.id}.pdf"))
        if province:
            html = _write(env, work / "province.html", "pdf_province.html", page=overview, glance=glance, districts=pages,
                         bodies=bodies)
            written.append(browser.pdf(html, out_dir / "province.pdf"))
    return written
