"""Values a red team wrote to get through redaction (issue 14, item 6), and the look-alikes
that must stay: each value is redacted where it was written and comes back on restore
(a guard never restores secrets: tests/test_redaction_entities_v2.py)."""

from __future__ import annotations

import pytest

from mistral_secure import SECRET_ENTITIES, redact


def _assert_redacted(text: str, value: str, entity: str) -> None:
    r = redact(text)
    assert [e.type for e in r.entities] == [entity], (text, r.entities)
    found = r.entities[0]
    # The span covers the value as written, separators and invisible characters included.
    assert text[found.start : found.end] == value
    assert value not in r.text
    if entity not in SECRET_ENTITIES:
        assert r.restore(f"Noted: {found.placeholder}.") == f"Noted: {value}."


@pytest.mark.parametrize(
    "value",
    [
        "4111/1111/1111/1111",
        "4111_1111_1111_1111",
        "4111\t1111\t1111\t1111",  # a row of a TSV file
        "4111 1111\n1111 1111",
        "4111 1111 1111\r\n1111",
        "4111-1111\n1111-1111",
        "5500/0000/0000/0004",
        "４111 1111 １111 1111",  # fullwidth digits mixed with ASCII
        "4111\u00ad1111\u00ad1111\u00ad1111",  # soft hyphens
        "4111 11\u206011 1111 1111",  # a word joiner inside a group
        "4111\u200b 1111 1111 1111",
    ],
)
def test_card_numbers_in_other_separators_or_wrapped_are_redacted(value: str) -> None:
    _assert_redacted(f"card: {value} thanks", value, "CREDIT_CARD")


@pytest.mark.parametrize(
    ("value", "entity"),
    [
        ("DE89 3704 ００44 0532 0130 00", "IBAN_CODE"),
        ("DE89\u00ad3704\u00ad0044\u00ad0532\u00ad0130\u00ad00", "IBAN_CODE"),
        ("DE89 3704\u20600044 0532 0130 00", "IBAN_CODE"),
        ("+33 6 １2 34 56 78", "PHONE_NUMBER"),
        ("+33 6\u00ad12 34 56 78", "PHONE_NUMBER"),
    ],
)
def test_ibans_and_phones_with_fullwidth_or_invisible_characters_are_redacted(
    value: str, entity: str
) -> None:
    _assert_redacted(f"mine: {value} ok", value, entity)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("password:\n  hunter2!x", "hunter2!x"),  # YAML, value on the next line
        ("db:\n  password:\n    Zx8#kq!w9\n  user: bob", "Zx8#kq!w9"),
        ('{"password":\n  "hunter2!x"}', "hunter2!x"),  # JSON over lines
        ('{"password": "hunter2!x"}', "hunter2!x"),
        ('[db]\npassword = "hunter2!x"', "hunter2!x"),  # TOML / INI
        ("DB_PASSWORD=hunter2!x\nDB_USER=bob", "hunter2!x"),  # .env
        ("<password>hunter2!x</password>", "hunter2!x"),  # XML
        ("<Password>\n  hunter2!x\n</Password>", "hunter2!x"),
        ('<ns:password type="text">Zx8#kq!w9</ns:password>', "Zx8#kq!w9"),
        ("<db_pass>Zx8#kq!w9</db_pass>", "Zx8#kq!w9"),
        ("My password:\nZx8#kq!w9", "Zx8#kq!w9"),
        ('{\\"password\\": \\"hunter2!x\\"}', "hunter2!x"),  # escaped JSON in a log line
        ("password: |\n  hunter2!x", "hunter2!x"),  # YAML block scalars
        ("db_password: >-\n    Zx8#kq!w9", "Zx8#kq!w9"),
    ],
)
def test_passwords_in_config_forms_and_on_the_next_line_are_redacted(text: str, value: str) -> None:
    _assert_redacted(text, value, "PASSWORD")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("api_key:\n  xK9fQ2mLp8RtZ3vB7w", "xK9fQ2mLp8RtZ3vB7w"),
        ("<apiKey>xK9fQ2mLp8RtZ3vB7w</apiKey>", "xK9fQ2mLp8RtZ3vB7w"),
        ('log {\\"api_key\\":\\"xK9fQ2mLp8RtZ3vB7w\\"}', "xK9fQ2mLp8RtZ3vB7w"),
        ('"client_secret":\n    "xK9fQ2mLp8RtZ3vB7w"', "xK9fQ2mLp8RtZ3vB7w"),
    ],
)
def test_tokens_in_config_forms_and_on_the_next_line_are_redacted(text: str, value: str) -> None:
    _assert_redacted(text, value, "API_KEY")


@pytest.mark.parametrize(
    "text",
    [
        "Password:\nEnter your new password below.",
        "password:\nUsername:",
        "password:\n  - at least 8 characters",
        "token:\n2024-01-01T10:00:00Z INFO start",
        "<password/>",
        "<password>required</password>",
        "<password>${DB_PASSWORD}</password>",
        "password:\n\n  hunter2!x",  # a blank line ends the entry
        "order 4111/1111/1111/1112 shipped",  # fails Luhn
        "2024/01/15 and 2024/02/15",
        "4111 1111\n1111\n1111",  # two line breaks: a column of numbers
        "4111-1111\n1111 1111",  # two kinds of separator
        "path /v1/2345/6789/1234/5678/items",
        "version 4.1.1_1111",
    ],
)
def test_look_alikes_stay(text: str) -> None:
    assert redact(text).entities == ()
