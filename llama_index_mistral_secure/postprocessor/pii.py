"""PII and secret redaction of retrieved nodes."""

from __future__ import annotations

from typing import Any

from llama_index.core.bridge.pydantic import Field
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import NodeWithScore, QueryBundle

from mistral_secure import Guard

from .._nodes import RedactionMode, check_guard, check_mode, contents, rebuild_scored

__all__ = ["PIIRedactor"]


class PIIRedactor(BaseNodePostprocessor):
    """Redact PII and secrets in retrieved nodes (text and string metadata values).

    Unlike llama-index's ``PIINodePostprocessor``, no mapping from placeholder to value is
    ever stored (not in node metadata, not anywhere), and nodes are copied, so the
    docstore keeps the originals. Entity types and the allow-list come from
    ``guard.policy.redaction``; the work is :meth:`~mistral_secure.Guard.screen_documents`.

    ``mode="hash"`` (default) writes ``<EMAIL_ADDRESS:3f9c01d2>``: distinct from the
    ``<EMAIL_ADDRESS_1>`` placeholders of the user's own question, so restoring the
    user's values in the answer can never put them where a document's value was.
    """

    guard: Guard = Field(exclude=True)
    mode: RedactionMode = Field(default="hash")

    def __init__(self, guard: Guard, *, mode: RedactionMode = "hash", **kwargs: Any) -> None:
        fields: dict[str, Any] = {"guard": check_guard(guard), "mode": check_mode(mode)}
        super().__init__(**fields, **kwargs)

    @classmethod
    def class_name(cls) -> str:
        return "PIIRedactor"

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        screened = self.guard.screen_documents(
            contents([n.node for n in nodes]),
            metadata=[n.node.metadata for n in nodes],
            injection=False,
            redaction_mode=self.mode,
        )
        return rebuild_scored(nodes, screened)

    async def _apostprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        screened = await self.guard.ascreen_documents(
            contents([n.node for n in nodes]),
            metadata=[n.node.metadata for n in nodes],
            injection=False,
            redaction_mode=self.mode,
        )
        return rebuild_scored(nodes, screened)
