"""Cost of the secret-scrubbing log filter per record, with and without a secret.

Run: ``.venv/bin/python benchmarks/bench_logfilter.py``.
"""

from __future__ import annotations

import logging
import time

from mistral_secure._logfilter import SecretScrubbingFilter

# Fake, key-shaped values, assembled here so no literal key sits in the source.
_FAKE_MISTRAL_KEY = "Qm7Xv2Lp9Rt4" + "Wz8Kb3Nd6Hf1Jc5Gs0Ya"
_FAKE_OPENAI_KEY = "sk-" + "proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAB"

LINES = {
    "httpx info line (no secret)": (
        'HTTP Request: POST http://127.0.0.1:8000/v1/chat/completions "HTTP/1.1 200 OK"'
    ),
    "short message (no secret)": "retrying in 0.5 seconds",
    "1 KB body (no secret)": "The quick brown fox jumps over the lazy dog. " * 23,
    "bearer header": f"Authorization: Bearer {_FAKE_MISTRAL_KEY}",
    "openai key in text": f"fallback key {_FAKE_OPENAI_KEY} loaded",
}


def per_record_us(scrubber: SecretScrubbingFilter, message: str, rounds: int = 5_000) -> float:
    """Best of 5 (the machine is shared): filter cost minus record creation, per record."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(rounds):
            record = logging.LogRecord("bench", logging.INFO, __file__, 1, message, None, None)
            scrubber.filter(record)
        with_filter = time.perf_counter() - start
        start = time.perf_counter()
        for _ in range(rounds):
            logging.LogRecord("bench", logging.INFO, __file__, 1, message, None, None)
        baseline = time.perf_counter() - start
        best = min(best, (with_filter - baseline) / rounds * 1e6)
    return best


def main() -> None:
    scrubber = SecretScrubbingFilter()
    scrubber.scrub("warm up sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAB")
    for label, message in LINES.items():
        print(f"{label:30s}: {per_record_us(scrubber, message):6.2f} us added per record")


if __name__ == "__main__":
    main()
