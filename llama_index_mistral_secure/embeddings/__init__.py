"""Embeddings: llama-index's MistralAIEmbedding signed by a KeyPool, redacting first."""

from __future__ import annotations

from .mistral import SecureMistralAIEmbedding, secure_mistral_embedding

__all__ = ["SecureMistralAIEmbedding", "secure_mistral_embedding"]
