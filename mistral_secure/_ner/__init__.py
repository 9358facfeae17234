"""Named entities for redaction: person names, places and postal addresses.

A backend is any object with the :class:`NamedEntityRecognizer` shape. Three come with the
package: :class:`BuiltinNER` (model-free rules, no dependency), :class:`SpacyNER` (a
spaCy pipeline you install, ``[ner]`` extra) and :class:`PresidioNER` (a Presidio
``AnalyzerEngine`` or its recognizers). Entity names follow Presidio's: ``PERSON``,
``LOCATION``, ``ADDRESS`` (a postal address) and ``ORGANIZATION``.
"""

from __future__ import annotations

import bisect
import contextlib
import re
import threading
import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, runtime_checkable

import re2

if TYPE_CHECKING:
    from ._builtin import BuiltinNER
    from ._presidio import PresidioNER
    from ._spacy import SpacyNER

__all__ = [
    "NER_ENTITIES",
    "BuiltinNER",
    "NamedEntityRecognizer",
    "PresidioNER",
    "SpacyNER",
    "as_recognizer",
    "load_recognizer",
    "ner_entities",
    "recognize_one",
    "repeated_names",
]

#: The named-entity types the packaged backends return.
NER_ENTITIES = frozenset({"PERSON", "LOCATION", "ADDRESS", "ORGANIZATION"})

_ENTITY_NAME = re.compile(r"[A-Z][A-Z0-9_]{0,63}")


@runtime_checkable
class NamedEntityRecognizer(Protocol):
    """Finds named entities in a batch of texts.

    ``entities`` names the types it can return (Presidio names, such as ``PERSON``).
    ``recognize`` returns, for each text, ``(type, start, end)`` spans with offsets in
    that text. Implement it to plug in any other model (GLiNER, an LLM, a gazetteer).
    """

    @property
    def entities(self) -> frozenset[str]:
        """Entity types this recognizer can return."""
        ...

    def recognize(self, texts: Sequence[str]) -> list[list[tuple[str, int, int]]]:
        """``(type, start, end)`` spans for each text, in the order of ``texts``."""
        ...


def __getattr__(name: str) -> Any:
    # The backends load on use: redaction without NER never imports them.
    if name == "BuiltinNER":
        from ._builtin import BuiltinNER

        return BuiltinNER
    if name == "SpacyNER":
        from ._spacy import SpacyNER

        return SpacyNER
    if name == "PresidioNER":
        from ._presidio import PresidioNER

        return PresidioNER
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def ner_entities(ner: object) -> frozenset[str]:
    """The entity types of a recognizer, checked: ``TypeError``/``ValueError`` if unusable."""
    if not isinstance(ner, NamedEntityRecognizer):
        raise TypeError(
            "ner must be 'builtin', a NamedEntityRecognizer, a spaCy Language or a Presidio "
            f"AnalyzerEngine, got {type(ner).__name__}"
        )
    names = ner.entities
    if not isinstance(names, frozenset):
        names = frozenset(names)
    for name in names:
        if not isinstance(name, str) or not _ENTITY_NAME.fullmatch(name):
            raise ValueError("a named-entity recognizer's entities must be UPPER_SNAKE_CASE")
    return names


def recognize_one(ner: NamedEntityRecognizer, text: str) -> list[tuple[str, int, int]]:
    """The spans ``ner`` finds in ``text``, checked to be in range."""
    result = ner.recognize([text])
    if not isinstance(result, list) or len(result) != 1:
        raise TypeError("NamedEntityRecognizer.recognize must return one list per text")
    spans = []
    for item in result[0]:
        try:
            etype, start, end = item
        except (TypeError, ValueError):
            raise TypeError(
                "NamedEntityRecognizer.recognize must return (type, start, end) tuples"
            ) from None
        if not (isinstance(etype, str) and isinstance(start, int) and isinstance(end, int)):
            raise TypeError("NamedEntityRecognizer.recognize must return (str, int, int) tuples")
        if not 0 <= start < end <= len(text):
            continue  # an empty or out-of-range span redacts nothing
        spans.append((etype, start, end))
    return spans


_Span = TypeVar("_Span", bound=tuple[int, int, Any])

# Words that a person's name may contain but that are never worth redacting on their own.
_NAME_PARTICLES = frozenset(
    [
        *("de", "du", "des", "la", "le", "les", "van", "von", "der", "den", "dem", "da", "di"),
        *("del", "della", "dos", "das", "e", "y", "et", "und", "and"),
        *("mr", "mrs", "ms", "dr", "st", "jr", "sr"),
    ]
)


def repeated_names(
    text: str, spans: Sequence[_Span], alt: Callable[[str], Any]
) -> list[tuple[int, int, Any]]:
    """Other mentions of the names found in ``text``: the full name, and each capitalised
    part of it ("Dupont" after "Jean Dupont"), as whole words.

    Once a name is personal data in one place it is in every place; a model backend
    often tags the first mention only.
    """
    names = {text[s:e] for s, e, a in spans if a.entity == "PERSON"}
    if not names:
        return []
    words: set[str] = set()
    for name in names:
        words.add(name)
        for raw in name.replace(",", " ").split():
            part = raw.strip(".'’")
            if len(part) >= 3 and part[0].isupper() and part.casefold() not in _NAME_PARTICLES:
                words.add(part)
    person = alt("PERSON")
    taken = sorted((s, e) for s, e, _ in spans)
    starts = [s for s, _ in taken]
    out: list[tuple[int, int, Any]] = []
    for start, end in _mentions(text, sorted(words, key=len, reverse=True)):
        if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
            continue
        i = bisect.bisect_left(starts, end)
        if i and taken[i - 1][1] > start:
            continue  # overlaps a span already found
        out.append((start, end, person))
    return out


