"""A tiny misbehaving HTTP server on 127.0.0.1 for sender tests: it answers from a script.

Each request takes the next `Step` (or the default once the script is used up): answer with a
status, headers and body; close the connection without a word; send half an answer and reset
the connection; or hang until the test ends. Every request is recorded with its headers and
exact body, so a test can assert on what really arrived — the token included or not.

HTTP/1.1 keep-alive with Nagle disabled, like the sandbox, so tests exercise connection reuse
without 40 ms delayed-ACK stalls.
"""

from __future__ import annotations

import socket
import ssl
import struct
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Literal, Self

Action = Literal["answer", "drop", "reset", "hang"]


@dataclass(frozen=True)
class Step:
    """What to do with one request."""

    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b'{"status": 200}'
    action: Action = "answer"
    echo_authorization: bool = False  # a server that reflects the header back (a badly behaved one)


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    client_port: int

    @property
    def authorization(self) -> str | None:
        return self.headers.get("authorization")


@dataclass
class _Shared:
    script: list[Step]
    default: Step
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    arrived: threading.Condition = field(default_factory=threading.Condition)
    stopping: threading.Event = field(default_factory=threading.Event)

    def next_step(self) -> Step:
        with self.lock:
            return self.script.pop(0) if self.script else self.default


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def _handle(self) -> None:
        shared = self.server.shared
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {key.lower(): value for key, value in self.headers.items()}
        step = shared.next_step()
        with shared.arrived:
            shared.received.append(
                Received(self.command, self.path, headers, body, int(self.client_address[1]))
            )
            shared.arrived.notify_all()
        if step.action == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if step.action == "hang":
            shared.stopping.wait()
            self.close_connection = True
            return
        answer = step.body
        if step.echo_authorization:
            answer = f'{{"you sent": "{headers.get("authorization", "")}"}}'.encode()
        self.send_response(step.status)
        for key, value in step.headers:
            self.send_header(key, value)
        if step.echo_authorization:
            self.send_header("X-Echo-Authorization", headers.get("authorization", ""))
        self.send_header("Content-Type", "application/json")
        if step.action == "reset":
            self.send_header("Content-Length", str(len(answer) + 1000))
            self.end_headers()
            self.wfile.write(answer[: len(answer) // 2])
            self.wfile.flush()
            # SO_LINGER 0: close() sends RST instead of FIN, a reset mid-response.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], shared: _Shared) -> None:
        self.shared = shared
        super().__init__(address, _Handler)

    def server_bind(self) -> None:
        # Skip HTTPServer's reverse DNS lookup of the address.
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()
        self.server_name, self.server_port = "127.0.0.1", int(self.server_address[1])

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up or failed the TLS handshake is expected here."""


class ScriptedServer:
    """`with ScriptedServer(Step(503), Step(200)) as server: server.url, server.received`."""

    def __init__(
        self,
        *script: Step,
        default: Step | None = None,
        tls: ssl.SSLContext | None = None,
        host: str = "127.0.0.1",
    ) -> None:
        self.shared = _Shared(list(script), default or Step())
        self._tls = tls
        self._host = host
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def _make_server(self) -> ThreadingHTTPServer:
        """The bound server; subclasses answer differently by handing in another handler."""
        return _Server((self._host, 0), self.shared)

    def __enter__(self) -> Self:
        server = self._make_server()
        if self._tls is not None:
            server.socket = self._tls.wrap_socket(server.socket, server_side=True)
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.shared.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    def url(self, path: str = "/open_lineage_event/", host: str = "127.0.0.1") -> str:
        scheme = "https" if self._tls is not None else "http"
        return f"{scheme}://{host}:{self.port}{path}"

    def script(self, *steps: Step) -> None:
        with self.shared.lock:
            self.shared.script.extend(steps)

    @property
    def received(self) -> list[Received]:
        with self.shared.arrived:
            return list(self.shared.received)

    def wait_for_requests(self, count: int, timeout: float = 10.0) -> list[Received]:
        """Block until `count` requests arrived (an event wait, not polling)."""
        with self.shared.arrived:
            if not self.shared.arrived.wait_for(lambda: len(self.shared.received) >= count, timeout):
                raise AssertionError(f"expected {count} requests, got {len(self.shared.received)}")
            return list(self.shared.received)
