"""Output sanitization: make a model's answer safe to show.

The answer is cut into *segments* at positions that depend only on the text (line ends where no
construct is open, or a forced cut once a segment reaches ``max_segment`` characters). Each
segment is cleaned on its own, with a small state carried from the previous one (open code
fence, open HTML block, the last words for system-prompt overlap). Whole-text sanitization and
:mod:`mistral_secure._streaming` run the same engine, so a stream gives exactly the same output
as the whole text, for every chunking, with memory bounded by ``max_segment``.

Per segment: (1) system-prompt leaks and PII/secrets are replaced, (2) the Markdown block and
inline structure is scanned (code fences, code spans, raw HTML tags, links, images), (3) HTML
outside code goes through ``nh3`` and dangerous links/images are neutralised. Code is kept
verbatim: the output is safe to render with a Markdown renderer or as plain text.
"""

from __future__ import annotations

import itertools
import re
import secrets
from bisect import bisect_left, bisect_right
from collections.abc import Collection
from dataclasses import dataclass, replace
from html import unescape
from typing import Final
from urllib.parse import urlsplit

import nh3
import re2

from ._redaction import find_entities

__all__ = [
    "DEFAULT_MAX_SEGMENT",
    "OutputFinding",
    "OutputSanitizer",
    "SanitizedOutput",
    "make_canary",
    "sanitize_output",
]

DEFAULT_MAX_SEGMENT: Final = 4096
_MIN_SEGMENT: Final = 200
_SHINGLE: Final = 8
_LEAK_GAP: Final = 3
IMAGE_MARKER: Final = "[image removed]"
LEAK_MARKER: Final = "[removed: system prompt]"
REFERENCE_MARKER: Final = "[reference removed]"

_ALLOWED_TAGS: Final = frozenset(
    (  # noqa: SIM905
        "a abbr b blockquote br code del em h1 h2 h3 h4 h5 h6 hr i kbd li ol p pre s strong "
        "sub sup table tbody td tfoot th thead tr u ul"
    ).split()
)
# Their content is code or markup, never prose the reader needs: drop it with the tag.
_CONTENT_TAGS: Final = frozenset(
    (  # noqa: SIM905
        "script style template textarea noscript iframe object embed svg math title xmp "
        "noembed noframes select frameset applet"
    ).split()
)
# Any name a browser gives meaning to. Unknown names without attributes (``Vec<String>``) stay.
_KNOWN_TAGS: Final = (
    _ALLOWED_TAGS
    | _CONTENT_TAGS
    | frozenset(
        (  # noqa: SIM905
            "acronym address animate animatemotion animatetransform area article aside audio base "
            "basefont bdi bdo bgsound big blink body button canvas caption center cite col "
            "colgroup data datalist dd details dfn dialog dir div dl dt feimage fieldset "
            "figcaption figure font footer foreignobject form frame g head header hgroup html "
            "image img input ins isindex keygen label legend link listing main map mark marquee "
            "menu menuitem meta meter mglyph mi mn mo ms mtext nav nobr optgroup option output "
            "param picture plaintext portal progress q rp rt rtc ruby samp search section set "
            "slot small source spacer span strike summary tbody time track tt use var video wbr "
            "image"
        ).split()
    )
)
_SAFE_SCHEMES: Final = frozenset({"http", "https", "mailto"})

_CLEANER: Final = nh3.Cleaner(
    tags=set(_ALLOWED_TAGS),
    clean_content_tags=set(_CONTENT_TAGS),
    attributes={"a": {"href", "title"}, "abbr": {"title"}},
    url_schemes=set(_SAFE_SCHEMES),
    url_relative="deny",
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)

_FENCE_OPEN = re.compile(r" {0,3}(`{3,}|~{3,})([^\n]*)")
_HTML_BLOCK = re.compile(r" {0,3}<[A-Za-z/!?]")
# Every branch opens with a literal, so the engine skips plain text by the first character.
_INLINE = re.compile(r"\\.|``*|<[A-Za-z/!?]|\]\(", re.S)
# In a raw HTML block a backslash escapes nothing: a browser reads ``\<img>`` as a tag.
_INLINE_RAW = re.compile(r"``*|<[A-Za-z/!?]|\]\(")
# A line end before a line that may open or close a block (blank, indented, fence, HTML).
_LINE_LEAD = re.compile(r"\n(?=[\s`~<])")
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]{1,31}):[^\s<>]*>")
_DEFINITION = re.compile(
    r"(?m)^ {0,3}\[(?:[^\[\]\\\n]|\\.){1,999}(?P<close>\]):[ \t]*(?:\n[ \t]*)?"
    r"(?P<url><[^<>\n]*>|\S+)"
)
_WORD = re.compile(r"\w+")
_CUT_TOKEN = re.compile(r"\\.|``*|<[A-Za-z/!?]|\[|\]", re.S)
# Characters that may open a construct or a fence, and the PEM header the cutter tracks.
_CUT_SPECIAL = re.compile(r"[<\[\]`~]|-----BEGIN")
_CUT_ACTIVE = re.compile(r"[<\[\]`]")
_WS = re.compile(r"\s")
_TAG_START: Final = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/!?")
_CONTROL = re.compile(r"[\x00-\x20]")
_REGION_BREAK = re.compile(r"[\n`]|\]\(")
_INLINE_ACTIVE = re.compile(r"[`<\]]")
_BRACKET = re.compile(r"[\[\]]")
_TICKS = re.compile(r"`+")
_TICK_RUNS: Final = tuple(re.compile(rf"(?<!`)`{{{n}}}(?!`)") for n in range(9))
_DEST_STOP = re.compile(r"[\s()]")
# Characters whose removal could change the structure around them (code spans, tags, escapes).
_STRUCTURAL = re.compile(r"[`<>\\\[\]]")
# An ``href`` as nh3 writes it (double quotes, "&" and '"' escaped), inside an ``<a>`` tag.
# RE2: "[^>]*?" then "\s+" would make Python's re quadratic on a long run of spaces.
_HREF = re2.compile(r'(<a\b[^>]*?)\s+href="([^"]*)"')
# Edits can uncover structure (a removed tag took a backslash with it): the edited text is
# scanned again, up to this many times, before a last blunt pass.
_RESCANS: Final = 3
# What may stand before a reference definition's "[" on its line: container markers, or text a
# sanitizer edit may have removed. Anything else (``list[int]:``) cannot open a definition.
_DEF_LEAD = re.compile(r"(?:[ \t>*+\-.)0-9]|<[^<>\n]*>)*")
# Cutter results of lines read from a clear state, keyed by the line (bounded).
_CUT_LINES: dict[str, tuple[bool, str, bool, int, int, bool, bool]] = {}
_MEMO_LINE: Final = 200
_MEMO_SIZE: Final = 4096
# Tag-like spans and HTML regions already classified or cleaned (bounded, same keys as above).
_SPANS: dict[str, tuple[str | None, bool]] = {}
_CLEANED: dict[str, str] = {}
# Longest link/image destination read; a longer one is removed (and reported as "too-long").
_URL_CAP: Final = 2048


