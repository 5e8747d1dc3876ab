"""The codes the stages hand each other instead of sentences.

Collectors, checks, the engine, the target table and reconciliation say what happened as a
code with parameters (data: numbers, ids, ISO dates, URLs; never a token value). Every word a
person reads is chosen from these codes in one place, `auditor.present.words`, which a test
holds to having Thai and English for each member of each enum below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """Why a channel could not be (fully) collected: ChannelStatus.kind and CollectorError.kind."""

    AUTH = "auth"  # no token or key, or the platform refused it (params: problem, env)
    PERMISSION = "permission"  # the token works but may not read this account (params: env)
    RATE_LIMIT = "rate_limit"  # the platform's quota is used up (params: retry_after minutes when known)
    UNAVAILABLE = "unavailable"  # an outage: 5xx, a feed that does not answer; try again later
    NETWORK = "network"  # the host could not be reached
    BAD_RESPONSE = "bad_response"  # an answer that cannot be read (not JSON, not a feed)
    NOT_FOUND = "not_found"  # the configured account does not exist
    CONFIG = "config"  # auditor.toml is wrong for this channel (params: problem, …)
    ERROR = "error"  # the platform refused the request for another reason
    NO_COLLECTOR = "no_collector"  # no collector reads this platform (params: platform)
    NO_RECORDING = "no_recording"  # a replay has no recording of a request
    BUG = "bug"  # the collector crashed (params: error, the exception's class)
    PARTIAL = "partial"  # collected, but some of the month may be missing (see the channel's notes)
    # Faults of the answer itself or of time (issue 9); each makes the channel incomplete, never "0 posts".
    MALFORMED = "malformed"  # not the platform's documented shape: not UTF-8, not JSON/XML, keys missing, cut off
    BLOCKED = "blocked"  # an HTML page (login wall, consent page, firewall) where the platform's data belongs
    TRUNCATED = "truncated"  # the connection ended before the whole answer arrived
    TOO_LARGE = "too_large"  # an answer larger than any real one could be; abandoned unread
    TIMEOUT = "timeout"  # the host did not answer in time (or timed out repeatedly in this scan)
    BUDGET = "budget"  # the channel's or the scan's time budget ran out ([scan] in auditor.toml)
    RETRY_LATER = "retry_later"  # the platform asked for a longer wait than allowed (params: retry_at, ISO UTC)
    NOT_SCANNED = "not_scanned"  # no scan of the month has read this configured channel (a scan narrowed by --district/--platform)
    # A posts file (check --posts) is a collection too: its lines that could not be read are posts not collected.
    # One status per district and platform ("*": not known) however many lines; missing_at_most = n: a
    # line is at most one post, so a count rule short of more than n stays failed (engine._may_close).
    POSTS_FILE = "posts_file"  # params: file, lines (the first LINES_SHOWN), n, more, missing_at_most; unattributed: some name no district


class Problem(StrEnum):
    """What exactly is wrong, for kinds auth and config (params['problem'])."""

    TOKEN_MISSING = "token_missing"  # params: env
    TOKEN_EXPIRED = "token_expired"  # params: env
    TOKEN_INVALID = "token_invalid"  # params: env
    KEY_INVALID = "key_invalid"  # a YouTube Data API key; params: env
    SITE_REFUSED = "site_refused"  # a website answered 401/403
    PAGE_ID = "page_id"  # a Facebook page id that does not exist or is not visible; params: account
    IG_USER_ID = "ig_user_id"  # Instagram needs the numeric user id, not a handle
    WEBSITE_KIND = "website_kind"  # params: value, kinds
    HTML_LISTING = "html_listing"  # kind "html" without listing_url and selectors


class ChannelNote(StrEnum):
    """Something to know about a channel that was collected (Context.note, ChannelStatus.notes)."""

    READ_THROUGH = "read_through"  # params: source, failed (sources: wordpress, rss, html)
    DEAD_LINK = "dead_link"  # params: url, cause
    LINK_NOT_CHECKED = "link_not_checked"  # a link check that could not be made (partial); params: url, cause
    FEED_LATEST_ONLY = "feed_latest_only"  # params: n, env
    STOPPED_AFTER_PAGES = "stopped_after_pages"  # params: n
    ARTICLE_NOT_READ = "article_not_read"  # params: url
    EXCERPTS_ONLY = "excerpts_only"  # params: n, read
    NOT_A_VIDEO_LINK = "not_a_video_link"  # params: url, platform
    ITEM_SKIPPED = "item_skipped"  # params: item
    NO_TOKEN_LINKS_ONLY = "no_token_links_only"  # params: env, links
    UNREADABLE_ANSWER = "unreadable_answer"  # params: url
    REPEATED_PAGE = "repeated_page"  # paging served an earlier page again; params: page (when numbered)
    EMPTY_PAGE = "empty_page"  # an empty page that still promised more; params: page, total
    GARBLED_ITEM = "garbled_item"  # an item whose text was decoded wrongly: skipped, stored copy kept; params: item


class PostNote(StrEnum):
    """Why a post did (not) count, beside its findings (EvaluatedPost.notes, PostFinding.notes)."""

    UNRELATED = "unrelated"
    TEXT_PARTIAL = "text_partial"
    SELF_REPORTED = "self_reported"
    CHECK_CRASHED = "check_crashed"  # params: rule, error
    MISSING_HASHTAGS = "missing_hashtags"  # params: tags
    NEAR_MISS = "near_miss"  # params: found, expected, reason (a NearReason)
    PAGE_NOT_TAGGED = "page_not_tagged"
    TAG_INVISIBLE = "tag_invisible"  # params: tag
    TAG_VARIANT = "tag_variant"  # params: tag, label


class NearReason(StrEnum):
    """Kinds of near miss (hashtags.NearMiss.reason)."""

    TYPO = "typo"
    SPLIT = "split"
    GLUED = "glued"
    UNLINKED = "unlinked"
    TRUNCATED = "truncated"
    ABBREVIATION = "abbreviation"


class Detail(StrEnum):
    """What a monthly check saw (MonthlyOutcome.detail)."""

    POSTS_COUNTED = "posts_counted"  # params: n, need
    PLATFORMS_COUNTED = "platforms_counted"  # params: platforms, n, need
    ACTIVITIES_COUNTED = "activities_counted"  # params: platform, n, found, need
    REPORTS_NOT_IMPORTED = "reports_not_imported"
    REPORT_ON_TIME = "report_on_time"  # params: sent, deadline (ISO dates)
    REPORT_LATE = "report_late"  # params: sent, late, deadline
    REPORT_NOT_DUE = "report_not_due"  # params: deadline
    REPORT_MISSING = "report_missing"  # params: deadline
    FIGURE_NOT_IMPORTED = "figure_not_imported"  # params: label
    FIGURE_VS_TARGET = "figure_vs_target"  # params: label, value, need
    FIGURE_VS_MIN = "figure_vs_min"  # params: label, value, need
    FIGURE_CARRIED = "figure_carried"  # a running total with no figure this month; params: label, value, need, from_month
    FIGURE_NO_TARGET = "figure_no_target"  # the targets table has no row for the district; params: label, value, table (the targets file)
    FIGURE_IMPOSSIBLE = "figure_impossible"  # more than can be; params: label, value, limit, limit_of (LIMITS)
    RULE_CRASHED = "rule_crashed"  # params: error


class TodoCode(StrEnum):
    """What a district still has to do, what happened, or what the province must do (Todo.code).
    Each is emitted by one check; advice phrases it whatever rule id reuses that check."""

    MORE_POSTS = "more_posts"  # min-counted-posts; n
    MORE_CHANNELS = "more_channels"  # min-platforms; n, platforms (those that already count)
    MORE_ACTIVITIES = "more_activities"  # min-activities; n, params: platform
    SEND_REPORT = "send_report"  # report-submitted, not yet due; params: deadline
    REPORT_LATE = "report_late"  # report-submitted (fact); params: sent, late, deadline
    REPORT_MISSING = "report_missing"  # report-submitted (fact); params: deadline
    IMPORT_REPORTS = "import_reports"  # report-submitted (note)
    IMPORT_FIGURES = "import_figures"  # figure checks (note); params: label
    RAISE_FIGURE = "raise_figure"  # figure checks; n, params: label, todo_th (the ruleset's phrase)
    ADD_TARGET = "add_target"  # figure checks (note): the district has no target row; params: label, table
    CHECK_FIGURE = "check_figure"  # figure checks (note): the figure is impossible; params: label, value, limit, limit_of
    RECHECK = "recheck"  # the engine (note): a channel the rule depends on was not collected; params: channels
    NOT_CONFIGURED = "not_configured"  # the engine (note): no channel on any platform the rule depends on; params: platforms


class TodoKind(StrEnum):
    """What a to-do is: for the district to do, a fact that cannot be undone, or a note for the province."""

    TODO = "todo"
    FACT = "fact"
    NOTE = "note"


class DataNote(StrEnum):
    """Notes on the month's data, shown on the overview (scorecards' top-level warnings)."""

    SEED_DOWNLOADS = "seed_downloads"  # params: file, row, district, printed, total
    SEED_SIGNUPS = "seed_signups"  # params: file, row, district, printed, operators, target
    SEED_TOTAL = "seed_total"  # params: printed, total
    FIGURE_FELL = "figure_fell"  # a running total below an earlier month's; params: district, metric, month, value, previous_month, previous
    NO_TARGETS = "no_targets"  # no targets table for the province (no [targets] file); params: province
    CHANNEL = "channel"  # a collected channel's note; params: office, platform, account, note {code, params}
    OVERRIDE_NOT_APPLIED = "override_not_applied"  # an override whose post, activity or rule is not in the month; params: id, action, target, district
    POSTS_FILE_LINES = "posts_file_lines"  # lines of the posts file were skipped; params: file, lines (the first LINES_SHOWN), n
    POSTS_FILE_ANY_DISTRICT = "posts_file_any_district"  # of them, lines that name no district; params: file, lines, n


class OverrideAction(StrEnum):
    """What the province decided over the machine's verdict (models.Override.action)."""

    COUNT = "count"  # a post counts (target: platform:post_id)
    REJECT = "reject"  # a post does not count
    ASSIGN = "assign"  # a post belongs to a district (district)
    ACCEPT = "accept"  # an activity counts (target: activity id)
    WAIVE = "waive"  # a monthly rule passes for one district-month (target: rule id, district)
    REVOKE = "revoke"  # an earlier entry no longer holds (revokes: its id)


