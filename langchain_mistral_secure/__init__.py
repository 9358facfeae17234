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

__all__: list[str] = []
