"""Structured output and tool-call arguments: every string field guarded like an answer.

A parsed answer (a pydantic model, a dict, a list, JSON text) and the arguments of a tool
call are model output: each string in them is sanitized (HTML, links and images, leaks, PII
the model wrote) with the user's placeholders shielded, then the conversation's values are
put back, so the application and its tools see real values and safe text. The traversal
keeps the shape and the types: dict keys, numbers, booleans and ``None`` are left alone,
pydantic models are copied field by field (nested models stay models).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel

from ._exceptions import ContentFlagged
from ._flow import Ask, Audit, Flow
from ._redaction import Redaction

if TYPE_CHECKING:
    from ._guard import Guard
    from ._output import OutputSanitizer
    from ._restore import Restorer

__all__ = ["check_tool_arguments", "map_strings", "strings_of", "structured_flow"]

_T = TypeVar("_T")
_MAX_DEPTH = 64


def map_strings(value: _T, fn: Callable[[str], str], *, _depth: int = 0) -> _T:
    """``value`` with ``fn`` applied to every string inside it (keys excepted).

    Handles str, mappings, lists, tuples (named tuples too) and pydantic models; any other
    value is returned as is. Unchanged containers are returned as the same object.
    """
    if _depth > _MAX_DEPTH:
        raise ValueError(f"structured value nested deeper than {_MAX_DEPTH} levels")
    deeper = _depth + 1
    out: Any
    if isinstance(value, str):
        out = fn(value)
    elif isinstance(value, BaseModel):
        updates = {}
        for name in type(value).model_fields:
            old = getattr(value, name, None)
            new = map_strings(old, fn, _depth=deeper)
            if new is not old:
                updates[name] = new
        out = value.model_copy(update=updates) if updates else value
    elif isinstance(value, Mapping):
        items = {k: map_strings(v, fn, _depth=deeper) for k, v in value.items()}
        if all(items[k] is value[k] for k in items):
            out = value
        else:
            out = items if type(value) is dict else _rebuilt(value, items)
    elif isinstance(value, (list, tuple)):
        seq = [map_strings(v, fn, _depth=deeper) for v in value]
        if all(a is b for a, b in zip(seq, value, strict=True)):
            out = value
        elif isinstance(value, list):
            out = seq
        elif hasattr(value, "_fields"):  # a named tuple
            out = type(value)(*seq)
        else:
            out = tuple(seq)
    else:
        out = value
    return out  # type: ignore[no-any-return]


def _rebuilt(original: Mapping[Any, Any], items: dict[Any, Any]) -> Any:
    kind: Any = type(original)
    try:
        return kind(items)
    except Exception:  # a mapping type that cannot be built from a dict
        return items


def strings_of(value: object) -> list[str]:
    """Every string inside ``value``, in the order :func:`map_strings` visits them."""
    found: list[str] = []

    def collect(text: str) -> str:
        found.append(text)
        return text

    map_strings(value, collect)
    return found


def _replace_in_order(value: _T, texts: list[str]) -> _T:
    replacements = iter(texts)
    return map_strings(value, lambda _old: next(replacements))


def _decode(value: object) -> tuple[object, bool]:
    """(the value to walk, whether it was JSON text to encode again)."""
    if isinstance(value, str):
        try:
            return json.loads(value), True
        except ValueError:
            return value, False
    return value, False


def _encode(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _sanitized(
    guard: Guard,
    text: str,
    restorer: Restorer | None,
    audit: Audit,
    sanitizer: OutputSanitizer | None,
) -> str:
    """``text`` sanitized with the user's placeholders shielded as opaque tokens.

    The values go back in with :meth:`Restorer.raw` afterwards: a field or a tool argument
    is data, which needs the exact value, not one escaped for a Markdown renderer.
    """
    shielded = restorer.shield(text) if restorer is not None else text
    if sanitizer is None or not shielded:
        return shielded
    result = sanitizer.sanitize(shielded)
    guard._count_findings(result.findings, audit)
    guard._check_leak(result.findings)
    return result.text


def _raw(text: str, restorer: Restorer | None) -> str:
    return restorer.raw(text) if restorer is not None else text


def structured_flow(guard: Guard, value: object, restore: Redaction | None) -> Flow[Any]:
    """Sanitize, moderate (one batched call) and restore every string of ``value``."""
    with Audit("check_structured") as audit:
        data, was_json = _decode(value)
        if was_json is False and isinstance(value, str):
            raise ValueError("check_structured() takes a model, a dict, a list or JSON text")
        texts = strings_of(data)
        audit.message_count = len(texts)
        audit.input_chars = sum(map(len, texts))
        restorer = guard._restorer(restore)
        safe = [_sanitized(guard, text, restorer, audit, guard._sanitizer) for text in texts]
        moderating = guard.moderator is not None and guard.policy.moderation.checks_output
        seen = [restorer.placeholders(t) if restorer is not None else t for t in safe]
        batch = [t for t in seen if t.strip()]
        if moderating and batch:
            assert guard.moderator is not None
            ask = Ask(guard.moderator, texts=batch)
            moderation = yield from guard._moderation(ask, "output", audit)
            acting = guard._blocking(moderation, "output", audit)
            if acting:
                # A typed object has no place for the refusal text: flagged output raises.
                raise ContentFlagged(categories=acting, stage="output")
        final = [_raw(t, restorer) for t in safe]
        audit.output_chars = sum(map(len, final))
        out = _replace_in_order(data, final)
        return _encode(out) if was_json else out


def check_tool_arguments(
    guard: Guard, arguments: _T, restore: Redaction | None, *, sanitize: bool
) -> _T:
    """Tool-call arguments with the conversation's values restored, sanitized if asked."""
    with Audit("check_tool_arguments") as audit:
        data, was_json = _decode(arguments)
        texts = strings_of(data)
        audit.message_count = len(texts)
        audit.input_chars = sum(map(len, texts))
        if not guard.policy.tools.restore_arguments:
            restore = None
        restorer = guard._restorer(restore)
        sanitizer = guard._sanitizer if sanitize else None
        final = [
            _raw(_sanitized(guard, text, restorer, audit, sanitizer), restorer) for text in texts
        ]
        audit.output_chars = sum(map(len, final))
        out = _replace_in_order(data, final)
        return _encode(out) if was_json else out  # type: ignore[return-value]
