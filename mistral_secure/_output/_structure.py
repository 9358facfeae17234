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
from collections.abc import Iterable
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
    "TABBED_ITEM",
    "TEXT",
    "Item",
    "escaped",
    "first_header_line",
    "has_table",
    "parse",
    "plain_table",
    "second_opinion_code_lines",
    "second_opinion_code_spans_agree",
    "second_opinion_html_lines",
    "second_opinion_inline_lines",
    "second_opinion_table_rows",
    "short_context",
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
    ours = _code_literals(text, markup)
    if not ours:
        return True
    html = cmarkgfm.markdown_to_html(text, options=0)
    theirs = Counter(html_unescape(m.group(1)) for m in _CODE_SPAN.finditer(html))
    return not ours - theirs


# A list marker followed by a tab inside a quote ("> > -\t> a"): markdown-it-py counts the
# tab's columns from another offset than the spec, so the item's next lines, and the paragraph
# whose backticks it pairs, may end elsewhere for it than for pulldown-cmark and cmark.
TABBED_ITEM: Final = re.compile(r"(?m)^[ \t>]*>[ \t>]*(?:[*+\-]|[0-9]{1,9}[.)])\t")


def second_opinion_code_spans_agree(text: str, markup: re.Pattern[str], base: int = 0) -> bool:
    """Whether markdown-it reads as inline code every span of ``text`` that pulldown-cmark
    reads as code, that holds ``markup`` and that ends past ``base`` (compared by content,
    as in :func:`code_spans_agree`). Used where its block structure may differ
    (``TABBED_ITEM``): its block reading (shared with the other opinions) gives the
    paragraphs, and only those past ``base`` holding a backtick and ``markup`` are read
    inline."""
    ours = _code_literals(text, markup, base)
    if not ours:
        return True
    inline = _inline_reader()
    first = text.count("\n", 0, base)
    theirs: Counter[str] = Counter()
    for token in _tokens(text):
        if token.type != "inline" or token.map is None or token.map[1] <= first:
            continue
        if "`" not in token.content or markup.search(token.content) is None:
            continue
        for parsed in inline.parseInline(token.content):
            for child in parsed.children or ():
                if child.type == "code_inline":
                    theirs[child.content] += 1
    return not ours - theirs


