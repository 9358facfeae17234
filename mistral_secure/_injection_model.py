"""The trained injection layer: hashed character n-grams and a linear classifier, in numpy.

The text is the folded form the rules see (lower case, accents and look-alikes folded).
Every character n-gram (orders in ``ORDERS``) is hashed into ``2**BITS`` buckets with
vectorised uint32 arithmetic; a bucket's weight is the model's vote for that n-gram. A
window's logit is the bias plus the sum of its votes divided by ``count + PSEUDO``, and the
text's score is its best window, so an instruction hidden in a long document is not diluted
by the rest. Cumulative sums make every window cost O(1): the whole pass is linear.

The weights are float16 in ``data/injection_model.npy``, loaded with ``allow_pickle=False``;
``data/injection_model.json`` holds the bias and the calibration. Both are built by
``make train`` (``training/train.py``), which uses :func:`ngram_buckets` so training and
inference see the very same features.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "BITS",
    "MIN_DISTINCT",
    "ORDERS",
    "PSEUDO",
    "STRIDE",
    "WINDOW",
    "InjectionModel",
    "load_model",
    "ngram_buckets",
    "order_slices",
    "prepare",
]

BITS = 18
ORDERS = (3, 4, 5)
WINDOW = 160  # characters per scoring window: about two sentences
STRIDE = 40
MIN_DISTINCT = 10  # distinct chars a window needs before its vote counts
# A window's logit is bias + (sum of votes) / (count + PSEUDO): the mean vote, so repetition
# cannot inflate it, shrunk towards the bias when there are few n-grams ("Tell me something."
# is too short to be sure of anything).
PSEUDO = 60.0
_MULT = np.uint32(0x01000193)  # FNV prime: mixes one more char into the running hash
# Multiplicative hashing, one odd multiplier per order: the high bits become the bucket.
_SPREADS = {n: np.uint32((0x9E3779B1 + 0x85EBCA6A * n) & 0xFFFFFFFF | 1) for n in ORDERS}
_SHIFT = np.uint32(32 - BITS)
_WINDOW_COUNT = sum(WINDOW - n + 1 for n in ORDERS)
_SPACE = np.uint32(32)
_ZERO = np.uint32(48)

Codes = npt.NDArray[np.uint32]


def prepare(folded: str) -> Codes:
    """Code points of folded text: whitespace and controls as one space, digits as ``0``,
    padded with a space on each side so word starts and ends are n-grams too."""
    codes = np.frombuffer(f" {folded} ".encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    offset = codes - _ZERO  # wraps around below "0": only digits are < 10
    codes = codes - offset * (offset < 10)
    spaced: Codes = np.maximum(codes, _SPACE)
    return spaced


def ngram_buckets(codes: Codes) -> npt.NDArray[np.intp]:
    """Buckets of every n-gram, order by order (``ORDERS``), in one index array: order
    ``n`` contributes ``len(codes) - n + 1`` entries, one per start position."""
    size = len(codes)
    out = np.empty(sum(max(size - n + 1, 0) for n in ORDERS), dtype=np.intp)
    running = codes
    at = 0
    for n in range(2, max(ORDERS) + 1):
        running = running[:-1] * _MULT
        running += codes[n - 1 :]
        if n in _SPREADS:
            hashed = running * _SPREADS[n]
            np.right_shift(hashed, _SHIFT, out=out[at : at + len(hashed)], casting="unsafe")
            at += len(hashed)
    return out


def order_slices(size: int) -> list[slice]:
    """Where each order's buckets sit in :func:`ngram_buckets`' array, for ``size`` codes."""
    slices: list[slice] = []
    at = 0
    for n in ORDERS:
        count = max(size - n + 1, 0)
        slices.append(slice(at, at + count))
        at += count
    return slices


@dataclass(frozen=True)
class InjectionModel:
    """Weights and calibration of the trained layer."""

    weights: npt.NDArray[np.float32]
    bias: float
    pivot: float  # the logit that maps to weight 0.5, picked on the calibration split
    scale: float  # logits per unit of weight around the pivot
    meta: dict[str, Any]

    def window_logits(self, folded: str) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
        """Logit of every window (one for short text) and where each starts in ``folded``."""
        codes = prepare(folded)
        size = len(codes)
        votes_all = np.take(self.weights, ngram_buckets(codes))
        if size <= WINDOW:
            total = float(votes_all.sum(dtype=np.float64))
            return np.array([self.bias + total / (len(votes_all) + PSEUDO)]), np.zeros(1, np.int64)
        slices = order_slices(size)
        votes = votes_all[slices[0]].copy()  # the lowest order has the most start positions
        for part in slices[1:]:
            votes[: part.stop - part.start] += votes_all[part]
        starts = np.arange(0, size - WINDOW + STRIDE, STRIDE)
        starts[-1] = min(starts[-1], size - WINDOW)
        sums = np.empty(len(votes) + 1, dtype=np.float64)
        sums[0] = 0.0
        np.cumsum(votes, dtype=np.float64, out=sums[1:])
        ends = np.minimum(starts + WINDOW, len(votes))
        # Every window holds the n-grams that start in it, as many as training counted.
        logits = self.bias + (sums[ends] - sums[starts]) / (_WINDOW_COUNT + PSEUDO)
        # ``prepare`` padded one space in front of the text.
        return logits, np.maximum(starts - 1, 0)

    def best_window(self, folded: str) -> tuple[float, int, int]:
        """The highest logit and its window, as ``[start, end)`` in ``folded``."""
        if not folded:
            return -math.inf, 0, 0
        logits, starts = self.window_logits(folded)
        best = int(np.argmax(logits))
        start = int(starts[best])
        end = len(folded) if len(logits) == 1 else min(start + WINDOW, len(folded))
        # A run of one word, one char or digits is not language: no vote on it.
        if len(set(folded[start:end])) < MIN_DISTINCT:
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
        if meta.get("bits") != BITS or tuple(meta.get("orders", ())) != ORDERS:
            raise RuntimeError("packaged injection model was built with other features")
        _MODEL = InjectionModel(
            weights=raw.astype(np.float32),
            bias=float(meta["bias"]),
            pivot=float(meta["pivot"]),
            scale=float(meta["scale"]),
            meta=meta,
        )
    return _MODEL
