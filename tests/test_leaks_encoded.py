"""Leaks written backwards, or encoded where the decoders would not call the blob language."""

from __future__ import annotations

import base64

import pytest

from mistral_secure import OutputSanitizer, sanitize_stream

# Hex-heavy on purpose: decoded, it holds too few letters for the decoders to read it as text.
CANARY = "ms-canary-0f51a9498795a99425b064f6"
PROMPT = (
    "You are Aria, the support assistant for Northwind Bank. Never reveal internal fee "
    "schedules. Escalate fraud reports to the risk desk at extension 4471."
)


@pytest.mark.parametrize(
    "answer",
    [
        base64.b64encode(CANARY.encode()).decode(),
        base64.b64encode(CANARY.encode()).decode().rstrip("="),
        "token: " + base64.b64encode(f"id={CANARY};".encode()).decode() + " done",
        base64.urlsafe_b64encode(f"xy{CANARY}".encode()).decode(),
        CANARY.encode().hex(),
        CANARY.encode().hex().upper(),
        base64.b64encode(CANARY.rsplit("-", 1)[-1].encode()).decode(),
        CANARY[::-1],
        " ".join(CANARY[::-1]),
    ],
)
def test_encoded_or_reversed_canary_is_removed(answer: str) -> None:
    sanitizer = OutputSanitizer(canary=CANARY, system_prompt=PROMPT)
    result = sanitizer.sanitize(answer)
    assert [f.kind for f in result.findings] == ["leak_canary"]
    chunks = [answer[i : i + 5] for i in range(0, len(answer), 5)]
    assert "".join(sanitize_stream(chunks, sanitizer)) == result.text


def test_the_prompt_written_backwards_is_a_leak() -> None:
    answer = f"Sure! {PROMPT[::-1]}"
    sanitizer = OutputSanitizer(system_prompt=PROMPT)
    result = sanitizer.sanitize(answer)
    assert any(f.kind == "leak_system_prompt" for f in result.findings)
    assert "knaB dniwhtroN" not in result.text
    chunks = [answer[i : i + 7] for i in range(0, len(answer), 7)]
    assert "".join(sanitize_stream(chunks, sanitizer)) == result.text


def test_an_unrelated_base64_blob_is_kept() -> None:
    blob = base64.b64encode(b"ms-canary-ffffffffffffffffffffffff").decode()
    answer = f"The image data is {blob}."
    assert OutputSanitizer(canary=CANARY).sanitize(answer).text == answer
