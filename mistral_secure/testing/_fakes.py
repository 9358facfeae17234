"""What a test configures and what the server records: replies, faults, rate limits, the
request log, all behind one lock (:class:`_State`); and how a scripted reply becomes an answer.
"""

from __future__ import annotations

import json
import math
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

__all__ = ["FaultKind", "RecordedRequest", "Reply"]

#: A scripted assistant reply: text, explicit SSE chunks, or ``{"content", "tool_calls"}``.
Reply: TypeAlias = "str | list[str] | Mapping[str, Any]"
_Scripter: TypeAlias = Callable[[dict[str, Any]], "str | list[str] | Mapping[str, Any]"]
FaultKind = Literal["status", "broken_stream", "malformed_json", "delay"]


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
