"""What the terminal tells the operator, Thai first and English beside: the command errors, the
import problems and the lines `scan`, `check` and the importers print.

The library hands over codes with parameters (auditor.codes: ConfigCode, UsageCode, InputCode,
RowCode; errors carry them as `code` and `params`); each table maps a code to (Thai, English)
templates. An error without a code (a rare one, or a plain message from a newer check) is shown
under its class's heading with its English message. The English templates say what the
library's messages say, so logs, tests and the terminal agree.
"""

from __future__ import annotations

import re
from datetime import date

from auditor.codes import (ConfigCode, InputCode, LineCode, OverrideAction, OverrideStatus, PackProblem, Reevaluation,
                           RowCode, UsageCode)
from auditor.period import BANGKOK, parse_month, parse_timestamp, thai_date
from auditor.present.words import fill_template

TH, EN = "th", "en"

CONFIG = {
    ConfigCode.NOT_FOUND: ("ไม่พบไฟล์ตั้งค่า {where} ตรวจชื่อไฟล์ที่ระบุใน --config หรือสร้างไฟล์ด้วยคำสั่ง "
                           "`auditor channels import ไฟล์แบบฟอร์ม.xlsx`", "{where}: config file not found"),
    ConfigCode.UNREADABLE: ("เปิดไฟล์ตั้งค่า {where} ไม่ได้ ({error})", "{where}: cannot read config: {error}"),
    ConfigCode.NOT_TOML: ("ไฟล์ตั้งค่า {where} เขียนผิดรูปแบบ{at_th} {toml_fix_th}", "{where}: not valid TOML: {error}"),
    ConfigCode.SECRET: ("{where}: ห้ามใส่โทเค็นหรือคีย์ลงในไฟล์ตั้งค่า ให้ใส่ชื่อตัวแปรสภาพแวดล้อมที่เก็บโทเค็นไว้ใน "
                        "token_env (หรือ api_key_env) แทน",
                        "{where}: tokens and keys never go in the config file; set token_env (or api_key_env) "
                        "to the name of an environment variable"),
    ConfigCode.UNKNOWN_KEY: ("{where}: ไม่รู้จักชื่อนี้ (อาจพิมพ์ผิด){hint_th}", "{where}: unknown key ({hint_en})"),
    ConfigCode.WRONG_TYPE: ("{where}: ค่าต้องเป็น{expected_th}{got_th}", "{where}: expected {expected_en}{got_en}"),
    ConfigCode.MISSING: ("{where}: ยังไม่ได้กรอก ต้องมีค่านี้", "{where}: required string is missing"),
    ConfigCode.NO_OFFICES: ("{where}: ไม่มีรายชื่อสำนักงาน ต้องมีตาราง [[offices]] อย่างน้อยหนึ่งตาราง",
                            "{where}: expected at least one [[offices]] table"),
    ConfigCode.DUPLICATE_ID: ("{where}: รหัสสำนักงาน “{value}” ซ้ำกับสำนักงานอื่น แต่ละสำนักงานต้องมีรหัสไม่ซ้ำกัน",
                              "{where}: duplicate office id {value!r}"),
    ConfigCode.OFFICE_KIND: ("{where}: ต้องเป็น 'district' (อำเภอ) หรือ 'province' (จังหวัด) ไม่ใช่ “{value}”",
                             "{where}: must be 'district' or 'province', not {value!r}"),
    ConfigCode.HASHTAGS: ("{where}: ต้องเป็นรายการแฮชแท็กที่ขึ้นต้นด้วย # เช่น [\"#พัฒนาชุมชน\"]",
                          "{where}: expected a list of strings starting with '#'"),
    ConfigCode.NO_OFFICE_HASHTAG: ("{where}: อำเภอต้องมีแฮชแท็กสำนักงานอย่างน้อยหนึ่งแท็ก เช่น [\"{example}\"]",
                                   "{where}: a district needs at least one accepted office hashtag, e.g. [\"{example}\"]"),
    ConfigCode.UNKNOWN_PLATFORM: ("{where}: ไม่รู้จักช่องทาง “{value}” (ช่องทางที่ใช้ได้: {known})",
                                  "{where}: unknown platform (expected one of {known})"),
    ConfigCode.URL_NEEDED: ("{where}: ต้องเป็นลิงก์ที่ขึ้นต้นด้วย https:// (หรือ http://) ไม่ใช่ “{value}”",
                            "{where}: expected an http(s) URL, got {value!r}"),
    ConfigCode.ID_NEEDED: ("{where}: “{value}” เป็นลิงก์เว็บ แต่ช่องนี้ต้องใส่รหัสบัญชี{put_th}",
                           "{where}: {value!r} is a web address, but an id is needed here; {put_en}"),
    ConfigCode.CONTACT: ("{where}: “{value}” ไม่ใช่{contact_th}{invisible_th}",
                         "{where}: {value!r} is not valid (expected {contact_en}){invisible_en}"),
    ConfigCode.DEADLINE_DAY: ("{where}: วันกำหนดส่งรายงานต้องเป็นวันที่ 1 ถึง 28 ของเดือน ไม่ใช่ {value}",
                              "{where}: expected a day of the month from 1 to 28, got {value}"),
    ConfigCode.TIMEZONE: ("{where}: ใช้ได้เฉพาะเขตเวลา 'Asia/Bangkok' (วันต้นเดือน สิ้นเดือน และกำหนดส่งนับตามเวลาประเทศไทย) "
                          "ไม่ใช่ {value}",
                          "{where}: only 'Asia/Bangkok' is supported (month boundaries and deadlines are Bangkok time), "
                          "got {value}"),
    ConfigCode.BASE_URL: ("{where}: ต้องเป็นลิงก์ https:// ของโฟลเดอร์ที่เผยแพร่รายงานรายเดือน เช่น "
                          "\"https://example.go.th/auditor\" ไม่ใช่ “{value}”",
                          "{where}: expected an http(s) URL of the folder holding the month folders "
                          "(e.g. \"https://example.go.th/auditor\"), got {value!r}"),
}

