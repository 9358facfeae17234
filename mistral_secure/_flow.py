"""One check, written once for sync and async: a generator "flow" plus its audit record.

A flow does all the CPU work of a check and yields the one moderation call it needs
(:class:`Ask`), receiving the result. :func:`drive` makes that call with the blocking client,
:func:`adrive` awaits it. Anything the call raises, cancellation included, is raised inside the
flow where it yielded, so the flow's :class:`Audit` sees it.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import TypeVar

from ._audit import AuditRecord, emit_audit_record
from ._exceptions import GuardBlocked
from ._injection import InjectionVerdict
from ._moderation import ModerationResult, Moderator

__all__ = ["Ask", "Audit", "Flow", "adrive", "aresume", "drive", "resume"]

# -- audit -----------------------------------------------------------------------------------


@dataclass
class Audit:
    """Collects one check's metadata; :meth:`emit` writes the single record."""

    operation: str
    start: float = field(default_factory=time.perf_counter)
    message_count: int = 0
    input_chars: int = 0
    output_chars: int = 0
    rule_ids: tuple[str, ...] = ()
    score: float | None = None
    entities: Counter[str] = field(default_factory=Counter)
    moderation_flags: list[str] = field(default_factory=list)
    outcome: str = "ok"
    blocked: bool = False
    block_reason: str | None = None
    error: str | None = None
    emitted: bool = False

    def verdict(self, verdict: InjectionVerdict) -> None:
        self.rule_ids = tuple(dict.fromkeys((*self.rule_ids, *verdict.rule_ids)))
        self.score = max(self.score or 0.0, verdict.score)

    def fail(self, exc: BaseException) -> None:
        if isinstance(exc, GuardBlocked):
            self.blocked, self.block_reason, self.outcome = True, exc.reason, "blocked"
        else:
            self.outcome = "error"
        self.error = type(exc).__name__

    def emit(self) -> None:
        if self.emitted:
            return
        self.emitted = True
        emit_audit_record(
            AuditRecord(
                operation=self.operation,
                message_count=self.message_count,
                input_chars=self.input_chars,
                output_chars=self.output_chars,
                latency_ms=(time.perf_counter() - self.start) * 1000.0,
                injection_rule_ids=self.rule_ids[:64],
                injection_score=self.score,
                entity_counts=dict(self.entities),
                moderation_flags=tuple(dict.fromkeys(self.moderation_flags))[:32],
                blocked=self.blocked,
                block_reason=self.block_reason,
                error=self.error,
                outcome=self.outcome,
            )
        )

    def __enter__(self) -> Audit:
        return self

    def __exit__(self, kind: object, exc: BaseException | None, traceback: object) -> None:
        if exc is not None:
            self.fail(exc)
        self.emit()


# -- moderation flows ------------------------------------------------------------------------
#
# Each check is written once, as a generator (a "flow") that does all the CPU work and
# yields the one moderation call it needs, receiving the result. ``drive`` makes that call
# with the blocking client, ``adrive`` awaits it. Anything the call raises, cancellation
# included, is raised inside the flow where it yielded, so the flow's audit record sees it.


@dataclass(frozen=True, slots=True)
class Ask:
    """A moderation call a flow needs: ``texts``, or the conversation ``chat``."""

    moderator: Moderator
    texts: str | list[str] = ""
    chat: list[dict[str, str]] | None = None

    def call(self) -> ModerationResult:
        if self.chat is not None:
            return self.moderator.moderate_chat(self.chat)
        return self.moderator.moderate(self.texts)

    async def acall(self) -> ModerationResult:
        if self.chat is not None:
            return await self.moderator.amoderate_chat(self.chat)
        return await self.moderator.amoderate(self.texts)


_T = TypeVar("_T")
Flow = Generator[Ask, ModerationResult, _T]


def drive(flow: Flow[_T]) -> _T:
    """Run ``flow`` to its end, making its moderation calls synchronously."""
    try:
        ask = next(flow)
    except StopIteration as done:
        value: _T = done.value
        return value
    return resume(flow, ask)


def resume(flow: Flow[_T], ask: Ask) -> _T:
    """Run ``flow`` to its end from its pending ``ask``, synchronously."""
    try:
        while True:
            try:
                result = ask.call()
            except BaseException as exc:
                ask = flow.throw(exc)
            else:
                ask = flow.send(result)
    except StopIteration as done:
        value: _T = done.value
        return value


async def adrive(flow: Flow[_T]) -> _T:
    """Run ``flow`` to its end, awaiting its moderation calls."""
    try:
        ask = next(flow)
    except StopIteration as done:
        value: _T = done.value
        return value
    return await aresume(flow, ask)


async def aresume(flow: Flow[_T], ask: Ask) -> _T:
    """Run ``flow`` to its end from its pending ``ask``, awaiting its moderation calls."""
    try:
        while True:
            try:
                result = await ask.acall()
            except BaseException as exc:
                ask = flow.throw(exc)
            else:
                ask = flow.send(result)
    except StopIteration as done:
        value: _T = done.value
        return value
