"""Every sentence a person reads about a code, Thai first and English second, in one place.

The other stages say what happened as codes with parameters (auditor.codes); this module words
them. Each table maps a code to (Thai, English) templates filled from the parameters, which
are data: platform ids, lists of tags, ISO dates. A test holds every member of every enum in
auditor.codes to having both languages here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from auditor.codes import (
    ChannelNote, DataNote, Detail, Kind, Limit, NearReason, Note, OverrideAction, PostNote, Problem, Reason, Todo,
    TodoCode, TodoKind, Unattributed,
)
from auditor.platforms import PLATFORMS
from auditor.errors import UsageError
from auditor.period import BANGKOK, parse_month, parse_timestamp, thai_date

TH, EN = "th", "en"


def platform_label(platform: str) -> str:
    """A platform's name as pages show it ('Facebook', 'เว็บไซต์'); unknown ids as they are."""
    record = PLATFORMS.get(platform)
    if record is None and platform == "*":
        return ANY_CHANNEL[0]
    return record.label_th if record else (platform or "?")


# ---------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class Verdict:
    """A verdict as shown: a symbol and words, so colour is never the only signal."""

    code: str
    symbol: str
    th: str
    en: str
    short: str = ""  # the terminal's table ('ไม่ครบ')

    @property
    def css(self) -> str:
        return f"v-{self.code}"

    @property
    def mark(self) -> str:
        """'✓ ผ่าน': the symbol and the short word, for the terminal."""
        return f"{self.symbol} {self.short}".strip()


VERDICTS = {
    "pass": Verdict("pass", "✓", "ผ่าน", "Pass", "ผ่าน"),
    "fail": Verdict("fail", "✗", "ไม่ผ่าน", "Fail", "ไม่ผ่าน"),
    "incomplete": Verdict("incomplete", "?", "ข้อมูลไม่ครบ", "Incomplete", "ไม่ครบ"),
    "unknown": Verdict("unknown", "?", "ตรวจไม่ได้", "Could not check"),
    "none": Verdict("none", "–", "ไม่มีข้อมูล", "No data"),
    # a month in progress (--as-of): never a final verdict
    "on_track": Verdict("on_track", "→", "ทำได้ตามเกณฑ์แล้ว (เดือนยังไม่สิ้นสุด)", "On track", "ตามเกณฑ์"),
    "behind": Verdict("behind", "…", "ยังไม่ครบเกณฑ์ (เดือนยังไม่สิ้นสุด)", "Behind", "ยังไม่ครบ"),
}


def verdict(code: str | None) -> Verdict:
    return VERDICTS.get(code or "none", VERDICTS["unknown"])


def shown_verdict(item: dict) -> Verdict:
    """A district's or rule's verdict as pages show it: in a month in progress, on track or behind
    (a rule already met shows its pass); otherwise its verdict."""
    progress = item.get("progress")
    return VERDICTS[progress] if progress in ("on_track", "behind") else verdict(item.get("verdict"))


POST_KINDS = {
    "promotion": ("โพสต์ประชาสัมพันธ์", "Promotion"),
    "activity": ("โพสต์กิจกรรม", "Activity"),
    "unrelated": ("ไม่เกี่ยวกับ Click ชุมชน", "Unrelated"),
}

# ---------------------------------------------------------------- why a channel was not (fully) collected

KINDS = {
    Kind.AUTH: ("สิทธิ์เข้าถึงข้อมูลใช้ไม่ได้ ต้องขอสิทธิ์ใหม่จากผู้ดูแลเพจ", "the access token or key was refused"),
    Kind.PERMISSION: ("ไม่ได้รับอนุญาตให้อ่านข้อมูลของบัญชีนี้", "no permission to read this account"),
    Kind.RATE_LIMIT: ("แพลตฟอร์มจำกัดจำนวนครั้งที่อ่านข้อมูล อ่านได้ไม่ครบ ต้องลองใหม่ภายหลัง",
                      "the platform's rate limit was reached; try again later"),
    Kind.UNAVAILABLE: ("ระบบปลายทางขัดข้องชั่วคราว ต้องลองใหม่ภายหลัง", "the platform is temporarily unavailable; try again later"),
    Kind.NETWORK: ("เชื่อมต่อกับแพลตฟอร์มไม่ได้", "the platform could not be reached"),
    Kind.BAD_RESPONSE: ("ระบบปลายทางตอบกลับข้อมูลที่อ่านไม่ได้ ต้องลองใหม่ภายหลัง",
                        "the platform answered something that cannot be read; try again later"),
    Kind.NOT_FOUND: ("ไม่พบบัญชีหรือหน้านี้ ตรวจสอบที่อยู่ที่ตั้งค่าไว้", "no such account; check the configured address"),
    Kind.CONFIG: ("การตั้งค่าช่องทางนี้ใน auditor.toml ไม่ถูกต้อง", "this channel's settings in auditor.toml are wrong"),
    Kind.ERROR: ("แพลตฟอร์มปฏิเสธคำขอ ตรวจสอบรหัสบัญชีและการตั้งค่าใน auditor.toml",
                 "the platform refused the request; check the account id and settings in auditor.toml"),
    Kind.NO_COLLECTOR: ("ยังไม่มีตัวอ่านข้อมูลสำหรับช่องทาง {platform}", "no collector reads {platform}"),
    Kind.NO_RECORDING: ("ไม่มีข้อมูลที่บันทึกไว้ของช่องทางนี้ในชุดข้อมูลจำลอง", "no recording of this request in the replay bundle"),
    Kind.BUG: ("โปรแกรมขัดข้องระหว่างอ่านช่องทางนี้ โปรดแจ้งผู้ดูแลระบบ", "the collector crashed ({error}); please report it"),
    Kind.PARTIAL: ("เก็บข้อมูลได้ไม่ครบทั้งเดือน", "only part of the month could be collected"),
    Kind.MALFORMED: ("ระบบปลายทางตอบกลับข้อมูลที่อ่านไม่ได้ (รูปแบบผิดหรือไม่ครบ) ต้องลองใหม่ภายหลัง",
                     "the platform answered data that does not fit its documented format; try again later"),
    Kind.BLOCKED: ("ได้หน้าเว็บอื่น (หน้าเข้าสู่ระบบ หน้าขอความยินยอม หรือไฟร์วอลล์) แทนข้อมูล จึงอ่านไม่ได้ ต้องลองใหม่ภายหลัง",
                   "a login, consent or firewall page answered instead of the platform's data; try again later"),
    Kind.TRUNCATED: ("การเชื่อมต่อขาดกลางคันก่อนได้ข้อมูลครบ ต้องลองใหม่ภายหลัง",
                     "the connection ended before the whole answer arrived; try again later"),
    Kind.TOO_LARGE: ("ข้อมูลที่ตอบกลับมีขนาดใหญ่ผิดปกติ จึงไม่อ่าน ต้องลองใหม่ภายหลัง",
                     "the answer was abnormally large and was not read; try again later"),
    Kind.TIMEOUT: ("ระบบปลายทางไม่ตอบภายในเวลาที่กำหนด (หมดเวลา) ต้องลองใหม่ภายหลัง",
                   "the platform did not answer in time; try again later"),
    Kind.BUDGET: ("ใช้เวลาเก็บข้อมูลเกินเวลาที่กำหนด จึงหยุดอ่านช่องทางนี้ไว้ก่อน ต้องลองใหม่ภายหลัง",
                  "collecting this channel took longer than its time budget; try again later"),
    Kind.RETRY_LATER: ("แพลตฟอร์มขอให้รอนานกว่าเวลาที่ตั้งไว้ ลองใหม่หลังเวลา {retry_at}",
                       "the platform asked to wait longer than allowed; try again after {retry_at}"),
    Kind.NOT_SCANNED: ("ยังไม่ได้เก็บข้อมูลช่องทางนี้ของเดือนนี้ (สั่ง auditor scan โดยไม่จำกัด --district หรือ --platform)",
                       "no scan of this month has read this channel yet (run auditor scan without --district or --platform)"),
    Kind.POSTS_FILE: ("อ่านบรรทัดที่ {lines}{more} ของไฟล์โพสต์ {file} ไม่ได้ จึงยังไม่ได้นับโพสต์ในบรรทัดนั้น{unattributed} "
                      "แก้บรรทัดนั้นแล้วสั่งตรวจใหม่",
                      "line {lines}{more} of the posts file {file} could not be read, so its post is not counted"
                      "{unattributed}; fix the line and check again"),
}
# Said after the cause of any other kind whose parameters carry retry_at.
RETRY_AT = ("ลองใหม่หลังเวลา {retry_at}", "try again after {retry_at}")
UNKNOWN_KIND = ("เก็บข้อมูลจากช่องทางนี้ไม่สำเร็จ", "the channel could not be collected")