def make_canary() -> str:
    """Return a random token to embed in a system prompt; seeing it in an answer means a leak."""
    return f"ms-canary-{secrets.token_hex(12)}"


@dataclass(frozen=True, slots=True)
class OutputFinding:
    """Something the sanitizer changed.

    ``kind`` is one of ``"html"``, ``"markdown_image"``, ``"markdown_link"``, ``"leak_canary"``,
    ``"leak_system_prompt"``, ``"pii"``. ``detail`` names a tag, a scheme, a host or an entity
    type, never content. ``start``/``end`` are offsets in the original text.
    """

    kind: str
    detail: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class SanitizedOutput:
    """The cleaned text and what was changed in it."""

    text: str
    findings: tuple[OutputFinding, ...] = ()

    @property
    def leaked(self) -> bool:
        """True if the answer repeated the canary or the system prompt."""
        return any(f.kind.startswith("leak_") for f in self.findings)

    @property
    def entity_counts(self) -> dict[str, int]:
        """How many PII/secret values of each type were redacted."""
        counts: dict[str, int] = {}
        for f in self.findings:
            if f.kind == "pii":
                counts[f.detail] = counts.get(f.detail, 0) + 1
        return counts

    def __repr__(self) -> str:
        kinds = sorted({f.kind for f in self.findings})
        return (
            f"SanitizedOutput(chars={len(self.text)}, findings={len(self.findings)}, kinds={kinds})"
        )


# --------------------------------------------------------------------------- options


def _host_rules(hosts: Collection[str], what: str) -> frozenset[str]:
    if isinstance(hosts, str):
        raise TypeError(f"{what} must be a collection of host names, not a str")
    out = set()
    for entry in hosts:
        if not isinstance(entry, str):
            raise TypeError(f"{what} entries must be str, got {type(entry).__name__}")
        h = entry.strip().lower().rstrip(".")
        if not h or "/" in h or " " in h:
            raise ValueError(f"{what}: invalid host name entry")
        out.add(h.removeprefix("*."))
    return frozenset(out)


def _host_allowed(host: str, rules: frozenset[str]) -> bool:
    if "*" in rules:
        return True
    host = host.lower().rstrip(".")
    return any(host == r or host.endswith("." + r) for r in rules)


# Answers repeat their links; parsing a URL costs more than the rest of a link's handling.
_VERDICTS: dict[tuple[str, frozenset[str]], tuple[bool, str]] = {}
_VERDICTS_MAX: Final = 1024


def _url_verdict(url: str, rules: frozenset[str]) -> tuple[bool, str]:
    """(allowed, detail): detail is a scheme or a host, never the path or query."""
    key = (url, rules)
    verdict = _VERDICTS.get(key)
    if verdict is None:
        verdict = _parse_verdict(url, rules)
        if len(url) <= 256:
            if len(_VERDICTS) >= _VERDICTS_MAX:
                _VERDICTS.clear()
            _VERDICTS[key] = verdict
    return verdict


def _parse_verdict(url: str, rules: frozenset[str]) -> tuple[bool, str]:
    # Browsers drop these before parsing a scheme: ``java\tscript:`` is still javascript.
    cleaned = _CONTROL.sub("", url)
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return False, "invalid"
    scheme = parts.scheme.lower()
    if not scheme:
        return False, "relative"
    if scheme not in _SAFE_SCHEMES:
        return False, f"scheme:{scheme[:20]}"
    if scheme == "mailto":
        return True, "mailto"
    host = (parts.hostname or "")[:253]
    if not host:
        return False, "no-host"
    return _host_allowed(host, rules), host


# --------------------------------------------------------------------------- segment state


@dataclass(frozen=True, slots=True)
class _Flow:
    """Markdown structure carried from one segment to the next (a function of the text so far)."""

    line_start: bool = True
    fence: str = ""
    para_html: bool = False
    skip_tick: int = 0  # a code-span opener left open by a forced cut; its closer is not an opener
    open_lt: bool = False  # the output so far ends with "<"


