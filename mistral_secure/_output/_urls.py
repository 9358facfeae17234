"""URL policy: a destination is judged as a browser will parse it (WHATWG URL, via ada).

The renderer decodes entities and backslash escapes before a destination reaches the browser;
callers pass that decoded string. The browser then drops tabs and newlines, trims C0 controls
and spaces, reads ``\\`` as ``/`` in http(s) URLs, takes ``user@`` as credentials, maps IDN
labels to punycode and reads ``0x7f.1`` as ``127.0.0.1``. ada implements exactly that parser.
A destination whose host a reader could take for another one (credentials, backslashes,
percent-escapes or dots other than ``.`` in the host, numeric IPv4 forms) is refused: the
host the user sees must be the host the browser visits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from typing import Final

import ada_url

__all__ = ["DEFINITION", "IMAGE", "LINK", "URL_CAP", "VISIBLE", "UrlJudge", "host_rules"]

# Longest destination read; a longer one is refused (detail "too-long"), whatever its host.
URL_CAP: Final = 2048
SAFE_SCHEMES: Final = frozenset({"http", "https", "mailto"})

# WHATWG: leading/trailing C0 controls and spaces are trimmed, tab/LF/CR removed anywhere.
_TRIM = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_TAB_NL = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# The authority as a reader sees it: after "//" up to the first "/", "?" or "#".
_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[/\\]*([^/?#\\]*)")
_PORT = re.compile(r":[0-9]*$")
# Letters, digits, hyphens and dots (IDNs are punycode by now), or a bracketed IPv6 address.
_PLAIN_HOST = re.compile(
    r"[a-z0-9](?:[a-z0-9\-_]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-_]*[a-z0-9])?)*\.?|\[[0-9a-f:.]+\]"
)


def _to_ascii(host: str) -> str:
    """IDNA mapping as the URL parser does it; "" when the host cannot be mapped."""
    try:
        mapped = ada_url.idna_to_ascii(host)
    except (ValueError, UnicodeError):
        return ""
    return mapped.decode("ascii", "replace") if isinstance(mapped, bytes) else str(mapped)


def _disguised(host: str) -> bool:
    """Non-ASCII characters that stand for ASCII ones: fullwidth letters, "。" for ".".

    A real IDN label maps to punycode (``xn--``); a label that maps to plain ASCII, or
    to more than one label, was written to look like something else.
    """
    for label in host.split("."):
        if label.isascii():
            continue
        mapped = _to_ascii(label)
        if not mapped or "." in mapped or not mapped.startswith("xn--"):
            return True
        if any(not c.isascii() and unicodedata.normalize("NFKC", c).isascii() for c in label):
            return True
    return False


def host_rules(hosts: Collection[str], what: str) -> frozenset[str]:
    """Normalised host rules (lower case, punycode, no leading ``*.``); ``"*"`` allows any."""
    if isinstance(hosts, str):
        raise TypeError(f"{what} must be a collection of host names, not a str")
    out = set()
    for entry in hosts:
        if not isinstance(entry, str):
            raise TypeError(f"{what} entries must be str, got {type(entry).__name__}")
        host = entry.strip().lower().rstrip(".")
        if not host or "/" in host or " " in host or "@" in host or "\\" in host:
            raise ValueError(f"{what}: invalid host name entry")
        host = host.removeprefix("*.")
        if host != "*" and not host.isascii():
            host = _to_ascii(host)
            if not host:
                raise ValueError(f"{what}: invalid host name entry")
        out.add(host)
    return frozenset(out)


def _host_allowed(host: str, rules: frozenset[str]) -> bool:
    if "*" in rules:
        return True
    host = host.rstrip(".")
    return any(host == rule or host.endswith("." + rule) for rule in rules)


def _parse(url: str) -> tuple[bool, str]:
    """(ok so far, detail) for an http(s) URL: detail is the host, or why it is refused."""
    try:
        parsed = ada_url.parse_url(url)
    except ValueError:
        return False, "invalid"
    if parsed["username"] or parsed["password"]:
        return False, "userinfo"
    host = str(parsed["hostname"]).lower()
    if not host:
        return False, "no-host"
    if not _PLAIN_HOST.fullmatch(host):
        return False, "ambiguous-host"
    m = _AUTHORITY.match(url)
    seen = _PORT.sub("", m.group(1)).lower() if m else ""
    if seen != host:
        # The host a reader sees is not the one the browser visits: an IDN spelt in
        # Unicode is fine once mapped to punycode; nothing else is.
        mapped = _to_ascii(seen) if seen and not seen.isascii() and not _disguised(seen) else seen
        if not mapped or mapped.rstrip(".") != host.rstrip("."):
            return False, "ambiguous-host"
    if "\\" in url.split("?", 1)[0].split("#", 1)[0]:
        return False, "ambiguous-host"
    return True, host[:253]


class UrlJudge:
    """Judges destinations against host rules; verdicts are memoised for one call only.

    The memo lives as long as this object (one sanitization or one stream), so no URL, which
    may carry a secret in its query, outlives the call.
    """

    __slots__ = ("_memo", "image_hosts", "link_hosts")

    def __init__(self, image_hosts: frozenset[str], link_hosts: frozenset[str]) -> None:
        self.image_hosts = image_hosts
        self.link_hosts = link_hosts
        self._memo: dict[tuple[str, int], tuple[bool, str]] = {}

    def judge(self, url: str, *, kind: int) -> tuple[bool, str]:
        """(allowed, detail) for a destination; ``kind`` is LINK, IMAGE, DEFINITION or VISIBLE.

        VISIBLE is a bare URL a renderer may linkify: its text is its destination, so any
        host may stay as long as the browser would visit the host the reader sees.

        ``detail`` is a scheme, a host or a reason, never the path or the query.
        """
        key = (url, kind)
        verdict = self._memo.get(key)
        if verdict is None:
            verdict = self._judge(url, kind)
            if len(self._memo) < 512:
                self._memo[key] = verdict
        return verdict

    def _judge(self, url: str, kind: int) -> tuple[bool, str]:
        if kind == VISIBLE and len(url) > URL_CAP:
            # Its text is its destination: only the host needs reading.
            m = _AUTHORITY.match(url)
            url = url[: m.end()] if m else url[:URL_CAP]
        if len(url) > URL_CAP:
            return False, "too-long"
        cleaned = _TAB_NL.sub("", _TRIM.sub("", url))
        m = _SCHEME.match(cleaned)
        if m is None:
            return False, "relative"
        scheme = m.group(1).lower()
        if scheme not in SAFE_SCHEMES:
            return False, f"scheme:{scheme[:20]}"
        if scheme == "mailto":
            # Never an image source; a definition may serve an image.
            return kind == LINK, "mailto"
        ok, detail = _parse(cleaned)
        if not ok:
            return False, detail
        if kind == VISIBLE:
            return True, detail
        if kind == IMAGE:
            return _host_allowed(detail, self.image_hosts), detail
        if kind == DEFINITION:
            allowed = _host_allowed(detail, self.image_hosts) and _host_allowed(
                detail, self.link_hosts
            )
            return allowed, detail
        return _host_allowed(detail, self.link_hosts), detail


LINK: Final = 0
IMAGE: Final = 1
DEFINITION: Final = 2
VISIBLE: Final = 3
