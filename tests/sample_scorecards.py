"""A realistic scorecards dict for February 2025 (all 25 districts of Ubon Ratchathani), plus
five earlier months of history, for the report and export tests.

Deterministic: no clock, no randomness. Each district follows a small scenario (how many
promotion posts on which channels, how many activities, which channel failed to collect);
the verdicts follow the ruleset's logic so the pages read like a real month:
3 pass, 20 fail, 2 incomplete. One district (det-udom) carries hostile text and a
javascript: URL to prove the pages escape everything. Activities held but not counted
(page not tagged: warin-chamrap, tan-sum; a hashtag missing: don-mot-daeng; a tag glued to
the one before: lao-suea-kok), a typo with a reported link (khueang-nai), a collection note
(det-udom) and the seed's warnings show what the pages say about each.
"""

from __future__ import annotations

import copy
import hashlib

MONTH = "2025-02"
PAGE_CLICK = "ClickChumchon"  # the Click ชุมชน page that activity posts must tag

REQUIRED_TAGS = ["#คลิกชุมชน", "#Clickชุมชน", "#กรมการพัฒนาชุมชน", "#กระทรวงมหาดไทย", "#บำบัดทุกข์บำรุงสุข"]
ACTIVITY_TAG = "#กิจกรรมขับเคลื่อนClickชุมชน"

DISTRICTS = [
    ("mueang-ubon-ratchathani", "เมืองอุบลราชธานี", "Mueang Ubon Ratchathani"),
    ("si-mueang-mai", "ศรีเมืองใหม่", "Si Mueang Mai"),
    ("khong-chiam", "โขงเจียม", "Khong Chiam"),
    ("khueang-nai", "เขื่องใน", "Khueang Nai"),
    ("khemarat", "เขมราฐ", "Khemarat"),
    ("det-udom", "เดชอุดม", "Det Udom"),
    ("na-chaluai", "นาจะหลวย", "Na Chaluai"),
    ("nam-yuen", "น้ำยืน", "Nam Yuen"),
    ("buntharik", "บุณฑริก", "Buntharik"),
    ("trakan-phuet-phon", "ตระการพืชผล", "Trakan Phuet Phon"),
    ("kut-khaopun", "กุดข้าวปุ้น", "Kut Khaopun"),
    ("muang-sam-sip", "ม่วงสามสิบ", "Muang Sam Sip"),
    ("warin-chamrap", "วารินชำราบ", "Warin Chamrap"),
    ("phibun-mangsahan", "พิบูลมังสาหาร", "Phibun Mangsahan"),
    ("tan-sum", "ตาลชุม", "Tan Sum"),
    ("pho-sai", "โพธิ์ไทร", "Pho Sai"),
    ("samrong", "สำโรง", "Samrong"),
    ("don-mot-daeng", "ดอนมดแดง", "Don Mot Daeng"),
    ("sirindhorn", "สิรินธร", "Sirindhorn"),
    ("thung-si-udom", "ทุ่งศรีอุดม", "Thung Si Udom"),
    ("na-yia", "นาเยีย", "Na Yia"),
    ("na-tan", "นาตาล", "Na Tan"),
    ("lao-suea-kok", "เหล่าเสือโก้ก", "Lao Suea Kok"),
    ("sawang-wirawong", "สว่างวีระวงศ์", "Sawang Wirawong"),
    ("nam-khun", "น้ำขุ่น", "Nam Khun"),
]

