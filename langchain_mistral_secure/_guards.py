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
import inspect
import itertools
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.callbacks import (
    AsyncCallbackManagerForChainRun,
    CallbackManagerForChainRun,
)
from langchain_core.documents import Document
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    BaseMessageChunk,
)
from langchain_core.prompt_values import ChatPromptValue, StringPromptValue
from langchain_core.runnables import RunnableConfig, RunnableSequence, RunnableSerializable
from langchain_core.runnables.base import coerce_to_runnable
from langchain_core.runnables.config import ensure_config, get_config_list
from langchain_core.runnables.utils import AddableDict
from pydantic import BaseModel as PydanticBaseModel
from pydantic import ConfigDict

from mistral_secure import Conversation, Guard, InputCheck, MessagesCheck, Redaction

from ._conversations import conversation_for
from ._handoff import InputOutcome, guard_marker, guarded_strings, handoff_for
from ._messages import GUARDED_FIELD, strings_in, tool_call_update
from ._messages import message_entry as _message_entry
from ._messages import message_from as _message_from
from ._messages import message_text as _message_text
from ._messages import replace_text as _replace_text

__all__ = ["GuardedSequence", "InputGuard", "OutputGuard"]

_RunManager = CallbackManagerForChainRun | AsyncCallbackManagerForChainRun


_Rebuild = Callable[[Sequence[Mapping[str, Any]]], Any]
_MAX_DEPTH = 64


def _walk(
    value: object, entries: list[dict[str, Any]], keys: tuple[str, ...] | None, depth: int
) -> _Rebuild:
    """Append every text inside ``value`` to ``entries``; return how to rebuild ``value``.

    Strings are user input; messages keep their roles; documents are context. Lists,
    tuples and dicts are walked (``keys`` limits a top-level dict); other values pass.
    """
    if depth > _MAX_DEPTH:
        raise ValueError(f"InputGuard input nested deeper than {_MAX_DEPTH} levels")
    index = len(entries)
    if isinstance(value, str):
        entries.append({"role": "user", "content": value})
        return lambda out: out[index]["content"]
    if isinstance(value, StringPromptValue):
        entries.append({"role": "user", "content": value.text})
        return lambda out: StringPromptValue(text=out[index]["content"])
    if isinstance(value, ChatPromptValue):
        inner = _walk(list(value.messages), entries, None, depth + 1)
        return lambda out: ChatPromptValue(messages=inner(out))
    if isinstance(value, BaseMessage):
        entries.append(_message_entry(value))
        return lambda out: _message_from(value, out[index])
    if isinstance(value, Document):
        # Retrieved context: screened as context, never blocking the user's question.
        entries.append({"role": "system", "content": value.page_content})
        return lambda out: (
            value
            if out[index]["content"] == value.page_content
            else value.model_copy(update={"page_content": out[index]["content"]})
        )
    if isinstance(value, Mapping):
        names = tuple(value) if keys is None else keys
        writers: list[tuple[Any, _Rebuild]] = []
        for name in names:
            if name not in value:
                raise ValueError(f"InputGuard key {name!r} is missing from the input")
            writers.append((name, _walk(value[name], entries, None, depth + 1)))
        if len(entries) == index:
            return lambda out: value

        def mapping(out: Sequence[Mapping[str, Any]]) -> Any:
            rebuilt = dict(value)
            for name, write in writers:
                rebuilt[name] = write(out)
            return rebuilt

        return mapping
    if isinstance(value, (list, tuple)):
        items = [_walk(item, entries, None, depth + 1) for item in value]
        if len(entries) == index:
            return lambda out: value
        kind = type(value)

        def sequence(out: Sequence[Mapping[str, Any]]) -> Any:
            rebuilt = [write(out) for write in items]
            if kind is list or kind is tuple:
                return kind(rebuilt)
            return kind(*rebuilt) if hasattr(value, "_fields") else kind(rebuilt)

        return sequence
    return lambda out: value


