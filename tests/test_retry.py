"""The one retry policy: capped waits, a deadline, classification by type; and the waits of
the key pool's retry-with-next-key, against the local server with the real clients."""

from __future__ import annotations

import time
from collections.abc import Sequence

import httpx
import httpx2
import pytest
from hypothesis import given
from hypothesis import strategies as st
from mistralai.client import errors
from mistralai.client.utils.retries import BackoffStrategy, RetryConfig

from mistral_secure import KeyPool, NoUsableKey, RateLimited, httpx_clients, mistral_client
from mistral_secure._clients import default_retry_config, retry_policy_from
from mistral_secure._retry import RetryPolicy, bounded, classify, remaining
from mistral_secure.testing import MistralTestServer

KEYS = ["sk-retry-test-key-000000001", "sk-retry-test-key-000000002"]
MODEL = "mistral-small-latest"
MESSAGES = [{"role": "user", "content": "hi"}]


@given(
    retry=st.integers(0, 60),
    hint=st.none() | st.floats(0, 1e9, allow_nan=False),
)
def test_no_wait_exceeds_the_cap_whatever_retry_after_says(retry: int, hint: float | None) -> None:
    policy = RetryPolicy()
    assert 0.0 <= policy.backoff(retry, hint) <= 10.0


@given(hint=st.floats(0, 1e6, allow_nan=False), deadline=st.floats(0.01, 100))
def test_no_wait_ends_past_the_deadline(hint: float, deadline: float) -> None:
    attempts = RetryPolicy(max_retries=None, deadline=deadline).start()
    wait = attempts.next_wait("status", status=429, hint=hint)
    assert wait is None or wait < deadline


def test_retries_are_counted_and_statuses_chosen() -> None:
    attempts = RetryPolicy(max_retries=2, jitter=0).start()
    assert attempts.next_wait("status", status=503) == 0.5
    assert attempts.next_wait("status", status=500) == 1.0
    assert attempts.next_wait("status", status=500) is None  # two retries spent
    fresh = RetryPolicy().start()
    assert fresh.next_wait("status", status=400) is None  # not a transient status
    assert fresh.next_wait(None) is None  # a bug is not retried


def test_a_malformed_answer_is_retried_once() -> None:
    attempts = RetryPolicy(max_retries=5).start()
    assert attempts.next_wait("malformed") is not None
    assert attempts.next_wait("malformed") is None


def test_an_enclosing_bound_shortens_every_deadline() -> None:
    assert remaining() is None
    with bounded(0.5):
        left = remaining()
        assert left is not None and 0 < left <= 0.5
        with bounded(30):  # never extends the outer bound
            inner = remaining()
            assert inner is not None and inner <= 0.5
        assert RetryPolicy(deadline=60).start().remaining() <= 0.5


def test_failures_are_classified_by_type() -> None:
    request = httpx2.Request("POST", "http://127.0.0.1/v1/chat/completions")
    response = httpx2.Response(503, request=request)
    assert classify(errors.SDKError("x", response)) == "status"
    assert classify(errors.ResponseValidationError("x", response, ValueError())) == "malformed"
    assert classify(httpx.ReadTimeout("x")) == "timeout"
    assert classify(httpx2.ConnectTimeout("x")) == "timeout"
    assert classify(httpx.ConnectError("x")) == "transport"
    assert classify(httpx2.RemoteProtocolError("x")) == "transport"
    assert classify(NoUsableKey(states={"quarantined": 1})) == "no_key"
    assert classify(RateLimited(retry_after=1.0)) == "rate_limited"
    assert classify(KeyError("x")) is None

    class TransportError(Exception):  # a look-alike name is not a transport error
        pass

    assert classify(TransportError()) is None


def test_an_sdk_retry_config_becomes_a_capped_policy() -> None:
    policy = retry_policy_from(default_retry_config())
    assert (policy.initial, policy.multiplier, policy.max_wait, policy.deadline) == (
        0.5,
        1.5,
        10.0,
        60.0,
    )
    custom = RetryConfig("backoff", BackoffStrategy(100, 2000, 2.0, 5000), False, ["5XX"])
    policy = retry_policy_from(custom)
    assert policy.max_wait == 2.0 and not policy.retry_transport
    assert 503 in policy.statuses and 429 not in policy.statuses
    assert retry_policy_from(None).max_retries == 0


