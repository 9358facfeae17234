"""Conversations: one bounded, expiring vault per conversation.

A value keeps the same placeholder for the whole conversation (``jane@example.com`` is
``<EMAIL_ADDRESS_1>`` on every turn), so history the application stores with real values is
redacted again, consistently, each time it leaves, and any placeholder of any turn can be
put back in an answer or a tool call. The vault lives only in memory: it cannot be pickled
or copied, its repr shows counts, and after ``policy.conversation.ttl`` seconds without use
its values are forgotten.

``Guard.conversation(key)`` returns the conversation for ``key`` (a chat session id, a
LangChain ``session_id``/``thread_id``, a LlamaIndex chat store key), kept in a bounded
least-recently-used table; ``Guard.conversation()`` returns a fresh one that is not kept.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Callable,
    Iterable,
    Iterator,
    Mapping,
    Sequence,
)
from contextvars import ContextVar, Token
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypeVar

from ._redaction import (
    _PLACEHOLDER,
    SECRET_ENTITIES,
    Entity,
    Redaction,
    _mask,
    find_entities,
    hash_placeholder,
)
from ._validate import require_str

if TYPE_CHECKING:
    from ._guard import Guard, GuardedStream, InputCheck, MessagesCheck, OutputCheck

__all__ = ["ContextValues", "Conversation", "ConversationTable", "current_conversation"]

_T = TypeVar("_T")
Mode = Literal["replace", "mask", "hash"]

_CURRENT: ContextVar[Conversation | None] = ContextVar("mistral_secure_conversation", default=None)


def current_conversation() -> Conversation | None:
    """The conversation activated with ``with conversation.activate():`` in this context.

    A tool called during a guarded run reads its run's values here:
    ``current_conversation().restore(text)``. ``None`` outside any activation.
    """
    return _CURRENT.get()


class _Activation:
    """``with conversation.activate():`` sets :func:`current_conversation` for the block."""

    __slots__ = ("_conversation", "_token")

    def __init__(self, conversation: Conversation) -> None:
        self._conversation = conversation
        self._token: Token[Conversation | None] | None = None

    def __enter__(self) -> Conversation:
        self._token = _CURRENT.set(self._conversation)
        return self._conversation

    def __exit__(self, *exc: object) -> None:
        if self._token is not None:
            _CURRENT.reset(self._token)
            self._token = None


class Conversation:
    """One conversation's vault, and the guard's checks bound to it.

    Built by :meth:`Guard.conversation`. Every check made through it (or with
    ``conversation=`` on the guard's own methods) redacts with this vault: a value keeps
    its placeholder on every turn and in every message, and :attr:`redaction` restores any
    of them. Thread-safe. Holds at most ``policy.conversation.max_values`` values; after
    ``policy.conversation.ttl`` seconds without use its values are forgotten. It cannot be
    pickled or copied, and its repr shows counts only.
    """

    __slots__ = (
        "__weakref__",
        "_blocked",
        "_clock",
        "_guard",
        "_hash_key",
        "_last",
        "_literals",
        "_lock",
        "_max_values",
        "_numbers",
        "_placeholders",
        "_ttl",
        "_values",
        "key",
    )

    def __init__(
        self,
        guard: Guard,
        key: str | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        policy = guard.policy.conversation
        self._guard = guard
        self.key = key
        self._max_values = policy.max_values
        self._ttl = policy.ttl
        self._clock = clock
        self._lock = threading.Lock()
        # (type, value) -> placeholder, and placeholder -> (type, value, provider)
        self._placeholders: dict[tuple[str, str], str] = {}
        self._values: dict[str, tuple[str, str, str | None]] = {}
        self._numbers: dict[str, int] = {}
        # Placeholder-shaped text a message held before the vault issued it ("our tag is
        # <EMAIL_ADDRESS_1>"): never issued later, so the model can tell it from a value.
        self._literals: set[str] = set()
        # Keyed digests of untrusted messages this conversation refused (never the text).
        self._blocked: OrderedDict[bytes, None] = OrderedDict()
        self._hash_key = secrets.token_bytes(16)
        self._last = clock()

    # -- the vault -----------------------------------------------------------------------

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def __repr__(self) -> str:
        with self._lock:
            counts: dict[str, int] = {}
            for etype, _, _ in self._values.values():
                counts[etype] = counts.get(etype, 0) + 1
        shown = ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
        return f"Conversation(values={sum(counts.values())}{', ' if shown else ''}{shown})"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("Conversation holds original values and cannot be pickled or copied")

    def __reduce_ex__(self, protocol: object) -> NoReturn:
        raise TypeError("Conversation holds original values and cannot be pickled or copied")

    def __copy__(self) -> NoReturn:
        raise TypeError("Conversation holds original values and cannot be pickled or copied")

    def __deepcopy__(self, memo: object) -> NoReturn:
        raise TypeError("Conversation holds original values and cannot be pickled or copied")

    @property
    def guard(self) -> Guard:
        """The guard whose policy this conversation's checks apply."""
        return self._guard

    @property
    def expired(self) -> bool:
        """Whether the conversation went unused for longer than its time to live."""
        return self._clock() - self._last > self._ttl

    def clear(self) -> None:
        """Forget every value (placeholders already sent can no longer be restored)."""
        with self._lock:
            self._clear()

    def _clear(self) -> None:
        self._placeholders.clear()
        self._values.clear()
        self._numbers.clear()
        self._literals.clear()
        self._blocked.clear()
        self._hash_key = secrets.token_bytes(16)

    def _touch(self) -> None:
        now = self._clock()
        if now - self._last > self._ttl:
            self._clear()
        self._last = now

    def _placeholder(
        self, etype: str, value: str, provider: str | None, taken: frozenset[str]
    ) -> str:
        known = self._placeholders.get((etype, value))
        if known is not None:
            return known
        if len(self._values) >= self._max_values:
            return f"<{etype}>"
        number = self._numbers.get(etype, 0)
        while True:
            number += 1
            placeholder = f"<{etype}_{number}>"
            if (
                placeholder not in taken
                and placeholder not in self._values
                and placeholder not in self._literals
            ):
                break
        self._numbers[etype] = number
        self._placeholders[(etype, value)] = placeholder
        self._values[placeholder] = (etype, value, provider)
        return placeholder

    def _redact(self, text: str, mode: Mode) -> Redaction:
        """``text`` redacted with this vault (``replace``), or one-way (``mask``/``hash``).

        The returned Redaction's entities are this text's; its own vault is empty: restore
        with :attr:`redaction`, which covers the whole conversation.
        """
        policy = self._guard.policy.redaction
        detected = find_entities(
            text, entities=policy.entities, allow=policy.allow, ner=policy.ner_recognizer
        )
        with self._lock:
            self._touch()
            if "<" in text:
                for literal in _PLACEHOLDER.findall(text):
                    if literal not in self._values and len(self._literals) < self._max_values:
                        self._literals.add(literal)
            found = self._with_known_values(text, detected)
        if not found:
            return Redaction(text)
        taken = frozenset(_PLACEHOLDER.findall(text)) if "<" in text else frozenset()
        pieces: list[str] = []
        spans: list[tuple[int, int, str, str, str | None]] = []
        fresh: list[tuple[str, str]] = []
        last = 0
        with self._lock:
            self._touch()
            for entity in found:
                value = text[entity.start : entity.end]
                if mode == "replace":
                    if (entity.type, value) not in self._placeholders:
                        fresh.append((entity.type, value))
                    placeholder = self._placeholder(entity.type, value, entity.provider, taken)
                elif mode == "hash":
                    placeholder = hash_placeholder(entity.type, value, self._hash_key)
                else:
                    placeholder = _mask(entity.type, value)
                pieces.append(text[last : entity.start])
                pieces.append(placeholder)
                spans.append((entity.start, entity.end, entity.type, placeholder, entity.provider))
                last = entity.end
        pieces.append(text[last:])
        for etype, value in fresh:
            # Found only by its context: no rule finds it bare, where the guard's index text
            # (a condensed question embedded outside this conversation) may carry it.
            if not find_entities(
                value, entities=policy.entities, allow=policy.allow, ner=policy.ner_recognizer
            ):
                self._guard._context_values.add(etype, value)
        return Redaction("".join(pieces), spans)

    def _digest(self, text: str) -> bytes:
        raw = text.encode("utf-8", "surrogatepass")
        return hmac.new(self._hash_key, raw, hashlib.sha256).digest()

    def _note_refused(self, text: str) -> None:
        """Remember a refused untrusted message, so its replay from history is recognised."""
        with self._lock:
            self._touch()
            digest = self._digest(text)
            self._blocked[digest] = None
            self._blocked.move_to_end(digest)
            while len(self._blocked) > self._max_values:
                self._blocked.popitem(last=False)

    def _was_refused(self, text: str) -> bool:
        with self._lock:
            self._touch()
            return self._digest(text) in self._blocked

    def _hash_known_values(self, text: str, key: bytes) -> str:
        """``text`` with each value this conversation holds as a one-way ``<TYPE:hash>``
        under ``key`` (the placeholder :meth:`Guard.redact_for_index` gives that value)."""
        with self._lock:
            self._touch()
            known = self._with_known_values(text, ())
        pieces: list[str] = []
        last = 0
        for entity in known:
            placeholder = hash_placeholder(entity.type, text[entity.start : entity.end], key)
            pieces += [text[last : entity.start], placeholder]
            last = entity.end
        pieces.append(text[last:])
        return "".join(pieces)

    def _with_known_values(self, text: str, detected: Sequence[Entity]) -> list[Entity]:
        """``detected`` plus every other occurrence of a value this conversation holds.

        A value found by its context ("my one-time code is 482913") comes back bare in the
        restored answer the app stores ("Noted 482913"), where no rule finds it again; the
        vault knows it, so history never leaves with it in clear. Caller holds the lock.
        """
        if not self._values:
            return list(detected)
        taken = [(e.start, e.end) for e in detected]
        extra: list[Entity] = []
        # Longest first, so a value inside a longer one does not split it.
        for etype, value, provider in sorted(self._values.values(), key=lambda v: -len(v[1])):
            start = text.find(value)
            while start != -1:
                end = start + len(value)
                # Whole tokens only: "4829" is not found inside "14829".
                bounded = not (
                    (start > 0 and text[start - 1].isalnum() and value[0].isalnum())
                    or (end < len(text) and text[end].isalnum() and value[-1].isalnum())
                )
                if bounded and all(end <= s or start >= e for s, e in taken):
                    taken.append((start, end))
                    extra.append(Entity(etype, start, end, "", provider))
                start = text.find(value, start + 1)
        if not extra:
            return list(detected)
        return sorted([*detected, *extra], key=lambda e: e.start)

    @property
    def redaction(self) -> Redaction:
        """A restore handle covering every value of the conversation so far.

        Pass it as ``restore=`` to :meth:`Guard.check_output` or :meth:`Guard.stream_session`.
        """
        with self._lock:
            self._touch()
            spans = [(0, 0, t, p, prov) for p, (t, _, prov) in self._values.items()]
            vault = {p: v for p, (_, v, _) in self._values.items()}
        return Redaction("", spans, vault)

    def restore(self, text: str) -> str:
        """Put the conversation's values back in ``text``; secrets stay placeholders."""
        require_str(text, "text")
        if "<" not in text:
            return text
        with self._lock:
            self._touch()
            values = self._values

            def value(match: Any) -> str:
                found = values.get(match.group())
                if found is None or found[0] in SECRET_ENTITIES:
                    return str(match.group())
                return found[1]

            return _PLACEHOLDER.sub(value, text)

    def restore_data(self, value: _T) -> _T:
        """``value`` (str, dict, list, tuple, pydantic model) with every string restored."""
        from ._structured import map_strings

        return map_strings(value, self.restore)

    def activate(self) -> _Activation:
        """``with conversation.activate():`` makes it :func:`current_conversation` there."""
        return _Activation(self)

    # -- checks bound to this conversation -------------------------------------------------

    def check_input(self, text: str, *, defer_moderation: bool = False) -> InputCheck:
        """:meth:`Guard.check_input` with this conversation's vault."""
        return self._guard.check_input(text, conversation=self, defer_moderation=defer_moderation)

    async def acheck_input(self, text: str, *, defer_moderation: bool = False) -> InputCheck:
        """Async :meth:`check_input`."""
        return await self._guard.acheck_input(
            text, conversation=self, defer_moderation=defer_moderation
        )

    def check_messages(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        system_prompts: Sequence[str] = (),
        defer_moderation: bool = False,
    ) -> MessagesCheck:
        """:meth:`Guard.check_messages` with this conversation's vault."""
        return self._guard.check_messages(
            messages,
            conversation=self,
            system_prompts=system_prompts,
            defer_moderation=defer_moderation,
        )

    async def acheck_messages(
        self,
        messages: Sequence[Mapping[str, Any]],
        *,
        system_prompts: Sequence[str] = (),
        defer_moderation: bool = False,
    ) -> MessagesCheck:
        """Async :meth:`check_messages`."""
        return await self._guard.acheck_messages(
            messages,
            conversation=self,
            system_prompts=system_prompts,
            defer_moderation=defer_moderation,
        )

    def check_context(self, texts: Sequence[str]) -> list[str]:
        """:meth:`Guard.check_context` with this conversation's vault."""
        return self._guard.check_context(texts, conversation=self)

    def check_output(self, text: str) -> OutputCheck:
        """:meth:`Guard.check_output`, restoring this conversation's values."""
        return self._guard.check_output(text, restore=self.redaction)

    async def acheck_output(self, text: str) -> OutputCheck:
        """Async :meth:`check_output`."""
        return await self._guard.acheck_output(text, restore=self.redaction)

    def stream_session(self) -> GuardedStream:
        """:meth:`Guard.stream_session`, restoring this conversation's values."""
        return self._guard.stream_session(restore=self.redaction)

    def guard_stream(self, chunks: Iterable[str]) -> Iterator[str]:
        """:meth:`Guard.guard_stream`, restoring this conversation's values."""
        return self._guard.guard_stream(chunks, restore=self.redaction)

    def aguard_stream(self, chunks: AsyncIterable[str]) -> AsyncIterator[str]:
        """Async :meth:`guard_stream`."""
        return self._guard.aguard_stream(chunks, restore=self.redaction)

    def check_structured(self, value: _T) -> _T:
        """:meth:`Guard.check_structured`, restoring this conversation's values."""
        return self._guard.check_structured(value, conversation=self)

    async def acheck_structured(self, value: _T) -> _T:
        """Async :meth:`check_structured`."""
        return await self._guard.acheck_structured(value, conversation=self)

    def check_tool_arguments(self, arguments: _T, *, sanitize: bool | None = None) -> _T:
        """:meth:`Guard.check_tool_arguments`, restoring this conversation's values."""
        return self._guard.check_tool_arguments(arguments, conversation=self, sanitize=sanitize)


class ConversationTable:
    """The conversations a guard keeps by key: bounded (least recently used goes first) and
    expiring (a conversation unused for ``ttl`` seconds is dropped and its values wiped)."""

    def __init__(self, guard: Guard, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._guard = guard
        self._clock = clock
        self._lock = threading.Lock()
        self._table: OrderedDict[str, Conversation] = OrderedDict()

    def __len__(self) -> int:
        with self._lock:
            return len(self._table)

    def __repr__(self) -> str:
        return f"ConversationTable(conversations={len(self)})"

    def get(self, key: str) -> Conversation:
        policy = self._guard.policy.conversation
        with self._lock:
            conversation = self._table.get(key)
            if conversation is not None and conversation.expired:
                conversation.clear()
            if conversation is None:
                conversation = Conversation(self._guard, key, clock=self._clock)
                self._table[key] = conversation
            self._table.move_to_end(key)
            while len(self._table) > policy.max_conversations:
                _, dropped = self._table.popitem(last=False)
                dropped.clear()
            self._expire()
        return conversation

    def _expire(self) -> None:
        # Oldest first: stop at the first one still alive.
        while self._table:
            key, oldest = next(iter(self._table.items()))
            if not oldest.expired:
                return
            del self._table[key]
            oldest.clear()

    def drop(self, key: str) -> None:
        with self._lock:
            conversation = self._table.pop(key, None)
        if conversation is not None:
            conversation.clear()


# The punctuation that may end or open a sentence around a token (not part of the value).
_EDGE = ".,;:!?()[]{}<>\"'`*_"


class ContextValues:
    """Keyed digests of values found only by their context, for a guard's index text.

    A one-time code or a password is found by the words around it ("my code is 482913");
    bare, no recognizer finds it, and an embedding request built outside its conversation
    (a condensed question, a query) would carry it in clear. Conversations report such
    values here; :meth:`Guard.redact_for_index` hashes any whole token equal to one. It
    holds keyed digests under a random key (never the values) and their lengths, at most
    ``max_values`` (oldest dropped). Guard-wide: a value one conversation gave is hashed in
    another's index text too (more redaction, never less). Thread-safe.
    """

    __slots__ = ("_digests", "_key", "_lengths", "_lock", "_max_values")

    def __init__(self, max_values: int) -> None:
        self._max_values = max_values
        self._key = secrets.token_bytes(16)
        self._lock = threading.Lock()
        self._digests: OrderedDict[bytes, tuple[str, int]] = OrderedDict()  # -> (type, len)
        self._lengths: Counter[int] = Counter()

    def __len__(self) -> int:
        with self._lock:
            return len(self._digests)

    def __repr__(self) -> str:
        return f"ContextValues(values={len(self)})"

    def _digest(self, value: str) -> bytes:
        # Keyed BLAKE2b: a keyed digest like HMAC-SHA256, four times cheaper per token.
        raw = value.encode("utf-8", "surrogatepass")
        return hashlib.blake2b(raw, key=self._key, digest_size=16).digest()

    def add(self, etype: str, value: str) -> None:
        """Remember ``value`` (one token: a value holding spaces is not checked per token)."""
        if not value or any(c.isspace() for c in value):
            return
        digest = self._digest(value)
        with self._lock:
            if digest in self._digests:
                self._digests.move_to_end(digest)
                return
            self._digests[digest] = (etype, len(value))
            self._lengths[len(value)] += 1
            while len(self._digests) > self._max_values:
                _, (_, length) = self._digests.popitem(last=False)
                self._lengths[length] -= 1
                if not self._lengths[length]:
                    del self._lengths[length]

    def hash_in(self, text: str, key: bytes) -> str:
        """``text`` with each whole token equal to a remembered value as ``<TYPE:hash>``
        under ``key`` (the placeholder :meth:`Guard.redact_for_index` gives that value)."""
        with self._lock:
            if not self._lengths:
                return text
            lengths = frozenset(self._lengths)
            # A snapshot (a copy of at most max_values entries): no lock per token.
            known = {digest: etype for digest, (etype, _) in self._digests.items()}
        # Tokens shorter than every value are skipped by the regex engine, not in Python.
        tokens = re.compile(rf"\S{{{min(lengths)},}}")
        pieces: list[str] = []
        last = 0
        for match in tokens.finditer(text):
            start, end = match.span()
            if text[start] not in _EDGE and text[end - 1] not in _EDGE:
                # The common token: no edge punctuation, one candidate.
                if end - start not in lengths:
                    continue
                etype = known.get(self._digest(match.group()))
                if etype is None:
                    continue
            else:
                found = self._find(text, start, end, lengths, known)
                if found is None:
                    continue
                etype, start, end = found
            pieces += [text[last:start], hash_placeholder(etype, text[start:end], key)]
            last = end
        if not pieces:
            return text
        pieces.append(text[last:])
        return "".join(pieces)

    def _find(
        self, text: str, start: int, end: int, lengths: frozenset[int], known: dict[bytes, str]
    ) -> tuple[str, int, int] | None:
        """The remembered value this token is, the token without some of its edge
        punctuation ("482913." ends a sentence; "hunter2!" keeps its "!"), or None."""
        inner_start, inner_end = start, end
        while inner_start < inner_end and text[inner_start] in _EDGE:
            inner_start += 1
        while inner_end > inner_start and text[inner_end - 1] in _EDGE:
            inner_end -= 1
        for s in range(start, inner_start + 1):
            for e in range(end, inner_end - 1, -1):
                if e - s in lengths:
                    etype = known.get(self._digest(text[s:e]))
                    if etype is not None:
                        return etype, s, e
        return None
