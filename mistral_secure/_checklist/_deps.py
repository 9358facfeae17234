"""Dependency hints: a ``mistralai`` requirement that cannot reach the supported major."""

from __future__ import annotations

import re
from importlib import metadata

from ._findings import Finding
from ._rules import rule_by_id

__all__ = ["SUPPORTED_MAJOR", "caps_below_supported", "check_installed", "check_requirements"]

SUPPORTED_MAJOR = 3
_MS401 = rule_by_id("MS401")

_CLAUSE = r"(?:===|==|~=|!=|<=|>=|<|>)\s*[0-9][\w.*+!-]*"
# PEP 508 strings (requirements files, [project] dependencies); the look-behind keeps
# 'langchain-mistralai' and 'llama-index-llms-mistralai' out.
_PEP508_RE = re.compile(
    rf"(?<![\w.\-])mistralai\s*(?:\[[^\]]*\])?\s*\(?\s*(?P<spec>{_CLAUSE}(?:\s*,\s*{_CLAUSE})*)",
    re.IGNORECASE,
)
# Poetry: mistralai = "^1.2"   or   mistralai = { version = "~1.2", ... }
_POETRY_RE = re.compile(
    r"""^\s*["']?mistralai["']?\s*=\s*(?:\{[^}]*?version\s*=\s*)?["'](?P<spec>[^"']+)["']""",
    re.IGNORECASE,
)


def _release(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.strip().split("."):
        digits = re.match(r"\d+", piece)
        if digits is None:
            break
        parts.append(int(digits.group()))
    return tuple(parts) or (0,)


def caps_below_supported(spec: str) -> bool:
    """True when no ``mistralai`` 3.x release satisfies ``spec`` (PEP 440 or Poetry)."""
    for raw in spec.split(","):
        m = re.match(r"(===|==|~=|!=|<=|>=|<|>|\^|~)?\s*(.+)", raw.strip())
        if m is None:
            continue
        op, version = m.group(1) or "==", m.group(2).strip()
        if version in {"*", ""}:
            continue
        release = _release(version)
        major = release[0]
        if op in {"==", "===", "~=", "^", "~"} and major < SUPPORTED_MAJOR:
            return True
        if op == "<" and release <= (SUPPORTED_MAJOR,) + (0,) * (len(release) - 1):
            return True
        if op == "<=" and major < SUPPORTED_MAJOR:
            return True
    return False


def check_requirements(path: str, text: str) -> list[Finding]:
    """MS401 for each line of a pyproject/requirements file pinning mistralai below 3."""
    findings = []
    poetry = path.endswith(".toml")
    for lineno, line in enumerate(text.splitlines(), start=1):
        if "mistralai" not in line.lower() or line.lstrip().startswith("#"):
            continue
        matches = [(m.start(), m["spec"]) for m in _PEP508_RE.finditer(line)]
        if poetry and (pm := _POETRY_RE.match(line)) is not None:
            matches.append((pm.start("spec"), pm["spec"]))
        for column, spec in matches:
            if caps_below_supported(spec):
                findings.append(
                    Finding(
                        _MS401,
                        path,
                        lineno,
                        column + 1,
                        f"mistralai requirement '{spec.strip()}' excludes mistralai "
                        f"{SUPPORTED_MAJOR}.x",
                        identity=spec.strip(),
                    )
                )
    return findings


def check_installed() -> list[Finding]:
    """MS401 when the running environment has mistralai older than the supported major."""
    try:
        version = metadata.version("mistralai")
    except metadata.PackageNotFoundError:
        return []
    if _release(version)[0] >= SUPPORTED_MAJOR:
        return []
    return [
        Finding(
            _MS401,
            None,
            1,
            1,
            f"installed mistralai {version} is older than {SUPPORTED_MAJOR}.x",
            identity=f"installed:{version}",
        )
    ]
