"""PII and secret redaction in one linear-time pass, with a per-request restore vault."""

from __future__ import annotations

import bisect
import hashlib
import hmac
import operator
import re
import secrets
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, NamedTuple, NoReturn

import re2

try:  # the regex parser of the standard library, for the longest match of a pattern
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # Python 3.10
    import sre_parse

from ._logfilter import _HOLDERS, _held_secrets
from ._ner import (
    NER_ENTITIES,
    NamedEntityRecognizer,
    as_recognizer,
    ner_entities,
    recognize_one,
    repeated_names,
)
from ._recognizers import BUILTIN_ENTITIES, BUILTIN_PATTERNS, SECRET_ENTITIES, BuiltinPattern
from ._validate import require_str, shown
from ._value_normalize import _BREAK, broken_tokens, join_breaks, normalize_values, original_span

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
# Bytes after a candidate's start that its remembered rejection may depend on (the longest
# anchored retry it is remembered for).
_DEAD_WIDTH = 64

# Candidates the scan looks up by their bytes before it judges whether that pays (it stops
# when fewer than one in eight is found).
_WHICH_TRIES = 256

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
    rejects: Callable[[str], bool] | None = None  # value alone is rejected (per-scan memo)
    head: bytes | None = None  # the prefix of a match the check judges (see BuiltinPattern)
    reads: tuple[int, int] | None = None  # characters the check reads before and after


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
        self,
        regexes: Sequence[bytes],
        alts: Sequence[_Alt],
        *,
        same_values: bool = False,
        groups: Sequence[str] | None = None,
    ) -> None:
        self._alts = tuple(alts)
        self._same_values = same_values
        self._regexes = tuple(b"(?:" + r + b")" for r in regexes)
        # The compiled RE2 objects are used directly: the public wrapper builds a Python
        # match object per hit, which costs more than the scan itself on short messages.
        self._singles = tuple(self._compile(r) for r in self._regexes)
        self._single_matches = tuple(single.Match for single in self._singles)
        self._tails: dict[int, Any] = {}
        self._tail_widths: dict[int, int | None] = {}
        self._set = re2.Set.FullMatchSet(self._options())
        for regex in self._regexes:
            self._set.Add(regex)
        self._set.Compile()
        self._set_match = self._set._set.Match
        self._checks = tuple(alt.check for alt in self._alts)
        self._rejects = tuple(alt.rejects for alt in self._alts)
        self._reads = tuple(alt.reads for alt in self._alts)
        self._heads = tuple(
            None if alt.head is None else self._compile(alt.head).Match for alt in self._alts
        )
        self._fast = True  # remember settled rejections (off only to test against)
        self._plan_groups(groups)

    def _plan_groups(self, groups: Sequence[str] | None) -> None:
        """Cut the alternatives into runs scanned by one RE2 pattern each.

        One DFA over every pattern holds every combination of their partial matches (a
        32-character key count, an e-mail's local part, a card's digit groups...): on text
        it has not seen it builds states faster than it matches, milliseconds per 4 KB. A
        few DFAs of related patterns stay small and warm. Runs are contiguous in priority
        order, so the first run with the leftmost match has the combined pattern's match.
        A pattern with literal atoms (``sk-``, ``AKIA``, ``eyJ``...) is a run of its own,
        gated by RE2's ``FilteredRE2``: it is scanned only when its atoms occur.
        """
        count = len(self._regexes)
        names = list(groups) if groups is not None else [""] * count
        atoms = re2.Filter()
        for regex in self._regexes:
            atoms.Add(regex, self._options())
        atoms.Compile()
        ungated = frozenset(atoms.Match(b"", potential=True) or ())
        runs: list[tuple[int, int, bool]] = []
        for k in range(count):
            gated = k not in ungated
            # A gated pattern is a run of its own: only the few whose atoms occur are scanned.
            if runs and not gated and not runs[-1][2] and names[runs[-1][0]] == names[k]:
                runs[-1] = (runs[-1][0], k + 1, False)
            else:
                runs.append((k, k + 1, gated))
        self._atoms = atoms if any(gated for _, _, gated in runs) else None
        self._runs = tuple(self._run(a, b, gated) for a, b, gated in runs)
        self._run_of = tuple(i for i, (a, b, _) in enumerate(runs) for _ in range(a, b))
        self._ungated = tuple(i for i, (_, _, gated) in enumerate(runs) if not gated)

    def _run(self, first: int, last: int, gated: bool) -> _Run:
        which = None
        if last - first > 1:
            run_set = re2.Set.FullMatchSet(self._options())
            for regex in self._regexes[first:last]:
                run_set.Add(regex)
            run_set.Compile()
            which = run_set._set.Match
        return _Run(self._compile(b"|".join(self._regexes[first:last])), first, which)

    def _active(self, data: bytes) -> list[_Run]:
        """The runs worth scanning in ``data``: ungated ones, and gated ones whose atoms occur."""
        if self._atoms is None:
            return list(self._runs)
        potential = self._atoms.Match(data, potential=True)
        if not potential:
            return [self._runs[i] for i in self._ungated]
        run_of = self._run_of
        return [self._runs[i] for i in sorted({*self._ungated, *(run_of[k] for k in potential)})]

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

    def _tail_width(self, after: int) -> int | None:
        """The longest match of :meth:`_tail` (None: unbounded or unknown)."""
        if after not in self._tail_widths:
            self._tail_widths[after] = _max_width(b"|".join(self._regexes[after + 1 :]))
        return self._tail_widths[after]

    def _which(
        self,
        data: bytes,
        start: int,
        end: int,
        first: int,
        memo: dict[tuple[int, bytes], list[int]],
        *,
        run: _Run | None = None,
    ) -> int:
        """The highest-priority alternative (index >= first) matching exactly [start, end);
        with ``run``, the run whose scan found the span (no earlier alternative can match
        there: its run would have found the span first).

        ``memo`` lives for one scan: it holds candidate values (emails, card numbers), which
        must not outlive the call that redacts them.
        """
        if run is not None and run.which is None:
            return run.first
        value = data[start:end]
        key = (-1 if run is None else run.first, value)
        hits = memo.get(key)
        if hits is None:
            # Values recur (one address all over an answer): ask the Set once per value.
            if run is None or run.which is None:
                hits = self._set_match(value)
            else:
                hits = [run.first + k for k in run.which(value)]
            if len(hits) > 1:
                hits.sort()
            if len(value) <= _MAX_MEMO_VALUE and len(memo) < _MAX_MEMO:
                memo[key] = hits
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
        runs = self._active(data)
        if not runs:
            return []
        # The next match of each run from where the scan stands; a run is searched again
        # only once the scan has passed its match. A run with no match left drops out of
        # ``live``: hostile text has 20,000 candidates, each a trip round this loop.
        searches = [run.regex.Match for run in runs]
        nexts = [search(_UNANCHORED, data, 0, n)[0] for search in searches]
        live = [i for i, (s, _) in enumerate(nexts) if s >= 0]
        if not live:
            return []
        g = _leftmost(nexts)
        start, end = nexts[g]
        found: list[tuple[int, int, int]] = []
        rejected: list[tuple[int, int]] = []
        memo: dict[tuple[int, bytes], list[int]] = {}
        which = self._which
        # Values a validator rejects whatever surrounds them, for this scan only (they may
        # be card numbers: nothing outlives the call).
        rejected_values: dict[tuple[int, str], bool] = {}
        misses: set[tuple[int, bool, bytes]] = set()  # retries that found nothing, by context
        # Checks by what they read, for this scan only: a dense run of one value is judged once.
        judged: dict[tuple[int, int, int, str], tuple[int, int] | None] = {}
        # Candidates known to be rejected, by everything their judgement reads: the run, the
        # span's length, and the text around it that the anchored checks and retries can
        # see (``data`` is ``text`` with non-ASCII as "?", so the text says it all).
        dead: set[tuple[int, int, int, str]] = set()
        fast = self._fast
        same_values = self._same_values
        heads = self._heads
        # Per alternative, what the judgement of a candidate needs without a call: text dense
        # with values is 20,000-30,000 candidates, and each function call costs there.
        checks, rejects, reads_of = self._checks, self._rejects, self._reads
        firsts = [run.first if run.which is None else -1 for run in runs]
        which_memo: dict[tuple[int, int, int, bytes], int] = {}  # values: this scan only
        which_tries = which_hits = 0
        # The same for ``judged``, asked while it answers, and once every 32 candidates when
        # it stopped (values repeated after distinct ones turn it back on).
        judge_tries = judge_hits = judge_seen = 0
        probes = [True] * len(runs)  # try the run's first alternative alone (see below)
        singles = self._single_matches
        rescans = _MAX_RESCANS
        while True:
            dead_key = None
            settled = False
            match_end = end
            if fast and dead:  # none yet in text dense with accepted values: no key to build
                dead_key = _dead_key(g, text, start, end)
                settled = dead_key in dead
            span: tuple[int, int] | None = None  # judged before, in the same surroundings
            if settled:
                k = 0
            else:
                k = firsts[g]
                if k < 0:
                    # The alternative reads the span and one byte either side (``\b``, ``^``,
                    # ``$``): the same bytes there, the same answer. Asked while it answers
                    # (every value different: it stops after a few hundred misses).
                    which_key = None
                    if which_tries < _WHICH_TRIES or which_hits * 8 >= which_tries:
                        which_tries += 1
                        low = start - 1 if start else 0
                        which_key = (g, start - low, end - start, data[low : end + 1])
                        k = which_memo.get(which_key, -1)
                        which_hits += k >= 0
                    if k < 0:
                        first = runs[g].first
                        if (
                            probes[g]
                            and _plain_edges(data, start, end)
                            and singles[first](_ANCHOR_BOTH, data, start, end)[0][0] >= 0
                        ):
                            # The run's first alternative matching here is the answer (none
                            # comes before it): one anchored match instead of the Set, while
                            # it keeps answering. With no word byte around the span, ``\b``
                            # reads the same in the value alone: the Set would name it too.
                            k = first
                        else:
                            k = which(data, start, end, 0, memo, run=runs[g])
                            probes[g] = k == first
                        if (
                            which_key is not None
                            and end - start <= _MAX_MEMO_VALUE
                            and len(which_memo) < _MAX_MEMO
                        ):
                            which_memo[which_key] = k
            if k < 0:
                pos = end if end > start else start + 1
            else:
                head = None if settled else heads[k]
                if head is not None:
                    end = head(_ANCHOR_START, data, start, n)[0][1]
                if not settled:
                    reads = reads_of[k]
                    check = checks[k]
                    said_no = False  # the check ran here and refused the span
                    if reads is not None and rejects[k] is None and check is not None:
                        # The check, remembered by what it reads. An accepted candidate is
                        # settled here; a rejected one goes on to the later alternatives in
                        # ``_judge``, told the check already said no.
                        judge_seen += 1
                        if (
                            judge_tries < _WHICH_TRIES
                            or judge_hits * 8 >= judge_tries
                            or not judge_seen & 31
                        ):
                            judge_tries += 1
                            size = len(judged)
                            span = _judged(
                                k, text, start, end, check=check, reads=reads, judged=judged
                            )
                            judge_hits += len(judged) == size
                        else:
                            # Every reading different (distinct values): a key per candidate
                            # is built and stored for nothing.
                            span = check(text, start, end)
                        said_no = span is None
                    if span is None:
                        span, k, settled = self._judge(
                            text,
                            data,
                            start,
                            end,
                            k,
                            memo=memo,
                            rejected_values=rejected_values,
                            misses=misses,
                            judged=judged,
                            said_no=said_no,
                        )
                        if settled and fast and len(dead) < _MAX_MEMO:
                            dead.add(dead_key or _dead_key(g, text, start, match_end))
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
            if settled and rescans <= 0 and (not same_values or len(rejected) >= _MAX_REJECTED):
                # A known-dead candidate once the rescans and the rejected list are spent
                # changes nothing but ``pos``: while this run stays leftmost and its next
                # candidates are known dead too, only its own next match is searched for
                # (hostile text: 20,000 candidates, one trip round the full loop each).
                horizon = min((nexts[i][0] for i in live if i != g), default=n)
                if horizon >= pos:
                    pos = _skip_dead(
                        searches[g],
                        nexts,
                        g,
                        data=data,
                        text=text,
                        pos=pos,
                        horizon=horizon,
                        dead=dead,
                    )
                    if pos >= n:
                        break
            # Search again the runs the scan has passed, and pick the leftmost next match
            # (the earliest run on a tie).
            g = -1
            exhausted = False
            for i in live:
                next_start = nexts[i][0]
                if next_start < pos:
                    nexts[i] = searches[i](_UNANCHORED, data, pos, n)[0]
                    next_start = nexts[i][0]
                    if next_start < 0:
                        exhausted = True
                        continue
                if g < 0 or next_start < start:
                    g, start = i, next_start
            if g < 0:
                break
            if exhausted:
                live = [i for i in live if nexts[i][0] >= 0]
            end = nexts[g][1]
        if rejected and found:
            return _same_values(text, found, rejected)
        return found

    def _judge(
        self,
        text: str,
        data: bytes,
        start: int,
        end: int,
        k: int,
        *,
        memo: dict[tuple[int, bytes], list[int]],
        rejected_values: dict[tuple[int, str], bool],
        misses: set[tuple[int, bool, bytes]],
        judged: dict[tuple[int, int, int, str], tuple[int, int] | None] | None = None,
        said_no: bool = False,
    ) -> tuple[tuple[int, int] | None, int, bool]:
        """The span to keep for candidate ``[start, end)`` of alternative ``k`` (its own
        check, then the later alternatives at the same start) or None, the alternative that
        decided, and whether a rejection read nothing but the value and ``_DEAD_WIDTH``
        bytes around the start (the value refused alone, the later alternatives missing at
        the first anchored try). ``said_no``: the check of ``k`` already refused the span (an
        alternative without ``rejects``); only the later alternatives are left to try."""
        check = self._checks[k]
        if check is None:
            return (start, end), k, False
        reject = self._rejects[k]
        refused = False
        if reject is None:
            reads = self._reads[k]
            if said_no:
                span = None
            elif reads is None or judged is None:
                span = check(text, start, end)
            else:
                span = _judged(k, text, start, end, check=check, reads=reads, judged=judged)
        else:
            value_key = (k, text[start:end])
            known = rejected_values.get(value_key)
            if known is None:
                known = reject(value_key[1])
                if len(rejected_values) < _MAX_MEMO:
                    rejected_values[value_key] = known
            refused = known
            span = None if refused else check(text, start, end)
        if span is not None:
            return span, k, False
        if k == len(self._checks) - 1:
            return None, k, refused
        span, after = self._retry(text, data, start, k, memo, misses=misses)
        if span is not None or not refused or after != k:
            return span, after, False
        width = self._tail_width(k)
        return None, k, width is not None and width <= _DEAD_WIDTH

    def _retry(
        self,
        text: str,
        data: bytes,
        start: int,
        failed: int,
        memo: dict[tuple[int, bytes], list[int]],
        *,
        misses: set[tuple[int, bool, bytes]] | None = None,
    ) -> tuple[tuple[int, int] | None, int]:
        n = len(data)
        while failed < len(self._alts) - 1:
            # An anchored match reads no further than its longest match and one byte either
            # side (``\b``): the same bytes there give the same answer. Hostile text repeats
            # one rejected candidate thousands of times.
            width = self._tail_width(failed) if misses is not None else None
            miss = None
            if width is not None:
                miss = (failed, start == 0, data[max(start - 1, 0) : start + width + 1])
                if miss in misses:  # type: ignore[operator]
                    break
            s, e = self._tail(failed).Match(_ANCHOR_START, data, start, n)[0]
            if s < 0:
                if miss is not None and len(misses) < _MAX_MEMO:  # type: ignore[arg-type]
                    misses.add(miss)  # type: ignore[union-attr]
                break
            failed = self._which(data, s, e, failed + 1, memo)
            if failed < 0:
                break
            head = self._heads[failed]
            if head is not None:
                e = head(_ANCHOR_START, data, s, n)[0][1]
            check = self._alts[failed].check
            span = (s, e) if check is None else check(text, s, e)
            if span is not None:
                return span, failed
        return None, failed


