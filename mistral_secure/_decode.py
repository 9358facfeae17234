"""Bounded decoding of encoded text hidden in untrusted input.

Two kinds of decoding:

* inline escapes (URL percent-escapes, HTML entities) are decoded in place, keeping an offset
  map, so a finding inside them points at the exact escaped characters;
* blobs (base64, urlsafe base64, base32, hex, binary, Morse, ascii85, Unicode tag
  characters) are decoded as a whole; a finding inside one points at the whole blob;
* ``\\uXXXX`` and ``\\xXX`` escapes are decoded in place like URL escapes.

Every candidate search is a single linear RE2 scan. Decoding is bounded by the caller's byte
budget, and only candidates that decode to mostly printable text are kept.
"""

from __future__ import annotations

import base64
import binascii
import functools
import html
import itertools
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import re2

from ._normalize import Edit, Normalized, apply_edits

__all__ = [
    "BLOB_SCREEN",
    "ESCAPE_SCREEN",
    "SIGNAL_SCREENS",
    "Blob",
    "find_blobs",
    "find_signals",
    "find_tag_text",
    "has_escapes",
    "unescape_backslash",
    "unescape_html",
    "unescape_url",
]

MIN_BLOB = 16  # shorter runs are words, ids and hashes far more often than payloads
MAX_BLOB = 16_384
MAX_BLOBS = 32
MAX_EDITS = 2048  # inline escapes decoded per pass

# Searched in bytes: on str, RE2 converts every match offset to a char index (linear in
# the text), which dominates on non-ASCII text with many candidates.
# The first alternative skips redaction's placeholders: check_input screens redacted text,
# where "<EMAIL_ADDRESS_12>" comes by thousands, each a candidate (16 chars or more inside
# the brackets; shorter ones are no candidate and are left to the scan, which is cheaper).
# Only names that ``_cannot_be_text`` refuses anyway are skipped (second char in I-L, Y, Z,
# or "MA"-"MH", "PU"-"PZ", "P_": the second decoded byte is never valid UTF-8), so no
# verdict changes; a run of them separated by whitespace is one match, not an RE2 call each.
_SKIPPED = (
    rb"<[A-Z](?:[I-LYZ][A-Z_]|M[A-H]|P[U-Z_])"
    rb"(?:[A-Z_]{11,}_[0-9]{1,6}|[A-Z_]{10}_[0-9]{2,6})>"
)
_SKIPPED_RUN = rb"%s(?:[\t\n\r ]+%s)*" % (_SKIPPED, _SKIPPED)
_BLOB = re2.compile(
    _SKIPPED_RUN + rb"|(?:[0-9A-Fa-f]{2}[ :]){7,}[0-9A-Fa-f]{2}"
    rb"|(?:\\x[0-9A-Fa-f]{2}){4,}"
    rb"|[A-Za-z0-9+/_-]{16,}={0,2}"
)
_HEX = re.compile(r"[0-9A-Fa-f]+")
# Inline escapes use Python ``re``: per match it is ~10x cheaper than the RE2 wrapper, and
# these patterns cannot backtrack (each piece starts with its own literal, runs are
# deterministic), so they stay linear on any input.
_URL_RUN = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
ESCAPE_SCREEN = r"%[0-9A-Fa-f]{2}|&#?[A-Za-z0-9]{2,8};|\\[ux][0-9A-Fa-f]{2}"
BLOB_SCREEN = r"[A-Za-z0-9+/_-]{16}|(?:[0-9A-Fa-f]{2}[ :]){7}|(?:\\x[0-9A-Fa-f]{2}){4}"
_ESCAPE_SCREEN = re2.compile(ESCAPE_SCREEN)


@dataclass(frozen=True, slots=True)
class Blob:
    """A decoded blob: ``kind`` is ``"base64"`` or ``"hex"``; span in the scanned text."""

    kind: str
    start: int
    end: int
    text: str


