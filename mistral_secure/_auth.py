"""``KeyPoolAuth``: one auth object for ``httpx`` (LangChain) and ``httpx2`` (the mistralai SDK).

It sets ``Authorization: Bearer <key>`` from a :class:`KeyPool`, replacing whatever header the
SDK or LangChain set (``Bearer None`` included). When the API answers 401, 403 or 429, it
reports the key to the pool and sends the request again with the next key: after a 401/403
with every other key in turn (waiting up to ``max_wait`` for one, cooling or out of rate
budget), after a 429 once. When no key is left after a rejection, :class:`NoUsableKey`
(with the key states) is raised instead of the 401. Streaming requests are covered: the
status is known before the body is read.

Once a response has arrived, nothing the caller can reach holds the key: the request's
``Authorization`` header is replaced by ``Bearer [redacted]``, and the response stream lets go
of the transport's copy of the request (its raw header bytes) when it is closed.

The fingerprint of the key that signed a request is stored in
``request.extensions["mistral_secure_key_fingerprint"]`` and in the final response's
``extensions`` under the same name, for audit records.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx
import httpx2

from ._exceptions import NoUsableKey, RateLimited
from ._retry import DEFAULT_MAX_WAIT, parse_retry_after, remaining
from ._validate import require_seconds

if TYPE_CHECKING:
    from ._keypool import ApiKey, KeyPool

__all__ = [
    "FINGERPRINT_EXTENSION",
    "REDACTED_AUTHORIZATION",
    "KeyPoolAuth",
    "forget_key",
    "parse_retry_after",
    "scrub_frames",
]

FINGERPRINT_EXTENSION = "mistral_secure_key_fingerprint"
#: What a request's ``Authorization`` header says once its response has arrived.
REDACTED_AUTHORIZATION = "Bearer [redacted]"
_KEY_FAILURES = frozenset({401, 403})
_RETRY_STATUSES = frozenset({401, 403, 429})
# A 403 that is a content decision (guardrails, moderation) says nothing about the key. If it
# quarantined the key, anyone able to trigger a guardrail could disable every key in turn.
_CONTENT_BLOCK_MARKERS = (b"guardrail", b"moderation", b"content policy", b"safety")
_MAX_ERROR_BODY = 4096

_log = logging.getLogger("mistral_secure.keys")

# httpx.Request / httpx2.Request and their responses share the attributes used here.
_Request = Any
_Response = Any


class _Wait(float):
    """A step of the flow: sleep this many seconds, then go on."""


def _estimate_tokens(request: _Request) -> int:
    """Prompt tokens, roughly (4 bytes per token), for a rate budget's tokens-per-minute."""
    try:
        return len(request.content) // 4
    except Exception:  # a streaming body not read yet: nothing to estimate from
        return 0


def _is_content_block(response: _Response) -> bool:
    body: bytes = response.content[:_MAX_ERROR_BODY].lower()
    return any(marker in body for marker in _CONTENT_BLOCK_MARKERS)


def forget_key(request: _Request) -> None:
    """Replace a signed request's ``Authorization`` value: its response has arrived."""
    if "authorization" in request.headers:
        request.headers["Authorization"] = REDACTED_AUTHORIZATION


def scrub_frames(exc: BaseException) -> None:
    """Clear the local variables of the finished frames an exception went through.

    The transport's frames hold its copy of the request, raw ``Authorization`` bytes
    included; error trackers record frame locals. The first frame of each traceback is the
    one that caught the exception (still running): it is left alone, as is the line
    information of every frame, so the traceback still prints in full.
    """
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        tb: TracebackType | None = current.__traceback__
        tb = tb.tb_next if tb is not None else None
        while tb is not None:
            # A frame still executing (a caller of the catching frame) cannot be cleared.
            with contextlib.suppress(RuntimeError):
                tb.tb_frame.clear()
            tb = tb.tb_next
        pending.extend((current.__cause__, current.__context__))


class _DetachingStream(httpx.SyncByteStream, httpx2.SyncByteStream):
    """A response stream that lets go of the transport's stream (and its copy of the
    request, raw key bytes included) once it is closed or has failed."""

    def __init__(self, inner: Any) -> None:
        self._inner: Any = inner

    def __iter__(self) -> Iterator[bytes]:
        # No local names the inner stream: this frame stays in a failure's traceback.
        if self._inner is None:
            return
        try:
            yield from self._inner
        except BaseException as exc:
            scrub_frames(exc)
            self.close()
            raise

    def close(self) -> None:
        inner, self._inner = self._inner, None
        if inner is not None:
            inner.close()


class _AsyncDetachingStream(httpx.AsyncByteStream, httpx2.AsyncByteStream):
    """Async :class:`_DetachingStream`."""

    def __init__(self, inner: Any) -> None:
        self._inner: Any = inner

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self._inner is None:
            return
        try:
            async for part in self._inner:
                yield part
        except BaseException as exc:
            scrub_frames(exc)
            await self.aclose()
            raise

    async def aclose(self) -> None:
        inner, self._inner = self._inner, None
        if inner is not None:
            await inner.aclose()