def _judged(
    k: int,
    text: str,
    start: int,
    end: int,
    *,
    check: _Check,
    reads: tuple[int, int],
    judged: dict[tuple[int, int, int, str], tuple[int, int] | None],
) -> tuple[int, int] | None:
    """``check(text, start, end)``, remembered by every character it reads (``reads``
    before the span and after it), its answer as offsets from ``start``."""
    low = start - reads[0] if start > reads[0] else 0
    key = (k, start - low, end - start, text[low : end + reads[1]])
    known = judged.get(key, _UNJUDGED)
    if known is _UNJUDGED:
        span = check(text, start, end)
        if len(judged) < _MAX_MEMO:
            judged[key] = None if span is None else (span[0] - start, span[1] - start)
        return span
    return None if known is None else (start + known[0], start + known[1])


_UNJUDGED = (-1, -1)


_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _plain_edges(data: bytes, start: int, end: int) -> bool:
    """No word byte just outside ``[start, end)``: RE2's ``\b`` at the span's edges then
    reads the same in ``data`` as in the span alone (``^`` and ``$`` only fewer matches)."""
    return (start == 0 or data[start - 1] not in _WORD_BYTES) and (
        end == len(data) or data[end] not in _WORD_BYTES
    )


def _dead_key(g: int, text: str, start: int, end: int) -> tuple[int, int, int, str]:
    """What a candidate's judgement reads: the run, the span's length, and the text around it
    that the anchored checks and retries can see (``_DEAD_WIDTH`` bytes past the start at
    least, one char either side)."""
    low = start - 1 if start else 0
    top = end if end > start + _DEAD_WIDTH else start + _DEAD_WIDTH
    return g, start - low, end - start, text[low : top + 1]