_UNPRINTABLE = re.compile(r"[^\n\r\t\x20-\x7e]")
_NON_LETTERS = re.compile(r"[\W\d_]+")
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\n\r\t"
_ASCII_LETTERS = string.ascii_letters.encode()
_HEX_DIGITS = string.hexdigits.encode()
_BASE32_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_URLSAFE = bytes.maketrans(b"-_", b"+/")
_REPLACEMENT = "\ufffd".encode()
# RE2's compiled program, called directly: the ``finditer`` wrapper builds a match object
# per candidate in Python, which costs more than the rest of the candidate's handling.
_BLOB_PROGRAM = _BLOB._regexp
_UNANCHORED = re2._Anchor.UNANCHORED
_NOT_BASE64 = 64
_ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
# Base64 value of each byte ("-_" as "+/"); 64 for any other byte.
_BASE64_INDEX = bytes(
    _ALPHABET.index(c) if c in _ALPHABET else 62 if c == "-" else 63 if c == "_" else _NOT_BASE64
    for c in map(chr, range(256))
)
_ASCII, _CONTINUATION, _LEAD, _INVALID = 1, 2, 4, 8  # kinds of UTF-8 byte


def _utf8_start_tables() -> tuple[bytes, bytes]:
    """What the first three base64 chars say about the first two decoded bytes.

    ``allowed[i0 << 6 | i1]`` is the set of kinds the second byte may have after the first
    one; ``kind[i1 << 6 | i2]`` is the second byte's kind. An empty intersection is a
    certain UTF-8 error: most keys and signatures are rejected without decoding.
    """
    allowed = bytearray(4096)
    kind = bytearray(4096)
    for a in range(64):
        for b in range(64):
            first = (a << 2) | (b >> 4)
            if first < 0x80:
                allowed[a << 6 | b] = _ASCII | _LEAD
            elif 0xC2 <= first <= 0xF4:
                allowed[a << 6 | b] = _CONTINUATION
            second = ((a & 15) << 4) | (b >> 2)
            if second < 0x80:
                kind[a << 6 | b] = _ASCII
            elif second < 0xC0:
                kind[a << 6 | b] = _CONTINUATION
            else:
                kind[a << 6 | b] = _LEAD if 0xC2 <= second <= 0xF4 else _INVALID
    return bytes(allowed), bytes(kind)


_ALLOWED_SECOND, _SECOND_KIND = _utf8_start_tables()


def _printable(text: str) -> bool:
    if not text:
        return False
    if text.isascii():
        bad = len(_UNPRINTABLE.findall(text))
    else:
        bad = sum(1 for c in text if not (c.isprintable() or c in "\n\r\t"))
    letters = len(_NON_LETTERS.sub("", text))
    return bad <= 0.1 * len(text) and letters >= 0.4 * len(text)


