"""Run the checklist over a tree or a list of files and collect an :class:`AuditReport`."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

from ._config import AuditConfig, GlobSet
from ._deps import check_installed
from ._filecheck import DEPENDENCY_FILES, REQUIREMENTS_RE, FileResult, check_file, check_files
from ._findings import AuditReport, Finding, SkippedPath, assign_fingerprints
from ._git import GitError, Repository, git, open_repository
from ._history import scan_history
from ._rules import rule_by_id
from ._scan import (
    VENDORED_DIRS,
    Discovery,
    GitignoreMatcher,
    discover,
    git_ignored,
    is_env_file,
)
from ._suppress import Suppressions

__all__ = ["Progress", "audit"]

# Progress callback: (stage, done, total) with stage "files" or "commits"; total may be 0.
Progress = Callable[[str, int, int], None]

PARALLEL_FROM = 400  # files; below this, starting worker processes costs more than it saves
_BATCH = 48
_MAX_JOBS = 8


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
    for name in (*DEPENDENCY_FILES[:1], "requirements.txt", *DEPENDENCY_FILES[1:]):
        if name in names:
            return name
    return next((f for f in files if REQUIREMENTS_RE.match(f.rsplit("/", 1)[-1])), None)


def _default_jobs() -> int:
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, _MAX_JOBS))


def _in_workers(base: Path, files: Sequence[str], jobs: int) -> Iterator[list[FileResult]]:
    """Batches of results from ``jobs`` worker processes, as they finish."""
    batches = [files[i : i + _BATCH] for i in range(0, len(files), _BATCH)]
    # "spawn": no fork of a process that may hold threads and locks (pytest, an app).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(check_files, str(base), batch) for batch in batches]
        for future in as_completed(futures):
            yield future.result()


def _check_all(
    base: Path, files: Sequence[str], jobs: int, progress: Progress | None
) -> list[FileResult]:
    results: list[FileResult] = []
    total = len(files)
    if jobs > 1 and total >= PARALLEL_FROM:
        try:
            for batch in _in_workers(base, files, jobs):
                results.extend(batch)
                if progress is not None:
                    progress("files", len(results), total)
        except (BrokenProcessPool, OSError):
            results = []  # no worker processes here (a sandbox): check in this one
        else:
            return results
    for rel in files:
        results.append(check_file(base, rel))
        if progress is not None:
            progress("files", len(results), total)
    return results


def audit(
    paths: Sequence[str | os.PathLike[str]] = (".",),
    *,
    config: AuditConfig | None = None,
    installed: bool = False,
    root: str | os.PathLike[str] | None = None,
    history: bool = False,
    baseline: Collection[str] = (),
    progress: Progress | None = None,
    jobs: int | None = 1,
) -> AuditReport:
    """Audit one directory tree, or a list of files and directories under ``root``.

    With a single directory, that directory is the root and every reported path is
    relative to it. Otherwise paths are relative to ``root`` (default: the current
    directory). ``history`` also scans the git history (MS104). Findings whose
    fingerprint is in ``baseline`` are left out (counted in ``report.baselined``).
    ``progress`` is called as files and commits are done. ``jobs`` worker processes
    check the files of a large tree (``None``: one per CPU, up to 8). The default, 1,
    checks in this process: worker processes are started with "spawn", which imports
    the calling script again, so pass ``jobs`` only from code under
    ``if __name__ == "__main__":`` (the command line does). Raises
    ``FileNotFoundError`` for a path that does not exist.
    """
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a positive integer, got {jobs!r}")
    if isinstance(baseline, (str, bytes, os.PathLike)):
        raise TypeError(
            "baseline must be a collection of fingerprints; read a file with load_baseline(path)"
        )
    config = config or AuditConfig()
    resolved = [Path(p) for p in paths] or [Path(".")]
    for p in resolved:
        if not p.exists() and not p.is_symlink():
            raise FileNotFoundError(f"no such file or directory: {p}")
    report = AuditReport()
    if config.note:
        report.notes.append(config.note)
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
    for result in _check_all(base, discovery.files, jobs or _default_jobs(), progress):
        findings.extend(result.findings)
        report.skipped.extend(result.skipped)
        report.files_scanned += result.scanned
        rel = result.path
        if is_env_file(rel.rsplit("/", 1)[-1]):
            env_files.append(rel)
            env_suppressions[rel] = result.suppressions
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
