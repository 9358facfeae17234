"""Run the checklist over a tree or a list of files and collect an :class:`AuditReport`."""

from __future__ import annotations

import ast
import os
import re
import warnings
from collections.abc import Sequence
from pathlib import Path

from ._ast_checks import PYTHON_KEYWORDS, check_python
from ._config import AuditConfig, GlobSet
from ._deps import check_installed, check_requirements
from ._findings import AuditReport, Finding, SkippedPath
from ._rules import RULES, rule_by_id
from ._scan import (
    MAX_FILE_BYTES,
    VENDORED_DIRS,
    Discovery,
    GitignoreMatcher,
    discover,
    git_ignored,
    in_git_work_tree,
    is_env_file,
)
from ._secrets import LineIndex, check_config_lines, check_notebook, check_text

__all__ = ["audit"]

_SOURCE_SUFFIXES = frozenset(
    {
        ".py",
        ".pyi",
        ".pyw",
        ".js",
        ".jsx",
        ".mjs",
        ".cjs",
        ".ts",
        ".tsx",
        ".go",
        ".rb",
        ".java",
        ".kt",
        ".kts",
        ".rs",
        ".php",
        ".sh",
        ".bash",
        ".zsh",
        ".ps1",
        ".cs",
        ".swift",
        ".scala",
        ".r",
        ".jl",
        ".lua",
        ".pl",
        ".tf",
        ".hcl",
        ".pem",
        ".key",
    }
)
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
    }
)
_CONFIG_NAMES = frozenset({"Dockerfile", ".npmrc", ".pypirc", ".netrc", ".pgpass", "Procfile"})
_REQUIREMENTS_RE = re.compile(r"^(?:requirements|constraints)[\w.\-]*\.(?:txt|in)$")
_SUPPRESS_RE = re.compile(r"mistral-secure:\s*ignore(?:\[([^\]]*)\])?")
_ALL_RULES = frozenset(r.id for r in RULES)
_BINARY_PROBE = 8192
_SUPERSEDED = frozenset({"MS101", "MS103", "MS301"})  # these make an MS102 on the value redundant


