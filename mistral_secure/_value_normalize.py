"""Value-preserving normalisation for redaction: the text as a reader sees it, mapped back.

Redaction must find a card number, an IBAN or a key however it is written, and point at
the characters the user actually sent. :func:`normalize_values` gives the text the
recognizers read:

* compatibility forms of letters, digits and punctuation become their ASCII form (NFKC:
  fullwidth ``４１１１``, mathematical ``𝟒``, circled ``④``), and so do the decimal digits
  of every script (Arabic-Indic ``٤١١١``, Devanagari ``४१११``), which NFKC keeps;
* invisible characters (zero-width, bidi controls, soft hyphen, tags) and combining
  diacritics are dropped;
* Unicode spaces (no-break, thin, narrow no-break, ideographic ...) become a space, line
  and paragraph separators a newline, dashes a hyphen, dot-like marks a full stop;
* lone surrogates become U+FFFD, so nothing downstream fails to encode the text.

Case is kept: keys are case-sensitive. Every kept character maps to exactly one
character, so the offset map is needed only when something was dropped.

:func:`broken_tokens` and :func:`join_breaks` give a second reading for secrets, without
the line breaks inside a long token (a key wrapped by a mail client, pasted across lines,
continued with a backslash).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
import re2

from ._normalize import _INVISIBLE, map_distinct

__all__ = ["Normalized", "broken_tokens", "join_breaks", "normalize_values", "original_span"]

# (normalised text, original index of each of its characters plus the end; None: identity)
Normalized = tuple[str, "list[int] | None"]

# Diacritics that sit on letters and digits; the vowel signs of other scripts are letters.
_COMBINING_BLOCKS = (
    range(0x0300, 0x0370),
    range(0x1AB0, 0x1B00),
    range(0x1DC0, 0x1E00),
    range(0x20D0, 0x2100),
    range(0xFE20, 0xFE30),
)
_DASHES = frozenset([0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58])
_DOTS = frozenset([0x00B7, 0x2024, 0x2027, 0x2219, 0x22C5, 0x30FB, 0xFF65])
# Blocks holding every character whose NFKC form is one printable ASCII character, plus the
# spaces and marks above (tests/test_value_normalize.py checks this against all of Unicode).
_BLOCKS = (
    range(0x0080, 0x0250),
    range(0x02B0, 0x0370),
    range(0x0370, 0x0400),  # Greek: NFKC maps a few (ano teleia, question mark)
    range(0x1680, 0x1681),
    range(0x1AB0, 0x1B00),
    range(0x1D00, 0x1E00),
    range(0x1FBD, 0x2000),
    range(0x2000, 0x2500),
    range(0x2C7C, 0x2C7E),
    range(0x2E00, 0x2E80),
    range(0x3000, 0x3100),
    range(0xA69C, 0xA6A0),
    range(0xA770, 0xA771),
    range(0xA7F0, 0xA800),
    range(0xAB5C, 0xAB70),
    range(0xFB00, 0xFB50),
    range(0xFE00, 0x10000),
    range(0x10780, 0x107C0),
    range(0x1D400, 0x1D800),
    range(0x1E030, 0x1E090),
    range(0x1F100, 0x1F200),
    range(0x1FBF0, 0x1FC00),
)


def value_form(ch: str) -> str | None:
    """What one character reads as (``""``: dropped), or None when it stays as it is."""
    code = ord(ch)
    if code < 0x80:
        return None
    if 0xD800 <= code < 0xE000:
        return "\ufffd"
    if code in _INVISIBLE:
        return ""
    category = unicodedata.category(ch)
    if category == "Zs":
        return " "
    if category in ("Zl", "Zp") or code == 0x85:
        return "\n"
    if code in _DASHES:
        return "-"
    if code in _DOTS:
        return "."
    if category in ("Mn", "Me") and any(code in block for block in _COMBINING_BLOCKS):
        return ""
    if category == "Nd":  # "٤١١١", "४१११": NFKC keeps the digits of other scripts
        return str(unicodedata.decimal(ch))
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) == 1 and "!" <= folded <= "~":
        return folded
    return None


def _digits() -> list[int]:
    """The decimal digits of every script outside ASCII (all below U+20000), from this
    Python's Unicode data: about 15 ms, once."""
    decimal = unicodedata.decimal
    return [c for c in range(0x80, 0x20000) if decimal(chr(c), None) is not None]


