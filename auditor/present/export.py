"""Spreadsheet exports of a month's scorecards, Thai headers, for staff who work in Excel.

write_exports() writes two files into out_dir:

scorecards.csv
    UTF-8 with a byte-order mark (Excel opens Thai text correctly), ONE ROW PER DISTRICT,
    with three columns per monthly rule, named by the rule's short Thai title (rules_meta
    short_th, e.g. "โพสต์"): "<short>: ผล" (ผ่าน/ไม่ผ่าน/ตรวจไม่ได้), "<short>: ทำได้"
    (observed) and "<short>: เกณฑ์" (required). A row per district
    sorts, filters and prints like the overview page; rules follow rules_meta's order.
    Counts are whole numbers even where a district has none ("Int64", empty cell), never
    "150.0"; a column that also holds dates or words (the report deadline) stays text.

scorecards.xlsx
    sheet "สรุปรายอำเภอ": the same table as the CSV (districts × rules);
    sheet "โพสต์": one row per post with the reasons it did or did not count;
    sheet "ข้อผิดพลาด": channels that could not be collected, cause in plain Thai;
    sheet "ระบุอำเภอไม่ได้": posts no district could be attributed to;
    sheet "ปรับโดยจังหวัด": the province's overrides of the month (what, why, who, when, applied or not).

Where the province's override changed a result, the district row's "ปรับโดยจังหวัด" column says
which rule, why, who and when, with the machine's own verdict; the posts sheet has the same for
each post. A month in progress (--as-of) shows on track / behind, and "ความคืบหน้า" its code.

Text cells that a spreadsheet would read as a formula (=, +, -, @ first) are prefixed with
an apostrophe, so hostile post text stays text; control characters, which XLSX cannot hold, are
dropped from each cell (the scorecards are not walked for them). Both files are written whole
or not at all (auditor.files).
"""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from auditor import files
from auditor.heap import collector_paused
from auditor.present import advice, views, words
from auditor.text.safe import scrub_text

SHEETS = ("สรุปรายอำเภอ", "โพสต์", "ข้อผิดพลาด", "ระบุอำเภอไม่ได้", words.OVERRIDE_SHEET)
OVERRIDE, MACHINE = words.OVERRIDE_COLUMN[0], words.MACHINE_COLUMN[0]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

if TYPE_CHECKING:  # pandas (half a second to import) only for the *_table frames; the files are written without it
    import pandas as pd


def _text(value) -> str:
    """A string cell that no spreadsheet evaluates."""
    s = "" if value is None else str(value)
    return "'" + s if s.startswith(_FORMULA_START) else s


def _join(values) -> str:
    return _text(" ".join(str(v) for v in values or []))


def district_table(scorecards: dict) -> pd.DataFrame:
    """One row per district, three columns per rule (verdict, observed, required)."""
    return _whole_numbers(_district_rows(scorecards))


def _district_rows(scorecards: dict) -> list[dict]:
    fmt = views.Fmt()
    columns = views.rule_columns(scorecards)
    rows = []
    for d in scorecards.get("districts", []):
        by_rule = {r.get("rule"): r for r in d.get("rules") or []}
        row = {
            "เดือน": scorecards["month"],
            "รหัสอำเภอ": d["district"],
            "อำเภอ": _text(d["name"]),
            "ผลการตรวจ": words.shown_verdict(d).th if d["verdict"] in words.VERDICTS else d["verdict"],
            "รหัสผล": d["verdict"],
        }
        if d.get("progress"):
            row[words.PROGRESS_COLUMN[0]] = d["progress"]
        for c in columns:
            r = by_rule.get(c.rule) or {}
            row[f"{c.short_th}: ผล"] = words.shown_verdict(r).th if r.get("verdict") else ""
            row[f"{c.short_th}: ทำได้"] = r.get("observed")
            row[f"{c.short_th}: เกณฑ์"] = r.get("required", c.required)
        row["โพสต์ที่นับได้ แยกช่องทาง"] = views.channel_summary(d, fmt)
        row["โพสต์ทั้งหมด"] = len(d.get("posts") or [])
        row["กิจกรรมที่นับได้"] = sum(1 for a in d.get("activities") or [] if a.get("counted", True))
        row["เก็บข้อมูลไม่สำเร็จ (ช่องทาง)"] = len(d.get("errors") or [])
        row["สิ่งที่ยังต้องทำ"] = views.missing_sentence(d, fmt)
        row[OVERRIDE] = _text(_district_overrides(d, columns, fmt))
        rows.append(row)
    return rows


