"""Every sentence of the setup tools (`auditor doctor`, `auditor channels`), Thai first, English beside,
keyed by the codes auditor/setup hands over: the setup part of the one words catalog
(auditor/present/words/).

Each entry is (Thai, English, Thai fix); `{name}` fields are the finding's parameters, prepared
by `prepare` (dates in the Buddhist Era, lists joined). An empty fix means there is nothing to do.
"""

from __future__ import annotations

from datetime import datetime

from auditor.period import thai_date
from auditor.platforms import PLATFORMS
from auditor.present.words import Shown, fill_template

MARK = {"ok": "✓", "warn": "!", "fail": "✗", "unknown": "?"}
STATUS_TH = {"ok": "พร้อม", "warn": "ควรดู", "fail": "ต้องแก้", "unknown": "ตรวจไม่ได้"}
STATUS_EN = {"ok": "ready", "warn": "check", "fail": "fix", "unknown": "unchecked"}

TOPICS = {  # what a line is about, when it is not a platform
    "config": ("ไฟล์ตั้งค่า", "config"),
    "ruleset": ("ชุดเกณฑ์", "ruleset"),
    "targets": ("เป้าหมายอำเภอ", "targets"),
    "report_columns": ("คอลัมน์แบบรายงาน", "report columns"),
    "token": ("โทเค็น Facebook", "Facebook token"),
    "click_page": ("เพจ Click ชุมชน", "Click ชุมชน page"),
}

IMPORT_HINT = "เปิดไฟล์จาก `auditor channels template` วางลิงก์ในช่องของอำเภอ แล้วสั่ง `auditor channels import FILE`"

