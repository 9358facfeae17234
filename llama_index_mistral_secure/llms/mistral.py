"""``secure_mistral_llm``: llama-index's MistralAI on a KeyPool-signed client with real retries,
guarding its own calls when given a Guard."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Any, cast

from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseAsyncGen,
    ChatResponseGen,
    CompletionResponse,
    TextBlock,
)
from llama_index.core.bridge.pydantic import Field
from llama_index.llms.mistralai import MistralAI
from llama_index.llms.mistralai.utils import mistralai_modelname_to_contextsize
from mistralai.client.utils.retries import RetryConfig

from mistral_secure import (
    ConfigurationError,
    Conversation,
    Guard,
    KeyPool,
    MessagesCheck,
    current_conversation,
    default_retry_config,
    mistral_client,
    resolve_base_url,
)

from .._nodes import check_guard
from .._sdk_client import OwnsSdkClient, discard
from ..instrumentation import record_key_fingerprints
from ._answers import GuardedClient, answering
from ._context import ContextScreening
from .secure import _apply, _guard_view

__all__ = ["SecureMistralAI", "secure_mistral_llm"]

# Upstream insists on a key before it builds its own client, which is then replaced by
# the pool's client; this value is never sent anywhere.
_PLACEHOLDER = "unused-the-key-pool-signs-requests"


class SecureMistralAI(ContextScreening, OwnsSdkClient, MistralAI):  # type: ignore[misc]  # upstream: no hints
    """``MistralAI`` whose SDK calls use the client's retry configuration and which, given
    a :class:`~mistral_secure.Guard`, guards its own input and output.

    Upstream passes ``retries=self.max_retries`` (an int) into every SDK call. The SDK
    expects a ``RetryConfig`` there and treats anything else as "no retries", overriding
    the client's own configuration: ``max_retries`` never becomes a retry. This subclass
    drops that argument (unless ``additional_kwargs`` holds a real ``RetryConfig``) and
    passes ``timeout_ms`` as an int.

    With ``guard`` (``secure_mistral_llm(pool, guard=guard)``), every call (``chat``,
    ``complete``, their stream and async forms, tools, agents, ``structured_predict``, query
    and chat engines) is guarded as :class:`SecureLLM` guards it, from inside the model: the
    messages are checked before upstream reports them (``LLMChatStartEvent`` shows the
    redacted messages), and the answer is guarded before upstream builds its response, so
    ``LLMChatEndEvent``, ``LLMChatInProgressEvent``, callbacks and ``response.raw`` hold
    only guarded text. :meth:`for_conversation` keeps one vault per chat. Do not wrap it in
    ``SecureLLM`` as well.
    """

    guard: Guard | None = Field(
        default=None, exclude=True, description="The guard applied to every call, if any."
    )
    conversation: Conversation | None = Field(
        default=None, exclude=True, description="The conversation whose vault every call uses."
    )

    def __init__(
        self,
        *args: Any,
        guard: Guard | None = None,
        conversation: Conversation | None = None,
        **kwargs: Any,
    ) -> None:
        # Upstream's __init__ takes its own fields only: ours are set after it.
        if guard is not None:
            check_guard(guard)
        if conversation is not None:
            if not isinstance(conversation, Conversation):
                raise TypeError(
                    f"conversation must be a Conversation, got {type(conversation).__name__}"
                )
            if guard is None or conversation.guard is not guard:
                raise ConfigurationError("conversation must belong to the model's guard")
        super().__init__(*args, **kwargs)
        self.guard = guard
        self.conversation = conversation

    @classmethod
    def class_name(cls) -> str:
        return "SecureMistralAI_LLM"

    @property
    def _model_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = dict(super()._model_kwargs)
        if not isinstance(kwargs.get("retries"), RetryConfig):
            kwargs.pop("retries", None)
        kwargs["timeout_ms"] = int(self.timeout * 1000)
        return kwargs

    # -- guarded calls ----------------------------------------------------------------------

    def for_conversation(self, key: str) -> SecureMistralAI:
        """This model bound to the guard's conversation ``key``: one vault for every call, so
        a value keeps its placeholder on every turn. Give each chat engine or agent its own."""
        guard = self._required_guard()
        copy: SecureMistralAI = self.model_copy(update={"conversation": guard.conversation(key)})
        return copy

    def _required_guard(self) -> Guard:
        if self.guard is None:
            raise ConfigurationError("this model has no guard: secure_mistral_llm(pool, guard=)")
        return self.guard

    def _context_conversation(self) -> Conversation | None:
        return None if self.guard is None else self._conversation(self.guard)

    def _bound(self, conversation: Conversation) -> SecureMistralAI:
        if conversation is self.conversation:
            return self
        bound: SecureMistralAI = self.model_copy(update={"conversation": conversation})
        return bound

    def _conversation(self, guard: Guard) -> Conversation:
        if self.conversation is not None:
            return self.conversation
        active = current_conversation()
        if active is not None and active.guard is guard:
            return active
        return guard.conversation()

    def _guarded_client(self) -> None:
        client: Any = self._client
        if not isinstance(client, GuardedClient):
            self._client = cast(Any, GuardedClient(client))

    def _prompts(self) -> tuple[str, ...]:
        """The developer's own system prompt: not screened as retrieved context."""
        return (self.system_prompt,) if self.system_prompt else ()

    @staticmethod
    def _defer(guard: Guard) -> bool:
        return guard.moderator is not None and guard.policy.moderation.input_mode == "concurrent"

    def _checked(
        self, guard: Guard, messages: Sequence[ChatMessage]
    ) -> tuple[Conversation, MessagesCheck, list[ChatMessage]]:
        self._guarded_client()
        conversation = self._conversation(guard)
        check = conversation.check_messages(
            _guard_view(messages),
            system_prompts=self._prompts(),
            defer_moderation=self._defer(guard),
        )
        return conversation, check, _apply(messages, check)

    async def _achecked(
        self, guard: Guard, messages: Sequence[ChatMessage]
    ) -> tuple[Conversation, MessagesCheck, list[ChatMessage]]:
        self._guarded_client()
        conversation = self._conversation(guard)
        check = await conversation.acheck_messages(
            _guard_view(messages),
            system_prompts=self._prompts(),
            defer_moderation=self._defer(guard),
        )
        return conversation, check, _apply(messages, check)

    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        response: ChatResponse
        if self.guard is None:
            response = super().chat(messages, **kwargs)
        else:
            conversation, check, sent = self._checked(self.guard, messages)
            with answering(conversation, check):
                response = super().chat(sent, **kwargs)
        return response

    async def achat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        response: ChatResponse
        if self.guard is None:
            response = await super().achat(messages, **kwargs)
        else:
            conversation, check, sent = await self._achecked(self.guard, messages)
            with answering(conversation, check):
                response = await super().achat(sent, **kwargs)
        return response

    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        stream: ChatResponseGen
        if self.guard is None:
            stream = super().stream_chat(messages, **kwargs)
        else:
            conversation, check, sent = self._checked(self.guard, messages)
            with answering(conversation, check):  # upstream opens the SDK stream right away
                stream = super().stream_chat(sent, **kwargs)
        return _whole_text(stream)

    async def astream_chat(
        self, messages: Sequence[ChatMessage], **kwargs: Any
    ) -> ChatResponseAsyncGen:
        stream: ChatResponseAsyncGen
        if self.guard is None:
            stream = await super().astream_chat(messages, **kwargs)
        else:
            conversation, check, sent = await self._achecked(self.guard, messages)
            with answering(conversation, check):
                stream = await super().astream_chat(sent, **kwargs)
        return _awhole_text(stream)

    def fill_in_middle(
        self, prompt: str, suffix: str, stop: list[str] | None = None
    ) -> CompletionResponse:
        """Code completion (not guarded: a guarded model refuses it rather than send the
        code unchecked)."""
        if self.guard is not None:
            raise ConfigurationError(
                "fill_in_middle is not guarded: use a model built without guard= for code "
                "completion"
            )
        plain: CompletionResponse = super().fill_in_middle(prompt, suffix, stop)
        return plain


