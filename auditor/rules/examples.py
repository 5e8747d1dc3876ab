"""Running a ruleset's inline examples: the tests run them, and so does `auditor rules`,
so an edited edition proves itself before it audits anyone.

Examples are about districts: the one each names, else the ruleset's `example_district`. They
run against the given registry when it knows those districts (a province's own edition with its
own examples), else against the bundled registry they were written for, so `auditor rules
--config` with another province's registry still checks the bundled editions."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from auditor.text import thai
from auditor.rules.checks import POST_CHECKS, MonthData, PostView
from auditor.rules.engine import evaluate, evaluate_post
from auditor.models import Account, ChannelStatus, PageTag, Post
from auditor.period import BANGKOK, Month, parse_timestamp
from auditor.registry import Registry, default_config_path, load_registry
from auditor.rules.ruleset import Rule, Ruleset

EXAMPLE_MONTH = Month(2025, 2)


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    index: int
    ok: bool
    message: str


def run_examples(ruleset: Ruleset, registry: Registry) -> list[ExampleResult]:
    """Run every inline example of the ruleset; one result per example."""
    registry = example_registry(ruleset, registry)
    if not ruleset.example_district:
        ruleset = replace(ruleset, example_district=registry.districts[0].id)
    results = [_classify_example(ruleset, registry, i, ex) for i, ex in enumerate(ruleset.classify_examples)]
    for rule in ruleset.post_rules:
        results += [_post_example(rule, ruleset, registry, i, ex) for i, ex in enumerate(rule.examples)]
    for rule in ruleset.monthly_rules:
        results += [_monthly_example(rule, ruleset, registry, i, ex) for i, ex in enumerate(rule.examples)]
    return results


def example_registry(ruleset: Ruleset, registry: Registry) -> Registry:
    """The given registry when it knows every district the examples name, else the bundled one."""
    named = {ruleset.example_district} - {""}
    for ex in (*ruleset.classify_examples, *(ex for r in (*ruleset.post_rules, *ruleset.monthly_rules) for ex in r.examples)):
        named.add(ex.get("district") or ruleset.example_district)
    known = {o.id for o in registry.districts}
    return registry if named - {""} <= known else load_registry(default_config_path())


def _post(registry: Registry, text: str, *, district: str, platform: str = "facebook", page_tags=(), day: int = 10,
          post_id: str = "example") -> Post:
    return Post(platform=platform, post_id=post_id, url=f"https://example.invalid/{post_id}",
                account=Account(f"example-{platform}"), published_at=datetime(2025, 2, day, 10, tzinfo=BANGKOK),
                text=text, district=district, page_tags=tuple(PageTag(str(t)) for t in page_tags))


def _view(registry: Registry, post: Post) -> PostView:
    scan = thai.scan(post.text)
    return PostView(post, scan, registry.get(post.district))


def _classify_example(ruleset, registry, i, ex) -> ExampleResult:
    post = _post(registry, ex["text"], district=ex.get("district", ruleset.example_district))
    kind = evaluate_post(_view(registry, post), ruleset).kind
    return ExampleResult("classify", i, kind == ex["expect"], f"expected {ex['expect']}, got {kind}: {ex['text']!r}")


def _post_example(rule: Rule, ruleset: Ruleset, registry, i, ex) -> ExampleResult:
    post = _post(registry, ex["text"], district=ex.get("district", ruleset.example_district),
                 platform=ex.get("platform", "facebook"), page_tags=ex.get("page_tags", ()))
    finding = POST_CHECKS[rule.check](_view(registry, post), rule.params)
    ok = finding.ok == (ex["expect"] == "pass")
    if "missing" in ex:
        ok = ok and list(finding.missing) == list(ex["missing"])
    return ExampleResult(rule.id, i, ok, f"expected {ex['expect']} missing={ex.get('missing')}, got "
                                         f"{'pass' if finding.ok else 'fail'} missing={list(finding.missing)}")


def _monthly_example(rule: Rule, ruleset: Ruleset, registry, i, ex) -> ExampleResult:
    district = ex.get("district", ruleset.example_district)
    posts = [_spec_post(ruleset, registry, district, n, spec) for n, spec in enumerate(ex.get("posts", []))]
    statuses = [ChannelStatus(district, p, "example", "error", "example failure") for p in ex.get("channel_errors", [])]
    ev = evaluate(posts, registry, ruleset, EXAMPLE_MONTH, statuses, [district], _month_data(ex, district))
    got = next(r for r in ev.districts[0].rules if r.rule.id == rule.id)
    ok = got.verdict == ex["expect"] and ("observed" not in ex or got.outcome.observed == ex["observed"])
    return ExampleResult(rule.id, i, ok, f"expected {ex['expect']} observed={ex.get('observed')}, got "
                                         f"{got.verdict} observed={got.outcome.observed}")


@dataclass(frozen=True)
class _Report:
    submitted_at: datetime


def _month_data(ex: dict, district: str) -> MonthData:
    """Imported data of an example: absent keys mean "not imported for the month"."""
    from auditor.selfreport.targets import load_targets

    reports = None
    if "reports" in ex:
        reports = {district: [_Report(parse_timestamp(r["submitted_at"])) for r in ex["reports"]]}
    figures = {district: dict(ex["figures"])} if "figures" in ex else None
    as_of = parse_timestamp(ex["as_of"]) if "as_of" in ex else None
    return MonthData(reports=reports, figures=figures, targets=load_targets().targets, as_of=as_of)


def _spec_post(ruleset: Ruleset, registry: Registry, district: str, n: int, spec: dict) -> Post:
    """A compact example post: {platform, ok, activity: text?, day?} → a real Post."""
    office = registry.get(district)
    params = ruleset.parameters
    is_activity = "activity" in spec
    tags = list(params["activity_tags"] if is_activity else params["promotion_tags"])
    if spec.get("ok", True):
        tags.append(office.office_hashtags[0])
    text = (spec["activity"] if is_activity else "ชวนใช้งานแอป Click ชุมชน ช้อปสินค้าชุมชน") + "\n" + " ".join(tags)
    page_tags = params["click_page_ids"][:1] if is_activity and spec["platform"] == "facebook" else ()
    post = _post(registry, text, district=district, platform=spec["platform"], page_tags=page_tags,
                 day=spec.get("day", n + 1), post_id=f"example-{n}")
    if spec.get("self_reported"):
        post.extra["self_reported"] = True
    return post
