"""The trained injection layer: hashed character n-grams and words, a linear model, in numpy.

The text is the folded form the rules see (lower case, accents and look-alikes folded).
Features are character n-grams (orders in ``ORDERS``), whole words and word pairs, each
hashed into ``2**BITS`` buckets with vectorised uint32 arithmetic; a bucket's weight is the
model's vote for that feature. Every feature sits at the position where it starts. The
text is cut into blocks of ``STRIDE`` characters; a window is ``WINDOW // STRIDE``
consecutive blocks, and its logit is the bias plus the sum of its votes divided by
``count + PSEUDO``. The text's score is its best window, so an instruction hidden in a long
document is not diluted by the rest. Block sums make the whole pass linear.

The weights are float16 in ``data/injection_model.npy``, loaded with ``allow_pickle=False``;
``data/injection_model.json`` holds the bias and the calibration. Both are built by
``make train`` (``training/train.py``), which uses :func:`features` so training and
inference see the very same features.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

__all__ = [
    "BITS",
    "FULL_EVIDENCE",
    "MIN_DISTINCT",
    "MIN_WORDS",
    "ORDERS",
    "PSEUDO",
    "STRIDE",
    "WINDOW",
    "InjectionModel",
    "blocks",
    "feature_parts",
    "features",
    "load_model",
    "prepare",
]

BITS = 19
ORDERS = (3, 5)  # character n-gram orders; words and word pairs come on top
WINDOW = 160  # characters per scoring window: about two sentences
STRIDE = 40  # a window is WINDOW // STRIDE consecutive blocks of STRIDE characters
MIN_DISTINCT = 10  # distinct chars a window needs before its vote counts
MIN_WORDS = 3  # and distinct words of two or more letters
_WORD = re.compile(r"[^\W\d_]{2,}")  # on at most one window: bounded input
# A window's logit is bias + (sum of votes) / (count + PSEUDO): the mean vote, so repetition
# cannot inflate it, shrunk towards the bias when there are few features: a five-word
# question is too short to be sure of anything.
PSEUDO = 80.0
# Evidence-length-aware calibration: a window with fewer features than a full one
# (``FULL_EVIDENCE``, about what 160 characters of prose give) needs a higher logit, up to
# ``short_margin`` more for no features at all. A five-word question holds a few n-grams
# that also occur in attacks, and its mean vote swings on each of them.
FULL_EVIDENCE = 360.0
_BLOCKS = WINDOW // STRIDE
_SPANS = (_BLOCKS, _BLOCKS // 2)  # window sizes read on long text, in blocks
_MULT = np.uint32(0x01000193)  # FNV prime: mixes one more char into the running hash
# Multiplicative hashing, one odd multiplier per feature kind: the high bits are the bucket.
_SPREADS = {n: np.uint32((0x9E3779B1 + 0x85EBCA6A * n) & 0xFFFFFFFF | 1) for n in ORDERS}
_WORD_SPREAD = np.uint32(0x2545F491)
_PAIR_SPREAD = np.uint32(0x5851F42D)
_PAIR_MULT = np.uint32(0x27D4EB2F)
_SHIFT = np.uint32(32 - BITS)
_SPACE = np.uint32(32)
_ZERO = np.uint32(48)
# Word hashes are polynomial in the code points: prefix sums of c[j] * Q**j give any word's
# hash as (G[end] - G[start]) * Q**-start, all in wrapping uint32 arithmetic.
_Q = 0x01000193
_Q_INV = pow(_Q, -1, 1 << 32)
_POWERS: list[npt.NDArray[np.uint32]] = []

Codes = npt.NDArray[np.uint32]
Ints = npt.NDArray[np.intp]


def prepare(folded: str) -> Codes:
    """Code points of folded text: whitespace and controls as one space, digits as ``0``,
    padded with a space on each side so word starts and ends are n-grams too."""
    if folded.isascii():  # most text: one table lookup per byte, in C
        return _ascii_codes(folded)[0]
    codes = np.frombuffer(f" {folded} ".encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    offset = codes - _ZERO  # wraps around below "0": only digits are < 10
    codes = codes - offset * (offset < 10)
    spaced: Codes = np.maximum(codes, _SPACE)
    return spaced


_ASCII_CODES = np.maximum(np.arange(128, dtype=np.uint32), _SPACE)
_ASCII_CODES[48:58] = _ZERO
_ASCII_BYTES = _ASCII_CODES.astype(np.uint8).tobytes() + bytes(128)


def _ascii_codes(folded: str) -> tuple[Codes, bytes]:
    """:func:`prepare` of ASCII text, and the prepared text as bytes (``bytes.translate``
    is a table lookup per byte in C; the tables below read those bytes the same way)."""
    data = f" {folded} ".encode("ascii").translate(_ASCII_BYTES)
    return np.frombuffer(data, dtype=np.uint8).astype(np.uint32), data


def _powers(size: int) -> tuple[Codes, Codes]:
    """``Q**i`` and ``Q**-i`` for ``i < size`` (uint32, wrapping), grown and kept."""
    if not _POWERS or len(_POWERS[0]) < size:
        length = max(size, 1 << 13, 2 * len(_POWERS[0]) if _POWERS else 0)
        up = np.full(length, _Q, dtype=np.uint32)
        down = np.full(length, _Q_INV, dtype=np.uint32)
        up[0] = down[0] = 1
        _POWERS[:] = [np.cumprod(up, dtype=np.uint32), np.cumprod(down, dtype=np.uint32)]
    return _POWERS[0], _POWERS[1]


# Which code points are word characters: ASCII letters and the digit ``0`` (``prepare``
# maps every digit to it), and other scripts, except general and CJK punctuation.
_WORDY = np.zeros(0x3041, dtype=bool)
_WORDY[97:123] = True
_WORDY[48] = True
_WORDY[128:0x2000] = True
_WORDY[0x2C00:0x3000] = True
_WORDY[0x3040] = True  # and everything above


# The same for prepared ASCII bytes, as a ``bytes.translate`` table (1: a word character).
_WORDY_BYTES = _WORDY[:128].astype(np.uint8).tobytes() + bytes(128)
# And which prepared ASCII bytes are neither a digit nor a space (1): a feature needs one.
_KEPT_BYTES = bytes(int(c not in (32, 48)) for c in range(256))


def _words(codes: Codes, prepared: bytes | None = None) -> tuple[Codes, Codes, Ints]:
    """Start position, hash and length of every word: a run of word characters
    (``_WORDY``). ``prepared``: ``codes`` as bytes, when they are ASCII."""
    size = len(codes)
    if prepared is not None:
        wordy = np.frombuffer(prepared.translate(_WORDY_BYTES), dtype=np.bool_)
    else:
        wordy = np.take(_WORDY, np.minimum(codes, np.uint32(0x3040)))
    edges = np.flatnonzero(wordy[1:] != wordy[:-1])  # ``prepare`` pads with spaces
    starts = (edges[0::2] + 1).astype(np.uint32)
    ends = edges[1::2] + 1
    up, down = _powers(size + 1)
    prefix = np.empty(size + 1, dtype=np.uint32)
    prefix[0] = 0
    np.cumsum(codes * up[:size], dtype=np.uint32, out=prefix[1:])
    hashes: Codes = (prefix[ends] - prefix[starts]) * down[starts]
    return starts, hashes, (ends - starts).astype(np.intp)


def feature_parts(codes: Codes) -> list[tuple[Codes, Codes | None]]:
    """Buckets of every feature of ``codes`` (from :func:`prepare`), kind by kind, with
    where each feature starts: character n-grams of each order in ``ORDERS`` (one per
    start position, so no positions are given unless some were dropped), then words,
    then pairs of words.

    Features made of digits and spaces only are dropped: card numbers, phone numbers and
    order ids are not language, and binary payloads (which fold to the same zeros) are
    the decoders' job."""
    parts: list[tuple[Codes, Codes | None]] = []
    numeric = (codes == _ZERO) | (codes == _SPACE)
    blank = np.concatenate(([0], np.cumsum(numeric, dtype=np.int64))) if numeric.any() else None
    running = codes
    for n in range(2, max(ORDERS) + 1):
        if len(running) <= 1:
            break
        running = running[:-1] * _MULT
        running += codes[n - 1 :]
        if n in _SPREADS:
            buckets = np.right_shift(running * _SPREADS[n], _SHIFT)
            size = len(buckets)
            keep = None if blank is None else (blank[n : n + size] - blank[:size]) < n
            if keep is None or keep.all():
                parts.append((buckets, None))
            else:
                parts.append((buckets[keep], np.flatnonzero(keep).astype(np.uint32)))
    starts, hashes, lengths = _words(codes)
    if blank is not None and len(starts):
        keep = (blank[starts + lengths] - blank[starts]) < lengths
        starts, hashes = starts[keep], hashes[keep]
    if len(starts):
        parts.append((np.right_shift(hashes * _WORD_SPREAD, _SHIFT), starts))
        if len(starts) > 1:
            pairs = (hashes[:-1] * _PAIR_MULT + hashes[1:]) * _PAIR_SPREAD
            parts.append((np.right_shift(pairs, _SHIFT), starts[:-1]))
    return parts


