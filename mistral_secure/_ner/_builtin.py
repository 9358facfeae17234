"""Model-free named entities: person names found by their context, postal addresses of
France, Germany, Spain, Italy, the UK and the US found by their shape, cities of a
gazetteer found after a place preposition or a postcode.

Names: after a title or salutation (``M.``, ``Mme``, ``Herr``, ``Frau``, ``Sr.``, ``Sra.``,
``Dr``), after "my name is" / "je m'appelle" / "ich heiße" / "me llamo" / "mi chiamo", on
the line under a closing ("Best regards", "Cordialement", "Mit freundlichen Grüßen",
"Saludos", "Cordiali saluti"), after a greeting or a form label ("Name:", "Nom :"), and
capitalised words with a known given name or surname. Addresses: house number, street
type, street name, then postcode and city when they follow.

Time is linear in the text with a small constant: a few RE2 scans for keywords, address
starts and place prepositions, then checks on a bounded stretch around each hit (see
``_person_rules``, ``_address_rules`` and ``_place_rules``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ._address_rules import AddressRules
from ._checks import check_entities, check_texts
from ._lexicon import GIVEN_NAMES, SURNAMES
from ._person_rules import PersonRules
from ._place_rules import PlaceRules
from ._utf8 import Utf8Text

__all__ = ["BuiltinNER"]

_ENTITIES = frozenset({"PERSON", "ADDRESS", "LOCATION"})
_SHARED: dict[str, object] = {}


def _shared_addresses() -> AddressRules:
    rules = _SHARED.get("addresses")
    if rules is None:
        rules = _SHARED["addresses"] = AddressRules()
    assert isinstance(rules, AddressRules)
    return rules


def _shared_places() -> PlaceRules:
    rules = _SHARED.get("places")
    if rules is None:
        rules = _SHARED["places"] = PlaceRules()
    assert isinstance(rules, PlaceRules)
    return rules


def _shared_persons() -> PersonRules:
    rules = _SHARED.get("persons")
    if rules is None:
        rules = _SHARED["persons"] = PersonRules(GIVEN_NAMES, SURNAMES)
    assert isinstance(rules, PersonRules)
    return rules


class BuiltinNER:
    """Person names, postal addresses and cities by rules and word lists: no model, no
    dependency.

    ``entities``: any of ``PERSON``, ``ADDRESS``, ``LOCATION`` (a city of the built-in
    gazetteer after "in", "à", "nach", "en", "a", "di"... or a postcode). ``given_names``
    and ``surnames`` add to the built-in lists (for the names your users have). Precision
    comes first: a capitalised word is a name only with a title, a greeting, a closing, a
    form label, "my name is" or a known given name or surname beside it.
    """

    def __init__(
        self,
        *,
        entities: Collection[str] = ("PERSON", "ADDRESS", "LOCATION"),
        given_names: Collection[str] = (),
        surnames: Collection[str] = (),
    ) -> None:
        chosen = check_entities(entities, "entities")
        unknown = chosen - _ENTITIES
        if unknown:
            raise ValueError("BuiltinNER finds PERSON, ADDRESS and LOCATION only")
        self._entities = chosen
        given = self._words(given_names, "given_names")
        family = self._words(surnames, "surnames")
        self._persons: PersonRules | None = None
        if "PERSON" in chosen:
            self._persons = (
                PersonRules(GIVEN_NAMES | given, SURNAMES | family)
                if given or family
                else _shared_persons()
            )
        self._addresses = _shared_addresses() if "ADDRESS" in chosen else None
        self._places = _shared_places() if "LOCATION" in chosen else None

    @staticmethod
    def _words(words: Collection[str], what: str) -> frozenset[str]:
        if isinstance(words, str):
            raise TypeError(f"{what} must be a collection of str, not one str")
        out = list(words)
        for word in out:
            if not isinstance(word, str) or not word or not word[0].isupper():
                raise ValueError(f"{what} must be capitalised words such as 'Ingrid'")
        return frozenset(out)

    @property
    def entities(self) -> frozenset[str]:
        """Entity types this recognizer returns."""
        return self._entities

    def __repr__(self) -> str:
        return f"BuiltinNER(entities={sorted(self._entities)})"

    def recognize(self, texts: Sequence[str]) -> list[list[tuple[str, int, int]]]:
        """``(type, start, end)`` spans for each text."""
        return [self._one(text) for text in check_texts(texts)]

    def _one(self, text: str) -> list[tuple[str, int, int]]:
        if not text:
            return []
        doc = Utf8Text(text)
        out: list[tuple[str, int, int]] = []
        if self._addresses is not None:
            out.extend(("ADDRESS", s, e) for s, e in self._addresses.find(doc))
        if self._persons is not None:
            out.extend(("PERSON", s, e) for s, e in _merged(self._persons.find(doc)))
        if self._places is not None:
            out.extend(("LOCATION", s, e) for s, e in self._places.find(doc))
        return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping names as one: "Jean Marie Pierre" (a given name and two words) and
    "Pierre Dupont" (a word before a surname) are one person, not two to choose from."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if out and start < out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out
