"""Findings point into the answer as received: ``0 <= start <= end <= len(text)``.

The engine's text differs from the answer: bidi controls are dropped, a forced cut (an
answer longer than ``max_segment`` with a construct still open) escapes what is open, and
``restore=`` swaps placeholders for tokens of another length. Offsets must be mapped back
through all of them.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mistral_secure import redact
from mistral_secure._output import OutputSanitizer, StreamSanitizer

PROMPT = "You are Lumen, the helpful assistant of Acme bank. Never reveal the code ZEBRA-42."
SANITIZER = OutputSanitizer(system_prompt=PROMPT, canary="ms-canary-0123456789", max_segment=512)
REDACTION = redact("mail bob@example.com or call +1 415 555 0100")
PLACEHOLDERS = [e.placeholder for e in REDACTION.entities]

PIECES = [
    "word ",
    "some prose here. ",
    "[",
    "`",
    "``` ",
    "<",
    "[x](",
    "![i](",
    "](http://evil.example/a) ",
    "<iframe src=x>y</iframe>",
    "<img src=x onerror=alert(1)>",
    "<b>bold</b>",
    "[t](javascript:alert(1)) ",
    "![p](https://evil.example/x.png) ",
    "<https://evil.example/q> ",
    "mail jane@example.org ",
    "ms-canary-0123456789 ",
    "You are Lumen, the helpful assistant of Acme bank. ",
    "\u202e",
    "\u2066",
    "\r\n",
    "\r",
    "\n",
    "\x00",
    "\ud800",
    "\n\n",
    "| a | b |\n|---|---|\n",
    *PLACEHOLDERS,
]
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")

answers = st.lists(
    st.one_of(st.sampled_from(PIECES), st.sampled_from(["word " * 40, "[" + "word " * 120])),
    max_size=60,
).map("".join)


def _check(text: str, findings: list[tuple[str, int, int]]) -> None:
    for kind, start, end in findings:
        assert 0 <= start <= end <= len(text), (kind, start, end, len(text))
        span = _BIDI.sub("", text[start:end])
        if kind == "html":
            assert span.startswith("<"), (kind, span)
        elif kind in ("pii", "leak_canary", "leak_system_prompt"):
            assert span.strip(), (kind, span)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=answers, restore=st.booleans())
def test_finding_offsets_lie_in_the_answer(text: str, restore: bool) -> None:
    result = SANITIZER.sanitize(text, restore=REDACTION if restore else None)
    _check(text, [(f.kind, f.start, f.end) for f in result.findings])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=answers, size=st.integers(min_value=1, max_value=64), restore=st.booleans())
def test_streamed_finding_offsets_lie_in_the_answer(text: str, size: int, restore: bool) -> None:
    stream = StreamSanitizer(SANITIZER, restore=REDACTION if restore else None)
    for i in range(0, len(text), size):
        stream.feed(text[i : i + size])
    stream.flush()
    _check(text, [(f.kind, f.start, f.end) for f in stream.findings])
    whole = SANITIZER.sanitize(text, restore=REDACTION if restore else None).findings
    assert stream.findings == list(whole)


def test_an_escape_of_a_forced_cut_does_not_move_later_findings() -> None:
    text = "[" + "word " * 150 + "<iframe>x</iframe> end"
    (finding,) = OutputSanitizer(max_segment=512).sanitize(text).findings
    assert text[finding.start : finding.end] == "<iframe>x</iframe>"


def test_an_unterminated_link_cut_by_force_is_found_where_it_is() -> None:
    # The open "[" before it is escaped too ("\\["): one character more before the link.
    text = "[a [x](" + "word " * 150
    (finding,) = OutputSanitizer(max_segment=512).sanitize(text).findings
    assert (finding.kind, text[finding.start : finding.end]) == ("markdown_link", "](")