# district → counted promotion posts per platform, counted activities, and the extras it shows.
SCENARIOS = {
    "mueang-ubon-ratchathani": {"promo": {"facebook": 2, "website": 1}, "acts": 2},
    "si-mueang-mai": {"promo": {"facebook": 1, "youtube": 1}, "acts": 2},
    "khong-chiam": {"promo": {"website": 2}, "acts": 0, "error": ("facebook", "expired")},
    "khueang-nai": {"promo": {"facebook": 2}, "acts": 1, "typo": True, "second_fb": True, "report": True},
    "khemarat": {"promo": {"facebook": 1}, "acts": 0},
    "det-udom": {"promo": {"facebook": 2}, "acts": 1, "hostile": True, "note": "rss"},
    "nam-yuen": {"promo": {"facebook": 1, "line": 1}, "acts": 1},
    "buntharik": {"promo": {"facebook": 2}, "acts": 1, "error": ("website", "server")},
    "trakan-phuet-phon": {"promo": {"facebook": 2}, "acts": 2, "error": ("youtube", "quota")},
    "warin-chamrap": {"promo": {"facebook": 3}, "acts": 0, "untagged": 1},
    "tan-sum": {"promo": {"facebook": 1, "website": 1}, "acts": 0, "untagged": 2},
    "don-mot-daeng": {"promo": {"facebook": 1, "website": 1}, "acts": 1, "untagged_tags": 1},
    "lao-suea-kok": {"promo": {"facebook": 1, "website": 1}, "acts": 1, "glued": 1},
    "phibun-mangsahan": {"promo": {"facebook": 2, "tiktok": 1}, "acts": 3},
    "sirindhorn": {"promo": {}, "acts": 0},
}
DEFAULT_SCENARIO = {"promo": {"facebook": 1, "website": 1}, "acts": 1}

RULES_META = [  # as the engine writes them for ruleset click-chumchon-2568
    {"rule": "promotion-posts", "title_th": "เผยแพร่ประชาสัมพันธ์อย่างน้อยเดือนละ 2 ครั้ง",
     "title_en": "At least 2 counted posts a month", "short_th": "โพสต์", "short_en": "posts", "required": 2},
    {"rule": "promotion-channels", "title_th": "เผยแพร่อย่างน้อย 2 ช่องทาง",
     "title_en": "Counted posts on at least 2 channels", "short_th": "ช่องทาง", "short_en": "channels", "required": 2},
    {"rule": "activity-count", "title_th": "จัดกิจกรรมอย่างน้อยเดือนละ 2 กิจกรรม และโพสต์บน Facebook แท็กเพจ Click ชุมชน",
     "title_en": "At least 2 activities posted on Facebook tagging the Click ชุมชน page", "short_th": "กิจกรรม",
     "short_en": "activities", "required": 2},
]

NOTES = {  # a channel that WAS collected, with something to say: the collector's words and the code
    "rss": ("read through the RSS feed (REST API: answered HTTP 404 rest_no_route)",
            {"code": "read_through", "params": {"source": "rss", "failed": ["wordpress"]}}),
}

WARNINGS = [  # as the target table and the scan hand them over (the overview's notes on the data)
    {"code": "seed_downloads", "params": {"file": "ubon-districts.csv", "row": "4", "district": "khueang-nai",
                                          "printed": 183, "total": 187},
     "message": "ubon-districts.csv seed row 4 (khueang-nai): download target group prints 183 but its columns add up to 187; using 187"},
    {"code": "seed_total", "params": {"printed": 30, "total": 31},
     "message": "the seed prints a sign-up target total of 30 but the district rows sum to 31; using the rows"},
    {"code": "channel", "params": {"office": "det-udom", "platform": "website", "account": "https://district.cdd.go.th/detudom/",
                                   "note": NOTES["rss"][1]},
     "message": "det-udom website https://district.cdd.go.th/detudom/: read through the RSS feed (REST API: answered HTTP 404 rest_no_route)"},
]

ERRORS = {  # the collector's words, its kind and parameters
    "expired": ("Error validating access token: Session has expired on Saturday, 15-Feb-25 (code 190). The page token must be renewed by a page admin.",
                "auth", {"problem": "token_expired", "env": "FB_TOKEN_KHONG_CHIAM"}),
    "server": ("HTTP 503 Service Unavailable from the district website after 3 retries", "unavailable", {}),
    "quota": ("YouTube Data API quota exceeded (HTTP 403 quotaExceeded); only the RSS feed was read", "rate_limit", {}),
}