def _skip_dead(
    search: Any,
    nexts: list[tuple[int, int]],
    g: int,
    *,
    data: bytes,
    text: str,
    pos: int,
    horizon: int,
    dead: set[tuple[int, int, int, str]],
) -> int:
    """Pass the next matches of run ``g`` from ``pos`` that start before ``horizon`` (where
    another run's next match starts) and are known dead: the new ``pos``, with
    ``nexts[g]`` the first match not passed (what the scan loop then reads)."""
    n = len(data)
    while True:
        found = search(_UNANCHORED, data, pos, n)[0]
        nexts[g] = found
        start, end = found
        if start < 0 or start >= horizon:
            return pos
        if _dead_key(g, text, start, end) not in dead:
            return pos
        pos = end if end > start else start + 1
        if pos >= n:
            return pos


def _max_width(regex: bytes) -> int | None:
    """The longest match of ``regex`` by Python's parser of the same syntax, when bounded
    (up to 256 bytes); None when unbounded or not parsed (RE2-only syntax)."""
    try:
        _low, high = sre_parse.parse(regex).getwidth()
    except (re.error, ValueError, OverflowError, RecursionError):
        return None  # syntax Python does not share: no bound known
    return high if high <= 256 else None


def _leftmost(nexts: list[tuple[int, int]]) -> int:
    """Which run's next match is leftmost (the earliest run on a tie); -1 if none is left."""
    best = -1
    best_start = -1
    for i, (start, _) in enumerate(nexts):
        if start >= 0 and (best < 0 or start < best_start):
            best, best_start = i, start
    return best


