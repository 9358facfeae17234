"""Node translation shared by the postprocessors and the ingestion transform.

Nodes are never mutated: every change goes into a shallow copy with its own metadata dict,
so the docstore (and any other holder of the original) keeps the original node.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from llama_index.core.schema import BaseNode, MetadataMode, NodeWithScore

from mistral_secure._audit import AuditRecord, emit_audit_record
from mistral_secure._guard import Guard
from mistral_secure._injection import InjectionVerdict, detect_injection, neutralize_injection
from mistral_secure._redaction import redact

__all__ = [
    "INJECTION_METADATA_KEY",
    "InjectionAction",
    "RedactionMode",
    "ScreenTally",
    "check_guard",
    "redact_node",
    "screen_node",
]

InjectionAction = Literal["drop", "neutralize", "flag"]
RedactionMode = Literal["replace", "mask", "hash"]
INJECTION_METADATA_KEY = "mistral_secure_injection"

_N = TypeVar("_N", bound=BaseNode)


def check_guard(guard: object) -> Guard:
    """``guard`` as a :class:`Guard`, or a TypeError."""
    if not isinstance(guard, Guard):
        raise TypeError(f"guard must be a mistral_secure.Guard, got {type(guard).__name__}")
    return guard


def _copy(node: _N, text: str | None, metadata: dict[str, object]) -> _N:
    clone = node.model_copy()
    clone.metadata = metadata
    clone.excluded_llm_metadata_keys = list(node.excluded_llm_metadata_keys)
    clone.excluded_embed_metadata_keys = list(node.excluded_embed_metadata_keys)
    if text is not None:
        clone.set_content(text)
    return clone


def redact_node(node: _N, guard: Guard, mode: RedactionMode, counts: Counter[str]) -> _N:
    """A copy of ``node`` with PII and secrets redacted in its text and string metadata.

    The redaction vault is dropped on the spot: nothing restorable is kept anywhere.
    """
    policy = guard.policy.redaction
    changed = False
    text = node.get_content(metadata_mode=MetadataMode.NONE)
    new_text: str | None = None
    if text:
        result = redact(text, entities=policy.entities, mode=mode, allow=policy.allow)
        if result.entities:
            new_text, changed = result.text, True
            counts.update(entity.type for entity in result.entities)
    metadata: dict[str, object] = {}
    for key, value in node.metadata.items():
        metadata[key] = value
        if isinstance(value, str) and value:
            result = redact(value, entities=policy.entities, mode=mode, allow=policy.allow)
            if result.entities:
                metadata[key], changed = result.text, True
                counts.update(entity.type for entity in result.entities)
    return _copy(node, new_text, metadata) if changed else node


@dataclass
class ScreenTally:
    """What one screening pass found, for its single audit record."""

    operation: str
    start: float = field(default_factory=time.perf_counter)
    items: int = 0
    chars: int = 0
    rule_ids: dict[str, None] = field(default_factory=dict)
    score: float | None = None
    hits: int = 0
    entities: Counter[str] = field(default_factory=Counter)
    flags: dict[str, None] = field(default_factory=dict)

    def verdict(self, verdict: InjectionVerdict) -> None:
        self.score = max(self.score or 0.0, verdict.score)
        if verdict.detected:
            self.hits += 1
            self.rule_ids.update(dict.fromkeys(verdict.rule_ids))

    def emit(self, outcome: str | None = None, error: str | None = None) -> None:
        emit_audit_record(
            AuditRecord(
                operation=self.operation,
                message_count=self.items,
                input_chars=self.chars,
                latency_ms=(time.perf_counter() - self.start) * 1000.0,
                injection_rule_ids=tuple(self.rule_ids)[:64],
                injection_score=self.score,
                entity_counts=dict(self.entities),
                moderation_flags=tuple(self.flags)[:32],
                error=error,
                outcome=outcome or ("flagged" if self.hits or self.flags else "ok"),
            )
        )


def screen_node(node: _N, guard: Guard, action: InjectionAction, tally: ScreenTally) -> _N | None:
    """Screen ``node``'s text for indirect prompt injection.

    Returns the node (unchanged when clean), a neutralized or flagged copy, or ``None``
    when it should be dropped.
    """
    policy = guard.policy.injection
    text = node.get_content(metadata_mode=MetadataMode.NONE)
    tally.items += 1
    tally.chars += len(text)
    if not text:
        return node
    verdict = detect_injection(
        text, threshold=policy.threshold, phrases=policy.phrases, disable=policy.disable
    )
    tally.verdict(verdict)
    if not verdict.detected:
        return node
    if action == "drop":
        return None
    if action == "neutralize":
        cleaned = neutralize_injection(text, verdict=verdict, marker=policy.marker)
        return _copy(node, cleaned, dict(node.metadata))
    flagged = _copy(node, None, dict(node.metadata))
    flagged.metadata[INJECTION_METADATA_KEY] = {
        "score": round(verdict.score, 3),
        "rule_ids": list(verdict.rule_ids),
    }
    # The flag is for the application, not for the model or the embedding.
    for keys in (flagged.excluded_llm_metadata_keys, flagged.excluded_embed_metadata_keys):
        if INJECTION_METADATA_KEY not in keys:
            keys.append(INJECTION_METADATA_KEY)
    return flagged


def rescore(nodes: Iterable[tuple[NodeWithScore, BaseNode | None]]) -> list[NodeWithScore]:
    """NodeWithScore wrappers around the screened nodes, dropping ``None``."""
    out: list[NodeWithScore] = []
    for original, node in nodes:
        if node is None:
            continue
        out.append(
            original if node is original.node else NodeWithScore(node=node, score=original.score)
        )
    return out


def check_action(action: object) -> InjectionAction:
    if action not in ("drop", "neutralize", "flag"):
        raise ValueError("action must be 'drop', 'neutralize' or 'flag'")
    return action


def check_mode(mode: object) -> RedactionMode:
    if mode not in ("replace", "mask", "hash"):
        raise ValueError("mode must be 'replace', 'mask' or 'hash'")
    return mode


def texts_of(nodes: Sequence[NodeWithScore]) -> list[str]:
    return [n.node.get_content(metadata_mode=MetadataMode.NONE) for n in nodes]
