"""The trained injection layer: hashed character n-grams, a linear model, in numpy.

The text is the folded form the rules see (lower case, accents and look-alikes folded).
Features are character n-grams of the orders in ``ORDERS`` (up to 8), each hashed into
``2**BITS`` buckets; a bucket's weight is the model's vote for that feature. An n-gram's key
is its code points as a base-256 number plus, for code points past ASCII, their high bits
mixed in by an odd 64-bit multiplier: for ASCII text the key is the text's own bytes read
as one little-endian integer, so the common case is one strided view and one multiply per
order. Every feature sits at the position where it starts. The text is cut into blocks of
``STRIDE`` characters; a window is ``WINDOW // STRIDE`` consecutive blocks, and its logit
is the bias plus the sum of its votes divided by ``count + PSEUDO``. The text's score is its
best window, so an instruction hidden in a long document is not diluted by the rest. Block
sums make the whole pass linear.

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
from dataclasses import dataclass, field
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
    "unweave",
]

BITS = 17  # 2**17 float32 votes: 512 KB, a table that stays in cache
ORDERS = (3, 5, 8)  # character n-gram orders, each at most 8 (one uint64 key)
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
FULL_EVIDENCE = 0.9 * WINDOW * len(ORDERS)
_BLOCKS = WINDOW // STRIDE
_SPANS = (_BLOCKS, _BLOCKS // 2)  # window sizes read on long text, in blocks
# Multiplicative hashing of the 64-bit key, one odd multiplier per order: the high bits are
# the bucket.
_SPREADS = {
    n: np.uint64((0x9E3779B97F4A7C15 + 0xD6E8FEB86659FD93 * n) & 0xFFFFFFFFFFFFFFFF | 1)
    for n in ORDERS
}
_SHIFT = np.uint64(64 - BITS)
_HIGH = np.uint64(0xC2B2AE3D27D4EB4F)  # mixes the bits of code points past ASCII
_SEVEN = np.uint64(7)
_SPACE = np.uint32(32)
_ZERO = np.uint32(48)

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
# Which prepared ASCII bytes are neither a digit nor a space (1): a feature needs one.
_KEPT_BYTES = bytes(int(c not in (32, 48)) for c in range(256))


def _ascii_codes(folded: str) -> tuple[Codes, bytes]:
    """:func:`prepare` of ASCII text, and the prepared text as bytes (``bytes.translate``
    is a table lookup per byte in C; the keys below read those bytes the same way)."""
    data = f" {folded} ".encode("ascii").translate(_ASCII_BYTES)
    return np.frombuffer(data, dtype=np.uint8).astype(np.uint32), data


def _keys(codes: Codes, prepared: bytes | None, n: int) -> npt.NDArray[np.uint64]:
    """The 64-bit key of every n-gram of ``codes``, by start position. ``prepared``:
    ``codes`` as bytes, when they are ASCII: the keys are then the bytes themselves, read
    eight at a time from every offset and cut to ``n``."""
    size = len(codes) - n + 1
    if prepared is not None:
        view = np.ndarray((size,), dtype="<u8", buffer=prepared + bytes(8), strides=(1,))
        keys = view & np.uint64((1 << (8 * n)) - 1) if n < 8 else view.copy()
        return keys.astype(np.uint64, copy=False)
    wide = codes.astype(np.uint64)
    high = wide >> _SEVEN  # zero for ASCII: an ASCII n-gram's key is its bytes either way
    keys = wide[:size].copy()
    mixed = high[:size] * _HIGH
    for k in range(1, n):
        keys += wide[k : k + size] << np.uint64(8 * k)
        mixed *= _HIGH
        mixed += high[k : k + size] * _HIGH
    keys += mixed  # zero when every code point of the n-gram is ASCII
    return keys


def _kept(codes: Codes) -> npt.NDArray[np.bool_]:
    """Which codes are neither a digit nor a space."""
    kept: npt.NDArray[np.bool_] = codes != _ZERO
    kept &= codes != _SPACE
    return kept


def _ascii(codes: Codes) -> bytes | None:
    """``codes`` as bytes when they are all ASCII (as the runtime reads them)."""
    return codes.astype(np.uint8).tobytes() if len(codes) and int(codes.max()) < 128 else None


def feature_parts(codes: Codes) -> list[tuple[Codes, Codes | None]]:
    """Buckets of every feature of ``codes`` (from :func:`prepare`), order by order, with
    where each feature starts (``None`` when every start position has one).

    Features made of digits and spaces only are dropped: card numbers, phone numbers and
    order ids are not language, and binary payloads (which fold to the same zeros) are
    the decoders' job."""
    parts: list[tuple[Codes, Codes | None]] = []
    prepared = _ascii(codes)
    kept = _kept(codes)
    counted = np.concatenate(([0], np.cumsum(kept, dtype=np.int64)))
    for n in ORDERS:
        size = len(codes) - n + 1
        if size <= 0:
            continue
        buckets = ((_keys(codes, prepared, n) * _SPREADS[n]) >> _SHIFT).astype(np.uint32)
        keep = (counted[n : n + size] - counted[:size]) > 0
        if keep.all():
            parts.append((buckets, None))
        else:
            parts.append((buckets[keep], np.flatnonzero(keep).astype(np.uint32)))
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


