"""One retry policy for every HTTP request dateline makes (page fetches and alert webhooks).

Page fetches retry in process with :func:`call`; alert deliveries (webhooks and email) keep
their attempts in the store and take each wait from :meth:`RetryPolicy.wait`
(:mod:`dateline.delivery`).

Built on tenacity (https://github.com/jd/tenacity). An attempt that raises one of the
``errors`` (by default httpx's transport errors: timeouts, refused connections) or answers a
status ``retry_status`` accepts is tried again, up to ``policy.retries`` more times. The wait
before retry n (n from 1) is ``policy.backoff * 2**(n-1)`` seconds, or the server's
``Retry-After`` (seconds or an HTTP date, RFC 9110 section 10.2.3) when the answer carries one;
either way at most ``policy.max_backoff`` seconds. When the retries are spent the last answer
is returned, or the last error raised.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

import httpx
import tenacity

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry. Times in seconds; ``retries`` counts attempts after the
    first (0: try once); the values come from a settings section (``settings.fetch``,
    ``settings.webhook``)."""

    retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0

    def wait(self, attempt: int, retry_after: str | None = None, *,
             now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (from 1), given the answer's
        ``Retry-After`` header value if any."""
        after = parse_retry_after(retry_after, now=now)
        if after is not None:
            return min(after, self.max_backoff)
        return min(self.backoff * 2 ** (attempt - 1), self.max_backoff)


def parse_retry_after(value: str | None, *,
                      now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> float | None:
    """Seconds a ``Retry-After`` value asks for: ``"120"`` -> 120.0, an HTTP date -> the seconds
    until it (0 when past); ``None`` when absent or unreadable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now()).total_seconds())


def call(attempt: Callable[[], T], policy: RetryPolicy, *, what: str,
         retry_status: Callable[[int], bool],
         status: Callable[[T], int] = lambda answer: answer.status_code,  # type: ignore[attr-defined]
         headers: Callable[[T], Mapping[str, str]] = lambda answer: answer.headers,  # type: ignore[attr-defined]
         errors: tuple[type[BaseException], ...] = (httpx.TransportError,),
         sleep: Callable[[float], None] = time.sleep) -> T:
    """Run ``attempt()`` with ``policy`` and return its answer (see the module docstring).

    ``what`` names the request in log lines; ``status`` and ``headers`` read an answer (default:
    an ``httpx.Response``'s); ``sleep`` lets tests keep the waits. Raises the last error of
    ``errors`` when every attempt raised one; other exceptions are never retried.
    """

    def wait(state: tenacity.RetryCallState) -> float:
        outcome = state.outcome
        retry_after = None
        if outcome is not None and not outcome.failed:
            retry_after = _header(headers(outcome.result()), "retry-after")
        return policy.wait(state.attempt_number, retry_after)

    def before_sleep(state: tenacity.RetryCallState) -> None:
        outcome = state.outcome
        why = (f"{type(outcome.exception()).__name__}" if outcome is not None and outcome.failed
               else f"HTTP {status(outcome.result())}" if outcome is not None else "?")
        delay = state.next_action.sleep if state.next_action is not None else 0.0
        log.info("retrying %s in %.2f s after %s (attempt %d)", what, delay, why,
                 state.attempt_number)

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(policy.retries + 1),
        wait=wait,
        retry=(tenacity.retry_if_exception_type(errors)
               | tenacity.retry_if_result(lambda answer: retry_status(status(answer)))),
        sleep=sleep,
        before_sleep=before_sleep,
        retry_error_callback=lambda state: state.outcome.result() if state.outcome else None,
    )
    return retrying(attempt)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is None:
        value = next((v for k, v in headers.items() if k.lower() == name), None)
    return value
