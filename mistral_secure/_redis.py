"""State shared by many replicas through Redis: key state, rate budget, moderation cache.

Three pieces, each usable alone, all on one :class:`RedisConnection`:

* :class:`RedisKeyStateBackend` (``KeyPool(backend=...)``): quarantined keys, cool-downs
  (Redis TTLs) and the rotation counter, keyed by key fingerprint;
* :class:`RedisRateBudget` (``KeyPool(budget=...)``): a token bucket per key on Redis's
  clock, for requests per second and tokens per minute across the fleet;
* :class:`RedisModerationCache` (``Moderator(cache=...)``): verdicts by content hash.

Redis only ever holds fingerprints, counters and scores: no key, no text. Every update is one
Lua script (atomic, one round trip). When Redis is unreachable or slow (socket timeouts of
``timeout`` seconds), each piece keeps working on in-process state, a warning is logged
once per outage, and Redis is tried again after a back-off.

The clients are synchronous (``redis.Redis``): ``KeyPool`` and ``Moderator`` call their
backends synchronously, from sync and async code alike. Each call is one round trip on a
pooled connection (~0.1 ms on loopback) and is bounded by ``timeout``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from ._exceptions import ConfigurationError
from ._keypool import InProcessKeyStateBackend, KeyStatus
from ._moderation import LRUModerationCache, ModerationItem
from ._validate import require_int, require_positive, require_seconds, require_str

if TYPE_CHECKING:
    import redis

__all__ = [
    "REDIS_URL_ENV",
    "RedisConnection",
    "RedisKeyStateBackend",
    "RedisModerationCache",
    "RedisRateBudget",
]

REDIS_URL_ENV = "MISTRAL_SECURE_REDIS_URL"
_SCHEMES = frozenset({"redis", "rediss", "unix"})
_T = TypeVar("_T")

_log = logging.getLogger("mistral_secure.redis")


def _import_redis() -> Any:
    try:
        import redis
    except ImportError:
        raise ImportError(
            "the Redis backends need the 'redis' package: pip install 'mistral-secure[redis]'"
        ) from None
    return redis


def _check_prefix(prefix: object) -> str:
    require_str(prefix, "prefix")
    assert isinstance(prefix, str)
    if not prefix or any(c.isspace() for c in prefix):
        raise ConfigurationError("prefix must be non-empty and contain no whitespace")
    return prefix


class _Unavailable(Exception):
    """Internal: Redis is down or backing off; use local state."""


class RedisConnection:
    """A Redis client plus the outage circuit shared by the backends built on it.

    ``url``: ``redis://[user:password@]host:port/db``, ``rediss://`` for TLS, or
    ``unix://``; default ``$MISTRAL_SECURE_REDIS_URL``. Or pass a ready ``client``
    (a sync ``redis.Redis``). ``timeout`` bounds connecting and every command: long
    enough that a loaded host does not look like an outage, short enough that a hung
    Redis costs each in-flight request at most that.

    The circuit opens once per outage (not once per failing request): every backend then
    works on in-process state. After ``retry_interval`` seconds one caller at a time
    probes Redis (PING); while it stays down the interval doubles up to
    ``max_retry_interval``. When a probe answers, what was learnt during the outage is
    written back, then shared state resumes: Redis is back in use within
    ``max_retry_interval + timeout`` seconds of being reachable.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        client: redis.Redis | None = None,
        timeout: float = 0.5,
        retry_interval: float = 0.5,
        max_retry_interval: float = 1.0,
    ) -> None:
        self.timeout = require_seconds(timeout, "timeout")
        self.retry_interval = require_seconds(retry_interval, "retry_interval")
        self.max_retry_interval = max(
            require_seconds(max_retry_interval, "max_retry_interval"), self.retry_interval
        )
        lib = _import_redis()
        self._errors: tuple[type[BaseException], ...] = (lib.RedisError, OSError)
        if client is not None:
            if url is not None:
                raise ConfigurationError("give RedisConnection url= or client=, not both")
            if not isinstance(client, lib.Redis):
                raise TypeError(
                    f"client must be a sync redis.Redis, got {type(client).__name__} "
                    "(the key pool and moderation cache call Redis synchronously)"
                )
            self.client: redis.Redis = client
            kwargs = client.connection_pool.connection_kwargs
            self._where = f"{kwargs.get('host', kwargs.get('path', '?'))}:{kwargs.get('port', '')}"
        else:
            if url is None:
                url = os.environ.get(REDIS_URL_ENV)
                if not url:
                    raise ConfigurationError(
                        f"no Redis URL: pass url= or set {REDIS_URL_ENV} (redis://host:port/0)"
                    )
            require_str(url, "url")
            self._where = _describe(url)
            from redis.backoff import NoBackoff
            from redis.retry import Retry

            # No client-side retries: one failed round trip switches to local state at once.
            self.client = lib.Redis.from_url(
                url,
                socket_timeout=self.timeout,
                socket_connect_timeout=self.timeout,
                retry=Retry(NoBackoff(), 0),
                health_check_interval=0,
            )
        self._lock = threading.Lock()
        self._down = False
        self._down_until = 0.0
        self._backoff = self.retry_interval
        self._probing = False
        # Counts outages: a failure of a command sent before the current outage began (or
        # before the last one ended) belongs to an outage already handled.
        self._epoch = 0
        self._on_reconnect: list[Callable[[], None]] = []
        self._replaying: int | None = None

    @property
    def available(self) -> bool:
        """False while Redis is considered down (between failures and the next try)."""
        return not self._down

    def call(self, operation: Callable[[redis.Redis], _T]) -> _T:
        """Run ``operation`` on the client; raise ``_Unavailable`` if Redis is down."""
        if self._down and self._replaying != threading.get_ident():
            self._probe()
        epoch = self._epoch
        try:
            return operation(self.client)
        except self._errors as exc:
            self._failed(exc, epoch)
            raise _Unavailable from None

    def _failed(self, exc: BaseException, epoch: int) -> None:
        with self._lock:
            if self._down or epoch != self._epoch:
                return  # the same outage, or one already over: no new back-off
            self._down = True
            self._epoch += 1
            self._backoff = self.retry_interval
            self._down_until = time.monotonic() + self._backoff
        # The exception class only: messages may echo the URL (and its password).
        _log.warning(
            "Redis at %s unavailable (%s); using in-process state until it is back",
            self._where,
            type(exc).__name__,
        )

    def _probe(self) -> None:
        """Once the back-off is over, one caller pings and replays; the others stay local."""
        with self._lock:
            if not self._down:
                return
            if self._probing or time.monotonic() < self._down_until:
                raise _Unavailable
            self._probing = True
        try:
            try:
                self.client.ping()
                # Replay what was learnt during the outage before other threads read Redis
                # again: until then they keep using local state, which already has it.
                with self._lock:
                    callbacks = list(self._on_reconnect)
                self._replaying = threading.get_ident()
                try:
                    for callback in callbacks:
                        callback()
                finally:
                    self._replaying = None
            except (_Unavailable, *self._errors) as exc:  # type: ignore[misc]
                with self._lock:
                    self._backoff = min(self._backoff * 2, self.max_retry_interval)
                    self._down_until = time.monotonic() + self._backoff
                _log.debug("Redis at %s still unavailable (%s)", self._where, type(exc).__name__)
                raise _Unavailable from None
            with self._lock:
                self._down = False
                self._epoch += 1
                self._backoff = self.retry_interval
        finally:
            with self._lock:
                self._probing = False
        _log.info("Redis at %s reachable again; shared state resumed", self._where)

    def on_reconnect(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` when Redis is reachable again after an outage."""
        with self._lock:
            self._on_reconnect.append(callback)

    def close(self) -> None:
        """Close the client's connections."""
        self.client.close()

    def __repr__(self) -> str:
        state = "up" if self.available else "down"
        return f"RedisConnection({self._where}, {state}, timeout={self.timeout:g}s)"

    def __reduce__(self) -> Any:
        raise TypeError("RedisConnection cannot be pickled: build one per process")


def _describe(url: str) -> str:
    """``host:port/db`` of a Redis URL, never its credentials."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ConfigurationError("malformed Redis URL") from None
    if parts.scheme not in _SCHEMES:
        raise ConfigurationError(
            f"Redis URL scheme must be redis://, rediss:// or unix://, got {parts.scheme!r}://"
        )
    if parts.scheme == "unix":
        return parts.path
    return f"{parts.hostname}:{port or 6379}{parts.path or ''}"


def _run_script(script: Any, keys: list[str], args: list[Any], client: Any) -> Any:
    return script(keys, args, client)


def _connection(connection: RedisConnection | str | None) -> RedisConnection:
    if connection is None or isinstance(connection, str):
        return RedisConnection(connection)
    if not isinstance(connection, RedisConnection):
        raise TypeError(
            f"connection must be a RedisConnection or a URL, got {type(connection).__name__}"
        )
    return connection


# -- key state ---------------------------------------------------------------------------------

# One string per key fingerprint: "q" (quarantined, no TTL), "c" (cooling, TTL = cool-down)
# or "r" (released by an operator; kept a day, so that a replica still holding the old
# quarantine locally learns of the release instead of writing the quarantine back).
_RELEASED_MS = 24 * 3600 * 1000

_QUARANTINE = """
local previous = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], 'q')
if previous == 'q' then return 0 end
return 1
"""

_COOLDOWN = """
local previous = redis.call('GET', KEYS[1])
if previous == 'q' then return 0 end
local left = redis.call('PTTL', KEYS[1])
if previous ~= 'c' then left = 0 end
local ms = tonumber(ARGV[1])
if ms > 0 and ms > left then redis.call('SET', KEYS[1], 'c', 'PX', ms) end
if previous == 'c' and left > 0 then return 0 end
return 1
"""

# ARGV[1]: how long the release marker is kept (ms). 1 if the key was quarantined or cooling.
_RELEASE = """
local previous = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], 'r', 'PX', tonumber(ARGV[1]))
if previous == 'q' or previous == 'c' then return 1 end
return 0
"""

# KEYS[1] is the rotation counter, KEYS[2..] the key fingerprints' state: -1 quarantined,
# -2 nothing known (never set, or lost in a Redis restart), 0 released, > 0 cooling (ms).
_SNAPSHOT = """
local out = {}
if ARGV[1] == '1' then out[1] = redis.call('INCR', KEYS[1]) - 1 else out[1] = -1 end
for i = 2, #KEYS do
  local v = redis.call('GET', KEYS[i])
  if v == 'q' then
    out[#out + 1] = -1
  elseif v == 'c' then
    out[#out + 1] = math.max(1, redis.call('PTTL', KEYS[i]))
  elseif v then
    out[#out + 1] = 0
  else
    out[#out + 1] = -2
  end
end
return out
"""

_UNKNOWN = -2


class RedisKeyStateBackend:
    """A :class:`~mistral_secure.KeyStateBackend` shared by every process on one Redis.

    ``KeyPool(keys, backend=RedisKeyStateBackend("redis://..."))``: a key revoked (401/403)
    in one process is skipped by all; a 429's ``Retry-After`` cools the key everywhere (a
    Redis TTL); round-robin rotation is fleet-wide. Redis keys: ``{prefix}:key:{fingerprint}``
    and ``{prefix}:rotation``.

    Every change is also kept locally, so that an outage falls back to what this process
    knows. The fleet converges after an outage: changes made during it are written to
    Redis when it is back, and a quarantine Redis lost (a restart without persistence) is
    written back by the first replica that still knows it. :meth:`clear` (``release``)
    leaves a marker, so a release is not undone that way.
    """

    def __init__(
        self,
        connection: RedisConnection | str | None = None,
        *,
        prefix: str = "mistral-secure",
    ) -> None:
        self.connection = _connection(connection)
        self.prefix = _check_prefix(prefix)
        client = self.connection.client
        self._quarantine_script = client.register_script(_QUARANTINE)
        self._cooldown_script = client.register_script(_COOLDOWN)
        self._snapshot_script = client.register_script(_SNAPSHOT)
        self._release_script = client.register_script(_RELEASE)
        self._local = InProcessKeyStateBackend(time.monotonic)
        self._pending_lock = threading.Lock()
        # Changes that could not reach Redis: fp -> "q", or a cooling deadline (monotonic).
        self._pending: dict[str, str | float] = {}
        self.connection.on_reconnect(self._replay)

    def _key(self, fp: str) -> str:
        return f"{self.prefix}:key:{fp}"

    def mark_quarantined(self, fp: str) -> bool:
        local = self._local.mark_quarantined(fp)
        try:
            return bool(self.connection.call(lambda _: self._quarantine_script([self._key(fp)])))
        except _Unavailable:
            with self._pending_lock:
                self._pending[fp] = "q"
            return local

    def mark_cooldown(self, fp: str, seconds: float) -> bool:
        local = self._local.mark_cooldown(fp, seconds)
        ms = max(0, math.ceil(seconds * 1000))
        try:
            return bool(
                self.connection.call(lambda _: self._cooldown_script([self._key(fp)], [ms]))
            )
        except _Unavailable:
            with self._pending_lock:
                if self._pending.get(fp) != "q":
                    self._pending[fp] = time.monotonic() + seconds
            return local

    def clear(self, fp: str) -> bool:
        local = self._local.clear(fp)
        with self._pending_lock:
            self._pending.pop(fp, None)
        try:
            was_set = self.connection.call(
                lambda _: self._release_script([self._key(fp)], [_RELEASED_MS])
            )
        except _Unavailable:
            return local
        return bool(was_set) or local

    def states(self, fps: Sequence[str]) -> list[KeyStatus]:
        return self.snapshot(fps, False)[0]

    def advance(self) -> int:
        try:
            return int(self.connection.call(lambda c: c.incr(f"{self.prefix}:rotation"))) - 1
        except _Unavailable:
            return self._local.advance()

    def snapshot(self, fps: Sequence[str], advance: bool) -> tuple[list[KeyStatus], int | None]:
        """:meth:`states` and, if ``advance``, :meth:`advance`, in one round trip."""
        keys = [f"{self.prefix}:rotation", *(self._key(fp) for fp in fps)]
        try:
            raw = self.connection.call(
                lambda _: self._snapshot_script(keys, ["1" if advance else "0"])
            )
        except _Unavailable:
            statuses = self._local.states(fps)
            return statuses, (self._local.advance() if advance else None)
        statuses = self._merge(fps, [int(value) for value in raw[1:]])
        return statuses, (int(raw[0]) if advance else None)

    def _merge(self, fps: Sequence[str], shared: list[int]) -> list[KeyStatus]:
        """The fleet's view, aligned locally (an outage starts from it), with quarantines
        Redis forgot written back to it."""
        local = self._local.states(fps)
        merged: list[KeyStatus] = []
        lost: list[str] = []
        for fp, mine, value in zip(fps, local, shared, strict=True):
            if value == -1:
                theirs = KeyStatus("quarantined")
            elif value > 0:
                theirs = KeyStatus("cooling", value / 1000)
            elif value == _UNKNOWN and mine.state == "quarantined":
                lost.append(fp)
                theirs = mine
            else:
                theirs = KeyStatus("active")
            merged.append(theirs)
            if mine.state == theirs.state:
                continue
            if theirs.state == "quarantined":
                self._local.mark_quarantined(fp)
            elif theirs.state == "cooling":
                self._local.clear(fp)
                self._local.mark_cooldown(fp, theirs.retry_after or 0.0)
            else:
                self._local.clear(fp)
        if lost:
            with contextlib.suppress(_Unavailable):
                self._restore(lost)
        return merged

    def _restore(self, fps: Sequence[str]) -> None:
        """Write back quarantines Redis does not know, unless released meanwhile."""

        def write(client: Any) -> None:
            pipe = client.pipeline(transaction=False)
            for fp in fps:
                pipe.set(self._key(fp), "q", nx=True)
            pipe.execute()

        self.connection.call(write)

    def _replay(self) -> None:
        """On reconnection: the outage's changes first, then every quarantine known here."""
        with self._pending_lock:
            pending, self._pending = self._pending, {}
        now = time.monotonic()
        items = list(pending.items())
        for index, (fp, change) in enumerate(items):
            script: Any
            if change == "q":
                script, args = self._quarantine_script, []
            elif isinstance(change, float) and change > now:
                script, args = self._cooldown_script, [math.ceil((change - now) * 1000)]
            else:
                continue
            try:
                self.connection.call(partial(_run_script, script, [self._key(fp)], args))
            except _Unavailable:
                with self._pending_lock:
                    for later, later_change in items[index:]:
                        self._pending.setdefault(later, later_change)
                raise
        known = list(self._local.quarantined())
        if known:
            self._restore(known)

    def __repr__(self) -> str:
        return f"RedisKeyStateBackend({self.connection!r}, prefix={self.prefix!r})"

    def __reduce__(self) -> Any:
        raise TypeError("RedisKeyStateBackend cannot be pickled: build one per process")


# -- rate budget -------------------------------------------------------------------------------

# Two token buckets per key in one hash: r (requests), t (tokens), ts (Redis time, seconds).
# ARGV: rps, request burst, tokens per minute, token burst, tokens wanted, key TTL ms.
# Returns {index granted (1-based) or 0, microseconds to wait for the soonest}.
_TAKE = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) + tonumber(now_parts[2]) / 1000000
local rps, rburst = tonumber(ARGV[1]), tonumber(ARGV[2])
local tpm, tburst = tonumber(ARGV[3]), tonumber(ARGV[4])
local want, ttl = tonumber(ARGV[5]), tonumber(ARGV[6])
local need = math.min(want, tburst)
local soonest = -1
for i = 1, #KEYS do
  local h = redis.call('HMGET', KEYS[i], 'r', 't', 'ts')
  local r = tonumber(h[1]) or rburst
  local t = tonumber(h[2]) or tburst
  local elapsed = math.max(0, now - (tonumber(h[3]) or now))
  if rps > 0 then r = math.min(rburst, r + elapsed * rps) end
  if tpm > 0 then t = math.min(tburst, t + elapsed * tpm / 60) end
  local wait = 0
  if rps > 0 and r < 1 then wait = (1 - r) / rps end
  if tpm > 0 and t < need then wait = math.max(wait, (need - t) * 60 / tpm) end
  if wait == 0 then
    if rps > 0 then r = r - 1 end
    if tpm > 0 then t = t - want end
    redis.call('HSET', KEYS[i], 'r', r, 't', t, 'ts', now)
    redis.call('PEXPIRE', KEYS[i], ttl)
    return {i, 0}
  end
  if soonest < 0 or wait < soonest then soonest = wait end
end
return {0, math.ceil(soonest * 1000000)}
"""


class _LocalBuckets:
    """The same token buckets in process memory: the fallback during a Redis outage."""

    def __init__(self, budget: RedisRateBudget) -> None:
        self._budget = budget
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float, float]] = {}

    def take(self, fps: Sequence[str], tokens: int) -> tuple[int, float]:
        b = self._budget
        rps, rburst = b.requests_per_second or 0.0, b.request_burst
        tpm, tburst = b.tokens_per_minute or 0.0, b.token_burst
        need = min(tokens, tburst)
        soonest = math.inf
        with self._lock:
            now = time.monotonic()
            for index, fp in enumerate(fps):
                r, t, ts = self._buckets.get(fp, (rburst, tburst, now))
                elapsed = max(0.0, now - ts)
                if rps:
                    r = min(rburst, r + elapsed * rps)
                if tpm:
                    t = min(tburst, t + elapsed * tpm / 60)
                wait = 0.0
                if rps and r < 1:
                    wait = (1 - r) / rps
                if tpm and t < need:
                    wait = max(wait, (need - t) * 60 / tpm)
                if wait == 0.0:
                    self._buckets[fp] = (r - 1 if rps else r, t - tokens if tpm else t, now)
                    return index, 0.0
                soonest = min(soonest, wait)
        return -1, soonest


class RedisRateBudget:
    """A fleet-wide budget per key: ``requests_per_second`` and/or ``tokens_per_minute``.

    ``KeyPool(keys, budget=RedisRateBudget(...))``: before a key signs a request, one request
    and the request's estimated prompt tokens are taken from that key's buckets (on Redis's
    clock, atomically); a key without budget is skipped for the next one. When no key has
    budget, ``KeyPoolAuth`` waits up to ``max_wait`` seconds, then raises
    :class:`~mistral_secure.RateLimited`.

    Bursts: up to ``request_burst`` requests (default: a tenth of a second's worth, at least
    1) and ``token_burst`` tokens (default: ten seconds' worth) at once. During a Redis
    outage each process applies the same limits on its own.
    """

    def __init__(
        self,
        connection: RedisConnection | str | None = None,
        *,
        requests_per_second: float | None = None,
        tokens_per_minute: float | None = None,
        request_burst: float | None = None,
        token_burst: float | None = None,
        max_wait: float = 2.0,
        prefix: str = "mistral-secure",
    ) -> None:
        if requests_per_second is None and tokens_per_minute is None:
            raise ConfigurationError("give requests_per_second=, tokens_per_minute= or both")
        self.requests_per_second = (
            None
            if requests_per_second is None
            else require_positive(requests_per_second, "requests_per_second")
        )
        self.tokens_per_minute = (
            None
            if tokens_per_minute is None
            else require_positive(tokens_per_minute, "tokens_per_minute")
        )
        rps, tpm = self.requests_per_second or 0.0, self.tokens_per_minute or 0.0
        self.request_burst = (
            max(1.0, rps / 10)
            if request_burst is None
            else require_positive(request_burst, "request_burst")
        )
        if self.request_burst < 1:
            raise ConfigurationError("request_burst must be >= 1")
        self.token_burst = (
            tpm / 6 if token_burst is None else require_positive(token_burst, "token_burst")
        )
        self.max_wait = require_seconds(max_wait, "max_wait", allow_zero=True)
        self.prefix = _check_prefix(prefix)
        self.connection = _connection(connection)
        self._script = self.connection.client.register_script(_TAKE)
        # Idle buckets refill completely within this time; then their hash can go.
        refill = max(
            self.request_burst / rps if rps else 0.0, self.token_burst * 60 / tpm if tpm else 0.0
        )
        self._ttl_ms = max(1000, math.ceil(refill * 1000) + 1000)
        self._args = [repr(rps), repr(self.request_burst), repr(tpm), repr(self.token_burst)]
        self._local = _LocalBuckets(self)

    def take(self, fps: Sequence[str], tokens: int = 0) -> tuple[int, float]:
        """See :class:`~mistral_secure.KeyStateBackend`'s companion protocol ``RateBudget``."""
        require_int(tokens, "tokens")
        if not fps:
            return -1, 0.0
        keys = [f"{self.prefix}:budget:{fp}" for fp in fps]
        try:
            granted, wait_us = self.connection.call(
                lambda _: self._script(keys, [*self._args, tokens, self._ttl_ms])
            )
        except _Unavailable:
            return self._local.take(fps, tokens)
        if granted:
            return int(granted) - 1, 0.0
        return -1, int(wait_us) / 1_000_000

    def __repr__(self) -> str:
        return (
            f"RedisRateBudget(requests_per_second={self.requests_per_second}, "
            f"tokens_per_minute={self.tokens_per_minute}, max_wait={self.max_wait:g})"
        )

    def __reduce__(self) -> Any:
        raise TypeError("RedisRateBudget cannot be pickled: build one per process")


# -- moderation cache --------------------------------------------------------------------------


class RedisModerationCache:
    """A :class:`~mistral_secure.ModerationCache` shared by every process on one Redis.

    ``Moderator(cache=RedisModerationCache(...))``: a text moderated by any replica costs the
    others no API call for ``ttl`` seconds. Entries are ``{prefix}:moderation:{hash}``, where
    the hash is the SHA-256 of (model, content) the Moderator computes; values hold category
    booleans and scores only, never text. A small in-process LRU (``local_size`` entries)
    answers repeats without a round trip and serves alone during an outage.
    """

    def __init__(
        self,
        connection: RedisConnection | str | None = None,
        *,
        ttl: float = 3600.0,
        local_size: int = 1024,
        prefix: str = "mistral-secure",
    ) -> None:
        self.ttl = require_seconds(ttl, "ttl")
        self.prefix = _check_prefix(prefix)
        self.connection = _connection(connection)
        self._local = LRUModerationCache(local_size, self.ttl)

    def _key(self, key: str) -> str:
        require_str(key, "cache key")
        return f"{self.prefix}:moderation:{key}"

    def get(self, key: str) -> ModerationItem | None:
        """The cached verdict for ``key``, or ``None``."""
        item = self._local.get(key)
        if item is not None:
            return item
        try:
            raw = self.connection.call(lambda c: c.get(self._key(key)))
        except _Unavailable:
            return None
        if raw is None:
            return None
        try:
            data = json.loads(raw)
            item = ModerationItem(categories=data["c"], scores=data["s"])
        except (ValueError, KeyError, TypeError):
            return None  # not ours or corrupt: moderate again
        self._local.set(key, item)
        return item

    def set(self, key: str, item: ModerationItem, ttl: float | None = None) -> None:
        """Store the verdict (scores and booleans only) for ``ttl`` seconds."""
        seconds = self.ttl if ttl is None else require_seconds(ttl, "ttl")
        self._local.set(key, item, seconds)
        value = json.dumps({"c": item.categories, "s": item.scores}, separators=(",", ":"))
        ms = max(1, math.ceil(seconds * 1000))
        with contextlib.suppress(_Unavailable):
            self.connection.call(lambda c: c.set(self._key(key), value, px=ms))

    def __repr__(self) -> str:
        return f"RedisModerationCache({self.connection!r}, ttl={self.ttl:g})"
