"""A local, Mistral-compatible HTTP server for tests (stdlib only).

It speaks enough of the Mistral API for the real clients (mistralai SDK, ChatMistralAI,
llama-index MistralAI) to work against it over loopback, and it can misbehave on demand:
401/429/403/5xx, slow answers, broken streams and malformed JSON.

The server is split by concern: HTTP plumbing (``_http``), the endpoints (``_routes``), what
tests configure and the request log (``_fakes``), and here the control API tests use.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Iterable
from types import TracebackType
from typing import Literal

from .._fingerprint import fingerprint
from ._fakes import (
    RecordedRequest,
    Reply,
    _Fault,
    _RateLimit,
    _Scripter,
    _State,
    _validate_reply,
)
from ._fakes import _message_text as _message_text  # noqa: PLC0414 - re-exported: the demo imports it from here
from ._http import _Server

__all__ = [
    "DEFAULT_TEST_KEYS",
    "MistralTestServer",
    "RecordedRequest",
    "Reply",
    "serve_forever",
]

#: Keys the ``mistral_server`` fixture accepts (32 characters, like real Mistral keys).
DEFAULT_TEST_KEYS: tuple[str, ...] = (
    "test-key-1-000000000000000000000",
    "test-key-2-000000000000000000000",
    "test-key-3-000000000000000000000",
)


class MistralTestServer:
    """A local Mistral-compatible API server for tests; use as a context manager.

    ``keys`` are the accepted bearer keys; ``latency`` is added before every answer;
    ``chunk_size`` is how many characters each streamed delta carries.
    """

    def __init__(
        self,
        keys: Iterable[str] = DEFAULT_TEST_KEYS,
        *,
        latency: float = 0.0,
        chunk_size: int = 8,
        host: str = "127.0.0.1",
        port: int = 0,
        verbose: bool = False,
    ) -> None:
        if isinstance(keys, str):
            raise TypeError("keys must be an iterable of str, not a single str")
        key_list = list(keys)
        for key in key_list:
            _check_key(key)
        if not isinstance(latency, (int, float)) or latency < 0:
            raise ValueError("latency must be a number >= 0")
        if not isinstance(chunk_size, int) or chunk_size < 1:
            raise ValueError("chunk_size must be an int >= 1")
        self._state = _State(key_list, float(latency), chunk_size)
        self._host = host
        self._port = port
        self._verbose = verbose
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> MistralTestServer:
        """Bind and serve in a daemon thread. Returns ``self``."""
        if self._httpd is not None:
            return self
        httpd = _Server((self._host, self._port))
        httpd.state = self._state
        httpd.verbose = self._verbose
        thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.01},
            name="mistral-test-server",
            daemon=True,
        )
        thread.start()
        self._httpd, self._thread = httpd, thread
        return self

    def stop(self) -> None:
        """Stop serving and drop open connections. Safe to call twice."""
        httpd, thread = self._httpd, self._thread
        self._httpd, self._thread = None, None
        if httpd is None:
            return
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> MistralTestServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self._httpd is not None else "stopped"
        return f"MistralTestServer({where}, keys={len(self.keys)})"

    # -- addresses ----------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The bound TCP port."""
        if self._httpd is None:
            raise RuntimeError("the server is not running; call start() or use `with`")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """Base URL without ``/v1``: mistralai ``server_url``, llama-index ``endpoint``."""
        host = self._host if ":" not in self._host else f"[{self._host}]"
        return f"http://{host}:{self.port}"

    @property
    def api_url(self) -> str:
        """Base URL with ``/v1``: ``ChatMistralAI(endpoint=...)``."""
        return f"{self.url}/v1"

    # -- keys ---------------------------------------------------------------------------

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys currently accepted (configured and not revoked)."""
        with self._state.lock:
            return tuple(sorted(self._state.keys - self._state.revoked))

    def add_key(self, key: str) -> None:
        """Accept ``key`` from now on (also un-revokes it)."""
        _check_key(key)
        with self._state.lock:
            self._state.keys.add(key)
            self._state.revoked.discard(key)

    def revoke_key(self, key: str) -> None:
        """Answer 401 to ``key`` from now on."""
        _check_key(key)
        with self._state.lock:
            self._state.revoked.add(key)

    def rate_limit(self, key: str, retry_after: float = 1.0, times: int | None = None) -> None:
        """Answer 429 with ``Retry-After`` to ``key``: ``times`` requests, or until cleared."""
        _check_key(key)
        _check_seconds(retry_after, "retry_after")
        _check_times(times)
        with self._state.lock:
            self._state.rate_limits[key] = _RateLimit(float(retry_after), times)

    def clear_rate_limit(self, key: str) -> None:
        """Stop rate-limiting ``key``."""
        _check_key(key)
        with self._state.lock:
            self._state.rate_limits.pop(key, None)

    # -- behaviour ----------------------------------------------------------------------

    def script(self, replies: Iterable[Reply] | _Scripter) -> None:
        """Queue assistant replies (FIFO), or set a ``callable(body) -> reply``.

        A reply is a ``str``, a ``list[str]`` (the exact streamed chunks), or a
        ``{"content": str, "tool_calls": [...]}`` dict. Without a script the server
        answers ``"You said: <last user message>"``.
        """
        if callable(replies):
            with self._state.lock:
                self._state.scripter = replies
            return
        if isinstance(replies, (str, bytes)):
            raise TypeError("script() expects a list of replies or a callable, not a str")
        items = list(replies)
        for item in items:
            _validate_reply(item)
        with self._state.lock:
            self._state.script.extend(items)

    def fail(
        self,
        status: int | None = None,
        *,
        kind: Literal["broken_stream", "malformed_json"] | None = None,
        delay: float | None = None,
        times: int | None = 1,
        retry_after: float | None = None,
        path: str | None = None,
    ) -> None:
        """Inject a fault into the next ``times`` requests (``None``: until ``reset``).

        Exactly one of: ``status`` (an HTTP error; 500 if nothing is given), ``kind``
        (``"broken_stream"``: hang up midway; ``"malformed_json"``: truncated JSON with
        status 200), or ``delay`` (seconds to wait before answering normally).
        ``path`` limits the fault to requests whose path starts with it.
        """
        _check_times(times)
        given = sum(x is not None for x in (status, kind, delay))
        if given > 1:
            raise ValueError("fail() takes one of status=, kind= or delay=")
        if path is not None and not isinstance(path, str):
            raise TypeError("path must be a str")
        fault: _Fault
        if kind is not None:
            if kind not in ("broken_stream", "malformed_json"):
                raise ValueError("kind must be 'broken_stream' or 'malformed_json'")
            fault = _Fault(kind, times, path=path)
        elif delay is not None:
            _check_seconds(delay, "delay")
            fault = _Fault("delay", times, delay=float(delay), path=path)
        else:
            code = 500 if status is None else status
            if not isinstance(code, int) or isinstance(code, bool) or not 400 <= code <= 599:
                raise ValueError("status must be an HTTP error status (400-599)")
            if retry_after is not None:
                _check_seconds(retry_after, "retry_after")
            fault = _Fault("status", times, status=code, retry_after=retry_after, path=path)
        with self._state.lock:
            self._state.faults.append(fault)

    def guardrail_block(self, times: int | None = 1) -> None:
        """Answer the next ``times`` chat completions with 403, as Mistral's guardrails do."""
        _check_times(times)
        with self._state.lock:
            if times is None or self._state.guardrail_blocks is None:
                self._state.guardrail_blocks = None
            else:
                self._state.guardrail_blocks += times

    def set_latency(self, seconds: float, *, stream_delay: float | None = None) -> None:
        """Change the delay before every answer (and between streamed chunks)."""
        _check_seconds(seconds, "seconds")
        with self._state.lock:
            self._state.latency = float(seconds)
            if stream_delay is not None:
                _check_seconds(stream_delay, "stream_delay")
                self._state.stream_delay = float(stream_delay)

    @property
    def requests(self) -> list[RecordedRequest]:
        """A copy of the request log, oldest first."""
        with self._state.lock:
            return list(self._state.requests)

    def reset(self) -> None:
        """Clear the script, faults, rate limits, guardrail blocks and request log."""
        with self._state.lock:
            self._state.script.clear()
            self._state.scripter = None
            self._state.faults.clear()
            self._state.rate_limits.clear()
            self._state.guardrail_blocks = 0
            self._state.requests.clear()