# Up to this many names, str.find per name beats compiling an RE2 pattern for the call.
_FEW_NAMES = 64


def _mentions(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Where ``words`` (longest first) occur, left to right, the longest at each place, not
    overlapping: what one scan of their alternation finds."""
    if len(words) > _FEW_NAMES:
        # RE2: linear in the text whatever the number of names.
        pattern = re2.compile("|".join(map(re2.escape, words)))
        return [match.span() for match in pattern.finditer(text)]
    found: list[tuple[int, int]] = []
    for rank, word in enumerate(words):
        pos = text.find(word)
        while pos >= 0:
            found.append((pos, rank))
            pos = text.find(word, pos + 1)
    found.sort()
    out: list[tuple[int, int]] = []
    last = 0
    for start, rank in found:
        if start >= last:
            last = start + len(words[rank])
            out.append((start, last))
    return out


_WRAPPERS: weakref.WeakKeyDictionary[object, NamedEntityRecognizer] = weakref.WeakKeyDictionary()
_WRAP_LOCK = threading.Lock()


def as_recognizer(ner: object) -> NamedEntityRecognizer | None:
    """``ner`` as a recognizer: ``None``, ``"builtin"``, a recognizer, a spaCy ``Language``
    or a Presidio ``AnalyzerEngine`` (wrapped once per object)."""
    if ner is None:
        return None
    if isinstance(ner, str):
        if ner == "builtin":
            return _default_builtin()
        raise ValueError(
            f"ner must be 'builtin' or a recognizer object, got {ner!r}"
            if len(ner) < 40
            else "ner must be 'builtin' or a recognizer object"
        )
    if isinstance(ner, NamedEntityRecognizer):
        return ner
    kind = _foreign_kind(ner)
    if kind is None:
        ner_entities(ner)  # raises the TypeError that says what is accepted
    with _WRAP_LOCK:
        try:
            wrapped = _WRAPPERS.get(ner)
        except TypeError:  # not weak-referenceable: wrap on every call
            wrapped = None
        if wrapped is None:
            if kind == "spacy":
                from ._spacy import SpacyNER

                wrapped = SpacyNER(ner)
            else:
                from ._presidio import PresidioNER

                wrapped = PresidioNER(ner)
            with contextlib.suppress(TypeError):
                _WRAPPERS[ner] = wrapped
    return wrapped


def _foreign_kind(obj: object) -> str | None:
    """``"spacy"`` for a spaCy ``Language``, ``"presidio"`` for an ``AnalyzerEngine``."""
    for cls in type(obj).__mro__:
        module = cls.__module__ or ""
        if module.startswith("spacy.") and cls.__name__ == "Language":
            return "spacy"
        if module.startswith("presidio_analyzer") and cls.__name__ == "AnalyzerEngine":
            return "presidio"
    return None


_BUILTIN: list[NamedEntityRecognizer] = []


def _default_builtin() -> NamedEntityRecognizer:
    if not _BUILTIN:
        from ._builtin import BuiltinNER

        _BUILTIN.append(BuiltinNER())
    return _BUILTIN[0]


_LOADED: dict[tuple[str, str | None, frozenset[str]], NamedEntityRecognizer] = {}
_LOAD_LOCK = threading.Lock()


def load_recognizer(
    kind: str, model: str | None, entities: frozenset[str]
) -> NamedEntityRecognizer:
    """The backend a policy names (``"builtin"``, ``"spacy"``, ``"presidio"``), built once
    per process: a spaCy pipeline is loaded on first use, then shared."""
    key = (kind, model, entities)
    recognizer = _LOADED.get(key)
    if recognizer is not None:
        return recognizer
    with _LOAD_LOCK:
        recognizer = _LOADED.get(key)
        if recognizer is None:
            recognizer = _build(kind, model, entities)
            _LOADED[key] = recognizer
    return recognizer


def _build(kind: str, model: str | None, entities: frozenset[str]) -> NamedEntityRecognizer:
    if kind == "builtin":
        from ._builtin import BuiltinNER

        wanted = entities & {"PERSON", "ADDRESS", "LOCATION"}
        return BuiltinNER(entities=wanted) if wanted else _default_builtin()
    if model is None:
        raise ValueError(f'ner = "{kind}" needs ner_model, the spaCy pipeline to load')
    from ._spacy import SpacyNER, load_pipeline

    nlp = load_pipeline(model)
    wanted = entities or frozenset({"PERSON", "LOCATION"})
    if kind == "spacy":
        return SpacyNER(nlp, entities=wanted)
    from ._presidio import PresidioNER, presidio_engine

    return PresidioNER(presidio_engine(nlp), entities=wanted, language=nlp.lang)