def _bytes_to_text(raw: bytes) -> str | None:
    if raw.isascii():
        # Same test as _printable, counted in C: ASCII letters are exactly [A-Za-z].
        size = len(raw)
        bad = len(raw.translate(None, _PRINTABLE_ASCII))
        letters = size - len(raw.translate(None, _ASCII_LETTERS))
        ok = size > 0 and bad <= 0.1 * size and letters >= 0.4 * size
        return raw.decode("ascii") if ok else None
    # Most candidates are keys and signatures: random bytes, rarely UTF-8. Telling so
    # without raising is cheaper: a U+FFFD not written as such in the bytes marks an error.
    text = raw.decode("utf-8", "replace")
    if "\ufffd" in text and (_REPLACEMENT not in raw or not _is_utf8(raw)):
        return None
    return text if _printable(text) else None


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@functools.lru_cache(maxsize=1024)  # JWT headers and repeated tokens decode once
def _decode_candidate(run: bytes) -> tuple[str, str] | None:
    compact = run
    if not run.isalnum():
        compact = run.replace(b" ", b"").replace(b":", b"").replace(b"\\x", b"")
    # ``strip`` removing every char means every char is a hex digit.
    if compact and not compact.strip(_HEX_DIGITS) and len(compact) % 2 == 0:
        text = _bytes_to_text(binascii.unhexlify(compact))
        if text is not None:
            return "hex", text
        if run != compact:
            return None
    body = run.rstrip(b"=")
    if not body.strip(_BASE32_CHARS) and len(body) >= 16:
        try:
            raw32 = base64.b32decode(body + b"=" * (-len(body) % 8))
        except (binascii.Error, ValueError):
            raw32 = b""
        text32 = _bytes_to_text(raw32) if raw32 else None
        if text32 is not None:
            return "base32", text32
    # Padding is often stripped; a remainder of one char can never be valid base64.
    if len(body) % 4 == 1:
        body = body[:-1]
    # Urlsafe and standard alphabets decode alike once "-_" read as "+/". The run holds
    # base64 chars only and is padded right: strict and lenient decoding agree on it.
    padded = (body + b"=" * (-len(body) % 4)).translate(_URLSAFE)
    try:
        raw = binascii.a2b_base64(padded)
    except binascii.Error:
        return None
    text = _bytes_to_text(raw)
    return ("base64", text) if text is not None else None


def _cannot_be_text(run: bytes) -> bool:
    """Whether ``run`` surely decodes to no text: base64 whose first two bytes are invalid
    UTF-8, and not hex. Most keys and signatures end here, without a decoding."""
    head = run[:3].translate(_BASE64_INDEX)
    if len(head) < 3 or _NOT_BASE64 in head:  # short, or a spaced or escaped hex run
        return False
    if _ALLOWED_SECOND[head[0] << 6 | head[1]] & _SECOND_KIND[head[1] << 6 | head[2]]:
        return False
    return len(run) % 2 == 1 or bool(run.strip(_HEX_DIGITS))


def _is_word(run: bytes) -> bool:
    """A repeated char or plain lower- or upper-case letters (after _is_number)."""
    return (run.isalpha() and (run.islower() or run.isupper())) or len(set(run)) < 6


def _is_number(run: bytes) -> bool:
    """Digits and dashes: card numbers, ISBNs, dates."""
    return b"-" in run and run.upper() == run.lower()


def find_blobs(text: str, budget: int) -> tuple[list[Blob], int]:
    """Decode base64/hex blobs of ``text``; returns the blobs and the budget left."""
    blobs: list[Blob] = []
    # One byte per char, each non-ASCII char a "?" that no candidate contains: the matches
    # are those of the UTF-8 bytes, and their offsets are already char offsets.
    raw = text.encode("ascii", "replace")
    match = _BLOB_PROGRAM.Match
    size = len(raw)
    pos = 0
    while len(blobs) < MAX_BLOBS and budget > 0:
        start, end = match(_UNANCHORED, raw, pos, size)[0]
        if start < 0:
            break
        pos = end  # every alternative is at least 16 bytes: no empty match
        if raw[start] == 60:  # "<": placeholders, skipped
            continue
        run = raw[start : min(end, start + min(MAX_BLOB, budget * 2))]
        # Every test below only rejects, so the order is the cheapest one.
        if _is_number(run) or _cannot_be_text(run):
            continue
        # Long runs are decoded but not kept in the cache.
        decode = _decode_candidate if len(run) <= 256 else _decode_candidate.__wrapped__
        decoded = decode(run)
        if decoded is None or _is_word(run):
            continue
        kind, value = decoded
        budget -= len(value)
        blobs.append(Blob(kind, start, end, value))
    return blobs, budget


def has_escapes(text: str) -> bool:
    """Whether ``text`` contains URL percent-escapes or HTML character references."""
    return _ESCAPE_SCREEN.search(text) is not None


def unescape_url(norm: Normalized) -> Normalized:
    """Decode runs of ``%XX`` in place (as UTF-8), keeping the offset map."""
    return _decode_runs(norm, _URL_RUN.finditer(norm.text), _url_run)


