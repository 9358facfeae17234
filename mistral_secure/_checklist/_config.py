"""Audit configuration (``[tool.mistral-secure.audit]``) and glob matching."""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._rules import Severity, resolve_rule_ids

__all__ = ["AuditConfig", "GlobPattern", "GlobSet", "load_config", "load_toml"]

_CONFIG_KEYS = frozenset({"exclude", "disable", "fail-on"})


class GlobPattern:
    """A gitignore-style pattern matched against ``/``-separated relative paths.

    A pattern without an inner ``/`` matches a file or directory name at any depth
    (``*.min.js``, ``secrets``); one with a ``/`` is anchored at the base
    (``tests/fixtures/**``). ``**`` spans directories, a trailing ``/`` matches only
    directories and a leading ``!`` negates (gitignore only).
    """

    __slots__ = ("anchored", "dir_only", "negated", "regex", "source")

    def __init__(self, pattern: str) -> None:
        self.source = pattern
        pat = pattern.strip()
        self.negated = pat.startswith("!")
        if self.negated:
            pat = pat[1:]
        self.dir_only = pat.endswith("/")
        pat = pat.rstrip("/")
        self.anchored = "/" in pat
        pat = pat.lstrip("/")
        self.regex = re.compile(_translate(pat), re.DOTALL)

    def matches(self, rel_path: str, *, is_dir: bool) -> bool:
        if self.dir_only and not is_dir:
            return False
        if self.anchored:
            return self.regex.fullmatch(rel_path) is not None
        return self.regex.fullmatch(rel_path.rsplit("/", 1)[-1]) is not None


