"""The prefilter's quick pattern reader gives the required literals Python's parser gives:
for every built-in rule (the engine reads those with it on the first call), for tricky
syntax, and for generated patterns."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mistral_secure._injection import _ORDINARY_TEXT
from mistral_secure._injection_prefilter import (
    _quick_parse,
    _sequence,
    _Unsupported,
    clauses,
    sre_parse,
)
from mistral_secure._injection_rules import BUILTIN_RULES


def _reference(pattern: str) -> object:
    try:
        return _sequence(sre_parse.parse(pattern))
    except (re.error, ValueError, OverflowError, RecursionError):
        return "error"


@pytest.mark.parametrize("spec", BUILTIN_RULES, ids=lambda s: s.id)
def test_every_built_in_rule_reads_the_same_quickly(spec: object) -> None:
    pattern = spec.pattern  # type: ignore[attr-defined]
    assert clauses(pattern, _ORDINARY_TEXT, quick=True) == clauses(pattern, _ORDINARY_TEXT)
    assert clauses(pattern, quick=True) == clauses(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        "(?:ignore|ignoe|ignoer) all (?:rules|rule)",
        "(?:abc|abd|abe)xyz",
        "(?:a|b|[cd])xyz",
        "(?:a|[^b])hello",
        "(?:ab|ab)cde",
        "(?:abc|)def",
        "(?:[^a-z0-9]abc|[^a-z0-9]abd)",
        "(?:\\dabc|[\\d]abd)",
        "[x]yz[.]ab\\.cd",
        "[^x]yzw",
        "[[]abc",
        "a[[(]bcd",
        "(?:abc){2,3}def",
        "(abc)+def(?:ghi)*",
        "ab{2}cde",
        "ab{,3}cde",
        "ab{2,}cde",
        "ab{x}cde{}fg{",
        "ab{1,2}?cde+?fgh??",
        "x(?:hello|world)+y",
        "\\bsystem\\s+prompt\\b",
        "\\tab\\ncd\\.ef\\-gh",
        "^(?:a|b)$",
        "héllo wörld",
        "(?:(?:abc|abd)e|abf)",
        "abc)",
        "(?=abc)def",
        "(?i)abc",
        "\\x41bcd",
        "\\zabc",
        "*abc",
        "a**bc",
    ],
)
@pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")  # "[[" on purpose
def test_tricky_syntax_reads_the_same_or_is_left_to_python(pattern: str) -> None:
    try:
        quick = _sequence(_quick_parse(pattern))
    except _Unsupported:
        return
    assert quick == _reference(pattern)
    assert clauses(pattern, quick=True) == clauses(pattern)


_PIECES = st.sampled_from(
    [
        "a", "b", "ab", "abc", "ignore", "ignoe", "rules", " ", "-", ".", "\\.", "\\b",
        "\\s", "\\d", "[^a-z0-9]", "[x]", "[^x]", "[ab]", "^", "$", "*", "+", "?", "{2}",
        "{1,3}", "{,2}", "{", "}", "|", "(?:", "(", ")", "é",
    ]
)  # fmt: skip


@pytest.mark.filterwarnings("ignore:Possible nested set:FutureWarning")
@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=24).map("".join))
def test_generated_patterns_read_the_same_or_are_left_to_python(pattern: str) -> None:
    reference = _reference(pattern)
    try:
        quick = _sequence(_quick_parse(pattern))
    except _Unsupported:
        return
    if reference != "error":
        assert quick == reference, pattern
