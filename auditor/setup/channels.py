"""The channels spreadsheet: its columns (derived from the platform table), reading a filled-in
sheet, normalizing what people paste into the ids the collectors need, and editing auditor.toml
with tomlkit so its comments, layout and the offices the sheet does not list stay as they were.

A cell that cannot be used is a SheetProblem (`FILE:ROW: column: problem`) and leaves the config's
value for that cell untouched: nothing already configured is lost to a bad paste.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import requests
import tomlkit
from tomlkit.items import AoT, InlineTable, Table

from auditor import files
from auditor.collect import lookup
from auditor.collect.facebook import facebook_settings
from auditor.collect.youtube import _section as youtube_section
from auditor.errors import InputError
from auditor.platforms import PLATFORMS, Platform, for_host
from auditor.platforms.base import AccountRef, pasted_url
from auditor.registry import EMAIL, LINE_TARGET, Office, Registry, account_key, registry_from_text
from auditor.selfreport.imports import Table as SheetTable
from auditor.selfreport.imports import DistrictIndex, find_columns, read_table
from auditor.setup.findings import SheetProblem
from auditor.text.thai import remove_invisible

# Between several values of a cell: white space (new lines, no-break spaces), commas and semicolons,
# full-width or ideographic too, as a Thai keyboard or a copied document may give them.
_SPLIT = re.compile(r"[\s,;，、；]+")
# Between two contacts people also write a word: "a@x.go.th และ b@x.go.th".
_CONTACT_WORDS = re.compile(r"(?:^|(?<=\s))(?:และ|หรือ|กับ|and|or|&)(?=\s|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    """One column of the channels sheet: its key, the header the template writes, and other headers accepted."""

    key: str  # "id", "name_th", a platform id, "office_hashtags", "notify_email", "notify_line"
    header: str
    aliases: tuple[str, ...] = ()


def _platform_header(p: Platform) -> str:
    return p.label_th if p.label_th == p.label_en else f"{p.label_th} ({p.label_en})"


def sheet_columns() -> list[Column]:
    """The sheet's columns in order: the office, one per configurable platform (the platform table's
    order), the office hashtags and the notification contacts."""
    platforms = [Column(p.id, _platform_header(p), (p.id, p.label_en, p.label_th, *p.report_labels))
                 for p in PLATFORMS.values() if p.configurable]
    return [
        Column("id", "รหัสสำนักงาน (id)", ("id", "รหัส", "office_id")),
        Column("name_th", "สำนักงาน (office)", ("name_th", "ชื่อสำนักงาน", "สำนักงาน")),
        *platforms,
        Column("office_hashtags", "แฮชแท็กสำนักงาน (office hashtags)", ("office_hashtags", "แฮชแท็ก", "hashtags")),
        Column("notify_email", "แจ้งผลทางอีเมล (e-mail)", ("notify_email", "อีเมล", "email")),
        Column("notify_line", "แจ้งผลทาง LINE (group/user id)", ("notify_line", "แจ้งผลทางไลน์")),
    ]


def office_cells(office: Office) -> dict[str, str]:
    """An office's current values as the template pre-fills them (several values one per line)."""
    cells = {"id": office.id, "name_th": office.name_th, "office_hashtags": " ".join(office.office_hashtags),
             "notify_email": "\n".join(office.notify_email), "notify_line": "\n".join(office.notify_line)}
    for channel in office.channels:
        cells[channel.platform] = "\n".join(filter(None, (cells.get(channel.platform), channel.account)))
    return cells


# --- reading the sheet ------------------------------------------------------------------------


@dataclass
class Online:
    """What look-ups may use: the HTTP session, the config's platform settings, the environment for tokens."""

    session: requests.Session
    settings: Mapping[str, dict]
    env: Mapping[str, str]

    def facebook_token(self) -> str:
        return self.env.get(facebook_settings(self.settings)["token_env"]) or ""

    def youtube_key(self) -> str:
        return self.env.get(youtube_section(self.settings)["api_key_env"]) or ""


@dataclass
class Cell:
    """What one cell becomes: (channel key, account) pairs to write, or None when the cell is not used."""

    accounts: list[tuple[str, str]] | None
    problems: list[tuple[str, dict, str]] = field(default_factory=list)  # (code, params, severity)
    resolved: list[tuple[str, str, str]] = field(default_factory=list)  # (pasted, id, name) looked up online
    links: dict[str, list[str]] = field(default_factory=dict)  # account → post links to list on its channel


