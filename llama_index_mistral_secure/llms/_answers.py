"""The answers of a guarded ``SecureMistralAI``, guarded where they enter llama-index.

``MistralAI.chat`` (and its stream and async forms) turns the SDK's answer into a
``ChatResponse`` and reports it to instrumentation (``LLMChatEndEvent``,
``LLMChatInProgressEvent``) and callbacks in the same decorated method, with ``raw`` holding
the SDK answer. Guarding the ``ChatResponse`` afterwards would leave every one of those with
the model's raw text. So a guarded ``SecureMistralAI`` hands upstream a client whose chat
answers are already guarded: text sanitized, moderated and restored, tool-call arguments
restored (``policy.tools``), stream events guarded chunk by chunk through the guard's stream
session. Whatever upstream builds from them (blocks, ``raw``, events) holds guarded text.

Which conversation restores, and which input check to confirm first, comes from the model
call in progress (:func:`answering`); outside one, the client passes answers through.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from mistral_secure import Conversation, GuardedStream, InputCheck, MessagesCheck

__all__ = ["GuardedClient", "answering"]


@dataclass(frozen=True)
class _Call:
    """The guarded model call in progress: its vault and its (maybe deferred) input check."""

    conversation: Conversation
    check: MessagesCheck | InputCheck


_CALL: ContextVar[_Call | None] = ContextVar("mistral_secure_llama_call", default=None)


@contextmanager
def answering(conversation: Conversation, check: MessagesCheck | InputCheck) -> Iterator[None]:
    """Within the block, the client guards the answers with ``conversation``."""
    token = _CALL.set(_Call(conversation, check))
    try:
        yield
    finally:
        _CALL.reset(token)


# -- the SDK's answer objects ----------------------------------------------------------------


def _is_text(item: object) -> bool:
    return getattr(item, "type", None) == "text" and isinstance(getattr(item, "text", None), str)


def _content(content: Any, guard_text: Callable[[str], str]) -> Any:
    """``content`` (str, or a list of SDK chunks) with every text guarded."""
    if isinstance(content, str):
        return guard_text(content) if content else content
    if not isinstance(content, list):
        return content
    out: list[Any] = []
    for item in content:
        if _is_text(item):
            out.append(item.model_copy(update={"text": guard_text(item.text)}))
        elif isinstance(getattr(item, "thinking", None), list):  # a reasoning model's chunk
            out.append(item.model_copy(update={"thinking": _content(item.thinking, guard_text)}))
        else:
            out.append(item)
    return out


def _texts(content: Any) -> list[str]:
    """The texts :func:`_content` guards, in its order."""
    found: list[str] = []

    def take(text: str) -> str:
        found.append(text)
        return text

    _content(content, take)
    return found


def _with_tail(content: Any, tail: str) -> Any:
    """``content`` with ``tail`` appended to its text."""
    if isinstance(content, str):
        return content + tail
    if isinstance(content, list):
        texts = [item for item in content if _is_text(item)]
        if texts:
            return [*content, texts[-1].model_copy(update={"text": tail})]
    return tail


def _tool_calls(calls: Any, conversation: Conversation) -> Any:
    if not isinstance(calls, list) or not calls:
        return calls
    guard = conversation.guard
    out: list[Any] = []
    for call in calls:
        function = getattr(call, "function", None)
        if function is None or not isinstance(function.arguments, (str, dict)):
            out.append(call)
            continue
        arguments = guard.check_tool_arguments(function.arguments, conversation=conversation)
        function = function.model_copy(update={"arguments": arguments})
        out.append(call.model_copy(update={"function": function}))
    return out


def _message(message: Any, conversation: Conversation) -> Any:
    """An SDK assistant message, guarded (whole answer)."""

    def guard_text(text: str) -> str:
        return conversation.check_output(text).text

    update = {
        "content": _content(message.content, guard_text),
        "tool_calls": _tool_calls(message.tool_calls, conversation),
    }
    return message.model_copy(update=update)


async def _amessage(message: Any, conversation: Conversation) -> Any:
    checked = iter([(await conversation.acheck_output(t)).text for t in _texts(message.content)])
    update = {
        "content": _content(message.content, lambda _t: next(checked)),
        "tool_calls": _tool_calls(message.tool_calls, conversation),
    }
    return message.model_copy(update=update)


def _response(response: Any, message: Callable[[Any], Any]) -> Any:
    choices = [c.model_copy(update={"message": message(c.message)}) for c in response.choices]
    return response.model_copy(update={"choices": choices})


class _Events:
    """Guards stream events: each delta's text through one stream session; the last event
    is held until the next one arrives, so the session's final text rides on it."""

    def __init__(self, conversation: Conversation) -> None:
        self.conversation = conversation
        self.session: GuardedStream | None = None
        self.held: Any = None

    def _event(self, event: Any, guard_text: Callable[[str], str]) -> Any:
        choices = []
        for choice in event.data.choices:
            delta = choice.delta
            update = {
                "content": _content(delta.content, guard_text),
                "tool_calls": _tool_calls(delta.tool_calls, self.conversation),
            }
            choices.append(choice.model_copy(update={"delta": delta.model_copy(update=update)}))
        return event.model_copy(update={"data": event.data.model_copy(update={"choices": choices})})

    def swap(self, event: Any, guard_text: Callable[[str], str]) -> list[Any]:
        released = [self.held] if self.held is not None else []
        self.held = self._event(event, guard_text)
        return released

    def last(self, tail: str) -> list[Any]:
        """The held event, with ``tail`` (the session's final text) appended."""
        if self.held is None:
            return []
        if tail and self.held.data.choices:
            first = self.held.data.choices[0]
            delta = first.delta.model_copy(
                update={"content": _with_tail(first.delta.content, tail)}
            )
            choices = [first.model_copy(update={"delta": delta}), *self.held.data.choices[1:]]
            data = self.held.data.model_copy(update={"choices": choices})
            self.held = self.held.model_copy(update={"data": data})
        return [self.held]


