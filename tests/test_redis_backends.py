"""Redis backends against a real redis-server: shared key state, moderation cache, outages."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

pytest.importorskip("redis", reason="the redis extra is not installed: pip install '.[redis]'")

from redis_server import RedisServer, running_redis

from mistral_secure import ConfigurationError, KeyPool, RateLimited, mistral_client
from mistral_secure._moderation import Moderator
from mistral_secure._redis import (
    RedisConnection,
    RedisKeyStateBackend,
    RedisModerationCache,
    RedisRateBudget,
)
from mistral_secure.testing import MistralTestServer

KEYS = ["sk-replica-test-key-0001", "sk-replica-test-key-0002", "sk-replica-test-key-0003"]
SECRET_PROMPT = "my account number is 7731-SECRET-PROMPT"


def _ask(client: Any, text: str) -> None:
    client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": text}])


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    yield from running_redis()


def _pool(url: str, **kwargs: object) -> KeyPool:
    return KeyPool(KEYS, backend=RedisKeyStateBackend(RedisConnection(url)), **kwargs)  # type: ignore[arg-type]


def test_quarantine_and_cooldown_are_seen_by_another_pool(redis_server: RedisServer) -> None:
    first, second = _pool(redis_server.url), _pool(redis_server.url)
    first.report(first.acquire(), 401)
    first.report(first.acquire(), 429, retry_after=30)
    assert second.status() == {"active": 1, "cooling": 1, "quarantined": 1}
    survivor = second.acquire()
    assert all(second.acquire() == survivor for _ in range(5))
    second.release(survivor)  # active already: no change
    for fp in first.fingerprints:
        second.release(fp)
    assert first.status() == {"active": 3, "cooling": 0, "quarantined": 0}


def test_rotation_is_fleet_wide(redis_server: RedisServer) -> None:
    pools = [_pool(redis_server.url) for _ in range(3)]
    picks = [pools[i % 3].acquire().fingerprint for i in range(9)]
    # Three pools taking turns still walk the keys in order, as one pool would.
    assert picks == list(pools[0].fingerprints) * 3


def test_a_longer_cooldown_is_not_shortened(redis_server: RedisServer) -> None:
    backend = RedisKeyStateBackend(redis_server.url)
    assert backend.mark_cooldown("fp-a", 60) is True
    assert backend.mark_cooldown("fp-a", 1) is False
    status = backend.states(["fp-a"])[0]
    assert status.state == "cooling"
    assert status.retry_after is not None and status.retry_after > 50
    assert backend.mark_quarantined("fp-a") is True
    assert backend.mark_cooldown("fp-a", 5) is False
    assert backend.states(["fp-a"])[0].state == "quarantined"


def test_moderation_cache_is_shared_between_replicas(redis_server: RedisServer) -> None:
    with MistralTestServer(keys=KEYS) as server:
        replicas = [
            Moderator(
                pool=KeyPool(KEYS),
                server_url=server.url,
                cache=RedisModerationCache(redis_server.url, ttl=60),
            )
            for _ in range(2)
        ]
        texts = ["I hate all of them, inferior race", "a calm sentence about tea"]
        first = replicas[0].moderate(texts)
        calls = sum(r.path.endswith("/moderations") for r in server.requests)
        second = replicas[1].moderate(texts)
        assert sum(r.path.endswith("/moderations") for r in server.requests) == calls
        assert second.cached == 2
        assert second.flagged_categories == first.flagged_categories
        assert first.flagged
        for replica in replicas:
            replica.close()


def test_redis_holds_no_key_and_no_text(redis_server: RedisServer) -> None:
    connection = RedisConnection(redis_server.url)
    pool = KeyPool(
        KEYS,
        backend=RedisKeyStateBackend(connection),
        budget=RedisRateBudget(connection, requests_per_second=1000, tokens_per_minute=10**6),
    )
    with MistralTestServer(keys=KEYS) as server:
        client = mistral_client(pool, server_url=server.url)
        server.revoke_key(KEYS[0])
        for _ in range(4):
            _ask(client, SECRET_PROMPT)
        moderator = Moderator(
            pool=pool, server_url=server.url, cache=RedisModerationCache(connection)
        )
        moderator.moderate([SECRET_PROMPT])
        moderator.close()
    dump = redis_server.keys_and_values()
    kinds = {key.split(b":")[1] for key, _ in dump}
    assert kinds == {b"key", b"rotation", b"budget", b"moderation"}
    blob = b"\n".join(k + b" " + v for k, v in dump)
    for secret in [*KEYS, SECRET_PROMPT, "7731", "SECRET-PROMPT"]:
        assert secret.encode() not in blob
    assert pool.status()["quarantined"] == 1


def _wait_until(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Poll ``condition``; the timeout only bounds a hang, it is not a speed requirement."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def test_outage_keeps_traffic_going_and_resumes(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    # Progress, not wall-clock sleeps, drives each phase, so a slow machine only runs longer.
    connection = RedisConnection(
        redis_server.url, timeout=0.5, retry_interval=0.05, max_retry_interval=0.2
    )
    pool = KeyPool(KEYS, backend=RedisKeyStateBackend(connection))
    failures: list[BaseException] = []
    done = threading.Event()
    calls = [0]
    with MistralTestServer(keys=KEYS) as server:
        client = mistral_client(pool, server_url=server.url)

        def traffic() -> None:
            while not done.is_set():
                try:
                    _ask(client, "hi")
                    calls[0] += 1
                except Exception as exc:  # any failure is the finding
                    failures.append(exc)

        def reconnected() -> bool:
            return any("reachable again" in r.getMessage() for r in caplog.records)

        threads = [threading.Thread(target=traffic) for _ in range(4)]
        with caplog.at_level(logging.INFO, logger="mistral_secure.redis"):
            for thread in threads:
                thread.start()
            _wait_until(lambda: calls[0] >= 10 or bool(failures), "traffic with Redis up")
            redis_server.kill()
            before_outage = calls[0]
            server.revoke_key(KEYS[1])  # learnt during the outage, locally
            _wait_until(
                lambda: calls[0] - before_outage > 20 or bool(failures),
                "traffic during the outage",
            )
            _wait_until(lambda: any(r.status == 401 for r in server.requests), "a 401")
            during_outage = calls[0] - before_outage
            redis_server.start()
            # The reconnecting thread replays the outage's changes before its call returns,
            # so once the threads are joined the replay is done.
            _wait_until(lambda: reconnected() or bool(failures), "the reconnection")
            done.set()
            for thread in threads:
                thread.join()
    assert failures == []
    assert during_outage > 20
    warnings = [
        r
        for r in caplog.records
        if r.levelno == logging.WARNING and r.name == "mistral_secure.redis"
    ]
    assert len(warnings) == 1
    assert "unavailable" in warnings[0].getMessage()
    assert any("reachable again" in r.getMessage() for r in caplog.records)
    # Redis holds the quarantine after the outage (the replay itself is tested below).
    other = _pool(redis_server.url)
    assert other.status()["quarantined"] == 1
    for record in caplog.records:
        assert not any(key in record.getMessage() for key in KEYS)


def test_changes_learnt_during_an_outage_are_replayed_on_reconnection(
    redis_server: RedisServer,
) -> None:
    # No traffic here: a key used again after the outage would re-learn its state, which
    # would hide a missing replay.
    connection = RedisConnection(
        redis_server.url, timeout=0.5, retry_interval=0.05, max_retry_interval=0.05
    )
    pool = KeyPool(KEYS, backend=RedisKeyStateBackend(connection))
    observer = _pool(redis_server.url)
    assert pool.status() == {"active": 3, "cooling": 0, "quarantined": 0}
    redis_server.kill()
    pool.quarantine(KEYS[1])
    pool.report(pool.acquire(), 429, retry_after=120)
    assert pool.status() == {"active": 1, "cooling": 1, "quarantined": 1}
    redis_server.start()
    _wait_until(
        lambda: pool.status() is not None and observer.status()["quarantined"] == 1,
        "the replay of the outage's quarantine",
    )
    assert observer.status() == {"active": 1, "cooling": 1, "quarantined": 1}


def test_rate_budget_skips_an_exhausted_key_then_limits(redis_server: RedisServer) -> None:
    budget = RedisRateBudget(redis_server.url, requests_per_second=0.5, max_wait=0)
    pool = KeyPool(KEYS[:2], budget=budget)
    assert {pool.acquire().fingerprint for _ in range(2)} == set(pool.fingerprints)
    with pytest.raises(RateLimited) as caught:
        pool.acquire()
    assert 0 < caught.value.retry_after <= 2.0
    with MistralTestServer(keys=KEYS) as server:
        client = mistral_client(pool, server_url=server.url, retry_config=None)
        with pytest.raises(RateLimited):
            _ask(client, "hi")
        assert server.requests == []


def test_bad_configuration_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MISTRAL_SECURE_REDIS_URL", raising=False)
    with pytest.raises(ConfigurationError, match="MISTRAL_SECURE_REDIS_URL"):
        RedisConnection()
    with pytest.raises(ConfigurationError, match="scheme") as caught:
        RedisConnection("http://user:hunter2@localhost:6379")
    assert "hunter2" not in str(caught.value)
    with pytest.raises(TypeError):
        RedisConnection(b"redis://localhost")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError):
        RedisRateBudget("redis://localhost:1")
    with pytest.raises(ConfigurationError):
        RedisRateBudget("redis://localhost:1", requests_per_second=-1)
    with pytest.raises(TypeError):
        KeyPool(KEYS, budget=object())  # type: ignore[arg-type]


def test_url_from_environment_and_repr_hides_password(
    redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = redis_server.url.replace("redis://", "redis://default:pw-not-shown@")
    monkeypatch.setenv("MISTRAL_SECURE_REDIS_URL", url)
    connection = RedisConnection()
    assert "pw-not-shown" not in repr(connection)
    backend = RedisKeyStateBackend(connection)
    # redis-server without requirepass rejects AUTH for default with a password: an outage.
    assert backend.states(["fp"])[0].state == "active"


def test_a_quarantine_redis_forgot_is_written_back_by_a_replica(
    redis_server: RedisServer,
) -> None:
    knows = _pool(redis_server.url)
    knows.quarantine(KEYS[0])
    assert _pool(redis_server.url).status()["quarantined"] == 1
    # Restarted without persistence: Redis forgot the quarantine, the replica did not.
    redis_server.kill()
    redis_server.start()
    newcomer = _pool(redis_server.url)
    assert newcomer.status()["quarantined"] == 0
    assert knows.status()["quarantined"] == 1  # this read writes it back
    assert newcomer.status()["quarantined"] == 1
    assert all(newcomer.acquire().fingerprint != knows.fingerprints[0] for _ in range(6))


def test_a_release_is_not_undone_by_a_replica_that_still_has_the_quarantine(
    redis_server: RedisServer,
) -> None:
    first, second = _pool(redis_server.url), _pool(redis_server.url)
    first.quarantine(KEYS[0])
    assert second.status()["quarantined"] == 1  # mirrored locally by the second replica
    first.release(KEYS[0])
    assert second.status()["quarantined"] == 0
    assert first.status()["quarantined"] == 0


def test_one_outage_is_one_back_off_however_many_requests_fail(
    redis_server: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    # 16 threads hit a hung Redis at once. The back-off must not double per failing
    # request (it once reached 30 s this way): Redis is used again as soon as it answers.
    connection = RedisConnection(redis_server.url, timeout=0.3, retry_interval=0.2)
    backend = RedisKeyStateBackend(connection)
    fps = ["fp-a", "fp-b"]
    backend.states(fps)
    redis_server.pause()
    try:
        threads = [threading.Thread(target=backend.states, args=(fps,)) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not connection.available
    finally:
        redis_server.resume()
    with caplog.at_level(logging.DEBUG, logger="mistral_secure.redis"):
        _wait_until(lambda: (backend.states(fps), connection.available)[1], "the reconnection")
    probes = [r for r in caplog.records if "still unavailable" in r.getMessage()]
    # At most one failed probe per back-off step; the interval never exceeded its maximum.
    assert connection._backoff <= connection.max_retry_interval
    assert len(probes) <= 3
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) <= 1
