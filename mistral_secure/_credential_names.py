"""Words that name a password or a token, shared by the recognizers and the log filter.

Kept apart from ``_recognizers`` (which compiles its patterns on import) so the log filter,
loaded at start-up by every key pool, can gate on the same words without that cost.
"""

from __future__ import annotations

from typing import Final

__all__ = ["WORDS_FOR_PASSWORDS", "WORDS_FOR_TOKENS"]

# A case-insensitive regex group; "." stands for the "ñ" of "contraseña" (one character in a
# str pattern, and one "?" in the recognizers' scanned bytes). "pass" alone is a boarding
# pass or a mountain pass; glued after a name (``DB_PASS``, ``smtp.pass``) it is a password.
WORDS_FOR_PASSWORDS: Final = (
    "(?i:password|passwd|passphrase|pwd|pw|passwort|kennwort|mot de passe|contrase.a|senha"
    "|wachtwoord|[_.-]pass\\b)"
)
# Names whose value is a key or token whatever its shape ("token: ...", "API_KEY=...").
WORDS_FOR_TOKENS: Final = "(?i:token|secret|api[_ -]?key|apikey|access[_ -]?key|account[_ -]?key)"