PROMO_TEXT = (
    "สำนักงานพัฒนาชุมชนอำเภอ{name} ขอเชิญชวนผู้ประกอบการ OTOP และพี่น้องประชาชน สมัครใช้งานแพลตฟอร์ม "
    "Click ชุมชน ช่องทางขายสินค้าชุมชนออนไลน์ ฟรี ไม่มีค่าใช้จ่าย"
)
ACT_TEXT = (
    "พัฒนาการอำเภอ{name} ลงพื้นที่แนะนำการใช้งาน Click ชุมชน ให้กลุ่มทอผ้าไหมบ้านหนองบัว "
    "สมัครร้านค้าสำเร็จ 5 ร้าน @Click ชุมชน"
)


def _digest(*parts) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def _account(platform: str, district: str, name: str) -> tuple[str, str]:
    if platform == "facebook":
        return str(100000000000000 + int(_digest(district)[:8], 16) % 10**9), f"สพอ.{name}"
    if platform == "website":
        return f"https://district.cdd.go.th/{district.replace('-', '')}/", f"เว็บไซต์ สพอ.{name}"
    return f"cdd.{district}", f"พัฒนาชุมชนอำเภอ{name}"


def _url(platform: str, district: str, account: str, n: int) -> tuple[str, str]:
    if platform == "facebook":
        pid = f"{account}_{(int(_digest(district, n)[:10], 16) % 10**12):012d}"
        return pid, f"https://www.facebook.com/{account}/posts/{pid.split('_')[1]}"
    if platform == "website":
        return f"wp:{100 + n}", f"{account}?p={100 + n}"
    if platform == "youtube":
        vid = _digest(district, n)[:11]
        return vid, f"https://www.youtube.com/watch?v={vid}"
    if platform == "tiktok":
        vid = str(7470000000000000000 + int(_digest(district, n)[:8], 16))
        return vid, f"https://www.tiktok.com/@{account}/video/{vid}"
    return f"line-{n}", f"https://line.me/R/home/public/post?id={account}&postId={n}"


def _post(district, name, platform, n, day, hour, kind, counted, **extra) -> dict:
    account, account_name = _account(platform, district, name)
    post_id, url = _url(platform, district, account, n)
    tags = list(REQUIRED_TAGS) + ([ACTIVITY_TAG] if kind == "activity" else [])
    post = {
        "platform": platform, "post_id": post_id, "url": url,
        "published_at": f"{MONTH}-{day:02d}T{hour:02d}:{(n * 7) % 60:02d}:00+07:00",
        "kind": kind, "counted": counted, "hashtags": tags, "missing_hashtags": [], "near_misses": [],
        "page_tagged": (True if kind == "activity" else False) if platform == "facebook" else None,
        "activity_id": None, "notes": [], "account": account, "account_name": account_name,
        "excerpt": (PROMO_TEXT if kind == "promotion" else ACT_TEXT).format(name=name) + " " + " ".join(tags),
        "unlinked": [], "warnings": [], "evidence_sha256": _digest("evidence", district, platform, n),
        "self_reported": platform == "line",
    }
    post.update(extra)
    return post