def _codes(blocks: Iterable[Iterable[int]]) -> Iterable[int]:
    for block in blocks:
        yield from block


@lru_cache(maxsize=1)
def _table() -> tuple[dict[int, str], re.Pattern[str]]:
    """Every character that changes, and a pattern finding runs of them.

    Built on the first text that needs it (a few milliseconds), not at import.
    """
    table: dict[int, str] = {}
    for code in _codes((*_BLOCKS, _digits(), range(0xD800, 0xE000), sorted(_INVISIBLE))):
        form = value_form(chr(code))
        if form is not None:
            table[code] = form
    ranges: list[list[int]] = []
    for code in sorted(table):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    # Python's re on purpose: one character class, no backtracking, and it takes lone
    # surrogates, which RE2 (UTF-8 only) cannot see.
    klass = "".join(f"\\U{a:08x}" if a == b else f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)
    return table, re.compile(f"[{klass}]+")


# Latin-1 text (most Western European chat) is mapped in C with bytes.translate.
_LATIN1_DROPPED = b"\xad"  # soft hyphen: the one Latin-1 character that is dropped


def _latin1_table() -> bytes:
    out = bytearray(range(256))
    for code in range(0x80, 0x100):
        form = value_form(chr(code))
        if form is not None and len(form) == 1:
            out[code] = ord(form)
    return bytes(out)


_LATIN1 = _latin1_table()


def normalize_values(text: str) -> Normalized:
    """The text the recognizers read, and where each of its characters came from."""
    if text.isascii():
        return text, None
    try:
        latin1 = text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        if _LATIN1_DROPPED not in latin1:
            mapped = latin1.translate(_LATIN1)
            return (text if mapped == latin1 else mapped.decode("latin-1")), None
    table, special = _table()
    if special.search(text) is None:
        return text, None
    if len(text) >= _VECTOR_SIZE:
        vector = map_distinct(text, table.get)
        if vector is not None:
            return vector
    # One translate in C (every form is one character or none), then, if something was
    # dropped, where each kept character came from: a Python loop per special character
    # took 250 ms on 200 KB of zero-width characters.
    normalised = text.translate(table)
    if len(normalised) == len(text):
        return normalised, None
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    offsets: list[int] = np.flatnonzero(~np.isin(codes, _dropped())).tolist()
    offsets.append(len(text))
    return normalised, offsets


_VECTOR_SIZE = 512  # chars; longer text is mapped in numpy (a dict lookup per char is slow)


@lru_cache(maxsize=1)
def _dropped() -> npt.NDArray[np.uint32]:
    """The characters that read as nothing."""
    return np.array(sorted(c for c, form in _table()[0].items() if not form), dtype=np.uint32)


def _offsets(length: int, drops: Sequence[int]) -> list[int]:
    """Original index of each kept character, then ``length`` (the end)."""
    offsets: list[int] = []
    pos = 0
    for dropped in drops:
        offsets.extend(range(pos, dropped))
        pos = dropped + 1
    offsets.extend(range(pos, length + 1))
    return offsets


def original_span(
    text: str, offsets: Sequence[int] | None, start: int, end: int
) -> tuple[int, int]:
    """Map ``[start, end)`` of the normalised text back to ``text``.

    The span takes in what was dropped inside it, and the diacritics right after it, so a
    placeholder never leaves half a character behind.
    """
    if offsets is None:
        return start, end
    first = offsets[start]
    last = offsets[end - 1] + 1 if end > start else first
    while last < len(text) and unicodedata.combining(text[last]) and value_form(text[last]) == "":
        last += 1
    return first, last


