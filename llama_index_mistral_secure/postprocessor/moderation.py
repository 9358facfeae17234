"""Moderation of retrieved nodes, one API call per query."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from llama_index.core.bridge.pydantic import Field
from llama_index.core.postprocessor.types import BaseNodePostprocessor
from llama_index.core.schema import NodeWithScore, QueryBundle

from mistral_secure._exceptions import ConfigurationError, ModerationUnavailable
from mistral_secure._guard import Guard
from mistral_secure._moderation import ModerationResult, Moderator

from .._nodes import ScreenTally, check_guard, texts_of

__all__ = ["ModerationFilter"]


class ModerationFilter(BaseNodePostprocessor):
    """Moderate retrieved text and drop (or flag) nodes the policy blocks.

    All nodes of a query go to the moderation API in one batched call (cached by content
    hash in the guard's :class:`~mistral_secure.Moderator`). Blocking categories, the
    ``block``/``flag`` action and the outage behaviour come from ``guard.policy.moderation``:
    on an outage ``fail_closed`` raises :class:`~mistral_secure.ModerationUnavailable`,
    ``fail_open`` keeps every node and records the outage.
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

    @property
    def _moderator(self) -> Moderator:
        moderator = self.guard.moderator
        assert moderator is not None  # checked in __init__
        return moderator

    def _select(
        self, nodes: Sequence[NodeWithScore], result: ModerationResult | None, tally: ScreenTally
    ) -> list[NodeWithScore]:
        policy = self.guard.policy.moderation
        if result is None or result.outage:
            tally.flags["outage"] = None
            if policy.on_error == "fail_closed":
                tally.emit(outcome="blocked", error="ModerationUnavailable")
                raise ModerationUnavailable(cause="outage", stage="input")
            tally.emit(outcome="moderation_outage")
            return list(nodes)
        kept: list[NodeWithScore] = []
        for item, verdict in zip(nodes, result.results, strict=True):
            acting = [
                c
                for c in verdict.flagged_categories
                if policy.categories is None or c in policy.categories
            ]
            tally.flags.update(dict.fromkeys(verdict.flagged_categories))
            if acting and policy.action == "block":
                continue
            kept.append(item)
        tally.emit(outcome="blocked" if len(kept) < len(nodes) else None)
        return kept

    def _postprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        if not self.guard.policy.moderation.enabled or not nodes:
            return list(nodes)
        tally = ScreenTally("node_moderation")
        texts = texts_of(nodes)
        tally.items, tally.chars = len(texts), sum(map(len, texts))
        try:
            result: ModerationResult | None = self._moderator.moderate(texts)
        except ModerationUnavailable:
            result = None
        return self._select(nodes, result, tally)

    async def _apostprocess_nodes(
        self, nodes: list[NodeWithScore], query_bundle: QueryBundle | None = None
    ) -> list[NodeWithScore]:
        if not self.guard.policy.moderation.enabled or not nodes:
            return list(nodes)
        tally = ScreenTally("node_moderation")
        texts = texts_of(nodes)
        tally.items, tally.chars = len(texts), sum(map(len, texts))
        try:
            result: ModerationResult | None = await self._moderator.amoderate(texts)
        except ModerationUnavailable:
            result = None
        return self._select(nodes, result, tally)