def _district_overrides(d: dict, columns, fmt) -> str:
    """'<rule>: ผ่าน — ปรับโดยจังหวัด: … (…, …) · เครื่องตรวจ: ✗ ไม่ผ่าน (0/2)' for each rule an override changed."""
    by_rule = {r.get("rule"): r for r in d.get("rules") or []}
    parts = []
    for c in columns:
        adjusted = views.adjusted_rule(by_rule.get(c.rule) or {}, fmt, {d["district"]: d["name"]})
        if adjusted:
            shown = words.shown_verdict(by_rule[c.rule]).th
            parts.append(f"{c.short_th}: {shown} — {adjusted.text} · {adjusted.machine}")
    return "; ".join(parts)


def _whole_numbers(rows: list[dict]) -> pd.DataFrame:
    """A frame whose columns of integers and blanks are nullable integers (pandas would make them floats)."""
    import pandas as pd

    frame = pd.DataFrame(rows)
    for name in frame.columns:
        values = [r.get(name) for r in rows]
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
            frame[name] = pd.array(values, dtype="Int64")
    return frame


POST_COLUMNS = ["อำเภอ", "รหัสอำเภอ", "วันที่", "เวลาโพสต์ (ISO)", "ช่องทาง", "ประเภท", "นับ", "เหตุที่ไม่นับ",
                "แฮชแท็กที่พบ", "แฮชแท็กที่ขาด", "เขียนคล้าย (พบ → ที่ถูก)", "แท็กเพจ", "กิจกรรม", "บัญชี", "ลิงก์",
                "ข้อความ (ย่อ)", "หลักฐาน SHA-256", "รหัสโพสต์", OVERRIDE, MACHINE]
_NO_POSTS_COLUMNS = ["อำเภอ", "รหัสอำเภอ", "วันที่", "ช่องทาง", "นับ"]


class _Once(dict):
    """f(key) worked out once per distinct key: a month's 26,000 posts repeat a few dozen dates,
    channels, kinds and tag sets, so most cells are a dictionary hit."""

    def __init__(self, f):
        super().__init__()
        self.f = f

    def __missing__(self, key):
        value = self[key] = self.f(key)
        return value


def posts_table(scorecards: dict) -> pd.DataFrame:
    """The posts sheet as a frame."""
    import pandas as pd

    rows, columns = _posts_rows(scorecards)
    return pd.DataFrame(rows, columns=columns)


def _posts_rows(scorecards: dict) -> tuple[list[list], list[str]]:
    """One row per post, its values in POST_COLUMNS order (a few columns when there is no post)."""
    cells = _PostCells()
    rows = [cells.row(p, d["name"], d["district"]) for d in scorecards.get("districts", []) for p in d.get("posts") or []]
    return (rows, POST_COLUMNS) if rows else ([], _NO_POSTS_COLUMNS)


_BANGKOK_OFFSET = timedelta(hours=7)  # Asia/Bangkok's only offset since April 1920 (no daylight saving)


