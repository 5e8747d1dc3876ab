"""Audited months: parsing (Gregorian or Buddhist Era), Bangkok boundaries, Thai date labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cached_property
from zoneinfo import ZoneInfo

from auditor.codes import UsageCode
from auditor.errors import UsageError

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543

THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
_MONTH_RE = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# Month name → number: full names, short names, and short names typed without their dots.
MONTH_NUMBERS = {
    **{name: i for i, name in enumerate(THAI_MONTHS, 1)},
    **{name: i for i, name in enumerate(THAI_MONTHS_SHORT, 1)},
    **{name.replace(".", ""): i for i, name in enumerate(THAI_MONTHS_SHORT, 1)},
}


def from_thai_digits(text: str) -> str:
    """'๑๔ ก.พ. ๒๕๖๘' → '14 ก.พ. 2568'."""
    return text.translate(_THAI_DIGITS)


def gregorian_year(year: int, *, two_digits: bool = False) -> int:
    """2568 → 2025 (Buddhist Era), 2025 → 2025, and with two_digits 68 → 2025: Thai documents
    abbreviate Buddhist-Era years. Anything else raises ValueError."""
    if two_digits:
        year += 2500
    if 2400 <= year <= 2700:
        return year - BE_OFFSET
    if 1900 <= year <= 2200:
        return year
    raise ValueError(f"year {year} is neither Gregorian (e.g. 2025) nor Buddhist Era (e.g. 2568)")


@dataclass(frozen=True, order=True)
class Month:
    """One calendar month in a time zone (Asia/Bangkok unless said otherwise)."""

    year: int
    month: int
    tz: ZoneInfo = BANGKOK

    @cached_property  # asked once per post of the month: built once (a frozen instance's own __dict__)
    def start(self) -> datetime:
        return datetime(self.year, self.month, 1, tzinfo=self.tz)

    @cached_property
    def end(self) -> datetime:
        """The first instant after the month (exclusive bound)."""
        nxt = self.next()
        return datetime(nxt.year, nxt.month, 1, tzinfo=self.tz)

    def next(self) -> "Month":
        y, m = (self.year + 1, 1) if self.month == 12 else (self.year, self.month + 1)
        return Month(y, m, self.tz)

    def previous(self) -> "Month":
        y, m = (self.year - 1, 12) if self.month == 1 else (self.year, self.month - 1)
        return Month(y, m, self.tz)

    def contains(self, when: datetime) -> bool:
        """True when an aware datetime falls in this month, local time."""
        return self.start <= when.astimezone(self.tz) < self.end

    def days(self) -> list[date]:
        d, out = self.start.date(), []
        while d < self.end.date():
            out.append(d)
            d += timedelta(days=1)
        return out

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def thai_label(self) -> str:
        """'กุมภาพันธ์ 2568'."""
        return f"{THAI_MONTHS[self.month - 1]} {self.year + BE_OFFSET}"


def parse_month(text: str, tz: ZoneInfo = BANGKOK) -> Month:
    """Parse '2025-02' or its Buddhist-Era form '2568-02' (Thai digits accepted)."""
    m = _MONTH_RE.match(from_thai_digits(str(text)))
    if not m:
        raise UsageError(f"month {text!r}: expected YYYY-MM, e.g. 2025-02 or 2568-02 (Buddhist Era)",
                         code=UsageCode.MONTH_FORMAT, value=str(text))
    year, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        raise UsageError(f"month {text!r}: month must be 01 to 12", code=UsageCode.MONTH_NUMBER, value=str(text))
    if len(m.group(2)) == 1:  # refused, not guessed: the issue allows YYYY-MM only
        raise UsageError(f"month {text!r}: write the month with two digits, e.g. {m.group(1)}-{month:02d} (YYYY-MM)",
                         code=UsageCode.MONTH_DIGITS, value=str(text), example=f"{m.group(1)}-{month:02d}")
    try:
        return Month(gregorian_year(year), month, tz)
    except ValueError as exc:
        raise UsageError(f"month {text!r}: {exc}", code=UsageCode.MONTH_YEAR, value=str(text), year=year) from None


# --month keywords for unattended runs: the month is taken from the clock, in Bangkok time.
MONTH_KEYWORDS = {"previous": -1, "current": 0, "เดือนก่อน": -1, "เดือนนี้": 0}


def clock() -> datetime:
    """Now, as an aware datetime in Bangkok (one function, so that tests can fix the clock)."""
    return datetime.now(BANGKOK)


def month_from_clock(keyword: str, now: datetime | None = None, tz: ZoneInfo = BANGKOK) -> Month:
    """'current' is the month it is now in Bangkok, 'previous' the one before (Thai 'เดือนนี้',
    'เดือนก่อน' too). At 17:00 UTC on the last day of a month it is already the next month in Bangkok."""
    local = (now or clock()).astimezone(tz)
    month = Month(local.year, local.month, tz)
    return month.previous() if MONTH_KEYWORDS[keyword.strip().lower()] < 0 else month


def parse_month_arg(text: str, now: datetime | None = None, tz: ZoneInfo = BANGKOK) -> Month:
    """A --month value: 'previous', 'current' (from the clock, Bangkok time) or YYYY-MM (parse_month)."""
    if str(text).strip().lower() in MONTH_KEYWORDS:
        return month_from_clock(str(text), now, tz)
    try:
        return parse_month(text, tz)
    except UsageError as exc:
        raise UsageError(f"{exc}, or 'previous' / 'current' (Bangkok time)", code=exc.code, **exc.params) from None


def fiscal_year(text, tz: ZoneInfo = BANGKOK) -> tuple[int, list[Month]]:
    """The Thai government's fiscal year: 1 October – 30 September, named by the year it ends.
    '2568' (Buddhist Era, Thai digits accepted) or '2025' (Gregorian) → (2025, Oct 2024 … Sep 2025)."""
    digits = from_thai_digits(str(text)).strip()
    if not re.fullmatch(r"\d{4}", digits):
        raise UsageError(f"fiscal year {text!r}: expected a year, e.g. 2568 (Buddhist Era) or 2025",
                         code=UsageCode.FISCAL_YEAR, value=str(text))
    try:
        year = gregorian_year(int(digits))
    except ValueError as exc:
        raise UsageError(f"fiscal year {text!r}: {exc}", code=UsageCode.FISCAL_YEAR, value=str(text)) from None
    months, month = [], Month(year - 1, 10, tz)
    for _ in range(12):
        months.append(month)
        month = month.next()
    return year, months


def parse_timestamp(text: str) -> datetime:
    """Parse an RFC 3339 timestamp that must carry an offset ('Z', '+07:00' or Graph's '+0000').

    Anything else raises ValueError, a year outside 1900–2200 included: such a time is a typo or
    a Buddhist-Era year, and near the ends of the calendar converting it to Bangkok time overflows.
    The usual time (read whole by fromisoformat, with an offset, in 1901–2199, so within
    1900–2200 in UTC too) is taken at once: a posts file has tens of thousands of them.
    """
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        value = None
    if value is not None and value.tzinfo is not None and 1900 < value.year < 2200:
        return value
    return _parse_rfc3339(text)


def _parse_rfc3339(text: str) -> datetime:
    """parse_timestamp for any text (its reference: what the quick way must agree with)."""
    if not isinstance(text, str):
        raise ValueError(f"expected an RFC 3339 date-time string, got {type(text).__name__}")
    s = text.strip()
    if s.endswith(("Z", "z")):
        s = s[:-1] + "+00:00"
    try:
        value = datetime.fromisoformat(s)
    except ValueError as exc:
        raise ValueError(f"not an RFC 3339 date-time: {text!r}") from exc
    if value.tzinfo is None:
        raise ValueError(f"date-time has no UTC offset: {text!r}")
    check_year(value)
    return value


def check_year(value: datetime) -> datetime:
    """The aware datetime itself when its year (also in UTC) is 1900–2200; else ValueError."""
    try:
        utc_year = value.astimezone(timezone.utc).year
    except OverflowError:
        utc_year = 0
    if not (1900 <= value.year <= 2200 and 1900 <= utc_year <= 2200):
        hint = " (a Buddhist-Era year? write the Gregorian year)" if 2400 <= value.year <= 2700 else ""
        raise ValueError(f"year {value.year} is out of range (1900 to 2200){hint}")
    return value


def thai_date(when: datetime | date, tz: ZoneInfo = BANGKOK, *, thai_digits: bool = False) -> str:
    """'14 ก.พ. 2568' (local date, Buddhist Era)."""
    if isinstance(when, datetime):
        when = when.astimezone(tz).date()
    text = f"{when.day} {THAI_MONTHS_SHORT[when.month - 1]} {when.year + BE_OFFSET}"
    return to_thai_digits(text) if thai_digits else text


def to_thai_digits(text: str) -> str:
    return text.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))


# --- dates as Thai pages and sheets write them (one parser for listings, report sheets and --as-of) ---


def _month_pattern(name: str) -> str:
    # 'ก.พ.' also matches 'ก.พ', 'กพ.' and 'ก. พ.'
    if "." in name:
        letters = [p for p in name.split(".") if p]
        return r"\.?\s*".join(re.escape(p) for p in letters) + r"\.?"
    return re.escape(name)


_MONTH_KEYS = {re.sub(r"[.\s]", "", name): number for name, number in MONTH_NUMBERS.items()}
_MONTH_NAME = "|".join(_month_pattern(n) for n in sorted({*THAI_MONTHS, *THAI_MONTHS_SHORT}, key=len, reverse=True))
_DATE_FORMS = {
    "ymd": r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})",
    "dmy": r"(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4}|\d{2})",
    "named": rf"(?P<d>\d{{1,2}})\s*(?P<m>{_MONTH_NAME})\s*(?:พ\.?\s*ศ\.?\s*)?(?P<y>\d{{4}}|\d{{2}})(?!\d)",
}
# A sheet cell: '25/02/2568 14.22 น.', '2025-03-10 14:22:05', 'วันที่ 25 ก.พ. 68 เวลา 10:30'.
_CELL_TIME = r"(?:[ ,T]+(?:เวลา\s*)?(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?(?:\.\d+)?\s*(?:น\.?)?)?"
_CELL = [re.compile(r"(?:วันที่\s*)?" + form + _CELL_TIME) for form in _DATE_FORMS.values()]
# A listing page: the date anywhere in the text, a time up to a few characters after it.
_LOOSE_TIME = r"(?:\D{0,12}?(?P<H>\d{1,2})[:.](?P<M>\d{2}))?"
_LISTING = [re.compile(_DATE_FORMS[form] + _LOOSE_TIME) for form in ("named", "ymd")]


def parse_thai_datetime(text: str, *, anywhere: bool = False) -> datetime:
    """A Bangkok datetime from a date as Thai pages and sheets write it; ValueError saying why not.

    Reads ISO '2025-02-25', day-first '25/02/2568' and '25 กุมภาพันธ์ 2568' or '25 ก.พ. 68' (the
    month's dots optional), Thai digits, and an optional time ('14:22', '14.22 น.'). Years from 2400
    are Buddhist Era, two-digit years are short Buddhist-Era years (68 = 2568 = 2025), as Thai
    government pages write them. A date without a time is 00:00 Bangkok. With anywhere=True the date
    may sit inside other text (a listing's 'โพสต์เมื่อ 14 ก.พ. 2568 10:30 น.') and only Thai month
    names and ISO dates are looked for; otherwise the whole text must be the date.
    """
    plain = from_thai_digits(text or "").strip()
    for pattern in _LISTING if anywhere else _CELL:
        m = pattern.search(plain) if anywhere else pattern.fullmatch(plain)
        if m:
            return _date_parts(m)
    raise ValueError("not a date (expected e.g. 2025-02-25, 25/02/2568, 25 กุมภาพันธ์ 2568)")


def parse_thai_date(text: str) -> date:
    """A date without a time, in any form parse_thai_datetime reads ('2568-02-20', '20 ก.พ. 2568')."""
    plain = from_thai_digits(text or "").strip()
    for pattern in _CELL:
        m = pattern.fullmatch(plain)
        if m and m.group("H") is None:
            return _date_parts(m).date()
    raise ValueError("not a date (expected e.g. 2025-02-20 or 2568-02-20)")


def _date_parts(m: re.Match) -> datetime:
    day, name = int(m.group("d")), m.group("m")
    month = _MONTH_KEYS.get(re.sub(r"[.\s]", "", name)) or int(name)
    year = gregorian_year(int(m.group("y")), two_digits=len(m.group("y")) == 2)
    if month > 12 and day <= 12 and m.start("d") < m.start("m"):  # 13/02/2568: not 2568-13-02
        raise ValueError(f"month {month} > 12; dates are read day first (day/month/year)")
    hms = [int(m.groupdict().get(k) or 0) for k in ("H", "M", "S")]
    try:
        return datetime(year, month, day, *hms, tzinfo=BANGKOK)
    except ValueError as exc:
        raise ValueError(f"no such date or time ({exc})") from None