@functools.lru_cache(maxsize=1)
def _inline_reader() -> Any:
    """markdown-it (CommonMark, raw HTML on) for a paragraph's inline content."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True})


def _code_literals(text: str, markup: re.Pattern[str], base: int = 0) -> Counter[str]:
    """pulldown-cmark's inline code literals of ``text`` that hold ``markup`` and end past
    ``base``."""
    events: Iterable[Any]
    if base:
        byte_base = base if text.isascii() else len(text[:base].encode("utf-8", "surrogatepass"))
        events = (
            event
            for event, rng in pyromark.events_with_range(text, options=_PLAIN)
            if rng["end"] > byte_base
        )
    else:
        events = pyromark.events(text, options=_PLAIN)
    ours: Counter[str] = Counter()
    event: Any
    for event in events:
        if type(event) is dict and "Code" in event:
            literal = event["Code"]
            if markup.search(literal) is not None:
                ours[literal] += 1
    return ours


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


# Blocks that hold other blocks: their lines keep only their markers in a short context.
_CONTAINERS: Final = frozenset({"BlockQuote", "List", "Ordered", "Item"})
# Leaves whose lines hold no inline content: kept as written (a fence's info string, raw HTML).
_RAW_LEAVES: Final = frozenset({"Fenced", "Indented", "HtmlBlock"})
# Where a line's content begins: inline content, or a leaf that holds none.
_CONTENT_TAGS: Final = frozenset({"CodeBlock", "HtmlBlock"})
_SHORT_LINE: Final = 512  # a line kept as written is at most this long
# What opens or closes an inline construct: an escape, a backtick run, a bracket, a "<"
# (with what may start a tag or an autolink).
_INLINE_TOKEN = re.compile(r"\\[\s\S]|(\[)|(\])|(`+)|(<[A-Za-z/!?]|<\Z)")
# Block markers before a line's content: quotes, list markers, indentation.
_MARKERS = re.compile(r"[ \t>]*(?:(?:[-+*]|[0-9]{1,9}[.)])(?:[ \t]+[ \t>]*|$))*")
_LEAD = re.compile(r"[ \t>]*")
# A line that ends with a list marker: an item with no content on its first line.
_EMPTY_ITEM = re.compile(r"(?:^|[ \t>])(?:[-+*]|[0-9]{1,9}[.)])[ \t]*\Z")
_BARE_LINE = re.compile(_MARKERS.pattern + r"(?:=+|-+)?[ \t]*")
_WINDOW: Final = 1024  # text kept as written from the first inline opener still open
_PAREN_TOKEN = re.compile(r"\\[\s\S]|[()]|[\x00-\x20\x7f]+")
_PARENS: Final = 32  # nested parentheses a link destination may hold
_TAGS_READ: Final = 256  # "<" (or "](") looked at before the next is taken as open


def _open_blocks(text: str, *, tables: bool) -> tuple[list[tuple[str, int]], list[int], int]:
    """The blocks open at the end of ``text``, outermost first, as (kind, start), the
    sorted starts of content (inline content, code and HTML blocks, rules), and where the
    last block closed before the end ends (0 if none)."""
    offsets = _Offsets(text)
    body = text.rstrip("\n")
    last = len(body) if offsets.ascii else len(body.encode("utf-8"))
    chain: list[tuple[str, int]] = []
    content: list[int] = []
    closed = 0
    for event, rng in pyromark.events_with_range(
        text, options=_TABLES if tables else _PLAIN, merge_text=True
    ):
        start = rng["start"]
        if type(event) is not dict:
            if event == "Rule":
                content.append(start)
                if rng["end"] >= last:
                    chain.append(("Rule", start))
                else:
                    closed = max(closed, rng["end"])
            continue
        data: Any = event
        if "Start" in data:
            tag = data["Start"]
            if type(tag) is dict:
                ((name, value),) = tag.items()
                if name == "List":
                    kind = "List" if value is None else "Ordered"
                elif name == "CodeBlock":
                    kind = "Fenced" if type(value) is dict else "Indented"
                else:
                    kind = name
            else:
                kind = name = tag
            if name in _CONTENT_TAGS or name in _INLINE_TAGS:
                content.append(start)
            if kind not in _INLINE_TAGS:
                if rng["end"] >= last:
                    chain.append((kind, start))
                else:
                    closed = max(closed, rng["end"])
        elif "End" not in data:
            content.append(start)  # text, code, HTML, breaks
    if not offsets.ascii:
        chain = [(kind, offsets(at)) for kind, at in chain]
        content = [offsets(at) for at in content]
        closed = offsets(closed)
    content.sort()
    return chain, content, closed


_INLINE_TAGS: Final = frozenset(
    {"Link", "Image", "Emphasis", "Strong", "Strikethrough", "Superscript", "Subscript"}
)


def _signature(chain: list[tuple[str, int]]) -> list[str]:
    # A paragraph is left out: a tight list item has none, and where the short context has
    # one the text has not (after a closed fence, a definition), its reading is the
    # stricter one (lazy lines, no indented code, no definitions).
    # Which cell of a row the text ends in is left out too (cells are not blocks).
    return [kind for kind, _ in chain if kind not in ("Paragraph", "TableCell")]


def short_context(text: str, keep: tuple[int, int] = (0, 0)) -> str | None:
    """A short text after which every reader reads what follows as after ``text``, or
    ``None`` when none is found.

    Kept: the line each block open at the end of ``text`` starts on (list items, quotes,
    the leaf), and the last line. Each keeps its block markers, its inline content
    replaced by ``x`` (an opener in it could reach into what follows); the lines of code
    and HTML blocks, lines of block markers only (a last line of list markers too, which a
    paragraph reads as text until content follows), and the lines in ``keep`` (a table's
    header and delimiter row) stay as written. The blocks open at the end of the result
    must be those open at the end of ``text``, read with and without GFM tables.
    """
    body = text.rstrip("\n")
    ended = len(body) < len(text)  # the last line is complete
    last = body.rfind("\n") + 1
    if not ended and last and not text[last:].strip(" \t>"):
        # A last line of spaces or quote markers so far: the blocks it may continue are
        # those open at the end of the line before (a paragraph, which the parser ends
        # before this line, makes an indented line that follows a lazy line of it, not
        # code; and text after ">" a lazy line of a paragraph in a nested quote).
        short = short_context(text[:last], (keep[0], min(keep[1], last)))
        return None if short is None else short + text[last:]
    chain, content, closed = _open_blocks(text, tables=False)
    raw = chain[-1][1] if chain and chain[-1][0] in _RAW_LEAVES else -1
    starts = {text.rfind("\n", 0, at) + 1 for _, at in chain}
    starts.add(last)
    kept: set[int] = set()
    at = keep[0]
    while at < keep[1]:
        kept.add(at)
        at = text.find("\n", at, keep[1]) + 1 or keep[1]
    raw_line = text.rfind("\n", 0, raw) + 1 if raw >= 0 else len(text) + 1
    tail = ""
    marks = ""
    row = False
    if raw < 0:
        # A GFM reader reads the row the text ends in cell by cell: it is kept as written,
        # and the paragraph's openers before it (a CommonMark reader's) go on a line before.
        row = not ended and has_table(text) and _row_open(text, last)
        if row and _crossed(text, last):
            return None  # the row goes on with a construct begun before it: not as written
        upto = last if row else len(text)
        block = chain[-1][1] if chain else last
        if closed > block:
            # A tight list item holds no paragraph block: the paragraph the text ends in
            # starts on the line after the last block closed in the item (a fence, a nested
            # list), not on the item's first line, whose openers that block ended.
            block = text.find("\n", closed - 1) + 1 or last
        tail, marks, line = _inline_state(text, block, content, upto)
        if line < 0:
            return None
        starts = {at for at in starts if at < line}
        kept = {at for at in kept if at < line}
    lines: list[str] = []
    written = pending = False
    # An item whose first line is its marker only, kept with a blank line after it: a list
    # item begins with at most one blank line, so every reader would end it empty there
    # (what follows at its content's indent read outside it). Its dropped content goes on
    # as "x" after one space (the same content indent: the marker's width and one).
    items = {text.rfind("\n", 0, at) + 1 for kind, at in chain if kind == "Item"}
    empty_item = -1
    for begin in sorted(starts | kept):
        end = text.find("\n", begin)
        end = len(text) if end < 0 else end
        k = bisect.bisect_left(content, begin)
        first = content[k] if k < len(content) else end
        # A line where no content starts holds none only if it is block markers (or a
        # setext underline): else it goes on with a construct begun on an earlier line (a
        # code span, a link), whose closing run or bracket would open one as written.
        bare = _BARE_LINE.fullmatch(text, begin, end) is not None
        # The last line may be markers read as a paragraph's text so far ("* " or "1. ":
        # an empty list item does not interrupt a paragraph): what follows makes them a
        # list item's, so they stay as written too, and the paragraph's marks go before.
        pending = bare and begin == last and first < end
        written = begin >= raw_line or begin in kept or (bare and first >= end) or pending
        if empty_item >= 0 and bare and not text[begin:end].strip(" \t>"):
            lines[empty_item] = lines[empty_item].rstrip(" \t") + " x"
        empty_item = -1
        if written:
            if end - begin > _SHORT_LINE:
                return None
            lines.append(text[begin:end])
            if begin in items and bare and begin < raw_line and _EMPTY_ITEM.search(lines[-1]):
                empty_item = len(lines) - 1
        else:
            lines.append(_markers(text, begin, min(first, end)) + "x")
    if marks and pending and len(lines) > 1:
        lines[-2] += " " + marks
        marks = ""
    if row and not tail:
        if len(text) - last > _SHORT_LINE:
            return None
        lines[-1:] = [_markers(text, last, last) + "x " + marks] if marks else []
        lines.append(text[last:])
        marks = ""
        written = True
    short = "\n".join(lines)
    if tail:
        short = short + "\n" + tail if lines else tail
    else:
        if marks:
            short += " " + marks
        if ended:
            short += text[len(body) :]
        elif not written and not marks:
            short += " "  # the segment goes on with the last line, after whitespace
    for tables in (False, True) if has_table(text) or has_table(short) else (False,):
        mine = chain if not tables else _open_blocks(text, tables=True)[0]
        if _signature(_open_blocks(short, tables=tables)[0]) != _signature(mine):
            return None
    return short


def _row_open(text: str, last: int) -> bool:
    """Whether a GFM reader reads the last line of ``text`` (from ``last``) as a table row."""
    return any(
        kind == "TableRow" and text.rfind("\n", 0, at) + 1 == last
        for kind, at in _open_blocks(text, tables=True)[0]
    )


def _crossed(text: str, at: int) -> bool:
    """Whether a code span, link, image, autolink or raw HTML that a CommonMark reader reads
    runs across ``at`` (kept as written from there, its closer would open one)."""
    return any(
        i.start < at < i.end
        for i in parse(text, tables=False, floor=at)
        if i.kind in (CODE, LINK, IMAGE, AUTOLINK, HTML_INLINE)
    )


def _inline_state(text: str, block: int, content: list[int], upto: int) -> tuple[str, str, int]:
    """The inline openers of the paragraph at the end of ``text`` (starting on the line of
    ``block``) that a continuation may still close, as (tail, marks, line).

    A backtick run in no code span (in a link's text too) may open one with a run that
    follows, and an unmatched ``[`` or ``![`` a link or image with a later ``](``: each is
    kept as a mark, in order (what lay between them is text a reader has placed already),
    those before ``upto`` only when there is no tail. An open ``](`` destination or ``<``
    tag is kept as written from its start (``tail``, which replaces the text from ``line``
    on; ``line`` is -1 when that is too long, ``len(text)`` when there is none).
    """
    begin = text.rfind("\n", 0, block) + 1
    items = parse(text, tables=False, floor=begin)
    spans = sorted(
        (i.start, i.end) for i in items if i.kind in (CODE, LINK, IMAGE, AUTOLINK, HTML_INLINE)
    )
    # A link's or image's text is read through: code spans, autolinks and raw HTML bind
    # tighter than its brackets, so a backtick run or a "<" in it that a later run or ">"
    # closes undoes the link, and its opener and what it held are openers again. What
    # follows its "]" (the destination, title or label) is no opener.
    closed = sorted(
        (i.start, i.end) if i.kind in (CODE, AUTOLINK, HTML_INLINE) else (i.label[1] + 1, i.end)
        for i in items
        if i.kind in (CODE, LINK, IMAGE, AUTOLINK, HTML_INLINE)
    )
    found: list[tuple[int, str]] = []
    stack: list[int] = []
    window = len(text)
    tags: list[int] = []  # where a tag, a comment or an autolink may begin
    parens: list[tuple[int, int]] = []  # each "](": its "(" and its link's opener
    n = len(text)
    frozen = 0
    for lo, hi in _gaps(closed, begin, upto):  # a row kept as written is not read here
        for m in _INLINE_TOKEN.finditer(text, lo, hi):
            kind = m.lastindex
            if kind == 1:  # "["
                stack.append(m.start())
            elif kind == 2:  # "]"
                if stack:
                    at = m.start()
                    if len(stack) > frozen:
                        top = stack.pop()
                    else:
                        top = stack[-1]
                        # Unless a later run closes the backtick run before it, this "]"
                        # drops the "[" below (or closes it): kept as a mark, it does so
                        # after the short context too.
                        found.append((at, "]"))
                    if at + 1 == n:
                        # A "]" that ends the text: a "(" may follow.
                        window = min(window, top - (text[top - 1 : top] == "!"))
                    elif text[at + 1] == "(":
                        parens.append((at + 1, top - (text[top - 1 : top] == "!")))
            elif kind == 3:  # a backtick run
                at = m.start()
                # After an escaped backtick ("\\`" then the run) the run opens as it is, but
                # closes a span as one longer (no escape inside code): kept with it.
                lead = "\\`" if at > begin and text[at - 1] == "`" else ""
                found.append((at, lead + m.group()))
                # Once a run closes it, what follows is code: a "]" there closes no "[" before.
                frozen = len(stack)
            elif kind == 4 and (m.end() - m.start() > 1 or m.end() == n):  # "<"
                tags.append(m.start())
    found.extend((at, "![" if text[at - 1 : at] == "!" else "[") for at in stack)
    if parens:
        still = _open_parens(text, begin, {at for at, _ in parens})
        window = min([window] + [opener for at, opener in parens if at in still])
    for n, at in enumerate(tags):
        if n == _TAGS_READ or _tag_open(text, at):
            window = min(window, at)
            break
    for a, b in reversed(spans):
        if a < window < b:
            window = a  # not inside a construct the parser read: its opener is kept too
    if window == len(text):
        # Without a tail, the openers from ``upto`` on stay in the text as written.
        return "", "".join(mark + " x " for at, mark in sorted(found) if at < upto), len(text)
    marks = "".join(mark + " x " for at, mark in sorted(found) if at < window)
    if len(text) - window > _WINDOW:
        return "", "", -1
    line = text.rfind("\n", 0, window) + 1
    k = bisect.bisect_left(content, line)
    first = content[k] if k < len(content) else window
    head = _markers(text, line, first) + "x " if first < window else _markers(text, line, window)
    return head + marks + text[window:], "", line


def _gaps(spans: list[tuple[int, int]], begin: int, end: int) -> list[tuple[int, int]]:
    """The ranges from ``begin`` to ``end`` outside ``spans`` (sorted by start)."""
    out, at = [], begin
    for a, b in spans:
        if a > at:
            out.append((at, a))
        at = max(at, b)
    if at < end:
        out.append((at, end))
    return out


def _open_parens(text: str, begin: int, parens: set[int]) -> set[int]:
    """The "(" in ``parens`` (each after a "]") whose destination may still close into a
    link, in one pass: a destination without "<" runs to whitespace, with its parentheses
    balanced and nested 32 deep at most (markdown-it, cmark and pulldown-cmark stop there);
    past it only whitespace, a title and ")" may follow."""
    still: set[int] = set()
    stack: list[list[int]] = []  # each "(" open in this run: [position, deepest inside]
    for m in _PAREN_TOKEN.finditer(text, begin):
        c = m.group()[0]
        if c == "(":
            at = m.start()
            if at in parens and text[at + 1 : at + 2] in ("<", " ", "\t", "\n"):
                if _destination_open(text, at):  # "<destination>" or space first: rare
                    still.add(at)
                continue
            stack.append([at, len(stack) + 1])
        elif c == ")":
            if stack:
                # Closed: a link or not, it is decided. Its depth counts for its parent.
                deepest = stack.pop()[1]
                if stack:
                    stack[-1][1] = max(stack[-1][1], deepest)
        elif c != "\\":
            # Whitespace ends every destination open in this run: a title may follow.
            undecided = _undecided(stack, parens)
            if undecided and _title_open(text, m.start(), min(len(text), m.start() + _WINDOW)):
                still.update(undecided)
            stack.clear()
    still.update(_undecided(stack, parens))
    return still


def _undecided(stack: list[list[int]], parens: set[int]) -> list[int]:
    """The "(" of ``parens`` open on ``stack`` with 32 nested parentheses at most."""
    out, deepest = [], 0
    for depth in range(len(stack), 0, -1):
        at, inner = stack[depth - 1]
        deepest = max(deepest, inner)
        if at in parens and deepest - depth <= _PARENS:
            out.append(at)
    return out


def _title_open(text: str, at: int, end: int) -> bool:
    """After a link destination ended at ``at``: whether what follows, read up to ``end``,
    leaves the link undecided (the text ends there, inside a title, or after one with only
    whitespace). Past ``end`` it is taken as open."""
    i = _skip_space(text, at, end)
    if i >= end:
        return True
    close = _TITLE_CLOSE.get(text[i])
    if close is None:
        return False  # no title, no ")": no link
    j = i + 1
    while (j := text.find(close, j, end)) >= 0 and escaped(text, j):
        j += 1
    return j < 0 or _skip_space(text, j + 1, end) >= end


_TITLE_CLOSE: Final = {'"': '"', "'": "'", "(": ")"}


def escaped(text: str, at: int) -> bool:
    """Whether an odd number of backslashes precedes ``text[at]``."""
    run = at
    while run > 0 and text[run - 1] == "\\":
        run -= 1
    return (at - run) % 2 == 1


def _destination_open(text: str, at: int) -> bool:
    """Whether the link destination (and title) opened by the "(" at ``at`` may still
    close into a link: nothing in the text decides it yet. Looked at over ``_WINDOW``
    characters at most: past that, it is taken as open."""
    end = min(len(text), at + _WINDOW + 1)
    i = _skip_space(text, at + 1, end)
    if i < end and text[i] == "<":
        i += 1
        while i < end and text[i] not in "<>\n":
            i += 2 if text[i] == "\\" else 1
        if i < end and text[i] != ">":
            return False
        i += 1
    else:
        depth = 0
        while i < end and (c := text[i]) > " " and c != "\x7f":
            if c == "\\":
                i += 1
            elif c == "(":
                depth += 1
                if depth > _PARENS:
                    return False  # markdown-it, cmark and pulldown-cmark stop there
            elif c == ")":
                if not depth:
                    return False  # closed: a link or not, it is decided
                depth -= 1
            i += 1
    return _title_open(text, i, end)


def _skip_space(text: str, i: int, end: int) -> int:
    while i < end and text[i] in " \t\n":
        i += 1
    return i


def _tag_open(text: str, at: int) -> bool:
    """Whether the "<" at ``at``, read as no tag so far, may still end one (a comment, a
    processing instruction, CDATA, a declaration, a tag with a quoted value that is still
    open). Looked at over ``_WINDOW`` characters at most: past that, it is taken as open."""
    end = min(len(text), at + _WINDOW + 1)
    for opener, closer in (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>"), ("<!", ">")):
        if text.startswith(opener, at):
            return text.find(closer, at + 2, end) < 0
    quote = last = ""
    for c in text[at + 1 : end]:
        if quote:
            if c == quote:
                quote = ""
        elif c in "<>":
            return False  # a tag ends there, or cannot be one
        elif c in "\"'" and last == "=":
            quote = c
        if not c.isspace():
            last = c
    return True


def _markers(text: str, begin: int, end: int) -> str:
    """``text[begin:end]`` if it holds block markers only, else its leading spaces and
    quote markers (the line goes on with inline content that began on an earlier line);
    and a table row's leading pipe."""
    if _MARKERS.fullmatch(text, begin, end):
        head = text[begin:end]
    else:
        m = _LEAD.match(text, begin, end)
        head = m.group() if m else ""
    # A table row keeps its leading pipe: with it, the rows that follow read as before.
    return head + "| " if text.startswith("|", begin + len(head)) else head
