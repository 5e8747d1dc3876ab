"""Every inline example of every bundled ruleset runs, and a wrong example is caught."""

import copy

import pytest

from auditor.rules.examples import run_examples
from auditor.resources import bundled_dir
from auditor.rules.ruleset import load_ruleset



RULESETS = sorted(bundled_dir("rules").glob("*.yaml"))


@pytest.mark.parametrize("path", RULESETS, ids=lambda p: p.name)
def test_every_inline_example_holds(path, registry):
    ruleset = load_ruleset(path)
    results = run_examples(ruleset, registry)
    failures = [f"{r.rule}[{r.index}]: {r.message}" for r in results if not r.ok]
    assert not failures, "\n".join(failures)
    covered = {r.rule for r in results}
    assert covered >= {"classify", *(r.id for r in ruleset.post_rules), *(r.id for r in ruleset.monthly_rules)}, \
        "every rule must carry inline examples"


def test_a_wrong_example_is_reported(registry):
    ruleset = load_ruleset()
    rule = ruleset.rule("promotion-posts")
    bad = copy.deepcopy(rule.examples[0])
    bad["expect"] = "fail"
    object.__setattr__(rule, "examples", (bad,))
    results = [r for r in run_examples(ruleset, registry) if r.rule == "promotion-posts"]
    assert results and not results[0].ok and "expected fail" in results[0].message


def test_a_broken_ruleset_names_file_line_and_column(tmp_path):
    from auditor.errors import RulesetError
    from auditor.rules.ruleset import load_ruleset

    path = tmp_path / "broken.yaml"
    path.write_text("id: x\n  bad: : :\n", encoding="utf-8")
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    assert str(info.value) == f"{path}:2:6: not valid YAML: mapping values are not allowed here"
