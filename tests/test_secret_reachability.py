"""No key is reachable from anything a user can get, for every fault the test server injects.

Error trackers (Sentry), task queues (Celery results) and error queues serialise exceptions:
they pickle them, dump their ``__dict__`` as JSON, and record the local variables of every
frame of their traceback. So for each way of calling the API (the SDK, sync, async and
streamed; LangChain; LlamaIndex; moderation; a Guard) and each fault, the test takes what
the caller gets (the exception, or the answer) and the client objects, and looks for the raw
key bytes in:

* the object graph (``gc.get_referents``, dict keys and values, traceback frames' locals),
  stopping only at the pool's ``ApiKey`` (the one object meant to hold a key) and at code,
  classes and modules;
* ``pickle.dumps`` (when the object can be pickled), ``json.dumps`` of ``__dict__``,
  ``repr`` and ``str``.

The frame that caught the exception is the test's own and is not walked (it holds the keys
the test made the pool with), as an error tracker would see the application's frame.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import pickle
import types
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from mistral_secure import (
    CachedKeySource,
    EnvKeySource,
    Guard,
    KeyPool,
    MistralSecureError,
    Moderator,
    Policy,
    detect_injection,
    fingerprint,
    install_secret_filter,
    mistral_client,
    redact,
    sanitize_output,
)
from mistral_secure._keypool import ApiKey
from mistral_secure.testing import MistralTestServer

KEYS = ["kq7RzT2mXw9pLbN4vHc8JdYs3FgA6uEe", "Vn5hQx8KpW2rTz7mLc4YbJd9GsF3aNuR"]
NEEDLES = [key.encode() for key in KEYS]
MODEL = "mistral-small-latest"
TIMEOUT = 0.3  # seconds; the "slow" fault answers after 1 s
MESSAGES = [{"role": "user", "content": "hello"}]

_OPAQUE = (
    types.ModuleType,
    type,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.CodeType,
    types.MethodDescriptorType,
    types.WrapperDescriptorType,
    ApiKey,
)


def key_paths(root: object, *, skip_first_frame: bool = False, limit: int = 500_000) -> list[str]:
    """Where the raw key bytes are reachable from ``root``: a list of paths (empty: none)."""
    seen: set[int] = set()
    queue: deque[tuple[object, str]] = deque()
    if skip_first_frame and isinstance(root, BaseException):
        tb = root.__traceback__
        for ref in gc.get_referents(root):
            if ref is not tb:
                queue.append((ref, "exc"))
        if tb is not None and tb.tb_next is not None:
            queue.append((tb.tb_next, "exc.__traceback__.tb_next"))
        seen.add(id(root))
    else:
        queue.append((root, "root"))
    hits: list[str] = []
    visited = 0
    while queue and visited < limit:
        obj, path = queue.popleft()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        visited += 1
        if isinstance(obj, str):
            if any(key in obj for key in KEYS):
                hits.append(path)
            continue
        if isinstance(obj, (bytes, bytearray, memoryview)):
            if any(needle in bytes(obj) for needle in NEEDLES):
                hits.append(path)
            continue
        if isinstance(obj, _OPAQUE):
            continue
        if isinstance(obj, types.TracebackType):
            queue.append((obj.tb_frame, f"{path}.tb_frame"))
            if obj.tb_next is not None:
                queue.append((obj.tb_next, f"{path}.tb_next"))
            continue
        if isinstance(obj, types.FrameType):
            name = obj.f_code.co_name
            for local, value in obj.f_locals.items():
                queue.append((value, f"{path}<{name}:{local}>"))
            continue
        if isinstance(obj, dict):
            for k, v in obj.items():
                queue.append((k, f"{path}.<key>"))
                queue.append((v, f"{path}[{str(k)[:30]!r}]"))
            continue
        for ref in gc.get_referents(obj):
            queue.append((ref, f"{path}>{type(ref).__name__}"))
    return hits


def serialised_hits(obj: object) -> list[str]:
    """Which serialisations of ``obj`` contain a key: pickle, JSON of __dict__, repr, str."""
    found: list[str] = []
    try:
        blob = pickle.dumps(obj)
    except Exception:  # refusing to be pickled is fine (KeyPool, ApiKey, clients)
        blob = b""
    if any(needle in blob for needle in NEEDLES):
        found.append("pickle")
    state = getattr(obj, "__dict__", None)
    if isinstance(state, dict):
        dumped = json.dumps(state, default=repr)
        if any(key in dumped for key in KEYS):
            found.append("json(__dict__)")
    for name, render in (("repr", repr), ("str", str)):
        try:
            text = render(obj)
        except Exception:
            continue
        if any(key in text for key in KEYS):
            found.append(name)
    return found


# -- faults --------------------------------------------------------------------------------


def _revoke(server: MistralTestServer) -> None:
    for key in KEYS:
        server.revoke_key(key)


def _rate_limit(server: MistralTestServer) -> None:
    for key in KEYS:
        server.rate_limit(key, retry_after=20)


FAULTS: dict[str, Callable[[MistralTestServer], None]] = {
    "none": lambda server: None,
    "revoked_401": _revoke,
    "forbidden_403": lambda server: server.fail(403, times=None),
    "guardrail_403": lambda server: server.guardrail_block(times=None),
    "rate_limited_429": _rate_limit,
    "server_error_500": lambda server: server.fail(500, times=None),
    "unavailable_503": lambda server: server.fail(503, times=None),
    "broken_stream": lambda server: server.fail(kind="broken_stream", times=None),
    "malformed_json": lambda server: server.fail(kind="malformed_json", times=None),
    "slow": lambda server: server.fail(delay=1.0, times=None),
    "refused": lambda server: server.stop(),
}


# -- ways of calling the API -----------------------------------------------------------------


@dataclass
class Outcome:
    result: object
    error: BaseException | None
    objects: list[object]


def _sdk(pool: KeyPool, url: str) -> Any:
    return mistral_client(pool, server_url=url, timeout_ms=int(TIMEOUT * 1000), retry_config=None)


def sdk_complete(pool: KeyPool, url: str) -> tuple[Callable[[], object], list[object]]:
    client = _sdk(pool, url)
    return lambda: client.chat.complete(model=MODEL, messages=MESSAGES), [client]


def sdk_stream(pool: KeyPool, url: str) -> tuple[Callable[[], object], list[object]]:
    client = _sdk(pool, url)
    return lambda: list(client.chat.stream(model=MODEL, messages=MESSAGES)), [client]


def sdk_async(pool: KeyPool, url: str) -> tuple[Callable[[], object], list[object]]:
    client = _sdk(pool, url)

    async def run() -> object:
        try:
            return await client.chat.complete_async(model=MODEL, messages=MESSAGES)
        finally:
            await client.sdk_configuration.async_client.aclose()

    return lambda: asyncio.run(run()), [client]


def _langchain(pool: KeyPool, url: str) -> Any:
    from langchain_mistral_secure import secure_chat_mistralai

    chat = secure_chat_mistralai(
        pool, base_url=f"{url}/v1", model=MODEL, timeout=TIMEOUT, max_retries=0
    )
    chat.max_retries = 0  # LangChain's own retries of transport errors (4 s waits)
    return chat


def langchain_invoke(pool: KeyPool, url: str) -> tuple[Callable[[], object], list[object]]:
    chat = _langchain(pool, url)
    return lambda: chat.invoke("hello"), [chat]


def langchain_stream(pool: KeyPool, url: str) -> tuple[Callable[[], object], list[object]]:
    chat = _langchain(pool, url)
    return lambda: list(chat.stream("hello")), [chat]


def _llama(pool: KeyPool, url: str) -> Any:
    from llama_index_mistral_secure import secure_mistral_llm

    return secure_mistral_llm(pool, endpoint=url, model=MODEL, timeout=TIMEOUT, max_retries=0)


def llama_chat(pool: KeyPool, url: str) -> tuple[Callable[[], object], list[object]]:
    from llama_index.core.llms import ChatMessage

    llm = _llama(pool, url)
    return lambda: llm.chat([ChatMessage(role="user", content="hello")]), [llm]


def llama_stream(pool: KeyPool, url: str) -> tuple[Callable[[], object], list[object]]:
    from llama_index.core.llms import ChatMessage

    llm = _llama(pool, url)
    return lambda: list(llm.stream_chat([ChatMessage(role="user", content="hello")])), [llm]


def moderation(pool: KeyPool, url: str) -> tuple[Callable[[], object], list[object]]:
    moderator = Moderator(pool=pool, server_url=url, timeout=TIMEOUT, max_retries=0)
    return lambda: moderator.moderate("hello"), [moderator]


def guard(pool: KeyPool, url: str) -> tuple[Callable[[], object], list[object]]:
    moderator = Moderator(pool=pool, server_url=url, timeout=TIMEOUT, max_retries=0)
    checker = Guard(Policy(), moderator=moderator)
    return lambda: checker.check_input("hello"), [checker, moderator]


def guard_from_env(pool: KeyPool, url: str) -> tuple[Callable[[], object], list[object]]:
    # Guard() builds its moderator from $MISTRAL_API_KEY and $MISTRAL_BASE_URL.
    checker = Guard(Policy(moderation={"timeout": TIMEOUT}))
    return lambda: checker.check_input("hello"), [checker, checker.moderator]


PATHS: dict[str, Callable[[KeyPool, str], tuple[Callable[[], object], list[object]]]] = {
    "sdk_complete": sdk_complete,
    "sdk_stream": sdk_stream,
    "sdk_async": sdk_async,
    "langchain_invoke": langchain_invoke,
    "langchain_stream": langchain_stream,
    "llama_chat": llama_chat,
    "llama_stream": llama_stream,
    "moderation": moderation,
    "guard": guard,
    "guard_from_env": guard_from_env,
}


@pytest.fixture
def server() -> Iterator[MistralTestServer]:
    with MistralTestServer(keys=KEYS) as running:
        yield running


def _close(objects: list[object]) -> None:
    for obj in objects:
        close = getattr(obj, "close", None)
        if callable(close):
            close()
        config = getattr(obj, "sdk_configuration", None)
        if config is not None and config.client is not None:
            config.client.close()


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("path", list(PATHS))
def test_no_key_is_reachable_from_what_a_caller_gets(
    server: MistralTestServer, path: str, fault: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = server.url
    # The environment holds keys too: nothing may copy them into an object either.
    monkeypatch.setenv("MISTRAL_API_KEY", ",".join(KEYS))
    monkeypatch.setenv("MISTRAL_BASE_URL", url)
    # A cached source, as for a secret store: the cache must not keep plain keys either.
    pool = KeyPool(source=CachedKeySource(EnvKeySource()))
    call, objects = PATHS[path](pool, url)
    FAULTS[fault](server)
    error: BaseException | None = None
    result: object = None
    try:
        result = call()
    except Exception as exc:
        error = exc
    try:
        findings: dict[str, list[str]] = {}
        if error is not None:
            findings["error graph"] = key_paths(error, skip_first_frame=True)
            findings["error serialised"] = serialised_hits(error)
            for linked in (error.__cause__, error.__context__):
                if linked is not None:
                    findings["linked error serialised"] = serialised_hits(linked)
        else:
            findings["result graph"] = key_paths(result)
            findings["result serialised"] = serialised_hits(result)
        for index, obj in enumerate(objects):
            findings[f"object {index} graph"] = key_paths(obj)
            findings[f"object {index} serialised"] = serialised_hits(obj)
        leaks = {where: hits[:3] for where, hits in findings.items() if hits}
        kind = type(error).__name__ if error is not None else "no error"
        assert leaks == {}, f"{path} / {fault} ({kind}): key reachable via {leaks}"
    finally:
        _close(objects)


def test_the_walk_finds_a_key_where_one_is(server: MistralTestServer) -> None:
    # The detector itself: a plain httpx2 client signed by hand keeps the header; so does an
    # exception raised with the request inside, and a pickled one.
    import httpx2

    client = httpx2.Client(headers={"Authorization": f"Bearer {KEYS[0]}"})
    try:
        assert key_paths(client)
        request = client.build_request("GET", f"{server.url}/v1/models")
        error = httpx2.ConnectError("refused", request=request)
        assert key_paths(error)
        assert "pickle" in serialised_hits(error)
        assert key_paths(ApiKey(KEYS[0])) == []  # the one sanctioned holder
    finally:
        client.close()


# -- process-wide memo caches -----------------------------------------------------------------


EMAIL = "walter.whitaker.7731@example.org"
CARD = "4539 1488 0343 6467"


def _module_paths(value: str) -> list[str]:
    """Where ``value`` is reachable from the globals of mistral_secure's modules.

    One breadth-first walk from every global at once, each object visited once: walking
    from each global separately revisits the same objects for every global, which is
    quadratic in a large test session.
    """
    import sys

    needle = value.encode()
    roots: list[tuple[str, object]] = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("mistral_secure") or name.startswith("mistral_secure.testing"):
            continue
        for attr, obj in list(vars(module).items()):
            # Modules, classes and functions are code, except functools caches.
            code = isinstance(obj, (types.ModuleType, type, types.FunctionType))
            if code and getattr(obj, "cache_info", None) is None:
                continue
            roots.append((f"{name}.{attr}", obj))
    found: list[str] = []
    seen: set[int] = set()
    queue: deque[tuple[str, object]] = deque(roots)
    root_ids = {id(obj) for _, obj in roots}
    while queue and len(seen) < 2_000_000:
        where, item = queue.popleft()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, (str, bytes)):
            if (value if isinstance(item, str) else needle) in item and where not in found:
                found.append(where)
            continue
        if isinstance(item, _OPAQUE) and id(item) not in root_ids:
            continue
        queue.extend((where, ref) for ref in gc.get_referents(item))
    return found


def test_redaction_keeps_no_value_after_the_call() -> None:
    redact(f"write to {EMAIL}, card {CARD}, key sk-proj-{KEYS[1]}")
    gc.collect()
    assert _module_paths(EMAIL) == []
    assert _module_paths(KEYS[1]) == []


def test_sanitization_keeps_no_value_after_the_call() -> None:
    sanitize_output(f"Contact me:\n{EMAIL}\nCard: {CARD}\n")
    gc.collect()
    assert _module_paths(EMAIL) == []


# -- input errors hold no content ---------------------------------------------------------------

SURROGATE = f"mail {EMAIL} \ud800 card {CARD}"


def _no_moderation() -> Guard:
    return Guard(Policy(moderation={"enabled": False}))


def _json_line() -> object:
    from mistral_secure import JsonFormatter

    record = logging.LogRecord("app", logging.INFO, __file__, 1, "user said %s", (SURROGATE,), None)
    line = JsonFormatter().format(record)
    return line.encode("utf-8")  # what a handler writing UTF-8 does with it


INPUTS: dict[str, Any] = {
    "fingerprint": lambda: fingerprint(SURROGATE),
    "ApiKey": lambda: ApiKey(SURROGATE),
    "KeyPool": lambda: KeyPool([SURROGATE]),
    "JsonFormatter": _json_line,
    "scrubbing filter": lambda: install_secret_filter().scrub(SURROGATE),
    "redact": lambda: redact(SURROGATE),
    "sanitize_output": lambda: sanitize_output(SURROGATE),
    "detect_injection": lambda: detect_injection(SURROGATE),
    "Guard.check_input": lambda: _no_moderation().check_input(SURROGATE),
    "Guard.check_output": lambda: _no_moderation().check_output(SURROGATE),
}


@pytest.mark.parametrize("call", list(INPUTS.values()), ids=list(INPUTS))
def test_a_lone_surrogate_gives_no_error_holding_the_input(call: Callable[[], object]) -> None:
    # Accepted, or refused with a clear input error. A bare UnicodeEncodeError is neither:
    # its ``.object`` is the input (content, or a key).
    try:
        call()
    except Exception as exc:
        assert isinstance(exc, (MistralSecureError, TypeError, ValueError))
        assert not isinstance(exc, UnicodeError), f"bare {type(exc).__name__}"
        assert EMAIL not in f"{exc!s} {exc!r} {vars(exc)}"


def test_the_module_walk_finds_a_value_where_one_is() -> None:
    import mistral_secure._redaction as module

    module._PLANTED = {"memo": [("key", f"mail {EMAIL}")]}  # type: ignore[attr-defined]
    try:
        assert _module_paths(EMAIL) == ["mistral_secure._redaction._PLANTED"]
    finally:
        del module._PLANTED  # type: ignore[attr-defined]
