"""Secret patterns the audit knows beyond runtime redaction's: more providers, database URLs.

Runtime redaction (``mistral_secure._recognizers``) covers Mistral, OpenAI, Anthropic, AWS,
GitHub, Google, Slack and Stripe. A codebase also commits Hugging Face, GitLab, SendGrid,
Twilio and Telegram tokens and database URLs with a password in them; these patterns find
them. All of them are RE2 (linear time); each candidate is validated in Python after the
match (random-looking body, password not a placeholder).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

import re2

from .._recognizers import random_key_like

__all__ = ["PROVIDER_PATTERNS", "ProviderMatch", "find_provider_secrets"]

# Validator: (text, start, end) -> the secret's span, or None to drop the candidate.
Validator = Callable[[str, int, int], "tuple[int, int] | None"]


@dataclass(frozen=True, slots=True)
class _Pattern:
    name: str
    label: str
    regex: str
    validator: Validator


@dataclass(frozen=True, slots=True)
class ProviderMatch:
    """A validated secret: what it is and where (offsets in the scanned text)."""

    label: str
    start: int
    end: int


def _random(value: str) -> bool:
    return random_key_like(value) or (_entropy(value) >= 4.0 and _classes(value) >= 2)


def _classes(value: str) -> int:
    return (
        any(c.islower() for c in value)
        + any(c.isupper() for c in value)
        + any(c.isdigit() for c in value)
    )


def _entropy(value: str) -> float:
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values()) if n else 0.0


def _body_after(prefix_end: str) -> Validator:
    """Accept the candidate when what follows ``prefix_end`` looks random."""

    def check(text: str, start: int, end: int) -> tuple[int, int] | None:
        cut = text.find(prefix_end, start, end)
        body = text[cut + len(prefix_end) : end] if cut >= 0 else text[start:end]
        return (start, end) if _random(body) else None

    return check


def _hex_token(text: str, start: int, end: int) -> tuple[int, int] | None:
    value = text[start:end]
    digits = sum(c.isdigit() for c in value)
    # 32 random hex digits hold both digits and letters, and repeat little.
    return (start, end) if 4 <= digits <= len(value) - 4 and _entropy(value) >= 3.0 else None


def _last_hex(length: int, *, whole: bool) -> Validator:
    """Check the last ``length`` hex digits; report the whole match or just them."""

    def check(text: str, start: int, end: int) -> tuple[int, int] | None:
        if _hex_token(text, end - length, end) is None:
            return None
        return (start, end) if whole else (end - length, end)

    return check


# Passwords people leave in examples and local setups: never reported.
_PLACEHOLDER_PASSWORDS = frozenset(
    {
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "changeme",
        "change_me",
        "example",
        "test",
        "testing",
        "postgres",
        "root",
        "admin",
        "user",
        "username",
        "guest",
        "mysql",
        "redis",
        "mongo",
        "tiger",
        "scott",
        "foo",
        "bar",
        "foobar",
        "default",
        "dbpass",
        "mypassword",
        "pa55word",
        "p@ssw0rd",
        "pw",
        "xxx",
    }
)
_PLACEHOLDER_MARKS = ("$", "{", "}", "<", ">", "%(", "%s", "*", "...", "…", "xxxx", "[")
# Words that make a password an illustration wherever they sit: "tiger^5HHH" (SQLAlchemy's
# scott/tiger), "mysecretpassword", "changeme123".
_PLACEHOLDER_WORDS = ("password", "passwd", "changeme", "tiger", "example", "secret", "dummy")
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "0.0.0.0", "[::1]", "host.docker.internal")  # noqa: S104


def _db_password(text: str, start: int, end: int) -> tuple[int, int] | None:
    value = text[start:end]
    scheme_end = value.find("://") + 3
    at = value.rfind("@")
    userinfo = value[scheme_end:at]
    colon = userinfo.find(":")
    if colon < 0:
        return None
    user, password = userinfo[:colon], userinfo[colon + 1 :]
    plain = unquote(password)
    host = value[at + 1 :].lower()
    low = plain.lower()
    if (
        len(plain) < 4
        or low in _PLACEHOLDER_PASSWORDS
        or (user and low == user.lower())
        or any(mark in low for mark in _PLACEHOLDER_MARKS)
        or any(word in low for word in _PLACEHOLDER_WORDS)
        or "example" in host
        or "example" in low
        or low.startswith(("your", "my_", "my-", "db_pass", "dbpass"))
        or set(low) <= {"x", "*", "-", "_"}
    ):
        return None
    if host.startswith(_LOCAL_HOSTS) and not (len(plain) >= 12 and _random(plain)):
        return None  # a local development database with a made-up password
    pw_start = start + scheme_end + colon + 1
    return pw_start, pw_start + len(password)


PROVIDER_PATTERNS: tuple[_Pattern, ...] = (
    _Pattern(
        "huggingface",
        "Hugging Face token",
        r"\b(?:hf_|api_org_)[A-Za-z]{34}\b",
        _body_after("_"),
    ),
    _Pattern(
        "gitlab",
        "GitLab token",
        r"\b(?:glpat|gldt|glrt|glcbt|glft|glimt|glagent|gloas|glsoat|glffct)-"
        r"[0-9A-Za-z_\-]{20,255}|\bGR1348941[0-9A-Za-z_\-]{20}\b",
        _body_after("-"),
    ),
    _Pattern(
        "gitlab_trigger", "GitLab token", r"\bglptt-[0-9a-f]{40}\b", _last_hex(40, whole=True)
    ),
    _Pattern(
        "sendgrid",
        "SendGrid API key",
        r"\bSG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}\b",
        _body_after("."),
    ),
    _Pattern("twilio_key", "Twilio API key", r"\bSK[0-9a-f]{32}\b", _last_hex(32, whole=True)),
    _Pattern(
        "twilio_token",
        "Twilio auth token",
        r"(?i:twilio[A-Za-z0-9_.\-]{0,24}token)[\"']?[ \t]{0,4}[:=][ \t]{0,4}[\"']?[0-9a-f]{32}\b",
        _last_hex(32, whole=False),
    ),
    _Pattern(
        "telegram",
        "Telegram bot token",
        r"\b[0-9]{8,10}:AA[A-Za-z0-9_\-]{33}\b",
        _body_after(":"),
    ),
    _Pattern(
        "database_url",
        "database URL with a password",
        r"\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver"
        r"|oracle|cockroachdb|clickhouse|redshift|snowflake)(?:\+[a-z0-9]+)?://"
        r"[^\s:/@'\"`<>]{0,128}:[^\s/@'\"`<>]{1,256}@[^\s/'\"`<>?#]{1,256}",
        _db_password,
    ),
)

_COMBINED = re2.compile(
    "|".join(f"({p.regex})" for p in PROVIDER_PATTERNS).encode("ascii"),
)


def find_provider_secrets(text: str) -> list[ProviderMatch]:
    """Every validated provider secret in ``text``, in text order."""
    data = text.encode("ascii", "replace")  # one byte per character: offsets carry over
    out = []
    for match in _COMBINED.finditer(data):
        index = match.lastindex
        if index is None:
            continue
        pattern = PROVIDER_PATTERNS[index - 1]
        span = pattern.validator(text, match.start(), match.end())
        if span is not None:
            out.append(ProviderMatch(pattern.label, span[0], span[1]))
    return out
