"""The district registry (auditor.toml): offices, their hashtags and channels, platform settings."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from auditor import validate as v
from auditor.codes import ConfigCode as C
from auditor.errors import ConfigError
from auditor.text import thai
from auditor.text.urls import link_or_none
from auditor.platforms import PLATFORMS

# Derived from the platform table (auditor/platforms/): the key that holds each configurable
# platform's account id inside a channel table, the platforms with a [section] of settings, and
# every key a section or a channel may hold, so a misspelt one is an error instead of a silently
# lost setting.
PRIMARY_KEY = {p.id: p.primary_key for p in PLATFORMS.values() if p.configurable}
PLATFORM_SECTIONS = tuple(p.id for p in PLATFORMS.values() if p.settings is not None)
TOP_KEYS = ("province", "ruleset", "targets", "reports", "figures", "scan", "offices", "notify", *PLATFORM_SECTIONS)
SECTION_KEYS = {
    "province": ("id", "name_th", "name_en", "timezone", "report_deadline_day"),
    "ruleset": ("file", "parameters"),
    "targets": ("file",),
    "reports": ("columns", "report_base_url"),
    "figures": ("columns",),
    "notify": ("staff", "email", "line"),
    # Time budgets and HTTP limits of `auditor scan` (seconds; max_body_mb in MB); see collect/scan.py.
    "scan": ("channel_budget", "scan_budget", "connect_timeout", "read_timeout", "retries", "backoff", "max_body_mb"),
    **{name: tuple(PLATFORMS[name].settings) for name in PLATFORM_SECTIONS},
}
OFFICE_KEYS = ("id", "name_th", "name_en", "kind", "office_hashtags", "links", "channels", "notify")
NOTIFY_KEYS = ("email", "line")  # whom a later `notify` tells: e-mail addresses, LINE group/user/room ids
# An invisible character pasted with an address (a zero-width space after it) is no part of it: refused.
EMAIL = re.compile(rf"^[^@\s<>,;{thai.INVISIBLE}]+@[^@\s<>,;{thai.INVISIBLE}]+\.[^@\s<>,;.{thai.INVISIBLE}]+$")
LINE_TARGET = re.compile(r"^[CUR][0-9a-f]{32}$")  # group C…, user U…, room R…: 33 characters
CHANNEL_KEYS = {name: PLATFORMS[name].channel_keys for name in PRIMARY_KEY}
LINKS_ACCOUNT = "links"  # the account of a link channel: an office's listed links on one platform
REPORTED_ACCOUNT = "reported"  # the account of a district's reported links on one platform
SECRET_KEYS = ("token", "access_token", "api_key", "key", "secret", "app_secret", "password", "channel_secret")


def _selectors(value) -> str | None:
    """A website channel's `selectors`: a table of CSS selectors by role (collect.website)."""
    if not isinstance(value, dict):
        return 'expected a table of CSS selectors, e.g. { item = "article", link = "h2 a", title = "h2", date = "time" }, ' \
               f"got {v.describe(value)}"
    for name, selector in value.items():
        if name in SECRET_KEYS:
            return f".{name}: tokens and keys never go in the config file; a selector is a CSS selector"
        if name not in SELECTOR_NAMES:
            return f".{name}: unknown selector{v.did_you_mean(name, SELECTOR_NAMES)}"
        if not isinstance(selector, str) or not selector.strip():
            return f".{name}: expected a CSS selector in quotes, got {v.describe(selector)}"
    return None


# What each key holds, checked when the file is read: a wrong type is refused at the door, naming
# file and key, instead of crashing a collector or quietly changing verdicts (a TikTok `links`
# string read character by character). One table for every platform's channel and section keys
# (a key means the same on every platform; a test checks each key of the platform table has a type).
WEBSITE_KINDS = ("auto", "wordpress", "rss", "html")  # collect.website.KINDS
SELECTOR_NAMES = ("item", "link", "title", "date", "excerpt", "body")  # collect.website: SELECTOR_KEYS, excerpt, body
_POST_LINKS = v.list_of(v.http_url, "post URLs", '["https://www.tiktok.com/@cdd_warin/video/7467000000000000001"]')
KEY_TYPES: dict[str, v.Validator] = {
    # channel tables
    "page_id": v.string, "channel_id": v.string, "handle": v.string, "user_id": v.string, "oa_id": v.string,
    "url": v.string, "name": v.string, "token_env": v.env_name, "links": _POST_LINKS,
    "kind": v.one_of(WEBSITE_KINDS), "listing_url": v.http_url, "selectors": _selectors,
    # platform sections
    "graph_version": v.string, "base_url": v.http_url, "app_token_env": v.env_name, "feed_base_url": v.http_url,
    "api_base_url": v.http_url, "api_key_env": v.env_name, "oembed_url": v.http_url,
}
def _untyped(value) -> None:
    """A key the platform table added without a type here (tests/test_validation.py asks for one)."""
    return None


