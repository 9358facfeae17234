"""The pool-signed ``mistralai`` client a secure LlamaIndex model owns.

Upstream builds a client for the placeholder key, which the factory releases and replaces
with :func:`mistral_secure.mistral_client`; the model then closes that one with itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from mistralai.client import Mistral

__all__ = ["OwnsSdkClient", "discard"]


class OwnsSdkClient:
    """``close``/``aclose`` and (async) context management for a model's ``_client``.

    The SDK's own ``__exit__`` would leave the pool-signed clients open: it closes only
    clients it built itself.
    """

    _client: Any

    def close(self) -> None:
        """Close the sync HTTP client (:meth:`aclose` closes both)."""
        if (http := self._client.sdk_configuration.client) is not None:
            http.close()

    async def aclose(self) -> None:
        """Close the HTTP clients, sync and async."""
        self.close()
        if (http := self._client.sdk_configuration.async_client) is not None:
            await http.aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


def discard(client: Mistral) -> None:
    """Release the client upstream built for the placeholder key, here rather than at GC.

    The SDK client refers to itself (``parent_ref``), so only the cycle collector would
    free it, at any later time and in any thread: its finalizer then schedules the async
    client's ``aclose()`` on whatever event loop runs there, one that may close before
    awaiting it. Closed now, with the cycle broken, it is gone when it is replaced.
    """
    if (http := client.sdk_configuration.client) is not None:
        http.close()
    client.parent_ref = None
