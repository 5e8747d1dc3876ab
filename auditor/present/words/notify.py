"""The words of `auditor notify`: the messages districts and province staff read, and what the
operator sees on the terminal. (Thai, English) pairs keyed by name or by codes.SendProblem, filled
with words.fill like every other table; the to-do lines themselves come from advice.todo_lines.
"""

from __future__ import annotations

from auditor.codes import SendProblem

MESSAGE = {
    "tag": ("[Click ชุมชน]", "[Click ชุมชน]"),
    "district_subject": ("{tag} อำเภอ{name} {month}: {verdict}{count}", "{tag} {name_en} {month_en}: {verdict}{count}"),
    "todo_count": (" – ต้องทำ {n} เรื่อง", " – {n} thing(s) to do"),
    "province_subject": ("{tag} สรุปผลจังหวัด{province} {month}: ไม่ผ่าน {fail} · ข้อมูลไม่ครบ {incomplete} · ผ่าน {pass_} อำเภอ",
                         "{tag} {province_en} {month_en}: {fail} fail, {incomplete} incomplete, {pass_} pass"),
    "dear_district": ("เรียน สำนักงานพัฒนาชุมชนอำเภอ{name}", "To the Community Development office of {name_en}"),
    "dear_province": ("เรียน เจ้าหน้าที่สำนักงานพัฒนาชุมชนจังหวัด{province}", "To the staff of {province_en}"),
    "result": ("ผลการตรวจการประชาสัมพันธ์ Click ชุมชน เดือน{month}: {symbol} {verdict}",
               "Click ชุมชน publicity audit, {month_en}: {verdict}"),
    "province_result": ("ผลการตรวจการประชาสัมพันธ์ Click ชุมชน เดือน{month}", "Click ชุมชน publicity audit, {month_en}"),
    "as_of": ("ข้อมูล ณ {when} (เดือนยังไม่สิ้นสุด ผลอาจเปลี่ยนได้)", "data as of {when} (the month is not over)"),
    "days_left": ("เหลือเวลาอีก {days} วันในเดือนนี้", "{days} day(s) left in the month"),
    "todo_heading": ("สิ่งที่ต้องทำ:", "To do:"),
    "all_done": ("ทำครบทุกเกณฑ์ของเดือนนี้แล้ว ขอบคุณครับ/ค่ะ", "every rule of the month is met, thank you"),
    "details_link": ("ดูรายละเอียด: {link}", "details: {link}"),
    "overview_link": ("ดูภาพรวมทุกอำเภอ: {link}", "overview: {link}"),
    "pdf_attached": ("แนบไฟล์ PDF ของรายงานมาพร้อมนี้ ({file})", "the report is attached as a PDF ({file})"),
    "pdf_missing": ("ไม่มีไฟล์ PDF แนบมา ({why})", "no PDF attached ({why})"),
    "line_no_link": ("รายละเอียดและไฟล์ PDF ส่งทางอีเมลของสำนักงาน", "details and the PDF are sent by e-mail"),
    "signature": ("ส่งโดยระบบตรวจการประชาสัมพันธ์ Click ชุมชน (auditor) สำนักงานพัฒนาชุมชนจังหวัด{province}",
                  "sent by auditor, the Click ชุมชน publicity audit of {province_en}"),
    "english": ("English summary", "English summary"),
    "counts": ("ไม่ผ่าน {fail} อำเภอ · ข้อมูลไม่ครบ {incomplete} อำเภอ · ผ่าน {pass_} อำเภอ (ทั้งหมด {total} อำเภอ)",
               "{fail} fail, {incomplete} incomplete, {pass_} pass (of {total} districts)"),
    "top_failures": ("เกณฑ์ที่ไม่ผ่านมากที่สุด:", "rules failed most often:"),
    "rule_failure": ("{title}: ไม่ผ่าน {n} อำเภอ", "{title}: {n} districts fail"),
    "no_failures": ("ไม่มีเกณฑ์ที่มีอำเภอไม่ผ่าน", "no rule failed"),
    "failing": ("อำเภอที่ไม่ผ่าน: {names}", "failing: {names}"),
    "incomplete": ("อำเภอที่ข้อมูลไม่ครบ: {names}", "incomplete: {names}"),
}

