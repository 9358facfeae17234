"""``InputGuard`` and ``OutputGuard``: Runnables that run a :class:`~mistral_secure.Guard`
over what enters a chain and what the model answers.

```python
chain = InputGuard(guard) | prompt | llm | OutputGuard(guard)
```

The restore handle for redacted values travels from ``InputGuard`` to ``OutputGuard``
through a table keyed by the id of the sequence run that contains both (see
:mod:`._handoff`): both must be steps of the same ``|`` sequence for restoration to happen.
Without it, placeholders such as ``<EMAIL_ADDRESS_1>`` stay in the answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.callbacks import (
    AsyncCallbackManagerForChainRun,
    CallbackManagerForChainRun,
)
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    BaseMessageChunk,
    ChatMessage,
    FunctionMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.prompt_values import ChatPromptValue, StringPromptValue
from langchain_core.runnables import RunnableConfig, RunnableSerializable
from pydantic import ConfigDict

from mistral_secure import Guard, InputCheck, Redaction
from mistral_secure._guard import MessagesCheck

from ._handoff import InputOutcome, handoff_for

__all__ = ["InputGuard", "OutputGuard"]

_RunManager = CallbackManagerForChainRun | AsyncCallbackManagerForChainRun
_UNTRUSTED = frozenset({"user", "tool"})
_ROLE_BY_CLASS: tuple[tuple[type[BaseMessage], str], ...] = (
    (HumanMessage, "user"),
    (ToolMessage, "tool"),
    (FunctionMessage, "tool"),
    (SystemMessage, "system"),
    (AIMessage, "assistant"),
)
_CHAT_ROLES = frozenset({"user", "tool", "system", "assistant"})


def _role(message: BaseMessage) -> str:
    if isinstance(message, ChatMessage):
        # An unknown custom role is treated as untrusted: screening too much is the safe error.
        return message.role if message.role in _CHAT_ROLES else "user"
    return next((role for cls, role in _ROLE_BY_CLASS if isinstance(message, cls)), "user")


def _block_text(block: object) -> str | None:
    if isinstance(block, str):
        return block
    if isinstance(block, Mapping) and block.get("type") == "text":
        text = block.get("text")
        return text if isinstance(text, str) else None
    return None


def _with_block_text(block: object, text: str) -> object:
    return text if isinstance(block, str) else {**block, "text": text}  # type: ignore[dict-item]


def _is_message_list(value: object) -> bool:
    return (
        isinstance(value, (list, tuple))
        and bool(value)
        and all(isinstance(m, BaseMessage) for m in value)
    )


@dataclass
class _Plan:
    """The untrusted texts of one input, and how to rebuild the input from checked texts."""

    single: str | None = None
    messages: list[dict[str, Any]] = field(default_factory=list)
    rebuild: Callable[[Sequence[str]], Any] = lambda texts: texts[0]

    @property
    def empty(self) -> bool:
        return self.single is None and not any(m["role"] in _UNTRUSTED for m in self.messages)


def _plan_messages(
    messages: Sequence[BaseMessage], entries: list[dict[str, Any]]
) -> Callable[[Sequence[str]], list[BaseMessage]]:
    """Append the messages' texts to ``entries``; return how to put checked texts back."""
    places: list[tuple[int, int, int | None]] = []  # (entry index, message index, block index)
    for i, message in enumerate(messages):
        role, content = _role(message), message.content
        if isinstance(content, str):
            if role in _UNTRUSTED:
                places.append((len(entries), i, None))
            # Trusted texts go along unchanged: moderation judges the conversation as a whole.
            entries.append({"role": role, "content": content})
        elif role in _UNTRUSTED:
            for j, block in enumerate(content):
                text = _block_text(block)
                if text is not None:
                    places.append((len(entries), i, j))
                    entries.append({"role": role, "content": text})

    def rebuild(texts: Sequence[str]) -> list[BaseMessage]:
        contents: dict[int, Any] = {}
        for entry, i, j in places:
            if j is None:
                contents[i] = texts[entry]
            else:
                blocks = contents.setdefault(i, list(messages[i].content))
                blocks[j] = _with_block_text(blocks[j], texts[entry])
        out = list(messages)
        for i, content in contents.items():
            out[i] = messages[i].model_copy(update={"content": content})
        return out

    return rebuild


