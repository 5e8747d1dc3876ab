"""The import graph follows the pipeline: no module imports from a higher stage, and there is no cycle.

Stages, lowest first (a module may import its own stage and any lower one):

    base        errors, period, resources, redact, the platform table (platforms/), models
    text        Thai normalization, hashtags, URLs
    config      registry (auditor.toml)
    store       the SQLite store
    collect     HTTP, replay, one collector per platform, the scan orchestrator (saves to the store)
    selfreport  report sheets, figures, targets, reconciliation
    rules       ruleset, checks, attribution, engine, examples
    setup       the channels sheet and `auditor doctor`'s checks (findings as codes)
    present     words (the catalog package), advice, view-models, HTML, exports
    notify      e-mail and LINE delivery of the present stage's messages, the LINE webhook
    app         audit (the pipeline glue) and cli

Imports inside functions count too: a lazy import is still an edge.
"""

from __future__ import annotations

import ast
from pathlib import Path

import auditor

PACKAGE = Path(auditor.__file__).parent

STAGES = ["base", "text", "config", "store", "collect", "selfreport", "rules", "setup", "present", "notify", "app"]
MODULE_STAGE = {
    "auditor": "base",
    "auditor.__main__": "app",
    "auditor.errors": "base",
    "auditor.period": "base",
    "auditor.resources": "base",
    "auditor.redact": "base",
    "auditor.models": "base",
    "auditor.codes": "base",
    "auditor.files": "base",
    "auditor.heap": "base",
    "auditor.validate": "base",
    "auditor.registry": "config",
    "auditor.posts_io": "collect",
    "auditor.store": "store",
    "auditor.audit": "app",
    "auditor.overrides": "app",
    "auditor.cli": "app",
}
PACKAGE_STAGE = {
    "auditor.text": "text",
    "auditor.collect": "collect",
    "auditor.selfreport": "selfreport",
    "auditor.rules": "rules",
    "auditor.setup": "setup",
    "auditor.present": "present",
    "auditor.notify": "notify",
    "auditor.data": "base",
    "auditor.platforms": "base",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage_of(module: str) -> str:
    if module in MODULE_STAGE:
        return MODULE_STAGE[module]
    for prefix, stage in PACKAGE_STAGE.items():
        if module == prefix or module.startswith(prefix + "."):
            return stage
    raise AssertionError(f"{module}: no stage assigned; add it to tests/test_layers.py")


def imports_of(path: Path) -> set[str]:
    """Every auditor module the file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "auditor"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.split(".")[0] == "auditor":
            for alias in node.names:
                # `from auditor.text import thai` imports the module auditor.text.thai
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if _is_module(candidate) else node.module)
    return found


def _is_module(name: str) -> bool:
    rel = Path(*name.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").exists() or (PACKAGE / rel / "__init__.py").exists()


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def test_every_module_has_a_stage():
    for module in graph():
        stage_of(module)


def test_no_import_from_a_higher_stage():
    wrong = []
    for module, deps in graph().items():
        here = STAGES.index(stage_of(module))
        for dep in deps:
            if STAGES.index(stage_of(dep)) > here:
                wrong.append(f"{module} ({stage_of(module)}) imports {dep} ({stage_of(dep)})")
    assert not wrong, "imports against the pipeline:\n" + "\n".join(sorted(wrong))


def test_no_import_cycle():
    edges = {m: {d for d in deps if d != m and d != "auditor"} for m, deps in graph().items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(edges.get(node, ())):
            if state.get(dep) == 1:
                cycle = stack[stack.index(dep):] + [dep]
                raise AssertionError("import cycle: " + " → ".join(cycle))
            if state.get(dep) is None:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if state.get(node) is None:
            visit(node)