PROBLEMS = {
    Problem.TOKEN_MISSING: ("ยังไม่ได้ตั้งค่าสิทธิ์เข้าถึงข้อมูล (token) ของช่องทางนี้ ในตัวแปร {env}",
                            "no access token: set the environment variable {env}"),
    Problem.TOKEN_EXPIRED: ("สิทธิ์เข้าถึงข้อมูลหมดอายุ ต้องขอสิทธิ์ใหม่จากผู้ดูแลเพจ",
                            "the access token has expired; a page admin must issue a new one"),
    Problem.TOKEN_INVALID: ("สิทธิ์เข้าถึงข้อมูลใช้ไม่ได้ ต้องขอสิทธิ์ใหม่จากผู้ดูแลเพจ",
                            "the access token is not valid; a page admin must issue a new one"),
    Problem.KEY_INVALID: ("คีย์ YouTube Data API ในตัวแปร {env} ใช้ไม่ได้ ต้องตั้งคีย์ที่ถูกต้อง",
                          "the YouTube Data API key in {env} was refused; set a valid key"),
    Problem.SITE_REFUSED: ("เว็บไซต์ไม่อนุญาตให้อ่านข้อมูล (ต้องเข้าสู่ระบบหรือถูกปิดกั้น)",
                           "the website refused to be read (login required or blocked)"),
    Problem.PAGE_ID: ("ไม่พบเพจรหัส {account} หรือสิทธิ์ที่ใช้มองไม่เห็นเพจนี้ ตรวจสอบรหัสเพจ (ตัวเลข) ใน auditor.toml",
                      "page {account} does not exist or is not visible to this token; check its numeric id in auditor.toml"),
    Problem.IG_USER_ID: ("ต้องตั้งค่ารหัสผู้ใช้ Instagram แบบตัวเลข (user_id) ใน auditor.toml ไม่ใช่ชื่อบัญชี",
                         "the Graph API needs the numeric Instagram user id (user_id) in auditor.toml, not a handle"),
    Problem.WEBSITE_KIND: ("ค่า kind ของเว็บไซต์ใน auditor.toml ต้องเป็น {kinds} ไม่ใช่ “{value}”",
                           "a website's kind in auditor.toml must be one of {kinds}, not {value!r}"),
    Problem.HTML_LISTING: ("เว็บไซต์ที่ตั้งค่า kind = \"html\" ต้องระบุ listing_url และ selectors (item, link, title, date) ใน auditor.toml",
                           "kind \"html\" needs listing_url and selectors {{item, link, title, date}} in auditor.toml"),
}

# ---------------------------------------------------------------- notes on a channel that was collected

SOURCES = {"wordpress": ("REST API", "REST API"), "rss": ("RSS", "RSS feed"), "html": ("หน้ารวมข่าวของเว็บไซต์", "HTML listing")}

CHANNEL_NOTES = {
    ChannelNote.READ_THROUGH: ("อ่านผ่าน {source} แทน {failed} (ไม่กระทบผล)", "read through the {source} (after {failed} failed)"),
    ChannelNote.DEAD_LINK: ("ลิงก์โพสต์เปิดไม่ได้ (ถูกลบ ตั้งเป็นส่วนตัว หรือพิมพ์ผิด) จึงไม่นับ", "dead link: {url} ({cause})"),
    ChannelNote.LINK_NOT_CHECKED: ("ตรวจลิงก์โพสต์ไม่ได้ในครั้งนี้ ({cause}) ไม่ถือว่าลิงก์เสีย จะตรวจอีกครั้งในการสแกนครั้งถัดไป",
                                   "link not checked: {url} ({cause}); checked again next scan"),
    ChannelNote.FEED_LATEST_ONLY: ("ฟีดแสดงได้เฉพาะ {n} วิดีโอล่าสุด อาจมีวิดีโอของเดือนนี้ที่ตรวจไม่ถึง",
                                   "the feed lists only the latest {n} videos; set {env} to read the whole month"),
    ChannelNote.STOPPED_AFTER_PAGES: ("อ่านได้เพียงบางหน้า โพสต์เก่าของเดือนนี้อาจตกหล่น",
                                      "stopped after {n} pages; older posts of the month may be missing"),
    ChannelNote.ARTICLE_NOT_READ: ("อ่านหน้าบทความบางบทความไม่ได้ ใช้ข้อความย่อแทน แฮชแท็กท้ายบทความอาจตรวจไม่ถึง",
                                   "article not read, kept its excerpt (hashtags may be missing): {url}"),
    ChannelNote.EXCERPTS_ONLY: ("บทความที่มีแต่ข้อความย่อมีมากเกินกว่าจะอ่านครบ บางบทความอาจตรวจแฮชแท็กไม่ถึง",
                                "{n} items carry only an excerpt; read the first {read} article pages"),
    ChannelNote.NOT_A_VIDEO_LINK: ("ลิงก์ที่ระบุไว้ไม่ใช่ลิงก์วิดีโอ จึงไม่ได้ตรวจ", "not a {platform} video link: {url}"),
    ChannelNote.ITEM_SKIPPED: ("ข้ามรายการที่อ่านไม่ได้ (ไม่กระทบโพสต์อื่น)", "item {item} skipped"),
    ChannelNote.NO_TOKEN_LINKS_ONLY: ("ยังไม่ได้ตั้งค่าสิทธิ์เข้าถึง (token) จึงอ่านรายการโพสต์ไม่ได้ ตรวจได้เฉพาะลิงก์ที่ระบุไว้",
                                      "no token in {env}, posts cannot be listed; {links} listed link(s) checked"),
    ChannelNote.UNREADABLE_ANSWER: ("อ่านข้อมูลของลิงก์ที่ระบุไว้บางลิงก์ไม่ได้", "the platform answered no readable data for {url}"),
    ChannelNote.REPEATED_PAGE: ("อ่านได้เพียงบางหน้า (แพลตฟอร์มส่งหน้าเดิมซ้ำ) โพสต์ของเดือนนี้อาจตกหล่น",
                                "stopped after the platform repeated a page; posts of the month may be missing"),
    ChannelNote.EMPTY_PAGE: ("อ่านได้เพียงบางหน้า (แพลตฟอร์มส่งหน้าว่างทั้งที่ยังมีหน้าถัดไป) โพสต์ของเดือนนี้อาจตกหล่น",
                             "page {page} was empty although {total} pages were announced; posts of the month may be missing"),
    ChannelNote.GARBLED_ITEM: ("ข้ามรายการที่ข้อความอ่านไม่ได้ (ถอดรหัสตัวอักษรผิด) ไม่นับและไม่แทนที่ข้อมูลเดิม",
                               "item {item} skipped: its text was decoded wrongly; the stored copy is kept"),
}
UNKNOWN_NOTE = ("มีข้อสังเกตจากการเก็บข้อมูล (ดูข้อความต้นฉบับ)", "a note from collection (see the original message)")

