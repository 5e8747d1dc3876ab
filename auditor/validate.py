"""Small typed validators for the files people edit by hand (auditor.toml, ruleset YAML).

A validator is a function of a value that returns None when the value is acceptable, else the
problem in a few words ("expected a whole number, got 'two'"); the caller puts the file and the
key in front: "auditor.toml: offices[3] (khemarat).channels.tiktok.links: expected …". Schemas
are plain dicts of key → validator, so a table of platforms can carry its own.

Hand-written rather than jsonschema or pydantic: both echo the offending value in their
messages (a token pasted into token_env must never be repeated), neither suggests the closest
known key, and the messages would need translating back into the file's own words anyway; the
whole vocabulary needed here is the dozen functions below.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable

Validator = Callable[[object], "str | None"]

ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Prefixes of real credentials: Meta Graph tokens, Google API keys and OAuth tokens, GitHub,
# Slack, OpenAI-style keys, JWTs.
TOKEN_PREFIXES = ("EAA", "AIza", "ya29.", "ghp_", "gho_", "github_pat_", "xoxb-", "xoxp-", "sk-", "eyJ", "IGQ")


def looks_like_token(text: str) -> bool:
    """Whether a string looks like a credential rather than a variable name: a known token prefix,
    a Graph app token 'id|secret', or a long run of letters and digits with no separator (20 or
    more mixing letters and digits, or 32 or more of anything): names are short words joined by _."""
    s = text.strip()
    if (s.startswith(TOKEN_PREFIXES) and len(s) >= 16) or ("|" in s and len(s) >= 20):
        return True
    for run in re.findall(r"[A-Za-z0-9]+", s):
        mixed = any(c.isalpha() for c in run) and any(c.isdigit() for c in run)
        if len(run) >= 32 or (len(run) >= 20 and mixed):
            return True
    return False


def describe(value) -> str:
    """A short description of a value for a message: short scalars as written, containers by kind."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        if looks_like_token(value):
            return "a value that looks like a token (not repeated here)"
        return repr(value) if len(value) <= 40 else repr(value[:37] + "...")
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a table (mapping)"
    return "an empty value" if value is None else type(value).__name__


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for the closest known name, else the known names, else ''."""
    known = [str(k) for k in known]
    close = difflib.get_close_matches(str(name), known, n=1)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (expected one of: {', '.join(known)})" if known else ""


# --- validators -------------------------------------------------------------------------------

def string(value) -> str | None:
    """Any string (in quotes)."""
    return None if isinstance(value, str) else f"expected a string (in quotes), got {describe(value)}"


def nonempty_string(value) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return f"expected a non-empty string (in quotes), got {describe(value)}"
    return None


def http_url(value) -> str | None:
    """An http(s) URL."""
    if not isinstance(value, str) or not re.match(r"(?i)https?://[^\s/]+", value.strip()):
        return f"expected an http(s) URL such as \"https://example.go.th/\", got {describe(value)}"
    return None


def env_name(value) -> str | None:
    """The NAME of an environment variable; a value that looks like a token is refused without repeating it."""
    example = 'e.g. "AUDITOR_FACEBOOK_TOKEN"'
    if not isinstance(value, str):
        return f"expected the name of an environment variable in quotes, {example}, got {describe(value)}"
    if value == "":
        return None  # not set: the platform's default or nothing
    if looks_like_token(value):
        return ("this looks like a token itself, not the name of an environment variable (the value is not "
                f"repeated here); put the token in an environment variable and write that variable's name, {example}. "
                "Renew the token: it has been written in a file")
    if not ENV_NAME.fullmatch(value):
        return f"expected the name of an environment variable (letters, digits and _), {example}"
    return None


def boolean(value) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, got {describe(value)}"


def whole(minimum: int | None = None, maximum: int | None = None) -> Validator:
    """A whole number (not true/false), optionally within bounds."""
    def check(value) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expected a whole number, got {describe(value)}"
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            bounds = f"from {minimum} to {maximum}" if maximum is not None else f"of at least {minimum}"
            return f"expected a whole number {bounds}, got {value}"
        return None
    return check


def number(minimum: float, maximum: float) -> Validator:
    """A number (whole or not) within bounds."""
    def check(value) -> str | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not minimum <= value <= maximum:
            return f"expected a number from {minimum} to {maximum}, got {describe(value)}"
        return None
    return check


def one_of(choices: Iterable[str]) -> Validator:
    choices = tuple(choices)

    def check(value) -> str | None:
        if isinstance(value, str) and value in choices:
            return None
        hint = did_you_mean(value, choices) if isinstance(value, str) else f" (expected one of: {', '.join(choices)})"
        return f"{describe(value)} is not allowed{hint}"
    return check


def list_of(item: Validator, what: str, example: str = "", nonempty: bool = False) -> Validator:
    """A list whose every item passes `item`; `what` names the items ("URLs"), `example` shows one."""
    def check(value) -> str | None:
        if not isinstance(value, list):
            shown = f", e.g. {example}" if example else ""
            return f"expected a list of {what} in brackets{shown}, got {describe(value)}"
        if nonempty and not value:
            return f"expected at least one of {what}"
        for i, v in enumerate(value):
            problem = item(v)
            if problem:
                return f"[{i}]: {problem}"
        return None
    return check


def either(*validators: Validator) -> Validator:
    """Accepted when any validator accepts; otherwise the last one's problem."""
    def check(value) -> str | None:
        problems = [v(value) for v in validators]
        return None if any(p is None for p in problems) else problems[-1]
    return check


def check_table(where: str, table: dict, schema: dict[str, Validator], raise_error) -> None:
    """Run each key's validator on the table's value; `raise_error(message)` on the first problem.

    A problem starting with '[' or '.' (a list item, a nested key) is joined to the key directly.
    """
    for key, value in table.items():
        validator = schema.get(key)
        problem = validator(value) if validator else None
        if problem:
            raise_error(f"{where}.{key}{'' if problem.startswith(('[', '.')) else ': '}{problem}")
