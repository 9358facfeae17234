"""LangChain adapters for mistral-secure: guard Runnables, audit callbacks, secured ChatMistralAI.

Install with ``pip install 'mistral-secure[langchain]'``.
"""

from __future__ import annotations

try:
    import langchain_core  # noqa: F401
    import langchain_mistralai  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised without the extra
    raise ImportError(
        "langchain_mistral_secure needs the 'langchain' extra: "
        "pip install 'mistral-secure[langchain]'"
    ) from exc

from ._callbacks import AsyncAuditCallbackHandler, AuditCallbackHandler
from ._chat_models import SecureChatMistralAI, secure_chat_mistralai
from ._conversations import conversation_for
from ._documents import DocumentGuard, RetrievalGuard
from ._embeddings import SecureMistralAIEmbeddings, secure_mistral_embeddings
from ._guards import GuardedSequence, InputGuard, OutputGuard

__all__ = [
    "AsyncAuditCallbackHandler",
    "AuditCallbackHandler",
    "DocumentGuard",
    "GuardedSequence",
    "InputGuard",
    "OutputGuard",
    "RetrievalGuard",
    "SecureChatMistralAI",
    "SecureMistralAIEmbeddings",
    "conversation_for",
    "secure_chat_mistralai",
    "secure_mistral_embeddings",
]
