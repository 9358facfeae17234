"""Names and addresses in the LangChain and LlamaIndex flows, with the real clients talking
to the local Mistral-compatible server: redacted on the way out, restored in the answer."""

from __future__ import annotations

import json
from typing import Any

import pytest
import spacy
from langchain_core.prompts import ChatPromptTemplate
from llama_index.core.base.llms.types import ChatMessage, MessageRole
from llama_index.core.schema import NodeWithScore, TextNode
from mistralai.client.utils.retries import BackoffStrategy, RetryConfig

from langchain_mistral_secure import InputGuard, OutputGuard, secure_chat_mistralai
from llama_index_mistral_secure import PIIRedactor, SecureLLM, secure_mistral_llm
from mistral_secure import Guard, KeyPool, Policy, PresidioNER
from mistral_secure.testing import DEFAULT_TEST_KEYS, MistralTestServer

QUESTION = (
    "Bonjour, je m'appelle Jean Dupont. Livrez au 12 rue de la Paix, 75002 Paris. "
    "Mon collègue Ingrid Halvorsen est en copie."
)
NAMES = ("Jean Dupont", "Dupont", "rue de la Paix", "75002 Paris", "Halvorsen")


def _pipeline() -> spacy.language.Language:
    nlp = spacy.blank("fr")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(  # type: ignore[attr-defined]
        [{"label": "PER", "pattern": [{"TEXT": "Ingrid"}, {"TEXT": "Halvorsen"}]}]
    )
    return nlp


def _presidio() -> PresidioNER:
    from presidio_analyzer import PatternRecognizer

    return PresidioNER(
        [PatternRecognizer(supported_entity="PERSON", deny_list=["Ingrid Halvorsen"])],
        entities={"PERSON"},
    )


BACKENDS: dict[str, Any] = {"builtin": lambda: "builtin", "spacy": _pipeline, "presidio": _presidio}


def _guard(backend: str) -> Guard:
    return Guard(
        Policy.from_mapping(
            {"moderation": {"enabled": False}, "redaction": {"ner": BACKENDS[backend]()}}
        )
    )


def _chat_bodies(server: MistralTestServer) -> str:
    return "\n".join(
        json.dumps(r.body, ensure_ascii=False)
        for r in server.requests
        if r.path == "/v1/chat/completions"
    )


@pytest.mark.parametrize("backend", sorted(BACKENDS))
@pytest.mark.parametrize("mode", ["invoke", "ainvoke", "stream"])
async def test_langchain_chain_redacts_names_and_restores_them(
    backend: str, mode: str, mistral_server: MistralTestServer
) -> None:
    guard = _guard(backend)
    prompt = ChatPromptTemplate.from_messages([("human", "{question}")])
    mistral_server.script(lambda body: "Merci <PERSON_1>, c'est noté.")
    async with secure_chat_mistralai(
        KeyPool(DEFAULT_TEST_KEYS), base_url=mistral_server.api_url, model="mistral-small-latest"
    ) as llm:
        chain = InputGuard(guard) | prompt | llm | OutputGuard(guard)
        if mode == "invoke":
            answer = str(chain.invoke({"question": QUESTION}).content)
        elif mode == "ainvoke":
            answer = str((await chain.ainvoke({"question": QUESTION})).content)
        else:
            answer = "".join(str(c.content) for c in chain.stream({"question": QUESTION}))
    sent = _chat_bodies(mistral_server)
    assert "Halvorsen" not in sent
    assert "<PERSON_" in sent
    if backend == "builtin":
        for value in NAMES:
            assert value not in sent
        assert answer == "Merci Jean Dupont, c'est noté."
    else:
        assert answer == "Merci Ingrid Halvorsen, c'est noté."


FAST_RETRY = RetryConfig("backoff", BackoffStrategy(10, 50, 1.5, 2_000), False)


@pytest.mark.parametrize("backend", sorted(BACKENDS))
async def test_llama_index_secure_llm_redacts_names_and_restores_them(
    backend: str, mistral_server: MistralTestServer
) -> None:
    guard = _guard(backend)
    mistral_server.script(lambda body: "Bien reçu, <PERSON_1>.")
    llm = secure_mistral_llm(
        KeyPool(list(DEFAULT_TEST_KEYS)),
        server_url=mistral_server.url,
        model="mistral-small-latest",
        retry_config=FAST_RETRY,
    )
    try:
        secure = SecureLLM(llm, guard=guard)
        messages = [ChatMessage(role=MessageRole.USER, content=QUESTION)]
        sync_answer = secure.chat(messages).message.content
        async_answer = (await secure.achat(messages)).message.content
    finally:
        await llm.aclose()
    sent = _chat_bodies(mistral_server)
    assert "Halvorsen" not in sent and "<PERSON_" in sent
    expected = "Jean Dupont" if backend == "builtin" else "Ingrid Halvorsen"
    assert sync_answer == async_answer == f"Bien reçu, {expected}."


@pytest.mark.parametrize("backend", sorted(BACKENDS))
async def test_llama_index_pii_redactor_removes_names_from_nodes(backend: str) -> None:
    guard = _guard(backend)
    node = NodeWithScore(
        node=TextNode(text=QUESTION, metadata={"author": "Ingrid Halvorsen"}), score=1.0
    )
    (out,) = PIIRedactor(guard).postprocess_nodes([node])
    (aout,) = await PIIRedactor(guard).apostprocess_nodes([node])
    for result in (out, aout):
        text = result.node.get_content()
        assert "Halvorsen" not in text and "<PERSON:" in text
        assert "Halvorsen" not in json.dumps(result.node.metadata, ensure_ascii=False)
    assert "Halvorsen" in node.node.get_content()  # the docstore keeps the original
