"""Postal addresses of France, Germany, Spain, Italy, the UK and the US, found by shape,
in time linear in the text.

Two small RE2 scans find where an address may start: a house number before a street
(FR, UK, US: "12 rue…", "221B Baker…", "Flat 3, …"), or a street type (ES, IT: "Calle…",
"Via…"; DE: "…straße 12"). Each language's full pattern then runs anchored there, on a
bounded stretch of the bytes: the big Unicode patterns never scan the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import re2

from ._lexicon import DE_SUFFIXES, EN_TYPES, ES_TYPES, FR_TYPES, IT_TYPES
from ._utf8 import Utf8Text, search_all

__all__ = ["AddressRules"]

_UNANCHORED = re2._Anchor.UNANCHORED
_ANCHOR_START = re2._Anchor.ANCHOR_START
# The longest stretch one address may cover, in bytes.
_REACH = 1024


def _alt(words: Iterable[str]) -> str:
    return "|".join(re2.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _ci(words: Iterable[str]) -> str:
    return f"(?i:{_alt(words)})"


_CAP = r"\p{Lu}[\p{L}'’.-]*"
# A city word has a lower-case letter second: not "NW" (a postcode) nor "DC" (a state).
_CITY = r"\p{Lu}\p{Ll}[\p{L}'’-]*"
_FR_PART = r"(?:de|du|des|la|le|les|l['’]|d['’]|et|sur|sous|en|aux|au|à)"
_FR_CITY = (
    f"(?:\\d{{5}}|\\d{{2}}[ \\t]\\d{{3}})[ \\t]+{_CITY}(?:[ \\t-]+(?:{_FR_PART}|{_CITY})){{0,3}}"
)
_FR = (
    f"\\b\\d{{1,4}}(?:[ \\t]?(?:bis|ter|quater|[A-D]))?,?[ \\t]+{_ci(FR_TYPES)}"
    f"(?:[ \\t]+(?:{_FR_PART}[ \\t]*){{0,3}}(?:{_CAP}|\\d{{1,4}})){{1,6}}"
    f"(?:[ \\t]*[,\\n][ \\t]*{_FR_CITY}(?:[ \\t]+(?i:cedex)(?:[ \\t]+\\d{{1,2}})?)?)?"
)
_DE = (
    f"(?:{_CAP}[ \\t]+)?(?:\\p{{Lu}}[\\p{{L}}-]*)?{_ci(DE_SUFFIXES)}[ \\t]+\\d{{1,4}}"
    f"(?:[ \\t]?[a-zA-Z]\\b)?"
    f"(?:[ \\t]*[,\\n][ \\t]*(?:D-|A-|CH-)?\\d{{4,5}}[ \\t]+{_CITY}"
    f"(?:[ \\t]+(?:am|an der|{_CITY})){{0,2}})?"
)
_ES_PART = r"(?:de|del|la|las|los|el|y)"
_ES = (
    f"{_ci(ES_TYPES)}[ \\t]+(?:{_ES_PART}[ \\t]+)*{_CAP}(?:[ \\t]+(?:{_ES_PART}|{_CAP})){{0,5}},?"
    f"[ \\t]*(?:n[º°.]?[ \\t]*)?\\d{{1,4}}"
    f"(?:,?[ \\t]+(?:\\d{{1,2}}[º°ª](?:[ \\t]?[A-Za-z]\\b)?|bajo|izq(?:uierda|da)?\\.?"
    f"|dcha\\.?|derecha|piso[ \\t]\\d+|puerta[ \\t]\\d+)){{0,3}}"
    f"(?:[ \\t]*[,\\n][ \\t]*\\d{{5}}[ \\t]+{_CITY}(?:[ \\t-]+(?:{_ES_PART}|{_CITY})){{0,3}}"
    f"(?:[ \\t]*\\({_CITY}\\))?)?"
)
_IT_PART = r"(?:del|della|dei|degli|delle|dello|di|da|san|santa|santo)"
_IT = (
    f"{_ci(IT_TYPES)}[ \\t]+(?:{_IT_PART}[ \\t]+)*{_CAP}"
    f"(?:[ \\t]+(?:{_IT_PART}|{_CAP}|[IVX]+)){{0,5}},?"
    f"[ \\t]*(?:n\\.?[ \\t]*)?\\d{{1,4}}(?:/?[A-Za-z]\\b|[ \\t]?bis)?"
    f"(?:[ \\t]*[,\\n-][ \\t]*\\d{{5}}[ \\t]+{_CITY}(?:[ \\t]+{_CITY}){{0,2}}"
    f"(?:[ \\t]*\\(\\p{{Lu}}{{2}}\\))?)?"
)
_EN = (
    f"(?:(?i:flat|apartment|apt\\.?|unit)[ \\t]*\\d{{1,4}}[A-Za-z]?,?[ \\t]+)?"
    f"\\b\\d{{1,5}}[A-Za-z]?(?:-\\d{{1,5}})?,?[ \\t]+(?:{_CAP}[ \\t]+){{1,4}}{_ci(EN_TYPES)}\\b"
    f"(?:[ \\t]+(?:N|S|E|W|NE|NW|SE|SW)\\b)?"
    f"(?:,?[ \\t]+(?i:apt|apartment|suite|ste|unit|flat|floor|fl)\\.?[ \\t]*#?[ \\t]*\\w+)?"
    f"(?:[ \\t]*[,\\n][ \\t]*{_CITY}(?:[ \\t]+{_CITY}){{0,2}})?"
)
# The order of the languages breaks ties between matches that start at one place.
_LANGUAGES = ("fr", "de", "es", "it", "en")
_PATTERNS = {"fr": _FR, "de": _DE, "es": _ES, "it": _IT, "en": _EN}

# Where a FR, UK or US address starts: its number, street type and first name word
# ("12 rue de la Paix", "221B Baker Street", "Flat 3, 27 Victoria Road").
_NUMBER_START = (
    f"\\b\\d{{1,4}}(?:[ \\t]?(?:bis|ter|quater|[A-D]))?,?[ \\t]+{_ci(FR_TYPES)}"
    f"[ \\t]+(?:{_FR_PART}[ \\t]*){{0,3}}(?:\\p{{Lu}}|\\d)"
    f"|(?:(?i:flat|apartment|apt\\.?|unit)[ \\t]*\\d{{1,4}}[A-Za-z]?,?[ \\t]+)?"
    f"\\b\\d{{1,5}}[A-Za-z]?(?:-\\d{{1,5}})?,?[ \\t]+(?:{_CAP}[ \\t]+){{1,4}}{_ci(EN_TYPES)}\\b"
)
# Where a ES or IT address starts (its street type before a capitalised name), or a DE
# street ends ("…straße 12").
_TYPE_START = (
    f"{_ci([*ES_TYPES, *IT_TYPES])}[ \\t]+(?:(?:{_ES_PART[3:-1]}|{_IT_PART[3:-1]})[ \\t]+)*"
    f"\\p{{Lu}}|{_ci(DE_SUFFIXES)}[ \\t]+\\d"
)
_DIGITS = frozenset(b"0123456789")

# What may follow an English address's city: a US state and ZIP, a UK postcode.
_EN_TAIL = re.compile(
    r",?[ \t]+(?:[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2})\b"
)


def _compile(pattern: str) -> Any:
    options = re2.Options()
    options.max_mem = 64 << 20
    return re2.compile(pattern, options)._regexp


class AddressRules:
    """The address patterns, their start triggers, and the anchored matching."""

    def __init__(self) -> None:
        self._programs = {lang: _compile(_PATTERNS[lang]) for lang in _LANGUAGES}
        self._number_start = _compile(_NUMBER_START)
        self._type_start = _compile(_TYPE_START)

    def find(self, doc: Utf8Text) -> list[tuple[int, int]]:
        """``(start, end)`` of the addresses in ``doc``, in str offsets, not overlapping."""
        data = doc.data
        candidates: list[tuple[int, int, int]] = []  # (byte start, language rank, byte end)
        # At one start the first language that matches wins (as in one combined pattern).
        for start, _ in search_all(self._number_start, _UNANCHORED, data):
            if not self._try(data, 0, start, candidates):  # fr
                self._try(data, 4, start, candidates)  # en
        for start, end in search_all(self._type_start, _UNANCHORED, data):
            if data[end - 1] in _DIGITS:  # "…straße 12": a DE street ends here
                self._german(doc, start, candidates)
            elif not self._try(data, 2, start, candidates):  # es
                self._try(data, 3, start, candidates)  # it
        if not candidates:
            return []
        candidates.sort()
        out: list[tuple[int, int]] = []
        last = 0
        text = doc.text
        for b_start, _, b_end in candidates:
            if b_start < last:
                continue  # one scan of the combined pattern would not have seen it
            last = b_end
            start, end = doc.char(b_start), doc.char(b_end)
            tail = _EN_TAIL.match(text, end, min(len(text), end + 16))
            if tail is not None:
                end = tail.end()
            while end > start and text[end - 1] in " \t\n,.":
                end -= 1
            out.append((start, end))
        return out

    def _try(self, data: bytes, rank: int, start: int, out: list[tuple[int, int, int]]) -> bool:
        program = self._programs[_LANGUAGES[rank]]
        span = program.Match(_ANCHOR_START, data, start, min(len(data), start + _REACH))[0]
        if span[0] < 0:
            return False
        out.append((start, rank, span[1]))
        return True

    def _german(self, doc: Utf8Text, b_suffix: int, out: list[tuple[int, int, int]]) -> None:
        """A DE street name ending in the suffix at ``b_suffix``: find where it starts."""
        suffix = doc.char(b_suffix)
        for pos in _de_starts(doc.text, suffix):
            if self._try(doc.data, 1, doc.byte(pos, suffix, b_suffix), out):
                break


def _de_starts(text: str, suffix: int) -> list[int]:
    """Where a DE street may start, leftmost first: a capitalised word before it ("Am
    Markt", "Berliner Straße"), the capital of the word holding the suffix, the suffix."""
    run = suffix
    low = max(0, suffix - 128)
    while run > low and (text[run - 1].isalpha() or text[run - 1] == "-"):
        run -= 1
    capital = next((i for i in range(run, suffix) if text[i].isupper()), suffix)
    starts = [capital] if capital == suffix else [capital, suffix]
    if capital == run:
        gap = capital
        while gap > low and text[gap - 1] in " \t":
            gap -= 1
        if gap < capital:
            word = gap
            while word > low and (text[word - 1].isalpha() or text[word - 1] in "'’.-"):
                word -= 1
            first = next((i for i in range(word, gap) if text[i].isupper()), -1)
            if first >= 0:
                starts.insert(0, first)
    return starts
