"""Importers for what districts report themselves and for the province's monthly figures.

Districts report their month's work through an online form; the province exports the responses
as CSV or XLSX (one row per reported activity or post). The province also keeps monthly figures
per district (Shop ชุมชน sign-ups, app downloads, CDD พาเที่ยว travel places). Both sheets are read
here into records; a bad row is reported by its row number (as Excel shows it: the header is row
1) and skipped, the rest are kept. Only `import_reports` and `import_figures` touch the store.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
import os
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from auditor.text import thai
from auditor.codes import Coded, InputCode, RowCode
from auditor.errors import InputError
from auditor.period import BANGKOK, Month, check_year, from_thai_digits, parse_month, parse_thai_datetime
from auditor.models import Figure, SelfReport
from auditor.platforms import PLATFORMS, for_host
from auditor.registry import Registry
from auditor.text.urls import split_urls as find_urls

CHANNELS = tuple(PLATFORMS)  # what a report row's channel may be: a platform id, "other" when unsaid

DEFAULT_COLUMNS: dict[str, list[str]] = {
    "submitted_at": ["ประทับเวลา", "Timestamp", "submitted_at", "วันที่ส่ง", "เวลาที่ส่ง"],
    "district": ["อำเภอ", "district", "หน่วยงาน", "สำนักงาน"],
    "activity_date": ["วันที่จัดกิจกรรม", "activity_date", "วันที่", "วันที่โพสต์"],
    "title": ["ชื่อกิจกรรม", "หัวข้อ", "title", "กิจกรรม"],
    "channel": ["ช่องทาง", "channel", "ช่องทางการเผยแพร่"],
    "urls": ["ลิงก์", "ลิงก์ผลงาน", "URL", "urls", "link", "ลิ้งก์"],
}
REQUIRED_REPORT_COLUMNS = ("submitted_at", "district", "urls")

METRICS = ("shop_signups", "app_downloads", "travel_places")
MAX_COUNT = 10_000_000  # no district reaches this; a bigger figure is a typo (and would overflow SQLite at 2**63)
# Figures the province keeps as running totals (installs of the app, places recorded so far):
# a month's value never falls below an earlier month's, and a month without one carries it forward.
# Sign-ups are counted per month.
CUMULATIVE_METRICS = ("app_downloads", "travel_places")
DEFAULT_FIGURE_COLUMNS: dict[str, list[str]] = {
    "district": DEFAULT_COLUMNS["district"],
    "shop_signups": ["สมัครร้านค้า Shop ชุมชน", "shop_signups", "Shop ชุมชน", "สมัครร้านค้า"],
    "app_downloads": ["ดาวน์โหลดแอป", "app_downloads", "ดาวน์โหลดแอปพลิเคชัน"],
    "travel_places": ["CDD พาเที่ยว", "แหล่งท่องเที่ยว", "travel_places"],
}


# --- records ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class RowError:
    """A row that was skipped: file, row number and what was wrong (column and value): an English
    message, and the same as a RowCode with params (column, value, …) for the catalog."""

    source: str
    row: int
    message: str
    code: str | None = None
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.source}:{self.row}: {self.message}"


@dataclass
class ReportImport:
    reports: list[SelfReport] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class FiguresImport:
    figures: list[Figure] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportSummary:
    """What an import did: records newly stored, records already there, skipped rows, warnings."""

    added: int
    duplicates: int
    errors: list[RowError]
    warnings: list[str]


def report_key(month: str, district: str, submitted_at: datetime, activity_date: date | None, title: str,
               channel: str, urls) -> str:
    """SHA-256 over the month a report is filed under and its normalized content (not its row or file).

    The month is part of the key, so a sheet first imported under the wrong --month can be
    imported again under the right one.
    """
    content = [month, district, submitted_at.astimezone(BANGKOK).isoformat(),
               activity_date.isoformat() if activity_date else "", _collapse(title), channel, sorted(urls)]
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode("utf-8")).hexdigest()


class RowProblem(ValueError):
    """Why a cell makes its row unusable: an English message and a RowCode with params."""

    def __init__(self, message: str, code: str, **params):
        super().__init__(message)
        self.code, self.params = code, params


def _skipped(source: str, number: int, exc: ValueError) -> RowError:
    return RowError(source, number, str(exc), getattr(exc, "code", None), dict(getattr(exc, "params", {})))


def _warning(source: str, number: int, said: str) -> str:
    """'FILE:ROW: message', keeping the message's code (Coded) with the file and row added."""
    text = f"{source}:{number}: {said}"
    return Coded(text, said.code, source=source, row=number, **said.params) if isinstance(said, Coded) else text


