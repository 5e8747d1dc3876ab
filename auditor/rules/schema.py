"""What a ruleset YAML may say, checked when it is loaded, so a typo is refused with
`FILE: path: problem` (exit 2) instead of crashing the audit or quietly changing verdicts:
`parms:` or `min_posts: "two"` made a rule unknown everywhere, `depends_on: [facebok]` turned a
Facebook outage into a fail, a misspelt classify check crashed every post.

Each check's parameters have a schema here (CHECK_PARAMS, kept in step with the check
registries by a test). Parameters a rule takes from the ruleset (`$name`) are checked after
overrides are applied, and a problem names where the value came from: the ruleset's
`parameters` or the config's `[ruleset.parameters]`.
"""

from __future__ import annotations

import json

from auditor import validate as v
from auditor.errors import RulesetError
from auditor.models import PLATFORMS
from auditor.selfreport.imports import METRICS

KINDS = ("promotion", "activity", "unrelated")
RULESET_KEYS = ("id", "version", "title", "example_district", "parameters", "classify", "post_checks", "monthly", "extends")
REQUIRED_KEYS = ("id", "version", "title", "parameters", "classify", "post_checks", "monthly")
RULE_KEYS = ("id", "title", "short", "check", "applies_to", "platforms", "depends_on", "params", "examples")
CLASSIFY_KEYS = ("related", "activity", "examples")
CLASSIFIER_KEYS = ("check", "params")
TITLE_KEYS = ("th", "en")


def _hashtag(value) -> str | None:
    if isinstance(value, str) and value.strip().startswith(("#", "＃")) and len(value.strip()) > 1:
        return None
    return f"expected a hashtag in quotes starting with '#', got {v.describe(value)}"


def _page_id(value) -> str | None:
    if isinstance(value, str) and value.isdigit():
        return None
    return (f"expected a numeric Facebook page id in quotes (page tags carry ids, never names), "
            f"e.g. \"100064810338135\", got {v.describe(value)}")


_MIN = v.whole(0)
_WORDS = v.list_of(v.nonempty_string, "words or phrases in quotes", '["ประชุม", "อบรม"]')
_TAGS = v.list_of(_hashtag, "hashtags", '["#คลิกชุมชน", "#Clickชุมชน"]', nonempty=True)
_KIND_LIST = v.list_of(v.one_of(KINDS), "post kinds", '[promotion, activity]', nonempty=True)
_LABEL = v.nonempty_string

# check name → parameter → (validator, required)
CHECK_PARAMS: dict[str, dict[str, tuple[v.Validator, bool]]] = {
    # classifiers
    "related": {"tags": (_TAGS, True), "names": (_WORDS, True)},
    "activity-keywords": {"keywords": (_WORDS, True)},
    # post checks
    "required-hashtags": {"tags": (_TAGS, True), "office_tag": (v.boolean, False)},
    "page-tagged": {"page_ids": (v.list_of(_page_id, "page ids", '["100064810338135"]', nonempty=True), True)},
    # monthly checks
    "min-counted-posts": {"min": (_MIN, True), "kinds": (_KIND_LIST, False)},
    "min-platforms": {"min": (_MIN, True), "kinds": (_KIND_LIST, False), "include_self_reported": (v.boolean, False)},
    "min-activities": {"min": (_MIN, True), "platform": (v.one_of(PLATFORMS), False)},
    "report-submitted": {"day": (v.whole(1, 28), True)},
    "figure-at-least-target": {"metric": (v.one_of(METRICS), True), "target": (v.one_of(("shop_signups", "app_downloads")), True),
                               "share": (v.number(0, 1), False), "label_th": (_LABEL, False), "todo_th": (_LABEL, False)},
    "figure-at-least": {"metric": (v.one_of(METRICS), True), "min": (_MIN, True), "label_th": (_LABEL, False),
                        "todo_th": (_LABEL, False)},
}
# Parameters the engine itself reads by name (activity grouping, self-reports), beyond their defaults' types.
PARAMETER_TYPES: dict[str, v.Validator] = {
    "activity_similarity": v.number(0, 100),
    "activity_max_days_apart": v.whole(0, 31),
    "activity_min_words": v.whole(0),
    "activity_boilerplate": v.list_of(v.nonempty_string, "phrases in quotes"),
    "click_names": _WORDS,
    "self_reported_platforms": v.list_of(v.one_of(PLATFORMS), "platforms", "[line]"),
    "report_deadline_day": v.whole(1, 28),
}