def _translate(pat: str) -> str:
    out: list[str] = []
    i, n = 0, len(pat)
    while i < n:
        if pat.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif pat.startswith("/**", i) and i + 3 == n:
            out.append("(?:/.*)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif pat[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pat[i] == "?":
            out.append("[^/]")
            i += 1
        elif pat[i] == "[" and (close := pat.find("]", i + 2)) != -1:
            body = pat[i + 1 : close]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = close + 1
        elif pat[i] == "\\" and i + 1 < n:
            out.append(re.escape(pat[i + 1]))
            i += 2
        else:
            out.append(re.escape(pat[i]))
            i += 1
    return "".join(out)


class GlobSet:
    """Exclusion globs: a path is excluded when it or one of its parent directories matches.

    ``prefix`` is where the audited directory sits below the directory the patterns are
    relative to (``"services/api/"`` when the config lives two levels up). ``a + b``
    excludes what either excludes, each with its own prefix.
    """

    def __init__(self, patterns: Iterable[str] = (), prefix: str = "") -> None:
        compiled = tuple(GlobPattern(p) for p in patterns if p.strip())
        self._groups: tuple[tuple[tuple[GlobPattern, ...], str], ...] = (
            ((compiled, prefix),) if compiled else ()
        )

    @property
    def patterns(self) -> tuple[GlobPattern, ...]:
        return tuple(p for group, _ in self._groups for p in group)

    def __bool__(self) -> bool:
        return bool(self._groups)

    def __add__(self, other: GlobSet) -> GlobSet:
        union = GlobSet()
        union._groups = self._groups + other._groups
        return union

    def excludes(self, rel_path: str) -> bool:
        """True when the file at ``rel_path`` or any directory above it matches."""
        for patterns, prefix in self._groups:
            parts = (prefix + rel_path).split("/")
            for i in range(1, len(parts) + 1):
                candidate = "/".join(parts[:i])
                is_dir = i < len(parts)
                if any(p.matches(candidate, is_dir=is_dir) for p in patterns):
                    return True
        return False


@dataclass(frozen=True)
class AuditConfig:
    """What to audit: exclusion globs, disabled rule ids and the ``--fail-on`` level.

    ``exclude`` globs are relative to the audited directory. ``project_exclude`` holds
    the globs read from a project's ``pyproject.toml``, relative to ``root``, the
    directory that holds it (found by :func:`load_config`, maybe above the audited one).
    """

    exclude: tuple[str, ...] = ()
    disable: frozenset[str] = field(default_factory=frozenset)
    fail_on: Severity = Severity.ERROR
    note: str | None = None  # why the project config could not be read, if it could not
    project_exclude: tuple[str, ...] = ()
    root: Path | None = None

    def globs(self, audited: Path) -> GlobSet:
        """The exclusions for paths relative to the ``audited`` directory."""
        own = GlobSet(self.exclude)
        if not self.project_exclude:
            return own
        prefix = ""
        if self.root is not None:
            try:
                rel = audited.resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                rel = "."
            prefix = "" if rel == "." else rel + "/"
        return own + GlobSet(self.project_exclude, prefix)


def load_toml(text: str) -> dict[str, Any] | None:
    """Parse TOML with ``tomllib`` (3.11+) or ``tomli``; ``None`` when neither exists."""
    for name in ("tomllib", "tomli"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        data: dict[str, Any] = module.loads(text)
        return data
    return None


def _candidates(start: Path) -> list[Path]:
    """``start`` and its parents up to the repository root (just ``start`` outside one)."""
    here = start.resolve()
    chain = [here]
    for directory in (here, *here.parents):
        if directory != here:
            chain.append(directory)
        if (directory / ".git").exists():
            return chain
    return [here]


def load_config(start: Path) -> AuditConfig:
    """Read ``[tool.mistral-secure.audit]`` from the nearest ``pyproject.toml`` that has it.

    The search goes from ``start`` up to the repository root (the directory with
    ``.git``); outside a repository only ``start`` is read. Raises ``ValueError`` on
    unknown keys, wrong types, unknown rules or invalid TOML.
    """
    for directory in _candidates(start):
        config = _load_one(directory)
        if config is not None:
            return config
    return AuditConfig()


def _load_one(directory: Path) -> AuditConfig | None:
    pyproject = directory / "pyproject.toml"
    if not pyproject.is_file():
        return None
    try:
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return AuditConfig(note=f"{pyproject} unreadable; audit config ignored")
    if "mistral-secure" not in text:
        return None
    try:
        data = load_toml(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError subclasses ValueError
        raise ValueError(f"invalid {pyproject}: {exc}") from None
    # Python 3.10 without tomli: the minimal reader handles what the documented config uses.
    section = (
        _fallback_section(text)
        if data is None
        else data.get("tool", {}).get("mistral-secure", {}).get("audit")
    )
    if section is None:
        return None
    return _from_mapping(section, root=directory)


def _from_mapping(section: object, *, root: Path) -> AuditConfig:
    if not isinstance(section, Mapping):
        raise ValueError("[tool.mistral-secure.audit] must be a table")
    unknown = sorted(set(section) - _CONFIG_KEYS)
    if unknown:
        raise ValueError(f"unknown key(s) in [tool.mistral-secure.audit]: {', '.join(unknown)}")
    exclude = _str_list(section.get("exclude", []), "exclude")
    disable = resolve_rule_ids(_str_list(section.get("disable", []), "disable"))
    fail_on_raw = section.get("fail-on", "error")
    if not isinstance(fail_on_raw, str):
        raise ValueError("[tool.mistral-secure.audit] fail-on must be a string")
    return AuditConfig(
        disable=disable,
        fail_on=Severity.parse(fail_on_raw),
        project_exclude=tuple(exclude),
        root=root,
    )


def _str_list(value: object, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"[tool.mistral-secure.audit] {key} must be a list of strings")
    return list(value)


_SECTION_RE = re.compile(r"^\s*\[\s*tool\.(?:\"mistral-secure\"|mistral-secure)\.audit\s*\]\s*$")
_STRING_RE = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'([^']*)'")


def _fallback_section(text: str) -> dict[str, object] | None:
    """Read the audit table without a TOML library (Python 3.10 without ``tomli``).

    Handles what the documented config uses: string values and (multi-line) arrays of
    strings.
    """
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _SECTION_RE.match(line)), None)
    if start is None:
        return None
    body: list[str] = []
    for line in lines[start + 1 :]:
        if line.lstrip().startswith("["):
            break
        body.append(line.split("#", 1)[0] if '"' not in line else line)
    section: dict[str, object] = {}
    joined = "\n".join(body)
    for match in re.finditer(r"^\s*([A-Za-z0-9_-]+)\s*=\s*(\[[^\]]*\]|\"[^\"\n]*\")", joined, re.M):
        key, raw = match.group(1), match.group(2)
        strings = [a or b for a, b in _STRING_RE.findall(raw)]
        section[key] = strings if raw.startswith("[") else (strings[0] if strings else "")
    return section