FINDINGS: dict[str, tuple[str, str, str]] = {
    # config, ruleset, targets, report columns
    "config_ok": ("อ่านไฟล์ตั้งค่าได้: {offices} สำนักงาน {channels} ช่องทาง", "config read: {offices} offices, {channels} channels", ""),
    "no_channels": ("ยังไม่ได้ตั้งค่าช่องทางใดเลย", "no channel configured",
                    "กรอกเพจ เว็บไซต์ หรือช่องทางอื่นของสำนักงานในแบบฟอร์มช่องทาง: " + IMPORT_HINT),
    "ruleset_ok": ("ชุดเกณฑ์ {id} v{version}: {rules} ข้อ ตัวอย่าง {examples} รายการถูกต้อง",
                   "ruleset {id} v{version}: {rules} rules, {examples} examples hold", ""),
    "ruleset_examples_fail": ("ตัวอย่างในชุดเกณฑ์ไม่ตรงกับเกณฑ์: {failed}", "ruleset examples fail: {failed}",
                              "สั่ง `auditor rules` เพื่อดูรายละเอียด แล้วแก้ไฟล์ชุดเกณฑ์"),
    "targets_ok": ("มีเป้าหมายครบทุกอำเภอ ({districts} อำเภอ)", "targets for all {districts} districts ({file})", ""),
    "targets_not_needed": ("ชุดเกณฑ์นี้ไม่ใช้เป้าหมายอำเภอ", "this ruleset uses no targets", ""),
    "targets_missing": ("ไม่มีเป้าหมายของ: {districts}", "no target row for: {districts}",
                        "เพิ่มแถวของอำเภอเหล่านี้ในไฟล์เป้าหมาย ({file})"),
    "targets_unreadable": ("อ่านไฟล์เป้าหมายไม่ได้: {error}", "targets file unreadable: {error}",
                           "แก้ไฟล์ที่ [targets] file ระบุ หรือลบบรรทัดนั้นเพื่อใช้ค่าที่มากับโปรแกรม"),
    "columns_ok": ("คอลัมน์แบบ{section_th}ใช้ได้", "{section} columns valid", ""),
    "columns_invalid": ("ตั้งค่าคอลัมน์แบบ{section_th}ผิด: {error}", "{section} columns invalid: {error}",
                        "แก้ [{section}.columns] ใน auditor.toml ให้ใช้ชื่อช่องที่โปรแกรมรู้จัก"),
    # tokens and pages
    "token_missing": ("ยังไม่ได้ตั้งค่าโทเค็นในตัวแปร {env}", "token not set: {env}",
                      "ตั้งตัวแปรสภาพแวดล้อม {env} เป็นโทเค็นของ system user (ดูคู่มือการตั้งค่า)"),
    "token_unchecked": ("ตรวจโทเค็น {env} ไม่ได้ (ติดต่อ Facebook ไม่ได้: {reason})", "token {env} unchecked ({reason})",
                        "ตรวจการเชื่อมต่ออินเทอร์เน็ตแล้วสั่ง `auditor doctor` อีกครั้ง"),
    "token_invalid": ("โทเค็น {env} ใช้ไม่ได้{why}", "token {env} is not valid{why_en}",
                      "สร้างโทเค็นใหม่ของ system user แล้วใส่ในตัวแปร {env}"),
    "token_expired": ("โทเค็น {env} หมดอายุแล้วเมื่อ {date}", "token {env} expired on {date_en}",
                      "สร้างโทเค็นใหม่ (เลือกแบบไม่หมดอายุ) แล้วใส่ในตัวแปร {env}"),
    "token_scope_missing": ("โทเค็น {env} ไม่มีสิทธิ์ {missing}", "token {env} lacks {missing}",
                            "สร้างโทเค็นใหม่โดยเลือกสิทธิ์ {missing} (และ pages_read_user_content)"),
    "token_expires_soon": ("โทเค็น {env} จะหมดอายุ {date} (อีก {days} วัน)", "token {env} expires on {date_en} (in {days} days)",
                           "สร้างโทเค็นใหม่ก่อนวันที่ {date} (system user เลือกแบบไม่หมดอายุได้)"),
    "token_ok": ("โทเค็น {env} ใช้ได้ ({type}, {expiry}){reach}", "token {env} valid ({type}, {expiry_en})", ""),
    "page_ok": ("อ่านเพจ “{name}” ได้", "page “{name}” readable", ""),
    "page_unchecked": ("ตรวจเพจไม่ได้เพราะโทเค็น {env} ใช้ไม่ได้", "page unchecked: token {env} unusable",
                       "แก้บรรทัดโทเค็น {env} ก่อน"),
    "page_id_not_numeric": ("ใส่ชื่อเพจ “{account}” แทนรหัสเพจ{resolved_th}", "page name “{account}” where the page id belongs{resolved_en}",
                            "ใส่รหัสเพจที่เป็นตัวเลข{resolved_fix} หรือสั่ง `auditor channels import` ขณะตั้งค่าโทเค็นไว้"),
    "page_name_unknown": ("Facebook ไม่รู้จักเพจ “{account}”", "Facebook knows no page “{account}”",
                          "ตรวจลิงก์เพจของอำเภอแล้วแก้ในแบบฟอร์มช่องทาง"),
    "page_not_visible": ("ไม่พบเพจ {account} หรือโทเค็นไม่มีสิทธิ์เข้าถึง", "page {account} missing or not visible with this token",
                         "ตรวจรหัสเพจ และขอให้อำเภอให้สิทธิ์ธุรกิจของจังหวัดเข้าถึงเพจ (partner access)"),
    "page_not_granted": ("โทเค็น {env} ไม่ได้รับสิทธิ์เพจ “{name}”", "token {env} is not granted page “{name}”",
                         "ขอให้แอดมินเพจของอำเภอยืนยันคำขอ partner access แล้วมอบเพจให้ system user"),
    "posts_permission_missing": ("อ่านโพสต์ของเพจ “{name}” ไม่ได้ (ไม่มีสิทธิ์)", "posts of “{name}” not readable (permission)",
                                 "ให้สิทธิ์ระดับ MODERATE หรือสูงกว่าแก่ system user บนเพจนี้"),
    "posts_page_not_visible": ("อ่านโพสต์ของเพจ “{name}” ไม่ได้", "posts of “{name}” not readable",
                               "ให้สิทธิ์ระดับ MODERATE หรือสูงกว่าแก่ system user บนเพจนี้"),
    "posts_token_rejected": ("Facebook ปฏิเสธโทเค็น {env} เมื่ออ่านโพสต์", "token {env} rejected reading posts",
                             "สร้างโทเค็นใหม่แล้วใส่ในตัวแปร {env}"),
    "posts_graph_error": ("อ่านโพสต์ของเพจ “{name}” ไม่ได้ (Graph {graph_code})", "posts of “{name}” not readable (Graph {graph_code})",
                          "ลองอีกครั้งภายหลัง หากยังไม่ได้ให้ตรวจสิทธิ์ของแอป"),
    "token_rejected": ("Facebook ปฏิเสธโทเค็น {env}", "token {env} rejected", "สร้างโทเค็นใหม่แล้วใส่ในตัวแปร {env}"),
    "permission_missing": ("โทเค็นไม่มีสิทธิ์อ่านเพจ {account}", "token lacks permission for page {account}",
                           "ให้สิทธิ์ระดับ MODERATE หรือสูงกว่าแก่ system user บนเพจนี้"),
    "graph_error": ("Facebook ตอบข้อผิดพลาด (Graph {graph_code})", "Graph error {graph_code}", "ลองอีกครั้งภายหลัง"),
    "click_page_ok": ("รหัสเพจ Click ชุมชนถูกต้อง ({actual})", "Click ชุมชน page id matches ({actual})", ""),
    "click_page_mismatch": ("รหัสเพจ Click ชุมชนในชุดเกณฑ์ ({configured}) ไม่ตรงกับ Facebook ({actual})",
                            "Click ชุมชน page id {configured} differs from Facebook's {actual}",
                            "ใส่ click_page_ids = [\"{actual}\"] ใต้ [ruleset.parameters] ใน auditor.toml"),
    "click_page_unchecked": ("ตรวจรหัสเพจ Click ชุมชนไม่ได้ ({reason_th}); ใช้ค่า {configured}",
                             "Click ชุมชน page id unchecked ({reason}); using {configured}",
                             "ตั้งโทเค็น {env} แล้วสั่ง `auditor doctor` อีกครั้ง"),
    # websites
    "website_ok": ("อ่านเว็บไซต์ได้ทาง{kind_th}", "website readable through {kind}", ""),
    "website_mode_differs": ("ตั้งค่าให้อ่านทาง{configured_th} แต่ใช้ได้ทาง{kind_th}",
                             "configured {configured}, but {kind} works", "สั่ง `auditor doctor --write-modes` เพื่อบันทึกวิธีที่ใช้ได้"),
    "website_unreadable": ("อ่านเว็บไซต์ไม่ได้ทุกทาง ({tried})", "website unreadable ({tried})",
                           "ตรวจที่อยู่เว็บไซต์ (ต้องเป็นหน้าแรกของเว็บ) หรือกำหนด listing_url และ selectors"),
    # YouTube
    "youtube_ok": ("ช่อง “{title}” ฟีดมี {videos} คลิป", "channel “{title}”, feed lists {videos} videos", ""),
    "channel_id_invalid": ("“{account}” ไม่ใช่รหัสช่อง (UC…)", "“{account}” is not a channel id (UC…)",
                           "วางลิงก์ช่องในแบบฟอร์มช่องทางแล้วสั่ง `auditor channels import` เพื่อหารหัส UC…"),
    "youtube_channel_not_found": ("YouTube ไม่รู้จักช่อง {account}", "YouTube knows no channel {account}", "ตรวจลิงก์ช่องของอำเภอ"),
    "youtube_feed_unavailable": ("เปิดฟีดของช่องไม่ได้ตอนนี้", "channel feed unavailable now", "ลองอีกครั้งภายหลัง"),
    "youtube_no_key": ("ไม่มีคีย์ YouTube Data API ({env}): อ่านได้เฉพาะ 15 คลิปล่าสุด", "no Data API key ({env}): only the 15 newest videos",
                       "สร้าง API key ใน Google Cloud แล้วใส่ในตัวแปร {env}"),
    "youtube_key_ok": ("คีย์ YouTube Data API ({env}) ใช้ได้", "Data API key ({env}) accepted", ""),
    "youtube_key_unchecked": ("ตรวจคีย์ YouTube ไม่ได้ ({reason})", "Data API key unchecked ({reason})", "ลองอีกครั้งภายหลัง"),
    "api_key_invalid": ("คีย์ YouTube Data API ({env}) ใช้ไม่ได้", "Data API key ({env}) invalid", "สร้างคีย์ใหม่แล้วใส่ในตัวแปร {env}"),
    "api_quota": ("โควตา YouTube Data API วันนี้หมดแล้ว", "Data API quota used up today", "ลองใหม่พรุ่งนี้ (โควตารีเซ็ตเที่ยงคืนเวลาแปซิฟิก)"),
    "api_not_enabled": ("ยังไม่ได้เปิดใช้ YouTube Data API v3 ในโปรเจกต์ของคีย์", "YouTube Data API v3 not enabled for the key",
                        "เปิดใช้ YouTube Data API v3 ใน Google Cloud Console ของโปรเจกต์นั้น"),
    "api_error": ("YouTube Data API ตอบข้อผิดพลาด", "Data API error", "ลองอีกครั้งภายหลัง"),
    # TikTok, Instagram, LINE
    "tiktok_ok": ("บัญชี “{name}” มีอยู่ ({links} ลิงก์คลิปที่ระบุ)", "account “{name}” exists ({links} listed video links)", ""),
    "tiktok_not_found": ("ไม่พบบัญชี {account} (หรือเป็นบัญชีส่วนตัว)", "no public account {account}", "ตรวจชื่อบัญชี TikTok ของอำเภอ"),
    "tiktok_unavailable": ("ตรวจบัญชี {account} ไม่ได้ตอนนี้", "account {account} unchecked now", "ลองอีกครั้งภายหลัง"),
    "instagram_needs_user_id": ("ใส่ชื่อบัญชี {account} แทนรหัสผู้ใช้ Instagram", "handle {account} where the Instagram user id belongs",
                                "ใส่ user_id ที่เป็นตัวเลขของบัญชีมืออาชีพ (ดูคู่มือการตั้งค่า)"),
    "instagram_configured": ("ตั้งค่าบัญชี {account} และโทเค็นแล้ว", "account {account} and token set", ""),
    "self_reported": ("{account}: นับจากแบบรายงานของอำเภอ (ไม่มี API ให้อ่าน)", "{account}: counted from the report sheet", ""),
    "unreachable": ("ตรวจไม่ได้ตอนนี้ (ติดต่อบริการไม่ได้: {reason})", "could not check ({reason})", "ลองอีกครั้งภายหลัง"),
    "not_recorded": ("ตรวจ {account} ไม่ได้: ชุดบันทึก (--replay) ไม่มีคำตอบของคำขอนี้",
                     "could not check {account}: the replay bundle has no recording of this request",
                     "สั่ง `auditor doctor` โดยไม่ใช้ --replay เพื่อตรวจกับบริการจริง หรือเพิ่มการบันทึกของช่องทางนี้ในชุดบันทึก"),
}

