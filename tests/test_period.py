from datetime import datetime

import pytest

from auditor.errors import UsageError
from auditor.period import Month, parse_month, parse_timestamp, thai_date


@pytest.mark.parametrize("text", ["2025-02", "2568-02", " 2025-02 ", "๒๕๖๘-๐๒"])
def test_gregorian_and_buddhist_era_mean_the_same_month(text):
    assert parse_month(text) == Month(2025, 2)


@pytest.mark.parametrize("text, fragment", [
    ("2025-13", "month must be 01 to 12"), ("2025/02", "expected YYYY-MM"), ("Feb 2025", "expected YYYY-MM"),
    ("1800-02", "neither"), ("", "expected YYYY-MM"), ("2025-00", "01 to 12"), ("2025-0", "01 to 12"),
])
def test_bad_months_are_refused_with_a_clear_message(text, fragment):
    with pytest.raises(UsageError, match=fragment):
        parse_month(text)


@pytest.mark.parametrize("text, hint", [("2025-2", "2025-02"), ("2568-2", "2568-02"), ("๒๕๖๘-๒", "2568-02")])
def test_a_single_digit_month_is_refused_with_the_padded_form(text, hint):
    # the issue asks for YYYY-MM only; '2025-2' is probably meant, so say how to write it
    with pytest.raises(UsageError, match=f"two digits, e.g. {hint}"):
        parse_month(text)


@pytest.mark.parametrize("stamp, inside", [
    ("2025-01-31T17:00:00Z", True),    # 00:00 Bangkok on 1 Feb
    ("2025-01-31T16:59:59Z", False),   # still January in Bangkok
    ("2025-01-31T17:30:00+0000", True),  # Graph API's offset form
    ("2025-02-28T16:59:59Z", True),
    ("2025-02-28T17:30:00Z", False),   # 00:30 Bangkok on 1 March
    ("2025-03-01T00:30:00+07:00", False),
    ("2025-02-01T00:30:00+07:00", True),
])
def test_month_boundaries_are_bangkok_local(stamp, inside):
    assert parse_month("2025-02").contains(parse_timestamp(stamp)) is inside


def test_timestamps_need_an_offset():
    with pytest.raises(ValueError, match="no UTC offset"):
        parse_timestamp("2025-02-14T10:00:00")


def test_thai_labels():
    assert parse_month("2025-02").thai_label == "กุมภาพันธ์ 2568"
    assert thai_date(datetime.fromisoformat("2025-02-13T18:00:00+00:00")) == "14 ก.พ. 2568"
    assert thai_date(datetime.fromisoformat("2025-02-14T10:00:00+07:00"), thai_digits=True) == "๑๔ ก.พ. ๒๕๖๘"
    assert Month(2024, 12).next() == Month(2025, 1) and Month(2025, 1).previous() == Month(2024, 12)
    assert len(Month(2024, 2).days()) == 29


# --- the one Thai date parser (listings, report sheets, --as-of) -------------------------------

from datetime import date  # noqa: E402

from auditor.period import BANGKOK, parse_thai_date, parse_thai_datetime  # noqa: E402


@pytest.mark.parametrize("text", ["2025-02-14 10:30", "14/02/2568 10.30 น.", "14 ก.พ. 68 เวลา 10:30",
                                  "๑๔ กุมภาพันธ์ ๒๕๖๘ 10:30", "วันที่ 14 กพ 2568 10:30"])
def test_one_parser_reads_every_form_of_a_sheet_cell(text):
    assert parse_thai_datetime(text) == datetime(2025, 2, 14, 10, 30, tzinfo=BANGKOK)


def test_listing_dates_are_found_inside_text_and_dates_without_time():
    assert parse_thai_datetime("โพสต์เมื่อ 14 ก. พ. 2568 เวลา 10:30 น.", anywhere=True) == datetime(2025, 2, 14, 10, 30, tzinfo=BANGKOK)
    assert parse_thai_date("2568-02-20") == date(2025, 2, 20)
    with pytest.raises(ValueError, match="day first"):
        parse_thai_datetime("02/14/2025")
    with pytest.raises(ValueError) as info:  # year first: the month is simply wrong, no day-first hint
        parse_thai_datetime("2025-13-01")
    assert "day first" not in str(info.value)
    with pytest.raises(ValueError):
        parse_thai_date("2025-02-20 10:00")  # a time is not a date
    with pytest.raises(ValueError, match="not a date"):
        parse_thai_datetime("โพสต์เมื่อ 14 ก.พ. 2568")  # a whole cell must be the date
