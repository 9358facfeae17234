"""``InputGuard`` on inputs of any shape: a property test.

Random mixes of strings, nested lists, tuples and dicts, every LangChain message class
(content strings and content parts, tool calls), documents and prompt values go through
``InputGuard`` (invoke, ainvoke, batch, abatch) and come back unchanged apart from
redaction: the same types, the same order, the same roles, the same keys, and every string
equal to the original once the conversation's values are put back.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from langchain_core.documents import Document
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    ChatMessage,
    ChatMessageChunk,
    FunctionMessage,
    FunctionMessageChunk,
    HumanMessage,
    HumanMessageChunk,
    SystemMessage,
    SystemMessageChunk,
    ToolMessage,
    ToolMessageChunk,
)
from langchain_core.prompt_values import ChatPromptValue, StringPromptValue

from langchain_mistral_secure import InputGuard, conversation_for
from mistral_secure import Conversation, Guard, Policy

VALUES = ["jane.doe@example.com", "bob.smith@example.org", "4111 1111 1111 1111"]
WORDS = ["hello", "order", "refund", "blue", "table", "the", "42", "ok.", "", " ", "é", "日本"]
_SESSIONS = itertools.count()


@pytest.fixture(scope="module")
def guard() -> Guard:
    return Guard(Policy(moderation={"enabled": False}))


# -- strategies --------------------------------------------------------------------------------

texts = st.lists(st.sampled_from(WORDS + VALUES), max_size=6).map(" ".join)
parts = st.lists(
    st.one_of(
        texts.map(lambda t: {"type": "text", "text": t}),
        texts,  # a bare string part
        st.just({"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}),
    ),
    min_size=1,
    max_size=3,
)
contents = st.one_of(texts, parts)


@st.composite
def messages(draw: st.DrawFn) -> BaseMessage:
    content = draw(contents)
    kind = draw(st.integers(0, 13))
    if kind == 0:
        return HumanMessage(content=content, id="h1")
    if kind == 1:
        return HumanMessageChunk(content=content)
    if kind == 2:
        return SystemMessage(content=content)
    if kind == 3:
        return SystemMessageChunk(content=content)
    if kind == 4:
        calls = draw(st.lists(texts, max_size=2))
        return AIMessage(
            content=content,
            tool_calls=[
                {"name": "send", "args": {"to": t, "n": 1}, "id": f"c{i}"}
                for i, t in enumerate(calls)
            ],
        )
    if kind == 5:
        return AIMessageChunk(content=content)
    if kind == 6:
        return ToolMessage(content=content, tool_call_id="c0")
    if kind == 7:
        return ToolMessageChunk(content=content, tool_call_id="c0")
    if kind == 8:
        return FunctionMessage(content=content, name="lookup")
    if kind == 9:
        return FunctionMessageChunk(content=content, name="lookup")
    if kind == 10:
        return ChatMessage(content=content, role=draw(st.sampled_from(["critic", "assistant"])))
    if kind == 11:
        return ChatMessageChunk(content=content, role="user")
    if kind == 12:
        return AIMessage(content=content, name="bot", additional_kwargs={"x": 1})
    return HumanMessage(content=content, name="alice")


leaves = st.one_of(
    texts,
    messages(),
    texts.map(lambda t: Document(page_content=t, metadata={"source": "kb"})),
    st.integers(),
    st.none(),
    st.booleans(),
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.sampled_from(["a", "b", "question", "history", "x y"]), inner),
        st.lists(messages(), max_size=4).map(lambda m: ChatPromptValue(messages=m)),
    ),
    max_leaves=12,
)
inputs = st.one_of(
    texts,
    texts.map(lambda t: StringPromptValue(text=t)),
    messages(),
    st.lists(messages(), max_size=5),
    st.lists(messages(), max_size=4).map(lambda m: ChatPromptValue(messages=m)),
    st.dictionaries(st.sampled_from(["question", "history", "context", "n"]), values),
    st.lists(values, max_size=4),
    st.lists(values, max_size=3).map(tuple),
)


# -- the comparison ------------------------------------------------------------------------------


def same(original: Any, checked: Any, conversation: Conversation, where: str = "$") -> None:
    """``checked`` is ``original`` with strings redacted: shape, types, order, roles, keys."""
    assert type(checked) is type(original), where
    if isinstance(original, str):
        for value in VALUES:
            assert value not in checked, f"{where}: a value left unredacted"
        assert conversation.restore(checked) == original, where
    elif isinstance(original, BaseMessage):
        assert checked.type == original.type, where
        for name in ("id", "name", "role", "tool_call_id", "additional_kwargs"):
            if name == "additional_kwargs" and isinstance(original, AIMessage):
                continue  # compared through tool_calls below
            assert getattr(checked, name, None) == getattr(original, name, None), where
        same(original.content, checked.content, conversation, f"{where}.content")
        if isinstance(original, AIMessage) and not isinstance(original, AIMessageChunk):
            assert [c["id"] for c in checked.tool_calls] == [c["id"] for c in original.tool_calls]
            for i, (a, b) in enumerate(zip(original.tool_calls, checked.tool_calls, strict=True)):
                same(a["args"], b["args"], conversation, f"{where}.tool_calls[{i}]")
    elif isinstance(original, Document):
        assert checked.metadata == original.metadata, where
        same(original.page_content, checked.page_content, conversation, f"{where}.page_content")
    elif isinstance(original, StringPromptValue):
        same(original.text, checked.text, conversation, f"{where}.text")
    elif isinstance(original, ChatPromptValue):
        same(original.messages, checked.messages, conversation, f"{where}.messages")
    elif isinstance(original, dict):
        assert list(checked) == list(original), f"{where}: keys or their order changed"
        for key in original:
            same(original[key], checked[key], conversation, f"{where}[{key!r}]")
    elif isinstance(original, (list, tuple)):
        assert len(checked) == len(original), where
        for i, (a, b) in enumerate(zip(original, checked, strict=True)):
            same(a, b, conversation, f"{where}[{i}]")
    else:
        assert checked == original, where


def session() -> dict[str, Any]:
    return {"configurable": {"session_id": f"shapes-{next(_SESSIONS)}"}}


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(value=inputs)
def test_invoke_keeps_any_shape(guard: Guard, value: Any) -> None:
    config = session()
    checked = InputGuard(guard).invoke(value, config)
    conversation = conversation_for(guard, config)
    assert conversation is not None
    same(value, checked, conversation)


@SETTINGS
@given(value=inputs)
def test_ainvoke_keeps_any_shape(guard: Guard, value: Any) -> None:
    config = session()
    checked = asyncio.run(InputGuard(guard).ainvoke(value, config))
    conversation = conversation_for(guard, config)
    assert conversation is not None
    same(value, checked, conversation)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.lists(inputs, min_size=1, max_size=4), use_async=st.booleans())
def test_batch_keeps_any_shape_per_item(guard: Guard, batch: list[Any], use_async: bool) -> None:
    configs = [session() for _ in batch]
    ig = InputGuard(guard)
    out = (
        asyncio.run(ig.abatch(batch, configs))  # type: ignore[arg-type]
        if use_async
        else ig.batch(batch, configs)  # type: ignore[arg-type]
    )
    assert len(out) == len(batch)
    for value, checked, config in zip(batch, out, configs, strict=True):
        conversation = conversation_for(guard, config)
        assert conversation is not None
        same(value, checked, conversation)


_HOLDERS = (str, list, tuple, dict, BaseMessage, Document, ChatPromptValue)


@settings(max_examples=60, deadline=None)
@given(
    value=st.dictionaries(
        st.sampled_from(["q", "h", "c"]),
        values.filter(lambda v: isinstance(v, _HOLDERS)),
        min_size=1,
    ),
    data=st.data(),
)
def test_keys_pick_what_is_checked_and_leave_the_rest(
    guard: Guard, value: dict[str, Any], data: st.DataObject
) -> None:
    keys = data.draw(st.lists(st.sampled_from(sorted(value)), unique=True, min_size=1))
    config = session()
    checked = InputGuard(guard, keys=keys).invoke(value, config)
    conversation = conversation_for(guard, config)
    assert conversation is not None
    assert list(checked) == list(value)
    for key, item in value.items():
        if key in keys:
            same(item, checked[key], conversation, key)
        else:
            assert checked[key] is item  # not looked at


def test_a_picked_key_must_hold_text(guard: Guard) -> None:
    with pytest.raises(TypeError, match="must hold text"):
        InputGuard(guard, keys=["n"]).invoke({"n": 3})


def test_the_comparison_catches_a_changed_role_and_an_unredacted_value(guard: Guard) -> None:
    # The property is only as good as `same`: show it a reordered chat and a leaked value.
    conversation = guard.conversation()
    chat = [HumanMessage(content="hi"), AIMessage(content="hello")]
    with pytest.raises(AssertionError):
        same(chat, list(reversed(chat)), conversation)
    with pytest.raises(AssertionError):
        same({"a": VALUES[0]}, {"a": VALUES[0]}, conversation)
    with pytest.raises(AssertionError):
        same({"a": 1, "b": 2}, {"b": 2, "a": 1}, conversation)
    assert json.dumps(VALUES)  # the values are plain strings the recognizers find
    assert all(guard.check_input(v).text != v for v in VALUES)
