"""The texts of a chat, as :meth:`Guard.check_messages` checks them.

A message is ``{"role": str, "content": str | None | list[part], "tool_calls": [...]}`` as
in Mistral's API: a content part is ``{"type": "text", "text": str}`` (checked) or any other
part (an image, a document reference: kept as is); a bare string part is checked too. The
roles decide the screening: user, tool and unknown roles are untrusted input; system and
assistant messages carry retrieved context and chat history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ._redaction import Redaction
from ._structured import map_strings

__all__ = [
    "UNTRUSTED_ROLES",
    "Text",
    "moderation_view",
    "redact_tool_calls",
    "stage",
    "write_back",
]

UNTRUSTED_ROLES = frozenset({"user", "tool", "function"})
_CONTEXT_ROLES = {"system": "system", "developer": "system", "assistant": "assistant"}
Kind = Literal["untrusted", "system", "assistant"]


@dataclass
class Text:
    """One checked text: where it sits in the messages, its kind, and its current value."""

    message: int
    part: int | None
    kind: Kind
    text: str


def _kind(role: str) -> Kind:
    kind = _CONTEXT_ROLES.get(role)
    # An unknown role is untrusted: screening too much is the safe error.
    return "untrusted" if kind is None else kind  # type: ignore[return-value]


def _part_text(part: object) -> str | None:
    if isinstance(part, str):
        return part
    if isinstance(part, Mapping) and part.get("type") == "text":
        text = part.get("text")
        if not isinstance(text, str):
            raise TypeError("a text content part needs a str 'text'")
        return text
    return None


def stage(messages: Sequence[object]) -> tuple[list[dict[str, Any]], list[Text]]:
    """Copies of the messages, and every text in them to check, in order."""
    out: list[dict[str, Any]] = []
    texts: list[Text] = []
    for position, message in enumerate(messages):
        if not isinstance(message, Mapping):
            raise TypeError(f"message {position} must be a mapping, got {type(message).__name__}")
        role, content = message.get("role"), message.get("content")
        if not isinstance(role, str):
            raise ValueError(f"message {position} needs a str role")
        kind = _kind(role)
        copy = dict(message)
        if isinstance(content, str):
            texts.append(Text(position, None, kind, content))
        elif isinstance(content, Sequence) and not isinstance(content, (bytes, bytearray)):
            parts = list(content)
            copy["content"] = parts
            for index, part in enumerate(parts):
                text = _part_text(part)
                if text is not None:
                    texts.append(Text(position, index, kind, text))
        elif content is not None or kind == "untrusted":
            raise TypeError(
                f"message {position} content must be str or a list of parts, "
                f"got {type(content).__name__}"
            )
        out.append(copy)
    return out, texts


def write_back(out: list[dict[str, Any]], texts: Sequence[Text]) -> None:
    """Put the checked texts back where they came from."""
    for item in texts:
        message = out[item.message]
        if item.part is None:
            message["content"] = item.text
            continue
        parts = message["content"]
        part = parts[item.part]
        parts[item.part] = item.text if isinstance(part, str) else {**part, "text": item.text}


def redact_tool_calls(
    message: dict[str, Any], redactor: Callable[[str], Redaction], counts: Counter[str]
) -> None:
    """Redact the string values inside an assistant message's tool-call arguments.

    History that the app stored holds the arguments the tools got: real values.
    """
    calls = message.get("tool_calls")
    if not isinstance(calls, Sequence) or isinstance(calls, (str, bytes)) or not calls:
        return

    def redacted(text: str) -> str:
        result = redactor(text)
        counts.update(result.counts)
        return result.text

    out: list[Any] = []
    for original in calls:
        if not isinstance(original, Mapping):
            # An SDK object (a pydantic ToolCall): every string inside it.
            out.append(map_strings(original, redacted))
            continue
        call = dict(original)
        function = call.get("function")
        if isinstance(function, Mapping):
            function = dict(function)
            function["arguments"] = map_strings(function.get("arguments"), redacted)
            call["function"] = function
        elif "args" in call:  # a framework's own shape ({"name", "args", "id"})
            call["args"] = map_strings(call["args"], redacted)
        out.append(call)
    message["tool_calls"] = out


def moderation_view(out: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """The conversation moderation judges: what users, tools and the model said."""
    view: list[dict[str, str]] = []
    for message in out:
        role = message.get("role")
        if role not in ("user", "assistant", "tool"):
            continue
        content = message.get("content")
        if isinstance(content, str):
            text = content
        elif isinstance(content, list):
            text = "\n".join(t for t in map(_part_text, content) if t is not None)
        else:
            continue
        if text:
            view.append({"role": role, "content": text})
    return view