PROBLEMS: dict[str, tuple[str, str]] = {  # the channels sheet: what is wrong with a pasted value
    "unknown_office": ("ไม่มีสำนักงานรหัส “{value}” ในไฟล์ตั้งค่า{suggest_th} แถวนี้ไม่ได้ใช้",
                       "no office {value!r} in the config{suggest_en}; row skipped"),
    "office_id_missing": ("แถวนี้ไม่มีรหัสสำนักงาน{named_th}{suggest_th} แถวนี้ไม่ได้ใช้: ใส่รหัสสำนักงาน (id) ของแถว",
                          "the row has no office id{named_en}{suggest_en}; row skipped: fill in its id"),
    "office_twice": ("สำนักงาน {id} อยู่ในแถว {first} แล้ว แถวนี้ไม่ได้ใช้: รวมช่องทางของสำนักงานไว้ในแถวเดียว",
                     "office {id} is already in row {first}; row skipped: keep one row per office"),
    "office_by_name": ("แถวนี้ไม่มีรหัสสำนักงาน ใช้ชื่อ “{name}” เป็นสำนักงาน {id}", "no office id: the row's name {name!r} is office {id}"),
    "unrecognized": ("อ่าน “{value}” ไม่ออก", "cannot read {value!r}"),
    "not_platform_url": ("“{value}” ไม่ใช่ลิงก์ของ{platform_th}", "{value!r} is not a {platform} address"),
    "other_platform_url": ("“{value}” เป็นลิงก์ของ{other_th} ใส่ผิดช่อง", "{value!r} belongs to {other}: wrong column"),
    "not_a_handle": ("“{value}” ไม่ใช่ชื่อบัญชี (@ชื่อ)", "{value!r} is not a handle"),
    "not_a_page_url": ("“{value}” ไม่ใช่ลิงก์เพจ (เป็นลิงก์โพสต์หรือการแชร์) ให้วางลิงก์หน้าเพจ",
                       "{value!r} is a post or share link, not the page"),
    "facebook_group": ("“{value}” เป็นกลุ่ม Facebook ไม่ใช่เพจ", "{value!r} is a group, not a page"),
    "not_a_page": ("“{value}” ไม่ใช่ลิงก์หน้าเพจ Facebook ให้เปิดหน้าเพจของสำนักงานแล้วคัดลอกลิงก์ หรือใส่รหัสเพจตัวเลข",
                   "{value!r} is not a Facebook page address; copy the page's own address or put its numeric id"),
    "page_name_invalid": ("“{value}” ไม่มีชื่อบัญชีหรือรหัสเพจ ให้คัดลอกลิงก์จากหน้าเพจอีกครั้ง หรือใส่รหัสเพจตัวเลข",
                          "{value!r} holds neither the page's username nor its id; copy the page's address again or put its numeric id"),
    "not_a_profile_url": ("“{value}” เป็นลิงก์โพสต์ ให้วางลิงก์หน้าบัญชี", "{value!r} is a post link, not the profile"),
    "video_not_channel": ("“{value}” เป็นลิงก์คลิป ให้วางลิงก์หน้าช่อง", "{value!r} is a video link, not the channel"),
    "video_link_listed": ("“{value}” เป็นลิงก์คลิป เก็บบัญชี {kept} และเพิ่มคลิปนี้ในรายการลิงก์คลิปของบัญชี (links) ให้นับด้วย "
                          "(คลิปของเดือนต่อ ๆ ไป ให้อำเภอแนบในแบบรายงาน)",
                          "{value!r} is a video link: account {kept} kept and the video added to its listed links"),
    "site_root_cut": ("ตัดลิงก์ “{value}” เหลือหน้าแรกของเว็บ {kept} ถ้าเว็บของสำนักงานอยู่ในโฟลเดอร์ย่อยของเว็บนี้ "
                      "ให้แก้ url ใน auditor.toml เป็นหน้าแรกของโฟลเดอร์นั้น",
                      "{value!r} cut to the site's home page {kept}; if the office's site lives in a folder of this host, "
                      "set its url in auditor.toml to that folder"),
    "no_site_in_address": ("“{value}” เป็นหน้าแรกหรือหน้าระบบของเว็บรวมหลายสำนักงาน ไม่ใช่เว็บของสำนักงาน "
                           "ให้วางลิงก์หน้าใดก็ได้ในเว็บของอำเภอ (เช่น district.cdd.go.th/ชื่ออำเภอ/)",
                           "{value!r} is the shared network's own page, not an office's site; paste any page of the "
                           "district's site (e.g. district.cdd.go.th/<district>/)"),
    "short_link": ("“{value}” เป็นลิงก์ย่อ ให้วางลิงก์เต็มของบัญชี", "{value!r} is a short link; paste the full profile address"),
    "page_name_unverified": ("ยังไม่ได้แปลงชื่อเพจ “{kept}” เป็นรหัสตัวเลข (ไม่มีโทเค็นใน {env}) เก็บชื่อไว้ก่อน",
                             "page name {kept!r} kept unresolved (no token in {env})"),
    "page_id_unverified": ("เก็บรหัส {kept} จากลิงก์ไว้ ยังไม่ได้ยืนยันกับ Facebook (ไม่มีโทเค็นใน {env})",
                           "id {kept} from the address kept unverified (no token in {env})"),
    "instagram_user_id_needed": ("เก็บชื่อบัญชี {kept} ไว้ การเก็บข้อมูลต้องใช้ user_id ตัวเลข",
                                 "handle {kept} kept; collecting needs the numeric user_id"),
    "page_name_unknown": ("Facebook ไม่รู้จักเพจ “{value}”", "Facebook knows no page {value!r}"),
    "page_not_visible": ("ไม่พบเพจ “{value}” หรือโทเค็นไม่มีสิทธิ์เห็น", "page {value!r} missing or not visible with the token"),
    "token_rejected": ("Facebook ปฏิเสธโทเค็นขณะค้นหา “{value}”", "token rejected looking up {value!r}"),
    "permission_missing": ("โทเค็นไม่มีสิทธิ์ค้นหา “{value}”", "token lacks permission to look up {value!r}"),
    "graph_error": ("Facebook ตอบข้อผิดพลาดขณะค้นหา “{value}”", "Graph error looking up {value!r}"),
    "channel_not_found": ("YouTube ไม่รู้จักช่อง “{value}”", "YouTube knows no channel {value!r}"),
    "channel_page_unavailable": ("เปิดหน้าช่อง “{value}” ไม่ได้ (HTTP {status})", "channel page {value!r} answered HTTP {status}"),
    "channel_id_not_on_page": ("หน้าช่อง “{value}” ไม่มีรหัสช่อง ให้วางลิงก์ youtube.com/channel/UC…",
                               "no channel id on the page of {value!r}; paste youtube.com/channel/UC…"),
    "api_key_invalid": ("คีย์ YouTube ใช้ไม่ได้ขณะค้นหา “{value}”", "Data API key invalid looking up {value!r}"),
    "api_quota": ("โควตา YouTube หมดขณะค้นหา “{value}”", "Data API quota used up looking up {value!r}"),
    "api_not_enabled": ("ยังไม่ได้เปิด YouTube Data API ขณะค้นหา “{value}”", "Data API not enabled looking up {value!r}"),
    "api_error": ("YouTube ตอบข้อผิดพลาดขณะค้นหา “{value}”", "Data API error looking up {value!r}"),
    "lookup_failed": ("ค้นหา “{value}” ไม่ได้ (ติดต่อบริการไม่ได้)", "could not look up {value!r} ({reason})"),
    "lookup_not_recorded": ("ค้นหา “{value}” ไม่ได้: ชุดบันทึก (--replay) ไม่มีคำตอบของคำขอนี้ "
                            "ให้สั่ง import โดยไม่ใช้ --replay เพื่อค้นหากับบริการจริง",
                            "could not look up {value!r}: the replay bundle has no recording of this request; "
                            "import without --replay to look it up online"),
    "lookup_offline": ("ต้องค้นหา “{value}” ออนไลน์", "{value!r} must be looked up online"),
    "hashtags_empty": ("ไม่มีแฮชแท็กสำนักงาน ใช้ค่าเดิม {kept}", "no office hashtag; kept {kept}"),
    "bad_email": ("“{value}” ไม่ใช่อีเมล ช่องนี้ไม่ได้ใช้", "{value!r} is not an e-mail address; cell not used"),
    "bad_line": ("“{value}” ไม่ใช่รหัสกลุ่มหรือผู้ใช้ LINE (C/U + 32 ตัวอักษร) ช่องนี้ไม่ได้ใช้",
                 "{value!r} is not a LINE group/user id; cell not used"),
}

