"""Document screening: redact PII and catch indirect prompt injection in documents.

- :class:`DocumentGuard` is a ``BaseDocumentTransformer`` for ingestion, before indexing.
- :class:`RetrievalGuard` is a Runnable for retrieved documents, before they enter a
  prompt: ``retriever | RetrievalGuard(guard)``.

Both translate LangChain documents to and from :meth:`mistral_secure.Guard.screen_documents`,
which holds every decision (see there). The report (counts and rule ids, never text or a PII
mapping) goes into ``metadata["mistral_secure"]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, get_args

from langchain_core.callbacks import (
    AsyncCallbackManagerForChainRun,
    CallbackManagerForChainRun,
)
from langchain_core.documents import BaseDocumentTransformer, Document
from langchain_core.runnables import RunnableConfig, RunnableSerializable
from pydantic import ConfigDict

from mistral_secure import Guard, RedactionMode, ScreenAction, ScreenedDocument

__all__ = ["DocumentGuard", "RetrievalGuard", "ScreenAction"]

METADATA_KEY = "mistral_secure"


def _check(guard: object, action: object, mode: object) -> None:
    if not isinstance(guard, Guard):
        raise TypeError(f"guard must be a mistral_secure.Guard, got {type(guard).__name__}")
    if action not in get_args(ScreenAction):
        raise ValueError(f"action must be one of {', '.join(get_args(ScreenAction))}")
    if mode not in get_args(RedactionMode):
        raise ValueError(f"redaction_mode must be one of {', '.join(get_args(RedactionMode))}")


def _texts(documents: object) -> tuple[list[Document], list[str]]:
    if isinstance(documents, (str, Document)) or not isinstance(documents, Sequence):
        raise TypeError(f"expected a sequence of Documents, got {type(documents).__name__}")
    docs = list(documents)
    for document in docs:
        if not isinstance(document, Document):
            raise TypeError(f"expected a Document, got {type(document).__name__}")
    return docs, [d.page_content for d in docs]


def _rebuild(documents: list[Document], screened: list[ScreenedDocument]) -> list[Document]:
    out: list[Document] = []
    for document, result in zip(documents, screened, strict=True):
        if result.text is None:
            continue
        metadata = dict(result.metadata if result.metadata is not None else document.metadata)
        # A stale report (from an earlier pass) must not survive: this pass's findings replace it.
        metadata.pop(METADATA_KEY, None)
        report = result.report()
        if report:
            metadata[METADATA_KEY] = report
        out.append(document.model_copy(update={"page_content": result.text, "metadata": metadata}))
    return out


class _Screening(Protocol):
    guard: Guard
    action: ScreenAction
    redact_pii: bool
    mode: RedactionMode


def _screen(options: _Screening, documents: Sequence[Document]) -> list[Document]:
    docs, texts = _texts(documents)
    screened = options.guard.screen_documents(
        texts,
        metadata=[d.metadata for d in docs],
        action=options.action,
        redact=options.redact_pii,
        redaction_mode=options.mode,
    )
    return _rebuild(docs, screened)


async def _ascreen(options: _Screening, documents: Sequence[Document]) -> list[Document]:
    docs, texts = _texts(documents)
    screened = await options.guard.ascreen_documents(
        texts,
        metadata=[d.metadata for d in docs],
        action=options.action,
        redact=options.redact_pii,
        redaction_mode=options.mode,
    )
    return _rebuild(docs, screened)


class DocumentGuard(BaseDocumentTransformer):
    """Screens documents before indexing: PII redaction and indirect-injection screening.

    ``action`` handles a detected injection: ``"drop"``, ``"neutralize"`` or ``"flag"``.
    ``mode`` is the redaction mode, ``"hash"`` by default: ``<EMAIL_ADDRESS:3f9c01d2>``
    can never be mistaken for the user's own ``<EMAIL_ADDRESS_1>``, so restoring the
    user's values in an answer never puts them where a document's value was.

    ```python
    splits = DocumentGuard(guard, action="drop").transform_documents(splits)
    ```
    """

    def __init__(
        self,
        guard: Guard,
        *,
        action: ScreenAction = "drop",
        redact_pii: bool = True,
        mode: RedactionMode = "hash",
    ):
        _check(guard, action, mode)
        self.guard = guard
        self.action: ScreenAction = action
        self.redact_pii = bool(redact_pii)
        self.mode: RedactionMode = mode

    def __repr__(self) -> str:
        return (
            f"DocumentGuard(action={self.action!r}, redact_pii={self.redact_pii}, "
            f"mode={self.mode!r})"
        )

    def transform_documents(
        self, documents: Sequence[Document], **kwargs: Any
    ) -> Sequence[Document]:
        """Screen ``documents``; dropped ones are left out of the result."""
        return _screen(self, documents)

    async def atransform_documents(
        self, documents: Sequence[Document], **kwargs: Any
    ) -> Sequence[Document]:
        """Async :meth:`transform_documents`."""
        return await _ascreen(self, documents)


class RetrievalGuard(RunnableSerializable[Sequence[Document], list[Document]]):
    """Screens retrieved documents before they reach the prompt (same options as DocumentGuard).

    ```python
    context = retriever | RetrievalGuard(guard, action="neutralize") | format_docs
    ```
    """

    guard: Guard
    action: ScreenAction = "drop"
    redact_pii: bool = True
    mode: RedactionMode = "hash"

    model_config = ConfigDict(arbitrary_types_allowed=True)

    def __init__(
        self,
        guard: Guard,
        *,
        action: ScreenAction = "drop",
        redact_pii: bool = True,
        mode: RedactionMode = "hash",
        **kwargs: Any,
    ) -> None:
        _check(guard, action, mode)
        super().__init__(guard=guard, action=action, redact_pii=redact_pii, mode=mode, **kwargs)  # type: ignore[call-arg]

    def __repr__(self) -> str:
        return (
            f"RetrievalGuard(action={self.action!r}, redact_pii={self.redact_pii}, "
            f"mode={self.mode!r})"
        )

    def _run(
        self, documents: Sequence[Document], run_manager: CallbackManagerForChainRun
    ) -> list[Document]:
        return _screen(self, documents)

    async def _arun(
        self, documents: Sequence[Document], run_manager: AsyncCallbackManagerForChainRun
    ) -> list[Document]:
        return await _ascreen(self, documents)

    def invoke(
        self, input: Sequence[Document], config: RunnableConfig | None = None, **kwargs: Any
    ) -> list[Document]:
        """Screen the retrieved documents."""
        return self._call_with_config(self._run, input, config)

    async def ainvoke(
        self, input: Sequence[Document], config: RunnableConfig | None = None, **kwargs: Any
    ) -> list[Document]:
        """Async :meth:`invoke`."""
        return await self._acall_with_config(self._arun, input, config)
