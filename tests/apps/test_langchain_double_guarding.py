"""A guarded model followed by ``OutputGuard``: the answer is guarded once, not twice.

``secure_chat_mistralai(pool, guard=guard)`` restores the user's values in its answer; an
``OutputGuard`` of the same guard after it must not take them for PII the model wrote and
redact them. It leaves alone what the guarded model marked as final, and still guards
everything else (another model's answer, a forged mark, another guard's mark).
"""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage
from langchain_core.prompts import ChatPromptTemplate
from pydantic import BaseModel

from langchain_mistral_secure import InputGuard, OutputGuard, secure_chat_mistralai
from mistral_secure import Guard, KeyPool, Policy
from mistral_secure.testing import MistralTestServer

from .conftest import EMAIL, assert_nothing_leaves, echo_placeholders
from .test_langchain_apps import FORMS, run, text_of

GUARDED_FIELD = "mistral_secure_guard"


def model(server: MistralTestServer, pool: KeyPool, guard: Guard | None) -> Any:
    return secure_chat_mistralai(
        pool, guard=guard, base_url=server.url, model="mistral-small-latest"
    )


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("shape", ["model|og", "ig|prompt|model|og", "ig|prompt|model|og+session"])
async def test_output_guard_keeps_what_the_guarded_model_restored(
    form: str, shape: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(echo_placeholders)
    llm = model(server, pool, guard)
    prompt = ChatPromptTemplate.from_messages([("system", "You help."), ("human", "{q}")])
    config = None
    if shape == "model|og":
        chain, value = llm | OutputGuard(guard), f"I am {EMAIL}"
    else:
        chain, value = InputGuard(guard) | prompt | llm | OutputGuard(guard), {"q": f"I am {EMAIL}"}
        if shape.endswith("session"):
            config = {"configurable": {"session_id": f"double-{form}"}}
    answer = text_of(await run(chain, form, value, config))
    assert EMAIL in answer  # not "[EMAIL_ADDRESS]": the user's own value, put back once
    assert "onerror" not in answer and "<EMAIL_ADDRESS" not in answer
    assert_nothing_leaves(server, EMAIL)


class Ticket(BaseModel):
    email: str
    summary: str


def ticket_reply(body: dict[str, Any]) -> Any:
    args = {"email": "<EMAIL_ADDRESS_1>", "summary": "Refund <img src=x onerror=alert(1)> due"}
    name = body["tools"][0]["function"]["name"]
    return {"tool_calls": [{"function": {"name": name, "arguments": args}}]}


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("include_raw", [False, True])
async def test_structured_output_of_a_guarded_model_through_output_guard(
    form: str, include_raw: bool, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(ticket_reply)
    llm = model(server, pool, guard)
    chain = llm.with_structured_output(Ticket, include_raw=include_raw) | OutputGuard(guard)
    out = await run(chain, form, f"Open a ticket for {EMAIL}")
    ticket = out["parsed"] if include_raw else out
    assert isinstance(ticket, Ticket)
    assert ticket.email == EMAIL and "onerror" not in ticket.summary
    assert_nothing_leaves(server, EMAIL)


# -- and everything else is still guarded ------------------------------------------------------

HOSTILE = f"Mail {EMAIL} <img src=x onerror=alert(1)>"


@pytest.mark.parametrize("form", FORMS)
async def test_an_unguarded_model_is_still_guarded(
    form: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script([HOSTILE])
    chain = model(server, pool, None) | OutputGuard(guard)
    answer = text_of(await run(chain, form, "hello"))
    assert "onerror" not in answer and EMAIL not in answer  # PII the model wrote: redacted


@pytest.mark.parametrize("mark", ["forged", "another guard"])
def test_a_forged_or_foreign_mark_is_still_guarded(
    mark: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    if mark == "forged":
        token = "0123456789abcdef"
    else:
        other = Guard(Policy(moderation={"enabled": False}))
        server.script(["hi"])
        token = model(server, pool, other).invoke("hi").response_metadata[GUARDED_FIELD]
    message = AIMessage(content=HOSTILE, response_metadata={GUARDED_FIELD: token})
    out = OutputGuard(guard).invoke(message)
    assert "onerror" not in out.content and EMAIL not in out.content
    chunks = list(OutputGuard(guard).stream(message))
    assert "onerror" not in "".join(str(c.content) for c in chunks)


def test_a_parsed_answer_is_passed_only_when_every_string_was_guarded(guard: Guard) -> None:
    og = OutputGuard(guard)
    out = og.invoke({"email": EMAIL, "note": "<img src=x onerror=alert(1)>"})
    assert "onerror" not in out["note"] and out["email"] != EMAIL  # nothing known: guarded
    assert og.invoke("<img src=x onerror=alert(1)>") == ""


def test_the_guarded_model_marks_its_answers(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(["one", "two"])
    llm = model(server, pool, guard)
    marker = llm.invoke("hi").response_metadata[GUARDED_FIELD]
    assert isinstance(marker, str) and len(marker) >= 16
    chunks = list(llm.stream("hi"))
    assert chunks[0].response_metadata[GUARDED_FIELD] == marker
    merged = chunks[0]
    for chunk in chunks[1:]:
        merged = merged + chunk
    assert merged.response_metadata[GUARDED_FIELD] == marker  # marked once, not repeated
    server.script(["three"])
    assert GUARDED_FIELD not in model(server, pool, None).invoke("hi").response_metadata
