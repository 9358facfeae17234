"""placeholder"""

from __future__ import annotations

from collections.abc import Sequence


class BuiltinNER:
    entities = frozenset({"PERSON", "ADDRESS"})

    def recognize(self, texts: Sequence[str]) -> list[list[tuple[str, int, int]]]:
        return [[] for _ in texts]