KIND_TH = {"wordpress": " REST API ของ WordPress", "rss": " RSS", "html": "หน้ารวมข่าว (listing)", "auto": "อัตโนมัติ"}
SECTION_TH = {"reports": "รายงาน", "figures": "ตัวเลขผลงาน"}
REASON_TH = {"no_token": "ไม่มีโทเค็น", "network": "ติดต่อ Facebook ไม่ได้", "bad_response": "คำตอบผิดรูปแบบ",
             "no_recording": "ชุดบันทึก (--replay) ไม่มีคำตอบของคำขอนี้"}
TOKEN_WHY = {460: "รหัสผ่านของผู้สร้างโทเค็นถูกเปลี่ยน", 463: "หมดอายุ", 466: "ถูกยกเลิก", 458: "แอปถูกถอนออก"}
TOKEN_WHY_EN = {460: "password changed", 463: "expired", 466: "revoked", 458: "app removed"}

# The template workbook: the instructions sheet, one line per column.
TEMPLATE_SHEET = "ช่องทาง"
HELP_SHEET = "วิธีกรอก"
TEMPLATE_HELP = [
    "กรอกหนึ่งแถวต่อสำนักงาน ห้ามแก้รหัสสำนักงาน (id) ช่องอื่นวางลิงก์ได้ตามที่คัดลอกจากเบราว์เซอร์",
    "Facebook: วางลิงก์หน้าเพจ (facebook.com/ชื่อเพจ, profile.php?id=… หรือ facebook.com/p/ชื่อเพจ-ตัวเลข/) หรือรหัสเพจตัวเลข",
    "เว็บไซต์: วางลิงก์หน้าใดก็ได้ของเว็บ โปรแกรมจะตัดเหลือหน้าแรกของเว็บ (district.cdd.go.th/ชื่ออำเภอ/)",
    "YouTube: วางลิงก์ช่อง (@ชื่อ, /channel/UC…, /c/…, /user/…) ไม่ใช่ลิงก์คลิป",
    "TikTok, Instagram, Threads: วางลิงก์หน้าบัญชีหรือ @ชื่อบัญชี (ลิงก์คลิป TikTok: เก็บบัญชีและเพิ่มคลิปในรายการลิงก์ให้); "
    "LINE: @รหัสบัญชี หรือลิงก์ line.me/R/ti/p/@…",
    "หลายบัญชีในช่องเดียว: ขึ้นบรรทัดใหม่ (Alt+Enter) ระหว่างบัญชี; ช่องว่าง = ไม่มีช่องทางนี้",
    "แฮชแท็กสำนักงาน: เว้นวรรคระหว่างแฮชแท็ก; แจ้งผล: อีเมล และรหัสกลุ่ม/ผู้ใช้ LINE (ขึ้นต้นด้วย C หรือ U)",
    "เสร็จแล้วบันทึกไฟล์ แล้วสั่ง: auditor channels import ไฟล์นี้.xlsx  จากนั้นสั่ง auditor doctor",
    "One row per office; do not change the id column. Paste addresses as copied; the import turns them into ids.",
]