# ---------------------------------------------------------------- posts

NEAR_MISSES = {  # what is wrong with a near miss and how to fix it, in words a phone reader can act on
    NearReason.TYPO: ("สะกดผิด", "misspelt"),
    NearReason.SPLIT: ("มีช่องว่างคั่นกลาง ต้องเขียนติดกัน", "split by a space; write it as one word"),
    NearReason.GLUED: ("เขียนติดกับข้อความที่ตามมา ต้องเว้นวรรคหลังแฮชแท็ก", "glued to the text after it; add a space after the tag"),
    NearReason.UNLINKED: ("ติดกับข้อความหรือแฮชแท็กก่อนหน้า ต้องเว้นวรรคก่อน #",
                          "glued to the text or tag before it; add a space before #"),
    NearReason.TRUNCATED: ("เขียนไม่ครบ", "incomplete"),
    NearReason.ABBREVIATION: ("ย่อด้วย ฯ ต้องเขียนเต็ม", "abbreviated with ฯ; write it in full"),
}
UNKNOWN_NEAR_MISS = ("เขียนไม่ตรง", "written differently")

POST_NOTES = {
    PostNote.UNRELATED: ("ไม่เกี่ยวกับ Click ชุมชน", "no Click ชุมชน content"),
    PostNote.TEXT_PARTIAL: ("อ่านได้เฉพาะบทคัดย่อ แฮชแท็กท้ายบทความอาจตรวจไม่ถึง", "only an excerpt could be read; hashtags may be missed"),
    PostNote.SELF_REPORTED: ("อำเภอรายงานเอง ตรวจแฮชแท็กไม่ได้เพราะช่องทางนี้ไม่มีระบบให้อ่านข้อมูล",
                             "reported by the district; the channel cannot be read, so hashtags are not checked"),
    PostNote.CHECK_CRASHED: ("ตรวจเกณฑ์ {rule} ไม่สำเร็จ ({error})", "rule {rule} could not run ({error})"),
    PostNote.MISSING_HASHTAGS: ("ขาดแฮชแท็ก {tags}", "missing hashtags: {tags}"),
    PostNote.NEAR_MISS: ("{found} {reason} ที่ถูกคือ {expected}", "{found}: {reason}, meant {expected}"),
    PostNote.PAGE_NOT_TAGGED: ("ไม่ได้แท็กเพจ Click ชุมชน (facebook.com/Clickchumchon)", "the Click ชุมชน page is not tagged"),
    PostNote.TAG_INVISIBLE: ("{tag}: มีอักขระที่มองไม่เห็นอยู่ในแท็ก ควรพิมพ์ใหม่", "{tag}: invisible character inside the tag; retype it"),
    PostNote.TAG_VARIANT: ("{tag}: ตัวอักษรต่างจากแนวทาง ({label}) แต่นับให้", "{tag}: written differently from the guideline ({label}); counted"),
}
UNLINKED_NOTE = ("{found} {reason}", "{found}: {reason}")  # the right tag, written glued: no 'meant'

UNATTRIBUTED = {
    Unattributed.NO_SIGNAL: ("ไม่พบแฮชแท็กสำนักงานหรือชื่ออำเภอในโพสต์", "no office hashtag or district name in the post"),
    Unattributed.SEVERAL_TAGS: ("มีแฮชแท็กของหลายอำเภอ ({districts})", "office hashtags of several districts: {districts}"),
    Unattributed.SEVERAL_NAMES: ("กล่าวถึงหลายอำเภอ ({districts})", "names several districts: {districts}"),
}

# ---------------------------------------------------------------- rules: what was seen, what is still to do

DETAILS = {
    Detail.POSTS_COUNTED: ("โพสต์ที่ผ่านเกณฑ์ {n} ครั้ง (ต้องการอย่างน้อย {need})", "{n} counted posts (at least {need} needed)"),
    Detail.PLATFORMS_COUNTED: ("ช่องทางที่มีโพสต์ผ่านเกณฑ์: {platforms} ({n} จาก {need} ช่องทาง)",
                               "channels with counted posts: {platforms} ({n} of {need})"),
    Detail.ACTIVITIES_COUNTED: ("กิจกรรมที่โพสต์บน {platform} ครบเกณฑ์ {n} กิจกรรม จากที่พบ {found} (ต้องการ {need})",
                                "{n} activities posted on {platform} as required, of {found} found ({need} needed)"),
    Detail.REPORTS_NOT_IMPORTED: ("ยังไม่ได้นำเข้าแบบรายงานของเดือนนี้", "the month's report sheet was not imported"),
    Detail.REPORT_ON_TIME: ("ส่งรายงานเมื่อ {sent} ทันกำหนด (ภายใน {deadline})", "report sent {sent}, on time (due {deadline})"),
    Detail.REPORT_LATE: ("ส่งรายงานเมื่อ {sent} ช้ากว่ากำหนด {late} วัน (กำหนด {deadline})",
                         "report sent {sent}, {late} days late (due {deadline})"),
    Detail.REPORT_NOT_DUE: ("ยังไม่ส่งรายงาน (ยังไม่ถึงกำหนด {deadline})", "no report yet (due {deadline})"),
    Detail.REPORT_MISSING: ("ไม่พบรายงานของอำเภอ (กำหนดส่ง {deadline})", "no report from the district (due {deadline})"),
    Detail.FIGURE_NOT_IMPORTED: ("ยังไม่ได้นำเข้าตัวเลข{label}ของเดือนนี้", "figure not imported for the month: {label}"),
    Detail.FIGURE_VS_TARGET: ("{label} {value} (เป้าหมาย {need})", "{label}: {value} (target {need})"),
    Detail.FIGURE_VS_MIN: ("{label} {value} (ต้องการอย่างน้อย {need})", "{label}: {value} (at least {need})"),
    Detail.FIGURE_CARRIED: ("{label} {value} ยกยอดจาก{from_month} (เดือนนี้ไม่มีตัวเลข; เป้าหมาย {need})",
                            "{label}: {value} carried forward from {from_month} (none this month; target {need})"),
    Detail.FIGURE_NO_TARGET: ("{label} {value} แต่ไม่มีเป้าหมายของอำเภอนี้ในตารางเป้าหมาย{table}",
                              "{label}: {value}, but the targets table{table} has no row for this district"),
    Detail.FIGURE_IMPOSSIBLE: ("{label} {value} มากกว่า{limit_of} ({limit}) ซึ่งเป็นไปไม่ได้ — ไม่นำมาตัดสิน",
                               "{label}: {value} is more than {limit_of} ({limit}), which cannot be; not judged"),
    Detail.RULE_CRASHED: ("ตรวจเกณฑ์นี้ไม่สำเร็จ ({error})", "rule could not run: {error}"),
}
BLOCKED = (" — ยังสรุปไม่ได้ เพราะเก็บข้อมูลไม่ครบ: {channels}", " — undecided: not fully collected: {channels}")

