"""Small builders shared by the tests: the one test Post factory (conftest's make_post hands it
out) and shorthands over it for the engine and CLI tests."""

import itertools
import json
from datetime import datetime, timezone

from auditor.collect.replay import make_vcr
from auditor.models import Account, PageTag, Post
from auditor.period import BANGKOK

PROMO = "#คลิกชุมชน #Clickชุมชน #กรมการพัฒนาชุมชน #กระทรวงมหาดไทย #บำบัดทุกข์บำรุงสุข #กิจกรรมขับเคลื่อนClickชุมชน"
ACTIVITY = "#คลิกชุมชน #Clickชุมชน #กรมการพัฒนาชุมชน #กระทรวงมหาดไทย #กิจกรรมขับเคลื่อนClickชุมชน"
CLICK_PAGE = "100064810338135"
NAMES = {"warin-chamrap": "วารินชำราบ", "khemarat": "เขมราฐ", "na-yia": "นาเยีย", "samrong": "สำโรง"}


TEST_PAGE = "104512345678901"
_numbers = itertools.count(1)


def new_post(**overrides) -> Post:
    """A valid Post (a Khemarat Facebook promotion of 14 February 2025, collected on 1 March);
    keyword arguments override any field. Each call without a post_id gets a new one."""
    n = next(_numbers)
    fields = dict(
        platform="facebook",
        post_id=f"{TEST_PAGE}_{n}",
        url=f"https://www.facebook.com/{TEST_PAGE}/posts/{n}",
        account=Account(TEST_PAGE, "สำนักงานพัฒนาชุมชนอำเภอเขมราฐ"),
        published_at=datetime(2025, 2, 14, 10, 0, tzinfo=BANGKOK),
        text="ชวนดาวน์โหลดแอป #คลิกชุมชน",
        district="khemarat",
        collected_at=datetime(2025, 3, 1, tzinfo=timezone.utc),
        collector="test",
    )
    fields.update(overrides)
    return Post(**fields)


def office_tag(district):
    return f"#สำนักงานพัฒนาชุมชนอำเภอ{NAMES[district]}"


def post(post_id, text, *, district="warin-chamrap", platform="facebook", day=10, hour=10, page_tags=(),
         account="acct", when=None):
    """A post as a posts file carries it (no collection stamp), for the engine and CLI tests."""
    return new_post(platform=platform, post_id=str(post_id), url=f"https://www.facebook.com/{post_id}",
                    account=Account(account), published_at=when or datetime(2025, 2, day, hour, tzinfo=BANGKOK),
                    text=text, district=district, page_tags=tuple(PageTag(t) for t in page_tags),
                    collected_at=None, collector=None)


def promo(post_id, district="warin-chamrap", **kw):
    return post(post_id, f"ชวนดาวน์โหลดแอป Click ชุมชน\n{PROMO} {office_tag(district)}", district=district, **kw)


def activity(post_id, what, district="warin-chamrap", tagged=True, **kw):
    tags = (CLICK_PAGE,) if tagged else ()
    return post(post_id, f"{what}\n{ACTIVITY} {office_tag(district)}", district=district, page_tags=tags, **kw)


def write_jsonl(path, posts):
    with open(path, "w", encoding="utf-8") as fh:
        for p in posts:
            fh.write(json.dumps(p.to_dict() if hasattr(p, "to_dict") else p, ensure_ascii=False) + "\n")
    return path


def cassettes(folder):
    """The replay config for tests on a folder of cassettes: replay only, any unrecorded request fails."""
    return make_vcr(folder, "none")
