"""PII and secret redaction of retrieved nodes."""

from __future__ import annotations

from collections import Counter
from typing import Any

from llama_index.core.bridge.pydantic import Field
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import MetadataMode, NodeWithScore, QueryBundle

from mistral_secure._guard import Guard

from .._nodes import RedactionMode, ScreenTally, check_guard, check_mode, redact_node

__all__ = ["PIIRedactor"]


class PIIRedactor(BaseNodePostprocessor):
    """Redact PII and secrets in retrieved nodes before they reach the prompt.

    Unlike llama-index's ``PIINodePostprocessor``, no mapping from placeholder to value is
    ever stored (not in node metadata, not anywhere), and nodes are copied, so the
    docstore keeps the originals. Entity types and the allow-list come from
    ``guard.policy.redaction``.

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
        if not self.guard.policy.redaction.enabled:
            return list(nodes)
        tally = ScreenTally("node_redaction")
        counts: Counter[str] = Counter()
        out: list[NodeWithScore] = []
        for item in nodes:
            tally.items += 1
            tally.chars += len(item.node.get_content(metadata_mode=MetadataMode.NONE))
            node = redact_node(item.node, self.guard, self.mode, counts)
            out.append(item if node is item.node else NodeWithScore(node=node, score=item.score))
        tally.entities = counts
        tally.emit(outcome="redacted" if counts else "ok")
        return out

    async def _apostprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        # Pure CPU work in linear-time regexes: a thread hop would cost more than it saves.
        return self._postprocess_nodes(nodes, query_bundle)