@dataclass
class _Plan:
    """The texts of one input, as core messages, and how to rebuild the input from them."""

    entries: list[dict[str, Any]] = field(default_factory=list)
    rebuild: _Rebuild = lambda out: None
    single: bool = False

    @property
    def empty(self) -> bool:
        return not self.entries


_TEXT_HOLDERS = (
    str,
    StringPromptValue,
    ChatPromptValue,
    BaseMessage,
    Document,
    Mapping,
    list,
    tuple,
)


def _plan(value: object, keys: tuple[str, ...] | None) -> _Plan:
    if not isinstance(value, _TEXT_HOLDERS):
        raise TypeError(
            "InputGuard accepts str, dict, list, tuple, a PromptValue, a message or a "
            f"document (nested in any way); got {type(value).__name__}"
        )
    if keys is not None:
        if not isinstance(value, Mapping):
            raise TypeError(f"InputGuard(keys=...) needs a dict input, got {type(value).__name__}")
        for name in keys:
            if name in value and not isinstance(value[name], _TEXT_HOLDERS):
                raise TypeError(
                    f"InputGuard key {name!r} must hold text (str, messages, lists or dicts "
                    f"of them), got {type(value[name]).__name__}"
                )
    plan = _Plan()
    plan.rebuild = _walk(value, plan.entries, keys, 0)
    plan.single = isinstance(value, (str, StringPromptValue))
    return plan


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
        check=result if result.pending is not None else None,
        conversation=result.conversation,
    )


def _checked(plan: _Plan, result: InputCheck | MessagesCheck) -> Any:
    if isinstance(result, InputCheck):
        return plan.rebuild([{"role": "user", "content": result.text}])
    return plan.rebuild(result.messages)