USAGE = {
    UsageCode.MONTH_FORMAT: ("เดือน “{value}” เขียนไม่ถูกต้อง ให้เขียนแบบ ปี-เดือน เช่น 2568-02 (พ.ศ.) หรือ 2025-02 (ค.ศ.) "
                             "หรือใช้ previous (เดือนก่อน) / current (เดือนนี้)",
                             "month {value!r}: expected YYYY-MM, e.g. 2025-02 or 2568-02 (Buddhist Era), "
                             "or 'previous' / 'current' (Bangkok time)"),
    UsageCode.MONTH_NUMBER: ("เดือน “{value}”: เลขเดือนต้องอยู่ระหว่าง 01 ถึง 12", "month {value!r}: month must be 01 to 12"),
    UsageCode.MONTH_DIGITS: ("เดือน “{value}”: ให้เขียนเลขเดือนสองหลัก เช่น {example}",
                             "month {value!r}: write the month with two digits, e.g. {example} (YYYY-MM)"),
    UsageCode.FISCAL_YEAR: ("ปีงบประมาณ “{value}”: ให้เขียนปีสี่หลัก เป็น พ.ศ. (เช่น 2568) หรือ ค.ศ. (เช่น 2025)",
                            "fiscal year {value!r}: expected a year, e.g. 2568 (Buddhist Era) or 2025"),
    UsageCode.MONTH_YEAR: ("เดือน “{value}”: ปี {year} ไม่ใช่ทั้งปี พ.ศ. (เช่น 2568) และปี ค.ศ. (เช่น 2025)",
                           "month {value!r}: year {year} is neither Gregorian (e.g. 2025) nor Buddhist Era (e.g. 2568)"),
    UsageCode.AS_OF_FORMAT: ("--as-of “{value}”: ให้เขียนวันที่แบบ ปี-เดือน-วัน เช่น 2568-02-20 (พ.ศ.) หรือ 2025-02-20 "
                             "หรือใช้ now (ตอนนี้)",
                             "--as-of {value!r}: expected YYYY-MM-DD (e.g. 2025-02-20 or 2568-02-20) "
                             "or an RFC 3339 time with an offset"),
    UsageCode.AS_OF_DATE: ("--as-of {value}: ไม่มีวันที่นี้ในปฏิทิน", "--as-of {value}: not a real date ({error})"),
    UsageCode.AS_OF_BEFORE: ("--as-of {value}: อยู่ก่อนเดือนที่ตรวจ (เดือน{month_th}) ต้องเป็นวันในเดือนนั้นหรือหลังจากนั้น",
                             "--as-of {value}: before the audited month {month} starts"),
    UsageCode.NOTIFY_AS_OF_WHOLE: ("--as-of {value}: ผลของเดือน{month_th} ที่เก็บไว้เป็นผลตรวจทั้งเดือน ข้อความที่ส่งบอกผลที่เก็บไว้เสมอ "
                                   "จึงไม่ต้องใส่ --as-of (ถ้าต้องการแจ้งความคืบหน้า ณ วันนั้น ให้สั่ง `auditor check --month {month} "
                                   "--as-of {value}` ก่อน)",
                                   "--as-of {value}: the scorecards stored for {month} are the whole month's; notify sends "
                                   "what is stored, so leave --as-of out (or run 'auditor check --month {month} --as-of "
                                   "{value}' first)"),
    UsageCode.NOTIFY_AS_OF_OTHER: ("--as-of {value}: ผลของเดือน{month_th} ที่เก็บไว้เป็นข้อมูล ณ {when_th} ข้อความที่ส่งบอกผลที่เก็บไว้เสมอ "
                                   "จึงไม่ต้องใส่ --as-of (หรือสั่ง `auditor check --month {month} --as-of {value}` ก่อน)",
                                   "--as-of {value}: the scorecards stored for {month} are as of {when}; notify sends what is "
                                   "stored, so leave --as-of out (or run 'auditor check --month {month} --as-of {value}' first)"),
    UsageCode.UNKNOWN_DISTRICT: ("ไม่พบอำเภอ {values_th}{suggest_th} ใช้รหัสอำเภอ (เช่น {example}) หรือชื่ออำเภอภาษาไทย "
                                 "ตามรายชื่อใน {path}",
                                 "unknown district id(s): {values}{suggest_en} (see {path}; e.g. {example})"),
    UsageCode.NO_STORE: ("ยังไม่มีฐานข้อมูลผลการตรวจที่ {path} ต้องสั่ง `auditor scan` ก่อน{posts_th} "
                         "หรือระบุไฟล์ฐานข้อมูลให้ถูกด้วย --db", "{path}: no store yet; {todo}"),
    UsageCode.STORE_NOT_WRITABLE: ("เขียนฐานข้อมูลผลการตรวจ {path} ไม่ได้ ({error}) ไฟล์หรือโฟลเดอร์ของไฟล์นี้อ่านได้อย่างเดียว "
                                   "หรือบัญชีผู้ใช้นี้ไม่มีสิทธิ์เขียน (ฐานข้อมูลไม่ได้เสียหาย) ให้ใช้บัญชีที่มีสิทธิ์เขียน "
                                   "หรือคัดลอกไฟล์ไปไว้ในโฟลเดอร์ที่เขียนได้แล้วระบุด้วย --db",
                                   "{path}: the store cannot be written ({error}): the file or its folder is read-only for "
                                   "this user (the store is not damaged); run as a user who may write it, or copy it to a "
                                   "writable folder and pass --db"),
    UsageCode.NEVER_SCANNED: ("ยังไม่เคยสแกนเดือน{month_th} ในฐานข้อมูล {path} สั่ง `auditor scan --month {month}` ก่อน "
                              "หรือระบุไฟล์โพสต์ด้วย --posts FILE",
                              "{path}: {month} was never scanned; run 'auditor scan --month {month}' first, or pass --posts FILE"),
    UsageCode.NO_SCORECARDS: ("ยังไม่มีผลการตรวจเดือน{month_th} ใน {path} สั่ง `auditor scan --month {month}` "
                              "หรือ `auditor check --month {month}` ก่อน",
                              "{path}: no scorecards stored for {month}; run 'auditor scan --month {month}' or "
                              "'auditor check --month {month}' first"),
    UsageCode.STORE_BUSY: ("มีการตรวจอีกงานหนึ่งกำลังใช้ฐานข้อมูล {path} อยู่ (รอแล้ว {wait} วินาที) งานนี้จึงยังไม่ได้ทำอะไร "
                           "ลองใหม่เมื่องานนั้นเสร็จ",
                           "{path}: another auditor run is using this store (lock {lock}); waited {wait} s. "
                           "Try again when it has finished."),
    UsageCode.NO_USABLE_POST: ("ไฟล์โพสต์ {path} ไม่มีบรรทัดที่ใช้ได้{skipped_th}", "{path}: no usable post ({skipped_en})"),
    UsageCode.NO_USABLE_ROW: ("{path}: ไม่มีแถวที่ใช้ได้ (ข้าม {skipped} แถว) ยังไม่ได้นำเข้าข้อมูลใด ๆ",
                              "{path}: no usable row ({skipped} rows skipped); nothing was imported"),
    UsageCode.NO_RECORDINGS: ("{path}: ไม่มีข้อมูลที่บันทึกไว้ของเดือน{month_th} ({missing} จาก {total} ช่องทาง) "
                              "ชุดข้อมูลนี้อาจบันทึกไว้สำหรับเดือนอื่น",
                              "{path}: no recordings for {month} ({missing} of {total} channels unrecorded); "
                              "was the bundle recorded for another month?"),
    UsageCode.CHROMIUM_MISSING: ("ไม่พบโปรแกรม Chromium สำหรับสร้าง PDF ติดตั้งด้วย `apt-get install chromium` "
                                 "หรือตั้งตัวแปร AUDITOR_CHROMIUM เป็นที่อยู่ของโปรแกรม",
                                 "headless Chromium is not installed (Debian: apt-get install chromium), "
                                 "or set AUDITOR_CHROMIUM to the browser's path"),
    UsageCode.FILE_ERROR: ("{path}: อ่านหรือเขียนไฟล์นี้ไม่ได้ ({error})", "{path}: {error}"),
    UsageCode.OVERRIDE_ACTION: ("ไม่รู้จักการปรับผล “{value}” ใช้ได้: {actions}", "override action {value!r}: expected one of {actions}"),
    UsageCode.WAIVE_RULE: ("“{value}” ไม่ใช่เกณฑ์รายเดือนของชุดเกณฑ์ {ruleset} ยกเว้นได้เฉพาะ: {rules}",
                           "waive {value!r}: not a monthly rule of {ruleset} (one of {rules})"),
    UsageCode.DISTRICT_NOT_FOR: ("{action}: ใช้ --district ได้เฉพาะกับ assign, accept และ waive",
                                 "{action}: --district is only for assign, accept and waive"),
    UsageCode.DISTRICT_REQUIRED: ("{action}: ต้องระบุอำเภอด้วย --district", "{action}: --district is required"),
    UsageCode.NO_OVERRIDE: ("ไม่มีรายการปรับผลหมายเลข {id} ดูรายการได้ด้วย `auditor override list`",
                            "override {id}: no such entry (see 'auditor override list')"),
    UsageCode.REVOKE_REVOCATION: ("รายการหมายเลข {id} เป็นการยกเลิกอยู่แล้ว ถ้าต้องการใช้การตัดสินเดิมอีก ให้เพิ่มรายการใหม่",
                                  "override {id} is itself a revocation; add the decision again instead"),
    UsageCode.ALREADY_REVOKED: ("รายการหมายเลข {id} ถูกยกเลิกไปแล้วโดยรายการหมายเลข {by}",
                                "override {id} was already revoked by entry {by}"),
    UsageCode.EMPTY_FLAG: ("ต้องกรอก {flag} ทุกการปรับผลต้องบันทึกเหตุผลและผู้ตัดสิน",
                           "{flag} must not be empty: every override records why and who decided"),
    UsageCode.POST_REF: ("“{value}”: ให้ระบุโพสต์เป็น ช่องทาง:รหัสโพสต์ (เช่น facebook:1045…_1220…) หรือวางลิงก์ของโพสต์",
                         "{value!r}: expected a post as platform:post_id (e.g. facebook:1045…_1220…) or its link"),
    UsageCode.NO_POST: ("{value}: ไม่พบโพสต์นี้ในฐานข้อมูล สั่ง `auditor scan` ของเดือนนั้นก่อน",
                        "{value}: no such post in the store (run 'auditor scan' for its month first)"),
    UsageCode.NO_POST_LINK: ("{value}: ไม่พบโพสต์ที่มีลิงก์นี้ในฐานข้อมูล ให้ระบุเป็น ช่องทาง:รหัสโพสต์ "
                             "(ตามที่แสดงใน scorecards.json หรือรายการกิจกรรม)",
                             "{value}: no stored post has this link; give it as platform:post_id "
                             "(as in scorecards.json or the activity list)"),
    UsageCode.NO_EVIDENCE: ("ผลการตรวจเดือน{month_th} ที่บันทึกไว้ไม่มี{evidence_th}",
                            "{month}: no {evidence_en} in the stored month"),
    UsageCode.POST_MONTH: ("{value}: โพสต์นี้เผยแพร่เมื่อ {date_th} (เดือน{post_month_th}) ไม่ใช่เดือน{month_th} "
                           "การปรับผลในเดือนนั้นจึงไม่มีวันนำมาใช้ได้ ให้ระบุ --month {post_month}",
                           "{value}: published {date} ({post_month}), not in {month}: the decision could never apply; "
                           "give --month {post_month}"),
    UsageCode.NO_ACTIVITY: ("ไม่พบกิจกรรม “{value}” ในผลการตรวจเดือน{month_th}{near_th}",
                            "accept {value!r}: no such activity in {month}{near_en}"),
    UsageCode.ACTIVITY_ID: ("“{value}” ไม่ใช่รหัสกิจกรรม (เช่น warin-chamrap-0210-1 ตามที่แสดงในหน้าอำเภอ "
                            "และใน scorecards.json)",
                            "{value!r}: not an activity id (e.g. warin-chamrap-0210-1, as on the district page "
                            "and in scorecards.json activities)"),
}

