"""A seeded, realistic month of posts for benchmarks: offices in the config format, posts in the
Post contract (JSON Lines), no network.

    python -m bench.nationwide --districts 878 --posts 26000 --out /tmp/nationwide

writes auditor.toml (the offices, one Facebook page, website and YouTube channel each, and a
provincial office) and posts-2025-02.jsonl. The texts are ~260 characters of Thai with the
guideline's hashtags and the near misses the hashtag research lists (typos, Cyrillic and
full-width letters, a zero-width space inside a tag, decomposed sara am, a tag split by a space
or glued to the next word, an unlinked copy, an ฯ abbreviation), URLs with '#' fragments,
activities cross-posted to the website and re-posted the next day, events held in several
sub-districts, unrelated posts and a provincial page whose posts name the district.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import datetime, timedelta
from pathlib import Path

from auditor.period import BANGKOK

MONTH = "2025-02"
MONTHS_TH = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม",
             "พฤศจิกายน", "ธันวาคม")


def month_start(month: str) -> datetime:
    """The first moment of a YYYY-MM month in Bangkok."""
    year, number = map(int, month.split("-"))
    return datetime(year, number, 1, tzinfo=BANGKOK)


def next_months(first: str, count: int) -> list[str]:
    """`count` consecutive YYYY-MM months from `first`."""
    year, number = map(int, first.split("-"))
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{number:02d}")
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    return out
CLICK_PAGE_ID = "100064810338135"

# Thai syllables for made-up but plausible district, sub-district and village names.
SYLLABLES = ("นา", "โพธิ์", "ศรี", "บ้าน", "หนอง", "ดอน", "กุด", "ห้วย", "โคก", "เมือง", "สาม", "ทุ่ง", "ตาล", "ม่วง",
             "สำโรง", "เขมร", "วาริน", "ชำราบ", "ตระการ", "พืช", "ผล", "เดช", "อุดม", "สว่าง", "วีระ", "บุณฑริก",
             "ไผ่", "แก้ว", "คำ", "ขาม", "เจริญ", "สุข", "ใหญ่", "น้อย", "กลาง", "เหนือ", "ใต้", "งาม", "ทอง", "บัว")
PROMOTION_TAGS = ["#คลิกชุมชน", "#Clickชุมชน", "#กรมการพัฒนาชุมชน", "#กระทรวงมหาดไทย", "#บำบัดทุกข์บำรุงสุข",
                  "#กิจกรรมขับเคลื่อนClickชุมชน"]
ACTIVITY_TAGS = ["#คลิกชุมชน", "#Clickชุมชน", "#กรมการพัฒนาชุมชน", "#กระทรวงมหาดไทย", "#กิจกรรมขับเคลื่อนClickชุมชน"]
OTHER_TAGS = ["#พัฒนาชุมชน", "#OTOP", "#ของดีบอกต่อ", "#ผ้าไหม", "#ข่าวประชาสัมพันธ์", "#โคกหนองนาโมเดล", "#ทีมไทยแลนด์"]
# Near misses of the research's list (thai-hashtags.md §5, §6.9), each (find, replace) on the tag line.
NEAR_MISSES = [
    ("#คลิกชุมชน", "#คลิกชุมซน"), ("#คลิกชุมชน", "#คลิ๊กชุมชน"), ("#Clickชุมชน", "#Сlickชุมชน"),
    ("#Clickชุมชน", "#ＣＬＩＣＫชุมชน"), ("#กรมการพัฒนาชุมชน", "#กรมการ\u200bพัฒนาชุมชน"),
    ("#บำบัดทุกข์บำรุงสุข", "#บําบัดทุกข์บํารุงสุข"), ("#บำบัดทุกข์บำรุงสุข", "#บำบัดทุกบำรุงสุข"),
    ("#คลิกชุมชน", "#คลิก ชุมชน"), ("#กรมการพัฒนาชุมชน", "#กรมการพัฒนาชุมชนฯ"), ("#กระทรวงมหาดไทย", "ข่าว#กระทรวงมหาดไทย"),
    ("#กรมการพัฒนาชุมชน", "#กรมพัฒนาชุมชน"), ("#กิจกรรมขับเคลื่อนClickชุมชน", "#กิจกรรมขับเคลื่อนClickชุมชนลงพื้นที่"),
    ("#คลิกชุมชน", "\u200b#คลิกชุมชน"), ("#กระทรวงมหาดไทย", ""),
]
ACTIVITY_BODIES = (
    "ประชุมประจำเดือนกำนันผู้ใหญ่บ้าน ชี้แจงการดาวน์โหลดและใช้งานแอปพลิเคชัน Click ชุมชน ณ ห้องประชุมที่ว่าการอำเภอ{name} "
    "ครั้งที่ {n} มีผู้เข้าร่วม {people} คน",
    "อบรมผู้ประกอบการ OTOP ตำบล{place} เรื่องการเปิดร้านค้าออนไลน์ Shop ชุมชน ถ่ายภาพสินค้าและตั้งราคา "
    "วิทยากรจากสำนักงานพัฒนาชุมชนอำเภอ{name} ผู้เข้าร่วม {people} ราย",
    "ลงพื้นที่บ้าน{village} หมู่ที่ {moo} ตำบล{place} แนะนำกลุ่มอาชีพทอผ้าให้ลงทะเบียนสินค้าบน Click ชุมชน "
    "พร้อมสอนถ่ายภาพและเขียนคำบรรยายสินค้า",
    "จัดกิจกรรมส่งเสริมการตลาดสินค้าชุมชน ลดราคาพิเศษในงานกาชาด อำเภอ{name} สั่งซื้อออนไลน์ได้ทันทีผ่าน Click ชุมชน "
    "ส่วนลด {people} บาท",
    "สัมมนาเครือข่ายวิสาหกิจชุมชนตำบล{place} แลกเปลี่ยนประสบการณ์ขายสินค้าออนไลน์ ยอดขายเดือนที่แล้ว {people},000 บาท",
)
PROMOTION_BODIES = (
    "ชวนพี่น้องชาวอำเภอ{name} ดาวน์โหลดแอป Click ชุมชน ซื้อสินค้าชุมชนคุณภาพดีได้ทุกที่ทุกเวลา สินค้า OTOP "
    "ผ้าไหม ข้าวหอมมะลิ ผลิตภัณฑ์แปรรูป ส่งตรงถึงบ้าน ดาวน์โหลดได้ที่ https://clickchumchon.cdd.go.th/app#download",
    "สินค้าเด่นตำบล{place} ประจำสัปดาห์ ผ้าไหมมัดหมี่และข้าวหอมมะลิ สั่งได้ที่ Click ชุมชน "
    "ดูรายละเอียดที่เว็บไซต์cdd.go.th/ข่าว/#คลิกชุมชน หรือโทร 045-{people}",
    "แนะนำแพลตฟอร์ม Click ชุมชน สำหรับผู้ประกอบการอำเภอ{name} สมัครร้านค้าฟรี ไม่มีค่าธรรมเนียม "
    "ขั้นตอนง่าย ๆ เพียง 3 ขั้นตอน อ่านต่อ www.cdd.go.th/clickchumchon?ref=fb#สมัคร",
)
UNRELATED_BODIES = (
    "ขอแสดงความยินดีกับกลุ่มออมทรัพย์เพื่อการผลิตบ้าน{village} ที่ได้รับรางวัลระดับจังหวัด ประจำปี 2568",
    "ประกาศรับสมัครอาสาพัฒนาชุมชน ตำบล{place} ผู้สนใจติดต่อสำนักงานได้ในวันและเวลาราชการ ถึงวันที่ {moo} มีนาคม",
)


def thai_name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts))


def make_offices(n: int, seed: int = 2568) -> list[dict]:
    """n district offices with unique Thai names, plus the provincial office (last)."""
    rng, seen, offices = random.Random(seed), set(), []
    while len(offices) < n:
        name = thai_name(rng, rng.choice((2, 2, 3)))
        if name in seen:
            continue
        seen.add(name)
        i = len(offices)
        offices.append({
            "id": f"d{i:03d}", "name_th": name, "name_en": f"District {i}", "kind": "district",
            "office_hashtags": [f"#สำนักงานพัฒนาชุมชนอำเภอ{name}"],
            "channels": {"facebook": {"page_id": str(104500000000000 + i)},
                         "website": {"url": f"https://district.cdd.go.th/d{i:03d}/"},
                         "youtube": {"channel_id": f"UC{i:022d}"}},
            "places": [thai_name(rng) for _ in range(6)],
        })
    offices.append({"id": "province", "name_th": "สำนักงานพัฒนาชุมชนจังหวัด", "name_en": "Provincial office",
                    "kind": "province", "office_hashtags": ["#สำนักงานพัฒนาชุมชนจังหวัด"],
                    "channels": {"facebook": {"page_id": "104400000000000"}}, "places": []})
    return offices


def config_toml(offices: list[dict]) -> str:
    """The offices in auditor.toml's format."""
    out = ['[province]\nid = "bench"\nname_th = "ทั้งประเทศ"\nname_en = "Nationwide"\ntimezone = "Asia/Bangkok"\n',
           '[facebook]\ngraph_version = "v24.0"\nbase_url = "https://graph.facebook.com"\ntoken_env = "AUDITOR_FACEBOOK_TOKEN"\n']
    for o in offices:
        ch = o["channels"]
        out.append("[[offices]]\n" + "".join(f"{k} = {json.dumps(o[k], ensure_ascii=False)}\n"
                                              for k in ("id", "name_th", "name_en", "kind", "office_hashtags")))
        out.append("[offices.channels]\n" + "".join(
            f"{p} = {{ {', '.join(f'{k} = {json.dumps(v)}' for k, v in c.items())} }}\n" for p, c in ch.items()))
    return "\n".join(out)