def _check_key(key: object) -> None:
    if not isinstance(key, str):
        raise TypeError(f"a key must be str, got {type(key).__name__}")
    if not key or key != key.strip():
        raise ValueError("a key must be non-empty with no surrounding whitespace")


def _check_seconds(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
        raise ValueError(f"{name} must be a number of seconds >= 0")


def _check_times(times: object) -> None:
    if times is None:
        return
    if isinstance(times, bool) or not isinstance(times, int) or times < 1:
        raise ValueError("times must be an int >= 1, or None for 'until reset'")


def serve_forever(host: str = "127.0.0.1", port: int = 0, keys: list[str] | None = None) -> None:
    """Run the server in the foreground until Ctrl-C (the ``mistral-secure serve`` command).

    Without ``keys``, one random key is generated and printed: it is a throwaway local key,
    the only way for the user to call this server.
    """
    generated = not keys
    accepted = list(keys) if keys else [f"test-{secrets.token_hex(14)}"]
    server = MistralTestServer(accepted, host=host, port=port, verbose=True)
    server.start()
    print(f"Mistral test server listening on {server.url}", flush=True)
    print(f"  mistralai: Mistral(server_url={server.url!r}, api_key=...)", flush=True)
    print(f"  LangChain: ChatMistralAI(endpoint={server.api_url!r}, api_key=...)", flush=True)
    if generated:
        print(f"  accepted key (generated, local only): {accepted[0]}", flush=True)
    else:
        fps = ", ".join(fingerprint(k) for k in accepted)
        print(f"  accepted keys: {fps}", flush=True)
    print("Press Ctrl-C to stop.", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
