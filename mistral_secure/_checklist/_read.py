"""Reading a file as text: regular files only, any encoding, large files in windows.

A file is text when its first bytes have no NUL (or are UTF-16/UTF-32) and few control
characters, whatever its name. The encoding comes from a byte-order mark, then a declared
coding (PEP 263 ``# -*- coding: ... -*-`` or an XML declaration), then UTF-8, with
latin-1 as the fallback (it decodes any byte, and keys are ASCII). Files larger than
:data:`WHOLE_FILE_BYTES` are decoded incrementally and handed out as overlapping windows,
so memory stays bounded and nothing is skipped for its size.
"""

from __future__ import annotations

import bisect
import codecs
import itertools
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

__all__ = [
    "CONTEXT_CHARS",
    "OVERLAP_CHARS",
    "WHOLE_FILE_BYTES",
    "WINDOW_CHARS",
    "NotText",
    "Segment",
    "TextFile",
    "detect_encoding",
    "not_regular_reason",
    "open_text",
    "windows",
]

WHOLE_FILE_BYTES = 4_000_000  # read in one piece up to this size
WINDOW_CHARS = 1_000_000  # the part of the text each window of a large file owns
OVERLAP_CHARS = 65_536  # read past a window's end: the longest secret a boundary may cut
CONTEXT_CHARS = 1_024  # read before a window's start: context words before a key
_PROBE = 8192
_BLOCK = 1 << 20

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# PEP 263, on the first two lines; and <?xml ... encoding="..."?> on the first.
_CODING_RE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_XML_RE = re.compile(rb"^<\?xml[^>\n]{0,200}encoding=[\"']([-\w.]+)[\"']")
# Control bytes that do not occur in text (tab, newlines, form feed, escape do).
_CONTROL = bytes(b for b in range(32) if b not in (8, 9, 10, 11, 12, 13, 27)) + b"\x7f"
_FILE_KINDS = (
    (stat.S_ISFIFO, "named pipe (FIFO)"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISDIR, "directory"),
    (stat.S_ISLNK, "symlink (not followed)"),
)


class NotText(Exception):
    """The file is not read as text; ``reason`` says why (never file content)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def not_regular_reason(mode: int) -> str | None:
    """Why a file with this ``st_mode`` is never opened, or ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, reason in _FILE_KINDS:
        if test(mode):
            return f"not a regular file: {reason}" if "symlink" not in reason else reason
    return "not a regular file"


def _utf16_without_bom(head: bytes) -> str | None:
    sample = head[: len(head) & ~1][:4096]
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even_zero = sample[0::2].count(0)
    odd_zero = sample[1::2].count(0)
    if odd_zero >= 0.4 * pairs and even_zero <= 0.05 * pairs:
        return "utf-16-le"
    if even_zero >= 0.4 * pairs and odd_zero <= 0.05 * pairs:
        return "utf-16-be"
    return None


def _declared(head: bytes) -> str | None:
    lines = head.split(b"\n", 2)[:2]
    for line in lines:
        m = _CODING_RE.match(line)
        if m is not None:
            return _codec(m.group(1))
    m = _XML_RE.match(lines[0]) if lines else None
    return _codec(m.group(1)) if m is not None else None


def _codec(name: bytes) -> str | None:
    try:
        info = codecs.lookup(name.decode("ascii"))
    except (LookupError, UnicodeDecodeError):
        return None
    # A declaration is written in ASCII; an encoding that cannot hold it is a mistake.
    try:
        ok = "coding".encode(info.name) == b"coding"
    except (UnicodeError, LookupError):
        ok = False
    return info.name if ok and not info.name.startswith(("utf-16", "utf-32")) else None


def detect_encoding(head: bytes) -> str | None:
    """The encoding of a file that starts with ``head``, or ``None`` when it is binary.

    ``"utf-8"`` means "UTF-8, else latin-1" to the readers in this module.
    """
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if b"\0" in head:
        return _utf16_without_bom(head)
    if head and len(head.translate(None, _CONTROL)) < 0.9 * len(head):
        return None
    return _declared(head) or "utf-8"


