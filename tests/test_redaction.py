"""redact(): placeholders, restore, modes, options, and what must never leak."""

from __future__ import annotations

import copy
import itertools
import pickle
import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mistral_secure
from mistral_secure._redaction import (
    MAX_VAULT_ENTRIES,
    SECRET_ENTITIES,
    Entity,
    Recognizer,
    Redaction,
    find_entities,
    redact,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from corpus import GENERATORS

EMAIL = "jean.dupont@example.com"
CARD = "4111 1111 1111 1111"


def test_public_exports() -> None:
    assert mistral_secure.redact is redact
    assert mistral_secure.Redaction is Redaction
    assert frozenset({"API_KEY", "PRIVATE_KEY", "JWT", "PASSWORD"}) == SECRET_ENTITIES


def test_same_value_same_placeholder_and_numbering() -> None:
    text = f"{EMAIL}, anna@example.org, then {EMAIL} again; card {CARD}"
    r = redact(text)
    assert r.text == (
        "<EMAIL_ADDRESS_1>, <EMAIL_ADDRESS_2>, then <EMAIL_ADDRESS_1> again; card <CREDIT_CARD_1>"
    )
    assert [e.placeholder for e in r.entities] == [
        "<EMAIL_ADDRESS_1>",
        "<EMAIL_ADDRESS_2>",
        "<EMAIL_ADDRESS_1>",
        "<CREDIT_CARD_1>",
    ]
    assert all(text[e.start : e.end] in (EMAIL, "anna@example.org", CARD) for e in r.entities)


def test_restore_handles_reordered_repeated_and_unknown_placeholders() -> None:
    r = redact(f"From {EMAIL} to anna@example.org")
    answer = (
        "Reply to <EMAIL_ADDRESS_2> first, then <EMAIL_ADDRESS_1>, "
        "<EMAIL_ADDRESS_2> again; <EMAIL_ADDRESS_9> and <PHONE_NUMBER_1> are unknown."
    )
    assert r.restore(answer) == (
        "Reply to anna@example.org first, then jean.dupont@example.com, "
        "anna@example.org again; <EMAIL_ADDRESS_9> and <PHONE_NUMBER_1> are unknown."
    )


def test_placeholder_text_already_in_the_input_keeps_its_meaning() -> None:
    # A template, or a conversation redacted before: the literal is not a new value's name.
    text = "Template: write to <EMAIL_ADDRESS_1>. Mine is bob@example.com, <PHONE_NUMBER_2>."
    r = redact(text)
    assert r.text.count("<EMAIL_ADDRESS_1>") == 1
    assert r.restore(r.text) == text
    assert r.restore("<EMAIL_ADDRESS_1>") == "<EMAIL_ADDRESS_1>"
    assert [e.placeholder for e in find_entities(text)] == [e.placeholder for e in r.entities]


def test_restore_is_per_redaction() -> None:
    a = redact("mail a@example.com")
    b = redact("mail b@example.com")
    assert a.text == b.text == "mail <EMAIL_ADDRESS_1>"
    assert a.restore("<EMAIL_ADDRESS_1>") == "a@example.com"
    assert b.restore("<EMAIL_ADDRESS_1>") == "b@example.com"


def test_reprs_never_show_values() -> None:
    secret = "sk-proj-abcDEF123456ghiJKL789012mnoPQR"
    r = redact(f"{EMAIL} {secret}")
    for shown in (repr(r), str(r), repr(r.entities), repr(r.entities[0])):
        assert EMAIL not in shown and secret not in shown and "jean" not in shown
    assert repr(r) == "Redaction(entities=2, API_KEY=1, EMAIL_ADDRESS=1)"
    assert r.counts == {"EMAIL_ADDRESS": 1, "API_KEY": 1}
    assert not hasattr(r.entities[0], "value")


@pytest.mark.parametrize("op", [pickle.dumps, copy.copy, copy.deepcopy])
def test_vault_cannot_be_pickled_or_copied(op: object) -> None:
    r = redact(f"mail {EMAIL}")
    with pytest.raises(TypeError, match="cannot be pickled"):
        op(r)  # type: ignore[operator]


def test_vault_is_bounded() -> None:
    text = " ".join(f"u{i}@example.com" for i in range(MAX_VAULT_ENTRIES + 5))
    r = redact(text)
    assert len(r.entities) == MAX_VAULT_ENTRIES + 5
    assert r.entities[-1].placeholder == "<EMAIL_ADDRESS>"
    assert "u0@example.com" not in r.text and f"u{MAX_VAULT_ENTRIES + 4}@" not in r.text
    assert r.restore("<EMAIL_ADDRESS_1> <EMAIL_ADDRESS>") == "u0@example.com <EMAIL_ADDRESS>"


def test_mask_mode() -> None:
    r = redact(f"{EMAIL} {CARD} 4111-1111-1111-1111 sk_live_abcdefghijklmnop1234", mode="mask")
    assert r.text == "j***@e******.com **** **** **** 1111 ****-****-****-1111 ********"
    assert r.restore(r.text) == r.text  # masks are not reversible


def test_hash_mode_is_stable_within_a_call_and_restorable() -> None:
    key = "AKIAIOSFODNN7EXAMPLE"
    r = redact(f"{EMAIL} {key} {EMAIL}", mode="hash")
    first, second, third = r.text.split(" ")
    assert first == third and first.startswith("<EMAIL_ADDRESS:") and len(first) == 24
    assert second.startswith("<API_KEY:") and "AKIA" not in second
    assert r.restore(r.text) == f"{EMAIL} {key} {EMAIL}"
    # Keyed per call: the same value does not link across calls.
    assert redact(EMAIL, mode="hash").text != redact(EMAIL, mode="hash").text


def test_choose_entities() -> None:
    text = f"{EMAIL} {CARD} +33 6 12 34 56 78"
    r = redact(text, entities={"CREDIT_CARD"})
    assert r.text == f"{EMAIL} <CREDIT_CARD_1> +33 6 12 34 56 78"
    assert [e.type for e in find_entities(text, entities=SECRET_ENTITIES)] == []


def test_unknown_entity_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match="EMAIL_ADDRESS") as info:
        redact("x", entities={"EMAIL"})
    assert "EMAIL" in str(info.value)


