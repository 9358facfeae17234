"""A logging filter that replaces anything key-shaped with its fingerprint.

Defence in depth: our own code never logs keys, but third-party debug logs (httpx,
httpcore, the SDK's ``MISTRAL_DEBUG`` logger) print requests, and an application may log
a config dict. The filter uses the redaction module's secret recognizers (``API_KEY``,
``PRIVATE_KEY``, ``JWT``), ``Authorization``/``Bearer`` header values, and any exact
secret values you register (a bare Mistral key has no recognisable prefix), and shows
``[API_KEY sk-a…3f9c01d2]`` instead.

Where it runs, after :func:`install_secret_filter` with no logger:

* a wrapper around the log-record factory scrubs the message (formatted with its args),
  the exception text and the stack of *every* record at creation, whichever logger made it
  and whichever handler (even one added later, like ``logging.basicConfig``'s) shows it;
* the record's attribute dict scrubs ``extra=`` values as ``Logger.makeRecord`` writes
  them, and the filter on each handler of the root logger scrubs them again (for records
  made by another factory).
"""

from __future__ import annotations

import base64
import logging
import re
import threading
import weakref
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Protocol
from urllib.parse import quote, quote_plus

import re2

from ._credential_names import WORDS_FOR_PASSWORDS, WORDS_FOR_TOKENS
from ._fingerprint import fingerprint
from ._validate import require_str

__all__ = ["SecretScrubbingFilter", "install_secret_filter", "uninstall_secret_filter"]

# The value after "Authorization: <scheme>" or "Bearer"; "[" excluded so an already
# obfuscated value ("[secure]", our own labels) is left alone.
_HEADER_VALUE = re2.compile(
    r"(?i)((?:authorization|x-api-key|api[_-]?key)[\"']?\s*[:=,]\s*b?[\"']?\s*"
    r"(?:(?:bearer|basic|token)\s+)?|bearer\s+)"
    r"([^\s\"',;)}\]\[]{8,})"
)
# Every key/JWT pattern of the recognizers contains a run of 16+ of [A-Za-z0-9_-] (a JWT's
# first segment too), a private key starts with "-----BEGIN", a header needs one of these
# words, and a password (any length) needs its name: a text without any of them takes the
# fast path (no recognizer scan).
_CANDIDATE_PATTERN = (
    r"[A-Za-z0-9_\-]{16,}|(?i:bearer|authorization|api[_-]?key|-----BEGIN)|" + WORDS_FOR_PASSWORDS
)
_CANDIDATE_LONG = re2.compile(_CANDIDATE_PATTERN)
# On short texts Python's re is several times cheaper to call than re2's wrapper; this
# pattern cannot backtrack more than 16 characters per position, and long texts use re2.
_CANDIDATE_SHORT = re.compile(_CANDIDATE_PATTERN)
_SHORT = 160
_MAX_DEPTH = 3

_MESSAGE_DONE = "_mistral_secure_scrubbed_message"
_EXTRAS_DONE = "_mistral_secure_scrubbed_extras"

_STANDARD_ATTRIBUTES = frozenset(
    {*logging.LogRecord("", 0, "", 0, "", (), None).__dict__, "message", "asctime", "taskName"}
)


def _label(kind: str, value: str) -> str:
    return f"[{kind} {fingerprint(value)}]"


# A field named for a secret (``extra={"api_key": ...}``, ``{"db_password": ...}``): its value
# is one whatever its shape, as in a config file. The recognizers' credential names, ending
# the field's name, so ``token_count`` or a cache ``key`` stay; a field is also a password
# when it is named ``pass`` alone, and a key after a few more words than text uses.
_PASSWORD_NAME = re.compile(
    r"(?:(?<![A-Za-z0-9])|(?=[_.-]))" + WORDS_FOR_PASSWORDS + r"$|(?i:^pass$)"
)
_KEY_NAME = re.compile(
    r"(?i)(?:^|[_.-])(?:" + WORDS_FOR_TOKENS + r"|(?:secret|private|signing|client|encryption)"
    r"[_-]?key|authorization|bearer|credentials?)$"
)


def _named_secret(name: object) -> str | None:
    if not isinstance(name, str) or len(name) > 64:
        return None
    if _PASSWORD_NAME.search(name):
        return "PASSWORD"
    return "API_KEY" if _KEY_NAME.search(name) else None


