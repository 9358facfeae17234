"""``secure_mistral_llm``: llama-index's MistralAI on a KeyPool-signed client with real retries."""

from __future__ import annotations

from typing import Any

from llama_index.llms.mistralai import MistralAI
from llama_index.llms.mistralai.utils import mistralai_modelname_to_contextsize
from mistralai.client import Mistral
from mistralai.client.utils.retries import RetryConfig

from mistral_secure import (
    ConfigurationError,
    KeyPool,
    default_retry_config,
    mistral_client,
    resolve_base_url,
)

from ..instrumentation import record_key_fingerprints

__all__ = ["SecureMistralAI", "secure_mistral_llm"]

# Upstream insists on a key before it builds its own client, which is then replaced by
# the pool's client; this value is never sent anywhere.
_PLACEHOLDER = "unused-the-key-pool-signs-requests"


class SecureMistralAI(MistralAI):  # type: ignore[misc]  # upstream ships no type hints
    """``MistralAI`` whose SDK calls use the client's retry configuration.

    Upstream passes ``retries=self.max_retries`` (an int) into every SDK call. The SDK
    expects a ``RetryConfig`` there and treats anything else as "no retries", overriding
    the client's own configuration: ``max_retries`` never becomes a retry. This subclass
    drops that argument (unless ``additional_kwargs`` holds a real ``RetryConfig``) and
    passes ``timeout_ms`` as an int.
    """

    @classmethod
    def class_name(cls) -> str:
        return "SecureMistralAI_LLM"

    @property
    def _model_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = dict(super()._model_kwargs)
        if not isinstance(kwargs.get("retries"), RetryConfig):
            kwargs.pop("retries", None)
        kwargs["timeout_ms"] = int(self.timeout * 1000)
        return kwargs

    def close(self) -> None:
        """Close the sync HTTP client (:meth:`aclose` closes both).

        The SDK's own ``__exit__`` would leave the pool-signed clients open: it closes only
        clients it built itself.
        """
        if (http := self._client.sdk_configuration.client) is not None:
            http.close()

    async def aclose(self) -> None:
        """Close the HTTP clients, sync and async."""
        self.close()
        if (http := self._client.sdk_configuration.async_client) is not None:
            await http.aclose()

    def __enter__(self) -> SecureMistralAI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> SecureMistralAI:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def _discard(client: Mistral) -> None:
    """Release the client upstream built for the placeholder key, here rather than at GC.

    The SDK client refers to itself (``parent_ref``), so only the cycle collector would
    free it, at any later time and in any thread: its finalizer then schedules the async
    client's ``aclose()`` on whatever event loop runs there, one that may close before
    awaiting it. Closed now, with the cycle broken, it is gone when it is replaced.
    """
    if (http := client.sdk_configuration.client) is not None:
        http.close()
    client.parent_ref = None


def secure_mistral_llm(
    pool: KeyPool,
    *,
    model: str = "mistral-large-latest",
    endpoint: str | None = None,
    server_url: str | None = None,
    retry_config: RetryConfig | None = None,
    **kwargs: Any,
) -> SecureMistralAI:
    """A llama-index ``MistralAI`` (see :class:`SecureMistralAI`) signed by ``pool``.

    Every request carries a key from ``pool``; a revoked (401/403) or rate-limited (429)
    key is retried once with the next key, and 429/5xx answers are retried with backoff
    (``retry_config``, default: :func:`mistral_secure.default_retry_config`).
    ``max_retries=0`` turns the SDK's backoff retries off. ``timeout`` (seconds) becomes
    the client's ``timeout_ms``. ``endpoint`` (or ``server_url``; default
    ``$MISTRAL_BASE_URL``, then ``$MISTRAL_ENDPOINT``) is the API base URL, with or without
    ``/v1``. Other keyword arguments go to ``MistralAI``.

    Upstream's ``metadata`` raises ``ValueError`` for model names missing from
    ``llama_index.llms.mistralai.utils.MISTRALAI_MODELS``; this is checked here, so a bad
    name fails at construction with :class:`~mistral_secure.ConfigurationError`.
    """
    if not isinstance(pool, KeyPool):
        raise TypeError(f"pool must be a KeyPool, got {type(pool).__name__}")
    if "api_key" in kwargs:
        raise ConfigurationError("pass keys through the KeyPool, not api_key=")
    if endpoint is not None and server_url is not None and endpoint != server_url:
        raise ConfigurationError("pass endpoint= or server_url=, not both")
    if not isinstance(model, str):
        raise TypeError(f"model must be str, got {type(model).__name__}")
    try:
        mistralai_modelname_to_contextsize(model)
    except ValueError:
        raise ConfigurationError(
            f"llama-index's MistralAI does not know the model {model!r} (its metadata would "
            "raise at query time); use a name from "
            "llama_index.llms.mistralai.utils.MISTRALAI_MODELS"
        ) from None
    url = resolve_base_url(endpoint or server_url)
    llm = SecureMistralAI(model=model, api_key=_PLACEHOLDER, endpoint=url, **kwargs)
    _discard(llm._client)
    if retry_config is None and llm.max_retries > 0:
        retry_config = default_retry_config()
    llm._client = mistral_client(
        pool,
        server_url=url,
        timeout_ms=max(1, int(llm.timeout * 1000)),
        retry_config=retry_config,
    )
    record_key_fingerprints(llm._client)
    return llm
