"""``GuardedStream``: one guarded answer stream (sanitize, restore, moderate), chunk by chunk.

Two moderation modes (``policy.moderation.stream_mode``):

* ``background`` (default): sanitized text is released at once; at each sentence end (or
  every ``stream_interval`` characters) the answer so far is sent to moderation beside the
  stream, as asynchronous content filters do. When a check flags it, the stream is cut and
  ends with the refusal; text already released stays released.
* ``hold``: text is released only once moderation has passed the answer including it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import TYPE_CHECKING, Any

from ._exceptions import ContentFlagged
from ._flow import Ask, Audit, Flow, adrive, drive
from ._moderation import ModerationResult
from ._output import OutputFinding
from ._output._engine import Engine
from ._validate import text_with_replacements

if TYPE_CHECKING:
    from ._guard import Guard
    from ._redaction import Redaction
    from ._restore import Replacer

__all__ = ["GuardedStream"]

_SENTENCE_END = frozenset(".!?\n")
# Stream moderation looks at this many trailing characters: it bounds memory and call size.
_STREAM_WINDOW = 8_000
_POOL: concurrent.futures.ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> concurrent.futures.ThreadPoolExecutor:
    global _POOL  # noqa: PLW0603  # one lazily made pool for every sync stream
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = concurrent.futures.ThreadPoolExecutor(
                max_workers=4, thread_name_prefix="mistral-secure-stream-moderation"
            )
        return _POOL


class GuardedStream:
    """One guarded answer stream. Created by :meth:`Guard.stream_session`.

    ``feed``/``afeed`` return the text safe to emit now; ``flush``/``aflush`` the rest. Once
    moderation flags the answer, the session emits the refusal (or raises) and ignores
    further chunks (``stopped`` is true).
    """

    def __init__(self, guard: Guard, restore: Redaction | None) -> None:
        self._guard = guard
        restorer = guard._restorer(restore)
        self._shield: Replacer | None = None
        self._values: Replacer | None = None
        self._seen: Replacer | None = None
        if restorer is not None:
            self._shield = restorer.shield_stream()
            self._values = restorer.values_stream()
            self._seen = restorer.placeholders_stream()
        sanitizer = guard._sanitizer
        self._engine = (
            Engine(sanitizer, restorer.tokens if restorer is not None else None)
            if sanitizer is not None
            else None
        )
        policy = guard.policy.moderation
        self._moderating = guard.moderator is not None and policy.checks_output
        self._background = policy.stream_mode == "background"
        self._interval = policy.stream_interval
        self._checked = ""  # moderated text (tail window), as moderation saw it
        self._unchecked = ""  # released (background) or held (hold) text not yet moderated
        self._held = ""  # hold mode: sanitized text waiting for moderation (token form)
        self._running: list[Any] = []  # background checks in flight, oldest first
        self._audit = Audit("guard_stream")
        self._seen_findings = 0
        self.findings: list[OutputFinding] = []
        self.moderation: ModerationResult | None = None
        self.stopped = False
        self.refused = False

    def __repr__(self) -> str:
        return f"GuardedStream(stopped={self.stopped}, refused={self.refused})"

    # sanitization ---------------------------------------------------------------------------

    def _sanitize(self, chunk: str, final: bool) -> str:
        """Sanitized text (holding restore tokens) that may be released now."""
        text = chunk
        if self._shield is not None:
            text = self._shield.feed(chunk) if not final else self._shield.flush()
        engine = self._engine
        if engine is None:
            return text
        out = engine.feed(text) if text else ""
        if final:
            out += engine.flush()
        if len(engine.findings) > self._seen_findings:
            new = [
                OutputFinding(f.kind, f.detail, f.start, f.end)
                for f in engine.findings[self._seen_findings :]
            ]
            self._seen_findings = len(engine.findings)
            self.findings.extend(new)
            self._guard._count_findings(new, self._audit)
            self._guard._check_leak(new)
        return out

    def _user_view(self, text: str, final: bool) -> str:
        out = self._values.feed(text) if self._values is not None else text
        if final and self._values is not None:
            out += self._values.flush()
        self._audit.output_chars += len(out)
        return out

    def _moderation_view(self, text: str, final: bool) -> str:
        out = self._seen.feed(text) if self._seen is not None else text
        if final and self._seen is not None:
            out += self._seen.flush()
        return out

    # moderation -----------------------------------------------------------------------------

    def _due(self, seen: str, final: bool) -> bool:
        return bool(self._unchecked) and (
            final or len(self._unchecked) >= self._interval or any(c in seen for c in _SENTENCE_END)
        )

    def _window(self) -> str:
        text = (self._checked + self._unchecked)[-_STREAM_WINDOW:]
        self._checked, self._unchecked = text, ""
        return text

    def _check(self, text: str) -> Flow[ModerationResult]:
        moderator = self._guard.moderator
        assert moderator is not None
        result = yield from self._guard._moderation(
            Ask(moderator, texts=text), "output", self._audit
        )
        return result

    def _refuse(self, result: ModerationResult) -> str | None:
        """The refusal if the policy acts on ``result`` (raises under ``output_action=raise``)."""
        self.moderation = result
        acting = self._guard._blocking(result, "output", self._audit)
        if not acting:
            return None
        self._cancel()
        if self._guard.policy.moderation.output_action == "raise":
            raise ContentFlagged(categories=acting, stage="output")
        self.stopped = self.refused = True
        self._audit.outcome = "refused"
        self._held = ""
        refusal = self._guard.policy.moderation.refusal
        self._audit.output_chars += len(refusal)
        return refusal

    def _cancel(self) -> None:
        for running in self._running:
            running.cancel()
        self._running.clear()

    # driving --------------------------------------------------------------------------------

    def _step(self, chunk: str, final: bool) -> tuple[str, str | None]:
        """(text to release now, text to moderate now or None)."""
        if not final:
            chunk = text_with_replacements(chunk, "stream chunk")
            self._audit.input_chars += len(chunk)
        safe = self._sanitize(chunk, final)
        if not self._moderating:
            return self._user_view(safe, final), None
        seen = self._moderation_view(safe, final)
        self._unchecked += seen
        if self._background:
            out = self._user_view(safe, final)
            return out, (self._window() if self._due(seen, final) else None)
        self._held += safe
        if self._due(seen, final):
            return "", self._window()
        return (self._user_view("", final) if final else ""), None

    def _release_held(self, final: bool) -> str:
        held, self._held = self._held, ""
        return self._user_view(held, final)

    def feed(self, chunk: str) -> str:
        """Take the next chunk; return what is safe to emit now (often ``""``)."""
        if self.stopped:
            return ""
        try:
            out, ask = self._step(chunk, False)
            if self._background:
                refusal = self._collect(block=False)
                if refusal is not None:
                    return refusal
                if ask is not None:
                    self._running.append(_pool().submit(drive, self._check(ask)))
                return out
            if ask is None:
                return out
            refusal = self._refuse(drive(self._check(ask)))
            return refusal if refusal is not None else self._release_held(False)
        except BaseException as exc:
            self._fail(exc)
            raise

    async def afeed(self, chunk: str) -> str:
        """Async :meth:`feed`."""
        if self.stopped:
            return ""
        try:
            out, ask = self._step(chunk, False)
            if self._background:
                refusal = await self._acollect(block=False)
                if refusal is not None:
                    return refusal
                if ask is not None:
                    self._running.append(asyncio.ensure_future(adrive(self._check(ask))))
                return out
            if ask is None:
                return out
            refusal = self._refuse(await adrive(self._check(ask)))
            return refusal if refusal is not None else self._release_held(False)
        except BaseException as exc:
            self._fail(exc)
            raise

    def flush(self) -> str:
        """End of stream: return the remaining safe text and write the audit record."""
        if self.stopped:
            self.close()
            return ""
        try:
            out, ask = self._step("", True)
            if self._moderating:
                if self._background:
                    if ask is not None:
                        self._running.append(_pool().submit(drive, self._check(ask)))
                    refusal = self._collect(block=True)
                else:
                    refusal = self._refuse(drive(self._check(ask))) if ask is not None else None
                    out = out if refusal is not None else out + self._release_held(True)
                if refusal is not None:
                    out = refusal
        except BaseException as exc:
            self._fail(exc)
            raise
        self.stopped = True
        self.close()
        return out

    async def aflush(self) -> str:
        """Async :meth:`flush`."""
        if self.stopped:
            self.close()
            return ""
        try:
            out, ask = self._step("", True)
            if self._moderating:
                if self._background:
                    if ask is not None:
                        self._running.append(asyncio.ensure_future(adrive(self._check(ask))))
                    refusal = await self._acollect(block=True)
                else:
                    refusal = (
                        self._refuse(await adrive(self._check(ask))) if ask is not None else None
                    )
                    out = out if refusal is not None else out + self._release_held(True)
                if refusal is not None:
                    out = refusal
        except BaseException as exc:
            self._fail(exc)
            raise
        self.stopped = True
        self.close()
        return out

    def _collect(self, *, block: bool) -> str | None:
        """Judge finished background checks in order; the refusal if one flags."""
        while self._running:
            first = self._running[0]
            if not block and not first.done():
                return None
            result = first.result()
            self._running.pop(0)
            refusal = self._refuse(result)
            if refusal is not None:
                return refusal
        return None

    async def _acollect(self, *, block: bool) -> str | None:
        while self._running:
            first = self._running[0]
            if not block and not first.done():
                return None
            result = await first
            self._running.pop(0)
            refusal = self._refuse(result)
            if refusal is not None:
                return refusal
        return None

    def _fail(self, exc: BaseException) -> None:
        self.stopped = True
        self._cancel()
        self._audit.fail(exc)
        self._audit.emit()

    def close(self) -> None:
        """Write the audit record if not yet written (for abandoned streams)."""
        self._cancel()
        if not self._audit.emitted and not self.stopped:
            self._audit.outcome = "aborted"
        self._audit.emit()
