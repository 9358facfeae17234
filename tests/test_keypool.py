"""KeyPool: rotation, quarantine, cool-down, NoUsableKey, refresh, secrecy, thread safety."""

from __future__ import annotations

import copy
import logging
import pickle
import threading
from collections import Counter

import pytest
from pydantic import SecretStr

from mistral_secure import (
    ApiKey,
    ConfigurationError,
    KeyPool,
    KeySourceError,
    NoUsableKey,
    fingerprint,
)
from mistral_secure._keypool import InProcessKeyStateBackend, KeyStateBackend

KEYS = ["sk-alpha-0000000000000001", "sk-bravo-0000000000000002", "sk-charlie-000000000000003"]
FPS = [fingerprint(k) for k in KEYS]


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class ListSource:
    def __init__(self, keys: list[str]) -> None:
        self.keys = keys

    def describe(self) -> str:
        return "test list"

    def load(self) -> list[str]:
        if not self.keys:
            raise KeySourceError("no Mistral API key found in test list")
        return list(self.keys)


def picks(pool: KeyPool, n: int) -> list[str]:
    return [pool.acquire().get_secret_value() for _ in range(n)]


# -- ApiKey ----------------------------------------------------------------------------------


def test_api_key_shows_only_its_fingerprint() -> None:
    key = ApiKey(KEYS[0])
    assert key.get_secret_value() == KEYS[0]
    assert str(key) == FPS[0] == key.fingerprint
    assert repr(key) == f"ApiKey({FPS[0]!r})"
    assert KEYS[0] not in repr(key) + str(key) + f"{key}"
    assert ApiKey(SecretStr(KEYS[0])) == key
    assert len({key, ApiKey(KEYS[0]), ApiKey(KEYS[1])}) == 2


def test_api_key_cannot_be_pickled_and_is_immutable() -> None:
    key = ApiKey(KEYS[0])
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(key)
    assert copy.deepcopy(key) is key
    with pytest.raises(AttributeError):
        key.fingerprint = "x"  # type: ignore[misc]


@pytest.mark.parametrize("bad", ["", "sk-key with-space-0000", "sk-key\nX-Injected: 1", "sk-clé"])
def test_api_key_rejects_unsendable_values(bad: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        ApiKey(bad)
    if bad:
        assert bad not in str(info.value)


def test_api_key_type_errors() -> None:
    for bad in (None, b"sk-bytes-key-000000000", 42):
        with pytest.raises(TypeError):
            ApiKey(bad)  # type: ignore[arg-type]


# -- construction ----------------------------------------------------------------------------


def test_construction_errors() -> None:
    with pytest.raises(ConfigurationError, match="at least one"):
        KeyPool([])
    with pytest.raises(ConfigurationError, match="keys= or source="):
        KeyPool()
    with pytest.raises(ConfigurationError, match="not both"):
        KeyPool(KEYS, source=ListSource(KEYS))
    with pytest.raises(TypeError, match="single key"):
        KeyPool(KEYS[0])  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError):
        KeyPool(KEYS, rotation_interval=0)
    with pytest.raises(TypeError):
        KeyPool(KEYS, rotation_interval="60")  # type: ignore[arg-type]
    with pytest.raises(KeySourceError):
        KeyPool(source=ListSource([]))


def test_duplicates_are_one_key_and_secretstr_is_accepted() -> None:
    pool = KeyPool([KEYS[0], SecretStr(KEYS[0]), ApiKey(KEYS[1])])
    assert len(pool) == 2
    assert pool.fingerprints == (FPS[0], FPS[1])


def test_from_env_fails_fast_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MS_POOL_TEST_KEY", raising=False)
    with pytest.raises(KeySourceError, match=r"env MS_POOL_TEST_KEY, MS_POOL_TEST_KEY_1\.\.N"):
        KeyPool.from_env("MS_POOL_TEST_KEY")
    monkeypatch.setenv("MS_POOL_TEST_KEY", ",".join(KEYS[:2]))
    monkeypatch.setenv("MS_POOL_TEST_KEY_1", KEYS[2])
    assert KeyPool.from_env("MS_POOL_TEST_KEY").fingerprints == tuple(FPS)


# -- rotation --------------------------------------------------------------------------------


def test_round_robin_without_interval() -> None:
    assert picks(KeyPool(KEYS), 6) == KEYS * 2


