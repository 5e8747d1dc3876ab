"""Validation at the door: auditor.toml values, ruleset YAML and parameter overrides are refused
with exit 2 and `FILE: path: problem` (and the closest known name), never a crash mid-audit or a
quietly wrong verdict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor import registry as reg
from auditor import validate
from auditor.cli import main
from auditor.errors import ConfigError, RulesetError
from auditor.registry import load_registry
from auditor.resources import bundled_dir
from auditor.rules import checks, schema
from auditor.rules.ruleset import load_ruleset

DISTRICT = '''
[[offices]]
id = "warin-chamrap"
name_th = "วารินชำราบ"
name_en = "Warin Chamrap"
office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอวารินชำราบ"]
'''
TOKEN = "EAABwzLixnjYBO7ZCZBfake1234TOKENvalue5678"
GOOGLE_KEY = "AIzaSyDfake-key_0123456789abcdefghijk"
RULES = bundled_dir("rules") / "click-chumchon-2568.yaml"


def refused(tmp_path, text: str) -> str:
    path = tmp_path / "auditor.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_registry(path)
    return str(info.value)


# --- auditor.toml -----------------------------------------------------------------------------

@pytest.mark.parametrize("channels, message", [
    # was a TypeError in the TikTok collector
    ('tiktok = { handle = "@cdd", links = 5 }', "channels.tiktok.links: expected a list of post URLs in brackets"),
    # was read character by character: one "link" per letter
    ('tiktok = { handle = "@cdd", links = "https://www.tiktok.com/@cdd/video/1" }',
     "channels.tiktok.links: expected a list of post URLs in brackets"),
    ('tiktok = { handle = "@cdd", links = ["www.tiktok.com/@cdd/video/1"] }', "channels.tiktok.links[0]: expected an http(s) URL"),
    # was a TypeError building the environment
    ('facebook = { page_id = "104", token_env = ["A"] }', "channels.facebook.token_env: expected the name of an environment variable"),
    ('facebook = { page_id = "104", name = 5 }', "channels.facebook.name: expected a string (in quotes), got 5"),
    ('website = { url = "https://x.go.th/", kind = "wordpres" }', "channels.website.kind: 'wordpres' is not allowed (did you mean 'wordpress'?)"),
    ('website = { url = "https://x.go.th/", selectors = { itme = "article" } }', "channels.website.selectors.itme: unknown selector (did you mean 'item'?)"),
    ('website = { url = "https://x.go.th/", selectors = { token = "abc" } }', "channels.website.selectors.token: tokens and keys never go"),
    ('website = { url = "https://x.go.th/", listing_url = "x.go.th/news" }', "channels.website.listing_url: expected an http(s) URL"),
])
def test_a_channel_option_of_the_wrong_type_is_refused(tmp_path, channels, message):
    text = refused(tmp_path, DISTRICT + "[offices.channels]\n" + channels + "\n")
    assert text.startswith(f"{tmp_path / 'auditor.toml'}: offices[0] (warin-chamrap).") and message in text


@pytest.mark.parametrize("section", [
    "[facebook]\nbase_url = 5\n", "[youtube]\nfeed_base_url = 'www.youtube.com'\n", "[reports.columns]\nurls = 5\n",
    "[figures.columns]\ntravel_places = [5]\n", "[ruleset]\nfile = 5\n", "[targets]\nfile = ['a.csv']\n",
])
def test_a_section_value_of_the_wrong_type_is_refused(tmp_path, section):
    key = section.split("]")[0].strip("[") + "." + section.split("\n")[1].split(" =")[0]
    assert f"auditor.toml: {key}" in refused(tmp_path, section + DISTRICT)


@pytest.mark.parametrize("place", [
    "[facebook]\ntoken_env = '{t}'\n" + DISTRICT,
    "[instagram]\ntoken_env = '{t}'\n" + DISTRICT,
    "[youtube]\napi_key_env = '{g}'\n" + DISTRICT,
    DISTRICT + "[offices.channels]\nfacebook = {{ page_id = '104', token_env = '{t}' }}\n",
    DISTRICT + "[offices.channels]\ninstagram = {{ user_id = '17841', token_env = '123456789012345|{g}' }}\n",
])
def test_a_token_pasted_into_token_env_is_refused_without_echoing_it(tmp_path, place):
    message = refused(tmp_path, place.format(t=TOKEN, g=GOOGLE_KEY))
    assert "looks like a token itself" in message
    assert TOKEN[:10] not in message and GOOGLE_KEY[:10] not in message


@pytest.mark.parametrize("name", ["AUDITOR_FACEBOOK_TOKEN", "FB_W", "AUDITOR_FACEBOOK_TOKEN_WARIN_CHAMRAP_2",
                                  "fb_token_warin_chamrap_district_2025"])
def test_ordinary_variable_names_are_not_taken_for_tokens(name):
    assert validate.env_name(name) is None


@pytest.mark.parametrize("text", [TOKEN, GOOGLE_KEY, "ya29.a0AfH6SMBfakefakefake", "0123456789abcdef0123456789abcdef",
                                  "IGQVJWZAkRsbm1ob2xxVk5JaE9uT0dYX0xOSWx5T1lST0RB", "123456789012345|abcdefABCDEF123456"])
def test_token_shapes_are_recognised(text):
    assert validate.looks_like_token(text)


def test_a_token_in_token_env_stops_the_cli_before_anything_is_written(tmp_path, runner):
    config = tmp_path / "auditor.toml"
    config.write_text("[facebook]\ntoken_env = '" + TOKEN + "'\n" + DISTRICT, encoding="utf-8")
    posts = tmp_path / "posts.jsonl"
    posts.write_text("{}\n", encoding="utf-8")
    out, db = tmp_path / "out", tmp_path / "auditor.db"
    result = runner.invoke(main, ["check", "--month", "2025-02", "--posts", str(posts), "--config", str(config),
                                  "--out", str(out), "--db", str(db)])
    assert result.exit_code == 2 and "facebook.token_env: this looks like a token" in result.output
    assert TOKEN[:10] not in result.output and not out.exists() and not db.exists()


def test_the_typed_tables_cover_every_known_key():
    from auditor.platforms import PLATFORMS

    for platform in PLATFORMS.values():
        assert set(platform.channel_keys) | set(platform.settings or {}) <= set(reg.KEY_TYPES), platform.id
    for name in reg.PLATFORM_SECTIONS:
        assert set(reg.SECTION_TYPES[name]) == set(reg.SECTION_KEYS[name])
    from auditor.collect import website

    assert reg.WEBSITE_KINDS == website.KINDS and set(website.SELECTOR_KEYS) <= set(reg.SELECTOR_NAMES)


def test_the_bundled_and_demo_configs_pass():
    load_registry(reg.default_config_path())
    load_registry(Path(__file__).resolve().parents[1] / "cassettes" / "demo" / "auditor.toml")


# --- ruleset YAML -----------------------------------------------------------------------------

def ruleset_refused(tmp_path, old: str, new: str) -> str:
    text = RULES.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "rules.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    return message


@pytest.mark.parametrize("old, new, message", [
    # crashes before: AttributeError ('str' has no .get), TypeError (unhashable list), KeyError in every post
    ("title:\n  th: เกณฑ์การประชาสัมพันธ์ Click ชุมชน ปี 2568\n  en: Click ชุมชน publicity rules, 2568 edition\n", "title: x\n",
     "title: expected a mapping of th and en"),
    ("    title: {th: แฮชแท็กครบตามแนวทาง (โพสต์ประชาสัมพันธ์), en: Required hashtags on a promotion post}", "    title: x",
     "post_checks[0] (promotion-hashtags).title: expected a mapping of th and en"),
    ("    check: required-hashtags\n    applies_to: [promotion]", "    check: [required-hashtags]\n    applies_to: [promotion]",
     "post_checks[0] (promotion-hashtags).check: expected the name of one post check, got a list"),
    ("check: activity-keywords", "check: activity-keyword",
     "classify.activity.check: unknown classifier 'activity-keyword' (did you mean 'activity-keywords'?)"),
    # silently wrong before: a Facebook outage became `fail`; rules `unknown` everywhere
    ("    depends_on: [facebook]", "    depends_on: [facebok]",
     "monthly[2] (activity-count).depends_on[0]: 'facebok' is not allowed (did you mean 'facebook'?)"),
    ("  min_posts: 2", '  min_posts: "two"',
     "parameters.min_posts: expected a whole number, got 'two' (used by monthly[0] (promotion-posts).params.min)"),
    ("    params: {min: $min_posts, kinds: [promotion, activity]}", "    parms: {min: $min_posts, kinds: [promotion, activity]}",
     "monthly[0] (promotion-posts).parms: unknown key (did you mean 'params'?)"),
    ("params: {tags: $promotion_tags, office_tag: true}", "params: {tags: $promotion_tags, ofice_tag: true}",
     "post_checks[0] (promotion-hashtags).params.ofice_tag: unknown parameter (did you mean 'office_tag'?)"),
    ("params: {tags: $promotion_tags, office_tag: true}", "params: {office_tag: true}",
     "post_checks[0] (promotion-hashtags).params.tags: required by check 'required-hashtags'"),
    ("    applies_to: [promotion]", "    applies_to: [promotoin]", "applies_to[0]: 'promotoin' is not allowed (did you mean 'promotion'?)"),
    ("monthly:\n", "montly: []\nmonthly:\n", "montly: unknown key (did you mean 'monthly'?)"),
    ("    check: min-counted-posts", "    check: min-counted-post", "unknown monthly check 'min-counted-post' (did you mean 'min-counted-posts'?)"),
    ("  activity_similarity: 80", "  activity_similarity: eighty", "parameters.activity_similarity: expected a number from 0 to 100"),
])
def test_a_ruleset_mistake_is_refused_naming_file_and_path(tmp_path, old, new, message):
    assert message in ruleset_refused(tmp_path, old, new)


@pytest.mark.parametrize("overrides, message", [
    ({"click_page_ids": 5}, "auditor.toml: ruleset.parameters.click_page_ids: expected a list of strings in brackets"),
    ({"click_page_ids": ["Clickchumchon"]}, "click_page_ids[0]: expected a numeric Facebook page id"),
    ({"click_page_ids": []}, "click_page_ids: expected at least one of page ids"),
    ({"min_posts": "two"}, "auditor.toml: ruleset.parameters.min_posts: expected a whole number, got 'two'"),
    ({"min_posts": -1}, "ruleset.parameters.min_posts: expected a whole number of at least 0, got -1"),
    ({"min_post": 3}, "ruleset.parameters.min_post: not a parameter of ruleset click-chumchon-2568 (did you mean 'min_posts'?)"),
    ({"count_self_reported": "yes"}, "ruleset.parameters.count_self_reported: expected true or false"),
])
def test_a_parameter_override_must_keep_the_parameters_type(overrides, message):
    edition = bundled_dir("rules") / "click-chumchon-2568-ubon.yaml"
    with pytest.raises(RulesetError) as info:
        load_ruleset(edition, overrides, "auditor.toml: ruleset.parameters")
    assert message.replace("click-chumchon-2568 ", "click-chumchon-2568-ubon ") in str(info.value)


def test_click_page_ids_5_in_the_config_is_exit_2_not_every_district_failing(tmp_path, runner):
    config = tmp_path / "auditor.toml"
    config.write_text("[ruleset.parameters]\nclick_page_ids = 5\n" + DISTRICT, encoding="utf-8")
    posts = tmp_path / "posts.jsonl"
    posts.write_text(json.dumps({"platform": "facebook", "post_id": "1", "url": "https://www.facebook.com/1",
                                 "account": {"id": "104"}, "published_at": "2025-02-14T10:00:00+07:00", "text": "x"}) + "\n",
                     encoding="utf-8")
    result = runner.invoke(main, ["check", "--month", "2025-02", "--posts", str(posts), "--config", str(config),
                                  "--out", str(tmp_path / "out"), "--db", str(tmp_path / "db")])
    assert result.exit_code == 2, result.output
    assert f"{config}: ruleset.parameters.click_page_ids: expected a list of strings" in result.output


def test_every_registered_check_has_a_parameter_schema():
    registered = {*checks.CLASSIFIERS, *checks.POST_CHECKS, *checks.MONTHLY_CHECKS}
    assert set(schema.CHECK_PARAMS) == registered


def test_the_bundled_editions_pass():
    for path in bundled_dir("rules").glob("*.yaml"):
        load_ruleset(path)
