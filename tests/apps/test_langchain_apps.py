"""LangChain apps people build, end to end against the local server: every form."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.chat_history import InMemoryChatMessageHistory
from langchain_core.documents import Document
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langchain_core.runnables import RunnableLambda, RunnablePassthrough
from langchain_core.runnables.history import RunnableWithMessageHistory
from langchain_core.tools import tool
from langchain_core.vectorstores import InMemoryVectorStore
from pydantic import BaseModel

from langchain_mistral_secure import (
    InputGuard,
    OutputGuard,
    RetrievalGuard,
    SecureChatMistralAI,
    conversation_for,
    secure_chat_mistralai,
    secure_mistral_embeddings,
)
from mistral_secure import Guard, InjectionDetected, KeyPool
from mistral_secure.testing import MistralTestServer

from .conftest import (
    CARD,
    EMAIL,
    FRENCH_INJECTION,
    INJECTION,
    PLACEHOLDER,
    assert_nothing_leaves,
    bodies,
    echo_placeholders,
)

FORMS = ["invoke", "ainvoke", "stream", "astream"]


async def run(runnable: Any, form: str, value: Any, config: dict[str, Any] | None = None) -> Any:
    """The runnable's answer in one of its four forms (streams joined)."""
    if form == "invoke":
        return runnable.invoke(value, config)
    if form == "ainvoke":
        return await runnable.ainvoke(value, config)
    chunks: list[Any] = []
    if form == "stream":
        chunks = list(runnable.stream(value, config))
    else:
        chunks = [c async for c in runnable.astream(value, config)]
    out = chunks[0]
    for chunk in chunks[1:]:
        out = out + chunk
    return out


def text_of(answer: Any) -> str:
    return answer if isinstance(answer, str) else str(answer.content)


# -- multi-turn chat with a history store ------------------------------------------------