def test_the_langchain_clients_cap_their_waits_too() -> None:
    client, async_client = httpx_clients(KeyPool(KEYS), base_url="http://127.0.0.1:9/v1")
    try:
        for each in (client, async_client):
            policy = getattr(each, "retry_policy")  # noqa: B009 - set by our subclasses
            assert (policy.max_wait, policy.deadline, policy.max_retries) == (10.0, 60.0, 2)
    finally:
        client.close()


def test_sdk_does_not_sleep_what_retry_after_says() -> None:
    # Retry-After: 20 on a one-key pool. The SDK's own loop slept 20 s (100 s in the field).
    # With a 0.2 s cap the client waits 0.2 s; the key is still cooling for ~20 s, so the
    # pool says so (NoUsableKey with the wait) instead of blocking. The wall-clock bound is
    # a hang guard, far above the cap and far below the hint.
    config = RetryConfig("backoff", BackoffStrategy(100, 200, 2.0, 5000, 0), True)
    with MistralTestServer(keys=KEYS) as server:
        server.fail(429, retry_after=20, times=1)
        client = mistral_client(KeyPool(KEYS[:1]), server_url=server.url, retry_config=config)
        started = time.monotonic()
        with pytest.raises(NoUsableKey) as caught:
            client.chat.complete(model=MODEL, messages=MESSAGES)  # type: ignore[arg-type]
        elapsed = time.monotonic() - started
        client.sdk_configuration.client.close()  # type: ignore[union-attr]
        assert [r.status for r in server.requests] == [429]
    assert caught.value.states == {"cooling": 1}
    assert caught.value.retry_after is not None and caught.value.retry_after > 15
    assert elapsed < 10


class StepBudget:
    """A rate budget (the ``RateBudget`` protocol) where each key has budget from a time on."""

    def __init__(self, ready_in: dict[str, float], max_wait: float = 2.0) -> None:
        now = time.monotonic()
        self.ready_at = {fp: now + seconds for fp, seconds in ready_in.items()}
        self.max_wait = max_wait

    def take(self, fps: Sequence[str], tokens: int = 0) -> tuple[int, float]:
        now = time.monotonic()
        for index, fp in enumerate(fps):
            if now >= self.ready_at.get(fp, 0.0):
                return index, 0.0
        return -1, min(self.ready_at[fp] - now for fp in fps)


@pytest.mark.parametrize("flavour", ["sdk", "httpx"])
async def test_retry_with_next_key_waits_for_budget_instead_of_failing(flavour: str) -> None:
    # The revoked key answers 401; the next key is out of budget for 0.3 s. Before, the
    # 401 reached the caller (3 of 3 calls in the field); now the retry waits for budget.
    pool = KeyPool(KEYS, rotation_interval=3600)
    budget = StepBudget({pool.fingerprints[1]: 0.3})
    pool.budget = budget
    with MistralTestServer(keys=KEYS) as server:
        server.revoke_key(KEYS[0])
        if flavour == "sdk":
            client = mistral_client(pool, server_url=server.url, retry_config=None)
            answer = await client.chat.complete_async(model=MODEL, messages=MESSAGES)  # type: ignore[arg-type]
            assert answer.choices
            await client.sdk_configuration.async_client.aclose()  # type: ignore[union-attr]
        else:
            sync, async_client = httpx_clients(pool, base_url=server.api_url, max_retries=0)
            response = sync.post("/chat/completions", json={"model": MODEL, "messages": MESSAGES})
            assert response.status_code == 200
            sync.close()
            await async_client.aclose()
        statuses = [(r.key_fingerprint, r.status) for r in server.requests]
    assert statuses == [(pool.fingerprints[0], 401), (pool.fingerprints[1], 200)]


def test_a_budget_wait_longer_than_max_wait_raises_rate_limited() -> None:
    pool = KeyPool(KEYS, rotation_interval=3600)
    pool.budget = StepBudget({pool.fingerprints[1]: 60.0}, max_wait=0.1)
    with MistralTestServer(keys=KEYS) as server:
        server.revoke_key(KEYS[0])
        client = mistral_client(pool, server_url=server.url, retry_config=None)
        with pytest.raises(RateLimited):
            client.chat.complete(model=MODEL, messages=MESSAGES)  # type: ignore[arg-type]
        client.sdk_configuration.client.close()  # type: ignore[union-attr]
        assert [r.status for r in server.requests] == [401]