# To-dos, without the leading 'ต้อง' (a sentence joins several under one).
TODOS = {
    TodoCode.MORE_POSTS: ("โพสต์ประชาสัมพันธ์เพิ่มอีก {n} ครั้ง", "publish {n} more counted post(s)"),
    TodoCode.MORE_CHANNELS: ("โพสต์เพิ่มอีก {n} ครั้ง {elsewhere}", "post {n} more time(s) {elsewhere}"),
    TodoCode.MORE_ACTIVITIES: ("จัดกิจกรรมเพิ่มอีก {n} กิจกรรม แล้วโพสต์บน {platform} พร้อมแท็กเพจ Click ชุมชน",
                               "hold {n} more activities and post them on {platform} tagging the Click ชุมชน page"),
    TodoCode.SEND_REPORT: ("ส่งรายงานภายใน {deadline}", "send the report by {deadline}"),
    TodoCode.REPORT_LATE: ("ส่งรายงานช้า {late} วัน (ส่ง {sent} กำหนด {deadline})", "report sent {late} days late ({sent}, due {deadline})"),
    TodoCode.REPORT_MISSING: ("ยังไม่ส่งรายงาน (เลยกำหนด {deadline} แล้ว)", "no report, and the deadline {deadline} has passed"),
    TodoCode.IMPORT_REPORTS: ("นำเข้าแบบรายงาน (auditor import-reports)", "import the report sheet (auditor import-reports)"),
    TodoCode.IMPORT_FIGURES: ("นำเข้าตัวเลข{label} (auditor import-figures)", "import the figures: {label} (auditor import-figures)"),
    TodoCode.RAISE_FIGURE: ("{label}เพิ่มอีก {n}", "{label}: {n} more"),
    TodoCode.ADD_TARGET: ("เพิ่มเป้าหมายของอำเภอนี้ในตารางเป้าหมาย{table} ([targets] file)",
                          "add this district's row to the targets table{table} ([targets] file)"),
    TodoCode.CHECK_FIGURE: ("ตรวจตัวเลข{label} {value} อีกครั้ง (มากกว่า{limit_of} {limit}) แล้วนำเข้าใหม่",
                            "check the figure {label} {value} (more than {limit_of}, {limit}) and import it again"),
    TodoCode.RECHECK: ("รอตรวจสอบ {channels} อีกครั้ง", "check {channels} again once collected"),
    TodoCode.NOT_CONFIGURED: ("ยังไม่ได้ตั้งค่าช่องทาง: ใส่รหัสเพจ Facebook เว็บไซต์ YouTube หรือ TikTok ของอำเภอใน auditor.toml "
                              "([offices.channels]) แล้วสแกนใหม่",
                              "no channel configured: add the district's Facebook page id, website, YouTube or TikTok to "
                              "auditor.toml ([offices.channels]) and scan again"),
}
# Pieces advice joins to-dos with (keyed by name, not by code).
ADVICE = {
    "must": ("ต้อง", "must "),
    "elsewhere_not": ("ในช่องทางอื่นที่ไม่ใช่ {names}", "on a channel other than {names}"),
    "elsewhere_any": ("ในช่องทางอื่นอีกช่องทาง", "on another channel"),
    "channels_distinct": ("โพสต์ประชาสัมพันธ์ใน {need} ช่องทางที่ต่างกัน", "publish on {need} different channels"),
    "posts_on_channels": ("โพสต์ประชาสัมพันธ์เพิ่มอีก {total} ครั้ง {where}", "publish {total} more post(s) {where}"),
    "posts_some_elsewhere": ("โพสต์ประชาสัมพันธ์เพิ่มอีก {total} ครั้ง โดยอย่างน้อย {k} ครั้ง{where}",
                             "publish {total} more post(s), at least {k} {where}"),
    "posts_in_channels": ("โพสต์ประชาสัมพันธ์เพิ่มอีก {total} ครั้ง ใน {need} ช่องทางที่ต่างกัน",
                          "publish {total} more post(s) on {need} different channels"),
    "fix_activity_posts": ("แก้โพสต์กิจกรรม {n} โพสต์บน {platform} ให้{what}", "fix {n} activity post(s) on {platform}: {what}"),
    "post_held_activities": ("โพสต์กิจกรรมที่จัดแล้ว {n} กิจกรรมบน {platform} พร้อมแท็กเพจ Click ชุมชน",
                             "post {n} activities already held on {platform}, tagging the Click ชุมชน page"),
    "fix_page_tag": ("แท็กเพจ Click ชุมชน", "tag the Click ชุมชน page"),
    "fix_hashtags": ("มีแฮชแท็กครบ", "carry every hashtag"),
    "fix_other": ("ผ่านเกณฑ์", "meet the rules"),
    "pass_rule": ("ทำให้ผ่านเกณฑ์ “{title}”", "meet the rule “{title}”"),
    "also": ("นอกจากนี้", "also, "),
    "and": ("และ", "and "),
    "or": (" หรือ ", " or "),
    "all_done": ("ทำครบทุกเกณฑ์ของเดือนนี้แล้ว", "every rule of the month is met"),
    "undecided_rest": ("ส่วนข้ออื่นยังสรุปไม่ได้ เพราะ{why}", "the other rules are undecided: {why}"),
    "undecided_all": ("ยังสรุปผลไม่ได้ เพราะ{why}", "undecided: {why}"),
    "unchecked_one": ("ตรวจสอบ{channel}ไม่ได้ ({cause})", "{channel} could not be checked ({cause})"),
    "unchecked_many": ("ตรวจสอบ{channel}ไม่ได้", "{channel} could not be checked"),
    "no_data_on": ("ยังไม่มีข้อมูลเรื่อง", "no data yet on "),
    "not_configured": ("ยังไม่ได้ตั้งค่าช่องทางของอำเภอนี้ (ใส่รหัสเพจ Facebook เว็บไซต์ YouTube หรือ TikTok ใน auditor.toml "
                       "ที่ [offices.channels] แล้วสแกนใหม่)",
                       "no channel is configured for this district (add its Facebook page id, website, YouTube or "
                       "TikTok to auditor.toml under [offices.channels] and scan again)"),
    "some_data_missing": ("ข้อมูลบางส่วนยังไม่ครบ", "some data is missing"),
    "days_left": (" (เหลือเวลาอีก {days} วันในเดือนนี้)", " ({days} days left in the month)"),
}

# ---------------------------------------------------------------- the month's data, reported links