@dataclass(slots=True)
class _Cutter:
    """Where a segment may end: a line end with no construct open. Runs on the original text."""

    line_start: bool = True
    fence: str = ""
    tag_open: bool = False
    bracket: int = 0
    tick: int = 0
    pem: bool = False
    paren: bool = False  # a "](" with no ")" after it yet: the next lines may complete it

    def clear(self) -> bool:
        """True if nothing is open: a plain line keeps it so."""
        return not (
            self.fence or self.tag_open or self.bracket or self.tick or self.pem or self.paren
        )

    def line(self, piece: str) -> bool:
        """Consume a line (or its part before a forced cut); True if a cut may follow."""
        ends = piece[-1:] == "\n"
        body = piece[:-1] if ends else piece
        at_start, self.line_start = self.line_start, ends
        if at_start and len(body) <= _MEMO_LINE and self.clear():
            # From a clear line start a line's effect depends on its text alone; answers and
            # hostile inputs repeat lines (blank ones, list items, tags).
            memo = _CUT_LINES.get(body)
            if memo is None:
                ok = self._body(body, True)
                if len(_CUT_LINES) >= _MEMO_SIZE:
                    _CUT_LINES.clear()
                _CUT_LINES[body] = (
                    ok,
                    self.fence,
                    self.tag_open,
                    self.bracket,
                    self.tick,
                    self.pem,
                    self.paren,
                )
                return ends and ok
            ok, self.fence, self.tag_open, self.bracket, self.tick, self.pem, self.paren = memo
            return ends and ok
        ok = self._body(body, at_start)
        return ends and ok

    def _body(self, body: str, at_start: bool) -> bool:
        if "-----" in body:
            if "-----BEGIN" in body:
                self.pem = "-----END" not in body[body.rfind("-----BEGIN") :]
            elif self.pem and "-----END" in body:
                self.pem = False
        if self.fence:
            if at_start and _closes(body, self.fence):
                self.fence = ""
            return not self.pem
        if at_start and not self.tag_open:
            lead = body[:1]
            if (not lead or lead.isspace()) and not body.strip():
                self.bracket = self.tick = 0
                self.paren = False
                return not self.pem
            if (
                self.tick == 0
                and lead in " `~"
                and (m := _FENCE_OPEN.match(body))
                and _valid_fence(m)
            ):
                self.fence = m.group(1)
                self.paren = False  # the fence ends the paragraph the "](" was in
                return not self.pem
        if self.tag_open or self.tick or _CUT_ACTIVE.search(body):
            self._inline(body)
        # Raw text, like the link check: any later ")" in the block may close the destination.
        if (r := body.rfind("](")) >= 0:
            self.paren = body.find(")", r + 2) < 0
        elif self.paren and ")" in body:
            self.paren = False
        return not (
            self.tag_open or self.tick or self.bracket or self.pem or self.paren
        ) and not body.rstrip().endswith("]:")

    def _inline(self, body: str) -> None:
        pos = 0
        if self.tag_open:
            pos = body.find(">") + 1
            if not pos:
                return
            self.tag_open = False
        for m in _CUT_TOKEN.finditer(body, pos):
            if m.start() < pos:
                continue
            tok = m.group()
            if tok[0] == "`":
                if self.tick == 0:
                    self.tick = len(tok)
                elif self.tick == len(tok):
                    self.tick = 0
            elif self.tick or tok[0] == "\\":
                continue
            elif tok[0] == "<":
                j = body.find(">", m.start() + 1)
                if j < 0:
                    self.tag_open = True
                    return
                pos = j + 1
            elif tok == "[":
                self.bracket += 1
            elif tok == "]" and self.bracket:
                self.bracket -= 1


def _valid_fence(m: re.Match[str]) -> bool:
    return not (m.group(1)[0] == "`" and "`" in m.group(2))


def _closes(body: str, fence: str) -> bool:
    s = body.lstrip(" ")
    if len(body) - len(s) > 3:
        return False
    run = len(s) - len(s.lstrip(fence[0]))
    return run >= len(fence) and not s[run:].strip()


# --------------------------------------------------------------------------- the engine


@dataclass(slots=True)
class _Edit:
    start: int
    end: int
    text: str
    finding: OutputFinding | None = None


class _Engine:
    """Cuts text into segments and sanitizes them; shared by whole-text and stream paths."""

    def __init__(self, sanitizer: OutputSanitizer) -> None:
        self._s = sanitizer
        self._max = sanitizer.max_segment
        self._buf = ""
        self._start = 0  # _buf[:_start] was emitted; kept so a big feed is not re-copied per cut
        self._offset = 0  # absolute offset of _buf[_start]
        self._scanned = 0  # _buf[:_scanned] went through the cutter
        self._cutter = _Cutter()
        self._flow = _Flow()
        self._words: tuple[str, ...] = ()
        self.findings: list[OutputFinding] = []

    @property
    def buffered(self) -> int:
        return len(self._buf) - self._start

    def feed(self, chunk: str) -> str:
        if self._start:
            self._buf, self._scanned = self._buf[self._start :], self._scanned - self._start
            self._start = 0
        self._buf += chunk
        return self._drain()

    def flush(self) -> str:
        out = self._drain()
        if self.buffered:
            out += self._emit(len(self._buf), final=True)
        return out

    def _drain(self) -> str:
        out: list[str] = []
        while True:
            cut = self._find_cut()
            if cut is None:
                break
            out.append(self._emit(cut, final=False))
        return "".join(out)

    def _find_cut(self) -> int | None:
        buf, start, cutter = self._buf, self._start, self._cutter
        limit = start + self._max
        while True:
            if cutter.clear():
                # Lines without any construct character keep the cutter clear and may each end
                # a segment: jump to the first line end past the minimum size.
                nl = buf.find("\n", max(self._scanned, start + _MIN_SEGMENT - 1), limit)
                if nl >= 0:
                    special = _CUT_SPECIAL.search(buf, self._scanned, nl + 1)
                    if special is None:
                        cutter.line_start, self._scanned = True, nl + 1
                        return nl + 1
                    line = buf.rfind("\n", self._scanned, special.start()) + 1
                    if line > self._scanned:
                        cutter.line_start, self._scanned = True, line
            nl = buf.find("\n", self._scanned, limit)
            if nl < 0:
                break
            end = nl + 1
            ok = cutter.line(buf[self._scanned : end])
            self._scanned = end
            if ok and end - start >= _MIN_SEGMENT:
                return end
        if len(buf) < limit:
            return None
        # Forced cut: after the last whitespace, never right after a "<". All line ends before
        # the limit were scanned, so the cutter only has the tail of the last line to see.
        ws = max(buf.rfind(" ", start, limit), buf.rfind("\n", start, limit))
        ws = max(ws, buf.rfind("\t", start, limit))
        cut = ws + 1 if ws - start >= self._max // 2 else limit
        if buf[cut - 1] == "<" and cut - 1 > self._scanned:
            cut -= 1
        if cut > self._scanned:
            cutter.line(buf[self._scanned : cut])
            self._scanned = cut
        return cut

    def _emit(self, cut: int, *, final: bool) -> str:
        segment = self._buf[self._start : cut]
        self._start = cut
        self._scanned = max(cut, self._scanned)
        out, flow, words, findings = self._s._segment(
            segment, self._flow, self._words, self._offset, final=final
        )
        self._flow, self._words = flow, words
        self._offset += len(segment)
        self.findings.extend(findings)
        return out