def _district(index: int, district: str, name: str, name_en: str) -> dict:
    s = SCENARIOS.get(district, DEFAULT_SCENARIO)
    posts, activities, n = [], [], 0
    error = s.get("error")
    for platform, count in s["promo"].items():
        for _ in range(count):
            n += 1
            posts.append(_post(district, name, platform, n, 3 + (n * 5 + index) % 24, 9 + n % 7, "promotion", True))
    for a in range(s["acts"]):
        n += 1
        day = 6 + (a * 9 + index) % 20
        act_id = f"{district}-{2:02d}{day:02d}-{a + 1}"
        refs = []
        fb = _post(district, name, "facebook", n, day, 15, "activity", True, activity_id=act_id)
        posts.append(fb)
        refs.append(f"facebook:{fb['post_id']}")
        if a == 0 and "website" in s["promo"]:
            n += 1
            web = _post(district, name, "website", n, day, 17, "activity", True, activity_id=act_id)
            posts.append(web)
            refs.append(f"website:{web['post_id']}")
        activities.append({"activity_id": act_id, "date": f"{MONTH}-{day:02d}", "counted": True, "posts": refs,
                           "title": f"แนะนำการใช้งาน Click ชุมชน ครั้งที่ {a + 1}"})
    if s.get("second_fb") and activities:
        n += 1
        first = activities[0]
        day = int(first["date"][-2:])
        posts.append(_post(district, name, "facebook", n, day, 18, "activity", True, activity_id=first["activity_id"]))
        first["posts"].append(f"facebook:{posts[-1]['post_id']}")
    for k in range(s.get("untagged", 0)):  # held, posted, but the Click ชุมชน page is not tagged
        n += 1
        act_id = f"{district}-02{22 - k * 8:02d}-{9 - k}"
        posts.append(_post(district, name, "facebook", n, 22 - k * 8, 14, "activity", False, activity_id=act_id,
                           page_tagged=False, checks={"activity-hashtags": "pass", "activity-page-tag": "fail"},
                           notes=["ไม่ได้แท็กเพจ Click ชุมชน (facebook.com/Clickchumchon)"],
                           note_codes=[{"code": "page_not_tagged", "params": {}}]))
        activities.append({"activity_id": act_id, "date": f"{MONTH}-{22 - k * 8:02d}", "counted": False,
                           "posts": [f"facebook:{posts[-1]['post_id']}"], "title": "อบรมการถ่ายภาพสินค้าลง Click ชุมชน"})
    for k in range(s.get("untagged_tags", 0)):  # held and tagged, but the activity hashtag is missing
        n += 1
        act_id = f"{district}-0225-{8 - k}"
        posts.append(_post(district, name, "facebook", n, 25, 11, "activity", False, activity_id=act_id,
                           hashtags=list(REQUIRED_TAGS), missing_hashtags=[ACTIVITY_TAG],
                           checks={"activity-hashtags": "fail", "activity-page-tag": "pass"},
                           notes=[f"ขาดแฮชแท็ก {ACTIVITY_TAG}"],
                           note_codes=[{"code": "missing_hashtags", "params": {"tags": [ACTIVITY_TAG]}}]))
        activities.append({"activity_id": act_id, "date": f"{MONTH}-25", "counted": False,
                           "posts": [f"facebook:{posts[-1]['post_id']}"], "title": "ประชุมกลุ่มอาชีพ แนะนำ Click ชุมชน"})
    for k in range(s.get("glued", 0)):  # the activity tag glued to the tag before it: not a link
        n += 1
        act_id = f"{district}-0226-{7 - k}"
        glued = {"found": ACTIVITY_TAG, "expected": ACTIVITY_TAG, "reason": "unlinked"}
        posts.append(_post(district, name, "facebook", n, 26, 11, "activity", False, activity_id=act_id,
                           hashtags=list(REQUIRED_TAGS), missing_hashtags=[ACTIVITY_TAG], unlinked=[ACTIVITY_TAG],
                           near_misses=[glued, dict(glued)],  # reported by two checks: shown once
                           checks={"activity-hashtags": "fail", "activity-page-tag": "pass"},
                           excerpt=ACT_TEXT.format(name=name) + " " + " ".join(REQUIRED_TAGS) + ACTIVITY_TAG,
                           notes=[f"ขาดแฮชแท็ก {ACTIVITY_TAG}", f"{ACTIVITY_TAG} ติดกับข้อความหรือแฮชแท็กก่อนหน้า "
                                  "ต้องเว้นวรรคก่อน #"],
                           note_codes=[{"code": "missing_hashtags", "params": {"tags": [ACTIVITY_TAG]}},
                                       {"code": "near_miss", "params": glued}]))
        activities.append({"activity_id": act_id, "date": f"{MONTH}-26", "counted": False,
                           "posts": [f"facebook:{posts[-1]['post_id']}"], "title": "ลงพื้นที่แนะนำร้านค้า Shop ชุมชน"})
    if s.get("typo"):
        n += 1
        tags = ["#คลิกชุมซน", "#Clickชุมชน", "#กรมการพัฒนาชุมชน", "#กระทรวงมหาดไทย"]
        posts.append(_post(district, name, "facebook", n, 18, 10, "promotion", False, hashtags=tags[1:],
                           missing_hashtags=["#คลิกชุมชน", "#บำบัดทุกข์บำรุงสุข"],
                           near_misses=[{"found": "#คลิกชุมซน", "expected": "#คลิกชุมชน", "reason": "typo"}],
                           excerpt=PROMO_TEXT.format(name=name) + " " + " ".join(tags),
                           checks={"promotion-hashtags": "fail"},
                           notes=["ขาดแฮชแท็ก #คลิกชุมชน #บำบัดทุกข์บำรุงสุข", "#คลิกชุมซน สะกดผิด ที่ถูกคือ #คลิกชุมชน"],
                           note_codes=[{"code": "missing_hashtags", "params": {"tags": ["#คลิกชุมชน", "#บำบัดทุกข์บำรุงสุข"]}},
                                       {"code": "near_miss", "params": {"found": "#คลิกชุมซน", "expected": "#คลิกชุมชน",
                                                                        "reason": "typo"}}]))
    if s.get("hostile"):
        n += 1
        posts.append(_post(
            district, name, "website", n, 11, 8, "unrelated", False,
            url="javascript:document.title='PWNED-URL'",
            hashtags=['#"><img src=x onerror="document.title=\'PWNED-TAG\'">'],
            missing_hashtags=list(REQUIRED_TAGS),
            excerpt='ข่าวทั่วไป <script>document.title="PWNED-SCRIPT";document.body.setAttribute("data-pwned","script")</script> '
                    '"><img src=x onerror="document.body.setAttribute(\'data-pwned\',\'img\')"> จบข่าว',
            account_name='<b onmouseover="alert(1)">เว็บไซต์</b>',
            # stored before note codes existed: the pages show the text (escaped)
            notes=["ไม่เกี่ยวกับ Click ชุมชน", "<svg onload=alert(1)>"],
        ))
    posts.sort(key=lambda p: p["published_at"])
    if error:
        platform, which = error
        posts = [p for p in posts if p["platform"] != platform or which != "expired"]
    card = _verdicts(district, name, name_en, posts, activities, error)
    if s.get("note"):
        account = _account("website", district, name)[0]
        message, note = NOTES[s["note"]]
        card["warnings"] = [{"platform": "website", "account": account, "message": message, "kind": "", "params": {},
                             "notes": [note]}]
    if s.get("report"):
        card["reconciliation"] = _reconciliation(posts)
    return card


