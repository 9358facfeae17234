"""Argument checks shared by the public functions: one wording for every type error."""

from __future__ import annotations

import re

__all__ = ["require_str", "require_text"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def require_str(value: object, what: str) -> str:
    """``value`` if it is a ``str``; otherwise ``TypeError`` naming ``what`` and the type."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, got {type(value).__name__}")
    return value


def require_text(value: object, what: str) -> str:
    """``value`` if it is a ``str`` of valid Unicode; a lone surrogate is a ``ValueError``.

    The error names the index only: ``str.encode`` would raise a ``UnicodeEncodeError``
    whose ``.object`` holds the whole text.
    """
    text = require_str(value, what)
    if not text.isascii():
        found = _SURROGATE.search(text)
        if found is not None:
            raise ValueError(f"{what} holds a lone surrogate at index {found.start()}")
    return text