# --- library entry points ---------------------------------------------------------------------

def import_reports(path, month, store, registry: Registry, columns: dict | None = None,
                   sheet: str | None = None) -> ImportSummary:
    """Read a report sheet and add its reports to the store; re-importing adds nothing twice."""
    result = read_report_sheet(path, month, registry, columns, sheet=sheet)
    added = store.save_self_reports(result.reports)
    return ImportSummary(added, len(result.reports) - added, result.errors, result.warnings)


def import_figures(path, month, store, registry: Registry, columns: dict | None = None,
                   sheet: str | None = None) -> ImportSummary:
    """Read a figures sheet into the store; a figure already stored for the month is replaced.

    added counts figures that are new or whose value changed; duplicates those unchanged.
    """
    from auditor.selfreport.targets import targets_for

    earlier = store.figures_before(str(_month(month)), CUMULATIVE_METRICS)
    result = read_figures(path, month, registry, columns, sheet=sheet, targets=targets_for(registry).targets,
                          earlier=earlier)
    added = store.save_figures(result.figures)
    return ImportSummary(added, len(result.figures) - added, result.errors, result.warnings)


# --- report sheets ----------------------------------------------------------------------------

def read_report_sheet(path, month, registry: Registry, columns: dict | None = None,
                      sheet: str | None = None) -> ReportImport:
    """Read a CSV/XLSX export of the report form; bad rows become RowErrors, the rest SelfReports.

    columns maps our field names (see DEFAULT_COLUMNS) to the sheet's header (a string or a list
    of accepted headers), e.g. from auditor.toml [reports.columns]; fields not given keep the
    default aliases. A row belongs to the given month; an activity date outside it is a warning.
    """
    month = _month(month)
    table = read_table(path, sheet=sheet)
    out = ReportImport(warnings=list(table.warnings))
    where = find_columns(table, merge_columns(DEFAULT_COLUMNS, columns), REQUIRED_REPORT_COLUMNS)
    require_rows(table)
    districts = DistrictIndex(registry)
    for number, cells in table.rows:
        try:
            report, warnings = _report(table.source, number, cells, where, month, districts)
        except ValueError as exc:
            out.errors.append(_skipped(table.source, number, exc))
            continue
        out.reports.append(report)
        out.warnings.extend(_warning(table.source, number, w) for w in warnings)
    return out


def _report(source: str, number: int, cells: list, where: dict[str, tuple[int, str]], month: Month,
            districts: "DistrictIndex") -> tuple[SelfReport, list[str]]:
    def cell(name):
        index, header = where.get(name, (None, name))
        return (cells[index] if index is not None and index < len(cells) else None), header

    value, header = cell("district")
    district = _named(header, value, districts.resolve)
    value, header = cell("submitted_at")
    submitted_at = _named(header, value, parse_sheet_datetime)
    value, header = cell("activity_date")
    activity_date = None if _blank(value) else _named(header, value, parse_sheet_date)
    value, header = cell("urls")
    links, broken = split_urls(value)
    if not links:
        if _blank(value):
            raise RowProblem(f"{header}: no URL given", RowCode.NO_URL_GIVEN, column=header)
        raise RowProblem(f"{header}: no URL in {_text(value)!r}", RowCode.NO_URL, column=header, value=_text(value))
    title = _collapse(_text(cell("title")[0]))
    channel = normalize_channel(_text(cell("channel")[0]), links)
    warnings = [Coded(f"{header}: ignored {t!r} (not a URL)", RowCode.NOT_A_URL, column=header, value=t) for t in broken]
    warnings += _month_warnings(where, month, submitted_at, activity_date)
    key = report_key(str(month), district, submitted_at, activity_date, title, channel, links)
    return SelfReport(str(month), district, submitted_at, activity_date, title, channel, links,
                      number, source, key), warnings


