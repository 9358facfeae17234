"""Output safety: make a model's answer safe to render, whole or streamed.

One concept per module: ``_structure`` (document structure from a CommonMark parser),
``_urls`` (URL policy, WHATWG parsing), ``_html`` (raw HTML), ``_leaks`` (system-prompt and
secret leaks), ``_tracker`` and ``_engine`` (where a stream may be cut, and the segment
engine), ``_sanitizer`` and ``_stream`` (the public API).
"""

from __future__ import annotations

from ._engine import IMAGE_MARKER, LEAK_MARKER, REFERENCE_MARKER
from ._sanitizer import (
    DEFAULT_MAX_SEGMENT,
    OutputFinding,
    OutputSanitizer,
    SanitizedOutput,
    make_canary,
    sanitize_output,
)
from ._stream import StreamSanitizer, asanitize_stream, sanitize_stream

__all__ = [
    "DEFAULT_MAX_SEGMENT",
    "IMAGE_MARKER",
    "LEAK_MARKER",
    "REFERENCE_MARKER",
    "OutputFinding",
    "OutputSanitizer",
    "SanitizedOutput",
    "StreamSanitizer",
    "asanitize_stream",
    "make_canary",
    "sanitize_output",
    "sanitize_stream",
]