# Separators a red team interleaves between characters ("\\i\\g\\n\\o\\r\\e"): no n-gram of
# such text is one of the language's, so the model reads it with them taken out.
_WEAVES = "\\|/*-_.~+^"
_WOVEN = 3  # at least one char in this many is the separator
_UNWOVEN = str.maketrans("", "", _WEAVES)


def unweave(folded: str) -> tuple[str, Ints | None]:
    """``folded`` without a separator interleaved between its characters, and where each
    char left was in ``folded`` (``None``: nothing taken out)."""
    if len(folded) < 16:
        return folded, None
    # One C pass says whether any separator is common enough to look at one by one.
    if (len(folded) - len(folded.translate(_UNWOVEN))) * _WOVEN < len(folded):
        return folded, None
    counts = [folded.count(sep) for sep in _WEAVES]
    most = max(counts)
    if most * _WOVEN < len(folded):
        return folded, None
    sep = _WEAVES[counts.index(most)]
    codes = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    where: Ints = np.flatnonzero(codes != ord(sep))
    return folded.replace(sep, ""), where


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


# Every order at once: order ``n`` keeps the low ``n`` of the eight bytes read.
_MASKS = np.array([[(1 << (8 * n)) - 1] for n in ORDERS], dtype=np.uint64)
_MULTIPLIERS = np.array([[_SPREADS[n]] for n in ORDERS], dtype=np.uint64)
# A prepared byte is "0" or " " exactly when it is 0x20 with bit 4 ignored.
_DIGIT_OR_SPACE = np.array([[int.from_bytes(b"\xef" * n, "little")] for n in ORDERS], np.uint64)
_SPACES = np.array([[int.from_bytes(b" " * n, "little")] for n in ORDERS], dtype=np.uint64)
_NO_VOTE = np.uint64(1 << BITS)  # the bucket past the table: a vote of zero
_ROWS = np.arange(len(ORDERS), dtype=np.intp)[:, None]
_LONGEST = max(ORDERS)
# Longer text goes in pieces: three orders of 64-bit keys at once leave the cache (measured:
# 7% faster at 4 KB, even at 16 KB, 50% slower at 64 KB than one order at a time).
_STACKED = 16_384
_PIECE = _STACKED // STRIDE * STRIDE  # bytes of long text summed at a time: whole blocks
_READ = 8  # bytes a key is read from (one uint64), whatever the orders

Floats = npt.NDArray[np.float64]


@functools.lru_cache(maxsize=1024)
def _block_grid(count: int) -> Ints:
    """Where each of ``count`` blocks starts, for every order, and a last column of zeros
    (read only: shared between calls)."""
    grid = np.zeros((len(ORDERS), count + 1), dtype=np.intp)
    grid[:, :count] = _block_starts(count)[:-1]
    grid.flags.writeable = False
    return grid


@functools.lru_cache(maxsize=1024)
def _full_blocks(count: int) -> Floats:
    full = np.full(count, float(len(ORDERS) * STRIDE))
    full.flags.writeable = False
    return full


