"""The sanitized answer rendered by cmark and cmark-gfm (C, the CommonMark reference
implementation and GitHub's): no script, event handler or image may go live there either.

cmark pairs backticks differently from the spec after an unmatched run, and cmark-gfm's
extended autolinks run on past Unicode spaces into a code span's backticks: in both cases a
span the spec reads as code is read as Markdown or raw HTML. Visible linkified URLs (link text
equal to its URL) are not judged here: the reader sees where they go.
"""

from __future__ import annotations

import random

import pytest
from markdown_fuzz import HOSTS, SANITIZER, hostile
from render_oracle import unsafe_reasons

from mistral_secure import sanitize_output, sanitize_stream

FLAVOURS = ("commonmark", "gfm", "cmark", "cmark-gfm")
# What runs script or loads a resource; visible-link host checks are left to the main oracle.
LIVE = (":tag:", ":handler:", ":style:", ":url:img.")


def live(text: str) -> list[str]:
    return [r for r in unsafe_reasons(text, HOSTS, HOSTS, FLAVOURS) if any(k in r for k in LIVE)]


@pytest.mark.parametrize(
    "answer",
    [
        # cmark leaves the last span raw HTML after the unmatched run of four.
        "```` `x` `z<img src=x onerror=alert(1)>`",
        "``` `x` `y` `<img src=x onerror=alert(1)>`",
        "a ```` `x\x85<b> c ` ( d\n`x|<img src=x onerror=alert(1)>`",
        "``` `x` `![a](javascript:alert(1))`",
        # cmark-gfm's autolink takes the NBSPs and the span's opening backticks.
        "[!](<HTTPS://evil.example:443/%20)\xa0\xa0`` ![a < b](JaVaScRiPt://x/a)b)``",
        "see https://ok.example/a\u2028`` ![x](https://evil.example/p.png) ``",
        # ... and past a vertical tab.
        "www.ok.example/x.png\x0b``<vbscript://evil&#46;example/x.png\u3000>`` ``![a](https://ok\u3002example/x.png)``",
    ],
)
def test_code_spans_stay_code_for_the_reference_renderers(answer: str) -> None:
    out = sanitize_output(answer, allowed_hosts=HOSTS, redact_pii=False)
    assert live(out) == []
    assert "".join(sanitize_stream(list(answer), SANITIZER)) == SANITIZER.sanitize(answer).text


@pytest.mark.parametrize("space", ["\x0b", "\xa0", "\u2028", "\x85"])
def test_a_cut_never_parts_a_url_from_backticks_glued_past_a_unicode_space(space: str) -> None:
    # Long enough for the segment cut to fall at the space after the URL.
    answer = "word " * 120 + f"www.ok.example/x.png{space}``<img src=x onerror=alert(1)>`` end"
    out = SANITIZER.sanitize(answer).text
    assert live(out) == []
    assert (
        "".join(sanitize_stream([answer[i : i + 8] for i in range(0, len(answer), 8)], SANITIZER))
        == out
    )


def test_ordinary_inline_code_is_untouched() -> None:
    answer = "Wrap it in a `<div>`, declare `Vec<String>`, and call `f(x)[0]`."
    assert sanitize_output(answer) == answer


def test_hostile_answers_render_inert_in_cmark_and_cmark_gfm() -> None:
    rng = random.Random(20261207)
    failures = []
    for _ in range(1500):
        text = hostile(rng)
        reasons = live(SANITIZER.sanitize(text).text)
        if reasons:
            failures.append((text, reasons))
    assert failures == []