class OverrideStatus(StrEnum):
    """Where an entry of the judgment log stands: scorecards.json overrides[].status (the month's
    decisions in effect) and `auditor override list` (every entry)."""

    APPLIED = "applied"  # it changed something in a district evaluated
    NOT_FOUND = "not_found"  # its post, activity or rule is not in the month (deleted, private, another month)
    NOT_EVALUATED = "not_evaluated"  # found, in a district this run did not evaluate
    SUPERSEDED = "superseded"  # a later decision on the same thing holds (superseded_by: its id)
    IN_EFFECT = "in_effect"  # the log alone: neither revoked nor superseded
    REVOKED = "revoked"  # a later entry revokes it (revoked_by)
    REVOCATION = "revocation"  # it revokes an earlier entry (revokes)


class Reevaluation(StrEnum):
    """Why recording or revoking a decision did not re-evaluate its month (the decision is kept)."""

    NO_OUTPUTS = "override_no_outputs"  # the month was never evaluated; params: month
    POSTS_FILE = "override_posts_file"  # evaluated from a posts file the store does not keep; params: month, file ('' unknown)


class Limit(StrEnum):
    """What an imported figure cannot exceed (params['limit_of'])."""

    OPERATORS = "operators"  # sign-ups: the district's OTOP operators
    GROUP = "group"  # downloads: the download target group


