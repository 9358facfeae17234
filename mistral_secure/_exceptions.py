"""Exceptions raised by mistral-secure.

Every error carries machine-readable fields (reasons, rule ids, categories, counts).
None of them ever carries user content or key material, so they are safe to log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = [
    "ConfigurationError",
    "ContentFlagged",
    "GuardBlocked",
    "InjectionDetected",
    "InputTooLong",
    "KeySourceError",
    "MistralSecureError",
    "ModerationUnavailable",
    "NoUsableKey",
    "OutputBlocked",
    "RateLimited",
]


class MistralSecureError(Exception):
    """Base class of every error raised by mistral-secure."""


class ConfigurationError(MistralSecureError, ValueError):
    """Invalid configuration: unknown category, negative threshold, empty key list, ..."""


class GuardBlocked(MistralSecureError):
    """A request or a response was blocked by a guard.

    ``reason`` is a short machine-readable code such as ``"injection"``.
    ``stage`` is ``"input"`` or ``"output"``.
    """

    reason: str = "blocked"

    def __init__(self, message: str, *, stage: str = "input") -> None:
        super().__init__(message)
        self.stage = stage


class InjectionDetected(GuardBlocked):
    """Prompt injection was detected in untrusted text."""

    reason = "injection"

    def __init__(self, *, rule_ids: Sequence[str], score: float, stage: str = "input") -> None:
        self.rule_ids = tuple(rule_ids)
        self.score = score
        super().__init__(
            f"prompt injection detected (score {score:.2f}; rules: {', '.join(self.rule_ids)})",
            stage=stage,
        )


class ContentFlagged(GuardBlocked):
    """Moderation flagged the content."""

    reason = "moderation"

    def __init__(self, *, categories: Sequence[str], stage: str = "input") -> None:
        self.categories = tuple(categories)
        super().__init__(
            f"{stage} flagged by moderation: {', '.join(self.categories)}", stage=stage
        )


class ModerationUnavailable(GuardBlocked):
    """Moderation could not be reached and the policy is fail-closed."""

    reason = "moderation_unavailable"

    def __init__(self, *, cause: str, stage: str = "input") -> None:
        # ``cause`` is an exception class name or status code, never a message body.
        self.cause = cause
        super().__init__(f"moderation unavailable ({cause}); failing closed", stage=stage)


class InputTooLong(GuardBlocked):
    """The input exceeds the configured maximum length."""

    reason = "input_too_long"

    def __init__(self, *, length: int, limit: int, unit: str = "characters") -> None:
        self.length = length
        self.limit = limit
        self.unit = unit
        super().__init__(f"input is {length} {unit}; the limit is {limit}", stage="input")


class OutputBlocked(GuardBlocked):
    """The model's answer was blocked (for example a system-prompt leak under a block policy)."""

    reason = "output_blocked"

    def __init__(self, *, reasons: Sequence[str]) -> None:
        self.reasons = tuple(reasons)
        super().__init__(f"output blocked: {', '.join(self.reasons)}", stage="output")


class NoUsableKey(MistralSecureError):
    """Every key in a :class:`KeyPool` is quarantined or cooling down."""

    def __init__(self, *, states: Mapping[str, int], retry_after: float | None = None) -> None:
        self.states = dict(states)
        self.retry_after = retry_after
        detail = ", ".join(f"{n} {state}" for state, n in sorted(self.states.items()))
        hint = f"; next key usable in {retry_after:.1f}s" if retry_after is not None else ""
        super().__init__(f"no usable API key ({detail}){hint}")


class KeySourceError(MistralSecureError):
    """A key source found no key. The message names where it looked, never a value."""


class RateLimited(MistralSecureError):
    """A shared rate budget is exhausted and waiting longer is not allowed."""

    def __init__(self, *, retry_after: float, key_fingerprint: str | None = None) -> None:
        self.retry_after = retry_after
        self.key_fingerprint = key_fingerprint
        who = f" for key {key_fingerprint}" if key_fingerprint else ""
        super().__init__(f"rate budget exhausted{who}; retry in {retry_after:.2f}s")