def _tags(rng: random.Random, tags: list[str], office_tag: str) -> str:
    line = " ".join(tags + [office_tag])
    if rng.random() < 0.3:  # about a third of the posts get a near miss
        wrong, right = rng.choice(NEAR_MISSES)
        line = line.replace(wrong, right, 1)
    if rng.random() < 0.3:
        line += " " + " ".join(rng.sample(OTHER_TAGS, 2))
    return line


def _fill(rng: random.Random, body: str, office: dict) -> str:
    return body.format(name=office["name_th"], place=rng.choice(office["places"]) if office["places"] else "กลาง",
                       village=thai_name(rng), moo=rng.randrange(1, 20), n=rng.randrange(1, 12),
                       people=rng.randrange(12, 300))


def _post(platform: str, pid: str, account: str, when: datetime, text: str, district: str | None,
          page_tag: bool) -> dict:
    post = {"platform": platform, "post_id": pid, "url": f"https://bench.invalid/{platform}/{pid}",
            "account": {"id": account}, "district": district,
            "published_at": when.isoformat(timespec="seconds"), "text": text}
    if page_tag:
        post["page_tags"] = [{"id": CLICK_PAGE_ID, "name": "Click ชุมชน"}]
    return post


def make_posts(offices: list[dict], total: int, seed: int = 2568, month: str = MONTH) -> list[dict]:
    """About `total` posts spread over the districts: activities (some cross-posted to the website
    and re-posted), promotions on every channel, unrelated posts, a provincial page."""
    rng = random.Random(seed)
    start = month_start(month)
    districts = [o for o in offices if o["kind"] == "district"]
    province = offices[-1]
    posts: list[dict] = []
    budget = total - max(1, total // 50)  # about 2% from the provincial page
    per = max(1, budget // len(districts))
    for o in districts:
        for _ in range(per):
            posts.extend(_event(rng, o, len(posts), start))
            if len(posts) >= budget:
                break
        if len(posts) >= budget:
            break
    while len(posts) < total:  # the provincial page: attributed by office tag or name
        o = rng.choice(districts)
        text = f"{_fill(rng, rng.choice(PROMOTION_BODIES), o)}\n{_tags(rng, PROMOTION_TAGS, o['office_hashtags'][0])}"
        when = start + timedelta(minutes=rng.randrange(28 * 24 * 60))
        posts.append(_post("facebook", f"p{len(posts)}", province["channels"]["facebook"]["page_id"], when, text, None, True))
    return posts


def _event(rng: random.Random, o: dict, n: int, start: datetime) -> list[dict]:
    """One thing a district posted, on one or more channels."""
    when = start + timedelta(minutes=rng.randrange(27 * 24 * 60))
    fb, web = o["channels"]["facebook"]["page_id"], o["channels"]["website"]["url"]
    roll = rng.random()
    if roll < 0.45:
        text = f"{_fill(rng, rng.choice(ACTIVITY_BODIES), o)}\n{_tags(rng, ACTIVITY_TAGS, o['office_hashtags'][0])}"
        out = [_post("facebook", f"f{n}", fb, when, text, o["id"], rng.random() < 0.8)]
        if rng.random() < 0.35:  # cross-posted to the website, with the date added
            out.append(_post("website", f"w{n}", web, when + timedelta(hours=3), f"ข่าวกิจกรรม วันที่ {when.day} "
                             f"{MONTHS_TH[when.month - 1]} {when.year + 543}\n{text}", o["id"], False))
        if rng.random() < 0.1:  # re-posted the next day
            out.append(_post("facebook", f"r{n}", fb, when + timedelta(days=1), "แชร์อีกครั้ง " + text, o["id"], True))
        return out
    if roll < 0.85:
        platform = rng.choice(("facebook", "facebook", "website", "youtube"))
        account = {"facebook": fb, "website": web, "youtube": o["channels"]["youtube"]["channel_id"]}[platform]
        text = f"{_fill(rng, rng.choice(PROMOTION_BODIES), o)}\n{_tags(rng, PROMOTION_TAGS, o['office_hashtags'][0])}"
        return [_post(platform, f"m{n}", account, when, text, o["id"], platform == "facebook")]
    text = f"{_fill(rng, rng.choice(UNRELATED_BODIES), o)} {' '.join(rng.sample(OTHER_TAGS, 2))}"
    return [_post("facebook", f"u{n}", fb, when, text, o["id"], False)]


def write_month(out: Path, districts: int, posts: int, seed: int = 2568, month: str = MONTH) -> tuple[Path, Path]:
    """Write auditor.toml and the month's posts file into `out`; return both paths. Each month's
    posts come from their own seed (the offices stay the same), so months differ."""
    out.mkdir(parents=True, exist_ok=True)
    offices = make_offices(districts, seed)
    config = out / "auditor.toml"
    config.write_text(config_toml(offices), encoding="utf-8")
    path = out / f"posts-{month}.jsonl"
    post_seed = seed if month == MONTH else seed + int(month.replace("-", ""))
    with path.open("w", encoding="utf-8") as fh:
        for post in make_posts(offices, posts, post_seed, month):
            fh.write(json.dumps(post, ensure_ascii=False) + "\n")
    return config, path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--districts", type=int, default=878)
    parser.add_argument("--posts", type=int, default=26000)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    for path in write_month(args.out, args.districts, args.posts):
        print(path)


if __name__ == "__main__":
    main()
