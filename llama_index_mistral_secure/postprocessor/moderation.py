"""Moderation of retrieved nodes, one API call per query."""

from __future__ import annotations

from typing import Any

from llama_index.core.bridge.pydantic import Field
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import NodeWithScore, QueryBundle

from mistral_secure import ConfigurationError, Guard

from .._nodes import check_guard, contents, rebuild_scored

__all__ = ["ModerationFilter"]


class ModerationFilter(BaseNodePostprocessor):
    """Moderate retrieved text and drop (or keep, under a ``flag`` policy) flagged nodes.

    All nodes of a query go to the moderation API in one batched call (cached by content
    hash in the guard's :class:`~mistral_secure.Moderator`). Blocking categories, the
    ``block``/``flag`` action and the outage behaviour come from ``guard.policy.moderation``:
    on an outage ``fail_closed`` raises :class:`~mistral_secure.ModerationUnavailable`,
    ``fail_open`` keeps every node and records the outage. The work is
    :meth:`~mistral_secure.Guard.screen_documents` with ``moderate=True``.
    """

    guard: Guard = Field(exclude=True)

    def __init__(self, guard: Guard, **kwargs: Any) -> None:
        checked = check_guard(guard)
        if checked.moderator is None:
            raise ConfigurationError(
                "ModerationFilter needs a guard with a moderator: Guard(moderator=Moderator(...))"
            )
        fields: dict[str, Any] = {"guard": checked}
        super().__init__(**fields, **kwargs)

    @classmethod
    def class_name(cls) -> str:
        return "ModerationFilter"

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        screened = self.guard.screen_documents(
            contents([n.node for n in nodes]), injection=False, redact=False, moderate=True
        )
        return rebuild_scored(nodes, screened)

    async def _apostprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        screened = await self.guard.ascreen_documents(
            contents([n.node for n in nodes]), injection=False, redact=False, moderate=True
        )
        return rebuild_scored(nodes, screened)
