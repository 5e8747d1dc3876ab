"""Generate cassettes/reconcile/*.yaml: short links and link checks behind `auditor.selfreport.reconcile`.

Run from the repo root: `python -m scripts.cassettes.reconcile`. Deterministic, constructed on
real hosts: a Facebook /share/p/ link answering HEAD with 302 to a pfbid permalink, a
vm.tiktok.com link answering 301 to the canonical video, a TikTok /t/ link whose host refuses
HEAD (405) and redirects on GET, a deleted TikTok video (404) and a live LINE VOOM post (200).
`district.yaml` holds them all for one end-to-end reconcile.

`reported.yaml` is what a scan asks when Warin Chamrap reports TikTok videos its channels do
not list: a live video read through oEmbed (caption with the promotion hashtags), a
vm.tiktok.com short link to another live one, a deleted video (oEmbed 404), and the check of a
reported Facebook post no channel lists (it opens).

`reported_checks.yaml` is what a scan asks to check links it cannot read: a Facebook share link
(HEAD 302 to a pfbid post, then GET on that post), a live and a deleted LINE VOOM post, and a
district web page that is gone (404).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from auditor.collect.links import oembed_url
from scripts.cassettes import links
from scripts.cassettes.common import interaction, write_cassette

OUT = Path("cassettes/reconcile")
HTML = "text/html; charset=utf-8"

FB_SHARE = "https://www.facebook.com/share/p/1AbCdEfGhI/"
FB_PFBID = "pfbid02Kx9mPq7Rz3TnVw4YbHcLdE5fGjS6aUkX8NoQi1Mr2Ws"
FB_TARGET = f"https://www.facebook.com/cddkhemarat/posts/{FB_PFBID}"
TIKTOK_HANDLE = "cdd_khemarat"
TIKTOK_VIDEO = "7470123456789012345"
TIKTOK_SHORT = "https://vm.tiktok.com/ZSkHm4r7P/"
TIKTOK_T = "https://www.tiktok.com/t/ZTkHeAd05/"
TIKTOK_T_VIDEO = "7470123456789099999"
TIKTOK_DEAD_VIDEO = "7471999999999999999"
LINE_POST = "1174012345678901234"
LINE_URL = f"https://linevoom.line.me/post/{LINE_POST}"


def tiktok_video(video_id: str) -> str:
    return f"https://www.tiktok.com/@{TIKTOK_HANDLE}/video/{video_id}"


TIKTOK_DEAD = tiktok_video(TIKTOK_DEAD_VIDEO)


def facebook_share() -> list[dict]:
    """HEAD on a share link: 302 to the post's pfbid permalink (tracking parameter included)."""
    return [interaction(FB_SHARE, method="HEAD", status=302, content_type=HTML,
                        headers={"Location": f"{FB_TARGET}/?mibextid=WC7FNe"})]


def tiktok_short() -> list[dict]:
    """vm.tiktok.com answers HEAD with 301; /t/ refuses HEAD (405) and redirects the GET."""
    return [
        interaction(TIKTOK_SHORT, method="HEAD", status=301, content_type=HTML,
                    headers={"Location": tiktok_video(TIKTOK_VIDEO) + "?_r=1&_t=ZS-8tHbXk2a1Bc"}),
        interaction(TIKTOK_T, method="HEAD", status=405, content_type=HTML),
        interaction(TIKTOK_T, status=301, content_type=HTML,
                    headers={"Location": tiktok_video(TIKTOK_T_VIDEO) + "?is_from_webapp=1&sender_device=pc"}),
    ]


def tiktok_dead() -> list[dict]:
    """GET on a deleted video's page."""
    return [interaction(TIKTOK_DEAD, status=404, content_type=HTML,
                        body="<html><head><title>TikTok</title></head><body>Video currently unavailable</body></html>")]


def line_voom() -> list[dict]:
    """GET on a public VOOM post: 200 with a client-rendered shell."""
    return [interaction(LINE_URL, content_type=HTML,
                        body='<!DOCTYPE html><html lang="th"><head><title>LINE VOOM</title></head>'
                             '<body><div id="root"></div></body></html>')]


