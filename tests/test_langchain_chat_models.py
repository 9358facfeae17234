"""secure_chat_mistralai: key rotation, status retries, no `Bearer None`, pass-through options."""

from __future__ import annotations

import httpx
import pytest

from langchain_mistral_secure import secure_chat_mistralai
from mistral_secure import KeyPool, fingerprint
from mistral_secure.testing import DEFAULT_TEST_KEYS, MistralTestServer

KEYS = DEFAULT_TEST_KEYS
FPS = [fingerprint(k) for k in KEYS]


def _log(server: MistralTestServer) -> list[tuple[str | None, int]]:
    return [
        (r.key_fingerprint, r.status)
        for r in server.requests
        if r.path.endswith("/chat/completions")
    ]


def test_revoked_key_is_retried_with_the_next_one(mistral_server: MistralTestServer) -> None:
    mistral_server.revoke_key(KEYS[0])
    with secure_chat_mistralai(KeyPool(KEYS[:2]), base_url=mistral_server.api_url) as llm:
        assert llm.invoke("hello").content == "You said: hello"
        assert "".join(str(c.content) for c in llm.stream("again")) == "You said: again"
        assert _log(mistral_server) == [(FPS[0], 401), (FPS[1], 200), (FPS[1], 200)]


async def test_async_client_rotates_too(mistral_server: MistralTestServer) -> None:
    mistral_server.revoke_key(KEYS[0])
    async with secure_chat_mistralai(KeyPool(KEYS[:2]), base_url=mistral_server.api_url) as llm:
        assert (await llm.ainvoke("hello")).content == "You said: hello"
        assert _log(mistral_server) == [(FPS[0], 401), (FPS[1], 200)]


@pytest.mark.parametrize("status", [500, 503])
def test_server_errors_are_retried(mistral_server: MistralTestServer, status: int) -> None:
    mistral_server.fail(status=status, times=1, retry_after=0.0)
    with secure_chat_mistralai(KeyPool(KEYS[:1]), base_url=mistral_server.api_url) as llm:
        assert llm.invoke("hello").content == "You said: hello"
        assert [s for _, s in _log(mistral_server)] == [status, 200]


def test_retries_are_bounded(mistral_server: MistralTestServer) -> None:
    mistral_server.fail(status=503, times=None, retry_after=0.0)
    with secure_chat_mistralai(
        KeyPool(KEYS[:1]), base_url=mistral_server.api_url, max_retries=1
    ) as llm:
        with pytest.raises(httpx.HTTPStatusError):
            llm.invoke("hello")
        assert [s for _, s in _log(mistral_server)] == [503, 503]


def test_no_bearer_none_without_an_env_key(
    mistral_server: MistralTestServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MISTRAL_API_KEY", raising=False)
    with secure_chat_mistralai(KeyPool(KEYS[1:2]), base_url=mistral_server.api_url) as llm:
        assert llm.invoke("hi").content == "You said: hi"
        assert _log(mistral_server) == [(FPS[1], 200)]
        assert fingerprint("None") not in {fp for fp, _ in _log(mistral_server)}


def test_safe_prompt_and_guardrails_pass_through(mistral_server: MistralTestServer) -> None:
    guardrails = [
        {"block_on_error": False, "moderation_llm_v1": {"custom_category_thresholds": {}}}
    ]
    with secure_chat_mistralai(
        KeyPool(KEYS), base_url=mistral_server.api_url, safe_prompt=True, guardrails=guardrails
    ) as llm:
        llm.invoke("hi")
        body = mistral_server.requests[-1].body
        assert body is not None
        assert body["safe_prompt"] is True
        assert body["guardrails"] == guardrails


def test_timeouts_are_explicit(mistral_server: MistralTestServer) -> None:
    with secure_chat_mistralai(KeyPool(KEYS), base_url=mistral_server.api_url, timeout=7.5) as llm:
        assert llm.client.timeout == httpx.Timeout(7.5)
        assert llm.async_client.timeout == httpx.Timeout(7.5)


def test_bad_arguments() -> None:
    with pytest.raises(TypeError):
        secure_chat_mistralai(list(KEYS))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="api_key"):
        secure_chat_mistralai(KeyPool(KEYS), api_key="k")
    with pytest.raises(ValueError):
        secure_chat_mistralai(KeyPool(KEYS), timeout=0)
    with pytest.raises(TypeError):
        secure_chat_mistralai(KeyPool(KEYS), safe_prompt="yes")  # type: ignore[arg-type]


async def test_closing_the_model_closes_both_clients(mistral_server: MistralTestServer) -> None:
    llm = secure_chat_mistralai(KeyPool(KEYS), base_url=mistral_server.api_url)
    async with llm:
        assert (await llm.ainvoke("hi")).content == "You said: hi"
    with pytest.raises(RuntimeError, match="closed"):
        llm.invoke("again")
    with pytest.raises(RuntimeError, match="closed"):
        await llm.ainvoke("again")
    assert len(_log(mistral_server)) == 1


def test_connection_errors_are_retried_by_one_policy_not_two() -> None:
    """LangChain's own retry loop (5 tries, 4-10 s waits) must not multiply the pool's."""
    import socket
    import threading

    accepted = 0
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept_and_drop() -> None:
        nonlocal accepted
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            accepted += 1
            conn.close()  # a dropped connection: httpx raises a transport error

    thread = threading.Thread(target=accept_and_drop, daemon=True)
    thread.start()
    port = listener.getsockname()[1]
    try:
        llm = secure_chat_mistralai(
            KeyPool(KEYS[:1]), base_url=f"http://127.0.0.1:{port}", max_retries=1
        )
        with pytest.raises(Exception) as info:
            llm.invoke("hi")
        assert "test-key" not in repr(info.value)
    finally:
        stop.set()
        thread.join()
        listener.close()
    # The policy does not resend a request the server may have received; LangChain (5 tries
    # with 4-10 s waits by default) must not resend it either.
    assert accepted == 1