def _detach(response: _Response) -> None:
    stream = response.stream
    if isinstance(stream, (_DetachingStream, _AsyncDetachingStream)):
        return
    if response.is_closed:  # read already: nothing more to read from the transport
        closed = isinstance(stream, (httpx.AsyncByteStream, httpx2.AsyncByteStream))
        response.stream = _AsyncDetachingStream(None) if closed else _DetachingStream(None)
    elif isinstance(stream, (httpx.SyncByteStream, httpx2.SyncByteStream)):
        response.stream = _DetachingStream(stream)
    elif isinstance(stream, (httpx.AsyncByteStream, httpx2.AsyncByteStream)):
        response.stream = _AsyncDetachingStream(stream)


class KeyPoolAuth(httpx.Auth, httpx2.Auth):
    """Signs requests with keys from a :class:`KeyPool` and retries with the next key on a
    key failure.

    Pass it as ``auth=`` to ``httpx.Client``/``AsyncClient`` or ``httpx2.Client``/
    ``AsyncClient``; :func:`mistral_secure.mistral_client` and
    :func:`mistral_secure.httpx_clients` do it for you.

    ``max_wait``: how long a request may wait for a key that is cooling down (a rate
    budget's own ``max_wait`` bounds waits for budget). Any enclosing deadline (a
    moderation check's) bounds both.
    """

    # The body is buffered so that the retry with the next key can send it again.
    requires_request_body = True

    def __init__(self, pool: KeyPool, *, max_wait: float = 5.0) -> None:
        from ._keypool import KeyPool

        if not isinstance(pool, KeyPool):
            raise TypeError(f"pool must be a KeyPool, got {type(pool).__name__}")
        self.pool = pool
        self.max_wait = require_seconds(max_wait, "max_wait", allow_zero=True)

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

    def _bound(self, limit: float) -> float:
        left = remaining()
        return limit if left is None else min(limit, max(0.0, left))

    def _acquire(self, request: _Request, started: float) -> Generator[_Wait, None, ApiKey]:
        """A key, waiting (by yielding :class:`_Wait` steps) for a cooling key within
        ``max_wait`` or for rate budget within the budget's ``max_wait``."""
        tokens = _estimate_tokens(request)
        while True:
            try:
                return self.pool.acquire(tokens=tokens)
            except NoUsableKey as exc:
                if exc.retry_after is None:
                    raise
                failure: NoUsableKey | RateLimited = exc
                wait, bound = exc.retry_after, self._bound(self.max_wait)
            except RateLimited as exc:
                budget = self.pool.budget
                limit = budget.max_wait if budget is not None else 0.0
                failure, wait, bound = exc, exc.retry_after, self._bound(limit)
            if time.monotonic() - started + wait > bound:
                raise failure
            # Small steps: another replica may free a key sooner than the hint says.
            yield _Wait(min(max(wait, 0.001), DEFAULT_MAX_WAIT))

    def _flow(self, request: _Request) -> Generator[_Request | _Wait, _Response | None, None]:
        try:
            key = yield from self._acquire(request, time.monotonic())
            tried = {key.fingerprint}
            retried_429 = False
            while True:
                self._sign(request, key)
                response = yield request
                assert response is not None
                _detach(response)
                if not self._report(key, response):
                    break
                if response.status_code in _KEY_FAILURES:
                    # Every other key in turn, waiting for one within max_wait. None left:
                    # NoUsableKey (with the key states) says more than the 401 would.
                    retry_key = yield from self._acquire(request, time.monotonic())
                else:
                    # 429: once, with a key usable now; otherwise the client's backoff.
                    if retried_429:
                        break
                    retried_429 = True
                    try:
                        retry_key = self.pool.acquire(tokens=_estimate_tokens(request))
                    except (NoUsableKey, RateLimited):
                        break
                if retry_key.fingerprint in tried:
                    break
                _log.info(
                    "retrying a request with API key %s after HTTP %d from %s",
                    retry_key.fingerprint,
                    response.status_code,
                    key.fingerprint,
                )
                tried.add(retry_key.fingerprint)
                key = retry_key
            response.extensions[FINGERPRINT_EXTENSION] = key.fingerprint
        finally:
            forget_key(request)

    # -- httpx / httpx2 entry points --------------------------------------------------------

    def sync_auth_flow(self, request: _Request) -> Generator[_Request, _Response, None]:
        request.read()
        flow = self._flow(request)
        try:
            step = next(flow)
            while True:
                if isinstance(step, _Wait):
                    time.sleep(step)
                    step = flow.send(None)
                    continue
                response = yield step
                if response.status_code == 403:
                    response.read()
                step = flow.send(response)
        except StopIteration:
            return
        finally:
            flow.close()

    async def async_auth_flow(self, request: _Request) -> AsyncGenerator[_Request, _Response]:
        await request.aread()
        flow = self._flow(request)
        try:
            step = next(flow)
            while True:
                if isinstance(step, _Wait):
                    await asyncio.sleep(step)
                    step = flow.send(None)
                    continue
                response = yield step
                if response.status_code == 403:
                    await response.aread()
                step = flow.send(response)
        except StopIteration:
            return
        finally:
            flow.close()

    def auth_flow(self, request: _Request) -> Generator[_Request, _Response, None]:
        # Only reached if a client bypasses sync_auth_flow; no waiting, no body reads.
        key = self.pool.acquire(tokens=_estimate_tokens(request))
        self._sign(request, key)
        try:
            response = yield request
            _detach(response)
            response.extensions[FINGERPRINT_EXTENSION] = key.fingerprint
        finally:
            forget_key(request)
