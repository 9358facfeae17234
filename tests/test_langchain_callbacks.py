"""Audit callbacks: one metadata-only record per model call, streaming or not."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.prompts import ChatPromptTemplate

from langchain_mistral_secure import (
    AsyncAuditCallbackHandler,
    AuditCallbackHandler,
    InputGuard,
    OutputGuard,
    secure_chat_mistralai,
)
from mistral_secure import AUDIT_LOGGER_NAME, Guard, KeyPool, Policy, fingerprint
from mistral_secure._policy import ModerationPolicy
from mistral_secure.testing import DEFAULT_TEST_KEYS, MistralTestServer

KEYS = DEFAULT_TEST_KEYS
QUESTION = "My card is 4111 1111 1111 1111 and my mail is zoe@example.com, can you help?"
SECRETS = ("4111 1111", "zoe@example.com", "can you help", "You said")


def _chat_records(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    records = [r.audit for r in caplog.records if r.name == AUDIT_LOGGER_NAME]  # type: ignore[attr-defined]
    return [r for r in records if r["operation"] in ("chat", "stream")]


def _no_content(caplog: pytest.LogCaptureFixture) -> None:
    dumped = json.dumps([getattr(r, "audit", None) for r in caplog.records]) + caplog.text
    for secret in (*SECRETS, *KEYS):
        assert secret not in dumped


@pytest.fixture
async def setup(mistral_server: MistralTestServer) -> AsyncIterator[tuple[Guard, Any]]:
    mistral_server.revoke_key(KEYS[0])
    guard = Guard(Policy(moderation=ModerationPolicy(enabled=False)))
    prompt = ChatPromptTemplate.from_messages([("system", "Be brief."), ("human", "{q}")])
    async with secure_chat_mistralai(
        KeyPool(KEYS[:2]), base_url=mistral_server.api_url, model="mistral-small-latest"
    ) as llm:
        yield guard, InputGuard(guard) | prompt | llm | OutputGuard(guard)


def _check_record(record: dict[str, Any], operation: str) -> None:
    assert record["operation"] == operation
    assert record["outcome"] == "ok"
    assert record["model"] == "mistral-small-latest"
    assert record["message_count"] == 2
    assert record["input_chars"] > 0
    assert record["output_chars"] > 0
    assert record["prompt_tokens"] > 0
    assert record["completion_tokens"] > 0
    assert record["total_tokens"] == record["prompt_tokens"] + record["completion_tokens"]
    assert record["latency_ms"] >= 0
    assert record["key_fingerprint"] == fingerprint(KEYS[1])
    # The InputGuard's outcome of the same run rides along.
    assert record["entity_counts"] == {"CREDIT_CARD": 1, "EMAIL_ADDRESS": 1}


@pytest.mark.parametrize("handler_type", [AuditCallbackHandler, AsyncAuditCallbackHandler])
@pytest.mark.parametrize("mode", ["invoke", "stream", "ainvoke", "astream"])
async def test_one_record_per_call(
    setup: tuple[Guard, Any],
    caplog: pytest.LogCaptureFixture,
    handler_type: type[BaseCallbackHandler],
    mode: str,
) -> None:
    guard, chain = setup
    caplog.set_level(logging.INFO, logger=AUDIT_LOGGER_NAME)
    config = {"callbacks": [handler_type(guard=guard)]}  # type: ignore[call-arg]
    value = {"q": QUESTION}
    if mode == "invoke":
        chain.invoke(value, config=config)
    elif mode == "ainvoke":
        await chain.ainvoke(value, config=config)
    elif mode == "stream":
        list(chain.stream(value, config=config))
    else:
        [c async for c in chain.astream(value, config=config)]
    records = _chat_records(caplog)
    assert len(records) == 1
    _check_record(records[0], "stream" if "stream" in mode else "chat")
    _no_content(caplog)


def test_errors_are_recorded_by_class_name(
    setup: tuple[Guard, Any], mistral_server: MistralTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    guard, chain = setup
    caplog.set_level(logging.INFO, logger=AUDIT_LOGGER_NAME)
    mistral_server.fail(status=400, times=1)
    with pytest.raises(httpx.HTTPStatusError):
        chain.invoke({"q": QUESTION}, config={"callbacks": [AuditCallbackHandler(guard=guard)]})
    (record,) = _chat_records(caplog)
    assert record["outcome"] == "error"
    assert record["error"] == "HTTPStatusError"
    assert record["output_chars"] == 0
    _no_content(caplog)


def test_works_without_a_guard(
    mistral_server: MistralTestServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=AUDIT_LOGGER_NAME)
    with secure_chat_mistralai(KeyPool(KEYS), base_url=mistral_server.api_url) as llm:
        llm.invoke("hello", config={"callbacks": [AuditCallbackHandler()]})
        (record,) = _chat_records(caplog)
        assert record["message_count"] == 1
        assert record["entity_counts"] == {}
        with pytest.raises(TypeError):
            AuditCallbackHandler(guard="nope")  # type: ignore[arg-type]