def _one_text_block(response: ChatResponse) -> ChatResponse:
    """``response`` with one text block holding the answer so far.

    llama-index-llms-mistralai (0.11) appends the whole text so far as a new ``TextBlock`` on
    every stream chunk, so a streamed ``message.content`` (what ``FunctionAgent`` returns, and
    ``stream_complete``'s ``text``) repeats the answer once per chunk. Each block then starts
    with the one before it; only the last is the answer.
    """
    blocks = response.message.blocks
    texts = [b for b in blocks if isinstance(b, TextBlock)]
    if len(texts) < 2 or not all(b.text.startswith(a.text) for a, b in pairwise(texts)):
        return response
    last = texts[-1]
    kept = [b for b in blocks if b is last or not isinstance(b, TextBlock)]
    message = response.message.model_copy(update={"blocks": kept})
    return response.model_copy(update={"message": message})


def _whole_text(stream: ChatResponseGen) -> ChatResponseGen:
    for response in stream:
        yield _one_text_block(response)


async def _awhole_text(stream: ChatResponseAsyncGen) -> ChatResponseAsyncGen:
    async for response in stream:
        yield _one_text_block(response)


def secure_mistral_llm(
    pool: KeyPool,
    *,
    guard: Guard | None = None,
    model: str = "mistral-large-latest",
    endpoint: str | None = None,
    server_url: str | None = None,
    retry_config: RetryConfig | None = None,
    **kwargs: Any,
) -> SecureMistralAI:
    """A llama-index ``MistralAI`` (see :class:`SecureMistralAI`) signed by ``pool``.

    Every request carries a key from ``pool``; a revoked (401/403) or rate-limited (429)
    key is retried once with the next key, and 429/5xx answers are retried with backoff
    (``retry_config``, default: :func:`mistral_secure.default_retry_config`).
    ``max_retries=0`` turns the SDK's backoff retries off. ``timeout`` (seconds) becomes
    the client's ``timeout_ms``. ``endpoint`` (or ``server_url``; default
    ``$MISTRAL_BASE_URL``, then ``$MISTRAL_ENDPOINT``) is the API base URL, with or without
    ``/v1``. Other keyword arguments go to ``MistralAI``.

    ``guard``: the model guards its own input and output (see :class:`SecureMistralAI`), so
    instrumentation events, callbacks and ``response.raw`` see only guarded text.

    Upstream's ``metadata`` raises ``ValueError`` for model names missing from
    ``llama_index.llms.mistralai.utils.MISTRALAI_MODELS``; this is checked here, so a bad
    name fails at construction with :class:`~mistral_secure.ConfigurationError`.
    """
    if not isinstance(pool, KeyPool):
        raise TypeError(f"pool must be a KeyPool, got {type(pool).__name__}")
    if "api_key" in kwargs:
        raise ConfigurationError("pass keys through the KeyPool, not api_key=")
    if endpoint is not None and server_url is not None and endpoint != server_url:
        raise ConfigurationError("pass endpoint= or server_url=, not both")
    if not isinstance(model, str):
        raise TypeError(f"model must be str, got {type(model).__name__}")
    if guard is not None:
        check_guard(guard)
    try:
        mistralai_modelname_to_contextsize(model)
    except ValueError:
        raise ConfigurationError(
            f"llama-index's MistralAI does not know the model {model!r} (its metadata would "
            "raise at query time); use a name from "
            "llama_index.llms.mistralai.utils.MISTRALAI_MODELS"
        ) from None
    url = resolve_base_url(endpoint or server_url)
    llm = SecureMistralAI(model=model, api_key=_PLACEHOLDER, endpoint=url, guard=guard, **kwargs)
    discard(llm._client)
    if retry_config is None and llm.max_retries > 0:
        retry_config = default_retry_config()
    llm._client = mistral_client(
        pool,
        server_url=url,
        timeout_ms=max(1, int(llm.timeout * 1000)),
        retry_config=retry_config,
    )
    record_key_fingerprints(llm._client)
    if guard is not None:
        llm._client = cast(Any, GuardedClient(llm._client))
    return llm
