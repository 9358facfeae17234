"""Run the checklist over a tree or a list of files and collect an :class:`AuditReport`."""

from __future__ import annotations

import ast
import os
import re
import warnings
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ._ast_checks import PYTHON_KEYWORDS, check_python
from ._config import AuditConfig, GlobSet
from ._deps import check_installed, check_requirements
from ._findings import AuditReport, Finding, SkippedPath, assign_fingerprints
from ._git import GitError, Repository, git, open_repository
from ._history import scan_history
from ._notebook import check_notebook
from ._read import NotText, Segment, open_text
from ._rules import rule_by_id
from ._scan import (
    VENDORED_DIRS,
    Discovery,
    GitignoreMatcher,
    discover,
    git_ignored,
    is_env_file,
)
from ._secrets import check_config_lines, check_text, line_dialect
from ._suppress import Suppressions, parse_suppressions

__all__ = ["Progress", "audit"]

# Progress callback: (stage, done, total) with stage "files" or "commits"; total may be 0.
Progress = Callable[[str, int, int], None]

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
_DEPENDENCY_FILES = ("pyproject.toml", "setup.cfg", "setup.py", "Pipfile")
_REQUIREMENTS_RE = re.compile(r"^(?:requirements|constraints)[\w.\-]*\.(?:txt|in)$")
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
    if _REQUIREMENTS_RE.match(name):
        return "requirements"
    if is_env_file(name) or name.startswith(".env") or suffix in _CONFIG_SUFFIXES:
        return "config"
    if name in _CONFIG_NAMES:
        return "config"
    return "text"


@dataclass
class _FileResult:
    findings: list[Finding] = field(default_factory=list)
    suppressions: Suppressions = field(default_factory=Suppressions)


