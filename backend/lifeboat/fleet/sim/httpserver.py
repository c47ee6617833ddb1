"""A minimal HTTP/1.1 server on ``asyncio.start_server``: one per simulated service port.

It is deliberately small (ADR 0006): request line, headers, a ``Content-Length`` body,
keep-alive, and a response with a length. No chunked request bodies, no pipelining beyond
sequential requests on one connection. What it adds over a framework is control of the
socket: ``stop_listening`` closes the listener and aborts every open connection (probes are
refused), ``start_listening`` binds the same port again.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import unquote

import msgspec
import structlog

from lifeboat.core.errors import PROBLEM_MEDIA_TYPE, error_type

log = structlog.get_logger(__name__)

MAX_HEADER_BYTES = 64 * 1024
MAX_BODY_BYTES = 1024 * 1024
JSON_MEDIA_TYPE = "application/json"


@dataclass(frozen=True)
class Request:
    """One parsed request."""

    method: str
    path: str  # percent-decoded, without the query string
    headers: dict[str, str]  # lower-cased names
    body: bytes


@dataclass(frozen=True)
class Response:
    """One response; ``body`` is already encoded."""

    status: int
    body: bytes = b""
    content_type: str = JSON_MEDIA_TYPE
    headers: dict[str, str] = field(default_factory=dict)


#: ``None`` closes the connection without an answer.
Handler = Callable[[Request], Awaitable[Response | None]]


def json_response(value: Any, status: int = 200) -> Response:
    """A JSON response of a msgspec-encodable value."""
    return Response(status=status, body=msgspec.json.encode(value))


def problem(status: int, code: str, detail: str, headers: dict[str, str] | None = None) -> Response:
    """An RFC 9457 problem+json response (``type``, ``title``, ``status``, ``detail``)."""
    title = HTTPStatus(status).phrase
    body = {"type": error_type(code), "title": title, "status": status, "detail": detail}
    return Response(
        status=status, body=msgspec.json.encode(body), content_type=PROBLEM_MEDIA_TYPE, headers=headers or {}
    )


def _encode(response: Response, keep_alive: bool) -> bytes:
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = "Unknown"
    lines = [
        f"HTTP/1.1 {response.status} {reason}",
        f"content-type: {response.content_type}",
        f"content-length: {len(response.body)}",
        f"connection: {'keep-alive' if keep_alive else 'close'}",
    ]
    lines.extend(f"{name}: {value}" for name, value in response.headers.items())
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + response.body


class _BadRequest(Exception):
    pass


async def _read_request(reader: asyncio.StreamReader) -> tuple[Request, bool] | None:
    """The next request and whether the client wants the connection kept; None at EOF."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as exc:
        if exc.partial.strip():
            raise _BadRequest("incomplete request head") from exc
        return None
    except asyncio.LimitOverrunError as exc:
        raise _BadRequest("request head too large") from exc
    try:
        text = head.decode("latin-1")
        request_line, *header_lines = text.split("\r\n")
        method, target, version = request_line.split(" ")
    except ValueError as exc:
        raise _BadRequest("malformed request line") from exc
    if not version.startswith("HTTP/1."):
        raise _BadRequest("unsupported HTTP version")
    headers: dict[str, str] = {}
    for line in header_lines:
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            raise _BadRequest("malformed header")
        headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        raise _BadRequest("chunked request bodies are not supported; send Content-Length")
    try:
        length = int(headers.get("content-length", "0"))
    except ValueError as exc:
        raise _BadRequest("bad Content-Length") from exc
    if length < 0 or length > MAX_BODY_BYTES:
        raise _BadRequest("request body too large")
    body = await reader.readexactly(length) if length else b""
    connection = headers.get("connection", "").lower()
    keep_alive = "keep-alive" in connection if version == "HTTP/1.0" else "close" not in connection
    path = unquote(target.split("?", 1)[0])
    return Request(method=method.upper(), path=path, headers=headers, body=body), keep_alive


class HttpListener:
    """Serves ``handler`` on one host/port, with the listener switchable off and on."""

    def __init__(self, host: str, port: int, handler: Handler, *, name: str) -> None:
        self.host = host
        self.port = port
        self.name = name
        self._handler = handler
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._relisten: asyncio.Task[None] | None = None

    @property
    def listening(self) -> bool:
        return self._server is not None

    async def start(self) -> None:
        """Bind (port 0 picks a free one, remembered for later re-binds) and serve."""
        self._server = await asyncio.start_server(
            self._serve_connection, self.host, self.port, limit=MAX_HEADER_BYTES, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    def stop_listening(self) -> None:
        """Close the listening socket now and abort every open connection (sync, immediate)."""
        if self._relisten is not None:
            self._relisten.cancel()
            self._relisten = None
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    def start_listening(self) -> None:
        """Bind the same port again; the kernel queues connections until the server accepts."""
        if self._server is not None or self._relisten is not None:
            return
        sock: socket.socket | None = None
        with contextlib.suppress(OSError):
            sock = self._bind()
        self._relisten = asyncio.get_running_loop().create_task(self._serve_again(sock))

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self.port))
            sock.listen(128)
            sock.setblocking(False)
        except OSError:
            sock.close()
            raise
        return sock

    async def _serve_again(self, sock: socket.socket | None) -> None:
        delay = 0.1
        while sock is None:  # another process took the port meanwhile: keep trying
            log.warning("sim_rebind_failed", service=self.name, port=self.port)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)
            with contextlib.suppress(OSError):
                sock = self._bind()
        self._server = await asyncio.start_server(self._serve_connection, sock=sock, limit=MAX_HEADER_BYTES)
        self._relisten = None

    async def close(self) -> None:
        """Stop for good: listener, connections and in-flight handlers."""
        relisten = self._relisten
        self.stop_listening()
        if relisten is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await relisten
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _serve_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        self._writers.add(writer)
        try:
            await self._serve_requests(reader, writer)
        except asyncio.CancelledError:
            # The simulator is stopping; returning (not re-raising) keeps asyncio's stream
            # callback from logging the cancellation of a connection task as an error.
            pass
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self._writers.discard(writer)
            if task is not None:
                self._tasks.discard(task)
            writer.close()

    async def _serve_requests(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            try:
                parsed = await _read_request(reader)
            except _BadRequest as exc:
                writer.write(_encode(problem(400, "validation", str(exc)), keep_alive=False))
                await writer.drain()
                return
            if parsed is None:
                return
            request, keep_alive = parsed
            try:
                response = await self._handler(request)
            except Exception:
                log.exception("sim_handler_failed", service=self.name, path=request.path)
                response = problem(500, "internal", "internal error in the simulated service")
            if response is None or writer.transport.is_closing():
                return
            writer.write(_encode(response, keep_alive))
            await writer.drain()
            if not keep_alive:
                return
