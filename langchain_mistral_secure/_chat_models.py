"""``secure_chat_mistralai``: a ``ChatMistralAI`` whose requests are signed by a ``KeyPool``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextvars import ContextVar
from typing import Any

import httpx
from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from langchain_mistralai import ChatMistralAI
from pydantic import SecretStr

from mistral_secure import KeyPool, httpx_clients, resolve_base_url
from mistral_secure._auth import FINGERPRINT_EXTENSION

__all__ = ["KEY_FINGERPRINT_FIELD", "SecureChatMistralAI", "secure_chat_mistralai"]

#: ``generation_info`` (hence ``response_metadata``) field naming the key that answered.
KEY_FINGERPRINT_FIELD = "key_fingerprint"
_KEY_ARGUMENTS = frozenset({"api_key", "mistral_api_key", "client", "async_client"})

# ChatMistralAI would otherwise copy $MISTRAL_API_KEY into a field (its __dict__, pickles,
# error trackers' frame locals). Its clients are the pool's, so this value is never sent.
_PLACEHOLDER = SecretStr("unused-the-key-pool-signs-requests")

# Written by the clients' response hook, read by the model method that sent the request.
# Both run in the same context (thread or task), so concurrent calls never mix.
_SIGNED_BY: ContextVar[str | None] = ContextVar("mistral_secure_signed_by", default=None)


def _note(response: httpx.Response) -> None:
    value = response.extensions.get(FINGERPRINT_EXTENSION) or response.request.extensions.get(
        FINGERPRINT_EXTENSION
    )
    _SIGNED_BY.set(value if isinstance(value, str) else None)


async def _anote(response: httpx.Response) -> None:
    _note(response)


def _tag(info: dict[str, Any] | None) -> dict[str, Any] | None:
    fingerprint = _SIGNED_BY.get()
    if fingerprint is None:
        return info
    return {**(info or {}), KEY_FINGERPRINT_FIELD: fingerprint}


class SecureChatMistralAI(ChatMistralAI):
    """``ChatMistralAI`` that records which pool key answered each call.

    The key's fingerprint (never the key) goes into ``generation_info`` and so into the
    answer's ``response_metadata["key_fingerprint"]``, where the audit callbacks read it.
    Build it with :func:`secure_chat_mistralai`; :meth:`close` / :meth:`aclose` release its
    connections.
    """

    @classmethod
    def is_lc_serializable(cls) -> bool:
        # Its clients carry the key pool, which must never be serialized.
        return False

    def close(self) -> None:
        """Close the sync HTTP client (:meth:`aclose` closes both)."""
        self.client.close()

    async def aclose(self) -> None:
        """Close both HTTP clients."""
        self.client.close()
        await self.async_client.aclose()

    def __enter__(self) -> SecureChatMistralAI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> SecureChatMistralAI:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        stream: bool | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        _SIGNED_BY.set(None)
        result = super()._generate(messages, stop, run_manager, stream, **kwargs)
        for generation in result.generations:
            generation.generation_info = _tag(generation.generation_info)
        return result

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        stream: bool | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        _SIGNED_BY.set(None)
        result = await super()._agenerate(messages, stop, run_manager, stream, **kwargs)
        for generation in result.generations:
            generation.generation_info = _tag(generation.generation_info)
        return result

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        _SIGNED_BY.set(None)
        first = True
        for chunk in super()._stream(messages, stop, run_manager, **kwargs):
            if first:
                # Only once: merging chunks concatenates string values.
                chunk.generation_info = _tag(chunk.generation_info)
                first = False
            yield chunk

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        _SIGNED_BY.set(None)
        first = True
        async for chunk in super()._astream(messages, stop, run_manager, **kwargs):
            if first:
                chunk.generation_info = _tag(chunk.generation_info)
                first = False
            yield chunk


def secure_chat_mistralai(
    pool: KeyPool,
    *,
    base_url: str | None = None,
    timeout: float = 60.0,
    max_retries: int = 2,
    safe_prompt: bool | None = None,
    guardrails: list[dict[str, Any]] | None = None,
    **kwargs: Any,
) -> SecureChatMistralAI:
    """Build a ``ChatMistralAI`` whose httpx clients are signed by ``pool``.

    - Keys rotate; a key answered 401/403 is quarantined and the request is sent again with
      the next key; 429 cools a key down.
    - 429 and 5xx answers are retried ``max_retries`` times with backoff (``Retry-After``
      honoured). LangChain's own ``max_retries`` still covers connection errors.
    - Only the pool sets ``Authorization``, so ``Bearer None`` is never sent, even without
      ``MISTRAL_API_KEY``.
    - ``timeout`` (seconds) applies to both clients.
    - ``safe_prompt`` turns on Mistral's server-side safety prompt; ``guardrails`` is sent
      as is in each request body (Mistral's moderation guardrails).

    ``base_url`` defaults to ``$MISTRAL_BASE_URL`` or Mistral's API (``/v1`` is added when
    missing; see :func:`mistral_secure.resolve_base_url`). Any other
    keyword goes to ``ChatMistralAI`` (``model=``, ``temperature=``, ``streaming=``, ...).
    """
    if not isinstance(pool, KeyPool):
        raise TypeError(f"pool must be a KeyPool, got {type(pool).__name__}")
    given = sorted(_KEY_ARGUMENTS & kwargs.keys())
    if given:
        raise ValueError(f"secure_chat_mistralai() builds {', '.join(given)} from the pool")
    if safe_prompt is not None and not isinstance(safe_prompt, bool):
        raise TypeError("safe_prompt must be a bool")
    endpoint = resolve_base_url(kwargs.pop("endpoint", None) or base_url, with_version=True)
    client, async_client = httpx_clients(
        pool, base_url=endpoint, timeout=timeout, max_retries=max_retries
    )
    client.event_hooks["response"].append(_note)
    async_client.event_hooks["response"].append(_anote)
    model_kwargs = dict(kwargs.pop("model_kwargs", None) or {})
    if guardrails is not None:
        model_kwargs["guardrails"] = guardrails
    if safe_prompt is not None:
        kwargs["safe_mode"] = safe_prompt
    return SecureChatMistralAI(
        api_key=_PLACEHOLDER,
        client=client,
        async_client=async_client,
        base_url=endpoint,
        # Only used by clients LangChain builds itself; ours carry the real timeout.
        timeout=max(1, round(timeout)),
        model_kwargs=model_kwargs,
        **kwargs,
    )
