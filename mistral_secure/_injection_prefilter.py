"""Which injection rules can match a text: required literals of each rule, found in one pass.

Each rule's pattern is parsed once into clauses: sets of literal strings such that every
match of the rule contains at least one string of every clause ("ignore" or "disregard",
and "instructions" or "rules"). One RE2 ``Set`` of all the literals says which occur in a
text; a rule whose clauses are all met is a candidate, and only candidates are matched.

RE2's own ``FilteredRE2`` does the same with atoms, but its atom matcher runs with a fixed
8 MB budget: on text dense with trigger words its DFA cache thrashes (1 MB/s on 200 KB of
rule vocabulary). This one has the engine's memory budget, and on long text it is asked
window by window, so a rule is matched only where all its words occur within one
window, not anywhere in a long text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import re2

try:  # the regex parser of the standard library, which this reads patterns with
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_constants
    import sre_parse

__all__ = ["Clause", "Prefilter", "clauses"]

_MIN_LITERAL = 3  # shorter literals occur in almost every text: no use as a requirement
_MAX_CLAUSES = 3  # per rule: the most selective ones
_MAX_ALTERNATIVES = 64  # literals per clause; more is no longer selective
# RE2 syntax Python's parser does not know, read as a class that holds no literal.
_RE2_ONLY = (("\\pL", "\\w"), ("\\pN", "\\d"), ("\\PL", "\\W"), ("\\PN", "\\D"))

Clause = frozenset[str]


def _sequence(items: Any) -> list[Clause] | None:
    """Clauses of a concatenation: runs of literal characters, and every child's clauses."""
    found: list[Clause] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            literal = "".join(run)
            if len(literal) >= _MIN_LITERAL:
                found.append(frozenset({literal}))
            run.clear()

    for op, av in items:
        if op is sre_constants.LITERAL:
            run.append(chr(av))
            continue
        if op is _RUN:
            run.append(av)
            continue
        close_run()
        child = _node(op, av)
        if child:
            found.extend(child)
    close_run()
    return found or None


def _node(op: Any, av: Any) -> list[Clause] | None:
    """Clauses of one parsed node; None when a match of it may hold no literal at all."""
    if op is sre_constants.SUBPATTERN:
        return _sequence(av[-1])
    if op is sre_constants.ATOMIC_GROUP:
        return _sequence(av)
    if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
        low, _high, body = av
        return _sequence(body) if low >= 1 else None
    if op is sre_constants.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            best = _best(_sequence(branch))
            if best is None:
                return None  # one alternative needs no literal: the branch needs none
            union |= best
        if len(union) > _MAX_ALTERNATIVES:
            return None
        return [frozenset(union)]
    return None  # classes, anchors, any char: no literal required


def _best(found: list[Clause] | None) -> Clause | None:
    """The most selective clause: the longest shortest literal, then the fewest literals."""
    if not found:
        return None
    return max(found, key=lambda c: (min(map(len, c)), -len(c)))


class _Unsupported(Exception):
    """Syntax the quick reader leaves to Python's parser."""


class _Items(list[Any]):
    """A parsed sequence. Two are never equal, as two of ``sre_parse``'s are not: the branch
    prefix factoring below compares items, and groups and repeats must not match."""

    __hash__ = None

    def __eq__(self, other: object) -> bool:
        return self is other

    def __ne__(self, other: object) -> bool:
        return self is not other


# One token: a run of plain characters, an escape, a class, or one syntax character.
_TOKEN = re.compile(r"\(\?:|[^\\\[\](){}|*+?^$.]+|\\.|\[\^?\]?(?:\\.|[^\]\\])*\]|.", re.S)
_COUNT = re.compile(r"\{(\d*)(,(\d*))?\}")
_CONTROL = {"a": "\a", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_CATEGORY_ESCAPES = frozenset("dDsSwW")
_AT_ESCAPES = frozenset("AbBZ")
# A run of literal characters as one item (Python's parser has one LITERAL per character).
_RUN = object()
_REPEAT_OPS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)


def _quick_parse(pattern: str) -> _Items:
    """The tree ``sre_parse.parse`` builds, as far as ``_sequence`` reads it: literals,
    classes, groups, repeats, alternations with their common prefixes factored out and
    single-character ones made a class. Anything else raises ``_Unsupported``. About ten
    times faster: a run of plain characters is one token."""
    tokens = [m.group() for m in _TOKEN.finditer(pattern)]
    items, at = _quick_alternation(tokens, 0)
    if at != len(tokens):
        raise _Unsupported  # an unbalanced ")"
    return items


