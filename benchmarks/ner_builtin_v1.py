# ruff: noqa: SIM905
"""The built-in NER rules as they were before they ran in linear time (0.1), kept to print
before/after figures in bench_ner.py. Not part of the package.

Model-free named entities: person names found by their context, postal addresses of
France, Germany, Spain, Italy, the UK and the US found by their shape.

Names: after a title or salutation (``M.``, ``Mme``, ``Herr``, ``Frau``, ``Sr.``, ``Sra.``,
``Dr``), after "my name is" / "je m'appelle" / "ich heiße" / "me llamo" / "mi chiamo", on
the line under a closing ("Best regards", "Cordialement", "Mit freundlichen Grüßen",
"Saludos", "Cordiali saluti"), after a greeting or a form label ("Name:", "Nom :"), and
capitalised words with a known given name or surname. Addresses: house number, street
type, street name, then postcode and city when they follow.

Every pattern is RE2 (linear time); the checks that need words happen in Python on the
few candidates.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

import re2

from mistral_secure._ner._checks import check_entities
from mistral_secure._ner._lexicon import (
    AMBIGUOUS_GIVEN,
    CLOSINGS,
    FIELD_LABELS,
    GIVEN_NAMES,
    GREETINGS,
    INTRO_STRONG,
    INTRO_WEAK,
    NOT_NAMES,
    PARTICLES,
    SURNAMES,
    TITLES_ABBREVIATED,
    TITLES_DOTTED,
    TITLES_WORDS,
)

__all__ = ["BuiltinNERv1"]

_ENTITIES = frozenset({"PERSON", "ADDRESS"})


def _alt(words: Iterable[str]) -> str:
    return "|".join(re2.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _ci(words: Iterable[str]) -> str:
    return f"(?i:{_alt(words)})"


# A name word: "Jean", "Jean-Pierre", "O'Brien", "McDonald", "DUPONT", "J." One loose
# class keeps the automaton small; _person() checks the shape of each word.
_WORD = r"\p{Lu}[\p{L}'’-]*"
_UPPER = _WORD
_TOKEN = r"\p{Lu}[\p{L}'’.-]*"
_PARTICLE = f"(?:{_alt(PARTICLES)})"
_NAME = f"{_TOKEN}(?:[ \\t]+(?:{_PARTICLE}[ \\t]+)?{_TOKEN}){{0,3}}"
_LOWER_NAME = r"\p{Ll}{2,}(?:-\p{Ll}{2,})?(?:[ \t]+\p{Ll}{2,}(?:-\p{Ll}{2,})?)?"
_EDGE = r"(?:^|[^\p{L}\p{N}_])"

_TITLES = f"(?:{_alt(TITLES_ABBREVIATED)})\\.?|(?:{_alt(TITLES_DOTTED)})\\.|{_ci(TITLES_WORDS)}"

# (rule, pattern): the name is group "n".
_PERSON_RULES = {
    "title": f"{_EDGE}(?:{_TITLES})[ \\t]+(?:(?:{_TITLES})[ \\t]+)?(?P<n>{_NAME})",
    "intro": f"{_EDGE}{_ci(INTRO_STRONG)}[ \\t]*:?[ \\t]+(?P<n>{_NAME}|{_LOWER_NAME})",
    "intro_weak": f"{_EDGE}{_ci(INTRO_WEAK)}[ \\t]+(?P<n>{_NAME})",
    "closing": f"(?m)^[ \\t]*[-–—]*[ \\t]*{_ci(CLOSINGS)}[ \\t]*[,.!]*[ \\t]*\\r?\\n"
    f"(?:[ \\t]*\\r?\\n)?[ \\t]*(?P<n>{_NAME})[ \\t]*(?:$|[,|/–—(-])",
    "closing_inline": f"(?m){_EDGE}{_ci(CLOSINGS)}[ \\t]*[,!][ \\t]*(?P<n>{_NAME})"
    "[ \\t]*[.!]?[ \\t]*$",
    "dash": f"(?m)^[ \\t]*(?:--|—|–)[ \\t]*(?P<n>{_NAME})[ \\t]*$",
    "greeting": f"(?m)^[ \\t]*{_ci(GREETINGS)}[ \\t]+(?:(?:{_TITLES})[ \\t]+)?"
    f"(?P<n>{_NAME})[ \\t]*(?:[,!:]|$)",
    "label": f"(?m)(?:^|[\\t |])(?:{_ci(FIELD_LABELS)})[ \\t]*:[ \\t]*(?P<n>{_NAME})",
    "given": f"{_EDGE}(?P<n>(?:{_alt(GIVEN_NAMES)})(?:[ \\t]+(?:{_PARTICLE}[ \\t]+)?"
    f"(?:{_WORD}|{_UPPER})){{0,2}})",
    "surname": f"{_EDGE}(?P<n>{_WORD}[ \\t]+(?:{_PARTICLE}[ \\t]+)?(?:{_alt(SURNAMES)}))",
}
# Rules whose name needs more evidence: two words, or a known given name.
_WEAK = frozenset({"intro_weak", "given"})

# -- addresses -------------------------------------------------------------------------------

_CAP = r"\p{Lu}[\p{L}'’.-]*"
# A city word has a lower-case letter second: not "NW" (a postcode) nor "DC" (a state).
_CITY = r"\p{Lu}\p{Ll}[\p{L}'’-]*"
_FR_PART = r"(?:de|du|des|la|le|les|l['’]|d['’]|et|sur|sous|en|aux|au|à)"
_FR_TYPES = _ci(
    (
        "rue avenue av. bd boulevard place pl. allée allee chemin impasse quai route cours "
        "square voie passage faubourg esplanade promenade rond-point sentier hameau résidence "
        "residence cité cite villa lotissement"
    ).split()
)
_FR_CITY = (
    f"(?:\\d{{5}}|\\d{{2}}[ \\t]\\d{{3}})[ \\t]+{_CITY}(?:[ \\t-]+(?:{_FR_PART}|{_CITY})){{0,3}}"
)
_FR = (
    f"\\b\\d{{1,4}}(?:[ \\t]?(?:bis|ter|quater|[A-D]))?,?[ \\t]+{_FR_TYPES}"
    f"(?:[ \\t]+(?:{_FR_PART}[ \\t]*){{0,3}}(?:{_CAP}|\\d{{1,4}})){{1,6}}"
    f"(?:[ \\t]*[,\\n][ \\t]*{_FR_CITY}(?:[ \\t]+(?i:cedex)(?:[ \\t]+\\d{{1,2}})?)?)?"
)
_DE_SUFFIX = (
    "straße strasse str. weg platz allee gasse ring damm ufer chaussee steig pfad markt "
    "graben berg kai wall hof anger feld garten"
).split()
_DE = (
    f"(?:{_CAP}[ \\t]+)?(?:\\p{{Lu}}[\\p{{L}}-]*)?{_ci(_DE_SUFFIX)}[ \\t]+\\d{{1,4}}"
    f"(?:[ \\t]?[a-zA-Z]\\b)?"
    f"(?:[ \\t]*[,\\n][ \\t]*(?:D-|A-|CH-)?\\d{{4,5}}[ \\t]+{_CITY}"
    f"(?:[ \\t]+(?:am|an der|{_CITY})){{0,2}})?"
)
_ES_TYPES = _ci(
    (
        "calle c/ avenida avda. av. paseo pº plaza pza. camino carretera ctra. ronda travesía "
        "travesia rambla glorieta callejón pasaje urbanización urb. gran vía"
    ).split()
)
_ES_PART = r"(?:de|del|la|las|los|el|y)"
_ES = (
    f"{_ES_TYPES}[ \\t]+(?:{_ES_PART}[ \\t]+)*{_CAP}(?:[ \\t]+(?:{_ES_PART}|{_CAP})){{0,5}},?"
    f"[ \\t]*(?:n[º°.]?[ \\t]*)?\\d{{1,4}}"
    f"(?:,?[ \\t]+(?:\\d{{1,2}}[º°ª](?:[ \\t]?[A-Za-z]\\b)?|bajo|izq(?:uierda|da)?\\.?"
    f"|dcha\\.?|derecha|piso[ \\t]\\d+|puerta[ \\t]\\d+)){{0,3}}"
    f"(?:[ \\t]*[,\\n][ \\t]*\\d{{5}}[ \\t]+{_CITY}(?:[ \\t-]+(?:{_ES_PART}|{_CITY})){{0,3}}"
    f"(?:[ \\t]*\\({_CITY}\\))?)?"
)
_IT_TYPES = _ci(
    (
        "via viale v.le piazza p.za p.zza piazzale corso c.so largo vicolo strada contrada "
        "lungomare lungotevere borgo salita vico galleria località loc."
    ).split()
)
_IT_PART = r"(?:del|della|dei|degli|delle|dello|di|da|san|santa|santo)"
_IT = (
    f"{_IT_TYPES}[ \\t]+(?:{_IT_PART}[ \\t]+)*{_CAP}"
    f"(?:[ \\t]+(?:{_IT_PART}|{_CAP}|[IVX]+)){{0,5}},?"
    f"[ \\t]*(?:n\\.?[ \\t]*)?\\d{{1,4}}(?:/?[A-Za-z]\\b|[ \\t]?bis)?"
    f"(?:[ \\t]*[,\\n-][ \\t]*\\d{{5}}[ \\t]+{_CITY}(?:[ \\t]+{_CITY}){{0,2}}"
    f"(?:[ \\t]*\\(\\p{{Lu}}{{2}}\\))?)?"
)
_EN_TYPES = _ci(
    (
        "street st. st road rd. rd lane ln. ln avenue ave. ave close drive dr. dr way "
        "crescent place pl. square sq. terrace gardens court ct. grove hill row mews walk "
        "parade boulevard blvd. blvd parkway pkwy. pkwy highway hwy. circle cir. trail plaza"
    ).split()
)
_EN = (
    f"(?:(?i:flat|apartment|apt\\.?|unit)[ \\t]*\\d{{1,4}}[A-Za-z]?,?[ \\t]+)?"
    f"\\b\\d{{1,5}}[A-Za-z]?(?:-\\d{{1,5}})?,?[ \\t]+(?:{_CAP}[ \\t]+){{1,4}}{_EN_TYPES}\\b"
    f"(?:[ \\t]+(?:N|S|E|W|NE|NW|SE|SW)\\b)?"
    f"(?:,?[ \\t]+(?i:apt|apartment|suite|ste|unit|flat|floor|fl)\\.?[ \\t]*#?[ \\t]*\\w+)?"
    f"(?:[ \\t]*[,\\n][ \\t]*{_CITY}(?:[ \\t]+{_CITY}){{0,2}})?"
)
_ADDRESS = "|".join(f"(?:{p})" for p in (_FR, _DE, _ES, _IT, _EN))
# What may follow an English address's city: a US state and ZIP, a UK postcode.
_EN_TAIL = re.compile(
    r",?[ \t]+(?:[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2})\b"
)


def _compile(pattern: str) -> re2._Regexp:
    options = re2.Options()
    options.max_mem = 64 << 20
    return re2.compile(pattern, options)


class BuiltinNERv1:
    """Person names and postal addresses by rules and word lists: no model, no dependency.

    ``entities``: ``PERSON`` and/or ``ADDRESS``. ``given_names`` and ``surnames`` add to
    the built-in lists (for the names your users have). Precision comes first: a
    capitalised word is a name only with a title, a greeting, a closing, a form label,
    "my name is" or a known given name or surname beside it.
    """

    def __init__(
        self,
        *,
        entities: Collection[str] = ("PERSON", "ADDRESS"),
        given_names: Collection[str] = (),
        surnames: Collection[str] = (),
    ) -> None:
        chosen = check_entities(entities, "entities")
        unknown = chosen - _ENTITIES
        if unknown:
            raise ValueError("BuiltinNER finds PERSON and ADDRESS only")
        self._entities = chosen
        extra = {
            "given_names": tuple(self._words(given_names, "given_names")),
            "surnames": tuple(self._words(surnames, "surnames")),
        }
        self._given = GIVEN_NAMES | set(extra["given_names"])
        rules = dict(_PERSON_RULES)
        if extra["given_names"]:
            rules["given"] = rules["given"].replace(
                f"(?:{_alt(GIVEN_NAMES)})", f"(?:{_alt(self._given)})"
            )
        if extra["surnames"]:
            rules["surname"] = rules["surname"].replace(
                f"(?:{_alt(SURNAMES)})", f"(?:{_alt(SURNAMES | set(extra['surnames']))})"
            )
        self._persons = (
            [(name, _compile(p)) for name, p in rules.items()] if "PERSON" in chosen else []
        )
        self._address = _compile(_ADDRESS) if "ADDRESS" in chosen else None

    @staticmethod
    def _words(words: Collection[str], what: str) -> list[str]:
        if isinstance(words, str):
            raise TypeError(f"{what} must be a collection of str, not one str")
        out = list(words)
        for word in out:
            if not isinstance(word, str) or not word or not word[0].isupper():
                raise ValueError(f"{what} must be capitalised words such as 'Ingrid'")
        return out

    @property
    def entities(self) -> frozenset[str]:
        """Entity types this recognizer returns."""
        return self._entities

    def __repr__(self) -> str:
        return f"BuiltinNERv1(entities={sorted(self._entities)})"

    def recognize(self, texts: Sequence[str]) -> list[list[tuple[str, int, int]]]:
        """``(type, start, end)`` spans for each text."""
        return [self._one(text) for text in texts]

    def _one(self, text: str) -> list[tuple[str, int, int]]:
        out: list[tuple[str, int, int]] = []
        if self._address is not None:
            for match in self._address.finditer(text):
                start, end = match.span()
                tail = _EN_TAIL.match(text, end, min(len(text), end + 16))
                if tail is not None:
                    end = tail.end()
                while end > start and text[end - 1] in " \t\n,.":
                    end -= 1
                out.append(("ADDRESS", start, end))
        for rule, regex in self._persons:
            for match in regex.finditer(text):
                start, end = match.span(match.re.groupindex["n"])
                span = self._person(text, start, end, rule)
                if span is not None:
                    out.append(("PERSON", *span))
        return out

    def _person(self, text: str, start: int, end: int, rule: str) -> tuple[int, int] | None:
        """The name inside ``[start, end)``, cut where it stops looking like one, or None."""
        words: list[tuple[int, int]] = []
        for match in _WORDS.finditer(text, start, end):
            s, e = match.span()
            core = text[s:e].rstrip(".,")
            if not _SHAPE.fullmatch(core) or core.casefold() in NOT_NAMES:
                break
            if len(core) > 1 and e - s > len(core):
                words.append((s, s + len(core)))  # "García." ends the sentence and the name
                break
            words.append((s, e))
        while words and text[words[-1][0] : words[-1][1]].casefold() in _TRAILING:
            words.pop()
        if not words:
            return None
        first = text[words[0][0] : words[0][1]]
        if not first[0].isupper() and rule != "intro":
            return None
        if not first[0].isupper() and any(
            w.casefold() in _LOWER_STOP for w in text[words[0][0] : words[-1][1]].split()
        ):
            return None
        if rule in _WEAK:
            capitalised = [w for w in words if text[w[0]].isupper() and w[1] - w[0] > 2]
            if len(capitalised) < 2:
                if rule == "intro_weak" and first not in self._given:
                    return None
                if first in AMBIGUOUS_GIVEN:
                    return None
        return words[0][0], words[-1][1]


_WORDS = re.compile(r"[^\s]+")
# "Jean", "Jean-Pierre", "O'Brien", "McDonald", "DUPONT", "J", particles in lower case.
_SHAPE = re.compile(r"(?:[^\W\d_]['’])?[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*")
# Words a greedy name may run into: particles at the end, and small words.
_TRAILING = frozenset(p.casefold() for p in PARTICLES) | {"and", "et", "und", "e", "y", "or"}
# After "my name is", words that say it is not a name: "my name is not on the list".
_LOWER_STOP = frozenset(
    (
        "not on in at the a an is was and but or missing wrong spelled written correct pas ne "
        "sur dans le la les est et mais ou nicht auf im ist und aber oder falsch no en el es "
        "y pero mal non su nel è e ma sbagliato"
    ).split()
)
