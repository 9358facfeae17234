"""HTTP plumbing: the threaded server, request parsing, bearer keys, faults, and writing
JSON, SSE streams and broken answers.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import threading
import time
import uuid
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from .._fingerprint import fingerprint
from ._fakes import RecordedRequest, _State
from ._routes import _ROUTES, _ApiError

__all__: list[str] = []

_MAX_BODY = 32 * 1024 * 1024


def _format_seconds(seconds: float) -> str:
    return f"{seconds:g}"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    # Set by MistralTestServer right after construction.
    state: _State
    verbose: bool = False

    def __init__(self, address: tuple[str, int]) -> None:
        super().__init__(address, _Handler)
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client dropping a kept-alive connection is normal: no traceback on stderr.
        if isinstance(sys.exc_info()[1], ConnectionError) and not self.verbose:
            return
        super().handle_error(request, client_address)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Drop keep-alive connections so no handler thread outlives the server."""
        with self._connections_lock:
            connections = list(self._connections)
            self._connections.clear()
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "MistralTestServer/1.0"
    # Headers and body go out in separate writes; Nagle + delayed ACK would add ~40 ms each.
    disable_nagle_algorithm = True
    # Idle keep-alive connections are dropped after this many seconds.
    timeout = 30
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    # -- request flow -------------------------------------------------------------------

    def _handle(self, method: str) -> None:
        state = self.server.state
        path = urlsplit(self.path).path
        request_id = uuid.uuid4().hex
        body: dict[str, Any] | None = None
        key_fp: str | None = None
        try:
            raw = self._read_body()
        except _ApiError as exc:
            self.close_connection = True
            self._record(state, method, path, None, None, status=exc.status)
            self._send_error(exc, request_id)
            return
        try:
            route = _ROUTES.get(path)
            if route is None:
                raise _ApiError(404, "Not Found", type_="not_found_error")
            if route[0] != method:
                raise _ApiError(405, "Method Not Allowed")
            key = self._bearer()
            key_fp = fingerprint(key) if key else None
            with state.lock:
                accepted = key is not None and key in state.keys and key not in state.revoked
                latency = state.latency
            if not accepted:
                raise _ApiError(401, "Unauthorized", type_="authentication_error")
            assert key is not None
            retry_after = state.take_rate_limit(key)
            if retry_after is not None:
                raise _ApiError(
                    429,
                    "Requests rate limit exceeded",
                    type_="rate_limit_error",
                    headers={"Retry-After": _format_seconds(retry_after)},
                )
            if latency > 0:
                time.sleep(latency)
            fault = state.take_fault(path)
            if fault is not None and fault.kind == "delay":
                time.sleep(fault.delay)
                fault = None
            if fault is not None and fault.kind == "status":
                headers = {}
                if fault.retry_after is not None:
                    headers["Retry-After"] = _format_seconds(fault.retry_after)
                raise _ApiError(
                    fault.status,
                    "Injected fault",
                    type_="api_error" if fault.status >= 500 else "invalid_request_error",
                    headers=headers,
                )
            if method == "POST":
                body = self._parse_json(raw)
            answer = route[1](self, body or {})
        except _ApiError as exc:
            self._record(state, method, path, body, key_fp, status=exc.status)
            self._send_error(exc, request_id)
            return
        except Exception as exc:  # a bug here must not take the server down
            self._record(state, method, path, body, key_fp, status=500)
            self._send_error(_ApiError(500, f"Internal error: {type(exc).__name__}"), request_id)
            return
        self._record(state, method, path, body, key_fp, status=200)
        broken = fault is not None and fault.kind == "broken_stream"
        malformed = fault is not None and fault.kind == "malformed_json"
        if isinstance(answer, list):
            self._send_stream(answer, request_id, broken=broken, malformed=malformed)
        else:
            self._send_json(200, answer, request_id, broken=broken, malformed=malformed)

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts: list[bytes] = []
            total = 0
            while True:
                line = self.rfile.readline(1024)
                try:
                    size = int(line.split(b";")[0].strip() or b"x", 16)
                except ValueError:
                    raise _ApiError(400, "Malformed chunked body") from None
                if size == 0:
                    self.rfile.readline(1024)
                    return b"".join(parts)
                total += size
                if total > _MAX_BODY:
                    raise _ApiError(413, "Request body too large")
                parts.append(self.rfile.read(size))
                self.rfile.readline(1024)
        length_header = self.headers.get("Content-Length")
        if length_header is None:
            return b""
        try:
            length = int(length_header)
        except ValueError:
            raise _ApiError(400, "Invalid Content-Length") from None
        if length < 0:
            raise _ApiError(400, "Invalid Content-Length")
        if length > _MAX_BODY:
            raise _ApiError(413, "Request body too large")
        return self.rfile.read(length)

    def _bearer(self) -> str | None:
        header = self.headers.get("Authorization")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None
        return token

    @staticmethod
    def _parse_json(raw: bytes) -> dict[str, Any]:
        try:
            parsed = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise _ApiError(400, "Invalid JSON body") from None
        if not isinstance(parsed, dict):
            raise _ApiError(400, "The JSON body must be an object")
        return parsed

    @staticmethod
    def _record(
        state: _State,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        key_fp: str | None,
        *,
        status: int,
    ) -> None:
        with state.lock:
            state.requests.append(RecordedRequest(method, path, body, key_fp, status))

    # -- writing ------------------------------------------------------------------------

    def _send_error(self, exc: _ApiError, request_id: str) -> None:
        payload: dict[str, Any] = {
            "object": "error",
            "message": exc.message,
            "type": exc.type_,
            "param": None,
            "code": exc.code,
            "request_id": request_id,
        }
        if exc.detail is not None:
            payload["detail"] = exc.detail
        self._send_json(exc.status, payload, request_id, headers=exc.headers)

    def _send_json(
        self,
        status: int,
        payload: Any,
        request_id: str,
        *,
        headers: Mapping[str, str] | None = None,
        broken: bool = False,
        malformed: bool = False,
    ) -> None:
        data = json.dumps(payload).encode("utf-8")
        if malformed:
            data = data[: max(1, len(data) // 2)]
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-request-id", request_id)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if broken:
                # Promise the full body, send half, hang up: the client sees a truncated read.
                self.wfile.write(data[: len(data) // 2])
                self._hang_up()
                return
            self.wfile.write(data)
        except OSError:
            self.close_connection = True

    def _send_stream(
        self,
        events: list[dict[str, Any]],
        request_id: str,
        *,
        broken: bool,
        malformed: bool,
    ) -> None:
        state = self.server.state
        # Chunked encoding, as the real API: a stream cut short is then a protocol error
        # the client can see, not a silently shorter body.
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("x-request-id", request_id)
            self.end_headers()
            cut = max(1, len(events) // 2) if broken else None
            for index, event in enumerate(events):
                if cut is not None and index >= cut:
                    self._hang_up()
                    return
                line = json.dumps(event)
                if malformed and index == len(events) // 2:
                    line = line[: len(line) // 2]
                self._write_chunk(f"data: {line}\n\n".encode())
                if state.stream_delay > 0:
                    time.sleep(state.stream_delay)
            self._write_chunk(b"data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _hang_up(self) -> None:
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