def test_time_based_rotation_with_injected_clock(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    pool = KeyPool(KEYS, rotation_interval=60, clock=clock)
    with caplog.at_level(logging.INFO, logger="mistral_secure.keys"):
        assert picks(pool, 3) == [KEYS[0]] * 3
        clock.now += 59.9
        assert pool.acquire().get_secret_value() == KEYS[0]
        clock.now += 0.1
        assert picks(pool, 2) == [KEYS[1]] * 2
        clock.now += 120
        assert pool.acquire().get_secret_value() == KEYS[0]  # wrapped around
    assert f"rotated from API key {FPS[0]} to {FPS[1]}" in caplog.text
    assert not any(k in caplog.text for k in KEYS)


def test_time_based_rotation_skips_unusable_keys() -> None:
    clock = FakeClock()
    pool = KeyPool(KEYS, rotation_interval=60, clock=clock)
    pool.report(pool.acquire(), 401)
    assert pool.acquire().get_secret_value() == KEYS[1]
    clock.now += 60  # slot of key 1
    assert pool.acquire().get_secret_value() == KEYS[1]
    clock.now += 60  # slot of key 2
    assert pool.acquire().get_secret_value() == KEYS[2]
    clock.now += 60  # slot of key 0, still quarantined
    assert pool.acquire().get_secret_value() == KEYS[1]


# -- quarantine and cool-down ----------------------------------------------------------------


def test_quarantined_key_is_never_cycled_back_to(caplog: pytest.LogCaptureFixture) -> None:
    pool = KeyPool(KEYS)
    revoked = ApiKey(KEYS[1])
    with caplog.at_level(logging.INFO, logger="mistral_secure.keys"):
        pool.report(revoked, 401)
        pool.report(revoked, 401)  # a second in-flight failure logs nothing new
    assert KEYS[1] not in picks(pool, 30)
    assert Counter(picks(pool, 30)) == {KEYS[0]: 15, KEYS[2]: 15}
    assert pool.status() == {"active": 2, "cooling": 0, "quarantined": 1}
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warnings] == [f"API key {FPS[1]} quarantined (HTTP 401)"]


def test_403_quarantines_and_release_brings_the_key_back() -> None:
    pool = KeyPool(KEYS[:2])
    pool.report(ApiKey(KEYS[0]), 403)
    assert set(picks(pool, 4)) == {KEYS[1]}
    pool.release(FPS[0])  # by fingerprint
    assert set(picks(pool, 4)) == set(KEYS[:2])
    pool.quarantine(KEYS[1])  # by the key itself
    assert set(picks(pool, 4)) == {KEYS[0]}
    with pytest.raises(ValueError, match="not in this pool") as info:
        pool.release("sk-unknown-key-00000000000")
    assert "sk-unknown" not in str(info.value)


def test_other_statuses_change_nothing() -> None:
    pool = KeyPool(KEYS[:1])
    for status in (200, 400, 404, 422, 500, 503):
        pool.report(ApiKey(KEYS[0]), status)
    assert pool.status() == {"active": 1, "cooling": 0, "quarantined": 0}


def test_429_cools_down_for_retry_after_then_comes_back() -> None:
    clock = FakeClock()
    pool = KeyPool(KEYS[:2], clock=clock)
    pool.report(ApiKey(KEYS[0]), 429, retry_after=2.5)
    assert pool.status() == {"active": 1, "cooling": 1, "quarantined": 0}
    assert set(picks(pool, 4)) == {KEYS[1]}
    clock.now += 2.4
    assert set(picks(pool, 4)) == {KEYS[1]}
    clock.now += 0.1
    assert set(picks(pool, 4)) == set(KEYS[:2])


def test_cooldown_default_cap_and_no_shortening() -> None:
    clock = FakeClock()
    pool = KeyPool(KEYS[:1], clock=clock, default_cooldown=1.0, max_cooldown=30.0)
    key = ApiKey(KEYS[0])
    pool.report(key, 429)  # no Retry-After: default 1 s
    with pytest.raises(NoUsableKey) as info:
        pool.acquire()
    assert info.value.retry_after == pytest.approx(1.0)
    pool.report(key, 429, retry_after=3600)  # capped at 30 s
    with pytest.raises(NoUsableKey) as info:
        pool.acquire()
    assert info.value.retry_after == pytest.approx(30.0)
    pool.report(key, 429, retry_after=1)  # a shorter cool-down does not shorten it
    clock.now += 29
    with pytest.raises(NoUsableKey):
        pool.acquire()
    clock.now += 1
    assert pool.acquire() == key


def test_no_usable_key_counts_states_and_says_when() -> None:
    pool = KeyPool(KEYS)
    pool.report(ApiKey(KEYS[0]), 401)
    pool.report(ApiKey(KEYS[1]), 429, retry_after=4)
    pool.report(ApiKey(KEYS[2]), 429, retry_after=2)
    with pytest.raises(NoUsableKey) as info:
        pool.acquire()
    err = info.value
    assert err.states == {"quarantined": 1, "cooling": 2}
    assert err.retry_after is not None and 1.5 < err.retry_after <= 2
    assert str(err).startswith("no usable API key (2 cooling, 1 quarantined); next key usable in")
    assert not any(k in str(err) for k in KEYS)


