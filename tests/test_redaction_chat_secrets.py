"""What a person types into a chatbot (issue 14, detection v2): a password stated is leaked
whatever it is, with its trailing "!" or "?". Template marks, masks, code and prose after a
password's name stay as they are."""

from __future__ import annotations

import pytest

from mistral_secure import Guard, Policy, find_entities, redact
from mistral_secure._checklist._secrets import find_secrets

NO_MODERATION = Policy(moderation={"enabled": False})


def _found(text: str) -> list[tuple[str, str]]:
    return [(e.type, text[e.start : e.end]) for e in find_entities(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my password is P@ssw0rd!", "P@ssw0rd!"),
        ("password: P@ssw0rd!", "P@ssw0rd!"),
        ("DB_PASSWORD=P@ssw0rd!", "P@ssw0rd!"),
        ("password: changeme", "changeme"),
        ("my password is admin", "admin"),
        ("my password is admin.", "admin"),
        ("password: changeme123", "changeme123"),
        ("the wifi password is letmein, thanks", "letmein"),
        ("pwd=secret", "secret"),
        ("password: tiger", "tiger"),
        ("password = root", "root"),
        ("Passwort: 1234", "1234"),
        ("mot de passe : soleil", "soleil"),
        ("password: pa$$word", "pa$$word"),
        ("password: 50%off!", "50%off!"),
        ('password: "admin"', "admin"),
        ("password: qwerty", "qwerty"),
        ("my password is 123456", "123456"),
        ("the default password is admin", "admin"),
        ("my password is admin!", "admin!"),
        ("my password is HelloWorld", "HelloWorld"),
    ],
)
def test_a_weak_password_a_person_states_is_redacted(text: str, value: str) -> None:
    assert _found(text) == [("PASSWORD", value)]
    r = redact(text)
    assert value not in r.text
    assert r.restore(r.text) == text


@pytest.mark.parametrize(
    "text",
    [
        # template marks
        "password: ${DB_PASS}",
        "password=$DB_PASS",
        "password: <password>",
        "password: {{ pw }}",
        "password = %s",
        "password=%(password)s",
        "password: [REDACTED]",
        # masks
        "password: ****",
        "password: ********",
        "password: xxxx",
        "password: XXXXXXXX",
        "password: ...",
        # code
        "password = os.environ['DB_PASSWORD']",
        "password=getpass()",
        "password=request.form.get",
        "username, password = proxy_auth",
        "password = settings.DB_PASSWORD",
        # prose
        "the password is required",
        "password is incorrect",
        "password: see vault",
        "password: required",
        "Password: Required",
        "password: none",
        "password: N/A",
        "your password is too short",
        "the password is not correct",
        "the password is case sensitive",
        "the password is stored in the vault",
        "The password is the same as before.",
        "the password is at least 12 characters long",
        "the password is 8-16 characters",
        "the password is different from the PIN",
        "the password is expired",
        "the password is being reset",
        "the password is optional",
        "the password is a secret",
        "the password is secret",
        "my password is strong",
        "the password is in the drawer",
        "password is also needed",
        "password is invalid.",
        "password: ask Bob",
        "password: same as before",
        "password: sent separately",
        "password is what protects you",
        "le mot de passe est incorrect",
        "das Passwort ist falsch",
        "la contraseña es incorrecta",
        "Use a strong password: at least 12 characters.",
        "Reset your password at https://example.com/reset",
        "password_min_length: 12",
        "password: !!!!",
        "Password: Enter your password",
        "Password: Forgotten? Click here.",
        "the password was reset yesterday",
        "password: TODO",
        "the password is whatever you set",
        "Password:\nUsername:",
        "password: TokenClassificationOutputElement",
    ],
)
def test_what_is_clearly_not_a_password_value_stays(text: str) -> None:
    assert find_entities(text) == ()
    assert redact(text).text == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("password: Summer2024!", "Summer2024!"),
        ("my password is Summer2024!", "Summer2024!"),
        ("Mein Passwort ist Sommer2024!", "Sommer2024!"),
        ("pwd=hunter2? thanks", "hunter2?"),
        ("password: Summer2024!?", "Summer2024!?"),
        ("password: Summer2024!.", "Summer2024!"),
        ("password: Summer2024.", "Summer2024"),
        ("password: Summer2024, then", "Summer2024"),
        ("(password: Summer2024)", "Summer2024"),
        ("password: Summer2024;", "Summer2024"),
        ("password: Summer2024:", "Summer2024"),
        ('password: "Summer2024."', "Summer2024."),
    ],
)
def test_a_password_keeps_its_trailing_bang_or_question_mark(text: str, value: str) -> None:
    assert _found(text) == [("PASSWORD", value)]
    r = redact(text)
    assert r.text == text.replace(value, "<PASSWORD_1>", 1)
    assert r.restore(r.text) == text


def test_a_guard_redacts_a_weak_password_and_never_restores_it() -> None:
    guard = Guard(NO_MODERATION)
    check = guard.check_input("my password is admin, can you log in for me?")
    assert check.text == "my password is <PASSWORD_1>, can you log in for me?"
    assert check.redaction is not None
    out = guard.check_output("I used <PASSWORD_1>.", restore=check.redaction).text
    assert "admin" not in out


def test_the_codebase_audit_still_ignores_placeholder_passwords() -> None:
    # The audit reports keys, private keys, JWTs and database URLs: a local database's
    # made-up password is an illustration there, not a leak.
    for text in (
        "postgres://user:changeme@localhost/db",
        "postgres://app:admin@db.example.com/app",
        "DATABASE_URL=postgresql://postgres:postgres@localhost:5432/app",
    ):
        assert find_secrets(text) == []


def test_a_password_found_once_is_redacted_again_only_as_a_whole_word() -> None:
    text = "pwd=secret and later: the secret is out, ask my secretary; secret again"
    r = redact(text)
    assert r.text == (
        "pwd=<PASSWORD_1> and later: the <PASSWORD_1> is out, ask my secretary; <PASSWORD_1> again"
    )
    text = "the code is incorrect. password: incorr"
    assert redact(text).text == "the code is incorrect. password: <PASSWORD_1>"
    # A password that is not a word is still found wherever it is pasted.
    text = "password: hunter2!x then login with hunter2!x, and x=hunter2!x"
    assert redact(text).text.count("<PASSWORD_1>") == 3