INPUT = {
    InputCode.FILE_NOT_FOUND: ("ไม่พบไฟล์{what_th} {path}", "{path}: {what_en}file not found"),
    InputCode.FILE_TYPE: ("{path}: เปิดไฟล์ชนิด {suffix} ไม่ได้ ให้ใช้ไฟล์ Excel (.xlsx) หรือ CSV (.csv)",
                          "{path}: unsupported file type {suffix!r} (expected .csv or .xlsx)"),
    InputCode.FILE_EMPTY: ("{path}: ไฟล์ว่าง (ไม่มีแถวหัวตาราง)", "{path}: the file is empty (no header row)"),
    InputCode.FILE_UNREADABLE: ("{path}: เปิดไฟล์ไม่ได้ ตรวจว่าเป็นไฟล์ Excel (.xlsx) หรือ CSV ที่บันทึกไว้สมบูรณ์ ({error})",
                                "{path}: cannot read the file: {error}"),
    InputCode.NOT_UTF8: ("{path}: ไฟล์นี้ไม่ได้บันทึกเป็น UTF-8 (น่าจะเป็น {encoding_th}) จึงยังไม่ได้อ่านโพสต์ใดเลย "
                         "บันทึกไฟล์เป็น UTF-8 แล้วสั่งใหม่ (เช่น ใน Notepad: บันทึกเป็น › การเข้ารหัส UTF-8)",
                         "{path}: the file is not UTF-8 (it looks like {encoding_en}); nothing was read. "
                         "Save the file as UTF-8 and run the command again"),
    InputCode.ENCODING: ("{path}: อ่านตัวอักษรในไฟล์ไม่ออก (ไม่ใช่ UTF-8 หรือ TIS-620) ให้บันทึกใหม่เป็น CSV UTF-8",
                         "{path}: neither UTF-8 nor cp874/TIS-620 text"),
    InputCode.NO_SHEET: ("{path}: ไม่มีแผ่นงานชื่อ “{sheet}” (แผ่นงานที่มี: {sheets})", "{path}: no sheet {sheet!r} (sheets: {sheets})"),
    InputCode.MISSING_COLUMN: ("{path}: ไม่พบคอลัมน์ {columns_th} (หัวตารางที่พบ: {headers}){sheets_th}",
                               "{path}: missing column {columns_en}; headers found: {headers}{sheets_en}"),
    InputCode.NO_FIGURE_COLUMN: ("{path}: ไม่พบคอลัมน์ตัวเลขผลงานเลย ต้องมีอย่างน้อยหนึ่งคอลัมน์ใน {columns_th} "
                                 "(หัวตารางที่พบ: {headers}){sheets_th}",
                                 "{path}: no figure column found (expected one of {columns_en}); headers found: "
                                 "{headers}{sheets_en}"),
    InputCode.DAMAGED_SHEET: ("{path}: แผ่นงาน “{sheet}” เสียหายหลังแถวที่ {row} ({error}) ยังไม่ได้นำเข้าข้อมูลใด ๆ "
                              "ให้ส่งออก (export) แผ่นงานนี้ใหม่",
                              "{path}: sheet {sheet!r} is damaged after row {row} ({error}); nothing was imported; "
                              "export the sheet again"),
    InputCode.NO_PACK: ("{path}: ไม่ใช่โฟลเดอร์ชุดหลักฐาน (ไม่มีไฟล์ manifest.json) ให้ระบุโฟลเดอร์ที่ได้จาก `auditor evidence` "
                        "เช่น auditor-data/evidence/2025-02", "{path}: no manifest.json here: not an evidence pack"),
    InputCode.NOT_A_PACK: ("{path}: ไม่ใช่ไฟล์ manifest ของชุดหลักฐาน ตรวจว่าระบุโฟลเดอร์ที่ได้จาก `auditor evidence` ({error})",
                           "{path}: not an evidence pack's manifest ({error})"),
    InputCode.NO_DATA_ROWS: ("{path}: มีแต่แถวหัวตาราง ไม่มีข้อมูล ยังไม่ได้นำเข้าข้อมูลใด ๆ{sheets_th}",
                             "{path}: only a header row, no data rows; nothing to import{sheets_en}"),
    InputCode.UNKNOWN_FIELD: ("columns.{value}: ไม่รู้จักชื่อช่องนี้ (ชื่อที่ใช้ได้: {known})",
                              "columns.{value}: unknown field (expected one of {known})"),
}

