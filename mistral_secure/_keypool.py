"""A pool of API keys: rotation, quarantine of revoked keys, cool-down of rate-limited keys.

Key state (quarantined / cooling) lives behind the :class:`KeyStateBackend` protocol, keyed by
fingerprint, never by key. The default backend is in-process; a shared one (Redis) lets
several processes agree that a key is revoked.

Concurrency: every method is safe to call from many threads. No method awaits or sleeps, and
the locks are held only for a few dictionary operations, so calling them from an asyncio event
loop is safe too (with the in-process backend they never block on I/O).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NoReturn, Protocol, runtime_checkable

from pydantic import SecretStr

from ._exceptions import ConfigurationError, NoUsableKey, RateLimited
from ._fingerprint import fingerprint
from ._key_sources import EnvKeySource, KeySource
from ._logfilter import register_secret_holder
from ._validate import require_seconds

if TYPE_CHECKING:
    from ._auth import KeyPoolAuth

__all__ = [
    "ApiKey",
    "InProcessKeyStateBackend",
    "KeyPool",
    "KeyState",
    "KeyStateBackend",
    "KeyStatus",
    "RateBudget",
]

_log = logging.getLogger("mistral_secure.keys")

KeyState = Literal["active", "cooling", "quarantined"]
_STATES: tuple[KeyState, ...] = ("active", "cooling", "quarantined")
QUARANTINE_STATUSES = frozenset({401, 403})
COOLDOWN_STATUSES = frozenset({429})
_KEY_CHARS = re.compile(r"[\x21-\x7e]+")


class ApiKey:
    """An API key held as a secret: ``repr``/``str`` show its fingerprint only.

    It cannot be pickled (``TypeError``), so it does not leak into caches, task queues or
    multiprocessing payloads by accident.
    """

    __slots__ = ("_secret", "fingerprint")

    _secret: str
    fingerprint: str

    def __init__(self, secret: str | SecretStr) -> None:
        if isinstance(secret, SecretStr):
            secret = secret.get_secret_value()
        if not isinstance(secret, str):
            raise TypeError(f"API key must be str or SecretStr, got {type(secret).__name__}")
        if not secret:
            raise ConfigurationError("API key must not be empty")
        fp = fingerprint(secret)
        if not _KEY_CHARS.fullmatch(secret):
            raise ConfigurationError(f"API key {fp} contains whitespace or non-ASCII characters")
        object.__setattr__(self, "_secret", secret)
        object.__setattr__(self, "fingerprint", fp)

    def get_secret_value(self) -> str:
        """The key itself, for an ``Authorization`` header and nothing else."""
        return self._secret

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ApiKey is immutable")

    def __repr__(self) -> str:
        return f"ApiKey({self.fingerprint!r})"

    def __str__(self) -> str:
        return self.fingerprint

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ApiKey) and other._secret == self._secret

    def __hash__(self) -> int:
        return hash(self.fingerprint)

    def __reduce__(self) -> NoReturn:
        raise TypeError("ApiKey cannot be pickled: load keys from their source in each process")

    def __copy__(self) -> ApiKey:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> ApiKey:
        return self


@dataclass(frozen=True, slots=True)
class KeyStatus:
    """The state of one key; ``retry_after`` is the seconds left for a cooling key."""

    state: KeyState
    retry_after: float | None = None


@runtime_checkable
class KeyStateBackend(Protocol):
    """Where key state lives. Every method is one atomic operation keyed by fingerprint.

    Cool-downs are given as durations; the backend turns them into deadlines on its own clock
    (a shared backend should use one clock for everyone, e.g. Redis ``TIME`` or wall-clock
    ``time.time()``, never a per-process monotonic clock).
    """

    def mark_quarantined(self, fp: str) -> bool:
        """Quarantine ``fp`` until cleared. True if it was not quarantined before."""
        ...

    def mark_cooldown(self, fp: str, seconds: float) -> bool:
        """Cool ``fp`` down for ``seconds`` (never shortening a longer cool-down, never
        overriding a quarantine). True if the key was active before."""
        ...

    def clear(self, fp: str) -> bool:
        """Make ``fp`` active again. True if it was quarantined or cooling."""
        ...

    def states(self, fps: Sequence[str]) -> list[KeyStatus]:
        """The current status of each fingerprint, in order (expired cool-downs are active)."""
        ...

    def advance(self) -> int:
        """Return the round-robin counter and increment it (like Redis ``INCR``)."""
        ...

    # Optional, used by KeyPool.acquire when present (a shared backend saves a round trip):
    # def snapshot(self, fps: Sequence[str], advance: bool) -> tuple[list[KeyStatus], int | None]
    #     """states(fps) and, if ``advance``, advance(), as one operation."""


@runtime_checkable
class RateBudget(Protocol):
    """A request/token budget per key, consulted by :meth:`KeyPool.acquire` (e.g. Redis).

    ``max_wait`` bounds how long a caller (``KeyPoolAuth``) waits for budget before
    :class:`RateLimited` reaches it.
    """

    max_wait: float

    def take(self, fps: Sequence[str], tokens: int = 0) -> tuple[int, float]:
        """Spend one request and ``tokens`` from the first of ``fps`` with budget left.

        Return ``(its index, 0.0)``, or ``(-1, seconds until the soonest has budget)``.
        """
        ...


class InProcessKeyStateBackend:
    """The default backend: a dict behind a lock, with deadlines on ``clock``."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._quarantined: set[str] = set()
        self._cooling_until: dict[str, float] = {}
        self._counter = 0

    def mark_quarantined(self, fp: str) -> bool:
        with self._lock:
            self._cooling_until.pop(fp, None)
            if fp in self._quarantined:
                return False
            self._quarantined.add(fp)
            return True

    def mark_cooldown(self, fp: str, seconds: float) -> bool:
        with self._lock:
            if fp in self._quarantined:
                return False
            now = self._clock()
            until = now + max(0.0, seconds)
            previous = self._cooling_until.get(fp)
            was_active = previous is None or previous <= now
            if previous is None or until > previous:
                self._cooling_until[fp] = until
            return was_active

    def clear(self, fp: str) -> bool:
        with self._lock:
            was_quarantined = fp in self._quarantined
            self._quarantined.discard(fp)
            until = self._cooling_until.pop(fp, None)
            return was_quarantined or (until is not None and until > self._clock())

    def states(self, fps: Sequence[str]) -> list[KeyStatus]:
        with self._lock:
            now = self._clock()
            result: list[KeyStatus] = []
            for fp in fps:
                if fp in self._quarantined:
                    result.append(KeyStatus("quarantined"))
                    continue
                until = self._cooling_until.get(fp)
                if until is not None and until > now:
                    result.append(KeyStatus("cooling", until - now))
                else:
                    if until is not None:
                        del self._cooling_until[fp]
                    result.append(KeyStatus("active"))
            return result

    def quarantined(self) -> list[str]:
        """The fingerprints quarantined here."""
        with self._lock:
            return sorted(self._quarantined)

    def advance(self) -> int:
        with self._lock:
            value = self._counter
            self._counter += 1
            return value

    def __reduce__(self) -> tuple[Any, ...]:
        # State is per process by design; a copy starts clean.
        return (InProcessKeyStateBackend, ())