# Errors (a cell or row not used) and warnings (used, but look) are counted apart, never one inside the other.
IMPORT_SUMMARY = ("{rows} แถว: เปลี่ยน {changes} รายการ, ค้นหารหัสออนไลน์ {resolved} รายการ, "
                  "ต้องแก้ {errors} รายการ (ไม่ได้ใช้), ข้อควรดู {warnings} รายการ (ใช้แล้ว) → {path}")
IMPORT_SUMMARY_EN = "{rows} rows: {changes} changes, {resolved} looked up, {errors} errors (not used), {warnings} warnings (used) → {path}"
CHANGE_LINE = "{office}: {field}: {old} → {new}"
RESOLVED_LINE = "{office}: {pasted} → {id} ({name})"
DOCTOR_READY = "พร้อมตรวจเต็มเดือน (ready for a full audit)"
DOCTOR_NOT_READY = "ยังไม่พร้อม: ต้องแก้ {fail} รายการ, ตรวจไม่ได้ {unknown} รายการ (not ready: {fail} to fix, {unknown} unchecked)"
DOCTOR_COLUMNS = ("สำนักงาน (office)", "เรื่อง (topic)", "ผล (status)", "รายละเอียด (detail)", "วิธีแก้ (fix)")
MODES_WRITTEN = "บันทึกวิธีอ่านเว็บไซต์ {count} แห่งลงใน {path} (website modes written)"