def refuse(message: str):
    raise RulesetError(message)


def check_keys(where: str, table, known, what: str = "key") -> None:
    """Refuse a table that is not a mapping, or an unknown (probably misspelt) key in it."""
    if not isinstance(table, dict):
        refuse(f"{where}: expected a mapping, got {v.describe(table)}")
    for name in table:
        if name not in known:
            key = f"{where} {name}" if where.endswith(":") else f"{where}.{name}"
            refuse(f"{key}: unknown {what}{v.did_you_mean(name, known)}")


def check_top(path, data: dict) -> None:
    """One file's top level: known keys and the shape of each section."""
    check_keys(f"{path}:", data, RULESET_KEYS)
    for name, expected in (("parameters", dict), ("classify", dict), ("post_checks", list), ("monthly", list)):
        if name in data and data[name] is not None and not isinstance(data[name], expected):
            kind = "a mapping" if expected is dict else "a list of rules"
            refuse(f"{path}: {name}: expected {kind}, got {v.describe(data[name])}")
    if "title" in data:
        check_title(f"{path}: title", data["title"])
    if "example_district" in data and v.nonempty_string(data["example_district"]):
        refuse(f"{path}: example_district: expected a district id from the registry, got {v.describe(data['example_district'])}")
    if "extends" in data and v.nonempty_string(data["extends"]):
        refuse(f"{path}: extends: expected the file name of the ruleset this one extends, got {v.describe(data['extends'])}")


def check_title(where: str, title) -> None:
    if not isinstance(title, dict):
        refuse(f"{where}: expected a mapping of th and en, e.g. {{th: …, en: …}}, got {v.describe(title)}")
    check_keys(where, title, TITLE_KEYS)
    if "th" not in title:
        refuse(f"{where}.th: required (the Thai title)")
    v.check_table(where, title, dict.fromkeys(TITLE_KEYS, v.string), refuse)


def like(default) -> v.Validator:
    """A validator accepting values of the same type as a parameter's default."""
    example = json.dumps(default, ensure_ascii=False)
    example = example if len(example) <= 60 else ""
    if isinstance(default, bool):
        return v.boolean
    if isinstance(default, int):
        return v.whole()
    if isinstance(default, float):
        return v.number(float("-inf"), float("inf"))
    if isinstance(default, str):
        return v.string
    if isinstance(default, list):
        item = like(default[0]) if default else (lambda value: None)
        what = "strings" if default and isinstance(default[0], str) else "values"
        return v.list_of(item, what, example)
    if isinstance(default, dict):
        return lambda value: None if isinstance(value, dict) else f"expected a mapping, got {v.describe(value)}"
    return lambda value: None


def check_overrides(ruleset_id: str, defaults: dict, overrides: dict, source: str) -> None:
    """Overrides (e.g. auditor.toml [ruleset.parameters]) name known parameters and keep their types."""
    for name, value in overrides.items():
        where = f"{source}.{name}"
        if name not in defaults:
            refuse(f"{where}: not a parameter of ruleset {ruleset_id}{v.did_you_mean(name, defaults)}")
        problem = like(defaults[name])(value) or PARAMETER_TYPES.get(name, lambda _: None)(value)
        if problem:
            refuse(f"{where}{'' if problem.startswith('[') else ': '}{problem}")


def check_parameters(params: dict, origin) -> None:
    """The parameters the engine reads by name, after overrides; origin(name) says where each came from."""
    for name, validator in PARAMETER_TYPES.items():
        if name in params:
            problem = validator(params[name])
            if problem:
                refuse(f"{origin(name)}{'' if problem.startswith('[') else ': '}{problem}")


