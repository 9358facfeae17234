"""Many replicas on one Redis: 4 processes x 8 threads through the local Mistral server.

Acquisition times are taken on ``time.monotonic()`` (CLOCK_MONOTONIC: one clock for every
process on the host), so "after the first 401 anywhere" can be checked across processes.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("redis", reason="the redis extra is not installed: pip install '.[redis]'")

from redis_server import RedisServer, running_redis

from mistral_secure import ApiKey, KeyPool, mistral_client
from mistral_secure._redis import (
    RedisConnection,
    RedisKeyStateBackend,
    RedisRateBudget,
)
from mistral_secure.testing import MistralTestServer

KEYS = ["sk-fleet-test-key-00001", "sk-fleet-test-key-00002", "sk-fleet-test-key-00003"]
REVOKED = KEYS[1]
PROCESSES = 4
THREADS = 8
CALLS_PER_THREAD = 12


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    yield from running_redis()


class _RecordingPool(KeyPool):
    """A pool that notes when each acquisition started and returned, and each 401 report."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.acquired: list[tuple[float, float, str]] = []
        self.reported_401: list[float] = []

    def acquire(self, *, tokens: int = 0) -> ApiKey:
        started = time.monotonic()
        key = super().acquire(tokens=tokens)
        self.acquired.append((started, time.monotonic(), key.fingerprint))
        return key

    def report(self, key: ApiKey, status: int, *, retry_after: float | None = None) -> None:
        super().report(key, status, retry_after=retry_after)
        if status == 401:
            self.reported_401.append(time.monotonic())


def _worker(
    keys: list[str],
    redis_url: str,
    server_url: str,
    budget_rps: float | None,
    calls_per_thread: int,
    threads: int,
    done: Any,
    results: Any,
) -> None:
    connection = RedisConnection(redis_url, timeout=0.5)
    budget = (
        None
        if budget_rps is None
        else RedisRateBudget(connection, requests_per_second=budget_rps, max_wait=10)
    )
    pool = _RecordingPool(keys, backend=RedisKeyStateBackend(connection), budget=budget)
    client: Any = mistral_client(pool, server_url=server_url, retry_config=None)
    failures: list[str] = []

    def calls() -> None:
        for _ in range(calls_per_thread):
            try:
                client.chat.complete(
                    model="mistral-small-latest", messages=[{"role": "user", "content": "hello"}]
                )
            except Exception as exc:  # any failure reaching the user is the finding
                failures.append(type(exc).__name__)
            with done.get_lock():
                done.value += 1

    workers = [threading.Thread(target=calls) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    results.put((pool.acquired, pool.reported_401, failures))


def _run_fleet(
    redis_url: str,
    server: MistralTestServer,
    *,
    budget_rps: float | None = None,
    calls_per_thread: int = CALLS_PER_THREAD,
    threads: int = THREADS,
    revoke_after: int | None = None,
    keys: list[str] = KEYS,
) -> list[tuple[list[tuple[float, float, str]], list[float], list[str]]]:
    context = multiprocessing.get_context("fork")
    done = context.Value("i", 0)
    results = context.Queue()
    processes = [
        context.Process(
            target=_worker,
            args=(
                keys,
                redis_url,
                server.url,
                budget_rps,
                calls_per_thread,
                threads,
                done,
                results,
            ),
        )
        for _ in range(PROCESSES)
    ]
    for process in processes:
        process.start()
    if revoke_after is not None:
        while done.value < revoke_after:
            time.sleep(0.001)
        server.revoke_key(REVOKED)
    collected = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(10)
        assert process.exitcode == 0
    return collected


def test_a_key_revoked_midway_is_dropped_by_every_process(redis_server: RedisServer) -> None:
    revoked_fp = ApiKey(REVOKED).fingerprint
    total = PROCESSES * THREADS * CALLS_PER_THREAD
    with MistralTestServer(keys=KEYS) as server:
        fleet = _run_fleet(redis_server.url, server, revoke_after=total // 3)
        log = server.requests

    failures = [name for _, _, names in fleet for name in names]
    reports = sorted(t for _, reported, _ in fleet for t in reported)
    per_process_401 = [len(reported) for _, reported, _ in fleet]
    assert reports, "the revoked key was never tried: revoke earlier"
    first_401 = reports[0]
    late_picks = [
        t for acquired, _, _ in fleet for t, _, fp in acquired if fp == revoked_fp and t > first_401
    ]
    server_401 = [r for r in log if r.status == 401]
    first_401_in_log = next(i for i, r in enumerate(log) if r.status == 401)
    revoked_after_first_401 = sum(
        1 for r in log[first_401_in_log:] if r.key_fingerprint == revoked_fp
    )
    print(
        f"\n[replicas] calls={total} requests={len(log)} user_failures={len(failures)} "
        f"401s={len(server_401)} per_process_401={per_process_401} "
        f"picks_of_revoked_key_after_first_401_report={len(late_picks)} "
        f"revoked_key_requests_in_server_log_after_first_401={revoked_after_first_401}"
    )
    assert failures == []
    assert len(log) == total + len(server_401)  # every 401 was retried once with another key
    # Once a 401 was reported anywhere, no process chose the revoked key again: the 401s
    # are only requests already signed with it when the first answer came back.
    assert late_picks == []
    assert all(r.status == 401 for r in log if r.key_fingerprint == revoked_fp and r.status != 200)
    assert sum(per_process_401) == len(server_401)
    # At most the requests in flight at that moment: fewer than one per thread per process.
    assert all(n <= THREADS for n in per_process_401)


def test_a_shared_budget_holds_the_fleet_under_its_rate(redis_server: RedisServer) -> None:
    rps = 40.0
    seconds = 2.0
    calls_per_thread = int(rps * seconds / (PROCESSES * 2))
    with MistralTestServer(keys=KEYS) as server:
        started = time.monotonic()
        fleet = _run_fleet(
            redis_server.url,
            server,
            budget_rps=rps,
            calls_per_thread=calls_per_thread,
            threads=2,
            keys=KEYS[:1],
        )
        elapsed = time.monotonic() - started
        log = server.requests
    # Grant times (when acquire returned): a start time includes the wait for the budget.
    picks = sorted(t for acquired, _, _ in fleet for _, t, _ in acquired)
    busiest = max(sum(1 for t in picks[i:] if t < start + 1.0) for i, start in enumerate(picks))
    statuses = {r.status for r in log}
    failures = [name for _, _, names in fleet for name in names]
    print(
        f"\n[budget] rps={rps:g} requests={len(log)} in {elapsed:.2f}s "
        f"busiest_1s_window={busiest} statuses={sorted(statuses)}"
    )
    assert failures == []
    assert statuses == {200}
    # Burst (rps/10) plus one second of refill, plus a little for clock reading skew.
    assert busiest <= rps + rps / 10 + 2
    assert len(log) == len(picks)
