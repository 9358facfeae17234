"""KeyPoolAuth and the client builders, driven through real clients against the local server."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import httpx2
import pytest
from mistralai.client import Mistral, errors

from mistral_secure import (
    KeyPool,
    KeyPoolAuth,
    NoUsableKey,
    fingerprint,
    httpx_clients,
    mistral_client,
)
from mistral_secure._auth import FINGERPRINT_EXTENSION, parse_retry_after
from mistral_secure.testing import MistralTestServer

KEYS = ["sk-alpha-0000000000000001", "sk-bravo-0000000000000002", "sk-charlie-000000000000003"]
FPS = [fingerprint(k) for k in KEYS]
MESSAGES = [{"role": "user", "content": "hello there"}]
MODEL = "mistral-small-latest"


@pytest.fixture
def server() -> Iterator[MistralTestServer]:
    with MistralTestServer(keys=KEYS) as s:
        yield s


@pytest.fixture
async def sdk() -> AsyncIterator[Callable[..., Mistral]]:
    """``mistral_client(...)``, with every client it built closed when the test ends."""
    built: list[Mistral] = []

    def build(pool: KeyPool, **kwargs: Any) -> Mistral:
        built.append(mistral_client(pool, **kwargs))
        return built[-1]

    yield build
    for client in built:
        with client:
            pass
        async with client:
            pass


@pytest.fixture
async def httpx_pair() -> AsyncIterator[Callable[..., tuple[httpx.Client, httpx.AsyncClient]]]:
    """``httpx_clients(...)``, with every pair it built closed when the test ends."""
    built: list[tuple[httpx.Client, httpx.AsyncClient]] = []

    def build(pool: KeyPool, **kwargs: Any) -> tuple[httpx.Client, httpx.AsyncClient]:
        built.append(httpx_clients(pool, **kwargs))
        return built[-1]

    yield build
    for client, async_client in built:
        client.close()
        await async_client.aclose()


def log(server: MistralTestServer) -> list[tuple[str | None, int]]:
    return [(r.key_fingerprint, r.status) for r in server.requests]


# -- the class itself ------------------------------------------------------------------------


def test_one_object_is_both_an_httpx_and_an_httpx2_auth() -> None:
    auth = KeyPool(KEYS).auth()
    assert isinstance(auth, KeyPoolAuth)
    assert isinstance(auth, httpx.Auth)
    assert isinstance(auth, httpx2.Auth)
    assert repr(auth).startswith("KeyPoolAuth(KeyPool(3 keys")
    with pytest.raises(TypeError):
        KeyPoolAuth(KEYS)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        KeyPool(KEYS).auth(max_wait=-1)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),  # a past date: now
        ({"retry-after": "soon"}, None),
        ({"retry-after": "nan"}, None),
        ({}, None),
    ],
)
def test_parse_retry_after(headers: dict[str, str], expected: float | None) -> None:
    assert parse_retry_after(httpx.Headers(headers)) == expected


# -- the mistralai SDK (httpx2) --------------------------------------------------------------


def test_sdk_revoked_key_is_retried_transparently(
    server: MistralTestServer, sdk: Callable[..., Mistral]
) -> None:
    pool = KeyPool(KEYS)
    server.revoke_key(KEYS[0])
    client = sdk(pool, server_url=server.url)
    answers = [
        client.chat.complete(model=MODEL, messages=MESSAGES).choices[0].message.content
        for _ in range(4)
    ]
    assert answers == ["You said: hello there"] * 4
    first, *rest = log(server)
    assert first == (FPS[0], 401)
    assert len(rest) == 4 and {status for _, status in rest} == {200}
    assert sorted(fp for fp, _ in rest) == sorted([FPS[1], FPS[2]] * 2)
    assert pool.status() == {"active": 2, "cooling": 0, "quarantined": 1}


def test_sdk_stream_and_moderation_with_a_revoked_key(
    server: MistralTestServer, sdk: Callable[..., Mistral]
) -> None:
    pool = KeyPool(KEYS[:2])
    server.revoke_key(KEYS[0])
    client = sdk(pool, server_url=server.url)
    text = "".join(
        str(event.data.choices[0].delta.content or "")
        for event in client.chat.stream(model=MODEL, messages=MESSAGES)
    )
    assert text == "You said: hello there"
    result = client.classifiers.moderate(model="mistral-moderation-latest", inputs=["hi"])
    assert len(result.results) == 1
    assert log(server) == [(FPS[0], 401), (FPS[1], 200), (FPS[1], 200)]
    assert [r.path for r in server.requests][-1] == "/v1/moderations"


async def test_sdk_async_complete_and_stream(
    server: MistralTestServer, sdk: Callable[..., Mistral]
) -> None:
    pool = KeyPool(KEYS[:2])
    server.revoke_key(KEYS[1])
    client = sdk(pool, server_url=server.url)
    first = await client.chat.complete_async(model=MODEL, messages=MESSAGES)
    assert first.choices[0].message.content == "You said: hello there"
    chunks = []
    async for event in await client.chat.stream_async(model=MODEL, messages=MESSAGES):
        chunks.append(str(event.data.choices[0].delta.content or ""))
    assert "".join(chunks) == "You said: hello there"
    # Round-robin reached the revoked key on the second call, which was retried with key 0.
    assert log(server) == [(FPS[0], 200), (FPS[1], 401), (FPS[0], 200)]


def test_sdk_429_cools_the_key_down_and_uses_the_next(
    server: MistralTestServer, sdk: Callable[..., Mistral]
) -> None:
    pool = KeyPool(KEYS[:2])
    server.rate_limit(KEYS[0], retry_after=30, times=1)
    client = sdk(pool, server_url=server.url)
    assert client.chat.complete(model=MODEL, messages=MESSAGES).choices
    assert pool.status() == {"active": 1, "cooling": 1, "quarantined": 0}
    for _ in range(3):
        client.chat.complete(model=MODEL, messages=MESSAGES)
    assert log(server) == [
        (FPS[0], 429),
        (FPS[1], 200),
        (FPS[1], 200),
        (FPS[1], 200),
        (FPS[1], 200),
    ]
    pool.release(FPS[0])
    client.chat.complete(model=MODEL, messages=MESSAGES)
    client.chat.complete(model=MODEL, messages=MESSAGES)
    assert {fp for fp, _ in log(server)[-2:]} == {FPS[0], FPS[1]}


def test_sdk_single_key_429_waits_for_retry_after(
    server: MistralTestServer, sdk: Callable[..., Mistral]
) -> None:
    pool = KeyPool(KEYS[:1])
    server.rate_limit(KEYS[0], retry_after=0.2, times=1)
    client = sdk(pool, server_url=server.url)
    assert client.chat.complete(model=MODEL, messages=MESSAGES).choices
    # The pool had no other key, so the SDK's backoff honoured Retry-After and tried again.
    assert log(server) == [(FPS[0], 429), (FPS[0], 200)]


def test_sdk_every_key_rejected_raises_no_usable_key_not_401(
    server: MistralTestServer, sdk: Callable[..., Mistral]
) -> None:
    pool = KeyPool(KEYS[:2])
    for key in KEYS[:2]:
        server.revoke_key(key)
    client = sdk(pool, server_url=server.url)
    with pytest.raises(NoUsableKey) as first:
        client.chat.complete(model=MODEL, messages=MESSAGES)
    assert first.value.states == {"quarantined": 2}
    assert log(server) == [(FPS[0], 401), (FPS[1], 401)]
    # Then nothing is sent at all.
    with pytest.raises(NoUsableKey) as no_key:
        client.chat.complete(model=MODEL, messages=MESSAGES)
    assert no_key.value.states == {"quarantined": 2}
    assert len(server.requests) == 2


def test_sdk_every_other_key_is_tried_after_rejections(
    server: MistralTestServer, sdk: Callable[..., Mistral]
) -> None:
    pool = KeyPool(KEYS, rotation_interval=3600)  # keys in order: A, then B, then C
    for key in KEYS[:2]:
        server.revoke_key(key)
    client = sdk(pool, server_url=server.url, retry_config=None)
    assert client.chat.complete(model=MODEL, messages=MESSAGES).choices
    assert log(server) == [(FPS[0], 401), (FPS[1], 401), (FPS[2], 200)]


def test_sdk_guardrail_403_does_not_quarantine_the_key(
    server: MistralTestServer, sdk: Callable[..., Mistral]
) -> None:
    pool = KeyPool(KEYS[:2])
    server.guardrail_block(times=1)
    client = sdk(pool, server_url=server.url)
    with pytest.raises(errors.SDKError) as info:
        client.chat.complete(model=MODEL, messages=MESSAGES)
    assert info.value.status_code == 403
    assert log(server) == [(FPS[0], 403)]  # not retried with another key
    assert pool.status() == {"active": 2, "cooling": 0, "quarantined": 0}


def test_sdk_plain_403_quarantines_the_key(
    server: MistralTestServer, sdk: Callable[..., Mistral]
) -> None:
    pool = KeyPool(KEYS[:2])
    server.fail(status=403, times=1)
    client = sdk(pool, server_url=server.url)
    assert client.chat.complete(model=MODEL, messages=MESSAGES).choices
    assert log(server) == [(FPS[0], 403), (FPS[1], 200)]
    assert pool.status()["quarantined"] == 1


def test_sdk_ignores_mistral_api_key_env(
    server: MistralTestServer, monkeypatch: pytest.MonkeyPatch, sdk: Callable[..., Mistral]
) -> None:
    # Left alone, the SDK would send $MISTRAL_API_KEY; the pool's key must win.
    monkeypatch.setenv("MISTRAL_API_KEY", "sk-from-environment-000000")
    client = sdk(KeyPool(KEYS[2:]), server_url=server.url)
    client.chat.complete(model=MODEL, messages=MESSAGES)
    assert log(server) == [(FPS[2], 200)]


def test_mistral_client_configuration(sdk: Callable[..., Mistral]) -> None:
    pool = KeyPool(KEYS)
    client = sdk(pool, server_url="http://127.0.0.1:9", timeout_ms=5_000)
    config = client.sdk_configuration
    # The clients retry (waits capped at 10 s, 60 s in all); the SDK's own loop is off.
    assert config.retry_config is None
    policy = config.client.retry_policy  # type: ignore[union-attr]
    assert (policy.max_wait, policy.deadline, policy.retry_transport) == (10.0, 60.0, True)
    assert config.timeout_ms == 5_000
    assert isinstance(config.client, httpx2.Client)
    assert isinstance(config.async_client, httpx2.AsyncClient)
    off = sdk(pool, retry_config=None).sdk_configuration
    assert off.client.retry_policy.max_retries == 0  # type: ignore[union-attr]
    with pytest.raises(TypeError):
        mistral_client(KEYS)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        mistral_client(pool, timeout_ms=0)


# -- httpx clients (LangChain) ---------------------------------------------------------------


def test_httpx_clients_replace_bearer_none_and_record_the_fingerprint(
    server: MistralTestServer, httpx_pair: Callable[..., tuple[httpx.Client, httpx.AsyncClient]]
) -> None:
    pool = KeyPool(KEYS[:2])
    server.revoke_key(KEYS[0])
    client, _ = httpx_pair(pool, base_url=server.api_url)
    # What ChatMistralAI would send without a key.
    response = client.post(
        "/chat/completions",
        json={"model": MODEL, "messages": MESSAGES},
        headers={"Authorization": "Bearer None"},
    )
    assert response.status_code == 200
    assert response.extensions[FINGERPRINT_EXTENSION] == FPS[1]
    assert response.request.extensions[FINGERPRINT_EXTENSION] == FPS[1]
    assert log(server) == [(FPS[0], 401), (FPS[1], 200)]
    assert fingerprint("None") not in {fp for fp, _ in log(server)}
    with pytest.raises(ValueError, match="Authorization"):
        httpx_clients(pool, base_url=server.api_url, headers={"authorization": "Bearer x"})


def test_httpx_stream_retry_sees_the_status_before_the_body(
    server: MistralTestServer, httpx_pair: Callable[..., tuple[httpx.Client, httpx.AsyncClient]]
) -> None:
    pool = KeyPool(KEYS[:2])
    server.revoke_key(KEYS[0])
    client, _ = httpx_pair(pool, base_url=server.api_url)
    body = {"model": MODEL, "messages": MESSAGES, "stream": True}
    with client.stream("POST", "/chat/completions", json=body) as response:
        assert response.status_code == 200
        lines = [line for line in response.iter_lines() if line.startswith("data:")]
    assert lines[-1] == "data: [DONE]"
    assert log(server) == [(FPS[0], 401), (FPS[1], 200)]


async def test_httpx_async_client(
    server: MistralTestServer, httpx_pair: Callable[..., tuple[httpx.Client, httpx.AsyncClient]]
) -> None:
    pool = KeyPool(KEYS)
    server.rate_limit(KEYS[0], retry_after=10, times=1)
    _, client = httpx_pair(pool, base_url=server.api_url)
    async with client:
        response = await client.post(
            "/chat/completions", json={"model": MODEL, "messages": MESSAGES}
        )
        assert response.status_code == 200
        body = {"model": MODEL, "messages": MESSAGES, "stream": True}
        async with client.stream("POST", "/chat/completions", json=body) as streamed:
            assert streamed.status_code == 200
            assert streamed.extensions[FINGERPRINT_EXTENSION] in FPS[1:]
    assert log(server)[0] == (FPS[0], 429)
    assert [status for _, status in log(server)[1:]] == [200, 200]
    assert FPS[0] not in {fp for fp, _ in log(server)[1:]}
    assert pool.status()["cooling"] == 1


def test_max_wait_bounds_how_long_a_request_waits(server: MistralTestServer) -> None:
    pool = KeyPool(KEYS[:1])
    pool.report(pool.acquire(), 429, retry_after=60)
    client = httpx.Client(base_url=server.api_url, auth=pool.auth(max_wait=1.0))
    with pytest.raises(NoUsableKey) as info:
        client.get("/models")
    assert info.value.states == {"cooling": 1}
    assert server.requests == []


def test_chat_mistral_ai_drop_in(
    server: MistralTestServer, httpx_pair: Callable[..., tuple[httpx.Client, httpx.AsyncClient]]
) -> None:
    chat_models = pytest.importorskip("langchain_mistralai.chat_models")
    pool = KeyPool(KEYS[:2])
    server.revoke_key(KEYS[0])
    client, async_client = httpx_pair(pool, base_url=server.api_url)
    llm = chat_models.ChatMistralAI(
        model=MODEL, client=client, async_client=async_client, max_retries=0
    )
    assert llm.invoke("hello there").content == "You said: hello there"
    assert log(server) == [(FPS[0], 401), (FPS[1], 200)]


# -- concurrency -----------------------------------------------------------------------------


def test_concurrent_calls_survive_a_key_revoked_mid_run(
    server: MistralTestServer, capsys: pytest.CaptureFixture[str], sdk: Callable[..., Mistral]
) -> None:
    """32 threads share one SDK client; key 1 is revoked after the first 40 calls."""
    threads, calls_each, revoke_after = 32, 6, 32
    server.set_latency(0.002)
    pool = KeyPool(KEYS)
    client = sdk(pool, server_url=server.url)
    quarantine_seen_at: list[int] = []  # server log length when the pool quarantined key 1
    pool_lock = threading.Lock()
    done = 0
    failures: list[str] = []

    class QuarantineWatch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "quarantined" in record.getMessage():
                quarantine_seen_at.append(len(server.requests))

    watch = QuarantineWatch()
    keys_log = logging.getLogger("mistral_secure.keys")
    keys_log.addHandler(watch)
    barrier = threading.Barrier(threads)

    def worker() -> None:
        nonlocal done
        barrier.wait()
        for _ in range(calls_each):
            try:
                answer = client.chat.complete(model=MODEL, messages=MESSAGES)
                assert answer.choices[0].message.content == "You said: hello there"
            except Exception as exc:
                failures.append(type(exc).__name__)
            with pool_lock:
                done += 1
                if done == revoke_after:
                    server.revoke_key(KEYS[1])

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    try:
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    finally:
        keys_log.removeHandler(watch)

    records = server.requests
    unauthorized = [r for r in records if r.status == 401]
    calls = threads * calls_each
    with capsys.disabled():
        print(
            f"\n[concurrency] calls={calls} requests={len(records)} 401s={len(unauthorized)} "
            f"failed={len(failures)} fp1_after_quarantine="
            f"{sum(r.key_fingerprint == FPS[1] for r in records[quarantine_seen_at[0] :])}"
        )
    assert failures == []
    assert len(records) == calls + len(unauthorized)  # each 401 cost exactly one retry
    assert unauthorized and {r.key_fingerprint for r in unauthorized} == {FPS[1]}
    # Only requests already signed when the pool learned of the revocation (at most one per
    # thread) may carry key 1 afterwards; every later call uses keys 0 and 2.
    assert len(quarantine_seen_at) == 1
    late = [r for r in records[quarantine_seen_at[0] :] if r.key_fingerprint == FPS[1]]
    assert len(late) < threads
    last_401 = max(i for i, r in enumerate(records) if r.status == 401)
    assert all(r.key_fingerprint != FPS[1] for r in records[last_401 + 1 :])
    # A thread meets the revoked key at most once: its retry and later calls use other keys.
    assert len(unauthorized) <= threads
    assert pool.status() == {"active": 2, "cooling": 0, "quarantined": 1}
    client.chat.complete(model=MODEL, messages=MESSAGES)
    assert server.requests[-1].key_fingerprint != FPS[1]


async def test_with_block_closes_the_pool_clients(server: MistralTestServer) -> None:
    client = mistral_client(KeyPool(KEYS), server_url=server.url)
    sync_http = client.sdk_configuration.client
    async_http = client.sdk_configuration.async_client
    assert isinstance(sync_http, httpx2.Client) and isinstance(async_http, httpx2.AsyncClient)
    with client:
        client.chat.complete(model=MODEL, messages=MESSAGES)  # type: ignore[arg-type]
    async with client:
        await client.chat.complete_async(model=MODEL, messages=MESSAGES)  # type: ignore[arg-type]
    assert sync_http.is_closed and async_http.is_closed
