"""``GuardedStream``: one guarded answer stream (sanitize, moderate, restore), chunk by chunk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._exceptions import ContentFlagged
from ._flow import Ask, Audit, Flow, adrive, drive
from ._moderation import ModerationResult
from ._redaction import Redaction
from ._output import OutputFinding
from ._output import StreamSanitizer
from ._validate import require_str

if TYPE_CHECKING:
    from ._guard import Guard

__all__ = ["GuardedStream"]

_SENTENCE_END = frozenset(".!?\n")
# Stream moderation looks at this many trailing characters: it bounds memory and call size.
_STREAM_WINDOW = 8_000


class GuardedStream:
    """One guarded answer stream. Created by :meth:`Guard.stream_session`.

    When output moderation is on, text is released only after moderation has passed the
    accumulated answer including it, at each sentence end or every
    ``policy.moderation.stream_interval`` characters. Once flagged, the session emits the
    refusal (or raises) and ignores further chunks (``stopped`` is true).
    """

    def __init__(self, guard: Guard, restore: Redaction | None) -> None:
        self._guard = guard
        self._shield, self._unshield = guard._restorers(restore)
        self._sanitizer = (
            StreamSanitizer(guard._sanitizer) if guard._sanitizer is not None else None
        )
        policy = guard.policy.moderation
        self._moderating = guard.moderator is not None and policy.checks_output
        self._interval = policy.stream_interval
        self._checked = ""  # moderated text (tail window), pre-restore
        self._pending = ""  # sanitized text waiting for moderation
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
        text = self._shield.flush() if final else self._shield.feed(chunk)
        sanitizer = self._sanitizer
        if sanitizer is not None:
            text = sanitizer.feed(text) if text else ""
            if final:
                text += sanitizer.flush()
            if len(sanitizer.findings) > self._seen_findings:
                new = sanitizer.findings[self._seen_findings :]
                self._seen_findings = len(sanitizer.findings)
                self.findings.extend(new)
                self._guard._count_findings(new, self._audit)
                self._guard._check_leak(new)
        return text

    def _release(self, text: str, final: bool) -> str:
        out = self._unshield.feed(text)
        if final:
            out += self._unshield.flush()
        self._audit.output_chars += len(out)
        return out

    # moderation -----------------------------------------------------------------------------

    def _judge(self, result: ModerationResult, final: bool) -> str:
        self.moderation = result
        acting = self._guard._blocking(result, "output", self._audit)
        if acting:
            if self._guard.policy.moderation.output_action == "raise":
                raise ContentFlagged(categories=acting, stage="output")
            self.stopped = self.refused = True
            self._audit.outcome = "refused"
            self._pending = ""
            refusal = self._guard.policy.moderation.refusal
            self._audit.output_chars += len(refusal)
            return refusal
        released = self._pending
        self._checked = (self._checked + released)[-_STREAM_WINDOW:]
        self._pending = ""
        return self._release(released, final)

    def _moderated(self, final: bool) -> Flow[str]:
        """Moderate the answer's tail with the pending text; release that text or refuse."""
        moderator = self._guard.moderator
        assert moderator is not None
        try:
            ask = Ask(moderator, texts=(self._checked + self._pending)[-_STREAM_WINDOW:])
            result = yield from self._guard._moderation(ask, "output", self._audit)
            out = self._judge(result, final)
        except BaseException as exc:
            self._fail(exc)
            raise
        return self._emit(out, final)

    # driving --------------------------------------------------------------------------------

    def _step(self, chunk: str, final: bool) -> str | None:
        """Sanitize a chunk (or the end): the text to emit now, ``None`` if moderation is due."""
        if self.stopped:
            if final:
                self.close()
            return ""
        try:
            if not final:
                require_str(chunk, "stream chunk")
                self._audit.input_chars += len(chunk)
            safe = self._sanitize(chunk, final)
            if not self._moderating:
                out = self._release(safe, final)
            else:
                self._pending += safe
                # Without a sentence end, earlier pending text would have been moderated.
                if self._pending and (
                    final
                    or len(self._pending) >= self._interval
                    or any(c in safe for c in _SENTENCE_END)
                ):
                    return None
                out = self._release("", final) if final else ""
        except BaseException as exc:
            self._fail(exc)
            raise
        return self._emit(out, final)

    def _fail(self, exc: BaseException) -> None:
        self.stopped = True
        self._audit.fail(exc)
        self._audit.emit()

    def _emit(self, out: str, final: bool) -> str:
        """``out``; at the end of the stream, the session is closed first."""
        if final:
            self.stopped = True
            self.close()
        return out

    def feed(self, chunk: str) -> str:
        """Take the next chunk; return what is safe to emit now (often ``""``)."""
        out = self._step(chunk, False)
        return drive(self._moderated(False)) if out is None else out

    async def afeed(self, chunk: str) -> str:
        """Async :meth:`feed`."""
        out = self._step(chunk, False)
        return await adrive(self._moderated(False)) if out is None else out

    def flush(self) -> str:
        """End of stream: return the remaining safe text and write the audit record."""
        out = self._step("", True)
        return drive(self._moderated(True)) if out is None else out

    async def aflush(self) -> str:
        """Async :meth:`flush`."""
        out = self._step("", True)
        return await adrive(self._moderated(True)) if out is None else out

    def close(self) -> None:
        """Write the audit record if not yet written (for abandoned streams)."""
        if not self._audit.emitted and not self.stopped:
            self._audit.outcome = "aborted"
        self._audit.emit()
