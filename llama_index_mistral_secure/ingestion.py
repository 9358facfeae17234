"""Ingestion: redact and screen documents in an ``IngestionPipeline`` before they are embedded."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from llama_index.core.bridge.pydantic import Field
from llama_index.core.schema import BaseNode, TransformComponent

from mistral_secure._guard import Guard

from ._nodes import (
    InjectionAction,
    RedactionMode,
    ScreenTally,
    check_action,
    check_guard,
    check_mode,
    redact_node,
    screen_node,
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
    copied, never changed. One metadata-only audit record is written per batch.
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
        policy = self.guard.policy
        tally = ScreenTally("ingestion")
        counts: Counter[str] = Counter()
        out: list[BaseNode] = []
        for node in nodes:
            screened: BaseNode | None = node
            if policy.injection.enabled:
                screened = screen_node(node, self.guard, self.injection_action, tally)
            else:
                tally.items += 1
            if screened is None:
                continue
            if policy.redaction.enabled:
                screened = redact_node(screened, self.guard, self.mode, counts)
            out.append(screened)
        tally.entities = counts
        tally.emit()
        return out

    async def acall(self, nodes: Sequence[BaseNode], **kwargs: Any) -> Sequence[BaseNode]:
        # CPU-bound and linear-time: running inline is cheaper than a thread hop.
        return self(nodes, **kwargs)
