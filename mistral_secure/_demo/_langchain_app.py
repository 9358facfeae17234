"""The support assistant as a LangChain chain with mistral-secure's adapters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from langchain_core.documents import Document
from langchain_core.messages import SystemMessage
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableConfig, RunnableLambda, RunnablePassthrough

from langchain_mistral_secure import (
    AuditCallbackHandler,
    DocumentGuard,
    InputGuard,
    OutputGuard,
    secure_chat_mistralai,
)

from ._env import MODEL

if TYPE_CHECKING:
    from ._env import DemoEnv

__all__ = ["LangChainAssistant"]


class LangChainAssistant:
    """``InputGuard | retrieve | prompt | ChatMistralAI | OutputGuard`` over documents
    screened at ingestion by ``DocumentGuard``; ``ChatMistralAI`` is signed by the key pool.
    """

    name = "LangChain"

    def __init__(self, env: DemoEnv) -> None:
        self.raw_documents = [
            Document(page_content=d.text, metadata={"source": d.name}) for d in env.documents
        ]
        # DocumentGuard's one-way hashed placeholders (<EMAIL_ADDRESS:3f9c…>): restoring the
        # user's own values in the answer can then never touch a document's value.
        self.documents = list(DocumentGuard(env.guard).transform_documents(self.raw_documents))
        self.llm = llm = secure_chat_mistralai(
            env.pool,
            base_url=f"{env.server_url}/v1" if env.server_url else None,
            model=MODEL,
            max_retries=0,
        )
        prompt = ChatPromptTemplate.from_messages(
            [
                SystemMessage(content=env.system_prompt),
                ("human", "Context:\n{context}\n\nQuery: {question}"),
            ]
        )
        retrieve = RunnableLambda(self._context)
        self.chain: Any = (
            InputGuard(env.guard, keys=["question"])
            | RunnablePassthrough.assign(context=retrieve)
            | prompt
            | llm
            | OutputGuard(env.guard)
            | StrOutputParser()
        )
        self.config: RunnableConfig = {"callbacks": [AuditCallbackHandler(guard=env.guard)]}

    def _context(self, variables: dict[str, Any]) -> str:
        # A handful of short documents: all of them, the most relevant first.
        words = set(str(variables["question"]).lower().split())
        ranked = sorted(
            self.documents, key=lambda d: -len(words & set(d.page_content.lower().split()))
        )
        return "\n\n".join(f"[{d.metadata['source']}]\n{d.page_content}" for d in ranked)

    def ask(self, question: str) -> str:
        """Answer through the guarded chain."""
        return str(self.chain.invoke({"question": question}, config=self.config))

    def stream(self, question: str) -> Iterator[str]:
        """Guarded answer chunks, as the chain streams them."""
        for chunk in self.chain.stream({"question": question}, config=self.config):
            yield str(chunk)

    def sources(self, question: str, *, screened: bool) -> list[str]:
        """Names of the documents that reach the prompt (``screened=False``: before screening)."""
        documents = self.documents if screened else self.raw_documents
        return [str(d.metadata["source"]) for d in documents]

    def close(self) -> None:
        """Close the model's HTTP clients."""
        self.llm.close()
