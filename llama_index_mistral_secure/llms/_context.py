"""Retrieved context that query engines write into a prompt, checked as context.

Response synthesizers (``compact``, ``refine``, ``tree_summarize``, ``accumulate``, ...)
and the LLM reranker put retrieved chunks into the *user* message of their prompt through
``llm.predict``/``stream``/``structured_predict`` and their async forms, as the prompt
variables ``context_str``, ``context_msg``, ``context_messages`` (and ``existing_answer``,
the answer so far, which holds the user's restored values). Screened as part of a user
message, a poisoned chunk would block the question; skipped, it would reach the model. So
those variables are checked first with :meth:`~mistral_secure.Guard.check_context`
(redacted with the call's vault, screened with ``injection.context_action``), and the call
runs with that one vault, so the answer restores the same placeholders. Other prompt
variables (the question) are screened with the prompt as user input.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator
from typing import Any, cast

from llama_index.core.base.llms.types import ChatMessage

from mistral_secure import Conversation

__all__ = ["CONTEXT_VARIABLES", "ContextScreening"]

#: Prompt variables that carry retrieved context (or the answer built from it).
CONTEXT_VARIABLES = ("context_str", "context_msg", "existing_answer")
_MESSAGES_VARIABLE = "context_messages"


def _texts_of(value: object) -> list[str] | None:
    """The texts of a context variable: a str, or a list of str; ``None`` for anything else."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _message_with_text(message: ChatMessage, text: str) -> ChatMessage:
    from .secure import _with_text  # a late import: secure imports this module

    return _with_text(message, text)


class ContextScreening:
    """``predict``, ``stream``, ``structured_predict`` (and async, streamed forms) with the
    retrieved context in their prompt variables checked as context."""

    def _context_conversation(self) -> Conversation | None:
        """The vault of a call (``None``: this LLM does not guard its calls)."""
        raise NotImplementedError

    def _bound(self, conversation: Conversation) -> ContextScreening:
        """This LLM with every call redacted and restored with ``conversation``."""
        raise NotImplementedError

    def _with_context(self, prompt_args: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        """(the LLM to call, the prompt variables with their context checked)."""
        # The LLM class after this mixin, bound to self: its own predict, stream, ...
        base = cast(Any, super())
        # A variable holds a str, or a list of str (simple_summarize passes its chunks so).
        names = [n for n in CONTEXT_VARIABLES if _texts_of(prompt_args.get(n)) is not None]
        messages = prompt_args.get(_MESSAGES_VARIABLE)
        if not isinstance(messages, list):
            messages = []
        chat = [m for m in messages if isinstance(m, ChatMessage)]
        if not names and not chat:
            return base, prompt_args
        conversation = self._context_conversation()
        if conversation is None:
            return base, prompt_args
        texts = [t for n in names for t in _texts_of(prompt_args[n]) or ()]
        texts += [m.content or "" for m in chat]
        checked = iter(conversation.check_context(texts))
        args = dict(prompt_args)
        for name in names:
            value = prompt_args[name]
            if isinstance(value, str):
                args[name] = next(checked)
            else:
                args[name] = [next(checked) for _ in value]
        if chat:
            args[_MESSAGES_VARIABLE] = [
                _message_with_text(m, next(checked)) if isinstance(m, ChatMessage) else m
                for m in messages
            ]
        return cast(Any, super(ContextScreening, self._bound(conversation))), args

    def predict(self, prompt: Any, **prompt_args: Any) -> str:
        llm, args = self._with_context(prompt_args)
        answer: str = llm.predict(prompt, **args)
        return answer

    async def apredict(self, prompt: Any, **prompt_args: Any) -> str:
        llm, args = self._with_context(prompt_args)
        answer: str = await llm.apredict(prompt, **args)
        return answer

    def stream(self, prompt: Any, **prompt_args: Any) -> Generator[str, None, None]:
        llm, args = self._with_context(prompt_args)
        tokens: Generator[str, None, None] = llm.stream(prompt, **args)
        return tokens

    async def astream(self, prompt: Any, **prompt_args: Any) -> AsyncGenerator[str, None]:
        llm, args = self._with_context(prompt_args)
        tokens: AsyncGenerator[str, None] = await llm.astream(prompt, **args)
        return tokens

    def structured_predict(
        self,
        output_cls: Any,
        prompt: Any,
        llm_kwargs: dict[str, Any] | None = None,
        **prompt_args: Any,
    ) -> Any:
        llm, args = self._with_context(prompt_args)
        return llm.structured_predict(output_cls, prompt, llm_kwargs, **args)

    async def astructured_predict(
        self,
        output_cls: Any,
        prompt: Any,
        llm_kwargs: dict[str, Any] | None = None,
        **prompt_args: Any,
    ) -> Any:
        llm, args = self._with_context(prompt_args)
        return await llm.astructured_predict(output_cls, prompt, llm_kwargs, **args)

    def stream_structured_predict(
        self,
        output_cls: Any,
        prompt: Any,
        llm_kwargs: dict[str, Any] | None = None,
        **prompt_args: Any,
    ) -> Generator[Any, None, None]:
        llm, args = self._with_context(prompt_args)
        objects: Generator[Any, None, None] = llm.stream_structured_predict(
            output_cls, prompt, llm_kwargs, **args
        )
        return objects

    async def astream_structured_predict(
        self,
        output_cls: Any,
        prompt: Any,
        llm_kwargs: dict[str, Any] | None = None,
        **prompt_args: Any,
    ) -> AsyncGenerator[Any, None]:
        llm, args = self._with_context(prompt_args)
        objects: AsyncGenerator[Any, None] = await llm.astream_structured_predict(
            output_cls, prompt, llm_kwargs, **args
        )
        return objects
