"""A small schema host on loopback for `_schemaURL` tests: answers by path, records every request.

Routes map a path to a `Route` (status, body, headers, or "hang" until the test ends: a slow
server). Unknown paths answer 404. Every request is recorded with its headers, so tests can
assert that no token, cookie or profile header ever reached a schema host.
"""

from __future__ import annotations

import json
import ssl
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from tests.services.scripted_server import ScriptedServer


@dataclass(frozen=True)
class Route:
    status: int = 200
    body: bytes = b"{}"
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/schema+json"),)
    hang: bool = False

    @classmethod
    def schema(cls, document: Any, *extra: tuple[str, str]) -> Route:
        return cls(body=json.dumps(document).encode(), headers=(("Content-Type", "application/json"), *extra))


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]


@dataclass
class _Shared:
    routes: dict[str, Route]
    seen: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        shared = self.server.shared
        with shared.lock:
            shared.seen.append(Seen(self.path, {key.lower(): value for key, value in self.headers.items()}))
            route = shared.routes.get(
                self.path, Route(404, b"<html>Not Found</html>", (("Content-Type", "text/html"),))
            )
        if route.hang:
            shared.stopping.wait()
            self.close_connection = True
            return
        self.send_response(route.status)
        for key, value in route.headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        self.wfile.write(route.body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, shared: _Shared) -> None:
        self.shared = shared
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:
        self.socket.bind(self.server_address)  # no reverse DNS lookup
        self.server_address = self.socket.getsockname()
        self.server_name, self.server_port = "127.0.0.1", int(self.server_address[1])

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients that time out and hang up are expected here."""


class SchemaServer(ScriptedServer):
    """`with SchemaServer({"/s.json": Route.schema({...})}) as server: server.url("/s.json")`.

    Started and stopped like `ScriptedServer` (whose lifecycle and `port` it reuses); only the
    handler differs: it answers by path instead of from a script.
    """

    def __init__(self, routes: dict[str, Route] | None = None, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(tls=tls)
        self.state = _Shared(dict(routes or {}))

    def _make_server(self) -> ThreadingHTTPServer:
        return _Server(self.state)

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.state.stopping.set()
        super().__exit__(kind, value, traceback)

    def route(self, path: str, route: Route) -> None:
        with self.state.lock:
            self.state.routes[path] = route

    @property
    def seen(self) -> list[Seen]:
        with self.state.lock:
            return list(self.state.seen)