def _month_warnings(where, month: Month, submitted_at: datetime, activity_date: date | None) -> list[str]:
    out = []
    if activity_date and not month.start.date() <= activity_date < month.end.date():
        header = where["activity_date"][1]
        out.append(Coded(f"{header}: activity date {activity_date.isoformat()} is outside {month} (kept for {month})",
                         RowCode.DATE_OUTSIDE, column=header, date=activity_date.isoformat(), month=str(month)))
    if submitted_at < month.start:
        header = where["submitted_at"][1]
        out.append(Coded(f"{header}: submitted {submitted_at.isoformat()}, before {month} began (kept for {month})",
                         RowCode.SENT_BEFORE, column=header, when=submitted_at.isoformat(), month=str(month)))
    return out


def _named(header: str, value, parse, code: str = RowCode.BAD_DATE):
    """Run parse(value); a ValueError is re-raised naming the column and the value, with its
    RowProblem's code or else `code` (what a plain ValueError of `parse` means)."""
    if _blank(value):
        raise RowProblem(f"{header}: empty", RowCode.EMPTY, column=header)
    try:
        return parse(value)
    except ValueError as exc:
        params = getattr(exc, "params", None) or {"error": str(exc)}
        raise RowProblem(f"{header}: {_text(value)!r}: {exc}", getattr(exc, "code", code), column=header,
                         value=_text(value), **params) from None


# --- figures ----------------------------------------------------------------------------------

def read_figures(path, month, registry: Registry, columns: dict | None = None, sheet: str | None = None, *,
                 targets: dict | None = None, earlier: dict | None = None) -> FiguresImport:
    """Read a CSV/XLSX of monthly figures: a district column and one column per metric (METRICS).

    A blank cell means no figure; a non-integer or negative value makes the row an error (skipped),
    and so does a figure above what can be against the district's `targets` row (sign-ups above
    its OTOP operators, downloads above its target group). A running total (CUMULATIVE_METRICS)
    below the district's `earlier` one (metric → (month, value)) is kept with a warning naming
    both months. Each problem is FILE:ROW: column: what.
    """
    month = _month(month)
    table = read_table(path, sheet=sheet)
    out = FiguresImport(warnings=list(table.warnings))
    where = find_columns(table, merge_columns(DEFAULT_FIGURE_COLUMNS, columns), ("district",))
    metrics = [m for m in METRICS if m in where]
    if not metrics:
        wanted = "; ".join(f"{m}: {', '.join(DEFAULT_FIGURE_COLUMNS[m])}" for m in METRICS)
        raise InputError(f"{table.source}: no figure column found (expected one of {wanted}); "
                         f"headers found: {', '.join(table.headers)}{table.sheet_hint}", code=InputCode.NO_FIGURE_COLUMN,
                         path=table.source, columns={m: DEFAULT_FIGURE_COLUMNS[m] for m in METRICS},
                         headers=table.headers, sheets=list(table.other_sheets))
    require_rows(table)
    districts, seen = DistrictIndex(registry), {}
    for number, cells in table.rows:
        try:
            district, values = _figure_row(cells, where, metrics, districts)
            _within_limits(values, (targets or {}).get(district), where)
        except ValueError as exc:
            out.errors.append(_skipped(table.source, number, exc))
            continue
        if district in seen:
            out.warnings.append(Coded(f"{table.source}:{number}: district {district} also in row {seen[district]}; row {number} used",
                                      RowCode.DISTRICT_TWICE, source=table.source, row=number, district=district,
                                      other=seen[district]))
        seen[district] = number
        out.warnings += [_warning(table.source, number, problem) for problem in
                         _falling(values, (earlier or {}).get(district, {}), where, str(month))]
        out.figures.extend(Figure(str(month), district, m, v, number, table.source) for m, v in values.items())
    return out


def _figure_row(cells: list, where, metrics: list[str], districts: "DistrictIndex") -> tuple[str, dict[str, int]]:
    index, header = where["district"]
    district = _named(header, cells[index] if index < len(cells) else None, districts.resolve)
    values = {}
    for metric in metrics:
        index, header = where[metric]
        value = cells[index] if index < len(cells) else None
        if not _blank(value):
            values[metric] = _named(header, value, parse_count, RowCode.NOT_WHOLE)
    return district, values