class Reason(StrEnum):
    """How a reported link compares with the collected posts (reconciliation problems)."""

    INVALID_URL = "invalid_url"
    DUPLICATE = "duplicate"  # params: other (the first row)
    NOT_COUNTED = "not_counted"
    OUTSIDE_MONTH = "outside_month"  # params: when (ISO time)
    DEAD = "dead"  # params: detail ('HTTP 404', or None: unreachable)
    NOT_COLLECTED = "not_collected"
    NOT_FOUND = "not_found"
    CHECK_FAILED = "check_failed"  # params: detail
    NOT_A_POST = "not_a_post"
    SELF_REPORTED = "self_reported"


class Unattributed(StrEnum):
    """Why a post was given to no district (Attribution.reason)."""

    NO_SIGNAL = "no_signal"
    SEVERAL_TAGS = "several_tags"  # params: districts
    SEVERAL_NAMES = "several_names"  # params: districts


class SendProblem(StrEnum):
    """Why a notification was not sent (auditor.notify): the outcome of one recipient's send."""

    NO_CREDENTIAL = "no_credential"  # the password or token variable is not set; params: env
    NO_TRANSPORT = "no_transport"  # [notify.email] has no host or from address; params: missing
    AUTH = "auth"  # the service refused the credential; params: status, detail
    REJECTED = "rejected"  # the service refused this message or recipient for good; params: status, detail
    RATE_LIMIT = "rate_limit"  # still rate-limited after the retries; params: status, detail
    QUOTA = "quota"  # LINE: the month's message quota is used up; params: status, detail
    UNAVAILABLE = "unavailable"  # the service kept failing (5xx, SMTP 4xx) through the retries; params: status, detail
    NETWORK = "network"  # the connection failed during a send (dropped, timed out); params: detail
    # The channel's set-up: every send of the run would meet it, so the run stops using the channel
    UNREACHABLE = "unreachable"  # no connection in any try (refused, unknown host, no answer); params: server, setting, detail, attempts
    TLS = "tls"  # SMTP: the TLS handshake failed (security vs port, certificate); params: server, detail
    NO_STARTTLS = "no_starttls"  # SMTP: security = "starttls" but the server does not offer it; params: server, detail
    SMTP_NO_AUTH = "smtp_no_auth"  # SMTP: `user` is set but the server offers no login here; params: server, detail
    NOT_TRIED = "not_tried"  # not attempted: the channel failed for good earlier in the run; params: first (a SendProblem)