SECTION_TYPES: dict[str, dict[str, v.Validator]] = {
    "province": {"id": v.nonempty_string, "name_th": v.nonempty_string, "name_en": v.nonempty_string, "timezone": v.string},
    "ruleset": {"file": v.nonempty_string},
    "targets": {"file": v.nonempty_string},
    **{name: {k: KEY_TYPES.get(k, _untyped) for k in SECTION_KEYS[name]} for name in PLATFORM_SECTIONS},
}


def channel_option_types(platform: str) -> dict[str, v.Validator]:
    """key → validator for a channel table of the platform."""
    return {k: KEY_TYPES.get(k, _untyped) for k in CHANNEL_KEYS[platform]}


_COLUMN_HEADERS = v.either(v.list_of(v.nonempty_string, "headers"), v.nonempty_string)


def _refuse(message: str):
    raise ConfigError(message)
TIMEZONE = "Asia/Bangkok"  # month boundaries, report dates and deadlines are Bangkok time throughout


@dataclass(frozen=True)
class Channel:
    """One account of one office on one platform; options hold the rest of its table."""

    platform: str
    account: str
    options: dict = field(default_factory=dict, hash=False, compare=False)

    def option(self, name: str, default=None):
        return self.options.get(name, default)


@dataclass(frozen=True)
class Contacts:
    """Who is notified about an office: e-mail addresses and LINE ids (group C…, user U…, room R…)."""

    email: tuple[str, ...] = ()
    line: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.email or self.line)


@dataclass(frozen=True)
class EmailSettings:
    """[notify.email]: the SMTP server the messages leave through. The password is read from the
    environment variable `password_env` names, never from the file."""

    host: str = ""
    port: int = 587
    security: str = "starttls"  # starttls, ssl or none
    user: str = ""
    password_env: str = ""
    sender: str = ""  # the key `from`: "ชื่อ <address>" or an address
    timeout: float = 30.0


@dataclass(frozen=True)
class LineSettings:
    """[notify.line]: the Messaging API channel. Its access token and secret are read from the
    environment variables named here."""

    token_env: str = "AUDITOR_LINE_TOKEN"
    channel_secret_env: str = "AUDITOR_LINE_CHANNEL_SECRET"
    api_base_url: str = "https://api.line.me"


@dataclass(frozen=True)
class NotifySettings:
    """[notify]: the province staff who get the overview, and the transports."""

    staff: Contacts = field(default_factory=Contacts)
    email: EmailSettings = field(default_factory=EmailSettings)
    line: LineSettings = field(default_factory=LineSettings)


@dataclass(frozen=True)
class Office:
    id: str
    name_th: str
    name_en: str
    kind: str  # "district" or "province"
    office_hashtags: tuple[str, ...]
    channels: tuple[Channel, ...] = ()
    links: tuple[str, ...] = ()
    notify_email: tuple[str, ...] = ()
    notify_line: tuple[str, ...] = ()

    @property
    def notify(self) -> Contacts:
        """Who `auditor notify` writes to about this office."""
        return Contacts(self.notify_email, self.notify_line)

    @property
    def is_district(self) -> bool:
        return self.kind == "district"