def _event_texts(event: Any) -> list[str]:
    return [text for choice in event.data.choices for text in _texts(choice.delta.content)]


def _guard_events(events: Any, call: _Call) -> Iterator[Any]:
    relay = _Events(call.conversation)
    try:
        for event in events:
            if relay.session is None:
                call.check.confirm()  # no answer before the input's moderation passed
                relay.session = call.conversation.stream_session()
            session = relay.session
            yield from relay.swap(event, session.feed)
            if session.stopped:
                break
        tail = relay.session.flush() if relay.session is not None else ""
        yield from relay.last(tail)
    finally:
        if relay.session is not None:
            relay.session.close()
        close = getattr(events, "close", None)
        if callable(close):
            close()


async def _aguard_events(events: Any, call: _Call) -> AsyncIterator[Any]:
    relay = _Events(call.conversation)
    try:
        async for event in events:
            if relay.session is None:
                await call.check.aconfirm()
                relay.session = call.conversation.stream_session()
            session = relay.session
            pieces = iter([await session.afeed(t) for t in _event_texts(event)])
            for ready in relay.swap(event, lambda _t, p=pieces: next(p)):  # type: ignore[misc]
                yield ready
            if session.stopped:
                break
        tail = await relay.session.aflush() if relay.session is not None else ""
        for ready in relay.last(tail):
            yield ready
    finally:
        if relay.session is not None:
            relay.session.close()
        aclose = getattr(events, "aclose", None)
        if callable(aclose):
            await aclose()


# -- the client ------------------------------------------------------------------------------


class _GuardedChat:
    """The SDK's ``client.chat``, answering with guarded objects during a guarded call."""

    def __init__(self, chat: Any) -> None:
        self._chat = chat

    def __getattr__(self, name: str) -> Any:
        return getattr(self._chat, name)

    def complete(self, **kwargs: Any) -> Any:
        call = _CALL.get()
        response = self._chat.complete(**kwargs)
        if call is None:
            return response
        call.check.confirm()
        return _response(response, lambda m: _message(m, call.conversation))

    async def complete_async(self, **kwargs: Any) -> Any:
        call = _CALL.get()
        response = await self._chat.complete_async(**kwargs)
        if call is None:
            return response
        await call.check.aconfirm()
        messages = [await _amessage(c.message, call.conversation) for c in response.choices]
        replaced = iter(messages)
        return _response(response, lambda _m: next(replaced))

    def stream(self, **kwargs: Any) -> Any:
        call = _CALL.get()
        events = self._chat.stream(**kwargs)
        return events if call is None else _guard_events(events, call)

    async def stream_async(self, **kwargs: Any) -> Any:
        call = _CALL.get()
        events = await self._chat.stream_async(**kwargs)
        return events if call is None else _aguard_events(events, call)


class GuardedClient:
    """A ``mistralai`` client whose chat answers are guarded during a guarded model call.

    Everything else (``sdk_configuration``, ``models``, ...) is the client's own.
    """

    def __init__(self, client: Any) -> None:
        self._client = client
        self.chat = _GuardedChat(client.chat)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def __repr__(self) -> str:
        return f"GuardedClient({type(self._client).__name__})"
