"""Figures for the guard: per-chunk stream cost and check_input/check_output latency.

Run: ``python benchmarks/bench_guard.py``. Moderation is off (CPU cost of the pipeline
only). Prints medians; nothing is asserted.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from mistral_secure import Policy
from mistral_secure._guard import Guard
from mistral_secure._redaction import Redaction
from mistral_secure._restore import Replacer

CHUNKS = 2_000
REPEAT = 15
PROSE = (
    "The quarterly report shows revenue grew 12% while costs stayed flat. "
    "Here is a short summary of the main drivers, in order of impact.\n"
)
QUESTION = "Please write to jane.doe@example.com and bob@example.org about the report. "


def chunked(text: str, seed: int = 7) -> list[str]:
    """``CHUNKS`` pieces of 4-12 characters, cycling through ``text``."""
    rng = random.Random(seed)
    out: list[str] = []
    pos = 0
    while len(out) < CHUNKS:
        size = rng.randint(4, 12)
        if pos + size > len(text):
            pos = 0
        out.append(text[pos : pos + size])
        pos += size
    return out


def timings(fn: Callable[[], object], repeat: int) -> list[float]:
    """Seconds of ``fn()`` over ``repeat`` runs (after one warm-up)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def median(fn: Callable[[], object], repeat: int) -> float:
    return statistics.median(timings(fn, repeat))


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest run: per-chunk figures on a shared machine vary less this way."""
    return min(timings(fn, repeat))


def stream_us(guard: Guard, chunks: list[str], restore: Redaction | None) -> float:
    def run() -> None:
        session = guard.stream_session(restore=restore)
        for chunk in chunks:
            session.feed(chunk)
        session.flush()

    return best(run, REPEAT) / len(chunks) * 1e6


def replacer_us(replacer_map: dict[str, str], chunks: list[str]) -> float:
    def run() -> None:
        replacer = Replacer(replacer_map)
        for chunk in chunks:
            replacer.feed(chunk)
        replacer.flush()

    return best(run, REPEAT) / len(chunks) * 1e6


def main() -> None:
    guard = Guard(Policy.model_validate({"moderation": {"enabled": False}}))
    bare = Guard(
        Policy.model_validate({"moderation": {"enabled": False}, "output": {"enabled": False}})
    )
    restore = guard.check_input(QUESTION * 3).redaction
    assert restore is not None
    placeholders = " ".join(e.placeholder for e in restore.entities)
    plain_chunks = chunked(PROSE)
    placeholder_chunks = chunked(PROSE + f"Reply to {placeholders} today.\n")

    print(f"stream, {CHUNKS} chunks of 4-12 chars, moderation off (us per chunk, best of {REPEAT})")
    for name, g in (("full output policy", guard), ("output policy off", bare)):
        print(f"  {name:19s} no placeholders   {stream_us(g, plain_chunks, None):7.2f}")
        print(f"  {name:19s} restore, no hits  {stream_us(g, plain_chunks, restore):7.2f}")
        print(f"  {name:19s} with placeholders {stream_us(g, placeholder_chunks, restore):7.2f}")
    keys = {e.placeholder: f"value-{i}" for i, e in enumerate(restore.entities)}
    print(f"  Replacer.feed alone, no hits      {replacer_us(keys, plain_chunks):7.2f}")
    print(f"  Replacer.feed alone, placeholders {replacer_us(keys, placeholder_chunks):7.2f}")

    message = (QUESTION + PROSE * 30)[:4096]
    answer = (PROSE * 30 + placeholders)[:4096]
    print("checks on a 4 KB message, moderation off (p50 ms)")
    print(f"  check_input   {median(lambda: guard.check_input(message), 50) * 1e3:7.3f}")
    print(
        "  check_output  "
        f"{median(lambda: guard.check_output(answer, restore=restore), 50) * 1e3:7.3f}"
    )


if __name__ == "__main__":
    main()
