"""Where a stream may be cut: positions no continuation can turn into markup.

A cut is allowed after whitespace when nothing is open before it: no unmatched code-span
backtick run, no unmatched ``[``, no ``](`` destination without its ``)``, no ``<`` without
its ``>``, no PEM block without its end, no line that may be a reference definition or a
table header still waiting for its next line. The tracker only decides *where* to cut; what
the text is (code, HTML, a link) is decided by the parser on the text the reader gets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

__all__ = ["Tracker"]

# Tokens that change what is open. Python ``re``: a plain alternation, each branch a literal
# or a simple class, so matching is linear. Escapes are skipped, a run of them as one token
# (a forced cut's escaped text is read again, a token per character before).
_TOKEN = re.compile(r"`+|(?:\\[\s\S])+|\]\(|\[+|[\]<>()\n|]|-----BEGIN|-----END")
_FENCE = re.compile(r"[ \t>*+\-0-9.)]{0,12}(```+|~~~+)")
_DEF_LINE = re.compile(r"[ \t>*+\-0-9.)]{0,12}\[")
_HEAD: Final = 1024  # characters of a line kept across a cut (a fence closes on a short one)
_TAG_START: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/!?")


@dataclass(slots=True)
class Tracker:
    """Open constructs of the text scanned so far; positions are absolute stream offsets."""

    pos: int = 0  # absolute offset scanned up to
    line_start: int = 0  # absolute offset of the current line
    tick: int = 0  # length of the earliest unmatched backtick run
    tick_at: int = -1
    brackets: list[int] = field(default_factory=list)  # unmatched "[" positions
    paren: int = 0  # depth inside an open "](" destination
    paren_at: int = -1
    paren_opener: int = -1  # the "[" of the open destination's link
    lt_at: int = -1  # an open "<" that may start a tag or an autolink
    pem: bool = False
    fence: str = ""
    def_line: bool = False  # this line may be a reference definition
    def_next: bool = False  # the next line may hold a definition's destination
    pipe: int = 0  # lines to wait before a "|" line is known not to be a table header
    blank: bool = True  # the current line is blank so far
    line_pending: bool = True  # the current line's kind is not decided yet
    fence_line: bool = False  # a fence opens on this line: the rest of it may still undo that
    # The current line's text before the text now scanned (a segment cut inside the line
    # released it), its first ``_HEAD`` characters: the line's end is judged whole.
    head: str = ""

    def clear(self) -> bool:
        """Nothing is open at the scanned position."""
        return not (
            self.tick
            or self.brackets
            or self.paren
            or self.lt_at >= 0
            or self.pem
            or self.def_line
            or self.def_next
            or self.pipe
            or self.fence_line
        )

    def copy(self) -> Tracker:
        """An independent copy (``dataclasses.replace`` costs more, once per segment)."""
        other = Tracker.__new__(Tracker)
        for name in _FIELDS:
            setattr(other, name, getattr(self, name))
        other.brackets = list(self.brackets)
        return other

    def open_positions(self) -> list[tuple[int, str]]:
        """Open constructs as (position, kind): what a forced cut must neutralise."""
        out: list[tuple[int, str]] = []
        if self.tick:
            out.append((self.tick_at, "tick"))
        out.extend((at, "bracket") for at in self.brackets)
        if self.paren:
            out.append((self.paren_at, "paren"))
        if self.lt_at >= 0:
            out.append((self.lt_at, "lt"))
        return out

    def reset_inline(self) -> None:
        """A blank line or a forced cut: every inline construct is closed."""
        self.tick, self.tick_at = 0, -1
        self.brackets.clear()
        self.paren, self.paren_at = 0, -1
        self.lt_at = -1
        self.def_line = self.def_next = False
        self.pipe = 0

    def scan(self, text: str, base: int, upto: int, *, final: bool = False) -> bool:
        """Scan ``text`` (starting at absolute ``base``) up to absolute ``upto``.

        Returns False if the scan had to stop early: a line start whose kind (a fence, a
        possible definition) depends on characters not received yet.
        """
        i = self.pos - base
        end = upto - base
        while i < end:
            if self.line_pending and not self._decide_line(text, i, final=final):
                self.pos = base + i
                return False
            nl = text.find("\n", i, end)
            stop = end if nl < 0 else nl + 1
            self._tokens(text, i, stop if nl < 0 else nl, base)
            if nl >= 0:
                self._newline(text, nl, base)
            i = stop
        self.pos = upto
        return True

    def _tokens(self, text: str, i: int, end: int, base: int) -> None:
        if i < end and text[i:end].strip(" \t"):
            self.blank = False
        # In a fence the same tracking runs, line by line: the fence may be no fence for the
        # renderer (the parser decides), and a line's open tag or link must not be cut.
        for m in _TOKEN.finditer(text, i, end):
            tok = m.group()
            at = m.start()
            c = tok[0]
            if tok.startswith("-----"):
                self.pem = tok == "-----BEGIN"
                continue
            if c == "|":
                # Even in a code span: a delimiter row on the next line makes a table, whose
                # cells split the span.
                self.pipe = 2
                continue
            if c == "`":
                if self.lt_at >= 0:
                    continue
                if not self.tick:
                    self.tick, self.tick_at = len(tok), base + at
                elif self.tick == len(tok):
                    self.tick, self.tick_at = 0, -1
                continue
            if self.tick or c == "\\":
                continue
            if self.lt_at >= 0:
                if c == ">":
                    self.lt_at = -1
                continue
            if c == "<":
                if text[at + 1 : at + 2] in _TAG_START or at + 1 >= len(text):
                    self.lt_at = base + at
            elif self.paren:
                if c == "(":
                    self.paren += 1
                elif c == ")":
                    self.paren -= 1
                    if not self.paren:
                        self.paren_at = -1
            elif tok == "](":
                if self.brackets:
                    self.paren_opener = self.brackets.pop()
                    self.paren, self.paren_at = 1, base + at
            elif c == "[":
                self.brackets.extend(range(base + at, base + at + len(tok)))  # a run at once
            elif c == "]" and self.brackets:
                self.brackets.pop()

    def released(self, segment: str, start: int) -> None:
        """``segment``, scanned from absolute ``start``, leaves the text: keep what of the
        current line it holds (a cut is after whitespace, rarely at a line end)."""
        end = start + len(segment)
        if self.line_start >= end:
            self.head = ""
        elif self.line_start >= start:
            self.head = segment[self.line_start - start :][:_HEAD]
        elif len(self.head) < _HEAD:
            self.head = (self.head + segment)[:_HEAD]

    def _pem(self, line: str) -> None:
        if "-----BEGIN" in line:
            self.pem = "-----END" not in line[line.rfind("-----BEGIN") :]
        elif "-----END" in line:
            self.pem = False

    def _newline(self, text: str, at: int, base: int) -> None:
        start = self.line_start - base
        line = text[start:at] if start >= 0 else self.head + text[:at]
        self.head = ""
        if self.fence and self.fence_line and _not_a_fence(line, self.fence):
            # A backtick in a backtick fence's info string: no fence (CommonMark), its run
            # opens a code span that stays open past this line.
            self.fence = ""
        elif self.fence:
            if _closes(line, self.fence):
                self.fence = ""
            self.reset_inline()
        elif self.blank:
            self.reset_inline()
        else:
            if self.def_line:
                self.def_line = False
                self.def_next = line.rstrip().endswith("]:")
            elif self.def_next:
                self.def_next = False
            if self.pipe:
                self.pipe -= 1
        self.line_start = base + at + 1
        self.blank = True
        self.line_pending = True
        self.fence_line = False

    def _decide_line(self, text: str, i: int, *, final: bool) -> bool:
        """At a line start: does a fence open here, or a definition? False: not known yet."""
        if self.fence:
            self.line_pending = False
            return True
        j, n = i, len(text)
        while j < n and j - i < 12 and text[j] in " \t>*+-0123456789.)":
            j += 1
        if j >= n and not final:
            return False
        if j < n and text[j] in "`~":
            # The whole run is needed: "````" opens a fence "```" does not close.
            k = j
            while k < n and text[k] == text[j]:
                k += 1
            if k >= n and not final:
                return False
        self.line_pending = False
        m = _FENCE.match(text, i)
        if m and not (self.tick or self.brackets or self.lt_at >= 0 or self.paren):
            self.fence = m.group(1)
            self.fence_line = True
        elif m:
            # Blocks come before inline spans: the line may still open a fence that ends the
            # paragraph (and the open span), or not (a backtick later in the line): no cut
            # until the line is whole.
            self.fence_line = True
        elif _DEF_LINE.match(text, i):
            self.def_line = True
        return True


_FIELDS: Final = tuple(Tracker.__dataclass_fields__)


def _not_a_fence(line: str, fence: str) -> bool:
    at = line.find(fence)
    return fence[0] == "`" and at >= 0 and "`" in line[at + len(fence) :].lstrip("`")


def _closes(line: str, fence: str) -> bool:
    stripped = line.lstrip(" \t>*+-")
    run = len(stripped) - len(stripped.lstrip(fence[0]))
    return run >= len(fence) and not stripped[run:].strip()
