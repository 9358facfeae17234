"""Hostile shapes of the output sanitizer's worst-case search: results only, no timing.

Each shape is also measured in ``benchmarks/bench_output.py`` (seconds per MB, memory); here
a smaller copy must come back safe under both renderers and with the expected edits, so a
change that makes a shape fast by skipping its work fails.
"""

from __future__ import annotations

import re

import pytest
from markdown_fuzz import HOSTS, SANITIZER
from render_oracle import render, unsafe_reasons

SIZE = 6_000

# Nested containers whose fences pulldown-cmark and markdown-it read differently: every
# segment asks the second parser about the whole block (the worst shape, ~35 s/MB).
NESTED_FENCES = "> - >```js\n    >`a\n"
NESTED_FENCES_TAGS = "> - >```js\n    ><img src=x onerror=alert(1)>\n"


def _repeat(unit: str) -> str:
    return unit * (SIZE // len(unit))


def test_nested_fences_with_backticks_escape_them() -> None:
    text = _repeat(NESTED_FENCES)
    out = SANITIZER.sanitize(text).text
    assert unsafe_reasons(out, HOSTS, HOSTS) == []
    # markdown-it reads most of those lines as a paragraph: their backticks would pair there.
    assert out.count(">\\`a\n") > text.count(">`a\n") // 2
    assert out.count("```js") == text.count("```js")  # the fences themselves stay


def test_nested_fences_with_tags_escape_them() -> None:
    text = _repeat(NESTED_FENCES_TAGS)
    out = SANITIZER.sanitize(text).text
    assert unsafe_reasons(out, HOSTS, HOSTS) == []
    assert "<img" not in out
    assert out.count("&lt;img") == text.count("<img")


@pytest.mark.parametrize(
    ("unit", "gone"),
    [
        # markdown-it runs a "<destination>" over a backslash-escaped line end.
        ("x [a](< javascript:x\\\nx>)\n\n", "[a]("),
        # Any whitespace before a definition's destination (U+2028 for markdown-it-py).
        ("[r]\n\n    code\n[r]:\u2028https\\://evil&#46;example/(x)\n\n", "]:\u2028"),
        # A "//" after a comma starts a URL for linkify-it, in a span a table splits.
        (
            "| a |\n|---|\n| `` x \\| data:text/html,//ok.example@evil.example/p \\|\n`` |\n\n",
            ",//",
        ),
    ],
    ids=["angle-destination", "definition-after-u2028", "slashes-after-comma"],
)
def test_repeated_fuzz_causes_stay_neutralised(unit: str, gone: str) -> None:
    text = _repeat(unit)
    out = SANITIZER.sanitize(text).text
    assert unsafe_reasons(out, HOSTS, HOSTS) == []
    assert gone not in out


# Steps of a how-to answer: fenced code in list items and in a quote inside them, where the
# second parser is asked about every segment holding a tag, a URL or a backtick.
STEP = (
    "{n}. Create `index.html` with:\n\n"
    "   ```html\n"
    '   <div class="card"><a href="https://ok.example/docs">docs</a></div>\n'
    '   <script src="//ok.example/app.js"></script>\n'
    "   ```\n\n"
    "   > Note: run `npm start`, then open http://localhost:3000/ and check the [console](x).\n"
    "   > ```sh\n"
    "   > curl -s https://ok.example/api/v1 | jq '.items[0]'\n"
    "   > ```\n\n"
)
_CODE = re.compile(r"```(?:html|sh)\n(.*?)```", re.S)


def test_nested_fences_run_out_the_second_parser_budget_and_escape_everything() -> None:
    # Long enough that the second parser's budget is spent: the stricter reading escapes
    # every backtick of the disputed lines (markdown-it would pair them in a paragraph).
    text = NESTED_FENCES * (60_000 // len(NESTED_FENCES))
    out = SANITIZER.sanitize(text).text
    assert unsafe_reasons(out, HOSTS, HOSTS) == []
    assert out.count(">\\`a\n") > text.count(">`a\n") * 9 // 10


def test_an_ordinary_answer_keeps_its_code_in_lists_and_quotes_verbatim() -> None:
    # 13 KB: the budget of the second parser covers an ordinary answer's code blocks.
    text = "".join(STEP.format(n=n) for n in range(1, 40))
    out = SANITIZER.sanitize(text).text
    assert unsafe_reasons(out, HOSTS, HOSTS) == []
    assert _CODE.findall(out) == _CODE.findall(text)
    assert "[console](x)" not in out  # the link outside code is still judged


# Sixth pass: GFM tables whose rows the readers take differently, every row in dispute.
DISPUTED_ROWS = "| `x` | <b>y</b> `<img src=x onerror=alert(1)>` |\n"


@pytest.mark.parametrize(
    "head",
    [
        "| a | b |\n|---|---|\n    `\n",  # markdown-it ends the table at the indented line
        "x `\n\u2028| a | b |\n|---|---|\n",  # only markdown-it reads a header after U+2028
    ],
    ids=["ended-by-indented-line", "header-after-u2028"],
)
def test_rows_in_dispute_read_as_text_both_ways(head: str) -> None:
    text = head + _repeat(DISPUTED_ROWS)
    out = SANITIZER.sanitize(text).text
    assert unsafe_reasons(out, HOSTS, HOSTS) == []
    assert "<img" not in out
    # Escaped, not dropped: every row keeps its words.
    assert out.count("x") >= text.count("`x`")


def test_a_long_plain_table_keeps_its_rows_and_its_header_across_the_context_trim() -> None:
    row = "| `a \\| b` | [docs](https://ok.example/d) |\n"
    text = "| a | b |\n|---|---|\n" + _repeat(row) + "| `<img src=x onerror=alert(1)> | ` |\n"
    out = SANITIZER.sanitize(text).text
    assert unsafe_reasons(out, HOSTS, HOSTS) == []
    assert out.startswith("| a | b |\n|---|---|\n" + _repeat(row))  # plain rows untouched
    assert "<img" not in out


# Tenth pass: markdown-it-py counts a tab after a list marker inside a quote from another column
# than the spec (cmark and pulldown-cmark agree with each other), so it reads the next quoted
# line into the item's paragraph, and pairs its backticks with the line's first run.
TABBED_ITEM = ">> -\t>``\n>>   >``<p style=x>``"


def test_a_code_span_that_markdown_it_pairs_otherwise_after_a_tabbed_item_is_escaped() -> None:
    assert unsafe_reasons(TABBED_ITEM, HOSTS, HOSTS)
    out = SANITIZER.sanitize(TABBED_ITEM).text
    assert unsafe_reasons(out, HOSTS, HOSTS) == []
    assert "<p" not in out


def test_a_tabbed_item_whose_code_spans_every_reader_pairs_alike_is_untouched() -> None:
    text = "> -\tRun `<div>` and `a//b` here,\n>   then `</div>`.\n"
    assert SANITIZER.sanitize(text).text == text


# A vertical tab around a "<destination>" is space for pulldown-cmark, not for markdown-it or
# cmark: they read no link, and the destination as written (entities kept) is an autolink,
# here with an empty host after its "@" (seed 10101).
@pytest.mark.parametrize(
    "answer", ["[a](<http://ok.example&quest;@>\v)", "[a](\v<http://ok.example&quest;@>)"]
)
def test_an_angle_destination_as_written_is_judged_too(answer: str) -> None:
    assert unsafe_reasons(answer, HOSTS, HOSTS)
    out = SANITIZER.sanitize(answer).text
    assert unsafe_reasons(out, HOSTS, HOSTS) == []
    assert "ok.example" not in out


# A line of form feeds or vertical tabs is blank to pulldown-cmark only: "+ \f" is an empty
# item to it and the next lines leave the list, while markdown-it and cmark read a lazy line
# and a fence in the item. As spaces, every reader reads the item as this parser does (seed
# 11401: after a long block's short context, a fence closed for markdown-it stayed open for
# the parser, and an <svg onload> after it was left as code).
@pytest.mark.parametrize("space", ["\f", "\v"])
def test_a_line_of_form_feeds_is_blank_to_every_reader(space: str) -> None:
    out = SANITIZER.sanitize(f"+ {space}\na\n").text
    assert space not in out
    assert render(out) == "<ul>\n<li></li>\n</ul>\n<p>a</p>\n"