DATA_NOTES = {
    DataNote.SEED_DOWNLOADS: ("ตารางเป้าหมายในหนังสือ แถว {row} ({district}) พิมพ์ยอดรวมกลุ่มเป้าหมายดาวน์โหลดแอป {printed} "
                              "แต่รวมตามช่องได้ {total} — ใช้ {total}",
                              "{file} seed row {row} ({district_id}): download target group prints {printed} but its columns "
                              "add up to {total}; using {total}"),
    DataNote.SEED_SIGNUPS: ("ตารางเป้าหมายในหนังสือ แถว {row} ({district}) พิมพ์เป้าหมายสมัคร Shop ชุมชน {printed} "
                            "แต่ร้อยละ 1 ของผู้ประกอบการ OTOP {operators} ราย (อย่างน้อย 1) คือ {target} — ใช้ {target}",
                            "{file} seed row {row} ({district_id}): sign-up target prints {printed} but 1% of {operators} "
                            "operators (min 1) is {target}; using {target}"),
    DataNote.SEED_TOTAL: ("ตารางเป้าหมายในหนังสือพิมพ์ยอดรวมเป้าหมายสมัคร Shop ชุมชน {printed} แต่รวมรายอำเภอได้ {total} "
                          "— ใช้ตัวเลขรายอำเภอ",
                          "the seed prints a sign-up target total of {printed} but the district rows sum to {total}; using the rows"),
    DataNote.FIGURE_FELL: ("{metric}ของอำเภอ{district} {month} เป็น {value} ลดลงจาก {previous} เมื่อ{previous_month} "
                           "ทั้งที่เป็นยอดสะสม — ใช้ {previous} ไปก่อน ตรวจตัวเลขอีกครั้ง",
                           "{district_id}: {metric} {value} in {month} is below {previous} in {previous_month}, "
                           "though it is a running total; using {previous}, check the figures"),
    DataNote.NO_TARGETS: ("ไม่มีตารางเป้าหมายของจังหวัด{province} ([targets] file ใน auditor.toml) จึงตัดสินเกณฑ์ตามเป้าหมายไม่ได้",
                          "no targets table for {province} ([targets] file in auditor.toml): rules against targets cannot be judged"),
    DataNote.CHANNEL: ("{office} · {source}: {note}", "{office_id} {platform_id} {account}: {note}"),
    DataNote.POSTS_FILE_LINES: ("ไฟล์โพสต์ {file}: อ่านไม่ได้ {n} บรรทัด (บรรทัดที่ {lines}{more}) จึงไม่ได้นับโพสต์ในบรรทัดเหล่านั้น "
                                "อำเภอที่บรรทัดเหล่านั้นอาจเป็นของและยังขาดไม่เกินจำนวนบรรทัดนั้น จึงแสดงเป็น “ข้อมูลไม่ครบ” แทน “ไม่ผ่าน” "
                                "— แก้บรรทัดแล้วสั่งตรวจใหม่",
                                "posts file {file}: {n} line(s) could not be read (line {lines}{more}); their posts are "
                                "not counted, so the districts they may belong to are incomplete rather than failed where no "
                                "more is missing than those lines; fix the lines and check again"),
    DataNote.POSTS_FILE_ANY_DISTRICT: ("บรรทัดที่ {lines}{more} ของไฟล์โพสต์ {file} ไม่บอกว่าเป็นโพสต์ของอำเภอใด "
                                       "จึงอาจเป็นของอำเภอใดก็ได้ อำเภอที่ยังไม่ผ่านเกณฑ์โดยขาดไม่เกินจำนวนบรรทัดนี้จึงมีข้อมูลไม่ครบ",
                                       "line {lines}{more} of the posts file {file} name no district, so they may be any district's: "
                                       "a district that did not pass by no more than these lines is incomplete"),
    DataNote.OVERRIDE_NOT_APPLIED: ("การปรับโดยจังหวัด รายการที่ {id} ({action}: {target}) ไม่พบในข้อมูลเดือนนี้ "
                                    "(โพสต์อาจถูกลบ ตั้งเป็นส่วนตัว อยู่นอกเดือน หรือยังระบุอำเภอไม่ได้) — ยังเก็บไว้ แต่ไม่ได้นำมาใช้",
                                    "override #{id} ({action_id} {target}) matches nothing in this month (the post may be "
                                    "deleted, private, in another month or given to no district); kept, not applied"),
}
# A channel that cannot be told (a posts file's line whose platform cannot be read: platform "*").
# A posts-file line whose platform cannot be read: its post may be on any channel.
ANY_CHANNEL = ("โพสต์ที่ไม่ทราบช่องทาง", "posts on an unknown channel")
UNKNOWN_DATA_NOTE = ("ข้อสังเกตจากระบบ (รายละเอียดตามข้อความภาษาอังกฤษ)", "a note from the system")

REASONS = {
    Reason.INVALID_URL: ("URL ไม่ถูกต้อง", "invalid URL"),
    Reason.DUPLICATE: ("ลิงก์ซ้ำกับแถว {other}", "same post as row {other}"),
    Reason.NOT_COUNTED: ("พบโพสต์แล้ว แต่ไม่นับ", "found, but not counted"),
    Reason.OUTSIDE_MONTH: ("พบโพสต์แล้ว แต่เผยแพร่นอกเดือนที่ตรวจ ({when}) จึงไม่นับในเดือนนี้",
                           "found, but published outside the audited month ({when})"),
    Reason.DEAD: ("ลิงก์เปิดไม่ได้ ({detail})", "dead link ({detail})"),
    Reason.NOT_COLLECTED: ("เปิดได้ แต่ไม่พบในข้อมูลที่เก็บ (ตรวจแฮชแท็กไม่ได้)", "opens, but not among the collected posts (hashtags not checked)"),
    Reason.NOT_FOUND: ("ไม่พบในข้อมูลที่เก็บ (ยังไม่ได้ตรวจลิงก์)", "not among the collected posts (link not checked)"),
    Reason.CHECK_FAILED: ("ตรวจลิงก์ไม่ได้", "the link could not be checked ({detail})"),
    Reason.NOT_A_POST: ("ไม่ใช่ลิงก์ของโพสต์ (เช่น ลิงก์บัญชีหรือเพิ่มเพื่อน LINE) โปรดส่งลิงก์โพสต์ LINE VOOM",
                        "not a link to a post (an account or add-friend link)"),
    Reason.SELF_REPORTED: ("LINE ตรวจอัตโนมัติไม่ได้ และเกณฑ์ชุดนี้ไม่นับโพสต์ที่รายงานเอง",
                           "LINE cannot be read automatically and this ruleset does not count self-reported posts"),
}
LIMITS = {
    Limit.OPERATORS: ("จำนวนผู้ประกอบการ OTOP ของอำเภอ", "the district's OTOP operators"),
    Limit.GROUP: ("กลุ่มเป้าหมายดาวน์โหลดแอปทั้งหมด", "the whole download target group"),
}
# figures as a reader names them (import sheets' metrics)
METRIC_LABELS = {
    "shop_signups": ("ร้านค้าที่สมัคร Shop ชุมชน", "Shop ชุมชน sign-ups"),
    "app_downloads": ("ผู้ดาวน์โหลดแอป", "app downloads"),
    "travel_places": ("แหล่งท่องเที่ยวที่บันทึกใน CDD พาเที่ยว", "CDD พาเที่ยว places"),
}