def _text_at(index: int) -> Callable[[Sequence[str]], str]:
    def write(texts: Sequence[str]) -> str:
        return texts[index]

    return write


def _messages_in(
    rebuild: Callable[[Sequence[str]], list[BaseMessage]], start: int, end: int
) -> Callable[[Sequence[str]], list[BaseMessage]]:
    def write(texts: Sequence[str]) -> list[BaseMessage]:
        return rebuild(texts[start:end])

    return write


def _plan_mapping(value: Mapping[str, Any], keys: tuple[str, ...] | None) -> _Plan:
    plan = _Plan()
    names = keys if keys is not None else tuple(value)
    writers: list[tuple[str, Callable[[Sequence[str]], Any]]] = []
    for name in names:
        if name not in value:
            continue
        item = value[name]
        start = len(plan.messages)
        if isinstance(item, str):
            plan.messages.append({"role": "user", "content": item})
            writers.append((name, _text_at(start)))
        elif _is_message_list(item):
            rebuild = _plan_messages(item, plan.messages)
            writers.append((name, _messages_in(rebuild, start, len(plan.messages))))
        elif keys is not None:
            raise TypeError(
                f"InputGuard key {name!r} must hold str or a list of messages, "
                f"got {type(item).__name__}"
            )

    def rebuild_mapping(texts: Sequence[str]) -> dict[str, Any]:
        out = dict(value)
        for name, write in writers:
            out[name] = write(texts)
        return out

    plan.rebuild = rebuild_mapping
    return plan


def _plan(value: object, keys: tuple[str, ...] | None) -> _Plan:
    if isinstance(value, str):
        return _Plan(single=value, rebuild=lambda texts: texts[0])
    if isinstance(value, StringPromptValue):
        return _Plan(single=value.text, rebuild=lambda texts: StringPromptValue(text=texts[0]))
    if isinstance(value, ChatPromptValue):
        plan = _Plan()
        rebuild = _plan_messages(value.messages, plan.messages)
        plan.rebuild = lambda texts: ChatPromptValue(messages=rebuild(texts))
        return plan
    if isinstance(value, BaseMessage):
        plan = _Plan()
        rebuild_one = _plan_messages([value], plan.messages)
        plan.rebuild = lambda texts: rebuild_one(texts)[0]
        return plan
    if isinstance(value, (list, tuple)) and all(isinstance(m, BaseMessage) for m in value):
        plan = _Plan()
        rebuild_list = _plan_messages(value, plan.messages)
        kind = type(value)
        plan.rebuild = lambda texts: kind(rebuild_list(texts))
        return plan
    if isinstance(value, Mapping):
        return _plan_mapping(value, keys)
    raise TypeError(
        "InputGuard accepts str, dict, a PromptValue, a message or a list of messages; "
        f"got {type(value).__name__}"
    )


def _outcome(result: InputCheck | MessagesCheck) -> InputOutcome:
    if isinstance(result, InputCheck):
        score = result.verdict.score if result.verdict is not None else None
    else:
        score = max((v.score for v in result.verdicts), default=None)
    return InputOutcome(
        redaction=result.redaction,
        rule_ids=result.rule_ids,
        injection_score=score,
        entity_counts=result.entity_counts,
        flags=result.flags,
    )


def _texts(plan: _Plan, result: InputCheck | MessagesCheck) -> list[str]:
    if isinstance(result, InputCheck):
        return [result.text]
    return [str(m["content"]) for m in result.messages]


