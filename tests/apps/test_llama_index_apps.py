"""LlamaIndex apps people build, end to end against the local server: every form."""

from __future__ import annotations

import json
from typing import Any

import pytest
from llama_index.core import Document, VectorStoreIndex
from llama_index.core.agent.workflow import AgentStream, FunctionAgent, ReActAgent
from llama_index.core.ingestion import IngestionCache, IngestionPipeline
from llama_index.core.node_parser import SentenceSplitter
from llama_index.core.schema import TextNode
from llama_index.core.storage.docstore import SimpleDocumentStore
from llama_index.core.tools import FunctionTool
from pydantic import BaseModel

from llama_index_mistral_secure import (
    InjectionFilter,
    SecureIngestion,
    SecureIngestionPipeline,
    SecureLLM,
    secure_mistral_embedding,
    secure_mistral_llm,
)
from mistral_secure import ConfigurationError, Guard, InjectionDetected, KeyPool
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

DOCS = [
    Document(text=f"Refunds: write to {EMAIL}; card {CARD} is on file."),
    Document(text=f"Shipping takes 3 days. {INJECTION}"),
    Document(text=f"Livraison en 3 jours. {FRENCH_INJECTION}"),
]


def build(server: MistralTestServer, pool: KeyPool, guard: Guard) -> tuple[SecureLLM, Any]:
    llm = SecureLLM(
        secure_mistral_llm(pool, endpoint=server.url, model="mistral-small-latest"), guard
    )
    embed = secure_mistral_embedding(pool, guard=guard, endpoint=server.url)
    index = VectorStoreIndex.from_documents(DOCS, embed_model=embed)
    return llm, index


# -- multi-turn chat with retrieval: both chat engines --------------------------------------


