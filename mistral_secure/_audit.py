"""Audit records: metadata about each model call, never its content, via logging and OpenTelemetry.

An :class:`AuditRecord` has no field that could hold a prompt, an answer or a key: every
string field is shape-checked (identifiers, codes, fingerprints), so free text is rejected
at construction. :func:`emit_audit_record` logs it on the ``mistral_secure.audit`` logger
with the record under ``extra={"audit": {...}}``; :class:`JsonFormatter` renders any log
record as one JSON line. :func:`enable_otel` also turns each record into a span.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

__all__ = [
    "AUDIT_LOGGER_NAME",
    "AuditRecord",
    "JsonFormatter",
    "disable_otel",
    "emit_audit_record",
    "enable_otel",
]

AUDIT_LOGGER_NAME = "mistral_secure.audit"

_audit_logger = logging.getLogger(AUDIT_LOGGER_NAME)

# Shapes, not content: short tokens without spaces, so a prompt or an answer cannot fit.
_Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.\-]{0,63}$")]
_Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:/@\-]{1,128}$")]
_RuleId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:\-]{1,80}$")]
_EntityType = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]{0,63}$")]
_ClassName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_.]{0,127}$")]
_Fingerprint = Annotated[str, StringConstraints(pattern=r"^\S{0,4}…[0-9a-f]{8}$")]
_Timestamp = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(\+00:00|Z)$"),
]
_Count = Annotated[int, Field(ge=0)]


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class AuditRecord(BaseModel):
    """Metadata about one guarded operation. It cannot carry content or keys.

    ``operation`` is a short code ("chat", "stream", "moderation", "check_input",
    "check_output", ...). ``outcome`` is a short code too ("ok", "flagged", "blocked",
    "error"). ``error`` is an exception class name, never its message.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    timestamp: _Timestamp = Field(default_factory=_utc_now)
    request_id: _Identifier | None = None
    operation: _Code
    model: _Identifier | None = None
    message_count: _Count = 0
    input_chars: _Count = 0
    output_chars: _Count = 0
    prompt_tokens: _Count | None = None
    completion_tokens: _Count | None = None
    total_tokens: _Count | None = None
    latency_ms: Annotated[float, Field(ge=0)] | None = None
    key_fingerprint: _Fingerprint | None = None
    injection_rule_ids: Annotated[tuple[_RuleId, ...], Field(max_length=64)] = ()
    injection_score: Annotated[float, Field(ge=0, le=1)] | None = None
    entity_counts: Annotated[dict[_EntityType, _Count], Field(max_length=64)] = Field(
        default_factory=dict
    )
    moderation_flags: Annotated[tuple[_Code, ...], Field(max_length=32)] = ()
    blocked: bool = False
    block_reason: _Code | None = None
    error: _ClassName | None = None
    outcome: _Code = "ok"


class _OtelState:
    """The tracer in use, if :func:`enable_otel` was called."""

    lock = threading.Lock()
    tracer: Any = None


def enable_otel(tracer_provider: Any = None) -> None:
    """Also emit every audit record as an OpenTelemetry span ``mistral_secure.<operation>``.

    Uses ``tracer_provider`` or the global one. Needs the ``otel`` extra
    (``pip install 'mistral-secure[otel]'``).
    """
    try:
        from opentelemetry import trace
    except ImportError as exc:
        raise ImportError(
            "enable_otel() needs OpenTelemetry: pip install 'mistral-secure[otel]'"
        ) from exc
    provider = tracer_provider if tracer_provider is not None else trace.get_tracer_provider()
    with _OtelState.lock:
        _OtelState.tracer = provider.get_tracer("mistral_secure")


def disable_otel() -> None:
    """Stop emitting spans (records still go to logging)."""
    with _OtelState.lock:
        _OtelState.tracer = None


def _span_attributes(record: AuditRecord) -> dict[str, Any]:
    attributes: dict[str, Any] = {}
    for name, value in record.model_dump().items():
        if value is None or name == "timestamp":
            continue
        if isinstance(value, Mapping):
            for key, count in value.items():
                attributes[f"mistral_secure.{name}.{key}"] = count
        elif isinstance(value, tuple):
            if value:
                attributes[f"mistral_secure.{name}"] = list(value)
        else:
            attributes[f"mistral_secure.{name}"] = value
    if record.model:
        attributes["gen_ai.request.model"] = record.model
    if record.prompt_tokens is not None:
        attributes["gen_ai.usage.input_tokens"] = record.prompt_tokens
    if record.completion_tokens is not None:
        attributes["gen_ai.usage.output_tokens"] = record.completion_tokens
    return attributes


def _emit_span(tracer: Any, record: AuditRecord) -> None:
    from opentelemetry.trace import Status, StatusCode

    end_ns = time.time_ns()
    latency_ns = int((record.latency_ms or 0.0) * 1_000_000)
    span = tracer.start_span(
        f"mistral_secure.{record.operation}",
        start_time=end_ns - latency_ns,
        attributes=_span_attributes(record),
    )
    if record.error is not None:
        span.set_status(Status(StatusCode.ERROR, record.error))
    span.end(end_time=end_ns)


def emit_audit_record(record: AuditRecord) -> None:
    """Log ``record`` at INFO on ``mistral_secure.audit`` (and as a span if OTel is enabled)."""
    if not isinstance(record, AuditRecord):
        raise TypeError(f"emit_audit_record() expects AuditRecord, got {type(record).__name__}")
    if _audit_logger.isEnabledFor(logging.INFO):
        _audit_logger.info(
            "audit operation=%s outcome=%s",
            record.operation,
            record.outcome,
            extra={"audit": record.model_dump(mode="json")},
        )
    tracer = _OtelState.tracer
    if tracer is not None:
        _emit_span(tracer, record)


# Attributes every LogRecord has; anything else came from ``extra=``.
_STANDARD_ATTRIBUTES = frozenset(
    {
        *logging.LogRecord("", 0, "", 0, "", (), None).__dict__,
        "message",
        "asctime",
        "taskName",
    }
)


class JsonFormatter(logging.Formatter):
    """Render each log record as one JSON object on one line.

    Keys: ``timestamp`` (UTC ISO), ``level``, ``logger``, ``message``, ``exception`` when
    there is one, then any ``extra=`` attributes. An audit record's fields are placed at
    the top level.
    """

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            payload["exception"] = record.exc_text
        if record.stack_info:
            payload["stack"] = self.formatStack(record.stack_info)
        for name, value in record.__dict__.items():
            if name in _STANDARD_ATTRIBUTES or name.startswith("_"):
                continue
            if name == "audit" and isinstance(value, Mapping):
                payload.update(value)
            else:
                payload.setdefault(name, value)
        line = json.dumps(payload, default=str, ensure_ascii=False)
        try:
            line.encode("utf-8")
        except UnicodeEncodeError:
            # A lone surrogate would make the handler fail, and logging's error report
            # prints the record's arguments to stderr: escape it instead.
            line = json.dumps(payload, default=str)
        return line