ROWS = {
    RowCode.EMPTY: ("{column}: ว่าง", "{column}: empty"),
    RowCode.UNKNOWN_DISTRICT: ("{column}: “{value}” ไม่ใช่อำเภอในไฟล์ตั้งค่า{suggest_th}",
                               "{column}: {value!r}: unknown district (not in the registry){suggest_en}"),
    RowCode.NO_URL: ("{column}: ไม่พบลิงก์ใน “{value}”", "{column}: no URL in {value!r}"),
    RowCode.NO_URL_GIVEN: ("{column}: ไม่ได้ใส่ลิงก์", "{column}: no URL given"),
    RowCode.BAD_DATE: ("{column}: อ่านวันที่ “{value}” ไม่ออก (เขียนเช่น 25/02/2568 หรือ 2025-02-25)",
                       "{column}: {value!r}: {error}"),
    RowCode.NOT_WHOLE: ("{column}: “{value}” ไม่ใช่จำนวนเต็ม", "{column}: {value!r}: not a whole number"),
    RowCode.NEGATIVE: ("{column}: “{value}” ติดลบ", "{column}: {value!r}: negative"),
    RowCode.TOO_LARGE: ("{column}: “{value}” มากเกินกว่าจะเป็นตัวเลขรายเดือน (เกิน {limit}) น่าจะพิมพ์ผิด",
                        "{column}: {value!r}: too large for a monthly count (more than {limit})"),
    RowCode.NOT_A_URL: ("{column}: ไม่ได้ใช้ “{value}” (ไม่ใช่ลิงก์)", "{column}: ignored {value!r} (not a URL)"),
    RowCode.DATE_OUTSIDE: ("{column}: วันที่ {date_th} อยู่นอกเดือน{month_th} (ยังนับไว้ในเดือน{month_th})",
                           "{column}: activity date {date} is outside {month} (kept for {month})"),
    RowCode.SENT_BEFORE: ("{column}: ส่งเมื่อ {when_th} ก่อนเริ่มเดือน{month_th} (ยังนับไว้ในเดือน{month_th})",
                          "{column}: submitted {when}, before {month} began (kept for {month})"),
    RowCode.DISTRICT_TWICE: ("อำเภอ {district} มีอีกแถวหนึ่ง (แถว {other}) ใช้ค่าของแถว {row}",
                             "district {district} also in row {other}; row {row} used"),
    RowCode.ABOVE_LIMIT: ("{column}: {value} มากกว่า{what_th}ของอำเภอ ({limit}) ซึ่งเป็นไปไม่ได้ ตรวจตัวเลขอีกครั้ง",
                          "{column}: {value} is more than the district's {limit} {what_en}"),
    RowCode.FALLING: ("{column}: {value} ของเดือน{month_th} น้อยกว่า {earlier} ของเดือน{earlier_month_th} แต่เป็นยอดสะสม "
                      "(ใช้ยอดของเดือน{earlier_month_th} ไปก่อนจนกว่าจะแก้ไข)",
                      "{column}: {value} for {month} is below {earlier} for {earlier_month}, but it is a running total "
                      "(the {earlier_month} figure is carried forward until corrected)"),
    RowCode.CP874: ("ไฟล์ไม่ได้บันทึกเป็น UTF-8 จึงอ่านเป็นภาษาไทยแบบ Windows (TIS-620) แทน",
                    "not UTF-8 (byte {byte}); read as Thai Windows cp874 (TIS-620)"),
}

# Why a line of a posts file was skipped (posts_io.LineError.code): 'FILE:LINE: ' comes first.
LINE_PROBLEMS = {
    LineCode.NOT_UTF8: ("บรรทัดนี้ไม่ใช่ข้อความ UTF-8 (ไบต์ที่ {byte})", "(line): not UTF-8 (byte {byte})"),
    LineCode.NOT_JSON: ("รูปแบบ JSON ไม่ถูกต้อง: {problem_th} (ตำแหน่งที่ {column})",
                        "(line): not valid JSON: {problem} {at_column} {column}"),
    LineCode.TOO_DEEP: ("ข้อมูล JSON ซ้อนกันลึกเกินไป", "(line): JSON nested too deeply"),
    LineCode.NOT_OBJECT: ("บรรทัดต้องเป็นออบเจกต์ JSON หนึ่งรายการ {{…}} แต่พบ {got_th}", "(line): expected a JSON object, got {got}"),
    LineCode.MISSING: ("{field}: ไม่มีช่องนี้ ซึ่งโพสต์ทุกรายการต้องมี", "{field}: required field is missing"),
    LineCode.WRONG_TYPE: ("{field}: ต้องเป็น{wanted_th} แต่พบ{got_th}", "{field}: expected {wanted_en}, got {got_en}"),
    LineCode.NOT_ONE_OF: ("{field}: {value} ไม่ใช่ค่าที่ใช้ได้ (ใช้ได้: {allowed})", "{field}: {value} is not one of {allowed}"),
    LineCode.EMPTY: ("{field}: ต้องไม่ว่าง", "{field}: must not be empty"),
    LineCode.BAD_TIME: ("{field}: วันเวลา {value} ใช้ไม่ได้{be_th} ต้องเขียนแบบ RFC 3339 ปี ค.ศ. พร้อมเขตเวลา เช่น "
                        "2025-02-14T10:12:00+07:00", "{field}: {problem}"),
    LineCode.UNKNOWN_DISTRICT: ("{field}: ไม่มีอำเภอรหัส “{value}” ในไฟล์ตั้งค่า",
                                "{field}: unknown district id {value!r} (not in the registry)"),
    LineCode.INVALID: ("{field}: ไม่เป็นไปตามรูปแบบโพสต์ ({problem})", "{field}: {problem}"),
}
# The json module's words for what is wrong with a line (LineCode.NOT_JSON's problem).
JSON_PROBLEMS = {
    "Expecting value": "ไม่พบค่าที่ควรมี",
    "Expecting property name enclosed in double quotes": "ชื่อช่องต้องอยู่ในเครื่องหมายคำพูด \"…\"",
    "Expecting ',' delimiter": "ขาดเครื่องหมายจุลภาค ,",
    "Expecting ':' delimiter": "ขาดเครื่องหมายทวิภาค :",
    "Unterminated string starting at": "ข้อความในเครื่องหมายคำพูดไม่มีเครื่องหมายปิด (บรรทัดอาจถูกตัด)",
    "Invalid control character at": "มีอักขระควบคุม (เช่น ขึ้นบรรทัดใหม่) อยู่ในข้อความ",
    "Extra data": "มีข้อมูลเกินหลังจบออบเจกต์ (โพสต์สองรายการในบรรทัดเดียว?)",
    "Invalid \\escape": "ใช้เครื่องหมาย \\ ไม่ถูกต้อง",
    "Invalid \\uXXXX escape": "รหัส \\uXXXX ไม่ถูกต้อง",
}
JSON_TYPES = {"string": "ข้อความ", "array": "รายการ [ … ]", "object": "ออบเจกต์ { … }", "null": "ค่าว่าง (null)",
              "integer": "จำนวนเต็ม", "number": "ตัวเลข", "boolean": "true หรือ false"}
JSON_TYPES_EN = {"string": "a string", "array": "an array", "object": "an object", "null": "null", "integer": "a whole number",
                 "number": "a number", "boolean": "true or false"}
ENCODINGS = {"utf-16": ("UTF-16 ที่ Windows เรียกว่า Unicode", "UTF-16, which Windows calls Unicode"),
             "utf-32": ("UTF-32", "UTF-32"),
             "cp874": ("TIS-620 / Windows-874 ภาษาไทยแบบเก่าของ Windows", "TIS-620 / Windows-874, the older Thai Windows encoding")}

# Why a file of an evidence pack does not verify (`auditor evidence verify`).
PACK_PROBLEMS = {
    PackProblem.MISSING: ("ไม่พบไฟล์นี้ (มีรายชื่อใน manifest)", "missing"),
    PackProblem.CHANGED: ("ไฟล์ถูกแก้ไข (ค่า SHA-256 ไม่ตรงกับ manifest)", "changed (SHA-256 differs from the manifest)"),
    PackProblem.UNREADABLE: ("อ่านไฟล์ไม่ได้ ({error})", "unreadable ({error})"),
    PackProblem.PAYLOAD_HASH: ("ข้อมูลต้นฉบับไม่ตรงกับค่า SHA-256 ที่บันทึกไว้ใน payload.sha256",
                               "its canonical SHA-256 differs from payload.sha256"),
    PackProblem.UNLISTED: ("ไฟล์นี้ไม่อยู่ในรายชื่อของ manifest (ถูกเพิ่มเข้ามาหลังสร้างชุดหลักฐาน)",
                          "not in the manifest (added to the pack after it was written)"),
}