def features(codes: Codes) -> tuple[Ints, Ints]:
    """Every feature's bucket and start position, in one pair of arrays (for training)."""
    parts = feature_parts(codes)
    if not parts:
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty
    buckets = np.concatenate([b for b, _ in parts]).astype(np.intp)
    positions = np.concatenate(
        [np.arange(len(b), dtype=np.intp) if p is None else p.astype(np.intp) for b, p in parts]
    )
    return buckets, positions


def blocks(size: int) -> int:
    """How many ``STRIDE`` blocks ``size`` prepared codes span."""
    return max(-(-size // STRIDE), 1)


@functools.lru_cache(maxsize=1024)
def _window_edges(count: int) -> tuple[Ints, Ints]:
    """First and last (exclusive) block of every window over ``count`` blocks, both scales."""
    firsts, lasts = [], []
    for span in _SPANS:
        first = np.arange(max(count - span + 1, 1))
        firsts.append(first)
        lasts.append(np.minimum(first + span, count))
    return np.concatenate(firsts), np.concatenate(lasts)


@functools.lru_cache(maxsize=1024)
def _block_starts(count: int) -> Ints:
    """Where each of ``count`` blocks starts, and where the last one ends."""
    return np.arange(count + 1) * STRIDE


class Windows(NamedTuple):
    """The scoring windows of one text: raw logit, ``[start, end)`` and feature count."""

    logits: npt.NDArray[np.float64]
    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    features: npt.NDArray[np.float64]


@dataclass(frozen=True)
class InjectionModel:
    """Weights and calibration of the trained layer."""

    weights: npt.NDArray[np.float32]
    bias: float
    pivot: float  # the logit that maps to weight 0.5, picked on the calibration split
    scale: float  # logits per unit of log-odds around the pivot (fitted on calibration)
    meta: dict[str, Any]
    short_margin: float = 0.0  # extra logit a window without evidence needs (calibrated)

    def window_logits(self, folded: str) -> Windows:
        """Raw logit of every window (one for short text), where each starts and ends in
        ``folded``, and how many features each holds.

        Long text is read at two scales: ``WINDOW`` characters, the scale the model was
        trained on, and ``WINDOW // 2``, so a one-sentence instruction inside a document is
        not diluted by the prose on either side of it."""
        size = len(folded) + 2  # as prepared
        sums = self._block_sums(folded, blocks(size))
        if size <= WINDOW:
            total = complex(sums.sum())
            return Windows(
                np.array([self.bias + total.real / (total.imag + PSEUDO)]),
                np.zeros(1, np.int64),
                np.array([len(folded)], np.int64),
                np.array([total.imag]),
            )
        # One prefix sum over blocks: a window's sums are its difference at the window's
        # first and last block.
        count = len(sums)
        cumulative = np.zeros(count + 1, dtype=np.complex128)
        sums.cumsum(out=cumulative[1:])
        first, last = _window_edges(count)
        windows = cumulative[last] - cumulative[first]
        evidence = windows.imag.copy()
        return Windows(
            self.bias + windows.real / (evidence + PSEUDO),
            np.maximum(first * STRIDE - 1, 0),
            np.minimum(last * STRIDE - 1, len(folded)),
            evidence,
        )

    @functools.cached_property
    def _table(self) -> npt.NDArray[np.complex64]:
        """Each bucket's vote plus ``1j``: one gather gives a feature's vote (real part)
        and counts it (imaginary part), and zeroing a dropped feature removes both."""
        table: npt.NDArray[np.complex64] = self.weights + np.complex64(1j)
        return table

    def _block_sums(self, folded: str, count: int) -> npt.NDArray[np.complex128]:
        """The summed vote (real part) and the number (imaginary part) of the features of
        each ``STRIDE`` block, by where a feature starts: the features of
        :func:`feature_parts`, computed in a few numpy passes (numpy's cost here is per
        call): a dropped n-gram votes zero, words are summed by prefix sums."""
        prepared: bytes | None = None
        if folded.isascii():
            codes, prepared = _ascii_codes(folded)
            # A feature needs one char that is not a digit or a space.
            kept = np.frombuffer(prepared.translate(_KEPT_BYTES), dtype=np.bool_)
        else:
            codes = prepare(folded)
            kept = codes != _ZERO
            kept &= codes != _SPACE
        size = len(codes)
        table = self._table
        votes = np.zeros(count * STRIDE, dtype=np.complex128)
        running = codes
        window = kept
        for n in range(2, max(ORDERS) + 1):
            if size < n:
                break
            running = running[:-1] * _MULT
            running += codes[n - 1 :]
            window = window[:-1] | kept[n - 1 :]
            if n in _SPREADS:
                vote = table.take((running * _SPREADS[n]) >> _SHIFT)
                vote *= window
                votes[: len(vote)] += vote
        sums: npt.NDArray[np.complex128] = votes.reshape(count, STRIDE).sum(axis=1)
        starts, hashes, lengths = _words(codes, prepared)
        if len(starts):
            # Only a word that starts with a digit can be digits only.
            numeric = (codes[starts] == _ZERO).nonzero()[0]
            if len(numeric):
                bounds = np.empty(2 * len(numeric), dtype=np.intp)
                bounds[0::2] = starts[numeric]
                bounds[1::2] = bounds[0::2] + lengths[numeric]
                lettered = np.logical_or.reduceat(kept, bounds)[0::2]
                if not lettered.all():
                    keep = np.ones(len(starts), dtype=bool)
                    keep[numeric[~lettered]] = False
                    starts, hashes = starts[keep], hashes[keep]
        if len(starts):
            # Words come in order: prefix sums of their votes, read at the block edges.
            edges = starts.searchsorted(_block_starts(count))
            word = table.take((hashes * _WORD_SPREAD) >> _SHIFT)
            cumulative = np.zeros(len(starts) + 1, dtype=np.complex128)
            word.cumsum(dtype=np.complex128, out=cumulative[1:])
            if len(starts) > 1:  # a pair starts at every word but the last
                pairs = table.take(
                    ((hashes[:-1] * _PAIR_MULT + hashes[1:]) * _PAIR_SPREAD) >> _SHIFT
                )
                cumulative[1:-1] += pairs.cumsum(dtype=np.complex128)
                cumulative[-1] = cumulative[-2] + word[-1]
            at = cumulative[edges]
            sums += at[1:] - at[:-1]
        return sums

    def best_window(self, folded: str) -> tuple[float, int, int]:
        """The highest logit and its window, as ``[start, end)`` in ``folded``; a window
        with little evidence has its logit lowered (``short_margin``)."""
        if not folded:
            return -math.inf, 0, 0
        windows = self.window_logits(folded)
        logits = windows.logits
        if self.short_margin:
            logits = logits - self.short_margin * np.maximum(
                1.0 - windows.features / FULL_EVIDENCE, 0.0
            )
        best = int(np.argmax(logits))
        start, end = int(windows.starts[best]), int(windows.ends[best])
        # A run of one word, one char or digits is not language, nor is a handful of words
        # repeated: no vote on it (a mean over so few features swings on any one of them).
        window = folded[start:end]
        if len(set(window)) < MIN_DISTINCT or len(set(_WORD.findall(window))) < MIN_WORDS:
            return -math.inf, start, end
        return float(logits[best]), start, end

    def weight(self, logit: float) -> float:
        """The finding weight of a logit: 0.5 at the calibrated pivot, rising towards 1."""
        return 1.0 / (1.0 + math.exp(-(logit - self.pivot) / self.scale))


_MODEL: InjectionModel | None = None


def load_model() -> InjectionModel:
    """The packaged model, loaded once (numpy only, no pickle)."""
    global _MODEL  # noqa: PLW0603 - one immutable model per process
    if _MODEL is None:
        data = resources.files("mistral_secure") / "data"
        with resources.as_file(data / "injection_model.npy") as path:
            raw = np.load(path, allow_pickle=False)
        meta = json.loads((data / "injection_model.json").read_text(encoding="utf-8"))
        if raw.dtype != np.float16 or raw.shape != (1 << BITS,):
            raise RuntimeError("packaged injection model has an unexpected shape")
        if (
            meta.get("bits") != BITS
            or tuple(meta.get("orders", ())) != ORDERS
            or meta.get("words") != 2
            or meta.get("pseudo") != PSEUDO
        ):
            raise RuntimeError("packaged injection model was built with other features")
        _MODEL = InjectionModel(
            weights=raw.astype(np.float32),
            bias=float(meta["bias"]),
            pivot=float(meta["pivot"]),
            scale=float(meta["scale"]),
            meta=meta,
            short_margin=float(meta.get("short_margin", 0.0)),
        )
    return _MODEL
