"""The API's endpoints: chat completions (JSON and SSE), moderations, chat moderations,
embeddings and the model list, with the error answers Mistral gives for bad requests.
"""

from __future__ import annotations

import hashlib
import math
import random
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._fakes import _make_answer, _message_text, _tokens
from ._moderation_scoring import FLAG_THRESHOLD, categories_for_model, score_text

if TYPE_CHECKING:
    from ._http import _Handler

__all__ = ["embed"]

_EMBED_DIM = 1024
_CHAT_MODELS = (
    "mistral-small-latest",
    "mistral-medium-latest",
    "mistral-large-latest",
    "open-mistral-nemo",
    "ministral-8b-latest",
)
_ROLES = frozenset({"system", "user", "assistant", "tool"})


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


def _chat_completions(
    handler: _Handler, body: dict[str, Any]
) -> dict[str, Any] | list[dict[str, Any]]:
    model = _require_str(body, "model")
    messages = _require_messages(body.get("messages"), ("messages",))
    stream = body.get("stream", False)
    if not isinstance(stream, bool) and stream is not None:
        raise _invalid(("stream",), "Input should be a valid boolean", "bool_type")
    state = handler.server.state
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


def _moderations(handler: _Handler, body: dict[str, Any]) -> dict[str, Any]:
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


def _chat_moderations(handler: _Handler, body: dict[str, Any]) -> dict[str, Any]:
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


def _embeddings(handler: _Handler, body: dict[str, Any]) -> dict[str, Any]:
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


def _models(handler: _Handler, body: dict[str, Any]) -> dict[str, Any]:
    created = 1_700_000_000
    cards: list[dict[str, Any]] = []
    for name in _CHAT_MODELS:
        cards.append(_card(name, created, completion_chat=True, function_calling=True))
    cards.append(_card("mistral-embed", created))
    for name in ("mistral-moderation-latest", "mistral-moderation-2411"):
        cards.append(_card(name, created, moderation=True))
    cards.append(_card("mistral-moderation-2603", created, moderation=True))
    return {"object": "list", "data": cards}


_Endpoint = Callable[["_Handler", dict[str, Any]], "dict[str, Any] | list[dict[str, Any]]"]
_ROUTES: dict[str, tuple[str, _Endpoint]] = {
    "/v1/chat/completions": ("POST", _chat_completions),
    "/v1/moderations": ("POST", _moderations),
    "/v1/chat/moderations": ("POST", _chat_moderations),
    "/v1/embeddings": ("POST", _embeddings),
    "/v1/models": ("GET", _models),
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
