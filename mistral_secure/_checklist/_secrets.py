"""Secret checks on file text: recognised keys (MS101) and high-entropy assignments (MS102)."""

from __future__ import annotations

import hashlib
import math
import re
import shlex
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import re2

from .._fingerprint import fingerprint
from ._findings import Finding
from ._read import Segment
from ._rules import rule_by_id

__all__ = [
    "SecretCandidate",
    "SecretValue",
    "check_config_lines",
    "check_text",
    "could_be_key",
    "find_secrets",
    "high_entropy_finding",
    "is_placeholder",
    "is_secret_name",
    "line_dialect",
    "looks_high_entropy",
    "shannon_entropy",
]

SECRET_TYPES = frozenset({"API_KEY", "PRIVATE_KEY", "JWT"})
MIN_ENTROPY_LENGTH = 16
ENTROPY_THRESHOLD = 3.5
_MAX_LINE = 4096  # longer lines are minified data, not hand-written config
_PEM_MIN_BODY = 64  # base64 characters; a marker line or a truncated example has fewer

_MS101 = rule_by_id("MS101")
_MS102 = rule_by_id("MS102")

# Values people write where a real secret would go; these are never reported. RE2: on a
# value like "<<<<…" the "<[^>]*>" branch would make Python's re quadratic.
_PLACEHOLDER_RE = re2.compile(
    r"(?i)x{5,}|\*{4,}|\.\.\.|…|<[^>]*>|\$\{|\$\(|\{\{|%\(|your[_\- ]|placeholder|redacted"
    r"|changeme|change[_-]me|replace[_-]?me|dummy|example|^(?:none|null|todo|fixme|secret)$"
)
# Markers that make a recognised key an illustration: elisions, template syntax, and
# "example", which is how documentation keys are written (AWS's ...EXAMPLE, ...EXAMPLEKEY).
_MARKER_RE = re.compile(
    r"(?i)x{5,}|\*{4,}|\.\.\.|…|<|>|\$\{|\{\{|your[_\- ]|placeholder|redacted|example"
)
# Keys published in documentation as examples (SHA-256 of the value, so no scanner trips
# on this file): jwt.io's sample token, Stripe's documentation test key.
_DOCUMENTATION_VALUES = frozenset(
    {
        "7f75367e7881255134e1375e723d1dea8ad5f6a4fdb79d938df1f1754a830606",
        "2cafc0970149a84f3b9e62eaf169f36f59907a3b3e31f7b82e68c69cd27f7326",
    }
)
# The secret word ends the name (after camelCase is split into snake_case), maybe before
# an environment qualifier: DB_PASSWORD, apiKey, SLACK_TOKEN_PROD; not password_last_used.
_SECRET_NAME_RE = re.compile(
    r"(?i)(?:secret|passw(?:or)?d|pwd|(?:^|[_.\-])(?:api)?key|apikey|token|credentials?)"
    r"(?:[_.\-](?:prod|production|dev|development|staging|stage|test|live|local|\d+))?$"
)
_NOT_SECRET_NAME_RE = re.compile(
    r"(?i)public|sort|cache|primary|foreign|partition|lookup|idempotency|hash|path|file|url"
    r"|name|_env$|_var$|_id$|header|prefix|suffix|length|size|field|type|format|pattern"
    r"|_page_|pagination|continuation|next_?token|cursor|marker|max_|min_|num_|count"
    r"|result|routing|object|s3|bucket|dict|group|item|column|row_|request|change|lifecycle"
)
_UUID_RE = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_TOKEN_ONLY_RE = re.compile(r"(?i)token(?:[_.\-]\w+)?$")
# Dates, times, file names and regex character classes: data, not secrets.
_NOT_SECRET_VALUE_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|[^/\\]*[/\\][^.]*\.[A-Za-z][A-Za-z0-9]{1,4}|[^\[]*\[[^\]]*\].*"
)
_CAMEL_RE = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# Runs of letters that read like words ("Distribution", "List", "items"): a value made
# mostly of them is an identifier or a path, not a generated secret.
_WORDLIKE_RE = re.compile(r"[A-Z]?[a-z]{3,}|[A-Z]{3,}(?![a-z])")
_WORDY_SHARE = 0.6
_PROVIDERS = {
    "mistral": "Mistral API key",
    "openai": "OpenAI API key",
    "anthropic": "Anthropic API key",
    "aws": "AWS access key",
    "github": "GitHub token",
    "google": "Google API key",
    "slack": "Slack token",
    "stripe": "Stripe key",
    "huggingface": "Hugging Face token",
    "gitlab": "GitLab token",
    "sendgrid": "SendGrid API key",
    "twilio": "Twilio credential",
    "telegram": "Telegram bot token",
    "database": "database URL with a password",
}