@dataclass
class Registry:
    """Everything auditor.toml says, validated."""

    path: str
    province: dict
    settings: dict
    offices: list[Office]
    ruleset_parameters: dict = field(default_factory=dict)
    ruleset_file: str | None = None  # [ruleset] file: an edition, bundled name or path
    targets_file: str | None = None  # [targets] file: district targets CSV
    report_columns: dict = field(default_factory=dict)  # [reports.columns]: form headers
    figure_columns: dict = field(default_factory=dict)  # [figures.columns]: figures sheet headers
    report_base_url: str | None = None  # [reports] report_base_url: where the month folders are published
    notify: NotifySettings = field(default_factory=NotifySettings)  # [notify]: recipients and transports

    def resolve(self, name: str) -> Path:
        """A path named in the config: absolute, or relative to the config file's folder."""
        p = Path(name)
        return p if p.is_absolute() else Path(self.path).parent / p

    @property
    def districts(self) -> list[Office]:
        return [o for o in self.offices if o.is_district]

    @property
    def timezone(self) -> str:
        return self.province.get("timezone", "Asia/Bangkok")

    def get(self, office_id: str) -> Office:
        """The office with this id (KeyError when none)."""
        return self._by_id[office_id]

    def has(self, office_id: str) -> bool:
        return office_id in self._by_id

    @cached_property
    def shared_office_ids(self) -> frozenset[str]:
        """Ids of the offices that are not districts (the provincial office): their channels serve every district."""
        return frozenset(o.id for o in self.offices if not o.is_district)

    @cached_property
    def _by_id(self) -> dict[str, Office]:
        # Built once: the engine asks for every post's office (ids are unique, _build refuses duplicates).
        return {office.id: office for office in self.offices}

    def office_for_account(self, platform: str, account_id: str) -> Office | None:
        """The office that owns an account, matched on the platform's normalized account id."""
        return self._accounts.get((platform, account_key(platform, account_id)))

    @cached_property
    def _accounts(self) -> dict[tuple[str, str], Office]:
        # Built once: attribution asks for every post. The first office listing an account wins.
        index: dict[tuple[str, str], Office] = {}
        for office in self.offices:
            for ch in office.channels:
                index.setdefault((ch.platform, account_key(ch.platform, ch.account)), office)
        return index

    def scanned_channels(self, districts: Iterable[str] | None = None,
                         platforms: Iterable[str] | None = None) -> list[tuple[Office, Channel]]:
        """(office, channel) pairs a scan collects: configured channels of collected platforms (a
        self-reported platform such as LINE is never scanned), then link channels. A district
        filter keeps provincial offices: their posts may name any district."""
        wanted_d = set(districts) if districts is not None else None
        wanted_p = set(platforms) if platforms is not None else None
        return [
            (office, channel)
            for office in self.offices
            if wanted_d is None or office.id in wanted_d or not office.is_district
            for channel in (*office.channels, *link_channels(office))
            if (wanted_p is None or channel.platform in wanted_p)
            and (channel.option("link_channel") or PLATFORMS[channel.platform].collected)
        ]

    def office_tag_keys(self) -> dict[str, str]:
        """Key of every accepted office hashtag → office id."""
        return {thai.key(tag): o.id for o in self.offices for tag in o.office_hashtags}


def configured_channels(registry: Registry) -> set[tuple[str, str, str]]:
    """(office, platform, account) of every channel the config asks to scan, link channels included."""
    return {(office.id, channel.platform, channel.account) for office, channel in registry.scanned_channels()}


def link_channel(platform: str, urls: list[str]) -> Channel:
    """The channel that stands for an office's listed links on one platform."""
    return Channel(platform, LINKS_ACCOUNT, {"links": list(urls), "link_channel": True})


def link_channels(office: Office) -> list[Channel]:
    """The office's listed post links as one link channel per platform. A link a channel of the
    office already lists (a TikTok channel's `links`) is read there, not twice."""
    listed = {u for ch in office.channels for u in ch.option("links") or [] if isinstance(u, str)}
    by_platform: dict[str, list[str]] = {}
    for url in office.links:
        if url not in listed:
            by_platform.setdefault(link_platform(url), []).append(url)
    return [link_channel(platform, urls) for platform, urls in by_platform.items()]


def link_platform(url: str) -> str:
    """The platform a post link belongs to (auditor.text.urls' host rules); 'other' when unreadable."""
    link = link_or_none(url)
    return link.platform if link else "other"


def account_key(platform: str, account_id: str) -> str:
    """Normalize an account id so the same account compares equal however it was written."""
    s = (account_id or "").strip()
    known = PLATFORMS.get(platform)
    return known.account_key(s) if known is not None else s


def default_config_path() -> Path:
    return Path(str(resources.files("auditor.data").joinpath("auditor.toml")))