# ---------------------------------------------------------------- what an operator is told
# Errors and problems of the commands themselves (auditor.errors carries them as `code` and
# `params`; import rows as RowError.code); worded for the terminal in auditor.present.words.operator.


class ConfigCode(StrEnum):
    """What is wrong with auditor.toml. Every one has params `where`: the file and key path as the
    English message names it ('auditor.toml: offices[3] (khemarat).office_hashtags')."""

    NOT_FOUND = "config_not_found"
    UNREADABLE = "config_unreadable"  # params: error
    NOT_TOML = "config_not_toml"  # params: error (tomllib's, with line and column)
    SECRET = "config_secret"  # a token or key written into the file
    UNKNOWN_KEY = "config_unknown_key"  # params: close (the nearest known key) or known (all of them)
    WRONG_TYPE = "config_wrong_type"  # params: expected (one of EXPECTED), value (repr) when shown
    MISSING = "config_missing"  # a required string is missing
    NO_OFFICES = "config_no_offices"
    DUPLICATE_ID = "config_duplicate_id"  # params: value
    OFFICE_KIND = "config_office_kind"  # params: value
    HASHTAGS = "config_hashtags"  # office_hashtags is not a list of '#…' strings
    NO_OFFICE_HASHTAG = "config_no_office_hashtag"  # params: example
    UNKNOWN_PLATFORM = "config_unknown_platform"  # params: value, known
    URL_NEEDED = "config_url_needed"  # params: value
    ID_NEEDED = "config_id_needed"  # a web address where an id belongs; params: value, put (the id read from it) or None
    CONTACT = "config_contact"  # params: value, kind ('email' or 'line'), invisible (the U+XXXX it holds, or '')
    DEADLINE_DAY = "config_deadline_day"  # params: value
    TIMEZONE = "config_timezone"  # params: value
    BASE_URL = "config_base_url"  # params: value