def platform_th(platform_id: str) -> str:
    p = PLATFORMS.get(platform_id)
    return p.label_th if p else TOPICS.get(platform_id, (platform_id,))[0]


def topic(platform: str) -> tuple[str, str]:
    """(Thai, English) name of what a line is about."""
    if platform in TOPICS:
        return TOPICS[platform]
    p = PLATFORMS.get(platform)
    return (p.label_th, p.label_en) if p else (platform, platform)


def _date(value: str | None, *, english: bool = False) -> str:
    if not value:
        return "ไม่หมดอายุ" if not english else "never expires"
    when = datetime.fromisoformat(value)
    return when.strftime("%Y-%m-%d") if english else thai_date(when)


def _join(value) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, (list, tuple)) else str(value)


def prepare(code: str, params: dict) -> dict:
    """The parameters as the sentences show them: BE dates, joined lists, Thai names of kinds."""
    p = {k: _join(v) if isinstance(v, (list, tuple)) else ("" if v is None else v) for k, v in params.items()}
    p["date_en"] = _date(params.get("date"), english=True) if params.get("date") else ""
    if params.get("date"):
        p["date"] = _date(params["date"])
    p["expiry"], p["expiry_en"] = _date(params.get("expires")), _date(params.get("expires"), english=True)
    if params.get("expires") is None:
        p["expiry"] = "ไม่หมดอายุ"
    pages = params.get("pages")
    p["reach"] = f" เข้าถึง {len(pages)} เพจ" if isinstance(pages, list) else ""
    sub = params.get("graph_subcode")
    p["why"] = f": {TOKEN_WHY[sub]}" if sub in TOKEN_WHY else ""
    p["why_en"] = f": {TOKEN_WHY_EN[sub]}" if sub in TOKEN_WHY_EN else ""
    for key in ("kind", "configured"):
        if key in params:
            p[f"{key}_th"] = KIND_TH.get(str(params[key]), str(params[key]))
    if "section" in params:
        p["section_th"] = SECTION_TH.get(params["section"], params["section"])
    if "reason" in params:
        p["reason_th"] = REASON_TH.get(params["reason"], str(params["reason"]))
    if "suggestion" in params:  # an office id or name not in the config: the closest district
        named = f"อำเภอ{params['suggestion_th']}" if params.get("suggestion_th") else params["suggestion"]
        p["suggest_th"] = f" หมายถึง {named} ({params['suggestion']}) หรือไม่" if params["suggestion"] else ""
        p["suggest_en"] = f" (did you mean {params['suggestion']}?)" if params["suggestion"] else ""
        p["named_th"] = f" (ชื่อสำนักงาน “{params['name']}”)" if params.get("name") else ""
        p["named_en"] = f" (office name {params['name']!r})" if params.get("name") else ""
    if "tried" in params:
        p["tried"] = "; ".join(f"{k}: {why}" for k, why in params["tried"]) or "-"
    resolved = params.get("resolved")
    p["resolved_th"] = f" (รหัสคือ {resolved})" if resolved else ""
    p["resolved_en"] = f" (its id is {resolved})" if resolved else ""
    p["resolved_fix"] = f" {resolved}" if resolved else ""
    for key in ("platform", "other"):
        if key in params:
            p[f"{key}_th"] = platform_th(str(params[key]))
    return p


def finding_words(code: str, params: dict) -> tuple[str, str, str]:
    """(Thai, English, Thai fix) of a doctor finding."""
    th, en, fix = FINDINGS.get(code, (code, code, ""))
    p = Shown(prepare(code, params))
    return fill_template(th, p), fill_template(en, p), fill_template(fix, p)


def problem_words(code: str, params: dict) -> tuple[str, str]:
    """(Thai, English) of a channels-sheet problem."""
    th, en = PROBLEMS.get(code, (code, code))
    p = Shown(prepare(code, params))
    return fill_template(th, p), fill_template(en, p)
