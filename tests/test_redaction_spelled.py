"""Values written to dodge a scanner, and credentials named in less common ways."""

from __future__ import annotations

import pytest

from mistral_secure import redact


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (
            "write to john.smith (at) corp-mail (dot) com today",
            "john.smith (at) corp-mail (dot) com",
        ),
        ("john.smith[at]corpmail[dot]co[dot]uk", "john.smith[at]corpmail[dot]co[dot]uk"),
        ("reach me: jo {at} mail.example.org", "jo {at} mail.example.org"),
        ("JOHN AT CORP DOT COM", "JOHN AT CORP DOT COM"),
        ("jo@corp[dot]com", "jo@corp[dot]com"),
        ("jo < at > corp < dot > io", "jo < at > corp < dot > io"),
    ],
)
def test_spelled_out_emails_are_redacted_and_restored(text: str, value: str) -> None:
    result = redact(text)
    assert value not in result.text
    assert "<EMAIL_ADDRESS_1>" in result.text
    assert result.restore(result.text) == text


@pytest.mark.parametrize(
    "text",
    [
        "meet at noon dot com",  # lower-case words are prose
        "look at example.com for details",
        "see (at) least 3 (dot) points",
        "boarding pass: AB12345",
        "basic auth is simple",
        "Basic Ym9ndXM=",  # base64 of "bogus": no user:password
        "a pinned version 1.2",
        "PIN 12345678901",  # too long for a PIN
        "PIN 0000",  # a placeholder
    ],
)
def test_look_alikes_are_left_alone(text: str) -> None:
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("DB_PASS=s3cr3t-V4lue", "s3cr3t-V4lue"),
        ("smtp.pass: Kx9!mQ2z", "Kx9!mQ2z"),
        ("MYSQL-PASS = 'Tr0ub4dor&3'", "Tr0ub4dor&3"),
        ("my PIN is 4821.", "4821"),
        ("pin code: 539201", "539201"),
        ("Geheimzahl: 7294", "7294"),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="),
        ('curl -H "Authorization: Basic YWRtaW46czNjcjN0" https://api.test', "YWRtaW46czNjcjN0"),
    ],
)
def test_named_credentials_are_redacted(text: str, secret: str) -> None:
    result = redact(text)
    assert secret not in result.text
    assert "<PASSWORD_1>" in result.text
    assert result.restore(result.text) == text


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ('"password": "Summer2024!"', '"password": "<PASSWORD_1>"'),
        ("password='Winter2024?'", "password='<PASSWORD_1>'"),
        # Unquoted, trailing punctuation ends the sentence, not the password.
        ("my password is hunter2x.", "my password is <PASSWORD_1>."),
    ],
)
def test_a_quoted_password_keeps_its_last_character_secret(text: str, redacted: str) -> None:
    assert redact(text).text == redacted
