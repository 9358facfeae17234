"""``--history``: secrets in the lines that commits added, on every branch and tag.

One ``git log --all -p -U0`` streams the added lines of every commit; each file's added
lines are scanned with the same recognisers as the tree. A secret is reported once (MS104),
at the oldest commit that added it, with the path and line in that commit; a secret that
is still in the current tree is left to the tree's finding. Merge commits show no diff of
their own, so a secret typed while resolving a conflict is not seen.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import IO

from .._fingerprint import fingerprint
from ._config import GlobSet
from ._findings import Finding
from ._git import Repository
from ._read import Segment
from ._rules import rule_by_id
from ._scan import VENDORED_DIRS
from ._secrets import find_secrets
from ._suppress import parse_suppressions

__all__ = ["HistoryResult", "scan_history"]

_MS104 = rule_by_id("MS104")
_COMMIT = b"\x00commit "
_HUNK_RE = re.compile(rb"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")
_FLUSH_CHARS = 4_000_000  # scan a huge added file in pieces of this size
_MAX_LINE_CHARS = 100_000


@dataclass
class HistoryResult:
    """MS104 findings, how many commits were read, and what went wrong (notes)."""

    findings: list[Finding] = field(default_factory=list)
    commits: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class _FileDiff:
    commit: str
    time: int
    path: str
    lines: list[tuple[int, str]] = field(default_factory=list)
    size: int = 0


def _unquote(path: bytes) -> str:
    """A path as git prints it: C-quoted when it holds unusual bytes."""
    if path.startswith(b'"') and path.endswith(b'"'):
        raw = path[1:-1].decode("unicode_escape").encode("latin-1")
        return raw.decode("utf-8", "replace")
    return path.decode("utf-8", "replace")


def _excluded(path: str, excludes: GlobSet, prefix: str) -> bool:
    parts = path.split("/")
    if any(p in VENDORED_DIRS for p in parts[:-1]):
        return True
    return excludes.excludes(prefix + path)


class _Scanner:
    def __init__(
        self,
        known: Collection[str],
        excludes: GlobSet,
        prefix: str,
    ) -> None:
        self.known = known
        self.excludes = excludes
        self.prefix = prefix
        # fingerprint -> finding; git log runs newest first, so the last write is the oldest.
        self.found: dict[str, Finding] = {}

    def scan(self, diff: _FileDiff) -> None:
        if not diff.lines:
            return
        text = "\n".join(line for _, line in diff.lines)
        segment = Segment(text)
        silenced = parse_suppressions(text, lines=enumerate(text.split("\n"), start=1))
        for secret in find_secrets(text):
            index, column = segment.position(secret.start)
            if silenced.silences("MS101", index) or silenced.silences("MS104", index):
                continue
            value = text[secret.start : secret.end]
            fp = fingerprint(value)
            if fp in self.known:
                continue
            when = datetime.fromtimestamp(diff.time, tz=UTC).strftime("%Y-%m-%d")
            self.found[fp] = Finding(
                _MS104,
                diff.path,
                diff.lines[index - 1][0],
                column,
                f"{secret.label} added in commit {diff.commit[:12]} ({when}) (fingerprint {fp})",
                identity=fp,
                commit=diff.commit,
            )
        diff.lines.clear()
        diff.size = 0


def _log_lines(
    repo: Repository, errors: IO[bytes]
) -> tuple[subprocess.Popen[bytes], Iterator[bytes]]:
    argv = [
        "git",
        "-C",
        str(repo.root),
        "-c",
        "core.quotePath=true",
        "log",
        "--all",
        "-p",
        "-U0",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        "--no-renames",
        "--diff-filter=AMCRT",
        "--format=%x00commit %H %ct",
        "--relative",
        "--",
        ".",
    ]
    proc = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
        argv,
        stdout=subprocess.PIPE,
        stderr=errors,
        stdin=subprocess.DEVNULL,
    )
    assert proc.stdout is not None
    return proc, iter(proc.stdout)


def scan_history(
    repo: Repository,
    *,
    known: Collection[str] = (),
    excludes: GlobSet | None = None,
    prefix: str = "",
    progress: Callable[[int], None] | None = None,
) -> HistoryResult:
    """Scan the added lines of every commit reachable from any ref.

    ``known`` holds value fingerprints already reported in the tree; ``excludes`` and
    the vendored directories apply to paths as they were in each commit (``prefix`` is
    the audited directory's place under the config's directory).
    """
    result = HistoryResult()
    if repo.shallow:
        result.notes.append(
            "the repository is a shallow clone: --history saw only the fetched commits "
            "(check out with full history, e.g. actions/checkout fetch-depth: 0)"
        )
    scanner = _Scanner(known, excludes or GlobSet(()), prefix)
    with tempfile.TemporaryFile() as errors:
        try:
            proc, lines = _log_lines(repo, errors)
        except OSError as exc:
            result.notes.append(f"--history: git could not run: {exc.strerror or 'error'}")
            return result
        code = _read_log(proc, lines, scanner, result, progress)
        errors.seek(0)
        stderr = errors.read(4096).decode("utf-8", "replace")
    if code != 0:
        reason = next((ln.strip() for ln in stderr.splitlines() if ln.strip()), "no message")
        if "does not have any commits" in stderr or "bad default revision" in stderr:
            result.notes.append("--history: the repository has no commits yet")
        else:
            result.notes.append(f"--history: git log failed ({reason[:300]}); history not scanned")
    result.findings = list(scanner.found.values())
    return result


def _read_log(
    proc: subprocess.Popen[bytes],
    lines: Iterator[bytes],
    scanner: _Scanner,
    result: HistoryResult,
    progress: Callable[[int], None] | None,
) -> int:
    commit, when = "", 0
    diff: _FileDiff | None = None
    new_line = 0
    in_header = False
    complete = False
    try:
        for raw in lines:
            if raw.startswith(_COMMIT):
                if diff is not None:
                    scanner.scan(diff)
                    diff = None
                head = raw[len(_COMMIT) :].split()
                commit = head[0].decode("ascii", "replace")
                when = int(head[1]) if len(head) > 1 and head[1].isdigit() else 0
                result.commits += 1
                if progress is not None:
                    progress(result.commits)
                continue
            if raw.startswith(b"diff --git "):
                if diff is not None:
                    scanner.scan(diff)
                diff, in_header = None, True
                continue
            if in_header:
                if raw.startswith(b"+++ "):
                    # git ends a name that holds a space with a tab (for patch(1)).
                    target = raw[4:].rstrip(b"\r\n").removesuffix(b"\t")
                    if target != b"/dev/null":
                        path = _unquote(target)
                        path = path[2:] if path.startswith("b/") else path
                        if not _excluded(path, scanner.excludes, scanner.prefix):
                            diff = _FileDiff(commit, when, path)
                    continue
                if raw.startswith(b"@@"):
                    in_header = False
                else:
                    continue
            if diff is None:
                continue
            if raw.startswith(b"@@"):
                m = _HUNK_RE.match(raw)
                new_line = int(m.group(1)) if m is not None else 0
            elif raw.startswith(b"+"):
                text = raw[1:].rstrip(b"\n").rstrip(b"\r").decode("utf-8", "replace")
                diff.lines.append((new_line, text[:_MAX_LINE_CHARS]))
                diff.size += len(text)
                new_line += 1
                if diff.size > _FLUSH_CHARS:
                    scanner.scan(diff)
        if diff is not None:
            scanner.scan(diff)
        complete = True
    finally:
        assert proc.stdout is not None
        proc.stdout.close()
        if not complete:
            proc.kill()  # stopped by an exception: do not leave git running
        code = proc.wait()
    return code