# The pages' own sentences and labels (present/views.py), by what they say.
PAGE = {
    "self_reported_by": ("อำเภอ{name} (รายงานเอง)", "{name} district (self-reported)"),
    "self_reported": ("อำเภอรายงานเอง", "reported by the district"),
    "reported_links": ("ลิงก์ที่อำเภอรายงาน", "links the district reported"),
    "facebook_id": ("เพจ Facebook (id {account})", "Facebook page (id {account})"),
    "as_of": ("ข้อมูล ณ {time} — เดือนยังไม่สิ้นสุด ผลอาจเปลี่ยนได้", "as of {time}: the month is not over, results may change"),
    "near_miss": ("{found} {advice}", "{found}: {advice}"),
    "near_miss_expected": ("{found} {advice} (ที่ถูกคือ {expected})", "{found}: {advice} (should be {expected})"),
    "missing_tags": ("ขาดแฮชแท็ก {list}", "missing hashtags {list}"),
    "tags_incomplete": ("แฮชแท็กไม่ครบ", "hashtags incomplete"),
    "unrelated": ("ไม่เกี่ยวกับ Click ชุมชน", "not about Click ชุมชน"),
    "page_not_tagged": ("ไม่ได้แท็กเพจ Click ชุมชน", "the Click ชุมชน page is not tagged"),
    "not_compliant": ("ไม่ผ่านเกณฑ์", "not compliant"),
    "no_posts": ("ไม่มีโพสต์", "no posts"),
    "activities_none": ("ไม่พบ", "none found"),
    "activities": ("พบ {found} · นับได้ {counted}", "{found} found · {counted} counted"),
    "totals": ("{districts_n} อำเภอ · โพสต์ที่ตรวจ {posts} โพสต์", "{districts_n} districts · {posts} posts checked"),
    "totals_unattributed": (" · ระบุอำเภอไม่ได้ {posts} โพสต์", " · {posts} posts with no district"),
    "overview_title": ("ผลการตรวจ Click ชุมชน {month_label}", "Click ชุมชน audit, {month_label}"),
    "district_title": ("{name} — ผลการตรวจ Click ชุมชน {month_label}", "{name}: Click ชุมชน audit, {month_label}"),
    "rule_summary": ("เกณฑ์รายเดือน: {titles}", "monthly rules: {titles}"),
    "legend_numbers": ("ตัวเลข “3/2” = ทำได้ 3 จากเกณฑ์ 2", "“3/2” = 3 reached of 2 required"),
    "trend_heading": ("ย้อนหลัง {count} เดือน", "the last {count} months"),
    "report_row": ("แถว {row} · ", "row {row} · "),
    "not_yet_compliant": ("ยังไม่ผ่านเกณฑ์", "not compliant yet"),
    "not_yet_compliant_why": ("ยังไม่ผ่านเกณฑ์: {why}", "not compliant yet: {why}"),
    "counted_from_report": ("นับจากรายงานของอำเภอ (LINE ตรวจอัตโนมัติไม่ได้)",
                            "counted from the district's report (LINE cannot be checked automatically)"),
    "found_compliant": ("ตรวจพบและผ่านเกณฑ์", "found and compliant"),
    "calendar_posts": ("{channel} {count} โพสต์ ({counted})", "{channel} {count} posts ({counted})"),
    "calendar_count": ("ตัวเลข = จำนวนโพสต์ในวันนั้น", "number = posts that day"),
    "diff_instead": ("{wrote} แทน {wanted}", "{wrote} instead of {wanted}"),
    "diff_extra": ("เกิน “{wrote}”", "extra “{wrote}”"),
    "diff_missing": ("ขาด “{wanted}”", "missing “{wanted}”"),
    "tags_misspelt": ("แฮชแท็กเขียนไม่ตรง {count} แท็ก (ดูหัวข้อ “เขียนคล้ายแต่ไม่ตรง”)",
                      "{count} hashtags written differently (see “written similar but not the same”)"),
    "activity_n": ("กิจกรรมที่ {n}", "activity {n}"),
    "channel_posts": ("{channel} {count} โพสต์", "{channel} {count} posts"),
    "no_tagged_facebook": ("ยังไม่มีโพสต์บน Facebook ที่แท็กเพจ Click ชุมชน", "no Facebook post tagging the Click ชุมชน page yet"),
    "facebook_not_counted": ("โพสต์ Facebook ไม่นับ", "the Facebook post does not count"),
    "facebook_not_counted_why": ("โพสต์ Facebook ไม่นับ: {why}", "the Facebook post does not count: {why}"),
    "still_missing": ("ยังขาด: {phrase}", "still missing: {phrase}"),
    "must": ("ต้อง{phrase}", "must {phrase}"),
    "clock": ("{hh:02d}:{mm:02d} น.", "{hh:02d}:{mm:02d}"),
    "province": ("จังหวัด{name}", "{name} province"),
    "reported_verified": ("รายงานแล้ว และตรวจพบ", "Reported and verified"),
    "reported_problem": ("รายงานแล้ว แต่ไม่พบหรือไม่ผ่านเกณฑ์", "Reported but not found or not compliant"),
    "found_unreported": ("พบโพสต์ แต่ไม่ได้รายงาน", "Found but not reported"),
}


def page(key: str, **params) -> str:
    """A sentence or label of the pages, in Thai (views.py's words), filled from its parameters."""
    return fill_template(PAGE[key][0], params)


# A nationwide month's print-out, split in files (present/report.py).
PRINT_PARTS = {
    "note": ("{total} อำเภอ แบ่งเป็น {files} ไฟล์ ไฟล์ละไม่เกิน {per_file} อำเภอ",
             "{total} districts in {files} files of at most {per_file} districts"),
    "label": ("อำเภอ{first} – อำเภอ{last} ({count} อำเภอ)", "{first} to {last} ({count} districts)"),
}

# The fiscal-year summary (present/yearly.py): its pages and its workbook.
YEAR = {
    "title": ("สรุปผลการตรวจ Click ชุมชน ปีงบประมาณ {year}", "Click ชุมชน audit summary, fiscal year {year} BE"),
    "fiscal_year": ("ปีงบประมาณ {year}", "fiscal year {year} BE"),
    "district_title": ("อำเภอ{name} ปีงบประมาณ {year}", "{name} district, fiscal year {year} BE"),
    "province": ("จังหวัด{name}", "{name} province"),
    "province_total": ("รวมทั้งจังหวัด", "Province total"),
    "rank": ("อันดับ {rank} จาก {count} อำเภอ", "rank {rank} of {count} districts"),
    "covered": ("มีผลการตรวจ {count} จาก 12 เดือน: {months}", "{count} of 12 months audited: {months}"),
    "covered_none": ("ยังไม่มีผลการตรวจของเดือนใดในปีงบประมาณนี้", "no month of this fiscal year is audited yet"),
    "in_progress": ("ระหว่างเดือน", "in progress"),
    "in_progress_count": (" · ระหว่างเดือน {count}", " · in progress {count}"),
    "in_progress_note": ("{months} ยังไม่สิ้นเดือนเมื่อตรวจ จึงนับเป็น “ระหว่างเดือน” ไม่นับเป็นผ่านหรือไม่ผ่าน",
                         "{months}: audited before the month ended, so counted as in progress, neither pass nor fail"),
    "carried": (" (ยกยอด)", " (carried forward)"),
    "ranking_note": ("อันดับ: เดือนที่ผ่านมากที่สุด แล้วเดือนที่ไม่ผ่านน้อยที่สุด แล้วจำนวนเกณฑ์ที่ผ่านรวมทุกเดือน "
                     "แล้วจำนวนโพสต์ที่นับได้",
                     "ranking: most months passed, then fewest failed, then most rule-months passed, then most counted posts"),
    "total_note": ("แถวรวมทั้งจังหวัดเทียบกับผลรวมเป้าหมายของทุกอำเภอตามตารางเป้าหมายของจังหวัด",
                   "the province's total row is compared with the sum of every district's targets in the province's table"),
    "legend": ("✓ ผ่าน · ✗ ไม่ผ่าน · ? ข้อมูลไม่ครบหรือตรวจไม่ได้ (จำนวนเดือน) · ตัวเลข “150 / 157” = ทำได้ / เป้าหมาย"
               " · ยกยอด = ยอดสะสมจากเดือนก่อน",
               "✓ pass · ✗ fail · ? incomplete or not checked (months) · “150 / 157” = reached / target"
               " · carried forward = the running total of an earlier month"),
    "posts": ("โพสต์ที่นับได้", "counted posts"),
    "activities": ("กิจกรรมที่นับได้", "counted activities"),
    "activities_found": ("กิจกรรมที่พบ", "activities found"),
    "chart_month": ("{month} โพสต์ {posts} กิจกรรม {activities}", "{month}: {posts} posts, {activities} activities"),
    "chart": ("จำนวนรายเดือน: {months}", "per month: {months}"),
    "chart_empty": ("ไม่มีข้อมูล", "no data"),
}
YEAR_KPI_HEADS = {  # the year's column heads: running totals say "latest", sign-ups "total of the months"
    "shop_signups": ("สมัคร Shop ชุมชน (รวม / เป้ารวม)", "sign-ups: total / the months' targets"),
    "app_downloads": ("ดาวน์โหลดแอป (ล่าสุด / 80% ของกลุ่ม)", "downloads: latest / 80% of the group"),
    "travel_places": ("CDD พาเที่ยว (ล่าสุด / เป้า)", "places: latest / target"),
}
# The fiscal-year workbook (Thai headers, as the province's other sheets).
YEAR_SHEETS = {"summary": "สรุปปีงบประมาณ", "months": "รายเดือน"}
YEAR_COLUMNS = {
    "month": "เดือน", "month_be": "เดือน (พ.ศ.)", "district_id": "รหัสอำเภอ", "district": "อำเภอ",
    "verdict": "ผลการตรวจ", "verdict_code": "รหัสผล", "rank": "อันดับ",
    "passed": "เดือนที่ผ่าน", "failed": "เดือนที่ไม่ผ่าน", "incomplete": "เดือนที่ข้อมูลไม่ครบ",
    "in_progress": "เดือนที่ยังไม่สิ้นเดือน",
    "rule_passed": "{rule}: ผ่าน", "rule_failed": "{rule}: ไม่ผ่าน", "rule_incomplete": "{rule}: ตรวจไม่ได้",
    "reached": "{metric}: ทำได้", "target": "{metric}: เป้าหมาย", "carried_from": "{metric}: ยกยอดจาก",
}

