"""Named entities from a spaCy pipeline (the ``[ner]`` extra)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from .._exceptions import ConfigurationError
from ._checks import check_entities, check_positive, check_texts
from ._segments import DEFAULT_MAX_CHARS, batch_segments

__all__ = ["SPACY_LABELS", "SpacyNER", "load_pipeline"]

#: spaCy labels (OntoNotes for English pipelines, WikiNER for most others) -> entity names.
SPACY_LABELS: Mapping[str, str] = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
    "ORG": "ORGANIZATION",
}
# Components that named entities never need: skipped in every call.
_NOT_NEEDED = frozenset(
    {"parser", "tagger", "morphologizer", "lemmatizer", "trainable_lemmatizer",
     "attribute_ruler", "senter", "textcat", "textcat_multilabel"}
)  # fmt: skip


def load_pipeline(name: str) -> Any:
    """``spacy.load(name)``, with errors that say what to install."""
    try:
        import spacy
    except ImportError:
        raise ConfigurationError(
            "spaCy is not installed: pip install 'mistral-secure[ner]'"
        ) from None
    try:
        return spacy.load(name)
    except OSError:
        raise ConfigurationError(
            f"spaCy pipeline {name!r} is not installed "
            f"(python -m spacy download {name}, or pip install its package)"
        ) from None


class SpacyNER:
    """Named entities from a spaCy pipeline: ``spacy.load("fr_core_news_md")``, or any
    ``Language`` (a name is loaded for you).

    Texts are cut into lines and short paragraphs (at most ``max_chars``); only the pieces
    that may hold a name (a capital letter, or a script without case) go to the
    pipeline, in batches of ``batch_size`` with ``nlp.pipe``. Components that entities do
    not need (parser, tagger, lemmatizer ...) are skipped. ``labels`` adds to or overrides
    :data:`SPACY_LABELS` (spaCy label -> entity name); ``entities`` are the names kept.
    """

    def __init__(
        self,
        nlp: Any,
        *,
        entities: Collection[str] = ("PERSON", "LOCATION"),
        labels: Mapping[str, str] | None = None,
        batch_size: int = 32,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> None:
        if isinstance(nlp, str):
            nlp = load_pipeline(nlp)
        if not (callable(getattr(nlp, "pipe", None)) and hasattr(nlp, "pipe_names")):
            raise TypeError(
                f"SpacyNER needs a spaCy Language or a pipeline name, got {type(nlp).__name__}"
            )
        merged = dict(SPACY_LABELS)
        if labels is not None:
            if not isinstance(labels, Mapping):
                raise TypeError("labels must map spaCy labels to entity names")
            merged.update(labels)
        check_entities(merged.values(), "labels")
        self._nlp = nlp
        self._labels = merged
        self._entities = check_entities(entities, "entities")
        self._batch_size = check_positive(batch_size, "batch_size")
        self._max_chars = check_positive(max_chars, "max_chars")
        self._disable = [name for name in nlp.pipe_names if name in _NOT_NEEDED]

    @property
    def entities(self) -> frozenset[str]:
        """Entity types this recognizer returns."""
        return self._entities

    @property
    def nlp(self) -> Any:
        """The spaCy pipeline."""
        return self._nlp

    def __repr__(self) -> str:
        name = getattr(self._nlp, "meta", {}).get("name", "?")
        lang = getattr(self._nlp, "lang", "?")
        return f"SpacyNER(pipeline='{lang}_{name}', entities={sorted(self._entities)})"

    def recognize(self, texts: Sequence[str]) -> list[list[tuple[str, int, int]]]:
        """``(type, start, end)`` spans for each text."""
        texts = check_texts(texts)
        out: list[list[tuple[str, int, int]]] = [[] for _ in texts]
        pieces = batch_segments(texts, self._max_chars)
        if not pieces:
            return out
        docs = self._nlp.pipe(
            [piece for _, _, piece in pieces], batch_size=self._batch_size, disable=self._disable
        )
        labels, wanted = self._labels, self._entities
        for (index, offset, _), doc in zip(pieces, docs, strict=True):
            for ent in doc.ents:
                etype = labels.get(ent.label_)
                if etype in wanted:
                    out[index].append((etype, offset + ent.start_char, offset + ent.end_char))
        return out
