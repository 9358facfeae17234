"""Metadata-only audit records for LLM calls, from ``llama_index.core.instrumentation``.

``install_audit_instrumentation()`` adds an event handler and a span handler to the root
dispatcher. The event handler times each LLM call from its start event to its end event
(streams included) and takes token usage from ``response.raw``. Failures come from the
span handler's drop hook, because upstream emits no exception event when a non-streaming
call raises, and from ``ExceptionEvent`` for streams that break. Only the outermost LLM
call is recorded (``MistralAI.complete`` runs ``chat`` inside it).

Records carry counts, usage, latency, the model name and the signing key's fingerprint,
never text.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from llama_index.core.instrumentation.event_handlers import BaseEventHandler
from llama_index.core.instrumentation.events import BaseEvent
from llama_index.core.instrumentation.events.exception import ExceptionEvent
from llama_index.core.instrumentation.events.llm import (
    LLMChatEndEvent,
    LLMChatInProgressEvent,
    LLMChatStartEvent,
    LLMCompletionEndEvent,
    LLMCompletionInProgressEvent,
    LLMCompletionStartEvent,
)
from llama_index.core.instrumentation.span import SimpleSpan
from llama_index.core.instrumentation.span_handlers import BaseSpanHandler
from llama_index_instrumentation import get_dispatcher
from pydantic import ValidationError

from mistral_secure import FINGERPRINT_EXTENSION, AuditRecord, emit_audit_record

__all__ = [
    "AuditEventHandler",
    "AuditSpanHandler",
    "install_audit_instrumentation",
    "record_key_fingerprints",
]

# Calls whose end never came (abandoned streams) are forgotten beyond this many.
_MAX_OPEN_CALLS = 4096

# Per LLM call: a slot the mistralai SDK hook fills with the signing key's fingerprint.
# The slot is a dict so the SDK's worker threads (which copy the context) can fill it.
_key_slot: ContextVar[dict[str, str] | None] = ContextVar("mistral_secure_key_slot", default=None)


@dataclass
class _Call:
    operation: str
    model: str | None
    message_count: int
    input_chars: int
    slot: dict[str, str]
    start: float
    streamed: int | None = None  # characters seen in stream deltas


class _Ledger:
    """Open LLM calls and open spans' parents, shared by the two handlers."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: OrderedDict[str, _Call] = OrderedDict()
        self.parents: dict[str, str | None] = {}

    def nested(self, span_id: str | None) -> bool:
        with self.lock:
            parent = self.parents.get(span_id) if span_id else None
            seen = 0
            while parent is not None and seen < 256:
                if parent in self.calls:
                    return True
                parent, seen = self.parents.get(parent), seen + 1
            return False

    def open(self, span_id: str, call: _Call) -> None:
        with self.lock:
            self.calls[span_id] = call
            while len(self.calls) > _MAX_OPEN_CALLS:
                self.calls.popitem(last=False)

    def close(self, span_id: str | None) -> _Call | None:
        if span_id is None:
            return None
        with self.lock:
            return self.calls.pop(span_id, None)