def test_allow_list_keeps_values() -> None:
    text = f"Write to Support@Company.com or {EMAIL}"
    r = redact(text, allow={"support@company.com"})
    assert r.text == "Write to Support@Company.com or <EMAIL_ADDRESS_1>"


def test_custom_regex_recognizer_with_validator_and_context() -> None:
    employee = Recognizer(
        "EMPLOYEE_ID",
        pattern=r"\bE-\d{6}\b",
        validator=lambda v: v != "E-000000",
        context=("employee", "badge"),
    )
    text = "employee E-123456 and E-000000; unrelated E-654321 far away " + "x " * 40 + "E-111111"
    r = redact(text, recognizers=[employee])
    assert "<EMPLOYEE_ID_1>" in r.text
    assert "E-000000" in r.text and "E-111111" in r.text
    assert r.restore(r.text) == text


def test_deny_list_recognizer_matches_case_insensitively_with_unicode() -> None:
    codename = Recognizer("PROJECT", deny=["Zoë", "Project Falcon"])
    r = redact("The PROJECT FALCON lead is zoë; zoëtrope is a word", recognizers=[codename])
    assert r.text == "The <PROJECT_1> lead is <PROJECT_2>; zoëtrope is a word"
    assert "Falcon" not in repr(codename) and "Zoë" not in repr(codename)


def test_overlaps_secrets_then_longest_win() -> None:
    # A custom recognizer overlapping a built-in secret loses to the secret.
    broad = Recognizer("WORD", pattern=r"key [A-Za-z_0-9-]+")
    text = "key sk_live_abcdefghijklmnop1234"
    assert [e.type for e in find_entities(text, recognizers=[broad])] == ["API_KEY"]
    # Between two PII spans, the longer one wins.
    city = Recognizer("CITY_CODE", pattern=r"example")
    assert [e.type for e in find_entities(EMAIL, recognizers=[city])] == ["EMAIL_ADDRESS"]


def test_bad_recognizers() -> None:
    with pytest.raises(ValueError, match="RE2"):
        Recognizer("X", pattern=r"(?<=a)b")
    with pytest.raises(ValueError, match="exactly one"):
        Recognizer("X")
    with pytest.raises(ValueError, match="UPPER_SNAKE_CASE"):
        Recognizer("lower", pattern="a")
    with pytest.raises(ValueError, match="empty string"):
        Recognizer("X", pattern="a*")
    with pytest.raises(TypeError):
        redact("x", recognizers=["not a recognizer"])  # type: ignore[list-item]


