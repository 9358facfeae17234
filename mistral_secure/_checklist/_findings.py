"""Values the audit produces: findings, skipped paths and the report that holds them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ._rules import Rule, Severity

__all__ = ["AuditReport", "Finding", "SkippedPath", "assign_fingerprints"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One checklist violation. ``message`` names secrets by fingerprint only.

    ``path`` is relative to the audit root with ``/`` separators, or ``None`` for a
    finding about the installed environment. ``line``/``column`` are 1-based.
    ``identity`` tells two findings on one line apart (a value fingerprint, a spec).
    ``commit`` is the commit that added the value, for findings from the git history.
    ``fingerprint`` is set by the audit from the line's content (see
    :func:`assign_fingerprints`); it survives line moves and feeds baselines and SARIF.
    """

    rule: Rule
    path: str | None
    line: int
    column: int
    message: str
    identity: str = ""
    commit: str | None = None
    fingerprint: str = ""

    @property
    def severity(self) -> Severity:
        return self.rule.severity

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path or "", self.line, self.column, self.rule.id, self.message)

    @property
    def stable_fingerprint(self) -> str:
        if self.fingerprint:
            return self.fingerprint
        return _digest(self.rule.id, self.path or "", self.identity or self.message, "", 0)


_LINE_CHARS = 4096


def _digest(rule_id: str, path: str, identity: str, content: str, occurrence: int) -> str:
    raw = "\0".join((rule_id, path, identity, content, str(occurrence)))
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def assign_fingerprints(findings: Iterable[Finding], line_text: dict[int, str]) -> list[Finding]:
    """Give each finding of one file its own fingerprint.

    The fingerprint hashes the rule, the path, the identity, the line's content (without
    surrounding blanks) and the occurrence of that combination in the file, so it does
    not change when lines move, and two identical lines get two fingerprints.
    ``line_text`` maps line numbers to their text ("" when unknown).
    """
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for f in sorted(findings, key=lambda f: f.sort_key):
        # Capped: a window of a streamed file holds at least this much of any line.
        content = line_text.get(f.line, "")[:_LINE_CHARS].strip()
        key = (f.rule.id, f.identity, content)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        digest = _digest(f.rule.id, f.path or "", f.identity, content, occurrence)
        out.append(replace(f, fingerprint=digest))
    return out


@dataclass(frozen=True, slots=True)
class SkippedPath:
    """A file or directory the audit did not (fully) check, and why."""

    path: str
    reason: str


@dataclass(slots=True)
class AuditReport:
    """Everything one audit run found.

    ``notes`` are conditions that left part of the audit undone (git refused the
    repository, history could not be read...); ``--strict`` turns them into a failure.
    ``baselined`` counts findings hidden because a baseline accepted them.
    """

    findings: list[Finding] = field(default_factory=list)
    skipped: list[SkippedPath] = field(default_factory=list)
    files_scanned: int = 0
    notes: list[str] = field(default_factory=list)
    baselined: int = 0
    commits_scanned: int | None = None

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: f.sort_key)

    def sorted_skipped(self) -> list[SkippedPath]:
        return sorted(self.skipped, key=lambda s: (s.path, s.reason))

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def reaches(self, level: Severity) -> bool:
        """True when a finding is at or above ``level`` (what ``--fail-on`` tests)."""
        return any(f.severity >= level for f in self.findings)