def _within_limits(values: dict[str, int], target, where) -> None:
    """Refuse a figure that cannot be: more sign-ups than the district's OTOP operators, more
    downloads than its whole target group. Without a target row nothing is compared."""
    if target is None:
        return
    limits = {"shop_signups": (target.otop_operators, "otop_operators", "OTOP operators"),
              "app_downloads": (target.download_group, "download_group", "people in the download target group")}
    for metric, (limit, what, said) in limits.items():
        if values.get(metric, 0) > limit:
            column = where[metric][1]
            raise RowProblem(f"{column}: {values[metric]} is more than the district's {limit} {said}",
                             RowCode.ABOVE_LIMIT, column=column, value=values[metric], limit=limit, what=what)


def _falling(values: dict[str, int], earlier: dict, where, month: str) -> list[Coded]:
    """A running total below the district's latest earlier month: what to check, naming both months."""
    return [Coded(f"{where[m][1]}: {values[m]} for {month} is below {earlier[m][1]} for {earlier[m][0]}, but it is a "
                  f"running total (the {earlier[m][0]} figure is carried forward until corrected)",
                  RowCode.FALLING, column=where[m][1], value=values[m], month=month, earlier_month=earlier[m][0],
                  earlier=earlier[m][1])
            for m in CUMULATIVE_METRICS if m in values and m in earlier and values[m] < earlier[m][1]]


def parse_count(value) -> int:
    """A non-negative whole number from a cell: 12, 12.0, '12', '1,234', '๑๒'."""
    if isinstance(value, bool):
        raise RowProblem("not a whole number", RowCode.NOT_WHOLE)
    if isinstance(value, float):
        if not value.is_integer():  # NaN and infinities included
            raise RowProblem("not a whole number", RowCode.NOT_WHOLE)
        value = int(value)
    if not isinstance(value, int):
        text = _text(value).replace(",", "").strip()
        m = re.fullmatch(r"([+-]?\d{1,30})(\.0+)?", text)
        if not m:
            raise RowProblem("not a whole number", RowCode.NOT_WHOLE)
        value = int(m.group(1))  # not through float: 23 digits would lose their last ones
    if value < 0:
        raise RowProblem("negative", RowCode.NEGATIVE)
    if value > MAX_COUNT:
        raise RowProblem(f"too large for a monthly count (more than {MAX_COUNT:,})", RowCode.TOO_LARGE, limit=f"{MAX_COUNT:,}")
    return value


# --- tables (CSV/XLSX) ------------------------------------------------------------------------

@dataclass
class Table:
    """A sheet as read: its header cells and its data rows with their Excel row numbers."""

    source: str
    headers: list[str]
    rows: list[tuple[int, list]]
    warnings: list[str] = field(default_factory=list)
    other_sheets: tuple[str, ...] = ()  # an XLSX workbook's sheets not read

    @property
    def sheet_hint(self) -> str:
        """Where a missing column may be instead: another sheet of the workbook."""
        if not self.other_sheets:
            return ""
        return f" (this is one sheet of several: {', '.join(self.other_sheets)}; choose one with --sheet NAME)"


