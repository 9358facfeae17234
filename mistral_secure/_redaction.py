"""PII and secret redaction in one linear-time pass, with a per-request restore vault."""

from __future__ import annotations

import bisect
import hashlib
import hmac
import re
import secrets
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, NoReturn

import re2

from ._recognizers import BUILTIN_ENTITIES, BUILTIN_PATTERNS, SECRET_ENTITIES, BuiltinPattern

__all__ = [
    "MAX_VAULT_ENTRIES",
    "SECRET_ENTITIES",
    "Entity",
    "Recognizer",
    "Redaction",
    "find_entities",
    "redact",
]

#: Distinct values one :class:`Redaction` remembers. Past it, values are still redacted,
#: with an unnumbered ``<TYPE>`` placeholder that ``restore`` leaves as is.
MAX_VAULT_ENTRIES = 10_000

Mode = Literal["replace", "mask", "hash"]
_MODES = ("replace", "mask", "hash")
_ENTITY_NAME = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
_PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_]{0,63}(?:_\d{1,6}|:[0-9a-f]{8})>")
_CONTEXT_WINDOW = 64
_MAX_RESCANS = 1024
_MAX_RESCAN_SPAN = 64
_MAX_REJECTED = 4096
_MAX_MEMO = 4096
_MAX_MEMO_VALUE = 128

_UNANCHORED = re2._Anchor.UNANCHORED
_ANCHOR_START = re2._Anchor.ANCHOR_START
_ANCHOR_BOTH = re2._Anchor.ANCHOR_BOTH


@dataclass(frozen=True, slots=True)
class Entity:
    """One redacted span. It never holds the original value, so its repr is safe to log."""

    type: str
    start: int
    end: int
    placeholder: str
    provider: str | None = None


@dataclass(frozen=True, eq=True)
class Recognizer:
    """A user-defined entity: an RE2 ``pattern`` (plus an optional ``validator`` of the
    matched value), or a ``deny`` list of literal values matched case-insensitively.

    ``context``: when given, a match counts only if one of these words (case-insensitive)
    appears within 64 characters before or after it.
    """

    entity: str
    pattern: str | None = None
    validator: Callable[[str], bool] | None = None
    deny: tuple[str, ...] = field(default=(), repr=False)
    context: tuple[str, ...] = ()
    provider: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.entity, str) or not _ENTITY_NAME.fullmatch(self.entity):
            raise ValueError("Recognizer entity must be an UPPER_SNAKE_CASE name")
        if isinstance(self.deny, str) or isinstance(self.context, str):
            raise TypeError("Recognizer deny and context take a collection of strings")
        object.__setattr__(self, "deny", tuple(self.deny))
        object.__setattr__(self, "context", tuple(w.casefold() for w in self.context))
        if (self.pattern is None) == (not self.deny):
            raise ValueError("Recognizer needs exactly one of pattern= or deny=")
        if any(not isinstance(v, str) or not v for v in self.deny):
            raise ValueError("Recognizer deny values must be non-empty strings")
        if self.pattern is not None:
            try:
                regex = re2.compile(self.pattern)
            except re2.error:
                raise ValueError(
                    f"Recognizer {self.entity}: pattern is not valid RE2 syntax "
                    "(no look-around or back-references)"
                ) from None
            if regex.match("") is not None:
                raise ValueError(f"Recognizer {self.entity}: pattern matches the empty string")

    def __repr__(self) -> str:
        kind = (
            f"pattern, validator={self.validator is not None}"
            if self.pattern
            else (f"deny=<{len(self.deny)} values>")
        )
        return f"Recognizer({self.entity!r}, {kind})"

    def _regex(self) -> str:
        if self.pattern is not None:
            return self.pattern
        literals = sorted({v.casefold() for v in self.deny}, key=len, reverse=True)
        parts = []
        for lit in literals:
            # RE2's \b knows ASCII word characters only.
            head = r"\b" if lit[0].isascii() and (lit[0].isalnum() or lit[0] == "_") else ""
            tail = r"\b" if lit[-1].isascii() and (lit[-1].isalnum() or lit[-1] == "_") else ""
            parts.append(head + re2.escape(lit) + tail)
        return "(?i:" + "|".join(parts) + ")"

    def _accepts(self, text: str, start: int, end: int) -> bool:
        value = text[start:end]
        if self.deny:
            if value.casefold() not in {v.casefold() for v in self.deny}:
                return False
            # Whole words only, also for non-ASCII letters that RE2's \b does not know.
            before = text[max(0, start - 4) : start][-1:]
            after = text[end : end + 4][:1]
            if (before.isalnum() and value[0].isalnum()) or (
                after.isalnum() and value[-1].isalnum()
            ):
                return False
        if self.validator is not None and not self.validator(value):
            return False
        if self.context:
            around = text[max(0, start - _CONTEXT_WINDOW) : end + _CONTEXT_WINDOW].casefold()
            return any(word in around for word in self.context)
        return True