class _Run(NamedTuple):
    """Consecutive alternatives scanned by one RE2 pattern."""

    regex: Any
    first: int  # index of its first alternative
    which: Any  # RE2 Set (full match) over its alternatives; None for one alternative


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
    return _Alt(p.entity, p.provider, p.validator, p.rejects, p.head, p.reads)


@lru_cache(maxsize=64)
def _builtin_scanner(enabled: frozenset[str], *, broken: bool = False) -> _Scanner | None:
    chosen = [p for p in BUILTIN_PATTERNS if p.entity in enabled and (p.across_lines or not broken)]
    if not chosen:
        return None
    return _Scanner(
        [p.regex for p in chosen],
        [_builtin_alt(p) for p in chosen],
        same_values=True,
        groups=[p.scan_group for p in chosen],
    )


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


def _enabled(
    entities: Collection[str] | None,
    recognizers: Sequence[Recognizer],
    named: frozenset[str] = frozenset(),
) -> frozenset[str]:
    valid = BUILTIN_ENTITIES | {r.entity for r in recognizers} | named
    if entities is None:
        return valid
    names = {entities} if isinstance(entities, str) else set(entities)
    if any(not isinstance(n, str) for n in names):
        raise TypeError("entities must be a collection of entity names (str)")
    unknown = names - valid
    if unknown:
        hint = (
            " (PERSON, LOCATION and ADDRESS need a named-entity recognizer: ner=...)"
            if unknown & NER_ENTITIES and not named
            else ""
        )
        raise ValueError(
            f"unknown entities {sorted(unknown)}; valid entities: {', '.join(sorted(valid))}" + hint
        )
    return frozenset(names)