def _reconciliation(posts: list[dict]) -> dict:
    """What the district's report sheet listed, matched against its posts."""
    counted = [p for p in posts if p["counted"]]
    typo = next(p for p in posts if p["near_misses"])
    return {
        "verified": [{"url": counted[0]["url"], "title": "ประชาสัมพันธ์ Click ชุมชน", "row": 12, "platform": "facebook",
                      "post_id": counted[0]["post_id"], "post_url": counted[0]["url"]}],
        "problems": [
            {"url": typo["url"].replace("www.", "m."), "title": "ชวนสมัครร้านค้า Click ชุมชน", "row": 13,
             "code": "not_counted", "params": {"detail": None}, "reason_th": "พบโพสต์แล้ว แต่ไม่นับ",
             "reason_en": "found, but not counted", "platform": "facebook", "post_id": typo["post_id"],
             "post_url": typo["url"], "notes": typo["notes"], "note_codes": typo["note_codes"]},
            {"url": "https://www.tiktok.com/@cdd.khueang-nai/video/7474815053072051005", "title": "คลิปแนะนำสินค้า",
             "row": 14, "code": "dead", "params": {"detail": "HTTP 400"}, "reason_th": "ลิงก์เปิดไม่ได้ (HTTP 400)",
             "reason_en": "dead link (HTTP 400)",
             "platform": "tiktok", "status": 400},
        ],
        "unreported": [{"platform": p["platform"], "post_id": p["post_id"], "url": p["url"], "counted": True}
                       for p in counted[1:2]],
    }