class UsageCode(StrEnum):
    """A command-line value or situation the command cannot go on with (exit 2, or 4 when busy)."""

    MONTH_FORMAT = "month_format"  # params: value
    MONTH_NUMBER = "month_number"  # params: value
    MONTH_DIGITS = "month_digits"  # params: value, example
    MONTH_YEAR = "month_year"  # params: value, year
    FISCAL_YEAR = "fiscal_year"  # params: value (not a year such as 2568 or 2025)
    AS_OF_FORMAT = "as_of_format"  # params: value
    AS_OF_DATE = "as_of_date"  # params: value (a date that does not exist)
    AS_OF_BEFORE = "as_of_before"  # params: value, month
    UNKNOWN_DISTRICT = "unknown_district"  # params: values, suggestions ({value: id}), example, path
    NO_STORE = "no_store"  # params: path, month (None: any)
    NEVER_SCANNED = "never_scanned"  # params: path, month
    NO_SCORECARDS = "no_scorecards"  # params: path, month
    STORE_BUSY = "store_busy"  # params: path, lock, wait
    STORE_NOT_WRITABLE = "store_not_writable"  # SQLite may not write the file or its folder; params: path, error
    NO_USABLE_POST = "no_usable_post"  # params: path, skipped
    NO_USABLE_ROW = "no_usable_row"  # params: path, skipped
    NO_RECORDINGS = "no_recordings"  # params: path, month, missing, total
    CHROMIUM_MISSING = "chromium_missing"  # params: folder (where the HTML was written)
    FILE_ERROR = "file_error"  # an operating-system error on a file; params: path, error
    # `auditor override`: a decision the log cannot take (nothing is stored then)
    OVERRIDE_ACTION = "override_action"  # params: value, actions
    WAIVE_RULE = "override_waive_rule"  # params: value, ruleset, rules (the monthly rules)
    DISTRICT_NOT_FOR = "override_district_not_for"  # params: action
    DISTRICT_REQUIRED = "override_district_required"  # params: action
    NO_OVERRIDE = "override_missing"  # params: id
    REVOKE_REVOCATION = "override_revoke_revocation"  # params: id
    ALREADY_REVOKED = "override_already_revoked"  # params: id, by
    EMPTY_FLAG = "override_empty_flag"  # params: flag (--reason or --by)
    POST_REF = "post_ref"  # params: value (neither platform:post_id nor a link)
    NO_POST = "post_missing"  # params: value (platform:post_id not in the store)
    NO_POST_LINK = "post_link_missing"  # params: value (a link no stored post has)
    ACTIVITY_ID = "activity_id"  # params: value
    POST_MONTH = "override_post_month"  # a post published in another month; params: value, month, post_month, published
    NO_ACTIVITY = "override_no_activity"  # an activity id the month does not have; params: value, month, near (ids)
    # `auditor notify --as-of` that is not the instant the month's stored scorecards were audited at
    NOTIFY_AS_OF_WHOLE = "notify_as_of_whole"  # params: value, month (stored: the whole month)
    NOTIFY_AS_OF_OTHER = "notify_as_of_other"  # params: value, month, when (the stored as_of)
    NO_EVIDENCE = "no_evidence"  # `auditor evidence`: nothing selected; params: month, post or district (or neither)


class InputCode(StrEnum):
    """A posts file, report sheet or figures sheet that cannot be read at all (params: path)."""

    FILE_NOT_FOUND = "file_not_found"
    FILE_TYPE = "file_type"  # params: suffix
    FILE_EMPTY = "file_empty"
    FILE_UNREADABLE = "file_unreadable"  # params: error
    ENCODING = "file_encoding"  # neither UTF-8 nor cp874
    NOT_UTF8 = "file_not_utf8"  # a posts file saved in another encoding as a whole; params: encoding (utf-16, utf-32, cp874)
    NO_SHEET = "no_sheet"  # params: sheet, sheets
    MISSING_COLUMN = "missing_column"  # params: columns ({field: [aliases]}), headers, sheets (others in the workbook)
    NO_FIGURE_COLUMN = "no_figure_column"  # params: columns, headers, sheets
    UNKNOWN_FIELD = "unknown_field"  # a [reports.columns] / [figures.columns] key; params: value, known
    DAMAGED_SHEET = "damaged_sheet"  # params: sheet, row (the last whole one), error (the parser's exception name)
    NOT_A_PACK = "not_a_pack"  # `auditor evidence verify`: no readable manifest.json; params: path, error
    NO_PACK = "no_pack"  # a folder without manifest.json; params: path
    NO_DATA_ROWS = "no_data_rows"  # a header and nothing under it; params: sheets (others in the workbook)


