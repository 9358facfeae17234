"""Calls saved by batching and caching, and the cost of a cache hit.

Run: ``.venv/bin/python benchmarks/bench_moderation.py``. Uses the local test server.
"""

from __future__ import annotations

import random
import time

from mistral_secure._moderation import Moderator
from mistral_secure.testing import MistralTestServer


def traffic(n: int = 100, repeat_share: float = 0.3, seed: int = 7) -> list[str]:
    """``n`` texts of which ``repeat_share`` repeat an earlier one."""
    rng = random.Random(seed)
    unique = [f"user message {i}: how is the weather in city {i}?" for i in range(n)]
    texts = unique[: int(n * (1 - repeat_share))]
    while len(texts) < n:
        texts.append(rng.choice(texts))
    rng.shuffle(texts)
    return texts


def count_calls(server: MistralTestServer) -> int:
    return sum(1 for r in server.requests if r.path.endswith("moderations"))


def main() -> None:
    texts = traffic()
    with MistralTestServer() as server:
        key = server.keys[0]

        naive = Moderator(api_key=key, server_url=server.url, batch_size=1, cache=False)
        for text in texts:
            naive.moderate(text)
        naive_calls = count_calls(server)
        server.reset()

        batched = Moderator(api_key=key, server_url=server.url, cache=False)
        batched.moderate(texts)
        batched_calls = count_calls(server)
        server.reset()

        cached_one_by_one = Moderator(api_key=key, server_url=server.url)
        for text in texts:
            cached_one_by_one.moderate(text)
        cached_calls = count_calls(server)
        server.reset()

        both = Moderator(api_key=key, server_url=server.url)
        both.moderate(texts)
        both.moderate(texts)  # the same traffic again: all cache hits
        both_calls = count_calls(server)

        start = time.perf_counter()
        rounds = 2000
        for _ in range(rounds):
            both.moderate(texts[0])
        hit_us = (time.perf_counter() - start) / rounds * 1e6

    print(f"{len(texts)} texts, 30% repeats (one pass unless noted)")
    print(f"  one call per text, no cache     : {naive_calls:4d} calls")
    print(f"  one call per text, cache        : {cached_calls:4d} calls")
    print(f"  batched (32/call), no cache     : {batched_calls:4d} calls")
    print(f"  batched + cache, traffic twice  : {both_calls:4d} calls (naive: {2 * naive_calls})")
    print(f"  cache hit: {hit_us:.1f} us per moderate() call")


if __name__ == "__main__":
    main()