def _check_text(text: object, func: str) -> str:
    return require_str(text, f"{func}() text")


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
    # Secrets looked for again where a line break splits a long token.
    broken: _Scanner | None
    named: frozenset[str]  # the named-entity types asked of the NER backend


def _make_plan(
    entities: Collection[str] | None,
    recognizers: Sequence[Recognizer],
    allow: Collection[str],
    named: frozenset[str] = frozenset(),
) -> _Plan:
    recs = _check_recognizers(recognizers)
    enabled = _enabled(entities, recs, named)
    allowed = _allowed(allow)
    return _Plan(
        _builtin_scanner(enabled & BUILTIN_ENTITIES),
        tuple(r for r in recs if r.entity in enabled),
        allowed,
        _builtin_scanner(enabled & _BROKEN_SECRETS, broken=True),
        enabled & named,
    )


# Callers pass the same arguments on every call (a sanitizer, a guard, the defaults), so
# the plan is looked up by them. Only immutable containers make a key: a list or a
# generator could change or run dry between two calls.
_PLANS: dict[tuple[object, object, object, object], _Plan] = {}
_MAX_PLANS = 256
_KEYED = frozenset({type(None), str, tuple, frozenset})
_BROKEN_SECRETS = frozenset({"API_KEY", "JWT"})


def _plan(
    entities: Collection[str] | None,
    recognizers: Sequence[Recognizer],
    allow: Collection[str],
    named: frozenset[str] = frozenset(),
) -> _Plan:
    if type(recognizers) is not tuple or type(entities) not in _KEYED:
        return _make_plan(entities, recognizers, allow, named)
    if type(allow) not in _KEYED:
        return _make_plan(entities, recognizers, allow, named)
    key = (entities, recognizers, allow, named)
    try:
        plan = _PLANS.get(key)
    except TypeError:  # an unhashable member: validation says what is wrong with it
        return _make_plan(entities, recognizers, allow, named)
    if plan is None:
        plan = _make_plan(entities, recognizers, allow, named)
        if len(_PLANS) >= _MAX_PLANS:
            _PLANS.clear()
        _PLANS[key] = plan
    return plan


_Span = tuple[int, int, _Alt]
_LIVE_KEY = _Alt("API_KEY", "mistral", None)
_MIN_LIVE_KEY = 8  # as for SecretScrubbingFilter.add_secret: shorter values are not keys