@dataclass(frozen=True, slots=True)
class SecretCandidate:
    """A string literal assigned to a secret-looking name (value never leaves this module)."""

    name: str
    value: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class SecretValue:
    """A recognised secret in a text: what it is and where (offsets in that text)."""

    label: str
    start: int
    end: int


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
    """True for names such as ``api_key``, ``AUTH_TOKEN``, ``clientSecret``, ``password``."""
    snake = _CAMEL_RE.sub("_", name)
    return _SECRET_NAME_RE.search(snake) is not None and _NOT_SECRET_NAME_RE.search(snake) is None


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
        classes >= 2
        and shannon_entropy(value) >= ENTROPY_THRESHOLD
        and not _wordy(value)
        and not is_placeholder(value)
    )


def _wordy(value: str) -> bool:
    words = sum(len(m) for m in _WORDLIKE_RE.findall(value))
    return words >= _WORDY_SHARE * len(value)


def could_be_key(value: str) -> bool:
    """True when a literal could be a real key: recognised, or random-looking.

    ``"test-key"``, ``"fake-api-key-for-tests"`` or ``"sk-..."`` could not; keys of every
    provider are generated, so they are long and mix character classes.
    """
    return looks_high_entropy(value) or bool(find_secrets(value))


def high_entropy_finding(path: str, candidate: SecretCandidate) -> Finding | None:
    """MS102 for ``candidate`` when its name and value both look like a secret."""
    if not is_secret_name(candidate.name) or not looks_high_entropy(candidate.value):
        return None
    value = candidate.value
    if _NOT_SECRET_VALUE_RE.fullmatch(value):
        return None
    if _UUID_RE.fullmatch(value) and _TOKEN_ONLY_RE.search(_CAMEL_RE.sub("_", candidate.name)):
        return None  # request, change and idempotency tokens are UUIDs; secret tokens are not
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


def _pem_has_body(value: str) -> bool:
    body = [
        line
        for line in value.replace("\\n", "\n").splitlines()
        if "-----" not in line and ":" not in line
    ]
    return sum(c.isalnum() or c in "+/=" for c in "".join(body)) >= _PEM_MIN_BODY


def _illustrative(value: str) -> bool:
    if _MARKER_RE.search(value):
        return True
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
    return digest in _DOCUMENTATION_VALUES


def find_secrets(text: str) -> list[SecretValue]:
    """Every real-looking secret in ``text``: recognised keys, private keys with a body and
    JWTs, in text order; illustrations and documentation keys left out."""
    from .._redaction import find_entities

    found = []
    # The audit's findings depend on the files alone, not on the pools this process holds.
    for e in find_entities(text, entities=SECRET_TYPES, live_keys=False):
        if e.type == "API_KEY" and e.provider is None:
            continue  # a value only its name calls a token: MS102 judges assignments
        value = text[e.start : e.end]
        if _illustrative(value) or (e.type == "PRIVATE_KEY" and not _pem_has_body(value)):
            continue
        found.append(SecretValue(_describe(e.type, e.provider), e.start, e.end))
    return found


def check_text(path: str, segment: Segment, *, where: str | None = None) -> list[Finding]:
    """MS101 for every secret that starts in the owned part of ``segment``."""
    findings = []
    text = segment.text
    kind = where or _kind(path)
    for secret in find_secrets(text):
        if not segment.owns(secret.start):
            continue
        line, col = segment.position(secret.start)
        fp = fingerprint(text[secret.start : secret.end])
        findings.append(
            Finding(
                _MS101, path, line, col, f"{secret.label} in {kind} (fingerprint {fp})", identity=fp
            )
        )
    return findings


def _kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return "source" if name.endswith((".py", ".pyi", ".js", ".ts", ".go", ".rb")) else "file"