def load_registry(path: str | Path | None = None) -> Registry:
    """Load auditor.toml: the given path, else ./auditor.toml, else the bundled Ubon default."""
    if path is None:
        local = Path("auditor.toml")
        path = local if local.exists() else default_config_path()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found", code=C.NOT_FOUND, where=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}", code=C.UNREADABLE, where=str(path), error=str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}", code=C.NOT_TOML, where=str(path), error=str(exc)) from None
    return _build(path, data)


def registry_from_text(path: str | Path, text: str) -> Registry:
    """Validate config text as if it were the file at `path` (an edit checked before it is written)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}", code=C.NOT_TOML, where=str(path), error=str(exc)) from None
    return _build(Path(path), data)


def _check_keys(where: str, table: dict, known) -> None:
    """Refuse a secret or an unknown (probably misspelt) key, naming the closest known one.

    `where` names the table ("auditor.toml: offices[2] (khemarat)"), or ends with ": " for the top level.
    """
    for name in table:
        key = f"{where}{name}" if where.endswith(": ") else f"{where}.{name}"
        _refuse_secrets(key, name, table[name])
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known) or '(none)'}"
            raise ConfigError(f"{key}: unknown key ({hint})", code=C.UNKNOWN_KEY, where=key, close=close[0] if close else None,
                              known=list(known))


def _refuse_secrets(key: str, name: str, value) -> None:
    """A secret key is refused at any depth (`selectors.token = …` inside a channel too)."""
    if name in SECRET_KEYS:
        raise ConfigError(f"{key}: tokens and keys never go in the config file; "
                          "set token_env (or api_key_env) to the name of an environment variable", code=C.SECRET, where=key)
    for inner, item in value.items() if isinstance(value, dict) else ():
        _refuse_secrets(f"{key}.{inner}", str(inner), item)


def _scan_settings(path: Path, data: dict) -> dict:
    """[scan]: every value a positive number (retries a whole number, 0 allowed)."""
    table = data.get("scan", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: scan: expected a table")
    for key, value in table.items():
        whole = key == "retries"
        if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)) or value < 0 or (value == 0 and not whole):
            raise ConfigError(f"{path}: scan.{key}: expected a {'whole number ≥ 0' if whole else 'positive number'}, got {value!r}")
    return dict(table)


def _check_sections(path: Path, data: dict) -> None:
    _check_keys(f"{path}: ", data, TOP_KEYS)
    for name, known in SECTION_KEYS.items():
        if isinstance(data.get(name), dict):
            _check_keys(f"{path}: {name}", data[name], known)
            v.check_table(f"{path}: {name}", data[name], SECTION_TYPES.get(name, {}), _refuse)


def _province(path: Path, data: dict) -> dict:
    province = data.get("province", {})
    if not isinstance(province, dict):
        raise ConfigError(f"{path}: province: expected a table", code=C.WRONG_TYPE, where=f"{path}: province", expected="table")
    day = province.get("report_deadline_day")
    if day is not None and (not isinstance(day, int) or isinstance(day, bool) or not 1 <= day <= 28):
        raise ConfigError(f"{path}: province.report_deadline_day: expected a day of the month from 1 to 28, got {v.describe(day)}",
                          code=C.DEADLINE_DAY, where=f"{path}: province.report_deadline_day", value=v.describe(day))
    zone = province.get("timezone", TIMEZONE)
    if zone != TIMEZONE:
        raise ConfigError(f"{path}: province.timezone: only {TIMEZONE!r} is supported (month boundaries and "
                          f"deadlines are Bangkok time), got {v.describe(zone)}", code=C.TIMEZONE, where=f"{path}: province.timezone",
                          value=v.describe(zone))
    return province


def _build(path: Path, data: dict) -> Registry:
    _check_sections(path, data)
    province = _province(path, data)
    offices_raw = data.get("offices")
    if not isinstance(offices_raw, list) or not offices_raw:
        raise ConfigError(f"{path}: offices: expected at least one [[offices]] table", code=C.NO_OFFICES, where=f"{path}: offices")
    offices, seen = [], set()
    for i, raw in enumerate(offices_raw):
        office = _office(path, i, raw)
        if office.id in seen:
            raise ConfigError(f"{path}: offices[{i}].id: duplicate office id {office.id!r}", code=C.DUPLICATE_ID,
                              where=f"{path}: offices[{i}].id", value=office.id)
        seen.add(office.id)
        offices.append(office)
    settings = {name: data.get(name, {}) for name in PLATFORM_SECTIONS}
    for name, section in settings.items():
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: {name}: expected a table", code=C.WRONG_TYPE, where=f"{path}: {name}", expected="table")
    settings["scan"] = _scan_settings(path, data)
    ruleset = data.get("ruleset", {})
    if not isinstance(ruleset, dict) or not isinstance(ruleset.get("parameters", {}), dict):
        raise ConfigError(f"{path}: ruleset.parameters: expected a table of ruleset parameter overrides",
                          code=C.WRONG_TYPE, where=f"{path}: ruleset.parameters", expected="table")
    targets = data.get("targets", {})
    if not isinstance(targets, dict):
        raise ConfigError(f"{path}: targets: expected a table", code=C.WRONG_TYPE, where=f"{path}: targets", expected="table")
    return Registry(str(path), province, settings, offices, dict(ruleset.get("parameters", {})),
                    ruleset.get("file"), targets.get("file"), _columns(path, data, "reports"),
                    _columns(path, data, "figures"), _report_base_url(path, data), _notify_settings(path, data))


def _report_base_url(path: Path, data: dict) -> str | None:
    """[reports] report_base_url: an http(s) URL under which the YYYY-MM folders are published."""
    table = data.get("reports", {})
    url = table.get("report_base_url") if isinstance(table, dict) else None
    if url is None:
        return None
    if not isinstance(url, str) or not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", url):
        raise ConfigError(f"{path}: reports.report_base_url: expected an http(s) URL of the folder holding the "
                          f"month folders (e.g. \"https://example.go.th/auditor\"), got {url!r}",
                          code=C.BASE_URL, where=f"{path}: reports.report_base_url", value=url)
    return url.rstrip("/")


def _columns(path: Path, data: dict, section: str) -> dict:
    """[reports.columns] / [figures.columns]: field name → header (or list of headers)."""
    table = data.get(section, {})
    columns = table.get("columns", {}) if isinstance(table, dict) else None
    if not isinstance(columns, dict):
        raise ConfigError(f"{path}: {section}.columns: expected a table of field = header", code=C.WRONG_TYPE,
                          where=f"{path}: {section}.columns", expected="table")
    v.check_table(f"{path}: {section}.columns", columns, dict.fromkeys(columns, _COLUMN_HEADERS), _refuse)
    return dict(columns)


def _office(path: Path, i: int, raw: dict) -> Office:
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: offices[{i}]: expected a table", code=C.WRONG_TYPE, where=f"{path}: offices[{i}]",
                          expected="table")
    where = f"{path}: offices[{i}]"
    office_id = raw.get("id")
    if not isinstance(office_id, str) or not office_id.strip():
        raise ConfigError(f"{where}.id: required string is missing", code=C.MISSING, where=f"{where}.id")
    where = f"{path}: offices[{i}] ({office_id})"
    _check_keys(where, raw, OFFICE_KEYS)
    for name in ("name_th", "name_en"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise ConfigError(f"{where}.{name}: required string is missing", code=C.MISSING, where=f"{where}.{name}")
    kind = raw.get("kind", "district")
    if kind not in ("district", "province"):
        raise ConfigError(f"{where}.kind: must be 'district' or 'province', not {kind!r}", code=C.OFFICE_KIND,
                          where=f"{where}.kind", value=kind)
    tags = _office_hashtags(where, raw, kind)
    links = raw.get("links", [])
    if not isinstance(links, list) or not all(isinstance(x, str) for x in links):
        raise ConfigError(f"{where}.links: expected a list of URLs", code=C.WRONG_TYPE, where=f"{where}.links", expected="urls")
    return Office(
        id=office_id,
        name_th=raw["name_th"],
        name_en=raw["name_en"],
        kind=kind,
        office_hashtags=tags,
        channels=_channels(where, raw.get("channels", {})),
        links=tuple(links),
        **_notify(where, raw.get("notify", {})),
    )


def _notify(where: str, raw) -> dict:
    """notify = { email = [...], line = [...] }: addresses and LINE ids checked, so a typo is caught now."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}.notify: expected a table such as {{ email = [\"a@example.go.th\"], line = [\"C…\"] }}",
                          code=C.WRONG_TYPE, where=f"{where}.notify", expected="notify")
    _check_keys(f"{where}.notify", raw, NOTIFY_KEYS)
    return {f"notify_{name}": _contact_list(f"{where}.notify.{name}", name, raw.get(name, [])) for name in NOTIFY_KEYS}


