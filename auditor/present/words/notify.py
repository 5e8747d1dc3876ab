"""The words of `auditor notify`: the messages districts and province staff read, and what the
operator sees on the terminal. (Thai, English) pairs keyed by name or by codes.SendProblem, filled
with words.fill like every other table; the to-do lines themselves come from advice.todo_lines.
"""

from __future__ import annotations

from auditor.codes import SendProblem

MESSAGE = {
    "tag": ("[Click ชุมชน]", "[Click ชุมชน]"),
    "line_heading": ("[Click ชุมชน] อำเภอ{name} · {month}", "[Click ชุมชน] {name_en} · {month_en}"),
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
    # the LINE text's last line when there is no link: by what was really sent
    "line_email_pdf": ("รายละเอียดและไฟล์ PDF ส่งทางอีเมลของสำนักงาน", "details and the PDF are sent by e-mail"),
    "line_email": ("รายละเอียดส่งทางอีเมลของสำนักงาน", "details are sent by e-mail"),
    "line_ask_province": ("สอบถามรายละเอียดได้ที่สำนักงานพัฒนาชุมชนจังหวัด{province}",
                          "ask the Community Development office of {province_en} for the details"),
    "signature": ("ส่งโดยระบบตรวจการประชาสัมพันธ์ Click ชุมชน (auditor) สำนักงานพัฒนาชุมชนจังหวัด{province}",
                  "sent by auditor, the Click ชุมชน publicity audit of {province_en}"),
    "english": ("English summary", "English summary"),
    "province_subject_progress": ("{tag} ความคืบหน้าจังหวัด{province} {month} (ข้อมูล ณ {at}): ตามเกณฑ์ {on_track} · "
                                  "ยังไม่ครบเกณฑ์ {behind} อำเภอ",
                                  "{tag} {province_en} {month_en} (as of {at}): {on_track} on track, {behind} behind"),
    "counts_progress": ("ทำได้ตามเกณฑ์แล้ว {on_track} อำเภอ · ยังไม่ครบเกณฑ์ {behind} อำเภอ (ทั้งหมด {total} อำเภอ)",
                        "{on_track} on track, {behind} behind (of {total} districts; the month is not over)"),
    "top_behind": ("เกณฑ์ที่อำเภอยังทำไม่ครบมากที่สุด:", "rules most often not met yet:"),
    "rule_behind": ("{title}: ยังไม่ครบเกณฑ์ {n} อำเภอ", "{title}: {n} districts behind"),
    "no_behind": ("ทุกอำเภอทำได้ตามเกณฑ์แล้ว", "every district is on track"),
    "behind_names": ("อำเภอที่ยังไม่ครบเกณฑ์: {names}", "behind: {names}"),
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
    SendProblem.NETWORK: ("การเชื่อมต่อกับระบบปลายทางขาดหรือหมดเวลาระหว่างส่ง ลองใหม่ภายหลัง",
                          "the connection failed during the send ({detail}); try again later"),
    SendProblem.UNREACHABLE: ("เชื่อมต่อ {server} ไม่ได้ ({detail}) ลอง {attempts} ครั้งแล้ว จึงหยุดส่งทางช่องทางนี้ในรอบนี้ "
                              "แก้: ตรวจ {setting} ใน auditor.toml และว่าเครื่องนี้ออกอินเทอร์เน็ตได้ แล้วสั่งใหม่",
                              "cannot connect to {server} ({detail}) in {attempts} tries; nothing more is sent on this "
                              "channel in this run. "
                              "Fix: check {setting} in auditor.toml and this machine's network, then run again"),
    SendProblem.TLS: ("เชื่อมต่อแบบเข้ารหัส (TLS) กับเซิร์ฟเวอร์อีเมล {server} ไม่สำเร็จ ({detail}) "
                      "แก้: ตั้ง security ใน [notify.email] ให้ตรงกับ port (starttls กับ 587, ssl กับ 465) "
                      "และตรวจว่า host ตรงกับใบรับรองของเซิร์ฟเวอร์",
                      "the TLS handshake with the mail server {server} failed ({detail}). Fix: make [notify.email] "
                      "security match the port (starttls with 587, ssl with 465) and the host match the server's certificate"),
    SendProblem.NO_STARTTLS: ("เซิร์ฟเวอร์อีเมล {server} ไม่รองรับ STARTTLS แก้: ตั้ง security = \"ssl\" กับ port = 465 "
                              "ใน [notify.email] หรือถามผู้ดูแลเซิร์ฟเวอร์อีเมลว่าใช้พอร์ตใด",
                              "the mail server {server} does not offer STARTTLS. Fix: security = \"ssl\" with port = 465 "
                              "in [notify.email], or ask its administrator which port to use"),
    SendProblem.SMTP_NO_AUTH: ("เซิร์ฟเวอร์อีเมล {server} ไม่เปิดให้เข้าสู่ระบบ (AUTH) บนการเชื่อมต่อนี้ "
                               "แก้: ตั้ง security = \"starttls\" (พอร์ต 587) หรือ \"ssl\" (พอร์ต 465) ใน [notify.email] "
                               "หรือลบ user ออกถ้าเซิร์ฟเวอร์นี้รับอีเมลโดยไม่ต้องเข้าสู่ระบบ",
                               "the mail server {server} offers no login (AUTH) on this connection ({detail}). Fix: "
                               "security = \"starttls\" (port 587) or \"ssl\" (port 465) in [notify.email], or remove "
                               "`user` if the server takes mail without a login"),
    SendProblem.NOT_TRIED: ("ไม่ได้ลองส่ง เพราะช่องทางนี้ใช้ไม่ได้ตั้งแต่รายการแรกที่ส่งไม่สำเร็จด้านบน "
                            "แก้ตามนั้นแล้วสั่งใหม่ (จะส่งเฉพาะรายการที่ยังไม่ได้ส่ง)",
                            "not tried: this channel failed for good at the first failed send above ({first}); "
                            "fix that and run again (only what was not sent goes out)"),
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
    "dry_preflight": ("การส่งจริงจะหยุดก่อนส่ง: {problem}", "a real send would stop before sending: {problem}"),
    "channel_down": ("{channel}: หยุดส่งหลังรายการแรกที่ส่งไม่สำเร็จ อีก {n} รายการไม่ได้ลองส่ง",
                     "{channel_en}: stopped after its first failed send; {n} more not tried"),
    "nothing": ("ไม่มีอะไรต้องส่ง", "nothing to send"),
    "listening": ("รอรับ webhook ของ LINE ที่ http://{host}:{port}/ (Ctrl-C เพื่อหยุด)",
                  "waiting for LINE webhooks on http://{host}:{port}/ (Ctrl-C to stop)"),
    "line_id": ("{kind}: {id}", "{kind_en} id: {id}"),
    "rejected_signature": ("ปฏิเสธคำขอที่ลายเซ็นไม่ถูกต้อง", "rejected a request with a bad signature"),
}

SOURCE_KINDS = {"group": ("กลุ่ม", "group"), "user": ("ผู้ใช้", "user"), "room": ("ห้องแชต", "room")}
