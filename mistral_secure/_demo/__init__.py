"""``mistral-secure demo``: a guarded support assistant, built with LangChain and LlamaIndex,
put through a scripted session that shows every defense at work.

Offline by default (the embedded Mistral-compatible server); with ``MISTRAL_API_KEY`` set it
talks to the real API and says which sections it adapts. Exit 0 when every defense behaved
as expected, 1 otherwise, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .._cli import CommandParser, UsageError
from ._render import render_json, render_text
from ._sections import SECTIONS, SectionReport

__all__ = ["main", "run"]

_PROG = "mistral-secure demo"


def _parser() -> CommandParser:
    names = [s.name for s in SECTIONS]
    sections = "\n".join(f"  {s.name:<13} {s.title}: {s.expected}" for s in SECTIONS)
    parser = CommandParser(
        prog=_PROG,
        description="A guarded Mistral support assistant (LangChain and LlamaIndex) put "
        "through a scripted session. Runs offline on the embedded server unless "
        "MISTRAL_API_KEY is set.",
        epilog=f"sections:\n{sections}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print a machine-readable report")
    parser.add_argument(
        "--only",
        action="append",
        choices=names,
        metavar="SECTION",
        help="run only this section (repeatable); names below",
    )
    return parser


class _Capture(logging.Handler):
    """Collects the library's log records while the demo runs (audit and key-pool logs)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.audit: list[dict[str, Any]] = []
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        audit = getattr(record, "audit", None)
        if isinstance(audit, dict):
            self.audit.append(dict(audit))
        elif record.levelno >= logging.WARNING:
            self.messages.append(record.getMessage())


@contextmanager
def _captured() -> Iterator[_Capture]:
    logger = logging.getLogger("mistral_secure")
    capture = _Capture()
    saved = logger.level, logger.propagate
    logger.addHandler(capture)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield capture
    finally:
        logger.removeHandler(capture)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def _tally(report: SectionReport, records: list[dict[str, Any]]) -> None:
    report.audit = records
    for record in records:
        if record.get("blocked"):
            report.blocked += 1
        report.redacted += sum(int(n) for n in (record.get("entity_counts") or {}).values())
        # Records without a model are the guards' own checks; the others time model calls.
        if record.get("model") is None and record.get("latency_ms") is not None:
            report.guard_ms += float(record["latency_ms"])
            report.guard_checks += 1


def run(only: Sequence[str] = (), environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Run the session (all sections, or ``only`` those) and return the report as a dict."""
    from ._env import DemoEnv

    started = time.perf_counter()
    selected = [s for s in SECTIONS if not only or s.name in only]
    reports: list[SectionReport] = []
    with _captured() as capture:
        env = DemoEnv.create(os.environ if environ is None else environ)
        setup = time.perf_counter() - started
        try:
            if any(s.name != "checklist" for s in selected):
                env.assistants()  # build both apps now: a missing extra is a usage error
            for section in selected:
                report = SectionReport(section.name, section.title, section.expected)
                audit_start, message_start = len(capture.audit), len(capture.messages)
                report_start = time.perf_counter()
                try:
                    section.run(env, report)
                except Exception as exc:  # a failed defense must be reported, not crash
                    report.error = f"{type(exc).__name__}: {exc}"[:300]
                report.seconds = time.perf_counter() - report_start
                _tally(report, capture.audit[audit_start:])
                report.notes.extend(capture.messages[message_start:])
                reports.append(report)
        finally:
            env.close()
    return {
        "mode": "live" if env.live else "local",
        "ok": all(r.ok for r in reports),
        "setup_seconds": round(setup, 3),
        "seconds": round(time.perf_counter() - started, 3),
        "sections": reports,
    }


def main(argv: Sequence[str]) -> int:
    """Run ``mistral-secure demo`` with ``argv`` (the arguments after ``demo``)."""
    try:
        args = _parser().parse_args(list(argv))
    except UsageError as exc:
        print(f"{_PROG}: error: {exc}", file=sys.stderr)
        return 2
    try:
        result = run(args.only or ())
    except ImportError as exc:
        print(
            f"{_PROG}: error: {exc.name or exc} is missing; install the demo extra: "
            "pip install 'mistral-secure[demo]'",
            file=sys.stderr,
        )
        return 2
    if args.json:
        sys.stdout.write(json.dumps(render_json(result), indent=2, ensure_ascii=False) + "\n")
    else:
        render_text(result)
    return 0 if result["ok"] else 1
