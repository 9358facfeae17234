"""Normalisation of untrusted text before injection matching, with an offset map.

The normalised text is what the injection rules see: NFKC-compatible folding, invisible
characters removed, homoglyphs and accents folded to ASCII, lower case, letter-spaced words
joined and leetspeak undone. ``Normalized.span`` maps a span of the normalised text back to
the original text, so findings always point at what the user actually sent.
"""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import re2

__all__ = [
    "BROKEN_SCREEN",
    "LEET_SCREEN",
    "SPACED_SCREEN",
    "Edit",
    "Normalized",
    "apply_edits",
    "compose",
    "fold",
    "join_broken",
    "join_spaced",
    "leet_screen",
    "match_spans",
    "normalize",
    "undo_leet",
]

# Zero-width, bidi controls, soft hyphen, word joiner, BOM, variation selectors, tag characters.
_INVISIBLE: frozenset[int] = frozenset(
    [
        *(0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0),
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2070),
        *range(0xFE00, 0xFE10),
        *range(0xE0000, 0xE0080),
        *range(0xE0100, 0xE01F0),
    ]
)

# Look-alikes NFKC leaves alone: Cyrillic, Greek, Latin letters without a decomposition, and
# a few symbols. A compact hand-made table, not the full Unicode confusables list.
_CONFUSABLES: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ɡ": "g", "һ": "h", "ԛ": "q", "ԝ": "w", "ᴦ": "r", "г": "r", "п": "n", "ь": "b", "ӏ": "l",
    "А": "a", "В": "b", "Е": "e", "К": "k", "М": "m", "Н": "h", "О": "o", "Р": "p", "С": "c",
    "Т": "t", "У": "y", "Х": "x", "Ѕ": "s", "І": "i", "Ј": "j", "Ԁ": "d", "Ү": "y", "Ԍ": "g",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "γ": "y", "η": "n", "μ": "u", "ω": "w", "ς": "s", "σ": "o",
    "Α": "a", "Β": "b", "Ε": "e", "Ζ": "z", "Η": "h", "Ι": "i", "Κ": "k", "Μ": "m", "Ν": "n",
    "Ο": "o", "Ρ": "p", "Τ": "t", "Υ": "y", "Χ": "x",
    # Latin letters without a decomposition, and IPA look-alikes
    "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "ħ": "h", "ı": "i", "ȷ": "j",
    "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ŀ": "l", "ƚ": "l", "ɑ": "a",
    "ɩ": "i", "ɪ": "i", "ʀ": "r", "ꜱ": "s", "ᴀ": "a", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ɢ": "g",
    "ʜ": "h", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ᴛ": "t",
    "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
    # Punctuation look-alikes that matter for delimiter tokens
    "‹": "<", "›": ">", "〈": "<", "〉": ">", "⟨": "<", "⟩": ">", "«": "<", "»": ">",
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
}  # fmt: skip


def _fold_char(ch: str) -> str:
    """Fold one character: drop invisibles and combining marks, NFKD, confusables, lower."""
    if ord(ch) in _INVISIBLE:
        return ""
    out: list[str] = []
    for part in unicodedata.normalize("NFKD", ch):
        if unicodedata.combining(part):
            continue
        mapped = _CONFUSABLES.get(part)
        out.append(mapped if mapped is not None else part.lower())
    return "".join(out)


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that fills itself on first sight of each character."""

    def __missing__(self, key: int) -> str:
        value = _fold_char(chr(key))
        self[key] = value
        if len(value) != 1:
            _NON_UNIT.add(chr(key))
        return value


_NON_UNIT: set[str] = {chr(c) for c in _INVISIBLE}
_FOLD = _FoldTable()


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``new``; ``sources[i]`` is the position of ``new[i]``."""

    start: int
    end: int
    new: str
    sources: Sequence[int]


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text and, unless it is the identity, the original index of each char."""

    text: str
    # len(text) + 1 entries; None means identity. A numpy array after edits: 200 KB of
    # text is 200,000 Python ints in a list, milliseconds to build on every reading.
    offsets: Sequence[int] | npt.NDArray[np.int64] | None
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map ``[start, end)`` in the normalised text to the original text."""
        if self.offsets is None:
            return start, end
        if end <= start:
            pos = int(self.offsets[start])
            return pos, pos
        return int(self.offsets[start]), int(self.offsets[end - 1]) + 1


