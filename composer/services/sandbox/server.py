"""Start and stop one sandbox on its own thread: the window, the CLI and tests all use this.

`stop()` is prompt even with idle keep-alive clients connected: their sockets are shut for
reading, which wakes the threads waiting for a next request, while an answer being written
still reaches its client. Then the handler threads are joined and the database is closed, so
nothing of a stopped sandbox outlives it.
"""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import threading
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Any

from composer.services.loopback import is_loopback
from composer.services.sandbox.api import SandboxParts
from composer.services.sandbox.catalog import Catalog
from composer.services.sandbox.config import SandboxConfig
from composer.services.sandbox.faults import Fault, FaultQueue
from composer.services.sandbox.handler import INGEST_PATH, RequestObserver, SandboxHandler, SandboxState
from composer.services.sandbox.rest_catalog import CATALOG_USER_ID, RestCatalog, template_tables
from composer.services.sandbox.store import SandboxStore

_POLL_SECONDS = 0.05
_REPLAYED_EVENTS = 1000


class SandboxStartError(RuntimeError):
    """The sandbox could not listen (port taken, address not ours); the message says which."""


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = True  # server_close() joins the handler threads
    # socketserver's default backlog of 5 overflows when a few clients connect at once on a busy
    # machine; Linux then drops the handshake's last ACK, the client sends its request into the
    # void and waits for SYN-ACK retransmissions (1, 2, 4, 8, 16 s): stalls of up to 31 s.
    request_queue_size = socket.SOMAXCONN

    def __init__(self, address: tuple[str, int], state: SandboxState) -> None:
        self.state = state
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, SandboxHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind does a reverse DNS lookup (getfqdn), which can take seconds.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def wake_connections(self) -> None:
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by its own thread
                connection.shutdown(socket.SHUT_RD)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Handler threads report their own failures; a vanished client is not an error."""


class SandboxServer:
    """A local Alation-compatible receiver: `with SandboxServer(config) as sandbox: sandbox.url`.

    `on_request` is called on the request's thread after each request with a `RequestRecord`
    (no token, no headers); it must be quick and thread-safe.
    """

    def __init__(
        self, config: SandboxConfig | None = None, *, on_request: RequestObserver | None = None
    ) -> None:
        self.config = (config or SandboxConfig()).with_tokens()
        self.config.check()
        self.catalog = Catalog(self.config.sources)
        self.faults = FaultQueue(self.config.faults)
        self.rest = RestCatalog(self.catalog, self.config.ingest_delay)
        if self.config.refresh_token:
            self.rest.refresh_token = self.config.refresh_token
        for namespace, name in (*template_tables(), *self.config.tables):
            self.rest.seed_table(namespace, name)
        self._on_request = on_request
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None
        self._store: SandboxStore | None = None
        self._lock = threading.Lock()

    # --- life cycle ---------------------------------------------------------------------------

    def start(self) -> str:
        """Listen and serve on a background thread; returns the base URL (like a tenant's)."""
        with self._lock:
            if self._httpd is not None:
                raise RuntimeError("this sandbox is already running")
            store = SandboxStore(self.config.db_path)
            state = SandboxState(
                parts=SandboxParts(store, self.catalog, self.faults, self.rest),
                token=self.config.token,
                read_only_token=self.config.read_only_token,
                max_body_bytes=self.config.max_body_bytes,
                loopback_only=is_loopback(self.config.host),
                idle_timeout=self.config.idle_timeout,
                observer=self._on_request,
            )
            try:
                httpd = _HttpServer((self.config.host, self.config.port), state)
            except OSError as exc:
                store.close()
                reason = exc.strerror or str(exc)
                where = f"{self.config.host}:{self.config.port}"
                raise SandboxStartError(f"cannot listen on {where}: {reason}") from None
            self._httpd, self._store = httpd, store
            # The catalog APIs see the latest earlier runs (bounded, so a big database starts fast).
            for kept in reversed(store.events(_REPLAYED_EVENTS)):
                with contextlib.suppress(ValueError, UnicodeDecodeError):
                    self.rest.ingest(json.loads(kept.raw), delay=0)
            state.endpoint_url = self.endpoint_url
            self._thread = threading.Thread(
                target=httpd.serve_forever,
                kwargs={"poll_interval": _POLL_SECONDS},
                name="sandbox-http",
                daemon=True,
            )
            self._thread.start()
            return self.url

    def stop(self) -> None:
        """Stop serving, end open connections, close the database. Safe to call twice."""
        with self._lock:
            httpd, thread, store = self._httpd, self._thread, self._store
            self._httpd = self._thread = self._store = None
        if httpd is None:
            return
        httpd.state.stopping.set()
        httpd.shutdown()
        httpd.wake_connections()
        httpd.server_close()
        if thread is not None:
            thread.join()
        if store is not None:
            store.close()

    def __enter__(self) -> SandboxServer:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    # --- what callers need --------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._httpd is not None

    @property
    def url(self) -> str:
        """`http://127.0.0.1:PORT`, the base URL a sender uses like `https://<tenant>.alationcloud.com`."""
        httpd = self._require()
        host, port = str(httpd.server_address[0]), int(httpd.server_address[1])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"

    @property
    def endpoint_url(self) -> str:
        return self.url + INGEST_PATH

    @property
    def port(self) -> int:
        return int(self._require().server_address[1])

    @property
    def token(self) -> str:
        return self.config.token

    @property
    def read_only_token(self) -> str:
        return self.config.read_only_token

    @property
    def refresh_token(self) -> str:
        """Mints catalog API access tokens for `catalog_user_id` (`rest_api`)."""
        return self.rest.refresh_token

    @property
    def catalog_user_id(self) -> int:
        return CATALOG_USER_ID

    @property
    def store(self) -> SandboxStore:
        self._require()
        assert self._store is not None
        return self._store

    def inject(self, *faults: Fault) -> None:
        """Arm faults for the next ingestion requests (see `composer.services.sandbox.faults`)."""
        self.faults.add(*faults)

    def _require(self) -> _HttpServer:
        if self._httpd is None:
            raise RuntimeError("the sandbox is not running; call start() first")
        return self._httpd
