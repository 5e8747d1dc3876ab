"""Write the demo's self-report sheet and monthly figures (run: python -m scripts.make_demo_reports).

Writes, for February 2025 (2568), next to the replayable demo in cassettes/demo/:

- reports-2025-02.csv: the district report form as Google Forms exports it (Thai headers
  ประทับเวลา, อำเภอ, วันที่จัดกิจกรรม, ชื่อกิจกรรม, ช่องทาง, ลิงก์), one row per reported
  activity or post, with the URLs of the demo's real posts written the ways people paste them;
- reports-2025-02.xlsx: the same sheet as a Google Sheets download (dates as date cells);
- figures-2025-02.csv: the province's monthly figures for all 25 districts;
- line/reported.yaml: the scan's checks of the reported LINE VOOM posts (no reader can read
  them, so a scan checks that they open; each answers 200).

The story: most districts report by 15 March; LATE ones on 17 and 20 March; NEVER_REPORTS sends
nothing; LINE_VOOM districts also report a LINE VOOM post that no collector sees; Sirindhorn
reports its deleted (dead) TikTok video; Nam Yuen reports its 1 March activity (a warning); two
rows are bad on purpose (BAD_ROWS). Deterministic: fixed values, nothing read from the clock.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import openpyxl

from auditor.period import BANGKOK, BE_OFFSET, THAI_MONTHS, THAI_MONTHS_SHORT, to_thai_digits
from auditor.registry import Office, load_registry
from scripts import make_demo as demo
from scripts.cassettes.common import interaction, write_cassette

OUT = demo.OUT
MONTH = "2025-02"
REPORTS_CSV = OUT / f"reports-{MONTH}.csv"
REPORTS_XLSX = OUT / f"reports-{MONTH}.xlsx"
FIGURES_CSV = OUT / f"figures-{MONTH}.csv"
LINE_CHECKS = OUT / "line" / "reported.yaml"
HEADERS = ("ประทับเวลา", "อำเภอ", "วันที่จัดกิจกรรม", "ชื่อกิจกรรม", "ช่องทาง", "ลิงก์")
FIGURE_HEADERS = ("อำเภอ", "สมัครร้านค้า Shop ชุมชน", "ดาวน์โหลดแอป", "CDD พาเที่ยว")
FIXED_ZIP_TIME = (2025, 3, 21, 9, 0, 0)

NEVER_REPORTS = "kut-khaopun"
LATE = {"nam-khun": datetime(2025, 3, 17, 16, 45, tzinfo=BANGKOK), "na-tan": datetime(2025, 3, 20, 10, 5, tzinfo=BANGKOK)}
LINE_VOOM = {"si-mueang-mai": "1170000000000000001", "thung-si-udom": "1170000000000000002", "na-yia": "1170000000000000003"}
COMBINED = ("warin-chamrap", "sawang-wirawong")  # promotions reported in one row, several URLs in one cell
BAD_ROWS = {
    "no URL": ("tan-sum", "รูปภาพกิจกรรมส่งในไลน์กลุ่มแล้ว"),
    "unknown district": ("อำเภอกันทรลักษ์", "https://www.facebook.com/104599999999999/posts/122999999999999"),
}

ACTIVITY_TITLES = (
    "ประชุมประจำเดือนกำนันผู้ใหญ่บ้าน ชี้แจงการดาวน์โหลดแอป Click ชุมชน",
    "อบรมผู้ประกอบการ OTOP เปิดร้านค้า Shop ชุมชน",
    "ลงพื้นที่หมู่บ้านเศรษฐกิจพอเพียง แนะนำกลุ่มทอผ้าลงทะเบียนสินค้า",
    "ส่งเสริมการตลาดสินค้าชุมชนในงานกาชาด สั่งซื้อผ่าน Click ชุมชน",
)
PROMOTION_TITLES = ("ประชาสัมพันธ์ชวนดาวน์โหลดแอป Click ชุมชน", "แนะนำสินค้าเด่นประจำสัปดาห์บน Click ชุมชน")
OTHER_TITLES = {"photo": "ลงพื้นที่เยี่ยมกลุ่มอาชีพ (ภาพกิจกรรม)", "unrelated": "ประชุมประจำเดือนข้าราชการอำเภอ",
                "deleted": "คลิปแนะนำสินค้าชุมชนบน TikTok"}
CHANNEL_LABELS = {"facebook": ("Facebook", "เฟซบุ๊ก", "เพจ"), "website": ("เว็บไซต์", "Website"),
                  "youtube": ("YouTube", "ยูทูบ"), "tiktok": ("TikTok", "ติ๊กต็อก"), "line": ("LINE OA", "ไลน์", "Line")}

# Monthly figures: (Shop ชุมชน sign-ups this month, app downloads (cumulative), CDD พาเที่ยว places (cumulative)).
# Targets: sign-ups ≥ shop_signups_target_per_month of auditor/data/ubon-districts.csv; downloads ≥ 80% of
# the target group (sum of its dl_* columns); travel places ≥ 10. None = the district left its row blank.
# det-udom meets every target: its only open rule is the activity count, unknown because its
# Facebook token expired (190), so the demo keeps a district that is incomplete, not failed.
FIGURES = {
    "mueang-ubon-ratchathani": (3, 150, 14), "si-mueang-mai": (0, 70, 4), "khong-chiam": (2, 48, 12),
    "khueang-nai": (1, 120, 10), "khemarat": (2, 110, 7), "det-udom": (2, 210, 15), "na-chaluai": (1, 75, 11),
    "nam-yuen": (0, 90, 6), "buntharik": (1, 104, 10), "trakan-phuet-phon": (2, 150, 9), "kut-khaopun": None,
    "muang-sam-sip": (1, 140, 13), "warin-chamrap": (4, 180, 20), "phibun-mangsahan": (1, 147, 12),
    "tan-sum": (0, 40, 3), "pho-sai": (1, 70, 8), "samrong": (2, 95, 10), "don-mot-daeng": (0, 45, 11),
    "sirindhorn": (1, 79, 16), "thung-si-udom": (1, 30, 5), "na-yia": (1, 38, 10), "na-tan": (0, 50, 2),
    "lao-suea-kok": (1, 47, 9), "sawang-wirawong": (3, 60, 12), "nam-khun": (0, 20, 0),
}


@dataclass
class Posted:
    """One demo post as the collectors see it."""

    platform: str
    when: datetime
    kind: str
    index: int
    url: str
    ids: tuple[str, ...] = ()  # facebook: (page id, post number); youtube: (video id,)


@dataclass
class Row:
    submitted: datetime
    district: str  # as written in the sheet
    activity: date | None
    title: str
    channel: str
    links: str
    date_form: int = 0


# --- the demo's posts -------------------------------------------------------------------------

def demo_posts(n: int, office: Office, plan: demo.Plan) -> list[Posted]:
    """Every post the demo cassettes hold for a district, in time order (same ids as make_demo)."""
    pid = demo.page_id(n)
    out = [Posted("facebook", item.when, item.kind, item.index, f"https://www.facebook.com/{pid}/posts/122{n * 100 + i:012d}",
                  (pid, f"122{n * 100 + i:012d}")) for i, item in enumerate(plan.fb)]
    for i, item in enumerate(plan.web or []):
        out.append(Posted("website", item.when, item.kind, item.index, demo.wp_post(office, n, i, item)["link"]))
    for i, item in enumerate(plan.yt or []):
        video = hashlib.sha256(f"{office.id}-{i}".encode()).hexdigest()[:11]
        out.append(Posted("youtube", item.when, item.kind, item.index, f"https://www.youtube.com/watch?v={video}", (video,)))
    handle = demo.tiktok_handle(office)
    for i, item in enumerate(plan.tiktok or []):
        out.append(Posted("tiktok", item.when, item.kind, item.index, demo.tiktok_video_url(handle, item, i)))
    return sorted(out, key=lambda p: (p.when, p.platform))


def as_pasted(post: Posted, n: int) -> str:
    """The post's URL the way a district official might paste it (varies with n)."""
    if post.platform == "facebook":
        pid, number = post.ids
        return (post.url, f"https://www.facebook.com/permalink.php?story_fbid={number}&id={pid}",
                f"m.facebook.com/{pid}/posts/{number}/")[n % 3]
    if post.platform == "youtube":
        return f"https://youtu.be/{post.ids[0]}" + ("?si=dEmOsHaRe01" if n % 2 else "")
    if post.platform == "website" and n % 3 == 1:
        return post.url.replace("news-", "news%2D")  # percent-encoded hyphen: the same page
    if post.platform == "website" and n % 3 == 2:
        return post.url.rstrip("/")
    return post.url


