"""Suppression comments: ``# mistral-secure: ignore[MS101]`` on a line or the line before.

Only a real comment counts: in Python the tokenizer says what is a comment, elsewhere the
marker must follow a comment token (``#``, ``//``, ``--``, ``;``, ``/*``, ``<!--``) that
is outside quotes. A string literal that contains the marker silences nothing. Rule ids
or names that the checklist does not have are reported (MS001), not ignored.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ._rules import RULES, rule_by_id

__all__ = ["MARKER", "Suppressions", "parse_suppressions"]

MARKER = "mistral-secure:"
_SUPPRESS_RE = re.compile(r"mistral-secure:[ \t]*ignore(?:\[([^\]\n]*)\])?")
_ALL_RULES = frozenset(r.id for r in RULES)
_COMMENT_TOKENS = ("<!--", "/*", "//", "--", "#", ";", "%")
_QUOTES = "\"'`"


@dataclass
class Suppressions:
    """Line -> rule ids silenced there, and the unknown names met on the way."""

    by_line: dict[int, frozenset[str]] = field(default_factory=dict)
    unknown: list[tuple[int, int, str]] = field(default_factory=list)  # line, column, name

    def silences(self, rule_id: str, line: int) -> bool:
        return rule_id in self.by_line.get(line, ())

    def add(self, line: int, ids: frozenset[str]) -> None:
        self.by_line[line] = self.by_line.get(line, frozenset()) | ids


def _comment_start(line: str) -> int:
    """Offset where a comment starts in ``line`` (outside quotes), or -1."""
    quote = ""
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in _QUOTES and (i == 0 or not line[i - 1].isalnum()):
            quote = c
        else:
            for token in _COMMENT_TOKENS:
                if line.startswith(token, i) and (
                    token not in ("#", ";", "%", "--") or i == 0 or line[i - 1] in " \t"
                ):
                    return i
        i += 1
    return -1


def _generic_comments(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, int, str, bool]]:
    """(line, column, comment text, alone on its line) for comments holding the marker."""
    for lineno, line in lines:
        if MARKER not in line:
            continue
        start = _comment_start(line)
        if start < 0 or line.find(MARKER, start) < 0:
            continue
        yield lineno, start, line[start:], not line[:start].strip()


def _python_comments(text: str) -> Iterator[tuple[int, int, str, bool]] | None:
    found = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.COMMENT and MARKER in tok.string:
                alone = not tok.line[: tok.start[1]].strip()
                found.append((tok.start[0], tok.start[1], tok.string, alone))
    except (tokenize.TokenError, SyntaxError, ValueError):
        return None
    return iter(found)


def parse_suppressions(
    text: str, *, python: bool = False, lines: Iterable[tuple[int, str]] | None = None
) -> Suppressions:
    """The suppressions in ``text`` (or in ``lines``, (number, text) pairs of a window).

    With ``python=True`` the tokenizer finds the comments (falling back to the generic
    reader on code it cannot tokenize).
    """
    out = Suppressions()
    if MARKER not in text:
        return out
    comments = _python_comments(text) if python and lines is None else None
    if comments is None:
        pairs = lines if lines is not None else enumerate(text.splitlines(), start=1)
        comments = _generic_comments(pairs)
    for lineno, column, comment, alone in comments:
        for m in _SUPPRESS_RE.finditer(comment):
            ids = _ALL_RULES
            if m.group(1) is not None:
                known = set()
                for name in (s.strip() for s in m.group(1).split(",")):
                    if not name:
                        continue
                    try:
                        known.add(rule_by_id(name).id)
                    except ValueError:
                        out.unknown.append((lineno, column + m.start() + 1, name[:64]))
                ids = frozenset(known)
            out.add(lineno, ids)
            if alone:
                out.add(lineno + 1, ids)
    return out
