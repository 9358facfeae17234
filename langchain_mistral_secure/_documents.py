"""Document screening: redact PII and catch indirect prompt injection in documents.

- :class:`DocumentGuard` is a ``BaseDocumentTransformer`` for ingestion, before indexing.
- :class:`RetrievalGuard` is a Runnable for retrieved documents, before they enter a
  prompt: ``retriever | RetrievalGuard(guard)``.

Both use the guard's policy (injection threshold, phrases and disabled rules; redaction
entities, mode and allow-list). A document found to carry an injection is dropped,
neutralised (the matched spans replaced by the policy's marker) or flagged, as ``action``
says. Counts and rule ids go into ``metadata["mistral_secure"]``; no PII mapping does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

from langchain_core.callbacks import CallbackManagerForChainRun
from langchain_core.documents import BaseDocumentTransformer, Document
from langchain_core.runnables import RunnableConfig, RunnableSerializable
from pydantic import ConfigDict

from mistral_secure import Guard, detect_injection, neutralize_injection, redact

__all__ = ["DocumentGuard", "RetrievalGuard", "ScreenAction"]

ScreenAction = Literal["drop", "neutralize", "flag"]
_ACTIONS = frozenset({"drop", "neutralize", "flag"})
METADATA_KEY = "mistral_secure"


def _check_options(guard: object, action: object) -> None:
    if not isinstance(guard, Guard):
        raise TypeError(f"guard must be a mistral_secure.Guard, got {type(guard).__name__}")
    if action not in _ACTIONS:
        raise ValueError(f"action must be one of {sorted(_ACTIONS)}")


def _screen(
    guard: Guard, document: Document, action: ScreenAction, redact_pii: bool
) -> Document | None:
    """The screened document, or ``None`` when it is dropped."""
    if not isinstance(document, Document):
        raise TypeError(f"expected a Document, got {type(document).__name__}")
    text = document.page_content
    policy = guard.policy
    report: dict[str, Any] = {}
    if policy.injection.enabled:
        verdict = detect_injection(
            text,
            threshold=policy.injection.threshold,
            phrases=policy.injection.phrases,
            disable=policy.injection.disable,
        )
        if verdict.detected:
            if action == "drop":
                return None
            if action == "neutralize":
                text = neutralize_injection(text, verdict=verdict, marker=policy.injection.marker)
            report["injection"] = {
                "action": action,
                "score": round(verdict.score, 3),
                "rule_ids": list(verdict.rule_ids),
            }
    if redact_pii and policy.redaction.enabled:
        redaction = redact(
            text,
            entities=policy.redaction.entities,
            mode=policy.redaction.mode,
            allow=policy.redaction.allow,
        )
        if redaction.entities:
            text = redaction.text
            report["entities"] = dict(Counter(e.type for e in redaction.entities))
    metadata = dict(document.metadata)
    # A stale report (from an earlier pass) must not survive: this pass's findings replace it.
    metadata.pop(METADATA_KEY, None)
    if report:
        metadata[METADATA_KEY] = report
    return document.model_copy(update={"page_content": text, "metadata": metadata})


def _screen_all(
    guard: Guard, documents: Sequence[Document], action: ScreenAction, redact_pii: bool
) -> list[Document]:
    if isinstance(documents, (str, Document)) or not isinstance(documents, Sequence):
        raise TypeError(f"expected a sequence of Documents, got {type(documents).__name__}")
    screened = (_screen(guard, d, action, redact_pii) for d in documents)
    return [d for d in screened if d is not None]


class DocumentGuard(BaseDocumentTransformer):
    """Screens documents before indexing: PII redaction and indirect-injection screening.

    ```python
    splits = DocumentGuard(guard, action="drop").transform_documents(splits)
    ```
    """

    def __init__(self, guard: Guard, *, action: ScreenAction = "drop", redact_pii: bool = True):
        _check_options(guard, action)
        self.guard = guard
        self.action: ScreenAction = action
        self.redact_pii = bool(redact_pii)

    def __repr__(self) -> str:
        return f"DocumentGuard(action={self.action!r}, redact_pii={self.redact_pii})"

    def transform_documents(
        self, documents: Sequence[Document], **kwargs: Any
    ) -> Sequence[Document]:
        """Screen ``documents``; dropped ones are left out of the result."""
        return _screen_all(self.guard, documents, self.action, self.redact_pii)

    async def atransform_documents(
        self, documents: Sequence[Document], **kwargs: Any
    ) -> Sequence[Document]:
        """Async :meth:`transform_documents` (CPU only: no I/O to await)."""
        return self.transform_documents(documents, **kwargs)


class RetrievalGuard(RunnableSerializable[Sequence[Document], list[Document]]):
    """Screens retrieved documents before they reach the prompt.

    ```python
    context = retriever | RetrievalGuard(guard, action="neutralize") | format_docs
    ```
    """

    guard: Guard
    action: ScreenAction = "drop"
    redact_pii: bool = True

    model_config = ConfigDict(arbitrary_types_allowed=True)

    def __init__(
        self, guard: Guard, *, action: ScreenAction = "drop", redact_pii: bool = True, **kwargs: Any
    ) -> None:
        _check_options(guard, action)
        super().__init__(guard=guard, action=action, redact_pii=redact_pii, **kwargs)  # type: ignore[call-arg]

    def __repr__(self) -> str:
        return f"RetrievalGuard(action={self.action!r}, redact_pii={self.redact_pii})"

    def _run(
        self, documents: Sequence[Document], run_manager: CallbackManagerForChainRun
    ) -> list[Document]:
        return _screen_all(self.guard, documents, self.action, self.redact_pii)

    def invoke(
        self, input: Sequence[Document], config: RunnableConfig | None = None, **kwargs: Any
    ) -> list[Document]:
        """Screen the retrieved documents."""
        return self._call_with_config(self._run, input, config)