_new = object.__new__
_set_type, _set_start, _set_end, _set_placeholder, _set_provider = (
    Entity.__dict__[name].__set__ for name in ("type", "start", "end", "placeholder", "provider")
)


def _entity(etype: str, start: int, end: int, placeholder: str, provider: str | None) -> Entity:
    """``Entity(...)`` without the frozen dataclass ``__init__`` (one call per slot there)."""
    entity: Entity = _new(Entity)
    _set_type(entity, etype)
    _set_start(entity, start)
    _set_end(entity, end)
    _set_placeholder(entity, placeholder)
    _set_provider(entity, provider)
    return entity


# (start, end, type, placeholder, provider): an Entity before it is built.
_Found = tuple[int, int, str, str, "str | None"]

# One alternative of a combined scan: (entity, provider, validator(text, start, end)).
_Check = Callable[[str, int, int], "tuple[int, int] | None"]


@dataclass(frozen=True, slots=True)
class _Alt:
    entity: str
    provider: str | None
    check: _Check | None


class _Scanner:
    """Runs one combined RE2 pattern; re-tries the remaining alternatives at the same start
    when a candidate fails validation, so a failed card number can still be a phone.
    With ``same_values``, a rejected candidate whose exact value was accepted elsewhere is
    kept too (built-in patterns; a custom deny list rejects by word boundary on purpose).

    The combined pattern has no capturing groups: RE2 then finds spans with its DFA alone,
    several times faster than extracting submatches. Which alternative matched is asked of
    an RE2 ``Set`` anchored on the span, then confirmed in context (``\\b`` at the edges).
    """

    def __init__(
        self, regexes: Sequence[bytes], alts: Sequence[_Alt], *, same_values: bool = False
    ) -> None:
        self._alts = tuple(alts)
        self._same_values = same_values
        self._regexes = tuple(b"(?:" + r + b")" for r in regexes)
        # The compiled RE2 objects are used directly: the public wrapper builds a Python
        # match object per hit, which costs more than the scan itself on short messages.
        self._singles = tuple(self._compile(r) for r in self._regexes)
        self._combined = self._compile(b"|".join(self._regexes))
        self._tails: dict[int, Any] = {}
        self._set = re2.Set.FullMatchSet(self._options())
        for regex in self._regexes:
            self._set.Add(regex)
        self._set.Compile()
        self._set_match = self._set._set.Match
        self._checks = tuple(alt.check for alt in self._alts)
        self._hits: dict[bytes, list[int]] = {}

    @staticmethod
    def _options() -> Any:
        options = re2.Options()
        options.max_mem = 64 << 20
        return options

    def _compile(self, regex: bytes) -> Any:
        return re2.compile(regex, self._options())._regexp

    def _tail(self, after: int) -> Any:
        tail = self._tails.get(after)
        if tail is None:
            tail = self._tails[after] = self._compile(b"|".join(self._regexes[after + 1 :]))
        return tail

    def _which(self, data: bytes, start: int, end: int, first: int) -> int:
        """The highest-priority alternative (index >= first) matching exactly [start, end)."""
        value = data[start:end]
        hits = self._hits.get(value)
        if hits is None:
            # Values recur (one address all over an answer): ask the Set once per value.
            hits = self._set_match(value)
            if len(hits) > 1:
                hits.sort()
            if len(value) <= _MAX_MEMO_VALUE:
                if len(self._hits) >= _MAX_MEMO:
                    self._hits.clear()
                self._hits[value] = hits
        if first:
            hits = [k for k in hits if k >= first]
        if len(hits) == 1:
            return hits[0]  # the alternative that matched in context is always among the hits
        singles = self._singles
        for k in hits[:-1]:
            if singles[k].Match(_ANCHOR_BOTH, data, start, end)[0][0] >= 0:
                return k
        return hits[-1] if hits else -1

    def scan_alts(self, text: str, data: bytes) -> list[tuple[int, int, _Alt]]:
        """:meth:`scan`, with the alternative itself in place of its index."""
        found = self.scan(text, data)
        if not found:
            return []
        alts = self._alts
        return [(s, e, alts[k]) for s, e, k in found]

    def scan(self, text: str, data: bytes) -> list[tuple[int, int, int]]:
        """Return validated (start, end, alternative) spans, in order, not overlapping."""
        n = len(data)
        search = self._combined.Match
        # Most segments hold no candidate at all: one DFA pass, nothing else set up.
        start, end = search(_UNANCHORED, data, 0, n)[0]
        if start < 0:
            return []
        found: list[tuple[int, int, int]] = []
        rejected: list[tuple[int, int]] = []
        which = self._which
        checks = self._checks
        last = len(checks) - 1
        same_values = self._same_values
        rescans = _MAX_RESCANS
        while True:
            k = which(data, start, end, 0)
            if k < 0:
                pos = end if end > start else start + 1
            else:
                check = checks[k]
                span = (start, end) if check is None else check(text, start, end)
                if span is None and k < last:
                    span, k = self._retry(text, data, start, k)
                if span is not None:
                    found.append((span[0], span[1], k))
                    end = span[1] if span[1] > start else start + 1
                elif same_values and len(rejected) < _MAX_REJECTED:
                    rejected.append((start, end))
                if span is None and rescans > 0 and end - start <= _MAX_RESCAN_SPAN:
                    # A failed candidate may hide a real one inside it ("1 4111 ... 1111"):
                    # look again from the next character. Only short candidates, a bounded
                    # number of times, so that hostile text stays linear.
                    rescans -= 1
                    end = start + 1
                pos = end if end > start else start + 1
            if pos >= n:
                break
            start, end = search(_UNANCHORED, data, pos, n)[0]
            if start < 0:
                break
        if rejected and found:
            return _same_values(text, found, rejected)
        return found

    def _retry(
        self, text: str, data: bytes, start: int, failed: int
    ) -> tuple[tuple[int, int] | None, int]:
        n = len(data)
        while failed < len(self._alts) - 1:
            s, e = self._tail(failed).Match(_ANCHOR_START, data, start, n)[0]
            if s < 0:
                break
            failed = self._which(data, s, e, failed + 1)
            if failed < 0:
                break
            check = self._alts[failed].check
            span = (s, e) if check is None else check(text, s, e)
            if span is not None:
                return span, failed
        return None, failed


