"""Node postprocessors: PII redaction, injection screening and moderation of retrieved nodes."""

from __future__ import annotations

from .injection import InjectionFilter
from .moderation import ModerationFilter
from .pii import PIIRedactor

__all__ = ["InjectionFilter", "ModerationFilter", "PIIRedactor"]
