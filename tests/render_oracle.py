"""The test oracle for output safety: real renderers, and HTML parsed as a browser does.

Two renderers: markdown-it ``commonmark`` and a GFM-like preset (tables, strikethrough,
linkify), both with raw HTML on and their own link filter off (a renderer that trusts its
input). Their HTML is parsed with html5lib (the WHATWG HTML parsing algorithm), and every
element and attribute is checked:

* no script-capable or resource-loading element (``script``, ``iframe``, ``object``, ``svg``,
  ``img`` off the allowed image hosts, ...), no event handler, no ``style`` attribute;
* every URL attribute has a safe scheme (http, https, mailto; ``img`` http(s) only) and a host
  the browser would visit as written (no credentials, no backslash);
* an ``<a href>`` whose text is not its own URL (a Markdown link, not a linkified one) points
  to an allowed link host.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from urllib.parse import unquote, urlsplit

import cmarkgfm
import cmarkgfm.cmark
import html5lib
from markdown_it import MarkdownIt

ACTIVE_TAGS = frozenset(
    (  # noqa: SIM905
        "script iframe object embed form meta base style svg math link frame frameset applet "
        "img image video audio source picture input button textarea template noscript"
    ).split()
)
URL_ATTRS = frozenset(
    "href src action formaction data srcset poster background xlink:href cite".split()  # noqa: SIM905
)
_NS = "{http://www.w3.org/1999/xhtml}"


@cache
def renderers() -> dict[str, MarkdownIt]:
    cm = MarkdownIt("commonmark", {"html": True})
    gfm = MarkdownIt("gfm-like", {"html": True, "linkify": True})
    for md in (cm, gfm):
        md.validateLink = lambda url: True  # type: ignore[method-assign]
    return {"commonmark": cm, "gfm": gfm}


_UNSAFE = cmarkgfm.cmark.Options.CMARK_OPT_UNSAFE


def render(text: str, flavour: str = "commonmark") -> str:
    """``commonmark`` and ``gfm`` (markdown-it), ``cmark`` (the CommonMark reference
    implementation) and ``cmark-gfm`` (GitHub's, with its table and autolink extensions)."""
    if flavour == "cmark":
        return str(cmarkgfm.markdown_to_html(text, options=_UNSAFE))
    if flavour == "cmark-gfm":
        return str(
            cmarkgfm.markdown_to_html_with_extensions(
                text, options=_UNSAFE, extensions=["table", "autolink", "strikethrough"]
            )
        )
    html: str = renderers()[flavour].render(text)
    return html


def _host(url: str) -> tuple[str, str] | None:
    cleaned = "".join(c for c in url if c > " ")
    if "\\" in cleaned.split("?", 1)[0]:
        return None
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    return parts.scheme.lower(), (parts.hostname or "").rstrip(".")


def _allowed(host: str, hosts: frozenset[str]) -> bool:
    return "*" in hosts or any(host == h or host.endswith("." + h) for h in hosts)


def unsafe_reasons(
    text: str,
    image_hosts: frozenset[str] = frozenset(),
    link_hosts: frozenset[str] | None = None,
    flavours: tuple[str, ...] = ("commonmark", "gfm"),
) -> list[str]:
    """What in the rendering of ``text`` could run script or fetch or hide a bad URL."""
    reasons: list[str] = []
    for flavour in flavours:
        try:
            html = render(text, flavour)
        except RuntimeError:
            # markdown-it-py's linkify can fail on some inputs ("inline rule didn't increment
            # state.pos"): that renderer then shows nothing at all.
            continue
        if not _plain(html):
            reasons += html_reasons(html, flavour, image_hosts, link_hosts)
    return reasons


# The renderers' own column alignment (a "| :-- |" delimiter row): no answer text in it.
_ALIGN_STYLES = frozenset(f"text-align:{a}" for a in ("left", "right", "center"))


def html_reasons(
    html: str,
    flavour: str,
    image_hosts: frozenset[str] = frozenset(),
    link_hosts: frozenset[str] | None = None,
) -> list[str]:
    """What in ``html`` (one renderer's output, named ``flavour``) could run script or fetch
    or hide a bad URL, parsed as a browser parses it."""
    links = image_hosts if link_hosts is None else link_hosts
    reasons: list[str] = []
    tree = html5lib.parse(html, namespaceHTMLElements=True)
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        name = tag.removeprefix(_NS).split("}")[-1]
        for attr, value in element.attrib.items():
            attr_name = attr.split("}")[-1].lower()
            if attr_name.startswith("on"):
                reasons.append(f"{flavour}:handler:{name}.{attr_name}")
            if attr_name == "style" and not (name in ("th", "td") and value in _ALIGN_STYLES):
                reasons.append(f"{flavour}:style:{name}")
            if attr_name in URL_ATTRS:
                why = _url_problem(name, attr_name, value, element, image_hosts, links)
                if why:
                    reasons.append(f"{flavour}:{why}")
        if name in ACTIVE_TAGS and not (
            name == "img" and _image_ok(element.get("src") or "", image_hosts)
        ):
            reasons.append(f"{flavour}:tag:{name}")
    return reasons


# Tags markdown-it writes itself, without any attribute that could carry a URL or script.
_OWN_TAG = re.compile(
    r"</?(?:p|em|strong|code|pre|ul|ol|li|blockquote|h[1-6]|table|thead|tbody|tr|th|td|s|del)>"
    r'|<(?:hr|br) />|<code class="language-[^"<>]*">|<ol start="\d+">'
)
_ANY_TAG = re.compile(r"<[^>]*>?")


def _plain(html: str) -> bool:
    """True if ``html`` holds only markdown-it's own structural tags (a fast, sound pass)."""
    return all(_OWN_TAG.fullmatch(m.group()) for m in _ANY_TAG.finditer(html))


def _image_ok(src: str, hosts: frozenset[str]) -> bool:
    parsed = _host(src)
    return parsed is not None and parsed[0] in ("http", "https") and _allowed(parsed[1], hosts)


def _url_problem(
    tag: str,
    attr: str,
    value: str,
    element: object,
    image_hosts: frozenset[str],
    link_hosts: frozenset[str],
) -> str | None:
    if tag == "img" and attr == "src":
        return None if _image_ok(value, image_hosts) else "url:img.src"
    if tag != "a" or attr != "href":
        return f"url:{tag}.{attr}"
    if value.strip().lower().startswith("mailto:"):
        return None
    parsed = _host(value)
    if parsed is None:
        return "url:a.href:ambiguous"
    scheme, host = parsed
    if scheme == "mailto":
        return None
    shown = "".join(element.itertext()).strip()  # type: ignore[attr-defined]
    visible = bool(shown) and unquote(value).strip().rstrip("/").endswith(shown.rstrip("/"))
    if visible and scheme in ("http", "https", "") and value.lower().startswith(("http", "//")):
        # A linkified URL: what the reader sees is where it goes, if the host is plain.
        host = unicodedata.normalize("NFKC", unquote(host)).lower()
        plain = re.fullmatch(
            r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*", host
        )
        numeric = re.fullmatch(r"[0-9.x]+", host) and not re.fullmatch(
            r"(\d{1,3}\.){3}\d{1,3}", host
        )
        return None if plain and not numeric else f"url:a.href:ambiguous-visible:{host}"
    if scheme not in ("http", "https"):
        return f"url:a.href:{scheme or 'relative'}"
    return None if _allowed(host, link_hosts) else f"url:a.href:{host}"
