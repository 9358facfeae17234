"""Argument checks shared by the named-entity backends."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .._validate import require_str

__all__ = ["check_entities", "check_positive", "check_texts"]

_ENTITY_NAME = re.compile(r"[A-Z][A-Z0-9_]{0,63}")


def check_entities(names: Iterable[str], what: str) -> frozenset[str]:
    """The names as a frozenset; ``TypeError``/``ValueError`` if any is not an entity name."""
    if isinstance(names, str):
        raise TypeError(f"{what} must be a collection of entity names, not one str")
    out = frozenset(names)
    for name in out:
        if not isinstance(name, str):
            raise TypeError(f"{what} must hold entity names (str), got {type(name).__name__}")
        if not _ENTITY_NAME.fullmatch(name):
            raise ValueError(f"{what}: entity names are UPPER_SNAKE_CASE, like 'PERSON'")
    return out


def check_positive(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be int, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{what} must be at least 1")
    return value


def check_texts(texts: object) -> Sequence[str]:
    """``texts`` for ``recognize``: a sequence of str (one str alone is a mistake)."""
    if isinstance(texts, str) or not isinstance(texts, Sequence):
        raise TypeError(
            f"recognize takes a sequence of texts (a list of str), got {type(texts).__name__}"
        )
    for text in texts:
        require_str(text, "each text")
    return texts
