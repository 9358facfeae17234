"""Cost of the trained injection layer alone, per 4 KB, for the packaged model and for other
feature configurations (table size, n-gram orders).

The cost of a configuration does not depend on the weights, so the others run on random
weights of their size; their quality comes from ``make train`` (``training/REPORT.md``).
Each message is new to the model (the chat corpus with a fresh seed), timed best of 3.

Run: ``.venv/bin/python benchmarks/bench_injection_model.py``
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import messages

from mistral_secure import _injection_model as im
from mistral_secure._normalize import fold

CONFIGS = [(17, (3, 6)), (17, (3, 5, 8)), (16, (3, 6)), (19, (3, 6)), (17, (4,))]


def _configure(bits: int, orders: tuple[int, ...]) -> None:
    im.BITS, im.ORDERS = bits, orders
    im._SHIFT = np.uint64(64 - bits)
    im._SPREADS = {
        n: np.uint64((0x9E3779B97F4A7C15 + 0xD6E8FEB86659FD93 * n) & 0xFFFFFFFFFFFFFFFF | 1)
        for n in orders
    }
    # The all-orders-at-once path reads its shapes from these: set them for the orders too
    # (with the packaged ones left in place, other orders failed to broadcast).
    im._MASKS = np.array([[(1 << (8 * n)) - 1] for n in orders], dtype=np.uint64)
    im._MULTIPLIERS = np.array([[im._SPREADS[n]] for n in orders], dtype=np.uint64)
    im._DIGIT_OR_SPACE = np.array(
        [[int.from_bytes(b"\xef" * n, "little")] for n in orders], dtype=np.uint64
    )
    im._SPACES = np.array([[int.from_bytes(b" " * n, "little")] for n in orders], dtype=np.uint64)
    im._NO_VOTE = np.uint64(1 << bits)
    im._ROWS = np.arange(len(orders), dtype=np.intp)[:, None]
    im._LONGEST = max(orders)
    im._block_grid.cache_clear()
    im._full_blocks.cache_clear()


def main(count: int = 300) -> None:
    texts = [fold(s.text).text for s in messages(count, seed=41_000)]
    packaged = im.load_model()
    models: dict[str, tuple[tuple[int, tuple[int, ...]], im.InjectionModel]] = {
        f"packaged: 2^{im.BITS}, orders {im.ORDERS}": ((im.BITS, im.ORDERS), packaged)
    }
    rng = np.random.default_rng(0)
    for bits, orders in CONFIGS:
        weights = rng.normal(size=1 << bits).astype(np.float16).astype(np.float32)
        model = im.InjectionModel(weights, 0.0, 0.0, 1.0, {})
        models[f"random: 2^{bits}, orders {orders}"] = ((bits, orders), model)
    original = (im.BITS, im.ORDERS)
    results: dict[str, list[float]] = {name: [] for name in models}
    for text in texts:  # configurations interleaved, so load changes hit them alike
        for name, (config, model) in models.items():
            _configure(*config)
            best = min(_timed(model, text) for _ in range(3))
            results[name].append(best * 4096 / max(len(text), 1))
    _configure(*original)
    print(f"load average {os.getloadavg()[0]:.2f}; {count} new 4 KB chat messages")
    print(f"{'trained layer (best_window)':40} {'p50 ms/4KB':>11} {'p95':>8}")
    for name, values in results.items():
        values.sort()
        p50, p95 = values[len(values) // 2], values[int(len(values) * 0.95)]
        print(f"{name:40} {p50:11.3f} {p95:8.3f}")


def _timed(model: im.InjectionModel, text: str) -> float:
    start = time.perf_counter()
    model.best_window(text)
    return (time.perf_counter() - start) * 1e3


if __name__ == "__main__":
    main()