def _detect(
    text: str,
    entities: Collection[str] | None,
    recognizers: Sequence[Recognizer],
    allow: Collection[str],
    ner: NamedEntityRecognizer | None = None,
    *,
    live_keys: bool = True,
) -> list[_Span]:
    """Validated, non-overlapping spans in text order, with offsets in ``text``."""
    if not isinstance(text, str):
        _check_text(text, "redact")
    named = ner_entities(ner) if ner is not None else frozenset()
    plan = _plan(entities, recognizers, allow, named)
    if not text:
        return []
    if text.isascii():
        norm, offsets, data = text, None, text.encode()
    else:
        # Fullwidth digits, zero-width characters, odd spaces: read as a person reads them.
        norm, offsets = normalize_values(text)
        data = norm.encode("ascii", "replace")
    scanner = plan.builtin
    spans: list[_Span] = []
    if scanner is not None:
        spans = scanner.scan_alts(norm, data)
    first: list[_Span] = []  # ranked with user recognizers: over built-in ones on a tie
    if plan.custom:
        first = _scan_custom(norm, plan.custom)
    if plan.broken is not None:
        # A second reading: it may extend a secret over a line break, never cut one.
        first.extend(_extending(_broken_secrets(norm, data, plan.broken, spans), spans))
    if live_keys:
        first.extend(_live_keys(norm, data))
    if plan.named and ner is not None:
        first.extend(_named(norm, ner, plan.named))
    if first:
        spans = _resolve(first, spans)
        if plan.named and "PERSON" in plan.named:
            again = repeated_names(norm, spans, _named_alt)
            if again:
                spans = _resolve(again, spans)
    if spans:
        repeats = repeated_secrets(norm, spans)
        if repeats:
            spans = _resolve(repeats, spans)
    if offsets is not None:
        spans = [(*original_span(text, offsets, s, e), alt) for s, e, alt in spans]
    if plan.allowed and spans:
        allowed = plan.allowed
        spans = [
            sp
            for sp in spans
            if sp[2] is _LIVE_KEY
            or (
                text[sp[0] : sp[1]].casefold() not in allowed
                and (offsets is None or _norm_value(norm, offsets, sp).casefold() not in allowed)
            )
        ]
    return spans


_MAX_REPEATED_VALUES = 64
_MAX_REPEATED_HITS = 20_000
_MIN_REPEATED = 6


def repeated_secrets(norm: str, spans: list[_Span]) -> list[_Span]:
    """Every other occurrence of a secret found once: a password given after its name and
    pasted alone further on is the same secret. The first 64 distinct values of 6 characters
    or more (a plain word not inside a longer word), and at most 20,000 occurrences looked at
    (hostile text stays linear)."""
    values: dict[str, _Alt] = {}
    redacted: Counter[str] = Counter()
    for s, e, alt in spans:
        if e - s >= _MIN_REPEATED and alt.entity in SECRET_ENTITIES:
            value = norm[s:e]
            redacted[value] += 1
            if value not in values and len(values) < _MAX_REPEATED_VALUES:
                values[value] = alt
    if not values:
        return []
    starts = [sp[0] for sp in spans]
    out: list[_Span] = []
    budget = _MAX_REPEATED_HITS
    size = len(norm)
    for value, alt in values.items():
        # As many disjoint occurrences as spans already hold the value: none is left out
        # (the count is the most disjoint occurrences there are). Dense text stops here.
        if norm.count(value) <= redacted[value]:
            continue
        # A word given as a password ("secret") is not looked for inside longer words
        # ("secretary"); anything else is, even glued to more text ("Zx8#kq!w9x").
        word = value.isalpha()
        pos = norm.find(value)
        while pos >= 0 and budget > 0:
            budget -= 1
            end = pos + len(value)
            i = bisect.bisect_right(starts, pos)
            if (
                (i == 0 or spans[i - 1][1] <= pos)
                and (i == len(spans) or spans[i][0] >= end)
                and not (word and pos > 0 and norm[pos - 1].isalnum())
                and not (word and end < size and norm[end].isalnum())
            ):
                out.append((pos, end, alt))  # overlaps nothing found
            pos = norm.find(value, end)
    return out


def _norm_value(norm: str, offsets: Sequence[int], span: _Span) -> str:
    """The normalised reading of an original span (for the allow-list)."""
    start = bisect.bisect_left(offsets, span[0])
    end = bisect.bisect_left(offsets, span[1])
    return norm[start:end]