# --- the report sheet -------------------------------------------------------------------------

def district_label(office: Office, n: int) -> str:
    """How the district is written: mostly the form's dropdown, sometimes typed."""
    forms = (f"อำเภอ{office.name_th}", f"อำเภอ{office.name_th}", f"สำนักงานพัฒนาชุมชนอำเภอ{office.name_th}",
             f"อ.{office.name_th}", office.name_th, office.name_en)
    return forms[n % len(forms)]


def submission_start(office: Office, n: int) -> datetime:
    """When the district's first response arrives: 1-15 March, or LATE."""
    if office.id in LATE:
        return LATE[office.id]
    return datetime(2025, 3, 1 + (n * 7) % 15, 8 + n % 9, (n * 13) % 60, (n * 29) % 60, tzinfo=BANGKOK)


def title_of(post: Posted) -> str:
    if post.kind == "activity":
        return ACTIVITY_TITLES[post.index]
    if post.kind == "promotion":
        return PROMOTION_TITLES[post.index]
    return OTHER_TITLES.get(post.kind, "")


def district_rows(n: int, office: Office, plan: demo.Plan) -> list[Row]:
    """The rows one district submits: one per post (deleted TikTok included), promotions combined for COMBINED."""
    start, label = submission_start(office, n), district_label(office, n)
    # Nobody reports a cover-photo change; an activity also written up on the website is
    # reported once, by its Facebook post (the website copy shows as found but not reported).
    posts = [p for p in demo_posts(n, office, plan) if p.kind != "story" and not (p.platform == "website" and p.kind == "activity")]
    rows: list[Row] = []
    if office.id in COMBINED:
        promos = [p for p in posts if p.kind == "promotion"]
        posts = [p for p in posts if p.kind != "promotion"]
        sep = "\n" if office.id == COMBINED[0] else ", "
        rows.append(Row(start, label, local_date(promos[0].when), "ประชาสัมพันธ์ Click ชุมชน ทุกช่องทางของสำนักงาน",
                        ", ".join(dict.fromkeys(CHANNEL_LABELS[p.platform][0] for p in promos)),
                        sep.join(as_pasted(p, n + i) for i, p in enumerate(promos))))
    for i, post in enumerate(posts):
        label_choices = CHANNEL_LABELS[post.platform]
        rows.append(Row(start + timedelta(minutes=3 * (len(rows) + 1)), label, local_date(post.when), title_of(post),
                        label_choices[(n + i) % len(label_choices)], as_pasted(post, n + i), date_form=n + i))
    if office.id in LINE_VOOM:
        when = posts[0].when + timedelta(days=1)
        rows.append(Row(start + timedelta(minutes=3 * (len(rows) + 1)), label, local_date(when), PROMOTION_TITLES[0],
                        CHANNEL_LABELS["line"][n % 3], f"https://linevoom.line.me/post/{LINE_VOOM[office.id]}", date_form=n))
    return rows


