"""Restoring the user's own values in a model answer, in whole texts and in streams."""

from __future__ import annotations

import html
import re
import secrets
from bisect import bisect_right
from collections.abc import Callable, Mapping

from ._redaction import SECRET_ENTITIES, Redaction

__all__ = ["Replacer", "Restorer"]

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


# Explicit embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder what
# follows them on screen: "\u202eexe.txt" shows as "txt.exe" (Trojan Source,
# CVE-2021-42574), in prose, code, link text and URLs alike. The output engine drops them as
# the stream is read, and a value restored after it must not bring them back. LRM, RLM and
# ALM stay: they reorder no strong text, and Arabic and Hebrew use them. Defined here, the
# lower module, so the engine imports it without an import cycle.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_VALUE_MARKUP = re.compile(r"[\\`\[\]()<&|]")
_HTML_MARKUP = re.compile(r"[\[\]`\\|]")


def _as_text(value: str) -> str:
    """``value`` escaped for Markdown text: it renders as itself and forms no markup."""
    return _VALUE_MARKUP.sub(
        lambda m: "&lt;" if m.group() == "<" else "&amp;" if m.group() == "&" else "\\" + m.group(),
        value,
    )


def _as_html(value: str) -> str:
    """``value`` escaped for raw HTML (an HTML block or an attribute)."""
    return _HTML_MARKUP.sub(lambda m: f"&#{ord(m.group())};", html.escape(value, quote=True))


class Restorer:
    """The user's values put back in a sanitized answer, as text that forms no markup.

    Before sanitizing, each reversible placeholder becomes an opaque token the sanitizer
    leaves alone (it is neither markup nor PII). The sanitizer marks each token with where
    it ended up: code (``C``), raw HTML (``H``) or Markdown text (``X``). The value is then
    written as that place needs: verbatim in code (or the placeholder, if the value could end
    the code span), HTML-escaped in HTML, backslash-escaped in text. Moderation reads the
    placeholders instead. Secrets are never restored.
    """

    __slots__ = ("_pattern", "_placeholders", "_raw", "_shield", "_values", "tokens")

    def __init__(self, restore: Redaction) -> None:
        nonce = secrets.token_hex(4)
        shield: dict[str, str] = {}
        values: dict[str, str] = {}
        raw: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        for entity in restore.entities:
            placeholder = entity.placeholder
            reversible = (
                placeholder[:1] == "<" and placeholder[-1:] == ">" and "<" not in placeholder[1:]
            )
            if placeholder in shield or not reversible:
                continue
            index = len(shield)
            shield[placeholder] = f"PH{nonce}X{index}Z"
            secret = entity.type in SECRET_ENTITIES
            value = placeholder if secret else restore.restore(placeholder)
            # What a renderer shows, without the controls that would reorder it on screen.
            shown = BIDI_CONTROLS.sub("", value)
            for where in "XCH":
                token = f"PH{nonce}{where}{index}Z"
                placeholders[token] = placeholder
                raw[token] = value  # data, not shown: it stays as the user typed it
                if secret:
                    values[token] = (
                        _as_text(placeholder)
                        if where == "X"
                        else _as_html(placeholder)
                        if where == "H"
                        else placeholder
                    )
                elif where == "X":
                    values[token] = _as_text(shown)
                elif where == "H":
                    values[token] = _as_html(shown)
                else:
                    values[token] = shown if "`" not in shown and "\n" not in shown else placeholder
        self._shield = shield
        self._values = values
        self._raw = raw
        self._placeholders = placeholders
        self.tokens = re.compile(f"(PH{nonce})[XCH]([0-9]+Z)")
        # Escaped literals only: no backtracking is possible.
        keys = sorted(shield, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, keys)) or "(?!)")

    @classmethod
    def of(cls, restore: Redaction | None) -> Restorer | None:
        """A restorer for ``restore``, or None when there is nothing to restore."""
        if restore is None:
            return None
        if not isinstance(restore, Redaction):
            raise TypeError(f"restore must be a Redaction, got {type(restore).__name__}")
        restorer = cls(restore)
        return restorer if restorer._shield else None

    def shield(self, text: str) -> str:
        return Replacer(self._shield).replace(text)

    def shield_map(self, text: str) -> tuple[str, Callable[[int], int]]:
        """The shielded text, and a map of its offsets back to ``text``."""
        starts: list[int] = []  # offset in the shielded text after each replaced placeholder
        shifts: list[int] = []
        parts: list[str] = []
        pos = shift = 0
        for m in self._pattern.finditer(text):
            token = self._shield[m.group()]
            parts.append(text[pos : m.start()])
            parts.append(token)
            shift += len(m.group()) - len(token)
            starts.append(m.start() - (shift - (len(m.group()) - len(token))) + len(token))
            shifts.append(shift)
            pos = m.end()
        parts.append(text[pos:])

        def back(offset: int) -> int:
            k = bisect_right(starts, offset) - 1
            return offset + (shifts[k] if k >= 0 else 0)

        return "".join(parts), back

    def shield_stream(self) -> Replacer:
        return Replacer(self._shield)

    def values(self, text: str) -> str:
        return Replacer(self._values).replace(text)

    def values_stream(self) -> Replacer:
        return Replacer(self._values)

    def raw(self, text: str) -> str:
        """``text`` with the values as they are, unescaped: for data (structured output
        fields, tool arguments), which no renderer reads as markup. Secrets stay
        placeholders."""
        return Replacer(self._raw).replace(text)

    def placeholders(self, text: str) -> str:
        return Replacer(self._placeholders).replace(text)

    def placeholders_stream(self) -> Replacer:
        return Replacer(self._placeholders)

    def __repr__(self) -> str:
        return f"Restorer(values={len(self._shield)})"

    def __reduce__(self) -> str:
        raise TypeError("a Restorer holds the user's values: not picklable")
