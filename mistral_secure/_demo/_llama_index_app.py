"""The support assistant as a LlamaIndex query engine with mistral-secure's adapters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from llama_index.core import Document, SummaryIndex
from llama_index.core.base.response.schema import Response, StreamingResponse
from llama_index.core.schema import QueryBundle

from llama_index_mistral_secure import (
    InjectionFilter,
    PIIRedactor,
    SecureLLM,
    secure_mistral_llm,
)

if TYPE_CHECKING:
    from ._env import DemoEnv

__all__ = ["LlamaIndexAssistant"]


class LlamaIndexAssistant:
    """SummaryIndex over the bundled documents; retrieved nodes are screened for injection
    and redacted (node postprocessors); the LLM is ``SecureLLM`` around a key-pool-signed
    ``MistralAI``.
    """

    name = "LlamaIndex"

    def __init__(self, env: DemoEnv) -> None:
        documents = [Document(text=d.text, metadata={"source": d.name}) for d in env.documents]
        # A handful of short documents: the summary index hands all of them to the
        # postprocessors, so the poisoned page is always retrieved and must be screened out.
        self.index = SummaryIndex.from_documents(documents)
        self.mistral = mistral = secure_mistral_llm(
            env.pool,
            model="mistral-small-latest",
            endpoint=env.server_url,
            system_prompt=env.system_prompt,
            max_retries=0,
        )
        self.llm = SecureLLM(mistral, env.guard)
        self.postprocessors = [InjectionFilter(env.guard), PIIRedactor(env.guard)]
        self.engine = self.index.as_query_engine(
            llm=self.llm, node_postprocessors=self.postprocessors
        )
        self.streaming_engine = self.index.as_query_engine(
            llm=self.llm, node_postprocessors=self.postprocessors, streaming=True
        )

    def ask(self, question: str) -> str:
        """Answer through the guarded query engine."""
        response = self.engine.query(question)
        assert isinstance(response, Response)
        return response.response or ""

    def stream(self, question: str) -> Iterator[str]:
        """Guarded answer chunks, as the streaming query engine yields them."""
        response = self.streaming_engine.query(question)
        assert isinstance(response, StreamingResponse)
        yield from response.response_gen

    def sources(self, question: str, *, screened: bool) -> list[str]:
        """Names of the documents that reach the prompt (``screened=False``: before screening)."""
        bundle = QueryBundle(question)
        nodes = self.index.as_retriever().retrieve(bundle)
        if screened:
            for postprocessor in self.postprocessors:
                nodes = postprocessor.postprocess_nodes(nodes, bundle)
        return [str(n.node.metadata.get("source")) for n in nodes]

    def complete(self, text: str) -> str:
        """One guarded chat turn without retrieval (for the key-rotation section)."""
        return self.llm.complete(text).text

    def close(self) -> None:
        """Close the model's HTTP clients."""
        self.mistral.close()