UNREACHABLE = ("เชื่อมต่อไม่ได้", "unreachable")

# ---------------------------------------------------------------- the province's overrides

OVERRIDE_ACTIONS = {
    OverrideAction.COUNT: ("ให้นับโพสต์นี้", "count the post"),
    OverrideAction.REJECT: ("ไม่นับโพสต์นี้", "do not count the post"),
    OverrideAction.ASSIGN: ("ให้โพสต์นี้เป็นของอำเภอ{district}", "give the post to {district}"),
    OverrideAction.ACCEPT: ("รับรองกิจกรรมนี้", "accept the activity"),
    OverrideAction.WAIVE: ("ยกเว้นเกณฑ์นี้สำหรับอำเภอ{district}", "waive the rule for {district}"),
    OverrideAction.REVOKE: ("ยกเลิกการปรับรายการที่ {target}", "revoke entry {target}"),
}
OVERRIDDEN = ("ปรับโดยจังหวัด: {why} ({by}, {at})", "adjusted by the province: {why} ({by}, {at})")
MACHINE = ("เครื่องตรวจ: {symbol} {verdict}", "machine: {verdict}")
POST_COUNTED = {True: ("✓", "นับแล้ว", "counted"), False: ("✗", "ไม่นับ", "not counted")}
# a post's page tag, as its card and the posts sheet show it (views.page_tag_status picks one)
PAGE_TAG = {
    "tagged": ("✓", "แท็กเพจ Click ชุมชนแล้ว", "tagged the Click ชุมชน page"),
    "optional": ("–", "ไม่ได้แท็กเพจ (โพสต์ประชาสัมพันธ์ไม่บังคับแท็ก)", "page not tagged (not required of a promotion post)"),
    "missing": ("✗", "ไม่ได้แท็กเพจ Click ชุมชน", "did not tag the Click ชุมชน page"),
    "none": ("–", "ช่องทางนี้ไม่มีการแท็กเพจ", "this channel has no page tags"),
}
OVERRIDE_COLUMN = ("ปรับโดยจังหวัด", "province override")
MACHINE_COLUMN = ("ผลเครื่องตรวจ", "machine verdict")
# the XLSX sheet of the month's overrides: its name, headers, and whether each was applied
OVERRIDE_SHEET = "ปรับโดยจังหวัด"
OVERRIDE_HEADERS = ("รายการ", "วันที่บันทึก", "การปรับ", "รหัสการปรับ", "เป้าหมาย", "รหัสอำเภอ", "เหตุผล", "ผู้ตัดสิน", "นำมาใช้")
OVERRIDE_APPLIED = {"yes": "ใช่", "no": "ไม่", "not_found": "ไม่ (ไม่พบในเดือนนี้)",
                    "superseded": "ไม่ (รายการที่ {by} ตัดสินแทน)"}
PROGRESS_COLUMN = ("ความคืบหน้า", "progress")


def override_line(entry: dict, lang: str = TH) -> str:
    """'ปรับโดยจังหวัด: <reason> (<who>, <Buddhist-Era date>)' for one override entry."""
    return fill(OVERRIDDEN, {"why": entry.get("reason", ""), "by": entry.get("by", ""), "at": entry.get("at", "")}, lang)


def override_applied(entry: dict) -> str:
    """Whether a decision of scorecards.json's overrides was applied, in the exports' column: 'ใช่', or
    why not (not found in the month; a later decision on the same thing holds instead)."""
    if entry.get("applied"):
        return OVERRIDE_APPLIED["yes"]
    if entry.get("superseded_by") is not None:
        return fill_template(OVERRIDE_APPLIED["superseded"], {"by": entry["superseded_by"]})
    return OVERRIDE_APPLIED["no" if entry.get("found", True) else "not_found"]


def override_action(entry: dict, districts: dict[str, str] | None = None, lang: str = TH) -> str:
    """What an override decided ('ให้นับโพสต์นี้'), naming its district by its Thai name."""
    district = entry.get("district") or ""
    name = (districts or {}).get(district, district) if lang == TH else district
    return say(OVERRIDE_ACTIONS, entry.get("action", ""), {"district": name, "target": entry.get("target", "")}, lang)


def machine_verdict(code: str | None, lang: str = TH) -> str:
    """'เครื่องตรวจ: ✗ ไม่ผ่าน': the machine's own verdict beside the province's."""
    v = verdict(code)
    return fill(MACHINE, {"symbol": v.symbol, "verdict": v.th if lang == TH else v.en}, lang)


def machine_counted(counted: bool, lang: str = TH) -> str:
    """'เครื่องตรวจ: ✗ ไม่นับ': whether the machine counted a post or an activity."""
    symbol, th, en = POST_COUNTED[bool(counted)]
    return fill(MACHINE, {"symbol": symbol, "verdict": th if lang == TH else en}, lang)


# ---------------------------------------------------------------- filling the templates


class Shown(dict):
    """The values a template is filled from. A parameter the template names but the caller did
    not give shows as '?', so a missing value never breaks a sentence. Every words table (pages,
    terminal, set-up) is filled through this one class, by fill_template."""

    def __missing__(self, key: str) -> str:
        return "?"


def fill_template(template: str, values: dict) -> str:
    """A template filled from values ('{name}' fields), a missing one shown as '?' (Shown)."""
    return template.format_map(values if isinstance(values, Shown) else Shown(values))


class _Values(Shown):
    """Template values: parameters as a reader sees them (platform labels, Thai dates, joined lists)."""

    def __init__(self, params: dict, lang: str):
        super().__init__()
        self.lang = lang
        for key, value in (params or {}).items():
            self[key] = self._shown(key, value)

    def _shown(self, key: str, value):
        th = self.lang == TH
        if key == "platform":
            return platform_label(value) if th else value
        if key == "platforms":
            return ", ".join(map(platform_label if th else str, value)) or ("ไม่มี" if th else "none")
        if key in ("tags", "kinds"):
            return (" " if key == "tags" else ", ").join(value)
        if key == "districts":
            return ", ".join(value)
        if key == "channels" and isinstance(value, list):  # [[platform, account], …]
            return ", ".join(f"{platform_label(p) if th else p}" + (f" ({a})" if a else "") for p, a in value)
        if key == "lines":  # a posts file's line numbers
            return ", ".join(map(str, value))
        if key == "more":  # line numbers not listed
            return (f" และอีก {value} บรรทัด" if th else f" and {value} more") if value else ""
        if key == "unattributed":  # a posts file's line that names no district
            return ((" ซึ่งไม่ได้บอกว่าเป็นของอำเภอใด จึงอาจเป็นของอำเภอนี้" if th else " (some name no district, so they may be this one's)")
                    if value else "")
        if key in ("deadline", "sent"):
            return _date(value) if th else value
        if key == "at":  # when an override was recorded: its Bangkok date
            return _day(value, th)
        if key == "when":
            return _datetime(value, th)
        if key == "retry_at":
            return _clock(value, th)
        if key == "source":
            return SOURCES.get(value, (value, value))[0 if th else 1]
        if key == "failed":
            return (" และ " if th else "; ").join(SOURCES.get(s, (s, s))[0 if th else 1] for s in value)
        if key in ("month", "from_month", "previous_month"):
            return _month_label(value) if th else value
        if key == "limit_of":
            return LIMITS.get(value, (value, value))[0 if th else 1]
        if key == "metric":
            return METRIC_LABELS.get(value, (value, value))[0 if th else 1]
        if key == "table":  # a targets file's name, shown in brackets after the words for it
            return f" ({value})" if value else ""
        if key == "reason":
            return NEAR_MISSES.get(value, UNKNOWN_NEAR_MISS)[0 if th else 1]
        return value


