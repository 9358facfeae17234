"""Detection per entity type: real values are found, look-alikes survive."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mistral_secure._recognizers import iban_valid, luhn_valid, nir_valid, ssn_valid
from mistral_secure._redaction import find_entities, redact


def kinds(text: str) -> list[tuple[str, str]]:
    return [(e.type, text[e.start : e.end]) for e in find_entities(text)]


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("mail john.doe+tag@example.co.uk now", "EMAIL_ADDRESS", "john.doe+tag@example.co.uk"),
        ("card 4111 1111 1111 1111.", "CREDIT_CARD", "4111 1111 1111 1111"),
        ("amex 3782-822463-10005", "CREDIT_CARD", "3782-822463-10005"),
        ("visa 4012888888881881", "CREDIT_CARD", "4012888888881881"),
        (
            "IBAN FR76 3000 6000 0112 3456 7890 189 THEN",
            "IBAN_CODE",
            "FR76 3000 6000 0112 3456 7890 189",
        ),
        ("iban: DE89370400440532013000", "IBAN_CODE", "DE89370400440532013000"),
        ("GB82 WEST 1234 5698 7654 32", "IBAN_CODE", "GB82 WEST 1234 5698 7654 32"),
        ("ssn 536-22-1234", "US_SSN", "536-22-1234"),
        ("from 192.168.1.10:443", "IP_ADDRESS", "192.168.1.10"),
        ("v6 2001:db8::8a2e:370:7334 ok", "IP_ADDRESS", "2001:db8::8a2e:370:7334"),
        ("v6 fe80::1ff:fe23:4567:890a.", "IP_ADDRESS", "fe80::1ff:fe23:4567:890a"),
        ("NIR 1 85 05 78 006 084 91", "FR_NIR", "1 85 05 78 006 084 91"),
        ("NIR 185057800608491", "FR_NIR", "185057800608491"),
        ("tel +33 6 12 34 56 78", "PHONE_NUMBER", "+33 6 12 34 56 78"),
        ("tel 06 12 34 56 78", "PHONE_NUMBER", "06 12 34 56 78"),
        ("Tel. 030 12345678", "PHONE_NUMBER", "030 12345678"),
        ("ruf +49 30 12345678 an", "PHONE_NUMBER", "+49 30 12345678"),
        ("ring 020 7946 0958", "PHONE_NUMBER", "020 7946 0958"),
        ("ring +44 20 7946 0958", "PHONE_NUMBER", "+44 20 7946 0958"),
        ("call (415) 555-2671", "PHONE_NUMBER", "(415) 555-2671"),
        ("call +1 415-555-2671", "PHONE_NUMBER", "+1 415-555-2671"),
        ("llama 612 345 678", "PHONE_NUMBER", "612 345 678"),
        ("llama +34 612 345 678", "PHONE_NUMBER", "+34 612 345 678"),
        ("chiama 347 123 4567", "PHONE_NUMBER", "347 123 4567"),
        ("chiama +39 06 1234 5678", "PHONE_NUMBER", "+39 06 1234 5678"),
        ("手机 138 0013 8000", "PHONE_NUMBER", "138 0013 8000"),
        ("card 4111 - 1111 - 1111 - 1111 ok", "CREDIT_CARD", "4111 - 1111 - 1111 - 1111"),
    ],
)
def test_pii_is_found(text: str, entity: str, value: str) -> None:
    assert (entity, value) in kinds(text)


MISTRAL = "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY"


@pytest.mark.parametrize(
    ("text", "provider"),
    [
        (f"MISTRAL_API_KEY={MISTRAL}", "mistral"),
        (f"Authorization: Bearer {MISTRAL}", "mistral"),
        ("key sk-proj-abcDEF123456ghiJKL789012mnoPQR", "openai"),
        ("key sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ", "openai"),
        ("key sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789ABCD", "anthropic"),
        ("aws AKIAIOSFODNN7EXAMPLE", "aws"),
        ("gh ghp_abcdefghijklmnopqrstuvwxyz0123456789", "github"),
        ("gh github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "github"),
        ("g AIzaSyA1234567890abcdefghijklmnopqrstuv", "google"),
        ("slack xoxb-1234567890-abcdefGHIJ", "slack"),
        ("hook https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX", "slack"),
        ("stripe sk_live_abcdefghijklmnop1234", "stripe"),
        ("stripe rk_live_abcdefghijklmnop1234", "stripe"),
        ("stripe sk_test_abcdefghijklmnop1234", "stripe"),
    ],
)
def test_api_keys_carry_their_provider(text: str, provider: str) -> None:
    found = find_entities(text)
    assert [(e.type, e.provider) for e in found] == [("API_KEY", provider)]
    assert redact(text).text.count("<API_KEY_1>") == 1


def test_jwt_and_private_key() -> None:
    jwt = (
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
        "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
    )
    pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\nabc+/=\n-----END RSA PRIVATE KEY-----"
    text = f"token {jwt}\n{pem}\nafter"
    assert [e.type for e in find_entities(text)] == ["JWT", "PRIVATE_KEY"]
    assert redact(text).text == "token <JWT_1>\n<PRIVATE_KEY_1>\nafter"


def test_truncated_private_key_is_still_redacted() -> None:
    text = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\nAAAA"
    assert redact(text).text == "<PRIVATE_KEY_1>"


@pytest.mark.parametrize(
    "text",
    [
        "order 4111 1111 1111 1112",  # fails Luhn
        "order 4111 - 1111 - 1111 - 1112",
        "years 2019 - 2020 - 2021 - 2022",
        "build 13800138000",
        "order #12345678 shipped",
        "version 1.2.3.4 released",
        "build 1.2.3.400",
        "upgrade to v1.2.3",
        "ISBN 978-3-16-148410-0 and 9780306406157",
        "id 123e4567-e89b-12d3-a456-426614174000",
        "commit da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "md5 d41d8cd98f00b204e9800998ecf8427e",
        "due 01.02.2024 12:30 or 2024-01-15",
        "time 10:30:45 and mac 00:1A:2B:3C:4D:5E",
        "ssn-like 666-12-1234 900-12-1234 123-00-1234 123-45-0000",
        "IBAN FR76 3000 6000 0112 3456 7890 188",  # bad mod-97
        "NIR 1 85 05 78 006 084 36",  # bad key
        "a random aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY without context",
        "C++ std::vector and a::b",
        "JWT-like eyJub3Rqc29uIjoxfQ.eyJzdWIiOiIxIn0.abcdefghij",  # header has no alg
    ],
)
def test_lookalikes_survive(text: str) -> None:
    assert find_entities(text) == ()
    assert redact(text).text == text


def test_validators() -> None:
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert iban_valid("DE89370400440532013000") and not iban_valid("DE89370400440532013001")
    assert not iban_valid("DE8937040044053201300")  # wrong length for DE
    assert ssn_valid("536-22-1234") and not ssn_valid("000-22-1234")
    assert nir_valid("1 85 05 78 006 084 91") and not nir_valid("1 85 05 78 006 084 92")
    # Corsica: 2A counts as 19 in the key.
    body = "1850519006084"
    key = 97 - int(body) % 97
    assert nir_valid(f"18505{'2A'}006084{key:02d}")


def test_non_ascii_neighbours_do_not_shift_offsets() -> None:
    text = "Émilie écrit à jöhn@example.fr ou appelle le 06 12 34 56 78 — merci"
    found = find_entities(text)
    assert [text[e.start : e.end] for e in found] == ["jöhn@example.fr", "06 12 34 56 78"]


@pytest.mark.parametrize(
    "body",
    [
        # A service-account JSON or a .env line: the newlines are the two characters "\n".
        '{"private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC'
        '\\nBKcwggSjAgEAAoIBAQC7\\n-----END PRIVATE KEY-----\\n", "client_email": "x"}',
        "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF0abcdefMIIEvQIBADANBgkq\n=abcd\n"
        "-----END PGP PRIVATE KEY BLOCK-----",
    ],
)
def test_private_key_bodies_do_not_survive(body: str) -> None:
    redacted = redact(body).text
    assert "MIIEvQIBADANBgkq" not in redacted
    assert [e.type for e in find_entities(body)] == ["PRIVATE_KEY"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("peer ::ffff:192.168.1.10 closed", "::ffff:192.168.1.10"),
        ("nat64 64:ff9b::192.0.2.33.", "64:ff9b::192.0.2.33"),
    ],
)
def test_ipv6_with_an_embedded_ipv4_is_redacted_whole(text: str, value: str) -> None:
    assert kinds(text) == [("IP_ADDRESS", value)]
    assert "168.1" not in redact(text).text and "2.33" not in redact(text).text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("écrivez à contact@société.fr merci", "contact@société.fr"),
        ("Mail an jürgen@müller-bau.de.", "jürgen@müller-bau.de"),
    ],
)
def test_emails_with_non_ascii_domains_are_found(text: str, value: str) -> None:
    assert kinds(text) == [("EMAIL_ADDRESS", value)]


def test_a_literal_question_mark_is_not_part_of_an_email_domain() -> None:
    assert find_entities("is it a@b?c.com or what?") == ()


AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


@pytest.mark.parametrize(
    "text",
    [
        f"aws_secret_access_key = {AWS_SECRET}",
        f"export AWS_SECRET_ACCESS_KEY={AWS_SECRET}",
        f'{{"SecretAccessKey": "{AWS_SECRET}", "Expiration": "soon"}}',
    ],
)
def test_aws_secret_access_key_in_context(text: str) -> None:
    found = find_entities(text)
    assert [(e.type, e.provider, text[e.start : e.end]) for e in found] == [
        ("API_KEY", "aws", AWS_SECRET)
    ]
    assert AWS_SECRET not in redact(text).text


def test_aws_secret_without_context_is_left_alone() -> None:
    # 40 base64 characters on their own could be anything (a SHA-1 in base64, an id).
    assert find_entities(f"value {AWS_SECRET} here") == ()


@pytest.mark.parametrize(
    "lead",
    [
        "password=",
        "passwd: ",
        "secret = ",
        "token ",
        "my key is ",
        "mi clave es ",
        "Mein API-Schlüssel lautet ",
        "la mia chiave: ",
        "minha chave ",
        "mijn sleutel: ",
        "mój klucz ",
        "мой ключ: ",
        "APIキー: ",
        "API 密钥：",
    ],
)
def test_mistral_key_after_credential_words(lead: str) -> None:
    text = f"{lead}{MISTRAL}"
    assert [(e.type, e.provider) for e in find_entities(text)] == [("API_KEY", "mistral")]


def test_md5_after_a_credential_word_survives() -> None:
    # Plain hex is a hash, not a key, whatever the context says.
    text = "password hash d41d8cd98f00b204e9800998ecf8427e"
    assert find_entities(text) == ()


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("call 1-800-555-0199 today", "PHONE_NUMBER", "1-800-555-0199"),
        ("call 1 (415) 555-2671", "PHONE_NUMBER", "1 (415) 555-2671"),
        ("ruf 0049 30 123456 an", "PHONE_NUMBER", "0049 30 123456"),
        ("appelez 0033 6 12 34 56 78", "PHONE_NUMBER", "0033 6 12 34 56 78"),
        (
            "card 4111\u00a01111\u00a01111\u00a01111 ok",
            "CREDIT_CARD",
            "4111\u00a01111\u00a01111\u00a01111",
        ),
        (
            "card 4111\u202f1111\u202f1111\u202f1111",
            "CREDIT_CARD",
            "4111\u202f1111\u202f1111\u202f1111",
        ),
        (
            "iban fr76 3000 6000 0112 3456 7890 189",
            "IBAN_CODE",
            "fr76 3000 6000 0112 3456 7890 189",
        ),
        ("iban de89370400440532013000.", "IBAN_CODE", "de89370400440532013000"),
        ("card 1. 4111 1111 1111 1111 2024", "CREDIT_CARD", "4111 1111 1111 1111"),
        ("cards 4111 1111 1111 1111 5500 0000 0000 0004", "CREDIT_CARD", "5500 0000 0000 0004"),
    ],
)
def test_more_formats_are_found(text: str, entity: str, value: str) -> None:
    assert (entity, value) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "build 2.4.1.100 is out",
        "see section 1.2.3.4 of the spec",
        "Chapter 10.2.1.3",
        "per § 1.2.3.4",
        "release: 4.3.2.1",
        "1.2.3.4.5.6.7.8.9",
        "card-like 1234 5678 9012 3456 (starts with 1)",
        "a lone 4111 1111 1111 1111\u00a0?",  # still a card: checked below, not here
    ][:-1],
)
def test_numbered_headings_and_builds_are_not_addresses(text: str) -> None:
    assert find_entities(text) == ()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("server 10.0.0.1 is down", "10.0.0.1"),
        ("dev 192.168.0.12 box", "192.168.0.12"),
        ("from 8.8.8.8.", "8.8.8.8"),
    ],
)
def test_addresses_after_ordinary_words_are_found(text: str, value: str) -> None:
    assert kinds(text) == [("IP_ADDRESS", value)]


@pytest.mark.parametrize(
    "text",
    [
        "1 " * 500 + "4111 1111 1111 1111 " + "1 " * 500,
        "4-" * 500 + " 4111-1111-1111-1111 " + "4-" * 500,
        "1:" * 500 + " 2001:db8::1 " + "1:" * 500,
        "1.2.3.999 " * 300 + "10.0.0.1 " + "1.2.3.999 " * 300,
        "1." * 500 + " 10.0.0.1 " + "1." * 500,
    ],
)
def test_a_real_value_inside_hostile_runs_is_still_found(text: str) -> None:
    found = find_entities(text)
    assert len(found) == 1
    assert found[0].type in {"CREDIT_CARD", "IP_ADDRESS"}


def _luhn_reference(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789", min_size=1, max_size=25))
def test_luhn_agrees_with_the_textbook_definition(digits: str) -> None:
    assert luhn_valid(digits) == _luhn_reference(digits)


def _iban_reference(iban: str) -> bool:
    rearranged = iban[4:] + iban[:4]
    return all(c.isascii() and c.isalnum() for c in iban) and (
        int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1
    )


_IBAN_SHAPES = {"DE": 22, "FR": 27, "GB": 22, "NL": 18, "MT": 31}


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(_IBAN_SHAPES)),
    st.data(),
    st.booleans(),
)
def test_iban_check_agrees_with_iso_7064(country: str, data: st.DataObject, letters: bool) -> None:
    n = _IBAN_SHAPES[country] - 4
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" if letters else "0123456789"
    body = data.draw(st.text(alphabet=alphabet, min_size=n, max_size=n))
    # The right check digits for this body, and a wrong pair.
    value = int("".join(str(int(c, 36)) for c in body + country + "00"))
    good = f"{98 - value % 97:02d}"
    bad = f"{(int(good) + 1) % 100:02d}"
    for check in (good, bad):
        iban = country + check + body
        assert iban_valid(iban) == _iban_reference(iban)
    assert iban_valid(country + good + body)


def test_nir_and_cards_with_separators_still_check_out() -> None:
    body = "2850518006084"
    key = 97 - int(body) % 97
    assert nir_valid(f"2 85 05 2B 006 084 {key:02d}")
    assert not nir_valid(f"2 85 05 2B 006 084 {(key % 96) + 1:02d}")
    assert kinds("card 4111-1111-1111-1111 ok") == [("CREDIT_CARD", "4111-1111-1111-1111")]
    assert kinds("card 4111\u00a01111\u00a01111\u00a01111 ok") == [
        ("CREDIT_CARD", "4111\u00a01111\u00a01111\u00a01111")
    ]
    assert kinds("card 4111 1111-1111 1111 ok") == []  # mixed separators: not one card
    assert ssn_valid("536 22 1234") and not ssn_valid("536 22 123")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("write to josé@example.com", ["josé@example.com"]),
        ("écrire à élodie.müller@exemple.fr.", ["élodie.müller@exemple.fr"]),
        ("ask jane?@example.com", []),  # a literal "?" is not part of an address
    ],
)
def test_email_local_names_may_be_non_ascii(text: str, found: list[str]) -> None:
    assert [v for t, v in kinds(text) if t == "EMAIL_ADDRESS"] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("IBAN DE89 3704 0044 0532 0130 00 ok", ["DE89 3704 0044 0532 0130 00"]),
        ("IBAN DE89 3704 0044 0532 0130 00 ABCD", ["DE89 3704 0044 0532 0130 00"]),
        ("IBAN DE89 3704 0044 0532 0130 00é", []),  # glued to a word: not a whole IBAN
        ("IBAN DE89 3704 0044 0532 0130 0", []),  # one character short
        ("IBAN: DE89-3704-0044-0532-0130-00.", ["DE89-3704-0044-0532-0130-00"]),
        ("ref DE89-3704-0044-0532-0130-01", []),  # dashed, bad mod-97
        ("IBAN DE89-3704-0044 0532-0130-00", []),  # mixed separators: not one IBAN
    ],
)
def test_iban_ends_exactly_where_its_country_says(text: str, found: list[str]) -> None:
    assert [v for t, v in kinds(text) if t == "IBAN_CODE"] == found


@pytest.mark.parametrize(
    "identifier",
    [
        "TokenClassificationOutputElement",
        "AgentsAPIV1AgentsGetAgentVersion",
        "ListTriggersV1TriggersGetRequest",
        "ConnectorShareV1RequestTypedDict",
    ],
)
def test_identifiers_after_token_are_not_mistral_keys(identifier: str) -> None:
    assert find_entities(f"api token {identifier}") == ()
    assert find_entities("api key aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH")[0].provider == "mistral"


_HEX = "3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c"


def _body(n: int) -> str:
    """``n`` random-looking characters (fake: they start with FAKE)."""
    return ("FAKEqW3RtY7IoP2SdF9HjK4ZxC6BnM8q1W5e" * 8)[:n]


_PROVIDER_VALUES = {
    "huggingface": "hf_" + "FAKEqWeRtYuIoPaSdFgHjKlZxCvBnMqWeR",
    "gitlab": "glpat-" + "FAKE7Rt2Lm9Xw4Kp8Vn3",
    "sendgrid": "SG."
    + "FAKEdE5fG7hI9jK1lM3nO5"
    + "."
    + "qR7sT9uV1wX3yZ5aB7cD9eF1gH3iJ5kL7mN9oP1qR3s",
    "twilio": "SK" + "3f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c",
    "telegram": "1234567890:" + "AAFq8Zr4TfK2mWx9LbN7vPc3HsQ7vN2kR9t",
    "npm": "npm_" + _body(36),
    "pypi": "pypi-AgEIcHlwaS5vcmc" + _body(60),
    "digitalocean": "dop_v1_" + _HEX * 2,
    "shopify": "shpat_" + _HEX,
    "groq": "gsk_" + _body(52),
    "replicate": "r8_" + _body(37),
    "linear": "lin_api_" + _body(40),
    "perplexity": "pplx-" + _body(48),
    "xai": "xai-" + _body(80),
    "hashicorp": "hvs." + _body(30),
    "grafana": "glsa_" + _body(32) + "_" + _HEX[:8],
    "mailgun": "key-" + _HEX,
    "supabase": "sbp_" + _HEX + _HEX[:8],
    "databricks": "dapi" + _HEX,
    "tailscale": "tskey-auth-" + _body(10) + "-" + _body(20),
    "discord": "https://discord.com/api/webhooks/123456789012345678/" + _body(68),
    "azure": "Abc8Q~" + _body(34),
    "figma": "figd_" + _body(40),
    "doppler": "dp.pt." + _body(43),
    "pulumi": "pul-" + _HEX + _HEX[:8],
    "newrelic": "NRAK-" + _body(27).upper(),
    "atlassian": "ATATT3" + _body(180),
    "square": "sq0atp-" + _body(22),
}


@pytest.mark.parametrize("provider", sorted(_PROVIDER_VALUES))
def test_more_providers_are_redacted_at_run_time(provider: str) -> None:
    value = _PROVIDER_VALUES[provider]
    r = redact(f"my token is {value} thanks")
    assert value not in r.text
    assert [(e.type, e.provider) for e in r.entities] == [("API_KEY", provider)]
    assert r.restore(r.text) == f"my token is {value} thanks"


def test_only_the_password_of_a_database_url_is_redacted() -> None:
    r = redact("DATABASE_URL=postgresql://app:Xk9vQ2mZrT4p@db.prod.internal:5432/app")
    assert r.text == "DATABASE_URL=postgresql://app:<API_KEY_1>@db.prod.internal:5432/app"
    assert r.entities[0].provider == "database"
    assert redact("postgres://user:password@localhost/db").entities == ()


def test_a_hash_inside_an_encoded_string_is_not_a_mistral_key() -> None:
    line = "token,sha256=Ab3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH-Xq2w9,1234"
    assert find_entities(line) == ()


# -- credentials named in the text ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("my password is Tr0ub4dor&3", "PASSWORD", "Tr0ub4dor&3"),
        ("my password is hunter2.", "PASSWORD", "hunter2"),
        ("password=S3cure!pass", "PASSWORD", "S3cure!pass"),
        ("export DB_PASSWORD='Tr0ub4dor&3'", "PASSWORD", "Tr0ub4dor&3"),
        ('"smtp_password": "gR8-xq2!Lm"', "PASSWORD", "gR8-xq2!Lm"),
        ("Mein Passwort ist Sommer2024!", "PASSWORD", "Sommer2024!"),
        ("password: changeme123", "PASSWORD", "changeme123"),
        ("mot de passe : azerty123", "PASSWORD", "azerty123"),
        ("contraseña: Gato1234", "PASSWORD", "Gato1234"),
        ("pw=Tr0ub4dor&3", "PASSWORD", "Tr0ub4dor&3"),
        ("the wifi pw is fiets88fiets", "PASSWORD", "fiets88fiets"),
        (
            "my AWS secret key is wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "API_KEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ),
        (
            "secret access key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "API_KEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ),
        ("wachtwoord = fiets88fiets", "PASSWORD", "fiets88fiets"),
        ("token: 8f14e45fceea167a5a36dedd4bea2543", "API_KEY", "8f14e45fceea167a5a36dedd4bea2543"),
        (
            'api_key = "8f14e45fceea167a5a36dedd4bea2543"',
            "API_KEY",
            "8f14e45fceea167a5a36dedd4bea2543",
        ),
        (
            "curl -H 'Authorization: Bearer 8f14e45fceea167a5a36dedd4bea2543' https://api.example.com",
            "API_KEY",
            "8f14e45fceea167a5a36dedd4bea2543",
        ),
        (
            "client_secret: 9aF3kLm2Qp8Rt5Vw1Xy7Zb4Nc6Hd0Je",
            "API_KEY",
            "9aF3kLm2Qp8Rt5Vw1Xy7Zb4Nc6Hd0Je",
        ),
    ],
)
def test_a_value_its_name_calls_a_credential_is_found(text: str, entity: str, value: str) -> None:
    assert kinds(text) == [(entity, value)]
    assert value not in redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        "password: required",
        "the password is incorrect",
        "password = os.environ['DB_PASSWORD']",
        "password=getpass()",
        "password=request.form.get",
        "username, password = proxy_auth",
        "password: ********",
        "password: <your password>",
        "password_min_length: 12",
        "Use a strong password: at least 12 characters.",
        "Reset your password at https://example.com/reset",
        "max_tokens=1024",
        "token count: 123456789012",
        "token = tokenizer.encode(text)",
        "token = _SEND_INITIAL_METADATA_TOKEN",
        "secret: TokenClassificationOutputElement",
        "access_key_id: RuleAwsSandboxesProxyAwsStaticConfigAccessKeyID",
        '"token_url": "https://sts.googleapis.com/v1/oauth/token"',
        "passive: PassiveFlag = PASSIVE_OFF",
        "tokenizer_exceptions = TOKENIZER_EXCEPTIONS",
        "The secret is out: we won.",
        "bypass=abc123xyz",
    ],
)
def test_names_of_credentials_alone_redact_nothing(text: str) -> None:
    assert find_entities(text) == ()


def test_a_provider_key_after_a_name_keeps_its_provider() -> None:
    text = "my token is sk-proj-abcdefghijklmnopqrstuvwxyz012345 thanks"
    assert [(e.type, e.provider) for e in find_entities(text)] == [("API_KEY", "openai")]
    # A rejected value after a name leaves the scan free to find a key right behind it.
    text = "password is incorrect, try sk-proj-abcdefghijklmnopqrstuvwxyz012345"
    assert [(e.type, e.provider) for e in find_entities(text)] == [("API_KEY", "openai")]
    jwt = (
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0"
        ".dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
    )
    assert kinds(f"Authorization: Bearer {jwt}") == [("JWT", jwt)]
    assert kinds(f"token = {jwt}") == [("JWT", jwt)]


@pytest.mark.parametrize(
    ("text", "entity", "value"),
    [
        ("PGPASSWORD=s3cr3t9x psql -h db", "PASSWORD", "s3cr3t9x"),
        ("MYSQLPWD=Tr0ub4dor&3", "PASSWORD", "Tr0ub4dor&3"),
        (
            "AccountName=x;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq"
            "/K1SZFPTOtr/KBHBeksoGMGw==;EndpointSuffix=core.windows.net",
            "API_KEY",
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
            "EndpointSuffix=core.windows.net",
        ),
        (
            "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKeyName=R;"
            "SharedAccessKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ=",
            "API_KEY",
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ=",
        ),
    ],
)
def test_names_glued_to_a_prefix_still_name_a_credential(
    text: str, entity: str, value: str
) -> None:
    assert kinds(text) == [(entity, value)]
    assert value not in redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        "monkey TokenClassificationOutputElement",
        "primary key AgentsAPIV1AgentsGetAgentVersion",
        "clave ListTriggersV1TriggersGetRequest",
        "Schlüssel ConnectorShareV1RequestTypedDict",
        "cache key d41d8cd98f00b204e9800998ecf8427e",
        "SharedAccessKeyName=RootManageSharedAccessKey",
        "mypassword: required",
    ],
)
def test_key_words_in_any_language_leave_identifiers(text: str) -> None:
    assert find_entities(text) == ()


def test_a_named_value_is_not_joined_with_the_next_line() -> None:
    text = "token: 8f14e45fceea167a5a36dedd4bea2543\nDEBUG=1"
    assert kinds(text) == [("API_KEY", "8f14e45fceea167a5a36dedd4bea2543")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ssn 536.22.1234", "536.22.1234"),
        ("SSN: 536221234", "536221234"),
        ("Social Security No. 536221234", "536221234"),
    ],
)
def test_ssn_with_dots_or_after_its_name(text: str, value: str) -> None:
    assert kinds(text) == [("US_SSN", value)]


@pytest.mark.parametrize(
    "text",
    ["version 100.20.3000", "order 536221234", "ssn: 666221234", "ref 123-45-6789"],
)
def test_ssn_look_alikes_stay(text: str) -> None:
    assert find_entities(text) == ()


@pytest.mark.parametrize(
    "text",
    [
        "SSN: 123456789",
        "SSN 123-45-6789",
        "my SSN is 123-45-6789",
        "Social Security Number: 078-05-1120",
    ],
)
def test_the_famous_fake_ssns_count_after_their_name(text: str) -> None:
    # What a user types as their SSN, and a reviewer's first test: never issued, still theirs.
    assert [e.type for e in find_entities(text)] == ["US_SSN"]


def test_no_provider_pattern_matches_a_value_shorter_than_the_shortcut_says() -> None:
    # _claimed asks no RE2 match of values shorter than _PROVIDER_SHORTEST.
    import warnings

    from mistral_secure import _recognizers as rec

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import sre_parse

    widths = [
        sre_parse.parse(p.regex.decode("latin-1")).getwidth()[0]
        for p in rec.BUILTIN_PATTERNS
        if p.entity in rec.SECRET_ENTITIES and p.name not in rec._CONTEXT_PATTERNS
    ]
    assert min(widths) == rec._PROVIDER_SHORTEST


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from("abcxyzXYZ0123456789wordpassWORDPASS"),
        min_size=4,
        max_size=40,
    )
)
def test_a_password_of_letters_and_digits_takes_the_short_path_rightly(value: str) -> None:
    # _named_password skips the template, code and nested-name patterns for letters and
    # digits, and reads a mask as "xxxx": each pattern must agree on such values.
    from mistral_secure import _recognizers as rec

    if not (value.isascii() and value.isalnum()):
        return
    slow = (
        rec._TEMPLATE.search(value) is not None
        or rec._MASK.search(value) is not None
        or rec._PASSWORD_CODE.fullmatch(value) is not None
        or rec._NESTED_NAME.match(value) is not None
    )
    assert slow == ("xxxx" in value.lower())