# --------------------------------------------------------------------------- sanitizer


class OutputSanitizer:
    """Cleans model output: HTML, dangerous links/images, system-prompt leaks, PII and secrets.

    ``allowed_hosts``: hosts (and their subdomains) whose images may be shown; empty by default,
    which removes every image. ``link_hosts``: hosts links may point to (``"*"`` for any);
    defaults to ``allowed_hosts``. Links elsewhere keep their text and lose their URL.
    """

    __slots__ = (
        "_canary",
        "_canary_re",
        "_entities",
        "_html",
        "_image_hosts",
        "_link_hosts",
        "_prompt_shingles",
        "_prompt_vocab",
        "_redact",
        "max_segment",
    )

    def __init__(
        self,
        *,
        allowed_hosts: Collection[str] = (),
        system_prompt: str | None = None,
        canary: str | None = None,
        redact_pii: bool = True,
        entities: Collection[str] | None = None,
        html: bool = True,
        link_hosts: Collection[str] | None = None,
        max_segment: int = DEFAULT_MAX_SEGMENT,
    ) -> None:
        self._image_hosts = _host_rules(allowed_hosts, "allowed_hosts")
        self._link_hosts = (
            self._image_hosts if link_hosts is None else _host_rules(link_hosts, "link_hosts")
        )
        if system_prompt is not None and not isinstance(system_prompt, str):
            raise TypeError(f"system_prompt must be str, got {type(system_prompt).__name__}")
        if canary is not None:
            if not isinstance(canary, str):
                raise TypeError(f"canary must be str, got {type(canary).__name__}")
            if len(canary.strip()) < 8 or _WS.search(canary):
                raise ValueError("canary must be at least 8 characters with no whitespace")
        if entities is not None and isinstance(entities, str):
            raise TypeError("entities must be a collection of entity names, not a str")
        if not isinstance(max_segment, int) or isinstance(max_segment, bool):
            raise TypeError("max_segment must be int")
        if max_segment < 512:
            raise ValueError("max_segment must be at least 512")
        self._canary = canary
        self._canary_re = re.compile(re.escape(canary), re.I) if canary else None
        prompt_words = _WORD.findall(system_prompt.casefold()) if system_prompt else []
        self._prompt_shingles = _shingles(prompt_words)
        self._prompt_vocab = frozenset(prompt_words)
        self._redact = bool(redact_pii)
        self._entities = None if entities is None else frozenset(entities)
        if self._redact:
            find_entities("", entities=self._entities)  # validates entity names now
        self._html = bool(html)
        self.max_segment = max_segment

    def __repr__(self) -> str:
        return (
            f"OutputSanitizer(allowed_hosts={len(self._image_hosts)}, "
            f"system_prompt={bool(self._prompt_shingles)}, canary={self._canary is not None}, "
            f"redact_pii={self._redact}, html={self._html})"
        )

    def sanitize(self, text: str) -> SanitizedOutput:
        """Sanitize a whole answer."""
        if not isinstance(text, str):
            raise TypeError(f"sanitize() expects str, got {type(text).__name__}")
        engine = _Engine(self)
        out = engine.feed(text) + engine.flush()
        return SanitizedOutput(out, tuple(engine.findings))

    # -- one segment --------------------------------------------------------

    def _segment(
        self, seg: str, flow: _Flow, words: tuple[str, ...], offset: int, *, final: bool
    ) -> tuple[str, _Flow, tuple[str, ...], list[OutputFinding]]:
        edits: list[_Edit] = []
        if self._canary_re is not None:
            for m in self._canary_re.finditer(seg):
                edits.append(
                    _Edit(
                        m.start(),
                        m.end(),
                        LEAK_MARKER,
                        OutputFinding("leak_canary", "canary", m.start(), m.end()),
                    )
                )
        new_words = words
        if self._prompt_shingles:
            leak_edits, new_words = self._prompt_leaks(seg, words)
            edits.extend(leak_edits)
        if self._redact and seg:
            for e in find_entities(seg, entities=self._entities):
                edits.append(
                    _Edit(
                        e.start, e.end, f"[{e.type}]", OutputFinding("pii", e.type, e.start, e.end)
                    )
                )
        t1, phase1 = _apply(seg, edits)
        findings = [f for ed in phase1 for f in [ed.finding] if f is not None]
        t2, flow, md_findings = self._structure(t1, flow, final=final)
        if md_findings and phase1:
            back = _BackMap(phase1)
            for f in md_findings:
                start, end = back(f.start), back(f.end)
                findings.append(OutputFinding(f.kind, f.detail, start, max(start, end)))
        else:
            findings.extend(md_findings)
        if offset:
            findings = [
                OutputFinding(f.kind, f.detail, f.start + offset, f.end + offset) for f in findings
            ]
        findings.sort(key=lambda f: f.start)
        return t2, flow, new_words, findings

    def _prompt_leaks(
        self, seg: str, context: tuple[str, ...]
    ) -> tuple[list[_Edit], tuple[str, ...]]:
        if seg.isascii():  # casefold is lower() there, and keeps word boundaries
            words = [*context, *_WORD.findall(seg.lower())]
        else:
            words = [*context, *(w.casefold() for w in _WORD.findall(seg))]
        ctx = len(context)
        covered = [False] * (len(words) - ctx)
        shingles, vocab = self._prompt_shingles, self._prompt_vocab
        run = 0
        hit = False
        for j, w in enumerate(words):
            # Only a run of prompt words can hold a shingle: skip hashing everywhere else.
            run = run + 1 if w in vocab else 0
            if run >= _SHINGLE and hash(tuple(words[j - _SHINGLE + 1 : j + 1])) in shingles:
                hit = True
                for k in range(max(j - _SHINGLE + 1, ctx), j + 1):
                    covered[k - ctx] = True
        tail = tuple(words[-(_SHINGLE - 1) :]) if words else ()
        if not hit:
            return [], tail
        spans = [m.span() for m in _WORD.finditer(seg)]
        edits: list[_Edit] = []
        i = 0
        while i < len(spans):
            if not covered[i]:
                i += 1
                continue
            j = i
            while True:
                nxt = next(
                    (k for k in range(j + 1, min(j + 2 + _LEAK_GAP, len(spans))) if covered[k]),
                    None,
                )
                if nxt is None:
                    break
                j = nxt
            start, end = spans[i][0], spans[j][1]
            edits.append(
                _Edit(
                    start,
                    end,
                    LEAK_MARKER,
                    OutputFinding("leak_system_prompt", "system_prompt", start, end),
                )
            )
            i = j + 1
        return edits, tail

    def _structure(
        self, text: str, flow: _Flow, *, final: bool
    ) -> tuple[str, _Flow, list[OutputFinding]]:
        """Scan Markdown structure; neutralise HTML, links and images outside code."""
        if not any(c in text for c in "<`~]"):
            # Fast path: nothing can open code or HTML, or form a link; only blank lines matter.
            para = flow.para_html and not _has_blank_line(text, flow.line_start)
            skip = flow.skip_tick if not _has_blank_line(text, flow.line_start) else 0
            line_start = text.endswith("\n") if text else flow.line_start
            out = _part_lt(text, flow.open_lt)
            lt = out.endswith("<") if out else flow.open_lt
            return out, _Flow(line_start, flow.fence, para, skip, lt), []
        out, next_flow, applied = self._edit_pass(text, flow, final=final)
        findings = [ed.finding for ed in applied if ed.finding is not None]
        rounds = 0
        while applied and any(c in out for c in "<`~]"):
            if rounds == _RESCANS:
                out = _blunt(out)
                break
            again, _, more = self._edit_pass(out, flow, final=final)
            if not more:
                break
            back = _BackMap(applied)
            for f in (ed.finding for ed in more if ed.finding is not None):
                findings.append(OutputFinding(f.kind, f.detail, back(f.start), back(f.end)))
            out, applied, rounds = again, more, rounds + 1
        if "]:" in out:
            out = _escape_definitions(out, flow, self._image_hosts)
        out = _part_lt(out, flow.open_lt)
        lt = out.endswith("<") if out else flow.open_lt
        return out, replace(next_flow, open_lt=lt), findings

    def _edit_pass(self, text: str, flow: _Flow, *, final: bool) -> tuple[str, _Flow, list[_Edit]]:
        """One scan of ``text``: the edited text, the flow after it and the applied edits."""
        skip = flow.skip_tick if not flow.line_start or not text.startswith("\n") else 0
        blocks, flow = _blocks(text, flow)
        edits: list[_Edit] = []
        pending = 0
        for start, end, kind in blocks:
            if kind == _CODE:
                skip = 0
                continue
            if not _INLINE_ACTIVE.search(text, start, end):
                pending = 0  # no code span, tag, link or definition can start here
                continue
            block_edits, pending = self._inline(
                text,
                start,
                end,
                flow_end=end == len(text),
                final=final,
                skip=skip if start == 0 else 0,
                code_spans=kind == _FLOW,
            )
            edits.extend(block_edits)
        out, applied = _apply(text, edits, part_lt=True)
        return out, _Flow(flow.line_start, flow.fence, flow.para_html, pending), applied

    def _inline(
        self,
        text: str,
        start: int,
        end: int,
        *,
        flow_end: bool,
        final: bool,
        skip: int,
        code_spans: bool,
    ) -> tuple[list[_Edit], int]:
        """Edits for one paragraph-like block ``text[start:end]``, and an open code-span run."""
        edits: list[_Edit] = []
        pending = 0
        tags: list[tuple[int, int, str]] = []  # dangerous spans: (start, end, name)
        index = _BlockIndex(text, start, end)
        last_paren = text.rfind(")", start, end)
        pos = start
        for m in (_INLINE if code_spans else _INLINE_RAW).finditer(text, start, end):
            i = m.start()
            if i < pos:
                continue
            tok = m.group()
            if tok[0] == "\\":
                pos = m.end()
                continue
            if tok[0] == "`":
                if not code_spans:
                    pos = m.end()
                    continue
                if skip == len(tok):
                    # Closes a code span a forced cut left open: not an opener here.
                    skip, pos = 0, m.end()
                    continue
                close = index.closing_run(m.end(), len(tok))
                if close is None and flow_end and not final and not pending:
                    pending = len(tok)
                elif close is not None and text.find("\n", m.end(), close) >= 0:
                    # A line inside may start a block (an indented code line, a quote, a list
                    # item) that ends the paragraph: the span may not form, and how later runs
                    # pair is unsure too. The rest of the block is scanned as text.
                    close, code_spans = None, False
                pos = close if close is not None else m.end()
                continue
            if tok == "](":
                if i + 2 > last_paren:
                    # No ")" follows in the block: no renderer makes a link of it, so it stays
                    # as text (tags and links after it are still scanned). If the block goes on
                    # in the next segment, a ")" there could complete it unseen: escape its "(".
                    if flow_end and not final:
                        edits.append(_escape_open(index, i))
                    pos = m.end()
                    continue
                link_edits, stop = self._link(index, i)
                edits.extend(link_edits)
                # A removed destination is consumed whole: nothing in it is scanned again.
                pos = stop if link_edits else m.end()
                continue
            # A tag-like span runs to the next ">" in the block, or to its last line end: nh3
            # drops an unclosed tag whole, and the line end may separate it from the next block.
            gt = text.find(">", i, end)
            span_end = gt + 1 if gt >= 0 else end - 1 if text[end - 1] == "\n" else end
            pos = span_end
            # CommonMark reads no tag across an unquoted "<": the next "<" inside the span is
            # scanned on its own too, so an autolink or a tag there (``<a<ps:>``,
            # ``<p<script>``) is not hidden by the span around it.
            inner = text.find("<", i + 1, span_end - 1)
            if inner >= 0:
                pos = inner
            span = text[i:span_end]
            kind = _SPANS.get(span)
            if kind is None:
                kind = _span_kind(span)
                if len(span) <= _MEMO_LINE:
                    if len(_SPANS) >= _MEMO_SIZE:
                        _SPANS.clear()
                    _SPANS[span] = kind
            name, dangerous = kind
            if name is None:
                ok, detail = _url_verdict(span[1:-1], self._link_hosts)
                if not ok:
                    edits.append(
                        _Edit(
                            i,
                            span_end,
                            span[1:-1].split(":", 1)[0] + ":…",
                            OutputFinding("markdown_link", detail, i, span_end),
                        )
                    )
                continue
            if self._html and (dangerous or (gt < 0 and flow_end and not final)):
                tags.append((i, span_end, name))
            else:
                # A span kept as it is may be no tag for a renderer (``<p| [x](javascript:…)>``
                # is text and a link): what it holds is scanned like the text around it.
                pos = i + 1
        edits.extend(self._html_regions(text, tags))
        edits.extend(self._definitions(text, start, end))
        return _nest(edits), pending

    def _html_regions(self, text: str, tags: list[tuple[int, int, str]]) -> list[_Edit]:
        edits: list[_Edit] = []
        k, n = 0, len(tags)
        while k < n:
            s, e, name = tags[k]
            k += 1
            names: set[str] | None = None
            while k < n and not _REGION_BREAK.search(text, e, tags[k][0]):
                if names is None:
                    names = {name}
                e = tags[k][1]
                names.add(tags[k][2])
                k += 1
            region = text[s:e]
            cleaned = _CLEANED.get(region)
            if cleaned is None:
                cleaned = _CLEANER.clean(region)
                # Hostile text repeats one tag thousands of times.
                if len(region) <= _MEMO_LINE:
                    if len(_CLEANED) >= _MEMO_SIZE:
                        _CLEANED.clear()
                    _CLEANED[region] = cleaned
            if "href=" in cleaned:
                cleaned = _HREF.sub(self._href_policy, cleaned)
            if cleaned != region:
                if names is None:
                    detail = "attributes" if name in _ALLOWED_TAGS else name
                else:
                    disallowed = sorted(n for n in names if n not in _ALLOWED_TAGS)
                    detail = ",".join(disallowed[:8]) or "attributes"
                edits.append(_Edit(s, e, cleaned, OutputFinding("html", detail, s, e)))
        return edits

    def _href_policy(self, m: re.Match[str]) -> str:
        """Keep an HTML link's ``href`` only where a Markdown link to it could stay."""
        ok, _ = _url_verdict(unescape(m.group(2)), self._link_hosts)
        return m.group() if ok else m.group(1)

    def _link(self, index: _BlockIndex, close: int) -> tuple[list[_Edit], int]:
        """Check the link or image whose text ends at ``close`` (the "]" of "](").

        Returns the edits (none if it may stay) and where the link ends.
        """
        text, end = index.text, index.end
        dest_start = close + 2
        j = dest_start
        while j < end and text[j] in " \t\n":
            j += 1
        # Destinations are read up to _URL_CAP characters: a longer one is removed, and no
        # link's destination is ever read twice that far.
        window = min(end, j + 1 + _URL_CAP)
        too_long = False
        if j < end and text[j] == "<":
            gt = text.find(">", j, window)
            too_long = gt < 0 and window < end
            url_end = window if too_long else end if gt < 0 else gt + 1
            url = "" if too_long else text[j + 1 : url_end - 1 if gt >= 0 else url_end]
        else:
            url_end = _destination_end(text, j, window)
            too_long = url_end == window < end
            url = "" if too_long else text[j:url_end]
        paren = index.next_paren(url_end)
        stop = end if paren < 0 else paren + 1
        opener = index.opener(close)
        image = (
            opener is not None
            and opener > index.start
            and text[opener - 1] == "!"
            and (opener < 2 or text[opener - 2] != "\\")
        )
        rules = self._image_hosts if image else self._link_hosts
        ok, detail = (False, "too-long") if too_long else _url_verdict(url, rules)
        if image and detail == "mailto":
            ok = False
        if ok:
            return [], stop
        if image and opener is not None:
            f = OutputFinding("markdown_image", detail, opener - 1, stop)
            return [_Edit(opener - 1, stop, IMAGE_MARKER, f)], stop
        # Links keep their text: drop the "(destination)" part and the opening "[".
        edits = [_Edit(close, stop, "", OutputFinding("markdown_link", detail, close, stop))]
        if opener is not None:
            edits.append(_Edit(opener, opener + 1, ""))
        return edits, stop

    def _definitions(self, text: str, start: int, end: int) -> list[_Edit]:
        if text.find("]:", start, end) < 0:
            return []
        edits = []
        for m in _DEFINITION.finditer(text, start, end):
            ok, detail = _definition_verdict(m, self._image_hosts)
            label = (m.start() + m.group().index("[") + 1, m.start("close"))
            if not ok and not (
                _STRUCTURAL.search(text, *label) or _STRUCTURAL.search(m.group("url").strip("<>"))
            ):
                # A definition holding code-span, tag or escape characters is not removed (that
                # could end a code span or a tag early): the final pass escapes its "]:".
                edits.append(
                    _Edit(
                        m.start(),
                        m.end(),
                        REFERENCE_MARKER,
                        OutputFinding("markdown_link", detail, m.start(), m.end()),
                    )
                )
        return edits


