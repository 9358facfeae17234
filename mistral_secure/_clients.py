"""Clients wired to a :class:`KeyPool`: the mistralai SDK, and httpx clients for LangChain."""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import httpx
import httpx2

from ._auth import parse_retry_after
from ._keypool import KeyPool

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
    if url is not None and not isinstance(url, str):
        raise TypeError(f"base URL must be str, got {type(url).__name__}")
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
    and on connection errors. A ``Retry-After`` header sets the wait when present."""
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


# Statuses worth sending again after a pause: rate limits and transient server failures.
_RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
_MAX_BACKOFF: Final = 10.0


def _backoff(attempt: int, response: httpx.Response) -> float:
    """Seconds to wait before retry ``attempt`` (0-based): ``Retry-After`` if given, else
    0.5 s doubling per attempt with jitter, never more than 10 s."""
    hinted = parse_retry_after(response.headers)
    if hinted is not None:
        return min(hinted, _MAX_BACKOFF)
    return float(min(0.5 * 2**attempt, _MAX_BACKOFF) * (0.75 + random.random() / 2))  # noqa: S311 - jitter


class _RetryingClient(httpx.Client):
    """``httpx.Client`` that sends a request again after 429/5xx, with backoff.

    It sits above the auth flow, so each retry is signed afresh by the pool (a key cooling
    down after 429 is skipped). Streamed responses are retried before their body is read.
    """

    def __init__(self, *, max_retries: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_retries = max_retries

    def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        attempt = 0
        while True:
            response = super().send(request, **kwargs)
            if response.status_code not in _RETRY_STATUSES or attempt >= self.max_retries:
                return response
            wait = _backoff(attempt, response)
            response.close()
            time.sleep(wait)
            attempt += 1


class _RetryingAsyncClient(httpx.AsyncClient):
    """Async :class:`_RetryingClient`."""

    def __init__(self, *, max_retries: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_retries = max_retries

    async def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        attempt = 0
        while True:
            response = await super().send(request, **kwargs)
            if response.status_code not in _RETRY_STATUSES or attempt >= self.max_retries:
                return response
            wait = _backoff(attempt, response)
            await response.aclose()
            await asyncio.sleep(wait)
            attempt += 1


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

    ``retry_config=None`` turns the SDK's retries off; the default backs off on 429/5xx.
    A revoked or rate-limited key is retried once with the next key before the SDK sees it.
    """
    from mistralai.client import Mistral

    _check_pool(pool)
    if isinstance(timeout_ms, bool) or not isinstance(timeout_ms, int):
        raise TypeError("timeout_ms must be an int")
    if timeout_ms <= 0:
        raise ValueError("timeout_ms must be > 0")
    server_url = resolve_base_url(server_url)
    timeout = timeout_ms / 1000
    auth = pool.auth()
    config = default_retry_config() if isinstance(retry_config, _Default) else retry_config
    # No api_key: the SDK would otherwise read $MISTRAL_API_KEY itself (possibly a
    # comma-separated list). The pool's auth sets the only Authorization header sent.
    sdk = Mistral(
        server_url=server_url,
        client=httpx2.Client(auth=auth, timeout=timeout),
        async_client=httpx2.AsyncClient(auth=auth, timeout=timeout),
        retry_config=config,
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
    ``Retry-After``); LangChain's own retries cover only connection errors.
    """
    _check_pool(pool)
    base_url = resolve_base_url(base_url, with_version=True)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError("timeout must be a number of seconds")
    if timeout <= 0:
        raise ValueError("timeout must be > 0")
    if isinstance(max_retries, bool) or not isinstance(max_retries, int):
        raise TypeError("max_retries must be an int")
    if max_retries < 0:
        raise ValueError("max_retries must be >= 0")
    merged = {"Content-Type": "application/json", "Accept": "application/json"}
    merged.update(headers or {})
    if any(name.lower() == "authorization" for name in merged):
        raise ValueError("headers must not set Authorization; the pool signs requests")
    auth = pool.auth()
    options: dict[str, Any] = {
        "base_url": base_url,
        "headers": merged,
        "timeout": timeout,
        "auth": auth,
        "max_retries": max_retries,
    }
    return _RetryingClient(**options), _RetryingAsyncClient(**options)
