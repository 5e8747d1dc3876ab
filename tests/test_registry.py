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


# ---------------------------------------------------------------- notification contacts and transports

NOTIFY = '''
[notify]
staff = { email = ["staff@example.go.th"], line = ["U0123456789abcdef0123456789abcdef"] }

[notify.email]
host = "smtp.example.go.th"
security = "ssl"
user = "auditor@example.go.th"
password_env = "AUDITOR_SMTP_PASSWORD"
from = "ศูนย์ตรวจ <auditor@example.go.th>"

[notify.line]
token_env = "LINE_TOKEN"
'''


def test_offices_and_the_province_staff_name_their_recipients(load):
    registry = load(NOTIFY + DISTRICT + 'notify = { email = ["warin@example.go.th"], '
                                                 'line = ["Cb0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f"] }\n')
    office = registry.offices[0]
    assert office.notify.email == ("warin@example.go.th",) and office.notify.line == ("Cb0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f",)
    notify = registry.notify
    assert notify.staff.line == ("U0123456789abcdef0123456789abcdef",)
    assert (notify.email.host, notify.email.port, notify.email.security) == ("smtp.example.go.th", 465, "ssl")
    assert notify.email.sender.startswith("ศูนย์ตรวจ") and notify.line.token_env == "LINE_TOKEN"
    assert notify.line.api_base_url == "https://api.line.me"


def test_an_office_without_notify_has_no_recipients(load):
    office = load(DISTRICT).offices[0]
    assert not office.notify and office.notify.email == ()


@pytest.mark.parametrize("text, message", [
    (DISTRICT + 'notify = { line = ["Cxyz"] }\n', "offices[0] (warin-chamrap).notify.line: 'Cxyz' is not valid"),
    ('[notify]\nstaff = { line = ["@cddwarin"] }\n' + DISTRICT, "notify.staff.line: '@cddwarin' is not valid"),
    ('[notify]\nstaff = { email = ["staff at example"] }\n' + DISTRICT,
     "notify.staff.email: 'staff at example' is not valid"),
    (DISTRICT + 'notify = { email = "warin@example.go.th" }\n', "notify.email: expected a list of strings"),
    (DISTRICT + 'notify = { mail = ["warin@example.go.th"] }\n', "notify.mail: unknown key (did you mean 'email'?)"),
    ('[notify.email]\nsecurity = "tls"\n' + DISTRICT, "notify.email.security: expected one of starttls, ssl, none"),
    ('[notify.email]\nport = 99999\n' + DISTRICT, "notify.email.port: expected a port number"),
    ('[notify.email]\npassword_env = "my password"\n' + DISTRICT, "notify.email.password_env: expected the name of an environment variable"),
    ('[notify.line]\napi_base_url = "api.line.me"\n' + DISTRICT, "notify.line.api_base_url: expected a base URL"),
    ('[notify]\nstafff = {}\n' + DISTRICT, "notify.stafff: unknown key (did you mean 'staff'?)"),
])
def test_notify_mistakes_are_refused_naming_the_key(refused, text, message):
    assert message in refused(text)


@pytest.mark.parametrize("text", ['[notify.email]\npassword = "hunter2"\n', '[notify.line]\nchannel_secret = "abc"\n',
                                  '[notify.line]\ntoken = "abc"\n'])
def test_notify_secrets_never_go_in_the_file(refused, text):
    message = refused(text + DISTRICT)
    assert "never go in the config file" in message and "hunter2" not in message and "abc" not in message


def test_the_provinces_staff_contacts_are_checked_as_an_offices_are(load):
    """[notify] staff goes through the same check, with a code (Thai first) and the invisible character named."""
    from auditor.codes import ConfigCode
    from auditor.present.words import operator

    with pytest.raises(ConfigError) as info:
        load('[notify]\nstaff = { email = ["staff@example.go.th\u200b"] }\n' + DISTRICT)
    assert info.value.code == ConfigCode.CONTACT and info.value.params["invisible"] == "U+200B"
    th, en = operator.error(info.value)
    assert "notify.staff.email" in th and "มีอักขระที่มองไม่เห็น U+200B" in th and "U+200B" in en
