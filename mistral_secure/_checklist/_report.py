"""Report formats: readable text, stable JSON (schema version 1) and SARIF 2.1.0."""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import groupby
from typing import Any
from urllib.parse import quote

from ._findings import AuditReport, Finding
from ._rules import RULES, Severity

__all__ = ["JSON_SCHEMA_VERSION", "render", "render_json", "render_sarif", "render_text", "summary"]

JSON_SCHEMA_VERSION = 1
TOOL_NAME = "mistral-secure"
_SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub code scanning ranks security alerts by this property (0.0-10.0).
_SECURITY_SEVERITY = {Severity.ERROR: "8.0", Severity.WARNING: "5.0", Severity.INFO: "2.0"}
_COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_NO_PATH = "(installed environment)"
_LIST_AT_MOST = 10


def _version() -> str:
    from .. import __version__

    return __version__


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def summary(report: AuditReport) -> str:
    """``"3 errors, 1 warning, 2 info in 41 files (2 skipped)"``, plus commits, baselined
    findings and notes when there are any."""
    errors, warnings = report.count(Severity.ERROR), report.count(Severity.WARNING)
    info = report.count(Severity.INFO)
    text = (
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}, {info} info "
        f"in {_plural(report.files_scanned, 'file')}"
    )
    if report.commits_scanned is not None:
        text += f" and {_plural(report.commits_scanned, 'commit')}"
    extra = []
    if report.skipped:
        extra.append(f"{len(report.skipped)} skipped")
    if report.baselined:
        extra.append(f"{report.baselined} in baseline")
    if report.notes:
        extra.append(_plural(len(report.notes), "note"))
    if extra:
        text += f" ({', '.join(extra)})"
    return text


def render_text(report: AuditReport, *, color: bool = False) -> str:
    """Findings grouped by file, then skipped paths, then the summary line."""

    def paint(code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    lines: list[str] = []
    ordered = report.sorted_findings()
    for path, group in groupby(ordered, key=lambda f: f.path):
        lines.append(paint(_BOLD, path or _NO_PATH))
        for f in group:
            where = f"{f.line}:{f.column}"
            level = paint(_COLOURS[f.severity], f"{f.severity.label:<7}")
            lines.append(f"  {where:<8} {level} {f.rule.id} {f.rule.name}: {f.message}")
            lines.append(paint(_DIM, f"  {'':<8} {'':<7} fix: {f.rule.fix}"))
        lines.append("")
    if report.skipped:
        lines.append(paint(_BOLD, "skipped"))
        lines.extend(_skipped_lines(report))
        lines.append("")
    if report.notes:
        lines.append(paint(_BOLD, "notes"))
        lines.extend(f"  {note}" for note in report.notes)
        lines.append("")
    worst = max((f.severity for f in ordered), default=None)
    lines.append(paint(_COLOURS[worst], summary(report)) if worst else summary(report))
    return "\n".join(lines) + "\n"


def _skipped_lines(report: AuditReport) -> list[str]:
    """One line per skipped path; a reason shared by many paths is one counted line."""
    by_reason: dict[str, list[str]] = {}
    for s in report.sorted_skipped():
        by_reason.setdefault(s.reason, []).append(s.path)
    lines = []
    for s in report.sorted_skipped():
        paths = by_reason[s.reason]
        if len(paths) <= _LIST_AT_MOST:
            lines.append(f"  {s.path}: {s.reason}")
        elif s.path == paths[0]:
            shown = ", ".join(paths[:3])
            lines.append(
                f"  {len(paths)} paths: {s.reason} ({shown}, ...; --format json lists all)"
            )
    return lines


def _finding_dict(f: Finding) -> dict[str, Any]:
    extra = {"commit": f.commit} if f.commit is not None else {}
    return {
        **extra,
        "rule_id": f.rule.id,
        "rule": f.rule.name,
        "severity": f.severity.label,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "message": f.message,
        "fix": f.rule.fix,
        "fingerprint": f.stable_fingerprint,
    }


def render_json(report: AuditReport) -> str:
    """The documented JSON report; keys sorted, findings sorted by path/line/column/rule."""
    doc = {
        "version": JSON_SCHEMA_VERSION,
        "tool": {"name": TOOL_NAME, "version": _version()},
        "summary": {
            "files": report.files_scanned,
            "skipped": len(report.skipped),
            "baselined": report.baselined,
            **({"commits": report.commits_scanned} if report.commits_scanned is not None else {}),
            **{s.label: report.count(s) for s in Severity},
        },
        "findings": [_finding_dict(f) for f in report.sorted_findings()],
        "skipped": [{"path": s.path, "reason": s.reason} for s in report.sorted_skipped()],
        "notes": list(report.notes),
    }
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"


def _location(path: str | None, line: int = 1, column: int = 1) -> dict[str, Any]:
    """A repository-relative location. GitHub rejects a result without one, so a finding
    about the environment (no manifest in the tree) points at the audited directory."""
    if path is None:
        return {"physicalLocation": {"artifactLocation": {"uri": ".", "uriBaseId": "%SRCROOT%"}}}
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(path, safe="/"), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": max(line, 1), "startColumn": max(column, 1)},
        }
    }


def _sarif_rules() -> Iterable[dict[str, Any]]:
    for rule in RULES:
        yield {
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": f"{rule.summary}. Fix: {rule.fix}"},
            "help": {"text": rule.fix, "markdown": f"**{rule.summary}.** {rule.fix}"},
            "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
            "properties": {
                "tags": ["security"],
                "security-severity": _SECURITY_SEVERITY[rule.severity],
            },
        }


def render_sarif(report: AuditReport) -> str:
    """A SARIF 2.1.0 log that GitHub code scanning accepts (one run, relative URIs)."""
    index = {rule.id: i for i, rule in enumerate(RULES)}
    results = []
    for f in report.sorted_findings():
        result: dict[str, Any] = {
            "ruleId": f.rule.id,
            "ruleIndex": index[f.rule.id],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "partialFingerprints": {"mistralSecure/v2": f.stable_fingerprint},
            "locations": [_location(f.path, f.line, f.column)],
        }
        if f.commit is not None:
            result["properties"] = {"commit": f.commit}
        results.append(result)
    notifications = [
        {
            "level": "note",
            "message": {"text": f"skipped: {s.reason}"},
            "locations": [_location(s.path)],
        }
        for s in report.sorted_skipped()
    ]
    notifications.extend({"level": "warning", "message": {"text": note}} for note in report.notes)
    doc = {
        "$schema": _SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": _version(),
                        "semanticVersion": _version(),
                        "rules": list(_sarif_rules()),
                    }
                },
                "invocations": [
                    {"executionSuccessful": True, "toolExecutionNotifications": notifications}
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(doc, indent=2, sort_keys=True) + "\n"


def render(report: AuditReport, fmt: str, *, color: bool = False) -> str:
    """Render ``report`` as ``"text"``, ``"json"`` or ``"sarif"``."""
    if fmt == "json":
        return render_json(report)
    if fmt == "sarif":
        return render_sarif(report)
    if fmt == "text":
        return render_text(report, color=color)
    raise ValueError(f"unknown format {fmt!r}")
