"""Named entities from Presidio: an ``AnalyzerEngine`` you tuned, or its recognizers."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from .._exceptions import ConfigurationError
from ._checks import check_entities, check_positive, check_texts
from ._segments import DEFAULT_MAX_CHARS, batch_segments

__all__ = ["PresidioNER", "presidio_engine"]


def _presidio() -> Any:
    try:
        import presidio_analyzer
    except ImportError:
        raise ConfigurationError(
            "Presidio is not installed: pip install presidio-analyzer"
        ) from None
    return presidio_analyzer


class PresidioNER:
    """Named entities from Presidio (``presidio-analyzer``, installed by you).

    ``analyzer`` is an ``AnalyzerEngine`` (whatever NLP engine and recognizers it holds),
    or a list of Presidio recognizers (``PatternRecognizer``, deny lists, your own), which
    run in an engine without NLP model. ``language`` defaults to the engine's first
    supported language. Results below ``score_threshold`` are dropped; ``entities`` are the
    Presidio entity types kept (``PERSON``, ``LOCATION`` ...). Texts are cut and filtered
    as for :class:`SpacyNER`, and analysed in one batch.
    """

    def __init__(
        self,
        analyzer: Any,
        *,
        entities: Collection[str] = ("PERSON", "LOCATION"),
        language: str | None = None,
        score_threshold: float = 0.5,
        batch_size: int = 32,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> None:
        presidio = _presidio()
        if language is not None and (not isinstance(language, str) or not language):
            raise TypeError("language must be a non-empty str such as 'en'")
        if isinstance(analyzer, presidio.AnalyzerEngine):
            engine = analyzer
            language = language or engine.supported_languages[0]
        elif isinstance(analyzer, Sequence) and not isinstance(analyzer, str):
            recognizers = list(analyzer)
            if not recognizers or not all(
                isinstance(r, presidio.EntityRecognizer) for r in recognizers
            ):
                raise TypeError("PresidioNER takes an AnalyzerEngine or Presidio recognizers")
            language = language or recognizers[0].supported_language
            engine = _engine(presidio, recognizers, language)
        else:
            raise TypeError(
                "PresidioNER takes an AnalyzerEngine or a list of Presidio recognizers, "
                f"got {type(analyzer).__name__}"
            )
        if isinstance(score_threshold, bool) or not isinstance(score_threshold, (int, float)):
            raise TypeError("score_threshold must be a number")
        if not 0.0 <= score_threshold <= 1.0:
            raise ValueError("score_threshold must be within [0, 1]")
        self._analyzer = engine
        self._batch = presidio.BatchAnalyzerEngine(analyzer_engine=engine)
        self._language = language
        self._entities = check_entities(entities, "entities")
        self._threshold = float(score_threshold)
        self._batch_size = check_positive(batch_size, "batch_size")
        self._max_chars = check_positive(max_chars, "max_chars")

    @property
    def entities(self) -> frozenset[str]:
        """Entity types this recognizer returns."""
        return self._entities

    @property
    def analyzer(self) -> Any:
        """The Presidio ``AnalyzerEngine``."""
        return self._analyzer

    def __repr__(self) -> str:
        return f"PresidioNER(language={self._language!r}, entities={sorted(self._entities)})"

    def recognize(self, texts: Sequence[str]) -> list[list[tuple[str, int, int]]]:
        """``(type, start, end)`` spans for each text."""
        texts = check_texts(texts)
        out: list[list[tuple[str, int, int]]] = [[] for _ in texts]
        pieces = batch_segments(texts, self._max_chars)
        if not pieces:
            return out
        results = self._batch.analyze_iterator(
            [piece for _, _, piece in pieces],
            language=self._language,
            batch_size=self._batch_size,
            entities=sorted(self._entities),
            score_threshold=self._threshold,
        )
        for (index, offset, _), found in zip(pieces, results, strict=True):
            for result in found:
                if result.entity_type in self._entities:
                    out[index].append(
                        (result.entity_type, offset + result.start, offset + result.end)
                    )
        return out


def _engine(presidio: Any, recognizers: list[Any], language: str) -> Any:
    """An ``AnalyzerEngine`` over ``recognizers`` that loads no NLP model."""
    from presidio_analyzer.nlp_engine import NoOpNlpEngine

    registry = presidio.RecognizerRegistry(recognizers=recognizers, supported_languages=[language])
    nlp = NoOpNlpEngine(models=[{"lang_code": language, "model_name": "none"}])
    nlp.load()
    return presidio.AnalyzerEngine(
        registry=registry, nlp_engine=nlp, supported_languages=[language]
    )


def presidio_engine(nlp: Any) -> Any:
    """Presidio's default ``AnalyzerEngine`` (its predefined recognizers) over a loaded spaCy
    pipeline, whose entities its ``SpacyRecognizer`` reads."""
    presidio = _presidio()
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

    labels = {"PER": "PERSON", "PERSON": "PERSON", "LOC": "LOCATION", "GPE": "LOCATION",
              "FAC": "LOCATION", "ORG": "ORGANIZATION"}  # fmt: skip
    engine = SpacyNlpEngine(
        models=[{"lang_code": nlp.lang, "model_name": nlp.meta.get("name", "pipeline")}],
        ner_model_configuration=NerModelConfiguration(model_to_presidio_entity_mapping=labels),
    )
    engine.nlp = {nlp.lang: nlp}  # type: ignore[assignment]  # loaded already: no download
    registry = presidio.RecognizerRegistry(supported_languages=[nlp.lang])
    registry.load_predefined_recognizers(languages=[nlp.lang], nlp_engine=engine)
    return presidio.AnalyzerEngine(
        registry=registry, nlp_engine=engine, supported_languages=[nlp.lang]
    )
