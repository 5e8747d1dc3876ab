"""`auditor doctor`: is everything a full audit needs in place? Offline where it can be checked from
the files (config, ruleset, targets, report columns, the form of each id), online where it must
(tokens through debug_token, each page, the Click ชุมชน page id, each website's way in, YouTube
feeds and key, TikTok handles).

Each check is a small function returning Findings (codes and parameters; the words are in
auditor/present/words/setup.py). A check that cannot reach its service says so (`unknown`), never
`fail`: only what a person must fix is a failure. No token ever goes into a Finding.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import tomlkit

from auditor.collect import lookup
from auditor.collect.base import Context
from auditor.collect.facebook import facebook_settings, token_env_name
from auditor.collect.http import unrecorded
from auditor.collect.website import detect_kind
from auditor.collect.youtube import read_feed
from auditor.errors import AuditorError, CollectorError, InputError
from auditor.platforms import PLATFORMS
from auditor.platforms.youtube import CHANNEL_ID
from auditor.registry import Channel, Office, Registry
from auditor.rules.examples import run_examples
from auditor.rules.ruleset import Ruleset
from auditor.selfreport.imports import DEFAULT_COLUMNS, DEFAULT_FIGURE_COLUMNS, merge_columns
from auditor.selfreport.targets import targets_for
from auditor.setup.channels import Online
from auditor.setup.findings import Finding

EXPIRY_WARNING = timedelta(days=14)  # a token expiring sooner is a warning naming the date


@dataclass
class DoctorReport:
    """Every finding, in the order checked, and the website ways in detected (office, url) → kind."""

    config: str
    ruleset: str
    checked_at: datetime
    findings: list[Finding] = field(default_factory=list)
    modes: dict[tuple[str, str], str] = field(default_factory=dict)

    @property
    def ready(self) -> bool:
        """True when nothing must be fixed and nothing needed could go unchecked."""
        return not any(f.status in ("fail", "unknown") for f in self.findings)

    def counts(self) -> dict[str, int]:
        return {s: sum(f.status == s for f in self.findings) for s in ("ok", "warn", "fail", "unknown")}

    def as_dict(self) -> dict:
        return {"config": self.config, "ruleset": self.ruleset, "checked_at": self.checked_at.isoformat(),
                "ready": self.ready, "counts": self.counts(), "findings": [f.as_dict() for f in self.findings],
                "website_modes": [{"office": o, "url": u, "kind": k} for (o, u), k in self.modes.items()]}


def run_doctor(registry: Registry, ruleset: Ruleset, online: Online, *, now: datetime) -> DoctorReport:
    """Run every check; `now` (aware) judges token expiry."""
    report = DoctorReport(registry.path, f"{ruleset.id} v{ruleset.version}", now)
    add = report.findings.extend
    add(check_config(registry))
    add(check_ruleset(ruleset, registry))
    add(check_targets(ruleset, registry))
    add(check_report_columns(registry))
    tokens = TokenChecks(online, now)
    add(tokens.check_all(registry))
    add(check_click_page(ruleset, online, tokens))
    for office in registry.offices:
        for channel in office.channels:
            add(_guarded(office, channel, lambda o=office, c=channel: CHANNEL_CHECKS[c.platform](o, c, online, tokens, report)))
    add(check_youtube_key(registry, online))
    return report


def _guarded(office: Office, channel: Channel, check: Callable[[], list[Finding]]) -> list[Finding]:
    """A check that cannot reach its service is `unknown` for that channel; the others go on."""
    params = {"account": channel.account}
    try:
        return check()
    except lookup.LookupFailed as exc:
        if exc.code == "no_recording":
            return [Finding(office.id, channel.platform, "unknown", "not_recorded", params)]
        return [Finding(office.id, channel.platform, "unknown", "unreachable", {**params, "reason": exc.code})]
    except Exception as exc:  # a replay without this request's recording (vcrpy's own exception): say which
        if not unrecorded(exc):
            raise
        return [Finding(office.id, channel.platform, "unknown", "not_recorded", params)]


# --- offline checks ---------------------------------------------------------------------------


def check_config(registry: Registry) -> list[Finding]:
    """The config loaded; each district has at least one channel (else nothing of it can be audited)."""
    channels = sum(len(o.channels) for o in registry.offices)
    out = [Finding(None, "config", "ok", "config_ok", {"path": registry.path, "offices": len(registry.offices),
                                                        "channels": channels})]
    for office in registry.offices:
        if not office.channels:
            status = "fail" if office.is_district else "warn"
            out.append(Finding(office.id, "config", status, "no_channels", {}))
    return out


def check_ruleset(ruleset: Ruleset, registry: Registry) -> list[Finding]:
    """The ruleset loaded and its inline examples hold."""
    results = run_examples(ruleset, registry)
    failed = [f"{r.rule}[{r.index}]" for r in results if not r.ok]
    params = {"id": ruleset.id, "version": ruleset.version, "rules": len(ruleset.monthly_rules) + len(ruleset.post_rules),
              "examples": len(results)}
    if failed:
        return [Finding(None, "ruleset", "fail", "ruleset_examples_fail", {**params, "failed": failed})]
    return [Finding(None, "ruleset", "ok", "ruleset_ok", params)]


def check_targets(ruleset: Ruleset, registry: Registry) -> list[Finding]:
    """When the ruleset compares figures with targets, every district has a target row."""
    if not ruleset.uses_targets:
        return [Finding(None, "targets", "ok", "targets_not_needed", {"ruleset": ruleset.id})]
    try:
        table = targets_for(registry)
    except AuditorError as exc:
        return [Finding(None, "targets", "fail", "targets_unreadable", {"error": str(exc)})]
    missing = [o.id for o in registry.districts if o.id not in table.targets]
    if missing:
        return [Finding(None, "targets", "fail", "targets_missing", {"file": table.source, "districts": missing})]
    return [Finding(None, "targets", "ok", "targets_ok", {"file": table.source, "districts": len(registry.districts)})]


def check_report_columns(registry: Registry) -> list[Finding]:
    """[reports.columns] and [figures.columns] name only fields the importers know."""
    out = []
    for section, defaults, configured in (("reports", DEFAULT_COLUMNS, registry.report_columns),
                                          ("figures", DEFAULT_FIGURE_COLUMNS, registry.figure_columns)):
        try:
            merge_columns(defaults, configured)
        except InputError as exc:
            out.append(Finding(None, "report_columns", "fail", "columns_invalid", {"section": section, "error": str(exc)}))
            continue
        out.append(Finding(None, "report_columns", "ok", "columns_ok", {"section": section, "configured": sorted(configured)}))
    return out


# --- Facebook ---------------------------------------------------------------------------------


class TokenChecks:
    """debug_token for each token variable the config names, once each; what each token reaches."""

    def __init__(self, online: Online, now: datetime):
        self.online, self.now = online, now
        self.info: dict[str, lookup.TokenInfo | None] = {}

    def token(self, env: str) -> str:
        return self.online.env.get(env) or ""

    def names(self, registry: Registry) -> list[str]:
        pages = [c for o in registry.offices for c in o.channels if c.platform == "facebook"]
        names = [token_env_name(registry.settings, c) for c in pages] or [facebook_settings(registry.settings)["token_env"]]
        return list(dict.fromkeys(names))

    def check_all(self, registry: Registry) -> list[Finding]:
        return [f for env in self.names(registry) for f in self.check(env)]

    def check(self, env: str) -> list[Finding]:
        """One token: set, valid, not expired (a warning within 14 days), with the read permission."""
        token = self.token(env)
        if not token:
            self.info[env] = None
            return [Finding(None, "token", "fail", "token_missing", {"env": env})]
        app_env = facebook_settings(self.online.settings).get("app_token_env") or ""
        try:
            info = lookup.debug_token(self.online.session, self.online.settings, token, self.token(app_env))
        except lookup.LookupFailed as exc:
            self.info[env] = None
            return [Finding(None, "token", "unknown", "token_unchecked", {"env": env, "reason": exc.code})]
        self.info[env] = info
        return [self._verdict(env, info)]

    def _verdict(self, env: str, info: lookup.TokenInfo) -> Finding:
        params = {"env": env, "type": info.type, "scopes": list(info.scopes),
                  "expires": info.expires_at.isoformat() if info.expires_at else None,
                  "pages": sorted(info.reach) if info.reach is not None else None}
        if not info.valid:
            return Finding(None, "token", "fail", "token_invalid", {**params, "graph_code": info.error_code,
                                                                   "graph_subcode": info.error_subcode})
        ends = [t for t in (info.expires_at, info.data_access_expires_at) if t is not None]
        soonest = min(ends) if ends else None
        if soonest is not None and soonest <= self.now:
            return Finding(None, "token", "fail", "token_expired", {**params, "date": soonest.isoformat()})
        missing = [s for s in lookup.READ_SCOPES if s not in info.scopes]
        if missing:
            return Finding(None, "token", "fail", "token_scope_missing", {**params, "missing": missing})
        if soonest is not None and soonest - self.now <= EXPIRY_WARNING:
            return Finding(None, "token", "warn", "token_expires_soon",
                           {**params, "date": soonest.isoformat(), "days": (soonest - self.now).days})
        return Finding(None, "token", "ok", "token_ok", params)

    def usable(self, env: str) -> bool:
        info = self.info.get(env)
        return info is not None and info.valid


def check_facebook(office: Office, channel: Channel, online: Online, tokens: TokenChecks, report) -> list[Finding]:
    """A page: its id numeric, the token usable and granted for it, the page and its posts readable."""
    env = token_env_name(online.settings, channel)
    params = {"account": channel.account, "env": env}
    if not channel.account.isdigit():
        return [_page_id_not_numeric(office, channel, online, tokens, env)]
    if env not in tokens.info:
        tokens.check(env)  # a channel's own token_env, not yet checked
    if not tokens.usable(env):
        return [Finding(office.id, "facebook", "unknown", "page_unchecked", params)]
    token, info = tokens.token(env), tokens.info[env]
    page = lookup.facebook_page(online.session, online.settings, token, channel.account)
    if not page.ok:
        return [Finding(office.id, "facebook", "fail", page.code, {**params, **page.params})]
    if info.reach is not None and channel.account not in info.reach and info.profile_id != channel.account:
        return [Finding(office.id, "facebook", "fail", "page_not_granted", {**params, "name": page.name})]
    posts = lookup.facebook_posts_readable(online.session, online.settings, token, channel.account)
    if not posts.ok:
        return [Finding(office.id, "facebook", "fail", "posts_" + posts.code, {**params, "name": page.name})]
    return [Finding(office.id, "facebook", "ok", "page_ok", {**params, "name": page.name})]


def _page_id_not_numeric(office: Office, channel: Channel, online: Online, tokens: TokenChecks, env: str) -> Finding:
    """A page name where the id belongs: looked up when a token can, so the fix names the id."""
    params = {"account": channel.account, "env": env}
    if tokens.usable(env):
        found = lookup.facebook_page(online.session, online.settings, tokens.token(env), channel.account)
        if found.ok:
            params |= {"resolved": found.account, "name": found.name}
    return Finding(office.id, "facebook", "fail", "page_id_not_numeric", params)


def check_click_page(ruleset: Ruleset, online: Online, tokens: TokenChecks) -> list[Finding]:
    """The ruleset's Click ชุมชน page id equals what the Graph API answers for facebook.com/Clickchumchon."""
    configured = [str(i) for i in ruleset.parameters.get("click_page_ids") or []]
    env = facebook_settings(online.settings)["token_env"]
    params = {"configured": configured, "name": lookup.CLICK_PAGE_NAME}
    if not tokens.usable(env):
        return [Finding(None, "click_page", "unknown", "click_page_unchecked", {**params, "reason": "no_token", "env": env})]
    try:
        found = lookup.facebook_page(online.session, online.settings, tokens.token(env), lookup.CLICK_PAGE_NAME)
    except lookup.LookupFailed as exc:
        return [Finding(None, "click_page", "unknown", "click_page_unchecked", {**params, "reason": exc.code})]
    if not found.ok:
        return [Finding(None, "click_page", "unknown", "click_page_unchecked", {**params, "reason": found.code})]
    if found.account not in configured:
        return [Finding(None, "click_page", "fail", "click_page_mismatch", {**params, "actual": found.account})]
    return [Finding(None, "click_page", "ok", "click_page_ok", {**params, "actual": found.account, "page": found.name})]


