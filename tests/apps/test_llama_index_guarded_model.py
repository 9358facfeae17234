"""``secure_mistral_llm(pool, guard=guard)``: LlamaIndex's MistralAI guarding its own calls.

What instrumentation event handlers and callback handlers are given (``LLMChatEndEvent``,
``LLMChatInProgressEvent``, completion events, ``response.raw``) is guarded text: no hostile
markup, no placeholder, the user's value put back; the server never sees the value.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from llama_index.core.agent.workflow import AgentStream, FunctionAgent
from llama_index.core.bridge.pydantic import Field
from llama_index.core.callbacks import CallbackManager, CBEventType, EventPayload
from llama_index.core.callbacks.base_handler import BaseCallbackHandler
from llama_index.core.instrumentation import get_dispatcher
from llama_index.core.instrumentation.event_handlers import BaseEventHandler
from llama_index.core.instrumentation.events import BaseEvent
from llama_index.core.llms import ChatMessage
from llama_index.core.tools import FunctionTool

from llama_index_mistral_secure import SecureLLM, SecureMistralAI, secure_mistral_llm
from mistral_secure import ConfigurationError, Guard, InjectionDetected, KeyPool
from mistral_secure.testing import MistralTestServer

from .conftest import (
    CARD,
    EMAIL,
    INJECTION,
    PLACEHOLDER,
    assert_nothing_leaves,
    bodies,
    echo_placeholders,
)

FORMS = [
    "chat",
    "achat",
    "stream_chat",
    "astream_chat",
    "complete",
    "acomplete",
    "stream_complete",
    "astream_complete",
]


class Recorder(BaseEventHandler):
    """Every instrumentation event, as the app's own handler would get it."""

    events: list[BaseEvent] = Field(default_factory=list)

    @classmethod
    def class_name(cls) -> str:
        return "Recorder"

    def handle(self, event: BaseEvent, **kwargs: Any) -> None:
        self.events.append(event)


class Callbacks(BaseCallbackHandler):
    """Legacy callbacks: what ``on_event_end`` gets for each LLM call."""

    def __init__(self) -> None:
        super().__init__(event_starts_to_ignore=[], event_ends_to_ignore=[])
        self.responses: list[Any] = []

    def on_event_start(self, event_type: Any, payload: Any = None, **kwargs: Any) -> str:
        return kwargs.get("event_id", "")

    def on_event_end(self, event_type: Any, payload: Any = None, **kwargs: Any) -> None:
        if event_type == CBEventType.LLM and payload:
            self.responses.append(payload.get(EventPayload.RESPONSE))
            self.responses.append(payload.get(EventPayload.COMPLETION))

    def start_trace(self, trace_id: str | None = None) -> None:
        pass

    def end_trace(self, trace_id: str | None = None, trace_map: Any = None) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    dispatcher = get_dispatcher()
    handler = Recorder()
    dispatcher.add_event_handler(handler)
    yield handler
    dispatcher.event_handlers.remove(handler)


def answers_of(events: list[BaseEvent]) -> list[str]:
    """What the events say the model answered (responses with their ``raw``)."""
    out = []
    for event in events:
        name = type(event).__name__
        if name.endswith(("EndEvent", "InProgressEvent")) and name.startswith("LLM"):
            out.append(repr(getattr(event, "response", None)))
    return out


def model(server: MistralTestServer, pool: KeyPool, guard: Guard, **kwargs: Any) -> Any:
    return secure_mistral_llm(
        pool, guard=guard, endpoint=server.url, model="mistral-small-latest", **kwargs
    )


async def ask(llm: Any, form: str, text: str) -> str:
    messages = [ChatMessage(role="user", content=text)]
    if form == "chat":
        return str(llm.chat(messages).message.content)
    if form == "achat":
        return str((await llm.achat(messages)).message.content)
    if form == "stream_chat":
        return "".join(r.delta or "" for r in llm.stream_chat(messages))
    if form == "astream_chat":
        return "".join([r.delta or "" async for r in await llm.astream_chat(messages)])
    if form == "complete":
        return str(llm.complete(text).text)
    if form == "acomplete":
        return str((await llm.acomplete(text)).text)
    if form == "stream_complete":
        return "".join(r.delta or "" for r in llm.stream_complete(text))
    return "".join([r.delta or "" async for r in await llm.astream_complete(text)])


@pytest.mark.parametrize("form", FORMS)
async def test_events_and_callbacks_see_only_guarded_answers(
    form: str, server: MistralTestServer, pool: KeyPool, guard: Guard, recorder: Recorder
) -> None:
    server.script(echo_placeholders)
    callbacks = Callbacks()
    llm = model(server, pool, guard, callback_manager=CallbackManager([callbacks]))
    answer = await ask(llm, form, f"I am {EMAIL}")
    assert EMAIL in answer and "onerror" not in answer
    seen = answers_of(recorder.events) + [repr(r) for r in callbacks.responses if r is not None]
    assert seen, "no event carried the answer"
    for shown in seen:
        assert "onerror" not in shown and not PLACEHOLDER.search(shown), shown[:300]
    assert any(EMAIL in shown for shown in seen)
    for event in recorder.events:  # the input reported is what left: redacted
        if type(event).__name__ == "LLMChatStartEvent":
            assert EMAIL not in repr(event)
    assert_nothing_leaves(server, EMAIL)


