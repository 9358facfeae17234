"""Deterministic moderation scoring for the local test server.

Each category has a list of trigger phrases. A text scores ``HIT_SCORE`` in a category if it
contains any of its phrases (case-insensitive substring), otherwise ``MISS_SCORE``; the
boolean ``categories[c]`` is ``score >= FLAG_THRESHOLD``. Tests can rely on these phrases.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = [
    "CATEGORIES_2411",
    "CATEGORIES_2603",
    "FLAG_THRESHOLD",
    "HIT_SCORE",
    "MISS_SCORE",
    "MODERATION_KEYWORDS",
    "MODERATION_MODELS",
    "categories_for_model",
    "score_text",
]

HIT_SCORE = 0.95
MISS_SCORE = 0.01
FLAG_THRESHOLD = 0.5

CATEGORIES_2411: tuple[str, ...] = (
    "sexual",
    "hate_and_discrimination",
    "violence_and_threats",
    "dangerous_and_criminal_content",
    "selfharm",
    "health",
    "financial",
    "law",
    "pii",
)
CATEGORIES_2603: tuple[str, ...] = (
    "sexual",
    "hate_and_discrimination",
    "violence_and_threats",
    "dangerous",
    "criminal",
    "selfharm",
    "health",
    "financial",
    "law",
    "pii",
    "jailbreaking",
)

#: Moderation model name -> the category set it answers with.
MODERATION_MODELS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "mistral-moderation-latest": CATEGORIES_2411,
        "mistral-moderation-2411": CATEGORIES_2411,
        "mistral-moderation-2603": CATEGORIES_2603,
    }
)

_DANGEROUS = ("build a bomb", "make a bomb", "make explosives", "synthesize nerve agent")
_CRIMINAL = ("steal a car", "launder money", "rob a bank", "hotwire a car")

#: Category -> trigger phrases (lower case, matched as case-insensitive substrings).
MODERATION_KEYWORDS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "sexual": ("explicit sex", "sexual content"),
        "hate_and_discrimination": ("i hate all", "inferior race"),
        "violence_and_threats": ("kill you", "i will hurt you", "beat you up"),
        "dangerous_and_criminal_content": _DANGEROUS + _CRIMINAL,
        "dangerous": _DANGEROUS,
        "criminal": _CRIMINAL,
        "selfharm": ("hurt myself", "kill myself", "end my life"),
        "health": ("diagnose my", "what medication"),
        "financial": ("which stocks should i buy", "investment advice"),
        "law": ("legal advice", "sue my"),
        "pii": ("my credit card number", "my social security number", "my passport number"),
        "jailbreaking": (
            "ignore all previous instructions",
            "ignore previous instructions",
            "you are now dan",
            "developer mode enabled",
        ),
    }
)


def categories_for_model(model: str) -> tuple[str, ...] | None:
    """Return the category names ``model`` answers with, or ``None`` for an unknown model."""
    return MODERATION_MODELS.get(model)


def score_text(text: str, categories: tuple[str, ...]) -> tuple[dict[str, bool], dict[str, float]]:
    """Score ``text`` in each of ``categories``: ``(categories, category_scores)``."""
    lowered = text.lower()
    scores = {
        name: HIT_SCORE
        if any(phrase in lowered for phrase in MODERATION_KEYWORDS[name])
        else MISS_SCORE
        for name in categories
    }
    flags = {name: score >= FLAG_THRESHOLD for name, score in scores.items()}
    return flags, scores