def _decode_runs(
    norm: Normalized,
    matches: Iterator[re.Match[str]],
    read: Callable[[str], tuple[str, list[int]]],
) -> Normalized:
    """Replace each matched run by ``read(run)`` (decoded text, where each of its characters
    starts in the run), at most ``MAX_EDITS`` of them, keeping the offset map."""
    edits: list[Edit] = []
    known: dict[str, tuple[str, list[int]]] = {}  # runs repeat in hostile text
    for match in itertools.islice(matches, MAX_EDITS):
        start, end = match.span()
        run = match.group()
        reading = known.get(run)
        if reading is None:
            reading = known[run] = read(run)
        decoded, where = reading
        edits.append(Edit(start, end, decoded, [start + pos for pos in where]))
    return apply_edits(norm, edits)


def _url_run(run: str) -> tuple[str, list[int]]:
    """A run of ``%XX`` decoded as UTF-8, and where in ``run`` each decoded char starts."""
    raw = bytes.fromhex(run.replace("%", ""))
    if raw.isascii():  # one character per escape: no Python loop over a long run
        return raw.decode("ascii"), list(range(0, len(run), 3))
    decoded = raw.decode("utf-8", errors="replace")
    where: list[int] = []
    byte_pos = 0
    for ch in decoded:
        where.append(3 * min(byte_pos, len(raw) - 1))
        byte_pos += len(ch.encode("utf-8")) if ch != "\ufffd" else 1
    return decoded, where


def unescape_html(norm: Normalized) -> Normalized:
    """Decode HTML character references in place, keeping the offset map."""
    text = norm.text
    edits: list[Edit] = []
    known: dict[str, str] = {}  # hostile text repeats one reference thousands of times
    for seen, match in enumerate(_ENTITY.finditer(text)):
        if len(edits) >= MAX_EDITS or seen >= 2 * MAX_EDITS:
            break
        start, end = match.span()
        entity = match.group()
        decoded = known.get(entity)
        if decoded is None:
            decoded = known[entity] = html.unescape(entity)
        if decoded == entity:
            continue
        edits.append(Edit(start, end, decoded, [start] * len(decoded)))
    return apply_edits(norm, edits)


# -- rarer encodings: screened in the rules' RE2 pass, searched only when a screen fired ----

MORSE = {
    ".-": "a", "-...": "b", "-.-.": "c", "-..": "d", ".": "e", "..-.": "f", "--.": "g",
    "....": "h", "..": "i", ".---": "j", "-.-": "k", ".-..": "l", "--": "m", "-.": "n",
    "---": "o", ".--.": "p", "--.-": "q", ".-.": "r", "...": "s", "-": "t", "..-": "u",
    "...-": "v", ".--": "w", "-..-": "x", "-.--": "y", "--..": "z", ".----": "1",
    "..---": "2", "...--": "3", "....-": "4", ".....": "5", "-....": "6", "--...": "7",
    "---..": "8", "----.": "9", "-----": "0",
}  # fmt: skip
# Screens (on folded text) naming the decoder worth running.
SIGNAL_SCREENS: tuple[tuple[str, str], ...] = (
    ("binary", r"(?:[01]{8}[ ,]?){4}"),
    ("morse", r"(?:[.\-]{1,5}(?: |/| / )){6}"),
    ("ascii85", r"<~"),
)
_BINARY = re2.compile(r"(?:[01]{8}[ ,]?){4,}")
_MORSE = re2.compile(r"(?:[.\-]{1,6}(?: {1,3}| ?/ ?)){5,}[.\-]{1,6}")
_ASCII85 = re2.compile(r"<~[!-u\s]{10,}?~>")
_TAGS = re2.compile("[\U000e0020-\U000e007e]{4,}")
_TAG_LEAD = "\U000e0000".encode()[:2]  # the first two UTF-8 bytes of every tag character
_BACKSLASH = re.compile(r"(?:\\u[0-9A-Fa-f]{4}|\\x[0-9A-Fa-f]{2}|\\U[0-9A-Fa-f]{8})+")


