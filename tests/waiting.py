"""One way for a test to wait for something another thread or process does: poll a condition
until it holds or a bound passes. The bound only ends a hang (a loaded machine can stall a
child process or a server thread for many seconds), so a passing test never waits it out."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(condition: Callable[[], object], within: float, every: float = 0.05) -> bool:
    """Call ``condition()`` every ``every`` seconds until it is true or ``within`` seconds have
    passed; return whether it held. The caller asserts what it waited for, with its message."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() >= deadline:
            return False
        time.sleep(every)
    return True
