"""Benchmark: hashtag scanning and monthly evaluation on a synthetic province-sized month.

    python bench/bench_engine.py [--posts N]

Prints posts per second for thai.scan and for the whole evaluation (attribution, checks,
activity grouping, monthly rules) over the 25 bundled districts.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import datetime, timedelta

from auditor.text import thai
from auditor.rules.engine import evaluate, to_scorecards
from auditor.models import Account, PageTag, Post
from auditor.period import BANGKOK, Month
from auditor.registry import default_config_path, load_registry
from auditor.rules.ruleset import load_ruleset

TAGS = "#คลิกชุมชน #Clickชุมชน #กรมการพัฒนาชุมชน #กระทรวงมหาดไทย #บำบัดทุกข์บำรุงสุข #กิจกรรมขับเคลื่อนClickชุมชน"
BODIES = ["ชวนดาวน์โหลดแอป Click ชุมชน ช้อปสินค้า OTOP ผ่าน Shop ชุมชน", "ประชุมคณะทำงานขับเคลื่อน Click ชุมชน ระดับอำเภอ",
          "อบรมผู้ประกอบการ OTOP สมัครร้านค้า", "ลงพื้นที่แนะนำ CDD พาเที่ยว #คลิกชุมซน", "ข่าวประชาสัมพันธ์ทั่วไป #พัฒนาชุมชน"]


def synthetic_posts(n: int, registry) -> list[Post]:
    rng = random.Random(2568)
    districts = registry.districts
    start = datetime(2025, 2, 1, tzinfo=BANGKOK)
    posts = []
    for i in range(n):
        office = rng.choice(districts)
        text = f"{rng.choice(BODIES)} ครั้งที่ {i}\n{TAGS} {office.office_hashtags[0]}"
        posts.append(Post(platform=rng.choice(["facebook", "website", "youtube"]), post_id=str(i),
                          url=f"https://example.invalid/{i}", account=Account("bench"),
                          published_at=start + timedelta(minutes=rng.randrange(28 * 24 * 60)), text=text,
                          district=office.id, page_tags=(PageTag("100064810338135"),) if i % 2 else ()))
    return posts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=2000)
    args = parser.parse_args()
    registry, ruleset = load_registry(default_config_path()), load_ruleset()
    posts = synthetic_posts(args.posts, registry)

    t0 = time.perf_counter()
    for p in posts:
        thai.scan(p.text)
    t_scan = time.perf_counter() - t0

    t0 = time.perf_counter()
    ev = evaluate(posts, registry, ruleset, Month(2025, 2))
    cards = to_scorecards(ev)
    t_eval = time.perf_counter() - t0
    print(f"posts: {len(posts)} over {len(registry.districts)} districts")
    print(f"thai.scan: {t_scan:.3f} s ({len(posts) / t_scan:,.0f} posts/s)")
    print(f"evaluate + scorecards: {t_eval:.3f} s ({len(posts) / t_eval:,.0f} posts/s); "
          f"verdicts {cards['summary']['pass']} pass / {cards['summary']['fail']} fail")


if __name__ == "__main__":
    main()
