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
        if len(run) >= _MIN_LITERAL:
            found.append(frozenset({"".join(run)}))
        run.clear()

    for op, av in items:
        if op is sre_constants.LITERAL:
            run.append(chr(av))
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


def clauses(pattern: str, ordinary: str = "") -> list[Clause] | None:
    """Clauses every match of ``pattern`` (RE2 syntax) satisfies, or None if none is known.

    A clause that ``ordinary`` text already meets (one of its literals occurs in it) is
    left out when another remains: every text would meet it, at a cost and for nothing.

    Sound by construction: a literal run, a repetition of at least one, a group, and an
    alternation whose every branch requires one of a set of literals; everything else
    (classes, optional parts, case-insensitive flags) requires nothing.
    """
    if "(?i" in pattern or "[:" in pattern or "\\Q" in pattern:
        # Case-insensitive literals, POSIX classes and quoting read differently in Python.
        return None
    source = pattern
    for re2_only, stand_in in _RE2_ONLY:
        source = source.replace(re2_only, stand_in)
    try:
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