# What each kind of contact must look like, and an example for the (English) message.
_CONTACT_FORMS = {"email": (EMAIL, "name@example.go.th"), "line": (LINE_TARGET, "C followed by 32 hex digits")}


def _contact_list(where: str, kind: str, values) -> tuple[str, ...]:
    """A list of e-mail addresses or LINE ids (`kind`), each checked, so a typo is caught now."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{where}: expected a list of strings", code=C.WRONG_TYPE, where=where, expected="strings")
    pattern, example = _CONTACT_FORMS[kind]
    for value in values:
        if not pattern.match(value.strip()):
            raise ConfigError(f"{where}: {value!r} is not valid (expected {example}){_invisible_en(value)}",
                              code=C.CONTACT, where=where, value=value, kind=kind, invisible=_invisible(value))
    return tuple(dict.fromkeys(v.strip() for v in values))


def _invisible(value: str) -> str:
    """The invisible characters in a value as U+XXXX (empty when none): shown, since they cannot be seen."""
    return " ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in value if c in thai.INVISIBLE))


def _invisible_en(value: str) -> str:
    found = _invisible(value)
    return f"; it holds an invisible character ({found}): delete it and type the address again" if found else ""


def _office_hashtags(where: str, raw: dict, kind: str) -> tuple[str, ...]:
    tags = raw.get("office_hashtags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.startswith(("#", "＃")) for t in tags):
        raise ConfigError(f"{where}.office_hashtags: expected a list of strings starting with '#'", code=C.HASHTAGS,
                          where=f"{where}.office_hashtags")
    # A district without one would have its office-tag requirement silently skipped. The
    # provincial office may have none: its posts are attributed to districts, never judged.
    if kind == "district" and not tags:
        raise ConfigError(f"{where}.office_hashtags: a district needs at least one accepted office hashtag, "
                          f"e.g. [\"#สำนักงานพัฒนาชุมชนอำเภอ{raw['name_th']}\"]", code=C.NO_OFFICE_HASHTAG,
                          where=f"{where}.office_hashtags", example=f"#สำนักงานพัฒนาชุมชนอำเภอ{raw['name_th']}")
    return tuple(tags)


def _channels(where: str, raw) -> tuple[Channel, ...]:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}.channels: expected a table", code=C.WRONG_TYPE, where=f"{where}.channels", expected="table")
    out = []
    for platform, value in raw.items():
        if platform not in PRIMARY_KEY:
            raise ConfigError(f"{where}.channels.{platform}: unknown platform (expected one of {', '.join(PRIMARY_KEY)})",
                              code=C.UNKNOWN_PLATFORM, where=f"{where}.channels.{platform}", value=platform,
                              known=list(PRIMARY_KEY))
        for j, item in enumerate(value if isinstance(value, list) else [value]):
            out.extend(_channel(f"{where}.channels.{platform}" + (f"[{j}]" if isinstance(value, list) else ""), platform, item))
    return tuple(out)


def _id_read(platform: str, pasted: str) -> str | None:
    """The id a pasted address holds, when it can be read without looking it up online."""
    parser = PLATFORMS[platform].parse_account
    ref = parser(pasted) if parser else None
    return ref.account if ref is not None and ref.account and not ref.lookup else None


def _id_fix(platform: str, pasted: str) -> str:
    """What to put instead of a pasted URL: the id read from it, or how to look it up."""
    if _id_read(platform, pasted):
        return f"put {_id_read(platform, pasted)!r}"
    return ("put the id (for Facebook the numeric page id), or list the address in the channels sheet: "
            "run `auditor channels template`, paste it there and run `auditor channels import FILE`, which looks it up")


def _channel(where: str, platform: str, item) -> list[Channel]:
    key = PRIMARY_KEY[platform]
    if isinstance(item, str):
        item = {key: item}
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected a string or a table", code=C.WRONG_TYPE, where=where, expected="string_or_table")
    account = next((item[k] for k in PLATFORMS[platform].account_keys if item.get(k)), "")
    if not isinstance(account, str):
        raise ConfigError(f"{where}.{key}: expected a string", code=C.WRONG_TYPE, where=f"{where}.{key}", expected="string")
    _check_keys(where, item, CHANNEL_KEYS[platform])
    v.check_table(where, item, channel_option_types(platform), _refuse)
    if PLATFORMS[platform].account_is_url and account and not account.startswith(("http://", "https://")):
        raise ConfigError(f"{where}.{key}: expected an http(s) URL, got {account!r}", code=C.URL_NEEDED, where=f"{where}.{key}",
                          value=account)
    if not PLATFORMS[platform].account_is_url and ("/" in account or account.startswith("www.")):
        raise ConfigError(f"{where}.{key}: {account!r} is a web address, but an id is needed here; "
                          f"{_id_fix(platform, account)}", code=C.ID_NEEDED, where=f"{where}.{key}", value=account,
                          put=_id_read(platform, account))
    if not account.strip():
        return []  # empty means unknown, as in the bundled default
    return [Channel(platform, account.strip(), {k: value for k, value in item.items() if k != key})]


# ---------------------------------------------------------------- notification contacts and transports

EMAIL_KEYS = ("host", "port", "security", "user", "password_env", "from", "timeout")
LINE_KEYS = ("token_env", "channel_secret_env", "api_base_url")
SECURITY = ("starttls", "ssl", "none")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _contacts(where: str, value) -> Contacts:
    """[notify] staff = {email = ["a@b"], line = ["C…"]}, each list optional; every address and id
    checked with the patterns an office's `notify` is checked with (_notify)."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table such as {{ email = [\"name@example.go.th\"], line = [\"C…\"] }}",
                          code=C.WRONG_TYPE, where=where, expected="notify")
    _check_keys(where, value, NOTIFY_KEYS)
    return Contacts(**{name: _contact_list(f"{where}.{name}", name, value.get(name, [])) for name in NOTIFY_KEYS})


