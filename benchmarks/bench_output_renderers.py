"""Hostile answers, sanitized, then rendered by four renderers: how many render unsafe.

The suite's oracle renders with markdown-it (``commonmark`` and a GFM-like preset); this
script also renders with cmark, the CommonMark reference implementation, and cmark-gfm
(GitHub's, with its table and extended-autolink extensions), and prints the unsafe count per
renderer and per reason (``tests/render_oracle.py`` judges).

    python benchmarks/bench_output_renderers.py [count] [seed]
"""

from __future__ import annotations

import collections
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from markdown_fuzz import HOSTS, SANITIZER, hostile
from render_oracle import unsafe_reasons

FLAVOURS = ("commonmark", "gfm", "cmark", "cmark-gfm")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = random.Random(seed)
    per_flavour: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()
    for _ in range(count):
        out = SANITIZER.sanitize(hostile(rng)).text
        found = unsafe_reasons(out, HOSTS, HOSTS, FLAVOURS)
        for flavour in {r.split(":", 1)[0] for r in found}:
            per_flavour[flavour] += 1
        for reason in set(found):
            reasons[":".join(reason.split(":")[:3])] += 1
    took = time.perf_counter() - started
    print(f"{count} hostile answers (seed {seed}), sanitized, rendered four ways ({took:.0f} s)")
    for flavour in FLAVOURS:
        print(f"  {flavour:<11} unsafe renders: {per_flavour[flavour]}")
    for reason, n in reasons.most_common(8):
        print(f"    {n:5}  {reason}")


if __name__ == "__main__":
    main()
