"""Clients wired to a :class:`KeyPool`: the mistralai SDK, and httpx clients for LangChain."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, Final

import httpx
import httpx2

from ._auth import scrub_frames
from ._keypool import KeyPool
from ._retry import RETRY_STATUSES, RetryPolicy, caller_retries, classify, parse_retry_after
from ._validate import require_int, require_seconds, require_str

if TYPE_CHECKING:
    from mistralai.client import Mistral
    from mistralai.client.utils.retries import RetryConfig

__all__ = [
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "default_retry_config",
    "httpx_clients",
    "mistral_client",
    "resolve_base_url",
]

DEFAULT_BASE_URL: Final = "https://api.mistral.ai/v1"
#: The one variable every client the library builds honours (chat, moderation, embeddings).
BASE_URL_ENV: Final = "MISTRAL_BASE_URL"
# LlamaIndex's own name for it, read when MISTRAL_BASE_URL is unset.
_ENDPOINT_ENV: Final = "MISTRAL_ENDPOINT"


def resolve_base_url(url: str | None = None, *, with_version: bool = False) -> str:
    """The Mistral API address to use: ``url``, else ``$MISTRAL_BASE_URL``, else
    ``$MISTRAL_ENDPOINT``, else Mistral's own.

    Either form is accepted (``https://host`` or ``https://host/v1``). The result is the
    server root, as the SDK and LlamaIndex take it, or with ``with_version=True`` the root
    plus ``/v1``, as LangChain takes it.
    """
    if url is not None:
        require_str(url, "base URL")
    chosen = (
        url or os.environ.get(BASE_URL_ENV) or os.environ.get(_ENDPOINT_ENV) or DEFAULT_BASE_URL
    ).strip()
    root = chosen.rstrip("/")
    if root.endswith("/v1"):
        root = root[: -len("/v1")]
    if not root.startswith(("http://", "https://")):
        raise ValueError("the Mistral base URL must start with http:// or https://")
    return f"{root}/v1" if with_version else root


class _Default:
    def __repr__(self) -> str:
        return "<backoff on 429/5xx>"


_DEFAULT: Final = _Default()


def default_retry_config() -> RetryConfig:
    """Exponential backoff (0.5 s, x1.5, at most 10 s per wait, 60 s in all) on 429 and 5xx,
    and on connection errors. A ``Retry-After`` header sets the wait when present, within
    the 10 s cap."""
    from mistralai.client.utils.retries import BackoffStrategy, RetryConfig

    return RetryConfig(
        "backoff",
        BackoffStrategy(
            initial_interval=500,
            max_interval=10_000,
            exponent=1.5,
            max_elapsed_time=60_000,
            jitter_ms=250,
        ),
        retry_connection_errors=True,
    )


def _statuses(codes: Sequence[str] | None) -> frozenset[int]:
    if not codes:
        return RETRY_STATUSES
    statuses: set[int] = set()
    for code in codes:
        text = str(code).upper()
        if text.endswith("XX") and text[:1].isdigit():
            first = int(text[0]) * 100
            statuses.update(range(first, first + 100))
        else:
            statuses.add(int(text))
    return frozenset(statuses)


def retry_policy_from(config: RetryConfig | None) -> RetryPolicy:
    """The :class:`RetryPolicy` that carries out an SDK ``RetryConfig`` (``None``: no
    retries). Unlike the SDK's own loop, each wait stays within ``max_interval`` whatever
    ``Retry-After`` says, and no wait ends past ``max_elapsed_time``."""
    from mistralai.client.utils.retries import RetryConfig

    if config is None:
        return RetryPolicy(max_retries=0)
    if not isinstance(config, RetryConfig):
        raise TypeError(f"retry_config must be a RetryConfig or None, got {type(config).__name__}")
    if config.strategy != "backoff":
        return RetryPolicy(max_retries=0)
    backoff = config.backoff
    jitter_ms = 1000 if backoff.jitter_ms is None else backoff.jitter_ms
    return RetryPolicy(
        max_retries=None,
        initial=backoff.initial_interval / 1000,
        multiplier=backoff.exponent,
        max_wait=backoff.max_interval / 1000,
        deadline=backoff.max_elapsed_time / 1000,
        jitter=jitter_ms / 1000,
        statuses=_statuses(config.status_codes_override),
        retry_transport=config.retry_connection_errors,
        malformed_retries=0,
    )


def _narrow_timeout(request: Any, left: float) -> None:
    """No single attempt may outlast the call's deadline."""
    timeout = request.extensions.get("timeout")
    if isinstance(timeout, dict) and left > 0:
        request.extensions["timeout"] = {
            name: left if value is None else min(value, left) for name, value in timeout.items()
        }


def _send_with_retries(send: Callable[[], Any], request: Any, policy: RetryPolicy) -> Any:
    attempts = policy.start()
    once = caller_retries()
    while True:
        _narrow_timeout(request, attempts.remaining())
        try:
            response = send()
        except Exception as exc:
            scrub_frames(exc)
            wait = None if once else attempts.next_wait(classify(exc))
            if wait is None:
                raise
        else:
            status = response.status_code
            if once or status not in policy.statuses:
                return response
            wait = attempts.next_wait(
                "status", status=status, hint=parse_retry_after(response.headers)
            )
            if wait is None:
                return response
            response.close()
        time.sleep(wait)


async def _asend_with_retries(
    send: Callable[[], Awaitable[Any]], request: Any, policy: RetryPolicy
) -> Any:
    attempts = policy.start()
    once = caller_retries()
    while True:
        _narrow_timeout(request, attempts.remaining())
        try:
            response = await send()
        except Exception as exc:
            scrub_frames(exc)
            wait = None if once else attempts.next_wait(classify(exc))
            if wait is None:
                raise
        else:
            status = response.status_code
            if once or status not in policy.statuses:
                return response
            wait = attempts.next_wait(
                "status", status=status, hint=parse_retry_after(response.headers)
            )
            if wait is None:
                return response
            await response.aclose()
        await asyncio.sleep(wait)


# The clients sit above the auth flow, so each retry is signed afresh by the pool (a key
# cooling down after 429 is skipped). Streamed responses are retried before their body is
# read. A failure's traceback frames are cleared of the transport's locals (raw key bytes).


class _RetryingClient(httpx.Client):
    """``httpx.Client`` that sends a request again after 429/5xx under a :class:`RetryPolicy`."""

    def __init__(self, *, retry_policy: RetryPolicy, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.retry_policy = retry_policy

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        send = partial(httpx.Client.send, self, request, **kwargs)
        response: httpx.Response = _send_with_retries(send, request, self.retry_policy)
        return response


class _RetryingAsyncClient(httpx.AsyncClient):
    """Async :class:`_RetryingClient`."""

    def __init__(self, *, retry_policy: RetryPolicy, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.retry_policy = retry_policy

    async def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        send = partial(httpx.AsyncClient.send, self, request, **kwargs)
        response: httpx.Response = await _asend_with_retries(send, request, self.retry_policy)
        return response


class _RetryingSdkClient(httpx2.Client):
    """The ``httpx2`` (mistralai SDK) :class:`_RetryingClient`."""

    def __init__(self, *, retry_policy: RetryPolicy, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.retry_policy = retry_policy

    def send(self, request: httpx2.Request, **kwargs: Any) -> httpx2.Response:
        send = partial(httpx2.Client.send, self, request, **kwargs)
        response: httpx2.Response = _send_with_retries(send, request, self.retry_policy)
        return response


class _RetryingAsyncSdkClient(httpx2.AsyncClient):
    """The ``httpx2`` (mistralai SDK) :class:`_RetryingAsyncClient`."""

    def __init__(self, *, retry_policy: RetryPolicy, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.retry_policy = retry_policy

    async def send(self, request: httpx2.Request, **kwargs: Any) -> httpx2.Response:
        send = partial(httpx2.AsyncClient.send, self, request, **kwargs)
        response: httpx2.Response = await _asend_with_retries(send, request, self.retry_policy)
        return response


def _no_sdk_key() -> str | None:
    return None


def _check_pool(pool: object) -> KeyPool:
    if not isinstance(pool, KeyPool):
        raise TypeError(f"pool must be a KeyPool, got {type(pool).__name__}")
    return pool


def mistral_client(
    pool: KeyPool,
    *,
    server_url: str | None = None,
    timeout_ms: int = 60_000,
    retry_config: RetryConfig | _Default | None = _DEFAULT,
) -> Mistral:
    """A ``mistralai.client.Mistral`` whose sync and async clients sign with ``pool``.

    ``server_url`` defaults to ``$MISTRAL_BASE_URL`` (see :func:`resolve_base_url`).

    ``retry_config``: the default backs off on 429, 5xx and connection errors (see
    :func:`default_retry_config`); any ``RetryConfig`` is carried out by the client with
    each wait capped at its ``max_interval`` (``Retry-After`` included) and no wait past
    ``max_elapsed_time``; ``None`` turns retries off. A revoked key is retried with the
    next key, a rate-limited one once, before the SDK sees the answer; when a rejection
    leaves no usable key, :class:`~mistral_secure.NoUsableKey` is raised.
    """
    from mistralai.client import Mistral

    _check_pool(pool)
    timeout_ms = require_int(timeout_ms, "timeout_ms", minimum=1)
    server_url = resolve_base_url(server_url)
    timeout = timeout_ms / 1000
    auth = pool.auth()
    config = default_retry_config() if isinstance(retry_config, _Default) else retry_config
    policy = retry_policy_from(config)
    # A key source that gives none: without one the SDK reads $MISTRAL_API_KEY (possibly a
    # comma-separated list) into a Security object on every call, where frame locals and
    # error trackers see it. The pool's auth sets the only Authorization header sent.
    # No SDK retry_config: its loop sleeps whatever Retry-After says; the clients retry.
    sdk = Mistral(
        api_key=_no_sdk_key,
        server_url=server_url,
        client=_RetryingSdkClient(auth=auth, timeout=timeout, retry_policy=policy),
        async_client=_RetryingAsyncSdkClient(auth=auth, timeout=timeout, retry_policy=policy),
        retry_config=None,
        timeout_ms=timeout_ms,
    )
    # These clients belong to the SDK object, not to the caller: mark them so, so that
    # `with mistral_client(pool) as client:` (and `async with`) closes them as it would the
    # SDK's own.
    sdk.sdk_configuration.client_supplied = False
    sdk.sdk_configuration.async_client_supplied = False
    return sdk


def httpx_clients(
    pool: KeyPool,
    *,
    base_url: str | None = None,
    timeout: float = 60.0,
    headers: Mapping[str, str] | None = None,
    max_retries: int = 2,
) -> tuple[httpx.Client, httpx.AsyncClient]:
    """``httpx`` clients for ``ChatMistralAI(client=..., async_client=...)``, signed by ``pool``.

    They carry the base URL (with ``/v1``; default ``$MISTRAL_BASE_URL``, see
    :func:`resolve_base_url`) and the JSON headers LangChain's own clients would.
    A 429 or 5xx answer is sent again up to ``max_retries`` times with backoff (honouring
    ``Retry-After`` within a 10 s cap per wait, 60 s in all); LangChain's own retries cover
    only connection errors.
    """
    _check_pool(pool)
    base_url = resolve_base_url(base_url, with_version=True)
    timeout = require_seconds(timeout, "timeout")
    max_retries = require_int(max_retries, "max_retries")
    merged = {"Content-Type": "application/json", "Accept": "application/json"}
    merged.update(headers or {})
    if any(name.lower() == "authorization" for name in merged):
        raise ValueError("headers must not set Authorization; the pool signs requests")
    auth = pool.auth()
    # LangChain retries connection errors itself (its own max_retries): not twice.
    policy = RetryPolicy(max_retries=max_retries, retry_transport=False, malformed_retries=0)
    options: dict[str, Any] = {
        "base_url": base_url,
        "headers": merged,
        "timeout": timeout,
        "auth": auth,
        "retry_policy": policy,
    }
    return _RetryingClient(**options), _RetryingAsyncClient(**options)