def _broken_secrets(norm: str, data: bytes, scanner: _Scanner, found: list[_Span]) -> list[_Span]:
    """Keys and tokens split across lines, found in a reading of each split token (and the
    64 characters before it, where a key's context word stands) without its line breaks."""
    out = []
    starts = [sp[0] for sp in found]
    for start, end in broken_tokens(data):
        i = bisect.bisect_left(starts, end)
        if i and found[i - 1][1] >= end and found[i - 1][0] <= start:
            continue  # inside what the plain reading found (a PEM body)
        first = max(0, start - _CONTEXT_WINDOW)
        last = min(len(norm), end + 1)
        joined, offsets = join_breaks(norm, data, first, last)
        assert offsets is not None
        for s, e, alt in scanner.scan_alts(joined, joined.encode("ascii", "replace")):
            a, b = offsets[s], offsets[e - 1] + 1
            if b - a > e - s:  # only what a line break had hidden
                out.append((first + a, first + b, alt))
    return out


def _extending(extra: list[_Span], spans: list[_Span]) -> list[_Span]:
    """The spans of ``extra`` that contain whole every span of ``spans`` they overlap."""
    if not extra or not spans:
        return extra
    starts = [sp[0] for sp in spans]
    out = []
    for sp in extra:
        i = bisect.bisect_left(starts, sp[1])
        j = bisect.bisect_left(starts, sp[0])
        if j and spans[j - 1][1] > sp[0]:
            continue  # cuts into a span that starts before it
        if i and spans[i - 1][1] > sp[1]:
            continue  # cuts into a span that ends after it
        out.append(sp)
    return out


def _live_keys(norm: str, data: bytes) -> list[_Span]:
    """Every occurrence of a key a live ``KeyPool`` holds, wherever it stands, also split
    across lines."""
    if not _HOLDERS:
        return []
    keys = [key for key in _held_secrets() if len(key) >= _MIN_LIVE_KEY]
    out = []
    for key in keys:
        pos = norm.find(key)
        while pos >= 0:
            out.append((pos, pos + len(key), _LIVE_KEY))
            pos = norm.find(key, pos + len(key))
    if keys and b"\n" in data:
        out.extend(_outside(_live_keys_across_lines(norm, data, keys), out))
    return out


def _live_keys_across_lines(norm: str, data: bytes, keys: list[str]) -> list[_Span]:
    """Keys broken by line breaks: found from their first or their last 8 characters (one
    of the two is whole wherever the break falls), then followed over the breaks."""
    out = []
    for key in keys:
        for probe, forward in ((key[:8], True), (key[-8:], False)):
            pos = norm.find(probe)
            while pos >= 0:
                span = _follow(norm, data, key, pos if forward else pos + 8, forward)
                if span is not None:
                    out.append((*span, _LIVE_KEY))
                pos = norm.find(probe, pos + 1)
    return sorted(set(out), key=lambda sp: sp[0])


def _follow(norm: str, data: bytes, key: str, pos: int, forward: bool) -> tuple[int, int] | None:
    """Match ``key`` from ``pos`` (its start, or its end going backward) over line breaks."""
    i, j, breaks = 0, pos, 0
    n = len(key)
    while i < n:
        if forward and j < len(norm) and norm[j] == key[i]:
            i, j = i + 1, j + 1
        elif not forward and j > 0 and norm[j - 1] == key[n - 1 - i]:
            i, j = i + 1, j - 1
        elif breaks < 4:
            brk = _line_break_at(data, j, forward)
            if brk is None:
                return None
            j, breaks = brk, breaks + 1
        else:
            return None
    if not breaks:
        return None  # found whole already
    return (pos, j) if forward else (j, pos)


def _line_break_at(data: bytes, j: int, forward: bool) -> int | None:
    """Where a line break that starts (or, going backward, ends) at ``j`` ends (starts)."""
    if forward:
        match = _LINE_BREAK.match(data, j)
        return match.end() if match is not None else None
    window = data[max(0, j - 16) : j]
    match = _LINE_BREAK_BEFORE.search(window)
    return j - len(window) + match.start() if match is not None else None


_LINE_BREAK = re.compile(_BREAK)
_LINE_BREAK_BEFORE = re.compile(b"(?:" + _BREAK + rb")\Z")


def _outside(extra: list[_Span], spans: list[_Span]) -> list[_Span]:
    """The spans of ``extra`` that overlap none of ``spans``."""
    return [sp for sp in extra if all(sp[1] <= s or sp[0] >= e for s, e, _ in spans)]


_NAMED_ALTS: dict[str, _Alt] = {}


def _named_alt(etype: str) -> _Alt:
    alt = _NAMED_ALTS.get(etype)
    if alt is None:
        alt = _NAMED_ALTS[etype] = _Alt(etype, None, None)
    return alt


def _named(norm: str, ner: NamedEntityRecognizer, wanted: frozenset[str]) -> list[_Span]:
    return [
        (start, end, _named_alt(etype))
        for etype, start, end in recognize_one(ner, norm)
        if etype in wanted
    ]


