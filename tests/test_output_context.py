"""The short context a long block is read after (``_structure.short_context``).

A block over the engine's parse context (2,048 characters without a blank line) is read
after a short text that stands for it. What follows must read the same after it as after
the whole block: every link and image a renderer makes of the continuation must be there
after the short context too (the engine then judges it), and none may hide in code.
"""

from __future__ import annotations

import re

import pytest
from render_oracle import render

from mistral_secure._output._structure import short_context

_URL = re.compile(r'((?:href|src)="[^"]*)"')


def _urls(text: str) -> list[str]:
    """The URLs of links and images (which of the two each is), under CommonMark and the
    GFM-like preset."""
    return [f"{f} {url}" for f in ("commonmark", "gfm") for url in _URL.findall(render(text, f))]


# (released text of the block, what the next segments bring); each found by the long-block
# fuzz (seed 8201), in its smallest form.
CASES = {
    # The last line is spaces so far: the paragraph before it is still open, so an indented
    # line that follows is a lazy line of it, not indented code.
    "spaces-after-a-paragraph": ("A paragraph\n    ", "![a](https://evil.example/x.png)\n"),
    # A backtick run in a link's text that a later run closes makes it a code span, and the
    # link's opener an opener again.
    "link-undone-by-a-later-backtick-run": (
        "[a [`` b](x y) c](https://ok.example/) d ",
        "`` ](https://evil.example/)\n",
    ),
    # A line inside a code span begun on an earlier line: its closing backtick must not be
    # kept as written, where it would open a span.
    "line-inside-a-code-span": ("word `a\nb` ", "[x](https://evil.example/) `\n"),
    # "* " after a paragraph is its text until content follows, then a list item's marker:
    # the fence after it is in the item and ends with it.
    "list-marker-after-a-paragraph": (
        "A paragraph\n* ",
        "> q\n  ~~~\n  code\n1. [x](https://evil.example/)\n",
    ),
    # A table row is read cell by cell by a GFM reader: the paragraph's openers (a CommonMark
    # reader's, across rows) must not go into the row the text ends in.
    "table-row-keeps-its-cells": (
        "| a | b |\n|---|---|\n| `` x | y |\n| --> | \\`\\` ",
        "![&](https://evil.example/x.png)`` |\n",
    ),
    # ... but not where a code span begun on an earlier row runs into it: kept as written, its
    # closing backtick would open a span over the link that follows.
    "table-row-inside-a-code-span": (
        "| a | b |\n|---|---|\n| `x | y |\n| z` ",
        "[a](https://evil.example/) ` |\n",
    ),
    # A "]" after a backtick run no later run has closed yet: unless one does, it drops the
    # "[" below it, so the "![" under that is the opener a later "](" finds (seed 8401).
    "bracket-after-an-open-backtick-run": ("![[[`[]][", "]]](https://evil.example/x.png)\n"),
    # A last line of quote markers so far: text after it is a lazy line of the paragraph in
    # the nested quote before, which stays open (seeds 8401 and 8703).
    "quote-markers-after-a-nested-quote": (">\n>> [a\n> ", ")\n>> ](https://evil.example/)\n"),
    # A backtick run after an escaped backtick opens as it is, but closes a span as one
    # longer (no escape in code): the earlier run stays open (seed 8903, a table's text).
    "backtick-run-after-an-escaped-backtick": (
        "![```\\````[",
        "```](https://evil.example/x.png)\n",
    ),
    # An item whose first line is its marker only, then content, then a blank line: kept as
    # the marker line and the blank line, the item would begin with two blank lines and end
    # empty, so a fence at its content's indent opened outside it and held the rest as code
    # (seed 11401, an unclosed fence hid an <svg onload>).
    "blank-line-after-an-empty-item-line": (
        "2) \n   a\n   \n",
        "   ~~~\n   x\n- [a](https://evil.example/)\n",
    ),
    # A tight list item holds no paragraph block: the paragraph the text ends in starts
    # after the fence closed in the item, not on the item's first line, whose backtick run
    # the fence ended (seed 12101, a vbscript: link read as code).
    "paragraph-after-a-closed-fence-in-a-tight-item": (
        "- a `\n  ```\n  c\n  ```\n  b ",
        "[x](https://evil.example/) `\n",
    ),
}


# Where a short context would have to keep a construct's inside, none is given: the engine
# then escapes the rest of the answer.
NONE = {"table-row-inside-a-code-span"}


@pytest.mark.parametrize("name", list(CASES))
def test_what_follows_reads_the_same_after_the_short_context(name: str) -> None:
    released, more = CASES[name]
    assert _urls(released + more)  # the case means something: the whole text links
    header = released.find("\n| ") + 1 if released.startswith("|") else 0
    short = short_context(released, (0, header))  # a table keeps its header, as in the engine
    if name in NONE:
        assert short is None
        return
    assert short is not None
    assert _urls(short + more) == _urls(released + more)