# An error without a code: its class's heading, then its English message.
HEADINGS = {
    "ConfigError": ("ไฟล์ตั้งค่าไม่ถูกต้อง", "config error"),
    "RulesetError": ("ไฟล์ชุดเกณฑ์ไม่ถูกต้อง", "ruleset error"),
    "InputError": ("อ่านไฟล์ข้อมูลไม่ได้", "input error"),
    "UsageError": ("ค่าที่ระบุในคำสั่งไม่ถูกต้อง", "usage error"),
    "StoreError": ("ฐานข้อมูลผลการตรวจมีปัญหา", "store error"),
    "StoreBusy": ("ฐานข้อมูลกำลังถูกใช้งานโดยงานอื่น", "store busy"),
    "CollectorError": ("เก็บข้อมูลไม่สำเร็จ", "collection error"),
    "ChromiumError": ("สร้าง PDF ไม่สำเร็จ", "PDF error"),
    "AuditorError": ("เกิดข้อผิดพลาด", "error"),
}

# The lines the commands print, by name.
LINES = {
    "error": ("ข้อผิดพลาด", "Error"),
    "fiscal_year_empty": ("ยังไม่มีผลการตรวจเดือนใดของปีงบประมาณ {year} (เดือน{first_th} ถึงเดือน{last_th}) ในฐานข้อมูล "
                          "สรุปที่เขียนจึงว่างเปล่า",
                          "no month of fiscal year {year} BE ({first} to {last}) is stored; the summary written is empty"),
    "evidence_written": ("เขียนชุดหลักฐาน {files} ไฟล์ไว้ที่ {out}/ (รวม manifest.json และ SHA256SUMS) ตรวจซ้ำได้ด้วย "
                         "auditor evidence verify {out}",
                         "wrote {files} files to {out}/ (manifest.json and SHA256SUMS included); check with "
                         "'auditor evidence verify {out}'"),
    "evidence_verified": ("{directory}: ไฟล์ทั้ง {files} ไฟล์ที่ระบุใน manifest ตรงกับค่า SHA-256 ที่บันทึกไว้",
                          "{directory}: all {files} files listed in the manifest match"),
    "requests": ("คำขอ", "requests"),
    "requests_summary": ("ส่งคำขอ {total} ครั้ง สำหรับ {channels} ช่องทาง · ไม่เปลี่ยนแปลงตั้งแต่ครั้งก่อน {unchanged} ช่องทาง "
                         "· ไม่ต้องถาม {settled} ช่องทาง (เดือนจบแล้วและเก็บครบในครั้งก่อน; ใช้ --refresh เพื่ออ่านใหม่ทั้งหมด)",
                         "{total} requests for {channels} channels; {unchanged} unchanged since the last scan, "
                         "{settled} not asked (month ended, complete in the last scan; --refresh reads them again)"),
    "warning": ("คำเตือน", "warning"),
    "examples_hold": ("ตัวอย่างในชุดเกณฑ์ได้ผลตามที่ระบุ {held} จาก {total} ตัวอย่าง", "{held} of {total} examples hold"),
    "example_failed": ("ตัวอย่างได้ผลไม่ตรงกับที่ระบุ", "example failed"),
    # click's own usage errors (a missing or misspelt option, a value its type refuses), Thai first
    "usage_missing": ("ยังไม่ได้ระบุ {option} ซึ่งคำสั่งนี้ต้องใช้", "missing {option}"),
    "usage_no_such_option": ("คำสั่งนี้ไม่มีตัวเลือก {option}", "no such option {option}"),
    "usage_no_such_command": ("ไม่มีคำสั่ง {command}", "no such command {command}"),
    "usage_did_you_mean": ("หมายถึง {options} หรือไม่", "did you mean {options}?"),
    "usage_bad_value": ("ค่าของ {option} ใช้ไม่ได้", "invalid value for {option}"),
    "usage_other": ("คำสั่งไม่ถูกต้อง", "usage error"),
    "usage_help": ("ดูวิธีใช้: {command} --help", "see '{command} --help'"),
    "not_collected": ("เก็บข้อมูลไม่ได้", "not collected"),
    "scan_interrupted": ("การสแกนเดือน{month_th} ครั้งล่าสุด (ครั้งที่ {run} เริ่มเมื่อ {when_th}) หยุดไปก่อนเสร็จ "
                         "หน้าที่เขียนนี้แสดงผลการตรวจครั้งล่าสุดที่เสร็จสมบูรณ์",
                         "the last scan of {month} (run {run}, started {when}) was interrupted before it finished; "
                         "these pages show the scorecards of the last completed audit"),
    "scan_abandoned": ("การสแกนเดือน{month_th} ที่เริ่มเมื่อ {when_th} (ครั้งที่ {run}) ไม่เสร็จเพราะโปรแกรมถูกหยุด "
                       "จึงบันทึกไว้ว่าถูกขัดจังหวะ ข้อมูลที่บันทึกไปแล้วยังอยู่ครบ ให้สแกนเดือนนี้อีกครั้งเพื่อให้ครบ",
                       "the scan of {month} started {when} (run {run}) never finished (the process was stopped); "
                       "marked interrupted. What it saved is kept; scan the month again to complete it"),
    "skipped": ("ข้ามแถว", "skipped"),
    "skipped_line": ("ข้ามบรรทัด", "skipped"),
    "more_lines": ("{path}: และอีก {n} บรรทัดที่อ่านไม่ได้ ในช่วงบรรทัดที่ {lines}",
                   "{path}: and {n} more unreadable line(s) within lines {lines}"),
    "summary": ("ผ่าน {pass} · ไม่ผ่าน {fail} · ข้อมูลไม่ครบ {incomplete} อำเภอ | โพสต์ {posts} · ระบุอำเภอไม่ได้ {unattributed} "
                "· นอกเดือน {outside_month} · บรรทัดที่ข้าม {skipped_lines}",
                "pass {pass} · fail {fail} · incomplete {incomplete} | posts {posts}, unattributed {unattributed}, "
                "outside month {outside_month}, skipped lines {skipped_lines}"),
    "summary_in_progress": ("ตามเกณฑ์ {on_track} · ยังไม่ครบ {behind} อำเภอ (เดือนยังไม่สิ้นสุด) | โพสต์ {posts} "
                            "· ระบุอำเภอไม่ได้ {unattributed} · นอกเดือน {outside_month} · บรรทัดที่ข้าม {skipped_lines}",
                            "on track {on_track} · behind {behind} (month in progress) | posts {posts}, unattributed "
                            "{unattributed}, outside month {outside_month}, skipped lines {skipped_lines}"),
    "overrides_changed": ("การวินิจฉัยของจังหวัดสำหรับเดือน{month_th} เปลี่ยนไปหลังจากสร้างผลการตรวจชุดนี้ สั่ง "
                          "`auditor check --month {month}` เพื่อนำมาใช้",
                          "the province's overrides of {month} changed since these scorecards were made; "
                          "run 'auditor check --month {month}' to apply them"),
    # `auditor override add / revoke`
    "override_recorded": ("บันทึกการปรับโดยจังหวัดแล้ว เป็นรายการที่ {id}: {decision_th}",
                          "override {id} recorded: {action} {target}{district_en}"),
    "override_revoked": ("ยกเลิกการปรับรายการที่ {id} แล้ว (การยกเลิกบันทึกเป็นรายการที่ {by})",
                         "override {id} revoked by entry {by}"),
    "override_not_found": ("การปรับรายการที่ {id} ไม่พบในข้อมูลเดือน{month_th} (ไม่มีโพสต์ กิจกรรม หรือเกณฑ์นั้นในเดือนนี้) "
                           "บันทึกไว้แล้ว แต่ไม่ได้นำมาใช้",
                           "override {id} matches nothing in {month} (kept, not applied)"),
    # `auditor override list`
    "override_list_title": ("การปรับโดยจังหวัด", "province overrides"),
    "no_overrides": ("ยังไม่มีการปรับโดยจังหวัดในฐานข้อมูลนี้", "no overrides"),
    "no_overrides_month": ("ยังไม่มีการปรับโดยจังหวัดสำหรับเดือน{month_th}", "no overrides for {month}"),
    "wrote": ("เขียนไฟล์ {n} ไฟล์ไว้ที่ {folder}/{open_th}", "wrote {n} files to {folder}/{open_en}"),
    "wrote_one": ("บันทึกไว้ที่ {path}", "wrote {path}"),
    "errors_column": ("ผิดพลาด", "errors"),
    "collecting": ("เก็บข้อมูล", "collecting"),
    "progress": ("โพสต์ {posts} · ผิดพลาด {errors}", "posts {posts} · errors {errors}"),
    "no_channel": ("{path} ยังไม่มีช่องทางของอำเภอและแพลตฟอร์มที่เลือก จึงไม่ได้เก็บข้อมูลใด ๆ "
                   "(กรอกลิงก์เพจของแต่ละสำนักงานในแบบฟอร์มจาก `auditor channels template` แล้วสั่ง "
                   "`auditor channels import FILE`)",
                   "{path} lists no channel for the chosen districts and platforms; nothing was collected "
                   "(add each office's page ids and URLs under [offices.channels])"),
    "scanned_config": ("ใช้ไฟล์ตั้งค่าเดียวกับการสแกนเดือน{month_th} ครั้งล่าสุด: {path}",
                       "using the config of the last scan of {month}: {path}"),
    "other_config": ("ใช้ ./auditor.toml แต่การสแกนเดือน{month_th} ครั้งล่าสุดใช้ {path} ผลอาจต่างจากเดิม",
                     "using ./auditor.toml, but the last scan of {month} read {path}"),
    "imported": ("{path}: นำเข้า{what_th}ใหม่ {added} รายการ มีอยู่แล้ว {duplicates} รายการ ข้าม {skipped} แถว (เดือน{month_th})",
                 "{path}: {added} {what} added, {duplicates} already stored, {skipped} rows skipped ({month})"),
    "pdf_skipped": ("ยังไม่ได้สร้าง PDF: {cause_th} (หน้า HTML และไฟล์ส่งออกใน {folder}/ เขียนเรียบร้อยแล้ว)",
                    "error: --pdf: {cause_en}. No PDF was written; the HTML pages and exports in {folder}/ were."),
    # present.pdf.drop_stale, after the outputs were rewritten; {again_*}: pdf_again or pdf_reprinted
    "pdfs_removed": ("ลบไฟล์ PDF {n} ไฟล์ใน {folder}/ ที่พิมพ์จากผลตรวจครั้งก่อน (ไม่ตรงกับหน้ารายงานที่เขียนใหม่แล้ว){again_th}",
                     "removed {n} PDF file(s) in {folder}/ printed from earlier scorecards (they no longer match the "
                     "pages just written){again_en}"),
    "pdfs_unknown": ("ไฟล์ PDF {n} ไฟล์ใน {folder}/ ไม่มีบันทึกใน pdfs.json ว่าพิมพ์จากผลตรวจครั้งใด (พิมพ์ก่อนมีบันทึกนี้ "
                     "หรือถูกแก้ไขภายหลัง) จึงเก็บไว้ตามเดิม แต่ auditor notify จะไม่แนบไฟล์เหล่านี้{again_th}",
                     "{n} PDF file(s) in {folder}/ have no record in pdfs.json of the scorecards they were printed from "
                     "(printed before it was kept, or changed since): left in place, but auditor notify never attaches "
                     "them{again_en}"),
    "pdf_again": (" พิมพ์ใหม่จากผลตรวจที่เก็บไว้ได้ด้วยคำสั่ง auditor report --month {month} --pdf",
                  "; print them again from the stored scorecards with: auditor report --month {month} --pdf"),
    "pdf_reprinted": (" พิมพ์ใหม่แล้วตาม --pdf", "; printed again (--pdf)"),
}