def _notify_settings(path: Path, data: dict) -> NotifySettings:
    """[notify]: `staff` (the province's recipients of the overview), `email` (SMTP) and `line`."""
    table = data.get("notify", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: notify: expected a table")
    return NotifySettings(staff=_contacts(f"{path}: notify.staff", table.get("staff", {})),
                          email=_email_settings(f"{path}: notify.email", table.get("email", {})),
                          line=_line_settings(f"{path}: notify.line", table.get("line", {})))


def _email_settings(where: str, table) -> EmailSettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    _check_keys(where, table, EMAIL_KEYS)
    for name in ("host", "user", "password_env", "from", "security"):
        if not isinstance(table.get(name, ""), str):
            raise ConfigError(f"{where}.{name}: expected a string (in quotes)")
    security = table.get("security", "starttls")
    if security not in SECURITY:
        raise ConfigError(f"{where}.security: expected one of {', '.join(SECURITY)}, got {security!r}")
    port = table.get("port", 465 if security == "ssl" else 587)
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise ConfigError(f"{where}.port: expected a port number from 1 to 65535, got {port!r}")
    timeout = table.get("timeout", 30)
    if not isinstance(timeout, (int, float)) or isinstance(timeout, bool) or timeout <= 0:
        raise ConfigError(f"{where}.timeout: expected a number of seconds, got {timeout!r}")
    _env_name(f"{where}.password_env", table.get("password_env", ""))
    return EmailSettings(table.get("host", "").strip(), port, security, table.get("user", ""),
                         table.get("password_env", ""), table.get("from", "").strip(), float(timeout))


def _line_settings(where: str, table) -> LineSettings:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table")
    _check_keys(where, table, LINE_KEYS)
    defaults = LineSettings()
    values = {name: table.get(name, getattr(defaults, name)) for name in LINE_KEYS}
    for name in ("token_env", "channel_secret_env"):
        _env_name(f"{where}.{name}", values[name])
    url = values["api_base_url"]
    if not isinstance(url, str) or not re.match(r"^https?://[^\s/?#]+/?$", url):
        raise ConfigError(f"{where}.api_base_url: expected a base URL such as \"https://api.line.me\", got {url!r}")
    return LineSettings(values["token_env"], values["channel_secret_env"], url.rstrip("/"))


def _env_name(where: str, value) -> None:
    """An environment variable's NAME (a secret never goes in the file itself)."""
    if value and (not isinstance(value, str) or not _ENV_NAME.match(value)):
        raise ConfigError(f"{where}: expected the name of an environment variable (e.g. AUDITOR_SMTP_PASSWORD), got {value!r}")
