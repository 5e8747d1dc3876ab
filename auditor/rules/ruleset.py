"""Rulesets: declarative YAML (rules/*.yaml) with stable ids, Thai and English titles,
parameters, and inline examples, backed by check functions registered by name."""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from auditor.errors import RulesetError
from auditor.resources import default_ruleset
from auditor.rules import schema
from auditor.rules.schema import KINDS  # noqa: F401  (re-exported: the kinds a post can be)


@dataclass(frozen=True)
class Rule:
    """One rule of a ruleset: a post check (per post) or a monthly rule (per district)."""

    id: str
    scope: str  # "post" or "monthly"
    check: str
    title_th: str
    title_en: str
    params: dict
    applies_to: tuple[str, ...] = ("promotion", "activity")
    platforms: tuple[str, ...] = ()  # empty: every platform
    depends_on: tuple[str, ...] = ("*",)  # platforms whose collection the verdict depends on
    examples: tuple[dict, ...] = ()
    short_th: str = ""  # a column header
    short_en: str = ""


@dataclass
class Ruleset:
    id: str
    version: str
    title_th: str
    title_en: str
    parameters: dict
    classify: dict
    post_rules: list[Rule]
    monthly_rules: list[Rule]
    classify_examples: list[dict] = field(default_factory=list)
    path: str = ""
    example_district: str = ""  # the district an inline example is about unless it names one
    # parameters the province set ([ruleset.parameters], [province] report_deadline_day) that
    # differ from the edition's: name -> (the edition's value, the effective value)
    overridden: dict = field(default_factory=dict)

    def overridden_parameters(self) -> list[dict]:
        """Every overridden parameter as scorecards.json records it: name, value, default."""
        return [{"name": k, "value": v, "default": d} for k, (d, v) in sorted(self.overridden.items())]

    @property
    def uses_targets(self) -> bool:
        """Whether a monthly rule compares imported figures with the district targets."""
        return any("target" in r.params for r in self.monthly_rules)

    def rule(self, rule_id: str) -> Rule:
        for r in (*self.post_rules, *self.monthly_rules):
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def load_ruleset(path: str | Path | None = None, overrides: dict | None = None,
                 overrides_source: str = "parameter overrides") -> Ruleset:
    """Load and validate a ruleset; overrides replace parameters (e.g. from auditor.toml).

    Everything is checked here (rules.schema): keys, check names, platforms, parameter types,
    and overrides against the types of the parameters they replace; `overrides_source` names
    where the overrides were written ("auditor.toml: ruleset.parameters") for the messages.
    """
    path = Path(path) if path else default_ruleset()
    data = _read(path)
    files = dict.fromkeys((data.get("parameters") or {}) if isinstance(data.get("parameters"), dict) else (), path)
    if "extends" in data:
        data, files = _extend(path, data)
    return _build(path, data, overrides or {}, overrides_source, files)