# A long token broken by a line break: a key wrapped by a mail client, split over two lines
# of a config file, or continued with a backslash or a string concatenation. The first
# piece is long (keys are), the second at least 4 characters.
_TOKEN = rb"[A-Za-z0-9_+/=.-]"
# A quote may close a line only when the next opens one ("abc" +\n "def"): a quoted key
# that ends a line of code does not run into the next line.
_BREAK = (
    rb"(?:[\"'][ \t]*\+?[ \t]*\\?\r?\n[ \t]*\+?[ \t]*[\"']"
    rb"|[ \t]*\\?\r?\n[ \t>#]*)"
)
# A piece after the break never starts with a dash: "-----BEGIN", "--" and list bullets
# start lines of their own.
_BROKEN = re2.compile(_TOKEN + rb"{8,}(?:" + _BREAK + rb"[A-Za-z0-9_+/=.]" + _TOKEN + rb"{3,})+")
_BREAK_PART = re2.compile(_BREAK)
_MAX_BROKEN = 256
_QUOTES = frozenset(b"\"'")
_PLAIN_BREAK = b" \t\\\r\n>#"  # every character the plain form of ``_BREAK`` can hold
_UNANCHORED = re2._Anchor.UNANCHORED


def _key_like(token: bytes) -> bool:
    """Worth a second look: long, and switching between cases and digits the way generated
    keys do (about 19 times in 32 characters); prose joined across a line break does not."""
    if len(token) < 20:
        return False
    kinds = np.frombuffer(token.translate(_KINDS), dtype=np.uint8)
    return int(np.count_nonzero(kinds[1:] != kinds[:-1])) >= 6


# Character kind per byte: upper, lower, digit, other.
_KINDS = (
    bytes(
        ord("u")
        if chr(i).isupper()
        else ord("l")
        if chr(i).islower()
        else ord("d")
        if chr(i).isdigit()
        else ord("o")
        for i in range(128)
    )
    + b"o" * 128
)


def broken_tokens(data: bytes) -> list[tuple[int, int]]:
    """Where a line break splits a long key-like token: ``(start, end)`` of each.

    ``data`` is the text as one byte per character (``text.encode("ascii", "replace")``).
    """
    if b"\n" not in data:
        return []
    out: list[tuple[int, int]] = []
    pos = 0
    for _ in range(_MAX_BROKEN):
        match = _BROKEN.search(data, pos)
        if match is None:
            break
        start, end = match.span()
        pos = end
        if _key_like(_without_breaks(data, start, end)):
            out.append((start, end))
    return out


def _without_breaks(data: bytes, start: int, end: int) -> bytes:
    """``data[start:end]`` (a match of ``_BROKEN``) without its line breaks; break by
    break with the compiled RE2 only where a quote may open one (a hostile run holds
    thousands of breaks)."""
    piece = data[start:end]
    if _QUOTES.isdisjoint(piece):
        # A token never holds the characters of a break, and without quotes every break is
        # the plain form, made of those characters only: deleting them is the same.
        return piece.translate(None, _PLAIN_BREAK)
    return _cut_breaks(data, start, end)


def _cut_breaks(data: bytes, start: int, end: int) -> bytes:
    """:func:`_without_breaks`, break by break."""
    search = _BREAK_PART._regexp.Match
    parts: list[bytes] = []
    pos = start
    while pos < end:
        brk_start, brk_end = search(_UNANCHORED, data, pos, end)[0]
        if brk_start < 0:
            break
        parts.append(data[pos:brk_start])
        pos = brk_end  # a break holds a line feed: never empty
    parts.append(data[pos:end])
    return b"".join(parts)


def join_breaks(text: str, data: bytes, start: int, end: int) -> Normalized:
    """``text[start:end]`` without the line breaks that split a token; offsets into it."""
    parts: list[str] = []
    drops: list[int] = []
    pos = start
    for brk in _BREAK_PART.finditer(data, start, end):
        b_start, b_end = brk.span()
        parts.append(text[pos:b_start])
        drops.extend(range(b_start - start, b_end - start))
        pos = b_end
    parts.append(text[pos:end])
    return "".join(parts), _offsets(end - start, drops)