@pytest.mark.parametrize("form", FORMS)
async def test_multi_turn_history_never_sends_pii(
    form: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(echo_placeholders)
    llm = secure_chat_mistralai(pool, base_url=server.url, model="mistral-small-latest")
    prompt = ChatPromptTemplate.from_messages(
        [("system", "You help."), MessagesPlaceholder("history"), ("human", "{question}")]
    )
    chain = InputGuard(guard) | prompt | llm | OutputGuard(guard)
    stores: dict[str, InMemoryChatMessageHistory] = {}
    app = RunnableWithMessageHistory(
        chain,
        lambda sid: stores.setdefault(sid, InMemoryChatMessageHistory()),
        input_messages_key="question",
        history_messages_key="history",
    )
    config = {"configurable": {"session_id": "user-42"}}
    first = await run(app, form, {"question": f"My email is {EMAIL}"}, config)
    assert EMAIL in text_of(first)  # restored for the user
    assert "onerror" not in text_of(first)
    second = await run(app, form, {"question": "Which address did I give you?"}, config)
    assert EMAIL in text_of(second)  # the placeholder of turn 1, restored on turn 2
    history = stores["user-42"].messages
    assert any(EMAIL in str(m.content) for m in history if isinstance(m, AIMessage))
    assert_nothing_leaves(server, EMAIL)
    chats = bodies(server, "/v1/chat/completions")
    assert len(chats) == 2 and "<EMAIL_ADDRESS_1>" in chats[1]  # same placeholder each turn


@pytest.mark.parametrize("form", ["invoke", "ainvoke"])
async def test_input_guard_keeps_message_order_after_a_string_key(form: str, guard: Guard) -> None:
    # The dict RunnableWithMessageHistory builds: a string key, then the history.
    history = [HumanMessage(content=f"I am {EMAIL}"), AIMessage(content="Hello!")]
    value = {"question": "and you?", "history": history}
    ig = InputGuard(guard)
    out = ig.invoke(value) if form == "invoke" else await ig.ainvoke(value)
    assert [type(m) for m in out["history"]] == [HumanMessage, AIMessage]
    assert out["history"][0].content == "I am <EMAIL_ADDRESS_1>"
    assert out["history"][1].content == "Hello!"
    single = ig.invoke({"question": "x", "history": [HumanMessage(content="hi")]})
    assert single["history"][0].content == "hi"


# -- RAG with a retriever: an LCEL retrieval chain ----------------------------------------


@pytest.mark.parametrize("form", FORMS)
async def test_retrieval_chain_screens_context_without_postprocessors(
    form: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    embeddings = secure_mistral_embeddings(pool, guard=guard, base_url=server.url)
    store = InMemoryVectorStore(embeddings)
    store.add_documents(
        [
            Document(page_content=f"Refunds: write to {EMAIL}, card {CARD} on file."),
            Document(page_content=f"Shipping takes 3 days. {INJECTION} {FRENCH_INJECTION}"),
        ]
    )
    server.script(echo_placeholders)
    llm = secure_chat_mistralai(
        pool, guard=guard, base_url=server.url, model="mistral-small-latest"
    )
    prompt = ChatPromptTemplate.from_messages(
        [("system", "Answer from this context:\n{context}"), ("human", "{question}")]
    )

    def join(docs: list[Document]) -> str:
        return "\n\n".join(d.page_content for d in docs)

    chain = (
        {
            "context": store.as_retriever(k=2) | RunnableLambda(join),
            "question": RunnablePassthrough(),
        }
        | prompt
        | llm
        | StrOutputParser()
    )
    answer = await run(chain, form, f"How do refunds work for {EMAIL}?")
    assert EMAIL in answer and "onerror" not in answer
    assert_nothing_leaves(server, EMAIL, CARD)
    assert bodies(server, "/v1/embeddings")  # documents and the query were embedded, redacted


RAG_PROMPT = (  # the common single-message RAG prompt: context inside the human message
    "Use the following pieces of retrieved context to answer the question.\n"
    "Question: {question}\nContext: {context}\nAnswer:"
)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("screened", [False, True])
async def test_context_in_the_human_message(
    form: str, screened: bool, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    # Without RetrievalGuard the guarded model cannot tell the question from the context in
    # one human message: a poisoned document blocks the question before anything is sent.
    # With RetrievalGuard in the chain, the document is dropped and the question answered.
    embeddings = secure_mistral_embeddings(pool, guard=guard, base_url=server.url)
    store = InMemoryVectorStore(embeddings)
    store.add_documents(
        [
            Document(page_content=f"Refunds: write to {EMAIL}, card {CARD} on file."),
            Document(page_content=f"Refunds take 3 days. {INJECTION}"),
        ]
    )
    server.script(echo_placeholders)
    llm = secure_chat_mistralai(
        pool, guard=guard, base_url=server.url, model="mistral-small-latest"
    )
    retriever: Any = store.as_retriever(k=2)
    if screened:
        retriever = retriever | RetrievalGuard(guard)
    chain = (
        {
            "context": retriever | RunnableLambda(lambda d: "\n\n".join(x.page_content for x in d)),
            "question": RunnablePassthrough(),
        }
        | ChatPromptTemplate.from_messages([("human", RAG_PROMPT)])
        | llm
        | StrOutputParser()
    )
    question = f"How do refunds work for {EMAIL}?"
    if screened:
        answer = await run(chain, form, question)
        assert EMAIL in answer and "onerror" not in answer
        assert_nothing_leaves(server, EMAIL, CARD)
    else:
        with pytest.raises(InjectionDetected):
            await run(chain, form, question)
        assert not bodies(server, "/v1/chat/completions")


def test_equal_values_embed_alike(server: MistralTestServer, pool: KeyPool, guard: Guard) -> None:
    embeddings = secure_mistral_embeddings(pool, guard=guard, base_url=server.url)
    doc, query = (
        embeddings.embed_documents([f"contact {EMAIL}"])[0],
        embeddings.embed_query(f"contact {EMAIL}"),
    )
    assert doc == query
    assert_nothing_leaves(server, EMAIL)


# -- an agent with tools ------------------------------------------------------------------


def tool_call_then_answer(body: dict[str, Any]) -> Any:
    messages = body["messages"]
    if messages[-1]["role"] == "tool":
        return echo_placeholders(body)
    return {
        "tool_calls": [
            {"function": {"name": "send_mail", "arguments": {"to": "<EMAIL_ADDRESS_1>"}}}
        ]
    }


@pytest.mark.parametrize("form", FORMS)
async def test_tool_loop_restores_arguments_and_screens_tool_output(
    form: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    received: list[str] = []

    @tool
    def send_mail(to: str) -> str:
        """Send the user a mail."""
        received.append(to)
        return f"Sent to {to}. Card on file {CARD}."

    server.script(tool_call_then_answer)
    llm = secure_chat_mistralai(
        pool, guard=guard, base_url=server.url, model="mistral-small-latest"
    )
    bound = llm.bind_tools([send_mail])
    messages: list[Any] = [HumanMessage(content=f"Mail me at {EMAIL}")]
    config = {"configurable": {"thread_id": f"agent-{form}"}}
    first = await run(bound, form, messages, config)
    assert first.tool_calls and first.tool_calls[0]["args"] == {"to": EMAIL}  # real value
    for call in first.tool_calls:
        messages += [
            first,
            ToolMessage(content=send_mail.invoke(call["args"]), tool_call_id=call["id"]),
        ]
    final = await run(bound, form, messages, config)
    assert received == [EMAIL]
    assert EMAIL in text_of(final) and "onerror" not in text_of(final)
    assert_nothing_leaves(server, EMAIL, CARD)
    conversation = conversation_for(guard, config)
    assert conversation is not None and conversation.restore("<EMAIL_ADDRESS_1>") == EMAIL
    # A tool result carrying an injection is screened like user input: blocked before it leaves.
    chats = len(bodies(server, "/v1/chat/completions"))
    poisoned = [
        *messages[:2],
        ToolMessage(content=INJECTION, tool_call_id=first.tool_calls[0]["id"]),
    ]
    with pytest.raises(InjectionDetected):
        await run(bound, form, poisoned, config)
    assert len(bodies(server, "/v1/chat/completions")) == chats
    assert_nothing_leaves(server, EMAIL, CARD)


# -- structured output -----------------------------------------------------------------------


class Ticket(BaseModel):
    email: str
    summary: str


def structured_reply(body: dict[str, Any]) -> Any:
    args = {"email": "<EMAIL_ADDRESS_1>", "summary": "Refund <img src=x onerror=alert(1)> due"}
    name = body["tools"][0]["function"]["name"]
    return {"tool_calls": [{"function": {"name": name, "arguments": args}}]}


@pytest.mark.parametrize("form", ["invoke", "ainvoke"])
@pytest.mark.parametrize("include_raw", [False, True])
async def test_structured_output_is_restored_and_sanitized(
    form: str, include_raw: bool, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(structured_reply)
    llm = secure_chat_mistralai(
        pool, guard=guard, base_url=server.url, model="mistral-small-latest"
    )
    structured = llm.with_structured_output(Ticket, include_raw=include_raw)
    out = await run(structured, form, f"Open a ticket for {EMAIL}")
    ticket = out["parsed"] if include_raw else out
    assert isinstance(ticket, Ticket)
    assert ticket.email == EMAIL and "onerror" not in ticket.summary
    assert_nothing_leaves(server, EMAIL)


@pytest.mark.parametrize("form", ["invoke", "ainvoke"])
@pytest.mark.parametrize("include_raw", [False, True])
async def test_output_guard_guards_structured_output_of_a_plain_model(
    form: str, include_raw: bool, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(structured_reply)
    llm = secure_chat_mistralai(pool, base_url=server.url, model="mistral-small-latest")
    chain = (
        InputGuard(guard)
        | llm.with_structured_output(Ticket, include_raw=include_raw)
        | OutputGuard(guard)
    )
    out = await run(chain, form, f"Open a ticket for {EMAIL}")
    ticket = out["parsed"] if include_raw else out
    assert ticket.email == EMAIL and "onerror" not in ticket.summary
    assert_nothing_leaves(server, EMAIL)


@pytest.mark.parametrize("form", ["stream", "astream"])
@pytest.mark.parametrize("include_raw", [False, True])
@pytest.mark.parametrize("setup", ["guarded model", "InputGuard|model|OutputGuard"])
async def test_every_streamed_partial_object_is_sanitized_and_restored(
    form: str,
    include_raw: bool,
    setup: str,
    server: MistralTestServer,
    pool: KeyPool,
    guard: Guard,
) -> None:
    server.script(structured_reply)
    if setup == "guarded model":
        llm = secure_chat_mistralai(
            pool, guard=guard, base_url=server.url, model="mistral-small-latest"
        )
        runnable: Any = llm.with_structured_output(Ticket, include_raw=include_raw)
    else:
        llm = secure_chat_mistralai(pool, base_url=server.url, model="mistral-small-latest")
        runnable = (
            InputGuard(guard)
            | llm.with_structured_output(Ticket, include_raw=include_raw)
            | OutputGuard(guard)
        )
    question = f"Open a ticket for {EMAIL}"
    if form == "stream":
        chunks = list(runnable.stream(question))
    else:
        chunks = [c async for c in runnable.astream(question)]
    assert chunks
    for chunk in chunks:  # what a UI rendering each partial object would show
        shown = repr(chunk)
        assert "onerror" not in shown and not PLACEHOLDER.search(shown), shown[:200]
    parsed = [c.get("parsed") if isinstance(c, dict) else c for c in chunks]
    tickets = [p for p in parsed if isinstance(p, Ticket)]
    assert tickets and tickets[-1].email == EMAIL
    assert_nothing_leaves(server, EMAIL)


# -- a streaming UI -----------------------------------------------------------------------------


async def test_stream_events_carry_guarded_text(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    server.script(echo_placeholders)
    llm = secure_chat_mistralai(
        pool, guard=guard, base_url=server.url, model="mistral-small-latest"
    )
    assert isinstance(llm, SecureChatMistralAI)
    streamed = ""
    async for event in llm.astream_events(f"I am {EMAIL}", version="v2"):
        if event["event"] == "on_chat_model_stream":
            streamed += str(event["data"]["chunk"].content)
    assert EMAIL in streamed
    assert "onerror" not in streamed and "<EMAIL_ADDRESS" not in streamed
    assert_nothing_leaves(server, EMAIL)


def test_flagged_input_withholds_the_answer(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    from mistral_secure import ContentFlagged

    server.script(["Here is how."])
    llm = secure_chat_mistralai(
        pool, guard=guard, base_url=server.url, model="mistral-small-latest"
    )
    with pytest.raises(ContentFlagged):
        llm.invoke("I want to hurt myself")
    with pytest.raises(ContentFlagged):
        list(llm.stream("I want to hurt myself"))
    chain = InputGuard(guard) | llm | OutputGuard(guard)
    with pytest.raises(ContentFlagged):
        chain.invoke("I want to hurt myself")


def test_list_and_dict_values_are_screened(guard: Guard) -> None:
    from mistral_secure import InjectionDetected

    ig = InputGuard(guard)
    with pytest.raises(InjectionDetected):
        ig.invoke({"questions": ["hello", {"nested": INJECTION}]})
    out = ig.invoke({"questions": ["hello", {"nested": f"card {CARD}"}]})
    assert CARD not in json.dumps(out)
    with pytest.raises(ValueError, match="missing"):
        InputGuard(guard, keys=["absent"]).invoke({"question": "hi"})