class _PostCells:
    """The cells of the posts sheet, built as a list per post (no dict to reorder), with what
    repeats across posts (dates, accounts, channel and kind labels, tag lists) worded once."""

    def __init__(self):
        self.fmt = views.Fmt()
        self.dates, self.days = _Once(self.fmt.date), _Once(lambda day: self.fmt.date(day.isoformat()))
        self.channels = _Once(views.channel_label)
        self.kinds = _Once(lambda kind: views.KINDS.get(kind, (kind,))[0])
        self.tags = _Once(_join)
        self.accounts = _Once(lambda key: _text(views.account_label(key[0], key[1], key[2], district_name=key[3],
                                                                     self_reported=key[4])))

    def date(self, iso) -> str:
        """Fmt.date of a post's time, worded once per day: a Bangkok time (+07:00, as collectors
        write them) is on its own calendar day, so most posts cost one parse and a lookup; any
        other time or text is worded by Fmt.date itself."""
        try:
            when = datetime.fromisoformat(iso)
        except (TypeError, ValueError):
            return self.dates[iso]
        if when.utcoffset() == _BANGKOK_OFFSET and 1920 < when.year < 2200:
            return self.days[when.date()]
        return self.dates[iso]

    def row(self, p: dict, name: str, district: str) -> list:
        """A post's row; a column with nothing to say (a counted post's reason, no near miss, no
        override) costs no call."""
        get = p.get
        platform, kind, counted, override = get("platform", ""), get("kind"), get("counted"), get("override")
        return [
            name, district, self.date(get("published_at")), _text(get("published_at")), self.channels[platform],
            self.kinds[get("kind", "")], "นับ" if counted else "ไม่นับ",
            "" if counted else _text(views.why_not_counted(p)),
            self.tags[tuple(get("hashtags") or ())], self.tags[tuple(get("missing_hashtags") or ())],
            _near_misses(p) if get("near_misses") else "",
            views.page_tag_status(get("page_tagged"), kind, get("platform")).text,
            _text(get("activity_id") or ""),
            self.accounts[platform, get("account") or "", get("account_name") or "", name, bool(get("self_reported"))],
            _text(get("url")), _text(get("excerpt", "")), get("evidence_sha256") or "", _text(get("post_id")),
            "" if override is None else _text(_item_override(p, self.fmt)),
            words.POST_COUNTED[bool(override.get("machine_counted"))][1] if override else "",
        ]


def _near_misses(p: dict) -> str:
    return _text("; ".join(f"{n.get('found')} → {n.get('expected')}" for n in views.unique_near_misses(p)))


def _item_override(item: dict, fmt) -> str:
    adjusted = views.adjusted_item(item, fmt)
    return f"{adjusted.action} — {adjusted.text}" if adjusted else ""


OVERRIDE_COLUMNS = list(words.OVERRIDE_HEADERS)


def overrides_table(scorecards: dict) -> pd.DataFrame:
    """The overrides sheet as a frame."""
    import pandas as pd

    rows, columns = _overrides_rows(scorecards)
    return pd.DataFrame(rows, columns=columns)


def _overrides_rows(scorecards: dict) -> tuple[list[dict], list[str] | None]:
    """The province's effective overrides of the month, one row each."""
    fmt = views.Fmt()
    names = {d["district"]: d["name"] for d in scorecards.get("districts", [])}
    rows = [dict(zip(OVERRIDE_COLUMNS, (
        o.get("id"), fmt.date(o.get("at")), _text(words.override_action(o, names)), o.get("action", ""),
        _text(o.get("target", "")), o.get("district") or "", _text(o.get("reason", "")), _text(o.get("by", "")),
        words.override_applied(o))))
        for o in scorecards.get("overrides") or []]
    return rows, OVERRIDE_COLUMNS


def errors_table(scorecards: dict) -> pd.DataFrame:
    """The errors sheet as a frame."""
    import pandas as pd

    rows, columns = _errors_rows(scorecards)
    return pd.DataFrame(rows, columns=columns)