def _to_api_keys(keys: Iterable[object]) -> tuple[ApiKey, ...]:
    result: dict[str, ApiKey] = {}
    for key in keys:
        api_key = key if isinstance(key, ApiKey) else ApiKey(key)  # type: ignore[arg-type]
        result.setdefault(api_key.fingerprint, api_key)
    return tuple(result.values())


class KeyPool:
    """A set of API keys handed out in rotation, with failed keys taken out of use.

    - ``rotation_interval=None``: each :meth:`acquire` takes the next usable key (round-robin,
      spreading rate limits). A number: one key is used for that many seconds, then the next.
    - A key answered with 401/403 is quarantined: never used again until :meth:`release`.
      :meth:`refresh` reloads ``source``; new keys start active.
    - A key answered with 429 cools down for ``Retry-After`` seconds (``default_cooldown`` if
      absent, at most ``max_cooldown``).
    - When no key is usable, :meth:`acquire` raises :class:`NoUsableKey` with the counts.

    A pool cannot be pickled (``TypeError``): it holds keys. Build one per process.
    """

    def __init__(
        self,
        keys: Sequence[str | SecretStr | ApiKey] | None = None,
        *,
        source: KeySource | None = None,
        rotation_interval: float | None = None,
        backend: KeyStateBackend | None = None,
        budget: RateBudget | None = None,
        clock: Callable[[], float] = time.monotonic,
        default_cooldown: float = 1.0,
        max_cooldown: float = 300.0,
    ) -> None:
        if keys is not None and source is not None:
            raise ConfigurationError("give KeyPool keys= or source=, not both")
        if isinstance(keys, (str, bytes, SecretStr)):
            raise TypeError("keys must be a sequence of keys, not a single key; use [key]")
        if source is not None and not isinstance(source, KeySource):
            raise TypeError(f"source must be a KeySource, got {type(source).__name__}")
        if backend is not None and not isinstance(backend, KeyStateBackend):
            raise TypeError(f"backend must be a KeyStateBackend, got {type(backend).__name__}")
        if budget is not None and not isinstance(budget, RateBudget):
            raise TypeError(f"budget must be a RateBudget, got {type(budget).__name__}")
        self.budget = budget
        self.rotation_interval = (
            None
            if rotation_interval is None
            else require_seconds(rotation_interval, "rotation_interval")
        )
        self.default_cooldown = require_seconds(default_cooldown, "default_cooldown")
        self.max_cooldown = require_seconds(max_cooldown, "max_cooldown")
        self.source = source
        self._clock = clock
        self._backend: KeyStateBackend = backend or InProcessKeyStateBackend(clock)
        self._lock = threading.Lock()
        self._started = clock()
        self._current_fp: str | None = None
        if source is not None:
            loaded = _to_api_keys(source.load())
        elif keys is not None:
            loaded = _to_api_keys(keys)
        else:
            raise ConfigurationError("KeyPool needs keys= or source= (or use KeyPool.from_env())")
        if not loaded:
            raise ConfigurationError("KeyPool needs at least one API key")
        self._keys = loaded
        register_secret_holder(self)

    def _scrubbable_secrets(self) -> list[str]:
        """The raw keys, for the secret-scrubbing log filter only."""
        return [k.get_secret_value() for k in self._keys]

    @classmethod
    def from_env(cls, var: str = "MISTRAL_API_KEY", **kwargs: Any) -> KeyPool:
        """A pool over ``$var`` (comma-separated) and ``$var_1..N``."""
        return cls(source=EnvKeySource(var), **kwargs)

    @property
    def fingerprints(self) -> tuple[str, ...]:
        """The fingerprints of the pool's keys, in rotation order."""
        return tuple(k.fingerprint for k in self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def acquire(self, *, tokens: int = 0) -> ApiKey:
        """Return the key to use now; raise :class:`NoUsableKey` if none is usable.

        With a ``budget``, the key must also have budget left for one request and ``tokens``
        (an estimate); the next usable key is tried otherwise, and :class:`RateLimited`
        is raised when none has.
        """
        keys = self._keys
        fps = [k.fingerprint for k in keys]
        per_request = self.rotation_interval is None
        snapshot = getattr(self._backend, "snapshot", None)
        counter: int | None = None
        if snapshot is not None:
            statuses, counter = snapshot(fps, per_request)
        else:
            statuses = self._backend.states(fps)
        usable = [i for i, s in enumerate(statuses) if s.state == "active"]
        if not usable:
            raise self._no_usable_key(statuses)
        if self.rotation_interval is None:
            if counter is None:
                counter = self._backend.advance()
            first = counter % len(usable)
            order = usable[first:] + usable[:first]
        else:
            slot = int((self._clock() - self._started) // self.rotation_interval)
            start = slot % len(keys)
            order = sorted(usable, key=lambda i: (i - start) % len(keys))
        index = order[0]
        if self.budget is not None:
            position, wait = self.budget.take([fps[i] for i in order], tokens)
            if position < 0:
                raise RateLimited(retry_after=wait)
            index = order[position]
        key = keys[index]
        if not per_request and key.fingerprint != self._current_fp:
            with self._lock:
                previous, self._current_fp = self._current_fp, key.fingerprint
            if previous is not None:
                _log.info("rotated from API key %s to %s", previous, key.fingerprint)
        return key

    def _no_usable_key(self, statuses: Sequence[KeyStatus]) -> NoUsableKey:
        counts: dict[str, int] = {}
        for s in statuses:
            counts[s.state] = counts.get(s.state, 0) + 1
        waits = [s.retry_after for s in statuses if s.retry_after is not None]
        return NoUsableKey(states=counts, retry_after=min(waits) if waits else None)

    def report(self, key: ApiKey, status: int, *, retry_after: float | None = None) -> None:
        """Tell the pool how the API answered a request made with ``key``.

        401/403 quarantine the key; 429 cools it down for ``retry_after`` seconds.
        """
        if not isinstance(key, ApiKey):
            raise TypeError(f"key must be an ApiKey, got {type(key).__name__}")
        if status in QUARANTINE_STATUSES:
            self._quarantine(key.fingerprint, f"HTTP {status}")
        elif status in COOLDOWN_STATUSES:
            seconds = self.default_cooldown if retry_after is None else retry_after
            seconds = min(max(seconds, 0.0), self.max_cooldown)
            if self._backend.mark_cooldown(key.fingerprint, seconds):
                _log.info(
                    "API key %s cooling down for %.1fs after HTTP %d",
                    key.fingerprint,
                    seconds,
                    status,
                )

    def quarantine(self, key: ApiKey | str) -> None:
        """Take a key out of use until :meth:`release`."""
        self._quarantine(self._fingerprint_of(key), "manual")

    def _quarantine(self, fp: str, reason: str) -> None:
        if self._backend.mark_quarantined(fp):
            _log.warning("API key %s quarantined (%s)", fp, reason)

    def release(self, key: ApiKey | str) -> None:
        """Put a quarantined or cooling key back into use."""
        fp = self._fingerprint_of(key)
        if self._backend.clear(fp):
            _log.info("API key %s released", fp)

    def _fingerprint_of(self, key: ApiKey | str) -> str:
        if isinstance(key, ApiKey):
            return key.fingerprint
        if not isinstance(key, str):
            raise TypeError(f"key must be an ApiKey or a fingerprint, got {type(key).__name__}")
        fps = self.fingerprints
        if key in fps:
            return key
        fp = fingerprint(key)
        if fp in fps:
            return fp
        raise ValueError("that key is not in this pool")

    def refresh(self) -> int:
        """Reload keys from ``source``; return how many there are. Keys quarantined before
        stay quarantined; keys new to the pool start active."""
        if self.source is None:
            raise ConfigurationError("this KeyPool has no source to refresh from")
        loaded = _to_api_keys(self.source.load())
        if not loaded:
            raise ConfigurationError("KeyPool needs at least one API key")
        with self._lock:
            added = set(k.fingerprint for k in loaded) - set(self.fingerprints)
            self._keys = loaded
        _log.info(
            "loaded %d API key(s) from %s (%d new)",
            len(loaded),
            self.source.describe(),
            len(added),
        )
        return len(loaded)

    def status(self) -> dict[str, int]:
        """How many keys are ``active``, ``cooling`` and ``quarantined``."""
        counts: dict[str, int] = dict.fromkeys(_STATES, 0)
        for s in self._backend.states(list(self.fingerprints)):
            counts[s.state] += 1
        return counts

    def auth(self, *, max_wait: float = 5.0) -> KeyPoolAuth:
        """An ``httpx.Auth`` / ``httpx2.Auth`` that signs requests with this pool's keys.

        ``max_wait``: when every key is cooling down and the first is usable within this many
        seconds, the request waits for it instead of failing with :class:`NoUsableKey`.
        """
        from ._auth import KeyPoolAuth

        return KeyPoolAuth(self, max_wait=max_wait)

    def __repr__(self) -> str:
        counts = self.status()
        detail = ", ".join(f"{n} {state}" for state, n in counts.items() if n)
        rotation = (
            "per request"
            if self.rotation_interval is None
            else f"every {self.rotation_interval:g}s"
        )
        return f"KeyPool({len(self._keys)} keys: {detail}; rotation {rotation})"

    def __reduce__(self) -> NoReturn:
        raise TypeError("KeyPool cannot be pickled: it holds API keys; build one per process")
