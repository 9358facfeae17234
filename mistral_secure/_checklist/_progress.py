"""Progress on a terminal: one line on stderr, redrawn at most ten times a second."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

__all__ = ["ProgressLine"]

_CLEAR = "\r\033[K"


class ProgressLine:
    """A :data:`~mistral_secure._checklist._audit.Progress` callback that draws on ``stream``.

    Only for terminals: the caller checks ``stream.isatty()``. :meth:`close` erases the
    line, so the report that follows starts clean.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._interval = interval
        self._clock = clock
        self._last = -interval
        self._drawn = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self._clock()
        if now - self._last < self._interval and done != total:
            return
        self._last = now
        count = f"{done}/{total}" if total else str(done)
        self._stream.write(f"{_CLEAR}mistral-secure audit: {count} {stage}")
        self._stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self._stream.write(_CLEAR)
            self._stream.flush()
            self._drawn = False
