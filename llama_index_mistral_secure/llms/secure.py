"""SecureLLM: a Guard around any LlamaIndex LLM, for chat, completion, streams and tools."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseAsyncGen,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseAsyncGen,
    CompletionResponseGen,
    ContentBlock,
    LLMMetadata,
    MessageRole,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
)
from llama_index.core.bridge.pydantic import Field
from llama_index.core.llms.function_calling import FunctionCallingLLM
from llama_index.core.llms.llm import LLM, ToolSelection

from mistral_secure import (
    ConfigurationError,
    Conversation,
    Guard,
    GuardedStream,
    InputCheck,
    MessagesCheck,
    Redaction,
    current_conversation,
)

from .._nodes import check_guard
from ._context import ContextScreening

if TYPE_CHECKING:
    from llama_index.core.tools.types import BaseTool

__all__ = ["SecureLLM"]

# LlamaIndex roles whose text the guard treats as untrusted tool output.
_TOOL_ROLES = frozenset({MessageRole.TOOL, MessageRole.FUNCTION})


def _guard_view(messages: Sequence[ChatMessage]) -> list[dict[str, Any]]:
    """The guard's view of a chat: roles it knows, text, and tool-call arguments."""
    view: list[dict[str, Any]] = []
    for message in messages:
        role = "tool" if message.role in _TOOL_ROLES else str(message.role.value)
        entry: dict[str, Any] = {"role": role, "content": message.content or ""}
        calls: list[Any] = [
            {"args": b.tool_kwargs} for b in message.blocks if isinstance(b, ToolCallBlock)
        ]
        raw = message.additional_kwargs.get("tool_calls")
        if isinstance(raw, list):
            calls.extend(raw)
        if calls:
            entry["tool_calls"] = calls
        view.append(entry)
    return view


def _with_calls(message: ChatMessage, calls: Sequence[Any]) -> ChatMessage:
    """``message`` with its tool-call arguments replaced by ``calls`` (in view order)."""
    blocks = [b for b in message.blocks if isinstance(b, ToolCallBlock)]
    if not calls:
        return message
    replaced = iter(calls)
    new_blocks: list[ContentBlock] = [
        b.model_copy(update={"tool_kwargs": next(replaced)["args"]})
        if isinstance(b, ToolCallBlock)
        else b
        for b in message.blocks
    ]
    update: dict[str, Any] = {"blocks": new_blocks}
    rest = list(replaced)
    if rest and len(blocks) < len(calls):
        update["additional_kwargs"] = {**message.additional_kwargs, "tool_calls": rest}
    return message.model_copy(update=update)


def _with_text(message: ChatMessage, text: str) -> ChatMessage:
    """A copy of ``message`` whose text is ``text``; tool calls and images are kept."""
    others: list[ContentBlock] = [
        b for b in message.blocks if not isinstance(b, (TextBlock, ThinkingBlock))
    ]
    return message.model_copy(update={"blocks": [TextBlock(text=text), *others]})


def _apply(messages: Sequence[ChatMessage], check: MessagesCheck) -> list[ChatMessage]:
    out: list[ChatMessage] = []
    for original, checked in zip(messages, check.messages, strict=True):
        text = checked["content"]
        message = original if text == (original.content or "") else _with_text(original, text)
        out.append(_with_calls(message, checked.get("tool_calls") or ()))
    if check.instructions:
        # Wrapping is on: the system prompt must explain the delimiters to the model.
        if out and out[0].role == MessageRole.SYSTEM:
            out[0] = _with_text(out[0], f"{out[0].content or ''}\n\n{check.instructions}")
        else:
            out.insert(0, ChatMessage(role=MessageRole.SYSTEM, content=check.instructions))
    return out


def _tool_blocks(response: ChatResponse) -> list[ContentBlock]:
    return [b for b in response.message.blocks if isinstance(b, ToolCallBlock)]


class _ChatStream:
    """Turns the wrapped LLM's chat chunks into guarded chunks with consistent cumulative text."""

    def __init__(self, session: GuardedStream) -> None:
        self.session = session
        self.text = ""
        self.last: ChatResponse | None = None

    def chunk(self, response: ChatResponse | None, piece: str) -> ChatResponse:
        self.text += piece
        source = response or self.last
        self.last = source
        blocks: list[ContentBlock] = [TextBlock(text=self.text)]
        if source is not None:
            blocks.extend(_tool_blocks(source))
        role = source.message.role if source is not None else MessageRole.ASSISTANT
        return ChatResponse(
            message=ChatMessage(role=role, blocks=blocks),
            delta=piece,
            raw=source.raw if source is not None else None,
            additional_kwargs=source.additional_kwargs if source is not None else {},
        )


