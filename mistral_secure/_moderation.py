"""Content moderation through Mistral's moderation API, with batching, caching and a failure policy.

The ``mistralai`` SDK does the HTTP: ``classifiers.moderate`` for texts and
``classifiers.moderate_chat`` for a conversation (so earlier turns give context). Around it:

* per-category thresholds over ``category_scores`` (the API's booleans are the fallback);
* many texts per request (``batch_size``) and a content-hash cache, so a repeated text costs
  no call; the cache never stores the text itself;
* explicit timeouts, bounded retries on 429/5xx that honour ``Retry-After``, then the
  outage policy: ``fail_closed`` raises :class:`ModerationUnavailable`, ``fail_open``
  returns an unflagged result marked ``outage=True``.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar, runtime_checkable

from pydantic import BaseModel, ConfigDict

from ._exceptions import (
    ConfigurationError,
    KeySourceError,
    ModerationUnavailable,
    NoUsableKey,
)
from ._retry import DEFAULT_MAX_WAIT, Attempts, RetryPolicy, bounded, classify, status_of
from ._validate import (
    require_int,
    require_nonempty_str,
    require_number,
    require_seconds,
    require_str,
    shown,
)

if TYPE_CHECKING:
    from mistralai.client import Mistral
    from mistralai.client.models import ModerationResponse

    from ._keypool import KeyPool

__all__ = [
    "CATEGORIES_2411",
    "CATEGORIES_2603",
    "DEFAULT_MODERATION_MODEL",
    "KNOWN_CATEGORIES",
    "LRUModerationCache",
    "ModerationCache",
    "ModerationItem",
    "ModerationResult",
    "Moderator",
    "amoderate",
    "moderate",
]

DEFAULT_MODERATION_MODEL = "mistral-moderation-latest"
"""The moving alias; it currently points at ``mistral-moderation-2411``."""

CATEGORIES_2411: frozenset[str] = frozenset(
    {
        "sexual",
        "hate_and_discrimination",
        "violence_and_threats",
        "dangerous_and_criminal_content",
        "selfharm",
        "health",
        "financial",
        "law",
        "pii",
    }
)
CATEGORIES_2603: frozenset[str] = frozenset(
    (CATEGORIES_2411 - {"dangerous_and_criminal_content"})
    | {"dangerous", "criminal", "jailbreaking"}
)
KNOWN_CATEGORIES: frozenset[str] = CATEGORIES_2411 | CATEGORIES_2603

# 2603 split one 2411 category in two. A threshold set under either naming applies to the
# other model's categories: the 2411 name covers both halves; on 2411, the stricter (lower)
# of the two 2603 thresholds applies to the merged category.
_EQUIVALENTS: dict[str, tuple[str, ...]] = {
    "dangerous": ("dangerous_and_criminal_content",),
    "criminal": ("dangerous_and_criminal_content",),
    "dangerous_and_criminal_content": ("dangerous", "criminal"),
}

# Seconds between two "failing open" warnings; the outages in between are counted.
FAIL_OPEN_WARNING_INTERVAL = 60.0

_logger = logging.getLogger("mistral_secure.moderation")

OnError = Literal["fail_closed", "fail_open"]
_T = TypeVar("_T")


class ModerationItem(BaseModel):
    """Moderation of one input: the API's booleans, its scores, and what our thresholds flag.

    Holds no text, only category names and numbers.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    categories: dict[str, bool]
    scores: dict[str, float]
    flagged_categories: tuple[str, ...] = ()

    @property
    def flagged(self) -> bool:
        """Whether any category is flagged for this input."""
        return bool(self.flagged_categories)


