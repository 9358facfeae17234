"""Throughput and latency of the local Mistral-compatible test server over loopback.

Run with ``make bench`` or ``python benchmarks/bench_server.py``. Prints figures only.
"""

from __future__ import annotations

import statistics
import threading
import time

import httpx

from mistral_secure.testing import MistralTestServer

KEY = "bench-key-0000000000000000000000"
CHAT = {
    "model": "mistral-small-latest",
    "messages": [{"role": "user", "content": "hello world " * 50}],
}


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1e3


def main() -> None:
    with MistralTestServer(keys=[KEY]) as server:
        headers = {"Authorization": f"Bearer {KEY}"}
        with httpx.Client(base_url=server.api_url, headers=headers) as client:
            for _ in range(20):
                client.post("/chat/completions", json=CHAT)
            lat = []
            for _ in range(300):
                t = time.perf_counter()
                client.post("/chat/completions", json=CHAT)
                lat.append(time.perf_counter() - t)
            print(f"JSON chat, one keep-alive client : median {_median_ms(lat):.2f} ms")
            lat = []
            for _ in range(100):
                t = time.perf_counter()
                with client.stream("POST", "/chat/completions", json={**CHAT, "stream": True}) as r:
                    for _line in r.iter_lines():
                        pass
                lat.append(time.perf_counter() - t)
            print(f"SSE chat                         : median {_median_ms(lat):.2f} ms")
            lat = []
            body = {"model": "mistral-moderation-2603", "input": ["hello"] * 8}
            for _ in range(300):
                t = time.perf_counter()
                client.post("/moderations", json=body)
                lat.append(time.perf_counter() - t)
            print(f"moderation of 8 texts            : median {_median_ms(lat):.2f} ms")

        errors = 0

        def worker(n: int) -> None:
            nonlocal errors
            with httpx.Client(base_url=server.api_url, headers=headers) as c:
                for _ in range(n):
                    if c.post("/chat/completions", json=CHAT).status_code != 200:
                        errors += 1

        threads = [threading.Thread(target=worker, args=(25,)) for _ in range(32)]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        dt = time.perf_counter() - t
        print(f"32 threads x 25 JSON chats       : {32 * 25 / dt:.0f} req/s, {errors} errors")


if __name__ == "__main__":
    main()