def read_table(path, sheet: str | None = None) -> Table:
    """Read a CSV (UTF-8 with or without BOM, else cp874) or XLSX file; entirely blank rows are dropped."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: file not found", code=InputCode.FILE_NOT_FOUND, path=str(path))
    suffix = path.suffix.lower()
    name, others = path.name, ()
    if suffix in (".xlsx", ".xlsm"):
        (rows, title, others), warnings = _xlsx_rows(path, sheet), []
        name = f"{path.name} [{title}]" if others else path.name
    elif suffix in (".csv", ".txt"):
        rows, warnings = _csv_rows(path)
    else:
        raise InputError(f"{path}: unsupported file type {path.suffix!r} (expected .csv or .xlsx)", code=InputCode.FILE_TYPE,
                         path=str(path), suffix=path.suffix)
    if not rows:
        raise InputError(f"{path}: the file is empty (no header row)", code=InputCode.FILE_EMPTY, path=str(path))
    headers = [_clean_header(h) for h in rows[0]]
    data = [(n, cells) for n, cells in enumerate(rows[1:], start=2) if not all(_blank(c) for c in cells)]
    return Table(name, headers, data, warnings, others)


def _csv_rows(path: Path) -> tuple[list[list], list[str]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}", code=InputCode.FILE_UNREADABLE, path=str(path),
                         error=exc.strerror) from None
    warnings = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp874")
        except UnicodeDecodeError:
            raise InputError(f"{path}: neither UTF-8 (byte {exc.start}) nor cp874/TIS-620 text", code=InputCode.ENCODING,
                             path=str(path)) from None
        warnings.append(Coded(f"{path.name}: not UTF-8 (byte {exc.start}); read as Thai Windows cp874 (TIS-620)",
                              RowCode.CP874, source=path.name, byte=exc.start))
    try:
        return list(csv.reader(io.StringIO(text, newline=""))), warnings
    except csv.Error as exc:
        raise InputError(f"{path}: not a readable CSV file: {exc}", code=InputCode.FILE_UNREADABLE, path=str(path),
                         error=str(exc)) from None


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[list[list], str, tuple[str, ...]]:
    """The rows of one sheet (the first unless named), its title, and the workbook's other sheets."""
    import openpyxl  # imported here: only XLSX imports need it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors for bad files
        raise InputError(f"{path}: not a readable XLSX file: {exc}", code=InputCode.FILE_UNREADABLE, path=str(path),
                         error=str(exc)) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(book.sheetnames)})", code=InputCode.NO_SHEET,
                             path=str(path), sheet=sheet, sheets=list(book.sheetnames))
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        others = tuple(n for n in book.sheetnames if n != ws.title)
        rows: list[list] = []
        try:
            rows.extend(list(r) for r in ws.iter_rows(values_only=True))
        except Exception as exc:  # sheet XML cut or damaged: read lazily, so it fails here (ParseError, zlib, ...)
            # Refused whole: importing the rows before the damage would silently drop the rest.
            raise InputError(f"{path}: sheet {ws.title!r} is damaged after row {len(rows)} ({type(exc).__name__}); "
                             "nothing was imported; export the sheet again", code=InputCode.DAMAGED_SHEET,
                             path=str(path), sheet=ws.title, row=len(rows), error=type(exc).__name__) from None
        return rows, ws.title, others
    finally:
        book.close()


def find_columns(table: Table, aliases: dict[str, list[str]], required) -> dict[str, tuple[int, str]]:
    """Field → (column index, header as written), matching headers to aliases; InputError if a required one is missing."""
    found = {}
    keys = [_header_key(h) for h in table.headers]
    for name, names in aliases.items():
        taken = {i for i, _ in found.values()}
        index = _find_header([k if i not in taken else None for i, k in enumerate(keys)], names)
        if index is not None:
            found[name] = (index, table.headers[index])
    missing = [name for name in required if name not in found]
    if missing:
        wanted = "; ".join(f"{name} (one of: {', '.join(aliases[name])})" for name in missing)
        raise InputError(f"{table.source}: missing column {wanted}; headers found: "
                         f"{', '.join(repr(h) for h in table.headers) or '(none)'}{table.sheet_hint}",
                         code=InputCode.MISSING_COLUMN, path=table.source, columns={n: aliases[n] for n in missing},
                         headers=table.headers, sheets=list(table.other_sheets))
    return found


def require_rows(table: Table) -> None:
    """InputError for a sheet with a header and no data row: an export taken before any response,
    or the wrong sheet. Reporting "0 imported" and exit 0 would look like success."""
    if not table.rows:
        raise InputError(f"{table.source}: only a header row, no data rows; nothing to import{table.sheet_hint}",
                         code=InputCode.NO_DATA_ROWS, path=table.source, sheets=list(table.other_sheets))


def _find_header(keys: list[str | None], names: list[str]) -> int | None:
    """Index of the first header equal to an alias (in alias order), else of one that starts with it
    followed by a note, as Google Forms questions do: "ลิงก์ผลงาน (Facebook/เว็บไซต์)". None = taken."""
    wanted = [_header_key(n) for n in names]
    for name in wanted:
        if name in keys:
            return keys.index(name)
    for name in wanted:
        for i, k in enumerate(keys):
            if k is not None and (k.startswith(name + " ") or k.startswith(name + "(")):
                return i
    return None


