"""The issue's named cases around collection faults, one by one, each against the fault server or the store."""

from __future__ import annotations

import time

import pytest

from auditor.codes import ChannelNote, Note
from auditor.collect import website
from auditor.collect.scan import collect
from auditor.errors import ConfigError
from auditor.registry import load_registry
from auditor.store import Store

from tests import faultserver as fs
from tests.test_faults import CANARY, MONTH, config_text


@pytest.fixture
def server():
    s = fs.FaultServer()
    yield s
    s.stop()


def _scan(tmp_path, text: str, env=CANARY):
    config = tmp_path / "auditor.toml"
    config.write_text(text, encoding="utf-8")
    start = time.monotonic()
    with Store.open(tmp_path / "auditor.db") as store:
        statuses = collect(load_registry(config), MONTH, store, env=env, workers=8, per_host=4).statuses
    return statuses, time.monotonic() - start


def _only(text: str, keep: str) -> str:
    """The lab config with only the offices whose id is `keep`."""
    head, *offices = text.split("\n[[offices]]")
    return head + "".join("\n[[offices]]" + o for o in offices if f'id = "{keep}"' in o)


def test_wordpress_rest_that_runs_out_of_pages_is_partial(server, tmp_path, monkeypatch):
    monkeypatch.setattr(website, "MAX_PAGES", 1)  # the site has 2 pages: the month may not be complete
    channels, _ = _scan(tmp_path, _only(config_text(server.base), "website-rest"))
    assert [(c.status, c.kind) for c in channels] == [("partial", "partial")]
    assert "stopped after 1 pages" in channels[0].message
    assert channels[0].notes == (Note(ChannelNote.STOPPED_AFTER_PAGES, {"n": 1}),)


def test_25_sites_on_one_hung_host_cost_two_timeouts_not_25(server, tmp_path):
    text = config_text(server.base).split("\n[[offices]]")[0]
    text += "".join(f"""
[[offices]]
id = "d{i}"
name_th = "ทดสอบ{i}"
name_en = "Test {i}"
office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอทดสอบ{i}"]
[offices.channels]
website = {{ url = "{server.base}/wp/rss/site{i}/", kind = "rss" }}
""" for i in range(25))
    server.set("read_timeout")
    channels, seconds = _scan(tmp_path, text)
    assert {c.kind for c in channels} == {"timeout"} and len(channels) == 25
    # 4 at a time on one host, 2 tries each: once two channels have timed out the host is not asked
    # again, so a few channels' tries instead of 25 × 2 (and 25 × 2 × 30 s with the default timeouts).
    assert server.requests <= (4 + 2) * 2 and seconds < 3


def test_the_scan_budget_bounds_the_whole_scan(server, tmp_path):
    text = config_text(server.base).replace("channel_budget = 2.5", "channel_budget = 30").replace("scan_budget = 5.0", "scan_budget = 1")
    server.set("trickle")
    channels, seconds = _scan(tmp_path, text)
    assert {c.kind for c in channels} == {"budget"} and seconds < 1 + 2.5


def test_the_channel_budget_ends_a_trickling_answer(server, tmp_path):
    """A host sending a byte every 50 ms never trips a read timeout: the channel's own budget ends it
    (80 bytes take 4 s; the scan's budget is far away)."""
    text = config_text(server.base).replace("channel_budget = 2.5", "channel_budget = 1").replace("scan_budget = 5.0",
                                                                                                  "scan_budget = 60")
    server.set("trickle")
    channels, seconds = _scan(tmp_path, _only(text, "website-rss"))
    assert [c.kind for c in channels] == ["budget"] and "was still sending its answer" in channels[0].message
    assert seconds < 2


def test_graph_error_messages_never_carry_the_token(server, tmp_path):
    server.set("graph_190")  # Graph quotes the token: "Malformed access token EAA…"
    channels, _ = _scan(tmp_path, _only(config_text(server.base), "facebook"))
    assert "Malformed access token REDACTED" in channels[0].message
    assert CANARY["CANARY_FB_PAGE"] not in (tmp_path / "auditor.db").read_bytes().decode("utf-8", "replace")


def test_a_token_pasted_into_token_env_is_not_written(server, tmp_path):
    pasted = "EAAGpastedTOKENvalue0123456789abcdef"
    text = _only(config_text(server.base), "facebook").replace('token_env = "CANARY_FB_PAGE"', f'token_env = "{pasted}"')
    # Refused when the config is read (validation at the door), before anything is written,
    # and the message does not repeat it.
    with pytest.raises(ConfigError) as refused:
        _scan(tmp_path, text, env={})
    assert "looks like a token" in str(refused.value) and pasted not in str(refused.value)
    assert not (tmp_path / "auditor.db").exists() or pasted.encode() not in (tmp_path / "auditor.db").read_bytes()


def test_posts_table_is_redacted_like_the_evidence(store, make_post):
    post = make_post(links=("https://l.example/x?access_token=EAAsecretLINK123&u=1",),
                     url="https://www.facebook.com/1/posts/2?access_token=EAAsecretURL456")
    store.save_channel(store.start_run("2025-02"), _status(), [(post, {"id": post.post_id})])
    data = store.conn.execute("SELECT data FROM posts").fetchone()[0]
    assert "EAAsecret" not in data and "access_token=REDACTED" in data


def test_a_garbled_copy_never_replaces_a_clean_stored_post(store, make_post):
    clean = make_post(post_id="1_1", text="ชวนดาวน์โหลดแอป #คลิกชุมชน")
    garbled = make_post(post_id="1_1", text="ชวนดาวน์โหลดแอป #คลิกชุมชน".encode().decode("latin-1"))
    run = store.start_run("2025-02")
    store.save_channel(run, _status(), [(clean, {"id": "1_1"})])
    store.save_channel(run, _status(), [(garbled, {"id": "1_1", "v": 2})])
    assert [p.text for p in store.stored_posts()] == [clean.text]


def test_selectors_token_inside_a_channel_is_refused(tmp_path):
    config = tmp_path / "auditor.toml"
    config.write_text("""[[offices]]
id = "warin"
name_th = "วารินชำราบ"
name_en = "Warin"
office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอวารินชำราบ"]
[offices.channels]
website = { url = "https://district.cdd.go.th/warin/", selectors = { item = "article", token = "abc" } }
""", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"channels\.website\.selectors\.token: tokens and keys never go in the config"):
        load_registry(config)


def test_scan_settings_are_checked(tmp_path):
    config = tmp_path / "auditor.toml"
    config.write_text('[scan]\nchannel_budget = "fast"\n[[offices]]\nid = "x"\nname_th = "x"\nname_en = "x"\nkind = "province"\n',
                      encoding="utf-8")
    with pytest.raises(ConfigError, match="scan.channel_budget: expected a positive number"):
        load_registry(config)


def _status():
    from auditor.models import ChannelStatus

    return ChannelStatus("khemarat", "facebook", "104512345678901", "ok")