# Why the PDF could not be attached (the notify stage says which).
PDF_MISSING = {
    "no_browser": ("เครื่องที่ส่งไม่มีโปรแกรมสร้าง PDF", "no headless Chromium to print it"),
    "browser_failed": ("สร้างไฟล์ PDF ไม่สำเร็จ", "printing it failed"),
    "not_asked": ("ส่งโดยไม่แนบไฟล์", "sent without attachments (--no-pdf)"),
}

SEND_PROBLEMS = {
    SendProblem.NO_CREDENTIAL: ("ยังไม่ได้ตั้งค่ารหัสผ่านหรือ token ในตัวแปร {env}", "the environment variable {env} is not set"),
    SendProblem.NO_TRANSPORT: ("ยังไม่ได้ตั้งค่า {missing} ใน [notify.email] ของ auditor.toml",
                               "[notify.email] in auditor.toml lacks {missing}"),
    SendProblem.AUTH: ("ระบบปลายทางไม่ยอมรับรหัสผ่านหรือ token ({status})", "the service refused the credential ({status} {detail})"),
    SendProblem.REJECTED: ("ระบบปลายทางปฏิเสธข้อความหรือผู้รับ ({status})", "the service refused the message or recipient ({status} {detail})"),
    SendProblem.RATE_LIMIT: ("ส่งถี่เกินกำหนดของระบบปลายทาง ลองใหม่ภายหลัง", "rate-limited ({status} {detail}); try again later"),
    SendProblem.QUOTA: ("โควตาข้อความ LINE ของเดือนนี้หมดแล้ว", "the LINE channel's monthly message quota is used up ({detail})"),
    SendProblem.UNAVAILABLE: ("ระบบปลายทางขัดข้อง ลองใหม่ภายหลัง", "the service kept failing ({status} {detail}); try again later"),
    SendProblem.NETWORK: ("เชื่อมต่อระบบปลายทางไม่ได้", "the service could not be reached ({detail})"),
}

CHANNELS = {"email": ("อีเมล", "e-mail"), "line": ("LINE", "LINE")}

# The operator's terminal: Thai first, English beside.
OPERATOR = {
    "sent": ("ส่งแล้ว", "sent"),
    "failed": ("ส่งไม่สำเร็จ", "failed"),
    "skipped": ("เคยส่งเนื้อหานี้แล้ว ไม่ส่งซ้ำ", "already sent, skipped"),
    "would_send": ("จะส่ง", "would send"),
    "no_recipient": ("ไม่มีผู้รับที่ตั้งค่าไว้", "no recipient configured"),
    "summary": ("ข้อความ {n_messages} ฉบับ ({n_districts} อำเภอ, จังหวัด {n_province}) · ส่งแล้ว {n_sent} · ส่งไม่สำเร็จ {n_failed} · "
                "ข้ามเพราะเคยส่ง {n_skipped} · ไม่มีผู้รับ {n_unaddressed}",
                "{n_messages} messages ({n_districts} districts, {n_province} province): {n_sent} sent, {n_failed} failed, "
                "{n_skipped} already sent, {n_unaddressed} without recipients"),
    "dry_summary": ("ทดลอง (ไม่ได้ส่งจริง): ข้อความ {n_messages} ฉบับ ({n_districts} อำเภอ, จังหวัด {n_province}) จะส่ง {n_sends} ครั้ง · "
                    "ข้ามเพราะเคยส่ง {n_skipped} · เขียนไว้ที่ {folder}",
                    "dry run, nothing sent: {n_messages} messages ({n_districts} districts, {n_province} province), {n_sends} sends, "
                    "{n_skipped} already sent; written to {folder}"),
    "pdf_missing": ("ไม่ได้แนบ PDF: {why}", "no PDF attached: {why}"),
    "nothing": ("ไม่มีอะไรต้องส่ง", "nothing to send"),
    "listening": ("รอรับ webhook ของ LINE ที่ http://{host}:{port}/ (Ctrl-C เพื่อหยุด)",
                  "waiting for LINE webhooks on http://{host}:{port}/ (Ctrl-C to stop)"),
    "line_id": ("{kind}: {id}", "{kind_en} id: {id}"),
    "rejected_signature": ("ปฏิเสธคำขอที่ลายเซ็นไม่ถูกต้อง", "rejected a request with a bad signature"),
}

SOURCE_KINDS = {"group": ("กลุ่ม", "group"), "user": ("ผู้ใช้", "user"), "room": ("ห้องแชต", "room")}
