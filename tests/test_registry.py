"""The district registry (auditor.toml): what it accepts and how it refuses mistakes."""

import pytest

from auditor.errors import ConfigError

DISTRICT = '''
[[offices]]
id = "warin-chamrap"
name_th = "วารินชำราบ"
name_en = "Warin Chamrap"
office_hashtags = ["#สำนักงานพัฒนาชุมชนอำเภอวารินชำราบ"]
'''


@pytest.fixture
def load(make_registry):
    """load(text): the registry of that auditor.toml."""
    return lambda text: make_registry(text=text)


@pytest.fixture
def refused(load):
    """refused(text): the ConfigError's message for that auditor.toml."""
    def refuse(text) -> str:
        with pytest.raises(ConfigError) as info:
            load(text)
        return str(info.value)

    return refuse


def test_the_bundled_registry_has_the_25_districts_and_the_province(registry):
    assert len(registry.districts) == 25 and len(registry.offices) == 26


def test_a_channel_table_and_a_string_both_name_the_account(load):
    registry = load(DISTRICT + '[offices.channels]\nfacebook = { page_id = "104", token_env = "FB_W" }\n'
                                         'tiktok = "@cdd_warin"\n')
    channels = {c.platform: c for c in registry.offices[0].channels}
    assert channels["facebook"].account == "104" and channels["facebook"].option("token_env") == "FB_W"
    assert channels["tiktok"].account == "@cdd_warin"


@pytest.mark.parametrize("text, message", [
    ("[rulset]\nfile = 'x.yaml'\n" + DISTRICT, "auditor.toml: rulset: unknown key (did you mean 'ruleset'?)"),
    ("[province]\nreport_deadlin_day = 15\n" + DISTRICT, "province.report_deadlin_day: unknown key (did you mean 'report_deadline_day'?)"),
    (DISTRICT + "chanels = {}\n", "offices[0] (warin-chamrap).chanels: unknown key (did you mean 'channels'?)"),
    (DISTRICT + "[offices.channels]\nfacebook = { pageid = '104' }\n",
     "offices[0] (warin-chamrap).channels.facebook.pageid: unknown key (did you mean 'page_id'?)"),
    (DISTRICT + "[offices.channels]\nfacebook = { page_id = '104', tokn_env = 'X' }\n",
     "channels.facebook.tokn_env: unknown key (did you mean 'token_env'?)"),
])
def test_a_misspelt_key_is_refused_with_the_closest_known_one(refused, text, message):
    assert message in refused(text)


@pytest.mark.parametrize("text, where", [
    ("[facebook]\ntoken = 'EAABxyz'\n" + DISTRICT, "facebook.token"),
    ("[youtube]\napi_key = 'AIzaxyz'\n" + DISTRICT, "youtube.api_key"),
    (DISTRICT + "[offices.channels]\nfacebook = { page_id = '104', access_token = 'EAAB' }\n", "channels.facebook.access_token"),
])
def test_a_secret_in_the_file_is_refused_without_echoing_it(refused, text, where):
    message = refused(text)
    assert where in message and "environment variable" in message
    assert "EAAB" not in message and "AIza" not in message


@pytest.mark.parametrize("value", ['"15th"', "45", "0", "true"])
def test_the_report_deadline_day_must_be_a_day(refused, value):
    assert "province.report_deadline_day: expected a day of the month from 1 to 28" in \
        refused(f"[province]\nreport_deadline_day = {value}\n" + DISTRICT)


def test_only_bangkok_time_is_supported(load, refused):
    assert "province.timezone: only 'Asia/Bangkok'" in refused("[province]\ntimezone = 'UTC'\n" + DISTRICT)
    assert load("[province]\ntimezone = 'Asia/Bangkok'\n" + DISTRICT).timezone == "Asia/Bangkok"


def test_platform_settings_are_strings(refused):
    assert "facebook.graph_version: expected a string (in quotes), got 24" in \
        refused("[facebook]\ngraph_version = 24\n" + DISTRICT)
