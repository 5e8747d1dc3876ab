"""YouTube collector: feed coverage (partial or whole month), Data API paging and errors."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from auditor.present import words
from tests.helpers import cassettes

from auditor.collect.base import Context
from auditor.collect.platforms import COLLECTORS
from auditor.collect.youtube import api_url, feed_url
from auditor.errors import CollectorError
from auditor.collect.http import make_session
from auditor.period import BANGKOK, Month
from auditor.registry import Channel, Office
from scripts.cassettes.youtube import CHANNELS, DEFAULTS

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
FEB = Month(2025, 2)
SETTINGS = {"youtube": dict(DEFAULTS)}
OFFICE = Office("det-udom", "เดชอุดม", "Det Udom", "district", ())
collector = COLLECTORS["youtube"]

VCR = cassettes(ROOT / "cassettes" / "youtube")


def ctx(env: dict | None = None) -> Context:
    return Context(session=make_session(retries=0), settings=SETTINGS, env=env or {})


def channel(name: str) -> Channel:
    return Channel("youtube", CHANNELS[name])


def collect(cassette: str, ch: Channel, context: Context) -> list:
    with VCR.use_cassette(f"{cassette}.yaml") as cass:
        raws = list(collector.fetch(ch, FEB, context))
        assert cass.all_played
    return [collector.to_post(raw, ch, OFFICE) for raw in raws]


def test_url_builders():
    ch = Channel("youtube", "UCabc")
    assert feed_url(SETTINGS, ch) == "https://www.youtube.com/feeds/videos.xml?channel_id=UCabc"
    assert feed_url(SETTINGS["youtube"], ch) == feed_url(SETTINGS, ch)  # the [youtube] table works too
    assert api_url(SETTINGS, "playlistItems", part="snippet,contentDetails", playlistId="UUabc", pageToken=None) == (
        "https://www.googleapis.com/youtube/v3/playlistItems?part=snippet,contentDetails&playlistId=UUabc"
    )


def test_feed_that_covers_the_month():
    context = ctx()
    posts = collect("feed_covers", channel("covers"), context)
    assert not context.partial and context.warnings == []
    assert len(posts) == 12  # 15 entries; 3 Mar, 00:30 1 Mar and 23:59:59 31 Jan are outside
    times = [p.published_at for p in posts]
    assert datetime(2025, 2, 28, 23, 59, 59, tzinfo=BANGKOK) in times
    assert datetime(2025, 2, 1, 0, 30, tzinfo=BANGKOK) in times
    shorts = [p for p in posts if "/shorts/" in p.url]
    assert len(shorts) == 1 and shorts[0].post_id in shorts[0].url
    bare = next(p for p in posts if p.post_id == "Vid00000204ab")  # no yt:channelId, no description
    assert bare.account.id == CHANNELS["covers"] and bare.text == "ส่งเสริมอาชีพกลุ่มสตรี #คลิกชุมชน"
    full = posts[0]
    assert full.text == "ประชุมคณะกรรมการหมู่บ้าน #คลิกชุมชน\nกิจกรรมวันที่ 28 #คลิกชุมชน #พัฒนาชุมชน\nรายละเอียด & ภาพกิจกรรม"
    assert full.account.id == CHANNELS["covers"] and full.district == "det-udom" and full.collector == "youtube/feed"


def test_feed_of_15_not_reaching_month_start_is_partial():
    context = ctx()
    posts = collect("feed_partial", channel("partial"), context)
    assert len(posts) == 15
    assert context.partial
    assert "only the latest 15 videos" in context.warnings[0] and "AUDITOR_YOUTUBE_KEY" in context.warnings[0]


def test_api_key_reads_uploads_until_older_than_month():
    context = ctx({"AUDITOR_YOUTUBE_KEY": "TEST-KEY"})
    posts = collect("api_paging", channel("api"), context)
    assert not context.partial
    assert len(posts) == 56  # two pages; the private video without videoPublishedAt is skipped
    assert all(FEB.contains(p.published_at) for p in posts)
    assert "Private video" not in {p.text for p in posts}
    assert posts[0].collector == "youtube/api" and posts[0].url == f"https://www.youtube.com/watch?v={posts[0].post_id}"
    assert posts[0].account.name == "พัฒนาชุมชนอำเภอเขื่องใน"


def test_quota_exceeded_is_rate_limit():
    with pytest.raises(CollectorError) as info:
        collect("api_quota", channel("quota"), ctx({"AUDITOR_YOUTUBE_KEY": "TEST-KEY"}))
    err = info.value
    assert err.kind == "rate_limit" and err.platform == "youtube" and err.account == CHANNELS["quota"]
    assert "quotaExceeded" in str(err) and "<a" not in str(err) and "TEST-KEY" not in str(err)


def test_invalid_key_is_auth():
    with pytest.raises(CollectorError) as info:
        collect("api_key_invalid", channel("key_invalid"), ctx({"AUDITOR_YOUTUBE_KEY": "TEST-KEY"}))
    assert info.value.kind == "auth" and "API_KEY_INVALID" in str(info.value)
    assert info.value.params == {"problem": "key_invalid", "env": "AUDITOR_YOUTUBE_KEY"}
    # what the district page says: the key is wrong, not a generic failure nor a page admin's token
    assert words.channel_cause(info.value.kind, info.value.params) == \
        "คีย์ YouTube Data API ในตัวแปร AUDITOR_YOUTUBE_KEY ใช้ไม่ได้ ต้องตั้งคีย์ที่ถูกต้อง"


def test_feed_down_with_key_uses_api_and_no_uploads_is_zero_videos():
    context = ctx({"AUDITOR_YOUTUBE_KEY": "TEST-KEY"})
    assert collect("feed_404_api_no_uploads", channel("no_uploads"), context) == []
    assert not context.partial


def test_feed_404_is_unavailable_not_gone():
    with pytest.raises(CollectorError) as info:
        collect("feed_404", channel("gone"), ctx())
    assert info.value.kind == "unavailable"
    assert str(info.value) == f"youtube {CHANNELS['gone']}: feed unavailable (HTTP 404), try later"
    assert words.channel_cause(info.value.kind, info.value.params) == "ระบบปลายทางขัดข้องชั่วคราว ต้องลองใหม่ภายหลัง"


@pytest.mark.parametrize("name", ["yt_feed_entry.json", "yt_playlist_item.json"])
def test_to_post_from_stored_payloads(name):
    stored = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    post = collector.to_post(stored["raw"], Channel("youtube", stored["channel"]), OFFICE)
    assert post.to_dict() == stored["post"]


def test_to_post_skips_item_without_publish_time():
    raw = {"_source": "api", "snippet": {"title": "Deleted video"}, "contentDetails": {"videoId": "x"}}
    assert collector.to_post(raw, Channel("youtube", "UCx"), OFFICE) is None


def test_cassettes_hold_no_key():
    for path in (ROOT / "cassettes" / "youtube").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "TEST-KEY" not in text and "key=" not in text, path.name