def _resolve(first: list[_Span], builtin: list[_Span]) -> list[_Span]:
    """Overlaps: secrets first, then the longest span, then ``first`` over built-in, then
    leftmost. Linear-logarithmic in the number of spans."""
    ranked = sorted(
        [(sp, 0) for sp in first] + [(sp, 1) for sp in builtin],
        key=lambda item: (
            item[0][2].entity not in SECRET_ENTITIES,
            item[0][0] - item[0][1],
            item[1],
            item[0][0],
        ),
    )
    starts: list[int] = []
    kept: list[_Span] = []
    for sp, _ in ranked:
        i = bisect.bisect_right(starts, sp[0])
        if i and kept[i - 1][1] > sp[0]:
            continue
        if i < len(kept) and kept[i][0] < sp[1]:
            continue
        starts.insert(i, sp[0])
        kept.insert(i, sp)
    return kept


# --- placeholders -----------------------------------------------------------------------


def hash_placeholder(entity: str, value: str, key: bytes) -> str:
    """The one-way ``<TYPE:hash>`` placeholder of ``value`` under ``key``: equal values get
    equal placeholders (they still embed alike); surrogatepass, so a lone surrogate in
    untrusted text never raises (with the text)."""
    digest = hmac.new(key, value.encode("utf-8", "surrogatepass"), hashlib.sha256)
    return f"<{entity}:{digest.hexdigest()[:8]}>"


def _mask(entity: str, value: str) -> str:
    if entity in SECRET_ENTITIES:
        return "********"  # neither prefix nor length of a secret
    if entity == "EMAIL_ADDRESS":
        local, at, domain = value.rpartition("@")
        host, dot, tld = domain.rpartition(".")
        if not (at and dot and tld.isalpha() and host.replace(".", "").replace("-", "").isalnum()):
            # Spelled out ("jo (at) corp (dot) com", "jo@corp[dot]com"): no "@" and "." to
            # keep a hint around, so nothing past its first letter.
            return f"{value[:1]}***"
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


_TYPE_OF = operator.itemgetter(2)  # a _Found's entity type


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
        return dict(Counter(map(_TYPE_OF, self._found)))

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
    ner: object = None,
) -> Redaction:
    """Replace PII and secrets in ``text``.

    ``mode``: ``"replace"`` gives ``<EMAIL_ADDRESS_1>``-style placeholders, the same one for
    the same value; ``"hash"`` gives ``<EMAIL_ADDRESS:3f9c01d2>`` (HMAC-SHA256 under a
    random key drawn for this call); ``"mask"`` gives ``j***@e******.com`` and cannot be
    restored. ``allow`` lists values to keep (case-insensitive).

    ``ner`` adds person names, places and postal addresses: ``"builtin"`` (model-free
    rules), a :class:`SpacyNER`, :class:`PresidioNER` or any
    :class:`NamedEntityRecognizer`; a spaCy ``Language`` or a Presidio ``AnalyzerEngine``
    is wrapped for you. The keys of every live :class:`KeyPool` are always redacted.
    """
    if mode not in _MODES:
        raise ValueError(f"mode must be one of {', '.join(_MODES)}, got {shown(mode)}")
    spans = _detect(text, entities, recognizers, allow, as_recognizer(ner))
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
    last_alt: _Alt | None = None
    etype = ""
    provider: str | None = None
    by_value: dict[str, str] = {}
    for start, end, alt in spans:
        value = text[start:end]
        if alt is not last_alt:  # dense text: the same alternative span after span
            last_alt, etype, provider = alt, alt.entity, alt.provider
            by_value = by_type.setdefault(etype, {})
        placeholder = by_value.get(value)
        if placeholder is None:
            if mode == "mask":
                placeholder = _mask(etype, value)
            elif len(vault) >= MAX_VAULT_ENTRIES:
                placeholder = f"<{etype}>"
            else:
                if mode == "hash":
                    placeholder = hash_placeholder(etype, value, key)
                else:
                    placeholder = numbering.next(etype)
                vault[placeholder] = value
            by_value[value] = placeholder
        append_piece(text[last:start])
        append_piece(placeholder)
        append_found((start, end, etype, placeholder, provider))
        last = end
    pieces.append(text[last:])
    return Redaction("".join(pieces), found, vault)


def find_entities(
    text: str,
    *,
    entities: Collection[str] | None = None,
    recognizers: Sequence[Recognizer] = (),
    allow: Collection[str] = (),
    ner: object = None,
    live_keys: bool = True,
) -> tuple[Entity, ...]:
    """Detect without redacting. ``placeholder`` is the one :func:`redact` would use.

    ``live_keys=False`` leaves out the keys of live pools (matched whatever their shape), so
    the result depends on the text alone: the codebase audit needs that.
    """
    spans = _detect(text, entities, recognizers, allow, as_recognizer(ner), live_keys=live_keys)
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
