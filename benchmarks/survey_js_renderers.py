"""Hostile answers, sanitized, then rendered by JavaScript renderers: how many render unsafe.

Chat front ends render the model's answer in the browser, most often with marked,
micromark (react-markdown, with remark-gfm for GFM) or markdown-it. This script sanitizes
the suite's hostile answers (``tests/markdown_fuzz.py``), renders each with those renderers
under Node.js (raw HTML on, their URL filters off: an app that trusts its input), and judges
the HTML as the suite's oracle does (``tests/render_oracle.py``). Showdown is listed too: it
is not a CommonMark renderer, and its count shows why that matters.

    (cd benchmarks/renderers_js && npm ci)
    python benchmarks/survey_js_renderers.py [count] [seed] [--raw]

``--raw`` renders the answers unsanitized (the harness finds what it should).
"""

from __future__ import annotations

import collections
import json
import random
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from markdown_fuzz import HOSTS, SANITIZER, hostile
from render_oracle import html_reasons

HERE = Path(__file__).resolve().parent / "renderers_js"
RENDERERS = (
    "marked", "marked-commonmark", "micromark", "micromark-gfm", "markdown-it-js", "showdown",
)  # fmt: skip
# Links whose visible text is their own URL (a `%20` or odd space in it) are counted apart:
# the reader sees where they go.
_SEVERE = ("tag:", "handler:", "style:", "url:img", "url:a.href:javascript", "url:a.href:data")


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 2000
    seed = int(args[1]) if len(args) > 1 else 1
    raw = "--raw" in sys.argv
    rng = random.Random(seed)
    started = time.perf_counter()
    texts = [hostile(rng) for _ in range(count)]
    if not raw:
        texts = [SANITIZER.sanitize(t).text for t in texts]
    lines = "".join(json.dumps({"text": t}) + "\n" for t in texts)
    done = subprocess.run(
        ["node", "render.mjs"], input=lines, capture_output=True, text=True, cwd=HERE, check=True
    )
    outputs = [json.loads(line) for line in done.stdout.split("\n") if line]
    unsafe: collections.Counter[str] = collections.Counter()
    severe: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    for rendered in outputs:
        for name in RENDERERS:
            html = rendered.get(name)
            if html is None:
                continue
            found = set(html_reasons(html, name, HOSTS, HOSTS))
            unsafe[name] += bool(found)
            severe[name] += any(r.split(":", 1)[1].startswith(_SEVERE) for r in found)
            reasons.update(":".join(r.split(":")[:3]) for r in found)
    took = time.perf_counter() - started
    kind = "unsanitized" if raw else "sanitized"
    print(f"{count} hostile answers (seed {seed}), {kind}, rendered by Node.js ({took:.0f} s)")
    print(f"  {'renderer':<18} {'unsafe':>6} {'tag/handler/image/script URL':>29}")
    for name in RENDERERS:
        print(f"  {name:<18} {unsafe[name]:>6} {severe[name]:>29}")
    for reason, n in reasons.most_common(10):
        print(f"    {n:5}  {reason}")


if __name__ == "__main__":
    main()