def _month_label(value) -> str:
    """'2025-01' → 'มกราคม 2568'."""
    try:
        return parse_month(str(value)).thai_label
    except UsageError:
        return str(value)


def _date(value) -> str:
    try:
        return thai_date(date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _day(value, th: bool) -> str:
    try:
        when = parse_timestamp(str(value)).astimezone(BANGKOK)
    except (ValueError, TypeError):
        return str(value)
    return thai_date(when) if th else when.date().isoformat()


def _datetime(value, th: bool) -> str:
    try:
        when = parse_timestamp(str(value)).astimezone(BANGKOK)
    except (ValueError, TypeError):
        return str(value)
    return f"{thai_date(when)} {when:%H:%M} น." if th else when.isoformat(timespec="minutes")


def _clock(value, th: bool) -> str:
    """When to come back, Bangkok time: '14:35 น. (1 มี.ค. 2568)'."""
    try:
        when = parse_timestamp(str(value)).astimezone(BANGKOK)
    except (ValueError, TypeError):
        return str(value)
    return f"{when:%H:%M} น. ({thai_date(when)})" if th else when.isoformat(timespec="minutes")


def fill(pair: tuple[str, str], params: dict | None = None, lang: str = TH) -> str:
    """One template of a (Thai, English) pair, filled from the parameters."""
    return fill_template(pair[0 if lang == TH else 1], _Values(params or {}, lang))


def say(table: dict, code: str, params: dict | None = None, lang: str = TH, *, default: tuple[str, str] | None = None) -> str:
    """The words for a code of one table; `default` (else the code itself) for a code the table lacks."""
    pair = table.get(code) or default or (code, code)
    return fill(pair, params, lang)


def channel_cause(kind: str, params: dict | None = None, notes=(), lang: str = TH) -> str:
    """Why a channel could not be (fully) collected: its problem, else its kind; a partial
    channel says what its notes say."""
    params = params or {}
    if params.get("problem") in PROBLEMS:
        return fill(PROBLEMS[params["problem"]], params, lang)
    if kind == Kind.PARTIAL and notes:
        return channel_notes(notes, lang)
    cause = say(KINDS, kind, params, lang, default=UNKNOWN_KIND)
    if kind == Kind.RATE_LIMIT and params.get("retry_after"):
        cause += f" (ประมาณ {params['retry_after']} นาที)" if lang == TH else f" (about {params['retry_after']} min)"
    if kind != Kind.RETRY_LATER and params.get("retry_at"):
        cause += " " + fill(RETRY_AT, params, lang)
    return cause


def channel_notes(notes, lang: str = TH) -> str:
    """A collected channel's notes, each once, joined: never worded as a failure."""
    said = [say(CHANNEL_NOTES, n.code, n.params, lang, default=UNKNOWN_NOTE) for n in _notes(notes)]
    return " · ".join(dict.fromkeys(said))


def post_note(note: Note, lang: str = TH) -> str:
    """One of a post's notes: a near miss says what is wrong (and what was meant, unless only glued)."""
    if note.code == PostNote.NEAR_MISS and note.params.get("reason") == NearReason.UNLINKED:
        return fill(UNLINKED_NOTE, note.params, lang)
    return say(POST_NOTES, note.code, note.params, lang)


def near_miss_advice(reason: str, lang: str = TH) -> str:
    """What is wrong with a near miss of this kind and how to fix it."""
    return NEAR_MISSES.get(reason, UNKNOWN_NEAR_MISS)[0 if lang == TH else 1]


def detail(note: Note, lang: str = TH) -> str:
    """What a monthly check saw."""
    return say(DETAILS, note.code, note.params, lang)


def todo(item: Todo, lang: str = TH) -> str:
    """One to-do as a phrase without 'ต้อง'; RAISE_FIGURE uses the ruleset's own phrase when it has one."""
    if item.code == TodoCode.RAISE_FIGURE and item.params.get("todo_th") and lang == TH:
        return item.params["todo_th"].format(n=item.n)
    return say(TODOS, item.code, {**item.params, "n": item.n, "platforms": list(item.platforms)}, lang)


def missing(item: Todo | None, lang: str = TH) -> str:
    """A rule's to-do as scorecards.json's missing_th: 'ต้อง…' for what the district must do."""
    if item is None:
        return ""
    phrase = todo(item, lang)
    return fill(ADVICE["must"], {}, lang) + phrase if item.kind == TodoKind.TODO else phrase


def data_note(note: Note, districts: dict[str, str] | None = None, source=None, lang: str = TH) -> str:
    """A note on the month's data. districts maps ids to Thai names; source(platform, account) names a channel."""
    params = dict(note.params)
    if note.code == DataNote.CHANNEL:
        inner = Note.from_dict(params.get("note") or {})
        office = params.get("office", "")
        params.update(note=channel_notes([inner], lang) if lang == TH else say(CHANNEL_NOTES, inner.code, inner.params, EN),
                      office=f"อำเภอ{districts[office]}" if office in (districts or {}) else office, office_id=office,
                      platform_id=params.get("platform", ""),
                      source=(source or _plain_source)(params.get("platform", ""), params.get("account", "")))
    elif note.code == DataNote.OVERRIDE_NOT_APPLIED:
        params.update(action_id=params.get("action", ""), action=override_action(params, districts, lang))
    else:
        district = params.get("district", "")
        params.update(district_id=district, district=(districts or {}).get(district, district))
    return say(DATA_NOTES, note.code, params, lang, default=UNKNOWN_DATA_NOTE)


def channel_error(status, districts: dict[str, str] | None = None, lang: str = TH) -> str:
    """A channel that could not be collected, for the operator: where, then why (and the fix) in
    Thai; in English the collector's own words, which name the request and are already redacted."""
    office = status.office
    if lang != TH:
        return f"{office} {status.platform} {status.account}: {status.message or status.kind}"
    where = f"อำเภอ{districts[office]}" if office in (districts or {}) else office
    return f"{where} · {_plain_source(status.platform, status.account)}: {channel_cause(status.kind, status.params, status.notes)}"


def _plain_source(platform: str, account: str) -> str:
    return f"{platform_label(platform)} ({account})" if account else platform_label(platform)


def reason(code: str, params: dict | None = None, lang: str = TH) -> str:
    """Why a reported link is listed where it is."""
    params = dict(params or {})
    if code == Reason.DEAD and not params.get("detail"):
        params["detail"] = UNREACHABLE[0 if lang == TH else 1]
    if code == Reason.CHECK_FAILED and not params.get("detail"):
        return REASONS[Reason.CHECK_FAILED][0 if lang == TH else 1].split(" (")[0]
    return say(REASONS, code, params, lang)


def unattributed(code: str, params: dict | None = None, lang: str = TH) -> str:
    """Why a post was given to no district."""
    return say(UNATTRIBUTED, code, params, lang)


def _notes(notes) -> list[Note]:
    return [n if isinstance(n, Note) else Note.from_dict(n) for n in notes or ()]


def notes_of(items) -> list[Note]:
    """Notes from a scorecard's list of {code, params} (or Note objects)."""
    return _notes(items)
