"""Pytest plugin (entry point ``mistral_secure``): the ``mistral_server`` fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._server import DEFAULT_TEST_KEYS, MistralTestServer

__all__ = ["mistral_server"]


@pytest.fixture
def mistral_server() -> Iterator[MistralTestServer]:
    """A fresh, started :class:`MistralTestServer` accepting ``DEFAULT_TEST_KEYS``."""
    with MistralTestServer(keys=DEFAULT_TEST_KEYS) as server:
        yield server
