"""Running git for the audit, and telling "not a repository" apart from "git failed".

Outside a repository the audit walks the tree, as it should. When git refuses a
repository (CI containers running as root on a checkout owned by another user get
"dubious ownership"), when git is missing beside a ``.git`` directory, or when a git
command fails, the caller gets a :class:`GitError` whose ``reason`` is git's own one-line
message, to report as a note; nothing falls back silently.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GIT_TIMEOUT", "GitError", "Repository", "git", "open_repository"]

GIT_TIMEOUT = 60.0


class GitError(Exception):
    """A git command failed; ``reason`` is a one-line description (git's own words)."""

    def __init__(self, reason: str, *, hint: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint = hint


def _first_line(stderr: str) -> str:
    for raw in stderr.splitlines():
        line = raw.strip()
        if line and not line.lower().startswith("hint:"):
            return line[:300]
    return "no message"


def git(root: Path, *args: str, stdin: str | None = None, ok: tuple[int, ...] = (0,)) -> str:
    """Run ``git -C root ARGS`` and return stdout; raise :class:`GitError` when its exit
    status is not in ``ok``."""
    try:
        done = subprocess.run(  # noqa: S603 - fixed argv, no shell
            ["git", "-C", str(root), *args],  # noqa: S607 - git from PATH on purpose
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="surrogateescape",
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} timed out after {GIT_TIMEOUT:.0f} s") from None
    except OSError as exc:
        raise GitError(f"git could not run: {exc.strerror or type(exc).__name__}") from None
    if done.returncode not in ok:
        raise GitError(_first_line(done.stderr), hint=_hint(done.stderr, root))
    return done.stdout


def _hint(stderr: str, root: Path) -> str:
    if "dubious ownership" in stderr or "safe.directory" in stderr:
        return f"git config --global --add safe.directory {root.resolve()}"
    return ""


def _has_dot_git(root: Path) -> bool:
    here = root.resolve()
    return any((p / ".git").exists() for p in (here, *here.parents))


@dataclass(frozen=True)
class Repository:
    """A git work tree the audit may rely on."""

    root: Path  # the audited directory (may be below the top level)
    toplevel: Path
    shallow: bool


def open_repository(root: Path) -> Repository | None:
    """The repository ``root`` is in, ``None`` when it is in none.

    Raises :class:`GitError` when there is a repository but git cannot be used on it.
    """
    try:
        out = git(
            root,
            "rev-parse",
            "--is-inside-work-tree",
            "--show-toplevel",
            "--is-shallow-repository",
        )
    except GitError as exc:
        if "not a git repository" in exc.reason.lower():
            return None
        if exc.reason == "git is not installed" and not _has_dot_git(root):
            return None
        raise
    lines = out.splitlines()
    if not lines or lines[0].strip() != "true":
        return None  # inside .git, or a bare repository
    toplevel = Path(lines[1]) if len(lines) > 1 else root
    shallow = len(lines) > 2 and lines[2].strip() == "true"
    return Repository(root, toplevel, shallow)
