"""Node translation shared by the postprocessors and the ingestion transform.

Every decision is made by :meth:`mistral_secure.Guard.screen_documents`; this module only
turns nodes into texts and metadata, and the screened results back into nodes. Nodes are
never mutated: every change goes into a shallow copy with its own metadata dict, so the
docstore (and any other holder of the original) keeps the original node.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar, get_args

from llama_index.core.schema import BaseNode, MetadataMode, NodeWithScore

from mistral_secure import Guard, RedactionMode, ScreenAction, ScreenedDocument

__all__ = [
    "INJECTION_METADATA_KEY",
    "InjectionAction",
    "RedactionMode",
    "check_action",
    "check_guard",
    "check_mode",
    "contents",
    "rebuild",
    "rebuild_scored",
]

InjectionAction = ScreenAction
INJECTION_METADATA_KEY = "mistral_secure_injection"

_N = TypeVar("_N", bound=BaseNode)


def check_guard(guard: object) -> Guard:
    """``guard`` as a :class:`Guard`, or a TypeError."""
    if not isinstance(guard, Guard):
        raise TypeError(f"guard must be a mistral_secure.Guard, got {type(guard).__name__}")
    return guard


def check_action(action: object) -> InjectionAction:
    if action not in get_args(ScreenAction):
        raise ValueError(f"action must be one of {', '.join(get_args(ScreenAction))}")
    return action  # type: ignore[return-value]  # checked above


def check_mode(mode: object) -> RedactionMode:
    if mode not in get_args(RedactionMode):
        raise ValueError(f"redaction_mode must be one of {', '.join(get_args(RedactionMode))}")
    return mode  # type: ignore[return-value]  # checked above


def contents(nodes: Sequence[BaseNode]) -> list[str]:
    """The nodes' own text, without metadata."""
    return [node.get_content(metadata_mode=MetadataMode.NONE) for node in nodes]


def _rebuilt(node: _N, screened: ScreenedDocument) -> _N | None:
    if screened.text is None:
        return None
    flagged = screened.action == "flag"
    if not screened.changed and not flagged:
        return node
    clone = node.model_copy()
    metadata: dict[str, Any] = dict(
        screened.metadata if screened.metadata is not None else node.metadata
    )
    llm_hidden = list(node.excluded_llm_metadata_keys)
    embed_hidden = list(node.excluded_embed_metadata_keys)
    if flagged:
        metadata[INJECTION_METADATA_KEY] = screened.report()["injection"]
        # The flag is for the application, not for the model or the embedding.
        for keys in (llm_hidden, embed_hidden):
            if INJECTION_METADATA_KEY not in keys:
                keys.append(INJECTION_METADATA_KEY)
    # Assigned whole (the model may copy on assignment): the original keeps its own lists.
    clone.metadata = metadata
    clone.excluded_llm_metadata_keys = llm_hidden
    clone.excluded_embed_metadata_keys = embed_hidden
    if screened.changed:
        clone.set_content(screened.text)
    return clone


def rebuild(nodes: Sequence[_N], screened: Sequence[ScreenedDocument]) -> list[_N]:
    """The kept nodes: originals when unchanged, copies otherwise; dropped ones left out."""
    out: list[_N] = []
    for node, result in zip(nodes, screened, strict=True):
        rebuilt = _rebuilt(node, result)
        if rebuilt is not None:
            out.append(rebuilt)
    return out


def rebuild_scored(
    items: Sequence[NodeWithScore], screened: Sequence[ScreenedDocument]
) -> list[NodeWithScore]:
    """Like :func:`rebuild`, keeping each node's score."""
    out: list[NodeWithScore] = []
    for item, result in zip(items, screened, strict=True):
        node = _rebuilt(item.node, result)
        if node is None:
            continue
        out.append(item if node is item.node else NodeWithScore(node=node, score=item.score))
    return out