def _morse(run: str) -> str | None:
    words = []
    for word in run.replace(" / ", "/").replace("   ", "/").split("/"):
        letters = [MORSE.get(code) for code in word.split()]
        if not letters or None in letters:
            return None
        words.append("".join(letters))  # type: ignore[arg-type]
    return " ".join(words)


def find_signals(text: str, kinds: frozenset[str], budget: int) -> tuple[list[Blob], int]:
    """Decode binary, Morse or ascii85 runs of ``text`` (only the ``kinds`` screened)."""
    blobs: list[Blob] = []
    finders = (("binary", _BINARY), ("morse", _MORSE), ("ascii85", _ASCII85))
    for kind, regex in finders:
        if kind not in kinds:
            continue
        for count, match in enumerate(regex.finditer(text)):
            if count >= MAX_BLOBS or budget <= 0 or len(blobs) >= MAX_BLOBS:
                break
            run = match.group()[:MAX_BLOB]
            value: str | None
            if kind == "binary":
                bits = run.replace(" ", "").replace(",", "")
                bits = bits[: len(bits) // 8 * 8]  # a run cut at MAX_BLOB ends mid-byte
                raw = int(bits, 2).to_bytes(len(bits) // 8, "big")
                value = _bytes_to_text(raw)
            elif kind == "morse":
                value = _morse(run)
            else:
                try:
                    value = _bytes_to_text(base64.a85decode(run.encode(), adobe=True))
                except ValueError:
                    value = None
            if value:
                budget -= len(value)
                start, end = match.span()
                blobs.append(Blob(kind, start, end, value))
    return blobs, budget


def find_tag_text(text: str) -> list[Blob]:
    """ASCII hidden as Unicode tag characters (U+E0020..U+E007E): invisible when shown."""
    if text.isascii() or _TAG_LEAD not in text.encode("utf-8", "surrogatepass"):
        return []  # the encode and the byte search are C: no tag character, no RE2 pass
    return [
        Blob("tags", m.start(), m.end(), "".join(chr(ord(c) - 0xE0000) for c in m.group()))
        for m in itertools.islice(_TAGS.finditer(text), MAX_BLOBS)
    ]


def unescape_backslash(norm: Normalized) -> Normalized:
    r"""Decode ``\uXXXX``, ``\UXXXXXXXX`` and ``\xXX`` escapes in place, keeping offsets."""
    return _decode_runs(norm, _BACKSLASH.finditer(norm.text), _backslash_run)


def _backslash_run(run: str) -> tuple[str, list[int]]:
    """A run of escapes decoded, and where in ``run`` each decoded char's escape starts."""
    if "\\U" not in run:
        # Every escape but ``\U`` names a code point, so the codec decodes the run in C, and
        # each escape starts at a backslash (hex digits hold none): a 200 KB run of escapes
        # took 90 ms one escape at a time.
        data = run.encode("ascii")
        starts = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == _BACKSLASH_BYTE)
        return data.decode("unicode_escape"), starts.tolist()
    return _backslash_escapes(run)


_BACKSLASH_BYTE = ord("\\")
_ESCAPE_WIDTH = {"u": 6, "x": 4, "U": 10}


def _backslash_escapes(run: str) -> tuple[str, list[int]]:
    r""":func:`_backslash_run`, escape by escape (a ``\U`` beyond U+10FFFF is dropped)."""
    out: list[str] = []
    where: list[int] = []
    pos = 0
    while pos < len(run):
        width = _ESCAPE_WIDTH[run[pos + 1]]
        code = int(run[pos + 2 : pos + width], 16)
        if code <= 0x10FFFF:
            out.append(chr(code))
            where.append(pos)
        pos += width
    return "".join(out), where
