"""Words that name a password, shared by the recognizer and the log filter's fast path.

Kept apart from ``_recognizers`` (which compiles its patterns on import) so the log filter,
loaded at start-up by every key pool, can gate on the same words without that cost.
"""

from __future__ import annotations

from typing import Final

__all__ = ["WORDS_FOR_PASSWORDS"]

# A case-insensitive regex group; "." stands for the "ñ" of "contraseña" (one character in a
# str pattern, and one "?" in the recognizers' scanned bytes). "pass" alone is a boarding
# pass or a mountain pass; glued after a name (``DB_PASS``, ``smtp.pass``) it is a password.
WORDS_FOR_PASSWORDS: Final = (
    "(?i:password|passwd|passphrase|pwd|pw|passwort|kennwort|mot de passe|contrase.a|senha"
    "|wachtwoord|[_.-]pass\\b)"
)
