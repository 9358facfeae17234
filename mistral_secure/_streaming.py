"""Streaming output sanitization with a bounded hold-back buffer.

The stream runs the same segment engine as :meth:`OutputSanitizer.sanitize`, so for every
chunking ``"".join(sanitize_stream(chunks, s)) == s.sanitize("".join(chunks)).text``. Text is
released as soon as the segment holding it is complete (a line end with nothing open, or
``max_segment`` characters), so at most ``max_segment`` characters are held back.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import Any

from ._sanitize import OutputFinding, OutputSanitizer, _Engine

__all__ = ["StreamSanitizer", "asanitize_stream", "sanitize_stream"]


class StreamSanitizer:
    """Incremental sanitizer: ``feed()`` chunks, emit what it returns, then ``flush()``.

    ``max_holdback`` (default: the sanitizer's ``max_segment``) bounds the text held back; it
    can only be set on the sanitizer (``OutputSanitizer(max_segment=...)``) so that streamed
    and whole-text results stay identical.
    """

    __slots__ = ("_closed", "_engine", "sanitizer")

    def __init__(
        self, sanitizer: OutputSanitizer | None = None, *, max_holdback: int | None = None
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
        self.sanitizer = sanitizer
        self._engine = _Engine(sanitizer)
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
        """What was changed so far (offsets in the whole stream)."""
        return self._engine.findings

    @property
    def leaked(self) -> bool:
        """True once the canary or the system prompt showed up in the stream."""
        return any(f.kind.startswith("leak_") for f in self._engine.findings)

    def feed(self, chunk: str) -> str:
        """Add a chunk; return the sanitized text that is safe to emit now (may be "")."""
        if not isinstance(chunk, str):
            raise TypeError(f"stream chunks must be str, got {type(chunk).__name__}")
        if self._closed:
            raise RuntimeError("feed() after flush()")
        return self._engine.feed(chunk) if chunk else ""

    def flush(self) -> str:
        """End of stream: return the rest, sanitized."""
        if self._closed:
            return ""
        self._closed = True
        return self._engine.flush()

    def __repr__(self) -> str:
        return f"StreamSanitizer(buffered={self.buffered}, findings={len(self.findings)})"


def _stream(sanitizer: OutputSanitizer | None, options: dict[str, Any]) -> StreamSanitizer:
    if sanitizer is not None and options:
        raise TypeError("pass either a sanitizer or options, not both")
    return StreamSanitizer(sanitizer if sanitizer is not None else OutputSanitizer(**options))


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