def _check_guard(guard: object, owner: str) -> Guard:
    if not isinstance(guard, Guard):
        raise TypeError(f"{owner} needs a mistral_secure.Guard, got {type(guard).__name__}")
    return guard


class InputGuard(RunnableSerializable[Any, Any]):
    """Checks untrusted input with a :class:`~mistral_secure.Guard`; returns it cleaned.

    Accepts ``str``, a ``dict`` of prompt variables (``keys`` picks which; default: every
    string value and message list), a ``StringPromptValue``/``ChatPromptValue``, a message
    or a list of messages. Human and tool messages are checked; system and AI messages are
    the developer's and pass unchanged. Returns the same type. Blocks by raising the core's
    :class:`~mistral_secure.GuardBlocked` subclasses; redacts or neutralises as the policy
    says. Place it at the start of a chain or between the prompt and the model.
    """

    guard: Guard
    keys: tuple[str, ...] | None = None

    model_config = ConfigDict(arbitrary_types_allowed=True)

    def __init__(self, guard: Guard, *, keys: Sequence[str] | None = None, **kwargs: Any) -> None:
        _check_guard(guard, "InputGuard")
        if keys is not None:
            if isinstance(keys, str) or not all(isinstance(k, str) for k in keys):
                raise TypeError("keys must be a sequence of str")
            keys = tuple(keys)
        super().__init__(guard=guard, keys=keys, **kwargs)  # type: ignore[call-arg]

    def __repr__(self) -> str:
        return f"InputGuard(keys={self.keys!r})"

    # One run: plan, check, hand the outcome over to the OutputGuard of the same sequence.

    def _hand_over(self, run_manager: _RunManager, result: InputCheck | MessagesCheck) -> None:
        if run_manager.parent_run_id is not None:
            handoff_for(self.guard).put(run_manager.parent_run_id, _outcome(result))

    def _check(self, value: Any, run_manager: CallbackManagerForChainRun) -> Any:
        plan = _plan(value, self.keys)
        if plan.empty:
            return value
        result: InputCheck | MessagesCheck = (
            self.guard.check_input(plan.single)
            if plan.single is not None
            else self.guard.check_messages(plan.messages)
        )
        self._hand_over(run_manager, result)
        return plan.rebuild(_texts(plan, result))

    async def _acheck(self, value: Any, run_manager: AsyncCallbackManagerForChainRun) -> Any:
        plan = _plan(value, self.keys)
        if plan.empty:
            return value
        result: InputCheck | MessagesCheck = (
            await self.guard.acheck_input(plan.single)
            if plan.single is not None
            else await self.guard.acheck_messages(plan.messages)
        )
        self._hand_over(run_manager, result)
        return plan.rebuild(_texts(plan, result))

    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        """Check one input; raise a ``GuardBlocked`` subclass when the policy blocks it."""
        return self._call_with_config(self._check, input, config)

    async def ainvoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        """Async :meth:`invoke` (moderation is awaited)."""
        return await self._acall_with_config(self._acheck, input, config)

    def batch(
        self,
        inputs: list[Any],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        """Check many inputs; with ``return_exceptions=True`` a blocked item is its error."""

        def run(values: list[Any], run_manager: list[CallbackManagerForChainRun]) -> list[Any]:
            out: list[Any] = []
            for value, manager in zip(values, run_manager, strict=True):
                try:
                    out.append(self._check(value, manager))
                except Exception as exc:
                    if not return_exceptions:
                        raise
                    out.append(exc)
            return out

        return self._batch_with_config(run, inputs, config, return_exceptions=return_exceptions)

    async def abatch(
        self,
        inputs: list[Any],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        """Async :meth:`batch`; the items' moderation calls run concurrently."""

        async def run(
            values: list[Any], run_manager: list[AsyncCallbackManagerForChainRun]
        ) -> list[Any]:
            results = await asyncio.gather(
                *(self._acheck(v, m) for v, m in zip(values, run_manager, strict=True)),
                return_exceptions=True,
            )
            for result in results:
                if isinstance(result, BaseException) and (
                    not return_exceptions or not isinstance(result, Exception)
                ):
                    raise result
            return list(results)

        return await self._abatch_with_config(
            run, inputs, config, return_exceptions=return_exceptions
        )


def _message_text(content: str | list[Any]) -> str:
    if isinstance(content, str):
        return content
    return "".join(t for t in map(_block_text, content) if t is not None)


def _replace_text(content: str | list[Any], text: str) -> str | list[Any]:
    """``content`` with its text replaced by ``text`` (other blocks kept)."""
    if isinstance(content, str):
        return text
    others = [b for b in content if _block_text(b) is None]
    return [*others, {"type": "text", "text": text}] if text else others


def _answer_message(value: object) -> BaseMessage:
    if isinstance(value, AIMessage):
        return value
    raise TypeError(
        f"OutputGuard accepts an AIMessage, an AIMessageChunk or str, got {type(value).__name__}"
    )


class _HeldChunk:
    """Relays guarded chunks as soon as they have text; only the stream's last chunk waits.

    The last chunk (``chunk_position="last"``, or the one with the finish reason or usage)
    is held until the stream ends, so the flushed tail rides on it with its usage and finish
    reason, and nothing comes after the chunk marked last.
    """

    def __init__(self) -> None:
        self.chunk: Any = None  # the held last chunk
        self.text = ""
        self.seen: Any = None  # the latest chunk released

    @staticmethod
    def _with_text(chunk: Any, text: str) -> Any:
        if isinstance(chunk, str):
            return text
        return chunk.model_copy(update={"content": _replace_text(chunk.content, text)})

    @staticmethod
    def _is_last(chunk: Any) -> bool:
        if isinstance(chunk, str):
            return False
        metadata = getattr(chunk, "response_metadata", None) or {}
        return (
            getattr(chunk, "chunk_position", None) == "last"
            or bool(metadata.get("finish_reason"))
            or getattr(chunk, "usage_metadata", None) is not None
        )

    def swap(self, chunk: Any, text: str) -> list[Any]:
        """Take ``chunk`` (its safe text is ``text``); return what to yield now."""
        out: list[Any] = []
        if self.chunk is not None:
            # A chunk after one that looked last: the held one was not last after all.
            out.append(self._with_text(self.chunk, self.text))
            self.seen, self.chunk, self.text = self.chunk, None, ""
        if self._is_last(chunk):
            self.chunk, self.text = chunk, text
        elif text or not isinstance(chunk, str):
            out.append(self._with_text(chunk, text))
            self.seen = chunk
        return out

    def last(self, tail: str) -> list[Any]:
        """The held last chunk with ``tail`` appended (or ``tail`` on its own chunk)."""
        if self.chunk is not None:
            return [self._with_text(self.chunk, self.text + tail)]
        if not tail:
            return []
        if isinstance(self.seen, str) or self.seen is None:
            return [tail]
        extra = self.seen.model_copy(
            update={"content": _replace_text(self.seen.content, tail), "response_metadata": {}}
        )
        return [extra]


class OutputGuard(RunnableSerializable[Any, Any]):
    """Sanitizes a model's answer with a :class:`~mistral_secure.Guard`.

    Accepts an ``AIMessage``, an ``AIMessageChunk`` or ``str`` and returns the same type.
    ``stream``/``astream`` of a chain ending in it are guarded chunk by chunk through the
    guard's stream session, which holds back just enough text to catch a value split across
    chunks; chunk ids, ``response_metadata`` and ``usage_metadata`` are kept. When an
    :class:`InputGuard` of the same sequence redacted the input, the user's values are
    restored in the answer (if the policy says so).
    """

    guard: Guard

    model_config = ConfigDict(arbitrary_types_allowed=True)

    def __init__(self, guard: Guard, **kwargs: Any) -> None:
        _check_guard(guard, "OutputGuard")
        super().__init__(guard=guard, **kwargs)  # type: ignore[call-arg]

    def __repr__(self) -> str:
        return "OutputGuard()"

    def _restore(self, run_manager: _RunManager) -> Redaction | None:
        outcome = handoff_for(self.guard).pop(run_manager.parent_run_id)
        return outcome.redaction if outcome is not None else None

    # -- whole answers ---------------------------------------------------------------------

    def _check(self, value: Any, run_manager: CallbackManagerForChainRun) -> Any:
        restore = self._restore(run_manager)
        if isinstance(value, str):
            return self.guard.check_output(value, restore=restore).text
        message = _answer_message(value)
        text = self.guard.check_output(_message_text(message.content), restore=restore).text
        return message.model_copy(update={"content": _replace_text(message.content, text)})

    async def _acheck(self, value: Any, run_manager: AsyncCallbackManagerForChainRun) -> Any:
        restore = self._restore(run_manager)
        if isinstance(value, str):
            return (await self.guard.acheck_output(value, restore=restore)).text
        message = _answer_message(value)
        checked = await self.guard.acheck_output(_message_text(message.content), restore=restore)
        return message.model_copy(update={"content": _replace_text(message.content, checked.text)})

    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        """Sanitize one answer."""
        return self._call_with_config(self._check, input, config)

    async def ainvoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        """Async :meth:`invoke`."""
        return await self._acall_with_config(self._acheck, input, config)

    # -- streams ---------------------------------------------------------------------------

    @staticmethod
    def _chunk_text(chunk: Any) -> str:
        if isinstance(chunk, str):
            return chunk
        if isinstance(chunk, BaseMessageChunk):
            return _message_text(_answer_message(chunk).content)
        raise TypeError(
            f"OutputGuard streams AIMessageChunk or str chunks, got {type(chunk).__name__}"
        )

    def _guard_chunks(
        self, chunks: Iterator[Any], run_manager: CallbackManagerForChainRun
    ) -> Iterator[Any]:
        relay = _HeldChunk()
        session = None
        try:
            for chunk in chunks:
                if session is None:
                    session = self.guard.stream_session(restore=self._restore(run_manager))
                text = self._chunk_text(chunk)
                yield from relay.swap(chunk, session.feed(text) if text else "")
                if session.stopped:
                    break
            if session is not None:
                yield from relay.last(session.flush())
        finally:
            if session is not None:
                session.close()

    async def _aguard_chunks(
        self, chunks: AsyncIterator[Any], run_manager: AsyncCallbackManagerForChainRun
    ) -> AsyncIterator[Any]:
        relay = _HeldChunk()
        session = None
        try:
            async for chunk in chunks:
                if session is None:
                    session = self.guard.stream_session(restore=self._restore(run_manager))
                text = self._chunk_text(chunk)
                for ready in relay.swap(chunk, await session.afeed(text) if text else ""):
                    yield ready
                if session.stopped:
                    break
            if session is not None:
                for ready in relay.last(await session.aflush()):
                    yield ready
        finally:
            if session is not None:
                session.close()

    def transform(
        self, input: Iterator[Any], config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[Any]:
        """Guard a stream of answer chunks (what ``chain.stream()`` drives)."""
        yield from self._transform_stream_with_config(input, self._guard_chunks, config)

    async def atransform(
        self, input: AsyncIterator[Any], config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Any]:
        """Async :meth:`transform` (what ``chain.astream()`` drives)."""
        async for chunk in self._atransform_stream_with_config(input, self._aguard_chunks, config):
            yield chunk

    def stream(
        self, input: Any, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[Any]:
        """Guard one answer as a stream of one chunk."""
        yield from self.transform(iter([input]), config, **kwargs)

    async def astream(
        self, input: Any, config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Any]:
        """Async :meth:`stream`."""

        async def single() -> AsyncIterator[Any]:
            yield input

        async for chunk in self.atransform(single(), config, **kwargs):
            yield chunk
