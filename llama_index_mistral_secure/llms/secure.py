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

from mistral_secure._guard import Guard, GuardedStream, MessagesCheck
from mistral_secure._redaction import Redaction

from .._nodes import check_guard

if TYPE_CHECKING:
    from llama_index.core.tools.types import BaseTool

__all__ = ["SecureLLM"]

# LlamaIndex roles whose text the guard treats as untrusted tool output.
_TOOL_ROLES = frozenset({MessageRole.TOOL, MessageRole.FUNCTION})


def _guard_view(messages: Sequence[ChatMessage]) -> list[dict[str, str]]:
    """The guard's view of a chat: roles it knows, text content only."""
    view: list[dict[str, str]] = []
    for message in messages:
        role = "tool" if message.role in _TOOL_ROLES else str(message.role.value)
        view.append({"role": role, "content": message.content or ""})
    return view


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
        out.append(original if text == (original.content or "") else _with_text(original, text))
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


class SecureLLM(FunctionCallingLLM):
    """Wrap any LlamaIndex ``LLM`` with a :class:`~mistral_secure.Guard`.

    Input goes through ``guard.check_messages`` (chat) or ``guard.check_input``
    (completion): injection screening, PII/secret redaction, moderation. Answers go
    through ``guard.check_output``, with the user's own values restored in place of
    placeholders when the policy asks. Streams are guarded chunk by chunk with the core's
    hold-back session, so a pattern split across chunks is still caught, and each chunk's
    ``message.content``/``text`` is the cumulative safe text.

    Blocked requests raise the core's typed errors (:class:`~mistral_secure.GuardBlocked`
    subclasses). ``metadata`` is the wrapped LLM's. Tool calling delegates to the wrapped
    LLM when it is a ``FunctionCallingLLM``; tool-call arguments are not rewritten.
    """

    llm: LLM = Field(description="The wrapped LLM.")
    guard: Guard = Field(exclude=True, description="The guard applied to every call.")

    def __init__(self, llm: LLM, guard: Guard, **kwargs: Any) -> None:
        if not isinstance(llm, LLM):
            raise TypeError(f"llm must be a llama-index LLM, got {type(llm).__name__}")
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
        check = self.guard.check_messages(_guard_view(messages))
        response = self.llm.chat(_apply(messages, check), **kwargs)
        safe = self.guard.check_output(response.message.content or "", restore=check.redaction)
        return response.model_copy(update={"message": _with_text(response.message, safe.text)})

    async def achat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        check = await self.guard.acheck_messages(_guard_view(messages))
        response = await self.llm.achat(_apply(messages, check), **kwargs)
        safe = await self.guard.acheck_output(
            response.message.content or "", restore=check.redaction
        )
        return response.model_copy(update={"message": _with_text(response.message, safe.text)})

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
        check = self.guard.check_messages(_guard_view(messages))
        chunks = self.llm.stream_chat(_apply(messages, check), **kwargs)
        return self._guarded_chat(chunks, check.redaction)

    async def astream_chat(
        self, messages: Sequence[ChatMessage], **kwargs: Any
    ) -> ChatResponseAsyncGen:
        check = await self.guard.acheck_messages(_guard_view(messages))
        chunks = await self.llm.astream_chat(_apply(messages, check), **kwargs)
        return self._aguarded_chat(chunks, check.redaction)

    # -- completion ------------------------------------------------------------------------

    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        check = self.guard.check_input(prompt)
        response = self.llm.complete(check.text, formatted=formatted, **kwargs)
        safe = self.guard.check_output(response.text, restore=check.redaction)
        return response.model_copy(update={"text": safe.text})

    async def acomplete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponse:
        check = await self.guard.acheck_input(prompt)
        response = await self.llm.acomplete(check.text, formatted=formatted, **kwargs)
        safe = await self.guard.acheck_output(response.text, restore=check.redaction)
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
        check = self.guard.check_input(prompt)
        chunks = self.llm.stream_complete(check.text, formatted=formatted, **kwargs)
        guarded = self._guarded_chat(self._as_chat(chunks), check.redaction)
        return (_completion(chunk) for chunk in guarded)

    async def astream_complete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponseAsyncGen:
        check = await self.guard.acheck_input(prompt)
        chunks = await self.llm.astream_complete(check.text, formatted=formatted, **kwargs)
        guarded = self._aguarded_chat(self._aas_chat(chunks), check.redaction)
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
