"""The stream engine, shared by whole-text and streaming sanitization.

Text is cut into *segments* at positions that depend on the text only (see ``_tracker``), so
a stream gives exactly the whole text's result, for every chunking. A segment ends at the
first whitespace past ``MIN_SEGMENT`` characters where nothing is open, once the next word
has arrived (a value split by the cut would be missed) and no leak may be starting; when
something stays open for ``max_segment`` characters, a forced cut escapes it, so what
follows can never complete it.

Each segment, in order: leaks and PII/secrets are replaced (on the raw text, with the tail
of the previous segment as context); then the parser reads the released text of the current
block followed by the segment, which is exactly what a renderer will read, and the segment's
HTML, links, images, autolinks, definitions and ambiguous bare URLs are neutralised; the
edited text is read again until nothing is left to change (at most three rounds, then every
markup character of the segment is escaped).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from html import unescape
from typing import TYPE_CHECKING, Final

import re2

from .._redaction import find_entities
from .._restore import BIDI_CONTROLS
from . import _structure as st
from ._html import ALLOWED_TAGS, KNOWN_TAGS, HtmlCleaner, escape_block_text, tag_names
from ._leaks import LeakFinder
from ._tracker import Tracker
from ._urls import DEFINITION, IMAGE, LINK, VISIBLE, UrlJudge

if TYPE_CHECKING:
    from collections.abc import Callable

    from ._sanitizer import OutputSanitizer

__all__ = ["IMAGE_MARKER", "LEAK_MARKER", "MIN_SEGMENT", "REFERENCE_MARKER", "Engine", "Finding"]

IMAGE_MARKER: Final = "[image removed]"
LEAK_MARKER: Final = "[removed: system prompt]"
REFERENCE_MARKER: Final = "[reference removed]"
MIN_SEGMENT: Final = 1  # the first segment: the answer starts to show after its first word
# Later segments grow to NEXT_SEGMENT (each costs a parse of its block): a short answer
# still shows in steps, not as its first word and then the rest at the end.
NEXT_SEGMENT: Final = 200
_GROWTH: Final = (MIN_SEGMENT, 32, 64, 128, NEXT_SEGMENT)
_CONTEXT_MAX: Final = 2048  # released text kept as parse context for the current block
_TAIL: Final = 256
_LOOKAHEAD: Final = 16  # raw text kept as context for PII and leak matching
_ROUNDS: Final = 3
# The second parser (markdown-it-py) costs about 12 us per line read, several times that in
# nested quotes, and reads a segment's whole block context: it is asked only while a budget
# of lines, earned by the text received, lasts. Past it, the stricter reading is taken
# (markup in disputed code escaped), so no shape makes it read the same context again and
# again. A long answer earns enough for the code blocks of its lists and quotes.
_SECOND_START: Final = 512  # lines the second parser may read before any text earned more
_SECOND_EARN: Final = 8  # characters received per line it may read
_SECOND_CAP: Final = 4096
_QUOTED = re.compile(r"(?m)^[ \t>*+\-0-9.)]{0,16}>")  # a line in a quote (bounded prefix)

_WS = re.compile(r"\s")
_TOKEN_END = re.compile(r"\s")
# Characters (or sequences) without which a segment holds no markup a renderer could act on.
_TRIGGER = re2.compile(r"[<\[\]`&|\\]|//|(?i:www)\.|~~~|\]:")
_DIGIT = re.compile(r"\d")
_CLOSER = re.compile(r"[>`\])\n]|-----END")
# At the end of a segment too: the next one may bring a tag name or an autolink.
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?]|\Z)")
# What some renderer may read as a tag, a comment, a declaration or an autolink.
_TAG_LIKE = re.compile(
    r"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>]*)?>|[!?][^<>]*>"
    r"|[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>]*>|[^\s<>@]+@[^\s<>]+>)"
)
# A "<" before a name browsers act on is escaped in text even without its ">" yet.
_KNOWN_TAG = re.compile(
    r"(?i)/?(?:" + "|".join(sorted(KNOWN_TAGS, key=len, reverse=True)) + r")(?=[\s/>]|$)"
)
# A bare URL a GFM renderer would linkify (scheme or "www."), up to whitespace or "<".
# Where a bare URL a GFM renderer would linkify starts (scheme, "www." or "//"), and its rest:
# every start is judged, so a URL that runs into another hides nothing.
# Python ``re`` (RE2's wrapper converts offsets on every call, a cost per URL): literal
# prefixes and one negated class, so matching is linear; the input is a segment and its
# context. Equal to RE2's ``(?im)(?<![a-z0-9])(?:https?|ftp)://|\bwww\.|(?:^|[^:\w/\\])(//)``
# and ``[^\s\p{Z}\x{85}<>]*`` (ASCII classes, RE2 folds "ſ" to "s", RE2's \s has no \v).
# A scheme after "_" is linkified too (markdown-it reads "_http://…" as "_" and a URL), so
# its start is "no letter or digit before", not a word boundary.
_URL_START = re.compile(
    r"(?im)(?<![a-z0-9])(?:http[sſ]?|ftp)://|\bwww\.|(?:^|[^:\w/\\ſ])(//)", re.ASCII
)
_URL_REST = re.compile("[^\t\n\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000<>]*")
_BACKTICKS = re.compile("`+")
# Where cmark-gfm's extended autolink ends: ASCII space, tab, line ends, form feed, "<"
# (not a vertical tab, which it takes into the link).
_AUTOLINK_STOPS = " \t\n\f\r<"
_AUTOLINK_STOP = re.compile(f"[{_AUTOLINK_STOPS}]")
# What ends a linkified URL whatever its quotes and brackets: whitespace (linkify-it).
_SPACE = re.compile("[\t\n\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
# Up to the last character that ends a URL (one backtracking pass over the text scanned).
_LAST_STOP = re.compile(
    "(?s).*[\t\n\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000<>]"
)
# In code, what would be markup outside it: a tag, a link or image, an autolink, a bare URL.
# A "//" not after a word character or "/" starts a URL for linkify-it ("data:x,//host").
# At the end of the text read, what follows is not known yet (a cut may fall between "]" and
# "("), so a mark there is a suspect too.
_SUSPECT = re.compile(r"<(?=[A-Za-z/!?]|\Z)|\](?=[(:\[]|\Z)|(?<![\w/])/(?=/|\Z)")
_SUSPECT_IN_BLOCK = re.compile(_SUSPECT.pattern + "|`")
# The same in a code span's content, where the text read ends with the span.
_SUSPECT_LITERAL = re.compile(r"<[A-Za-z/!?]|\](?=[(:\[])|(?<![\w/])//")
# "[label]: destination" at a line start, after container markers or a table pipe; any
# whitespace (U+2028 too: markdown-it-py's reading) may stand before the destination.
_DEF_LABEL = (
    r"(?m)^[ \t>*+\-0-9.)|]{0,16}\[(?:[^\[\]\\\n]|\\.){0,999}\](?P<colon>):"
    r"(?:[^\S\n]|>)*\n?(?:[^\S\n]|>)*"
)
_DEF_LIKE = re.compile(_DEF_LABEL + r"(?P<dest><[^<>\n]*>|\S+)")
# A definition's label at the end of a segment whose destination is still to come.
_DEF_LABEL_AT_END = re.compile(_DEF_LABEL + r"\Z")
_BACKSLASH = re.compile(r"\\([!-/:-@\[-`{-~])")
_PIPE = re.compile(r"(?<!\\)\|")
# One translation table (a regex with a callback cost about 9 us per character escaped).
_BLUNT = str.maketrans({c: "\\" + c for c in "[]`\\|!():*_~#>/"} | {"<": "&lt;", "&": "&amp;"})


@dataclass(frozen=True, slots=True)
class Finding:
    """What the sanitizer changed; see :class:`OutputFinding` (this is the same shape)."""

    kind: str
    detail: str
    start: int
    end: int


@dataclass(slots=True)
class _Edit:
    start: int
    end: int
    text: str
    finding: Finding | None = None


def _apply(text: str, edits: list[_Edit]) -> tuple[str, list[_Edit]]:
    """Apply non-overlapping edits (the earliest, then the widest, wins)."""
    if not edits:
        return text, []
    edits = sorted(edits, key=lambda e: (e.start, -e.end))
    parts: list[str] = []
    applied: list[_Edit] = []
    pos = 0
    for e in edits:
        if e.start < pos:
            continue
        parts.append(text[pos : e.start])
        parts.append(e.text)
        applied.append(e)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts), applied


class _BackMap:
    """Maps offsets in a text after edits back to the text before them."""

    __slots__ = ("_new_ends", "_new_starts", "_old_starts", "_shifts")

    def __init__(self, edits: list[_Edit]) -> None:
        self._new_starts: list[int] = []
        self._new_ends: list[int] = []
        self._old_starts: list[int] = []
        self._shifts: list[int] = []
        shift = 0
        for e in edits:
            new_start = e.start + shift
            self._new_starts.append(new_start)
            self._new_ends.append(new_start + len(e.text))
            self._old_starts.append(e.start)
            shift += len(e.text) - (e.end - e.start)
            self._shifts.append(shift)

    def __call__(self, pos: int) -> int:
        k = bisect_right(self._new_starts, pos) - 1
        if k < 0:
            return pos
        if pos < self._new_ends[k]:
            return self._old_starts[k]
        return pos - self._shifts[k]


class _Received:
    """Offsets in the engine's text mapped back to the text as received.

    The engine's text differs where bidi controls were dropped (an empty span: the text
    after it is one character further on as received) and where a forced cut escaped an
    open construct ("\\[" for "["; inside it, every offset maps to the escaped character).
    Spans are kept in ascending order in the engine's absolute offsets; those released are
    only counted.
    """

    __slots__ = ("_before", "_ends", "_olds", "_shifts", "_starts")

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._olds: list[int] = []  # where each span starts as received
        self._shifts: list[int] = []  # received minus engine offset after each span
        self._before = 0  # the shift of the spans already pruned

    def __bool__(self) -> bool:
        return bool(self._starts) or self._before != 0

    def dropped(self, at: int) -> None:
        """A bidi control was dropped just before ``at``, at the end of the text so far."""
        shift = (self._shifts[-1] if self._shifts else self._before) + 1
        self._starts.append(at)
        self._ends.append(at)
        self._olds.append(at + shift - 1)
        self._shifts.append(shift)

    def replaced(self, at: int, old: int, new: int) -> None:
        """``old`` characters at ``at`` became ``new`` ones; spans after it move along."""
        k = bisect_right(self._starts, at)
        # A control dropped just before the replaced text stays before it.
        delta = new - old
        for i in range(k, len(self._starts)):
            self._starts[i] += delta
            self._ends[i] += delta
            self._shifts[i] -= delta
        received = self(at)
        prior = self._shifts[k - 1] if k > 0 else self._before
        self._starts.insert(k, at)
        self._ends.insert(k, at + new)
        self._olds.insert(k, received)
        self._shifts.insert(k, prior - delta)

    def __call__(self, pos: int) -> int:
        k = bisect_right(self._starts, pos) - 1
        if k < 0:
            return pos + self._before
        if pos < self._ends[k]:
            return self._olds[k]
        return pos + self._shifts[k]

    def released(self, offset: int) -> None:
        """Forget the spans that end at or before ``offset``: later findings start there."""
        k = bisect_right(self._ends, offset)
        if k:
            self._before = self._shifts[k - 1]
            del self._starts[:k], self._ends[:k], self._olds[:k], self._shifts[:k]


def blunt(text: str) -> str:
    """Escape every character that can take part in markup: what is left is plain text."""
    return text.translate(_BLUNT)


class Engine:
    """Cuts a stream into segments and sanitizes each; see the module docstring."""

    def __init__(self, sanitizer: OutputSanitizer, tokens: re.Pattern[str] | None = None) -> None:
        self._s = sanitizer
        self._max = sanitizer.max_segment
        self._raw = ""  # received, not yet released
        self._offset = 0  # absolute offset of _raw[0]
        self._tracker = Tracker()
        self._start_state = Tracker()  # the tracker at the current segment's start
        self._min = MIN_SEGMENT
        self._segments = 0  # segments released so far
        self._search = 0  # absolute offset from which cut candidates are still to be tried
        self._context = ""  # released output of the current block: what the parser reads first
        self._reset = False  # the next segment may start a fresh block
        self._tail = ""  # raw released text, for PII and leak context
        self._judge = UrlJudge(sanitizer._image_hosts, sanitizer._link_hosts)
        self._html = HtmlCleaner(lambda url: self._judge.judge(url, kind=LINK)[0])
        self._leaks: LeakFinder = sanitizer._leaks
        self._tokens = tokens
        self._cr = False
        self._waiting = False  # the last drain found no cut in what was received
        self._final = False
        self._forced_findings: list[Finding] = []
        self._second_budget = _SECOND_START
        # The last text the second parser was asked about (CommonMark, GFM tables), and
        # whether it read it.
        self._second_text = ["", ""]
        self._table_dispute = False  # readers may differ on table rows in this block
        # No short context reads a long block as it is: the rest of the answer is escaped.
        self._blunted = False
        self._plain: tuple[str, int, list[st.Item]] = ("", 0, [])  # last reading w/o tables
        self._floor = 0  # what the last reading left out ends before this
        self._second_read = [False, False]
        self.findings: list[Finding] = []
        # Where the engine's text differs from the text as received (bidi controls
        # dropped, escapes of forced cuts): findings are reported as received.
        self._received = _Received()

    @property
    def buffered(self) -> int:
        return len(self._raw)

    # -- cutting --------------------------------------------------------------------------

    def feed(self, chunk: str) -> str:
        if self._cr or "\r" in chunk or "\x00" in chunk or "\x0b" in chunk or "\x0c" in chunk:
            if self._cr:
                chunk, self._cr = "\r" + chunk, False
            if chunk.endswith("\r"):
                # Maybe the first half of a "\r\n": decided with the next chunk.
                chunk, self._cr = chunk[:-1], True
            chunk = _line_ends(chunk)
        if not chunk.isascii() and BIDI_CONTROLS.search(chunk) is not None:
            chunk = self._drop_bidi(chunk)
        self._raw += chunk
        size = len(self._raw)
        if size < self._min or (
            self._waiting
            and not self._tracker.line_pending
            and size < self._max + _LOOKAHEAD
            and not _WS.search(chunk)
        ):
            # Too short for a cut; or no whitespace arrived: no new cut candidate, and no
            # word was completed.
            return ""
        return self._drain(final=False)

    def _drop_bidi(self, chunk: str) -> str:
        """``chunk`` without its bidi embedding, override and isolate controls; where they
        were is noted, so findings keep offsets in the text as received."""
        at = self._offset + len(self._raw)
        for k, m in enumerate(BIDI_CONTROLS.finditer(chunk)):
            self._received.dropped(at + m.start() - k)
        return BIDI_CONTROLS.sub("", chunk)

    def flush(self) -> str:
        if self._cr:
            self._raw += "\n"
            self._cr = False
        out = self._drain(final=True)
        if self._raw:
            out += self._emit(len(self._raw), final=True)
        return out

    def _drain(self, *, final: bool) -> str:
        out: list[str] = []
        self._waiting = False
        while self._raw:
            cut = self._find_cut(final=final)
            if cut is None:
                self._waiting = True
                break
            out.append(self._emit(cut, final=False))
        return "".join(out)

    def _find_cut(self, *, final: bool) -> int | None:
        raw, base = self._raw, self._offset
        tracker = self._tracker
        start = max(self._search - base, 0)
        limit = min(len(raw), self._max)
        # Candidates before the minimum length are never taken: the tracker reads up to the
        # first one that may be, in one pass.
        at = max(start, self._min - 1)
        while (m := _WS.search(raw, at, limit)) is not None:
            p = at = m.end()
            if not tracker.scan(raw, base, base + p, final=final):
                self._search = base + m.start()
                return self._forced() if self._must_force(final) else None
            if p < self._min:
                continue
            if not tracker.clear():
                # Nothing opened closes before the next closing token or line end: the
                # candidates up to it are skipped (scanned in one pass by the next one).
                closer = _CLOSER.search(raw, p, limit)
                at = closer.start() if closer is not None else limit
                continue
            if raw[m.start()] not in _AUTOLINK_STOPS and _in_autolink(raw, m.start()):
                # cmark-gfm's extended autolink runs on past this space: a backtick glued
                # to it must be seen with the URL (``_glued_ticks``), in the same segment.
                continue
            word = _last_word(raw, p)
            if word.endswith((":", "=")):
                continue  # "key: value" may follow
            if _DIGIT.search(word):
                # Numbers in groups (cards, phones, IBANs) run across spaces: the next word
                # decides, once it is complete.
                nxt = _TOKEN_END.search(raw, p)
                if nxt is None and not final:
                    self._search = base + m.start()
                    return None
                if _DIGIT.search(raw[p : nxt.start() if nxt else len(raw)]):
                    continue
            if self._leaks.active:
                hold = self._leaks.hold_from(self._tail[-_TAIL:] + raw[:p])
                if hold is not None and hold - len(self._tail[-_TAIL:]) < p:
                    continue
            self._search = base + p
            return p
        if self._must_force(final):
            return self._forced()
        self._search = base + max(start, len(raw) - 1)
        return None

    def _must_force(self, final: bool) -> bool:
        # A few characters past the limit are read first: what a forced cut does there
        # (not splitting a URL) must not depend on how the stream was chunked.
        return len(self._raw) >= self._max + (0 if final else _LOOKAHEAD)

    def _forced(self) -> int:
        """A cut at ``max_segment`` with something still open: escape what is open."""
        raw, base = self._raw, self._offset
        limit = self._max
        ws = max(raw.rfind(" ", 0, limit), raw.rfind("\n", 0, limit), raw.rfind("\t", 0, limit))
        cut = ws + 1 if ws >= limit // 2 else limit
        if cut == limit:
            # A hard cut: never inside a bare URL (its host would be judged in two halves),
            # nor between it and an opening "<" or bracket.
            starts = [
                at
                for m in _URL_START.finditer(raw, 0, min(len(raw), cut + 8))
                if (at := m.start(1) if m.group(1) else m.start()) < cut
            ]
            if starts and starts[-1] > 0:
                cut = starts[-1]
            # Nor right after a "<" or bracket (a few at most: a run of them is escaped).
            floor = max(cut - 8, 1)
            while cut > floor and raw[cut - 1] in "<([":
                cut -= 1
        added = self._fence_opener_cut(cut)
        if added:
            raw = self._raw
            cut += added
        # The tracker may have read past the cut: read the segment again from its start.
        tracker = self._start_state.copy()
        tracker.scan(raw, base, base + cut, final=True)
        opened = [(at - base, kind) for at, kind in tracker.open_positions()]
        opener = tracker.paren_opener - base
        tracker.reset_inline()
        tracker.pem = False
        self._tracker = tracker
        self._search = base + cut
        if opened:
            code = self._code_ranges(raw[:cut])
            self._raw, escapes = _escape_open(raw, cut, opened, code)
            for s, e, t in reversed(escapes):
                self._received.replaced(base + s, e - s, len(t))

            def escaped(pos: int) -> int:
                """``pos`` in the segment before the escapes, in the segment after them."""
                return pos + sum(len(t) - (e - s) for s, e, t in escapes if e <= pos)

            for at, kind in opened:
                if kind == "paren" and 0 <= at < cut and not any(a <= at < b for a, b in code):
                    image = opener > 0 and raw[opener - 1] == "!"
                    what = "markdown_image" if image else "markdown_link"
                    self._forced_findings.append(
                        Finding(what, "unterminated", base + escaped(at), base + escaped(at + 2))
                    )
            # Escapes add characters before the cut.
            cut += len(self._raw) - len(raw)
            tracker.pos = tracker.line_start = base + cut
            tracker.line_pending = False
            self._search = base + cut
        return cut

    def _fence_opener_cut(self, cut: int) -> int:
        """A forced cut inside a line that opens a backtick fence: whether it is one depends
        on the rest of the line (a backtick in it makes it text), which this segment cannot
        see. Its backticks are escaped (how many characters that adds is returned), so no
        renderer reads a fence or a code span there: what follows is Markdown, the stricter
        reading, and its open links are escaped by the forced cut like any others."""
        raw = self._raw
        if cut >= len(raw) or raw[cut] == "\n":
            return 0
        line = raw.rfind("\n", 0, cut) + 1
        if line == 0 and self._context and not self._context.endswith("\n"):
            return 0  # the line began in released text
        m = _FENCE_OPENER.match(raw, line, cut)
        if m is None:
            return 0
        at, run = m.start(1), len(m.group(1))
        # Inside a fenced block that is already open, the line is code: leave it. An open
        # indented block does not count: a fence line at the margin ends it.
        if self._block_open(self._context + raw[:line], indented=False):
            return 0
        self._raw = raw[:at] + "\\`" * run + raw[at + run :]
        self._received.replaced(self._offset + at, run, 2 * run)
        return run

    def _code_ranges(self, segment: str) -> list[tuple[int, int]]:
        ctx = self._context
        items = st.parse(ctx + segment, tables=True)
        return [(i.start - len(ctx), i.end - len(ctx)) for i in items if i.kind == st.CODE]

    # -- one segment ----------------------------------------------------------------------

    def _emit(self, cut: int, *, final: bool) -> str:
        segment, self._raw = self._raw[:cut], self._raw[cut:]
        self._tracker.released(segment, self._offset)
        self._segments += 1
        self._min = _GROWTH[min(self._segments, len(_GROWTH) - 1)]
        self._start_state = self._tracker.copy()
        self._second_budget = min(self._second_budget + cut // _SECOND_EARN, _SECOND_CAP)
        start = self._offset
        self._offset += cut
        out = self._segment(segment, start, final=final)
        self._tail = (self._tail + segment)[-_TAIL:]
        return out

    def _segment(self, segment: str, offset: int, *, final: bool) -> str:
        edits: list[_Edit] = []
        tail = self._tail
        scan = tail + segment
        if self._leaks.active:
            for span in self._leaks.find(scan):
                s, e = span.start - len(tail), span.end - len(tail)
                if e > 0:
                    s = max(s, 0)
                    edits.append(_Edit(s, e, LEAK_MARKER, Finding(span.kind, span.detail, s, e)))
        if self._s._redact and segment:
            for entity in find_entities(scan, entities=self._s._entities):
                s, e = entity.start - len(tail), entity.end - len(tail)
                if e > 0:
                    s = max(s, 0)
                    edits.append(_Edit(s, e, f"[{entity.type}]", Finding("pii", entity.type, s, e)))
        text, applied = _apply(segment, _merge_leaks(edits))
        findings = [e.finding for e in applied if e.finding is not None]
        out, structure = self._structure(text, final=final)
        if structure:
            back = _BackMap(applied)
            for f in structure:
                s, e = back(f.start), back(f.end)
                findings.append(Finding(f.kind, f.detail, s, max(s, e)))
        if self._forced_findings:
            findings.extend(
                Finding(f.kind, f.detail, f.start - offset, f.end - offset)
                for f in self._forced_findings
            )
            self._forced_findings.clear()
        findings.sort(key=lambda f: f.start)
        received = self._received
        if received:
            self.findings.extend(
                Finding(f.kind, f.detail, received(f.start + offset), received(f.end + offset))
                for f in findings
            )
            received.released(self._offset)
        else:
            self.findings.extend(
                Finding(f.kind, f.detail, f.start + offset, f.end + offset) for f in findings
            )
        return out

    def _structure(self, text: str, *, final: bool) -> tuple[str, list[Finding]]:
        """Neutralise the markup of ``text`` as a renderer reads it after the released text."""
        self._final = final
        if self._blunted:
            return blunt(text), []
        previous = self._context
        reset = self._reset and text[:1] not in (" ", "\t", "\n", "")
        if reset:
            self._context = ""
            self._table_dispute = False
        self._reset = False
        ctx = self._context
        findings: list[Finding] = []
        has_tokens = self._tokens is not None and self._tokens.search(text) is not None
        if _TRIGGER.search(text) is None and not has_tokens and not _TRIGGER.search(ctx[-64:]):
            out = text
            items: list[st.Item] | None = None
        else:
            out, items, findings = self._rounds(ctx, text)
            if reset and previous.strip() and out[:1] in (" ", "\t", "\n", ""):
                # An edit took the segment's first line away: what follows may continue the
                # previous block (a list item), so it is read after it again.
                self._context = ctx = previous
                out, items, findings = self._rounds(ctx, text)
            if has_tokens and items is not None:
                out = self._classify_tokens(ctx, out, items)
        self._advance_context(out, items)
        return out, findings

    def _rounds(self, ctx: str, text: str) -> tuple[str, list[st.Item] | None, list[Finding]]:
        base = len(ctx)
        full = ctx + text
        findings: list[Finding] = []
        backs: list[_BackMap] = []
        items: list[st.Item] | None = None
        for _ in range(_ROUNDS + 1):
            edits, items = self._edits(full, base)
            if not edits:
                break
            if len(backs) == _ROUNDS:
                full = ctx + blunt(full[base:])
                items = None
                break
            full, applied = _apply(full, edits)
            for e in applied:
                if e.finding is not None:
                    s, t = e.finding.start, e.finding.end
                    for back in reversed(backs):
                        s, t = back(s), back(t)
                    findings.append(
                        Finding(e.finding.kind, e.finding.detail, s - base, max(s, t) - base)
                    )
            backs.append(_BackMap(applied))
        return full[base:], items, findings

    def _edits(self, full: str, base: int) -> tuple[list[_Edit], list[st.Item]]:
        # What ends well before the segment is never edited: the parser skips it.
        floor = self._floor = max(base - 8, 0)
        items = st.parse(full, tables=True, floor=floor)
        edits = self._edits_for(full, base, items)
        if not edits:
            edits = self._code_disagreements(full, base, items)
        if not edits:
            edits = _html_block_disagreements(full, base, items, self._second_affordable)
        if not edits:
            edits = self._span_disagreements(full, base, items)
        if edits:
            # Another round reads the edited text: this reading's items serve nothing, so
            # the reading without tables (for a CommonMark renderer) waits for that round.
            return edits, items
        if st.has_table(full):
            # A CommonMark renderer reads no table: what it sees must be safe too.
            plain = st.parse(full, tables=False, floor=floor)
            self._plain = (full, floor, plain)
            edits = self._edits_for(full, base, plain)
            items = items + [i for i in plain if i.kind in (st.CODE, st.DEFINITION)]
            if not edits:
                # A GFM renderer may read a table where this parser does not, and split a code
                # span at its "|": escaped, the pipe stays inside the span everywhere.
                for item in items:
                    if item.kind == st.CODE and item.link_type != "block" and item.end > base:
                        for m in _PIPE.finditer(full, max(item.start, base), item.end):
                            edits.append(_Edit(m.start(), m.end(), "\\|"))
            if not edits:
                edits = self._table_disagreements(full, base, items)
        elif self._table_dispute:
            edits = self._table_disagreements(full, base, items)
        return edits, items

    def _table_disagreements(self, full: str, base: int, items: list[st.Item]) -> list[_Edit]:
        """Lines one GFM reader takes as table rows and another does not (a table ended at a
        different line, a header only one reads after a U+2028 line): the same text is a
        cell for one and prose or code for the other, its backticks paired differently.
        Their markup is escaped, which reads as the same text both ways."""
        newlines = [m.start() for m in _NEWLINE.finditer(full)]
        ours = {bisect_right(newlines, i.start - 1) for i in items if i.kind == st.ROW}
        reference = st.reference_table_rows(full)
        disputed = ours ^ reference
        if self._table_dispute:
            disputed.update(range(full.count("\n", 0, base), len(newlines) + 1))
        if self._table_dispute or st.plain_table(full):
            pass  # every line is disputed already, or every GFM reader reads it alike
        elif self._second_affordable(full, tables=True):
            disputed |= ours ^ st.second_opinion_table_rows(full)
        else:
            # Unknown: every line from the first possible header on may be a row.
            first = st.first_header_line(full)
            disputed.update(range(first, len(newlines) + 1))
        if not disputed:
            return []
        edits = []
        starts = [0, *(n + 1 for n in newlines)]
        for line in sorted(disputed):
            if line >= len(starts):
                continue
            lo = starts[line]
            hi = starts[line + 1] if line + 1 < len(starts) else len(full)
            if hi <= base:
                continue
            for m in _ROW_MARKUP.finditer(full, max(lo, base), hi):
                at = m.start()
                c = full[at]
                if c == "<":
                    edits.append(_Edit(at, at + 1, "&lt;"))
                elif not st.escaped(full, at):
                    edits.append(_Edit(at, at + 1, "\\" + c))
        return edits

    def _edits_for(self, full: str, base: int, items: list[st.Item]) -> list[_Edit]:
        edits: list[_Edit] = []
        inline_html: list[st.Item] = []
        # A text item's checks look at its part from ``base`` on: when none of what they look
        # for is there, no text item has anything to change.
        tail = full[base:]
        texts = (
            (self._s._html and "<" in tail)
            or "](" in tail
            or "]:" in tail
            or "//" in tail
            or "www." in tail.lower()
        )
        for item in items:
            if item.end <= base and item.kind != st.HTML_INLINE:
                continue
            kind = item.kind
            if kind in (st.LINK, st.IMAGE):
                edits.extend(self._link(full, base, item))
            elif kind == st.AUTOLINK:
                edits.extend(self._autolink(full, base, item))
            elif kind == st.HTML_INLINE:
                if item.end > base and self._s._html:
                    inline_html.append(item)
            elif kind == st.HTML_BLOCK:
                if self._s._html:
                    edits.extend(self._html_block(full, base, item))
            elif kind == st.DEFINITION:
                edits.extend(self._definition(full, base, item))
            elif kind == st.TEXT and texts:
                edits.extend(self._text(full, base, item, html=self._s._html))
        if inline_html:
            edits.extend(self._inline_html(full, base, inline_html))
        return _nest(edits)

    def _code_disagreements(self, full: str, base: int, items: list[st.Item]) -> list[_Edit]:
        """Markup the parser calls code block content is left alone only if a second parser
        agrees; where it does not, that markup is escaped."""
        suspects: list[int] = []
        edits: list[_Edit] = []
        spans: list[st.Item] = []
        for item in items:
            if item.kind != st.CODE or item.end <= base:
                continue
            if item.link_type == "block":
                if _plain_fence(full, item.start, item.end):
                    continue
                # A backtick too: where the other parser reads a paragraph, it may open a
                # code span that pairs every later backtick differently.
                # Not the fence run this parser opens the block with, nor what an earlier
                # round escaped.
                opener_end = full.find("\n", item.start, item.end)
                for m in _SUSPECT_IN_BLOCK.finditer(full, max(item.start, base), item.end):
                    at = m.start()
                    c = full[at]
                    if c == "<" or not (
                        st.escaped(full, at)
                        or (c == "`" and at < opener_end and _fence_run(full, at))
                    ):
                        suspects.append(at)
            elif "\n" in full[item.start : item.end]:
                # A code span over several lines: another renderer may end the paragraph, and
                # the span, at any of them (a container's lines, "<p\x85" read as an HTML
                # block start by markdown-it-py). What would be markup there is escaped.
                edits.extend(_escape_suspects(full, max(item.start, base), item.end))
                spans.append(item)
        if spans and _BLOCK_DISAGREEMENT.search(full, 0, spans[-1].end) is not None:
            # A fence or an HTML block before the span, which the parsers may end at different
            # lines: the paragraph holding the span may start elsewhere for markdown-it.
            edits.extend(_split_spans(full, base, spans, self._second_affordable))
        if not suspects:
            return edits
        # Unaffordable, no line is agreed: every suspect is escaped.
        code_lines, openers = (
            st.second_opinion_code_lines(full) if self._second_affordable(full) else ([], set())
        )
        agreed: set[int] = set()
        for a, b in code_lines:
            agreed.update(range(a, b))
        if agreed or openers:
            # The reference implementation must agree too (cmark, in C: cheap).
            reference, reference_openers = st.reference_code_lines(full)
            agreed &= reference
            openers &= reference_openers
        newlines = [m.start() for m in _NEWLINE.finditer(full, 0, suspects[-1])]
        for at in suspects:
            line = bisect_right(newlines, at - 1)
            if line not in agreed:
                c = full[at]
                if c == "`" and line in openers and _fence_run(full, at):
                    continue  # the fence itself, read as one by both parsers
                edits.append(_escape_mark(full, at))
        return edits

    def _span_disagreements(self, full: str, base: int, items: list[st.Item]) -> list[_Edit]:
        """Inline code holding markup is left alone only if cmark reads it as code too;
        where it does not, that markup is escaped (as in a span over several lines)."""
        spans = [
            item
            for item in items
            if item.kind == st.CODE
            and item.link_type != "block"
            and item.end > base
            and _SUSPECT.search(full, max(item.start, base), item.end) is not None
        ]
        if not spans:
            return []
        agree = st.code_spans_agree(full, _SUSPECT_LITERAL)
        if agree and st.TABBED_ITEM.search(full) is not None:
            # markdown-it may end the paragraph elsewhere and pair the backticks otherwise;
            # unaffordable, its reading is unknown: the spans' markup is escaped.
            agree = self._second_affordable(full) and st.second_opinion_code_spans_agree(
                full, _SUSPECT_LITERAL, base
            )
        if agree:
            return []
        edits: list[_Edit] = []
        for item in spans:
            edits.extend(_escape_suspects(full, max(item.start, base), item.end))
        return edits

    def _second_affordable(self, full: str, *, tables: bool = False) -> bool:
        """Whether the second parser may read ``full`` now (its cost is taken if so; a text
        read already costs nothing: its reading is reused). Its GFM reading (``tables``) is
        another reading, at the same price."""
        if full == self._second_text[tables]:
            return self._second_read[tables]
        # Lines in quotes cost markdown-it-py several times as much.
        cost = full.count("\n") + 1 + 2 * len(_QUOTED.findall(full))
        self._second_text[tables] = full
        read = self._second_read[tables] = cost <= self._second_budget
        if read:
            self._second_budget -= cost
        return read

    # -- constructs -----------------------------------------------------------------------

    def _link(self, full: str, base: int, item: st.Item) -> list[_Edit]:
        image = item.kind == IMAGE
        ok, detail = self._judge.judge(item.url, kind=IMAGE if image else LINK)
        if ok and item.link_type == "Inline":
            ok, detail = self._written_destination(full, item)
        if ok:
            return []
        start, end = item.start, item.end
        if image:
            s = max(start, base)
            return [_Edit(s, end, IMAGE_MARKER, Finding("markdown_image", detail, s, end))]
        # A link keeps its text: its "[" and its "](destination)" or "][label]" go.
        label_start, label_end = item.label
        out = []
        if label_end < end:
            s = max(label_end, base)
            out.append(_Edit(s, end, "", Finding("markdown_link", detail, s, end)))
        if start >= base and label_start > start:
            out.append(_Edit(start, label_start, ""))
        return out

    def _written_destination(self, full: str, item: st.Item) -> tuple[bool, str]:
        """A renderer that reads no link here may linkify the destination as written,
        entities and escapes included: that must be unambiguous too."""
        at = full.find("](", item.label[1], item.end)
        if at < 0:
            return True, ""
        # A "<destination>" too: past its "<" (which the pattern stops at), an autolink when
        # the renderer reads no link (pulldown-cmark takes a vertical tab around it as
        # space, markdown-it and cmark do not).
        start = at + 2
        while start < item.end and full[start] in " \t\n\r\x0b\x0c":
            start += 1
        if full.startswith("<", start):
            start += 1
        rest = _URL_REST.match(full, start, item.end)
        raw = rest.group() if rest else ""
        if ("&" not in raw and "\\" not in raw) or "//" not in raw:
            return True, ""
        target = raw if "://" in raw else "https:" + raw if raw[:2] == "//" else raw
        ok, _ = self._judge.judge(target, kind=VISIBLE)
        return ok, "" if ok else "ambiguous-host"

    def _autolink(self, full: str, base: int, item: st.Item) -> list[_Edit]:
        ok, detail = self._judge.judge(item.url, kind=LINK)
        if ok or item.start < base:
            return []
        scheme = item.url.split(":", 1)[0]
        text = f"{scheme}:…" if scheme.lower() not in ("http", "https") else _visible(item.url)
        return [
            _Edit(
                item.start, item.end, text, Finding("markdown_link", detail, item.start, item.end)
            )
        ]

    def _definition(self, full: str, base: int, item: st.Item) -> list[_Edit]:
        ok, detail = self._judge.judge(item.url, kind=DEFINITION)
        if ok:
            # A renderer that reads no definition here may linkify the destination as
            # written, entities and escapes included: that must be unambiguous too.
            m = _DEF_LIKE.match(full, full.rfind("\n", 0, item.start) + 1)
            raw = m.group("dest").strip("<>") if m else ""
            if not raw or raw == item.url or self._judge.judge(raw, kind=VISIBLE)[0]:
                return []
            detail = "ambiguous-host"
        s = max(item.start, base)
        return [_Edit(s, item.end, REFERENCE_MARKER, Finding("markdown_link", detail, s, item.end))]

    def _html_block(self, full: str, base: int, item: st.Item) -> list[_Edit]:
        s = max(item.start, base)
        region = full[s : item.end]
        if not region.strip():
            return []
        trailing = region[len(region.rstrip("\n")) :]
        body = region[: len(region) - len(trailing)]
        cleaned = escape_block_text(self._html.clean(body))
        if cleaned == body:
            return []
        finding = Finding("html", _html_detail(body), s, s + len(body))
        return [_Edit(s, s + len(body), cleaned, finding)]

    def _inline_html(self, full: str, base: int, tags: list[st.Item]) -> list[_Edit]:
        """Tags of a paragraph, grouped into regions not split by code, links or lines."""
        edits: list[_Edit] = []
        k, n = 0, len(tags)
        while k < n:
            s, e = tags[k].start, tags[k].end
            k += 1
            while k < n and not _REGION_BREAK.search(full, e, tags[k].start):
                e = tags[k].end
                k += 1
            if e <= base:
                continue
            s = max(s, base)
            region = full[s:e]
            cleaned = self._html.clean(region)
            if cleaned != region:
                edits.append(_Edit(s, e, cleaned, Finding("html", _html_detail(region), s, e)))
        return edits

    def _text(self, full: str, base: int, item: st.Item, *, html: bool) -> list[_Edit]:
        s, e = max(item.start, base), item.end
        if s >= e:
            return []
        edits: list[_Edit] = []
        chunk = full[s:e]
        if html and "<" in chunk:
            # Text to this parser; another renderer may read a tag if a ">" follows.
            block_end = full.find("\n\n", e)
            block_end = len(full) if block_end < 0 else block_end
            last_gt = full.rfind(">", s, block_end)  # a tag needs a ">" after its "<"
            open_end = not self._final and block_end == len(full)
            for m in _TAG_OPEN.finditer(full, s, e):
                at = m.start()
                if (
                    # Open at the end of a segment (an edit removed its ">"): the next
                    # segment could close it.
                    (open_end and last_gt < at)
                    or _KNOWN_TAG.match(full, m.end())
                    or (last_gt > at and _TAG_LIKE.match(full, at, block_end))
                ):
                    edits.append(_Edit(at, at + 1, "&lt;"))
        if "](" in chunk and _BACKSLASH_SPACE.search(full, s) is not None:
            # Text to this parser; another renderer may read a link there: "\\](" renders
            # as "](" everywhere.
            # The destination runs past the text item: matched without an end bound.
            at = full.find("](", s, e)
            while at >= 0:
                if _LINK_TAIL.match(full, at) and not st.escaped(full, at):
                    edits.append(_Edit(at, at + 1, "\\]"))
                at = full.find("](", at + 1, e)
        if "]:" in chunk:
            # A line another renderer may read as a reference definition (in a table it did
            # not see, say): a disallowed destination loses it; "]\:" renders as "]:".
            line = full.rfind("\n", 0, s) + 1
            # The destination may be on the next line, past this text item and the rest of
            # its line (trailing spaces, the "\r" of a "\r\n").
            eol = full.find("\n", e, e + 4096)
            after = -1 if eol < 0 else full.find("\n", eol + 1, e + 4096)
            for m in _DEF_LIKE.finditer(
                full, line, min(len(full), e + 4096) if after < 0 else after
            ):
                colon = m.start("colon")
                if colon < s or colon >= e:
                    continue
                dest = unescape(_BACKSLASH.sub(r"\1", m.group("dest").strip("<>")))
                ok, detail = self._judge.judge(dest, kind=DEFINITION)
                if not ok:
                    edits.append(
                        _Edit(colon, colon, "\\", Finding("markdown_link", detail, colon, m.end()))
                    )
            if not self._final:
                # A forced cut right after the label: the destination comes in the next
                # segment, where this label is context, never judged again; another reader
                # may take the two as a definition that this parser reads as text.
                label = _DEF_LABEL_AT_END.search(full, line)
                if label is not None and s <= label.start("colon") < e:
                    colon = label.start("colon")
                    finding = Finding("markdown_link", "unterminated", colon, label.end())
                    edits.append(_Edit(colon, colon, "\\", finding))
        if "//" in chunk or "www." in chunk.lower():
            # A URL may begin in released text (a forced cut), after its last stop character.
            lo = max(item.start - 1, 0)
            if s - lo > 64:
                stop = _LAST_STOP.match(full, lo, s)
                if stop is not None:
                    lo = stop.end() - 1
            floor, glued = max(s, item.start), -1  # backticks before floor were checked
            for m in _URL_START.finditer(full, lo, e):
                begin = m.start(1) if m.group(1) else m.start()
                rest = _URL_REST.match(full, m.end())
                end = rest.end() if rest else m.end()
                url = full[begin:end].rstrip(".,;:!?'\")]*_~")
                if m.end() > glued:
                    glued = _glued_ticks(full, max(m.end(), floor), edits)
                if not url or begin + len(url) <= s:
                    continue
                target = (
                    url if "://" in url else "https:" + url if url[:2] == "//" else "http://" + url
                )
                ok, detail = self._judge.judge(target, kind=VISIBLE)
                if ok and "\\" in full[begin : _span_end(full, m.end())]:
                    # A GFM linkifier takes a backslash glued to the URL into the link, so
                    # what it escapes ("\\[", an edit's too) is markup again for that
                    # renderer only: the URL is made no link, and the escape holds everywhere.
                    ok, detail = False, "ambiguous-host"
                if not ok:
                    edits.extend(_visible_edits(url, begin, s, detail))
        return edits

    # -- context --------------------------------------------------------------------------

    def _advance_context(self, out: str, items: list[st.Item] | None) -> None:
        ctx = self._context + out
        if _BLANK_END.search(ctx[-64:]) and not self._block_open(ctx, items):
            self._reset = True
        else:
            # A line at the left margin after a blank line starts a fresh top-level block
            # unless a fenced code or HTML block is still open there: the parser reads what
            # follows the same way without what came before, so the context starts there.
            last = _last_match(_BLOCK_START, ctx, max(len(self._context) - 4, 0))
            if last is not None:
                at, blank = last.end(), last.start() + 1
                if items is None and any(c in ctx for c in "`~<"):
                    items = st.parse(ctx, tables=False)
                if not any(
                    i.kind in (st.CODE, st.HTML_BLOCK) and i.start < at and i.end > blank
                    for i in items or ()
                ):
                    ctx = ctx[at:]
                    self._table_dispute = False
        if len(ctx) > _CONTEXT_MAX:
            ctx = self._trimmed(ctx)
        self._context = ctx

    def _block_open(
        self, ctx: str, items: list[st.Item] | None = None, *, indented: bool = True
    ) -> bool:
        """Whether a fenced code or HTML block (or, with ``indented``, an indented code
        block) is still open at the end of ``ctx``.

        ``items``, the last parse of exactly ``ctx``, serve when no table can form (a parse
        with tables then reads the same blocks as one without).
        """
        if not any(c in ctx for c in "`~<"):
            return False
        end = len(ctx.rstrip("\n"))
        if items is None or st.has_table(ctx):
            text, floor, plain = self._plain
            # The last reading without tables, if it was of this text: what it left out
            # ends before ``floor``, and only what reaches ``end`` counts.
            items = plain if text == ctx and floor <= end else st.parse(ctx, tables=False)
        return any(
            i.end >= end
            and (
                i.kind == st.HTML_BLOCK
                or (i.kind == st.CODE and (indented or ctx.startswith(("```", "~~~"), i.start)))
            )
            for i in items
        )

    def _trimmed(self, ctx: str) -> str:
        """A short context the parser reads the next segment after as it would the long one
        (``st.short_context``: the lines that open the blocks still open, a table's header
        and delimiter row). When none is found, the rest of the answer is escaped."""
        keep = (0, 0)
        if st.has_table(ctx):
            header = self._table_header(ctx)
            if header is None:
                # The readers disagree whether a table is open here, or it cannot be known:
                # every line of the block from now on is read both ways.
                self._table_dispute = True
            else:
                keep = header
        short = st.short_context(ctx, keep)
        if short is None or len(short) > _CONTEXT_MAX // 2:
            self._blunted = True
            return ""
        return short

    def _table_header(self, ctx: str) -> tuple[int, int] | None:
        """Where the header and delimiter lines of the table open at the end of ``ctx`` are
        (an empty range when no reader has one open there), if every GFM reader agrees on
        it; else ``None``.

        Kept as context, they keep the rows that follow rows: without them, a GFM renderer
        would split a code span at its ``|`` that this parser reads as one."""
        items = st.parse(ctx, tables=True)
        newlines = [m.start() for m in _NEWLINE.finditer(ctx)]
        last = bisect_right(newlines, len(ctx.rstrip("\n")) - 1)
        rows = {bisect_right(newlines, i.start - 1) for i in items if i.kind == st.ROW}
        heads = [i for i in items if i.kind == st.ROW and i.link_type == "head"]
        reference = st.reference_table_rows(ctx)
        second: frozenset[int] | set[int]
        if st.plain_table(ctx):
            second = reference  # every GFM reader reads it alike
        elif self._second_affordable(ctx, tables=True):
            second = st.second_opinion_table_rows(ctx)
        else:
            return None
        if last not in rows and last not in reference and last not in second:
            return (0, 0)
        if not heads or last not in rows or last not in reference or last not in second:
            return None
        head = bisect_right(newlines, heads[-1].start - 1)
        if head not in reference or head not in second or head + 1 >= len(newlines):
            return None
        begin = newlines[head - 1] + 1 if head else 0
        return (begin, newlines[head + 1] + 1)

    def _classify_tokens(self, ctx: str, out: str, items: list[st.Item]) -> str:
        """Mark each restore token as sitting in code ("C"), raw HTML ("H") or text ("X")."""
        assert self._tokens is not None
        base = len(ctx)
        code = [(i.start - base, i.end - base) for i in items if i.kind == st.CODE]
        html = [
            (i.start - base, i.end - base)
            for i in items
            if i.kind in (st.HTML_BLOCK, st.HTML_INLINE)
        ]

        def mark(m: re.Match[str]) -> str:
            at = m.start()
            where = (
                "C"
                if any(a <= at < b for a, b in code)
                else "H"
                if any(a <= at < b for a, b in html)
                else "X"
            )
            return m.group(1) + where + m.group(2)

        return self._tokens.sub(mark, out)


# "](" before a backslash and a space: markdown-it's destination skips whatever follows a
# backslash (a space, a tab, a line end), pulldown-cmark's ends there.
_BACKSLASH_SPACE = re.compile(r"\\\s")
# bounded: a few steps a "](", or up to the next "<", ">" or line end in "<destination>"
_LINK_TAIL = re.compile(r"\](?=\(\s{0,8}(?:\S{0,64}?|<[^<>\n]{0,256}?)\\\s)")
_REGION_BREAK = re.compile(r"[\n`]|\]\(")
_BLANK_END = re.compile(r"\n[ \t]*\n$")
_BLOCK_START = re.compile(r"\n[ \t]*\n(?=[^\s\x85\u2028\u2029])")


_LONE_CR = re.compile("\r(?!\n)|[\x00\x0b\x0c]")
_LINE_END_FIXES: Final = {"\r": "\n", "\x00": "\ufffd", "\x0b": " ", "\x0c": " "}


def _line_ends(text: str) -> str:
    """A lone CR becomes LF and NUL becomes U+FFFD, as CommonMark reads them; a vertical
    tab or form feed becomes a space.

    Every renderer then agrees on where lines end. pulldown-cmark alone reads VT and FF as
    spaces (a line of them is blank to it, so "+ \f" is an empty item and a marker line
    after it ends the list, where markdown-it and cmark read a lazy line and a fence in the
    item); as spaces, every reader reads them as this parser did.
    """
    if "\r" not in text and "\x00" not in text and "\x0b" not in text and "\x0c" not in text:
        return text
    return _LONE_CR.sub(lambda m: _LINE_END_FIXES[m.group()], text)


_URL_MARK = re.compile(r"//|(?i:www)\.")
_AUTOLINK_REACH = 256


def _in_autolink(raw: str, at: int) -> bool:
    """Whether ``raw[at]`` may be inside a URL as cmark-gfm's autolink reads it: a URL mark
    since the last ASCII space or "<" (looked for in the last ``_AUTOLINK_REACH`` chars)."""
    floor = max(0, at - _AUTOLINK_REACH)
    stop = max(raw.rfind(c, floor, at) for c in _AUTOLINK_STOPS)
    return _URL_MARK.search(raw, max(stop + 1, floor), at) is not None


def _escape_mark(full: str, at: int) -> _Edit:
    """The escape of the markup character at ``at``: ``&lt;`` for "<", a backslash else."""
    c = full[at]
    return _Edit(at, at + 1, "&lt;" if c == "<" else "\\" + c)


def _escape_suspects(full: str, start: int, end: int) -> list[_Edit]:
    """Escapes of what would be markup outside code in ``full[start:end]``, but for marks an
    earlier round escaped already (literal in the code)."""
    return [
        _escape_mark(full, m.start())
        for m in _SUSPECT.finditer(full, start, end)
        if full[m.start()] == "<" or not st.escaped(full, m.start())
    ]


def _glued_ticks(full: str, at: int, edits: list[_Edit]) -> int:
    """Escape the backticks glued to a URL, from ``at`` to the next whitespace; returns
    where that ends.

    A GFM linkifier (markdown-it's) reads everything short of whitespace into the URL,
    quotes and backticks too, before any code span is paired: a backtick there that
    CommonMark pairs with a later one (maybe in a segment not received yet) would leave
    that span's content to be read as Markdown by the GFM renderer only. Escaped, the
    backticks are text for every renderer. cmark-gfm's extended autolinks run on past
    Unicode spaces (a no-break space, U+2028) to the next ASCII space or ``<``: so far, too.
    """
    space = _AUTOLINK_STOP.search(full, at)
    stop = space.start() if space is not None else len(full)
    for run in _BACKTICKS.finditer(full, at, stop):
        if not st.escaped(full, run.start()):
            edits.append(_Edit(run.start(), run.end(), "\\`" * (run.end() - run.start())))
    return stop


def _span_end(full: str, at: int) -> int:
    """Where the whitespace that ends a linkified URL is, from ``at`` on."""
    space = _SPACE.search(full, at)
    return space.start() if space is not None else len(full)


def _visible_edits(url: str, at: int, floor: int, detail: str) -> list[_Edit]:
    """Escapes making the bare URL ``url`` (at ``at``) no link; only those at ``floor`` on."""
    marks: list[int] = []
    head = url.find("://")
    if head >= 0:
        marks.append(head)
        host_from = head + 3
    else:
        host_from = 2 if url.startswith("//") else 0
        if host_from:
            marks.append(1)
    host_end = len(url)
    for c in "/?#":
        i = url.find(c, host_from)
        if i >= 0:
            host_end = min(host_end, i)
    marks.extend(i for i in range(host_from, host_end) if url[i] in ".@\\")
    edits = [_Edit(at + i, at + i + 1, "\\" + url[i]) for i in marks if at + i >= floor]
    if edits:
        first = edits[0]
        edits[0] = _Edit(
            first.start,
            first.end,
            first.text,
            Finding("markdown_link", detail, max(at, floor), at + len(url)),
        )
    return edits


def _visible(url: str) -> str:
    """A bare URL no renderer linkifies: its ":" and the dots of its host are escaped."""
    head, sep, rest = url.partition("://")
    if not sep:
        head, rest = "", url.removeprefix("//")
        if rest != url:
            return "/\\/" + _visible(rest)
    host_end = len(rest)
    for c in "/?#":
        i = rest.find(c)
        if i >= 0:
            host_end = min(host_end, i)
    host = rest[:host_end].replace(".", "\\.")
    return (head + "\\:" + "//" if sep else "") + host + rest[host_end:]


def _html_detail(region: str) -> str:
    names = tag_names(region)
    disallowed = sorted({n for n in names if n not in ALLOWED_TAGS})
    return ",".join(disallowed[:8]) or ("markup" if not names else "attributes")


def _nest(edits: list[_Edit]) -> list[_Edit]:
    """Drop edits contained in another; a partial overlap removes both spans wholly."""
    edits.sort(key=lambda e: (e.start, -e.end))
    out: list[_Edit] = []
    for e in edits:
        if out and e.start < out[-1].end:
            last = out[-1]
            if e.end > last.end:
                out[-1] = _Edit(last.start, e.end, IMAGE_MARKER, last.finding or e.finding)
            continue
        out.append(e)
    return out


def _merge_leaks(edits: list[_Edit]) -> list[_Edit]:
    """Overlapping leak and PII spans become one leak span."""
    edits.sort(key=lambda e: (e.start, -e.end))
    out: list[_Edit] = []
    for e in edits:
        if out and e.start < out[-1].end:
            last = out[-1]
            if e.end > last.end:
                keep = last if last.text == LEAK_MARKER else e
                assert keep.finding is not None
                f = keep.finding
                out[-1] = _Edit(
                    last.start, e.end, keep.text, Finding(f.kind, f.detail, last.start, e.end)
                )
            continue
        out.append(e)
    return out


def _last_match(pattern: re.Pattern[str], text: str, start: int) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text, start):  # noqa: B007  # the last one is kept
        pass
    return found


_PLAIN_FENCE = re.compile(r"(`{3,}|~{3,})[\w+\-. ]*\n", re.ASCII)
_FENCE_LIKE = re.compile(r"(?m)^ {0,3}(?:`{3,}|~{3,})")
# A line that may start an HTML block (after container markers), and a tag's start.
_HTML_LINE = re.compile(r"(?m)^[ \t>*+\-0-9.)]{0,16}<[A-Za-z/!?]")
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_NEWLINE = re.compile(r"\n")
# In a line read as a table row by one reader only: what could be markup either way.
_ROW_MARKUP = re.compile(r"[`<\[\]|]|(?<![\w/])/(?=/)")
_BLOCK_DISAGREEMENT = re.compile(r"(?m)^[ \t>*+\-0-9.)]{0,16}(?:```|~~~|<[A-Za-z/!?])")
_FENCE_OPENER = re.compile(r"[ \t>*+\-0-9.)]{0,16}(`{3,})")  # after container markers


def _plain_fence(full: str, start: int, end: int) -> bool:
    """A fenced code block every CommonMark parser reads alike: at the margin after a blank
    line (or at the start), ASCII without CR, FF or VT, a plain info string, and no fence-like
    line but its closing one, last. No second opinion is needed there."""
    if start and full[max(start - 2, 0) : start] != "\n\n":
        return False
    block = full[start:end]
    if not block.isascii() or "\r" in block or "\f" in block or "\v" in block:
        return False
    opener = _PLAIN_FENCE.match(block)
    if opener is None:
        return False
    fence = opener.group(1)
    for m in _FENCE_LIKE.finditer(block, opener.end()):
        line_end = block.find("\n", m.start())
        line = block[m.start() : len(block) if line_end < 0 else line_end].strip()
        closing = line.strip(fence[0]) == "" and len(line) >= len(fence) and line[0] == fence[0]
        if not closing or block[len(block) if line_end < 0 else line_end + 1 :].strip():
            return False
    return True


def _split_spans(
    full: str, base: int, spans: list[st.Item], affordable: Callable[[str], bool]
) -> list[_Edit]:
    """Code spans over several lines that markdown-it does not read within one paragraph:
    there it pairs their backticks with others, and what this parser calls code may be
    markup. Their delimiters are escaped: text for every renderer, and what they held is
    sanitized as Markdown in the next round."""
    # Unaffordable, no paragraph is known: every span loses its delimiters.
    paragraphs = st.second_opinion_inline_lines(full) if affordable(full) else []
    edits = []
    for item in spans:
        first = full.count("\n", 0, item.start)
        last = first + full.count("\n", item.start, item.end - 1)
        if any(a <= first and last < b for a, b in paragraphs):
            continue
        opener = _BACKTICKS.match(full, item.start)
        run = len(opener.group()) if opener else 1
        for at in (item.start, item.end - run):
            if at >= base and not st.escaped(full, at):
                edits.append(_Edit(at, at + run, "\\`" * run))
    return edits


def _fence_run(text: str, at: int) -> bool:
    """Whether the backtick at ``at`` is in the fence run that opens its line."""
    line = text.rfind("\n", 0, at) + 1
    m = _FENCE_OPENER.match(text, line)
    return m is not None and m.start(1) <= at < m.end(1)


def _last_word(raw: str, p: int) -> str:
    """The word before the whitespace that ends at ``p``."""
    end = p - 1
    while end > 0 and raw[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not raw[start - 1].isspace():
        start -= 1
    return raw[start:end]


def _html_block_disagreements(
    full: str, base: int, items: list[st.Item], affordable: Callable[[str], bool]
) -> list[_Edit]:
    """Tags in lines a second parser reads as an HTML block where this one does not.

    The parsers differ on which characters are whitespace after a tag ("<x-y>\u2028" starts an
    HTML block for markdown-it-py, not for pulldown-cmark), and an HTML block passes every tag
    that follows, until a blank line, to the page. Those tags are escaped: text everywhere.
    """
    if _HTML_LINE.search(full) is None:
        return []
    # Unaffordable, every line may be in an HTML block: its tags outside ours are escaped.
    lines = st.second_opinion_html_lines(full) if affordable(full) else [(0, full.count("\n") + 1)]
    if not lines:
        return []
    ours = [(i.start, i.end) for i in items if i.kind == st.HTML_BLOCK]
    starts = [0, *(m.end() for m in _NEWLINE.finditer(full))]
    edits = []
    for first, end in lines:
        lo, hi = starts[first], starts[end] if end < len(starts) else len(full)
        if hi <= base:
            continue
        for m in _TAG_START.finditer(full, max(lo, base), hi):
            at = m.start()
            # A backslash escapes nothing in an HTML block: "\<img>" is a tag there too.
            if not any(a <= at < b for a, b in ours):
                edits.append(_Edit(at, at + 1, "&lt;"))
    return edits


def _escape_open(
    raw: str, cut: int, opened: list[tuple[int, str]], code: list[tuple[int, int]]
) -> tuple[str, list[tuple[int, int, str]]]:
    """Escape open constructs before ``cut`` so the text after can never complete them;
    also returns the escapes made (start, end, replacement), in ``raw``'s offsets."""
    edits: list[tuple[int, int, str]] = []
    for at, kind in opened:
        if at < 0 or at >= cut or any(a <= at < b for a, b in code):
            continue
        if kind == "tick":
            run = len(raw[at:cut]) - len(raw[at:cut].lstrip("`"))
            edits.append((at, at + run, "\\`" * run))
        elif kind == "bracket":
            edits.append((at, at + 1, "\\["))
        elif kind == "paren":
            edits.append((at + 1, at + 2, "\\("))
        elif kind == "lt":
            edits.append((at, at + 1, "&lt;"))
    out, pos = [], 0
    applied: list[tuple[int, int, str]] = []
    for s, e, t in sorted(edits):
        if s < pos:
            continue
        out.append(raw[pos:s])
        out.append(t)
        applied.append((s, e, t))
        pos = e
    out.append(raw[pos:])
    return "".join(out), applied