class RowCode(StrEnum):
    """A row of a report or figures sheet: why it was skipped, or what to know about it (params:
    column, the header as written; value, the cell as read)."""

    EMPTY = "row_empty"
    UNKNOWN_DISTRICT = "row_unknown_district"  # params: suggestion (an id) or None
    NO_URL = "row_no_url"
    NO_URL_GIVEN = "row_no_url_given"
    BAD_DATE = "row_bad_date"  # params: error (English)
    NOT_WHOLE = "row_not_whole"
    NEGATIVE = "row_negative"
    TOO_LARGE = "row_too_large"  # params: limit (no district reaches it: a typo)
    NOT_A_URL = "row_not_a_url"  # warning: a piece of the cell that looked like a broken link
    DATE_OUTSIDE = "row_date_outside"  # warning; params: date, month
    SENT_BEFORE = "row_sent_before"  # warning; params: when, month
    DISTRICT_TWICE = "row_district_twice"  # warning; params: district, other (the earlier row)
    CP874 = "row_cp874"  # warning: the file was read as Thai Windows text; params: byte
    ABOVE_LIMIT = "row_above_limit"  # params: value, limit, what (otop_operators | download_group)
    FALLING = "row_falling"  # warning: a running total below an earlier month's; params: value, month, earlier_month, earlier


class LineCode(StrEnum):
    """Why a line of a posts file was skipped (posts_io.LineError.code; params: field, the key path
    as the contract names it, '(line)' for the whole line)."""

    NOT_UTF8 = "line_not_utf8"  # params: byte (its offset in the line)
    NOT_JSON = "line_not_json"  # params: problem (the json module's words), column
    TOO_DEEP = "line_too_deep"  # nested deeper than can be read
    NOT_OBJECT = "line_not_object"  # params: got (a JSON type)
    MISSING = "line_missing"  # a required field is missing; params: field
    WRONG_TYPE = "line_wrong_type"  # params: field, expected (JSON types), got
    NOT_ONE_OF = "line_not_one_of"  # params: field, value (short repr), allowed
    EMPTY = "line_empty_value"  # params: field
    BAD_TIME = "line_bad_time"  # not an RFC 3339 time with an offset in 1900-2200; params: field, problem (English)
    UNKNOWN_DISTRICT = "line_unknown_district"  # params: field, value
    INVALID = "line_invalid"  # any other breach of the contract; params: field, problem (English)


LINES_SHOWN = 20  # a skipped line's number is listed up to this many; then "and N more"


class PackProblem(StrEnum):
    """Why a file of an evidence pack does not verify."""

    MISSING = "missing"
    CHANGED = "changed (SHA-256 differs from the manifest)"
    UNREADABLE = "unreadable"  # params: error
    PAYLOAD_HASH = "its canonical SHA-256 differs from payload.sha256"
    UNLISTED = "not in the manifest (added to the pack after it was written)"


class Coded(str):
    """An English sentence that is a plain str for logs and tests, and carries its code and
    parameters so that the terminal words it from the catalog (an import's row warnings)."""

    code: str
    params: dict

    def __new__(cls, text: str, code: str, **params):
        said = super().__new__(cls, text)
        said.code, said.params = code, params
        return said


@dataclass(frozen=True)
class Note:
    """A code with parameters: what a stage has to say, for the presentation to word."""

    code: str
    params: dict = field(default_factory=dict, compare=False, hash=False)

    def to_dict(self) -> dict:
        return {"code": str(self.code), "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: dict) -> "Note":
        return cls(str(data.get("code", "")), dict(data.get("params") or {}))

    def __eq__(self, other) -> bool:
        return isinstance(other, Note) and (self.code, self.params) == (other.code, other.params)

    def __hash__(self) -> int:
        return hash((str(self.code), repr(sorted(self.params.items()))))  # an enum member hashes by its name


@dataclass(frozen=True)
class Todo:
    """What a rule that did not pass still needs: `n` more of something, on `platforms`."""

    code: str
    n: int | None = None
    platforms: tuple[str, ...] = ()
    params: dict = field(default_factory=dict, compare=False, hash=False)
    kind: str = TodoKind.TODO

    def to_dict(self) -> dict:
        return {"code": str(self.code), "n": self.n, "platforms": list(self.platforms), "params": dict(self.params),
                "kind": str(self.kind)}

    @classmethod
    def from_dict(cls, data: dict) -> "Todo":
        return cls(str(data.get("code", "")), data.get("n"), tuple(data.get("platforms") or ()),
                   dict(data.get("params") or {}), str(data.get("kind") or TodoKind.TODO))
