"""Card security codes (CVV, CVC, CVV2, "security code", and the words in fr, de, es, it):
3 or 4 digits right after the word are redacted (issue 14, detection v2)."""

from __future__ import annotations

import pytest

from mistral_secure import find_entities, redact


def _found(text: str) -> list[tuple[str, str]]:
    return [(e.type, text[e.start : e.end]) for e in find_entities(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("cvv 123", "123"),
        ("CVC: 4821", "4821"),
        ("CVV2 123", "123"),
        ("my CVV is 987", "987"),
        ("cvv=123", "123"),
        ("security code 123", "123"),
        ("card security code: 0421", "0421"),
        ("card verification code 0421", "0421"),
        ("card verification value: 765", "765"),
        ("card 4111 1111 1111 1111, exp 12/27, cvv 123", "123"),
        ("cryptogramme : 123", "123"),
        ("cryptogramme visuel 123", "123"),
        ("Prüfnummer: 123", "123"),
        ("Kartenprüfnummer 1234", "1234"),
        ("código de seguridad: 123", "123"),
        ("codigo de seguridad 123", "123"),
        ("codice di sicurezza 123", "123"),
        ("CVV：１２３", "１２３"),  # fullwidth
    ],
)
def test_card_security_codes_are_redacted(text: str, value: str) -> None:
    found = [(t, v) for t, v in _found(text) if t != "CREDIT_CARD"]
    assert found == [("CARD_SECURITY_CODE", value)]
    r = redact(text)
    assert value not in r.text.replace("<CREDIT_CARD_1>", "")
    placeholder = next(e.placeholder for e in r.entities if e.type == "CARD_SECURITY_CODE")
    assert r.restore(placeholder) == value


@pytest.mark.parametrize(
    "text",
    [
        "cvv 12",
        "cvv 12345",
        "CVV 123456 is an OTP",
        "security code 1234567",
        "cvv 12.5",
        "cvv 123-456",
        "the CVV is on the back of the card",
        "123 cvv",
        "our security code review found 123 issues",
        "security codes 2024",
        "error code 123",
        "CVVS 123",
    ],
)
def test_numbers_not_right_after_a_security_code_word_stay(text: str) -> None:
    assert [e.type for e in find_entities(text)] == []


def test_card_security_codes_can_be_turned_off_and_are_listed() -> None:
    from mistral_secure._recognizers import BUILTIN_ENTITIES

    assert "CARD_SECURITY_CODE" in BUILTIN_ENTITIES
    assert find_entities("cvv 123", entities=["CREDIT_CARD"]) == ()
    assert redact("cvv 123", mode="mask").text == "cvv ***"
