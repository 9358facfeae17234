"""The ``mistral-secure`` command line.

Usage errors exit 2 with a one-line message on stderr. ``check`` exits 1 when the text is
flagged, ``audit`` when it finds something at or above ``--fail-on``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from typing import NoReturn

__all__ = ["main"]


class UsageError(Exception):
    """A command-line usage error: the command prints it on one line and exits 2."""


class CommandParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` that raises :class:`UsageError` instead of exiting."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _read_input(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    try:
        with open(source, encoding="utf-8") as fh:
            return fh.read()
    except OSError as exc:
        raise UsageError(f"cannot read {source}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{source} is not UTF-8 text") from None


def _cmd_check(args: argparse.Namespace) -> int:
    from ._injection import detect_injection
    from ._redaction import redact

    text = _read_input(args.file)
    verdict = detect_injection(text, threshold=args.threshold)
    entities = Counter(e.type for e in redact(text).entities)
    flagged = verdict.detected or bool(entities)
    report = {
        "flagged": flagged,
        "injection": {
            "detected": verdict.detected,
            "score": round(verdict.score, 4),
            "findings": [
                {"rule_id": f.rule_id, "family": f.family, "start": f.start, "end": f.end}
                for f in verdict.findings
            ],
        },
        "entities": dict(sorted(entities.items())),
    }
    print(json.dumps(report, indent=2))
    return 1 if flagged else 0


def _cmd_redact(args: argparse.Namespace) -> int:
    from ._redaction import redact

    text = _read_input(args.file)
    sys.stdout.write(redact(text, mode=args.mode).text)
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from .testing._server import serve_forever

    serve_forever(host=args.host, port=args.port, keys=args.key or None)
    return 0


def _build_parser() -> CommandParser:
    parser = CommandParser(prog="mistral-secure", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=CommandParser)

    check = sub.add_parser("check", help="print a JSON verdict for a prompt; exit 1 if flagged")
    check.add_argument("file", nargs="?", default="-", help="a file, or - for stdin (default)")
    check.add_argument("--threshold", type=float, default=0.5, help="injection score threshold")
    check.set_defaults(func=_cmd_check)

    red = sub.add_parser("redact", help="print the text with PII and secrets redacted")
    red.add_argument("file", nargs="?", default="-", help="a file, or - for stdin (default)")
    red.add_argument("--mode", choices=("replace", "mask", "hash"), default="replace")
    red.set_defaults(func=_cmd_redact)

    serve = sub.add_parser("serve", help="run the local Mistral-compatible server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=0, help="0 picks a free port")
    serve.add_argument("--key", action="append", help="accepted bearer key (repeatable)")
    serve.set_defaults(func=_cmd_serve)

    # audit and demo own their options; everything after the command is theirs.
    sub.add_parser("audit", help="security checklist of a codebase", add_help=False)
    sub.add_parser("demo", help="end-to-end demo on the embedded server", add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] == "audit":
        from ._checklist import main as audit_main

        return audit_main(args_list[1:])
    if args_list and args_list[0] == "demo":
        from ._demo import main as demo_main

        return demo_main(args_list[1:])
    try:
        args = _build_parser().parse_args(args_list)
        return int(args.func(args))
    except UsageError as exc:
        print(f"mistral-secure: error: {exc}", file=sys.stderr)
        return 2
    except (TypeError, ValueError) as exc:
        print(f"mistral-secure: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
