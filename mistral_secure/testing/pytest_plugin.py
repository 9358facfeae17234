"""Pytest plugin (entry point ``mistral_secure``): the ``mistral_server`` fixture.

Installed packages load it automatically. Loading it again by module name
(``-p mistral_secure.testing.pytest_plugin`` or ``pytest_plugins = [...]``) is harmless.
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator

import pytest

from ._server import DEFAULT_TEST_KEYS, MistralTestServer

__all__ = ["mistral_server"]

_ENTRY_POINT_NAME = "mistral_secure"


@pytest.fixture
def mistral_server() -> Iterator[MistralTestServer]:
    """A fresh, started :class:`MistralTestServer` accepting ``DEFAULT_TEST_KEYS``."""
    with MistralTestServer(keys=DEFAULT_TEST_KEYS) as server:
        yield server


def pytest_plugin_registered(
    plugin: object, plugin_name: str | None, manager: pytest.PytestPluginManager
) -> None:
    # pluggy refuses one module under two names (entry point name and module name), so
    # reserve the other name with a placeholder: a second load then becomes a no-op.
    if plugin is not sys.modules[__name__]:
        return
    for alias in (_ENTRY_POINT_NAME, __name__):
        taken = manager.get_plugin(alias) is not None or manager.is_blocked(alias)
        if alias != plugin_name and not taken:
            manager.register(types.SimpleNamespace(), alias)