def local_date(when: datetime) -> date:
    return when.astimezone(BANGKOK).date()


def bad_rows(registry) -> list[Row]:
    """The two rows that must be reported as errors: no URL, and a district not in Ubon Ratchathani."""
    district, text = BAD_ROWS["no URL"]
    office = registry.get(district)
    no_url = Row(datetime(2025, 3, 14, 15, 2, 11, tzinfo=BANGKOK), f"อำเภอ{office.name_th}", date(2025, 2, 27),
                 "ประชุมกลุ่มอาชีพ ชวนสมัครร้านค้า Shop ชุมชน", "ไลน์", text)
    name, url = BAD_ROWS["unknown district"]
    unknown = Row(datetime(2025, 3, 9, 11, 40, 0, tzinfo=BANGKOK), name, date(2025, 2, 18), ACTIVITY_TITLES[1], "Facebook", url)
    return [no_url, unknown]


def report_rows() -> list[Row]:
    """All responses, in submission order, as the form's sheet lists them."""
    registry = load_registry(OUT / "auditor.toml")
    rows = bad_rows(registry)
    for n, office in enumerate(registry.offices):
        if office.is_district and office.id != NEVER_REPORTS:
            rows += district_rows(n, office, demo.PLANS[office.id])
    return sorted(rows, key=lambda r: r.submitted)


