"""``KeyPoolAuth``: one auth object for ``httpx`` (LangChain) and ``httpx2`` (the mistralai SDK).

It sets ``Authorization: Bearer <key>`` from a :class:`KeyPool`, replacing whatever header the
SDK or LangChain set (``Bearer None`` included). When the API answers 401, 403 or 429, it
reports the key to the pool and sends the request once more with the next key. Streaming
requests are covered: the status is known before the body is read.

The fingerprint of the key that signed a request is stored in
``request.extensions["mistral_secure_key_fingerprint"]`` and in the final response's
``extensions`` under the same name, for audit records.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import AsyncGenerator, Generator
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any

import httpx
import httpx2

from ._exceptions import NoUsableKey, RateLimited

if TYPE_CHECKING:
    from ._keypool import ApiKey, KeyPool

__all__ = ["FINGERPRINT_EXTENSION", "KeyPoolAuth"]

FINGERPRINT_EXTENSION = "mistral_secure_key_fingerprint"
_RETRY_STATUSES = frozenset({401, 403, 429})
# A 403 that is a content decision (guardrails, moderation) says nothing about the key. If it
# quarantined the key, anyone able to trigger a guardrail could disable every key in turn.
_CONTENT_BLOCK_MARKERS = (b"guardrail", b"moderation", b"content policy", b"safety")
_MAX_ERROR_BODY = 4096

_log = logging.getLogger("mistral_secure.keys")

# httpx.Request / httpx2.Request and their responses share the attributes used here.
_Request = Any
_Response = Any


def parse_retry_after(headers: Any) -> float | None:
    """Seconds from ``retry-after-ms`` or ``Retry-After`` (seconds or HTTP date), if valid."""
    value = headers.get("retry-after-ms")
    if value:
        try:
            ms = float(value)
        except ValueError:
            pass
        else:
            if ms >= 0:
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


def _estimate_tokens(request: _Request) -> int:
    """Prompt tokens, roughly (4 bytes per token), for a rate budget's tokens-per-minute."""
    try:
        return len(request.content) // 4
    except Exception:  # a streaming body not read yet: nothing to estimate from
        return 0


def _is_content_block(response: _Response) -> bool:
    body: bytes = response.content[:_MAX_ERROR_BODY].lower()
    return any(marker in body for marker in _CONTENT_BLOCK_MARKERS)


class KeyPoolAuth(httpx.Auth, httpx2.Auth):
    """Signs requests with keys from a :class:`KeyPool` and retries once on a key failure.

    Pass it as ``auth=`` to ``httpx.Client``/``AsyncClient`` or ``httpx2.Client``/
    ``AsyncClient``; :func:`mistral_secure.mistral_client` and
    :func:`mistral_secure.httpx_clients` do it for you.
    """

    # The body is buffered so that the retry with the next key can send it again.
    requires_request_body = True

    def __init__(self, pool: KeyPool, *, max_wait: float = 5.0) -> None:
        from ._keypool import KeyPool

        if not isinstance(pool, KeyPool):
            raise TypeError(f"pool must be a KeyPool, got {type(pool).__name__}")
        if isinstance(max_wait, bool) or not isinstance(max_wait, (int, float)):
            raise TypeError("max_wait must be a number of seconds")
        if max_wait < 0:
            raise ValueError("max_wait must be >= 0")
        self.pool = pool
        self.max_wait = float(max_wait)

    def __repr__(self) -> str:
        return f"KeyPoolAuth({self.pool!r})"

    def __reduce__(self) -> Any:
        raise TypeError("KeyPoolAuth cannot be pickled: its pool holds API keys")

    # -- the flow, shared by sync and async -------------------------------------------------

    def _sign(self, request: _Request, key: ApiKey) -> None:
        request.headers["Authorization"] = f"Bearer {key.get_secret_value()}"
        request.extensions[FINGERPRINT_EXTENSION] = key.fingerprint

    def _report(self, key: ApiKey, response: _Response) -> bool:
        """Report a failed response; True if another key may do better."""
        status = response.status_code
        if status not in _RETRY_STATUSES:
            return False
        if status == 403 and _is_content_block(response):
            return False
        retry_after = parse_retry_after(response.headers) if status == 429 else None
        self.pool.report(key, status, retry_after=retry_after)
        return True

    def _flow(self, request: _Request, key: ApiKey) -> Generator[_Request, _Response, None]:
        self._sign(request, key)
        response = yield request
        if self._report(key, response):
            try:
                retry_key = self.pool.acquire(tokens=_estimate_tokens(request))
            except (NoUsableKey, RateLimited):
                retry_key = None
            if retry_key is not None and retry_key != key:
                _log.info(
                    "retrying a request with API key %s after HTTP %d from %s",
                    retry_key.fingerprint,
                    response.status_code,
                    key.fingerprint,
                )
                key = retry_key
                self._sign(request, key)
                response = yield request
                self._report(key, response)
        response.extensions[FINGERPRINT_EXTENSION] = key.fingerprint

    def _first_key(self, request: _Request, waited: float) -> tuple[ApiKey | None, float]:
        """A key, or how long to wait before one is usable (cooling key, rate budget).

        ``waited`` is the time already spent waiting; each bound counts it.
        """
        try:
            return self.pool.acquire(tokens=_estimate_tokens(request)), 0.0
        except NoUsableKey as exc:
            if exc.retry_after is None or waited + exc.retry_after > self.max_wait:
                raise
            return None, exc.retry_after
        except RateLimited as exc:
            budget = self.pool.budget
            bound = budget.max_wait if budget is not None else 0.0
            if waited + exc.retry_after > bound:
                raise
            return None, exc.retry_after

    # -- httpx / httpx2 entry points --------------------------------------------------------

    def sync_auth_flow(self, request: _Request) -> Generator[_Request, _Response, None]:
        request.read()
        waited = 0.0
        key, wait = self._first_key(request, waited)
        while key is None:
            time.sleep(wait)
            waited += wait
            key, wait = self._first_key(request, waited)
        flow = self._flow(request, key)
        outgoing = next(flow)
        while True:
            response = yield outgoing
            if response.status_code == 403:
                response.read()
            try:
                outgoing = flow.send(response)
            except StopIteration:
                return

    async def async_auth_flow(self, request: _Request) -> AsyncGenerator[_Request, _Response]:
        await request.aread()
        waited = 0.0
        key, wait = self._first_key(request, waited)
        while key is None:
            await asyncio.sleep(wait)
            waited += wait
            key, wait = self._first_key(request, waited)
        flow = self._flow(request, key)
        outgoing = next(flow)
        while True:
            response = yield outgoing
            if response.status_code == 403:
                await response.aread()
            try:
                outgoing = flow.send(response)
            except StopIteration:
                return

    def auth_flow(self, request: _Request) -> Generator[_Request, _Response, None]:
        # Only reached if a client bypasses sync_auth_flow; no waiting, no body reads.
        return self._flow(request, self.pool.acquire(tokens=_estimate_tokens(request)))
