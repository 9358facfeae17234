"""Argument checks shared by the public functions: one wording for every error.

A value of the wrong type raises ``TypeError``; a value of the right type but out of range
raises :class:`~mistral_secure.ConfigurationError` (a ``ValueError``). Messages name the
argument and the type, never the value (it may be a key or user text).
"""

from __future__ import annotations

import math
import re

from ._exceptions import ConfigurationError
from ._fingerprint import fingerprint

__all__ = [
    "plain_name",
    "require_int",
    "require_nonempty_str",
    "require_number",
    "require_positive",
    "require_seconds",
    "require_str",
    "require_text",
    "shown",
    "text_with_replacements",
]

_SURROGATE = re.compile("[\ud800-\udfff]")
# A name a caller typed (a category, a mode, a setting): short, with short word runs. A key
# pasted in the wrong place is one long run of letters and digits.
_NAME = re.compile(r"[A-Za-z0-9_.:/@ -]{1,64}")
_LONG_RUN = re.compile(r"[A-Za-z0-9]{16}")


def plain_name(value: str) -> bool:
    """True if ``value`` reads as a name (a category, a mode, a setting), not as a key."""
    return _NAME.fullmatch(value) is not None and _LONG_RUN.search(value) is None


def shown(value: object) -> str:
    """How an error message shows a value the caller passed where a name was expected.

    A short name is shown as its ``repr`` so a typo can be fixed; anything that could be a
    key or user text pasted in the wrong place is shown as a fingerprint, or as its type.
    """
    if not isinstance(value, str):
        return type(value).__name__
    return repr(value) if plain_name(value) else f"<{fingerprint(value)}>"


def require_str(value: object, what: str) -> str:
    """``value`` if it is a ``str``; otherwise ``TypeError`` naming ``what`` and the type."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, got {type(value).__name__}")
    return value


def require_nonempty_str(value: object, what: str) -> str:
    """A ``str`` with something other than whitespace in it."""
    require_str(value, what)
    assert isinstance(value, str)
    if not value.strip():
        raise ConfigurationError(f"{what} must not be empty")
    return value


def require_number(value: object, what: str) -> float:
    """A finite ``int`` or ``float`` (``bool`` is not a number here), as a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{what} must be a number, got {type(value).__name__}")
    if not math.isfinite(value):
        raise ConfigurationError(f"{what} must be finite")
    return float(value)


def require_positive(value: object, what: str) -> float:
    """A finite number > 0."""
    number = require_number(value, what)
    if number <= 0:
        raise ConfigurationError(f"{what} must be > 0")
    return number


def require_seconds(value: object, what: str, *, allow_zero: bool = False) -> float:
    """A finite number of seconds, > 0 (or >= 0 with ``allow_zero``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{what} must be a number of seconds, got {type(value).__name__}")
    if not math.isfinite(value) or value < 0 or (value == 0 and not allow_zero):
        raise ConfigurationError(
            f"{what} must be a number of seconds {'>=' if allow_zero else '>'} 0"
        )
    return float(value)


def require_int(value: object, what: str, *, minimum: int = 0) -> int:
    """An ``int`` (not ``bool``) >= ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {type(value).__name__}")
    if value < minimum:
        raise ConfigurationError(f"{what} must be an int >= {minimum}")
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


def text_with_replacements(value: object, what: str) -> str:
    """``value`` if it is a ``str``, with each lone surrogate replaced by U+FFFD.

    For text the caller does not control, such as a model's answer decoded from broken
    JSON: refusing it would break the user's answer mid-stream. Offsets are kept (one code
    unit for one).
    """
    text = require_str(value, what)
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text)