def _python_findings(rel: str, text: str, report: AuditReport) -> list[Finding]:
    if not any(k in text for k in PYTHON_KEYWORDS):
        return []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text, filename=rel)
    except (SyntaxError, ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        where = f" at line {line}" if line else ""
        report.skipped.append(SkippedPath(rel, f"Python syntax error{where}; AST checks skipped"))
        return []
    try:
        return list(check_python(rel, tree))
    except RecursionError:
        report.skipped.append(SkippedPath(rel, "too deeply nested; AST checks skipped"))
        return []


def _check_segment(
    rel: str, kind: str, segment: Segment, report: AuditReport, out: _FileResult
) -> None:
    name = rel.rsplit("/", 1)[-1]
    findings = out.findings
    findings.extend(check_text(rel, segment))
    dialect = "config" if kind == "config" else line_dialect(name)
    if dialect is not None:
        findings.extend(check_config_lines(rel, segment, dialect))
    whole = segment.whole
    if whole and (kind == "requirements" or name in _DEPENDENCY_FILES):
        findings.extend(check_requirements(rel, segment.text))
    if kind == "python":
        if whole:
            findings.extend(_python_findings(rel, segment.text, report))
        elif segment.lo == 0:
            report.skipped.append(SkippedPath(rel, "larger than 4 MB; AST checks skipped"))
    if whole:
        found = parse_suppressions(segment.text, python=kind == "python")
    else:
        found = parse_suppressions(segment.text, lines=((n, t) for n, _, t in segment.lines()))
    for line, ids in found.by_line.items():
        out.suppressions.add(line, ids)
    out.suppressions.unknown.extend(found.unknown)


def _check_notebook(rel: str, segment: Segment, report: AuditReport, out: _FileResult) -> None:
    try:
        result = check_notebook(rel, segment)
    except (ValueError, RecursionError):
        report.skipped.append(SkippedPath(rel, "notebook is not valid JSON"))
        _check_segment(rel, "text", segment, report, out)
        return
    out.findings.extend(result.findings)
    out.suppressions = result.suppressions
    report.skipped.extend(SkippedPath(rel, f"notebook {note}") for note in result.notes)


def _check_file(root: Path, rel: str, report: AuditReport) -> _FileResult:
    out = _FileResult()
    try:
        source = open_text(root / rel)
    except NotText as exc:
        report.skipped.append(SkippedPath(rel, exc.reason))
        return out
    name = rel.rsplit("/", 1)[-1]
    kind = _kind(name)
    line_text: dict[int, str] = {}
    with source.handle:
        report.files_scanned += 1
        if kind == "notebook" and source.size <= _NOTEBOOK_MAX_BYTES:
            segment = Segment(source.read_all())
            _check_notebook(rel, segment, report, out)
            segments = [segment]
        else:
            if kind == "notebook":
                report.skipped.append(SkippedPath(rel, "notebook over 64 MB; scanned as text"))
                kind = "text"
            segments = []
            for segment in source.segments():
                before = len(out.findings)
                _check_segment(rel, kind, segment, report, out)
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


def _env_findings(
    root: Path,
    env_files: Sequence[str],
    discovery: Discovery,
    suppressions: dict[str, Suppressions],
    report: AuditReport,
) -> list[Finding]:
    ms201, ms202 = rule_by_id("MS201"), rule_by_id("MS202")
    covered: frozenset[str] | None = None
    if discovery.tracked is not None:
        try:
            covered = git_ignored(root, env_files)
        except GitError as exc:
            report.notes.append(
                f"git check-ignore failed ({exc.reason}); .gitignore coverage of .env files "
                "was read without git"
            )
    if covered is None:
        matcher = discovery.ignored_by or _matcher_for(root, env_files)
        covered = frozenset(r for r in env_files if matcher.ignored(r))
    findings = []
    for rel in env_files:
        silenced = suppressions.get(rel, Suppressions())
        if rel not in covered and not silenced.silences("MS201", 1):
            findings.append(
                Finding(ms201, rel, 1, 1, f"{rel} is not covered by .gitignore", identity=rel)
            )
        tracked = discovery.tracked is not None and rel in discovery.tracked
        if tracked and not silenced.silences("MS202", 1):
            findings.append(Finding(ms202, rel, 1, 1, f"{rel} is tracked by git", identity=rel))
    return assign_fingerprints(findings, {})


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


def _git_note(exc: GitError, what: str) -> str:
    note = f"git failed ({exc.reason}); {what}"
    return f"{note}. Fix: {exc.hint}" if exc.hint else note


_WALKED = (
    "walked the directory instead: MS202 (tracked .env files) was not checked and "
    ".gitignore rules were approximated"
)


def _repository(base: Path, report: AuditReport) -> Repository | None:
    try:
        return open_repository(base)
    except GitError as exc:
        report.notes.append(_git_note(exc, _WALKED))
        return None


def _root_ignored(repo: Repository) -> bool:
    """True when git ignores the audited directory itself (a venv, a build output)."""
    if repo.root.resolve() == repo.toplevel.resolve():
        return False
    try:
        git(repo.root, "check-ignore", "-q", "--no-index", ".")
    except GitError:
        return False  # exit 1: not ignored
    return True


def _discover_tree(
    base: Path, excludes: GlobSet, report: AuditReport
) -> tuple[Discovery, Repository | None]:
    repo = _repository(base, report)
    if repo is not None and _root_ignored(repo):
        repo = None  # git lists nothing there: walk it like any directory
    if repo is not None:
        try:
            return discover(base, excludes, use_git=True), repo
        except GitError as exc:
            report.notes.append(_git_note(exc, _WALKED))
            repo = None
    return discover(base, excludes, use_git=False), repo


def _explicit_files(
    root: Path, paths: Sequence[Path], excludes: GlobSet, report: AuditReport
) -> tuple[Discovery, Repository | None]:
    repo = _repository(root, report)
    found = Discovery()
    if repo is not None:
        try:
            found = discover(root, GlobSet(()), use_git=True)
        except GitError as exc:
            report.notes.append(_git_note(exc, _WALKED))
            repo = None
        found.files, found.skipped = [], []
    for path in paths:
        rel = Path(os.path.relpath(path, root)).as_posix()
        if path.is_dir() and not path.is_symlink():
            sub, _ = (
                (discover(path, GlobSet(()), use_git=False), None)
                if repo is None
                else _discover_tree(path, GlobSet(()), report)
            )
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
    return found, repo


def _manifest(files: Sequence[str]) -> str | None:
    """The dependency file where a mistralai requirement belongs, if the tree has one."""
    names = set(files)
    for name in (*_DEPENDENCY_FILES[:1], "requirements.txt", *_DEPENDENCY_FILES[1:]):
        if name in names:
            return name
    return next((f for f in files if _REQUIREMENTS_RE.match(f.rsplit("/", 1)[-1])), None)


def audit(
    paths: Sequence[str | os.PathLike[str]] = (".",),
    *,
    config: AuditConfig | None = None,
    installed: bool = False,
    root: str | os.PathLike[str] | None = None,
    history: bool = False,
    baseline: Collection[str] = (),
    progress: Progress | None = None,
) -> AuditReport:
    """Audit one directory tree, or a list of files and directories under ``root``.

    With a single directory, that directory is the root and every reported path is
    relative to it. Otherwise paths are relative to ``root`` (default: the current
    directory). ``history`` also scans the git history (MS104). Findings whose
    fingerprint is in ``baseline`` are left out (counted in ``report.baselined``).
    ``progress`` is called as files and commits are done. Raises ``FileNotFoundError``
    for a path that does not exist.
    """
    config = config or AuditConfig()
    resolved = [Path(p) for p in paths] or [Path(".")]
    for p in resolved:
        if not p.exists() and not p.is_symlink():
            raise FileNotFoundError(f"no such file or directory: {p}")
    report = AuditReport()
    if len(resolved) == 1 and resolved[0].is_dir() and root is None:
        base = resolved[0]
        excludes = config.globs(base)
        discovery, repo = _discover_tree(base, excludes, report)
    else:
        base = Path(root) if root is not None else Path(".")
        excludes = config.globs(base)
        discovery, repo = _explicit_files(base, resolved, excludes, report)
    report.skipped.extend(discovery.skipped)

    findings: list[Finding] = []
    env_files: list[str] = []
    env_suppressions: dict[str, Suppressions] = {}
    total = len(discovery.files)
    for done, rel in enumerate(discovery.files, start=1):
        result = _check_file(base, rel, report)
        findings.extend(result.findings)
        if is_env_file(rel.rsplit("/", 1)[-1]):
            env_files.append(rel)
            env_suppressions[rel] = result.suppressions
        if progress is not None:
            progress("files", done, total)
    if env_files:
        findings.extend(_env_findings(base, env_files, discovery, env_suppressions, report))
    if installed:
        manifest = _manifest(discovery.files)
        env = [replace(f, path=manifest) for f in check_installed()]
        findings.extend(assign_fingerprints(env, {}))
    if history:
        findings.extend(_history(repo, excludes, findings, report, progress))

    kept = [f for f in findings if f.rule.id not in config.disable]
    if baseline:
        accepted = frozenset(baseline)
        report.findings = [f for f in kept if f.stable_fingerprint not in accepted]
        report.baselined = len(kept) - len(report.findings)
    else:
        report.findings = kept
    return report


def _history(
    repo: Repository | None,
    excludes: GlobSet,
    tree_findings: Sequence[Finding],
    report: AuditReport,
    progress: Progress | None,
) -> list[Finding]:
    if repo is None:
        if not any("git failed" in n for n in report.notes):
            report.notes.append("--history: not a git repository; no history was scanned")
        else:
            report.notes.append("--history: git failed; no history was scanned")
        return []
    known = {f.identity for f in tree_findings if f.rule.id in {"MS101", "MS103"}}

    def commits(done: int) -> None:
        if progress is not None:
            progress("commits", done, 0)

    result = scan_history(repo, known=known, excludes=excludes, progress=commits)
    report.notes.extend(result.notes)
    report.commits_scanned = result.commits
    # Each history finding is one secret value: its identity already sets it apart.
    return assign_fingerprints(result.findings, {})