CHECKS = {"promotion-posts": "min-counted-posts", "promotion-channels": "min-platforms", "activity-count": "min-activities"}


def _rule(rule_id: str, verdict: str, observed, detail: str, missing: str, todo: dict | None, **extra) -> dict:
    """A rule as the engine writes it: its check, its to-do (when failed) and the words for both."""
    meta = next(m for m in RULES_META if m["rule"] == rule_id)
    return {"rule": rule_id, "check": CHECKS[rule_id], "verdict": verdict, "observed": observed,
            "required": meta["required"], "detail": detail, "title_th": meta["title_th"], "title_en": meta["title_en"],
            "missing_th": missing, "todo": todo if verdict == "fail" else None, **extra}


def _todo(code: str, n: int, platforms=(), **params) -> dict:
    return {"code": code, "n": n, "platforms": list(platforms), "params": params, "kind": "todo"}


def _verdicts(district, name, name_en, posts, activities, error) -> dict:
    promo = [p for p in posts if p["kind"] == "promotion" and p["counted"]]
    platforms = sorted({p["platform"] for p in promo})
    acts = sum(1 for a in activities if a["counted"])
    blind = {error[0]} if error else set()

    def judge(ok: bool, could_change: bool) -> str:
        return "pass" if ok else ("unknown" if could_change else "fail")

    fb_blind = "facebook" in blind
    rules = [
        _rule("promotion-posts", judge(len(promo) >= 2, bool(blind)), len(promo),
              f"นับโพสต์ประชาสัมพันธ์ที่มีแฮชแท็กครบได้ {len(promo)} โพสต์ จากเกณฑ์ 2 โพสต์",
              "" if len(promo) >= 2 else f"ต้องโพสต์ประชาสัมพันธ์เพิ่มอีก {2 - len(promo)} ครั้ง",
              _todo("more_posts", 2 - len(promo))),
        _rule("promotion-channels", judge(len(platforms) >= 2, bool(blind - set(platforms))), len(platforms),
              f"โพสต์ใน {len(platforms)} ช่องทาง จากเกณฑ์ 2 ช่องทาง",
              "" if len(platforms) >= 2 else
              f"ต้องโพสต์เพิ่มอีก 1 ครั้ง ในช่องทางอื่นที่ไม่ใช่ {' หรือ '.join(_label(p) for p in platforms)}" if platforms else
              "ต้องโพสต์ใน 2 ช่องทาง",
              _todo("more_channels", 2 - len(platforms), platforms, need=2), platforms=platforms),
        _rule("activity-count", judge(acts >= 2, fb_blind), acts,
              f"นับกิจกรรมที่โพสต์ลง Facebook และแท็กเพจ Click ชุมชนได้ {acts} กิจกรรม จากเกณฑ์ 2 กิจกรรม",
              "" if acts >= 2 else f"ต้องจัดกิจกรรมเพิ่มอีก {2 - acts} กิจกรรม",
              _todo("more_activities", 2 - acts, ["facebook"], platform="facebook")),
    ]
    for r in rules:
        if r["verdict"] != "fail":
            r["missing_th"] = ""
    verdicts = {r["verdict"] for r in rules}
    verdict = "fail" if "fail" in verdicts else ("incomplete" if "unknown" in verdicts else "pass")
    channels: dict[str, int] = {}
    for p in promo:
        channels[p["platform"]] = channels.get(p["platform"], 0) + 1
    errors, status = [], []
    for platform in sorted({p["platform"] for p in posts} | blind):
        account = _account(platform, district, name)[0]
        if platform in blind:
            message, kind, params = ERRORS[error[1]]
            errors.append({"platform": platform, "account": account, "message": message, "kind": kind, "params": params,
                           "notes": []})
            status.append({"platform": platform, "account": account, "status": "partial" if error[1] == "quota" else "error",
                           "message": message, "kind": kind, "params": params, "notes": []})
        else:
            status.append({"platform": platform, "account": account, "status": "ok", "message": "", "kind": "",
                           "params": {}, "notes": []})
    return {
        "district": district, "name": name, "name_en": name_en, "verdict": verdict, "rules": rules,
        "channels": channels, "activities": activities, "posts": posts, "errors": errors, "channel_status": status,
    }


