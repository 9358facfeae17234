"""Ingestion: redact and screen documents in an ``IngestionPipeline`` before they are embedded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llama_index.core.bridge.pydantic import Field, PrivateAttr
from llama_index.core.ingestion import IngestionPipeline
from llama_index.core.schema import BaseNode, Document, NodeRelationship, TransformComponent

from mistral_secure import ConfigurationError, Guard

from ._nodes import (
    InjectionAction,
    RedactionMode,
    check_action,
    check_guard,
    check_mode,
    contents,
    rebuild,
)

__all__ = ["SecureIngestion", "SecureIngestionPipeline"]


def _refuse_split(nodes: Sequence[BaseNode]) -> None:
    """Nodes split from documents mean an earlier step ran on raw text, and a pipeline
    cache holds that step's output: refuse rather than leave raw PII and injections there."""
    for node in nodes:
        if not isinstance(node, Document) and NodeRelationship.SOURCE in node.relationships:
            raise ConfigurationError(
                "SecureIngestion received nodes split from documents: the steps before it "
                "saw raw text, and the pipeline cache keeps their output. Put "
                "SecureIngestion first in the transformations, or use "
                "SecureIngestionPipeline, which screens the documents before any step, "
                "cache or docstore"
            )


class SecureIngestion(TransformComponent):
    """A pipeline step that screens nodes for injection, then redacts PII and secrets.

    Put it first, so no step, cache entry, embedding or stored node sees the original
    values; it refuses (``ConfigurationError``) nodes already split from documents, whose raw
    text an earlier step left in the pipeline cache (``allow_split=True`` accepts them when
    no cache is used). A pipeline's ``docstore=`` keeps the *input* documents: use
    :class:`SecureIngestionPipeline`, which screens them before anything else::

        pipeline = IngestionPipeline(transformations=[
            SecureIngestion(guard), SentenceSplitter(), embed_model,
        ])

    ``injection_action``: ``"drop"`` (default), ``"neutralize"`` or ``"flag"`` (see
    :class:`~llama_index_mistral_secure.InjectionFilter`). ``mode`` is the redaction mode
    (default ``"hash"``); no mapping back to the values is kept anywhere. Input nodes are
    copied, never changed. The work is :meth:`~mistral_secure.Guard.screen_documents`,
    which writes one metadata-only audit record per batch.
    """

    guard: Guard = Field(exclude=True)
    injection_action: InjectionAction = Field(default="drop")
    mode: RedactionMode = Field(default="hash")
    allow_split: bool = Field(default=False)

    def __init__(
        self,
        guard: Guard,
        *,
        injection_action: InjectionAction = "drop",
        mode: RedactionMode = "hash",
        allow_split: bool = False,
        **kwargs: Any,
    ) -> None:
        fields: dict[str, Any] = {
            "guard": check_guard(guard),
            "injection_action": check_action(injection_action),
            "mode": check_mode(mode),
            "allow_split": bool(allow_split),
        }
        super().__init__(**fields, **kwargs)

    @classmethod
    def class_name(cls) -> str:
        return "SecureIngestion"

    def __call__(self, nodes: Sequence[BaseNode], **kwargs: Any) -> Sequence[BaseNode]:
        batch = list(nodes)
        if not self.allow_split:
            _refuse_split(batch)
        screened = self.guard.screen_documents(
            contents(batch),
            metadata=[n.metadata for n in batch],
            action=self.injection_action,
            redaction_mode=self.mode,
        )
        return rebuild(batch, screened)

    async def acall(self, nodes: Sequence[BaseNode], **kwargs: Any) -> Sequence[BaseNode]:
        batch = list(nodes)
        if not self.allow_split:
            _refuse_split(batch)
        screened = await self.guard.ascreen_documents(
            contents(batch),
            metadata=[n.metadata for n in batch],
            action=self.injection_action,
            redaction_mode=self.mode,
        )
        return rebuild(batch, screened)


class SecureIngestionPipeline(IngestionPipeline):
    """An ``IngestionPipeline`` that screens its input before anything else sees it.

    ``run``/``arun`` pass the documents (and nodes) through a :class:`SecureIngestion` of
    ``guard`` first, before the docstore's de-duplication, the cache and every
    transformation, so nothing raw reaches the cache, the docstore or the vector store,
    wherever the transformations list puts its own ``SecureIngestion`` (if any)::

        pipeline = SecureIngestionPipeline(
            guard=guard, transformations=[SentenceSplitter(), embed_model], docstore=docstore
        )
    """

    _secure: SecureIngestion = PrivateAttr()

    def __init__(
        self,
        *,
        guard: Guard,
        injection_action: InjectionAction = "drop",
        mode: RedactionMode = "hash",
        **kwargs: Any,
    ) -> None:
        secure = SecureIngestion(guard, injection_action=injection_action, mode=mode)
        steps = [
            SecureIngestion(
                t.guard, injection_action=t.injection_action, mode=t.mode, allow_split=True
            )
            if isinstance(t, SecureIngestion)
            else t
            for t in kwargs.pop("transformations", None) or []
        ]
        super().__init__(transformations=steps or None, **kwargs)
        self._secure = secure

    def _screened(self, documents: Any, nodes: Any) -> tuple[Any, Any]:
        docs = list(self._secure(list(documents))) if documents else documents
        more = list(self._secure(list(nodes))) if nodes else nodes
        return docs, more

    def run(
        self, show_progress: bool = False, documents: Any = None, nodes: Any = None, **kwargs: Any
    ) -> Sequence[BaseNode]:
        """Screen the input, then run the pipeline as ``IngestionPipeline.run`` does."""
        documents, nodes = self._screened(documents, nodes)
        return super().run(show_progress=show_progress, documents=documents, nodes=nodes, **kwargs)

    async def arun(
        self, show_progress: bool = False, documents: Any = None, nodes: Any = None, **kwargs: Any
    ) -> Sequence[BaseNode]:
        """Async :meth:`run`."""
        docs = list(await self._secure.acall(list(documents))) if documents else documents
        more = list(await self._secure.acall(list(nodes))) if nodes else nodes
        return await super().arun(show_progress=show_progress, documents=docs, nodes=more, **kwargs)