def _parse_yaml(text: str):
    """yaml.safe_load through libyaml's parser when PyYAML has it (the bundled edition loads in a
    few milliseconds instead of about a tenth of a second); a text it refuses is parsed again by
    the pure-Python SafeLoader, so the problem is worded (line, column, what) as it always was."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def _read(path: Path) -> dict:
    """One ruleset file, parsed and its top level checked."""
    try:
        data = _parse_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RulesetError(f"{path}: ruleset file not found") from None
    except yaml.YAMLError as exc:
        raise RulesetError(_yaml_problem(path, exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError(f"{path}: cannot read ruleset: {getattr(exc, 'strerror', None) or exc}") from None
    if not isinstance(data, dict):
        raise RulesetError(f"{path}: expected a mapping at the top level")
    schema.check_top(path, data)
    return data


def _extend(path: Path, data: dict) -> tuple[dict, dict[str, Path]]:
    """An edition that extends another: parameters and classify merge, rules add or replace by id.

    Also returns, for each parameter, the file that set it last (for messages)."""
    base_path = (path.parent / data["extends"]).resolve()
    if not base_path.is_file():
        raise RulesetError(f"{path}: extends: {data['extends']!r} not found next to it")
    base = _read(base_path)
    files = dict.fromkeys(base.get("parameters") or {}, base_path)
    if "extends" in base:
        base, files = _extend(base_path, base)
    files.update(dict.fromkeys(data.get("parameters") or {}, path))
    merged = {**base, **{k: v for k, v in data.items() if k not in ("parameters", "post_checks", "monthly", "extends")}}
    merged["parameters"] = {**(base.get("parameters") or {}), **(data.get("parameters") or {})}
    for key in ("post_checks", "monthly"):
        extra = {r["id"]: r for r in data.get(key) or [] if isinstance(r, dict) and isinstance(r.get("id"), str)}
        kept = [extra.pop(r["id"], r) if isinstance(r, dict) and isinstance(r.get("id"), str) else r for r in base.get(key) or []]
        merged[key] = kept + list(extra.values())
    return merged, files


def _build(path: Path, data: dict, overrides: dict, source: str, files: dict) -> Ruleset:
    for key in schema.REQUIRED_KEYS:
        if key not in data:
            raise RulesetError(f"{path}: {key}: required key is missing")
    params = dict(data["parameters"] or {})
    schema.check_overrides(str(data["id"]), params, overrides, source)
    overridden = {k: (params[k], v) for k, v in overrides.items() if params[k] != v}
    params.update(overrides)

    def origin(name: str) -> str:
        return f"{source}.{name}" if name in overrides else f"{files.get(name, path)}: parameters.{name}"

    schema.check_parameters(params, origin)
    title = data["title"] or {}
    schema.check_classify(path, data["classify"] or {})
    classify = _resolve(path, "classify", data["classify"], params)
    for name in ("related", "activity"):
        raw = data["classify"][name]
        schema.check_params(f"{path}: classify.{name}", raw["check"], raw.get("params"), classify[name].get("params") or {}, origin)
    post_rules = [_rule(path, f"post_checks[{i}]", raw, "post", params, origin) for i, raw in enumerate(data["post_checks"] or [])]
    monthly = [_rule(path, f"monthly[{i}]", raw, "monthly", params, origin) for i, raw in enumerate(data["monthly"] or [])]
    ids = [r.id for r in (*post_rules, *monthly)]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise RulesetError(f"{path}: duplicate rule id(s): {', '.join(sorted(dupes))}")
    return Ruleset(
        id=str(data["id"]), version=str(data["version"]),
        title_th=title.get("th", ""), title_en=title.get("en", ""),
        parameters=params, classify=classify, post_rules=post_rules, monthly_rules=monthly,
        classify_examples=list(data["classify"].get("examples", []) or []), path=str(path),
        example_district=str(data.get("example_district") or ""),
        overridden=overridden,
    )


def _rule(path: Path, where: str, raw: dict, scope: str, params: dict, origin) -> Rule:
    schema.check_rule(f"{path}: {where}", raw, scope)
    where = f"{where} ({raw['id']})"
    resolved = _resolve(path, f"{where}.params", raw.get("params", {}) or {}, params)
    schema.check_params(f"{path}: {where}", raw["check"], raw.get("params"), resolved, origin)
    applies = tuple(raw.get("applies_to", ("promotion", "activity")))
    depends = raw.get("depends_on", "*")
    return Rule(
        id=str(raw["id"]), scope=scope, check=raw["check"],
        title_th=_fill(raw["title"].get("th", ""), params), title_en=_fill(raw["title"].get("en", ""), params),
        params=resolved,
        applies_to=applies, platforms=tuple(raw.get("platforms", ()) or ()),
        depends_on=tuple([depends] if isinstance(depends, str) else depends),
        examples=tuple(raw.get("examples", ()) or ()),
        short_th=(raw.get("short") or {}).get("th", raw["id"]),
        short_en=(raw.get("short") or {}).get("en", raw["id"]),
    )


def _yaml_problem(path: Path, exc: yaml.YAMLError) -> str:
    """'rules.yaml:4:12: not valid YAML: mapping values are not allowed here', one line."""
    mark = getattr(exc, "problem_mark", None)
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{where}: not valid YAML: {problem}"


def _fill(title: str, params: dict) -> str:
    """A title may name parameters as {name}, so it follows an override (e.g. the deadline day);
    {name:percent} writes a share as a percentage (0.8 -> 80)."""
    def value(m: re.Match) -> str:
        if m.group(1) not in params:
            return m.group(0)
        v = params[m.group(1)]
        if m.group(2) == "percent" and isinstance(v, (int, float)):
            return f"{v * 100:g}"
        return str(v)
    return re.sub(r"\{(\w+)(?::(percent))?\}", value, title)


def _resolve(path: Path, where: str, value, params: dict):
    """Replace '$name' strings with ruleset parameters, recursively."""
    if isinstance(value, str) and value.startswith("$"):
        name = value[1:]
        if name not in params:
            raise RulesetError(f"{path}: {where}: unknown parameter {value!r}")
        return params[name]
    if isinstance(value, dict):
        return {k: _resolve(path, f"{where}.{k}", v, params) for k, v in value.items() if k != "examples"}
    if isinstance(value, list):
        return [_resolve(path, where, v, params) for v in value]
    return value