def _label(platform: str) -> str:
    return {"facebook": "Facebook", "website": "เว็บไซต์", "youtube": "YouTube"}.get(platform, platform)


def sample_scorecards() -> dict:
    """February 2025, as the engine would write scorecards.json."""
    districts = [_district(i, *d) for i, d in enumerate(DISTRICTS)]
    unattributed = [
        {"platform": "facebook", "post_id": "100200300400500_900000000001",
         "url": "https://www.facebook.com/100200300400500/posts/900000000001",
         "published_at": "2025-02-12T13:30:00+07:00", "account": "100200300400500",
         "reason": "โพสต์จากเพจจังหวัด ไม่ได้ระบุชื่ออำเภอในข้อความ",
         "excerpt": "พัฒนาชุมชนจังหวัดอุบลราชธานี ร่วมกับอำเภอ จัดอบรม Click ชุมชน #คลิกชุมชน"},
        {"platform": "youtube", "post_id": "a1b2c3d4e5f",
         "url": "https://www.youtube.com/watch?v=a1b2c3d4e5f",
         "published_at": "2025-02-20T09:00:00+07:00", "account": "UCprovince",
         "reason": "กล่าวถึงหลายอำเภอในโพสต์เดียว",
         "excerpt": "สรุปผลการขับเคลื่อน Click ชุมชน อำเภอเขมราฐ และอำเภอนาตาล"},
    ]
    tally = {v: sum(1 for d in districts if d["verdict"] == v) for v in ("pass", "fail", "incomplete")}
    return {
        "schema": "auditor.scorecards/1", "month": MONTH, "timezone": "Asia/Bangkok", "as_of": None,
        "province": {"id": "ubon-ratchathani", "name_th": "อุบลราชธานี", "name_en": "Ubon Ratchathani"},
        "ruleset": {"id": "click-chumchon-2568", "version": "1"},
        "generated_at": "2025-03-01T02:15:00Z", "tool_version": "0.1.0",
        "summary": {**tally, "posts": sum(len(d["posts"]) for d in districts), "unattributed": len(unattributed),
                    "skipped_lines": 0},
        "rules_meta": copy.deepcopy(RULES_META),
        "districts": districts,
        "unattributed": unattributed,
        "warnings": list(WARNINGS),
    }


def sample_history() -> dict[str, dict[str, str]]:
    """Five earlier months (Sep 2024 – Jan 2025) as the store's month summary gives them
    (month → district → verdict), for the trend column and chart."""
    cycle = ("fail", "fail", "pass", "incomplete", "fail")
    out = {}
    for k, month in enumerate(["2024-09", "2024-10", "2024-11", "2024-12", "2025-01"]):
        if month == "2024-10":
            continue  # a month that was never audited shows as "no data"
        out[month] = {d: cycle[(i + k) % len(cycle)] for i, (d, _, _) in enumerate(DISTRICTS)}
    return out


if __name__ == "__main__":  # python tests/sample_scorecards.py > sample.json
    import json

    print(json.dumps(sample_scorecards(), ensure_ascii=False, indent=1))
