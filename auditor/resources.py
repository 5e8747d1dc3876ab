"""Where the bundled rules and templates are: the repo's top-level folders in a checkout
(editable install), the packaged copies (auditor.bundled.*) in a plain `pip install .`."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_REPO = _PACKAGE.parent


def bundled_dir(name: str) -> Path:
    """'rules' or 'templates'."""
    checkout = _REPO / name
    if checkout.is_dir() and (_REPO / "pyproject.toml").is_file():
        return checkout
    return _PACKAGE / "bundled" / name


def default_ruleset() -> Path:
    return bundled_dir("rules") / "click-chumchon-2568.yaml"
