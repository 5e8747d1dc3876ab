"""The setup tools as people see them: the channels template workbook, the doctor's rows (one per
office and channel, Thai first) and setup.html, rendered through the project's one Jinja environment."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from auditor import __version__, files
from auditor.period import thai_date
from auditor.present.words import setup as words
from auditor.present.report import _write, environment
from auditor.registry import Registry
from auditor.setup.channels import office_cells, sheet_columns
from auditor.setup.doctor import DoctorReport
from auditor.setup.findings import SheetProblem


# --- the template -----------------------------------------------------------------------------


def write_template(registry: Registry, path: str | Path) -> Path:
    """An XLSX with one row per office (Thai headers, current values filled in) and a sheet on how to fill it."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = words.TEMPLATE_SHEET
    columns = sheet_columns()
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="E3F3E7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for office in registry.offices:
        values = office_cells(office)
        sheet.append([values.get(c.key, "") for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = 18 if column.key in ("id", "name_th") else 34
        for cell in sheet[letter][1:]:
            cell.alignment, cell.number_format = Alignment(wrap_text=True, vertical="top"), "@"  # ids stay text
    sheet.freeze_panes = "C2"
    help_sheet = book.create_sheet(words.HELP_SHEET)
    for line in words.TEMPLATE_HELP:
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 120
    path = Path(path)
    with files.atomic_path(path) as tmp:
        book.save(tmp)
    return path


def problem_line(problem: SheetProblem) -> str:
    """`FILE:ROW: column: problem (English)`, web addresses shown as read (Thai, not percent-encoded)."""
    th, en = words.problem_words(problem.code, {k: readable(v) if isinstance(v, str) else v
                                                for k, v in problem.params.items()})
    return f"{problem.source}:{problem.row}: {problem.column}: {th} ({en})"


def change_line(office: str, field: str, old: str, new: str) -> str:
    """`office: field: old → new`, several values on one line, web addresses shown as read."""
    return words.CHANGE_LINE.format(office=office, field=field, old=readable(old.replace("\n", " ")) or "-",
                                    new=readable(new.replace("\n", " ")) or "-")


def readable(text: str) -> str:
    """The web addresses in a text percent-decoded (…/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/ → …/ข่าว/), so
    a person reads the Thai they pasted; an address that does not decode to UTF-8 stays as written."""
    return " ".join(_decoded(word) if word.startswith(("http://", "https://")) and "%" in word else word
                    for word in text.split(" "))


def _decoded(url: str) -> str:
    try:
        return unquote(url, errors="strict")
    except UnicodeDecodeError:
        return url


# --- the doctor's rows and page ---------------------------------------------------------------


@dataclass
class DoctorRow:
    office: str  # Thai office name, or "ทั้งจังหวัด" for setup-wide lines
    topic_th: str
    topic_en: str
    status: str
    mark: str
    text_th: str
    text_en: str
    fix_th: str
    account: str = ""

    @property
    def status_th(self) -> str:
        return words.STATUS_TH[self.status]

    @property
    def css(self) -> str:
        """The verdict colours of the monthly pages: ready green, fix red, check and unchecked amber."""
        return {"ok": "pass", "fail": "fail"}.get(self.status, "incomplete")


@dataclass
class DoctorPage:
    """What setup.html and the terminal table show."""

    rows: list[DoctorRow]
    ready: bool
    counts: dict[str, int]
    summary: str
    config: str
    ruleset: str
    meta: "SetupMeta" = field(default=None)


@dataclass
class SetupMeta:
    """The fields base.html and _footer.html read."""

    title: str
    generated: str
    tool_version: str
    ruleset: str
    as_of_note: str = ""
    root: str = ""


def doctor_rows(report: DoctorReport, registry: Registry) -> list[DoctorRow]:
    """One row per finding: setup-wide lines first, then offices in the registry's order."""
    names = {o.id: o.name_th for o in registry.offices}
    rows = []
    for f in report.findings:
        th, en, fix = words.finding_words(f.code, f.params)
        topic_th, topic_en = words.topic(f.platform)
        rows.append(DoctorRow(names.get(f.office, f.office) if f.office else "ทั้งจังหวัด", topic_th, topic_en, f.status,
                              words.MARK[f.status], th, en, fix, str(f.params.get("account", ""))))
    return rows


def doctor_page(report: DoctorReport, registry: Registry) -> DoctorPage:
    counts = report.counts()
    summary = words.DOCTOR_READY if report.ready else words.DOCTOR_NOT_READY.format(**counts)
    meta = SetupMeta(title="ตรวจความพร้อมการตั้งค่า (setup check)", generated=_stamp(report),
                     tool_version=__version__, ruleset=report.ruleset)
    return DoctorPage(doctor_rows(report, registry), report.ready, counts, summary, report.config, report.ruleset, meta)


def _stamp(report: DoctorReport) -> str:
    return f"{thai_date(report.checked_at)} {report.checked_at.strftime('%H:%M')} น."


def render_setup(page: DoctorPage, out_dir: str | Path, templates: str | None = None) -> Path:
    """Write OUT/setup.html (self-contained, like the monthly pages)."""
    return _write(environment(templates), Path(out_dir) / "setup.html", "setup.html", page=page)
