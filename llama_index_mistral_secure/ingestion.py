"""Ingestion: redact and screen documents in an ``IngestionPipeline`` before they are embedded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llama_index.core.bridge.pydantic import Field
from llama_index.core.schema import BaseNode, TransformComponent

from mistral_secure import Guard

from ._nodes import (
    InjectionAction,
    RedactionMode,
    check_action,
    check_guard,
    check_mode,
    contents,
    rebuild,
)

__all__ = ["SecureIngestion"]


class SecureIngestion(TransformComponent):
    """A pipeline step that screens nodes for injection, then redacts PII and secrets.

    Put it before the embedding model, so embeddings and stored nodes never hold the
    original values (a pipeline ``docstore=`` keeps the *input* documents: run with
    ``store_doc_text=False`` or apply this step to the documents first)::

        pipeline = IngestionPipeline(transformations=[
            SentenceSplitter(), SecureIngestion(guard), embed_model,
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

    def __init__(
        self,
        guard: Guard,
        *,
        injection_action: InjectionAction = "drop",
        mode: RedactionMode = "hash",
        **kwargs: Any,
    ) -> None:
        fields: dict[str, Any] = {
            "guard": check_guard(guard),
            "injection_action": check_action(injection_action),
            "mode": check_mode(mode),
        }
        super().__init__(**fields, **kwargs)

    @classmethod
    def class_name(cls) -> str:
        return "SecureIngestion"

    def __call__(self, nodes: Sequence[BaseNode], **kwargs: Any) -> Sequence[BaseNode]:
        batch = list(nodes)
        screened = self.guard.screen_documents(
            contents(batch),
            metadata=[n.metadata for n in batch],
            action=self.injection_action,
            redaction_mode=self.mode,
        )
        return rebuild(batch, screened)

    async def acall(self, nodes: Sequence[BaseNode], **kwargs: Any) -> Sequence[BaseNode]:
        batch = list(nodes)
        screened = await self.guard.ascreen_documents(
            contents(batch),
            metadata=[n.metadata for n in batch],
            action=self.injection_action,
            redaction_mode=self.mode,
        )
        return rebuild(batch, screened)
