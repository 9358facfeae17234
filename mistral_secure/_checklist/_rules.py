"""The checklist: every rule the audit knows, with its stable id, severity and fix hint."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["RULES", "Rule", "Severity", "resolve_rule_ids", "rule_by_id"]


class Severity(enum.IntEnum):
    """Finding severity; the integer order is what ``--fail-on`` compares."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r} (expected error, warning or info)"
            ) from None


@dataclass(frozen=True, slots=True)
class Rule:
    """One checklist item. ``id`` and ``name`` are stable; both work in suppressions."""

    id: str
    name: str
    severity: Severity
    summary: str
    fix: str


RULES: tuple[Rule, ...] = (
    Rule(
        "MS001",
        "unknown-suppressed-rule",
        Severity.WARNING,
        "Suppression comment names a rule the checklist does not have",
        "Fix the rule id or name in the comment (mistral-secure audit --list-rules); the "
        "finding it meant to silence is still reported.",
    ),
    Rule(
        "MS101",
        "hardcoded-secret",
        Severity.ERROR,
        "API key, token, private key, JWT or database password committed in a file",
        "Remove the value, rotate the key, and load it at run time "
        "(env var, secret file or KeyPool.from_env()).",
    ),
    Rule(
        "MS102",
        "high-entropy-secret",
        Severity.WARNING,
        "High-entropy string assigned to a key, token, secret or password name",
        "Load the value from the environment or a secret store instead of the code.",
    ),
    Rule(
        "MS103",
        "notebook-secret",
        Severity.ERROR,
        "API key, private key or JWT in a notebook cell source or output",
        "Clear the cell outputs, remove the value, rotate the key and read it from the "
        "environment.",
    ),
    Rule(
        "MS104",
        "secret-in-git-history",
        Severity.ERROR,
        "API key, private key or JWT in a commit of the git history (--history)",
        "Rotate the key: anyone with a clone can still read it, whatever the current tree "
        "holds. Rewriting history does not unpublish it.",
    ),
    Rule(
        "MS201",
        "env-file-not-ignored",
        Severity.ERROR,
        ".env file not covered by .gitignore",
        "Add the file (or '.env*' with '!.env.example') to .gitignore.",
    ),
    Rule(
        "MS202",
        "env-file-tracked",
        Severity.ERROR,
        ".env file tracked by git",
        "Run 'git rm --cached <file>', ignore it, and rotate every key it held.",
    ),
    Rule(
        "MS301",
        "client-literal-api-key",
        Severity.ERROR,
        "Mistral client built with a literal api_key",
        "Pass a key from the environment or use mistral_secure.mistral_client(KeyPool(...)).",
    ),
    Rule(
        "MS302",
        "tls-verification-disabled",
        Severity.ERROR,
        "HTTP client call with verify=False",
        "Keep TLS verification on; point verify= at a CA bundle if you need a private CA.",
    ),
    Rule(
        "MS303",
        "content-logging",
        Severity.WARNING,
        "print/logging call that writes prompts, messages or model responses",
        "Log metadata only (counts, ids, usage) or use mistral_secure's audit records.",
    ),
    Rule(
        "MS304",
        "chat-without-guard",
        Severity.INFO,
        "Chat call in a module with no moderation or guard",
        "Screen input and output with mistral_secure.Guard, InputGuard/OutputGuard, "
        "SecureLLM or moderate().",
    ),
    Rule(
        "MS401",
        "outdated-mistral-sdk",
        Severity.WARNING,
        "Dependency pins the mistralai SDK below the supported major version (3)",
        "Require mistralai>=3 (the 'mistralai.client.Mistral' client).",
    ),
)

_BY_KEY: dict[str, Rule] = {
    **{r.id.lower(): r for r in RULES},
    **{r.name: r for r in RULES},
}


def rule_by_id(rule_id: str) -> Rule:
    """Return the rule with this id (``MS101``) or name (``hardcoded-secret``)."""
    try:
        return _BY_KEY[rule_id.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown rule {rule_id!r}") from None


def resolve_rule_ids(keys: Iterable[str]) -> frozenset[str]:
    """Map rule ids or names to canonical ids; raise ``ValueError`` on an unknown one."""
    return frozenset(rule_by_id(k).id for k in keys)
