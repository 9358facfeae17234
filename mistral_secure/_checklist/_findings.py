"""Values the audit produces: findings, skipped paths and the report that holds them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from ._rules import Rule, Severity

__all__ = ["AuditReport", "Finding", "SkippedPath"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One checklist violation. ``message`` names secrets by fingerprint only.

    ``path`` is relative to the audit root with ``/`` separators, or ``None`` for a
    finding about the installed environment. ``line``/``column`` are 1-based.
    ``identity`` is what makes the finding stable across edits (a value fingerprint or
    a hash of the line); it feeds SARIF ``partialFingerprints``.
    """

    rule: Rule
    path: str | None
    line: int
    column: int
    message: str
    identity: str = ""

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path or "", self.line, self.column, self.rule.id, self.message)

    @property
    def stable_fingerprint(self) -> str:
        raw = f"{self.rule.id}|{self.path or ''}|{self.identity or self.message}"
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class SkippedPath:
    """A file or directory the audit did not (fully) check, and why."""

    path: str
    reason: str


@dataclass(slots=True)
class AuditReport:
    """Everything one audit run found."""

    findings: list[Finding] = field(default_factory=list)
    skipped: list[SkippedPath] = field(default_factory=list)
    files_scanned: int = 0

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: f.sort_key)

    def sorted_skipped(self) -> list[SkippedPath]:
        return sorted(self.skipped, key=lambda s: (s.path, s.reason))

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def reaches(self, level: Severity) -> bool:
        """True when a finding is at or above ``level`` (what ``--fail-on`` tests)."""
        return any(f.severity >= level for f in self.findings)