# --------------------------------------------------------------------------- helpers


def _span_kind(span: str) -> tuple[str | None, bool]:
    """(tag name, dangerous) of a span from "<" to ">"; name None for an autolink."""
    if _AUTOLINK.fullmatch(span):
        return None, False
    name_m = _TAG_NAME.match(span)
    name = name_m.group(1).lower() if name_m else span[1:2]
    dangerous = span[1] in "!?" or name in _KNOWN_TAGS or "=" in span
    return (name if name_m else "markup"), dangerous


def _shingles(words: list[str]) -> frozenset[int]:
    return frozenset(hash(tuple(words[i : i + _SHINGLE])) for i in range(len(words) - _SHINGLE + 1))


def _has_blank_line(text: str, line_start: bool) -> bool:
    if "\n\n" in text or (line_start and text.startswith("\n")):
        return True
    return "\n" in text and any(not ln.strip() for ln in text.split("\n")[1:-1])


_FLOW, _CODE, _HTML = 0, 1, 2


def _blocks(text: str, flow: _Flow) -> tuple[list[tuple[int, int, int]], _Flow]:
    """Split into (start, end, kind) blocks: fenced code, Markdown flow, or raw-HTML flow.

    In a raw HTML block a Markdown renderer parses no inline code, so neither do we there.
    """
    blocks: list[tuple[int, int, int]] = []
    fence, para, skip, at_start = flow.fence, flow.para_html, flow.skip_tick, flow.line_start
    i, n = 0, len(text)
    flow_start = 0
    html = para

    def close_flow(upto: int) -> None:
        if upto > flow_start:
            blocks.append((flow_start, upto, _HTML if html else _FLOW))

    def code(begin: int, upto: int) -> None:
        # Consecutive code lines form one block: the inline scan skips them alike.
        if blocks and blocks[-1][1] == begin and blocks[-1][2] == _CODE:
            blocks[-1] = (blocks[-1][0], upto, _CODE)
        else:
            blocks.append((begin, upto, _CODE))

    while i < n:
        if at_start:
            c = text[i]
            if not c.isspace() and c not in "`~<":
                # Lines that start plainly change nothing but code extent: skip them in bulk.
                m = _LINE_LEAD.search(text, i)
                end = n if m is None else m.end()
                if fence:
                    code(i, end)
                    flow_start = end
                at_start = m is not None or text[n - 1] == "\n"
                i = end
                continue
        nl = text.find("\n", i)
        end = n if nl < 0 else nl + 1
        body = text[i : end - 1 if nl >= 0 else end]
        if at_start:
            if fence:
                code(i, end)
                if nl >= 0 and _closes(body, fence):
                    fence = ""
                flow_start = end
            elif not body.strip() and nl >= 0:
                close_flow(i)
                para = html = False
                skip, flow_start = 0, end
            elif nl >= 0 and not para and (m := _FENCE_OPEN.match(body)) and _valid_fence(m):
                close_flow(i)
                fence, skip, html = m.group(1), 0, False
                code(i, end)
                flow_start = end
            elif _HTML_BLOCK.match(body):
                para = html = True
        at_start = nl >= 0
        i = end
    close_flow(n)
    blocks.sort()
    return blocks, _Flow(at_start, fence, para, skip)


