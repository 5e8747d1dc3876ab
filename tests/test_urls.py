"""normalize_url, post_keys / keys_for and resolve (short links through cassettes)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import requests

from auditor.collect.http import make_session
from auditor.text.urls import MAX_HOPS, InvalidURL, Link, keys_for, normalize_url, post_keys, resolve, split_urls
from scripts.cassettes import reconcile as gen

ROOT = Path(__file__).resolve().parents[1]
PAGE, STORY = "104512345678901", "122198765432109876"
FB_KEY = f"facebook:{PAGE}_{STORY}"
YT = "youtube:Ab3dE5gH7jK"
TT = "tiktok:7560000000000000000"
SLUG_DECODED = "https://khemarat.cdd.go.th/ข่าว/คลิกชุมชน-ลงพื้นที่/"
SLUG_ENCODED = ("https://khemarat.cdd.go.th/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7/%E0%B8%84%E0%B8%A5%E0%B8%B4%E0%B8%81"
                "%E0%B8%8A%E0%B8%B8%E0%B8%A1%E0%B8%8A%E0%B8%99-%E0%B8%A5%E0%B8%87%E0%B8%9E%E0%B8%B7%E0%B9%89%E0%B8%99"
                "%E0%B8%97%E0%B8%B5%E0%B9%88/")
SLUG_KEY = "website:khemarat.cdd.go.th/ข่าว/คลิกชุมชน-ลงพื้นที่"


@pytest.mark.parametrize("url, platform, key", [
    # Facebook
    (f"https://www.facebook.com/permalink.php?story_fbid={STORY}&id={PAGE}", "facebook", FB_KEY),
    (f"https://m.facebook.com/story.php?story_fbid={STORY}&id={PAGE}&mibextid=Nif5oz", "facebook", FB_KEY),
    (f"https://www.facebook.com/{PAGE}/posts/{STORY}", "facebook", FB_KEY),
    (f"m.facebook.com/{PAGE}/posts/{STORY}/?fbclid=IwAR0abc", "facebook", FB_KEY),
    (f"  https://web.facebook.com/{PAGE}/posts/{STORY}/?_rdc=1&_rdr  ", "facebook", FB_KEY),
    (f"https://mbasic.facebook.com/{PAGE}/posts/{STORY}", "facebook", FB_KEY),
    (f"https://mobile.facebook.com/{PAGE}/posts/{STORY}", "facebook", FB_KEY),
    (f"https://fb.com/{PAGE}/posts/{STORY}", "facebook", FB_KEY),
    (f"https://www.facebook.com/CDDKhemarat/posts/{STORY}", "facebook", f"facebook:name/cddkhemarat/{STORY}"),
    (f"https://www.facebook.com/cddkhemarat/posts/{gen.FB_PFBID}", "facebook", f"facebook:{gen.FB_PFBID}"),
    (f"https://www.facebook.com/cddkhemarat/posts/{gen.FB_PFBID}/?mibextid=WC7FNe).", "facebook", f"facebook:{gen.FB_PFBID}"),
    ("https://www.facebook.com/photo/?fbid=122198765432100000&set=a.1221", "facebook", "facebook:id/122198765432100000"),
    ("https://www.facebook.com/photo.php?fbid=122198765432100000", "facebook", "facebook:id/122198765432100000"),
    ("https://www.facebook.com/cddkhemarat/photos/a.1221/122198765432100000/", "facebook", "facebook:id/122198765432100000"),
    ("https://www.facebook.com/cddkhemarat/videos/1234567890123456/", "facebook", "facebook:id/1234567890123456"),
    ("https://www.facebook.com/reel/1234567890123456?s=yWDuG2", "facebook", "facebook:id/1234567890123456"),
    ("https://www.facebook.com/watch/?v=1234567890123456", "facebook", "facebook:id/1234567890123456"),
    ("https://l.facebook.com/l.php?u=https%3A%2F%2Fyoutu.be%2FAb3dE5gH7jK&h=AT0x", "youtube", YT),
    # YouTube
    ("https://youtu.be/Ab3dE5gH7jK", "youtube", YT),
    ("https://youtu.be/Ab3dE5gH7jK?si=Xy12", "youtube", YT),
    ("https://www.youtube.com/watch?v=Ab3dE5gH7jK&t=42s&list=PL1&index=2", "youtube", YT),
    ("youtube.com/watch?feature=share&v=Ab3dE5gH7jK", "youtube", YT),
    ("https://m.youtube.com/watch?v=Ab3dE5gH7jK", "youtube", YT),
    ("https://music.youtube.com/watch?v=Ab3dE5gH7jK&si=a", "youtube", YT),
    ("https://www.youtube.com/shorts/Ab3dE5gH7jK?feature=share", "youtube", YT),
    ("https://www.youtube.com/live/Ab3dE5gH7jK", "youtube", YT),
    ("https://www.youtube.com/embed/Ab3dE5gH7jK", "youtube", YT),
    # TikTok
    ("https://www.tiktok.com/@cdd_x/video/7560000000000000000", "tiktok", TT),
    ("https://www.tiktok.com/@cdd_x/video/7560000000000000000?is_from_webapp=1&sender_device=pc&_r=1&_t=8a", "tiktok", TT),
    ("https://m.tiktok.com/@cdd_x/video/7560000000000000000", "tiktok", TT),
    ("https://www.tiktok.com/@cdd_x/photo/7560000000000000000", "tiktok", TT),
    # Instagram
    ("https://www.instagram.com/p/Cx1Yz2AbCdE/", "instagram", "instagram:Cx1Yz2AbCdE"),
    ("https://www.instagram.com/reel/Cx1Yz2AbCdE/?igsh=MTc4MmM1YmI2Ng==", "instagram", "instagram:Cx1Yz2AbCdE"),
    ("instagram.com/tv/Cx1Yz2AbCdE", "instagram", "instagram:Cx1Yz2AbCdE"),
    ("https://www.instagram.com/cdd_example/p/Cx1Yz2AbCdE/?utm_source=ig_web_copy_link", "instagram", "instagram:Cx1Yz2AbCdE"),
    # LINE
    (gen.LINE_URL, "line", f"line:{gen.LINE_POST}"),
    (f"{gen.LINE_URL}?utm_medium=share", "line", f"line:{gen.LINE_POST}"),
    ("https://page.line.me/cddkhemarat", "line", "line:page.line.me/cddkhemarat"),
    # Websites: both Thai slug encodings, tracking parameters, www., trailing slash
    (SLUG_DECODED, "website", SLUG_KEY),
    (SLUG_ENCODED, "website", SLUG_KEY),
    (SLUG_ENCODED.lower().replace("https://", "http://www."), "website", SLUG_KEY),
    (SLUG_DECODED.rstrip("/") + "?utm_source=facebook&utm_medium=post&fbclid=IwAR", "website", SLUG_KEY),
    ("KHEMARAT.cdd.go.th/ข่าว/คลิกชุมชน-ลงพื้นที่.", "website", SLUG_KEY),
    ("https://khemarat.cdd.go.th/?p=123&utm_source=line", "website", "website:khemarat.cdd.go.th?p=123"),
])
def test_normalize_url_forms(url, platform, key):
    link = normalize_url(url)
    assert (link.platform, link.key, link.needs_resolving) == (platform, key, False)
    assert normalize_url(link.canonical).key == key  # the canonical form opens the same post


@pytest.mark.parametrize("url, key", [
    ("https://www.facebook.com/share/p/1AbCdEfGhI/?mibextid=WC7FNe", "facebook:share/p/1AbCdEfGhI"),
    ("https://www.facebook.com/share/1AbCdEfGhI/", "facebook:share/1AbCdEfGhI"),
    ("https://m.facebook.com/share/v/1AbCdEfGhI", "facebook:share/v/1AbCdEfGhI"),
    ("https://fb.watch/abCdE1234/", "facebook:fbwatch/abCdE1234"),
    ("https://vm.tiktok.com/ZSjA1b2C3/", "tiktok:short/ZSjA1b2C3"),
    ("vt.tiktok.com/ZSjA1b2C3", "tiktok:short/ZSjA1b2C3"),
    ("https://www.tiktok.com/t/ZTdEaD404/", "tiktok:short/ZTdEaD404"),
    ("https://lin.ee/aBcD123", "line:lin.ee/aBcD123"),
])
def test_short_links_need_resolving(url, key):
    link = normalize_url(url)
    assert (link.key, link.needs_resolving) == (key, True)


def test_mirror_hosts_and_vanity_posts_carry_the_object_id():
    vanity = normalize_url(f"https://web.facebook.com/CDDKhemarat/posts/{STORY}")
    numeric = normalize_url(f"https://www.facebook.com/{PAGE}/posts/{STORY}")
    assert vanity.canonical == f"https://www.facebook.com/CDDKhemarat/posts/{STORY}"
    assert f"facebook:id/{STORY}" in set(vanity.keys) & set(numeric.keys)


def test_website_keeps_its_own_host_for_the_canonical_link():
    link = normalize_url("https://m.example.go.th/news/1/")
    assert link.key == "website:m.example.go.th/news/1"
    assert link.canonical == "https://m.example.go.th/news/1/"
    assert normalize_url("https://www.example.go.th/a").canonical == "https://www.example.go.th/a"


@pytest.mark.parametrize("url", ["", "   ", "not a url", "ftp://cdd.go.th/file", "https://", "https://localhost/x",
                                 "https://exa mple.com/", "http://bad..host/", None, 42])
def test_malformed_urls_raise_invalid_url(url):
    with pytest.raises(InvalidURL):
        normalize_url(url)
    assert issubclass(InvalidURL, ValueError)


def test_post_keys_facebook_vanity_and_ids(make_post):
    post = make_post(post_id=f"{PAGE}_{STORY}", url=f"https://www.facebook.com/cddkhemarat/posts/{STORY}")
    assert post_keys(post) == {FB_KEY, f"facebook:name/cddkhemarat/{STORY}", f"facebook:id/{STORY}"}


def test_post_keys_facebook_pfbid_url_keeps_the_api_id(make_post):
    post = make_post(post_id=f"{PAGE}_{STORY}", url=gen.FB_TARGET)
    assert {FB_KEY, f"facebook:{gen.FB_PFBID}"} <= post_keys(post)


@pytest.mark.parametrize("platform, post_id, url, expected", [
    ("youtube", "Ab3dE5gH7jK", "https://www.youtube.com/shorts/Ab3dE5gH7jK", {YT}),
    ("youtube", "Ab3dE5gH7jK", "", {YT}),
    ("tiktok", "7560000000000000000", "https://www.tiktok.com/@cdd_x/video/7560000000000000000", {TT}),
    ("website", "wp:123", SLUG_ENCODED, {SLUG_KEY}),
    ("website", "wp:123", "", set()),
    ("instagram", "17890000000000001", "https://www.instagram.com/p/Cx1Yz2AbCdE/", {"instagram:Cx1Yz2AbCdE"}),
    ("facebook", f"{PAGE}_{STORY}", "not a url", {FB_KEY, f"facebook:id/{STORY}"}),
])
def test_keys_for_plain_fields(platform, post_id, url, expected):
    assert keys_for(platform, post_id, url) == expected


# --- resolve through cassettes ----------------------------------------------------------


@pytest.fixture
def vcr_(replay_vcr):
    return replay_vcr(ROOT / "cassettes" / "reconcile")


def test_resolve_facebook_share_to_pfbid(vcr_):
    with vcr_.use_cassette("facebook_share.yaml") as cass:
        link = resolve(make_session(retries=0), normalize_url(gen.FB_SHARE + "?mibextid=WC7FNe"))
        assert cass.all_played
    assert (link.key, link.needs_resolving) == (f"facebook:{gen.FB_PFBID}", False)


def test_resolve_tiktok_short_links_head_then_get(vcr_):
    session = make_session(retries=0)
    with vcr_.use_cassette("tiktok_short.yaml") as cass:
        vm = resolve(session, normalize_url(gen.TIKTOK_SHORT))
        t = resolve(session, normalize_url(gen.TIKTOK_T))
        assert cass.all_played
    assert vm.key == f"tiktok:{gen.TIKTOK_VIDEO}" and vm.canonical == gen.tiktok_video(gen.TIKTOK_VIDEO)
    assert t.key == f"tiktok:{gen.TIKTOK_T_VIDEO}"


class FakeSession:
    """Answers HEAD/GET from a dict url -> (status, location) or an exception; records calls."""

    def __init__(self, answers):
        self.answers, self.calls = answers, []

    def _answer(self, method, url, **kwargs):
        self.calls.append((method, url))
        answer = self.answers[(method, url)] if (method, url) in self.answers else self.answers[url]
        if isinstance(answer, Exception):
            raise answer
        status, location = answer
        return SimpleNamespace(status_code=status, headers={"Location": location} if location else {}, close=lambda: None)

    def head(self, url, **kwargs):
        return self._answer("HEAD", url, **kwargs)

    def get(self, url, **kwargs):
        return self._answer("GET", url, **kwargs)


SHORT = Link("tiktok", "tiktok:short/x", "https://vm.tiktok.com/x/", True)


def test_resolve_leaves_plain_links_alone():
    plain = normalize_url(gen.LINE_URL)
    assert resolve(FakeSession({}), plain) is plain


@pytest.mark.parametrize("answers", [
    {SHORT.canonical: (404, None)},
    {SHORT.canonical: requests.ConnectionError("down")},
    {("HEAD", SHORT.canonical): (405, None), ("GET", SHORT.canonical): (200, None)},
    {SHORT.canonical: (302, "https://vm.tiktok.com/x/")},  # a loop: gives up after MAX_HOPS
    {SHORT.canonical: (302, "ftp://elsewhere")},
])
def test_resolve_returns_the_link_unchanged_when_the_chain_ends_elsewhere(answers):
    session = FakeSession(answers)
    assert resolve(session, SHORT) == SHORT
    assert len(session.calls) <= 2 * MAX_HOPS


def test_resolve_falls_back_to_get_when_head_fails_and_follows_relative_hops():
    session = FakeSession({
        ("HEAD", SHORT.canonical): requests.ConnectionError("HEAD dropped"),
        ("GET", SHORT.canonical): (301, "/t/y/"),
        "https://vm.tiktok.com/t/y/": (302, gen.tiktok_video(gen.TIKTOK_VIDEO)),
    })
    assert resolve(session, SHORT).key == f"tiktok:{gen.TIKTOK_VIDEO}"


def test_cassettes_are_reproducible(tmp_path, monkeypatch):
    monkeypatch.setattr(gen, "OUT", tmp_path)
    gen.main()
    for path in tmp_path.glob("*.yaml"):
        stored = ROOT / "cassettes" / "reconcile" / path.name
        assert path.read_text(encoding="utf-8") == stored.read_text(encoding="utf-8"), path.name


def test_thai_domain_names_give_one_key_in_both_spellings():
    thai = normalize_url("https://พัฒนาชุมชน.com/ข่าว/")
    assert thai.key == normalize_url("https://xn--b3caw2aczy8jl5d.com/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7").key
    assert thai.key == "website:xn--b3caw2aczy8jl5d.com/ข่าว"


def test_odd_platform_forms_stay_on_their_platform():
    assert normalize_url("https://m.tiktok.com/v/7560000000000000000.html").key == TT
    assert normalize_url("https://youtu.be/too-short").key == "youtube:path/too-short"
    assert normalize_url("https://www.facebook.com/CDDKhemarat/").key == "facebook:path/cddkhemarat"


def test_split_urls_from_one_form_cell():
    cell = ("ดูได้ที่ https://youtu.be/Ab3dE5gH7jK, www.facebook.com/cddkhemarat/posts/1\n"
            "https://a.cdd.go.th/xhttps://b.cdd.go.th/y ครับ 2568. 1.5")
    assert split_urls(cell) == ["https://youtu.be/Ab3dE5gH7jK", "www.facebook.com/cddkhemarat/posts/1",
                                "https://a.cdd.go.th/x", "https://b.cdd.go.th/y"]
    assert split_urls("") == [] and split_urls(None) == []
