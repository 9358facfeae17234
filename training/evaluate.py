"""Evaluate the shipped ``detect_injection`` on one split: ``make evaluate`` or
``python training/evaluate.py [--split calib|train|heldout] [--rules-only] [--misses N]``.

Prints recall per source, per synthetic family and per language, and the false-positive
rate per benign source (overall, ordinary chat, hard negatives), for the packaged weights
and rules as they are: nothing is refitted. Use it on the ``train`` and ``calib`` splits to
see what is missed (``--misses`` prints missed attacks and false alarms); on ``heldout`` it
prints figures only, never texts, so rules are not picked from the test set.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from sources import Row  # noqa: E402
from train import assemble  # noqa: E402

from mistral_secure import detect_injection  # noqa: E402

HARD_SOURCES = ("project", "synthetic", "chat")


def _rate(hits: list[bool]) -> str:
    return f"{sum(hits) / len(hits):.3f}" if hits else "-"


def table(title: str, rows: list[Row], flagged: list[bool], key: Callable[[Row], str]) -> list[str]:
    """A Markdown table of attacks, recall, benign texts and FPR per group of ``key``."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        groups[key(row)].append(index)
    lines = [
        f"### {title}",
        "",
        "| group | attacks | recall | benign | FPR |",
        "|---|---|---|---|---|",
    ]
    for name in sorted(groups):
        attacks = [flagged[i] for i in groups[name] if rows[i].label == 1]
        benign = [flagged[i] for i in groups[name] if rows[i].label == 0]
        lines.append(
            f"| {name} | {len(attacks)} | {_rate(attacks)} | {len(benign)} | {_rate(benign)} |"
        )
    return [*lines, ""]


def summary(rows: list[Row], flagged: list[bool]) -> list[str]:
    """Overall recall and FPR, and FPR on ordinary chat and on the hard negatives."""
    attacks = [f for r, f in zip(rows, flagged, strict=True) if r.label == 1]
    benign = [f for r, f in zip(rows, flagged, strict=True) if r.label == 0]
    chat = [f for r, f in zip(rows, flagged, strict=True) if r.label == 0 and r.source == "chat"]
    hard = [
        f for r, f in zip(rows, flagged, strict=True) if r.label == 0 and r.source in HARD_SOURCES
    ]
    return [
        f"attacks {len(attacks)} recall {_rate(attacks)}; benign {len(benign)} FPR "
        f"{_rate(benign)}; chat {len(chat)} FPR {_rate(chat)}; hard negatives "
        f"({'/'.join(HARD_SOURCES)}) {len(hard)} FPR {_rate(hard)}",
        "",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", default="calib", choices=("train", "calib", "heldout"))
    parser.add_argument("--rules-only", action="store_true", help="disable the trained layer")
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses per group")
    parser.add_argument("--source", default="", help="only rows whose source starts with this")
    parser.add_argument("--lang", default="", help="only rows of this language")
    args = parser.parse_args()
    if args.misses and args.split == "heldout":
        parser.error("held-out texts are not printed: look for misses on train or calib")
    rows = [
        r
        for r in assemble()
        if r.split == args.split
        and r.source.startswith(args.source)
        and (not args.lang or r.lang == args.lang)
    ]
    disable = ["model"] if args.rules_only else ()
    flagged = [detect_injection(r.text, disable=disable).detected for r in rows]
    synthetic = [i for i, r in enumerate(rows) if r.source == "synthetic"]
    syn_rows = [rows[i] for i in synthetic]
    syn_flags = [flagged[i] for i in synthetic]
    langs = [i for i, r in enumerate(rows) if r.source in ("synthetic", "chat", "django-l10n")]
    lines = [f"## {args.split} split, {'rules only' if args.rules_only else 'rules + model'}", ""]
    lines += summary(rows, flagged)
    lines += table("By source", rows, flagged, lambda r: r.source.split(":")[0])
    lines += table("Synthetic, by family", syn_rows, syn_flags,
                   lambda r: r.family if r.label else "benign:" + r.family)  # fmt: skip
    lines += table("Synthetic, ordinary chat and Django UI text, by language",
                   [rows[i] for i in langs], [flagged[i] for i in langs],
                   lambda r: r.lang)  # fmt: skip
    print("\n".join(lines))
    if args.misses:
        shown: dict[str, int] = defaultdict(int)
        for row, hit in zip(rows, flagged, strict=True):
            if hit == bool(row.label):
                continue
            group = f"{'MISS' if row.label else 'FALSE ALARM'} {row.source}/{row.family}/{row.lang}"
            if shown[group] < args.misses:
                shown[group] += 1
                print(f"{group}: {row.text[:300]!r}")


if __name__ == "__main__":
    main()