def _kind(name: str) -> str | None:
    """How a file is checked: "python", "notebook", "config", "source", "requirements"."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix in {".py", ".pyw"}:
        return "python"
    if suffix == ".ipynb":
        return "notebook"
    if _REQUIREMENTS_RE.match(name):
        return "requirements"
    if is_env_file(name) or suffix in _CONFIG_SUFFIXES or name in _CONFIG_NAMES:
        return "config"
    if suffix in _SOURCE_SUFFIXES or name.startswith(".env"):
        return "source"
    return None


def _suppressions(text: str) -> dict[int, frozenset[str]]:
    """Line -> rule ids silenced there. A comment alone on a line covers the next line."""
    out: dict[int, frozenset[str]] = {}
    if "mistral-secure:" not in text:
        return out
    for lineno, line in enumerate(text.splitlines(), start=1):
        m = _SUPPRESS_RE.search(line)
        if m is None:
            continue
        ids: frozenset[str] = _ALL_RULES
        if m.group(1) is not None:
            keys = [k for k in (s.strip() for s in m.group(1).split(",")) if k]
            known = []
            for key in keys:
                try:
                    known.append(rule_by_id(key).id)
                except ValueError:
                    continue
            ids = frozenset(known)
        out[lineno] = out.get(lineno, frozenset()) | ids
        if line.lstrip().startswith(("#", "//", ";", "--")):
            out[lineno + 1] = out.get(lineno + 1, frozenset()) | ids
    return out


def _read(path: Path) -> tuple[str | None, str | None]:
    """(text, None) or (None, skip reason)."""
    try:
        with open(path, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                return None, f"larger than {MAX_FILE_BYTES // 1_000_000} MB"
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, f"unreadable: {exc.strerror or type(exc).__name__}"
    if len(data) > MAX_FILE_BYTES:
        return None, f"larger than {MAX_FILE_BYTES // 1_000_000} MB"
    if b"\0" in data[:_BINARY_PROBE]:
        return None, "binary"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return None, "not UTF-8 text"


def _check_file(root: Path, rel: str, kind: str, report: AuditReport) -> list[Finding]:
    text, reason = _read(root / rel)
    if text is None:
        report.skipped.append(SkippedPath(rel, reason or "unreadable"))
        return []
    report.files_scanned += 1
    index = LineIndex(text)
    findings: list[Finding] = []
    if kind == "notebook":
        try:
            return check_notebook(rel, text, index)
        except ValueError:
            report.skipped.append(SkippedPath(rel, "notebook is not valid JSON"))
            return check_text(rel, text, index)
    findings.extend(check_text(rel, text, index))
    name = rel.rsplit("/", 1)[-1]
    if kind == "config":
        findings.extend(check_config_lines(rel, text))
    if kind == "requirements" or name in {"pyproject.toml", "setup.cfg", "setup.py", "Pipfile"}:
        findings.extend(check_requirements(rel, text))
    if kind == "python" and any(k in text for k in PYTHON_KEYWORDS):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SyntaxWarning)
                tree = ast.parse(text, filename=rel)
        except (SyntaxError, ValueError, RecursionError) as exc:
            line = getattr(exc, "lineno", None)
            where = f" at line {line}" if line else ""
            report.skipped.append(
                SkippedPath(rel, f"Python syntax error{where}; AST checks skipped")
            )
        else:
            try:
                findings.extend(check_python(rel, tree))
            except RecursionError:
                report.skipped.append(SkippedPath(rel, "too deeply nested; AST checks skipped"))
    # Dedupe before suppression, so silencing MS101 does not surface an MS102 on the value.
    superseding = {f.identity for f in findings if f.rule.id in _SUPERSEDED}
    findings = [f for f in findings if not (f.rule.id == "MS102" and f.identity in superseding)]
    suppressed = _suppressions(text)
    if suppressed:
        findings = [f for f in findings if f.rule.id not in suppressed.get(f.line, ())]
    return findings


def _env_findings(root: Path, env_files: Sequence[str], discovery: Discovery) -> list[Finding]:
    ms201, ms202 = rule_by_id("MS201"), rule_by_id("MS202")
    findings = []
    if discovery.tracked is not None:
        covered = git_ignored(root, env_files)
    else:
        matcher = discovery.ignored_by or _matcher_for(root, env_files)
        covered = frozenset(r for r in env_files if matcher.ignored(r))
    for rel in env_files:
        if rel not in covered:
            findings.append(
                Finding(ms201, rel, 1, 1, f"{rel} is not covered by .gitignore", identity=rel)
            )
        if discovery.tracked is not None and rel in discovery.tracked:
            findings.append(Finding(ms202, rel, 1, 1, f"{rel} is tracked by git", identity=rel))
    return findings


def _matcher_for(root: Path, rels: Sequence[str]) -> GitignoreMatcher:
    matcher = GitignoreMatcher()
    bases = {""}
    for rel in rels:
        parts = rel.split("/")[:-1]
        bases.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    for base in sorted(bases, key=lambda b: (b.count("/"), b)):
        try:
            matcher.add(base, (root / base / ".gitignore").read_text("utf-8", "replace"))
        except OSError:
            continue
    return matcher


def _explicit_files(root: Path, paths: Sequence[Path], excludes: GlobSet) -> Discovery:
    use_git = in_git_work_tree(root)
    found = Discovery()
    if use_git:
        found = discover(root, GlobSet(()), use_git=True)
        found.files, found.skipped = [], []
    for path in paths:
        rel = Path(os.path.relpath(path, root)).as_posix()
        if path.is_dir():
            sub = discover(path, GlobSet(()), use_git=use_git)
            candidates = [f"{rel}/{f}" if rel != "." else f for f in sub.files]
            found.skipped.extend(
                SkippedPath(f"{rel}/{s.path}" if rel != "." else s.path, s.reason)
                for s in sub.skipped
            )
        else:
            candidates = [rel]
        for cand in candidates:
            parts = cand.split("/")
            if excludes.excludes(cand) or any(p in VENDORED_DIRS for p in parts[:-1]):
                continue
            if os.path.islink(root / cand):
                found.skipped.append(SkippedPath(cand, "symlink (not followed)"))
            else:
                found.files.append(cand)
    found.files = sorted(set(found.files))
    return found


def audit(
    paths: Sequence[str | os.PathLike[str]] = (".",),
    *,
    config: AuditConfig | None = None,
    installed: bool = False,
    root: str | os.PathLike[str] | None = None,
) -> AuditReport:
    """Audit one directory tree, or a list of files and directories under ``root``.

    With a single directory, that directory is the root and every reported path is
    relative to it. Otherwise paths are relative to ``root`` (default: the current
    directory). Raises ``FileNotFoundError`` for a path that does not exist.
    """
    config = config or AuditConfig()
    resolved = [Path(p) for p in paths] or [Path(".")]
    for p in resolved:
        if not p.exists() and not p.is_symlink():
            raise FileNotFoundError(f"no such file or directory: {p}")
    excludes = GlobSet(config.exclude)
    if len(resolved) == 1 and resolved[0].is_dir() and root is None:
        base = resolved[0]
        discovery = discover(base, excludes)
    else:
        base = Path(root) if root is not None else Path(".")
        discovery = _explicit_files(base, resolved, excludes)

    report = AuditReport(skipped=list(discovery.skipped))
    findings: list[Finding] = []
    env_files: list[str] = []
    for rel in discovery.files:
        name = rel.rsplit("/", 1)[-1]
        if is_env_file(name):
            env_files.append(rel)
        kind = _kind(name)
        if kind is not None:
            findings.extend(_check_file(base, rel, kind, report))
    if env_files:
        findings.extend(_env_findings(base, env_files, discovery))
    if installed:
        findings.extend(check_installed())

    report.findings = [f for f in findings if f.rule.id not in config.disable]
    return report
