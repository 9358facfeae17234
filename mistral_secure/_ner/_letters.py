"""Upper- and lower-case letters as Python ``re`` character classes (``re`` has no
``\\p{Lu}``): what the built-in rules check on a short stretch of text after RE2 found it.

Built once from ``unicodedata`` over the 256-character pages of the Basic Multilingual
Plane that hold cased letters (a test checks no other page does).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["CASED_PAGES", "LOWER", "UPPER", "letter_class"]

CASED_PAGES = (
    *range(0x00, 0x06),
    0x10,
    0x13,
    *range(0x1C, 0x20),
    0x21,
    0x2C,
    0x2D,
    0xA6,
    0xA7,
    0xAB,
    0xFB,
    0xFF,
)


def letter_class(category: str) -> str:
    """A character class of the BMP letters of a Unicode general category (``Lu``, ``Ll``)."""
    ranges: list[tuple[int, int]] = []
    for page in CASED_PAGES:
        for code in range(page << 8, (page + 1) << 8):
            if unicodedata.category(chr(code)) != category:
                continue
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    parts = (
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    return f"[{''.join(parts)}]"


UPPER = letter_class("Lu")
LOWER = letter_class("Ll")
