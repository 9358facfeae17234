"""Audit callbacks: one metadata-only :class:`~mistral_secure.AuditRecord` per model call.

Records carry the model name, message count, character counts, token usage (from
``llm_output`` or, when streaming, the message's ``usage_metadata``), latency, the
fingerprint of the key that signed the request (models from :func:`secure_chat_mistralai`), errors
by class name, and the outcome of the :class:`InputGuard` of the same chain when given the
guard. Never content.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from langchain_core.callbacks import AsyncCallbackHandler, BaseCallbackHandler
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, LLMResult

from mistral_secure import AuditRecord, Guard, GuardBlocked, emit_audit_record

from ._chat_models import KEY_FINGERPRINT_FIELD
from ._handoff import InputOutcome, handoff_for

__all__ = [
    "AsyncAuditCallbackHandler",
    "AuditCallbackHandler",
]

_IDENTIFIER = re.compile(r"[A-Za-z0-9_.:/@\-]{1,128}")
_CODE = re.compile(r"[a-z][a-z0-9_.\-]{0,63}")
_FINGERPRINT = re.compile(r"\S{0,4}…[0-9a-f]{8}")


def _content_chars(content: str | list[Any]) -> int:
    if isinstance(content, str):
        return len(content)
    total = 0
    for block in content:
        if isinstance(block, str):
            total += len(block)
        elif isinstance(block, Mapping) and isinstance(block.get("text"), str):
            total += len(block["text"])
    return total


def _model_name(kwargs: Mapping[str, Any], metadata: Mapping[str, Any] | None) -> str | None:
    params = kwargs.get("invocation_params") or {}
    for name in (
        params.get("model"),
        params.get("model_name"),
        (metadata or {}).get("ls_model_name"),
    ):
        if isinstance(name, str) and _IDENTIFIER.fullmatch(name):
            return name
    return None


@dataclass
class _Call:
    start: float
    model: str | None
    message_count: int
    input_chars: int
    guard: InputOutcome | None
    streamed: bool = False


def _key_fingerprint(response: LLMResult) -> str | None:
    """Set by :func:`secure_chat_mistralai`'s model on the generation it produced."""
    for generations in response.generations:
        for generation in generations:
            value = (generation.generation_info or {}).get(KEY_FINGERPRINT_FIELD)
            if isinstance(value, str) and _FINGERPRINT.fullmatch(value):
                return value
    return None


def _usage(response: LLMResult) -> tuple[int | None, int | None, int | None]:
    token_usage = (response.llm_output or {}).get("token_usage") or {}
    if token_usage:
        values = (
            token_usage.get("prompt_tokens"),
            token_usage.get("completion_tokens"),
            token_usage.get("total_tokens"),
        )
        return tuple(v if isinstance(v, int) and v >= 0 else None for v in values)  # type: ignore[return-value]
    # Streaming: no llm_output; the merged message carries usage_metadata.
    found = False
    prompt = completion = total = 0
    for generations in response.generations:
        for generation in generations:
            message = generation.message if isinstance(generation, ChatGeneration) else None
            usage = message.usage_metadata if isinstance(message, AIMessage) else None
            if usage:
                found = True
                prompt += usage.get("input_tokens", 0)
                completion += usage.get("output_tokens", 0)
                total += usage.get("total_tokens", 0)
    return (prompt, completion, total) if found else (None, None, None)


