"""Input moderation off the critical path: a check whose moderation runs beside the model.

A deferred check does all its offline work (redaction, injection screening) at once and
returns the text to send; its one moderation call then runs in the background, in a worker
thread (sync) or an asyncio task (async), and finishes the check's flow there, audit record
included. The caller sends the text to the model meanwhile and calls ``confirm()`` (or
``await aconfirm()``) before it releases the answer: that raises the same
:class:`~mistral_secure.ContentFlagged` the sequential check would have raised.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any, Generic, TypeVar

from ._flow import Ask, Flow, aresume, resume

__all__ = ["Pending"]

_T = TypeVar("_T")
_EXECUTOR: concurrent.futures.ThreadPoolExecutor | None = None
_EXECUTOR_LOCK = threading.Lock()


def _executor() -> concurrent.futures.ThreadPoolExecutor:
    global _EXECUTOR  # noqa: PLW0603  # one lazily built pool per process
    with _EXECUTOR_LOCK:
        if _EXECUTOR is None:
            _EXECUTOR = concurrent.futures.ThreadPoolExecutor(
                max_workers=16, thread_name_prefix="mistral-secure-moderation"
            )
        return _EXECUTOR


def _retrieve(task: asyncio.Future[Any]) -> None:
    # Marks the outcome as seen: an unconfirmed flagged check is in its audit record,
    # not in an "exception was never retrieved" warning.
    if not task.cancelled():
        task.exception()


class Pending(Generic[_T]):
    """The rest of a check, running in the background since the check returned."""

    __slots__ = ("_future", "_task")

    def __init__(self, flow: Flow[_T], ask: Ask, *, asynchronous: bool) -> None:
        self._task: asyncio.Future[_T] | None = None
        self._future: concurrent.futures.Future[_T] | None = None
        if asynchronous:
            self._task = asyncio.ensure_future(aresume(flow, ask))
            self._task.add_done_callback(_retrieve)
        else:
            self._future = _executor().submit(resume, flow, ask)

    def __repr__(self) -> str:
        return f"Pending(done={self.done})"

    @property
    def done(self) -> bool:
        """Whether the moderation call and the rest of the check have finished."""
        if self._task is not None:
            return self._task.done()
        assert self._future is not None
        return self._future.done()

    def result(self) -> _T:
        """Wait for the check's outcome (raises what the check raises)."""
        if self._task is not None:
            if not self._task.done():
                raise RuntimeError(
                    "this check was made with an async method: use 'await check.aconfirm()'"
                )
            return self._task.result()
        assert self._future is not None
        return self._future.result()

    async def aresult(self) -> _T:
        """Async :meth:`result`."""
        if self._task is not None:
            return await asyncio.shield(self._task)
        assert self._future is not None
        return await asyncio.wrap_future(self._future)