# Why recording or revoking a decision did not re-evaluate its month (codes.Reevaluation)
REEVALUATION = {
    Reevaluation.NO_OUTPUTS: ("บันทึกไว้แล้ว แต่ยังไม่มีผลการตรวจเดือน{month_th} ในฐานข้อมูล จะนำมาใช้เมื่อสั่ง "
                            "`auditor scan --month {month}` (หรือ `auditor check`)",
                            "no outputs stored for {month} yet: run 'auditor scan --month {month}' "
                            "(or 'auditor check') to apply it"),
    Reevaluation.POSTS_FILE: ("บันทึกไว้แล้ว แต่ยังไม่ได้ตรวจเดือน{month_th} ใหม่ เพราะผลการตรวจเดือนนี้สร้างจากไฟล์โพสต์{file_th} "
                            "ซึ่งไม่ได้เก็บโพสต์ไว้ในฐานข้อมูล (ผลเดิมยังอยู่ครบ) สั่ง "
                            "`auditor check --month {month} --posts {file}` อีกครั้งเพื่อนำมาใช้",
                            "{month} was evaluated from a posts file{file_en}, whose posts the store does not keep: "
                            "not re-evaluated, its outputs are unchanged; run 'auditor check --month {month} "
                            "--posts {file}' again to apply it"),
}

# `auditor override list`: its columns and each entry's status (codes.OverrideStatus), Thai first
OVERRIDE_COLUMNS = {"id": ("รายการ", "id"), "month": ("เดือน", "month"), "recorded": ("วันที่บันทึก", "recorded"),
                    "action": ("การปรับ", "action"), "target": ("เป้าหมาย", "target"), "district": ("อำเภอ", "district"),
                    "reason": ("เหตุผล", "reason"), "by": ("ผู้ตัดสิน", "by"), "status": ("สถานะ", "status")}
OVERRIDE_ACTIONS = {
    OverrideAction.COUNT: ("นับโพสต์", "count"), OverrideAction.REJECT: ("ไม่นับโพสต์", "reject"),
    OverrideAction.ASSIGN: ("ให้เป็นของอำเภอ", "assign"), OverrideAction.ACCEPT: ("รับรองกิจกรรม", "accept"),
    OverrideAction.WAIVE: ("ยกเว้นเกณฑ์", "waive"), OverrideAction.REVOKE: ("ยกเลิกรายการ", "revoke"),
}
OVERRIDE_STATUS = {
    OverrideStatus.IN_EFFECT: ("มีผล", "in effect"),
    OverrideStatus.APPLIED: ("นำมาใช้แล้ว", "applied"),
    OverrideStatus.NOT_FOUND: ("ไม่พบในข้อมูลเดือนนี้", "not found in the month"),
    OverrideStatus.NOT_EVALUATED: ("อำเภอนั้นไม่ได้ตรวจในครั้งนี้", "its district was not evaluated"),
    OverrideStatus.REVOKED: ("ยกเลิกแล้วโดยรายการที่ {revoked_by}", "revoked by {revoked_by}"),
    OverrideStatus.REVOCATION: ("ยกเลิกรายการที่ {revokes}", "revokes {revokes}"),
    OverrideStatus.SUPERSEDED: ("ไม่มีผล: รายการที่ {superseded_by} ตัดสินเรื่องเดียวกันภายหลัง", "superseded by {superseded_by}"),
}