def _same_values(
    text: str, found: list[tuple[int, int, int]], rejected: list[tuple[int, int]]
) -> list[tuple[int, int, int]]:
    """Add rejected candidates whose exact value was accepted elsewhere in the text.

    A validator may refuse a value for its surroundings ("555-2671 0" looks like a longer
    number); once the same value counts as PII in one place, it is PII everywhere, and its
    placeholder must not sit next to the value itself.
    """
    values = {text[s:e]: k for s, e, k in found}
    extra = [(s, e, values[v]) for s, e in rejected if (v := text[s:e]) in values]
    if not extra:
        return found
    starts = [s for s, _, _ in found]
    kept = list(found)
    for span in extra:
        i = bisect.bisect_right(starts, span[0])
        if (i == 0 or found[i - 1][1] <= span[0]) and (i == len(found) or span[1] <= starts[i]):
            kept.append(span)
    kept.sort()
    # Two rejected candidates may overlap each other: keep the first.
    out = kept[:1]
    for span in kept[1:]:
        if span[0] >= out[-1][1]:
            out.append(span)
    return out


def _builtin_alt(p: BuiltinPattern) -> _Alt:
    return _Alt(p.entity, p.provider, p.validator)


@lru_cache(maxsize=64)
def _builtin_scanner(enabled: frozenset[str]) -> _Scanner | None:
    chosen = [p for p in BUILTIN_PATTERNS if p.entity in enabled]
    if not chosen:
        return None
    return _Scanner([p.regex for p in chosen], [_builtin_alt(p) for p in chosen], same_values=True)


@lru_cache(maxsize=64)
def _custom_scanner(recognizers: tuple[Recognizer, ...]) -> _Scanner:
    regexes = [r._regex().encode("utf-8") for r in recognizers]
    alts = [_Alt(r.entity, r.provider, _custom_check(r)) for r in recognizers]
    return _Scanner(regexes, alts)