def check_params(where: str, check: str, raw: dict, resolved: dict, origin) -> None:
    """A rule's or classifier's params: known names, required ones present, each of its type.

    raw holds the values as written ('$min_posts'), resolved the values after parameters were
    filled in; a problem in a value taken from a parameter names the parameter's origin.
    """
    schema = CHECK_PARAMS.get(check, {})
    raw = raw if raw is not None else {}
    check_keys(f"{where}.params", raw, schema, "parameter")
    for name, (validator, required) in schema.items():
        if name not in raw:
            if required:
                refuse(f"{where}.params.{name}: required by check {check!r} (missing)")
            continue
        problem = validator(resolved[name])
        if not problem:
            continue
        ref, sep = raw[name], "" if problem.startswith("[") else ": "
        if isinstance(ref, str) and ref.startswith("$"):  # the value is a parameter's: name where it was written
            refuse(f"{origin(ref[1:])}{sep}{problem} (used by {where.split(': ', 1)[-1]}.params.{name})")
        refuse(f"{where}.params.{name}{sep}{problem}")


def check_rule(where: str, raw, scope: str) -> None:
    """A rule's own keys and their shapes (its params are checked by check_params)."""
    from auditor.rules.checks import MONTHLY_CHECKS, POST_CHECKS  # the registries live with the checks

    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        where = f"{where} ({raw['id']})"
    check_keys(where, raw, RULE_KEYS)
    for key in ("id", "check", "title"):
        if key not in raw:
            refuse(f"{where}.{key}: required key is missing")
    v.check_table(where, raw, {"id": v.nonempty_string}, refuse)
    registry = POST_CHECKS if scope == "post" else MONTHLY_CHECKS
    check = raw["check"]
    if not isinstance(check, str):
        refuse(f"{where}.check: expected the name of one {scope} check, got {v.describe(check)}"
               f"{v.did_you_mean(str(check), sorted(registry))}")
    if check not in registry:
        refuse(f"{where}.check: unknown {scope} check {check!r}{v.did_you_mean(check, sorted(registry))}")
    check_title(f"{where}.title", raw["title"])
    if "short" in raw:
        check_title(f"{where}.short", raw["short"])
    platform = v.one_of(PLATFORMS)
    depends = v.either(v.one_of(("*", *PLATFORMS)), v.list_of(platform, "platforms", "[facebook]"))
    v.check_table(where, raw, {
        "applies_to": v.list_of(v.one_of(KINDS), "post kinds", "[promotion, activity]", nonempty=True),
        "platforms": v.list_of(platform, "platforms", "[facebook]"),
        "depends_on": depends,
        "params": lambda value: None if isinstance(value, dict) or value is None else f"expected a mapping, got {v.describe(value)}",
        "examples": v.list_of(lambda e: None if isinstance(e, dict) else f"expected a mapping, got {v.describe(e)}", "examples"),
    }, refuse)


def check_classify(path, classify: dict) -> None:
    """classify: a `related` and an `activity` classifier, each a registered check with its params' shape."""
    from auditor.rules.checks import CLASSIFIERS

    check_keys(f"{path}: classify", classify, CLASSIFY_KEYS)
    for name in ("related", "activity"):
        where = f"{path}: classify.{name}"
        if name not in classify:
            refuse(f"{where}: required (a {{check, params}} mapping)")
        check_keys(where, classify[name], CLASSIFIER_KEYS)
        check = classify[name].get("check")
        if not isinstance(check, str):
            refuse(f"{where}.check: expected the name of one classifier, got {v.describe(check)}"
                   f"{v.did_you_mean(str(check), sorted(CLASSIFIERS))}")
        if check not in CLASSIFIERS:
            refuse(f"{where}.check: unknown classifier {v.describe(check)}{v.did_you_mean(str(check), sorted(CLASSIFIERS))}")
