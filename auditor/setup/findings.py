"""What the setup checks and the channels import report: codes with parameters, never sentences."""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("ok", "warn", "fail", "unknown")  # ✓, ! (works, but look), ✗ (must fix), ? (could not check)


@dataclass(frozen=True)
class Finding:
    """One line of `auditor doctor`: an office (None: the whole setup) and a platform or topic
    ("config", "ruleset", "token", "click_page", "targets", "report_columns" or a platform id),
    a status, a code and the code's parameters (values to show, never a token)."""

    office: str | None
    platform: str
    status: str
    code: str
    params: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    def as_dict(self) -> dict:
        return {"office": self.office, "platform": self.platform, "status": self.status, "code": self.code,
                "params": self.params}


@dataclass(frozen=True)
class SheetProblem:
    """A cell of the channels sheet that could not be used as it is: `FILE:ROW: column: problem`.

    severity "error": the cell was not used (the config keeps what it had); "warning": it was
    used as well as it could be (e.g. a page name kept because no token could look it up).
    """

    source: str
    row: int
    column: str
    code: str
    params: dict = field(default_factory=dict)
    severity: str = "error"
