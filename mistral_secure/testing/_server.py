"""A local, Mistral-compatible HTTP server for tests (stdlib only).

It speaks enough of the Mistral API for the real clients (mistralai SDK, ChatMistralAI,
llama-index MistralAI) to work against it over loopback, and it can misbehave on demand:
401/429/403/5xx, slow answers, broken streams and malformed JSON.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import random
import secrets
import socket
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal, TypeAlias
from urllib.parse import urlsplit

from .._fingerprint import fingerprint
from ._moderation_scoring import FLAG_THRESHOLD, categories_for_model, score_text

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

#: A scripted assistant reply: text, explicit SSE chunks, or ``{"content", "tool_calls"}``.
Reply: TypeAlias = "str | list[str] | Mapping[str, Any]"
_Scripter: TypeAlias = Callable[[dict[str, Any]], "str | list[str] | Mapping[str, Any]"]
FaultKind = Literal["status", "broken_stream", "malformed_json", "delay"]

_MAX_BODY = 32 * 1024 * 1024
_EMBED_DIM = 1024
_CHAT_MODELS = (
    "mistral-small-latest",
    "mistral-medium-latest",
    "mistral-large-latest",
    "open-mistral-nemo",
    "ministral-8b-latest",
)
_ROLES = frozenset({"system", "user", "assistant", "tool"})


@dataclass(frozen=True)
class RecordedRequest:
    """One request the server received. ``body`` is the parsed JSON object, or ``None``."""

    method: str
    path: str
    body: dict[str, Any] | None = field(repr=False)
    key_fingerprint: str | None
    status: int


@dataclass
class _Fault:
    kind: FaultKind
    remaining: int | None
    status: int = 500
    delay: float = 0.0
    retry_after: float | None = None
    path: str | None = None


@dataclass
class _RateLimit:
    retry_after: float
    remaining: int | None


@dataclass(frozen=True)
class _Answer:
    content: str
    chunks: tuple[str, ...]
    tool_calls: tuple[dict[str, Any], ...]


class _ApiError(Exception):
    """An error answer: raised inside request handling, turned into a JSON error body."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type_: str = "invalid_request_error",
        code: str | None = None,
        detail: list[dict[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type_ = type_
        self.code = code
        self.detail = detail
        self.headers = dict(headers or {})


def _invalid(loc: Sequence[str | int], msg: str, type_: str = "value_error") -> _ApiError:
    # Shape accepted by the SDK's HTTPValidationErrorData (``detail``) and readable as
    # Mistral's usual error object; never echoes the offending input.
    return _ApiError(
        422,
        f"Invalid request: {'.'.join(str(p) for p in loc)}: {msg}",
        detail=[{"loc": ["body", *loc], "msg": msg, "type": type_}],
    )


def _format_seconds(seconds: float) -> str:
    return f"{seconds:g}"


def _tokens(text: str) -> int:
    return max(1, math.ceil(len(text) / 4))


def _message_text(message: Mapping[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(str(part.get("text", "")) for part in content if isinstance(part, Mapping))
    return ""


def _split(text: str, size: int) -> tuple[str, ...]:
    if not text:
        return ("",)
    return tuple(text[i : i + size] for i in range(0, len(text), size))


class _State:
    """Everything tests configure, behind one lock (handler threads read it concurrently)."""

    def __init__(self, keys: Iterable[str], latency: float, chunk_size: int) -> None:
        self.lock = threading.Lock()
        self.keys: set[str] = set(keys)
        self.revoked: set[str] = set()
        self.rate_limits: dict[str, _RateLimit] = {}
        self.script: deque[str | list[str] | Mapping[str, Any]] = deque()
        self.scripter: _Scripter | None = None
        self.faults: list[_Fault] = []
        self.guardrail_blocks: int | None = 0
        self.requests: list[RecordedRequest] = []
        self.latency = latency
        self.chunk_size = chunk_size
        self.stream_delay = 0.0

    def take_fault(self, path: str) -> _Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.path is None or path.startswith(fault.path):
                    if fault.remaining is not None:
                        fault.remaining -= 1
                        if fault.remaining <= 0:
                            self.faults.remove(fault)
                    return fault
        return None

    def take_rate_limit(self, key: str) -> float | None:
        with self.lock:
            limit = self.rate_limits.get(key)
            if limit is None:
                return None
            if limit.remaining is not None:
                limit.remaining -= 1
                if limit.remaining <= 0:
                    del self.rate_limits[key]
            return limit.retry_after

    def take_guardrail_block(self) -> bool:
        with self.lock:
            if self.guardrail_blocks is None:
                return True
            if self.guardrail_blocks > 0:
                self.guardrail_blocks -= 1
                return True
            return False

    def next_reply(self, body: dict[str, Any]) -> str | list[str] | Mapping[str, Any] | None:
        with self.lock:
            if self.script:
                return self.script.popleft()
            scripter = self.scripter
        return scripter(body) if scripter is not None else None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    # Set by MistralTestServer right after construction.
    state: _State
    verbose: bool = False

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client dropping a kept-alive connection is normal: no traceback on stderr.
        if isinstance(sys.exc_info()[1], ConnectionError) and not self.verbose:
            return
        super().handle_error(request, client_address)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Drop keep-alive connections so no handler thread outlives the server."""
        with self._connections_lock:
            connections = list(self._connections)
            self._connections.clear()
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "MistralTestServer/1.0"
    # Headers and body go out in separate writes; Nagle + delayed ACK would add ~40 ms each.
    disable_nagle_algorithm = True
    # Idle keep-alive connections are dropped after this many seconds.
    timeout = 30
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    # -- request flow -------------------------------------------------------------------

    def _handle(self, method: str) -> None:
        state = self.server.state
        path = urlsplit(self.path).path
        request_id = uuid.uuid4().hex
        body: dict[str, Any] | None = None
        key_fp: str | None = None
        try:
            raw = self._read_body()
        except _ApiError as exc:
            self.close_connection = True
            self._record(state, method, path, None, None, status=exc.status)
            self._send_error(exc, request_id)
            return
        try:
            route = _ROUTES.get(path)
            if route is None:
                raise _ApiError(404, "Not Found", type_="not_found_error")
            if route[0] != method:
                raise _ApiError(405, "Method Not Allowed")
            key = self._bearer()
            key_fp = fingerprint(key) if key else None
            with state.lock:
                accepted = key is not None and key in state.keys and key not in state.revoked
                latency = state.latency
            if not accepted:
                raise _ApiError(401, "Unauthorized", type_="authentication_error")
            assert key is not None
            retry_after = state.take_rate_limit(key)
            if retry_after is not None:
                raise _ApiError(
                    429,
                    "Requests rate limit exceeded",
                    type_="rate_limit_error",
                    headers={"Retry-After": _format_seconds(retry_after)},
                )
            if latency > 0:
                time.sleep(latency)
            fault = state.take_fault(path)
            if fault is not None and fault.kind == "delay":
                time.sleep(fault.delay)
                fault = None
            if fault is not None and fault.kind == "status":
                headers = {}
                if fault.retry_after is not None:
                    headers["Retry-After"] = _format_seconds(fault.retry_after)
                raise _ApiError(
                    fault.status,
                    "Injected fault",
                    type_="api_error" if fault.status >= 500 else "invalid_request_error",
                    headers=headers,
                )
            if method == "POST":
                body = self._parse_json(raw)
            answer = route[1](self, body or {})
        except _ApiError as exc:
            self._record(state, method, path, body, key_fp, status=exc.status)
            self._send_error(exc, request_id)
            return
        except Exception as exc:  # a bug here must not take the server down
            self._record(state, method, path, body, key_fp, status=500)
            self._send_error(_ApiError(500, f"Internal error: {type(exc).__name__}"), request_id)
            return
        self._record(state, method, path, body, key_fp, status=200)
        broken = fault is not None and fault.kind == "broken_stream"
        malformed = fault is not None and fault.kind == "malformed_json"
        if isinstance(answer, list):
            self._send_stream(answer, request_id, broken=broken, malformed=malformed)
        else:
            self._send_json(200, answer, request_id, broken=broken, malformed=malformed)

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts: list[bytes] = []
            total = 0
            while True:
                line = self.rfile.readline(1024)
                try:
                    size = int(line.split(b";")[0].strip() or b"x", 16)
                except ValueError:
                    raise _ApiError(400, "Malformed chunked body") from None
                if size == 0:
                    self.rfile.readline(1024)
                    return b"".join(parts)
                total += size
                if total > _MAX_BODY:
                    raise _ApiError(413, "Request body too large")
                parts.append(self.rfile.read(size))
                self.rfile.readline(1024)
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            return b""
        try:
            length = int(length_header)
        except ValueError:
            raise _ApiError(400, "Invalid Content-Length") from None
        if length < 0:
            raise _ApiError(400, "Invalid Content-Length")
        if length > _MAX_BODY:
            raise _ApiError(413, "Request body too large")
        return self.rfile.read(length)

    def _bearer(self) -> str | None:
        header = self.headers.get("Authorization")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None
        return token

    @staticmethod
    def _parse_json(raw: bytes) -> dict[str, Any]:
        try:
            parsed = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise _ApiError(400, "Invalid JSON body") from None
        if not isinstance(parsed, dict):
            raise _ApiError(400, "The JSON body must be an object")
        return parsed

    @staticmethod
    def _record(
        state: _State,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        key_fp: str | None,
        *,
        status: int,
    ) -> None:
        with state.lock:
            state.requests.append(RecordedRequest(method, path, body, key_fp, status))

    # -- writing ------------------------------------------------------------------------

    def _send_error(self, exc: _ApiError, request_id: str) -> None:
        payload: dict[str, Any] = {
            "object": "error",
            "message": exc.message,
            "type": exc.type_,
            "param": None,
            "code": exc.code,
            "request_id": request_id,
        }
        if exc.detail is not None:
            payload["detail"] = exc.detail
        self._send_json(exc.status, payload, request_id, headers=exc.headers)

    def _send_json(
        self,
        status: int,
        payload: Any,
        request_id: str,
        *,
        headers: Mapping[str, str] | None = None,
        broken: bool = False,
        malformed: bool = False,
    ) -> None:
        data = json.dumps(payload).encode("utf-8")
        if malformed:
            data = data[: max(1, len(data) // 2)]
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-request-id", request_id)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if broken:
                # Promise the full body, send half, hang up: the client sees a truncated read.
                self.wfile.write(data[: len(data) // 2])
                self._hang_up()
                return
            self.wfile.write(data)
        except OSError:
            self.close_connection = True

    def _send_stream(
        self,
        events: list[dict[str, Any]],
        request_id: str,
        *,
        broken: bool,
        malformed: bool,
    ) -> None:
        state = self.server.state
        # Chunked encoding, as the real API: a stream cut short is then a protocol error
        # the client can see, not a silently shorter body.
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("x-request-id", request_id)
            self.end_headers()
            cut = max(1, len(events) // 2) if broken else None
            for index, event in enumerate(events):
                if cut is not None and index >= cut:
                    self._hang_up()
                    return
                line = json.dumps(event)
                if malformed and index == len(events) // 2:
                    line = line[: len(line) // 2]
                self._write_chunk(f"data: {line}\n\n".encode())
                if state.stream_delay > 0:
                    time.sleep(state.stream_delay)
            self._write_chunk(b"data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _hang_up(self) -> None:
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # -- endpoints ----------------------------------------------------------------------

    def _chat_completions(self, body: dict[str, Any]) -> dict[str, Any] | list[dict[str, Any]]:
        model = _require_str(body, "model")
        messages = _require_messages(body.get("messages"), ("messages",))
        stream = body.get("stream", False)
        if not isinstance(stream, bool) and stream is not None:
            raise _invalid(("stream",), "Input should be a valid boolean", "bool_type")
        state = self.server.state
        guardrail_hit = _guardrails_flag(body.get("guardrails"), messages)
        if state.take_guardrail_block() or guardrail_hit:
            raise _ApiError(
                403,
                "Request blocked by guardrails: the input was flagged by moderation.",
                type_="guardrail_error",
                code="guardrail_blocked",
            )
        answer = _make_answer(state, body, messages)
        completion_id = uuid.uuid4().hex
        created = int(time.time())
        prompt_tokens = sum(_tokens(_message_text(m)) for m in messages)
        completion_tokens = _tokens(answer.content) if answer.content else 1
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }
        finish_reason = "tool_calls" if answer.tool_calls else "stop"
        if not stream:
            message: dict[str, Any] = {
                "role": "assistant",
                "content": answer.content,
                "tool_calls": list(answer.tool_calls) or None,
            }
            return {
                "id": completion_id,
                "object": "chat.completion",
                "model": model,
                "created": created,
                "choices": [{"index": 0, "message": message, "finish_reason": finish_reason}],
                "usage": usage,
            }

        def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            return {
                "id": completion_id,
                "object": "chat.completion.chunk",
                "created": created,
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }

        events = [chunk({"role": "assistant", "content": ""})]
        events.extend(chunk({"content": piece}) for piece in answer.chunks if piece)
        if answer.tool_calls:
            events.append(chunk({"content": "", "tool_calls": list(answer.tool_calls)}))
        last = chunk({"content": ""}, finish_reason)
        last["usage"] = usage
        events.append(last)
        return events

    def _moderations(self, body: dict[str, Any]) -> dict[str, Any]:
        model = _require_str(body, "model")
        inputs = body.get("input")
        if isinstance(inputs, str):
            texts = [inputs]
        elif isinstance(inputs, list) and all(isinstance(t, str) for t in inputs):
            texts = list(inputs)
        elif inputs is None:
            raise _invalid(("input",), "Field required", "missing")
        else:
            raise _invalid(("input",), "Input should be a string or a list of strings")
        if not texts:
            raise _invalid(("input",), "List should have at least 1 item", "too_short")
        return _moderation_response(model, texts)

    def _chat_moderations(self, body: dict[str, Any]) -> dict[str, Any]:
        model = _require_str(body, "model")
        inputs = body.get("input")
        if inputs is None:
            raise _invalid(("input",), "Field required", "missing")
        if not isinstance(inputs, list) or not inputs:
            raise _invalid(("input",), "Input should be a non-empty list of messages")
        if all(isinstance(item, list) for item in inputs):
            conversations = [_require_messages(conv, ("input", i)) for i, conv in enumerate(inputs)]
        else:
            conversations = [_require_messages(inputs, ("input",))]
        texts = ["\n".join(_message_text(m) for m in conv) for conv in conversations]
        return _moderation_response(model, texts)

    def _embeddings(self, body: dict[str, Any]) -> dict[str, Any]:
        model = _require_str(body, "model")
        inputs = body.get("input", body.get("inputs"))
        if isinstance(inputs, str):
            texts = [inputs]
        elif isinstance(inputs, list) and inputs and all(isinstance(t, str) for t in inputs):
            texts = list(inputs)
        elif inputs is None:
            raise _invalid(("input",), "Field required", "missing")
        else:
            raise _invalid(("input",), "Input should be a string or a non-empty list of strings")
        dim = body.get("output_dimension") or _EMBED_DIM
        if not isinstance(dim, int) or isinstance(dim, bool) or not 1 <= dim <= 4096:
            raise _invalid(("output_dimension",), "Input should be an integer in 1..4096")
        tokens = sum(_tokens(t) for t in texts)
        return {
            "id": uuid.uuid4().hex,
            "object": "list",
            "model": model,
            "usage": {"prompt_tokens": tokens, "completion_tokens": 0, "total_tokens": tokens},
            "data": [
                {"object": "embedding", "embedding": embed(t, dim), "index": i}
                for i, t in enumerate(texts)
            ],
        }

    def _models(self, body: dict[str, Any]) -> dict[str, Any]:
        created = 1_700_000_000
        cards: list[dict[str, Any]] = []
        for name in _CHAT_MODELS:
            cards.append(_card(name, created, completion_chat=True, function_calling=True))
        cards.append(_card("mistral-embed", created))
        for name in ("mistral-moderation-latest", "mistral-moderation-2411"):
            cards.append(_card(name, created, moderation=True))
        cards.append(_card("mistral-moderation-2603", created, moderation=True))
        return {"object": "list", "data": cards}


_Endpoint = Callable[[_Handler, dict[str, Any]], "dict[str, Any] | list[dict[str, Any]]"]
_ROUTES: dict[str, tuple[str, _Endpoint]] = {
    "/v1/chat/completions": ("POST", _Handler._chat_completions),
    "/v1/moderations": ("POST", _Handler._moderations),
    "/v1/chat/moderations": ("POST", _Handler._chat_moderations),
    "/v1/embeddings": ("POST", _Handler._embeddings),
    "/v1/models": ("GET", _Handler._models),
}


def _card(name: str, created: int, **capabilities: bool) -> dict[str, Any]:
    return {
        "id": name,
        "object": "model",
        "type": "base",
        "created": created,
        "owned_by": "mistralai",
        "capabilities": {"completion_chat": False, "function_calling": False, **capabilities},
        "max_context_length": 32768,
    }


def embed(text: str, dim: int = _EMBED_DIM) -> list[float]:
    """The server's deterministic, unit-length embedding of ``text``."""
    seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    rng = random.Random(seed)  # noqa: S311 - test vectors, not cryptography
    vector = [rng.gauss(0.0, 1.0) for _ in range(dim)]
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [round(v / norm, 7) for v in vector]


def _require_str(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    if value is None:
        raise _invalid((name,), "Field required", "missing")
    if not isinstance(value, str) or not value:
        raise _invalid((name,), "Input should be a non-empty string", "string_type")
    return value


def _require_messages(value: Any, loc: tuple[str | int, ...]) -> list[dict[str, Any]]:
    if value is None:
        raise _invalid(loc, "Field required", "missing")
    if not isinstance(value, list) or not value:
        raise _invalid(loc, "Input should be a non-empty list of messages", "list_type")
    for i, message in enumerate(value):
        if not isinstance(message, dict):
            raise _invalid((*loc, i), "Input should be an object", "dict_type")
        role = message.get("role", "user")
        if role not in _ROLES:
            raise _invalid((*loc, i, "role"), "Input should be a known role", "literal_error")
        content = message.get("content")
        if content is not None and not isinstance(content, (str, list)):
            raise _invalid((*loc, i, "content"), "Input should be a string or a list")
    return value


def _guardrails_flag(guardrails: Any, messages: Sequence[Mapping[str, Any]]) -> bool:
    """Apply a request's ``guardrails`` (moderation_llm_v1/v2 configs) to its input."""
    if guardrails is None:
        return False
    if not isinstance(guardrails, list) or not all(isinstance(g, dict) for g in guardrails):
        raise _invalid(("guardrails",), "Input should be a list of guardrail configs")
    text = "\n".join(_message_text(m) for m in messages)
    for guardrail in guardrails:
        for version, default_model in (
            ("moderation_llm_v1", "mistral-moderation-2411"),
            ("moderation_llm_v2", "mistral-moderation-2603"),
        ):
            config = guardrail.get(version)
            if not isinstance(config, dict) or config.get("action") == "none":
                continue
            categories = categories_for_model(str(config.get("model_name") or default_model))
            if categories is None:
                raise _invalid(("guardrails", version, "model_name"), "Unknown moderation model")
            thresholds = config.get("custom_category_thresholds") or {}
            if not isinstance(thresholds, dict):
                raise _invalid(("guardrails", version), "Thresholds should be an object")
            if config.get("ignore_other_categories"):
                categories = tuple(c for c in categories if thresholds.get(c) is not None)
            _, scores = score_text(text, categories)
            for name, score in scores.items():
                limit = thresholds.get(name)
                if limit is not None and not isinstance(limit, (int, float)):
                    raise _invalid(("guardrails", version, name), "Threshold should be a number")
                if score >= (FLAG_THRESHOLD if limit is None else float(limit)):
                    return True
    return False


def _moderation_response(model: str, texts: Sequence[str]) -> dict[str, Any]:
    categories = categories_for_model(model)
    if categories is None:
        raise _ApiError(400, "Invalid model: not a moderation model", code="invalid_model")
    results = []
    for text in texts:
        flags, scores = score_text(text, categories)
        results.append({"categories": flags, "category_scores": scores})
    return {"id": uuid.uuid4().hex, "model": model, "results": results}


def _make_answer(
    state: _State, body: dict[str, Any], messages: Sequence[Mapping[str, Any]]
) -> _Answer:
    reply = state.next_reply(body)
    with state.lock:
        chunk_size = state.chunk_size
    if reply is None:
        last_user = next(
            (_message_text(m) for m in reversed(messages) if m.get("role", "user") == "user"),
            "",
        )
        reply = f"You said: {last_user}"
    if isinstance(reply, str):
        return _Answer(reply, _split(reply, chunk_size), ())
    if isinstance(reply, list):
        return _Answer("".join(reply), tuple(reply), ())
    content = str(reply.get("content") or "")
    tool_calls = tuple(_tool_call(call, i) for i, call in enumerate(reply.get("tool_calls") or ()))
    return _Answer(content, _split(content, chunk_size) if content else (), tool_calls)


def _tool_call(call: Mapping[str, Any], index: int) -> dict[str, Any]:
    function = dict(call.get("function") or {"name": call.get("name", "tool")})
    arguments = function.get("arguments", call.get("arguments", {}))
    function["arguments"] = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return {
        "id": str(call.get("id") or f"call{index:05d}"[:9]),
        "type": "function",
        "function": function,
        "index": index,
    }


def _validate_reply(reply: object) -> None:
    if isinstance(reply, str):
        return
    if isinstance(reply, list):
        if not all(isinstance(chunk, str) for chunk in reply):
            raise TypeError("a scripted reply list must contain only str chunks")
        return
    if isinstance(reply, Mapping):
        content = reply.get("content")
        if content is not None and not isinstance(content, str):
            raise TypeError("a scripted reply's 'content' must be a str")
        calls = reply.get("tool_calls")
        if calls is not None and not (
            isinstance(calls, list) and all(isinstance(c, Mapping) for c in calls)
        ):
            raise TypeError("a scripted reply's 'tool_calls' must be a list of dicts")
        return
    raise TypeError(f"a scripted reply must be str, list[str] or dict, got {type(reply).__name__}")


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