# --- the other platforms ----------------------------------------------------------------------


def _context(online: Online) -> Context:
    return Context(session=online.session, settings=online.settings, env=online.env)


def check_website(office: Office, channel: Channel, online: Online, tokens, report: DoctorReport) -> list[Finding]:
    """Which way in works (REST, RSS, listing), compared with the configured kind; the result kept for --write-modes."""
    configured = channel.option("kind", "auto")
    try:
        kind, failures = detect_kind(channel, _context(online))
    except CollectorError:
        return [Finding(office.id, "website", "unknown", "unreachable", {"account": channel.account, "reason": "network"})]
    params = {"account": channel.account, "configured": configured, "tried": [list(f) for f in failures]}
    if kind is None:
        return [Finding(office.id, "website", "fail", "website_unreadable", params)]
    report.modes[(office.id, channel.account)] = kind
    if configured not in ("auto", kind):
        return [Finding(office.id, "website", "warn", "website_mode_differs", {**params, "kind": kind})]
    return [Finding(office.id, "website", "ok", "website_ok", {**params, "kind": kind})]


def check_youtube(office: Office, channel: Channel, online: Online, tokens, report) -> list[Finding]:
    """A channel: a UC… id, and its feed answers (with a key, the Data API knows it too)."""
    params = {"account": channel.account}
    if not CHANNEL_ID.match(channel.account):
        return [Finding(office.id, "youtube", "fail", "channel_id_invalid", params)]
    key = online.youtube_key()
    if key:
        titles, code = lookup.youtube_channels(online.session, online.settings, key, [channel.account])
        if code is None and channel.account not in titles:
            return [Finding(office.id, "youtube", "fail", "youtube_channel_not_found", params)]
        params["title"] = titles.get(channel.account, "")
    try:
        entries = read_feed(channel, _context(online))
    except CollectorError:
        return [Finding(office.id, "youtube", "unknown", "youtube_feed_unavailable", params)]
    return [Finding(office.id, "youtube", "ok", "youtube_ok", {**params, "videos": len(entries),
                                                               "title": params.get("title") or _feed_author(entries)})]


