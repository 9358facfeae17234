"""``secure_chat_mistralai``: a ``ChatMistralAI`` whose requests are signed by a ``KeyPool``."""

from __future__ import annotations

import os
from typing import Any

from langchain_mistralai import ChatMistralAI

from mistral_secure import KeyPool, httpx_clients
from mistral_secure._clients import DEFAULT_BASE_URL

from ._callbacks import anote_key_fingerprint, note_key_fingerprint

__all__ = ["secure_chat_mistralai"]

_KEY_ARGUMENTS = frozenset({"api_key", "mistral_api_key", "client", "async_client"})


def secure_chat_mistralai(
    pool: KeyPool,
    *,
    base_url: str | None = None,
    timeout: float = 60.0,
    max_retries: int = 2,
    safe_prompt: bool | None = None,
    guardrails: list[dict[str, Any]] | None = None,
    **kwargs: Any,
) -> ChatMistralAI:
    """Build a ``ChatMistralAI`` whose httpx clients are signed by ``pool``.

    - Keys rotate; a key answered 401/403 is quarantined and the request is sent again with
      the next key; 429 cools a key down.
    - 429 and 5xx answers are retried ``max_retries`` times with backoff (``Retry-After``
      honoured). LangChain's own ``max_retries`` still covers connection errors.
    - Only the pool sets ``Authorization``, so ``Bearer None`` is never sent, even without
      ``MISTRAL_API_KEY``.
    - ``timeout`` (seconds) applies to both clients.
    - ``safe_prompt`` turns on Mistral's server-side safety prompt; ``guardrails`` is passed
      as is in each request body (Mistral's moderation guardrails).

    ``base_url`` defaults to ``$MISTRAL_BASE_URL`` or Mistral's API (with ``/v1``). Any other
    keyword goes to ``ChatMistralAI`` (``model=``, ``temperature=``, ``streaming=``, ...).
    """
    if not isinstance(pool, KeyPool):
        raise TypeError(f"pool must be a KeyPool, got {type(pool).__name__}")
    given = sorted(_KEY_ARGUMENTS & kwargs.keys())
    if given:
        raise ValueError(f"secure_chat_mistralai() builds {', '.join(given)} from the pool")
    if safe_prompt is not None and not isinstance(safe_prompt, bool):
        raise TypeError("safe_prompt must be a bool")
    endpoint = kwargs.pop("endpoint", None) or base_url
    if endpoint is None:
        endpoint = os.environ.get("MISTRAL_BASE_URL") or DEFAULT_BASE_URL
    if not isinstance(endpoint, str):
        raise TypeError("base_url must be str")
    client, async_client = httpx_clients(
        pool, base_url=endpoint, timeout=timeout, max_retries=max_retries
    )
    # The audit callback reads the fingerprint of the key that signed the answer from here.
    client.event_hooks["response"].append(note_key_fingerprint)
    async_client.event_hooks["response"].append(anote_key_fingerprint)
    model_kwargs = dict(kwargs.pop("model_kwargs", None) or {})
    if guardrails is not None:
        model_kwargs["guardrails"] = guardrails
    if safe_prompt is not None:
        kwargs["safe_mode"] = safe_prompt
    return ChatMistralAI(
        client=client,
        async_client=async_client,
        base_url=endpoint,
        # Only used by clients LangChain builds itself; ours carry the real timeout.
        timeout=max(1, round(timeout)),
        model_kwargs=model_kwargs,
        **kwargs,
    )
