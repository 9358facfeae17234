"""LlamaIndex adapters for mistral-secure: node postprocessors, SecureLLM, audit, ingestion.

Install with ``pip install 'mistral-secure[llama-index]'``.
"""

from __future__ import annotations

try:
    import llama_index.core  # noqa: F401
    import llama_index.llms.mistralai  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised without the extra
    raise ImportError(
        "llama_index_mistral_secure needs the 'llama-index' extra: "
        "pip install 'mistral-secure[llama-index]'"
    ) from exc

__all__: list[str] = []
