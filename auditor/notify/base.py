"""What every transport shares: the outcome of one send, and bounded retries with backoff."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from auditor.codes import SendProblem

# Problems of a channel's set-up rather than of one message: after the first send that ends with
# one, the run sends nothing more on that channel (each remaining send is recorded as not tried).
# UNREACHABLE is Transient: a send ends with it only after all its tries failed to connect.
STOPS_CHANNEL = frozenset({SendProblem.UNREACHABLE, SendProblem.TLS, SendProblem.NO_STARTTLS, SendProblem.SMTP_NO_AUTH,
                           SendProblem.AUTH, SendProblem.QUOTA})

ATTEMPTS = 3  # a send is tried at most this many times
BACKOFF = 2.0  # seconds before the second try, doubled before each next one (with up to 25% jitter)
MAX_WAIT = 30.0  # no single wait is longer, whatever a server asks


@dataclass
class Outcome:
    """How one send ended: sent, or the problem (a codes.SendProblem) with its parameters."""

    sent: bool
    answer: str  # the service's answer: an SMTP reply, LINE's status and ids, or its error
    attempts: int = 1
    problem: str = ""
    params: dict = field(default_factory=dict)


class Transient(Exception):
    """A failure worth another try (network, 5xx, SMTP 4xx, LINE rate limit)."""

    def __init__(self, problem: SendProblem, answer: str, params: dict | None = None, wait: float | None = None):
        super().__init__(answer)
        self.problem, self.answer, self.params, self.wait = problem, answer, params or {}, wait


class Permanent(Exception):
    """A failure another try would repeat (refused credential, recipient or message)."""

    def __init__(self, problem: SendProblem, answer: str, params: dict | None = None):
        super().__init__(answer)
        self.problem, self.answer, self.params = problem, answer, params or {}


def with_retries(attempt: Callable[[], str], *, attempts: int = ATTEMPTS, backoff: float | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> Outcome:
    """Call `attempt` (which returns the service's answer) until it succeeds, fails for good, or
    has been tried `attempts` times, waiting backoff (default BACKOFF), 2×backoff, … (jittered,
    bounded) between."""
    backoff = BACKOFF if backoff is None else backoff  # read when called: tests shorten it
    for n in range(1, attempts + 1):
        try:
            return Outcome(True, attempt(), n)
        except Permanent as exc:
            return Outcome(False, exc.answer, n, exc.problem, exc.params)
        except Transient as exc:
            if n == attempts:
                return Outcome(False, exc.answer, n, exc.problem, {**exc.params, "attempts": n})
            wait = exc.wait if exc.wait is not None else backoff * 2 ** (n - 1) * (1 + random.random() / 4)
            sleep(min(wait, MAX_WAIT))
    raise AssertionError("unreachable")  # attempts >= 1