def _errors_rows(scorecards: dict) -> tuple[list[dict], list[str] | None]:
    rows = [
        {
            "อำเภอ": d["name"],
            "รหัสอำเภอ": d["district"],
            "ช่องทาง": views.channel_label(e.get("platform", "")),
            "บัญชี": _text(e.get("account", "")),
            "สาเหตุ": advice.status_cause(e),
            "ข้อความจากระบบ": _text(e.get("message", "")),
        }
        for d in scorecards.get("districts", [])
        for e in d.get("errors") or []
    ]
    return rows, ["อำเภอ", "รหัสอำเภอ", "ช่องทาง", "บัญชี", "สาเหตุ", "ข้อความจากระบบ"]


def unattributed_table(scorecards: dict) -> pd.DataFrame:
    """The unattributed sheet as a frame."""
    import pandas as pd

    rows, columns = _unattributed_rows(scorecards)
    return pd.DataFrame(rows, columns=columns)


def _unattributed_rows(scorecards: dict) -> tuple[list[dict], list[str] | None]:
    fmt = views.Fmt()
    rows = [
        {
            "วันที่": fmt.date(u.get("published_at")),
            "ช่องทาง": views.channel_label(u.get("platform", "")),
            "บัญชี": _text(u.get("account", "")),
            "เหตุผล": _text(views.unattributed_reason(u)),
            "ลิงก์": _text(u.get("url", "")),
            "ข้อความ (ย่อ)": _text(u.get("excerpt", "")),
        }
        for u in scorecards.get("unattributed") or []
    ]
    return rows, ["วันที่", "ช่องทาง", "บัญชี", "เหตุผล", "ลิงก์", "ข้อความ (ย่อ)"]


class Sheet(NamedTuple):
    """A sheet's header and rows (values in header order, None for a blank cell)."""

    columns: list[str]
    rows: list[list]


def rows_sheet(rows: list, columns: list[str] | None = None, whole_numbers: bool = False) -> Sheet:
    """Rows (dicts, or lists already in `columns` order, which become the sheet's rows as they
    are) as the frame of them would hold them: columns in first-seen order, every string made
    safe (_safe), and a column of numbers with a float or a blank among them made of floats (so
    a CSV says "2.0" where the frame did), unless whole_numbers keeps integers with blanks as
    integers (the frame's "Int64")."""
    if columns is None:
        columns = list(dict.fromkeys(key for row in rows for key in row))
    table = [row if isinstance(row, list) else [row.get(c) for c in columns] for row in rows]
    for i, values in enumerate(zip(*table)):  # column by column
        try:  # the usual column, text only, checked at C speed
            if not all(map(str.isprintable, values)):
                _scrub_column(table, i)
            continue  # text (a column with a string in it is never one of numbers)
        except TypeError:  # blanks (None) or numbers among the text
            pass
        if not all(v.isprintable() for v in values if isinstance(v, str)):
            _scrub_column(table, i)
        if set(map(type, values)) <= _TEXT_TYPES:
            continue
        present = [v for v in values if v is not None]
        numbers = present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present)
        if numbers and (any(isinstance(v, float) for v in present) or (len(present) < len(values) and not whole_numbers)):
            for row in table:
                row[i] = None if row[i] is None else float(row[i])
    return Sheet(columns, table)


_TEXT_TYPES = {str, type(None)}


def _scrub_column(table: list[list], i: int) -> None:
    """Column i of the table with each string made safe (_safe), in place (most columns of a month
    have nothing to scrub, and are not walked)."""
    for row in table:
        value = row[i]
        if value.__class__ is str and value.isprintable():
            continue
        row[i] = _safe(value)


def _safe(value):
    """A cell value every format can hold: a string scrubbed of what XLSX refuses (control
    characters, lone surrogates), and kept text if dropping them left a formula's first sign."""
    if isinstance(value, str) and not value.isprintable():
        clean = scrub_text(value)
        return _text(clean) if clean != value else value
    return value


def _width(name, values: list) -> float:
    """A readable width: the longest of the header and the first 200 values, within 10–60."""
    longest = max([len(str(name))] + [len(str(v)) for v in values[:200]])
    return min(max(10, longest + 2), 60)