def apply_edits(norm: Normalized, edits: Sequence[Edit]) -> Normalized:
    """Apply sorted, non-overlapping edits to ``norm`` and compose the offset maps."""
    if not edits:
        return norm
    size = len(norm.text) + 1
    base = (
        np.arange(size, dtype=np.int64)
        if norm.offsets is None
        else np.asarray(norm.offsets, dtype=np.int64)
    )
    # The new map reads ``base`` between edits and each edit's sources (mapped through
    # ``base`` in one step) in turn: one index array over both, built from the segments'
    # starts and lengths in a few numpy calls, not one slice per edit (hostile text has
    # thousands of edits).
    text = norm.text
    parts: list[str] = []
    flat: list[int] = []
    kept: list[int] = []  # start, length of the text before each edit, then its source count
    pos = 0
    for edit in edits:
        parts.append(text[pos : edit.start])
        parts.append(edit.new)
        flat.extend(edit.sources)
        kept += (pos, edit.start - pos, len(edit.sources))
        pos = edit.end
    parts.append(text[pos:])
    layout = np.array(kept, dtype=np.int64).reshape(-1, 3)
    starts = np.empty(2 * len(edits) + 1, dtype=np.int64)
    lengths = np.empty_like(starts)
    starts[:-1:2] = layout[:, 0]
    lengths[:-1:2] = layout[:, 1]
    starts[-1], lengths[-1] = pos, size - pos
    lengths[1::2] = layout[:, 2]
    starts[1::2] = size + np.cumsum(layout[:, 2]) - layout[:, 2]
    pool = np.concatenate((base, base[np.array(flat, dtype=np.int64)]))
    firsts = np.cumsum(lengths) - lengths  # where each segment starts in the new map
    index = np.repeat(starts - firsts, lengths) + np.arange(int(lengths.sum()))
    return Normalized("".join(parts), pool[index], norm.original_length)


def _unit_folds() -> tuple[Any, bytes]:
    """A charmap codec and byte table folding the 128 commonest non-ASCII chars in C.

    Latin-1 letters, the Latin Extended-A/B letters of Polish, Czech, Hungarian, Romanian
    and Turkish, typographic quotes and dashes: each folds to exactly one ASCII char, so
    text made of them folds without an offset map and without a Python loop.
    """
    extra = "ąćęłńśźżĄĆĘŁŃŚŹŻčďěňřšťůžČĎĚŇŘŠŤŮŽőűŐŰășțĂȘȚğışĞŞİ’‘“”–—‐‑−\u202f"
    chars = [chr(c) for c in range(0xA0, 0x100)] + list(extra)
    chars = [c for c in chars if len(_FOLD[ord(c)]) == 1 and _FOLD[ord(c)].isascii()][:128]
    table = "".join(map(chr, range(128))) + "".join(chars)
    table += "\ufffe" * (256 - len(table))  # unused codes; folded to a non-ASCII sentinel
    folds = bytes(
        ord(c.lower()) if i < 128 else (ord(_FOLD[ord(c)]) if c != "\ufffe" else 0x80)
        for i, c in enumerate(table)
    )
    return codecs.charmap_build(table), folds


_UNIT_MAP, _UNIT_FOLDS = _unit_folds()


def _latin1_folds() -> bytes:
    """Byte table folding Latin-1 text: ASCII lower-cased, other chars to their one-char
    ASCII fold, or to a non-ASCII sentinel when there is none."""
    folds = bytearray(ord(chr(i).lower()) for i in range(128))
    for code in range(128, 256):
        folded = _FOLD[code]
        folds.append(ord(folded) if len(folded) == 1 and folded.isascii() else 0x80)
    return bytes(folds)


_LATIN1_FOLDS = _latin1_folds()