def read_value(platform: Platform, value: str, online: Online | None) -> Cell:
    """One pasted value → the (key, account) the collector needs, looking names up online when it must."""
    parts = pasted_url(value) if "/" in value else None
    other = for_host(parts.host) if parts is not None else None
    if other is not None and other.id != platform.id:
        return Cell(None, [("other_platform_url", {"value": value, "other": other.id}, "error")])
    ref = platform.parse_account(value)
    if ref.problem:
        return Cell(None, [(ref.problem, {"value": value, "platform": platform.id}, "error")])
    key = ref.key or platform.primary_key
    cell = Cell([(key, ref.account)]) if not ref.lookup else _looked_up(platform, value, ref, key, online)
    if ref.note and cell.accounts is not None:
        cell.problems.append((ref.note, {"value": value, "kept": ref.account, "links": " ".join(ref.links)}, "warning"))
    if ref.links and cell.accounts is not None:
        cell.links[ref.account] = list(ref.links)
    return cell


def _looked_up(platform: Platform, value: str, ref: AccountRef, key: str, online: Online | None) -> Cell:
    if platform.id == "facebook":
        return _facebook(value, ref, key, online)
    if platform.id == "youtube":
        return _youtube(value, ref, key, online)
    # e.g. an Instagram handle: kept, the numeric user id is needed to collect
    return Cell([(key, ref.account)], [(f"{ref.lookup}_needed", {"value": value, "kept": ref.account}, "warning")])


def _facebook(value: str, ref: AccountRef, key: str, online: Online | None) -> Cell:
    token = online.facebook_token() if online else ""
    if not token:  # kept as pasted (a name or the URL's number), flagged for a later import with a token
        env = facebook_settings(online.settings if online else {})["token_env"]
        return Cell([(key, ref.account)], [(f"{ref.lookup}_unverified", {"value": value, "kept": ref.account, "env": env},
                                            "warning")])
    try:
        found = lookup.facebook_page(online.session, online.settings, token, ref.name)
    except lookup.LookupFailed as exc:
        return _lookup_failed(value, exc)
    if not found.ok:
        return Cell(None, [(found.code, {"value": value, **found.params}, "error")])
    return Cell([(key, found.account)], resolved=[(value, found.account, found.name)])


def _youtube(value: str, ref: AccountRef, key: str, online: Online | None) -> Cell:
    if online is None:
        return Cell(None, [("lookup_offline", {"value": value}, "error")])
    try:
        found = lookup.youtube_channel(online.session, online.settings, online.youtube_key(), ref.lookup, ref.name)
    except lookup.LookupFailed as exc:
        return _lookup_failed(value, exc)
    if not found.ok:
        return Cell(None, [(found.code, {"value": value, **found.params}, "error")])
    return Cell([(key, found.account)], resolved=[(value, found.account, found.name)])


def _lookup_failed(value: str, exc: lookup.LookupFailed) -> Cell:
    code = "lookup_not_recorded" if exc.code == "no_recording" else "lookup_failed"
    return Cell(None, [(code, {"value": value, "reason": exc.code}, "error")])


def read_cell(platform: Platform, text: str, online: Online | None, current: tuple[str, ...] = ()) -> Cell:
    """Every value of a cell (several accounts one per line, or separated by commas); one bad value
    leaves the whole cell unused, so a channel list is never written half. A value that is an account
    the office has now (as the template pre-fills it) stays as it is: a site set by hand to a folder
    of its host is not cut again."""
    out = Cell([])
    kept = {account_key(platform.id, a): a for a in current}
    for value in (v for v in _SPLIT.split(text or "") if v):
        same = kept.get(account_key(platform.id, value))
        one = Cell([(platform.primary_key, same)]) if same else read_value(platform, value, online)
        out.problems += one.problems
        out.resolved += one.resolved
        for account, links in one.links.items():
            out.links.setdefault(account, []).extend(link for link in links if link not in out.links.get(account, []))
        if one.accounts is None:
            out.accounts = None
        elif out.accounts is not None:  # an account named twice (its address and one of its videos) is one channel
            seen = {account_key(platform.id, a) for _, a in out.accounts}
            out.accounts += [(k, a) for k, a in one.accounts if account_key(platform.id, a) not in seen]
    return out


def hashtags_cell(text: str) -> list[str]:
    """Office hashtags as pasted (space, comma or line separated), each with its '#'."""
    return [t if t.startswith(("#", "＃")) else "#" + t for t in _SPLIT.split(text or "") if t]


def contacts_cell(text: str, pattern: re.Pattern) -> tuple[list[str], list[str]]:
    """(valid values, invalid values) of a notification contacts cell."""
    values = [v for v in _SPLIT.split(_CONTACT_WORDS.sub(" ", text or "")) if v]
    return [v for v in values if pattern.match(v)], [v for v in values if not pattern.match(v)]


