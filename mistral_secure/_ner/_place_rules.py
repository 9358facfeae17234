"""Places by a word list and their context, in time linear in the text.

A city of the gazetteer (``places.txt``: about 7,900 names of EU, UK and US cities from
GeoNames, without those that are common words or person names) counts as a LOCATION only
where a place preposition ("in", "à", "nach", "en", "a", "di"...) or a postcode stands
right before it: "moving to Dublin", "je déménage à Lyon", "75002 Paris". A city name
alone ("the Leeds office", "Manchester United") is left to a model backend.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import re2

from ._letters import UPPER
from ._utf8 import Utf8Text, search_all

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

# Up to four words of a place name: "Frankfurt am Main", "Aix-en-Provence", "L'Aquila".
_PLACE_WORDS = re.compile(f"{UPPER}(?:[^\\W\\d_]|['’-])*(?: (?:[^\\W\\d_]|['’-])+){{0,3}}")
_REACH = 96
_DIGITS = frozenset(b"0123456789")


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    """The city names of ``places.txt`` (loaded once, on first use)."""
    lines = Path(__file__).with_name("places.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


class PlaceRules:
    """Cities after a place preposition or a postcode."""

    def __init__(self) -> None:
        words = "|".join(re2.escape(w) for w in sorted(PLACE_PREPOSITIONS, key=len, reverse=True))
        options = re2.Options()
        options.max_mem = 16 << 20
        self._trigger: Any = re2.compile(
            f"(?:^|[^\\pL\\pN_])(?:(?i:{words})[ \\t]+|(?i:d)['’]|\\d{{4,5}}[ \\t]+)\\p{{Lu}}",
            options,
        )._regexp
        self._names = gazetteer()

    def find(self, doc: Utf8Text) -> list[tuple[int, int]]:
        """``(start, end)`` of the places in ``doc``, in str offsets."""
        text, data = doc.text, doc.data
        names = self._names
        out: list[tuple[int, int]] = []
        for b_start, b_end in search_all(self._trigger, _UNANCHORED, data):
            # A postcode before the place is part of it ("75002 Paris").
            postcode = -1
            if data[b_start] in _DIGITS:
                postcode = doc.char(b_start)
            elif data[b_start + 1] in _DIGITS:
                postcode = doc.char(b_start + 1)
            # The hit ends with the place's capital (one character of 1-4 bytes).
            capital = b_end - 1
            while data[capital] & 0xC0 == 0x80:
                capital -= 1
            start = doc.char(capital)
            words = _PLACE_WORDS.match(text, start, min(len(text), start + _REACH))
            if words is None:
                continue
            parts = words.group().split(" ")
            for count in range(len(parts), 0, -1):
                name = " ".join(parts[:count])
                if name in names:
                    out.append((start if postcode < 0 else postcode, start + len(name)))
                    break
        return out
