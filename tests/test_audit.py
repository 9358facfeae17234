"""Audit records: metadata only, emitted through logging (JSON) and OpenTelemetry."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from mistral_secure import fingerprint
from mistral_secure._audit import (
    AUDIT_LOGGER_NAME,
    AuditRecord,
    JsonFormatter,
    disable_otel,
    emit_audit_record,
    enable_otel,
)

KEY = "Zx9aQ2bR7cS4dT1eU8fV3gW6hX5iY0jK"
PROMPT = "Hi, I am Alice (alice@example.com), call me on +33 6 12 34 56 78"


def full_record(**overrides: object) -> AuditRecord:
    fields: dict[str, object] = {
        "request_id": "cmpl-5f0c1d2e",
        "operation": "chat",
        "model": "mistral-small-latest",
        "message_count": 2,
        "input_chars": len(PROMPT),
        "output_chars": 42,
        "prompt_tokens": 17,
        "completion_tokens": 9,
        "total_tokens": 26,
        "latency_ms": 123.4,
        "key_fingerprint": fingerprint(KEY),
        "injection_rule_ids": ("override.ignore_previous",),
        "injection_score": 0.8,
        "entity_counts": {"EMAIL_ADDRESS": 1, "PHONE_NUMBER": 1},
        "moderation_flags": ("pii",),
        "blocked": True,
        "block_reason": "injection",
        "error": "InjectionDetected",
        "outcome": "blocked",
    }
    fields.update(overrides)
    return AuditRecord(**fields)  # type: ignore[arg-type]


def test_record_defaults_to_a_utc_timestamp_and_ok_outcome() -> None:
    record = AuditRecord(operation="moderation")
    when = datetime.fromisoformat(record.timestamp)
    assert when.utcoffset() == UTC.utcoffset(None)
    assert record.outcome == "ok"
    assert record.blocked is False


def test_record_is_frozen() -> None:
    record = full_record()
    with pytest.raises(ValidationError):
        record.model = "other"


@pytest.mark.parametrize("field", ["content", "prompt", "messages", "text", "api_key"])
def test_record_has_no_place_for_content(field: str) -> None:
    with pytest.raises(ValidationError):
        AuditRecord(operation="chat", **{field: PROMPT})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "field",
    ["request_id", "operation", "model", "block_reason", "error", "outcome", "key_fingerprint"],
)
def test_free_text_is_rejected_in_every_string_field(field: str) -> None:
    fields = {"operation": "chat", field: PROMPT}
    with pytest.raises(ValidationError) as caught:
        AuditRecord(**fields)  # type: ignore[arg-type]
    assert "alice" not in str(caught.value).lower()


def test_free_text_is_rejected_in_collections() -> None:
    with pytest.raises(ValidationError):
        AuditRecord(operation="chat", injection_rule_ids=(PROMPT,))
    with pytest.raises(ValidationError):
        AuditRecord(operation="chat", entity_counts={PROMPT: 1})
    with pytest.raises(ValidationError):
        AuditRecord(operation="chat", moderation_flags=(PROMPT,))


def test_a_raw_key_is_not_a_fingerprint() -> None:
    with pytest.raises(ValidationError) as caught:
        AuditRecord(operation="chat", key_fingerprint=KEY)
    assert KEY not in str(caught.value)
    assert AuditRecord(operation="chat", key_fingerprint=fingerprint(KEY)).key_fingerprint


@pytest.mark.parametrize(
    "overrides",
    [{"input_chars": -1}, {"total_tokens": -5}, {"latency_ms": -0.1}, {"injection_score": 1.5}],
)
def test_numbers_are_range_checked(overrides: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        full_record(**overrides)


def test_emit_logs_the_record_on_the_audit_logger(caplog: pytest.LogCaptureFixture) -> None:
    record = full_record()
    with caplog.at_level(logging.INFO, logger=AUDIT_LOGGER_NAME):
        emit_audit_record(record)
    [logged] = caplog.records
    assert logged.name == AUDIT_LOGGER_NAME
    assert logged.levelno == logging.INFO
    assert logged.audit == record.model_dump(mode="json")  # type: ignore[attr-defined]
    assert "chat" in logged.getMessage()


def test_emit_rejects_anything_but_a_record() -> None:
    with pytest.raises(TypeError):
        emit_audit_record({"operation": "chat"})  # type: ignore[arg-type]


def render(record: logging.LogRecord) -> dict[str, object]:
    line = JsonFormatter().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert isinstance(parsed, dict)
    return parsed


def test_json_formatter_puts_audit_fields_at_top_level(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger=AUDIT_LOGGER_NAME):
        emit_audit_record(full_record())
    payload = render(caplog.records[0])
    assert payload["operation"] == "chat"
    assert payload["entity_counts"] == {"EMAIL_ADDRESS": 1, "PHONE_NUMBER": 1}
    assert payload["logger"] == AUDIT_LOGGER_NAME
    assert payload["level"] == "INFO"
    assert "alice" not in json.dumps(payload).lower()


def test_json_formatter_renders_any_record_with_extras_and_exceptions() -> None:
    logger = logging.getLogger("tests.audit.any")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logger.makeRecord(
            logger.name,
            logging.ERROR,
            __file__,
            1,
            "failed after %d tries",
            (3,),
            sys.exc_info(),
            extra={"attempt": 3, "when": datetime(2026, 1, 1, tzinfo=UTC)},
        )
    payload = render(record)
    assert payload["message"] == "failed after 3 tries"
    assert payload["attempt"] == 3
    assert payload["when"] == "2026-01-01 00:00:00+00:00"
    assert "RuntimeError: boom" in str(payload["exception"])


@pytest.fixture
def spans() -> Iterator[object]:
    pytest.importorskip("opentelemetry.sdk")
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    enable_otel(provider)
    yield exporter
    disable_otel()


def test_otel_emits_one_span_per_record(spans: object) -> None:
    from opentelemetry.trace import StatusCode

    emit_audit_record(full_record())
    [span] = spans.get_finished_spans()  # type: ignore[attr-defined]
    assert span.name == "mistral_secure.chat"
    attributes = dict(span.attributes)
    assert attributes["mistral_secure.model"] == "mistral-small-latest"
    assert attributes["gen_ai.usage.input_tokens"] == 17
    assert attributes["mistral_secure.entity_counts.EMAIL_ADDRESS"] == 1
    assert list(attributes["mistral_secure.injection_rule_ids"]) == ["override.ignore_previous"]
    assert span.status.status_code == StatusCode.ERROR
    assert (span.end_time - span.start_time) == pytest.approx(123.4e6, rel=1e-3)
    assert "alice" not in repr(attributes).lower()


def test_disable_otel_stops_spans(spans: object) -> None:
    disable_otel()
    emit_audit_record(full_record())
    assert spans.get_finished_spans() == ()  # type: ignore[attr-defined]


def test_enable_otel_names_the_extra_when_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "opentelemetry", None)
    with pytest.raises(ImportError, match=r"mistral-secure\[otel\]"):
        enable_otel()
