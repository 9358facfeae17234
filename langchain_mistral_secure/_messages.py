"""Translation between LangChain messages and the core's ``{"role", "content"}`` view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    ChatMessage,
    FunctionMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from pydantic import BaseModel as PydanticBaseModel

from mistral_secure import Conversation, Guard, Redaction

__all__ = [
    "GUARDED_FIELD",
    "aguarded_message",
    "block_text",
    "guarded_message",
    "message_entry",
    "message_from",
    "message_text",
    "replace_text",
    "role_of",
    "strings_in",
    "tool_call_update",
]

#: ``response_metadata`` field where a guarded model names its guard (a random token):
#: ``OutputGuard`` of the same guard leaves such an answer as it is.
GUARDED_FIELD = "mistral_secure_guard"
_MAX_DEPTH = 64

_ROLE_BY_CLASS: tuple[tuple[type[BaseMessage], str], ...] = (
    (HumanMessage, "user"),
    (ToolMessage, "tool"),
    (FunctionMessage, "tool"),
    (SystemMessage, "system"),
    (AIMessage, "assistant"),
)
_CHAT_ROLES = frozenset({"user", "tool", "system", "assistant"})


def role_of(message: BaseMessage) -> str:
    if isinstance(message, ChatMessage):
        # An unknown custom role is treated as untrusted: screening too much is the safe error.
        return message.role if message.role in _CHAT_ROLES else "user"
    return next((role for cls, role in _ROLE_BY_CLASS if isinstance(message, cls)), "user")


def block_text(block: object) -> str | None:
    if isinstance(block, str):
        return block
    if isinstance(block, Mapping) and block.get("type") == "text":
        text = block.get("text")
        return text if isinstance(text, str) else None
    return None


def message_text(content: str | list[Any]) -> str:
    if isinstance(content, str):
        return content
    return "".join(t for t in map(block_text, content) if t is not None)


def replace_text(content: str | list[Any], text: str) -> str | list[Any]:
    """``content`` with its text replaced by ``text`` (other blocks kept)."""
    if isinstance(content, str):
        return text
    others = [b for b in content if block_text(b) is None]
    return [*others, {"type": "text", "text": text}] if text else others


def message_entry(message: BaseMessage) -> dict[str, Any]:
    """The core's view of a message: role, content (str or parts), tool-call arguments."""
    content = message.content
    entry: dict[str, Any] = {
        "role": role_of(message),
        "content": content if isinstance(content, str) else list(content),
    }
    if isinstance(message, AIMessage):
        calls: list[Any] = [dict(call) for call in message.tool_calls]
        raw = message.additional_kwargs.get("tool_calls")
        if isinstance(raw, list):
            calls.extend(raw)
        if calls:
            entry["tool_calls"] = calls
    return entry


def message_from(message: BaseMessage, entry: Mapping[str, Any]) -> BaseMessage:
    """``message`` with the checked content and tool-call arguments of ``entry``."""
    update: dict[str, Any] = {}
    if entry["content"] != message.content:
        update["content"] = entry["content"]
    if isinstance(message, AIMessage) and "tool_calls" in entry:
        calls = list(entry["tool_calls"])
        count = len(message.tool_calls)
        update["tool_calls"] = calls[:count]
        if count < len(calls):
            update["additional_kwargs"] = {**message.additional_kwargs, "tool_calls": calls[count:]}
    return message.model_copy(update=update) if update else message


def tool_call_update(
    guard: Guard,
    message: AIMessage,
    restore: Redaction | None = None,
    conversation: Conversation | None = None,
) -> dict[str, Any]:
    """Tool-call arguments restored for the tools and sanitized (``policy.tools``).

    Every place a message holds them: ``tool_calls``, the raw ``additional_kwargs``, a
    chunk's ``tool_call_chunks`` and ``invalid_tool_calls`` (JSON text).
    """

    def checked(arguments: Any) -> Any:
        return guard.check_tool_arguments(arguments, restore=restore, conversation=conversation)

    update: dict[str, Any] = {}
    if message.tool_calls:
        update["tool_calls"] = [
            {**call, "args": checked(call["args"])} for call in message.tool_calls
        ]
    for name in ("tool_call_chunks", "invalid_tool_calls"):
        calls = getattr(message, name, None)
        if calls:
            update[name] = [
                {**call, "args": checked(call["args"])}
                if isinstance(call.get("args"), str)
                else call
                for call in calls
            ]
    raw = message.additional_kwargs.get("tool_calls")
    if isinstance(raw, list) and raw:
        update["additional_kwargs"] = {**message.additional_kwargs, "tool_calls": checked(raw)}
    return update


def guarded_message(guard: Guard, message: BaseMessage, conversation: Conversation) -> BaseMessage:
    """A model answer sanitized, moderated and restored with ``conversation``."""
    text = conversation.check_output(message_text(message.content)).text
    update: dict[str, Any] = {"content": replace_text(message.content, text)}
    if isinstance(message, AIMessage):
        update.update(tool_call_update(guard, message, conversation=conversation))
    return message.model_copy(update=update)


async def aguarded_message(
    guard: Guard, message: BaseMessage, conversation: Conversation
) -> BaseMessage:
    """Async :func:`guarded_message`."""
    text = (await conversation.acheck_output(message_text(message.content))).text
    update: dict[str, Any] = {"content": replace_text(message.content, text)}
    if isinstance(message, AIMessage):
        update.update(tool_call_update(guard, message, conversation=conversation))
    return message.model_copy(update=update)


def strings_in(value: object, _depth: int = 0) -> list[str]:
    """Every string inside ``value``: str, dicts, lists, tuples and pydantic models."""
    if _depth > _MAX_DEPTH:
        return []
    if isinstance(value, str):
        return [value]
    items: list[Any]
    if isinstance(value, Mapping):
        items = list(value.values())
    elif isinstance(value, (list, tuple)):
        items = list(value)
    elif isinstance(value, PydanticBaseModel):
        items = [getattr(value, name, None) for name in type(value).model_fields]
    else:
        return []
    return [s for item in items for s in strings_in(item, _depth + 1)]