EXPECTED = {  # what a config value must be (ConfigCode.WRONG_TYPE's `expected`)
    "table": ("ตาราง (หัวข้อ [ชื่อ] หรือ { … })", "a table"),
    "string": ("ข้อความในเครื่องหมายคำพูด \"…\"", "a string (in quotes)"),
    "strings": ("รายการข้อความ เช่น [\"a\", \"b\"]", "a list of strings"),
    "urls": ("รายการลิงก์ เช่น [\"https://…\"]", "a list of URLs"),
    "string_or_table": ("ข้อความหรือตาราง", "a string or a table"),
    "notify": ("ตาราง เช่น { email = [\"a@example.go.th\"], line = [\"C…\"] }",
               "a table such as { email = [\"a@example.go.th\"], line = [\"C…\"] }"),
}
CONTACTS = {
    "email": ("อีเมลที่ถูกต้อง (เช่น name@example.go.th)", "name@example.go.th"),
    "line": ("รหัสกลุ่มหรือผู้ใช้ LINE (ขึ้นต้นด้วย C, U หรือ R ตามด้วยตัวอักษร 32 ตัว)", "C followed by 32 hex digits"),
}
WHAT = {"posts": ("โพสต์", "posts "), "reports": ("แบบรายงาน", "reports"), "figures": ("ตัวเลขผลงาน", "figures"),
        # the district's target a figure cannot exceed (RowCode.ABOVE_LIMIT)
        "otop_operators": ("จำนวนผู้ประกอบการ OTOP", "OTOP operators"),
        "download_group": ("จำนวนกลุ่มเป้าหมายการดาวน์โหลดแอป", "people in the download target group")}
TABLES = {**CONFIG, **USAGE, **INPUT, **ROWS, **LINE_PROBLEMS}


# ---------------------------------------------------------------- filling the templates


def _joined(value) -> str:
    return ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)


def _month_th(value) -> str:
    try:
        return " " + parse_month(str(value)).thai_label
    except Exception:  # noqa: BLE001 - a label only; the English keeps the value as given
        return f" {value}"


def _derived(params: dict) -> dict:
    """Values computed from the parameters: Thai month names and dates, joined lists, hints."""
    p = {k: v for k, v in params.items() if v is not None}
    out = {k: _joined(v) if isinstance(v, (list, tuple)) else v for k, v in p.items() if not isinstance(v, dict)}
    for key in ("month", "earlier_month", "first", "last", "post_month"):
        if key in p:
            out[f"{key}_th"] = _month_th(p[key])
    if "date" in p:
        out["date_th"] = thai_date(date.fromisoformat(str(p["date"])))
    if "when" in p:
        when = parse_timestamp(str(p["when"])).astimezone(BANGKOK)
        out["when_th"] = f"{thai_date(when)} {when:%H:%M} น."
    if "error" in p:
        at = re.search(r"at line (\d+), column (\d+)", str(p["error"]))
        out["at_th"] = f" ที่บรรทัด {at.group(1)} อักขระที่ {at.group(2)} ({p['error']})" if at else f" ({p['error']})"
        # tomllib's words for a key or table given twice (Python 3.11–3.13)
        twice = re.search(r"Cannot overwrite a value|Cannot declare .* twice|Cannot mutate", str(p["error"]))
        out["toml_fix_th"] = ("ชื่อค่าหรือหัวตาราง [...] ในบรรทัดนั้นซ้ำกับที่มีอยู่แล้วข้างบน ให้ลบหรือรวมบรรทัดที่ซ้ำ" if twice
                              else "ตรวจเครื่องหมายคำพูด วงเล็บ และเครื่องหมาย = ในบรรทัดนั้น")
    out.update(_hints(params))
    return out


def _hints(p: dict) -> dict:
    """Optional pieces of sentences: a suggestion, the id to put, the kind of value expected. A
    parameter given as None (no suggestion, nothing to put) still chooses its sentence."""
    out = {}
    if "known" in p or "close" in p:
        close = p.get("close")
        out["hint_th"] = f" หมายถึง “{close}” หรือไม่" if close else f" ชื่อที่ใช้ได้: {_joined(p.get('known') or ['(ไม่มี)'])}"
        out["hint_en"] = f"did you mean {close!r}?" if close else f"known keys: {_joined(p.get('known') or ['(none)'])}"
    if "expected" in p:
        out["expected_th"], out["expected_en"] = EXPECTED.get(p["expected"], (p["expected"], p["expected"]))
        out["got_th"] = f" ไม่ใช่ “{p['value']}”" if "value" in p else ""
        out["got_en"] = f", got {p['value']!r}" if "value" in p else ""
    if "put" in p:
        out["put_th"] = f" ให้ใส่ “{p['put']}” แทน" if p.get("put") else (
            " ให้ใส่รหัส (Facebook ใช้รหัสเพจที่เป็นตัวเลข) หรือวางลิงก์ในแบบฟอร์มจาก `auditor channels template` "
            "แล้วสั่ง `auditor channels import FILE` โปรแกรมจะค้นหารหัสให้")
        out["put_en"] = f"put {p['put']!r}" if p.get("put") else (
            "put the id (for Facebook the numeric page id), or list the address in the channels sheet: run "
            "`auditor channels template`, paste it there and run `auditor channels import FILE`, which looks it up")
    if "kind" in p and p["kind"] in CONTACTS:
        out["contact_th"], out["contact_en"] = CONTACTS[p["kind"]]
        found = p.get("invisible")
        out["invisible_th"] = f" (มีอักขระที่มองไม่เห็น {found} ปนอยู่ ให้ลบแล้วพิมพ์ใหม่)" if found else ""
        out["invisible_en"] = f"; it holds an invisible character ({found}): delete it and type it again" if found else ""
    if "near" in p:  # the activity ids of the month nearest one that is not there
        out["near_th"] = (f" รหัสกิจกรรมที่ใกล้เคียงของอำเภอนี้ในเดือนนั้น: {_joined(p['near'])}" if p["near"]
                          else " (อำเภอนี้ไม่มีกิจกรรมที่บันทึกไว้ในเดือนนั้น ตรวจเดือนที่ระบุใน --month)")
        out["near_en"] = f" (nearest of the district: {_joined(p['near'])})" if p["near"] else " (the district has none stored)"
    if "posts" in p:
        out["posts_th"] = " หรือระบุไฟล์โพสต์ด้วย --posts FILE" if p["posts"] else ""
    out["what_th"], out["what_en"] = WHAT.get(p.get("what"), (p.get("what") or "", p.get("what") or ""))
    out.update(_district_hints(p))
    out.update(_column_hints(p))
    out.update(_line_hints(p))
    out.update(_evidence_hints(p))
    return out


def _line_hints(p: dict) -> dict:
    """A posts file's line: the JSON problem and types in Thai, the file's encoding by name."""
    out = {}
    if "problem" in p and "column" in p:
        out["problem_th"] = JSON_PROBLEMS.get(p["problem"], p["problem"])
        out["at_column"] = "column" if str(p["problem"]).endswith(" at") else "at column"
    for key in ("wanted", "got"):
        if key in p:
            types = p[key] if isinstance(p[key], (list, tuple)) else [p[key]]
            out[f"{key}_th"] = " หรือ ".join(JSON_TYPES.get(t, str(t)) for t in types)
            out[f"{key}_en"] = " or ".join(JSON_TYPES_EN.get(t, str(t)) for t in types)
    if "field" in p and "value" in p:  # a time written with the Buddhist-Era year
        year = re.match(r"'?(\d{4})-", str(p["value"]))
        be = int(year.group(1)) if year else 0
        out["be_th"] = f" (ปี {be} เป็นปี พ.ศ. ปี ค.ศ. คือ {be - 543})" if 2400 <= be <= 2800 else ""
    if "encoding" in p:
        out["encoding_th"], out["encoding_en"] = ENCODINGS.get(p["encoding"], (p["encoding"], p["encoding"]))
    return out


