"""``mistral-secure audit``: the security checklist of a codebase.

Checks for committed keys (with the same recognisers as :func:`mistral_secure.redact`),
``.env`` hygiene, insecure client use and outdated SDK pins, and reports them as text,
JSON or SARIF 2.1.0. See ``docs/audit-checklist.md`` for the rule table.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .._cli import CommandParser, UsageError
from ._audit import audit
from ._config import AuditConfig, load_config
from ._findings import AuditReport, Finding, SkippedPath
from ._report import render, summary
from ._rules import RULES, Rule, Severity, resolve_rule_ids

__all__ = [
    "RULES",
    "AuditConfig",
    "AuditReport",
    "Finding",
    "Rule",
    "Severity",
    "SkippedPath",
    "audit",
    "load_config",
    "main",
    "render",
]

_PROG = "mistral-secure audit"


def _parser() -> CommandParser:
    parser = CommandParser(
        prog=_PROG,
        description="Security checklist of a codebase: committed keys, .env hygiene, "
        "insecure Mistral client use and outdated SDK pins.",
    )
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="directory to audit (default: .), or files"
    )
    parser.add_argument("--format", choices=("text", "json", "sarif"), default="text")
    parser.add_argument(
        "--fail-on",
        choices=("error", "warning", "info"),
        default=None,
        help="exit 1 when a finding reaches this severity (default: error)",
    )
    parser.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="skip matching paths"
    )
    parser.add_argument(
        "--disable", action="append", default=[], metavar="RULE", help="turn a rule off"
    )
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE")
    parser.add_argument(
        "--installed",
        action="store_true",
        help="also check the mistralai version installed in this environment",
    )
    parser.add_argument("--list-rules", action="store_true", help="print the checklist and exit")
    return parser


def _use_color(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and not os.environ.get("NO_COLOR")


def _rules_table() -> str:
    rows = [f"{r.id}  {r.severity.label:<7}  {r.name:<26}  {r.summary}" for r in RULES]
    return "\n".join(rows) + "\n"


def _run(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    if args.list_rules:
        sys.stdout.write(_rules_table())
        return 0
    paths = [Path(p) for p in args.paths] or [Path(".")]
    for p in paths:
        if not p.exists():
            raise UsageError(f"no such file or directory: {p}")
    config_root = paths[0] if len(paths) == 1 and paths[0].is_dir() else Path(".")
    try:
        config = load_config(config_root)
        config = replace(
            config,
            exclude=config.exclude + tuple(args.exclude),
            disable=config.disable | resolve_rule_ids(args.disable),
            fail_on=Severity.parse(args.fail_on) if args.fail_on else config.fail_on,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if config.note:
        print(f"{_PROG}: note: {config.note}", file=sys.stderr)
    report = audit(paths, config=config, installed=args.installed)
    if args.output:
        text = render(report, args.format)
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
        print(summary(report), file=sys.stderr)
    else:
        sys.stdout.write(render(report, args.format, color=_use_color(sys.stdout)))
    return 1 if report.reaches(config.fail_on) else 0


def main(argv: Sequence[str]) -> int:
    """Run ``mistral-secure audit`` with ``argv`` (the arguments after ``audit``).

    Returns 0 when no finding reaches ``--fail-on``, 1 when one does, 2 on a usage error
    (with a one-line message on stderr).
    """
    try:
        return _run(argv)
    except UsageError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
