"""``secure_mistral_embedding``: ``MistralAIEmbedding`` on a KeyPool-signed client that redacts
every text (documents, queries, condensed questions) before it leaves."""

from __future__ import annotations

from typing import Any

from llama_index.core.bridge.pydantic import Field
from llama_index.embeddings.mistralai import MistralAIEmbedding

from mistral_secure import ConfigurationError, Guard, KeyPool, mistral_client, resolve_base_url

from .._nodes import check_guard
from .._sdk_client import OwnsSdkClient, discard
from ..instrumentation import record_key_fingerprints

__all__ = ["SecureMistralAIEmbedding", "secure_mistral_embedding"]

# Upstream insists on a key before it builds its own client, which is then replaced by
# the pool's client; this value is never sent anywhere.
_PLACEHOLDER = "unused-the-key-pool-signs-requests"


class SecureMistralAIEmbedding(OwnsSdkClient, MistralAIEmbedding):  # type: ignore[misc]  # untyped upstream
    """``MistralAIEmbedding`` that redacts each text with
    :meth:`~mistral_secure.Guard.redact_for_index` before it leaves: hash placeholders under
    the guard's key, so equal values still embed alike and nothing restorable is kept.
    Queries (and the condensed questions of chat engines) go through it too. Build it with
    :func:`secure_mistral_embedding`.
    """

    guard: Guard = Field(exclude=True)

    @classmethod
    def class_name(cls) -> str:
        return "SecureMistralAIEmbedding"

    def __repr__(self) -> str:
        return f"SecureMistralAIEmbedding(model_name={self.model_name!r})"

    def _embed(self, texts: list[str]) -> list[list[float]]:
        response = self._client.embeddings.create(
            model=self.model_name, inputs=self.guard.redact_for_index(texts)
        )
        return [item.embedding for item in response.data]

    async def _aembed(self, texts: list[str]) -> list[list[float]]:
        response = await self._client.embeddings.create_async(
            model=self.model_name, inputs=self.guard.redact_for_index(texts)
        )
        return [item.embedding for item in response.data]

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embed([query])[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return (await self._aembed([query]))[0]

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embed([text])[0]

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return (await self._aembed([text]))[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts)

    async def _aget_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return await self._aembed(texts)


def secure_mistral_embedding(
    pool: KeyPool,
    *,
    guard: Guard,
    model_name: str = "mistral-embed",
    endpoint: str | None = None,
    timeout: float = 60.0,
    **kwargs: Any,
) -> SecureMistralAIEmbedding:
    """A llama-index ``MistralAIEmbedding`` signed by ``pool`` that redacts with ``guard``.

    Keys rotate and 429/5xx answers are retried with backoff, as for
    :func:`~llama_index_mistral_secure.secure_mistral_llm`. ``endpoint`` defaults to
    ``$MISTRAL_BASE_URL`` (then ``$MISTRAL_ENDPOINT``). Other keyword arguments go to
    ``MistralAIEmbedding`` (``embed_batch_size``, ...).
    """
    if not isinstance(pool, KeyPool):
        raise TypeError(f"pool must be a KeyPool, got {type(pool).__name__}")
    if "api_key" in kwargs:
        raise ConfigurationError("pass keys through the KeyPool, not api_key=")
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ValueError("timeout must be a positive number of seconds")
    model = SecureMistralAIEmbedding(
        model_name=model_name, api_key=_PLACEHOLDER, guard=check_guard(guard), **kwargs
    )
    discard(model._client)
    model._client = mistral_client(
        pool, server_url=resolve_base_url(endpoint), timeout_ms=max(1, int(timeout * 1000))
    )
    record_key_fingerprints(model._client)
    return model
