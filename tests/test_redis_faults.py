"""A fleet under Redis faults: 4 processes x 8 threads, a real redis-server paused (SIGSTOP)
and killed (SIGKILL, restarted empty), a key revoked on the API in between.

Targets (issue 15): every process back on Redis within 2 s of Redis answering again; no pick
of the revoked key after its first 401 anywhere while Redis is up; no 401 (or any other
error) reaching a caller. Times are on ``time.monotonic()`` (CLOCK_MONOTONIC, one clock for
every process on the host). The figures are printed for the closing note; a longer soak
lives in ``benchmarks/bench_redis_faults.py``.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

pytest.importorskip("redis", reason="the redis extra is not installed: pip install '.[redis]'")

from redis_server import RedisServer, running_redis

from mistral_secure import ApiKey, KeyPool, mistral_client
from mistral_secure._redis import RedisConnection, RedisKeyStateBackend, RedisRateBudget
from mistral_secure.testing import MistralTestServer

KEYS = ["sk-fault-test-key-000001", "sk-fault-test-key-000002", "sk-fault-test-key-000003"]
REVOKED = KEYS[1]
PROCESSES = 4
THREADS = 8
PAUSE = 1.5  # seconds Redis is hung
DOWN = 1.0  # seconds Redis is dead before its restart
SETTLE = 2.5  # seconds after each fault before the next phase


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    yield from running_redis()


@dataclass
class Report:
    """What one process saw, sent back to the test."""

    picks: list[tuple[float, str, bool]] = field(default_factory=list)  # (time, fp, on Redis)
    reported_401: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    log: list[tuple[float, int, str]] = field(default_factory=list)
    calls: int = 0


class _Recorder(logging.Handler):
    def __init__(self, report: Report) -> None:
        super().__init__(logging.INFO)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        self.report.log.append((time.monotonic(), record.levelno, record.getMessage()))


class _RecordingPool(KeyPool):
    """Notes when each pick started (and whether Redis was in use), and each 401 report."""

    def __init__(self, *args: Any, seen: Report, connection: RedisConnection, **kw: Any):
        super().__init__(*args, **kw)
        self.seen = seen
        self.connection = connection

    def acquire(self, *, tokens: int = 0) -> ApiKey:
        started = time.monotonic()
        up = self.connection.available
        key = super().acquire(tokens=tokens)
        self.seen.picks.append((started, key.fingerprint, up))
        return key

    def report(self, key: ApiKey, status: int, *, retry_after: float | None = None) -> None:
        super().report(key, status, retry_after=retry_after)
        if status == 401:
            self.seen.reported_401.append(time.monotonic())


def _worker(redis_url: str, server_url: str, stop: Any, started: Any, results: Any) -> None:
    report = Report()
    logger = logging.getLogger("mistral_secure.redis")
    logger.setLevel(logging.INFO)
    logger.addHandler(_Recorder(report))
    # The library's defaults: timeout, back-off and budget waits as a user gets them.
    connection = RedisConnection(redis_url)
    budget = RedisRateBudget(connection, requests_per_second=2000, max_wait=2.0)
    pool = _RecordingPool(
        KEYS,
        backend=RedisKeyStateBackend(connection),
        budget=budget,
        seen=report,
        connection=connection,
    )
    client: Any = mistral_client(pool, server_url=server_url)
    lock = threading.Lock()

    def calls() -> None:
        while not stop.is_set():
            try:
                client.chat.complete(
                    model="mistral-small-latest", messages=[{"role": "user", "content": "hi"}]
                )
            except Exception as exc:  # anything reaching the caller is a finding
                report.failures.append(type(exc).__name__)
            with lock:
                report.calls += 1
                if report.calls == 10:
                    started.release()
            time.sleep(0.002)

    threads = [threading.Thread(target=calls) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    client.sdk_configuration.client.close()
    results.put((report.picks, report.reported_401, report.failures, report.log, report.calls))


def _back_after(log: list[tuple[float, int, str]], since: float) -> float | None:
    """Seconds from ``since`` to this process's first reconnection after it."""
    times = [t for t, _, message in log if "reachable again" in message and t >= since]
    return min(times) - since if times else None


