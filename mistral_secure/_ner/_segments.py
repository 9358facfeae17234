"""Cutting a text into the pieces a model backend reads, and skipping those without names."""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["DEFAULT_MAX_CHARS", "batch_segments", "segments"]

DEFAULT_MAX_CHARS = 1000

# A name or a place starts with a capital in the Latin scripts; other scripts have no case,
# so a piece holding any of their letters needs a look too. All-lower-case Latin lines
# ("ok thanks, see you tomorrow") are skipped.
_MAY_NAME = re.compile(r"[A-Z\u00c0-\u00de\u0100-\u024f]|[^\x00-\u024f]")


def _cut(line: str, max_chars: int) -> list[tuple[int, str]]:
    """A long line cut at sentence ends, else at spaces, into pieces of at most max_chars."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(line) - start > max_chars:
        window = line[start : start + max_chars]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        if cut < max_chars // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = max_chars - 1
        out.append((start, line[start : start + cut + 1]))
        start += cut + 1
    out.append((start, line[start:]))
    return out


def segments(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[tuple[int, str]]:
    """``(offset, piece)`` of the pieces of ``text`` worth a model's look: whole lines,
    consecutive lines joined up to ``max_chars``, long lines cut at sentence ends."""
    out: list[tuple[int, str]] = []
    pending_start = -1
    pending_end = 0
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if len(line) > max_chars:
            if pending_start >= 0:
                out.append((pending_start, text[pending_start:pending_end]))
                pending_start = -1
            out.extend((pos + off, piece) for off, piece in _cut(line, max_chars))
        elif pending_start >= 0 and end - pending_start <= max_chars:
            pending_end = end
        else:
            if pending_start >= 0:
                out.append((pending_start, text[pending_start:pending_end]))
            pending_start, pending_end = pos, end
        pos = end + 1
    if pending_start >= 0:
        out.append((pending_start, text[pending_start:pending_end]))
    return [(off, piece) for off, piece in out if _MAY_NAME.search(piece)]


def batch_segments(
    texts: Sequence[str], max_chars: int = DEFAULT_MAX_CHARS
) -> list[tuple[int, int, str]]:
    """``(text index, offset, piece)`` for every piece of every text, in order."""
    return [
        (i, off, piece) for i, text in enumerate(texts) for off, piece in segments(text, max_chars)
    ]