def _feed_author(entries: list[dict]) -> str:
    return entries[0].get("author", "") if entries else ""


def check_youtube_key(registry: Registry, online: Online) -> list[Finding]:
    """With YouTube channels configured: is the Data API key set and accepted? Without one only the
    15 newest videos are read (a busy channel's month may be incomplete): a warning."""
    ids = [c.account for o in registry.offices for c in o.channels if c.platform == "youtube" and CHANNEL_ID.match(c.account)]
    if not ids:
        return []
    from auditor.collect.youtube import _section

    env = _section(registry.settings)["api_key_env"]
    key = online.youtube_key()
    if not key:
        return [Finding(None, "youtube", "warn", "youtube_no_key", {"env": env})]
    try:
        _, code = lookup.youtube_channels(online.session, online.settings, key, ids[:1], part="id")
    except lookup.LookupFailed as exc:
        return [Finding(None, "youtube", "unknown", "youtube_key_unchecked", {"env": env, "reason": exc.code})]
    if code:
        return [Finding(None, "youtube", "fail", code, {"env": env})]
    return [Finding(None, "youtube", "ok", "youtube_key_ok", {"env": env})]


def check_tiktok(office: Office, channel: Channel, online: Online, tokens, report) -> list[Finding]:
    """A handle: its public profile exists (TikTok oEmbed). Posts are read from the listed video links."""
    links = len([u for u in channel.option("links") or [] if isinstance(u, str)])
    found = lookup.tiktok_profile(online.session, online.settings, channel.account)
    params = {"account": channel.account, "links": links}
    if not found.ok:
        status = "fail" if found.code == "tiktok_not_found" else "unknown"
        return [Finding(office.id, "tiktok", status, found.code, {**params, **found.params})]
    return [Finding(office.id, "tiktok", "ok", "tiktok_ok", {**params, "name": found.name})]


