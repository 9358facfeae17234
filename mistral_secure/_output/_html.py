"""Raw HTML in an answer: cleaned with ``nh3`` to a small allow-list; inert tag-like text stays."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Final

import nh3
import re2

__all__ = ["ALLOWED_TAGS", "KNOWN_TAGS", "HtmlCleaner", "escape_block_text", "inert", "tag_names"]

ALLOWED_TAGS: Final = frozenset(
    (  # noqa: SIM905
        "a abbr b blockquote br code del em h1 h2 h3 h4 h5 h6 hr i kbd li ol p pre s strong "
        "sub sup table tbody td tfoot th thead tr u ul"
    ).split()
)
# Their content is code or markup, never prose the reader needs: drop it with the tag.
_CONTENT_TAGS: Final = frozenset(
    (  # noqa: SIM905
        "script style template textarea noscript iframe object embed svg math title xmp "
        "noembed noframes select frameset applet"
    ).split()
)
# Any name a browser gives meaning to. Unknown names without attributes (``Vec<String>``) stay.
KNOWN_TAGS: Final = (
    ALLOWED_TAGS
    | _CONTENT_TAGS
    | frozenset(
        (  # noqa: SIM905
            "acronym address animate animatemotion animatetransform area article aside audio base "
            "basefont bdi bdo bgsound big blink body button canvas caption center cite col "
            "colgroup data datalist dd details dfn dialog dir div dl dt feimage fieldset "
            "figcaption figure font footer foreignobject form frame g head header hgroup html "
            "image img input ins isindex keygen label legend link listing main map mark marquee "
            "menu menuitem meta meter mglyph mi mn mo ms mtext nav nobr optgroup option output "
            "param picture plaintext portal progress q rp rt rtc ruby samp search section set "
            "slot small source spacer span strike summary tbody time track tt use var video wbr"
        ).split()
    )
)
_CLEANER: Final = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(_CONTENT_TAGS),
    attributes={"a": {"href", "title"}, "abbr": {"title"}},
    url_schemes={"http", "https", "mailto"},
    url_relative="deny",
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)([^>]*)>?")
# An ``href`` as nh3 writes it (double quotes, "&" and '"' escaped), inside an ``<a>`` tag.
# RE2: "[^>]*?" then "\s+" would make Python's re quadratic on a long run of spaces.
_HREF = re2.compile(r'(<a\b[^>]*?)\s+href="([^"]*)"')
# Markdown characters in HTML text: escaped as character references, which a browser shows as
# the same characters, so no Markdown renderer reading the block as a paragraph sees syntax.
_MARKDOWN_CHARS = re.compile(r"[\[\]`\\|]|:(?=//)|/(?=/)|(?i:(?<=www)\.)")
_OUTSIDE_TAGS = re.compile(r"(<[^>]*>)|([^<]+)")


def inert(region: str) -> bool:
    """True if every tag in ``region`` is an unknown name without attributes: ``Vec<String>``."""
    if "<!" in region or "<?" in region or "=" in region:
        return False
    found = False
    for m in _TAG.finditer(region):
        if not m.group().endswith(">"):
            return False
        if m.group(2).lower() in KNOWN_TAGS or m.group(3).strip(" \t\n/"):
            return False
        found = True
    return found


def escape_block_text(html: str) -> str:
    """Escape Markdown characters outside tags (see ``_MARKDOWN_CHARS``).

    Bare URLs lose their "://", "//" or "www." the same way: a renderer that reads the
    block as a paragraph finds no link in it, and a browser shows the same text.
    """
    if not _MARKDOWN_CHARS.search(html):
        return html

    def text(m: re.Match[str]) -> str:
        if m.group(1) is not None:
            return m.group(1)
        return _MARKDOWN_CHARS.sub(lambda c: f"&#{ord(c.group())};", m.group(2))

    return _OUTSIDE_TAGS.sub(text, html)


class HtmlCleaner:
    """Cleans HTML regions; ``<a href>`` keeps its URL only where a Markdown link could."""

    __slots__ = ("_link_ok", "_memo")

    def __init__(self, link_ok: Callable[[str], bool]) -> None:
        self._link_ok = link_ok
        self._memo: dict[str, str] = {}  # one call only: regions may hold secrets

    def clean(self, region: str) -> str:
        """The cleaned region (the same string when nothing needed cleaning)."""
        cleaned = self._memo.get(region)
        if cleaned is None:
            cleaned = region if inert(region) else _CLEANER.clean(region)
            if "href=" in cleaned:
                cleaned = _HREF.sub(self._href, cleaned)
            if len(region) <= 256 and len(self._memo) < 512:
                self._memo[region] = cleaned
        return cleaned

    def _href(self, m: re.Match[str]) -> str:
        return m.group() if self._link_ok(unescape(m.group(2))) else m.group(1)


def tag_names(region: str) -> list[str]:
    """Lower-case names of the tags in ``region`` (for findings)."""
    return [m.group(2).lower() for m in _TAG.finditer(region)]