def date_text(d: date, form: int) -> str:
    """An activity date written in one of the ways Thai sheets hold them."""
    be = d.year + BE_OFFSET
    forms = (f"{d.day}/{d.month}/{be}", d.isoformat(), f"{d.day} {THAI_MONTHS[d.month - 1]} {be}",
             to_thai_digits(f"{d.day}/{d.month}/{be}"), f"{d.day:02d}/{d.month:02d}/{d.year}",
             f"{d.day} {THAI_MONTHS_SHORT[d.month - 1]} {be % 100}")
    return forms[form % len(forms)]


def csv_cells(row: Row) -> list[str]:
    return [row.submitted.strftime("%Y-%m-%d %H:%M:%S"), row.district, date_text(row.activity, row.date_form),
            row.title, row.channel, row.links]


def xlsx_cells(row: Row) -> list:
    return [row.submitted.replace(tzinfo=None), row.district, datetime.combine(row.activity, datetime.min.time()),
            row.title, row.channel, row.links]


# --- files ------------------------------------------------------------------------------------

def csv_text(headers, rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()


def xlsx_bytes(headers, rows: list[list]) -> bytes:
    """An XLSX file with fixed document dates and zip timestamps, so the bytes never change."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "การตอบแบบฟอร์ม 1"  # Google Sheets' name for a form's response sheet
    sheet.append(list(headers))
    for cells in rows:
        sheet.append(cells)
    for cell in sheet["A"][1:]:
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
    for cell in sheet["C"][1:]:
        cell.number_format = "d/m/yyyy"
    fixed = datetime(*FIXED_ZIP_TIME)
    book.properties.created = book.properties.modified = fixed
    book.properties.creator = "auditor demo"
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the clock on save
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-03-21T09:00:00Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def figure_rows() -> list[list]:
    registry = load_registry(OUT / "auditor.toml")
    rows = []
    for office in registry.districts:
        values = FIGURES[office.id]
        rows.append([office.name_th, *(["", "", ""] if values is None else [str(v) for v in values])])
    return rows


def line_checks() -> list[dict]:
    """The scan's GET on each reported LINE VOOM post: a public post answers 200 with a client-rendered shell."""
    shell = '<!DOCTYPE html><html lang="th"><head><title>LINE VOOM</title></head><body><div id="root"></div></body></html>'
    return [interaction(f"https://linevoom.line.me/post/{post}", content_type="text/html; charset=utf-8", body=shell)
            for post in LINE_VOOM.values()]


def main() -> None:
    rows = report_rows()
    REPORTS_CSV.write_text(csv_text(HEADERS, [csv_cells(r) for r in rows]), encoding="utf-8-sig", newline="")
    REPORTS_XLSX.write_bytes(xlsx_bytes(HEADERS, [xlsx_cells(r) for r in rows]))
    FIGURES_CSV.write_text(csv_text(FIGURE_HEADERS, figure_rows()), encoding="utf-8-sig", newline="")
    write_cassette(LINE_CHECKS, line_checks())
    print(f"wrote {REPORTS_CSV} and {REPORTS_XLSX} ({len(rows)} rows) and {FIGURES_CSV}")


if __name__ == "__main__":
    main()
