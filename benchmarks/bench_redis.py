"""Added latency per request of the Redis backends on loopback (p50/p95).

Starts its own redis-server (``apt-get install redis-server``) and measures, per call:
``KeyPool.acquire()`` with the in-process backend vs. the Redis backend (one round trip),
with a Redis rate budget added (one more), and a moderation cache lookup.

    .venv/bin/python benchmarks/bench_redis.py
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from redis_server import RedisServer  # type: ignore[import-not-found]

from mistral_secure import KeyPool
from mistral_secure._moderation import ModerationItem
from mistral_secure._redis import (
    RedisConnection,
    RedisKeyStateBackend,
    RedisModerationCache,
    RedisRateBudget,
)

KEYS = ["sk-bench-key-000000001", "sk-bench-key-000000002", "sk-bench-key-000000003"]
N = 5000


def _measure(name: str, call: Callable[[], object], baseline: float | None = None) -> float:
    for _ in range(200):
        call()
    samples = []
    for _ in range(N):
        start = time.perf_counter_ns()
        call()
        samples.append((time.perf_counter_ns() - start) / 1000)
    samples.sort()
    p50 = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95)]
    added = "" if baseline is None else f"  added p50 {p50 - baseline:7.1f} us"
    print(f"{name:<44} p50 {p50:7.1f} us  p95 {p95:7.1f} us{added}")
    return p50


def main() -> None:
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("redis-server not found: apt-get install redis-server")
    server = RedisServer(binary)
    server.start()
    try:
        connection = RedisConnection(server.url)
        local = KeyPool(KEYS)
        shared = KeyPool(KEYS, backend=RedisKeyStateBackend(connection))
        budgeted = KeyPool(
            KEYS,
            backend=RedisKeyStateBackend(connection),
            budget=RedisRateBudget(connection, requests_per_second=1e9, tokens_per_minute=1e12),
        )
        cache = RedisModerationCache(connection, local_size=1)
        item = ModerationItem(categories={"pii": False}, scores={"pii": 0.01})
        for i in range(2):
            cache.set(f"{i:064x}", item)
        keys = [f"{i:064x}" for i in range(2)]
        print(f"redis-server on loopback, {N} calls each")
        base = _measure("KeyPool.acquire, in-process backend", local.acquire)
        _measure("KeyPool.acquire, Redis backend", shared.acquire, base)
        _measure(
            "KeyPool.acquire, Redis backend + rate budget",
            lambda: budgeted.acquire(tokens=100),
            base,
        )
        turn = iter(range(10**9))
        _measure("RedisModerationCache.get (Redis hit)", lambda: cache.get(keys[next(turn) % 2]))
        server.kill()  # the outage warning below is expected
        _measure("KeyPool.acquire, Redis down (local fallback)", shared.acquire, base)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
