"""A real ``redis-server`` on 127.0.0.1 for tests and benchmarks, on a free port, in a temp dir.

Test modules define a fixture that does ``yield from running_redis()``. Without the binary
they are skipped with the install hint, unless ``MISTRAL_SECURE_REQUIRE_REDIS=1`` (CI), which
turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

INSTALL_HINT = "redis-server not found: install it with `apt-get install redis-server`"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class RedisServer:
    """A ``redis-server`` process without persistence; ``url`` points at it."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._dir = tempfile.TemporaryDirectory(prefix="ms-redis-")
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start (or restart, on the same port) and wait until it answers PING."""
        self._process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                self._dir.name,
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                str(Path(self._dir.name) / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError("redis-server did not start within 5 s")

    def pause(self) -> None:
        """SIGSTOP: connections stay open, nothing answers (a hung server)."""
        if self._process is not None:
            self._process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """SIGCONT after :meth:`pause`."""
        if self._process is not None:
            self._process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        """Kill the server abruptly (an outage); its data is gone (no persistence)."""
        if self._process is not None:
            self._process.send_signal(signal.SIGCONT)  # a paused process dies on SIGKILL too
            self._process.kill()
            self._process.wait(5)
            self._process = None

    def stop(self) -> None:
        """Stop the server and remove its directory."""
        self.kill()
        self._dir.cleanup()

    def keys_and_values(self) -> list[tuple[bytes, bytes]]:
        """Every key and a dump of its value (strings, hashes), for leak checks."""
        import redis

        client: Any = redis.Redis.from_url(self.url)
        try:
            found: list[tuple[bytes, bytes]] = []
            for key in client.scan_iter(count=1000):
                kind = client.type(key)
                if kind == b"string":
                    value = bytes(client.get(key) or b"")
                elif kind == b"hash":
                    value = b" ".join(k + b"=" + v for k, v in client.hgetall(key).items())
                else:
                    value = kind
                found.append((bytes(key), value))
            return found
        finally:
            client.close()


def find_redis_server() -> str:
    """The ``redis-server`` path; skip (or fail when required) if it is missing."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("MISTRAL_SECURE_REQUIRE_REDIS") == "1":
            pytest.fail(INSTALL_HINT + " (MISTRAL_SECURE_REQUIRE_REDIS=1)")
        pytest.skip(INSTALL_HINT)
    return binary


def running_redis() -> Iterator[RedisServer]:
    """A fresh, empty ``redis-server``; ``yield from`` it in a fixture."""
    server = RedisServer(find_redis_server())
    server.start()
    try:
        yield server
    finally:
        server.stop()
