"""LlamaIndex adapters for mistral-secure: node postprocessors, SecureLLM, audit, ingestion.

Install with ``pip install 'mistral-secure[llama-index]'``.
"""

from __future__ import annotations

try:
    import llama_index.core
    import llama_index.llms.mistralai  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised without the extra
    raise ImportError(
        "llama_index_mistral_secure needs the 'llama-index' extra: "
        "pip install 'mistral-secure[llama-index]'"
    ) from exc

from .embeddings import SecureMistralAIEmbedding, secure_mistral_embedding
from .ingestion import SecureIngestion, SecureIngestionPipeline
from .instrumentation import (
    AuditEventHandler,
    AuditSpanHandler,
    install_audit_instrumentation,
    record_key_fingerprints,
)
from .llms import SecureLLM, SecureMistralAI, secure_mistral_llm
from .postprocessor import InjectionFilter, ModerationFilter, PIIRedactor

__all__ = [
    "AuditEventHandler",
    "AuditSpanHandler",
    "InjectionFilter",
    "ModerationFilter",
    "PIIRedactor",
    "SecureIngestion",
    "SecureIngestionPipeline",
    "SecureLLM",
    "SecureMistralAI",
    "SecureMistralAIEmbedding",
    "install_audit_instrumentation",
    "record_key_fingerprints",
    "secure_mistral_embedding",
    "secure_mistral_llm",
]