class _AuditTrail:
    """The state shared by the sync and async handlers: calls in flight, by run id."""

    def __init__(self, guard: Guard | None) -> None:
        if guard is not None and not isinstance(guard, Guard):
            raise TypeError(f"guard must be a mistral_secure.Guard, got {type(guard).__name__}")
        self._guard = guard
        self._calls: dict[UUID, _Call] = {}
        self._lock = threading.Lock()

    def start(
        self,
        run_id: UUID,
        parent_run_id: UUID | None,
        *,
        message_count: int,
        input_chars: int,
        kwargs: Mapping[str, Any],
        metadata: Mapping[str, Any] | None,
    ) -> None:
        outcome = handoff_for(self._guard).peek(parent_run_id) if self._guard else None
        call = _Call(
            start=time.perf_counter(),
            model=_model_name(kwargs, metadata),
            message_count=message_count,
            input_chars=input_chars,
            guard=outcome,
        )
        with self._lock:
            self._calls[run_id] = call

    def chat_start(
        self,
        run_id: UUID,
        parent_run_id: UUID | None,
        messages: Sequence[Sequence[BaseMessage]],
        kwargs: Mapping[str, Any],
        metadata: Mapping[str, Any] | None,
    ) -> None:
        flat = [m for batch in messages for m in batch]
        chars = sum(_content_chars(m.content) for m in flat)
        self.start(
            run_id,
            parent_run_id,
            message_count=len(flat),
            input_chars=chars,
            kwargs=kwargs,
            metadata=metadata,
        )

    def llm_start(
        self,
        run_id: UUID,
        parent_run_id: UUID | None,
        prompts: Sequence[str],
        kwargs: Mapping[str, Any],
        metadata: Mapping[str, Any] | None,
    ) -> None:
        self.start(
            run_id,
            parent_run_id,
            message_count=len(prompts),
            input_chars=sum(len(p) for p in prompts),
            kwargs=kwargs,
            metadata=metadata,
        )

    def token(self, run_id: UUID) -> None:
        with self._lock:
            call = self._calls.get(run_id)
            if call is not None:
                call.streamed = True

    def _take(self, run_id: UUID) -> _Call | None:
        with self._lock:
            return self._calls.pop(run_id, None)

    def _record(self, run_id: UUID, call: _Call, **fields: Any) -> AuditRecord:
        guard = call.guard
        flags = tuple(f for f in (guard.flags if guard else ()) if _CODE.fullmatch(f))
        return AuditRecord(
            request_id=str(run_id),
            operation="stream" if call.streamed else "chat",
            model=call.model,
            message_count=call.message_count,
            input_chars=call.input_chars,
            latency_ms=(time.perf_counter() - call.start) * 1000.0,
            injection_rule_ids=guard.rule_ids[:64] if guard else (),
            injection_score=guard.injection_score if guard else None,
            entity_counts=dict(guard.entity_counts) if guard else {},
            moderation_flags=flags[:32],
            **fields,
        )

    def end(self, run_id: UUID, response: LLMResult) -> None:
        call = self._take(run_id)
        if call is None:
            return
        output_chars = 0
        for generations in response.generations:
            for generation in generations:
                if isinstance(generation, ChatGeneration):
                    output_chars += _content_chars(generation.message.content)
                else:
                    output_chars += len(generation.text)
        prompt, completion, total = _usage(response)
        emit_audit_record(
            self._record(
                run_id,
                call,
                output_chars=output_chars,
                prompt_tokens=prompt,
                completion_tokens=completion,
                total_tokens=total,
                key_fingerprint=_key_fingerprint(response),
            )
        )

    def error(self, run_id: UUID, error: BaseException) -> None:
        call = self._take(run_id)
        if call is None:
            return
        blocked = isinstance(error, GuardBlocked)
        emit_audit_record(
            self._record(
                run_id,
                call,
                error=type(error).__name__,
                blocked=blocked,
                block_reason=error.reason if isinstance(error, GuardBlocked) else None,
                outcome="blocked" if blocked else "error",
            )
        )


class AuditCallbackHandler(BaseCallbackHandler):
    """Writes one metadata-only audit record per chat-model or LLM call.

    ```python
    chain.invoke(question, config={"callbacks": [AuditCallbackHandler(guard=guard)]})
    ```

    ``guard``: the :class:`~mistral_secure.Guard` of the chain's ``InputGuard``; its
    outcome (rule ids, entity counts, flags) then goes into the record of the model call
    that follows it in the same sequence.
    """

    raise_error = False

    def __init__(self, *, guard: Guard | None = None) -> None:
        self._trail = _AuditTrail(guard)

    def __repr__(self) -> str:
        return "AuditCallbackHandler()"

    def on_chat_model_start(
        self,
        serialized: dict[str, Any],
        messages: list[list[BaseMessage]],
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self._trail.chat_start(run_id, parent_run_id, messages, kwargs, metadata)

    def on_llm_start(
        self,
        serialized: dict[str, Any],
        prompts: list[str],
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self._trail.llm_start(run_id, parent_run_id, prompts, kwargs, metadata)

    def on_llm_new_token(
        self,
        token: str | list[str | dict[str, Any]],
        *,
        run_id: UUID,
        **kwargs: Any,
    ) -> None:
        self._trail.token(run_id)

    def on_llm_end(self, response: LLMResult, *, run_id: UUID, **kwargs: Any) -> None:
        self._trail.end(run_id, response)

    def on_llm_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        self._trail.error(run_id, error)


class AsyncAuditCallbackHandler(AsyncCallbackHandler):
    """Async twin of :class:`AuditCallbackHandler` (no thread hop in async chains)."""

    raise_error = False

    def __init__(self, *, guard: Guard | None = None) -> None:
        self._trail = _AuditTrail(guard)

    def __repr__(self) -> str:
        return "AsyncAuditCallbackHandler()"

    async def on_chat_model_start(
        self,
        serialized: dict[str, Any],
        messages: list[list[BaseMessage]],
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self._trail.chat_start(run_id, parent_run_id, messages, kwargs, metadata)

    async def on_llm_start(
        self,
        serialized: dict[str, Any],
        prompts: list[str],
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self._trail.llm_start(run_id, parent_run_id, prompts, kwargs, metadata)

    async def on_llm_new_token(
        self,
        token: str | list[str | dict[str, Any]],
        *,
        run_id: UUID,
        **kwargs: Any,
    ) -> None:
        self._trail.token(run_id)

    async def on_llm_end(self, response: LLMResult, *, run_id: UUID, **kwargs: Any) -> None:
        self._trail.end(run_id, response)

    async def on_llm_error(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        self._trail.error(run_id, error)
