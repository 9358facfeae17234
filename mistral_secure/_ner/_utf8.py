"""A text and its UTF-8 bytes, with offsets mapped between the two.

The built-in rules scan bytes with RE2 (no re-encoding per call, and ``pos``/``endpos``
keep the whole text as context for ``^``, ``$`` and ``\\b``) and check candidates on the
str. The mapping is linear overall: each lookup walks from the nearest offset already
mapped.
"""

from __future__ import annotations

import bisect
from typing import Any

from re2 import _re2

__all__ = ["Utf8Text", "bytes_to_chars", "search_all"]

#: ``bytes_to_chars(data, start, end)``: how many characters ``data[start:end]`` holds.
bytes_to_chars = _bytes_to_chars = _re2.BytesToCharLen


class Utf8Text:
    """``text``, its bytes ``data``, and ``char(byte_offset)`` / ``byte(char_offset)``."""

    __slots__ = ("_byte", "_bytes", "_char", "_chars", "ascii", "data", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.ascii = text.isascii()
        # Lone surrogates (possible in a str, never in UTF-8) keep one code unit each.
        self.data = text.encode("utf-8", "surrogatepass")
        self._byte = self._char = 0  # the last offsets mapped: lookups mostly go forward
        self._bytes = [0]
        self._chars = [0]

    def char(self, offset: int) -> int:
        """The str offset of a byte offset that starts a character."""
        if self.ascii:
            return offset
        if offset >= self._byte:
            self._char += _bytes_to_chars(self.data, self._byte, offset)
            self._byte = offset
            if offset > self._bytes[-1] + 4096:
                self._bytes.append(offset)
                self._chars.append(self._char)
            return self._char
        bytes_, chars = self._bytes, self._chars
        i = bisect.bisect_right(bytes_, offset) - 1
        start = bytes_[i]
        if start == offset:
            return chars[i]
        result: int = chars[i] + _bytes_to_chars(self.data, start, offset)
        bytes_.insert(i + 1, offset)
        chars.insert(i + 1, result)
        return result

    def byte(self, offset: int, near_char: int, near_byte: int) -> int:
        """The byte offset of str offset ``offset``, from a known pair close to it."""
        if self.ascii:
            return offset
        if offset <= near_char:
            return near_byte - len(self.text[offset:near_char].encode("utf-8", "surrogatepass"))
        return near_byte + len(self.text[near_char:offset].encode("utf-8", "surrogatepass"))


def search_all(program: Any, anchor: Any, data: bytes) -> list[tuple[int, int]]:
    """Every non-overlapping match of a compiled RE2 program, as byte spans."""
    out = []
    pos = 0
    end = len(data)
    match = program.Match
    while pos <= end:
        span = match(anchor, data, pos, end)[0]
        start, stop = span
        if start < 0:
            break
        out.append(span)
        pos = stop if stop > start else stop + 1
    return out
