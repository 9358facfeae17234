"""Document structure from a CommonMark parser: code, HTML, links, images, definitions.

The parser is pulldown-cmark (through ``pyromark``): CommonMark-compliant, GFM tables as an
option, linear time on any input, with the source range of every event. Ranges come in UTF-8
bytes; :class:`_Offsets` maps them to ``str`` indices.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass
from html import unescape as html_unescape
from typing import Any, Final

import cmarkgfm
import pyromark
import re2
from cmarkgfm.cmark import Options as cmarkgfm_options

__all__ = [
    "AUTOLINK",
    "CODE",
    "DEFINITION",
    "HTML_BLOCK",
    "HTML_INLINE",
    "IMAGE",
    "LINK",
    "ROW",
    "TEXT",
    "Item",
    "first_header_line",
    "has_table",
    "parse",
    "plain_table",
    "second_opinion_code_lines",
    "second_opinion_html_lines",
    "second_opinion_inline_lines",
    "second_opinion_table_rows",
]

LINK: Final = 0
IMAGE: Final = 1
AUTOLINK: Final = 2
HTML_INLINE: Final = 3
HTML_BLOCK: Final = 4
CODE: Final = 5
TEXT: Final = 6
DEFINITION: Final = 7
ROW: Final = 8  # a table's header or body row (GFM)

_TABLES: Final = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
_PLAIN: Final = pyromark.Options.ENABLE_STRIKETHROUGH
# A GFM delimiter row ("|---|:--:|", "--- | ---"), possibly inside quotes or list items.
_DELIMITER_ROW = re2.compile(r"(?m)^[ \t>]*\|?[ \t]*:?-+:?[ \t]*\|[ \t|:\-]*$|^[ \t>]*\|[ \t]*:?-+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


@dataclass(slots=True)
class Item:
    """One construct: ``start``/``end`` index the parsed text.

    ``label`` is the source range of a link's or image's text, ``url`` the destination as
    the renderer decoded it, ``block_end`` the end of the enclosing block (for text).
    """

    kind: int
    start: int
    end: int
    url: str = ""
    label: tuple[int, int] = (0, 0)
    link_type: str = ""


class _Offsets:
    """UTF-8 byte offsets of a text to ``str`` indices (identity for ASCII text)."""

    __slots__ = ("_bytes", "_chars", "_ends", "_runs", "_shifts", "ascii")

    def __init__(self, text: str) -> None:
        self.ascii = text.isascii()
        self._bytes: list[int] = []  # byte offset where each non-ASCII run starts
        self._chars: list[int] = []  # its char index
        self._ends: list[int] = []  # byte offset where it ends
        self._shifts: list[int] = []  # bytes minus chars up to its end
        self._runs: list[str] = []
        if not self.ascii:
            shift = 0
            for m in _NON_ASCII.finditer(text):
                run = m.group()
                self._bytes.append(m.start() + shift)
                self._chars.append(m.start())
                self._runs.append(run)
                shift += len(run.encode("utf-8")) - len(run)
                self._ends.append(m.end() + shift)
                self._shifts.append(shift)

    def __call__(self, offset: int) -> int:
        if self.ascii:
            return offset
        k = bisect.bisect_right(self._bytes, offset) - 1
        if k < 0:
            return offset
        if offset >= self._ends[k]:
            return offset - self._shifts[k]
        run, byte, char = self._runs[k], self._bytes[k], self._chars[k]
        consumed = 0
        for i, ch in enumerate(run):
            if consumed >= offset - byte:
                return char + i
            consumed += len(ch.encode("utf-8"))
        return char + len(run)


def has_table(text: str) -> bool:
    """Whether a GFM renderer may read a table in ``text`` (a delimiter row is present)."""
    return "|" in text and "-" in text and _has_delimiter_row(text)


# The last answer is kept (here and below): a segment's rounds and its context trim ask
# about the same text.
@functools.lru_cache(maxsize=1)
def _has_delimiter_row(text: str) -> bool:
    return _DELIMITER_ROW.search(text) is not None


def first_header_line(text: str) -> int:
    """The first line (0-based) a GFM renderer may read as a table header: the one before
    the first delimiter row (0 if none)."""
    m = _DELIMITER_ROW.search(text)
    return max(text.count("\n", 0, m.start()) - 1, 0) if m is not None else 0


# A table every GFM reader reads alike: from its header to the next blank line, every line
# starts with "|" at the margin and is printable ASCII (no tab, no Unicode space, no line end
# but "\n"), and the header starts the text or follows a blank line. No block can start at a
# "|", so no reader ends such a table before its blank line, and none reads one past it
# (tests/test_output_tables.py checks the readers agree on generated tables).
_PLAIN_ROWS = re.compile(r"\|[ -~]*(?:\n\|[ -~]*)*(?:\n\n|\n?\Z)")


@functools.lru_cache(maxsize=1)
def plain_table(text: str) -> bool:
    """Whether every table that may form in ``text`` is one that pulldown-cmark, cmark-gfm
    and markdown-it read alike (see ``_PLAIN_ROWS``)."""
    for m in _DELIMITER_ROW.finditer(text):
        delimiter = text.rfind("\n", 0, m.start() + 1) + 1
        if delimiter == 0:
            return False
        header = text.rfind("\n", 0, delimiter - 1) + 1
        if header and text[header - 2 : header] != "\n\n" and header != 1:
            return False  # the header may continue a paragraph
        if _PLAIN_ROWS.match(text, header) is None:
            return False
    return True


def parse(text: str, *, tables: bool, floor: int = 0) -> list[Item]:
    """The constructs of ``text`` that matter for safety, in document order.

    Constructs that end at or before ``floor`` are left out (definitions excepted).
    """
    offsets = _Offsets(text)
    items: list[Item] = []
    append = items.append
    stack: list[tuple[Item, list[int]]] = []  # open links/images and their children's ranges
    code_block = 0
    html_block: Item | None = None
    options = _TABLES if tables else _PLAIN
    ascii_text = offsets.ascii
    byte_floor = floor if ascii_text else len(text[:floor].encode("utf-8"))
    # The hot loop (a few events per line of every segment and its context): membership
    # tests on the one-key event dicts, most frequent kinds first.
    for event, rng in pyromark.events_with_range(text, options=options, merge_text=True):
        if ascii_text:
            end = rng["end"]
            if end <= floor:
                # A container's start and end events share its range: both are skipped.
                continue
            start = rng["start"]
        else:
            end = rng["end"]
            if end <= byte_floor:  # compared in bytes: no conversion for what is skipped
                continue
            start, end = offsets(rng["start"]), offsets(end)
        if stack:
            stack[-1][1].extend((start, end))
        if type(event) is not dict:
            continue  # "SoftBreak", "HardBreak", "Rule"
        data: Any = event
        if "Text" in data:
            if not code_block and html_block is None:
                append(Item(TEXT, start, end))
        elif "Start" in data:
            tag: Any = data["Start"]
            if type(tag) is dict:
                if "CodeBlock" in tag:
                    code_block += 1
                    append(Item(CODE, start, end, link_type="block"))
                elif "Link" in tag or "Image" in tag:
                    _start(tag, start, end, items, stack)
            elif tag == "HtmlBlock":
                html_block = Item(HTML_BLOCK, start, start)
                append(html_block)
            elif tag == "TableRow":
                append(Item(ROW, start, end))
            elif tag == "TableHead":
                append(Item(ROW, start, end, link_type="head"))
        elif "End" in data:
            tag = data["End"]  # the events are dicts of literals: compared as values
            if tag in ("Link", "Image") and stack:
                item, children = stack.pop()
                lead = 2 if item.kind == IMAGE else 1
                inner = [c for c in children if item.start < c < item.end]
                if inner:
                    item.label = (item.start + lead, max(inner))
                else:
                    item.label = (item.start + lead, item.start + lead)
            elif tag == "CodeBlock":
                code_block -= 1
            elif tag == "HtmlBlock":
                html_block = None
        elif "Code" in data:
            append(Item(CODE, start, end))
        elif "InlineHtml" in data:
            append(Item(HTML_INLINE, start, end))
        elif "Html" in data and html_block is not None:
            html_block.end = max(html_block.end, end)
    if "]:" in text:
        items.extend(_definitions(text, offsets, options))
    return items


def _start(tag: Any, start: int, end: int, items: list[Item], stack: list[Any]) -> None:
    if not isinstance(tag, dict):
        return
    for name in ("Link", "Image"):
        if name in tag:
            data = tag[name]
            link_type = data["link_type"]
            if link_type in ("Autolink", "Email"):
                url = data["dest_url"]
                if link_type == "Email" and not url.lower().startswith("mailto:"):
                    url = "mailto:" + url
                item = Item(AUTOLINK, start, end, url=url, link_type=link_type)
            else:
                kind = IMAGE if name == "Image" else LINK
                item = Item(kind, start, end, url=data["dest_url"], link_type=link_type)
            items.append(item)
            stack.append((item, []))


def second_opinion_code_lines(text: str) -> tuple[list[tuple[int, int]], set[int]]:
    """Lines (first, end) that markdown-it, a second CommonMark parser, reads as code content,
    and the lines where it opens a fence.

    Used where pulldown-cmark says "code" over text that would be neutralised otherwise:
    both must agree before such text is left as it is.
    """
    lines: list[tuple[int, int]] = []
    openers: set[int] = set()
    for token in _tokens(text):
        if token.map is None:
            continue
        if token.type == "fence":
            lines.append((token.map[0] + 1, token.map[1]))
            openers.add(token.map[0])
        elif token.type == "code_block":
            lines.append((token.map[0], token.map[1]))
    return lines, openers


def second_opinion_inline_lines(text: str) -> list[tuple[int, int]]:
    """Lines (first, end) of each paragraph or heading markdown-it reads: the text whose
    backticks it pairs together."""
    return [
        (token.map[0], token.map[1])
        for token in _tokens(text)
        if token.type == "inline" and token.map is not None
    ]


def second_opinion_html_lines(text: str) -> list[tuple[int, int]]:
    """Lines (first, end) that markdown-it reads as an HTML block."""
    return [
        (token.map[0], token.map[1])
        for token in _tokens(text)
        if token.type == "html_block" and token.map is not None
    ]


def second_opinion_table_rows(text: str) -> set[int]:
    """Lines (0-based) that markdown-it, with GFM tables, reads as a table's header or body
    row."""
    return {
        token.map[0]
        for token in _tokens(text, tables=True)
        if token.type == "tr_open" and token.map is not None
    }


_TR = re.compile(r'<tr data-sourcepos="(\d+):')


@functools.lru_cache(maxsize=1)
def reference_table_rows(text: str) -> frozenset[int]:
    """Lines (0-based) that cmark-gfm, with its table extension, reads as a table row (C,
    about 0.2 ms per 1 KB with its HTML; the last reading is reused)."""
    html = cmarkgfm.markdown_to_html_with_extensions(
        text, options=_CMARK_OPTIONS, extensions=["table"]
    )
    return frozenset(int(m.group(1)) - 1 for m in _TR.finditer(html))


_PRE = re.compile(r'<pre data-sourcepos="(\d+):(\d+)-(\d+):\d+"')


def reference_code_lines(text: str) -> tuple[set[int], set[int]]:
    """Lines (0-based) that cmark, the CommonMark reference implementation, reads as code
    content, and the lines where it opens a fence.

    A third opinion on code, in C (tens of microseconds per 4 KB): text kept verbatim as code
    must be code for every renderer, and cmark is the one most renderers derive from.
    """
    html = cmarkgfm.markdown_to_html(text, options=_CMARK_OPTIONS)
    if "<pre" not in html:
        return set(), set()
    lines = text.split("\n")
    code: set[int] = set()
    openers: set[int] = set()
    for m in _PRE.finditer(html):
        first, column, last = int(m.group(1)) - 1, int(m.group(2)) - 1, int(m.group(3)) - 1
        if first >= len(lines):
            continue
        last = min(last, len(lines) - 1)
        head = lines[first].encode("utf-8", "surrogatepass")[column:].decode("utf-8", "replace")
        fence = _FENCE_START.match(head)
        if fence is None:  # indented code: every line of it
            code.update(range(first, last + 1))
            continue
        openers.add(first)
        # Up to its closing line, as markdown-it's reading counts it.
        code.update(range(first + 1, last + 1))
    return code, openers


_FENCE_START = re.compile(r"`{3,}|~{3,}")
# Inline code in cmark's HTML (no raw HTML in safe mode: a "<" of the text is "&lt;").
_CODE_SPAN = re.compile(r"(?<!<pre>)<code>([^<]*)</code>")


def code_spans_agree(text: str, markup: re.Pattern[str]) -> bool:
    """Whether cmark, the reference implementation, reads as inline code every span of
    ``text`` that pulldown-cmark reads as code and that holds ``markup``.

    cmark pairs backticks differently from the spec after an unmatched backtick run (in
    "three backticks, `x`, then `<img ...>`" it reads the last span as raw HTML, where the
    spec and markdown-it read code): text kept verbatim because it is code must be code
    there too. Spans are compared by content.
    """
    ours: Counter[str] = Counter()
    for event in pyromark.events(text, options=_PLAIN):
        if type(event) is dict and "Code" in event:
            literal = event["Code"]
            if markup.search(literal) is not None:
                ours[literal] += 1
    if not ours:
        return True
    html = cmarkgfm.markdown_to_html(text, options=0)
    theirs = Counter(html_unescape(m.group(1)) for m in _CODE_SPAN.finditer(html))
    return not ours - theirs


# Without CMARK_OPT_UNSAFE cmark writes no raw HTML of the answer, so no text in it can pose as
# one of its ``<pre data-sourcepos>`` tags; code blocks are reported alike.
_CMARK_OPTIONS: Final = cmarkgfm_options.CMARK_OPT_SOURCEPOS


_SECOND: dict[bool, Any] = {}
# The second parser's last reading, per flavour: one text, several uses.
_LAST: dict[bool, tuple[str, list[Any]]] = {}


def _tokens(text: str, *, tables: bool = False) -> list[Any]:
    """markdown-it's block tokens of ``text`` (CommonMark, or with GFM tables); the last
    reading is reused."""
    last = _LAST.get(tables)
    if last is not None and last[0] == text and text:
        return last[1]
    tokens: list[Any] = _second(tables).parse(text)
    _LAST[tables] = (text, tokens)
    return tokens


def _second(tables: bool) -> Any:
    """The second parser, built on first use: most answers never need it."""
    md = _SECOND.get(tables)
    if md is None:
        from markdown_it import MarkdownIt

        # Block structure only: code, HTML block and table lines never depend on inline
        # parsing.
        md = MarkdownIt("commonmark", {"html": True}).disable("inline")
        if tables:
            md.enable("table")
        _SECOND[tables] = md
    return md


def _definitions(text: str, offsets: _Offsets, options: Any) -> list[Item]:
    out = []
    for entry in pyromark.reference_definitions(text, options=options).values():
        span = entry["span"]
        out.append(Item(DEFINITION, offsets(span["start"]), offsets(span["end"]), entry["dest"]))
    return out
