"""``secure_mistral_embeddings``: ``MistralAIEmbeddings`` signed by a ``KeyPool`` that redacts
every text before it leaves."""

from __future__ import annotations

from typing import Any

from langchain_mistralai import MistralAIEmbeddings
from pydantic import ConfigDict, Field

from mistral_secure import Guard, KeyPool, httpx_clients, resolve_base_url

__all__ = ["SecureMistralAIEmbeddings", "secure_mistral_embeddings"]

_KEY_ARGUMENTS = frozenset({"api_key", "mistral_api_key", "client", "async_client"})


class _CharTokenizer:
    """Counts characters as tokens: batches stay under the API's token limit (a token is at
    least one character) without downloading a tokenizer at construction."""

    @staticmethod
    def encode_batch(texts: list[str]) -> list[str]:
        return list(texts)


class SecureMistralAIEmbeddings(MistralAIEmbeddings):
    """``MistralAIEmbeddings`` that redacts documents and queries before they leave.

    Each text goes through :meth:`~mistral_secure.Guard.redact_for_index`: PII and secrets
    become ``<EMAIL_ADDRESS:3f9c01d2>`` under the guard's hash key, so equal values still
    embed alike (a query naming a customer's email finds the documents that name it), and
    nothing restorable is kept. Build it with :func:`secure_mistral_embeddings`.
    """

    guard: Guard = Field(exclude=True)
    tokenizer: Any = Field(default_factory=_CharTokenizer)

    model_config = ConfigDict(arbitrary_types_allowed=True)

    @classmethod
    def is_lc_serializable(cls) -> bool:
        return False

    def __repr__(self) -> str:
        return f"SecureMistralAIEmbeddings(model={self.model!r})"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed ``texts``, redacted first."""
        return super().embed_documents(self.guard.redact_for_index(texts))

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        """Async :meth:`embed_documents`."""
        return await super().aembed_documents(self.guard.redact_for_index(texts))

    def close(self) -> None:
        """Close the sync HTTP client (:meth:`aclose` closes both)."""
        self.client.close()

    async def aclose(self) -> None:
        """Close both HTTP clients."""
        self.client.close()
        await self.async_client.aclose()

    def __enter__(self) -> SecureMistralAIEmbeddings:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def secure_mistral_embeddings(
    pool: KeyPool,
    *,
    guard: Guard,
    model: str = "mistral-embed",
    base_url: str | None = None,
    timeout: float = 60.0,
    max_retries: int = 2,
    **kwargs: Any,
) -> SecureMistralAIEmbeddings:
    """A LangChain ``MistralAIEmbeddings`` signed by ``pool`` that redacts with ``guard``.

    Keys rotate and 429/5xx answers are retried ``max_retries`` times with backoff, as for
    :func:`secure_chat_mistralai`; ``base_url`` defaults to ``$MISTRAL_BASE_URL``. Other
    keyword arguments go to ``MistralAIEmbeddings`` (``max_concurrent_requests``, ...).
    """
    if not isinstance(pool, KeyPool):
        raise TypeError(f"pool must be a KeyPool, got {type(pool).__name__}")
    if not isinstance(guard, Guard):
        raise TypeError(f"guard must be a mistral_secure.Guard, got {type(guard).__name__}")
    given = sorted(_KEY_ARGUMENTS & kwargs.keys())
    if given:
        raise ValueError(f"secure_mistral_embeddings() builds {', '.join(given)} from the pool")
    endpoint = resolve_base_url(kwargs.pop("endpoint", None) or base_url, with_version=True)
    client, async_client = httpx_clients(
        pool, base_url=endpoint, timeout=timeout, max_retries=max_retries
    )
    # Upstream's own retry waits 30 s between tries; the clients already retry with backoff.
    kwargs.setdefault("wait_time", None)
    return SecureMistralAIEmbeddings(
        guard=guard,
        model=model,
        client=client,
        async_client=async_client,
        endpoint=endpoint,
        timeout=max(1, round(timeout)),
        **kwargs,
    )
