"""Worst-case time of every Python ``re`` pattern in the package on hostile 20 KB strings.

Hot-path matching runs on RE2 (linear by construction); the remaining Python ``re``
patterns must not backtrack catastrophically. This finds every compiled ``re.Pattern`` at
module level in ``mistral_secure`` and prints the slowest input for each, so a quadratic
pattern shows up as a number far above the others. Prints figures only.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time

import mistral_secure

N = 20_000
HOSTILE = {
    "one char": "a" * N,
    "spaces": " " * N,
    "word space": "a " * (N // 2),
    "'<'": "<" * N,
    "'<a'": "<a" * (N // 2),
    "'['": "[" * N,
    "']('": "](" * (N // 2),
    "backticks": "`" * N,
    "backslashes": "\\" * N,
    "digits": "1" * N,
    "digit space": "1 " * (N // 2),
    "'a@'": "a@" * (N // 2),
    "'a.'": "a." * (N // 2),
    "newlines": "\n" * N,
    "'a\\n'": "a\n" * (N // 2),
    "'*'": "*" * N,
    "':'": ":" * N,
    "'&#'": "&#" * (N // 2),
    "'a-'": "a-" * (N // 2),
    "quotes": '"' * N,
}


def patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(mistral_secure.__path__, "mistral_secure."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[f"{info.name}.{name}"] = value
    return found


def main() -> None:
    rows = []
    for name, pattern in patterns().items():
        worst, worst_input = 0.0, ""
        for label, text in HOSTILE.items():
            start = time.perf_counter()
            for _ in pattern.finditer(text):
                pass
            elapsed = time.perf_counter() - start
            if elapsed > worst:
                worst, worst_input = elapsed, label
        rows.append((worst, name, worst_input))
    rows.sort(reverse=True)
    print(f"{len(rows)} Python re patterns, worst of {len(HOSTILE)} hostile 20 KB inputs each")
    print(f"{'ms':>8}  {'pattern':60} input")
    for worst, name, label in rows[:15]:
        print(f"{worst * 1e3:8.2f}  {name:60} {label}")


if __name__ == "__main__":
    main()