def _by_block(segments: Floats, count: int, short: list[int]) -> Floats:
    """Each block's sum over the orders, added order by order, from the ``reduceat``
    segments of :meth:`InjectionModel._sums` (``short``: orders whose last block is empty)."""
    rows = segments.reshape(len(ORDERS), count + 1)
    for row in short:
        rows[row, count - 1] = 0.0
    total: Floats = rows[0, :count].copy()
    for row in rows[1:]:
        total += row[:count]
    return total


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
    # The votes as the runtime gathers them: one more bucket, zero, for dropped features.
    _table: npt.NDArray[np.float32] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table = np.append(np.asarray(self.weights, dtype=np.float32), np.float32(0.0))
        object.__setattr__(self, "_table", table)

    def window_logits(self, folded: str) -> Windows:
        """Raw logit of every window (one for short text), where each starts and ends in
        ``folded``, and how many features each holds.

        Long text is read at two scales: ``WINDOW`` characters, the scale the model was
        trained on, and ``WINDOW // 2``, so a one-sentence instruction inside a document is
        not diluted by the prose on either side of it."""
        logits, evidence, first, last = self._scored(folded)
        if first is None or last is None:  # one window: the whole text
            return Windows(
                logits, np.zeros(1, np.int64), np.array([len(folded)], np.int64), evidence
            )
        return Windows(
            logits,
            np.maximum(first * STRIDE - 1, 0),
            np.minimum(last * STRIDE - 1, len(folded)),
            evidence,
        )

    def _scored(self, folded: str) -> tuple[Floats, Floats, Ints | None, Ints | None]:
        """The logits and feature counts of :meth:`window_logits`, with each window's first
        and last block (None for the one window of short text): :meth:`best_window` needs
        the characters of one window only."""
        size = len(folded) + 2  # as prepared
        real, number = self._sums(folded, blocks(size))
        if size <= WINDOW:
            total = complex((real + 1j * number).sum())  # in the order the pins were made
            return (
                np.array([self.bias + total.real / (total.imag + PSEUDO)]),
                np.array([total.imag]),
                None,
                None,
            )
        # One prefix sum over blocks: a window's sums are its difference at the window's
        # first and last block.
        count = len(real)
        cumulative = np.zeros(count + 1, dtype=np.complex128)
        (real + 1j * number).cumsum(out=cumulative[1:])
        first, last = _window_edges(count)
        windows = cumulative[last] - cumulative[first]
        evidence = windows.imag.copy()
        return self.bias + windows.real / (evidence + PSEUDO), evidence, first, last

    def _block_sums(self, folded: str, count: int) -> npt.NDArray[np.complex128]:
        """The summed vote (real part) and the number (imaginary part) of the features of
        each ``STRIDE`` block (see :meth:`_sums`)."""
        real, number = self._sums(folded, count)
        sums: npt.NDArray[np.complex128] = real + 1j * number
        return sums

    def _sums(self, folded: str, count: int) -> tuple[Floats, Floats]:
        """The summed vote and the number of the features of :func:`feature_parts` in each
        of ``count`` ``STRIDE`` blocks, by where a feature starts; a dropped n-gram votes
        zero and is not counted.

        numpy's cost here is per call, so ASCII text takes every order through each step
        at once: the keys of all orders as one ``(orders, size)`` array (eight bytes read
        from every offset, cut to each order's length), one gather, one ``reduceat`` over
        the blocks of all orders. The sums are those of :meth:`_sums_by_order`, bit for bit:
        the same blocks, each summed alone, added order by order. Text longer than
        ``_STACKED`` goes so in pieces of whole blocks (on 200 KB, twice as fast as one
        order at a time over the whole text)."""
        if not folded.isascii():
            return self._sums_by_order(folded, count)
        data = f" {folded} ".encode("ascii").translate(_ASCII_BYTES)
        size = len(data)
        if size < _LONGEST or count != blocks(size):
            return self._sums_by_order(folded, count)
        padded = data + bytes(_READ)
        if size <= _STACKED:
            return self._stacked(padded, 0, size, size, count)
        # Longer text in pieces of whole blocks, each small enough to stay in the cache, and
        # a last piece that ends with the text (at least _LONGEST bytes, as a text must be).
        last = (size - _LONGEST) // _PIECE * _PIECE
        pieces = [
            self._stacked(padded, start, _PIECE, size, _PIECE // STRIDE)
            for start in range(0, last, _PIECE)
        ]
        pieces.append(self._stacked(padded, last, size - last, size, count - last // STRIDE))
        return np.concatenate([r for r, _n in pieces]), np.concatenate([n for _r, n in pieces])

    def _stacked(
        self, padded: bytes, start: int, width: int, size: int, count: int
    ) -> tuple[Floats, Floats]:
        """:meth:`_sums` of the ``count`` blocks of the ``width`` prepared bytes from
        ``start`` (``padded``: the text's ``size`` prepared bytes, then ``_READ`` zeros). A piece
        that does not end the text reads one position more, a stray one no block holds,
        so that every order's keys end inside its row."""
        inner = start + width < size
        span = width + 1 if inner else width
        view = np.ndarray((span,), dtype="<u8", buffer=padded, offset=start, strides=(1,))
        keys = view & _MASKS
        # An n-gram of digits and spaces only is dropped: all its bytes are "0" or " ".
        read = padded[start : start + width + _LONGEST - 1]  # every byte its n-grams hold
        dropped = (
            (keys & _DIGIT_OR_SPACE) == _SPACES
            if bytes(min(ORDERS)) in read.translate(_KEPT_BYTES)
            else None
        )
        keys *= _MULTIPLIERS
        keys >>= _SHIFT
        if dropped is not None:
            np.putmask(keys, dropped, _NO_VOTE)
        # Each order's blocks, then an edge where its keys run past its end (a segment no
        # block reads). The longest order may have one block less: its last segment is
        # then a single stray vote, read as zero.
        lengths = [min(size - start - n + 1, width) for n in ORDERS]
        edges = _block_grid(count) + _ROWS * span
        edges[:, count] += lengths
        short = [row for row, length in enumerate(lengths) if length <= (count - 1) * STRIDE]
        for row in short:
            edges[row, count - 1] = edges[row, count]
        flat = edges.ravel()
        votes = self._table.take(keys.view(np.int64))  # buckets <= 2**BITS: no copy
        real = _by_block(np.add.reduceat(votes.ravel(), flat, dtype=np.float64), count, short)
        number = _full_blocks(count).copy()
        for block in range(max(count - 2, 0), count):
            first = block * STRIDE
            number[block] = sum(min(max(length - first, 0), STRIDE) for length in lengths)
        if dropped is not None:
            lost = np.add.reduceat(dropped.ravel(), flat, dtype=np.float64)
            number -= _by_block(lost, count, short)
        return real, number

    def _sums_by_order(self, folded: str, count: int) -> tuple[Floats, Floats]:
        """:meth:`_sums` one order at a time: for text that is not ASCII, shorter than the
        longest order, or summed into another number of blocks than its own."""
        prepared: bytes | None = None
        if folded.isascii():
            codes, prepared = _ascii_codes(folded)
            flags = prepared.translate(_KEPT_BYTES)
            kept = np.frombuffer(flags, dtype=np.bool_)
        else:
            codes = prepare(folded)
            kept = _kept(codes)
            flags = kept.tobytes()
        size = len(codes)
        # Most text has no run of digits and spaces as long as the shortest n-gram: then no
        # n-gram is dropped, and no mask is needed.
        counted = (
            np.concatenate(([0], np.cumsum(kept, dtype=np.int32)))
            if bytes(min(ORDERS)) in flags
            else None
        )
        firsts = _block_starts(count)[:-1]
        real = np.zeros(count, dtype=np.float64)
        number = np.zeros(count, dtype=np.float64)
        for n in ORDERS:
            length = size - n + 1
            if length <= 0:
                continue
            keys = _keys(codes, prepared, n)
            keys *= _SPREADS[n]
            keys >>= _SHIFT
            vote = self.weights.take(keys.view(np.int64))  # buckets < 2**BITS: no copy
            edges = firsts[: blocks(length)]
            if counted is None:
                number += np.clip(length - firsts, 0, STRIDE)
            else:
                keep = counted[n : n + length] > counted[:length]
                vote *= keep
                number[: len(edges)] += np.add.reduceat(keep, edges, dtype=np.float64)
            real[: len(edges)] += np.add.reduceat(vote, edges, dtype=np.float64)
        return real, number

    def best_window(self, folded: str) -> tuple[float, int, int]:
        """The highest logit and its window, as ``[start, end)`` in ``folded``; a window
        with little evidence has its logit lowered (``short_margin``)."""
        if not folded:
            return -math.inf, 0, 0
        text, where = unweave(folded)
        if where is not None:
            if not len(where):
                return -math.inf, 0, 0
            logit, start, end = self.best_window(text)
            if end <= start:
                return logit, 0, 0
            return logit, int(where[start]), int(where[end - 1]) + 1
        logits, evidence, first, last = self._scored(folded)
        if self.short_margin:
            logits = logits - self.short_margin * np.maximum(1.0 - evidence / FULL_EVIDENCE, 0.0)
        best = int(np.argmax(logits))
        if first is None or last is None:
            start, end = 0, len(folded)
        else:  # as window_logits' starts and ends
            start = max(int(first[best]) * STRIDE - 1, 0)
            end = min(int(last[best]) * STRIDE - 1, len(folded))
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
            or meta.get("words") != 0
            or meta.get("keys") != "bytes"
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