class _Step:
    """A guard's step for ``_call_with_config``, its signature known ahead of time.

    LangChain inspects the signature of the function it is given on every call, to learn
    whether it takes ``run_manager`` and ``config`` (tens of microseconds per step); a class
    attribute ``__signature__`` answers at once. The step takes the run manager only: the
    guard's own config (``session_id``, the sequence's marks) is bound in ``call``.
    """

    __slots__ = ("call",)
    __signature__ = inspect.Signature(
        [
            inspect.Parameter("input", inspect.Parameter.POSITIONAL_ONLY),
            inspect.Parameter("run_manager", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        ]
    )

    def __init__(self, call: Callable[[Any, Any], Any]) -> None:
        self.call = call

    def __call__(self, input: Any, run_manager: Any) -> Any:
        return self.call(input, run_manager)


def _check_guard(guard: object, owner: str) -> Guard:
    if not isinstance(guard, Guard):
        raise TypeError(f"{owner} needs a mistral_secure.Guard, got {type(guard).__name__}")
    return guard


# ``configurable`` entry set by a sequence holding both guards: the ids of the guards whose
# OutputGuard follows, so their InputGuard may let input moderation run beside the model.
_DEFERRABLE = "__mistral_secure_deferrable"


def _deferrable(guard: Guard, config: RunnableConfig | None) -> bool:
    if guard.policy.moderation.input_mode != "concurrent" or config is None:
        return False
    ids = (config.get("configurable") or {}).get(_DEFERRABLE)
    return isinstance(ids, frozenset) and id(guard) in ids and guard.moderator is not None


class InputGuard(RunnableSerializable[Any, Any]):
    """Checks untrusted input with a :class:`~mistral_secure.Guard`; returns it cleaned.

    Accepts input of any shape: ``str``, a ``dict`` of prompt variables (``keys`` picks
    which; a missing key is an error), lists, tuples and dicts nested in any way, a
    ``StringPromptValue``/``ChatPromptValue``, messages and content parts, documents.
    Returns the same shape and types with every string checked:

    - strings and human and tool messages are untrusted: screened (the policy's
      ``injection.action``) and redacted;
    - system and AI messages (chat history) and documents are redacted and screened as
      context (``injection.context_action``), so history the app stored with real values
      never leaves in clear;
    - in a run with ``configurable.session_id``/``thread_id``, values are redacted with that
      conversation's vault: the same placeholder on every turn.

    Blocks by raising the core's :class:`~mistral_secure.GuardBlocked` subclasses. When an
    :class:`OutputGuard` of the same guard ends the same ``|`` sequence and the policy says
    ``moderation.input_mode = "concurrent"``, input moderation runs while the model answers
    and the OutputGuard withholds the answer until it passed.
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

    def __or__(self, other: Any) -> Any:
        return GuardedSequence(self, coerce_to_runnable(other))

    def __ror__(self, other: Any) -> Any:
        return GuardedSequence(coerce_to_runnable(other), self)

    # One run: plan, check, hand the outcome over to the OutputGuard of the same sequence.

    def _conversation(self, config: RunnableConfig) -> Conversation:
        # The run's session, or one of its own that a guarded model of the run shares.
        found = conversation_for(self.guard, config)
        return found if found is not None else self.guard.conversation()

    def _hand_over(self, run_manager: _RunManager, result: InputCheck | MessagesCheck) -> None:
        if run_manager.parent_run_id is not None:
            handoff_for(self.guard).put(run_manager.parent_run_id, _outcome(result))

    def _check(
        self, value: Any, run_manager: CallbackManagerForChainRun, config: RunnableConfig
    ) -> Any:
        plan = _plan(value, self.keys)
        if plan.empty:
            return value
        conversation = self._conversation(config)
        defer = _deferrable(self.guard, config) and run_manager.parent_run_id is not None
        result: InputCheck | MessagesCheck = (
            self.guard.check_input(
                plan.entries[0]["content"], conversation=conversation, defer_moderation=defer
            )
            if plan.single
            else self.guard.check_messages(
                plan.entries, conversation=conversation, defer_moderation=defer
            )
        )
        self._hand_over(run_manager, result)
        return _checked(plan, result)

    async def _acheck(
        self, value: Any, run_manager: AsyncCallbackManagerForChainRun, config: RunnableConfig
    ) -> Any:
        plan = _plan(value, self.keys)
        if plan.empty:
            return value
        conversation = self._conversation(config)
        defer = _deferrable(self.guard, config) and run_manager.parent_run_id is not None
        result: InputCheck | MessagesCheck = (
            await self.guard.acheck_input(
                plan.entries[0]["content"], conversation=conversation, defer_moderation=defer
            )
            if plan.single
            else await self.guard.acheck_messages(
                plan.entries, conversation=conversation, defer_moderation=defer
            )
        )
        self._hand_over(run_manager, result)
        return _checked(plan, result)

    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        """Check one input; raise a ``GuardBlocked`` subclass when the policy blocks it."""
        config = ensure_config(config)
        step = _Step(lambda value, manager: self._check(value, manager, config))
        return self._call_with_config(step, input, config)

    async def ainvoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        """Async :meth:`invoke` (moderation is awaited)."""
        config = ensure_config(config)
        step = _Step(lambda value, manager: self._acheck(value, manager, config))
        return await self._acall_with_config(step, input, config)

    def batch(
        self,
        inputs: list[Any],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        """Check many inputs; with ``return_exceptions=True`` a blocked item is its error."""
        configs = get_config_list(config, len(inputs))

        def run(values: list[Any], run_manager: list[CallbackManagerForChainRun]) -> list[Any]:
            out: list[Any] = []
            for value, manager, item in zip(values, run_manager, configs, strict=True):
                try:
                    out.append(self._check(value, manager, item))
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
        configs = get_config_list(config, len(inputs))

        async def run(
            values: list[Any], run_manager: list[AsyncCallbackManagerForChainRun]
        ) -> list[Any]:
            results = await asyncio.gather(
                *(
                    self._acheck(v, m, c)
                    for v, m, c in zip(values, run_manager, configs, strict=True)
                ),
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


_END = object()


def _is_structured_chunk(chunk: object) -> bool:
    """Not text: a parsed answer, or a whole message from a step that does not stream."""
    return not isinstance(chunk, (str, BaseMessageChunk))


def _accumulated(answer: Any, chunk: Any) -> Any:
    """The structured answer so far, with the next streamed chunk.

    Parsers stream ever larger partial objects (the last one is the answer);
    ``include_raw=True`` streams ``AddableDict`` pieces (``raw`` chunks, then ``parsed``)
    that add up to the answer.
    """
    if isinstance(answer, AddableDict) and isinstance(chunk, AddableDict):
        return answer + chunk
    return chunk


def _is_raw_and_parsed(value: object) -> bool:
    """The dict of ``with_structured_output(..., include_raw=True)``."""
    return (
        isinstance(value, Mapping)
        and isinstance(value.get("raw"), BaseMessage)
        and ("parsed" in value)
    )


def _structured(value: object) -> Any:
    if isinstance(value, (Mapping, list, tuple, PydanticBaseModel)) and not isinstance(
        value, BaseMessage
    ):
        return value
    raise TypeError(
        "OutputGuard accepts an AIMessage, an AIMessageChunk, str, or a parsed answer "
        f"(a pydantic model, dict or list), got {type(value).__name__}"
    )


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

    Accepts an ``AIMessage``, an ``AIMessageChunk`` or ``str`` and returns the same type;
    tool-call arguments are restored and sanitized (``policy.tools``). Parsed answers
    (``with_structured_output``: a pydantic model, a dict, ``include_raw=True``'s dict) get
    every string field sanitized and restored (:meth:`~mistral_secure.Guard.check_structured`).
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
        """The input's restore handle; waits for a deferred input moderation (raises if it
        blocks), so no answer is released before the input passed."""
        outcome = self._outcome(run_manager)
        return outcome.redaction if outcome is not None else None

    def _outcome(self, run_manager: _RunManager) -> InputOutcome | None:
        """The InputGuard's outcome (collected once), its deferred moderation confirmed."""
        outcome = handoff_for(self.guard).pop(run_manager.parent_run_id)
        if outcome is not None and outcome.check is not None:
            outcome.check.confirm()
        return outcome

    # -- what a guarded model of the same guard already guarded -----------------------------

    def _marked(self, value: object) -> bool:
        if not isinstance(value, BaseMessage):
            return False
        return value.response_metadata.get(GUARDED_FIELD) == guard_marker(self.guard)

    def _already_guarded(self, value: object) -> bool:
        """An answer a guarded model of this guard made final: guarding it again would
        redact the user's values the model put back."""
        if self._marked(value):
            return True
        if _is_raw_and_parsed(value):
            return self._marked(value["raw"])  # type: ignore[index]
        if isinstance(value, BaseMessage):
            return False
        if isinstance(value, (str, Mapping, list, tuple, PydanticBaseModel)):
            # A parsed answer built from a guarded model's tool-call arguments.
            return guarded_strings(self.guard).covers(strings_in(value))
        return False

    @staticmethod
    def _passed(value: Any, conversation: Conversation | None) -> Any:
        """An already guarded answer, with any placeholder of the run's input put back."""
        if conversation is None or value is None:
            return value
        if isinstance(value, str):
            return conversation.restore(value)
        if isinstance(value, BaseMessage):
            update: dict[str, Any] = {"content": conversation.restore_data(value.content)}
            if isinstance(value, AIMessage) and value.tool_calls:
                update["tool_calls"] = conversation.restore_data(value.tool_calls)
            return value.model_copy(update=update)
        if _is_raw_and_parsed(value):
            return {
                **value,
                "raw": OutputGuard._passed(value["raw"], conversation),
                "parsed": conversation.restore_data(value["parsed"]),
            }
        return conversation.restore_data(value)

    async def _awaited_input(self, run_manager: _RunManager) -> None:
        """Await a deferred input moderation (the sync :meth:`_restore` then finds it done)."""
        outcome = handoff_for(self.guard).peek(run_manager.parent_run_id)
        if outcome is not None and outcome.check is not None:
            await outcome.check.aconfirm()

    # -- whole answers ---------------------------------------------------------------------

    def _check(self, value: Any, run_manager: CallbackManagerForChainRun) -> Any:
        outcome = self._outcome(run_manager)
        if self._already_guarded(value):
            return self._passed(value, outcome.conversation if outcome is not None else None)
        return self._guarded(value, outcome.redaction if outcome is not None else None)

    def _guarded(self, value: Any, restore: Redaction | None) -> Any:
        if isinstance(value, str):
            return self.guard.check_output(value, restore=restore).text
        if isinstance(value, AIMessage):
            text = self.guard.check_output(_message_text(value.content), restore=restore).text
            update = tool_call_update(self.guard, value, restore)
            update["content"] = _replace_text(value.content, text)
            return value.model_copy(update=update)
        if _is_raw_and_parsed(value):
            return {
                **value,
                "raw": self._guarded(value["raw"], restore),
                "parsed": self._guarded(value["parsed"], restore),
            }
        if value is None:
            return None
        return self.guard.check_structured(_structured(value), restore=restore)

    async def _acheck(self, value: Any, run_manager: AsyncCallbackManagerForChainRun) -> Any:
        await self._awaited_input(run_manager)
        outcome = self._outcome(run_manager)
        if self._already_guarded(value):
            return self._passed(value, outcome.conversation if outcome is not None else None)
        return await self._aguarded(value, outcome.redaction if outcome is not None else None)

    async def _aguarded(self, value: Any, restore: Redaction | None) -> Any:
        if isinstance(value, str):
            return (await self.guard.acheck_output(value, restore=restore)).text
        if isinstance(value, AIMessage):
            checked = await self.guard.acheck_output(_message_text(value.content), restore=restore)
            update = tool_call_update(self.guard, value, restore)
            update["content"] = _replace_text(value.content, checked.text)
            return value.model_copy(update=update)
        if _is_raw_and_parsed(value):
            return {
                **value,
                "raw": await self._aguarded(value["raw"], restore),
                "parsed": await self._aguarded(value["parsed"], restore),
            }
        if value is None:
            return None
        return await self.guard.acheck_structured(_structured(value), restore=restore)

    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        """Sanitize one answer."""
        return self._call_with_config(_Step(self._check), input, config)

    async def ainvoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        """Async :meth:`invoke`."""
        return await self._acall_with_config(_Step(self._acheck), input, config)

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

    def _pass_chunks(
        self, chunks: Iterator[Any], run_manager: CallbackManagerForChainRun
    ) -> Iterator[Any]:
        outcome = self._outcome(run_manager)
        conversation = outcome.conversation if outcome is not None else None
        for chunk in chunks:
            yield self._passed(chunk, conversation)

    def _guard_any(
        self, chunks: Iterator[Any], run_manager: CallbackManagerForChainRun
    ) -> Iterator[Any]:
        first = next(chunks, _END)
        if first is _END:
            return
        if _is_structured_chunk(first):
            answer = first
            for chunk in chunks:
                answer = _accumulated(answer, chunk)
            yield self._check(answer, run_manager)
            return
        rest = itertools.chain([first], chunks)
        if self._marked(first):
            # A guarded model of this guard streams final text (it marks the first chunk).
            yield from self._pass_chunks(rest, run_manager)
            return
        yield from self._guard_chunks(rest, run_manager)

    async def _aguard_any(
        self, chunks: AsyncIterator[Any], run_manager: AsyncCallbackManagerForChainRun
    ) -> AsyncIterator[Any]:
        first = await anext(chunks, _END)
        if first is _END:
            return
        await self._awaited_input(run_manager)
        if _is_structured_chunk(first):
            answer = first
            async for chunk in chunks:
                answer = _accumulated(answer, chunk)
            yield await self._acheck(answer, run_manager)
            return

        async def rest() -> AsyncIterator[Any]:
            yield first
            async for chunk in chunks:
                yield chunk

        if self._marked(first):
            outcome = self._outcome(run_manager)
            conversation = outcome.conversation if outcome is not None else None
            async for chunk in rest():
                yield self._passed(chunk, conversation)
            return
        async for chunk in self._aguard_chunks(rest(), run_manager):
            yield chunk

    def transform(
        self, input: Iterator[Any], config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[Any]:
        """Guard a stream of answer chunks (what ``chain.stream()`` drives)."""
        yield from self._transform_stream_with_config(input, self._guard_any, config)

    async def atransform(
        self, input: AsyncIterator[Any], config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Any]:
        """Async :meth:`transform` (what ``chain.astream()`` drives)."""
        async for chunk in self._atransform_stream_with_config(input, self._aguard_any, config):
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


class GuardedSequence(RunnableSequence):  # type: ignore[type-arg]
    """A ``|`` sequence started from an :class:`InputGuard`; otherwise a ``RunnableSequence``.

    When it holds an :class:`InputGuard` and an :class:`OutputGuard` of the same guard, it
    tells the InputGuard that the OutputGuard will withhold the answer until a deferred
    input moderation passed, so, under ``moderation.input_mode = "concurrent"``, input
    moderation runs while the model answers instead of before.
    """

    def __init__(self, *steps: Any, **kwargs: Any) -> None:
        super().__init__(*steps, **kwargs)

    def __or__(self, other: Any) -> Any:
        steps = other.steps if isinstance(other, RunnableSequence) else [coerce_to_runnable(other)]
        return GuardedSequence(*self.steps, *steps, name=self.name)

    def __ror__(self, other: Any) -> Any:
        return GuardedSequence(coerce_to_runnable(other), *self.steps, name=self.name)

    def _marked(self, config: RunnableConfig | None) -> RunnableConfig | None:
        inputs = {id(s.guard) for s in self.steps if isinstance(s, InputGuard)}
        outputs = {id(s.guard) for s in self.steps if isinstance(s, OutputGuard)}
        both = frozenset(inputs & outputs)
        if not both:
            return config
        config = dict(config or {})  # type: ignore[assignment]
        assert config is not None
        config["configurable"] = {**(config.get("configurable") or {}), _DEFERRABLE: both}
        return config

    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        return super().invoke(input, self._marked(config), **kwargs)

    async def ainvoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        return await super().ainvoke(input, self._marked(config), **kwargs)

    def batch(
        self,
        inputs: list[Any],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        configs = [self._marked(c) for c in get_config_list(config, len(inputs))]
        return super().batch(inputs, configs, return_exceptions=return_exceptions, **kwargs)  # type: ignore[arg-type]

    async def abatch(
        self,
        inputs: list[Any],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[Any]:
        configs = [self._marked(c) for c in get_config_list(config, len(inputs))]
        return await super().abatch(
            inputs,
            configs,  # type: ignore[arg-type]
            return_exceptions=return_exceptions,
            **kwargs,
        )

    def stream(
        self, input: Any, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[Any]:
        yield from super().stream(input, self._marked(config), **kwargs)

    async def astream(
        self, input: Any, config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Any]:
        async for chunk in super().astream(input, self._marked(config), **kwargs):
            yield chunk

    def transform(
        self, input: Iterator[Any], config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[Any]:
        yield from super().transform(input, self._marked(config), **kwargs)

    async def atransform(
        self, input: AsyncIterator[Any], config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Any]:
        async for chunk in super().atransform(input, self._marked(config), **kwargs):
            yield chunk
