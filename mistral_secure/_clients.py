"""Clients wired to a :class:`KeyPool`: the mistralai SDK, and httpx clients for LangChain."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

import httpx
import httpx2

from ._keypool import KeyPool

if TYPE_CHECKING:
    from mistralai.client import Mistral
    from mistralai.client.utils.retries import RetryConfig

__all__ = ["DEFAULT_BASE_URL", "default_retry_config", "httpx_clients", "mistral_client"]

DEFAULT_BASE_URL: Final = "https://api.mistral.ai/v1"


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

    ``retry_config=None`` turns the SDK's retries off; the default backs off on 429/5xx.
    A revoked or rate-limited key is retried once with the next key before the SDK sees it.
    """
    from mistralai.client import Mistral

    _check_pool(pool)
    if isinstance(timeout_ms, bool) or not isinstance(timeout_ms, int):
        raise TypeError("timeout_ms must be an int")
    if timeout_ms <= 0:
        raise ValueError("timeout_ms must be > 0")
    if server_url is not None and not isinstance(server_url, str):
        raise TypeError("server_url must be str or None")
    timeout = timeout_ms / 1000
    auth = pool.auth()
    config = default_retry_config() if isinstance(retry_config, _Default) else retry_config
    # No api_key: the SDK would otherwise read $MISTRAL_API_KEY itself (possibly a
    # comma-separated list). The pool's auth sets the only Authorization header sent.
    return Mistral(
        server_url=server_url,
        client=httpx2.Client(auth=auth, timeout=timeout),
        async_client=httpx2.AsyncClient(auth=auth, timeout=timeout),
        retry_config=config,
        timeout_ms=timeout_ms,
    )


def httpx_clients(
    pool: KeyPool,
    *,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 60.0,
    headers: Mapping[str, str] | None = None,
) -> tuple[httpx.Client, httpx.AsyncClient]:
    """``httpx`` clients for ``ChatMistralAI(client=..., async_client=...)``, signed by ``pool``.

    They carry the base URL (with ``/v1``) and JSON headers LangChain's own clients would.
    """
    _check_pool(pool)
    if not isinstance(base_url, str):
        raise TypeError("base_url must be str")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise TypeError("timeout must be a number of seconds")
    if timeout <= 0:
        raise ValueError("timeout must be > 0")
    merged = {"Content-Type": "application/json", "Accept": "application/json"}
    merged.update(headers or {})
    if any(name.lower() == "authorization" for name in merged):
        raise ValueError("headers must not set Authorization; the pool signs requests")
    auth = pool.auth()
    return (
        httpx.Client(base_url=base_url, headers=merged, timeout=timeout, auth=auth),
        httpx.AsyncClient(base_url=base_url, headers=merged, timeout=timeout, auth=auth),
    )
