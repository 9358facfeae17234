"""Argument checks shared by the public functions: one wording for every type error."""

from __future__ import annotations

__all__ = ["require_str"]


def require_str(value: object, what: str) -> str:
    """``value`` if it is a ``str``; otherwise ``TypeError`` naming ``what`` and the type."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, got {type(value).__name__}")
    return value
