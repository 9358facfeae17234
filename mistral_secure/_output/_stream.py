"""Streaming output sanitization: text is released as soon as no continuation can change it.

The stream runs the same engine as :meth:`OutputSanitizer.sanitize`, so for every chunking
``"".join(sanitize_stream(chunks, s)) == s.sanitize("".join(chunks)).text``. Only an open
construct is held back (a tag, a link or image, a code-span delimiter run, a possible table
header or definition, a value or leak that may still be arriving), and never more than
``max_segment`` characters.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .._validate import text_with_replacements
from ._engine import Engine
from ._sanitizer import OutputFinding, OutputSanitizer

if TYPE_CHECKING:
    from .._redaction import Redaction
    from .._restore import Replacer, Restorer

__all__ = ["StreamSanitizer", "asanitize_stream", "sanitize_stream"]


class StreamSanitizer:
    """Incremental sanitizer: ``feed()`` chunks, emit what it returns, then ``flush()``.

    ``max_holdback`` (default: the sanitizer's ``max_segment``) bounds the text held back; it
    can only be set on the sanitizer (``OutputSanitizer(max_segment=...)``) so that streamed
    and whole-text results stay identical. ``restore`` puts the user's values back, as
    :meth:`OutputSanitizer.sanitize` does.
    """

    __slots__ = (
        "_closed",
        "_engine",
        "_restorer",
        "_shield",
        "_shielded",
        "_shifts",
        "_token_ends",
        "_values",
        "sanitizer",
    )

    def __init__(
        self,
        sanitizer: OutputSanitizer | None = None,
        *,
        max_holdback: int | None = None,
        restore: Redaction | None = None,
    ) -> None:
        if sanitizer is not None and not isinstance(sanitizer, OutputSanitizer):
            raise TypeError(f"sanitizer must be an OutputSanitizer, got {type(sanitizer).__name__}")
        if sanitizer is None:
            sanitizer = (
                OutputSanitizer()
                if max_holdback is None
                else OutputSanitizer(max_segment=max_holdback)
            )
        elif max_holdback is not None and max_holdback != sanitizer.max_segment:
            raise ValueError("max_holdback must equal the sanitizer's max_segment")
        from .._restore import Restorer

        restorer = Restorer.of(restore)
        self.sanitizer = sanitizer
        self._engine = Engine(sanitizer, restorer.tokens if restorer is not None else None)
        self._shield: Replacer | None = None
        self._values: Replacer | None = None
        self._restorer: Restorer | None = restorer
        # Where each placeholder's token ends in the shielded stream, and how much longer
        # the stream as received is from there on: findings map back as in ``shield_map``.
        self._shielded = 0
        self._token_ends: list[int] = []
        self._shifts: list[int] = []
        if restorer is not None:
            self._shield = restorer.shield_stream()
            self._values = restorer.values_stream()
        self._closed = False

    @property
    def max_holdback(self) -> int:
        """The most characters ever held back between two ``feed()`` calls."""
        return self.sanitizer.max_segment

    @property
    def buffered(self) -> int:
        """Characters received but not yet released."""
        return self._engine.buffered

    @property
    def findings(self) -> list[OutputFinding]:
        """What was changed so far (offsets in the whole stream as received)."""
        back = self._received
        return [
            OutputFinding(f.kind, f.detail, back(f.start), back(f.end))
            for f in self._engine.findings
        ]

    def _received(self, offset: int) -> int:
        k = bisect_right(self._token_ends, offset) - 1
        return offset + (self._shifts[k] if k >= 0 else 0)

    def _shielded_chunk(self, chunk: str) -> str:
        """``chunk`` as the engine reads it (placeholders as tokens), noting each token."""
        if not chunk or self._restorer is None:
            return chunk
        restorer = self._restorer
        for m in restorer.tokens.finditer(chunk):
            shift = self._shifts[-1] if self._shifts else 0
            self._token_ends.append(self._shielded + m.end())
            self._shifts.append(shift + len(restorer.placeholders(m.group())) - len(m.group()))
        self._shielded += len(chunk)
        return chunk

    @property
    def leaked(self) -> bool:
        """True once the canary, the system prompt or a named secret showed up."""
        return any(f.kind.startswith("leak_") for f in self._engine.findings)

    def feed(self, chunk: str) -> str:
        """Add a chunk; return the sanitized text that is safe to emit now (may be "")."""
        if type(chunk) is not str or not chunk.isascii():
            chunk = text_with_replacements(chunk, "stream chunk")
        if self._closed:
            raise RuntimeError("feed() after flush()")
        if not chunk:
            return ""
        if self._shield is not None:
            chunk = self._shielded_chunk(self._shield.feed(chunk))
        out = self._engine.feed(chunk) if chunk else ""
        return self._values.feed(out) if self._values is not None and out else out

    def flush(self) -> str:
        """End of stream: return the rest, sanitized."""
        if self._closed:
            return ""
        self._closed = True
        out = ""
        if self._shield is not None:
            rest = self._shielded_chunk(self._shield.flush())
            out = self._engine.feed(rest) if rest else ""
        out += self._engine.flush()
        if self._values is not None:
            out = self._values.feed(out) + self._values.flush()
        return out

    def __repr__(self) -> str:
        return f"StreamSanitizer(buffered={self.buffered}, findings={len(self._engine.findings)})"


def _stream(sanitizer: OutputSanitizer | None, options: dict[str, Any]) -> StreamSanitizer:
    restore = options.pop("restore", None)
    if sanitizer is not None and options:
        raise TypeError("pass either a sanitizer or options, not both")
    return StreamSanitizer(
        sanitizer if sanitizer is not None else OutputSanitizer(**options), restore=restore
    )


def sanitize_stream(
    chunks: Iterable[str], sanitizer: OutputSanitizer | None = None, **options: Any
) -> Iterator[str]:
    """Sanitize a stream of text chunks; yields only non-empty pieces."""
    if isinstance(chunks, (str, bytes)):
        raise TypeError("chunks must be an iterable of str chunks, not a single str/bytes")
    stream = _stream(sanitizer, options)
    for chunk in chunks:
        if out := stream.feed(chunk):
            yield out
    if out := stream.flush():
        yield out


async def asanitize_stream(
    chunks: AsyncIterable[str], sanitizer: OutputSanitizer | None = None, **options: Any
) -> AsyncIterator[str]:
    """Async twin of :func:`sanitize_stream` for async generators."""
    if not hasattr(chunks, "__aiter__"):
        raise TypeError(f"chunks must be an async iterable, got {type(chunks).__name__}")
    stream = _stream(sanitizer, options)
    async for chunk in chunks:
        if out := stream.feed(chunk):
            yield out
    if out := stream.flush():
        yield out
