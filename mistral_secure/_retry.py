"""One retry policy for every call the library makes: capped waits, a deadline, jitter.

The SDK and httpx clients (:mod:`._clients`), moderation (:mod:`._moderation`) and the key
pool's waits for a usable key or rate budget (:mod:`._auth`) all wait through this module:

* each wait is capped (10 s by default), whatever ``Retry-After`` says;
* a call has a total deadline; no wait or new attempt starts past it;
* backoff without a hint is exponential with additive jitter;
* failures are classified by exception type, never by class-name strings.

A caller can bound everything below it with :func:`bounded`: the HTTP retries, the waits
for a key, and (with ``caller_retries=True``) it tells the clients to send once and leave
the retrying to it. The bound travels in a context variable, so it follows threads' and
asyncio tasks' own contexts.
"""

from __future__ import annotations

import json
import math
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, Final, Literal

import httpx
import httpx2

from ._exceptions import NoUsableKey, RateLimited

__all__ = [
    "DEFAULT_DEADLINE",
    "DEFAULT_MAX_WAIT",
    "RETRY_STATUSES",
    "Attempts",
    "Failure",
    "RetryPolicy",
    "bounded",
    "caller_retries",
    "classify",
    "parse_retry_after",
    "remaining",
    "status_of",
]

DEFAULT_MAX_WAIT: Final = 10.0
DEFAULT_DEADLINE: Final = 60.0
#: Statuses worth sending again after a pause: rate limits and transient server failures.
RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})

Failure = Literal["status", "timeout", "transport", "malformed", "no_key", "rate_limited"]

# Absolute time.monotonic() deadline of the innermost bounded() block, if any.
_DEADLINE: ContextVar[float | None] = ContextVar("mistral_secure_deadline", default=None)
_CALLER_RETRIES: ContextVar[bool] = ContextVar("mistral_secure_caller_retries", default=False)


@contextmanager
def bounded(seconds: float, *, caller_retries: bool = False) -> Iterator[float]:
    """Bound everything run inside by ``seconds`` from now (never extending an outer bound).

    ``caller_retries=True``: the library's clients send each request once; the caller
    retries. Yields the absolute deadline on ``time.monotonic()``.
    """
    now = time.monotonic()
    outer = _DEADLINE.get()
    until = now + seconds if outer is None else min(outer, now + seconds)
    token = _DEADLINE.set(until)
    retries_token = _CALLER_RETRIES.set(caller_retries or _CALLER_RETRIES.get())
    try:
        yield until
    finally:
        _CALLER_RETRIES.reset(retries_token)
        _DEADLINE.reset(token)


def remaining() -> float | None:
    """Seconds left before the innermost :func:`bounded` deadline, or ``None`` outside one."""
    until = _DEADLINE.get()
    return None if until is None else until - time.monotonic()


def caller_retries() -> bool:
    """True inside ``bounded(..., caller_retries=True)``: send once, the caller retries."""
    return _CALLER_RETRIES.get()


def parse_retry_after(headers: Any) -> float | None:
    """Seconds from ``retry-after-ms`` or ``Retry-After`` (seconds or HTTP date), if valid."""
    value = headers.get("retry-after-ms")
    if value:
        try:
            ms = float(value)
        except ValueError:
            pass
        else:
            if math.isfinite(ms) and ms >= 0:
                return ms / 1000.0
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    return max(0.0, seconds) if math.isfinite(seconds) else None


def status_of(exc: BaseException) -> int | None:
    """The HTTP status an SDK or httpx error carries, if any."""
    from mistralai.client.errors import MistralError

    if isinstance(exc, MistralError):
        return exc.status_code
    if isinstance(exc, (httpx.HTTPStatusError, httpx2.HTTPStatusError)):
        return exc.response.status_code
    return None


def classify(exc: BaseException) -> Failure | None:
    """What kind of failure ``exc`` is, or ``None`` for one that retrying cannot help
    (a bug, a bad argument, a cancelled call)."""
    from mistralai.client.errors import MistralError, NoResponseError, ResponseValidationError

    if isinstance(exc, (httpx.TimeoutException, httpx2.TimeoutException)):
        return "timeout"
    if isinstance(exc, (httpx.TransportError, httpx2.TransportError, NoResponseError)):
        return "transport"
    # A 200 whose body is not the JSON promised: the SDK's validation error, LangChain's
    # json.JSONDecodeError (a ValueError, so only when raised while reading a response).
    if isinstance(exc, ResponseValidationError | json.JSONDecodeError):
        return "malformed"
    if isinstance(exc, (MistralError, httpx.HTTPStatusError, httpx2.HTTPStatusError)):
        return "status"
    if isinstance(exc, NoUsableKey):
        return "no_key"
    if isinstance(exc, RateLimited):
        return "rate_limited"
    return None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How a call is retried.

    ``max_retries``: retries after the first attempt (``None``: as many as the deadline
    allows). ``initial`` seconds before the first retry, times ``multiplier`` per retry,
    plus up to ``jitter`` seconds at random; a ``Retry-After`` hint replaces the backoff
    (jitter still added, so a fleet does not retry in step). Every wait is capped at
    ``max_wait``; nothing starts after ``deadline`` seconds. ``malformed_retries``: how
    many times a malformed 200 answer is sent again.
    """

    max_retries: int | None = 2
    initial: float = 0.5
    multiplier: float = 2.0
    max_wait: float = DEFAULT_MAX_WAIT
    deadline: float = DEFAULT_DEADLINE
    jitter: float = 0.25
    statuses: frozenset[int] = field(default=RETRY_STATUSES)
    retry_transport: bool = True
    malformed_retries: int = 1

    def backoff(self, retry: int, hint: float | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (0-based), capped at ``max_wait``."""
        base = hint if hint is not None else self.initial * self.multiplier**retry
        jitter = random.uniform(0.0, self.jitter) if self.jitter > 0 else 0.0  # noqa: S311
        return min(base + jitter, self.max_wait)

    def retryable(self, failure: Failure | None, status: int | None = None) -> bool:
        """Whether a failure of this kind is worth another attempt at all."""
        if failure in ("timeout", "transport"):
            return self.retry_transport
        if failure == "malformed":
            return self.malformed_retries > 0
        if failure == "status":
            return status in self.statuses
        return False

    def start(self) -> Attempts:
        """The attempt counter of one call, started now."""
        return Attempts(self)


class Attempts:
    """One call's retries under a :class:`RetryPolicy` and any enclosing :func:`bounded`."""

    __slots__ = ("_malformed", "count", "policy", "until")

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.count = 0
        self._malformed = 0
        until = time.monotonic() + policy.deadline
        outer = _DEADLINE.get()
        self.until = until if outer is None else min(until, outer)

    def remaining(self) -> float:
        """Seconds left before this call's deadline (may be negative)."""
        return self.until - time.monotonic()

    def next_wait(
        self, failure: Failure | None, *, status: int | None = None, hint: float | None = None
    ) -> float | None:
        """Seconds to wait before the next attempt, or ``None``: give up now.

        Gives up when the failure is not retryable, the retries are spent, or the wait
        (capped) would not end before the deadline.
        """
        policy = self.policy
        if not policy.retryable(failure, status):
            return None
        if failure == "malformed":
            if self._malformed >= policy.malformed_retries:
                return None
            self._malformed += 1
        if policy.max_retries is not None and self.count >= policy.max_retries:
            return None
        wait = policy.backoff(self.count, hint)
        if wait >= self.remaining():
            return None
        self.count += 1
        return wait
