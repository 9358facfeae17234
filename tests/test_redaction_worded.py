"""Values a red team wrote in words or after a spoken cue (issue 14, detection v2): e-mails
spelled with words, SSNs after "social", phone numbers in words, one-time codes; and the
prose, numbers and look-alikes next to them that must stay."""

from __future__ import annotations

import pytest

from mistral_secure import SECRET_ENTITIES, find_entities, redact


def _assert_redacted(text: str, value: str, entity: str) -> None:
    r = redact(text)
    assert [(e.type, text[e.start : e.end]) for e in r.entities] == [(entity, value)], text
    assert value not in r.text
    assert entity not in SECRET_ENTITIES  # each of them comes back in an answer
    placeholder = r.entities[0].placeholder
    assert r.restore(f"Noted: {placeholder}.") == f"Noted: {value}."


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("write to jane dot doe at example dot com", "jane dot doe at example dot com"),
        ("Jane DOT Doe AT example DOT com", "Jane DOT Doe AT example DOT com"),
        ("my email is jane at example dot com", "jane at example dot com"),
        ("e-mail: jane at example.co.uk", "jane at example.co.uk"),
        ("jane.doe at example dot com", "jane.doe at example dot com"),
        ("jane@example dot com", "jane@example dot com"),
        ("jane dot doe at mail dot example dot org", "jane dot doe at mail dot example dot org"),
        # fr "arobase"/"point", de "at"/"punkt", es "arroba"/"punto", it "chiocciola"
        (
            "écrivez à jean point dupont arobase exemple point fr",
            "jean point dupont arobase exemple point fr",
        ),
        ("mon courriel : jean arobase exemple.fr", "jean arobase exemple.fr"),
        ("jean.dupont arobase exemple point com", "jean.dupont arobase exemple point com"),
        ("jane punkt doe at example punkt de", "jane punkt doe at example punkt de"),
        ("Meine E-Mail: jane at example punkt de", "jane at example punkt de"),
        ("jane punto doe arroba example punto es", "jane punto doe arroba example punto es"),
        ("escribe a jane.doe arroba example.es", "jane.doe arroba example.es"),
        (
            "mario punto rossi chiocciola esempio punto it",
            "mario punto rossi chiocciola esempio punto it",
        ),
    ],
)
def test_emails_spelled_with_words_are_redacted(text: str, value: str) -> None:
    _assert_redacted(text, value, "EMAIL_ADDRESS")


@pytest.mark.parametrize(
    "text",
    [
        "meet at noon dot com",
        "look at example.com for details",
        "I work at acme dot com",
        "contact me at example dot com",  # a site, not an address
        "email me, or look at example.com for details",
        "the dot com bubble peaked at 5,000 points",
        "we arrived at paris dot fr",
        "rendez-vous au point de rencontre à 10 h",
        "Treffpunkt at 10 punkt 30",
        "el punto de encuentro es la plaza",
        "sign up at github.com today",
        "staying at hotel dot com rates",
        "email: I'm at work dot com",
        "my email: x at y dot com",  # a one-letter name
        "node.js at github.com",  # a dotted name with a literal domain: prose
        "Python 3.11 at python.org",
        "get v1.2 at pypi dot org",  # a version, not a name
    ],
)
def test_prose_with_at_and_dot_words_stays(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    "text",
    [
        "JOHN AT CORP DOT COM",
        "jane dot doe at example dot com",
        "jo (at) example (dot) com",
        "john@corp[dot]com",
    ],
)
def test_a_masked_spelled_email_shows_no_part_of_it(text: str) -> None:
    # Masking keeps a hint of "name@host.tld"; a spelled address has no "@" to split at.
    masked = redact(text, mode="mask").text
    assert all(word.lower() not in masked.lower() for word in ("john", "doe", "corp", "example"))
    assert masked.startswith(text[0])


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my social is 123 45 6789", "123 45 6789"),
        ("my social is 123-45-6789", "123-45-6789"),
        ("Social: 536 22 1234", "536 22 1234"),
        ("social security 123 45 6789", "123 45 6789"),
        ("SSN 123 45 6789", "123 45 6789"),
        ("my social is 536221234", "536221234"),
        ("her social # 536-22-1234", "536-22-1234"),
    ],
)
def test_ssns_after_social_are_redacted(text: str, value: str) -> None:
    _assert_redacted(text, value, "US_SSN")


@pytest.mark.parametrize(
    "text",
    [
        "my social is 000 45 6789",  # area 000 is never issued
        "my social is 666 45 6789",
        "my social is 912 45 6789",
        "my social is 536 00 1234",
        "my social is 536 22 0000",
        "social media post 123 45 6789 views",
        "123 45 6789 is a famous fake",
        "social club members: 123456789",
        "my social is 5362212345",  # ten digits
        "social 2024 budget 123 456",
    ],
)
def test_invalid_ssns_and_other_numbers_after_social_stay(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "call me at four one five, five five five, zero one three two",
            "four one five, five five five, zero one three two",
        ),
        (
            "phone: four one five five five five zero one three two",
            "four one five five five five zero one three two",
        ),
        (
            "my cell is Four-One-Five-Five-Five-Five-Oh-One-Three-Two",
            "Four-One-Five-Five-Five-Five-Oh-One-Three-Two",
        ),
        (
            "mobile number: seven eight nine, two three four, five six seven eight",
            "seven eight nine, two three four, five six seven eight",
        ),
    ],
)
def test_phone_numbers_in_words_after_a_phone_cue_are_redacted(text: str, value: str) -> None:
    _assert_redacted(text, value, "PHONE_NUMBER")


@pytest.mark.parametrize(
    "text",
    [
        "one two three four five six seven eight nine ten, here I come",  # counting, no cue
        "call me in five, ten minutes",
        "phone: one two three",  # too short for a number
        "I called her one or two times, three or four days ago",
        "the phone has four cores, five cameras, six speakers and two SIMs",
        "call one of the two numbers",
    ],
)
def test_words_for_digits_without_a_phone_number_stay(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("your OTP is 482913", "482913"),
        ("Your OTP is 482913.", "482913"),
        ("verification code: 4829-13", "4829-13"),
        ("2FA code 482913", "482913"),
        ("MFA code: 482 913", "482 913"),
        ("one-time password: 73920184", "73920184"),
        ("Your one-time code is 5521", "5521"),
        ("login code = 990311", "990311"),
        ("your OTP is 2024", "2024"),  # a year-like code, stated
        ("Votre code de vérification : 482913", "482913"),
        ("Ihr Bestätigungscode lautet 482913", "482913"),
        ("Tu código de verificación es 482913", "482913"),
    ],
)
def test_one_time_codes_after_a_cue_are_redacted(text: str, value: str) -> None:
    _assert_redacted(text, value, "ONE_TIME_CODE")
    assert [e.type for e in find_entities(text)] == ["ONE_TIME_CODE"]


@pytest.mark.parametrize(
    "text",
    [
        "order number 482913",
        "invoice 482913 paid on 2024-03-01",
        "in 2024 the OTP feature shipped",
        "the verification code expires in 10 minutes",
        "OTP is 6 digits long",
        "price: 4829.13 EUR",
        "verification code: 4829.13",  # a price, not a code
        "verification code 12345678901",  # too long for a code
        "promo code 482913",
        "2FA code generators since 2019",
        "your OTP is 111111",  # one digit repeated: a placeholder
        "login code 2024 release notes",  # a year right after the words
    ],
)
def test_numbers_that_are_not_one_time_codes_stay(text: str) -> None:
    assert redact(text).text == text