def fold(text: str) -> Normalized:
    """Unicode and case folding only (no spacing or leetspeak undoing)."""
    if text.isascii():
        return Normalized(text.lower(), None, len(text))
    # Latin-1 text (most Western European chat) encodes by a plain copy; the charmap
    # codec below looks every char up.
    try:
        latin1 = text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        folded_latin1 = latin1.translate(_LATIN1_FOLDS)
        if folded_latin1.isascii():
            return Normalized(folded_latin1.decode("ascii"), None, len(text))
    try:
        raw, _ = codecs.charmap_encode(text, "strict", _UNIT_MAP)
    except UnicodeEncodeError:
        raw = None
    if raw is not None:
        folded_raw = raw.translate(_UNIT_FOLDS)
        if folded_raw.isascii():
            return Normalized(folded_raw.decode("ascii"), None, len(text))
    if len(text) >= _VECTOR_FOLD:
        vector = _fold_codes(text)
        if vector is not None:
            return vector
    # Everything else in C: one translate, then offsets from the per-char fold lengths.
    folded = text.translate(_FOLD)
    if _NON_UNIT.isdisjoint(text):
        return Normalized(folded, None, len(text))
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    unique, inverse = np.unique(codes, return_inverse=True)
    lengths = np.array([len(_FOLD[int(code)]) for code in unique], dtype=np.int64)[inverse]
    offsets: list[int] = np.repeat(np.arange(len(text)), lengths).tolist()
    offsets.append(len(text))
    return Normalized(folded, offsets, len(text))


_VECTOR_FOLD = 512  # chars; longer text is folded in numpy (a dict lookup per char is slow)
_MIXED = 16_384  # chars; shorter text mostly in another script is mapped by translate
_ASCII_LOWER = np.array([ord(chr(i).lower()) for i in range(128)], dtype=np.uint32)


def _fold_codes(text: str) -> Normalized | None:
    """:func:`fold` in numpy, for text whose characters each fold to at most one: ASCII by
    table, other characters by one lookup per distinct character. None when some character
    folds to several (the caller's translate handles it) or when translate is as fast."""
    mapped = map_distinct(text, _FOLD.__getitem__, _ASCII_LOWER)
    return None if mapped is None else Normalized(mapped[0], mapped[1], len(text))