def merge_columns(defaults: dict[str, list[str]], columns: dict | None) -> dict[str, list[str]]:
    """The accepted headers of each field: the defaults, with the configured ones ([reports.columns],
    [figures.columns]) in place of a field's defaults; InputError for a field that does not exist."""
    merged = {k: list(v) for k, v in defaults.items()}
    for name, value in (columns or {}).items():
        if name not in merged:
            raise InputError(f"columns.{name}: unknown field (expected one of {', '.join(merged)})",
                             code=InputCode.UNKNOWN_FIELD, value=name, known=list(merged))
        merged[name] = [value] if isinstance(value, str) else list(value)
    return merged


def _clean_header(value) -> str:
    return _collapse(_text(value))


def _header_key(text: str) -> str:
    return _collapse(unicodedata.normalize("NFKC", text)).casefold()


# --- cells ------------------------------------------------------------------------------------

def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return thai.remove_invisible(unicodedata.normalize("NFC", str(value))).strip()


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _month(month) -> Month:
    return month if isinstance(month, Month) else parse_month(str(month))


# --- dates ------------------------------------------------------------------------------------

_EXCEL_EPOCH = datetime(1899, 12, 30)


def parse_sheet_datetime(value) -> datetime:
    """An aware datetime from a cell: Excel datetime, ISO, D/M/Y (BE or CE), Thai month names.

    A time without an offset is Asia/Bangkok; a date without a time is midnight.
    """
    return check_year(_sheet_datetime(value))


def _sheet_datetime(value) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=BANGKOK)
    if isinstance(value, date):
        return datetime.combine(value, time(), BANGKOK)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _excel_serial(value).replace(tzinfo=BANGKOK)
    text = from_thai_digits(_text(value))
    return _iso_with_offset(text) or parse_thai_datetime(text)


def parse_sheet_date(value) -> date:
    """A date from a cell (any form parse_sheet_datetime reads); aware times are taken in Bangkok."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return check_year(datetime.combine(value, time(), BANGKOK)).date()
    return parse_sheet_datetime(value).astimezone(BANGKOK).date()


def _iso_with_offset(text: str) -> datetime | None:
    if not re.search(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*(Z|[+-]\d{2}:?\d{2})$", text):
        return None
    try:
        return datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        return None


def _excel_serial(value: float) -> datetime:
    if not 20000 <= value <= 80000:  # 1954..2119; anything else is not a date serial
        raise ValueError("a number, not a date")
    return _EXCEL_EPOCH + timedelta(days=value)


# --- districts --------------------------------------------------------------------------------

_OFFICE_PREFIXES = ("สำนักงานพัฒนาชุมชนอำเภอ", "สพอ.", "สนง.พช.อ.", "พช.อ.",
                    "สพอ", "อำเภอ", "อ.", "amphoe", "district of")
_OFFICE_SUFFIXES = ("district", "community development office")


def _province_suffixes(province_th: str) -> tuple[str, ...]:
    """How a sheet may add the province after a district's name: 'จังหวัดX', 'จ.X', and the
    abbreviations 'จ.Yฯ' for a leading part Y of the name ('จ.อุบลฯ'), from the registry's province."""
    name = thai.key(province_th or "").replace(" ", "")
    if not name:
        return ()
    full = (f"จังหวัด{name}", f"จ.{name}", f"จ{name}")
    short = tuple(f"จ.{name[:n]}ฯ" for n in range(2, len(name)))
    return full + short