async def test_a_plain_model_in_secure_llm_reports_the_raw_answer(
    server: MistralTestServer, pool: KeyPool, guard: Guard, recorder: Recorder
) -> None:
    # Why the guarded model exists: wrapped from outside, the inner model's events are raw.
    server.script(echo_placeholders)
    plain = secure_mistral_llm(pool, endpoint=server.url, model="mistral-small-latest")
    answer = SecureLLM(plain, guard).chat([ChatMessage(role="user", content=f"I am {EMAIL}")])
    assert "onerror" not in str(answer.message.content)
    assert any("onerror" in shown for shown in answers_of(recorder.events))


def test_secure_llm_refuses_an_already_guarded_model(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    with pytest.raises(ConfigurationError, match="already guards"):
        SecureLLM(model(server, pool, guard), guard)


def test_code_completion_is_refused_not_sent_unguarded(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    llm = secure_mistral_llm(pool, guard=guard, endpoint=server.url, model="codestral-latest")
    with pytest.raises(ConfigurationError, match="not guarded"):
        llm.fill_in_middle(f"def mail(): return '{EMAIL}'", "")
    assert not server.requests


def test_bad_guard_and_conversation_are_type_errors(guard: Guard, pool: KeyPool) -> None:
    with pytest.raises(TypeError, match="Guard"):
        secure_mistral_llm(pool, guard="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Conversation"):
        SecureMistralAI(api_key="x", guard=guard, conversation="c")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="no guard"):
        secure_mistral_llm(pool).for_conversation("k")


async def test_one_vault_per_conversation_across_turns(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(echo_placeholders)
    llm = model(server, pool, guard).for_conversation("li-guarded-1")
    history = [ChatMessage(role="user", content=f"I am {EMAIL}")]
    first = llm.chat(history)
    history += [first.message, ChatMessage(role="user", content="Who am I?")]
    second = await llm.achat(history)
    assert EMAIL in str(first.message.content) and EMAIL in str(second.message.content)
    chats = bodies(server, "/v1/chat/completions")
    assert all("<EMAIL_ADDRESS_1>" in body for body in chats)  # the same placeholder each turn
    assert_nothing_leaves(server, EMAIL)


@pytest.mark.parametrize(
    "form", ["stream_chat", "astream_chat", "stream_complete", "astream_complete"]
)
async def test_a_streamed_answer_holds_the_whole_text_once(
    form: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    # Upstream's MistralAI appends the text so far as a new block on every chunk: the last
    # response's text would repeat the answer once per chunk.
    server.script([["Your order ", "for <EMAIL_", "ADDRESS_1> ", "shipped."]])
    llm = model(server, pool, guard)
    text = f"I am {EMAIL}"
    messages = [ChatMessage(role="user", content=text)]
    if form == "stream_chat":
        responses: list[Any] = list(llm.stream_chat(messages))
    elif form == "astream_chat":
        responses = [r async for r in await llm.astream_chat(messages)]
    elif form == "stream_complete":
        responses = list(llm.stream_complete(text))
    else:
        responses = [r async for r in await llm.astream_complete(text)]
    last = responses[-1]
    whole = str(last.message.content) if form.endswith("chat") else last.text
    assert whole == "".join(r.delta or "" for r in responses) == f"Your order for {EMAIL} shipped."


# -- tools and agents -----------------------------------------------------------------------


def agent_reply(body: dict[str, Any]) -> Any:
    if body["messages"][-1]["role"] == "tool":
        return echo_placeholders(body)
    return {
        "tool_calls": [
            {"function": {"name": "send_mail", "arguments": {"to": "<EMAIL_ADDRESS_1>"}}}
        ]
    }


@pytest.mark.parametrize("streaming", [True, False])
async def test_function_agent_on_the_guarded_model(
    streaming: bool, server: MistralTestServer, pool: KeyPool, guard: Guard, recorder: Recorder
) -> None:
    received: list[str] = []

    def send_mail(to: str) -> str:
        """Send the user a mail."""
        received.append(to)
        return f"Sent to {to}. Card on file {CARD}."

    server.script(agent_reply)
    agent = FunctionAgent(
        tools=[FunctionTool.from_defaults(send_mail)],
        llm=model(server, pool, guard),
        streaming=streaming,
    )
    handler = agent.run(f"Mail me at {EMAIL}")
    streamed = [e.delta async for e in handler.stream_events() if isinstance(e, AgentStream)]
    answer = str(await handler)
    if streaming:  # what a streaming UI showed is the answer, once
        assert "".join(streamed) == answer
    assert received == [EMAIL]
    assert EMAIL in answer and "onerror" not in answer
    assert_nothing_leaves(server, EMAIL, CARD)
    for shown in answers_of(recorder.events):
        assert "onerror" not in shown and "<EMAIL_ADDRESS_1>" not in shown


async def test_a_poisoned_tool_output_never_reaches_the_guarded_model(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    def lookup(query: str) -> str:
        """Look a page up."""
        return f"Result: {INJECTION}"

    server.script(
        lambda body: {
            "tool_calls": [{"function": {"name": "lookup", "arguments": {"query": "refunds"}}}]
        }
    )
    agent = FunctionAgent(
        tools=[FunctionTool.from_defaults(lookup)], llm=model(server, pool, guard)
    )
    with pytest.raises(InjectionDetected):
        await agent.run("How do refunds work?")
    assert len(bodies(server, "/v1/chat/completions")) == 1  # the tool result never left
    assert_nothing_leaves(server, "no such value")