# --- the import -------------------------------------------------------------------------------


@dataclass
class ChannelImport:
    """What an import did: the new config text, the problems by row, and what changed."""

    text: str
    problems: list[SheetProblem] = field(default_factory=list)
    changes: list[tuple[str, str, str, str]] = field(default_factory=list)  # (office, field, old, new)
    resolved: list[tuple[str, str, str, str]] = field(default_factory=list)  # (office, pasted, id, name)
    rows: int = 0
    file_notes: list = field(default_factory=list)  # the sheet's own (e.g. read as cp874), as read_table gives them

    @property
    def warnings(self) -> list[SheetProblem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def errors(self) -> list[SheetProblem]:
        return [p for p in self.problems if p.severity == "error"]


def import_channels(path, registry: Registry, config_text: str, online: Online | None, *,
                    sheet: str | None = None) -> ChannelImport:
    """Read a channels sheet (CSV or XLSX) and return the edited config text with what changed.

    Raises InputError when the sheet cannot be read or has no office id column, ConfigError when
    the edited config would not be valid (nothing is written then).
    """
    table = read_table(path, sheet)
    columns = sheet_columns()
    found = find_columns(table, {c.key: [c.header, *c.aliases] for c in columns}, required=("id",))
    doc = tomlkit.parse(config_text)
    offices = _office_tables(doc)
    result = ChannelImport("", file_notes=list(table.warnings))
    offices_of = _RowOffices(registry)
    seen: dict[str, int] = {}  # office id → the row that set it
    for number, cells in table.rows:
        value = {key: _cell_text(cells, index) for key, (index, _) in found.items()}
        office, code, params = offices_of.find(value["id"], value.get("name_th", ""))
        if office is not None and office.id in seen:  # two rows for one office would undo each other
            code, params, office = "office_twice", {"id": office.id, "first": seen[office.id]}, None
        if code:
            result.problems.append(SheetProblem(table.source, number, found["id"][1], code, params,
                                                "warning" if office else "error"))
        if office is None:
            continue
        seen[office.id] = number
        result.rows += 1
        _apply_row(table, number, found, value, office, offices[office.id], online, result)
    result.text = tomlkit.dumps(doc)
    registry_from_text(registry.path, result.text)  # refuse to hand back a config that would not load
    return result


class _RowOffices:
    """Which office a row is: its id; without one, the name in the office column (as `--district` reads
    names); an unknown id or name is a problem naming the closest district."""

    def __init__(self, registry: Registry):
        self.by_id = {o.id: o for o in registry.offices}
        self.index = DistrictIndex(registry)

    def find(self, office_id: str, name: str) -> tuple[Office | None, str | None, dict]:
        """(office, problem code, its params): a found office may come with a note (matched by name)."""
        if office_id in self.by_id:
            return self.by_id[office_id], None, {}
        if not office_id and (found := self._by_name(name)):
            return found, "office_by_name", {"name": name, "id": found.id}
        close = self.index.closest(office_id or name) if office_id or name else None
        params = {"value": office_id, "name": name, "suggestion": close or "", "suggestion_th": self.index.thai.get(close, "")}
        return None, "unknown_office" if office_id else "office_id_missing", params

    def _by_name(self, name: str) -> Office | None:
        for text in (name, _NOTE.sub("", name).strip()):  # "นาเยีย (แถวใหม่)": a note after the name
            try:
                return self.by_id[self.index.resolve(text)]
            except ValueError:
                continue
        return None


_NOTE = re.compile(r"\s*[(（\[].*?[)）\]]\s*")


def _cell_text(cells: list, index: int) -> str:
    value = cells[index] if index < len(cells) else None
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a page id typed into Excel as a number
    return remove_invisible(str(value)).strip()  # a zero-width space pasted with an address is no part of it


def _office_tables(doc) -> dict[str, Table]:
    offices = doc.get("offices")
    if not isinstance(offices, AoT | list):
        raise InputError("the config has no [[offices]] tables to fill in")
    return {str(t.get("id")): t for t in offices}


def _apply_row(table: SheetTable, number: int, found: dict, value: dict, office: Office, raw: Table,
               online: Online | None, result: ChannelImport) -> None:
    def problem(column: str, code: str, params: dict, severity: str = "error") -> None:
        result.problems.append(SheetProblem(table.source, number, found[column][1], code, params, severity))

    for platform in (p for p in PLATFORMS.values() if p.configurable and p.id in found):
        current = tuple(c.account for c in office.channels if c.platform == platform.id)
        cell = read_cell(platform, value[platform.id], online, current)
        for code, params, severity in cell.problems:
            problem(platform.id, code, params, severity)
        result.resolved += [(office.id, *r) for r in cell.resolved]
        if cell.accounts is not None:
            _set_channel(raw, office, platform, cell.accounts, result, cell.links)
    if "office_hashtags" in found:
        _set_hashtags(raw, office, hashtags_cell(value["office_hashtags"]), result, problem)
    _set_notify(raw, office, found, value, result, problem)


def _set_channel(raw: Table, office: Office, platform: Platform, accounts: list[tuple[str, str]],
                 result: ChannelImport, links: Mapping[str, list[str]] | None = None) -> None:
    old = [c.account for c in office.channels if c.platform == platform.id]
    same = sorted(account_key(platform.id, a) for a in old) == sorted(account_key(platform.id, a) for _, a in accounts)
    added = _new_links(office, platform, links or {})
    if same and not added:
        return  # the same accounts: leave the entry (and its options) exactly as written
    channels = raw.get("channels")
    if channels is None or (isinstance(channels, InlineTable) and not channels):
        # a fresh table: tomlkit spaces the items it is built with, not those added to a parsed `{}`
        raw["channels"] = tomlkit.inline_table()
        channels = raw["channels"]
    entries = _entries(channels.get(platform.id), platform)
    new = [_entry_for(key, account, entries, len(accounts) == 1) for key, account in accounts]
    for entry, (_, account) in zip(new, accounts):
        if added.get(account):
            entry["links"] = [*entry.get("links", []), *added[account]]
    if not new:
        del channels[platform.id]
    else:
        channels[platform.id] = new[0] if len(new) == 1 else _array(new)
    if not same:
        result.changes.append((office.id, platform.id, "\n".join(old), "\n".join(a for _, a in accounts)))
    for account, listed in added.items():
        result.changes += [(office.id, f"{platform.id} links", "", link) for link in listed]


def _new_links(office: Office, platform: Platform, links: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """account → the links pasted for it that its channel does not list yet."""
    listed = {link for c in office.channels if c.platform == platform.id for link in c.option("links", [])}
    added = {account: [link for link in wanted if link not in listed] for account, wanted in links.items()}
    return {account: new for account, new in added.items() if new}


def _entries(item, platform: Platform) -> list:
    if item is None:
        return []
    items = list(item) if isinstance(item, list) else [item]
    return [{platform.primary_key: i} if isinstance(i, str) else i for i in items]


def _entry_for(key: str, account: str, entries: list, single: bool):
    """The channel table for an account: its existing table when listed, else the only existing one
    with the id replaced (its token_env, kind or selectors kept), else a new inline table."""
    for entry in entries:
        if any(entry.get(k) == account for k in (key, "page_id", "channel_id", "handle", "url", "user_id", "oa_id")):
            return entry
    if single and len(entries) == 1 and not isinstance(entries[0], str) and hasattr(entries[0], "as_string"):
        entries[0][key] = account
        return entries[0]
    table = tomlkit.inline_table()
    table[key] = account
    return table


def _array(items: list):
    array = tomlkit.array()
    array.extend(items)
    return array


def _set_hashtags(raw: Table, office: Office, tags: list[str], result: ChannelImport, problem) -> None:
    if not tags:
        if office.is_district:
            problem("office_hashtags", "hashtags_empty", {"kept": " ".join(office.office_hashtags)}, "warning")
        return
    if tags != list(office.office_hashtags):
        raw["office_hashtags"] = tags
        result.changes.append((office.id, "office_hashtags", " ".join(office.office_hashtags), " ".join(tags)))


def _set_notify(raw: Table, office: Office, found: dict, value: dict, result: ChannelImport, problem) -> None:
    current = {"email": list(office.notify_email), "line": list(office.notify_line)}
    wanted = dict(current)
    for name, pattern in (("email", EMAIL), ("line", LINE_TARGET)):
        column = f"notify_{name}"
        if column not in found:
            continue
        good, bad = contacts_cell(value[column], pattern)
        for item in bad:
            problem(column, f"bad_{name}", {"value": item})
        if not bad:
            wanted[name] = good
    if wanted == current:
        return
    table = tomlkit.inline_table()
    table.update({k: v for k, v in wanted.items() if v})
    if table:
        raw["notify"] = table
    elif "notify" in raw:
        del raw["notify"]
    result.changes.append((office.id, "notify", _contacts(current), _contacts(wanted)))


def _contacts(contacts: dict) -> str:
    return " ".join(v for values in contacts.values() for v in values)


def save_config(path: str | Path, text: str) -> Path:
    """Write the config atomically (a temporary file renamed over it), so a crash leaves the old one whole."""
    return files.write_text(path, text)  # keeps the file's usual permissions, removes the temporary on failure
