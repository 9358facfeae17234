"""LLMs: SecureLLM (a guard around any LLM) and a KeyPool-signed MistralAI."""

from __future__ import annotations

from .mistral import SecureMistralAI, secure_mistral_llm
from .secure import SecureLLM

__all__ = ["SecureLLM", "SecureMistralAI", "secure_mistral_llm"]