def _field(obj: Any, name: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _usage(raw: Any) -> tuple[int | None, int | None, int | None]:
    """Token usage from a response's ``raw``: a completion (dict or model) or a stream event."""
    usage = _field(raw, "usage")
    if usage is None:
        usage = _field(_field(raw, "data"), "usage")
    counts = []
    for name in ("prompt_tokens", "completion_tokens", "total_tokens"):
        value = _field(usage, name) if usage is not None else None
        counts.append(value if isinstance(value, int) and value >= 0 else None)
    return counts[0], counts[1], counts[2]


def _model_name(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _model_of(event: LLMChatStartEvent | LLMCompletionStartEvent) -> str | None:
    payload = event.model_dict
    return _model_name(payload.get("model") or payload.get("model_name"))


def _emit(call: _Call, **fields: Any) -> None:
    base: dict[str, Any] = {
        "operation": call.operation,
        "model": call.model,
        "message_count": call.message_count,
        "input_chars": call.input_chars,
        "latency_ms": (time.perf_counter() - call.start) * 1000.0,
        "key_fingerprint": call.slot.get("fingerprint"),
    }
    base.update(fields)
    try:
        record = AuditRecord(**base)
    except ValidationError:
        # A model name or fingerprint of an unexpected shape: keep the record, drop those.
        base.update(model=None, key_fingerprint=None)
        record = AuditRecord(**base)
    emit_audit_record(record)


class AuditEventHandler(BaseEventHandler):
    """Writes one :class:`~mistral_secure.AuditRecord` per LLM call (start to end)."""

    ledger: Any = None

    @classmethod
    def class_name(cls) -> str:
        return "MistralSecureAuditEventHandler"

    def _start(self, event: BaseEvent, operation: str, count: int, chars: int, model: Any) -> None:
        span_id = event.span_id
        if span_id is None or self.ledger.nested(span_id):
            return
        slot: dict[str, str] = {}
        _key_slot.set(slot)
        self.ledger.open(
            span_id,
            _Call(operation, _model_name(model), count, chars, slot, time.perf_counter()),
        )

    def handle(self, event: BaseEvent, **kwargs: Any) -> None:
        if isinstance(event, LLMChatStartEvent):
            chars = sum(len(m.content or "") for m in event.messages)
            self._start(event, "llm_chat", len(event.messages), chars, _model_of(event))
        elif isinstance(event, LLMCompletionStartEvent):
            self._start(event, "llm_completion", 1, len(event.prompt), _model_of(event))
        elif isinstance(event, (LLMChatInProgressEvent, LLMCompletionInProgressEvent)):
            call = self.ledger.calls.get(event.span_id) if event.span_id else None
            if call is not None:
                call.streamed = (call.streamed or 0) + len(event.response.delta or "")
        elif isinstance(event, (LLMChatEndEvent, LLMCompletionEndEvent)):
            call = self.ledger.close(event.span_id)
            if call is None:
                return
            text: str | None = None
            raw: Any = None
            if isinstance(event, LLMChatEndEvent):
                if event.response is not None:
                    text, raw = event.response.message.content, event.response.raw
            else:
                text, raw = event.response.text, event.response.raw
            prompt, completion, total = _usage(raw)
            _emit(
                call,
                model=_model_name(_field(raw, "model")) or call.model,
                # Upstream's streamed messages repeat earlier text: count the deltas instead.
                output_chars=call.streamed if call.streamed is not None else len(text or ""),
                prompt_tokens=prompt,
                completion_tokens=completion,
                total_tokens=total,
            )
        elif isinstance(event, ExceptionEvent):
            call = self.ledger.close(event.span_id)
            if call is not None:
                aborted = isinstance(event.exception, GeneratorExit)
                _emit(
                    call,
                    outcome="aborted" if aborted else "error",
                    error=type(event.exception).__name__,
                )


class AuditSpanHandler(BaseSpanHandler[SimpleSpan]):
    """Tracks span parents (to skip nested LLM calls) and records failed LLM calls."""

    ledger: Any = None

    @classmethod
    def class_name(cls) -> str:
        return "MistralSecureAuditSpanHandler"

    def new_span(
        self,
        id_: str,
        bound_args: inspect.BoundArguments,
        instance: Any | None = None,
        parent_span_id: str | None = None,
        tags: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> SimpleSpan | None:
        with self.ledger.lock:
            self.ledger.parents[id_] = parent_span_id
        return SimpleSpan(id_=id_, parent_id=parent_span_id)

    def prepare_to_exit_span(
        self,
        id_: str,
        bound_args: inspect.BoundArguments,
        instance: Any | None = None,
        result: Any | None = None,
        **kwargs: Any,
    ) -> SimpleSpan | None:
        with self.ledger.lock:
            self.ledger.parents.pop(id_, None)
            return self.open_spans.get(id_)

    def prepare_to_drop_span(
        self,
        id_: str,
        bound_args: inspect.BoundArguments,
        instance: Any | None = None,
        err: BaseException | None = None,
        **kwargs: Any,
    ) -> SimpleSpan | None:
        with self.ledger.lock:
            self.ledger.parents.pop(id_, None)
            span = self.open_spans.get(id_)
        call = self.ledger.close(id_)
        if call is not None:
            _emit(call, outcome="error", error=type(err).__name__ if err else "Error")
        return span


_install_lock = threading.Lock()


def install_audit_instrumentation() -> tuple[AuditEventHandler, AuditSpanHandler]:
    """Add the audit handlers to the root dispatcher; a second call returns the same pair."""
    dispatcher = get_dispatcher()
    with _install_lock:
        events = [h for h in dispatcher.event_handlers if isinstance(h, AuditEventHandler)]
        spans = [h for h in dispatcher.span_handlers if isinstance(h, AuditSpanHandler)]
        if events and spans:
            return events[0], spans[0]
        ledger = _Ledger()
        event_handler = AuditEventHandler(ledger=ledger)
        span_handler = AuditSpanHandler()
        span_handler.ledger = ledger
        dispatcher.add_event_handler(event_handler)
        dispatcher.add_span_handler(span_handler)
        return event_handler, span_handler


class _FingerprintHook:
    """mistralai SDK hook: puts the signing key's fingerprint into the current call's slot."""

    @staticmethod
    def _note(response: Any) -> None:
        slot = _key_slot.get()
        if slot is None or response is None:
            return
        value = response.extensions.get(FINGERPRINT_EXTENSION)
        if isinstance(value, str):
            slot["fingerprint"] = value

    def after_success(self, hook_ctx: Any, response: Any) -> Any:
        self._note(response)
        return response

    def after_error(self, hook_ctx: Any, response: Any, error: Any) -> tuple[Any, Any]:
        self._note(response)
        return response, error


def record_key_fingerprints(client: Any) -> None:
    """Let audit records name the key that signed each call made through ``client``.

    ``client`` is a ``mistralai.client.Mistral`` built by
    :func:`mistral_secure.mistral_client` (``secure_mistral_llm`` does this for you).
    """
    hooks = client.sdk_configuration.__dict__.get("_hooks")
    if hooks is None:
        return
    if any(isinstance(h, _FingerprintHook) for h in hooks.after_success_hooks):
        return
    hook = _FingerprintHook()
    hooks.register_after_success_hook(hook)
    hooks.register_after_error_hook(hook)
