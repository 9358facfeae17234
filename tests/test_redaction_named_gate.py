"""Named credentials (``password: ...``, ``token = ...``, ``Bearer ...``, ``PIN ...``,
``Basic ...``): RE2 reads the shape their value must have, so a repeated name with no value
is never a candidate (issue 14, bounded cost). The redactions must be the ones the head-only
patterns gave: the scan is compared with a scanner built from the heads alone, the patterns
as they were before the gate.
"""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mistral_secure import redact
from mistral_secure._recognizers import BUILTIN_ENTITIES, BUILTIN_PATTERNS
from mistral_secure._redaction import _Alt, _plan, _resolve, _Scanner, repeated_secrets
from mistral_secure._value_normalize import normalize_values


def _head_only_scanner() -> _Scanner:
    """The built-in scanner with every gated pattern cut back to its head."""
    chosen = [p for p in BUILTIN_PATTERNS if p.entity in BUILTIN_ENTITIES]
    return _Scanner(
        [p.head or p.regex for p in chosen],
        [_Alt(p.entity, p.provider, p.validator, p.rejects) for p in chosen],
        same_values=True,
        groups=[p.scan_group for p in chosen],
    )


_REFERENCE = _head_only_scanner()


def _scanned(text: str) -> tuple[str, bytes]:
    norm = text if text.isascii() else normalize_values(text)[0]
    return norm, norm.encode("ascii", "replace")


def _same_as_head_only(text: str) -> list[tuple[int, int, str]]:
    """What the gated and the head-only scans redact, once the other occurrences of each
    secret are added (a repeated name's head, refused and kept aside, no longer stands for
    them: every occurrence is looked for instead)."""
    scanner = _plan(None, (), (), frozenset()).builtin
    assert scanner is not None
    norm, data = _scanned(text)
    found = _final(norm, scanner.scan_alts(norm, data))
    assert found == _final(norm, _REFERENCE.scan_alts(norm, data))
    return found


def _final(norm: str, spans: list[tuple[int, int, _Alt]]) -> list[tuple[int, int, str]]:
    repeats = repeated_secrets(norm, spans)
    if repeats:
        spans = _resolve(repeats, spans)
    return [(s, e, alt.entity) for s, e, alt in spans]


_NAMES = (
    "password", "Password", "PASSWORD", "passwd", "pwd", "pw", "passphrase", "Passwort",
    "mot de passe", "contraseña", "senha", "wachtwoord", "DB_PASSWORD", "PGPASSWORD", "DB_PASS",
    "smtp.pass", "a_pass", "db-password_prod", "token", "TOKEN", "secret", "api_key", "API-KEY",
    "apikey", "access key", "AccountKey", "client_secret", "GITHUB_TOKEN", "Bearer", "bearer",
    "Authorization: Bearer", "PIN", "pin code", "code PIN", "Geheimzahl", "Basic",
    "Authorization: Basic", "pass", "boarding pass",
)  # fmt: skip
_ASSIGNS = (
    "=", ":", ": ", " = ", " => ", "==", ":=", " is ", " est ", " ist ", " lautet: ", '="',
    "='", ": `", '": "', " ", "  ", "\t", "", " :  ", "=\n", ":\n  ",
)  # fmt: skip
_VALUE_CHARS = "abcXYZ0189!#@&%_-.,;:?)/+=~é４\u00a0\u200b"


def _values() -> st.SearchStrategy[str]:
    basic = st.tuples(st.text("abc1", min_size=0, max_size=5), st.text("xy9!", max_size=6)).map(
        lambda up: base64.b64encode(f"{up[0]}:{up[1]}".encode()).decode()
    )
    return st.one_of(
        st.text(_VALUE_CHARS, min_size=0, max_size=24),
        st.text("aZ9", min_size=120, max_size=135),  # around the 128-character limit
        st.text("0123456789", min_size=3, max_size=10),  # PINs
        st.sampled_from(
            [
                "hunter2!x",
                "changeme",
                "Summer2024!",
                "1234",
                "1111",
                "12345678",
                "9f8e7d6c5b4a3928f1e0d9c8b7a69584",
                "xK9fQ2mLp8RtZ3vB",
                "required",
                "os.environ['X']",
                "${DB_PASS}",
                "<secret>",
                "eyJhbGciOi",
                '"quoted1!"',
                "sk-proj-abcdefghijklmnopqrstuvwx1234",
                "dXNlcjpwYXNz",
                "YQ==",
                "Basic",
                "password",
                "token:",
                "PIN:",
            ]
        ),
        basic,
    )