def map_distinct(
    text: str, form_of: Callable[[int], str | None], ascii_table: Any = None
) -> tuple[str, list[int] | None] | None:
    """Map long text in numpy: ASCII through ``ascii_table`` (kept without one), every other
    character by one ``form_of`` call per distinct character (None or itself: kept; ``""``:
    dropped; one character: replaced). Returns the text and, when something was dropped, the
    original index of each kept character plus the end.

    None when translate would do as well (text mostly in another script, or with many
    distinct characters such as CJK), when a form is longer than one character, or when the
    result holds a lone surrogate.
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    high = codes >= 128
    out = codes.copy() if ascii_table is None else ascii_table.take(np.minimum(codes, 127))
    kept = None
    if high.any():
        where = high.nonzero()[0]
        if len(where) * 2 > len(codes) and len(codes) < _MIXED:
            return None  # a message in another script: translate is as fast
        unique, inverse = np.unique(codes[where], return_inverse=True)
        if len(unique) * 8 > len(codes):
            return None  # many distinct characters (CJK): translate is faster
        codes_list = unique.tolist()
        forms = [form_of(code) for code in codes_list]
        if any(form is not None and len(form) > 1 for form in forms):
            return None
        mapped = np.array(
            [
                code if form is None else (ord(form) if form else 0)
                for code, form in zip(codes_list, forms, strict=True)
            ],
            dtype=np.uint32,
        )
        out[where] = mapped[inverse]
        empty = [i for i, form in enumerate(forms) if form == ""]
        if empty:
            kept = np.ones(len(codes), dtype=bool)
            kept[where[np.isin(inverse, empty)]] = False
            out = out[kept]
    try:
        mapped_text = out.astype("<u4").tobytes().decode("utf-32-le")
    except UnicodeDecodeError:  # a lone surrogate
        return None
    if kept is None:
        return mapped_text, None
    offsets: list[int] = kept.nonzero()[0].tolist()
    offsets.append(len(text))
    return mapped_text, offsets


# Single letters separated by one separator char, at least four letters: "i g n o r e",
# "i.g.n.o.r.e", "i-g-n-o-r-e". Digits and leet symbols count as letters here.
_SPACED = re2.compile(
    r"(?:^|[^a-z0-9@$])((?:[a-z0-9@$][ .\-_*/|,+~]{1,2}){3,}[a-z0-9@$])(?:$|[^a-z0-9@$])"
)
# A leet word is letters and leet symbols only: a token with 2, 6, 8 or 9 in it is an id,
# a key, an IBAN or a phone number, and is not worth a look.
_LEET_CHARS = "[a-z013457@$]"
_LEET_OF = {"a": "4@", "e": "3", "i": "1", "l": "1", "o": "0", "s": "5$", "t": "7"}
# Trigger words whose leet spelling makes a text worth a leetspeak reading. Screening for
# these, not for any digit next to a letter, keeps ids, postcodes and "v1" on the fast path.
_CORE_WORDS = (
    "ignore ignoring disregard forget bypass override skip instructions instruction rules "
    "guidelines directives prompt system previous prior above earlier reveal print repeat "
    "show tell jailbreak jailbroken unrestricted unfiltered uncensored restrictions filters "
    "developer pretend roleplay assistant secret hidden password policy policies "
    "ignorez oublie oubliez consignes regles ignoriere vergiss anweisungen regeln ignora "
    "olvida instrucciones reglas dimentica istruzioni regole esqueca instrucoes regras "
    "negeer vergeet instructies zignoruj zapomnij instrukcje"
)
_LEET_CORE = tuple(_CORE_WORDS.split())


def _leet_variants(word: str) -> str:
    """Spellings of ``word`` with at least one leet symbol, as one RE2 alternation."""
    classes = ["[" + c + re2.escape(_LEET_OF[c]) + "]" if c in _LEET_OF else c for c in word]
    branches = [
        "".join(classes[:i]) + "[" + re2.escape(_LEET_OF[c]) + "]" + "".join(classes[i + 1 :])
        for i, c in enumerate(word)
        if c in _LEET_OF
    ]
    return "|".join(branches)


def leet_screen(words: Iterable[str]) -> str:
    """RE2 pattern finding any of ``words`` spelt with at least one leet symbol."""
    variants = "|".join(v for v in map(_leet_variants, words) if v)
    if not variants:
        return "[^\\x00-\\x{10ffff}]"  # matches nothing
    return f"(?:^|[^a-z0-9@$])(?:{variants}){_LEET_CHARS}{{0,3}}(?:$|[^a-z0-9@$])"


LEET_SCREEN = leet_screen(_LEET_CORE)
_LEET_TOKEN = re2.compile(
    rf"(?:^|[^a-z0-9@$])({_LEET_CHARS}*(?:[a-z][013457@$]|[013457@$][a-z]){_LEET_CHARS}*)"
)
# Lone leet numbers ("4 all", "15"): maximal runs of 1-3 of "013457" with no letter, digit,
# "@" or "$" on either side. Found from a byte class per char in numpy: the ``re`` search
# with look-arounds (one Python match object each) was half of undo_leet on PII documents.
_LEET_DIGIT, _LEET_WORD = 1, 2
_LEET_CLASS = np.zeros(256, dtype=np.int8)
_LEET_CLASS[list(b"abcdefghijklmnopqrstuvwxyz0123456789@$")] = _LEET_WORD
_LEET_CLASS[list(b"013457")] = _LEET_DIGIT
_LEET_I = str.maketrans("013457@$", "oieastas")
_LEET_L = str.maketrans("013457@$", "oleastas")
MAX_EDITS = 2048  # per pass; bounds the Python-side work on hostile input
MAX_SPACED_RUN = 4096  # chars of one letter-spaced run that get joined


def _is_letter(ch: str) -> bool:
    return ch.isalnum() or ch in "@$"


def _known(word: str, vocabulary: frozenset[str] | None) -> bool:
    # Trigger words, or words that start like one ("summari[sz]ing" gives "summari").
    if vocabulary is None:
        return True
    return word in vocabulary or (len(word) > 6 and word[:6] in vocabulary)


def join_spaced(norm: Normalized, vocabulary: frozenset[str] | None = None) -> Normalized:
    """Join letter-spaced words. With ``vocabulary``, only runs giving a known word."""
    text = norm.text
    edits: list[Edit] = []
    # Hostile text repeats one run thousands of times: each distinct run is read once.
    readings: dict[str, tuple[str, list[int]] | None] = {}
    for seen, (start, stop) in enumerate(match_spans(_SPACED, text, group=1)):
        if len(edits) >= MAX_EDITS or seen >= MAX_EDITS:
            break
        end = min(stop, start + MAX_SPACED_RUN)  # bounded Python work per run
        run = text[start:end]
        if run not in readings:
            readings[run] = _spaced_reading(run, vocabulary)
        reading = readings[run]
        if reading is not None:
            joined, sources = reading
            edits.append(Edit(start, end, joined, [start + i for i in sources]))
    return apply_edits(norm, edits)


def match_spans(regex: Any, text: str, *, group: int) -> Iterator[tuple[int, int]]:
    """Spans of ``group`` of an RE2 ``regex``'s matches in ``text``; on ASCII text from the
    compiled RE2 object on bytes (offsets are the same), without building match objects:
    hostile text has thousands."""
    if not text.isascii():
        for match in regex.finditer(text):
            yield match.span(group)
        return
    search = regex._regexp.Match
    data = text.encode("ascii")
    size = len(data)
    pos = 0
    while pos < size:
        spans = search(_UNANCHORED, data, pos, size)
        if spans[0][0] < 0:
            return
        yield spans[group]
        pos = spans[0][1] if spans[0][1] > spans[0][0] else spans[0][0] + 1


_UNANCHORED = re2._Anchor.UNANCHORED


def _spaced_reading(run: str, vocabulary: frozenset[str] | None) -> tuple[str, list[int]] | None:
    """``run`` joined, with the position in ``run`` of each char; None if it gives no
    known word."""
    seps = [run[i] for i in range(1, len(run), 2) if not _is_letter(run[i])]
    dominant = max(set(seps), key=seps.count) if seps else " "
    # A word break is a longer separator or a different one: "i g n o r e  a l l",
    # "r-e-v-e-a-l y-o-u-r".
    new: list[str] = []
    sources: list[int] = []
    i = 0
    while i < len(run):
        if _is_letter(run[i]):
            new.append(run[i])
            sources.append(i)
            i += 1
            continue
        j = i
        while j < len(run) and not _is_letter(run[j]):
            j += 1
        if j - i > 1 or run[i] != dominant:
            new.append(" ")
            sources.append(i)
        i = j
    joined = "".join(new)
    # Versions and phone numbers ("1.2.3.4", "0 6 1 2") stay as written.
    if vocabulary is not None and not any(
        _known(_leet_word(w, vocabulary), vocabulary) for w in joined.split()
    ):
        return None
    return joined, sources


# Characters an attacker slips inside a word ("ig*nore", "in_struc~tions") that ordinary
# prose does not use there; "-", "." and "'" are left out: "e-mail", "file.txt", "don't".
BROKEN_SCREEN = r"[a-z][*_`~^|+][a-z]"
_BROKEN = re2.compile(r"(?:^|[^a-z0-9*_`~^|+])((?:[a-z]+[*_`~^|+]+){1,6}[a-z]+)")
# The char classes of _BROKEN, one byte per char: a non-ASCII char reads "?", an "other"
# char, as the regex reads it.
_OTHER, _LOWER, _INSERT = 0, 1, 2
_BROKEN_CLASS = bytearray(256)
_BROKEN_CLASS[ord("a") : ord("z") + 1] = bytes([_LOWER]) * 26
for _char in b"*_`~^|+":
    _BROKEN_CLASS[_char] = _INSERT
_BROKEN_CLASS[ord("0") : ord("9") + 1] = bytes([3]) * 10  # a digit: neither of these
_BROKEN_TABLE = bytes(_BROKEN_CLASS)
_MAX_BROKEN_WORDS = 7  # in one _BROKEN match: {1,6} pieces and the last word
_BROKEN_CHUNK = 16_384  # chars read at a time: the first MAX_EDITS matches often come early
_FEW_INSERTS = 256  # below this many inserted chars, a regex call per match costs less


def _broken_spans(text: str) -> list[tuple[int, int]]:
    """Spans of group 1 of the first ``MAX_EDITS`` matches of ``_BROKEN`` in ``text``.

    Redacted text has a match per placeholder ("<email_address_1>"): thousands of regex
    calls. With many inserted chars, the spans come from the runs of char classes instead:
    a match is a chain of alternating letter and inserted-char runs that starts with
    letters after an "other" char (or at the start) and holds two letter runs or more; it
    ends with the seventh.
    """
    data = text.encode("ascii", "replace").translate(_BROKEN_TABLE)
    if data.count(_INSERT) < _FEW_INSERTS:  # few matches: the regex skips to each fast
        return list(itertools.islice(match_spans(_BROKEN, text, group=1), MAX_EDITS))
    spans: list[tuple[int, int]] = []
    pos = 0
    while pos < len(data) and len(spans) < MAX_EDITS:
        # A chunk ends before an "other" char: no chain runs across the cut.
        cut = data.find(b"\x00", pos + _BROKEN_CHUNK)
        cut = len(data) if cut < 0 else cut
        chunk = np.frombuffer(data, dtype=np.int8, count=cut - pos, offset=pos)
        spans += _chunk_spans(chunk, pos, MAX_EDITS - len(spans))
        pos = cut
    return spans


def _chunk_spans(classes: npt.NDArray[np.int8], pos: int, limit: int) -> list[tuple[int, int]]:
    """The first ``limit`` _BROKEN spans in a chunk at ``pos`` that starts the text or
    with an "other" char."""
    bounds = np.flatnonzero(np.diff(classes)) + 1
    starts = np.concatenate(([0], bounds))
    ends = np.concatenate((bounds, [len(classes)]))
    kinds = classes[starts]
    in_chain = (kinds == _LOWER) | (kinds == _INSERT)
    # A chain is a block of runs in_chain; runs alternate letters and inserts inside it.
    linked = in_chain[:-1] & in_chain[1:]  # run i and run i + 1 are one chain
    first = np.flatnonzero(in_chain & ~np.concatenate(([False], linked)))
    last = np.flatnonzero(in_chain & ~np.concatenate((linked, [False])))
    before = np.where(first > 0, kinds[np.maximum(first - 1, 0)], _OTHER)
    opens = (kinds[first] == _LOWER) & (before == _OTHER)
    first, last = first[opens], last[opens]
    last = np.where(kinds[last] == _LOWER, last, last - 1)  # the chain's last letter run
    words = (last - first) // 2 + 1
    match = words >= 2
    first, words = first[match][:limit], words[match][:limit]
    final = first + 2 * (np.minimum(words, _MAX_BROKEN_WORDS) - 1)
    return list(zip((starts[first] + pos).tolist(), (ends[final] + pos).tolist(), strict=True))


def join_broken(norm: Normalized, vocabulary: frozenset[str] | None = None) -> Normalized:
    """Drop characters inserted inside words. With ``vocabulary``, only for known words."""
    text = norm.text
    edits: list[Edit] = []
    # Most matches are names ("<email_address_1>" placeholders, snake_case) that repeat:
    # each distinct match is read once, and positions are listed only for a known word.
    readings: dict[str, str | None] = {}
    for start, end in _broken_spans(text):
        span = text[start:end]
        if span in readings:
            word = readings[span]
        else:
            word = readings[span] = _broken_word(span, vocabulary)
        if word is not None:
            kept = [i for i in range(start, end) if text[i].isalpha()]
            edits.append(Edit(start, end, word, kept))
    return apply_edits(norm, edits)


def _broken_word(span: str, vocabulary: frozenset[str] | None) -> str | None:
    """The word ``span`` (a _BROKEN match) stands for, or None if it is not joined."""
    word = span.translate(_INSERTED)  # the span holds [a-z] and these only
    if not _known(word, vocabulary):
        return None
    # snake_case names ("mistral_api_key") start with a whole word; an attacker breaks
    # the trigger word itself ("ig_nore"). Joining the names would only cost a rescan.
    if vocabulary is not None and word not in vocabulary:
        first = _FIRST_PIECE.match(span)
        if first is not None and first.group() in vocabulary:
            return None
    return word


_FIRST_PIECE = re.compile(r"[a-z]+")  # at a match of _BROKEN: bounded by its length
_INSERTED = str.maketrans("", "", "*_`~^|+")


def _leet_word(token: str, vocabulary: frozenset[str] | None) -> str:
    # "1" is "i" or "l": take the reading that gives a known trigger word, else "i".
    as_i = token.translate(_LEET_I)
    if "1" in token and vocabulary is not None and as_i not in vocabulary:
        as_l = token.translate(_LEET_L)
        if as_l in vocabulary:
            return as_l
    return as_i


def _leet_numbers(text: str) -> list[tuple[int, int, str]]:
    """The first ``MAX_EDITS`` lone leet numbers of ``text``: (start, end, number)."""
    # One byte per char; a non-ASCII char reads "?", which is neither class, like the char.
    classes = _LEET_CLASS[np.frombuffer(text.encode("ascii", "replace"), dtype=np.uint8)]
    padded = np.zeros(len(classes) + 2, dtype=np.int8)
    padded[1:-1] = classes
    is_digit = (padded == _LEET_DIGIT).view(np.int8)
    edges = np.flatnonzero(np.diff(is_digit))  # run i spans edges[2i]:edges[2i + 1]
    starts, ends = edges[0::2], edges[1::2]
    # ``padded`` is shifted by one: padded[start] is the char before the run, padded[end + 1]
    # the char after it.
    lone = (ends - starts <= 3) & (padded[starts] != _LEET_WORD) & (padded[ends + 1] != _LEET_WORD)
    spans = zip(starts[lone][:MAX_EDITS].tolist(), ends[lone][:MAX_EDITS].tolist(), strict=True)
    return [(start, end, text[start:end]) for start, end in spans]


def undo_leet(norm: Normalized, vocabulary: frozenset[str] | None = None) -> Normalized:
    """Undo leetspeak. With ``vocabulary``, only tokens that become known words change."""
    text = norm.text
    tokens: list[tuple[int, int, str]] = []
    known: dict[str, str] = {}  # each distinct token read once
    for seen, (start, end) in enumerate(match_spans(_LEET_TOKEN, text, group=1)):
        if len(tokens) >= MAX_EDITS or seen >= MAX_EDITS:
            break  # bounded work on hostile input; the rest stays as written
        token = text[start:end]
        if text[end : end + 1].isdigit():
            continue  # the token goes on with 2, 6, 8 or 9: an id, not a word
        if token.startswith("$") and token[1:2].isdigit():
            continue  # an amount: "$5k"
        at = token.find("@")
        if 0 < at < len(token) - 1 and text[end : end + 1] == ".":
            continue  # an e-mail address
        if len(token) > 24:
            continue  # keys, ids and hashes, not words
        word = known.get(token)
        if word is None:
            word = known[token] = _leet_word(token, vocabulary)
        if not _known(word, vocabulary):
            continue
        tokens.append((start, end, token))
    if not tokens:
        return norm
    # Lone digits ("4 all", "15") are leetspeak only in text that is mostly leetspeak.
    if len(tokens) >= 3:
        tokens = sorted(tokens + _leet_numbers(text))
    edits = []
    for start, end, token in tokens:
        word = known.get(token)
        if word is None:
            word = known[token] = _leet_word(token, vocabulary)
        if word != token:
            edits.append(Edit(start, end, word, range(start, end)))
    return apply_edits(norm, edits) if edits else norm


# Four spaced single chars, the first and last a letter: "i g n o r e", "1 g n 0 r 3", but
# not versions or phone numbers ("1.2.3.4").
SPACED_SCREEN = r"[a-z@$][ .\-_*/|,+~]{1,2}(?:[a-z0-9@$][ .\-_*/|,+~]{1,2}){2}[a-z@$]"
_SPACED_SCREEN = re2.compile(SPACED_SCREEN)
_LEET_SCREEN = re2.compile(LEET_SCREEN)


def normalize(text: str, vocabulary: frozenset[str] | None = None) -> list[Normalized]:
    """Normalised readings of ``text``: folded (spacing joined), then leetspeak undone if any.

    ``vocabulary`` holds trigger words: only spaced or leet words that become one are
    rewritten, and it settles whether a leet "1" reads "i" or "l". ``None`` rewrites all.
    """
    norm = fold(text)
    if _SPACED_SCREEN.search(norm.text):
        norm = join_spaced(norm, vocabulary)
    if _LEET_SCREEN.search(norm.text):
        leet = undo_leet(norm, vocabulary)
        if leet is not norm:
            return [norm, leet]
    return [norm]


def compose(outer: Normalized, inner: Normalized) -> Normalized:
    """Map ``inner`` (normalised from ``outer.text``) straight to ``outer``'s original text."""
    if outer.offsets is None:
        return Normalized(inner.text, inner.offsets, outer.original_length)
    base = outer.offsets
    if inner.offsets is None:
        return Normalized(inner.text, base, outer.original_length)
    inner_offsets = np.asarray(inner.offsets, dtype=np.int64)
    return Normalized(
        inner.text, np.asarray(base, dtype=np.int64)[inner_offsets], outer.original_length
    )
