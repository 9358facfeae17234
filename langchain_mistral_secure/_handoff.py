"""Hand-over of the input check's outcome from ``InputGuard`` to ``OutputGuard``.

LangChain runs each step of a ``|`` sequence with its own copy of the config and of the
context variables, so nothing a step writes there reaches the next step. What every step of
one sequence run does share is the id of that run: it is the ``parent_run_id`` of each
step's own run. The hand-over table is keyed by that id, so concurrent invocations and the
items of one batch never see each other's vault. ``OutputGuard`` pops its entry; entries
that are never collected (the model failed) expire, and the table is bounded.

It also holds what lets ``OutputGuard`` leave alone what a guarded model of the same guard
already guarded (:func:`guard_marker`, :class:`GuardedStrings`): guarding an answer twice
would redact the user's values the model had just put back.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from uuid import UUID

from mistral_secure import Conversation, Guard, InputCheck, MessagesCheck, Redaction

__all__ = [
    "GuardedStrings",
    "Handoff",
    "InputOutcome",
    "guard_marker",
    "guarded_strings",
    "handoff_for",
]

_MAX_RUNS = 4096
_TTL_SECONDS = 900.0


@dataclass(frozen=True, slots=True, repr=False)
class InputOutcome:
    """What ``InputGuard`` found: the restore handle and counts, never text."""

    redaction: Redaction | None
    rule_ids: tuple[str, ...] = ()
    injection_score: float | None = None
    entity_counts: dict[str, int] = field(default_factory=dict)
    flags: tuple[str, ...] = ()
    #: A check whose input moderation still runs (the output guard confirms it first).
    check: InputCheck | MessagesCheck | None = None
    #: The vault that redacted the input: a guarded model of the same run redacts and
    #: restores with it too, so the answer it restores needs nothing more.
    conversation: Conversation | None = None

    def __repr__(self) -> str:
        return (
            f"InputOutcome(rule_ids={self.rule_ids!r}, entities={self.entity_counts!r}, "
            f"flags={self.flags!r})"
        )


class Handoff:
    """A bounded, expiring table of :class:`InputOutcome` keyed by the enclosing run's id."""

    def __init__(
        self,
        *,
        max_runs: int = _MAX_RUNS,
        ttl: float = _TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._entries: OrderedDict[UUID, tuple[float, InputOutcome]] = OrderedDict()
        self._lock = threading.Lock()
        self._max_runs = max_runs
        self._ttl = ttl
        self._clock = clock

    def __repr__(self) -> str:
        return f"Handoff(runs={len(self)})"

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def _expire(self, now: float) -> None:
        while self._entries:
            run_id, (stamp, _) = next(iter(self._entries.items()))
            if now - stamp < self._ttl and len(self._entries) <= self._max_runs:
                return
            del self._entries[run_id]

    def put(self, run_id: UUID, outcome: InputOutcome) -> None:
        """Record the outcome of the input check made within run ``run_id``."""
        with self._lock:
            now = self._clock()
            self._entries[run_id] = (now, outcome)
            self._entries.move_to_end(run_id)
            self._expire(now)

    def peek(self, run_id: UUID | None) -> InputOutcome | None:
        """The outcome recorded for ``run_id``, left in place (for audit callbacks)."""
        if run_id is None:
            return None
        with self._lock:
            self._expire(self._clock())
            entry = self._entries.get(run_id)
        return entry[1] if entry is not None else None

    def pop(self, run_id: UUID | None) -> InputOutcome | None:
        """Take the outcome recorded for ``run_id`` (the output guard collects it once)."""
        if run_id is None:
            return None
        with self._lock:
            self._expire(self._clock())
            entry = self._entries.pop(run_id, None)
        return entry[1] if entry is not None else None


# One table per Guard: guards built from the same Guard share it. Entries are per run.
_TABLES: weakref.WeakKeyDictionary[Guard, Handoff] = weakref.WeakKeyDictionary()
_TABLES_LOCK = threading.Lock()


def handoff_for(guard: Guard) -> Handoff:
    """The hand-over table that the LangChain guards built from ``guard`` share."""
    with _TABLES_LOCK:
        table = _TABLES.get(guard)
        if table is None:
            table = _TABLES[guard] = Handoff()
        return table


# -- what a guarded model already guarded -----------------------------------------------------

_MARKERS: weakref.WeakKeyDictionary[Guard, str] = weakref.WeakKeyDictionary()


def guard_marker(guard: Guard) -> str:
    """A random token naming ``guard`` in this process, for ``response_metadata``.

    A guarded model writes it on its answers; ``OutputGuard`` of the same guard then knows
    the answer is final. Random, so no answer from the API or another guard can carry it.
    """
    with _TABLES_LOCK:
        marker = _MARKERS.get(guard)
        if marker is None:
            marker = _MARKERS[guard] = secrets.token_hex(8)
        return marker


class GuardedStrings:
    """Digests of the strings a guarded model handed out as final (tool-call arguments).

    A parser builds a structured answer from those arguments; ``OutputGuard`` passes the
    answer through when every string in it is one of them. Only keyed digests are kept, never
    text; bounded and expiring.
    """

    def __init__(
        self,
        *,
        max_strings: int = 8192,
        ttl: float = _TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._key = secrets.token_bytes(16)
        self._digests: OrderedDict[bytes, float] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_strings
        self._ttl = ttl
        self._clock = clock

    def __repr__(self) -> str:
        return f"GuardedStrings(strings={len(self)})"

    def __len__(self) -> int:
        with self._lock:
            return len(self._digests)

    def _digest(self, text: str) -> bytes:
        raw = text.encode("utf-8", "surrogatepass")
        return hashlib.blake2b(raw, key=self._key, digest_size=16).digest()

    def _expire(self, now: float) -> None:
        while self._digests:
            digest, stamp = next(iter(self._digests.items()))
            if now - stamp < self._ttl and len(self._digests) <= self._max:
                return
            del self._digests[digest]

    def remember(self, texts: list[str]) -> None:
        """Record ``texts`` as guarded output."""
        digests = [self._digest(t) for t in texts if t.strip()]
        if not digests:
            return
        with self._lock:
            now = self._clock()
            for digest in digests:
                self._digests[digest] = now
                self._digests.move_to_end(digest)
            self._expire(now)

    def covers(self, texts: list[str]) -> bool:
        """Whether every non-blank text in ``texts`` is guarded output (and there is one)."""
        digests = [self._digest(t) for t in texts if t.strip()]
        if not digests:
            return False
        with self._lock:
            self._expire(self._clock())
            return all(d in self._digests for d in digests)


_STRINGS: weakref.WeakKeyDictionary[Guard, GuardedStrings] = weakref.WeakKeyDictionary()


def guarded_strings(guard: Guard) -> GuardedStrings:
    """The registry of strings ``guard``'s guarded models handed out as final."""
    with _TABLES_LOCK:
        table = _STRINGS.get(guard)
        if table is None:
            table = _STRINGS[guard] = GuardedStrings()
        return table
