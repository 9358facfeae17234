"""The checks of one file: recognised keys, assignments, dependency pins, AST rules,
notebooks and suppressions. Pure functions of the file, so they can run in worker
processes (``check_files`` takes a batch).
"""

from __future__ import annotations

import ast
import os
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ._ast_checks import check_python, needs_ast
from ._deps import check_requirements
from ._findings import Finding, SkippedPath, assign_fingerprints
from ._notebook import check_notebook
from ._read import NotText, Segment, open_text
from ._rules import rule_by_id
from ._scan import is_env_file
from ._secrets import check_config_lines, check_text, line_dialect
from ._suppress import Suppressions, parse_suppressions

__all__ = ["DEPENDENCY_FILES", "REQUIREMENTS_RE", "FileResult", "check_file", "check_files"]

_CONFIG_SUFFIXES = frozenset(
    {
        ".yaml",
        ".yml",
        ".toml",
        ".json",
        ".ini",
        ".cfg",
        ".conf",
        ".properties",
        ".tfvars",
        ".xml",
        ".env",
        ".plist",
    }
)
_CONFIG_NAMES = frozenset({".npmrc", ".pypirc", ".netrc", ".pgpass", "Procfile", ".yarnrc"})
DEPENDENCY_FILES = ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile")
REQUIREMENTS_RE = re.compile(r"^(?:requirements|constraints)[\w.\-]*\.(?:txt|in)$")
_SUPERSEDED = frozenset({"MS101", "MS103", "MS301"})  # these make an MS102 on the value redundant
_MS001 = rule_by_id("MS001")
_NOTEBOOK_MAX_BYTES = 64_000_000


def _kind(name: str) -> str:
    """How a file is checked: "python", "notebook", "requirements", "config" or "text"."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix in {".py", ".pyw"}:
        return "python"
    if suffix == ".ipynb":
        return "notebook"
    if REQUIREMENTS_RE.match(name):
        return "requirements"
    if is_env_file(name) or name.startswith(".env") or suffix in _CONFIG_SUFFIXES:
        return "config"
    if name in _CONFIG_NAMES:
        return "config"
    return "text"


@dataclass
class FileResult:
    """What checking one file gave: findings (fingerprinted), paths skipped in part or in
    whole, whether it was read, and its suppressions (the audit applies an ``.env`` file's
    to MS201/MS202)."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    skipped: list[SkippedPath] = field(default_factory=list)
    scanned: bool = False
    suppressions: Suppressions = field(default_factory=Suppressions)


def _python_findings(rel: str, text: str, skipped: list[SkippedPath]) -> list[Finding]:
    if not needs_ast(text):
        return []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text, filename=rel)
    except (SyntaxError, ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        where = f" at line {line}" if line else ""
        skipped.append(SkippedPath(rel, f"Python syntax error{where}; AST checks skipped"))
        return []
    try:
        return list(check_python(rel, tree))
    except RecursionError:
        skipped.append(SkippedPath(rel, "too deeply nested; AST checks skipped"))
        return []


def _check_segment(rel: str, kind: str, segment: Segment, out: FileResult) -> None:
    name = rel.rsplit("/", 1)[-1]
    findings = out.findings
    findings.extend(check_text(rel, segment))
    dialect = "config" if kind == "config" else line_dialect(name)
    if dialect is not None:
        findings.extend(check_config_lines(rel, segment, dialect))
    whole = segment.whole
    if whole and (kind == "requirements" or name in DEPENDENCY_FILES):
        findings.extend(check_requirements(rel, segment.text))
    if kind == "python":
        if whole:
            findings.extend(_python_findings(rel, segment.text, out.skipped))
        elif segment.lo == 0:
            out.skipped.append(SkippedPath(rel, "larger than 4 MB; AST checks skipped"))
    if whole:
        found = parse_suppressions(segment.text, python=kind == "python")
    else:
        found = parse_suppressions(segment.text, lines=((n, t) for n, _, t in segment.lines()))
    for line, ids in found.by_line.items():
        out.suppressions.add(line, ids)
    out.suppressions.unknown.extend(found.unknown)


def _check_notebook(rel: str, segment: Segment, out: FileResult) -> None:
    try:
        result = check_notebook(rel, segment)
    except (ValueError, RecursionError):
        out.skipped.append(SkippedPath(rel, "notebook is not valid JSON"))
        _check_segment(rel, "text", segment, out)
        return
    out.findings.extend(result.findings)
    out.suppressions = result.suppressions
    out.skipped.extend(SkippedPath(rel, f"notebook {note}") for note in result.notes)


def check_file(root: Path, rel: str) -> FileResult:
    """Every per-file check of ``root/rel`` (never opens a FIFO or device)."""
    out = FileResult(rel)
    try:
        source = open_text(root / rel)
    except NotText as exc:
        out.skipped.append(SkippedPath(rel, exc.reason))
        return out
    name = rel.rsplit("/", 1)[-1]
    kind = _kind(name)
    line_text: dict[int, str] = {}
    with source.handle:
        out.scanned = True
        if kind == "notebook" and source.size <= _NOTEBOOK_MAX_BYTES:
            segment = Segment(source.read_all())
            _check_notebook(rel, segment, out)
            segments = [segment]
        else:
            if kind == "notebook":
                out.skipped.append(SkippedPath(rel, "notebook over 64 MB; scanned as text"))
                kind = "text"
            segments = []
            for segment in source.segments():
                before = len(out.findings)
                _check_segment(rel, kind, segment, out)
                for f in out.findings[before:]:
                    line_text.setdefault(f.line, segment.line_text(f.line))
        if len(segments) == 1:
            for f in out.findings:
                line_text.setdefault(f.line, segments[0].line_text(f.line))
    findings = out.findings
    # Dedupe before suppression, so silencing MS101 does not surface an MS102 on the value.
    # MS301 says more than MS101 about a key passed to a client: keep that one.
    superseding = {f.identity for f in findings if f.rule.id in _SUPERSEDED}
    client_keys = {f.identity for f in findings if f.rule.id == "MS301"}
    findings = [
        f
        for f in findings
        if not (f.rule.id == "MS102" and f.identity in superseding)
        and not (f.rule.id in {"MS101", "MS103"} and f.identity in client_keys)
    ]
    silenced = out.suppressions
    findings = [f for f in findings if not silenced.silences(f.rule.id, f.line)]
    for line, column, unknown in silenced.unknown:
        findings.append(
            Finding(
                _MS001,
                rel,
                line,
                column,
                f"suppression names unknown rule {unknown!r}; nothing was silenced by it",
                identity=unknown,
            )
        )
        line_text.setdefault(line, "")
    out.findings = assign_fingerprints(findings, line_text)
    return out


def check_files(root: str, rels: Sequence[str]) -> list[FileResult]:
    """:func:`check_file` for a batch (what a worker process runs)."""
    base = Path(root)
    return [check_file(base, rel) for rel in rels]
