"""HTTP for the sandbox: routing, tokens, limits and faults in front of ingest and the API.

Checks run in the order a real deployment applies them: path and method, injected faults (the
load balancer), body size (the proxy's limit, judged from Content-Length before a byte of the
body is read), the token, the content type, and only then the event itself.

Keep-alive matters for speed, so every answer leaves the connection usable: a body that was not
read is drained, or the connection is closed when it is too big or of unknown length.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any, Literal, Protocol, cast
from urllib.parse import parse_qs

from composer import __version__
from composer.core.jsontext import loads_bounded
from composer.services.loopback import is_loopback
from composer.services.sandbox import api
from composer.services.sandbox.auth import Needed, check_access, refusal
from composer.services.sandbox.catalog_routes import CatalogRoutes
from composer.services.sandbox.faults import fault_reply
from composer.services.sandbox.ingest import parse_body, receive
from composer.services.sandbox.page import CONTENT_SECURITY_POLICY, render_page
from composer.services.sandbox.replies import Reply, error
from composer.services.sandbox.rest_api import REST_PATHS
from composer.services.sandbox.state import RequestObserver, RequestRecord, SandboxState
from composer.services.sandbox.table_page import table_id

# The state was defined here before it had a module of its own: `server` still imports it from here.
__all__ = ["INGEST_PATH", "RequestObserver", "RequestRecord", "SandboxHandler", "SandboxState"]

INGEST_PATH = "/open_lineage_event/"
_API_ROUTES: dict[str, dict[str, Needed]] = {
    "/sandbox/api/events": {"GET": "read"},
    "/sandbox/api/lineage": {"GET": "read"},
    "/sandbox/api/datasets": {"GET": "read"},
    "/sandbox/api/reset": {"POST": "write"},
    "/sandbox/api/faults": {"GET": "read", "POST": "write", "DELETE": "write"},
    "/sandbox/api/sources": {"GET": "read", "POST": "write", "DELETE": "write"},
}
_log = logging.getLogger(__name__)


class _StatefulServer(Protocol):
    state: SandboxState


class SandboxHandler(CatalogRoutes, BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Without it every answer waits for the client's delayed ACK.
    disable_nagle_algorithm = True
    server_version = f"LineageComposerSandbox/{__version__}"

    def version_string(self) -> str:
        """The Server header, without the Python version the base class appends."""
        return self.server_version

    def setup(self) -> None:
        self.state = cast(_StatefulServer, self.server).state
        super().setup()
        self.connection.settimeout(self.state.idle_timeout)

    # --- entry points -------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._handle(self._route)

    def do_POST(self) -> None:
        self._handle(self._route)

    def do_PUT(self) -> None:
        self._handle(self._route)

    def do_DELETE(self) -> None:
        self._handle(self._route)

    def do_PATCH(self) -> None:
        self._handle(self._route)

    def do_HEAD(self) -> None:
        self._handle(self._route)

    def do_OPTIONS(self) -> None:
        self._handle(self._route)

    def handle_expect_100(self) -> bool:
        """Refuse an oversized upload before the client sends it, not after."""
        length = self._content_length()
        if isinstance(length, int) and length > self.state.max_body_bytes:
            self._handle(self._too_large)
            return False
        return super().handle_expect_100()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Silenced: the observer gets one redacted line per request instead."""

    def log_message(self, format: str, *args: Any) -> None:
        """Silenced: the base class would print request lines to stderr."""

    # --- plumbing -----------------------------------------------------------------------------

    def _handle(self, route: Callable[[], None]) -> None:
        started = time.perf_counter()
        self._status = 0
        self._body_consumed = False
        try:
            route()
        except OSError:
            self.close_connection = True  # the client went away; nothing left to answer
        except Exception:
            _log.exception("sandbox request %s %s failed", self.command, self.state.redact(self.path))
            self.close_connection = True
            if self._status == 0:
                self._send(error(500, "internal", "the sandbox failed to handle this request; see its log"))
        finally:
            self._report(started)

    def _report(self, started: float) -> None:
        if self.state.observer is None:
            return
        elapsed = (time.perf_counter() - started) * 1000
        client = self.client_address[0] if self.client_address else "-"
        record = RequestRecord(str(client), self.command, self.state.redact(self.path), self._status, elapsed)
        try:
            self.state.observer(record)
        except Exception:  # a broken log line must not break the sandbox
            _log.exception("the sandbox's request observer failed")

    def _content_length(self) -> int | Literal["invalid"] | None:
        if self.headers.get("Transfer-Encoding"):
            return "invalid"
        value = self.headers.get("Content-Length")
        if value is None:
            return None
        value = value.strip()
        return int(value) if value.isdigit() else "invalid"

    def _read_body(self, length: int) -> bytes | None:
        self._body_consumed = True
        body = self.rfile.read(length) if length else b""
        if len(body) < length:
            self.close_connection = True
            return None
        return body

    def _discard_unread_body(self) -> None:
        if self._body_consumed:
            return
        self._body_consumed = True
        length = self._content_length()
        if length == "invalid" or (isinstance(length, int) and length > self.state.max_body_bytes):
            self.close_connection = True
        elif length:
            self.rfile.read(length)

    def _send(self, reply: Reply) -> None:
        payload = json.dumps(reply.body, ensure_ascii=False).encode("utf-8")
        self._send_bytes(reply.status, "application/json; charset=utf-8", payload, reply.headers)

    def _send_bytes(
        self, status: int, content_type: str, payload: bytes, headers: tuple[tuple[str, str], ...] = ()
    ) -> None:
        self._discard_unread_body()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "no-store")
        for name, value in headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
        self._status = status

    def _refuse(self, needed: Needed, *, allow_basic: bool, scheme: str = "Bearer") -> bool:
        """Answer 401/403 and return True when the request's token is not enough for `needed`."""
        state = self.state
        access = check_access(
            self.headers.get("Authorization"), state.token, state.read_only_token, allow_basic=allow_basic
        )
        reply = refusal(access, needed, scheme)
        if reply is not None:
            self._send(reply)
        return reply is not None

    def _host_allowed(self) -> bool:
        """On loopback, only loopback Host names: a DNS-rebinding page cannot read the sandbox."""
        if not self.state.loopback_only:
            return True
        host = self.headers.get("Host")
        if host is None:
            return True
        name = host.strip()
        name = name[1 : name.find("]")] if name.startswith("[") else name.rsplit(":", 1)[0]
        return is_loopback(name)

    # --- routes -------------------------------------------------------------------------------

    def _route(self) -> None:
        path, _, query_text = self.path.partition("?")
        if not self._host_allowed():
            message = "this sandbox only answers requests addressed to a loopback name"
            self._send(error(421, "misdirected", message))
        elif path == INGEST_PATH:
            self._ingest()
        elif path == INGEST_PATH.rstrip("/"):
            message = f"no such endpoint: the ingestion path is {INGEST_PATH}, with the trailing slash"
            self._send(error(404, "not-found", message))
        elif path == "/":
            self._page()
        elif path in _API_ROUTES:
            self._api(path, {k: v[0] for k, v in parse_qs(query_text, keep_blank_values=True).items()})
        elif path in REST_PATHS:
            self._rest(path, {k: v[0] for k, v in parse_qs(query_text, keep_blank_values=True).items()})
        elif table_id(path) is not None:
            self._table_page(table_id(path) or 0)
        else:
            self._send(error(404, "not-found", f"no such endpoint; events go to POST {INGEST_PATH}"))

    def _method_not_allowed(self, allowed: str) -> None:
        self._send(
            error(
                405,
                "method-not-allowed",
                f"{self.command} is not allowed here; use {allowed}",
                headers=(("Allow", allowed),),
            )
        )

    def _too_large(self) -> None:
        message = f"the body is larger than this sandbox's limit of {self.state.max_body_bytes} bytes"
        self._send(error(413, "payload-too-large", message))

    def _checked_length(self) -> int | None:
        """The body's declared length, or None after answering 411/400/413 for it."""
        length = self._content_length()
        if length is None or (length == "invalid" and self.headers.get("Transfer-Encoding")):
            self.close_connection = True
            self._send(error(411, "length-required", "send the body with a Content-Length header"))
            return None
        if length == "invalid":
            self._send(error(400, "bad-request", "the Content-Length header is not a number"))
            return None
        if length > self.state.max_body_bytes:
            self._too_large()
            return None
        return length

    def _ingest(self) -> None:
        if self.command != "POST":
            self._method_not_allowed("POST")
            return
        fault = self.state.parts.faults.take()
        if fault is not None and fault.kind == "drop":
            self.close_connection = True
            return
        if fault is not None and fault.kind == "delay":
            self.state.stopping.wait(fault.delay_ms / 1000)
        elif fault is not None:
            self._send(fault_reply(fault))
            return
        length = self._checked_length()
        if length is None or self._refuse("write", allow_basic=False):
            return
        media_problem = _media_problem(self.headers.get("Content-Type"), self.headers.get("Content-Encoding"))
        if media_problem:
            self._send(error(415, "unsupported-media-type", media_problem))
            return
        body = self._read_body(length)
        if body is not None:
            reply = receive(body, self.state.parts.catalog, self.state.parts.store)
            if reply.status == 200:
                self.state.parts.rest.ingest(loads_bounded(body.decode("utf-8")))  # read by receive: valid
            self._send(reply)

    def _page(self) -> None:
        if self.command not in ("GET", "HEAD"):
            self._method_not_allowed("GET, HEAD")
            return
        if not self.state.loopback_only and self._refuse("read", allow_basic=True, scheme="Basic"):
            return
        html = render_page(self.state.parts, self.state.endpoint_url).encode("utf-8")
        headers = (
            ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
        )
        self._send_bytes(200, "text/html; charset=utf-8", html, headers)

    def _api(self, path: str, query: dict[str, str]) -> None:
        methods = _API_ROUTES[path]
        needed = methods.get(self.command)
        if needed is None:
            self._method_not_allowed(", ".join(methods))
            return
        if self._refuse(needed, allow_basic=True):
            return
        body: Any = None
        if self.command == "POST":
            length = self._checked_length()
            raw = self._read_body(length) if length is not None else None
            if raw is None:
                return
            parsed = parse_body(raw) if raw.strip() else None
            if isinstance(parsed, Reply):
                self._send(parsed)
                return
            body = parsed.value if parsed is not None else None
        self._send(api.dispatch(self.state.parts, path, self.command, query, body))


def _media_problem(content_type: str | None, content_encoding: str | None) -> str | None:
    if content_type is None:
        return "no Content-Type: send Content-Type: application/json"
    media, *params = (part.strip() for part in content_type.split(";"))
    if media.lower() != "application/json":
        return f"Content-Type {media or '(empty)'} is not accepted: send Content-Type: application/json"
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in ("utf-8", "utf8"):
            return f"charset {value.strip()} is not accepted: JSON is sent as UTF-8"
    if content_encoding and content_encoding.strip().lower() != "identity":
        return (
            f"Content-Encoding {content_encoding.strip()} is not accepted: Alation's page documents plain "
            "application/json bodies, so send the event uncompressed"
        )
    return None