def _custom_check(r: Recognizer) -> _Check:
    def check(text: str, start: int, end: int) -> tuple[int, int] | None:
        return (start, end) if r._accepts(text, start, end) else None

    return check


class _Utf8Offsets:
    """Maps UTF-8 byte offsets to str offsets, forward only (matches come in order)."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._byte = 0
        self._char = 0

    def __call__(self, offset: int) -> int:
        if offset < self._byte:
            return len(self._data[:offset].decode("utf-8"))
        self._char += len(self._data[self._byte : offset].decode("utf-8"))
        self._byte = offset
        return self._char


def _scan_custom(text: str, recognizers: tuple[Recognizer, ...]) -> list[tuple[int, int, _Alt]]:
    scanner = _custom_scanner(recognizers)
    if text.isascii():
        return [(s, e, scanner._alts[k]) for s, e, k in scanner.scan(text, text.encode())]
    data = text.encode("utf-8")
    to_char = _Utf8Offsets(data)
    byte_spans = scanner.scan(_ByteView(data), data)
    return [(to_char(s), to_char(e), scanner._alts[k]) for s, e, k in byte_spans]


class _ByteView(str):
    """A str view of UTF-8 bytes with byte offsets, for custom checks on non-ASCII text."""

    def __new__(cls, data: bytes) -> _ByteView:
        return super().__new__(cls, data.decode("latin-1"))

    def __getitem__(self, key: Any) -> str:
        piece = str.__getitem__(self, key)
        return piece.encode("latin-1").decode("utf-8", "replace")


def _enabled(entities: Collection[str] | None, recognizers: Sequence[Recognizer]) -> frozenset[str]:
    custom = {r.entity for r in recognizers}
    if entities is None:
        return BUILTIN_ENTITIES | custom
    names = {entities} if isinstance(entities, str) else set(entities)
    if any(not isinstance(n, str) for n in names):
        raise TypeError("entities must be a collection of entity names (str)")
    valid = BUILTIN_ENTITIES | custom
    unknown = names - valid
    if unknown:
        raise ValueError(
            f"unknown entities {sorted(unknown)}; valid entities: {', '.join(sorted(valid))}"
        )
    return frozenset(names)


def _check_text(text: object, func: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{func}() expects str, got {type(text).__name__}")
    return text


def _check_recognizers(recognizers: Iterable[Recognizer]) -> tuple[Recognizer, ...]:
    out = tuple(recognizers)
    for r in out:
        if not isinstance(r, Recognizer):
            raise TypeError(f"recognizers must be Recognizer instances, got {type(r).__name__}")
    return out


def _allowed(allow: Collection[str]) -> frozenset[str]:
    if isinstance(allow, str):
        allow = (allow,)
    return frozenset(v.casefold() for v in allow)


@dataclass(frozen=True, slots=True)
class _Plan:
    """What one combination of arguments scans with, resolved and validated once."""

    builtin: _Scanner | None
    custom: tuple[Recognizer, ...]
    allowed: frozenset[str]


def _make_plan(
    entities: Collection[str] | None, recognizers: Sequence[Recognizer], allow: Collection[str]
) -> _Plan:
    recs = _check_recognizers(recognizers)
    enabled = _enabled(entities, recs)
    allowed = _allowed(allow)
    return _Plan(
        _builtin_scanner(enabled & BUILTIN_ENTITIES),
        tuple(r for r in recs if r.entity in enabled),
        allowed,
    )


# Callers pass the same arguments on every call (a sanitizer, a guard, the defaults), so
# the plan is looked up by them. Only immutable containers make a key: a list or a
# generator could change or run dry between two calls.
_PLANS: dict[tuple[object, object, object], _Plan] = {}
_MAX_PLANS = 256
_KEYED = frozenset({type(None), str, tuple, frozenset})


def _plan(
    entities: Collection[str] | None, recognizers: Sequence[Recognizer], allow: Collection[str]
) -> _Plan:
    if type(recognizers) is not tuple or type(entities) not in _KEYED:
        return _make_plan(entities, recognizers, allow)
    if type(allow) not in _KEYED:
        return _make_plan(entities, recognizers, allow)
    key = (entities, recognizers, allow)
    try:
        plan = _PLANS.get(key)
    except TypeError:  # an unhashable member: validation says what is wrong with it
        return _make_plan(entities, recognizers, allow)
    if plan is None:
        plan = _make_plan(entities, recognizers, allow)
        if len(_PLANS) >= _MAX_PLANS:
            _PLANS.clear()
        _PLANS[key] = plan
    return plan


def _detect(
    text: str,
    entities: Collection[str] | None,
    recognizers: Sequence[Recognizer],
    allow: Collection[str],
) -> list[tuple[int, int, _Alt]]:
    """Validated, non-overlapping spans in text order."""
    if not isinstance(text, str):
        _check_text(text, "redact")
    plan = _plan(entities, recognizers, allow)
    if not text:
        return []
    scanner = plan.builtin
    spans: list[tuple[int, int, _Alt]] = []
    if scanner is not None:
        spans = scanner.scan_alts(text, text.encode("ascii", "replace"))
    if plan.custom:
        spans = _resolve(_scan_custom(text, plan.custom), spans)
    if plan.allowed and spans:
        allowed = plan.allowed
        spans = [sp for sp in spans if text[sp[0] : sp[1]].casefold() not in allowed]
    return spans


def _resolve(
    custom: list[tuple[int, int, _Alt]], builtin: list[tuple[int, int, _Alt]]
) -> list[tuple[int, int, _Alt]]:
    """Overlaps: secrets first, then the longest span, then custom over built-in, then leftmost."""
    ranked = sorted(
        [(sp, 0) for sp in custom] + [(sp, 1) for sp in builtin],
        key=lambda item: (
            item[0][2].entity not in SECRET_ENTITIES,
            item[0][0] - item[0][1],
            item[1],
            item[0][0],
        ),
    )
    kept: list[tuple[int, int, _Alt]] = []
    taken: list[tuple[int, int]] = []
    for sp, _ in ranked:
        if all(sp[1] <= s or sp[0] >= e for s, e in taken):
            kept.append(sp)
            taken.append((sp[0], sp[1]))
    kept.sort(key=lambda sp: sp[0])
    return kept


# --- placeholders -----------------------------------------------------------------------


def _mask(entity: str, value: str) -> str:
    if entity in SECRET_ENTITIES:
        return "********"  # neither prefix nor length of a secret
    if entity == "EMAIL_ADDRESS":
        local, _, domain = value.rpartition("@")
        host, dot, tld = domain.rpartition(".")
        return f"{local[:1]}***@{host[:1]}{'*' * max(len(host) - 1, 1)}{dot}{tld}"
    keep = {"CREDIT_CARD": 4, "US_SSN": 4, "IBAN_CODE": 4, "PHONE_NUMBER": 2}.get(entity, 0)
    out = []
    for ch in reversed(value):
        if ch.isalnum() and keep > 0:
            keep -= 1
            out.append(ch)
        else:
            out.append("*" if ch.isalnum() else ch)
    masked = "".join(reversed(out))
    return value[:2] + masked[2:] if entity == "IBAN_CODE" else masked


class Redaction:
    """The redacted ``text``, its ``entities``, and a private vault for :meth:`restore`.

    The vault lives only in this object: it cannot be pickled or copied, and neither
    ``repr`` nor ``str`` shows anything but counts.
    """

    __slots__ = ("_entities", "_found", "_text", "_vault")

    def __init__(
        self, text: str, found: Sequence[_Found] = (), vault: dict[str, str] | None = None
    ) -> None:
        self._text = text
        self._found = found
        self._entities: tuple[Entity, ...] | None = None
        self._vault = vault or {}

    @property
    def text(self) -> str:
        """The text with every entity replaced."""
        return self._text

    @property
    def entities(self) -> tuple[Entity, ...]:
        """The redacted spans, with offsets in the original text."""
        if self._entities is None:
            # Built on first use: most callers only need the text and the counts.
            self._entities = tuple(_entity(t, s, e, p, v) for s, e, t, p, v in self._found)
        return self._entities

    @property
    def counts(self) -> dict[str, int]:
        """Number of redacted spans per entity type."""
        return dict(Counter(found[2] for found in self._found))

    def restore(self, other: str) -> str:
        """Put the original values back into ``other`` (typically the model's answer).

        Placeholders may appear in any order and any number of times; unknown ones stay.
        """
        _check_text(other, "restore")
        if not self._vault or "<" not in other:
            return other
        vault = self._vault
        return _PLACEHOLDER.sub(lambda m: vault.get(m.group(), m.group()), other)

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in sorted(self.counts.items()))
        return f"Redaction(entities={len(self._found)}{', ' if counts else ''}{counts})"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("Redaction holds original values and cannot be pickled or copied")

    def __reduce_ex__(self, protocol: object) -> NoReturn:
        raise TypeError("Redaction holds original values and cannot be pickled or copied")

    def __getstate__(self) -> NoReturn:
        raise TypeError("Redaction holds original values and cannot be pickled or copied")


class _Numbering:
    """Numbers placeholders per type, skipping any already written in the text itself, so a
    literal ``<EMAIL_ADDRESS_1>`` (a template, an earlier redaction) never names a new value."""

    __slots__ = ("_numbers", "_taken")

    def __init__(self, text: str) -> None:
        self._numbers: dict[str, int] = {}
        self._taken = frozenset(_PLACEHOLDER.findall(text)) if "<" in text else frozenset()

    def next(self, etype: str) -> str:
        number = self._numbers.get(etype, 0)
        if not self._taken:
            number += 1
            self._numbers[etype] = number
            return f"<{etype}_{number}>"
        while True:
            number += 1
            placeholder = f"<{etype}_{number}>"
            if placeholder not in self._taken:
                self._numbers[etype] = number
                return placeholder


def redact(
    text: str,
    *,
    entities: Collection[str] | None = None,
    mode: Mode = "replace",
    allow: Collection[str] = (),
    recognizers: Sequence[Recognizer] = (),
) -> Redaction:
    """Replace PII and secrets in ``text``.

    ``mode``: ``"replace"`` gives ``<EMAIL_ADDRESS_1>``-style placeholders, the same one for
    the same value; ``"hash"`` gives ``<EMAIL_ADDRESS:3f9c01d2>`` (HMAC-SHA256 under a
    random key drawn for this call); ``"mask"`` gives ``j***@e******.com`` and cannot be
    restored. ``allow`` lists values to keep (case-insensitive).
    """
    if mode not in _MODES:
        raise ValueError(f"mode must be one of {', '.join(_MODES)}, got {mode!r}")
    spans = _detect(text, entities, recognizers, allow)
    if not spans:
        return Redaction(text)
    key = secrets.token_bytes(16) if mode == "hash" else b""
    # Placeholders per type, then per value: no key tuple built per span.
    by_type: dict[str, dict[str, str]] = {}
    vault: dict[str, str] = {}
    numbering = _Numbering(text)
    pieces: list[str] = []
    found: list[_Found] = []
    append_piece = pieces.append
    append_found = found.append
    last = 0
    for start, end, alt in spans:
        value = text[start:end]
        etype = alt.entity
        by_value = by_type.get(etype)
        if by_value is None:
            by_value = by_type[etype] = {}
        placeholder = by_value.get(value)
        if placeholder is None:
            if mode == "mask":
                placeholder = _mask(etype, value)
            elif len(vault) >= MAX_VAULT_ENTRIES:
                placeholder = f"<{etype}>"
            else:
                if mode == "hash":
                    digest = hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:8]
                    placeholder = f"<{etype}:{digest}>"
                else:
                    placeholder = numbering.next(etype)
                vault[placeholder] = value
            by_value[value] = placeholder
        append_piece(text[last:start])
        append_piece(placeholder)
        append_found((start, end, etype, placeholder, alt.provider))
        last = end
    pieces.append(text[last:])
    return Redaction("".join(pieces), found, vault)


def find_entities(
    text: str,
    *,
    entities: Collection[str] | None = None,
    recognizers: Sequence[Recognizer] = (),
    allow: Collection[str] = (),
) -> tuple[Entity, ...]:
    """Detect without redacting. ``placeholder`` is the one :func:`redact` would use."""
    spans = _detect(text, entities, recognizers, allow)
    if not spans:
        return ()
    by_type: dict[str, dict[str, str]] = {}
    numbering = _Numbering(text)
    out = []
    for start, end, alt in spans:
        etype = alt.entity
        by_value = by_type.get(etype)
        if by_value is None:
            by_value = by_type[etype] = {}
        value = text[start:end]
        placeholder = by_value.get(value)
        if placeholder is None:
            placeholder = by_value[value] = numbering.next(etype)
        out.append(_entity(etype, start, end, placeholder, alt.provider))
    return tuple(out)
