"""``mistral-secure audit``: the security checklist of a codebase.

Checks for committed keys (with the same recognisers as :func:`mistral_secure.redact`,
plus more providers), keys in the git history, ``.env`` hygiene, insecure client use and
outdated SDK pins, and reports them as text, JSON or SARIF 2.1.0. See
``docs/audit-checklist.md`` for the rule table.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .._cli import CommandParser, UsageError
from ._audit import Progress, audit
from ._baseline import load_baseline, write_baseline
from ._config import AuditConfig, load_config
from ._findings import AuditReport, Finding, SkippedPath
from ._progress import ProgressLine
from ._report import render, summary
from ._rules import RULES, Rule, Severity, resolve_rule_ids

__all__ = [
    "RULES",
    "AuditConfig",
    "AuditReport",
    "Finding",
    "Progress",
    "Rule",
    "Severity",
    "SkippedPath",
    "audit",
    "load_baseline",
    "load_config",
    "main",
    "render",
    "write_baseline",
]

EXIT_INCOMPLETE = 3  # --strict: a check could not run (a note), and no finding failed

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
    parser.add_argument(
        "--history",
        action="store_true",
        help="also scan every commit of the git history for keys (MS104)",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="report only findings that are not in this baseline",
    )
    parser.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record the current findings as accepted in FILE, and exit 0",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help=f"exit {EXIT_INCOMPLETE} when a check could not run (git refused the repository, "
        "history unreadable), even without findings",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=_positive_int,
        default=None,
        metavar="N",
        help="worker processes for large trees (default: one per CPU, up to 8)",
    )
    parser.add_argument("--list-rules", action="store_true", help="print the checklist and exit")
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _is_tty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):
        return False


def _use_color(stream: object) -> bool:
    return _is_tty(stream) and not os.environ.get("NO_COLOR")


def _rules_table() -> str:
    rows = [f"{r.id}  {r.severity.label:<7}  {r.name:<26}  {r.summary}" for r in RULES]
    return "\n".join(rows) + "\n"


def _load_config(args: argparse.Namespace, paths: list[Path]) -> AuditConfig:
    start = paths[0] if len(paths) == 1 and paths[0].is_dir() else Path(".")
    try:
        config = load_config(start)
        return replace(
            config,
            exclude=config.exclude + tuple(args.exclude),
            disable=config.disable | resolve_rule_ids(args.disable),
            fail_on=Severity.parse(args.fail_on) if args.fail_on else config.fail_on,
        )
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _baseline(path: str | None) -> frozenset[str]:
    if path is None:
        return frozenset()
    try:
        return load_baseline(path)
    except FileNotFoundError:
        raise UsageError(
            f"baseline {path} does not exist (create it with --write-baseline {path})"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot read baseline {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None


def _run(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    if args.list_rules:
        sys.stdout.write(_rules_table())
        return 0
    paths = [Path(p) for p in args.paths] or [Path(".")]
    for p in paths:
        if not p.exists():
            raise UsageError(f"no such file or directory: {p}")
    config = _load_config(args, paths)
    accepted = _baseline(args.baseline) if args.write_baseline is None else frozenset()
    line = ProgressLine(sys.stderr) if _is_tty(sys.stderr) else None
    try:
        report = audit(
            paths,
            config=config,
            installed=args.installed,
            history=args.history,
            baseline=accepted,
            progress=line,
            jobs=args.jobs,
        )
    finally:
        if line is not None:
            line.close()
    if args.output or args.format != "text" or args.write_baseline is not None:
        for note in report.notes:  # the text report on stdout shows them itself
            print(f"{_PROG}: note: {note}", file=sys.stderr)
    if args.write_baseline is not None:
        try:
            write_baseline(args.write_baseline, report.findings)
        except OSError as exc:
            raise UsageError(f"cannot write {args.write_baseline}: {exc.strerror}") from None
        count = len(report.findings)
        print(
            f"{_PROG}: recorded {count} finding{'s' * (count != 1)} in {args.write_baseline}",
            file=sys.stderr,
        )
        return 0
    if args.output:
        _write(args.output, render(report, args.format))
        print(summary(report), file=sys.stderr)
    else:
        sys.stdout.write(render(report, args.format, color=_use_color(sys.stdout)))
    if report.reaches(config.fail_on):
        return 1
    return EXIT_INCOMPLETE if args.strict and report.notes else 0


def main(argv: Sequence[str]) -> int:
    """Run ``mistral-secure audit`` with ``argv`` (the arguments after ``audit``).

    Returns 0 when no finding reaches ``--fail-on``, 1 when one does, 2 on a usage error
    (with a one-line message on stderr), and with ``--strict`` 3 when no finding fails
    but a check could not run (a note on stderr says which and why).
    """
    try:
        return _run(argv)
    except UsageError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