def test_all_quarantined_has_no_retry_after() -> None:
    pool = KeyPool(KEYS[:2])
    for k in KEYS[:2]:
        pool.report(ApiKey(k), 401)
    with pytest.raises(NoUsableKey) as info:
        pool.acquire()
    assert info.value.states == {"quarantined": 2}
    assert info.value.retry_after is None


def test_quarantine_beats_cooldown() -> None:
    pool = KeyPool(KEYS[:2])
    key = ApiKey(KEYS[0])
    pool.report(key, 429, retry_after=1)
    pool.report(key, 401)
    pool.report(key, 429, retry_after=1)
    assert pool.status() == {"active": 1, "cooling": 0, "quarantined": 1}


# -- refresh ---------------------------------------------------------------------------------


def test_refresh_brings_in_new_keys_but_not_revoked_ones() -> None:
    source = ListSource(KEYS[:2])
    pool = KeyPool(source=source)
    pool.report(ApiKey(KEYS[0]), 401)
    pool.report(ApiKey(KEYS[1]), 401)
    with pytest.raises(NoUsableKey):
        pool.acquire()
    source.keys = [KEYS[0], KEYS[2]]  # the store now holds a fresh key
    assert pool.refresh() == 2
    assert set(picks(pool, 4)) == {KEYS[2]}
    assert pool.status() == {"active": 1, "cooling": 0, "quarantined": 1}
    with pytest.raises(ConfigurationError, match="no source"):
        KeyPool(KEYS).refresh()


# -- secrecy ---------------------------------------------------------------------------------


def test_pool_repr_and_pickling() -> None:
    pool = KeyPool(KEYS, rotation_interval=3600)
    pool.report(ApiKey(KEYS[0]), 401)
    assert repr(pool) == "KeyPool(3 keys: 2 active, 1 quarantined; rotation every 3600s)"
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(pool)
    with pytest.raises(TypeError):
        pickle.dumps(pool.auth())


def test_logs_carry_fingerprints_only(caplog: pytest.LogCaptureFixture) -> None:
    source = ListSource(KEYS)
    pool = KeyPool(source=source)
    with caplog.at_level(logging.DEBUG, logger="mistral_secure"):
        pool.report(ApiKey(KEYS[0]), 401)
        pool.report(ApiKey(KEYS[1]), 429, retry_after=1)
        pool.release(KEYS[0])
        pool.refresh()
    text = caplog.text
    assert FPS[0] in text and FPS[1] in text
    assert not any(k in text for k in KEYS)
    levels = {r.getMessage(): r.levelname for r in caplog.records}
    assert levels[f"API key {FPS[1]} cooling down for 1.0s after HTTP 429"] == "INFO"
    assert levels[f"API key {FPS[0]} released"] == "INFO"


# -- backend ---------------------------------------------------------------------------------


def test_backend_is_keyed_by_fingerprint_and_shareable() -> None:
    backend = InProcessKeyStateBackend()
    assert isinstance(backend, KeyStateBackend)
    first = KeyPool(KEYS, backend=backend)
    second = KeyPool(KEYS, backend=backend)
    first.report(ApiKey(KEYS[2]), 401)
    assert second.status()["quarantined"] == 1
    assert KEYS[2] not in picks(second, 6)
    assert backend.states([FPS[2], FPS[0]])[0].state == "quarantined"
    assert not hasattr(backend, "_keys")


# -- threads ---------------------------------------------------------------------------------


def test_concurrent_acquire_and_report_stay_consistent() -> None:
    pool = KeyPool(KEYS)
    quarantined = threading.Event()
    seen: Counter[str] = Counter()
    after: Counter[str] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(16)

    def worker(i: int) -> None:
        barrier.wait()
        local: Counter[str] = Counter()
        local_after: Counter[str] = Counter()
        for n in range(300):
            done = quarantined.is_set()  # read BEFORE acquiring
            key = pool.acquire().get_secret_value()
            local[key] += 1
            if done:
                local_after[key] += 1
            if i == 0 and n == 10:
                pool.report(ApiKey(KEYS[1]), 401)
                quarantined.set()
        with lock:
            seen.update(local)
            after.update(local_after)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(seen.values()) == 16 * 300
    assert pool.status() == {"active": 2, "cooling": 0, "quarantined": 1}
    assert after[KEYS[1]] == 0
    assert after[KEYS[0]] > 0 and after[KEYS[2]] > 0
