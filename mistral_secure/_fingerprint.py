"""Fingerprints: how a secret is shown anywhere a human or a log might see it."""

from __future__ import annotations

import hashlib

__all__ = ["fingerprint"]


def fingerprint(secret: str) -> str:
    """Return a short, stable, non-reversible label for ``secret``.

    The label is the first four characters and 8 hex digits of its SHA-256, e.g.
    ``"sk-a…3f9c01d2"``. Short secrets (< 16 chars) show no prefix at all.
    """
    if not isinstance(secret, str):
        raise TypeError(f"fingerprint() expects str, got {type(secret).__name__}")
    # surrogatepass: a malformed secret still gets a label, and no UnicodeEncodeError
    # carrying the secret in its ``.object``.
    digest = hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    prefix = secret[:4] if len(secret) >= 16 else ""
    return f"{prefix}…{digest}"