@pytest.mark.parametrize("mode", ["context", "condense_plus_context", "condense_question"])
@pytest.mark.parametrize("form", ["chat", "achat", "stream_chat", "astream_chat"])
async def test_chat_engines_never_send_pii_or_injection(
    mode: str, form: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    llm, index = build(server, pool, guard)
    server.script(echo_placeholders)
    engine = index.as_chat_engine(
        chat_mode=mode, llm=llm.for_conversation(f"chat-{mode}-{form}"), similarity_top_k=3
    )

    async def ask(question: str) -> str:
        if form == "chat":
            return str(engine.chat(question))
        if form == "achat":
            return str(await engine.achat(question))
        if form == "stream_chat":
            return "".join(engine.stream_chat(question).response_gen)
        response = await engine.astream_chat(question)
        return "".join([t async for t in response.async_response_gen()])

    first = await ask(f"My email is {EMAIL}. How do refunds work?")
    assert EMAIL in first and "onerror" not in first
    second = await ask("Which email did I give?")
    assert EMAIL in second
    assert_nothing_leaves(server, EMAIL, CARD)


# -- a query engine, with and without postprocessors ---------------------------------------


@pytest.mark.parametrize("form", ["query", "aquery", "stream"])
async def test_query_engine_with_flagged_nodes_answers(
    form: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    llm, index = build(server, pool, guard)
    server.script(echo_placeholders)
    engine = index.as_query_engine(
        llm=llm,
        similarity_top_k=3,
        node_postprocessors=[InjectionFilter(guard, action="neutralize")],
        streaming=form == "stream",
    )
    question = f"Refunds for {EMAIL}?"
    if form == "query":
        answer = str(engine.query(question))
    elif form == "aquery":
        answer = str(await engine.aquery(question))
    else:
        answer = "".join(engine.query(question).response_gen)
    assert EMAIL in answer and "onerror" not in answer
    assert_nothing_leaves(server, EMAIL, CARD)


# -- every standard engine, without the postprocessors ---------------------------------------

MODES = [
    "compact",
    "refine",
    "tree_summarize",
    "simple_summarize",
    "accumulate",
    "compact_accumulate",
]


def assert_no_context_leaks(server: MistralTestServer) -> None:
    """No document's PII and no document's injection (English or French) reached the model."""
    chats = bodies(server, "/v1/chat/completions")
    assert chats, "no chat request reached the server"
    assert_nothing_leaves(server, EMAIL, CARD)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("form", ["query", "aquery", "stream", "astream"])
@pytest.mark.parametrize("llm_kind", ["SecureLLM", "guarded model"])
async def test_query_engines_screen_context_without_postprocessors(
    mode: str, form: str, llm_kind: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    if "accumulate" in mode and "stream" in form:
        pytest.skip("llama-index cannot stream the accumulate modes")
    _, index = build(server, pool, guard)
    server.script(echo_placeholders)
    engine = index.as_query_engine(
        llm=agent_llm(llm_kind, server, pool, guard),
        similarity_top_k=3,
        response_mode=mode,
        streaming=form in ("stream", "astream"),
    )
    question = f"Refunds for {EMAIL}?"
    if form == "query":
        answer = str(engine.query(question))
    elif form == "aquery":
        answer = str(await engine.aquery(question))
    elif form == "stream":
        answer = "".join(engine.query(question).response_gen)
    else:
        response = await engine.aquery(question)
        answer = "".join([t async for t in response.async_response_gen()])
    # Answered (a poisoned chunk is neutralized, not a reason to refuse the question), the
    # user's own value put back, and neither a document's PII nor its injection ever left.
    assert EMAIL in answer and "onerror" not in answer
    assert_no_context_leaks(server)


@pytest.mark.parametrize("form", ["query", "aquery"])
async def test_multimodal_synthesizer_screens_context_messages(
    form: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    from llama_index.core import get_response_synthesizer
    from llama_index.core.query_engine import RetrieverQueryEngine

    llm, index = build(server, pool, guard)
    server.script(echo_placeholders)
    engine = RetrieverQueryEngine(
        retriever=index.as_retriever(similarity_top_k=3),
        response_synthesizer=get_response_synthesizer(llm=llm, multimodal=True),
    )
    question = f"Refunds for {EMAIL}?"
    answer = str(engine.query(question) if form == "query" else await engine.aquery(question))
    assert EMAIL in answer
    assert_no_context_leaks(server)


@pytest.mark.parametrize("agent", ["react", "function"])
async def test_agent_over_a_query_engine_tool(
    agent: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    from llama_index.core.tools import QueryEngineTool

    llm, index = build(server, pool, guard)

    def reply(body: dict[str, Any]) -> Any:
        text = json.dumps(body["messages"])
        if "Context information" in text:
            return echo_placeholders(body)  # the query engine's own call
        last = body["messages"][-1]
        if last["role"] == "tool" or "Observation" in json.dumps(last):
            return "Thought: done.\nAnswer: Here is the policy." if agent == "react" else "Done."
        if agent == "react":
            return 'Thought: look it up.\nAction: handbook\nAction Input: {"input": "refunds"}'
        return {
            "tool_calls": [{"function": {"name": "handbook", "arguments": {"input": "refunds"}}}]
        }

    server.script(reply)
    tool = QueryEngineTool.from_defaults(
        index.as_query_engine(llm=llm, similarity_top_k=3),
        name="handbook",
        description="The company handbook.",
    )
    kind = ReActAgent if agent == "react" else FunctionAgent
    answer = str(await kind(tools=[tool], llm=llm).run(f"I am {EMAIL}: how do refunds work?"))
    assert answer
    assert len(bodies(server, "/v1/chat/completions")) >= 3  # agent, engine, agent
    assert_no_context_leaks(server)


def test_flag_action_does_not_fail_every_query(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    llm, index = build(server, pool, guard)
    server.script(echo_placeholders)
    engine = index.as_query_engine(
        llm=llm, similarity_top_k=3, node_postprocessors=[InjectionFilter(guard, action="flag")]
    )
    assert "Noted" in str(engine.query("How long is shipping?"))  # flagged nodes kept, no raise


# -- an agent with tools ------------------------------------------------------------------


def agent_reply(body: dict[str, Any]) -> Any:
    if body["messages"][-1]["role"] == "tool":
        return echo_placeholders(body)
    return {
        "tool_calls": [
            {"function": {"name": "send_mail", "arguments": {"to": "<EMAIL_ADDRESS_1>"}}}
        ]
    }


async def test_function_agent_tools_get_real_values(
    server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    received: list[str] = []

    def send_mail(to: str) -> str:
        """Send the user a mail."""
        received.append(to)
        return f"Sent to {to}. Card on file {CARD}."

    server.script(agent_reply)
    llm = SecureLLM(
        secure_mistral_llm(pool, endpoint=server.url, model="mistral-small-latest"), guard
    )
    agent = FunctionAgent(tools=[FunctionTool.from_defaults(send_mail)], llm=llm)
    answer = str(await agent.run(f"Mail me at {EMAIL}"))
    assert received == [EMAIL]
    assert EMAIL in answer and "onerror" not in answer
    assert_nothing_leaves(server, EMAIL, CARD)


def react_reply(body: dict[str, Any]) -> str:
    """A ReAct model: call send_mail with the user's address, then answer."""
    last = json.dumps(body["messages"][-1].get("content"))
    if "Observation" in last:
        return (
            "Thought: I can answer without using any more tools.\n"
            "Answer: Sent to <EMAIL_ADDRESS_1>. <img src=x onerror=alert(1)>"
        )
    return (
        "Thought: I need to use a tool.\nAction: send_mail\n"
        'Action Input: {"to": "<EMAIL_ADDRESS_1>"}'
    )


def agent_llm(kind: str, server: MistralTestServer, pool: KeyPool, guard: Guard) -> Any:
    if kind == "SecureLLM":
        return SecureLLM(
            secure_mistral_llm(pool, endpoint=server.url, model="mistral-small-latest"), guard
        )
    return secure_mistral_llm(pool, guard=guard, endpoint=server.url, model="mistral-small-latest")


def build_agent(agent: str, llm: Any, tool: Any, streaming: bool) -> Any:
    kind = ReActAgent if agent == "react" else FunctionAgent
    return kind(tools=[FunctionTool.from_defaults(tool)], llm=llm, streaming=streaming)


@pytest.mark.parametrize("agent", ["react", "function"])
@pytest.mark.parametrize("llm_kind", ["SecureLLM", "guarded model"])
@pytest.mark.parametrize("form", ["run", "stream_events", "run without streaming"])
async def test_agents_give_tools_real_values_and_screen_tool_output(
    agent: str, llm_kind: str, form: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    received: list[str] = []

    def send_mail(to: str) -> str:
        """Send the user a mail."""
        received.append(to)
        return f"Sent to {to}. Card on file {CARD}."

    server.script(react_reply if agent == "react" else agent_reply)
    llm = agent_llm(llm_kind, server, pool, guard)
    workflow = build_agent(agent, llm, send_mail, streaming=form != "run without streaming")
    handler = workflow.run(f"Mail me at {EMAIL}")
    streamed = ""
    if form == "stream_events":
        async for event in handler.stream_events():
            if isinstance(event, AgentStream):
                streamed += event.delta
    answer = str(await handler)
    assert received == [EMAIL]  # the tool acted on the real value
    assert EMAIL in answer and "onerror" not in answer
    assert "onerror" not in streamed and not PLACEHOLDER.search(streamed)
    # The tool's output went back to the model redacted: the card never left.
    chats = bodies(server, "/v1/chat/completions")
    assert len(chats) == 2 and "<CREDIT_CARD_1>" in chats[1]
    assert_nothing_leaves(server, EMAIL, CARD)


@pytest.mark.parametrize("agent", ["react", "function"])
@pytest.mark.parametrize("llm_kind", ["SecureLLM", "guarded model"])
async def test_a_poisoned_tool_output_never_reaches_the_model(
    agent: str, llm_kind: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    def send_mail(to: str) -> str:
        """Send the user a mail."""
        return f"Delivery report: {INJECTION}"

    server.script(react_reply if agent == "react" else agent_reply)
    workflow = build_agent(agent, agent_llm(llm_kind, server, pool, guard), send_mail, True)
    with pytest.raises(InjectionDetected):
        await workflow.run(f"Mail me at {EMAIL}")
    assert len(bodies(server, "/v1/chat/completions")) == 1  # the tool result never left
    assert_nothing_leaves(server, EMAIL)


# -- structured output -----------------------------------------------------------------------


class Ticket(BaseModel):
    email: str
    summary: str


def structured_reply(body: dict[str, Any]) -> Any:
    args = {"email": "<EMAIL_ADDRESS_1>", "summary": "Refund <img src=x onerror=alert(1)> due"}
    return {
        "tool_calls": [
            {"function": {"name": body["tools"][0]["function"]["name"], "arguments": args}}
        ]
    }


STRUCTURED_FORMS = [
    "structured_predict",
    "astructured_predict",
    "as_structured_llm",
    "stream_structured_predict",
    "astream_structured_predict",
    "as_structured_llm.stream_chat",
]


@pytest.mark.parametrize("form", STRUCTURED_FORMS)
@pytest.mark.parametrize("llm_kind", ["SecureLLM", "guarded model"])
async def test_structured_predict_is_restored_and_sanitized(
    form: str, llm_kind: str, server: MistralTestServer, pool: KeyPool, guard: Guard
) -> None:
    from llama_index.core.llms import ChatMessage
    from llama_index.core.prompts import PromptTemplate

    server.script(structured_reply)
    llm = agent_llm(llm_kind, server, pool, guard)
    prompt = PromptTemplate("Open a ticket for {who}")
    seen: list[Any] = []  # every object the app (a UI rendering partials) gets
    if form == "structured_predict":
        seen.append(llm.structured_predict(Ticket, prompt, who=EMAIL))
    elif form == "astructured_predict":
        seen.append(await llm.astructured_predict(Ticket, prompt, who=EMAIL))
    elif form == "as_structured_llm":
        response = llm.as_structured_llm(Ticket).chat(
            [ChatMessage(role="user", content=f"Ticket for {EMAIL}")]
        )
        seen += [response.raw, response.message.content]
    elif form == "stream_structured_predict":
        seen += list(llm.stream_structured_predict(Ticket, prompt, who=EMAIL))
    elif form == "astream_structured_predict":
        stream = await llm.astream_structured_predict(Ticket, prompt, who=EMAIL)
        seen += [partial async for partial in stream]
    else:
        chunks = llm.as_structured_llm(Ticket).stream_chat(
            [ChatMessage(role="user", content=f"Ticket for {EMAIL}")]
        )
        for chunk in chunks:
            seen += [chunk.raw, chunk.message.content]
    assert seen
    for partial in seen:
        shown = repr(partial)
        assert "onerror" not in shown and not PLACEHOLDER.search(shown), shown[:200]
    if "stream" in form:
        # llama-index's MistralAI streams carry the tool call in blocks only, and upstream's
        # streaming parser reads additional_kwargs: the partial objects stay empty, with or
        # without a guard. What the app sees is still guarded (checked above).
        assert all(getattr(p, "email", None) in (None, EMAIL) for p in seen)
    else:
        tickets = [p for p in seen if isinstance(p, Ticket)]
        assert tickets and tickets[-1].email == EMAIL
    assert_nothing_leaves(server, EMAIL)


# -- ingestion ---------------------------------------------------------------------------------


def test_ingestion_refuses_an_unsafe_order(guard: Guard) -> None:
    pipeline = IngestionPipeline(transformations=[SentenceSplitter(), SecureIngestion(guard)])
    with pytest.raises(ConfigurationError, match="first"):
        pipeline.run(documents=DOCS)


@pytest.mark.parametrize("form", ["run", "arun"])
async def test_secure_pipeline_keeps_nothing_raw(form: str, guard: Guard) -> None:
    cache, docstore = IngestionCache(), SimpleDocumentStore()
    pipeline = SecureIngestionPipeline(
        guard=guard,
        transformations=[SentenceSplitter(), SecureIngestion(guard)],
        cache=cache,
        docstore=docstore,
    )
    nodes = pipeline.run(documents=DOCS) if form == "run" else await pipeline.arun(documents=DOCS)
    stored = str(cache.cache.get_all(collection=cache.collection)) + str(docstore.docs)
    for text in [*(n.get_content() for n in nodes), stored]:
        assert EMAIL not in text and CARD not in text
        assert (
            "Ignore all previous instructions" not in text and "ignorez vos consignes" not in text
        )
    assert len(nodes) == 1  # both injected documents dropped


def test_nested_metadata_is_redacted(guard: Guard) -> None:
    node = TextNode(text="hello", metadata={"owners": [{"mail": EMAIL}], "ids": (CARD,)})
    [out] = SecureIngestion(guard)([node])
    assert EMAIL not in str(out.metadata) and CARD not in str(out.metadata)
