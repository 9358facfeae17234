"""``secure_chat_mistralai``: a ``ChatMistralAI`` whose requests are signed by a ``KeyPool``."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from contextvars import ContextVar, Token
from typing import Any

import httpx
from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import RunnableConfig
from langchain_mistralai import ChatMistralAI
from pydantic import ConfigDict, Field, SecretStr

from mistral_secure import (
    FINGERPRINT_EXTENSION,
    Conversation,
    Guard,
    GuardedStream,
    KeyPool,
    httpx_clients,
    resolve_base_url,
)

from ._conversations import conversation_for
from ._handoff import guard_marker, guarded_strings, handoff_for
from ._messages import (
    GUARDED_FIELD,
    aguarded_message,
    guarded_message,
    message_entry,
    message_from,
    strings_in,
)
from ._messages import message_text as _message_text
from ._messages import replace_text as _replace_text

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
# The config a guarded model was called with, for its conversation (session_id/thread_id).
_RUN_CONFIG: ContextVar[RunnableConfig | None] = ContextVar(
    "mistral_secure_run_config", default=None
)


def _note(response: httpx.Response) -> None:
    value = response.extensions.get(FINGERPRINT_EXTENSION) or response.request.extensions.get(
        FINGERPRINT_EXTENSION
    )
    _SIGNED_BY.set(value if isinstance(value, str) else None)


async def _anote(response: httpx.Response) -> None:
    _note(response)


def _tag(info: dict[str, Any] | None, guard: Guard | None = None) -> dict[str, Any] | None:
    """``generation_info`` with the key's fingerprint and, when guarded, the guard's marker."""
    fingerprint = _SIGNED_BY.get()
    tags: dict[str, Any] = {}
    if fingerprint is not None:
        tags[KEY_FINGERPRINT_FIELD] = fingerprint
    if guard is not None:
        tags[GUARDED_FIELD] = guard_marker(guard)
    return {**(info or {}), **tags} if tags else info


def _remember(guard: Guard, message: BaseMessage) -> None:
    """Record the final text and tool-call arguments, so OutputGuard leaves them alone."""
    texts = [_message_text(message.content)]
    if isinstance(message, AIMessage):
        texts += strings_in([call["args"] for call in message.tool_calls])
    guarded_strings(guard).remember(texts)


class SecureChatMistralAI(ChatMistralAI):
    """``ChatMistralAI`` that records which pool key answered each call, and, given a
    :class:`~mistral_secure.Guard`, guards its own input and output.

    The key's fingerprint (never the key) goes into ``generation_info`` and so into the
    answer's ``response_metadata["key_fingerprint"]``, where the audit callbacks read it.

    With ``guard``, every call (``invoke``, ``stream``, ``batch``, tool-calling loops,
    agents, ``with_structured_output``) checks what leaves and what comes back:

    - the messages are checked with :meth:`~mistral_secure.Guard.check_messages`: every
      message redacted (history, tool results and retrieved context included), user and tool
      messages screened for injection, system and AI messages screened as context, the
      conversation moderated (concurrently with the model call under
      ``moderation.input_mode = "concurrent"``: the answer is withheld until it passed);
    - the answer is sanitized, moderated and restored before any callback sees it, so
      ``astream_events`` and streaming callbacks get safe text; tool-call arguments get the
      real values back for the tools (:meth:`~mistral_secure.Guard.check_tool_arguments`);
    - the run's ``configurable.session_id``/``thread_id`` picks the conversation vault;
      without one each call has its own.

    Build it with :func:`secure_chat_mistralai`; :meth:`close` / :meth:`aclose` release its
    connections.
    """

    guard: Guard | None = Field(default=None, exclude=True)

    model_config = ConfigDict(arbitrary_types_allowed=True)

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

    # -- the run's config, for its conversation ---------------------------------------------

    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        token = _RUN_CONFIG.set(config)
        try:
            return super().invoke(input, config, **kwargs)
        finally:
            _RUN_CONFIG.reset(token)

    async def ainvoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        token = _RUN_CONFIG.set(config)
        try:
            return await super().ainvoke(input, config, **kwargs)
        finally:
            _RUN_CONFIG.reset(token)

    def stream(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        token = _RUN_CONFIG.set(config)
        try:
            yield from super().stream(input, config, **kwargs)
        finally:
            _forget(token)

    async def astream(
        self, input: Any, config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Any]:
        token = _RUN_CONFIG.set(config)
        try:
            async for chunk in super().astream(input, config, **kwargs):
                yield chunk
        finally:
            _forget(token)

    # -- guarded calls ----------------------------------------------------------------------

    def _conversation(
        self,
        guard: Guard,
        run_manager: CallbackManagerForLLMRun | AsyncCallbackManagerForLLMRun | None,
    ) -> Conversation:
        """The run's session or thread; else the vault of the InputGuard of the same
        sequence run (so the answer is restored with the input's values); else a new one."""
        config = _RUN_CONFIG.get()
        found = conversation_for(guard, config) if config is not None else None
        if found is None:
            found = conversation_for(guard)
        if found is None and run_manager is not None:
            outcome = handoff_for(guard).peek(run_manager.parent_run_id)
            found = outcome.conversation if outcome is not None else None
        return found if found is not None else guard.conversation()

    @staticmethod
    def _defer(guard: Guard) -> bool:
        return guard.moderator is not None and guard.policy.moderation.input_mode == "concurrent"

    def _checked_messages(
        self, guard: Guard, conversation: Conversation, messages: list[BaseMessage], check: Any
    ) -> list[BaseMessage]:
        return [message_from(m, e) for m, e in zip(messages, check.messages, strict=True)]

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        stream: bool | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        _SIGNED_BY.set(None)
        guard = self.guard
        if guard is None:
            result = super()._generate(messages, stop, run_manager, stream, **kwargs)
        else:
            conversation = self._conversation(guard, run_manager)
            check = conversation.check_messages(
                [message_entry(m) for m in messages], defer_moderation=self._defer(guard)
            )
            sent = self._checked_messages(guard, conversation, messages, check)
            result = super()._generate(sent, stop, run_manager, stream, **kwargs)
            check.confirm()
            result.generations = [
                ChatGeneration(
                    message=guarded_message(guard, g.message, conversation),
                    generation_info=g.generation_info,
                )
                for g in result.generations
            ]
        for generation in result.generations:
            generation.generation_info = _tag(generation.generation_info, guard)
            if guard is not None:
                _remember(guard, generation.message)
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
        guard = self.guard
        if guard is None:
            result = await super()._agenerate(messages, stop, run_manager, stream, **kwargs)
        else:
            conversation = self._conversation(guard, run_manager)
            check = await conversation.acheck_messages(
                [message_entry(m) for m in messages], defer_moderation=self._defer(guard)
            )
            sent = self._checked_messages(guard, conversation, messages, check)
            result = await super()._agenerate(sent, stop, run_manager, stream, **kwargs)
            await check.aconfirm()
            result.generations = [
                ChatGeneration(
                    message=await aguarded_message(guard, g.message, conversation),
                    generation_info=g.generation_info,
                )
                for g in result.generations
            ]
        for generation in result.generations:
            generation.generation_info = _tag(generation.generation_info, guard)
            if guard is not None:
                _remember(guard, generation.message)
        return result

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        _SIGNED_BY.set(None)
        guard = self.guard
        if guard is None:
            chunks: Iterator[ChatGenerationChunk] = super()._stream(
                messages, stop, run_manager, **kwargs
            )
            yield from _tagged(chunks, None)
            return
        conversation = self._conversation(guard, run_manager)
        check = conversation.check_messages(
            [message_entry(m) for m in messages], defer_moderation=self._defer(guard)
        )
        sent = self._checked_messages(guard, conversation, messages, check)
        # No run manager below: callbacks see the guarded chunks only (BaseChatModel reports
        # each chunk this method yields).
        raw = super()._stream(sent, stop, None, **kwargs)
        session: GuardedStream | None = None
        try:
            for chunk in _tagged(raw, guard):
                if session is None:
                    check.confirm()  # the answer waits for the input's moderation
                    session = conversation.stream_session()
                text = _message_text(chunk.message.content)
                piece = session.feed(text) if text else ""
                yield _guarded_chunk(guard, chunk, piece, conversation)
                if session.stopped:
                    break
            if session is not None:
                tail = session.flush()
                if tail:
                    yield ChatGenerationChunk(message=AIMessageChunk(content=tail))
        finally:
            if session is not None:
                session.close()
            close = getattr(raw, "close", None)
            if callable(close):
                close()

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        _SIGNED_BY.set(None)
        guard = self.guard
        if guard is None:
            async for chunk in _atagged(
                super()._astream(messages, stop, run_manager, **kwargs), None
            ):
                yield chunk
            return
        conversation = self._conversation(guard, run_manager)
        check = await conversation.acheck_messages(
            [message_entry(m) for m in messages], defer_moderation=self._defer(guard)
        )
        sent = self._checked_messages(guard, conversation, messages, check)
        raw = super()._astream(sent, stop, None, **kwargs)
        session: GuardedStream | None = None
        try:
            async for chunk in _atagged(raw, guard):
                if session is None:
                    await check.aconfirm()
                    session = conversation.stream_session()
                text = _message_text(chunk.message.content)
                piece = await session.afeed(text) if text else ""
                yield _guarded_chunk(guard, chunk, piece, conversation)
                if session.stopped:
                    break
            if session is not None:
                tail = await session.aflush()
                if tail:
                    yield ChatGenerationChunk(message=AIMessageChunk(content=tail))
        finally:
            if session is not None:
                session.close()
            aclose = getattr(raw, "aclose", None)
            if callable(aclose):
                await aclose()


def _forget(token: Token[RunnableConfig | None]) -> None:
    # A stream may be closed from another context than the one that started it.
    try:
        _RUN_CONFIG.reset(token)
    except ValueError:
        _RUN_CONFIG.set(None)


def _tagged(
    chunks: Iterator[ChatGenerationChunk], guard: Guard | None
) -> Iterator[ChatGenerationChunk]:
    first = True
    for chunk in chunks:
        if first:
            # Only once: merging chunks concatenates string values.
            chunk.generation_info = _tag(chunk.generation_info, guard)
            first = False
        yield chunk


async def _atagged(
    chunks: AsyncIterator[ChatGenerationChunk], guard: Guard | None
) -> AsyncIterator[ChatGenerationChunk]:
    first = True
    async for chunk in chunks:
        if first:
            chunk.generation_info = _tag(chunk.generation_info, guard)
            first = False
        yield chunk


def _guarded_chunk(
    guard: Guard, chunk: ChatGenerationChunk, text: str, conversation: Conversation
) -> ChatGenerationChunk:
    message = chunk.message
    calls = [
        {**call, "args": guard.check_tool_arguments(call["args"], conversation=conversation)}
        if isinstance(call.get("args"), str)
        else call
        for call in getattr(message, "tool_call_chunks", ())
    ]
    extra = dict(message.additional_kwargs)
    if isinstance(extra.get("tool_calls"), list):
        extra["tool_calls"] = guard.check_tool_arguments(
            extra["tool_calls"], conversation=conversation
        )
    arguments: list[Any] = []
    for call in calls:
        try:  # Mistral streams each call whole: its arguments are complete JSON
            arguments.append(json.loads(call["args"]) if call.get("args") else None)
        except ValueError:
            continue
    guarded_strings(guard).remember(strings_in(arguments))
    rebuilt = AIMessageChunk(
        content=_replace_text(message.content, text),
        tool_call_chunks=calls,  # type: ignore[arg-type]
        additional_kwargs=extra,
        response_metadata=message.response_metadata,
        usage_metadata=getattr(message, "usage_metadata", None),
        id=message.id,
    )
    return ChatGenerationChunk(message=rebuilt, generation_info=chunk.generation_info)


def secure_chat_mistralai(
    pool: KeyPool,
    *,
    guard: Guard | None = None,
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
    - 429, 5xx and connection errors are retried ``max_retries`` times by the library's one
      retry policy (every wait capped at 10 s, ``Retry-After`` honoured within the cap).
      LangChain's own retry loop is set to a single attempt, so the two never multiply.
    - Only the pool sets ``Authorization``, so ``Bearer None`` is never sent, even without
      ``MISTRAL_API_KEY``.
    - ``timeout`` (seconds) applies to both clients.
    - ``safe_prompt`` turns on Mistral's server-side safety prompt; ``guardrails`` is sent
      as is in each request body (Mistral's moderation guardrails).
    - ``guard``: the model guards its own input and output (see
      :class:`SecureChatMistralAI`): tool loops, agents, retrieval chains, structured output
      and ``astream_events`` are covered without ``InputGuard``/``OutputGuard``.

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
    if guard is not None and not isinstance(guard, Guard):
        raise TypeError(f"guard must be a mistral_secure.Guard, got {type(guard).__name__}")
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
        guard=guard,
        api_key=_PLACEHOLDER,
        client=client,
        async_client=async_client,
        base_url=endpoint,
        # Only used by clients LangChain builds itself; ours carry the real timeout.
        timeout=max(1, round(timeout)),
        model_kwargs=model_kwargs,
        # One attempt in LangChain's tenacity loop (4-10 s waits, 5 tries by default): the
        # pool's clients already retry connection errors within the library's deadline.
        max_retries=1,
        **kwargs,
    )
