"""The README's two commands: .ci/run runs exactly the README's test command, and neither quick-start
command installs into the system Python (PEP 668 systems refuse that)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    quick = ROOT.joinpath("README.md").read_text(encoding="utf-8").split("## Quick start")[1].split("\n## ")[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", quick, re.S)]


def test_ci_runs_exactly_the_readmes_test_command():
    demo, tests = readme_commands()
    ci = [line for line in ROOT.joinpath(".ci/run").read_text(encoding="utf-8").splitlines()
          if line.strip() and not line.startswith("#")]
    assert ci[-1] == tests


def test_the_quick_start_installs_into_a_virtual_environment():
    for command in readme_commands():
        first, _, then = command.partition(" && ")
        assert first.startswith("sh install.sh") and then.startswith(".venv/bin/"), command
        assert "pip install" not in command
