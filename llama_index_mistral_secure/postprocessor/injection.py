"""Indirect prompt-injection screening of retrieved nodes."""

from __future__ import annotations

from typing import Any

from llama_index.core.bridge.pydantic import Field
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import NodeWithScore, QueryBundle

from mistral_secure import Guard

from .._nodes import InjectionAction, check_action, check_guard, contents, rebuild_scored

__all__ = ["InjectionFilter"]


class InjectionFilter(BaseNodePostprocessor):
    """Screen retrieved nodes for instructions aimed at the model (indirect injection).

    ``action``: ``"drop"`` (default) removes the node; ``"neutralize"`` replaces the sentence
    holding each match with the policy's marker in a copy; ``"flag"`` keeps the node and adds
    ``metadata["mistral_secure_injection"] = {"action", "score", "rule_ids"}`` to a copy (hidden
    from the LLM and the embedding). Threshold, phrases and disabled rules come from
    ``guard.policy.injection``; the work is :meth:`~mistral_secure.Guard.screen_documents`, which
    writes one metadata-only audit record per query.
    """

    guard: Guard = Field(exclude=True)
    action: InjectionAction = Field(default="drop")

    def __init__(self, guard: Guard, *, action: InjectionAction = "drop", **kwargs: Any) -> None:
        fields: dict[str, Any] = {"guard": check_guard(guard), "action": check_action(action)}
        super().__init__(**fields, **kwargs)

    @classmethod
    def class_name(cls) -> str:
        return "InjectionFilter"

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        texts = contents([n.node for n in nodes])
        screened = self.guard.screen_documents(texts, action=self.action, redact=False)
        return rebuild_scored(nodes, screened)

    async def _apostprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        texts = contents([n.node for n in nodes])
        screened = await self.guard.ascreen_documents(texts, action=self.action, redact=False)
        return rebuild_scored(nodes, screened)