def _quick_alternation(tokens: list[str], at: int) -> tuple[_Items, int]:
    branches = []
    while True:
        branch, at = _quick_sequence(tokens, at)
        branches.append(branch)
        if at < len(tokens) and tokens[at] == "|":
            at += 1
            continue
        break
    if len(branches) == 1:
        return branches[0], at
    out = _Items()
    while True:  # a prefix every branch starts with moves out in front of the branch
        first = _head(branches[0])
        if first is None or not all(_head(b) == first for b in branches[1:]):
            break
        for branch in branches:
            _drop_head(branch)
        out.append(first)
    one_char = []
    for branch in branches:
        if len(branch) != 1:
            break
        op, av = branch[0]
        if op is sre_constants.LITERAL or (op is sre_constants.IN and av[0] != "^"):
            one_char.append(branch[0])
        else:
            break
    else:
        out.append((sre_constants.IN, ("|", *one_char)))
        return out, at
    out.append((sre_constants.BRANCH, (None, branches)))
    return out, at


def _head(items: _Items) -> Any:
    """The first item as Python's parser has it: a run's first character."""
    if not items:
        return None
    op, av = items[0]
    return (sre_constants.LITERAL, ord(av[0])) if op is _RUN else items[0]


def _drop_head(items: _Items) -> None:
    op, av = items[0]
    if op is _RUN and len(av) > 2:
        items[0] = (_RUN, av[1:])
    elif op is _RUN:
        items[0] = (sre_constants.LITERAL, ord(av[1]))
    else:
        del items[0]


def _quick_sequence(parts: list[str], at: int) -> tuple[_Items, int]:
    items = _Items()
    groups = 0  # (?:...) to unpack at the end
    end = len(parts)
    while at < end:
        part = parts[at]
        if part in ("|", ")"):
            break
        at += 1
        if part in ("(", "(?:"):
            if at < end and parts[at] == "?":
                raise _Unsupported  # flags, look-around, named groups
            body, at = _quick_alternation(parts, at)
            if at >= end or parts[at] != ")":
                raise _Unsupported
            at += 1
            group = None if part == "(?:" else 1  # any number: only None is read
            items.append((sre_constants.SUBPATTERN, (group, 0, 0, body)))
            groups += group is None
        elif part in "*+?" or (part == "{" and _quick_count(parts, at) is not None):
            if part == "{":
                low, high, at = _quick_count(parts, at)  # type: ignore[misc]
            else:
                low, high = {"*": (0, -1), "+": (1, -1), "?": (0, 1)}[part]
            op = sre_constants.MAX_REPEAT
            if at < end and parts[at] == "?":
                op = sre_constants.MIN_REPEAT
                at += 1
            if (at < end and parts[at] in "*+?") or not items:
                raise _Unsupported  # possessive, a repeat of a repeat, nothing to repeat
            last = items.pop()
            if last[0] in _REPEAT_OPS or last[0] is sre_constants.AT:
                raise _Unsupported
            if last[0] is _RUN:  # the repeat takes the run's last character
                rest = last[1][:-1]
                items.append((_RUN, rest) if len(rest) > 1 else (sre_constants.LITERAL, ord(rest)))
                last = (sre_constants.LITERAL, ord(last[1][-1]))
            # A repeated (?:...) is its content; a capturing group stays a group.
            plain = last[0] is sre_constants.SUBPATTERN and last[1][0] is None
            body = last[1][3] if plain else _Items([last])
            items.append((op, (low, high, body)))
        elif part == "{":
            items.append((sre_constants.LITERAL, ord("{")))
        elif part in "^$":
            items.append((sre_constants.AT, part))
        elif part == ".":
            items.append((sre_constants.ANY, None))
        elif part[0] == "\\":
            items.append(_quick_escape(part[1]))
        elif part[0] == "[" and len(part) > 1:
            items.append(_quick_class(part))
        else:  # a run of plain characters (or a lone "]" or "}")
            items.append((_RUN, part) if len(part) > 1 else (sre_constants.LITERAL, ord(part)))
    if groups:
        # Python unpacks a (?:...) not repeated into the sequence around it.
        spliced = _Items()
        for op, av in items:
            if op is sre_constants.SUBPATTERN and av[0] is None:
                spliced.extend(av[3])
            else:
                spliced.append((op, av))
        items = spliced
    return items, at


def _quick_count(tokens: list[str], at: int) -> tuple[int, int, int] | None:
    """``{m}``, ``{m,}``, ``{m,n}``, ``{,n}`` from the tokens after ``{``; None when they do
    not make one (Python then reads ``{`` as a literal)."""
    text = ""
    for index in range(at, min(at + 4, len(tokens))):
        text += tokens[index]
        if tokens[index] == "}":
            m = _COUNT.fullmatch("{" + text)
            if m is None or text == "}":
                return None
            low = int(m.group(1)) if m.group(1) else 0
            high = low if m.group(2) is None else int(m.group(3) or -1)
            if high != -1 and high < low:
                raise _Unsupported
            return low, high, index + 1
    return None