# NAME = "value", NAME: value, "name": "value", export NAME=value (config, env, shell, HCL)
_ASSIGN_LINE_RE = re.compile(
    r"""^\s*(?:export\s+|set\s+)?["']?(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)["']?\s*[:=]\s*"""
    r"""(?P<q>["']?)(?P<value>[^"'\s,#;]+)(?P=q)\s*(?:[,;#]|$)"""
)
# JavaScript / TypeScript, anywhere on a line: const apiKey = "…", {authToken: '…'},
# this.token = `…`, private key: string = "…" (quoted values only: the rest is code)
_JS_ASSIGN_RE = re.compile(
    r"""(?:^|[\s{,(;.])["']?(?P<name>[A-Za-z_$][\w$]*)["']?\s*(?::\s*[A-Za-z_][\w.]*\s*)?"""
    r"""[:=]\s*(?P<q>["'`])(?P<value>[^"'`\s]+)(?P=q)\s*(?=[,;)}\]]|//|$)"""
)
_DOCKER_RE = re.compile(r"^\s*(?:ENV|ARG)\s+(?P<rest>.+)$", re.IGNORECASE)
_TF_VARIABLE_RE = re.compile(r"""^\s*variable\s+"(?P<name>[\w\-]+)"\s*\{""")
_TF_DEFAULT_RE = re.compile(r"""^\s*default\s*=\s*"(?P<value>[^"\s]+)"\s*$""")


def line_dialect(name: str) -> str | None:
    """How MS102 reads assignments in a file with this name, or ``None``."""
    lower = name.lower()
    suffix = lower.rsplit(".", 1)[-1] if "." in lower else ""
    if lower in {"dockerfile", "containerfile"} or lower.startswith(
        ("dockerfile.", "containerfile.")
    ):
        return "dockerfile"
    if suffix == "dockerfile":
        return "dockerfile"
    if suffix in {"js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts", "vue", "svelte"}:
        return "js"
    if suffix in {"tf", "hcl", "tfvars"}:
        return "terraform"
    if suffix in {"sh", "bash", "zsh", "ksh", "fish"} or lower in {".envrc", ".bashrc", ".zshrc"}:
        return "shell"
    return None


def _docker_pairs(rest: str) -> Iterator[tuple[str, str, int]]:
    """(name, value, offset in ``rest``) for ``ENV A=1 B=2`` and ``ENV NAME value``."""
    first = rest.split(None, 1)[0]
    if "=" not in first:
        value = rest[len(first) :].strip().strip("\"'")
        yield first, value, rest.find(value, len(first)) if value else 0
        return
    try:
        parts = shlex.split(rest, posix=True)
    except ValueError:
        parts = rest.split()
    cursor = 0
    for part in parts:
        if "=" not in part:
            continue
        name, value = part.split("=", 1)
        at = rest.find(value, cursor) if value else cursor
        cursor = max(at, cursor)
        yield name, value, at


def _line_candidates(dialect: str, segment: Segment) -> Iterator[tuple[str, str, int, int]]:
    """(name, value, line, column) of each assignment in the owned part of ``segment``."""
    tf_variable = None
    for lineno, _offset, line in segment.lines():
        if len(line) > _MAX_LINE or not any(c in line for c in "=: "):
            continue
        if dialect == "dockerfile":
            m = _DOCKER_RE.match(line)
            if m is not None:
                base = m.start("rest")
                for name, value, at in _docker_pairs(m["rest"]):
                    yield name, value, lineno, base + at + 1
            continue
        if dialect == "terraform":
            v = _TF_VARIABLE_RE.match(line)
            if v is not None:
                tf_variable = v["name"]
            d = _TF_DEFAULT_RE.match(line) if tf_variable else None
            if d is not None and tf_variable is not None:
                yield tf_variable, d["value"], lineno, d.start("value") + 1
                continue
        if dialect == "js":
            for m in _JS_ASSIGN_RE.finditer(line):
                yield m["name"], m["value"], lineno, m.start("value") + 1
            continue
        m = _ASSIGN_LINE_RE.match(line)
        if m is not None:
            yield m["name"], m["value"], lineno, m.start("value") + 1


def check_config_lines(path: str, segment: Segment, dialect: str = "config") -> list[Finding]:
    """MS102 for assignment lines: ``NAME = "value"``, ``NAME: value``, ``"name": "value"``,
    ``export NAME=value``, ``const apiKey = "value"``, Dockerfile ``ENV``/``ARG``,
    Terraform variable defaults."""
    findings = []
    for name, value, line, column in _line_candidates(dialect, segment):
        finding = high_entropy_finding(path, SecretCandidate(name, value, line, column))
        if finding is not None:
            findings.append(finding)
    return findings