def _chat_chunk(chunk: CompletionResponse) -> ChatResponse:
    return ChatResponse(
        message=ChatMessage(role=MessageRole.ASSISTANT, content=chunk.text),
        delta=chunk.delta,
        raw=chunk.raw,
        additional_kwargs=chunk.additional_kwargs,
    )


def _completion(chunk: ChatResponse) -> CompletionResponse:
    return CompletionResponse(
        text=chunk.message.content or "",
        delta=chunk.delta,
        raw=chunk.raw,
        additional_kwargs=chunk.additional_kwargs,
    )


class SecureLLM(ContextScreening, FunctionCallingLLM):
    """Wrap any LlamaIndex ``LLM`` with a :class:`~mistral_secure.Guard`.

    Input goes through ``guard.check_messages`` (chat) or ``guard.check_input``
    (completion): injection screening, PII/secret redaction, moderation. Answers go
    through ``guard.check_output``, with the user's own values restored in place of
    placeholders when the policy asks. Streams are guarded chunk by chunk with the core's
    hold-back session, so a pattern split across chunks is still caught, and each chunk's
    ``message.content``/``text`` is the cumulative safe text.

    Blocked requests raise the core's typed errors (:class:`~mistral_secure.GuardBlocked`
    subclasses). ``metadata`` is the wrapped LLM's. Tool calling delegates to the wrapped
    LLM when it is a ``FunctionCallingLLM``.

    Conversations: every message that leaves is redacted (chat history the engine stored
    with real values, tool results, assistant tool calls, and the system message where chat
    engines put retrieved context, which is screened for injection with
    ``injection.context_action``; the LLM's own ``system_prompt`` is trusted). One vault
    serves a call; :meth:`for_conversation` (or ``conversation=``, or
    ``with guard.conversation(key).activate():``) keeps one per chat, so a value has the same
    placeholder on every turn. Tool-call arguments in answers (and streamed chunks) get the
    values back (``policy.tools``), so ``FunctionAgent`` tools and ``structured_predict``
    act on real data. Under ``moderation.input_mode = "concurrent"`` the input is moderated
    while the model answers, and the answer is withheld until it passed.

    Query engines write retrieved chunks into the user message of their prompt: the prompt
    variables that carry them (``context_str``, ``context_msg``, ``context_messages``,
    ``existing_answer``) are checked as context first (:meth:`Guard.check_context`), so a
    poisoned chunk is neutralized (``injection.context_action``) instead of blocking the
    question, and its PII never leaves.
    """

    llm: LLM = Field(description="The wrapped LLM.")
    guard: Guard = Field(exclude=True, description="The guard applied to every call.")
    conversation: Conversation | None = Field(
        default=None, exclude=True, description="The conversation whose vault every call uses."
    )

    def __init__(
        self,
        llm: LLM,
        guard: Guard,
        *,
        conversation: Conversation | None = None,
        **kwargs: Any,
    ) -> None:
        if not isinstance(llm, LLM):
            raise TypeError(f"llm must be a llama-index LLM, got {type(llm).__name__}")
        if isinstance(getattr(llm, "guard", None), Guard):
            # Guarding twice would redact the values the inner model already put back.
            raise ConfigurationError(
                f"the {type(llm).__name__} already guards its calls (it was given guard=): "
                "use it directly, without SecureLLM"
            )
        if conversation is not None and not isinstance(conversation, Conversation):
            raise TypeError(
                f"conversation must be a Conversation, got {type(conversation).__name__}"
            )
        kwargs["conversation"] = conversation
        # Mirror the prompt shaping of the wrapped LLM, which LLM.predict applies here.
        kwargs.setdefault("system_prompt", llm.system_prompt)
        kwargs.setdefault("messages_to_prompt", llm.messages_to_prompt)
        kwargs.setdefault("completion_to_prompt", llm.completion_to_prompt)
        kwargs.setdefault("callback_manager", llm.callback_manager)
        super().__init__(llm=llm, guard=check_guard(guard), **kwargs)

    @classmethod
    def class_name(cls) -> str:
        return "SecureLLM"

    @property
    def metadata(self) -> LLMMetadata:
        return self.llm.metadata

    def __repr__(self) -> str:
        return f"SecureLLM(llm={type(self.llm).__name__}, guard={self.guard!r})"

    # -- chat ------------------------------------------------------------------------------

    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        conversation = self._conversation()
        check = conversation.check_messages(
            _guard_view(messages), system_prompts=self._prompts(), defer_moderation=self._defer()
        )
        response = self.llm.chat(_apply(messages, check), **kwargs)
        check.confirm()
        safe = conversation.check_output(response.message.content or "")
        return self._restored(response, safe.text, conversation)

    async def achat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        conversation = self._conversation()
        check = await conversation.acheck_messages(
            _guard_view(messages), system_prompts=self._prompts(), defer_moderation=self._defer()
        )
        response = await self.llm.achat(_apply(messages, check), **kwargs)
        await check.aconfirm()
        safe = await conversation.acheck_output(response.message.content or "")
        return self._restored(response, safe.text, conversation)

    # -- conversations and tools -----------------------------------------------------------

    def for_conversation(self, key: str) -> SecureLLM:
        """This LLM bound to the guard's conversation ``key`` (a chat session, a memory's
        ``chat_store_key``): one vault for every call, so a value keeps its placeholder on
        every turn. Give each chat engine or agent its own."""
        return SecureLLM(self.llm, self.guard, conversation=self.guard.conversation(key))

    def _context_conversation(self) -> Conversation:
        return self._conversation()

    def _bound(self, conversation: Conversation) -> SecureLLM:
        if conversation is self.conversation:
            return self
        bound: SecureLLM = self.model_copy(update={"conversation": conversation})
        return bound

    def _conversation(self) -> Conversation:
        if self.conversation is not None:
            return self.conversation
        active = current_conversation()
        if active is not None and active.guard is self.guard:
            return active
        return self.guard.conversation()

    def _prompts(self) -> tuple[str, ...]:
        """The developer's own system prompts: not screened as retrieved context."""
        return tuple(p for p in (self.system_prompt, self.llm.system_prompt) if p)

    def _defer(self) -> bool:
        moderation = self.guard.policy.moderation
        return self.guard.moderator is not None and moderation.input_mode == "concurrent"

    def _restored(
        self, response: ChatResponse, text: str, conversation: Conversation
    ) -> ChatResponse:
        message = _with_text(response.message, text)
        return response.model_copy(update={"message": self._tool_args(message, conversation)})

    def _tool_args(self, message: ChatMessage, conversation: Conversation) -> ChatMessage:
        """Tool-call arguments with the conversation's values, for the tools to act on."""
        calls = [
            {"args": self.guard.check_tool_arguments(b.tool_kwargs, conversation=conversation)}
            for b in message.blocks
            if isinstance(b, ToolCallBlock)
        ]
        return _with_calls(message, calls) if calls else message

    def _confirmed(
        self, chunks: Iterator[ChatResponse], check: MessagesCheck | InputCheck
    ) -> Iterator[ChatResponse]:
        first = True
        try:
            for chunk in chunks:
                if first:
                    check.confirm()  # no answer before the input's moderation passed
                    first = False
                yield chunk
        finally:
            close = getattr(chunks, "close", None)
            if callable(close):
                close()

    async def _aconfirmed(
        self, chunks: AsyncIterator[ChatResponse], check: MessagesCheck | InputCheck
    ) -> AsyncGenerator[ChatResponse, None]:
        first = True
        try:
            async for chunk in chunks:
                if first:
                    await check.aconfirm()
                    first = False
                yield chunk
        finally:
            aclose = getattr(chunks, "aclose", None)
            if callable(aclose):
                await aclose()

    def _with_tool_args(
        self, chunks: Iterator[ChatResponse], conversation: Conversation
    ) -> ChatResponseGen:
        try:
            for chunk in chunks:
                yield chunk.model_copy(
                    update={"message": self._tool_args(chunk.message, conversation)}
                )
        finally:
            close = getattr(chunks, "close", None)
            if callable(close):
                close()

    async def _awith_tool_args(
        self, chunks: AsyncIterator[ChatResponse], conversation: Conversation
    ) -> AsyncGenerator[ChatResponse, None]:
        try:
            async for chunk in chunks:
                yield chunk.model_copy(
                    update={"message": self._tool_args(chunk.message, conversation)}
                )
        finally:
            aclose = getattr(chunks, "aclose", None)
            if callable(aclose):
                await aclose()

    def _guarded_chat(
        self, chunks: Iterator[ChatResponse], restore: Redaction | None
    ) -> ChatResponseGen:
        stream = _ChatStream(self.guard.stream_session(restore=restore))
        try:
            for response in chunks:
                yield stream.chunk(response, stream.session.feed(response.delta or ""))
                if stream.session.stopped:
                    break
            tail = stream.session.flush()
            if tail:
                yield stream.chunk(None, tail)
        finally:
            stream.session.close()
            close = getattr(chunks, "close", None)
            if callable(close):
                close()

    async def _aguarded_chat(
        self, chunks: AsyncIterator[ChatResponse], restore: Redaction | None
    ) -> AsyncGenerator[ChatResponse, None]:
        stream = _ChatStream(self.guard.stream_session(restore=restore))
        try:
            async for response in chunks:
                yield stream.chunk(response, await stream.session.afeed(response.delta or ""))
                if stream.session.stopped:
                    break
            tail = await stream.session.aflush()
            if tail:
                yield stream.chunk(None, tail)
        finally:
            stream.session.close()
            aclose = getattr(chunks, "aclose", None)
            if callable(aclose):
                await aclose()

    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        conversation = self._conversation()
        check = conversation.check_messages(
            _guard_view(messages), system_prompts=self._prompts(), defer_moderation=self._defer()
        )
        chunks = self._confirmed(self.llm.stream_chat(_apply(messages, check), **kwargs), check)
        guarded = self._guarded_chat(chunks, conversation.redaction)
        return self._with_tool_args(guarded, conversation)

    async def astream_chat(
        self, messages: Sequence[ChatMessage], **kwargs: Any
    ) -> ChatResponseAsyncGen:
        conversation = self._conversation()
        check = await conversation.acheck_messages(
            _guard_view(messages), system_prompts=self._prompts(), defer_moderation=self._defer()
        )
        raw = await self.llm.astream_chat(_apply(messages, check), **kwargs)
        guarded = self._aguarded_chat(self._aconfirmed(raw, check), conversation.redaction)
        return self._awith_tool_args(guarded, conversation)

    # -- completion ------------------------------------------------------------------------

    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        conversation = self._conversation()
        check = conversation.check_input(prompt, defer_moderation=self._defer())
        response = self.llm.complete(check.text, formatted=formatted, **kwargs)
        check.confirm()
        safe = conversation.check_output(response.text)
        return response.model_copy(update={"text": safe.text})

    async def acomplete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponse:
        conversation = self._conversation()
        check = await conversation.acheck_input(prompt, defer_moderation=self._defer())
        response = await self.llm.acomplete(check.text, formatted=formatted, **kwargs)
        await check.aconfirm()
        safe = await conversation.acheck_output(response.text)
        return response.model_copy(update={"text": safe.text})

    @staticmethod
    def _as_chat(chunks: CompletionResponseGen) -> Generator[ChatResponse, None, None]:
        try:
            for c in chunks:
                yield _chat_chunk(c)
        finally:
            chunks.close()

    @staticmethod
    async def _aas_chat(
        chunks: CompletionResponseAsyncGen,
    ) -> AsyncGenerator[ChatResponse, None]:
        try:
            async for c in chunks:
                yield _chat_chunk(c)
        finally:
            await chunks.aclose()

    def stream_complete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponseGen:
        conversation = self._conversation()
        check = conversation.check_input(prompt, defer_moderation=self._defer())
        chunks = self.llm.stream_complete(check.text, formatted=formatted, **kwargs)
        confirmed = self._confirmed(self._as_chat(chunks), check)
        guarded = self._guarded_chat(confirmed, conversation.redaction)
        return (_completion(chunk) for chunk in guarded)

    async def astream_complete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponseAsyncGen:
        conversation = self._conversation()
        check = await conversation.acheck_input(prompt, defer_moderation=self._defer())
        chunks = await self.llm.astream_complete(check.text, formatted=formatted, **kwargs)
        confirmed = self._aconfirmed(self._aas_chat(chunks), check)
        guarded = self._aguarded_chat(confirmed, conversation.redaction)
        return (_completion(chunk) async for chunk in guarded)

    # -- tools -----------------------------------------------------------------------------

    def _tool_llm(self) -> FunctionCallingLLM:
        if not isinstance(self.llm, FunctionCallingLLM):
            raise TypeError(
                f"the wrapped {type(self.llm).__name__} does not support function calling"
            )
        return self.llm

    def _prepare_chat_with_tools(  # noqa: PLR0917  # the base class's signature
        self,
        tools: Sequence[BaseTool],
        user_msg: str | ChatMessage | None = None,
        chat_history: list[ChatMessage] | None = None,
        verbose: bool = False,
        allow_parallel_tool_calls: bool = False,
        tool_required: bool = False,
        **kwargs: Any,
    ) -> dict[str, Any]:
        return self._tool_llm()._prepare_chat_with_tools(
            tools,
            user_msg=user_msg,
            chat_history=chat_history,
            verbose=verbose,
            allow_parallel_tool_calls=allow_parallel_tool_calls,
            tool_required=tool_required,
            **kwargs,
        )

    def _validate_chat_with_tools_response(
        self,
        response: ChatResponse,
        tools: Sequence[BaseTool],
        allow_parallel_tool_calls: bool = False,
        **kwargs: Any,
    ) -> ChatResponse:
        return self._tool_llm()._validate_chat_with_tools_response(
            response, tools, allow_parallel_tool_calls=allow_parallel_tool_calls, **kwargs
        )

    def get_tool_calls_from_response(
        self, response: ChatResponse, error_on_no_tool_call: bool = True, **kwargs: Any
    ) -> list[ToolSelection]:
        return self._tool_llm().get_tool_calls_from_response(
            response, error_on_no_tool_call=error_on_no_tool_call, **kwargs
        )