def write_csv(path: Path, sheet: Sheet) -> Path:
    """The sheet as CSV, UTF-8 with a byte-order mark (Excel opens Thai text correctly), whole or not at all."""
    with files.atomic_file(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(sheet.columns)
        writer.writerows(sheet.rows)
    return path


def write_xlsx(path: Path, sheets: dict[str, Sheet]) -> Path:
    """The workbook (write_workbook), whole or not at all. xlsxwriter opens the temporary file by
    its path (atomic_path), not a file of ours: interrupted mid-zip, a zip of its own over our
    file, left unclosed, would complain on the terminal about seeking in a closed file."""
    with files.atomic_path(path) as tmp:
        write_workbook(tmp, sheets)
    return path


def write_workbook(target: Path, sheets: dict[str, Sheet]) -> None:
    """The workbook through xlsxwriter, which writes rows as XML without a cell object each
    (openpyxl's per-cell objects took 3-4x as long on a nationwide posts sheet). Its
    constant_memory mode was slower here (an inline string per cell instead of the shared
    table, where district names and verdicts repeat). Strings stay strings: no formula, URL or
    number is made of them. Its parts are written to temporary files before they are zipped; they
    go in a folder of ours that is removed whatever happens (interrupted, xlsxwriter leaves them)."""
    import tempfile

    import xlsxwriter

    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with (tempfile.TemporaryDirectory(prefix="auditor-xlsx-") as parts,
          xlsxwriter.Workbook(str(target), {**options, "tmpdir": parts}) as book):
        header = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "top"})
        for name, sheet in sheets.items():
            _write_sheet(book.add_worksheet(name), sheet, header)


def _write_sheet(sheet, table: Sheet, header) -> None:
    """A header row, frozen and filtered, then the rows; widths from the first values."""
    for i, name in enumerate(table.columns):
        sheet.set_column(i, i, _width(name, [row[i] for row in table.rows[:200]]))
        sheet.write_string(0, i, str(name), header)
    sheet.freeze_panes(1, 0)
    if len(table.columns):
        sheet.autofilter(0, 0, len(table.rows), len(table.columns) - 1)
    write_string, write_number = sheet.write_string, sheet.write_number  # half a million cells: no lookups
    for r, row in enumerate(table.rows, start=1):
        for c, value in enumerate(row):
            kind = value.__class__
            if kind is str:
                if value:  # an empty string is a blank cell
                    write_string(r, c, value)
            elif kind is int or (kind is float and value == value):  # NaN is a blank cell
                write_number(r, c, value)
            elif value is not None and kind is not float:
                _write_other(sheet, r, c, value)


def _write_other(sheet, r: int, c: int, value) -> None:
    """A cell of another type: True/False stay booleans, a subclass of str or a number is one, the rest text."""
    if isinstance(value, str):  # a str subclass (an enum's code): its text, not its repr
        if value:
            sheet.write_string(r, c, value)
    elif isinstance(value, bool):
        sheet.write_boolean(r, c, value)
    elif isinstance(value, (int, float)):
        if value == value:
            sheet.write_number(r, c, value)
    else:
        sheet.write_string(r, c, str(value))


EXPORT_FILES = ("scorecards.csv", "scorecards.xlsx")


def export_paths(out_dir: Path) -> list[Path]:
    """Where write_exports writes its two files in out_dir."""
    return [Path(out_dir) / name for name in EXPORT_FILES]


@collector_paused()
def write_exports(scorecards: dict, out_dir: Path) -> list[Path]:
    """Write scorecards.csv and scorecards.xlsx into out_dir; return both paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = export_paths(out_dir)
    districts = rows_sheet(_district_rows(scorecards), whole_numbers=True)
    write_csv(csv_path, districts)
    others = (rows_sheet(*build(scorecards)) for build in (_posts_rows, _errors_rows, _unattributed_rows, _overrides_rows))
    write_xlsx(xlsx_path, dict(zip(SHEETS, (districts, *others))))
    return [csv_path, xlsx_path]
