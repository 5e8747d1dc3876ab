"""Facebook collector: cassette replay for paging, the month window and each Graph error; pure to_post."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import jsonschema
import pytest
import yaml

from auditor.collect import facebook
from auditor.collect.scan import collect_channel
from auditor.collect.base import Context
from auditor.collect.platforms import COLLECTORS
from auditor.errors import CollectorError
from auditor.collect.http import make_session
from auditor.period import BANGKOK, Month
from auditor.registry import Channel, Office

CASSETTES = Path(__file__).resolve().parent.parent / "cassettes" / "facebook"
CONTRACT = Path(__file__).resolve().parents[1].parent / "shared" / "contracts" / "post.schema.json"
PAGE_ID = "104512345678901"
TOKEN = "EAAGtestTOKENvalue1234567890"
MONTH = Month(2025, 2)
SETTINGS = {"facebook": {"graph_version": "v24.0", "base_url": "https://graph.facebook.com", "token_env": "AUDITOR_FACEBOOK_TOKEN"}}
CHANNEL = Channel("facebook", PAGE_ID)
DISTRICT = Office("mueang-ubon-ratchathani", "เมืองอุบลราชธานี", "Mueang Ubon Ratchathani", "district", ())
PROVINCE = Office("province", "สำนักงานพัฒนาชุมชนจังหวัดอุบลราชธานี", "Province", "province", ())


SLEEPS: list[float] = []  # what the collector asked to wait, per test (fixture sleeps)


@pytest.fixture
def sleeps():
    SLEEPS.clear()
    return SLEEPS


def ctx(**env) -> Context:
    return Context(session=make_session(retries=0), settings=SETTINGS, env=env or {"AUDITOR_FACEBOOK_TOKEN": TOKEN},
                   sleep=SLEEPS.append)


@pytest.fixture
def replay(replay_vcr):
    """Fetch the test page for February 2025 from a cassette; every recorded request must be used
    and none beyond them made (record mode none)."""
    recorder = replay_vcr(CASSETTES)

    def run(name: str) -> list[dict]:
        with recorder.use_cassette(name) as cassette:
            items = list(facebook.FacebookCollector().fetch(CHANNEL, MONTH, ctx()))
            assert cassette.all_played
        return items

    return run


@pytest.fixture
def fail(replay):
    """Replay a cassette that must end in a CollectorError without the token in it."""
    def run(name: str) -> CollectorError:
        with pytest.raises(CollectorError) as info:
            replay(name)
        assert TOKEN not in str(info.value)
        return info.value

    return run


def test_registered():
    assert isinstance(COLLECTORS["facebook"], facebook.FacebookCollector)


def test_first_page_url_derives_from_month_not_clock():
    url = facebook.first_page_url(SETTINGS, CHANNEL, MONTH)
    assert url.startswith(f"https://graph.facebook.com/v24.0/{PAGE_ID}/posts?fields=id%2Ccreated_time")
    assert "since=1738083600" in url and "until=1741021200" in url and "limit=100" in url
    assert "access_token" not in url
    assert facebook.first_page_url(SETTINGS["facebook"], CHANNEL, MONTH) == url


def test_paging_follows_next_past_an_empty_page_and_filters_the_window(replay, sleeps):
    items = replay("paging.yaml")
    ids = [item["id"].split("_")[1][-1] for item in items]
    assert ids == ["1", "2", "3", "4", "5", "6"]  # 7 (before the margin) and 8 (after it) dropped
    posts = [p for p in (COLLECTORS["facebook"].to_post(i, CHANNEL, DISTRICT) for i in items) if p]
    in_month = sorted(p.post_id[-1] for p in posts if MONTH.contains(p.published_at))
    assert in_month == ["1", "2", "5"]  # 3 is a story, 4 is 00:30 on 1 March, 6 is 23:59 on 31 January
    assert sleeps == []


def test_paging_stops_at_a_page_older_than_the_window(replay_vcr):
    # Page 2 is wholly before 1 February minus the margin; its `next` (recorded, never answered) is not followed.
    context = ctx()
    with replay_vcr(CASSETTES).use_cassette("paging_stops.yaml") as cassette:
        outcome = collect_channel(DISTRICT, CHANNEL, MONTH, context)
        assert cassette.play_count == 2 and cassette.all_played
    assert outcome.status.status == "ok" and not context.partial and context.warnings == []
    assert sorted(post.post_id[-1] for post, _ in outcome.posts_with_raw) == ["1", "2"]  # 3 is a story


def test_an_old_pinned_post_does_not_stop_paging(replay):
    # Page 1 holds a 2023 pinned post, page 2 straddles the window start: only page 3 ends paging.
    items = replay("paging_pinned.yaml")
    assert [item["id"][-2:] for item in items] == ["01", "02"]


def test_window_edge_midnight_bangkok(replay):
    items = replay("paging.yaml")
    first_feb = next(i for i in items if i["created_time"] == "2025-01-31T17:30:00+0000")
    post = facebook.FacebookCollector().to_post(first_feb, CHANNEL, DISTRICT)
    assert post.published_at.astimezone(BANGKOK).isoformat() == "2025-02-01T00:30:00+07:00"
    assert MONTH.contains(post.published_at)


def test_missing_token_names_the_env_var():
    with pytest.raises(CollectorError) as info:
        list(facebook.FacebookCollector().fetch(CHANNEL, MONTH, ctx(OTHER="x")))
    assert info.value.kind == "auth" and "AUDITOR_FACEBOOK_TOKEN" in str(info.value)


def test_channel_token_env_overrides_settings():
    channel = Channel("facebook", PAGE_ID, {"token_env": "FB_TOKEN_KHEMARAT"})
    assert facebook.token_env_name(SETTINGS, channel) == "FB_TOKEN_KHEMARAT"
    with pytest.raises(CollectorError, match="FB_TOKEN_KHEMARAT"):
        list(facebook.FacebookCollector().fetch(channel, MONTH, ctx(AUDITOR_FACEBOOK_TOKEN=TOKEN)))


def test_token_expired_is_auth_and_names_env_var(fail):
    err = fail("token_expired.yaml")
    assert err.kind == "auth" and err.platform == "facebook" and err.account == PAGE_ID
    assert "access token expired or invalid (it has expired)" in err.cause and "AUDITOR_FACEBOOK_TOKEN" in err.cause
    assert "190/463" in err.cause and str(err).startswith(f"facebook {PAGE_ID}: ")


def test_token_invalidated_says_why(fail):
    err = fail("token_invalidated.yaml")
    assert err.kind == "auth" and "changed their password" in err.cause and "190/460" in err.cause
    assert "issue a new Page or system-user token" in err.cause


def test_rate_limit_backs_off_then_succeeds(replay, sleeps):
    items = replay("rate_limit_then_ok.yaml")
    assert len(items) == 2
    assert sleeps == [60.0]  # estimated_time_to_regain_access: 1 minute


def test_rate_limit_gives_up_after_bounded_retries(fail, sleeps):
    err = fail("rate_limit_exhausted.yaml")
    assert err.kind == "rate_limit" and "rate limited" in err.cause
    assert sleeps == [2.0, 4.0, 8.0]


@pytest.mark.parametrize(("name", "waits"), [
    ("rate_limit_app.yaml", [30.0]),  # (#4) with X-App-Usage at 100%: the budget is spent, wait longer
    ("rate_limit_page.yaml", [30.0]),  # (#32) with X-Page-Usage at 104%
])
def test_platform_rate_limits_back_off_by_the_usage_headers(replay, sleeps, name, waits):
    assert len(replay(name)) == 2
    assert sleeps == waits


@pytest.mark.parametrize(("name", "waits", "scope"), [
    ("rate_limit_user.yaml", [30.0, 60.0, 120.0], "the request limit of the user behind the token"),
    ("rate_limit_custom.yaml", [2.0, 4.0, 8.0], "a custom rate limit on this endpoint"),  # (#613), no usage headers
])
def test_platform_rate_limits_give_up_after_bounded_retries(fail, sleeps, name, waits, scope):
    err = fail(name)
    assert err.kind == "rate_limit" and scope in err.cause and "after 4 tries, run the scan again later" in err.cause
    assert sleeps == waits


def test_a_temporary_outage_is_retried(replay, sleeps):
    assert len(replay("transient_then_ok.yaml")) == 2
    assert sleeps == [2.0]


def test_a_temporary_outage_gives_up_after_bounded_retries(fail, sleeps):
    err = fail("transient_exhausted.yaml")
    assert err.kind == "unavailable" and "temporary problem" in err.cause and "after 4 tries" in err.cause
    assert sleeps == [2.0, 4.0, 8.0]


def test_a_page_too_big_is_asked_again_with_half_the_limit(replay, sleeps):
    assert len(replay("too_much_data.yaml")) == 2  # the cassette's second request carries limit=50


def test_smaller_page_halves_the_limit_down_to_a_floor():
    url = "https://graph.facebook.com/v24.0/1/posts?fields=id&limit=100&after=QVFI"
    assert "limit=50" in facebook.smaller_page(url) and "after=QVFI" in facebook.smaller_page(url)
    assert "limit=10" in facebook.smaller_page(url.replace("limit=100", "limit=12"))


def test_usage_percent_reads_platform_and_buc_headers():
    headers = {"X-App-Usage": '{"call_count":16,"total_cputime":15,"total_time":12}',
               "X-Business-Use-Case-Usage": '{"1":[{"type":"pages","call_count":97,"estimated_time_to_regain_access":0}]}',
               "X-Page-Usage": "{broken"}
    assert facebook.usage_percent(headers) == 97
    assert facebook.usage_percent(headers, facebook.PLATFORM_USAGE_HEADERS) == 16
    assert facebook.usage_percent({}) == 0


def test_rate_limit_with_long_estimate_gives_up_at_once(fail, sleeps):
    err = fail("rate_limit_long.yaml")
    # Facebook said when access returns: the channel waits for then, not for the next scan by chance.
    assert err.kind == "retry_later" and "45 min" in err.cause and "try again after" in err.cause
    assert err.params["retry_after"] == 45
    assert 44 * 60 <= (datetime.fromisoformat(err.params["retry_at"]) - datetime.now(timezone.utc)).total_seconds() <= 46 * 60
    assert sleeps == []


def test_bad_page_id_is_config(fail):
    err = fail("bad_page.yaml")
    assert err.kind == "config" and "bad page id in config" in err.cause and "100/33" in err.cause


@pytest.mark.parametrize(("name", "said"), [
    ("permission.yaml", "(Graph 10: (#10) This endpoint requires"),
    ("permission_200.yaml", "(Graph 200: (#200) Missing Permissions)"),
    ("permission_283.yaml", "(Graph 283: (#283) Requires pages_read_engagement"),
    ("ppca_proof.yaml", "(Graph 100: (#100) Pages Public Content Access requires either app secret proof"),
])
def test_missing_permission_or_access_setup(fail, name, said):
    err = fail(name)
    assert err.kind == "permission" and "missing permission" in err.cause and said in err.cause
    assert "AUDITOR_FACEBOOK_TOKEN" in err.cause and "bad page id" not in err.cause


def test_other_code_100_is_a_graph_error_not_a_bad_page(fail):
    err = fail("bad_field.yaml")
    assert err.kind == "error" and "bad page id" not in err.cause
    assert "Graph API refused the request" in err.cause and "nonexisting field (permalink_url)" in err.cause


def test_non_json_response(fail):
    err = fail("not_json.yaml")
    # A 200 HTML page where the Graph API's JSON belongs: something in between answered.
    assert err.kind == "blocked" and "instead of the Graph API's JSON" in err.cause and "text/html" in err.cause


def test_regain_minutes_reads_every_header_and_ignores_garbage():
    headers = {"X-App-Usage": '{"call_count":100}', "X-Business-Use-Case-Usage": '{"1":[{"estimated_time_to_regain_access":7}]}',
               "X-Page-Usage": "not json"}
    assert facebook.regain_minutes(headers) == 7
    assert facebook.regain_minutes({}) == 0


def stored_item(suffix: str) -> dict:
    """One Graph item from the recorded paging cassette."""
    data = yaml.safe_load((CASSETTES / "paging.yaml").read_text(encoding="utf-8"))
    for entry in data["interactions"]:
        for item in json.loads(entry["response"]["body"]["string"]).get("data", []):
            if item["id"].endswith(suffix):
                return item
    raise LookupError(suffix)


def test_to_post_from_stored_payload():
    post = facebook.FacebookCollector().to_post(stored_item("0001"), CHANNEL, DISTRICT)
    assert post.platform == "facebook" and post.post_id == f"{PAGE_ID}_122100000000000001"
    assert post.url == f"https://www.facebook.com/{PAGE_ID}/posts/122100000000000001"
    assert post.text.startswith("ลงพื้นที่ประชุม") and "#คลิกชุมชน" in post.text
    assert [t.id for t in post.page_tags] == ["100064810338135"]  # the '#...' entry is dropped
    assert post.links == ("https://click.cdd.go.th/", "https://www.facebook.com/photo/?fbid=122100000000000099")
    assert post.account.id == PAGE_ID and post.district == "mueang-ubon-ratchathani"
    assert post.published_at.isoformat() == "2025-02-14T10:25:41+07:00"
    assert post.collector == "facebook-graph"
    # pure: the same payload gives the same Post; the scan stamps the collection time
    assert post.collected_at is None and facebook.FacebookCollector().to_post(stored_item("0001"), CHANNEL, DISTRICT) == post


def test_to_post_no_message_story_and_old_tags():
    collector = facebook.FacebookCollector()
    photo = collector.to_post(stored_item("0002"), CHANNEL, DISTRICT)
    assert photo.text == ""
    assert collector.to_post(stored_item("0003"), CHANNEL, DISTRICT) is None
    old = collector.to_post(stored_item("0005"), CHANNEL, PROVINCE)
    assert [t.id for t in old.page_tags] == ["100064810338135"] and old.district is None


def test_to_post_fallback_url_and_contract():
    raw = {"id": "1_2", "created_time": "2025-02-03T01:02:03+0000", "message": "x", "story": "ignored"}
    post = facebook.FacebookCollector().to_post(raw, CHANNEL, DISTRICT)
    assert post.url == "https://www.facebook.com/1_2" and post.text == "x"
    if CONTRACT.exists():
        jsonschema.validate(post.to_dict(), json.loads(CONTRACT.read_text(encoding="utf-8")))


def test_one_graph_error_table_for_facebook_and_instagram():
    from auditor.collect.graph import graph_kind

    assert graph_kind({"code": 190, "error_subcode": 463}, 400) == "auth"
    assert graph_kind({"code": 80002}, 400) == graph_kind({"code": 4}, 403) == "rate_limit"
    assert graph_kind({"code": 100, "error_subcode": 33}, 400) == "config"
    assert graph_kind({"code": 10}, 403) == graph_kind({"code": 283}, 400) == "permission"
    assert graph_kind({"code": 2}, 500) == "unavailable" and graph_kind({}, 502) == "unavailable"
    assert graph_kind({"code": 100, "message": "Invalid parameter"}, 400) == "error"
