"""Places by a word list and their context, in time linear in the text.

A city of the gazetteer (``places.txt``: about 7,900 names of EU, UK and US cities from
GeoNames, without those that are common words or person names) counts as a LOCATION only
where a place preposition ("in", "à", "nach", "en", "a", "di"...) or a postcode stands
right before it: "moving to Dublin", "je déménage à Lyon", "75002 Paris". A city name
alone ("the Leeds office", "Manchester United") is left to a model backend.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import re2

from ._utf8 import Utf8Text

__all__ = ["PLACE_PREPOSITIONS", "PlaceRules", "gazetteer"]

_UNANCHORED = re2._Anchor.UNANCHORED

PLACE_PREPOSITIONS = (
    # English
    *("in", "at", "from", "to", "near", "around", "outside", "towards"),
    # French
    *("à", "au", "aux", "en", "de", "depuis", "vers"),
    # German
    *("nach", "aus", "von", "bei", "ab", "bis"),
    # Spanish
    *("a", "desde", "hasta", "hacia"),
    # Italian
    *("da", "di", "verso"),
)

_DIGITS = frozenset(b"0123456789")
# From the preposition to the city: the preposition, then spaces or an apostrophe.
_CITY_START = re.compile(rb"[^ \t'\xe2]*(?:[ \t]+|'|\xe2\x80\x99)")


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    """The city names of ``places.txt`` (loaded once, on first use)."""
    lines = Path(__file__).with_name("places.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


class PlaceRules:
    """Cities after a place preposition or a postcode."""

    def __init__(self) -> None:
        prepositions = _alt(PLACE_PREPOSITIONS)
        options = re2.Options()
        options.max_mem = 64 << 20
        # One scan finds the preposition (or postcode) and the longest city name after it.
        self._trigger: Any = re2.compile(
            f"(?:^|[^\\pL\\pN_])(?:(?i:{prepositions})[ \\t]+|(?i:d)['’]|\\d{{4,5}}[ \\t]+)"
            f"(?:{_alt(gazetteer())})(?:[^\\pL\\pN_]|$)",
            options,
        )._regexp

    def find(self, doc: Utf8Text) -> list[tuple[int, int]]:
        """``(start, end)`` of the places in ``doc``, in str offsets."""
        data = doc.data
        size = len(data)
        match = self._trigger.Match
        out: list[tuple[int, int]] = []
        pos = 0
        while pos < size:
            b_start, b_end = match(_UNANCHORED, data, pos, size)[0]
            if b_start < 0:
                break
            # The hit: the character before, the preposition and its gap or the postcode
            # (part of the place: "75002 Paris"), the city, the character after.
            start = b_start if data[b_start] in _DIGITS else b_start + 1
            if data[start] not in _DIGITS:
                start = _CITY_START.match(data, start).end()  # type: ignore[union-attr]
            end = b_end
            if end < size or not data[end - 1 : end].isalnum():
                end -= 1
                while data[end] & 0xC0 == 0x80:
                    end -= 1
            out.append((doc.char(start), doc.char(end)))
            pos = end  # the character after the city may lead the next preposition
        return out


def _alt(words: Iterable[str]) -> str:
    return "|".join(re2.escape(w) for w in sorted(set(words), key=len, reverse=True))
