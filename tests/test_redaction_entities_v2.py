"""DATE_OF_BIRTH, UK_NINO and PASSPORT (issue 14, item 6): found only where a word says what
they are (a spaced NINO in capitals stands alone), restored like other PII by a guard, and
look-alikes stay; new named-credential forms are still never restored."""

from __future__ import annotations

import pytest

from mistral_secure import Policy, redact
from mistral_secure._guard import Guard

NO_MODERATION = Policy(moderation={"enabled": False})

FOUND = [
    ("DOB: 01/02/1990", "01/02/1990", "DATE_OF_BIRTH"),
    ("D.O.B. 1990-02-01, thanks", "1990-02-01", "DATE_OF_BIRTH"),
    ("my date of birth is 31.12.1979.", "31.12.1979", "DATE_OF_BIRTH"),
    ("Date of birth (dd/mm/yyyy): 31/12/1979", "31/12/1979", "DATE_OF_BIRTH"),
    ("I was born on 2 March 1985", "2 March 1985", "DATE_OF_BIRTH"),
    ("Born on March 2nd, 1985 in Leeds", "March 2nd, 1985", "DATE_OF_BIRTH"),
    ("birthdate: 12/25/88", "12/25/88", "DATE_OF_BIRTH"),
    ("DOB: 01-Feb-1990", "01-Feb-1990", "DATE_OF_BIRTH"),
    ("Birthday: 2 March 1985", "2 March 1985", "DATE_OF_BIRTH"),
    ("né le 02/03/1985 à Lyon", "02/03/1985", "DATE_OF_BIRTH"),
    ("Née le 1er mars 1985", "1er mars 1985", "DATE_OF_BIRTH"),
    ("date de naissance : 02/03/1985", "02/03/1985", "DATE_OF_BIRTH"),
    ("geboren am 02.03.1985", "02.03.1985", "DATE_OF_BIRTH"),
    ("Geburtsdatum: 2. März 1985", "2. März 1985", "DATE_OF_BIRTH"),
    ("fecha de nacimiento: 02/03/1985", "02/03/1985", "DATE_OF_BIRTH"),
    ("nacida el 2 de marzo de 1985", "2 de marzo de 1985", "DATE_OF_BIRTH"),
    ("data di nascita 02/03/1985", "02/03/1985", "DATE_OF_BIRTH"),
    ("nato il 2 marzo 1985", "2 marzo 1985", "DATE_OF_BIRTH"),
    ("DOB：０１/０２/１９９０", "０１/０２/１９９０", "DATE_OF_BIRTH"),  # fullwidth
    ("NI number QQ 12 34 56 C", "QQ 12 34 56 C", "UK_NINO"),  # HMRC's specimen, named
    ("my NINO is AB123456C", "AB123456C", "UK_NINO"),
    ("National Insurance number: jg103754a", "jg103754a", "UK_NINO"),
    ("NI no. JG 10 37 54 A", "JG 10 37 54 A", "UK_NINO"),
    ("reference AB 12 34 56 C on the form", "AB 12 34 56 C", "UK_NINO"),
    ("passport: 123456789", "123456789", "PASSPORT"),
    ("Passport No. C01X00T47", "C01X00T47", "PASSPORT"),
    ("passport number is 502135326.", "502135326", "PASSPORT"),
    ("numéro de passeport 12AB34567", "12AB34567", "PASSPORT"),
    ("Reisepass Nr. C01X00T47", "C01X00T47", "PASSPORT"),
    ("Reisepassnummer: C01X00T47", "C01X00T47", "PASSPORT"),
    ("pasaporte: AAA123456", "AAA123456", "PASSPORT"),
    ("passaporto n. YA1234567", "YA1234567", "PASSPORT"),
]


@pytest.mark.parametrize(("text", "value", "entity"), FOUND)
def test_named_personal_identifiers_are_redacted(text: str, value: str, entity: str) -> None:
    r = redact(text)
    assert [(e.type, text[e.start : e.end]) for e in r.entities] == [(entity, value)]
    assert value not in r.text
    assert r.restore(r.text) == text


@pytest.mark.parametrize(
    "text",
    [
        "meeting on 01/02/2024 at 10:00",  # a plain date stays, as before
        "released 2024-05-01, version 1.2.3",
        "born in 1985",  # a year alone
        "DOB: 45/45/1990",
        "birthdate 13/13/1990",
        "DOB: required",
        "date of birth: see attached",
        "order AB123456C shipped",  # a product code: compact, no NI word
        "ab 12 34 56 c",  # lower case, no NI word
        "DF 12 34 56 A",  # D and F never start a NINO
        "GB 12 34 56 A",  # prefix never allocated
        "QQ 12 34 56 C",  # the specimen, alone
        "SKU TN 12 34 56 B",
        "passport photo 2024",
        "passport office opens at 9",
        "passport expires 2030-01-01",
        "passport number: required",
        "passport: 111111111",
        "order 123456789 shipped",  # nine digits without a passport word
    ],
)
def test_look_alikes_stay(text: str) -> None:
    assert redact(text).entities == ()


def test_masked_values_keep_nothing_but_separators() -> None:
    assert redact("DOB: 01/02/1990", mode="mask").text == "DOB: **/**/****"
    assert redact("passport: C01X00T47", mode="mask").text == "passport: *********"


def test_a_guard_restores_personal_identifiers_but_never_named_secrets() -> None:
    guard = Guard(NO_MODERATION)
    text = (
        "DOB: 01/02/1990, NINO AB123456C, passport: C01X00T47\n"
        "config:\n  password:\n    Zx8#kq!w9\n<apiKey>xK9fQ2mLp8RtZ3vB7w</apiKey>"
    )
    check = guard.check_input(text)
    assert check.entity_counts == {
        "DATE_OF_BIRTH": 1,
        "UK_NINO": 1,
        "PASSPORT": 1,
        "PASSWORD": 1,
        "API_KEY": 1,
    }
    for value in ("01/02/1990", "AB123456C", "C01X00T47", "Zx8#kq!w9", "xK9fQ2mLp8RtZ3vB7w"):
        assert value not in check.text
    assert check.redaction is not None
    answer = " ".join(e.placeholder for e in check.redaction.entities)
    out = guard.check_output(answer, restore=check.redaction).text
    assert "01/02/1990" in out and "AB123456C" in out and "C01X00T47" in out
    assert "Zx8#kq!w9" not in out and "xK9fQ2mLp8RtZ3vB7w" not in out