class _BlockIndex:
    """Lookups over one block ``text[start:end]``, built on first use so each scan is linear."""

    __slots__ = ("_no_run", "_openers", "_paren", "_runs", "end", "start", "text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self._openers: dict[int, int | None] | None = None
        self._runs: dict[int, list[int]] | None = None
        self._no_run: dict[int, int] = {}  # run length -> a position with no such run after it
        self._paren = (end + 1, -1)  # a (from, found) answer of next_paren, reusable later

    def opener(self, close: int) -> int | None:
        """Index of the "[" matching the "]" at ``close``, or None (backslash escapes apply)."""
        if self._openers is None:
            # One forward stack pass pairs brackets exactly as a backward depth count would.
            # The "]" of a "](" closes even when escaped; other escaped brackets do not count.
            text, start = self.text, self.start
            stack: list[int] = []
            pairs: dict[int, int | None] = {}
            for m in _BRACKET.finditer(text, start, self.end):
                i = m.start()
                escaped = i > start and text[i - 1] == "\\"
                if text[i] == "[":
                    if not escaped:
                        stack.append(i)
                    continue
                pairs[i] = stack[-1] if stack else None
                if stack and not escaped:
                    stack.pop()
            self._openers = pairs
        return self._openers.get(close)

    def closing_run(self, pos: int, length: int) -> int | None:
        """End of the next backtick run of exactly ``length`` at or after ``pos``, or None."""
        if length < len(_TICK_RUNS):
            # Short runs (nearly all code spans): one search, no index of the whole block.
            if self._no_run.get(length, self.end) <= pos:
                return None
            m = _TICK_RUNS[length].search(self.text, pos, self.end)
            if m is None:
                self._no_run[length] = pos
                return None
            return m.end()
        if self._runs is None:
            self._runs = {}
            for m in _TICKS.finditer(self.text, self.start, self.end):
                self._runs.setdefault(m.end() - m.start(), []).append(m.start())
        starts = self._runs.get(length)
        if not starts:
            return None
        k = bisect_left(starts, pos)
        return starts[k] + length if k < len(starts) else None

    def next_paren(self, pos: int) -> int:
        """Index of the next ")" at or after ``pos``, or -1."""
        since, found = self._paren
        if since <= pos and (found < 0 or found >= pos):
            return found
        found = self.text.find(")", pos, self.end)
        self._paren = (pos, found)
        return found


def _blunt(text: str) -> str:
    """Last resort for text that edits keep changing: no tag, autolink or link can remain."""
    return text.replace("<", "&lt;").replace("](", "]\\(").replace("]:", "]\\:")


def _definition_verdict(m: re.Match[str], rules: frozenset[str]) -> tuple[bool, str]:
    # A definition may serve an image: hold it to the image rule (no mailto either).
    ok, detail = _url_verdict(m.group("url").strip("<>"), rules)
    return ok and detail != "mailto", detail


def _escape_definitions(text: str, flow: _Flow, rules: frozenset[str]) -> str:
    """Escape each "]:" outside fenced code that could end a reference definition's label.

    Runs on the edited segment, so text removed before a "[" is accounted for; a definition
    whose destination was kept (an allowed host) is left alone. ``]\\:`` renders as ``]:``.
    """
    code = [(a, b) for a, b, kind in _blocks(text, flow)[0] if kind == _CODE]
    cuts: list[int] = []
    j = text.find("]:")
    while j >= 0:
        if not any(a <= j < b for a, b in code) and _opens_definition(text, j, flow, rules):
            cuts.append(j + 1)
        j = text.find("]:", j + 2)
    if not cuts:
        return text
    bounds = [0, *cuts, len(text)]
    return "\\".join(text[a:b] for a, b in itertools.pairwise(bounds))


def _opens_definition(text: str, close: int, flow: _Flow, rules: frozenset[str]) -> bool:
    """True unless the "]" at ``close`` surely ends no definition label at a line start."""
    o = close
    while True:
        o = max(text.rfind("[", 0, o), text.rfind("]", 0, o))
        if o < 0:
            return True  # the label may have opened in an earlier segment
        if o == 0 or text[o - 1] != "\\":
            break
    if text[o] == "]":
        return False
    line = text.rfind("\n", 0, o) + 1
    if line == 0 and not flow.line_start:
        return True
    if not _DEF_LEAD.fullmatch(text, line, o):
        return False
    m = _DEFINITION.match(text, line)
    # A definition the sanitizer kept has an allowed destination: it may stay a definition.
    return not (m is not None and m.start("close") == close and _definition_verdict(m, rules)[0])


def _escape_open(index: _BlockIndex, close: int) -> _Edit:
    """Escape the "(" of a "](" left open at a segment end, reported as ``unterminated``."""
    opener = index.opener(close)
    text = index.text
    image = opener is not None and opener > index.start and text[opener - 1] == "!"
    kind = "markdown_image" if image else "markdown_link"
    return _Edit(close + 1, close + 2, "\\(", OutputFinding(kind, "unterminated", close, close + 2))


def _destination_end(text: str, j: int, window: int) -> int:
    """End of a bare link destination: whitespace or an unbalanced ")" ends it."""
    depth = 0
    while True:
        m = _DEST_STOP.search(text, j, window)
        if m is None:
            return window
        j = m.start()
        c = text[j]
        if c == "(":
            depth += 1
        elif c == ")" and depth:
            depth -= 1
        else:
            return j
        j += 1


def _nest(edits: list[_Edit]) -> list[_Edit]:
    """Drop edits contained in another; edits never partly overlap by construction."""
    edits.sort(key=lambda e: (e.start, -e.end))
    out: list[_Edit] = []
    for e in edits:
        if out and e.start < out[-1].end:
            last = out[-1]
            if e.end > last.end:
                # Partial overlap (an image whose "![" sits inside a tag): remove both wholly.
                out[-1] = _Edit(last.start, e.end, IMAGE_MARKER, last.finding or e.finding)
            continue
        out.append(e)
    return out


def _apply(text: str, edits: list[_Edit], *, part_lt: bool = False) -> tuple[str, list[_Edit]]:
    """Apply non-overlapping edits (earlier wins); return the text and the applied edits.

    With ``part_lt``, a "<" that an edit brings next to a letter, "/", "!" or "?" gets a space
    after it, so removing text never forms a new tag.
    """
    if not edits:
        return text, []
    edits = sorted(edits, key=lambda e: (e.start, -e.end))
    parts: list[str] = []
    applied: list[_Edit] = []
    joins: list[int] = []
    size = pos = 0
    for e in edits:
        if e.start < pos:
            continue
        parts.append(text[pos : e.start])
        parts.append(e.text)
        size += e.start - pos
        joins.append(size)
        size += len(e.text)
        joins.append(size)
        applied.append(e)
        pos = e.end
    parts.append(text[pos:])
    out = "".join(parts)
    if part_lt:
        fix = sorted({j for j in joins if 0 < j < len(out) and out[j - 1] == "<"})
        fix = [j for j in fix if out[j] in _TAG_START]
        if fix:
            out = " ".join(out[a:b] for a, b in zip([0, *fix], [*fix, len(out)], strict=True))
    return out, applied


def _part_lt(text: str, open_lt: bool) -> str:
    """Keep a "<" that ended the previous segment's output from opening a tag here."""
    return " " + text if open_lt and text[:1] in _TAG_START else text


class _BackMap:
    """Maps offsets in a text after edits back to the text before them."""

    __slots__ = ("_new_ends", "_new_starts", "_old_starts", "_shifts")

    def __init__(self, edits: list[_Edit]) -> None:
        self._new_starts: list[int] = []
        self._new_ends: list[int] = []
        self._old_starts: list[int] = []
        self._shifts: list[int] = []  # total shift after each edit
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


def sanitize_output(
    text: str,
    *,
    allowed_hosts: Collection[str] = (),
    system_prompt: str | None = None,
    canary: str | None = None,
    redact_pii: bool = True,
    entities: Collection[str] | None = None,
    html: bool = True,
    link_hosts: Collection[str] | None = None,
) -> str:
    """Return ``text`` cleaned by :class:`OutputSanitizer` with these options."""
    return (
        OutputSanitizer(
            allowed_hosts=allowed_hosts,
            system_prompt=system_prompt,
            canary=canary,
            redact_pii=redact_pii,
            entities=entities,
            html=html,
            link_hosts=link_hosts,
        )
        .sanitize(text)
        .text
    )