# An encoded secret is replaced with the run of its encoding's alphabet around it: the
# characters next to a base64 fragment still carry bits of the secret (and of ``user:`` in
# a ``Basic`` credential), a hex dump goes on past it.
_BASE64_RUN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/-_")
_HEX_RUN = frozenset("0123456789abcdefABCDEF")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-F]{2}")
# A secret's encoded forms, each with the alphabet of the run it is scrubbed with.
_Forms = tuple[tuple[str, frozenset[str]], ...]


def _base64_fragments(raw: bytes) -> set[str]:
    """What base64 of any text holding ``raw`` contains, whatever ``raw``'s offset in it.

    An offset of 0, 1 or 2 bytes (mod 3) shifts ``raw`` by 0, 2 or 4 bits in the sextets:
    the sextets that hold only ``raw``'s bits are the same wherever it stands, those at
    either end also hold bits of what comes before or after it.
    """
    fragments = set()
    for offset in range(3):
        encoded = base64.b64encode(bytes(offset) + raw).decode("ascii")
        fragment = encoded[-(-8 * offset // 6) : 8 * (offset + len(raw)) // 6]
        fragments.add(fragment)
        fragments.add(fragment.replace("+", "-").replace("/", "_"))  # the URL-safe alphabet
    return fragments


def _encoded_forms(secret: str) -> _Forms:
    """``secret`` as base64 (at any offset), hex and URL encoding write it, each with the
    alphabet of the run it is scrubbed with (empty: the form alone)."""
    raw = secret.encode("utf-8", "surrogatepass")
    forms: dict[str, frozenset[str]] = dict.fromkeys(_base64_fragments(raw), _BASE64_RUN)
    forms.update(dict.fromkeys((raw.hex(), raw.hex().upper()), _HEX_RUN))
    # Quoted as bytes: quoting the str raises on a lone surrogate, with the secret in the
    # exception's ``object``.
    for url in (quote(raw, safe=""), quote(raw), quote_plus(raw, safe=""), quote_plus(raw)):
        forms.setdefault(url, frozenset())
        forms.setdefault(_PERCENT_ESCAPE.sub(lambda m: m.group().lower(), url), frozenset())
    forms.pop(secret, None)  # a secret URL encoding leaves as it is is scrubbed as itself
    # Longest first, as the secrets.
    return tuple(sorted(forms.items(), key=lambda form: len(form[0]), reverse=True))


def _scrub_exact(text: str, secret: str, forms: _Forms) -> str:
    """``text`` with ``secret`` and its encoded ``forms`` replaced by its label."""
    label = ""
    if secret in text:
        label = _label("API_KEY", secret)
        text = text.replace(secret, label)
    for form, alphabet in forms:
        at = text.find(form)
        while at >= 0:
            label = label or _label("API_KEY", secret)
            start, end = at, at + len(form)
            if alphabet:
                while start > 0 and text[start - 1] in alphabet:
                    start -= 1
                while end < len(text) and text[end] in alphabet:
                    end += 1
                if alphabet is _BASE64_RUN:
                    while end < len(text) and text[end] == "=":
                        end += 1
            text = text[:start] + label + text[end:]
            at = text.find(form, start + len(label))
    return text


class _SecretHolder(Protocol):
    def _scrubbable_secrets(self) -> Iterable[str]: ...


# Objects that hold keys (every KeyPool registers itself). A bare Mistral key has no
# recognisable shape, so the filter also scrubs the exact keys the process holds. Weak
# references: registering never keeps a pool, or its keys, alive.
_HOLDERS: weakref.WeakSet[_SecretHolder] = weakref.WeakSet()
# The encoded forms of each holder's secrets, computed when they change and dropped with
# the holder (weak keys: the forms live no longer than the keys they encode).
_HELD_FORMS: weakref.WeakKeyDictionary[
    _SecretHolder, tuple[tuple[str, ...], tuple[tuple[str, _Forms], ...]]
] = weakref.WeakKeyDictionary()
_HELD_LOCK = threading.Lock()


def register_secret_holder(holder: _SecretHolder) -> None:
    """Scrub the exact secrets ``holder`` holds from every record, for as long as it lives."""
    _HOLDERS.add(holder)


def _held_secrets() -> list[str]:
    secrets = [s for holder in list(_HOLDERS) for s in holder._scrubbable_secrets()]
    # Longest first, so a key that contains another is replaced whole.
    return sorted(secrets, key=len, reverse=True) if len(secrets) > 1 else secrets


def _held_forms() -> list[tuple[str, _Forms]]:
    """Every held secret with its encoded forms, longest secret first."""
    held: list[tuple[str, _Forms]] = []
    for holder in list(_HOLDERS):
        secrets = tuple(holder._scrubbable_secrets())
        cached = _HELD_FORMS.get(holder)
        if cached is None or cached[0] != secrets:
            with _HELD_LOCK:
                cached = (secrets, tuple((s, _encoded_forms(s)) for s in secrets))
                _HELD_FORMS[holder] = cached
        held.extend(cached[1])
    if len(held) > 1:
        held.sort(key=lambda pair: len(pair[0]), reverse=True)
    return held


class SecretScrubbingFilter(logging.Filter):
    """Replace secrets in log records with fingerprints; never drops a record.

    ``secrets`` are exact values to scrub as well (for example the keys of a pool).
    """

    def __init__(self, name: str = "", *, secrets: Iterable[str] = ()) -> None:
        super().__init__(name)
        self._lock = threading.Lock()
        self._secrets: tuple[tuple[str, _Forms], ...] = ()
        for secret in secrets:
            self.add_secret(secret)

    def __repr__(self) -> str:
        return f"SecretScrubbingFilter(known_secrets={len(self._secrets)})"

    def add_secret(self, secret: str) -> None:
        """Also scrub this exact value wherever it appears."""
        require_str(secret, "secret")
        if len(secret) < 8:
            raise ValueError("a secret to scrub must be at least 8 characters long")
        with self._lock:
            if all(secret != known for known, _ in self._secrets):
                # Longest first, so a key that contains another is replaced whole; its
                # encoded forms are computed once, here.
                self._secrets = tuple(
                    sorted(
                        (*self._secrets, (secret, _encoded_forms(secret))),
                        key=lambda pair: len(pair[0]),
                        reverse=True,
                    )
                )

    def scrub(self, text: str) -> str:
        """Return ``text`` with every secret replaced by ``[TYPE fingerprint]``.

        A registered or held secret is also found base64- (at any offset in a longer
        encoded text, as in ``Basic`` credentials), hex- or URL-encoded.
        """
        for secret, forms in (*self._secrets, *_held_forms()):
            text = _scrub_exact(text, secret, forms)
        candidate = _CANDIDATE_SHORT if len(text) <= _SHORT else _CANDIDATE_LONG
        if candidate.search(text) is None:
            return text
        text = _HEADER_VALUE.sub(lambda m: m.group(1) + _label("API_KEY", m.group(2)), text)
        from ._redaction import SECRET_ENTITIES, find_entities

        found = find_entities(text, entities=SECRET_ENTITIES)
        if not found:
            return text
        pieces: list[str] = []
        last = 0
        for entity in found:
            pieces.append(text[last : entity.start])
            pieces.append(_label(entity.type, text[entity.start : entity.end]))
            last = entity.end
        pieces.append(text[last:])
        return "".join(pieces)

    def _scrub_value(self, value: Any, depth: int = 0, name: object = None) -> Any:
        if isinstance(value, str):
            named = _named_secret(name) if value and not value.startswith("[") else None
            return _label(named, value) if named else self.scrub(value)
        if depth >= _MAX_DEPTH:
            return value
        if isinstance(value, dict):
            return {k: self._scrub_value(v, depth + 1, k) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return type(value)(self._scrub_value(v, depth + 1) for v in value)
        return value

    def scrub_message(self, record: logging.LogRecord) -> None:
        """Scrub the message, exception text and stack of ``record`` in place."""
        # The mark is the identity of (msg, args) when scrubbed, not a flag: a record whose
        # message was set afterwards (``logging.makeLogRecord`` fills an empty record made
        # by the factory) is scrubbed again. Ids, not the objects, so records still pickle.
        if getattr(record, _MESSAGE_DONE, None) == (id(record.msg), id(record.args)):
            return
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: logging reports it at emit time
            message = None
        if message is not None:
            clean = self.scrub(message)
            if clean != message:
                record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self.scrub(record.stack_info)
        setattr(record, _MESSAGE_DONE, (id(record.msg), id(record.args)))

    def filter(self, record: logging.LogRecord) -> bool:
        """Scrub ``record`` (message, args, exception, ``extra=`` values); keep it."""
        self.scrub_message(record)
        if not getattr(record, _EXTRAS_DONE, False):
            for name in record.__dict__.keys() - _STANDARD_ATTRIBUTES:
                if name.startswith("_"):
                    continue
                value = record.__dict__[name]
                clean = self._scrub_value(value, name=name)
                if clean is not value and clean != value:
                    setattr(record, name, clean)
            if isinstance(getattr(record, "message", None), str):
                record.message = self.scrub(record.message)
            setattr(record, _EXTRAS_DONE, True)
        return True


class _ScrubbingRecordFactory:
    """Wraps the log-record factory so records are scrubbed as they are made."""

    def __init__(
        self, previous: Callable[..., logging.LogRecord], scrubber: SecretScrubbingFilter
    ) -> None:
        self.previous = previous
        self.scrubber = scrubber

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.previous(*args, **kwargs)
        self.scrubber.scrub_message(record)
        if type(record.__dict__) is dict:
            record.__dict__ = _ScrubbedAttributes(record.__dict__, self.scrubber)
        return record


class _ScrubbedAttributes(dict[str, Any]):
    """A record's ``__dict__`` that scrubs the ``extra=`` values written into it.

    ``Logger.makeRecord`` adds ``extra=`` with ``rv.__dict__[key] = value`` after the factory
    returns, so only the record's own dict sees them: handlers added after the filter was
    installed (``logging.basicConfig``, ``dictConfig``) then show them scrubbed too.
    """

    __slots__ = ("_scrubber",)

    def __init__(self, attributes: dict[str, Any], scrubber: SecretScrubbingFilter) -> None:
        super().__init__(attributes)
        self._scrubber = scrubber

    def __setitem__(self, key: str, value: Any) -> None:
        if isinstance(key, str) and key not in _STANDARD_ATTRIBUTES and not key.startswith("_"):
            value = self._scrubber._scrub_value(value, name=key)
        super().__setitem__(key, value)

    def __reduce__(self) -> tuple[Any, ...]:
        # A record pickles (QueueHandler, multiprocessing) with a plain dict.
        return (dict, (dict(self),))


class _Installed:
    lock: ClassVar[threading.Lock] = threading.Lock()
    default: ClassVar[SecretScrubbingFilter | None] = None
    targets: ClassVar[list[logging.Logger | logging.Handler]] = []


def _attach(target: logging.Logger | logging.Handler, scrubber: SecretScrubbingFilter) -> None:
    if scrubber not in target.filters:
        target.addFilter(scrubber)
        _Installed.targets.append(target)


def install_secret_filter(
    logger: logging.Logger | None = None, *, secrets: Iterable[str] = ()
) -> SecretScrubbingFilter:
    """Install the process-wide :class:`SecretScrubbingFilter` and return it. Idempotent.

    With no ``logger``: wrap the log-record factory (every record, every handler) and add
    the filter to each handler of the root logger (for ``extra=`` values). With a
    ``logger``: add it to that logger and its handlers too. ``secrets`` are exact values
    to scrub (they are kept in memory only, and shown nowhere).
    """
    if logger is not None and not isinstance(logger, logging.Logger):
        raise TypeError(f"logger must be a logging.Logger, got {type(logger).__name__}")
    with _Installed.lock:
        scrubber = _Installed.default
        if scrubber is None:
            scrubber = _Installed.default = SecretScrubbingFilter()
        for secret in secrets:
            scrubber.add_secret(secret)
        current = logging.getLogRecordFactory()
        if not isinstance(current, _ScrubbingRecordFactory):
            logging.setLogRecordFactory(_ScrubbingRecordFactory(current, scrubber))
        root = logging.getLogger()
        for handler in root.handlers:
            _attach(handler, scrubber)
        if logger is not None and logger is not root:
            _attach(logger, scrubber)
            for handler in logger.handlers:
                _attach(handler, scrubber)
        return scrubber


def uninstall_secret_filter() -> None:
    """Undo :func:`install_secret_filter`: restore the record factory, detach the filter."""
    with _Installed.lock:
        current = logging.getLogRecordFactory()
        if isinstance(current, _ScrubbingRecordFactory):
            logging.setLogRecordFactory(current.previous)
        scrubber = _Installed.default
        if scrubber is not None:
            for target in _Installed.targets:
                target.removeFilter(scrubber)
        _Installed.targets.clear()
        _Installed.default = None
