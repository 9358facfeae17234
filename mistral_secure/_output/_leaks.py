"""System-prompt leaks: the canary, its random part, named secrets and the prompt's own words.

Matching runs on the injection normaliser's reading of the text (NFKC, invisible characters
dropped, homoglyphs and fullwidth forms folded, case folded, letter-spaced words joined) and on
its decoded layers (base64, hex, ROT13, URL and HTML escapes):

* the canary, its random part and each named secret are searched as a *skeleton* (letters and
  digits only), so spaces, zero-width characters, ``_`` or ``-`` inserted anywhere do not hide
  them; a short secret must stand as whole words; long ones are searched written backwards too;
* the prompt is matched as a chain of its words in order, where up to two words may be
  inserted, dropped or replaced between matches (a sliding-window similarity, not exact runs);
  numbers that are no prompt words (list markers, interleaved counts) are passed over.
"""

from __future__ import annotations

import base64
import bisect
import codecs
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Final

from .._decode import find_blobs, unescape_html, unescape_url
from .._normalize import Normalized, compose, fold, normalize

__all__ = ["LeakFinder", "LeakSpan"]

_ALNUM = re.compile(r"[a-z0-9]+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# The same for ASCII text, deleted in one C pass (a tenth of the regex's time).
_NON_ALNUM_ASCII = bytes(
    c for c in range(128) if chr(c) not in string.ascii_lowercase + string.digits
)
_WORD = re.compile(r"[a-z0-9]+")
_DIGIT = re.compile(r"[0-9]")
# A chain of this many prompt words, in order, is a leak (fewer for short prompts).
CHAIN: Final = 8
_GAP: Final = 3  # consecutive matches may be up to this many words apart, on either side
_DENSITY: Final = 0.6
_HOLD_CHAIN: Final = 3
_TAIL_WORDS: Final = 24  # a chain still arriving is looked for in these last words
_SHORT: Final = 12
_GRAM: Final = 28  # letters and digits in a row, shared with the prompt, that make a leak
_STRIDE: Final = 12  # skeletons shorter than this must match whole words
_DECODE_BUDGET: Final = 16_384
_ESCAPES = re.compile(r"%[0-9A-Fa-f]{2}|&#?[A-Za-z0-9]{2,8};")


@dataclass(frozen=True, slots=True)
class LeakSpan:
    """A leaked span of the scanned text; ``kind`` is ``leak_canary`` or ``leak_system_prompt``."""

    start: int
    end: int
    kind: str
    detail: str


class _Skeleton:
    """Letters and digits of a folded text, with each one's index in the original text.

    The index map is built on the first lookup: most texts hold no leak and never need it.
    """

    __slots__ = ("_folded", "_norm", "_run_skel", "_run_src", "text")

    def __init__(self, norm: Normalized) -> None:
        self._norm = norm
        self._folded = norm.text
        self._run_skel: list[int] = []
        self._run_src: list[int] = []
        folded = norm.text
        if folded.isascii():
            self.text = folded.encode("ascii").translate(None, _NON_ALNUM_ASCII).decode("ascii")
        else:
            self.text = _NON_ALNUM.sub("", folded)

    def folded_index(self, i: int) -> int:
        if not self._run_src:
            runs = list(_ALNUM.finditer(self._folded))
            self._run_src = [m.start() for m in runs]
            self._run_skel = list(accumulate((m.end() - m.start() for m in runs[:-1]), initial=0))
        k = bisect.bisect_right(self._run_skel, i) - 1
        return self._run_src[k] + (i - self._run_skel[k])

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original-text span of skeleton ``[i, j)``."""
        a, b = self.folded_index(i), self.folded_index(j - 1) + 1
        return self._norm.span(a, b)

    def whole_words(self, i: int, j: int) -> bool:
        a, b = self.folded_index(i), self.folded_index(j - 1) + 1
        text = self._folded
        return (a == 0 or not text[a - 1].isalnum()) and (b == len(text) or not text[b].isalnum())


def _skeleton_of(value: str) -> str:
    return "".join(_ALNUM.findall(fold(value).text))


class LeakFinder:
    """Finds leaks in a text; built once per sanitizer from the caller's prompt, canary, secrets."""

    __slots__ = (
        "_chain",
        "_encoded",
        "_grams",
        "_index",
        "_prompt_words",
        "_targets",
    )

    def __init__(
        self, *, system_prompt: str | None, canary: str | None, secrets: Sequence[str]
    ) -> None:
        targets: list[tuple[str, str, str]] = []  # (skeleton, kind, detail)
        if canary:
            skeleton = _skeleton_of(canary)
            targets.append((skeleton, "leak_canary", "canary"))
            random_part = _skeleton_of(canary.rsplit("-", 1)[-1])
            if random_part != skeleton and len(random_part) >= 8:
                targets.append((random_part, "leak_canary", "canary"))
        for secret in secrets:
            skeleton = _skeleton_of(secret)
            if skeleton:
                targets.append((skeleton, "leak_system_prompt", "secret"))
        # Written backwards ("46004b…-yranac-sm"): a long value reversed is as telling.
        targets.extend(
            (target[::-1], kind, detail)
            for target, kind, detail in list(targets)
            if len(target) >= _SHORT
        )
        self._targets = tuple(sorted(set(targets), key=lambda t: -len(t[0])))
        encoded: list[tuple[str, str, str]] = []
        if canary:
            for value in {canary, canary.rsplit("-", 1)[-1]}:
                encoded.extend((form, "leak_canary", "canary") for form in _encodings(value))
        for secret in secrets:
            encoded.extend((form, "leak_system_prompt", "secret") for form in _encodings(secret))
        self._encoded = tuple(encoded)
        words = _WORD.findall(normalize(system_prompt)[0].text) if system_prompt else []
        self._prompt_words = tuple(words)
        index: dict[str, list[int]] = {}
        for position, word in enumerate(words):
            index.setdefault(word, []).append(position)
        self._index = index
        # Disguised copies (letter-spaced, encoded) have no words left: the prompt's letters
        # and digits are matched instead, in windows of _GRAM characters.
        skeleton = _skeleton_of(system_prompt) if system_prompt else ""
        grams = [skeleton[i : i + _GRAM] for i in range(max(0, len(skeleton) - _GRAM + 1))]
        self._grams = frozenset(grams + [gram[::-1] for gram in grams])
        # Prompts shorter than this rely on the canary and named secrets alone.
        self._chain = CHAIN if len(words) >= CHAIN else len(words) if len(words) >= 5 else 0

    @property
    def active(self) -> bool:
        return bool(self._targets or self._chain or self._grams or self._encoded)

    @property
    def vocabulary(self) -> frozenset[str]:
        return frozenset(self._index)

    # -- finding ------------------------------------------------------------------------------

    def find(self, text: str) -> list[LeakSpan]:
        """Leaked spans of ``text`` (offsets in ``text``), possibly overlapping."""
        spans: list[LeakSpan] = []
        if self._targets or self._grams:
            spans.extend(self._find_targets(text))
        if self._chain:
            spans.extend(self._find_prompt(text))
        return spans

    def _find_targets(self, text: str) -> list[LeakSpan]:
        out: list[LeakSpan] = []
        norm = fold(text)
        self._search(_Skeleton(norm), out)
        if _ESCAPES.search(text):
            for layer in (unescape_url, unescape_html):
                decoded = layer(Normalized(text, None, len(text)))
                if decoded.text != text:
                    inner = fold(decoded.text)
                    self._search(_Skeleton(compose(decoded, inner)), out)
        for form, kind, detail in self._encoded:
            i = text.find(form)
            while i >= 0:
                run = _ENCODED_RUN.match(text, i + len(form))
                start = i
                while start > 0 and text[start - 1] in _ENCODED_CHARS:
                    start -= 1
                out.append(LeakSpan(start, run.end() if run else i + len(form), kind, detail))
                i = text.find(form, i + len(form))
        blobs, _ = find_blobs(text, _DECODE_BUDGET)
        for blob in blobs:
            skeleton = _Skeleton(fold(blob.text))
            if self._matches(skeleton.text) or self._matches(_rot13(skeleton.text)):
                out.append(LeakSpan(blob.start, blob.end, *self._kind(skeleton.text)))
            elif self._gram_runs(skeleton.text) or self._gram_runs(_rot13(skeleton.text)):
                out.append(LeakSpan(blob.start, blob.end, "leak_system_prompt", "system_prompt"))
        return out

    def _gram_runs(self, haystack: str) -> list[tuple[int, int]]:
        """Runs of ``haystack`` that are the prompt's own letters, ``_GRAM`` or more long.

        Windows are probed every ``_STRIDE`` characters (a run of ``_GRAM + _STRIDE`` or more
        always holds a probed one), then a hit is grown a character at a time.
        """
        grams = self._grams
        n = len(haystack)
        if not grams or n < _GRAM:
            return []
        runs: list[tuple[int, int]] = []
        i = 0
        while i <= n - _GRAM:
            if haystack[i : i + _GRAM] not in grams:
                i += _STRIDE
                continue
            a = i
            while a > 0 and haystack[a - 1 : a - 1 + _GRAM] in grams:
                a -= 1
            b = i
            while b + 1 <= n - _GRAM and haystack[b + 1 : b + 1 + _GRAM] in grams:
                b += 1
            if runs and runs[-1][1] >= a:
                runs[-1] = (runs[-1][0], b + _GRAM)
            else:
                runs.append((a, b + _GRAM))
            i = b + _STRIDE
        return runs

    def _kind(self, skeleton: str) -> tuple[str, str]:
        for target, kind, detail in self._targets:
            if target in skeleton or target in _rot13(skeleton):
                return kind, detail
        return "leak_canary", "canary"

    def _matches(self, skeleton: str) -> bool:
        return any(target in skeleton for target, _, _ in self._targets)

    def _search(self, skeleton: _Skeleton, out: list[LeakSpan]) -> None:
        for haystack in (skeleton.text, _rot13(skeleton.text)):
            for i, j in self._gram_runs(haystack):
                start, end = skeleton.span(i, j)
                out.append(LeakSpan(start, end, "leak_system_prompt", "system_prompt"))
            for target, kind, detail in self._targets:
                i = haystack.find(target)
                while i >= 0:
                    j = i + len(target)
                    if len(target) >= _SHORT or skeleton.whole_words(i, j):
                        start, end = skeleton.span(i, j)
                        out.append(LeakSpan(start, end, kind, detail))
                    i = haystack.find(target, j)

    def _counted(self, words: list[re.Match[str]]) -> list[re.Match[str]]:
        """``words`` that count in a chain: a number that is no prompt word (a list marker,
        a count interleaved with the prompt's words) is passed over, so numbering the
        prompt a word a line does not thin its chain below ``_DENSITY``."""
        index = self._index
        return [m for m in words if m.group() in index or not m.group().isdigit()]

    def _find_prompt(self, text: str) -> list[LeakSpan]:
        readings = normalize(text, self.vocabulary)
        out: list[LeakSpan] = []
        index = self._index
        for norm in readings:
            tokens = _WORD.findall(norm.text)
            numbers = _DIGIT.search(norm.text) is not None  # most answers: nothing to pass over
            if numbers:
                tokens = [w for w in tokens if w in index or not w.isdigit()]
            if not self._may_chain(tokens):
                continue
            found = list(_WORD.finditer(norm.text))
            words = [
                (m.group(), m.start(), m.end())
                for m in (self._counted(found) if numbers else found)
            ]
            for first, last in self._chains(words):
                start, _ = norm.span(words[first][1], words[first][2])
                _, end = norm.span(words[last][1], words[last][2])
                out.append(LeakSpan(start, end, "leak_system_prompt", "system_prompt"))
        return out

    def _may_chain(self, tokens: list[str]) -> bool:
        """Whether ``tokens`` hold a run of chain-many prompt words, each at most ``_GAP``
        after the last: what every chain needs (most answers have none, and skip ``_chains``)."""
        index = self._index
        run, last = 0, -_GAP - 1
        for i in [i for i, token in enumerate(tokens) if token in index]:
            run = run + 1 if i - last <= _GAP else 1
            if run >= self._chain:
                return True
            last = i
        return False

    def _chains(self, words: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
        """(first, last) word indices of every chain of at least ``CHAIN`` prompt words."""
        found: list[tuple[int, int]] = []
        # For each of the last _GAP words: prompt position -> (chain length, first word index).
        recent: list[dict[int, tuple[int, int]]] = []
        index = self._index
        for i, (word, _, _) in enumerate(words):
            current: dict[int, tuple[int, int]] = {}
            positions = index.get(word)
            if positions is None:
                recent.append(current)
                if len(recent) > _GAP:
                    recent.pop(0)
                continue
            # ``recent`` holds at most _GAP states, most recent last; empty ones add nothing.
            previous = [states for states in reversed(recent) if states]
            for p in positions:
                best = (1, i)
                for states in previous:
                    for q in range(max(0, p - _GAP), p):
                        state = states.get(q)
                        if state is not None and state[0] + 1 > best[0]:
                            best = (state[0] + 1, state[1])
                current[p] = best
                length, first = best
                if length >= self._chain and length >= _DENSITY * (i - first + 1):
                    found.append((first, i))
            recent.append(current)
            if len(recent) > _GAP:
                recent.pop(0)
        return found

    # -- holding (streams) --------------------------------------------------------------------

    def hold_from(self, text: str) -> int | None:
        """Where the tail of ``text`` may be the start of a leak still arriving, or None."""
        hold: int | None = None
        for form, _, _ in self._encoded:
            k = _held_prefix(text[-len(form) :], form)
            if k:
                at = len(text) - k
                hold = at if hold is None else min(hold, at)
        if self._targets:
            tail = text[-96:]
            skeleton = _Skeleton(fold(tail))
            s = skeleton.text
            for target, _, _ in self._targets:
                k = _held_prefix(s, target)
                if k:
                    start, _ = skeleton.span(len(s) - k, len(s))
                    at = len(text) - len(tail) + start
                    hold = at if hold is None else min(hold, at)
        if self._chain:
            norm = fold(text)
            # The last _TAIL_WORDS words, read from a suffix when it holds more than that
            # (the first one found there may be cut, and is not among them): 8 characters a
            # word first, then the whole text.
            at = max(0, len(norm.text) - 8 * _TAIL_WORDS)
            found = list(_WORD.finditer(norm.text, at))
            if _DIGIT.search(norm.text, at) is not None:
                found = self._counted(found)
            if at and len(found) <= _TAIL_WORDS:
                found = self._counted(list(_WORD.finditer(norm.text)))
            words = [(m.group(), m.start(), m.end()) for m in found[-_TAIL_WORDS:]]
            tail_chain = self._tail_chain(words)
            if tail_chain is not None:
                at, _ = norm.span(words[tail_chain][1], words[tail_chain][2])
                hold = at if hold is None else min(hold, at)
        return hold

    def _tail_chain(self, words: list[tuple[str, int, int]]) -> int | None:
        """First word of a chain of ``_HOLD_CHAIN``+ prompt words ending at the last word."""
        recent: list[dict[int, tuple[int, int]]] = []
        index = self._index
        for i, (word, _, _) in enumerate(words):
            current: dict[int, tuple[int, int]] = {}
            positions = index.get(word)
            # Most words are no prompt word: nothing to chain, no states to gather.
            previous = [states for states in reversed(recent) if states] if positions else []
            for p in positions or ():
                best = (1, i)
                for states in previous:
                    for q in range(max(0, p - _GAP), p):
                        state = states.get(q)
                        if state is not None and state[0] + 1 > best[0]:
                            best = (state[0] + 1, state[1])
                current[p] = best
            recent.append(current)
            if len(recent) > _GAP:
                recent.pop(0)
        # A chain may still grow if it ended within the last _GAP words.
        candidates = [s for states in recent for s in states.values()] if recent else []
        good = [first for length, first in candidates if length >= _HOLD_CHAIN]
        return min(good) if good else None


def _held_prefix(tail: str, target: str) -> int:
    """Length of the longest proper prefix of ``target``, 4 characters or more, that
    ``tail`` ends with; 0 if none."""
    if tail[-4:] not in target:  # such a prefix would end with these
        return 0
    for k in range(min(len(tail), len(target) - 1), 3, -1):
        if tail.endswith(target[:k]):
            return k
    return 0


# Base64 (both alphabets, padding) and hex: the run an encoded leak is part of.
_ENCODED_ALPHABET = string.ascii_letters + string.digits + "+/_=-"
_ENCODED_CHARS = frozenset(_ENCODED_ALPHABET)
_ENCODED_RUN = re.compile(f"[{re.escape(_ENCODED_ALPHABET)}]*")
_URLSAFE = str.maketrans("+/", "-_")


def _encodings(value: str) -> list[str]:
    """What any base64 (standard or URL-safe) or hex encoding of a text holding ``value``
    must contain, for values long enough to tell.

    The decoders judge a blob by whether it reads as language; a canary's hex-heavy random
    part often does not, so its encodings are searched for as such. Base64 is taken at each
    of the three byte alignments, without the characters its neighbours may change."""
    raw = value.encode("utf-8")
    if len(raw) < 12:
        return []
    forms = {raw.hex(), raw.hex().upper()}
    for shift in range(3):
        encoded = base64.b64encode(bytes(shift) + raw).decode("ascii")
        core = encoded[4 if shift else 0 : -4]
        forms.add(core)
        forms.add(core.translate(_URLSAFE))
    return sorted(form for form in forms if len(form) >= 12)


def _rot13(text: str) -> str:
    return codecs.encode(text, "rot13")
