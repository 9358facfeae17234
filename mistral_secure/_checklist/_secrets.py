"""Secret checks on file text: recognised keys, high-entropy assignments, notebooks."""

from __future__ import annotations

import bisect
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import re2

from .._fingerprint import fingerprint
from ._findings import Finding
from ._rules import rule_by_id

__all__ = [
    "LineIndex",
    "SecretCandidate",
    "check_config_lines",
    "check_notebook",
    "check_text",
    "high_entropy_finding",
    "is_placeholder",
    "is_secret_name",
    "looks_high_entropy",
    "shannon_entropy",
]

SECRET_TYPES = frozenset({"API_KEY", "PRIVATE_KEY", "JWT"})
MIN_ENTROPY_LENGTH = 16
ENTROPY_THRESHOLD = 3.5
_MAX_LINE = 4096  # longer lines are minified data, not hand-written config

_MS101 = rule_by_id("MS101")
_MS102 = rule_by_id("MS102")
_MS103 = rule_by_id("MS103")

# Values people write where a real secret would go; these are never reported. RE2: on a
# value like "<<<<…" the "<[^>]*>" branch would make Python's re quadratic.
_PLACEHOLDER_RE = re2.compile(
    r"(?i)x{5,}|\*{4,}|\.\.\.|…|<[^>]*>|\$\{|\$\(|\{\{|%\(|your[_\- ]|placeholder|redacted"
    r"|changeme|change[_-]me|replace[_-]?me|dummy|example|^(?:none|null|todo|fixme|secret)$"
)
# Only the unmistakable markers: recognised keys are reported even when they say "example".
_MARKER_RE = re.compile(r"(?i)x{5,}|\*{4,}|\.\.\.|…|<|>|\$\{|\{\{|your[_\- ]|placeholder|redacted")
_SECRET_NAME_RE = re.compile(
    r"(?i)(?:secret|passw(?:or)?d|pwd|(?:^|[_.\-])(?:api)?key|apikey|token|credentials?)$"
    r"|secret_?key|client_?secret|password"
)
_NOT_SECRET_NAME_RE = re.compile(
    r"(?i)public|sort|cache|primary|foreign|partition|lookup|idempotency|hash|path|file|url"
    r"|name|_env$|_var$|_id$|header|prefix|suffix|length|size|field"
)
_PROVIDERS = {
    "mistral": "Mistral API key",
    "openai": "OpenAI API key",
    "anthropic": "Anthropic API key",
    "aws": "AWS access key",
    "github": "GitHub token",
    "google": "Google API key",
    "slack": "Slack token",
    "stripe": "Stripe key",
}


class LineIndex:
    """Maps offsets in a text to 1-based (line, column)."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


@dataclass(frozen=True, slots=True)
class SecretCandidate:
    """A string literal assigned to a secret-looking name (value never leaves this module)."""

    name: str
    value: str
    line: int
    column: int


def shannon_entropy(value: str) -> float:
    """Bits per character of ``value``."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def is_placeholder(value: str) -> bool:
    """True for values such as ``"sk-..."``, ``"<your key>"``, ``"changeme"``, ``"${VAR}"``."""
    stripped = value.strip()
    return not stripped or len(set(stripped)) <= 2 or _PLACEHOLDER_RE.search(stripped) is not None


def is_secret_name(name: str) -> bool:
    """True for names such as ``api_key``, ``AUTH_TOKEN``, ``client_secret``, ``password``."""
    return _SECRET_NAME_RE.search(name) is not None and _NOT_SECRET_NAME_RE.search(name) is None


def looks_high_entropy(value: str) -> bool:
    """A random-looking token: long, no spaces, mixed classes, entropy above the threshold."""
    if len(value) < MIN_ENTROPY_LENGTH or any(c.isspace() for c in value):
        return False
    if "://" in value or value.startswith(("/", "./", "../")):
        return False
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
        )
    )
    return (
        classes >= 2 and shannon_entropy(value) >= ENTROPY_THRESHOLD and not is_placeholder(value)
    )