class ModerationResult(BaseModel):
    """Moderation of one call: one :class:`ModerationItem` per input, in input order."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    flagged: bool
    flagged_categories: tuple[str, ...]
    results: tuple[ModerationItem, ...]
    model: str
    request_id: str | None = None
    outage: bool = False
    cached: int = 0

    @property
    def categories(self) -> dict[str, bool]:
        """Per category: flagged in at least one input."""
        merged: dict[str, bool] = {}
        for item in self.results:
            for name in item.categories:
                merged[name] = merged.get(name, False) or name in item.flagged_categories
        return merged

    @property
    def scores(self) -> dict[str, float]:
        """Per category: the highest score over all inputs."""
        merged: dict[str, float] = {}
        for item in self.results:
            for name, score in item.scores.items():
                merged[name] = max(merged.get(name, 0.0), score)
        return merged


@runtime_checkable
class ModerationCache(Protocol):
    """Where moderation verdicts are kept, keyed by a SHA-256 of (model, content).

    Implementations must be safe to call from several threads. Values hold scores only.
    """

    def get(self, key: str) -> ModerationItem | None:
        """Return the cached item, or ``None`` if absent or expired."""

    def set(self, key: str, item: ModerationItem, ttl: float | None = None) -> None:
        """Store ``item`` for ``ttl`` seconds (``None``: the cache's default)."""


class LRUModerationCache:
    """In-process cache: LRU eviction beyond ``maxsize``; entries expire after ``ttl`` seconds."""

    def __init__(
        self,
        maxsize: int = 4096,
        ttl: float = 3600.0,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        require_int(maxsize, "cache maxsize", minimum=1)
        self.maxsize = maxsize
        self.ttl = require_seconds(ttl, "cache ttl")
        self._clock = clock
        self._entries: OrderedDict[str, tuple[float, ModerationItem]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> ModerationItem | None:
        """Return the cached item, or ``None`` if absent or expired."""
        now = self._clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires_at, item = entry
            if expires_at <= now:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return item

    def set(self, key: str, item: ModerationItem, ttl: float | None = None) -> None:
        """Store ``item``; evict the least recently used entry when full."""
        expires_at = self._clock() + (self.ttl if ttl is None else ttl)
        with self._lock:
            self._entries[key] = (expires_at, item)
            self._entries.move_to_end(key)
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def clear(self) -> None:
        """Drop every entry."""
        with self._lock:
            self._entries.clear()

    def __repr__(self) -> str:
        return f"LRUModerationCache(maxsize={self.maxsize}, ttl={self.ttl}, size={len(self)})"


class _NoCache:
    def get(self, key: str) -> ModerationItem | None:
        return None

    def set(self, key: str, item: ModerationItem, ttl: float | None = None) -> None:
        return None


class _Outage(Exception):
    """Internal: the API could not give an answer; ``cause`` is a status or a short label."""

    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


class _Abandoned(Exception):
    """Internal: the caller sending a shared request stopped (cancelled) before an answer."""


class _FailOpenWarnings:
    """At most one "failing open" warning per interval per process, counting the rest."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = -FAIL_OPEN_WARNING_INTERVAL
        self._suppressed = 0

    def warn(self, cause: str) -> None:
        with self._lock:
            now = time.monotonic()
            if now - self._last < FAIL_OPEN_WARNING_INTERVAL:
                self._suppressed += 1
                return
            suppressed, self._suppressed, self._last = self._suppressed, 0, now
        more = f"; {suppressed} more outage(s) since the last warning" if suppressed else ""
        _logger.warning("moderation unavailable (%s); failing open%s", cause, more)


_FAIL_OPEN_WARNINGS = _FailOpenWarnings()

# What a shared request ended with, for the callers that waited on it.
_Shared = ModerationItem | _Outage | NoUsableKey | _Abandoned


class _Flights:
    """Requests in flight, by cache key: concurrent callers for the same content share one.

    The caller that claims a key sends it and :meth:`land`s the outcome; the others wait
    on its future (from threads or event loops alike). Keys are content hashes, never text.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._futures: dict[str, Future[_Shared]] = {}

    def claim(self, keys: Iterable[str]) -> tuple[list[str], dict[str, Future[_Shared]]]:
        """The keys this caller must send, and the futures of those others are sending."""
        mine: list[str] = []
        theirs: dict[str, Future[_Shared]] = {}
        with self._lock:
            for key in keys:
                future = self._futures.get(key)
                if future is None:
                    future = Future()
                    # Running: a waiter giving up (asyncio cancel) cannot cancel it for all.
                    future.set_running_or_notify_cancel()
                    self._futures[key] = future
                    mine.append(key)
                else:
                    theirs[key] = future
        return mine, theirs

    def land(self, keys: Iterable[str], outcome: Callable[[str], _Shared]) -> None:
        """Resolve the futures of ``keys`` (claimed by this caller) with ``outcome(key)``."""
        with self._lock:
            futures = [(key, self._futures.pop(key, None)) for key in keys]
        for key, future in futures:
            if future is not None and not future.done():
                future.set_result(outcome(key))

    def settle(self, keys: Iterable[str], outcome: _Shared) -> None:
        """Resolve the futures of ``keys`` still pending with one outcome."""
        self.land(keys, lambda _: outcome)


def _reraise(shared: _Shared) -> ModerationItem:
    """The item another caller got, or its failure raised afresh in this caller."""
    if isinstance(shared, ModerationItem):
        return shared
    if isinstance(shared, _Outage):
        raise _Outage(shared.cause)
    if isinstance(shared, NoUsableKey):
        raise NoUsableKey(states=shared.states, retry_after=shared.retry_after)
    raise _Abandoned


def _is_number(value: object) -> bool:
    try:
        require_number(value, "value")
    except (TypeError, ValueError):
        return False
    return True


def _validate_thresholds(thresholds: Mapping[str, float] | None) -> dict[str, float]:
    if thresholds is None:
        return {}
    if not isinstance(thresholds, Mapping):
        raise TypeError(f"thresholds must be a mapping, got {type(thresholds).__name__}")
    checked: dict[str, float] = {}
    for name, value in thresholds.items():
        if not isinstance(name, str) or name not in KNOWN_CATEGORIES:
            known = ", ".join(sorted(KNOWN_CATEGORIES))
            raise ConfigurationError(
                f"unknown moderation category {shown(name)}; known categories: {known}"
            )
        if not _is_number(value) or not 0.0 <= float(value) <= 1.0:
            raise ConfigurationError(f"threshold for {shown(name)} must be a number in [0, 1]")
        checked[name] = float(value)
    return checked


def _categories_for(model: str) -> frozenset[str]:
    return CATEGORIES_2603 if "2603" in model else CATEGORIES_2411


def _cache_key(model: str, kind: str, content: str) -> str:
    digest = hashlib.sha256()
    for part in (model, kind, content):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _check_texts(inputs: object) -> list[str]:
    if isinstance(inputs, str):
        return [inputs]
    if (
        inputs is None
        or isinstance(inputs, (bytes, bytearray, Mapping))
        or not isinstance(inputs, Sequence)
    ):
        raise TypeError(
            f"moderation inputs must be a str or a sequence of str, got {type(inputs).__name__}"
        )
    texts = list(inputs)
    for position, text in enumerate(texts):
        if not isinstance(text, str):
            require_str(text, f"moderation input {position}")
    return texts


_ROLES = frozenset({"system", "user", "assistant", "tool"})


def _check_messages(messages: object) -> list[dict[str, str]]:
    if (
        messages is None
        or isinstance(messages, (str, bytes, bytearray, Mapping))
        or not (isinstance(messages, Sequence))
    ):
        raise TypeError(
            "moderate_chat() expects a sequence of {'role', 'content'} mappings, "
            f"got {type(messages).__name__}"
        )
    if not messages:
        raise ValueError("moderate_chat() needs at least one message")
    checked: list[dict[str, str]] = []
    for position, message in enumerate(messages):
        if not isinstance(message, Mapping):
            raise TypeError(f"message {position} must be a mapping, got {type(message).__name__}")
        role, content = message.get("role"), message.get("content")
        if not isinstance(role, str) or role not in _ROLES:
            raise ValueError(f"message {position} needs a role among {sorted(_ROLES)}")
        checked.append(
            {"role": role, "content": require_str(content, f"message {position} content")}
        )
    return checked


class Moderator:
    """Moderates texts and conversations with Mistral's moderation models.

    Build it from a ready ``client`` (a ``mistralai.client.Mistral``), from a ``pool``
    (a :class:`KeyPool`, with rotation), or from an ``api_key`` (default:
    ``KeyPool.from_env()``, so ``MISTRAL_API_KEY`` may list several keys). ``server_url``
    (default ``$MISTRAL_BASE_URL``) points it elsewhere, for example at
    :class:`mistral_secure.testing.MistralTestServer`.

    ``thresholds`` maps category names (2411's or 2603's, see :data:`KNOWN_CATEGORIES`) to
    a score in [0, 1] at or above which the category is flagged. A category without a
    threshold is flagged when the API says so. ``dangerous_and_criminal_content`` also
    covers 2603's ``dangerous`` and ``criminal``; on 2411 the lower of those two applies
    to ``dangerous_and_criminal_content``.

    ``cache``: ``None`` (default) gives a private :class:`LRUModerationCache` of
    ``cache_size`` entries kept ``cache_ttl`` seconds; ``False`` disables caching; any
    :class:`ModerationCache` is used as is (shared, Redis, ...).
    """

    def __init__(
        self,
        client: Mistral | None = None,
        *,
        pool: KeyPool | None = None,
        api_key: str | None = None,
        server_url: str | None = None,
        model: str = DEFAULT_MODERATION_MODEL,
        thresholds: Mapping[str, float] | None = None,
        batch_size: int = 32,
        cache: ModerationCache | Literal[False] | None = None,
        cache_size: int = 4096,
        cache_ttl: float = 3600.0,
        timeout: float = 10.0,
        on_error: OnError = "fail_closed",
        max_retries: int = 2,
    ) -> None:
        require_nonempty_str(model, "model")
        require_int(batch_size, "batch_size", minimum=1)
        require_seconds(timeout, "timeout")
        if on_error not in ("fail_closed", "fail_open"):
            raise ConfigurationError("on_error must be 'fail_closed' or 'fail_open'")
        require_int(max_retries, "max_retries")
        if sum(x is not None for x in (client, pool, api_key)) > 1:
            raise ConfigurationError("pass only one of client=, pool= or api_key=")
        if api_key is not None:
            require_str(api_key, "api_key")

        self.model = model
        self.thresholds: Mapping[str, float] = _validate_thresholds(thresholds)
        self.batch_size = batch_size
        self.timeout = float(timeout)
        self.on_error: OnError = on_error
        self.max_retries = max_retries
        # Every wait capped, the whole check (retries included) within ``timeout``.
        self._retry = RetryPolicy(
            max_retries=max_retries,
            initial=0.1,
            multiplier=2.0,
            max_wait=DEFAULT_MAX_WAIT,
            deadline=self.timeout,
            jitter=0.05,
            malformed_retries=1,
        )
        self._flights = _Flights()
        if cache is False:
            self.cache: ModerationCache = _NoCache()
        elif cache is None:
            self.cache = LRUModerationCache(cache_size, cache_ttl)
        elif isinstance(cache, ModerationCache):
            self.cache = cache
        else:
            raise TypeError(f"cache must implement ModerationCache, got {type(cache).__name__}")
        self._owns_client = client is None
        self._client = (
            client if client is not None else self._build_client(pool, api_key, server_url)
        )

    @staticmethod
    def _build_client(pool: KeyPool | None, api_key: str | None, server_url: str | None) -> Mistral:
        from ._clients import mistral_client
        from ._keypool import KeyPool

        # Always through a pool: the key then lives only in the pool's secret holder, never
        # in the SDK's configuration, and a comma list in MISTRAL_API_KEY works as elsewhere.
        if pool is None:
            try:
                pool = KeyPool([api_key]) if api_key is not None else KeyPool.from_env()
            except KeySourceError:
                raise ConfigurationError(
                    "no API key for moderation: pass client=, pool= or api_key=, "
                    "or set MISTRAL_API_KEY"
                ) from None
        client: Mistral = mistral_client(pool, server_url=server_url)
        return client

    def __repr__(self) -> str:
        return (
            f"Moderator(model={self.model!r}, thresholds={dict(self.thresholds)!r}, "
            f"batch_size={self.batch_size}, timeout={self.timeout}, "
            f"on_error={self.on_error!r}, max_retries={self.max_retries})"
        )

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the sync HTTP client if this moderator created it (:meth:`aclose` closes both).

        The SDK's own ``__exit__`` would leave the pool-signed clients open: it closes only
        clients it built itself.
        """
        if self._owns_client and (http := self._client.sdk_configuration.client) is not None:
            http.close()

    async def aclose(self) -> None:
        """Close the HTTP clients, sync and async, if this moderator created them."""
        self.close()
        if self._owns_client and (http := self._client.sdk_configuration.async_client) is not None:
            await http.aclose()

    def __enter__(self) -> Moderator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Moderator:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- thresholds ------------------------------------------------------------------------

    def _threshold_for(self, category: str) -> float | None:
        own = self.thresholds.get(category)
        if own is not None:
            return own
        related = [
            self.thresholds[n] for n in _EQUIVALENTS.get(category, ()) if n in self.thresholds
        ]
        return min(related) if related else None

    def _judge(self, categories: Mapping[str, bool], scores: Mapping[str, float]) -> ModerationItem:
        flagged: list[str] = []
        for name in dict.fromkeys([*scores, *categories]):
            threshold = self._threshold_for(name)
            score = scores.get(name)
            if threshold is not None and score is not None:
                hit = score >= threshold
            else:
                hit = bool(categories.get(name, False))
            if hit:
                flagged.append(name)
        return ModerationItem(
            categories=dict(categories), scores=dict(scores), flagged_categories=tuple(flagged)
        )

    def _empty_item(self) -> ModerationItem:
        names = sorted(_categories_for(self.model))
        return ModerationItem(
            categories=dict.fromkeys(names, False), scores=dict.fromkeys(names, 0.0)
        )

    def _items_from(self, response: ModerationResponse) -> list[ModerationItem]:
        return [
            self._judge(obj.categories or {}, obj.category_scores or {}) for obj in response.results
        ]

    # -- request plumbing --------------------------------------------------------------------

    def _call_options(self) -> dict[str, Any]:
        from mistralai.client.utils import BackoffStrategy, RetryConfig

        # Our own bounded loop retries; the SDK's would multiply attempts (its budget is time).
        no_retry = RetryConfig("none", BackoffStrategy(1, 1, 1.0, 1), False)
        return {"model": self.model, "retries": no_retry}

    def _retry_wait(self, exc: Exception, attempts: Attempts) -> float:
        """Seconds to wait before sending again; raises when ``exc`` ends the call."""
        failure = classify(exc)
        if failure is None:
            raise exc  # a bug or a bad argument, not an outage
        if failure == "no_key" and isinstance(exc, NoUsableKey):
            if exc.retry_after is None:
                # Every key rejected: a configuration to fix, not an outage to wait out.
                raise NoUsableKey(states=exc.states) from None
            raise _Outage("NoUsableKey") from None
        if failure == "rate_limited":
            raise _Outage("RateLimited") from None
        status = status_of(exc)
        hint = None
        headers = getattr(exc, "headers", None)
        if status == 429 and headers is not None:
            from ._retry import parse_retry_after

            hint = parse_retry_after(headers)
        wait = attempts.next_wait(failure, status=status, hint=hint)
        if wait is None:
            raise _Outage(_cause(failure, status, exc)) from None
        return wait

    def _call(self, send: Callable[..., _T]) -> _T:
        """``send(timeout_ms=...)`` with retries, all within ``timeout``."""
        with bounded(self.timeout, caller_retries=True):
            attempts = self._retry.start()
            while True:
                left = attempts.remaining()
                if left <= 0:
                    raise _Outage("deadline")
                try:
                    return send(timeout_ms=max(1, int(left * 1000)))
                except Exception as exc:
                    wait = self._retry_wait(exc, attempts)
                time.sleep(wait)

    async def _acall(self, send: Callable[..., Awaitable[_T]]) -> _T:
        """Async :meth:`_call`."""
        with bounded(self.timeout, caller_retries=True):
            attempts = self._retry.start()
            while True:
                left = attempts.remaining()
                if left <= 0:
                    raise _Outage("deadline")
                try:
                    return await send(timeout_ms=max(1, int(left * 1000)))
                except Exception as exc:
                    wait = self._retry_wait(exc, attempts)
                await asyncio.sleep(wait)

    def _outage(self, outage: _Outage) -> ModerationResult:
        if self.on_error == "fail_closed":
            raise ModerationUnavailable(cause=outage.cause) from None
        _FAIL_OPEN_WARNINGS.warn(outage.cause)
        # No per-input items: nothing was judged, and zero scores would read as "clean".
        return ModerationResult(
            flagged=False, flagged_categories=(), results=(), model=self.model, outage=True
        )

    # -- single flight -----------------------------------------------------------------------

    def _wait_for(self, futures: Mapping[str, Future[_Shared]]) -> dict[str, _Shared]:
        """What other callers' requests gave, waiting at most ``timeout``."""
        until = time.monotonic() + self.timeout
        shared: dict[str, _Shared] = {}
        for key, future in futures.items():
            try:
                shared[key] = future.result(timeout=max(0.0, until - time.monotonic()))
            except FutureTimeout:
                shared[key] = _Outage("deadline")
        return shared

    async def _await(self, futures: Mapping[str, Future[_Shared]]) -> dict[str, _Shared]:
        """Async :meth:`_wait_for`."""
        until = time.monotonic() + self.timeout
        shared: dict[str, _Shared] = {}
        for key, future in futures.items():
            try:
                left = max(0.0, until - time.monotonic())
                shared[key] = await asyncio.wait_for(asyncio.wrap_future(future), left)
            except TimeoutError:
                shared[key] = _Outage("deadline")
        return shared

    # -- texts ------------------------------------------------------------------------------

    def _plan(self, texts: list[str]) -> tuple[dict[str, ModerationItem], list[str], int]:
        """Split texts into known items (cache, empty) and unique texts still to send."""
        known: dict[str, ModerationItem] = {}
        pending: dict[str, None] = {}
        for text in texts:
            if text in known:
                continue
            if text == "":
                known[text] = self._empty_item()
                continue
            cached = self.cache.get(_cache_key(self.model, "text", text))
            if cached is not None:
                known[text] = self._judge(cached.categories, cached.scores)
            else:
                pending[text] = None
        # Count each input served from the cache, repeats included.
        hit_texts = {t for t in known if t}
        hits = sum(1 for t in texts if t in hit_texts)
        return known, list(pending), hits

    def _store(
        self,
        known: dict[str, ModerationItem],
        batch: list[str],
        keys: list[str],
        items: list[ModerationItem],
    ) -> None:
        if len(items) != len(batch):
            raise _Outage("malformed_response")
        by_key: dict[str, ModerationItem] = {}
        for text, key, item in zip(batch, keys, items, strict=True):
            known[text] = item
            by_key[key] = item
            self.cache.set(key, item)
        self._flights.land(keys, by_key.__getitem__)

    def _result(
        self, texts: list[str], known: dict[str, ModerationItem], request_id: str | None, hits: int
    ) -> ModerationResult:
        results = tuple(known[t] for t in texts)
        flagged = tuple(dict.fromkeys(c for item in results for c in item.flagged_categories))
        return ModerationResult(
            flagged=bool(flagged),
            flagged_categories=flagged,
            results=results,
            model=self.model,
            request_id=request_id,
            cached=hits,
        )

    def _batches(self, pending: list[str]) -> list[list[str]]:
        return [pending[i : i + self.batch_size] for i in range(0, len(pending), self.batch_size)]

    def _send_batch(
        self, batch: list[str], keys: list[str], known: dict[str, ModerationItem]
    ) -> str:
        """Moderate one batch this caller claimed; whatever happens, its waiters learn it."""
        try:
            response = self._call(
                partial(self._client.classifiers.moderate, inputs=batch, **self._call_options())
            )
            self._store(known, batch, keys, self._items_from(response))
            return response.id
        except (_Outage, NoUsableKey) as exc:
            self._flights.settle(keys, exc)
            raise
        finally:
            self._flights.settle(keys, _Abandoned())

    async def _asend_batch(
        self, batch: list[str], keys: list[str], known: dict[str, ModerationItem]
    ) -> str:
        """Async :meth:`_send_batch`."""
        send = partial(
            self._client.classifiers.moderate_async, inputs=batch, **self._call_options()
        )
        try:
            response = await self._acall(send)
            self._store(known, batch, keys, self._items_from(response))
            return response.id
        except (_Outage, NoUsableKey) as exc:
            self._flights.settle(keys, exc)
            raise
        finally:
            self._flights.settle(keys, _Abandoned())

    def _share(
        self,
        todo: dict[str, str],
        shared: Mapping[str, _Shared],
        known: dict[str, ModerationItem],
    ) -> dict[str, str]:
        """Take what other callers' requests gave; return what is left to claim again."""
        again: dict[str, str] = {}
        for key, outcome in shared.items():
            if isinstance(outcome, _Abandoned):
                again[key] = todo[key]
            else:
                known[todo[key]] = _reraise(outcome)
        return again

    def moderate(self, inputs: str | Sequence[str]) -> ModerationResult:
        """Moderate one text or many (batched, cached). ``""`` is never sent to the API.

        Concurrent calls for the same text share one request.
        """
        texts = _check_texts(inputs)
        known, pending, hits = self._plan(texts)
        request_id: str | None = None
        todo = {_cache_key(self.model, "text", t): t for t in pending}
        try:
            while todo:
                mine, theirs = self._flights.claim(todo)
                for keys in self._batches(mine):
                    sent = self._send_batch([todo[k] for k in keys], keys, known)
                    request_id = request_id or sent
                todo = self._share(todo, self._wait_for(theirs), known)
        except _Outage as outage:
            return self._outage(outage)
        return self._result(texts, known, request_id, hits)

    async def amoderate(self, inputs: str | Sequence[str]) -> ModerationResult:
        """Async :meth:`moderate`; batches are sent concurrently."""
        texts = _check_texts(inputs)
        known, pending, hits = self._plan(texts)
        request_id: str | None = None
        todo = {_cache_key(self.model, "text", t): t for t in pending}
        try:
            while todo:
                mine, theirs = self._flights.claim(todo)
                sent = await asyncio.gather(
                    *(
                        self._asend_batch([todo[k] for k in keys], keys, known)
                        for keys in self._batches(mine)
                    ),
                    return_exceptions=True,
                )
                _raise_first(sent)
                request_id = request_id or next((r for r in sent if isinstance(r, str)), None)
                todo = self._share(todo, await self._await(theirs), known)
        except _Outage as outage:
            return self._outage(outage)
        return self._result(texts, known, request_id, hits)

    # -- conversations ----------------------------------------------------------------------

    def _chat_key(self, messages: list[dict[str, str]]) -> str:
        return _cache_key(self.model, "chat", json.dumps(messages, ensure_ascii=False))

    def _chat_result(
        self, item: ModerationItem, request_id: str | None, cached: int
    ) -> ModerationResult:
        return ModerationResult(
            flagged=item.flagged,
            flagged_categories=item.flagged_categories,
            results=(item,),
            model=self.model,
            request_id=request_id,
            cached=cached,
        )

    def _chat_plan(
        self, messages: Sequence[Mapping[str, str]]
    ) -> tuple[list[dict[str, str]], str, ModerationResult | None]:
        """The checked messages, their cache key, and the cached result if there is one."""
        checked = _check_messages(messages)
        key = self._chat_key(checked)
        cached = self.cache.get(key)
        if cached is None:
            return checked, key, None
        return (
            checked,
            key,
            self._chat_result(self._judge(cached.categories, cached.scores), None, 1),
        )

    def _chat_item(self, key: str, response: ModerationResponse) -> ModerationItem:
        items = self._items_from(response)
        if len(items) != 1:
            raise _Outage("malformed_response")
        self.cache.set(key, items[0])
        self._flights.settle([key], items[0])
        return items[0]

    def moderate_chat(self, messages: Sequence[Mapping[str, str]]) -> ModerationResult:
        """Moderate a conversation (``[{"role": ..., "content": ...}, ...]``) as one input.

        The API judges the last turn in the context of the earlier ones. Concurrent calls
        for the same conversation share one request.
        """
        checked, key, hit = self._chat_plan(messages)
        if hit is not None:
            return hit
        send = partial(
            self._client.classifiers.moderate_chat,
            inputs=checked,  # type: ignore[arg-type]
            **self._call_options(),
        )
        try:
            while True:
                mine, theirs = self._flights.claim([key])
                if mine:
                    try:
                        response = self._call(send)
                        return self._chat_result(self._chat_item(key, response), response.id, 0)
                    except (_Outage, NoUsableKey) as exc:
                        self._flights.settle(mine, exc)
                        raise
                    finally:
                        self._flights.settle(mine, _Abandoned())
                outcome = self._wait_for(theirs)[key]
                if not isinstance(outcome, _Abandoned):
                    return self._chat_result(_reraise(outcome), None, 0)
        except _Outage as outage:
            return self._outage(outage)

    async def amoderate_chat(self, messages: Sequence[Mapping[str, str]]) -> ModerationResult:
        """Async :meth:`moderate_chat`."""
        checked, key, hit = self._chat_plan(messages)
        if hit is not None:
            return hit
        send = partial(
            self._client.classifiers.moderate_chat_async,
            inputs=checked,  # type: ignore[arg-type]
            **self._call_options(),
        )
        try:
            while True:
                mine, theirs = self._flights.claim([key])
                if mine:
                    try:
                        response = await self._acall(send)
                        return self._chat_result(self._chat_item(key, response), response.id, 0)
                    except (_Outage, NoUsableKey) as exc:
                        self._flights.settle(mine, exc)
                        raise
                    finally:
                        self._flights.settle(mine, _Abandoned())
                outcome = (await self._await(theirs))[key]
                if not isinstance(outcome, _Abandoned):
                    return self._chat_result(_reraise(outcome), None, 0)
        except _Outage as outage:
            return self._outage(outage)


def _raise_first(outcomes: Sequence[object]) -> None:
    """Raise the most telling failure among gathered outcomes, if any."""
    failures = [o for o in outcomes if isinstance(o, BaseException)]
    for kind in (NoUsableKey, _Outage):
        for failure in failures:
            if isinstance(failure, kind):
                raise failure
    if failures:
        raise failures[0]


def _cause(failure: str, status: int | None, exc: BaseException) -> str:
    """The ``cause`` of :class:`ModerationUnavailable`: a status code, ``malformed_response``,
    or the transport error's class name (``ReadTimeout``, ``ConnectError``, ...)."""
    if failure == "malformed":
        return "malformed_response"
    if status is not None:
        return str(status)
    return type(exc).__name__


def moderate(inputs: str | Sequence[str], **kwargs: Any) -> ModerationResult:
    """Moderate with a one-off :class:`Moderator` built from ``kwargs``.

    Reuse a :class:`Moderator` instead when calling repeatedly: it keeps its cache and
    connections.
    """
    moderator = Moderator(**kwargs)
    try:
        return moderator.moderate(inputs)
    finally:
        moderator.close()


async def amoderate(inputs: str | Sequence[str], **kwargs: Any) -> ModerationResult:
    """Async :func:`moderate`."""
    moderator = Moderator(**kwargs)
    try:
        return await moderator.amoderate(inputs)
    finally:
        await moderator.aclose()