class Segment:
    """A window of a file's text. Findings that start in ``text[lo:hi]`` belong to it.

    ``line``/``column`` locate ``text[0]`` in the file (1-based), so offsets in the
    window map back to file positions.
    """

    __slots__ = ("_starts", "column", "hi", "line", "lo", "text")

    def __init__(
        self, text: str, line: int = 1, column: int = 1, lo: int = 0, hi: int | None = None
    ) -> None:
        self.text = text
        self.line = line
        self.column = column
        self.lo = lo
        self.hi = len(text) if hi is None else hi
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    @property
    def whole(self) -> bool:
        """True when the window is the whole file."""
        return self.line == 1 and self.column == 1 and self.lo == 0 and self.hi == len(self.text)

    def owns(self, offset: int) -> bool:
        return self.lo <= offset < self.hi

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the file of ``text[offset]``."""
        index = bisect.bisect_right(self._starts, offset) - 1
        column = offset - self._starts[index] + 1
        if index == 0:
            column += self.column - 1
        return self.line + index, column

    def _end(self, index: int) -> int:
        starts = self._starts
        return starts[index + 1] - 1 if index + 1 < len(starts) else len(self.text)

    def lines(self) -> Iterator[tuple[int, int, str]]:
        """(line number, offset, text) of each line that starts in the owned part."""
        starts = self._starts
        for index in range(bisect.bisect_left(starts, self.lo), len(starts)):
            start = starts[index]
            if start >= self.hi:
                break
            yield self.line + index, start, self.text[start : self._end(index)].rstrip("\r")

    def line_text(self, line: int) -> str:
        """The text of file line ``line`` if this window holds its start, else ""."""
        index = line - self.line
        if not 0 <= index < len(self._starts) or (index == 0 and self.column != 1):
            return ""
        return self.text[self._starts[index] : self._end(index)].rstrip("\r")


@dataclass
class TextFile:
    """An open text file: its encoding and a way to walk its windows."""

    encoding: str
    size: int
    handle: BinaryIO
    head: bytes

    def read_all(self) -> str:
        """The whole text (for notebooks, which are parsed as one JSON document)."""
        return _decode(self.head + self.handle.read(), self.encoding)

    def segments(self) -> Iterator[Segment]:
        """The text as one segment, or as overlapping windows once it is larger than
        :data:`WHOLE_FILE_BYTES` (decided by what is read, not by a size that may change)."""
        chunks = self._chunks()
        first: list[str] = []
        size = 0
        for chunk in chunks:
            first.append(chunk)
            size += len(chunk)
            if size > WHOLE_FILE_BYTES:
                yield from windows(itertools.chain(first, chunks))
                return
        yield Segment("".join(first))

    def _chunks(self) -> Iterator[str]:
        name = self.encoding
        decoder = codecs.getincrementaldecoder(name)("strict" if name == "utf-8" else "replace")
        block = self.head
        while True:
            final = not block
            try:
                pending = decoder.getstate()[0]
                text = decoder.decode(block, final=final)
            except UnicodeDecodeError:
                # Not UTF-8 after all: the rest (and what was pending) is latin-1.
                decoder = codecs.getincrementaldecoder("latin-1")()
                text = decoder.decode(pending + block, final=final)
            if text:
                yield text
            if final:
                return
            block = self.handle.read(_BLOCK)


def _decode(data: bytes, encoding: str) -> str:
    if encoding == "utf-8":
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    return data.decode(encoding, "replace")


def windows(
    chunks: Iterable[str],
    *,
    window: int = WINDOW_CHARS,
    overlap: int = OVERLAP_CHARS,
    context: int = CONTEXT_CHARS,
) -> Iterator[Segment]:
    """Cut a stream of text into segments that own ``window`` characters each, and see
    ``context`` characters before and ``overlap`` after what they own. Every offset of
    the text is owned by exactly one segment."""
    buf = ""
    line, column = 1, 1  # position of buf[0] in the file
    lead = 0  # how much of buf is context before the owned part
    for chunk in chunks:
        buf += chunk
        while len(buf) >= lead + window + overlap:
            hi = lead + window
            yield Segment(buf[: hi + overlap], line, column, lead, hi)
            cut = max(0, hi - context)
            dropped = buf[:cut]
            newlines = dropped.count("\n")
            if newlines:
                line += newlines
                column = len(dropped) - dropped.rfind("\n")
            else:
                column += len(dropped)
            buf = buf[cut:]
            lead = hi - cut
    yield Segment(buf, line, column, lead, len(buf))


def open_text(path: str | os.PathLike[str]) -> TextFile:
    """Open ``path`` for reading as text; the caller closes ``handle``.

    Never opens a FIFO, device or socket (checked before and after opening, so a file
    swapped for a pipe in between cannot block the run). Raises :class:`NotText`.
    """
    try:
        before = os.lstat(path)
    except OSError as exc:
        raise NotText(f"unreadable: {exc.strerror or type(exc).__name__}") from None
    reason = not_regular_reason(before.st_mode)
    if reason is not None:
        raise NotText(reason)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise NotText(f"unreadable: {exc.strerror or type(exc).__name__}") from None
    try:
        info = os.fstat(fd)
        reason = not_regular_reason(info.st_mode)
        if reason is not None:
            raise NotText(reason)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    try:
        head = handle.read(_PROBE)
    except OSError as exc:
        handle.close()
        raise NotText(f"unreadable: {exc.strerror or type(exc).__name__}") from None
    encoding = detect_encoding(head)
    if encoding is None:
        handle.close()
        raise NotText("binary")
    return TextFile(encoding, info.st_size, handle, head)