def _quick_escape(char: str) -> tuple[Any, Any]:
    if char in _CATEGORY_ESCAPES:
        return sre_constants.IN, ("\\" + char,)
    if char in _AT_ESCAPES:
        return sre_constants.AT, "\\" + char
    if char in _CONTROL:
        return sre_constants.LITERAL, ord(_CONTROL[char])
    if char.isascii() and char.isalnum():
        raise _Unsupported  # \x.., \u...., octal, group references, bad escapes
    return sre_constants.LITERAL, ord(char)


def _quick_class(token: str) -> tuple[Any, Any]:
    body = token[1:-1]
    negate = body.startswith("^")
    if negate:
        body = body[1:]
    single = body if len(body) == 1 else None
    if len(body) == 2 and body[0] == "\\" and not (body[1].isascii() and body[1].isalnum()):
        single = body[1]
    if single is not None:
        return (sre_constants.NOT_LITERAL if negate else sre_constants.LITERAL), ord(single)
    return sre_constants.IN, (("^",) if negate else ()) + (body,)


def clauses(pattern: str, ordinary: str = "", *, quick: bool = False) -> list[Clause] | None:
    """Clauses every match of ``pattern`` (RE2 syntax) satisfies, or None if none is known.

    A clause that ``ordinary`` text already meets (one of its literals occurs in it) is
    left out when another remains: every text would meet it, at a cost and for nothing.

    Sound by construction: a literal run, a repetition of at least one, a group, and an
    alternation whose every branch requires one of a set of literals; everything else
    (classes, optional parts, case-insensitive flags) requires nothing.

    ``quick`` reads the pattern with ``_quick_parse`` where it can (the built-in rules: the
    tests check it gives what Python's parser gives for each of them).
    """
    if "(?i" in pattern or "[:" in pattern or "\\Q" in pattern:
        # Case-insensitive literals, POSIX classes and quoting read differently in Python.
        return None
    source = pattern
    for re2_only, stand_in in _RE2_ONLY:
        source = source.replace(re2_only, stand_in)
    parsed: Any = None
    if quick:
        try:
            parsed = _quick_parse(source)
        except _Unsupported:
            parsed = None
    try:
        if parsed is None:
            parsed = sre_parse.parse(source)
    except (re.error, ValueError, OverflowError, RecursionError):
        return None  # syntax Python does not share: no requirement known
    found = set(_sequence(parsed) or ())
    if not found:
        return None
    rare = [c for c in found if not any(literal in ordinary for literal in c)]
    return sorted(rare or found, key=lambda c: (-min(map(len, c)), len(c)))[:_MAX_CLAUSES]


class Prefilter:
    """The candidate rules of a text, from the required literals of each rule."""

    def __init__(self, rules: Sequence[tuple[int, Sequence[Clause]]], options: Any) -> None:
        literals: dict[str, int] = {}
        # For each literal, the rules it meets a clause of, as (rule, clause bit).
        meets: list[list[tuple[int, int]]] = []
        self._needed: dict[int, int] = {}  # rule -> the bits of all its clauses
        for rule, rule_clauses in rules:
            self._needed[rule] = (1 << len(rule_clauses)) - 1
            for number, clause in enumerate(rule_clauses):
                for literal in clause:
                    index = literals.setdefault(literal, len(literals))
                    if index == len(meets):
                        meets.append([])
                    meets[index].append((rule, 1 << number))
        self._meets = tuple(tuple(m) for m in meets)
        literal_options = re2.Options()
        literal_options.max_mem = options.max_mem
        literal_options.literal = True
        self._set = re2.Set.SearchSet(literal_options)
        for literal in literals:
            self._set.Add(literal)
        self._set.Compile()
        self._match = self._set._set.Match

    @property
    def rules(self) -> frozenset[int]:
        """The rules this prefilter decides."""
        return frozenset(self._needed)

    def candidates(self, data: bytes) -> set[int]:
        """Rules whose every clause has a literal in ``data`` (UTF-8)."""
        found = self._match(data)
        if not found:
            return set()
        met: dict[int, int] = {}
        meets = self._meets
        for index in found:
            for rule, bit in meets[index]:
                met[rule] = met.get(rule, 0) | bit
        needed = self._needed
        return {rule for rule, bits in met.items() if bits == needed[rule]}