# Reported by Warin Chamrap, listed on none of its channels (ids encode February 2025 times).
REPORTED_LIVE = links.tiktok_id(datetime(2025, 2, 11, 3, 0, tzinfo=timezone.utc), 0x5E9071)
REPORTED_SHORT = "https://vm.tiktok.com/ZSwArIn01/"
REPORTED_SHORT_VIDEO = links.tiktok_id(datetime(2025, 2, 18, 7, 30, tzinfo=timezone.utc), 0x5E9072)
REPORTED_DEAD = links.tiktok_id(datetime(2025, 2, 20, 2, 0, tzinfo=timezone.utc), 0x5E9073)
PROMOTION_TAGS = ("คลิกชุมชน", "Clickชุมชน", "กรมการพัฒนาชุมชน", "กระทรวงมหาดไทย", "บำบัดทุกข์บำรุงสุข",
                  "กิจกรรมขับเคลื่อนClickชุมชน", "สำนักงานพัฒนาชุมชนอำเภอวารินชำราบ")


def reported_caption(video_id: str, text: str) -> dict:
    """An oEmbed answer whose caption carries every promotion hashtag and Warin Chamrap's office tag."""
    anchors = " ".join(links.tag_anchor(tag) for tag in PROMOTION_TAGS)
    return links.oembed_body(video_id, f"{text} {anchors}", f"{text} " + " ".join(f"#{t}" for t in PROMOTION_TAGS))


def oembed(video_id: str) -> str:
    return oembed_url(links.SETTINGS, links.video_url(video_id))


REPORTED_FACEBOOK = "https://www.facebook.com/cddwarin/posts/pfbid02WarinReported"
CHECKED_SHARE = "https://www.facebook.com/share/p/1WarinShare/"
CHECKED_TARGET = "https://www.facebook.com/cddwarin/posts/pfbid02WarinShared"
LINE_DEAD_POST = "1174012345678909999"
LINE_DEAD_URL = f"https://linevoom.line.me/post/{LINE_DEAD_POST}"
WEB_GONE = "https://district.cdd.go.th/warinchamrap/2025/02/11/news-9/"


def page_opens(url: str) -> dict:
    """GET on a public page that answers 200 (the body is not read)."""
    return interaction(url, content_type=HTML, body="<!DOCTYPE html><html><head><title></title></head><body></body></html>")


def reported_checks() -> list[dict]:
    """A scan checking Warin Chamrap's reported links that no reader can read, in report order."""
    return [
        interaction(CHECKED_SHARE, method="HEAD", status=302, content_type=HTML,
                    headers={"Location": f"{CHECKED_TARGET}/?mibextid=WC7FNe"}),
        page_opens(CHECKED_TARGET),
        line_voom()[0],
        interaction(LINE_DEAD_URL, status=404, content_type=HTML, body="<html><body>Not Found</body></html>"),
        interaction(WEB_GONE, status=404, content_type=HTML, body="<html><body>ไม่พบหน้าที่ต้องการ</body></html>"),
    ]


def reported() -> list[dict]:
    """A scan reading Warin Chamrap's reported TikTok links, in report order."""
    return [
        interaction(oembed(REPORTED_LIVE), body=reported_caption(REPORTED_LIVE, "ชวนดาวน์โหลดแอป Click ชุมชน ช้อปสินค้าชุมชนวารินชำราบ")),
        interaction(REPORTED_SHORT, status=301, content_type=HTML,
                    headers={"Location": links.video_url(REPORTED_SHORT_VIDEO) + "?_r=1&_t=ZS-8wArIn1"}),
        interaction(oembed(REPORTED_SHORT_VIDEO), body=reported_caption(REPORTED_SHORT_VIDEO, "สินค้าเด่นประจำสัปดาห์ สั่งได้ที่ Click ชุมชน")),
        interaction(oembed(REPORTED_DEAD), status=404, body={"code": 404, "message": "Something went wrong", "data": {}}),
        page_opens(REPORTED_FACEBOOK),
    ]


CASSETTES = {"facebook_share": facebook_share, "tiktok_short": tiktok_short,
             "tiktok_dead": tiktok_dead, "line_voom": line_voom, "reported": reported,
             "reported_checks": reported_checks}


def district() -> list[dict]:
    """Everything one reconcile run over the test district requests, in request order."""
    return facebook_share() + tiktok_short()[:1] + tiktok_dead() + line_voom()


def main() -> None:
    for name, build in {**CASSETTES, "district": district}.items():
        print(write_cassette(OUT / f"{name}.yaml", build()))


if __name__ == "__main__":
    main()
