"""The built-in named-entity rules in linear time: hostile shapes (what they return, never
how long they take: see benchmarks/bench_ner.py), places, Unicode, offsets, and the same
names as the 0.1 rules on the labelled set."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from mistral_secure import BuiltinNER, find_entities, redact
from mistral_secure._ner import _mentions
from mistral_secure._ner._letters import CASED_PAGES
from mistral_secure._ner._place_rules import gazetteer
from mistral_secure._ner._utf8 import Utf8Text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from ner_builtin_v1 import BuiltinNERv1
from ner_corpus import heldout_messages, ner_messages

NER = BuiltinNER()


def _found(text: str, ner: object = NER) -> list[tuple[str, str]]:
    return [(e.type, text[e.start : e.end]) for e in find_entities(text, ner=ner)]


# -- hostile shapes: each is one RE2 scan plus bounded work per hit ---------------------------

N = 2000


def test_runs_of_known_names_are_all_redacted() -> None:
    text = "Jean Marie Pierre Dupont " * N
    r = redact(text, ner=NER)
    assert "Jean" not in r.text and "Dupont" not in r.text and "Pierre" not in r.text
    assert r.restore(r.text) == text


def test_runs_without_context_find_nothing() -> None:
    for text in ("Abc Defg Hijk " * N, "12 " * N, "A" * (10 * N), "Mr. " * N, "\n-- " * N):
        assert NER.recognize([text]) == [[]]


def test_runs_of_street_words_find_only_real_streets() -> None:
    found = _found("12 rue avenue street Straße " * N)
    # "Straße 12" is a German street and number; the rest has no street name.
    assert set(found) == {("ADDRESS", "Straße 12")}
    assert len(found) == N - 1


def test_runs_of_addresses_closings_and_places() -> None:
    assert (
        _found("12 rue de la Paix, 75002 Paris " * N)
        == [("ADDRESS", "12 rue de la Paix, 75002 Paris")] * N
    )
    assert _found("Best regards,\nJean Dupont\n" * N) == [("PERSON", "Jean Dupont")] * N
    assert (
        _found("in Paris à Lyon nach Berlin " * N)
        == [
            ("LOCATION", "Paris"),
            ("LOCATION", "Lyon"),
            ("LOCATION", "Berlin"),
        ]
        * N
    )


def test_runs_of_titles_redact_the_names_after_them() -> None:
    text = "Mr. Jean Dr. Marie " * N
    r = redact(text, ner=NER)
    assert "Jean" not in r.text and "Marie" not in r.text
    assert r.text.count("Mr. ") == N


def test_a_name_or_address_longer_than_the_window_is_cut_not_lost() -> None:
    long_name = "Best regards,\nJean " + "D" + "u" * 5000
    assert _found(long_name)[0][0] == "PERSON"
    assert find_entities(long_name, ner=NER)[0].start == long_name.index("Jean")


# -- places --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I am in Manchester until Friday.", [("LOCATION", "Manchester")]),
        ("Je déménage à Bordeaux lundi.", [("LOCATION", "Bordeaux")]),
        ("Die Lieferung geht am Dienstag nach Hamburg.", [("LOCATION", "Hamburg")]),
        ("Me mudo a Valencia el lunes.", [("LOCATION", "Valencia")]),
        ("Mi trasferisco a Napoli lunedì.", [("LOCATION", "Napoli")]),
        (
            "Flights from New York to Frankfurt am Main.",
            [
                ("LOCATION", "New York"),
                ("LOCATION", "Frankfurt am Main"),
            ],
        ),
        ("Le colis part d'Amiens demain.", [("LOCATION", "Amiens")]),
        ("Envoyez-le à 69003 Lyon.", [("LOCATION", "69003 Lyon")]),
        ("Grüße aus München!", [("LOCATION", "München")]),
    ],
)
def test_cities_after_a_place_preposition_or_a_postcode(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _found(text) == expected
    r = redact(text, ner=NER)
    assert r.restore(r.text) == text
    for _, value in expected:
        assert value not in r.text


@pytest.mark.parametrize(
    "text",
    [
        "The Paris office and the Leeds team join on Monday.",  # no preposition
        "Manchester United won again.",
        "Send it to Charlotte, please.",  # a city, and a given name
        "Switch to Reading mode in the app.",  # a city, and a word
        "We met in March in Windows 11 training.",
        "Merci à Florence pour son aide.",
        "Wir sind in Halle 3 am Stand 12.",  # a hall, and a German city
        "Switch to Orange for the fibre offer.",  # a brand, and a French town
    ],
)
def test_city_names_without_place_context_or_that_name_people_are_left(text: str) -> None:
    assert [f for f in _found(text) if f[0] == "LOCATION"] == []


def test_location_can_be_left_out_and_the_gazetteer_is_clean() -> None:
    text = "Je déménage à Bordeaux, 12 rue de la Paix, 75002 Paris."
    assert _found(text, BuiltinNER(entities={"PERSON", "ADDRESS"})) == [
        ("ADDRESS", "12 rue de la Paix, 75002 Paris")
    ]
    names = gazetteer()
    assert {"Paris", "Lyon", "München", "Milano", "Bologna", "Nice", "Frankfurt am Main"} <= names
    assert not {"Charlotte", "Florence", "Reading", "Mobile", "March", "Orange", "Halle"} & names


# -- Unicode and offsets -------------------------------------------------------------------


def test_cased_letters_of_the_bmp_are_all_in_the_pages_the_classes_read() -> None:
    pages = set(CASED_PAGES)
    for code in range(0x10000):
        if unicodedata.category(chr(code)) in ("Lu", "Ll"):
            assert code >> 8 in pages, hex(code)


@given(st.text(max_size=60), st.lists(st.integers(0, 60), max_size=10))
@settings(max_examples=300, deadline=None)
def test_byte_and_char_offsets_map_both_ways(text: str, picks: list[int]) -> None:
    doc = Utf8Text(text)
    boundaries = [len(text[:i].encode("utf-8", "surrogatepass")) for i in range(len(text) + 1)]
    for pick in picks:  # in any order: lookups may go back
        i = min(pick, len(text))
        assert doc.char(boundaries[i]) == i
        assert doc.byte(i, 0, 0) == boundaries[i]


_PIECES = st.sampled_from(
    [
        "Mr. ",
        "Jean ",
        "Dupont",
        " de la ",
        "Best regards,\n",
        "my name is ",
        "12 ",
        "rue ",
        "Straße 5",
        "Via ",
        "Calle ",
        "Flat 3, ",
        "75002 ",
        "Paris",
        " in ",
        "à ",
        "—",
        "\n",
        " ",
        ",",
        ".",
        "Ÿ",
        "É",
        "ß",
        "\u200b",
        "\ud800",
        "Æble ",
        "Ωμέγα ",
        "😀",
    ]
)


@given(st.lists(_PIECES, max_size=40))
@settings(max_examples=400, deadline=None)
def test_any_mix_of_rule_pieces_gives_spans_in_range_that_restore(pieces: list[str]) -> None:
    text = "".join(pieces)
    (spans,) = NER.recognize([text])
    for etype, start, end in spans:
        assert etype in NER.entities
        assert 0 <= start < end <= len(text)
    r = redact(text, ner=NER)
    assert r.restore(r.text) == text


# -- the same names as the 0.1 rules ---------------------------------------------------------


def test_every_name_and_address_the_01_rules_found_is_still_found() -> None:
    """On both labelled sets, every labelled name and address the 0.1 rules found is found
    again, except where they matched a known name inside a longer word ("Blanc" in
    "Blanchard", leaving half the name in the text)."""
    before = BuiltinNERv1()
    for sample in [*ner_messages(), *heldout_messages()]:
        text = sample.text
        (now,) = NER.recognize([text])
        (then,) = before.recognize([text])
        for etype, start, end in sample.truth:
            if etype == "LOCATION":
                continue  # the 0.1 rules had no places
            old = [(s, e) for t, s, e in then if t == etype and s < end and start < e]
            if not old or any(e < len(text) and text[e].isalpha() for _, e in old):
                continue
            assert any(t == etype and s < end and start < e for t, s, e in now), text[start:end]


@given(
    st.lists(st.sampled_from(["Jean", "Jean Dupont", "Dupont", "Du", "pont", " ", "é", "x"])),
    st.sets(st.sampled_from(["Jean", "Jean Dupont", "Dupont", "Jea", "pont", "ont"]), min_size=1),
)
@settings(max_examples=300, deadline=None)
def test_other_mentions_of_a_name_are_those_one_re2_scan_finds(
    pieces: list[str], names: set[str]
) -> None:
    text = "".join(pieces)
    words = sorted(names, key=len, reverse=True)
    scan = [m.span() for m in re2.compile("|".join(map(re2.escape, words))).finditer(text)]
    assert _mentions(text, words) == scan


def test_recognize_takes_a_list_of_texts_and_says_so() -> None:
    with pytest.raises(TypeError, match="sequence of texts"):
        NER.recognize("Bonjour, je m'appelle Jean Dupont")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="each text must be str"):
        NER.recognize([b"Jean Dupont"])  # type: ignore[list-item]
    assert NER.recognize([]) == []
    text = "Merci à Mme Aubert."
    start = text.index("Aubert")
    assert NER.recognize(("", text)) == [[], [("PERSON", start, start + len("Aubert"))]]
