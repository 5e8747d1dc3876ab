"""Typed errors. Each names the thing that was wrong; only cli.py turns them into exits."""


class AuditorError(Exception):
    """Base class for every error the library raises on purpose.

    `str(error)` is the English message (for logs and tests). The common errors also carry a
    `code` (auditor.codes: ConfigCode, UsageCode, InputCode) and `params` (data: paths, key paths,
    values; never a token), from which cli.py words them for the operator, Thai first. A plain
    message without a code keeps working: it is shown under its class's heading.
    """

    code: str | None = None
    params: dict = {}  # replaced per instance; never mutated

    def __init__(self, message: str = "", *, code: str | None = None, **params):
        super().__init__(message)
        if code is not None:
            self.code, self.params = code, params


class UsageError(AuditorError):
    """A command-line value (month, district id, flag) is not acceptable."""


class ConfigError(AuditorError):
    """The configuration file is missing, unreadable or has a bad key; the message names file, district and key."""


class InputError(AuditorError):
    """A posts file, report sheet or other input cannot be read at all."""


class RulesetError(AuditorError):
    """A ruleset YAML file is malformed, names an unknown check, or its examples disagree with it."""


class CollectorError(AuditorError):
    """A channel could not be collected: platform, account, a cause (English, for logs) and a
    `kind` (one of auditor.codes.Kind) with `params` (data, never a token) that reports word."""

    def __init__(self, platform: str, account: str, message: str, *, kind: str = "error", params: dict | None = None):
        self.platform = platform
        self.account = account
        self.kind = kind
        self.params = dict(params or {})
        super().__init__(f"{platform} {account}: {message}")
        self.cause = message


class StoreError(AuditorError):
    """The SQLite store cannot be opened or written."""


class StoreBusy(AuditorError):
    """Another auditor run holds the store's lock and did not let go within the wait."""