def test_fleet_recovers_from_a_hung_and_a_killed_redis(redis_server: RedisServer) -> None:
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    started = context.Semaphore(0)
    results = context.Queue()
    revoked_fp = ApiKey(REVOKED).fingerprint
    with MistralTestServer(keys=KEYS) as server:
        processes = [
            context.Process(
                target=_worker, args=(redis_server.url, server.url, stop, started, results)
            )
            for _ in range(PROCESSES)
        ]
        for process in processes:
            process.start()
        try:
            for _ in processes:
                assert started.acquire(timeout=60), "a worker never got going"
            # 1. Redis hangs.
            paused_at = time.monotonic()
            redis_server.pause()
            time.sleep(PAUSE)
            redis_server.resume()
            resumed_at = time.monotonic()
            time.sleep(SETTLE)
            # 2. A key is revoked while Redis is up.
            revoked_at = time.monotonic()
            server.revoke_key(REVOKED)
            time.sleep(SETTLE)
            # 3. Redis dies and comes back empty.
            killed_at = time.monotonic()
            redis_server.kill()
            time.sleep(DOWN)
            redis_server.start()
            restarted_at = time.monotonic()
            time.sleep(SETTLE)
        finally:
            stop.set()
            collected = [results.get(timeout=120) for _ in processes]
            for process in processes:
                process.join(30)
        log = server.requests
    assert all(process.exitcode == 0 for process in processes)

    failures = [name for _, _, names, _, _ in collected for name in names]
    calls = sum(c for *_, c in collected)
    reports = sorted(t for _, reported, *_ in collected for t in reported)
    assert reports, "the revoked key was never tried"
    first_401 = reports[0]
    late = [
        (t, up)
        for picks, *_ in collected
        for t, fp, up in picks
        if fp == revoked_fp and t > first_401
    ]
    late_on_redis = [t for t, up in late if up]
    back_after_pause = [_back_after(logs, resumed_at) for _, _, _, logs, _ in collected]
    back_after_restart = [_back_after(logs, restarted_at) for _, _, _, logs, _ in collected]
    warnings = [
        t for _, _, _, logs, _ in collected for t, level, _ in logs if level >= logging.WARNING
    ]
    # Outage warnings outside the two fault windows are false alarms of a loaded host.
    false_alarms = [
        t
        for t in warnings
        if not (paused_at <= t <= resumed_at + 1 or killed_at <= t <= restarted_at + 1)
    ]
    revoked_in_log = [r for r in log if r.key_fingerprint == revoked_fp]
    print(
        f"\n[redis faults] processes={PROCESSES} threads={THREADS} calls={calls} "
        f"requests={len(log)} user_failures={len(failures)} "
        f"back_on_redis_after_pause_s={[round(b, 2) if b else b for b in back_after_pause]} "
        f"back_on_redis_after_restart_s={[round(b, 2) if b else b for b in back_after_restart]} "
        f"revoked_key_401s={sum(1 for r in revoked_in_log if r.status == 401)} "
        f"picks_of_revoked_key_after_first_401={len(late)} (while on Redis: "
        f"{len(late_on_redis)}) outage_warnings={len(warnings)} false_alarms={len(false_alarms)}"
    )
    assert failures == []
    assert all(r.status in (200, 401) for r in log)
    assert all(r.status == 401 for r in revoked_in_log if r.status != 200)
    # Every process saw both outages and was back on Redis within 2 s of each.
    assert all(b is not None and b <= 2.0 for b in back_after_pause), back_after_pause
    assert all(b is not None and b <= 2.0 for b in back_after_restart), back_after_restart
    # After the first 401 anywhere, no process picked the revoked key again: not on Redis,
    # and not even from local state during the kill (each process had mirrored the
    # quarantine; after the restart it wrote it back to the empty Redis).
    assert late_on_redis == []
    assert late == []
    assert revoked_at < first_401 < killed_at
    assert false_alarms == []