_PIECES = st.one_of(
    st.tuples(st.sampled_from(_NAMES), st.sampled_from(_ASSIGNS), _values()).map("".join),
    st.sampled_from([" ", "\n", "\r\n", ". ", ", ", "\u00a0", "\u2009", "> ", "\t", '"', "'"]),
    st.sampled_from(
        [
            "the",
            "login",
            "my",
            "is",
            "call +33 6 12 34 56 78",
            "bob@example.com",
            "4111 1111 1111 1111",
            "version 1.2.3.4",
            "order 2345 6789",
        ]
    ),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=12), st.integers(1, 4))
def test_gated_scan_equals_the_head_only_patterns(pieces: list[str], repeat: int) -> None:
    _same_as_head_only("".join(pieces) * repeat)


@pytest.mark.parametrize(
    "text",
    [
        "password: hunter2!x",
        "db password = 'Summer2024!' then pwd: pwd: x",
        "password=password=hunter2x",
        "token: " * 50 + "token: xK9fQ2mLp8RtZ3vB7",
        "PIN: 4821, pin code 1111, code PIN: 12345678",
        "Authorization: Basic dXNlcjpwYXNz",
        "Authorization: Bearer 9f8e7d6c5b4a3928f1e0d9c8b7a69584",
        "password: " + "a1" * 64,  # 128 characters: still a value
        "password: " + "a1" * 64 + "b",  # 129: refused, as before
        "pwd: " * 2000 + "password: hunter2!x",  # past the rescans: still found
    ],
)
def test_named_credentials_are_judged_as_before(text: str) -> None:
    _same_as_head_only(text)


def test_values_after_thousands_of_bare_names_are_still_redacted() -> None:
    for unit in ("password=", "pwd: ", "token: ", "Bearer ", "PIN: ", "a_pass=", "Basic "):
        text = unit * 5_000 + " my password: Zx8#kq!w9 and token: xK9fQ2mLp8RtZ3vB7 "
        text += unit * 3_000 + " PIN: 4821"
        r = redact(text)
        assert "Zx8#kq!w9" not in r.text, unit
        assert "xK9fQ2mLp8RtZ3vB7" not in r.text
        assert "4821" not in r.text


def test_a_named_secret_is_redacted_wherever_else_it_appears() -> None:
    text = "password: Zx8#kq!w9\nlogin with Zx8#kq!w9 (Zx8#kq!w9x too); token: xK9fQ2mLp8RtZ3vB7w"
    text += " then curl -H xK9fQ2mLp8RtZ3vB7w"
    r = redact(text)
    assert "Zx8#kq!w9" not in r.text and "xK9fQ2mLp8RtZ3vB7w" not in r.text
    assert r.text.count("<PASSWORD_1>") == 3 and r.text.count("<API_KEY_1>") == 2


_WINDOW_TEXT = st.lists(
    st.one_of(
        _PIECES,
        st.sampled_from(
            [
                "version 10.0.0.1",
                "v1.2.3.4",
                "§ 1.2.3.4",
                "::ffff:10.0.0.1",
                "fe80::1.2",
                "jöhn@müller.de",
                "é.öjohn@müller.de",
                "ñ-ñ.x@y.es",
                "a.b@c.co",
                "DE89 3704 0044 0532 0130 00",
                "DE89370400440532013000X",
                "123-45-6789",
                "078-05-1120",
                "+49 30 01290404 0 3760",
                "(0)6 12 34 56 78 9",
                "4111 1111 1111 1111 2024",
                "/4111/1111/1111/1111/",
                "sha256=",
                "mistral key ",
                "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE",
                "DOB: 01/02/1990",
                "NINO AB123456C",
                "passport: C01X00T47",
                "AKIA",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc",
            ]
        ),
    ),
    min_size=1,
    max_size=8,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_WINDOW_TEXT, st.text("ab1 .:-/@=\n", max_size=70), st.text("ab1 .:-/@=\n", max_size=70))
def test_checks_read_only_their_declared_window(text: str, junk1: str, junk2: str) -> None:
    # The scan remembers a check by the characters ``reads`` says it reads: anything outside
    # that window must not change its answer (offsets relative to the span).
    import re2

    norm, data = _scanned(text)
    for p in BUILTIN_PATTERNS:
        if p.reads is None or p.validator is None:
            continue
        before, after = p.reads
        head = re2.compile(p.head or p.regex)
        for m in head.finditer(data):
            s, e = m.span()
            if e == s:
                continue
            low = max(0, s - before)
            window = norm[low : e + after]
            # Junk only where the window is whole: where it was cut, the text's edge is read.
            heads = ("", junk1) if s >= before else ("",)
            tails = ("", junk2) if e + after <= len(norm) else ("",)
            want = p.validator(norm, s, e)
            for head_junk in heads:
                for tail_junk in tails:
                    shift = len(head_junk) - low
                    moved = head_junk + window + tail_junk
                    got = p.validator(moved, s + shift, e + shift)
                    assert (None if got is None else (got[0] - shift, got[1] - shift)) == want, (
                        p.name
                    )