def high_entropy_finding(path: str, candidate: SecretCandidate) -> Finding | None:
    """MS102 for ``candidate`` when its name and value both look like a secret."""
    if not is_secret_name(candidate.name) or not looks_high_entropy(candidate.value):
        return None
    fp = fingerprint(candidate.value)
    return Finding(
        _MS102,
        path,
        candidate.line,
        candidate.column,
        f"high-entropy value assigned to '{candidate.name}' (fingerprint {fp})",
        identity=fp,
    )


def _describe(entity_type: str, provider: str | None) -> str:
    if entity_type == "PRIVATE_KEY":
        return "private key"
    if entity_type == "JWT":
        return "JSON Web Token"
    if provider:
        return _PROVIDERS.get(provider, f"{provider} API key")
    return "API key"


def _entities(text: str) -> Sequence[tuple[str, str | None, int, int]]:
    from .._redaction import find_entities

    return [
        (e.type, e.provider, e.start, e.end)
        # The audit's findings depend on the files alone, not on the pools this process holds.
        for e in find_entities(text, entities=SECRET_TYPES, live_keys=False)
    ]


def check_text(path: str, text: str, index: LineIndex) -> list[Finding]:
    """MS101 for every recognised key, private key or JWT in ``text`` (one scanning pass)."""
    findings = []
    for etype, provider, start, end in _entities(text):
        value = text[start:end]
        if _MARKER_RE.search(value):
            continue
        line, col = index.position(start)
        fp = fingerprint(value)
        findings.append(
            Finding(
                _MS101,
                path,
                line,
                col,
                f"{_describe(etype, provider)} in {_kind(path)} (fingerprint {fp})",
                identity=fp,
            )
        )
    return findings


def _kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return "source" if name.endswith((".py", ".pyi", ".js", ".ts", ".go", ".rb")) else "file"


_ASSIGN_LINE_RE = re.compile(
    r"""^\s*(?:export\s+)?["']?(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*[:=]\s*"""
    r"""(?P<q>["']?)(?P<value>[^"'\s,#;]+)(?P=q)\s*(?:[,;#]|$)"""
)


def check_config_lines(path: str, text: str) -> list[Finding]:
    """MS102 for ``NAME = "value"``, ``NAME: value`` and ``"name": "value"`` lines."""
    findings = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if len(line) > _MAX_LINE or ("=" not in line and ":" not in line):
            continue
        m = _ASSIGN_LINE_RE.match(line)
        if m is None:
            continue
        candidate = SecretCandidate(m["name"], m["value"], lineno, m.start("value") + 1)
        finding = high_entropy_finding(path, candidate)
        if finding is not None:
            findings.append(finding)
    return findings


def _cell_texts(cell: object) -> Iterator[tuple[str, str]]:
    if not isinstance(cell, dict):
        return
    yield "source", _join(cell.get("source"))
    for output in cell.get("outputs") or ():
        if not isinstance(output, dict):
            continue
        yield "output", _join(output.get("text"))
        yield "output", _join(output.get("traceback"))
        data = output.get("data")
        if isinstance(data, dict):
            for value in data.values():
                yield "output", _join(value) if not isinstance(value, dict) else json.dumps(value)


def _join(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return ""


def check_notebook(path: str, text: str, index: LineIndex) -> list[Finding]:
    """MS103 for keys in notebook cell sources and outputs.

    The line is where the value's JSON-escaped form first appears in the file, so the
    report points into the ``.ipynb`` itself. Raises ``ValueError`` on invalid JSON.
    """
    notebook = json.loads(text)
    cells = notebook.get("cells", []) if isinstance(notebook, dict) else []
    findings = []
    for number, cell in enumerate(cells if isinstance(cells, list) else [], start=1):
        for where, chunk in _cell_texts(cell):
            if not chunk:
                continue
            for etype, provider, start, end in _entities(chunk):
                value = chunk[start:end]
                if _MARKER_RE.search(value):
                    continue
                offset = text.find(json.dumps(value)[1:-1])
                line, col = index.position(offset) if offset >= 0 else (1, 1)
                fp = fingerprint(value)
                findings.append(
                    Finding(
                        _MS103,
                        path,
                        line,
                        col,
                        f"{_describe(etype, provider)} in notebook cell {number} {where} "
                        f"(fingerprint {fp})",
                        identity=fp,
                    )
                )
    return _dedupe(findings)


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for f in findings:
        key = (f.line, f.column, f.identity)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