def check_instagram(office: Office, channel: Channel, online: Online, tokens, report) -> list[Finding]:
    """An account: the numeric user id the Graph API needs, and its token set."""
    env = online.settings.get("instagram", {}).get("token_env") or PLATFORMS["instagram"].settings["token_env"]
    env = channel.option("token_env") or env
    params = {"account": channel.account, "env": env}
    if not channel.account.isdigit():
        return [Finding(office.id, "instagram", "fail", "instagram_needs_user_id", params)]
    if not online.env.get(env):
        return [Finding(office.id, "instagram", "fail", "token_missing", params)]
    return [Finding(office.id, "instagram", "ok", "instagram_configured", params)]


def check_self_reported(office: Office, channel: Channel, online, tokens, report) -> list[Finding]:
    """LINE, Threads: nothing to read; their posts come from the report sheet."""
    return [Finding(office.id, channel.platform, "ok", "self_reported", {"account": channel.account})]


CHANNEL_CHECKS: dict[str, Callable[..., list[Finding]]] = {
    "facebook": check_facebook,
    "website": check_website,
    "youtube": check_youtube,
    "tiktok": check_tiktok,
    "instagram": check_instagram,
    **{p.id: check_self_reported for p in PLATFORMS.values() if p.configurable and not p.collected},
}


# --- writing the detected website modes back -----------------------------------------------------


def apply_modes(config_text: str, modes: dict[tuple[str, str], str]) -> tuple[str, list[tuple[str, str, str]]]:
    """The config with each website channel's `kind` set to the detected way in; (office, url, kind) changed."""
    doc = tomlkit.parse(config_text)
    changed = []
    for table in doc.get("offices") or []:
        for entry in _website_entries(table):
            kind = modes.get((str(table.get("id")), str(entry.get("url", "")).strip()))
            if kind and entry.get("kind") != kind:
                entry["kind"] = kind
                changed.append((str(table.get("id")), str(entry.get("url")), kind))
    return tomlkit.dumps(doc), changed


def _website_entries(office_table) -> Iterator:
    channels = office_table.get("channels") or {}
    website = channels.get("website")
    if isinstance(website, str):  # the string form cannot carry a kind: turn it into a table
        table = tomlkit.inline_table()
        table["url"] = website
        channels["website"] = table
        website = channels["website"]
    for entry in website if isinstance(website, list) else [website] if website is not None else []:
        if hasattr(entry, "get"):
            yield entry