def skipped_line(error) -> tuple[str, str]:
    """(Thai, English) of a posts file's skipped line (posts_io.LineError), 'FILE:LINE: ' first;
    the English is the reader's own message."""
    where = f"{error.path}:{error.line}: "
    pair = LINE_PROBLEMS.get(error.code)
    th = where + fill(pair, error.params, TH) if pair else str(error)
    return th, str(error)


def _evidence_hints(p: dict) -> dict:
    """What `auditor evidence` was asked for and did not find: a post, a district, or any post."""
    if "post" not in p and "district" not in p:
        return {}
    if p.get("post"):
        return {"evidence_th": f"โพสต์ {p['post']}", "evidence_en": f"post {p['post']}"}
    if p.get("district"):
        return {"evidence_th": f"ของอำเภอ {p['district']}", "evidence_en": f"district {p['district']}"}
    return {"evidence_th": "โพสต์ใดเลย", "evidence_en": "post"}


def pack_problem(mismatch) -> tuple[str, str]:
    """(Thai, English) of one file of an evidence pack that does not verify, 'FILE: ' first."""
    pair = PACK_PROBLEMS[mismatch.problem]
    params = {"error": mismatch.error}
    return tuple(f"{mismatch.file}: {fill(pair, params, lang)}" for lang in (TH, EN))


def override_recorded(entry: dict, districts: dict[str, str] | None = None) -> tuple[str, str]:
    """(Thai, English) of a decision just recorded; districts maps ids to Thai names."""
    from auditor.present.words import override_action

    district = entry.get("district")
    return line("override_recorded", id=entry["id"], decision_th=f"{override_action(entry, districts)} "
                f"({entry['action']} {entry['target']})", action=entry["action"], target=entry["target"],
                district_en=f" ({district})" if district else "")


def not_reevaluated(note) -> tuple[str, str]:
    """(Thai, English) of why a decision's month was not re-evaluated (a codes.Reevaluation note)."""
    name = note.params.get("file") or ""
    params = {**note.params, "file": name or "FILE", "file_th": f" ({name})" if name else "",
              "file_en": f" ({name})" if name else ""}
    return fill(REEVALUATION[note.code], params, TH), fill(REEVALUATION[note.code], params, EN)


def override_row(entry: dict) -> dict[str, str]:
    """One entry of `auditor override list` by column: Thai first, English in brackets, dates in the
    Buddhist Era. entry: Override.to_dict() with month and its log status (overrides.log_status)."""
    def both(pair, **params) -> str:
        th, en = fill(pair, params, TH), fill(pair, params, EN)
        return th if th == en else f"{th} ({en})"

    action = OVERRIDE_ACTIONS.get(entry["action"], (entry["action"], entry["action"]))
    return {"id": str(entry["id"]), "month": _month_th(entry["month"]).strip(),
            "recorded": thai_date(parse_timestamp(entry["at"])), "action": both(action), "target": entry["target"],
            "district": entry.get("district") or "", "reason": entry.get("reason", ""), "by": entry.get("by", ""),
            "status": both(OVERRIDE_STATUS[entry["status"]], **entry)}


def _district_hints(p: dict) -> dict:
    out = {}
    if "suggestion" in p:  # one row's district
        named = f"อำเภอ{p['suggestion_th']}" if p.get("suggestion_th") else p.get("suggestion")
        out["suggest_th"] = f" หมายถึง “{named}” ({p['suggestion']}) หรือไม่" if p.get("suggestion") else ""
        out["suggest_en"] = f" (did you mean {p['suggestion']}?)" if p.get("suggestion") else ""
    if "values" in p:  # --district
        found, names, values = p.get("suggestions") or {}, p.get("names") or {}, p["values"]
        out["values_th"] = ", ".join(f"“{v}”" for v in values)
        th = {v: f"อำเภอ{names[i]} ({i})" if i in names else i for v, i in found.items()}
        en = {v: f"{i} ({names[i]})" if i in names else i for v, i in found.items()}
        if len(values) == 1:
            out["suggest_th"] = f" หมายถึง {th[values[0]]} หรือไม่" if values[0] in found else ""
            out["suggest_en"] = f" (did you mean {en[values[0]]}?)" if values[0] in found else ""
        else:
            out["suggest_th"] = "".join(f" (“{v}” หมายถึง {th[v]} หรือไม่)" for v in values if v in found)
            out["suggest_en"] = "".join(f" (did you mean {en[v]} for {v!r}?)" for v in values if v in found)
    return out


def _column_hints(p: dict) -> dict:
    out = {}
    if isinstance(p.get("columns"), dict):
        out["columns_th"] = "; ".join(f"{field} (หัวคอลัมน์ที่รับ: {_joined(names)})" for field, names in p["columns"].items())
        out["columns_en"] = "; ".join(f"{field} (one of: {_joined(names)})" for field, names in p["columns"].items())
    if "headers" in p:
        out["headers"] = ", ".join(f"'{h}'" for h in p["headers"]) or "(ไม่มี / none)"
    if "sheets" in p and isinstance(p["sheets"], list):
        others = _joined(p["sheets"])
        out["sheets"] = others
        if "columns" in p or "headers" not in p:  # other sheets the column, or the data, may be on
            out["sheets_th"] = f" ไฟล์นี้มีหลายแผ่นงาน ({others}) เลือกแผ่นงานด้วย --sheet ชื่อแผ่นงาน" if others else ""
            out["sheets_en"] = f" (this is one sheet of several: {others}; choose one with --sheet NAME)" if others else ""
    if "skipped" in p and "path" in p:
        n = p["skipped"]
        out["skipped_th"] = f" (ข้าม {n} บรรทัด)" if n else " (ไฟล์ว่าง)"
        out["skipped_en"] = (f"{n} line skipped" if n == 1 else f"{n} lines skipped") if n else "the file is empty"
    return out


def fill(pair: tuple[str, str], params: dict | None, lang: str) -> str:
    """One template of a (Thai, English) pair, filled from the parameters and what derives from them."""
    return fill_template(pair[0 if lang == TH else 1], _derived(params or {}))


def say(code: str, params: dict | None = None) -> tuple[str, str]:
    """(Thai, English) for an operator code of any table; the code itself when none has it."""
    pair = TABLES.get(code, (str(code), str(code)))
    return fill(pair, params, TH), fill(pair, params, EN)


def line(name: str, **params) -> tuple[str, str]:
    """(Thai, English) of one of the lines the commands print."""
    return fill(LINES[name], params, TH), fill(LINES[name], params, EN)


def error(exc: Exception) -> tuple[str, str]:
    """(Thai, English) of a library error: its code's words, else its class's heading and its message."""
    code = getattr(exc, "code", None)
    if code in TABLES:
        return say(code, exc.params)
    for cls in type(exc).__mro__:
        if cls.__name__ in HEADINGS:
            th = HEADINGS[cls.__name__][0]  # the English line is the message itself, already English
            return f"{th}: {exc}", str(exc)
    return str(exc), str(exc)


def problem(text, source: str | None = None, row: int | None = None) -> tuple[str, str]:
    """(Thai, English) of an import's skipped row or warning: a RowError, a Coded string or plain text.
    'FILE:ROW: ' comes first when known."""
    code = getattr(text, "code", None)
    params = dict(getattr(text, "params", None) or {})
    source = getattr(text, "source", None) or params.get("source") or source
    row = getattr(text, "row", None) or params.get("row") or row
    where = f"{source}:{row}: " if source and row else (f"{source}: " if source else "")
    if code in TABLES:
        th, en = say(code, params)
        return where + th, where + en
    plain = str(text)
    return plain if plain.startswith(where) else where + plain, str(text)


