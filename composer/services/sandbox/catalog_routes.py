"""The handler's routes for the emulated catalog: Alation's REST APIs and a table's page.

A mixin of `SandboxHandler`, apart so the catalog's HTTP side reads in one place and the
handler keeps its ingestion checks; the plumbing it calls (`_send`, `_send_bytes`, `_refuse`,
`_checked_length`, `_read_body`, `_method_not_allowed`) is the handler's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from composer.services.sandbox.page import CONTENT_SECURITY_POLICY
from composer.services.sandbox.replies import Reply, error
from composer.services.sandbox.rest_api import answer as rest_answer
from composer.services.sandbox.table_page import render_table_page

if TYPE_CHECKING:
    from email.message import Message

    from composer.services.sandbox.auth import Needed
    from composer.services.sandbox.state import SandboxState


class CatalogRoutes:
    """`_rest` answers the catalog REST APIs (`rest_api`); `_table_page` a table's `url`."""

    if TYPE_CHECKING:  # provided by SandboxHandler and BaseHTTPRequestHandler
        state: SandboxState
        command: str
        headers: Message

        def _send(self, reply: Reply) -> None: ...
        def _send_bytes(
            self, status: int, content_type: str, payload: bytes, headers: tuple[tuple[str, str], ...] = ()
        ) -> None: ...
        def _refuse(self, needed: Needed, *, allow_basic: bool, scheme: str = "Bearer") -> bool: ...
        def _checked_length(self) -> int | None: ...
        def _read_body(self, length: int) -> bytes | None: ...
        def _method_not_allowed(self, allowed: str) -> None: ...

    def _rest(self, path: str, query: dict[str, str]) -> None:
        """TOKEN auth and Alation's JSON shapes, not the sandbox's own (see `rest_api`)."""
        body = b""
        if self.command == "POST":
            length = self._checked_length()
            raw = self._read_body(length) if length is not None else None
            if raw is None:
                return
            body = raw
        state = self.state
        found = rest_answer(
            state.parts.rest,
            path,
            method=self.command,
            query=query,
            body=body,
            token=self.headers.get("TOKEN"),
            ingest_tokens=(state.token, state.read_only_token),
        )
        self._send_bytes(found.status, found.content_type, found.body)

    def _table_page(self, ident: int) -> None:
        """A table's catalog page (`table_page`), readable like the main page."""
        if self.command not in ("GET", "HEAD"):
            self._method_not_allowed("GET, HEAD")
            return
        if not self.state.loopback_only and self._refuse("read", allow_basic=True, scheme="Basic"):
            return
        html = render_table_page(self.state.parts.rest, ident)
        if html is None:
            self._send(error(404, "not-found", f"the sandbox has no table {ident}"))
            return
        headers = (
            ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
            ("X-Content-Type-Options", "nosniff"),
        )
        self._send_bytes(200, "text/html; charset=utf-8", html.encode("utf-8"), headers)