@pytest.mark.parametrize("bad", [None, b"bytes", 42, ["list"]])
def test_non_str_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match="must be str"):
        redact(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be str"):
        find_entities(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="must be str"):
        redact("x").restore(bad)  # type: ignore[arg-type]


def test_empty_and_clean_text() -> None:
    assert redact("").text == ""
    assert redact("").entities == ()
    r = redact("nothing personal here")
    assert r.text == "nothing personal here" and r.restore("<EMAIL_ADDRESS_1>") == (
        "<EMAIL_ADDRESS_1>"
    )


def test_bad_mode() -> None:
    with pytest.raises(ValueError, match="mode"):
        redact("x", mode="scramble")  # type: ignore[arg-type]


def test_entity_is_a_frozen_value() -> None:
    e = Entity("EMAIL_ADDRESS", 0, 5, "<EMAIL_ADDRESS_1>")
    with pytest.raises(AttributeError):
        e.start = 3  # type: ignore[misc]
    assert e.provider is None


_pii = st.sampled_from(sorted(GENERATORS)).flatmap(
    lambda kind: st.integers(0, 2**32).map(lambda seed: GENERATORS[kind](random.Random(seed)))
)
_filler = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="<>"),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_filler, _pii), max_size=6), _filler)
def test_restore_round_trip(parts: list[tuple[str, str]], tail: str) -> None:
    text = "".join(f"{filler} {value} " for filler, value in parts) + tail
    r = redact(text)
    assert r.restore(r.text) == text
    for e in r.entities:
        assert text[e.start : e.end] not in r.text or len(text[e.start : e.end]) < 4


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_round_trips(text: str) -> None:
    r = redact(text)
    if "<" not in text:
        assert r.restore(r.text) == text
    offsets = [(e.start, e.end) for e in r.entities]
    assert offsets == sorted(offsets)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(offsets))


PHONE = "+33 6 12 34 56 78"


def test_a_list_of_entities_changed_between_calls_takes_effect() -> None:
    text = f"{EMAIL} {PHONE}"
    chosen = ["EMAIL_ADDRESS"]
    assert [e.type for e in find_entities(text, entities=chosen)] == ["EMAIL_ADDRESS"]
    chosen.append("PHONE_NUMBER")
    assert [e.type for e in find_entities(text, entities=chosen)] == [
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
    ]
    allowed = [EMAIL]
    assert redact(text, allow=allowed).text == f"{EMAIL} <PHONE_NUMBER_1>"
    allowed.clear()
    assert redact(text, allow=allowed).text == "<EMAIL_ADDRESS_1> <PHONE_NUMBER_1>"


def test_recognizers_from_a_generator_are_read_on_each_call() -> None:
    ticket = Recognizer("TICKET", pattern=r"\bT-\d{4}\b")
    text = "see T-1234"
    once = (r for r in [ticket])
    assert [e.type for e in find_entities(text, recognizers=once)] == ["TICKET"]  # type: ignore[arg-type]
    # The same (now exhausted) generator holds no recognizer any more.
    assert find_entities(text, recognizers=once) == ()  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["", "x", f"{EMAIL}"])
def test_bad_arguments_are_refused_on_every_call_even_for_empty_text(text: str) -> None:
    for _ in range(2):
        with pytest.raises(ValueError, match="unknown entities"):
            find_entities(text, entities=("EMAIL",))
        with pytest.raises(TypeError):
            find_entities(text, entities=(["EMAIL_ADDRESS"],))  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            redact(text, recognizers=("not a recognizer",))  # type: ignore[arg-type]


def test_same_arguments_in_other_containers_give_the_same_result() -> None:
    text = f"{EMAIL}, {PHONE}, card {CARD}"
    expected = find_entities(text, entities={"EMAIL_ADDRESS", "CREDIT_CARD"})
    assert len(expected) == 2
    for chosen in (
        frozenset({"EMAIL_ADDRESS", "CREDIT_CARD"}),
        ("CREDIT_CARD", "EMAIL_ADDRESS"),
        ["EMAIL_ADDRESS", "CREDIT_CARD"],
    ):
        assert find_entities(text, entities=chosen) == expected
    assert find_entities(text, entities="EMAIL_ADDRESS") == expected[:1]


def test_found_entities_are_ordinary_frozen_values() -> None:
    (e,) = find_entities(f"mail {EMAIL}")
    assert e == Entity("EMAIL_ADDRESS", 5, 5 + len(EMAIL), "<EMAIL_ADDRESS_1>")
    assert hash(e) == hash(Entity("EMAIL_ADDRESS", 5, 5 + len(EMAIL), "<EMAIL_ADDRESS_1>"))
    assert repr(e) == (
        f"Entity(type='EMAIL_ADDRESS', start=5, end={5 + len(EMAIL)}, "
        "placeholder='<EMAIL_ADDRESS_1>', provider=None)"
    )
    with pytest.raises(AttributeError):
        e.end = 1  # type: ignore[misc]
    assert redact(f"mail {EMAIL}").entities == (e,)


def test_a_value_seen_before_is_judged_again_in_its_new_context() -> None:
    # The same digits: a card on their own, part of a longer number elsewhere.
    alone = f"card {CARD} ok"
    glued = f"ref 9{CARD.replace(' ', '')}12 ok"
    for _ in range(2):
        assert [e.type for e in find_entities(alone)] == ["CREDIT_CARD"]
        assert [e.type for e in find_entities(glued)] == []
    key = "sk-proj-" + "aB3dE5gH7jK9mN1pQ3sT5vX7"
    assert [e.type for e in find_entities(f"key {key}")] == ["API_KEY"]
    assert find_entities(f"key x{key}") == ()
    assert [e.type for e in find_entities(f"key {key}")] == ["API_KEY"]
