"""Render a month's scorecards as self-contained HTML pages (inline CSS, no scripts, no requests).

Layout written by render_month(), one folder per month:

    <out_dir>/index.html                  province overview
    <out_dir>/districts/<district>.html   one page per district
    <out_dir>/print.html                  every district, one A4 page each, for printing

Pages link to other months as ../YYYY-MM/..., so put each month in a sibling folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from auditor import files
from auditor.heap import collector_paused
from auditor.present import glance as glance_views
from auditor.present import views, words
from auditor.present.fonts import font_faces_css
from auditor.resources import bundled_dir


@lru_cache(maxsize=4)
def environment(templates: str | None = None) -> Environment:
    """The one Jinja environment of the project: bundled templates, autoescape always on.

    `templates` is a folder whose files replace the bundled ones of the same name (a province's
    own footer or sign-off, say); the others still come from the bundle.
    """
    folders = ([templates] if templates else []) + [str(bundled_dir("templates"))]
    env = Environment(
        loader=FileSystemLoader(folders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # templates are read once per process: not a stat of each template file for every page
        auto_reload=False,
        # compiled templates kept in the user's own temp folder (keyed by each source's checksum, so
        # an edited template recompiles): compiling them took a quarter of a province run's time
        bytecode_cache=FileSystemBytecodeCache(),
    )
    env.filters.update(FILTERS)
    # the embedded Sarabun and symbol fonts (base.html puts them in the page's <style>)
    env.globals["font_faces"] = Markup(font_faces_css())
    return env


def _digits_th(value: str) -> str:
    """Template-side escape hatch for Thai digits; view-models normally prepare them."""
    from auditor.period import to_thai_digits

    return to_thai_digits(str(value))


def _css_string(value: str) -> Markup:
    """A CSS string literal for a <style> element (e.g. a district's name in a page margin box).

    Quotes, backslashes, line breaks and '<' are escaped as CSS hex escapes, so no text can end
    the string or the <style> element."""
    out = "".join(f"\\{ord(c):x} " if c in '"\\<>&\n\r\f' else c for c in str(value))
    return Markup(f'"{out}"')


@lru_cache(maxsize=1 << 14)
def _cached(value, macro) -> Markup:
    """`value|cached(macro)`: the macro's output for this value, rendered once and then reused.

    For the small pieces a month repeats thousands of times in a handful of forms (a post's
    status, its list of hashtags, a calendar day): rendering each `{{ }}` of them anew cost an
    escape per value, a third of a month's HTML time. Only for macros whose output depends on
    their one argument alone, given as a hashable value (a frozen view-model object, a tuple)."""
    return macro(value)


# Every filter the templates may use, registered together.
FILTERS = {"thai_digits": _digits_th, "css_string": _css_string, "cached": _cached}


def _write(env: Environment, path: Path, template: str, **context) -> Path:
    """Render a template into path (atomically), piece by piece as the template yields them.

    Streaming skips joining a page into one string before encoding it: a page is mostly its
    embedded fonts and style (ASCII, which encodes as a plain copy) and its Thai text; joined,
    all of it would be re-encoded as wide Thai text, for every one of a month's pages."""
    path = Path(path)
    with files.atomic_file(path) as fh:
        env.get_template(template).stream(**context).dump(fh, encoding="utf-8")
    return path


def render_month(
    scorecards: dict,
    out_dir: Path,
    *,
    history: dict[str, dict[str, str]] | None = None,
    months_present: list[str] = (),
    thai_digits: bool = False,
    templates: str | Path | None = None,
    base_url: str | None = None,
) -> list[Path]:
    """Write the overview, one page per district and a print-all page; return the paths written.

    history maps 'YYYY-MM' to earlier months' verdicts by district (the store's month summary, for the 6-month trend);
    months_present lists the months rendered beside this one (for the month links); templates
    is a folder of templates that replace bundled ones; base_url ([reports] report_base_url)
    is where the month folders are published, making a forwarded page's links absolute.
    """
    env = environment(str(templates) if templates else None)
    # view-models built and written in one call: they are freed before the collector resumes
    with collector_paused():
        return _write_month(env, Path(out_dir), *build_pages(scorecards, history=history, months_present=months_present,
                                                             thai_digits=thai_digits, base_url=base_url))


def _write_month(env: Environment, out_dir: Path, overview, glance, pages: list) -> list[Path]:
    """index.html, districts/<id>.html and the print pages of a month's view-models (build_pages).

    Districts go one print file at a time (PRINT_PER_FILE of them): their audits are rendered
    once, written into their own pages and their print file, then let go (held all at once, a
    nationwide month's audits took about 90 MB: 45 million characters of mostly Thai text)."""
    index = _write(env, out_dir / "index.html", "index.html", page=overview, glance=glance)
    district_pages, print_pages = [], []
    parts = _print_parts(pages)
    for part, chunk in parts:
        bodies = district_bodies(env, chunk)
        for page in chunk:
            district_pages.append(_write(env, out_dir / "districts" / f"{page.id}.html", "district.html", page=page,
                                         body=bodies[page.id]))
            page.meta.root = ""
        print_pages.append(_write(env, out_dir / part.href, "print.html", page=overview, districts=chunk, bodies=bodies))
    if len(parts) > 1:
        note = words.fill(words.PRINT_PARTS["note"], {"total": len(pages), "files": len(parts), "per_file": PRINT_PER_FILE})
        print_pages.append(_write(env, out_dir / "print.html", "print.html", page=overview, districts=[], bodies={},
                                  parts=[part for part, _ in parts], parts_note=note))
    return [index, *district_pages, *print_pages]


def district_bodies(env: Environment, pages: list) -> dict[str, Markup]:
    """Each district's audit (the district_body macro of _district.html) rendered once, by id.

    The district page and the print pages show the same fragment; rendering it once halves the
    work of a month (the fragment reads nothing that differs between the two pages)."""
    district_body = env.get_template("_district.html").module.district_body
    return {page.id: district_body(page) for page in pages}


@dataclass(frozen=True)
class PrintPart:
    """One file of a print-out split in parts: its districts, first to last."""

    href: str
    first: str
    last: str
    count: int

    @property
    def label(self) -> str:
        return words.fill(words.PRINT_PARTS["label"], {"first": self.first, "last": self.last, "count": self.count})


# A print file of every district grows by about 80 kB a district: 70 MB for the whole country,
# more than a browser lays out for printing. Above this many districts print.html lists parts.
PRINT_PER_FILE = 50


def _print_parts(pages: list) -> list[tuple[PrintPart, list]]:
    """The print files and their districts: print.html with every district; or, for more than
    PRINT_PER_FILE, print-01.html, print-02.html … of PRINT_PER_FILE districts each (and
    print.html listing them)."""
    if len(pages) <= PRINT_PER_FILE:
        return [(PrintPart("print.html", "", "", len(pages)), pages)]
    chunks = [pages[i:i + PRINT_PER_FILE] for i in range(0, len(pages), PRINT_PER_FILE)]
    width = len(str(len(chunks)))
    return [(PrintPart(f"print-{n:0{width}d}.html", chunk[0].name, chunk[-1].name, len(chunk)), chunk)
            for n, chunk in enumerate(chunks, start=1)]


def build_pages(scorecards: dict, *, history=None, months_present=(), thai_digits: bool = False,
                base_url: str | None = None) -> tuple[views.Overview, glance_views.Glance, list[views.DistrictPage]]:
    """The view-models of a month: the overview, its summary at a glance, and every district page."""
    overview = views.build_overview(scorecards, history=history, months_present=months_present, thai_digits=thai_digits)
    glance = glance_views.at_a_glance(scorecards, overview, history=history, thai_digits=thai_digits)
    month = overview.meta.month_id
    glance_views.standalone_links(overview.meta, month, base_url)
    pages = [
        views.build_district(scorecards, d, months_present=months_present, thai_digits=thai_digits)
        for d in scorecards.get("districts", [])
    ]
    for page in pages:
        glance_views.standalone_links(page.meta, month, base_url)
    return overview, glance, pages


def render_year(results, out_dir: Path, *, thai_digits: bool = False, templates: str | Path | None = None,
                generated=None) -> list[Path]:
    """Write a fiscal year's summary: index.html (every district ranked, the province's total) and
    districts/<id>.html (its months and counts); results is a yearly.YearResults."""
    from auditor.present import yearly

    out_dir, env = Path(out_dir), environment(str(templates) if templates else None)
    written = [_write(env, out_dir / "index.html", "year.html",
                      page=yearly.build_year(results, thai_digits=thai_digits, generated=generated))]
    for d in results.districts:
        page = yearly.build_district_year(results, d, thai_digits=thai_digits, generated=generated)
        written.append(_write(env, out_dir / "districts" / f"{d.id}.html", "year_district.html", page=page))
    return written
