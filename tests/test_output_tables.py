"""GFM tables read by three parsers: where the sanitizer may skip markdown-it's reading.

``plain_table`` claims pulldown-cmark, cmark-gfm and markdown-it read the same table rows;
the sanitizer skips the slow second opinion (markdown-it-py) on such text. Checked here on
generated tables whose cells hold hostile inline markup.
"""

from __future__ import annotations

import random

from hypothesis import assume, given, settings
from hypothesis import strategies as hs
from markdown_fuzz import SANITIZER, check

from mistral_secure._output import _structure as st

CELL = hs.lists(
    hs.sampled_from([*" abc|`<>![]()-:*_\\#=~&;/", "<img src=x>", "](", "```", "    "]),
    max_size=12,
).map("".join)


def _row(cells: list[str]) -> str:
    return "|" + "|".join(cells) + "|"


@hs.composite
def tables(draw: hs.DrawFn) -> str:
    width = draw(hs.integers(1, 4))
    header = _row([draw(CELL.filter(lambda c: "|" not in c)) or "h" for _ in range(width)])
    delimiter = _row([draw(hs.sampled_from(["---", ":--", "--:", ":-:"])) for _ in range(width)])
    rows = [_row(draw(hs.lists(CELL, max_size=5))) for _ in range(draw(hs.integers(0, 6)))]
    before = draw(
        hs.sampled_from(
            ["", "text\n\n", "- item\n\n", "> quote\n\n", "<!--\n\n", "```\n\n", "<div>\n\n"]
        )
    )
    after = draw(hs.sampled_from(["", "\n", "\n\n", "\n\n    x\n", "\n\n\u2028| x |\n"]))
    return before + "\n".join([header, delimiter, *rows]) + after


def _rows(text: str) -> set[int]:
    newlines = [i for i, c in enumerate(text) if c == "\n"]
    return {
        sum(1 for n in newlines if n < item.start)
        for item in st.parse(text, tables=True)
        if item.kind == st.ROW
    }


@settings(max_examples=400, deadline=None)
@given(tables())
def test_plain_tables_are_read_alike_by_every_gfm_reader(text: str) -> None:
    # A header that is itself delimiter-like is not called plain (conservative).
    assume(st.plain_table(text))
    ours = _rows(text)
    assert ours == st.reference_table_rows(text) == st.second_opinion_table_rows(text)


def test_a_table_after_a_paragraph_line_or_a_unicode_space_is_not_plain() -> None:
    assert not st.plain_table("text\n| a |\n|---|\n| b |\n")
    assert not st.plain_table("| a |\n|---|\n\u2028| b |\n")
    assert not st.plain_table("| a |\n|---|\n    `\n")
    assert st.plain_table("| a |\n|---|\n| b |\n\n    `\n")
    assert st.plain_table("no table | here\n")


def test_a_code_span_in_a_row_after_a_long_table_is_not_split_into_a_live_tag() -> None:
    # The context kept for a long block is trimmed; a table's header must survive the trim,
    # or a GFM renderer splits at "|" a code span this parser read whole.
    rows = "| x | y |\n" * 400
    text = "| a | b |\n|---|---|\n" + rows + "| `<img src=x onerror=alert(1)> | ` |\n"
    assert check(text, random.Random(1)) == []
    out = SANITIZER.sanitize(text).text
    assert out.startswith("| a | b |\n|---|---|\n" + rows)  # the table itself is untouched


def test_rows_disputed_between_readers_are_text_both_ways() -> None:
    # pulldown-cmark keeps the last two lines in the table; markdown-it ends it at the
    # indented line, and its paragraph would hold a live tag.
    text = "a||\r-|-\r    `\n`|`<x onerror>`"
    out = SANITIZER.sanitize(text).text
    assert "<x" not in out
    assert check(text, random.Random(2)) == []