class DistrictIndex:
    """Finds a district from how people write it: id, Thai name (with อำเภอ/อ./office prefix), English name."""

    def __init__(self, registry: Registry):
        self.names: dict[str, str] = {}
        self.thai = {o.id: o.name_th for o in registry.districts}
        self.suffixes = _OFFICE_SUFFIXES + _province_suffixes(registry.province.get("name_th", ""))
        for office in registry.districts:
            for name in (office.id, office.name_th, office.name_en):
                self.names[self._key(name)] = office.id
        mueang = [o for o in registry.districts if o.name_th.startswith("เมือง")]
        if len(mueang) == 1:  # "อำเภอเมือง" is how the capital district is usually written
            self.names.setdefault(self._key("เมือง"), mueang[0].id)

    def _key(self, text: str) -> str:
        return _district_key(text, self.suffixes)

    def resolve(self, value) -> str:
        """The registry id of a district; RowProblem (a ValueError) naming the closest district if unknown."""
        text = _text(value)
        found = self.names.get(self._key(text))
        if found is None:
            close = self.closest(text)
            raise RowProblem("unknown district (not in the registry)", RowCode.UNKNOWN_DISTRICT, suggestion=close,
                             suggestion_th=self.thai.get(close))
        return found

    def closest(self, value) -> str | None:
        """The id of the district whose id or name (Thai, English) is nearest to a misspelt one, if any
        is near: by difflib's ratio, or by a shared beginning (a name cut short or with a letter too many)."""
        key = self._key(_text(value))
        if not key:
            return None

        def score(name: str) -> float:
            shared = len(os.path.commonprefix([key, name]))
            return max(difflib.SequenceMatcher(None, key, name).ratio(), shared / len(key) if shared >= 4 else 0)

        best = max(self.names, key=score)
        return self.names[best] if score(best) >= 0.75 else None


def _district_key(text: str, suffixes: tuple[str, ...] = _OFFICE_SUFFIXES) -> str:
    s = thai.key(text).strip()  # NFKC, casefold, sara am recomposed, tone marks reordered
    changed = True
    while changed:
        changed = False
        for prefix in _OFFICE_PREFIXES:
            if s.startswith(prefix):
                s, changed = s[len(prefix):].strip(), True
        for suffix in suffixes:
            if s.endswith(suffix):
                s, changed = s[: -len(suffix)].strip(), True
    return re.sub(r"[\s\-_.]+", "", s)


# --- channels and URLs ------------------------------------------------------------------------

# How report sheets name each platform's channel (the platform table's report_labels).
_CHANNEL_LABELS = {p.id: p.report_labels for p in PLATFORMS.values() if p.report_labels}
_URL_SPLIT = re.compile(r"[\s,;]+")


def normalize_channel(label: str, links=()) -> str:
    """A platform id (or "other") from a Thai/English label of the platform table; blank → from the URLs."""
    key = re.sub(r"[\s\-_]+", "", unicodedata.normalize("NFKC", label or "").casefold())
    key = key.replace("ออนไลน์", "").replace("online", "")  # "online" holds "line", ออนไลน์ holds ไลน์
    if not key:
        return _channel_from_urls(links)
    for channel, labels in _CHANNEL_LABELS.items():
        if key in labels:
            return channel
    named = {c for c, labels in _CHANNEL_LABELS.items() for lab in labels if len(lab) > 2 and lab in key}
    if len(named) == 1:
        return named.pop()
    if named and _channel_from_urls(links) in named:  # "Facebook, YouTube": let the link decide
        return _channel_from_urls(links)
    return "other"


def _channel_from_urls(links) -> str:
    found = {channel_of_url(u) for u in links}
    return found.pop() if len(found) == 1 else "other"


def channel_of_url(url: str) -> str:
    """The platform a URL belongs to, by host; an unknown host is taken for a website."""
    platform = for_host(urlsplit(url).netloc.lower().split(":")[0])
    return platform.id if platform is not None else "website"


def split_urls(value) -> tuple[tuple[str, ...], list[str]]:
    """(URLs, leftover tokens that look like broken links) of a cell of URLs separated by whitespace,
    commas or new lines (found by auditor.text.urls.split_urls). 'www.x' and 'facebook.com/...' get https://
    in front; duplicates are dropped, order kept."""
    text = _text(value)
    found = [_with_scheme(t.lstrip("<([{“‘\"'").rstrip(".,;:!?'\"”’»…>")) for t in find_urls(text)]
    rest = text
    for token in find_urls(text):
        rest = rest.replace(token, " ", 1)
    broken = [t for t in _URL_SPLIT.split(rest) if re.search(r"[./]\w", t) and not re.fullmatch(r"[\d./]+", t)]
    return tuple(dict.fromkeys(found)), broken


def _with_scheme(url: str) -> str:
    return url if re.match(r"(?i)[a-z][a-z0-9+.\-]*://", url) else "https://" + url
