"""Which files an audit looks at: git's view when there is a repository, a walk otherwise."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ._config import GlobPattern, GlobSet
from ._findings import SkippedPath
from ._git import git

__all__ = [
    "VENDORED_DIRS",
    "Discovery",
    "GitignoreMatcher",
    "discover",
    "git_ignored",
    "is_env_file",
]

VENDORED_DIRS = frozenset(
    {
        "node_modules",
        ".venv",
        "venv",
        "site-packages",
        "__pycache__",
        "dist",
        "build",
        ".tox",
        "vendor",
        "third_party",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".nox",
    }
)
_VCS_DIRS = frozenset({".git", ".hg", ".svn"})
_ENV_TEMPLATES = frozenset({"example", "sample", "template", "dist", "defaults"})


def is_env_file(name: str) -> bool:
    """``.env``, ``.env.local``, ``prod.env``...; not ``.env.example``/``.sample``/``.template``."""
    if name == ".env":
        return True
    if name.startswith(".env."):
        return name.rsplit(".", 1)[-1].lower() not in _ENV_TEMPLATES
    return name.endswith(".env") and len(name) > 4


class GitignoreMatcher:
    """The common subset of gitignore semantics, for trees that are not git repositories.

    Nested ``.gitignore`` files, negation, anchoring, ``**`` and directory-only patterns
    are honoured; a file inside an ignored directory stays ignored (as in git).
    """

    def __init__(self) -> None:
        self._rules: dict[str, list[GlobPattern]] = {}

    def add(self, base: str, text: str) -> None:
        patterns = []
        for raw in text.splitlines():
            line = raw.rstrip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("\\"):
                line = line[1:]
            patterns.append(GlobPattern(line))
        if patterns:
            self._rules[base] = patterns

    def _match(self, rel: str, *, is_dir: bool) -> bool:
        ignored = False
        for base, patterns in self._rules.items():
            if base and not rel.startswith(base + "/"):
                continue
            sub = rel[len(base) + 1 :] if base else rel
            for pattern in patterns:
                if pattern.matches(sub, is_dir=is_dir):
                    ignored = not pattern.negated
        return ignored

    def ignored(self, rel: str, *, is_dir: bool = False) -> bool:
        if not self._rules:
            return False
        parts = rel.split("/")
        for i in range(1, len(parts)):
            if self._match("/".join(parts[:i]), is_dir=True):
                return True
        return self._match(rel, is_dir=is_dir)


@dataclass
class Discovery:
    """The files to check, relative to the root, and what was skipped on the way."""

    files: list[str] = field(default_factory=list)
    skipped: list[SkippedPath] = field(default_factory=list)
    tracked: frozenset[str] | None = None  # None: not a git repository
    ignored_by: GitignoreMatcher | None = None  # walk mode only


def git_ignored(root: Path, paths: Sequence[str]) -> frozenset[str]:
    """Paths (relative to ``root``) that gitignore patterns cover, tracked or not.

    Raises :class:`GitError` when git cannot answer.
    """
    if not paths:
        return frozenset()
    # Exit status 1: none of the paths is ignored.
    stdin = "\0".join(paths)
    out = git(root, "check-ignore", "--no-index", "-z", "--stdin", stdin=stdin, ok=(0, 1))
    return frozenset(p for p in out.split("\0") if p)


def _git_list(root: Path, *args: str) -> list[str]:
    return [p for p in git(root, "ls-files", "-z", *args).split("\0") if p]


def discover(root: Path, excludes: GlobSet, *, use_git: bool) -> Discovery:
    """List candidate files under ``root``.

    With ``use_git``: tracked plus untracked-but-not-ignored files (``git ls-files``),
    so a gitignored local ``.env`` is neither scanned nor reported; raises
    :class:`GitError` when git fails. Otherwise: a walk that honours ``.gitignore``
    files, never follows symlinks, and prunes vendored directories.
    """
    if use_git:
        tracked = _git_list(root, "--cached")
        untracked = _git_list(root, "--others", "--exclude-standard")
        return _from_git(root, tracked, untracked, excludes)
    return _walk(root, excludes)


def _from_git(
    root: Path, tracked: Iterable[str], untracked: Iterable[str], excludes: GlobSet
) -> Discovery:
    found = Discovery(tracked=frozenset(tracked))
    vendored: set[str] = set()
    for rel in sorted(found.tracked | set(untracked)):  # type: ignore[operator]
        if excludes.excludes(rel):
            continue
        parts = rel.split("/")
        hit = next((i for i, p in enumerate(parts[:-1]) if p in VENDORED_DIRS), None)
        if hit is not None:
            vendored.add("/".join(parts[: hit + 1]))
            continue
        if os.path.islink(root / rel):
            found.skipped.append(SkippedPath(rel, "symlink (not followed)"))
            continue
        found.files.append(rel)
    found.skipped.extend(SkippedPath(d, "vendored directory") for d in sorted(vendored))
    return found


def _walk(root: Path, excludes: GlobSet) -> Discovery:
    found = Discovery(ignored_by=GitignoreMatcher())
    matcher = found.ignored_by
    assert matcher is not None

    def on_error(exc: OSError) -> None:
        where = os.path.relpath(exc.filename, root) if exc.filename else "."
        found.skipped.append(SkippedPath(Path(where).as_posix(), f"unreadable: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        rel_dir = Path(os.path.relpath(dirpath, root)).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir
        prefix = f"{rel_dir}/" if rel_dir else ""
        if ".gitignore" in filenames:
            with contextlib.suppress(OSError):
                matcher.add(rel_dir, (Path(dirpath) / ".gitignore").read_text("utf-8", "replace"))
        keep = []
        for name in sorted(dirnames):
            rel = prefix + name
            if name in _VCS_DIRS or excludes.excludes(rel) or matcher.ignored(rel, is_dir=True):
                continue
            if name in VENDORED_DIRS:
                found.skipped.append(SkippedPath(rel, "vendored directory"))
            elif os.path.islink(os.path.join(dirpath, name)):
                found.skipped.append(SkippedPath(rel, "symlink (not followed)"))
            else:
                keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            rel = prefix + name
            if excludes.excludes(rel) or matcher.ignored(rel):
                continue
            if os.path.islink(os.path.join(dirpath, name)):
                found.skipped.append(SkippedPath(rel, "symlink (not followed)"))
                continue
            found.files.append(rel)
    return found
