"""Restoring the user's own values in a model answer, in whole texts and in streams."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping

from ._redaction import SECRET_ENTITIES, Redaction

__all__ = ["Replacer", "restoration"]

# -- placeholder restoration -----------------------------------------------------------------


class Replacer:
    """Replaces known keys in a text or a stream of chunks, holding back a possible key start.

    Every key starts with a character found nowhere else in any key, so a key can never
    straddle the cut between emitted text and held-back text, and only the text from the
    last such character on can be the start of a key. A chunk without one, while nothing is
    held, passes through untouched.
    """

    __slots__ = ("_held", "_map", "_pattern", "_prefixes", "_reach", "_starter", "_starters")

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self._map = dict(mapping)
        keys = sorted(self._map, key=len, reverse=True)
        # Escaped literals only: no backtracking is possible.
        self._pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
        self._starters = "".join(dict.fromkeys(key[0] for key in keys))
        if any(c in key[1:] for key in keys for c in self._starters):
            raise ValueError("a key's first character must appear nowhere else in any key")
        self._starter = re.compile(f"[{re.escape(self._starters)}]") if keys else None
        # Proper prefixes of the keys: what may be held back, waiting for the next chunk.
        self._prefixes = frozenset(key[:i] for key in keys for i in range(1, len(key)))
        self._reach = len(keys[0]) - 1 if keys else 0
        self._held = ""

    def replace(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(self._substitute, text)

    def _substitute(self, match: re.Match[str]) -> str:
        return self._map[match.group()]

    def _start(self, text: str) -> int:
        """Where a possible key start begins in the tail of ``text`` (``-1``: nowhere)."""
        floor = max(0, len(text) - self._reach)
        return max(text.rfind(c, floor) for c in self._starters)

    def feed(self, chunk: str) -> str:
        if self._starter is None or (not self._held and not self._starter.search(chunk)):
            return chunk
        text = self._held + chunk if self._held else chunk
        start = self._start(text)
        if start >= 0 and text[start:] in self._prefixes:
            text, self._held = text[:start], text[start:]
        else:
            self._held = ""
        return self.replace(text)

    def flush(self) -> str:
        rest, self._held = self._held, ""
        return self.replace(rest)


def restoration(restore: Redaction) -> tuple[Replacer, Replacer]:
    """(shield, unshield): placeholders to opaque tokens before sanitizing, tokens to values after.

    The shield keeps placeholders intact through HTML cleaning and output redaction; the
    unshield puts back the user's own values, except secrets, which stay as placeholders.
    """
    nonce = secrets.token_hex(4)
    shield: dict[str, str] = {}
    unshield: dict[str, str] = {}
    for entity in restore.entities:
        placeholder = entity.placeholder
        # Only reversible placeholders like <EMAIL_ADDRESS_1>; masks and hashes stay as they are.
        reversible = (
            placeholder[:1] == "<" and placeholder[-1:] == ">" and "<" not in placeholder[1:]
        )
        if placeholder in shield or not reversible:
            continue
        token = f"PH{nonce}X{len(shield)}Z"
        shield[placeholder] = token
        unshield[token] = (
            placeholder if entity.type in SECRET_ENTITIES else restore.restore(placeholder)
        )
    return Replacer(shield), Replacer(unshield)
